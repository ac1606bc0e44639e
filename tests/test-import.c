/* test-import.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "hy-change-log.h"
#include "hy-check.h"
#include "hy-demo.h"
#include "hy-error.h"
#include "hy-export.h"
#include "hy-import.h"
#include "hy-member-store.h"
#include "hy-database-private.h"
#include "hy-test-util.h"

static char *
write_file (HyTestFixture *fixture,
            const char    *name,
            const char    *contents,
            gssize         len)
{
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, len, NULL));
  return path;
}

static HyImportReport *
import_file (HyTestFixture         *fixture,
             const char            *path,
             const HyImportOptions *options,
             GError               **error)
{
  HyImportReport *report = NULL;

  hy_import_run (fixture->db, path, options, &report, NULL, NULL, NULL, error);
  g_assert_nonnull (report);
  return report;
}

static void
assert_consistent (HyDatabase *db)
{
  g_autoptr(HyCheckReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (hy_database_check (db, HY_CHECK_DEFAULT, &report, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < report->problems->len; i++)
    g_printerr ("%s\n", ((HyCheckProblem *) report->problems->pdata[i])->message);
  g_assert_cmpuint (report->n_problems, ==, 0);
}

static void
test_import_cdnow (HyTestFixture *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_getenv ("HY_CDNOW_DIR"), "CDNOW_master.txt", NULL);
  g_autoptr(HyImportReport) first = NULL;
  g_autoptr(HyImportReport) again = NULL;
  g_autoptr(GError) error = NULL;
  HyImportOptions options = { .kind = HY_IMPORT_TRANSACTIONS };

  first = import_file (fixture, path, &options, &error);
  g_assert_no_error (error);
  g_assert_true (first->written);
  g_assert_cmpuint (first->rows_read, ==, 69659);
  g_assert_cmpuint (first->members_created, ==, 23570);
  g_assert_cmpuint (first->transactions_created, ==, 69659);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM members"), ==, 23570);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM member_identities WHERE kind = 'external'"), ==, 23570);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transactions WHERE kind = 0"), ==, 69659);
  /* Customer 00002 bought twice on 1997-01-12: two purchases, one purchase day. */
  g_assert_cmpint (hy_test_query_int (fixture->db,
                                      "SELECT s.purchase_count * 10 + s.purchase_days FROM member_stats s"
                                      "  JOIN member_identities i ON i.member_id = s.member_id"
                                      " WHERE i.value = '00002'"), ==, 21);
  /* 11.77 dollars of customer 1, to the cent. */
  g_assert_cmpint (hy_test_query_int (fixture->db,
                                      "SELECT t.net FROM transactions t JOIN member_identities i"
                                      "  ON i.member_id = t.member_id WHERE i.value = '00001'"), ==, 1177);
  assert_consistent (fixture->db);

  /* The same file again: nothing new. */
  again = import_file (fixture, path, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->rows_unchanged, ==, 69659);
  g_assert_cmpuint (again->rows_imported, ==, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transactions"), ==, 69659);
}

static const char members_zh[] =
  "手机号,姓名,会员卡号,性别,生日,注册时间,标签,备注\n"
  "138 0013 8000,张三,VIP-001,男,1990-02-28,2023/5/1 14:30,敏感肌；团购,\"喜欢玫瑰, 怕冷\"\n"
  "+86 139 0013 9000,李四,,女士,5月1日,20230601,,\n"
  "8613800138000,张三,,,,,老带新,\n";

