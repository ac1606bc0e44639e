/* hy-customer-model.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "hy-analysis-private.h"
#include "hy-clv.h"
#include "hy-customer-model.h"
#include "hy-error.h"

gboolean
hy_customer_model_history (const HyCustomerModel *model,
                           HyAnalysisData        *data,
                           gsize                  index,
                           gint32                 day,
                           guint32               *x,
                           double                *t_x,
                           double                *T,
                           double                *zbar)
{
  double unit_days = hy_time_unit_days (model->unit);
  guint32 first = data->offsets[index];
  guint32 end = _hy_analysis_data_upper (data, index, day);
  gint32 last_day;
  double repeat_value = 0;
  guint32 repeats = 0;

  if (first == end)
    return FALSE;

  /* Purchases on one day are one occasion worth their sum; the first day is not a repeat. */
  last_day = data->day[first];
  for (guint32 k = first; k < end; k++)
    {
      if (data->day[k] != data->day[first])
        {
          repeat_value += data->value[k];
          if (data->day[k] != last_day)
            repeats++;
        }
      last_day = data->day[k];
    }

  *x = repeats;
  *t_x = repeats > 0 ? (last_day - data->day[first]) / unit_days : 0;
  *T = (day - data->day[first]) / unit_days;
  if (zbar != NULL)
    *zbar = repeats > 0 ? repeat_value / repeats : 0;
  return TRUE;
}

gboolean
hy_customer_model_fit (HyAnalysisData  *data,
                       gint32           calibration_end,
                       HyTimeUnit       unit,
                       HyCustomerModel *model,
                       GError         **error)
{
  g_autofree guint32 *x = g_new (guint32, data->n_members + 1);
  g_autofree double *t_x = g_new (double, data->n_members + 1);
  g_autofree double *T = g_new (double, data->n_members + 1);
  g_autofree double *zbar = g_new (double, data->n_members + 1);
  g_autoptr(HyCustomerRows) rows = NULL;
  g_autoptr(GError) spend_error = NULL;
  HyBgnbdFit fit;
  HyGammaGammaFit spend_fit;
  gsize n = 0;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (model != NULL, FALSE);

  if (calibration_end > data->as_of_day)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("The calibration period cannot end after the day the data go up to"));
      return FALSE;
    }

  memset (model, 0, sizeof *model);
  model->unit = unit;
  model->calibration_end = calibration_end;

  for (gsize i = 0; i < data->n_members; i++)
    if (hy_customer_model_history (model, data, i, calibration_end, &x[n], &t_x[n], &T[n], &zbar[n]))
      n++;

  rows = hy_customer_rows_compress (x, t_x, T, n);
  if (!hy_bgnbd_fit (rows->x, rows->t_x, rows->T, rows->weight, rows->n_rows, NULL, &fit, error))
    return FALSE;

  model->n_customers = fit.n_customers;
  model->bgnbd = fit.params;
  model->bgnbd_log_likelihood = fit.log_likelihood;

  if (hy_gamma_gamma_fit (x, zbar, NULL, n, NULL, &spend_fit, &spend_error) && spend_fit.params.q > 1)
    {
      model->has_spend = TRUE;
      model->spend = spend_fit.params;
    }

  return TRUE;
}

gboolean
hy_customer_model_save (HyDatabase            *db,
                        const HyCustomerModel *model,
                        GError               **error)
{
  char text[512];

  g_return_val_if_fail (model != NULL, FALSE);

  /* %.17g round-trips a double exactly; C locale keeps the decimal point a point. */
  g_snprintf (text, sizeof text, "%d %d %" G_GUINT64_FORMAT " %.17g %.17g %.17g %.17g %d %.17g %.17g %.17g",
              model->unit, model->calibration_end, model->n_customers,
              model->bgnbd.r, model->bgnbd.alpha, model->bgnbd.a, model->bgnbd.b,
              model->has_spend, model->spend.p, model->spend.q, model->spend.gamma);
  return hy_database_set_setting (db, "model.fit", text, error);
}

gboolean
hy_customer_model_load (HyDatabase      *db,
                        HyCustomerModel *model)
{
  g_autofree char *text = hy_database_dup_setting (db, "model.fit");
  g_auto(GStrv) parts = NULL;
  double values[11];

  memset (model, 0, sizeof *model);
  if (text == NULL)
    return FALSE;

  parts = g_strsplit (text, " ", -1);
  if (g_strv_length (parts) != G_N_ELEMENTS (values))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      char *end = NULL;

      values[i] = g_ascii_strtod (parts[i], &end);
      if (end == parts[i] || *end != '\0' || !isfinite (values[i]))
        return FALSE;
    }

  model->unit = values[0] == HY_TIME_UNIT_WEEK ? HY_TIME_UNIT_WEEK : HY_TIME_UNIT_DAY;
  model->calibration_end = (gint32) values[1];
  model->n_customers = (guint64) values[2];
  model->bgnbd = (HyBgnbdParams) { values[3], values[4], values[5], values[6] };
  model->has_spend = values[7] != 0;
  model->spend = (HyGammaGammaParams) { values[8], values[9], values[10] };
  return model->bgnbd.r > 0 && model->bgnbd.alpha > 0 && model->bgnbd.a > 0 && model->bgnbd.b > 0;
}

void
hy_customer_model_p_alive (const HyCustomerModel *model,
                           HyAnalysisData        *data,
                           gint32                 day,
                           double                *p_alive)
{
  for (gsize i = 0; i < data->n_members; i++)
    {
      guint32 x;
      double t_x, T;

      if (hy_customer_model_history (model, data, i, day, &x, &t_x, &T, NULL))
        p_alive[i] = hy_bgnbd_p_alive (&model->bgnbd, x, t_x, T);
      else
        p_alive[i] = NAN;
    }
}

gboolean
hy_customer_model_clv (const HyCustomerModel *model,
                       HyAnalysisData        *data,
                       gint32                 day,
                       double                *clv,
                       GError               **error)
{
  g_autofree guint32 *x = g_new (guint32, data->n_members + 1);
  g_autofree double *t_x = g_new (double, data->n_members + 1);
  g_autofree double *T = g_new (double, data->n_members + 1);
  g_autofree double *zbar = g_new (double, data->n_members + 1);
  g_autofree double *values = g_new (double, data->n_members + 1);
  g_autofree gsize *index = g_new (gsize, data->n_members + 1);
  HyClvOptions options;
  gsize n = 0;

  if (!model->has_spend)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("There is no spend model: too few members bought more than once"));
      return FALSE;
    }

  for (gsize i = 0; i < data->n_members; i++)
    {
      clv[i] = NAN;
      if (hy_customer_model_history (model, data, i, day, &x[n], &t_x[n], &T[n], &zbar[n]))
        index[n++] = i;
    }

  hy_clv_options_init (&options, model->unit);
  if (!hy_clv_compute (&model->bgnbd, &model->spend, x, t_x, T, zbar, n, &options, values, error))
    return FALSE;

  for (gsize k = 0; k < n; k++)
    clv[index[k]] = values[k];
  return TRUE;
}
