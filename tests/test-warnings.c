/* test-warnings.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "hy-analysis-private.h"
#include "hy-analysis-snapshot.h"
#include "hy-customer-model.h"
#include "hy-demo.h"
#include "hy-test-util.h"
#include "hy-stored-value-ledger.h"
#include "hy-time.h"
#include "hy-warnings.h"

typedef struct
{
  gint64 idle, steady, dropping, overdue, lapsing;
} Members;

static gint32
today (HyTestFixture *fixture)
{
  return hy_time_local_day (hy_database_get_time_zone (fixture->db), hy_time_now ());
}

static gint64
member_joined (HyTestFixture *fixture,
               const char    *name,
               gint32         days_ago)
{
  g_autoptr(HyMember) member = hy_member_new ();
  g_autoptr(GError) error = NULL;

  hy_member_set_name (member, name);
  hy_member_set_joined_at (member, hy_time_day_start (hy_database_get_time_zone (fixture->db), today (fixture) - days_ago) + 3600);
  hy_member_store_create (fixture->members, member, &error);
  g_assert_no_error (error);
  return hy_member_get_id (member);
}

static void
sell (HyTestFixture *fixture,
      gint64         member,
      gint32         days_ago,
      gint64         amount,
      const char    *category)
{
  g_autoptr(GError) error = NULL;
  HyLineItem item = { .sku = "X", .name = "x", .category = category, .quantity = 1, .unit_price = amount };
  HySale sale = {
    .member_id = member,
    .occurred_at = hy_time_day_start (hy_database_get_time_zone (fixture->db), today (fixture) - days_ago) + 11 * 3600,
    .items = &item,
    .n_items = 1,
  };

  hy_purchase_store_record_sale (fixture->purchases, &sale, NULL, &error);
  g_assert_no_error (error);
}

/* Today is 2024-06-01; the industry is "general" (30 idle days). */
static Members
add_members (HyTestFixture *fixture)
{
  Members m;

  m.idle = member_joined (fixture, "idle", 400);
  sell (fixture, m.idle, 40, 5000, "日用");

  m.steady = member_joined (fixture, "steady", 400);
  sell (fixture, m.steady, 10, 100, "日用");

  /* Every 30 days from 300 to 120 days ago (7 visits in the 211 days before the last 90),
   * then once in the last 90 days. */
  m.dropping = member_joined (fixture, "dropping", 400);
  for (gint32 d = 300; d >= 120; d -= 30)
    sell (fixture, m.dropping, d, 100, "");
  sell (fixture, m.dropping, 20, 100, "");

  /* Every 10 days, then 20 days without. */
  m.overdue = member_joined (fixture, "overdue", 60);
  sell (fixture, m.overdue, 40, 100, "");
  sell (fixture, m.overdue, 30, 100, "");
  sell (fixture, m.overdue, 20, 100, "");

  /* Facials every 10 days, none for 80 days; nails 5 days ago. */
  m.lapsing = member_joined (fixture, "lapsing", 400);
  sell (fixture, m.lapsing, 100, 200, "面部护理");
  sell (fixture, m.lapsing, 90, 200, "面部护理");
  sell (fixture, m.lapsing, 80, 200, "面部护理");
  sell (fixture, m.lapsing, 5, 100, "美甲");

  return m;
}

static GPtrArray *
warnings_of (HyTestFixture         *fixture,
             const HyCustomerModel *model)
{
  g_autoptr(HyAnalysisData) data = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *warnings;

  data = hy_analysis_data_load (fixture->db, today (fixture), 0, &error);
  g_assert_no_error (error);
  warnings = hy_warnings_compute (fixture->db, data, model, &error);
  g_assert_no_error (error);
  return warnings;
}

static void
assert_warning (GPtrArray         *warnings,
                guint              index,
                gint64             member,
                HyWarningRule      rule,
                HyWarningPriority  priority,
                double             value,
                const char        *reason)
{
  HyWarning *w;

  g_assert_cmpuint (index, <, warnings->len);
  w = g_ptr_array_index (warnings, index);
  g_assert_cmpint (w->member_id, ==, member);
  g_assert_cmpstr (hy_warning_rule_to_string (w->rule), ==, hy_warning_rule_to_string (rule));
  g_assert_cmpstr (hy_warning_priority_to_string (w->priority), ==, hy_warning_priority_to_string (priority));
  g_assert_cmpfloat (w->value, ==, value);
  g_assert_cmpstr (w->reason, ==, reason);
}

