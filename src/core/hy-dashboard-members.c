/* hy-dashboard-members.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Who a bar of the dashboard's P(alive) or CLV histogram, or a cell of its cohort heatmap,
 * counts: the analysis is loaded again for the dashboard's day and store and the members are
 * put in their bins by the same functions hy_dashboard_compute() uses, so the list has as many
 * members as the chart says (as long as the customer model was not fitted again in between).
 * Slow on a large store, like the dashboard: call it from a worker thread.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hy-analysis.h"
#include "hy-customer-model.h"
#include "hy-dashboard-members.h"
#include "hy-error.h"
#include "hy-kpi.h"
#include "hy-lifecycle.h"

G_DEFINE_BOXED_TYPE (HyDashboardPart, hy_dashboard_part, hy_dashboard_part_copy, hy_dashboard_part_free)

HyDashboardPart *
hy_dashboard_part_copy (const HyDashboardPart *part)
{
  return g_memdup2 (part, sizeof *part);
}

void
hy_dashboard_part_free (HyDashboardPart *part)
{
  g_free (part);
}

/* [k/10, (k+1)/10); the last bin holds 1 too. */
guint
hy_dashboard_p_alive_bin (double p_alive)
{
  return (guint) CLAMP ((int) (p_alive * HY_DASHBOARD_BINS), 0, HY_DASHBOARD_BINS - 1);
}

/* [k w, (k+1) w); the last bin holds everything above too, and a negative CLV counts as 0. */
guint
hy_dashboard_clv_bin (double clv,
                      gint64 bin_width)
{
  g_return_val_if_fail (bin_width > 0, 0);

  return (guint) MIN ((gint64) MAX (clv, 0) / bin_width, HY_DASHBOARD_BINS - 1);
}

HyDashboardPart
hy_dashboard_part_p_alive (const HyDashboard *dashboard,
                           guint              bin)
{
  HyDashboardPart part = { HY_DASHBOARD_PART_P_ALIVE_BIN, dashboard->as_of, dashboard->store_id, bin };

  return part;
}

HyDashboardPart
hy_dashboard_part_clv (const HyDashboard *dashboard,
                       guint              bin)
{
  HyDashboardPart part = { HY_DASHBOARD_PART_CLV_BIN, dashboard->as_of, dashboard->store_id, bin,
                           dashboard->clv_bin_width };

  return part;
}

/* Cell (@row, @column) of the cohort heatmap: cohort @row, @column months after it. */
HyDashboardPart
hy_dashboard_part_cohort (const HyDashboard *dashboard,
                          guint              row,
                          guint              column)
{
  HyDashboardPart part = { HY_DASHBOARD_PART_COHORT_CELL, dashboard->as_of, dashboard->store_id };

  g_return_val_if_fail (row < HY_DASHBOARD_COHORTS, part);

  part.cohort_year = dashboard->cohort_year[row];
  part.cohort_month = dashboard->cohort_month[row];
  part.offset = column;
  return part;
}

HyDashboardPart
hy_dashboard_part_transition (gint32  as_of,
                              gint64  store_id,
                              gint32  from,
                              gint32  to,
                              HyStage from_stage,
                              HyStage to_stage)
{
  HyDashboardPart part = { HY_DASHBOARD_PART_TRANSITION, as_of, store_id };

  part.from = from;
  part.to = to;
  part.from_stage = from_stage;
  part.to_stage = to_stage;
  return part;
}

/* The members in one stage on one day and in another on a later one, as the dashboard's moves
 * count them (the same options and model as hy_dashboard_compute_transitions ()). */
static GArray *
select_moves (HyDatabase            *db,
              HyAnalysisData        *data,
              const HyDashboardPart *part)
{
  HyCustomerModel model;
  HyLifecycleOptions options;

  hy_lifecycle_options_init (&options, db);
  options.model = hy_customer_model_load (db, &model) ? &model : NULL;
  return hy_lifecycle_transition_members (data, part->from, part->to, &options, part->from_stage,
                                          part->to_stage);
}

