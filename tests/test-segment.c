/* test-segment.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <string.h>

#include "hy-customer-model.h"
#include "hy-error.h"
#include "hy-segment.h"
#include "hy-test-util.h"
#include "hy-time.h"

typedef struct
{
  gint64 a, b, c;
} Members;

static void
sell (HyTestFixture *fixture,
      gint64         member,
      const char    *when,
      gint64         amount,
      const char    *category)
{
  g_autoptr(GError) error = NULL;
  HyLineItem item = { .sku = "X", .name = "x", .category = category, .quantity = 1, .unit_price = amount };
  HySale sale = {
    .member_id = member,
    .occurred_at = hy_test_local_time (fixture->db, when),
    .items = &item,
    .n_items = 1,
  };

  hy_purchase_store_record_sale (fixture->purchases, &sale, NULL, &error);
  g_assert_no_error (error);
}

/* A: tagged VIP, three milk purchases in May (300.00).  B: one bread purchase on
 * New Year's Day (5.00).  C: born in June, no purchase. */
static Members
add_members (HyTestFixture *fixture)
{
  g_autoptr(HyMember) born = hy_member_new ();
  g_autoptr(GError) error = NULL;
  Members m;

  m.a = hy_test_add_member (fixture, "甲", "13800138000");
  m.b = hy_test_add_member (fixture, "乙", "13800138001");
  hy_member_set_name (born, "丙");
  hy_member_set_joined_at (born, hy_time_now ());
  hy_member_set_birthday (born, 1990, 6, 15);
  hy_member_store_create (fixture->members, born, &error);
  g_assert_no_error (error);
  m.c = hy_member_get_id (born);
  hy_member_store_add_tag (fixture->members, m.a, "VIP", &error);
  g_assert_no_error (error);
  sell (fixture, m.a, "2024-05-01 10:00", 10000, "牛奶");
  sell (fixture, m.a, "2024-05-10 10:00", 10000, "牛奶");
  sell (fixture, m.a, "2024-05-20 10:00", 10000, "牛奶");
  sell (fixture, m.b, "2024-01-01 10:00", 500, "面包");
  return m;
}

/* The ids the conditions select, as "1,2,3". */
static char *
select_ids (HyTestFixture      *fixture,
            HyAnalysisSnapshot *snapshot,
            const char * const *conditions)
{
  g_autoptr(HySegment) segment = hy_segment_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  GString *text = g_string_new ("");

  for (guint i = 0; conditions[i] != NULL; i++)
    {
      hy_segment_add_condition (segment, conditions[i], &error);
      g_assert_no_error (error);
    }
  ids = hy_segment_select (segment, fixture->db, snapshot, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < ids->len; k++)
    g_string_append_printf (text, "%s%lld", k > 0 ? "," : "", (long long) g_array_index (ids, gint64, k));
  return g_string_free (text, FALSE);
}

static char *
ids_of (gint64 x,
        gint64 y)
{
  return y == 0 ? g_strdup_printf ("%lld", (long long) x) : g_strdup_printf ("%lld,%lld", (long long) x, (long long) y);
}

#define ASSERT_SELECTS(fixture, snapshot, expected, ...) \
  G_STMT_START { \
    const char * const conditions_[] = { __VA_ARGS__, NULL }; \
    g_autofree char *got_ = select_ids (fixture, snapshot, conditions_); \
    g_autofree char *want_ = expected; \
    g_assert_cmpstr (got_, ==, want_); \
  } G_STMT_END

static void
test_segment_fields (HyTestFixture *fixture,
                     gconstpointer  user_data)
{
  Members m = add_members (fixture);

  ASSERT_SELECTS (fixture, NULL, ids_of (m.a, 0), "spend>=20000");
  ASSERT_SELECTS (fixture, NULL, ids_of (m.b, m.c), "visits < 2");
  ASSERT_SELECTS (fixture, NULL, ids_of (m.a, 0), "tag=VIP");
  ASSERT_SELECTS (fixture, NULL, ids_of (m.b, m.c), "tag != VIP");
  ASSERT_SELECTS (fixture, NULL, ids_of (m.b, 0), "category=面包");
  ASSERT_SELECTS (fixture, NULL, ids_of (m.b, 0), "last_purchase>=100");
  ASSERT_SELECTS (fixture, NULL, ids_of (m.a, 0), "spend>0", "last_purchase<30");
  ASSERT_SELECTS (fixture, NULL, g_strdup (""), "spend>0", "last_purchase<10");
  ASSERT_SELECTS (fixture, NULL, ids_of (m.a, m.b), "birth_month=0", "spend>=1");
  ASSERT_SELECTS (fixture, NULL, ids_of (m.c, 0), "birth_month=6");
  ASSERT_SELECTS (fixture, NULL, g_strdup (""), "store=1");
}

