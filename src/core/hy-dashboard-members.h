/* hy-dashboard-members.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <glib-object.h>

#include "hy-dashboard.h"

G_BEGIN_DECLS

/* The parts of the dashboard's charts whose members can be listed: a bar of the P(alive) or the
 * CLV histogram, a cell of the cohort heatmap, a cell of the lifecycle moves. */
typedef enum
{
  HY_DASHBOARD_PART_P_ALIVE_BIN,
  HY_DASHBOARD_PART_CLV_BIN,
  HY_DASHBOARD_PART_COHORT_CELL,
  HY_DASHBOARD_PART_TRANSITION,
} HyDashboardPartKind;

typedef struct
{
  HyDashboardPartKind kind;
  gint32              as_of;          /* the dashboard's day and store: the same analysis */
  gint64              store_id;
  guint               bin;            /* P(alive), CLV: 0 .. HY_DASHBOARD_BINS - 1 */
  gint64              clv_bin_width;  /* CLV: the dashboard's, minor units */
  int                 cohort_year;    /* cohort: the month of the first purchase... */
  int                 cohort_month;
  guint               offset;         /* ...and the month after it they bought in (0: itself) */
  gint32              from;           /* moves: in stage from_stage on day from... */
  gint32              to;             /* ...and in to_stage on day to (from <= to <= as_of) */
  int                 from_stage;
  int                 to_stage;
} HyDashboardPart;

#define HY_TYPE_DASHBOARD_PART (hy_dashboard_part_get_type ())

GType            hy_dashboard_part_get_type    (void) G_GNUC_CONST;
HyDashboardPart *hy_dashboard_part_copy        (const HyDashboardPart *part);
void             hy_dashboard_part_free        (HyDashboardPart     *part);

/* The bin of a P(alive) and of a CLV (minor units) in the dashboard's histograms. */
guint            hy_dashboard_p_alive_bin      (double               p_alive);
guint            hy_dashboard_clv_bin          (double               clv,
                                                gint64               bin_width);

HyDashboardPart  hy_dashboard_part_p_alive     (const HyDashboard   *dashboard,
                                                guint                bin);
HyDashboardPart  hy_dashboard_part_clv         (const HyDashboard   *dashboard,
                                                guint                bin);
HyDashboardPart  hy_dashboard_part_cohort      (const HyDashboard   *dashboard,
                                                guint                row,
                                                guint                column);

HyDashboardPart  hy_dashboard_part_transition  (gint32               as_of,
                                                gint64               store_id,
                                                gint32               from,
                                                gint32               to,
                                                HyStage              from_stage,
                                                HyStage              to_stage);

GArray          *hy_dashboard_select_members   (HyDatabase          *db,
                                                const HyDashboardPart *part,
                                                GCancellable        *cancellable,
                                                GError             **error);

G_END_DECLS
