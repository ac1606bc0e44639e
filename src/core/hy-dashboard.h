/* hy-dashboard.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the dashboard shows, computed in one go from the analytics and kept in the database
 * (setting "dashboard.cache"), so that the next start paints the last figures at once while
 * fresh ones are computed in the background.
 */

#pragma once

#include "hy-database.h"
#include "hy-kpi.h"
#include "hy-lifecycle.h"
#include "hy-rfm.h"
#include "hy-warnings.h"

G_BEGIN_DECLS

#define HY_DASHBOARD_MONTHS   24
#define HY_DASHBOARD_COHORTS  12
#define HY_DASHBOARD_TOP      10

typedef struct
{
  gint64            computed_at;     /* UTC */
  gint32            as_of;           /* local day */
  guint             days;            /* the period: the last @days days up to as_of */
  gint64            store_id;        /* 0: every store */
  HyKpis            now;
  HyKpis            before;          /* the @days before */
  HyRfmClassSummary rfm[HY_RFM_N_CLASSES];
  gint32            month_end[HY_DASHBOARD_MONTHS];
  guint64           stages[HY_DASHBOARD_MONTHS][HY_N_STAGES];
  int               cohort_year[HY_DASHBOARD_COHORTS];
  int               cohort_month[HY_DASHBOARD_COHORTS];
  guint64           cohort_size[HY_DASHBOARD_COHORTS];
  guint64           cohort_active[HY_DASHBOARD_COHORTS * HY_DASHBOARD_COHORTS];
  guint64           warnings[3];     /* due by the end of as_of, by HyWarningPriority */
  guint             n_top;
  gint64            top_id[HY_DASHBOARD_TOP];
  char             *top_name[HY_DASHBOARD_TOP];
  gint64            top_spend[HY_DASHBOARD_TOP];   /* net spend in the RFM window */
} HyDashboard;

HyDashboard *hy_dashboard_compute (HyDatabase    *db,
                                   gint32         as_of,
                                   guint          days,
                                   gint64         store_id,
                                   GError       **error);
gboolean     hy_dashboard_save    (HyDatabase    *db,
                                   HyDashboard   *dashboard,
                                   GError       **error);
HyDashboard *hy_dashboard_load    (HyDatabase    *db);
void         hy_dashboard_free    (HyDashboard   *dashboard);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyDashboard, hy_dashboard_free)

G_END_DECLS