static void
test_import_members_gb18030 (HyTestFixture *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HyImportReport) report = NULL;
  g_autoptr(HyMember) zhang = NULL;
  g_autofree char *gbk = NULL;
  g_autofree char *path = NULL;
  g_autofree char *birthday = NULL;
  HyImportOptions options = { .kind = HY_IMPORT_MEMBERS };
  gsize len;
  gint64 id;

  gbk = g_convert (members_zh, -1, "GB18030", "UTF-8", NULL, &len, &error);
  g_assert_no_error (error);
  path = write_file (fixture, "members-gbk.csv", gbk, len);

  report = import_file (fixture, path, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->encoding, ==, "GB18030");
  g_assert_cmpint (report->delimiter, ==, ',');
  g_assert_cmpuint (report->rows_read, ==, 3);
  g_assert_cmpuint (report->members_created, ==, 2);
  g_assert_cmpuint (report->members_updated, ==, 1);   /* row 3 is row 1's phone, spelled differently */

  id = hy_member_store_find (fixture->members, HY_IDENTITY_PHONE, "13800138000", &error);
  zhang = hy_member_store_load (fixture->members, id, &error);
  g_assert_cmpstr (hy_member_get_name (zhang), ==, "张三");
  g_assert_cmpstr (hy_member_get_identity (zhang, HY_IDENTITY_CARD), ==, "VIP001");
  g_assert_cmpint (hy_member_get_gender (zhang), ==, HY_GENDER_MALE);
  g_assert_cmpstr (hy_member_get_notes (zhang), ==, "喜欢玫瑰, 怕冷");
  g_assert_cmpuint (hy_member_get_tags (zhang)->len, ==, 3);
  g_assert_true (hy_member_has_tag (zhang, "老带新"));
  birthday = hy_member_dup_birthday_text (zhang);
  g_assert_cmpstr (birthday, ==, "1990-02-28");
  g_assert_cmpint (hy_member_get_joined_at (zhang), ==, hy_test_local_time (fixture->db, "2023-05-01 14:30"));

  /* Year-less birthday, gender from 女士. */
  {
    g_autoptr(HyMember) li = hy_member_store_load (fixture->members,
                                                   hy_member_store_find (fixture->members, HY_IDENTITY_PHONE, "13900139000", NULL),
                                                   &error);
    g_autofree char *li_birthday = hy_member_dup_birthday_text (li);

    g_assert_cmpstr (li_birthday, ==, "--05-01");
    g_assert_cmpint (hy_member_get_gender (li), ==, HY_GENDER_FEMALE);
  }

  /* Again: every row is already so. */
  g_clear_pointer (&report, hy_import_report_free);
  report = import_file (fixture, path, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->rows_unchanged, ==, 3);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM members"), ==, 2);
}

static void
test_import_delimiters (HyTestFixture *fixture,
                        gconstpointer  data)
{
  static const char * const files[] = {
    "\xef\xbb\xbfphone;name;notes\n13700000001;王五;\"a;b\"\n",
    "phone\tname\tnotes\n13700000002\t赵六\t\"line one\nline two\"\n",
    "phone|name|notes\n13700000003|钱七|x\n",
    "phone name\n13700000004 孙八\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *name = g_strdup_printf ("d%u.csv", i);
      g_autofree char *path = write_file (fixture, name, files[i], -1);
      g_autoptr(HyImportReport) report = NULL;
      g_autoptr(GError) error = NULL;
      HyImportOptions options = { .kind = HY_IMPORT_MEMBERS };

      report = import_file (fixture, path, &options, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (report->members_created, ==, 1);
    }

  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM members"), ==, 4);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM members WHERE notes = 'a;b'"), ==, 1);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM members WHERE notes = 'line one' || char(10) || 'line two'"), ==, 1);
}

static const char members_bad[] =
  "phone,name,gender,birthday\n"
  "13800138000,good one,女,1990-01-01\n"
  "12345,bad phone,,\n"
  "13900139000,bad date,,1990-02-30\n"
  "13700137000,bad gender,maybe,\n"
  "13600136000,good two,,\n";

