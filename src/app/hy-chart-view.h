/* hy-chart-view.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hy-chart.h"

G_BEGIN_DECLS

typedef enum
{
  HY_CHART_BARS,
  HY_CHART_AREA,
  HY_CHART_HEATMAP,
} HyChartKind;

#define HY_TYPE_CHART_VIEW (hy_chart_view_get_type ())

G_DECLARE_FINAL_TYPE (HyChartView, hy_chart_view, HY, CHART_VIEW, GtkWidget)

GtkWidget  *hy_chart_view_new          (void);
void        hy_chart_view_set_chart    (HyChartView    *self,
                                        HyChartKind     kind,
                                        gconstpointer   chart,
                                        gpointer        owner,
                                        GDestroyNotify  owner_free);
const char *hy_chart_view_get_summary  (HyChartView    *self);
int         hy_chart_view_hit          (HyChartView    *self,
                                        double          x,
                                        double          y);
gboolean    hy_chart_view_hit_cell     (HyChartView    *self,
                                        double          x,
                                        double          y,
                                        guint          *row,
                                        guint          *column);
void        hy_chart_view_set_activate_hint (HyChartView *self,
                                             const char  *hint);
const char *hy_chart_view_get_activate_hint (HyChartView *self);

G_END_DECLS
