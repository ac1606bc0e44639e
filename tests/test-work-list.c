/* test-work-list.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "hy-analysis.h"
#include "hy-error.h"
#include "hy-test-util.h"
#include "hy-time.h"
#include "hy-warnings.h"
#include "hy-work-list.h"

static gint32
today (HyTestFixture *fixture)
{
  return hy_time_local_day (hy_database_get_time_zone (fixture->db), hy_time_now ());
}

static void
sell (HyTestFixture *fixture,
      gint64         member,
      gint32         days_ago,
      gint64         amount)
{
  g_autoptr(GError) error = NULL;
  HyLineItem item = { .sku = "X", .name = "x", .category = "牛奶", .quantity = 1, .unit_price = amount };
  HySale sale = {
    .member_id = member,
    .occurred_at = hy_time_day_start (hy_database_get_time_zone (fixture->db), today (fixture) - days_ago) + 11 * 3600,
    .items = &item,
    .n_items = 1,
  };

  hy_purchase_store_record_sale (fixture->purchases, &sale, NULL, &error);
  g_assert_no_error (error);
}

static GPtrArray *
run (HyTestFixture *fixture,
     gint64         now)
{
  g_autoptr(HyAnalysisData) data = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *items;

  data = hy_analysis_data_load (fixture->db, hy_time_local_day (hy_database_get_time_zone (fixture->db), now), 0, &error);
  g_assert_no_error (error);
  warnings = hy_warnings_compute (fixture->db, data, NULL, &error);
  g_assert_no_error (error);
  items = hy_work_list_update (fixture->db, warnings, now, &error);
  g_assert_no_error (error);
  return items;
}

/* A: idle, cycle overdue and category lapse, the biggest spender (high).  B: idle only. */
static void
test_work_list_flow (HyTestFixture *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) later = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = hy_time_now ();
  gint64 midnight = hy_time_day_start (hy_database_get_time_zone (fixture->db), today (fixture));
  gint64 a = hy_test_add_member (fixture, "甲", "13800138000");
  gint64 b = hy_test_add_member (fixture, "乙", "13800138001");
  const HyWorkItem *item;

  for (gint32 ago = 100; ago >= 70; ago -= 10)
    sell (fixture, a, ago, 10000);
  sell (fixture, b, 40, 100);

  first = run (fixture, now);
  g_assert_cmpuint (first->len, ==, 2);
  item = g_ptr_array_index (first, 0);
  g_assert_cmpint (item->member_id, ==, a);
  g_assert_cmpint (item->priority, ==, HY_WARNING_PRIORITY_HIGH);
  g_assert_cmpint (item->rule, ==, HY_WARNING_IDLE);
  g_assert_cmpuint (item->rules, ==, (1u << HY_WARNING_IDLE) | (1u << HY_WARNING_CYCLE_OVERDUE) |
                                     (1u << HY_WARNING_CATEGORY_LAPSE));
  g_assert_cmpint (item->raised_at, ==, midnight);
  g_assert_cmpint (item->due_at, ==, midnight + 12 * 3600);
  g_assert_cmpstr (item->reason, ==, "No purchase for 70 days (the store’s limit is 30 days)");
  g_assert_cmpuint (g_strv_length (item->other_reasons), ==, 2);
  g_assert_cmpstr (item->other_reasons[0], ==, "Usually comes back every 10 days; it has been 70 days");
  g_assert_cmpstr (item->other_reasons[1], ==, "Used to buy “牛奶” about every 10 days, but not for 70 days");
  item = g_ptr_array_index (first, 1);
  g_assert_cmpint (item->member_id, ==, b);
  g_assert_cmpint (item->rule, ==, HY_WARNING_IDLE);
  g_assert_cmpuint (g_strv_length (item->other_reasons), ==, 0);
  g_assert_cmpint (item->due_at, ==, midnight + 24 * 3600);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count (*) FROM warning_states"), ==, 2);

  /* A is called; the next morning only B is left, still due at its first due time. */
  g_assert_true (hy_work_list_record_contact (fixture->db, a, now, "will_return", "小王", &error));
  g_assert_no_error (error);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count (*) FROM warning_states WHERE note = ''"), ==, 2);

  /* The one-call form leaves A, just called, off, and keeps B's first raised time. */
  {
    g_autoptr(GPtrArray) computed = hy_work_list_compute (fixture->db, now, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (computed->len, ==, 1);
    g_assert_cmpint (((HyWorkItem *) computed->pdata[0])->member_id, ==, b);
    g_assert_cmpint (((HyWorkItem *) computed->pdata[0])->due_at, ==, midnight + 24 * 3600);
    g_assert_cmpstr (hy_warning_rule_get_offer (((HyWorkItem *) computed->pdata[0])->rule), ==,
                     "A win-back coupon for their next visit");
  }
  g_assert_true (hy_work_list_record_contact_with_note (fixture->db, a, now, "will_return", "下周末来", "小王", &error));
  g_assert_no_error (error);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count (*) FROM warning_states WHERE note = '下周末来'"
                                                   " AND outcome = 'will_return' AND staff = '小王'"), ==, 1);
  g_assert_cmpstr (hy_work_list_outcome_get_label ("no_answer"), ==, "No answer");
  g_assert_cmpuint (g_strv_length ((char **) hy_work_list_get_outcomes ()), ==, 5);
  g_assert_false (hy_work_list_record_contact (fixture->db, a, now, "maybe'); DROP TABLE members; --", "", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);
  second = run (fixture, now + 86400);
  g_assert_cmpuint (second->len, ==, 1);
  item = g_ptr_array_index (second, 0);
  g_assert_cmpint (item->member_id, ==, b);
  g_assert_cmpint (item->raised_at, ==, midnight);
  g_assert_cmpint (item->due_at, ==, midnight + 24 * 3600);

  /* B comes back (in 20 days); 31 days after the call A, still away, is raised again and B's
   * case is closed. */
  sell (fixture, b, -20, 100);
  later = run (fixture, now + 31 * 86400);
  g_assert_cmpuint (later->len, ==, 1);
  item = g_ptr_array_index (later, 0);
  g_assert_cmpint (item->member_id, ==, a);
  g_assert_cmpint (item->raised_at, ==, midnight + 31 * 86400);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count (*) FROM warning_states"), ==, 1);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count (*) FROM warning_states WHERE contacted_at IS NULL"), ==, 1);
}

/* The cool-off is a setting. */
static void
test_work_list_cool_off (HyTestFixture *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = hy_time_now ();
  gint64 a = hy_test_add_member (fixture, "甲", "13800138000");

  sell (fixture, a, 40, 100);
  hy_database_set_setting (fixture->db, "warnings.cool_off_days", "2", &error);
  g_assert_no_error (error);
  items = run (fixture, now);
  g_assert_cmpuint (items->len, ==, 1);
  hy_work_list_record_contact (fixture->db, a, now, "no_answer", "", &error);
  g_assert_no_error (error);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = run (fixture, now + 86400);
  g_assert_cmpuint (items->len, ==, 0);
  again = run (fixture, now + 3 * 86400);
  g_assert_cmpuint (again->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  HY_TEST_ADD ("/core/work-list/flow", test_work_list_flow);
  HY_TEST_ADD ("/core/work-list/cool-off", test_work_list_cool_off);

  return g_test_run ();
}