static void
test_import_bad_rows (HyTestFixture *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "bad.csv", members_bad, -1);
  g_autoptr(GError) error = NULL;
  HyImportOptions options = { .kind = HY_IMPORT_MEMBERS };
  HyImportReport *report;
  HyImportProblem *problem;
  gint64 log_before = hy_change_log_get_last_seq (fixture->db);

  /* Refused: nothing written, every bad row named. */
  report = import_file (fixture, path, &options, &error);
  g_assert_error (error, HY_ERROR, HY_ERROR_PARTIAL);
  g_clear_error (&error);
  g_assert_false (report->written);
  g_assert_cmpuint (report->rows_bad, ==, 3);
  problem = hy_test_problem_at (report, 3);
  g_assert_nonnull (problem);
  g_assert_cmpstr (problem->field, ==, "phone");
  g_assert_cmpstr (problem->column, ==, "phone");
  g_assert_cmpstr (problem->value, ==, "12345");
  problem = hy_test_problem_at (report, 4);
  g_assert_cmpstr (problem->field, ==, "birthday");
  problem = hy_test_problem_at (report, 5);
  g_assert_cmpstr (problem->field, ==, "gender");
  g_assert_null (hy_test_problem_at (report, 2));
  hy_import_report_free (report);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM members"), ==, 0);
  g_assert_cmpint (hy_change_log_get_last_seq (fixture->db), ==, log_before);

  /* A dry run says the same and writes nothing either. */
  options.dry_run = TRUE;
  report = import_file (fixture, path, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->rows_bad, ==, 3);
  g_assert_cmpuint (report->members_created, ==, 2);
  g_assert_false (report->written);
  hy_import_report_free (report);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM members"), ==, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM imports"), ==, 0);

  /* Asked for: the good rows go in, the bad ones are still reported. */
  options.dry_run = FALSE;
  options.accept_partial = TRUE;
  report = import_file (fixture, path, &options, &error);
  g_assert_no_error (error);
  g_assert_true (report->written);
  g_assert_cmpuint (report->members_created, ==, 2);
  g_assert_cmpuint (report->rows_bad, ==, 3);
  hy_import_report_free (report);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM members"), ==, 2);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT rows_bad FROM imports"), ==, 3);
}

/* The writing pass runs ahead of the check; a bad last row must still leave everything unwritten,
 * even after many batches' worth of good rows. */
static void
test_import_bad_last_row (HyTestFixture *fixture,
                          gconstpointer  data)
{
  g_autoptr(GString) contents = g_string_new ("phone,date,amount\n");
  g_autofree char *path = NULL;
  g_autoptr(HyImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  HyImportOptions options = { .kind = HY_IMPORT_TRANSACTIONS, .batch_size = 10 };

  for (guint i = 0; i < 500; i++)
    g_string_append_printf (contents, "138%08u,2024-05-01,%u.00\n", i % 97, i + 1);
  g_string_append (contents, "13800000001,2024-13-01,1.00\n");
  path = write_file (fixture, "late.csv", contents->str, contents->len);

  report = import_file (fixture, path, &options, &error);
  g_assert_error (error, HY_ERROR, HY_ERROR_PARTIAL);
  g_assert_cmpuint (report->rows_bad, ==, 1);
  g_assert_nonnull (hy_test_problem_at (report, 502));
  g_assert_false (report->written);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transactions"), ==, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM members"), ==, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM change_log"), ==, 0);
}

static void
test_import_identity_conflict (HyTestFixture *fixture,
                               gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "conflict.csv",
                                      "phone,card,name\n13800138000,C-9,mixed up\n", -1);
  g_autoptr(HyImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  HyImportOptions options = { .kind = HY_IMPORT_MEMBERS };
  gint64 other = hy_test_add_member (fixture, "B", "13900139000");

  hy_test_add_member (fixture, "A", "13800138000");
  g_assert_true (hy_member_store_add_identity (fixture->members, other, HY_IDENTITY_CARD, "C9", &error));

  report = import_file (fixture, path, &options, &error);
  g_assert_error (error, HY_ERROR, HY_ERROR_PARTIAL);
  g_assert_cmpuint (report->rows_bad, ==, 1);
  g_assert_nonnull (strstr (((HyImportProblem *) report->problems->pdata[0])->message, "merge"));
}

static void
test_import_mapping (HyTestFixture *fixture,
                     gconstpointer  data)
{
  g_autofree char *headerless = write_file (fixture, "plain.txt", "13800138000,张三,2024-01-02\n", -1);
  g_autofree char *odd = write_file (fixture, "odd.csv", "tel_main,who,memo\n13900139000,李四,x\n", -1);
  const char * const by_position[] = { "1=phone", "2=name", "3=joined_at", NULL };
  const char * const by_name[] = { "tel_main=phone", "memo=ignore", NULL };
  const char * const wrong[] = { "nosuch=phone", NULL };
  g_autoptr(GError) error = NULL;
  HyImportOptions options = { .kind = HY_IMPORT_MEMBERS, .no_header = TRUE, .mappings = by_position };
  HyImportReport *report;

  report = import_file (fixture, headerless, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->members_created, ==, 1);
  hy_import_report_free (report);

  /* "who" means nothing to the dictionary; without a phone column the file is refused. */
  options = (HyImportOptions) { .kind = HY_IMPORT_MEMBERS };
  report = import_file (fixture, odd, &options, &error);
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "--map"));
  g_clear_error (&error);
  hy_import_report_free (report);

  options.mappings = by_name;
  report = import_file (fixture, odd, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->members_created, ==, 1);
  g_assert_null (((HyImportColumn *) report->columns->pdata[2])->field);
  hy_import_report_free (report);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM members WHERE notes = 'x'"), ==, 0);

  options.mappings = wrong;
  report = import_file (fixture, odd, &options, &error);
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "nosuch"));
  hy_import_report_free (report);
}

