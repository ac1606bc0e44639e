/* test-rfm.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "hy-analysis-private.h"
#include "hy-demo.h"
#include "hy-rfm.h"
#include "hy-test-util.h"
#include "hy-time.h"

/* The fixture's today, 2024-06-01 in Asia/Shanghai. */
static gint32
today (HyTestFixture *fixture)
{
  return hy_time_local_day (hy_database_get_time_zone (fixture->db), hy_time_now ());
}

static gint64
add_member_joined (HyTestFixture *fixture,
                   const char    *name,
                   gint32         joined_day)
{
  g_autoptr(HyMember) member = hy_member_new ();
  g_autoptr(GError) error = NULL;

  hy_member_set_name (member, name);
  hy_member_set_joined_at (member, hy_time_day_start (hy_database_get_time_zone (fixture->db), joined_day) + 3600);
  hy_member_store_create (fixture->members, member, &error);
  g_assert_no_error (error);
  return hy_member_get_id (member);
}

/* A sale at noon, @days_ago days before today. */
static gint64
sell_days_ago (HyTestFixture *fixture,
               gint64         member,
               gint32         days_ago,
               gint64         amount)
{
  g_autoptr(GError) error = NULL;
  HySale sale = {
    .member_id = member,
    .occurred_at = hy_time_day_start (hy_database_get_time_zone (fixture->db), today (fixture) - days_ago) + 12 * 3600,
    .gross = amount,
  };
  gint64 id = hy_purchase_store_record_sale (fixture->purchases, &sale, NULL, &error);

  g_assert_no_error (error);
  return id;
}

static void
refund_days_ago (HyTestFixture *fixture,
                 gint64         sale,
                 gint32         days_ago,
                 gint64         amount)
{
  g_autoptr(GError) error = NULL;
  HyRefund refund = {
    .sale_id = sale,
    .occurred_at = hy_time_day_start (hy_database_get_time_zone (fixture->db), today (fixture) - days_ago) + 13 * 3600,
    .amount = amount,
    .reason = "test",
  };

  hy_purchase_store_refund (fixture->purchases, &refund, NULL, &error);
  g_assert_no_error (error);
}

static HyRfmResult *
rfm_as_of (HyTestFixture *fixture,
           gint32         day,
           guint          window)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HyAnalysisData) data = hy_analysis_data_load (fixture->db, day, 0, &error);

  g_assert_no_error (error);
  return hy_rfm_compute (data, window);
}

/* The index of member @id in a result computed on data of the same database. */
static const HyRfmMember *
member_of (HyTestFixture *fixture,
           HyRfmResult   *result,
           gint64         id)
{
  g_autoptr(HyAnalysisData) data = hy_analysis_data_load (fixture->db, result->as_of_day, 0, NULL);
  gssize i = hy_analysis_data_find_member (data, id);

  g_assert_cmpint (i, >=, 0);
  g_assert_cmpuint (result->n_members, ==, hy_analysis_data_get_n_members (data));
  return &result->members[i];
}

static void
assert_member (const HyRfmMember *m,
               gint32             r,
               guint32            f,
               gint64             money,
               guint              r_score,
               guint              f_score,
               guint              m_score,
               HyRfmClass         klass)
{
  g_assert_cmpint (m->recency, ==, r);
  g_assert_cmpuint (m->frequency, ==, f);
  g_assert_cmpint (m->monetary, ==, money);
  g_assert_cmpuint (m->r_score, ==, r_score);
  g_assert_cmpuint (m->f_score, ==, f_score);
  g_assert_cmpuint (m->m_score, ==, m_score);
  g_assert_cmpint (m->klass, ==, klass);
}

/* Eight buyers, one per class, plus a member who bought only before the window and one who
 * never bought.  Buyers' averages: R = 768 / 8 = 96, F = 16 / 8 = 2, M = 15900 / 8 = 1987.5. */
