/* hy-analysis-snapshot.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dense arrays of a full run cannot take a member's new purchase in place, so a refreshed
 * member's figures live beside them, in a table by member id that is looked at first.
 */

#include "config.h"

#include <math.h>

#include "hy-analysis-private.h"
#include "hy-analysis-snapshot.h"
#include "hy-clv.h"
#include "hy-warnings-private.h"

typedef struct
{
  HyRfmMember     rfm;
  HyStage         stage;
  GPtrArray      *warnings;
  HyAnalysisData *data;       /* the member's own purchases, for the forecast */
} Refreshed;

struct _HyAnalysisSnapshot
{
  HyAnalysisData        *data;
  HyRfmResult           *rfm;
  HyStage               *stages;
  GPtrArray             *warnings;
  GPtrArray            **member_warnings;   /* per member index, borrowed from warnings; or NULL */
  HyWarningsBasis        basis;
  HyLifecycleOptions     options;
  const HyCustomerModel *model;
  GHashTable            *refreshed;         /* member id -> Refreshed */
  GPtrArray             *no_warnings;
};

static void
refreshed_free (gpointer p)
{
  Refreshed *r = p;

  g_ptr_array_unref (r->warnings);
  g_clear_pointer (&r->data, hy_analysis_data_free);
  g_free (r);
}

void
hy_analysis_snapshot_free (HyAnalysisSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;

  if (snapshot->member_warnings != NULL)
    for (gsize i = 0; i < snapshot->data->n_members; i++)
      g_clear_pointer (&snapshot->member_warnings[i], g_ptr_array_unref);
  g_free (snapshot->member_warnings);
  g_clear_pointer (&snapshot->data, hy_analysis_data_free);
  g_clear_pointer (&snapshot->rfm, hy_rfm_result_free);
  g_free (snapshot->stages);
  g_clear_pointer (&snapshot->warnings, g_ptr_array_unref);
  _hy_warnings_basis_clear (&snapshot->basis);
  g_clear_pointer (&snapshot->refreshed, g_hash_table_unref);
  g_clear_pointer (&snapshot->no_warnings, g_ptr_array_unref);
  g_free (snapshot);
}

/* Each member's warnings, in rule order, for hy_analysis_snapshot_get_member (). */
static void
index_warnings (HyAnalysisSnapshot *snapshot)
{
  snapshot->member_warnings = g_new0 (GPtrArray *, snapshot->data->n_members + 1);
  for (guint k = 0; k < snapshot->warnings->len; k++)
    {
      HyWarning *warning = g_ptr_array_index (snapshot->warnings, k);
      gssize i = hy_analysis_data_find_member (snapshot->data, warning->member_id);

      g_assert (i >= 0);
      if (snapshot->member_warnings[i] == NULL)
        snapshot->member_warnings[i] = g_ptr_array_new ();
      g_ptr_array_add (snapshot->member_warnings[i], warning);
    }
}

HyAnalysisSnapshot *
hy_analysis_snapshot_new (HyDatabase            *db,
                          gint32                 as_of_day,
                          const HyCustomerModel *model,
                          GError               **error)
{
  g_autoptr(HyAnalysisSnapshot) snapshot = g_new0 (HyAnalysisSnapshot, 1);

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);

  snapshot->model = model;
  snapshot->refreshed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, refreshed_free);
  snapshot->no_warnings = g_ptr_array_new ();
  if (!(snapshot->data = hy_analysis_data_load (db, as_of_day, 0, error)))
    return NULL;

  snapshot->rfm = hy_rfm_compute (snapshot->data, hy_analysis_get_setting_int (db, "rfm.window_days", 0));
  hy_lifecycle_options_init (&snapshot->options, db);
  snapshot->options.model = model;
  snapshot->stages = g_new (HyStage, snapshot->data->n_members + 1);
  hy_lifecycle_compute (snapshot->data, as_of_day, &snapshot->options, NULL, snapshot->stages, NULL);
  if (!(snapshot->warnings = _hy_warnings_run (db, snapshot->data, model, &snapshot->basis, FALSE, error)))
    return NULL;
  index_warnings (snapshot);

  return g_steal_pointer (&snapshot);
}

void
hy_analysis_snapshot_compact (HyAnalysisSnapshot *snapshot)
{
  g_return_if_fail (snapshot != NULL);

  if (snapshot->member_warnings != NULL)
    for (gsize i = 0; i < snapshot->data->n_members; i++)
      g_clear_pointer (&snapshot->member_warnings[i], g_ptr_array_unref);
  g_clear_pointer (&snapshot->member_warnings, g_free);
  /* A new array: emptying the old one would keep room for a million and a half pointers. */
  g_ptr_array_unref (snapshot->warnings);
  snapshot->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_warning_free);
  g_clear_pointer (&snapshot->stages, g_free);
  g_clear_pointer (&snapshot->rfm->members, g_free);
  snapshot->rfm->n_members = 0;
  _hy_analysis_data_clear_rows (snapshot->data);
}

HyAnalysisData *
hy_analysis_snapshot_get_data (HyAnalysisSnapshot *snapshot)
{
  g_return_val_if_fail (snapshot != NULL, NULL);

  return snapshot->data;
}

