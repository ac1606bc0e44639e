/* hy-reports.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hy-analysis.h"
#include "hy-chart.h"
#include "hy-customer-model.h"
#include "hy-error.h"
#include "hy-kpi.h"
#include "hy-lifecycle.h"
#include "hy-member-store.h"
#include "hy-money.h"
#include "hy-phone.h"
#include "hy-points-ledger.h"
#include "hy-reports.h"
#include "hy-reports-private.h"
#include "hy-rfm.h"
#include "hy-stored-value-ledger.h"
#include "hy-time.h"
#include "hy-warnings.h"
#include "hy-work-list.h"

static const struct
{
  const char *name;
  const char *title;
} reports[HY_N_REPORTS] = {
  [HY_REPORT_MONTHLY] = { "monthly", N_("Monthly Operations Report") },
  [HY_REPORT_RFM] = { "rfm", N_("RFM Report") },
  [HY_REPORT_LIFECYCLE] = { "lifecycle", N_("Lifecycle Report") },
  [HY_REPORT_CALLS] = { "calls", N_("Churn Warning Call List") },
  [HY_REPORT_STATEMENT] = { "statement", N_("Member Statement") },
  [HY_REPORT_TIERS] = { "tier-distribution", N_("Tier Distribution Report") },
};

gboolean
hy_report_kind_from_string (const char   *text,
                            HyReportKind *kind)
{
  for (guint i = 0; i < HY_N_REPORTS; i++)
    if (g_strcmp0 (text, reports[i].name) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

const char *
hy_report_kind_to_string (HyReportKind kind)
{
  g_return_val_if_fail (kind < HY_N_REPORTS, NULL);
  return reports[kind].name;
}

const char *
hy_report_kind_get_title (HyReportKind kind)
{
  g_return_val_if_fail (kind < HY_N_REPORTS, NULL);
  return _(reports[kind].title);
}


static void
report_clear (Report *report)
{
  g_free (report->currency);
  g_clear_pointer (&report->data, hy_analysis_data_free);
}

static char *
day_text (gint32 day)
{
  int y, m, d;

  hy_time_day_to_ymd (day, &y, &m, &d);
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

static char *
month_text (gint32 day)
{
  int y, m, d;

  hy_time_day_to_ymd (day, &y, &m, &d);
  return g_strdup_printf ("%04d-%02d", y, m);
}

static gboolean
parse_period (Report      *report,
              const char  *period,
              GError     **error)
{
  gint32 today = hy_analysis_parse_day (report->db, NULL, NULL);
  int year, month, mday;
  char *end = NULL;

  if (period == NULL || *period == '\0')
    {
      hy_time_day_to_ymd (today, &year, &month, &mday);
    }
  else
    {
      year = (int) strtol (period, &end, 10);
      if (end == period || *end != '-' || strlen (period) != 7)
        goto invalid;
      month = (int) strtol (end + 1, &end, 10);
      if (*end != '\0' || month < 1 || month > 12 || year < 1970 || year > 9999)
        goto invalid;
    }

  report->start = hy_time_ymd_to_day (year, month, 1);
  report->end = hy_time_ymd_to_day (month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1, 1) - 1;
  if (report->start > today)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("The period %s has not begun yet"), period);
      return FALSE;
    }
  report->end = MIN (report->end, today);
  report->prev_end = report->start - 1;
  hy_time_day_to_ymd (report->prev_end, &year, &month, &mday);
  report->prev_start = hy_time_ymd_to_day (year, month, 1);
  return TRUE;

invalid:
  g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
               _("The period must be a month like 2026-10, not “%s”"), period);
  return FALSE;
}

char *
_hy_report_money (Report *report,
                  gint64  minor)
{
  g_autofree char *amount = hy_money_format (minor, TRUE);

  return g_strdup_printf ("%s %s", amount, report->currency);
}

char *
_hy_report_percent (double share)
{
  return g_strdup_printf ("%.1f%%", share * 100);
}

/* ---- Charts owned by the document ---- */

const char *
_hy_report_keep (GPtrArray *strings,
                 char      *text)
{
  g_ptr_array_add (strings, text);
  return text;
}