static const char orders[] =
  "订单号,消费时间,手机号,姓名,实付金额,优惠金额,支付方式,商品编码,品类,商品数量,单价,交易类型,原单号\n"
  "A1,2024/5/1 14:30,13800138000,张三,\"¥1,234.50\",10.00,wechat:1000.00;cash:234.50,S1,护肤,1,\"1,000.00\",消费,\n"
  "A1,2024/5/1 14:30,13800138000,张三,\"¥1,234.50\",10.00,wechat:1000.00;cash:234.50,S2,护肤,2,122.25,消费,\n"
  "A2,20240502,13900139000,李四,88,,alipay,,,,,,\n"
  "R1,2024-05-03 10:00,,,-100.00,,,,,,,退款,A1\n"
  "W1,2024-05-03 11:00,,,12.00,,cash,,,,,,\n";

static void
test_import_orders (HyTestFixture *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "orders.csv", orders, -1);
  g_autoptr(HyImportReport) report = NULL;
  g_autoptr(HyImportReport) again = NULL;
  g_autoptr(GError) error = NULL;
  HyImportOptions options = { .kind = HY_IMPORT_TRANSACTIONS, .batch_size = 1 };

  report = import_file (fixture, path, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->rows_read, ==, 5);
  g_assert_cmpuint (report->transactions_created, ==, 4);
  g_assert_cmpuint (report->members_created, ==, 2);

  /* A1: two lines, one sale: gross 1244.50 (1000.00 + 2 x 122.25), discount 10.00, paid 1234.50. */
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT gross FROM transactions WHERE order_no = 'A1'"), ==, 124450);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT net FROM transactions WHERE order_no = 'A1'"), ==, 123450);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transaction_items i JOIN transactions t ON t.id = i.transaction_id WHERE t.order_no = 'A1'"), ==, 2);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT sum (amount) FROM transaction_payments"), ==, 123450 + 8800 + 1200);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT occurred_at FROM transactions WHERE order_no = 'A2'"), ==,
                   hy_test_local_time (fixture->db, "2024-05-02 00:00"));

  /* R1 refunds 100.00 of A1, for A1's member; W1 is a walk-in sale. */
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT net FROM transactions WHERE order_no = 'R1'"), ==, -10000);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT r.member_id = s.member_id FROM transactions r JOIN transactions s ON s.id = r.refund_of WHERE r.order_no = 'R1'"), ==, 1);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT member_id IS NULL FROM transactions WHERE order_no = 'W1'"), ==, 1);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT net_spend FROM member_stats s JOIN member_identities i ON i.member_id = s.member_id WHERE i.value = '+8613800138000'"), ==, 113450);
  assert_consistent (fixture->db);

  again = import_file (fixture, path, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->rows_unchanged, ==, 5);
  g_assert_cmpuint (again->transactions_created, ==, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transactions"), ==, 4);
}

/* New members' identities are written at the end of each batch: across batches they must still
 * be found, by the import itself (the same member again) and by a phone search afterwards. */
static const char members_across_batches[] =
  "order_no,date,phone,card,amount\n"
  "B1,2024-05-01 10:00,13800138001,,10.00\n"
  "B2,2024-05-01 11:00,13800138002,C-2,20.00\n"
  "B3,2024-05-02 10:00,13800138003,,30.00\n"
  "B4,2024-05-02 11:00,,C-2,40.00\n"
  "B5,2024-05-03 10:00,13800138001,,50.00\n";

