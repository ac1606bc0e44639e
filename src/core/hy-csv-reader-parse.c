/* hy-csv-reader-parse.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The record parser: the hot loop of every import.  It reads one record from the UTF-8 text at
 * pos into the reader's record buffer, and asks for more text when the record runs past the end
 * of a converted block. */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#ifdef __SSE2__
# include <emmintrin.h>
#endif

#include "hy-csv-reader-private.h"
#include "hy-error.h"

static inline gboolean
is_blank (guchar c)
{
  return c == ' ' || c == '\t';
}

static void
stop_set_init (HyCsvStopSet *set,
               const char   *chars,
               gsize         n_chars)
{
  g_assert (n_chars >= 1 && n_chars <= G_N_ELEMENTS (set->chars));

  memset (set->table, 0, sizeof set->table);
  for (guint i = 0; i < G_N_ELEMENTS (set->chars); i++)
    {
      guchar c = (guchar) chars[MIN (i, n_chars - 1)];

      set->chars[i] = c;
      set->table[c] = 1;
    }
}

void
_hy_csv_reader_setup_stops (HyCsvReader *self)
{
  if (self->delimiter == HY_CSV_DELIMITER_WHITESPACE)
    stop_set_init (&self->stop_plain, " \t\r\n", 5);
  else
    {
      char chars[4] = { self->delimiter, '\r', '\n', '\0' };

      stop_set_init (&self->stop_plain, chars, 4);
    }
  stop_set_init (&self->stop_quoted, "\"\r\n", 4);
}

/* The first byte from p on that is in the set, or end.  Fields are short, so the vector loop
 * mostly runs once; what it saves is the per-byte branch on the bulk of long fields and of
 * quoted text. */
static inline const guchar *
find_stop (const guchar       *p,
           const guchar       *end,
           const HyCsvStopSet *set)
{
#ifdef __SSE2__
  const __m128i c0 = _mm_set1_epi8 ((char) set->chars[0]);
  const __m128i c1 = _mm_set1_epi8 ((char) set->chars[1]);
  const __m128i c2 = _mm_set1_epi8 ((char) set->chars[2]);
  const __m128i c3 = _mm_set1_epi8 ((char) set->chars[3]);
  const __m128i c4 = _mm_set1_epi8 ((char) set->chars[4]);

  while (end - p >= 16)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) (const void *) p);
      __m128i m = _mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (v, c0), _mm_cmpeq_epi8 (v, c1)),
                                _mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (v, c2),
                                                            _mm_cmpeq_epi8 (v, c3)),
                                              _mm_cmpeq_epi8 (v, c4)));
      int mask = _mm_movemask_epi8 (m);

      if (mask != 0)
        return p + __builtin_ctz ((unsigned int) mask);
      p += 16;
    }
#endif

  while (p < end && !set->table[*p])
    p++;
  return p;
}

static gboolean
grow_record (HyCsvReader *self,
             gsize        needed,
             gboolean     in_quotes,
             GError     **error)
{
  if (needed > HY_CSV_MAX_RECORD_SIZE)
    {
      if (in_quotes)
        g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                     _("line %u: a quoted field runs on for more than %u MiB; its closing quote "
                       "is probably missing"),
                     self->record_line, (guint) (HY_CSV_MAX_RECORD_SIZE >> 20));
      else
        g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                     _("line %u: the record is longer than %u MiB"),
                     self->record_line, (guint) (HY_CSV_MAX_RECORD_SIZE >> 20));
      return FALSE;
    }

  self->rec_cap = MAX (needed, self->rec_cap * 2);
  self->rec = g_realloc (self->rec, self->rec_cap);
  return TRUE;
}

static gboolean
add_field (HyCsvReader *self,
           guint        n_fields,
           gsize        start,
           gsize        len,
           GError     **error)
{
  if G_UNLIKELY (n_fields == self->fields_cap)
    {
      if (n_fields >= HY_CSV_MAX_FIELDS)
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("line %u: the record has more than %u fields"),
                       self->record_line, (guint) HY_CSV_MAX_FIELDS);
          return FALSE;
        }
      self->fields_cap *= 2;
      self->fields = g_renew (HyCsvField, self->fields, self->fields_cap);
    }

  self->fields[n_fields].start = start;
  self->fields[n_fields].len = len;
  return TRUE;
}

/* Appends n bytes from src to the record, growing the buffer (and failing) as grow_record does. */
/* Copies a run of field text.  Most runs are short, and one unaligned 16-byte move beats a call
 * to memcpy; the record buffer always has 16 bytes to spare for it. */
static inline void
copy_run (char         *dst,
          const guchar *src,
          gsize         n,
          const guchar *src_end)
{
#ifdef __SSE2__
  if (n <= 16 && src_end - src >= 16)
    {
      _mm_storeu_si128 ((__m128i *) (void *) dst,
                        _mm_loadu_si128 ((const __m128i *) (const void *) src));
      return;
    }
#endif
  memcpy (dst, src, n);
}

