/* hy-bgnbd.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The BG/NBD likelihood and its maximum-likelihood fit.
 *
 * For one customer (FHL 2005, eq. 6, in logs):
 *
 *   LL = log Gamma(r+x) - log Gamma(r) + r log alpha + log B(a, b+x) - log B(a, b)
 *        + log (exp (A3) + [x > 0] exp (A4)),
 *   A3 = -(r+x) log (alpha + T),   A4 = log a - log (b+x-1) - (r+x) log (alpha + t_x).
 *
 * The first line depends on the customer only through x, so it is computed once per distinct x
 * and weighted by how many customers have that x.  The second is a log-sum-exp of two terms; per
 * row it costs one exp and one log.  When every time is a whole number of days (in day or week
 * units) the logs of alpha + t are taken once per distinct day, not once per row.  The gradient
 * is analytic; the optimiser works on log r, log alpha, log a, log b so that they stay positive,
 * and minimises -LL / N so that its tolerances do not depend on the number of customers.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "hy-bgnbd-private.h"
#include "hy-error.h"
#include "hy-optimize.h"
#include "hy-special.h"

#define N_PARAMS            4
/* Times on a grid of 1/7 unit are whole days, in day units and in week units alike. */
#define GRID_STEPS          7.0
#define GRID_MAX            (1 << 20)
/* Above this many repeat-customer rows a fit on every k-th row (about SUBSAMPLE_ROWS of them)
 * finds the neighbourhood of the optimum and its curvature first, and the fit on all rows
 * starts from there: it then needs a handful of iterations instead of dozens. */
#define SUBSAMPLE_FROM      60000
#define SUBSAMPLE_ROWS      20000
/* A parameter beyond e^30 or below e^-30 means the likelihood has no finite maximum. */
#define LOG_PARAM_LIMIT     30.0
#define HESSIAN_STEP        1e-4

typedef struct
{
  double   total_weight;

  /* Distinct x values, with the weight of the customers having each. */
  guint    n_x;
  double  *xs;
  double  *x_weight;

  /* Time table: the rows refer to times by index.  Entries [0, n_zero_times) carry the weight
   * of customers without repeat purchases whose T they are. */
  gsize    n_times;
  double  *times;
  gsize    n_used;
  guint32 *used;          /* table entries some row refers to, or NULL for all */
  gsize    n_zero_times;
  double  *zero_weight;

  /* Customers with repeat purchases. */
  gsize    n_rep;
  guint32 *rep_x;         /* index into xs */
  guint32 *rep_t_x;       /* index into times */
  guint32 *rep_T;
  double  *rep_w;

  /* Scratch for an evaluation. */
  double  *log_table;     /* log (alpha + times[k]) */
  double  *inv_table;     /* 1 / (alpha + times[k]) */
  double  *x_c4;          /* log a - log (b + x - 1) */
  double  *x_w4;          /* sum of weight * share of the A4 term, per x */
} BgnbdData;

gboolean
_hy_bgnbd_params_check (const HyBgnbdParams *params,
                        GError             **error)
{
  if (!(params->r > 0.0 && params->alpha > 0.0 && params->a > 0.0 && params->b > 0.0)
      || !isfinite (params->r) || !isfinite (params->alpha)
      || !isfinite (params->a) || !isfinite (params->b))
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("The churn model’s parameters must be positive numbers "
                     "(r = %g, alpha = %g, a = %g, b = %g)"),
                   params->r, params->alpha, params->a, params->b);
      return FALSE;
    }
  return TRUE;
}

