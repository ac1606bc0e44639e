/* hy-dashboard-page.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store at a glance: members, sales, takings and the members' share of them; then a chosen
 * period (the last 30 days, this month, ...) against as many days before it (KPI cards), for
 * every store or a chosen one, the RFM classes, the lifecycle stages over 24 months and the
 * moves between two of them, cohort retention, warnings due and the top spenders.  A click on
 * a bar or band of the RFM, lifecycle, P(alive) or CLV chart, or on a cell of the cohorts,
 * lists its members (the window takes it to the members page).  Everything is
 * computed in a thread on connections of its own, so a large database never freezes the window;
 * the last figures of each choice are kept in the database and painted at once while fresh ones
 * are computed.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-analysis.h"
#include "hy-chart-view.h"
#include "hy-dashboard.h"
#include "hy-dashboard-chooser.h"
#include "hy-dashboard-page.h"
#include "hy-dashboard-page-private.h"
#include "hy-money.h"
#include "hy-summary.h"
#include "hy-time.h"
#include "hy-transitions-card.h"

struct _HyDashboardPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkStack     *stack;
  GtkFlowBox   *cards;
  GtkLabel     *history_label;
  AdwStatusPage *error_status;
  GtkLabel     *analytics_title;
  GtkLabel     *analytics_label;
  GtkSpinner   *analytics_spinner;
  GtkWidget    *refresh_button;
  HyDashboardChooser *chooser;
  GtkFlowBox   *kpi_cards;
  GtkBox       *charts;

  /* Owned references */
  HyDatabase   *database;
  GCancellable *cancellable;
  char         *currency;
  GTimeZone    *tz;
  GtkWidget    *transitions;   /* a HyTransitionsCard, kept across refreshes */

  /* The choice whose figures are on screen (shown_store -1: none) */
  HyDashboardPeriod shown_period;
  gint64            shown_store;

  GdkFrameClock *paint_clock;   /* while the fresh figures wait for the kept ones to be painted */
  gulong        paint_handler;
};

G_DEFINE_FINAL_TYPE (HyDashboardPage, hy_dashboard_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  RFM_CLASS_ACTIVATED,
  STAGE_ACTIVATED,
  WARNING_PRIORITY_ACTIVATED,
  MEMBER_ACTIVATED,
  MEMBERS_ACTIVATED,
  ANALYSED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
add_card (HyDashboardPage *self,
          const char      *title,
          const char      *value,
          const char      *caption)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value_label = gtk_label_new (value);
  GtkWidget *caption_label = gtk_label_new (caption);
  g_autofree char *accessible = g_strdup_printf ("%s: %s. %s", title, value, caption);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "kpi-card");
  gtk_widget_add_css_class (title_label, "dim-label");
  gtk_widget_add_css_class (title_label, "heading");
  gtk_widget_add_css_class (value_label, "title-1");
  gtk_widget_add_css_class (caption_label, "caption");
  gtk_widget_add_css_class (caption_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_xalign (GTK_LABEL (caption_label), 0);
  gtk_label_set_wrap (GTK_LABEL (caption_label), TRUE);
  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), value_label);
  gtk_box_append (GTK_BOX (box), caption_label);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_flow_box_append (self->cards, box);
}

static char *
money_text (HyDashboardPage *self,
            gint64           minor)
{
  g_autofree char *amount = hy_money_format (minor, TRUE);

  return g_strdup_printf ("%s %s", amount, self->currency);
}

static char *
percent_text (double share)
{
  return g_strdup_printf ("%.1f%%", share * 100);
}

static void
rfm_bar_activated_cb (HyDashboardPage *self,
                      int              index)
{
  g_signal_emit (self, signals [RFM_CLASS_ACTIVATED], 0, index);
}

