/* hy-rfm.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "hy-analysis.h"

G_BEGIN_DECLS

/* RFM as of the analysis day D (DESIGN §3), over a window of W days: the days D - W + 1 .. D.
 *
 *   R  days from the member's last purchase day (at any time up to D) to D; 0 = bought on D.
 *   F  purchases in the window (sales, not refunds; a sale refunded in full does not count).
 *   M  net spend in the window: those purchases less what was refunded of them by D.
 *
 * Scores, among the n members with at least one purchase up to D (the "scored" members):
 *
 *   F and M score = 1 + floor (5 * (members with a strictly smaller value) / n)
 *   R score       = 1 + floor (5 * (members with a strictly larger R) / n)
 *
 * so members with equal values always share a score (the score of their lowest rank), a value
 * shared by everyone scores 1, and five members with five different values score 1, 2, 3, 4, 5.
 *
 * Classes compare each value with the average over the members who bought in the window
 * (F >= 1): R+ is strictly fewer days than the average R, F+ and M+ strictly more than the
 * average F and M; equal to the average counts as minus.  A member who bought only before the
 * window has F = M = 0 and is classed like everyone else (in practice 一般挽留, R-F-M-).
 * Members without any purchase up to D form HY_RFM_CLASS_NO_PURCHASE and have no scores. */
typedef enum
{
  HY_RFM_CLASS_IMPORTANT_VALUE,        /* 重要价值客户  R+ F+ M+ */
  HY_RFM_CLASS_IMPORTANT_DEVELOP,      /* 重要发展客户  R+ F- M+ */
  HY_RFM_CLASS_IMPORTANT_KEEP,         /* 重要保持客户  R- F+ M+ */
  HY_RFM_CLASS_IMPORTANT_RETAIN,       /* 重要挽留客户  R- F- M+ */
  HY_RFM_CLASS_GENERAL_VALUE,          /* 一般价值客户  R+ F+ M- */
  HY_RFM_CLASS_GENERAL_DEVELOP,        /* 一般发展客户  R+ F- M- */
  HY_RFM_CLASS_GENERAL_KEEP,           /* 一般保持客户  R- F+ M- */
  HY_RFM_CLASS_GENERAL_RETAIN,         /* 一般挽留客户  R- F- M- */
  HY_RFM_CLASS_NO_PURCHASE,
  HY_RFM_N_CLASSES
} HyRfmClass;

typedef struct
{
  gint32     recency;     /* days; -1 without a purchase */
  guint32    frequency;
  gint64     monetary;    /* minor units */
  guint8     r_score;     /* 1..5, 0 without a purchase */
  guint8     f_score;
  guint8     m_score;
  HyRfmClass klass;
} HyRfmMember;

typedef struct
{
  guint64 members;
  gint64  revenue;         /* sum of M, minor units */
  double  revenue_share;   /* revenue / revenue of all members; 0 when that is 0 */
  double  member_share;    /* members / all members */
  double  avg_recency;     /* means over the class; 0 for an empty class or no purchase */
  double  avg_frequency;
  double  avg_monetary;
} HyRfmClassSummary;

typedef struct
{
  gint32            as_of_day;
  guint             window_days;
  gsize             n_members;      /* as in the analysis data, same order */
  HyRfmMember      *members;
  guint64           n_scored;       /* members with a purchase up to D */
  guint64           n_buyers;       /* members with a purchase in the window */
  double            avg_recency;    /* the class thresholds: averages over the buyers */
  double            avg_frequency;
  double            avg_monetary;
  gint64            revenue;        /* sum of M over everyone */
  HyRfmClassSummary classes[HY_RFM_N_CLASSES];
  /* The cut points of the scores over the n_scored members, for k = 1..4: with their values in
   * ascending order v[0..n) and c(k) = ceil (k * n / 5), F (and M) scores at least k + 1 when
   * F > f_cut[k - 1] = v[c(k) - 1], and R scores at least k + 1 when R < r_cut[k - 1] =
   * v[n - c(k)].  So any value can be scored, also one that is not among the members'. */
  gint64            r_cut[4];
  gint64            f_cut[4];
  gint64            m_cut[4];
} HyRfmResult;

/* The default window; the setting "rfm.window_days" overrides it. */
#define HY_RFM_DEFAULT_WINDOW_DAYS 365

/* window_days 0 means the default.  Never fails. */
HyRfmResult *hy_rfm_compute          (HyAnalysisData *data,
                                      guint           window_days);
void         hy_rfm_result_free      (HyRfmResult    *result);

/* Scores and classes @member (its recency, frequency and monetary already set; recency -1
 * without a purchase) against the quantiles and averages of @global, a full run: what a
 * member's figures are after their own purchase changed, while everyone else's stay as of that
 * run.  The member is ranked among the others as they were, so its scores can differ by one
 * from what a new full run would give. */
void         hy_rfm_rescore_member   (const HyRfmResult *global,
                                      HyRfmMember       *member);

const char  *hy_rfm_class_to_string  (HyRfmClass      klass);   /* "important_value" */
const char  *hy_rfm_class_get_label  (HyRfmClass      klass);   /* translated, 重要价值客户 */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyRfmResult, hy_rfm_result_free)

G_END_DECLS
