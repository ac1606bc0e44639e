/* test-purchases.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "hy-error.h"
#include "hy-test-util.h"

static HyMemberStats
stats_of (HyTestFixture *fixture,
          gint64         member_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HyMember) member = hy_member_store_load (fixture->members, member_id, &error);

  g_assert_no_error (error);
  hy_test_assert_stats_consistent (fixture, member_id);
  return *hy_member_get_stats (member);
}

static void
test_purchases_items_and_payments (HyTestFixture *fixture,
                                   gconstpointer  data)
{
  const HyLineItem items[] = {
    { .sku = "A100", .name = "玫瑰精油", .category = "护肤", .quantity = 2, .unit_price = 12850 },
    { .sku = "B200", .name = "面膜", .category = "护肤", .quantity = 1.5, .unit_price = 333 },  /* 499.5 -> 500 */
  };
  const HyPayment payments[] = { { "wechat", 20000 }, { "cash", 5700 } };
  g_autoptr(HyTransaction) t = NULL;
  g_autoptr(GError) error = NULL;
  gint64 member = hy_test_add_member (fixture, "张三", "13800138000");
  HySale sale = {
    .member_id = member,
    .occurred_at = hy_test_local_time (fixture->db, "2024-05-01 14:30"),
    .discount = 500,
    .items = items, .n_items = G_N_ELEMENTS (items),
    .payments = payments, .n_payments = G_N_ELEMENTS (payments),
    .channel = "store",
  };
  gint64 id;

  id = hy_purchase_store_record_sale (fixture->purchases, &sale, NULL, &error);
  g_assert_no_error (error);
  t = hy_purchase_store_load (fixture->purchases, id, &error);
  g_assert_cmpint (t->gross, ==, 26200);
  g_assert_cmpint (t->discount, ==, 500);
  g_assert_cmpint (t->net, ==, 25700);
  g_assert_cmpfloat (t->quantity, ==, 3.5);
  g_assert_cmpint (t->store_id, ==, hy_database_get_default_store (fixture->db));
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT sum (amount) FROM transaction_items"), ==, 26200);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT amount FROM transaction_items WHERE line = 2"), ==, 500);

  /* payments that do not add up are refused, and nothing is written */
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transactions"), ==, 1);
}

static void
test_purchases_validation (HyTestFixture *fixture,
                           gconstpointer  data)
{
  const HyLineItem items[] = { { .sku = "A", .quantity = 1, .unit_price = 1000 } };
  const HyLineItem bad_qty[] = { { .sku = "A", .quantity = 0, .unit_price = 1000 } };
  const HyPayment short_pay[] = { { "cash", 900 } };
  g_autoptr(GError) error = NULL;
  struct {
    HySale sale;
    int code;
    const char *message;
  } cases[] = {
    { { .gross = -100 }, HY_ERROR_INVALID, "negative" },
    { { .gross = 100, .discount = 200 }, HY_ERROR_INVALID, "larger than the amount" },
    { { .items = items, .n_items = 1, .gross = 999 }, HY_ERROR_INVALID, "add up to 1000" },
    { { .items = bad_qty, .n_items = 1 }, HY_ERROR_INVALID, "Line 1" },
    { { .items = items, .n_items = 1, .payments = short_pay, .n_payments = 1 }, HY_ERROR_INVALID, "payments add up to 900" },
    { { .gross = 100, .member_id = 4242 }, HY_ERROR_NOT_FOUND, "no member #4242" },
    { { .gross = 100, .store_id = 99 }, HY_ERROR_NOT_FOUND, "no store #99" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 id = hy_purchase_store_record_sale (fixture->purchases, &cases[i].sale, NULL, &error);

      g_assert_cmpint (id, ==, -1);
      g_assert_error (error, HY_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].message));
      g_clear_error (&error);
    }

  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transactions"), ==, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM change_log WHERE entity = 2"), ==, 0);
}

