/* test-database.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "hy-check.h"
#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-member-store.h"
#include "hy-schema-private.h"
#include "hy-test-util.h"

static void
test_database_create (void)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "new.huiyuan", NULL);
  g_autoptr(GError) error = NULL;
  HyDatabase *db;

  db = hy_database_open (path, HY_DATABASE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hy_database_get_schema_version (db), ==, hy_database_get_latest_version ());
  g_assert_cmpint (hy_test_query_int (db, "PRAGMA application_id"), ==, HY_SCHEMA_APPLICATION_ID);
  g_assert_cmpint (hy_test_query_int (db, "PRAGMA synchronous"), ==, 2);     /* FULL */
  g_assert_cmpint (hy_test_query_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (hy_test_query_int (db, "SELECT count(*) FROM stores"), ==, 1);
  g_assert_cmpint (hy_database_get_default_store (db), >, 0);
  g_assert_cmpint (strlen (hy_database_get_store_uid (db)), ==, 36);
  g_assert_false (hy_database_is_remote (db));
  g_assert_null (hy_database_get_warning (db));
  {
    sqlite3_stmt *stmt = NULL;

    sqlite3_prepare_v2 (_hy_database_get_handle (db), "PRAGMA journal_mode", -1, &stmt, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
    sqlite3_finalize (stmt);
  }

  g_assert_true (hy_database_set_setting (db, "store.name", "丽人美容", &error));
  g_assert_no_error (error);
  g_assert_finalize_object (db);

  /* Reopening finds what was written and does not migrate again. */
  db = hy_database_open (path, HY_DATABASE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  {
    g_autofree char *name = hy_database_dup_setting (db, "store.name");
    g_autofree char *currency = hy_database_dup_setting (db, "currency");

    g_assert_cmpstr (name, ==, "丽人美容");
    g_assert_cmpstr (currency, ==, "CNY");
  }
  g_assert_finalize_object (db);
  hy_test_remove_tree (dir);
}

static void
test_database_missing (void)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "absent.huiyuan", NULL);
  g_autoptr(GError) error = NULL;
  HyDatabase *db;

  db = hy_database_open (path, HY_DATABASE_OPEN_DEFAULT, &error);
  g_assert_null (db);
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  hy_test_remove_tree (dir);
}

/* Opening must fail with @code and leave the file byte for byte as it was, with no -wal or
 * -journal beside it. */
static void
assert_refused_untouched (const char *path,
                          int         code,
                          const char *message_part)
{
  g_autofree char *before = hy_test_file_checksum (path);
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  g_autoptr(GError) error = NULL;
  HyDatabase *db;

  db = hy_database_open (path, HY_DATABASE_OPEN_CREATE, &error);
  g_assert_null (db);
  g_assert_error (error, HY_ERROR, code);
  g_assert_nonnull (strstr (error->message, message_part));

  after = hy_test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
}

static void
test_database_not_a_database (void)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *text = g_build_filename (dir, "members.csv", NULL);
  g_autofree char *other = g_build_filename (dir, "other.sqlite", NULL);
  sqlite3 *handle = NULL;

  g_assert_true (g_file_set_contents (text, "手机号,姓名\n13800138000,张三\n", -1, NULL));
  assert_refused_untouched (text, HY_ERROR_NOT_A_DATABASE, "not an SQLite file");

  /* Another program's SQLite database is not ours either. */
  g_assert_cmpint (sqlite3_open (other, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('x')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);
  assert_refused_untouched (other, HY_ERROR_NOT_A_DATABASE, "another program");

  hy_test_remove_tree (dir);
}

static void
test_database_too_new (void)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "future.huiyuan", NULL);
  g_autofree char *bump = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *handle = NULL;
  HyDatabase *db;

  db = hy_database_open (path, HY_DATABASE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (db);

  /* As a later release would leave it: a higher schema version. */
  bump = g_strdup_printf ("PRAGMA journal_mode = DELETE; PRAGMA user_version = %d",
                          hy_database_get_latest_version () + 1);
  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, bump, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);

  assert_refused_untouched (path, HY_ERROR_TOO_NEW, "newer version of Huiyuan");
  hy_test_remove_tree (dir);
}

static void
test_database_corrupt (void)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "damaged.huiyuan", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  sqlite3 *handle = NULL;
  gsize len;
  HyDatabase *db;

  db = hy_database_open (path, HY_DATABASE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (db);
  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);

  /* Scribble over the schema page, past the 100-byte file header. */
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 4096);
  memset (contents + 100, 0x5a, 200);
  g_assert_true (g_file_set_contents (path, contents, len, NULL));

  assert_refused_untouched (path, HY_ERROR_CORRUPT, "damaged");
  hy_test_remove_tree (dir);
}

