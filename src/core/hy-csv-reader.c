/* hy-csv-reader.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A streaming CSV reader for imports of up to tens of millions of rows.
 *
 * UTF-8 files are parsed in place from a read-only mapping; other encodings are converted to
 * UTF-8 a block at a time.  Each record is copied into one reused buffer in which every field is
 * NUL-terminated, so reading a record allocates nothing once the buffers have grown.  When a
 * record runs past the end of the converted block, the parser starts that record again once more
 * text has been converted; blocks grow geometrically so that a very long record costs linear
 * time. */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>

#ifdef G_OS_UNIX
# include <sys/mman.h>
#endif

#ifdef __SSE2__
# include <emmintrin.h>
#endif

#include "hy-csv-reader.h"
#include "hy-csv-reader-private.h"
#include "hy-error.h"

#define BLOCK_SIZE      ((gsize) 1 << 20)
#define MAX_RECORD_SIZE ((gsize) 64 << 20)
#define MAX_FIELDS      65536

typedef struct
{
  guint32 start;
  guint32 len;
} HyCsvField;

/* The bytes that end a run of field text, as a table and as a list for SIMD compares. */
typedef struct
{
  guint8 table[256];
  guchar chars[5];
} StopSet;

typedef enum
{
  STEP_RECORD,
  STEP_END,
  STEP_MORE,
  STEP_ERROR,
} Step;

struct _HyCsvReader
{
  /* Owned references */
  GMappedFile  *mapped;
  GBytes       *bytes;
  GIConv        conv;
  char         *conv_buf;
  char         *rec;
  HyCsvField   *fields;

  /* The file as stored */
  const guint8 *raw;
  gsize         raw_len;
  gsize         raw_start;       /* past the byte order mark */
  gsize         raw_converted;   /* bytes handed to iconv so far */
  int           conv_errno;      /* why iconv stopped early: EILSEQ, EINVAL, or 0 */

  /* The UTF-8 text being parsed: the raw bytes themselves, or conv_buf */
  const char   *text;
  gsize         text_len;
  gsize         pos;
  gsize         conv_cap;
  gboolean      text_complete;   /* the text goes on to the end of the file */

  /* The current record */
  gsize         rec_cap;
  gsize         rec_len;
  guint         n_fields;
  guint         fields_cap;
  guint         line;            /* physical line at pos */
  guint         record_line;
  gsize         record_pos;
  gboolean      rec_has_nul;

  const char   *encoding_name;
  const char   *conv_charset;
  char          delimiter;
  guint         trim : 1;
  guint         tentative : 1;   /* only ASCII so far: UTF-8 or GB18030 is still open */
  guint         done : 1;

  /* Bytes that end a run of field text outside and inside quotes */
  StopSet       stop_plain;
  StopSet       stop_quoted;
};

static inline gboolean
is_blank (guchar c)
{
  return c == ' ' || c == '\t';
}

static gboolean
delimiter_is_valid (char delimiter)
{
  guchar c = (guchar) delimiter;

  if (c == 0 || c == ' ' || c == '\t')
    return TRUE;
  return c < 0x80 && g_ascii_ispunct (c) && c != '"';
}

static void
stop_set_init (StopSet    *set,
               const char *chars,
               gsize       n_chars)
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

static void
setup_tables (HyCsvReader *self)
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
find_stop (const guchar  *p,
           const guchar  *end,
           const StopSet *set)
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

/* Converts more of the file into conv_buf, keeping the text from pos on.  Returns FALSE when no
 * text could be added because iconv stopped on bytes it cannot decode. */
