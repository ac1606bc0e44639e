/* hy-gamma-gamma.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For one customer with x repeat purchases of mean value zbar (Fader & Hardie 2013, eq. 4):
 *
 *   LL = log Gamma(px+q) - log Gamma(px) - log Gamma(q) + q log gamma + px log x
 *        + (px-1) log zbar - (px+q) log (gamma + x zbar).
 *
 * Everything but the last term depends on the row only through x and sums of log zbar per x,
 * which are taken once; a row then costs one log and one division per evaluation.  The fit
 * runs on log p, log q, log gamma and minimises -LL / N, like the BG/NBD fit.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "hy-error.h"
#include "hy-gamma-gamma.h"
#include "hy-optimize.h"
#include "hy-random-private.h"
#include "hy-special.h"

#define N_PARAMS        3
#define SUBSAMPLE_FROM  60000
#define SUBSAMPLE_ROWS  20000
#define LOG_PARAM_LIMIT 30.0
#define HESSIAN_STEP    1e-4
#define MAX_X           1000000

typedef struct
{
  double   total_weight;

  guint    n_x;
  double  *xs;
  double  *x_weight;
  double  *x_log_zbar;    /* sum of weight * log zbar per x */

  gsize    n_rows;
  guint32 *row_x;         /* index into xs */
  double  *row_xz;        /* x * zbar */
  double  *row_w;

  /* Scratch: per x, the sums of weight * log (gamma + x zbar) and weight / (gamma + x zbar). */
  double  *x_log_sum;
  double  *x_inv_sum;
} GammaGammaData;

static void
gg_data_free (GammaGammaData *data)
{
  g_free (data->xs);
  g_free (data->x_weight);
  g_free (data->x_log_zbar);
  g_free (data->row_x);
  g_free (data->row_xz);
  g_free (data->row_w);
  g_free (data->x_log_sum);
  g_free (data->x_inv_sum);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GammaGammaData, gg_data_free)

static gboolean
gg_params_valid (const HyGammaGammaParams *params)
{
  return params->p > 0.0 && params->q > 0.0 && params->gamma > 0.0
         && isfinite (params->p) && isfinite (params->q) && isfinite (params->gamma);
}

