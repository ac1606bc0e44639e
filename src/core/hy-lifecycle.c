/* hy-lifecycle.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hy-analysis-private.h"
#include "hy-lifecycle.h"
#include "hy-parallel-private.h"
#include "hy-time.h"

static const struct
{
  const char *id;
  const char *label;
} stage_names[HY_N_STAGES] = {
  { "none", N_("Not a member yet") },
  { "new", N_("New") },
  { "active", N_("Active") },
  { "high_potential", N_("High potential") },
  { "sleeping", N_("Sleeping") },
  { "churned", N_("Churned") },
};

const char *
hy_stage_to_string (HyStage stage)
{
  g_return_val_if_fail (stage < HY_N_STAGES, NULL);

  return stage_names[stage].id;
}

const char *
hy_stage_get_label (HyStage stage)
{
  g_return_val_if_fail (stage < HY_N_STAGES, NULL);

  return _(stage_names[stage].label);
}

void
hy_lifecycle_options_init (HyLifecycleOptions *options,
                           HyDatabase         *db)
{
  options->new_days = 30;
  options->new_single_days = 90;
  options->sleeping_days = 90;
  options->sleeping_gap_factor = 3;
  options->churned_days = 180;
  options->churned_p_alive = 0.2;
  options->high_potential_share = 0.2;
  options->rising_days = 90;
  options->model = NULL;

  if (db == NULL)
    return;

  options->new_days = hy_analysis_get_setting_int (db, "lifecycle.new_days", options->new_days);
  options->new_single_days = hy_analysis_get_setting_int (db, "lifecycle.new_single_days", options->new_single_days);
  options->sleeping_days = hy_analysis_get_setting_int (db, "lifecycle.sleeping_days", options->sleeping_days);
  options->churned_days = hy_analysis_get_setting_int (db, "lifecycle.churned_days", options->churned_days);
  options->rising_days = hy_analysis_get_setting_int (db, "lifecycle.rising_days", options->rising_days);
  options->sleeping_gap_factor = hy_analysis_get_setting_int (db, "lifecycle.sleeping_gap_factor_percent", 300) / 100.0;
  options->churned_p_alive = hy_analysis_get_setting_int (db, "lifecycle.churned_p_alive_percent", 20) / 100.0;
  options->high_potential_share = hy_analysis_get_setting_int (db, "lifecycle.high_potential_percent", 20) / 100.0;
}

/* One member's history walked forward through rising days: the purchases up to the day and the
 * gaps between its distinct purchase days, kept in ascending order.  Staging a member at many
 * days (the month ends of the history) then reads each purchase once, not once a day. */
typedef struct
{
  gsize    member;
  guint32  end;        /* purchases offsets[member] .. end are on or before the day */
  gint32   last_day;   /* the latest distinct purchase day so far */
  guint    n_days;     /* distinct purchase days so far */
  GArray  *gaps;       /* between consecutive ones, ascending (gint32) */
  gboolean lazy;       /* jumped to the day: last_day, n_days and gaps not gathered */
} Walk;

static void
walk_start (Walk                 *walk,
            const HyAnalysisData *data,
            gsize                 member,
            GArray               *gaps)
{
  walk->member = member;
  walk->end = data->offsets[member];
  walk->last_day = 0;
  walk->n_days = 0;
  walk->gaps = gaps;
  walk->lazy = FALSE;
  g_array_set_size (gaps, 0);
}

/* Staging a member on one day only: the purchases up to it, and nothing gathered of its
 * purchase days until the gap rule asks (most members are staged before it). */
static void
walk_jump (Walk                 *walk,
           const HyAnalysisData *data,
           gint32                day)
{
  guint32 first = data->offsets[walk->member], end = data->offsets[walk->member + 1];

  while (end > first && data->day[end - 1] > day)
    end--;
  walk->end = end;
  walk->lazy = TRUE;
}

static void
walk_to (Walk                 *walk,
         const HyAnalysisData *data,
         gint32                day)
{
  guint32 stop = data->offsets[walk->member + 1];

  for (; walk->end < stop && data->day[walk->end] <= day; walk->end++)
    {
      gint32 d = data->day[walk->end];

      if (walk->n_days > 0 && d == walk->last_day)
        continue;
      if (walk->n_days > 0)
        {
          gint32 gap = d - walk->last_day;
          const gint32 *g = (const gint32 *) (void *) walk->gaps->data;
          guint lo = 0, hi = walk->gaps->len;

          /* After the last gap not larger: equal gaps keep their order, as a sort leaves them. */
          while (lo < hi)
            {
              guint mid = lo + (hi - lo) / 2;

              if (g[mid] <= gap)
                lo = mid + 1;
              else
                hi = mid;
            }
          g_array_insert_val (walk->gaps, lo, gap);
        }
      walk->last_day = d;
      walk->n_days++;
    }
}

