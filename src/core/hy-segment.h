/* hy-segment.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "hy-analysis-snapshot.h"
#include "hy-database.h"

G_BEGIN_DECLS

/* Segments: saved filters over the members, every condition ANDed.  A condition is
 * "FIELD OP VALUE" with OP one of = != < <= > >=.  Fields:
 *
 *   read from the database (compiled to SQL; the value is always a bound parameter, the field
 *   and the operator only pick one of a fixed set of SQL fragments):
 *     tier            the current tier's id          tag          a tag the member has (= or !=)
 *     spend           net spend, minor units          visits       purchase days
 *     last_purchase   days since the last purchase    birth_month  1..12
 *     store           home store id                   category     bought in that category (= or !=)
 *   read from an analysis snapshot (evaluated in memory; the segment needs one):
 *     stage (new, active, ...)  rfm_class (important_value, ...)  r_score  f_score  m_score
 *     warning (a rule the member has a warning for, = or !=)
 *   read from the snapshot's customer model (the segment needs a fitted one, see
 *   hy_segment_open_snapshot ()); a member without a purchase has neither and matches no
 *   condition on them:
 *     p_alive   P(alive) as of today, a share from 0 to 1 ("p_alive<0.3") or a percentage
 *               ("p_alive<30%")
 *     clv       CLV as the dashboard has it (hy-clv.h defaults: one year, 10 % a year
 *               discount), minor units like spend, rounded to the nearest minor unit
 *
 * Segments are saved by name in the table segments (migration 5), as JSON. */
typedef struct _HySegment HySegment;

HySegment  *hy_segment_new           (void);
void        hy_segment_free          (HySegment          *segment);
/* Adds "spend>=100000" and the like; fails on an unknown field, operator or a bad value. */
gboolean    hy_segment_add_condition (HySegment          *segment,
                                      const char         *text,
                                      GError            **error);
gboolean    hy_segment_needs_snapshot (HySegment         *segment);
guint       hy_segment_get_n_conditions (HySegment       *segment);
/* The condition at @index as written ("spend>=100000"), and its parts; any of the out
 * arguments may be NULL. */
const char *hy_segment_get_condition (HySegment          *segment,
                                      guint               index,
                                      const char        **out_field,
                                      const char        **out_op,
                                      const char        **out_value);

gboolean    hy_segment_save          (HySegment          *segment,
                                      HyDatabase         *db,
                                      const char         *name,
                                      GError            **error);
/* Saves @segment as @name in place of @old_name, in one transaction; fails, changing nothing,
 * with HY_ERROR_CONFLICT when @name is another segment's and HY_ERROR_NOT_FOUND without @old_name. */
gboolean    hy_segment_rename        (HySegment          *segment,
                                      HyDatabase         *db,
                                      const char         *old_name,
                                      const char         *name,
                                      GError            **error);
HySegment  *hy_segment_load          (HyDatabase         *db,
                                      const char         *name,
                                      GError            **error);
/* Fails with HY_ERROR_NOT_FOUND when there is no segment @name. */
gboolean    hy_segment_delete        (HyDatabase         *db,
                                      const char         *name,
                                      GError            **error);
/* Names of the saved segments, sorted. */
GStrv       hy_segment_list_names    (HyDatabase         *db,
                                      GError            **error);

/* The member ids (ascending) of the members the segment selects.  @snapshot may be NULL when
 * the segment does not need one; it fails on P(alive) or CLV when the snapshot has no customer
 * model (or, for CLV, one without its spend part). */
GArray     *hy_segment_select        (HySegment          *segment,
                                      HyDatabase         *db,
                                      HyAnalysisSnapshot *snapshot,
                                      GError            **error);
GArray     *hy_segment_select_saved  (HyDatabase         *db,
                                      const char         *name,
                                      GError            **error);
gboolean    hy_segment_open_snapshot (HySegment           *segment,
                                      HyDatabase          *db,
                                      HyCustomerModel     *model,
                                      HyAnalysisSnapshot **out,
                                      GError             **error);
/* Writes id, name, joined (YYYY-MM-DD), net spend and purchase days of the selected members. */
gboolean    hy_segment_export_csv    (HySegment          *segment,
                                      HyDatabase         *db,
                                      HyAnalysisSnapshot *snapshot,
                                      const char         *path,
                                      guint64            *out_count,
                                      GError            **error);

/* For tests: the SQL the database part compiles to (its text never holds a value). */
char       *_hy_segment_get_sql      (HySegment          *segment);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HySegment, hy_segment_free)

G_END_DECLS
