/* test-special.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The numerical building blocks of the customer-base models: digamma, the Gauss hypergeometric
 * function and the optimiser.  Reference values come from closed forms or from mpmath at 30
 * digits.
 */

#include <math.h>

#include "hy-optimize.h"
#include "hy-special.h"

static void
assert_relative (double got,
                 double expected,
                 double tolerance)
{
  if (!(fabs (got - expected) <= tolerance * fabs (expected)))
    g_error ("got %.17g, expected %.17g (relative error %.3g > %.3g)",
             got, expected, fabs (got - expected) / fabs (expected), tolerance);
}

static void
test_digamma (void)
{
  const double euler_gamma = 0.57721566490153286061;

  assert_relative (hy_digamma (1.0), -euler_gamma, 1e-14);
  assert_relative (hy_digamma (0.5), -euler_gamma - 2.0 * G_LN2, 1e-14);
  assert_relative (hy_digamma (10.3), 2.28281544643912266553, 1e-15);
  assert_relative (hy_digamma (0.243), -4.35109386442321072883, 1e-14);
  assert_relative (hy_digamma (1e-3), -1000.57557193181027966, 1e-15);
  assert_relative (hy_digamma (250.5), 5.52146158452704644897, 1e-15);
  assert_relative (hy_digamma (-0.5), 0.03648997397857652056, 1e-13);
  g_assert_true (isnan (hy_digamma (0.0)));
  g_assert_true (isnan (hy_digamma (-2.0)));
}

static void
test_hyp2f1_closed_forms (void)
{
  static const double zs[] = { 0.3, 0.75, 0.9, 0.99, 0.999, 0.99999, -0.5, -5.0, -300.0 };

  for (guint i = 0; i < G_N_ELEMENTS (zs); i++)
    {
      double z = zs[i];

      /* c - a - b = 0: the transformation's degenerate case. */
      assert_relative (hy_hyp2f1 (1.0, 1.0, 2.0, z), -log1p (-z) / z, 1e-11);
      /* c - a - b = 1 */
      assert_relative (hy_hyp2f1 (1.0, 1.0, 3.0, z),
                       2.0 * ((1.0 - z) * log1p (-z) + z) / (z * z), 1e-10);
      /* c = b */
      assert_relative (hy_hyp2f1 (0.37, 2.5, 2.5, z), pow (1.0 - z, -0.37), 1e-14);
      /* c - a - b = 1/2 */
      if (z > 0.0)
        assert_relative (hy_hyp2f1 (0.5, 0.5, 1.5, z), asin (sqrt (z)) / sqrt (z), 1e-12);
    }

  /* A polynomial, a value at z = 1 (Gauss) and c a pole. */
  assert_relative (hy_hyp2f1 (-2.0, 3.0, 4.0, 0.5), 1.0 - 1.5 * 0.5 + 0.6 * 0.25, 1e-15);
  assert_relative (hy_hyp2f1 (0.5, 1.0, 3.0, 1.0),
                   tgamma (3.0) * tgamma (1.5) / (tgamma (2.5) * tgamma (2.0)), 1e-13);
  g_assert_true (isnan (hy_hyp2f1 (1.0, 1.0, -2.0, 0.5)));
  g_assert_true (isnan (hy_hyp2f1 (1.0, 1.0, 2.0, 1.5)));
}

static void
test_hyp2f1_reference (void)
{
  /* mpmath.hyp2f1 at 30 digits. */
  assert_relative (hy_hyp2f1 (0.5, -0.2, 3.2, 0.97), 0.963364032998772828557, 1e-13);
  assert_relative (hy_hyp2f1 (1.3, 2.3, 3.6000001, 0.9), 4.58107388561513450339, 1e-11);
  assert_relative (hy_hyp2f1 (50.2, 52.4, 102.1, 0.95), 1.64605732304958132729e22, 1e-12);
  assert_relative (hy_hyp2f1 (2.2, -0.4, 55.5, 0.999), 0.983880011659089770664, 1e-13);
  assert_relative (hy_hyp2f1 (1.5, 2.5, 4.0, 0.9999), 37.2771777154611925653, 1e-11);
  assert_relative (hy_hyp2f1 (0.7, 1.2, 3.1, -20.0), 0.283505665651130660473, 1e-13);
}