static gboolean
gg_rows_check (const guint32 *x,
               const double  *zbar,
               gsize          n,
               GError       **error)
{
  for (gsize i = 0; i < n; i++)
    {
      if (x[i] == 0)
        continue;
      if (!(zbar[i] > 0.0) || !isfinite (zbar[i]))
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("Customer row %zu has repeat purchases but an average "
                         "spend of %g; it must be a positive amount"), i + 1, zbar[i]);
          return FALSE;
        }
      if (x[i] > MAX_X)
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("Customer row %zu has an implausible %u repeat "
                         "purchases"), i + 1, x[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/* Rows with x > 0 among i % stride == 0, already checked. */
static GammaGammaData *
gg_data_new (const guint32 *x,
             const double  *zbar,
             const guint32 *weights,
             gsize          n,
             gsize          stride)
{
  g_autoptr(GammaGammaData) data = g_new0 (GammaGammaData, 1);
  g_autofree guint32 *x_index = NULL;
  guint32 max_x = 0;

  for (gsize i = 0; i < n; i += stride)
    if (x[i] > 0 && (weights == NULL || weights[i] > 0))
      {
        max_x = MAX (max_x, x[i]);
        data->n_rows++;
      }

  x_index = g_new0 (guint32, (gsize) max_x + 1);
  for (gsize i = 0; i < n; i += stride)
    if (x[i] > 0 && (weights == NULL || weights[i] > 0))
      x_index[x[i]] = 1;
  for (guint32 v = 1; v <= max_x; v++)
    if (x_index[v])
      data->n_x++;

  data->xs = g_new (double, MAX (data->n_x, 1));
  data->x_weight = g_new0 (double, MAX (data->n_x, 1));
  data->x_log_zbar = g_new0 (double, MAX (data->n_x, 1));
  data->x_log_sum = g_new (double, MAX (data->n_x, 1));
  data->x_inv_sum = g_new (double, MAX (data->n_x, 1));
  data->n_x = 0;
  for (guint32 v = 1; v <= max_x; v++)
    if (x_index[v])
      {
        data->xs[data->n_x] = v;
        x_index[v] = data->n_x++;
      }

  data->row_x = g_new (guint32, MAX (data->n_rows, 1));
  data->row_xz = g_new (double, MAX (data->n_rows, 1));
  data->row_w = g_new (double, MAX (data->n_rows, 1));
  data->n_rows = 0;
  for (gsize i = 0; i < n; i += stride)
    {
      double w = weights != NULL ? weights[i] : 1.0;
      guint32 j;

      if (x[i] == 0 || w == 0.0)
        continue;
      j = x_index[x[i]];
      data->total_weight += w;
      data->x_weight[j] += w;
      data->x_log_zbar[j] += w * log (zbar[i]);
      data->row_x[data->n_rows] = j;
      data->row_xz[data->n_rows] = x[i] * zbar[i];
      data->row_w[data->n_rows] = w;
      data->n_rows++;
    }

  return g_steal_pointer (&data);
}

static double
gg_data_log_likelihood (GammaGammaData           *data,
                        const HyGammaGammaParams *params,
                        double                   *gradient)
{
  const double p = params->p;
  const double q = params->q;
  const double gamma = params->gamma;
  const double log_gamma = log (gamma);
  const double lg_q = lgamma (q);
  double ll = 0.0, g_p = 0.0, g_q = 0.0, g_gamma = 0.0;
  double psi_q = gradient != NULL ? hy_digamma (q) : 0.0;

  for (guint j = 0; j < data->n_x; j++)
    {
      data->x_log_sum[j] = 0.0;
      data->x_inv_sum[j] = 0.0;
    }

  for (gsize i = 0; i < data->n_rows; i++)
    {
      double v = gamma + data->row_xz[i];
      double w = data->row_w[i];
      guint32 j = data->row_x[i];

      data->x_log_sum[j] += w * log (v);
      data->x_inv_sum[j] += w / v;
    }

  for (guint j = 0; j < data->n_x; j++)
    {
      double x = data->xs[j];
      double w = data->x_weight[j];
      double px = p * x;
      double log_x = log (x);
      double psi_pxq;

      ll += w * (lgamma (px + q) - lgamma (px) - lg_q + q * log_gamma + px * log_x)
            + (px - 1.0) * data->x_log_zbar[j] - (px + q) * data->x_log_sum[j];
      if (gradient == NULL)
        continue;

      psi_pxq = hy_digamma (px + q);
      g_p += w * x * (psi_pxq - hy_digamma (px) + log_x)
             + x * data->x_log_zbar[j] - x * data->x_log_sum[j];
      g_q += w * (psi_pxq - psi_q + log_gamma) - data->x_log_sum[j];
      g_gamma += w * q / gamma - (px + q) * data->x_inv_sum[j];
    }

  if (gradient != NULL)
    {
      gradient[0] = g_p;
      gradient[1] = g_q;
      gradient[2] = g_gamma;
    }
  return ll;
}

static double
gg_objective (const double *theta,
              double       *gradient,
              gpointer      user_data)
{
  GammaGammaData *data = user_data;
  HyGammaGammaParams params = { exp (theta[0]), exp (theta[1]), exp (theta[2]) };
  double g[N_PARAMS];
  double ll;

  for (guint i = 0; i < N_PARAMS; i++)
    if (!(fabs (theta[i]) < 700.0))
      return INFINITY;

  ll = gg_data_log_likelihood (data, &params, gradient != NULL ? g : NULL);
  if (gradient != NULL)
    {
      gradient[0] = -g[0] * params.p / data->total_weight;
      gradient[1] = -g[1] * params.q / data->total_weight;
      gradient[2] = -g[2] * params.gamma / data->total_weight;
    }
  return -ll / data->total_weight;
}

/* The best of a few shapes, each with gamma set so that the model's mean spend p gamma / (q-1)
 * matches the data's geometric mean of zbar. */
static void
gg_choose_start (GammaGammaData *data,
                 double         *theta)
{
  static const double starts[][2] = {
    /* p, q */
    { 1.0, 2.0 },
    { 1.0, 5.0 },
    { 4.0, 2.0 },
    { 4.0, 5.0 },
    { 10.0, 10.0 },
  };
  double sum_log = 0.0;
  double scale;
  double best = INFINITY;

  for (guint j = 0; j < data->n_x; j++)
    sum_log += data->x_log_zbar[j];
  scale = exp (sum_log / data->total_weight);

  for (guint s = 0; s < G_N_ELEMENTS (starts); s++)
    {
      double p = starts[s][0];
      double q = starts[s][1];
      double candidate[N_PARAMS] = { log (p), log (q), log (scale * (q - 1.0) / p) };
      double f = gg_objective (candidate, NULL, data);

      if (f < best)
        {
          best = f;
          memcpy (theta, candidate, sizeof candidate);
        }
    }
}

void
hy_gamma_gamma_fit_options_init (HyGammaGammaFitOptions *options)
{
  g_return_if_fail (options != NULL);

  options->min_customers = 10;
  options->max_iterations = 400;
  options->std_errors = FALSE;
  options->start = NULL;
}

double
hy_gamma_gamma_log_likelihood (const HyGammaGammaParams *params,
                               const guint32            *x,
                               const double             *zbar,
                               const guint32            *weights,
                               gsize                     n)
{
  g_autoptr(GammaGammaData) data = NULL;

  g_return_val_if_fail (params != NULL, NAN);
  g_return_val_if_fail (n == 0 || (x != NULL && zbar != NULL), NAN);

  if (!gg_params_valid (params) || !gg_rows_check (x, zbar, n, NULL))
    return NAN;

  data = gg_data_new (x, zbar, weights, n, 1);
  return gg_data_log_likelihood (data, params, NULL);
}

gboolean
hy_gamma_gamma_fit (const guint32                *x,
                    const double                 *zbar,
                    const guint32                *weights,
                    gsize                         n,
                    const HyGammaGammaFitOptions *options,
                    HyGammaGammaFit              *fit,
                    GError                      **error)
{
  g_autoptr(GammaGammaData) data = NULL;
  HyGammaGammaFitOptions defaults;
  HyOptimizeOptions opt;
  HyOptimizeResult result;
  double theta[N_PARAMS];
  double inverse_hessian[N_PARAMS * N_PARAMS];
  guint64 repeaters = 0;

  g_return_val_if_fail (n == 0 || (x != NULL && zbar != NULL), FALSE);
  g_return_val_if_fail (fit != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    {
      hy_gamma_gamma_fit_options_init (&defaults);
      options = &defaults;
    }
  memset (fit, 0, sizeof *fit);
  fit->n_rows = n;

  if (options->start != NULL && !gg_params_valid (options->start))
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("The spend model’s parameters must be positive numbers "
                     "(p = %g, q = %g, gamma = %g)"),
                   options->start->p, options->start->q, options->start->gamma);
      return FALSE;
    }
  if (!gg_rows_check (x, zbar, n, error))
    return FALSE;

  for (gsize i = 0; i < n; i++)
    if (x[i] > 0)
      repeaters += weights != NULL ? weights[i] : 1;
  fit->n_customers = repeaters;

  if (repeaters < MAX (options->min_customers, 1))
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("The spend model needs at least %u customers with repeat purchases, but "
                     "there are only %llu"), MAX (options->min_customers, 1),
                   (unsigned long long) repeaters);
      return FALSE;
    }

  data = gg_data_new (x, zbar, weights, n, 1);

  hy_optimize_options_init (&opt);
  opt.max_iterations = options->max_iterations;

  if (options->start != NULL)
    {
      theta[0] = log (options->start->p);
      theta[1] = log (options->start->q);
      theta[2] = log (options->start->gamma);
    }
  else if (data->n_rows > SUBSAMPLE_FROM)
    {
      g_autoptr(GammaGammaData) sample = NULL;
      double hessian[N_PARAMS * N_PARAMS];

      /* As in the BG/NBD fit: a systematic subsample finds the way, all rows finish. */
      sample = gg_data_new (x, zbar, weights, n, data->n_rows / SUBSAMPLE_ROWS);
      gg_choose_start (sample, theta);
      hy_optimize_minimize (gg_objective, sample, N_PARAMS, theta, &opt, &result);
      fit->iterations += result.iterations;
      fit->evaluations += result.evaluations;
      if (result.converged
          && hy_optimize_hessian (gg_objective, sample, N_PARAMS, theta, HESSIAN_STEP, hessian)
          && hy_matrix_invert_spd (N_PARAMS, hessian, inverse_hessian))
        opt.inverse_hessian = inverse_hessian;
      if (!result.converged)
        gg_choose_start (data, theta);
    }
  else
    {
      gg_choose_start (data, theta);
    }

  hy_optimize_minimize (gg_objective, data, N_PARAMS, theta, &opt, &result);
  fit->iterations += result.iterations;
  fit->evaluations += result.evaluations;
  fit->used_fallback = result.used_fallback;
  fit->gradient_norm = result.gradient_norm;
  fit->params = (HyGammaGammaParams) { exp (theta[0]), exp (theta[1]), exp (theta[2]) };
  fit->log_likelihood = -result.value * data->total_weight;

  if (!result.converged)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("The spend model did not converge after %u iterations; the average "
                     "spends may be too few or too alike to fit it"), fit->iterations);
      return FALSE;
    }
  for (guint i = 0; i < N_PARAMS; i++)
    if (fabs (theta[i]) > LOG_PARAM_LIMIT)
      {
        g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                     _("The spend model has no finite best fit: its parameters run off to "
                       "extremes (p = %g, q = %g, gamma = %g); customers’ average spends "
                       "vary too little or too wildly"),
                     fit->params.p, fit->params.q, fit->params.gamma);
        return FALSE;
      }

  if (options->std_errors)
    {
      double hessian[N_PARAMS * N_PARAMS];
      double covariance[N_PARAMS * N_PARAMS];

      if (hy_optimize_hessian (gg_objective, data, N_PARAMS, theta, HESSIAN_STEP, hessian)
          && hy_matrix_invert_spd (N_PARAMS, hessian, covariance))
        {
          fit->std_error.p = fit->params.p * sqrt (covariance[0] / data->total_weight);
          fit->std_error.q = fit->params.q * sqrt (covariance[4] / data->total_weight);
          fit->std_error.gamma = fit->params.gamma * sqrt (covariance[8] / data->total_weight);
        }
      else
        {
          fit->std_error = (HyGammaGammaParams) { NAN, NAN, NAN };
        }
    }

  return TRUE;
}