static void
test_warnings_rules (HyTestFixture *fixture,
                     gconstpointer  user_data)
{
  Members m = add_members (fixture);
  g_autoptr(GPtrArray) warnings = warnings_of (fixture, NULL);
  gint64 midnight = hy_time_day_start (hy_database_get_time_zone (fixture->db), today (fixture));
  HyWarning *first;

  g_assert_cmpuint (warnings->len, ==, 4);
  /* The top 20% of 5 buyers by spend is the one who spent 5000: high. */
  assert_warning (warnings, 0, m.idle, HY_WARNING_IDLE, HY_WARNING_PRIORITY_HIGH, 5000,
                  "No purchase for 40 days (the store’s limit is 30 days)");
  /* Joined 60 days ago: focus. */
  assert_warning (warnings, 1, m.overdue, HY_WARNING_CYCLE_OVERDUE, HY_WARNING_PRIORITY_FOCUS, 300,
                  "Usually comes back every 10 days; it has been 20 days");
  /* 7 / 211 per day is about 3 in 90 days. */
  assert_warning (warnings, 2, m.dropping, HY_WARNING_FREQUENCY_DROP, HY_WARNING_PRIORITY_NORMAL, 800,
                  "Came 1 time in the last 90 days, down from about 3 times in the same time before");
  assert_warning (warnings, 3, m.lapsing, HY_WARNING_CATEGORY_LAPSE, HY_WARNING_PRIORITY_NORMAL, 700,
                  "Used to buy “面部护理” about every 10 days, but not for 80 days");

  first = g_ptr_array_index (warnings, 0);
  g_assert_cmpint (first->raised_at, ==, midnight);
  g_assert_cmpint (first->due_at, ==, midnight + 12 * 3600);
  g_assert_cmpint (((HyWarning *) g_ptr_array_index (warnings, 3))->due_at, ==, midnight + 24 * 3600);
}

static guint
count_rule (GPtrArray     *warnings,
            HyWarningRule  rule,
            gint64         member)
{
  guint n = 0;

  for (guint i = 0; i < warnings->len; i++)
    {
      HyWarning *w = g_ptr_array_index (warnings, i);

      n += w->rule == rule && (member == 0 || w->member_id == member);
    }
  return n;
}

static void
test_warnings_settings (HyTestFixture *fixture,
                        gconstpointer  user_data)
{
  Members m = add_members (fixture);
  g_autoptr(GPtrArray) warnings = NULL;

  /* The gym preset is 14 days: the dropping and overdue members (20 days) are idle too. */
  g_assert_true (hy_database_set_setting (fixture->db, "industry", "gym", NULL));
  warnings = warnings_of (fixture, NULL);
  g_assert_cmpuint (count_rule (warnings, HY_WARNING_IDLE, 0), ==, 3);
  g_assert_cmpuint (count_rule (warnings, HY_WARNING_IDLE, m.dropping), ==, 1);
  g_assert_cmpuint (count_rule (warnings, HY_WARNING_IDLE, m.overdue), ==, 1);
  g_clear_pointer (&warnings, g_ptr_array_unref);

  /* An explicit setting beats the preset. */
  g_assert_true (hy_database_set_setting (fixture->db, "warnings.idle_days", "50", NULL));
  warnings = warnings_of (fixture, NULL);
  g_assert_cmpuint (count_rule (warnings, HY_WARNING_IDLE, 0), ==, 0);
  g_clear_pointer (&warnings, g_ptr_array_unref);

  /* Category lapse after 9 cycles only: none. */
  g_assert_true (hy_database_set_setting (fixture->db, "warnings.category_cycles", "9", NULL));
  g_assert_true (hy_database_set_setting (fixture->db, "warnings.cycle_percent", "250", NULL));
  warnings = warnings_of (fixture, NULL);
  g_assert_cmpuint (count_rule (warnings, HY_WARNING_CATEGORY_LAPSE, 0), ==, 0);
  g_assert_cmpuint (count_rule (warnings, HY_WARNING_CYCLE_OVERDUE, 0), ==, 0);
  g_assert_cmpuint (count_rule (warnings, HY_WARNING_FREQUENCY_DROP, 0), ==, 1);
}

