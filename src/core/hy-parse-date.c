/* hy-parse-date.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Dates and times as exports write them: ISO 8601, 2024/5/1, 2024.5.1, 20240501, 2024年5月1日,
 * with an optional time of day and UTC offset.  What cannot be read without guessing (05/01/2024,
 * Excel serial numbers, Unix timestamps, two-digit years) is refused with a message saying why. */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hy-error.h"
#include "hy-parse.h"
#include "hy-parse-private.h"

typedef struct
{
  int      year;
  gboolean has_year;    /* FALSE for a birthday without a year */
  int      month;
  int      day;
  int      hour;
  int      minute;
  int      second;
  int      offset;      /* seconds east of UTC, when has_offset */
  gboolean has_offset;
} DateTime;

typedef enum
{
  MERIDIEM_NONE,
  MERIDIEM_AM,
  MERIDIEM_PM,
} Meridiem;

/* Reads a run of digits; returns how many there were.  value holds the first nine. */
static int
read_digits (const char **p,
             int         *value)
{
  int n = 0;

  *value = 0;
  while (g_ascii_isdigit (**p))
    {
      if (n < 9)
        *value = *value * 10 + (**p - '0');
      (*p)++;
      n++;
    }
  return n;
}

static int
digits_value (const char *p,
              int         n)
{
  int value = 0;

  for (int i = 0; i < n; i++)
    value = value * 10 + (p[i] - '0');
  return value;
}

static void
skip_spaces (const char **p)
{
  while (**p == ' ')
    (*p)++;
}

static gboolean
is_leap_year (int year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int
days_in_month (const DateTime *dt)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  /* A birthday without a year may be 29 February. */
  if (dt->month == 2 && (!dt->has_year || is_leap_year (dt->year)))
    return 29;
  return days[dt->month - 1];
}

/* Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
static gint64
days_from_civil (int year,
                 int month,
                 int day)
{
  gint64 y = year - (month <= 2);
  gint64 era = (y >= 0 ? y : y - 399) / 400;
  gint64 yoe = y - era * 400;
  gint64 doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  gint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + doe - 719468;
}

static gboolean fail (GError    **error,
                      const char *text,
                      const char *format,
                      ...) G_GNUC_PRINTF (3, 4);

/* Sets an HY_ERROR_INVALID error: the quoted text, then what is wrong with it. */
static gboolean
fail (GError    **error,
      const char *text,
      const char *format,
      ...)
{
  g_autofree char *quoted = _hy_parse_quote (text);
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  /* TRANSLATORS: the first %s is the text from the file, the second what is wrong with it */
  g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("“%s” %s"), quoted, detail);
  return FALSE;
}

static gboolean
not_a_date (GError    **error,
            const char *text)
{
  return fail (error, text, "%s",
               _("is not a date (write it as 2024-05-01, optionally with a time such as 14:30)"));
}

/* Texts made of digits alone: 20240501, 202405011430, 20240501143000, or numbers that only
 * look like dates. */
static gboolean
parse_digits_only (const char  *s,
                   const char  *text,
                   DateTime    *dt,
                   GError     **error)
{
  gsize n = strspn (s, "0123456789");
  const char *rest = s + n;

  if (*rest == '.' && n == 4 && strlen (rest + 1) <= 2
      && digits_value (s, 4) >= HY_PARSE_YEAR_MIN && digits_value (s, 4) <= HY_PARSE_YEAR_MAX)
    return fail (error, text, "%s", _("is not a date: it has no day"));
  if (*rest == '.' && n > 6)
    return not_a_date (error, text);

  if (*rest == '\0' && (n == 8 || n == 12 || n == 14))
    {
      dt->year = digits_value (s, 4);
      dt->has_year = TRUE;
      dt->month = digits_value (s + 4, 2);
      dt->day = digits_value (s + 6, 2);
      if (n >= 12)
        {
          dt->hour = digits_value (s + 8, 2);
          dt->minute = digits_value (s + 10, 2);
        }
      if (n == 14)
        dt->second = digits_value (s + 12, 2);
      return TRUE;
    }

  if (*rest == '\0' && n == 4
      && digits_value (s, 4) >= HY_PARSE_YEAR_MIN && digits_value (s, 4) <= HY_PARSE_YEAR_MAX)
    return fail (error, text, "%s", _("is not a date: it has a year but no month or day"));
  if (n <= 6)
    return fail (error, text, "%s",
                 _("looks like an Excel serial date number, which is not accepted because its "
                   "meaning depends on the workbook; format the column as dates (yyyy-mm-dd) "
                   "before exporting"));
  if (*rest == '\0' && (n == 10 || n == 13))
    return fail (error, text, "%s",
                 _("looks like a Unix timestamp, which is not accepted; export the column as "
                   "dates and times such as 2024-05-01 14:30"));
  return not_a_date (error, text);
}

