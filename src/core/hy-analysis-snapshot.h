/* hy-analysis-snapshot.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "hy-analysis.h"
#include "hy-customer-model.h"
#include "hy-lifecycle.h"
#include "hy-rfm.h"

G_BEGIN_DECLS

/* The analysis kept in memory: one full run (load, RFM with classes, stages, warnings) as of
 * a day, and then, after a sale or a refund, the figures of the member concerned brought up to
 * date from that member's rows alone (hy_analysis_snapshot_refresh_member).
 *
 * What a refresh recomputes exactly: the member's R, F and M, their class (against the class
 * averages), their lifecycle stage and their warnings (every rule, from their own purchases
 * and items).  What stays as of the last full run: the quintile boundaries the R, F and M
 * scores are ranked against, the class averages, the value cut of the high warning priority,
 * everyone else's figures and the KPIs.  A member therefore ranks against the others as they
 * were; the next full run re-ranks everybody.  The refreshed member keeps the as-of day of the
 * run. */
typedef struct _HyAnalysisSnapshot HyAnalysisSnapshot;

typedef struct
{
  HyRfmMember  rfm;
  HyStage      stage;
  GPtrArray   *warnings;    /* of HyWarning, borrowed from the snapshot, most urgent first; read
                             * their reasons with hy_warning_get_reason () */
  gboolean     refreshed;   /* TRUE: brought up to date since the full run */
} HySnapshotMember;

HyAnalysisSnapshot *hy_analysis_snapshot_new            (HyDatabase            *db,
                                                         gint32                 as_of_day,
                                                         const HyCustomerModel *model,
                                                         GError               **error);
void                hy_analysis_snapshot_free           (HyAnalysisSnapshot    *snapshot);

HyAnalysisData     *hy_analysis_snapshot_get_data       (HyAnalysisSnapshot    *snapshot);
const HyRfmResult  *hy_analysis_snapshot_get_rfm        (HyAnalysisSnapshot    *snapshot);
/* The full run's warnings (HyWarning), sorted as hy_warnings_compute () sorts them. */
GPtrArray          *hy_analysis_snapshot_get_warnings   (HyAnalysisSnapshot    *snapshot);

/* Re-reads member_id's purchases, refunds and items (by the member and primary key indexes)
 * and recomputes their figures as described above. */
gboolean            hy_analysis_snapshot_refresh_member (HyAnalysisSnapshot    *snapshot,
                                                         HyDatabase            *db,
                                                         gint64                 member_id,
                                                         GError               **error);

/* The current figures of member_id; FALSE when the snapshot does not know the member. */
gboolean            hy_analysis_snapshot_get_member     (HyAnalysisSnapshot    *snapshot,
                                                         gint64                 member_id,
                                                         HySnapshotMember      *member);

/* What the customer model given to hy_analysis_snapshot_new () says of one member as of the
 * snapshot's day, from the member's purchases as the snapshot has them (a refreshed member's
 * own).  Each figure is NaN when it cannot be said: no model, no purchase, or (CLV) a model
 * without its spend part.  CLV uses the hy-clv.h defaults, as hy_customer_model_clv () does. */
typedef struct
{
  double p_alive;              /* 0 .. 1 */
  double expected_purchases;   /* in the horizon_days after the snapshot's day */
  double clv;                  /* minor units */
} HySnapshotForecast;

/* The model given to hy_analysis_snapshot_new (), or NULL. */
const HyCustomerModel *hy_analysis_snapshot_get_model   (HyAnalysisSnapshot    *snapshot);

/* FALSE when the snapshot does not know member_id. */
gboolean            hy_analysis_snapshot_get_forecast   (HyAnalysisSnapshot    *snapshot,
                                                         gint64                 member_id,
                                                         guint                  horizon_days,
                                                         HySnapshotForecast    *forecast);

/* Keeps only what ranks one member against the others (the score cuts, the class averages,
 * the warnings' value cut and category names, the options and the model): megabytes instead
 * of the hundreds a million members' purchases and warnings take.  From then on a member is
 * known once read: hy_analysis_snapshot_get_member () and _get_forecast () are FALSE for a
 * member until hy_analysis_snapshot_refresh_member () has read them, which gives the figures
 * the full run gave an unchanged member.  _get_data () then has no members (its as-of day
 * stays), _get_warnings () is empty and _get_rfm () has no members (its cuts and averages
 * stay). */
void                hy_analysis_snapshot_compact        (HyAnalysisSnapshot    *snapshot);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyAnalysisSnapshot, hy_analysis_snapshot_free)

G_END_DECLS