static void
test_database_empty_file_becomes_database (void)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "empty.huiyuan", NULL);
  g_autoptr(GError) error = NULL;
  HyDatabase *db;

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  db = hy_database_open (path, HY_DATABASE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hy_database_get_schema_version (db), ==, hy_database_get_latest_version ());
  g_assert_finalize_object (db);
  hy_test_remove_tree (dir);
}

static void
test_database_read_only (void)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "ro.huiyuan", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  HyDatabase *db;

  db = hy_database_open (path, HY_DATABASE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (db);
  before = hy_test_file_checksum (path);

  db = hy_database_open (path, HY_DATABASE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_false (hy_database_set_setting (db, "store.name", "x", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_READ_ONLY);
  g_assert_finalize_object (db);

  after = hy_test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  hy_test_remove_tree (dir);
}

/* A connection kept for look-ups keeps a page cache of 8 MB, not the 64 MB of the others. */
static void
test_database_small_cache (void)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "cache.huiyuan", NULL);
  g_autoptr(GError) error = NULL;
  HyDatabase *db;

  db = hy_database_open (path, HY_DATABASE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hy_test_query_int (db, "PRAGMA cache_size"), ==, -65536);
  g_assert_finalize_object (db);

  db = hy_database_open (path, HY_DATABASE_OPEN_READ_ONLY | HY_DATABASE_OPEN_SMALL_CACHE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hy_test_query_int (db, "PRAGMA cache_size"), ==, -8192);
  g_assert_cmpint (hy_test_query_int (db, "SELECT count(*) FROM stores"), ==, 1);
  g_assert_finalize_object (db);
  hy_test_remove_tree (dir);
}

static void
test_database_settings (HyTestFixture *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *unknown = hy_database_dup_setting (fixture->db, "no.such.key");

  g_assert_null (unknown);
  g_assert_false (hy_database_set_setting (fixture->db, "time_zone", "Mars/Olympus", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (hy_database_set_setting (fixture->db, "time_zone", "Europe/London", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_time_zone_get_identifier (hy_database_get_time_zone (fixture->db)), ==, "Europe/London");
}

static void
test_database_transactions_nest (HyTestFixture *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hy_database_begin (fixture->db, &error));
  g_assert_true (hy_database_set_setting (fixture->db, "a", "1", &error));
  g_assert_true (hy_database_begin (fixture->db, &error));
  g_assert_true (hy_database_set_setting (fixture->db, "b", "2", &error));
  hy_database_rollback (fixture->db);              /* undoes b only */
  g_assert_true (hy_database_commit (fixture->db, &error));
  g_assert_no_error (error);

  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM settings WHERE key = 'a'"), ==, 1);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM settings WHERE key = 'b'"), ==, 0);
}

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  guint64 *last = user_data;

  g_assert_cmpuint (done, <=, total);
  *last = done;
}

