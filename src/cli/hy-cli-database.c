/* hy-cli-database.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * init, stats, backup and check: the commands about the database as a whole.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-check.h"
#include "hy-cli.h"
#include "hy-error.h"
#include "hy-industry.h"
#include "hy-member.h"
#include "hy-money.h"
#include "hy-summary.h"

static gboolean
set_if_given (HyDatabase  *db,
              const char  *key,
              const char  *value,
              GError     **error)
{
  return value == NULL || hy_database_set_setting (db, key, value, error);
}

int
hy_cli_init (HyCli  *cli,
             int     argc,
             char  **argv)
{
  g_autofree char *store_name = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *time_zone = NULL;
  g_autofree char *industry = NULL;
  GOptionEntry entries[] = {
    { "store-name", 0, 0, G_OPTION_ARG_STRING, &store_name, N_("The store’s name"), N_("NAME") },
    { "currency", 0, 0, G_OPTION_ARG_STRING, &currency, N_("Currency code (default CNY)"), N_("CODE") },
    { "time-zone", 0, 0, G_OPTION_ARG_STRING, &time_zone, N_("Time zone, e.g. Asia/Shanghai (default: this computer’s)"), N_("ZONE") },
    { "industry", 0, 0, G_OPTION_ARG_STRING, &industry, N_("beauty, supermarket, gym, bakery or general"), N_("INDUSTRY") },
    { NULL }
  };
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  gboolean existed;
  HyIndustry ignored;

  if (!hy_cli_parse_options (cli, "init", NULL, _("Creates the database if it does not exist, upgrades it if it is older."),
                             entries, &argc, &argv))
    return HY_CLI_EXIT_USAGE;
  if (argc > 1)
    return hy_cli_usage (cli, _("init takes no arguments; give the database with --db"));
  if (industry != NULL && !hy_industry_from_string (industry, &ignored))
    return hy_cli_usage (cli, _("Unknown industry “%s”: use beauty, supermarket, gym, bakery or general"), industry);

  existed = g_file_test (cli->db_path, G_FILE_TEST_EXISTS);
  dir = g_path_get_dirname (cli->db_path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (&error, HY_ERROR, HY_ERROR_READ_ONLY, _("Could not create the folder “%s”"), dir);
      return hy_cli_fail (cli, error);
    }

  if (!(db = hy_cli_open_database (cli, HY_DATABASE_OPEN_CREATE)))
    return HY_CLI_EXIT_FAILED;

  if (!set_if_given (db, "store.name", store_name, &error) ||
      !set_if_given (db, "currency", currency, &error) ||
      !set_if_given (db, "time_zone", time_zone, &error) ||
      !set_if_given (db, "industry", industry, &error))
    return hy_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, cli->db_path);
      json_builder_set_member_name (builder, "created");
      json_builder_add_boolean_value (builder, !existed);
      json_builder_set_member_name (builder, "schema_version");
      json_builder_add_int_value (builder, hy_database_get_schema_version (db));
      json_builder_set_member_name (builder, "store_uid");
      json_builder_add_string_value (builder, hy_database_get_store_uid (db));
      json_builder_end_object (builder);
      hy_cli_print_json (builder);
    }
  else if (existed)
    g_print (_("%s is a Huiyuan database, version %d.\n"), cli->db_path, hy_database_get_schema_version (db));
  else
    g_print (_("Created %s (database version %d).\n"), cli->db_path, hy_database_get_schema_version (db));

  return 0;
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/* Prints "label   value" with the values lined up in a column, counting a Chinese character
 * as two columns (printf's %-24s counts bytes). */
static void G_GNUC_PRINTF (3, 4)
print_field (guint       indent,
             const char *label,
             const char *format,
             ...)
{
  g_autofree char *value = NULL;
  guint width = indent;
  va_list args;

  for (const char *p = label; *p != '\0'; p = g_utf8_next_char (p))
    width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;

  va_start (args, format);
  value = g_strdup_vprintf (format, args);
  va_end (args);

  g_print ("%*s%s%*s %s\n", (int) indent, "", label, (int) (width < 24 ? 24 - width : 0), "", value);
}

