/* hy-test-util.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "hy-database-private.h"
#include "hy-member-stats-private.h"
#include "hy-test-util.h"
#include "hy-tier-store.h"
#include "hy-time.h"

char *
hy_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("huiyuan-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
hy_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        hy_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
hy_test_fixture_setup (HyTestFixture *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");

  g_assert_nonnull (tz);
  fixture->dir = hy_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "store.huiyuan", NULL);
  fixture->db = hy_database_open (fixture->path, HY_DATABASE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (hy_database_set_setting (fixture->db, "time_zone", "Asia/Shanghai", &error));
  g_assert_no_error (error);
  hy_time_set_now (hy_time_from_local (tz, 2024, 6, 1, 12, 0, 0));
  fixture->members = hy_member_store_new (fixture->db);
  fixture->purchases = hy_purchase_store_new (fixture->db);
}

void
hy_test_fixture_teardown (HyTestFixture *fixture,
                          gconstpointer  data)
{
  g_assert_finalize_object (fixture->members);
  g_assert_finalize_object (fixture->purchases);
  g_assert_finalize_object (fixture->db);
  hy_test_remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
  hy_time_set_now (0);
}

/* "2024-05-01 14:30" in the database's time zone. */
gint64
hy_test_local_time (HyDatabase *db,
                    const char *text)
{
  int y, mo, d, h = 0, mi = 0;

  g_assert_cmpint (sscanf (text, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi), >=, 3);
  return hy_time_from_local (hy_database_get_time_zone (db), y, mo, d, h, mi, 0);
}

gint64
hy_test_add_member (HyTestFixture *fixture,
                    const char    *name,
                    const char    *phone)
{
  g_autoptr(HyMember) member = hy_member_new ();
  g_autoptr(GError) error = NULL;

  hy_member_set_name (member, name);
  if (phone != NULL)
    {
      hy_member_add_identity (member, HY_IDENTITY_PHONE, phone, &error);
      g_assert_no_error (error);
    }
  hy_member_store_create (fixture->members, member, &error);
  g_assert_no_error (error);
  return hy_member_get_id (member);
}

gint64
hy_test_sell (HyTestFixture *fixture,
              gint64         member_id,
              const char    *when,
              gint64         amount)
{
  g_autoptr(GError) error = NULL;
  HySale sale = {
    .member_id = member_id,
    .occurred_at = hy_test_local_time (fixture->db, when),
    .gross = amount,
  };
  gint64 id = hy_purchase_store_record_sale (fixture->purchases, &sale, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static sqlite3_stmt *
query_row (HyDatabase *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_hy_database_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return stmt;
}

gint64
hy_test_query_int (HyDatabase *db,
                   const char *sql)
{
  sqlite3_stmt *stmt = query_row (db, sql);
  gint64 value = sqlite3_column_int64 (stmt, 0);

  sqlite3_finalize (stmt);
  return value;
}

char *
hy_test_query_text (HyDatabase *db,
                    const char *sql)
{
  sqlite3_stmt *stmt = query_row (db, sql);
  char *value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  sqlite3_finalize (stmt);
  return value;
}

char *
hy_test_file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

/* The incrementally kept figures must equal a full recomputation. */
void
hy_test_assert_stats_consistent (HyTestFixture *fixture,
                                 gint64         member_id)
{
  g_autoptr(GError) error = NULL;
  HyMemberStats kept, computed;

  g_assert_true (_hy_member_stats_load (fixture->db, member_id, &kept, &error));
  g_assert_true (_hy_member_stats_compute (fixture->db, member_id, &computed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kept.first_purchase_at, ==, computed.first_purchase_at);
  g_assert_cmpint (kept.last_purchase_at, ==, computed.last_purchase_at);
  g_assert_cmpint (kept.purchase_count, ==, computed.purchase_count);
  g_assert_cmpint (kept.purchase_days, ==, computed.purchase_days);
  g_assert_cmpint (kept.refund_count, ==, computed.refund_count);
  g_assert_cmpint (kept.sales_total, ==, computed.sales_total);
  g_assert_cmpint (kept.refund_total, ==, computed.refund_total);
  g_assert_cmpint (kept.net_spend, ==, computed.net_spend);
  g_assert_cmpfloat_with_epsilon (kept.quantity_total, computed.quantity_total, 1e-9);
}

/* A tier reached by spend alone. */
gint64
hy_test_define_tier (HyDatabase *db,
                     int         level,
                     const char *name,
                     gint64      min_spend)
{
  g_autoptr(HyTierStore) tiers = hy_tier_store_new (db);
  g_autoptr(HyTier) tier = hy_tier_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  tier->level = level;
  g_free (tier->name);
  tier->name = g_strdup (name);
  tier->min_spend = min_spend;
  id = hy_tier_store_define (tiers, tier, &error);
  g_assert_no_error (error);
  return id;
}

/* The first problem an import found on @line of its file, or NULL. */
HyImportProblem *
hy_test_problem_at (HyImportReport *report,
                    guint           line)
{
  for (guint i = 0; i < report->problems->len; i++)
    {
      HyImportProblem *problem = g_ptr_array_index (report->problems, i);

      if (problem->line == line)
        return problem;
    }

  return NULL;
}