static double
rosenbrock (const double *x,
            double       *gradient,
            gpointer      user_data)
{
  double a = 1.0 - x[0];
  double b = x[1] - x[0] * x[0];

  if (gradient != NULL)
    {
      gradient[0] = -2.0 * a - 400.0 * x[0] * b;
      gradient[1] = 200.0 * b;
    }
  return a * a + 100.0 * b * b;
}

static void
test_optimize_rosenbrock (void)
{
  HyOptimizeResult result;
  double x[2] = { -1.2, 1.0 };

  g_assert_true (hy_optimize_bfgs (rosenbrock, NULL, 2, x, NULL, &result));
  g_assert_cmpfloat_with_epsilon (x[0], 1.0, 1e-8);
  g_assert_cmpfloat_with_epsilon (x[1], 1.0, 1e-8);
  g_assert_cmpuint (result.iterations, <, 100);

  x[0] = -1.2;
  x[1] = 1.0;
  g_assert_true (hy_optimize_nelder_mead (rosenbrock, NULL, 2, x, NULL, &result));
  g_assert_cmpfloat_with_epsilon (x[0], 1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (x[1], 1.0, 1e-6);
}

/* Undefined left of x = 0.5: the minimisers must back off from the NaN. */
static double
walled (const double *x,
        double       *gradient,
        gpointer      user_data)
{
  if (x[0] < 0.5)
    return NAN;
  if (gradient != NULL)
    {
      gradient[0] = 2.0 * (x[0] - 3.0);
      gradient[1] = 2.0 * (x[1] + 1.0);
    }
  return (x[0] - 3.0) * (x[0] - 3.0) + (x[1] + 1.0) * (x[1] + 1.0);
}

static void
test_optimize_domain (void)
{
  HyOptimizeResult result;
  double x[2] = { 0.6, 40.0 };

  g_assert_true (hy_optimize_minimize (walled, NULL, 2, x, NULL, &result));
  g_assert_cmpfloat_with_epsilon (x[0], 3.0, 1e-8);
  g_assert_cmpfloat_with_epsilon (x[1], -1.0, 1e-8);

  x[0] = 0.0;
  g_assert_false (hy_optimize_bfgs (walled, NULL, 2, x, NULL, &result));
}

static void
test_optimize_hessian (void)
{
  double x[2] = { 1.0, 1.0 };
  double h[4], inverse[4];

  g_assert_true (hy_optimize_hessian (rosenbrock, NULL, 2, x, 1e-5, h));
  assert_relative (h[0], 802.0, 1e-8);
  assert_relative (h[1], -400.0, 1e-8);
  assert_relative (h[2], -400.0, 1e-8);
  assert_relative (h[3], 200.0, 1e-8);

  g_assert_true (hy_matrix_invert_spd (2, h, inverse));
  assert_relative (inverse[0], 0.5, 1e-7);
  assert_relative (inverse[1], 1.0, 1e-7);
  assert_relative (inverse[3], 2.005, 1e-7);

  h[0] = -1.0;
  g_assert_false (hy_matrix_invert_spd (2, h, inverse));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/special/digamma", test_digamma);
  g_test_add_func ("/core/special/hyp2f1/closed-forms", test_hyp2f1_closed_forms);
  g_test_add_func ("/core/special/hyp2f1/reference", test_hyp2f1_reference);
  g_test_add_func ("/core/optimize/rosenbrock", test_optimize_rosenbrock);
  g_test_add_func ("/core/optimize/domain", test_optimize_domain);
  g_test_add_func ("/core/optimize/hessian", test_optimize_hessian);

  return g_test_run ();
}