static void
test_purchases_aggregates (HyTestFixture *fixture,
                           gconstpointer  data)
{
  gint64 member = hy_test_add_member (fixture, "李四", "13900139000");
  HyMemberStats s;

  hy_test_sell (fixture, member, "2024-03-10 23:30", 1000);
  hy_test_sell (fixture, member, "2024-03-11 00:30", 2000);  /* next local day, same UTC day */
  hy_test_sell (fixture, member, "2024-03-11 19:00", 3000);  /* same local day as the last */
  hy_test_sell (fixture, member, "2024-01-05 10:00", 500);   /* out of order: a new first */
  hy_test_sell (fixture, member, "2024-02-01 10:00", 700);   /* between first and last */
  hy_test_sell (fixture, member, "2024-03-10 08:00", 100);   /* between, on a day already seen */

  s = stats_of (fixture, member);
  g_assert_cmpint (s.purchase_count, ==, 6);
  g_assert_cmpint (s.purchase_days, ==, 4);
  g_assert_cmpint (s.sales_total, ==, 7300);
  g_assert_cmpint (s.net_spend, ==, 7300);
  g_assert_cmpint (s.first_purchase_at, ==, hy_test_local_time (fixture->db, "2024-01-05 10:00"));
  g_assert_cmpint (s.last_purchase_at, ==, hy_test_local_time (fixture->db, "2024-03-11 19:00"));
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM change_log WHERE entity = 2"), ==, 6);
}

static void
test_purchases_walk_in (HyTestFixture *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HySale sale = { .gross = 4200 };
  gint64 id = hy_purchase_store_record_sale (fixture->purchases, &sale, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transactions WHERE member_id IS NULL"), ==, 1);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT occurred_at FROM transactions"), ==,
                   hy_test_local_time (fixture->db, "2024-06-01 12:00"));
}

static void
test_purchases_idempotent (HyTestFixture *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 member = hy_test_add_member (fixture, "王五", "13700137000");
  HySale sale = { .member_id = member, .gross = 9900, .idempotency_key = "till-1/000017" };
  gboolean replayed = TRUE;
  gint64 first, second;

  first = hy_purchase_store_record_sale (fixture->purchases, &sale, &replayed, &error);
  g_assert_no_error (error);
  g_assert_false (replayed);
  second = hy_purchase_store_record_sale (fixture->purchases, &sale, &replayed, &error);
  g_assert_no_error (error);
  g_assert_true (replayed);
  g_assert_cmpint (first, ==, second);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transactions"), ==, 1);
  g_assert_cmpint (stats_of (fixture, member).net_spend, ==, 9900);
}

static void
test_purchases_partial_refund (HyTestFixture *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HyTransaction) refund_row = NULL;
  gint64 member = hy_test_add_member (fixture, "赵六", "13600136000");
  HySale sale = {
    .member_id = member, .gross = 10000, .discount = 1000, .quantity = 3,
    .occurred_at = hy_test_local_time (fixture->db, "2024-05-01 10:00"),
  };
  HyRefund refund = { .amount = 3000, .reason = "尺码不合适", .idempotency_key = "r1" };
  gint64 sale_id, refund_id;
  gboolean replayed;
  HyMemberStats s;

  sale_id = hy_purchase_store_record_sale (fixture->purchases, &sale, NULL, &error);
  refund.sale_id = sale_id;
  refund_id = hy_purchase_store_refund (fixture->purchases, &refund, &replayed, &error);
  g_assert_no_error (error);
  g_assert_false (replayed);

  refund_row = hy_purchase_store_load (fixture->purchases, refund_id, &error);
  g_assert_cmpint (refund_row->kind, ==, HY_TRANSACTION_REFUND);
  g_assert_cmpint (refund_row->net, ==, -3000);
  g_assert_cmpint (refund_row->discount, ==, -333);      /* 1000 x 3000 / 9000 */
  g_assert_cmpint (refund_row->gross, ==, -3333);
  g_assert_cmpint (refund_row->refund_of, ==, sale_id);
  g_assert_cmpstr (refund_row->note, ==, "尺码不合适");
  g_assert_cmpint (hy_purchase_store_get_refundable (fixture->purchases, sale_id, &error), ==, 6000);

  /* replayed: nothing new */
  g_assert_cmpint (hy_purchase_store_refund (fixture->purchases, &refund, &replayed, &error), ==, refund_id);
  g_assert_true (replayed);

  s = stats_of (fixture, member);
  g_assert_cmpint (s.purchase_count, ==, 1);   /* still a purchase */
  g_assert_cmpint (s.refund_count, ==, 1);
  g_assert_cmpint (s.refund_total, ==, 3000);
  g_assert_cmpint (s.net_spend, ==, 6000);

  /* more than is left: refused, nothing written */
  refund = (HyRefund) { .sale_id = sale_id, .amount = 6001 };
  g_assert_cmpint (hy_purchase_store_refund (fixture->purchases, &refund, NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "60.00"));
  g_clear_error (&error);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transactions"), ==, 2);

  /* the rest: the discount and units come back exactly */
  refund = (HyRefund) { .sale_id = sale_id };
  g_assert_cmpint (hy_purchase_store_refund (fixture->purchases, &refund, NULL, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT sum (net) FROM transactions"), ==, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT sum (discount) FROM transactions"), ==, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT sum (gross) FROM transactions"), ==, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT sum (quantity) FROM transactions"), ==, 0);

  s = stats_of (fixture, member);
  g_assert_cmpint (s.purchase_count, ==, 0);   /* refunded in full: no longer a purchase */
  g_assert_cmpint (s.purchase_days, ==, 0);
  g_assert_cmpint (s.first_purchase_at, ==, 0);
  g_assert_cmpint (s.net_spend, ==, 0);
  g_assert_cmpint (s.refund_count, ==, 2);

  g_assert_cmpint (hy_purchase_store_refund (fixture->purchases, &refund, NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_CONFLICT);
}