static void
show_rfm (HyDashboardPage   *self,
          const HyDashboard *d)
{
  HyChartData *data = _hy_chart_data_new ();
  HyBar *bars = _hy_chart_data_own (data, g_new0 (HyBar, HY_RFM_N_CLASSES));
  const char *headers[] = { _("Class"), _("Members"), _("Share of revenue"), _("Revenue") };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GtkWidget *view;

  for (guint c = 0; c < HY_RFM_N_CLASSES; c++)
    {
      char **row = g_new0 (char *, 5);

      bars[c].label = hy_rfm_class_get_label (c);
      bars[c].value = d->rfm[c].members;
      bars[c].value_text = _hy_chart_data_own (data, hy_count_format (d->rfm[c].members));
      bars[c].note = c == HY_RFM_CLASS_NO_PURCHASE ? NULL
        : _hy_chart_data_own (data, g_strdup_printf (_("%.1f%% of revenue"), d->rfm[c].revenue_share * 100));
      row[0] = g_strdup (bars[c].label);
      row[1] = g_strdup (bars[c].value_text);
      row[2] = percent_text (d->rfm[c].revenue_share);
      row[3] = money_text (self, d->rfm[c].revenue);
      g_ptr_array_add (rows, row);
    }
  data->chart.bars.title = NULL;
  data->chart.bars.bars = bars;
  data->chart.bars.n_bars = HY_RFM_N_CLASSES;

  view = _hy_dashboard_add_chart_card (self->charts, _("RFM Classes"), HY_CHART_BARS, data, 26 * HY_RFM_N_CLASSES,
                                       G_N_ELEMENTS (headers), headers, rows);
  hy_chart_view_set_activate_hint (HY_CHART_VIEW (view), _("Click to list these members"));
  g_signal_connect_object (view, "bar-activated", G_CALLBACK (rfm_bar_activated_cb), self, G_CONNECT_SWAPPED);
}

/* The stages the chart stacks, bottom first: those without a purchase yet are left out. */
static const HyStage shown_stages[] = { HY_STAGE_NEW, HY_STAGE_ACTIVE, HY_STAGE_HIGH_POTENTIAL,
                                        HY_STAGE_SLEEPING, HY_STAGE_CHURNED };

static void
stage_band_activated_cb (HyDashboardPage *self,
                         int              index)
{
  g_return_if_fail (index >= 0 && (guint) index < G_N_ELEMENTS (shown_stages));

  g_signal_emit (self, signals [STAGE_ACTIVATED], 0, (int) shown_stages[index]);
}

static void
show_stages (HyDashboardPage   *self,
             const HyDashboard *d)
{
  HyChartData *data = _hy_chart_data_new ();
  const char **months = _hy_chart_data_own (data, g_new0 (const char *, HY_DASHBOARD_MONTHS));
  const char **series = _hy_chart_data_own (data, g_new0 (const char *, G_N_ELEMENTS (shown_stages)));
  double *values = _hy_chart_data_own (data, g_new0 (double, G_N_ELEMENTS (shown_stages) * HY_DASHBOARD_MONTHS));
  const char *headers[G_N_ELEMENTS (shown_stages) + 1];
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GtkWidget *view;

  headers[0] = _("Month end");
  for (guint s = 0; s < G_N_ELEMENTS (shown_stages); s++)
    {
      series[s] = hy_stage_get_label (shown_stages[s]);
      headers[s + 1] = series[s];
    }
  for (guint m = 0; m < HY_DASHBOARD_MONTHS; m++)
    {
      char **row = g_new0 (char *, G_N_ELEMENTS (shown_stages) + 2);
      int y, mo, day;

      hy_time_day_to_ymd (d->month_end[m], &y, &mo, &day);
      months[m] = _hy_chart_data_own (data, g_strdup_printf ("%04d-%02d", y, mo));
      row[0] = g_strdup_printf ("%04d-%02d-%02d", y, mo, day);
      for (guint s = 0; s < G_N_ELEMENTS (shown_stages); s++)
        {
          values[s * HY_DASHBOARD_MONTHS + m] = d->stages[m][shown_stages[s]];
          row[s + 1] = hy_count_format (d->stages[m][shown_stages[s]]);
        }
      g_ptr_array_add (rows, row);
    }
  data->chart.area.n_points = HY_DASHBOARD_MONTHS;
  data->chart.area.point_labels = months;
  data->chart.area.n_series = G_N_ELEMENTS (shown_stages);
  data->chart.area.series_labels = series;
  data->chart.area.values = values;

  view = _hy_dashboard_add_chart_card (self->charts, _("Lifecycle Stages, Last 24 Months"), HY_CHART_AREA, data, 240,
                                       G_N_ELEMENTS (headers), headers, rows);
  hy_chart_view_set_activate_hint (HY_CHART_VIEW (view), _("Click to list the members in this stage today"));
  g_signal_connect_object (view, "bar-activated", G_CALLBACK (stage_band_activated_cb), self, G_CONNECT_SWAPPED);
}

