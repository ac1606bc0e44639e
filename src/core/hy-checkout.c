/* hy-checkout.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Checkout (DESIGN section 3): identify the member, price at the tier's member price, pay with
 * points and stored value if asked, and write the sale, both ledgers, the member's figures, the
 * tier review and the change log in ONE SQLite transaction.  The idempotency key makes a retry
 * return the first receipt and post nothing.
 *
 * Coupons come after the member price (see hy-coupon-plan.c for their rules): the order's
 * discount is the member price's saving plus the coupons', and the coupons are redeemed in the
 * same transaction, so a coupon is used exactly when its sale is written.
 *
 * Rounding: a member price from a percent is rounded per line, half away from zero
 * (hy_money_mul_div); points pay in whole minor units rounded down, and cost the fewest points
 * that pay that much; earned points are rounded down once (see _hy_points_compute_earn).
 */

#define G_LOG_DOMAIN "hy-checkout"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "hy-checkout-private.h"
#include "hy-coupon-private.h"
#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-loyalty-private.h"
#include "hy-member-store-private.h"
#include "hy-money.h"
#include "hy-purchase-store-private.h"
#include "hy-stored-value-ledger.h"
#include "hy-time.h"
#include "hy-uuid.h"

struct _HyCheckout
{
  GObject             parent_instance;

  /* Owned references */
  HyDatabase         *db;
  HyPurchaseStore    *purchases;

  HyCheckoutStepHook  hook;
  gpointer            hook_data;
};

G_DEFINE_FINAL_TYPE (HyCheckout, hy_checkout, G_TYPE_OBJECT)

static void
hy_checkout_finalize (GObject *object)
{
  HyCheckout *self = (HyCheckout *)object;

  g_clear_object (&self->purchases);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (hy_checkout_parent_class)->finalize (object);
}

static void
hy_checkout_class_init (HyCheckoutClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hy_checkout_finalize;
}

static void
hy_checkout_init (HyCheckout *self)
{
}

HyCheckout *
hy_checkout_new (HyDatabase *db)
{
  HyCheckout *self;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);

  self = g_object_new (HY_TYPE_CHECKOUT, NULL);
  self->db = g_object_ref (db);
  self->purchases = hy_purchase_store_new (db);
  return self;
}

void
hy_checkout_set_step_hook (HyCheckout         *self,
                           HyCheckoutStepHook  hook,
                           gpointer            user_data)
{
  g_return_if_fail (HY_IS_CHECKOUT (self));

  self->hook = hook;
  self->hook_data = user_data;
}

void
hy_receipt_clear (HyReceipt *receipt)
{
  g_clear_pointer (&receipt->tier_name, g_free);
  g_clear_pointer (&receipt->coupons, g_ptr_array_unref);
}

HyDatabase *
_hy_checkout_get_database (HyCheckout *self)
{
  return self->db;
}

HyPurchaseStore *
_hy_checkout_get_purchases (HyCheckout *self)
{
  return self->purchases;
}

gboolean
_hy_checkout_step (HyCheckout  *self,
                   const char  *name,
                   GError     **error)
{
  return self->hook == NULL || self->hook (name, self->hook_data, error);
}

static gboolean
require_key (const char  *key,
             GError     **error)
{
  if (key != NULL && key[0] != '\0')
    return TRUE;

  g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
               _("A checkout needs an idempotency key, so that a retry never charges twice"));
  return FALSE;
}

static char *
derived_key (const char *key,
             const char *part)
{
  return g_strconcat (key, "/", part, NULL);
}

static gint64
identify (HyDatabase               *db,
          const HyCheckoutRequest  *request,
          GError                  **error)
{
  g_autofree char *normalized = NULL;
  gint64 id;

  if (request->identity == NULL || request->identity[0] == '\0')
    return request->member_id > 0 ? _hy_loyalty_require_member (db, request->member_id, error) : 0;

  if (!(normalized = hy_identity_normalize (request->identity_kind, request->identity, error)))
    return -1;
  id = _hy_member_find_identity (db, request->identity_kind, normalized, error);
  if (id == 0)
    g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND,
                 _("No member has the %s “%s”"),
                 hy_identity_kind_get_label (request->identity_kind), request->identity);
  return id > 0 ? id : -1;
}

