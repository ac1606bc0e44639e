/* test-checkout.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hy-check.h"
#include "hy-checkout.h"
#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-points-ledger.h"
#include "hy-stored-value-ledger.h"
#include "hy-test-util.h"
#include "hy-tier-store.h"
#include "hy-time.h"

static void
at (HyTestFixture *fixture,
    const char    *when)
{
  hy_time_set_now (hy_test_local_time (fixture->db, when));
}

static void
define_tiers (HyTestFixture *fixture)
{
  g_autoptr(HyTierStore) tiers = hy_tier_store_new (fixture->db);
  g_autoptr(HyTier) base = hy_tier_new ();
  g_autoptr(HyTier) silver = hy_tier_new ();
  g_autoptr(GError) error = NULL;

  g_free (base->name);
  base->name = g_strdup ("普通");
  base->validity_days = 0;
  hy_tier_store_define (tiers, base, &error);
  g_assert_no_error (error);

  g_free (silver->name);
  silver->name = g_strdup ("银卡");
  silver->level = 1;
  silver->min_spend = 100000;
  silver->price_percent = 95;
  silver->points_percent = 120;
  hy_tier_store_define (tiers, silver, &error);
  g_assert_no_error (error);
}

static char *
points_statement (HyTestFixture *fixture,
                  gint64         member)
{
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = hy_points_ledger_list_entries (points, member, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      HyPointsEntry *e = entries->pdata[i];

      g_string_append_printf (out, "%s:%lld:%lld;", hy_points_kind_to_string (e->kind),
                              (long long) e->points, (long long) e->balance_after);
    }
  return g_string_free (out, FALSE);
}

static void
assert_check_clean (HyDatabase *db)
{
  g_autoptr(HyCheckReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (hy_database_check (db, HY_CHECK_DEFAULT, &report, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < report->problems->len; i++)
    g_test_message ("%s", ((HyCheckProblem *) report->problems->pdata[i])->message);
  g_assert_cmpuint (report->n_problems, ==, 0);
}

/* Every table's every row, and the schema: two equal dumps mean equal content. */
static char *
dump_database (HyDatabase *db)
{
  sqlite3 *handle = _hy_database_get_handle (db);
  GString *out = g_string_new (NULL);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (handle, "SELECT type, name, coalesce (sql, '') FROM sqlite_schema ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_string_append_printf (out, "%s %s %s\n", sqlite3_column_text (stmt, 0),
                              sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2));
      if (g_str_equal ((const char *) sqlite3_column_text (stmt, 0), "table"))
        g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);

  for (guint t = 0; t < tables->len; t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", (char *) tables->pdata[t]);

      g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_string_append_printf (out, "[%s]\n", (char *) tables->pdata[t]);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              if (sqlite3_column_type (stmt, c) == SQLITE_BLOB)
                {
                  const guchar *bytes = sqlite3_column_blob (stmt, c);

                  for (int i = 0; i < sqlite3_column_bytes (stmt, c); i++)
                    g_string_append_printf (out, "%02x", bytes[i]);
                }
              else if (sqlite3_column_type (stmt, c) == SQLITE_NULL)
                g_string_append (out, "NULL");
              else
                g_string_append (out, (const char *) sqlite3_column_text (stmt, c));
              g_string_append_c (out, '|');
            }
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
    }

  return g_string_free (out, FALSE);
}

static void
checkout (HyCheckout              *co,
          const HyCheckoutRequest *request,
          HyReceipt               *receipt)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hy_checkout_run (co, request, receipt, &error));
  g_assert_no_error (error);
}

/* A tier's own price for a SKU: used for its members instead of its percent; a price the till
 * gives on the line still wins; other tiers and walk-ins pay as before. */
