/* test-dashboard.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "hy-analysis.h"
#include "hy-customer-model.h"
#include "hy-dashboard.h"
#include "hy-dashboard-members.h"
#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-member-list.h"
#include "hy-store-list.h"
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
  dashboard = hy_dashboard_compute (fixture->db, today, HY_DASHBOARD_LAST_30_DAYS, 0, &error);
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
  g_assert_null (hy_dashboard_load (fixture->db, HY_DASHBOARD_LAST_30_DAYS, 0));

  dashboard = hy_dashboard_compute (fixture->db, hy_analysis_parse_day (fixture->db, NULL, NULL), HY_DASHBOARD_LAST_30_DAYS, 0, &error);
  g_assert_no_error (error);
  g_assert_true (hy_dashboard_save (fixture->db, dashboard, &error));
  g_assert_no_error (error);

  loaded = hy_dashboard_load (fixture->db, HY_DASHBOARD_LAST_30_DAYS, 0);
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
  g_assert_true (hy_database_set_setting (fixture->db, "dashboard.cache.last-30-days.0", "{\"version\": 1}", &error));
  g_assert_null (hy_dashboard_load (fixture->db, HY_DASHBOARD_LAST_30_DAYS, 0));
  g_assert_true (hy_database_set_setting (fixture->db, "dashboard.cache.last-30-days.0", "not json", &error));
  g_assert_null (hy_dashboard_load (fixture->db, HY_DASHBOARD_LAST_30_DAYS, 0));
  g_assert_true (hy_database_set_setting (fixture->db, "dashboard.cache.last-30-days.0", "{\"version\": 99}", &error));
  g_assert_null (hy_dashboard_load (fixture->db, HY_DASHBOARD_LAST_30_DAYS, 0));
}

static guint64
count_listed (HyTestFixture  *fixture,
              HyMemberFilter  filter,
              int             value)
{
  HyMemberListQuery query = { .filter = filter, .filter_value = value };
  g_autoptr(GError) error = NULL;
  g_autoptr(HyMemberList) list = hy_member_list_new (fixture->db, &query, NULL, &error);

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
  dashboard = hy_dashboard_compute (fixture->db, hy_analysis_parse_day (fixture->db, NULL, NULL), HY_DASHBOARD_LAST_30_DAYS, 0, &error);
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

  dashboard = hy_dashboard_compute (fixture->db, hy_analysis_parse_day (fixture->db, NULL, NULL), HY_DASHBOARD_LAST_30_DAYS, 0, &error);
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
  loaded = hy_dashboard_load (fixture->db, HY_DASHBOARD_LAST_30_DAYS, 0);
  g_assert_nonnull (loaded);
  g_assert_true (loaded->has_clv);
  g_assert_cmpuint (loaded->predicted, ==, 2);
  g_assert_cmpmem (loaded->p_alive_bins, sizeof loaded->p_alive_bins, dashboard->p_alive_bins, sizeof dashboard->p_alive_bins);
  g_assert_cmpmem (loaded->clv_bins, sizeof loaded->clv_bins, dashboard->clv_bins, sizeof dashboard->clv_bins);
  g_assert_cmpint (loaded->clv_bin_width, ==, dashboard->clv_bin_width);
  g_assert_cmpmem (loaded->transitions, sizeof loaded->transitions, dashboard->transitions, sizeof dashboard->transitions);
  g_assert_null (loaded->member_id);
}

/* The members @part lists, as "a b": the letter in @letters of each of @ids. */
static char *
part_members (HyTestFixture         *fixture,
              const HyDashboardPart *part,
              const gint64          *ids,
              const char            *letters)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) selected = hy_dashboard_select_members (fixture->db, part, NULL, &error);
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < selected->len; i++)
    for (guint k = 0; letters[k] != '\0'; k++)
      if (ids[k] == g_array_index (selected, gint64, i))
        g_string_append_printf (text, "%s%c", text->len > 0 ? " " : "", letters[k]);
  for (guint i = 1; i < selected->len; i++)
    g_assert_cmpint (g_array_index (selected, gint64, i - 1), <, g_array_index (selected, gint64, i));
  return g_string_free (text, FALSE);
}

