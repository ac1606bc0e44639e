/* test-cli.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real huiyuan-cli: what a script sees is exit statuses and JSON.
 */

#include <json-glib/json-glib.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "hy-test-util.h"

typedef struct
{
  int         status;
  char       *out;
  char       *err;
  JsonObject *json;   /* when the output parsed as an object */
  JsonParser *parser;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  g_clear_object (&run->parser);
  memset (run, 0, sizeof *run);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_cli (Run        *run,
         const char *db,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (gpointer) g_getenv ("HY_CLI"));
  if (db != NULL)
    {
      g_ptr_array_add (args, (gpointer) "--db");
      g_ptr_array_add (args, (gpointer) db);
    }
  va_start (ap, db);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_newv ((const char * const *) args->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);

  run->parser = json_parser_new ();
  if (run->out[0] != '\0' && json_parser_load_from_data (run->parser, run->out, -1, NULL) &&
      json_parser_get_root (run->parser) != NULL &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (run->parser)))
    run->json = json_node_get_object (json_parser_get_root (run->parser));
}

static void
test_cli_workflow (void)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "store.huiyuan", NULL);
  g_autofree char *copy = g_build_filename (dir, "copy.huiyuan", NULL);
  g_autofree char *csv = g_build_filename (dir, "members.csv", NULL);
  g_autofree char *backup = g_build_filename (dir, "backup.huiyuan", NULL);
  g_auto(Run) run = { 0 };

  run_cli (&run, db, "--json", "init", "--store-name", "丽人美容", "--time-zone", "Asia/Shanghai", "--industry", "beauty", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_object_get_boolean_member (run.json, "created"));
  run_clear (&run);

  /* Options may come before or after the command. */
  run_cli (&run, NULL, "demo", "--db", db, "--members", "200", "--transactions", "2k", "--seed", "3", "--now", "2024-06-01", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (json_object_get_int_member (run.json, "transactions"), ==, 2000);
  run_clear (&run);

  run_cli (&run, db, "--json", "stats", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (json_object_get_int_member (run.json, "members"), ==, 200);
  g_assert_cmpint (json_object_get_int_member (run.json, "transactions"), ==, 2000);
  g_assert_cmpstr (json_object_get_string_member (run.json, "store_name"), ==, "丽人美容");
  run_clear (&run);

  run_cli (&run, db, "export", "members", csv, "--bom", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "200"));
  run_clear (&run);

  run_cli (&run, copy, "--json", "import", "members", csv, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (json_object_get_int_member (run.json, "members_created"), ==, 200);
  g_assert_true (json_object_get_boolean_member (run.json, "written"));
  run_clear (&run);

  run_cli (&run, db, "--json", "check", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_object_get_boolean_member (run.json, "ok"));
  g_assert_cmpint (json_object_get_int_member (run.json, "members_checked"), ==, 200);
  run_clear (&run);

  run_cli (&run, db, "--json", "backup", backup, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
  run_clear (&run);

  /* Never over an existing file: a clear message and a status to test. */
  run_cli (&run, db, "--json", "backup", backup, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (run.json, "error"), "code"), ==, "conflict");
  g_assert_nonnull (strstr (run.err, "already exists"));
  run_clear (&run);

  hy_test_remove_tree (dir);
}

static void
test_cli_bad_import (void)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "store.huiyuan", NULL);
  g_autofree char *csv = g_build_filename (dir, "bad.csv", NULL);
  g_auto(Run) run = { 0 };
  JsonArray *problems;
  JsonObject *problem;

  g_assert_true (g_file_set_contents (csv, "手机号,姓名\n13800138000,张三\n12345,李四\n", -1, NULL));

  run_cli (&run, db, "--json", "import", "members", csv, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_false (json_object_get_boolean_member (run.json, "ok"));
  g_assert_false (json_object_get_boolean_member (run.json, "written"));
  g_assert_cmpint (json_object_get_int_member (run.json, "rows_bad"), ==, 1);
  problems = json_object_get_array_member (run.json, "problems");
  g_assert_cmpuint (json_array_get_length (problems), ==, 1);
  problem = json_array_get_object_element (problems, 0);
  g_assert_cmpint (json_object_get_int_member (problem, "line"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (problem, "column"), ==, "手机号");
  g_assert_cmpstr (json_object_get_string_member (problem, "field"), ==, "phone");
  g_assert_nonnull (strstr (run.err, "--accept-partial"));
  run_clear (&run);

  run_cli (&run, db, "import", "members", csv, "--dry-run", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "line 3, 手机号 (phone) “12345”"));
  run_clear (&run);

  run_cli (&run, db, "--json", "import", "members", csv, "--accept-partial", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (json_object_get_int_member (run.json, "members_created"), ==, 1);
  run_clear (&run);

  hy_test_remove_tree (dir);
}

static void
test_cli_delimiter_names (void)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "store.huiyuan", NULL);
  g_autofree char *csv = g_build_filename (dir, "semicolons.csv", NULL);
  g_auto(Run) run = { 0 };

  g_assert_true (g_file_set_contents (csv, "手机号;姓名\n13800138000;张三\n13900139000;李四\n", -1, NULL));

  /* The names the help text gives are accepted, as is the character itself. */
  run_cli (&run, db, "--json", "import", "members", csv, "--delimiter", "semicolon", "--dry-run", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (json_object_get_int_member (run.json, "rows_imported"), ==, 2);
  run_clear (&run);
  run_cli (&run, db, "--json", "import", "members", csv, "--delimiter", ";", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (json_object_get_int_member (run.json, "members_created"), ==, 2);
  run_clear (&run);

  run_cli (&run, db, "import", "members", csv, "--delimiter", "colon", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--delimiter must be comma, semicolon, tab, pipe or space"));

  hy_test_remove_tree (dir);
}

/* --now takes the dates and times an import takes, with or without seconds. */
static void
test_cli_now (void)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "store.huiyuan", NULL);
  const char *accepted[] = { "2024-06-01", "2024-06-01 12:00", "2024-06-01T12:00:00", "20240601", "2024/6/1 14:30" };
  g_auto(Run) run = { 0 };

  run_cli (&run, db, "init", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      run_cli (&run, db, "--now", accepted[i], "--json", "analyze", "kpis", NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (run.json);
      run_clear (&run);
    }

  run_cli (&run, db, "--now", "yesterday", "stats", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "“yesterday”"));

  hy_test_remove_tree (dir);
}

