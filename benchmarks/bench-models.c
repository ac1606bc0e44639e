/* bench-models.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How long the customer-base models take for a large membership: a million simulated members
 * with first purchases spread over three years, times in whole days.  The target is fitting
 * BG/NBD and Gamma-Gamma and scoring everyone in under 2 seconds on 2 cores.
 *
 * Usage: bench-models [MEMBERS]
 */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "hy-bgnbd.h"
#include "hy-clv.h"
#include "hy-customer-summary.h"
#include "hy-gamma-gamma.h"

#define DAYS 1095.0

typedef struct
{
  double wall;
  double cpu;
} Lap;

/* CPU time of all threads: unlike the wall clock, not inflated by other programs' load, but
 * it adds the threads' times up. */
static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static Lap
lap_start (void)
{
  Lap lap = { g_get_monotonic_time () / 1e6, cpu_seconds () };

  return lap;
}

static Lap
lap_end (Lap start)
{
  Lap lap = { g_get_monotonic_time () / 1e6 - start.wall, cpu_seconds () - start.cpu };

  return lap;
}

int
main (int   argc,
      char *argv[])
{
  /* A shop whose members buy every 40 days on average while they stay. */
  const HyBgnbdParams truth = { 0.5, 20.0, 0.7, 4.0 };
  const HyGammaGammaParams spend_truth = { 6.0, 4.0, 15.0 };
  gsize n = argc > 1 ? g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  g_autofree guint32 *x = g_new (guint32, n);
  g_autofree double *t_x = g_new (double, n);
  g_autofree double *T = g_new (double, n);
  g_autofree double *zbar = g_new (double, n);
  g_autofree double *p_alive = g_new (double, n);
  g_autofree double *expected = g_new (double, n);
  g_autofree double *spend = g_new (double, n);
  g_autofree double *clv = g_new (double, n);
  g_autoptr(HyCustomerRows) rows = NULL;
  g_autoptr(GError) error = NULL;
  HyBgnbdFit bgnbd;
  HyGammaGammaFit gg;
  HyClvOptions clv_options;
  Lap start, sim, compress, fit_bgnbd, fit_gg, score, spending, value, total;
  gsize repeaters = 0;

  if (n < 1000)
    {
      fprintf (stderr, "Usage: %s [MEMBERS >= 1000]\n", argv[0]);
      return EXIT_FAILURE;
    }

  /* First purchases evenly over three years; times cut to whole days, as the summary of real
   * purchases gives them. */
  start = lap_start ();
  for (gsize i = 0; i < n; i++)
    T[i] = DAYS * (i + 0.5) / n;
  hy_bgnbd_simulate (&truth, 1, n, T, 0.0, x, t_x, NULL);
  hy_gamma_gamma_simulate (&spend_truth, 1, n, x, zbar);
  for (gsize i = 0; i < n; i++)
    {
      T[i] = floor (T[i]);
      t_x[i] = floor (t_x[i]);
      if (x[i] > 0)
        repeaters++;
    }
  sim = lap_end (start);
  printf ("simulated %" G_GSIZE_FORMAT " members (%" G_GSIZE_FORMAT " with repeat purchases) "
          "in %.3f s\n", n, repeaters, sim.wall);

  start = lap_start ();
  rows = hy_customer_rows_compress (x, t_x, T, n);
  compress = lap_end (start);

  start = lap_start ();
  if (!hy_bgnbd_fit (rows->x, rows->t_x, rows->T, rows->weight, rows->n_rows, NULL, &bgnbd,
                     &error))
    {
      fprintf (stderr, "BG/NBD fit failed: %s\n", error->message);
      return EXIT_FAILURE;
    }
  fit_bgnbd = lap_end (start);

  start = lap_start ();
  if (!hy_gamma_gamma_fit (x, zbar, NULL, n, NULL, &gg, &error))
    {
      fprintf (stderr, "Gamma-Gamma fit failed: %s\n", error->message);
      return EXIT_FAILURE;
    }
  fit_gg = lap_end (start);

  /* P(alive) and the purchases expected in the next 90 days. */
  start = lap_start ();
  hy_bgnbd_score (&bgnbd.params, x, t_x, T, n, 90.0, p_alive, expected);
  score = lap_end (start);

  start = lap_start ();
  for (gsize i = 0; i < n; i++)
    spend[i] = hy_gamma_gamma_expected_spend (&gg.params, x[i], zbar[i]);
  spending = lap_end (start);

  total.wall = compress.wall + fit_bgnbd.wall + fit_gg.wall + score.wall + spending.wall;
  total.cpu = compress.cpu + fit_bgnbd.cpu + fit_gg.cpu + score.cpu + spending.cpu;

  /* A year's value in monthly periods. */
  hy_clv_options_init (&clv_options, HY_TIME_UNIT_DAY);
  start = lap_start ();
  if (!hy_clv_compute (&bgnbd.params, &gg.params, x, t_x, T, zbar, n, &clv_options, clv,
                       &error))
    {
      fprintf (stderr, "CLV failed: %s\n", error->message);
      return EXIT_FAILURE;
    }
  value = lap_end (start);

  printf ("%u processors; seconds as wall clock (CPU time of all threads)\n",
          g_get_num_processors ());
  printf ("compress:            %.3f (%.3f), %" G_GSIZE_FORMAT " unique (x, t_x, T) rows\n",
          compress.wall, compress.cpu, rows->n_rows);
  printf ("BG/NBD fit:          %.3f (%.3f), %u iterations, %u evaluations, "
          "r %.4f alpha %.3f a %.4f b %.3f (truth %g %g %g %g)\n",
          fit_bgnbd.wall, fit_bgnbd.cpu, bgnbd.iterations, bgnbd.evaluations, bgnbd.params.r,
          bgnbd.params.alpha, bgnbd.params.a, bgnbd.params.b,
          truth.r, truth.alpha, truth.a, truth.b);
  printf ("Gamma-Gamma fit:     %.3f (%.3f), %u iterations, %u evaluations, "
          "p %.3f q %.3f gamma %.3f (truth %g %g %g)\n",
          fit_gg.wall, fit_gg.cpu, gg.iterations, gg.evaluations, gg.params.p, gg.params.q,
          gg.params.gamma, spend_truth.p, spend_truth.q, spend_truth.gamma);
  printf ("P(alive), E[Y(90)]:  %.3f (%.3f)\n", score.wall, score.cpu);
  printf ("expected spend:      %.3f (%.3f)\n", spending.wall, spending.cpu);
  printf ("total fit + score:   %.3f (%.3f) for %" G_GSIZE_FORMAT " members\n",
          total.wall, total.cpu, n);
  printf ("CLV, 12 periods:     %.3f (%.3f)\n", value.wall, value.cpu);
  printf ("first member: P(alive) %.3f, E[Y(90)] %.3f, spend %.2f, CLV %.2f\n",
          p_alive[0], expected[0], spend[0], clv[0]);

  return EXIT_SUCCESS;
}
