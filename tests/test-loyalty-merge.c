/* test-loyalty-merge.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a member merge and a refund do to points, stored value and tiers.
 */

#include <string.h>

#include "hy-audit-log.h"
#include "hy-check.h"
#include "hy-checkout.h"
#include "hy-error.h"
#include "hy-fraud.h"
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
  hy_tier_store_define (tiers, silver, &error);
  g_assert_no_error (error);
}

/* "kind:points:balance@expiry-day;" */
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
      g_autofree char *expiry = e->expires_at != 0
        ? hy_time_format_local (hy_database_get_time_zone (fixture->db), e->expires_at, FALSE)
        : g_strdup ("-");
      g_autofree char *usable = hy_time_format_local (hy_database_get_time_zone (fixture->db), e->available_at, FALSE);

      g_string_append_printf (out, "%s:%lld:%lld", hy_points_kind_to_string (e->kind),
                              (long long) e->points, (long long) e->balance_after);
      if (e->points > 0)
        g_string_append_printf (out, "@%s..%s", usable, expiry);
      g_string_append_c (out, ';');
    }
  return g_string_free (out, FALSE);
}

static char *
tier_name (HyTestFixture *fixture,
           gint64         member)
{
  g_autoptr(HyTierStore) tiers = hy_tier_store_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_autoptr(HyTier) tier = hy_tier_store_get_member_tier (tiers, member, NULL, &error);

  g_assert_no_error (error);
  return g_strdup (tier->name);
}

static void
test_merge_moves_ledgers (HyTestFixture *fixture,
                          gconstpointer  data)
{
  g_autoptr(HyCheckout) co = hy_checkout_new (fixture->db);
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(HyStoredValueLedger) wallet = hy_stored_value_ledger_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) flags = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autofree char *survivor_ledger = NULL;
  g_autofree char *merged_ledger = NULL;
  g_autofree char *survivor_tier = NULL;
  g_auto(HyReceipt) small = { 0 };
  g_auto(HyReceipt) big = { 0 };
  HyStoredValueBalance balance;
  HyFraudRules rules;
  gint64 survivor = hy_test_add_member (fixture, "林", "13500000001");
  gint64 merged = hy_test_add_member (fixture, "林某", "13500000002");
  HyCheckoutRequest r1 = { .member_id = survivor, .amount = 10000, .idempotency_key = "a1" };
  HyCheckoutRequest r2 = { .member_id = merged, .amount = 100000, .idempotency_key = "b1" };

  define_tiers (fixture);
  g_assert_true (hy_database_set_setting (fixture->db, "stored_value.bonus_rules", "50000:5000", &error));

  at (fixture, "2024-06-01 10:00");
  g_assert_true (hy_checkout_run (co, &r1, &small, &error));
  g_assert_cmpint (hy_points_ledger_adjust (points, merged, 200, "老卡迁移", "adj", NULL, &error), >, 0);
  g_assert_cmpint (hy_stored_value_ledger_top_up (wallet, merged, 50000, "cash", "top", NULL, NULL, &error), >, 0);
  g_assert_no_error (error);
  at (fixture, "2024-06-02 10:00");
  g_assert_true (hy_checkout_run (co, &r2, &big, &error));
  g_assert_true (big.tier_changed);
  at (fixture, "2024-06-03 10:00");
  g_assert_cmpint (hy_points_ledger_redeem (points, merged, 50, "礼品", "gift", NULL, &error), >, 0);
  g_assert_no_error (error);

  at (fixture, "2024-06-04 10:00");
  g_assert_true (hy_member_store_merge (fixture->members, survivor, merged, NULL, "同一人两张卡", &error));
  g_assert_no_error (error);

  /* each lot moves with its own dates: 150 left of the 200 (oldest expiry, spent first), all 100;
   * the merged record's own rows (its id now resolves to the survivor) end at 0 */
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM points_ledger WHERE member_id = 2"), ==, 5);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT sum (points) FROM points_ledger WHERE member_id = 2"), ==, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT points FROM points_ledger WHERE member_id = 2 AND id = 5"), ==, -150);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT points FROM points_ledger WHERE member_id = 2 AND id = 7"), ==, -100);
  /* moved lots are TRANSFER entries, paired out and in */
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM points_ledger WHERE kind = 10"), ==, 4);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT sum (points) FROM points_ledger WHERE kind = 10"), ==, 0);
  merged_ledger = points_statement (fixture, merged);
  survivor_ledger = points_statement (fixture, survivor);
  g_assert_cmpstr (survivor_ledger, ==,
                   "earn:10:10@2024-06-02..2025-06-02;transfer:150:160@2024-06-01..2025-06-02;"
                   "transfer:100:260@2024-06-03..2025-06-03;");
  g_assert_cmpstr (merged_ledger, ==, survivor_ledger);

  /* 500.00 principal and 50.00 bonus, kept apart */
  g_assert_true (hy_stored_value_ledger_get_balance (wallet, survivor, &balance, &error));
  g_assert_cmpint (balance.principal, ==, 50000);
  g_assert_cmpint (balance.bonus, ==, 5000);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT points + sv_principal + sv_bonus FROM member_balances WHERE member_id = 2"), ==, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT points FROM member_balances WHERE member_id = 1"), ==, 260);

  /* the survivor takes the merged record's silver */
  survivor_tier = tier_name (fixture, survivor);
  g_assert_cmpstr (survivor_tier, ==, "银卡");
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT reason FROM tier_history WHERE member_id = 1 ORDER BY id DESC"), ==, HY_TIER_CHANGE_MANUAL);

  /* audited; the moves are not flagged as adjustments by hand, the 200 is */
  audit = hy_audit_log_list (fixture->db, 0, &error);
  g_assert_cmpstr (((HyAuditEntry *) audit->pdata[audit->len - 1])->action, ==, "member.merge");
  hy_fraud_rules_init (&rules);
  rules.large_adjustment = 100;
  flags = hy_fraud_scan (fixture->db, &rules, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flags->len, ==, 1);
  g_assert_cmpint (((HyFraudFlag *) flags->pdata[0])->value, ==, 200);
  assert_check_clean (fixture->db);

  /* a refund of the merged record's sale now reverses on the survivor */
  {
    HyCheckoutRefund refund = { .sale_id = big.transaction_id, .reason = "退", .idempotency_key = "rb" };
    HyRefundReceipt rr = { 0 };

    g_assert_true (hy_checkout_refund (co, &refund, &rr, &error));
    g_assert_no_error (error);
    g_assert_cmpint (rr.points_clawed_back, ==, 100);
    g_assert_cmpint (rr.points_short, ==, 0);
    g_assert_cmpint (rr.points_balance, ==, 160);
  }
  assert_check_clean (fixture->db);
}