static void
test_checkout_tier_sku_price (HyTestFixture *fixture,
                              gconstpointer  data)
{
  g_autoptr(HyCheckout) co = hy_checkout_new (fixture->db);
  g_autoptr(HyTierStore) tiers = hy_tier_store_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_auto(HyReceipt) upgrade = { 0 };
  g_auto(HyReceipt) priced = { 0 };
  g_auto(HyReceipt) removed = { 0 };
  g_auto(HyReceipt) walk_in = { 0 };
  gint64 member = hy_test_add_member (fixture, "刘", "13600000001");
  gint64 silver;
  const HyCheckoutLine lines[] = {
    { .sku = "A1", .category = "护肤", .quantity = 2, .unit_price = 12850 },
    { .sku = "B2", .category = "食品", .quantity = 1, .unit_price = 3300, .member_unit_price = 3000 },
    { .sku = "C3", .category = "食品", .quantity = 1, .unit_price = 1000 },
  };
  HyCheckoutRequest big = { .member_id = member, .amount = 100000, .idempotency_key = "k-1" };
  HyCheckoutRequest basket = { .member_id = member, .lines = lines, .n_lines = 3, .idempotency_key = "k-2" };
  HyCheckoutRequest again = { .member_id = member, .lines = lines, .n_lines = 3, .idempotency_key = "k-3" };
  HyCheckoutRequest anonymous = { .lines = lines, .n_lines = 3, .idempotency_key = "k-4" };

  define_tiers (fixture);
  silver = hy_test_query_int (fixture->db, "SELECT id FROM tiers WHERE name = '银卡'");

  /* 银卡 pays 110.00 a unit for A1 and 30.00 for B2 (the till's 30.00 wins anyway). */
  g_assert_true (hy_tier_store_set_sku_price (tiers, silver, "A1", 11000, &error));
  g_assert_no_error (error);
  g_assert_true (hy_tier_store_set_sku_price (tiers, silver, "B2", 2500, &error));
  g_assert_no_error (error);
  g_assert_false (hy_tier_store_set_sku_price (tiers, 999, "A1", 100, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (hy_tier_store_set_sku_price (tiers, silver, "", 100, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);

  checkout (co, &big, &upgrade);
  g_assert_cmpstr (upgrade.tier_name, ==, "银卡");

  /* A1 2 x 110.00 = 220.00; B2 the till's 30.00; C3 at 95% = 9.50: 259.50 of 300.00 */
  checkout (co, &basket, &priced);
  g_assert_cmpint (priced.gross, ==, 30000);
  g_assert_cmpint (priced.due, ==, 25950);
  g_assert_cmpint (priced.saved, ==, 4050);

  /* Without the SKU price, A1 is back at 95%: 244.15 + 30.00 + 9.50 */
  g_assert_true (hy_tier_store_set_sku_price (tiers, silver, "A1", -1, &error));
  g_assert_no_error (error);
  checkout (co, &again, &removed);
  g_assert_cmpint (removed.due, ==, 24415 + 3000 + 950);

  /* Walk-ins pay list price. */
  checkout (co, &anonymous, &walk_in);
  g_assert_cmpint (walk_in.due, ==, 30000);
  assert_check_clean (fixture->db);
}

static void
test_checkout_member_price_and_earn (HyTestFixture *fixture,
                                     gconstpointer  data)
{
  g_autoptr(HyCheckout) co = hy_checkout_new (fixture->db);
  g_auto(HyReceipt) first = { 0 };
  g_auto(HyReceipt) second = { 0 };
  g_auto(HyReceipt) walk_in = { 0 };
  g_autofree char *ledger = NULL;
  gint64 member = hy_test_add_member (fixture, "刘", "13600000001");
  const HyCheckoutLine lines[] = {
    { .sku = "A1", .category = "护肤", .quantity = 2, .unit_price = 12850 },
    { .sku = "B2", .category = "食品", .quantity = 1, .unit_price = 3300, .member_unit_price = 3000 },
  };
  HyCheckoutRequest big = {
    .identity_kind = HY_IDENTITY_PHONE, .identity = "136 0000 0001",
    .amount = 100000, .idempotency_key = "till1-0001",
  };
  HyCheckoutRequest basket = {
    .member_id = member, .lines = lines, .n_lines = G_N_ELEMENTS (lines),
    .idempotency_key = "till1-0002", .tender_method = "wechat",
  };
  HyCheckoutRequest anonymous = { .lines = lines, .n_lines = 2, .idempotency_key = "till1-0003" };

  define_tiers (fixture);

  /* 1000.00 at the base price; it qualifies for silver, which applies from the next purchase */
  checkout (co, &big, &first);
  g_assert_cmpint (first.member_id, ==, member);
  g_assert_cmpint (first.gross, ==, 100000);
  g_assert_cmpint (first.saved, ==, 0);
  g_assert_cmpint (first.paid, ==, 100000);
  g_assert_cmpint (first.points_earned, ==, 100);
  g_assert_true (first.tier_changed);
  g_assert_cmpstr (first.tier_name, ==, "银卡");

  /* 257.00 at 95% is 244.15; the 食品 line has its own member price, 30.00 */
  checkout (co, &basket, &second);
  g_assert_cmpint (second.gross, ==, 29000);
  g_assert_cmpint (second.due, ==, 27415);
  g_assert_cmpint (second.saved, ==, 1585);
  g_assert_cmpint (second.paid, ==, 27415);
  /* 274.15 x 10/100 x 1.2 = 32.898 -> 32 */
  g_assert_cmpint (second.points_earned, ==, 32);
  g_assert_cmpint (second.points_balance, ==, 132);
  g_assert_false (second.tier_changed);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT amount FROM transaction_payments WHERE method = 'wechat'"), ==, 27415);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT discount FROM transactions ORDER BY id DESC"), ==, 1585);

  /* a walk-in pays list price and earns nothing */
  checkout (co, &anonymous, &walk_in);
  g_assert_cmpint (walk_in.member_id, ==, 0);
  g_assert_cmpint (walk_in.due, ==, 29000);
  g_assert_cmpint (walk_in.points_earned, ==, 0);

  ledger = points_statement (fixture, member);
  g_assert_cmpstr (ledger, ==, "earn:100:100;earn:32:132;");
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM tier_history"), ==, 1);
  hy_test_assert_stats_consistent (fixture, member);
  assert_check_clean (fixture->db);
}

static void
test_checkout_points_and_stored_value (HyTestFixture *fixture,
                                       gconstpointer  data)
{
  g_autoptr(HyCheckout) co = hy_checkout_new (fixture->db);
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(HyStoredValueLedger) wallet = hy_stored_value_ledger_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_auto(HyReceipt) r = { 0 };
  gint64 member = hy_test_add_member (fixture, "陈", "13600000002");
  HyCheckoutRequest request = {
    .member_id = member, .amount = 30000, .points = -1, .stored_value = -1,
    .idempotency_key = "till1-0100",
  };
  HyCheckoutRequest too_many = { .member_id = member, .amount = 1000, .points = 600, .idempotency_key = "x1" };

  hy_points_ledger_adjust (points, member, 1000, "welcome", "adj-1", NULL, &error);
  hy_stored_value_ledger_top_up (wallet, member, 100000, "cash", "top-1", NULL, NULL, &error);
  g_assert_no_error (error);

  /* 6.00 of points on a 10.00 order is over the 50% cap; nothing is written */
  g_assert_false (hy_checkout_run (co, &too_many, &r, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "at most 5.00"));
  g_clear_error (&error);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transactions"), ==, 0);

  /* 1000 points pay 10.00; stored value pays the other 290.00, 26.36 of it bonus */
  checkout (co, &request, &r);
  g_assert_cmpint (r.points_used, ==, 1000);
  g_assert_cmpint (r.points_value, ==, 1000);
  g_assert_cmpint (r.stored_value_principal, ==, 26364);
  g_assert_cmpint (r.stored_value_bonus, ==, 2636);
  g_assert_cmpint (r.paid, ==, 0);
  g_assert_cmpint (r.points_earned, ==, 29);          /* on 290.00, not on the points */
  g_assert_cmpint (r.points_balance, ==, 29);
  g_assert_cmpint (r.stored_value_balance, ==, 81000);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT amount FROM transaction_payments WHERE method = 'points'"), ==, 1000);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT amount FROM transaction_payments WHERE method = 'stored_value'"), ==, 29000);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transaction_payments"), ==, 2);
  assert_check_clean (fixture->db);
}

