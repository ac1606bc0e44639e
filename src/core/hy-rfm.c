/* hy-rfm.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "hy-analysis-private.h"
#include "hy-parallel-private.h"
#include "hy-rfm.h"

static const struct
{
  const char *id;
  const char *label;
} class_names[HY_RFM_N_CLASSES] = {
  { "important_value", N_("Important value") },
  { "important_develop", N_("Important to develop") },
  { "important_keep", N_("Important to keep") },
  { "important_retain", N_("Important to win back") },
  { "general_value", N_("General value") },
  { "general_develop", N_("General to develop") },
  { "general_keep", N_("General to keep") },
  { "general_retain", N_("General to win back") },
  { "no_purchase", N_("No purchase yet") },
};

const char *
hy_rfm_class_to_string (HyRfmClass klass)
{
  g_return_val_if_fail (klass < HY_RFM_N_CLASSES, NULL);

  return class_names[klass].id;
}

const char *
hy_rfm_class_get_label (HyRfmClass klass)
{
  g_return_val_if_fail (klass < HY_RFM_N_CLASSES, NULL);

  return _(class_names[klass].label);
}

void
hy_rfm_result_free (HyRfmResult *result)
{
  if (result == NULL)
    return;

  g_free (result->members);
  g_free (result);
}

/* cut[k - 1] = the c(k)-th smallest of v[0..n) (from_top FALSE) or the c(k)-th largest (TRUE),
 * with c(k) = ceil (k * n / 5).  Selecting the positions in rising order keeps each selection
 * to what lies beyond the last. */
static void
find_cuts (gint64   *v,
           gsize     n,
           gboolean  from_top,
           gint64    cut[4])
{
  gsize at[4], lo = 0;

  for (guint k = 1; k <= 4; k++)
    {
      gsize c = (k * n + 4) / 5;

      if (from_top)
        at[4 - k] = n - c;
      else
        at[k - 1] = c - 1;
    }
  for (guint i = 0; i < 4; i++)
    {
      _hy_analysis_select_int64 (v + lo, n - lo, at[i] - lo);
      lo = at[i];
    }
  for (guint k = 1; k <= 4; k++)
    cut[k - 1] = v[from_top ? at[4 - k] : at[k - 1]];
}

typedef struct
{
  gint64   *v;
  gsize     n;
  gboolean  from_top;
  gint64   *cut;
} Cuts;

static gpointer
cuts_thread (gpointer user_data)
{
  Cuts *cuts = user_data;

  find_cuts (cuts->v, cuts->n, cuts->from_top, cuts->cut);
  return NULL;
}

static guint8
score_above (gint64       value,
             const gint64 cut[4])
{
  return 1 + (value > cut[0]) + (value > cut[1]) + (value > cut[2]) + (value > cut[3]);
}

static guint8
score_below (gint64       value,
             const gint64 cut[4])
{
  return 1 + (value < cut[0]) + (value < cut[1]) + (value < cut[2]) + (value < cut[3]);
}

static void
assign_scores (HyRfmResult *result)
{
  gsize n = result->n_scored;
  g_autofree gint64 *r = NULL;
  g_autofree gint64 *f = NULL;
  g_autofree gint64 *m = NULL;
  gsize k = 0;

  if (n == 0)
    return;

  r = g_new (gint64, n);
  f = g_new (gint64, n);
  m = g_new (gint64, n);
  for (gsize i = 0; i < result->n_members; i++)
    {
      const HyRfmMember *member = &result->members[i];

      if (member->klass == HY_RFM_CLASS_NO_PURCHASE)
        continue;
      r[k] = member->recency;
      f[k] = member->frequency;
      m[k] = member->monetary;
      k++;
    }
  /* The recency cuts on a thread of their own while frequency's and spend's are found here. */
  if (n >= _hy_analysis_min_parallel && g_get_num_processors () > 1)
    {
      Cuts recency = { r, n, TRUE, result->r_cut };
      GThread *thread = g_thread_new ("hy-rfm-cuts", cuts_thread, &recency);

      find_cuts (f, n, FALSE, result->f_cut);
      find_cuts (m, n, FALSE, result->m_cut);
      g_thread_join (thread);
    }
  else
    {
      find_cuts (r, n, TRUE, result->r_cut);
      find_cuts (f, n, FALSE, result->f_cut);
      find_cuts (m, n, FALSE, result->m_cut);
    }

  for (gsize i = 0; i < result->n_members; i++)
    {
      HyRfmMember *member = &result->members[i];

      if (member->klass == HY_RFM_CLASS_NO_PURCHASE)
        continue;
      member->r_score = score_below (member->recency, result->r_cut);
      member->f_score = score_above (member->frequency, result->f_cut);
      member->m_score = score_above (member->monetary, result->m_cut);
    }
}

static HyRfmClass
class_of (const HyRfmResult *result,
          const HyRfmMember *member)
{
  gboolean r_plus = member->recency < result->avg_recency;
  gboolean f_plus = member->frequency > result->avg_frequency;
  gboolean m_plus = member->monetary > result->avg_monetary;

  if (m_plus)
    {
      if (r_plus)
        return f_plus ? HY_RFM_CLASS_IMPORTANT_VALUE : HY_RFM_CLASS_IMPORTANT_DEVELOP;
      return f_plus ? HY_RFM_CLASS_IMPORTANT_KEEP : HY_RFM_CLASS_IMPORTANT_RETAIN;
    }
  if (r_plus)
    return f_plus ? HY_RFM_CLASS_GENERAL_VALUE : HY_RFM_CLASS_GENERAL_DEVELOP;
  return f_plus ? HY_RFM_CLASS_GENERAL_KEEP : HY_RFM_CLASS_GENERAL_RETAIN;
}