/* What a click on cell (@row, @column) of the cohorts lists, in words. */
static char *
describe_cohort_cell (const HyDashboard *d,
                      guint              row,
                      guint              column)
{
  int month = d->cohort_year[row] * 12 + d->cohort_month[row] - 1 + (int) column;

  if (column == 0)
    /* Translators: what the members list shows: the members whose first purchase was in a month (%04d-%02d) */
    return g_strdup_printf (_("First bought in %04d-%02d"), d->cohort_year[row], d->cohort_month[row]);
  /* Translators: what the members list shows: the members whose first purchase was in a month
   * (%1$04d-%2$02d) and who bought again in a later one (%3$04d-%4$02d) */
  return g_strdup_printf (_("First bought in %1$04d-%2$02d, bought again in %3$04d-%4$02d"),
                          d->cohort_year[row], d->cohort_month[row], month / 12, month % 12 + 1);
}

static void
show_cohorts (HyDashboardPage   *self,
              const HyDashboard *d)
{
  const guint n = HY_DASHBOARD_COHORTS;
  HyChartData *data = _hy_chart_data_new ();
  const char **row_labels = _hy_chart_data_own (data, g_new0 (const char *, n));
  const char **column_labels = _hy_chart_data_own (data, g_new0 (const char *, n));
  double *values = _hy_chart_data_own (data, g_new0 (double, n * n));
  const char **headers = _hy_chart_data_own (data, g_new0 (const char *, n + 1));
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GPtrArray *links = _hy_chart_links_new ();
  GtkWidget *view;

  headers[0] = _("First purchase");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *size = hy_count_format (d->cohort_size[i]);
      char **row = g_new0 (char *, n + 2);

      row_labels[i] = _hy_chart_data_own (data, g_strdup_printf ("%04d-%02d (%s)", d->cohort_year[i], d->cohort_month[i], size));
      column_labels[i] = _hy_chart_data_own (data, g_strdup_printf ("+%u", i));
      headers[i + 1] = column_labels[i];
      row[0] = g_strdup (row_labels[i]);
      for (guint k = 0; k < n; k++)
        {
          gboolean filled = i + k < n && d->cohort_size[i] > 0;

          values[i * n + k] = filled ? (double) d->cohort_active[i * n + k] / d->cohort_size[i] : -1;
          row[k + 1] = filled ? g_strdup_printf ("%.0f%%", values[i * n + k] * 100) : g_strdup ("");
          _hy_chart_links_add (links, hy_dashboard_part_cohort (d, i, k), describe_cohort_cell (d, i, k));
        }
      g_ptr_array_add (rows, row);
    }
  data->chart.heatmap.n_rows = n;
  data->chart.heatmap.row_labels = row_labels;
  data->chart.heatmap.n_columns = n;
  data->chart.heatmap.column_labels = column_labels;
  data->chart.heatmap.values = values;

  view = _hy_dashboard_add_chart_card (self->charts, _("Who Bought Again: Monthly Cohorts"), HY_CHART_HEATMAP, data,
                                       16 + 20 * n, n + 1, headers, rows);
  _hy_dashboard_link_chart (view, links, n);
}

static void
warning_bar_activated_cb (HyDashboardPage *self,
                          int              priority)
{
  g_signal_emit (self, signals [WARNING_PRIORITY_ACTIVATED], 0, priority);
}

/* The top chart's view holds the ids of its bars' members. */
static void
top_bar_activated_cb (HyDashboardPage *self,
                      int              index,
                      HyChartView     *view)
{
  GArray *ids = g_object_get_data (G_OBJECT (view), "member-ids");

  g_return_if_fail (ids != NULL && index >= 0 && (guint) index < ids->len);

  g_signal_emit (self, signals [MEMBER_ACTIVATED], 0, g_array_index (ids, gint64, index));
}