static gboolean
convert_more (HyCsvReader *self)
{
  gsize keep = self->text_len - self->pos;
  gchar *inbuf;
  gchar *outbuf;
  gsize inleft;
  gsize outleft;
  gsize r;

  g_assert (self->conv != (GIConv) -1);
  g_assert (!self->text_complete);

  if (self->pos > 0)
    {
      memmove (self->conv_buf, self->conv_buf + self->pos, keep);
      self->pos = 0;
      self->text_len = keep;
    }

  if (self->conv_errno != 0)
    return FALSE;

  if (self->conv_cap - keep < BLOCK_SIZE)
    {
      self->conv_cap = MAX (self->conv_cap * 2, keep + BLOCK_SIZE);
      self->conv_buf = g_realloc (self->conv_buf, self->conv_cap);
    }
  self->text = self->conv_buf;

  inbuf = (gchar *) self->raw + self->raw_converted;
  inleft = self->raw_len - self->raw_converted;
  outbuf = self->conv_buf + keep;
  outleft = self->conv_cap - keep;

  r = g_iconv (self->conv, &inbuf, &inleft, &outbuf, &outleft);
  if (r == (gsize) -1 && errno != E2BIG)
    self->conv_errno = errno == EINVAL ? EINVAL : EILSEQ;
  else if (inleft == 0)
    {
      g_iconv (self->conv, NULL, NULL, &outbuf, &outleft);
      self->text_complete = TRUE;
    }

  self->raw_converted = (const guint8 *) inbuf - self->raw;
  self->text_len = outbuf - self->conv_buf;

  return self->text_len > keep || self->text_complete;
}

static gboolean
start_conversion (HyCsvReader *self,
                  const char  *charset,
                  gsize        raw_offset,
                  GError     **error)
{
  self->conv = g_iconv_open ("UTF-8", charset);
  if (self->conv == (GIConv) -1)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_FAILED,
                   _("This system cannot convert %s text to UTF-8"), charset);
      return FALSE;
    }

  self->conv_charset = charset;
  self->conv_cap = BLOCK_SIZE + HY_CSV_SNIFF_SIZE;
  self->conv_buf = g_malloc (self->conv_cap);
  self->text = self->conv_buf;
  self->text_len = 0;
  self->pos = 0;
  self->text_complete = FALSE;
  self->raw_converted = raw_offset;
  self->conv_errno = 0;

  convert_more (self);

  /* A byte order mark in the source charset (GB18030 has one) becomes U+FEFF. */
  if (raw_offset == 0 && self->text_len >= 3 && memcmp (self->text, "\xEF\xBB\xBF", 3) == 0)
    self->pos = 3;

  return TRUE;
}

static void
use_raw_text (HyCsvReader *self)
{
  self->text = (const char *) self->raw + self->raw_start;
  self->text_len = self->raw_len - self->raw_start;
  self->pos = 0;
  self->text_complete = TRUE;
}

/* Lines in text, counting CRLF once, as the parser does. */
static guint
count_lines (const char *text,
             gsize       len)
{
  guint n = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '\n')
        n++;
      else if (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n'))
        n++;
    }
  return n;
}

static void
set_conversion_error (HyCsvReader *self,
                      GError     **error)
{
  guint line = self->line + count_lines (self->text + self->pos, self->text_len - self->pos);
  gsize n = MIN (self->raw_len - self->raw_converted, 4);
  GString *hex = g_string_new (NULL);

  for (gsize i = 0; i < n; i++)
    g_string_append_printf (hex, "%s%02X", i > 0 ? " " : "", self->raw[self->raw_converted + i]);

  if (self->conv_errno == EINVAL)
    g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                 _("line %u: the file ends in the middle of a %s character (bytes %s); it may be cut short"),
                 line, self->conv_charset, hex->str);
  else
    g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                 _("line %u: the bytes %s are not valid %s text; the file may be damaged or in another encoding"),
                 line, hex->str, self->conv_charset);

  g_string_free (hex, TRUE);
}

