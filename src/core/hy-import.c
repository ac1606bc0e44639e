/* hy-import.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The import driver: reads the header, decides what each column means, runs the validating
 * pass and, when allowed, the writing pass in batches.  See hy-import-private.h.
 */

#define G_LOG_DOMAIN "hy-import"

#include "config.h"

#include <glib/gi18n.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-import-private.h"
#include "hy-parse.h"
#include "hy-time.h"

/* Rows per SQLite transaction.  Each commit writes every index page the batch touched, and the
 * member and time indexes are touched all over: at 20,000 rows a 10M-row import rewrote them
 * about 500 times and took 40% longer than at 250,000. */
#define DEFAULT_BATCH 250000
/* The page cache of an all-or-nothing import's connection while it writes (see run_pass ()). */
#define ALL_OR_NOTHING_CACHE_KIB (1 << 20)

static const char * const field_names[N_IMPORT_FIELDS] = {
  [F_UID] = "uid",
  [F_MEMBER_UID] = "member_uid",
  [F_NAME] = "name",
  [F_PHONE] = "phone",
  [F_CARD] = "card",
  [F_WECHAT] = "wechat",
  [F_EMAIL] = "email",
  [F_EXTERNAL_ID] = "external_id",
  [F_GENDER] = "gender",
  [F_BIRTHDAY] = "birthday",
  [F_JOINED_AT] = "joined_at",
  [F_STORE] = "store",
  [F_CHANNEL] = "channel",
  [F_TAGS] = "tags",
  [F_NOTES] = "notes",
  [F_OCCURRED_AT] = "occurred_at",
  [F_KIND] = "kind",
  [F_AMOUNT] = "amount",
  [F_GROSS] = "gross",
  [F_DISCOUNT] = "discount",
  [F_QUANTITY] = "quantity",
  [F_ORDER_NO] = "order_no",
  [F_PAYMENT] = "payment",
  [F_REFUND_OF] = "refund_of",
  [F_LINE] = "line",
  [F_SKU] = "sku",
  [F_ITEM_NAME] = "item_name",
  [F_CATEGORY] = "category",
  [F_ITEM_QUANTITY] = "item_quantity",
  [F_UNIT_PRICE] = "unit_price",
  [F_LINE_AMOUNT] = "line_amount",
};

/* Which fields each kind of import reads; the others are ignored with a note. */
static const guint64 member_fields =
  (1ull << F_UID) | (1ull << F_MEMBER_UID) | (1ull << F_NAME) | (1ull << F_PHONE) |
  (1ull << F_CARD) | (1ull << F_WECHAT) | (1ull << F_EMAIL) | (1ull << F_EXTERNAL_ID) |
  (1ull << F_GENDER) | (1ull << F_BIRTHDAY) | (1ull << F_JOINED_AT) | (1ull << F_STORE) |
  (1ull << F_CHANNEL) | (1ull << F_TAGS) | (1ull << F_NOTES);

static const guint64 transaction_fields =
  (1ull << F_UID) | (1ull << F_MEMBER_UID) | (1ull << F_NAME) | (1ull << F_PHONE) |
  (1ull << F_CARD) | (1ull << F_WECHAT) | (1ull << F_EMAIL) | (1ull << F_EXTERNAL_ID) |
  (1ull << F_STORE) | (1ull << F_CHANNEL) | (1ull << F_NOTES) | (1ull << F_OCCURRED_AT) |
  (1ull << F_KIND) | (1ull << F_AMOUNT) | (1ull << F_GROSS) | (1ull << F_DISCOUNT) |
  (1ull << F_QUANTITY) | (1ull << F_ORDER_NO) | (1ull << F_PAYMENT) | (1ull << F_REFUND_OF) |
  (1ull << F_LINE) | (1ull << F_SKU) | (1ull << F_ITEM_NAME) | (1ull << F_CATEGORY) |
  (1ull << F_ITEM_QUANTITY) | (1ull << F_UNIT_PRICE) | (1ull << F_LINE_AMOUNT);

const char *
_hy_import_field_name (ImportField field)
{
  return field_names[field];
}

static int
field_from_name (const char *name)
{
  for (guint i = 0; i < N_IMPORT_FIELDS; i++)
    if (g_strcmp0 (field_names[i], name) == 0)
      return i;

  return -1;
}

