/* hy-chart-view.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Paints a chart of src/report on screen: the same drawing as the printed page.  Hovering a bar
 * (or a cell of a heatmap) shows its exact figures; clicking it emits ::bar-activated (or
 * ::cell-activated).  A chart whose clicks lead somewhere says so: the pointer becomes a hand
 * over what can be clicked, and the tooltip says what a click does.  Screen readers get the
 * chart's summary in words.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-chart-view.h"

struct _HyChartView
{
  GtkWidget       parent_instance;

  HyChartKind     kind;
  gconstpointer   chart;        /* owned by owner */
  gpointer        owner;
  GDestroyNotify  owner_free;
  char           *summary;
  char           *activate_hint;   /* what a click does, or NULL: nothing worth saying */
};

G_DEFINE_FINAL_TYPE (HyChartView, hy_chart_view, GTK_TYPE_WIDGET)

enum {
  BAR_ACTIVATED,
  CELL_ACTIVATED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
clear_chart (HyChartView *self)
{
  if (self->owner_free != NULL && self->owner != NULL)
    self->owner_free (self->owner);
  self->owner = NULL;
  self->owner_free = NULL;
  self->chart = NULL;
  g_clear_pointer (&self->summary, g_free);
}

/* Shows @chart, which lives in @owner until the view is given another chart or destroyed. */
void
hy_chart_view_set_chart (HyChartView    *self,
                         HyChartKind     kind,
                         gconstpointer   chart,
                         gpointer        owner,
                         GDestroyNotify  owner_free)
{
  g_return_if_fail (HY_IS_CHART_VIEW (self));

  clear_chart (self);
  self->kind = kind;
  self->chart = chart;
  self->owner = owner;
  self->owner_free = owner_free;

  switch (kind)
    {
    case HY_CHART_BARS:
      self->summary = hy_chart_describe_bars (chart);
      break;
    case HY_CHART_AREA:
      self->summary = hy_chart_describe_area (chart);
      break;
    case HY_CHART_HEATMAP:
      self->summary = hy_chart_describe_heatmap (chart);
      break;
    default:
      g_assert_not_reached ();
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->summary, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
hy_chart_view_get_summary (HyChartView *self)
{
  g_return_val_if_fail (HY_IS_CHART_VIEW (self), NULL);

  return self->summary;
}

static void
hy_chart_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  HyChartView *self = HY_CHART_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->chart == NULL || width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  switch (self->kind)
    {
    case HY_CHART_BARS:
      hy_chart_draw_bars (cr, width, height, self->chart);
      break;
    case HY_CHART_AREA:
      hy_chart_draw_area (cr, width, height, self->chart);
      break;
    case HY_CHART_HEATMAP:
      hy_chart_draw_heatmap (cr, width, height, self->chart);
      break;
    default:
      g_assert_not_reached ();
    }
  cairo_destroy (cr);
}

/* The bar, or the band of an area chart, under (@x, @y), or -1. */
static int
bar_at (HyChartView *self,
        double       x,
        double       y)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->chart == NULL)
    return -1;
  if (self->kind == HY_CHART_BARS)
    return hy_chart_bars_hit (self->chart, width, height, x, y);
  if (self->kind == HY_CHART_AREA)
    return hy_chart_area_hit (self->chart, width, height, x, y);
  return -1;
}

/**
 * hy_chart_view_hit:
 *
 * Returns: the bar, or in an area chart the band, under (@x, @y) in the widget's coordinates,
 *   or -1: what a click there would activate
 */
int
hy_chart_view_hit (HyChartView *self,
                   double       x,
                   double       y)
{
  g_return_val_if_fail (HY_IS_CHART_VIEW (self), -1);

  return bar_at (self, x, y);
}

/**
 * hy_chart_view_hit_cell:
 *
 * Returns: whether a filled cell of a heatmap is under (@x, @y), and which in @row and @column:
 *   what a click there would activate
 */
gboolean
hy_chart_view_hit_cell (HyChartView *self,
                        double       x,
                        double       y,
                        guint       *row,
                        guint       *column)
{
  g_return_val_if_fail (HY_IS_CHART_VIEW (self), FALSE);
  g_return_val_if_fail (row != NULL && column != NULL, FALSE);

  if (self->chart == NULL || self->kind != HY_CHART_HEATMAP)
    return FALSE;
  return hy_chart_heatmap_hit (self->chart, gtk_widget_get_width (GTK_WIDGET (self)),
                               gtk_widget_get_height (GTK_WIDGET (self)), x, y, row, column);
}

