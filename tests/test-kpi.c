/* test-kpi.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "hy-analysis.h"
#include "hy-kpi.h"
#include "hy-test-util.h"
#include "hy-time.h"

static gint64
member_joined (HyTestFixture *fixture,
               const char    *name,
               const char    *joined)
{
  g_autoptr(HyMember) member = hy_member_new ();
  g_autoptr(GError) error = NULL;

  hy_member_set_name (member, name);
  hy_member_set_joined_at (member, hy_test_local_time (fixture->db, joined));
  hy_member_store_create (fixture->members, member, &error);
  g_assert_no_error (error);
  return hy_member_get_id (member);
}

static void
refund (HyTestFixture *fixture,
        gint64         sale,
        const char    *when,
        gint64         amount)
{
  g_autoptr(GError) error = NULL;
  HyRefund r = { .sale_id = sale, .occurred_at = hy_test_local_time (fixture->db, when), .amount = amount, .reason = "test" };

  hy_purchase_store_refund (fixture->purchases, &r, NULL, &error);
  g_assert_no_error (error);
}

/* The period is May 2024; the previous period the 31 days before it (2024-03-31 .. 04-30). */
static void
add_history (HyTestFixture *fixture)
{
  gint64 a = member_joined (fixture, "A", "2023-01-01");
  gint64 b = member_joined (fixture, "B", "2023-01-01");
  gint64 c = member_joined (fixture, "C", "2023-01-01");
  gint64 d = member_joined (fixture, "D", "2023-01-01");
  gint64 e = member_joined (fixture, "E", "2024-05-15");
  gint64 g = member_joined (fixture, "G", "2022-01-01");

  member_joined (fixture, "F", "2024-05-20");
  hy_test_sell (fixture, a, "2024-04-10 10:00", 1000);
  hy_test_sell (fixture, a, "2024-05-05 10:00", 2000);
  hy_test_sell (fixture, a, "2024-05-20 10:00", 3000);
  refund (fixture, hy_test_sell (fixture, a, "2024-05-25 10:00", 1500), "2024-05-26 10:00", 1500);
  hy_test_sell (fixture, b, "2024-04-15 10:00", 500);
  hy_test_sell (fixture, c, "2023-11-10 10:00", 800);
  hy_test_sell (fixture, d, "2024-01-10 10:00", 100);
  hy_test_sell (fixture, d, "2024-05-10 10:00", 700);
  hy_test_sell (fixture, d, "2024-05-10 18:00", 300);
  refund (fixture, hy_test_sell (fixture, e, "2024-05-16 10:00", 1000), "2024-05-20 10:00", 400);
  hy_test_sell (fixture, g, "2023-06-01 10:00", 900);
  hy_test_sell (fixture, 0, "2024-05-12 10:00", 5000);   /* walk-ins */
  hy_test_sell (fixture, 0, "2024-04-01 10:00", 7000);
}

