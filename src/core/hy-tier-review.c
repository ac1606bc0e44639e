/* hy-tier-review.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The whole store against its tiers: how many members hold each level, and a review of every
 * member at once, which a manager runs after changing the levels.  The review works in
 * batches, one transaction each, so that it can report progress and stop when cancelled; a
 * member's review is complete in itself, so the batches already written stand.
 */

#define G_LOG_DOMAIN "hy-tier"

#include "config.h"

#include <glib/gi18n.h>

#include "hy-database-private.h"
#include "hy-loyalty-private.h"
#include "hy-tier-store.h"
#include "hy-time.h"

#define REVIEW_BATCH 500

/**
 * hy_tier_store_count_members:
 *
 * Members (merged records aside) by their current level.  A member with no tier change yet
 * holds the lowest level.
 *
 * Returns: (transfer full) (element-type HyTierCount): one entry per tier, lowest first, or
 *   NULL with @error
 */
GArray *
hy_tier_store_count_members (HyTierStore  *self,
                             GError      **error)
{
  static const char count_by_tier[] =
    "SELECT coalesce (t.tier_id, (SELECT id FROM tiers ORDER BY level LIMIT 1)), count (*)"
    "  FROM member_tiers t JOIN members m ON m.id = t.member_id"
    " WHERE m.merged_into IS NULL GROUP BY 1";
  HyDatabase *db;
  g_autoptr(GPtrArray) tiers = NULL;
  g_autoptr(GArray) counts = g_array_new (FALSE, TRUE, sizeof (HyTierCount));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HY_IS_TIER_STORE (self), NULL);

  db = _hy_tier_store_get_database (self);
  if (!(tiers = _hy_tier_load_all (db, error)) ||
      !(stmt = _hy_database_prepare (db, count_by_tier, error)))
    return NULL;
  g_array_set_size (counts, tiers->len);
  for (guint i = 0; i < tiers->len; i++)
    g_array_index (counts, HyTierCount, i).tier_id = ((HyTier *) tiers->pdata[i])->id;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 tier_id = sqlite3_column_int64 (stmt, 0);

      for (guint i = 0; i < counts->len; i++)
        if (g_array_index (counts, HyTierCount, i).tier_id == tier_id)
          g_array_index (counts, HyTierCount, i).members += sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not count the members by tier"));
      return NULL;
    }
  return g_steal_pointer (&counts);
}

static GArray *
list_members (HyDatabase  *db,
              GError     **error)
{
  static const char select_members[] = "SELECT id FROM members WHERE merged_into IS NULL ORDER BY id";
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hy_database_prepare (db, select_members, error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not read the members"));
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/**
 * hy_tier_store_review_all:
 * @progress: (nullable): called after each batch, on the calling thread
 * @out_changed: (out) (optional): how many members changed level
 *
 * Reviews every member as a purchase would, as of now: writes each review that has come due
 * (renewal or a step down) and lifts the member to the highest level they qualify for.
 *
 * Returns: FALSE with @error, G_IO_ERROR_CANCELLED when cancelled between batches
 */
gboolean
hy_tier_store_review_all (HyTierStore     *self,
                          HyProgressFunc   progress,
                          gpointer         user_data,
                          GCancellable    *cancellable,
                          gint64          *out_changed,
                          GError         **error)
{
  HyDatabase *db;
  g_autoptr(GArray) members = NULL;
  g_autoptr(GPtrArray) tiers = NULL;
  gint64 now = hy_time_now ();
  gint64 changed_members = 0;

  g_return_val_if_fail (HY_IS_TIER_STORE (self), FALSE);

  if (out_changed != NULL)
    *out_changed = 0;
  db = _hy_tier_store_get_database (self);
  if (!(tiers = _hy_tier_load_all (db, error)) || !(members = list_members (db, error)))
    return FALSE;
  if (tiers->len == 0)
    members->len = 0;

  for (guint done = 0; done < members->len;)
    {
      guint end = MIN (done + REVIEW_BATCH, members->len);

      if (g_cancellable_set_error_if_cancelled (cancellable, error) || !hy_database_begin (db, error))
        return FALSE;
      for (; done < end; done++)
        {
          gboolean changed = FALSE;

          if (!_hy_tier_upgrade (db, g_array_index (members, gint64, done), now, 0, &changed, error))
            {
              hy_database_rollback (db);
              return FALSE;
            }
          changed_members += changed ? 1 : 0;
        }
      if (!hy_database_commit (db, error))
        return FALSE;
      if (out_changed != NULL)
        *out_changed = changed_members;
      if (progress != NULL)
        progress (done, members->len, user_data);
    }

  if (out_changed != NULL)
    *out_changed = changed_members;
  return TRUE;
}
