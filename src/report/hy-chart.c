/* hy-chart.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "hy-chart.h"
#include "hy-chart-private.h"

/* Colours that stay apart in print and for the common colour blindnesses (Okabe–Ito), then
 * two greys. */
static const double palette[][3] = {
  { 0.000, 0.447, 0.698 },   /* blue */
  { 0.902, 0.624, 0.000 },   /* orange */
  { 0.000, 0.620, 0.451 },   /* bluish green */
  { 0.800, 0.475, 0.655 },   /* reddish purple */
  { 0.337, 0.706, 0.914 },   /* sky blue */
  { 0.835, 0.369, 0.000 },   /* vermillion */
  { 0.941, 0.894, 0.259 },   /* yellow */
  { 0.400, 0.400, 0.400 },
  { 0.700, 0.700, 0.700 },
};

void
hy_chart_palette_color (guint   index,
                        double *r,
                        double *g,
                        double *b)
{
  index %= G_N_ELEMENTS (palette);
  *r = palette[index][0];
  *g = palette[index][1];
  *b = palette[index][2];
}

/* Noto Sans CJK sets Chinese and Latin alike, but gives quotes and apostrophes their wide
 * Chinese forms: in other languages Latin text comes from Cantarell, names in Chinese still
 * from Noto Sans CJK. */
static const char *
font_family (void)
{
  static gsize family;

  if (g_once_init_enter (&family))
    {
      const char *language = g_get_language_names ()[0];

      g_once_init_leave (&family, (gsize) (g_str_has_prefix (language, "zh")
                                           ? HY_REPORT_FONT : "Cantarell, " HY_REPORT_FONT));
    }
  return (const char *) family;
}

PangoLayout *
_hy_chart_layout (cairo_t    *cr,
                  const char *text,
                  double      size,
                  gboolean    bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (font_family ());

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  pango_font_description_free (font);

  return layout;
}

/* Draws @text with its top at @y; @align 0 left of @x, 0.5 centred on it, 1 right of it.
 * Text wider than @max_width (if > 0) is ellipsized.  Returns the height drawn. */
double
_hy_chart_text (cairo_t    *cr,
                const char *text,
                double      x,
                double      y,
                double      size,
                gboolean    bold,
                double      align,
                double      max_width)
{
  g_autoptr(PangoLayout) layout = _hy_chart_layout (cr, text, size, bold);
  int w, h;

  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - align * w, y);
  pango_cairo_show_layout (cr, layout);

  return h;
}

double
_hy_chart_text_width (cairo_t    *cr,
                      const char *text,
                      double      size,
                      gboolean    bold)
{
  g_autoptr(PangoLayout) layout = _hy_chart_layout (cr, text, size, bold);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  return w;
}

static void
set_ink (cairo_t *cr)
{
  cairo_set_source_rgb (cr, 0.15, 0.15, 0.15);
}

static void
set_faint (cairo_t *cr)
{
  cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
}

/* Returns the y where the plot starts. */
static double
draw_title (cairo_t    *cr,
            const char *title,
            double      width)
{
  if (title == NULL || *title == '\0')
    return 0;
  set_ink (cr);
  return _hy_chart_text (cr, title, 0, 0, 12, TRUE, 0, width) + 8;
}

/* A cairo_t to measure text with, for the hit tests: they lay a chart out without drawing it. */
static cairo_t *
measuring_context (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cairo_t *cr = cairo_create (surface);

  cairo_surface_destroy (surface);   /* the context holds it */
  return cr;
}

/* What draw_title () returns, without drawing: for the hit tests. */
static double
title_height (cairo_t    *cr,
              const char *title)
{
  g_autoptr(PangoLayout) layout = NULL;
  int w, h;

  if (title == NULL || *title == '\0')
    return 0;
  layout = _hy_chart_layout (cr, title, 12, TRUE);
  pango_layout_get_pixel_size (layout, &w, &h);
  return h + 8;
}