static void
test_warnings_p_alive (HyTestFixture *fixture,
                       gconstpointer  user_data)
{
  Members m = add_members (fixture);
  HyCustomerModel model = { .unit = HY_TIME_UNIT_DAY, .bgnbd = { 100, 100, 1, 1 } };
  g_autoptr(GPtrArray) warnings = warnings_of (fixture, &model);
  g_autoptr(HyAnalysisData) data = hy_analysis_data_load (fixture->db, today (fixture), 0, NULL);
  const gint64 ids[] = { m.idle, m.steady, m.dropping, m.overdue, m.lapsing };
  guint low = 0;

  for (guint k = 0; k < G_N_ELEMENTS (ids); k++)
    {
      guint32 x;
      double t_x, T, p;

      g_assert_true (hy_customer_model_history (&model, data, hy_analysis_data_find_member (data, ids[k]),
                                                today (fixture), &x, &t_x, &T, NULL));
      p = hy_bgnbd_p_alive (&model.bgnbd, x, t_x, T);
      g_assert_cmpuint (count_rule (warnings, HY_WARNING_LOW_P_ALIVE, ids[k]), ==, p < 0.3);
      low += p < 0.3;
    }
  /* One purchase says nothing about leaving; the overdue member (daily rate, 20 days gone)
   * has surely left. */
  g_assert_cmpuint (count_rule (warnings, HY_WARNING_LOW_P_ALIVE, m.idle), ==, 0);
  g_assert_cmpuint (count_rule (warnings, HY_WARNING_LOW_P_ALIVE, m.overdue), ==, 1);
  g_assert_cmpuint (low, >=, 2);
}