static void
test_purchases_refund_by_lines (HyTestFixture *fixture,
                                gconstpointer  data)
{
  const HyLineItem items[] = {
    { .sku = "X", .category = "烘焙", .quantity = 3, .unit_price = 1000 },   /* 3 x 10.00 */
    { .sku = "Y", .category = "饮品", .quantity = 1, .unit_price = 1000 },
  };
  const HyRefundLine one_x[] = { { 1, 1 } };
  const HyRefundLine too_many[] = { { 1, 3 } };
  const HyRefundLine no_line[] = { { 7, 1 } };
  g_autoptr(GError) error = NULL;
  gint64 member = hy_test_add_member (fixture, "钱七", "13500135000");
  HySale sale = { .member_id = member, .items = items, .n_items = 2, .discount = 1000 };
  HyRefund refund = { 0 };
  gint64 sale_id;

  sale_id = hy_purchase_store_record_sale (fixture->purchases, &sale, NULL, &error);
  g_assert_no_error (error);
  refund.sale_id = sale_id;

  /* one of three X three times: 1000 each of gross, 250 each of discount back, the last exact */
  for (guint i = 0; i < 3; i++)
    {
      refund.lines = one_x;
      refund.n_lines = 1;
      g_assert_cmpint (hy_purchase_store_refund (fixture->purchases, &refund, NULL, &error), >, 0);
      g_assert_no_error (error);
    }
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT sum (net) FROM transactions WHERE kind = 1"), ==, -2250);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT sum (amount) FROM transaction_items WHERE line = 1"), ==, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT sum (quantity) FROM transaction_items WHERE line = 1"), ==, 0);

  refund.lines = too_many;
  g_assert_cmpint (hy_purchase_store_refund (fixture->purchases, &refund, NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);
  refund.lines = no_line;
  g_assert_cmpint (hy_purchase_store_refund (fixture->purchases, &refund, NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpint (stats_of (fixture, member).net_spend, ==, 3000 - 2250 + 0);
}

static void
test_purchases_refund_thirds_exact (HyTestFixture *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HySale sale = { .gross = 10000, .discount = 100 };
  HyRefund refund = { .amount = 3300 };
  gint64 sale_id = hy_purchase_store_record_sale (fixture->purchases, &sale, NULL, &error);

  refund.sale_id = sale_id;
  g_assert_cmpint (hy_purchase_store_refund (fixture->purchases, &refund, NULL, &error), >, 0);
  g_assert_cmpint (hy_purchase_store_refund (fixture->purchases, &refund, NULL, &error), >, 0);
  refund.amount = 0;
  g_assert_cmpint (hy_purchase_store_refund (fixture->purchases, &refund, NULL, &error), >, 0);
  g_assert_no_error (error);

  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT sum (net) FROM transactions"), ==, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT sum (discount) FROM transactions"), ==, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT min (net) FROM transactions WHERE kind = 1"), ==, -3300);
}

static void
test_purchases_refund_rules (HyTestFixture *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HySale sale = { .gross = 5000, .occurred_at = hy_test_local_time (fixture->db, "2024-05-02 10:00") };
  HyRefund refund = { 0 };
  gint64 sale_id = hy_purchase_store_record_sale (fixture->purchases, &sale, NULL, &error);
  gint64 refund_id;

  refund = (HyRefund) { .sale_id = sale_id, .occurred_at = hy_test_local_time (fixture->db, "2024-05-01 10:00") };
  g_assert_cmpint (hy_purchase_store_refund (fixture->purchases, &refund, NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);

  refund = (HyRefund) { .sale_id = 999 };
  g_assert_cmpint (hy_purchase_store_refund (fixture->purchases, &refund, NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  refund = (HyRefund) { .sale_id = sale_id, .amount = 100 };
  refund_id = hy_purchase_store_refund (fixture->purchases, &refund, NULL, &error);
  refund = (HyRefund) { .sale_id = refund_id };
  g_assert_cmpint (hy_purchase_store_refund (fixture->purchases, &refund, NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
}

static void
test_purchases_history (HyTestFixture *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 member = hy_test_add_member (fixture, "孙八", "13300133000");
  HyRefund refund = { .amount = 100 };

  hy_test_sell (fixture, member, "2024-01-01 10:00", 1000);
  refund.sale_id = hy_test_sell (fixture, member, "2024-02-01 10:00", 2000);
  hy_purchase_store_refund (fixture->purchases, &refund, NULL, &error);
  g_assert_no_error (error);

  rows = hy_purchase_store_list_for_member (fixture->purchases, member, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpint (((HyTransaction *) rows->pdata[0])->kind, ==, HY_TRANSACTION_REFUND);
  g_assert_cmpint (((HyTransaction *) rows->pdata[1])->refunded, ==, 100);
  g_assert_cmpint (((HyTransaction *) rows->pdata[2])->net, ==, 1000);
}

static void
test_money_mul_div (void)
{
  g_assert_cmpint (hy_money_mul_div (1000, 1, 3), ==, 333);
  g_assert_cmpint (hy_money_mul_div (1000, 2, 3), ==, 667);
  g_assert_cmpint (hy_money_mul_div (5, 1, 2), ==, 3);        /* half away from zero */
  g_assert_cmpint (hy_money_mul_div (-5, 1, 2), ==, -3);
  g_assert_cmpint (hy_money_mul_div (G_GINT64_CONSTANT (900000000000000), 1000, 1000), ==,
                   G_GINT64_CONSTANT (900000000000000));       /* no overflow */
  g_assert_cmpint (hy_idempotency_hash ("sale", "a", -1), !=, hy_idempotency_hash ("refund", "a", -1));
  g_assert_cmpint (hy_idempotency_hash ("sale", "a", -1), ==, hy_idempotency_hash ("sale", "a", 1));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/purchases/money-mul-div", test_money_mul_div);
  HY_TEST_ADD ("/core/purchases/items-and-payments", test_purchases_items_and_payments);
  HY_TEST_ADD ("/core/purchases/validation", test_purchases_validation);
  HY_TEST_ADD ("/core/purchases/aggregates", test_purchases_aggregates);
  HY_TEST_ADD ("/core/purchases/walk-in", test_purchases_walk_in);
  HY_TEST_ADD ("/core/purchases/idempotent", test_purchases_idempotent);
  HY_TEST_ADD ("/core/purchases/partial-refund", test_purchases_partial_refund);
  HY_TEST_ADD ("/core/purchases/refund-by-lines", test_purchases_refund_by_lines);
  HY_TEST_ADD ("/core/purchases/refund-thirds-exact", test_purchases_refund_thirds_exact);
  HY_TEST_ADD ("/core/purchases/refund-rules", test_purchases_refund_rules);
  HY_TEST_ADD ("/core/purchases/history", test_purchases_history);
  return g_test_run ();
}
