/* hy-csv-reader-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "hy-csv-reader.h"

G_BEGIN_DECLS

/* How much of a file the sniffers look at. */
#define HY_CSV_SNIFF_SIZE ((gsize) 64 << 10)

typedef enum
{
  HY_CSV_TEXT_ASCII,    /* nothing but ASCII: UTF-8 until a later byte says otherwise */
  HY_CSV_TEXT_UTF8,
  HY_CSV_TEXT_GB18030,
  HY_CSV_TEXT_UTF16LE,
  HY_CSV_TEXT_UTF16BE,
} HyCsvTextKind;

typedef enum
{
  HY_CSV_BOM_NONE,
  HY_CSV_BOM_UTF8,
  HY_CSV_BOM_UTF16LE,
  HY_CSV_BOM_UTF16BE,
} HyCsvBom;

/* hy-csv-reader-sniff.c */
HyCsvBom       _hy_csv_sniff_bom       (const guint8 *data,
                                        gsize         len,
                                        gsize        *bom_len);
HyCsvTextKind  _hy_csv_sniff_text      (const guint8 *data,
                                        gsize         len,
                                        gboolean      complete);
gboolean       _hy_csv_sniff_utf16     (const guint8 *data,
                                        gsize         len,
                                        HyCsvTextKind *kind);
const char    *_hy_csv_sniff_workbook  (const guint8 *data,
                                        gsize         len);
char           _hy_csv_sniff_delimiter (const char   *text,
                                        gsize         len,
                                        gboolean      complete);
gsize          _hy_csv_find_invalid_utf8 (const char *text,
                                          gsize       len,
                                          gboolean   *non_ascii);

/* Converted text comes in blocks of this size. */
#define HY_CSV_BLOCK_SIZE      ((gsize) 1 << 20)

/* Past these a record is taken for a runaway quote or a binary file. */
#define HY_CSV_MAX_RECORD_SIZE ((gsize) 64 << 20)
#define HY_CSV_MAX_FIELDS      65536

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
} HyCsvStopSet;

/* What parsing one record came to. */
typedef enum
{
  HY_CSV_STEP_RECORD,
  HY_CSV_STEP_END,
  HY_CSV_STEP_MORE,
  HY_CSV_STEP_ERROR,
} HyCsvStep;

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
  gsize         raw_released;    /* the mapped file's pages before this are given back */
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
  HyCsvStopSet  stop_plain;
  HyCsvStopSet  stop_quoted;
};

/* hy-csv-reader-parse.c */
void           _hy_csv_reader_setup_stops          (HyCsvReader  *self);
HyCsvStep      _hy_csv_reader_parse_record         (HyCsvReader  *self,
                                                    GError      **error);

/* hy-csv-reader-encoding.c */
gboolean       _hy_csv_reader_start_conversion     (HyCsvReader  *self,
                                                    const char   *charset,
                                                    gsize         raw_offset,
                                                    GError      **error);
gboolean       _hy_csv_reader_convert_more         (HyCsvReader  *self);
void           _hy_csv_reader_set_conversion_error (HyCsvReader  *self,
                                                    GError      **error);
gboolean       _hy_csv_reader_settle_encoding      (HyCsvReader  *self,
                                                    GError      **error);
void           _hy_csv_reader_report_bad_text      (HyCsvReader  *self,
                                                    gsize         bad,
                                                    GError      **error);

G_END_DECLS
