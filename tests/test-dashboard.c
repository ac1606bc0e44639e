/* test-dashboard.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hy-analysis.h"
#include "hy-customer-model.h"
#include "hy-dashboard.h"
#include "hy-member-list.h"
#include "hy-test-util.h"
#include "hy-time.h"

static void
make_store (HyTestFixture *fixture)
{
  gint64 wang, li;

  hy_time_set_now (hy_test_local_time (fixture->db, "2025-12-01 10:00"));
  wang = hy_test_add_member (fixture, "王芳", "13800138001");
  li = hy_test_add_member (fixture, "李强", "13800138002");
  hy_test_add_member (fixture, "赵敏", "13800138003");

  hy_test_sell (fixture, wang, "2026-01-05 10:00", 30000);
  hy_test_sell (fixture, li, "2026-01-20 10:00", 12000);
  hy_test_sell (fixture, wang, "2026-02-03 15:00", 45000);
  hy_test_sell (fixture, li, "2026-02-14 11:00", 8800);
  hy_time_set_now (hy_test_local_time (fixture->db, "2026-02-28 18:00"));
}

static void
test_dashboard_compute (HyTestFixture *fixture,
                        gconstpointer  unused)
{
  g_autoptr(HyDashboard) dashboard = NULL;
  g_autoptr(HyAnalysisData) data = NULL;
  g_autoptr(GError) error = NULL;
  gint32 today;
  HyKpis kpis;
  guint64 members = 0;

  make_store (fixture);
  today = hy_analysis_parse_day (fixture->db, NULL, NULL);
  dashboard = hy_dashboard_compute (fixture->db, today, 30, 0, &error);
  g_assert_no_error (error);

  /* The last 30 days are 30 January to 28 February: two sales, 538.00; the 30 before (31
   * December to 29 January) two, 420.00. */
  g_assert_cmpint (dashboard->now.all_sales, ==, 53800);
  g_assert_cmpuint (dashboard->now.orders, ==, 2);
  g_assert_cmpint (dashboard->before.all_sales, ==, 42000);
  data = hy_analysis_data_load (fixture->db, today, 0, &error);
  g_assert_no_error (error);
  g_assert_true (hy_kpis_compute (fixture->db, data, today - 29, today, NULL, &kpis, &error));
  g_assert_cmpmem (&kpis, sizeof kpis, &dashboard->now, sizeof dashboard->now);

  for (guint c = 0; c < HY_RFM_N_CLASSES; c++)
    members += dashboard->rfm[c].members;
  g_assert_cmpuint (members, ==, 3);
  g_assert_cmpuint (dashboard->rfm[HY_RFM_CLASS_NO_PURCHASE].members, ==, 1);

  /* Top spenders over the RFM window, largest first. */
  g_assert_cmpuint (dashboard->n_top, ==, 2);
  g_assert_cmpstr (dashboard->top_name[0], ==, "王芳");
  g_assert_cmpint (dashboard->top_spend[0], ==, 75000);
  g_assert_cmpstr (dashboard->top_name[1], ==, "李强");
  g_assert_cmpint (dashboard->top_spend[1], ==, 20800);

  /* The last month end is today; the cohorts of January have two first buyers. */
  g_assert_cmpint (dashboard->month_end[HY_DASHBOARD_MONTHS - 1], ==, today);
  g_assert_cmpint (dashboard->cohort_year[HY_DASHBOARD_COHORTS - 2], ==, 2026);
  g_assert_cmpint (dashboard->cohort_month[HY_DASHBOARD_COHORTS - 2], ==, 1);
  g_assert_cmpuint (dashboard->cohort_size[HY_DASHBOARD_COHORTS - 2], ==, 2);
}

