/* hy-analysis-cache-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hy-analysis-private.h"

G_BEGIN_DECLS

/* One part of the analysis cache (hy-analysis-cache.c): its columns point into buf.  Sales: id -
 * base_id, member id (0: none), local day, net, store id (0: none), number of categories; then
 * the categories of every sale, in line order without repeats.  Refunds: the sale refunded,
 * id - base_id, local day, amount.  Sales come in ascending id order, and so do the parts. */
typedef struct
{
  guint32  n_sales;
  guint32  n_refunds;
  guint32  n_cats;
  guint32  pad;
  gint64   base_id;
  gint64  *refund_sale;
  guint32 *refund_id;
  gint32  *refund_day;
  gint32  *refund_net;
  guint32 *sale_id;
  guint32 *member;
  gint32  *day;
  gint32  *net;
  guint32 *store;
  guint16 *cats;
  guint8  *n_sale_cats;
  guint8  *buf;
  gsize    size;
} HyCachePart;

/* hy-analysis-group.c: fills @data's purchases (grouped by member, in day order, with their
 * categories numbered by first appearance) and walk-in takings up to the as-of day from the
 * parts; @names holds each category code's name.  @data's members must be loaded; members who
 * did not exist on the as-of day are dropped. */
void _hy_analysis_group_parts (HyAnalysisData *data,
                               GArray         *parts,
                               GPtrArray      *names);

/* From this many bytes of parts on, a load reads the later parts on a second connection while
 * the first ones are read (tests lower it). */
extern gsize _hy_analysis_cache_parallel_bytes;

/* How many ranges of the sales the grouping works on at once, 0: one per processor (at most 4)
 * from _hy_analysis_min_parallel purchases on.  Tests set more to split small data. */
extern guint _hy_analysis_group_ranges;

G_END_DECLS