#define ASSERT_CELL(row, column, expected) \
  G_STMT_START { \
    HyDashboardPart part_ = hy_dashboard_part_cohort (dashboard, row, column); \
    g_autofree char *got_ = part_members (fixture, &part_, ids, "wlczs"); \
    g_assert_cmpstr (got_, ==, expected); \
  } G_STMT_END

/* A cell of the cohort heatmap lists the members of the cohort (by the month of their first
 * purchase) who bought in the column's month, as many as the cell counts. */
static void
test_dashboard_cohort_members (HyTestFixture *fixture,
                               gconstpointer  unused)
{
  g_autoptr(HyDashboard) dashboard = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ids[5];
  const guint jan = HY_DASHBOARD_COHORTS - 2, feb = HY_DASHBOARD_COHORTS - 1, dec = HY_DASHBOARD_COHORTS - 3;

  /* 王芳 (w) and 李强 (l) first bought in January and again in February; 赵敏 (z) joined
   * in December but first bought in February; 陈 (c) bought in January only; 孙 (s) in
   * December and February, not January. */
  make_store (fixture);
  ids[0] = hy_test_query_int (fixture->db, "SELECT id FROM members WHERE name = '王芳'");
  ids[1] = hy_test_query_int (fixture->db, "SELECT id FROM members WHERE name = '李强'");
  ids[2] = hy_test_add_member (fixture, "陈", "13800138004");
  ids[3] = hy_test_query_int (fixture->db, "SELECT id FROM members WHERE name = '赵敏'");
  ids[4] = hy_test_add_member (fixture, "孙", "13800138005");
  hy_test_sell (fixture, ids[3], "2026-02-10 10:00", 1000);
  hy_test_sell (fixture, ids[2], "2026-01-25 10:00", 1000);
  hy_test_sell (fixture, ids[2], "2026-01-31 10:00", 1000);
  hy_test_sell (fixture, ids[4], "2025-12-31 23:00", 1000);
  hy_test_sell (fixture, ids[4], "2026-02-01 00:30", 1000);
  dashboard = hy_dashboard_compute (fixture->db, hy_analysis_parse_day (fixture->db, NULL, NULL),
                                    HY_DASHBOARD_LAST_30_DAYS, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dashboard->cohort_month[jan], ==, 1);

  ASSERT_CELL (jan, 0, "w l c");
  ASSERT_CELL (jan, 1, "w l");
  ASSERT_CELL (feb, 0, "z");
  ASSERT_CELL (dec, 0, "s");
  ASSERT_CELL (dec, 1, "");
  ASSERT_CELL (dec, 2, "s");
  ASSERT_CELL (0, 0, "");
  /* As many as the heatmap counts, in every cell. */
  for (guint row = 0; row < HY_DASHBOARD_COHORTS; row++)
    for (guint column = 0; row + column < HY_DASHBOARD_COHORTS; column++)
      {
        HyDashboardPart part = hy_dashboard_part_cohort (dashboard, row, column);
        g_autoptr(GArray) selected = hy_dashboard_select_members (fixture->db, &part, NULL, &error);

        g_assert_no_error (error);
        g_assert_cmpuint (selected->len, ==, dashboard->cohort_active[row * HY_DASHBOARD_COHORTS + column]);
      }

  /* A cell that is not one. */
  {
    HyDashboardPart part = hy_dashboard_part_cohort (dashboard, jan, 0);
    g_autoptr(GArray) none = NULL;

    part.cohort_month = 13;
    none = hy_dashboard_select_members (fixture->db, &part, NULL, &error);
    g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
    g_assert_null (none);
  }
}

/* The bins, at their edges: [k/10, (k+1)/10) with 1 in the last; CLV [k w, (k+1) w), negative
 * in the first and everything above in the last. */
