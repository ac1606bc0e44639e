/* hy-stored-value-ledger.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stored value (储值): top-ups with a bonus, principal and bonus kept apart, spending in the
 * order the store chose, statements.  Append-only, one idempotency key per write.
 * Settings (with their defaults):
 *   stored_value.bonus_rules = "100000:10000"   top up at least 1000.00, get 100.00 (充1000送100);
 *                                                "50000:3000;100000:10000": the largest threshold
 *                                                reached applies, once per top-up
 *   stored_value.spend_order = "proportional"   or "principal_first", "bonus_first"
 */

#define G_LOG_DOMAIN "hy-stored-value"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hy-change-log.h"
#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-loyalty-private.h"
#include "hy-money.h"
#include "hy-purchase-store.h"
#include "hy-stored-value-ledger.h"
#include "hy-time.h"
#include "hy-uuid.h"

struct _HyStoredValueLedger
{
  GObject     parent_instance;

  /* Owned references */
  HyDatabase *db;
};

G_DEFINE_FINAL_TYPE (HyStoredValueLedger, hy_stored_value_ledger, G_TYPE_OBJECT)

static void
hy_stored_value_ledger_finalize (GObject *object)
{
  HyStoredValueLedger *self = (HyStoredValueLedger *)object;

  g_clear_object (&self->db);

  G_OBJECT_CLASS (hy_stored_value_ledger_parent_class)->finalize (object);
}

static void
hy_stored_value_ledger_class_init (HyStoredValueLedgerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hy_stored_value_ledger_finalize;
}

static void
hy_stored_value_ledger_init (HyStoredValueLedger *self)
{
}

HyStoredValueLedger *
hy_stored_value_ledger_new (HyDatabase *db)
{
  HyStoredValueLedger *self;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);

  self = g_object_new (HY_TYPE_STORED_VALUE_LEDGER, NULL);
  self->db = g_object_ref (db);
  return self;
}

void
hy_stored_value_entry_free (HyStoredValueEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->method);
  g_free (entry->reason);
  g_free (entry);
}

const char *
hy_stored_value_kind_to_string (HyStoredValueKind kind)
{
  static const char * const names[] = { NULL, "top-up", "spend", "return", "adjust" };

  if (kind < HY_STORED_VALUE_TOP_UP || kind > HY_STORED_VALUE_ADJUST)
    return "unknown";
  return names[kind];
}

static gint64
find_idem (HyDatabase *db,
           gint64      idem)
{
  static const char select_idem[] = "SELECT id FROM stored_value_ledger WHERE idem = ?1";
  sqlite3_stmt *stmt = _hy_database_prepare (db, select_idem, NULL);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, idem);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return id;
}

/* Inserts one entry and moves both balances by as much, inside the caller's transaction.  The
 * CHECKs on member_balances refuse any overdraft. */
gint64
_hy_stored_value_post (HyDatabase               *db,
                       const HyStoredValuePost  *post,
                       gboolean                 *out_replayed,
                       GError                  **error)
{
  static const char insert_entry[] =
    "INSERT INTO stored_value_ledger (uid, member_id, kind, principal, bonus, occurred_at, method,"
    "                                 transaction_id, reason, idem, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
  static const char add_balance[] =
    "UPDATE member_balances SET sv_principal = sv_principal + ?2, sv_bonus = sv_bonus + ?3"
    " WHERE member_id = ?1";
  sqlite3_stmt *stmt;
  guint8 uid[16];
  gint64 id;

  g_assert (_hy_database_in_transaction (db));

  if ((id = find_idem (db, post->idem)) != 0)
    {
      *out_replayed = TRUE;
      return id;
    }

  hy_uuid_generate (uid);
  if (!(stmt = _hy_database_prepare (db, insert_entry, error)))
    return -1;
  sqlite3_bind_blob (stmt, 1, uid, sizeof uid, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, post->member_id);
  sqlite3_bind_int (stmt, 3, post->kind);
  sqlite3_bind_int64 (stmt, 4, post->principal);
  sqlite3_bind_int64 (stmt, 5, post->bonus);
  sqlite3_bind_int64 (stmt, 6, post->occurred_at);
  sqlite3_bind_text (stmt, 7, post->method != NULL ? post->method : "", -1, SQLITE_TRANSIENT);
  if (post->transaction_id > 0)
    sqlite3_bind_int64 (stmt, 8, post->transaction_id);
  sqlite3_bind_text (stmt, 9, post->reason != NULL ? post->reason : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 10, post->idem);
  sqlite3_bind_int64 (stmt, 11, hy_time_now ());
  if (!_hy_database_step_done (db, stmt, error))
    return -1;
  id = sqlite3_last_insert_rowid (_hy_database_get_handle (db));

  if (!_hy_balances_ensure (db, post->member_id, error) ||
      !(stmt = _hy_database_prepare (db, add_balance, error)))
    return -1;
  sqlite3_bind_int64 (stmt, 1, post->member_id);
  sqlite3_bind_int64 (stmt, 2, post->principal);
  sqlite3_bind_int64 (stmt, 3, post->bonus);
  if (!_hy_database_step_done (db, stmt, error) ||
      !_hy_change_log_append (db, HY_ENTITY_STORED_VALUE_ENTRY, id, HY_CHANGE_INSERT, error))
    return -1;

  return id;
}

