/* test-lifecycle.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>

#include "hy-analysis-private.h"
#include "hy-customer-model.h"
#include "hy-demo.h"
#include "hy-lifecycle.h"
#include "hy-test-util.h"
#include "hy-time.h"

typedef struct
{
  const char *name;
  gint32      joined;        /* days before today */
  gint32      purchase[3];   /* days before today; -1 ends */
  gint64      amount[3];
  HyStage     stage;         /* today */
  HyStage     stage_before;  /* 60 days before today */
} Case;

/* Today is 2024-06-01. */
static const Case cases[] = {
  { "new, no purchase", 10, { -1 }, { 0 }, HY_STAGE_NEW, HY_STAGE_NONE },
  { "new, one purchase", 60, { 50, -1 }, { 100 }, HY_STAGE_NEW, HY_STAGE_NEW },
  { "active", 200, { 100, 60, 20 }, { 500, 250, 250 }, HY_STAGE_ACTIVE, HY_STAGE_ACTIVE },
  { "rising spend", 200, { 100, 30, -1 }, { 100, 500 }, HY_STAGE_HIGH_POTENTIAL, HY_STAGE_ACTIVE },
  { "90 days idle", 300, { 120, -1 }, { 100 }, HY_STAGE_SLEEPING, HY_STAGE_ACTIVE },
  { "own cycle x3", 300, { 70, 60, 50 }, { 100, 100, 100 }, HY_STAGE_SLEEPING, HY_STAGE_ACTIVE },
  { "180 days idle", 400, { 200, -1 }, { 100 }, HY_STAGE_CHURNED, HY_STAGE_SLEEPING },
  { "never bought", 400, { -1 }, { 0 }, HY_STAGE_CHURNED, HY_STAGE_CHURNED },
};

static gint32
today (HyTestFixture *fixture)
{
  return hy_time_local_day (hy_database_get_time_zone (fixture->db), hy_time_now ());
}

static void
add_cases (HyTestFixture *fixture,
           gint64         ids[G_N_ELEMENTS (cases)])
{
  GTimeZone *tz = hy_database_get_time_zone (fixture->db);
  gint32 d = today (fixture);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HyMember) member = hy_member_new ();
      g_autoptr(GError) error = NULL;

      hy_member_set_name (member, cases[i].name);
      hy_member_set_joined_at (member, hy_time_day_start (tz, d - cases[i].joined) + 9 * 3600);
      hy_member_store_create (fixture->members, member, &error);
      g_assert_no_error (error);
      ids[i] = hy_member_get_id (member);

      for (guint k = 0; k < 3 && cases[i].purchase[k] >= 0; k++)
        {
          HySale sale = {
            .member_id = ids[i],
            .occurred_at = hy_time_day_start (tz, d - cases[i].purchase[k]) + 10 * 3600,
            .gross = cases[i].amount[k],
          };

          hy_purchase_store_record_sale (fixture->purchases, &sale, NULL, &error);
          g_assert_no_error (error);
        }
    }
}

