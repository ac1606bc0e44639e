/* hy-coupon-store.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Coupon templates, issued coupons and their printable codes (DESIGN section 3).  A code is ten
 * random digits and a Luhn check digit, so that a mistyped digit or two swapped neighbours are
 * caught at the till before the database is asked.  Issuing to a list of members is one
 * transaction: every member gets the coupon or nobody does.  A void is audited.
 */

#define G_LOG_DOMAIN "hy-coupon"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "hy-audit-log-private.h"
#include "hy-coupon-private.h"
#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-loyalty-private.h"
#include "hy-purchase-store.h"
#include "hy-time.h"
#include "hy-uuid.h"

#define CODE_RANDOM_DIGITS 10

struct _HyCouponStore
{
  GObject     parent_instance;

  /* Owned references */
  HyDatabase *db;
};

G_DEFINE_FINAL_TYPE (HyCouponStore, hy_coupon_store, G_TYPE_OBJECT)

static const char * const kind_names[] = { NULL, "threshold", "percent", "amount", "gift" };
static const char * const state_names[] = { "issued", "redeemed", "void" };

static void
hy_coupon_store_finalize (GObject *object)
{
  HyCouponStore *self = (HyCouponStore *)object;

  g_clear_object (&self->db);

  G_OBJECT_CLASS (hy_coupon_store_parent_class)->finalize (object);
}

static void
hy_coupon_store_class_init (HyCouponStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hy_coupon_store_finalize;
}

static void
hy_coupon_store_init (HyCouponStore *self)
{
}

HyCouponStore *
hy_coupon_store_new (HyDatabase *db)
{
  HyCouponStore *self;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);

  self = g_object_new (HY_TYPE_COUPON_STORE, NULL);
  self->db = g_object_ref (db);
  return self;
}

HyDatabase *
_hy_coupon_store_get_database (HyCouponStore *self)
{
  return self->db;
}

HyCouponTemplate *
hy_coupon_template_new (void)
{
  HyCouponTemplate *tmpl = g_new0 (HyCouponTemplate, 1);

  tmpl->kind = HY_COUPON_THRESHOLD_OFF;
  tmpl->name = g_strdup ("");
  tmpl->category = g_strdup ("");
  return tmpl;
}

void
hy_coupon_template_free (HyCouponTemplate *tmpl)
{
  if (tmpl == NULL)
    return;
  g_free (tmpl->name);
  g_free (tmpl->category);
  g_free (tmpl);
}

void
hy_coupon_use_free (HyCouponUse *use)
{
  if (use == NULL)
    return;
  g_free (use->code);
  g_free (use->name);
  g_free (use->reason);
  g_free (use);
}

void
hy_coupon_free (HyCoupon *coupon)
{
  if (coupon == NULL)
    return;
  g_free (coupon->template_name);
  g_free (coupon->code);
  g_free (coupon->void_reason);
  g_free (coupon);
}

const char *
hy_coupon_kind_to_string (HyCouponKind kind)
{
  g_return_val_if_fail (kind >= HY_COUPON_THRESHOLD_OFF && kind <= HY_COUPON_GIFT, NULL);
  return kind_names[kind];
}

gboolean
hy_coupon_kind_from_string (const char   *text,
                            HyCouponKind *out)
{
  for (guint i = HY_COUPON_THRESHOLD_OFF; text != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (g_str_equal (text, kind_names[i]))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
hy_coupon_state_to_string (HyCouponState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_names), NULL);
  return state_names[state];
}

/* The Luhn digit that makes @digits + it pass the Luhn check. */
char
hy_coupon_code_check_digit (const char *digits)
{
  gsize len = strlen (digits);
  int sum = 0;

  for (gsize i = 0; i < len; i++)
    {
      int d = digits[len - 1 - i] - '0';

      /* The digit next to the check digit is doubled, and every second one from there. */
      if (i % 2 == 0)
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }

  return '0' + (10 - sum % 10) % 10;
}

/**
 * hy_coupon_code_normalize:
 * @text: a code as typed: "1234 5678 903" or "1234-5678-903"
 *
 * Returns: (transfer full): the 11 digits, or NULL with HY_ERROR_INVALID when the text is not a
 *   code or its check digit does not match (a typo)
 */