/* The median gap in days between the distinct purchase days so far (0 with fewer than two),
 * and how many days there are. */
static double
walk_median_gap (const Walk           *walk,
                 const HyAnalysisData *data,
                 guint                *n_days)
{
  const gint32 *g = (const gint32 *) (void *) walk->gaps->data;
  guint n = walk->gaps->len;

  if (walk->lazy)
    {
      guint32 first = data->offsets[walk->member], count = walk->end - first;
      gint32 *days, *gaps;

      g_array_set_size (walk->gaps, 2 * count + 2);
      days = (gint32 *) (void *) walk->gaps->data;
      gaps = days + count + 1;
      n = 0;
      for (guint32 k = first; k < walk->end; k++)
        if (n == 0 || days[n - 1] != data->day[k])
          days[n++] = data->day[k];
      *n_days = n;
      return _hy_analysis_median_gap_of (days, n, gaps);
    }

  *n_days = walk->n_days;
  if (n == 0)
    return 0;
  if (n % 2 == 1)
    return g[n / 2];
  return (g[n / 2 - 1] + g[n / 2]) / 2.0;
}

/* The stage on @day by every rule but the CLV one, with the member's history walked to @day. */
static HyStage
stage_by_rules (HyAnalysisData           *data,
                gint32                    day,
                const HyLifecycleOptions *options,
                const Walk               *walk)
{
  gsize i = walk->member;
  guint32 first = data->offsets[i];
  guint32 end = walk->end;
  guint32 n = end - first;
  gint32 joined = data->joined_day[i];
  gint32 idle;
  gint64 recent = 0, before = 0;
  guint n_days;
  double gap;

  if (n == 0 && joined > day)
    return HY_STAGE_NONE;

  if (day - joined <= (gint32) options->new_days ||
      (n <= 1 && day - joined <= (gint32) options->new_single_days))
    return HY_STAGE_NEW;

  idle = day - (n > 0 ? data->day[end - 1] : joined);
  if (idle >= (gint32) options->churned_days)
    return HY_STAGE_CHURNED;

  if (options->model != NULL && n > 0)
    {
      guint32 x;
      double t_x, T;

      if (hy_customer_model_history (options->model, data, i, day, &x, &t_x, &T, NULL) &&
          hy_bgnbd_p_alive (&options->model->bgnbd, x, t_x, T) < options->churned_p_alive)
        return HY_STAGE_CHURNED;
    }

  if (idle >= (gint32) options->sleeping_days)
    return HY_STAGE_SLEEPING;

  gap = walk_median_gap (walk, data, &n_days);
  if (n_days >= 2 && idle > options->sleeping_gap_factor * gap)
    return HY_STAGE_SLEEPING;

  for (guint32 k = end; k > first && data->day[k - 1] > day - 2 * (gint32) options->rising_days; k--)
    {
      if (data->day[k - 1] > day - (gint32) options->rising_days)
        recent += data->value[k - 1];
      else
        before += data->value[k - 1];
    }
  if (before > 0 && recent > before)
    return HY_STAGE_HIGH_POTENTIAL;

  return HY_STAGE_ACTIVE;
}

/* The members are staged on every processor from this many. */
#define PARALLEL_FROM 50000

typedef struct
{
  HyAnalysisData           *data;
  gint32                    day;
  const HyLifecycleOptions *options;
  HyStage                  *stages;
} Staging;

static void
stage_range (gsize    begin,
             gsize    end,
             gpointer user_data)
{
  const Staging *staging = user_data;
  g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (gint32));
  Walk walk;

  for (gsize i = begin; i < end; i++)
    {
      walk_start (&walk, staging->data, i, gaps);
      walk_jump (&walk, staging->data, staging->day);
      staging->stages[i] = stage_by_rules (staging->data, staging->day, staging->options, &walk);
    }
}

/* The stage counts at every month end, each member walked once through all of them. */
typedef struct
{
  HyAnalysisData           *data;
  const HyLifecycleOptions *options;
  guint                     n_months;
  const gint32             *month_end;   /* ascending */
  guint64                 (*counts)[HY_N_STAGES];
  GMutex                    lock;
} History;

static void
history_range (gsize    begin,
               gsize    end,
               gpointer user_data)
{
  History *history = user_data;
  g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (gint32));
  g_autofree guint64 *counts = g_new0 (guint64, history->n_months * HY_N_STAGES);   /* [month][stage] */
  Walk walk;

  for (gsize i = begin; i < end; i++)
    {
      walk_start (&walk, history->data, i, gaps);
      for (guint k = 0; k < history->n_months; k++)
        {
          walk_to (&walk, history->data, history->month_end[k]);
          counts[k * HY_N_STAGES + stage_by_rules (history->data, history->month_end[k], history->options, &walk)]++;
        }
    }

  g_mutex_lock (&history->lock);
  for (guint k = 0; k < history->n_months; k++)
    for (guint s = 0; s < HY_N_STAGES; s++)
      history->counts[k][s] += counts[k * HY_N_STAGES + s];
  g_mutex_unlock (&history->lock);
}

