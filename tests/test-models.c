/* test-models.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The customer-base models: the summary of a purchase history, BG/NBD, Gamma-Gamma and CLV.
 * They must reproduce the published CDNOW figures and agree with closed forms and with an
 * independent quadrature; test-models-simulated.c checks them against simulated customers.
 */

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "hy-bgnbd.h"
#include "hy-clv.h"
#include "hy-customer-summary.h"
#include "hy-error.h"
#include "hy-gamma-gamma.h"

#define CDNOW_CUSTOMERS 2357

/* The 1/10 sample as summarised by hy_customer_summary_compute (), in weeks, calibration
 * period to 1997-09-30 and holdout to 1998-06-30. */
typedef struct
{
  guint32 x[CDNOW_CUSTOMERS];
  double  t_x[CDNOW_CUSTOMERS];
  double  T[CDNOW_CUSTOMERS];
  double  zbar[CDNOW_CUSTOMERS];
  guint32 holdout[CDNOW_CUSTOMERS];
} Cdnow;

static char **
read_cdnow_lines (const char *name)
{
  const char *dir = g_getenv ("HY_CDNOW_DIR");
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  char **lines;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, name, NULL);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (contents, "\n", -1);
  for (char **line = lines; *line != NULL; line++)
    g_strchomp (*line);   /* the files have CRLF line ends */
  return lines;
}

static gint64
day_number (guint yyyymmdd)
{
  g_autoptr(GDate) date = g_date_new_dmy (yyyymmdd % 100, (yyyymmdd / 100) % 100,
                                          yyyymmdd / 10000);

  g_assert_true (g_date_valid (date));
  return g_date_get_julian (date);
}

static const Cdnow *
cdnow_get (void)
{
  static Cdnow *cdnow = NULL;
  g_auto(GStrv) lines = NULL;
  GArray *days[CDNOW_CUSTOMERS];
  GArray *values[CDNOW_CUSTOMERS];
  gint64 calibration_end = day_number (19970930);
  gint64 holdout_end = day_number (19980630);
  guint purchases = 0;

  if (cdnow != NULL)
    return cdnow;

  for (guint i = 0; i < CDNOW_CUSTOMERS; i++)
    {
      days[i] = g_array_new (FALSE, FALSE, sizeof (gint64));
      values[i] = g_array_new (FALSE, FALSE, sizeof (double));
    }

  /* master id, sample id, date, number of CDs, dollars */
  lines = read_cdnow_lines ("CDNOW_sample.txt");
  for (char **line = lines; *line != NULL; line++)
    {
      guint master, id, date, cds;
      double dollars;
      gint64 day;

      if (**line == '\0')
        continue;
      g_assert_cmpint (sscanf (*line, "%u %u %u %u %lf", &master, &id, &date, &cds, &dollars),
                       ==, 5);
      g_assert_cmpuint (id, >=, 1);
      g_assert_cmpuint (id, <=, CDNOW_CUSTOMERS);
      day = day_number (date);
      g_array_append_val (days[id - 1], day);
      g_array_append_val (values[id - 1], dollars);
      purchases++;
    }
  g_assert_cmpuint (purchases, ==, 6919);

  cdnow = g_new0 (Cdnow, 1);
  for (guint i = 0; i < CDNOW_CUSTOMERS; i++)
    {
      g_autoptr(GError) error = NULL;
      HyCustomerSummary s;

      g_assert_true (hy_customer_summary_compute ((const gint64 *) days[i]->data,
                                                  (const double *) values[i]->data,
                                                  days[i]->len, calibration_end, holdout_end,
                                                  HY_TIME_UNIT_WEEK, &s, &error));
      g_assert_no_error (error);
      cdnow->x[i] = s.x;
      cdnow->t_x[i] = s.t_x;
      cdnow->T[i] = s.T;
      cdnow->zbar[i] = s.zbar;
      cdnow->holdout[i] = s.holdout;
      g_array_unref (days[i]);
      g_array_unref (values[i]);
    }

  return cdnow;
}

static void
assert_two_decimals (double      ours,
                     const char *published,
                     guint       customer)
{
  double value = g_ascii_strtod (published, NULL);

  if (!(fabs (ours - value) <= 0.005 + 1e-9))
    g_error ("customer %u: %.6f does not round to %s", customer, ours, published);
}