char *
hy_coupon_code_normalize (const char  *text,
                          GError     **error)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  char check;

  g_return_val_if_fail (text != NULL, NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != ' ' && *p != '-')
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("“%s” is not a coupon code: a code has only digits"), text);
          return NULL;
        }
    }

  if (digits->len != CODE_RANDOM_DIGITS + 1)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("“%s” is not a coupon code: a code has %d digits, not %u"),
                   text, CODE_RANDOM_DIGITS + 1, (guint) digits->len);
      return NULL;
    }

  check = digits->str[digits->len - 1];
  g_string_truncate (digits, digits->len - 1);
  if (hy_coupon_code_check_digit (digits->str) != check)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("“%s” is not a valid coupon code: the check digit does not match; look for a mistyped digit"),
                   text);
      return NULL;
    }

  g_string_append_c (digits, check);
  return g_string_free (g_steal_pointer (&digits), FALSE);
}

static char *
generate_code (void)
{
  char digits[CODE_RANDOM_DIGITS + 2];

  for (guint i = 0; i < CODE_RANDOM_DIGITS; i++)
    digits[i] = '0' + randombytes_uniform (10);
  digits[CODE_RANDOM_DIGITS] = '\0';
  digits[CODE_RANDOM_DIGITS] = hy_coupon_code_check_digit (digits);
  digits[CODE_RANDOM_DIGITS + 1] = '\0';
  return g_strdup (digits);
}

#define COUPON_COLUMNS \
  "c.id, c.template_id, t.name, c.member_id, c.code, c.issued_at, c.valid_from, c.valid_until," \
  " c.state, coalesce (c.transaction_id, 0), c.saving, coalesce (c.voided_at, 0), c.void_reason"

HyCoupon *
_hy_coupon_from_row (sqlite3_stmt *stmt)
{
  HyCoupon *coupon = g_new0 (HyCoupon, 1);

  coupon->id = sqlite3_column_int64 (stmt, 0);
  coupon->template_id = sqlite3_column_int64 (stmt, 1);
  coupon->template_name = g_strdup (_hy_column_text (stmt, 2));
  coupon->member_id = sqlite3_column_int64 (stmt, 3);
  coupon->code = g_strdup (_hy_column_text (stmt, 4));
  coupon->issued_at = sqlite3_column_int64 (stmt, 5);
  coupon->valid_from = sqlite3_column_int64 (stmt, 6);
  coupon->valid_until = sqlite3_column_int64 (stmt, 7);
  coupon->state = sqlite3_column_int (stmt, 8);
  coupon->transaction_id = sqlite3_column_int64 (stmt, 9);
  coupon->saving = sqlite3_column_int64 (stmt, 10);
  coupon->voided_at = sqlite3_column_int64 (stmt, 11);
  coupon->void_reason = g_strdup (_hy_column_text (stmt, 12));
  return coupon;
}

/* The coupon @code, or with @code NULL the one with @idem; NULL without error when none. */
static HyCoupon *
load_coupon (HyDatabase  *db,
             const char  *code,
             gint64       idem,
             GError     **error)
{
  static const char select_by_code[] =
    "SELECT " COUPON_COLUMNS " FROM coupons c JOIN coupon_templates t ON t.id = c.template_id"
    " WHERE c.code = ?1";
  static const char select_by_idem[] =
    "SELECT " COUPON_COLUMNS " FROM coupons c JOIN coupon_templates t ON t.id = c.template_id"
    " WHERE c.idem = ?1";
  HyCoupon *coupon = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hy_database_prepare (db, code != NULL ? select_by_code : select_by_idem, error)))
    return NULL;
  if (code != NULL)
    sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, 1, idem);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    coupon = _hy_coupon_from_row (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _hy_database_set_error (db, rc, error, _("Could not read the coupon"));

  return coupon;
}

/* Issued at @at: from then, or the fixed start, to the fixed end or the end of the Nth day. */
static void
validity_of (HyDatabase              *db,
             const HyCouponTemplate  *tmpl,
             gint64                   at,
             gint64                  *from,
             gint64                  *until)
{
  *from = MAX (at, tmpl->valid_from);
  *until = G_MAXINT64;
  if (tmpl->valid_until != 0)
    *until = tmpl->valid_until;
  if (tmpl->valid_days > 0)
    {
      GTimeZone *tz = hy_database_get_time_zone (db);

      *until = MIN (*until, hy_time_day_start (tz, hy_time_local_day (tz, at) + tmpl->valid_days));
    }
}