gboolean
_hy_bgnbd_rows_check (const guint32 *x,
                      const double  *t_x,
                      const double  *T,
                      gsize          n,
                      GError       **error)
{
  for (gsize i = 0; i < n; i++)
    {
      if (!isfinite (t_x[i]) || !isfinite (T[i]) || t_x[i] < 0.0 || T[i] < 0.0)
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("Customer row %zu has a negative or missing time "
                         "(t_x = %g, T = %g)"), i + 1, t_x[i], T[i]);
          return FALSE;
        }
      if (t_x[i] > T[i] * (1.0 + 1e-12))
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("Customer row %zu was last seen after the end of its "
                         "calibration period (t_x = %g is greater than T = %g)"),
                       i + 1, t_x[i], T[i]);
          return FALSE;
        }
      if (x[i] == 0 && t_x[i] != 0.0)
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("Customer row %zu has no repeat purchase but a last "
                         "purchase time t_x = %g; it must be 0"), i + 1, t_x[i]);
          return FALSE;
        }
      if (x[i] > HY_BGNBD_MAX_X)
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("Customer row %zu has an implausible %u repeat "
                         "purchases"), i + 1, x[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static void
bgnbd_data_free (BgnbdData *data)
{
  g_free (data->xs);
  g_free (data->x_weight);
  g_free (data->times);
  g_free (data->used);
  g_free (data->zero_weight);
  g_free (data->rep_x);
  g_free (data->rep_t_x);
  g_free (data->rep_T);
  g_free (data->rep_w);
  g_free (data->log_table);
  g_free (data->inv_table);
  g_free (data->x_c4);
  g_free (data->x_w4);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BgnbdData, bgnbd_data_free)

static gboolean
on_grid (double  t,
         guint32 *index)
{
  double k = nearbyint (t * GRID_STEPS);

  if (k > GRID_MAX || fabs (t - k / GRID_STEPS) > 1e-12 * MAX (1.0, t))
    return FALSE;
  *index = (guint32) k;
  return TRUE;
}

/* Rows i with i % stride == 0 (stride 1 for all), already checked. */
static BgnbdData *
bgnbd_data_new (const guint32 *x,
                const double  *t_x,
                const double  *T,
                const guint32 *weights,
                gsize          n,
                gsize          stride)
{
  g_autoptr(BgnbdData) data = g_new0 (BgnbdData, 1);
  g_autofree guint32 *x_index = NULL;
  guint32 max_x = 0;
  guint32 max_k = 0;
  gboolean grid = TRUE;
  gsize n_zero = 0;
  gsize i;

  for (i = 0; i < n; i += stride)
    {
      guint32 k = 0;

      if (weights != NULL && weights[i] == 0)
        continue;
      max_x = MAX (max_x, x[i]);
      if (x[i] == 0)
        n_zero++;
      else
        data->n_rep++;
      if (grid && on_grid (T[i], &k))
        max_k = MAX (max_k, k);
      else
        grid = FALSE;
      if (grid && x[i] > 0 && !on_grid (t_x[i], &k))
        grid = FALSE;
    }

  /* Dense indices for the distinct x values, in increasing order. */
  x_index = g_new0 (guint32, (gsize) max_x + 1);
  for (i = 0; i < n; i += stride)
    if (weights == NULL || weights[i] > 0)
      x_index[x[i]] = 1;
  for (guint32 v = 0; v <= max_x; v++)
    if (x_index[v])
      data->n_x++;
  data->xs = g_new (double, data->n_x);
  data->x_weight = g_new0 (double, data->n_x);
  data->x_c4 = g_new (double, data->n_x);
  data->x_w4 = g_new (double, data->n_x);
  data->n_x = 0;
  for (guint32 v = 0; v <= max_x; v++)
    if (x_index[v])
      {
        data->xs[data->n_x] = v;
        x_index[v] = data->n_x++;
      }

  if (grid)
    {
      g_autofree guint8 *in_use = g_new0 (guint8, (gsize) max_k + 1);

      data->n_times = data->n_zero_times = (gsize) max_k + 1;
      data->times = g_new (double, data->n_times);
      for (gsize k = 0; k < data->n_times; k++)
        data->times[k] = k / GRID_STEPS;
      data->zero_weight = g_new0 (double, data->n_times);
      data->used = g_new (guint32, data->n_times);

      data->rep_x = g_new (guint32, MAX (data->n_rep, 1));
      data->rep_t_x = g_new (guint32, MAX (data->n_rep, 1));
      data->rep_T = g_new (guint32, MAX (data->n_rep, 1));
      data->rep_w = g_new (double, MAX (data->n_rep, 1));
      data->n_rep = 0;
      for (i = 0; i < n; i += stride)
        {
          double w = weights != NULL ? weights[i] : 1.0;
          guint32 kT = 0, kt = 0;

          if (w == 0.0)
            continue;
          on_grid (T[i], &kT);
          in_use[kT] = 1;
          data->total_weight += w;
          data->x_weight[x_index[x[i]]] += w;
          if (x[i] == 0)
            {
              data->zero_weight[kT] += w;
              continue;
            }
          on_grid (t_x[i], &kt);
          in_use[kt] = 1;
          data->rep_x[data->n_rep] = x_index[x[i]];
          data->rep_t_x[data->n_rep] = kt;
          data->rep_T[data->n_rep] = kT;
          data->rep_w[data->n_rep] = w;
          data->n_rep++;
        }
      for (gsize k = 0; k < data->n_times; k++)
        if (in_use[k])
          data->used[data->n_used++] = (guint32) k;
    }
  else
    {
      gsize z = 0;
      gsize t = n_zero;

      data->n_times = n_zero + 2 * data->n_rep;
      data->n_zero_times = n_zero;
      data->times = g_new (double, MAX (data->n_times, 1));
      data->zero_weight = g_new0 (double, MAX (n_zero, 1));
      data->rep_x = g_new (guint32, MAX (data->n_rep, 1));
      data->rep_t_x = g_new (guint32, MAX (data->n_rep, 1));
      data->rep_T = g_new (guint32, MAX (data->n_rep, 1));
      data->rep_w = g_new (double, MAX (data->n_rep, 1));
      data->n_rep = 0;
      for (i = 0; i < n; i += stride)
        {
          double w = weights != NULL ? weights[i] : 1.0;

          if (w == 0.0)
            continue;
          data->total_weight += w;
          data->x_weight[x_index[x[i]]] += w;
          if (x[i] == 0)
            {
              data->times[z] = T[i];
              data->zero_weight[z++] = w;
              continue;
            }
          data->times[t] = t_x[i];
          data->rep_t_x[data->n_rep] = (guint32) t++;
          data->times[t] = T[i];
          data->rep_T[data->n_rep] = (guint32) t++;
          data->rep_x[data->n_rep] = x_index[x[i]];
          data->rep_w[data->n_rep] = w;
          data->n_rep++;
        }
      data->n_used = data->n_times;
    }

  data->log_table = g_new (double, MAX (data->n_times, 1));
  data->inv_table = g_new (double, MAX (data->n_times, 1));
  return g_steal_pointer (&data);
}

/* The log-likelihood and, when gradient is not NULL, its derivatives by r, alpha, a, b. */
static double
bgnbd_data_log_likelihood (BgnbdData           *data,
                           const HyBgnbdParams *p,
                           double              *gradient)
{
  const double r = p->r;
  const double alpha = p->alpha;
  const double a = p->a;
  const double b = p->b;
  const double log_alpha = log (alpha);
  const double log_a = log (a);
  const double lg_r = lgamma (r);
  const double lg_b = lgamma (b);
  const double lg_ab = lgamma (a + b);
  const double *log_table = data->log_table;
  const double *inv_table = data->inv_table;
  double ll = 0.0, g_r = 0.0, g_alpha = 0.0, g_a = 0.0, g_b = 0.0;
  double psi_r = 0.0, psi_b = 0.0, psi_ab = 0.0;
  double s0 = 0.0, s0_inv = 0.0;

  for (gsize u = 0; u < data->n_used; u++)
    {
      gsize k = data->used != NULL ? data->used[u] : u;

      data->log_table[k] = log (alpha + data->times[k]);
      data->inv_table[k] = 1.0 / (alpha + data->times[k]);
    }

  /* Customers without repeat purchases: A3 alone. */
  for (gsize k = 0; k < data->n_zero_times; k++)
    if (data->zero_weight[k] != 0.0)
      {
        s0 += data->zero_weight[k] * log_table[k];
        s0_inv += data->zero_weight[k] * inv_table[k];
      }
  ll -= r * s0;
  g_r -= s0;
  g_alpha -= r * s0_inv;

  for (guint j = 0; j < data->n_x; j++)
    {
      data->x_c4[j] = data->xs[j] > 0.0 ? log_a - log (b + data->xs[j] - 1.0) : 0.0;
      data->x_w4[j] = 0.0;
    }

  /* Customers with repeat purchases: log (exp (A3) + exp (A4)) = A3 + log (1 + exp (A4 - A3)),
   * written so that the exponential never overflows; w4 is the A4 term's share. */
  for (gsize i = 0; i < data->n_rep; i++)
    {
      guint32 j = data->rep_x[i];
      double rx = r + data->xs[j];
      double l_T = log_table[data->rep_T[i]];
      double l_t = log_table[data->rep_t_x[i]];
      double d = data->x_c4[j] + rx * (l_T - l_t);
      double e = exp (-fabs (d));
      double w4 = (d > 0.0 ? 1.0 : e) / (1.0 + e);
      double w = data->rep_w[i];

      ll += w * (-rx * l_T + MAX (d, 0.0) + log (1.0 + e));
      g_r -= w * (l_T + w4 * (l_t - l_T));
      g_alpha -= w * rx * (inv_table[data->rep_T[i]]
                           + w4 * (inv_table[data->rep_t_x[i]] - inv_table[data->rep_T[i]]));
      data->x_w4[j] += w * w4;
    }

  if (gradient != NULL)
    {
      psi_r = hy_digamma (r);
      psi_b = hy_digamma (b);
      psi_ab = hy_digamma (a + b);
    }

  /* The terms that depend on x only. */
  for (guint j = 0; j < data->n_x; j++)
    {
      double x = data->xs[j];
      double w = data->x_weight[j];

      ll += w * (lgamma (r + x) - lg_r + r * log_alpha
                 + lg_ab - lg_b + lgamma (b + x) - lgamma (a + b + x));
      if (gradient == NULL)
        continue;

      g_r += w * (hy_digamma (r + x) - psi_r + log_alpha);
      g_alpha += w * r / alpha;
      g_a += w * (psi_ab - hy_digamma (a + b + x)) + data->x_w4[j] / a;
      g_b += w * (psi_ab - psi_b + hy_digamma (b + x) - hy_digamma (a + b + x));
      if (x > 0.0)
        g_b -= data->x_w4[j] / (b + x - 1.0);
    }

  if (gradient != NULL)
    {
      gradient[0] = g_r;
      gradient[1] = g_alpha;
      gradient[2] = g_a;
      gradient[3] = g_b;
    }
  return ll;
}

static HyBgnbdParams
params_from_theta (const double *theta)
{
  HyBgnbdParams p = { exp (theta[0]), exp (theta[1]), exp (theta[2]), exp (theta[3]) };

  return p;
}

/* -LL / N on log-parameters. */
static double
bgnbd_objective (const double *theta,
                 double       *gradient,
                 gpointer      user_data)
{
  BgnbdData *data = user_data;
  HyBgnbdParams p = params_from_theta (theta);
  double g[N_PARAMS];
  double ll;

  for (guint i = 0; i < N_PARAMS; i++)
    if (!(fabs (theta[i]) < 700.0))
      return INFINITY;

  ll = bgnbd_data_log_likelihood (data, &p, gradient != NULL ? g : NULL);
  if (gradient != NULL)
    {
      gradient[0] = -g[0] * p.r / data->total_weight;
      gradient[1] = -g[1] * p.alpha / data->total_weight;
      gradient[2] = -g[2] * p.a / data->total_weight;
      gradient[3] = -g[3] * p.b / data->total_weight;
    }
  return -ll / data->total_weight;
}

/* A few plausible points; the best of them starts the search.  alpha is set so that r / alpha
 * matches the observed repeat-purchase rate. */
static void
bgnbd_choose_start (BgnbdData *data,
                    double    *theta)
{
  static const double starts[][3] = {
    /* r, a, b */
    { 0.25, 0.5, 2.0 },
    { 0.25, 1.0, 5.0 },
    { 1.0, 0.5, 2.0 },
    { 1.0, 1.0, 5.0 },
    { 1.0, 2.0, 10.0 },
    { 3.0, 1.0, 5.0 },
  };
  double sum_x = 0.0, sum_T = 0.0;
  double rate;
  double best = INFINITY;

  for (guint j = 0; j < data->n_x; j++)
    sum_x += data->xs[j] * data->x_weight[j];
  for (gsize k = 0; k < data->n_zero_times; k++)
    sum_T += data->zero_weight[k] * data->times[k];
  for (gsize i = 0; i < data->n_rep; i++)
    sum_T += data->rep_w[i] * data->times[data->rep_T[i]];
  rate = sum_T > 0.0 && sum_x > 0.0 ? sum_x / sum_T : 1.0;

  for (guint s = 0; s < G_N_ELEMENTS (starts); s++)
    {
      double candidate[N_PARAMS] = {
        log (starts[s][0]), log (starts[s][0] / rate), log (starts[s][1]), log (starts[s][2])
      };
      double f = bgnbd_objective (candidate, NULL, data);

      if (f < best)
        {
          best = f;
          memcpy (theta, candidate, sizeof candidate);
        }
    }
}

void
hy_bgnbd_fit_options_init (HyBgnbdFitOptions *options)
{
  g_return_if_fail (options != NULL);

  options->min_customers = 30;
  options->max_iterations = 400;
  options->std_errors = FALSE;
  options->start = NULL;
}

double
hy_bgnbd_log_likelihood (const HyBgnbdParams *params,
                         const guint32       *x,
                         const double        *t_x,
                         const double        *T,
                         const guint32       *weights,
                         gsize                n)
{
  g_autoptr(BgnbdData) data = NULL;

  g_return_val_if_fail (params != NULL, NAN);
  g_return_val_if_fail (n == 0 || (x != NULL && t_x != NULL && T != NULL), NAN);

  if (!_hy_bgnbd_params_check (params, NULL) || !_hy_bgnbd_rows_check (x, t_x, T, n, NULL))
    return NAN;

  data = bgnbd_data_new (x, t_x, T, weights, n, 1);
  return bgnbd_data_log_likelihood (data, params, NULL);
}

/* Standard errors from the inverse of the observed information, by the delta method from the
 * log-parameters: se (theta) = theta * se (log theta). */
static void
bgnbd_std_errors (BgnbdData  *data,
                  const double *theta,
                  HyBgnbdFit *fit)
{
  double hessian[N_PARAMS * N_PARAMS];
  double covariance[N_PARAMS * N_PARAMS];
  double *se[N_PARAMS] = { &fit->std_error.r, &fit->std_error.alpha, &fit->std_error.a,
                           &fit->std_error.b };
  const double *value[N_PARAMS] = { &fit->params.r, &fit->params.alpha, &fit->params.a,
                                    &fit->params.b };

  if (!hy_optimize_hessian (bgnbd_objective, data, N_PARAMS, theta, HESSIAN_STEP, hessian)
      || !hy_matrix_invert_spd (N_PARAMS, hessian, covariance))
    {
      for (guint i = 0; i < N_PARAMS; i++)
        *se[i] = NAN;
      return;
    }

  /* The Hessian is of -LL / N. */
  for (guint i = 0; i < N_PARAMS; i++)
    *se[i] = *value[i] * sqrt (covariance[i * N_PARAMS + i] / data->total_weight);
}

gboolean
hy_bgnbd_fit (const guint32           *x,
              const double            *t_x,
              const double            *T,
              const guint32           *weights,
              gsize                    n,
              const HyBgnbdFitOptions *options,
              HyBgnbdFit              *fit,
              GError                 **error)
{
  g_autoptr(BgnbdData) data = NULL;
  HyBgnbdFitOptions defaults;
  HyOptimizeOptions opt;
  HyOptimizeResult result;
  double theta[N_PARAMS];
  double inverse_hessian[N_PARAMS * N_PARAMS];
  guint64 customers = 0, repeaters = 0;

  g_return_val_if_fail (n == 0 || (x != NULL && t_x != NULL && T != NULL), FALSE);
  g_return_val_if_fail (fit != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    {
      hy_bgnbd_fit_options_init (&defaults);
      options = &defaults;
    }
  memset (fit, 0, sizeof *fit);
  fit->n_rows = n;

  if (options->start != NULL && !_hy_bgnbd_params_check (options->start, error))
    return FALSE;
  if (!_hy_bgnbd_rows_check (x, t_x, T, n, error))
    return FALSE;

  for (gsize i = 0; i < n; i++)
    {
      guint64 w = weights != NULL ? weights[i] : 1;

      customers += w;
      if (x[i] > 0)
        repeaters += w;
    }
  fit->n_customers = customers;

  if (customers < MAX (options->min_customers, 1))
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("The churn model needs at least %u customers, but there are only %llu"),
                   MAX (options->min_customers, 1), (unsigned long long) customers);
      return FALSE;
    }
  if (repeaters == 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("None of the %llu customers made a repeat purchase, so "
                     "the churn model cannot be fitted"), (unsigned long long) customers);
      return FALSE;
    }

  data = bgnbd_data_new (x, t_x, T, weights, n, 1);

  hy_optimize_options_init (&opt);
  opt.max_iterations = options->max_iterations;

  if (options->start != NULL)
    {
      theta[0] = log (options->start->r);
      theta[1] = log (options->start->alpha);
      theta[2] = log (options->start->a);
      theta[3] = log (options->start->b);
    }
  else if (data->n_rep > SUBSAMPLE_FROM)
    {
      g_autoptr(BgnbdData) sample = NULL;
      double hessian[N_PARAMS * N_PARAMS];

      sample = bgnbd_data_new (x, t_x, T, weights, n, data->n_rep / SUBSAMPLE_ROWS);
      bgnbd_choose_start (sample, theta);
      hy_optimize_minimize (bgnbd_objective, sample, N_PARAMS, theta, &opt, &result);
      fit->iterations += result.iterations;
      fit->evaluations += result.evaluations;
      if (result.converged
          && hy_optimize_hessian (bgnbd_objective, sample, N_PARAMS, theta, HESSIAN_STEP, hessian)
          && hy_matrix_invert_spd (N_PARAMS, hessian, inverse_hessian))
        opt.inverse_hessian = inverse_hessian;
      if (!result.converged)
        bgnbd_choose_start (data, theta);
    }
  else
    {
      bgnbd_choose_start (data, theta);
    }

  hy_optimize_minimize (bgnbd_objective, data, N_PARAMS, theta, &opt, &result);
  fit->iterations += result.iterations;
  fit->evaluations += result.evaluations;
  fit->used_fallback = result.used_fallback;
  fit->gradient_norm = result.gradient_norm;
  fit->params = params_from_theta (theta);
  fit->log_likelihood = -result.value * data->total_weight;

  if (!result.converged)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("The churn model did not converge after %u iterations; the purchase "
                     "histories may be too few or too alike to fit it"), fit->iterations);
      return FALSE;
    }
  for (guint i = 0; i < N_PARAMS; i++)
    if (fabs (theta[i]) > LOG_PARAM_LIMIT)
      {
        g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                     _("The churn model has no finite best fit: its parameters run off to "
                       "extremes (r = %g, alpha = %g, a = %g, b = %g); the purchase histories "
                       "do not show enough repeat buying or dropping out"),
                     fit->params.r, fit->params.alpha, fit->params.a, fit->params.b);
        return FALSE;
      }

  if (options->std_errors)
    bgnbd_std_errors (data, theta, fit);

  return TRUE;
}
