/* hy-customer-summary.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The unit every time in the models is measured in.  A week is 7 days exactly. */
typedef enum
{
  HY_TIME_UNIT_DAY,
  HY_TIME_UNIT_WEEK,
} HyTimeUnit;

/* One customer's purchase history in the form the BG/NBD and Gamma-Gamma models take.
 *
 * Purchases are counted by day: all purchases on one day are one purchase occasion worth the sum
 * of their values (the CDNOW / lifetimes convention).  The first purchase day starts the
 * customer's clock and is not a repeat purchase. */
typedef struct
{
  guint32 x;         /* repeat purchase days in the calibration period */
  double  t_x;       /* first purchase day to the last repeat day, in units; 0 when x = 0 */
  double  T;         /* first purchase day to the calibration end day, in units */
  double  zbar;      /* mean over the x repeat days of each day's total value; 0 when x = 0 */
  guint32 holdout;   /* purchase days after the calibration end, up to the holdout end */
} HyCustomerSummary;

double   hy_time_unit_days           (HyTimeUnit         unit);
double   hy_time_unit_per_year       (HyTimeUnit         unit);

/* The day number (days since 1970-01-01) of a UTC timestamp in a time zone utc_offset seconds
 * ahead of UTC; days start at local midnight. */
gint64   hy_day_number_from_unix     (gint64             unix_seconds,
                                      int                utc_offset);

/* Summarises one customer's n_purchases purchases, given as day numbers (any origin, in any
 * order) with their values (or NULL when spend does not matter).  Days up to and including
 * calibration_end form the calibration period; days after it up to and including holdout_end
 * are counted in holdout (pass holdout_end = calibration_end for none).  Fails with
 * HY_ERROR_INVALID when there is no purchase on or before calibration_end, when a value is not
 * a finite number or when holdout_end is before calibration_end. */
gboolean hy_customer_summary_compute (const gint64      *days,
                                      const double      *values,
                                      gsize              n_purchases,
                                      gint64             calibration_end,
                                      gint64             holdout_end,
                                      HyTimeUnit         unit,
                                      HyCustomerSummary *summary,
                                      GError           **error);

/* The distinct (x, t_x, T) triples of n customers with how many customers share each, in order
 * of first appearance.  Model fits on these rows give the same result as on the customers, in
 * less time: with times in whole days most customers without a repeat purchase collapse into a
 * few hundred rows. */
typedef struct
{
  gsize    n_rows;
  guint32 *x;
  double  *t_x;
  double  *T;
  guint32 *weight;
} HyCustomerRows;

HyCustomerRows *hy_customer_rows_compress (const guint32 *x,
                                           const double  *t_x,
                                           const double  *T,
                                           gsize          n);
void            hy_customer_rows_free     (HyCustomerRows *rows);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyCustomerRows, hy_customer_rows_free)

G_END_DECLS
