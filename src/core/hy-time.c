/* hy-time.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hy-time.h"

/* Set by tests and by the CLI's --now, so that "today" is reproducible. */
static gint64 fixed_now;

gint64
hy_time_now (void)
{
  if (fixed_now != 0)
    return fixed_now;

  return g_get_real_time () / G_USEC_PER_SEC;
}

void
hy_time_set_now (gint64 now)
{
  fixed_now = now;
}

/* Days from civil (proleptic Gregorian), after Howard Hinnant's algorithm: no tables, no
 * allocation, exact for every date we care about. */
gint32
hy_time_ymd_to_day (int year,
                    int month,
                    int day)
{
  int y = year - (month <= 2);
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + doe - 719468;
}

void
hy_time_day_to_ymd (gint32  day,
                    int    *year,
                    int    *month,
                    int    *mday)
{
  int z = day + 719468;
  int era = (z >= 0 ? z : z - 146096) / 146097;
  int doe = z - era * 146097;
  int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int mp = (5 * doy + 2) / 153;
  int d = doy - (153 * mp + 2) / 5 + 1;
  int m = mp + (mp < 10 ? 3 : -9);

  *year = yoe + era * 400 + (m <= 2);
  *month = m;
  *mday = d;
}

gboolean
hy_time_valid_date (int year,
                    int month,
                    int day)
{
  if (month < 1 || month > 12 || day < 1)
    return FALSE;

  return day <= g_date_get_days_in_month (month, year);
}

static gint32
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  if ((a % b != 0) && ((a < 0) != (b < 0)))
    q--;
  return (gint32) q;
}

gint32
hy_time_local_day (GTimeZone *tz,
                   gint64     utc)
{
  int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, utc);
  gint32 offset = interval >= 0 ? g_time_zone_get_offset (tz, interval) : 0;

  return floor_div (utc + offset, 86400);
}

gint64
hy_time_from_local (GTimeZone *tz,
                    int        year,
                    int        month,
                    int        day,
                    int        hour,
                    int        minute,
                    int        second)
{
  gint64 local = (gint64) hy_time_ymd_to_day (year, month, day) * 86400 +
                 hour * 3600 + minute * 60 + second;
  int interval;

  /* adjust_time moves a local time that falls into a DST gap forward, as a clock would. */
  interval = g_time_zone_adjust_time (tz, G_TIME_TYPE_STANDARD, &local);
  return local - g_time_zone_get_offset (tz, interval);
}

gint64
hy_time_day_start (GTimeZone *tz,
                   gint32     day)
{
  int y, m, d;

  hy_time_day_to_ymd (day, &y, &m, &d);
  return hy_time_from_local (tz, y, m, d, 0, 0, 0);
}

char *
hy_time_format_local (GTimeZone *tz,
                      gint64     utc,
                      gboolean   with_time)
{
  g_autoptr(GDateTime) utc_dt = g_date_time_new_from_unix_utc (utc);
  g_autoptr(GDateTime) local = NULL;

  if (utc_dt == NULL)
    return g_strdup ("");

  local = g_date_time_to_timezone (utc_dt, tz);
  return g_date_time_format (local, with_time ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d");
}

/* "YYYY-MM-DD HH:MM:SS" in local time, without allocating: exports write millions of these. */
void
hy_time_format_buf (GTimeZone *tz,
                    gint64     utc,
                    char       buf[HY_TIME_BUF_LEN])
{
  int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, utc);
  gint64 local = utc + (interval >= 0 ? g_time_zone_get_offset (tz, interval) : 0);
  gint32 day = floor_div (local, 86400);
  gint64 seconds = local - (gint64) day * 86400;
  int y, m, d;

  hy_time_day_to_ymd (day, &y, &m, &d);
  g_snprintf (buf, HY_TIME_BUF_LEN, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d,
              (int) (seconds / 3600), (int) (seconds / 60 % 60), (int) (seconds % 60));
}
