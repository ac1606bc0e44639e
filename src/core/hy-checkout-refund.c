/* hy-checkout-refund.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The refund of a checkout reverses each part in proportion to the money refunded, in one
 * transaction with the refund itself: earned points are clawed back (from the sale's own award
 * first; never below a zero balance, the rest is reported short), points that paid are given
 * back with the expiry they had, stored value goes back to principal and bonus as it came, and
 * the rest goes back to the tender.
 *
 * Coupons: their saving comes back in proportion with the rest of the discount (hy-refund.c); the
 * coupons themselves become usable again when the sale is refunded in full, unless the setting
 * coupons.restore_on_refund is 0.
 *
 * Tiers: when the sale being refunded is what lifted the member to their level, and nothing has
 * changed since, the member goes back down as far as they no longer qualify, never below the
 * level the sale found them at.
 *
 * Rounding: every part is computed cumulatively, part x refunded so far / due, half away from
 * zero, minus what earlier refunds of the sale already gave; the refund that completes the sale
 * gives exactly what is left, so the parts of a sale refunded in steps add up exactly.
 */

#define G_LOG_DOMAIN "hy-checkout"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hy-audit-log-private.h"
#include "hy-checkout-private.h"
#include "hy-coupon-private.h"
#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-loyalty-private.h"
#include "hy-money.h"
#include "hy-purchase-store-private.h"
#include "hy-stored-value-ledger.h"
#include "hy-time.h"

typedef struct
{
  gint64 member_id;
  gint64 due;
  gint64 points_used;
  gint64 points_value;
  gint64 sv_principal;
  gint64 sv_bonus;
  gint64 earned;
  gint64 earn_entry_id;
} Sale;

typedef struct
{
  gint64 clawed;     /* clawed + short: what the refunds asked back */
  gint64 returned;
  gint64 value;
  gint64 sv_principal;
  gint64 sv_bonus;
} Parts;

static gboolean
load_sale (HyDatabase  *db,
           gint64       sale_id,
           Sale        *sale,
           GError     **error)
{
  static const char select_checkout[] =
    "SELECT coalesce (member_id, 0), gross - saved - coupon_saved, points_used, points_value, sv_principal, sv_bonus,"
    "       points_earned, coalesce (earn_entry_id, 0)"
    "  FROM checkouts WHERE transaction_id = ?1";
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hy_database_prepare (db, select_checkout, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, sale_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *sale = (Sale) {
      .member_id = sqlite3_column_int64 (stmt, 0),
      .due = sqlite3_column_int64 (stmt, 1),
      .points_used = sqlite3_column_int64 (stmt, 2),
      .points_value = sqlite3_column_int64 (stmt, 3),
      .sv_principal = sqlite3_column_int64 (stmt, 4),
      .sv_bonus = sqlite3_column_int64 (stmt, 5),
      .earned = sqlite3_column_int64 (stmt, 6),
      .earn_entry_id = sqlite3_column_int64 (stmt, 7),
    };
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND,
                 _("Sale #%lld was not a checkout; refund it as a plain sale"), (long long) sale_id);
  else if (rc != SQLITE_ROW)
    _hy_database_set_error (db, rc, error, _("Could not read the checkout"));

  return rc == SQLITE_ROW;
}