static void
test_cdnow_summary (void)
{
  const Cdnow *cdnow = cdnow_get ();
  g_auto(GStrv) summary = read_cdnow_lines ("cdnow_customers_summary.csv");
  g_auto(GStrv) with_spend = read_cdnow_lines ("cdnow_customers_summary_with_transactions.csv");
  guint repeaters = 0;

  g_assert_cmpstr (summary[0], ==, "ID,frequency,recency,T");
  g_assert_cmpstr (with_spend[0], ==, "ID,x,t_x,T,zbar");

  for (guint i = 0; i < CDNOW_CUSTOMERS; i++)
    {
      g_auto(GStrv) a = g_strsplit (summary[i + 1], ",", -1);
      g_auto(GStrv) b = g_strsplit (with_spend[i + 1], ",", -1);

      g_assert_cmpuint (g_strv_length (a), ==, 4);
      g_assert_cmpuint (g_strv_length (b), ==, 5);
      g_assert_cmpuint (atoi (a[0]), ==, i + 1);
      g_assert_cmpuint (atoi (b[0]), ==, i + 1);

      g_assert_cmpuint (cdnow->x[i], ==, atoi (a[1]));
      assert_two_decimals (cdnow->t_x[i], a[2], i + 1);
      assert_two_decimals (cdnow->T[i], a[3], i + 1);

      g_assert_cmpuint (cdnow->x[i], ==, atoi (b[1]));
      assert_two_decimals (cdnow->t_x[i], b[2], i + 1);
      assert_two_decimals (cdnow->T[i], b[3], i + 1);
      assert_two_decimals (cdnow->zbar[i], b[4], i + 1);

      if (cdnow->x[i] > 0)
        repeaters++;
    }
  g_assert_cmpuint (repeaters, ==, 946);
}

/* Equal to the published figure to its printed digits: within half a unit of the last digit
 * (a hair more for the binary representation of the published value). */
static void
assert_published (const char *name,
                  double      ours,
                  double      published,
                  double      last_digit)
{
  g_test_message ("%s = %.10f (published %g)", name, ours, published);
  if (!(fabs (ours - published) <= 0.5 * last_digit + 1e-12))
    g_error ("%s = %.6f does not round to the published %g", name, ours, published);
}

static void
test_bgnbd_cdnow (void)
{
  const Cdnow *cdnow = cdnow_get ();
  g_autoptr(GError) error = NULL;
  HyBgnbdFit fit;

  g_assert_true (hy_bgnbd_fit (cdnow->x, cdnow->t_x, cdnow->T, NULL, CDNOW_CUSTOMERS, NULL,
                               &fit, &error));
  g_assert_no_error (error);
  g_test_message ("BG/NBD on CDNOW: %u iterations, %u evaluations, gradient %.2g",
                  fit.iterations, fit.evaluations, fit.gradient_norm);

  assert_published ("r", fit.params.r, 0.243, 0.001);
  assert_published ("alpha", fit.params.alpha, 4.414, 0.001);
  assert_published ("a", fit.params.a, 0.793, 0.001);
  assert_published ("b", fit.params.b, 2.426, 0.001);
  assert_published ("LL", fit.log_likelihood, -9582.4, 0.1);
  g_assert_cmpuint (fit.n_customers, ==, CDNOW_CUSTOMERS);

  /* FHL 2005's example customer: x = 2, t_x = 30.43, T = 38.86, over the next 39 weeks. */
  assert_published ("E[Y(39) | 2, 30.43, 38.86]",
                    hy_bgnbd_expected_purchases (&fit.params, 2, 30.43, 38.86, 39.0), 1.226,
                    0.001);
}

static void
test_bgnbd_cdnow_published_summary (void)
{
  g_auto(GStrv) lines = read_cdnow_lines ("cdnow_customers_summary.csv");
  guint32 x[CDNOW_CUSTOMERS];
  double t_x[CDNOW_CUSTOMERS], T[CDNOW_CUSTOMERS];
  g_autoptr(GError) error = NULL;
  HyBgnbdFit fit;

  /* The same fit on the published summary, whose times are rounded to 2 decimals. */
  for (guint i = 0; i < CDNOW_CUSTOMERS; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i + 1], ",", -1);

      x[i] = atoi (f[1]);
      t_x[i] = g_ascii_strtod (f[2], NULL);
      T[i] = g_ascii_strtod (f[3], NULL);
    }

  hy_bgnbd_fit (x, t_x, T, NULL, CDNOW_CUSTOMERS, NULL, &fit, &error);
  g_assert_no_error (error);
  assert_published ("r", fit.params.r, 0.243, 0.001);
  assert_published ("alpha", fit.params.alpha, 4.414, 0.001);
  assert_published ("a", fit.params.a, 0.793, 0.001);
  assert_published ("b", fit.params.b, 2.426, 0.001);
  assert_published ("LL", fit.log_likelihood, -9582.4, 0.1);
}

