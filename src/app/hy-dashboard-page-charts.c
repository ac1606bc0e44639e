/* hy-dashboard-page-charts.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dashboard's chart cards: a chart and, a click away, the same figures as a table; and the
 * charts of the customer model's predictions and of the moves between lifecycle stages.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-dashboard-page-private.h"
#include "hy-money.h"
#include "hy-time.h"

static void
chart_data_free (gpointer data)
{
  HyChartData *chart = data;

  g_ptr_array_unref (chart->allocs);
  g_free (chart);
}

HyChartData *
_hy_chart_data_new (void)
{
  HyChartData *chart = g_new0 (HyChartData, 1);

  chart->allocs = g_ptr_array_new_with_free_func (g_free);
  return chart;
}

gpointer
_hy_chart_data_own (HyChartData *chart,
                    gpointer     memory)
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
GtkWidget *
_hy_dashboard_add_chart_card (GtkBox             *charts,
                              const char         *title,
                              HyChartKind         kind,
                              HyChartData        *data,
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
  gtk_box_append (charts, card);

  return view;
}

/* A line under the card's title saying what the chart shows in a sentence. */
static void
add_caption (GtkWidget  *view,
             const char *text)
{
  GtkWidget *card = gtk_widget_get_parent (gtk_widget_get_parent (view));
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_insert_child_after (GTK_BOX (card), label, gtk_widget_get_first_child (card));
}

/* A card with no chart: why, and how to get one. */
static void
add_empty_card (GtkBox     *charts,
                const char *title,
                const char *text)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "chart-card");
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (card), heading);
  gtk_box_append (GTK_BOX (card), label);
  gtk_box_append (charts, card);
}

static char *
share_text (guint64 part,
            guint64 whole)
{
  return g_strdup_printf ("%.1f%%", whole > 0 ? 100.0 * part / whole : 0.0);
}

/* A histogram as bars, one per bin, with its table: bin, members, share. */
static GtkWidget *
add_histogram (GtkBox         *charts,
               const char     *title,
               const char     *bin_header,
               char          **labels,
               const guint64  *bins,
               guint64         total)
{
  HyChartData *data = _hy_chart_data_new ();
  HyBar *bars = _hy_chart_data_own (data, g_new0 (HyBar, HY_DASHBOARD_BINS));
  const char *headers[] = { bin_header, _("Members"), _("Share") };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint k = 0; k < HY_DASHBOARD_BINS; k++)
    {
      char **row = g_new0 (char *, 4);

      bars[k].label = _hy_chart_data_own (data, labels[k]);
      bars[k].value = bins[k];
      bars[k].value_text = _hy_chart_data_own (data, hy_count_format (bins[k]));
      bars[k].note = _hy_chart_data_own (data, share_text (bins[k], total));
      row[0] = g_strdup (bars[k].label);
      row[1] = g_strdup (bars[k].value_text);
      row[2] = g_strdup (bars[k].note);
      g_ptr_array_add (rows, row);
    }
  data->chart.bars.bars = bars;
  data->chart.bars.n_bars = HY_DASHBOARD_BINS;
  data->chart.bars.one_colour = TRUE;
  return _hy_dashboard_add_chart_card (charts, title, HY_CHART_BARS, data, 26 * HY_DASHBOARD_BINS,
                                       G_N_ELEMENTS (headers), headers, rows);
}

static char *
clv_text (double      minor,
          const char *currency)
{
  g_autofree char *amount = hy_money_format ((gint64) (minor + 0.5), TRUE);

  return g_strdup_printf ("%s %s", amount, currency);
}

/* The distributions of P(alive) and CLV over the members with a purchase, from the saved
 * customer model; without one, how to fit it. */
