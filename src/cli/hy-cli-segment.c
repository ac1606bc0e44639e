/* hy-cli-segment.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * segment save|list|count|export: saved member filters from a script.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-analysis-snapshot.h"
#include "hy-cli.h"
#include "hy-segment.h"

/* The members of the saved segment @name (ascending ids), for commands that act on a segment. */
GArray *
hy_cli_select_segment (HyDatabase  *db,
                       const char  *name,
                       GError     **error)
{
  return hy_segment_select_saved (db, name, error);
}

static int
segment_save (HyCli  *cli,
              int     argc,
              char  **argv)
{
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(HySegment) segment = hy_segment_new ();
  g_autoptr(GError) error = NULL;

  if (argc < 4)
    return hy_cli_usage (cli, _("segment save wants a name and at least one condition, like spend>=100000"));
  for (int i = 3; i < argc; i++)
    if (!hy_segment_add_condition (segment, argv[i], &error))
      return hy_cli_usage (cli, "%s", error->message);
  if (!(db = hy_cli_open_database (cli, HY_DATABASE_OPEN_DEFAULT)))
    return HY_CLI_EXIT_FAILED;
  if (!hy_segment_save (segment, db, argv[2], &error))
    return hy_cli_fail (cli, error);
  if (!cli->quiet)
    g_print (_("Saved the segment “%s”\n"), argv[2]);
  return 0;
}

static int
segment_list (HyCli  *cli,
              int     argc,
              char  **argv)
{
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  if (argc != 2)
    return hy_cli_usage (cli, _("segment list takes no other argument"));
  if (!(db = hy_cli_open_database_for_reading (cli)))
    return HY_CLI_EXIT_FAILED;
  if (!(names = hy_segment_list_names (db, &error)))
    return hy_cli_fail (cli, error);
  for (guint i = 0; names[i] != NULL; i++)
    g_print ("%s\n", names[i]);
  return 0;
}

static int
segment_count_or_export (HyCli  *cli,
                         int     argc,
                         char  **argv,
                         gboolean export)
{
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(HySegment) segment = NULL;
  g_autoptr(HyAnalysisSnapshot) snapshot = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  HyCustomerModel model;
  guint64 count = 0;

  if (argc != (export ? 4 : 3))
    return hy_cli_usage (cli, export ? _("segment export wants a name and a CSV file")
                                     : _("segment count wants a name"));
  if (!(db = hy_cli_open_database_for_reading (cli)))
    return HY_CLI_EXIT_FAILED;
  if (!(segment = hy_segment_load (db, argv[2], &error)) ||
      !hy_segment_open_snapshot (segment, db, &model, &snapshot, &error))
    return hy_cli_fail (cli, error);

  if (export)
    {
      if (!hy_segment_export_csv (segment, db, snapshot, argv[3], &count, &error))
        return hy_cli_fail (cli, error);
      if (!cli->quiet)
        g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote %lld member to %s\n", "Wrote %lld members to %s\n", count),
                 (long long) count, argv[3]);
      return 0;
    }

  if (!(ids = hy_segment_select (segment, db, snapshot, &error)))
    return hy_cli_fail (cli, error);
  g_print ("%lld\n", (long long) ids->len);
  return 0;
}

int
hy_cli_segment (HyCli  *cli,
                int     argc,
                char  **argv)
{
  GOptionEntry entries[] = { { NULL } };

  if (!hy_cli_parse_options (cli, "segment", "save NAME CONDITION…|list|count NAME|export NAME FILE",
                             _("Saved member filters. A condition is FIELD OP VALUE, e.g. spend>=100000, tag=VIP, stage=sleeping, p_alive<0.3 (or p_alive<30%), clv>=50000 (minor units, like spend; P(alive) and CLV need a model fitted with “huiyuan-cli fit”)."),
                             entries, &argc, &argv))
    return HY_CLI_EXIT_USAGE;
  if (argc >= 2 && g_str_equal (argv[1], "save"))
    return segment_save (cli, argc, argv);
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return segment_list (cli, argc, argv);
  if (argc >= 2 && g_str_equal (argv[1], "count"))
    return segment_count_or_export (cli, argc, argv, FALSE);
  if (argc >= 2 && g_str_equal (argv[1], "export"))
    return segment_count_or_export (cli, argc, argv, TRUE);
  return hy_cli_usage (cli, _("segment wants one of save, list, count or export"));
}
