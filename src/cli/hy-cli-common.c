/* hy-cli-common.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hy-cli.h"
#include "hy-error.h"
#include "hy-parse.h"
#include "hy-staff.h"
#include "hy-time.h"

static char *
default_database_path (void)
{
  const char *env = g_getenv ("HUIYUAN_DB");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  return g_build_filename (g_get_user_data_dir (), "huiyuan", "store.huiyuan", NULL);
}

/* --now "2024-06-01 12:00" pins "today", for reproducible scripts and tests.  It takes the
 * same dates and times as an import (2024-06-01, 20240601, 2024/6/1 14:30, ISO 8601, ...),
 * in this computer's time zone. */
static gboolean
apply_now (HyCli   *cli,
           GError **error)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  gint64 now;

  if (cli->now == NULL)
    return TRUE;

  if (!hy_parse_date_time (cli->now, local, &now, NULL))
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("--now wants a date and time like 2024-06-01 or 2024-06-01 12:00, not “%s”"),
                   cli->now);
      return FALSE;
    }

  hy_time_set_now (now);
  return TRUE;
}

gboolean
hy_cli_parse_options (HyCli          *cli,
                      const char     *command,
                      const char     *parameters,
                      const char     *description,
                      GOptionEntry   *entries,
                      int            *argc,
                      char         ***argv)
{
  GOptionEntry common[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &cli->db_path, N_("The store database (default: $HUIYUAN_DB or the app’s)"), N_("PATH") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli->json, N_("Print machine-readable JSON"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &cli->quiet, N_("Do not show progress"), NULL },
    { "now", 0, 0, G_OPTION_ARG_STRING, &cli->now, N_("Pretend it is DATE (for reproducible runs)"), N_("DATE") },
    { "staff", 0, 0, G_OPTION_ARG_STRING, &cli->staff, N_("Act as this member of staff; the PIN is read from $HUIYUAN_PIN"), N_("NAME") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = g_strdup_printf ("%s %s", command, parameters != NULL ? parameters : "");

  context = g_option_context_new (title);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (description != NULL)
    g_option_context_set_summary (context, description);
  g_option_context_add_main_entries (context, common, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error) || !apply_now (cli, &error))
    {
      hy_cli_usage (cli, "%s", error->message);
      return FALSE;
    }

  if (cli->db_path == NULL)
    cli->db_path = default_database_path ();

  return TRUE;
}

static const char *
error_code_name (const GError *error)
{
  static const char * const names[] = {
    "failed", "invalid", "not-found", "conflict", "database", "not-a-database", "corrupt",
    "too-new", "busy", "read-only", "partial", "inconsistent", "needs-upgrade", "not-allowed",
  };

  if (error->domain == HY_ERROR && error->code >= 0 && (guint) error->code < G_N_ELEMENTS (names))
    return names[error->code];
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "cancelled";

  return "failed";
}

int
hy_cli_fail (HyCli        *cli,
             const GError *error)
{
  hy_cli_progress_done (cli);
  g_printerr ("huiyuan-cli: %s\n", error->message);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, FALSE);
      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, error_code_name (error));
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, error->message);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      hy_cli_print_json (builder);
    }

  return HY_CLI_EXIT_FAILED;
}

int
hy_cli_usage (HyCli      *cli,
              const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("huiyuan-cli: %s\n", message);
  g_printerr ("%s\n", _("Run “huiyuan-cli --help” or “huiyuan-cli COMMAND --help” for help."));
  return HY_CLI_EXIT_USAGE;
}

/* --staff: the core checks the role of whoever is signed in before every action that needs a
 * manager.  The PIN is never an argument, where other users could read it from the process list. */
static gboolean
sign_in (HyCli       *cli,
         HyDatabase  *db,
         GError     **error)
{
  g_autoptr(HyStaff) staff = NULL;
  const char *pin = g_getenv ("HUIYUAN_PIN");

  if (cli->staff == NULL)
    return TRUE;
  if (pin == NULL || pin[0] == '\0')
    {
      g_set_error (error, HY_ERROR, HY_ERROR_NOT_ALLOWED,
                   _("--staff %s needs the PIN in the environment variable HUIYUAN_PIN"), cli->staff);
      return FALSE;
    }
  if (!(staff = hy_staff_verify (db, cli->staff, pin, error)))
    return FALSE;

  hy_staff_sign_in (db, staff);
  return TRUE;
}

