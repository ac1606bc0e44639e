/* test-models-simulated.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The customer-base models against customers drawn from them: Monte Carlo expectations,
 * recovery of known parameters, the calibration/holdout table, weighted rows and batch
 * scoring.  Every seed is fixed; every tolerance is a multiple of a standard error.
 */

#include <math.h>

#include "hy-bgnbd.h"
#include "hy-clv.h"
#include "hy-customer-summary.h"
#include "hy-gamma-gamma.h"

typedef struct
{
  gsize    n;
  guint32 *x;
  double  *t_x;
  double  *T;
  double  *zbar;
  guint32 *holdout;
} Customers;

static void
customers_free (Customers *c)
{
  g_free (c->x);
  g_free (c->t_x);
  g_free (c->T);
  g_free (c->zbar);
  g_free (c->holdout);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Customers, customers_free)

/* n customers whose calibration periods are spread evenly over [T_min, T_max] days. */
static Customers *
customers_simulate (const HyBgnbdParams      *bgnbd,
                    const HyGammaGammaParams *spend,
                    gsize                     n,
                    double                    T_min,
                    double                    T_max,
                    double                    holdout_length,
                    guint64                   seed)
{
  Customers *c = g_new0 (Customers, 1);

  c->n = n;
  c->x = g_new (guint32, n);
  c->t_x = g_new (double, n);
  c->T = g_new (double, n);
  c->zbar = g_new (double, n);
  c->holdout = g_new (guint32, n);
  for (gsize i = 0; i < n; i++)
    c->T[i] = T_min + (T_max - T_min) * (i + 0.5) / n;

  hy_bgnbd_simulate (bgnbd, seed, n, c->T, holdout_length, c->x, c->t_x, c->holdout);
  if (spend != NULL)
    hy_gamma_gamma_simulate (spend, seed, n, c->x, c->zbar);
  return c;
}