static void
show_warnings_and_top (HyDashboardPage   *self,
                       const HyDashboard *d)
{
  HyChartData *data = _hy_chart_data_new ();
  HyBar *bars = _hy_chart_data_own (data, g_new0 (HyBar, 3));
  const char *headers[] = { _("Priority"), _("Members") };
  const char *top_headers[] = { _("Member"), _("Spend") };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) top_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  HyChartData *top = _hy_chart_data_new ();
  HyBar *top_bars = _hy_chart_data_own (top, g_new0 (HyBar, MAX (d->n_top, 1)));
  GArray *top_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), d->n_top);
  GtkWidget *view;

  for (guint p = 0; p < 3; p++)
    {
      char **row = g_new0 (char *, 3);

      bars[p].label = hy_warning_priority_get_label (p);
      bars[p].value = d->warnings[p];
      bars[p].value_text = _hy_chart_data_own (data, hy_count_format (d->warnings[p]));
      row[0] = g_strdup (bars[p].label);
      row[1] = g_strdup (bars[p].value_text);
      g_ptr_array_add (rows, row);
    }
  data->chart.bars.bars = bars;
  data->chart.bars.n_bars = 3;
  data->chart.bars.one_colour = TRUE;
  view = _hy_dashboard_add_chart_card (self->charts, _("Churn Warnings Due Today"), HY_CHART_BARS, data, 26 * 3,
                                       G_N_ELEMENTS (headers), headers, rows);
  g_signal_connect_object (view, "bar-activated", G_CALLBACK (warning_bar_activated_cb), self, G_CONNECT_SWAPPED);
  hy_chart_view_set_activate_hint (HY_CHART_VIEW (view), _("Click to see these warnings"));

  for (guint i = 0; i < d->n_top; i++)
    {
      char **row = g_new0 (char *, 3);

      top_bars[i].label = _hy_chart_data_own (top, g_strdup (d->top_name[i]));
      top_bars[i].value = d->top_spend[i];
      top_bars[i].value_text = _hy_chart_data_own (top, money_text (self, d->top_spend[i]));
      row[0] = g_strdup (top_bars[i].label);
      row[1] = g_strdup (top_bars[i].value_text);
      g_ptr_array_add (top_rows, row);
      g_array_append_val (top_ids, d->top_id[i]);
    }
  top->chart.bars.bars = top_bars;
  top->chart.bars.n_bars = d->n_top;
  top->chart.bars.one_colour = TRUE;
  view = _hy_dashboard_add_chart_card (self->charts, _("Top Members by Spend, Last 365 Days"), HY_CHART_BARS, top,
                                       26 * MAX (d->n_top, 1), G_N_ELEMENTS (top_headers), top_headers, top_rows);
  g_object_set_data_full (G_OBJECT (view), "member-ids", top_ids, (GDestroyNotify) g_array_unref);
  g_signal_connect_object (view, "bar-activated", G_CALLBACK (top_bar_activated_cb), self, G_CONNECT_SWAPPED);
  hy_chart_view_set_activate_hint (HY_CHART_VIEW (view), _("Click to open the member"));
}

/* A click on a part of a chart whose members can be listed (hy-dashboard-page-charts.c): said in
 * words, with the store when the dashboard shows one. */
void
_hy_dashboard_page_members_activated (HyDashboardPage       *self,
                                      const HyDashboardPart *part,
                                      const char            *description)
{
  g_autofree char *text = NULL;

  if (part->store_id != 0)
    /* Translators: what the members list shows (%1$s) and the store whose sales it counts (%2$s) */
    text = g_strdup_printf (_("%1$s · %2$s"), description,
                            hy_dashboard_chooser_get_store_name (self->chooser, part->store_id));
  g_signal_emit (self, signals [MEMBERS_ACTIVATED], 0, part, text != NULL ? text : description);
}

static gboolean
shows_choice (HyDashboardPage *self)
{
  return self->shown_period == hy_dashboard_chooser_get_period (self->chooser) &&
         self->shown_store == hy_dashboard_chooser_get_store_id (self->chooser);
}

/* Figures of another choice than the one made stay on screen, faded, until this one's come. */
static void
show_choice_state (HyDashboardPage *self)
{
  gboolean other = !shows_choice (self);

  gtk_widget_set_opacity (GTK_WIDGET (self->kpi_cards), other ? 0.5 : 1.0);
  gtk_widget_set_opacity (GTK_WIDGET (self->charts), other ? 0.5 : 1.0);
}