static void
test_lifecycle_day_rules (HyTestFixture *fixture,
                          gconstpointer  user_data)
{
  gint64 ids[G_N_ELEMENTS (cases)];
  g_autoptr(HyAnalysisData) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree HyStage *stages = NULL;
  HyLifecycleOptions options;
  guint64 counts[HY_N_STAGES];
  gint32 d = today (fixture);

  add_cases (fixture, ids);
  data = hy_analysis_data_load (fixture->db, d, 0, &error);
  g_assert_no_error (error);
  stages = g_new (HyStage, hy_analysis_data_get_n_members (data));
  hy_lifecycle_options_init (&options, fixture->db);

  hy_lifecycle_compute (data, d, &options, NULL, stages, counts);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("today: %s", cases[i].name);
      g_assert_cmpstr (hy_stage_to_string (stages[hy_analysis_data_find_member (data, ids[i])]), ==,
                       hy_stage_to_string (cases[i].stage));
    }
  g_assert_cmpuint (counts[HY_STAGE_NONE], ==, 0);
  g_assert_cmpuint (counts[HY_STAGE_NEW], ==, 2);
  g_assert_cmpuint (counts[HY_STAGE_ACTIVE], ==, 1);
  g_assert_cmpuint (counts[HY_STAGE_HIGH_POTENTIAL], ==, 1);
  g_assert_cmpuint (counts[HY_STAGE_SLEEPING], ==, 2);
  g_assert_cmpuint (counts[HY_STAGE_CHURNED], ==, 2);

  hy_lifecycle_compute (data, d - 60, &options, NULL, stages, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("60 days ago: %s", cases[i].name);
      g_assert_cmpstr (hy_stage_to_string (stages[hy_analysis_data_find_member (data, ids[i])]), ==,
                       hy_stage_to_string (cases[i].stage_before));
    }

  /* Thresholds are settings: with sleeping at 130 days the 120-day member is active again. */
  g_assert_true (hy_database_set_setting (fixture->db, "lifecycle.sleeping_days", "130", NULL));
  hy_lifecycle_options_init (&options, fixture->db);
  g_assert_cmpuint (options.sleeping_days, ==, 130);
  hy_lifecycle_compute (data, d, &options, NULL, stages, counts);
  g_assert_cmpint (stages[hy_analysis_data_find_member (data, ids[4])], ==, HY_STAGE_ACTIVE);
  g_assert_cmpuint (counts[HY_STAGE_SLEEPING], ==, 1);
}

static void
test_lifecycle_transitions (HyTestFixture *fixture,
                            gconstpointer  user_data)
{
  gint64 ids[G_N_ELEMENTS (cases)];
  g_autoptr(HyAnalysisData) data = NULL;
  g_autoptr(GError) error = NULL;
  guint64 matrix[HY_N_STAGES][HY_N_STAGES];
  guint64 expected[HY_N_STAGES][HY_N_STAGES] = { { 0 } };
  HyLifecycleOptions options;
  gint32 d = today (fixture);

  add_cases (fixture, ids);
  data = hy_analysis_data_load (fixture->db, d, 0, &error);
  g_assert_no_error (error);
  hy_lifecycle_options_init (&options, NULL);
  hy_lifecycle_transitions (data, d - 60, d, &options, matrix);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    expected[cases[i].stage_before][cases[i].stage]++;
  g_assert_cmpuint (expected[HY_STAGE_ACTIVE][HY_STAGE_SLEEPING], ==, 2);
  for (guint a = 0; a < HY_N_STAGES; a++)
    for (guint b = 0; b < HY_N_STAGES; b++)
      g_assert_cmpuint (matrix[a][b], ==, expected[a][b]);
}

static void
test_lifecycle_history (HyTestFixture *fixture,
                        gconstpointer  user_data)
{
  gint64 ids[G_N_ELEMENTS (cases)];
  g_autoptr(HyAnalysisData) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree HyStage *stages = NULL;
  gint32 month_end[24];
  guint64 counts[24][HY_N_STAGES];
  guint64 may[HY_N_STAGES];
  HyLifecycleOptions options;
  gint32 d = today (fixture);

  add_cases (fixture, ids);
  data = hy_analysis_data_load (fixture->db, d, 0, &error);
  g_assert_no_error (error);
  stages = g_new (HyStage, hy_analysis_data_get_n_members (data));
  hy_lifecycle_options_init (&options, NULL);
  hy_lifecycle_history (data, 24, &options, month_end, counts);

  g_assert_cmpint (month_end[23], ==, d);
  g_assert_cmpint (month_end[22], ==, hy_time_ymd_to_day (2024, 5, 31));
  g_assert_cmpint (month_end[17], ==, hy_time_ymd_to_day (2023, 12, 31));
  g_assert_cmpint (month_end[13], ==, hy_time_ymd_to_day (2023, 8, 31));
  g_assert_cmpint (month_end[0], ==, hy_time_ymd_to_day (2022, 7, 31));
  /* Nobody had joined two years ago (the oldest joined 400 days ago). */
  g_assert_cmpuint (counts[0][HY_STAGE_NONE], ==, G_N_ELEMENTS (cases));
  g_assert_cmpuint (counts[23][HY_STAGE_NEW], ==, 2);
  g_assert_cmpuint (counts[23][HY_STAGE_CHURNED], ==, 2);

  hy_lifecycle_compute (data, hy_time_ymd_to_day (2024, 5, 31), &options, NULL, stages, may);
  for (guint s = 0; s < HY_N_STAGES; s++)
    g_assert_cmpuint (counts[22][s], ==, may[s]);
  /* On 2024-05-31 "180 days idle" had been idle 199 days, "90 days idle" 119. */
  g_assert_cmpint (stages[hy_analysis_data_find_member (data, ids[6])], ==, HY_STAGE_CHURNED);
  g_assert_cmpint (stages[hy_analysis_data_find_member (data, ids[4])], ==, HY_STAGE_SLEEPING);
}

