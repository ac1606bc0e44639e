/* hy-member-analysis.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hy-member-analysis"

#include "config.h"

#include <glib/gi18n.h>

#include "hy-database-private.h"
#include "hy-member-analysis.h"

#define AS_OF_KEY "member_analysis.as_of"

/* Replaces every row in one transaction: the list never sees half of one run and half of the
 * next. */
typedef struct
{
  gint64 member_id;
  guint8 rfm_class;
  guint8 stage;
} SavedRow;

/* The rows saved by the last analysis, in member order. */
static GArray *
read_saved (HyDatabase  *db,
            GError     **error)
{
  static const char select_rows[] =
    "SELECT member_id, rfm_class, stage FROM member_analysis ORDER BY member_id";
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (SavedRow));
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hy_database_prepare (db, select_rows, error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SavedRow row = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int (stmt, 1), sqlite3_column_int (stmt, 2) };

      g_array_append_val (rows, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not read the saved analysis"));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static gboolean
step_member (HyDatabase  *db,
             const char  *sql,
             gint64       member_id,
             int          rfm_class,
             int          stage,
             GError     **error)
{
  sqlite3_stmt *stmt = _hy_database_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, member_id);
  if (rfm_class >= 0)
    {
      sqlite3_bind_int (stmt, 2, rfm_class);
      sqlite3_bind_int (stmt, 3, stage);
    }
  return _hy_database_step_done (db, stmt, error);
}

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
  static const char update_row[] =
    "UPDATE member_analysis SET rfm_class = ?2, stage = ?3 WHERE member_id = ?1";
  static const char delete_row[] = "DELETE FROM member_analysis WHERE member_id = ?1";
  g_autofree char *day = g_strdup_printf ("%d", as_of);
  g_autoptr(GArray) saved = NULL;
  const SavedRow *old;
  gsize j = 0;

  g_return_val_if_fail (HY_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (n_members == 0 || (member_ids != NULL && rfm_classes != NULL && stages != NULL), FALSE);
  for (gsize i = 1; i < n_members; i++)
    g_return_val_if_fail (member_ids[i - 1] < member_ids[i], FALSE);

  /* Day to day few members change class or stage: the rows are compared with the last ones and
   * only the changes written, so the write lock is held for a moment, not for a million rows. */
  if (!hy_database_begin (db, error))
    return FALSE;
  if (!(saved = read_saved (db, error)))
    goto fail;
  old = (const SavedRow *) (void *) saved->data;
  for (gsize i = 0; i < n_members || j < saved->len; )
    {
      gboolean ok;

      if (i == n_members || (j < saved->len && old[j].member_id < member_ids[i]))
        ok = step_member (db, delete_row, old[j++].member_id, -1, -1, error);
      else if (j == saved->len || old[j].member_id > member_ids[i])
        {
          ok = step_member (db, insert_row, member_ids[i], rfm_classes[i], stages[i], error);
          i++;
        }
      else
        {
          ok = (old[j].rfm_class == rfm_classes[i] && old[j].stage == stages[i]) ||
               step_member (db, update_row, member_ids[i], rfm_classes[i], stages[i], error);
          i++;
          j++;
        }
      if (!ok)
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