static void
test_import_members_across_batches (HyTestFixture *fixture,
                                    gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "batches.csv", members_across_batches, -1);
  g_autoptr(HyImportReport) report = NULL;
  g_autoptr(HyMemberStore) store = hy_member_store_new (fixture->db);
  g_autoptr(GArray) found = NULL;
  g_autoptr(GError) error = NULL;
  HyImportOptions options = { .kind = HY_IMPORT_TRANSACTIONS, .batch_size = 2 };

  report = import_file (fixture, path, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->members_created, ==, 3);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM members"), ==, 3);

  /* Identity rows in the order of the file, each with its member. */
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM member_identities"), ==, 4);
  g_assert_cmpint (hy_test_query_int (fixture->db,
                                      "SELECT count(*) FROM member_identities a JOIN member_identities b"
                                      " ON b.id > a.id WHERE b.member_id < a.member_id"), ==, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db,
                                      "SELECT count(*) FROM transactions t"
                                      " JOIN member_identities i ON i.member_id = t.member_id"
                                      " WHERE i.kind = 'card'"), ==, 2);
  g_assert_cmpint (hy_test_query_int (fixture->db,
                                      "SELECT s.purchase_count FROM member_stats s JOIN member_identities i"
                                      " ON i.member_id = s.member_id WHERE i.value = '+8613800138001'"), ==, 2);
  g_assert_cmpint (hy_test_query_int (fixture->db,
                                      "SELECT s.net_spend FROM member_stats s JOIN member_identities i"
                                      " ON i.member_id = s.member_id WHERE i.value = '+8613800138002'"), ==, 6000);

  /* The phone trigram index has every phone, and a search finds each member by its phone. */
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM phone_trigrams WHERE phone_trigrams MATCH '0013800'"), ==, 3);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT rowid FROM phone_trigrams WHERE phone_trigrams MATCH '38003'"), ==,
                   hy_test_query_int (fixture->db, "SELECT id FROM member_identities WHERE value = '+8613800138003'"));
  found = hy_member_store_search (store, "138 0013 800", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 3);
  g_clear_pointer (&found, g_array_unref);
  found = hy_member_store_search (store, "13800138003", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (g_array_index (found, gint64, 0), ==,
                   hy_test_query_int (fixture->db, "SELECT member_id FROM member_identities WHERE value = '+8613800138003'"));
  assert_consistent (fixture->db);
}

static const char orders_bad[] =
  "order_no,date,phone,amount,gross,discount,refund_of,kind\n"
  "B1,2024-05-01,13800138000,100.00,,,,\n"
  "B2,2024-05-02,13800138000,-150.00,,,B1,refund\n"          /* more than B1 was worth */
  "B3,2024-05-02,13800138000,90.00,100.00,5.00,,\n"          /* 100 - 5 is not 90 */
  "B4,2024-05-02,13800138000,10.00,,,NOPE,refund\n"          /* refund of nothing */
  "B5,2024-05-03,13800138000,10.00,,,,\n"
  "B5,2024-05-04,13800138000,10.00,,,,\n"                    /* one order, two times */
  "B6,someday,13800138000,10.00,,,,\n"
  "B7,2024-05-05,13800138000,12a,,,,\n"
  "B8,2024-05-05,13800138000,-5.00,,,,sale\n";

static void
test_import_order_problems (HyTestFixture *fixture,
                            gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "orders-bad.csv", orders_bad, -1);
  g_autoptr(HyImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  HyImportOptions options = { .kind = HY_IMPORT_TRANSACTIONS };
  const struct {
    guint line;
    const char *field;
    const char *message;
  } expected[] = {
    { 3, "amount", "left to refund" },
    { 4, "amount", "do not add up" },
    { 5, "refund_of", "neither earlier in the file nor in the database" },
    { 7, "occurred_at", "one order has one time" },
    { 8, "occurred_at", "someday" },
    { 9, "amount", "12a" },
    { 10, "amount", "negative" },
  };

  report = import_file (fixture, path, &options, &error);
  g_assert_error (error, HY_ERROR, HY_ERROR_PARTIAL);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      HyImportProblem *problem = hy_test_problem_at (report, expected[i].line);

      g_assert_nonnull (problem);
      g_assert_cmpstr (problem->field, ==, expected[i].field);
      if (strstr (problem->message, expected[i].message) == NULL && strstr (problem->value, expected[i].message) == NULL)
        g_error ("line %u: “%s” does not mention “%s”", expected[i].line, problem->message, expected[i].message);
    }
  g_assert_cmpuint (report->rows_bad, ==, 8);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transactions"), ==, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM members"), ==, 0);
}