static void
test_bgnbd_weights (void)
{
  HyBgnbdParams truth = { 0.5, 20.0, 0.6, 3.0 };
  g_autoptr(Customers) c = customers_simulate (&truth, NULL, 20000, 1.0, 120.0, 0.0, 11);
  g_autoptr(HyCustomerRows) rows = NULL;
  g_autoptr(GError) error = NULL;
  HyBgnbdFit plain, weighted;

  /* Whole days, as the summary makes them, so that customers share rows. */
  for (gsize i = 0; i < c->n; i++)
    {
      c->T[i] = floor (c->T[i]);
      c->t_x[i] = floor (c->t_x[i]);
    }
  rows = hy_customer_rows_compress (c->x, c->t_x, c->T, c->n);
  g_test_message ("%" G_GSIZE_FORMAT " customers in %" G_GSIZE_FORMAT " rows", c->n,
                  rows->n_rows);
  g_assert_cmpuint (rows->n_rows, <, c->n / 2);

  g_assert_true (hy_bgnbd_fit (c->x, c->t_x, c->T, NULL, c->n, NULL, &plain, &error));
  g_assert_true (hy_bgnbd_fit (rows->x, rows->t_x, rows->T, rows->weight, rows->n_rows, NULL,
                               &weighted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (weighted.n_customers, ==, c->n);
  g_assert_cmpfloat_with_epsilon (weighted.log_likelihood, plain.log_likelihood,
                                  1e-9 * fabs (plain.log_likelihood));
  g_assert_cmpfloat_with_epsilon (weighted.params.r, plain.params.r, 1e-6);
  g_assert_cmpfloat_with_epsilon (weighted.params.alpha, plain.params.alpha, 1e-5);
  g_assert_cmpfloat_with_epsilon (weighted.params.a, plain.params.a, 1e-6);
  g_assert_cmpfloat_with_epsilon (weighted.params.b, plain.params.b, 1e-5);

  g_assert_cmpfloat_with_epsilon (hy_bgnbd_log_likelihood (&truth, rows->x, rows->t_x, rows->T,
                                                           rows->weight, rows->n_rows),
                                  hy_bgnbd_log_likelihood (&truth, c->x, c->t_x, c->T, NULL,
                                                           c->n),
                                  1e-9 * fabs (plain.log_likelihood));
}

static void
test_bgnbd_monte_carlo (void)
{
  static const struct { HyBgnbdParams p; double t; } cases[] = {
    { { 0.8, 12.0, 0.6, 3.0 }, 30.0 },
    { { 0.8, 12.0, 0.6, 3.0 }, 365.0 },
    { { 0.8, 12.0, 0.6, 3.0 }, 3000.0 },
    { { 0.5, 5.0, 2.5, 4.0 }, 1000.0 },
    { { 1.2, 8.0, 0.3, 0.5 }, 200.0 },    /* a + b < 1 */
  };
  const gsize n = 200000;
  g_autofree double *T = g_new (double, n);
  g_autofree guint32 *x = g_new (guint32, n);
  g_autofree double *t_x = g_new (double, n);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      double sum = 0.0, sum_sq = 0.0;
      double mean, se, expected;

      for (gsize i = 0; i < n; i++)
        T[i] = cases[c].t;
      hy_bgnbd_simulate (&cases[c].p, 100 + c, n, T, 0.0, x, t_x, NULL);
      for (gsize i = 0; i < n; i++)
        {
          sum += x[i];
          sum_sq += (double) x[i] * x[i];
        }
      mean = sum / n;
      se = sqrt ((sum_sq / n - mean * mean) / n);
      expected = hy_bgnbd_expected_purchases_new (&cases[c].p, cases[c].t);
      g_test_message ("E[X(%g)] = %.5f, Monte Carlo %.5f +- %.5f", cases[c].t, expected, mean,
                      se);
      /* Four standard errors: a correct formula fails this once in 16,000 seeds. */
      g_assert_cmpfloat (fabs (expected - mean), <=, 4.0 * se);
    }
}

/* Estimates within 4 standard errors of the truth.  The standard errors come from the observed
 * information at the optimum and are asymptotically exact at these sample sizes; 4 of them
 * leave a chance of 6e-5 per parameter that a correct fit fails for an unlucky seed.  They must
 * also be small, or the check would say nothing. */
static void
assert_recovered (const char *name,
                  double      estimate,
                  double      std_error,
                  double      truth)
{
  g_test_message ("%s = %.4f +- %.4f (truth %g)", name, estimate, std_error, truth);
  g_assert_cmpfloat (std_error, >, 0.0);
  g_assert_cmpfloat (std_error, <, 0.1 * truth);
  g_assert_cmpfloat (fabs (estimate - truth), <=, 4.0 * std_error);
}

static void
test_bgnbd_recovery (void)
{
  HyBgnbdParams truth = { 0.8, 12.0, 0.6, 3.0 };
  HyGammaGammaParams spend = { 6.0, 4.0, 15.0 };
  g_autoptr(Customers) c = customers_simulate (&truth, &spend, 100000, 1.0, 1095.0, 0.0, 2026);
  HyBgnbdFitOptions options;
  HyGammaGammaFitOptions gg_options;
  g_autoptr(GError) error = NULL;
  HyBgnbdFit fit;
  HyGammaGammaFit gg;

  hy_bgnbd_fit_options_init (&options);
  options.std_errors = TRUE;
  g_assert_true (hy_bgnbd_fit (c->x, c->t_x, c->T, NULL, c->n, &options, &fit, &error));
  g_assert_no_error (error);
  g_test_message ("BG/NBD: %u iterations, %u evaluations", fit.iterations, fit.evaluations);
  assert_recovered ("r", fit.params.r, fit.std_error.r, truth.r);
  assert_recovered ("alpha", fit.params.alpha, fit.std_error.alpha, truth.alpha);
  assert_recovered ("a", fit.params.a, fit.std_error.a, truth.a);
  assert_recovered ("b", fit.params.b, fit.std_error.b, truth.b);

  hy_gamma_gamma_fit_options_init (&gg_options);
  gg_options.std_errors = TRUE;
  g_assert_true (hy_gamma_gamma_fit (c->x, c->zbar, NULL, c->n, &gg_options, &gg, &error));
  g_assert_no_error (error);
  g_test_message ("Gamma-Gamma on %" G_GUINT64_FORMAT " repeat customers", gg.n_customers);
  assert_recovered ("p", gg.params.p, gg.std_error.p, spend.p);
  assert_recovered ("q", gg.params.q, gg.std_error.q, spend.q);
  assert_recovered ("gamma", gg.params.gamma, gg.std_error.gamma, spend.gamma);
}

static void
test_bgnbd_calibration (void)
{
  HyBgnbdParams truth = { 0.8, 12.0, 0.6, 3.0 };
  g_autoptr(Customers) c = customers_simulate (&truth, NULL, 50000, 30.0, 730.0, 180.0, 7);
  HyCalibrationGroup groups[HY_CALIBRATION_GROUPS];
  double sum_sq[HY_CALIBRATION_GROUPS] = { 0 };
  g_autoptr(GError) error = NULL;
  HyBgnbdFit fit;

  g_assert_true (hy_bgnbd_fit (c->x, c->t_x, c->T, NULL, c->n, NULL, &fit, &error));
  g_assert_true (hy_bgnbd_calibration_table (&fit.params, c->x, c->t_x, c->T, c->holdout, c->n,
                                             180.0, groups, &error));
  g_assert_no_error (error);

  for (gsize i = 0; i < c->n; i++)
    sum_sq[MIN (c->x[i], HY_CALIBRATION_GROUPS - 1)] += (double) c->holdout[i] * c->holdout[i];

  for (guint g = 0; g < HY_CALIBRATION_GROUPS; g++)
    {
      double n = groups[g].customers;
      double se = sqrt ((sum_sq[g] / n - groups[g].actual * groups[g].actual) / n);

      g_test_message ("x = %u%s: %" G_GUINT64_FORMAT " customers, actual %.3f +- %.3f, "
                      "predicted %.3f", g, g == HY_CALIBRATION_GROUPS - 1 ? "+" : "",
                      groups[g].customers, groups[g].actual, se, groups[g].predicted);
      g_assert_cmpuint (groups[g].customers, >, 500);
      /* Sampling error of the group mean, plus a little for the fitted parameters' own. */
      g_assert_cmpfloat (fabs (groups[g].predicted - groups[g].actual), <=,
                         4.0 * se + 0.02 * groups[g].actual);
    }
}

static void
test_bgnbd_score_many (void)
{
  HyBgnbdParams truth = { 0.8, 12.0, 0.6, 3.0 };
  HyGammaGammaParams spend = { 6.0, 4.0, 15.0 };
  g_autoptr(Customers) c = customers_simulate (&truth, &spend, 30000, 1.0, 1095.0, 0.0, 5);
  g_autofree double *alive = g_new (double, c->n);
  g_autofree double *expected = g_new (double, c->n);
  g_autofree double *clv = g_new (double, c->n);
  g_autoptr(GError) error = NULL;
  HyClvOptions options;

  /* Large enough to run on every processor: the threads' results match one by one. */
  hy_bgnbd_score (&truth, c->x, c->t_x, c->T, c->n, 90.0, alive, expected);
  hy_clv_options_init (&options, HY_TIME_UNIT_DAY);
  g_assert_true (hy_clv_compute (&truth, &spend, c->x, c->t_x, c->T, c->zbar, c->n, &options,
                                 clv, &error));
  g_assert_no_error (error);

  for (gsize i = 0; i < c->n; i += 7)
    {
      double one;

      g_assert_cmpfloat (alive[i], ==, hy_bgnbd_p_alive (&truth, c->x[i], c->t_x[i], c->T[i]));
      g_assert_cmpfloat (expected[i], ==, hy_bgnbd_expected_purchases (&truth, c->x[i],
                                                                        c->t_x[i], c->T[i],
                                                                        90.0));
      g_assert_true (hy_clv_compute (&truth, &spend, &c->x[i], &c->t_x[i], &c->T[i],
                                     &c->zbar[i], 1, &options, &one, &error));
      g_assert_cmpfloat (clv[i], ==, one);
    }

  /* A bad row is NaN, and only that row. */
  c->t_x[3] = c->T[3] + 1.0;
  hy_bgnbd_score (&truth, c->x, c->t_x, c->T, 5, 90.0, alive, NULL);
  g_assert_true (isnan (alive[3]));
  g_assert_false (isnan (alive[4]));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/models/bgnbd/monte-carlo", test_bgnbd_monte_carlo);
  g_test_add_func ("/core/models/bgnbd/weights", test_bgnbd_weights);
  g_test_add_func ("/core/models/bgnbd/recovery", test_bgnbd_recovery);
  g_test_add_func ("/core/models/bgnbd/calibration", test_bgnbd_calibration);
  g_test_add_func ("/core/models/bgnbd/score-many", test_bgnbd_score_many);

  return g_test_run ();
}