static void
test_database_backup (HyTestFixture *fixture,
                      gconstpointer  data)
{
  g_autofree char *dest = g_build_filename (fixture->dir, "backup.huiyuan", NULL);
  g_autofree char *partial = g_strconcat (dest, ".partial", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  guint64 last = 0;
  HyDatabase *copy;

  hy_test_add_member (fixture, "张三", "13800138000");
  hy_test_add_member (fixture, "李四", "13900139000");

  /* Cancelled: nothing under either name. */
  g_cancellable_cancel (cancellable);
  g_assert_false (hy_database_backup (fixture->db, dest, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));

  g_assert_true (hy_database_backup (fixture->db, dest, progress_cb, &last, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (last, >, 0);

  copy = hy_database_open (dest, HY_DATABASE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hy_test_query_int (copy, "SELECT count(*) FROM members"), ==, 2);
  g_assert_cmpint (hy_test_query_int (copy, "PRAGMA quick_check = 1") , ==, 0);
  g_assert_finalize_object (copy);

  /* Never over an existing file. */
  g_assert_false (hy_database_backup (fixture->db, dest, NULL, NULL, NULL, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_CONFLICT);
}

static void
test_database_remote_types (void)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "x.huiyuan", NULL);

  g_assert_true (hy_filesystem_type_is_remote ("nfs"));
  g_assert_true (hy_filesystem_type_is_remote ("nfs4"));
  g_assert_true (hy_filesystem_type_is_remote ("cifs"));
  g_assert_true (hy_filesystem_type_is_remote ("smb3"));
  g_assert_true (hy_filesystem_type_is_remote ("fuse.sshfs"));
  g_assert_false (hy_filesystem_type_is_remote ("ext4"));
  g_assert_false (hy_filesystem_type_is_remote ("tmpfs"));
  g_assert_false (hy_filesystem_type_is_remote ("fuse.ntfs-3g"));
  g_assert_false (hy_filesystem_type_is_remote (NULL));
  g_assert_false (hy_path_is_on_remote_filesystem (path));
  hy_test_remove_tree (dir);
}

/* A database written by the first release (schema version 1): a read-only open refuses it
 * without touching it; a normal open upgrades it, every later migration in one go, and keeps
 * what it held. */
static char *
dump_rows (sqlite3    *handle,
           const char *sql)
{
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        g_string_append_printf (out, "%s%s", i > 0 ? "|" : "",
                                sqlite3_column_type (stmt, i) == SQLITE_NULL ? "NULL"
                                : (const char *) sqlite3_column_text (stmt, i));
      g_string_append_c (out, ';');
    }
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

static void
assert_rows (sqlite3    *handle,
             const char *sql,
             const char *expected)
{
  g_autofree char *rows = dump_rows (handle, sql);

  g_assert_cmpstr (rows, ==, expected);
}

#define LEDGER_DUMP \
  "SELECT id, hex (uid), member_id, kind, points, occurred_at, available_at, expires_at," \
  "       transaction_id, reason, idem, created_at FROM points_ledger ORDER BY id"
#define SCHEMA_DUMP \
  "SELECT type, name, tbl_name FROM sqlite_schema" \
  " WHERE tbl_name IN ('points_ledger', 'points_allocations', 'checkouts') ORDER BY type, name"

/* Migration 7 rebuilds points_ledger: a version-6 database with ledger rows keeps every row and
 * id, the lots its allocations and checkouts name, the indexes and the append-only triggers. */
static void
test_database_upgrade_from_version_6 (void)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "v6.huiyuan", NULL);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HyCheckReport) report = NULL;
  g_autofree char *ledger_before = NULL;
  g_autofree char *allocations_before = NULL;
  g_autofree char *schema_before = NULL;
  g_autofree char *ledger_after = NULL;
  g_autofree char *allocations_after = NULL;
  g_autofree char *schema_after = NULL;
  const HyMigration *migrations;
  guint n_migrations;
  HyDatabase *db;
  sqlite3 *handle;

  migrations = _hy_schema_get_migrations (&n_migrations);
  g_string_append_printf (sql, "PRAGMA application_id = %d; BEGIN;", HY_SCHEMA_APPLICATION_ID);
  for (guint i = 0; i < n_migrations && migrations[i].version <= 6; i++)
    g_string_append (sql, migrations[i].sql);
  g_string_append (sql,
    "INSERT INTO stores (uid, code, name, created_at) VALUES (randomblob (16), 'S01', '', 1700000000);"
    "INSERT INTO members (uid, name, joined_at, created_at, updated_at)"
    "  VALUES (randomblob (16), '王芳', 1700000000, 1700000000, 1700000000),"
    "         (randomblob (16), '李娜', 1700000000, 1700000000, 1700000000);"
    "INSERT INTO transactions (uid, kind, member_id, store_id, occurred_at, gross, net, idem, created_at)"
    "  VALUES (randomblob (16), 0, 1, 1, 1700003600, 10000, 10000, 77, 1700003600);"
    "INSERT INTO change_log (entity, row_id, op, changed_at) VALUES (2, 1, 1, 1700003600);"
    "INSERT INTO member_stats (member_id, first_purchase_at, last_purchase_at, purchase_count,"
    "                          purchase_days, sales_total, net_spend)"
    "  VALUES (1, 1700003600, 1700003600, 1, 1, 10000, 10000), (2, NULL, NULL, 0, 0, 0, 0);"
    "INSERT INTO points_ledger (id, uid, member_id, kind, points, occurred_at, available_at, expires_at,"
    "                           transaction_id, reason, idem, created_at) VALUES"
    "  (1, randomblob (16), 1, 1, 100, 1700003600, 1700064000, 1731686400, 1, '', 11, 1700003600),"
    "  (2, randomblob (16), 2, 4, 50, 1700003700, 1700003700, 1731686400, NULL, '补录', 12, 1700003700),"
    "  (3, randomblob (16), 1, 2, -30, 1700100000, 1700100000, NULL, NULL, '礼品', 13, 1700100000),"
    "  (4, randomblob (16), 2, 4, -50, 1700200000, 1700200000, NULL, NULL, '调整', 14, 1700200000),"
    "  (5, randomblob (16), 1, 8, 50, 1700300000, 1700300000, 1731686400, NULL, '', 15, 1700300000);"
    "INSERT INTO points_allocations (debit_id, lot_id, points) VALUES (3, 1, 30), (4, 2, 50);"
    "UPDATE member_balances SET points = 120 WHERE member_id = 1;"
    "INSERT INTO checkouts (transaction_id, member_id, gross, saved, points_used, points_value,"
    "                       sv_principal, sv_bonus, tender, points_earned, earn_entry_id,"
    "                       points_balance, sv_balance, tier_changed)"
    "  VALUES (1, 1, 10000, 0, 0, 0, 0, 0, 10000, 100, 1, 100, 0, 0);"
    "PRAGMA user_version = 6; COMMIT;");

  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, sql->str, NULL, NULL, NULL), ==, SQLITE_OK);
  ledger_before = dump_rows (handle, LEDGER_DUMP);
  allocations_before = dump_rows (handle, "SELECT debit_id, lot_id, points FROM points_allocations ORDER BY 1, 2");
  schema_before = dump_rows (handle, SCHEMA_DUMP);
  g_assert_cmpint (sqlite3_close (handle), ==, SQLITE_OK);

  db = hy_database_open (path, HY_DATABASE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hy_database_get_schema_version (db), ==, hy_database_get_latest_version ());
  g_assert_cmpint (hy_test_query_int (db, "PRAGMA foreign_keys"), ==, 1);
  handle = _hy_database_get_handle (db);

  ledger_after = dump_rows (handle, LEDGER_DUMP);
  allocations_after = dump_rows (handle, "SELECT debit_id, lot_id, points FROM points_allocations ORDER BY 1, 2");
  schema_after = dump_rows (handle, SCHEMA_DUMP);
  g_assert_cmpstr (ledger_after, ==, ledger_before);
  g_assert_cmpstr (allocations_after, ==, allocations_before);
  /* the same indexes and triggers, and one more index for finding referral rewards by sale */
  g_assert_cmpstr (schema_before, ==,
                   "index|points_allocations_lot|points_allocations;"
                   "index|points_ledger_expiry|points_ledger;index|points_ledger_member|points_ledger;"
                   "index|sqlite_autoindex_points_ledger_1|points_ledger;"
                   "index|sqlite_autoindex_points_ledger_2|points_ledger;"
                   "table|checkouts|checkouts;table|points_allocations|points_allocations;"
                   "table|points_ledger|points_ledger;"
                   "trigger|points_allocations_no_delete|points_allocations;"
                   "trigger|points_allocations_no_update|points_allocations;"
                   "trigger|points_ledger_no_delete|points_ledger;"
                   "trigger|points_ledger_no_update|points_ledger;");
  g_assert_cmpstr (schema_after, ==,
                   "index|points_allocations_lot|points_allocations;"
                   "index|points_ledger_expiry|points_ledger;index|points_ledger_member|points_ledger;"
                   "index|points_ledger_transaction|points_ledger;"
                   "index|sqlite_autoindex_points_ledger_1|points_ledger;"
                   "index|sqlite_autoindex_points_ledger_2|points_ledger;"
                   "table|checkouts|checkouts;table|points_allocations|points_allocations;"
                   "table|points_ledger|points_ledger;"
                   "trigger|points_allocations_no_delete|points_allocations;"
                   "trigger|points_allocations_no_update|points_allocations;"
                   "trigger|points_ledger_no_delete|points_ledger;"
                   "trigger|points_ledger_no_update|points_ledger;");

  /* the references still point at the ledger and are enforced */
  assert_rows (handle, "SELECT \"table\" FROM pragma_foreign_key_list ('points_allocations')",
               "points_ledger;points_ledger;");
  assert_rows (handle, "SELECT \"table\", \"from\" FROM pragma_foreign_key_list ('checkouts')"
                       " WHERE \"table\" = 'points_ledger'", "points_ledger|earn_entry_id;");
  assert_rows (handle, "PRAGMA foreign_key_check", "");
  g_assert_cmpint (sqlite3_exec (handle, "INSERT INTO points_allocations VALUES (5, 99, 1)", NULL, NULL, NULL),
                   ==, SQLITE_CONSTRAINT_FOREIGNKEY);
  g_assert_cmpint (sqlite3_exec (handle, "UPDATE points_ledger SET points = 1 WHERE id = 1", NULL, NULL, NULL),
                   ==, SQLITE_CONSTRAINT_TRIGGER);
  g_assert_cmpstr (sqlite3_errmsg (handle), ==, "points_ledger is append-only");
  g_assert_cmpint (sqlite3_exec (handle, "DELETE FROM points_ledger WHERE id = 5", NULL, NULL, NULL),
                   ==, SQLITE_CONSTRAINT_TRIGGER);
  g_assert_cmpstr (sqlite3_errmsg (handle), ==, "points_ledger is append-only");
  /* the new kinds fit, and no others */
  g_assert_cmpint (sqlite3_exec (handle, "INSERT INTO points_ledger (uid, member_id, kind, points, occurred_at,"
                                         " available_at, idem, created_at) VALUES (randomblob (16), 2, 11, 1, 0, 0, 99, 0)",
                                 NULL, NULL, NULL), ==, SQLITE_CONSTRAINT_CHECK);
  g_assert_cmpint (hy_test_query_int (db, "SELECT count(*) FROM members WHERE referred_by IS NULL"), ==, 2);

  g_assert_true (hy_database_check (db, 0, &report, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < report->problems->len; i++)
    g_test_message ("%s", ((HyCheckProblem *) report->problems->pdata[i])->message);
  g_assert_cmpuint (report->n_problems, ==, 0);
  g_assert_finalize_object (db);

  hy_test_remove_tree (dir);
}

