/* hy-cli.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "hy-database.h"

G_BEGIN_DECLS

/* Exit statuses: 0 success, 1 the command failed, 2 the command line was wrong. */
#define HY_CLI_EXIT_FAILED 1
#define HY_CLI_EXIT_USAGE  2

/* What every command gets: the options common to all of them and the output mode. */
typedef struct
{
  char         *db_path;
  gboolean      json;
  gboolean      quiet;
  char         *now;
  char         *staff;       /* --staff NAME; the PIN comes from $HUIYUAN_PIN */
  GCancellable *cancellable;
} HyCli;

typedef int (*HyCliCommandFunc) (HyCli  *cli,
                                 int     argc,
                                 char  **argv);

typedef struct
{
  const char       *name;
  const char       *summary;     /* N_() */
  HyCliCommandFunc  run;
} HyCliCommand;

/* Parses a command's own options (and the common ones); on failure prints the error and
 * returns FALSE. */
gboolean    hy_cli_parse_options  (HyCli          *cli,
                                   const char     *command,
                                   const char     *parameters,
                                   const char     *description,
                                   GOptionEntry   *entries,
                                   int            *argc,
                                   char         ***argv);
HyDatabase *hy_cli_open_database  (HyCli          *cli,
                                   HyDatabaseOpenFlags flags);
HyDatabase *hy_cli_open_database_for_reading (HyCli *cli);
GArray     *hy_cli_select_segment (HyDatabase     *db,
                                   const char     *name,
                                   GError        **error);
int         hy_cli_fail           (HyCli          *cli,
                                   const GError   *error);
int         hy_cli_usage          (HyCli          *cli,
                                   const char     *format,
                                   ...) G_GNUC_PRINTF (2, 3);
void        hy_cli_print_json     (JsonBuilder    *builder);
void        hy_cli_progress       (guint64         done,
                                   guint64         total,
                                   gpointer        user_data);
void        hy_cli_progress_done  (HyCli          *cli);
char       *hy_cli_format_time    (HyDatabase     *db,
                                   gint64          utc);
gboolean    hy_cli_parse_count    (const char     *text,
                                   guint64        *out,
                                   GError        **error);
gboolean    hy_cli_parse_time     (HyDatabase     *db,
                                   const char     *text,
                                   gint64         *out,
                                   GError        **error);
/* A member as a phone number, KIND:VALUE or id:N; -1 with @error when there is none. */
gint64      hy_cli_find_member    (HyDatabase     *db,
                                   const char     *text,
                                   GError        **error);
void        hy_cli_json_int       (JsonBuilder    *builder,
                                   const char     *name,
                                   gint64          value);
void        hy_cli_json_string    (JsonBuilder    *builder,
                                   const char     *name,
                                   const char     *value);
void        hy_cli_json_bool      (JsonBuilder    *builder,
                                   const char     *name,
                                   gboolean        value);

int hy_cli_init     (HyCli *cli, int argc, char **argv);
int hy_cli_stats    (HyCli *cli, int argc, char **argv);
int hy_cli_backup   (HyCli *cli, int argc, char **argv);
int hy_cli_check    (HyCli *cli, int argc, char **argv);
int hy_cli_demo     (HyCli *cli, int argc, char **argv);
int hy_cli_import   (HyCli *cli, int argc, char **argv);
int hy_cli_export   (HyCli *cli, int argc, char **argv);
int hy_cli_analyze  (HyCli *cli, int argc, char **argv);
int hy_cli_fit      (HyCli *cli, int argc, char **argv);
int hy_cli_report   (HyCli *cli, int argc, char **argv);
int hy_cli_points   (HyCli *cli, int argc, char **argv);
int hy_cli_wallet   (HyCli *cli, int argc, char **argv);
int hy_cli_segment  (HyCli *cli, int argc, char **argv);
int hy_cli_tier     (HyCli *cli, int argc, char **argv);
int hy_cli_checkout (HyCli *cli, int argc, char **argv);
int hy_cli_refund   (HyCli *cli, int argc, char **argv);
int hy_cli_coupon   (HyCli *cli, int argc, char **argv);
int hy_cli_staff    (HyCli *cli, int argc, char **argv);
int hy_cli_audit    (HyCli *cli, int argc, char **argv);
int hy_cli_fraud    (HyCli *cli, int argc, char **argv);
int hy_cli_reward   (HyCli *cli, int argc, char **argv);

G_END_DECLS
