/* hy-coupon-plan.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Coupons at the till: which of the member's coupons apply to an order, the combination that
 * saves the most, the single-use redemption in the checkout's transaction, and the restore on
 * a full refund.
 *
 * Rules, all on the order at member price:
 * - A coupon's scope is its category, or the whole order; its threshold is met when what is in
 *   scope reaches it exactly or more.
 * - A percent coupon takes percent of what is in scope, rounded DOWN to the minor unit, so that
 *   it never gives more than it says (20% of 33.33 is 6.66).
 * - A gift takes one unit of the cheapest line in scope, up to its amount.
 * - Each coupon's saving is figured on the order before coupons; a combination is one exclusive
 *   coupon alone, or any stackable coupons, at most one of each template.  Together they take
 *   off at most what is due: the biggest saving first, the last one cut to what is left.
 * - The best combination saves the most; on a tie the one with fewer coupons, which leaves the
 *   member more for later.
 */

#define G_LOG_DOMAIN "hy-coupon"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hy-coupon-private.h"
#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-money.h"
#include "hy-time.h"

typedef struct
{
  HyCoupon         *coupon;
  HyCouponTemplate *tmpl;
  gint64            saving;   /* on its own */
  char             *reason;   /* NULL: it applies */
} Candidate;

static void
candidate_free (Candidate *c)
{
  hy_coupon_free (c->coupon);
  hy_coupon_template_free (c->tmpl);
  g_free (c->reason);
  g_free (c);
}

static gboolean
in_scope (const HyCouponTemplate *tmpl,
          const HyCouponLine     *line)
{
  return tmpl->category[0] == '\0' || g_strcmp0 (tmpl->category, line->category) == 0;
}

static char *
format_day (HyDatabase *db,
            gint64      utc)
{
  return hy_time_format_local (hy_database_get_time_zone (db), utc, FALSE);
}

/* The saving of @c alone, or the reason it does not apply. */
static void
evaluate (HyDatabase           *db,
          const HyCouponOrder  *order,
          gint64                member_id,
          Candidate            *c)
{
  const HyCouponTemplate *tmpl = c->tmpl;
  const HyCoupon *coupon = c->coupon;
  gint64 scope = 0, cheapest = -1;

  if (coupon->member_id != member_id)
    {
      c->reason = g_strdup (_("It belongs to another member"));
      return;
    }
  if (coupon->state == HY_COUPON_REDEEMED)
    {
      c->reason = g_strdup_printf (_("It was already used on sale #%lld"), (long long) coupon->transaction_id);
      return;
    }
  if (coupon->state == HY_COUPON_VOID)
    {
      c->reason = g_strdup_printf (_("It was voided: %s"), coupon->void_reason);
      return;
    }
  if (order->at < coupon->valid_from)
    {
      g_autofree char *day = format_day (db, coupon->valid_from);

      c->reason = g_strdup_printf (_("It is valid only from %s"), day);
      return;
    }
  if (order->at >= coupon->valid_until)
    {
      g_autofree char *day = format_day (db, coupon->valid_until - 1);

      c->reason = g_strdup_printf (_("It expired after %s"), day);
      return;
    }

  for (guint i = 0; i < order->n_lines; i++)
    {
      const HyCouponLine *line = &order->lines[i];
      gint64 unit;

      if (!in_scope (tmpl, line) || line->amount <= 0)
        continue;
      scope += line->amount;
      unit = line->quantity >= 1 ? hy_money_mul_div (line->amount, 1000, llround (line->quantity * 1000)) : line->amount;
      cheapest = cheapest < 0 ? unit : MIN (cheapest, unit);
    }

  if (scope == 0)
    {
      c->reason = g_strdup_printf (_("The order has nothing in its category “%s”"), tmpl->category);
      return;
    }

  switch (tmpl->kind)
    {
    case HY_COUPON_THRESHOLD_OFF:
      if (scope < tmpl->threshold)
        {
          g_autofree char *need = hy_money_format (tmpl->threshold, FALSE);
          g_autofree char *have = hy_money_format (scope, FALSE);

          c->reason = g_strdup_printf (_("It needs %s in scope and the order has %s"), need, have);
          return;
        }
      c->saving = MIN (tmpl->amount, scope);
      break;

    case HY_COUPON_PERCENT_OFF:
      c->saving = (gint64) (((__int128) scope * tmpl->percent) / 100);
      break;

    case HY_COUPON_AMOUNT_OFF:
      c->saving = MIN (tmpl->amount, scope);
      break;

    case HY_COUPON_GIFT:
      c->saving = tmpl->amount > 0 ? MIN (tmpl->amount, cheapest) : cheapest;
      break;

    default:
      g_assert_not_reached ();
    }

  if (c->saving <= 0)
    c->reason = g_strdup (_("It would save nothing on this order"));
}