static void
test_dashboard_bins (void)
{
  g_assert_cmpuint (hy_dashboard_p_alive_bin (0), ==, 0);
  g_assert_cmpuint (hy_dashboard_p_alive_bin (0.0999), ==, 0);
  g_assert_cmpuint (hy_dashboard_p_alive_bin (0.1), ==, 1);
  g_assert_cmpuint (hy_dashboard_p_alive_bin (0.35), ==, 3);
  g_assert_cmpuint (hy_dashboard_p_alive_bin (0.9999), ==, 9);
  g_assert_cmpuint (hy_dashboard_p_alive_bin (1), ==, 9);
  g_assert_cmpuint (hy_dashboard_clv_bin (-50, 200), ==, 0);
  g_assert_cmpuint (hy_dashboard_clv_bin (199.9, 200), ==, 0);
  g_assert_cmpuint (hy_dashboard_clv_bin (200, 200), ==, 1);
  g_assert_cmpuint (hy_dashboard_clv_bin (1999, 200), ==, 9);
  g_assert_cmpuint (hy_dashboard_clv_bin (1e9, 200), ==, 9);
}

/* A bar of the P(alive) or CLV histogram lists the members with a prediction in its bin: each
 * in one bin, as many in each as the bar counts.  A member who bought once is certainly alive
 * (P(alive) 1, the last bin); one who never bought has no prediction. */
static void
test_dashboard_bin_members (HyTestFixture *fixture,
                            gconstpointer  unused)
{
  g_autoptr(HyDashboard) dashboard = NULL;
  g_autoptr(HyAnalysisData) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *p_alive = NULL;
  g_autofree double *clv = NULL;
  HyCustomerModel model = { 0 };
  gint32 today;
  gint64 once, never;
  gsize n;

  make_store (fixture);
  once = hy_test_add_member (fixture, "陈", "13800138004");
  never = hy_test_query_int (fixture->db, "SELECT id FROM members WHERE name = '赵敏'");
  hy_test_sell (fixture, once, "2026-02-20 10:00", 99000);
  today = hy_analysis_parse_day (fixture->db, NULL, NULL);
  model.unit = HY_TIME_UNIT_DAY;
  model.calibration_end = today;
  model.n_customers = 3;
  model.bgnbd = (HyBgnbdParams) { 1.0, 100.0, 1.0, 10.0 };
  model.has_spend = TRUE;
  model.spend = (HyGammaGammaParams) { 6.25, 3.7, 15.1 / 3 };
  g_assert_true (hy_customer_model_save (fixture->db, &model, &error));
  dashboard = hy_dashboard_compute (fixture->db, today, HY_DASHBOARD_LAST_30_DAYS, 0, &error);
  g_assert_no_error (error);
  g_assert_true (dashboard->has_clv);

  /* Each member's figures, put in their bins by hand. */
  data = hy_analysis_data_load (fixture->db, today, 0, &error);
  g_assert_no_error (error);
  n = hy_analysis_data_get_n_members (data);
  p_alive = g_new (double, n);
  clv = g_new (double, n);
  hy_customer_model_p_alive (&model, data, today, p_alive);
  g_assert_true (hy_customer_model_clv (&model, data, today, clv, &error));

  for (guint bin = 0; bin < HY_DASHBOARD_BINS; bin++)
    {
      HyDashboardPart by_p_alive = hy_dashboard_part_p_alive (dashboard, bin);
      HyDashboardPart by_clv = hy_dashboard_part_clv (dashboard, bin);
      g_autoptr(GArray) alive = hy_dashboard_select_members (fixture->db, &by_p_alive, NULL, &error);
      g_autoptr(GArray) valued = hy_dashboard_select_members (fixture->db, &by_clv, NULL, &error);
      guint n_alive = 0, n_valued = 0;

      g_assert_no_error (error);
      g_assert_cmpuint (alive->len, ==, dashboard->p_alive_bins[bin]);
      g_assert_cmpuint (valued->len, ==, dashboard->clv_bins[bin]);
      for (gsize i = 0; i < n; i++)
        {
          gint64 id = hy_analysis_data_get_member_id (data, i);
          gboolean in_alive = FALSE, in_valued = FALSE;
          double top = bin + 1 < HY_DASHBOARD_BINS ? (bin + 1) / 10.0 : 1.0 + 1e-9;
          double clv_top = bin + 1 < HY_DASHBOARD_BINS ? (bin + 1.0) * dashboard->clv_bin_width : G_MAXDOUBLE;
          double value = MAX (clv[i], 0);

          for (guint k = 0; k < alive->len; k++)
            in_alive |= g_array_index (alive, gint64, k) == id;
          for (guint k = 0; k < valued->len; k++)
            in_valued |= g_array_index (valued, gint64, k) == id;
          g_assert_true (in_alive == (isfinite (p_alive[i]) && p_alive[i] >= bin / 10.0 && p_alive[i] < top));
          g_assert_true (in_valued == (isfinite (clv[i]) && value >= (double) bin * dashboard->clv_bin_width &&
                                       value < clv_top));
          g_assert_false ((in_alive || in_valued) && id == never);
          n_alive += in_alive;
          n_valued += in_valued;
        }
      g_assert_cmpuint (n_alive, ==, alive->len);
      g_assert_cmpuint (n_valued, ==, valued->len);
      if (bin == HY_DASHBOARD_BINS - 1)
        {
          gboolean found = FALSE;

          for (guint k = 0; k < alive->len; k++)
            found |= g_array_index (alive, gint64, k) == once;
          g_assert_true (found);
        }
    }

  /* A bin that is not one. */
  {
    HyDashboardPart part = hy_dashboard_part_p_alive (dashboard, HY_DASHBOARD_BINS);
    g_autoptr(GArray) none = hy_dashboard_select_members (fixture->db, &part, NULL, &error);

    g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
    g_assert_null (none);
  }
}