static gboolean
load_earlier_parts (HyDatabase  *db,
                    gint64       sale_id,
                    Parts       *parts,
                    gint64      *refunded,
                    GError     **error)
{
  static const char select_parts[] =
    "SELECT coalesce (sum (points_clawed + points_short), 0), coalesce (sum (points_returned), 0),"
    "       coalesce (sum (points_value), 0), coalesce (sum (sv_principal), 0),"
    "       coalesce (sum (sv_bonus), 0)"
    "  FROM checkout_refunds WHERE sale_id = ?1";
  static const char select_refunded[] =
    "SELECT -coalesce (sum (net), 0) FROM transactions WHERE refund_of = ?1";
  sqlite3_stmt *stmt;

  if (!(stmt = _hy_database_prepare (db, select_parts, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, sale_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    *parts = (Parts) {
      .clawed = sqlite3_column_int64 (stmt, 0),
      .returned = sqlite3_column_int64 (stmt, 1),
      .value = sqlite3_column_int64 (stmt, 2),
      .sv_principal = sqlite3_column_int64 (stmt, 3),
      .sv_bonus = sqlite3_column_int64 (stmt, 4),
    };
  sqlite3_reset (stmt);

  if (!(stmt = _hy_database_prepare (db, select_refunded, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, sale_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    *refunded = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return TRUE;
}

/* @part x @refunded / @due, exactly @part once all is refunded. */
static gint64
share (gint64 part,
       gint64 refunded,
       gint64 due)
{
  if (due <= 0 || refunded >= due)
    return part;
  return hy_money_mul_div (part, refunded, due);
}

static gboolean
load_refund_receipt (HyDatabase       *db,
                     gint64            refund_id,
                     HyRefundReceipt  *out,
                     GError          **error)
{
  static const char select_receipt[] =
    "SELECT r.sale_id, -t.net, r.points_clawed, r.points_short, r.points_returned, r.points_value,"
    "       r.sv_principal, r.sv_bonus, r.tender"
    "  FROM checkout_refunds r JOIN transactions t ON t.id = r.refund_id WHERE r.refund_id = ?1";
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hy_database_prepare (db, select_receipt, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, refund_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->refund_id = refund_id;
      out->sale_id = sqlite3_column_int64 (stmt, 0);
      out->amount = sqlite3_column_int64 (stmt, 1);
      out->points_clawed_back = sqlite3_column_int64 (stmt, 2);
      out->points_short = sqlite3_column_int64 (stmt, 3);
      out->points_returned = sqlite3_column_int64 (stmt, 4);
      out->points_value = sqlite3_column_int64 (stmt, 5);
      out->stored_value_principal = sqlite3_column_int64 (stmt, 6);
      out->stored_value_bonus = sqlite3_column_int64 (stmt, 7);
      out->paid_back = sqlite3_column_int64 (stmt, 8);
    }
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, HY_ERROR, HY_ERROR_CONFLICT,
                 _("The key of this refund was already used by refund #%lld, which was not of a checkout"),
                 (long long) refund_id);
  return rc == SQLITE_ROW;
}

static gint64
find_redeem_entry (HyDatabase *db,
                   gint64      sale_id)
{
  static const char select_redeem[] =
    "SELECT id FROM points_ledger WHERE transaction_id = ?1 AND kind = 2 ORDER BY id LIMIT 1";
  sqlite3_stmt *stmt = _hy_database_prepare (db, select_redeem, NULL);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, sale_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return id;
}

static gboolean
save_refund_receipt (HyDatabase             *db,
                     const HyRefundReceipt  *r,
                     GError                **error)
{
  static const char insert_refund[] =
    "INSERT INTO checkout_refunds (refund_id, sale_id, points_clawed, points_short, points_returned,"
    "                              points_value, sv_principal, sv_bonus, tender)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
  sqlite3_stmt *stmt;

  if (!(stmt = _hy_database_prepare (db, insert_refund, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, r->refund_id);
  sqlite3_bind_int64 (stmt, 2, r->sale_id);
  sqlite3_bind_int64 (stmt, 3, r->points_clawed_back);
  sqlite3_bind_int64 (stmt, 4, r->points_short);
  sqlite3_bind_int64 (stmt, 5, r->points_returned);
  sqlite3_bind_int64 (stmt, 6, r->points_value);
  sqlite3_bind_int64 (stmt, 7, r->stored_value_principal);
  sqlite3_bind_int64 (stmt, 8, r->stored_value_bonus);
  sqlite3_bind_int64 (stmt, 9, r->paid_back);
  return _hy_database_step_done (db, stmt, error);
}

/* Gives back points, stored value and earned points for the refund just written. */
static gboolean
reverse_parts (HyCheckout              *self,
               const HyCheckoutRefund  *refund,
               const Sale              *sale,
               gint64                   at,
               HyRefundReceipt         *r,
               GError                 **error)
{
  HyDatabase *db = _hy_checkout_get_database (self);
  g_autofree char *key_return = g_strconcat (refund->idempotency_key, "/return", NULL);
  g_autofree char *key_claw = g_strconcat (refund->idempotency_key, "/clawback", NULL);
  g_autofree char *key_sv = g_strconcat (refund->idempotency_key, "/stored-value", NULL);
  gboolean replayed = FALSE;
  Parts before = { 0 };
  gint64 refunded = 0, claw, taken = 0;

  if (!load_earlier_parts (db, refund->sale_id, &before, &refunded, error))
    return FALSE;

  /* The money parts share the refund by cumulative prefix sums: what the parts up to each one
   * have given back after this refund, less what they had given before it.  The parts then add
   * up to the refund exactly, and to the sale exactly once all of it is refunded. */
  {
    gint64 parts[4] = { sale->points_value, sale->sv_principal, sale->sv_bonus, 0 };
    gint64 out[4] = { 0 };
    gint64 prefix = 0;

    parts[3] = sale->due - parts[0] - parts[1] - parts[2];
    for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
      {
        gint64 now_before = share (prefix, refunded, sale->due) - share (prefix, refunded - r->amount, sale->due);

        prefix += parts[i];
        out[i] = share (prefix, refunded, sale->due) - share (prefix, refunded - r->amount, sale->due) - now_before;
      }
    r->points_value = out[0];
    r->stored_value_principal = out[1];
    r->stored_value_bonus = out[2];
    r->paid_back = out[3];
  }
  r->points_returned = MAX (0, share (sale->points_used, refunded, sale->due) - before.returned);
  claw = MAX (0, share (sale->earned, refunded, sale->due) - before.clawed);

  if (r->points_returned > 0)
    {
      HyPointsPost post = {
        .member_id = sale->member_id, .kind = HY_POINTS_RETURN, .points = r->points_returned,
        .occurred_at = at, .available_at = at, .transaction_id = r->refund_id,
        .expires_at = _hy_points_latest_expiry_of (db, find_redeem_entry (db, refund->sale_id)),
        .idem = hy_idempotency_hash ("points", key_return, -1),
      };

      if (_hy_points_credit (db, &post, &replayed, error) < 0 ||
          !_hy_checkout_step (self, "refund-points", error))
        return FALSE;
    }

  if (r->stored_value_principal + r->stored_value_bonus > 0)
    {
      HyStoredValuePost post = {
        .member_id = sale->member_id, .kind = HY_STORED_VALUE_RETURN,
        .principal = r->stored_value_principal, .bonus = r->stored_value_bonus,
        .occurred_at = at, .transaction_id = r->refund_id,
        .idem = hy_idempotency_hash ("stored-value", key_sv, -1),
      };

      if (_hy_stored_value_post (db, &post, &replayed, error) < 0 ||
          !_hy_checkout_step (self, "refund-stored-value", error))
        return FALSE;
    }

  if (claw > 0)
    {
      HyPointsPost post = {
        .member_id = sale->member_id, .kind = HY_POINTS_CLAWBACK, .points = claw,
        .occurred_at = at, .transaction_id = r->refund_id,
        .idem = hy_idempotency_hash ("points", key_claw, -1),
      };

      if (_hy_points_debit (db, &post, HY_POINTS_TAKE_WHAT_THERE_IS, sale->earn_entry_id,
                            &taken, &replayed, error) < 0 ||
          !_hy_checkout_step (self, "clawback", error))
        return FALSE;
    }
  r->points_clawed_back = taken;
  r->points_short = claw - taken;

  return TRUE;
}

/* The refund, and apart from it any points it could not take back: the member had spent them,
 * and the balance may not go below 0, so the shortfall is an exception a manager reviews. */
static gboolean
audit_refund (HyDatabase              *db,
              const HyCheckoutRefund  *refund,
              const Sale              *sale,
              const HyRefundReceipt   *r,
              GError                 **error)
{
  g_autofree char *target = g_strdup_printf ("sale:%lld", (long long) r->sale_id);
  g_autofree char *details = g_strdup_printf ("{\"refund\":%lld,\"amount\":%lld,\"member\":%lld}",
                                              (long long) r->refund_id, (long long) r->amount,
                                              (long long) sale->member_id);

  if (!_hy_audit_append (db, "refund", target, refund->reason, details, error))
    return FALSE;

  if (r->points_short > 0)
    {
      g_autofree char *member = g_strdup_printf ("member:%lld", (long long) sale->member_id);
      g_autofree char *short_details =
        g_strdup_printf ("{\"sale\":%lld,\"refund\":%lld,\"points_short\":%lld}",
                         (long long) r->sale_id, (long long) r->refund_id, (long long) r->points_short);

      if (!_hy_audit_append (db, "points.clawback_short", member,
                             "the refund could not take back points already spent", short_details, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
refunded_in_full (HyDatabase *db,
                  gint64      sale_id,
                  gint64      due)
{
  static const char select_refunded[] =
    "SELECT -coalesce (sum (net), 0) FROM transactions WHERE refund_of = ?1";
  sqlite3_stmt *stmt = _hy_database_prepare (db, select_refunded, NULL);
  gint64 refunded = 0;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, sale_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    refunded = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return refunded >= due;
}

static gint64
count_rows (HyDatabase *db,
            const char *sql,
            gint64      refund_id)
{
  sqlite3_stmt *stmt = _hy_database_prepare (db, sql, NULL);
  gint64 n = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, refund_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static gboolean
write_refund (HyCheckout              *self,
              const HyCheckoutRefund  *refund,
              HyRefundReceipt         *r,
              GError                 **error)
{
  HyDatabase *db = _hy_checkout_get_database (self);
  gint64 at = refund->occurred_at != 0 ? refund->occurred_at : hy_time_now ();
  HyRefund plain = {
    .sale_id = refund->sale_id, .occurred_at = at, .amount = refund->amount,
    .lines = refund->lines, .n_lines = refund->n_lines, .reason = refund->reason,
    .idempotency_key = refund->idempotency_key,
  };
  g_autoptr(HyTransaction) written = NULL;
  Sale sale = { 0 };

  if (!load_sale (db, refund->sale_id, &sale, error))
    return FALSE;
  if ((r->refund_id = hy_purchase_store_refund (_hy_checkout_get_purchases (self), &plain, NULL, error)) < 0 ||
      !(written = hy_purchase_store_load (_hy_checkout_get_purchases (self), r->refund_id, error)) ||
      !_hy_checkout_step (self, "refund", error))
    return FALSE;

  r->sale_id = refund->sale_id;
  r->amount = -written->net;

  if (sale.member_id > 0)
    {
      gint64 principal = 0, bonus = 0;

      if (!reverse_parts (self, refund, &sale, at, r, error) ||
          !_hy_balances_load (db, sale.member_id, &r->points_balance, &principal, &bonus, error))
        return FALSE;
      r->stored_value_balance = principal + bonus;
    }
  else
    r->paid_back = r->amount;

  if (sale.member_id > 0 &&
      (!_hy_tier_reevaluate_refund (db, sale.member_id, refund->sale_id, r->refund_id, at,
                                    &r->tier_changed, error) ||
       !_hy_checkout_step (self, "refund-tier", error)))
    return FALSE;

  if (sale.member_id > 0 && _hy_loyalty_setting_int (db, "coupons.restore_on_refund", 1) != 0 &&
      refunded_in_full (db, refund->sale_id, sale.due) &&
      ((r->coupons_restored = _hy_coupons_restore (db, refund->sale_id, r->refund_id, error)) < 0 ||
       !_hy_checkout_step (self, "refund-coupons", error)))
    return FALSE;

  return save_refund_receipt (db, r, error) &&
         audit_refund (db, refund, &sale, r, error) &&
         _hy_checkout_step (self, "refund-receipt", error);
}

/**
 * hy_checkout_refund:
 * @out: (out caller-allocates): what went back where
 *
 * Refunds a checkout, in full or in part, reversing each part in one transaction.  A replay of
 * the key returns the first refund's receipt.
 */
gboolean
hy_checkout_refund (HyCheckout              *self,
                    const HyCheckoutRefund  *refund,
                    HyRefundReceipt         *out,
                    GError                 **error)
{
  HyDatabase *db;
  gint64 existing;

  g_return_val_if_fail (HY_IS_CHECKOUT (self), FALSE);
  g_return_val_if_fail (refund != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (refund->idempotency_key == NULL || refund->idempotency_key[0] == '\0')
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("A refund needs an idempotency key, so that a retry never pays back twice"));
      return FALSE;
    }

  db = _hy_checkout_get_database (self);
  if (!_hy_staff_require (db, HY_ACTION_REFUND, error) || !hy_database_begin (db, error))
    return FALSE;

  existing = _hy_transaction_find_idem (db, hy_idempotency_hash ("refund", refund->idempotency_key, -1));
  if (existing != 0)
    {
      gboolean ok = load_refund_receipt (db, existing, out, error);
      gint64 principal = 0, bonus = 0;
      Sale sale = { 0 };

      if (ok && load_sale (db, out->sale_id, &sale, NULL) && sale.member_id > 0 &&
          _hy_balances_load (db, sale.member_id, &out->points_balance, &principal, &bonus, NULL))
        out->stored_value_balance = principal + bonus;
      if (ok)
        {
          static const char count_restored[] =
            "SELECT count(*) FROM coupon_redemptions WHERE restored_by = ?1";
          static const char count_tier[] =
            "SELECT count(*) FROM tier_history WHERE transaction_id = ?1";

          out->coupons_restored = count_rows (db, count_restored, existing);
          out->tier_changed = count_rows (db, count_tier, existing) > 0;
        }
      hy_database_rollback (db);
      out->replayed = ok;
      return ok;
    }

  if (!write_refund (self, refund, out, error))
    {
      hy_database_rollback (db);
      memset (out, 0, sizeof *out);
      return FALSE;
    }

  if (!hy_database_commit (db, error))
    {
      memset (out, 0, sizeof *out);
      return FALSE;
    }

  return TRUE;
}
