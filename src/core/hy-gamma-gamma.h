/* hy-gamma-gamma.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The Gamma-Gamma model of spend per purchase (Fader & Hardie 2013, "The Gamma-Gamma model of
 * monetary value").  A customer's purchase values are Gamma(p, nu) (shape p, rate nu), with
 * nu ~ Gamma(q, gamma) across customers, independent of how often they buy.  The data are,
 * per customer with x > 0 repeat purchases, x and zbar, the mean value of those purchases
 * (HyCustomerSummary).  The mean spend per purchase across customers is p gamma / (q - 1). */

typedef struct
{
  double p;
  double q;
  double gamma;
} HyGammaGammaParams;

typedef struct
{
  guint                     min_customers;    /* refuse fewer repeat customers; default 10 */
  guint                     max_iterations;   /* optimiser iterations per stage; default 400 */
  gboolean                  std_errors;       /* also estimate standard errors */
  const HyGammaGammaParams *start;            /* or NULL to choose one */
} HyGammaGammaFitOptions;

typedef struct
{
  HyGammaGammaParams params;
  HyGammaGammaParams std_error;       /* 0 unless asked for */
  /* The log-likelihood of the zbar values: the log of the density of zbar given x, every
   * constant included (this is the convention of the published -4055.9 on CDNOW). */
  double             log_likelihood;
  guint64            n_customers;      /* repeat customers used (sum of their weights) */
  gsize              n_rows;
  guint              iterations;
  guint              evaluations;
  gboolean           used_fallback;
  double             gradient_norm;
} HyGammaGammaFit;

void     hy_gamma_gamma_fit_options_init (HyGammaGammaFitOptions *options);

/* Rows with x = 0 are skipped (their zbar is ignored), so the arrays of all customers can be
 * passed as they are.  weights may be NULL. */
double   hy_gamma_gamma_log_likelihood   (const HyGammaGammaParams *params,
                                          const guint32            *x,
                                          const double             *zbar,
                                          const guint32            *weights,
                                          gsize                     n);

/* Fails with HY_ERROR_INVALID, saying why, for fewer repeat customers than
 * options->min_customers, a repeat customer whose zbar is not a positive number, or when the
 * optimiser does not converge to finite parameters. */
gboolean hy_gamma_gamma_fit              (const guint32            *x,
                                          const double             *zbar,
                                          const guint32            *weights,
                                          gsize                     n,
                                          const HyGammaGammaFitOptions *options,
                                          HyGammaGammaFit          *fit,
                                          GError                  **error);

/* E[Z | x, zbar] = p (gamma + x zbar) / (p x + q - 1), the expected value of a customer's
 * future purchases; for x = 0 the population mean p gamma / (q - 1).  NaN when that has no
 * finite value (q <= 1 with x = 0) or the input is invalid. */
double   hy_gamma_gamma_expected_spend   (const HyGammaGammaParams *params,
                                          guint32                   x,
                                          double                    zbar);

/* Draws zbar for n customers with the given x (0 for x = 0), deterministic in seed and i. */
void     hy_gamma_gamma_simulate         (const HyGammaGammaParams *params,
                                          guint64                   seed,
                                          gsize                     n,
                                          const guint32            *x,
                                          double                   *zbar);

G_END_DECLS