/* The items read on two connections and threads give exactly the warnings of one scan. */
static void
test_warnings_threads (HyTestFixture *fixture,
                       gconstpointer  user_data)
{
  HyDemoOptions options = {
    .n_members = 300,
    .n_transactions = 6000,
    .seed = 7,
    .industry = HY_INDUSTRY_SUPERMARKET,
  };
  g_autoptr(GPtrArray) one = NULL;
  g_autoptr(GPtrArray) two = NULL;
  g_autoptr(HyAnalysisData) data = NULL;
  g_autoptr(GError) error = NULL;
  gsize saved = _hy_warnings_min_parallel;
  /* A model that finds many members gone, so that some have a category and a P(alive)
   * warning, whose rules sort the other way round from the order they are checked in. */
  HyCustomerModel model = { .unit = HY_TIME_UNIT_DAY, .bgnbd = { 100, 100, 1, 1 } };
  gboolean both = FALSE;

  hy_demo_generate (fixture->db, &options, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  data = hy_analysis_data_load (fixture->db, today (fixture), 0, &error);
  g_assert_no_error (error);

  _hy_warnings_min_parallel = G_MAXSIZE;
  one = hy_warnings_compute (fixture->db, data, &model, &error);
  g_assert_no_error (error);
  _hy_warnings_min_parallel = 1;
  two = hy_warnings_compute (fixture->db, data, &model, &error);
  g_assert_no_error (error);
  _hy_warnings_min_parallel = saved;

  g_assert_cmpuint (one->len, >, 0);
  g_assert_cmpuint (count_rule (one, HY_WARNING_CATEGORY_LAPSE, 0), >, 0);
  for (guint k = 1; k < one->len; k++)
    {
      const HyWarning *p = g_ptr_array_index (one, k - 1), *a = g_ptr_array_index (one, k);

      both |= p->member_id == a->member_id && p->rule == HY_WARNING_CATEGORY_LAPSE &&
              a->rule == HY_WARNING_LOW_P_ALIVE;
    }
  g_assert_true (both);
  g_assert_cmpuint (one->len, ==, two->len);
  for (guint k = 0; k < one->len; k++)
    {
      const HyWarning *a = g_ptr_array_index (one, k), *b = g_ptr_array_index (two, k);

      g_assert_cmpint (a->member_id, ==, b->member_id);
      g_assert_cmpint (a->rule, ==, b->rule);
      g_assert_cmpint (a->priority, ==, b->priority);
      g_assert_cmpfloat (a->value, ==, b->value);
      g_assert_cmpstr (a->reason, ==, b->reason);
      /* The work list's order: priority, value from the highest, member, rule. */
      if (k > 0)
        {
          const HyWarning *p = g_ptr_array_index (one, k - 1);

          g_assert_true (p->priority < a->priority ||
                         (p->priority == a->priority &&
                          (p->value > a->value ||
                           (p->value == a->value &&
                            (p->member_id < a->member_id ||
                             (p->member_id == a->member_id && p->rule < a->rule))))));
        }
    }
  /* All three priorities and ties in value are there to order. */
  for (HyWarningPriority priority = HY_WARNING_PRIORITY_HIGH; priority <= HY_WARNING_PRIORITY_NORMAL; priority++)
    {
      guint n = 0;

      for (guint k = 0; k < one->len; k++)
        n += ((const HyWarning *) g_ptr_array_index (one, k))->priority == priority;
      g_assert_cmpuint (n, >, 0);
    }
}

/* The transactions read on a second connection while the members load give exactly the data of
 * one scan on one connection. */
static void
test_warnings_load_threads (HyTestFixture *fixture,
                            gconstpointer  user_data)
{
  HyDemoOptions options = {
    .n_members = 300,
    .n_transactions = 6000,
    .seed = 11,
    .industry = HY_INDUSTRY_SUPERMARKET,
  };
  g_autoptr(HyAnalysisData) one = NULL;
  g_autoptr(HyAnalysisData) two = NULL;
  g_autoptr(GError) error = NULL;
  gsize saved = _hy_analysis_min_parallel;

  hy_demo_generate (fixture->db, &options, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  _hy_analysis_min_parallel = G_MAXSIZE;
  one = hy_analysis_data_load (fixture->db, today (fixture), 0, &error);
  g_assert_no_error (error);
  _hy_analysis_min_parallel = 1;
  two = hy_analysis_data_load (fixture->db, today (fixture), 0, &error);
  g_assert_no_error (error);
  _hy_analysis_min_parallel = saved;

  g_assert_cmpuint (one->n_members, >, 0);
  g_assert_cmpuint (one->n_purchases, >, 1000);
  g_assert_cmpuint (one->n_members, ==, two->n_members);
  g_assert_cmpuint (one->n_purchases, ==, two->n_purchases);
  g_assert_cmpuint (one->n_walk_in_days, ==, two->n_walk_in_days);
  g_assert_cmpmem (one->member_id, one->n_members * sizeof (gint64), two->member_id, two->n_members * sizeof (gint64));
  g_assert_cmpmem (one->offsets, (one->n_members + 1) * sizeof (guint32), two->offsets, (two->n_members + 1) * sizeof (guint32));
  g_assert_cmpmem (one->day, one->n_purchases * sizeof (gint32), two->day, two->n_purchases * sizeof (gint32));
  g_assert_cmpmem (one->value, one->n_purchases * sizeof (gint64), two->value, two->n_purchases * sizeof (gint64));
  g_assert_cmpmem (one->cat_start, (one->n_purchases + 1) * sizeof (guint32), two->cat_start, (two->n_purchases + 1) * sizeof (guint32));
  g_assert_cmpmem (one->cat, one->cat_start[one->n_purchases] * sizeof (guint32), two->cat, two->cat_start[two->n_purchases] * sizeof (guint32));
  g_assert_cmpmem (one->walk_in_value, one->n_walk_in_days * sizeof (gint64), two->walk_in_value, two->n_walk_in_days * sizeof (gint64));
}

static void
top_up (HyTestFixture       *fixture,
        HyStoredValueLedger *ledger,
        gint64               member,
        gint32               days_ago,
        gint64               amount)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_strdup_printf ("top-up %lld %d", (long long) member, days_ago);
  gint64 saved = hy_time_now ();

  hy_time_set_now (hy_time_day_start (hy_database_get_time_zone (fixture->db), today (fixture) - days_ago) + 10 * 3600);
  if (amount > 0)
    hy_stored_value_ledger_top_up (ledger, member, amount, "cash", key, NULL, NULL, &error);
  else
    hy_stored_value_ledger_spend (ledger, member, -amount, "", key, NULL, &error);
  g_assert_no_error (error);
  hy_time_set_now (saved);
}

/* Idle stored value: a balance left 60 days without a top-up or a spend, as of the day. */
static void
test_warnings_stored_value (HyTestFixture *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(HyStoredValueLedger) ledger = hy_stored_value_ledger_new (fixture->db);
  g_autoptr(HyAnalysisData) data = NULL;
  g_autoptr(HyAnalysisSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GPtrArray) earlier = NULL;
  g_autoptr(GError) error = NULL;
  gint64 idle = member_joined (fixture, "idle card", 200);
  gint64 recent = member_joined (fixture, "recent card", 200);
  gint64 empty = member_joined (fixture, "empty card", 200);
  gint64 never = member_joined (fixture, "never used", 10);
  HySnapshotMember member;

  hy_database_set_setting (fixture->db, "stored_value.bonus_rules", "", NULL);
  top_up (fixture, ledger, idle, 100, 100000);
  top_up (fixture, ledger, idle, 70, -30000);
  top_up (fixture, ledger, recent, 100, 50000);
  top_up (fixture, ledger, recent, 59, -100);
  top_up (fixture, ledger, empty, 100, 20000);
  top_up (fixture, ledger, empty, 90, -20000);
  top_up (fixture, ledger, never, 5, 1000);

  warnings = warnings_of (fixture, NULL);
  g_assert_cmpuint (warnings->len, ==, 1);
  assert_warning (warnings, 0, idle, HY_WARNING_STORED_VALUE_IDLE, HY_WARNING_PRIORITY_NORMAL, 0,
                  "Has 700.00 of stored value left, unused for 70 days");
  g_assert_cmpuint (count_rule (warnings, HY_WARNING_STORED_VALUE_IDLE, recent), ==, 0);

  /* As of 11 days ago the last use was 59 days back. */
  data = hy_analysis_data_load (fixture->db, today (fixture) - 11, 0, &error);
  g_assert_no_error (error);
  earlier = hy_warnings_compute (fixture->db, data, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (earlier->len, ==, 0);

  /* The one-member path reads the same. */
  snapshot = hy_analysis_snapshot_new (fixture->db, today (fixture), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hy_analysis_snapshot_refresh_member (snapshot, fixture->db, idle, &error));
  g_assert_no_error (error);
  g_assert_true (hy_analysis_snapshot_get_member (snapshot, idle, &member));
  g_assert_cmpuint (member.warnings->len, ==, 1);
  g_assert_cmpstr (((HyWarning *) g_ptr_array_index (member.warnings, 0))->reason, ==,
                   "Has 700.00 of stored value left, unused for 70 days");
}

/* A reason worded from its numbers alone, as hy_warning_get_reason () formats it. */
static char *
reason_of (HyWarningRule rule,
           gint64        a,
           gint64        b,
           gint64        c)
{
  HyWarning *warning = g_new0 (HyWarning, 1);
  char *reason;

  warning->rule = rule;
  warning->args[0] = a;
  warning->args[1] = b;
  warning->args[2] = c;
  warning->category = g_intern_string ("美甲");
  reason = g_strdup (hy_warning_get_reason (warning));
  hy_warning_free (warning);
  return reason;
}

#define ASSERT_REASON(expected, rule, a, b, c) \
  G_STMT_START { \
    g_autofree char *reason_ = reason_of (rule, a, b, c); \
    g_assert_cmpstr (reason_, ==, expected); \
  } G_STMT_END

/* Every count in a reason is worded for its number: one day, one time. */
static void
test_warnings_plurals (HyTestFixture *fixture,
                       gconstpointer  user_data)
{
  ASSERT_REASON ("No purchase for 1 day (the store’s limit is 1 day)", HY_WARNING_IDLE, 1, 1, 0);
  ASSERT_REASON ("No purchase for 2 days (the store’s limit is 1 day)", HY_WARNING_IDLE, 2, 1, 0);
  ASSERT_REASON ("Came 1 time in the last 1 day, down from about 1 time in the same time before",
                 HY_WARNING_FREQUENCY_DROP, 1, 1, 1);
  ASSERT_REASON ("Came 2 times in the last 90 days, down from about 5 times in the same time before",
                 HY_WARNING_FREQUENCY_DROP, 2, 90, 5);
  ASSERT_REASON ("Usually comes back every 1 day; it has been 3 days", HY_WARNING_CYCLE_OVERDUE, 1, 3, 0);
  ASSERT_REASON ("Usually comes back every 2 days; it has been 1 day", HY_WARNING_CYCLE_OVERDUE, 2, 1, 0);
  ASSERT_REASON ("Used to buy “美甲” about every 1 day, but not for 4 days", HY_WARNING_CATEGORY_LAPSE, 1, 4, 0);
  ASSERT_REASON ("Used to buy “美甲” about every 7 days, but not for 1 day", HY_WARNING_CATEGORY_LAPSE, 7, 1, 0);
  ASSERT_REASON ("Has 12.50 of stored value left, unused for 1 day", HY_WARNING_STORED_VALUE_IDLE, 1250, 1, 0);
  ASSERT_REASON ("Has 12.50 of stored value left, unused for 61 days", HY_WARNING_STORED_VALUE_IDLE, 1250, 61, 0);
  ASSERT_REASON ("Only a 1% chance this member still shops here, going by their visits", HY_WARNING_LOW_P_ALIVE, 1, 0, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  HY_TEST_ADD ("/core/warnings/rules", test_warnings_rules);
  HY_TEST_ADD ("/core/warnings/plurals", test_warnings_plurals);
  HY_TEST_ADD ("/core/warnings/settings", test_warnings_settings);
  HY_TEST_ADD ("/core/warnings/p-alive", test_warnings_p_alive);
  HY_TEST_ADD ("/core/warnings/threads", test_warnings_threads);
  HY_TEST_ADD ("/core/warnings/load-threads", test_warnings_load_threads);
  HY_TEST_ADD ("/core/warnings/stored-value", test_warnings_stored_value);

  return g_test_run ();
}