static gboolean
load_receipt (HyCheckout  *self,
              gint64       transaction_id,
              HyReceipt   *out,
              GError     **error)
{
  static const char select_checkout[] =
    "SELECT coalesce (c.member_id, 0), c.gross, c.saved, c.points_used, c.points_value,"
    "       c.sv_principal, c.sv_bonus, c.tender, c.points_earned, c.points_balance, c.sv_balance,"
    "       coalesce (c.tier_id, 0), coalesce (t.name, ''), c.tier_changed, c.coupon_saved"
    "  FROM checkouts c LEFT JOIN tiers t ON t.id = c.tier_id WHERE c.transaction_id = ?1";
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hy_database_prepare (self->db, select_checkout, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, transaction_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->transaction_id = transaction_id;
      out->member_id = sqlite3_column_int64 (stmt, 0);
      out->gross = sqlite3_column_int64 (stmt, 1);
      out->saved = sqlite3_column_int64 (stmt, 2);
      out->coupon_saved = sqlite3_column_int64 (stmt, 14);
      out->due = out->gross - out->saved - out->coupon_saved;
      out->points_used = sqlite3_column_int64 (stmt, 3);
      out->points_value = sqlite3_column_int64 (stmt, 4);
      out->stored_value_principal = sqlite3_column_int64 (stmt, 5);
      out->stored_value_bonus = sqlite3_column_int64 (stmt, 6);
      out->paid = sqlite3_column_int64 (stmt, 7);
      out->points_earned = sqlite3_column_int64 (stmt, 8);
      out->points_balance = sqlite3_column_int64 (stmt, 9);
      out->stored_value_balance = sqlite3_column_int64 (stmt, 10);
      out->tier_id = sqlite3_column_int64 (stmt, 11);
      out->tier_name = g_strdup (_hy_column_text (stmt, 12));
      out->tier_changed = sqlite3_column_int (stmt, 13) != 0;
    }
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, HY_ERROR, HY_ERROR_CONFLICT,
                 _("The key of this checkout was already used by sale #%lld, which was not a checkout"),
                 (long long) transaction_id);
  else if (rc != SQLITE_ROW)
    _hy_database_set_error (self->db, rc, error, _("Could not read the checkout"));

  return rc == SQLITE_ROW && (out->coupons = _hy_coupons_of_sale (self->db, transaction_id, error)) != NULL;
}

