/* hy-dashboard-page-charts.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dashboard's chart cards: a chart and, a click away, the same figures as a table; and the
 * charts of the customer model's predictions, whose bars list their members when clicked.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-dashboard-page-private.h"
#include "hy-money.h"
#include "hy-time.h"

void
_hy_chart_data_free (gpointer data)
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

static char *
change_caption (double   now,
                double   before,
                gboolean is_rate,
                guint    days)
{
  if (is_rate)
    /* Translators: a change of a rate, in percentage points, against as many days before */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%+.1f points on the %u day before", "%+.1f points on the %u days before", days),
                            (now - before) * 100, days);
  if (before == 0)
    return g_strdup_printf (now == 0 ? g_dngettext (GETTEXT_PACKAGE, "none in the %u day before either", "none in the %u days before either", days)
                                     : g_dngettext (GETTEXT_PACKAGE, "none in the %u day before", "none in the %u days before", days),
                            days);
  /* Translators: a change in percent against as many days before */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%+.1f%% on the %u day before", "%+.1f%% on the %u days before", days),
                          (now / before - 1) * 100, days);
}

/* A KPI card: its value for the period, and how it changed on as many @days before. */
void
_hy_dashboard_add_kpi (GtkFlowBox *kpi_cards,
                       const char *title,
                       const char *value,
                       double      now,
                       double      before,
                       gboolean    is_rate,
                       gboolean    lower_is_better,
                       guint       days)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gboolean better = lower_is_better ? now < before : now > before;
  gboolean worse = lower_is_better ? now > before : now < before;
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value_label = gtk_label_new (value);
  g_autofree char *caption = change_caption (now, before, is_rate, days);
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
  gtk_flow_box_append (kpi_cards, box);
}

/* The figures of a chart as a grid of labels: a row of headers, then @rows (arrays of strings). */
GtkWidget *
_hy_dashboard_build_table (guint               n_columns,
                           const char * const *headers,
                           GPtrArray          *rows)
{
  GtkWidget *grid = gtk_grid_new ();

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
  return grid;
}

static void
chart_link_free (gpointer data)
{
  HyChartLink *link = data;

  g_free (link->description);
  g_free (link);
}

GPtrArray *
_hy_chart_links_new (void)
{
  return g_ptr_array_new_with_free_func (chart_link_free);
}

void
_hy_chart_links_add (GPtrArray       *links,
                     HyDashboardPart  part,
                     char            *description)
{
  HyChartLink *link = g_new0 (HyChartLink, 1);

  link->part = part;
  link->description = description;
  g_ptr_array_add (links, link);
}

static void
link_activated (GtkWidget *view,
                guint      index)
{
  GPtrArray *links = g_object_get_data (G_OBJECT (view), "hy-chart-links");
  GtkWidget *page = gtk_widget_get_ancestor (view, HY_TYPE_DASHBOARD_PAGE);
  const HyChartLink *link;

  if (links == NULL || index >= links->len || page == NULL)
    return;
  link = g_ptr_array_index (links, index);
  _hy_dashboard_page_members_activated (HY_DASHBOARD_PAGE (page), &link->part, link->description);
}

static void
linked_bar_activated_cb (GtkWidget *view,
                         int        index)
{
  if (index >= 0)
    link_activated (view, (guint) index);
}

static void
linked_cell_activated_cb (GtkWidget *view,
                          guint      row,
                          guint      column,
                          gpointer   n_columns)
{
  link_activated (view, row * GPOINTER_TO_UINT (n_columns) + column);
}

void
_hy_dashboard_set_chart_links (GtkWidget *view,
                               GPtrArray *links)
{
  g_object_set_data_full (G_OBJECT (view), "hy-chart-links", links, (GDestroyNotify) g_ptr_array_unref);
}

void
_hy_dashboard_link_chart (GtkWidget *view,
                          GPtrArray *links,
                          guint      n_columns)
{
  _hy_dashboard_set_chart_links (view, links);
  hy_chart_view_set_activate_hint (HY_CHART_VIEW (view), _("Click to list these members"));
  g_signal_connect (view, "bar-activated", G_CALLBACK (linked_bar_activated_cb), NULL);
  g_signal_connect (view, "cell-activated", G_CALLBACK (linked_cell_activated_cb), GUINT_TO_POINTER (n_columns));
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
  GtkWidget *grid = _hy_dashboard_build_table (n_columns, headers, rows);
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
  hy_chart_view_set_chart (HY_CHART_VIEW (view), kind, &data->chart, data, _hy_chart_data_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);

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
  GPtrArray *links;
  GtkWidget *view;

  if (!d->has_model)
    {
      add_empty_card (charts, _("Chance Still a Customer (P(alive))"),
                      _("No churn model has been fitted yet, so there are no predictions to show. Fit one "
                        "with “huiyuan-cli fit” on this store’s database; these charts appear at the "
                        "dashboard’s next refresh."));
      return;
    }

  links = _hy_chart_links_new ();
  for (guint k = 0; k < HY_DASHBOARD_BINS; k++)
    {
      labels[k] = g_strdup_printf ("%u–%u%%", k * 100 / HY_DASHBOARD_BINS, (k + 1) * 100 / HY_DASHBOARD_BINS);
      /* Translators: what the members list shows, %s a range of P(alive) like 30–40% */
      _hy_chart_links_add (links, hy_dashboard_part_p_alive (d, k), g_strdup_printf (_("P(alive) %s"), labels[k]));
    }
  view = add_histogram (charts, _("Chance Still a Customer (P(alive))"), _("P(alive)"), labels,
                        d->p_alive_bins, d->predicted);
  _hy_dashboard_link_chart (view, links, 0);
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

  links = _hy_chart_links_new ();
  for (guint k = 0; k < HY_DASHBOARD_BINS; k++)
    {
      /* The widths are whole units of money: no cents in the labels. */
      g_autofree char *from = hy_count_format (k * d->clv_bin_width / 100);
      g_autofree char *to = hy_count_format ((k + 1) * d->clv_bin_width / 100);

      labels[k] = k + 1 < HY_DASHBOARD_BINS ? g_strdup_printf ("%s–%s", from, to)
                                            /* Translators: a CLV of %s or more */
                                            : g_strdup_printf (_("%s or more"), from);
      _hy_chart_links_add (links, hy_dashboard_part_clv (d, k),
                           k + 1 < HY_DASHBOARD_BINS
                           /* Translators: what the members list shows: CLV from %1$s to %2$s, %3$s a currency */
                           ? g_strdup_printf (_("CLV %1$s–%2$s %3$s"), from, to, currency)
                           /* Translators: what the members list shows: CLV of %1$s %2$s (a currency) or more */
                           : g_strdup_printf (_("CLV %1$s %2$s or more"), from, currency));
    }
  view = add_histogram (charts, _("Customer Lifetime Value (CLV)"), _("CLV"), labels, d->clv_bins, d->predicted);
  _hy_dashboard_link_chart (view, links, 0);
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
