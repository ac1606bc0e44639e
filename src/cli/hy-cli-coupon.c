/* hy-cli-coupon.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * coupon template|templates|issue|list|void|check-code.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-cli.h"
#include "hy-coupon-store.h"
#include "hy-error.h"
#include "hy-money.h"
#include "hy-parse.h"

static void
template_to_json (JsonBuilder            *builder,
                  const HyCouponTemplate *tmpl)
{
  json_builder_begin_object (builder);
  hy_cli_json_int (builder, "id", tmpl->id);
  hy_cli_json_string (builder, "name", tmpl->name);
  hy_cli_json_string (builder, "kind", hy_coupon_kind_to_string (tmpl->kind));
  hy_cli_json_int (builder, "amount_minor", tmpl->amount);
  hy_cli_json_int (builder, "threshold_minor", tmpl->threshold);
  hy_cli_json_int (builder, "percent", tmpl->percent);
  hy_cli_json_string (builder, "category", tmpl->category);
  hy_cli_json_int (builder, "valid_days", tmpl->valid_days);
  hy_cli_json_int (builder, "per_member_limit", tmpl->per_member_limit);
  hy_cli_json_bool (builder, "stackable", tmpl->stackable);
  json_builder_end_object (builder);
}

static void
coupon_to_json (JsonBuilder    *builder,
                HyDatabase     *db,
                const HyCoupon *coupon)
{
  g_autofree char *from = hy_cli_format_time (db, coupon->valid_from);
  g_autofree char *until = hy_cli_format_time (db, coupon->valid_until);

  json_builder_begin_object (builder);
  hy_cli_json_int (builder, "id", coupon->id);
  hy_cli_json_string (builder, "code", coupon->code);
  hy_cli_json_string (builder, "template", coupon->template_name);
  hy_cli_json_int (builder, "member_id", coupon->member_id);
  hy_cli_json_string (builder, "state", hy_coupon_state_to_string (coupon->state));
  hy_cli_json_string (builder, "valid_from", from);
  hy_cli_json_string (builder, "valid_until", until);
  hy_cli_json_int (builder, "transaction_id", coupon->transaction_id);
  hy_cli_json_int (builder, "saving_minor", coupon->saving);
  hy_cli_json_string (builder, "void_reason", coupon->void_reason);
  json_builder_end_object (builder);
}

static void
print_coupons (HyCli      *cli,
               HyDatabase *db,
               GPtrArray  *coupons)
{
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      hy_cli_json_bool (builder, "ok", TRUE);
      json_builder_set_member_name (builder, "coupons");
      json_builder_begin_array (builder);
      for (guint i = 0; i < coupons->len; i++)
        coupon_to_json (builder, db, coupons->pdata[i]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      hy_cli_print_json (builder);
      return;
    }

  for (guint i = 0; i < coupons->len; i++)
    {
      const HyCoupon *c = coupons->pdata[i];
      g_autofree char *until = hy_cli_format_time (db, c->valid_until - 1);

      g_print ("%s  %-12s %-9s #%-6lld %s %s\n", c->code, c->template_name,
               hy_coupon_state_to_string (c->state), (long long) c->member_id, _("valid to"), until);
    }
}

typedef struct
{
  char     *kind;
  char     *amount;
  char     *threshold;
  int       percent;
  char     *category;
  char     *from;
  char     *until;
  int       days;
  int       limit;
  gboolean  stackable;
} TemplateOptions;

static void
template_options_clear (TemplateOptions *o)
{
  g_free (o->kind);
  g_free (o->amount);
  g_free (o->threshold);
  g_free (o->category);
  g_free (o->from);
  g_free (o->until);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TemplateOptions, template_options_clear)

static int
define_template (HyCli                 *cli,
                 HyDatabase            *db,
                 const char            *name,
                 const TemplateOptions *o)
{
  g_autoptr(HyCouponStore) store = hy_coupon_store_new (db);
  g_autoptr(HyCouponTemplate) tmpl = hy_coupon_template_new ();
  g_autoptr(GError) error = NULL;

  g_free (tmpl->name);
  tmpl->name = g_strdup (name);
  if (o->kind == NULL || !hy_coupon_kind_from_string (o->kind, &tmpl->kind))
    return hy_cli_usage (cli, _("--kind is threshold, percent, amount or gift"));
  if ((o->amount != NULL && !hy_parse_money (o->amount, &tmpl->amount, &error)) ||
      (o->threshold != NULL && !hy_parse_money (o->threshold, &tmpl->threshold, &error)) ||
      (o->from != NULL && !hy_cli_parse_time (db, o->from, &tmpl->valid_from, &error)) ||
      (o->until != NULL && !hy_cli_parse_time (db, o->until, &tmpl->valid_until, &error)))
    return hy_cli_fail (cli, error);
  tmpl->percent = o->percent;
  g_free (tmpl->category);
  tmpl->category = g_strdup (o->category != NULL ? o->category : "");
  tmpl->valid_days = o->days;
  tmpl->per_member_limit = o->limit;
  tmpl->stackable = o->stackable;

  if ((tmpl->id = hy_coupon_store_define (store, tmpl, &error)) < 0)
    return hy_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      hy_cli_json_bool (builder, "ok", TRUE);
      json_builder_set_member_name (builder, "template");
      template_to_json (builder, tmpl);
      json_builder_end_object (builder);
      hy_cli_print_json (builder);
    }
  else
    g_print (_("Coupon template #%lld “%s” saved.\n"), (long long) tmpl->id, tmpl->name);
  return 0;
}

static int
list_templates (HyCli      *cli,
                HyDatabase *db)
{
  g_autoptr(HyCouponStore) store = hy_coupon_store_new (db);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = hy_coupon_store_list_templates (store, &error);

  if (list == NULL)
    return hy_cli_fail (cli, error);
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      hy_cli_json_bool (builder, "ok", TRUE);
      json_builder_set_member_name (builder, "templates");
      json_builder_begin_array (builder);
      for (guint i = 0; i < list->len; i++)
        template_to_json (builder, list->pdata[i]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      hy_cli_print_json (builder);
      return 0;
    }
  for (guint i = 0; i < list->len; i++)
    {
      const HyCouponTemplate *t = list->pdata[i];

      g_print ("#%-4lld %-16s %-9s %s\n", (long long) t->id, t->name, hy_coupon_kind_to_string (t->kind),
               t->stackable ? _("stackable") : _("exclusive"));
    }
  return 0;
}

static int
issue (HyCli       *cli,
       HyDatabase  *db,
       int          argc,
       char       **argv,
       const char  *key,
       const char  *segment)
{
  g_autoptr(HyCouponStore) store = hy_coupon_store_new (db);
  g_autoptr(HyCouponTemplate) tmpl = NULL;
  g_autoptr(GArray) members = NULL;
  g_autoptr(GPtrArray) coupons = NULL;
  g_autoptr(GError) error = NULL;

  if (argc < (segment != NULL ? 3 : 4) || (segment != NULL && argc > 3))
    return hy_cli_usage (cli, _("coupon issue needs a template and at least one member, or a template and --segment"));
  if (key == NULL)
    return hy_cli_usage (cli, _("coupon issue needs --key, so that a retry never issues twice"));
  if (!(tmpl = hy_coupon_store_find_template (store, argv[2], &error)))
    return hy_cli_fail (cli, error);
  if (segment != NULL)
    {
      if (!(members = hy_cli_select_segment (db, segment, &error)))
        return hy_cli_fail (cli, error);
      if (members->len == 0)
        {
          g_set_error (&error, HY_ERROR, HY_ERROR_NOT_FOUND, _("The segment “%s” has no members"), segment);
          return hy_cli_fail (cli, error);
        }
    }
  else
    members = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (int i = 3; i < argc; i++)
    {
      gint64 id = hy_cli_find_member (db, argv[i], &error);

      if (id < 0)
        return hy_cli_fail (cli, error);
      g_array_append_val (members, id);
    }

  if (!(coupons = hy_coupon_store_issue (store, tmpl->id, (const gint64 *) members->data, members->len, key, &error)))
    return hy_cli_fail (cli, error);
  print_coupons (cli, db, coupons);
  return 0;
}

static int
check_code (HyCli      *cli,
            HyDatabase *db,
            const char *code)
{
  g_autoptr(HyCouponStore) store = hy_coupon_store_new (db);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_coupon_free);
  HyCoupon *coupon = hy_coupon_store_find_code (store, code, &error);

  if (coupon == NULL)
    return hy_cli_fail (cli, error);
  g_ptr_array_add (found, coupon);
  print_coupons (cli, db, found);
  return 0;
}

int
hy_cli_coupon (HyCli  *cli,
               int     argc,
               char  **argv)
{
  g_auto(TemplateOptions) o = { 0 };
  g_autofree char *key = NULL;
  g_autofree char *segment = NULL;
  g_autofree char *reason = NULL;
  GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &o.kind, N_("template: threshold, percent, amount or gift"), N_("KIND") },
    { "amount", 0, 0, G_OPTION_ARG_STRING, &o.amount, N_("template: amount off, or a gift’s most"), N_("AMOUNT") },
    { "threshold", 0, 0, G_OPTION_ARG_STRING, &o.threshold, N_("template: what the order must reach"), N_("AMOUNT") },
    { "percent", 0, 0, G_OPTION_ARG_INT, &o.percent, N_("template: percent off (20 is 8折)"), N_("N") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &o.category, N_("template: only items of this category"), N_("NAME") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &o.from, N_("template: valid from"), N_("DATE") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &o.until, N_("template: valid until (exclusive)"), N_("DATE") },
    { "days", 0, 0, G_OPTION_ARG_INT, &o.days, N_("template: valid for N days from the issue"), N_("N") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &o.limit, N_("template: most a member may be issued"), N_("N") },
    { "stackable", 0, 0, G_OPTION_ARG_NONE, &o.stackable, N_("template: may be combined with other stackable coupons"), NULL },
    { "key", 0, 0, G_OPTION_ARG_STRING, &key, N_("issue: idempotency key"), N_("KEY") },
    { "segment", 0, 0, G_OPTION_ARG_STRING, &segment, N_("issue: to every member of this saved segment"), N_("NAME") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("void: why"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!hy_cli_parse_options (cli, "coupon", _("template NAME|templates|issue TEMPLATE MEMBER…|list [MEMBER]|void CODE|check-code CODE"),
                             _("Coupon templates, issuing to members, printable codes with a check digit, and voids."),
                             entries, &argc, &argv))
    return HY_CLI_EXIT_USAGE;
  if (argc < 2)
    return hy_cli_usage (cli, _("coupon needs an action: template, templates, issue, list, void or check-code"));
  if (!(db = hy_cli_open_database (cli, HY_DATABASE_OPEN_DEFAULT)))
    return HY_CLI_EXIT_FAILED;

  if (g_str_equal (argv[1], "template") && argc == 3)
    status = define_template (cli, db, argv[2], &o);
  else if (g_str_equal (argv[1], "templates") || (g_str_equal (argv[1], "template") && argc == 2))
    status = list_templates (cli, db);
  else if (g_str_equal (argv[1], "issue"))
    status = issue (cli, db, argc, argv, key, segment);
  else if (g_str_equal (argv[1], "check-code") && argc == 3)
    status = check_code (cli, db, argv[2]);
  else if (g_str_equal (argv[1], "void") && argc == 3)
    {
      g_autoptr(HyCouponStore) store = hy_coupon_store_new (db);

      if (!hy_coupon_store_void (store, argv[2], reason, &error))
        return hy_cli_fail (cli, error);
      if (cli->json)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();

          json_builder_begin_object (builder);
          hy_cli_json_bool (builder, "ok", TRUE);
          json_builder_end_object (builder);
          hy_cli_print_json (builder);
        }
      else
        g_print (_("Coupon %s voided.\n"), argv[2]);
      status = 0;
    }
  else if (g_str_equal (argv[1], "list") && argc <= 3)
    {
      g_autoptr(HyCouponStore) store = hy_coupon_store_new (db);
      g_autoptr(GPtrArray) coupons = NULL;
      gint64 member = 0;

      if (argc == 3 && (member = hy_cli_find_member (db, argv[2], &error)) < 0)
        return hy_cli_fail (cli, error);
      if (!(coupons = hy_coupon_store_list (store, member, &error)))
        return hy_cli_fail (cli, error);
      print_coupons (cli, db, coupons);
      status = 0;
    }
  else
    status = hy_cli_usage (cli, _("Unknown coupon action, or wrong arguments: “%s”"), argv[1]);

  return status;
}
