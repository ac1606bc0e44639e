/* hy-bgnbd-score.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a fitted BG/NBD model says about customers: P(alive), expected purchases, the
 * calibration/holdout table, and simulated customers to check it all against.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "hy-bgnbd-private.h"
#include "hy-error.h"
#include "hy-parallel-private.h"
#include "hy-random-private.h"
#include "hy-special.h"

/* Up to this z the expectation sums its own series (below); beyond it hy_hyp2f1 () switches to
 * a transformation that converges faster. */
#define SERIES_UP_TO     0.75
/* Closer than this to a = 1 the general formula divides a cancelled difference by a - 1; the
 * series has no such problem and is used at any z there. */
#define NEAR_A_ONE       1e-3
#define SERIES_MAX_TERMS 10000000
/* Fewer customers than this are scored on the calling thread. */
#define PARALLEL_FROM    20000
/* Horizons evaluated together by expected_if_alive_curve (). */
#define CURVE_BLOCK      32

static gboolean
params_valid (const HyBgnbdParams *p)
{
  return _hy_bgnbd_params_check (p, NULL);
}

/* log of a / (b+x-1) * ((alpha+T) / (alpha+t_x))^(r+x): the odds that a customer with repeat
 * purchases dropped out right after the last one rather than being still alive. */
static double
log_dropout_odds (const HyBgnbdParams *p,
                  double               x,
                  double               t_x,
                  double               T)
{
  return log (p->a / (p->b + x - 1.0)) + (p->r + x) * log1p ((T - t_x) / (p->alpha + t_x));
}

static double
p_alive (const HyBgnbdParams *p,
         double               x,
         double               t_x,
         double               T)
{
  if (x == 0.0)
    return 1.0;
  return 1.0 / (1.0 + exp (log_dropout_odds (p, x, t_x, T)));
}

/* The expected purchases in (T, T+t] of a customer with x repeat purchases known to be alive at
 * T (FHL 2005, eq. 10 is this times P(alive)):
 *
 *   (a+b+x-1) / (a-1) * (1 - G),   G = (1-z)^(r+x) 2F1 (r+x, b+x; a+b+x-1; z),
 *   z = t / (alpha + T + t).
 *
 * Euler's transformation gives G = (1-z)^(a-1) 2F1 (a+b-1-r, a-1; c; z), c = a+b+x-1, whose
 * series has terms that shrink like n^(a-2-r-x) z^n, and whose second parameter a - 1 factors
 * out: G = (1-z)^e (1 + e S) with e = a - 1.  Hence
 *
 *   c (1 - G) / e = -c expm1 (e log (1-z)) / e - (1-z)^e c S,
 *
 * which has no 0/0 at a = 1, and c S has no c in a denominator, so c <= 0 (a + b < 1, x = 0) is
 * fine too.  The series serves z <= SERIES_UP_TO, and any z near a = 1 or c <= 0.5; beyond,
 * hy_hyp2f1 () converges faster. */
static void
expected_if_alive_block (const HyBgnbdParams *p,
                         double               x,
                         double               T,
                         const double        *t,
                         guint                n_t,
                         double              *out)
{
  double c = p->a + p->b + x - 1.0;
  double e = p->a - 1.0;
  double a1 = p->a + p->b - 1.0 - p->r;
  double settle = MAX (MAX (-a1, -e), -c);
  double z[CURVE_BLOCK], power[CURVE_BLOCK], sum[CURVE_BLOCK], scale[CURVE_BLOCK];
  double log1mz[CURVE_BLOCK];
  guint which[CURVE_BLOCK];
  guint n_series = 0;
  double coefficient = a1;

  g_assert (n_t <= CURVE_BLOCK);

  for (guint j = 0; j < n_t; j++)
    {
      double zj = t[j] / (p->alpha + T + t[j]);
      double head;

      if (!(t[j] > 0.0))
        {
          out[j] = 0.0;
          continue;
        }

      if (zj > SERIES_UP_TO && fabs (e) >= NEAR_A_ONE && c > 0.5)
        {
          out[j] = c * (1.0 - exp (e * log1p (-zj)) * hy_hyp2f1 (a1, e, c, zj)) / e;
          continue;
        }

      log1mz[n_series] = log1p (-zj);
      head = e != 0.0 ? -expm1 (e * log1mz[n_series]) / e : -log1mz[n_series];
      z[n_series] = zj;
      power[n_series] = zj;
      sum[n_series] = a1 * zj;
      scale[n_series] = fabs (c * head);
      out[j] = c * head;
      which[n_series++] = j;
    }

  /* c S = sum over n >= 1 of (a1)_n (e+1)_(n-1) / ((c+1)_(n-1) n!) z^n: the coefficients are
   * the same for every horizon, only the powers of z differ. */
  for (guint n = 1; n < SERIES_MAX_TERMS && n_series > 0 && coefficient != 0.0; n++)
    {
      gboolean converged = n > settle;

      coefficient *= (a1 + n) * (e + n) / ((c + n) * (n + 1.0));
      for (guint k = 0; k < n_series; k++)
        {
          double term;

          power[k] *= z[k];
          term = coefficient * power[k];
          sum[k] += term;
          converged = converged && fabs (term) <= 1e-17 * (scale[k] + fabs (sum[k]));
        }
      if (converged)
        break;
    }

  for (guint k = 0; k < n_series; k++)
    out[which[k]] -= exp (e * log1mz[k]) * sum[k];
}