static void
test_checkout_replay (HyTestFixture *fixture,
                      gconstpointer  data)
{
  g_autoptr(HyCheckout) co = hy_checkout_new (fixture->db);
  g_autoptr(HyStoredValueLedger) wallet = hy_stored_value_ledger_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_auto(HyReceipt) first = { 0 };
  g_auto(HyReceipt) again = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 member = hy_test_add_member (fixture, "杨", "13600000003");
  HyCheckoutRequest request = {
    .member_id = member, .amount = 12345, .stored_value = 2000, .idempotency_key = "till2-7",
  };

  define_tiers (fixture);
  hy_stored_value_ledger_top_up (wallet, member, 5000, "cash", "top-1", NULL, NULL, &error);
  g_assert_no_error (error);

  checkout (co, &request, &first);
  g_assert_false (first.replayed);
  before = dump_database (fixture->db);

  /* the till retries, even with another amount: the first receipt, nothing new posted */
  request.amount = 99999;
  checkout (co, &request, &again);
  g_assert_true (again.replayed);
  after = dump_database (fixture->db);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (again.transaction_id, ==, first.transaction_id);
  g_assert_cmpint (again.due, ==, 12345);
  g_assert_cmpint (again.paid, ==, first.paid);
  g_assert_cmpint (again.stored_value_principal, ==, 2000);
  g_assert_cmpint (again.points_earned, ==, first.points_earned);
  g_assert_cmpint (again.points_balance, ==, first.points_balance);
  g_assert_cmpint (again.stored_value_balance, ==, 3000);
  g_assert_cmpstr (again.tier_name, ==, "普通");

  request.idempotency_key = NULL;
  hy_receipt_clear (&again);   /* hy_checkout_run () starts from an empty receipt */
  g_assert_false (hy_checkout_run (co, &request, &again, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
}

static void
test_checkout_refund_after_redemption (HyTestFixture *fixture,
                                       gconstpointer  data)
{
  g_autoptr(HyCheckout) co = hy_checkout_new (fixture->db);
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_auto(HyReceipt) sale = { 0 };
  HyRefundReceipt half = { 0 }, rest = { 0 }, again = { 0 };
  g_autofree char *ledger = NULL;
  gint64 member = hy_test_add_member (fixture, "黄", "13600000004");
  HyCheckoutRequest request = {
    .member_id = member, .amount = 20000, .points = 500, .idempotency_key = "sale-1",
  };
  HyCheckoutRefund refund = { .amount = 10000, .idempotency_key = "refund-1", .reason = "退货" };

  at (fixture, "2024-06-01 10:00");
  hy_points_ledger_adjust (points, member, 500, "welcome", "adj", NULL, &error);
  g_assert_no_error (error);

  /* 500 points pay 5.00 of 200.00; 195.00 earns 19 points, usable tomorrow */
  checkout (co, &request, &sale);
  g_assert_cmpint (sale.points_value, ==, 500);
  g_assert_cmpint (sale.paid, ==, 19500);
  g_assert_cmpint (sale.points_earned, ==, 19);

  /* the member spends 15 of the 19 the next day */
  at (fixture, "2024-06-02 10:00");
  hy_points_ledger_redeem (points, member, 15, "gift", "gift-1", NULL, &error);
  g_assert_no_error (error);

  /* half comes back: 250 points returned, 9.5 -> 10 points clawed back, 97.50 in cash */
  at (fixture, "2024-06-03 10:00");
  refund.sale_id = sale.transaction_id;
  g_assert_true (hy_checkout_refund (co, &refund, &half, &error));
  g_assert_no_error (error);
  g_assert_cmpint (half.amount, ==, 10000);
  g_assert_cmpint (half.points_returned, ==, 250);
  g_assert_cmpint (half.points_value, ==, 250);
  g_assert_cmpint (half.paid_back, ==, 9750);
  g_assert_cmpint (half.points_clawed_back, ==, 10);
  g_assert_cmpint (half.points_short, ==, 0);
  g_assert_cmpint (half.points_balance, ==, 244);

  g_assert_true (hy_checkout_refund (co, &refund, &again, &error));
  g_assert_true (again.replayed);
  g_assert_cmpint (again.refund_id, ==, half.refund_id);
  g_assert_cmpint (again.points_clawed_back, ==, 10);

  /* the rest: exactly what is left of each part */
  refund.amount = 0;
  refund.idempotency_key = "refund-2";
  g_assert_true (hy_checkout_refund (co, &refund, &rest, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rest.amount, ==, 10000);
  g_assert_cmpint (rest.points_returned, ==, 250);
  g_assert_cmpint (rest.paid_back, ==, 9750);
  g_assert_cmpint (rest.points_clawed_back, ==, 9);
  g_assert_cmpint (rest.points_balance, ==, 485);

  ledger = points_statement (fixture, member);
  g_assert_cmpstr (ledger, ==,
                   "adjust:500:500;redeem:-500:0;earn:19:19;redeem:-15:4;"
                   "return:250:254;clawback:-10:244;return:250:494;clawback:-9:485;");
  hy_test_assert_stats_consistent (fixture, member);
  assert_check_clean (fixture->db);
}

static void
test_checkout_clawback_short (HyTestFixture *fixture,
                              gconstpointer  data)
{
  g_autoptr(HyCheckout) co = hy_checkout_new (fixture->db);
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_auto(HyReceipt) sale = { 0 };
  HyRefundReceipt r = { 0 };
  g_autofree char *ledger = NULL;
  gint64 member = hy_test_add_member (fixture, "赵", "13600000005");
  HyCheckoutRequest request = { .member_id = member, .amount = 100000, .idempotency_key = "s" };
  HyCheckoutRefund refund = { .idempotency_key = "r" };

  at (fixture, "2024-06-01 10:00");
  checkout (co, &request, &sale);
  at (fixture, "2024-06-02 10:00");
  hy_points_ledger_redeem (points, member, 80, "gift", "g", NULL, &error);
  g_assert_no_error (error);

  /* all 100 should come back, only 20 are left: the balance stops at 0 and 80 are short */
  refund.sale_id = sale.transaction_id;
  g_assert_true (hy_checkout_refund (co, &refund, &r, &error));
  g_assert_cmpint (r.points_clawed_back, ==, 20);
  g_assert_cmpint (r.points_short, ==, 80);
  g_assert_cmpint (r.points_balance, ==, 0);
  g_assert_cmpint (r.paid_back, ==, 100000);
  ledger = points_statement (fixture, member);
  g_assert_cmpstr (ledger, ==, "earn:100:100;redeem:-80:20;clawback:-20:0;");
  assert_check_clean (fixture->db);
}

static void
test_checkout_refund_in_thirds (HyTestFixture *fixture,
                                gconstpointer  data)
{
  g_autoptr(HyCheckout) co = hy_checkout_new (fixture->db);
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(HyStoredValueLedger) wallet = hy_stored_value_ledger_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_auto(HyReceipt) sale = { 0 };
  gint64 member = hy_test_add_member (fixture, "徐", "13600000008");
  HyCheckoutRequest request = {
    .member_id = member, .amount = 10001, .points = 1000, .stored_value = 3333,
    .idempotency_key = "thirds",
  };
  gint64 value = 0, principal = 0, bonus = 0, tender = 0, returned = 0, clawed = 0;

  hy_points_ledger_adjust (points, member, 1000, "welcome", "adj", NULL, &error);
  hy_stored_value_ledger_top_up (wallet, member, 100000, "cash", "top", NULL, NULL, &error);
  g_assert_no_error (error);
  checkout (co, &request, &sale);
  g_assert_cmpint (sale.stored_value_principal + sale.stored_value_bonus, ==, 3333);

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *key = g_strdup_printf ("thirds-%u", i);
      HyCheckoutRefund refund = { .sale_id = sale.transaction_id, .amount = i < 3 ? 3333 : 0, .idempotency_key = key };
      HyRefundReceipt r = { 0 };

      g_assert_true (hy_checkout_refund (co, &refund, &r, &error));
      g_assert_no_error (error);
      g_assert_cmpint (r.amount, ==, i < 3 ? 3333 : 2);
      g_assert_cmpint (r.points_value + r.stored_value_principal + r.stored_value_bonus + r.paid_back, ==, r.amount);
      g_assert_cmpint (r.points_value, >=, 0);
      g_assert_cmpint (r.stored_value_principal, >=, 0);
      g_assert_cmpint (r.stored_value_bonus, >=, 0);
      g_assert_cmpint (r.paid_back, >=, 0);
      value += r.points_value;
      principal += r.stored_value_principal;
      bonus += r.stored_value_bonus;
      tender += r.paid_back;
      returned += r.points_returned;
      clawed += r.points_clawed_back + r.points_short;
    }

  /* in four steps, every part comes back exactly */
  g_assert_cmpint (value, ==, sale.points_value);
  g_assert_cmpint (principal, ==, sale.stored_value_principal);
  g_assert_cmpint (bonus, ==, sale.stored_value_bonus);
  g_assert_cmpint (tender, ==, sale.paid);
  g_assert_cmpint (returned, ==, sale.points_used);
  g_assert_cmpint (clawed, ==, sale.points_earned);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT sv_principal + sv_bonus FROM member_balances"), ==, 110000);
  assert_check_clean (fixture->db);
}

static gboolean
fail_at (const char  *step,
         gpointer     user_data,
         GError     **error)
{
  if (!g_str_equal (step, user_data))
    return TRUE;

  g_set_error (error, HY_ERROR, HY_ERROR_FAILED, "injected failure at %s", step);
  return FALSE;
}

static void
test_checkout_failure_changes_nothing (HyTestFixture *fixture,
                                       gconstpointer  data)
{
  static const char * const steps[] = { "sale", "points", "stored-value", "earn", "tier", "receipt" };
  static const char * const refund_steps[] = { "refund", "refund-points", "refund-stored-value", "clawback", "refund-receipt" };
  g_autoptr(HyCheckout) co = hy_checkout_new (fixture->db);
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(HyStoredValueLedger) wallet = hy_stored_value_ledger_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_auto(HyReceipt) sale = { 0 };
  HyRefundReceipt refund_receipt = { 0 };
  gint64 member = hy_test_add_member (fixture, "吴", "13600000006");
  HyCheckoutRequest request = {
    .member_id = member, .amount = 150000, .points = 1000, .stored_value = 5000,
    .idempotency_key = "the-sale",
  };
  HyCheckoutRefund refund = { .amount = 50000, .idempotency_key = "the-refund" };

  define_tiers (fixture);
  at (fixture, "2024-06-01 10:00");
  hy_points_ledger_adjust (points, member, 2000, "welcome", "adj", NULL, &error);
  hy_stored_value_ledger_top_up (wallet, member, 10000, "cash", "top", NULL, NULL, &error);
  g_assert_no_error (error);
  before = dump_database (fixture->db);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *now = NULL;
      HyReceipt r = { 0 };

      hy_checkout_set_step_hook (co, fail_at, (gpointer) steps[i]);
      g_assert_false (hy_checkout_run (co, &request, &r, &error));
      g_assert_error (error, HY_ERROR, HY_ERROR_FAILED);
      g_clear_error (&error);
      now = dump_database (fixture->db);
      g_assert_cmpstr (now, ==, before);
    }

  /* SQLite itself refusing the last statement of the checkout */
  g_assert_true (_hy_database_exec (fixture->db,
                                    "CREATE TEMP TRIGGER fail_receipt BEFORE INSERT ON checkouts"
                                    " BEGIN SELECT RAISE (ABORT, 'injected'); END", NULL));
  hy_checkout_set_step_hook (co, NULL, NULL);
  {
    g_autofree char *now = NULL;
    HyReceipt r = { 0 };

    g_assert_false (hy_checkout_run (co, &request, &r, &error));
    g_assert_nonnull (strstr (error->message, "injected"));
    g_clear_error (&error);
    now = dump_database (fixture->db);
    g_assert_cmpstr (now, ==, before);
  }
  g_assert_true (_hy_database_exec (fixture->db, "DROP TRIGGER temp.fail_receipt", NULL));

  /* then the same checkout goes through, and its refund fails cleanly at every step */
  checkout (co, &request, &sale);
  g_assert_true (sale.tier_changed);
  {
    g_autofree char *now = dump_database (fixture->db);

    g_assert_cmpstr (now, !=, before);   /* the dump does see a checkout */
  }
  g_clear_pointer (&before, g_free);
  before = dump_database (fixture->db);
  refund.sale_id = sale.transaction_id;
  for (guint i = 0; i < G_N_ELEMENTS (refund_steps); i++)
    {
      g_autofree char *now = NULL;

      hy_checkout_set_step_hook (co, fail_at, (gpointer) refund_steps[i]);
      g_assert_false (hy_checkout_refund (co, &refund, &refund_receipt, &error));
      g_assert_error (error, HY_ERROR, HY_ERROR_FAILED);
      g_clear_error (&error);
      now = dump_database (fixture->db);
      g_assert_cmpstr (now, ==, before);
    }

  hy_checkout_set_step_hook (co, NULL, NULL);
  g_assert_true (hy_checkout_refund (co, &refund, &refund_receipt, &error));
  g_assert_no_error (error);
  assert_check_clean (fixture->db);
}

/* The helper run by test_checkout_two_processes: spends as much as it can, one unit at a time. */
static int
spend_helper (const char *path,
              gint64      member,
              const char *tag,
              gint64      now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HyDatabase) db = hy_database_open (path, HY_DATABASE_OPEN_DEFAULT, &error);
  g_autoptr(HyPointsLedger) points = NULL;
  g_autoptr(HyStoredValueLedger) wallet = NULL;
  guint redeemed = 0, spent = 0;

  if (db == NULL)
    return 3;
  hy_time_set_now (now);
  points = hy_points_ledger_new (db);
  wallet = hy_stored_value_ledger_new (db);

  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *pkey = g_strdup_printf ("%s-p%u", tag, i);
      g_autofree char *skey = g_strdup_printf ("%s-s%u", tag, i);

      if (hy_points_ledger_redeem (points, member, 50, "race", pkey, NULL, &error) > 0)
        redeemed++;
      else if (!g_error_matches (error, HY_ERROR, HY_ERROR_INVALID))
        return 4;
      g_clear_error (&error);

      if (hy_stored_value_ledger_spend (wallet, member, 500, "race", skey, NULL, &error) > 0)
        spent++;
      else if (!g_error_matches (error, HY_ERROR, HY_ERROR_INVALID))
        return 5;
      g_clear_error (&error);
    }

  g_print ("%u %u\n", redeemed, spent);
  return 0;
}