static Candidate *
candidate_new (HyDatabase  *db,
               HyCoupon    *coupon,
               GError     **error)
{
  Candidate *c = g_new0 (Candidate, 1);

  c->coupon = coupon;
  if (!(c->tmpl = _hy_coupon_template_load (db, coupon->template_id, NULL, error)))
    {
      candidate_free (c);
      return NULL;
    }
  return c;
}

static gboolean
load_member_coupons (HyDatabase  *db,
                     gint64       member_id,
                     GPtrArray   *candidates,
                     GError     **error)
{
  static const char select_coupons[] =
    "SELECT c.id, c.template_id, t.name, c.member_id, c.code, c.issued_at, c.valid_from,"
    "       c.valid_until, c.state, coalesce (c.transaction_id, 0), c.saving,"
    "       coalesce (c.voided_at, 0), c.void_reason"
    "  FROM coupons c JOIN coupon_templates t ON t.id = c.template_id"
    " WHERE c.member_id = ?1 AND c.state = 0 ORDER BY c.valid_until, c.id";
  g_autoptr(GPtrArray) coupons = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_coupon_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hy_database_prepare (db, select_coupons, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, member_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (coupons, _hy_coupon_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not read the member’s coupons"));
      return FALSE;
    }

  for (guint i = 0; i < coupons->len; i++)
    {
      Candidate *c = candidate_new (db, g_steal_pointer (&coupons->pdata[i]), error);

      if (c == NULL)
        return FALSE;
      g_ptr_array_add (candidates, c);
    }
  return TRUE;
}

static void
add_use (GPtrArray       *uses,
         const Candidate *c,
         gint64           saving,
         const char      *reason)
{
  HyCouponUse *use = g_new0 (HyCouponUse, 1);

  use->coupon_id = c->coupon->id;
  use->code = g_strdup (c->coupon->code);
  use->name = g_strdup (c->tmpl->name);
  use->saving = saving;
  use->applied = reason == NULL;
  use->reason = g_strdup (reason);
  g_ptr_array_add (uses, use);
}

static int
compare_saving_desc (gconstpointer a,
                     gconstpointer b)
{
  const Candidate *ca = *(Candidate * const *) a;
  const Candidate *cb = *(Candidate * const *) b;

  if (ca->saving != cb->saving)
    return ca->saving > cb->saving ? -1 : 1;
  return ca->coupon->id < cb->coupon->id ? -1 : ca->coupon->id > cb->coupon->id;
}

/* Applies @chosen (sorted biggest first) within @due; returns the total. */
static gint64
apply_chosen (GPtrArray *chosen,
              gint64     due,
              GPtrArray *uses)
{
  gint64 left = due, total = 0;

  g_ptr_array_sort (chosen, compare_saving_desc);
  for (guint i = 0; i < chosen->len; i++)
    {
      const Candidate *c = chosen->pdata[i];
      gint64 saving = MIN (c->saving, left);

      if (saving <= 0)
        continue;
      add_use (uses, c, saving, NULL);
      left -= saving;
      total += saving;
    }

  return total;
}

/* The coupons asked for by code: all of them apply together, or the checkout fails. */
static gint64
plan_codes (HyDatabase           *db,
            const HyCouponOrder  *order,
            GPtrArray            *candidates,
            GPtrArray            *uses,
            GError              **error)
{
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  g_autoptr(GHashTable) templates = g_hash_table_new (g_int64_hash, g_int64_equal);
  gint64 total;

  for (guint i = 0; order->codes[i] != NULL; i++)
    {
      HyCoupon *coupon = _hy_coupon_find_code (db, order->codes[i], error);
      Candidate *c;

      if (coupon == NULL || !(c = candidate_new (db, coupon, error)))
        return -1;
      g_ptr_array_add (candidates, c);
      evaluate (db, order, order->member_id, c);
      if (c->reason != NULL)
        {
          g_set_error (error, HY_ERROR, c->coupon->state == HY_COUPON_REDEEMED ? HY_ERROR_CONFLICT : HY_ERROR_INVALID,
                       _("Coupon %s cannot be used: %s"), c->coupon->code, c->reason);
          return -1;
        }
      if (g_hash_table_contains (templates, &c->tmpl->id))
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("Coupon %s cannot be used: only one coupon of “%s” per order"),
                       c->coupon->code, c->tmpl->name);
          return -1;
        }
      g_hash_table_add (templates, &c->tmpl->id);
      g_ptr_array_add (chosen, c);
    }

  for (guint i = 0; chosen->len > 1 && i < chosen->len; i++)
    {
      const Candidate *c = chosen->pdata[i];

      if (!c->tmpl->stackable)
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("Coupon %s (“%s”) cannot be combined with other coupons"),
                       c->coupon->code, c->tmpl->name);
          return -1;
        }
    }

  total = apply_chosen (chosen, order->due, uses);
  for (guint i = 0; i < chosen->len; i++)
    {
      const Candidate *c = chosen->pdata[i];
      gboolean found = FALSE;

      for (guint j = 0; j < uses->len && !found; j++)
        found = ((HyCouponUse *) uses->pdata[j])->coupon_id == c->coupon->id;
      if (!found)
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("Coupon %s cannot be used: the other coupons already take off all that is due"),
                       c->coupon->code);
          return -1;
        }
    }
  return total;
}