static void
test_rfm_classes (HyTestFixture *fixture,
                  gconstpointer  data)
{
  gint32 d = today (fixture);
  gint64 a = add_member_joined (fixture, "A", d - 500);
  gint64 b = add_member_joined (fixture, "B", d - 500);
  gint64 c = add_member_joined (fixture, "C", d - 500);
  gint64 dd = add_member_joined (fixture, "D", d - 500);
  gint64 e = add_member_joined (fixture, "E", d - 500);
  gint64 f = add_member_joined (fixture, "F", d - 500);
  gint64 g = add_member_joined (fixture, "G", d - 500);
  gint64 h = add_member_joined (fixture, "H", d - 500);
  gint64 i = add_member_joined (fixture, "I", d - 500);
  gint64 j = add_member_joined (fixture, "J", d - 500);
  g_autoptr(HyRfmResult) rfm = NULL;
  gint64 sale;

  sell_days_ago (fixture, a, 1, 1000);
  sell_days_ago (fixture, a, 30, 1000);
  sell_days_ago (fixture, a, 60, 1000);
  sell_days_ago (fixture, b, 2, 5000);
  sale = sell_days_ago (fixture, b, 1, 9000);     /* refunded in full: not a purchase */
  refund_days_ago (fixture, sale, 0, 9000);
  sell_days_ago (fixture, c, 200, 1000);
  sell_days_ago (fixture, c, 250, 1000);
  sell_days_ago (fixture, c, 300, 1000);
  sale = sell_days_ago (fixture, dd, 150, 5000);  /* 1000 of it refunded */
  refund_days_ago (fixture, sale, 10, 1000);
  sell_days_ago (fixture, e, 5, 100);
  sell_days_ago (fixture, e, 5, 100);             /* same day: two purchases */
  sell_days_ago (fixture, e, 6, 100);
  sell_days_ago (fixture, f, 10, 100);
  sell_days_ago (fixture, g, 100, 100);
  sell_days_ago (fixture, g, 101, 100);
  sell_days_ago (fixture, g, 102, 100);
  sell_days_ago (fixture, h, 300, 200);
  sell_days_ago (fixture, h, 370, 700);            /* outside the 365-day window */
  sell_days_ago (fixture, i, 400, 800);
  (void) j;

  rfm = rfm_as_of (fixture, d, 0);
  g_assert_cmpuint (rfm->window_days, ==, 365);
  g_assert_cmpuint (rfm->n_members, ==, 10);
  g_assert_cmpuint (rfm->n_scored, ==, 9);
  g_assert_cmpuint (rfm->n_buyers, ==, 8);
  g_assert_cmpfloat (rfm->avg_recency, ==, 96.0);
  g_assert_cmpfloat (rfm->avg_frequency, ==, 2.0);
  g_assert_cmpfloat (rfm->avg_monetary, ==, 1987.5);
  g_assert_cmpint (rfm->revenue, ==, 15900);

  /* R score = 1 + floor (5 * longer / 9), F and M = 1 + floor (5 * smaller / 9). */
  assert_member (member_of (fixture, rfm, a), 1, 3, 3000, 5, 3, 3, HY_RFM_CLASS_IMPORTANT_VALUE);
  assert_member (member_of (fixture, rfm, b), 2, 1, 5000, 4, 1, 5, HY_RFM_CLASS_IMPORTANT_DEVELOP);
  assert_member (member_of (fixture, rfm, c), 200, 3, 3000, 2, 3, 3, HY_RFM_CLASS_IMPORTANT_KEEP);
  assert_member (member_of (fixture, rfm, dd), 150, 1, 4000, 2, 1, 4, HY_RFM_CLASS_IMPORTANT_RETAIN);
  assert_member (member_of (fixture, rfm, e), 5, 3, 300, 4, 3, 2, HY_RFM_CLASS_GENERAL_VALUE);
  assert_member (member_of (fixture, rfm, f), 10, 1, 100, 3, 1, 1, HY_RFM_CLASS_GENERAL_DEVELOP);
  assert_member (member_of (fixture, rfm, g), 100, 3, 300, 3, 3, 2, HY_RFM_CLASS_GENERAL_KEEP);
  assert_member (member_of (fixture, rfm, h), 300, 1, 200, 1, 1, 2, HY_RFM_CLASS_GENERAL_RETAIN);
  assert_member (member_of (fixture, rfm, i), 400, 0, 0, 1, 1, 1, HY_RFM_CLASS_GENERAL_RETAIN);
  assert_member (member_of (fixture, rfm, j), -1, 0, 0, 0, 0, 0, HY_RFM_CLASS_NO_PURCHASE);

  for (guint k = 0; k < HY_RFM_CLASS_GENERAL_RETAIN; k++)
    g_assert_cmpuint (rfm->classes[k].members, ==, 1);
  g_assert_cmpuint (rfm->classes[HY_RFM_CLASS_GENERAL_RETAIN].members, ==, 2);
  g_assert_cmpint (rfm->classes[HY_RFM_CLASS_GENERAL_RETAIN].revenue, ==, 200);
  g_assert_cmpfloat (rfm->classes[HY_RFM_CLASS_GENERAL_RETAIN].avg_recency, ==, 350.0);
  g_assert_cmpfloat (rfm->classes[HY_RFM_CLASS_GENERAL_RETAIN].avg_frequency, ==, 0.5);
  g_assert_cmpfloat (rfm->classes[HY_RFM_CLASS_GENERAL_RETAIN].avg_monetary, ==, 100.0);
  g_assert_cmpfloat (rfm->classes[HY_RFM_CLASS_GENERAL_RETAIN].member_share, ==, 0.2);
  g_assert_cmpuint (rfm->classes[HY_RFM_CLASS_NO_PURCHASE].members, ==, 1);
  g_assert_cmpint (rfm->classes[HY_RFM_CLASS_IMPORTANT_DEVELOP].revenue, ==, 5000);
  g_assert_cmpfloat_with_epsilon (rfm->classes[HY_RFM_CLASS_IMPORTANT_DEVELOP].revenue_share, 5000.0 / 15900, 1e-12);
  g_assert_cmpstr (hy_rfm_class_to_string (HY_RFM_CLASS_IMPORTANT_RETAIN), ==, "important_retain");

  /* A longer window takes in H's and I's old purchases: I becomes a buyer. */
  g_clear_pointer (&rfm, hy_rfm_result_free);
  rfm = rfm_as_of (fixture, d, 450);
  g_assert_cmpuint (rfm->n_buyers, ==, 9);
  assert_member (member_of (fixture, rfm, h), 300, 2, 900, 1, 3, 3, HY_RFM_CLASS_GENERAL_RETAIN);
}