/* ---- Bars ---- */

typedef struct
{
  double top;         /* of the first row */
  double row;         /* row height */
  double label_width;
  double bar_left;
  double bar_width;   /* the longest bar */
  double max;
} BarLayout;

static void
bar_layout (cairo_t          *cr,
            const HyBarChart *chart,
            double            width,
            double            height,
            double            top,
            BarLayout        *out)
{
  double value_width = 0;

  out->top = top;
  out->row = chart->n_bars > 0 ? MIN (30, (height - top) / chart->n_bars) : 0;
  out->label_width = 0;
  out->max = 0;
  for (guint i = 0; i < chart->n_bars; i++)
    {
      g_autofree char *after = g_strdup_printf ("%s  %s", chart->bars[i].value_text,
                                                chart->bars[i].note != NULL ? chart->bars[i].note : "");

      out->label_width = MAX (out->label_width, _hy_chart_text_width (cr, chart->bars[i].label, 10, FALSE));
      value_width = MAX (value_width, _hy_chart_text_width (cr, after, 9, FALSE));
      out->max = MAX (out->max, chart->bars[i].value);
    }
  out->label_width = MIN (out->label_width, width * 0.35);
  out->bar_left = out->label_width + 8;
  out->bar_width = MAX (10, width - out->bar_left - value_width - 8);
}

void
hy_chart_draw_bars (cairo_t          *cr,
                    double            width,
                    double            height,
                    const HyBarChart *chart)
{
  BarLayout l;
  double top;

  cairo_save (cr);
  top = draw_title (cr, chart->title, width);
  bar_layout (cr, chart, width, height, top, &l);

  for (guint i = 0; i < chart->n_bars; i++)
    {
      const HyBar *bar = &chart->bars[i];
      double y = l.top + i * l.row;
      double length = l.max > 0 ? bar->value / l.max * l.bar_width : 0;
      double text_y = y + (l.row - 13) / 2;
      double r, g, b;
      g_autofree char *after = g_strdup_printf ("%s  %s", bar->value_text, bar->note != NULL ? bar->note : "");

      set_ink (cr);
      _hy_chart_text (cr, bar->label, l.label_width, text_y, 10, FALSE, 1, l.label_width);

      hy_chart_palette_color (chart->one_colour ? 0 : i, &r, &g, &b);
      cairo_set_source_rgb (cr, r, g, b);
      cairo_rectangle (cr, l.bar_left, y + l.row * 0.2, MAX (length, bar->value > 0 ? 1 : 0), l.row * 0.6);
      cairo_fill (cr);

      set_faint (cr);
      _hy_chart_text (cr, after, l.bar_left + length + 6, text_y + 1, 9, FALSE, 0, 0);
    }

  cairo_restore (cr);
}

/* The bar whose row contains (@x, @y), or -1. */
int
hy_chart_bars_hit (const HyBarChart *chart,
                   double            width,
                   double            height,
                   double            x,
                   double            y)
{
  cairo_t *cr = measuring_context ();
  BarLayout l;
  int index = -1;

  bar_layout (cr, chart, width, height, title_height (cr, chart->title), &l);
  if (x >= 0 && x <= width && y >= l.top && l.row > 0)
    {
      int row = (int) ((y - l.top) / l.row);

      if (row >= 0 && (guint) row < chart->n_bars)
        index = row;
    }

  cairo_destroy (cr);
  return index;
}

char *
hy_chart_describe_bars (const HyBarChart *chart)
{
  GString *text = g_string_new (chart->title);

  g_string_append (text, chart->title != NULL ? ": " : "");
  for (guint i = 0; i < chart->n_bars; i++)
    {
      const HyBar *bar = &chart->bars[i];

      g_string_append_printf (text, "%s%s %s", i > 0 ? "; " : "", bar->label, bar->value_text);
      if (bar->note != NULL)
        g_string_append_printf (text, " (%s)", bar->note);
    }
  g_string_append (text, ".");

  return g_string_free (text, FALSE);
}