static void
bars_data_free (gpointer data)
{
  BarsData *bars = data;

  g_free (bars->bars);
  g_ptr_array_unref (bars->strings);
  g_free (bars);
}

static void
bars_draw (cairo_t *cr,
           double   width,
           double   height,
           gpointer data)
{
  hy_chart_draw_bars (cr, width, height, &((BarsData *) data)->chart);
}

BarsData *
_hy_report_bars_new (const char *title,
                     guint       n)
{
  BarsData *bars = g_new0 (BarsData, 1);

  bars->strings = g_ptr_array_new_with_free_func (g_free);
  bars->chart.title = _hy_report_keep (bars->strings, g_strdup (title));
  bars->bars = g_new0 (HyBar, n);
  bars->chart.bars = bars->bars;
  bars->chart.n_bars = n;
  return bars;
}

void
_hy_report_add_bars (Report   *report,
                     BarsData *bars)
{
  g_autofree char *summary = hy_chart_describe_bars (&bars->chart);

  hy_document_add_chart (report->doc, 26 + 24 * bars->chart.n_bars, bars_draw, bars, bars_data_free, summary);
}

typedef struct
{
  HyAreaChart chart;
  GPtrArray  *strings;
  char      **point_labels;
  char      **series_labels;
  double     *values;
} AreaData;

static void
area_data_free (gpointer data)
{
  AreaData *area = data;

  g_strfreev (area->point_labels);
  g_strfreev (area->series_labels);
  g_free (area->values);
  g_ptr_array_unref (area->strings);
  g_free (area);
}

static void
area_draw (cairo_t *cr,
           double   width,
           double   height,
           gpointer data)
{
  hy_chart_draw_area (cr, width, height, &((AreaData *) data)->chart);
}

typedef struct
{
  HyHeatmap  chart;
  GPtrArray *strings;
  char     **row_labels;
  char     **column_labels;
  double    *values;
} HeatmapData;

static void
heatmap_data_free (gpointer data)
{
  HeatmapData *heatmap = data;

  g_strfreev (heatmap->row_labels);
  g_strfreev (heatmap->column_labels);
  g_free (heatmap->values);
  g_ptr_array_unref (heatmap->strings);
  g_free (heatmap);
}

static void
heatmap_draw (cairo_t *cr,
              double   width,
              double   height,
              gpointer data)
{
  hy_chart_draw_heatmap (cr, width, height, &((HeatmapData *) data)->chart);
}

/* ---- Sections ---- */

typedef struct
{
  const char *label;
  double      now;
  double      before;
  gboolean    is_rate;    /* a share: changes in percentage points */
  const char *now_text;   /* how to print now, when not a rate */
} Change;

static int
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const Change *x = a, *y = b;
  double dx = x->is_rate ? fabs (x->now - x->before) * 10 : (x->before != 0 ? fabs (x->now / x->before - 1) : 0);
  double dy = y->is_rate ? fabs (y->now - y->before) * 10 : (y->before != 0 ? fabs (y->now / y->before - 1) : 0);

  return dx < dy ? 1 : dx > dy ? -1 : 0;
}

static char *
change_text (const Change *change)
{
  if (change->is_rate)
    return g_strdup_printf (_("%s: %.1f%% (%+.1f points against the month before)"), change->label,
                            change->now * 100, (change->now - change->before) * 100);
  if (change->before == 0)
    return g_strdup_printf (_("%s: %s (none the month before)"), change->label, change->now_text);
  return g_strdup_printf (_("%s: %s (%+.1f%% against the month before)"), change->label, change->now_text,
                          (change->now / change->before - 1) * 100);
}

