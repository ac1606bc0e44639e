/* huiyuan-cli.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * huiyuan-cli [--db PATH] [--json] COMMAND [OPTIONS]: everything the app does, from a script.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <locale.h>
#include <string.h>

#include "hy-cli.h"

static const HyCliCommand commands[] = {
  { "init",   N_("Create a store database, or upgrade an existing one"), hy_cli_init },
  { "import", N_("Import members or transactions from a CSV file"),      hy_cli_import },
  { "export", N_("Export members or transactions to a CSV file"),        hy_cli_export },
  { "demo",   N_("Fill an empty database with realistic demo data"),     hy_cli_demo },
  { "stats",  N_("Show counts and totals"),                               hy_cli_stats },
  { "backup", N_("Copy the database safely while it is in use"),          hy_cli_backup },
  { "check",  N_("Check the file and that every figure adds up"),         hy_cli_check },
  { "analyze", N_("RFM, lifecycle stages, churn warnings, KPIs, cohorts"), hy_cli_analyze },
  { "fit",    N_("Fit the churn and spend models for the analytics"),    hy_cli_fit },
  { "report", N_("Print a report as PDF, PNG pages or CSV"),             hy_cli_report },
  { "segment", N_("Save, count and export member segments"),             hy_cli_segment },
  { "points", N_("Show, adjust and expire a member’s points"),            hy_cli_points },
  { "wallet", N_("Show and top up a member’s stored value"),              hy_cli_wallet },
  { "tier",   N_("Define tiers, show a member’s tier, review validity"),  hy_cli_tier },
  { "reward", N_("Rewards catalogue: define, list, retire, redeem"),     hy_cli_reward },
  { "checkout", N_("Check out a member or walk-in, or refund a checkout"), hy_cli_checkout },
  { "refund", N_("Refund a checkout, in full or in part"),                hy_cli_refund },
  { "coupon", N_("Coupon templates, issuing, codes and voids"),           hy_cli_coupon },
  { "staff",  N_("Add, list and remove staff; change a PIN"),             hy_cli_staff },
  { "audit",  N_("Show the audit log of sensitive actions"),              hy_cli_audit },
  { "fraud",  N_("List purchases, refunds and adjustments to review"),    hy_cli_fraud },
};

static void
print_help (void)
{
  g_print ("%s\n\n", _("Usage: huiyuan-cli [--db PATH] [--json] COMMAND [OPTIONS…]"));
  g_print ("%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-8s %s\n", commands[i].name, _(commands[i].summary));
  g_print ("\n%s\n", _("Run “huiyuan-cli COMMAND --help” for a command’s options."));
  g_print ("%s\n", _("The database is --db PATH, or $HUIYUAN_DB, or the app’s own database."));
}

static gboolean
on_interrupt (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  HyCli cli = { 0 };
  const HyCliCommand *command = NULL;
  const char *localedir = g_getenv ("HUIYUAN_LOCALEDIR");
  int status;

  /* HUIYUAN_LOCALEDIR: the build tree's translations, for tests and `meson devenv`. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  cli.cancellable = g_cancellable_new ();
  g_unix_signal_add (SIGINT, on_interrupt, cli.cancellable);

  /* The command is the first word that is not an option or an option's value. */
  for (int i = 1; i < argc && command == NULL; i++)
    {
      if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        {
          print_help ();
          return 0;
        }
      if (g_str_equal (argv[i], "--db") || g_str_equal (argv[i], "--now") || g_str_equal (argv[i], "--staff"))
        {
          i++;
          continue;
        }
      if (argv[i][0] == '-')
        continue;

      for (guint j = 0; j < G_N_ELEMENTS (commands); j++)
        if (g_str_equal (argv[i], commands[j].name))
          command = &commands[j];

      if (command == NULL)
        {
          g_printerr (_("huiyuan-cli: unknown command “%s”\n\n"), argv[i]);
          print_help ();
          return HY_CLI_EXIT_USAGE;
        }

      /* Hand the command everything but its own name. */
      memmove (&argv[i], &argv[i + 1], (argc - i) * sizeof (char *));
      argc--;
    }

  if (command == NULL)
    {
      print_help ();
      return HY_CLI_EXIT_USAGE;
    }

  status = command->run (&cli, argc, argv);

  g_free (cli.db_path);
  g_free (cli.now);
  g_free (cli.staff);
  g_object_unref (cli.cancellable);
  return status;
}