/* Settles which of a and b is the month in a/b/year or a/b: only when one of them cannot be a
 * month, or both are the same.  Exports from US and European Excel differ here. */
static gboolean
resolve_day_month (int         a,
                   int         b,
                   const char *text,
                   DateTime   *dt,
                   GError    **error)
{
  if (a > 12 && b <= 12)
    {
      dt->day = a;
      dt->month = b;
      return TRUE;
    }
  if (b > 12 || a == b)
    {
      dt->month = a;
      dt->day = b;
      return TRUE;
    }
  if (a == 0 || b == 0)
    return not_a_date (error, text);
  if (!dt->has_year)
    return fail (error, text,
                 _("is ambiguous: it could be month %d day %d, or day %d month %d; write "
                   "birthdays as month-day, such as %02d-%02d"),
                 a, b, a, b, a, b);
  return fail (error, text,
               _("is ambiguous: it could be %04d-%02d-%02d or %04d-%02d-%02d; write dates as "
                 "year-month-day"),
               dt->year, a, b, dt->year, b, a);
}

/* The date part.  On return *p is past it; *cjk says it ended in 日 or 号, after which a time
 * may follow without a space. */
static gboolean
parse_date_part (const char **p,
                 const char  *text,
                 DateTime    *dt,
                 gboolean    *cjk,
                 GError     **error)
{
  int a;
  int b;
  int c;
  int n_a;
  int n_b;
  int n_c;
  char separator;

  *cjk = FALSE;

  /* ISO 8601 for a date without a year: --05-01 */
  if ((*p)[0] == '-' && (*p)[1] == '-')
    {
      *p += 2;
      n_a = read_digits (p, &a);
      if (n_a != 2 || **p != '-')
        return not_a_date (error, text);
      (*p)++;
      n_b = read_digits (p, &b);
      if (n_b != 2)
        return not_a_date (error, text);
      dt->month = a;
      dt->day = b;
      return TRUE;
    }

  n_a = read_digits (p, &a);
  if (n_a == 8)
    {
      /* 20240501 followed by a time */
      dt->year = a / 10000;
      dt->has_year = TRUE;
      dt->month = a / 100 % 100;
      dt->day = a % 100;
      return TRUE;
    }
  if (n_a == 0 || n_a > 4)
    return not_a_date (error, text);
  skip_spaces (p);

  if (_hy_parse_eat (p, "年"))
    {
      if (n_a != 4)
        return fail (error, text, "%s", _("is not a date: write the year with four digits"));
      skip_spaces (p);
      n_b = read_digits (p, &b);
      skip_spaces (p);
      if (n_b == 0 || n_b > 2 || !_hy_parse_eat (p, "月"))
        return not_a_date (error, text);
      skip_spaces (p);
      n_c = read_digits (p, &c);
      if (n_c == 0 || n_c > 2)
        return n_c == 0 && **p == '\0'
          ? fail (error, text, "%s", _("is not a date: it has no day"))
          : not_a_date (error, text);
      skip_spaces (p);
      *cjk = _hy_parse_eat (p, "日") || _hy_parse_eat (p, "号");
      dt->year = a;
      dt->has_year = TRUE;
      dt->month = b;
      dt->day = c;
      return TRUE;
    }

  if (_hy_parse_eat (p, "月"))
    {
      skip_spaces (p);
      n_b = read_digits (p, &b);
      if (n_a > 2 || n_b == 0 || n_b > 2)
        return not_a_date (error, text);
      skip_spaces (p);
      *cjk = _hy_parse_eat (p, "日") || _hy_parse_eat (p, "号");
      dt->month = a;
      dt->day = b;
      return TRUE;
    }

  separator = **p;
  if (separator != '-' && separator != '/' && separator != '.')
    return not_a_date (error, text);
  (*p)++;
  n_b = read_digits (p, &b);
  if (n_b == 0 || n_b > 2)
    return not_a_date (error, text);

  if (**p != separator)
    {
      /* Month and day without a year, or a year and month without a day. */
      if (n_a == 4 && **p == '\0')
        return fail (error, text, "%s", _("is not a date: it has no day"));
      if (n_a > 2 || **p == '-' || **p == '/' || **p == '.')
        return not_a_date (error, text);
      if (separator == '-')
        {
          dt->month = a;
          dt->day = b;
          return TRUE;
        }
      return resolve_day_month (a, b, text, dt, error);
    }

  (*p)++;
  n_c = read_digits (p, &c);
  if (n_a == 4 && n_c >= 1 && n_c <= 2)
    {
      dt->year = a;
      dt->has_year = TRUE;
      dt->month = b;
      dt->day = c;
      return TRUE;
    }
  if (n_a <= 2 && n_c == 4)
    {
      dt->year = c;
      dt->has_year = TRUE;
      return resolve_day_month (a, b, text, dt, error);
    }
  if (n_a <= 2 && n_c == 2)
    return fail (error, text, "%s", _("is not a date: write the year with four digits"));
  return not_a_date (error, text);
}

