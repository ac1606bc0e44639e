/* hy-dashboard-page.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store at a glance: members, sales, takings and the members' share of them; then the last
 * 30 days against the 30 before (KPI cards), the RFM classes, the lifecycle stages over 24
 * months, cohort retention, warnings due and the top spenders.  Everything is computed in a
 * thread on connections of its own, so a large database never freezes the window; the last
 * figures are kept in the database and painted at once while fresh ones are computed.
 */

#include "config.h"

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "hy-analysis.h"
#include "hy-chart-view.h"
#include "hy-dashboard.h"
#include "hy-dashboard-page.h"
#include "hy-money.h"
#include "hy-summary.h"
#include "hy-time.h"

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
  GtkFlowBox   *kpi_cards;
  GtkBox       *charts;

  /* Owned references */
  HyDatabase   *database;
  GCancellable *cancellable;
  char         *currency;
  GTimeZone    *tz;
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
  N_SIGNALS
};

static guint signals [N_SIGNALS];

#define PERIOD_DAYS 30

/* What the thread brings back: the totals, and the analytics (or why they failed). */
typedef struct
{
  HySummary    summary;
  HyDashboard *dashboard;
  GError      *dashboard_error;
} Figures;

static void
figures_free (Figures *figures)
{
  g_clear_pointer (&figures->dashboard, hy_dashboard_free);
  g_clear_error (&figures->dashboard_error);
  g_free (figures);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Figures, figures_free)

static void
summarize_run (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Figures) figures = g_new0 (Figures, 1);

  /* A writable connection of its own: the analysis keeps its column cache up to date and the
   * figures are kept for the next start.  It reads what the window's connection committed. */
  if (!(db = hy_database_open (path, HY_DATABASE_OPEN_DEFAULT, &error)) ||
      !hy_database_summarize (db, &figures->summary, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The analytics: a failure here still leaves the totals to show. */
  figures->dashboard = hy_dashboard_compute (db, hy_analysis_parse_day (db, NULL, NULL), PERIOD_DAYS, 0,
                                             &figures->dashboard_error);
  if (g_task_return_error_if_cancelled (task))
    return;

  /* Not being able to keep the figures is no reason to hide them. */
  if (figures->dashboard != NULL && !hy_dashboard_save (db, figures->dashboard, &error))
    g_debug ("Could not keep the dashboard: %s", error->message);
  g_clear_object (&db);

#ifdef __GLIBC__
  /* The analysis freed hundreds of megabytes in this thread's malloc arena, which glibc keeps
   * for the process (resident, for nothing) unless asked to give it back. */
  malloc_trim (0);
#endif

  g_task_return_pointer (task, g_steal_pointer (&figures), (GDestroyNotify) figures_free);
}

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

/* The memory of one chart: every string and array it points at. */
typedef struct
{
  GPtrArray *allocs;
  union
  {
    HyBarChart  bars;
    HyAreaChart area;
    HyHeatmap   heatmap;
  } chart;
} ChartData;

static void
chart_data_free (gpointer data)
{
  ChartData *chart = data;

  g_ptr_array_unref (chart->allocs);
  g_free (chart);
}

static ChartData *
chart_data_new (void)
{
  ChartData *chart = g_new0 (ChartData, 1);

  chart->allocs = g_ptr_array_new_with_free_func (g_free);
  return chart;
}

static gpointer
own (ChartData *chart,
     gpointer   memory)
{
  g_ptr_array_add (chart->allocs, memory);
  return memory;
}

static void
toggle_table_cb (GtkToggleButton *button,
                 GtkStack        *stack)
{
  gtk_stack_set_visible_child_name (stack, gtk_toggle_button_get_active (button) ? "table" : "chart");
}

/* A card with a chart and, a click away, the same figures as a table. */
static GtkWidget *
add_chart_card (HyDashboardPage    *self,
                const char         *title,
                HyChartKind         kind,
                ChartData          *data,
                int                 height,
                guint               n_columns,
                const char * const *headers,
                GPtrArray          *rows)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *toggle = gtk_toggle_button_new_with_label (_("Table"));
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *view = hy_chart_view_new ();
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *scroller;

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "chart-card");
  gtk_widget_add_css_class (label, "heading");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (toggle, "flat");
  gtk_widget_set_tooltip_text (toggle, _("Show the figures as a table"));
  gtk_box_append (GTK_BOX (header), label);
  gtk_box_append (GTK_BOX (header), toggle);
  gtk_box_append (GTK_BOX (card), header);

  gtk_widget_set_size_request (view, -1, height);
  hy_chart_view_set_chart (HY_CHART_VIEW (view), kind, &data->chart, data, chart_data_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  for (guint c = 0; c < n_columns; c++)
    {
      GtkWidget *cell = gtk_label_new (headers[c]);

      gtk_widget_add_css_class (cell, "heading");
      gtk_label_set_xalign (GTK_LABEL (cell), c == 0 ? 0 : 1);
      gtk_grid_attach (GTK_GRID (grid), cell, c, 0, 1, 1);
    }
  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_columns; c++)
        {
          GtkWidget *cell = gtk_label_new (row[c]);

          gtk_label_set_xalign (GTK_LABEL (cell), c == 0 ? 0 : 1);
          gtk_label_set_selectable (GTK_LABEL (cell), TRUE);
          gtk_widget_add_css_class (cell, "numeric");
          gtk_grid_attach (GTK_GRID (grid), cell, c, r + 1, 1, 1);
        }
    }

  /* The stack is as wide as the chart; a wide table scrolls sideways. */
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), grid);
  gtk_stack_set_hhomogeneous (GTK_STACK (stack), FALSE);
  gtk_stack_set_vhomogeneous (GTK_STACK (stack), FALSE);
  gtk_stack_add_named (GTK_STACK (stack), view, "chart");
  gtk_stack_add_named (GTK_STACK (stack), scroller, "table");
  g_signal_connect (toggle, "toggled", G_CALLBACK (toggle_table_cb), stack);
  gtk_box_append (GTK_BOX (card), stack);
  gtk_box_append (self->charts, card);

  return view;
}

