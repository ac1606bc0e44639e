/* hy-cli-checkout.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * checkout and refund: a sale with member price, coupons, points and stored value, and its
 * refund, from a script.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-checkout.h"
#include "hy-cli.h"
#include "hy-error.h"
#include "hy-money.h"
#include "hy-parse.h"

/* SKU:CATEGORY:QUANTITY:PRICE[:MEMBER_PRICE] */
static gboolean
parse_item (const char      *text,
            HyCheckoutLine  *line,
            GStrv           *parts_out,
            GError         **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", -1);
  guint n = g_strv_length (parts);

  if (n < 4 || n > 5 ||
      !hy_parse_quantity (parts[2], &line->quantity, NULL) ||
      !hy_parse_money (parts[3], &line->unit_price, NULL) ||
      (n == 5 && !hy_parse_money (parts[4], &line->member_unit_price, NULL)))
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("“%s” is not an item; write SKU:CATEGORY:QUANTITY:PRICE[:MEMBER_PRICE]"), text);
      return FALSE;
    }

  line->sku = parts[0];
  line->category = parts[1];
  *parts_out = g_steal_pointer (&parts);
  return TRUE;
}

static gboolean
parse_max_or_money (const char  *text,
                    gint64      *out,
                    gboolean     points,
                    GError     **error)
{
  char *end = NULL;

  if (text == NULL)
    {
      *out = 0;
      return TRUE;
    }
  if (g_str_equal (text, "max"))
    {
      *out = -1;
      return TRUE;
    }
  if (!points)
    return hy_parse_money (text, out, error);

  *out = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0' || *out < 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("“%s” is not a number of points or “max”"), text);
      return FALSE;
    }
  return TRUE;
}

static void
print_receipt (HyCli           *cli,
               HyDatabase      *db,
               const HyReceipt *r)
{
  g_autofree char *due = hy_money_format (r->due, TRUE);
  g_autofree char *saved = hy_money_format (r->saved, TRUE);
  g_autofree char *paid = hy_money_format (r->paid, TRUE);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      hy_cli_json_int (builder, "transaction_id", r->transaction_id);
      hy_cli_json_int (builder, "member_id", r->member_id);
      hy_cli_json_int (builder, "gross_minor", r->gross);
      hy_cli_json_int (builder, "saved_minor", r->saved);
      hy_cli_json_int (builder, "coupon_saved_minor", r->coupon_saved);
      hy_cli_json_int (builder, "due_minor", r->due);
      hy_cli_json_int (builder, "points_used", r->points_used);
      hy_cli_json_int (builder, "points_value_minor", r->points_value);
      hy_cli_json_int (builder, "stored_value_principal_minor", r->stored_value_principal);
      hy_cli_json_int (builder, "stored_value_bonus_minor", r->stored_value_bonus);
      hy_cli_json_int (builder, "paid_minor", r->paid);
      hy_cli_json_int (builder, "points_earned", r->points_earned);
      hy_cli_json_int (builder, "points_balance", r->points_balance);
      hy_cli_json_int (builder, "stored_value_balance_minor", r->stored_value_balance);
      hy_cli_json_string (builder, "tier", r->tier_name);
      json_builder_set_member_name (builder, "tier_changed");
      json_builder_add_boolean_value (builder, r->tier_changed);
      json_builder_set_member_name (builder, "replayed");
      json_builder_add_boolean_value (builder, r->replayed);
      json_builder_set_member_name (builder, "coupons");
      json_builder_begin_array (builder);
      for (guint i = 0; r->coupons != NULL && i < r->coupons->len; i++)
        {
          const HyCouponUse *use = r->coupons->pdata[i];

          json_builder_begin_object (builder);
          hy_cli_json_string (builder, "code", use->code);
          hy_cli_json_string (builder, "name", use->name);
          hy_cli_json_bool (builder, "applied", use->applied);
          hy_cli_json_int (builder, "saving_minor", use->saving);
          hy_cli_json_string (builder, "reason", use->reason);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      hy_cli_print_json (builder);
      return;
    }

  if (r->transaction_id == 0)
    g_print ("%s\n", _("Preview: nothing was written"));
  else
    g_print (_("Sale #%lld%s\n"), (long long) r->transaction_id, r->replayed ? _(" (already recorded)") : "");
  g_print ("%-16s %s\n", _("Due"), due);
  g_print ("%-16s %s\n", _("Saved"), saved);
  for (guint i = 0; r->coupons != NULL && i < r->coupons->len; i++)
    {
      const HyCouponUse *use = r->coupons->pdata[i];
      g_autofree char *saving = hy_money_format (use->saving, TRUE);

      if (use->applied)
        g_print (_("Coupon %s (%s): %s off\n"), use->code, use->name, saving);
      else
        g_print (_("Coupon %s (%s) not used: %s\n"), use->code, use->name, use->reason);
    }
  g_print ("%-16s %s\n", _("Paid"), paid);
  g_print ("%-16s %lld\n", _("Points earned"), (long long) r->points_earned);
  g_print ("%-16s %lld\n", _("Points balance"), (long long) r->points_balance);
  if (r->tier_name != NULL && r->tier_name[0] != '\0')
    g_print ("%-16s %s\n", _("Tier"), r->tier_name);
}