/* A second store, 东门店, with sales of its own next to make_store()'s at the main one. */
typedef struct
{
  gboolean    east;
  const char *when;
  gint64      amount;
} Sale;

static const Sale store_sales[] = {
  { FALSE, "2026-01-05 10:00", 30000 },
  { FALSE, "2026-01-20 10:00", 12000 },
  { FALSE, "2026-02-03 15:00", 45000 },
  { FALSE, "2026-02-14 11:00", 8800 },
  { TRUE, "2025-12-20 12:00", 2500 },
  { TRUE, "2026-01-10 12:00", 3000 },
  { TRUE, "2026-02-10 12:00", 5000 },
  { TRUE, "2026-02-20 12:00", 7000 },
  { TRUE, "2026-02-27 12:00", 1500 },
};

static gint64
make_two_stores (HyTestFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  gint64 east, buyers[2];

  make_store (fixture);
  buyers[0] = hy_test_query_int (fixture->db, "SELECT id FROM members WHERE name = '李强'");
  buyers[1] = hy_test_query_int (fixture->db, "SELECT id FROM members WHERE name = '赵敏'");
  g_assert_true (_hy_database_exec (fixture->db,
                                    "INSERT INTO stores (uid, code, name, created_at) "
                                    "VALUES (randomblob (16), 'S02', '东门店', 1700000000)", &error));
  g_assert_no_error (error);
  east = hy_test_query_int (fixture->db, "SELECT id FROM stores WHERE code = 'S02'");
  for (guint i = 0; i < G_N_ELEMENTS (store_sales); i++)
    if (store_sales[i].east)
      {
        HySale sale = {
          .member_id = buyers[i % 2],
          .store_id = east,
          .occurred_at = hy_test_local_time (fixture->db, store_sales[i].when),
          .gross = store_sales[i].amount,
        };

        g_assert_cmpint (hy_purchase_store_record_sale (fixture->purchases, &sale, NULL, &error), >, 0);
        g_assert_no_error (error);
      }
  return east;
}

/* What the list above says a store (0: both) sold on the local days start .. end. */
static gint64
sales_between (HyTestFixture *fixture,
               int            store,
               gint32         start,
               gint32         end,
               guint64       *orders)
{
  GTimeZone *tz = hy_database_get_time_zone (fixture->db);
  gint64 total = 0;

  *orders = 0;
  for (guint i = 0; i < G_N_ELEMENTS (store_sales); i++)
    {
      gint32 day = hy_time_local_day (tz, hy_test_local_time (fixture->db, store_sales[i].when));

      if (day >= start && day <= end && (store == 0 || (store == 2) == store_sales[i].east))
        {
          total += store_sales[i].amount;
          (*orders)++;
        }
    }
  return total;
}

