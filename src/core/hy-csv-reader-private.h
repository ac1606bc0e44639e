/* hy-csv-reader-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

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
gsize          _hy_csv_find_invalid_utf8 (const char *text,
                                          gsize       len,
                                          gboolean   *non_ascii);
char           _hy_csv_sniff_delimiter (const char   *text,
                                        gsize         len,
                                        gboolean      complete);

G_END_DECLS
