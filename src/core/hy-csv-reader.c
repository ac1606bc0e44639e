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

#include <string.h>

#include <glib/gi18n.h>

#ifdef G_OS_UNIX
# include <sys/mman.h>
# include <unistd.h>
#endif

#include "hy-csv-reader.h"
#include "hy-csv-reader-private.h"
#include "hy-error.h"

static gboolean
delimiter_is_valid (char delimiter)
{
  guchar c = (guchar) delimiter;

  if (c == 0 || c == ' ' || c == '\t')
    return TRUE;
  return c < 0x80 && g_ascii_ispunct (c) && c != '"';
}

static void
use_raw_text (HyCsvReader *self)
{
  self->text = (const char *) self->raw + self->raw_start;
  self->text_len = self->raw_len - self->raw_start;
  self->pos = 0;
  self->text_complete = TRUE;
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
      if (!_hy_csv_reader_start_conversion (self, "GB18030", bom_len, error))
        return NULL;
      break;

    case HY_CSV_TEXT_UTF16LE:
      self->encoding_name = bom_len > 0 ? "UTF-16LE (BOM)" : "UTF-16LE";
      if (!_hy_csv_reader_start_conversion (self, "UTF-16LE", bom_len, error))
        return NULL;
      break;

    case HY_CSV_TEXT_UTF16BE:
      self->encoding_name = bom_len > 0 ? "UTF-16BE (BOM)" : "UTF-16BE";
      if (!_hy_csv_reader_start_conversion (self, "UTF-16BE", bom_len, error))
        return NULL;
      break;

    default:
      g_assert_not_reached ();
    }

  if (delimiter == 0)
    {
      gsize available = self->text_len - self->pos;
      gsize len = MIN (available, HY_CSV_SNIFF_SIZE);

      delimiter = _hy_csv_sniff_delimiter (self->text + self->pos, len,
                                           self->text_complete && len == available);
    }
  self->delimiter = delimiter;
  _hy_csv_reader_setup_stops (self);

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
/* A mapped file's pages stay resident once read, until the reader is freed: an import of a
 * 2 GB file held 2 GB.  The pages already parsed (but the last MiB, which the encoding's
 * settling may read again) are given back every RELEASE_STEP bytes; the mapping is private and
 * read-only, so a page read again would only come back from the file. */
#define RELEASE_STEP (16 * 1024 * 1024)
#define RELEASE_MARGIN (1024 * 1024)

static void
release_parsed_pages (HyCsvReader *self)
{
#if defined(G_OS_UNIX) && defined(MADV_DONTNEED)
  static gsize page_size;
  gsize parsed = self->conv == (GIConv) -1 ? self->raw_start + self->pos : self->raw_converted;
  gsize end;

  if (self->mapped == NULL || parsed < self->raw_released + RELEASE_STEP + RELEASE_MARGIN)
    return;
  if (page_size == 0)
    page_size = (gsize) sysconf (_SC_PAGESIZE);
  end = (parsed - RELEASE_MARGIN) / page_size * page_size;
  if (madvise ((void *) (self->raw + self->raw_released), end - self->raw_released, MADV_DONTNEED) == 0)
    self->raw_released = end;
#endif
}

gboolean
hy_csv_reader_next (HyCsvReader *self,
                    GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  while (!self->done)
    {
      switch (_hy_csv_reader_parse_record (self, error))
        {
        case HY_CSV_STEP_RECORD:
          {
            gboolean non_ascii = FALSE;
            gsize bad = _hy_csv_find_invalid_utf8 (self->rec, self->rec_len, &non_ascii);

            if (non_ascii && self->tentative)
              {
                if (_hy_csv_reader_settle_encoding (self, error))
                  break;
                if (self->done)
                  return FALSE;
              }
            release_parsed_pages (self);
            if (bad == self->rec_len && !self->rec_has_nul)
              return TRUE;
            _hy_csv_reader_report_bad_text (self, bad, error);
            self->n_fields = 0;
            return FALSE;
          }

        case HY_CSV_STEP_MORE:
          if (!_hy_csv_reader_convert_more (self))
            {
              _hy_csv_reader_set_conversion_error (self, error);
              self->done = TRUE;
            }
          break;

        case HY_CSV_STEP_END:
          self->done = TRUE;
          break;

        case HY_CSV_STEP_ERROR:
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