HyDatabase *
hy_cli_open_database (HyCli               *cli,
                      HyDatabaseOpenFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HyDatabase) db = hy_database_open (cli->db_path, flags, &error);

  if (db == NULL || !sign_in (cli, db, &error))
    {
      hy_cli_fail (cli, error);
      return NULL;
    }

  if (hy_database_get_warning (db) != NULL)
    g_printerr (_("huiyuan-cli: warning: %s\n"), hy_database_get_warning (db));

  return g_steal_pointer (&db);
}

gboolean
hy_cli_parse_time (HyDatabase  *db,
                   const char  *text,
                   gint64      *out,
                   GError     **error)
{
  if (hy_parse_date_time (text, hy_database_get_time_zone (db), out, NULL))
    return TRUE;

  g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
               _("“%s” is not a date; write 2024-06-01 or 2024-06-01 12:00"), text);
  return FALSE;
}

void
hy_cli_json_int (JsonBuilder *builder,
                 const char  *name,
                 gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
hy_cli_json_string (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value != NULL ? value : "");
}

void
hy_cli_json_bool (JsonBuilder *builder,
                  const char  *name,
                  gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

/* For commands that only read: read-only, unless the database was written by an older Huiyuan
 * and must be upgraded first, which is what the app would do on opening it.  (check and backup
 * look at the file as it is and do not use this.) */
HyDatabase *
hy_cli_open_database_for_reading (HyCli *cli)
{
  g_autoptr(GError) error = NULL;
  HyDatabase *db = hy_database_open (cli->db_path, HY_DATABASE_OPEN_READ_ONLY, &error);

  if (db == NULL && g_error_matches (error, HY_ERROR, HY_ERROR_NEEDS_UPGRADE))
    {
      g_autoptr(HyDatabase) upgraded = hy_cli_open_database (cli, HY_DATABASE_OPEN_DEFAULT);

      if (upgraded == NULL)
        return NULL;
      if (!cli->quiet && !cli->json)
        g_printerr (_("huiyuan-cli: upgraded “%s” to database version %d\n"),
                    cli->db_path, hy_database_get_latest_version ());
      g_clear_object (&upgraded);
      g_clear_error (&error);
      db = hy_database_open (cli->db_path, HY_DATABASE_OPEN_READ_ONLY, &error);
    }

  if (db == NULL || !sign_in (cli, db, &error))
    {
      g_clear_object (&db);
      hy_cli_fail (cli, error);
      return NULL;
    }
  if (hy_database_get_warning (db) != NULL)
    g_printerr (_("huiyuan-cli: warning: %s\n"), hy_database_get_warning (db));

  return db;
}

void
hy_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/* A progress line on standard error, only for people watching a terminal. */
void
hy_cli_progress (guint64  done,
                 guint64  total,
                 gpointer user_data)
{
  HyCli *cli = user_data;
  static gint64 last_shown;
  gint64 now = g_get_monotonic_time ();

  if (cli->quiet || cli->json || !isatty (STDERR_FILENO))
    return;
  if (now - last_shown < G_USEC_PER_SEC / 10 && done < total)
    return;
  last_shown = now;

  if (total > 0)
    fprintf (stderr, "\r%5.1f%%  %" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT "   ",
             100.0 * done / total, done, total);
  else
    fprintf (stderr, "\r%" G_GUINT64_FORMAT "   ", done);
  fflush (stderr);
}

void
hy_cli_progress_done (HyCli *cli)
{
  if (cli->quiet || cli->json || !isatty (STDERR_FILENO))
    return;

  fprintf (stderr, "\r\033[K");
  fflush (stderr);
}

char *
hy_cli_format_time (HyDatabase *db,
                    gint64      utc)
{
  if (utc == 0)
    return g_strdup ("");

  return hy_time_format_local (hy_database_get_time_zone (db), utc, TRUE);
}

/* "1000000", "1M", "250k", "10m" */
gboolean
hy_cli_parse_count (const char  *text,
                    guint64     *out,
                    GError     **error)
{
  char *end = NULL;
  guint64 value;
  guint64 factor = 1;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    goto invalid;

  value = g_ascii_strtoull (text, &end, 10);
  if (*end == 'k' || *end == 'K')
    factor = 1000, end++;
  else if (*end == 'm' || *end == 'M')
    factor = 1000000, end++;
  if (*end != '\0' || value > G_MAXUINT64 / factor)
    goto invalid;

  *out = value * factor;
  return TRUE;

invalid:
  g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
               _("“%s” is not a count; write a whole number such as 1000, 250k or 1M"),
               text != NULL ? text : "");
  return FALSE;
}
