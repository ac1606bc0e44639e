/* hy-summary.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hy-database.h"

G_BEGIN_DECLS

/* Counts and totals of a database, for `huiyuan-cli stats` and the About box. */
typedef struct
{
  int     schema_version;
  gint64  file_size;
  gint64  stores;
  gint64  members;
  gint64  merged_members;
  gint64  identities[5];    /* by HyIdentityKind */
  gint64  tagged_members;
  gint64  sales;
  gint64  walk_in_sales;
  gint64  refunds;
  gint64  sales_total;      /* minor units, net of discounts */
  gint64  refunds_total;    /* minor units, positive */
  gint64  member_sales_total;
  gint64  first_at;
  gint64  last_at;
  gint64  change_log_seq;
} HySummary;

gboolean hy_database_summarize (HyDatabase  *db,
                                HySummary   *summary,
                                GError     **error);

G_END_DECLS
