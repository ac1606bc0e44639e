/* hy-dashboard-page-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hy-chart-view.h"
#include "hy-dashboard.h"
#include "hy-dashboard-members.h"
#include "hy-dashboard-page.h"
#include "hy-summary.h"

G_BEGIN_DECLS

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
} HyChartData;

/* What the thread is asked for. */
typedef struct
{
  char              *path;
  HyDashboardPeriod  period;
  gint64             store_id;
} Choice;

/* What the thread brings back: the totals, and the analytics (or why they failed). */
typedef struct
{
  HySummary    summary;
  HyDashboard *dashboard;
  GError      *dashboard_error;
} Figures;

void         _hy_dashboard_choice_free          (Choice             *choice);
void         _hy_dashboard_figures_free         (Figures            *figures);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Figures, _hy_dashboard_figures_free)

/* hy-dashboard-figures.c: the GTask thread that computes a Choice's Figures on a connection of
 * its own. */
void         _hy_dashboard_figures_run          (GTask              *task,
                                                 gpointer            source_object,
                                                 gpointer            task_data,
                                                 GCancellable       *cancellable);

HyChartData *_hy_chart_data_new                 (void);
void         _hy_chart_data_free                (gpointer            data);
gpointer     _hy_chart_data_own                 (HyChartData        *chart,
                                                 gpointer            memory);
void         _hy_dashboard_add_kpi              (GtkFlowBox         *kpi_cards,
                                                 const char         *title,
                                                 const char         *value,
                                                 double              now,
                                                 double              before,
                                                 gboolean            is_rate,
                                                 gboolean            lower_is_better,
                                                 guint               days);
GtkWidget   *_hy_dashboard_build_table          (guint               n_columns,
                                                 const char * const *headers,
                                                 GPtrArray          *rows);
GtkWidget   *_hy_dashboard_add_chart_card       (GtkBox             *charts,
                                                 const char         *title,
                                                 HyChartKind         kind,
                                                 HyChartData        *data,
                                                 int                 height,
                                                 guint               n_columns,
                                                 const char * const *headers,
                                                 GPtrArray          *rows);
void         _hy_dashboard_show_predictions     (GtkBox             *charts,
                                                 const HyDashboard  *d,
                                                 const char         *currency);

/* What a click on a bar or a cell of a chart lists: the members of that part of the chart, and
 * what they are in words. */
typedef struct
{
  HyDashboardPart  part;
  char            *description;
} HyChartLink;

/* The links of a chart's bars or cells: a link for each, in order (cells row after row). */
GPtrArray   *_hy_chart_links_new                (void);
void         _hy_chart_links_add                (GPtrArray          *links,
                                                 HyDashboardPart     part,
                                                 char               *description);   /* transfer full */
/* A click on bar i (or cell (r, c), i = r × @n_columns + c) of @view lists the members of
 * @links[i] (transfer full): the dashboard page emits ::members-activated. */
void         _hy_dashboard_link_chart           (GtkWidget          *view,
                                                 GPtrArray          *links,
                                                 guint               n_columns);
/* New links (transfer full) for a chart linked before, when it shows other figures. */
void         _hy_dashboard_set_chart_links      (GtkWidget          *view,
                                                 GPtrArray          *links);
void         _hy_dashboard_page_members_activated (HyDashboardPage       *self,
                                                   const HyDashboardPart *part,
                                                   const char            *description);

G_END_DECLS
