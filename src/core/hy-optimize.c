/* hy-optimize.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * BFGS after Nocedal & Wright, "Numerical Optimization" (2nd ed.), algorithms 6.1 (BFGS), 3.5
 * and 3.6 (line search for the strong Wolfe conditions, with cubic interpolation in the zoom);
 * Nelder-Mead with the dimension-dependent coefficients of Gao & Han (2012).
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "hy-optimize.h"

#define WOLFE_C1          1e-4
#define WOLFE_C2          0.9
/* Hager & Zhang's approximate Wolfe condition: near a minimum the decrease of f is lost in
 * rounding (a gradient of 1e-8 buys a decrease of 1e-16), but the slope still shows whether a
 * step went too far.  A step that raises f by no more than this relative amount and whose slope
 * is at most (2 delta - 1) times the initial one counts as a sufficient decrease. */
#define APPROX_WOLFE_EPS   1e-10
#define APPROX_WOLFE_DELTA 0.1
#define LINE_SEARCH_STEPS 40
/* No coordinate moves further than this in one line search: with log-parameters that is a
 * factor of e^10, and it keeps a wild first step from overflowing the objective. */
#define MAX_STEP          10.0

typedef struct
{
  HyObjectiveFunc func;
  gpointer        user_data;
  guint           n;
  guint           evaluations;
} Objective;

typedef struct
{
  double alpha;
  double f;
  double slope;   /* directional derivative at alpha */
} LinePoint;

/* The line search's scratch space and the best point it has accepted. */
typedef struct
{
  const double *x0;
  const double *p;
  double        f0;
  double        slope0;
  double       *x_trial;
  double       *g_trial;
  double       *x_best;
  double       *g_best;
  double        f_best;
} LineSearch;

void
hy_optimize_options_init (HyOptimizeOptions *options)
{
  g_return_if_fail (options != NULL);

  options->max_iterations = 400;
  options->gradient_tolerance = 1e-9;
  options->inverse_hessian = NULL;
}

static void
options_or_defaults (const HyOptimizeOptions *options,
                     HyOptimizeOptions       *out)
{
  hy_optimize_options_init (out);
  if (options == NULL)
    return;
  if (options->max_iterations > 0)
    out->max_iterations = options->max_iterations;
  if (options->gradient_tolerance > 0.0)
    out->gradient_tolerance = options->gradient_tolerance;
  out->inverse_hessian = options->inverse_hessian;
}

static double
dot (guint         n,
     const double *u,
     const double *v)
{
  double sum = 0.0;

  for (guint i = 0; i < n; i++)
    sum += u[i] * v[i];
  return sum;
}

static double
max_abs (guint         n,
         const double *v)
{
  double m = 0.0;

  for (guint i = 0; i < n; i++)
    m = MAX (m, fabs (v[i]));
  return m;
}

/* Any non-finite value, in f or in the gradient, makes the point count as outside the domain. */
static double
objective_eval (Objective    *obj,
                const double *x,
                double       *gradient)
{
  double f;

  obj->evaluations++;
  f = obj->func (x, gradient, obj->user_data);
  if (!isfinite (f))
    return INFINITY;
  if (gradient != NULL)
    for (guint i = 0; i < obj->n; i++)
      if (!isfinite (gradient[i]))
        return INFINITY;
  return f;
}

static gboolean
line_decreased (LineSearch *ls,
                LinePoint   point)
{
  if (!isfinite (point.f))
    return FALSE;
  if (point.f <= ls->f0 + WOLFE_C1 * point.alpha * ls->slope0)
    return TRUE;
  return point.f <= ls->f0 + APPROX_WOLFE_EPS * fabs (ls->f0)
         && point.slope <= (2.0 * APPROX_WOLFE_DELTA - 1.0) * ls->slope0;
}

/* Whether trial is no better than reference.  Values closer than rounding can tell apart are
 * taken as equal, and then a trial that passes line_decreased () is as good. */
static gboolean
line_worse (LineSearch *ls,
            LinePoint   trial,
            LinePoint   reference)
{
  if (!line_decreased (ls, trial))
    return TRUE;
  if (fabs (trial.f - reference.f) > APPROX_WOLFE_EPS * fabs (ls->f0))
    return trial.f > reference.f;
  return FALSE;
}

static LinePoint
line_eval (Objective  *obj,
           LineSearch *ls,
           double      alpha)
{
  LinePoint point;

  for (guint i = 0; i < obj->n; i++)
    ls->x_trial[i] = ls->x0[i] + alpha * ls->p[i];
  point.alpha = alpha;
  point.f = objective_eval (obj, ls->x_trial, ls->g_trial);
  point.slope = isfinite (point.f) ? dot (obj->n, ls->g_trial, ls->p) : NAN;
  return point;
}

