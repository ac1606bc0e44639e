/* hy-analysis.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "hy-database.h"

G_BEGIN_DECLS

/* A snapshot of every member and of their purchases up to and including an as-of day, loaded
 * once and shared by the RFM, lifecycle, KPI and warning computations.
 *
 * Days are local days of the store's time zone (days since 1970-01-01, see hy-time.h).  A
 * purchase is a sale (not a refund) by a member that has not been refunded in full; its value
 * is its net amount less the refunds made against it up to the as-of day.  Purchases on the same
 * local day are kept apart (they count separately for F) but the per-day helpers below merge
 * them.  Merged members are left out.  With a store, only that store's sales are loaded (members
 * are all loaded: a member of the chain can buy in any store). */
typedef struct _HyAnalysisData HyAnalysisData;

HyAnalysisData *hy_analysis_data_load        (HyDatabase      *db,
                                              gint32           as_of_day,
                                              gint64           store_id,
                                              GError         **error);
void            hy_analysis_data_free        (HyAnalysisData  *data);
gint32          hy_analysis_data_get_as_of   (HyAnalysisData  *data);
gsize           hy_analysis_data_get_n_members (HyAnalysisData *data);
gint64          hy_analysis_data_get_member_id (HyAnalysisData *data,
                                              gsize            index);
/* The index of a member id, or -1. */
gssize          hy_analysis_data_find_member (HyAnalysisData  *data,
                                              gint64           member_id);

/* "2024-06-01" (or any date hy_parse understands as a plain date) to a day number; -1 when
 * text is not a date.  NULL or "" is today in @db's time zone. */
gint32          hy_analysis_parse_day        (HyDatabase      *db,
                                              const char      *text,
                                              GError         **error);

/* An integer setting of the analytics (e.g. "rfm.window_days"), or @fallback when it is not
 * set or not a whole number >= 0. */
gint64          hy_analysis_get_setting_int  (HyDatabase      *db,
                                              const char      *key,
                                              gint64           fallback);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyAnalysisData, hy_analysis_data_free)

G_END_DECLS