static char *
change_caption (double   now,
                double   before,
                gboolean is_rate)
{
  if (is_rate)
    /* Translators: a change of a rate, in percentage points */
    return g_strdup_printf (_("%+.1f points on the 30 days before"), (now - before) * 100);
  if (before == 0)
    return g_strdup (now == 0 ? _("none in the 30 days before either") : _("none in the 30 days before"));
  return g_strdup_printf (_("%+.1f%% on the 30 days before"), (now / before - 1) * 100);
}

static void
add_kpi (HyDashboardPage *self,
         const char      *title,
         const char      *value,
         double           now,
         double           before,
         gboolean         is_rate,
         gboolean         lower_is_better)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gboolean better = lower_is_better ? now < before : now > before;
  gboolean worse = lower_is_better ? now > before : now < before;
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value_label = gtk_label_new (value);
  g_autofree char *caption = change_caption (now, before, is_rate);
  GtkWidget *caption_label = gtk_label_new (caption);
  g_autofree char *accessible = g_strdup_printf ("%s: %s, %s", title, value, caption);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "kpi-card");
  gtk_widget_add_css_class (title_label, "dim-label");
  gtk_widget_add_css_class (title_label, "caption-heading");
  gtk_widget_add_css_class (value_label, "title-3");
  gtk_widget_add_css_class (caption_label, "caption");
  gtk_widget_add_css_class (caption_label, better ? "kpi-better" : worse ? "kpi-worse" : "dim-label");
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_xalign (GTK_LABEL (caption_label), 0);
  gtk_label_set_wrap (GTK_LABEL (caption_label), TRUE);
  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), value_label);
  gtk_box_append (GTK_BOX (box), caption_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_flow_box_append (self->kpi_cards, box);
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
  ChartData *data = chart_data_new ();
  HyBar *bars = own (data, g_new0 (HyBar, HY_RFM_N_CLASSES));
  const char *headers[] = { _("Class"), _("Members"), _("Share of revenue"), _("Revenue") };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GtkWidget *view;

  for (guint c = 0; c < HY_RFM_N_CLASSES; c++)
    {
      char **row = g_new0 (char *, 5);

      bars[c].label = hy_rfm_class_get_label (c);
      bars[c].value = d->rfm[c].members;
      bars[c].value_text = own (data, hy_count_format (d->rfm[c].members));
      bars[c].note = c == HY_RFM_CLASS_NO_PURCHASE ? NULL
        : own (data, g_strdup_printf (_("%.1f%% of revenue"), d->rfm[c].revenue_share * 100));
      row[0] = g_strdup (bars[c].label);
      row[1] = g_strdup (bars[c].value_text);
      row[2] = percent_text (d->rfm[c].revenue_share);
      row[3] = money_text (self, d->rfm[c].revenue);
      g_ptr_array_add (rows, row);
    }
  data->chart.bars.title = NULL;
  data->chart.bars.bars = bars;
  data->chart.bars.n_bars = HY_RFM_N_CLASSES;

  view = add_chart_card (self, _("RFM Classes"), HY_CHART_BARS, data, 26 * HY_RFM_N_CLASSES,
                         G_N_ELEMENTS (headers), headers, rows);
  g_signal_connect_object (view, "bar-activated", G_CALLBACK (rfm_bar_activated_cb), self, G_CONNECT_SWAPPED);
}

