/* test-segment.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  HY_TEST_ADD ("/core/segment/fields", test_segment_fields);
  HY_TEST_ADD ("/core/segment/snapshot", test_segment_snapshot);
  HY_TEST_ADD ("/core/segment/hostile", test_segment_hostile);
  HY_TEST_ADD ("/core/segment/save-export", test_segment_save_export);

  return g_test_run ();
}