/* With a BG/NBD fit, a member the model thinks has left is churned before 180 days; with the
 * top 20% by CLV an active member becomes high-potential. */
static void
test_lifecycle_models (HyTestFixture *fixture,
                       gconstpointer  user_data)
{
  gint64 ids[G_N_ELEMENTS (cases)];
  g_autoptr(HyAnalysisData) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree HyStage *stages = NULL;
  g_autofree double *clv = NULL;
  HyCustomerModel model = { .unit = HY_TIME_UNIT_DAY };
  HyCustomerModel loaded;
  HyLifecycleOptions options;
  gint32 d = today (fixture);
  gsize active, rising, n;

  add_cases (fixture, ids);
  data = hy_analysis_data_load (fixture->db, d, 0, &error);
  g_assert_no_error (error);
  n = hy_analysis_data_get_n_members (data);
  stages = g_new (HyStage, n);
  clv = g_new (double, n);
  active = hy_analysis_data_find_member (data, ids[2]);
  rising = hy_analysis_data_find_member (data, ids[3]);
  hy_lifecycle_options_init (&options, NULL);
  options.model = &model;

  /* Members who buy about daily: 20 idle days after purchases 40 days apart is unlikely. */
  model.bgnbd = (HyBgnbdParams) { 100.0, 100.0, 1.0, 1.0 };
  g_assert_cmpfloat (hy_bgnbd_p_alive (&model.bgnbd, 2, 80, 100), <, 0.2);
  hy_lifecycle_compute (data, d, &options, NULL, stages, NULL);
  g_assert_cmpint (stages[active], ==, HY_STAGE_CHURNED);

  /* Members who buy every few months: the same history is very likely alive. */
  model.bgnbd = (HyBgnbdParams) { 1.0, 100.0, 1.0, 10.0 };
  g_assert_cmpfloat (hy_bgnbd_p_alive (&model.bgnbd, 2, 80, 100), >, 0.2);
  hy_lifecycle_compute (data, d, &options, NULL, stages, NULL);
  g_assert_cmpint (stages[active], ==, HY_STAGE_ACTIVE);

  /* Two candidates (active and rising); the top 20% of two is one: the higher CLV. */
  for (gsize i = 0; i < n; i++)
    clv[i] = NAN;
  clv[active] = 900;
  clv[rising] = 100;
  hy_lifecycle_compute (data, d, &options, clv, stages, NULL);
  g_assert_cmpint (stages[active], ==, HY_STAGE_HIGH_POTENTIAL);
  g_assert_cmpint (stages[rising], ==, HY_STAGE_HIGH_POTENTIAL);
  clv[active] = 50;
  hy_lifecycle_compute (data, d, &options, clv, stages, NULL);
  g_assert_cmpint (stages[active], ==, HY_STAGE_ACTIVE);

  /* A fit survives the settings round trip exactly. */
  model.calibration_end = d - 30;
  model.n_customers = 1234;
  model.has_spend = TRUE;
  model.spend = (HyGammaGammaParams) { 6.25, 3.7, 15.1 / 3 };
  g_assert_false (hy_customer_model_load (fixture->db, &loaded));
  g_assert_true (hy_customer_model_save (fixture->db, &model, &error));
  g_assert_no_error (error);
  g_assert_true (hy_customer_model_load (fixture->db, &loaded));
  g_assert_cmpint (loaded.calibration_end, ==, d - 30);
  g_assert_cmpuint (loaded.n_customers, ==, 1234);
  g_assert_cmpfloat (loaded.bgnbd.alpha, ==, 100.0);
  g_assert_cmpfloat (loaded.bgnbd.b, ==, 10.0);
  g_assert_true (loaded.has_spend);
  g_assert_cmpfloat (loaded.spend.gamma, ==, 15.1 / 3);
}

