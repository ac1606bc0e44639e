/* fuzz-csv-reader.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the import path: any bytes go through HyCsvReader with encoding and
 * delimiter detection, every field is read and handed to the value parsers, and the reader's
 * promises (NUL-terminated valid UTF-8 of the stated length, lines that never go backwards,
 * progress within the file) are checked on the way.  A second pass reads the same bytes with
 * settings taken from the first byte, so explicit GB18030, whitespace mode and untrimmed fields
 * get fuzzed too.  The start of the input also goes to the parsers directly. */

#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hy-csv-reader.h"
#include "hy-error.h"
#include "hy-parse.h"

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

static GTimeZone *zone;

static void
parse_value (const char *text)
{
  gint64 minor;
  gint64 seconds;
  double quantity;
  int year;
  int month;
  int day;
  int gender;

  if (hy_parse_money (text, &minor, NULL))
    g_assert (minor >= -HY_MONEY_MAX && minor <= HY_MONEY_MAX);
  hy_parse_date_time (text, zone, &seconds, NULL);
  if (hy_parse_date (text, &year, &month, &day, NULL))
    {
      g_assert (year == 0 || (year >= HY_PARSE_YEAR_MIN && year <= HY_PARSE_YEAR_MAX));
      g_assert (month >= 1 && month <= 12);
      g_assert (day >= 1 && day <= 31);
    }
  if (hy_parse_quantity (text, &quantity, NULL))
    g_assert (quantity >= 0);
  if (hy_parse_gender (text, &gender, NULL))
    g_assert (gender >= HY_GENDER_UNKNOWN && gender <= HY_GENDER_MALE);
  hy_parse_header_field (text);
}

static void
read_all (GBytes        *bytes,
          HyCsvEncoding  encoding,
          char           delimiter,
          gboolean       trim)
{
  g_autoptr(HyCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  guint last_line = 0;
  guint errors = 0;

  reader = hy_csv_reader_new_for_bytes (bytes, encoding, delimiter, &error);
  if (reader == NULL)
    {
      g_assert (error != NULL && error->domain == HY_ERROR);
      return;
    }
  hy_csv_reader_set_trim (reader, trim);

  for (;;)
    {
      guint n;

      if (!hy_csv_reader_next (reader, &error))
        {
          if (error == NULL)
            break;
          g_assert (error->domain == HY_ERROR && error->code == HY_ERROR_INVALID);
          g_assert (g_utf8_validate (error->message, -1, NULL));
          g_clear_error (&error);
          g_assert (++errors <= g_bytes_get_size (bytes) + 1);
          continue;
        }

      g_assert (hy_csv_reader_get_line (reader) > last_line);
      last_line = hy_csv_reader_get_line (reader);
      g_assert (hy_csv_reader_get_bytes_read (reader) <= hy_csv_reader_get_bytes_total (reader));

      n = hy_csv_reader_get_n_fields (reader);
      g_assert (n >= 1);
      for (guint i = 0; i < n; i++)
        {
          gsize len;
          const char *field = hy_csv_reader_get_field (reader, i, &len);

          g_assert (field != NULL);
          g_assert (strlen (field) == len);
          g_assert (g_utf8_validate (field, len, NULL));
          if (len < 64)
            parse_value (field);
        }
      g_assert (hy_csv_reader_get_field (reader, n, NULL) == NULL);
    }

  g_assert (hy_csv_reader_get_n_fields (reader) == 0);
  g_assert (hy_csv_reader_get_bytes_read (reader) == hy_csv_reader_get_bytes_total (reader));
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  zone = g_time_zone_new_offset (8 * 3600);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char delimiters[] = { 0, ',', ';', '\t', '|', ' ', ':', 0 };
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  char text[128];
  guint8 selector = size > 0 ? data[0] : 0;

  read_all (bytes, HY_CSV_ENCODING_AUTO, 0, TRUE);
  read_all (bytes,
            (HyCsvEncoding) (selector % 3),
            delimiters[(selector >> 2) % G_N_ELEMENTS (delimiters)],
            (selector & 0x20) == 0);

  /* The parsers take any NUL-terminated bytes. */
  memcpy (text, data, MIN (size, sizeof text - 1));
  text[MIN (size, sizeof text - 1)] = '\0';
  parse_value (text);

  return 0;
}