/* Ties share the score of their lowest rank; a value everyone shares scores 1. */
static void
test_rfm_ties (HyTestFixture *fixture,
               gconstpointer  data)
{
  gint32 d = today (fixture);
  gint64 ids[10];
  g_autoptr(HyRfmResult) rfm = NULL;

  /* R: 0 0 0 0 0 10 10 20 30 40; F all 1; M 100 x 2, 200 x 6, 300, 400 */
  static const gint32 r[10] = { 0, 0, 0, 0, 0, 10, 10, 20, 30, 40 };
  static const gint64 m[10] = { 100, 100, 200, 200, 200, 200, 200, 200, 300, 400 };
  static const guint r_scores[10] = { 3, 3, 3, 3, 3, 2, 2, 2, 1, 1 };
  static const guint m_scores[10] = { 1, 1, 2, 2, 2, 2, 2, 2, 5, 5 };

  for (guint k = 0; k < 10; k++)
    {
      ids[k] = add_member_joined (fixture, "T", d - 100);
      sell_days_ago (fixture, ids[k], r[k], m[k]);
    }

  rfm = rfm_as_of (fixture, d, 0);
  for (guint k = 0; k < 10; k++)
    {
      const HyRfmMember *member = member_of (fixture, rfm, ids[k]);

      /* R 0: 5 of 10 waited longer -> 1 + 25/10 = 3; R 10: 3 longer -> 2; R 30: 1 -> 1 */
      g_assert_cmpuint (member->r_score, ==, r_scores[k]);
      g_assert_cmpuint (member->f_score, ==, 1);
      /* M 200: 2 smaller -> 2; M 300: 8 smaller -> 5; M 400: 9 -> 5 */
      g_assert_cmpuint (member->m_score, ==, m_scores[k]);
    }
}