static gboolean
grow_record (HyCsvReader *self,
             gsize        needed,
             gboolean     in_quotes,
             GError     **error)
{
  if (needed > MAX_RECORD_SIZE)
    {
      if (in_quotes)
        g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                     _("line %u: a quoted field runs on for more than %u MiB; its closing quote is probably missing"),
                     self->record_line, (guint) (MAX_RECORD_SIZE >> 20));
      else
        g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                     _("line %u: the record is longer than %u MiB"),
                     self->record_line, (guint) (MAX_RECORD_SIZE >> 20));
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
      if (n_fields >= MAX_FIELDS)
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("line %u: the record has more than %u fields"),
                       self->record_line, (guint) MAX_FIELDS);
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
#define APPEND(src, n, in_quotes)                                                     \
  G_STMT_START {                                                                      \
    gsize append_n_ = (n);                                                            \
    if G_UNLIKELY (rec_len + append_n_ + 1 > self->rec_cap)                           \
      {                                                                               \
        if (!grow_record (self, rec_len + append_n_ + 1, in_quotes, error))           \
          return STEP_ERROR;                                                          \
      }                                                                               \
    memcpy (self->rec + rec_len, (src), append_n_);                                   \
    rec_len += append_n_;                                                             \
  } G_STMT_END

/* Reads one record from pos.  Returns STEP_MORE, with pos back at the start of the record, when
 * the text ends before the record does and more of the file remains to be converted. */
static Step
parse_record (HyCsvReader *self,
              GError     **error)
{
  const guchar *base = (const guchar *) self->text;
  const guchar *end = base + self->text_len;
  const guchar *p = base + self->pos;
  const StopSet *stop_plain = &self->stop_plain;
  const StopSet *stop_quoted = &self->stop_quoted;
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
          return complete ? STEP_END : STEP_MORE;
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
                  return STEP_ERROR;
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

      APPEND ("", 1, FALSE);
      if (!add_field (self, n_fields, field_start, rec_len - 1 - field_start, error))
        return STEP_ERROR;
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
  return STEP_RECORD;

more:
  self->pos = start - base;
  self->line = self->record_line;
  return STEP_MORE;
}

#undef APPEND

/* The file looked like ASCII at first, and here is the first record that is not.  Decides
 * between UTF-8 and GB18030 on the text from this record on; returns TRUE when the reader
 * switched to GB18030 and must read the record again. */
static gboolean
settle_encoding (HyCsvReader *self,
                 GError     **error)
{
  gsize offset = self->raw_start + self->record_pos;
  gsize len = MIN (self->raw_len - offset, HY_CSV_SNIFF_SIZE);
  gboolean complete = offset + len == self->raw_len;

  g_assert (self->conv == (GIConv) -1);

  self->tentative = FALSE;
  if (_hy_csv_sniff_text (self->raw + offset, len, complete) != HY_CSV_TEXT_GB18030)
    return FALSE;

  self->line = self->record_line;
  self->n_fields = 0;
  if (!start_conversion (self, "GB18030", offset, error))
    {
      self->done = TRUE;
      return FALSE;
    }
  self->encoding_name = "GB18030";
  return TRUE;
}

/* Reports the first field that holds a NUL byte or the byte at offset bad, which is not UTF-8,
 * quoting the text just before it. */
static void
report_bad_text (HyCsvReader *self,
                 gsize        bad,
                 GError     **error)
{
  for (guint i = 0; i < self->n_fields; i++)
    {
      const char *field = self->rec + self->fields[i].start;
      gsize len = self->fields[i].len;
      const char *at;
      const char *from;
      g_autofree char *before = NULL;

      if (self->rec_has_nul && memchr (field, '\0', len) != NULL)
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("line %u, field %u: the text contains a NUL byte; is this a spreadsheet "
                         "workbook, or UTF-16 text, rather than a CSV file?"),
                       self->record_line, i + 1);
          return;
        }

      if (bad < self->fields[i].start || bad >= self->fields[i].start + len)
        continue;

      at = self->rec + bad;
      from = at;
      for (guint n = 0; n < 20 && from > field; n++)
        from = g_utf8_prev_char (from);
      before = g_strndup (from, at - from);

      if (at == field)
        g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                     _("line %u, field %u: the byte 0x%02X at the start of the field is not valid "
                       "UTF-8 text; the file may be in another encoding"),
                     self->record_line, i + 1, (guchar) *at);
      else
        g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                     _("line %u, field %u: the byte 0x%02X after “%s” is not valid UTF-8 text; "
                       "the file may be in another encoding"),
                     self->record_line, i + 1, (guchar) *at, before);
      return;
    }

  g_assert_not_reached ();
}