static void
test_segment_snapshot (HyTestFixture *fixture,
                       gconstpointer  user_data)
{
  Members m = add_members (fixture);
  g_autoptr(HyAnalysisSnapshot) snapshot = NULL;
  g_autoptr(HySegment) segment = hy_segment_new ();
  g_autoptr(GError) error = NULL;
  gint32 today = hy_time_local_day (hy_database_get_time_zone (fixture->db), hy_time_now ());

  hy_segment_add_condition (segment, "rfm_class=no_purchase", &error);
  g_assert_no_error (error);
  g_assert_true (hy_segment_needs_snapshot (segment));
  g_assert_null (hy_segment_select (segment, fixture->db, NULL, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);

  snapshot = hy_analysis_snapshot_new (fixture->db, today, NULL, &error);
  g_assert_no_error (error);
  ASSERT_SELECTS (fixture, snapshot, ids_of (m.c, 0), "rfm_class=no_purchase");
  /* Two scored members: A ranks above one of them on F, 1 + 5 * 1 / 2 = 3. */
  ASSERT_SELECTS (fixture, snapshot, ids_of (m.a, 0), "f_score=3");
  ASSERT_SELECTS (fixture, snapshot, ids_of (m.b, 0), "r_score<=2", "tag!=VIP");
  ASSERT_SELECTS (fixture, snapshot, ids_of (m.a, m.b), "stage=new", "spend>0");
  ASSERT_SELECTS (fixture, snapshot, ids_of (m.b, 0), "warning=idle");
  ASSERT_SELECTS (fixture, snapshot, g_strdup (""), "warning=idle", "spend>=20000");
}

/* A value never reaches the SQL text: a quote in it is just part of the value. */
static void
test_segment_hostile (HyTestFixture *fixture,
                      gconstpointer  user_data)
{
  Members m = add_members (fixture);
  g_autoptr(HySegment) plain = hy_segment_new ();
  g_autoptr(HySegment) hostile = hy_segment_new ();
  g_autoptr(HySegment) other = hy_segment_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *plain_sql = NULL;
  g_autofree char *hostile_sql = NULL;

  hy_segment_add_condition (plain, "tag=VIP", &error);
  g_assert_no_error (error);
  hy_segment_add_condition (hostile, "tag=VIP' OR '1'='1", &error);
  g_assert_no_error (error);
  plain_sql = _hy_segment_get_sql (plain);
  hostile_sql = _hy_segment_get_sql (hostile);
  g_assert_cmpstr (plain_sql, ==, hostile_sql);
  g_assert_null (strstr (hostile_sql, "VIP"));
  ASSERT_SELECTS (fixture, NULL, g_strdup (""), "tag=VIP' OR '1'='1");
  ASSERT_SELECTS (fixture, NULL, ids_of (m.a, 0), "tag=VIP");

  g_assert_false (hy_segment_add_condition (other, "spend>=1; DROP TABLE members", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hy_segment_add_condition (other, "id=1 OR 1=1", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hy_segment_add_condition (other, "tag LIKE '%'", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hy_segment_add_condition (other, "tag>VIP", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);
  /* Tiers and stores are ids: equal or not, in no order. */
  g_assert_false (hy_segment_add_condition (other, "tier>=2", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hy_segment_add_condition (other, "store<3", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (hy_segment_add_condition (other, "tier!=2", &error));
  g_assert_no_error (error);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count (*) FROM members"), ==, 3);
}

static void
test_segment_save_export (HyTestFixture *fixture,
                          gconstpointer  user_data)
{
  Members m = add_members (fixture);
  g_autoptr(HySegment) vip = hy_segment_new ();
  g_autoptr(HySegment) lapsed = hy_segment_new ();
  g_autoptr(HySegment) loaded = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *csv = g_build_filename (fixture->dir, "vip.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  guint64 count = 0;

  hy_segment_add_condition (vip, "tag=VIP", &error);
  hy_segment_add_condition (vip, "spend>=100", &error);
  g_assert_no_error (error);
  hy_segment_add_condition (lapsed, "last_purchase>=90", &error);
  g_assert_no_error (error);
  g_assert_true (hy_segment_save (vip, fixture->db, "vip", &error));
  g_assert_true (hy_segment_save (lapsed, fixture->db, "lapsed", &error));
  g_assert_no_error (error);
  names = hy_segment_list_names (fixture->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "lapsed");
  g_assert_cmpstr (names[1], ==, "vip");

  loaded = hy_segment_load (fixture->db, "vip", &error);
  g_assert_no_error (error);
  ids = hy_segment_select (loaded, fixture->db, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, m.a);
  g_assert_null (hy_segment_load (fixture->db, "nope", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* By name, as the Coupons page issues to a segment: with a snapshot when one is needed. */
  {
    g_autoptr(HySegment) never = hy_segment_new ();
    g_autoptr(GArray) saved = hy_segment_select_saved (fixture->db, "vip", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (saved->len, ==, 1);
    g_assert_cmpint (g_array_index (saved, gint64, 0), ==, m.a);
    g_clear_pointer (&saved, g_array_unref);
    hy_segment_add_condition (never, "rfm_class=no_purchase", &error);
    g_assert_true (hy_segment_save (never, fixture->db, "never bought", &error));
    saved = hy_segment_select_saved (fixture->db, "never bought", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (saved->len, ==, 1);
    g_assert_cmpint (g_array_index (saved, gint64, 0), ==, m.c);
    g_assert_null (hy_segment_select_saved (fixture->db, "nope", &error));
    g_assert_error (error, HY_ERROR, HY_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  g_assert_true (hy_segment_export_csv (loaded, fixture->db, NULL, csv, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 1);
  g_file_get_contents (csv, &contents, NULL, &error);
  g_assert_no_error (error);
  expected = g_strdup_printf ("id,name,joined,net_spend,purchase_days\r\n%lld,甲,2024-06-01,300.00,3\r\n", (long long) m.a);
  g_assert_cmpstr (contents, ==, expected);
}

/* Sixty more buyers, drawn as BG/NBD assumes (a seeded draw, the same every run), so that the
 * customer model (at least 30 customers) can be fitted on the store: each buys at their own
 * rate and around their own basket from their first purchase in January and, after each
 * purchase, drops out with a chance of one in four. */
static void
add_buyers (HyTestFixture *fixture)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240601);

  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *name = g_strdup_printf ("买家%u", i);
      g_autofree char *phone = g_strdup_printf ("1390000%04u", i);
      gint64 member = hy_test_add_member (fixture, name, phone);
      double mean_gap = g_rand_double_range (rand, 4, 60);
      gint64 basket = g_rand_int_range (rand, 2000, 15000);
      g_autoptr(GDateTime) day = g_date_time_new_local (2024, 1, g_rand_int_range (rand, 1, 31), 10, 0, 0);

      while (g_date_time_get_month (day) <= 5)
        {
          g_autofree char *when = g_date_time_format (day, "%Y-%m-%d %H:%M");
          GDateTime *next;

          sell (fixture, member, when, basket * g_rand_double_range (rand, 0.6, 1.4), "杂货");
          if (g_rand_double (rand) < 0.25)
            break;
          next = g_date_time_add_days (day, 1 + (int) (-mean_gap * log (1 - g_rand_double (rand))));
          g_date_time_unref (day);
          day = next;
        }
    }
}

/* Bounds on P(alive) and CLV, NAN for none. */
typedef struct
{
  double p_below, p_at_least, clv_at_least;
} Bounds;

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* The ids, as "1,2,3", of the members whose figures (NaN without a purchase, which no bound
 * admits) are within the bounds, the CLV rounded to minor units. */
static char *
expected_ids (HyAnalysisData *data,
              const double   *p_alive,
              const double   *clv,
              Bounds          bounds)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GString *text = g_string_new ("");

  for (gsize i = 0; i < hy_analysis_data_get_n_members (data); i++)
    if ((isnan (bounds.p_below) || p_alive[i] < bounds.p_below) &&
        (isnan (bounds.p_at_least) || p_alive[i] >= bounds.p_at_least) &&
        (isnan (bounds.clv_at_least) || (!isnan (clv[i]) && llround (clv[i]) >= bounds.clv_at_least)))
      {
        gint64 id = hy_analysis_data_get_member_id (data, i);

        g_array_append_val (ids, id);
      }
  g_array_sort (ids, compare_ids);
  for (guint k = 0; k < ids->len; k++)
    g_string_append_printf (text, "%s%lld", k > 0 ? "," : "", (long long) g_array_index (ids, gint64, k));
  return g_string_free (text, FALSE);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The value halfway between the two middle figures. */
static double
middle_cut (const double *figures,
            gsize         n)
{
  g_autoptr(GArray) sorted = g_array_new (FALSE, FALSE, sizeof (double));

  for (gsize i = 0; i < n; i++)
    if (!isnan (figures[i]))
      g_array_append_val (sorted, figures[i]);
  g_array_sort (sorted, compare_doubles);
  g_assert_cmpuint (sorted->len, >=, 4);
  return (g_array_index (sorted, double, sorted->len / 2 - 1) + g_array_index (sorted, double, sorted->len / 2)) / 2;
}

static void
assert_rejected (const char *condition,
                 const char *message_part)
{
  g_autoptr(HySegment) segment = hy_segment_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (hy_segment_add_condition (segment, condition, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, message_part));
}

static void
test_segment_forecast (HyTestFixture *fixture,
                       gconstpointer  user_data)
{
  Members m = add_members (fixture);
  gint32 today = hy_time_local_day (hy_database_get_time_zone (fixture->db), hy_time_now ());
  g_autoptr(HyAnalysisSnapshot) bare = NULL;
  g_autoptr(HyAnalysisSnapshot) snapshot = NULL;
  g_autoptr(HyAnalysisData) data = NULL;
  g_autoptr(HySegment) lost = hy_segment_new ();
  g_autoptr(GArray) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *p_alive = NULL;
  g_autofree double *clv = NULL;
  g_autofree char *p_cut_text = NULL, *p_condition = NULL, *clv_condition = NULL, *want = NULL;
  HyCustomerModel model;
  double p_cut, clv_cut;
  GString *got;
  gsize n;

  add_buyers (fixture);
  assert_rejected ("p_alive<1.5", "0.3");
  assert_rejected ("p_alive<150%", "30%");
  assert_rejected ("p_alive<-0.1", "0.3");
  assert_rejected ("p_alive<likely", "0.3");
  assert_rejected ("p_alive<", "0.3");
  assert_rejected ("clv>=12.50", "clv");

  /* No model fitted yet: an error that says how to fit one, never an empty selection. */
  hy_segment_add_condition (lost, "p_alive<0.5", &error);
  g_assert_no_error (error);
  g_assert_true (hy_segment_save (lost, fixture->db, "lost", &error));
  g_assert_null (hy_segment_select_saved (fixture->db, "lost", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "huiyuan-cli fit"));
  g_clear_error (&error);
  bare = hy_analysis_snapshot_new (fixture->db, today, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (hy_segment_select (lost, fixture->db, bare, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "huiyuan-cli fit"));
  g_clear_error (&error);
  /* Fields that need no model still work without one. */
  ASSERT_SELECTS (fixture, bare, ids_of (m.c, 0), "rfm_class=no_purchase");

  /* Fitted: every member's figures computed apart, by the model itself. */
  data = hy_analysis_data_load (fixture->db, today, 0, &error);
  g_assert_no_error (error);
  hy_customer_model_fit (data, today, HY_TIME_UNIT_DAY, &model, &error);
  g_assert_no_error (error);
  g_assert_true (model.has_spend);
  g_assert_true (hy_customer_model_save (fixture->db, &model, &error));
  g_assert_no_error (error);
  n = hy_analysis_data_get_n_members (data);
  p_alive = g_new (double, n);
  clv = g_new (double, n);
  hy_customer_model_p_alive (&model, data, today, p_alive);
  g_assert_true (hy_customer_model_clv (&model, data, today, clv, &error));
  g_assert_no_error (error);
  g_assert_true (isnan (p_alive[hy_analysis_data_find_member (data, m.c)]));

  snapshot = hy_analysis_snapshot_new (fixture->db, today, &model, &error);
  g_assert_no_error (error);
  p_cut_text = g_strdup_printf ("%.9f", middle_cut (p_alive, n));
  p_cut = g_ascii_strtod (p_cut_text, NULL);
  p_condition = g_strdup_printf ("p_alive<%s", p_cut_text);
  ASSERT_SELECTS (fixture, snapshot, expected_ids (data, p_alive, clv, (Bounds) { p_cut, NAN, NAN }), p_condition);
  ASSERT_SELECTS (fixture, snapshot, expected_ids (data, p_alive, clv, (Bounds) { NAN, 0.5, NAN }), "p_alive>=50%");
  ASSERT_SELECTS (fixture, snapshot, expected_ids (data, p_alive, clv, (Bounds) { NAN, 0.5, NAN }), "p_alive >= 0.5");
  /* The member without a purchase matches no condition, however wide. */
  ASSERT_SELECTS (fixture, snapshot, expected_ids (data, p_alive, clv, (Bounds) { NAN, 0, NAN }), "p_alive>=0");
  ASSERT_SELECTS (fixture, snapshot, select_ids (fixture, NULL, (const char * const []) { "visits>=1", NULL }),
                  "p_alive<=1");
  ASSERT_SELECTS (fixture, snapshot, g_strdup (""), "p_alive<0");

  clv_cut = llround (middle_cut (clv, n));
  clv_condition = g_strdup_printf ("clv>=%lld", (long long) clv_cut);
  ASSERT_SELECTS (fixture, snapshot, expected_ids (data, p_alive, clv, (Bounds) { NAN, NAN, clv_cut }), clv_condition);
  ASSERT_SELECTS (fixture, snapshot, expected_ids (data, p_alive, clv, (Bounds) { NAN, NAN, 0 }), "clv>=0");
  ASSERT_SELECTS (fixture, snapshot, expected_ids (data, p_alive, clv, (Bounds) { p_cut, NAN, clv_cut }),
                  p_condition, clv_condition);

  /* By name, as the Coupons page and the command line select: the saved model is read. */
  saved = hy_segment_select_saved (fixture->db, "lost", &error);
  g_assert_no_error (error);
  want = expected_ids (data, p_alive, clv, (Bounds) { 0.5, NAN, NAN });
  got = g_string_new ("");
  for (guint k = 0; k < saved->len; k++)
    g_string_append_printf (got, "%s%lld", k > 0 ? "," : "", (long long) g_array_index (saved, gint64, k));
  g_assert_cmpstr (got->str, ==, want);
  g_assert_cmpuint (saved->len, >, 0);
  g_string_free (got, TRUE);
}

/* What the Settings editor reads back and deletes. */
static void
test_segment_edit_delete (HyTestFixture *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(HySegment) segment = hy_segment_new ();
  g_autoptr(HySegment) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  const char *field = NULL, *op = NULL, *value = NULL;

  hy_segment_add_condition (segment, " spend >= 100000 ", &error);
  hy_segment_add_condition (segment, "tag!=老客 VIP", &error);
  hy_segment_add_condition (segment, "p_alive<30%", &error);
  g_assert_no_error (error);
  g_assert_true (hy_segment_save (segment, fixture->db, "keep", &error));
  g_assert_true (hy_segment_save (segment, fixture->db, "gone", &error));
  g_assert_no_error (error);

  loaded = hy_segment_load (fixture->db, "gone", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hy_segment_get_n_conditions (loaded), ==, 3);
  g_assert_cmpstr (hy_segment_get_condition (loaded, 0, &field, &op, &value), ==, " spend >= 100000 ");
  g_assert_cmpstr (field, ==, "spend");
  g_assert_cmpstr (op, ==, ">=");
  g_assert_cmpstr (value, ==, "100000");
  g_assert_cmpstr (hy_segment_get_condition (loaded, 1, &field, &op, &value), ==, "tag!=老客 VIP");
  g_assert_cmpstr (field, ==, "tag");
  g_assert_cmpstr (op, ==, "!=");
  g_assert_cmpstr (value, ==, "老客 VIP");
  g_assert_cmpstr (hy_segment_get_condition (loaded, 2, NULL, &op, NULL), ==, "p_alive<30%");
  g_assert_cmpstr (op, ==, "<");
  g_assert_null (hy_segment_get_condition (loaded, 3, NULL, NULL, NULL));

  g_assert_true (hy_segment_delete (fixture->db, "gone", &error));
  g_assert_no_error (error);
  names = hy_segment_list_names (fixture->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_assert_cmpstr (names[0], ==, "keep");
  g_assert_false (hy_segment_delete (fixture->db, "gone", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_FOUND);
}

/* The definition saved as @name, exactly as the table has it. */
static char *
saved_definition (HyTestFixture *fixture,
                  const char    *name)
{
  g_autofree char *sql = g_strdup_printf ("SELECT definition || '@' || updated_at FROM segments WHERE name = '%s'", name);

  return hy_test_query_text (fixture->db, sql);
}

/* Renaming in the editor: one step, which either happens whole or leaves both segments be. */
static void
test_segment_rename (HyTestFixture *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(HySegment) big = hy_segment_new ();
  g_autoptr(HySegment) vip = hy_segment_new ();
  g_autoptr(HySegment) edited = hy_segment_new ();
  g_autoptr(HySegment) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *big_before = NULL;
  g_autofree char *vip_before = NULL;
  g_autofree char *big_after = NULL;
  g_autofree char *vip_after = NULL;

  g_assert_true (hy_segment_add_condition (big, "spend>=100000", &error));
  g_assert_true (hy_segment_add_condition (vip, "tag=VIP", &error));
  g_assert_true (hy_segment_add_condition (edited, "visits>=3", &error));
  g_assert_true (hy_segment_save (big, fixture->db, "big", &error));
  hy_time_set_now (hy_time_now () + 60);
  g_assert_true (hy_segment_save (vip, fixture->db, "vip", &error));
  g_assert_no_error (error);
  big_before = saved_definition (fixture, "big");
  vip_before = saved_definition (fixture, "vip");
  hy_time_set_now (hy_time_now () + 60);

  /* Onto another segment's name: refused, and neither segment changes. */
  g_assert_false (hy_segment_rename (edited, fixture->db, "big", "vip", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_CONFLICT);
  g_clear_error (&error);
  big_after = saved_definition (fixture, "big");
  vip_after = saved_definition (fixture, "vip");
  g_assert_cmpstr (big_after, ==, big_before);
  g_assert_cmpstr (vip_after, ==, vip_before);

  /* From a name no segment has: refused, nothing is added. */
  g_assert_false (hy_segment_rename (edited, fixture->db, "gone", "new", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (hy_segment_rename (edited, fixture->db, "big", "", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);

  /* Renamed: exactly one segment, under the new name, with the new conditions. */
  g_assert_true (hy_segment_rename (edited, fixture->db, "big", "regulars", &error));
  g_assert_no_error (error);
  names = hy_segment_list_names (fixture->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "regulars");
  g_assert_cmpstr (names[1], ==, "vip");
  loaded = hy_segment_load (fixture->db, "regulars", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hy_segment_get_condition (loaded, 0, NULL, NULL, NULL), ==, "visits>=3");
  g_assert_cmpuint (hy_segment_get_n_conditions (loaded), ==, 1);

  /* Under its own name: its conditions are saved. */
  g_assert_true (hy_segment_rename (big, fixture->db, "regulars", "regulars", &error));
  g_clear_pointer (&loaded, hy_segment_free);
  loaded = hy_segment_load (fixture->db, "regulars", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hy_segment_get_condition (loaded, 0, NULL, NULL, NULL), ==, "spend>=100000");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  HY_TEST_ADD ("/core/segment/fields", test_segment_fields);
  HY_TEST_ADD ("/core/segment/snapshot", test_segment_snapshot);
  HY_TEST_ADD ("/core/segment/hostile", test_segment_hostile);
  HY_TEST_ADD ("/core/segment/save-export", test_segment_save_export);
  HY_TEST_ADD ("/core/segment/forecast", test_segment_forecast);
  HY_TEST_ADD ("/core/segment/edit-delete", test_segment_edit_delete);
  HY_TEST_ADD ("/core/segment/rename", test_segment_rename);

  return g_test_run ();
}
