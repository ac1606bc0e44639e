/* test-parse.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <string.h>

#include "hy-error.h"
#include "hy-money.h"
#include "hy-parse.h"

static void
test_money_accepted (void)
{
  static const struct
  {
    const char *text;
    gint64      minor;
  } cases[] = {
    { "1234", 123400 },
    { "1234.5", 123450 },
    { "1234.50", 123450 },
    { "1,234.50", 123450 },
    { "1 234.50", 123450 },
    { "1,234,567.89", 123456789 },
    { "¥1,234.50", 123450 },
    { "￥ 12", 1200 },
    { "$3.00", 300 },
    { "US$3", 300 },
    { "12.30元", 1230 },
    { "12 元", 1200 },
    { "RMB 12", 1200 },
    { "rmb12.5", 1250 },
    { "CNY12", 1200 },
    { "12 CNY", 1200 },
    { "人民币100", 10000 },
    { "-12.50", -1250 },
    { "+12.50", 1250 },
    { "-¥12", -1200 },
    { "¥-12", -1200 },
    { "(12.50)", -1250 },
    { "(¥1,000)", -100000 },
    { "12.500", 1250 },
    { "12.5000000", 1250 },
    { "0.01", 1 },
    { ".5", 50 },
    { "12.", 1200 },
    { "0", 0 },
    { "-0", 0 },
    { "007", 700 },
    { "  42  ", 4200 },
    { "１２３．４５", 12345 },
    { "１，２３４", 123400 },
    { "\xe2\x88\x92" "5", -500 },
    { "90000000000000", G_GINT64_CONSTANT (9000000000000000) },
    { "-90,000,000,000,000.00", -G_GINT64_CONSTANT (9000000000000000) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 minor = -1;

      g_test_message ("%s", cases[i].text);
      g_assert_true (hy_parse_money (cases[i].text, &minor, &error));
      g_assert_no_error (error);
      g_assert_cmpint (minor, ==, cases[i].minor);
    }
}

static void
test_money_and_count_format (void)
{
  const struct { gint64 value; const char *money; const char *grouped; const char *count; } cases[] = {
    { 0, "0.00", "0.00", "0" },
    { 5, "0.05", "0.05", "5" },
    { -5, "-0.05", "-0.05", "-5" },
    { 99999, "999.99", "999.99", "99,999" },
    { 100000, "1000.00", "1,000.00", "100,000" },
    { -123456789, "-1234567.89", "-1,234,567.89", "-123,456,789" },
    { G_MININT64, "-92233720368547758.08", "-92,233,720,368,547,758.08", "-9,223,372,036,854,775,808" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *money = hy_money_format (cases[i].value, FALSE);
      g_autofree char *grouped = hy_money_format (cases[i].value, TRUE);
      g_autofree char *count = hy_count_format (cases[i].value);

      g_assert_cmpstr (money, ==, cases[i].money);
      g_assert_cmpstr (grouped, ==, cases[i].grouped);
      g_assert_cmpstr (count, ==, cases[i].count);
    }
}

static void
test_money_refused (void)
{
  static const struct
  {
    const char *text;
    const char *message;
  } cases[] = {
    { "", "The amount is empty" },
    { "   ", "The amount is empty" },
    { "12a", "“12a” is not an amount" },
    { "abc", "“abc” is not an amount" },
    { "¥", "“¥” is not an amount" },
    { "-", "“-” is not an amount" },
    { ".", "“.” is not an amount" },
    { "1.2.3", "“1.2.3” is not an amount: it has two decimal points" },
    { "1.234.567", "“1.234.567” is not an amount: it has two decimal points" },
    { "12.345", "“12.345” is not an amount: it has more than two decimal places" },
    { "12.001", "“12.001” is not an amount: it has more than two decimal places" },
    { "12,5", "“12,5” is not an amount: a thousands separator must be followed by three digits "
              "(write decimals with a point, as in 12.50)" },
    { "1234,567", "“1234,567” is not an amount: a thousands separator must be followed by three "
                  "digits (write decimals with a point, as in 12.50)" },
    { "1,234 567", "“1,234 567” is not an amount" },
    { "(-12)", "“(-12)” is not an amount" },
    { "--12", "“--12” is not an amount" },
    { "12-", "“12-” is not an amount" },
    { "1e5", "“1e5” is not an amount" },
    { "¥12元", "“¥12元” is not an amount" },
    { "90000000000000.01", "“90000000000000.01” is too large for an amount" },
    { "123456789012345", "“123456789012345” is too large for an amount" },
    { "99999999999999999999999", "“99999999999999999999999” is too large for an amount" },
    { "\xff" "12", "“\xef\xbf\xbd" "12” is not an amount" },
    { "1111111111111111111111111111111111111111111111111111111111111111111111111111111111111111"
      "1111111111111111111111111111111111111111111111111111111",
      "“1111111111111111111111111111111111111111…” is not an amount" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 minor = 77;

      g_autofree char *shown = g_utf8_make_valid (cases[i].text, -1);   /* TAP wants UTF-8 */

      g_test_message ("%s", shown);
      g_assert_false (hy_parse_money (cases[i].text, &minor, &error));
      g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_assert_cmpint (minor, ==, 77);
    }
}