static void
add_kpis (Report       *report,
          const HyKpis *now,
          const HyKpis *before)
{
  g_autofree char *members = hy_count_format (now->members);
  g_autofree char *new_members = hy_count_format (now->new_members);
  g_autofree char *active = hy_count_format (now->active_members);
  g_autofree char *purchasers = hy_count_format (now->purchasers);
  g_autofree char *repurchase = _hy_report_percent (now->repurchase_rate);
  g_autofree char *retention = _hy_report_percent (now->retention);
  g_autofree char *churn = _hy_report_percent (now->churn_rate);
  g_autofree char *aov = _hy_report_money (report, (gint64) llround (now->aov));
  g_autofree char *share = _hy_report_percent (now->member_revenue_share);
  g_autofree char *sales = _hy_report_money (report, now->all_sales);
  g_autofree char *wake = _hy_report_percent (now->wake_up_rate);
  g_autofree char *frequency = g_strdup_printf ("%.2f", now->purchase_frequency);
  Change changes[] = {
    { _("New members"), now->new_members, before->new_members, FALSE, new_members },
    { _("Active members"), now->active_members, before->active_members, FALSE, active },
    { _("Purchasers"), now->purchasers, before->purchasers, FALSE, purchasers },
    { _("Sales"), now->all_sales, before->all_sales, FALSE, sales },
    { _("Repurchase rate"), now->repurchase_rate, before->repurchase_rate, TRUE, NULL },
    { _("Retention"), now->retention, before->retention, TRUE, NULL },
    { _("Churn rate"), now->churn_rate, before->churn_rate, TRUE, NULL },
    { _("Average ticket"), now->aov, before->aov, FALSE, aov },
  };

  hy_document_add_heading (report->doc, _("Key Figures"));
  hy_document_add_figure (report->doc, _("Members"), members, NULL);
  hy_document_add_figure (report->doc, _("New members"), new_members, NULL);
  hy_document_add_figure (report->doc, _("Active members"), active, NULL);
  hy_document_add_figure (report->doc, _("Purchasers"), purchasers, NULL);
  hy_document_add_figure (report->doc, _("Sales"), sales, NULL);
  hy_document_add_figure (report->doc, _("Average ticket"), aov, NULL);
  hy_document_add_figure (report->doc, _("Repurchase rate"), repurchase, NULL);
  hy_document_add_figure (report->doc, _("Retention"), retention, _("of last month’s purchasers"));
  hy_document_add_figure (report->doc, _("Churn rate"), churn, NULL);
  hy_document_add_figure (report->doc, _("Members’ share of sales"), share, NULL);
  hy_document_add_figure (report->doc, _("Purchases per purchaser"), frequency, NULL);
  hy_document_add_figure (report->doc, _("Sleeping members woken"), wake, NULL);

  /* The commentary: the three largest changes against the month before, in words. */
  qsort (changes, G_N_ELEMENTS (changes), sizeof changes[0], compare_changes);
  hy_document_add_heading (report->doc, _("What Changed Most"));
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *line = change_text (&changes[i]);
      g_autofree char *bullet = g_strdup_printf ("• %s", line);

      hy_document_add_paragraph (report->doc, bullet);
    }
}