/* ---- Stacked areas ---- */

/* The round number at or above @value that the axis ends at. */
static double
nice_ceiling (double value)
{
  static const double steps[] = { 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 };
  double magnitude, fraction;

  if (value <= 0)
    return 1;
  magnitude = pow (10, floor (log10 (value)));
  fraction = value / magnitude;
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (fraction <= steps[i])
      return steps[i] * magnitude;
  return 10 * magnitude;
}

typedef struct
{
  double top, left, right, bottom, legend_y, max, x_step;
} AreaLayout;

static void
area_layout (cairo_t           *cr,
             const HyAreaChart *chart,
             double             width,
             double             height,
             double             title_height,
             AreaLayout        *l)
{
  g_autofree char *max_text = NULL;

  /* Room above the plot for the top tick's label. */
  l->top = MAX (title_height, 8);
  l->max = 0;
  for (guint p = 0; p < chart->n_points; p++)
    {
      double total = 0;

      for (guint s = 0; s < chart->n_series; s++)
        total += chart->values[s * chart->n_points + p];
      l->max = MAX (l->max, total);
    }
  l->max = nice_ceiling (l->max);
  max_text = g_strdup_printf ("%.0f", l->max);

  l->left = _hy_chart_text_width (cr, max_text, 9, FALSE) + 8;
  l->right = width - 4;
  l->legend_y = height - 18;
  l->bottom = l->legend_y - 22;
  l->x_step = chart->n_points > 1 ? (l->right - l->left) / (chart->n_points - 1) : 0;
}

void
hy_chart_draw_area (cairo_t           *cr,
                    double             width,
                    double             height,
                    const HyAreaChart *chart)
{
  g_autofree double *base = g_new0 (double, MAX (chart->n_points, 1));
  double top, left, right, bottom, legend_y, max, x_step;
  guint label_every;
  AreaLayout l;

  cairo_save (cr);
  area_layout (cr, chart, width, height, draw_title (cr, chart->title, width), &l);
  top = l.top;
  left = l.left;
  right = l.right;
  bottom = l.bottom;
  legend_y = l.legend_y;
  max = l.max;
  x_step = l.x_step;

  /* Axis and grid: 0, half, max. */
  for (int i = 0; i <= 2; i++)
    {
      double y = bottom - (bottom - top) * i / 2;
      g_autofree char *tick = g_strdup_printf ("%.0f", max * i / 2);

      cairo_set_source_rgb (cr, 0.85, 0.85, 0.85);
      cairo_set_line_width (cr, 0.5);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      cairo_stroke (cr);
      set_faint (cr);
      _hy_chart_text (cr, tick, left - 4, y - 6, 9, FALSE, 1, 0);
    }

  /* Bands, bottom series first. */
  for (guint s = 0; s < chart->n_series; s++)
    {
      double r, g, b;

      cairo_new_path (cr);
      for (guint p = 0; p < chart->n_points; p++)
        {
          double value = base[p] + chart->values[s * chart->n_points + p];

          cairo_line_to (cr, left + p * x_step, bottom - (bottom - top) * value / max);
        }
      for (guint p = chart->n_points; p-- > 0;)
        cairo_line_to (cr, left + p * x_step, bottom - (bottom - top) * base[p] / max);
      cairo_close_path (cr);
      hy_chart_palette_color (s, &r, &g, &b);
      cairo_set_source_rgba (cr, r, g, b, 0.85);
      cairo_fill (cr);

      for (guint p = 0; p < chart->n_points; p++)
        base[p] += chart->values[s * chart->n_points + p];
    }

  /* Month labels, as many as fit. */
  label_every = 1;
  if (chart->n_points > 0)
    {
      double label_width = _hy_chart_text_width (cr, chart->point_labels[0], 9, FALSE) + 10;

      while (x_step > 0 && x_step * label_every < label_width)
        label_every++;
    }
  set_faint (cr);
  for (guint p = 0; p < chart->n_points; p += label_every)
    _hy_chart_text (cr, chart->point_labels[p], left + p * x_step, bottom + 4, 9, FALSE,
                    p == 0 ? 0 : p + label_every >= chart->n_points ? 1 : 0.5, 0);

  /* Legend. */
  {
    double x = left;

    for (guint s = 0; s < chart->n_series; s++)
      {
        double r, g, b;

        hy_chart_palette_color (s, &r, &g, &b);
        cairo_set_source_rgb (cr, r, g, b);
        cairo_rectangle (cr, x, legend_y + 3, 10, 10);
        cairo_fill (cr);
        set_ink (cr);
        _hy_chart_text (cr, chart->series_labels[s], x + 14, legend_y, 9, FALSE, 0, 0);
        x += 14 + _hy_chart_text_width (cr, chart->series_labels[s], 9, FALSE) + 16;
      }
  }

  cairo_restore (cr);
}