static void
hy_dashboard_page_show_dashboard (HyDashboardPage   *self,
                                  const HyDashboard *d,
                                  gboolean           fresh)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *computed = hy_time_format_local (self->tz, d->computed_at, TRUE);
  g_autofree char *period = NULL;
  g_autofree char *new_members = hy_count_format (d->now.new_members);
  g_autofree char *active = hy_count_format (d->now.active_members);
  g_autofree char *purchasers = hy_count_format (d->now.purchasers);
  g_autofree char *repurchase = percent_text (d->now.repurchase_rate);
  g_autofree char *retention = percent_text (d->now.retention);
  g_autofree char *churn = percent_text (d->now.churn_rate);
  g_autofree char *aov = money_text (self, (gint64) (d->now.aov + 0.5));
  g_autofree char *share = percent_text (d->now.member_revenue_share);
  g_autofree char *title = NULL;
  guint days = (guint) (d->end - d->start + 1);
  GtkFlowBox *kpis = self->kpi_cards;
  GtkWidget *child;
  int y, m, day;

  hy_time_day_to_ymd (d->start, &y, &m, &day);
  first = g_strdup_printf ("%04d-%02d-%02d", y, m, day);
  hy_time_day_to_ymd (d->end, &y, &m, &day);
  last = g_strdup_printf ("%04d-%02d-%02d", y, m, day);
  /* Translators: %1$s and %2$s are dates, %3$u a number of days, %4$s a date and time */
  period = g_strdup_printf (fresh ? g_dngettext (GETTEXT_PACKAGE, "%1$s to %2$s, against the %3$u day before. Computed %4$s.",
                                                 "%1$s to %2$s, against the %3$u days before. Computed %4$s.", days)
                                  : g_dngettext (GETTEXT_PACKAGE, "%1$s to %2$s, against the %3$u day before. Computed %4$s; new figures are on their way.",
                                                 "%1$s to %2$s, against the %3$u days before. Computed %4$s; new figures are on their way.", days),
                            first, last, days, computed);
  title = d->store_id != 0
    /* Translators: a period (e.g. Last 30 Days) and the store whose sales it counts */
    ? g_strdup_printf (_("%1$s · %2$s"), hy_dashboard_period_get_label (d->period),
                       hy_dashboard_chooser_get_store_name (self->chooser, d->store_id))
    : g_strdup (hy_dashboard_period_get_label (d->period));
  gtk_label_set_label (self->analytics_title, title);
  gtk_label_set_label (self->analytics_label, period);
  self->shown_period = d->period;
  self->shown_store = d->store_id;
  show_choice_state (self);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->kpi_cards))) != NULL)
    gtk_flow_box_remove (self->kpi_cards, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->charts))) != NULL)
    gtk_box_remove (self->charts, child);

  _hy_dashboard_add_kpi (kpis, _("New Members"), new_members, d->now.new_members, d->before.new_members, FALSE, FALSE, days);
  _hy_dashboard_add_kpi (kpis, _("Active Members"), active, d->now.active_members, d->before.active_members, FALSE, FALSE,
                         days);
  _hy_dashboard_add_kpi (kpis, _("Purchasers"), purchasers, d->now.purchasers, d->before.purchasers, FALSE, FALSE, days);
  _hy_dashboard_add_kpi (kpis, _("Average Ticket"), aov, d->now.aov, d->before.aov, FALSE, FALSE, days);
  _hy_dashboard_add_kpi (kpis, _("Repurchase Rate"), repurchase, d->now.repurchase_rate, d->before.repurchase_rate, TRUE,
                         FALSE, days);
  _hy_dashboard_add_kpi (kpis, _("Retention"), retention, d->now.retention, d->before.retention, TRUE, FALSE, days);
  _hy_dashboard_add_kpi (kpis, _("Churn Rate"), churn, d->now.churn_rate, d->before.churn_rate, TRUE, TRUE, days);
  _hy_dashboard_add_kpi (kpis, _("Members’ Share of Sales"), share, d->now.member_revenue_share,
                         d->before.member_revenue_share, TRUE, FALSE, days);
  if (d->now.has_clv)
    {
      g_autofree char *clv = money_text (self, (gint64) (d->now.average_clv + 0.5));

      _hy_dashboard_add_kpi (kpis, _("Average CLV"), clv, d->now.average_clv, d->before.average_clv, FALSE, FALSE, days);
    }

  show_rfm (self, d);
  show_stages (self, d);
  gtk_box_append (self->charts, self->transitions);
  hy_transitions_card_show (HY_TRANSITIONS_CARD (self->transitions), d, hy_database_get_path (self->database));
  _hy_dashboard_show_predictions (self->charts, d, self->currency);
  show_cohorts (self, d);
  show_warnings_and_top (self, d);
}