void
_hy_import_problem_free (gpointer data)
{
  HyImportProblem *problem = data;

  if (problem == NULL)
    return;
  g_free (problem->column);
  g_free (problem->field);
  g_free (problem->value);
  g_free (problem->message);
  g_free (problem);
}

static void
column_free (gpointer data)
{
  HyImportColumn *column = data;

  g_free (column->column);
  g_free (column->field);
  g_free (column);
}

void
hy_import_report_free (HyImportReport *report)
{
  if (report == NULL)
    return;

  g_free (report->encoding);
  g_ptr_array_unref (report->columns);
  g_ptr_array_unref (report->problems);
  g_free (report);
}

gboolean
_hy_import_has_column (Import      *imp,
                       ImportField  field)
{
  return imp->column_of[field] >= 0;
}

const char *
_hy_import_field (Import      *imp,
                  ImportField  field)
{
  int column = imp->column_of[field];
  const char *text;
  gsize len = 0;

  if (column < 0 || (guint) column >= hy_csv_reader_get_n_fields (imp->reader))
    return "";

  text = hy_csv_reader_get_field (imp->reader, column, &len);
  if (text == NULL)
    return "";
  /* The reader trims unquoted fields; a spreadsheet's text mark is not part of the value. */
  if (text[0] == '\'')
    text++;

  return text;
}

static const char *
column_title (Import      *imp,
              ImportField  field)
{
  int column = imp->column_of[field];

  if (column < 0 || (guint) column >= imp->report->columns->len)
    return "";

  return ((HyImportColumn *) g_ptr_array_index (imp->report->columns, column))->column;
}

void
_hy_import_problem (Import      *imp,
                    ImportField  field,
                    const char  *value,
                    const char  *format,
                    ...)
{
  HyImportProblem *problem;
  va_list args;

  imp->row_bad = TRUE;

  if (imp->n_problems >= HY_IMPORT_MAX_PROBLEMS)
    return;

  problem = g_new0 (HyImportProblem, 1);
  problem->line = imp->row_line;
  problem->column = g_strdup (field != F_ROW ? column_title (imp, field) : "");
  problem->field = g_strdup (field != F_ROW ? field_names[field] : "");
  problem->value = g_strdup (value != NULL ? value : "");
  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (imp->problems, problem);
  imp->n_problems++;
}

/* Takes the problems another thread found in the current row (@first, @n of @problems). */
void
_hy_import_add_problems (Import    *imp,
                         GPtrArray *problems,
                         guint      first,
                         guint      n)
{
  for (guint i = first; i < first + n; i++)
    {
      HyImportProblem *problem = g_steal_pointer (&problems->pdata[i]);

      imp->row_bad = TRUE;
      if (imp->n_problems >= HY_IMPORT_MAX_PROBLEMS)
        {
          _hy_import_problem_free (problem);
          continue;
        }
      g_ptr_array_add (imp->problems, problem);
      imp->n_problems++;
    }
}

void
_hy_import_take_error (Import      *imp,
                       ImportField  field,
                       const char  *value,
                       GError      *error)
{
  _hy_import_problem (imp, field, value, "%s", error->message);
  g_error_free (error);
}

/* Whether the row (of @n_rows lines of the file) may be written or counted: not when it had a
 * problem.  An all-or-nothing import stops writing at the first. */
gboolean
_hy_import_accept (Import *imp,
                   guint   n_rows)
{
  if (!imp->row_bad)
    return TRUE;

  imp->report->rows_bad += n_rows;
  if (imp->writing && !imp->options->accept_partial)
    imp->refused = TRUE;
  return FALSE;
}

/* What each column of the file means: from its header through the dictionary of English and
 * Chinese names, or by position, and then the caller's --map, which always wins. */