static void
test_checkout_two_processes (HyTestFixture *fixture,
                             gconstpointer  data)
{
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(HyStoredValueLedger) wallet = hy_stored_value_ledger_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", &error);
  g_autofree char *member_text = NULL;
  g_autofree char *now_text = g_strdup_printf ("%" G_GINT64_FORMAT, hy_time_now ());
  GSubprocess *children[2];
  guint redeemed = 0, spent = 0;
  gint64 member = hy_test_add_member (fixture, "郭", "13600000007");

  g_assert_no_error (error);
  hy_points_ledger_adjust (points, member, 1000, "race", "adj", NULL, &error);
  hy_stored_value_ledger_top_up (wallet, member, 10000, "cash", "top", NULL, NULL, &error);
  g_assert_no_error (error);
  member_text = g_strdup_printf ("%" G_GINT64_FORMAT, member);

  for (guint i = 0; i < 2; i++)
    {
      children[i] = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, self_exe, "--spend-helper",
                                      fixture->path, member_text, i == 0 ? "a" : "b", now_text, NULL);
      g_assert_no_error (error);
    }

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *out = NULL;
      guint r = 0, s = 0;

      g_subprocess_communicate_utf8 (children[i], NULL, NULL, &out, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_subprocess_get_exit_status (children[i]), ==, 0);
      g_assert_cmpint (sscanf (out, "%u %u", &r, &s), ==, 2);
      redeemed += r;
      spent += s;
      g_object_unref (children[i]);
    }

  /* together they wanted 3000 points and 300.00: exactly the 1000 and 100.00 there were went */
  g_assert_cmpuint (redeemed, ==, 20);
  g_assert_cmpuint (spent, ==, 20);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT sum (points) FROM points_ledger"), ==, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT sum (principal + bonus) FROM stored_value_ledger"), ==, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT points + sv_principal + sv_bonus FROM member_balances"), ==, 0);
  assert_check_clean (fixture->db);
}