static void
hy_dashboard_page_show_summary (HyDashboardPage *self,
                                const HySummary *summary)
{
  gint64 net = summary->sales_total - summary->refunds_total;
  gint64 paid_sales = summary->sales;
  g_autofree char *members = hy_count_format (summary->members);
  g_autofree char *sales = hy_count_format (summary->sales);
  g_autofree char *walk_ins = hy_count_format (summary->walk_in_sales);
  g_autofree char *refunds = hy_count_format (summary->refunds);
  g_autofree char *net_text = hy_money_format (net, TRUE);
  g_autofree char *net_value = g_strdup_printf ("%s %s", net_text, self->currency);
  g_autofree char *refunded = hy_money_format (summary->refunds_total, TRUE);
  g_autofree char *ticket = hy_money_format (paid_sales > 0 ? summary->sales_total / paid_sales : 0, TRUE);
  g_autofree char *ticket_value = g_strdup_printf ("%s %s", ticket, self->currency);
  g_autofree char *merged = hy_count_format (summary->merged_members);
  g_autofree char *merged_caption = NULL;
  g_autofree char *sales_caption = NULL;
  g_autofree char *refund_caption = NULL;
  g_autofree char *share = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cards))) != NULL)
    gtk_flow_box_remove (self->cards, child);

  /* Translators: %s is a number of member records merged into others */
  merged_caption = g_strdup_printf (_("%s duplicate records merged"), merged);
  /* Translators: %s is a number of sales to customers who are not members */
  sales_caption = g_strdup_printf (_("of which %s walk-in"), walk_ins);
  /* Translators: %1$s is an amount, %2$s a currency code */
  refund_caption = g_strdup_printf (_("%1$s %2$s refunded"), refunded, self->currency);
  share = summary->sales_total > 0
    ? g_strdup_printf ("%.1f %%", 100.0 * summary->member_sales_total / summary->sales_total)
    : g_strdup ("—");

  add_card (self, _("Members"), members, merged_caption);
  add_card (self, _("Sales"), sales, sales_caption);
  add_card (self, _("Net Takings"), net_value, refund_caption);
  add_card (self, _("Average Ticket"), ticket_value, _("Sales before refunds, per sale"));
  add_card (self, _("Members’ Share of Sales"), share, _("Of all sales, walk-ins included"));
  add_card (self, _("Refunds"), refunds, _("Full and partial"));

  if (summary->first_at > 0)
    {
      g_autofree char *first = hy_time_format_local (self->tz, summary->first_at, FALSE);
      g_autofree char *last = hy_time_format_local (self->tz, summary->last_at, FALSE);
      /* Translators: %1$s and %2$s are dates */
      g_autofree char *history = g_strdup_printf (_("Purchases from %1$s to %2$s"), first, last);

      gtk_label_set_label (self->history_label, history);
    }
  else
    gtk_label_set_label (self->history_label, _("No purchases yet. Import them with huiyuan-cli, or open the demo to look around."));

  gtk_stack_set_visible_child_name (self->stack, "summary");
}