static void
test_import_identical_rows (HyTestFixture *fixture,
                            gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "same.csv",
                                      "customer_id date amount\n"
                                      "7 20240101 10.00\n"
                                      "7 20240101 10.00\n"
                                      "8 20240101 10.00\n"
                                      "7 20240101 10.00\n", -1);
  g_autoptr(GError) error = NULL;
  HyImportOptions options = { .kind = HY_IMPORT_TRANSACTIONS };
  HyImportReport *report;

  /* Three identical purchases of customer 7 are three purchases, also when not adjacent. */
  report = import_file (fixture, path, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->transactions_created, ==, 4);
  hy_import_report_free (report);

  report = import_file (fixture, path, &options, &error);
  g_assert_cmpuint (report->transactions_created, ==, 0);
  g_assert_cmpuint (report->rows_unchanged, ==, 4);
  hy_import_report_free (report);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT purchase_count * 10 + purchase_days FROM member_stats WHERE member_id = 1"), ==, 31);
}

static char *
digest (HyDatabase *db,
        const char *sql)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_hy_database_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int i = 0; i < sqlite3_column_count (stmt); i++)
      {
        const char *text = (const char *) sqlite3_column_text (stmt, i);

        g_checksum_update (checksum, (const guchar *) (text != NULL ? text : "∅"), -1);
        g_checksum_update (checksum, (const guchar *) "|", 1);
      }
  sqlite3_finalize (stmt);

  return g_strdup (g_checksum_get_string (checksum));
}

/* What must survive an export and an import into an empty database, compared by uid so that
 * the row ids may differ. */
static const char * const round_trip_queries[] = {
  "SELECT hex (m.uid), m.name, m.gender, m.birth_year, m.birth_month, m.birth_day, m.joined_at,"
  "       m.channel, m.notes, s.code,"
  "       (SELECT group_concat (kind || value) FROM (SELECT kind, value FROM member_identities WHERE member_id = m.id ORDER BY kind, value)),"
  "       (SELECT group_concat (tag) FROM (SELECT tag FROM member_tags WHERE member_id = m.id ORDER BY tag))"
  "  FROM members m LEFT JOIN stores s ON s.id = m.home_store_id WHERE m.merged_into IS NULL ORDER BY hex (m.uid)",
  "SELECT hex (t.uid), t.kind, hex (m.uid), s.code, t.occurred_at, t.gross, t.discount, t.net, t.quantity,"
  "       t.channel, t.order_no, t.note, (SELECT hex (o.uid) FROM transactions o WHERE o.id = t.refund_of),"
  "       (SELECT group_concat (line || sku || name || category || quantity || unit_price || amount)"
  "          FROM (SELECT * FROM transaction_items WHERE transaction_id = t.id ORDER BY line)),"
  "       (SELECT group_concat (method || amount) FROM (SELECT * FROM transaction_payments WHERE transaction_id = t.id ORDER BY method))"
  "  FROM transactions t LEFT JOIN members m ON m.id = t.member_id LEFT JOIN stores s ON s.id = t.store_id"
  " ORDER BY hex (t.uid)",
  "SELECT hex (m.uid), st.first_purchase_at, st.last_purchase_at, st.purchase_count, st.purchase_days,"
  "       st.refund_count, st.sales_total, st.refund_total, st.net_spend"
  "  FROM members m JOIN member_stats st ON st.member_id = m.id ORDER BY hex (m.uid)",
};