static void
add_rfm (Report *report)
{
  g_autoptr(HyRfmResult) rfm = NULL;
  guint window = (guint) hy_analysis_get_setting_int (report->db, "rfm.window_days", HY_RFM_DEFAULT_WINDOW_DAYS);
  BarsData *bars;
  const char *headers[] = { _("Class"), _("Members"), _("Share"), _("Revenue"), _("Of revenue"),
                            _("Days since"), _("Purchases"), _("Avg. spend") };
  const double widths[] = { 2.0, 1.0, 0.8, 1.6, 1.1, 1.1, 1.1, 1.4 };
  const gboolean numeric[] = { FALSE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE };
  g_autofree char *intro = NULL;
  g_autofree char *as_of = day_text (report->end);
  g_autofree char *buyers = NULL;

  rfm = hy_rfm_compute (report->data, window);
  buyers = hy_count_format (rfm->n_buyers);
  hy_document_add_heading (report->doc, _("RFM Classes"));
  intro = g_strdup_printf (_("As of %s, over the last %u days: members compared with the average of "
                             "the %s members who bought in that time (recency, frequency, spend)."),
                           as_of, window, buyers);
  hy_document_add_paragraph (report->doc, intro);

  bars = _hy_report_bars_new (_("Members per class"), HY_RFM_N_CLASSES);
  for (guint c = 0; c < HY_RFM_N_CLASSES; c++)
    {
      const HyRfmClassSummary *s = &rfm->classes[c];

      bars->bars[c].label = hy_rfm_class_get_label (c);
      bars->bars[c].value = s->members;
      bars->bars[c].value_text = _hy_report_keep (bars->strings, hy_count_format (s->members));
      bars->bars[c].note = c == HY_RFM_CLASS_NO_PURCHASE ? NULL
        : _hy_report_keep (bars->strings, g_strdup_printf (_("%.1f%% of revenue"), s->revenue_share * 100));
    }
  _hy_report_add_bars (report, bars);

  hy_document_begin_table (report->doc, G_N_ELEMENTS (headers), headers, widths, numeric);
  for (guint c = 0; c < HY_RFM_N_CLASSES; c++)
    {
      const HyRfmClassSummary *s = &rfm->classes[c];
      g_autofree char *members = hy_count_format (s->members);
      g_autofree char *share = _hy_report_percent (s->member_share);
      g_autofree char *revenue = hy_money_format (s->revenue, TRUE);
      g_autofree char *revenue_share = _hy_report_percent (s->revenue_share);
      g_autofree char *r = g_strdup_printf ("%.0f", s->avg_recency);
      g_autofree char *f = g_strdup_printf ("%.1f", s->avg_frequency);
      g_autofree char *m = hy_money_format ((gint64) llround (s->avg_monetary), TRUE);
      const char *row[] = { hy_rfm_class_get_label (c), members, share, revenue, revenue_share,
                            c == HY_RFM_CLASS_NO_PURCHASE ? "" : r,
                            c == HY_RFM_CLASS_NO_PURCHASE ? "" : f,
                            c == HY_RFM_CLASS_NO_PURCHASE ? "" : m };

      hy_document_add_row (report->doc, row);
    }
}

