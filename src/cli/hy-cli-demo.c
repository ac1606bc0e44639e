/* hy-cli-demo.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-cli.h"
#include "hy-demo.h"
#include "hy-error.h"

int
hy_cli_demo (HyCli  *cli,
             int     argc,
             char  **argv)
{
  g_autofree char *members = NULL;
  g_autofree char *transactions = NULL;
  g_autofree char *industry = NULL;
  gint64 seed = 1;
  int stores = 0;
  int years = 3;
  gboolean dirty = FALSE;
  GOptionEntry entries[] = {
    { "members", 0, 0, G_OPTION_ARG_STRING, &members, N_("How many members (e.g. 5000, 1M)"), N_("N") },
    { "transactions", 0, 0, G_OPTION_ARG_STRING, &transactions, N_("How many transactions in all (sales, walk-ins, refunds)"), N_("M") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("The same seed gives the same data (default 1)"), N_("S") },
    { "industry", 0, 0, G_OPTION_ARG_STRING, &industry, N_("beauty, supermarket, gym, bakery or general (default: the database’s)"), N_("X") },
    { "stores", 0, 0, G_OPTION_ARG_INT, &stores, N_("How many stores (default: the industry’s usual)"), N_("K") },
    { "years", 0, 0, G_OPTION_ARG_INT, &years, N_("Years of history (default 3)"), N_("Y") },
    { "dirty", 0, 0, G_OPTION_ARG_NONE, &dirty, N_("Add data-quality problems: duplicate sign-ups, missing names"), NULL },
    { NULL }
  };
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  HyDemoOptions options = { 0 };
  HyDemoResult result;
  gint64 started;
  double seconds;

  if (!hy_cli_parse_options (cli, "demo", NULL, _("Fills an empty database with members and purchases that behave like a real store’s."),
                             entries, &argc, &argv))
    return HY_CLI_EXIT_USAGE;

  options.n_members = 5000;
  options.n_transactions = 50000;
  if ((members != NULL && !hy_cli_parse_count (members, &options.n_members, &error)) ||
      (transactions != NULL && !hy_cli_parse_count (transactions, &options.n_transactions, &error)))
    return hy_cli_usage (cli, "%s", error->message);
  if (stores < 0 || stores > 9)
    return hy_cli_usage (cli, _("--stores must be between 1 and 9"));
  if (years < 1 || years > 20)
    return hy_cli_usage (cli, _("--years must be between 1 and 20"));

  if (!(db = hy_cli_open_database (cli, HY_DATABASE_OPEN_CREATE)))
    return HY_CLI_EXIT_FAILED;

  if (industry == NULL)
    industry = hy_database_dup_setting (db, "industry");
  if (!hy_industry_from_string (industry, &options.industry))
    return hy_cli_usage (cli, _("Unknown industry “%s”: use beauty, supermarket, gym, bakery or general"), industry);

  options.seed = (guint64) seed;
  options.n_stores = stores;
  options.years = years;
  options.dirty = dirty;

  started = g_get_monotonic_time ();
  if (!hy_demo_generate (db, &options, &result, hy_cli_progress, cli, cli->cancellable, &error))
    return hy_cli_fail (cli, error);
  hy_cli_progress_done (cli);
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "members");
      json_builder_add_int_value (builder, result.members);
      json_builder_set_member_name (builder, "sales");
      json_builder_add_int_value (builder, result.sales);
      json_builder_set_member_name (builder, "walk_in_sales");
      json_builder_add_int_value (builder, result.walk_ins);
      json_builder_set_member_name (builder, "refunds");
      json_builder_add_int_value (builder, result.refunds);
      json_builder_set_member_name (builder, "transactions");
      json_builder_add_int_value (builder, result.sales + result.walk_ins + result.refunds);
      json_builder_set_member_name (builder, "duplicates");
      json_builder_add_int_value (builder, result.duplicates);
      json_builder_set_member_name (builder, "unnamed");
      json_builder_add_int_value (builder, result.unnamed);
      json_builder_set_member_name (builder, "seconds");
      json_builder_add_double_value (builder, seconds);
      json_builder_end_object (builder);
      hy_cli_print_json (builder);
    }
  else
    {
      g_autofree char *counts = g_strdup_printf ("%" G_GUINT64_FORMAT, result.members);
      g_autofree char *sales = g_strdup_printf ("%" G_GUINT64_FORMAT, result.sales + result.walk_ins);
      g_autofree char *refunds = g_strdup_printf ("%" G_GUINT64_FORMAT, result.refunds);

      g_print (_("Generated %s members, %s sales and %s refunds in %.1f s.\n"), counts, sales, refunds, seconds);
    }

  return 0;
}