static void
test_dashboard_cache (HyTestFixture *fixture,
                      gconstpointer  unused)
{
  g_autoptr(HyDashboard) dashboard = NULL;
  g_autoptr(HyDashboard) loaded = NULL;
  g_autoptr(GError) error = NULL;

  make_store (fixture);
  g_assert_null (hy_dashboard_load (fixture->db));

  dashboard = hy_dashboard_compute (fixture->db, hy_analysis_parse_day (fixture->db, NULL, NULL), 30, 0, &error);
  g_assert_no_error (error);
  g_assert_true (hy_dashboard_save (fixture->db, dashboard, &error));
  g_assert_no_error (error);

  loaded = hy_dashboard_load (fixture->db);
  g_assert_nonnull (loaded);
  g_assert_cmpint (loaded->computed_at, ==, dashboard->computed_at);
  g_assert_cmpint (loaded->as_of, ==, dashboard->as_of);
  g_assert_cmpmem (&loaded->now, sizeof loaded->now, &dashboard->now, sizeof dashboard->now);
  g_assert_cmpmem (&loaded->before, sizeof loaded->before, &dashboard->before, sizeof dashboard->before);
  g_assert_cmpmem (loaded->rfm, sizeof loaded->rfm, dashboard->rfm, sizeof dashboard->rfm);
  g_assert_cmpmem (loaded->month_end, sizeof loaded->month_end, dashboard->month_end, sizeof dashboard->month_end);
  g_assert_cmpmem (loaded->stages, sizeof loaded->stages, dashboard->stages, sizeof dashboard->stages);
  g_assert_cmpmem (loaded->cohort_active, sizeof loaded->cohort_active, dashboard->cohort_active, sizeof dashboard->cohort_active);
  g_assert_cmpmem (loaded->cohort_month, sizeof loaded->cohort_month, dashboard->cohort_month, sizeof dashboard->cohort_month);
  g_assert_cmpmem (loaded->warnings, sizeof loaded->warnings, dashboard->warnings, sizeof dashboard->warnings);
  g_assert_cmpuint (loaded->n_top, ==, dashboard->n_top);
  for (guint i = 0; i < loaded->n_top; i++)
    {
      g_assert_cmpstr (loaded->top_name[i], ==, dashboard->top_name[i]);
      g_assert_cmpint (loaded->top_spend[i], ==, dashboard->top_spend[i]);
    }

  /* A cache that cannot be read is no cache, never a crash or made-up figures. */
  g_assert_true (hy_database_set_setting (fixture->db, "dashboard.cache", "{\"version\": 1}", &error));
  g_assert_null (hy_dashboard_load (fixture->db));
  g_assert_true (hy_database_set_setting (fixture->db, "dashboard.cache", "not json", &error));
  g_assert_null (hy_dashboard_load (fixture->db));
  g_assert_true (hy_database_set_setting (fixture->db, "dashboard.cache", "{\"version\": 99}", &error));
  g_assert_null (hy_dashboard_load (fixture->db));
}

static guint64
count_listed (HyTestFixture  *fixture,
              HyMemberFilter  filter,
              int             value)
{
  HyMemberListQuery query = { .filter = filter, .filter_value = value };
  g_autoptr(GError) error = NULL;
  g_autoptr(HyMemberList) list = hy_member_list_new (fixture->db, &query, &error);

  g_assert_no_error (error);
  return hy_member_list_get_count (list);
}

/* The members list filtered by a class or a stage lists exactly the members the charts count;
 * the transitions add up to the stage counts of both months. */
static void
test_dashboard_member_analysis (HyTestFixture *fixture,
                                gconstpointer  unused)
{
  g_autoptr(HyDashboard) dashboard = NULL;
  g_autoptr(GError) error = NULL;
  const guint last = HY_DASHBOARD_MONTHS - 1;

  make_store (fixture);
  dashboard = hy_dashboard_compute (fixture->db, hy_analysis_parse_day (fixture->db, NULL, NULL), 30, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dashboard->n_members, ==, 3);
  g_assert_true (hy_dashboard_save (fixture->db, dashboard, &error));
  g_assert_no_error (error);

  for (guint c = 0; c < HY_RFM_N_CLASSES; c++)
    g_assert_cmpuint (count_listed (fixture, HY_MEMBER_FILTER_RFM_CLASS, c), ==, dashboard->rfm[c].members);
  for (guint s = 0; s < HY_N_STAGES; s++)
    g_assert_cmpuint (count_listed (fixture, HY_MEMBER_FILTER_STAGE, s), ==, dashboard->stages[last][s]);

  g_assert_cmpint (dashboard->transition_from, ==, dashboard->month_end[last - 1]);
  g_assert_cmpint (dashboard->transition_to, ==, dashboard->month_end[last]);
  for (guint s = 0; s < HY_N_STAGES; s++)
    {
      guint64 from = 0, to = 0;

      for (guint t = 0; t < HY_N_STAGES; t++)
        {
          from += dashboard->transitions[s][t];
          to += dashboard->transitions[t][s];
        }
      g_assert_cmpuint (from, ==, dashboard->stages[last - 1][s]);
      g_assert_cmpuint (to, ==, dashboard->stages[last][s]);
    }
  /* Everyone joined on 1 December: new at the end of January.  赵敏, who never bought, is new
   * still at 89 days; the other two have two purchases and are new no longer. */
  g_assert_cmpuint (dashboard->stages[last - 1][HY_STAGE_NEW], ==, 3);
  g_assert_cmpuint (dashboard->transitions[HY_STAGE_NEW][HY_STAGE_NEW], ==, 1);

  /* No model: no predictions, and none are made up. */
  g_assert_false (dashboard->has_model);
  g_assert_cmpuint (dashboard->predicted, ==, 0);
}

