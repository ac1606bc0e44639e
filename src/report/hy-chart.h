/* hy-chart.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Charts drawn on any cairo_t: the same code paints the dashboard widget, a printed page, a PDF
 * and a PNG.  Each chart also says what it shows in words (for screen readers and for the
 * table view) and tells which bar, band or cell lies under a point (for hover and click).
 */

#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Horizontal bars, one per category, largest scale first as given. */
typedef struct
{
  const char *label;
  double      value;       /* what the bar's length shows */
  const char *value_text;  /* how to print it, e.g. "12,345" */
  const char *note;        /* a second figure after it, e.g. "31.2 % of revenue", or NULL */
} HyBar;

typedef struct
{
  const char  *title;
  const HyBar *bars;
  guint        n_bars;
  gboolean     one_colour;   /* one series (e.g. top members): no colour per bar */
} HyBarChart;

/* Series stacked over time, e.g. members per lifecycle stage at each month end. */
typedef struct
{
  const char   *title;
  guint         n_points;
  const char  **point_labels;   /* n_points, e.g. "2026-03" */
  guint         n_series;
  const char  **series_labels;  /* n_series */
  const double *values;         /* n_series × n_points, series-major */
} HyAreaChart;

/* A table of shares coloured by size, e.g. cohort retention: rows are cohorts, columns months
 * since joining; a negative value is an empty cell. */
typedef struct
{
  const char   *title;
  guint         n_rows;
  const char  **row_labels;
  guint         n_columns;
  const char  **column_labels;
  const double *values;         /* n_rows × n_columns, row-major, 0..1 */
} HyHeatmap;

void   hy_chart_draw_bars      (cairo_t           *cr,
                                double             width,
                                double             height,
                                const HyBarChart  *chart);
int    hy_chart_bars_hit       (const HyBarChart  *chart,
                                double             width,
                                double             height,
                                double             x,
                                double             y);
char  *hy_chart_describe_bars  (const HyBarChart  *chart);

void   hy_chart_draw_area      (cairo_t           *cr,
                                double             width,
                                double             height,
                                const HyAreaChart *chart);
int    hy_chart_area_hit       (const HyAreaChart *chart,
                                double             width,
                                double             height,
                                double             x,
                                double             y);
int    hy_chart_area_point     (const HyAreaChart *chart,
                                double             width,
                                double             x);
char  *hy_chart_describe_area  (const HyAreaChart *chart);

void   hy_chart_draw_heatmap   (cairo_t           *cr,
                                double             width,
                                double             height,
                                const HyHeatmap   *chart);
gboolean hy_chart_heatmap_hit  (const HyHeatmap   *chart,
                                double             width,
                                double             height,
                                double             x,
                                double             y,
                                guint             *row,
                                guint             *column);
char  *hy_chart_describe_heatmap (const HyHeatmap *chart);

/* The fonts every chart and document use: Noto Sans CJK sets Chinese and Latin alike. */
#define HY_REPORT_FONT "Noto Sans CJK SC, Noto Sans, Sans"

void   hy_chart_palette_color  (guint              index,
                                double            *r,
                                double            *g,
                                double            *b);

G_END_DECLS
