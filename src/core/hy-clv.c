/* hy-clv.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hy-bgnbd-private.h"
#include "hy-clv.h"
#include "hy-error.h"
#include "hy-parallel-private.h"

#define PARALLEL_FROM 5000
#define MAX_PERIODS   10000

typedef struct
{
  const HyBgnbdParams      *bgnbd;
  const HyGammaGammaParams *spend;
  const guint32            *x;
  const double             *t_x;
  const double             *T;
  const double             *zbar;
  guint                     periods;
  const double             *ends;        /* k L for k = 1..periods */
  const double             *discount;    /* 1 / (1 + d)^k for k = 1..periods */
  double                    margin;
  double                   *clv;
} Clv;

void
hy_clv_options_init (HyClvOptions *options,
                     HyTimeUnit    unit)
{
  g_return_if_fail (options != NULL);

  options->unit = unit;
  options->horizon = unit == HY_TIME_UNIT_WEEK ? 52.0 : 365.0;
  options->periods = 12;
  options->annual_discount_rate = 0.10;
  options->margin = 1.0;
}

double
hy_clv_period_discount_rate (const HyClvOptions *options)
{
  double years;

  g_return_val_if_fail (options != NULL, NAN);
  g_return_val_if_fail (options->periods > 0, NAN);

  years = options->horizon / options->periods / hy_time_unit_per_year (options->unit);
  return expm1 (years * log1p (options->annual_discount_rate));
}

static void
clv_range (gsize    begin,
           gsize    end,
           gpointer user_data)
{
  Clv *c = user_data;
  g_autofree double *cumulative = g_new (double, c->periods);

  for (gsize i = begin; i < end; i++)
    {
      double x = c->x[i];
      double spend = c->spend->p * (c->spend->gamma + x * c->zbar[i])
                     / (c->spend->p * x + c->spend->q - 1.0);
      double previous = 0.0;
      double purchases = 0.0;

      if (x == 0.0)
        spend = c->spend->p * c->spend->gamma / (c->spend->q - 1.0);

      _hy_bgnbd_expected_if_alive_curve (c->bgnbd, x, c->T[i], c->ends, c->periods, cumulative);
      for (guint k = 0; k < c->periods; k++)
        {
          purchases += (cumulative[k] - previous) * c->discount[k];
          previous = cumulative[k];
        }

      c->clv[i] = c->margin * spend * purchases
                  * _hy_bgnbd_p_alive (c->bgnbd, x, c->t_x[i], c->T[i]);
    }
}

gboolean
hy_clv_compute (const HyBgnbdParams      *bgnbd,
                const HyGammaGammaParams *spend,
                const guint32            *x,
                const double             *t_x,
                const double             *T,
                const double             *zbar,
                gsize                     n,
                const HyClvOptions       *options,
                double                   *clv,
                GError                  **error)
{
  g_autofree double *discount = NULL;
  g_autofree double *ends = NULL;
  double factor;
  Clv c;

  g_return_val_if_fail (bgnbd != NULL && spend != NULL && options != NULL, FALSE);
  g_return_val_if_fail (n == 0 || (x != NULL && t_x != NULL && T != NULL && zbar != NULL
                                   && clv != NULL), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(options->horizon > 0.0) || !isfinite (options->horizon)
      || options->periods == 0 || options->periods > MAX_PERIODS)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("The value horizon must be a positive length cut into 1 to %u periods "
                     "(not %g in %u)"), MAX_PERIODS, options->horizon, options->periods);
      return FALSE;
    }
  if (!(options->annual_discount_rate > -1.0) || !isfinite (options->annual_discount_rate)
      || !isfinite (options->margin))
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("The discount rate must be above -100%% and the margin a number "
                     "(not %g and %g)"), options->annual_discount_rate, options->margin);
      return FALSE;
    }
  if (!_hy_bgnbd_params_check (bgnbd, error) || !_hy_bgnbd_rows_check (x, t_x, T, n, error))
    return FALSE;
  if (!(spend->p > 0.0 && spend->q > 0.0 && spend->gamma > 0.0)
      || !isfinite (spend->p) || !isfinite (spend->q) || !isfinite (spend->gamma))
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("The spend model’s parameters must be positive numbers "
                     "(p = %g, q = %g, gamma = %g)"), spend->p, spend->q, spend->gamma);
      return FALSE;
    }

  for (gsize i = 0; i < n; i++)
    {
      if (x[i] > 0 && (!(zbar[i] > 0.0) || !isfinite (zbar[i])))
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("Customer row %zu has repeat purchases but an average "
                         "spend of %g; it must be a positive amount"), i + 1, zbar[i]);
          return FALSE;
        }
      if (x[i] == 0 && !(spend->q > 1.0))
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("The spend model has q = %g, at most 1, so customers without repeat "
                         "purchases (row %zu) have no finite expected spend"),
                       spend->q, i + 1);
          return FALSE;
        }
    }

  factor = 1.0 / (1.0 + hy_clv_period_discount_rate (options));
  discount = g_new (double, options->periods);
  ends = g_new (double, options->periods);
  for (guint k = 0; k < options->periods; k++)
    {
      discount[k] = k > 0 ? discount[k - 1] * factor : factor;
      ends[k] = options->horizon * (k + 1) / options->periods;
    }

  c = (Clv) {
    bgnbd, spend, x, t_x, T, zbar, options->periods, ends, discount, options->margin, clv
  };
  _hy_parallel_for (n, PARALLEL_FROM, clv_range, &c);
  return TRUE;
}