static void
line_accept (Objective  *obj,
             LineSearch *ls,
             LinePoint   point)
{
  memcpy (ls->x_best, ls->x_trial, obj->n * sizeof (double));
  memcpy (ls->g_best, ls->g_trial, obj->n * sizeof (double));
  ls->f_best = point.f;
}

/* The minimiser of the cubic matching both ends' values and slopes, kept at least a tenth of
 * the interval from either end; the midpoint when the cubic is no use. */
static double
line_interpolate (LinePoint lo,
                  LinePoint hi)
{
  double width = hi.alpha - lo.alpha;
  double low_end = MIN (lo.alpha, hi.alpha) + 0.1 * fabs (width);
  double high_end = MAX (lo.alpha, hi.alpha) - 0.1 * fabs (width);
  double d1, d2sq, d2, t;

  if (!isfinite (hi.f) || !isfinite (hi.slope))
    return lo.alpha + 0.5 * width;

  d1 = lo.slope + hi.slope - 3.0 * (lo.f - hi.f) / (lo.alpha - hi.alpha);
  d2sq = d1 * d1 - lo.slope * hi.slope;
  if (d2sq < 0.0)
    return lo.alpha + 0.5 * width;
  d2 = copysign (sqrt (d2sq), width);
  t = hi.alpha - width * (hi.slope + d2 - d1) / (hi.slope - lo.slope + 2.0 * d2);
  if (!isfinite (t) || t < low_end || t > high_end)
    return lo.alpha + 0.5 * width;
  return t;
}

/* Algorithm 3.6: lo satisfies sufficient decrease and is the best point so far; the interval
 * between lo and hi holds a point satisfying the strong Wolfe conditions. */
static gboolean
line_zoom (Objective  *obj,
           LineSearch *ls,
           LinePoint   lo,
           LinePoint   hi)
{
  for (guint k = 0; k < LINE_SEARCH_STEPS; k++)
    {
      LinePoint trial = line_eval (obj, ls, line_interpolate (lo, hi));

      if (line_worse (ls, trial, lo))
        {
          hi = trial;
        }
      else
        {
          line_accept (obj, ls, trial);
          if (fabs (trial.slope) <= -WOLFE_C2 * ls->slope0)
            return TRUE;
          if (trial.slope * (hi.alpha - lo.alpha) >= 0.0)
            hi = lo;
          lo = trial;
        }

      if (fabs (hi.alpha - lo.alpha) <= 1e-15 * MAX (1.0, fabs (lo.alpha)))
        break;
    }

  /* No curvature condition, but a decrease is still progress. */
  return lo.alpha > 0.0;
}

/* Algorithm 3.5.  On success the accepted point is in ls->x_best, ls->g_best, ls->f_best. */
static gboolean
line_search (Objective  *obj,
             LineSearch *ls,
             double      alpha,
             double      alpha_max)
{
  LinePoint previous = { 0.0, ls->f0, ls->slope0 };

  alpha = MIN (alpha, alpha_max);
  for (guint i = 0; i < LINE_SEARCH_STEPS; i++)
    {
      LinePoint trial = line_eval (obj, ls, alpha);

      if (!line_decreased (ls, trial) || (i > 0 && line_worse (ls, trial, previous)))
        return line_zoom (obj, ls, previous, trial);

      line_accept (obj, ls, trial);
      if (fabs (trial.slope) <= -WOLFE_C2 * ls->slope0)
        return TRUE;
      if (trial.slope >= 0.0)
        return line_zoom (obj, ls, trial, previous);
      if (alpha >= alpha_max)
        return TRUE;

      previous = trial;
      alpha = MIN (2.0 * alpha, alpha_max);
    }

  return previous.alpha > 0.0;
}

static void
set_identity (guint   n,
              double *matrix,
              double  scale)
{
  memset (matrix, 0, n * n * sizeof (double));
  for (guint i = 0; i < n; i++)
    matrix[i * n + i] = scale;
}