static HyCsvReader *
reader_new (GMappedFile   *mapped,
            GBytes        *bytes,
            HyCsvEncoding  encoding,
            char           delimiter,
            GError       **error)
{
  g_autoptr(HyCsvReader) self = g_new0 (HyCsvReader, 1);
  const char *workbook;
  HyCsvTextKind kind = HY_CSV_TEXT_UTF8;
  HyCsvBom bom;
  gsize bom_len;

  self->conv = (GIConv) -1;
  self->mapped = mapped;
  self->bytes = bytes;
  if (mapped != NULL)
    {
      self->raw = (const guint8 *) g_mapped_file_get_contents (mapped);
      self->raw_len = g_mapped_file_get_length (mapped);
    }
  else
    self->raw = g_bytes_get_data (bytes, &self->raw_len);
  if (self->raw == NULL)
    self->raw = (const guint8 *) "";

  self->line = 1;
  self->trim = TRUE;
  self->fields_cap = 64;
  self->fields = g_new (HyCsvField, self->fields_cap);
  self->rec_cap = 4096;
  self->rec = g_malloc (self->rec_cap);

  if (!delimiter_is_valid (delimiter))
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("“%c” cannot be used as a field delimiter"),
                   g_ascii_isprint (delimiter) ? delimiter : '?');
      return NULL;
    }

  workbook = _hy_csv_sniff_workbook (self->raw, self->raw_len);
  if (workbook != NULL)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("This is a spreadsheet workbook (%s), not a CSV file; in Excel or LibreOffice "
                     "choose “Save As” and the “CSV UTF-8” format first"),
                   workbook);
      return NULL;
    }

  bom = _hy_csv_sniff_bom (self->raw, self->raw_len, &bom_len);

  switch (encoding)
    {
    case HY_CSV_ENCODING_AUTO:
      if (bom == HY_CSV_BOM_UTF8)
        kind = HY_CSV_TEXT_UTF8;
      else if (bom == HY_CSV_BOM_UTF16LE)
        kind = HY_CSV_TEXT_UTF16LE;
      else if (bom == HY_CSV_BOM_UTF16BE)
        kind = HY_CSV_TEXT_UTF16BE;
      else if (!_hy_csv_sniff_utf16 (self->raw, self->raw_len, &kind))
        kind = _hy_csv_sniff_text (self->raw,
                                   MIN (self->raw_len, HY_CSV_SNIFF_SIZE),
                                   self->raw_len <= HY_CSV_SNIFF_SIZE);
      if (bom == HY_CSV_BOM_NONE)
        bom_len = 0;
      break;

    case HY_CSV_ENCODING_UTF8:
      kind = HY_CSV_TEXT_UTF8;
      if (bom != HY_CSV_BOM_UTF8)
        bom_len = 0;
      break;

    case HY_CSV_ENCODING_GB18030:
      kind = HY_CSV_TEXT_GB18030;
      bom_len = 0;
      break;

    default:
      g_return_val_if_reached (NULL);
    }

  self->raw_start = bom_len;

  switch (kind)
    {
    case HY_CSV_TEXT_ASCII:
      self->tentative = TRUE;
      self->encoding_name = "UTF-8";
      use_raw_text (self);
      break;

    case HY_CSV_TEXT_UTF8:
      self->encoding_name = bom_len > 0 ? "UTF-8 (BOM)" : "UTF-8";
      use_raw_text (self);
      break;

    case HY_CSV_TEXT_GB18030:
      self->encoding_name = "GB18030";
      if (!start_conversion (self, "GB18030", bom_len, error))
        return NULL;
      break;

    case HY_CSV_TEXT_UTF16LE:
      self->encoding_name = bom_len > 0 ? "UTF-16LE (BOM)" : "UTF-16LE";
      if (!start_conversion (self, "UTF-16LE", bom_len, error))
        return NULL;
      break;

    case HY_CSV_TEXT_UTF16BE:
      self->encoding_name = bom_len > 0 ? "UTF-16BE (BOM)" : "UTF-16BE";
      if (!start_conversion (self, "UTF-16BE", bom_len, error))
        return NULL;
      break;

    default:
      g_assert_not_reached ();
    }

  if (delimiter == 0)
    {
      gsize len = MIN (self->text_len - self->pos, HY_CSV_SNIFF_SIZE);

      delimiter = _hy_csv_sniff_delimiter (self->text + self->pos, len,
                                           self->text_complete && len == self->text_len - self->pos);
    }
  self->delimiter = delimiter;
  setup_tables (self);

  return g_steal_pointer (&self);
}

