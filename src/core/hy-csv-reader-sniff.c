/* hy-csv-reader-sniff.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#ifdef __SSE2__
# include <emmintrin.h>
#endif

#include "hy-csv-reader-private.h"

/* Enough records to see whether field counts agree, few enough to stay in the sample. */
#define SNIFF_MAX_RECORDS 64

HyCsvBom
_hy_csv_sniff_bom (const guint8 *data,
                   gsize         len,
                   gsize        *bom_len)
{
  g_assert (data != NULL || len == 0);
  g_assert (bom_len != NULL);

  *bom_len = 0;
  if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    {
      *bom_len = 3;
      return HY_CSV_BOM_UTF8;
    }
  if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE)
    {
      *bom_len = 2;
      return HY_CSV_BOM_UTF16LE;
    }
  if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF)
    {
      *bom_len = 2;
      return HY_CSV_BOM_UTF16BE;
    }
  return HY_CSV_BOM_NONE;
}

/* Decides between UTF-8 and GB18030 by counting well-formed multi-byte UTF-8 sequences against
 * bytes that cannot be UTF-8.  GB18030 text forms a valid UTF-8 sequence now and then by chance,
 * so a single lucky pair must not decide; a UTF-8 file with a damaged byte or two stays UTF-8, so
 * that the damage is reported on its line instead of the whole file turning into mojibake. */
HyCsvTextKind
_hy_csv_sniff_text (const guint8 *data,
                    gsize         len,
                    gboolean      complete)
{
  const guint8 *p = data;
  const guint8 *end = data + len;
  gsize valid = 0;
  gsize invalid = 0;

  g_assert (data != NULL || len == 0);

  while (p < end)
    {
      gunichar c;

      if (*p < 0x80)
        {
          p++;
          continue;
        }

      c = g_utf8_get_char_validated ((const char *) p, end - p);
      if (c == (gunichar) -2 && !complete)
        break;
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          invalid++;
          p++;
          continue;
        }
      valid++;
      p = (const guint8 *) g_utf8_next_char (p);
    }

  if (invalid == 0)
    return valid == 0 ? HY_CSV_TEXT_ASCII : HY_CSV_TEXT_UTF8;
  if (valid > invalid * 4)
    return HY_CSV_TEXT_UTF8;
  return HY_CSV_TEXT_GB18030;
}

/* The length of the well-formed UTF-8 sequence at s, which starts with a byte >= 0x80, or 0.
 * Overlong forms, surrogates and code points past U+10FFFF are not well-formed. */
static inline gsize
utf8_sequence_length (const guchar *s,
                      gsize         avail)
{
  guchar c = s[0];
  guchar lo = 0x80;
  guchar hi = 0xBF;
  gsize n;

  if (c >= 0xC2 && c <= 0xDF)
    n = 2;
  else if (c >= 0xE0 && c <= 0xEF)
    {
      n = 3;
      if (c == 0xE0)
        lo = 0xA0;
      else if (c == 0xED)
        hi = 0x9F;
    }
  else if (c >= 0xF0 && c <= 0xF4)
    {
      n = 4;
      if (c == 0xF0)
        lo = 0x90;
      else if (c == 0xF4)
        hi = 0x8F;
    }
  else
    return 0;

  if (avail < n || s[1] < lo || s[1] > hi)
    return 0;
  for (gsize k = 2; k < n; k++)
    {
      if ((s[k] & 0xC0) != 0x80)
        return 0;
    }
  return n;
}

/* Checks a record as the reader copied it: the offset of the first byte that is not part of
 * well-formed UTF-8, or len.  NUL bytes count as ASCII.  Mostly ASCII text is skipped 16 bytes at
 * a time, since this runs on every record of a file with any Chinese in it. */
gsize
_hy_csv_find_invalid_utf8 (const char *text,
                           gsize       len,
                           gboolean   *non_ascii)
{
  const guchar *s = (const guchar *) text;
  gsize i = 0;

  g_assert (text != NULL || len == 0);
  g_assert (non_ascii != NULL);

  *non_ascii = FALSE;
  for (;;)
    {
      gsize n;

#ifdef __SSE2__
      while (len - i >= 16)
        {
          int mask = _mm_movemask_epi8 (_mm_loadu_si128 ((const __m128i *) (const void *) (s + i)));

          if (mask != 0)
            {
              i += __builtin_ctz ((unsigned int) mask);
              break;
            }
          i += 16;
        }
#endif
      while (i < len && s[i] < 0x80)
        i++;
      if (i == len)
        return len;

      *non_ascii = TRUE;
      n = utf8_sequence_length (s + i, len - i);
      if (n == 0)
        return i;
      i += n;
    }
}

/* UTF-16 without a byte order mark: CSV text is mostly ASCII, so every other byte is zero. */
gboolean
_hy_csv_sniff_utf16 (const guint8  *data,
                     gsize          len,
                     HyCsvTextKind *kind)
{
  gsize n_pairs = MIN (len, 4096) / 2;
  gsize zero_even = 0;
  gsize zero_odd = 0;

  g_assert (data != NULL || len == 0);
  g_assert (kind != NULL);

  if (n_pairs < 2)
    return FALSE;

  for (gsize i = 0; i < n_pairs; i++)
    {
      zero_even += data[2 * i] == 0;
      zero_odd += data[2 * i + 1] == 0;
    }

  if (zero_odd * 4 >= n_pairs && zero_even * 32 <= n_pairs)
    {
      *kind = HY_CSV_TEXT_UTF16LE;
      return TRUE;
    }
  if (zero_even * 4 >= n_pairs && zero_odd * 32 <= n_pairs)
    {
      *kind = HY_CSV_TEXT_UTF16BE;
      return TRUE;
    }
  return FALSE;
}