/* The series whose band contains (@x, @y) at the nearest point, or -1. */
int
hy_chart_area_hit (const HyAreaChart *chart,
                   double             width,
                   double             height,
                   double             x,
                   double             y)
{
  cairo_t *cr = measuring_context ();
  double base = 0;
  int index = -1;
  AreaLayout l;
  guint p;

  area_layout (cr, chart, width, height, title_height (cr, chart->title), &l);
  cairo_destroy (cr);

  if (chart->n_points == 0 || x < l.left - l.x_step / 2 || x > l.right + l.x_step / 2 ||
      y < l.top || y > l.bottom)
    return -1;
  p = l.x_step > 0 ? (guint) CLAMP (round ((x - l.left) / l.x_step), 0, chart->n_points - 1) : 0;
  for (guint s = 0; s < chart->n_series && index < 0; s++)
    {
      base += chart->values[s * chart->n_points + p];
      if (y >= l.bottom - (l.bottom - l.top) * base / l.max)
        index = (int) s;
    }
  return index;
}

/* The point nearest @x, or -1: for a tooltip. */
int
hy_chart_area_point (const HyAreaChart *chart,
                     double             width,
                     double             x)
{
  cairo_t *cr = measuring_context ();
  AreaLayout l;

  area_layout (cr, chart, width, 100, 0, &l);
  cairo_destroy (cr);
  if (chart->n_points == 0)
    return -1;
  return l.x_step > 0 ? (int) CLAMP (round ((x - l.left) / l.x_step), 0, chart->n_points - 1) : 0;
}

char *
hy_chart_describe_area (const HyAreaChart *chart)
{
  GString *text = g_string_new (chart->title);

  if (chart->n_points == 0)
    {
      g_string_append (text, chart->title != NULL ? ": " : "");
      g_string_append (text, _("no data"));
      return g_string_free (text, FALSE);
    }

  /* First and last point of every series: the trend in one sentence. */
  g_string_append_printf (text, "%s%s → %s: ", chart->title != NULL ? ", " : "",
                          chart->point_labels[0], chart->point_labels[chart->n_points - 1]);
  for (guint s = 0; s < chart->n_series; s++)
    g_string_append_printf (text, "%s%s %.0f → %.0f", s > 0 ? "; " : "", chart->series_labels[s],
                            chart->values[s * chart->n_points],
                            chart->values[s * chart->n_points + chart->n_points - 1]);
  g_string_append (text, ".");

  return g_string_free (text, FALSE);
}

/* ---- Heatmap ---- */

typedef struct
{
  double left;   /* where the first column starts: after the row labels */
  double top;    /* where the first row starts: under the title and the column labels */
  double cell_w;
  double cell_h;
} HeatmapLayout;