static void
test_database_upgrade_from_version_1 (void)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "old.huiyuan", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HyCheckReport) report = NULL;
  g_autoptr(HyMemberStore) members = NULL;
  g_autoptr(HyMember) member = NULL;
  const HyMigration *migrations;
  guint n_migrations;
  HyDatabase *db;
  sqlite3 *handle;

  migrations = _hy_schema_get_migrations (&n_migrations);
  g_assert_cmpint (migrations[0].version, ==, 1);
  g_assert_cmpuint (n_migrations, >, 1);

  /* Version 1 as the first release left it, with one member. */
  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  sql = g_strdup_printf ("PRAGMA application_id = %d; BEGIN; %s"
                         "INSERT INTO members (uid, name, joined_at, created_at, updated_at)"
                         "  VALUES (randomblob (16), '王芳', 1700000000, 1700000000, 1700000000);"
                         "INSERT INTO member_stats (member_id) VALUES (1);"
                         "PRAGMA user_version = 1; COMMIT;",
                         HY_SCHEMA_APPLICATION_ID, migrations[0].sql);
  g_assert_cmpint (sqlite3_exec (handle, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (handle), ==, SQLITE_OK);
  before = hy_test_file_checksum (path);

  db = hy_database_open (path, HY_DATABASE_OPEN_READ_ONLY, &error);
  g_assert_null (db);
  g_assert_error (error, HY_ERROR, HY_ERROR_NEEDS_UPGRADE);
  g_clear_error (&error);
  after = hy_test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);

  db = hy_database_open (path, HY_DATABASE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hy_database_get_schema_version (db), ==, hy_database_get_latest_version ());
  g_assert_cmpint (hy_database_get_latest_version (), ==, migrations[n_migrations - 1].version);
  members = hy_member_store_new (db);
  member = hy_member_store_load (members, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hy_member_get_name (member), ==, "王芳");
  g_assert_true (hy_database_check (db, 0, &report, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_problems, ==, 0);
  g_clear_object (&members);
  g_assert_finalize_object (db);

  /* Upgraded, it now opens read-only too. */
  db = hy_database_open (path, HY_DATABASE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (db);

  hy_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/database/create", test_database_create);
  g_test_add_func ("/core/database/missing", test_database_missing);
  g_test_add_func ("/core/database/not-a-database", test_database_not_a_database);
  g_test_add_func ("/core/database/too-new", test_database_too_new);
  g_test_add_func ("/core/database/upgrade-from-version-1", test_database_upgrade_from_version_1);
  g_test_add_func ("/core/database/upgrade-from-version-6", test_database_upgrade_from_version_6);
  g_test_add_func ("/core/database/corrupt", test_database_corrupt);
  g_test_add_func ("/core/database/empty-file", test_database_empty_file_becomes_database);
  g_test_add_func ("/core/database/read-only", test_database_read_only);
  g_test_add_func ("/core/database/small-cache", test_database_small_cache);
  g_test_add_func ("/core/database/remote-types", test_database_remote_types);
  HY_TEST_ADD ("/core/database/settings", test_database_settings);
  HY_TEST_ADD ("/core/database/transactions-nest", test_database_transactions_nest);
  HY_TEST_ADD ("/core/database/backup", test_database_backup);
  return g_test_run ();
}
