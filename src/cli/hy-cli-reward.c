/* hy-cli-reward.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * reward: the rewards catalogue from a script.  A reward is given by its id or by the name of
 * one on offer.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-cli.h"
#include "hy-reward-store.h"

static gint64
find_reward (HyRewardStore  *rewards,
             const char     *text,
             GError        **error)
{
  char *end = NULL;
  gint64 id = g_ascii_strtoll (text, &end, 10);

  if (end != text && *end == '\0' && id > 0)
    return id;
  return hy_reward_store_find (rewards, text, error);
}

static void
reward_to_json (JsonBuilder    *builder,
                HyDatabase     *db,
                const HyReward *reward)
{
  g_autofree char *created = hy_cli_format_time (db, reward->created_at);
  g_autofree char *retired = reward->retired_at != 0 ? hy_cli_format_time (db, reward->retired_at) : g_strdup ("");

  json_builder_begin_object (builder);
  hy_cli_json_int (builder, "id", reward->id);
  hy_cli_json_string (builder, "name", reward->name);
  hy_cli_json_int (builder, "points", reward->points);
  json_builder_set_member_name (builder, "stock");
  if (reward->stock < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, reward->stock);
  hy_cli_json_int (builder, "redeemed", reward->redeemed);
  hy_cli_json_string (builder, "created_at", created);
  hy_cli_json_string (builder, "retired_at", retired);
  json_builder_end_object (builder);
}

static int
reward_list (HyCli          *cli,
             HyDatabase     *db,
             HyRewardStore  *rewards,
             gboolean        all)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = hy_reward_store_list (rewards, all, &error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (list == NULL)
    return hy_cli_fail (cli, error);

  json_builder_begin_array (builder);
  for (guint i = 0; i < list->len; i++)
    {
      const HyReward *r = list->pdata[i];
      g_autofree char *stock = r->stock < 0 ? g_strdup (_("unlimited")) : g_strdup_printf ("%lld", (long long) r->stock);

      if (cli->json)
        reward_to_json (builder, db, r);
      else
        g_print ("%4lld  %-20s %8lld  %10s  %6lld%s\n", (long long) r->id, r->name, (long long) r->points,
                 stock, (long long) r->redeemed, r->retired_at != 0 ? _("  (retired)") : "");
    }
  json_builder_end_array (builder);
  if (cli->json)
    hy_cli_print_json (builder);
  return 0;
}

static int
report_ok (HyCli      *cli,
           const char *name,
           gint64      value,
           gboolean    replayed,
           const char *message)
{
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      hy_cli_json_bool (builder, "ok", TRUE);
      hy_cli_json_int (builder, name, value);
      hy_cli_json_bool (builder, "replayed", replayed);
      json_builder_end_object (builder);
      hy_cli_print_json (builder);
    }
  else
    g_print ("%s\n", message);
  return 0;
}

int
hy_cli_reward (HyCli  *cli,
               int     argc,
               char  **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *key = NULL;
  gint64 points = 0, stock = -1;
  gboolean all = FALSE;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("What the reward is called (define)"), N_("NAME") },
    { "points", 0, 0, G_OPTION_ARG_INT64, &points, N_("What it costs (define)"), N_("POINTS") },
    { "stock", 0, 0, G_OPTION_ARG_INT64, &stock, N_("How many there are (define; default: no limit)"), N_("N") },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Include retired rewards (list)"), NULL },
    { "key", 0, 0, G_OPTION_ARG_STRING, &key, N_("Idempotency key: a retry with the same key writes nothing"), N_("KEY") },
    { NULL }
  };
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(HyRewardStore) rewards = NULL;
  g_autoptr(GError) error = NULL;
  gboolean replayed = FALSE;
  gint64 id, member;

  if (!hy_cli_parse_options (cli, "reward", _("define|list|retire|redeem [MEMBER] [REWARD]"),
                             _("The rewards catalogue: define, list, retire, and redeem for a member’s points."),
                             entries, &argc, &argv))
    return HY_CLI_EXIT_USAGE;
  if (argc < 2)
    return hy_cli_usage (cli, _("reward needs an action: define, list, retire or redeem"));
  if (!(db = hy_cli_open_database (cli, HY_DATABASE_OPEN_DEFAULT)))
    return HY_CLI_EXIT_FAILED;
  rewards = hy_reward_store_new (db);

  if (g_str_equal (argv[1], "list"))
    return reward_list (cli, db, rewards, all);

  if (g_str_equal (argv[1], "define"))
    {
      g_autofree char *message = NULL;

      if (name == NULL || points == 0)
        return hy_cli_usage (cli, _("reward define needs --name and --points"));
      if ((id = hy_reward_store_define (rewards, name, points, stock, &error)) < 0)
        return hy_cli_fail (cli, error);
      message = g_strdup_printf (_("Defined reward #%lld."), (long long) id);
      return report_ok (cli, "reward_id", id, FALSE, message);
    }

  if (g_str_equal (argv[1], "retire"))
    {
      g_autofree char *message = NULL;

      if (argc < 3)
        return hy_cli_usage (cli, _("reward retire needs a reward"));
      if ((id = find_reward (rewards, argv[2], &error)) < 0 ||
          !hy_reward_store_retire (rewards, id, &error))
        return hy_cli_fail (cli, error);
      message = g_strdup_printf (_("Retired reward #%lld."), (long long) id);
      return report_ok (cli, "reward_id", id, FALSE, message);
    }

  if (g_str_equal (argv[1], "redeem"))
    {
      g_autofree char *message = NULL;
      gint64 reward;

      if (argc < 4)
        return hy_cli_usage (cli, _("reward redeem needs a member and a reward"));
      if (key == NULL)
        return hy_cli_usage (cli, _("reward redeem needs --key, so that a retry never redeems twice"));
      if ((member = hy_cli_find_member (db, argv[2], &error)) < 0 ||
          (reward = find_reward (rewards, argv[3], &error)) < 0 ||
          (id = hy_reward_store_redeem (rewards, member, reward, key, &replayed, &error)) < 0)
        return hy_cli_fail (cli, error);
      if (replayed)
        message = g_strdup_printf (_("Already redeemed as entry #%lld; nothing new was written."), (long long) id);
      else
        message = g_strdup_printf (_("Redeemed as entry #%lld."), (long long) id);
      return report_ok (cli, "entry_id", id, replayed, message);
    }

  return hy_cli_usage (cli, _("Unknown reward action “%s”"), argv[1]);
}