static void
add_lifecycle (Report *report,
               gboolean full)
{
  HyLifecycleOptions options;
  guint n_months = full ? 24 : 12;
  g_autofree gint32 *month_end = g_new0 (gint32, n_months);
  g_autofree guint64 (*counts)[HY_N_STAGES] = g_malloc0_n (n_months, sizeof *counts);
  AreaData *area = g_new0 (AreaData, 1);
  g_autofree char *summary = NULL;
  /* The stages a manager follows: those without a purchase yet are left out of the chart. */
  static const HyStage shown[] = { HY_STAGE_NEW, HY_STAGE_ACTIVE, HY_STAGE_HIGH_POTENTIAL,
                                   HY_STAGE_SLEEPING, HY_STAGE_CHURNED };

  hy_lifecycle_options_init (&options, report->db);
  options.model = report->has_model ? &report->model : NULL;
  hy_lifecycle_history (report->data, n_months, &options, month_end, counts);

  area->strings = g_ptr_array_new_with_free_func (g_free);
  area->point_labels = g_new0 (char *, n_months + 1);
  area->series_labels = g_new0 (char *, G_N_ELEMENTS (shown) + 1);
  area->values = g_new0 (double, G_N_ELEMENTS (shown) * n_months);
  for (guint m = 0; m < n_months; m++)
    area->point_labels[m] = month_text (month_end[m]);
  for (guint s = 0; s < G_N_ELEMENTS (shown); s++)
    {
      area->series_labels[s] = g_strdup (hy_stage_get_label (shown[s]));
      for (guint m = 0; m < n_months; m++)
        area->values[s * n_months + m] = counts[m][shown[s]];
    }
  area->chart.title = _hy_report_keep (area->strings, g_strdup (_("Members by lifecycle stage at each month end")));
  area->chart.n_points = n_months;
  area->chart.point_labels = (const char **) area->point_labels;
  area->chart.n_series = G_N_ELEMENTS (shown);
  area->chart.series_labels = (const char **) area->series_labels;
  area->chart.values = area->values;

  hy_document_add_heading (report->doc, _("Lifecycle Stages"));
  summary = hy_chart_describe_area (&area->chart);
  hy_document_add_chart (report->doc, 230, area_draw, area, area_data_free, summary);

  {
    g_autofree const char **headers = g_new0 (const char *, G_N_ELEMENTS (shown) + 2);
    g_autofree double *widths = g_new (double, G_N_ELEMENTS (shown) + 1);
    g_autofree gboolean *numeric = g_new (gboolean, G_N_ELEMENTS (shown) + 1);
    guint first = full ? 0 : n_months - 6;

    headers[0] = _("Month end");
    widths[0] = 1.2;
    numeric[0] = FALSE;
    for (guint s = 0; s < G_N_ELEMENTS (shown); s++)
      {
        headers[s + 1] = hy_stage_get_label (shown[s]);
        widths[s + 1] = 1;
        numeric[s + 1] = TRUE;
      }
    hy_document_begin_table (report->doc, G_N_ELEMENTS (shown) + 1, headers, widths, numeric);
    for (guint m = first; m < n_months; m++)
      {
        g_autofree char *day = day_text (month_end[m]);
        g_auto(GStrv) cells = g_new0 (char *, G_N_ELEMENTS (shown) + 2);

        cells[0] = g_steal_pointer (&day);
        for (guint s = 0; s < G_N_ELEMENTS (shown); s++)
          cells[s + 1] = hy_count_format (counts[m][shown[s]]);
        hy_document_add_row (report->doc, (const char * const *) cells);
      }
  }

  if (full)
    {
      guint64 matrix[HY_N_STAGES][HY_N_STAGES];
      g_autofree char *from = day_text (report->prev_end);
      g_autofree char *to = day_text (report->end);
      g_autofree char *intro = g_strdup_printf (_("Where the members of each stage on %s were on %s."), from, to);
      const char *headers[G_N_ELEMENTS (shown) + 1];
      double widths[G_N_ELEMENTS (shown) + 1];
      gboolean numeric[G_N_ELEMENTS (shown) + 1];

      hy_lifecycle_transitions (report->data, report->prev_end, report->end, &options, matrix);
      hy_document_add_heading (report->doc, _("Transitions"));
      hy_document_add_paragraph (report->doc, intro);
      headers[0] = _("From \\ to");
      widths[0] = 1.2;
      numeric[0] = FALSE;
      for (guint s = 0; s < G_N_ELEMENTS (shown); s++)
        {
          headers[s + 1] = hy_stage_get_label (shown[s]);
          widths[s + 1] = 1;
          numeric[s + 1] = TRUE;
        }
      hy_document_begin_table (report->doc, G_N_ELEMENTS (shown) + 1, headers, widths, numeric);
      for (guint a = 0; a < G_N_ELEMENTS (shown); a++)
        {
          g_auto(GStrv) cells = g_new0 (char *, G_N_ELEMENTS (shown) + 2);

          cells[0] = g_strdup (hy_stage_get_label (shown[a]));
          for (guint b = 0; b < G_N_ELEMENTS (shown); b++)
            cells[b + 1] = hy_count_format (matrix[shown[a]][shown[b]]);
          hy_document_add_row (report->doc, (const char * const *) cells);
        }
    }
}

static void
add_cohorts (Report *report)
{
  guint n = 12;
  g_autoptr(HyCohortTable) table = hy_cohorts_compute (report->data, n);
  HeatmapData *heatmap = g_new0 (HeatmapData, 1);
  g_autofree char *summary = NULL;

  heatmap->strings = g_ptr_array_new_with_free_func (g_free);
  heatmap->row_labels = g_new0 (char *, n + 1);
  heatmap->column_labels = g_new0 (char *, n + 1);
  heatmap->values = g_new (double, n * n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *size = hy_count_format (table->size[i]);

      heatmap->row_labels[i] = g_strdup_printf ("%04d-%02d (%s)", table->year[i], table->month[i], size);
      heatmap->column_labels[i] = g_strdup_printf ("+%u", i);
      for (guint k = 0; k < n; k++)
        heatmap->values[i * n + k] = i + k < n && table->size[i] > 0
          ? (double) table->active[i * n + k] / table->size[i] : -1;
    }
  heatmap->chart.title = _hy_report_keep (heatmap->strings, g_strdup (_("Share of each month’s first-time buyers who bought again, by months since")));
  heatmap->chart.n_rows = n;
  heatmap->chart.row_labels = (const char **) heatmap->row_labels;
  heatmap->chart.n_columns = n;
  heatmap->chart.column_labels = (const char **) heatmap->column_labels;
  heatmap->chart.values = heatmap->values;

  hy_document_add_heading (report->doc, _("Cohort Retention"));
  summary = hy_chart_describe_heatmap (&heatmap->chart);
  hy_document_add_chart (report->doc, 30 + 16 + 20 * n, heatmap_draw, heatmap, heatmap_data_free, summary);
}

