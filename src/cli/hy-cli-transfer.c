/* hy-cli-transfer.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * import and export: getting members and transactions in and out as CSV.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "hy-cli.h"
#include "hy-error.h"
#include "hy-export.h"
#include "hy-import.h"
#include "hy-parse.h"

static gboolean
parse_kind (const char *word,
            gboolean   *out_members)
{
  if (g_strcmp0 (word, "members") == 0)
    *out_members = TRUE;
  else if (g_strcmp0 (word, "transactions") == 0)
    *out_members = FALSE;
  else
    return FALSE;

  return TRUE;
}

static void
print_fields (void)
{
  const HyParseField *fields;
  guint n_fields;

  fields = hy_parse_get_fields (&n_fields);
  g_print ("%s\n", _("Fields a column can be read as (--map COLUMN=field; “ignore” skips a column):"));
  for (guint i = 0; i < n_fields; i++)
    g_print ("  %-14s %s\n", fields[i].name, _(fields[i].description));
}

static const char *
delimiter_name (char delimiter)
{
  switch (delimiter)
    {
    case ',':
      return _("comma-separated");
    case ';':
      return _("semicolon-separated");
    case '\t':
      return _("tab-separated");
    case '|':
      return _("pipe-separated");
    case ' ':
      return _("whitespace-separated");
    default:
      return "";
    }
}

static gboolean
parse_delimiter (const char *text,
                 char       *out)
{
  if (text == NULL)
    *out = 0;
  else if (g_str_equal (text, "comma"))
    *out = ',';
  else if (g_str_equal (text, "semicolon"))
    *out = ';';
  else if (g_str_equal (text, "pipe"))
    *out = '|';
  else if (g_str_equal (text, "tab") || g_str_equal (text, "\\t"))
    *out = '\t';
  else if (g_str_equal (text, "space") || g_str_equal (text, "whitespace"))
    *out = ' ';
  else if (strlen (text) == 1 && strchr (",;|", text[0]) != NULL)
    *out = text[0];
  else
    return FALSE;

  return TRUE;
}

static gboolean
parse_encoding (const char    *text,
                HyCsvEncoding *out)
{
  if (text == NULL || g_ascii_strcasecmp (text, "auto") == 0)
    *out = HY_CSV_ENCODING_AUTO;
  else if (g_ascii_strcasecmp (text, "utf-8") == 0 || g_ascii_strcasecmp (text, "utf8") == 0)
    *out = HY_CSV_ENCODING_UTF8;
  else if (g_ascii_strcasecmp (text, "gb18030") == 0 || g_ascii_strcasecmp (text, "gbk") == 0 ||
           g_ascii_strcasecmp (text, "gb2312") == 0)
    *out = HY_CSV_ENCODING_GB18030;
  else
    return FALSE;

  return TRUE;
}

static void
add_count (JsonBuilder *builder,
           const char  *name,
           guint64      value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
print_report_json (const HyImportReport *report,
                   const GError         *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  char delimiter[2] = { report->delimiter, '\0' };

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, error == NULL);
  json_builder_set_member_name (builder, "written");
  json_builder_add_boolean_value (builder, report->written);
  if (error != NULL)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, error->message);
    }
  json_builder_set_member_name (builder, "encoding");
  json_builder_add_string_value (builder, report->encoding != NULL ? report->encoding : "");
  json_builder_set_member_name (builder, "delimiter");
  json_builder_add_string_value (builder, delimiter);
  add_count (builder, "rows_read", report->rows_read);
  add_count (builder, "rows_bad", report->rows_bad);
  add_count (builder, "rows_imported", report->rows_imported);
  add_count (builder, "rows_unchanged", report->rows_unchanged);
  add_count (builder, "members_created", report->members_created);
  add_count (builder, "members_updated", report->members_updated);
  add_count (builder, "transactions_created", report->transactions_created);
  add_count (builder, "stores_created", report->stores_created);

  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint i = 0; report->columns != NULL && i < report->columns->len; i++)
    {
      HyImportColumn *column = g_ptr_array_index (report->columns, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "column");
      json_builder_add_string_value (builder, column->column);
      json_builder_set_member_name (builder, "field");
      if (column->field != NULL)
        json_builder_add_string_value (builder, column->field);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; report->problems != NULL && i < report->problems->len; i++)
    {
      HyImportProblem *problem = g_ptr_array_index (report->problems, i);

      json_builder_begin_object (builder);
      add_count (builder, "line", problem->line);
      json_builder_set_member_name (builder, "column");
      json_builder_add_string_value (builder, problem->column);
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, problem->field);
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder, problem->value);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, problem->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  hy_cli_print_json (builder);
}

static char *
count_text (guint64 n)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, n);
}

static void
print_report_text (const HyImportReport  *report,
                   const char            *path,
                   gboolean               dry_run)
{
  g_autofree char *read = count_text (report->rows_read);
  g_autofree char *imported = count_text (report->rows_imported);
  g_autofree char *unchanged = count_text (report->rows_unchanged);
  g_autofree char *bad = count_text (report->rows_bad);
  g_autofree char *created = count_text (report->members_created);
  g_autofree char *updated = count_text (report->members_updated);
  g_autofree char *transactions = count_text (report->transactions_created);
  g_autoptr(GString) columns = g_string_new (NULL);

  g_print (_("Read %s rows from %s (%s, %s).\n"), read, path, report->encoding,
           delimiter_name (report->delimiter));
  for (guint i = 0; i < report->columns->len; i++)
    {
      HyImportColumn *column = g_ptr_array_index (report->columns, i);

      g_string_append_printf (columns, "%s%s → %s", i > 0 ? ", " : "", column->column,
                              column->field != NULL ? column->field : _("(ignored)"));
    }
  g_print (_("Columns: %s\n"), columns->str);

  for (guint i = 0; i < report->problems->len; i++)
    {
      HyImportProblem *problem = g_ptr_array_index (report->problems, i);

      if (problem->field[0] != '\0')
        g_print (_("line %u, %s (%s) “%s”: %s\n"), problem->line, problem->column, problem->field,
                 problem->value, problem->message);
      else
        g_print (_("line %u: %s\n"), problem->line, problem->message);
    }
  if (report->rows_bad > 0 && report->problems->len >= HY_IMPORT_MAX_PROBLEMS)
    g_print (_("(only the first %u problems are listed)\n"), HY_IMPORT_MAX_PROBLEMS);

  if (dry_run)
    g_print (_("Dry run: would import %s rows (%s members new, %s updated, %s transactions); %s already there; %s bad.\n"),
             imported, created, updated, transactions, unchanged, bad);
  else if (report->written)
    g_print (_("Imported %s rows: %s members new, %s updated, %s transactions; %s already there; %s bad rows skipped.\n"),
             imported, created, updated, transactions, unchanged, bad);
}

int
hy_cli_import (HyCli  *cli,
               int     argc,
               char  **argv)
{
  g_auto(GStrv) mappings = NULL;
  g_autofree char *delimiter_text = NULL;
  g_autofree char *encoding_text = NULL;
  gboolean no_header = FALSE, dry_run = FALSE, accept_partial = FALSE, fields = FALSE;
  int batch = 0;
  GOptionEntry entries[] = {
    { "map", 0, 0, G_OPTION_ARG_STRING_ARRAY, &mappings, N_("Read COLUMN (a header or a 1-based position) as FIELD; repeatable"), N_("COLUMN=FIELD") },
    { "no-header", 0, 0, G_OPTION_ARG_NONE, &no_header, N_("The first line is data, not column names"), NULL },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, N_("Check the file and say what would happen; write nothing"), NULL },
    { "accept-partial", 0, 0, G_OPTION_ARG_NONE, &accept_partial, N_("Import the good rows even when some rows are bad"), NULL },
    { "delimiter", 0, 0, G_OPTION_ARG_STRING, &delimiter_text, N_("comma, semicolon, tab, pipe or space (default: detect)"), N_("D") },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding_text, N_("auto, utf-8 or gb18030 (default: auto)"), N_("E") },
    { "batch", 0, 0, G_OPTION_ARG_INT, &batch, N_("Rows per database transaction (default 250000)"), N_("N") },
    { "fields", 0, 0, G_OPTION_ARG_NONE, &fields, N_("List the fields a column can be read as"), NULL },
    { NULL }
  };
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(HyImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  HyImportOptions options = { 0 };
  gboolean members;
  gboolean ok;

  if (!hy_cli_parse_options (cli, "import", "members|transactions FILE",
                             _("Imports members or transactions from CSV (UTF-8 or GB18030, any common delimiter, English or Chinese headers). Without --accept-partial, a file with bad rows imports nothing. Importing a file again changes nothing."),
                             entries, &argc, &argv))
    return HY_CLI_EXIT_USAGE;
  if (fields)
    {
      print_fields ();
      return 0;
    }
  if (argc != 3 || !parse_kind (argv[1], &members))
    return hy_cli_usage (cli, _("import needs “members” or “transactions” and a file name"));
  if (!parse_delimiter (delimiter_text, &options.delimiter))
    return hy_cli_usage (cli, _("--delimiter must be comma, semicolon, tab, pipe or space"));
  if (!parse_encoding (encoding_text, &options.encoding))
    return hy_cli_usage (cli, _("--encoding must be auto, utf-8 or gb18030"));
  if (batch < 0)
    return hy_cli_usage (cli, _("--batch must be a positive number"));

  if (!(db = hy_cli_open_database (cli, HY_DATABASE_OPEN_CREATE)))
    return HY_CLI_EXIT_FAILED;

  options.kind = members ? HY_IMPORT_MEMBERS : HY_IMPORT_TRANSACTIONS;
  options.no_header = no_header;
  options.mappings = (const char * const *) mappings;
  options.dry_run = dry_run;
  options.accept_partial = accept_partial;
  options.batch_size = batch;

  ok = hy_import_run (db, argv[2], &options, &report, hy_cli_progress, cli, cli->cancellable, &error);
  hy_cli_progress_done (cli);

  if (report != NULL && report->columns != NULL)
    {
      if (cli->json)
        print_report_json (report, error);
      else
        print_report_text (report, argv[2], dry_run);
    }

  if (!ok)
    {
      fflush (stdout);
      g_printerr ("huiyuan-cli: %s\n", error->message);
      if (cli->json && (report == NULL || report->columns == NULL))
        return hy_cli_fail (cli, error);
      return HY_CLI_EXIT_FAILED;
    }

  return 0;
}

int
hy_cli_export (HyCli  *cli,
               int     argc,
               char  **argv)
{
  gboolean bom = FALSE;
  gboolean chinese = FALSE;
  GOptionEntry entries[] = {
    { "bom", 0, 0, G_OPTION_ARG_NONE, &bom, N_("Start the file with a byte order mark, so that Excel shows Chinese text correctly"), NULL },
    { "chinese-headers", 0, 0, G_OPTION_ARG_NONE, &chinese, N_("Name the columns in Chinese (手机号, 姓名, …)"), NULL },
    { NULL }
  };
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  HyExportOptions options = { 0 };
  gboolean members;
  guint64 rows = 0;

  if (!hy_cli_parse_options (cli, "export", "members|transactions FILE",
                             _("Writes members (one row each) or transactions (one row per item line) to a CSV file that “import” reads back."),
                             entries, &argc, &argv))
    return HY_CLI_EXIT_USAGE;
  if (argc != 3 || !parse_kind (argv[1], &members))
    return hy_cli_usage (cli, _("export needs “members” or “transactions” and a file name"));
  /* Writable: every export goes into the audit log. */
  if (!(db = hy_cli_open_database (cli, HY_DATABASE_OPEN_DEFAULT)))
    return HY_CLI_EXIT_FAILED;

  options.kind = members ? HY_EXPORT_MEMBERS : HY_EXPORT_TRANSACTIONS;
  options.bom = bom;
  options.chinese_headers = chinese;
  if (!hy_export_run (db, argv[2], &options, &rows, hy_cli_progress, cli, cli->cancellable, &error))
    return hy_cli_fail (cli, error);
  hy_cli_progress_done (cli);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, argv[2]);
      json_builder_set_member_name (builder, "rows");
      json_builder_add_int_value (builder, rows);
      json_builder_end_object (builder);
      hy_cli_print_json (builder);
    }
  else
    {
      g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, rows);

      /* With "-" the CSV itself is on standard output. */
      if (g_str_equal (argv[2], "-"))
        g_printerr (_("Wrote %s rows.\n"), count);
      else
        g_print (_("Wrote %s rows to %s.\n"), count, argv[2]);
    }

  return 0;
}
