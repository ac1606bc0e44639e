/* hy-change-log.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hy-change-log.h"
#include "hy-database-private.h"
#include "hy-time.h"

/* Called inside the caller's transaction, so the change and its log row land together or not at
 * all. */
gboolean
_hy_change_log_append (HyDatabase  *db,
                       HyEntity     entity,
                       gint64       row_id,
                       HyChangeOp   op,
                       GError     **error)
{
  static const char insert_change[] =
    "INSERT INTO change_log (entity, row_id, op, changed_at) VALUES (?1, ?2, ?3, ?4)";
  sqlite3_stmt *stmt;

  g_assert (_hy_database_in_transaction (db));

  if (!(stmt = _hy_database_prepare (db, insert_change, error)))
    return FALSE;
  sqlite3_bind_int (stmt, 1, entity);
  sqlite3_bind_int64 (stmt, 2, row_id);
  sqlite3_bind_int (stmt, 3, op);
  sqlite3_bind_int64 (stmt, 4, hy_time_now ());
  return _hy_database_step_done (db, stmt, error);
}

gint64
hy_change_log_get_last_seq (HyDatabase *db)
{
  static const char select_last[] = "SELECT coalesce (max (seq), 0) FROM change_log";
  sqlite3_stmt *stmt;
  gint64 seq = 0;

  g_return_val_if_fail (HY_IS_DATABASE (db), 0);

  if ((stmt = _hy_database_prepare (db, select_last, NULL)) != NULL)
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        seq = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }

  return seq;
}
