/* test-rewards.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rewards catalogue: define, list, retire, and redeem for points usable now, with stock.
 */

#include <stdio.h>

#include "hy-check.h"
#include "hy-database-private.h"
#include "hy-checkout.h"
#include "hy-error.h"
#include "hy-points-ledger.h"
#include "hy-reward-store.h"
#include "hy-test-util.h"
#include "hy-time.h"

static void
at (HyTestFixture *fixture,
    const char    *when)
{
  hy_time_set_now (hy_test_local_time (fixture->db, when));
}

static void
assert_check_clean (HyDatabase *db)
{
  g_autoptr(HyCheckReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (hy_database_check (db, HY_CHECK_DEFAULT, &report, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < report->problems->len; i++)
    g_test_message ("%s", ((HyCheckProblem *) report->problems->pdata[i])->message);
  g_assert_cmpuint (report->n_problems, ==, 0);
}

/* "name:points:stock:redeemed[:retired];" */
static char *
catalogue (HyRewardStore *rewards,
           gboolean       include_retired)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = hy_reward_store_list (rewards, include_retired, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      HyReward *r = list->pdata[i];

      g_string_append_printf (out, "%s:%lld:%lld:%lld%s;", r->name, (long long) r->points,
                              (long long) r->stock, (long long) r->redeemed,
                              r->retired_at != 0 ? ":retired" : "");
    }
  return g_string_free (out, FALSE);
}

static void
assert_catalogue (HyRewardStore *rewards,
                  gboolean       include_retired,
                  const char    *expected)
{
  g_autofree char *text = catalogue (rewards, include_retired);

  g_assert_cmpstr (text, ==, expected);
}

/* "kind:points:balance[:reason];" */
static void
assert_statement (HyTestFixture *fixture,
                  gint64         member,
                  const char    *expected)
{
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = hy_points_ledger_list_entries (points, member, &error);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      HyPointsEntry *e = entries->pdata[i];

      g_string_append_printf (out, "%s:%lld:%lld%s%s;", hy_points_kind_to_string (e->kind),
                              (long long) e->points, (long long) e->balance_after,
                              e->reason[0] != '\0' ? ":" : "", e->reason);
    }
  g_assert_cmpstr (out->str, ==, expected);
}

