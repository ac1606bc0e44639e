/* hy-clv.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "hy-bgnbd.h"
#include "hy-customer-summary.h"
#include "hy-gamma-gamma.h"

G_BEGIN_DECLS

/* Customer lifetime value over a horizon: the horizon is cut into `periods` equal periods of
 * L = horizon / periods units; the value is
 *
 *   margin * E[spend | x, zbar] * sum over k = 1..periods of
 *     (E[Y(k L) | x, t_x, T] - E[Y((k-1) L) | x, t_x, T]) / (1 + d)^k,
 *
 * with E[Y] from BG/NBD, E[spend] from Gamma-Gamma, and d the rate per period equivalent to the
 * annual rate: (1 + d) = (1 + annual_discount_rate)^(L / units per year), a year being 365.25
 * days.  Each period's purchases are discounted from the end of that period. */
typedef struct
{
  HyTimeUnit unit;                   /* the unit the BG/NBD model was fitted in */
  double     horizon;                /* in units; default one year (365 days, 52 weeks) */
  guint      periods;                /* default 12 */
  double     annual_discount_rate;   /* default 0.10; 0 for none */
  double     margin;                 /* share of spend that is profit; default 1.0 */
} HyClvOptions;

void     hy_clv_options_init         (HyClvOptions             *options,
                                      HyTimeUnit                unit);

/* The discount rate d per period that options imply. */
double   hy_clv_period_discount_rate (const HyClvOptions       *options);

/* CLV of n customers (x, t_x, T, zbar as in HyCustomerSummary) into clv.  Runs on several
 * threads for large n.  Fails with HY_ERROR_INVALID for invalid options, parameters or rows,
 * and when customers without repeat purchases need the population mean spend but the spend
 * model has none (q <= 1). */
gboolean hy_clv_compute              (const HyBgnbdParams      *bgnbd,
                                      const HyGammaGammaParams *spend,
                                      const guint32            *x,
                                      const double             *t_x,
                                      const double             *T,
                                      const double             *zbar,
                                      gsize                     n,
                                      const HyClvOptions       *options,
                                      double                   *clv,
                                      GError                  **error);

G_END_DECLS
