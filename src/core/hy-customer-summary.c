/* hy-customer-summary.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "hy-customer-summary.h"
#include "hy-error.h"
#include "hy-random-private.h"

#define SECONDS_PER_DAY 86400
#define DAYS_PER_YEAR   365.25

typedef struct
{
  gint64 day;
  double value;
} Purchase;

double
hy_time_unit_days (HyTimeUnit unit)
{
  switch (unit)
    {
    case HY_TIME_UNIT_DAY:
      return 1.0;
    case HY_TIME_UNIT_WEEK:
      return 7.0;
    default:
      g_return_val_if_reached (1.0);
    }
}

double
hy_time_unit_per_year (HyTimeUnit unit)
{
  return DAYS_PER_YEAR / hy_time_unit_days (unit);
}

gint64
hy_day_number_from_unix (gint64 unix_seconds,
                         int    utc_offset)
{
  gint64 local = unix_seconds + utc_offset;

  /* Floor division, so that the second before 1970-01-01 00:00 is day -1. */
  return local >= 0 ? local / SECONDS_PER_DAY : -((-local + SECONDS_PER_DAY - 1) / SECONDS_PER_DAY);
}

static int
purchase_compare (gconstpointer a,
                  gconstpointer b)
{
  const Purchase *pa = a;
  const Purchase *pb = b;

  return (pa->day > pb->day) - (pa->day < pb->day);
}

gboolean
hy_customer_summary_compute (const gint64      *days,
                             const double      *values,
                             gsize              n_purchases,
                             gint64             calibration_end,
                             gint64             holdout_end,
                             HyTimeUnit         unit,
                             HyCustomerSummary *summary,
                             GError           **error)
{
  g_autofree Purchase *purchases = NULL;
  double unit_days = hy_time_unit_days (unit);
  double repeat_total = 0.0;
  gint64 first_day, last_day;
  gsize i;

  g_return_val_if_fail (days != NULL || n_purchases == 0, FALSE);
  g_return_val_if_fail (summary != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (summary, 0, sizeof *summary);

  if (holdout_end < calibration_end)
    {
      g_set_error_literal (error, HY_ERROR, HY_ERROR_INVALID,
                           _("The holdout period ends before the calibration period does"));
      return FALSE;
    }

  purchases = g_new (Purchase, MAX (n_purchases, 1));
  for (i = 0; i < n_purchases; i++)
    {
      purchases[i].day = days[i];
      purchases[i].value = values != NULL ? values[i] : 0.0;
      if (!isfinite (purchases[i].value))
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("Purchase %zu has no valid value"), i + 1);
          return FALSE;
        }
    }
  if (n_purchases > 1)
    qsort (purchases, n_purchases, sizeof (Purchase), purchase_compare);

  if (n_purchases == 0 || purchases[0].day > calibration_end)
    {
      g_set_error_literal (error, HY_ERROR, HY_ERROR_INVALID,
                           _("The customer made no purchase on or before the end of the "
                             "calibration period"));
      return FALSE;
    }

  first_day = last_day = purchases[0].day;
  i = 0;
  while (i < n_purchases)
    {
      gint64 day = purchases[i].day;
      double day_total = 0.0;

      /* Purchases on one day are one occasion worth their sum. */
      for (; i < n_purchases && purchases[i].day == day; i++)
        day_total += purchases[i].value;

      if (day == first_day)
        continue;
      if (day <= calibration_end)
        {
          summary->x++;
          repeat_total += day_total;
          last_day = day;
        }
      else if (day <= holdout_end)
        {
          summary->holdout++;
        }
    }

  summary->t_x = (last_day - first_day) / unit_days;
  summary->T = (calibration_end - first_day) / unit_days;
  summary->zbar = summary->x > 0 ? repeat_total / summary->x : 0.0;
  return TRUE;
}

static guint64
double_bits (double v)
{
  guint64 bits;

  if (v == 0.0)
    v = 0.0;   /* one key for 0.0 and -0.0 */
  memcpy (&bits, &v, sizeof bits);
  return bits;
}

HyCustomerRows *
hy_customer_rows_compress (const guint32 *x,
                           const double  *t_x,
                           const double  *T,
                           gsize          n)
{
  g_autofree gsize *slots = NULL;   /* row index + 1; 0 is empty */
  HyCustomerRows *rows;
  gsize capacity = 16;
  gsize mask;

  g_return_val_if_fail (n == 0 || (x != NULL && t_x != NULL && T != NULL), NULL);

  /* Open addressing at load <= 1/2. */
  while (capacity < 2 * n)
    capacity <<= 1;
  mask = capacity - 1;
  slots = g_new0 (gsize, capacity);

  rows = g_new0 (HyCustomerRows, 1);
  rows->x = g_new (guint32, MAX (n, 1));
  rows->t_x = g_new (double, MAX (n, 1));
  rows->T = g_new (double, MAX (n, 1));
  rows->weight = g_new (guint32, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    {
      guint64 bits_t_x = double_bits (t_x[i]);
      guint64 bits_T = double_bits (T[i]);
      gsize h = hy_random_mix (x[i] ^ hy_random_mix (bits_t_x ^ hy_random_mix (bits_T))) & mask;

      for (;; h = (h + 1) & mask)
        {
          gsize slot = slots[h];

          if (slot == 0)
            {
              gsize row = rows->n_rows++;

              rows->x[row] = x[i];
              rows->t_x[row] = t_x[i];
              rows->T[row] = T[i];
              rows->weight[row] = 1;
              slots[h] = row + 1;
              break;
            }
          if (rows->x[slot - 1] == x[i]
              && double_bits (rows->t_x[slot - 1]) == bits_t_x
              && double_bits (rows->T[slot - 1]) == bits_T)
            {
              rows->weight[slot - 1]++;
              break;
            }
        }
    }

  return rows;
}

void
hy_customer_rows_free (HyCustomerRows *rows)
{
  if (rows == NULL)
    return;

  g_free (rows->x);
  g_free (rows->t_x);
  g_free (rows->T);
  g_free (rows->weight);
  g_free (rows);
}
