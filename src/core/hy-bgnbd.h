/* hy-bgnbd.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "hy-customer-summary.h"

G_BEGIN_DECLS

/* The BG/NBD model of Fader, Hardie & Lee (2005), "Counting your customers the easy way".
 *
 * While alive a customer buys as a Poisson process with rate lambda ~ Gamma(r, alpha) (shape r,
 * rate alpha); after every repeat purchase they leave for good with probability p ~ Beta(a, b).
 * A customer is described by x (repeat purchases), t_x (time of the last one since the first
 * purchase) and T (time from the first purchase to the end of observation), see
 * HyCustomerSummary.  All times, and alpha, are in one unit (days or weeks) of the caller's
 * choosing; every time passed to the functions below must be in the unit the model was fitted
 * in. */

typedef struct
{
  double r;       /* shape of the purchase-rate distribution */
  double alpha;   /* its rate, in time units: the mean rate is r / alpha */
  double a;       /* dropout probability ~ Beta(a, b) */
  double b;
} HyBgnbdParams;

typedef struct
{
  guint                min_customers;    /* refuse to fit fewer customers; default 30 */
  guint                max_iterations;   /* optimiser iterations per stage; default 400 */
  gboolean             std_errors;       /* also estimate standard errors; default FALSE */
  const HyBgnbdParams *start;            /* starting point, or NULL to choose one */
} HyBgnbdFitOptions;

typedef struct
{
  HyBgnbdParams params;
  HyBgnbdParams std_error;        /* from the observed information; 0 unless asked for */
  double        log_likelihood;   /* the full log-likelihood, no constant left out */
  guint64       n_customers;      /* sum of the weights */
  gsize         n_rows;
  /* Optimiser iterations and likelihood evaluations (each with its gradient), all stages
   * together: with more than 60,000 rows of repeat customers a fit on a systematic subsample
   * of about 20,000 of them comes first and the fit on all rows starts from its optimum. */
  guint         iterations;
  guint         evaluations;
  gboolean      used_fallback;    /* BFGS stalled and Nelder-Mead was needed */
  double        gradient_norm;    /* max |d(-LL/N)/d log theta| at the optimum */
} HyBgnbdFit;

/* Customers are given as arrays x, t_x and T of n rows, with weights[i] customers sharing row
 * i (weights may be NULL for one each; see hy_customer_rows_compress ()). */

void     hy_bgnbd_fit_options_init   (HyBgnbdFitOptions   *options);

/* The summed log-likelihood; NaN when a row or the parameters are invalid. */
double   hy_bgnbd_log_likelihood     (const HyBgnbdParams *params,
                                      const guint32       *x,
                                      const double        *t_x,
                                      const double        *T,
                                      const guint32       *weights,
                                      gsize                n);

/* Maximum-likelihood fit.  Fails with HY_ERROR_INVALID, saying why, for fewer customers than
 * options->min_customers, no repeat purchase at all, a negative or non-finite time, t_x > T,
 * t_x != 0 with x = 0, or when the optimiser does not converge to finite parameters. */
gboolean hy_bgnbd_fit                (const guint32       *x,
                                      const double        *t_x,
                                      const double        *T,
                                      const guint32       *weights,
                                      gsize                n,
                                      const HyBgnbdFitOptions *options,
                                      HyBgnbdFit          *fit,
                                      GError             **error);

/* The probability that a customer with history (x, t_x, T) is still alive at T; 1 when x = 0. */
double   hy_bgnbd_p_alive            (const HyBgnbdParams *params,
                                      guint32              x,
                                      double               t_x,
                                      double               T);

/* E[Y(t) | x, t_x, T]: expected purchases in (T, T + t] (FHL 2005, eq. 10). */
double   hy_bgnbd_expected_purchases (const HyBgnbdParams *params,
                                      guint32              x,
                                      double               t_x,
                                      double               T,
                                      double               t);

/* E[X(t)]: expected repeat purchases in the first t units after a new customer's first
 * purchase (FHL 2005, eq. 9). */
double   hy_bgnbd_expected_purchases_new (const HyBgnbdParams *params,
                                          double               t);

/* P(alive) and E[Y(t) | x, t_x, T] for n customers; either output may be NULL.  A row that
 * is not a valid history (see hy_bgnbd_fit ()) scores NaN.  Runs on all processors for large
 * n. */
void     hy_bgnbd_score              (const HyBgnbdParams *params,
                                      const guint32       *x,
                                      const double        *t_x,
                                      const double        *T,
                                      gsize                n,
                                      double               t,
                                      double              *p_alive,
                                      double              *expected);

/* The calibration/holdout check: customers grouped by calibration frequency x = 0, 1, ..., 6
 * and 7 or more, with the mean purchases each group made in a holdout period of
 * holdout_length units and the mean the model predicts, E[Y(holdout_length) | x, t_x, T]. */
#define HY_CALIBRATION_GROUPS 8

typedef struct
{
  guint   frequency;   /* x of the group; the last group holds x >= 7 */
  guint64 customers;
  double  actual;      /* mean holdout purchases */
  double  predicted;   /* mean predicted holdout purchases */
} HyCalibrationGroup;

gboolean hy_bgnbd_calibration_table  (const HyBgnbdParams *params,
                                      const guint32       *x,
                                      const double        *t_x,
                                      const double        *T,
                                      const guint32       *holdout,
                                      gsize                n,
                                      double               holdout_length,
                                      HyCalibrationGroup   groups[HY_CALIBRATION_GROUPS],
                                      GError             **error);

/* Draws n customers from the model, customer i observed for T[i] units after their first
 * purchase and then for holdout_length more (holdout may be NULL).  Times are continuous; each
 * customer has their own random stream, so the result depends only on seed and i. */
void     hy_bgnbd_simulate           (const HyBgnbdParams *params,
                                      guint64              seed,
                                      gsize                n,
                                      const double        *T,
                                      double               holdout_length,
                                      guint32             *x,
                                      double              *t_x,
                                      guint32             *holdout);

G_END_DECLS