static gboolean
map_columns (Import   *imp,
             GError  **error)
{
  HyImportReport *report = imp->report;
  guint64 allowed = imp->options->kind == HY_IMPORT_MEMBERS ? member_fields : transaction_fields;
  guint n = hy_csv_reader_get_n_fields (imp->reader);

  for (guint i = 0; i < N_IMPORT_FIELDS; i++)
    imp->column_of[i] = -1;

  for (guint i = 0; i < n; i++)
    {
      HyImportColumn *column = g_new0 (HyImportColumn, 1);
      const char *header = hy_csv_reader_get_field (imp->reader, i, NULL);

      if (imp->options->no_header || header == NULL || header[0] == '\0')
        column->column = g_strdup_printf (_("column %u"), i + 1);
      else
        column->column = g_strdup (header);

      if (!imp->options->no_header && header != NULL)
        {
          int field = field_from_name (hy_parse_header_field (header));

          /* A members file's own uid is its member_uid, and the other way round. */
          if (imp->options->kind == HY_IMPORT_MEMBERS && field == F_MEMBER_UID)
            field = F_UID;
          if (field >= 0 && (allowed & (1ull << field)) != 0 && imp->column_of[field] < 0)
            {
              imp->column_of[field] = i;
              column->field = g_strdup (field_names[field]);
            }
        }
      g_ptr_array_add (report->columns, column);
    }

  for (guint i = 0; imp->options->mappings != NULL && imp->options->mappings[i] != NULL; i++)
    {
      const char *mapping = imp->options->mappings[i];
      const char *equals = strchr (mapping, '=');
      g_autofree char *name = NULL;
      int column = -1;
      int field;

      if (equals == NULL)
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("--map “%s”: write COLUMN=field, e.g. 手机号=phone or 3=amount"), mapping);
          return FALSE;
        }
      name = g_strstrip (g_strndup (mapping, equals - mapping));
      field = g_str_equal (equals + 1, "ignore") ? N_IMPORT_FIELDS : field_from_name (equals + 1);
      if (field < 0 || (field < N_IMPORT_FIELDS && (allowed & (1ull << field)) == 0))
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("--map “%s”: “%s” is not a field this import reads (see --fields)"),
                       mapping, equals + 1);
          return FALSE;
        }

      if (g_ascii_isdigit (name[0]))
        {
          column = atoi (name) - 1;
          if (column < 0 || (guint) column >= n)
            column = -1;
        }
      else
        for (guint j = 0; j < n && column < 0; j++)
          if (g_utf8_collate (((HyImportColumn *) g_ptr_array_index (report->columns, j))->column, name) == 0)
            column = j;

      if (column < 0)
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("--map “%s”: the file has no column “%s” (it has %u columns)"), mapping, name, n);
          return FALSE;
        }

      /* The column's old meaning goes, and so does the field's old column. */
      for (guint f = 0; f < N_IMPORT_FIELDS; f++)
        if (imp->column_of[f] == column || (int) f == field)
          {
            if (imp->column_of[f] >= 0)
              g_clear_pointer (&((HyImportColumn *) g_ptr_array_index (report->columns, imp->column_of[f]))->field, g_free);
            imp->column_of[f] = -1;
          }
      if (field < N_IMPORT_FIELDS)
        {
          HyImportColumn *target = g_ptr_array_index (report->columns, column);

          imp->column_of[field] = column;
          g_free (target->field);
          target->field = g_strdup (field_names[field]);
        }
    }

  return TRUE;
}

