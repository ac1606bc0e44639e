/* hy-member-analysis.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hy-member-analysis"

#include "config.h"

#include "hy-database-private.h"
#include "hy-member-analysis.h"

#define AS_OF_KEY "member_analysis.as_of"

/* Replaces every row in one transaction: the list never sees half of one run and half of the
 * next. */
gboolean
hy_member_analysis_save (HyDatabase    *db,
                         gint32         as_of,
                         gsize          n_members,
                         const gint64  *member_ids,
                         const guint8  *rfm_classes,
                         const guint8  *stages,
                         GError       **error)
{
  /* Only members still listed: one merged since the analysis read them gets no row (the
   * members list counts on that, migration 14). */
  static const char insert_row[] =
    "INSERT INTO member_analysis (member_id, rfm_class, stage)"
    "  SELECT ?1, ?2, ?3 FROM members WHERE id = ?1 AND merged_into IS NULL";
  g_autofree char *day = g_strdup_printf ("%d", as_of);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HY_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (n_members == 0 || (member_ids != NULL && rfm_classes != NULL && stages != NULL), FALSE);

  if (!hy_database_begin (db, error))
    return FALSE;
  if (!_hy_database_exec (db, "DELETE FROM member_analysis", error) ||
      !(stmt = _hy_database_prepare (db, insert_row, error)))
    goto fail;
  for (gsize i = 0; i < n_members; i++)
    {
      sqlite3_bind_int64 (stmt, 1, member_ids[i]);
      sqlite3_bind_int (stmt, 2, rfm_classes[i]);
      sqlite3_bind_int (stmt, 3, stages[i]);
      if (!_hy_database_step_done (db, stmt, error))
        goto fail;
    }
  if (!hy_database_set_setting (db, AS_OF_KEY, day, error) ||
      !hy_database_commit (db, error))
    goto fail;
  return TRUE;

fail:
  hy_database_rollback (db);
  return FALSE;
}

gint32
hy_member_analysis_get_as_of (HyDatabase *db)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (HY_IS_DATABASE (db), -1);

  text = hy_database_dup_setting (db, AS_OF_KEY);
  return text != NULL && *text != '\0' ? (gint32) g_ascii_strtoll (text, NULL, 10) : -1;
}
