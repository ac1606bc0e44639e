/* test-referral.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Referral rewards: paid on the referred member's first sale, once, to the referrer; taken back
 * by a full refund only when the store asks for it; merges keep the survivor's referrer.
 */

#include "hy-audit-log.h"
#include "hy-check.h"
#include "hy-checkout.h"
#include "hy-error.h"
#include "hy-points-ledger.h"
#include "hy-test-util.h"
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

/* "kind:points:balance@usable-day..expiry;" (the tx part names the sale or refund) */
static char *
statement (HyTestFixture *fixture,
           gint64         member)
{
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = hy_points_ledger_list_entries (points, member, &error);
  GTimeZone *tz = hy_database_get_time_zone (fixture->db);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      HyPointsEntry *e = entries->pdata[i];

      g_string_append_printf (out, "%s:%lld:%lld", hy_points_kind_to_string (e->kind),
                              (long long) e->points, (long long) e->balance_after);
      if (e->points > 0)
        {
          g_autofree char *usable = hy_time_format_local (tz, e->available_at, FALSE);
          g_autofree char *expiry = e->expires_at != 0 ? hy_time_format_local (tz, e->expires_at, FALSE)
                                                       : g_strdup ("-");

          g_string_append_printf (out, "@%s..%s", usable, expiry);
        }
      if (e->transaction_id != 0)
        g_string_append_printf (out, "#%lld", (long long) e->transaction_id);
      g_string_append_c (out, ';');
    }
  return g_string_free (out, FALSE);
}

static void
assert_statement (HyTestFixture *fixture,
                  gint64         member,
                  const char    *expected)
{
  g_autofree char *text = statement (fixture, member);

  g_assert_cmpstr (text, ==, expected);
}

static void G_GNUC_PRINTF (3, 4)
assert_statement_printf (HyTestFixture *fixture,
                         gint64         member,
                         const char    *format,
                         ...)
{
  g_autofree char *expected = NULL;
  va_list args;

  va_start (args, format);
  expected = g_strdup_vprintf (format, args);
  va_end (args);
  assert_statement (fixture, member, expected);
}

static void
refer (HyTestFixture *fixture,
       gint64         member,
       gint64         referrer)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hy_member_store_set_referrer (fixture->members, member, referrer, &error));
  g_assert_no_error (error);
}

static void
test_referral_first_purchase (HyTestFixture *fixture,
                              gconstpointer  data)
{
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(HyCheckout) co = hy_checkout_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_auto(HyReceipt) receipt = { 0 };
  g_auto(HyReceipt) again = { 0 };
  HyPointsSummary summary;
  gint64 referrer = hy_test_add_member (fixture, "推荐人", "13700000001");
  gint64 a = hy_test_add_member (fixture, "甲", "13700000002");
  gint64 b = hy_test_add_member (fixture, "乙", "13700000003");
  gint64 walk_in = hy_test_add_member (fixture, "丙", "13700000004");
  HyCheckoutRequest request = { .member_id = b, .amount = 5000, .idempotency_key = "co-b" };
  gint64 sale;

  refer (fixture, a, referrer);
  refer (fixture, b, referrer);
  g_assert_cmpint (hy_member_store_get_referrer (fixture->members, a, &error), ==, referrer);
  g_assert_cmpint (hy_member_store_get_referrer (fixture->members, walk_in, &error), ==, 0);
  g_assert_no_error (error);

  /* a's first sale, recorded through the purchase store, pays the referrer 500: usable T+1 */
  at (fixture, "2024-06-01 10:00");
  sale = hy_test_sell (fixture, a, "2024-06-01 10:00", 20000);
  assert_statement_printf (fixture, referrer, "referral:500:500@2024-06-02..2025-06-02#%lld;", (long long) sale);
  g_assert_true (hy_points_ledger_get_summary (points, referrer, &summary, &error));
  g_assert_cmpint (summary.pending, ==, 500);
  g_assert_cmpint (summary.available, ==, 0);
  /* the referred member earns nothing from it; a later sale pays nothing more */
  assert_statement (fixture, a, "");
  hy_test_sell (fixture, a, "2024-06-01 11:00", 30000);
  hy_test_sell (fixture, walk_in, "2024-06-01 11:00", 30000);

  /* b's first purchase is a checkout: the reward is written in the checkout's transaction, and a
   * replayed checkout pays nothing */
  at (fixture, "2024-06-02 09:00");
  g_assert_true (hy_checkout_run (co, &request, &receipt, &error));
  g_assert_no_error (error);
  g_assert_true (hy_checkout_run (co, &request, &again, &error));
  g_assert_true (again.replayed);
  {
    g_autofree char *expected = g_strdup_printf ("referral:500:500@2024-06-02..2025-06-02#%lld;"
                                                 "referral:500:1000@2024-06-03..2025-06-03#%lld;",
                                                 (long long) sale, (long long) receipt.transaction_id);

    assert_statement (fixture, referrer, expected);
  }
  assert_statement_printf (fixture, b, "earn:5:5@2024-06-03..2025-06-03#%lld;", (long long) receipt.transaction_id);
  g_assert_true (hy_points_ledger_get_summary (points, referrer, &summary, &error));
  g_assert_cmpint (summary.available, ==, 500);
  g_assert_cmpint (summary.pending, ==, 500);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT points FROM member_balances WHERE member_id = 1"), ==, 1000);

  /* the reward follows the setting; 0 turns it off */
  g_assert_true (hy_database_set_setting (fixture->db, "points.referral_bonus", "0", &error));
  {
    gint64 c = hy_test_add_member (fixture, "丁", "13700000005");

    refer (fixture, c, referrer);
    hy_test_sell (fixture, c, "2024-06-02 10:00", 1000);
  }
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM points_ledger WHERE kind = 9"), ==, 2);
  assert_check_clean (fixture->db);
}

