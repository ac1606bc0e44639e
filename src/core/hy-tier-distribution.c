/* hy-tier-distribution.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hy-tier-distribution"

#include "config.h"

#include <glib/gi18n.h>

#include "hy-database-private.h"
#include "hy-tier-distribution.h"

void
hy_tier_share_free (HyTierShare *share)
{
  if (share == NULL)
    return;
  g_free (share->name);
  g_free (share);
}

/* Merged records are left out: their purchases and points moved to the survivor. */
static const char select_tiers[] =
  "SELECT tr.id, tr.name, tr.level, count (m.id), coalesce (sum (s.net_spend), 0), coalesce (sum (b.points), 0)"
  "  FROM tiers tr"
  "  LEFT JOIN member_tiers t ON t.tier_id = tr.id"
  "  LEFT JOIN members m ON m.id = t.member_id AND m.merged_into IS NULL"
  "  LEFT JOIN member_stats s ON s.member_id = m.id"
  "  LEFT JOIN member_balances b ON b.member_id = m.id"
  " GROUP BY tr.id"
  " UNION ALL "
  "SELECT 0, NULL, -1, count (m.id), coalesce (sum (s.net_spend), 0), coalesce (sum (b.points), 0)"
  "  FROM member_tiers t JOIN members m ON m.id = t.member_id AND m.merged_into IS NULL"
  "  LEFT JOIN member_stats s ON s.member_id = m.id"
  "  LEFT JOIN member_balances b ON b.member_id = m.id"
  " WHERE t.tier_id IS NULL"
  " ORDER BY 3 DESC";

/* Sales less refunds in the period, by the buyer's tier of today. */
static const char select_period[] =
  "SELECT coalesce (t.tier_id, 0), sum (x.net)"
  "  FROM transactions x JOIN member_tiers t ON t.member_id = x.member_id"
  " WHERE x.occurred_at >= ?1 AND x.occurred_at < ?2"
  " GROUP BY 1";

GPtrArray *
hy_tier_distribution_compute (HyDatabase  *db,
                              gint64       from,
                              gint64       to,
                              GError     **error)
{
  g_autoptr(GPtrArray) shares = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_tier_share_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);

  if (!(stmt = _hy_database_prepare (db, select_tiers, error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HyTierShare *share = g_new0 (HyTierShare, 1);

      share->tier_id = sqlite3_column_int64 (stmt, 0);
      share->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      share->level = sqlite3_column_int (stmt, 2);
      share->members = sqlite3_column_int64 (stmt, 3);
      share->lifetime_spend = sqlite3_column_int64 (stmt, 4);
      share->points = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (shares, share);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not count the members per tier"));
      return NULL;
    }

  if (!(stmt = _hy_database_prepare (db, select_period, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    for (guint i = 0; i < shares->len; i++)
      {
        HyTierShare *share = g_ptr_array_index (shares, i);

        if (share->tier_id == sqlite3_column_int64 (stmt, 0))
          share->period_spend = sqlite3_column_int64 (stmt, 1);
      }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not sum the sales per tier"));
      return NULL;
    }

  return g_steal_pointer (&shares);
}