static gboolean
add_calls (Report       *report,
           gboolean      mask,
           GError      **error)
{
  g_autoptr(GPtrArray) warnings = hy_warnings_compute (report->db, report->data,
                                                       report->has_model ? &report->model : NULL, error);
  g_autoptr(HyMemberStore) members = NULL;
  GTimeZone *tz = hy_database_get_time_zone (report->db);
  const char *headers[] = { _("Priority"), _("Member"), _("Phone"), _("Reason"), _("Suggested offer"), _("Call By") };
  const double widths[] = { 0.9, 1.2, 1.3, 3.0, 2.2, 1.2 };
  const gboolean numeric[] = { FALSE, FALSE, FALSE, FALSE, FALSE, FALSE };
  g_autofree char *count = NULL;
  g_autofree char *intro = NULL;

  if (warnings == NULL)
    return FALSE;

  members = hy_member_store_new (report->db);
  count = hy_count_format (warnings->len);
  intro = g_strdup_printf (_("%s members to contact, most urgent first. Call, note the outcome, and "
                             "offer what suits the reason."), count);
  hy_document_add_heading (report->doc, _("Members to Call"));
  hy_document_add_paragraph (report->doc, intro);
  hy_document_begin_table (report->doc, G_N_ELEMENTS (headers), headers, widths, numeric);
  for (guint i = 0; i < warnings->len; i++)
    {
      HyWarning *warning = g_ptr_array_index (warnings, i);
      g_autoptr(HyMember) member = hy_member_store_load (members, warning->member_id, NULL);
      const char *phone = member != NULL ? hy_member_get_phone (member) : NULL;
      g_autofree char *shown = phone == NULL ? g_strdup ("") : mask ? hy_phone_mask (phone) : hy_phone_format (phone);
      g_autofree char *due = hy_time_format_local (tz, warning->due_at, TRUE);
      const char *row[] = { hy_warning_priority_get_label (warning->priority),
                            member != NULL ? hy_member_get_name (member) : "", shown,
                            hy_warning_get_reason (warning), hy_warning_rule_get_offer (warning->rule), due };

      hy_document_add_row (report->doc, row);
    }
  return TRUE;
}

