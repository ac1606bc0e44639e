/* hy-lifecycle.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "hy-analysis.h"
#include "hy-customer-model.h"

G_BEGIN_DECLS

/* Lifecycle stages (DESIGN §3) of a member on a day E, from their purchases up to E.  With
 * "idle" = E minus the last purchase day (E minus the joining day without a purchase), the first
 * rule that holds gives the stage:
 *
 *   none            not a member yet on E (joined later and no purchase by E)
 *   new             joined <= new_days (30) days before E, or joined <= new_single_days (90)
 *                   days before E with at most one purchase
 *   churned         idle >= churned_days (180), or P(alive) < churned_p_alive (0.2) when a
 *                   BG/NBD fit is given and the member has a purchase
 *   sleeping        idle >= sleeping_days (90), or at least two purchase days and idle more than
 *                   sleeping_gap_factor (3) times the member's median gap between purchase days
 *   high-potential  CLV given and the member among the top high_potential_share (20%) of the
 *                   members not yet classed above, by CLV (ties at the cut all included); or
 *                   rising spend: net spend in the rising_days (90) days up to E greater than in
 *                   the rising_days before those, which was more than 0
 *   active          everyone else
 *
 * Every threshold is a setting ("lifecycle.new_days", ...). */
typedef enum
{
  HY_STAGE_NONE,
  HY_STAGE_NEW,
  HY_STAGE_ACTIVE,
  HY_STAGE_HIGH_POTENTIAL,
  HY_STAGE_SLEEPING,
  HY_STAGE_CHURNED,
  HY_N_STAGES
} HyStage;

typedef struct
{
  guint  new_days;
  guint  new_single_days;
  guint  sleeping_days;
  double sleeping_gap_factor;
  guint  churned_days;
  double churned_p_alive;
  double high_potential_share;
  guint  rising_days;
  const HyCustomerModel *model;   /* or NULL: the day rules only */
} HyLifecycleOptions;

/* The defaults above, overridden by the database's settings when @db is not NULL. */
void        hy_lifecycle_options_init (HyLifecycleOptions *options,
                                       HyDatabase         *db);

/* Stages of every member of @data on @day (<= the data's as-of day) into stages (n_members),
 * and how many members are in each stage into counts (may be NULL).  @clv: CLV per member on
 * @day, or NULL. */
void        hy_lifecycle_compute      (HyAnalysisData           *data,
                                       gint32                    day,
                                       const HyLifecycleOptions *options,
                                       const double             *clv,
                                       HyStage                  *stages,
                                       guint64                   counts[HY_N_STAGES]);

/* Stage counts at the end of each of the n_months months up to the as-of day's month, oldest
 * first: month_end[k] is the last day of that month, the as-of day itself for its own month.
 * CLV is not used (it is only known for today); P(alive) is, when options->model is set. */
void        hy_lifecycle_history      (HyAnalysisData           *data,
                                       guint                     n_months,
                                       const HyLifecycleOptions *options,
                                       gint32                   *month_end,
                                       guint64                 (*counts)[HY_N_STAGES]);

/* matrix[a][b]: members in stage a on @from and stage b on @to. */
void        hy_lifecycle_transitions  (HyAnalysisData           *data,
                                       gint32                    from,
                                       gint32                    to,
                                       const HyLifecycleOptions *options,
                                       guint64                   matrix[HY_N_STAGES][HY_N_STAGES]);

/* The ids (ascending) of the members counted in matrix[@from_stage][@to_stage] above. */
GArray     *hy_lifecycle_transition_members (HyAnalysisData           *data,
                                             gint32                    from,
                                             gint32                    to,
                                             const HyLifecycleOptions *options,
                                             HyStage                   from_stage,
                                             HyStage                   to_stage);

const char *hy_stage_to_string        (HyStage                   stage);   /* "high_potential" */
const char *hy_stage_get_label        (HyStage                   stage);   /* translated */

G_END_DECLS