static void
test_dashboard_periods (HyTestFixture *fixture,
                        gconstpointer  unused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stores = NULL;
  gint32 today, start, end;
  gint64 main_store = hy_database_get_default_store (fixture->db);
  gint64 east = make_two_stores (fixture);
  HyDashboardPeriod period;

  today = hy_analysis_parse_day (fixture->db, NULL, NULL);
  g_assert_cmpint (today, ==, hy_time_ymd_to_day (2026, 2, 28));

  /* The stores to choose from: the main one has no name but its code. */
  stores = hy_database_list_stores (fixture->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stores->len, ==, 2);
  g_assert_cmpint (((HyStoreInfo *) stores->pdata[0])->id, ==, main_store);
  g_assert_cmpstr (((HyStoreInfo *) stores->pdata[0])->name, ==, "S01");
  g_assert_cmpint (((HyStoreInfo *) stores->pdata[1])->id, ==, east);
  g_assert_cmpstr (((HyStoreInfo *) stores->pdata[1])->name, ==, "东门店");

  /* The calendar periods. */
  hy_dashboard_period_get_range (HY_DASHBOARD_THIS_MONTH, today, &start, &end);
  g_assert_cmpint (start, ==, hy_time_ymd_to_day (2026, 2, 1));
  g_assert_cmpint (end, ==, today);
  hy_dashboard_period_get_range (HY_DASHBOARD_LAST_MONTH, today, &start, &end);
  g_assert_cmpint (start, ==, hy_time_ymd_to_day (2026, 1, 1));
  g_assert_cmpint (end, ==, hy_time_ymd_to_day (2026, 1, 31));
  hy_dashboard_period_get_range (HY_DASHBOARD_LAST_MONTH, hy_time_ymd_to_day (2026, 1, 15), &start, &end);
  g_assert_cmpint (start, ==, hy_time_ymd_to_day (2025, 12, 1));
  g_assert_cmpint (end, ==, hy_time_ymd_to_day (2025, 12, 31));
  g_assert_true (hy_dashboard_period_from_string ("last-month", &period));
  g_assert_cmpint (period, ==, HY_DASHBOARD_LAST_MONTH);
  g_assert_false (hy_dashboard_period_from_string ("last-fortnight", &period));

  /* Every period, every choice of store: the KPIs are that store's own sales, and the period
   * before is as long and ends the day before. */
  for (period = 0; period < HY_DASHBOARD_N_PERIODS; period++)
    {
      const gint64 store_ids[] = { 0, main_store, east };
      gint64 sales[3];

      for (guint s = 0; s < G_N_ELEMENTS (store_ids); s++)
        {
          g_autoptr(HyDashboard) d = hy_dashboard_compute (fixture->db, today, period, store_ids[s], &error);
          guint64 orders;

          g_assert_no_error (error);
          g_assert_cmpint (d->period, ==, period);
          g_assert_cmpint (d->store_id, ==, store_ids[s]);
          hy_dashboard_period_get_range (period, today, &start, &end);
          g_assert_cmpint (d->start, ==, start);
          g_assert_cmpint (d->end, ==, end);
          g_assert_cmpint (d->now.start, ==, start);
          g_assert_cmpint (d->now.end, ==, end);
          g_assert_cmpint (d->before.end, ==, start - 1);
          g_assert_cmpint (d->before.end - d->before.start, ==, end - start);

          sales[s] = sales_between (fixture, s, start, end, &orders);
          g_assert_cmpint (d->now.all_sales, ==, sales[s]);
          g_assert_cmpint (d->now.member_sales, ==, sales[s]);
          g_assert_cmpuint (d->now.orders, ==, orders);
          g_assert_cmpint (d->before.all_sales, ==, sales_between (fixture, s, d->before.start, d->before.end, &orders));
          g_assert_cmpuint (d->before.orders, ==, orders);
        }
      g_assert_cmpint (sales[0], ==, sales[1] + sales[2]);
    }

  /* Spelled out: 东门店 sold 30.00 in January, against 25.00 in December's 31 days. */
  {
    g_autoptr(HyDashboard) d = hy_dashboard_compute (fixture->db, today, HY_DASHBOARD_LAST_MONTH, east, &error);

    g_assert_no_error (error);
    g_assert_cmpint (d->now.all_sales, ==, 3000);
    g_assert_cmpint (d->before.all_sales, ==, 2500);
    g_assert_cmpint (d->before.start, ==, hy_time_ymd_to_day (2025, 12, 1));
  }
}

