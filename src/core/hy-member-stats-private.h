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