/* The members with a prediction whose P(alive), or CLV, falls in @part's bin. */
static GArray *
select_bin (HyDatabase             *db,
            HyAnalysisData         *data,
            const HyDashboardPart  *part,
            GError                **error)
{
  gsize n = hy_analysis_data_get_n_members (data);
  g_autofree double *values = g_new (double, n + 1);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  HyCustomerModel model;

  if (!hy_customer_model_load (db, &model))
    {
      g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND,
                   _("No churn model has been fitted, so there are no predictions to list members by"));
      return NULL;
    }
  if (part->kind == HY_DASHBOARD_PART_P_ALIVE_BIN)
    hy_customer_model_p_alive (&model, data, part->as_of, values);
  else if (!model.has_spend || !hy_customer_model_clv (&model, data, part->as_of, values, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND,
                     _("The fitted model has no spend part, so there is no CLV to list members by"));
      return NULL;
    }

  for (gsize i = 0; i < n; i++)
    {
      guint bin;

      if (!isfinite (values[i]))
        continue;
      bin = part->kind == HY_DASHBOARD_PART_P_ALIVE_BIN ? hy_dashboard_p_alive_bin (values[i])
                                                        : hy_dashboard_clv_bin (values[i], part->clv_bin_width);
      if (bin == part->bin)
        {
          gint64 id = hy_analysis_data_get_member_id (data, i);

          g_array_append_val (ids, id);
        }
    }
  return g_steal_pointer (&ids);
}

/**
 * hy_dashboard_select_members:
 * @part: a bar or a cell of one of the dashboard's charts
 * @cancellable: (nullable): checked before and after the analysis is loaded
 *
 * Returns: (transfer full) (element-type gint64): the ids of the members @part counts,
 *   ascending, or %NULL with @error set
 */
GArray *
hy_dashboard_select_members (HyDatabase             *db,
                             const HyDashboardPart  *part,
                             GCancellable           *cancellable,
                             GError                **error)
{
  g_autoptr(HyAnalysisData) data = NULL;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);
  g_return_val_if_fail (part != NULL, NULL);

  if ((part->kind == HY_DASHBOARD_PART_P_ALIVE_BIN || part->kind == HY_DASHBOARD_PART_CLV_BIN) &&
      part->bin >= HY_DASHBOARD_BINS)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("There is no bin %u: the histograms have %u"),
                   part->bin + 1, HY_DASHBOARD_BINS);
      return NULL;
    }
  if (part->kind == HY_DASHBOARD_PART_CLV_BIN && part->clv_bin_width <= 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("The width of a CLV bin must be above 0"));
      return NULL;
    }
  if (part->kind == HY_DASHBOARD_PART_COHORT_CELL &&
      (part->cohort_month < 1 || part->cohort_month > 12 || part->offset >= HY_DASHBOARD_COHORTS))
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("There is no cohort cell %04d-%02d +%u"),
                   part->cohort_year, part->cohort_month, part->offset);
      return NULL;
    }

  if (part->kind == HY_DASHBOARD_PART_TRANSITION &&
      (part->from_stage < 0 || part->from_stage >= HY_N_STAGES || part->to_stage < 0 ||
       part->to_stage >= HY_N_STAGES || part->from > part->to || part->to > part->as_of))
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("There are no such lifecycle moves to list"));
      return NULL;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !(data = hy_analysis_data_load (db, part->as_of, part->store_id, error)) ||
      g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (part->kind == HY_DASHBOARD_PART_COHORT_CELL)
    return hy_cohort_members (data, part->cohort_year, part->cohort_month, part->offset);
  if (part->kind == HY_DASHBOARD_PART_TRANSITION)
    return select_moves (db, data, part);
  return select_bin (db, data, part, error);
}
