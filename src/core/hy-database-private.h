/* hy-database-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only for src/core: the SQLite handle, cached statements and error mapping.
 */

#pragma once

#include <sqlite3.h>

#include "hy-database.h"

G_BEGIN_DECLS

sqlite3      *_hy_database_get_handle  (HyDatabase  *self);

/* Returns the statement for @sql, prepared once per connection and reset and cleared of bindings
 * on every call.  @sql must be a static string: the cache is keyed by its address. */
sqlite3_stmt *_hy_database_prepare     (HyDatabase  *self,
                                        const char  *sql,
                                        GError     **error);
gboolean      _hy_database_exec        (HyDatabase  *self,
                                        const char  *sql,
                                        GError     **error);
gint64        _hy_database_set_cache_kib (HyDatabase *self,
                                          gint64      kib);
void          _hy_database_restore_cache_size (HyDatabase *self,
                                               gint64      previous);

/* Steps a statement that returns no rows (INSERT, UPDATE, DELETE). */
gboolean      _hy_database_step_done   (HyDatabase   *self,
                                        sqlite3_stmt *stmt,
                                        GError      **error);

/* Fills @error from the connection's last error, prefixed with what we were doing. */
void          _hy_database_set_error   (HyDatabase  *self,
                                        int          rc,
                                        GError     **error,
                                        const char  *doing);
gboolean      _hy_database_in_transaction (HyDatabase *self);

/* A second, read-only connection to the same file, for a worker thread to read in parallel
 * (close it with sqlite3_close), or NULL when that would not see what this connection sees:
 * inside a transaction (its changes are not committed), on a network share, or when it cannot
 * be opened.  It is not configured beyond a busy timeout and a memory map. */
sqlite3      *_hy_database_open_reader (HyDatabase *self);

/* Column helpers that map SQLite NULL text to "". */
static inline const char *
_hy_column_text (sqlite3_stmt *stmt,
                 int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

G_END_DECLS