/* The same at n_t horizons t[0..n_t), sharing the work. */
static void
expected_if_alive_curve (const HyBgnbdParams *p,
                         double               x,
                         double               T,
                         const double        *t,
                         guint                n_t,
                         double              *out)
{
  for (guint j = 0; j < n_t; j += CURVE_BLOCK)
    expected_if_alive_block (p, x, T, t + j, MIN (CURVE_BLOCK, n_t - j), out + j);
}

static double
expected_if_alive (const HyBgnbdParams *p,
                   double               x,
                   double               T,
                   double               t)
{
  double result;

  expected_if_alive_block (p, x, T, &t, 1, &result);
  return result;
}

double
hy_bgnbd_p_alive (const HyBgnbdParams *params,
                  guint32              x,
                  double               t_x,
                  double               T)
{
  g_return_val_if_fail (params != NULL, NAN);

  if (!params_valid (params) || !_hy_bgnbd_rows_check (&x, &t_x, &T, 1, NULL))
    return NAN;
  return p_alive (params, x, t_x, T);
}

double
hy_bgnbd_expected_purchases (const HyBgnbdParams *params,
                             guint32              x,
                             double               t_x,
                             double               T,
                             double               t)
{
  g_return_val_if_fail (params != NULL, NAN);

  if (!params_valid (params) || !_hy_bgnbd_rows_check (&x, &t_x, &T, 1, NULL)
      || !(t >= 0.0) || !isfinite (t))
    return NAN;
  return expected_if_alive (params, x, T, t) * p_alive (params, x, t_x, T);
}

double
hy_bgnbd_expected_purchases_new (const HyBgnbdParams *params,
                                 double               t)
{
  g_return_val_if_fail (params != NULL, NAN);

  if (!params_valid (params) || !(t >= 0.0) || !isfinite (t))
    return NAN;
  /* A new customer is a customer with x = 0 observed for T = 0. */
  return expected_if_alive (params, 0.0, 0.0, t);
}

typedef struct
{
  const HyBgnbdParams *params;
  const guint32       *x;
  const double        *t_x;
  const double        *T;
  double               t;
  double              *p_alive;
  double              *expected;
} Scoring;

static void
score_range (gsize    begin,
             gsize    end,
             gpointer user_data)
{
  Scoring *s = user_data;

  for (gsize i = begin; i < end; i++)
    {
      double alive = NAN;
      double expected = NAN;

      if (s->t_x[i] >= 0.0 && s->t_x[i] <= s->T[i] * (1.0 + 1e-12) && isfinite (s->T[i])
          && (s->x[i] > 0 || s->t_x[i] == 0.0))
        {
          alive = p_alive (s->params, s->x[i], s->t_x[i], s->T[i]);
          if (s->expected != NULL)
            expected = alive * expected_if_alive (s->params, s->x[i], s->T[i], s->t);
        }
      if (s->p_alive != NULL)
        s->p_alive[i] = alive;
      if (s->expected != NULL)
        s->expected[i] = expected;
    }
}