static gboolean
eat_meridiem (const char **p,
              Meridiem    *meridiem)
{
  if (_hy_parse_eat (p, "上午") || _hy_parse_eat (p, "am") || _hy_parse_eat (p, "a.m."))
    *meridiem = MERIDIEM_AM;
  else if (_hy_parse_eat (p, "下午") || _hy_parse_eat (p, "pm") || _hy_parse_eat (p, "p.m."))
    *meridiem = MERIDIEM_PM;
  else
    return FALSE;
  return TRUE;
}

/* The time of day: 14:30, 14:30:15, 14:30:15.250, 2:30 PM, 下午2:30, 14时30分15秒, 14点30分. */
static gboolean
parse_time_part (const char **p,
                 const char  *text,
                 DateTime    *dt,
                 GError     **error)
{
  Meridiem meridiem = MERIDIEM_NONE;
  gboolean cjk;
  int n;
  int value;

  if (eat_meridiem (p, &meridiem))
    skip_spaces (p);

  n = read_digits (p, &dt->hour);
  if ((n == 4 || n == 6) && meridiem == MERIDIEM_NONE)
    {
      /* 1430 or 143015, as after 20240501 */
      value = dt->hour;
      if (n == 6)
        {
          dt->second = value % 100;
          value /= 100;
        }
      dt->minute = value % 100;
      dt->hour = value / 100;
      goto check;
    }
  if (n == 0 || n > 2)
    return not_a_date (error, text);

  cjk = _hy_parse_eat (p, "时") || _hy_parse_eat (p, "点");
  if (!cjk && **p != ':')
    return not_a_date (error, text);
  if (!cjk)
    (*p)++;

  n = read_digits (p, &dt->minute);
  if (n == 0 && cjk && **p == '\0')
    n = 2;   /* 14点 */
  else if (n != 2 && !(cjk && n == 1))
    return not_a_date (error, text);

  if (cjk)
    {
      _hy_parse_eat (p, "分");
      n = read_digits (p, &dt->second);
      if (n > 2)
        return not_a_date (error, text);
      if (n > 0)
        _hy_parse_eat (p, "秒");
    }
  else if (**p == ':')
    {
      (*p)++;
      if (read_digits (p, &dt->second) != 2)
        return not_a_date (error, text);
      /* Fractions of a second are dropped. */
      if ((**p == '.' || **p == ',') && g_ascii_isdigit ((*p)[1]))
        {
          (*p)++;
          read_digits (p, &value);
        }
    }

  skip_spaces (p);
  if (meridiem == MERIDIEM_NONE)
    eat_meridiem (p, &meridiem);

check:
  if (dt->minute > 59 || dt->second > 59)
    return fail (error, text, "%s", _("is not a valid time: minutes and seconds go from 0 to 59"));

  switch (meridiem)
    {
    case MERIDIEM_NONE:
      if (dt->hour > 23)
        return fail (error, text, "%s", _("is not a valid time: hours go from 0 to 23"));
      break;

    case MERIDIEM_AM:
      if (dt->hour > 12)
        return fail (error, text, "%s",
                     _("is not a valid time: with AM or 上午 hours go from 1 to 12"));
      if (dt->hour == 12)
        dt->hour = 0;
      break;

    case MERIDIEM_PM:
      if (dt->hour == 0 || dt->hour > 23)
        return fail (error, text, "%s",
                     _("is not a valid time: with PM or 下午 hours go from 1 to 12"));
      /* 下午14:30 says the same thing twice; accept it. */
      if (dt->hour < 12)
        dt->hour += 12;
      break;

    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

/* Z, UTC, GMT, +08:00, +0800, +08, UTC+8 */
static gboolean
parse_offset (const char **p,
              const char  *text,
              DateTime    *dt,
              GError     **error)
{
  gboolean named;
  int sign;
  int hours;
  int minutes = 0;
  int n;

  skip_spaces (p);
  named = _hy_parse_eat (p, "z") || _hy_parse_eat (p, "utc") || _hy_parse_eat (p, "gmt");
  if (**p != '+' && **p != '-')
    {
      if (!named)
        return **p == '\0' ? TRUE : not_a_date (error, text);
      dt->has_offset = TRUE;
      dt->offset = 0;
      return TRUE;
    }

  sign = **p == '-' ? -1 : 1;
  (*p)++;
  n = read_digits (p, &hours);
  if (n == 4)
    {
      minutes = hours % 100;
      hours /= 100;
    }
  else if (n == 1 || n == 2)
    {
      if (**p == ':')
        {
          (*p)++;
          if (read_digits (p, &minutes) != 2)
            return not_a_date (error, text);
        }
    }
  else
    return not_a_date (error, text);

  if (hours > 14 || minutes > 59)
    return fail (error, text, "%s", _("has an invalid UTC offset"));

  dt->has_offset = TRUE;
  dt->offset = sign * (hours * 3600 + minutes * 60);
  return TRUE;
}

static gboolean
parse_date_time (const char  *text,
                 gboolean     yearless_ok,
                 DateTime    *dt,
                 GError     **error)
{
  char buf[HY_PARSE_MAX_TEXT];
  const char *p;
  gboolean cjk = FALSE;
  gsize n;
  gsize fraction;

  memset (dt, 0, sizeof *dt);

  p = _hy_parse_fold (text, buf, sizeof buf);
  if (p == NULL)
    return not_a_date (error, text);
  if (*p == '\0')
    {
      g_set_error_literal (error, HY_ERROR, HY_ERROR_INVALID, _("The date is empty"));
      return FALSE;
    }

  n = strspn (p, "0123456789");
  fraction = p[n] == '.' ? strspn (p + n + 1, "0123456789") : 0;
  if (n > 0 && (p[n] == '\0' || (fraction > 0 && p[n + 1 + fraction] == '\0')))
    {
      if (!parse_digits_only (p, text, dt, error))
        return FALSE;
    }
  else if (!parse_date_part (&p, text, dt, &cjk, error))
    return FALSE;
  else if (*p != '\0')
    {
      if (*p == 'T' || *p == 't')
        p++;
      else if (*p == ' ')
        skip_spaces (&p);
      else if (!cjk)
        return not_a_date (error, text);
      if (!parse_time_part (&p, text, dt, error))
        return FALSE;
      if (!parse_offset (&p, text, dt, error))
        return FALSE;
      if (*p != '\0')
        return not_a_date (error, text);
    }

  if (!dt->has_year && !yearless_ok)
    return fail (error, text, "%s", _("is not a date and time: it has no year"));
  if (dt->has_year && (dt->year < HY_PARSE_YEAR_MIN || dt->year > HY_PARSE_YEAR_MAX))
    return fail (error, text, _("is not a date: the year must be between %d and %d"),
                 HY_PARSE_YEAR_MIN, HY_PARSE_YEAR_MAX);
  if (dt->month < 1 || dt->month > 12)
    return fail (error, text, _("is not a valid date: there is no month %d"), dt->month);
  if (dt->day < 1 || dt->day > days_in_month (dt))
    {
      if (dt->month == 2 && dt->day == 29)
        return fail (error, text, _("is not a valid date: %d is not a leap year"), dt->year);
      return fail (error, text, _("is not a valid date: month %d has %d days"),
                   dt->month, days_in_month (dt));
    }
  if (dt->hour > 23 || dt->minute > 59 || dt->second > 59)
    return fail (error, text, "%s", _("is not a valid time of day"));

  return TRUE;
}

/**
 * hy_parse_date_time:
 * @text: a date with an optional time of day and UTC offset
 * @tz: the zone of times written without an offset (the store's)
 * @out_utc_seconds: (out): seconds since the Unix epoch
 * @error: return location for an error
 *
 * Accepts "2024-05-01", "2024/5/1", "2024.5.1", "20240501", "2024年5月1日", then optionally a
 * space (or T, or nothing after 日) and "14:30", "14:30:15", "14:30:15.250", "2:30 PM",
 * "下午2:30", "14时30分"; then optionally "Z", "+08:00", "+0800" or "UTC+8", in which case @tz
 * is not used.  Also the compact 202405011430 and 20240501143000.  A date without a time is
 * midnight in @tz; a time that does not exist in @tz (a daylight saving gap) moves forward as
 * #GDateTime does.
 *
 * Refused: dates outside 1900 to 2200 or not in the calendar, day/month orders that could be
 * either (05/01/2024; 13/05/2024 and 05/13/2024 are fine), two-digit years, Excel serial numbers
 * and Unix timestamps.
 *
 * Returns: %TRUE if @text is a date
 */
static gboolean
take_digits (const char **p,
             int          n,
             int         *out)
{
  int value = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      value = value * 10 + ((*p)[i] - '0');
    }

  *p += n;
  *out = value;
  return TRUE;
}

/* The common forms, "2024-05-01 14:30:15", "2024-05-01 14:30", "2024-05-01" and "20240501",
 * read directly; everything else, and anything out of range, takes the general path. */
static gboolean
parse_iso_local (const char *text,
                 DateTime   *dt)
{
  const char *p = text;

  memset (dt, 0, sizeof *dt);
  if (!take_digits (&p, 4, &dt->year))
    return FALSE;
  if (*p == '-')
    {
      p++;
      if (!take_digits (&p, 2, &dt->month) || *p++ != '-' || !take_digits (&p, 2, &dt->day))
        return FALSE;
    }
  else if (!take_digits (&p, 2, &dt->month) || !take_digits (&p, 2, &dt->day))
    return FALSE;

  if (*p == ' ' || *p == 'T')
    {
      p++;
      if (!take_digits (&p, 2, &dt->hour) || *p++ != ':' || !take_digits (&p, 2, &dt->minute))
        return FALSE;
      if (*p == ':')
        {
          p++;
          if (!take_digits (&p, 2, &dt->second))
            return FALSE;
        }
    }

  dt->has_year = TRUE;
  return *p == '\0' &&
         dt->year >= HY_PARSE_YEAR_MIN && dt->year <= HY_PARSE_YEAR_MAX &&
         dt->month >= 1 && dt->month <= 12 &&
         dt->day >= 1 && dt->day <= g_date_get_days_in_month (dt->month, dt->year) &&
         dt->hour < 24 && dt->minute < 60 && dt->second < 60;
}

gboolean
hy_parse_date_time (const char  *text,
                    GTimeZone   *tz,
                    gint64      *out_utc_seconds,
                    GError     **error)
{
  DateTime dt;
  gint64 seconds;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (tz != NULL, FALSE);
  g_return_val_if_fail (out_utc_seconds != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_iso_local (text, &dt) && !parse_date_time (text, FALSE, &dt, error))
    return FALSE;

  seconds = days_from_civil (dt.year, dt.month, dt.day) * 86400
            + dt.hour * 3600 + dt.minute * 60 + dt.second;
  if (dt.has_offset)
    seconds -= dt.offset;
  else
    {
      int interval = g_time_zone_adjust_time (tz, G_TIME_TYPE_STANDARD, &seconds);

      seconds -= g_time_zone_get_offset (tz, interval);
    }

  *out_utc_seconds = seconds;
  return TRUE;
}

/**
 * hy_parse_date:
 * @text: a date, or a birthday without a year
 * @year: (out): the year, or 0 when @text has none
 * @month: (out): the month, 1 to 12
 * @day: (out): the day of the month
 * @error: return location for an error
 *
 * Accepts everything hy_parse_date_time() does, ignoring the time of day, and also birthdays
 * without a year: "05-01", "5-1", "--05-01", "5月1日", and "13/5" or "5/13" where only one
 * reading is possible.  29 February is a valid birthday without a year.
 *
 * Returns: %TRUE if @text is a date
 */
gboolean
hy_parse_date (const char  *text,
               int         *year,
               int         *month,
               int         *day,
               GError     **error)
{
  DateTime dt;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (year != NULL, FALSE);
  g_return_val_if_fail (month != NULL, FALSE);
  g_return_val_if_fail (day != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_date_time (text, TRUE, &dt, error))
    return FALSE;

  *year = dt.has_year ? dt.year : 0;
  *month = dt.month;
  *day = dt.day;
  return TRUE;
}