static void
summarize_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  HyDashboardPage *self = HY_DASHBOARD_PAGE (object);
  g_autoptr(Figures) figures = NULL;
  g_autoptr(GError) error = NULL;

  figures = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (figures != NULL)
    {
      hy_dashboard_page_show_summary (self, &figures->summary);
      if (figures->dashboard != NULL)
        {
          hy_dashboard_page_show_dashboard (self, figures->dashboard, TRUE);
          g_signal_emit (self, signals [ANALYSED], 0);
        }
      else
        {
          /* Translators: %s says why the analysis failed */
          g_autofree char *why = g_strdup_printf (_("The analysis failed: %s"), figures->dashboard_error->message);

          gtk_label_set_label (self->analytics_label, why);
        }
    }
  else
    {
      adw_status_page_set_description (self->error_status, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  gtk_spinner_stop (self->analytics_spinner);
  gtk_widget_set_sensitive (self->refresh_button, TRUE);
  g_clear_object (&self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
}

static void
hy_dashboard_page_start_summary (HyDashboardPage *self)
{
  g_autoptr(GTask) task = NULL;
  Choice *choice;

  g_clear_signal_handler (&self->paint_handler, self->paint_clock);
  g_clear_object (&self->paint_clock);

  choice = g_new0 (Choice, 1);
  choice->path = g_strdup (hy_database_get_path (self->database));
  choice->period = hy_dashboard_chooser_get_period (self->chooser);
  choice->store_id = hy_dashboard_chooser_get_store_id (self->chooser);
  task = g_task_new (self, self->cancellable, summarize_done, NULL);
  g_task_set_source_tag (task, hy_dashboard_page_start_summary);
  g_task_set_check_cancellable (task, TRUE);
  g_task_set_task_data (task, choice, (GDestroyNotify) _hy_dashboard_choice_free);
  g_task_run_in_thread (task, _hy_dashboard_figures_run);
}

static void
hy_dashboard_page_reload (HyDashboardPage *self)
{
  g_autoptr(HyDashboard) cached = NULL;
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_signal_handler (&self->paint_handler, self->paint_clock);
  g_clear_object (&self->paint_clock);
  if (self->database == NULL)
    return;

  /* The last figures of this choice at once, if there are any, unless they are on screen; the
   * totals come with the fresh ones.  Without, another choice's stay, faded. */
  if (gtk_widget_get_first_child (GTK_WIDGET (self->kpi_cards)) == NULL || !shows_choice (self))
    cached = hy_dashboard_load (self->database, hy_dashboard_chooser_get_period (self->chooser),
                                hy_dashboard_chooser_get_store_id (self->chooser));
  if (cached != NULL)
    {
      hy_dashboard_page_show_dashboard (self, cached, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "summary");
    }
  else if (gtk_widget_get_first_child (GTK_WIDGET (self->cards)) == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  show_choice_state (self);

  self->cancellable = g_cancellable_new ();
  gtk_spinner_start (self->analytics_spinner);
  gtk_widget_set_sensitive (self->refresh_button, FALSE);

  /* The analysis would take the processor from the first frame: it starts once the window has
   * painted what it has (at once when nothing is on screen). */
  if (native != NULL && gtk_widget_get_mapped (GTK_WIDGET (native)))
    {
      GdkFrameClock *clock = gdk_surface_get_frame_clock (gtk_native_get_surface (native));

      self->paint_clock = g_object_ref (clock);
      self->paint_handler = g_signal_connect_object (self->paint_clock, "after-paint",
                                                     G_CALLBACK (hy_dashboard_page_start_summary),
                                                     self, G_CONNECT_SWAPPED);
      gtk_widget_queue_draw (GTK_WIDGET (native));
    }
  else
    hy_dashboard_page_start_summary (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
}

static void
refresh_cb (HyDashboardPage *self)
{
  hy_dashboard_page_reload (self);
}

/* Another database: nothing of the last one's may stay on screen. */
static void
clear_figures (HyDashboardPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cards))) != NULL)
    gtk_flow_box_remove (self->cards, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->kpi_cards))) != NULL)
    gtk_flow_box_remove (self->kpi_cards, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->charts))) != NULL)
    gtk_box_remove (self->charts, child);
  gtk_label_set_label (self->analytics_title, "");
  gtk_label_set_label (self->analytics_label, "");
  hy_transitions_card_cancel (HY_TRANSITIONS_CARD (self->transitions));
}

void
hy_dashboard_page_set_database (HyDashboardPage *self,
                                HyDatabase      *database)
{
  g_return_if_fail (HY_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (database == NULL || HY_IS_DATABASE (database));

  if (!g_set_object (&self->database, database))
    return;

  g_clear_pointer (&self->currency, g_free);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  clear_figures (self);
  if (database != NULL)
    {
      self->currency = hy_database_dup_setting (database, "currency");
      self->tz = g_time_zone_ref (hy_database_get_time_zone (database));
    }
  /* The choice last made there: shown at once, not one reload per chooser. */
  g_signal_handlers_block_by_func (self->chooser, hy_dashboard_page_reload, self);
  hy_dashboard_chooser_set_database (self->chooser, database);
  g_signal_handlers_unblock_by_func (self->chooser, hy_dashboard_page_reload, self);
  self->shown_store = -1;
  hy_dashboard_page_reload (self);
}

gboolean
hy_dashboard_page_get_loading (HyDashboardPage *self)
{
  g_return_val_if_fail (HY_IS_DASHBOARD_PAGE (self), FALSE);

  return self->cancellable != NULL || hy_transitions_card_get_loading (HY_TRANSITIONS_CARD (self->transitions));
}

static void
hy_dashboard_page_dispose (GObject *object)
{
  HyDashboardPage *self = HY_DASHBOARD_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->transitions != NULL)
    hy_transitions_card_cancel (HY_TRANSITIONS_CARD (self->transitions));
  g_clear_signal_handler (&self->paint_handler, self->paint_clock);
  g_clear_object (&self->paint_clock);
  /* No gtk_widget_dispose_template (): AdwBin unparents its child itself, and would unparent
   * the child the template disposal already freed. */

  G_OBJECT_CLASS (hy_dashboard_page_parent_class)->dispose (object);
}