static void
test_dashboard_predictions (HyTestFixture *fixture,
                            gconstpointer  unused)
{
  g_autoptr(HyDashboard) dashboard = NULL;
  g_autoptr(HyDashboard) loaded = NULL;
  g_autoptr(GError) error = NULL;
  HyCustomerModel model = { 0 };
  guint64 sum = 0;

  make_store (fixture);
  model.unit = HY_TIME_UNIT_DAY;
  model.calibration_end = hy_analysis_parse_day (fixture->db, NULL, NULL);
  model.n_customers = 2;
  model.bgnbd = (HyBgnbdParams) { 1.0, 100.0, 1.0, 10.0 };
  model.has_spend = TRUE;
  model.spend = (HyGammaGammaParams) { 6.25, 3.7, 15.1 / 3 };
  g_assert_true (hy_customer_model_save (fixture->db, &model, &error));

  dashboard = hy_dashboard_compute (fixture->db, hy_analysis_parse_day (fixture->db, NULL, NULL), 30, 0, &error);
  g_assert_no_error (error);
  g_assert_true (dashboard->has_model);
  g_assert_true (dashboard->has_clv);
  /* The two members with a purchase have predictions; the third has none. */
  g_assert_cmpuint (dashboard->predicted, ==, 2);
  for (guint i = 0; i < HY_DASHBOARD_BINS; i++)
    sum += dashboard->p_alive_bins[i];
  g_assert_cmpuint (sum, ==, 2);
  sum = 0;
  for (guint i = 0; i < HY_DASHBOARD_BINS; i++)
    sum += dashboard->clv_bins[i];
  g_assert_cmpuint (sum, ==, 2);
  g_assert_cmpfloat (dashboard->p_alive_mean, >, 0);
  g_assert_cmpfloat (dashboard->p_alive_mean, <=, 1);
  g_assert_cmpint (dashboard->clv_bin_width, >=, 100);
  g_assert_cmpfloat (dashboard->clv_median, <=, (HY_DASHBOARD_BINS - 1) * dashboard->clv_bin_width);

  g_assert_true (hy_dashboard_save (fixture->db, dashboard, &error));
  loaded = hy_dashboard_load (fixture->db);
  g_assert_nonnull (loaded);
  g_assert_true (loaded->has_clv);
  g_assert_cmpuint (loaded->predicted, ==, 2);
  g_assert_cmpmem (loaded->p_alive_bins, sizeof loaded->p_alive_bins, dashboard->p_alive_bins, sizeof dashboard->p_alive_bins);
  g_assert_cmpmem (loaded->clv_bins, sizeof loaded->clv_bins, dashboard->clv_bins, sizeof dashboard->clv_bins);
  g_assert_cmpint (loaded->clv_bin_width, ==, dashboard->clv_bin_width);
  g_assert_cmpmem (loaded->transitions, sizeof loaded->transitions, dashboard->transitions, sizeof dashboard->transitions);
  g_assert_null (loaded->member_id);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  HY_TEST_ADD ("/core/dashboard/compute", test_dashboard_compute);
  HY_TEST_ADD ("/core/dashboard/cache", test_dashboard_cache);
  HY_TEST_ADD ("/core/dashboard/member-analysis", test_dashboard_member_analysis);
  HY_TEST_ADD ("/core/dashboard/predictions", test_dashboard_predictions);

  return g_test_run ();
}
