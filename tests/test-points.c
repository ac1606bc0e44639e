/* test-points.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "hy-check.h"
#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-points-ledger.h"
#include "hy-test-util.h"
#include "hy-time.h"

static void
set (HyTestFixture *fixture,
     const char    *key,
     const char    *value)
{
  g_autoptr(GError) error = NULL;

  hy_database_set_setting (fixture->db, key, value, &error);
  g_assert_no_error (error);
}

static void
at (HyTestFixture *fixture,
    const char    *when)
{
  int y, mo, d, h = 0, mi = 0, s = 0;

  g_assert_cmpint (sscanf (when, "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &s), >=, 3);
  hy_time_set_now (hy_time_from_local (hy_database_get_time_zone (fixture->db), y, mo, d, h, mi, s));
}

static gint64
local (HyTestFixture *fixture,
       const char    *when)
{
  int y, mo, d, h = 0, mi = 0, s = 0;

  g_assert_cmpint (sscanf (when, "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &s), >=, 3);
  return hy_time_from_local (hy_database_get_time_zone (fixture->db), y, mo, d, h, mi, s);
}

static HyPointsSummary
summary (HyPointsLedger *points,
         gint64          member)
{
  g_autoptr(GError) error = NULL;
  HyPointsSummary s;

  g_assert_true (hy_points_ledger_get_summary (points, member, &s, &error));
  g_assert_no_error (error);
  return s;
}

/* The statement as "kind:points:balance" lines, to compare whole ledgers at once. */
static char *
statement (HyPointsLedger *points,
           gint64          member)
{
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
assert_check_clean (HyTestFixture *fixture)
{
  g_autoptr(HyCheckReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (hy_database_check (fixture->db, HY_CHECK_DEFAULT, &report, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < report->problems->len; i++)
    g_test_message ("%s", ((HyCheckProblem *) report->problems->pdata[i])->message);
  g_assert_cmpuint (report->n_problems, ==, 0);
}

G_GNUC_PRINTF (2, 3)
static gint64
query_printf (HyDatabase *db,
              const char *format,
              ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return hy_test_query_int (db, sql);
}

static gint64
adjust (HyPointsLedger *points,
        gint64          member,
        gint64          n,
        const char     *key)
{
  g_autoptr(GError) error = NULL;
  gint64 id = hy_points_ledger_adjust (points, member, n, "test", key, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
test_points_earn_rules (HyTestFixture *fixture,
                        gconstpointer  data)
{
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(GError) error = NULL;
  gint64 member = hy_test_add_member (fixture, "赵一", "13800000001");
  const HyEarnLine lines[] = { { "护肤", 10000 }, { "食品", 5000 }, { "烟酒", 3000 } };
  HyEarnRequest plain = { .member_id = member, .earnable = 12345 };
  HyEarnRequest mixed = { .member_id = member, .earnable = 18000, .lines = lines, .n_lines = 3 };
  char *sql;

  /* 10 points per 100.00, rounded down: 123.45 -> 12 */
  g_assert_cmpint (hy_points_ledger_compute_earn (points, &plain, &error), ==, 12);
  plain.earnable = 999;
  g_assert_cmpint (hy_points_ledger_compute_earn (points, &plain, &error), ==, 0);
  plain.earnable = 1000;
  g_assert_cmpint (hy_points_ledger_compute_earn (points, &plain, &error), ==, 1);

  /* 护肤 x2, 烟酒 x0: 100.00 x 2 + 50.00 + 0 = 250.00 worth -> 25 */
  set (fixture, "points.category_percent", "护肤=200; 烟酒=0");
  g_assert_cmpint (hy_points_ledger_compute_earn (points, &mixed, &error), ==, 25);

  /* a 150% tier: 37.5 -> 37 */
  mixed.tier_percent = 150;
  g_assert_cmpint (hy_points_ledger_compute_earn (points, &mixed, &error), ==, 37);
  mixed.tier_percent = 0;

  /* 2024-06-01 is a Saturday (6): the member day doubles */
  set (fixture, "points.member_day_weekday", "6");
  g_assert_cmpint (hy_points_ledger_compute_earn (points, &mixed, &error), ==, 50);
  mixed.occurred_at = local (fixture, "2024-06-02 10:00");
  g_assert_cmpint (hy_points_ledger_compute_earn (points, &mixed, &error), ==, 25);
  mixed.occurred_at = 0;

  /* a June birthday at 300%: the larger of member day and birthday applies, not both */
  sql = g_strdup_printf ("UPDATE members SET birth_month = 6 WHERE id = %lld", (long long) member);
  g_assert_true (_hy_database_exec (fixture->db, sql, NULL));
  g_free (sql);
  set (fixture, "points.birthday_month_percent", "300");
  g_assert_cmpint (hy_points_ledger_compute_earn (points, &mixed, &error), ==, 75);
  mixed.occurred_at = local (fixture, "2024-07-06 10:00");  /* a Saturday in July */
  g_assert_cmpint (hy_points_ledger_compute_earn (points, &mixed, &error), ==, 50);

  /* another rate: 1 point per 1.00 */
  set (fixture, "points.earn_points", "1");
  set (fixture, "points.earn_unit", "100");
  plain.earnable = 12345;
  plain.occurred_at = local (fixture, "2024-07-01 10:00");
  g_assert_cmpint (hy_points_ledger_compute_earn (points, &plain, &error), ==, 123);
  g_assert_no_error (error);
}

static void
test_points_available_next_day (HyTestFixture *fixture,
                                gconstpointer  data)
{
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  gint64 member = hy_test_add_member (fixture, "钱二", "13800000002");
  HyEarnRequest late = { .member_id = member, .earnable = 50000 };
  HyPointsSummary s;
  gint64 earned = 0, id;

  at (fixture, "2024-06-01 23:59:30");
  id = hy_points_ledger_earn (points, &late, "sale-1", &earned, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (earned, ==, 50);

  entries = hy_points_ledger_list_entries (points, member, &error);
  g_assert_cmpint (((HyPointsEntry *) entries->pdata[0])->id, ==, id);
  g_assert_cmpint (((HyPointsEntry *) entries->pdata[0])->available_at, ==, local (fixture, "2024-06-02 00:00:00"));
  g_assert_cmpint (((HyPointsEntry *) entries->pdata[0])->expires_at, ==, local (fixture, "2025-06-02 00:00:00"));

  at (fixture, "2024-06-01 23:59:59");
  s = summary (points, member);
  g_assert_cmpint (s.balance, ==, 50);
  g_assert_cmpint (s.pending, ==, 50);
  g_assert_cmpint (s.available, ==, 0);

  /* pending points cannot be spent, and a refusal writes nothing */
  g_assert_cmpint (hy_points_ledger_redeem (points, member, 10, "gift", "r-1", NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Only 0 points"));
  g_clear_error (&error);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM points_ledger"), ==, 1);

  /* midnight in Shanghai is 16:00 UTC: usable from exactly then */
  at (fixture, "2024-06-02 00:00:00");
  s = summary (points, member);
  g_assert_cmpint (s.available, ==, 50);
  g_assert_cmpint (s.pending, ==, 0);

  /* a purchase just after midnight waits for the next midnight, not 24 hours */
  at (fixture, "2024-06-02 00:00:01");
  late.earnable = 20000;
  hy_points_ledger_earn (points, &late, "sale-2", &earned, NULL, &error);
  g_assert_no_error (error);
  at (fixture, "2024-06-02 23:59:59");
  s = summary (points, member);
  g_assert_cmpint (s.available, ==, 50);
  g_assert_cmpint (s.pending, ==, 20);
  at (fixture, "2024-06-03 00:00:00");
  s = summary (points, member);
  g_assert_cmpint (s.available, ==, 70);

  /* T+0 when the store says so */
  set (fixture, "points.available_after_days", "0");
  late.earnable = 10000;
  hy_points_ledger_earn (points, &late, "sale-3", &earned, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary (points, member).available, ==, 80);
  assert_check_clean (fixture);
}

static void
test_points_expiry_day_boundary (HyTestFixture *fixture,
                                 gconstpointer  data)
{
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_autofree char *ledger = NULL;
  gint64 member = hy_test_add_member (fixture, "孙三", "13800000003");
  HyPointsSummary s;

  at (fixture, "2024-06-01 12:00:00");
  adjust (points, member, 100, "a");
  at (fixture, "2024-06-20 08:00:00");
  adjust (points, member, 40, "b");

  /* 30 days ahead, today included, reaches 2025-06-01 00:00 but not the end of that day */
  at (fixture, "2025-05-02 12:00:00");
  s = summary (points, member);
  g_assert_cmpint (s.expiring_soon, ==, 0);
  at (fixture, "2025-05-03 00:00:00");
  s = summary (points, member);
  g_assert_cmpint (s.expiring_soon, ==, 100);
  g_assert_cmpint (s.next_expiry_at, ==, local (fixture, "2025-06-02 00:00:00"));

  /* the anniversary day is the last day; at midnight after it the points are gone */
  at (fixture, "2025-06-01 23:59:59");
  s = summary (points, member);
  g_assert_cmpint (s.balance, ==, 140);
  at (fixture, "2025-06-02 00:00:00");
  s = summary (points, member);
  g_assert_cmpint (s.balance, ==, 40);
  g_assert_cmpint (s.available, ==, 40);

  /* the nightly sweep writes the expiry, dated at the boundary; a second sweep adds nothing */
  at (fixture, "2025-06-02 03:00:00");
  {
    gint64 n = hy_points_ledger_expire_due (points, &error);

    g_assert_no_error (error);
    g_assert_cmpint (n, ==, 100);
  }
  g_assert_cmpint (hy_points_ledger_expire_due (points, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT occurred_at FROM points_ledger WHERE kind = 3"), ==,
                   local (fixture, "2025-06-02 00:00:00"));
  ledger = statement (points, member);
  g_assert_cmpstr (ledger, ==, "adjust:100:100;adjust:40:140;expire:-100:40;");
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT points FROM member_balances"), ==, 40);
  assert_check_clean (fixture);
}

static void
test_points_expiry_month_end (HyTestFixture *fixture,
                              gconstpointer  data)
{
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  gint64 member = hy_test_add_member (fixture, "周四", "13800000004");

  at (fixture, "2024-02-29 18:00:00");
  adjust (points, member, 10, "leap");
  entries = hy_points_ledger_list_entries (points, member, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((HyPointsEntry *) entries->pdata[0])->expires_at, ==, local (fixture, "2025-03-01 00:00:00"));

  set (fixture, "points.expiry_months", "0");
  adjust (points, member, 5, "never");
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = hy_points_ledger_list_entries (points, member, &error);
  g_assert_cmpint (((HyPointsEntry *) entries->pdata[1])->expires_at, ==, 0);
  at (fixture, "2099-01-01 00:00:00");
  g_assert_cmpint (summary (points, member).balance, ==, 5);
}

static void
test_points_oldest_first (HyTestFixture *fixture,
                          gconstpointer  data)
{
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_autofree char *ledger = NULL;
  gint64 member = hy_test_add_member (fixture, "吴五", "13800000005");
  gint64 first, second, redeem;

  at (fixture, "2024-06-01 12:00:00");
  first = adjust (points, member, 100, "first");
  at (fixture, "2024-07-01 12:00:00");
  second = adjust (points, member, 50, "second");

  redeem = hy_points_ledger_redeem (points, member, 120, "gift", "redeem-1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_printf (fixture->db,
                                 "SELECT points FROM points_allocations WHERE debit_id = %lld AND lot_id = %lld",
                                 (long long) redeem, (long long) first), ==, 100);
  g_assert_cmpint (query_printf (fixture->db,
                                 "SELECT points FROM points_allocations WHERE debit_id = %lld AND lot_id = %lld",
                                 (long long) redeem, (long long) second), ==, 20);

  /* the first lot was spent in full: nothing of it expires; 30 of the second do */
  at (fixture, "2025-06-02 00:00:00");
  g_assert_cmpint (hy_points_ledger_expire_due (points, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (summary (points, member).balance, ==, 30);
  at (fixture, "2025-07-02 00:00:00");
  g_assert_cmpint (hy_points_ledger_expire_due (points, &error), ==, 30);
  g_assert_no_error (error);

  ledger = statement (points, member);
  g_assert_cmpstr (ledger, ==, "adjust:100:100;adjust:50:150;redeem:-120:30;expire:-30:0;");
  assert_check_clean (fixture);
}

static void
test_points_expiry_before_spending (HyTestFixture *fixture,
                                    gconstpointer  data)
{
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_autofree char *ledger = NULL;
  gint64 member = hy_test_add_member (fixture, "郑六", "13800000006");

  at (fixture, "2024-06-01 12:00:00");
  adjust (points, member, 100, "old");
  at (fixture, "2025-01-01 12:00:00");
  adjust (points, member, 30, "new");

  /* no sweep has run, but spending after the expiry writes it first and cannot use the old lot */
  at (fixture, "2025-06-02 00:00:00");
  g_assert_cmpint (hy_points_ledger_redeem (points, member, 31, "gift", "r-31", NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);
  hy_points_ledger_redeem (points, member, 30, "gift", "r-30", NULL, &error);
  g_assert_no_error (error);
  ledger = statement (points, member);
  g_assert_cmpstr (ledger, ==, "adjust:100:100;adjust:30:130;expire:-100:30;redeem:-30:0;");
  assert_check_clean (fixture);
}

static void
test_points_adjust_rules (HyTestFixture *fixture,
                          gconstpointer  data)
{
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(GError) error = NULL;
  gint64 member = hy_test_add_member (fixture, "王七", "13800000007");
  gboolean replayed = FALSE;
  gint64 first, again;

  g_assert_cmpint (hy_points_ledger_adjust (points, member, 10, "  ", "k1", NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "reason"));
  g_clear_error (&error);
  g_assert_cmpint (hy_points_ledger_adjust (points, member, 10, "goodwill", NULL, NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (hy_points_ledger_adjust (points, 999, 10, "goodwill", "k0", NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  first = hy_points_ledger_adjust (points, member, 10, "goodwill", "k1", &replayed, &error);
  g_assert_no_error (error);
  g_assert_false (replayed);
  again = hy_points_ledger_adjust (points, member, 10, "goodwill", "k1", &replayed, &error);
  g_assert_no_error (error);
  g_assert_true (replayed);
  g_assert_cmpint (first, ==, again);

  /* taking more than there is fails; taking what there is works */
  g_assert_cmpint (hy_points_ledger_adjust (points, member, -11, "typo", "k2", NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);
  hy_points_ledger_adjust (points, member, -10, "typo", "k3", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary (points, member).balance, ==, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM points_ledger"), ==, 2);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM change_log WHERE entity = 10"), ==, 2);

  /* the ledger refuses UPDATE and DELETE outright */
  g_assert_false (_hy_database_exec (fixture->db, "UPDATE points_ledger SET points = 1000", NULL));
  g_assert_false (_hy_database_exec (fixture->db, "DELETE FROM points_ledger", NULL));
  assert_check_clean (fixture);
}

static void
test_points_signup_and_checkin (HyTestFixture *fixture,
                                gconstpointer  data)
{
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_autofree char *ledger = NULL;
  gint64 member = hy_test_add_member (fixture, "冯八", "13800000008");
  gboolean replayed = FALSE;

  hy_points_ledger_award_signup (points, member, &replayed, &error);
  g_assert_false (replayed);
  hy_points_ledger_award_signup (points, member, &replayed, &error);
  g_assert_true (replayed);

  at (fixture, "2024-06-01 00:10:00");
  hy_points_ledger_check_in (points, member, &replayed, &error);
  g_assert_false (replayed);
  at (fixture, "2024-06-01 23:50:00");
  hy_points_ledger_check_in (points, member, &replayed, &error);
  g_assert_true (replayed);
  at (fixture, "2024-06-02 00:00:00");
  hy_points_ledger_check_in (points, member, &replayed, &error);
  g_assert_false (replayed);
  g_assert_no_error (error);

  ledger = statement (points, member);
  g_assert_cmpstr (ledger, ==, "signup:100:100;checkin:5:105;checkin:5:110;");
  g_assert_cmpint (summary (points, member).available, ==, 110);
}

static void
test_points_check_finds_drift (HyTestFixture *fixture,
                               gconstpointer  data)
{
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(HyCheckReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 member = hy_test_add_member (fixture, "陈九", "13800000009");

  adjust (points, member, 100, "k");
  assert_check_clean (fixture);
  g_assert_true (_hy_database_exec (fixture->db, "UPDATE member_balances SET points = 90", NULL));
  g_assert_true (hy_database_check (fixture->db, HY_CHECK_DEFAULT, &report, NULL, NULL, NULL, &error));
  g_assert_cmpuint (report->n_problems, ==, 1);
  g_assert_cmpstr (((HyCheckProblem *) report->problems->pdata[0])->area, ==, "ledgers");
  g_assert_nonnull (strstr (((HyCheckProblem *) report->problems->pdata[0])->message, "90 points kept"));
}

static void
test_points_rules_summary (HyTestFixture *fixture,
                           gconstpointer  data)
{
  HyPointsRules rules;
  g_autoptr(GError) error = NULL;

  hy_points_rules_load (fixture->db, &rules);
  g_assert_cmpint (rules.earn_points, ==, 10);
  g_assert_cmpint (rules.earn_unit, ==, 10000);
  g_assert_cmpint (rules.available_after_days, ==, 1);
  g_assert_cmpint (rules.expiry_months, ==, 12);
  g_assert_cmpint (rules.redeem_points, ==, 100);
  g_assert_cmpint (rules.redeem_value, ==, 100);
  g_assert_cmpint (rules.redeem_cap_percent, ==, 50);
  g_assert_cmpint (rules.member_day_weekday, ==, 0);
  g_assert_cmpint (rules.signup_points, ==, 100);
  g_assert_cmpint (rules.checkin_points, ==, 5);

  g_assert_true (hy_database_set_setting (fixture->db, "points.earn_points", "3", &error));
  g_assert_true (hy_database_set_setting (fixture->db, "points.expiry_months", "0", &error));
  g_assert_true (hy_database_set_setting (fixture->db, "points.member_day_weekday", "3", &error));
  g_assert_no_error (error);
  hy_points_rules_load (fixture->db, &rules);
  g_assert_cmpint (rules.earn_points, ==, 3);
  g_assert_cmpint (rules.expiry_months, ==, 0);
  g_assert_cmpint (rules.member_day_weekday, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  HY_TEST_ADD ("/core/points/earn-rules", test_points_earn_rules);
  HY_TEST_ADD ("/core/points/rules-summary", test_points_rules_summary);
  HY_TEST_ADD ("/core/points/available-next-day", test_points_available_next_day);
  HY_TEST_ADD ("/core/points/expiry-day-boundary", test_points_expiry_day_boundary);
  HY_TEST_ADD ("/core/points/expiry-month-end", test_points_expiry_month_end);
  HY_TEST_ADD ("/core/points/oldest-first", test_points_oldest_first);
  HY_TEST_ADD ("/core/points/expiry-before-spending", test_points_expiry_before_spending);
  HY_TEST_ADD ("/core/points/adjust-rules", test_points_adjust_rules);
  HY_TEST_ADD ("/core/points/signup-and-checkin", test_points_signup_and_checkin);
  HY_TEST_ADD ("/core/points/check-finds-drift", test_points_check_finds_drift);
  return g_test_run ();
}