static void
heatmap_layout (cairo_t         *cr,
                const HyHeatmap *chart,
                double           width,
                double           height,
                double           top,
                HeatmapLayout   *l)
{
  double label_width = 0;

  for (guint r = 0; r < chart->n_rows; r++)
    label_width = MAX (label_width, _hy_chart_text_width (cr, chart->row_labels[r], 9, FALSE));
  l->left = label_width + 8;
  l->cell_w = chart->n_columns > 0 ? (width - l->left) / chart->n_columns : 0;
  l->cell_h = MIN (20, (height - top - 16) / MAX (chart->n_rows, 1));
  l->top = top + 16;
}

void
hy_chart_draw_heatmap (cairo_t         *cr,
                       double           width,
                       double           height,
                       const HyHeatmap *chart)
{
  HeatmapLayout l;
  double top;

  cairo_save (cr);
  top = draw_title (cr, chart->title, width);
  heatmap_layout (cr, chart, width, height, top, &l);

  set_faint (cr);
  for (guint c = 0; c < chart->n_columns; c++)
    _hy_chart_text (cr, chart->column_labels[c], l.left + (c + 0.5) * l.cell_w, top, 8, FALSE, 0.5, l.cell_w);

  for (guint r = 0; r < chart->n_rows; r++)
    {
      double y = l.top + r * l.cell_h;

      set_ink (cr);
      _hy_chart_text (cr, chart->row_labels[r], 0, y + (l.cell_h - 12) / 2, 9, FALSE, 0, l.left);
      for (guint c = 0; c < chart->n_columns; c++)
        {
          double value = chart->values[r * chart->n_columns + c];
          g_autofree char *cell = NULL;

          if (value < 0)
            continue;
          /* White to the palette's blue. */
          cairo_set_source_rgb (cr, 1 - value, 1 - 0.553 * value, 1 - 0.302 * value);
          cairo_rectangle (cr, l.left + c * l.cell_w + 0.5, y + 0.5, l.cell_w - 1, l.cell_h - 1);
          cairo_fill (cr);
          if (value > 0.55)
            cairo_set_source_rgb (cr, 1, 1, 1);
          else
            set_ink (cr);
          cell = g_strdup_printf ("%.0f%%", value * 100);
          _hy_chart_text (cr, cell, l.left + (c + 0.5) * l.cell_w, y + (l.cell_h - 11) / 2, 8, FALSE, 0.5, 0);
        }
    }

  cairo_restore (cr);
}

/* The filled cell under (@x, @y) of a heatmap drawn @width × @height: its row and column.
 * FALSE over a label, an empty cell or outside. */
gboolean
hy_chart_heatmap_hit (const HyHeatmap *chart,
                      double           width,
                      double           height,
                      double           x,
                      double           y,
                      guint           *row,
                      guint           *column)
{
  cairo_t *cr = measuring_context ();
  HeatmapLayout l;
  gboolean hit = FALSE;

  heatmap_layout (cr, chart, width, height, title_height (cr, chart->title), &l);
  if (x >= l.left && x < width && y >= l.top && l.cell_w > 0 && l.cell_h > 0)
    {
      guint r = (guint) ((y - l.top) / l.cell_h);
      guint c = (guint) ((x - l.left) / l.cell_w);

      if (r < chart->n_rows && c < chart->n_columns && chart->values[r * chart->n_columns + c] >= 0)
        {
          *row = r;
          *column = c;
          hit = TRUE;
        }
    }

  cairo_destroy (cr);
  return hit;
}

char *
hy_chart_describe_heatmap (const HyHeatmap *chart)
{
  GString *text = g_string_new (chart->title);

  g_string_append (text, chart->title != NULL ? ": " : "");
  for (guint r = 0; r < chart->n_rows; r++)
    {
      g_string_append_printf (text, "%s%s", r > 0 ? "; " : "", chart->row_labels[r]);
      for (guint c = 0; c < chart->n_columns; c++)
        {
          double value = chart->values[r * chart->n_columns + c];

          if (value >= 0)
            g_string_append_printf (text, " %s %.0f%%", chart->column_labels[c], value * 100);
        }
    }
  g_string_append (text, ".");

  return g_string_free (text, FALSE);
}
