/* test-analysis-snapshot.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>

#include "hy-analysis-snapshot.h"
#include "hy-bgnbd.h"
#include "hy-demo.h"
#include "hy-test-util.h"
#include "hy-time.h"
#include "hy-warnings.h"

static gint32
today (HyTestFixture *fixture)
{
  return hy_time_local_day (hy_database_get_time_zone (fixture->db), hy_time_now ());
}

static HyAnalysisSnapshot *
full_run (HyTestFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  HyAnalysisSnapshot *snapshot = hy_analysis_snapshot_new (fixture->db, today (fixture), NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (snapshot);
  return snapshot;
}

/* The member figures that do not depend on the rest of the store are those of a full run. */
static void
assert_same_member (const HySnapshotMember *a,
                    const HySnapshotMember *b)
{
  g_assert_cmpint (a->rfm.recency, ==, b->rfm.recency);
  g_assert_cmpuint (a->rfm.frequency, ==, b->rfm.frequency);
  g_assert_cmpint (a->rfm.monetary, ==, b->rfm.monetary);
  g_assert_cmpint (a->stage, ==, b->stage);
  g_assert_cmpuint (a->warnings->len, ==, b->warnings->len);
  for (guint k = 0; k < a->warnings->len; k++)
    {
      const HyWarning *x = g_ptr_array_index (a->warnings, k);
      const HyWarning *y = g_ptr_array_index (b->warnings, k);

      g_assert_cmpint (x->member_id, ==, y->member_id);
      g_assert_cmpint (x->rule, ==, y->rule);
      g_assert_cmpstr (x->reason, ==, y->reason);
      g_assert_cmpint (x->due_at, ==, y->due_at);
    }
}