void
_hy_dashboard_show_predictions (GtkBox            *charts,
                                const HyDashboard *d,
                                const char        *currency)
{
  char *labels[HY_DASHBOARD_BINS];
  g_autofree char *count = hy_count_format (d->predicted);
  g_autofree char *low = share_text (d->p_alive_bins[0] + d->p_alive_bins[1], d->predicted);
  g_autofree char *caption = NULL;
  GtkWidget *view;

  if (!d->has_model)
    {
      add_empty_card (charts, _("Chance Still a Customer (P(alive))"),
                      _("No churn model has been fitted yet, so there are no predictions to show. Fit one "
                        "with “huiyuan-cli fit” on this store’s database; these charts appear at the "
                        "dashboard’s next refresh."));
      return;
    }

  for (guint k = 0; k < HY_DASHBOARD_BINS; k++)
    labels[k] = g_strdup_printf ("%u–%u%%", k * 100 / HY_DASHBOARD_BINS, (k + 1) * 100 / HY_DASHBOARD_BINS);
  view = add_histogram (charts, _("Chance Still a Customer (P(alive))"), _("P(alive)"), labels,
                        d->p_alive_bins, d->predicted);
  /* Translators: %1$s is a number of members, %2$.0f a percentage, %3$s a share like 12.5% */
  caption = g_strdup_printf (_("%1$s members with a purchase: on average %2$.0f%% likely to still be customers; "
                               "%3$s below 20%%, counted as churned."), count, d->p_alive_mean * 100, low);
  add_caption (view, caption);

  if (!d->has_clv)
    {
      add_empty_card (charts, _("Customer Lifetime Value (CLV)"),
                      _("The fitted model has no spend part, so there is no CLV: too few members have bought "
                        "twice or more. Fit again with “huiyuan-cli fit” when more have."));
      return;
    }

  for (guint k = 0; k < HY_DASHBOARD_BINS; k++)
    {
      /* The widths are whole units of money: no cents in the labels. */
      g_autofree char *from = hy_count_format (k * d->clv_bin_width / 100);
      g_autofree char *to = hy_count_format ((k + 1) * d->clv_bin_width / 100);

      labels[k] = k + 1 < HY_DASHBOARD_BINS ? g_strdup_printf ("%s–%s", from, to)
                                            /* Translators: a CLV of %s or more */
                                            : g_strdup_printf (_("%s or more"), from);
    }
  view = add_histogram (charts, _("Customer Lifetime Value (CLV)"), _("CLV"), labels, d->clv_bins, d->predicted);
  {
    g_autofree char *mean = clv_text (d->clv_mean, currency);
    g_autofree char *median = clv_text (d->clv_median, currency);

    g_free (caption);
    /* Translators: %1$s and %2$s are amounts of money */
    caption = g_strdup_printf (_("Expected margin over the model’s horizon: %1$s on average, half of the members "
                                 "above %2$s."), mean, median);
    add_caption (view, caption);
  }
}

/* Where members moved between two month ends: each row a stage at the first, each cell the
 * share of those members in a stage at the second; the table has the counts. */
void
_hy_dashboard_show_transitions (GtkBox            *charts,
                                const HyDashboard *d)
{
  const guint n = HY_N_STAGES;
  HyChartData *data = _hy_chart_data_new ();
  const char **row_labels = _hy_chart_data_own (data, g_new0 (const char *, n));
  const char **column_labels = _hy_chart_data_own (data, g_new0 (const char *, n));
  double *values = _hy_chart_data_own (data, g_new0 (double, n * n));
  const char **headers = _hy_chart_data_own (data, g_new0 (const char *, n + 1));
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *title = NULL;
  int y1, m1, dd1, y2, m2, dd2;
  GtkWidget *view;

  hy_time_day_to_ymd (d->transition_from, &y1, &m1, &dd1);
  hy_time_day_to_ymd (d->transition_to, &y2, &m2, &dd2);
  /* Translators: lifecycle stages moved between two days, e.g. 2026-10-31 → 2026-11-23 */
  title = g_strdup_printf (_("Lifecycle Moves, %04d-%02d-%02d → %04d-%02d-%02d"), y1, m1, dd1, y2, m2, dd2);
  headers[0] = _("From \\ To");
  for (guint a = 0; a < n; a++)
    {
      guint64 total = 0;
      char **row = g_new0 (char *, n + 2);
      g_autofree char *size = NULL;

      for (guint b = 0; b < n; b++)
        total += d->transitions[a][b];
      size = hy_count_format (total);
      row_labels[a] = _hy_chart_data_own (data, g_strdup_printf ("%s (%s)", hy_stage_get_label (a), size));
      column_labels[a] = hy_stage_get_label (a);
      headers[a + 1] = column_labels[a];
      row[0] = g_strdup (row_labels[a]);
      for (guint b = 0; b < n; b++)
        {
          values[a * n + b] = total > 0 ? (double) d->transitions[a][b] / total : -1;
          row[b + 1] = hy_count_format (d->transitions[a][b]);
        }
      g_ptr_array_add (rows, row);
    }
  data->chart.heatmap.n_rows = n;
  data->chart.heatmap.row_labels = row_labels;
  data->chart.heatmap.n_columns = n;
  data->chart.heatmap.column_labels = column_labels;
  data->chart.heatmap.values = values;

  view = _hy_dashboard_add_chart_card (charts, title, HY_CHART_HEATMAP, data, 16 + 20 * n + 8,
                                       n + 1, headers, rows);
  add_caption (view, _("Each row is the members in a stage at the end of last month; the cells say where they "
                       "are today, as a share of the row. The table has the counts."));
}