static void
test_gamma_gamma_cdnow (void)
{
  const Cdnow *cdnow = cdnow_get ();
  g_autoptr(GError) error = NULL;
  HyGammaGammaFit fit;

  g_assert_true (hy_gamma_gamma_fit (cdnow->x, cdnow->zbar, NULL, CDNOW_CUSTOMERS, NULL, &fit,
                                     &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fit.n_customers, ==, 946);
  g_test_message ("Gamma-Gamma on CDNOW: %u iterations, %u evaluations", fit.iterations,
                  fit.evaluations);

  assert_published ("p", fit.params.p, 6.25, 0.01);
  assert_published ("q", fit.params.q, 3.74, 0.01);
  assert_published ("gamma", fit.params.gamma, 15.44, 0.01);
  /* The full density of zbar, constants and all (see HyGammaGammaFit). */
  assert_published ("LL", fit.log_likelihood, -4055.9, 0.1);
}

static void
test_bgnbd_cdnow_holdout (void)
{
  const Cdnow *cdnow = cdnow_get ();
  g_autoptr(GError) error = NULL;
  HyCalibrationGroup groups[HY_CALIBRATION_GROUPS];
  HyBgnbdFit fit;

  g_assert_true (hy_bgnbd_fit (cdnow->x, cdnow->t_x, cdnow->T, NULL, CDNOW_CUSTOMERS, NULL,
                               &fit, &error));
  /* The holdout is the 39 weeks from 1997-10-01 to 1998-06-30. */
  g_assert_true (hy_bgnbd_calibration_table (&fit.params, cdnow->x, cdnow->t_x, cdnow->T,
                                             cdnow->holdout, CDNOW_CUSTOMERS, 39.0, groups,
                                             &error));
  g_assert_no_error (error);

  for (guint g = 0; g < HY_CALIBRATION_GROUPS; g++)
    {
      g_test_message ("x = %u%s: %" G_GUINT64_FORMAT " customers, actual %.3f, predicted %.3f",
                      groups[g].frequency, g == HY_CALIBRATION_GROUPS - 1 ? "+" : "",
                      groups[g].customers, groups[g].actual, groups[g].predicted);
      g_assert_cmpuint (groups[g].frequency, ==, g);
    }
  /* Real customers are not drawn from the model, so the groups do not agree to sampling error
   * (see /core/models/bgnbd/calibration for that); these bounds catch gross mistakes only.  The
   * 1411 customers without a repeat purchase, 60% of the sample, are checked more tightly. */
  g_assert_cmpuint (groups[0].customers, ==, 1411);
  g_assert_cmpfloat_with_epsilon (groups[0].predicted, groups[0].actual, 0.02);
  for (guint g = 1; g < HY_CALIBRATION_GROUPS; g++)
    g_assert_cmpfloat_with_epsilon (groups[g].predicted, groups[g].actual,
                                    0.3 * groups[g].actual + 0.1);
}

static void
test_summary_same_day (void)
{
  /* Unsorted; two purchases on the first day, two on day 110, two in the holdout on day 125. */
  static const gint64 days[] = { 110, 100, 125, 103, 100, 118, 110, 125, 140, 151 };
  static const double values[] = { 4.0, 5.0, 1.0, 10.0, 7.0, 3.0, 6.0, 1.0, 2.0, 8.0 };
  g_autoptr(GError) error = NULL;
  HyCustomerSummary s;

  g_assert_true (hy_customer_summary_compute (days, values, G_N_ELEMENTS (days), 120, 140,
                                              HY_TIME_UNIT_DAY, &s, &error));
  g_assert_no_error (error);
  /* Repeat days 103, 110 and 118; day 110's two purchases are one occasion worth 10. */
  g_assert_cmpuint (s.x, ==, 3);
  g_assert_cmpfloat (s.t_x, ==, 18.0);
  g_assert_cmpfloat (s.T, ==, 20.0);
  g_assert_cmpfloat_with_epsilon (s.zbar, (10.0 + 10.0 + 3.0) / 3.0, 1e-12);
  /* Holdout days 125 and 140; 151 is after the holdout. */
  g_assert_cmpuint (s.holdout, ==, 2);

  g_assert_true (hy_customer_summary_compute (days, NULL, G_N_ELEMENTS (days), 120, 120,
                                              HY_TIME_UNIT_WEEK, &s, &error));
  g_assert_cmpuint (s.x, ==, 3);
  g_assert_cmpfloat_with_epsilon (s.t_x, 18.0 / 7.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (s.T, 20.0 / 7.0, 1e-15);
  g_assert_cmpfloat (s.zbar, ==, 0.0);
  g_assert_cmpuint (s.holdout, ==, 0);

  /* Only the first day: no repeat purchase. */
  g_assert_true (hy_customer_summary_compute (days + 1, values + 1, 1, 120, 120,
                                              HY_TIME_UNIT_DAY, &s, &error));
  g_assert_cmpuint (s.x, ==, 0);
  g_assert_cmpfloat (s.t_x, ==, 0.0);
  g_assert_cmpfloat (s.T, ==, 20.0);
  g_assert_cmpfloat (s.zbar, ==, 0.0);

  g_assert_cmpint (hy_day_number_from_unix (0, 0), ==, 0);
  g_assert_cmpint (hy_day_number_from_unix (86399, 0), ==, 0);
  g_assert_cmpint (hy_day_number_from_unix (-1, 0), ==, -1);
  g_assert_cmpint (hy_day_number_from_unix (16 * 3600, 8 * 3600), ==, 1);
}

static void
assert_summary_refused (const gint64 *days,
                        const double *values,
                        gsize         n,
                        gint64        holdout_end,
                        const char   *message_part)
{
  g_autoptr(GError) error = NULL;
  HyCustomerSummary s;

  g_assert_false (hy_customer_summary_compute (days, values, n, 120, holdout_end,
                                               HY_TIME_UNIT_DAY, &s, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, message_part));
}

static void
test_summary_errors (void)
{
  static const gint64 late[] = { 130, 125 };
  static const gint64 days[] = { 100, 110 };
  static const double bad[] = { 1.0, NAN };

  assert_summary_refused (late, NULL, 2, 140, "no purchase on or before the end");
  assert_summary_refused (days, NULL, 0, 140, "no purchase on or before the end");
  assert_summary_refused (days, bad, 2, 140, "Purchase 2 has no valid value");
  assert_summary_refused (days, NULL, 2, 119, "holdout period ends before");
}

static void
test_summary_compress (void)
{
  static const guint32 x[] = { 0, 0, 1, 1, 0, 0 };
  static const double t_x[] = { 0.0, 0.0, 2.0, 2.0, 0.0, -0.0 };
  static const double T[] = { 5.0, 5.0, 7.0, 7.0, 6.0, 5.0 };
  g_autoptr(HyCustomerRows) rows = hy_customer_rows_compress (x, t_x, T, G_N_ELEMENTS (x));

  g_assert_cmpuint (rows->n_rows, ==, 3);
  g_assert_cmpuint (rows->x[0], ==, 0);
  g_assert_cmpfloat (rows->T[0], ==, 5.0);
  g_assert_cmpuint (rows->weight[0], ==, 3);
  g_assert_cmpuint (rows->x[1], ==, 1);
  g_assert_cmpfloat (rows->t_x[1], ==, 2.0);
  g_assert_cmpuint (rows->weight[1], ==, 2);
  g_assert_cmpfloat (rows->T[2], ==, 6.0);
  g_assert_cmpuint (rows->weight[2], ==, 1);
}

static void
test_bgnbd_closed_forms (void)
{
  HyBgnbdParams p = { 0.7, 3.0, 0.8, 2.5 };
  HyBgnbdParams simple = { 1.0, 2.0, 2.0, 1.0 };
  guint32 zero = 0, one = 1;
  double t_x = 4.0, T = 10.0, no_time = 0.0;
  double expected;

  /* x = 0: LL = r log (alpha / (alpha + T)). */
  g_assert_cmpfloat_with_epsilon (hy_bgnbd_log_likelihood (&p, &zero, &no_time, &T, NULL, 1),
                                  0.7 * log (3.0 / 13.0), 1e-14);
  /* x = 1: log r + r log alpha + log (b / (a + b))
   *        + log ((alpha+T)^-(r+1) + a/b (alpha+t_x)^-(r+1)) */
  expected = log (0.7) + 0.7 * log (3.0) + log (2.5 / 3.3)
             + log (pow (13.0, -1.7) + 0.8 / 2.5 * pow (7.0, -1.7));
  g_assert_cmpfloat_with_epsilon (hy_bgnbd_log_likelihood (&p, &one, &t_x, &T, NULL, 1),
                                  expected, 1e-13);

  /* P(alive) is 1 without repeat purchases, and (b+x-1) / (a+b+x-1) when the last purchase
   * was just now. */
  for (guint i = 0; i < 5; i++)
    g_assert_cmpfloat (hy_bgnbd_p_alive (&p, 0, 0.0, 10.0 * i), ==, 1.0);
  g_assert_cmpfloat_with_epsilon (hy_bgnbd_p_alive (&p, 3, 20.0, 20.0), 4.5 / 5.3, 1e-15);

  /* With r = 1, a = 2, b = 1 the hypergeometric function is 2F1 (1, 1; 2; z) = -log (1-z) / z
   * and E[X(t)] = 2 (1 - (alpha / t) log (1 + t / alpha)), at every z. */
  for (double t = 0.01; t < 1e6; t *= 7.0)
    g_assert_cmpfloat_with_epsilon (hy_bgnbd_expected_purchases_new (&simple, t),
                                    2.0 * (1.0 - 2.0 / t * log1p (t / 2.0)),
                                    1e-10 * (1.0 - 2.0 / t * log1p (t / 2.0)));
  g_assert_cmpfloat_with_epsilon (hy_bgnbd_expected_purchases_new (&simple, 3.0), 0.7782790,
                                  1e-6);
  g_assert_cmpfloat (hy_bgnbd_expected_purchases_new (&simple, 0.0), ==, 0.0);

  /* A new customer is a customer with x = 0 seen for T = 0. */
  g_assert_cmpfloat_with_epsilon (hy_bgnbd_expected_purchases (&p, 0, 0.0, 0.0, 52.0),
                                  hy_bgnbd_expected_purchases_new (&p, 52.0), 1e-14);
}

/* E[Y(t) | x, t_x, T] = P(alive) E[(1 - (1 + p t / (alpha + T))^-(r+x)) / p] with
 * p ~ Beta(a, b+x): the expectation over the posterior of lambda taken in closed form, the one
 * over p by tanh-sinh quadrature, which is indifferent to the beta density's singularities at
 * p = 0 and 1. */
static double
expected_by_quadrature (const HyBgnbdParams *p,
                        guint32              x,
                        double               t_x,
                        double               T,
                        double               t)
{
  const double h = 1.0 / 256.0;
  double shape = p->r + x;
  double beta = p->b + x;
  double k = t / (p->alpha + T);
  double log_beta_fn = lgamma (p->a) + lgamma (beta) - lgamma (p->a + beta);
  double sum = 0.0;

  for (double s = -4.5; s <= 4.5; s += h)
    {
      /* q = 1 / (1 + exp (-pi sinh s)), with 1 - q computed apart for accuracy near 1 */
      double e = G_PI * sinh (s);
      double log_q = -log1p (exp (-e));
      double log_1mq = -log1p (exp (e));
      double q = exp (log_q);
      double g = -expm1 (-shape * log1p (q * k)) / q;
      double density = exp (p->a * log_q + beta * log_1mq - log_beta_fn);   /* times q (1-q) */

      sum += g * density * G_PI * cosh (s);
    }
  return hy_bgnbd_p_alive (p, x, t_x, T) * sum * h;
}

static void
test_bgnbd_conditional_quadrature (void)
{
  static const HyBgnbdParams params[] = {
    { 0.8, 12.0, 0.6, 3.0 },
    { 0.243, 4.414, 0.793, 2.426 },
    { 2.0, 30.0, 1.0, 1.5 },      /* a = 1: the formula's 0/0 */
    { 1.5, 8.0, 1.0004, 2.0 },    /* just off it */
    { 0.5, 5.0, 3.5, 1.0 },
    { 1.2, 8.0, 0.3, 0.5 },       /* a + b < 1 */
  };
  static const struct { guint32 x; double t_x, T, t; } cases[] = {
    { 0, 0.0, 30.0, 365.0 },      /* z = 0.9: the hypergeometric transformation */
    { 0, 0.0, 0.0, 5000.0 },      /* z near 1 */
    { 3, 50.0, 200.0, 30.0 },
    { 10, 300.0, 310.0, 1000.0 },
    { 1, 5.0, 5.0, 10000.0 },
    { 40, 600.0, 700.0, 90.0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (params); i++)
    for (guint j = 0; j < G_N_ELEMENTS (cases); j++)
      {
        double ours = hy_bgnbd_expected_purchases (&params[i], cases[j].x, cases[j].t_x,
                                                   cases[j].T, cases[j].t);
        double reference = expected_by_quadrature (&params[i], cases[j].x, cases[j].t_x,
                                                   cases[j].T, cases[j].t);

        if (!(fabs (ours - reference) <= 1e-9 * reference))
          g_error ("params %u, case %u: %.12g, by quadrature %.12g", i, j, ours, reference);
      }
}

static void
test_bgnbd_monotone (void)
{
  HyBgnbdParams p = { 0.243, 4.414, 0.793, 2.426 };
  double previous = 1.0;

  /* The longer since the last purchase, the less likely the customer is still there. */
  for (double T = 10.0; T <= 500.0; T += 5.0)
    {
      double alive = hy_bgnbd_p_alive (&p, 2, 10.0, T);

      g_assert_cmpfloat (alive, <, previous);
      g_assert_cmpfloat (alive, >, 0.0);
      previous = alive;
    }

  /* The later the last purchase, the more likely. */
  previous = 0.0;
  for (double t_x = 0.0; t_x <= 50.0; t_x += 2.5)
    {
      double alive = hy_bgnbd_p_alive (&p, 4, t_x, 50.0);

      g_assert_cmpfloat (alive, >, previous);
      previous = alive;
    }
  g_assert_cmpfloat_with_epsilon (previous, (2.426 + 3.0) / (0.793 + 2.426 + 3.0), 1e-15);
}

static void
test_clv (void)
{
  HyBgnbdParams bgnbd = { 0.243, 4.414, 0.793, 2.426 };
  HyGammaGammaParams spend = { 6.25, 3.74, 15.44 };
  static const guint32 x[] = { 0, 2, 7 };
  static const double t_x[] = { 0.0, 30.43, 35.0 };
  static const double T[] = { 38.86, 38.86, 38.86 };
  static const double zbar[] = { 0.0, 22.35, 40.0 };
  double one[3], twelve[3], discounted[3];
  g_autoptr(GError) error = NULL;
  HyClvOptions options;

  hy_clv_options_init (&options, HY_TIME_UNIT_WEEK);
  g_assert_cmpfloat (options.horizon, ==, 52.0);
  g_assert_cmpuint (options.periods, ==, 12);
  g_assert_cmpfloat (options.margin, ==, 1.0);

  /* Undiscounted, CLV is margin * E[spend] * E[Y(horizon)], however the horizon is cut. */
  options.annual_discount_rate = 0.0;
  options.margin = 0.3;
  options.periods = 1;
  g_assert_true (hy_clv_compute (&bgnbd, &spend, x, t_x, T, zbar, 3, &options, one, &error));
  options.periods = 12;
  g_assert_true (hy_clv_compute (&bgnbd, &spend, x, t_x, T, zbar, 3, &options, twelve, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      double expected = 0.3 * hy_gamma_gamma_expected_spend (&spend, x[i], zbar[i])
                        * hy_bgnbd_expected_purchases (&bgnbd, x[i], t_x[i], T[i], 52.0);

      g_assert_cmpfloat_with_epsilon (one[i], expected, 1e-12 * expected);
      g_assert_cmpfloat_with_epsilon (twelve[i], expected, 1e-12 * expected);
    }
  g_assert_cmpfloat_with_epsilon (hy_gamma_gamma_expected_spend (&spend, 0, 0.0),
                                  6.25 * 15.44 / 2.74, 1e-12);

  /* 10% a year, compounded: a year of weeks in one period is discounted by exactly 1.1. */
  options.periods = 1;
  options.horizon = hy_time_unit_per_year (HY_TIME_UNIT_WEEK);
  options.annual_discount_rate = 0.10;
  g_assert_cmpfloat_with_epsilon (hy_clv_period_discount_rate (&options), 0.10, 1e-15);
  options.horizon = 52.0;
  options.periods = 12;
  g_assert_true (hy_clv_compute (&bgnbd, &spend, x, t_x, T, zbar, 3, &options, discounted,
                                 &error));
  for (guint i = 0; i < 3; i++)
    {
      double manual = 0.0, previous = 0.0;
      double d = hy_clv_period_discount_rate (&options);

      for (guint k = 1; k <= 12; k++)
        {
          double cumulative = hy_bgnbd_expected_purchases (&bgnbd, x[i], t_x[i], T[i],
                                                           52.0 * k / 12.0);

          manual += (cumulative - previous) / pow (1.0 + d, k);
          previous = cumulative;
        }
      manual *= 0.3 * hy_gamma_gamma_expected_spend (&spend, x[i], zbar[i]);
      g_assert_cmpfloat_with_epsilon (discounted[i], manual, 1e-12 * manual);
      g_assert_cmpfloat (discounted[i], <, twelve[i]);
      g_assert_cmpfloat (discounted[i], >, twelve[i] / 1.1);
    }
}

static void
assert_refused (GError     *error,
                const char *message_part)
{
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_test_message ("%s", error->message);
  if (strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not say “%s”", error->message, message_part);
}

static void
test_bgnbd_errors (void)
{
  guint32 x[100];
  double t_x[100], T[100];
  HyBgnbdParams bad = { 0.5, -1.0, 1.0, 1.0 };
  HyBgnbdFitOptions options;
  HyBgnbdFit fit;

  for (guint i = 0; i < 100; i++)
    {
      x[i] = 0;
      t_x[i] = 0.0;
      T[i] = 10.0 + i;
    }

#define REFUSED(n, options, part) \
  G_STMT_START { \
    g_autoptr(GError) error = NULL; \
    g_assert_false (hy_bgnbd_fit (x, t_x, T, NULL, n, options, &fit, &error)); \
    assert_refused (error, part); \
  } G_STMT_END

  REFUSED (10, NULL, "needs at least 30 customers, but there are only 10");
  REFUSED (100, NULL, "None of the 100 customers made a repeat purchase");

  x[5] = 2;
  t_x[5] = 4.0;
  T[7] = NAN;
  REFUSED (100, NULL, "Customer row 8 has a negative or missing time");
  T[7] = 17.0;
  t_x[9] = -1.0;
  REFUSED (100, NULL, "Customer row 10 has a negative or missing time");
  t_x[9] = 0.0;
  t_x[5] = 20.0;
  REFUSED (100, NULL, "Customer row 6 was last seen after the end of its calibration period");
  t_x[5] = 4.0;
  t_x[6] = 1.0;
  REFUSED (100, NULL, "Customer row 7 has no repeat purchase but a last purchase time");
  t_x[6] = 0.0;

  hy_bgnbd_fit_options_init (&options);
  options.start = &bad;
  REFUSED (100, &options, "parameters must be positive");

  /* Everyone buys every 10 days and is there at the end: nothing to estimate dropout or the
   * spread of purchase rates from. */
  for (guint i = 0; i < 100; i++)
    {
      x[i] = 5;
      t_x[i] = T[i] = 50.0;
    }
  REFUSED (100, NULL, "The churn model");
#undef REFUSED

  g_assert_true (isnan (hy_bgnbd_p_alive (&bad, 1, 1.0, 2.0)));
  g_assert_true (isnan (hy_bgnbd_expected_purchases (&bad, 1, 1.0, 2.0, 10.0)));
}

static void
test_gamma_gamma_errors (void)
{
  guint32 x[40];
  double zbar[40];
  HyGammaGammaParams bad = { 1.0, 0.0, 1.0 };
  HyGammaGammaFitOptions options;
  HyGammaGammaFit fit;

  for (guint i = 0; i < 40; i++)
    {
      x[i] = i % 4;
      zbar[i] = x[i] > 0 ? 10.0 + i : 0.0;
    }

#define REFUSED(n, options, part) \
  G_STMT_START { \
    g_autoptr(GError) error = NULL; \
    g_assert_false (hy_gamma_gamma_fit (x, zbar, NULL, n, options, &fit, &error)); \
    assert_refused (error, part); \
  } G_STMT_END

  REFUSED (12, NULL, "needs at least 10 customers with repeat purchases, but there are only 9");
  zbar[5] = 0.0;
  REFUSED (40, NULL, "Customer row 6 has repeat purchases but an average spend of 0");
  zbar[5] = -3.0;
  REFUSED (40, NULL, "Customer row 6 has repeat purchases but an average spend of -3");
  zbar[5] = 15.0;
  hy_gamma_gamma_fit_options_init (&options);
  options.start = &bad;
  REFUSED (40, &options, "parameters must be positive");

  /* Every customer spends the same: no spread to fit. */
  for (guint i = 0; i < 40; i++)
    zbar[i] = x[i] > 0 ? 25.0 : 0.0;
  REFUSED (40, NULL, "The spend model");
#undef REFUSED

  g_assert_true (isnan (hy_gamma_gamma_expected_spend (&bad, 2, 10.0)));
}

static void
test_clv_errors (void)
{
  HyBgnbdParams bgnbd = { 0.243, 4.414, 0.793, 2.426 };
  HyGammaGammaParams spend = { 6.25, 3.74, 15.44 };
  HyGammaGammaParams heavy = { 6.25, 0.9, 15.44 };
  guint32 x[] = { 0, 2 };
  double t_x[] = { 0.0, 30.0 };
  double T[] = { 38.0, 38.0 };
  double zbar[] = { 0.0, 20.0 };
  double clv[2];
  HyClvOptions options;

#define REFUSED(spend, options, part) \
  G_STMT_START { \
    g_autoptr(GError) error = NULL; \
    g_assert_false (hy_clv_compute (&bgnbd, spend, x, t_x, T, zbar, 2, options, clv, &error)); \
    assert_refused (error, part); \
  } G_STMT_END

  hy_clv_options_init (&options, HY_TIME_UNIT_WEEK);
  options.periods = 0;
  REFUSED (&spend, &options, "horizon must be a positive length");
  options.periods = 12;
  options.horizon = -1.0;
  REFUSED (&spend, &options, "horizon must be a positive length");
  options.horizon = 52.0;
  options.annual_discount_rate = -1.0;
  REFUSED (&spend, &options, "discount rate must be above -100%");
  options.annual_discount_rate = 0.1;
  REFUSED (&heavy, &options, "no finite expected spend");
  zbar[1] = 0.0;
  REFUSED (&spend, &options, "Customer row 2 has repeat purchases but an average spend");
  zbar[1] = 20.0;
  t_x[1] = 40.0;
  REFUSED (&spend, &options, "Customer row 2 was last seen after the end");
#undef REFUSED
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/models/summary/same-day", test_summary_same_day);
  g_test_add_func ("/core/models/summary/errors", test_summary_errors);
  g_test_add_func ("/core/models/summary/compress", test_summary_compress);
  g_test_add_func ("/core/models/summary/cdnow", test_cdnow_summary);
  g_test_add_func ("/core/models/bgnbd/cdnow", test_bgnbd_cdnow);
  g_test_add_func ("/core/models/bgnbd/cdnow-published-summary",
                   test_bgnbd_cdnow_published_summary);
  g_test_add_func ("/core/models/bgnbd/cdnow-holdout", test_bgnbd_cdnow_holdout);
  g_test_add_func ("/core/models/bgnbd/closed-forms", test_bgnbd_closed_forms);
  g_test_add_func ("/core/models/bgnbd/quadrature", test_bgnbd_conditional_quadrature);
  g_test_add_func ("/core/models/bgnbd/monotone", test_bgnbd_monotone);
  g_test_add_func ("/core/models/bgnbd/errors", test_bgnbd_errors);
  g_test_add_func ("/core/models/gamma-gamma/cdnow", test_gamma_gamma_cdnow);
  g_test_add_func ("/core/models/gamma-gamma/errors", test_gamma_gamma_errors);
  g_test_add_func ("/core/models/clv/discounting", test_clv);
  g_test_add_func ("/core/models/clv/errors", test_clv_errors);

  return g_test_run ();
}