/**
 * hy_csv_reader_new_for_path:
 * @path: the file to read
 * @encoding: its encoding, or %HY_CSV_ENCODING_AUTO
 * @delimiter: ',', ';', '\t', '|', another ASCII punctuation character, ' ' for runs of
 *   whitespace, or 0 to detect it from the first 64 KiB
 * @error: return location for an error
 *
 * Opens @path for reading.  Regular files are mapped, not read into memory.
 *
 * Returns: (transfer full): a new reader, or %NULL with @error set
 */
HyCsvReader *
hy_csv_reader_new_for_path (const char     *path,
                            HyCsvEncoding   encoding,
                            char            delimiter,
                            GError        **error)
{
  GMappedFile *mapped;
  char *contents;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Pipes and devices cannot be mapped; read them whole. */
  if (g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      if (!g_file_get_contents (path, &contents, &len, error))
        return NULL;
      return reader_new (NULL, g_bytes_new_take (contents, len), encoding, delimiter, error);
    }

  mapped = g_mapped_file_new (path, FALSE, error);
  if (mapped == NULL)
    return NULL;

#ifdef POSIX_MADV_SEQUENTIAL
  if (g_mapped_file_get_length (mapped) > 0)
    posix_madvise (g_mapped_file_get_contents (mapped), g_mapped_file_get_length (mapped),
                   POSIX_MADV_SEQUENTIAL);
#endif

  return reader_new (mapped, NULL, encoding, delimiter, error);
}

/**
 * hy_csv_reader_new_for_bytes:
 * @bytes: the file's contents
 * @encoding: their encoding, or %HY_CSV_ENCODING_AUTO
 * @delimiter: as for hy_csv_reader_new_for_path()
 * @error: return location for an error
 *
 * Returns: (transfer full): a new reader holding a reference on @bytes, or %NULL with @error set
 */
HyCsvReader *
hy_csv_reader_new_for_bytes (GBytes         *bytes,
                             HyCsvEncoding   encoding,
                             char            delimiter,
                             GError        **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return reader_new (NULL, g_bytes_ref (bytes), encoding, delimiter, error);
}

void
hy_csv_reader_free (HyCsvReader *self)
{
  if (self == NULL)
    return;

  if (self->conv != (GIConv) -1)
    g_iconv_close (self->conv);
  g_clear_pointer (&self->mapped, g_mapped_file_unref);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_free (self->conv_buf);
  g_free (self->rec);
  g_free (self->fields);
  g_free (self);
}

/**
 * hy_csv_reader_set_trim:
 * @self: a #HyCsvReader
 * @trim: whether to strip spaces around fields
 *
 * With trimming on (the default), spaces and tabs around a field are dropped: around an unquoted
 * field, and outside the quotes of a quoted one, so that `a, "b c" ,d` reads as `a`, `b c`, `d`.
 * Text inside quotes is never trimmed.  With a tab delimiter only spaces are trimmed.  Turning it
 * off keeps unquoted fields byte for byte, and a quote then starts a quoted field only right
 * after the delimiter.  Whitespace-delimited files always trim.
 */