static void
show_stages (HyDashboardPage   *self,
             const HyDashboard *d)
{
  static const HyStage shown[] = { HY_STAGE_NEW, HY_STAGE_ACTIVE, HY_STAGE_HIGH_POTENTIAL,
                                   HY_STAGE_SLEEPING, HY_STAGE_CHURNED };
  ChartData *data = chart_data_new ();
  const char **months = own (data, g_new0 (const char *, HY_DASHBOARD_MONTHS));
  const char **series = own (data, g_new0 (const char *, G_N_ELEMENTS (shown)));
  double *values = own (data, g_new0 (double, G_N_ELEMENTS (shown) * HY_DASHBOARD_MONTHS));
  const char *headers[G_N_ELEMENTS (shown) + 1];
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  headers[0] = _("Month end");
  for (guint s = 0; s < G_N_ELEMENTS (shown); s++)
    {
      series[s] = hy_stage_get_label (shown[s]);
      headers[s + 1] = series[s];
    }
  for (guint m = 0; m < HY_DASHBOARD_MONTHS; m++)
    {
      char **row = g_new0 (char *, G_N_ELEMENTS (shown) + 2);
      int y, mo, day;

      hy_time_day_to_ymd (d->month_end[m], &y, &mo, &day);
      months[m] = own (data, g_strdup_printf ("%04d-%02d", y, mo));
      row[0] = g_strdup_printf ("%04d-%02d-%02d", y, mo, day);
      for (guint s = 0; s < G_N_ELEMENTS (shown); s++)
        {
          values[s * HY_DASHBOARD_MONTHS + m] = d->stages[m][shown[s]];
          row[s + 1] = hy_count_format (d->stages[m][shown[s]]);
        }
      g_ptr_array_add (rows, row);
    }
  data->chart.area.n_points = HY_DASHBOARD_MONTHS;
  data->chart.area.point_labels = months;
  data->chart.area.n_series = G_N_ELEMENTS (shown);
  data->chart.area.series_labels = series;
  data->chart.area.values = values;

  add_chart_card (self, _("Lifecycle Stages, Last 24 Months"), HY_CHART_AREA, data, 240,
                  G_N_ELEMENTS (headers), headers, rows);
}

