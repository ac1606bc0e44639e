/* hy-cli-staff.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * staff add|list|passwd|remove, audit and fraud.  A new PIN is read from $HUIYUAN_NEW_PIN, never
 * from the command line, where other users of the computer could read it.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-audit-log.h"
#include "hy-cli.h"
#include "hy-error.h"
#include "hy-fraud.h"
#include "hy-staff.h"
#include "hy-time.h"

static int
print_ok (HyCli      *cli,
          const char *message)
{
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      hy_cli_json_bool (builder, "ok", TRUE);
      json_builder_end_object (builder);
      hy_cli_print_json (builder);
    }
  else
    g_print ("%s\n", message);
  return 0;
}

static const char *
new_pin (GError **error)
{
  const char *pin = g_getenv ("HUIYUAN_NEW_PIN");

  if (pin == NULL || pin[0] == '\0')
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("Put the new PIN in the environment variable HUIYUAN_NEW_PIN"));
      return NULL;
    }
  return pin;
}

static int
list_staff (HyCli      *cli,
            HyDatabase *db,
            gboolean    all)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = hy_staff_list (db, all, &error);

  if (list == NULL)
    return hy_cli_fail (cli, error);
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      hy_cli_json_bool (builder, "ok", TRUE);
      json_builder_set_member_name (builder, "staff");
      json_builder_begin_array (builder);
      for (guint i = 0; i < list->len; i++)
        {
          const HyStaff *s = list->pdata[i];

          json_builder_begin_object (builder);
          hy_cli_json_int (builder, "id", s->id);
          hy_cli_json_string (builder, "name", s->name);
          hy_cli_json_string (builder, "role", hy_staff_role_to_string (s->role));
          hy_cli_json_bool (builder, "removed", s->removed_at != 0);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      hy_cli_print_json (builder);
      return 0;
    }
  for (guint i = 0; i < list->len; i++)
    {
      const HyStaff *s = list->pdata[i];

      g_print ("%-16s %s%s\n", s->name, hy_staff_role_to_string (s->role),
               s->removed_at != 0 ? _(" (removed)") : "");
    }
  return 0;
}

int
hy_cli_staff (HyCli  *cli,
              int     argc,
              char  **argv)
{
  g_autofree char *role_text = NULL;
  g_autofree char *reason = NULL;
  gboolean all = FALSE;
  GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING, &role_text, N_("add: manager or clerk (default clerk)"), N_("ROLE") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("remove: why"), N_("TEXT") },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("list: include staff who left"), NULL },
    { NULL }
  };
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  HyStaffRole role = HY_STAFF_CLERK;
  const char *pin;

  if (!hy_cli_parse_options (cli, "staff", _("add|list|passwd|remove [NAME]"),
                             _("Staff accounts.  add and passwd read the new PIN from $HUIYUAN_NEW_PIN."),
                             entries, &argc, &argv))
    return HY_CLI_EXIT_USAGE;
  if (argc < 2)
    return hy_cli_usage (cli, _("staff needs an action: add, list, passwd or remove"));
  if (role_text != NULL && !hy_staff_role_from_string (role_text, &role))
    return hy_cli_usage (cli, _("--role is manager or clerk, not “%s”"), role_text);
  if (!(db = hy_cli_open_database (cli, HY_DATABASE_OPEN_DEFAULT)))
    return HY_CLI_EXIT_FAILED;

  if (g_str_equal (argv[1], "list"))
    return list_staff (cli, db, all);
  if (argc != 3)
    return hy_cli_usage (cli, _("staff %s needs a name"), argv[1]);

  if (g_str_equal (argv[1], "add"))
    {
      if (!(pin = new_pin (&error)) || hy_staff_add (db, argv[2], role, pin, &error) < 0)
        return hy_cli_fail (cli, error);
      return print_ok (cli, _("Added."));
    }
  if (g_str_equal (argv[1], "passwd"))
    {
      if (!(pin = new_pin (&error)) || !hy_staff_set_secret (db, argv[2], pin, &error))
        return hy_cli_fail (cli, error);
      return print_ok (cli, _("PIN changed."));
    }
  if (g_str_equal (argv[1], "remove"))
    {
      if (!hy_staff_remove (db, argv[2], reason, &error))
        return hy_cli_fail (cli, error);
      return print_ok (cli, _("Removed."));
    }

  return hy_cli_usage (cli, _("Unknown staff action “%s”"), argv[1]);
}

int
hy_cli_audit (HyCli  *cli,
              int     argc,
              char  **argv)
{
  g_autofree char *since_text = NULL;
  GOptionEntry entries[] = {
    { "since", 0, 0, G_OPTION_ARG_STRING, &since_text, N_("Only entries from DATE"), N_("DATE") },
    { NULL }
  };
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries_list = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  gint64 since = 0;

  if (!hy_cli_parse_options (cli, "audit", NULL, _("The audit log: who did what, when and why."),
                             entries, &argc, &argv))
    return HY_CLI_EXIT_USAGE;
  if (argc != 1)
    return hy_cli_usage (cli, _("audit takes no arguments"));
  if (!(db = hy_cli_open_database_for_reading (cli)))
    return HY_CLI_EXIT_FAILED;
  if ((since_text != NULL && !hy_cli_parse_time (db, since_text, &since, &error)) ||
      !(entries_list = hy_audit_log_list (db, since, &error)))
    return hy_cli_fail (cli, error);

  if (!cli->json)
    {
      for (guint i = 0; i < entries_list->len; i++)
        {
          const HyAuditEntry *e = entries_list->pdata[i];
          g_autofree char *when = hy_cli_format_time (db, e->occurred_at);

          g_print ("%s  %-12s %-22s %-16s %s %s\n", when, e->staff_name[0] != '\0' ? e->staff_name : "-",
                   e->action, e->target, e->reason, e->details);
        }
      return 0;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  hy_cli_json_bool (builder, "ok", TRUE);
  json_builder_set_member_name (builder, "entries");
  json_builder_begin_array (builder);
  for (guint i = 0; i < entries_list->len; i++)
    {
      const HyAuditEntry *e = entries_list->pdata[i];
      g_autofree char *when = hy_cli_format_time (db, e->occurred_at);

      json_builder_begin_object (builder);
      hy_cli_json_int (builder, "id", e->id);
      hy_cli_json_string (builder, "at", when);
      hy_cli_json_string (builder, "staff", e->staff_name);
      hy_cli_json_string (builder, "action", e->action);
      hy_cli_json_string (builder, "target", e->target);
      hy_cli_json_string (builder, "reason", e->reason);
      hy_cli_json_string (builder, "details", e->details);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  hy_cli_print_json (builder);
  return 0;
}

int
hy_cli_fraud (HyCli  *cli,
              int     argc,
              char  **argv)
{
  HyFraudRules rules;
  g_autofree char *since_text = NULL;
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) flags = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  gint64 since = 0;

  hy_fraud_rules_init (&rules);
  {
    GOptionEntry entries[] = {
      { "since", 0, 0, G_OPTION_ARG_STRING, &since_text, N_("Only what happened from DATE"), N_("DATE") },
      { "count", 0, 0, G_OPTION_ARG_INT, &rules.rapid_count, N_("Rapid purchases: this many (default 5) …"), N_("N") },
      { "minutes", 0, 0, G_OPTION_ARG_INT, &rules.rapid_minutes, N_("… within this many minutes (default 10)"), N_("N") },
      { "days", 0, 0, G_OPTION_ARG_INT, &rules.refund_days, N_("A refund within this many days of earning (default 7)"), N_("N") },
      { "adjustment", 0, 0, G_OPTION_ARG_INT64, &rules.large_adjustment, N_("A manual adjustment of this many points or more (default 1000)"), N_("POINTS") },
      { NULL }
    };

    if (!hy_cli_parse_options (cli, "fraud", NULL, _("Purchases, refunds and adjustments a manager should look at."),
                               entries, &argc, &argv))
      return HY_CLI_EXIT_USAGE;
  }
  if (argc != 1)
    return hy_cli_usage (cli, _("fraud takes no arguments"));
  if (!(db = hy_cli_open_database_for_reading (cli)))
    return HY_CLI_EXIT_FAILED;
  if ((since_text != NULL && !hy_cli_parse_time (db, since_text, &since, &error)) ||
      !(flags = hy_fraud_scan (db, &rules, since, &error)))
    return hy_cli_fail (cli, error);

  if (!cli->json)
    {
      for (guint i = 0; i < flags->len; i++)
        {
          const HyFraudFlag *f = flags->pdata[i];
          g_autofree char *when = hy_cli_format_time (db, f->occurred_at);

          g_print ("%s  %-18s #%-6lld %s\n", when, hy_fraud_kind_to_string (f->kind),
                   (long long) f->member_id, f->reason);
        }
      if (flags->len == 0)
        g_print ("%s\n", _("Nothing to review."));
      return 0;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  hy_cli_json_bool (builder, "ok", TRUE);
  json_builder_set_member_name (builder, "flags");
  json_builder_begin_array (builder);
  for (guint i = 0; i < flags->len; i++)
    {
      const HyFraudFlag *f = flags->pdata[i];
      g_autofree char *when = hy_cli_format_time (db, f->occurred_at);

      json_builder_begin_object (builder);
      hy_cli_json_string (builder, "kind", hy_fraud_kind_to_string (f->kind));
      hy_cli_json_int (builder, "member_id", f->member_id);
      hy_cli_json_string (builder, "at", when);
      hy_cli_json_int (builder, "value", f->value);
      hy_cli_json_int (builder, "ref_id", f->ref_id);
      hy_cli_json_string (builder, "reason", f->reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  hy_cli_print_json (builder);
  return 0;
}