/* A sale and then its refund: after each, the refreshed member equals a new full run. */
static void
test_snapshot_refresh (HyTestFixture *fixture,
                       gconstpointer  user_data)
{
  HyDemoOptions options = {
    .n_members = 300,
    .n_transactions = 6000,
    .seed = 5,
    .industry = HY_INDUSTRY_SUPERMARKET,
  };
  g_autoptr(HyAnalysisSnapshot) snapshot = NULL;
  g_autoptr(HyAnalysisSnapshot) after_sale = NULL;
  g_autoptr(HyAnalysisSnapshot) after_refund = NULL;
  g_autoptr(GError) error = NULL;
  HySnapshotMember before, now, expected;
  HyRfmMember saved_rfm;
  HyStage saved_stage;
  guint saved_warnings;
  const HyWarning *first;
  HyRefund refund = { 0 };
  gint64 member, sale;

  hy_demo_generate (fixture->db, &options, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  snapshot = full_run (fixture);
  g_assert_cmpuint (hy_analysis_snapshot_get_warnings (snapshot)->len, >, 0);
  first = g_ptr_array_index (hy_analysis_snapshot_get_warnings (snapshot), 0);
  member = first->member_id;

  g_assert_true (hy_analysis_snapshot_get_member (snapshot, member, &before));
  g_assert_false (before.refreshed);
  g_assert_cmpuint (before.warnings->len, >, 0);
  g_assert_cmpint (before.rfm.recency, >, 0);
  saved_rfm = before.rfm;
  saved_stage = before.stage;
  saved_warnings = before.warnings->len;

  sale = hy_test_sell (fixture, member, "2024-06-01 10:00", 12345);
  g_assert_true (hy_analysis_snapshot_refresh_member (snapshot, fixture->db, member, &error));
  g_assert_no_error (error);
  g_assert_true (hy_analysis_snapshot_get_member (snapshot, member, &now));
  g_assert_true (now.refreshed);
  g_assert_cmpint (now.rfm.recency, ==, 0);
  g_assert_cmpuint (now.rfm.frequency, ==, saved_rfm.frequency + 1);
  g_assert_cmpint (now.rfm.monetary, ==, saved_rfm.monetary + 12345);
  g_assert_cmpuint (now.rfm.r_score, ==, 5);
  after_sale = full_run (fixture);
  g_assert_true (hy_analysis_snapshot_get_member (after_sale, member, &expected));
  assert_same_member (&now, &expected);
  g_assert_cmpint (now.rfm.klass, ==, expected.rfm.klass);

  refund.sale_id = sale;
  hy_purchase_store_refund (fixture->purchases, &refund, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hy_analysis_snapshot_refresh_member (snapshot, fixture->db, member, &error));
  g_assert_no_error (error);
  g_assert_true (hy_analysis_snapshot_get_member (snapshot, member, &now));
  g_assert_cmpint (now.rfm.recency, ==, saved_rfm.recency);
  g_assert_cmpuint (now.rfm.frequency, ==, saved_rfm.frequency);
  g_assert_cmpint (now.rfm.monetary, ==, saved_rfm.monetary);
  g_assert_cmpuint (now.rfm.r_score, ==, saved_rfm.r_score);
  g_assert_cmpuint (now.rfm.f_score, ==, saved_rfm.f_score);
  g_assert_cmpuint (now.rfm.m_score, ==, saved_rfm.m_score);
  g_assert_cmpint (now.rfm.klass, ==, saved_rfm.klass);
  g_assert_cmpint (now.stage, ==, saved_stage);
  g_assert_cmpuint (now.warnings->len, ==, saved_warnings);
  after_refund = full_run (fixture);
  g_assert_true (hy_analysis_snapshot_get_member (after_refund, member, &expected));
  assert_same_member (&now, &expected);
}

/* A member who joined after the full run is known once refreshed. */
static void
test_snapshot_new_member (HyTestFixture *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(HyAnalysisSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  HySnapshotMember now;
  gint64 member;

  hy_test_sell (fixture, hy_test_add_member (fixture, "甲", "13800138000"), "2024-05-01 10:00", 500);
  snapshot = full_run (fixture);
  member = hy_test_add_member (fixture, "乙", "13800138001");
  g_assert_false (hy_analysis_snapshot_get_member (snapshot, member, &now));

  hy_test_sell (fixture, member, "2024-06-01 09:00", 800);
  g_assert_true (hy_analysis_snapshot_refresh_member (snapshot, fixture->db, member, &error));
  g_assert_no_error (error);
  g_assert_true (hy_analysis_snapshot_get_member (snapshot, member, &now));
  g_assert_cmpint (now.rfm.recency, ==, 0);
  g_assert_cmpuint (now.rfm.frequency, ==, 1);
  g_assert_cmpint (now.rfm.monetary, ==, 800);
  g_assert_cmpint (now.stage, ==, HY_STAGE_NEW);
  g_assert_cmpuint (now.warnings->len, ==, 0);
}

/* The model's figures of one member: those of the whole-store functions, and after a sale those
 * of a new full run. */
static void
test_snapshot_forecast (HyTestFixture *fixture,
                        gconstpointer  user_data)
{
  HyDemoOptions options = {
    .n_members = 300,
    .n_transactions = 6000,
    .seed = 5,
    .industry = HY_INDUSTRY_SUPERMARKET,
  };
  g_autoptr(HyAnalysisSnapshot) bare = NULL;
  g_autoptr(HyAnalysisSnapshot) snapshot = NULL;
  g_autoptr(HyAnalysisSnapshot) after_sale = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *p_alive = NULL;
  g_autofree double *clv = NULL;
  HyCustomerModel model;
  HySnapshotForecast forecast, expected;
  HyAnalysisData *data;
  gint64 member;
  guint32 x;
  double t_x, T;
  gsize n;

  hy_demo_generate (fixture->db, &options, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  /* without a model nothing is said, but the member is known */
  bare = full_run (fixture);
  member = hy_analysis_data_get_member_id (hy_analysis_snapshot_get_data (bare), 0);
  g_assert_null (hy_analysis_snapshot_get_model (bare));
  g_assert_true (hy_analysis_snapshot_get_forecast (bare, member, 90, &forecast));
  g_assert_true (isnan (forecast.p_alive) && isnan (forecast.expected_purchases) && isnan (forecast.clv));
  g_assert_false (hy_analysis_snapshot_get_forecast (bare, 999999, 90, &forecast));

  data = hy_analysis_snapshot_get_data (bare);
  g_assert_true (hy_customer_model_fit (data, hy_analysis_data_get_as_of (data), HY_TIME_UNIT_WEEK, &model, &error));
  g_assert_no_error (error);
  g_assert_true (model.has_spend);
  snapshot = hy_analysis_snapshot_new (fixture->db, today (fixture), &model, &error);
  g_assert_no_error (error);
  g_assert_true (hy_analysis_snapshot_get_model (snapshot) == &model);
  data = hy_analysis_snapshot_get_data (snapshot);
  n = hy_analysis_data_get_n_members (data);
  p_alive = g_new (double, n);
  clv = g_new (double, n);
  hy_customer_model_p_alive (&model, data, hy_analysis_data_get_as_of (data), p_alive);
  g_assert_true (hy_customer_model_clv (&model, data, hy_analysis_data_get_as_of (data), clv, &error));
  g_assert_no_error (error);
  for (gsize i = 0; i < n; i++)
    {
      g_assert_true (hy_analysis_snapshot_get_forecast (snapshot, hy_analysis_data_get_member_id (data, i), 91, &forecast));
      if (isnan (p_alive[i]))
        {
          g_assert_true (isnan (forecast.p_alive) && isnan (forecast.expected_purchases) && isnan (forecast.clv));
          continue;
        }
      g_assert_cmpfloat_with_epsilon (forecast.p_alive, p_alive[i], 1e-12);
      g_assert_cmpfloat_with_epsilon (forecast.clv, clv[i], 1e-6 * MAX (1, fabs (clv[i])));
      g_assert_true (hy_customer_model_history (&model, data, i, hy_analysis_data_get_as_of (data), &x, &t_x, &T, NULL));
      g_assert_cmpfloat_with_epsilon (forecast.expected_purchases,
                                      hy_bgnbd_expected_purchases (&model.bgnbd, x, t_x, T, 13), 1e-12);
      g_assert_cmpfloat (forecast.p_alive, >=, 0);
      g_assert_cmpfloat (forecast.p_alive, <=, 1);
    }

  /* a member refreshed after a sale: as a new full run says */
  member = hy_analysis_data_get_member_id (data, 0);
  hy_test_sell (fixture, member, "2024-06-01 10:00", 12345);
  g_assert_true (hy_analysis_snapshot_refresh_member (snapshot, fixture->db, member, &error));
  g_assert_no_error (error);
  after_sale = hy_analysis_snapshot_new (fixture->db, today (fixture), &model, &error);
  g_assert_no_error (error);
  g_assert_true (hy_analysis_snapshot_get_forecast (snapshot, member, 90, &forecast));
  g_assert_true (hy_analysis_snapshot_get_forecast (after_sale, member, 90, &expected));
  g_assert_false (isnan (forecast.p_alive));
  g_assert_cmpfloat_with_epsilon (forecast.p_alive, expected.p_alive, 1e-12);
  g_assert_cmpfloat_with_epsilon (forecast.expected_purchases, expected.expected_purchases, 1e-12);
  g_assert_cmpfloat_with_epsilon (forecast.clv, expected.clv, 1e-9 * MAX (1, fabs (expected.clv)));
}

/* A compact snapshot keeps no member; each one read then has the full run's figures, scores,
 * class and warnings with their priority included. */
static void
test_snapshot_compact (HyTestFixture *fixture,
                       gconstpointer  user_data)
{
  HyDemoOptions options = {
    .n_members = 300,
    .n_transactions = 6000,
    .seed = 9,
    .industry = HY_INDUSTRY_BEAUTY,
  };
  g_autoptr(HyAnalysisSnapshot) full = NULL;
  g_autoptr(HyAnalysisSnapshot) compact = NULL;
  g_autoptr(GError) error = NULL;
  HyAnalysisData *data;
  guint with_warnings = 0;

  hy_demo_generate (fixture->db, &options, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  full = full_run (fixture);
  compact = full_run (fixture);
  hy_analysis_snapshot_compact (compact);

  data = hy_analysis_snapshot_get_data (full);
  g_assert_cmpuint (hy_analysis_data_get_n_members (hy_analysis_snapshot_get_data (compact)), ==, 0);
  g_assert_cmpint (hy_analysis_data_get_as_of (hy_analysis_snapshot_get_data (compact)), ==, today (fixture));
  g_assert_cmpuint (hy_analysis_snapshot_get_warnings (compact)->len, ==, 0);
  for (gsize i = 0; i < hy_analysis_data_get_n_members (data); i++)
    {
      gint64 id = hy_analysis_data_get_member_id (data, i);
      HySnapshotMember a, b;

      g_assert_true (hy_analysis_snapshot_get_member (full, id, &a));
      g_assert_false (hy_analysis_snapshot_get_member (compact, id, &b));
      g_assert_true (hy_analysis_snapshot_refresh_member (compact, fixture->db, id, &error));
      g_assert_no_error (error);
      g_assert_true (hy_analysis_snapshot_get_member (compact, id, &b));
      assert_same_member (&a, &b);
      g_assert_cmpuint (a.rfm.r_score, ==, b.rfm.r_score);
      g_assert_cmpuint (a.rfm.f_score, ==, b.rfm.f_score);
      g_assert_cmpuint (a.rfm.m_score, ==, b.rfm.m_score);
      g_assert_cmpint (a.rfm.klass, ==, b.rfm.klass);
      for (guint k = 0; k < a.warnings->len; k++)
        g_assert_cmpint (((HyWarning *) g_ptr_array_index (a.warnings, k))->priority, ==,
                         ((HyWarning *) g_ptr_array_index (b.warnings, k))->priority);
      with_warnings += a.warnings->len > 0;
    }
  g_assert_cmpuint (with_warnings, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  HY_TEST_ADD ("/core/analysis-snapshot/refresh", test_snapshot_refresh);
  HY_TEST_ADD ("/core/analysis-snapshot/new-member", test_snapshot_new_member);
  HY_TEST_ADD ("/core/analysis-snapshot/forecast", test_snapshot_forecast);
  HY_TEST_ADD ("/core/analysis-snapshot/compact", test_snapshot_compact);

  return g_test_run ();
}