static void
show_cohorts (HyDashboardPage   *self,
              const HyDashboard *d)
{
  const guint n = HY_DASHBOARD_COHORTS;
  ChartData *data = chart_data_new ();
  const char **row_labels = own (data, g_new0 (const char *, n));
  const char **column_labels = own (data, g_new0 (const char *, n));
  double *values = own (data, g_new0 (double, n * n));
  const char **headers = own (data, g_new0 (const char *, n + 1));
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  headers[0] = _("First purchase");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *size = hy_count_format (d->cohort_size[i]);
      char **row = g_new0 (char *, n + 2);

      row_labels[i] = own (data, g_strdup_printf ("%04d-%02d (%s)", d->cohort_year[i], d->cohort_month[i], size));
      column_labels[i] = own (data, g_strdup_printf ("+%u", i));
      headers[i + 1] = column_labels[i];
      row[0] = g_strdup (row_labels[i]);
      for (guint k = 0; k < n; k++)
        {
          gboolean filled = i + k < n && d->cohort_size[i] > 0;

          values[i * n + k] = filled ? (double) d->cohort_active[i * n + k] / d->cohort_size[i] : -1;
          row[k + 1] = filled ? g_strdup_printf ("%.0f%%", values[i * n + k] * 100) : g_strdup ("");
        }
      g_ptr_array_add (rows, row);
    }
  data->chart.heatmap.n_rows = n;
  data->chart.heatmap.row_labels = row_labels;
  data->chart.heatmap.n_columns = n;
  data->chart.heatmap.column_labels = column_labels;
  data->chart.heatmap.values = values;

  add_chart_card (self, _("Who Bought Again: Monthly Cohorts"), HY_CHART_HEATMAP, data, 16 + 20 * n,
                  n + 1, headers, rows);
}

