/* hy-money.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hy-money.h"

/**
 * hy_money_mul_div:
 *
 * @value x @mul / @div, rounded half away from zero, without overflow for any amounts a store
 * will see.  Used for every proportional split of money (partial refunds, discounts).
 */
gint64
hy_money_mul_div (gint64 value,
                  gint64 mul,
                  gint64 div)
{
  __int128 product = (__int128) value * mul;
  __int128 quotient, remainder;

  g_return_val_if_fail (div != 0, 0);

  if (div < 0)
    {
      div = -div;
      product = -product;
    }
  quotient = product / div;
  remainder = product % div;
  if (remainder * 2 >= div)
    quotient++;
  else if (remainder * 2 <= -div)
    quotient--;

  return (gint64) quotient;
}

/* Appends the digits of @magnitude, with a comma between groups of three if @grouping. */
static void
append_digits (GString  *out,
               guint64   magnitude,
               gboolean  grouping)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (grouping && i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
}

/* "1234.50", or "1,234.50" with @grouping; the currency sign is the caller's business. */
char *
hy_money_format (gint64   minor,
                 gboolean grouping)
{
  guint64 magnitude = minor < 0 ? -(guint64) minor : (guint64) minor;
  GString *out = g_string_new (minor < 0 ? "-" : "");

  append_digits (out, magnitude / 100, grouping);
  g_string_append_printf (out, ".%02u", (guint) (magnitude % 100));

  return g_string_free (out, FALSE);
}

/* "1,234,567": counts of members and purchases, grouped the same in every language we ship
 * (the C locale's printf ("%'d") would not group at all). */
char *
hy_count_format (gint64 count)
{
  guint64 magnitude = count < 0 ? -(guint64) count : (guint64) count;
  GString *out = g_string_new (count < 0 ? "-" : "");

  append_digits (out, magnitude, TRUE);

  return g_string_free (out, FALSE);
}