static void
test_refund_reevaluates_tier (HyTestFixture *fixture,
                              gconstpointer  data)
{
  g_autoptr(HyCheckout) co = hy_checkout_new (fixture->db);
  g_autoptr(GError) error = NULL;
  gint64 one = hy_test_add_member (fixture, "一", "13500000011");
  gint64 two = hy_test_add_member (fixture, "二", "13500000012");
  HyCheckoutRequest lift = { .member_id = one, .amount = 100000, .idempotency_key = "l1" };
  HyCheckoutRequest first = { .member_id = two, .amount = 60000, .idempotency_key = "t1" };
  HyCheckoutRequest second = { .member_id = two, .amount = 50000, .idempotency_key = "t2" };
  g_auto(HyReceipt) r_lift = { 0 };
  g_auto(HyReceipt) r_first = { 0 };
  g_auto(HyReceipt) r_second = { 0 };

  define_tiers (fixture);
  at (fixture, "2024-06-01 10:00");
  g_assert_true (hy_checkout_run (co, &lift, &r_lift, &error));
  g_assert_true (r_lift.tier_changed);

  /* 1000.00 lifted them to silver; 0.01 back and 999.99 no longer qualifies: back to 普通 */
  {
    HyCheckoutRefund refund = { .sale_id = r_lift.transaction_id, .amount = 1, .reason = "少找", .idempotency_key = "x1" };
    HyRefundReceipt rr = { 0 }, replay = { 0 };
    g_autofree char *name = NULL;

    at (fixture, "2024-06-02 10:00");
    g_assert_true (hy_checkout_refund (co, &refund, &rr, &error));
    g_assert_no_error (error);
    g_assert_true (rr.tier_changed);
    name = tier_name (fixture, one);
    g_assert_cmpstr (name, ==, "普通");
    g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM tier_history WHERE member_id = 1"), ==, 2);
    g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT reason FROM tier_history WHERE member_id = 1 ORDER BY id DESC"), ==, HY_TIER_CHANGE_DOWNGRADE);
    g_assert_true (hy_checkout_refund (co, &refund, &replay, &error));
    g_assert_true (replay.replayed);
    g_assert_true (replay.tier_changed);
  }

  /* 600.00 then 500.00: the second lifted them; refunding 100.00 of the first still leaves 1000.00 */
  g_assert_true (hy_checkout_run (co, &first, &r_first, &error));
  g_assert_true (hy_checkout_run (co, &second, &r_second, &error));
  g_assert_true (r_second.tier_changed);
  {
    HyCheckoutRefund refund = { .sale_id = r_second.transaction_id, .amount = 10000, .reason = "退", .idempotency_key = "y1" };
    HyRefundReceipt rr = { 0 };
    g_autofree char *name = NULL;

    g_assert_true (hy_checkout_refund (co, &refund, &rr, &error));
    g_assert_no_error (error);
    g_assert_false (rr.tier_changed);
    name = tier_name (fixture, two);
    g_assert_cmpstr (name, ==, "银卡");
  }
  assert_check_clean (fixture->db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  HY_TEST_ADD ("/core/merge/moves-ledgers", test_merge_moves_ledgers);
  HY_TEST_ADD ("/core/checkout/refund-reevaluates-tier", test_refund_reevaluates_tier);
  return g_test_run ();
}
