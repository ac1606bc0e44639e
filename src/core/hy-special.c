/* hy-special.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <float.h>
#include <math.h>

#include "hy-special.h"

/* Up to this z the power series is always used.  Beyond it the series is still used when it
 * converges within DIRECT_BUDGET terms without cancelling, and otherwise the 1 - z transformation
 * takes over; there 1 - z < 0.25, so both of its series converge within a few dozen terms. */
#define TRANSFORM_FROM     0.75
#define DIRECT_BUDGET      4000.0
#define SERIES_MAX_TERMS   200000
/* Half-width of the band around an integer c - a - b in which the transformation is replaced by
 * interpolation.  Its two terms carry poles that cancel there: at a distance d from the integer
 * they lose about log10 (1 / d) digits.  Inside the band a degree-5 polynomial through the
 * points at +-h, +-2h, +-3h (F is analytic in c) stands in; its error is of order
 * h^6 d^6F/dc^6 / 20, far below the 1e-13 that rounding leaves at distance h. */
#define INTEGER_GAP        2e-3

double
hy_digamma (double x)
{
  double result = 0.0;
  double f;

  if (isnan (x))
    return NAN;

  if (x <= 0.0)
    {
      if (x == floor (x))
        return NAN;
      /* Reflection: psi (1 - x) - psi (x) = pi cot (pi x). */
      return hy_digamma (1.0 - x) - G_PI / tan (G_PI * x);
    }

  /* Recurrence up to x >= 10, where the asymptotic series below is good to a few ulps. */
  while (x < 10.0)
    {
      result -= 1.0 / x;
      x += 1.0;
    }

  f = 1.0 / (x * x);
  result += log (x) - 0.5 / x
            - f * (1.0 / 12.0
                   - f * (1.0 / 120.0
                          - f * (1.0 / 252.0
                                 - f * (1.0 / 240.0
                                        - f * (1.0 / 132.0
                                               - f * (691.0 / 32760.0))))));
  return result;
}

static gboolean
is_nonpositive_integer (double x)
{
  return x <= 0.0 && x == floor (x);
}

/* Gamma (n1) Gamma (n2) / (Gamma (d1) Gamma (d2)) * exp (log_extra), with the signs of the gamma
 * functions kept; 0 when a denominator sits on a pole (1 / Gamma vanishes there). */
static double
gamma_ratio (double n1,
             double n2,
             double d1,
             double d2,
             double log_extra)
{
  int s1, s2, s3, s4;
  double l;

  if (is_nonpositive_integer (d1) || is_nonpositive_integer (d2))
    return 0.0;

  l = lgamma_r (n1, &s1) + lgamma_r (n2, &s2) - lgamma_r (d1, &s3) - lgamma_r (d2, &s4);
  return (double) (s1 * s2 * s3 * s4) * exp (l + log_extra);
}

/* The defining power series, for |z| < 1 (or any z when a or b is a non-positive integer and the
 * series is a polynomial). */