static void
show_warnings_and_top (HyDashboardPage   *self,
                       const HyDashboard *d)
{
  ChartData *data = chart_data_new ();
  HyBar *bars = own (data, g_new0 (HyBar, 3));
  const char *headers[] = { _("Priority"), _("Members") };
  const char *top_headers[] = { _("Member"), _("Spend") };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) top_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  ChartData *top = chart_data_new ();
  HyBar *top_bars = own (top, g_new0 (HyBar, MAX (d->n_top, 1)));

  for (guint p = 0; p < 3; p++)
    {
      char **row = g_new0 (char *, 3);

      bars[p].label = hy_warning_priority_get_label (p);
      bars[p].value = d->warnings[p];
      bars[p].value_text = own (data, hy_count_format (d->warnings[p]));
      row[0] = g_strdup (bars[p].label);
      row[1] = g_strdup (bars[p].value_text);
      g_ptr_array_add (rows, row);
    }
  data->chart.bars.bars = bars;
  data->chart.bars.n_bars = 3;
  data->chart.bars.one_colour = TRUE;
  add_chart_card (self, _("Churn Warnings Due Today"), HY_CHART_BARS, data, 26 * 3,
                  G_N_ELEMENTS (headers), headers, rows);

  for (guint i = 0; i < d->n_top; i++)
    {
      char **row = g_new0 (char *, 3);

      top_bars[i].label = own (top, g_strdup (d->top_name[i]));
      top_bars[i].value = d->top_spend[i];
      top_bars[i].value_text = own (top, money_text (self, d->top_spend[i]));
      row[0] = g_strdup (top_bars[i].label);
      row[1] = g_strdup (top_bars[i].value_text);
      g_ptr_array_add (top_rows, row);
    }
  top->chart.bars.bars = top_bars;
  top->chart.bars.n_bars = d->n_top;
  top->chart.bars.one_colour = TRUE;
  add_chart_card (self, _("Top Members by Spend, Last 365 Days"), HY_CHART_BARS, top, 26 * MAX (d->n_top, 1),
                  G_N_ELEMENTS (top_headers), top_headers, top_rows);
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
  GtkWidget *child;
  int y, m, day;

  hy_time_day_to_ymd (d->as_of - d->days + 1, &y, &m, &day);
  first = g_strdup_printf ("%04d-%02d-%02d", y, m, day);
  hy_time_day_to_ymd (d->as_of, &y, &m, &day);
  last = g_strdup_printf ("%04d-%02d-%02d", y, m, day);
  /* Translators: %1$s and %2$s are dates, %3$s a date and time */
  period = g_strdup_printf (fresh ? _("%1$s to %2$s, against the 30 days before. Computed %3$s.")
                                  : _("%1$s to %2$s, against the 30 days before. Computed %3$s; new figures are on their way."),
                            first, last, computed);
  gtk_label_set_label (self->analytics_title, _("Last 30 Days"));
  gtk_label_set_label (self->analytics_label, period);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->kpi_cards))) != NULL)
    gtk_flow_box_remove (self->kpi_cards, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->charts))) != NULL)
    gtk_box_remove (self->charts, child);

  add_kpi (self, _("New Members"), new_members, d->now.new_members, d->before.new_members, FALSE, FALSE);
  add_kpi (self, _("Active Members"), active, d->now.active_members, d->before.active_members, FALSE, FALSE);
  add_kpi (self, _("Purchasers"), purchasers, d->now.purchasers, d->before.purchasers, FALSE, FALSE);
  add_kpi (self, _("Average Ticket"), aov, d->now.aov, d->before.aov, FALSE, FALSE);
  add_kpi (self, _("Repurchase Rate"), repurchase, d->now.repurchase_rate, d->before.repurchase_rate, TRUE, FALSE);
  add_kpi (self, _("Retention"), retention, d->now.retention, d->before.retention, TRUE, FALSE);
  add_kpi (self, _("Churn Rate"), churn, d->now.churn_rate, d->before.churn_rate, TRUE, TRUE);
  add_kpi (self, _("Members’ Share of Sales"), share, d->now.member_revenue_share, d->before.member_revenue_share, TRUE, FALSE);
  if (d->now.has_clv)
    {
      g_autofree char *clv = money_text (self, (gint64) (d->now.average_clv + 0.5));

      add_kpi (self, _("Average CLV"), clv, d->now.average_clv, d->before.average_clv, FALSE, FALSE);
    }

  show_rfm (self, d);
  show_stages (self, d);
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
        hy_dashboard_page_show_dashboard (self, figures->dashboard, TRUE);
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

  g_clear_signal_handler (&self->paint_handler, self->paint_clock);
  g_clear_object (&self->paint_clock);

  task = g_task_new (self, self->cancellable, summarize_done, NULL);
  g_task_set_source_tag (task, hy_dashboard_page_start_summary);
  g_task_set_check_cancellable (task, TRUE);
  g_task_set_task_data (task, g_strdup (hy_database_get_path (self->database)), g_free);
  g_task_run_in_thread (task, summarize_run);
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

  /* The last figures at once, if there are any; the totals come with the fresh ones. */
  cached = hy_dashboard_load (self->database);
  if (cached != NULL && gtk_widget_get_first_child (GTK_WIDGET (self->kpi_cards)) == NULL)
    {
      hy_dashboard_page_show_dashboard (self, cached, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "summary");
    }
  else if (gtk_widget_get_first_child (GTK_WIDGET (self->cards)) == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");

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
  hy_dashboard_page_reload (self);
}

gboolean
hy_dashboard_page_get_loading (HyDashboardPage *self)
{
  g_return_val_if_fail (HY_IS_DASHBOARD_PAGE (self), FALSE);

  return self->cancellable != NULL;
}

static void
hy_dashboard_page_dispose (GObject *object)
{
  HyDashboardPage *self = HY_DASHBOARD_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
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
  gtk_widget_class_bind_template_child (widget_class, HyDashboardPage, kpi_cards);
  gtk_widget_class_bind_template_child (widget_class, HyDashboardPage, charts);
  gtk_widget_class_bind_template_callback (widget_class, refresh_cb);

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
}

static void
hy_dashboard_page_init (HyDashboardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
