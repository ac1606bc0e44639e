/* hy-analysis-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dense arrays behind HyAnalysisData: members in id order, their purchases in one array
 * grouped by member (offsets[i] .. offsets[i + 1]) and sorted by day within a member.
 */

#pragma once

#include "hy-analysis.h"

G_BEGIN_DECLS

struct _HyAnalysisData
{
  gint32   as_of_day;
  gint64   store_id;
  gsize    n_members;
  gint64  *member_id;
  gint32  *joined_day;
  gsize    n_purchases;
  guint32 *offsets;      /* n_members + 1 */
  gint32  *day;          /* local day of each purchase */
  gint64  *value;        /* net less refunds, minor units */
  gint64  *txn_id;       /* the sale's transaction id; NULL after a load from the cache, which
                          * brings the categories the ids would be needed to read */
  /* Walk-in sales (no member) less their refunds, per local day from walk_in_first_day. */
  gint32   walk_in_first_day;
  gsize    n_walk_in_days;
  gint64  *walk_in_value;
  /* With a load from the cache: purchase k's categories are cat[cat_start[k] .. cat_start[k + 1]),
   * numbered in the order they first appear in the loaded purchases (as the item scan of
   * hy-warnings.c numbers them); NULL otherwise. */
  guint32   *cat_start;    /* n_purchases + 2 */
  guint32   *cat;
  GPtrArray *cat_names;
};

/* A refund while loading: what it takes off which sale. */
typedef struct
{
  gint64 sale_id;
  gint64 amount;    /* negative */
} HyAnalysisRefund;

/* qsort () order of HyAnalysisRefund: by the sale refunded. */
int     _hy_analysis_compare_refunds     (const void   *a,
                                          const void   *b);

#define HY_ANALYSIS_WALK_IN G_MAXUINT32

/* hy-analysis-cache.c: what a load reads of the transactions, from the cache table brought up
 * to date from the rows added since (and written back when that tail is at least
 * _hy_analysis_cache_min_tail rows); NULL when the cache cannot serve (load from the tables). */
typedef struct _HyAnalysisCacheRows HyAnalysisCacheRows;

HyAnalysisCacheRows *_hy_analysis_cache_fetch     (HyDatabase          *db);
/* Fills @data's purchases (grouped by member, with their categories) and walk-in takings up to
 * the as-of day from @rows, and frees them.  @data's members must be loaded; members who did
 * not exist on the as-of day are dropped. */
void                 _hy_analysis_cache_group     (HyAnalysisCacheRows *rows,
                                                   HyAnalysisData      *data);
void                 _hy_analysis_cache_rows_free (HyAnalysisCacheRows *rows);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyAnalysisCacheRows, _hy_analysis_cache_rows_free)

/* Rows added since the cache was written that make the load write them in (tests use 0). */
extern gsize    _hy_analysis_cache_min_tail;
/* FALSE: never use the cache (tests compare against a load from the tables). */
extern gboolean _hy_analysis_use_cache;

/* The data of one member alone, read by the member's index: their purchases and every refund
 * of them up to the as-of day.  No member (n_members 0) when the id is unknown, merged or
 * joined after the as-of day without a purchase. */
HyAnalysisData *_hy_analysis_data_load_member (HyDatabase  *db,
                                               gint32       as_of_day,
                                               gint64       store_id,
                                               gint64       member_id,
                                               GError     **error);

/* Frees every member and purchase of @data, leaving its as-of day and store: no members. */
void            _hy_analysis_data_clear_rows  (HyAnalysisData *data);

/* Walk-in takings on the days start .. end. */
gint64  _hy_analysis_data_walk_ins (const HyAnalysisData *data,
                                    gint32                start,
                                    gint32                end);

/* The first purchase index of member i on a day after @day (binary search). */
guint32 _hy_analysis_data_upper (const HyAnalysisData *data,
                                 gsize                 member,
                                 gint32                day);

/* Distinct purchase days of member i up to and including @until into @days (appended), and
 * their count. */
guint   _hy_analysis_data_purchase_days (const HyAnalysisData *data,
                                         gsize                 member,
                                         gint32                until,
                                         GArray               *days);

/* The median gap in days between consecutive distinct purchase days days[0 .. n) (ascending);
 * 0 with fewer than two.  scratch holds at least n entries. */
double  _hy_analysis_median_gap_of (const gint32 *days,
                                    guint         n,
                                    gint32       *scratch);

/* The value a sort of v[0..n) into ascending order would put at k (k < n), reordering v so that
 * nothing before v[k] is larger and nothing after it smaller; linear time on average.  Values
 * must not be NaN. */
gint32  _hy_analysis_select_int32        (gint32       *v,
                                          gsize         n,
                                          gsize         k);
gint64  _hy_analysis_select_int64        (gint64       *v,
                                          gsize         n,
                                          gsize         k);
double  _hy_analysis_select_double       (double       *v,
                                          gsize         n,
                                          gsize         k);

/* hy-warnings.c reads the items and checks the members on every processor from this many loaded
 * purchases (tests lower it to check both ways give the same warnings). */
extern gsize _hy_warnings_min_parallel;

/* hy-analysis.c reads the transactions on a second thread from this many (by the highest id). */
extern gsize _hy_analysis_min_parallel;

G_END_DECLS
