/* hy-cli-loyalty.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * points, wallet and tier: the loyalty engine from a script (checkout is in hy-cli-checkout.c).  A member is given as
 * a phone number, or KIND:VALUE (phone:, card:, wechat:, email:, external:), or id:N.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hy-checkout.h"
#include "hy-cli.h"
#include "hy-error.h"
#include "hy-member-store.h"
#include "hy-money.h"
#include "hy-parse.h"
#include "hy-points-ledger.h"
#include "hy-stored-value-ledger.h"
#include "hy-tier-store.h"

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
  json_builder_add_string_value (builder, value != NULL ? value : "");
}

static void
add_time (JsonBuilder *builder,
          HyDatabase  *db,
          const char  *name,
          gint64       utc)
{
  g_autofree char *text = utc != 0 ? hy_cli_format_time (db, utc) : g_strdup ("");

  add_string (builder, name, text);
}

gint64
hy_cli_find_member (HyDatabase  *db,
                    const char  *text,
                    GError     **error)
{
  g_autoptr(HyMemberStore) members = hy_member_store_new (db);
  const char *colon = strchr (text, ':');
  HyIdentityKind kind = HY_IDENTITY_PHONE;
  g_autofree char *prefix = NULL;
  gint64 id;

  if (colon != NULL)
    {
      prefix = g_strndup (text, colon - text);
      if (g_str_equal (prefix, "id"))
        {
          id = hy_member_store_resolve (members, g_ascii_strtoll (colon + 1, NULL, 10));
          if (id <= 0)
            g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND, _("There is no member %s"), text);
          return id > 0 ? id : -1;
        }
      if (!hy_identity_kind_from_string (prefix, &kind))
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("“%s” is not a kind of identity; use phone, card, wechat, email, external or id"), prefix);
          return -1;
        }
      text = colon + 1;
    }

  id = hy_member_store_find (members, kind, text, error);
  if (id == 0)
    g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND, _("No member has the %s “%s”"),
                 hy_identity_kind_get_label (kind), text);
  return id > 0 ? id : -1;
}

static void
print_ok_json (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
  hy_cli_print_json (builder);
}

/* ---- points ---- */

static int
points_show (HyCli      *cli,
             HyDatabase *db,
             gint64      member)
{
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (db);
  g_autoptr(GError) error = NULL;
  HyPointsSummary s;

  if (!hy_points_ledger_get_summary (points, member, &s, &error))
    return hy_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_int (builder, "member_id", member);
      add_int (builder, "balance", s.balance);
      add_int (builder, "available", s.available);
      add_int (builder, "pending", s.pending);
      add_int (builder, "expiring_soon", s.expiring_soon);
      add_time (builder, db, "next_expiry", s.next_expiry_at);
      json_builder_end_object (builder);
      hy_cli_print_json (builder);
      return 0;
    }

  g_print ("%-16s %lld\n", _("Balance"), (long long) s.balance);
  g_print ("%-16s %lld\n", _("Available"), (long long) s.available);
  g_print ("%-16s %lld\n", _("Pending"), (long long) s.pending);
  g_print ("%-16s %lld\n", _("Expiring soon"), (long long) s.expiring_soon);
  return 0;
}

static int
points_statement (HyCli      *cli,
                  HyDatabase *db,
                  gint64      member)
{
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (db);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = hy_points_ledger_list_entries (points, member, &error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (entries == NULL)
    return hy_cli_fail (cli, error);

  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    {
      HyPointsEntry *e = entries->pdata[i];
      g_autofree char *when = hy_cli_format_time (db, e->occurred_at);

      if (cli->json)
        {
          json_builder_begin_object (builder);
          add_int (builder, "id", e->id);
          add_string (builder, "kind", hy_points_kind_to_string (e->kind));
          add_int (builder, "points", e->points);
          add_int (builder, "balance", e->balance_after);
          add_string (builder, "occurred_at", when);
          add_time (builder, db, "available_at", e->points > 0 ? e->available_at : 0);
          add_time (builder, db, "expires_at", e->expires_at);
          add_int (builder, "transaction_id", e->transaction_id);
          add_string (builder, "reason", e->reason);
          json_builder_end_object (builder);
        }
      else
        g_print ("%s  %-8s %+8lld %8lld  %s\n", when, hy_points_kind_to_string (e->kind),
                 (long long) e->points, (long long) e->balance_after, e->reason);
    }
  json_builder_end_array (builder);
  if (cli->json)
    hy_cli_print_json (builder);
  return 0;
}

static int
report_entry (HyCli    *cli,
              gint64    id,
              gboolean  replayed)
{
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      add_int (builder, "entry_id", id);
      json_builder_set_member_name (builder, "replayed");
      json_builder_add_boolean_value (builder, replayed);
      json_builder_end_object (builder);
      hy_cli_print_json (builder);
    }
  else if (replayed)
    g_print (_("Already recorded as entry #%lld; nothing new was written.\n"), (long long) id);
  else
    g_print (_("Recorded as entry #%lld.\n"), (long long) id);

  return 0;
}