static double
hyp2f1_series_bounded (double  a,
                       double  b,
                       double  c,
                       double  z,
                       guint   max_terms,
                       double *max_term)
{
  /* Beyond this index no factor changes sign any more and no pole of (c)_n lies ahead, so a term
   * that has become negligible stays so. */
  double settle = MAX (MAX (-a, -b), -c);
  double sum = 1.0;
  double term = 1.0;
  double largest = 1.0;

  for (guint n = 0; n < max_terms; n++)
    {
      term *= (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
      sum += term;
      largest = MAX (largest, fabs (term));
      if (term == 0.0
          || (n > settle
              && fabs (term) <= 1e-17 * fabs (sum)
              && fabs ((a + n + 1) * (b + n + 1) / ((c + n + 1) * (n + 2.0)) * z) < 1.0))
        {
          if (max_term != NULL)
            *max_term = largest;
          return sum;
        }
    }

  return NAN;
}

static double
hyp2f1_series (double a,
               double b,
               double c,
               double z)
{
  return hyp2f1_series_bounded (a, b, c, z, SERIES_MAX_TERMS, NULL);
}

/* About how many terms the series needs for 0 < z < 1: the terms grow while the ratio
 * z (n + a) (n + b) / ((n + c) (n + 1)) exceeds 1, then shrink roughly like z^n. */
static double
hyp2f1_series_length (double a,
                      double b,
                      double c,
                      double z)
{
  double qa = 1.0 - z;
  double qb = c + 1.0 - z * (a + b);
  double qc = c - z * a * b;
  double disc = qb * qb - 4.0 * qa * qc;
  double peak = 0.0;

  if (disc > 0.0)
    peak = MAX (0.0, (-qb + sqrt (disc)) / (2.0 * qa));
  return peak + MAX (MAX (-a, -b), MAX (-c, 0.0)) + 40.0 / -log (z);
}

/* Abramowitz & Stegun 15.3.6, for c - a - b not an integer:
 *
 *   F(a,b;c;z) = G(c) G(m) / (G(c-a) G(c-b)) F(a, b; 1-m; 1-z)
 *              + (1-z)^m G(c) G(-m) / (G(a) G(b)) F(c-a, c-b; 1+m; 1-z),   m = c - a - b. */
static double
hyp2f1_transform_general (double a,
                          double b,
                          double c,
                          double z)
{
  double m = c - a - b;
  double w = 1.0 - z;
  double first = gamma_ratio (c, m, c - a, c - b, 0.0);
  double second = gamma_ratio (c, -m, a, b, m * log (w));

  if (first != 0.0)
    first *= hyp2f1_series (a, b, 1.0 - m, w);
  if (second != 0.0)
    second *= hyp2f1_series (c - a, c - b, 1.0 + m, w);

  return first + second;
}

static double
hyp2f1_transform (double a,
                  double b,
                  double c,
                  double z)
{
  static const double nodes[] = { -3.0, -2.0, -1.0, 1.0, 2.0, 3.0 };
  double m = c - a - b;
  double offset = m - nearbyint (m);
  double u = offset / INTEGER_GAP;
  double result = 0.0;

  if (fabs (offset) >= INTEGER_GAP)
    return hyp2f1_transform_general (a, b, c, z);

  /* Lagrange interpolation in u = offset / h. */
  for (guint i = 0; i < G_N_ELEMENTS (nodes); i++)
    {
      double weight = 1.0;

      for (guint j = 0; j < G_N_ELEMENTS (nodes); j++)
        if (j != i)
          weight *= (u - nodes[j]) / (nodes[i] - nodes[j]);
      result += weight * hyp2f1_transform_general (a, b, c - offset + nodes[i] * INTEGER_GAP, z);
    }

  return result;
}

double
hy_hyp2f1 (double a,
           double b,
           double c,
           double z)
{
  double length;

  if (isnan (a) || isnan (b) || isnan (c) || isnan (z) || z > 1.0)
    return NAN;
  if (z == 0.0 || a == 0.0 || b == 0.0)
    return 1.0;
  if (is_nonpositive_integer (c))
    return NAN;
  if (is_nonpositive_integer (a) || is_nonpositive_integer (b))
    return hyp2f1_series (a, b, c, z);
  if (c == b)
    return pow (1.0 - z, -a);
  if (c == a)
    return pow (1.0 - z, -b);

  if (z == 1.0)
    {
      /* Gauss's summation; the series diverges otherwise. */
      if (c - a - b <= 0.0)
        return NAN;
      return gamma_ratio (c, c - a - b, c - a, c - b, 0.0);
    }

  if (z < 0.0)
    {
      /* Pfaff: F(a,b;c;z) = (1-z)^-a F(a, c-b; c; z/(z-1)), with z/(z-1) in (0, 1). */
      return pow (1.0 - z, -a) * hy_hyp2f1 (a, c - b, c, z / (z - 1.0));
    }

  if (z <= TRANSFORM_FROM)
    return hyp2f1_series (a, b, c, z);

  /* Near 1 the transformation is cheap but cancels badly when a and b are large; the series is
   * slow but safe as long as its terms do not cancel.  Take the series when it is affordable. */
  length = hyp2f1_series_length (a, b, c, z);
  if (length <= DIRECT_BUDGET)
    {
      double largest = 0.0;
      double sum = hyp2f1_series_bounded (a, b, c, z, (guint) (4.0 * length) + 100, &largest);

      if (!isnan (sum) && largest <= 1e3 * fabs (sum))
        return sum;
    }

  return hyp2f1_transform (a, b, c, z);
}