/* As of an earlier day: later purchases, later refunds and later members do not exist yet. */
static void
test_rfm_as_of (HyTestFixture *fixture,
                gconstpointer  data)
{
  gint32 d = today (fixture);
  gint64 a = add_member_joined (fixture, "A", d - 400);
  gint64 late = add_member_joined (fixture, "Late", d - 5);
  g_autoptr(HyRfmResult) rfm = NULL;
  gint64 sale;

  sale = sell_days_ago (fixture, a, 150, 5000);
  refund_days_ago (fixture, sale, 10, 1000);
  sell_days_ago (fixture, a, 5, 700);
  sell_days_ago (fixture, late, 1, 100);

  rfm = rfm_as_of (fixture, d - 150, 0);
  g_assert_cmpuint (rfm->n_members, ==, 1);
  assert_member (member_of (fixture, rfm, a), 0, 1, 5000, 1, 1, 1, HY_RFM_CLASS_GENERAL_RETAIN);

  g_clear_pointer (&rfm, hy_rfm_result_free);
  rfm = rfm_as_of (fixture, d - 149, 0);
  g_assert_cmpint (member_of (fixture, rfm, a)->recency, ==, 1);

  g_clear_pointer (&rfm, hy_rfm_result_free);
  rfm = rfm_as_of (fixture, d - 9, 0);
  g_assert_cmpuint (rfm->n_members, ==, 1);
  g_assert_cmpint (member_of (fixture, rfm, a)->monetary, ==, 4000);

  g_clear_pointer (&rfm, hy_rfm_result_free);
  rfm = rfm_as_of (fixture, d, 0);
  g_assert_cmpuint (rfm->n_members, ==, 2);
  g_assert_cmpint (member_of (fixture, rfm, a)->monetary, ==, 4700);
  g_assert_cmpuint (member_of (fixture, rfm, a)->frequency, ==, 2);
}

/* Days follow the store's calendar: 23:30 and 00:30 local are different days even though they
 * are the same UTC day, and a purchase at 00:30 after the as-of day is not counted. */
static void
test_rfm_time_zone (HyTestFixture *fixture,
                    gconstpointer  data)
{
  gint32 d = hy_time_ymd_to_day (2024, 5, 20);
  gint64 a = add_member_joined (fixture, "A", d - 100);
  gint64 b = add_member_joined (fixture, "B", d - 100);
  g_autoptr(HyRfmResult) rfm = NULL;

  hy_test_sell (fixture, a, "2024-05-19 23:30", 1000);   /* 15:30 UTC on the 19th */
  hy_test_sell (fixture, a, "2024-05-21 00:30", 1000);   /* 16:30 UTC on the 20th: after D */
  hy_test_sell (fixture, b, "2024-05-20 00:30", 500);    /* 16:30 UTC on the 19th */

  rfm = rfm_as_of (fixture, d, 0);
  assert_member (member_of (fixture, rfm, a), 1, 1, 1000, 1, 1, 3, HY_RFM_CLASS_IMPORTANT_RETAIN);
  assert_member (member_of (fixture, rfm, b), 0, 1, 500, 3, 1, 1, HY_RFM_CLASS_GENERAL_DEVELOP);

  /* In UTC, A's second purchase falls on D itself and B's on the day before. */
  g_clear_pointer (&rfm, hy_rfm_result_free);
  g_assert_true (hy_database_set_setting (fixture->db, "time_zone", "UTC", NULL));
  rfm = rfm_as_of (fixture, d, 0);
  g_assert_cmpint (member_of (fixture, rfm, a)->recency, ==, 0);
  g_assert_cmpint (member_of (fixture, rfm, b)->recency, ==, 1);
  g_assert_cmpuint (member_of (fixture, rfm, a)->frequency, ==, 2);
}

