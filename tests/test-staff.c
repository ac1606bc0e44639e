/* test-staff.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "hy-audit-log.h"
#include "hy-checkout.h"
#include "hy-coupon-store.h"
#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-fraud.h"
#include "hy-points-ledger.h"
#include "hy-staff.h"
#include "hy-test-util.h"
#include "hy-time.h"

static void
at (HyTestFixture *fixture,
    const char    *when)
{
  hy_time_set_now (hy_test_local_time (fixture->db, when));
}

/* "action target staff reason;" for every entry */
static char *
audit_summary (HyDatabase *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = hy_audit_log_list (db, 0, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      HyAuditEntry *e = entries->pdata[i];

      g_string_append_printf (out, "%s %s %s %s;", e->action, e->target,
                              e->staff_name[0] != '\0' ? e->staff_name : "-", e->reason);
    }
  return g_string_free (out, FALSE);
}

static HyStaff *
add_and_verify (HyDatabase  *db,
                const char  *name,
                HyStaffRole  role,
                const char  *pin)
{
  g_autoptr(GError) error = NULL;
  HyStaff *staff;

  g_assert_cmpint (hy_staff_add (db, name, role, pin, &error), >, 0);
  g_assert_no_error (error);
  staff = hy_staff_verify (db, name, pin, &error);
  g_assert_no_error (error);
  return staff;
}

