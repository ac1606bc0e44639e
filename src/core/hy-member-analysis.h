/* hy-member-analysis.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "hy-database.h"

G_BEGIN_DECLS

/* Every member's RFM class and lifecycle stage as of the dashboard's last computation, kept in
 * the table member_analysis (migration 13) so that the members list can filter by them in SQL.
 * Derived data: each save replaces all of it. */
gboolean hy_member_analysis_save      (HyDatabase    *db,
                                       gint32         as_of,
                                       gsize          n_members,
                                       const gint64  *member_ids,
                                       const guint8  *rfm_classes,
                                       const guint8  *stages,
                                       GError       **error);

/* The day the saved classes and stages are as of, or -1 when none were saved. */
gint32   hy_member_analysis_get_as_of (HyDatabase    *db);

G_END_DECLS
