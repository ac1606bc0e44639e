/* hy-random-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small, fast, seedable generator (xoshiro256**) and the distributions the demo data and the
 * model simulations draw from.  The same seed gives the same numbers on every machine.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint64 s[4];
} HyRandom;

void    hy_random_init        (HyRandom *rng,
                               guint64   seed);
guint64 hy_random_next        (HyRandom *rng);
double  hy_random_double      (HyRandom *rng);   /* [0, 1) */
double  hy_random_open        (HyRandom *rng);   /* (0, 1) */
guint32 hy_random_below       (HyRandom *rng,
                               guint32   n);     /* [0, n) */
double  hy_random_exponential (HyRandom *rng,
                               double    rate);
double  hy_random_normal      (HyRandom *rng);
double  hy_random_gamma       (HyRandom *rng,
                               double    shape,
                               double    scale);
double  hy_random_beta        (HyRandom *rng,
                               double    a,
                               double    b);
guint64 hy_random_mix         (guint64   x);

G_END_DECLS