void
hy_bgnbd_score (const HyBgnbdParams *params,
                const guint32       *x,
                const double        *t_x,
                const double        *T,
                gsize                n,
                double               t,
                double              *p_alive_out,
                double              *expected_out)
{
  Scoring scoring = { params, x, t_x, T, t, p_alive_out, expected_out };

  g_return_if_fail (params != NULL);
  g_return_if_fail (n == 0 || (x != NULL && t_x != NULL && T != NULL));

  if (!params_valid (params) || !(t >= 0.0) || !isfinite (t))
    {
      for (gsize i = 0; i < n; i++)
        {
          if (p_alive_out != NULL)
            p_alive_out[i] = NAN;
          if (expected_out != NULL)
            expected_out[i] = NAN;
        }
      return;
    }

  _hy_parallel_for (n, PARALLEL_FROM, score_range, &scoring);
}

double
_hy_bgnbd_p_alive (const HyBgnbdParams *params,
                   double               x,
                   double               t_x,
                   double               T)
{
  return p_alive (params, x, t_x, T);
}

void
_hy_bgnbd_expected_if_alive_curve (const HyBgnbdParams *params,
                                   double               x,
                                   double               T,
                                   const double        *t,
                                   guint                n_t,
                                   double              *out)
{
  expected_if_alive_curve (params, x, T, t, n_t, out);
}

gboolean
hy_bgnbd_calibration_table (const HyBgnbdParams *params,
                            const guint32       *x,
                            const double        *t_x,
                            const double        *T,
                            const guint32       *holdout,
                            gsize                n,
                            double               holdout_length,
                            HyCalibrationGroup   groups[HY_CALIBRATION_GROUPS],
                            GError             **error)
{
  double actual[HY_CALIBRATION_GROUPS] = { 0 };
  double predicted[HY_CALIBRATION_GROUPS] = { 0 };

  g_return_val_if_fail (params != NULL, FALSE);
  g_return_val_if_fail (n == 0 || (x != NULL && t_x != NULL && T != NULL && holdout != NULL),
                        FALSE);
  g_return_val_if_fail (groups != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint g = 0; g < HY_CALIBRATION_GROUPS; g++)
    groups[g] = (HyCalibrationGroup) { g, 0, 0.0, 0.0 };

  if (!_hy_bgnbd_params_check (params, error) || !_hy_bgnbd_rows_check (x, t_x, T, n, error))
    return FALSE;
  if (!(holdout_length > 0.0) || !isfinite (holdout_length))
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("The holdout period must have a positive length, not %g"), holdout_length);
      return FALSE;
    }

  for (gsize i = 0; i < n; i++)
    {
      guint g = MIN (x[i], HY_CALIBRATION_GROUPS - 1);

      groups[g].customers++;
      actual[g] += holdout[i];
      predicted[g] += p_alive (params, x[i], t_x[i], T[i])
                      * expected_if_alive (params, x[i], T[i], holdout_length);
    }

  for (guint g = 0; g < HY_CALIBRATION_GROUPS; g++)
    if (groups[g].customers > 0)
      {
        groups[g].actual = actual[g] / groups[g].customers;
        groups[g].predicted = predicted[g] / groups[g].customers;
      }

  return TRUE;
}

void
hy_bgnbd_simulate (const HyBgnbdParams *params,
                   guint64              seed,
                   gsize                n,
                   const double        *T,
                   double               holdout_length,
                   guint32             *x,
                   double              *t_x,
                   guint32             *holdout)
{
  g_return_if_fail (params != NULL && params_valid (params));
  g_return_if_fail (n == 0 || (T != NULL && x != NULL && t_x != NULL));
  g_return_if_fail (holdout_length >= 0.0);

  for (gsize i = 0; i < n; i++)
    {
      HyRandom rng;
      double lambda, p, t = 0.0;
      double end = T[i] + holdout_length;
      guint32 in_holdout = 0;

      hy_random_init (&rng, hy_random_mix (seed) ^ hy_random_mix (i + 1));
      lambda = hy_random_gamma (&rng, params->r, 1.0 / params->alpha);
      p = hy_random_beta (&rng, params->a, params->b);
      x[i] = 0;
      t_x[i] = 0.0;

      /* Purchase after purchase until the customer leaves (a chance p after each repeat
       * purchase) or the observation ends. */
      for (;;)
        {
          t += hy_random_exponential (&rng, lambda);
          if (!(t <= end))
            break;
          if (t <= T[i])
            {
              x[i]++;
              t_x[i] = t;
            }
          else
            {
              in_holdout++;
            }
          if (hy_random_double (&rng) < p)
            break;
        }

      if (holdout != NULL)
        holdout[i] = in_holdout;
    }
}