int
hy_cli_stats (HyCli  *cli,
              int     argc,
              char  **argv)
{
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *store_name = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *sales = NULL;
  g_autofree char *refunds = NULL;
  g_autofree char *net = NULL;
  g_autofree char *member_sales = NULL;
  HySummary s;

  if (!hy_cli_parse_options (cli, "stats", NULL, _("Counts and totals of the database."), NULL, &argc, &argv))
    return HY_CLI_EXIT_USAGE;
  if (!(db = hy_cli_open_database_for_reading (cli)))
    return HY_CLI_EXIT_FAILED;
  if (!hy_database_summarize (db, &s, &error))
    return hy_cli_fail (cli, error);

  store_name = hy_database_dup_setting (db, "store.name");
  currency = hy_database_dup_setting (db, "currency");
  first = hy_cli_format_time (db, s.first_at);
  last = hy_cli_format_time (db, s.last_at);
  sales = hy_money_format (s.sales_total, cli->json ? FALSE : TRUE);
  refunds = hy_money_format (s.refunds_total, !cli->json);
  net = hy_money_format (s.sales_total - s.refunds_total, !cli->json);
  member_sales = hy_money_format (s.member_sales_total, !cli->json);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_string (builder, "store_name", store_name);
      add_string (builder, "currency", currency);
      add_int (builder, "schema_version", s.schema_version);
      add_int (builder, "file_size", s.file_size);
      add_int (builder, "stores", s.stores);
      add_int (builder, "members", s.members);
      add_int (builder, "merged_members", s.merged_members);
      add_int (builder, "tagged_members", s.tagged_members);
      json_builder_set_member_name (builder, "identities");
      json_builder_begin_object (builder);
      for (guint i = 0; i < HY_N_IDENTITY_KINDS; i++)
        add_int (builder, hy_identity_kind_to_string (i), s.identities[i]);
      json_builder_end_object (builder);
      add_int (builder, "sales", s.sales);
      add_int (builder, "walk_in_sales", s.walk_in_sales);
      add_int (builder, "refunds", s.refunds);
      add_int (builder, "transactions", s.sales + s.refunds);
      add_int (builder, "sales_total_minor", s.sales_total);
      add_int (builder, "refunds_total_minor", s.refunds_total);
      add_int (builder, "net_total_minor", s.sales_total - s.refunds_total);
      add_int (builder, "member_sales_total_minor", s.member_sales_total);
      add_string (builder, "first_transaction", first);
      add_string (builder, "last_transaction", last);
      add_int (builder, "change_log_seq", s.change_log_seq);
      json_builder_end_object (builder);
      hy_cli_print_json (builder);
      return 0;
    }

  print_field (0, _("Store"), "%s", store_name[0] != '\0' ? store_name : _("(not named yet)"));
  print_field (0, _("Database version"), "%d", s.schema_version);
  print_field (0, _("File size"), "%.1f MB", s.file_size / 1e6);
  print_field (0, _("Stores"), "%" G_GINT64_FORMAT, s.stores);
  print_field (0, _("Members"), "%" G_GINT64_FORMAT, s.members);
  print_field (0, _("Merged records"), "%" G_GINT64_FORMAT, s.merged_members);
  for (guint i = 0; i < HY_N_IDENTITY_KINDS; i++)
    print_field (2, hy_identity_kind_get_label (i), "%" G_GINT64_FORMAT, s.identities[i]);
  print_field (0, _("Sales"), "%" G_GINT64_FORMAT " (%s %" G_GINT64_FORMAT ")", s.sales,
               _("walk-in"), s.walk_in_sales);
  print_field (0, _("Refunds"), "%" G_GINT64_FORMAT, s.refunds);
  print_field (0, _("Sales total"), "%s %s", sales, currency);
  print_field (0, _("Refunded"), "%s %s", refunds, currency);
  print_field (0, _("Net takings"), "%s %s", net, currency);
  print_field (0, _("Members’ purchases"), "%s %s", member_sales, currency);
  print_field (0, _("Period"), "%s – %s", first, last);
  return 0;
}

int
hy_cli_backup (HyCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(GError) error = NULL;

  if (!hy_cli_parse_options (cli, "backup", "DEST", _("Writes a consistent copy of the database to DEST, even while the app is using it."),
                             NULL, &argc, &argv))
    return HY_CLI_EXIT_USAGE;
  if (argc != 2)
    return hy_cli_usage (cli, _("backup needs exactly one destination file"));
  if (!(db = hy_cli_open_database (cli, HY_DATABASE_OPEN_READ_ONLY)))
    return HY_CLI_EXIT_FAILED;

  if (!hy_database_backup (db, argv[1], hy_cli_progress, cli, cli->cancellable, &error))
    return hy_cli_fail (cli, error);
  hy_cli_progress_done (cli);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      add_string (builder, "backup", argv[1]);
      json_builder_end_object (builder);
      hy_cli_print_json (builder);
    }
  else
    g_print (_("Backed up to %s.\n"), argv[1]);

  return 0;
}

int
hy_cli_check (HyCli  *cli,
              int     argc,
              char  **argv)
{
  gboolean full = FALSE;
  GOptionEntry entries[] = {
    { "full", 0, 0, G_OPTION_ARG_NONE, &full, N_("Check every page of the file (slower)"), NULL },
    { NULL }
  };
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(HyCheckReport) report = NULL;
  g_autoptr(GError) error = NULL;

  if (!hy_cli_parse_options (cli, "check", NULL, _("Checks the file and that every kept figure matches the rows it sums up. Reads only."),
                             entries, &argc, &argv))
    return HY_CLI_EXIT_USAGE;
  if (!(db = hy_cli_open_database (cli, HY_DATABASE_OPEN_READ_ONLY)))
    return HY_CLI_EXIT_FAILED;

  if (!hy_database_check (db, full ? HY_CHECK_FULL : HY_CHECK_DEFAULT, &report,
                          hy_cli_progress, cli, cli->cancellable, &error))
    return hy_cli_fail (cli, error);
  hy_cli_progress_done (cli);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, report->n_problems == 0);
      add_int (builder, "members_checked", report->members_checked);
      add_int (builder, "transactions_checked", report->transactions_checked);
      add_int (builder, "problems_found", report->n_problems);
      json_builder_set_member_name (builder, "problems");
      json_builder_begin_array (builder);
      for (guint i = 0; i < report->problems->len; i++)
        {
          HyCheckProblem *problem = g_ptr_array_index (report->problems, i);

          json_builder_begin_object (builder);
          add_string (builder, "area", problem->area);
          add_string (builder, "message", problem->message);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      hy_cli_print_json (builder);
    }
  else
    {
      for (guint i = 0; i < report->problems->len; i++)
        {
          HyCheckProblem *problem = g_ptr_array_index (report->problems, i);

          g_print ("%s: %s\n", problem->area, problem->message);
        }
      if (report->n_problems > report->problems->len)
        g_print (_("… and %llu more problems.\n"), (unsigned long long) (report->n_problems - report->problems->len));
      if (report->n_problems == 0)
        g_print (_("All good: %llu members and %llu transactions add up.\n"),
                 (unsigned long long) report->members_checked,
                 (unsigned long long) report->transactions_checked);
    }

  return report->n_problems == 0 ? 0 : HY_CLI_EXIT_FAILED;
}