void
hy_csv_reader_set_trim (HyCsvReader *self,
                        gboolean     trim)
{
  g_return_if_fail (self != NULL);

  self->trim = !!trim;
}

gboolean
hy_csv_reader_get_trim (HyCsvReader *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->trim;
}

/**
 * hy_csv_reader_next:
 * @self: a #HyCsvReader
 * @error: return location for an error
 *
 * Reads the next record, skipping blank lines.
 *
 * An error in the text of one record (bytes that are not UTF-8, a NUL byte) leaves the reader past
 * that record, and the caller may go on calling next() to read the rest.  Any other error (a
 * quoted field that is never closed, bytes the converter cannot decode, a record over 64 MiB) ends
 * the file: later calls return %FALSE without an error.
 *
 * Returns: %TRUE if a record was read; %FALSE at the end of the file (@error unset) or on error
 */
gboolean
hy_csv_reader_next (HyCsvReader *self,
                    GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  while (!self->done)
    {
      switch (parse_record (self, error))
        {
        case STEP_RECORD:
          {
            gboolean non_ascii = FALSE;
            gsize bad = _hy_csv_find_invalid_utf8 (self->rec, self->rec_len, &non_ascii);

            if (non_ascii && self->tentative)
              {
                if (settle_encoding (self, error))
                  break;
                if (self->done)
                  return FALSE;
              }
            if (bad == self->rec_len && !self->rec_has_nul)
              return TRUE;
            report_bad_text (self, bad, error);
            self->n_fields = 0;
            return FALSE;
          }

        case STEP_MORE:
          if (!convert_more (self))
            {
              set_conversion_error (self, error);
              self->done = TRUE;
            }
          break;

        case STEP_END:
          self->done = TRUE;
          break;

        case STEP_ERROR:
          self->done = TRUE;
          self->n_fields = 0;
          return FALSE;

        default:
          g_assert_not_reached ();
        }
    }

  self->n_fields = 0;
  return FALSE;
}

guint
hy_csv_reader_get_n_fields (HyCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_fields;
}

/**
 * hy_csv_reader_get_field:
 * @self: a #HyCsvReader
 * @i: the field's index, from 0
 * @len: (out) (optional): its length in bytes
 *
 * Returns: the field as NUL-terminated UTF-8, valid until the next call to next(), or %NULL when
 *   the record has fewer than @i + 1 fields (a short row is not a programming error)
 */
const char *
hy_csv_reader_get_field (HyCsvReader *self,
                         guint        i,
                         gsize       *len)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (i >= self->n_fields)
    {
      if (len != NULL)
        *len = 0;
      return NULL;
    }

  if (len != NULL)
    *len = self->fields[i].len;
  return self->rec + self->fields[i].start;
}

guint
hy_csv_reader_get_line (HyCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->record_line;
}

char
hy_csv_reader_get_delimiter (HyCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->delimiter;
}

/**
 * hy_csv_reader_get_encoding_name:
 * @self: a #HyCsvReader
 *
 * Returns: "UTF-8", "UTF-8 (BOM)", "GB18030", "UTF-16LE (BOM)", "UTF-16BE (BOM)", "UTF-16LE" or
 *   "UTF-16BE".  A file whose first 64 KiB are plain ASCII reads as "UTF-8" until its first other
 *   byte, where it may turn out to be "GB18030".
 */
const char *
hy_csv_reader_get_encoding_name (HyCsvReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->encoding_name;
}

guint64
hy_csv_reader_get_bytes_read (HyCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  if (self->done)
    return self->raw_len;
  if (self->conv == (GIConv) -1)
    return self->raw_start + self->pos;
  return self->raw_converted;
}

guint64
hy_csv_reader_get_bytes_total (HyCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->raw_len;
}