static void
test_referral_refused (HyTestFixture *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 referrer = hy_test_add_member (fixture, "推荐人", "13700000011");
  gint64 a = hy_test_add_member (fixture, "甲", "13700000012");
  gint64 twin = hy_test_add_member (fixture, "甲二", "13700000013");
  gint64 buyer = hy_test_add_member (fixture, "乙", "13700000014");

  g_assert_false (hy_member_store_set_referrer (fixture->members, a, a, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hy_member_store_set_referrer (fixture->members, a, 999, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (hy_member_store_merge (fixture->members, a, twin, NULL, "同一人", &error));
  g_assert_no_error (error);
  g_assert_false (hy_member_store_set_referrer (fixture->members, twin, referrer, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (hy_member_store_set_referrer (fixture->members, referrer, twin, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_CONFLICT);
  g_clear_error (&error);

  /* after the first purchase it is too late: no reward is paid or withheld after the fact */
  hy_test_sell (fixture, buyer, "2024-06-01 10:00", 1000);
  g_assert_false (hy_member_store_set_referrer (fixture->members, buyer, referrer, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_CONFLICT);
  g_clear_error (&error);

  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM members WHERE referred_by IS NOT NULL"), ==, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM points_ledger"), ==, 0);

  /* setting, changing and clearing before any purchase is fine */
  refer (fixture, a, referrer);
  refer (fixture, a, buyer);
  g_assert_cmpint (hy_member_store_get_referrer (fixture->members, twin, &error), ==, buyer);
  refer (fixture, a, 0);
  g_assert_cmpint (hy_member_store_get_referrer (fixture->members, a, &error), ==, 0);
  g_assert_no_error (error);
}

static gint64
refund (HyTestFixture *fixture,
        gint64         sale,
        gint64         amount,
        const char    *key)
{
  g_autoptr(GError) error = NULL;
  HyRefund r = { .sale_id = sale, .amount = amount, .idempotency_key = key };
  gint64 id = hy_purchase_store_refund (fixture->purchases, &r, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
test_referral_refund (HyTestFixture *fixture,
                      gconstpointer  data)
{
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GError) error = NULL;
  gint64 kept = hy_test_add_member (fixture, "老推荐人", "13700000021");
  gint64 a = hy_test_add_member (fixture, "甲", "13700000022");
  gint64 referrer = hy_test_add_member (fixture, "推荐人", "13700000023");
  gint64 b = hy_test_add_member (fixture, "乙", "13700000024");
  gint64 sale_a, sale_b, refund_b;
  g_autofree char *expected = NULL;
  g_autofree char *target = NULL;

  refer (fixture, a, kept);
  refer (fixture, b, referrer);
  at (fixture, "2024-06-01 10:00");
  sale_a = hy_test_sell (fixture, a, "2024-06-01 10:00", 10000);
  sale_b = hy_test_sell (fixture, b, "2024-06-01 10:00", 10000);

  /* by default a refund, even in full, leaves the reward */
  at (fixture, "2024-06-02 10:00");
  refund (fixture, sale_a, 0, "ra");
  assert_statement_printf (fixture, kept, "referral:500:500@2024-06-02..2025-06-02#%lld;", (long long) sale_a);

  /* with points.referral_clawback = 1 a partial refund takes nothing; the refund that completes
   * it takes the reward back, from what is left of it (300 were spent) */
  g_assert_true (hy_database_set_setting (fixture->db, "points.referral_clawback", "1", &error));
  g_assert_no_error (error);
  refund (fixture, sale_b, 4000, "rb1");
  g_assert_cmpint (hy_points_ledger_redeem (points, referrer, 300, "礼品", "gift", NULL, &error), >, 0);
  g_assert_no_error (error);
  at (fixture, "2024-06-03 10:00");
  refund_b = refund (fixture, sale_b, 6000, "rb2");
  expected = g_strdup_printf ("referral:500:500@2024-06-02..2025-06-02#%lld;redeem:-300:200;referral:-200:0#%lld;",
                              (long long) sale_b, (long long) refund_b);
  assert_statement (fixture, referrer, expected);

  /* what could not be taken back is audited for a manager */
  audit = hy_audit_log_list (fixture->db, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);
  g_assert_cmpstr (((HyAuditEntry *) audit->pdata[0])->action, ==, "points.clawback_short");
  target = g_strdup_printf ("member:%lld", (long long) referrer);
  g_assert_cmpstr (((HyAuditEntry *) audit->pdata[0])->target, ==, target);
  assert_check_clean (fixture->db);
}

static void
test_referral_merge (HyTestFixture *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 r1 = hy_test_add_member (fixture, "甲推荐人", "13700000031");
  gint64 r2 = hy_test_add_member (fixture, "乙推荐人", "13700000032");
  gint64 a = hy_test_add_member (fixture, "甲", "13700000033");
  gint64 b = hy_test_add_member (fixture, "乙", "13700000034");
  gint64 c = hy_test_add_member (fixture, "丙", "13700000035");
  gint64 d = hy_test_add_member (fixture, "丁", "13700000036");
  gint64 sale_a, sale_c;

  refer (fixture, a, r1);
  refer (fixture, b, r2);
  refer (fixture, d, r1);
  at (fixture, "2024-06-01 10:00");
  sale_a = hy_test_sell (fixture, a, "2024-06-01 10:00", 10000);

  /* a (paid for) merges into b: b keeps its own referrer, and since b's purchases now include
   * a's, b's next sale is not a first one: nobody is paid twice */
  g_assert_true (hy_member_store_merge (fixture->members, b, a, NULL, "同一人", &error));
  g_assert_no_error (error);
  g_assert_cmpint (hy_member_store_get_referrer (fixture->members, b, &error), ==, r2);
  hy_test_sell (fixture, b, "2024-06-01 11:00", 10000);
  assert_statement_printf (fixture, r1, "referral:500:500@2024-06-02..2025-06-02#%lld;", (long long) sale_a);
  assert_statement (fixture, r2, "");

  /* c has no referrer and takes d's; c's first sale pays that referrer once */
  g_assert_true (hy_member_store_merge (fixture->members, c, d, NULL, "同一人", &error));
  g_assert_no_error (error);
  g_assert_cmpint (hy_member_store_get_referrer (fixture->members, c, &error), ==, r1);
  sale_c = hy_test_sell (fixture, d, "2024-06-01 12:00", 10000);   /* an old card: goes to c */
  hy_test_sell (fixture, c, "2024-06-01 12:30", 10000);
  {
    g_autofree char *expected = g_strdup_printf ("referral:500:500@2024-06-02..2025-06-02#%lld;"
                                                 "referral:500:1000@2024-06-02..2025-06-02#%lld;",
                                                 (long long) sale_a, (long long) sale_c);

    assert_statement (fixture, r1, expected);
  }

  /* a referrer merged into the member they referred is dropped, not turned into a self-referral */
  {
    gint64 r3 = hy_test_add_member (fixture, "戊推荐人", "13700000037");
    gint64 e = hy_test_add_member (fixture, "戊", "13700000038");

    refer (fixture, e, r3);
    g_assert_true (hy_member_store_merge (fixture->members, e, r3, NULL, "同一人", &error));
    g_assert_no_error (error);
    g_assert_cmpint (hy_member_store_get_referrer (fixture->members, e, &error), ==, 0);
    hy_test_sell (fixture, e, "2024-06-01 13:00", 10000);
    g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM points_ledger WHERE kind = 9"), ==, 2);
  }
  assert_check_clean (fixture->db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  HY_TEST_ADD ("/core/referral/first-purchase", test_referral_first_purchase);
  HY_TEST_ADD ("/core/referral/refused", test_referral_refused);
  HY_TEST_ADD ("/core/referral/refund", test_referral_refund);
  HY_TEST_ADD ("/core/referral/merge", test_referral_merge);
  return g_test_run ();
}
