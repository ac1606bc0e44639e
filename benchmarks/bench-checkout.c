/* bench-checkout.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Checkout and refund end to end on the shared benchmark database, each a durable commit
 * (WAL, synchronous=FULL): identify by phone, member price, points and stored value, earn,
 * tier upgrade, receipt; then checkouts that look for the member's best coupons and redeem one (满50减5,
 * issued beforehand, untimed).  Target: p99 below 10 ms.  Keys carry the process id and time, so runs
 * add new checkouts and never replay an earlier run's.
 */

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "hy-bench.h"
#include "hy-checkout.h"
#include "hy-coupon-store.h"
#include "hy-database-private.h"
#include "hy-member-store.h"
#include "hy-stored-value-ledger.h"
#include "hy-tier-store.h"
#include "hy-time.h"

#define N_CHECKOUTS 2000

static GPtrArray *
sample_phones (HyDatabase *db)
{
  GPtrArray *phones = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (_hy_database_get_handle (db),
                      "SELECT value FROM member_identities WHERE kind = 'phone' ORDER BY random () LIMIT 2000",
                      -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (phones, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  return phones;
}

static void
ensure_tiers (HyDatabase *db)
{
  g_autoptr(HyTierStore) tiers = hy_tier_store_new (db);
  g_autoptr(GPtrArray) list = hy_tier_store_list (tiers, NULL);
  g_autoptr(HyTier) base = hy_tier_new ();
  g_autoptr(HyTier) silver = hy_tier_new ();
  g_autoptr(GError) error = NULL;

  if (list != NULL && list->len > 0)
    return;

  g_free (base->name);
  base->name = g_strdup ("普通");
  base->validity_days = 0;
  g_free (silver->name);
  silver->name = g_strdup ("银卡");
  silver->level = 1;
  silver->min_spend = 200000;
  silver->price_percent = 95;
  silver->points_percent = 120;
  if (hy_tier_store_define (tiers, base, &error) < 0 || hy_tier_store_define (tiers, silver, &error) < 0)
    g_error ("Could not define the tiers: %s", error->message);
}

/* One 满50减5 for each member in @members; the template is shared by every run. */
static void
issue_coupons (HyDatabase *db,
               GArray     *members,
               const char *run)
{
  g_autoptr(HyCouponStore) store = hy_coupon_store_new (db);
  g_autoptr(HyCouponTemplate) tmpl = hy_coupon_store_find_template (store, "bench 满50减5", NULL);
  g_autoptr(GPtrArray) issued = NULL;
  g_autofree char *key = g_strdup_printf ("%s/coupons", run);
  g_autoptr(GError) error = NULL;

  if (tmpl == NULL)
    {
      tmpl = hy_coupon_template_new ();
      g_free (tmpl->name);
      tmpl->name = g_strdup ("bench 满50减5");
      tmpl->kind = HY_COUPON_THRESHOLD_OFF;
      tmpl->amount = 500;
      tmpl->threshold = 5000;
      tmpl->valid_days = 30;
      if ((tmpl->id = hy_coupon_store_define (store, tmpl, &error)) < 0)
        g_error ("Could not define the coupon: %s", error->message);
    }
  if (!(issued = hy_coupon_store_issue (store, tmpl->id, (const gint64 *) members->data, members->len, key, &error)))
    g_error ("Could not issue the coupons: %s", error->message);
}

static void
report (const char *name,
        GArray     *times)
{
  g_autofree char *p50 = g_strdup_printf ("%s: p50", name);
  g_autofree char *p99 = g_strdup_printf ("%s: p99", name);
  g_autofree char *max = g_strdup_printf ("%s: max", name);

  g_array_sort (times, hy_bench_compare_doubles);
  hy_bench_report (p50, hy_bench_percentile (times, 0.50), "ms");
  hy_bench_report (p99, hy_bench_percentile (times, 0.99), "ms");
  hy_bench_report (max, hy_bench_percentile (times, 1.0), "ms");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HyDatabase) db = hy_bench_open_db (TRUE);
  g_autoptr(HyCheckout) checkout = hy_checkout_new (db);
  g_autoptr(HyStoredValueLedger) wallet = hy_stored_value_ledger_new (db);
  g_autoptr(GPtrArray) phones = sample_phones (db);
  g_autoptr(GArray) sales = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) checkout_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) refund_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) coupon_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) coupon_members = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 coupon_saved = 0;
  g_autofree char *run = g_strdup_printf ("bench-%d-%" G_GINT64_FORMAT, (int) getpid (), g_get_real_time ());
  g_autoptr(HyMemberStore) members = hy_member_store_new (db);
  g_autoptr(GError) error = NULL;
  const HyCheckoutLine lines[] = {
    { .sku = "M001", .category = "乳品", .quantity = 2, .unit_price = 1250 },
    { .sku = "F017", .category = "生鲜", .quantity = 1.5, .unit_price = 3980 },
    { .sku = "D230", .category = "日用", .quantity = 1, .unit_price = 2990, .member_unit_price = 2590 },
  };

  hy_time_set_now (0);
  ensure_tiers (db);

  /* Half the members have stored value to pay with (not timed). */
  for (guint i = 0; i < phones->len; i += 2)
    {
      g_autofree char *key = g_strdup_printf ("%s/top-up/%u", run, i);
      gint64 member = hy_member_store_find (members, HY_IDENTITY_PHONE, phones->pdata[i], NULL);

      if (member > 0 && hy_stored_value_ledger_top_up (wallet, member, 50000, "cash", key, NULL, NULL, &error) < 0)
        g_error ("Could not top up: %s", error->message);
    }

  for (guint i = 0; i < N_CHECKOUTS; i++)
    {
      g_autofree char *key = g_strdup_printf ("%s/sale/%u", run, i);
      g_auto(HyReceipt) receipt = { 0 };
      HyCheckoutRequest request = {
        .identity_kind = HY_IDENTITY_PHONE,
        .identity = phones->len > 0 ? phones->pdata[i % phones->len] : NULL,
        .lines = lines, .n_lines = G_N_ELEMENTS (lines),
        .points = i % 3 == 0 ? -1 : 0,
        .stored_value = i % 2 == 0 ? -1 : 0,
        .idempotency_key = key,
      };
      double started = hy_bench_now ();
      double elapsed;

      if (!hy_checkout_run (checkout, &request, &receipt, &error))
        g_error ("Checkout failed: %s", error->message);
      elapsed = hy_bench_now () - started;
      g_array_append_val (checkout_ms, elapsed);
      g_array_append_val (sales, receipt.transaction_id);
    }

  for (guint i = 0; i < sales->len; i += 2)
    {
      g_autofree char *key = g_strdup_printf ("%s/refund/%u", run, i);
      HyCheckoutRefund refund = {
        .sale_id = g_array_index (sales, gint64, i),
        .amount = i % 4 == 0 ? 1000 : 0,   /* a part, or all of it */
        .idempotency_key = key,
      };
      HyRefundReceipt receipt = { 0 };
      double started = hy_bench_now ();
      double elapsed;

      if (!hy_checkout_refund (checkout, &refund, &receipt, &error))
        g_error ("Refund failed: %s", error->message);
      elapsed = hy_bench_now () - started;
      g_array_append_val (refund_ms, elapsed);
    }

  /* Checkouts with coupons: each member sampled holds one, and the checkout finds and redeems it. */
  for (guint i = 0; i < phones->len; i++)
    {
      gint64 member = hy_member_store_find (members, HY_IDENTITY_PHONE, phones->pdata[i], NULL);

      if (member > 0)
        g_array_append_val (coupon_members, member);
    }
  if (coupon_members->len > 0)
    issue_coupons (db, coupon_members, run);
  for (guint i = 0; i < coupon_members->len; i++)
    {
      g_autofree char *key = g_strdup_printf ("%s/coupon-sale/%u", run, i);
      g_auto(HyReceipt) receipt = { 0 };
      HyCheckoutRequest request = {
        .member_id = g_array_index (coupon_members, gint64, i),
        .lines = lines, .n_lines = G_N_ELEMENTS (lines),
        .best_coupons = TRUE,
        .idempotency_key = key,
      };
      double started = hy_bench_now ();
      double elapsed;

      if (!hy_checkout_run (checkout, &request, &receipt, &error))
        g_error ("Checkout with a coupon failed: %s", error->message);
      elapsed = hy_bench_now () - started;
      g_array_append_val (coupon_ms, elapsed);
      coupon_saved += receipt.coupon_saved;
    }

  hy_bench_report ("checkout: members sampled", phones->len, "");
  report ("checkout: durable checkout", checkout_ms);
  report ("checkout: durable refund", refund_ms);
  hy_bench_report ("checkout: coupons redeemed", coupon_saved / 500, "");
  if (coupon_ms->len > 0)
    report ("checkout: durable checkout with a coupon", coupon_ms);
  return 0;
}
