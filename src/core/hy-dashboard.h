/* hy-dashboard.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the dashboard shows, computed in one go from the analytics and kept in the database
 * (one setting "dashboard.cache.<period>.<store id>" per choice of period and store), so that
 * the next start paints the last figures at once while fresh ones are computed in the
 * background.
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
#define HY_DASHBOARD_BINS     10

/* The periods the KPIs can cover; every one is compared with as many days just before it. */
typedef enum
{
  HY_DASHBOARD_LAST_7_DAYS,
  HY_DASHBOARD_LAST_30_DAYS,
  HY_DASHBOARD_LAST_90_DAYS,
  HY_DASHBOARD_LAST_365_DAYS,
  HY_DASHBOARD_THIS_MONTH,        /* the first of the as-of day's month to the as-of day */
  HY_DASHBOARD_LAST_MONTH,        /* the whole month before the as-of day's */
  HY_DASHBOARD_N_PERIODS
} HyDashboardPeriod;

typedef struct
{
  gint64            computed_at;     /* UTC */
  gint32            as_of;           /* local day */
  HyDashboardPeriod period;
  gint32            start;           /* the period's local days, start .. end inclusive */
  gint32            end;
  gint64            store_id;        /* 0: every store */
  HyKpis            now;
  HyKpis            before;          /* the end - start + 1 days just before start */
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

  /* Where members moved between the end of the month before and as_of; other months with
   * hy_dashboard_compute_transitions(). */
  gint32            transition_from;
  gint32            transition_to;
  guint64           transitions[HY_N_STAGES][HY_N_STAGES];

  /* The saved customer model's predictions as of as_of for the members with a purchase. */
  gboolean          has_model;
  guint64           predicted;                        /* members with a prediction */
  double            p_alive_mean;
  guint64           p_alive_bins[HY_DASHBOARD_BINS];  /* [k/10, (k+1)/10), the last with 1 */
  gboolean          has_clv;
  double            clv_mean;                         /* minor units */
  double            clv_median;
  gint64            clv_bin_width;                    /* minor units, a round figure */
  guint64           clv_bins[HY_DASHBOARD_BINS];      /* [k w, (k+1) w), the last also above */

  /* Only in a fresh computation, not in the cache: every member's RFM class and stage as of
   * as_of, which hy_dashboard_save() keeps for the members list's filters. */
  gsize             n_members;
  gint64           *member_id;
  guint8           *member_class;
  guint8           *member_stage;
} HyDashboard;

void              hy_dashboard_period_get_range    (HyDashboardPeriod   period,
                                                    gint32              as_of,
                                                    gint32             *start,
                                                    gint32             *end);
const char       *hy_dashboard_period_to_string    (HyDashboardPeriod   period);   /* "last-30-days" */
gboolean          hy_dashboard_period_from_string  (const char         *text,
                                                    HyDashboardPeriod  *period);
const char       *hy_dashboard_period_get_label    (HyDashboardPeriod   period);   /* translated */

/* The period and store last chosen for the dashboard of @db (default: the last 30 days of every
 * store), and remembering another choice. */
void              hy_dashboard_load_choice         (HyDatabase         *db,
                                                    HyDashboardPeriod  *period,
                                                    gint64             *store_id);
gboolean          hy_dashboard_save_choice         (HyDatabase         *db,
                                                    HyDashboardPeriod   period,
                                                    gint64              store_id,
                                                    GError            **error);

HyDashboard      *hy_dashboard_compute             (HyDatabase         *db,
                                                    gint32              as_of,
                                                    HyDashboardPeriod   period,
                                                    gint64              store_id,
                                                    GError            **error);
gboolean          hy_dashboard_compute_transitions (HyDatabase         *db,
                                                    gint32              as_of,
                                                    gint64              store_id,
                                                    gint32              from,
                                                    gint32              to,
                                                    guint64             transitions[HY_N_STAGES][HY_N_STAGES],
                                                    GError            **error);
gboolean          hy_dashboard_save                (HyDatabase         *db,
                                                    HyDashboard        *dashboard,
                                                    GError            **error);
HyDashboard      *hy_dashboard_load                (HyDatabase         *db,
                                                    HyDashboardPeriod   period,
                                                    gint64              store_id);
void              hy_dashboard_free                (HyDashboard        *dashboard);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyDashboard, hy_dashboard_free)

G_END_DECLS
