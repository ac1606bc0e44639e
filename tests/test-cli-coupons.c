/* test-cli-coupons.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real huiyuan-cli coupon, checkout with coupons, refund, staff, audit and fraud as a
 * script would.
 */

#include <json-glib/json-glib.h>
#include <stdarg.h>
#include <string.h>

#include "hy-test-util.h"

typedef struct
{
  int         status;
  char       *out;
  char       *err;
  JsonNode   *root;
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

  run_clear (run);
  g_ptr_array_add (args, (gpointer) g_getenv ("HY_CLI"));
  g_ptr_array_add (args, (gpointer) "--db");
  g_ptr_array_add (args, (gpointer) db);
  g_ptr_array_add (args, (gpointer) "--now");
  g_ptr_array_add (args, (gpointer) "2024-06-01T12:00:00");
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
  if (run->out[0] != '\0' && json_parser_load_from_data (run->parser, run->out, -1, NULL))
    run->root = json_parser_get_root (run->parser);
}

static gint64
get_int (Run        *run,
         const char *member)
{
  g_assert_nonnull (run->root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (run->root));
  g_assert_true (json_object_has_member (json_node_get_object (run->root), member));
  return json_object_get_int_member (json_node_get_object (run->root), member);
}

static const char *
error_code (Run *run)
{
  g_assert_nonnull (run->root);
  return json_object_get_string_member (json_object_get_object_member (json_node_get_object (run->root), "error"), "code");
}

static JsonArray *
get_array (Run        *run,
           const char *member)
{
  g_assert_nonnull (run->root);
  return json_object_get_array_member (json_node_get_object (run->root), member);
}