/* A quote is what the checkout then charges, field by field, and writes nothing. */
static void
test_checkout_quote_matches_run (HyTestFixture *fixture,
                                 gconstpointer  data)
{
  g_autoptr(HyCheckout) co = hy_checkout_new (fixture->db);
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(HyStoredValueLedger) wallet = hy_stored_value_ledger_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_auto(HyCheckoutQuote) q = { 0 };
  g_auto(HyCheckoutQuote) over = { 0 };
  g_auto(HyReceipt) r = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 member = hy_test_add_member (fixture, "周", "13600000009");
  const HyCheckoutLine lines[] = {
    { .sku = "A1", .category = "护肤", .quantity = 2, .unit_price = 12850 },
    { .sku = "B2", .category = "食品", .quantity = 1, .unit_price = 3300, .member_unit_price = 3000 },
  };
  HyCheckoutRequest request = {
    .identity_kind = HY_IDENTITY_PHONE, .identity = "13600000009",
    .lines = lines, .n_lines = G_N_ELEMENTS (lines), .points = 500, .stored_value = 5000,
    .idempotency_key = "till1-0900",
  };
  HyCheckoutRequest too_many = request;

  define_tiers (fixture);
  hy_points_ledger_adjust (points, member, 1000, "welcome", "adj-9", NULL, &error);
  hy_stored_value_ledger_top_up (wallet, member, 100000, "cash", "top-9", NULL, NULL, &error);
  g_assert_no_error (error);

  before = dump_database (fixture->db);
  g_assert_true (hy_checkout_quote (co, &request, &q, &error));
  g_assert_no_error (error);
  after = dump_database (fixture->db);
  g_assert_cmpstr (before, ==, after);

  /* the base tier: 290.00, of which 5.00 in points and 50.00 in stored value */
  g_assert_cmpint (q.receipt.member_id, ==, member);
  g_assert_cmpstr (q.receipt.tier_name, ==, "普通");
  g_assert_cmpint (q.points_available, ==, 1000);
  g_assert_cmpint (q.points_max, ==, 1000);            /* 10.00 is within half of 287.00 */
  g_assert_cmpint (q.stored_value_held, ==, 110000);
  g_assert_cmpint (q.stored_value_max, ==, q.receipt.due - 500);

  checkout (co, &request, &r);
  g_assert_cmpint (q.receipt.gross, ==, r.gross);
  g_assert_cmpint (q.receipt.saved, ==, r.saved);
  g_assert_cmpint (q.receipt.due, ==, r.due);
  g_assert_cmpint (q.receipt.points_used, ==, r.points_used);
  g_assert_cmpint (q.receipt.points_value, ==, r.points_value);
  g_assert_cmpint (q.receipt.stored_value_principal, ==, r.stored_value_principal);
  g_assert_cmpint (q.receipt.stored_value_bonus, ==, r.stored_value_bonus);
  g_assert_cmpint (q.receipt.paid, ==, r.paid);
  g_assert_cmpint (q.receipt.points_earned, ==, r.points_earned);
  g_assert_cmpint (q.receipt.points_balance, ==, r.points_balance);
  g_assert_cmpint (q.receipt.stored_value_balance, ==, r.stored_value_balance);

  /* a quote over the cap fails as the checkout would */
  too_many.amount = 1000;
  too_many.lines = NULL;
  too_many.n_lines = 0;
  too_many.points = 400;
  g_assert_false (hy_checkout_quote (co, &too_many, &over, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  assert_check_clean (fixture->db);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 6 && g_str_equal (argv[1], "--spend-helper"))
    return spend_helper (argv[2], g_ascii_strtoll (argv[3], NULL, 10), argv[4],
                         g_ascii_strtoll (argv[5], NULL, 10));

  g_test_init (&argc, &argv, NULL);
  HY_TEST_ADD ("/core/checkout/member-price-and-earn", test_checkout_member_price_and_earn);
  HY_TEST_ADD ("/core/checkout/tier-sku-price", test_checkout_tier_sku_price);
  HY_TEST_ADD ("/core/checkout/points-and-stored-value", test_checkout_points_and_stored_value);
  HY_TEST_ADD ("/core/checkout/replay", test_checkout_replay);
  HY_TEST_ADD ("/core/checkout/quote-matches-run", test_checkout_quote_matches_run);
  HY_TEST_ADD ("/core/checkout/refund-after-redemption", test_checkout_refund_after_redemption);
  HY_TEST_ADD ("/core/checkout/clawback-short", test_checkout_clawback_short);
  HY_TEST_ADD ("/core/checkout/refund-in-thirds", test_checkout_refund_in_thirds);
  HY_TEST_ADD ("/core/checkout/failure-changes-nothing", test_checkout_failure_changes_nothing);
  HY_TEST_ADD ("/core/checkout/two-processes", test_checkout_two_processes);
  return g_test_run ();
}