static gint64
utc (int year,
     int month,
     int day,
     int hour,
     int minute,
     int second)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, second);

  return g_date_time_to_unix (dt);
}

static void
test_date_time_accepted (void)
{
  g_autoptr(GTimeZone) shanghai = g_time_zone_new_offset (8 * 3600);
  static const struct
  {
    const char *text;
    int         y, mo, d, h, mi, s;   /* in UTC */
  } cases[] = {
    { "2024-05-01", 2024, 4, 30, 16, 0, 0 },
    { "2024/5/1", 2024, 4, 30, 16, 0, 0 },
    { "2024.5.1", 2024, 4, 30, 16, 0, 0 },
    { "20240501", 2024, 4, 30, 16, 0, 0 },
    { "2024年5月1日", 2024, 4, 30, 16, 0, 0 },
    { "2024 年 5 月 1 日", 2024, 4, 30, 16, 0, 0 },
    { "2024年5月1号", 2024, 4, 30, 16, 0, 0 },
    { "２０２４－０５－０１", 2024, 4, 30, 16, 0, 0 },
    { "2024-05-01 14:30", 2024, 5, 1, 6, 30, 0 },
    { "2024-05-01  14:30:15", 2024, 5, 1, 6, 30, 15 },
    { "2024/5/1 9:05", 2024, 5, 1, 1, 5, 0 },
    { "2024-05-01 14:30:15.250", 2024, 5, 1, 6, 30, 15 },
    { "2024-05-01T14:30:00", 2024, 5, 1, 6, 30, 0 },
    { "2024-05-01T14:30:00Z", 2024, 5, 1, 14, 30, 0 },
    { "2024-05-01T14:30:00+08:00", 2024, 5, 1, 6, 30, 0 },
    { "2024-05-01T14:30:00-05:00", 2024, 5, 1, 19, 30, 0 },
    { "2024-05-01 14:30:00 +0530", 2024, 5, 1, 9, 0, 0 },
    { "2024-05-01 14:30 UTC", 2024, 5, 1, 14, 30, 0 },
    { "2024-05-01 14:30 GMT+1", 2024, 5, 1, 13, 30, 0 },
    { "2024-05-01 2:30 PM", 2024, 5, 1, 6, 30, 0 },
    { "2024-05-01 2:30pm", 2024, 5, 1, 6, 30, 0 },
    { "2024-05-01 12:00 AM", 2024, 4, 30, 16, 0, 0 },
    { "2024-05-01 12:15 p.m.", 2024, 5, 1, 4, 15, 0 },
    { "2024/5/1 下午2:30:00", 2024, 5, 1, 6, 30, 0 },
    { "2024/5/1 上午 9:00", 2024, 5, 1, 1, 0, 0 },
    { "2024年5月1日14:30", 2024, 5, 1, 6, 30, 0 },
    { "2024年5月1日 14时30分15秒", 2024, 5, 1, 6, 30, 15 },
    { "2024年5月1日 14点", 2024, 5, 1, 6, 0, 0 },
    { "20240501 143015", 2024, 5, 1, 6, 30, 15 },
    { "20240501 14:30", 2024, 5, 1, 6, 30, 0 },
    { "20240501143015", 2024, 5, 1, 6, 30, 15 },
    { "202405011430", 2024, 5, 1, 6, 30, 0 },
    { "13/05/2024", 2024, 5, 12, 16, 0, 0 },
    { "05/13/2024", 2024, 5, 12, 16, 0, 0 },
    { "05/05/2024 10:00", 2024, 5, 5, 2, 0, 0 },
    { "2024-02-29", 2024, 2, 28, 16, 0, 0 },
    { "2000-02-29", 2000, 2, 28, 16, 0, 0 },
    { "1900-01-01 08:00", 1900, 1, 1, 0, 0, 0 },
    { "2200-12-31 23:59:59", 2200, 12, 31, 15, 59, 59 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 seconds = 0;

      g_test_message ("%s", cases[i].text);
      g_assert_true (hy_parse_date_time (cases[i].text, shanghai, &seconds, &error));
      g_assert_no_error (error);
      g_assert_cmpint (seconds, ==, utc (cases[i].y, cases[i].mo, cases[i].d,
                                         cases[i].h, cases[i].mi, cases[i].s));
    }
}

static void
test_date_time_refused (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();
  static const struct
  {
    const char *text;
    const char *message;
  } cases[] = {
    { "", "The date is empty" },
    { "yesterday", "“yesterday” is not a date (write it as 2024-05-01, optionally with a time such "
                   "as 14:30)" },
    { "2024-13-01", "“2024-13-01” is not a valid date: there is no month 13" },
    { "2024-00-10", "“2024-00-10” is not a valid date: there is no month 0" },
    { "2024-02-30", "“2024-02-30” is not a valid date: month 2 has 29 days" },
    { "2023-02-29", "“2023-02-29” is not a valid date: 2023 is not a leap year" },
    { "1900-02-29", "“1900-02-29” is not a valid date: 1900 is not a leap year" },
    { "2024-04-31", "“2024-04-31” is not a valid date: month 4 has 30 days" },
    { "2024-05-00", "“2024-05-00” is not a valid date: month 5 has 31 days" },
    { "1899-12-31", "“1899-12-31” is not a date: the year must be between 1900 and 2200" },
    { "2201-01-01", "“2201-01-01” is not a date: the year must be between 1900 and 2200" },
    { "05/01/2024", "“05/01/2024” is ambiguous: it could be 2024-05-01 or 2024-01-05; write dates "
                    "as year-month-day" },
    { "5.1.2024", "“5.1.2024” is ambiguous: it could be 2024-05-01 or 2024-01-05; write dates as "
                  "year-month-day" },
    { "13/13/2024", "“13/13/2024” is not a valid date: there is no month 13" },
    { "05/01/24", "“05/01/24” is not a date: write the year with four digits" },
    { "24年5月1日", "“24年5月1日” is not a date: write the year with four digits" },
    { "45413", "“45413” looks like an Excel serial date number, which is not accepted because its "
               "meaning depends on the workbook; format the column as dates (yyyy-mm-dd) before "
               "exporting" },
    { "45413.604", "“45413.604” looks like an Excel serial date number, which is not accepted "
                   "because its meaning depends on the workbook; format the column as dates "
                   "(yyyy-mm-dd) before exporting" },
    { "1714545000", "“1714545000” looks like a Unix timestamp, which is not accepted; export the "
                    "column as dates and times such as 2024-05-01 14:30" },
    { "2024", "“2024” is not a date: it has a year but no month or day" },
    { "2024-05", "“2024-05” is not a date: it has no day" },
    { "2024年5月", "“2024年5月” is not a date: it has no day" },
    { "05-01", "“05-01” is not a date and time: it has no year" },
    { "5月1日", "“5月1日” is not a date and time: it has no year" },
    { "2024-05-01 25:00", "“2024-05-01 25:00” is not a valid time: hours go from 0 to 23" },
    { "2024-05-01 14:60", "“2024-05-01 14:60” is not a valid time: minutes and seconds go from 0 "
                          "to 59" },
    { "2024-05-01 14:30:61", "“2024-05-01 14:30:61” is not a valid time: minutes and seconds go "
                             "from 0 to 59" },
    { "2024-05-01 13:00 AM", "“2024-05-01 13:00 AM” is not a valid time: with AM or 上午 hours go "
                             "from 1 to 12" },
    { "2024-05-01 0:30 PM", "“2024-05-01 0:30 PM” is not a valid time: with PM or 下午 hours go "
                            "from 1 to 12" },
    { "2024-05-01 14:30+15:00", "“2024-05-01 14:30+15:00” has an invalid UTC offset" },
    { "20241301", "“20241301” is not a valid date: there is no month 13" },
    { "20240501250000", "“20240501250000” is not a valid time of day" },
    { "2024-05-01 14", "“2024-05-01 14” is not a date (write it as 2024-05-01, optionally with a "
                       "time such as 14:30)" },
    { "2024-05-01 14:30 tomorrow", "“2024-05-01 14:30 tomorrow” is not a date (write it as "
                                   "2024-05-01, optionally with a time such as 14:30)" },
    { "2024-05-01x", "“2024-05-01x” is not a date (write it as 2024-05-01, optionally with a time "
                     "such as 14:30)" },
    { "2024/05-01", "“2024/05-01” is not a date (write it as 2024-05-01, optionally with a time "
                    "such as 14:30)" },
    { "14:30", "“14:30” is not a date (write it as 2024-05-01, optionally with a time such as "
               "14:30)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 seconds = 77;

      g_test_message ("%s", cases[i].text);
      g_assert_false (hy_parse_date_time (cases[i].text, tz, &seconds, &error));
      g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_assert_cmpint (seconds, ==, 77);
    }
}

/* Local times, including those a daylight saving change skips or repeats, land where GDateTime
 * puts them. */
static void
test_date_time_zone (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("America/New_York");
  static const char *texts[] = {
    "2024-03-10 01:59", "2024-03-10 02:30", "2024-03-10 03:00", "2024-11-03 01:30",
    "2024-11-03 02:00", "2024-07-01", "2024-01-01 12:00",
  };

  if (tz == NULL)
    {
      g_test_skip ("No time zone database");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDateTime) expected = NULL;
      int y, mo, d, h = 0, mi = 0;
      gint64 seconds;

      g_assert_true (hy_parse_date_time (texts[i], tz, &seconds, &error));
      g_assert_no_error (error);
      g_assert_true (sscanf (texts[i], "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi) >= 3);
      expected = g_date_time_new (tz, y, mo, d, h, mi, 0);
      g_assert_cmpint (seconds, ==, g_date_time_to_unix (expected));
    }
}

static void
test_date (void)
{
  static const struct
  {
    const char *text;
    int         y, m, d;
  } cases[] = {
    { "2024-05-01", 2024, 5, 1 },
    { "1990/12/31", 1990, 12, 31 },
    { "1990-12-31 00:00:00", 1990, 12, 31 },
    { "19901231", 1990, 12, 31 },
    { "1990年12月31日", 1990, 12, 31 },
    { "05-01", 0, 5, 1 },
    { "5-1", 0, 5, 1 },
    { "--05-01", 0, 5, 1 },
    { "5月1日", 0, 5, 1 },
    { "5月1号", 0, 5, 1 },
    { "12月31", 0, 12, 31 },
    { "02-29", 0, 2, 29 },
    { "--02-29", 0, 2, 29 },
    { "13/5", 0, 5, 13 },
    { "5/13", 0, 5, 13 },
    { "5/5", 0, 5, 5 },
  };
  static const struct
  {
    const char *text;
    const char *message;
  } refused[] = {
    { "5/1", "“5/1” is ambiguous: it could be month 5 day 1, or day 5 month 1; write birthdays "
             "as month-day, such as 05-01" },
    { "02-30", "“02-30” is not a valid date: month 2 has 29 days" },
    { "13-01", "“13-01” is not a valid date: there is no month 13" },
    { "--5-1", "“--5-1” is not a date (write it as 2024-05-01, optionally with a time such as "
               "14:30)" },
    { "0501", "“0501” looks like an Excel serial date number, which is not accepted because its "
              "meaning depends on the workbook; format the column as dates (yyyy-mm-dd) before "
              "exporting" },
    { "00000501", "“00000501” is not a date: the year must be between 1900 and 2200" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      int y = -1, m = -1, d = -1;

      g_test_message ("%s", cases[i].text);
      g_assert_true (hy_parse_date (cases[i].text, &y, &m, &d, &error));
      g_assert_no_error (error);
      g_assert_cmpint (y, ==, cases[i].y);
      g_assert_cmpint (m, ==, cases[i].m);
      g_assert_cmpint (d, ==, cases[i].d);
    }

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      int y, m, d;

      g_test_message ("%s", refused[i].text);
      g_assert_false (hy_parse_date (refused[i].text, &y, &m, &d, &error));
      g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, refused[i].message);
    }
}

static void
test_quantity (void)
{
  static const struct
  {
    const char *text;
    double      value;
  } cases[] = {
    { "3", 3 }, { "1.5", 1.5 }, { "0", 0 }, { "0.25", 0.25 }, { ".5", 0.5 }, { "1,000", 1000 },
    { "2件", 2 }, { "2 件", 2 }, { "3个", 3 }, { "１０", 10 }, { " 7 ", 7 }, { "+4", 4 },
    { "12 pcs", 12 },
  };
  static const struct
  {
    const char *text;
    const char *message;
  } refused[] = {
    { "", "The quantity is empty" },
    { "-1", "“-1” is not a quantity: it must not be negative" },
    { "-0.5件", "“-0.5件” is not a quantity: it must not be negative" },
    { "abc", "“abc” is not a quantity" },
    { "1e3", "“1e3” is not a quantity" },
    { "1.2.3", "“1.2.3” is not a quantity" },
    { "nan", "“nan” is not a quantity" },
    { "inf", "“inf” is not a quantity" },
    { "0x10", "“0x10” is not a quantity" },
    { "1234567890", "“1234567890” is too large for a quantity" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      double value = -1;

      g_test_message ("%s", cases[i].text);
      g_assert_true (hy_parse_quantity (cases[i].text, &value, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat (value, ==, cases[i].value);
    }

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      double value;

      g_test_message ("%s", refused[i].text);
      g_assert_false (hy_parse_quantity (refused[i].text, &value, &error));
      g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, refused[i].message);
    }
}

static void
test_gender (void)
{
  static const struct
  {
    const char *text;
    int         gender;
  } cases[] = {
    { "男", HY_GENDER_MALE }, { "女", HY_GENDER_FEMALE }, { "M", HY_GENDER_MALE },
    { "f", HY_GENDER_FEMALE }, { "Male", HY_GENDER_MALE }, { "FEMALE", HY_GENDER_FEMALE },
    { "先生", HY_GENDER_MALE }, { "女士", HY_GENDER_FEMALE }, { "小姐", HY_GENDER_FEMALE },
    { "男性", HY_GENDER_MALE }, { "Mr.", HY_GENDER_MALE }, { "Ms", HY_GENDER_FEMALE },
    { "", HY_GENDER_UNKNOWN }, { "  ", HY_GENDER_UNKNOWN }, { "空", HY_GENDER_UNKNOWN },
    { "未知", HY_GENDER_UNKNOWN }, { "保密", HY_GENDER_UNKNOWN }, { "unknown", HY_GENDER_UNKNOWN },
    { " 男 ", HY_GENDER_MALE }, { "Ｆ", HY_GENDER_FEMALE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      int gender = -1;

      g_test_message ("%s", cases[i].text);
      g_assert_true (hy_parse_gender (cases[i].text, &gender, &error));
      g_assert_no_error (error);
      g_assert_cmpint (gender, ==, cases[i].gender);
    }

  {
    g_autoptr(GError) error = NULL;
    int gender;

    g_assert_false (hy_parse_gender ("1", &gender, &error));
    g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==,
                     "“1” is not a gender: number codes mean different things in different "
                     "systems; use 男 or 女, M or F");
    g_clear_error (&error);

    g_assert_false (hy_parse_gender ("boy", &gender, &error));
    g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==,
                     "“boy” is not a gender (expected 男, 女, M, F, male or female)");
  }
}

static void
test_header (void)
{
  static const struct
  {
    const char *header;
    const char *field;
  } cases[] = {
    { "手机号", "phone" }, { "手机", "phone" }, { "电话", "phone" }, { "手机号码", "phone" },
    { "联系电话", "phone" }, { "Mobile", "phone" }, { "PHONE", "phone" }, { "tel", "phone" },
    { "Phone Number", "phone" }, { "\xEF\xBB\xBF手机号", "phone" }, { "手机号（必填）", "phone" },
    { "*手机号", "phone" }, { "【手机号】", "phone" }, { " mobile_phone ", "phone" },
    { "姓名", "name" }, { "会员姓名", "name" }, { "名字", "name" }, { "客户名称", "name" },
    { "Name", "name" }, { "customer_name", "name" }, { "Customer Name", "name" },
    { "会员卡号", "card" }, { "卡号", "card" }, { "card", "card" }, { "Card No.", "card" },
    { "card_no", "card" }, { "membership_card", "card" },
    { "微信OpenID", "wechat" }, { "openid", "wechat" }, { "微信号", "wechat" },
    { "邮箱", "email" }, { "Email", "email" }, { "E-mail", "email" },
    { "会员编号", "external_id" }, { "会员ID", "external_id" }, { "客户编号", "external_id" },
    { "customer_id", "external_id" }, { "member_id", "external_id" }, { "ID", "external_id" },
    { "id", "external_id" }, { "external_id", "external_id" },
    { "性别", "gender" }, { "Gender", "gender" }, { "sex", "gender" },
    { "生日", "birthday" }, { "出生日期", "birthday" }, { "birthday", "birthday" }, { "DOB", "birthday" },
    { "注册时间", "joined_at" }, { "开卡时间", "joined_at" }, { "入会时间", "joined_at" },
    { "加入日期", "joined_at" }, { "joined", "joined_at" }, { "join_date", "joined_at" },
    { "created_at", "joined_at" },
    { "门店", "store" }, { "所属门店", "store" }, { "开卡门店", "store" }, { "Store", "store" },
    { "渠道", "channel" }, { "来源", "channel" }, { "channel", "channel" }, { "source", "channel" },
    { "标签", "tags" }, { "Tags", "tags" },
    { "备注", "notes" }, { "notes", "notes" }, { "Remark", "notes" },
    { "消费时间", "occurred_at" }, { "交易时间", "occurred_at" }, { "下单时间", "occurred_at" },
    { "日期", "occurred_at" }, { "date", "occurred_at" }, { "time", "occurred_at" },
    { "datetime", "occurred_at" }, { "order_time", "occurred_at" },
    { "消费金额", "amount" }, { "实付金额", "amount" }, { "金额", "amount" }, { "实收金额", "amount" },
    { "支付金额", "amount" }, { "amount", "amount" }, { "dollar_value", "amount" },
    { "total", "amount" }, { "paid", "amount" }, { "消费金额(元)", "amount" },
    { "金额（元）", "amount" }, { "Amount [CNY]", "amount" },
    { "应收金额", "gross" }, { "原价", "gross" }, { "订单金额", "gross" }, { "gross", "gross" },
    { "subtotal", "gross" },
    { "优惠金额", "discount" }, { "折扣金额", "discount" }, { "discount", "discount" },
    { "数量", "quantity" }, { "件数", "quantity" }, { "quantity", "quantity" }, { "qty", "quantity" },
    { "number_of_cds", "quantity" },
    { "商品数量", "item_quantity" }, { "小计", "line_amount" }, { "行号", "line" },
    { "交易类型", "kind" }, { "交易UID", "uid" }, { "会员UID", "member_uid" },
    { "原交易UID", "refund_of" }, { "外部编号", "external_id" },
    { "商品编码", "sku" }, { "商品条码", "sku" }, { "sku", "sku" }, { "item_code", "sku" },
    { "barcode", "sku" },
    { "商品名称", "item_name" }, { "item", "item_name" }, { "product", "item_name" },
    { "品类", "category" }, { "类别", "category" }, { "商品分类", "category" },
    { "category", "category" },
    { "单价", "unit_price" }, { "unit_price", "unit_price" }, { "price", "unit_price" },
    { "Unit Price", "unit_price" },
    { "订单号", "order_no" }, { "单号", "order_no" }, { "流水号", "order_no" },
    { "order_no", "order_no" }, { "order_id", "order_no" }, { "receipt_no", "order_no" },
    { "Order-ID", "order_no" },
    { "支付方式", "payment" }, { "payment", "payment" }, { "pay_method", "payment" },
    { "原单号", "refund_of" }, { "退款原单", "refund_of" }, { "refund_of", "refund_of" },
    { "(手机号)", "phone" },
  };
  static const char *unknown[] = { "", "   ", "()", "积分", "foo", "phone2", "\xff\xfe" };
  guint n_fields;
  const HyParseField *fields = hy_parse_get_fields (&n_fields);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean listed = FALSE;

      g_test_message ("%s", cases[i].header);
      g_assert_cmpstr (hy_parse_header_field (cases[i].header), ==, cases[i].field);
      for (guint j = 0; j < n_fields; j++)
        listed |= g_str_equal (fields[j].name, cases[i].field);
      g_assert_true (listed);
    }

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    g_assert_null (hy_parse_header_field (unknown[i]));
}

static void
test_fields (void)
{
  guint n_fields = 0;
  const HyParseField *fields = hy_parse_get_fields (&n_fields);

  g_assert_cmpuint (n_fields, ==, 31);
  for (guint i = 0; i < n_fields; i++)
    {
      g_assert_nonnull (fields[i].name);
      g_assert_nonnull (fields[i].description);
      g_assert_cmpuint (strlen (fields[i].description), >, 5);
      /* Every field is reachable by its own name as a header. */
      g_assert_cmpstr (hy_parse_header_field (fields[i].name), ==, fields[i].name);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/parse/money/accepted", test_money_accepted);
  g_test_add_func ("/core/parse/money/refused", test_money_refused);
  g_test_add_func ("/core/parse/money/format", test_money_and_count_format);
  g_test_add_func ("/core/parse/date-time/accepted", test_date_time_accepted);
  g_test_add_func ("/core/parse/date-time/refused", test_date_time_refused);
  g_test_add_func ("/core/parse/date-time/zone", test_date_time_zone);
  g_test_add_func ("/core/parse/date", test_date);
  g_test_add_func ("/core/parse/quantity", test_quantity);
  g_test_add_func ("/core/parse/gender", test_gender);
  g_test_add_func ("/core/parse/header", test_header);
  g_test_add_func ("/core/parse/fields", test_fields);

  return g_test_run ();
}