static void
test_cli_coupons_workflow (void)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "store.huiyuan", NULL);
  g_autofree char *csv = g_build_filename (dir, "members.csv", NULL);
  g_autofree char *code = NULL;
  g_autofree char *typo = NULL;
  g_auto(Run) run = { 0 };
  JsonArray *coupons;
  JsonObject *use;

  g_assert_true (g_file_set_contents (csv, "name,phone\n张三,13800138000\n李四,13800138001\n", -1, NULL));
  run_cli (&run, db, "init", "--time-zone", "Asia/Shanghai", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, db, "import", "members", csv, NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* a bad template is refused with its reason */
  run_cli (&run, db, "--json", "coupon", "template", "坏", "--kind", "threshold", "--amount", "20", "--days", "30", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (error_code (&run), ==, "invalid");
  run_cli (&run, db, "--json", "coupon", "template", "满100减20", "--kind", "threshold", "--amount", "20",
           "--threshold", "100", "--days", "30", "--limit", "1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, db, "--json", "coupon", "template", "9折", "--kind", "percent", "--percent", "10",
           "--until", "2024-07-01", "--stackable", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, db, "--json", "coupon", "templates", NULL);
  g_assert_cmpuint (json_array_get_length (get_array (&run, "templates")), ==, 2);

  run_cli (&run, db, "--json", "coupon", "issue", "满100减20", "13800138000", "13800138001", "--key", "i1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  coupons = get_array (&run, "coupons");
  g_assert_cmpuint (json_array_get_length (coupons), ==, 2);
  code = g_strdup (json_object_get_string_member (json_array_get_object_element (coupons, 0), "code"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (coupons, 0), "valid_until"), ==,
                   "2024-07-01 00:00:00");
  /* the limit is one each */
  run_cli (&run, db, "--json", "coupon", "issue", "满100减20", "13800138000", "--key", "i2", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (error_code (&run), ==, "conflict");
  run_cli (&run, db, "--json", "coupon", "issue", "9折", "13800138000", "--key", "i3", NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* a typo in the code is caught by its check digit */
  typo = g_strdup (code);
  typo[3] = typo[3] == '9' ? '0' : typo[3] + 1;
  run_cli (&run, db, "--json", "coupon", "check-code", typo, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (error_code (&run), ==, "invalid");
  run_cli (&run, db, "--json", "coupon", "check-code", code, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (get_array (&run, "coupons"), 0), "state"), ==, "issued");

  /* 100.00, exactly at the threshold: the exclusive 满减 (20.00) beats the stackable 10% (10.00) */
  run_cli (&run, db, "--json", "checkout", "13800138000", "--amount", "100", "--best-coupons", "--key", "s1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (get_int (&run, "coupon_saved_minor"), ==, 2000);
  g_assert_cmpint (get_int (&run, "due_minor"), ==, 8000);
  coupons = get_array (&run, "coupons");
  g_assert_cmpuint (json_array_get_length (coupons), ==, 2);
  use = json_array_get_object_element (coupons, 1);
  g_assert_false (json_object_get_boolean_member (use, "applied"));
  g_assert_cmpstr (json_object_get_string_member (use, "reason"), ==,
                   "It cannot be combined with an exclusive coupon that saves more (20.00 against 10.00)");

  /* the same coupon again, by code: already used */
  run_cli (&run, db, "--json", "checkout", "13800138000", "--amount", "100", "--coupon", code, "--key", "s2", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (error_code (&run), ==, "conflict");

  /* staff: a clerk may not refund or void; the manager may; everything is audited */
  g_setenv ("HUIYUAN_NEW_PIN", "8642", TRUE);
  run_cli (&run, db, "--json", "staff", "add", "王店长", "--role", "manager", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_setenv ("HUIYUAN_NEW_PIN", "1357", TRUE);
  run_cli (&run, db, "--json", "staff", "add", "小李", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, db, "--json", "staff", "list", NULL);
  g_assert_cmpuint (json_array_get_length (get_array (&run, "staff")), ==, 2);

  g_setenv ("HUIYUAN_PIN", "1357", TRUE);
  run_cli (&run, db, "--json", "--staff", "小李", "refund", "1", "--key", "r1", "--reason", "退货", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (error_code (&run), ==, "not-allowed");
  run_cli (&run, db, "--json", "--staff", "王店长", "refund", "1", "--key", "r1", "--reason", "退货", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (error_code (&run), ==, "not-allowed");
  g_setenv ("HUIYUAN_PIN", "8642", TRUE);
  run_cli (&run, db, "--json", "--staff", "王店长", "refund", "1", "--key", "r1", "--reason", "退货", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (get_int (&run, "amount_minor"), ==, 8000);
  g_assert_cmpint (get_int (&run, "coupons_restored"), ==, 1);
  run_cli (&run, db, "--json", "--staff", "王店长", "coupon", "void", code, "--reason", "补发错误", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_unsetenv ("HUIYUAN_PIN");

  run_cli (&run, db, "--json", "audit", NULL);
  g_assert_cmpint (run.status, ==, 0);
  coupons = get_array (&run, "entries");
  g_assert_cmpuint (json_array_get_length (coupons), ==, 4);
  use = json_array_get_object_element (coupons, 2);
  g_assert_cmpstr (json_object_get_string_member (use, "action"), ==, "refund");
  g_assert_cmpstr (json_object_get_string_member (use, "staff"), ==, "王店长");
  g_assert_cmpstr (json_object_get_string_member (use, "reason"), ==, "退货");
  use = json_array_get_object_element (coupons, 3);
  g_assert_cmpstr (json_object_get_string_member (use, "action"), ==, "coupon.void");
  run_cli (&run, db, "--json", "audit", "--since", "2024-06-02", NULL);
  g_assert_cmpuint (json_array_get_length (get_array (&run, "entries")), ==, 0);

  /* the sale earned 8 points and was refunded the same day */
  run_cli (&run, db, "--json", "fraud", NULL);
  g_assert_cmpint (run.status, ==, 0);
  coupons = get_array (&run, "flags");
  g_assert_cmpuint (json_array_get_length (coupons), ==, 1);
  use = json_array_get_object_element (coupons, 0);
  g_assert_cmpstr (json_object_get_string_member (use, "kind"), ==, "earn-then-refund");
  g_assert_cmpint (json_object_get_int_member (use, "value"), ==, 8);
  run_cli (&run, db, "--json", "fraud", "--count", "1", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (error_code (&run), ==, "invalid");

  run_cli (&run, db, "--json", "check", NULL);
  g_assert_cmpint (run.status, ==, 0);
  hy_test_remove_tree (dir);
}

/* A coupon for every member of a saved segment; a retry issues nothing new. */
static void
test_cli_coupons_segment (void)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "store.huiyuan", NULL);
  g_autofree char *csv = g_build_filename (dir, "members.csv", NULL);
  g_autofree char *first_code = NULL;
  g_auto(Run) run = { 0 };
  JsonArray *coupons;

  g_assert_true (g_file_set_contents (csv, "name,phone,tags\n张三,13800138000,VIP\n李四,13800138001,VIP\n王五,13800138002,\n",
                                      -1, NULL));
  run_cli (&run, db, "init", "--time-zone", "Asia/Shanghai", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, db, "import", "members", csv, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, db, "segment", "save", "贵宾", "tag=VIP", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, db, "segment", "save", "无人", "tag=nobody", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, db, "--json", "coupon", "template", "满100减20", "--kind", "threshold", "--amount", "20",
           "--threshold", "100", "--days", "30", NULL);
  g_assert_cmpint (run.status, ==, 0);

  run_cli (&run, db, "--json", "coupon", "issue", "满100减20", "--segment", "贵宾", "--key", "vip-1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  coupons = get_array (&run, "coupons");
  g_assert_cmpuint (json_array_get_length (coupons), ==, 2);
  first_code = g_strdup (json_object_get_string_member (json_array_get_object_element (coupons, 0), "code"));

  run_cli (&run, db, "--json", "coupon", "issue", "满100减20", "--segment", "贵宾", "--key", "vip-1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  coupons = get_array (&run, "coupons");
  g_assert_cmpuint (json_array_get_length (coupons), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (coupons, 0), "code"), ==, first_code);
  run_cli (&run, db, "--json", "coupon", "list", NULL);
  g_assert_cmpuint (json_array_get_length (get_array (&run, "coupons")), ==, 2);

  /* A segment without members, a segment that does not exist, members and a segment at once. */
  run_cli (&run, db, "--json", "coupon", "issue", "满100减20", "--segment", "无人", "--key", "none-1", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (error_code (&run), ==, "not-found");
  run_cli (&run, db, "--json", "coupon", "issue", "满100减20", "--segment", "没有", "--key", "none-2", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_cli (&run, db, "coupon", "issue", "满100减20", "13800138002", "--segment", "贵宾", "--key", "x", NULL);
  g_assert_cmpint (run.status, ==, 2);

  hy_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/coupons/workflow", test_cli_coupons_workflow);
  g_test_add_func ("/cli/coupons/segment", test_cli_coupons_segment);
  return g_test_run ();
}