static void
test_cli_report (void)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "store.huiyuan", NULL);
  g_autofree char *pdf = g_build_filename (dir, "monthly.pdf", NULL);
  g_autofree char *pages = g_build_filename (dir, "pages", NULL);
  g_autofree char *first_page = g_build_filename (pages, "rfm-1.png", NULL);
  g_auto(Run) run = { 0 };

  run_cli (&run, db, "demo", "--members", "300", "--transactions", "3000", "--seed", "4", "--now", "2026-06-20", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  run_cli (&run, db, "--now", "2026-06-20", "--json", "report", "monthly", "--period", "2026-05", "--pdf", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (json_object_get_int_member (run.json, "pages"), >=, 2);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  run_clear (&run);

  run_cli (&run, db, "--now", "2026-06-20", "report", "rfm", "--png", pages, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_test (first_page, G_FILE_TEST_IS_REGULAR));
  run_clear (&run);

  run_cli (&run, db, "--now", "2026-06-20", "--json", "report", "tier-distribution", "--pdf", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (json_object_get_int_member (run.json, "pages"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (run.json, "report"), ==, "tier-distribution");
  run_clear (&run);

  /* A month that has not begun, no output, no such report. */
  run_cli (&run, db, "--now", "2026-06-20", "report", "rfm", "--period", "2026-07", "--pdf", pdf, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "2026-07"));
  run_clear (&run);
  run_cli (&run, db, "report", "rfm", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
  run_cli (&run, db, "report", "weekly", "--pdf", pdf, NULL);
  g_assert_cmpint (run.status, ==, 2);

  hy_test_remove_tree (dir);
}

/* The command line speaks the user's language (HUIYUAN_LOCALEDIR points at the build's catalogs). */
static void
test_cli_chinese (void)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "store.huiyuan", NULL);
  g_auto(Run) run = { 0 };

  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    {
      g_test_skip ("The zh_CN.UTF-8 locale is not installed");
      hy_test_remove_tree (dir);
      return;
    }
  setlocale (LC_ALL, "");

  run_cli (&run, db, "init", "--store-name", "丽人美容", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
  run_cli (&run, db, "stats", NULL);
  g_unsetenv ("LANGUAGE");
  g_unsetenv ("LC_ALL");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "店铺"));
  g_assert_nonnull (strstr (run.out, "丽人美容"));
  g_assert_null (strstr (run.out, "Members"));

  hy_test_remove_tree (dir);
}

static void
test_cli_refusals (void)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.huiyuan", NULL);
  g_auto(Run) run = { 0 };

  g_assert_true (g_file_set_contents (text, "hello", -1, NULL));

  run_cli (&run, text, "--json", "stats", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (run.json, "error"), "code"), ==, "not-a-database");
  g_assert_nonnull (strstr (run.err, "not a Huiyuan database"));
  run_clear (&run);

  run_cli (&run, missing, "stats", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "There is no database"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  run_clear (&run);

  run_cli (&run, missing, "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "unknown command"));
  run_clear (&run);

  run_cli (&run, missing, "demo", "--members", "many", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "not a count"));
  run_clear (&run);

  run_cli (&run, missing, "import", "people", "x.csv", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  run_cli (&run, NULL, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  for (guint i = 0; i < 7; i++)
    {
      static const char * const names[] = { "init", "import", "export", "demo", "stats", "backup", "check" };

      g_assert_nonnull (strstr (run.out, names[i]));
    }

  hy_test_remove_tree (dir);
}

/* check finds what no kept figure may hide: a sale written behind the aggregates' back. */
static void
test_cli_check_finds_inconsistency (void)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "store.huiyuan", NULL);
  g_auto(Run) run = { 0 };
  sqlite3 *handle = NULL;

  run_cli (&run, db, "demo", "--members", "50", "--transactions", "500", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  g_assert_cmpint (sqlite3_open (db, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "UPDATE member_stats SET net_spend = net_spend + 1 WHERE member_id = 7", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);

  run_cli (&run, db, "--json", "check", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_false (json_object_get_boolean_member (run.json, "ok"));
  g_assert_cmpint (json_object_get_int_member (run.json, "problems_found"), ==, 1);
  g_assert_nonnull (strstr (run.out, "member #7"));
  run_clear (&run);

  hy_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/workflow", test_cli_workflow);
  g_test_add_func ("/cli/bad-import", test_cli_bad_import);
  g_test_add_func ("/cli/refusals", test_cli_refusals);
  g_test_add_func ("/cli/delimiter-names", test_cli_delimiter_names);
  g_test_add_func ("/cli/chinese", test_cli_chinese);
  g_test_add_func ("/cli/now", test_cli_now);
  g_test_add_func ("/cli/report", test_cli_report);
  g_test_add_func ("/cli/check-finds-inconsistency", test_cli_check_finds_inconsistency);
  return g_test_run ();
}
