/* test-stored-value.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "hy-check.h"
#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-stored-value-ledger.h"
#include "hy-test-util.h"

static void
set (HyTestFixture *fixture,
     const char    *key,
     const char    *value)
{
  g_autoptr(GError) error = NULL;

  hy_database_set_setting (fixture->db, key, value, &error);
  g_assert_no_error (error);
}

static char *
statement (HyStoredValueLedger *wallet,
           gint64               member)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = hy_stored_value_ledger_list_entries (wallet, member, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      HyStoredValueEntry *e = entries->pdata[i];

      g_string_append_printf (out, "%s:%lld+%lld=%lld+%lld;", hy_stored_value_kind_to_string (e->kind),
                              (long long) e->principal, (long long) e->bonus,
                              (long long) e->principal_after, (long long) e->bonus_after);
    }
  return g_string_free (out, FALSE);
}

static gint64
top_up (HyStoredValueLedger *wallet,
        gint64               member,
        gint64               amount,
        const char          *key)
{
  g_autoptr(GError) error = NULL;
  gint64 bonus = -1;

  hy_stored_value_ledger_top_up (wallet, member, amount, "wechat", key, &bonus, NULL, &error);
  g_assert_no_error (error);
  return bonus;
}

static void
spend (HyStoredValueLedger *wallet,
       gint64               member,
       gint64               amount,
       const char          *key)
{
  g_autoptr(GError) error = NULL;

  hy_stored_value_ledger_spend (wallet, member, amount, "", key, NULL, &error);
  g_assert_no_error (error);
}

static void
assert_check_clean (HyTestFixture *fixture)
{
  g_autoptr(HyCheckReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (hy_database_check (fixture->db, HY_CHECK_DEFAULT, &report, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_problems, ==, 0);
}

static void
test_stored_value_bonus_rules (HyTestFixture *fixture,
                               gconstpointer  data)
{
  g_autoptr(HyStoredValueLedger) wallet = hy_stored_value_ledger_new (fixture->db);
  gint64 member = hy_test_add_member (fixture, "甲", "13900000001");

  /* 充1000送100 by default */
  g_assert_cmpint (top_up (wallet, member, 99999, "t1"), ==, 0);
  g_assert_cmpint (top_up (wallet, member, 100000, "t2"), ==, 10000);
  g_assert_cmpint (top_up (wallet, member, 250000, "t3"), ==, 10000);

  set (fixture, "stored_value.bonus_rules", "50000:3000; 100000:10000; 300000:45000");
  g_assert_cmpint (hy_stored_value_ledger_compute_bonus (wallet, 49999), ==, 0);
  g_assert_cmpint (hy_stored_value_ledger_compute_bonus (wallet, 60000), ==, 3000);
  g_assert_cmpint (hy_stored_value_ledger_compute_bonus (wallet, 299999), ==, 10000);
  g_assert_cmpint (hy_stored_value_ledger_compute_bonus (wallet, 300000), ==, 45000);
  set (fixture, "stored_value.bonus_rules", "");
  g_assert_cmpint (hy_stored_value_ledger_compute_bonus (wallet, 300000), ==, 0);

  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT sv_principal FROM member_balances"), ==, 449999);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT sv_bonus FROM member_balances"), ==, 20000);
  assert_check_clean (fixture);
}

static void
test_stored_value_spend_orders (HyTestFixture *fixture,
                                gconstpointer  data)
{
  g_autoptr(HyStoredValueLedger) wallet = hy_stored_value_ledger_new (fixture->db);
  g_autofree char *ledger = NULL;
  gint64 member = hy_test_add_member (fixture, "乙", "13900000002");
  HyStoredValueBalance b;
  g_autoptr(GError) error = NULL;

  top_up (wallet, member, 100000, "t1");                 /* 1000.00 + 100.00 */

  /* proportional: 55.00 is 50.00 principal and 5.00 bonus */
  spend (wallet, member, 5500, "s1");
  /* 33.33 of 1045.00 (950.00 + 95.00): bonus 3.03 (3.0300, rounded), principal 30.30 */
  spend (wallet, member, 3333, "s2");

  set (fixture, "stored_value.spend_order", "principal_first");
  spend (wallet, member, 100, "s3");

  set (fixture, "stored_value.spend_order", "bonus_first");
  spend (wallet, member, 10000, "s4");                   /* 91.97 bonus left, then principal */

  ledger = statement (wallet, member);
  g_assert_cmpstr (ledger, ==,
                   "top-up:100000+10000=100000+10000;"
                   "spend:-5000+-500=95000+9500;"
                   "spend:-3030+-303=91970+9197;"
                   "spend:-100+0=91870+9197;"
                   "spend:-803+-9197=91067+0;");

  g_assert_true (hy_stored_value_ledger_get_balance (wallet, member, &b, &error));
  g_assert_cmpint (b.principal, ==, 91067);
  g_assert_cmpint (b.bonus, ==, 0);
  g_assert_cmpint (b.total, ==, 91067);
  assert_check_clean (fixture);
}

static void
test_stored_value_refusals (HyTestFixture *fixture,
                            gconstpointer  data)
{
  g_autoptr(HyStoredValueLedger) wallet = hy_stored_value_ledger_new (fixture->db);
  g_autoptr(HyCheckReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 member = hy_test_add_member (fixture, "丙", "13900000003");
  gboolean replayed = FALSE;
  gint64 first, again;

  first = hy_stored_value_ledger_top_up (wallet, member, 5000, "cash", "t1", NULL, &replayed, &error);
  g_assert_false (replayed);
  again = hy_stored_value_ledger_top_up (wallet, member, 5000, "cash", "t1", NULL, &replayed, &error);
  g_assert_true (replayed);
  g_assert_cmpint (first, ==, again);

  g_assert_cmpint (hy_stored_value_ledger_spend (wallet, member, 5001, "", "s1", NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "holds 50.00, not enough to pay 50.01"));
  g_clear_error (&error);
  g_assert_cmpint (hy_stored_value_ledger_spend (wallet, member, 100, "", NULL, NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (hy_stored_value_ledger_top_up (wallet, member, 0, "cash", "t0", NULL, NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM stored_value_ledger"), ==, 1);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM change_log WHERE entity = 11"), ==, 1);

  /* even SQL that forgets to look cannot overdraw, nor rewrite the ledger */
  g_assert_false (_hy_database_exec (fixture->db, "UPDATE member_balances SET sv_principal = -1", NULL));
  g_assert_false (_hy_database_exec (fixture->db, "UPDATE stored_value_ledger SET principal = 1", NULL));

  g_assert_true (_hy_database_exec (fixture->db, "UPDATE member_balances SET sv_bonus = 7", NULL));
  g_assert_true (hy_database_check (fixture->db, HY_CHECK_DEFAULT, &report, NULL, NULL, NULL, &error));
  g_assert_cmpuint (report->n_problems, ==, 1);
  g_assert_nonnull (strstr (((HyCheckProblem *) report->problems->pdata[0])->message, "stored value 5000 + bonus 7"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  HY_TEST_ADD ("/core/stored-value/bonus-rules", test_stored_value_bonus_rules);
  HY_TEST_ADD ("/core/stored-value/spend-orders", test_stored_value_spend_orders);
  HY_TEST_ADD ("/core/stored-value/refusals", test_stored_value_refusals);
  return g_test_run ();
}