static gint64
sum_savings (GPtrArray *list)
{
  gint64 sum = 0;

  for (guint i = 0; i < list->len; i++)
    sum += ((Candidate *) list->pdata[i])->saving;
  return sum;
}

/* Of the member's coupons: the combination that saves the most, and why each other one does not
 * apply. */
static gint64
plan_best (HyDatabase           *db,
           const HyCouponOrder  *order,
           GPtrArray            *candidates,
           GPtrArray            *uses,
           GError              **error)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  g_autoptr(GPtrArray) chosen = NULL;
  g_autoptr(GHashTable) by_template = g_hash_table_new (g_int64_hash, g_int64_equal);
  Candidate *exclusive = NULL;
  gint64 stack_total, total;

  if (!load_member_coupons (db, order->member_id, candidates, error))
    return -1;

  /* Candidates come soonest expiry first: of one template, use the one that would lapse first. */
  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *c = candidates->pdata[i];

      evaluate (db, order, order->member_id, c);
      if (c->reason != NULL)
        continue;
      if (g_hash_table_contains (by_template, &c->tmpl->id))
        {
          c->reason = g_strdup_printf (_("Only one coupon of “%s” per order"), c->tmpl->name);
          continue;
        }
      g_hash_table_add (by_template, &c->tmpl->id);
      if (c->tmpl->stackable)
        g_ptr_array_add (stack, c);
      else if (exclusive == NULL || c->saving > exclusive->saving)
        exclusive = c;
    }

  stack_total = MIN (sum_savings (stack), order->due);
  if (exclusive != NULL &&
      (MIN (exclusive->saving, order->due) > stack_total ||
       (MIN (exclusive->saving, order->due) == stack_total && stack->len > 1)))
    {
      chosen = g_ptr_array_new ();
      g_ptr_array_add (chosen, exclusive);
    }
  else
    chosen = g_ptr_array_ref (stack);

  total = apply_chosen (chosen, order->due, uses);

  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *c = candidates->pdata[i];
      g_autofree char *chosen_total = hy_money_format (total, FALSE);
      g_autofree char *own = hy_money_format (MIN (c->saving, order->due), FALSE);
      gboolean applied = FALSE;

      for (guint j = 0; j < uses->len && !applied; j++)
        applied = ((HyCouponUse *) uses->pdata[j])->coupon_id == c->coupon->id;
      if (applied)
        continue;

      if (c->reason == NULL && g_ptr_array_find (chosen, c, NULL))
        c->reason = g_strdup (_("The other coupons already take off all that is due"));
      else if (c->reason == NULL && !c->tmpl->stackable)
        c->reason = g_strdup_printf (_("It cannot be combined with other coupons, and alone it saves %s against %s"),
                                     own, chosen_total);
      else if (c->reason == NULL)
        c->reason = g_strdup_printf (_("It cannot be combined with an exclusive coupon that saves more (%s against %s)"),
                                     chosen_total, own);
      add_use (uses, c, 0, c->reason);
    }

  return total;
}

gint64
_hy_coupons_plan (HyDatabase           *db,
                  const HyCouponOrder  *order,
                  GPtrArray            *uses,
                  GError              **error)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
  gboolean has_codes = order->codes != NULL && order->codes[0] != NULL;

  g_assert (uses != NULL);

  if (!has_codes && !order->best)
    return 0;
  if (order->member_id <= 0)
    {
      if (has_codes)
        g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("Only members can use coupons"));
      return has_codes ? -1 : 0;
    }

  if (has_codes)
    return plan_codes (db, order, candidates, uses, error);
  return plan_best (db, order, candidates, uses, error);
}