static void
print_refund_receipt (HyCli                 *cli,
                      const HyRefundReceipt *r)
{
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      hy_cli_json_int (builder, "refund_id", r->refund_id);
      hy_cli_json_int (builder, "sale_id", r->sale_id);
      hy_cli_json_int (builder, "amount_minor", r->amount);
      hy_cli_json_int (builder, "points_clawed_back", r->points_clawed_back);
      hy_cli_json_int (builder, "points_short", r->points_short);
      hy_cli_json_int (builder, "points_returned", r->points_returned);
      hy_cli_json_int (builder, "stored_value_principal_minor", r->stored_value_principal);
      hy_cli_json_int (builder, "stored_value_bonus_minor", r->stored_value_bonus);
      hy_cli_json_int (builder, "paid_back_minor", r->paid_back);
      hy_cli_json_int (builder, "points_balance", r->points_balance);
      hy_cli_json_int (builder, "coupons_restored", r->coupons_restored);
      hy_cli_json_bool (builder, "tier_changed", r->tier_changed);
      json_builder_set_member_name (builder, "replayed");
      json_builder_add_boolean_value (builder, r->replayed);
      json_builder_end_object (builder);
      hy_cli_print_json (builder);
      return;
    }

  g_print (_("Refund #%lld of sale #%lld\n"), (long long) r->refund_id, (long long) r->sale_id);
  g_print ("%-16s %lld\n", _("Points back"), (long long) r->points_returned);
  g_print ("%-16s %lld\n", _("Points taken"), (long long) r->points_clawed_back);
}

