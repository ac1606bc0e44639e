/* hy-optimize.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A small unconstrained minimiser for smooth functions of a few variables (the model fits have 3
 * or 4): BFGS with a strong-Wolfe line search, and Nelder-Mead as a fallback that needs no
 * gradient.  Constrain parameters by transforming them (optimise log r, not r). */

#define HY_OPTIMIZE_MAX_DIMENSIONS 16

/* Returns f (x) and, when gradient is not NULL, stores the gradient there.  Return NaN or
 * infinity for points outside the function's domain: the minimisers back off from them. */
typedef double (*HyObjectiveFunc) (const double *x,
                                   double       *gradient,
                                   gpointer      user_data);

typedef enum
{
  HY_OPTIMIZE_BFGS,
  HY_OPTIMIZE_NELDER_MEAD,
} HyOptimizeMethod;

typedef struct
{
  guint         max_iterations;       /* per method; default 400 */
  double        gradient_tolerance;   /* converged when max |df/dx_i| <= this; default 1e-9 */
  /* An n x n row-major estimate of the inverse Hessian at the start (for a warm start), or NULL
   * for a scaled identity. */
  const double *inverse_hessian;
} HyOptimizeOptions;

typedef struct
{
  double           value;           /* f at the returned point */
  double           gradient_norm;   /* max |df/dx_i| there */
  guint            iterations;
  guint            evaluations;     /* calls of the objective */
  HyOptimizeMethod method;          /* the method that produced the point */
  gboolean         used_fallback;   /* BFGS stalled and Nelder-Mead was needed */
  gboolean         converged;
} HyOptimizeResult;

void     hy_optimize_options_init (HyOptimizeOptions *options);

/* Each minimises f from x (n <= HY_OPTIMIZE_MAX_DIMENSIONS values, overwritten with the best
 * point found), fills result and returns whether it converged. */
gboolean hy_optimize_bfgs         (HyObjectiveFunc          func,
                                   gpointer                 user_data,
                                   guint                    n,
                                   double                  *x,
                                   const HyOptimizeOptions *options,
                                   HyOptimizeResult        *result);
gboolean hy_optimize_nelder_mead  (HyObjectiveFunc          func,
                                   gpointer                 user_data,
                                   guint                    n,
                                   double                  *x,
                                   const HyOptimizeOptions *options,
                                   HyOptimizeResult        *result);
/* BFGS; if it does not converge, Nelder-Mead from the best point so far and BFGS again from
 * there.  The counts in result add up over the stages. */
gboolean hy_optimize_minimize     (HyObjectiveFunc          func,
                                   gpointer                 user_data,
                                   guint                    n,
                                   double                  *x,
                                   const HyOptimizeOptions *options,
                                   HyOptimizeResult        *result);

/* The n x n Hessian at x by central differences of the analytic gradient (step h in every
 * coordinate), symmetrised.  Returns FALSE if the function failed at a point. */
gboolean hy_optimize_hessian      (HyObjectiveFunc          func,
                                   gpointer                 user_data,
                                   guint                    n,
                                   const double            *x,
                                   double                   h,
                                   double                  *hessian);
/* Inverts a symmetric positive definite n x n matrix by Cholesky; FALSE if it is not. */
gboolean hy_matrix_invert_spd     (guint                    n,
                                   const double            *matrix,
                                   double                  *inverse);

G_END_DECLS
