/* hy-purchase-store.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hy-purchase-store"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "hy-change-log.h"
#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-loyalty-private.h"
#include "hy-member-stats-private.h"
#include "hy-member-store-private.h"
#include "hy-money.h"
#include "hy-purchase-store-private.h"
#include "hy-time.h"
#include "hy-uuid.h"

struct _HyPurchaseStore
{
  GObject     parent_instance;

  /* Owned references */
  HyDatabase *db;
};

G_DEFINE_FINAL_TYPE (HyPurchaseStore, hy_purchase_store, G_TYPE_OBJECT)

static void
hy_purchase_store_finalize (GObject *object)
{
  HyPurchaseStore *self = (HyPurchaseStore *)object;

  g_clear_object (&self->db);

  G_OBJECT_CLASS (hy_purchase_store_parent_class)->finalize (object);
}

static void
hy_purchase_store_class_init (HyPurchaseStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hy_purchase_store_finalize;
}

static void
hy_purchase_store_init (HyPurchaseStore *self)
{
}

HyPurchaseStore *
hy_purchase_store_new (HyDatabase *db)
{
  HyPurchaseStore *self;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);

  self = g_object_new (HY_TYPE_PURCHASE_STORE, NULL);
  self->db = g_object_ref (db);
  return self;
}

HyDatabase *
_hy_purchase_store_get_database (HyPurchaseStore *self)
{
  return self->db;
}

void
hy_transaction_free (HyTransaction *transaction)
{
  if (transaction == NULL)
    return;

  g_free (transaction->uid);
  g_free (transaction->channel);
  g_free (transaction->order_no);
  g_free (transaction->note);
  g_free (transaction);
}

/* 64-bit FNV-1a with a final avalanche step: a compact idempotency key for the unique index.
 * The scope keeps imports, checkouts and refunds from ever sharing a key. */
gint64
hy_idempotency_hash (const char *scope,
                     const char *key,
                     gssize      key_len)
{
  guint64 h = 0xcbf29ce484222325ULL;

  for (const char *p = scope; *p != '\0'; p++)
    h = (h ^ (guchar) *p) * 0x100000001b3ULL;
  h = (h ^ 0xff) * 0x100000001b3ULL;
  if (key_len < 0)
    key_len = strlen (key);
  for (gssize i = 0; i < key_len; i++)
    h = (h ^ (guchar) key[i]) * 0x100000001b3ULL;

  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;

  /* 0 means "no key" in the row struct. */
  return h == 0 ? 1 : (gint64) h;
}

gint64
_hy_line_item_amount (const HyLineItem *item)
{
  if (item->amount != 0)
    return item->amount;

  /* unit price x quantity, to the nearest cent; quantities have at most three decimals. */
  return hy_money_mul_div (item->unit_price, (gint64) llround (item->quantity * 1000), 1000);
}

gboolean
_hy_sale_validate (const HySale  *sale,
                   gint64        *out_gross,
                   double        *out_quantity,
                   GError       **error)
{
  gint64 items_total = 0;
  double items_quantity = 0;
  gint64 gross;

  for (guint i = 0; i < sale->n_items; i++)
    {
      const HyLineItem *item = &sale->items[i];

      if (!(item->quantity > 0) || item->quantity > 1e9)
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("Line %u: the quantity must be more than 0"), i + 1);
          return FALSE;
        }
      if (item->unit_price < 0 || item->amount < 0)
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("Line %u: a price cannot be negative; record returns as refunds"), i + 1);
          return FALSE;
        }
      items_total += _hy_line_item_amount (item);
      items_quantity += item->quantity;
    }

  gross = sale->gross;
  if (gross == 0)
    gross = items_total;
  else if (sale->n_items > 0 && gross != items_total)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("The items add up to %lld but the sale says %lld (in cents)"),
                   (long long) items_total, (long long) gross);
      return FALSE;
    }

  if (gross < 0 || sale->discount < 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("A sale cannot have a negative amount; record money going back as a refund"));
      return FALSE;
    }
  if (sale->discount > gross)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("The discount (%lld) is larger than the amount (%lld)"),
                   (long long) sale->discount, (long long) gross);
      return FALSE;
    }

  if (sale->n_payments > 0)
    {
      gint64 paid = 0;

      for (guint i = 0; i < sale->n_payments; i++)
        {
          if (sale->payments[i].method == NULL || sale->payments[i].method[0] == '\0' ||
              sale->payments[i].amount < 0)
            {
              g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                           _("Payment %u needs a method and an amount of at least 0"), i + 1);
              return FALSE;
            }
          paid += sale->payments[i].amount;
        }
      if (paid != gross - sale->discount)
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("The payments add up to %lld but %lld is due (in cents)"),
                       (long long) paid, (long long) (gross - sale->discount));
          return FALSE;
        }
    }

  *out_gross = gross;
  *out_quantity = sale->quantity != 0 ? sale->quantity : items_quantity;
  return TRUE;
}