int
hy_cli_checkout (HyCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_auto(GStrv) items = NULL;
  g_autofree char *amount_text = NULL;
  g_autofree char *points_text = NULL;
  g_autofree char *wallet_text = NULL;
  g_autofree char *method = NULL;
  g_autofree char *key = NULL;
  g_autofree char *reason = NULL;
  g_auto(GStrv) coupons = NULL;
  gboolean best = FALSE, preview = FALSE;
  gint64 refund_of = 0;
  GOptionEntry entries[] = {
    { "amount", 0, 0, G_OPTION_ARG_STRING, &amount_text, N_("The order at list price (without --item)"), N_("AMOUNT") },
    { "coupon", 0, 0, G_OPTION_ARG_STRING_ARRAY, &coupons, N_("Use this coupon (repeat for more)"), N_("CODE") },
    { "best-coupons", 0, 0, G_OPTION_ARG_NONE, &best, N_("Use the member’s best allowed combination of coupons"), NULL },
    { "preview", 0, 0, G_OPTION_ARG_NONE, &preview, N_("Show what the checkout would do, and write nothing"), NULL },
    { "item", 0, 0, G_OPTION_ARG_STRING_ARRAY, &items, N_("A line: SKU:CATEGORY:QUANTITY:PRICE[:MEMBER_PRICE]"), N_("ITEM") },
    { "points", 0, 0, G_OPTION_ARG_STRING, &points_text, N_("Points to pay with, or max"), N_("N") },
    { "wallet", 0, 0, G_OPTION_ARG_STRING, &wallet_text, N_("Stored value to pay with, or max"), N_("AMOUNT") },
    { "method", 0, 0, G_OPTION_ARG_STRING, &method, N_("What pays the rest (default cash)"), N_("METHOD") },
    { "key", 0, 0, G_OPTION_ARG_STRING, &key, N_("Idempotency key (required)"), N_("KEY") },
    { "refund", 0, 0, G_OPTION_ARG_INT64, &refund_of, N_("Refund this sale instead (--amount: part of it)"), N_("SALE") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why (refund)"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(HyCheckout) checkout = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) lines = g_array_new (FALSE, TRUE, sizeof (HyCheckoutLine));
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  HyCheckoutRequest request = { 0 };
  g_auto(HyReceipt) receipt = { 0 };

  if (!hy_cli_parse_options (cli, "checkout", _("[MEMBER]"),
                             _("Check out a member or a walk-in, or refund a checkout with --refund."),
                             entries, &argc, &argv))
    return HY_CLI_EXIT_USAGE;
  if (key == NULL && !preview)
    return hy_cli_usage (cli, _("checkout needs --key, so that a retry never charges twice"));
  if (!(db = hy_cli_open_database (cli, HY_DATABASE_OPEN_DEFAULT)))
    return HY_CLI_EXIT_FAILED;
  checkout = hy_checkout_new (db);

  if (refund_of > 0)
    {
      HyCheckoutRefund refund = { .sale_id = refund_of, .reason = reason, .idempotency_key = key };
      HyRefundReceipt r = { 0 };

      if (amount_text != NULL && !hy_parse_money (amount_text, &refund.amount, &error))
        return hy_cli_fail (cli, error);
      if (!hy_checkout_refund (checkout, &refund, &r, &error))
        return hy_cli_fail (cli, error);
      print_refund_receipt (cli, &r);
      return 0;
    }

  if (argc > 1 && (request.member_id = hy_cli_find_member (db, argv[1], &error)) < 0)
    return hy_cli_fail (cli, error);
  if (amount_text != NULL && !hy_parse_money (amount_text, &request.amount, &error))
    return hy_cli_fail (cli, error);
  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    {
      HyCheckoutLine line = { 0 };
      GStrv parts = NULL;

      if (!parse_item (items[i], &line, &parts, &error))
        return hy_cli_fail (cli, error);
      g_ptr_array_add (keep, parts);
      g_array_append_val (lines, line);
    }
  if (!parse_max_or_money (points_text, &request.points, TRUE, &error) ||
      !parse_max_or_money (wallet_text, &request.stored_value, FALSE, &error))
    return hy_cli_fail (cli, error);

  request.lines = (const HyCheckoutLine *) lines->data;
  request.n_lines = lines->len;
  request.tender_method = method;
  request.idempotency_key = key;
  request.channel = "cli";
  request.coupon_codes = (const char * const *) coupons;
  request.best_coupons = best;
  if (preview ? !hy_checkout_preview (checkout, &request, &receipt, &error)
              : !hy_checkout_run (checkout, &request, &receipt, &error))
    return hy_cli_fail (cli, error);

  print_receipt (cli, db, &receipt);
  return 0;
}

int
hy_cli_refund (HyCli  *cli,
               int     argc,
               char  **argv)
{
  g_autofree char *amount_text = NULL;
  g_autofree char *key = NULL;
  g_autofree char *reason = NULL;
  GOptionEntry entries[] = {
    { "amount", 0, 0, G_OPTION_ARG_STRING, &amount_text, N_("Refund this much of it (default: all that is left)"), N_("AMOUNT") },
    { "key", 0, 0, G_OPTION_ARG_STRING, &key, N_("Idempotency key (required)"), N_("KEY") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(HyCheckout) checkout = NULL;
  g_autoptr(GError) error = NULL;
  HyCheckoutRefund refund = { 0 };
  HyRefundReceipt r = { 0 };
  char *end = NULL;

  if (!hy_cli_parse_options (cli, "refund", _("SALE"),
                             _("Refund a checkout in full or in part; a manager must do it when staff sign in."),
                             entries, &argc, &argv))
    return HY_CLI_EXIT_USAGE;
  if (argc != 2)
    return hy_cli_usage (cli, _("refund needs the number of the sale"));
  refund.sale_id = g_ascii_strtoll (argv[1], &end, 10);
  if (end == argv[1] || *end != '\0' || refund.sale_id <= 0)
    return hy_cli_usage (cli, _("“%s” is not a sale number"), argv[1]);
  if (key == NULL)
    return hy_cli_usage (cli, _("refund needs --key, so that a retry never pays back twice"));
  if (!(db = hy_cli_open_database (cli, HY_DATABASE_OPEN_DEFAULT)))
    return HY_CLI_EXIT_FAILED;
  if (amount_text != NULL && !hy_parse_money (amount_text, &refund.amount, &error))
    return hy_cli_fail (cli, error);

  checkout = hy_checkout_new (db);
  refund.reason = reason;
  refund.idempotency_key = key;
  if (!hy_checkout_refund (checkout, &refund, &r, &error))
    return hy_cli_fail (cli, error);
  print_refund_receipt (cli, &r);
  return 0;
}
