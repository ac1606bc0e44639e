/* test-import-pipeline.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A transactions import reads and checks the file in a second thread and hands the parsed
 * transactions over in chunks of a few thousand rows (hy-import-transactions-private.h).  These
 * files are larger than a chunk, so that what crosses a chunk's edge is tested: problems and
 * their lines, orders, quoted fields across lines, all or nothing, cancelling.
 */

#include <string.h>

#include "hy-change-log.h"
#include "hy-error.h"
#include "hy-import.h"
#include "hy-test-util.h"

/* More rows than a few chunks (CHUNK_ROWS is 4096). */
#define N_ROWS 10000

static char *
write_file (HyTestFixture *fixture,
            const char    *name,
            GString       *contents)
{
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents->str, contents->len, NULL));
  return path;
}

/* Line @line of the file (the header is line 1) as a good sale of its own. */
static void
append_sale (GString *contents,
             guint    line)
{
  g_string_append_printf (contents, "138%08u,2024-05-01 10:00,%u.00,,,,\n", line % 997, line);
}

static GString *
sales_file (void)
{
  GString *contents = g_string_new ("phone,date,amount,order_no,sku,unit_price,note\n");

  return contents;
}

static void
assert_nothing_written (HyTestFixture *fixture,
                        gint64         log_before)
{
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transactions"), ==, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM members"), ==, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM imports"), ==, 0);
  g_assert_cmpint (hy_change_log_get_last_seq (fixture->db), ==, log_before);
}

/* Bad rows at the end of the first chunk, at the start of the second and on the file's last
 * line: nothing is written, and each problem has its own line, column and reason. */