static gint64
count_held (HyDatabase *db,
            gint64      template_id,
            gint64      member_id)
{
  static const char count_coupons[] =
    "SELECT count(*) FROM coupons WHERE template_id = ?1 AND member_id = ?2 AND state <> 2";
  sqlite3_stmt *stmt = _hy_database_prepare (db, count_coupons, NULL);
  gint64 n = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, template_id);
  sqlite3_bind_int64 (stmt, 2, member_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static HyCoupon *
issue_one (HyDatabase              *db,
           const HyCouponTemplate  *tmpl,
           gint64                   member_id,
           const char              *key,
           GError                 **error)
{
  static const char insert_coupon[] =
    "INSERT INTO coupons (uid, template_id, member_id, code, issued_at, valid_from, valid_until, idem)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
  g_autofree char *member_key = g_strdup_printf ("%s/%lld", key, (long long) member_id);
  g_autoptr(GError) local_error = NULL;
  HyCoupon *existing;
  gint64 idem = hy_idempotency_hash ("coupon", member_key, -1);
  gint64 at = hy_time_now (), from, until, resolved;

  if ((existing = load_coupon (db, NULL, idem, &local_error)) != NULL || local_error != NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return existing;
    }

  if (!(resolved = _hy_loyalty_require_member (db, member_id, error)))
    return NULL;
  if (tmpl->per_member_limit > 0 && count_held (db, tmpl->id, resolved) >= tmpl->per_member_limit)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_CONFLICT,
                   _("Member #%lld already has %d of “%s”, as many as one member may have"),
                   (long long) member_id, tmpl->per_member_limit, tmpl->name);
      return NULL;
    }

  validity_of (db, tmpl, at, &from, &until);
  if (until <= at)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("“%s” is no longer valid: it cannot be issued"), tmpl->name);
      return NULL;
    }

  /* A clash of ten random digits is rare; try again a few times before giving up. */
  for (guint attempt = 0; attempt < 5; attempt++)
    {
      g_autofree char *code = generate_code ();
      sqlite3_stmt *stmt;
      guint8 uid[16];
      int rc;

      if (!(stmt = _hy_database_prepare (db, insert_coupon, error)))
        return NULL;
      hy_uuid_generate (uid);
      sqlite3_bind_blob (stmt, 1, uid, sizeof uid, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, tmpl->id);
      sqlite3_bind_int64 (stmt, 3, resolved);
      sqlite3_bind_text (stmt, 4, code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 5, at);
      sqlite3_bind_int64 (stmt, 6, from);
      sqlite3_bind_int64 (stmt, 7, until);
      sqlite3_bind_int64 (stmt, 8, idem);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        return load_coupon (db, code, 0, error);
      if (rc != SQLITE_CONSTRAINT)
        {
          _hy_database_set_error (db, rc, error, _("Could not issue the coupon"));
          return NULL;
        }
    }

  g_set_error (error, HY_ERROR, HY_ERROR_FAILED, _("Could not find an unused coupon code"));
  return NULL;
}

/**
 * hy_coupon_store_issue:
 * @member_ids: (array length=n_members): one member or a segment
 * @idempotency_key: required; a replay returns the coupons first issued under it
 *
 * Issues one coupon of the template to each member, all in one transaction.
 *
 * Returns: (transfer full) (element-type HyCoupon): the coupons, in the order of @member_ids
 */
GPtrArray *
hy_coupon_store_issue (HyCouponStore  *self,
                       gint64          template_id,
                       const gint64   *member_ids,
                       guint           n_members,
                       const char     *idempotency_key,
                       GError        **error)
{
  g_autoptr(GPtrArray) issued = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_coupon_free);
  g_autoptr(HyCouponTemplate) tmpl = NULL;

  g_return_val_if_fail (HY_IS_COUPON_STORE (self), NULL);
  g_return_val_if_fail (member_ids != NULL || n_members == 0, NULL);

  if (idempotency_key == NULL || idempotency_key[0] == '\0')
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("Issuing coupons needs an idempotency key, so that a retry never issues twice"));
      return NULL;
    }
  if (n_members == 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("Name at least one member to issue the coupon to"));
      return NULL;
    }
  if (!_hy_staff_require (self->db, HY_ACTION_ISSUE_COUPON, error) ||
      !hy_database_begin (self->db, error))
    return NULL;

  if (!(tmpl = _hy_coupon_template_load (self->db, template_id, NULL, error)))
    goto failed;

  for (guint i = 0; i < n_members; i++)
    {
      HyCoupon *coupon = issue_one (self->db, tmpl, member_ids[i], idempotency_key, error);

      if (coupon == NULL)
        goto failed;
      g_ptr_array_add (issued, coupon);
    }

  if (!hy_database_commit (self->db, error))
    return NULL;
  return g_steal_pointer (&issued);

