/* hy-coupon-text.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A coupon template in words a clerk reads at a glance, for the Settings and Coupons pages.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-coupon-text.h"
#include "hy-money.h"
#include "hy-time.h"

/* In the context "coupon kind": the same English words also label a form's amount fields. */
static const char * const kind_labels[] = {
  NULL,
  NC_("coupon kind", "Threshold (满减)"),
  NC_("coupon kind", "Percent off"),
  NC_("coupon kind", "Amount off"),
  NC_("coupon kind", "Free gift"),
};

const char *
hy_coupon_text_kind_label (HyCouponKind kind)
{
  g_return_val_if_fail (kind >= HY_COUPON_THRESHOLD_OFF && kind <= HY_COUPON_GIFT, NULL);

  return g_dpgettext2 (NULL, "coupon kind", kind_labels[kind]);
}

static char *
terms (const HyCouponTemplate *tmpl)
{
  g_autofree char *amount = hy_money_format (tmpl->amount, TRUE);
  g_autofree char *threshold = hy_money_format (tmpl->threshold, TRUE);

  switch (tmpl->kind)
    {
    case HY_COUPON_THRESHOLD_OFF:
      /* Translators: 满100减20 — an amount off, once the order reaches a minimum spend */
      return g_strdup_printf (_("%s off from %s"), amount, threshold);
    case HY_COUPON_PERCENT_OFF:
      /* Translators: a percent coupon; 20% off is 8折 */
      return g_strdup_printf (_("%d%% off"), tmpl->percent);
    case HY_COUPON_AMOUNT_OFF:
      return g_strdup_printf (_("%s off, no minimum"), amount);
    case HY_COUPON_GIFT:
      return tmpl->amount > 0 ? g_strdup_printf (_("a free item worth up to %s"), amount)
                              : g_strdup (_("a free item"));
    default:
      return g_strdup ("?");
    }
}

static char *
validity (HyDatabase             *db,
          const HyCouponTemplate *tmpl)
{
  g_autofree char *last = NULL;

  if (tmpl->valid_until != 0)
    last = hy_time_format_local (hy_database_get_time_zone (db), tmpl->valid_until - 1, FALSE);
  if (tmpl->valid_days > 0 && last != NULL)
    /* Translators: how long a coupon is valid: days from its issue, and a last day */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "valid %d day from issue, to %s at the latest",
                                         "valid %d days from issue, to %s at the latest", tmpl->valid_days),
                            tmpl->valid_days, last);
  if (tmpl->valid_days > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "valid %d day from issue", "valid %d days from issue",
                                         tmpl->valid_days), tmpl->valid_days);
  return g_strdup_printf (_("valid to %s"), last != NULL ? last : "?");
}

char *
hy_coupon_text_describe (HyDatabase             *db,
                         const HyCouponTemplate *tmpl)
{
  g_autofree char *what = NULL;
  g_autofree char *until = NULL;
  g_autofree char *scope = NULL;
  GString *text;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);
  g_return_val_if_fail (tmpl != NULL, NULL);

  what = terms (tmpl);
  until = validity (db, tmpl);
  scope = tmpl->category != NULL && *tmpl->category != '\0'
    /* Translators: a coupon that applies to one category of items */
    ? g_strdup_printf (_("only %s"), tmpl->category)
    : g_strdup (_("whole order"));
  text = g_string_new (what);
  g_string_append_printf (text, " · %s · %s", scope, until);
  if (tmpl->stackable)
    g_string_append_printf (text, " · %s", _("stackable"));
  if (tmpl->per_member_limit > 0)
    {
      /* Translators: how many of a coupon one member may hold */
      g_autofree char *limit = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "at most %d per member", "at most %d per member",
                                                             tmpl->per_member_limit), tmpl->per_member_limit);

      g_string_append_printf (text, " · %s", limit);
    }
  return g_string_free (text, FALSE);
}
