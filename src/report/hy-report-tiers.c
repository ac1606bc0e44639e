/* hy-report-tiers.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tier distribution report: how many members each tier holds, their share, what they
 * spent in the month and in all, and the points they hold.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hy-money.h"
#include "hy-reports-private.h"
#include "hy-tier-distribution.h"
#include "hy-time.h"

static const char *
tier_name (const HyTierShare *share)
{
  return share->name != NULL ? share->name : _("No tier");
}

gboolean
_hy_report_add_tiers (Report  *report,
                      GError **error)
{
  GTimeZone *tz = hy_database_get_time_zone (report->db);
  g_autoptr(GPtrArray) shares = NULL;
  const char *headers[] = { _("Tier"), _("Members"), _("Share"), _("Spend this month"), _("Of that spend"),
                            _("Lifetime spend"), _("Avg. spend"), _("Avg. points") };
  const double widths[] = { 1.1, 1.1, 0.9, 1.8, 1.3, 1.5, 1.3, 1.2 };
  const gboolean numeric[] = { FALSE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE };
  guint64 members = 0;
  gint64 period_spend = 0;
  g_autofree char *all = NULL;
  g_autofree char *intro = NULL;
  BarsData *bars;

  shares = hy_tier_distribution_compute (report->db, hy_time_day_start (tz, report->start),
                                         hy_time_day_start (tz, report->end + 1), error);
  if (shares == NULL)
    return FALSE;
  for (guint i = 0; i < shares->len; i++)
    {
      const HyTierShare *share = g_ptr_array_index (shares, i);

      members += share->members;
      period_spend += share->period_spend;
    }

  all = hy_count_format (members);
  hy_document_add_heading (report->doc, _("Members per Tier"));
  intro = g_strdup_printf (_("The %s members by the tier they hold today, highest first. What they spent this month "
                             "counts in their tier of today."), all);
  hy_document_add_paragraph (report->doc, intro);

  bars = _hy_report_bars_new (_("Members per tier"), shares->len);
  for (guint i = 0; i < shares->len; i++)
    {
      const HyTierShare *share = g_ptr_array_index (shares, i);

      bars->bars[i].label = _hy_report_keep (bars->strings, g_strdup (tier_name (share)));
      bars->bars[i].value = share->members;
      bars->bars[i].value_text = _hy_report_keep (bars->strings, hy_count_format (share->members));
      bars->bars[i].note = _hy_report_keep (bars->strings, _hy_report_percent (members > 0 ? (double) share->members / members : 0));
    }
  _hy_report_add_bars (report, bars);

  hy_document_begin_table (report->doc, G_N_ELEMENTS (headers), headers, widths, numeric);
  for (guint i = 0; i < shares->len; i++)
    {
      const HyTierShare *share = g_ptr_array_index (shares, i);
      double n = MAX (share->members, 1);
      g_autofree char *count = hy_count_format (share->members);
      g_autofree char *member_share = _hy_report_percent (members > 0 ? (double) share->members / members : 0);
      g_autofree char *period = hy_money_format (share->period_spend, TRUE);
      g_autofree char *spend_share = _hy_report_percent (period_spend > 0 ? (double) share->period_spend / period_spend : 0);
      g_autofree char *lifetime = hy_money_format (share->lifetime_spend, TRUE);
      g_autofree char *average = hy_money_format ((gint64) llround (share->lifetime_spend / n), TRUE);
      g_autofree char *points = g_strdup_printf ("%.0f", share->points / n);
      const char *row[] = { tier_name (share), count, member_share, period, spend_share, lifetime,
                            share->members > 0 ? average : "", share->members > 0 ? points : "" };

      hy_document_add_row (report->doc, row);
    }
  return TRUE;
}
