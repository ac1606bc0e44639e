/* test-cli-analyze.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs huiyuan-cli analyze and fit as a script would.
 */

#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "hy-test-util.h"
#include "hy-time.h"

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

static JsonObject *
class_of (Run        *run,
          const char *klass)
{
  JsonArray *classes = json_object_get_array_member (run->json, "classes");

  for (guint i = 0; i < json_array_get_length (classes); i++)
    {
      JsonObject *object = json_array_get_object_element (classes, i);

      if (g_str_equal (json_object_get_string_member (object, "class"), klass))
        return object;
    }
  g_assert_not_reached ();
}

/* Exact figures on a hand-made database: two buyers and a member without a purchase. */
static void
test_cli_analyze_exact (HyTestFixture *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *csv = g_build_filename (fixture->dir, "rfm.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(Run) run = { 0 };
  gint64 a = hy_test_add_member (fixture, "甲", "13800138001");
  gint64 b = hy_test_add_member (fixture, "乙", "13800138002");

  hy_test_add_member (fixture, "丙", "13800138003");
  hy_test_sell (fixture, a, "2024-05-30 10:00", 3000);
  hy_test_sell (fixture, a, "2024-05-31 10:00", 3000);
  hy_test_sell (fixture, b, "2024-03-01 10:00", 1000);

  run_cli (&run, fixture->path, "--json", "analyze", "rfm", "--as-of", "2024-06-01", "--csv", csv, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (run.json, "as_of"), ==, "2024-06-01");
  g_assert_cmpint (json_object_get_int_member (run.json, "members"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (run.json, "buyers"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (run.json, "revenue"), ==, 7000);
  g_assert_cmpint (json_object_get_int_member (class_of (&run, "important_value"), "members"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (class_of (&run, "general_retain"), "members"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (class_of (&run, "no_purchase"), "members"), ==, 1);
  g_assert_cmpfloat (json_object_get_double_member (class_of (&run, "important_value"), "revenue_share"), ==, 6000.0 / 7000);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "member_id,recency_days,frequency,monetary,r_score,f_score,m_score,class\r\n") ||
                 g_str_has_prefix (contents, "member_id,recency_days,frequency,monetary,r_score,f_score,m_score,class\n"));
  g_assert_nonnull (strstr (contents, ",1,2,60.00,3,3,3,important_value"));
  run_clear (&run);

  /* As of 2024-05-30 A has bought once, on that day. */
  run_cli (&run, fixture->path, "--json", "analyze", "kpis", "--as-of", "2024-05-31", "--from", "2024-05-01", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (json_object_get_int_member (run.json, "purchasers"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (run.json, "orders"), ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (run.json, "aov"), ==, 3000.0);
  g_assert_cmpfloat (json_object_get_double_member (run.json, "repurchase_rate"), ==, 1.0);
  run_clear (&run);

  run_cli (&run, fixture->path, "--json", "--now", "2024-06-01", "analyze", "stages", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (run.json, "history")), ==, 24);
  /* Everyone joined "today" in the fixture: all new. */
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (run.json, "counts"), "new"), ==, 3);
  run_clear (&run);

  run_cli (&run, fixture->path, "--json", "--now", "2024-06-01", "analyze", "warnings", NULL);
  g_assert_cmpint (run.status, ==, 0);
  /* B has not bought for 92 days (general: 30): one idle warning. */
  g_assert_cmpint (json_object_get_int_member (run.json, "count"), ==, 1);
  run_clear (&run);

  /* Too few members to fit: a clear failure, nothing saved. */
  run_cli (&run, fixture->path, "--json", "fit", "--calibration-end", "2024-06-01", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_false (json_object_get_boolean_member (run.json, "ok"));
}

static void
test_cli_analyze_demo (void)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "store.huiyuan", NULL);
  g_autofree char *csv = g_build_filename (dir, "warnings.csv", NULL);
  g_auto(Run) run = { 0 };
  JsonArray *classes;
  gint64 members = 0, revenue = 0;

  run_cli (&run, db, "init", "--time-zone", "Asia/Shanghai", "--industry", "beauty", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  run_cli (&run, db, "demo", "--members", "1000", "--transactions", "10k", "--now", "2024-06-01", "-q", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  run_cli (&run, db, "--json", "analyze", "rfm", "--as-of", "2024-06-01", NULL);
  g_assert_cmpint (run.status, ==, 0);
  classes = json_object_get_array_member (run.json, "classes");
  g_assert_cmpint (json_array_get_length (classes), ==, 9);
  for (guint i = 0; i < 9; i++)
    {
      members += json_object_get_int_member (json_array_get_object_element (classes, i), "members");
      revenue += json_object_get_int_member (json_array_get_object_element (classes, i), "revenue");
    }
  g_assert_cmpint (members, ==, json_object_get_int_member (run.json, "members"));
  g_assert_cmpint (revenue, ==, json_object_get_int_member (run.json, "revenue"));
  run_clear (&run);

  /* Without a fit there is no CLV; after one there is. */
  run_cli (&run, db, "--json", "analyze", "kpis", "--as-of", "2024-06-01", NULL);
  g_assert_false (json_object_has_member (run.json, "average_clv"));
  run_clear (&run);
  run_cli (&run, db, "--json", "fit", "--calibration-end", "2024-06-01", "--unit", "week", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (run.json, "unit"), ==, "week");
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (run.json, "bgnbd"), "r"), >, 0);
  run_clear (&run);
  run_cli (&run, db, "--json", "analyze", "kpis", "--as-of", "2024-06-01", NULL);
  g_assert_cmpfloat (json_object_get_double_member (run.json, "average_clv"), >, 0);
  run_clear (&run);

  run_cli (&run, db, "analyze", "warnings", "--as-of", "2024-06-01", "--csv", csv, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_test (csv, G_FILE_TEST_EXISTS));
  run_clear (&run);

  run_cli (&run, db, "--json", "analyze", "cohorts", "--as-of", "2024-06-01", "--months", "6", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (run.json, "cohorts")), ==, 6);
  run_clear (&run);

  /* Refusals: exit status 2 for a wrong command line. */
  run_cli (&run, db, "analyze", "segments", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
  run_cli (&run, db, "analyze", "rfm", "--as-of", "yesterday-ish", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
  run_cli (&run, db, "analyze", "kpis", "--as-of", "2024-06-01", "--from", "2024-07-01", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
  run_cli (&run, db, "fit", "--unit", "month", NULL);
  g_assert_cmpint (run.status, ==, 2);

  hy_test_remove_tree (dir);
}

/* segment save, list, count and export, with exact output. */
static void
test_cli_segment (HyTestFixture *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *csv = g_build_filename (fixture->dir, "big.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  g_auto(Run) run = { 0 };
  gint64 a = hy_test_add_member (fixture, "甲", "13800138001");
  gint64 b = hy_test_add_member (fixture, "乙", "13800138002");

  hy_test_add_member (fixture, "丙", "13800138003");
  hy_test_sell (fixture, a, "2024-05-30 10:00", 3000);
  hy_test_sell (fixture, a, "2024-05-31 10:00", 3000);
  hy_test_sell (fixture, b, "2024-03-01 10:00", 1000);

  run_cli (&run, fixture->path, "segment", "save", "big", "spend>=5000", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  run_cli (&run, fixture->path, "segment", "save", "lapsed", "last_purchase>=60", "spend>0", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  run_cli (&run, fixture->path, "segment", "save", "odd", "tag=x' OR 1=1 --", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  run_cli (&run, fixture->path, "segment", "save", "fresh", "stage=new", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  run_cli (&run, fixture->path, "segment", "save", "bad", "id=1", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  run_cli (&run, fixture->path, "segment", "list", NULL);
  g_assert_cmpstr (run.out, ==, "big\nfresh\nlapsed\nodd\n");
  run_clear (&run);
  run_cli (&run, fixture->path, "segment", "count", "big", NULL);
  g_assert_cmpstr (run.out, ==, "1\n");
  run_clear (&run);
  run_cli (&run, fixture->path, "--now", "2024-06-01", "segment", "count", "lapsed", NULL);
  g_assert_cmpstr (run.out, ==, "1\n");
  run_clear (&run);
  run_cli (&run, fixture->path, "segment", "count", "odd", NULL);
  g_assert_cmpstr (run.out, ==, "0\n");
  run_clear (&run);
  run_cli (&run, fixture->path, "--now", "2024-06-01", "segment", "count", "fresh", NULL);
  g_assert_cmpstr (run.out, ==, "3\n");
  run_clear (&run);
  run_cli (&run, fixture->path, "segment", "count", "missing", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_clear (&run);

  /* P(alive) and CLV want a fitted model: without one, a failure that says how to fit one. */
  run_cli (&run, fixture->path, "segment", "save", "lost", "p_alive<30%", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  run_cli (&run, fixture->path, "segment", "count", "lost", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "huiyuan-cli fit"));
  run_clear (&run);
  run_cli (&run, fixture->path, "segment", "save", "odd share", "p_alive<3", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  run_cli (&run, fixture->path, "-q", "segment", "export", "big", csv, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_file_get_contents (csv, &contents, NULL, NULL);
  expected = g_strdup_printf ("id,name,joined,net_spend,purchase_days\r\n%lld,甲,2024-06-01,60.00,2\r\n", (long long) a);
  g_assert_cmpstr (contents, ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  HY_TEST_ADD ("/cli/analyze/exact", test_cli_analyze_exact);
  g_test_add_func ("/cli/analyze/demo", test_cli_analyze_demo);
  HY_TEST_ADD ("/cli/segment", test_cli_segment);

  return g_test_run ();
}