static HySpendOrder
spend_order (HyDatabase *db)
{
  g_autofree char *order = hy_database_dup_setting (db, "stored_value.spend_order");

  if (order != NULL && g_str_equal (order, "principal_first"))
    return HY_SPEND_PRINCIPAL_FIRST;
  if (order != NULL && g_str_equal (order, "bonus_first"))
    return HY_SPEND_BONUS_FIRST;
  return HY_SPEND_PROPORTIONAL;
}

/* Splits a payment of @amount into principal and bonus under the spend order.  Proportional
 * rounds the bonus part half away from zero (hy_money_mul_div); both parts stay within their
 * balances. */
gboolean
_hy_stored_value_split (HyDatabase  *db,
                        gint64       member_id,
                        gint64       amount,
                        gint64      *out_principal,
                        gint64      *out_bonus,
                        GError     **error)
{
  gint64 principal = 0, bonus = 0, total;

  if (!_hy_balances_load (db, member_id, NULL, &principal, &bonus, error))
    return FALSE;

  total = principal + bonus;
  if (amount > total)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("The stored value holds %lld.%02lld, not enough to pay %lld.%02lld"),
                   (long long) (total / 100), (long long) (total % 100),
                   (long long) (amount / 100), (long long) (amount % 100));
      return FALSE;
    }

  switch (spend_order (db))
    {
    case HY_SPEND_PRINCIPAL_FIRST:
      *out_principal = MIN (amount, principal);
      *out_bonus = amount - *out_principal;
      break;

    case HY_SPEND_BONUS_FIRST:
      *out_bonus = MIN (amount, bonus);
      *out_principal = amount - *out_bonus;
      break;

    case HY_SPEND_PROPORTIONAL:
    default:
      *out_bonus = total > 0 ? hy_money_mul_div (amount, bonus, total) : 0;
      *out_principal = amount - *out_bonus;
      break;
    }

  return TRUE;
}

/* "100000:10000;50000:3000": the bonus of the largest threshold @amount reaches. */
gint64
hy_stored_value_ledger_compute_bonus (HyStoredValueLedger *self,
                                      gint64               amount)
{
  g_autofree char *rules = NULL;
  g_auto(GStrv) parts = NULL;
  gint64 best_threshold = -1, bonus = 0;

  g_return_val_if_fail (HY_IS_STORED_VALUE_LEDGER (self), 0);

  rules = hy_database_dup_setting (self->db, "stored_value.bonus_rules");
  if (rules == NULL)
    rules = g_strdup ("100000:10000");

  parts = g_strsplit_set (rules, ";,", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *colon = strchr (parts[i], ':');
      gint64 threshold;

      if (colon == NULL)
        continue;
      threshold = g_ascii_strtoll (parts[i], NULL, 10);
      if (threshold > 0 && amount >= threshold && threshold > best_threshold)
        {
          best_threshold = threshold;
          bonus = MAX (0, g_ascii_strtoll (colon + 1, NULL, 10));
        }
    }

  return bonus;
}

static gint64
post_in_transaction (HyStoredValueLedger  *self,
                     HyStoredValuePost    *post,
                     gint64                spend,
                     gboolean             *out_replayed,
                     GError              **error)
{
  gboolean replayed = FALSE;
  gint64 id = -1;

  if (!hy_database_begin (self->db, error))
    return -1;

  if ((post->member_id = _hy_loyalty_require_member (self->db, post->member_id, error)) != 0)
    {
      if ((id = find_idem (self->db, post->idem)) != 0)
        replayed = TRUE;
      else if (spend > 0 && !_hy_stored_value_split (self->db, post->member_id, spend,
                                                     &post->principal, &post->bonus, error))
        id = -1;
      else
        {
          if (spend > 0)
            {
              post->principal = -post->principal;
              post->bonus = -post->bonus;
            }
          id = _hy_stored_value_post (self->db, post, &replayed, error);
        }
    }

  if (id < 0)
    {
      hy_database_rollback (self->db);
      return -1;
    }
  if (!hy_database_commit (self->db, error))
    return -1;

  if (out_replayed != NULL)
    *out_replayed = replayed;
  return id;
}

static gboolean
check_key_and_amount (const char  *key,
                      gint64       amount,
                      GError     **error)
{
  if (key == NULL || key[0] == '\0')
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("Every change to stored value needs an idempotency key, so that a retry never posts twice"));
      return FALSE;
    }
  if (amount <= 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("The amount must be more than 0"));
      return FALSE;
    }
  return TRUE;
}

