/* hy-import.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hy-csv-reader.h"
#include "hy-database.h"

G_BEGIN_DECLS

/* Problems are counted without limit, but only this many are kept with their details. */
#define HY_IMPORT_MAX_PROBLEMS 10000

typedef enum
{
  HY_IMPORT_MEMBERS,
  HY_IMPORT_TRANSACTIONS,
} HyImportKind;

typedef struct
{
  HyImportKind        kind;
  HyCsvEncoding       encoding;        /* HY_CSV_ENCODING_AUTO: UTF-8 (with or without BOM) or GB18030 */
  char                delimiter;       /* 0: detect */
  gboolean            no_header;       /* the first line is data; map columns by position */
  const char * const *mappings;        /* NULL-terminated "COLUMN=field"; COLUMN a header or 1-based position */
  gboolean            dry_run;         /* report only, write nothing */
  gboolean            accept_partial;  /* write the good rows even when some are bad */
  guint               batch_size;      /* rows per SQLite transaction; 0: 250000 */
} HyImportOptions;

typedef struct
{
  guint  line;      /* 1-based line of the file where the row starts */
  char  *column;    /* the column's header, or "column 3" */
  char  *field;     /* what the column was read as (phone, amount, ...), or "" for the row */
  char  *value;     /* the text found */
  char  *message;   /* why it is wrong */
} HyImportProblem;

typedef struct
{
  char       *column;    /* header or "column N" */
  char       *field;     /* NULL when ignored */
} HyImportColumn;

typedef struct
{
  char       *encoding;
  char        delimiter;
  GPtrArray  *columns;              /* HyImportColumn: how each column was read */
  guint64     rows_read;            /* data rows in the file */
  guint64     rows_bad;
  guint64     rows_imported;        /* rows that created or changed something */
  guint64     rows_unchanged;       /* rows already in the database (a re-import) */
  guint64     members_created;
  guint64     members_updated;
  guint64     transactions_created;
  guint64     stores_created;
  GPtrArray  *problems;             /* HyImportProblem, at most HY_IMPORT_MAX_PROBLEMS */
  gboolean    written;              /* FALSE for a dry run or a refused import */
} HyImportReport;

gboolean    hy_import_run          (HyDatabase              *db,
                                    const char              *path,
                                    const HyImportOptions   *options,
                                    HyImportReport         **report,
                                    HyProgressFunc           progress,
                                    gpointer                 progress_data,
                                    GCancellable            *cancellable,
                                    GError                 **error);
void        hy_import_report_free  (HyImportReport          *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyImportReport, hy_import_report_free)

G_END_DECLS