/* Single use: the UPDATE takes the coupon only while it is still issued, so of two tills that
 * both planned it, the second finds it gone and fails its whole checkout. */
gboolean
_hy_coupons_redeem (HyDatabase  *db,
                    GPtrArray   *uses,
                    gint64       member_id,
                    gint64       transaction_id,
                    gint64       at,
                    GError     **error)
{
  static const char update_coupon[] =
    "UPDATE coupons SET state = 1, transaction_id = ?2, saving = ?3"
    " WHERE id = ?1 AND state = 0 AND member_id = ?4";
  static const char insert_redemption[] =
    "INSERT INTO coupon_redemptions (coupon_id, transaction_id, saving, occurred_at)"
    " VALUES (?1, ?2, ?3, ?4)";
  sqlite3 *handle = _hy_database_get_handle (db);

  for (guint i = 0; i < uses->len; i++)
    {
      const HyCouponUse *use = uses->pdata[i];
      sqlite3_stmt *stmt;

      if (!use->applied)
        continue;
      if (!(stmt = _hy_database_prepare (db, update_coupon, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, use->coupon_id);
      sqlite3_bind_int64 (stmt, 2, transaction_id);
      sqlite3_bind_int64 (stmt, 3, use->saving);
      sqlite3_bind_int64 (stmt, 4, member_id);
      if (!_hy_database_step_done (db, stmt, error))
        return FALSE;
      if (sqlite3_changes (handle) != 1)
        {
          g_set_error (error, HY_ERROR, HY_ERROR_CONFLICT,
                       _("Coupon %s was used elsewhere a moment ago"), use->code);
          return FALSE;
        }

      if (!(stmt = _hy_database_prepare (db, insert_redemption, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, use->coupon_id);
      sqlite3_bind_int64 (stmt, 2, transaction_id);
      sqlite3_bind_int64 (stmt, 3, use->saving);
      sqlite3_bind_int64 (stmt, 4, at);
      if (!_hy_database_step_done (db, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * _hy_coupons_of_sale:
 *
 * Returns: (element-type HyCouponUse): the coupons the sale redeemed, as the receipt showed them
 */
GPtrArray *
_hy_coupons_of_sale (HyDatabase  *db,
                     gint64       transaction_id,
                     GError     **error)
{
  static const char select_redeemed[] =
    "SELECT r.coupon_id, c.code, t.name, r.saving FROM coupon_redemptions r"
    "  JOIN coupons c ON c.id = r.coupon_id JOIN coupon_templates t ON t.id = c.template_id"
    " WHERE r.transaction_id = ?1 ORDER BY r.id";
  g_autoptr(GPtrArray) uses = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_coupon_use_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hy_database_prepare (db, select_redeemed, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, transaction_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HyCouponUse *use = g_new0 (HyCouponUse, 1);

      use->coupon_id = sqlite3_column_int64 (stmt, 0);
      use->code = g_strdup (_hy_column_text (stmt, 1));
      use->name = g_strdup (_hy_column_text (stmt, 2));
      use->saving = sqlite3_column_int64 (stmt, 3);
      use->applied = TRUE;
      g_ptr_array_add (uses, use);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not read the sale’s coupons"));
      return NULL;
    }

  return g_steal_pointer (&uses);
}

/* The refund @refund_id completed the sale: its coupons become usable again.  Returns how many,
 * or -1 with @error. */
gint64
_hy_coupons_restore (HyDatabase  *db,
                     gint64       sale_id,
                     gint64       refund_id,
                     GError     **error)
{
  static const char update_redemptions[] =
    "UPDATE coupon_redemptions SET restored_by = ?2 WHERE transaction_id = ?1 AND restored_by IS NULL";
  static const char update_coupons[] =
    "UPDATE coupons SET state = 0, transaction_id = NULL, saving = 0"
    " WHERE transaction_id = ?1 AND state = 1";
  sqlite3_stmt *stmt;

  if (!(stmt = _hy_database_prepare (db, update_redemptions, error)))
    return -1;
  sqlite3_bind_int64 (stmt, 1, sale_id);
  sqlite3_bind_int64 (stmt, 2, refund_id);
  if (!_hy_database_step_done (db, stmt, error) ||
      !(stmt = _hy_database_prepare (db, update_coupons, error)))
    return -1;
  sqlite3_bind_int64 (stmt, 1, sale_id);
  if (!_hy_database_step_done (db, stmt, error))
    return -1;

  return sqlite3_changes (_hy_database_get_handle (db));
}