/* The history walks each member once through all the month ends; every month's counts equal
 * staging everyone on that day alone, on a demo store with long and irregular histories. */
static void
test_lifecycle_history_demo (HyTestFixture *fixture,
                             gconstpointer  user_data)
{
  HyDemoOptions demo = {
    .n_members = 1500,
    .n_transactions = 30000,
    .seed = 21,
    .industry = HY_INDUSTRY_BEAUTY,
    .end = 1717171200,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(HyAnalysisData) data = NULL;
  g_autofree HyStage *stages = NULL;
  HyLifecycleOptions options;
  gint32 month_end[24];
  guint64 counts[24][HY_N_STAGES];
  guint64 sleeping = 0;

  hy_demo_generate (fixture->db, &demo, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  data = hy_analysis_data_load (fixture->db, hy_time_ymd_to_day (2024, 5, 31), 0, &error);
  g_assert_no_error (error);
  stages = g_new (HyStage, hy_analysis_data_get_n_members (data) + 1);
  hy_lifecycle_options_init (&options, fixture->db);

  hy_lifecycle_history (data, 24, &options, month_end, counts);
  for (guint k = 0; k < 24; k++)
    {
      guint64 alone[HY_N_STAGES];

      hy_lifecycle_compute (data, month_end[k], &options, NULL, stages, alone);
      for (guint s = 0; s < HY_N_STAGES; s++)
        g_assert_cmpuint (counts[k][s], ==, alone[s]);
      sleeping += counts[k][HY_STAGE_SLEEPING];
    }
  g_assert_cmpuint (sleeping, >, 0);

  /* The gap rule against the median computed apart: among members past the new, churned and
   * idle rules, those asleep are exactly those idle longer than 3 times their median gap. */
  {
    g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (gint32));
    g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (gint32));
    gint32 d = month_end[23];
    guint by_gap = 0;

    hy_lifecycle_compute (data, d, &options, NULL, stages, NULL);
    for (gsize i = 0; i < data->n_members; i++)
      {
        guint n;
        gint32 idle;
        gboolean expected;

        if (stages[i] != HY_STAGE_SLEEPING && stages[i] != HY_STAGE_ACTIVE &&
            stages[i] != HY_STAGE_HIGH_POTENTIAL)
          continue;
        g_array_set_size (days, 0);
        n = _hy_analysis_data_purchase_days (data, i, d, days);
        idle = d - (n > 0 ? g_array_index (days, gint32, n - 1) : data->joined_day[i]);
        if (idle >= (gint32) options.sleeping_days)
          continue;
        g_array_set_size (gaps, n);
        expected = n >= 2 && idle > options.sleeping_gap_factor *
                                    _hy_analysis_median_gap_of ((const gint32 *) (void *) days->data, n,
                                                                (gint32 *) (void *) gaps->data);
        g_assert_cmpint (stages[i] == HY_STAGE_SLEEPING, ==, expected);
        by_gap += expected;
      }
    g_assert_cmpuint (by_gap, >, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  HY_TEST_ADD ("/core/lifecycle/day-rules", test_lifecycle_day_rules);
  HY_TEST_ADD ("/core/lifecycle/transitions", test_lifecycle_transitions);
  HY_TEST_ADD ("/core/lifecycle/history", test_lifecycle_history);
  HY_TEST_ADD ("/core/lifecycle/history-demo", test_lifecycle_history_demo);
  HY_TEST_ADD ("/core/lifecycle/models", test_lifecycle_models);

  return g_test_run ();
}