static gboolean
add_statement (Report  *report,
               gint64   member_id,
               GError **error)
{
  g_autoptr(HyMemberStore) members = hy_member_store_new (report->db);
  g_autoptr(HyMember) member = hy_member_store_load (members, member_id, error);
  g_autoptr(HyPointsLedger) points = NULL;
  g_autoptr(HyStoredValueLedger) wallet = NULL;
  g_autoptr(GPtrArray) point_entries = NULL;
  g_autoptr(GPtrArray) wallet_entries = NULL;
  GTimeZone *tz = hy_database_get_time_zone (report->db);
  HyPointsSummary summary;
  HyStoredValueBalance balance;
  g_autofree char *title = NULL;

  if (member == NULL)
    return FALSE;

  points = hy_points_ledger_new (report->db);
  wallet = hy_stored_value_ledger_new (report->db);
  if (!hy_points_ledger_get_summary (points, member_id, &summary, error) ||
      !(point_entries = hy_points_ledger_list_entries (points, member_id, error)) ||
      !hy_stored_value_ledger_get_balance (wallet, member_id, &balance, error) ||
      !(wallet_entries = hy_stored_value_ledger_list_entries (wallet, member_id, error)))
    return FALSE;

  title = g_strdup_printf ("%s (#%lld)", hy_member_get_name (member), (long long) member_id);
  hy_document_add_heading (report->doc, title);
  {
    g_autofree char *balance_text = hy_count_format (summary.balance);
    g_autofree char *available = hy_count_format (summary.available);
    g_autofree char *pending = hy_count_format (summary.pending);
    g_autofree char *expiring = hy_count_format (summary.expiring_soon);
    g_autofree char *principal = _hy_report_money (report, balance.principal);
    g_autofree char *bonus = _hy_report_money (report, balance.bonus);

    hy_document_add_figure (report->doc, _("Points balance"), balance_text, NULL);
    hy_document_add_figure (report->doc, _("Points available"), available, NULL);
    hy_document_add_figure (report->doc, _("Points pending"), pending, NULL);
    hy_document_add_figure (report->doc, _("Points expiring soon"), expiring, NULL);
    hy_document_add_figure (report->doc, _("Stored value paid in"), principal, NULL);
    hy_document_add_figure (report->doc, _("Stored value bonus"), bonus, NULL);
  }

  {
    const char *headers[] = { _("Date"), _("Entry"), _("Points"), _("Balance"), _("Expires"), _("Reason") };
    const double widths[] = { 1.5, 1.2, 0.9, 0.9, 1.1, 2.6 };
    const gboolean numeric[] = { FALSE, FALSE, TRUE, TRUE, FALSE, FALSE };

    hy_document_add_heading (report->doc, _("Points"));
    hy_document_begin_table (report->doc, G_N_ELEMENTS (headers), headers, widths, numeric);
    for (guint i = 0; i < point_entries->len; i++)
      {
        HyPointsEntry *e = g_ptr_array_index (point_entries, i);
        g_autofree char *date = hy_time_format_local (tz, e->occurred_at, FALSE);
        g_autofree char *delta = g_strdup_printf ("%+lld", (long long) e->points);
        g_autofree char *after = hy_count_format (e->balance_after);
        g_autofree char *expires = e->expires_at != 0 ? hy_time_format_local (tz, e->expires_at, FALSE) : g_strdup ("");
        const char *row[] = { date, hy_points_kind_to_string (e->kind), delta, after, expires,
                              e->reason != NULL ? e->reason : "" };

        hy_document_add_row (report->doc, row);
      }
  }

  {
    const char *headers[] = { _("Date"), _("Entry"), _("Paid in"), _("Bonus"), _("Balance"), _("Note") };
    const double widths[] = { 1.5, 1.2, 1.1, 1.0, 1.2, 2.2 };
    const gboolean numeric[] = { FALSE, FALSE, TRUE, TRUE, TRUE, FALSE };

    hy_document_add_heading (report->doc, _("Stored Value"));
    hy_document_begin_table (report->doc, G_N_ELEMENTS (headers), headers, widths, numeric);
    for (guint i = 0; i < wallet_entries->len; i++)
      {
        HyStoredValueEntry *e = g_ptr_array_index (wallet_entries, i);
        g_autofree char *date = hy_time_format_local (tz, e->occurred_at, FALSE);
        g_autofree char *principal = hy_money_format (e->principal, TRUE);
        g_autofree char *bonus = hy_money_format (e->bonus, TRUE);
        g_autofree char *after = hy_money_format (e->principal_after + e->bonus_after, TRUE);
        const char *row[] = { date, hy_stored_value_kind_to_string (e->kind), principal, bonus, after,
                              e->reason != NULL ? e->reason : "" };

        hy_document_add_row (report->doc, row);
      }
  }
  return TRUE;
}

