/* hy-import-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the import driver (hy-import.c) and the two kinds of rows it reads
 * (hy-import-members.c, hy-import-transactions.c).
 *
 * Every import checks and writes in one pass.  One that accepts a partial result commits one
 * SQLite transaction per batch, skipping (and reporting) the bad rows as it meets them.  One that
 * must be all or nothing writes the whole file in one SQLite transaction and commits it at the
 * end; at its first bad row it rolls back and reads the file again in a checking pass, which
 * names every bad row.  The checking pass validates every row and simulates what the writing
 * pass does (which rows create members, which refunds find their sale) without writing; both
 * run the same code with `writing` set or not, so that they cannot disagree.  A dry run is the
 * checking pass alone.
 */

#pragma once

#include "hy-csv-reader.h"
#include "hy-database.h"
#include "hy-import.h"
#include "hy-member.h"

G_BEGIN_DECLS

typedef enum
{
  F_ROW = -1,        /* a problem of the whole row, not of one column */
  F_UID,
  F_MEMBER_UID,
  F_NAME,
  F_PHONE,
  F_CARD,
  F_WECHAT,
  F_EMAIL,
  F_EXTERNAL_ID,
  F_GENDER,
  F_BIRTHDAY,
  F_JOINED_AT,
  F_STORE,
  F_CHANNEL,
  F_TAGS,
  F_NOTES,
  F_OCCURRED_AT,
  F_KIND,
  F_AMOUNT,
  F_GROSS,
  F_DISCOUNT,
  F_QUANTITY,
  F_ORDER_NO,
  F_PAYMENT,
  F_REFUND_OF,
  F_LINE,
  F_SKU,
  F_ITEM_NAME,
  F_CATEGORY,
  F_ITEM_QUANTITY,
  F_UNIT_PRICE,
  F_LINE_AMOUNT,
  N_IMPORT_FIELDS
} ImportField;

/* A 64-bit key -> 64-bit value map with open addressing: millions of entries at 16 bytes
 * each, where a GHashTable would need several times that. */
typedef struct
{
  guint64 *keys;     /* 0 marks an empty slot; callers never use 0 as a key */
  gint64  *values;
  gsize    mask;
  gsize    len;
} HyIdMap;

void     _hy_id_map_init    (HyIdMap *map);
void     _hy_id_map_clear   (HyIdMap *map);
gint64  *_hy_id_map_lookup  (HyIdMap *map,
                             guint64  key);
gint64  *_hy_id_map_insert  (HyIdMap *map,
                             guint64  key,
                             gint64   value);

typedef struct _Import Import;

struct _Import
{
  HyDatabase             *db;
  const HyImportOptions  *options;
  HyImportReport         *report;
  const char             *path;
  HyCsvReader            *reader;
  guint64                 bytes_read;                   /* for the progress */
  guint64                 bytes_total;
  GTimeZone              *tz;
  int                     column_of[N_IMPORT_FIELDS];   /* -1: not in the file */
  gboolean                writing;                      /* this pass writes */
  gboolean                refused;                      /* all or nothing, and a row was bad */
  gboolean                row_bad;                      /* the current row has a problem */
  guint                   row_line;
  GPtrArray              *problems;                     /* where problems go */
  guint                   n_problems;                   /* kept so far in this pass */

  /* "kind\tvalue" -> member: > 0 in the database, < 0 a member this import will create, 0 free */
  GHashTable             *members;
  gint64                  next_new_member;
  /* store code or name -> id (< 0: to be created) */
  GHashTable             *stores;
  gint64                  next_new_store;

  /* Kind-specific state */
  gpointer                state;
  void                  (*state_free) (gpointer state);
};

/* The text of @field in the current row ("" when the column is absent or empty), trimmed, with
 * a leading apostrophe (a spreadsheet's "this is text" mark) removed. */
const char *_hy_import_field       (Import      *imp,
                                    ImportField  field);
gboolean    _hy_import_has_column  (Import      *imp,
                                    ImportField  field);
const char *_hy_import_field_name  (ImportField  field);
void        _hy_import_problem     (Import      *imp,
                                    ImportField  field,
                                    const char  *value,
                                    const char  *format,
                                    ...) G_GNUC_PRINTF (4, 5);
gboolean    _hy_import_accept      (Import      *imp,
                                    guint        n_rows);
void        _hy_import_add_problems (Import     *imp,
                                    GPtrArray   *problems,
                                    guint        first,
                                    guint        n);
void        _hy_import_problem_free (gpointer    problem);
gboolean    _hy_import_open_reader (Import      *imp,
                                    GError     **error);
void        _hy_import_take_error  (Import      *imp,
                                    ImportField  field,
                                    const char  *value,
                                    GError      *error);

gboolean    _hy_import_find_member (Import      *imp,
                                    GPtrArray   *identities,
                                    gint64      *out_member,
                                    GError     **error);
gint64      _hy_import_find_by_uid (Import      *imp,
                                    const char  *uid,
                                    GError     **error);
void        _hy_import_remember_uid (Import     *imp,
                                    const char  *uid,
                                    gint64       member);
void        _hy_import_remember    (Import      *imp,
                                    GPtrArray   *identities,
                                    gint64       member);
gint64      _hy_import_store       (Import      *imp,
                                    const char  *text,
                                    GError     **error);
gboolean    _hy_import_identities  (Import      *imp,
                                    GPtrArray   *identities);

/* The two kinds of import: prepare (check the columns, start reading), next (check and write or
 * count the next record of the file; returns the rows of the file it had, 0 at the end, -1 on
 * error), flush (write what a batch keeps in memory; called before every commit and, with
 * @at_end, once at the end of the file). */
gboolean    _hy_import_members_prepare      (Import *imp, GError **error);
int         _hy_import_members_next         (Import *imp, GError **error);
gboolean    _hy_import_members_flush        (Import *imp, gboolean at_end, GError **error);
gboolean    _hy_import_transactions_prepare (Import *imp, GError **error);
int         _hy_import_transactions_next    (Import *imp, GError **error);
gboolean    _hy_import_transactions_flush   (Import *imp, gboolean at_end, GError **error);

G_END_DECLS
