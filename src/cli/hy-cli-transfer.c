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

#include "hy-cli.h"
#include "hy-export.h"

int
hy_cli_import (HyCli  *cli,
               int     argc,
               char  **argv)
{
  return hy_cli_usage (cli, "import: not built yet");
}

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
  if (!(db = hy_cli_open_database (cli, HY_DATABASE_OPEN_READ_ONLY)))
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

      g_print (_("Wrote %s rows to %s.\n"), count, argv[2]);
    }

  return 0;
}