/* Opens the file for a pass, past its header. */
gboolean
_hy_import_open_reader (Import  *imp,
                        GError **error)
{
  g_clear_pointer (&imp->reader, hy_csv_reader_free);
  imp->reader = hy_csv_reader_new_for_path (imp->path, imp->options->encoding, imp->options->delimiter, error);
  if (imp->reader == NULL)
    return FALSE;
  imp->bytes_total = hy_csv_reader_get_bytes_total (imp->reader);

  /* The header row is read once per pass; its meaning was decided in map_columns(). */
  if (imp->options->no_header)
    return TRUE;
  if (!hy_csv_reader_next (imp->reader, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("The file is empty"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
record_import (Import      *imp,
               const char  *path,
               gint64       started,
               GError     **error)
{
  static const char insert_import[] =
    "INSERT INTO imports (kind, source, started_at, finished_at, rows_read, rows_imported,"
    "                     rows_skipped, rows_bad)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
  g_autofree char *base = g_path_get_basename (path);
  sqlite3_stmt *stmt = _hy_database_prepare (imp->db, insert_import, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, imp->options->kind == HY_IMPORT_MEMBERS ? "members" : "transactions", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, base, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, started);
  sqlite3_bind_int64 (stmt, 4, hy_time_now ());
  sqlite3_bind_int64 (stmt, 5, imp->report->rows_read);
  sqlite3_bind_int64 (stmt, 6, imp->report->rows_imported);
  sqlite3_bind_int64 (stmt, 7, imp->report->rows_unchanged);
  sqlite3_bind_int64 (stmt, 8, imp->report->rows_bad);
  return _hy_database_step_done (imp->db, stmt, error);
}

static void
reset_pass_state (Import *imp)
{
  g_hash_table_remove_all (imp->members);
  g_hash_table_remove_all (imp->stores);
  imp->next_new_member = 0;
  imp->next_new_store = 0;
  if (imp->state_free != NULL && imp->state != NULL)
    imp->state_free (imp->state);
  imp->state = NULL;
  imp->state_free = NULL;
}

/* One pass over the file: writing, or checking only (a dry run, or naming the bad rows of a
 * refused import).  An all-or-nothing pass that meets a bad row rolls back, stops and sets
 * imp->refused. */
static gboolean
run_pass (Import          *imp,
          gboolean         writing,
          HyProgressFunc   progress,
          gpointer         progress_data,
          GCancellable    *cancellable,
          GError         **error)
{
  gboolean members = imp->options->kind == HY_IMPORT_MEMBERS;
  gboolean (*prepare) (Import *, GError **) = members ? _hy_import_members_prepare : _hy_import_transactions_prepare;
  int (*next) (Import *, GError **) = members ? _hy_import_members_next : _hy_import_transactions_next;
  gboolean (*flush) (Import *, gboolean, GError **) = members ? _hy_import_members_flush : _hy_import_transactions_flush;
  guint batch = imp->options->batch_size != 0 ? imp->options->batch_size : DEFAULT_BATCH;
  /* All or nothing: the whole file in one SQLite transaction, committed once it is all good. */
  gboolean commit_batches = writing && imp->options->accept_partial;
  gint64 started = hy_time_now ();
  GError *local_error = NULL;
  guint64 rows = 0;
  guint64 next_flush = batch;
  guint64 next_tick = 4096;
  gint64 cache_before = 0;
  int n;

  imp->writing = writing;
  imp->refused = FALSE;
  imp->problems = imp->report->problems;
  imp->n_problems = imp->problems->len;
  reset_pass_state (imp);
  if (!prepare (imp, error))
    return FALSE;

  /* One transaction for the whole file grows a write-ahead log of gigabytes, in which every
   * page the cache no longer holds is looked for: at 10M rows a 1 GB cache writes it in 75 s
   * instead of 85 s.  The pages are only taken as they are used. */
  if (writing && !commit_batches)
    cache_before = _hy_database_set_cache_kib (imp->db, ALL_OR_NOTHING_CACHE_KIB);
  if (writing && !hy_database_begin (imp->db, error))
    {
      if (!commit_batches)
        _hy_database_restore_cache_size (imp->db, cache_before);
      return FALSE;
    }

  while (!imp->refused && (n = next (imp, &local_error)) > 0)
    {
      rows += n;

      /* Each batch's member aggregates are written before it is committed, or, all or
       * nothing, kept in the transaction. */
      if (writing && rows >= next_flush)
        {
          next_flush = (rows / batch + 1) * batch;
          if (!flush (imp, FALSE, &local_error))
            goto failed;
          if (commit_batches &&
              (!hy_database_commit (imp->db, &local_error) || !hy_database_begin (imp->db, &local_error)))
            goto failed;
        }

      if (rows >= next_tick)
        {
          next_tick = (rows / 4096 + 1) * 4096;
          if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
            goto failed;
          if (progress != NULL)
            progress (imp->bytes_read, imp->bytes_total, progress_data);
        }
    }
  if (local_error != NULL)
    goto failed;

  if (imp->refused)
    {
      hy_database_rollback (imp->db);
      reset_pass_state (imp);
      if (writing && !commit_batches)
        _hy_database_restore_cache_size (imp->db, cache_before);
      return TRUE;
    }

  imp->report->rows_read = rows;
  if (!flush (imp, TRUE, &local_error))
    goto failed;

  if (writing &&
      (!record_import (imp, imp->path, started, &local_error) ||
       !hy_database_commit (imp->db, &local_error)))
    goto failed;

  if (writing && !commit_batches)
    _hy_database_restore_cache_size (imp->db, cache_before);
  return TRUE;

failed:
  if (writing && _hy_database_in_transaction (imp->db))
    hy_database_rollback (imp->db);
  if (writing && !commit_batches)
    _hy_database_restore_cache_size (imp->db, cache_before);
  reset_pass_state (imp);
  g_propagate_error (error, local_error);
  return FALSE;
}

static void
import_free (Import *imp)
{
  reset_pass_state (imp);
  g_clear_pointer (&imp->reader, hy_csv_reader_free);
  g_clear_pointer (&imp->members, g_hash_table_unref);
  g_clear_pointer (&imp->stores, g_hash_table_unref);
}

/* Opens the file and decides what its columns mean: the same for every pass. */
static gboolean
import_init (Import                 *imp,
             HyDatabase             *db,
             const char             *path,
             const HyImportOptions  *options,
             HyImportReport         *report,
             GError                **error)
{
  imp->db = db;
  imp->path = path;
  imp->options = options;
  imp->report = report;
  imp->tz = hy_database_get_time_zone (db);
  imp->members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  imp->stores = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* The header (or, without one, the first row's width) decides what the columns mean. */
  imp->reader = hy_csv_reader_new_for_path (path, options->encoding, options->delimiter, error);
  if (imp->reader == NULL)
    return FALSE;
  if (!hy_csv_reader_next (imp->reader, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("The file is empty"));
      return FALSE;
    }
  g_free (report->encoding);
  report->encoding = g_strdup (hy_csv_reader_get_encoding_name (imp->reader));
  report->delimiter = hy_csv_reader_get_delimiter (imp->reader);

  return map_columns (imp, error);
}

static HyImportReport *
report_new (void)
{
  HyImportReport *report = g_new0 (HyImportReport, 1);

  report->columns = g_ptr_array_new_with_free_func (column_free);
  report->problems = g_ptr_array_new_with_free_func (_hy_import_problem_free);
  return report;
}

static void
set_partial_error (HyImportReport  *report,
                   GError         **error)
{
  g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, report->rows_bad);

  g_set_error (error, HY_ERROR, HY_ERROR_PARTIAL,
               g_dngettext (GETTEXT_PACKAGE,
                            "%s bad row found; nothing was imported. Fix it, or import the good rows with --accept-partial",
                            "%s bad rows found; nothing was imported. Fix them, or import the good rows with --accept-partial",
                            report->rows_bad),
               count);
}

/* What a refused import reports: what a checking pass finds, as from a dry run. */
static void
report_reset (HyImportReport *report)
{
  g_ptr_array_set_size (report->problems, 0);
  report->rows_read = 0;
  report->rows_bad = 0;
  report->rows_imported = 0;
  report->rows_unchanged = 0;
  report->members_created = 0;
  report->members_updated = 0;
  report->transactions_created = 0;
  report->stores_created = 0;
}

/**
 * hy_import_run:
 * @path: the CSV file
 * @report: (out) (optional): what was read, written and found wrong; set even when the import
 *   is refused because of bad rows
 *
 * Imports members or transactions.  Importing the same file again changes nothing.  Without
 * @options->accept_partial, a file with any bad row writes nothing and fails with
 * HY_ERROR_PARTIAL; the report lists every bad row with its line, column and reason.  Such an
 * import writes the whole file in one SQLite transaction, committed at the end; at the first
 * bad row it rolls back and reads the file once more, only checking, to name every bad row.
 *
 * Returns: %TRUE when the import ran (or the dry run finished)
 */
gboolean
hy_import_run (HyDatabase              *db,
               const char              *path,
               const HyImportOptions   *options,
               HyImportReport         **out_report,
               HyProgressFunc           progress,
               gpointer                 progress_data,
               GCancellable            *cancellable,
               GError                 **error)
{
  g_autoptr(HyImportReport) report = report_new ();
  Import imp = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (HY_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  if (!import_init (&imp, db, path, options, report, error))
    goto out;

  if (options->dry_run)
    {
      ok = run_pass (&imp, FALSE, progress, progress_data, cancellable, error);
      goto out;
    }

  ok = run_pass (&imp, TRUE, progress, progress_data, cancellable, error);
  if (ok && imp.refused)
    {
      guint line = imp.row_line;

      /* Nothing was written.  Later rows may be bad too: a checking pass names them all. */
      report_reset (report);
      if (run_pass (&imp, FALSE, progress, progress_data, cancellable, error))
        {
          if (report->rows_bad > 0)
            set_partial_error (report, error);
          else
            g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                         _("Line %u could not be written, but the file has no bad row; nothing was imported"),
                         line);
        }
      ok = FALSE;
    }
  report->written = ok;

out:
  import_free (&imp);
  if (out_report != NULL)
    *out_report = g_steal_pointer (&report);
  return ok;
}