static gboolean
save_receipt (HyCheckout       *self,
              const HyReceipt  *r,
              gint64            earn_entry_id,
              GError          **error)
{
  static const char insert_checkout[] =
    "INSERT INTO checkouts (transaction_id, member_id, tier_id, gross, saved, points_used,"
    "                       points_value, sv_principal, sv_bonus, tender, points_earned,"
    "                       earn_entry_id, points_balance, sv_balance, tier_changed, coupon_saved)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)";
  sqlite3_stmt *stmt;

  if (!(stmt = _hy_database_prepare (self->db, insert_checkout, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, r->transaction_id);
  if (r->member_id > 0)
    sqlite3_bind_int64 (stmt, 2, r->member_id);
  if (r->tier_id > 0)
    sqlite3_bind_int64 (stmt, 3, r->tier_id);
  sqlite3_bind_int64 (stmt, 4, r->gross);
  sqlite3_bind_int64 (stmt, 5, r->saved);
  sqlite3_bind_int64 (stmt, 6, r->points_used);
  sqlite3_bind_int64 (stmt, 7, r->points_value);
  sqlite3_bind_int64 (stmt, 8, r->stored_value_principal);
  sqlite3_bind_int64 (stmt, 9, r->stored_value_bonus);
  sqlite3_bind_int64 (stmt, 10, r->paid);
  sqlite3_bind_int64 (stmt, 11, r->points_earned);
  if (earn_entry_id > 0)
    sqlite3_bind_int64 (stmt, 12, earn_entry_id);
  sqlite3_bind_int64 (stmt, 13, r->points_balance);
  sqlite3_bind_int64 (stmt, 14, r->stored_value_balance);
  sqlite3_bind_int (stmt, 15, r->tier_changed ? 1 : 0);
  sqlite3_bind_int64 (stmt, 16, r->coupon_saved);
  return _hy_database_step_done (self->db, stmt, error);
}

/* List and member prices: items at list price for the sale rows, member amounts for earning. */
static gboolean
price_order (HyDatabase               *db,
             const HyCheckoutRequest  *request,
             gboolean                  is_member,
             gint64                    tier_id,
             int                       price_percent,
             GArray                   *items,
             GArray                   *earn_lines,
             GArray                   *coupon_lines,
             HyReceipt                *r,
             GError                  **error)
{
  gint64 member_total = 0;

  if (request->n_lines == 0)
    {
      HyEarnLine line = { NULL, 0 };

      if (request->amount <= 0)
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("A checkout needs line items or an amount of more than 0"));
          return FALSE;
        }
      r->gross = request->amount;
      member_total = hy_money_mul_div (request->amount, price_percent, 100);
      line.amount = member_total;
      g_array_append_val (earn_lines, line);
      g_array_append_val (coupon_lines, ((HyCouponLine) { NULL, member_total, 1 }));
    }

  for (guint i = 0; i < request->n_lines; i++)
    {
      const HyCheckoutLine *line = &request->lines[i];
      HyLineItem item = {
        .sku = line->sku, .name = line->name, .category = line->category,
        .quantity = line->quantity, .unit_price = line->unit_price,
      };
      HyEarnLine earn = { line->category, 0 };
      gint64 member_unit = line->member_unit_price;
      gint64 list_amount;

      if (!(line->quantity > 0) || line->unit_price < 0 || line->member_unit_price < 0)
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("Line %u: the quantity must be more than 0 and prices at least 0"), i + 1);
          return FALSE;
        }

      /* A member price the till gives wins; then the tier's price for the SKU; then its percent. */
      if (is_member && member_unit == 0 && !_hy_tier_sku_price (db, tier_id, line->sku, &member_unit, error))
        return FALSE;

      list_amount = _hy_line_item_amount (&item);
      item.amount = list_amount;
      if (is_member && member_unit > 0)
        earn.amount = hy_money_mul_div (member_unit, llround (line->quantity * 1000), 1000);
      else
        earn.amount = hy_money_mul_div (list_amount, price_percent, 100);
      earn.amount = MIN (earn.amount, list_amount);

      r->gross += list_amount;
      member_total += earn.amount;
      g_array_append_val (items, item);
      g_array_append_val (earn_lines, earn);
      g_array_append_val (coupon_lines, ((HyCouponLine) { line->category, earn.amount, line->quantity }));
    }

  r->saved = r->gross - member_total;
  r->due = member_total;
  return TRUE;
}

/* The coupons asked for, or the member's best combination; they come off what is due. */
static gboolean
plan_coupons (HyDatabase               *db,
              const HyCheckoutRequest  *request,
              gint64                    at,
              GArray                   *coupon_lines,
              HyReceipt                *r,
              GError                  **error)
{
  HyCouponOrder order = {
    .member_id = r->member_id, .at = at,
    .lines = (const HyCouponLine *) coupon_lines->data, .n_lines = coupon_lines->len,
    .due = r->due, .codes = request->coupon_codes, .best = request->best_coupons,
  };
  gint64 saving;

  r->coupons = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_coupon_use_free);
  if ((saving = _hy_coupons_plan (db, &order, r->coupons, error)) < 0)
    return FALSE;

  r->coupon_saved = saving;
  r->due -= saving;
  return TRUE;
}

/* How many points pay, and how much they pay, within the per-order cap. */
static gboolean
plan_points (HyDatabase               *db,
             const HyCheckoutRequest  *request,
             gint64                    at,
             HyReceipt                *r,
             GError                  **error)
{
  gint64 cap_percent = _hy_loyalty_setting_int (db, "points.redeem_cap_percent", 50);
  HyPointsSummary summary;
  gint64 cap_value, value;

  if (request->points == 0)
    return TRUE;
  if (r->member_id == 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("Only members can pay with points"));
      return FALSE;
    }
  if (!_hy_points_summarize (db, r->member_id, at, &summary, error))
    return FALSE;

  cap_value = (gint64) (((__int128) r->due * CLAMP (cap_percent, 0, 100)) / 100);
  if (request->points < 0)
    value = MIN (cap_value, hy_points_to_value (db, summary.available));
  else if (request->points > summary.available)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("Only %lld points can be used now, not %lld"),
                   (long long) summary.available, (long long) request->points);
      return FALSE;
    }
  else if ((value = hy_points_to_value (db, request->points)) > cap_value)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("Points can pay at most %lld.%02lld of this order"),
                   (long long) (cap_value / 100), (long long) (cap_value % 100));
      return FALSE;
    }

  r->points_value = value;
  r->points_used = hy_points_for_value (db, value);
  return TRUE;
}