static gboolean
anything_at (HyChartView *self,
             double       x,
             double       y)
{
  guint row, column;

  return bar_at (self, x, y) >= 0 || hy_chart_view_hit_cell (self, x, y, &row, &column);
}

/**
 * hy_chart_view_set_activate_hint:
 * @hint: (nullable): what a click on a bar or cell does, as the tooltip says it
 *
 * Tells that the chart's bars (or cells) can be clicked: the pointer is a hand over them, and
 * their tooltips end with @hint.
 */
void
hy_chart_view_set_activate_hint (HyChartView *self,
                                 const char  *hint)
{
  g_return_if_fail (HY_IS_CHART_VIEW (self));

  g_free (self->activate_hint);
  self->activate_hint = g_strdup (hint);
  if (hint == NULL)
    gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
}

const char *
hy_chart_view_get_activate_hint (HyChartView *self)
{
  g_return_val_if_fail (HY_IS_CHART_VIEW (self), NULL);

  return self->activate_hint;
}

static char *
tooltip_text (HyChartView *self,
              double       x,
              double       y)
{
  int index = bar_at (self, x, y);
  guint row, column;

  if (hy_chart_view_hit_cell (self, x, y, &row, &column))
    {
      const HyHeatmap *heatmap = self->chart;

      /* Translators: %1$s is a row of a table (a cohort), %2$s a column (a month after it), %3$.0f a percentage */
      return g_strdup_printf (_("%1$s, %2$s: %3$.0f%%"), heatmap->row_labels[row], heatmap->column_labels[column],
                              heatmap->values[row * heatmap->n_columns + column] * 100);
    }
  if (index < 0)
    return NULL;
  if (self->kind == HY_CHART_AREA)
    {
      const HyAreaChart *area = self->chart;
      int point = hy_chart_area_point (area, gtk_widget_get_width (GTK_WIDGET (self)), x);

      /* Translators: %1$s is a series (a lifecycle stage), %2$s a month, %3$.0f a count */
      return g_strdup_printf (_("%1$s, %2$s: %3$.0f"), area->series_labels[index], area->point_labels[point],
                              area->values[index * area->n_points + point]);
    }
  {
    const HyBar *bar = &((const HyBarChart *) self->chart)->bars[index];

    return bar->note != NULL ? g_strdup_printf ("%s: %s (%s)", bar->label, bar->value_text, bar->note)
                             : g_strdup_printf ("%s: %s", bar->label, bar->value_text);
  }
}

static gboolean
query_tooltip_cb (HyChartView *self,
                  int          x,
                  int          y,
                  gboolean     keyboard,
                  GtkTooltip  *tooltip,
                  gpointer     user_data)
{
  g_autofree char *text = tooltip_text (self, x, y);

  if (text == NULL)
    return FALSE;
  if (self->activate_hint != NULL)
    {
      g_autofree char *figures = g_steal_pointer (&text);

      text = g_strconcat (figures, "\n", self->activate_hint, NULL);
    }
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* A hand over what a click would activate, when the click leads somewhere. */
static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           HyChartView              *self)
{
  gboolean hand = self->activate_hint != NULL && anything_at (self, x, y);

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), hand ? "pointer" : NULL);
}

static void
released_cb (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             HyChartView     *self)
{
  int index = bar_at (self, x, y);
  guint row, column;

  if (index >= 0)
    g_signal_emit (self, signals [BAR_ACTIVATED], 0, index);
  else if (hy_chart_view_hit_cell (self, x, y, &row, &column))
    g_signal_emit (self, signals [CELL_ACTIVATED], 0, row, column);
}

static void
hy_chart_view_dispose (GObject *object)
{
  clear_chart (HY_CHART_VIEW (object));
  g_clear_pointer (&HY_CHART_VIEW (object)->activate_hint, g_free);

  G_OBJECT_CLASS (hy_chart_view_parent_class)->dispose (object);
}

static void
hy_chart_view_class_init (HyChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hy_chart_view_dispose;
  widget_class->snapshot = hy_chart_view_snapshot;

  /**
   * HyChartView::bar-activated:
   * @index: the bar clicked, from 0; in an area chart, the series whose band was clicked
   */
  signals [BAR_ACTIVATED] =
    g_signal_new ("bar-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);

  /**
   * HyChartView::cell-activated:
   * @row: the row of the heatmap cell clicked, from 0
   * @column: its column, from 0
   */
  signals [CELL_ACTIVATED] =
    g_signal_new ("cell-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "chart");
}

static void
hy_chart_view_init (HyChartView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();

  g_signal_connect (click, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
}

GtkWidget *
hy_chart_view_new (void)
{
  return g_object_new (HY_TYPE_CHART_VIEW, NULL);
}