static void
test_kpi_period (HyTestFixture *fixture,
                 gconstpointer  user_data)
{
  gint32 start = hy_time_ymd_to_day (2024, 5, 1);
  gint32 end = hy_time_ymd_to_day (2024, 5, 31);
  g_autoptr(HyAnalysisData) data = NULL;
  g_autoptr(GError) error = NULL;
  HyKpis k;

  add_history (fixture);
  data = hy_analysis_data_load (fixture->db, end, 0, &error);
  g_assert_no_error (error);
  g_assert_true (hy_kpis_compute (fixture->db, data, start, end, NULL, &k, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (k.members, ==, 7);
  g_assert_cmpuint (k.new_members, ==, 2);
  g_assert_cmpuint (k.active_members, ==, 4);         /* A B D E */
  g_assert_cmpuint (k.purchasers, ==, 3);             /* A D E */
  g_assert_cmpuint (k.repurchasers, ==, 1);           /* A on two days; D twice on one day */
  g_assert_cmpfloat (k.repurchase_rate, ==, 1.0 / 3);
  g_assert_cmpuint (k.previous_purchasers, ==, 2);    /* A B */
  g_assert_cmpuint (k.retained, ==, 1);
  g_assert_cmpfloat (k.retention, ==, 0.5);
  g_assert_cmpuint (k.churn_base, ==, 4);             /* A B C D; G left long ago, E new */
  g_assert_cmpuint (k.churned, ==, 1);                /* C: 172 idle days on 04-30, 203 on 05-31 */
  g_assert_cmpfloat (k.churn_rate, ==, 0.25);
  g_assert_cmpuint (k.orders, ==, 5);                 /* the sale refunded in full is none */
  g_assert_cmpint (k.member_sales, ==, 6600);
  g_assert_cmpint (k.all_sales, ==, 11600);
  g_assert_cmpfloat (k.aov, ==, 1320.0);
  g_assert_cmpfloat (k.purchase_frequency, ==, 5.0 / 3);
  g_assert_cmpfloat (k.member_revenue_share, ==, 6600.0 / 11600);
  g_assert_cmpuint (k.sleeping_at_start, ==, 2);      /* C (172 days) D (111 days) */
  g_assert_cmpuint (k.woken, ==, 1);
  g_assert_cmpfloat (k.wake_up_rate, ==, 0.5);
  g_assert_false (k.has_clv);

  /* As of 05-22 E's refund (05-20) counts, A's (05-26) not yet. */
  g_clear_pointer (&data, hy_analysis_data_free);
  data = hy_analysis_data_load (fixture->db, hy_time_ymd_to_day (2024, 5, 22), 0, &error);
  g_assert_true (hy_kpis_compute (fixture->db, data, start, hy_time_ymd_to_day (2024, 5, 22), NULL, &k, &error));
  g_assert_cmpint (k.member_sales, ==, 2000 + 3000 + 1000 + 600);
  g_assert_cmpuint (k.orders, ==, 5);
  g_assert_cmpuint (k.new_members, ==, 2);
  g_assert_cmpuint (k.members, ==, 7);
}

static void
test_kpi_store (HyTestFixture *fixture,
                gconstpointer  user_data)
{
  gint32 end = hy_time_ymd_to_day (2024, 5, 31);
  g_autoptr(HyAnalysisData) data = NULL;
  g_autoptr(GError) error = NULL;
  HyKpis k;

  add_history (fixture);
  /* No sale was made in store 99: members stay, purchases go. */
  data = hy_analysis_data_load (fixture->db, end, 99, &error);
  g_assert_no_error (error);
  g_assert_true (hy_kpis_compute (fixture->db, data, hy_time_ymd_to_day (2024, 5, 1), end, NULL, &k, &error));
  g_assert_cmpuint (k.members, ==, 7);
  g_assert_cmpuint (k.purchasers, ==, 0);
  g_assert_cmpint (k.all_sales, ==, 0);
  g_assert_cmpfloat (k.aov, ==, 0);

  g_clear_pointer (&data, hy_analysis_data_free);
  data = hy_analysis_data_load (fixture->db, end, hy_database_get_default_store (fixture->db), &error);
  g_assert_true (hy_kpis_compute (fixture->db, data, hy_time_ymd_to_day (2024, 5, 1), end, NULL, &k, &error));
  g_assert_cmpuint (k.purchasers, ==, 3);
  g_assert_cmpint (k.all_sales, ==, 11600);
}

static void
test_kpi_cohorts (HyTestFixture *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(HyAnalysisData) data = NULL;
  g_autoptr(HyCohortTable) table = NULL;
  g_autoptr(GError) error = NULL;
  static const guint64 size[6] = { 0, 1, 0, 0, 2, 1 };

  add_history (fixture);
  data = hy_analysis_data_load (fixture->db, hy_time_ymd_to_day (2024, 5, 31), 0, &error);
  g_assert_no_error (error);
  table = hy_cohorts_compute (data, 6);

  g_assert_cmpint (table->year[0], ==, 2023);
  g_assert_cmpint (table->month[0], ==, 12);
  g_assert_cmpint (table->year[5], ==, 2024);
  g_assert_cmpint (table->month[5], ==, 5);
  for (guint i = 0; i < 6; i++)
    {
      g_assert_cmpuint (table->size[i], ==, size[i]);
      g_assert_cmpuint (table->active[i * 6], ==, size[i]);
    }
  /* D (January): back in May, month 4; A and B (April): A back in May. */
  g_assert_cmpuint (table->active[1 * 6 + 1], ==, 0);
  g_assert_cmpuint (table->active[1 * 6 + 4], ==, 1);
  g_assert_cmpuint (table->active[4 * 6 + 1], ==, 1);
  g_assert_cmpuint (table->active[5 * 6 + 1], ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  HY_TEST_ADD ("/core/kpi/period", test_kpi_period);
  HY_TEST_ADD ("/core/kpi/store", test_kpi_store);
  HY_TEST_ADD ("/core/kpi/cohorts", test_kpi_cohorts);

  return g_test_run ();
}