HyDocument *
hy_report_build_call_list (HyDatabase  *db,
                           GPtrArray   *items,
                           gboolean     mask_phones,
                           GError     **error)
{
  g_autofree char *store_name = hy_database_dup_setting (db, "store.name");
  g_autoptr(HyMemberStore) members = hy_member_store_new (db);
  GTimeZone *tz = hy_database_get_time_zone (db);
  g_autofree char *today = hy_time_format_local (tz, hy_time_now (), FALSE);
  g_autofree char *count = hy_count_format (items->len);
  g_autofree char *intro = NULL;
  const char *headers[] = { _("Priority"), _("Member"), _("Phone"), _("Reason"), _("Suggested offer"), _("Call By") };
  const double widths[] = { 0.9, 1.2, 1.3, 3.0, 2.2, 1.2 };
  const gboolean numeric[] = { FALSE, FALSE, FALSE, FALSE, FALSE, FALSE };
  g_autoptr(HyDocument) doc = NULL;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);
  g_return_val_if_fail (items != NULL, NULL);

  doc = hy_document_new (hy_report_kind_get_title (HY_REPORT_CALLS), store_name != NULL ? store_name : "", today);
  intro = g_strdup_printf (_("%s members to contact, most urgent first. Call, note the outcome, and "
                             "offer what suits the reason."), count);
  hy_document_add_heading (doc, _("Members to Call"));
  hy_document_add_paragraph (doc, intro);
  hy_document_begin_table (doc, G_N_ELEMENTS (headers), headers, widths, numeric);
  for (guint i = 0; i < items->len; i++)
    {
      HyWorkItem *item = g_ptr_array_index (items, i);
      g_autoptr(HyMember) member = hy_member_store_load (members, item->member_id, error);
      const char *phone;
      g_autofree char *shown = NULL;
      g_autofree char *due = hy_time_format_local (tz, item->due_at, TRUE);
      g_autofree char *others = g_strjoinv ("; ", item->other_reasons);
      g_autofree char *reason = *others != '\0' ? g_strdup_printf ("%s; %s", item->reason, others) : g_strdup (item->reason);
      const char *row[6];

      if (member == NULL)
        return NULL;
      phone = hy_member_get_phone (member);
      shown = phone == NULL ? g_strdup ("") : mask_phones ? hy_phone_mask (phone) : hy_phone_format (phone);
      row[0] = hy_warning_priority_get_label (item->priority);
      row[1] = hy_member_get_name (member);
      row[2] = shown;
      row[3] = reason;
      row[4] = hy_warning_rule_get_offer (item->rule);
      row[5] = due;
      hy_document_add_row (doc, row);
    }
  return g_steal_pointer (&doc);
}

/* Builds the report; the analysis runs on the caller's thread (call it from a worker). */
HyDocument *
hy_report_build (HyDatabase             *db,
                 const HyReportOptions  *options,
                 GError                **error)
{
  g_autofree char *store_name = hy_database_dup_setting (db, "store.name");
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *period_text = NULL;
  Report report = { db };
  HyDocument *doc = NULL;

  g_return_val_if_fail (options->kind < HY_N_REPORTS, NULL);

  if (!parse_period (&report, options->period, error))
    goto out;
  report.currency = hy_database_dup_setting (db, "currency");
  first = day_text (report.start);
  last = day_text (report.end);
  period_text = g_strdup_printf ("%s – %s", first, last);
  report.doc = hy_document_new (hy_report_kind_get_title (options->kind),
                                store_name != NULL ? store_name : "", period_text);

  if (options->kind != HY_REPORT_STATEMENT && options->kind != HY_REPORT_TIERS)
    {
      report.data = hy_analysis_data_load (db, report.end, options->store_id, error);
      if (report.data == NULL)
        goto out;
      report.has_model = hy_customer_model_load (db, &report.model);
    }

  switch (options->kind)
    {
    case HY_REPORT_MONTHLY:
      {
        HyKpis now, before;

        if (!hy_kpis_compute (db, report.data, report.start, report.end, report.has_model ? &report.model : NULL, &now, error) ||
            !hy_kpis_compute (db, report.data, report.prev_start, report.prev_end, report.has_model ? &report.model : NULL, &before, error))
          goto out;
        add_kpis (&report, &now, &before);
        add_rfm (&report);
        add_lifecycle (&report, FALSE);
        add_cohorts (&report);
      }
      break;
    case HY_REPORT_RFM:
      add_rfm (&report);
      break;
    case HY_REPORT_LIFECYCLE:
      add_lifecycle (&report, TRUE);
      break;
    case HY_REPORT_CALLS:
      if (!add_calls (&report, options->mask_phones, error))
        goto out;
      break;
    case HY_REPORT_STATEMENT:
      if (!add_statement (&report, options->member_id, error))
        goto out;
      break;
    case HY_REPORT_TIERS:
      if (!_hy_report_add_tiers (&report, error))
        goto out;
      break;
    case HY_N_REPORTS:
    default:
      g_assert_not_reached ();
    }

  doc = g_steal_pointer (&report.doc);

out:
  g_clear_pointer (&report.doc, hy_document_free);
  report_clear (&report);
  return doc;
}