/* Each choice of period and store has its own cache; none is read back as another's. */
static void
test_dashboard_cache_keys (HyTestFixture *fixture,
                           gconstpointer  unused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HyDashboard) all = NULL;
  g_autoptr(HyDashboard) east_month = NULL;
  g_autoptr(HyDashboard) loaded = NULL;
  g_autofree char *text = NULL;
  g_autofree char *east_key = NULL;
  gint64 east = make_two_stores (fixture);
  gint32 today = hy_analysis_parse_day (fixture->db, NULL, NULL);

  all = hy_dashboard_compute (fixture->db, today, HY_DASHBOARD_LAST_30_DAYS, 0, &error);
  g_assert_no_error (error);
  east_month = hy_dashboard_compute (fixture->db, today, HY_DASHBOARD_THIS_MONTH, east, &error);
  g_assert_no_error (error);
  g_assert_cmpint (all->now.all_sales, !=, east_month->now.all_sales);
  g_assert_true (hy_dashboard_save (fixture->db, all, &error));
  g_assert_true (hy_dashboard_save (fixture->db, east_month, &error));
  g_assert_no_error (error);

  loaded = hy_dashboard_load (fixture->db, HY_DASHBOARD_LAST_30_DAYS, 0);
  g_assert_nonnull (loaded);
  g_assert_cmpmem (&loaded->now, sizeof loaded->now, &all->now, sizeof all->now);
  g_clear_pointer (&loaded, hy_dashboard_free);
  loaded = hy_dashboard_load (fixture->db, HY_DASHBOARD_THIS_MONTH, east);
  g_assert_nonnull (loaded);
  g_assert_cmpint (loaded->period, ==, HY_DASHBOARD_THIS_MONTH);
  g_assert_cmpint (loaded->store_id, ==, east);
  g_assert_cmpint (loaded->start, ==, east_month->start);
  g_assert_cmpint (loaded->end, ==, east_month->end);
  g_assert_cmpmem (&loaded->now, sizeof loaded->now, &east_month->now, sizeof east_month->now);
  g_assert_cmpmem (&loaded->before, sizeof loaded->before, &east_month->before, sizeof east_month->before);
  g_clear_pointer (&loaded, hy_dashboard_free);

  /* Choices never computed have no cache. */
  g_assert_null (hy_dashboard_load (fixture->db, HY_DASHBOARD_THIS_MONTH, 0));
  g_assert_null (hy_dashboard_load (fixture->db, HY_DASHBOARD_LAST_30_DAYS, east));
  g_assert_null (hy_dashboard_load (fixture->db, HY_DASHBOARD_LAST_7_DAYS, 0));

  /* Figures for one choice found under another's key are not that choice's. */
  text = hy_database_dup_setting (fixture->db, "dashboard.cache.last-30-days.0");
  east_key = g_strdup_printf ("dashboard.cache.last-30-days.%" G_GINT64_FORMAT, east);
  g_assert_true (hy_database_set_setting (fixture->db, east_key, text, &error));
  g_assert_true (hy_database_set_setting (fixture->db, "dashboard.cache.last-month.0", text, &error));
  g_assert_no_error (error);
  g_assert_null (hy_dashboard_load (fixture->db, HY_DASHBOARD_LAST_30_DAYS, east));
  g_assert_null (hy_dashboard_load (fixture->db, HY_DASHBOARD_LAST_MONTH, 0));
}

/* The choice last made is remembered with the database; at first it is every store's last 30
 * days. */
static void
test_dashboard_choice (HyTestFixture *fixture,
                       gconstpointer  unused)
{
  g_autoptr(GError) error = NULL;
  HyDashboardPeriod period = HY_DASHBOARD_THIS_MONTH;
  gint64 store_id = 42;

  hy_dashboard_load_choice (fixture->db, &period, &store_id);
  g_assert_cmpint (period, ==, HY_DASHBOARD_LAST_30_DAYS);
  g_assert_cmpint (store_id, ==, 0);
  g_assert_true (hy_dashboard_save_choice (fixture->db, HY_DASHBOARD_LAST_MONTH, 7, &error));
  g_assert_no_error (error);
  hy_dashboard_load_choice (fixture->db, &period, &store_id);
  g_assert_cmpint (period, ==, HY_DASHBOARD_LAST_MONTH);
  g_assert_cmpint (store_id, ==, 7);
  g_assert_true (hy_database_set_setting (fixture->db, "dashboard.period", "last-fortnight", &error));
  hy_dashboard_load_choice (fixture->db, &period, &store_id);
  g_assert_cmpint (period, ==, HY_DASHBOARD_LAST_30_DAYS);
}