static gboolean
plan_stored_value (HyDatabase               *db,
                   const HyCheckoutRequest  *request,
                   HyReceipt                *r,
                   GError                  **error)
{
  gint64 left = r->due - r->points_value;
  gint64 principal = 0, bonus = 0, amount = request->stored_value;

  if (amount == 0)
    return TRUE;
  if (r->member_id == 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("Only members can pay with stored value"));
      return FALSE;
    }
  if (!_hy_balances_load (db, r->member_id, NULL, &principal, &bonus, error))
    return FALSE;

  if (amount < 0)
    amount = MIN (left, principal + bonus);
  else if (amount > left)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("Stored value can pay at most the %lld.%02lld still due"),
                   (long long) (left / 100), (long long) (left % 100));
      return FALSE;
    }

  if (amount > 0 &&
      !_hy_stored_value_split (db, r->member_id, amount, &r->stored_value_principal,
                               &r->stored_value_bonus, error))
    return FALSE;

  return TRUE;
}

static gboolean
write_checkout (HyCheckout               *self,
                const HyCheckoutRequest  *request,
                HyReceipt                *r,
                GError                  **error)
{
  g_autoptr(GArray) items = g_array_new (FALSE, TRUE, sizeof (HyLineItem));
  g_autoptr(GArray) earn_lines = g_array_new (FALSE, TRUE, sizeof (HyEarnLine));
  g_autoptr(GArray) coupon_lines = g_array_new (FALSE, TRUE, sizeof (HyCouponLine));
  g_autoptr(HyTier) tier = NULL;
  g_autoptr(HyTier) tier_after = NULL;
  g_autofree char *points_key = derived_key (request->idempotency_key, "points");
  g_autofree char *sv_key = derived_key (request->idempotency_key, "stored-value");
  g_autofree char *earn_key = derived_key (request->idempotency_key, "earn");
  g_autoptr(GError) local_error = NULL;
  HyPayment payments[3];
  HySale sale = { 0 };
  gboolean replayed = FALSE;
  guint n_payments = 0;
  gint64 at = request->occurred_at != 0 ? request->occurred_at : hy_time_now ();
  gint64 earn_entry_id = 0, taken = 0, sv_total = 0, id;

  if ((r->member_id = identify (self->db, request, error)) < 0)
    return FALSE;

  if (r->member_id > 0)
    {
      tier = _hy_tier_current (self->db, r->member_id, at, NULL, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  if (!price_order (self->db, request, r->member_id > 0, tier != NULL ? tier->id : 0,
                    tier != NULL ? tier->price_percent : 100, items, earn_lines,
                    coupon_lines, r, error) ||
      !plan_coupons (self->db, request, at, coupon_lines, r, error) ||
      !plan_points (self->db, request, at, r, error) ||
      !plan_stored_value (self->db, request, r, error))
    return FALSE;
  sv_total = r->stored_value_principal + r->stored_value_bonus;
  r->paid = r->due - r->points_value - sv_total;

  if (r->points_value > 0)
    payments[n_payments++] = (HyPayment) { "points", r->points_value };
  if (sv_total > 0)
    payments[n_payments++] = (HyPayment) { "stored_value", sv_total };
  if (r->paid > 0 || n_payments == 0)
    payments[n_payments++] = (HyPayment) { request->tender_method != NULL ? request->tender_method : "cash", r->paid };

  sale.member_id = r->member_id;
  sale.occurred_at = at;
  sale.gross = r->gross;
  sale.discount = r->saved + r->coupon_saved;
  sale.channel = request->channel;
  sale.idempotency_key = request->idempotency_key;
  sale.items = (const HyLineItem *) items->data;
  sale.n_items = items->len;
  sale.payments = payments;
  sale.n_payments = n_payments;
  if ((r->transaction_id = hy_purchase_store_record_sale (self->purchases, &sale, NULL, error)) < 0 ||
      !_hy_checkout_step (self, "sale", error))
    return FALSE;

  if (r->coupon_saved > 0 &&
      (!_hy_coupons_redeem (self->db, r->coupons, r->member_id, r->transaction_id, at, error) ||
       !_hy_checkout_step (self, "coupons", error)))
    return FALSE;

  if (r->points_used > 0)
    {
      HyPointsPost post = {
        .member_id = r->member_id, .kind = HY_POINTS_REDEEM, .points = r->points_used,
        .occurred_at = at, .transaction_id = r->transaction_id,
        .idem = hy_idempotency_hash ("points", points_key, -1),
      };

      if (_hy_points_debit (self->db, &post, HY_POINTS_TAKE_AVAILABLE, 0, &taken, &replayed, error) < 0 ||
          !_hy_checkout_step (self, "points", error))
        return FALSE;
    }

  if (sv_total > 0)
    {
      HyStoredValuePost post = {
        .member_id = r->member_id, .kind = HY_STORED_VALUE_SPEND,
        .principal = -r->stored_value_principal, .bonus = -r->stored_value_bonus,
        .occurred_at = at, .transaction_id = r->transaction_id,
        .idem = hy_idempotency_hash ("stored-value", sv_key, -1),
      };

      if (_hy_stored_value_post (self->db, &post, &replayed, error) < 0 ||
          !_hy_checkout_step (self, "stored-value", error))
        return FALSE;
    }

  if (r->member_id > 0)
    {
      /* Points earn on what was paid in money, stored value included, not on points. */
      HyEarnRequest earn = {
        .member_id = r->member_id, .occurred_at = at, .earnable = r->due - r->points_value,
        .lines = (const HyEarnLine *) earn_lines->data, .n_lines = earn_lines->len,
        .tier_percent = tier != NULL ? tier->points_percent : 100,
        .transaction_id = r->transaction_id,
      };

      if ((r->points_earned = _hy_points_compute_earn (self->db, &earn, error)) < 0)
        return FALSE;
      if (r->points_earned > 0)
        {
          HyPointsPost post = {
            .member_id = r->member_id, .kind = HY_POINTS_EARN, .points = r->points_earned,
            .occurred_at = at, .transaction_id = r->transaction_id,
            .idem = hy_idempotency_hash ("points", earn_key, -1),
          };

          _hy_points_award_times (self->db, at, &post.available_at, &post.expires_at);
          if ((earn_entry_id = _hy_points_credit (self->db, &post, &replayed, error)) < 0 ||
              !_hy_checkout_step (self, "earn", error))
            return FALSE;
        }

      if (!_hy_tier_upgrade (self->db, r->member_id, at, r->transaction_id, &r->tier_changed, error) ||
          !_hy_checkout_step (self, "tier", error))
        return FALSE;

      tier_after = _hy_tier_current (self->db, r->member_id, at, NULL, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (tier_after != NULL)
        {
          r->tier_id = tier_after->id;
          r->tier_name = g_strdup (tier_after->name);
        }

      {
        gint64 principal = 0, bonus = 0;

        if (!_hy_balances_load (self->db, r->member_id, &r->points_balance, &principal, &bonus, error))
          return FALSE;
        r->stored_value_balance = principal + bonus;
      }
    }

  id = earn_entry_id;
  return save_receipt (self, r, id, error) && _hy_checkout_step (self, "receipt", error);
}

/**
 * hy_checkout_run:
 * @out: (out caller-allocates): the receipt; clear it with hy_receipt_clear()
 *
 * Runs a checkout as one transaction: all of it is written, or nothing.
 */
gboolean
hy_checkout_run (HyCheckout               *self,
                 const HyCheckoutRequest  *request,
                 HyReceipt                *out,
                 GError                  **error)
{
  gint64 existing;

  g_return_val_if_fail (HY_IS_CHECKOUT (self), FALSE);
  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (!require_key (request->idempotency_key, error))
    return FALSE;
  if (!hy_database_begin (self->db, error))
    return FALSE;

  existing = _hy_transaction_find_idem (self->db, hy_idempotency_hash ("sale", request->idempotency_key, -1));
  if (existing != 0)
    {
      gboolean ok = load_receipt (self, existing, out, error);

      hy_database_rollback (self->db);
      out->replayed = ok;
      return ok;
    }

  if (!write_checkout (self, request, out, error))
    {
      hy_database_rollback (self->db);
      hy_receipt_clear (out);
      memset (out, 0, sizeof *out);
      return FALSE;
    }

  if (!hy_database_commit (self->db, error))
    {
      hy_receipt_clear (out);
      memset (out, 0, sizeof *out);
      return FALSE;
    }

  return TRUE;
}

/* The most points this order can take: the per-order cap and what the member can use now. */
static gboolean
quote_limits (HyDatabase       *db,
              gint64            at,
              HyCheckoutQuote  *q,
              GError          **error)
{
  gint64 cap_percent = _hy_loyalty_setting_int (db, "points.redeem_cap_percent", 50);
  HyReceipt *r = &q->receipt;
  HyPointsSummary summary;
  gint64 principal = 0, bonus = 0, balance = 0, cap_value;

  if (r->member_id == 0)
    return TRUE;
  if (!_hy_points_summarize (db, r->member_id, at, &summary, error) ||
      !_hy_balances_load (db, r->member_id, &balance, &principal, &bonus, error))
    return FALSE;

  cap_value = (gint64) (((__int128) r->due * CLAMP (cap_percent, 0, 100)) / 100);
  q->points_available = summary.available;
  q->points_max = hy_points_for_value (db, MIN (cap_value, hy_points_to_value (db, summary.available)));
  /* The fewest points for a value can round past what is held: never offer more than that. */
  q->points_max = MIN (q->points_max, summary.available);
  q->stored_value_held = principal + bonus;
  q->stored_value_max = MAX (0, MIN (r->due - r->points_value, q->stored_value_held));
  return TRUE;
}

/**
 * hy_checkout_preview:
 * @out: (out caller-allocates): the receipt the checkout would give
 *
 * Works out a checkout, coupons and all, and writes nothing: what the till shows before the
 * member pays.  The idempotency key is not needed.
 */
gboolean
hy_checkout_preview (HyCheckout               *self,
                     const HyCheckoutRequest  *request,
                     HyReceipt                *out,
                     GError                  **error)
{
  HyCheckoutRequest copy;
  g_autofree char *key = NULL;
  guint8 uid[16];
  char uid_text[HY_UUID_STRING_LEN + 1];
  gboolean ok;

  g_return_val_if_fail (HY_IS_CHECKOUT (self), FALSE);
  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  hy_uuid_generate (uid);
  hy_uuid_to_string (uid, uid_text);
  key = g_strconcat ("preview/", uid_text, NULL);
  copy = *request;
  copy.idempotency_key = key;

  if (!hy_database_begin (self->db, error))
    return FALSE;
  ok = write_checkout (self, &copy, out, error);
  hy_database_rollback (self->db);
  if (!ok)
    {
      hy_receipt_clear (out);
      memset (out, 0, sizeof *out);
      return FALSE;
    }

  out->transaction_id = 0;
  return TRUE;
}

void
hy_checkout_quote_clear (HyCheckoutQuote *quote)
{
  hy_receipt_clear (&quote->receipt);
}

/**
 * hy_checkout_quote:
 * @out: (out caller-allocates): the quote; clear it with hy_checkout_quote_clear()
 *
 * Works out what hy_checkout_run() would charge and earn for @request now, coupons and all
 * (it is hy_checkout_preview()), and writes nothing.  The idempotency key is not needed.  The
 * receipt is the one the sale would give; the limits (points and stored value the order can
 * take) are the member's as they stand before it.
 */
gboolean
hy_checkout_quote (HyCheckout               *self,
                   const HyCheckoutRequest  *request,
                   HyCheckoutQuote          *out,
                   GError                  **error)
{
  gint64 at = request->occurred_at != 0 ? request->occurred_at : hy_time_now ();

  g_return_val_if_fail (HY_IS_CHECKOUT (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (!hy_checkout_preview (self, request, &out->receipt, error))
    return FALSE;
  /* The limits as the member stands before this sale. */
  if (!quote_limits (self->db, at, out, error))
    {
      hy_checkout_quote_clear (out);
      memset (out, 0, sizeof *out);
      return FALSE;
    }
  return TRUE;
}