/* Records who referred @member: their first purchase pays that member points.referral_bonus. */
static int
points_refer (HyCli      *cli,
              HyDatabase *db,
              gint64      member,
              const char *by)
{
  g_autoptr(HyMemberStore) members = hy_member_store_new (db);
  g_autoptr(GError) error = NULL;
  gint64 referrer = 0;

  if (by == NULL)
    return hy_cli_usage (cli, _("points refer needs --by MEMBER (or --by none)"));
  if (!g_str_equal (by, "none") && (referrer = hy_cli_find_member (db, by, &error)) < 0)
    return hy_cli_fail (cli, error);
  if (!hy_member_store_set_referrer (members, member, referrer, &error))
    return hy_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      hy_cli_json_bool (builder, "ok", TRUE);
      add_int (builder, "member_id", member);
      add_int (builder, "referred_by", referrer);
      json_builder_end_object (builder);
      hy_cli_print_json (builder);
    }
  else if (referrer == 0)
    g_print (_("Member #%lld has no referrer now.\n"), (long long) member);
  else
    g_print (_("Member #%lld was referred by member #%lld.\n"), (long long) member, (long long) referrer);

  return 0;
}

int
hy_cli_points (HyCli  *cli,
               int     argc,
               char  **argv)
{
  g_autofree char *reason = NULL;
  g_autofree char *key = NULL;
  g_autofree char *by = NULL;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why (adjust)"), N_("TEXT") },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("The member who referred them (refer); “none” clears it"), N_("MEMBER") },
    { "key", 0, 0, G_OPTION_ARG_STRING, &key, N_("Idempotency key: a retry with the same key writes nothing"), N_("KEY") },
    { NULL }
  };
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(HyPointsLedger) points = NULL;
  g_autoptr(GError) error = NULL;
  gboolean replayed = FALSE;
  gint64 member, id;

  if (!hy_cli_parse_options (cli, "points", _("show|statement|adjust|checkin|refer|expire [MEMBER] [POINTS]"),
                             _("Points: balance, statement, adjustments, daily check-in, referrals, expiry."),
                             entries, &argc, &argv))
    return HY_CLI_EXIT_USAGE;
  if (argc < 2)
    return hy_cli_usage (cli, _("points needs an action: show, statement, adjust, checkin, refer or expire"));
  if (!(db = hy_cli_open_database (cli, HY_DATABASE_OPEN_DEFAULT)))
    return HY_CLI_EXIT_FAILED;
  points = hy_points_ledger_new (db);

  if (g_str_equal (argv[1], "expire"))
    {
      gint64 expired = hy_points_ledger_expire_due (points, &error);

      if (expired < 0)
        return hy_cli_fail (cli, error);
      if (cli->json)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();

          json_builder_begin_object (builder);
          add_int (builder, "expired", expired);
          json_builder_end_object (builder);
          hy_cli_print_json (builder);
        }
      else
        g_print (_("%lld points expired.\n"), (long long) expired);
      return 0;
    }

  if (argc < 3)
    return hy_cli_usage (cli, _("points %s needs a member"), argv[1]);
  if ((member = hy_cli_find_member (db, argv[2], &error)) < 0)
    return hy_cli_fail (cli, error);

  if (g_str_equal (argv[1], "show"))
    return points_show (cli, db, member);
  if (g_str_equal (argv[1], "statement"))
    return points_statement (cli, db, member);
  if (g_str_equal (argv[1], "checkin"))
    {
      if ((id = hy_points_ledger_check_in (points, member, &replayed, &error)) < 0)
        return hy_cli_fail (cli, error);
      return report_entry (cli, id, replayed);
    }
  if (g_str_equal (argv[1], "refer"))
    return points_refer (cli, db, member, by);
  if (g_str_equal (argv[1], "adjust"))
    {
      char *end = NULL;
      gint64 n;

      if (argc < 4)
        return hy_cli_usage (cli, _("points adjust needs a member and a number of points"));
      n = g_ascii_strtoll (argv[3], &end, 10);
      if (end == argv[3] || *end != '\0')
        return hy_cli_usage (cli, _("“%s” is not a whole number of points"), argv[3]);
      if ((id = hy_points_ledger_adjust (points, member, n, reason, key, &replayed, &error)) < 0)
        return hy_cli_fail (cli, error);
      return report_entry (cli, id, replayed);
    }

  return hy_cli_usage (cli, _("Unknown points action “%s”"), argv[1]);
}