failed:
  hy_database_rollback (self->db);
  return NULL;
}

/**
 * hy_coupon_store_list:
 * @member_id: 0 for every member
 *
 * Returns: (transfer full) (element-type HyCoupon): the coupons, oldest first
 */
GPtrArray *
hy_coupon_store_list (HyCouponStore  *self,
                      gint64          member_id,
                      GError        **error)
{
  static const char select_coupons[] =
    "SELECT " COUPON_COLUMNS " FROM coupons c JOIN coupon_templates t ON t.id = c.template_id"
    " WHERE ?1 = 0 OR c.member_id = ?1 ORDER BY c.id";
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_coupon_free);
  sqlite3_stmt *stmt;
  gint64 resolved = 0;
  int rc;

  g_return_val_if_fail (HY_IS_COUPON_STORE (self), NULL);

  if (member_id != 0 && !(resolved = _hy_loyalty_require_member (self->db, member_id, error)))
    return NULL;
  if (!(stmt = _hy_database_prepare (self->db, select_coupons, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, resolved);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, _hy_coupon_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (self->db, rc, error, _("Could not read the coupons"));
      return NULL;
    }

  return g_steal_pointer (&list);
}

HyCoupon *
_hy_coupon_find_code (HyDatabase  *db,
                      const char  *text,
                      GError     **error)
{
  g_autofree char *code = NULL;
  g_autoptr(GError) local_error = NULL;
  HyCoupon *coupon;

  if (!(code = hy_coupon_code_normalize (text, error)))
    return NULL;
  if ((coupon = load_coupon (db, code, 0, &local_error)) == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND, _("No coupon has the code %s"), code);
    }
  return coupon;
}

/**
 * hy_coupon_store_find_code:
 * @code: as typed; spaces and dashes are ignored, the check digit is checked first
 *
 * Returns: (transfer full): the coupon, or NULL with HY_ERROR_INVALID (a typo) or
 *   HY_ERROR_NOT_FOUND
 */
HyCoupon *
hy_coupon_store_find_code (HyCouponStore  *self,
                           const char     *code,
                           GError        **error)
{
  g_return_val_if_fail (HY_IS_COUPON_STORE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  return _hy_coupon_find_code (self->db, code, error);
}

/**
 * hy_coupon_store_void:
 * @reason: required; it goes into the coupon and the audit log
 *
 * Voids an issued coupon: it can no longer be redeemed.  Needs a manager.
 */
gboolean
hy_coupon_store_void (HyCouponStore  *self,
                      const char     *code,
                      const char     *reason,
                      GError        **error)
{
  static const char update_void[] =
    "UPDATE coupons SET state = 2, voided_at = ?2, void_reason = ?3 WHERE id = ?1 AND state = 0";
  g_autoptr(HyCoupon) coupon = NULL;
  g_autofree char *target = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HY_IS_COUPON_STORE (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  if (reason == NULL || reason[0] == '\0')
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("Say why the coupon is voided"));
      return FALSE;
    }
  if (!_hy_staff_require (self->db, HY_ACTION_VOID_COUPON, error) ||
      !hy_database_begin (self->db, error))
    return FALSE;

  if (!(coupon = _hy_coupon_find_code (self->db, code, error)))
    goto failed;
  if (coupon->state != HY_COUPON_ISSUED)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_CONFLICT,
                   _("Coupon %s cannot be voided: it is %s"), coupon->code,
                   hy_coupon_state_to_string (coupon->state));
      goto failed;
    }

  if (!(stmt = _hy_database_prepare (self->db, update_void, error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, coupon->id);
  sqlite3_bind_int64 (stmt, 2, hy_time_now ());
  sqlite3_bind_text (stmt, 3, reason, -1, SQLITE_TRANSIENT);
  target = g_strdup_printf ("coupon:%s", coupon->code);
  if (!_hy_database_step_done (self->db, stmt, error) ||
      !_hy_audit_append (self->db, "coupon.void", target, reason, NULL, error))
    goto failed;

  return hy_database_commit (self->db, error);

failed:
  hy_database_rollback (self->db);
  return FALSE;
}