static void
hy_dashboard_page_finalize (GObject *object)
{
  HyDashboardPage *self = HY_DASHBOARD_PAGE (object);

  g_clear_object (&self->database);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->currency, g_free);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_object (&self->transitions);

  G_OBJECT_CLASS (hy_dashboard_page_parent_class)->finalize (object);
}

static void
hy_dashboard_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HyDashboardPage *self = HY_DASHBOARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, hy_dashboard_page_get_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hy_dashboard_page_class_init (HyDashboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hy_dashboard_page_dispose;
  object_class->finalize = hy_dashboard_page_finalize;
  object_class->get_property = hy_dashboard_page_get_property;

  properties [PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/huiyuan/Huiyuan/ui/hy-dashboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HyDashboardPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HyDashboardPage, cards);
  gtk_widget_class_bind_template_child (widget_class, HyDashboardPage, history_label);
  gtk_widget_class_bind_template_child (widget_class, HyDashboardPage, error_status);
  gtk_widget_class_bind_template_child (widget_class, HyDashboardPage, analytics_title);
  gtk_widget_class_bind_template_child (widget_class, HyDashboardPage, analytics_label);
  gtk_widget_class_bind_template_child (widget_class, HyDashboardPage, analytics_spinner);
  gtk_widget_class_bind_template_child (widget_class, HyDashboardPage, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, HyDashboardPage, chooser);
  gtk_widget_class_bind_template_child (widget_class, HyDashboardPage, kpi_cards);
  gtk_widget_class_bind_template_child (widget_class, HyDashboardPage, charts);
  gtk_widget_class_bind_template_callback (widget_class, refresh_cb);

  g_type_ensure (HY_TYPE_DASHBOARD_CHOOSER);

  /**
   * HyDashboardPage::rfm-class-activated:
   * @klass: the HyRfmClass whose bar was clicked
   */
  signals [RFM_CLASS_ACTIVATED] =
    g_signal_new ("rfm-class-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);

  /**
   * HyDashboardPage::stage-activated:
   * @stage: the HyStage whose band of the lifecycle chart was clicked
   */
  signals [STAGE_ACTIVATED] =
    g_signal_new ("stage-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);

  /**
   * HyDashboardPage::warning-priority-activated:
   * @priority: the HyWarningPriority whose bar of the warnings due today was clicked
   */
  signals [WARNING_PRIORITY_ACTIVATED] =
    g_signal_new ("warning-priority-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);

  /**
   * HyDashboardPage::member-activated:
   * @member_id: the member whose bar of the top members was clicked
   */
  signals [MEMBER_ACTIVATED] =
    g_signal_new ("member-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * HyDashboardPage::members-activated:
   * @part: the bar or cell clicked, of the P(alive) or CLV histogram or of the cohorts
   * @description: what its members are, in words
   */
  signals [MEMBERS_ACTIVATED] =
    g_signal_new ("members-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, HY_TYPE_DASHBOARD_PART, G_TYPE_STRING);

  /**
   * HyDashboardPage::analysed:
   *
   * A new analysis was made and saved: every member's RFM class and stage as of its day
   * (hy-member-analysis.h).
   */
  signals [ANALYSED] =
    g_signal_new ("analysed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
transitions_loading_cb (HyDashboardPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
}

static void
hy_dashboard_page_init (HyDashboardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The moves' card keeps its months across refreshes, in and out of the charts box. */
  self->transitions = g_object_ref_sink (hy_transitions_card_new ());
  g_signal_connect_object (self->transitions, "notify::loading", G_CALLBACK (transitions_loading_cb), self,
                           G_CONNECT_SWAPPED);
  self->shown_store = -1;
  g_signal_connect_object (self->chooser, "notify::period", G_CALLBACK (hy_dashboard_page_reload), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chooser, "notify::store-id", G_CALLBACK (hy_dashboard_page_reload), self,
                           G_CONNECT_SWAPPED);
}