/* Moves between any two month ends add up to the lifecycle chart's counts at both; between the
 * last two they are the dashboard's own. */
static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
test_dashboard_transitions (HyTestFixture *fixture,
                            gconstpointer  unused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HyDashboard) d = NULL;
  gint64 east = make_two_stores (fixture);
  gint32 today = hy_analysis_parse_day (fixture->db, NULL, NULL);
  const guint last = HY_DASHBOARD_MONTHS - 1;
  guint64 moves[HY_N_STAGES][HY_N_STAGES];

  d = hy_dashboard_compute (fixture->db, today, HY_DASHBOARD_LAST_30_DAYS, east, &error);
  g_assert_no_error (error);
  g_assert_true (hy_dashboard_compute_transitions (fixture->db, today, east, d->month_end[last - 1], d->month_end[last],
                                                   moves, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (moves, sizeof moves, d->transitions, sizeof d->transitions);

  /* Three month ends back → today: every member is counted once at each end. */
  g_assert_true (hy_dashboard_compute_transitions (fixture->db, today, east, d->month_end[last - 3], d->month_end[last],
                                                   moves, &error));
  g_assert_no_error (error);
  for (guint s = 0; s < HY_N_STAGES; s++)
    {
      guint64 from = 0, to = 0;

      for (guint t = 0; t < HY_N_STAGES; t++)
        {
          from += moves[s][t];
          to += moves[t][s];
        }
      g_assert_cmpuint (from, ==, d->stages[last - 3][s]);
      g_assert_cmpuint (to, ==, d->stages[last][s]);
    }

  /* A cell's members, as a click on it lists them: as many as it counts, no member in two. */
  {
    g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));

    for (guint s = 0; s < HY_N_STAGES; s++)
      for (guint t = 0; t < HY_N_STAGES; t++)
        {
          HyDashboardPart part = hy_dashboard_part_transition (today, east, d->month_end[last - 3],
                                                               d->month_end[last], s, t);
          g_autoptr(GArray) ids = hy_dashboard_select_members (fixture->db, &part, NULL, &error);

          g_assert_no_error (error);
          g_assert_cmpuint (ids->len, ==, moves[s][t]);
          for (guint k = 1; k < ids->len; k++)
            g_assert_cmpint (g_array_index (ids, gint64, k - 1), <, g_array_index (ids, gint64, k));
          g_array_append_vals (all, ids->data, ids->len);
        }
    g_assert_cmpuint (all->len, >, 0);
    g_array_sort (all, compare_ids);
    for (guint k = 1; k < all->len; k++)
      g_assert_cmpint (g_array_index (all, gint64, k - 1), <, g_array_index (all, gint64, k));
  }

  /* Days out of order are refused. */
  {
    HyDashboardPart part = hy_dashboard_part_transition (today, east, d->month_end[last], d->month_end[last - 1], 0, 0);
    g_autoptr(GArray) ids = hy_dashboard_select_members (fixture->db, &part, NULL, &error);

    g_assert_null (ids);
    g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  }
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
  g_test_add_func ("/core/dashboard/bins", test_dashboard_bins);
  HY_TEST_ADD ("/core/dashboard/bin-members", test_dashboard_bin_members);
  HY_TEST_ADD ("/core/dashboard/cohort-members", test_dashboard_cohort_members);
  HY_TEST_ADD ("/core/dashboard/periods", test_dashboard_periods);
  HY_TEST_ADD ("/core/dashboard/cache-keys", test_dashboard_cache_keys);
  HY_TEST_ADD ("/core/dashboard/choice", test_dashboard_choice);
  HY_TEST_ADD ("/core/dashboard/transitions", test_dashboard_transitions);

  return g_test_run ();
}