/* ---- wallet ---- */

int
hy_cli_wallet (HyCli  *cli,
               int     argc,
               char  **argv)
{
  g_autofree char *method = NULL;
  g_autofree char *key = NULL;
  GOptionEntry entries[] = {
    { "method", 0, 0, G_OPTION_ARG_STRING, &method, N_("How the top-up was paid (default cash)"), N_("METHOD") },
    { "key", 0, 0, G_OPTION_ARG_STRING, &key, N_("Idempotency key: a retry with the same key writes nothing"), N_("KEY") },
    { NULL }
  };
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(HyStoredValueLedger) wallet = NULL;
  g_autoptr(GError) error = NULL;
  gint64 member;

  if (!hy_cli_parse_options (cli, "wallet", _("show|statement|top-up MEMBER [AMOUNT]"),
                             _("Stored value: balance, statement and top-ups."), entries, &argc, &argv))
    return HY_CLI_EXIT_USAGE;
  if (argc < 3)
    return hy_cli_usage (cli, _("wallet needs an action (show, statement or top-up) and a member"));
  if (!(db = hy_cli_open_database (cli, HY_DATABASE_OPEN_DEFAULT)))
    return HY_CLI_EXIT_FAILED;
  wallet = hy_stored_value_ledger_new (db);
  if ((member = hy_cli_find_member (db, argv[2], &error)) < 0)
    return hy_cli_fail (cli, error);

  if (g_str_equal (argv[1], "show"))
    {
      HyStoredValueBalance b;
      g_autofree char *total = NULL;

      if (!hy_stored_value_ledger_get_balance (wallet, member, &b, &error))
        return hy_cli_fail (cli, error);
      if (cli->json)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();

          json_builder_begin_object (builder);
          add_int (builder, "member_id", member);
          add_int (builder, "principal_minor", b.principal);
          add_int (builder, "bonus_minor", b.bonus);
          add_int (builder, "total_minor", b.total);
          json_builder_end_object (builder);
          hy_cli_print_json (builder);
          return 0;
        }
      total = hy_money_format (b.total, TRUE);
      g_print ("%-16s %s\n", _("Stored value"), total);
      return 0;
    }

  if (g_str_equal (argv[1], "statement"))
    {
      g_autoptr(GPtrArray) list = hy_stored_value_ledger_list_entries (wallet, member, &error);
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      if (list == NULL)
        return hy_cli_fail (cli, error);
      json_builder_begin_array (builder);
      for (guint i = 0; i < list->len; i++)
        {
          HyStoredValueEntry *e = list->pdata[i];
          g_autofree char *when = hy_cli_format_time (db, e->occurred_at);

          if (cli->json)
            {
              json_builder_begin_object (builder);
              add_int (builder, "id", e->id);
              add_string (builder, "kind", hy_stored_value_kind_to_string (e->kind));
              add_int (builder, "principal_minor", e->principal);
              add_int (builder, "bonus_minor", e->bonus);
              add_int (builder, "principal_after_minor", e->principal_after);
              add_int (builder, "bonus_after_minor", e->bonus_after);
              add_string (builder, "occurred_at", when);
              add_int (builder, "transaction_id", e->transaction_id);
              add_string (builder, "method", e->method);
              json_builder_end_object (builder);
            }
          else
            g_print ("%s  %-8s %+10lld %+10lld\n", when, hy_stored_value_kind_to_string (e->kind),
                     (long long) e->principal, (long long) e->bonus);
        }
      json_builder_end_array (builder);
      if (cli->json)
        hy_cli_print_json (builder);
      return 0;
    }

  if (g_str_equal (argv[1], "top-up"))
    {
      gboolean replayed = FALSE;
      gint64 amount, bonus = 0, id;

      if (argc < 4)
        return hy_cli_usage (cli, _("wallet top-up needs a member and an amount"));
      if (!hy_parse_money (argv[3], &amount, &error))
        return hy_cli_fail (cli, error);
      id = hy_stored_value_ledger_top_up (wallet, member, amount, method != NULL ? method : "cash",
                                          key, &bonus, &replayed, &error);
      if (id < 0)
        return hy_cli_fail (cli, error);
      if (cli->json)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();

          json_builder_begin_object (builder);
          add_int (builder, "entry_id", id);
          add_int (builder, "principal_minor", amount);
          add_int (builder, "bonus_minor", bonus);
          json_builder_set_member_name (builder, "replayed");
          json_builder_add_boolean_value (builder, replayed);
          json_builder_end_object (builder);
          hy_cli_print_json (builder);
          return 0;
        }
      return report_entry (cli, id, replayed);
    }

  return hy_cli_usage (cli, _("Unknown wallet action “%s”"), argv[1]);
}