gint64
_hy_transaction_find_idem (HyDatabase *db,
                           gint64      idem)
{
  static const char select_idem[] = "SELECT id FROM transactions WHERE idem = ?1";
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

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           column,
                   const char   *text)
{
  if (text != NULL && text[0] != '\0')
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, column);
}

/* The inserts below bind their text and blobs without a copy (SQLITE_STATIC): each is used by
 * the step in the same call, and the next use of the cached statement clears the bindings. */
gint64
_hy_transaction_insert (HyDatabase              *db,
                        const HyTransactionRow  *row,
                        GError                 **error)
{
  static const char insert_transaction[] =
    "INSERT INTO transactions (uid, kind, member_id, store_id, occurred_at, gross, discount, net,"
    "                          quantity, channel, order_no, refund_of, idem, note, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
    " ON CONFLICT DO NOTHING";
  sqlite3 *handle = _hy_database_get_handle (db);
  sqlite3_stmt *stmt;
  guint8 uid[16];
  gint64 id;

  if (row->uid != NULL)
    memcpy (uid, row->uid, sizeof uid);
  else
    hy_uuid_generate (uid);
  if (!(stmt = _hy_database_prepare (db, insert_transaction, error)))
    return -1;
  sqlite3_bind_blob (stmt, 1, uid, sizeof uid, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, row->kind);
  if (row->member_id > 0)
    sqlite3_bind_int64 (stmt, 3, row->member_id);
  sqlite3_bind_int64 (stmt, 4, row->store_id);
  sqlite3_bind_int64 (stmt, 5, row->occurred_at);
  sqlite3_bind_int64 (stmt, 6, row->gross);
  sqlite3_bind_int64 (stmt, 7, row->discount);
  sqlite3_bind_int64 (stmt, 8, row->gross - row->discount);
  if (row->has_quantity)
    sqlite3_bind_double (stmt, 9, row->quantity);
  sqlite3_bind_text (stmt, 10, row->channel != NULL ? row->channel : "", -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 11, row->order_no);
  if (row->refund_of > 0)
    sqlite3_bind_int64 (stmt, 12, row->refund_of);
  if (row->idem != 0)
    sqlite3_bind_int64 (stmt, 13, row->idem);
  sqlite3_bind_text (stmt, 14, row->note != NULL ? row->note : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 15, hy_time_now ());
  if (!_hy_database_step_done (db, stmt, error))
    return -1;

  if (sqlite3_changes (handle) == 0)
    return 0;

  id = sqlite3_last_insert_rowid (handle);
  if (!_hy_change_log_append (db, HY_ENTITY_TRANSACTION, id, HY_CHANGE_INSERT, error))
    return -1;

  return id;
}