const HyRfmResult *
hy_analysis_snapshot_get_rfm (HyAnalysisSnapshot *snapshot)
{
  g_return_val_if_fail (snapshot != NULL, NULL);

  return snapshot->rfm;
}

GPtrArray *
hy_analysis_snapshot_get_warnings (HyAnalysisSnapshot *snapshot)
{
  g_return_val_if_fail (snapshot != NULL, NULL);

  return snapshot->warnings;
}

gboolean
hy_analysis_snapshot_refresh_member (HyAnalysisSnapshot *snapshot,
                                     HyDatabase         *db,
                                     gint64              member_id,
                                     GError            **error)
{
  g_autoptr(HyAnalysisData) one = NULL;
  g_autoptr(HyRfmResult) rfm = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  Refreshed *refreshed;
  gint64 *key;

  g_return_val_if_fail (snapshot != NULL, FALSE);
  g_return_val_if_fail (HY_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (member_id > 0, FALSE);

  if (!(one = _hy_analysis_data_load_member (db, snapshot->data->as_of_day, snapshot->data->store_id,
                                             member_id, error)))
    return FALSE;
  if (!(warnings = _hy_warnings_run (db, one, snapshot->model, &snapshot->basis, TRUE, error)))
    return FALSE;

  refreshed = g_new0 (Refreshed, 1);
  refreshed->stage = HY_STAGE_NONE;
  refreshed->rfm.recency = -1;
  refreshed->rfm.klass = HY_RFM_CLASS_NO_PURCHASE;
  if (one->n_members == 1)
    {
      rfm = hy_rfm_compute (one, snapshot->rfm->window_days);
      refreshed->rfm = rfm->members[0];
      hy_rfm_rescore_member (snapshot->rfm, &refreshed->rfm);
      hy_lifecycle_compute (one, one->as_of_day, &snapshot->options, NULL, &refreshed->stage, NULL);
    }
  refreshed->warnings = g_steal_pointer (&warnings);
  refreshed->data = g_steal_pointer (&one);

  key = g_new (gint64, 1);
  *key = member_id;
  g_hash_table_replace (snapshot->refreshed, key, refreshed);
  return TRUE;
}

gboolean
hy_analysis_snapshot_get_member (HyAnalysisSnapshot *snapshot,
                                 gint64              member_id,
                                 HySnapshotMember   *member)
{
  Refreshed *refreshed;
  gssize i;

  g_return_val_if_fail (snapshot != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);

  if ((refreshed = g_hash_table_lookup (snapshot->refreshed, &member_id)) != NULL)
    {
      member->rfm = refreshed->rfm;
      member->stage = refreshed->stage;
      member->warnings = refreshed->warnings;
      member->refreshed = TRUE;
      return TRUE;
    }

  if ((i = hy_analysis_data_find_member (snapshot->data, member_id)) < 0)
    return FALSE;
  member->rfm = snapshot->rfm->members[i];
  member->stage = snapshot->stages[i];
  member->warnings = snapshot->member_warnings[i] != NULL ? snapshot->member_warnings[i]
                                                          : snapshot->no_warnings;
  member->refreshed = FALSE;
  return TRUE;
}

const HyCustomerModel *
hy_analysis_snapshot_get_model (HyAnalysisSnapshot *snapshot)
{
  g_return_val_if_fail (snapshot != NULL, NULL);

  return snapshot->model;
}

gboolean
hy_analysis_snapshot_get_forecast (HyAnalysisSnapshot *snapshot,
                                   gint64              member_id,
                                   guint               horizon_days,
                                   HySnapshotForecast *forecast)
{
  const HyCustomerModel *model;
  Refreshed *refreshed;
  HyAnalysisData *data;
  HyClvOptions options;
  guint32 x;
  double t_x, T, zbar;
  gssize i;

  g_return_val_if_fail (snapshot != NULL, FALSE);
  g_return_val_if_fail (forecast != NULL, FALSE);

  forecast->p_alive = forecast->expected_purchases = forecast->clv = NAN;
  if ((refreshed = g_hash_table_lookup (snapshot->refreshed, &member_id)) != NULL)
    {
      data = refreshed->data;
      i = data->n_members == 1 ? 0 : -1;
    }
  else
    {
      data = snapshot->data;
      if ((i = hy_analysis_data_find_member (data, member_id)) < 0)
        return FALSE;
    }

  model = snapshot->model;
  if (model == NULL || i < 0 || !hy_customer_model_history (model, data, i, data->as_of_day, &x, &t_x, &T, &zbar))
    return TRUE;

  forecast->p_alive = hy_bgnbd_p_alive (&model->bgnbd, x, t_x, T);
  forecast->expected_purchases = hy_bgnbd_expected_purchases (&model->bgnbd, x, t_x, T,
                                                              horizon_days / hy_time_unit_days (model->unit));
  hy_clv_options_init (&options, model->unit);
  if (model->has_spend && !hy_clv_compute (&model->bgnbd, &model->spend, &x, &t_x, &T, &zbar, 1, &options,
                                           &forecast->clv, NULL))
    forecast->clv = NAN;
  return TRUE;
}