void
hy_lifecycle_compute (HyAnalysisData           *data,
                      gint32                    day,
                      const HyLifecycleOptions *options,
                      const double             *clv,
                      HyStage                  *stages,
                      guint64                   counts[HY_N_STAGES])
{
  Staging staging = { data, day, options, stages };

  g_return_if_fail (data != NULL);
  g_return_if_fail (options != NULL);

  _hy_parallel_for (data->n_members, PARALLEL_FROM, stage_range, &staging);

  /* The top share by CLV of the members still active (or rising) are high-potential too. */
  if (clv != NULL && options->high_potential_share > 0)
    {
      g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
      double cut;
      guint keep;

      for (gsize i = 0; i < data->n_members; i++)
        if ((stages[i] == HY_STAGE_ACTIVE || stages[i] == HY_STAGE_HIGH_POTENTIAL) && isfinite (clv[i]))
          g_array_append_val (values, clv[i]);

      if (values->len > 0)
        {
          /* The keep-th largest, without sorting the rest. */
          keep = CLAMP ((guint) ceil (options->high_potential_share * values->len), 1, values->len);
          cut = _hy_analysis_select_double ((double *) (void *) values->data, values->len, values->len - keep);
          for (gsize i = 0; i < data->n_members; i++)
            if (stages[i] == HY_STAGE_ACTIVE && isfinite (clv[i]) && clv[i] >= cut)
              stages[i] = HY_STAGE_HIGH_POTENTIAL;
        }
    }

  if (counts != NULL)
    {
      memset (counts, 0, sizeof (guint64) * HY_N_STAGES);
      for (gsize i = 0; i < data->n_members; i++)
        counts[stages[i]]++;
    }
}

void
hy_lifecycle_history (HyAnalysisData           *data,
                      guint                     n_months,
                      const HyLifecycleOptions *options,
                      gint32                   *month_end,
                      guint64                 (*counts)[HY_N_STAGES])
{
  History history = { data, options, n_months, month_end, counts };
  int year, month, mday;

  g_return_if_fail (data != NULL);

  hy_time_day_to_ymd (data->as_of_day, &year, &month, &mday);
  for (guint k = 0; k < n_months; k++)
    {
      /* Month k counted back from the as-of month; its end is the day before the next month. */
      int back = (int) (n_months - 1 - k);
      int m = month - back;
      int y = year;
      gint32 end;

      while (m < 1)
        m += 12, y--;
      end = back == 0 ? data->as_of_day
                      : hy_time_ymd_to_day (m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
      month_end[k] = end;
    }

  memset (counts, 0, sizeof (guint64) * HY_N_STAGES * n_months);
  g_mutex_init (&history.lock);
  _hy_parallel_for (data->n_members, PARALLEL_FROM, history_range, &history);
  g_mutex_clear (&history.lock);
}

/* Every member's stage on @from into *a and on @to into *b (both newly allocated). */
static void
stage_twice (HyAnalysisData           *data,
             gint32                    from,
             gint32                    to,
             const HyLifecycleOptions *options,
             HyStage                 **a,
             HyStage                 **b)
{
  *a = g_new (HyStage, data->n_members + 1);
  *b = g_new (HyStage, data->n_members + 1);
  hy_lifecycle_compute (data, from, options, NULL, *a, NULL);
  hy_lifecycle_compute (data, to, options, NULL, *b, NULL);
}

void
hy_lifecycle_transitions (HyAnalysisData           *data,
                          gint32                    from,
                          gint32                    to,
                          const HyLifecycleOptions *options,
                          guint64                   matrix[HY_N_STAGES][HY_N_STAGES])
{
  g_autofree HyStage *a = NULL;
  g_autofree HyStage *b = NULL;

  g_return_if_fail (data != NULL);

  stage_twice (data, from, to, options, &a, &b);
  memset (matrix, 0, sizeof (guint64) * HY_N_STAGES * HY_N_STAGES);
  for (gsize i = 0; i < data->n_members; i++)
    matrix[a[i]][b[i]]++;
}

GArray *
hy_lifecycle_transition_members (HyAnalysisData           *data,
                                 gint32                    from,
                                 gint32                    to,
                                 const HyLifecycleOptions *options,
                                 HyStage                   from_stage,
                                 HyStage                   to_stage)
{
  g_autofree HyStage *a = NULL;
  g_autofree HyStage *b = NULL;
  GArray *ids;

  g_return_val_if_fail (data != NULL, NULL);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  stage_twice (data, from, to, options, &a, &b);
  for (gsize i = 0; i < data->n_members; i++)
    if (a[i] == from_stage && b[i] == to_stage)
      g_array_append_val (ids, data->member_id[i]);
  return ids;
}
