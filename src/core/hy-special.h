/* hy-special.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The special functions the customer-base models need and libm lacks.  Both are thread-safe. */

/* The digamma function psi(x) = d/dx log Gamma(x); NaN at the poles x = 0, -1, -2, ... */
double hy_digamma (double x);

/* The Gauss hypergeometric function 2F1(a, b; c; z) for real arguments and z <= 1.
 *
 * For |z| <= 0.75 it sums the power series; for 0.75 < z < 1 it uses the linear transformation to
 * 1 - z (Abramowitz & Stegun 15.3.6), interpolating across c - a - b near an integer where that
 * formula degenerates; for z < 0 it applies Pfaff's transformation first.  At z = 1 it returns
 * Gauss's sum when c - a - b > 0.  Relative accuracy is about 1e-13 for moderate parameters; it
 * returns NaN for z > 1, for c a non-positive integer and when the series does not converge. */
double hy_hyp2f1  (double a,
                   double b,
                   double c,
                   double z);

G_END_DECLS