/* The score of one value by the definition (hy-rfm.h), counting over every scored member. */
static guint
score_by_definition (const HyRfmResult *rfm,
                     char               which,
                     gint64             value)
{
  gsize beyond = 0;

  for (gsize i = 0; i < rfm->n_members; i++)
    {
      const HyRfmMember *m = &rfm->members[i];

      if (m->klass == HY_RFM_CLASS_NO_PURCHASE)
        continue;
      if (which == 'r')
        beyond += m->recency > value;
      else
        beyond += (which == 'f' ? m->frequency : m->monetary) < value;
    }
  return 1 + (5 * beyond) / rfm->n_scored;
}

/* On a demo store (many ties in F and R, a long tail in M), every member's scores and the
 * rescoring of any value, also of values no member has, agree with counting. */
static void
test_rfm_scores_by_definition (HyTestFixture *fixture,
                               gconstpointer  data)
{
  HyDemoOptions options = {
    .n_members = 700,
    .n_transactions = 9000,
    .seed = 11,
    .industry = HY_INDUSTRY_BAKERY,
    .end = 1717171200,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(HyRfmResult) rfm = NULL;
  static const gint64 probes[] = { -1000, 0, 1, 2, 3, 5, 7, 30, 89, 365, 999, 12345, 99999999 };

  hy_demo_generate (fixture->db, &options, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  rfm = rfm_as_of (fixture, hy_time_ymd_to_day (2024, 5, 31), 0);
  g_assert_cmpuint (rfm->n_scored, >, 300);

  for (gsize i = 0; i < rfm->n_members; i++)
    {
      const HyRfmMember *m = &rfm->members[i];
      HyRfmMember copy = *m;

      if (m->klass == HY_RFM_CLASS_NO_PURCHASE)
        continue;
      g_assert_cmpuint (m->r_score, ==, score_by_definition (rfm, 'r', m->recency));
      g_assert_cmpuint (m->f_score, ==, score_by_definition (rfm, 'f', m->frequency));
      g_assert_cmpuint (m->m_score, ==, score_by_definition (rfm, 'm', m->monetary));
      hy_rfm_rescore_member (rfm, &copy);
      g_assert_cmpmem (&copy, sizeof copy, m, sizeof *m);
    }

  for (guint p = 0; p < G_N_ELEMENTS (probes); p++)
    {
      HyRfmMember probe = { 0 };

      probe.recency = MAX (probes[p], 0);
      probe.frequency = MAX (probes[p], 1);
      probe.monetary = probes[p] * 100;
      hy_rfm_rescore_member (rfm, &probe);
      g_assert_cmpuint (probe.r_score, ==, MIN (5, score_by_definition (rfm, 'r', probe.recency)));
      g_assert_cmpuint (probe.f_score, ==, MIN (5, score_by_definition (rfm, 'f', probe.frequency)));
      g_assert_cmpuint (probe.m_score, ==, MIN (5, score_by_definition (rfm, 'm', probe.monetary)));
    }

  /* The figures by ranges of members and the cuts on two threads give the same result. */
  {
    g_autoptr(HyRfmResult) threaded = NULL;
    gsize saved = _hy_analysis_min_parallel;

    _hy_analysis_min_parallel = 1;
    threaded = rfm_as_of (fixture, hy_time_ymd_to_day (2024, 5, 31), 0);
    _hy_analysis_min_parallel = saved;
    g_assert_cmpuint (threaded->n_members, ==, rfm->n_members);
    g_assert_cmpmem (threaded->members, threaded->n_members * sizeof (HyRfmMember),
                     rfm->members, rfm->n_members * sizeof (HyRfmMember));
    g_assert_cmpmem (threaded->classes, sizeof threaded->classes, rfm->classes, sizeof rfm->classes);
    g_assert_cmpmem (threaded->r_cut, sizeof threaded->r_cut, rfm->r_cut, sizeof rfm->r_cut);
    g_assert_cmpmem (threaded->m_cut, sizeof threaded->m_cut, rfm->m_cut, sizeof rfm->m_cut);
    g_assert_cmpfloat (threaded->avg_monetary, ==, rfm->avg_monetary);
    g_assert_cmpuint (threaded->n_buyers, ==, rfm->n_buyers);
  }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Selection gives what a sort puts at k, with nothing larger before and nothing smaller after,
 * on long runs of one value, few values, sorted, reversed and random input. */
static void
test_select (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);

  for (guint round = 0; round < 300; round++)
    {
      guint n = 1 + g_rand_int_range (rand, 0, round < 100 ? 12 : 3000);
      guint spread = (guint[]) { 1, 2, 5, 1000, G_MAXINT32 }[round % 5];
      g_autofree double *v = g_new (double, n);
      g_autofree double *sorted = g_new (double, n);
      g_autofree gint64 *w = g_new (gint64, n);
      guint k = g_rand_int_range (rand, 0, n);
      double got;

      for (guint i = 0; i < n; i++)
        {
          v[i] = round % 7 == 0 ? (double) i : round % 7 == 1 ? (double) (n - i) : g_rand_int_range (rand, 0, spread);
          w[i] = (gint64) v[i];
        }
      memcpy (sorted, v, n * sizeof (double));
      qsort (sorted, n, sizeof (double), compare_doubles);

      got = _hy_analysis_select_double (v, n, k);
      g_assert_cmpfloat (got, ==, sorted[k]);
      g_assert_cmpint (_hy_analysis_select_int64 (w, n, k), ==, (gint64) sorted[k]);
      for (guint i = 0; i < n; i++)
        {
          g_assert_true (i < k ? v[i] <= got : i > k ? v[i] >= got : v[i] == got);
          g_assert_true (i < k ? w[i] <= (gint64) got : i > k ? w[i] >= (gint64) got : w[i] == (gint64) got);
        }
    }
}

/* The median gap between purchase days against the middle of the sorted gaps, for short
 * lists (sorted in place) and long ones (selected), of odd and even length. */
static void
test_median_gap (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  for (guint round = 0; round < 400; round++)
    {
      guint n = 2 + g_rand_int_range (rand, 0, round < 200 ? 40 : 400);
      guint spread = (guint[]) { 1, 3, 30, 400 }[round % 4];
      g_autofree gint32 *days = g_new (gint32, n);
      g_autofree gint32 *gaps = g_new (gint32, n);
      g_autofree double *sorted = g_new (double, n - 1);
      double expected;

      days[0] = 18000;
      for (guint i = 1; i < n; i++)
        days[i] = days[i - 1] + 1 + g_rand_int_range (rand, 0, spread);
      for (guint i = 1; i < n; i++)
        sorted[i - 1] = days[i] - days[i - 1];
      qsort (sorted, n - 1, sizeof (double), compare_doubles);
      expected = (n - 1) % 2 == 1 ? sorted[(n - 1) / 2]
                                  : (sorted[(n - 1) / 2 - 1] + sorted[(n - 1) / 2]) / 2;

      g_assert_cmpfloat (_hy_analysis_median_gap_of (days, n, gaps), ==, expected);
    }
  g_assert_cmpfloat (_hy_analysis_median_gap_of ((gint32[]) { 5 }, 1, (gint32[1]) { 0 }), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/analysis/select", test_select);
  g_test_add_func ("/core/analysis/median-gap", test_median_gap);
  HY_TEST_ADD ("/core/rfm/classes", test_rfm_classes);
  HY_TEST_ADD ("/core/rfm/ties", test_rfm_ties);
  HY_TEST_ADD ("/core/rfm/as-of", test_rfm_as_of);
  HY_TEST_ADD ("/core/rfm/time-zone", test_rfm_time_zone);
  HY_TEST_ADD ("/core/rfm/scores-by-definition", test_rfm_scores_by_definition);

  return g_test_run ();
}
