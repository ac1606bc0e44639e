/* test-demo.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <sqlite3.h>

#include "hy-check.h"
#include "hy-database-private.h"
#include "hy-demo.h"
#include "hy-error.h"
#include "hy-test-util.h"
#include "hy-time.h"

static char *
content_digest (HyDatabase *db)
{
  static const char sql[] =
    "SELECT m.name, m.gender, m.birth_year, m.birth_month, m.birth_day, m.joined_at, m.channel,"
    "       (SELECT group_concat (value) FROM member_identities WHERE member_id = m.id),"
    "       (SELECT group_concat (t.occurred_at || ':' || t.net || ':' || t.kind)"
    "          FROM transactions t WHERE t.member_id = m.id)"
    "  FROM members m ORDER BY m.id";
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_hy_database_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int i = 0; i < sqlite3_column_count (stmt); i++)
      {
        const char *text = (const char *) sqlite3_column_text (stmt, i);

        g_checksum_update (checksum, (const guchar *) (text != NULL ? text : "-"), -1);
        g_checksum_update (checksum, (const guchar *) "|", 1);
      }
  sqlite3_finalize (stmt);

  return g_strdup (g_checksum_get_string (checksum));
}

static HyDemoOptions
small_options (guint64 seed)
{
  HyDemoOptions options = {
    .n_members = 600,
    .n_transactions = 6000,
    .seed = seed,
    .industry = HY_INDUSTRY_BEAUTY,
    .end = 1717214400,   /* 2024-06-01 12:00 in Shanghai */
  };

  return options;
}

static void
test_demo_counts_and_consistency (HyTestFixture *fixture,
                                  gconstpointer  data)
{
  g_autoptr(HyCheckReport) report = NULL;
  g_autoptr(GError) error = NULL;
  HyDemoOptions options = small_options (7);
  HyDemoResult result;
  gint64 purchasers, one_timers, loyal, start;

  g_assert_true (hy_demo_generate (fixture->db, &options, &result, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* Exactly what was asked for. */
  g_assert_cmpuint (result.members, ==, 600);
  g_assert_cmpuint (result.sales + result.walk_ins + result.refunds, ==, 6000);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transactions"), ==, 6000);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM members"), ==, 600);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transactions WHERE kind = 1"), ==, result.refunds);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transactions WHERE member_id IS NULL"), ==, result.walk_ins);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM stores"), ==, 4);

  /* Every kept figure adds up. */
  g_assert_true (hy_database_check (fixture->db, HY_CHECK_DEFAULT, &report, NULL, NULL, NULL, &error));
  g_assert_cmpuint (report->n_problems, ==, 0);

  /* It looks like a store: most members bought, many only once, a loyal core. */
  purchasers = hy_test_query_int (fixture->db, "SELECT count(DISTINCT member_id) FROM transactions WHERE kind = 0");
  one_timers = hy_test_query_int (fixture->db, "SELECT count(*) FROM member_stats WHERE purchase_count = 1");
  loyal = hy_test_query_int (fixture->db, "SELECT count(*) FROM member_stats WHERE purchase_count >= 15");
  g_assert_cmpint (purchasers, ==, 528);               /* 88 % */
  g_assert_cmpint (one_timers, >, purchasers / 10);
  g_assert_cmpint (loyal, >, purchasers / 50);

  /* Inside three years up to the end, never in the future. */
  start = 1717214400 - 3 * 365 * 86400 - 86400;
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT min (occurred_at) FROM transactions"), >=, start);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT max (occurred_at) FROM transactions"), <, 1717257600);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transactions t JOIN members m ON m.id = t.member_id WHERE t.occurred_at < m.joined_at"), ==, 0);
}

static void
test_demo_deterministic (void)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  char *digests[3] = { NULL };
  guint64 seeds[3] = { 42, 42, 43 };

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/demo%u.huiyuan", dir, i);
      g_autoptr(GError) error = NULL;
      HyDemoOptions options = small_options (seeds[i]);
      HyDatabase *db = hy_database_open (path, HY_DATABASE_OPEN_CREATE, &error);

      g_assert_true (hy_database_set_setting (db, "time_zone", "Asia/Shanghai", &error));
      g_assert_true (hy_demo_generate (db, &options, NULL, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      digests[i] = content_digest (db);
      g_assert_finalize_object (db);
    }

  g_assert_cmpstr (digests[0], ==, digests[1]);
  g_assert_cmpstr (digests[0], !=, digests[2]);
  for (guint i = 0; i < 3; i++)
    g_free (digests[i]);
  hy_test_remove_tree (dir);
}

static void
test_demo_cancel_leaves_nothing (HyTestFixture *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  HyDemoOptions options = small_options (1);

  g_cancellable_cancel (cancellable);
  g_assert_false (hy_demo_generate (fixture->db, &options, NULL, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM members"), ==, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM stores"), ==, 1);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM settings WHERE key = 'industry'"), ==, 0);
}

static void
test_demo_needs_empty_database (HyTestFixture *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HyDemoOptions options = small_options (1);

  hy_test_add_member (fixture, "张三", "13800138000");
  g_assert_false (hy_demo_generate (fixture->db, &options, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_CONFLICT);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM members"), ==, 1);
}

static void
test_demo_dirty_and_industries (void)
{
  for (guint industry = 0; industry < HY_N_INDUSTRIES; industry++)
    {
      HyTestFixture fixture = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(HyCheckReport) report = NULL;
      HyDemoOptions options = small_options (industry + 1);
      HyDemoResult result;
      g_autofree char *stored = NULL;

      hy_test_fixture_setup (&fixture, NULL);
      options.industry = industry;
      options.dirty = TRUE;
      g_assert_true (hy_demo_generate (fixture.db, &options, &result, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (result.duplicates, >, 0);
      g_assert_cmpuint (result.unnamed, >, 0);
      stored = hy_database_dup_setting (fixture.db, "industry");
      g_assert_cmpstr (stored, ==, hy_industry_to_string (industry));

      /* A duplicate shares name and birthday with the member it copies. */
      g_assert_cmpint (hy_test_query_int (fixture.db,
                                          "SELECT count(*) FROM members a JOIN members b"
                                          "  ON a.name = b.name AND a.birth_month = b.birth_month"
                                          "  AND a.birth_day = b.birth_day AND a.id < b.id"
                                          " WHERE b.channel = 'event' AND a.name <> ''"), >, 0);
      g_assert_true (hy_database_check (fixture.db, HY_CHECK_DEFAULT, &report, NULL, NULL, NULL, &error));
      g_assert_cmpuint (report->n_problems, ==, 0);
      hy_test_fixture_teardown (&fixture, NULL);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  HY_TEST_ADD ("/core/demo/counts-and-consistency", test_demo_counts_and_consistency);
  g_test_add_func ("/core/demo/deterministic", test_demo_deterministic);
  HY_TEST_ADD ("/core/demo/cancel-leaves-nothing", test_demo_cancel_leaves_nothing);
  HY_TEST_ADD ("/core/demo/needs-empty-database", test_demo_needs_empty_database);
  g_test_add_func ("/core/demo/dirty-and-industries", test_demo_dirty_and_industries);
  return g_test_run ();
}