/* Appends n bytes from src to the record, growing the buffer (and failing) as grow_record does. */
#define APPEND(src, n, in_quotes)                                                     \
  G_STMT_START {                                                                      \
    gsize append_n_ = (n);                                                            \
    if G_UNLIKELY (rec_len + append_n_ + 17 > self->rec_cap)                          \
      {                                                                               \
        if (!grow_record (self, rec_len + append_n_ + 17, in_quotes, error))          \
          return HY_CSV_STEP_ERROR;                                                   \
      }                                                                               \
    copy_run (self->rec + rec_len, (src), append_n_, end);                            \
    rec_len += append_n_;                                                             \
  } G_STMT_END

/* Reads one record from pos.  Returns HY_CSV_STEP_MORE, with pos back at the start of the
 * record, when the text ends before the record does and more of the file remains to be
 * converted. */
HyCsvStep
_hy_csv_reader_parse_record (HyCsvReader *self,
                             GError     **error)
{
  const guchar *base = (const guchar *) self->text;
  const guchar *end = base + self->text_len;
  const guchar *p = base + self->pos;
  const HyCsvStopSet *stop_plain = &self->stop_plain;
  const HyCsvStopSet *stop_quoted = &self->stop_quoted;
  gboolean complete = self->text_complete;
  gboolean whitespace = self->delimiter == HY_CSV_DELIMITER_WHITESPACE;
  gboolean trim = self->trim || whitespace;
  guchar delimiter = (guchar) self->delimiter;
  guint line = self->line;
  gboolean has_nul = FALSE;
  gsize rec_len = 0;
  guint n_fields = 0;
  const guchar *start;

  /* Blank lines, and lines of nothing but spaces and tabs, are skipped. */
  for (;;)
    {
      const guchar *q = p;

      while (q < end && is_blank (*q))
        q++;
      if (q == end || (*q == '\r' && q + 1 == end && !complete))
        {
          self->pos = (complete ? q : p) - base;
          self->line = line;
          return complete ? HY_CSV_STEP_END : HY_CSV_STEP_MORE;
        }
      if (*q != '\r' && *q != '\n')
        break;
      p = q + 1;
      if (*q == '\r' && p < end && *p == '\n')
        p++;
      line++;
    }

  start = p;
  self->record_pos = p - base;
  self->record_line = line;

  for (;;)
    {
      gsize field_start = rec_len;
      gsize keep = rec_len;
      const guchar *run;

      if (trim)
        {
          while (p < end && (*p == ' ' || (*p == '\t' && delimiter != '\t')))
            p++;
        }

      if (p < end && *p == '"')
        {
          p++;
          for (;;)
            {
              run = p;
              p = find_stop (p, end, stop_quoted);
              APPEND (run, p - run, TRUE);

              if (p == end)
                {
                  if (!complete)
                    goto more;
                  g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                               _("line %u: a quoted field is never closed"),
                               self->record_line);
                  self->pos = p - base;
                  self->line = line;
                  return HY_CSV_STEP_ERROR;
                }

              if (*p == '"')
                {
                  if (p + 1 == end && !complete)
                    goto more;
                  if (p + 1 < end && p[1] == '"')
                    {
                      APPEND (p, 1, TRUE);
                      p += 2;
                      continue;
                    }
                  p++;
                  break;
                }

              if (*p == '\0')
                has_nul = TRUE;
              else if (*p == '\n')
                line++;
              else if (p + 1 == end && !complete)
                goto more;
              else if (p + 1 == end || p[1] != '\n')
                line++;
              APPEND (p, 1, TRUE);
              p++;
            }
          keep = rec_len;
        }

      /* Unquoted text, or whatever follows a closing quote, up to the delimiter or the line end;
       * a quote in here is an ordinary character. */
      for (;;)
        {
          run = p;
          p = find_stop (p, end, stop_plain);
          APPEND (run, p - run, FALSE);
          if (p == end || *p != '\0')
            break;
          has_nul = TRUE;
          APPEND (p, 1, FALSE);
          p++;
        }

      if (trim)
        {
          while (rec_len > keep
                 && (self->rec[rec_len - 1] == ' '
                     || (self->rec[rec_len - 1] == '\t' && delimiter != '\t')))
            rec_len--;
        }

      if G_UNLIKELY (rec_len + 17 > self->rec_cap && !grow_record (self, rec_len + 17, FALSE, error))
        return HY_CSV_STEP_ERROR;
      self->rec[rec_len++] = '\0';
      if (!add_field (self, n_fields, field_start, rec_len - 1 - field_start, error))
        return HY_CSV_STEP_ERROR;
      n_fields++;

      if (p == end)
        {
          if (!complete)
            goto more;
          break;
        }

      if (whitespace && is_blank (*p))
        {
          while (p < end && is_blank (*p))
            p++;
          if (p == end)
            {
              if (!complete)
                goto more;
              break;
            }
        }
      else if (*p == delimiter)
        {
          p++;
          continue;
        }

      if (*p == '\n')
        {
          p++;
          line++;
          break;
        }
      if (*p == '\r')
        {
          if (p + 1 == end && !complete)
            goto more;
          p++;
          if (p < end && *p == '\n')
            p++;
          line++;
          break;
        }
    }

  self->pos = p - base;
  self->line = line;
  self->rec_len = rec_len;
  self->n_fields = n_fields;
  self->rec_has_nul = has_nul;
  return HY_CSV_STEP_RECORD;

more:
  self->pos = start - base;
  self->line = self->record_line;
  return HY_CSV_STEP_MORE;
}

#undef APPEND
