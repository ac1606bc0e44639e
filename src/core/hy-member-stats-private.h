/* hy-member-stats-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Per-member aggregates (table member_stats): the incremental update a sale makes, and the full
 * recomputation from a member's transactions used by refunds, merges and the consistency check.
 */

#pragma once

#include "hy-database.h"
#include "hy-types.h"

G_BEGIN_DECLS

/* SQL for "sale t no longer counts as a purchase": refunds have taken back all of it. */
#define HY_SALE_IS_VOID_SQL \
  "(EXISTS (SELECT 1 FROM transactions r WHERE r.refund_of = t.id)" \
  " AND t.net + (SELECT total (r.net) FROM transactions r WHERE r.refund_of = t.id) <= 0)"

/* Builds a member's figures from their transactions, one by one in any order. */
typedef struct
{
  HyMemberStats  stats;
  GTimeZone     *tz;
  GArray        *days;
} HyStatsAccumulator;

void     _hy_stats_accumulator_init   (HyStatsAccumulator *acc,
                                       GTimeZone          *tz);
void     _hy_stats_accumulator_add    (HyStatsAccumulator *acc,
                                       int                 kind,
                                       gint64              at,
                                       gint64              net,
                                       double              quantity,
                                       gboolean            is_void);
void     _hy_stats_accumulator_finish (HyStatsAccumulator *acc);
void     _hy_stats_accumulator_clear  (HyStatsAccumulator *acc);
gboolean _hy_member_stats_equal       (const HyMemberStats *a,
                                       const HyMemberStats *b);

gboolean _hy_member_stats_load      (HyDatabase     *db,
                                     gint64          member_id,
                                     HyMemberStats  *stats,
                                     GError        **error);
gboolean _hy_member_stats_compute   (HyDatabase     *db,
                                     gint64          member_id,
                                     HyMemberStats  *stats,
                                     GError        **error);
gboolean _hy_member_stats_store     (HyDatabase     *db,
                                     gint64          member_id,
                                     const HyMemberStats *stats,
                                     GError        **error);
gboolean _hy_member_stats_recompute (HyDatabase     *db,
                                     gint64          member_id,
                                     GError        **error);
void     _hy_member_stats_add_sale  (HyMemberStats  *stats,
                                     GTimeZone      *tz,
                                     gint64          occurred_at,
                                     gint64          net,
                                     double          quantity,
                                     gboolean        same_day_known);
gboolean _hy_member_stats_has_sale_on_day (HyDatabase *db,
                                     gint64          member_id,
                                     const HyMemberStats *stats,
                                     gint64          occurred_at,
                                     gboolean       *out_has,
                                     GError        **error);

G_END_DECLS
