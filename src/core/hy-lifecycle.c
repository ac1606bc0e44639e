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

/* The stage by every rule but the CLV one; *candidate is set for members that reach the
 * high-potential test. */
static HyStage
stage_by_rules (HyAnalysisData           *data,
                gsize                     i,
                gint32                    day,
                const HyLifecycleOptions *options,
                GArray                   *days,
                GArray                   *gaps)
{
  guint32 first = data->offsets[i];
  guint32 end = _hy_analysis_data_upper (data, i, day);
  guint32 n = end - first;
  gint32 joined = data->joined_day[i];
  gint32 idle;
  gint64 recent = 0, before = 0;

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

  g_array_set_size (days, 0);
  if (_hy_analysis_data_purchase_days (data, i, day, days) >= 2)
    {
      g_array_set_size (gaps, days->len);
      if (idle > options->sleeping_gap_factor *
                 _hy_analysis_median_gap_of ((const gint32 *) (void *) days->data, days->len,
                                             (gint32 *) (void *) gaps->data))
        return HY_STAGE_SLEEPING;
    }

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
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (gint32));
  g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (gint32));

  for (gsize i = begin; i < end; i++)
    staging->stages[i] = stage_by_rules (staging->data, i, staging->day, staging->options, days, gaps);
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
  g_autofree HyStage *stages = g_new (HyStage, data->n_members + 1);
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
      hy_lifecycle_compute (data, end, options, NULL, stages, counts[k]);
    }
}

void
hy_lifecycle_transitions (HyAnalysisData           *data,
                          gint32                    from,
                          gint32                    to,
                          const HyLifecycleOptions *options,
                          guint64                   matrix[HY_N_STAGES][HY_N_STAGES])
{
  g_autofree HyStage *a = g_new (HyStage, data->n_members + 1);
  g_autofree HyStage *b = g_new (HyStage, data->n_members + 1);

  g_return_if_fail (data != NULL);

  hy_lifecycle_compute (data, from, options, NULL, a, NULL);
  hy_lifecycle_compute (data, to, options, NULL, b, NULL);
  memset (matrix, 0, sizeof (guint64) * HY_N_STAGES * HY_N_STAGES);
  for (gsize i = 0; i < data->n_members; i++)
    matrix[a[i]][b[i]]++;
}
