/* hy-cli-report.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * report: the printed reports as PDF, PNG pages or CSV.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "hy-cli.h"
#include "hy-reports.h"

int
hy_cli_report (HyCli  *cli,
               int     argc,
               char  **argv)
{
  g_autofree char *period = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *png = NULL;
  g_autofree char *csv = NULL;
  gint64 store = 0;
  gint64 member = 0;
  gboolean mask = FALSE;
  gboolean bom = FALSE;
  GOptionEntry entries[] = {
    { "period", 0, 0, G_OPTION_ARG_STRING, &period, N_("The month, like 2026-10 (default: this month)"), N_("MONTH") },
    { "store", 0, 0, G_OPTION_ARG_INT64, &store, N_("Only this store’s sales"), N_("ID") },
    { "member", 0, 0, G_OPTION_ARG_INT64, &member, N_("statement: the member"), N_("ID") },
    { "mask-phones", 0, 0, G_OPTION_ARG_NONE, &mask, N_("calls: show phones as 138****8000"), NULL },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, N_("Write an A4 PDF to FILE"), N_("FILE") },
    { "png", 0, 0, G_OPTION_ARG_FILENAME, &png, N_("Write one PNG per page into DIR"), N_("DIR") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, N_("Write the report’s tables to FILE"), N_("FILE") },
    { "bom", 0, 0, G_OPTION_ARG_NONE, &bom, N_("Start the CSV with a byte order mark, for Excel"), NULL },
    { NULL }
  };
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(HyDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  HyReportOptions options = { 0 };
  guint n_pages;

  if (!hy_cli_parse_options (cli, "report", "monthly|rfm|lifecycle|calls|statement|tier-distribution",
                             _("The printed reports, as PDF, PNG pages or CSV."), entries, &argc, &argv))
    return HY_CLI_EXIT_USAGE;
  if (argc != 2 || !hy_report_kind_from_string (argv[1], &options.kind))
    return hy_cli_usage (cli, _("report wants one of monthly, rfm, lifecycle, calls, statement or tier-distribution"));
  if (pdf == NULL && png == NULL && csv == NULL)
    return hy_cli_usage (cli, _("report needs --pdf FILE, --png DIR or --csv FILE"));
  if (options.kind == HY_REPORT_STATEMENT && member <= 0)
    return hy_cli_usage (cli, _("statement needs --member ID"));

  options.period = period;
  options.store_id = store;
  options.member_id = member;
  options.mask_phones = mask;

  if (!(db = hy_cli_open_database_for_reading (cli)))
    return HY_CLI_EXIT_FAILED;
  if (!(doc = hy_report_build (db, &options, &error)))
    return hy_cli_fail (cli, error);

  n_pages = hy_document_layout (doc, HY_DOCUMENT_A4_WIDTH, HY_DOCUMENT_A4_HEIGHT);
  if ((pdf != NULL && !hy_document_write_pdf (doc, pdf, &error)) ||
      (png != NULL && !hy_document_write_png (doc, png, argv[1], 110, &error)) ||
      (csv != NULL && !hy_document_write_csv (doc, csv, bom, &error)))
    return hy_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "report");
      json_builder_add_string_value (builder, argv[1]);
      json_builder_set_member_name (builder, "pages");
      json_builder_add_int_value (builder, n_pages);
      json_builder_end_object (builder);
      hy_cli_print_json (builder);
    }
  else if (!cli->quiet)
    {
      g_print (g_dngettext (GETTEXT_PACKAGE, "%s: %u page\n", "%s: %u pages\n", n_pages),
               hy_document_get_title (doc), n_pages);
    }
  return 0;
}
