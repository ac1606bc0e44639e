/* test-coupons.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <string.h>

#include "hy-audit-log.h"
#include "hy-check.h"
#include "hy-checkout.h"
#include "hy-coupon-store.h"
#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-points-ledger.h"
#include "hy-test-util.h"
#include "hy-time.h"

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

/* A template valid 30 days from its issue. */
static gint64
define (HyTestFixture *fixture,
        const char    *name,
        HyCouponKind   kind,
        gint64         amount,
        gint64         threshold,
        int            percent,
        gboolean       stackable,
        const char    *category)
{
  g_autoptr(HyCouponStore) store = hy_coupon_store_new (fixture->db);
  g_autoptr(HyCouponTemplate) tmpl = hy_coupon_template_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_free (tmpl->name);
  tmpl->name = g_strdup (name);
  tmpl->kind = kind;
  tmpl->amount = amount;
  tmpl->threshold = threshold;
  tmpl->percent = percent;
  tmpl->stackable = stackable;
  tmpl->valid_days = 30;
  if (category != NULL)
    {
      g_free (tmpl->category);
      tmpl->category = g_strdup (category);
    }
  id = hy_coupon_store_define (store, tmpl, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static char *
issue (HyTestFixture *fixture,
       gint64         template_id,
       gint64         member,
       const char    *key)
{
  g_autoptr(HyCouponStore) store = hy_coupon_store_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) coupons = hy_coupon_store_issue (store, template_id, &member, 1, key, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (coupons->len, ==, 1);
  return g_strdup (((HyCoupon *) coupons->pdata[0])->code);
}

static HyCouponUse *
find_use (const HyReceipt *receipt,
          const char      *code)
{
  for (guint i = 0; i < receipt->coupons->len; i++)
    {
      HyCouponUse *use = receipt->coupons->pdata[i];

      if (g_str_equal (use->code, code))
        return use;
    }
  g_assert_not_reached ();
}

static void
test_coupons_code_check_digit (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  /* the textbook Luhn example: 7992739871 takes 3 */
  g_assert_cmpint (hy_coupon_code_check_digit ("7992739871"), ==, '3');
  g_assert_cmpint (hy_coupon_code_check_digit ("0000000000"), ==, '0');

  code = hy_coupon_code_normalize ("7992-7398 713", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "79927398713");

  /* one digit wrong, and two neighbours swapped */
  g_assert_null (hy_coupon_code_normalize ("79927398714", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "check digit"));
  g_clear_error (&error);
  g_assert_null (hy_coupon_code_normalize ("97927398713", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (hy_coupon_code_normalize ("7992739871", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "11 digits, not 10"));
  g_clear_error (&error);
  g_assert_null (hy_coupon_code_normalize ("7992739871X", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
}

static void
test_coupons_templates_and_issue (HyTestFixture *fixture,
                                  gconstpointer  data)
{
  g_autoptr(HyCouponStore) store = hy_coupon_store_new (fixture->db);
  g_autoptr(HyCouponTemplate) bad = hy_coupon_template_new ();
  g_autoptr(HyCouponTemplate) once = hy_coupon_template_new ();
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) replay = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  gint64 a = hy_test_add_member (fixture, "甲", "13700000001");
  gint64 b = hy_test_add_member (fixture, "乙", "13700000002");
  gint64 both[] = { a, b };
  gint64 id;
  HyCoupon *coupon;

  /* 满减 that takes off more than its threshold, and no end of validity */
  g_free (bad->name);
  bad->name = g_strdup ("坏");
  bad->amount = 5000;
  bad->threshold = 3000;
  bad->valid_days = 7;
  g_assert_cmpint (hy_coupon_store_define (store, bad, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);
  bad->amount = 1000;
  bad->valid_days = 0;
  g_assert_cmpint (hy_coupon_store_define (store, bad, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);
  bad->kind = HY_COUPON_PERCENT_OFF;
  bad->percent = 100;
  bad->valid_days = 7;
  g_assert_cmpint (hy_coupon_store_define (store, bad, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);

  g_free (once->name);
  once->name = g_strdup ("新客立减");
  once->kind = HY_COUPON_AMOUNT_OFF;
  once->amount = 500;
  once->valid_days = 7;
  once->per_member_limit = 1;
  id = hy_coupon_store_define (store, once, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hy_coupon_store_define (store, once, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_CONFLICT);
  g_clear_error (&error);

  /* issued 2024-06-01 12:00: valid to the end of 2024-06-07 */
  first = hy_coupon_store_issue (store, id, both, 2, "welcome", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 2);
  coupon = first->pdata[0];
  g_assert_cmpint (coupon->member_id, ==, a);
  g_assert_cmpint (coupon->valid_from, ==, hy_test_local_time (fixture->db, "2024-06-01 12:00"));
  g_assert_cmpint (coupon->valid_until, ==, hy_test_local_time (fixture->db, "2024-06-08 00:00"));
  g_assert_cmpint (strlen (coupon->code), ==, 11);
  {
    g_autofree char *digits = g_strndup (coupon->code, 10);

    g_assert_cmpint (hy_coupon_code_check_digit (digits), ==, coupon->code[10]);
  }
  g_assert_cmpstr (((HyCoupon *) first->pdata[1])->code, !=, coupon->code);

  /* a replay gives the same coupons and writes nothing */
  replay = hy_coupon_store_issue (store, id, both, 2, "welcome", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((HyCoupon *) replay->pdata[0])->code, ==, coupon->code);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM coupons"), ==, 2);

  /* a second one is over the limit of one: nobody gets it, not even a third member */
  {
    gint64 c = hy_test_add_member (fixture, "丙", "13700000003");
    gint64 three[] = { c, a };

    again = hy_coupon_store_issue (store, id, three, 2, "welcome-2", &error);
    g_assert_null (again);
    g_assert_error (error, HY_ERROR, HY_ERROR_CONFLICT);
    g_clear_error (&error);
    g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM coupons"), ==, 2);
  }
}

static void
test_coupons_threshold_exactly (HyTestFixture *fixture,
                                gconstpointer  data)
{
  g_autoptr(HyCheckout) co = hy_checkout_new (fixture->db);
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_auto(HyReceipt) below = { 0 };
  g_auto(HyReceipt) exact = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 member = hy_test_add_member (fixture, "王", "13700000010");
  gint64 tmpl = define (fixture, "满100减20", HY_COUPON_THRESHOLD_OFF, 2000, 10000, 0, FALSE, NULL);
  g_autofree char *code = issue (fixture, tmpl, member, "k1");
  const char *codes[] = { code, NULL };
  HyCheckoutRequest short_of = { .member_id = member, .amount = 9999, .best_coupons = TRUE, .idempotency_key = "s1" };
  HyCheckoutRequest at_threshold = { .member_id = member, .amount = 10000, .coupon_codes = codes, .idempotency_key = "s2" };
  g_autoptr(GPtrArray) entries = NULL;

  /* 99.99: the coupon is shown with its reason and not used */
  g_assert_true (hy_checkout_run (co, &short_of, &below, &error));
  g_assert_no_error (error);
  g_assert_cmpint (below.coupon_saved, ==, 0);
  g_assert_cmpint (below.due, ==, 9999);
  g_assert_cmpuint (below.coupons->len, ==, 1);
  g_assert_false (find_use (&below, code)->applied);
  g_assert_cmpstr (find_use (&below, code)->reason, ==, "It needs 100.00 in scope and the order has 99.99");

  /* exactly 100.00: 20.00 off, 80.00 due, 8 points earned on the 80.00 */
  g_assert_true (hy_checkout_run (co, &at_threshold, &exact, &error));
  g_assert_no_error (error);
  g_assert_cmpint (exact.gross, ==, 10000);
  g_assert_cmpint (exact.coupon_saved, ==, 2000);
  g_assert_cmpint (exact.due, ==, 8000);
  g_assert_cmpint (exact.paid, ==, 8000);
  g_assert_cmpint (exact.points_earned, ==, 8);
  g_assert_true (find_use (&exact, code)->applied);
  g_assert_cmpint (find_use (&exact, code)->saving, ==, 2000);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT discount FROM transactions ORDER BY id DESC"), ==, 2000);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT net FROM transactions ORDER BY id DESC"), ==, 8000);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT state FROM coupons"), ==, HY_COUPON_REDEEMED);

  entries = hy_points_ledger_list_entries (points, member, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpint (((HyPointsEntry *) entries->pdata[0])->points, ==, 9);
  g_assert_cmpint (((HyPointsEntry *) entries->pdata[1])->points, ==, 8);

  /* the coupon is single use */
  {
    g_auto(HyReceipt) twice = { 0 };
    HyCheckoutRequest again = at_threshold;

    again.idempotency_key = "s3";
    g_assert_false (hy_checkout_run (co, &again, &twice, &error));
    g_assert_error (error, HY_ERROR, HY_ERROR_CONFLICT);
    g_assert_nonnull (strstr (error->message, "already used on sale"));
    g_clear_error (&error);
  }

  /* a replay of s2 shows the coupon it used */
  {
    g_auto(HyReceipt) replay = { 0 };

    g_assert_true (hy_checkout_run (co, &at_threshold, &replay, &error));
    g_assert_true (replay.replayed);
    g_assert_cmpint (replay.coupon_saved, ==, 2000);
    g_assert_cmpint (replay.due, ==, 8000);
    g_assert_cmpuint (replay.coupons->len, ==, 1);
    g_assert_cmpstr (find_use (&replay, code)->name, ==, "满100减20");
  }
  assert_check_clean (fixture->db);

  /* check notices a coupon given back behind the ledgers' back */
  {
    g_autoptr(HyCheckReport) report = NULL;
    g_autofree char *expected = g_strdup_printf ("coupon %s is not redeemed but its redemptions say otherwise", code);

    g_assert_cmpint (sqlite3_exec (_hy_database_get_handle (fixture->db),
                                   "UPDATE coupons SET state = 0, transaction_id = NULL, saving = 0",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    g_assert_true (hy_database_check (fixture->db, HY_CHECK_DEFAULT, &report, NULL, NULL, NULL, &error));
    g_assert_cmpuint (report->n_problems, ==, 1);
    g_assert_cmpstr (((HyCheckProblem *) report->problems->pdata[0])->message, ==, expected);
  }
}

static void
test_coupons_percent_rounding (HyTestFixture *fixture,
                               gconstpointer  data)
{
  g_autoptr(HyCheckout) co = hy_checkout_new (fixture->db);
  g_autoptr(GError) error = NULL;
  gint64 member = hy_test_add_member (fixture, "李", "13700000020");
  gint64 eighty = define (fixture, "8折", HY_COUPON_PERCENT_OFF, 0, 0, 20, FALSE, NULL);
  gint64 fifteen = define (fixture, "85折", HY_COUPON_PERCENT_OFF, 0, 0, 15, FALSE, NULL);
  g_autofree char *c1 = issue (fixture, eighty, member, "p1");
  g_autofree char *c2 = issue (fixture, fifteen, member, "p2");
  const char *codes1[] = { c1, NULL };
  const char *codes2[] = { c2, NULL };
  HyCheckoutRequest r1 = { .member_id = member, .amount = 3333, .coupon_codes = codes1, .idempotency_key = "r1" };
  HyCheckoutRequest r2 = { .member_id = member, .amount = 99, .coupon_codes = codes2, .idempotency_key = "r2" };
  g_auto(HyReceipt) a = { 0 };
  g_auto(HyReceipt) b = { 0 };

  /* 20% of 33.33 is 6.666: rounded down to 6.66, so 26.67 is due */
  g_assert_true (hy_checkout_run (co, &r1, &a, &error));
  g_assert_no_error (error);
  g_assert_cmpint (a.coupon_saved, ==, 666);
  g_assert_cmpint (a.due, ==, 2667);

  /* 15% of 0.99 is 0.1485: 0.14 */
  g_assert_true (hy_checkout_run (co, &r2, &b, &error));
  g_assert_no_error (error);
  g_assert_cmpint (b.coupon_saved, ==, 14);
  g_assert_cmpint (b.due, ==, 85);
  assert_check_clean (fixture->db);
}

static void
test_coupons_stacking (HyTestFixture *fixture,
                       gconstpointer  data)
{
  g_autoptr(HyCheckout) co = hy_checkout_new (fixture->db);
  g_autoptr(GError) error = NULL;
  gint64 member = hy_test_add_member (fixture, "赵", "13700000030");
  gint64 t_excl = define (fixture, "满100减30", HY_COUPON_THRESHOLD_OFF, 3000, 10000, 0, FALSE, NULL);
  gint64 t_stack = define (fixture, "满100减20", HY_COUPON_THRESHOLD_OFF, 2000, 10000, 0, TRUE, NULL);
  gint64 t_pct = define (fixture, "9折", HY_COUPON_PERCENT_OFF, 0, 0, 10, TRUE, NULL);
  g_autofree char *excl = issue (fixture, t_excl, member, "e");
  g_autofree char *stack = issue (fixture, t_stack, member, "s");
  g_autofree char *stack2 = issue (fixture, t_stack, member, "s2");
  g_autofree char *pct = issue (fixture, t_pct, member, "p");
  HyCheckoutRequest request = { .member_id = member, .best_coupons = TRUE };
  const char *conflict[] = { excl, pct, NULL };
  const char *same_template[] = { stack, stack2, NULL };

  /* 150.00: 20.00 + 15.00 stacked beat 30.00 alone */
  {
    g_auto(HyReceipt) r = { 0 };

    request.amount = 15000;
    g_assert_true (hy_checkout_preview (co, &request, &r, &error));
    g_assert_no_error (error);
    g_assert_cmpint (r.coupon_saved, ==, 3500);
    g_assert_cmpint (r.due, ==, 11500);
    g_assert_cmpint (find_use (&r, stack)->saving, ==, 2000);
    g_assert_cmpint (find_use (&r, pct)->saving, ==, 1500);
    g_assert_false (find_use (&r, excl)->applied);
    g_assert_cmpstr (find_use (&r, excl)->reason, ==,
                     "It cannot be combined with other coupons, and alone it saves 30.00 against 35.00");
    g_assert_false (find_use (&r, stack2)->applied);
    g_assert_cmpstr (find_use (&r, stack2)->reason, ==, "Only one coupon of “满100减20” per order");
  }

  /* 100.00, exactly at both thresholds: 20.00 + 10.00 tie with 30.00; the one coupon wins */
  {
    g_auto(HyReceipt) r = { 0 };

    request.amount = 10000;
    g_assert_true (hy_checkout_preview (co, &request, &r, &error));
    g_assert_no_error (error);
    g_assert_cmpint (r.coupon_saved, ==, 3000);
    g_assert_true (find_use (&r, excl)->applied);
    g_assert_cmpstr (find_use (&r, pct)->reason, ==,
                     "It cannot be combined with an exclusive coupon that saves more (30.00 against 10.00)");
  }

  /* 99.00: only the 10% applies */
  {
    g_auto(HyReceipt) r = { 0 };

    request.amount = 9900;
    g_assert_true (hy_checkout_preview (co, &request, &r, &error));
    g_assert_cmpint (r.coupon_saved, ==, 990);
    g_assert_true (find_use (&r, pct)->applied);
    g_assert_cmpstr (find_use (&r, excl)->reason, ==, "It needs 100.00 in scope and the order has 99.00");
  }

  /* a preview writes nothing */
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transactions"), ==, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM coupons WHERE state = 0"), ==, 4);

  /* asked for by code: an exclusive coupon with another fails, as do two of one template */
  {
    g_auto(HyReceipt) r = { 0 };
    HyCheckoutRequest by_code = { .member_id = member, .amount = 20000, .coupon_codes = conflict, .idempotency_key = "c1" };

    g_assert_false (hy_checkout_run (co, &by_code, &r, &error));
    g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "cannot be combined"));
    g_clear_error (&error);
    by_code.coupon_codes = same_template;
    g_assert_false (hy_checkout_run (co, &by_code, &r, &error));
    g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "only one coupon of"));
    g_clear_error (&error);
    g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transactions"), ==, 0);
  }
}

static void
test_coupons_category_and_cap (HyTestFixture *fixture,
                               gconstpointer  data)
{
  g_autoptr(HyCheckout) co = hy_checkout_new (fixture->db);
  g_autoptr(GError) error = NULL;
  gint64 member = hy_test_add_member (fixture, "孙", "13700000040");
  gint64 t_drink = define (fixture, "饮料9折", HY_COUPON_PERCENT_OFF, 0, 0, 10, TRUE, "饮料");
  gint64 t_gift = define (fixture, "赠饮", HY_COUPON_GIFT, 500, 0, 0, TRUE, "饮料");
  gint64 t_big = define (fixture, "立减50", HY_COUPON_AMOUNT_OFF, 5000, 0, 0, TRUE, NULL);
  g_autofree char *drink = issue (fixture, t_drink, member, "d");
  g_autofree char *gift = issue (fixture, t_gift, member, "g");
  g_autofree char *big = issue (fixture, t_big, member, "b");
  const HyCheckoutLine lines[] = {
    { .sku = "F1", .category = "食品", .quantity = 1, .unit_price = 2000 },
    { .sku = "D1", .category = "饮料", .quantity = 3, .unit_price = 400 },
  };
  HyCheckoutRequest request = {
    .member_id = member, .lines = lines, .n_lines = 2, .best_coupons = TRUE, .idempotency_key = "cat",
  };
  g_auto(HyReceipt) r = { 0 };

  /* 32.00 due: 50.00 off takes it all; the 饮料 coupons find nothing left */
  g_assert_true (hy_checkout_preview (co, &request, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpint (r.gross, ==, 3200);
  g_assert_cmpint (r.coupon_saved, ==, 3200);
  g_assert_cmpint (r.due, ==, 0);
  g_assert_cmpint (find_use (&r, big)->saving, ==, 3200);
  g_assert_cmpstr (find_use (&r, drink)->reason, ==, "The other coupons already take off all that is due");

  /* without the big one: the gift takes one 饮料 (4.00), 10% of 12.00 is 1.20 */
  {
    g_autoptr(HyCouponStore) store = hy_coupon_store_new (fixture->db);
    g_auto(HyReceipt) r2 = { 0 };

    g_assert_true (hy_coupon_store_void (store, big, "发错了", &error));
    g_assert_no_error (error);
    g_assert_true (hy_checkout_run (co, &request, &r2, &error));
    g_assert_no_error (error);
    g_assert_cmpint (r2.coupon_saved, ==, 520);
    g_assert_cmpint (find_use (&r2, gift)->saving, ==, 400);
    g_assert_cmpint (find_use (&r2, drink)->saving, ==, 120);
    g_assert_cmpint (r2.due, ==, 2680);
    g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT sum (saving) FROM coupon_redemptions"), ==, 520);
  }
  assert_check_clean (fixture->db);
}

static void
test_coupons_void (HyTestFixture *fixture,
                   gconstpointer  data)
{
  g_autoptr(HyCouponStore) store = hy_coupon_store_new (fixture->db);
  g_autoptr(HyCheckout) co = hy_checkout_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(HyCoupon) found = NULL;
  gint64 member = hy_test_add_member (fixture, "周", "13700000050");
  gint64 tmpl = define (fixture, "立减5", HY_COUPON_AMOUNT_OFF, 500, 0, 0, FALSE, NULL);
  g_autofree char *code = issue (fixture, tmpl, member, "v");
  const char *codes[] = { code, NULL };
  HyCheckoutRequest request = { .member_id = member, .amount = 1000, .coupon_codes = codes, .idempotency_key = "v1" };
  g_auto(HyReceipt) r = { 0 };

  g_assert_false (hy_coupon_store_void (store, code, "", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (hy_coupon_store_void (store, code, "顾客投诉后补发", &error));
  g_assert_no_error (error);
  g_assert_false (hy_coupon_store_void (store, code, "again", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_CONFLICT);
  g_clear_error (&error);

  found = hy_coupon_store_find_code (store, code, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->state, ==, HY_COUPON_VOID);
  g_assert_cmpstr (found->void_reason, ==, "顾客投诉后补发");

  g_assert_false (hy_checkout_run (co, &request, &r, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "It was voided: 顾客投诉后补发"));
  g_clear_error (&error);

  audit = hy_audit_log_list (fixture->db, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);
  g_assert_cmpstr (((HyAuditEntry *) audit->pdata[0])->action, ==, "coupon.void");
  g_assert_cmpstr (((HyAuditEntry *) audit->pdata[0])->reason, ==, "顾客投诉后补发");
}

static void
test_coupons_refund_restores (HyTestFixture *fixture,
                              gconstpointer  data)
{
  g_autoptr(HyCheckout) co = hy_checkout_new (fixture->db);
  g_autoptr(GError) error = NULL;
  gint64 member = hy_test_add_member (fixture, "吴", "13700000060");
  gint64 tmpl = define (fixture, "满100减20", HY_COUPON_THRESHOLD_OFF, 2000, 10000, 0, FALSE, NULL);
  g_autofree char *code = issue (fixture, tmpl, member, "r1");
  g_autofree char *code2 = issue (fixture, tmpl, member, "r2");
  const char *codes[] = { code, NULL };
  const char *codes2[] = { code2, NULL };
  HyCheckoutRequest sale = { .member_id = member, .amount = 12000, .coupon_codes = codes, .idempotency_key = "sale" };
  g_auto(HyReceipt) r = { 0 };
  HyRefundReceipt part = { 0 }, rest = { 0 };

  g_assert_true (hy_checkout_run (co, &sale, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpint (r.due, ==, 10000);

  /* half of the 100.00 paid: 60.00 of goods less 10.00 of the coupon; the coupon stays used */
  {
    HyCheckoutRefund refund = { .sale_id = r.transaction_id, .amount = 5000, .reason = "退一半", .idempotency_key = "ref1" };

    g_assert_true (hy_checkout_refund (co, &refund, &part, &error));
    g_assert_no_error (error);
    g_assert_cmpint (part.amount, ==, 5000);
    g_assert_cmpint (part.paid_back, ==, 5000);
    g_assert_cmpint (part.coupons_restored, ==, 0);
    g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT discount FROM transactions ORDER BY id DESC"), ==, -1000);
    g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT state FROM coupons WHERE id = 1"), ==, HY_COUPON_REDEEMED);
  }

  /* the rest: the coupon is usable again, as if the sale had never been */
  {
    HyCheckoutRefund refund = { .sale_id = r.transaction_id, .reason = "全退", .idempotency_key = "ref2" };
    HyRefundReceipt replay = { 0 };

    g_assert_true (hy_checkout_refund (co, &refund, &rest, &error));
    g_assert_no_error (error);
    g_assert_cmpint (rest.amount, ==, 5000);
    g_assert_cmpint (rest.coupons_restored, ==, 1);
    g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT state FROM coupons WHERE id = 1"), ==, HY_COUPON_ISSUED);
    g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT sum (discount) FROM transactions"), ==, 0);
    g_assert_true (hy_checkout_refund (co, &refund, &replay, &error));
    g_assert_true (replay.replayed);
    g_assert_cmpint (replay.coupons_restored, ==, 1);
  }

  /* with coupons.restore_on_refund = 0 a full refund keeps the coupon used */
  {
    HyCheckoutRequest sale2 = { .member_id = member, .amount = 10000, .coupon_codes = codes2, .idempotency_key = "sale2" };
    HyCheckoutRefund refund = { .sale_id = 0, .reason = "全退", .idempotency_key = "ref3" };
    g_auto(HyReceipt) r2 = { 0 };
    HyRefundReceipt none = { 0 };

    g_assert_true (hy_database_set_setting (fixture->db, "coupons.restore_on_refund", "0", &error));
    g_assert_true (hy_checkout_run (co, &sale2, &r2, &error));
    g_assert_no_error (error);
    refund.sale_id = r2.transaction_id;
    g_assert_true (hy_checkout_refund (co, &refund, &none, &error));
    g_assert_no_error (error);
    g_assert_cmpint (none.amount, ==, 8000);
    g_assert_cmpint (none.coupons_restored, ==, 0);
    g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT state FROM coupons WHERE id = 2"), ==, HY_COUPON_REDEEMED);
  }
  assert_check_clean (fixture->db);
}

/* The helper run by test_coupons_two_processes: one checkout with the coupon. */
static int
redeem_helper (const char *path,
               gint64      member,
               const char *code,
               const char *key,
               gint64      now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HyDatabase) db = hy_database_open (path, HY_DATABASE_OPEN_DEFAULT, &error);
  g_autoptr(HyCheckout) co = NULL;
  g_auto(HyReceipt) r = { 0 };
  const char *codes[] = { code, NULL };
  HyCheckoutRequest request = { .member_id = member, .amount = 10000, .coupon_codes = codes, .idempotency_key = key };

  if (db == NULL)
    return 3;
  hy_time_set_now (now);
  co = hy_checkout_new (db);
  if (hy_checkout_run (co, &request, &r, &error))
    g_print ("ok %lld\n", (long long) r.coupon_saved);
  else if (g_error_matches (error, HY_ERROR, HY_ERROR_CONFLICT))
    g_print ("taken\n");
  else
    {
      g_printerr ("%s\n", error->message);
      return 4;
    }
  return 0;
}

static void
test_coupons_two_processes (HyTestFixture *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", &error);
  gint64 member = hy_test_add_member (fixture, "郑", "13700000070");
  gint64 tmpl = define (fixture, "满100减20", HY_COUPON_THRESHOLD_OFF, 2000, 10000, 0, FALSE, NULL);
  g_autofree char *code = issue (fixture, tmpl, member, "race");
  g_autofree char *member_text = g_strdup_printf ("%lld", (long long) member);
  g_autofree char *now_text = g_strdup_printf ("%lld", (long long) hy_time_now ());
  guint ok = 0, taken = 0;

  g_assert_no_error (error);
  for (guint round = 0; round < 3; round++)
    {
      GSubprocess *children[2];
      g_autofree char *round_code = round == 0 ? g_strdup (code) : issue (fixture, tmpl, member, round == 1 ? "race1" : "race2");

      for (guint i = 0; i < 2; i++)
        {
          g_autofree char *key = g_strdup_printf ("till%u-%u", i, round);

          children[i] = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, self_exe, "--redeem-helper",
                                          fixture->path, member_text, round_code, key, now_text, NULL);
          g_assert_no_error (error);
        }
      for (guint i = 0; i < 2; i++)
        {
          g_autofree char *out = NULL;

          g_subprocess_communicate_utf8 (children[i], NULL, NULL, &out, NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpint (g_subprocess_get_exit_status (children[i]), ==, 0);
          if (g_str_equal (out, "ok 2000\n"))
            ok++;
          else
            {
              g_assert_cmpstr (out, ==, "taken\n");
              taken++;
            }
          g_object_unref (children[i]);
        }
    }

  /* three coupons, six tills: each coupon went exactly once */
  g_assert_cmpuint (ok, ==, 3);
  g_assert_cmpuint (taken, ==, 3);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transactions"), ==, 3);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM coupon_redemptions"), ==, 3);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM coupons WHERE state = 1"), ==, 3);
  assert_check_clean (fixture->db);
}

static void
test_coupons_edit_and_counts (HyTestFixture *fixture,
                              gconstpointer  data)
{
  g_autoptr(HyCouponStore) store = hy_coupon_store_new (fixture->db);
  g_autoptr(HyCouponTemplate) tmpl = NULL;
  g_autoptr(HyCouponTemplate) other = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gint64 member = hy_test_add_member (fixture, "券", "13700000021");
  gint64 id = define (fixture, "满100减20", HY_COUPON_THRESHOLD_OFF, 2000, 10000, 0, FALSE, NULL);
  gint64 unused = define (fixture, "九折", HY_COUPON_PERCENT_OFF, 0, 0, 10, FALSE, NULL);

  /* Unissued: any field may change, and is checked as a new template is. */
  tmpl = hy_coupon_store_find_template (store, "满100减20", &error);
  g_assert_no_error (error);
  tmpl->amount = 3000;
  tmpl->valid_days = 60;
  g_assert_true (hy_coupon_store_update_template (store, tmpl, &error));
  g_assert_no_error (error);
  tmpl->amount = 20000;
  g_assert_false (hy_coupon_store_update_template (store, tmpl, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);
  tmpl->amount = 3000;
  g_free (tmpl->name);
  tmpl->name = g_strdup ("九折");
  g_assert_false (hy_coupon_store_update_template (store, tmpl, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_CONFLICT);
  g_clear_error (&error);
  g_free (tmpl->name);
  tmpl->name = g_strdup ("满100减30");

  /* Issued: the name, validity and limit may change, the terms may not. */
  first = issue (fixture, id, member, "edit-1");
  second = issue (fixture, id, member, "edit-2");
  tmpl->valid_days = 90;
  tmpl->per_member_limit = 5;
  g_assert_true (hy_coupon_store_update_template (store, tmpl, &error));
  g_assert_no_error (error);
  other = hy_coupon_store_find_template (store, "满100减30", &error);
  g_assert_no_error (error);
  g_assert_cmpint (other->id, ==, id);
  g_assert_cmpint (other->amount, ==, 3000);
  g_assert_cmpint (other->valid_days, ==, 90);
  g_assert_cmpint (other->per_member_limit, ==, 5);
  tmpl->amount = 5000;
  g_assert_false (hy_coupon_store_update_template (store, tmpl, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "2 coupons"));
  g_clear_error (&error);
  tmpl->amount = 3000;
  tmpl->stackable = TRUE;
  g_assert_false (hy_coupon_store_update_template (store, tmpl, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Counts per template, in the templates' order, with the unissued one at 0. */
  g_assert_true (hy_coupon_store_void (store, second, "印错", &error));
  g_assert_no_error (error);
  {
    g_autoptr(HyCheckout) co = hy_checkout_new (fixture->db);
    g_auto(HyReceipt) receipt = { 0 };
    const char *codes[] = { first, NULL };
    HyCheckoutRequest sale = { .member_id = member, .amount = 10000, .coupon_codes = codes, .idempotency_key = "edit-sale" };

    g_assert_true (hy_checkout_run (co, &sale, &receipt, &error));
    g_assert_no_error (error);
    g_assert_cmpint (receipt.coupon_saved, ==, 3000);
  }
  counts = hy_coupon_store_count_by_template (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts->len, ==, 2);
  g_assert_cmpint (g_array_index (counts, HyCouponCounts, 0).template_id, ==, id);
  g_assert_cmpint (g_array_index (counts, HyCouponCounts, 0).issued, ==, 2);
  g_assert_cmpint (g_array_index (counts, HyCouponCounts, 0).redeemed, ==, 1);
  g_assert_cmpint (g_array_index (counts, HyCouponCounts, 0).voided, ==, 1);
  g_assert_cmpint (g_array_index (counts, HyCouponCounts, 1).template_id, ==, unused);
  g_assert_cmpint (g_array_index (counts, HyCouponCounts, 1).issued, ==, 0);
  assert_check_clean (fixture->db);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 7 && g_str_equal (argv[1], "--redeem-helper"))
    return redeem_helper (argv[2], g_ascii_strtoll (argv[3], NULL, 10), argv[4], argv[5],
                          g_ascii_strtoll (argv[6], NULL, 10));

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/coupons/code-check-digit", test_coupons_code_check_digit);
  HY_TEST_ADD ("/core/coupons/templates-and-issue", test_coupons_templates_and_issue);
  HY_TEST_ADD ("/core/coupons/threshold-exactly", test_coupons_threshold_exactly);
  HY_TEST_ADD ("/core/coupons/percent-rounding", test_coupons_percent_rounding);
  HY_TEST_ADD ("/core/coupons/stacking", test_coupons_stacking);
  HY_TEST_ADD ("/core/coupons/category-and-cap", test_coupons_category_and_cap);
  HY_TEST_ADD ("/core/coupons/void", test_coupons_void);
  HY_TEST_ADD ("/core/coupons/edit-and-counts", test_coupons_edit_and_counts);
  HY_TEST_ADD ("/core/coupons/refund-restores", test_coupons_refund_restores);
  HY_TEST_ADD ("/core/coupons/two-processes", test_coupons_two_processes);
  return g_test_run ();
}