static void
test_rewards_catalogue (HyTestFixture *fixture,
                        gconstpointer  data)
{
  g_autoptr(HyRewardStore) rewards = hy_reward_store_new (fixture->db);
  g_autoptr(GError) error = NULL;
  gint64 cup, towel, again;

  cup = hy_reward_store_define (rewards, " 保温杯 ", 3000, 2, &error);
  g_assert_no_error (error);
  towel = hy_reward_store_define (rewards, "毛巾", 500, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cup, >, 0);
  g_assert_cmpint (towel, >, cup);
  assert_catalogue (rewards, FALSE, "保温杯:3000:2:0;毛巾:500:-1:0;");
  g_assert_cmpint (hy_reward_store_find (rewards, "毛巾", &error), ==, towel);

  g_assert_cmpint (hy_reward_store_define (rewards, "毛巾", 600, -1, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (hy_reward_store_define (rewards, "  ", 600, -1, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (hy_reward_store_define (rewards, "免费", 0, -1, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (hy_reward_store_define (rewards, "负库存", 10, -2, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);

  /* retired: off the list, found no more, kept for history; its name can be used again */
  g_assert_true (hy_reward_store_retire (rewards, towel, &error));
  g_assert_true (hy_reward_store_retire (rewards, towel, &error));
  g_assert_no_error (error);
  assert_catalogue (rewards, FALSE, "保温杯:3000:2:0;");
  assert_catalogue (rewards, TRUE, "保温杯:3000:2:0;毛巾:500:-1:0:retired;");
  g_assert_cmpint (hy_reward_store_find (rewards, "毛巾", &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  again = hy_reward_store_define (rewards, "毛巾", 600, 5, &error);
  g_assert_no_error (error);
  assert_catalogue (rewards, TRUE, "保温杯:3000:2:0;毛巾:500:-1:0:retired;毛巾:600:5:0;");
  g_assert_false (hy_reward_store_retire (rewards, again + 10, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_FOUND);
}

static void
test_rewards_redeem (HyTestFixture *fixture,
                     gconstpointer  data)
{
  g_autoptr(HyRewardStore) rewards = hy_reward_store_new (fixture->db);
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(HyCheckout) co = hy_checkout_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_auto(HyReceipt) receipt = { 0 };
  gint64 member = hy_test_add_member (fixture, "王", "13800000001");
  HyCheckoutRequest request = { .member_id = member, .amount = 100000, .idempotency_key = "co" };
  gboolean replayed = FALSE;
  gint64 cup, bag, old, first, id;

  cup = hy_reward_store_define (rewards, "保温杯", 300, 2, &error);
  bag = hy_reward_store_define (rewards, "购物袋", 800, -1, &error);
  old = hy_reward_store_define (rewards, "旧礼品", 10, -1, &error);
  g_assert_no_error (error);

  /* 200 that expire sooner, 800 later, and 100 earned today that are usable tomorrow */
  at (fixture, "2024-06-01 10:00");
  hy_points_ledger_adjust (points, member, 200, "迁移", "a1", NULL, &error);
  at (fixture, "2024-06-05 10:00");
  hy_points_ledger_adjust (points, member, 800, "迁移", "a2", NULL, &error);
  g_assert_true (hy_checkout_run (co, &request, &receipt, &error));
  g_assert_no_error (error);
  g_assert_cmpint (receipt.points_earned, ==, 100);

  /* the oldest lots first; the reward's name is the reason; one comes off the stock */
  first = hy_reward_store_redeem (rewards, member, cup, "r1", &replayed, &error);
  g_assert_no_error (error);
  g_assert_false (replayed);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (_hy_database_get_handle (fixture->db),
                                         "SELECT group_concat (lot_id || ':' || points, ',') FROM"
                                         " (SELECT * FROM points_allocations WHERE debit_id = ?1 ORDER BY lot_id)",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    sqlite3_bind_int64 (stmt, 1, first);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "1:200,2:100");
    sqlite3_finalize (stmt);
  }
  assert_catalogue (rewards, FALSE, "保温杯:300:1:1;旧礼品:10:-1:0;购物袋:800:-1:0;");

  /* a retry with the same key writes nothing */
  id = hy_reward_store_redeem (rewards, member, cup, "r1", &replayed, &error);
  g_assert_no_error (error);
  g_assert_true (replayed);
  g_assert_cmpint (id, ==, first);
  assert_catalogue (rewards, FALSE, "保温杯:300:1:1;旧礼品:10:-1:0;购物袋:800:-1:0;");

  /* 800 in balance, but 100 of them are pending: the bag is refused and nothing is written */
  g_assert_cmpint (hy_reward_store_redeem (rewards, member, bag, "r2", NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Not enough points for “购物袋”: Only 700 points can be used now, not 800");
  g_clear_error (&error);

  /* retired, out of stock, no such member */
  g_assert_true (hy_reward_store_retire (rewards, old, &error));
  g_assert_cmpint (hy_reward_store_redeem (rewards, member, old, "r3", NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (hy_reward_store_redeem (rewards, member, cup, "r4", NULL, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (hy_reward_store_redeem (rewards, member, cup, "r5", NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==, "The reward “保温杯” is out of stock");
  g_clear_error (&error);
  g_assert_cmpint (hy_reward_store_redeem (rewards, 999, bag, "r6", NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (hy_reward_store_redeem (rewards, member, bag, NULL, NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);

  /* tomorrow the earned 100 count too: 500 usable, the bag is still out of reach */
  at (fixture, "2024-06-06 00:00");
  g_assert_cmpint (hy_reward_store_redeem (rewards, member, bag, "r7", NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);

  assert_statement (fixture, member, "adjust:200:200:迁移;adjust:800:1000:迁移;earn:100:1100;"
                                     "redeem:-300:800:保温杯;redeem:-300:500:保温杯;");
  assert_catalogue (rewards, TRUE, "保温杯:300:0:2;旧礼品:10:-1:0:retired;购物袋:800:-1:0;");
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM reward_redemptions"), ==, 2);
  assert_check_clean (fixture->db);

  /* a redemption that no REDEEM entry paid for is found */
  g_assert_cmpint (sqlite3_exec (_hy_database_get_handle (fixture->db),
                                 "INSERT INTO reward_redemptions VALUES (1, 2, 1, 0)", NULL, NULL, NULL), ==, SQLITE_OK);
  {
    g_autoptr(HyCheckReport) report = NULL;

    g_assert_true (hy_database_check (fixture->db, HY_CHECK_DEFAULT, &report, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (report->n_problems, ==, 1);
    g_assert_cmpstr (((HyCheckProblem *) report->problems->pdata[0])->message, ==,
                     "reward redemption of entry #1 does not match a redemption of member #1");
  }
}

/* The helper run by test_rewards_two_processes: tries to redeem the reward once. */
static int
redeem_helper (const char *path,
               gint64      member,
               gint64      reward,
               const char *key,
               gint64      now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HyDatabase) db = hy_database_open (path, HY_DATABASE_OPEN_DEFAULT, &error);
  g_autoptr(HyRewardStore) rewards = NULL;

  if (db == NULL)
    return 3;
  hy_time_set_now (now);
  rewards = hy_reward_store_new (db);
  if (hy_reward_store_redeem (rewards, member, reward, key, NULL, &error) > 0)
    g_print ("won\n");
  else if (g_error_matches (error, HY_ERROR, HY_ERROR_CONFLICT))
    g_print ("lost\n");
  else
    return 4;
  return 0;
}

static void
test_rewards_two_processes (HyTestFixture *fixture,
                            gconstpointer  data)
{
  g_autoptr(HyRewardStore) rewards = hy_reward_store_new (fixture->db);
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", &error);
  g_autofree char *now_text = g_strdup_printf ("%" G_GINT64_FORMAT, hy_time_now ());
  g_autofree char *member_text = NULL;
  g_autofree char *reward_text = NULL;
  GSubprocess *children[2];
  guint won = 0, lost = 0;
  gint64 member = hy_test_add_member (fixture, "郭", "13800000002");
  gint64 lamp = hy_reward_store_define (rewards, "台灯", 100, 1, &error);

  g_assert_no_error (error);
  hy_points_ledger_adjust (points, member, 1000, "活动", "adj", NULL, &error);
  g_assert_no_error (error);
  member_text = g_strdup_printf ("%" G_GINT64_FORMAT, member);
  reward_text = g_strdup_printf ("%" G_GINT64_FORMAT, lamp);

  for (guint i = 0; i < 2; i++)
    {
      children[i] = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, self_exe, "--redeem-helper",
                                      fixture->path, member_text, reward_text, i == 0 ? "a" : "b",
                                      now_text, NULL);
      g_assert_no_error (error);
    }

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *out = NULL;

      g_subprocess_communicate_utf8 (children[i], NULL, NULL, &out, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_subprocess_get_exit_status (children[i]), ==, 0);
      if (g_str_equal (out, "won\n"))
        won++;
      else if (g_str_equal (out, "lost\n"))
        lost++;
      g_object_unref (children[i]);
    }

  /* one lamp: one process has it, the other is told it is out of stock */
  g_assert_cmpuint (won, ==, 1);
  g_assert_cmpuint (lost, ==, 1);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT stock FROM rewards"), ==, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM points_ledger WHERE kind = 2"), ==, 1);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT points FROM member_balances WHERE member_id = 1"), ==, 900);
  assert_check_clean (fixture->db);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 7 && g_str_equal (argv[1], "--redeem-helper"))
    return redeem_helper (argv[2], g_ascii_strtoll (argv[3], NULL, 10), g_ascii_strtoll (argv[4], NULL, 10),
                          argv[5], g_ascii_strtoll (argv[6], NULL, 10));

  g_test_init (&argc, &argv, NULL);
  HY_TEST_ADD ("/core/rewards/catalogue", test_rewards_catalogue);
  HY_TEST_ADD ("/core/rewards/redeem", test_rewards_redeem);
  HY_TEST_ADD ("/core/rewards/two-processes", test_rewards_two_processes);
  return g_test_run ();
}
