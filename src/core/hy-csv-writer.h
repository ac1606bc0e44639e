/* hy-csv-writer.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _HyCsvWriter HyCsvWriter;

HyCsvWriter *hy_csv_writer_new        (const char   *path,
                                       gboolean      bom,
                                       GError      **error);
void         hy_csv_writer_text       (HyCsvWriter  *self,
                                       const char   *text);
void         hy_csv_writer_number     (HyCsvWriter  *self,
                                       const char   *text);
void         hy_csv_writer_int        (HyCsvWriter  *self,
                                       gint64        value);
void         hy_csv_writer_money      (HyCsvWriter  *self,
                                       gint64        minor);
void         hy_csv_writer_end_row    (HyCsvWriter  *self);
gboolean     hy_csv_writer_finish     (HyCsvWriter  *self,
                                       GError      **error);
void         hy_csv_writer_abandon    (HyCsvWriter  *self);

G_END_DECLS