gboolean
_hy_transaction_insert_item (HyDatabase        *db,
                             gint64             transaction_id,
                             guint              line,
                             const HyLineItem  *item,
                             GError           **error)
{
  static const char insert_item[] =
    "INSERT INTO transaction_items (transaction_id, line, sku, name, category, quantity,"
    "                               unit_price, amount)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
  sqlite3_stmt *stmt;

  if (!(stmt = _hy_database_prepare (db, insert_item, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, transaction_id);
  sqlite3_bind_int (stmt, 2, line);
  sqlite3_bind_text (stmt, 3, item->sku != NULL ? item->sku : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, item->name != NULL ? item->name : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, item->category != NULL ? item->category : "", -1, SQLITE_STATIC);
  sqlite3_bind_double (stmt, 6, item->quantity);
  sqlite3_bind_int64 (stmt, 7, item->unit_price);
  sqlite3_bind_int64 (stmt, 8, _hy_line_item_amount (item));
  return _hy_database_step_done (db, stmt, error);
}

gboolean
_hy_transaction_insert_payments (HyDatabase       *db,
                 gint64            transaction_id,
                 const HyPayment  *payments,
                 guint             n_payments,
                 GError          **error)
{
  static const char insert_payment[] =
    "INSERT INTO transaction_payments (transaction_id, method, amount) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (transaction_id, method) DO UPDATE SET amount = amount + excluded.amount";

  for (guint i = 0; i < n_payments; i++)
    {
      sqlite3_stmt *stmt = _hy_database_prepare (db, insert_payment, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, transaction_id);
      sqlite3_bind_text (stmt, 2, payments[i].method, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, payments[i].amount);
      if (!_hy_database_step_done (db, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
store_exists (HyDatabase *db,
              gint64      store_id)
{
  static const char select_store[] = "SELECT 1 FROM stores WHERE id = ?1";
  sqlite3_stmt *stmt = _hy_database_prepare (db, select_store, NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, store_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  return found;
}

/* Writes the sale and keeps the member's figures current, inside the caller's transaction. */
static gint64
write_sale (HyDatabase    *db,
            const HySale  *sale,
            gboolean      *out_replayed,
            GError       **error)
{
  HyTransactionRow row = { 0 };
  HyMemberStats stats;
  gboolean same_day = FALSE;
  gint64 id;

  if (!_hy_sale_validate (sale, &row.gross, &row.quantity, error))
    return -1;

  row.kind = HY_TRANSACTION_SALE;
  row.has_quantity = row.quantity != 0;
  row.discount = sale->discount;
  row.occurred_at = sale->occurred_at != 0 ? sale->occurred_at : hy_time_now ();
  row.store_id = sale->store_id != 0 ? sale->store_id : hy_database_get_default_store (db);
  row.channel = sale->channel;
  row.order_no = sale->order_no;
  row.note = sale->note;
  if (sale->idempotency_key != NULL)
    row.idem = hy_idempotency_hash ("sale", sale->idempotency_key, -1);

  if (row.idem != 0 && (id = _hy_transaction_find_idem (db, row.idem)) != 0)
    {
      *out_replayed = TRUE;
      return id;
    }

  if (!store_exists (db, row.store_id))
    {
      g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND,
                   _("There is no store #%lld"), (long long) row.store_id);
      return -1;
    }

  if (sale->member_id != 0)
    {
      /* A till may still hold the id of a record merged since: the sale goes to the survivor. */
      row.member_id = _hy_member_resolve (db, sale->member_id);
      if (row.member_id == 0)
        {
          g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND,
                       _("There is no member #%lld"), (long long) sale->member_id);
          return -1;
        }
      if (!_hy_member_stats_load (db, row.member_id, &stats, error) ||
          !_hy_member_stats_has_sale_on_day (db, row.member_id, &stats, row.occurred_at,
                                             &same_day, error))
        return -1;
    }

  id = _hy_transaction_insert (db, &row, error);
  if (id <= 0)
    return -1;

  for (guint i = 0; i < sale->n_items; i++)
    if (!_hy_transaction_insert_item (db, id, i + 1, &sale->items[i], error))
      return -1;

  if (!_hy_transaction_insert_payments (db, id, sale->payments, sale->n_payments, error))
    return -1;

  if (row.member_id != 0)
    {
      _hy_member_stats_add_sale (&stats, hy_database_get_time_zone (db), row.occurred_at,
                                 row.gross - row.discount, row.quantity, same_day);
      if (!_hy_member_stats_store (db, row.member_id, &stats, error) ||
          !_hy_points_pay_referral (db, row.member_id, id, row.occurred_at, error))
        return -1;
    }

  return id;
}

/**
 * hy_purchase_store_record_sale:
 * @sale: the sale; see #HySale for the defaults
 * @out_replayed: (out) (optional): set to %TRUE when the idempotency key was seen before and the
 *   first sale's id is returned without writing anything
 *
 * Records a sale with its items and payments and updates the member's figures, all in one
 * transaction.
 *
 * Returns: the transaction id, or -1 with @error set (and nothing written)
 */
gint64
hy_purchase_store_record_sale (HyPurchaseStore  *self,
                               const HySale     *sale,
                               gboolean         *out_replayed,
                               GError          **error)
{
  gboolean replayed = FALSE;
  gint64 id;

  g_return_val_if_fail (HY_IS_PURCHASE_STORE (self), -1);
  g_return_val_if_fail (sale != NULL, -1);

  if (!hy_database_begin (self->db, error))
    return -1;

  id = write_sale (self->db, sale, &replayed, error);
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

static HyTransaction *
transaction_from_row (sqlite3_stmt *stmt)
{
  HyTransaction *t = g_new0 (HyTransaction, 1);
  char uid[HY_UUID_STRING_LEN + 1] = "";

  t->id = sqlite3_column_int64 (stmt, 0);
  if (sqlite3_column_bytes (stmt, 1) == 16)
    hy_uuid_to_string (sqlite3_column_blob (stmt, 1), uid);
  t->uid = g_strdup (uid);
  t->kind = sqlite3_column_int (stmt, 2);
  t->member_id = sqlite3_column_int64 (stmt, 3);
  t->store_id = sqlite3_column_int64 (stmt, 4);
  t->occurred_at = sqlite3_column_int64 (stmt, 5);
  t->gross = sqlite3_column_int64 (stmt, 6);
  t->discount = sqlite3_column_int64 (stmt, 7);
  t->net = sqlite3_column_int64 (stmt, 8);
  t->quantity = sqlite3_column_double (stmt, 9);
  t->channel = g_strdup (_hy_column_text (stmt, 10));
  t->order_no = g_strdup (_hy_column_text (stmt, 11));
  t->note = g_strdup (_hy_column_text (stmt, 12));
  t->refund_of = sqlite3_column_int64 (stmt, 13);
  t->refunded = -sqlite3_column_int64 (stmt, 14);

  return t;
}

#define SELECT_TRANSACTION_COLUMNS \
  "SELECT t.id, t.uid, t.kind, coalesce (t.member_id, 0), coalesce (t.store_id, 0)," \
  "       t.occurred_at, t.gross, t.discount, t.net, coalesce (t.quantity, 0), t.channel," \
  "       t.order_no, t.note, coalesce (t.refund_of, 0)," \
  "       (SELECT coalesce (sum (r.net), 0) FROM transactions r WHERE r.refund_of = t.id)" \
  "  FROM transactions t "

HyTransaction *
hy_purchase_store_load (HyPurchaseStore  *self,
                        gint64            transaction_id,
                        GError          **error)
{
  static const char select_one[] = SELECT_TRANSACTION_COLUMNS "WHERE t.id = ?1";
  HyTransaction *t = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HY_IS_PURCHASE_STORE (self), NULL);

  if (!(stmt = _hy_database_prepare (self->db, select_one, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, transaction_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    t = transaction_from_row (stmt);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND,
                 _("There is no transaction #%lld"), (long long) transaction_id);
  else if (rc != SQLITE_ROW)
    _hy_database_set_error (self->db, rc, error, _("Could not read a transaction"));

  return t;
}

/**
 * hy_purchase_store_list_for_member:
 * @limit: the most rows, newest first; 0 for all
 *
 * Returns: (transfer full) (element-type HyTransaction): the member's sales and refunds
 */
GPtrArray *
hy_purchase_store_list_for_member (HyPurchaseStore  *self,
                                   gint64            member_id,
                                   guint             limit,
                                   GError          **error)
{
  static const char select_member[] =
    SELECT_TRANSACTION_COLUMNS "WHERE t.member_id = ?1 ORDER BY t.occurred_at DESC, t.id DESC LIMIT ?2";
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_transaction_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HY_IS_PURCHASE_STORE (self), NULL);

  if (!(stmt = _hy_database_prepare (self->db, select_member, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, _hy_member_resolve (self->db, member_id));
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, transaction_from_row (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (self->db, rc, error, _("Could not read the purchases"));
      return NULL;
    }

  return g_steal_pointer (&rows);
}

gint64
hy_purchase_store_get_refundable (HyPurchaseStore  *self,
                                  gint64            sale_id,
                                  GError          **error)
{
  g_autoptr(HyTransaction) sale = NULL;

  g_return_val_if_fail (HY_IS_PURCHASE_STORE (self), -1);

  if (!(sale = hy_purchase_store_load (self, sale_id, error)))
    return -1;
  if (sale->kind != HY_TRANSACTION_SALE)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("Transaction #%lld is a refund, not a sale"), (long long) sale_id);
      return -1;
    }

  return sale->net - sale->refunded;
}