static void
summarise_classes (HyRfmResult *result)
{
  double sum_r[HY_RFM_N_CLASSES] = { 0 };
  double sum_f[HY_RFM_N_CLASSES] = { 0 };

  for (gsize i = 0; i < result->n_members; i++)
    {
      const HyRfmMember *member = &result->members[i];
      HyRfmClassSummary *summary = &result->classes[member->klass];

      summary->members++;
      summary->revenue += member->monetary;
      if (member->klass != HY_RFM_CLASS_NO_PURCHASE)
        sum_r[member->klass] += member->recency;
      sum_f[member->klass] += member->frequency;
    }

  for (guint c = 0; c < HY_RFM_N_CLASSES; c++)
    {
      HyRfmClassSummary *summary = &result->classes[c];

      if (result->revenue != 0)
        summary->revenue_share = (double) summary->revenue / result->revenue;
      if (result->n_members > 0)
        summary->member_share = (double) summary->members / result->n_members;
      if (summary->members == 0)
        continue;
      summary->avg_recency = sum_r[c] / summary->members;
      summary->avg_frequency = sum_f[c] / summary->members;
      summary->avg_monetary = (double) summary->revenue / summary->members;
    }
}

/* R, F and M of the members begin .. end; the totals go into the result (integers, so the sum
 * is the same in any order). */
typedef struct
{
  HyAnalysisData *data;
  HyRfmResult    *result;
  gint32          window_start;
  GMutex          lock;
  gint64          sum_r;
  gint64          sum_f;
  gint64          sum_m;
} Figures;

static void
figures_range (gsize    begin,
               gsize    end,
               gpointer user_data)
{
  Figures *figures = user_data;
  HyAnalysisData *data = figures->data;
  gint64 sum_r = 0, sum_f = 0, sum_m = 0, revenue = 0;
  gsize n_scored = 0, n_buyers = 0;

  for (gsize i = begin; i < end; i++)
    {
      HyRfmMember *member = &figures->result->members[i];
      guint32 first = data->offsets[i];
      guint32 stop = data->offsets[i + 1];

      if (first == stop)
        {
          member->recency = -1;
          member->klass = HY_RFM_CLASS_NO_PURCHASE;
          continue;
        }

      member->recency = data->as_of_day - data->day[stop - 1];
      /* Purchases are in day order: walk back from the newest while inside the window. */
      for (guint32 k = stop; k > first && data->day[k - 1] >= figures->window_start; k--)
        {
          member->frequency++;
          member->monetary += data->value[k - 1];
        }

      n_scored++;
      revenue += member->monetary;
      if (member->frequency > 0)
        {
          n_buyers++;
          sum_r += member->recency;
          sum_f += member->frequency;
          sum_m += member->monetary;
        }
    }

  g_mutex_lock (&figures->lock);
  figures->result->n_scored += n_scored;
  figures->result->n_buyers += n_buyers;
  figures->result->revenue += revenue;
  figures->sum_r += sum_r;
  figures->sum_f += sum_f;
  figures->sum_m += sum_m;
  g_mutex_unlock (&figures->lock);
}

HyRfmResult *
hy_rfm_compute (HyAnalysisData *data,
                guint           window_days)
{
  HyRfmResult *result;
  gint32 as_of, window_start;
  double sum_r = 0, sum_f = 0, sum_m = 0;

  g_return_val_if_fail (data != NULL, NULL);

  as_of = data->as_of_day;
  if (window_days == 0)
    window_days = HY_RFM_DEFAULT_WINDOW_DAYS;
  window_start = as_of - (gint32) window_days + 1;

  result = g_new0 (HyRfmResult, 1);
  result->as_of_day = as_of;
  result->window_days = window_days;
  result->n_members = data->n_members;
  result->members = g_new0 (HyRfmMember, data->n_members);

  {
    Figures figures = { .data = data, .result = result, .window_start = window_start };

    g_mutex_init (&figures.lock);
    _hy_parallel_for (data->n_members, _hy_analysis_min_parallel, figures_range, &figures);
    g_mutex_clear (&figures.lock);
    sum_r = figures.sum_r;
    sum_f = figures.sum_f;
    sum_m = figures.sum_m;
  }

  if (result->n_buyers > 0)
    {
      result->avg_recency = sum_r / result->n_buyers;
      result->avg_frequency = sum_f / result->n_buyers;
      result->avg_monetary = sum_m / result->n_buyers;
    }

  for (gsize i = 0; i < data->n_members; i++)
    if (result->members[i].klass != HY_RFM_CLASS_NO_PURCHASE)
      result->members[i].klass = class_of (result, &result->members[i]);

  assign_scores (result);
  summarise_classes (result);
  return result;
}

void
hy_rfm_rescore_member (const HyRfmResult *global,
                       HyRfmMember       *member)
{
  gsize n;

  g_return_if_fail (global != NULL);
  g_return_if_fail (member != NULL);

  n = global->n_scored;
  if (member->recency < 0)
    {
      member->r_score = member->f_score = member->m_score = 0;
      member->klass = HY_RFM_CLASS_NO_PURCHASE;
      return;
    }

  member->klass = class_of (global, member);
  if (n == 0)
    {
      /* Nobody else was scored: the member alone would share the lowest score. */
      member->r_score = member->f_score = member->m_score = 1;
      return;
    }
  member->r_score = score_below (member->recency, global->r_cut);
  member->f_score = score_above (member->frequency, global->f_cut);
  member->m_score = score_above (member->monetary, global->m_cut);
}
