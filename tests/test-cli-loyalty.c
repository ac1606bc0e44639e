/* test-cli-loyalty.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real huiyuan-cli points, wallet, tier and checkout as a script would.
 */

#include <json-glib/json-glib.h>
#include <stdarg.h>
#include <sqlite3.h>
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
get_string (Run        *run,
            const char *member)
{
  g_assert_nonnull (run->root);
  return json_object_get_string_member (json_node_get_object (run->root), member);
}

static gboolean
get_bool (Run        *run,
          const char *member)
{
  g_assert_nonnull (run->root);
  return json_object_get_boolean_member (json_node_get_object (run->root), member);
}

static void
test_cli_loyalty_workflow (void)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "store.huiyuan", NULL);
  g_autofree char *csv = g_build_filename (dir, "members.csv", NULL);
  g_auto(Run) run = { 0 };
  gint64 sale_id;
  sqlite3 *handle = NULL;

  g_assert_true (g_file_set_contents (csv, "name,phone,card\n张三,13800138000,C001\n", -1, NULL));
  run_cli (&run, db, "init", "--time-zone", "Asia/Shanghai", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, db, "import", "members", csv, NULL);
  g_assert_cmpint (run.status, ==, 0);

  run_cli (&run, db, "tier", "define", "--level", "0", "--name", "普通", "--validity", "0", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, db, "--json", "tier", "define", "--level", "1", "--name", "银卡", "--min-spend", "1000",
           "--price", "95", "--points-percent", "120", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, db, "--json", "tier", "list", NULL);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (run.root));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (run.root)), ==, 2);

  /* a tier's own price for one SKU; a tier that does not exist, a price of nothing */
  run_cli (&run, db, "--json", "tier", "price", "银卡", "A1", "88.00", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, db, "tier", "price", "金卡", "A1", "88.00", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_cli (&run, db, "--json", "tier", "price", "1", "A1", "0", NULL);
  g_assert_cmpint (run.status, ==, 1);

  /* 充1000送100 */
  run_cli (&run, db, "--json", "wallet", "top-up", "13800138000", "1000", "--key", "t1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (get_int (&run, "bonus_minor"), ==, 10000);

  /* an adjustment without a reason is refused: exit 1 and a JSON error */
  run_cli (&run, db, "--json", "points", "adjust", "card:C001", "500", "--key", "a1", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (run.root), "error"), "code"), ==, "invalid");
  run_cli (&run, db, "--json", "points", "adjust", "card:C001", "500", "--reason", "欢迎", "--key", "a1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_false (get_bool (&run, "replayed"));

  /* no key: a usage error, nothing written */
  run_cli (&run, db, "checkout", "13800138000", "--amount", "10", NULL);
  g_assert_cmpint (run.status, ==, 2);

  run_cli (&run, db, "--json", "checkout", "13800138000", "--item", "A1:护肤:2:128.50",
           "--item", "B2:食品:1:33:30", "--points", "max", "--wallet", "max", "--key", "s1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (get_int (&run, "gross_minor"), ==, 29000);
  g_assert_cmpint (get_int (&run, "due_minor"), ==, 28700);   /* base tier; B2 at its member price */
  g_assert_cmpint (get_int (&run, "points_used"), ==, 500);
  g_assert_cmpint (get_int (&run, "stored_value_principal_minor") + get_int (&run, "stored_value_bonus_minor"), ==, 28200);
  g_assert_cmpint (get_int (&run, "paid_minor"), ==, 0);
  g_assert_cmpint (get_int (&run, "points_earned"), ==, 28);
  sale_id = get_int (&run, "transaction_id");

  /* the till retries: the same receipt, replayed */
  run_cli (&run, db, "--json", "checkout", "13800138000", "--amount", "1", "--key", "s1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (get_bool (&run, "replayed"));
  g_assert_cmpint (get_int (&run, "transaction_id"), ==, sale_id);
  g_assert_cmpint (get_int (&run, "due_minor"), ==, 28700);

  run_cli (&run, db, "--json", "checkout", "13800138000", "--amount", "1000", "--key", "s2", NULL);
  g_assert_true (get_bool (&run, "tier_changed"));
  g_assert_cmpstr (get_string (&run, "tier"), ==, "银卡");
  run_cli (&run, db, "--json", "tier", "show", "13800138000", NULL);
  g_assert_cmpstr (get_string (&run, "tier"), ==, "银卡");
  g_assert_cmpstr (get_string (&run, "valid_until"), ==, "2025-06-01 00:00:00");

  {
    g_autofree char *sale = g_strdup_printf ("%lld", (long long) sale_id);

    run_cli (&run, db, "--json", "checkout", "--refund", sale, "--key", "r1", NULL);
  }
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (get_int (&run, "amount_minor"), ==, 28700);
  g_assert_cmpint (get_int (&run, "points_returned"), ==, 500);
  g_assert_cmpint (get_int (&run, "points_clawed_back"), ==, 28);
  g_assert_cmpint (get_int (&run, "paid_back_minor"), ==, 0);

  run_cli (&run, db, "--json", "points", "show", "13800138000", NULL);
  g_assert_cmpint (get_int (&run, "balance"), ==, 600);   /* 500 back, 100 from 1000.00 pending */
  g_assert_cmpint (get_int (&run, "pending"), ==, 100);
  run_cli (&run, db, "--json", "points", "statement", "13800138000", NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (run.root)), ==, 6);
  run_cli (&run, db, "--json", "wallet", "show", "13800138000", NULL);
  g_assert_cmpint (get_int (&run, "total_minor"), ==, 110000);
  run_cli (&run, db, "points", "checkin", "13800138000", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, db, "--json", "points", "checkin", "13800138000", NULL);
  g_assert_true (get_bool (&run, "replayed"));

  run_cli (&run, db, "--json", "check", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (get_bool (&run, "ok"));

  /* a balance that no longer adds up is found */
  g_assert_cmpint (sqlite3_open (db, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "UPDATE member_balances SET points = points + 1", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);
  run_cli (&run, db, "check", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "ledgers: member #1 has 606 points kept but the points ledger adds up to 605"));

  run_cli (&run, db, "points", "show", "13900000000", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_cli (&run, db, "points", NULL);
  g_assert_cmpint (run.status, ==, 2);

  hy_test_remove_tree (dir);
}

static void
test_cli_loyalty_referral_and_rewards (void)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "store.huiyuan", NULL);
  g_autofree char *csv = g_build_filename (dir, "members.csv", NULL);
  g_auto(Run) run = { 0 };
  JsonArray *list;
  JsonObject *row;

  g_assert_true (g_file_set_contents (csv, "name,phone\n张三,13800138000\n李四,13800138001\n", -1, NULL));
  run_cli (&run, db, "init", "--time-zone", "Asia/Shanghai", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, db, "import", "members", csv, NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* 李四 was brought in by 张三; nobody refers themselves */
  run_cli (&run, db, "--json", "points", "refer", "13800138001", "--by", "13800138000", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (get_int (&run, "member_id"), ==, 2);
  g_assert_cmpint (get_int (&run, "referred_by"), ==, 1);
  run_cli (&run, db, "--json", "points", "refer", "13800138000", "--by", "id:1", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (run.root), "error"), "code"), ==, "invalid");
  run_cli (&run, db, "points", "refer", "13800138000", NULL);
  g_assert_cmpint (run.status, ==, 2);

  /* 李四's first purchase pays 张三 500, usable tomorrow */
  run_cli (&run, db, "--json", "checkout", "13800138001", "--amount", "100", "--key", "s1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, db, "--json", "points", "show", "13800138000", NULL);
  g_assert_cmpint (get_int (&run, "balance"), ==, 500);
  g_assert_cmpint (get_int (&run, "pending"), ==, 500);
  run_cli (&run, db, "--json", "points", "statement", "13800138000", NULL);
  list = json_node_get_array (run.root);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  row = json_array_get_object_element (list, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "kind"), ==, "referral");
  g_assert_cmpint (json_object_get_int_member (row, "points"), ==, 500);
  g_assert_cmpstr (json_object_get_string_member (row, "available_at"), ==, "2024-06-02 00:00:00");

  /* the catalogue */
  run_cli (&run, db, "--json", "reward", "define", "--name", "保温杯", "--points", "300", "--stock", "1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (get_int (&run, "reward_id"), ==, 1);
  run_cli (&run, db, "--json", "reward", "define", "--name", "毛巾", "--points", "100", NULL);
  g_assert_cmpint (get_int (&run, "reward_id"), ==, 2);
  run_cli (&run, db, "--json", "reward", "define", "--name", "毛巾", "--points", "100", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_cli (&run, db, "--json", "reward", "list", NULL);
  list = json_node_get_array (run.root);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  row = json_array_get_object_element (list, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "name"), ==, "保温杯");
  g_assert_cmpint (json_object_get_int_member (row, "stock"), ==, 1);
  g_assert_true (json_object_get_null_member (json_array_get_object_element (list, 1), "stock"));

  /* pending points do not count: refused today, fine tomorrow; stock 1 goes once */
  run_cli (&run, db, "--json", "reward", "redeem", "13800138000", "保温杯", "--key", "r1", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (run.root), "error"), "code"), ==, "invalid");
  run_cli (&run, db, "reward", "redeem", "13800138000", "保温杯", NULL);
  g_assert_cmpint (run.status, ==, 2);
  {
    /* a second --now, after the one every run gets, wins */
    const char *args_tomorrow[] = { "--now", "2024-06-02T09:00:00" };

    run_cli (&run, db, args_tomorrow[0], args_tomorrow[1], "--json", "reward", "redeem", "13800138000",
             "保温杯", "--key", "r1", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_false (get_bool (&run, "replayed"));
    run_cli (&run, db, args_tomorrow[0], args_tomorrow[1], "--json", "reward", "redeem", "13800138000",
             "1", "--key", "r1", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (get_bool (&run, "replayed"));
    run_cli (&run, db, args_tomorrow[0], args_tomorrow[1], "--json", "reward", "redeem", "13800138000",
             "保温杯", "--key", "r2", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (run.root), "error"), "code"), ==, "conflict");
    run_cli (&run, db, "--json", "reward", "retire", "毛巾", NULL);
    g_assert_cmpint (run.status, ==, 0);
    run_cli (&run, db, args_tomorrow[0], args_tomorrow[1], "--json", "reward", "redeem", "13800138000",
             "2", "--key", "r3", NULL);
    g_assert_cmpint (run.status, ==, 1);
  }
  run_cli (&run, db, "--json", "reward", "list", "--all", NULL);
  list = json_node_get_array (run.root);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (list, 0), "stock"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (list, 0), "redeemed"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 1), "retired_at"), !=, "");
  run_cli (&run, db, "--json", "points", "statement", "13800138000", NULL);
  list = json_node_get_array (run.root);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  row = json_array_get_object_element (list, 1);
  g_assert_cmpstr (json_object_get_string_member (row, "kind"), ==, "redeem");
  g_assert_cmpint (json_object_get_int_member (row, "points"), ==, -300);
  g_assert_cmpstr (json_object_get_string_member (row, "reason"), ==, "保温杯");

  run_cli (&run, db, "--json", "check", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (get_bool (&run, "ok"));

  hy_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/loyalty/workflow", test_cli_loyalty_workflow);
  g_test_add_func ("/cli/loyalty/referral-and-rewards", test_cli_loyalty_referral_and_rewards);
  return g_test_run ();
}
