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