/* ---- tier ---- */

static void
tier_to_json (JsonBuilder  *builder,
              const HyTier *tier)
{
  json_builder_begin_object (builder);
  add_int (builder, "id", tier->id);
  add_int (builder, "level", tier->level);
  add_string (builder, "name", tier->name);
  add_int (builder, "min_spend_minor", tier->min_spend);
  add_int (builder, "min_visits", tier->min_visits);
  add_int (builder, "min_points", tier->min_points);
  json_builder_set_member_name (builder, "require_all");
  json_builder_add_boolean_value (builder, tier->require_all);
  add_int (builder, "window_days", tier->window_days);
  add_int (builder, "validity_days", tier->validity_days);
  add_int (builder, "price_percent", tier->price_percent);
  add_int (builder, "points_percent", tier->points_percent);
  json_builder_end_object (builder);
}

int
hy_cli_tier (HyCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(HyTier) tier = hy_tier_new ();
  g_autofree char *name = NULL;
  g_autofree char *min_spend = NULL;
  gint64 min_visits = 0, min_points = 0;
  int level = -1, window = 365, validity = 365, price = 100, points_percent = 100;
  gboolean require_all = FALSE;
  GOptionEntry entries[] = {
    { "level", 0, 0, G_OPTION_ARG_INT, &level, N_("Level number, 0 the lowest (define)"), N_("N") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Name of the level (define)"), N_("NAME") },
    { "min-spend", 0, 0, G_OPTION_ARG_STRING, &min_spend, N_("Spend in the window to qualify"), N_("AMOUNT") },
    { "min-visits", 0, 0, G_OPTION_ARG_INT64, &min_visits, N_("Visits in the window to qualify"), N_("N") },
    { "min-points", 0, 0, G_OPTION_ARG_INT64, &min_points, N_("Points earned in the window to qualify"), N_("N") },
    { "all", 0, 0, G_OPTION_ARG_NONE, &require_all, N_("Every criterion given must be met, not just one"), NULL },
    { "window", 0, 0, G_OPTION_ARG_INT, &window, N_("Trailing window in days (default 365)"), N_("DAYS") },
    { "validity", 0, 0, G_OPTION_ARG_INT, &validity, N_("Days a level is kept before review; 0 for good"), N_("DAYS") },
    /* xgettext:no-c-format */
    { "price", 0, 0, G_OPTION_ARG_INT, &price, N_("Member price in percent (95 is 5% off)"), N_("PERCENT") },
    { "points-percent", 0, 0, G_OPTION_ARG_INT, &points_percent, N_("Points multiplier in percent"), N_("PERCENT") },
    { NULL }
  };
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(HyTierStore) tiers = NULL;
  g_autoptr(GError) error = NULL;

  if (!hy_cli_parse_options (cli, "tier", _("list|define|show MEMBER|review|price TIER SKU AMOUNT|none"),
                             _("Tiers: the levels, a member's level and the validity review."),
                             entries, &argc, &argv))
    return HY_CLI_EXIT_USAGE;
  if (argc < 2)
    return hy_cli_usage (cli, _("tier needs an action: list, define, show, review or price"));
  if (!(db = hy_cli_open_database (cli, HY_DATABASE_OPEN_DEFAULT)))
    return HY_CLI_EXIT_FAILED;
  tiers = hy_tier_store_new (db);

  if (g_str_equal (argv[1], "price"))
    {
      g_autoptr(GPtrArray) list = NULL;
      gint64 tier_id = 0, amount = -1;

      if (argc != 5)
        return hy_cli_usage (cli, _("tier price needs a tier (name or level), a SKU and an amount or “none”"));
      if (!(list = hy_tier_store_list (tiers, &error)))
        return hy_cli_fail (cli, error);
      for (guint i = 0; i < list->len; i++)
        {
          HyTier *t = list->pdata[i];
          g_autofree char *level_text = g_strdup_printf ("%d", t->level);

          if (g_str_equal (argv[2], t->name) || g_str_equal (argv[2], level_text))
            tier_id = t->id;
        }
      if (tier_id == 0)
        return hy_cli_usage (cli, _("There is no tier “%s”"), argv[2]);
      if (!g_str_equal (argv[4], "none") && !hy_parse_money (argv[4], &amount, &error))
        return hy_cli_fail (cli, error);
      if (!hy_tier_store_set_sku_price (tiers, tier_id, argv[3], amount, &error))
        return hy_cli_fail (cli, error);
      if (cli->json)
        print_ok_json ();
      else if (amount < 0)
        g_print (_("“%s” has no member price of its own now.\n"), argv[3]);
      else
        {
          g_autofree char *text = hy_money_format (amount, TRUE);

          g_print (_("Members of “%s” pay %s for “%s”.\n"), argv[2], text, argv[3]);
        }
      return 0;
    }

  if (g_str_equal (argv[1], "define"))
    {
      gint64 id;

      if (level < 0 || name == NULL)
        return hy_cli_usage (cli, _("tier define needs --level and --name"));
      if (min_spend != NULL && !hy_parse_money (min_spend, &tier->min_spend, &error))
        return hy_cli_fail (cli, error);
      tier->level = level;
      g_free (tier->name);
      tier->name = g_strdup (name);
      tier->min_visits = min_visits;
      tier->min_points = min_points;
      tier->require_all = require_all;
      tier->window_days = window;
      tier->validity_days = validity;
      tier->price_percent = price;
      tier->points_percent = points_percent;
      if ((id = hy_tier_store_define (tiers, tier, &error)) < 0)
        return hy_cli_fail (cli, error);
      if (cli->json)
        print_ok_json ();
      else
        g_print (_("Level %d is “%s”.\n"), level, name);
      return 0;
    }

  if (g_str_equal (argv[1], "list"))
    {
      g_autoptr(GPtrArray) list = hy_tier_store_list (tiers, &error);
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      if (list == NULL)
        return hy_cli_fail (cli, error);
      json_builder_begin_array (builder);
      for (guint i = 0; i < list->len; i++)
        {
          HyTier *t = list->pdata[i];

          if (cli->json)
            tier_to_json (builder, t);
          else
            g_print ("%3d  %-12s %3d%%  x%d%%\n", t->level, t->name, t->price_percent, t->points_percent);
        }
      json_builder_end_array (builder);
      if (cli->json)
        hy_cli_print_json (builder);
      return 0;
    }

  if (g_str_equal (argv[1], "review"))
    {
      gint64 n = hy_tier_store_review_due (tiers, &error);

      if (n < 0)
        return hy_cli_fail (cli, error);
      if (cli->json)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();

          json_builder_begin_object (builder);
          add_int (builder, "reviewed", n);
          json_builder_end_object (builder);
          hy_cli_print_json (builder);
        }
      else
        g_print (_("%lld members reviewed.\n"), (long long) n);
      return 0;
    }

  if (g_str_equal (argv[1], "show"))
    {
      g_autoptr(HyTier) current = NULL;
      gint64 member, valid_until = 0;

      if (argc < 3)
        return hy_cli_usage (cli, _("tier show needs a member"));
      if ((member = hy_cli_find_member (db, argv[2], &error)) < 0)
        return hy_cli_fail (cli, error);
      current = hy_tier_store_get_member_tier (tiers, member, &valid_until, &error);
      if (error != NULL)
        return hy_cli_fail (cli, error);
      if (cli->json)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();

          json_builder_begin_object (builder);
          add_int (builder, "member_id", member);
          add_string (builder, "tier", current != NULL ? current->name : "");
          add_int (builder, "level", current != NULL ? current->level : -1);
          add_time (builder, db, "valid_until", valid_until);
          json_builder_end_object (builder);
          hy_cli_print_json (builder);
        }
      else
        g_print ("%s\n", current != NULL ? current->name : _("(no tiers defined)"));
      return 0;
    }

  return hy_cli_usage (cli, _("Unknown tier action “%s”"), argv[1]);
}
