/* hy-random.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "hy-random-private.h"

/* splitmix64's finaliser: spreads a seed (or a seed mixed with an index) over all 64 bits. */
guint64
hy_random_mix (guint64 x)
{
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

void
hy_random_init (HyRandom *rng,
                guint64   seed)
{
  for (guint i = 0; i < 4; i++)
    {
      seed = hy_random_mix (seed);
      rng->s[i] = seed;
    }
}

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

guint64
hy_random_next (HyRandom *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);

  return result;
}

double
hy_random_double (HyRandom *rng)
{
  return (hy_random_next (rng) >> 11) * 0x1.0p-53;
}

double
hy_random_open (HyRandom *rng)
{
  return ((hy_random_next (rng) >> 12) + 0.5) * 0x1.0p-52;
}

guint32
hy_random_below (HyRandom *rng,
                 guint32   n)
{
  /* Lemire's multiply-shift; the bias for n far below 2^32 is negligible here. */
  return (guint32) (((hy_random_next (rng) >> 32) * (guint64) n) >> 32);
}

double
hy_random_exponential (HyRandom *rng,
                       double    rate)
{
  return -log (hy_random_open (rng)) / rate;
}

double
hy_random_normal (HyRandom *rng)
{
  /* Box-Muller; one of the pair is enough for our volumes. */
  double u = hy_random_open (rng);
  double v = hy_random_double (rng);

  return sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
}

/* Marsaglia and Tsang (2000), with the usual boost for shape < 1. */
double
hy_random_gamma (HyRandom *rng,
                 double    shape,
                 double    scale)
{
  double d, c;

  if (shape < 1.0)
    {
      double u = hy_random_open (rng);

      return hy_random_gamma (rng, shape + 1.0, scale) * pow (u, 1.0 / shape);
    }

  d = shape - 1.0 / 3.0;
  c = 1.0 / sqrt (9.0 * d);

  for (;;)
    {
      double x, v, u;

      do
        {
          x = hy_random_normal (rng);
          v = 1.0 + c * x;
        }
      while (v <= 0.0);

      v = v * v * v;
      u = hy_random_open (rng);
      if (u < 1.0 - 0.0331 * x * x * x * x)
        return d * v * scale;
      if (log (u) < 0.5 * x * x + d * (1.0 - v + log (v)))
        return d * v * scale;
    }
}

double
hy_random_beta (HyRandom *rng,
                double    a,
                double    b)
{
  double x = hy_random_gamma (rng, a, 1.0);
  double y = hy_random_gamma (rng, b, 1.0);

  return x / (x + y);
}
