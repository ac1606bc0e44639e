/* hy-summary.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "hy-database-private.h"
#include "hy-member.h"
#include "hy-summary.h"

gboolean
hy_database_summarize (HyDatabase  *db,
                       HySummary   *summary,
                       GError     **error)
{
  static const char select_counts[] =
    "SELECT (SELECT count(*) FROM stores),"
    "       (SELECT count(*) FROM members WHERE merged_into IS NULL),"
    "       (SELECT count(*) FROM members WHERE merged_into IS NOT NULL),"
    "       (SELECT count(DISTINCT member_id) FROM member_tags),"
    "       count(*) FILTER (WHERE kind = 0),"
    "       count(*) FILTER (WHERE kind = 0 AND member_id IS NULL),"
    "       count(*) FILTER (WHERE kind = 1),"
    "       coalesce (sum (net) FILTER (WHERE kind = 0), 0),"
    "       coalesce (-sum (net) FILTER (WHERE kind = 1), 0),"
    "       coalesce (sum (net) FILTER (WHERE kind = 0 AND member_id IS NOT NULL), 0),"
    "       coalesce (min (occurred_at), 0), coalesce (max (occurred_at), 0),"
    "       (SELECT coalesce (max (seq), 0) FROM change_log)"
    "  FROM transactions";
  static const char select_identities[] =
    "SELECT kind, count(*) FROM member_identities GROUP BY kind";
  sqlite3_stmt *stmt;
  GStatBuf buf;
  int rc;

  g_return_val_if_fail (HY_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (summary != NULL, FALSE);

  memset (summary, 0, sizeof *summary);
  summary->schema_version = hy_database_get_schema_version (db);
  if (g_stat (hy_database_get_path (db), &buf) == 0)
    summary->file_size = buf.st_size;

  if (!(stmt = _hy_database_prepare (db, select_counts, error)))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      summary->stores = sqlite3_column_int64 (stmt, 0);
      summary->members = sqlite3_column_int64 (stmt, 1);
      summary->merged_members = sqlite3_column_int64 (stmt, 2);
      summary->tagged_members = sqlite3_column_int64 (stmt, 3);
      summary->sales = sqlite3_column_int64 (stmt, 4);
      summary->walk_in_sales = sqlite3_column_int64 (stmt, 5);
      summary->refunds = sqlite3_column_int64 (stmt, 6);
      summary->sales_total = sqlite3_column_int64 (stmt, 7);
      summary->refunds_total = sqlite3_column_int64 (stmt, 8);
      summary->member_sales_total = sqlite3_column_int64 (stmt, 9);
      summary->first_at = sqlite3_column_int64 (stmt, 10);
      summary->last_at = sqlite3_column_int64 (stmt, 11);
      summary->change_log_seq = sqlite3_column_int64 (stmt, 12);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      _hy_database_set_error (db, rc, error, _("Could not count the database’s contents"));
      return FALSE;
    }

  if (!(stmt = _hy_database_prepare (db, select_identities, error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HyIdentityKind kind;

      if (hy_identity_kind_from_string (_hy_column_text (stmt, 0), &kind))
        summary->identities[kind] = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not count the database’s contents"));
      return FALSE;
    }

  return TRUE;
}