static void
test_pipeline_bad_rows_at_chunk_edges (HyTestFixture *fixture,
                                       gconstpointer  data)
{
  g_autoptr(GString) contents = sales_file ();
  g_autofree char *path = NULL;
  g_autoptr(HyImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  HyImportOptions options = { .kind = HY_IMPORT_TRANSACTIONS };
  gint64 log_before = hy_change_log_get_last_seq (fixture->db);
  gint64 cache_before = hy_test_query_int (fixture->db, "PRAGMA cache_size");
  HyImportProblem *problem;

  for (guint line = 2; line <= N_ROWS + 1; line++)
    {
      if (line == 4097)
        g_string_append (contents, "13800000001,2024-13-01,1.00,,,,\n");
      else if (line == 4098)
        g_string_append (contents, "12345,2024-05-01,1.00,,,,\n");
      else if (line == N_ROWS + 1)
        g_string_append (contents, "13800000001,2024-05-01,lots,,,,\n");
      else
        append_sale (contents, line);
    }
  path = write_file (fixture, "edges.csv", contents);

  hy_import_run (fixture->db, path, &options, &report, NULL, NULL, NULL, &error);
  g_assert_error (error, HY_ERROR, HY_ERROR_PARTIAL);
  g_assert_false (report->written);
  g_assert_cmpuint (report->rows_bad, ==, 3);
  g_assert_cmpuint (report->problems->len, ==, 3);

  problem = g_ptr_array_index (report->problems, 0);
  g_assert_cmpuint (problem->line, ==, 4097);
  g_assert_cmpstr (problem->field, ==, "occurred_at");
  g_assert_cmpstr (problem->column, ==, "date");
  g_assert_cmpstr (problem->value, ==, "2024-13-01");
  problem = g_ptr_array_index (report->problems, 1);
  g_assert_cmpuint (problem->line, ==, 4098);
  g_assert_cmpstr (problem->field, ==, "phone");
  g_assert_cmpstr (problem->value, ==, "12345");
  problem = g_ptr_array_index (report->problems, 2);
  g_assert_cmpuint (problem->line, ==, N_ROWS + 1);
  g_assert_cmpstr (problem->field, ==, "amount");
  g_assert_cmpstr (problem->value, ==, "lots");
  assert_nothing_written (fixture, log_before);
  /* The big page cache the writing took is given back. */
  g_assert_cmpint (hy_test_query_int (fixture->db, "PRAGMA cache_size"), ==, cache_before);

  /* The file fixed: written in one go, and the cache given back again. */
  g_string_truncate (contents, 0);
  g_string_append (contents, "phone,date,amount,order_no,sku,unit_price,note\n");
  for (guint line = 2; line <= N_ROWS + 1; line++)
    append_sale (contents, line);
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&report, hy_import_report_free);
  g_clear_error (&error);
  path = write_file (fixture, "fixed.csv", contents);
  hy_import_run (fixture->db, path, &options, &report, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transactions"), ==, N_ROWS);
  g_assert_cmpint (hy_test_query_int (fixture->db, "PRAGMA cache_size"), ==, cache_before);
}

/* With --accept-partial, a bad row early does not stop the others from being committed, in
 * batches, and the bad one is still reported. */
static void
test_pipeline_accept_partial (HyTestFixture *fixture,
                              gconstpointer  data)
{
  g_autoptr(GString) contents = sales_file ();
  g_autofree char *path = NULL;
  g_autoptr(HyImportReport) report = NULL;
  g_autoptr(HyImportReport) again = NULL;
  g_autoptr(GError) error = NULL;
  HyImportOptions options = { .kind = HY_IMPORT_TRANSACTIONS, .accept_partial = TRUE, .batch_size = 3000 };

  for (guint line = 2; line <= N_ROWS + 1; line++)
    {
      if (line == 3)
        g_string_append (contents, "13800000001,2024-05-01,-5.00x,,,,\n");
      else
        append_sale (contents, line);
    }
  path = write_file (fixture, "partial.csv", contents);

  g_assert_true (hy_import_run (fixture->db, path, &options, &report, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (report->written);
  g_assert_cmpuint (report->rows_read, ==, N_ROWS);
  g_assert_cmpuint (report->rows_bad, ==, 1);
  g_assert_cmpuint (report->rows_imported, ==, N_ROWS - 1);
  g_assert_nonnull (hy_test_problem_at (report, 3));
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transactions"), ==, N_ROWS - 1);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM members"), ==, 997);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT sum (purchase_count) FROM member_stats"), ==, N_ROWS - 1);

  /* Again: nothing new, the same bad row. */
  g_assert_true (hy_import_run (fixture->db, path, &options, &again, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (again->rows_unchanged, ==, N_ROWS - 1);
  g_assert_cmpuint (again->rows_imported, ==, 0);
  g_assert_cmpuint (again->rows_bad, ==, 1);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transactions"), ==, N_ROWS - 1);
}

/* An order whose lines straddle the edge of a chunk, and a quoted note with a line break there:
 * one transaction with both its items, the note whole, and the lines after it counted right. */
static void
test_pipeline_orders_and_quotes_across_chunks (HyTestFixture *fixture,
                                               gconstpointer  data)
{
  g_autoptr(GString) contents = sales_file ();
  g_autofree char *path = NULL;
  g_autoptr(HyImportReport) report = NULL;
  g_autoptr(HyImportReport) refused = NULL;
  g_autoptr(GError) error = NULL;
  HyImportOptions options = { .kind = HY_IMPORT_TRANSACTIONS };
  guint line;

  /* Rows 1..4094 are single sales; the order takes rows 4095..4098 of the file, the note row
   * is the next one (two lines of the file), then single sales again. */
  for (line = 2; line <= 4095; line++)
    append_sale (contents, line);
  for (guint i = 1; i <= 4; i++, line++)
    g_string_append_printf (contents, "13912345678,2024-06-01 09:30,40.00,A-1,SKU-%u,10.00,\n", i);
  g_string_append (contents, "13912345679,2024-06-02 09:30,7.00,,,,\"first line\nsecond line\"\n");
  line += 2;
  for (; line <= N_ROWS + 2; line++)
    append_sale (contents, line);
  path = write_file (fixture, "straddle.csv", contents);

  g_assert_true (hy_import_run (fixture->db, path, &options, &report, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->rows_read, ==, N_ROWS);
  g_assert_cmpuint (report->transactions_created, ==, N_ROWS - 3);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transaction_items i"
                                      " JOIN transactions t ON t.id = i.transaction_id WHERE t.order_no = 'A-1'"), ==, 4);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transactions"
                                      " WHERE note = 'first line' || char (10) || 'second line'"), ==, 1);

  /* A bad row after the note is named by its line in the file, not its row. */
  g_string_append (contents, "13800000001,2024-05-01,lots,,,,\n");
  g_clear_pointer (&path, g_free);
  path = write_file (fixture, "straddle-bad.csv", contents);
  g_assert_false (hy_import_run (fixture->db, path, &options, &refused, NULL, NULL, NULL, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_PARTIAL);
  g_assert_cmpuint (refused->problems->len, ==, 1);
  g_assert_cmpuint (((HyImportProblem *) g_ptr_array_index (refused->problems, 0))->line, ==, N_ROWS + 3);
}

static void
cancel_on_progress (guint64  done,
                    guint64  total,
                    gpointer data)
{
  g_cancellable_cancel (data);
}

/* Cancelled in the middle of the file: the database is exactly as before. */
static void
test_pipeline_cancel (HyTestFixture *fixture,
                      gconstpointer  data)
{
  g_autoptr(GString) contents = sales_file ();
  g_autofree char *path = NULL;
  g_autoptr(HyImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  HyImportOptions options = { .kind = HY_IMPORT_TRANSACTIONS, .batch_size = 1000 };
  gint64 log_before = hy_change_log_get_last_seq (fixture->db);

  for (guint line = 2; line <= N_ROWS + 1; line++)
    append_sale (contents, line);
  path = write_file (fixture, "cancel.csv", contents);

  g_assert_false (hy_import_run (fixture->db, path, &options, &report, cancel_on_progress, cancellable,
                                 cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (report->written);
  assert_nothing_written (fixture, log_before);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  HY_TEST_ADD ("/core/import-pipeline/bad-rows-at-chunk-edges", test_pipeline_bad_rows_at_chunk_edges);
  HY_TEST_ADD ("/core/import-pipeline/accept-partial", test_pipeline_accept_partial);
  HY_TEST_ADD ("/core/import-pipeline/orders-and-quotes-across-chunks", test_pipeline_orders_and_quotes_across_chunks);
  HY_TEST_ADD ("/core/import-pipeline/cancel", test_pipeline_cancel);
  return g_test_run ();
}
