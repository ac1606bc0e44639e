/* hy-csv-reader-encoding.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Encodings other than UTF-8 are converted with iconv a block at a time, and errors in the text
 * are reported on the line where they are. */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>

#include "hy-csv-reader-private.h"
#include "hy-error.h"

/* Converts more of the file into conv_buf, keeping the text from pos on.  Returns FALSE when no
 * text could be added because iconv stopped on bytes it cannot decode. */
gboolean
_hy_csv_reader_convert_more (HyCsvReader *self)
{
  gsize keep = self->text_len - self->pos;
  gchar *inbuf;
  gchar *outbuf;
  gsize inleft;
  gsize outleft;
  gsize needed;
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

  /* Room for a block, or for what is left of a small file (no encoding takes more than twice
   * its bytes in UTF-8).  Doubling when a record fills the buffer keeps the restarts linear. */
  needed = MIN (HY_CSV_BLOCK_SIZE, (self->raw_len - self->raw_converted) * 2 + 16);
  if (self->conv_cap - keep < needed)
    {
      self->conv_cap = MAX (self->conv_cap * 2, keep + needed);
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

gboolean
_hy_csv_reader_start_conversion (HyCsvReader *self,
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
  self->conv_cap = 0;
  self->conv_buf = NULL;
  self->text = "";
  self->text_len = 0;
  self->pos = 0;
  self->text_complete = FALSE;
  self->raw_converted = raw_offset;
  self->conv_errno = 0;

  _hy_csv_reader_convert_more (self);

  /* A byte order mark in the source charset (GB18030 has one) becomes U+FEFF. */
  if (raw_offset == 0 && self->text_len >= 3 && memcmp (self->text, "\xEF\xBB\xBF", 3) == 0)
    self->pos = 3;

  return TRUE;
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

void
_hy_csv_reader_set_conversion_error (HyCsvReader *self,
                                     GError     **error)
{
  guint line = self->line + count_lines (self->text + self->pos, self->text_len - self->pos);
  gsize n = MIN (self->raw_len - self->raw_converted, 4);
  GString *hex = g_string_new (NULL);

  for (gsize i = 0; i < n; i++)
    g_string_append_printf (hex, "%s%02X", i > 0 ? " " : "", self->raw[self->raw_converted + i]);

  if (self->conv_errno == EINVAL)
    g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                 _("line %u: the file ends in the middle of a %s character (bytes %s); "
                   "it may be cut short"),
                 line, self->conv_charset, hex->str);
  else
    g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                 _("line %u: the bytes %s are not valid %s text; the file may be damaged or "
                   "in another encoding"),
                 line, hex->str, self->conv_charset);

  g_string_free (hex, TRUE);
}

/* The file looked like ASCII at first, and here is the first record that is not.  Decides
 * between UTF-8 and GB18030 on the text from this record on; returns TRUE when the reader
 * switched to GB18030 and must read the record again. */
gboolean
_hy_csv_reader_settle_encoding (HyCsvReader *self,
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
  if (!_hy_csv_reader_start_conversion (self, "GB18030", offset, error))
    {
      self->done = TRUE;
      return FALSE;
    }
  self->encoding_name = "GB18030";
  return TRUE;
}

/* Reports the first field that holds a NUL byte or the byte at offset bad, which is not UTF-8,
 * quoting the text just before it. */
void
_hy_csv_reader_report_bad_text (HyCsvReader *self,
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
