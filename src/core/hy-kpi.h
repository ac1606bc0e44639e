/* hy-kpi.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "hy-analysis.h"
#include "hy-customer-model.h"
#include "hy-database.h"

G_BEGIN_DECLS

/* The dashboard's figures for a period, the local days start .. end inclusive (end at most the
 * analysis data's as-of day), for the data's store or all stores.  "Purchase" is as in
 * hy-analysis.h (sales not refunded in full, worth their net less refunds up to the as-of day).
 * Members are the chain's members whatever the store; only purchases are filtered by store.
 *
 *   members              members who existed on the end day (joined, or bought, by then)
 *   new_members          members who joined in the period
 *   active_members       members with a purchase in the active_days (90) days up to the end day
 *   purchasers           members with a purchase in the period
 *   repurchase_rate      purchasers with purchases on two or more days of the period / purchasers
 *   retention            the previous period is the same number of days just before start; of
 *                        its purchasers, the share who also bought in this period
 *   churn_rate           of the members whose last purchase on the day before start was less
 *                        than churned_days (180) days earlier, the share whose last purchase on
 *                        the end day is churned_days or more days earlier
 *   aov                  客单价: member sales / orders (minor units)
 *   purchase_frequency   orders / purchasers
 *   member_revenue_share member sales / all sales of the period, walk-ins included
 *   average_clv          mean CLV over members with a purchase, when a model with spend is given
 *   wake_up_rate         of the members sleeping on the day before start (last purchase
 *                        sleeping_days (90) to churned_days - 1 days earlier), the share who
 *                        bought in the period
 *
 * A rate whose denominator is 0 is 0.  Every sales figure is in minor units. */
typedef struct
{
  gint32  start;
  gint32  end;
  guint64 members;
  guint64 new_members;
  guint64 active_members;
  guint64 purchasers;
  guint64 repurchasers;
  double  repurchase_rate;
  guint64 previous_purchasers;
  guint64 retained;
  double  retention;
  guint64 churn_base;
  guint64 churned;
  double  churn_rate;
  guint64 orders;
  gint64  member_sales;
  gint64  all_sales;
  double  aov;
  double  purchase_frequency;
  double  member_revenue_share;
  gboolean has_clv;
  double  average_clv;
  guint64 sleeping_at_start;
  guint64 woken;
  double  wake_up_rate;
} HyKpis;

/* model may be NULL. */
gboolean hy_kpis_compute (HyDatabase            *db,
                          HyAnalysisData        *data,
                          gint32                 start,
                          gint32                 end,
                          const HyCustomerModel *model,
                          HyKpis                *kpis,
                          GError               **error);

/* Monthly cohorts by the month of the first purchase, for the n_months months up to the as-of
 * day's month (oldest first).  active[i * n_months + k] is how many members of cohort i bought
 * in its k-th month after the first (k = 0 is the cohort month itself, so it equals size[i]);
 * only k with i + k < n_months are filled, the rest are 0.  The retention of cell (i, k) is
 * active / size. */
typedef struct
{
  guint    n_months;
  int     *year;
  int     *month;
  guint64 *size;
  guint64 *active;
} HyCohortTable;

HyCohortTable *hy_cohorts_compute     (HyAnalysisData *data,
                                       guint           n_months);
/* The members of the cohort of @year-@month (first purchase in that month) who bought in its
 * @offset-th month after (0: the cohort month itself, so all of them): what cell (i, offset) of
 * hy_cohorts_compute() counts.  Ids ascending. */
GArray        *hy_cohort_members      (HyAnalysisData *data,
                                       int             year,
                                       int             month,
                                       guint           offset);
void           hy_cohort_table_free   (HyCohortTable  *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyCohortTable, hy_cohort_table_free)

G_END_DECLS