static void
test_staff_accounts (HyTestFixture *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HyStaff) manager = add_and_verify (fixture->db, "王店长", HY_STAFF_MANAGER, "8642");
  g_autoptr(HyStaff) clerk = add_and_verify (fixture->db, "小李", HY_STAFF_CLERK, "1357");
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *summary = NULL;

  g_assert_cmpint (manager->role, ==, HY_STAFF_MANAGER);
  g_assert_cmpint (clerk->role, ==, HY_STAFF_CLERK);

  /* only a salted argon2id hash is stored: two equal PINs hash apart */
  secret = g_strdup_printf ("%lld", (long long) hy_test_query_int (fixture->db,
                            "SELECT count(*) FROM staff WHERE secret LIKE '$argon2id$%' AND secret NOT LIKE '%1357%'"));
  g_assert_cmpstr (secret, ==, "2");
  g_assert_cmpint (hy_staff_add (fixture->db, "小张", HY_STAFF_CLERK, "1357", &error), >, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(DISTINCT secret) FROM staff"), ==, 3);

  g_assert_null (hy_staff_verify (fixture->db, "小李", "1358", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_null (hy_staff_verify (fixture->db, "老周", "1358", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (hy_staff_add (fixture->db, "小李", HY_STAFF_CLERK, "9999", &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (hy_staff_add (fixture->db, "小王", HY_STAFF_CLERK, "12", &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);

  /* a clerk changes their own PIN, not someone else's, and cannot add staff */
  hy_staff_sign_in (fixture->db, clerk);
  g_assert_true (hy_staff_set_secret (fixture->db, "小李", "2468", &error));
  g_assert_no_error (error);
  g_assert_false (hy_staff_set_secret (fixture->db, "小张", "2468", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_cmpint (hy_staff_add (fixture->db, "小王", HY_STAFF_CLERK, "1234", &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_null (hy_staff_verify (fixture->db, "小李", "1357", &error));
  g_clear_error (&error);

  hy_staff_sign_in (fixture->db, manager);
  g_assert_true (hy_staff_remove (fixture->db, "小张", "离职", &error));
  g_assert_no_error (error);
  list = hy_staff_list (fixture->db, FALSE, &error);
  g_assert_cmpuint (list->len, ==, 2);
  /* the name is free again once its holder left */
  g_assert_cmpint (hy_staff_add (fixture->db, "小张", HY_STAFF_CLERK, "5555", &error), >, 0);

  summary = audit_summary (fixture->db);
  g_assert_cmpstr (summary, ==,
                   "staff.add staff:王店长 - ;staff.add staff:小李 - ;staff.add staff:小张 - ;"
                   "staff.passwd staff:小李 小李 ;staff.remove staff:小张 王店长 离职;"
                   "staff.add staff:小张 王店长 ;");
}

static void
test_staff_clerk_needs_manager (HyTestFixture *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HyStaff) manager = add_and_verify (fixture->db, "王店长", HY_STAFF_MANAGER, "8642");
  g_autoptr(HyStaff) clerk = add_and_verify (fixture->db, "小李", HY_STAFF_CLERK, "1357");
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(HyCheckout) co = hy_checkout_new (fixture->db);
  g_autoptr(HyCouponStore) coupons = hy_coupon_store_new (fixture->db);
  g_autoptr(HyCouponTemplate) tmpl = hy_coupon_template_new ();
  g_autoptr(GPtrArray) issued = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autofree char *masked = NULL;
  g_autofree char *full = NULL;
  g_autofree char *summary = NULL;
  g_auto(HyReceipt) sale = { 0 };
  HyRefundReceipt refund_receipt = { 0 };
  gint64 member = hy_test_add_member (fixture, "陈", "13800138000");
  gint64 other = hy_test_add_member (fixture, "陈二", "13800138001");
  HyCheckoutRequest request = { .member_id = member, .amount = 5000, .idempotency_key = "s1" };
  HyCheckoutRefund refund = { .reason = "质量问题", .idempotency_key = "r1" };
  gint64 before;

  g_free (tmpl->name);
  tmpl->name = g_strdup ("立减5");
  tmpl->kind = HY_COUPON_AMOUNT_OFF;
  tmpl->amount = 500;
  tmpl->valid_days = 7;
  tmpl->id = hy_coupon_store_define (coupons, tmpl, &error);
  g_assert_no_error (error);

  hy_staff_sign_in (fixture->db, clerk);
  masked = hy_staff_show_phone (hy_staff_get_current (fixture->db), "+8613800138000");
  g_assert_cmpstr (masked, ==, "138****8000");

  /* a clerk sells and issues coupons ... */
  g_assert_true (hy_checkout_run (co, &request, &sale, &error));
  g_assert_no_error (error);
  issued = hy_coupon_store_issue (coupons, tmpl->id, &member, 1, "c1", &error);
  g_assert_no_error (error);

  /* ... but adjusts, refunds, voids, merges and exports nothing */
  before = hy_test_query_int (fixture->db, "SELECT count(*) FROM points_ledger");
  g_assert_cmpint (hy_points_ledger_adjust (points, member, 50, "补偿", "a1", NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_ALLOWED);
  g_assert_cmpstr (error->message, ==, "小李 is a clerk: “points.adjust” needs a manager");
  g_clear_error (&error);
  refund.sale_id = sale.transaction_id;
  g_assert_false (hy_checkout_refund (co, &refund, &refund_receipt, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (hy_coupon_store_void (coupons, ((HyCoupon *) issued->pdata[0])->code, "错发", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (hy_member_store_merge (fixture->members, member, other, NULL, "重复", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_null (hy_audit_log_list (fixture->db, 0, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM points_ledger"), ==, before);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transactions WHERE kind = 1"), ==, 0);

  /* the manager may, and each action is audited with who and why */
  hy_staff_sign_in (fixture->db, manager);
  full = hy_staff_show_phone (manager, "+8613800138000");
  g_assert_null (strstr (full, "****"));
  g_assert_cmpint (hy_points_ledger_adjust (points, member, 1500, "补偿", "a1", NULL, &error), >, 0);
  g_assert_no_error (error);
  /* a replay is not audited twice */
  g_assert_cmpint (hy_points_ledger_adjust (points, member, 1500, "补偿", "a1", NULL, &error), >, 0);
  g_assert_true (hy_checkout_refund (co, &refund, &refund_receipt, &error));
  g_assert_no_error (error);
  g_assert_true (hy_coupon_store_void (coupons, ((HyCoupon *) issued->pdata[0])->code, "错发", &error));
  g_assert_true (hy_member_store_merge (fixture->members, member, other, NULL, "重复", &error));
  g_assert_no_error (error);

  /* an adjustment that fails leaves no audit entry either */
  g_assert_cmpint (hy_points_ledger_adjust (points, member, -100000, "扣", "a2", NULL, &error), ==, -1);
  g_clear_error (&error);

  summary = audit_summary (fixture->db);
  {
    g_autofree char *expected =
      g_strdup_printf ("staff.add staff:王店长 - ;staff.add staff:小李 - ;"
                       "points.adjust member:1 王店长 补偿;refund sale:1 王店长 质量问题;"
                       "coupon.void coupon:%s 王店长 错发;member.merge member:1 王店长 重复;",
                       ((HyCoupon *) issued->pdata[0])->code);

    g_assert_cmpstr (summary, ==, expected);
  }
  audit = hy_audit_log_list (fixture->db, 0, &error);
  g_assert_cmpuint (audit->len, ==, 6);
  g_assert_cmpstr (((HyAuditEntry *) audit->pdata[2])->details, ==, "{\"points\":1500,\"entry\":2}");
  g_assert_cmpstr (((HyAuditEntry *) audit->pdata[5])->action, ==, "member.merge");
  g_assert_cmpstr (((HyAuditEntry *) audit->pdata[5])->details, ==, "{\"merged\":2}");

  /* append-only */
  g_assert_cmpint (sqlite3_exec (_hy_database_get_handle (fixture->db), "UPDATE audit_log SET reason = ''",
                                 NULL, NULL, NULL) & 0xff, ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_exec (_hy_database_get_handle (fixture->db), "DELETE FROM audit_log",
                                 NULL, NULL, NULL) & 0xff, ==, SQLITE_CONSTRAINT);
}

static void
test_staff_manager_approves (HyTestFixture *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HyStaff) manager = add_and_verify (fixture->db, "王店长", HY_STAFF_MANAGER, "8642");
  g_autoptr(HyStaff) clerk = add_and_verify (fixture->db, "小李", HY_STAFF_CLERK, "1357");
  g_autoptr(HyStaff) approver = NULL;
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(GPtrArray) audit = NULL;
  gint64 member = hy_test_add_member (fixture, "陈", "13800138000");
  HyAuditEntry *entry;

  hy_staff_sign_in (fixture->db, clerk);

  /* a wrong PIN, or a clerk's own, approves nothing */
  g_assert_null (hy_staff_approve (fixture->db, "王店长", "0000", HY_ACTION_ADJUST_POINTS, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_null (hy_staff_approve (fixture->db, "小李", "1357", HY_ACTION_ADJUST_POINTS, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_cmpint (hy_points_ledger_adjust (points, member, 50, "补偿", "a1", NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_ALLOWED);
  g_clear_error (&error);

  /* the manager's PIN lets that one action through, once, and only that action */
  approver = hy_staff_approve (fixture->db, "王店长", "8642", HY_ACTION_ADJUST_POINTS, &error);
  g_assert_no_error (error);
  g_assert_cmpint (approver->id, ==, manager->id);
  g_assert_cmpint (hy_points_ledger_adjust (points, member, 50, "补偿", "a1", NULL, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (hy_points_ledger_adjust (points, member, 50, "补偿", "a2", NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_ALLOWED);
  g_clear_error (&error);

  hy_staff_sign_in (fixture->db, manager);
  audit = hy_audit_log_list (fixture->db, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 4);
  entry = audit->pdata[2];
  g_assert_cmpstr (entry->action, ==, "staff.approve");
  g_assert_cmpstr (entry->staff_name, ==, "小李");
  g_assert_cmpstr (entry->target, ==, "points.adjust");
  g_assert_nonnull (strstr (entry->details, "\"approved_by\":\"王店长\""));
  entry = audit->pdata[3];
  g_assert_cmpstr (entry->action, ==, "points.adjust");
  g_assert_cmpstr (entry->staff_name, ==, "小李");
  g_assert_nonnull (strstr (entry->details, "\"approved_by\":\"王店长\""));
  g_assert_nonnull (strstr (entry->details, "\"points\":50"));
}

/* A worker's own connection acts for whoever is signed in on the window's: a clerk's session
 * carries the manager's approval there once, and the audit names both. */
static void
test_staff_session_hand_over (HyTestFixture *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HyStaff) manager = add_and_verify (fixture->db, "王店长", HY_STAFF_MANAGER, "8642");
  g_autoptr(HyStaff) clerk = add_and_verify (fixture->db, "小李", HY_STAFF_CLERK, "1357");
  g_autoptr(HyStaff) approver = NULL;
  g_autoptr(HyDatabase) worker = hy_database_open (hy_database_get_path (fixture->db), HY_DATABASE_OPEN_DEFAULT, &error);
  g_autoptr(HyPointsLedger) window_points = hy_points_ledger_new (fixture->db);
  g_autoptr(HyPointsLedger) worker_points = NULL;
  g_autoptr(HyStaffSession) session = NULL;
  g_autoptr(HyStaffSession) owner = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  gint64 member = hy_test_add_member (fixture, "陈", "13800138000");
  HyAuditEntry *entry;

  g_assert_no_error (error);
  worker_points = hy_points_ledger_new (worker);
  hy_staff_sign_in (fixture->db, clerk);

  /* without an approval the worker is the clerk, and the clerk may not */
  session = hy_staff_session_take (fixture->db);
  hy_staff_session_apply (session, worker);
  g_assert_cmpstr (hy_staff_get_current (worker)->name, ==, "小李");
  g_assert_cmpint (hy_points_ledger_adjust (worker_points, member, 50, "补偿", "w0", NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_clear_pointer (&session, hy_staff_session_free);

  /* the approval given on the window's connection goes with the session, and only once */
  approver = hy_staff_approve (fixture->db, "王店长", "8642", HY_ACTION_ADJUST_POINTS, &error);
  g_assert_no_error (error);
  session = hy_staff_session_take (fixture->db);
  g_assert_cmpint (hy_points_ledger_adjust (window_points, member, 50, "补偿", "w1", NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  hy_staff_session_apply (session, worker);
  g_assert_cmpint (hy_points_ledger_adjust (worker_points, member, 50, "补偿", "w2", NULL, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (hy_points_ledger_adjust (worker_points, member, 50, "补偿", "w3", NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  hy_staff_session_apply (session, worker);
  g_assert_cmpint (hy_points_ledger_adjust (worker_points, member, 50, "补偿", "w4", NULL, &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_ALLOWED);
  g_clear_error (&error);

  /* no session, or the owner's: the owner, who may */
  hy_staff_session_apply (NULL, worker);
  g_assert_null (hy_staff_get_current (worker));
  hy_staff_sign_in (fixture->db, NULL);
  owner = hy_staff_session_take (fixture->db);
  hy_staff_session_apply (owner, worker);
  g_assert_null (hy_staff_get_current (worker));
  g_assert_cmpint (hy_points_ledger_adjust (worker_points, member, 10, "补偿", "w5", NULL, &error), >, 0);
  g_assert_no_error (error);

  hy_staff_sign_in (fixture->db, manager);
  audit = hy_audit_log_list (fixture->db, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 5);
  entry = audit->pdata[3];
  g_assert_cmpstr (entry->action, ==, "points.adjust");
  g_assert_cmpstr (entry->staff_name, ==, "小李");
  g_assert_nonnull (strstr (entry->details, "\"approved_by\":\"王店长\""));
  entry = audit->pdata[4];
  g_assert_cmpstr (entry->staff_name, ==, "");
  g_assert_null (strstr (entry->details, "approved_by"));
}

static void
test_fraud_signals (HyTestFixture *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(HyCheckout) co = hy_checkout_new (fixture->db);
  g_autoptr(GPtrArray) flags = NULL;
  gint64 quick = hy_test_add_member (fixture, "快", "13900000001");
  gint64 back = hy_test_add_member (fixture, "退", "13900000002");
  gint64 slow = hy_test_add_member (fixture, "慢", "13900000003");
  const char *times[] = { "2024-05-01 10:00", "2024-05-01 10:02", "2024-05-01 10:05", "2024-05-01 10:07",
                          "2024-05-01 10:09", "2024-05-01 10:12" };
  GString *out = g_string_new (NULL);
  g_autofree char *text = NULL;

  /* six purchases, five of them within 10 minutes: one burst */
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    hy_test_sell (fixture, quick, times[i], 1000);
  /* four within 10 minutes is below the default of five */
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *when = g_strdup_printf ("2024-05-02 10:0%u", i);

      hy_test_sell (fixture, slow, when, 1000);
    }

  /* 300.00 earns 30 points; refunded 2 days later; and one refunded 10 days later */
  {
    g_auto(HyReceipt) s1 = { 0 };
    g_auto(HyReceipt) s2 = { 0 };
    HyCheckoutRequest r1 = { .member_id = back, .amount = 30000, .idempotency_key = "f1" };
    HyCheckoutRequest r2 = { .member_id = back, .amount = 20000, .idempotency_key = "f2" };
    HyRefundReceipt rr = { 0 };
    HyCheckoutRefund ref1 = { .reason = "退", .idempotency_key = "fr1" };
    HyCheckoutRefund ref2 = { .reason = "退", .idempotency_key = "fr2" };

    at (fixture, "2024-05-10 10:00");
    g_assert_true (hy_checkout_run (co, &r1, &s1, &error));
    g_assert_true (hy_checkout_run (co, &r2, &s2, &error));
    at (fixture, "2024-05-12 11:00");
    /* the member spends the 50 points first: the refunds are 30 and 20 short */
    g_assert_cmpint (hy_points_ledger_redeem (points, back, 50, "礼品", "g", NULL, &error), >, 0);
    ref1.sale_id = s1.transaction_id;
    g_assert_true (hy_checkout_refund (co, &ref1, &rr, &error));
    g_assert_no_error (error);
    g_assert_cmpint (rr.points_short, ==, 30);
    at (fixture, "2024-05-20 11:00");
    ref2.sale_id = s2.transaction_id;
    g_assert_true (hy_checkout_refund (co, &ref2, &rr, &error));
    g_assert_no_error (error);
  }

  at (fixture, "2024-05-21 09:00");
  g_assert_cmpint (hy_points_ledger_adjust (points, slow, 1000, "活动奖励", "big", NULL, &error), >, 0);
  g_assert_cmpint (hy_points_ledger_adjust (points, slow, 999, "小补偿", "small", NULL, &error), >, 0);
  g_assert_no_error (error);

  flags = hy_fraud_scan (fixture->db, NULL, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < flags->len; i++)
    {
      HyFraudFlag *f = flags->pdata[i];

      g_string_append_printf (out, "%s #%lld %lld: %s\n", hy_fraud_kind_to_string (f->kind),
                              (long long) f->member_id, (long long) f->value, f->reason);
    }
  text = g_string_free (out, FALSE);
  g_assert_cmpstr (text, ==,
                   "rapid-purchases #1 5: 5 purchases within 10 minutes\n"
                   "earn-then-refund #2 30: Sale #11 earned 30 points and was refunded 2 days later\n"
                   "large-adjustment #3 1000: 1000 points adjusted by hand: 活动奖励\n"
                   "negative-balance #2 30: The refund of sale #11 would have taken the points balance 30 below 0\n"
                   "negative-balance #2 20: The refund of sale #12 would have taken the points balance 20 below 0\n");

  /* each shortfall is in the audit log with the refund that could not take the points back */
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM audit_log WHERE action = 'points.clawback_short'"), ==, 2);
  g_assert_cmpint (hy_test_query_int (fixture->db,
                                      "SELECT count(*) FROM audit_log WHERE action = 'points.clawback_short'"
                                      " AND target = 'member:2' AND details = '{\"sale\":11,\"refund\":13,\"points_short\":30}'"), ==, 1);

  /* since: only what happened from then */
  g_clear_pointer (&flags, g_ptr_array_unref);
  flags = hy_fraud_scan (fixture->db, NULL, hy_test_local_time (fixture->db, "2024-05-15 00:00"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flags->len, ==, 2);
  g_assert_cmpint (((HyFraudFlag *) flags->pdata[0])->kind, ==, HY_FRAUD_LARGE_ADJUSTMENT);
  g_assert_cmpint (((HyFraudFlag *) flags->pdata[1])->value, ==, 20);
}

/* A count of one is worded so: one minute, one point, one day later. */
static void
test_fraud_singular (HyTestFixture *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(HyCheckout) co = hy_checkout_new (fixture->db);
  g_autoptr(GPtrArray) flags = NULL;
  g_auto(HyReceipt) sale = { 0 };
  HyRefundReceipt refunded = { 0 };
  gint64 quick = hy_test_add_member (fixture, "快", "13900000001");
  gint64 back = hy_test_add_member (fixture, "退", "13900000002");
  HyCheckoutRequest request = { .member_id = back, .amount = 1000, .idempotency_key = "s1" };
  HyCheckoutRefund refund = { .reason = "退", .idempotency_key = "r1" };
  HyFraudRules rules = { .rapid_count = 2, .rapid_minutes = 1, .refund_days = 7, .large_adjustment = 1 };
  GString *out = g_string_new (NULL);
  g_autofree char *text = NULL;

  hy_test_sell (fixture, quick, "2024-05-01 10:00", 1000);
  hy_test_sell (fixture, quick, "2024-05-01 10:00", 1000);
  /* 10.00 earns 1 point; refunded the next day */
  at (fixture, "2024-05-10 10:00");
  g_assert_true (hy_checkout_run (co, &request, &sale, &error));
  g_assert_no_error (error);
  at (fixture, "2024-05-11 10:00");
  refund.sale_id = sale.transaction_id;
  g_assert_true (hy_checkout_refund (co, &refund, &refunded, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hy_points_ledger_adjust (points, quick, 1, "补偿", "one", NULL, &error), >, 0);
  g_assert_no_error (error);

  flags = hy_fraud_scan (fixture->db, &rules, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < flags->len; i++)
    g_string_append_printf (out, "%s\n", ((HyFraudFlag *) flags->pdata[i])->reason);
  text = g_string_free (out, FALSE);
  g_assert_cmpstr (text, ==,
                   "2 purchases within 1 minute\n"
                   "Sale #3 earned 1 point and was refunded 1 day later\n"
                   "1 point adjusted by hand: 补偿\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  HY_TEST_ADD ("/core/staff/accounts", test_staff_accounts);
  HY_TEST_ADD ("/core/staff/clerk-needs-manager", test_staff_clerk_needs_manager);
  HY_TEST_ADD ("/core/staff/manager-approves", test_staff_manager_approves);
  HY_TEST_ADD ("/core/staff/session-hand-over", test_staff_session_hand_over);
  HY_TEST_ADD ("/core/fraud/signals", test_fraud_signals);
  HY_TEST_ADD ("/core/fraud/singular", test_fraud_singular);
  return g_test_run ();
}