/* People pick the .xlsx instead of the exported .csv all the time; say so instead of reporting
 * garbage on line 1. */
const char *
_hy_csv_sniff_workbook (const guint8 *data,
                        gsize         len)
{
  static const guint8 zip_magic[] = { 'P', 'K', 0x03, 0x04 };
  static const guint8 ole_magic[] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };

  g_assert (data != NULL || len == 0);

  if (len >= sizeof zip_magic && memcmp (data, zip_magic, sizeof zip_magic) == 0)
    return "xlsx";
  if (len >= sizeof ole_magic && memcmp (data, ole_magic, sizeof ole_magic) == 0)
    return "xls";
  return NULL;
}

static inline gboolean
is_blank (guchar c)
{
  return c == ' ' || c == '\t';
}

/* Counts the fields of the first records as the reader would split them with @delimiter, quotes
 * included.  A record that may go on past the end of the sample is not counted. */
static guint
count_fields (const char *text,
              gsize       len,
              gboolean    complete,
              char        delimiter,
              guint      *counts,
              guint       max_records)
{
  const guchar *p = (const guchar *) text;
  const guchar *end = p + len;
  gboolean whitespace = delimiter == ' ';
  guint n = 0;

  while (n < max_records)
    {
      const guchar *q;
      guint fields = 0;

      for (;;)
        {
          q = p;
          while (q < end && is_blank (*q))
            q++;
          if (q == end || (*q != '\r' && *q != '\n'))
            break;
          p = q + 1;
        }
      if (q == end)
        break;

      for (;;)
        {
          while (p < end && (*p == ' ' || (*p == '\t' && delimiter != '\t')))
            p++;
          fields++;

          if (p < end && *p == '"')
            {
              for (p++; p < end; p++)
                {
                  if (*p != '"')
                    continue;
                  if (p + 1 < end && p[1] == '"')
                    p++;
                  else
                    break;
                }
              if (p == end)
                return n;
              p++;
            }

          while (p < end && *p != '\r' && *p != '\n'
                 && (whitespace ? !is_blank (*p) : *p != (guchar) delimiter))
            p++;

          if (p == end || *p == '\r' || *p == '\n')
            break;

          if (!whitespace)
            {
              p++;
              continue;
            }
          while (p < end && is_blank (*p))
            p++;
          if (p == end || *p == '\r' || *p == '\n')
            break;
        }

      if (p == end && !complete)
        break;
      counts[n++] = fields;
    }

  return n;
}

/* The most common field count, and how many records have it; ties go to the larger count. */
static void
find_mode (const guint *counts,
           guint        n,
           guint       *mode,
           guint       *mode_n)
{
  *mode = 0;
  *mode_n = 0;

  for (guint i = 0; i < n; i++)
    {
      guint same = 0;

      for (guint j = 0; j < n; j++)
        same += counts[j] == counts[i];
      if (same > *mode_n || (same == *mode_n && counts[i] > *mode))
        {
          *mode = counts[i];
          *mode_n = same;
        }
    }
}

/* Picks the delimiter under which the first records agree best on their number of fields, with
 * at least two fields.  Whitespace is the fallback for space-aligned files such as CDNOW's, and
 * only when every candidate character fails and nearly all records agree. */
char
_hy_csv_sniff_delimiter (const char *text,
                         gsize       len,
                         gboolean    complete)
{
  static const char candidates[] = { ',', ';', '\t', '|' };
  guint counts[SNIFF_MAX_RECORDS];
  char best = 0;
  guint best_mode = 0;
  guint best_mode_n = 0;
  guint best_n = 1;
  guint n;
  guint mode;
  guint mode_n;

  g_assert (text != NULL || len == 0);

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      n = count_fields (text, len, complete, candidates[i], counts, SNIFF_MAX_RECORDS);
      if (n == 0)
        continue;
      find_mode (counts, n, &mode, &mode_n);
      if (mode < 2)
        continue;

      /* Compare mode_n / n with best_mode_n / best_n without dividing. */
      if (best == 0
          || (guint64) mode_n * best_n > (guint64) best_mode_n * n
          || ((guint64) mode_n * best_n == (guint64) best_mode_n * n && mode > best_mode))
        {
          best = candidates[i];
          best_mode = mode;
          best_mode_n = mode_n;
          best_n = n;
        }
    }

  if (best != 0 && best_mode_n * 2 >= best_n)
    return best;

  n = count_fields (text, len, complete, ' ', counts, SNIFF_MAX_RECORDS);
  if (n > 0)
    {
      find_mode (counts, n, &mode, &mode_n);
      if (mode >= 2 && mode_n * 10 >= n * 9)
        return ' ';
    }

  return best != 0 ? best : ',';
}