static void
test_import_export_round_trip (HyTestFixture *fixture,
                               gconstpointer  data)
{
  g_autofree char *members_csv = g_build_filename (fixture->dir, "members.csv", NULL);
  g_autofree char *transactions_csv = g_build_filename (fixture->dir, "transactions.csv", NULL);
  g_autofree char *copy_path = g_build_filename (fixture->dir, "copy.huiyuan", NULL);
  g_autoptr(GError) error = NULL;
  HyDemoOptions demo = { .n_members = 300, .n_transactions = 3000, .seed = 5, .industry = HY_INDUSTRY_BAKERY, .end = 1717214400, .dirty = TRUE };
  HyExportOptions export = { .kind = HY_EXPORT_MEMBERS, .bom = TRUE, .chinese_headers = TRUE };
  HyImportOptions import = { .kind = HY_IMPORT_MEMBERS, .batch_size = 97 };
  HyDatabase *copy;
  HyImportReport *report;

  g_assert_true (hy_demo_generate (fixture->db, &demo, NULL, NULL, NULL, NULL, &error));
  g_assert_true (hy_member_store_add_identity (fixture->members, 1, HY_IDENTITY_EMAIL, "a@example.com", &error));
  g_assert_true (hy_member_store_add_identity (fixture->members, 1, HY_IDENTITY_PHONE, "+852 9123 4567", &error));
  g_assert_no_error (error);

  /* Members with Chinese headers and a BOM, transactions in English. */
  g_assert_true (hy_export_run (fixture->db, members_csv, &export, NULL, NULL, NULL, NULL, &error));
  export = (HyExportOptions) { .kind = HY_EXPORT_TRANSACTIONS };
  g_assert_true (hy_export_run (fixture->db, transactions_csv, &export, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  copy = hy_database_open (copy_path, HY_DATABASE_OPEN_CREATE, &error);
  g_assert_true (hy_database_set_setting (copy, "time_zone", "Asia/Shanghai", &error));
  report = NULL;
  hy_import_run (copy, members_csv, &import, &report, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->members_created, ==, hy_test_query_int (fixture->db, "SELECT count(*) FROM members"));
  hy_import_report_free (report);

  import.kind = HY_IMPORT_TRANSACTIONS;
  report = NULL;
  hy_import_run (copy, transactions_csv, &import, &report, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->transactions_created, ==, 3000);
  g_assert_cmpuint (report->members_created, ==, 0);
  hy_import_report_free (report);

  for (guint i = 0; i < G_N_ELEMENTS (round_trip_queries); i++)
    {
      g_autofree char *original = digest (fixture->db, round_trip_queries[i]);
      g_autofree char *copied = digest (copy, round_trip_queries[i]);

      g_assert_cmpstr (original, ==, copied);
    }
  assert_consistent (copy);

  /* Importing the export back into the original changes nothing. */
  report = NULL;
  hy_import_run (fixture->db, transactions_csv, &import, &report, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->transactions_created, ==, 0);
  g_assert_cmpuint (report->rows_unchanged, ==, report->rows_read);
  hy_import_report_free (report);

  g_assert_finalize_object (copy);
}

static void
test_import_missing_columns (HyTestFixture *fixture,
                             gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "nodate.csv", "phone,amount\n13800138000,10\n", -1);
  g_autofree char *empty = write_file (fixture, "empty.csv", "", 0);
  g_autoptr(GError) error = NULL;
  HyImportOptions options = { .kind = HY_IMPORT_TRANSACTIONS };
  HyImportReport *report = NULL;

  g_assert_false (hy_import_run (fixture->db, path, &options, &report, NULL, NULL, NULL, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "date"));
  g_clear_error (&error);
  hy_import_report_free (report);

  report = NULL;
  g_assert_false (hy_import_run (fixture->db, empty, &options, &report, NULL, NULL, NULL, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  hy_import_report_free (report);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM imports"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  HY_TEST_ADD ("/core/import/cdnow", test_import_cdnow);
  HY_TEST_ADD ("/core/import/members-gb18030", test_import_members_gb18030);
  HY_TEST_ADD ("/core/import/delimiters", test_import_delimiters);
  HY_TEST_ADD ("/core/import/bad-rows", test_import_bad_rows);
  HY_TEST_ADD ("/core/import/bad-last-row", test_import_bad_last_row);
  HY_TEST_ADD ("/core/import/identity-conflict", test_import_identity_conflict);
  HY_TEST_ADD ("/core/import/mapping", test_import_mapping);
  HY_TEST_ADD ("/core/import/orders", test_import_orders);
  HY_TEST_ADD ("/core/import/members-across-batches", test_import_members_across_batches);
  HY_TEST_ADD ("/core/import/order-problems", test_import_order_problems);
  HY_TEST_ADD ("/core/import/identical-rows", test_import_identical_rows);
  HY_TEST_ADD ("/core/import/export-round-trip", test_import_export_round_trip);
  HY_TEST_ADD ("/core/import/missing-columns", test_import_missing_columns);
  return g_test_run ();
}
