/* hy-csv-reader.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How the bytes of the file are to be read.  AUTO honours a UTF-8 or UTF-16 byte order mark,
 * otherwise takes UTF-8 when the text is valid UTF-8 and GB18030 (which contains GBK and GB2312)
 * when it is not. */
typedef enum
{
  HY_CSV_ENCODING_AUTO,
  HY_CSV_ENCODING_UTF8,
  HY_CSV_ENCODING_GB18030,
} HyCsvEncoding;

/* The delimiter value that means "fields are separated by runs of spaces and tabs". */
#define HY_CSV_DELIMITER_WHITESPACE ' '

/* HyCsvReader reads a CSV file a record at a time.  What a caller needs to know:
 *
 * - Fields come back as NUL-terminated UTF-8 whatever the file's encoding, valid until the next
 *   call to hy_csv_reader_next().  A byte order mark is never part of the first field.
 * - Quoting follows RFC 4180: a field that starts with a quote may hold delimiters, "" for a
 *   quote, and line breaks (kept as they are, CR LF included); text after the closing quote is
 *   appended as it is.  A quote anywhere else is an ordinary character.
 * - Spaces and tabs around fields are trimmed by default, outside quotes only; see
 *   hy_csv_reader_set_trim().  Lines of nothing but spaces and tabs are skipped as blank; a line
 *   of delimiters (",,,") is a record of empty fields.
 * - Lines end with LF, CR LF or a lone CR.  hy_csv_reader_get_line() is the physical line on
 *   which the record starts, counting every line break, also those inside quotes.
 * - With HY_CSV_DELIMITER_WHITESPACE fields are separated by runs of spaces and tabs, and
 *   whitespace at the start and end of a line is ignored, so empty fields cannot occur (except
 *   as "").  Detection picks it only for files without any of , ; tab | as a consistent
 *   delimiter, such as the CDNOW data.
 * - Every error is HY_ERROR_INVALID (or a G_FILE_ERROR from opening the file) with a message
 *   that starts with "line N:" or "line N, field M:" when it is about the text, e.g.
 *   "line 12: a quoted field is never closed". */
typedef struct _HyCsvReader HyCsvReader;

HyCsvReader *hy_csv_reader_new_for_path      (const char     *path,
                                              HyCsvEncoding   encoding,
                                              char            delimiter,
                                              GError        **error);
HyCsvReader *hy_csv_reader_new_for_bytes     (GBytes         *bytes,
                                              HyCsvEncoding   encoding,
                                              char            delimiter,
                                              GError        **error);
void         hy_csv_reader_free              (HyCsvReader    *self);

void         hy_csv_reader_set_trim          (HyCsvReader    *self,
                                              gboolean        trim);
gboolean     hy_csv_reader_get_trim          (HyCsvReader    *self);

gboolean     hy_csv_reader_next              (HyCsvReader    *self,
                                              GError        **error);
guint        hy_csv_reader_get_n_fields      (HyCsvReader    *self);
const char  *hy_csv_reader_get_field         (HyCsvReader    *self,
                                              guint           i,
                                              gsize          *len);
guint        hy_csv_reader_get_line          (HyCsvReader    *self);

char         hy_csv_reader_get_delimiter     (HyCsvReader    *self);
const char  *hy_csv_reader_get_encoding_name (HyCsvReader    *self);
guint64      hy_csv_reader_get_bytes_read    (HyCsvReader    *self);
guint64      hy_csv_reader_get_bytes_total   (HyCsvReader    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyCsvReader, hy_csv_reader_free)

G_END_DECLS