/**
 * hy_stored_value_ledger_top_up:
 * @amount: what the member pays, in minor units; all of it is principal
 * @method: how they paid (cash, wechat, ...)
 * @out_bonus: (out) (optional): the bonus the rules gave
 *
 * Returns: the entry id, or -1 with @error
 */
gint64
hy_stored_value_ledger_top_up (HyStoredValueLedger  *self,
                               gint64                member_id,
                               gint64                amount,
                               const char           *method,
                               const char           *idempotency_key,
                               gint64               *out_bonus,
                               gboolean             *out_replayed,
                               GError              **error)
{
  HyStoredValuePost post = { 0 };

  g_return_val_if_fail (HY_IS_STORED_VALUE_LEDGER (self), -1);

  if (!check_key_and_amount (idempotency_key, amount, error))
    return -1;

  post.member_id = member_id;
  post.kind = HY_STORED_VALUE_TOP_UP;
  post.principal = amount;
  post.bonus = hy_stored_value_ledger_compute_bonus (self, amount);
  post.occurred_at = hy_time_now ();
  post.method = method;
  post.idem = hy_idempotency_hash ("stored-value", idempotency_key, -1);
  if (out_bonus != NULL)
    *out_bonus = post.bonus;

  return post_in_transaction (self, &post, 0, out_replayed, error);
}

/**
 * hy_stored_value_ledger_spend:
 *
 * Pays @amount from stored value outside a checkout (at a checkout, stored value pays through
 * hy_checkout_run()).
 *
 * Returns: the entry id, or -1 with @error (and nothing written) when the balance is short
 */
gint64
hy_stored_value_ledger_spend (HyStoredValueLedger  *self,
                              gint64                member_id,
                              gint64                amount,
                              const char           *reason,
                              const char           *idempotency_key,
                              gboolean             *out_replayed,
                              GError              **error)
{
  HyStoredValuePost post = { 0 };

  g_return_val_if_fail (HY_IS_STORED_VALUE_LEDGER (self), -1);

  if (!check_key_and_amount (idempotency_key, amount, error))
    return -1;

  post.member_id = member_id;
  post.kind = HY_STORED_VALUE_SPEND;
  post.occurred_at = hy_time_now ();
  post.reason = reason;
  post.idem = hy_idempotency_hash ("stored-value", idempotency_key, -1);

  return post_in_transaction (self, &post, amount, out_replayed, error);
}

gboolean
hy_stored_value_ledger_get_balance (HyStoredValueLedger   *self,
                                    gint64                 member_id,
                                    HyStoredValueBalance  *out,
                                    GError               **error)
{
  gint64 resolved;

  g_return_val_if_fail (HY_IS_STORED_VALUE_LEDGER (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!(resolved = _hy_loyalty_require_member (self->db, member_id, error)) ||
      !_hy_balances_load (self->db, resolved, NULL, &out->principal, &out->bonus, error))
    return FALSE;

  out->total = out->principal + out->bonus;
  return TRUE;
}

/**
 * hy_stored_value_ledger_list_entries:
 *
 * Returns: (transfer full) (element-type HyStoredValueEntry): the statement, oldest first
 */
GPtrArray *
hy_stored_value_ledger_list_entries (HyStoredValueLedger  *self,
                                     gint64                member_id,
                                     GError              **error)
{
  static const char select_entries[] =
    "SELECT id, kind, principal, bonus, occurred_at, coalesce (transaction_id, 0), method, reason"
    "  FROM stored_value_ledger WHERE member_id = ?1 ORDER BY id";
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_stored_value_entry_free);
  gint64 resolved, principal = 0, bonus = 0;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HY_IS_STORED_VALUE_LEDGER (self), NULL);

  if (!(resolved = _hy_loyalty_require_member (self->db, member_id, error)) ||
      !(stmt = _hy_database_prepare (self->db, select_entries, error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, resolved);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HyStoredValueEntry *entry = g_new0 (HyStoredValueEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->kind = sqlite3_column_int (stmt, 1);
      entry->principal = sqlite3_column_int64 (stmt, 2);
      entry->bonus = sqlite3_column_int64 (stmt, 3);
      entry->occurred_at = sqlite3_column_int64 (stmt, 4);
      entry->transaction_id = sqlite3_column_int64 (stmt, 5);
      entry->method = g_strdup (_hy_column_text (stmt, 6));
      entry->reason = g_strdup (_hy_column_text (stmt, 7));
      principal += entry->principal;
      bonus += entry->bonus;
      entry->principal_after = principal;
      entry->bonus_after = bonus;
      g_ptr_array_add (entries, entry);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (self->db, rc, error, _("Could not read the stored value"));
      return NULL;
    }

  return g_steal_pointer (&entries);
}