double
hy_gamma_gamma_expected_spend (const HyGammaGammaParams *params,
                               guint32                   x,
                               double                    zbar)
{
  double denominator;

  g_return_val_if_fail (params != NULL, NAN);

  if (!gg_params_valid (params) || (x > 0 && (!(zbar > 0.0) || !isfinite (zbar))))
    return NAN;

  denominator = params->p * x + params->q - 1.0;
  if (!(denominator > 0.0))
    return NAN;
  return params->p * (params->gamma + (x > 0 ? x * zbar : 0.0)) / denominator;
}

void
hy_gamma_gamma_simulate (const HyGammaGammaParams *params,
                         guint64                   seed,
                         gsize                     n,
                         const guint32            *x,
                         double                   *zbar)
{
  g_return_if_fail (params != NULL && gg_params_valid (params));
  g_return_if_fail (n == 0 || (x != NULL && zbar != NULL));

  for (gsize i = 0; i < n; i++)
    {
      HyRandom rng;
      double nu;

      zbar[i] = 0.0;
      if (x[i] == 0)
        continue;

      hy_random_init (&rng, hy_random_mix (seed ^ 0x5eedULL) ^ hy_random_mix (i + 1));
      nu = hy_random_gamma (&rng, params->q, 1.0 / params->gamma);
      /* The mean of x Gamma(p, nu) values is Gamma(p x, x nu). */
      zbar[i] = hy_random_gamma (&rng, params->p * x[i], 1.0 / (nu * x[i]));
    }
}