/* H <- (I - rho s y') H (I - rho y s') + rho s s', rho = 1 / y's, for symmetric H. */
static void
bfgs_update (guint         n,
             double       *h,
             const double *s,
             const double *y,
             double        sy)
{
  double hy[HY_OPTIMIZE_MAX_DIMENSIONS];
  double rho = 1.0 / sy;
  double yhy;

  for (guint i = 0; i < n; i++)
    hy[i] = dot (n, h + i * n, y);
  yhy = dot (n, y, hy);

  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      h[i * n + j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
}

gboolean
hy_optimize_bfgs (HyObjectiveFunc          func,
                  gpointer                 user_data,
                  guint                    n,
                  double                  *x,
                  const HyOptimizeOptions *options,
                  HyOptimizeResult        *result)
{
  Objective obj = { func, user_data, n, 0 };
  HyOptimizeOptions opts;
  double h[HY_OPTIMIZE_MAX_DIMENSIONS * HY_OPTIMIZE_MAX_DIMENSIONS];
  double g[HY_OPTIMIZE_MAX_DIMENSIONS];
  double p[HY_OPTIMIZE_MAX_DIMENSIONS];
  double s[HY_OPTIMIZE_MAX_DIMENSIONS];
  double y[HY_OPTIMIZE_MAX_DIMENSIONS];
  double x_trial[HY_OPTIMIZE_MAX_DIMENSIONS];
  double g_trial[HY_OPTIMIZE_MAX_DIMENSIONS];
  double x_next[HY_OPTIMIZE_MAX_DIMENSIONS];
  double g_next[HY_OPTIMIZE_MAX_DIMENSIONS];
  gboolean identity = TRUE;
  gboolean scaled;
  guint stalls = 0;
  guint iter;
  double f;

  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (n > 0 && n <= HY_OPTIMIZE_MAX_DIMENSIONS, FALSE);
  g_return_val_if_fail (x != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  options_or_defaults (options, &opts);
  memset (result, 0, sizeof *result);
  result->method = HY_OPTIMIZE_BFGS;

  f = objective_eval (&obj, x, g);
  if (!isfinite (f))
    {
      result->value = f;
      result->gradient_norm = INFINITY;
      result->evaluations = obj.evaluations;
      return FALSE;
    }

  scaled = opts.inverse_hessian != NULL;
  if (scaled)
    {
      memcpy (h, opts.inverse_hessian, n * n * sizeof (double));
      identity = FALSE;
    }
  else
    {
      set_identity (n, h, 1.0);
    }

  for (iter = 0; iter < opts.max_iterations; iter++)
    {
      LineSearch ls = { x, p, f, 0.0, x_trial, g_trial, x_next, g_next, f };
      double g_norm = max_abs (n, g);
      double f_previous = f;
      double alpha = 1.0;
      double sy, step;

      if (g_norm <= opts.gradient_tolerance)
        break;

      for (guint i = 0; i < n; i++)
        p[i] = -dot (n, h + i * n, g);
      ls.slope0 = dot (n, g, p);
      if (!(ls.slope0 < 0.0))
        {
          /* Not a descent direction: the curvature estimate has gone bad. */
          set_identity (n, h, 1.0);
          identity = TRUE;
          scaled = FALSE;
          for (guint i = 0; i < n; i++)
            p[i] = -g[i];
          ls.slope0 = -dot (n, g, g);
        }
      if (identity && !scaled)
        alpha = MIN (1.0, 1.0 / g_norm);

      if (!line_search (&obj, &ls, alpha, MAX_STEP / max_abs (n, p)))
        {
          if (identity)
            break;
          /* Retry once along steepest descent before giving up. */
          set_identity (n, h, 1.0);
          identity = TRUE;
          scaled = FALSE;
          continue;
        }

      for (guint i = 0; i < n; i++)
        {
          s[i] = x_next[i] - x[i];
          y[i] = g_next[i] - g[i];
        }
      memcpy (x, x_next, n * sizeof (double));
      memcpy (g, g_next, n * sizeof (double));
      f = ls.f_best;

      sy = dot (n, s, y);
      if (sy > 1e-12 * sqrt (dot (n, s, s) * dot (n, y, y)))
        {
          if (identity && !scaled)
            set_identity (n, h, sy / dot (n, y, y));
          bfgs_update (n, h, s, y, sy);
          identity = FALSE;
          scaled = TRUE;
        }

      step = max_abs (n, s);
      if (fabs (f_previous - f) <= 1e-15 * MAX (1.0, fabs (f))
          && step <= 1e-12 * MAX (1.0, max_abs (n, x)))
        {
          if (++stalls >= 3)
            break;
        }
      else
        {
          stalls = 0;
        }
    }

  result->value = f;
  result->gradient_norm = max_abs (n, g);
  result->iterations = iter;
  result->evaluations = obj.evaluations;
  result->converged = result->gradient_norm <= opts.gradient_tolerance;
  return result->converged;
}

typedef struct
{
  double *x;
  double  f;
} Vertex;

static int
vertex_compare (gconstpointer a,
                gconstpointer b)
{
  const Vertex *va = a;
  const Vertex *vb = b;

  return (va->f > vb->f) - (va->f < vb->f);
}

static double
nm_try (Objective    *obj,
        guint         n,
        const double *centroid,
        const double *from,
        double        coefficient,
        double       *out)
{
  /* out = centroid + coefficient (centroid - from) */
  for (guint i = 0; i < n; i++)
    out[i] = centroid[i] + coefficient * (centroid[i] - from[i]);
  return objective_eval (obj, out, NULL);
}

gboolean
hy_optimize_nelder_mead (HyObjectiveFunc          func,
                         gpointer                 user_data,
                         guint                    n,
                         double                  *x,
                         const HyOptimizeOptions *options,
                         HyOptimizeResult        *result)
{
  Objective obj = { func, user_data, n, 0 };
  HyOptimizeOptions opts;
  /* Gao & Han's adaptive coefficients: reflection, expansion, contraction, shrink. */
  double expand = 1.0 + 2.0 / n;
  double contract = 0.75 - 0.5 / n;
  double shrink = n > 1 ? 1.0 - 1.0 / n : 0.5;
  g_autofree double *storage = g_new (double, (n + 1) * n + 4 * n);
  Vertex v[HY_OPTIMIZE_MAX_DIMENSIONS + 1];
  double *centroid = storage + (n + 1) * n;
  double *xr = centroid + n;
  double *xe = xr + n;
  double *xc = xe + n;
  double g[HY_OPTIMIZE_MAX_DIMENSIONS];
  guint max_iterations;
  guint iter;

  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (n > 0 && n <= HY_OPTIMIZE_MAX_DIMENSIONS, FALSE);
  g_return_val_if_fail (x != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  options_or_defaults (options, &opts);
  max_iterations = MAX (opts.max_iterations, 400 * n);
  memset (result, 0, sizeof *result);
  result->method = HY_OPTIMIZE_NELDER_MEAD;

  for (guint k = 0; k <= n; k++)
    {
      v[k].x = storage + k * n;
      memcpy (v[k].x, x, n * sizeof (double));
      if (k > 0)
        v[k].x[k - 1] += 0.25 * MAX (1.0, fabs (x[k - 1]));
      v[k].f = objective_eval (&obj, v[k].x, NULL);
    }

  for (iter = 0; iter < max_iterations; iter++)
    {
      Vertex *best, *worst;
      double spread = 0.0;
      double fr;

      qsort (v, n + 1, sizeof (Vertex), vertex_compare);
      best = &v[0];
      worst = &v[n];

      for (guint k = 1; k <= n; k++)
        for (guint i = 0; i < n; i++)
          spread = MAX (spread, fabs (v[k].x[i] - best->x[i]));
      if (isfinite (worst->f)
          && worst->f - best->f <= 1e-14 * MAX (1.0, fabs (best->f))
          && spread <= 1e-9 * MAX (1.0, max_abs (n, best->x)))
        {
          result->converged = TRUE;
          break;
        }

      memset (centroid, 0, n * sizeof (double));
      for (guint k = 0; k < n; k++)
        for (guint i = 0; i < n; i++)
          centroid[i] += v[k].x[i] / n;

      fr = nm_try (&obj, n, centroid, worst->x, 1.0, xr);
      if (fr < best->f)
        {
          double fe = nm_try (&obj, n, centroid, worst->x, expand, xe);

          memcpy (worst->x, fe < fr ? xe : xr, n * sizeof (double));
          worst->f = MIN (fe, fr);
        }
      else if (fr < v[n - 1].f)
        {
          memcpy (worst->x, xr, n * sizeof (double));
          worst->f = fr;
        }
      else
        {
          /* Contract outside if the reflection beat the worst point, inside otherwise. */
          gboolean outside = fr < worst->f;
          double fc = nm_try (&obj, n, centroid, worst->x, outside ? contract : -contract, xc);

          if (fc < (outside ? fr : worst->f))
            {
              memcpy (worst->x, xc, n * sizeof (double));
              worst->f = fc;
            }
          else
            {
              for (guint k = 1; k <= n; k++)
                {
                  for (guint i = 0; i < n; i++)
                    v[k].x[i] = best->x[i] + shrink * (v[k].x[i] - best->x[i]);
                  v[k].f = objective_eval (&obj, v[k].x, NULL);
                }
            }
        }
    }

  qsort (v, n + 1, sizeof (Vertex), vertex_compare);
  memcpy (x, v[0].x, n * sizeof (double));
  result->value = v[0].f;
  result->iterations = iter;
  objective_eval (&obj, x, g);
  result->gradient_norm = max_abs (n, g);
  result->evaluations = obj.evaluations;
  return result->converged;
}

gboolean
hy_optimize_minimize (HyObjectiveFunc          func,
                      gpointer                 user_data,
                      guint                    n,
                      double                  *x,
                      const HyOptimizeOptions *options,
                      HyOptimizeResult        *result)
{
  HyOptimizeOptions opts;
  HyOptimizeResult first, fallback;

  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (n > 0 && n <= HY_OPTIMIZE_MAX_DIMENSIONS, FALSE);
  g_return_val_if_fail (x != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  if (hy_optimize_bfgs (func, user_data, n, x, options, result))
    return TRUE;
  if (!isfinite (result->value))
    return FALSE;

  /* Start the fallback afresh: a warm-start curvature estimate may be what misled BFGS. */
  options_or_defaults (options, &opts);
  opts.inverse_hessian = NULL;
  first = *result;
  hy_optimize_nelder_mead (func, user_data, n, x, &opts, &fallback);
  hy_optimize_bfgs (func, user_data, n, x, &opts, result);

  result->iterations += first.iterations + fallback.iterations;
  result->evaluations += first.evaluations + fallback.evaluations;
  result->used_fallback = TRUE;
  return result->converged;
}

gboolean
hy_optimize_hessian (HyObjectiveFunc  func,
                     gpointer         user_data,
                     guint            n,
                     const double    *x,
                     double           h,
                     double          *hessian)
{
  Objective obj = { func, user_data, n, 0 };
  double xs[HY_OPTIMIZE_MAX_DIMENSIONS];
  double gp[HY_OPTIMIZE_MAX_DIMENSIONS];
  double gm[HY_OPTIMIZE_MAX_DIMENSIONS];

  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (n > 0 && n <= HY_OPTIMIZE_MAX_DIMENSIONS, FALSE);
  g_return_val_if_fail (x != NULL && hessian != NULL, FALSE);
  g_return_val_if_fail (h > 0.0, FALSE);

  for (guint i = 0; i < n; i++)
    {
      memcpy (xs, x, n * sizeof (double));
      xs[i] = x[i] + h;
      if (!isfinite (objective_eval (&obj, xs, gp)))
        return FALSE;
      xs[i] = x[i] - h;
      if (!isfinite (objective_eval (&obj, xs, gm)))
        return FALSE;
      for (guint j = 0; j < n; j++)
        hessian[i * n + j] = (gp[j] - gm[j]) / (2.0 * h);
    }

  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < i; j++)
      hessian[i * n + j] = hessian[j * n + i] = 0.5 * (hessian[i * n + j] + hessian[j * n + i]);

  return TRUE;
}

gboolean
hy_matrix_invert_spd (guint         n,
                      const double *matrix,
                      double       *inverse)
{
  double l[HY_OPTIMIZE_MAX_DIMENSIONS * HY_OPTIMIZE_MAX_DIMENSIONS] = { 0 };
  double m[HY_OPTIMIZE_MAX_DIMENSIONS * HY_OPTIMIZE_MAX_DIMENSIONS] = { 0 };

  g_return_val_if_fail (n > 0 && n <= HY_OPTIMIZE_MAX_DIMENSIONS, FALSE);
  g_return_val_if_fail (matrix != NULL && inverse != NULL, FALSE);

  /* matrix = L L' */
  for (guint j = 0; j < n; j++)
    {
      double d = matrix[j * n + j];

      for (guint k = 0; k < j; k++)
        d -= l[j * n + k] * l[j * n + k];
      if (!(d > 0.0) || !isfinite (d))
        return FALSE;
      l[j * n + j] = sqrt (d);
      for (guint i = j + 1; i < n; i++)
        {
          double v = matrix[i * n + j];

          for (guint k = 0; k < j; k++)
            v -= l[i * n + k] * l[j * n + k];
          l[i * n + j] = v / l[j * n + j];
        }
    }

  /* M = L^-1 by forward substitution, then inverse = M' M. */
  for (guint j = 0; j < n; j++)
    {
      m[j * n + j] = 1.0 / l[j * n + j];
      for (guint i = j + 1; i < n; i++)
        {
          double v = 0.0;

          for (guint k = j; k < i; k++)
            v -= l[i * n + k] * m[k * n + j];
          m[i * n + j] = v / l[i * n + i];
        }
    }

  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        double v = 0.0;

        for (guint k = MAX (i, j); k < n; k++)
          v += m[k * n + i] * m[k * n + j];
        inverse[i * n + j] = v;
      }

  return TRUE;
}
