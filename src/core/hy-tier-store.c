/* hy-tier-store.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tiers (会员等级): ordered levels, the immediate upgrade at the purchase that qualifies, and the
 * review when a level's validity runs out, which keeps, raises, or lowers it by one level at
 * most.  A member's tier is their latest tier_history row; a member with none is at the lowest
 * level.  Reviews are dated at the end of the validity, even when they are written later, and a
 * member away for several periods drops one level per period.
 */

#define G_LOG_DOMAIN "hy-tier"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hy-change-log.h"
#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-loyalty-private.h"
#include "hy-member-stats-private.h"
#include "hy-time.h"
#include "hy-tier-store.h"
#include "hy-uuid.h"

struct _HyTierStore
{
  GObject     parent_instance;

  /* Owned references */
  HyDatabase *db;
};

G_DEFINE_FINAL_TYPE (HyTierStore, hy_tier_store, G_TYPE_OBJECT)

static void
hy_tier_store_finalize (GObject *object)
{
  HyTierStore *self = (HyTierStore *)object;

  g_clear_object (&self->db);

  G_OBJECT_CLASS (hy_tier_store_parent_class)->finalize (object);
}

static void
hy_tier_store_class_init (HyTierStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hy_tier_store_finalize;
}

static void
hy_tier_store_init (HyTierStore *self)
{
}

HyTierStore *
hy_tier_store_new (HyDatabase *db)
{
  HyTierStore *self;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);

  self = g_object_new (HY_TYPE_TIER_STORE, NULL);
  self->db = g_object_ref (db);
  return self;
}

HyDatabase *
_hy_tier_store_get_database (HyTierStore *self)
{
  return self->db;
}

HyTier *
hy_tier_new (void)
{
  HyTier *tier = g_new0 (HyTier, 1);

  tier->name = g_strdup ("");
  tier->benefits = g_strdup ("");
  tier->window_days = 365;
  tier->validity_days = 365;
  tier->price_percent = 100;
  tier->points_percent = 100;
  return tier;
}

HyTier *
hy_tier_copy (const HyTier *tier)
{
  HyTier *copy = g_memdup2 (tier, sizeof *tier);

  copy->name = g_strdup (tier->name);
  copy->benefits = g_strdup (tier->benefits);
  return copy;
}

void
hy_tier_free (HyTier *tier)
{
  if (tier == NULL)
    return;

  g_free (tier->name);
  g_free (tier->benefits);
  g_free (tier);
}

void
hy_tier_change_free (HyTierChange *change)
{
  if (change == NULL)
    return;

  g_free (change->note);
  g_free (change);
}

const char *
hy_tier_change_reason_to_string (HyTierChangeReason reason)
{
  static const char * const names[] = { NULL, "upgrade", "renew", "downgrade", "manual" };

  if (reason < HY_TIER_CHANGE_UPGRADE || reason > HY_TIER_CHANGE_MANUAL)
    return "unknown";
  return names[reason];
}

/* All levels, lowest first. */
static GPtrArray *
load_tiers (HyDatabase  *db,
            GError     **error)
{
  static const char select_tiers[] =
    "SELECT id, level, name, min_spend, min_visits, min_points, require_all, window_days,"
    "       validity_days, price_percent, points_percent, benefits"
    "  FROM tiers ORDER BY level";
  g_autoptr(GPtrArray) tiers = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_tier_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hy_database_prepare (db, select_tiers, error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HyTier *tier = g_new0 (HyTier, 1);

      tier->id = sqlite3_column_int64 (stmt, 0);
      tier->level = sqlite3_column_int (stmt, 1);
      tier->name = g_strdup (_hy_column_text (stmt, 2));
      tier->min_spend = sqlite3_column_int64 (stmt, 3);
      tier->min_visits = sqlite3_column_int64 (stmt, 4);
      tier->min_points = sqlite3_column_int64 (stmt, 5);
      tier->require_all = sqlite3_column_int (stmt, 6) != 0;
      tier->window_days = sqlite3_column_int (stmt, 7);
      tier->validity_days = sqlite3_column_int (stmt, 8);
      tier->price_percent = sqlite3_column_int (stmt, 9);
      tier->points_percent = sqlite3_column_int (stmt, 10);
      tier->benefits = g_strdup (_hy_column_text (stmt, 11));
      g_ptr_array_add (tiers, tier);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not read the tiers"));
      return NULL;
    }

  return g_steal_pointer (&tiers);
}

GPtrArray *
_hy_tier_load_all (HyDatabase  *db,
                   GError     **error)
{
  return load_tiers (db, error);
}

static int
index_of (GPtrArray *tiers,
          gint64     tier_id)
{
  for (guint i = 0; i < tiers->len; i++)
    if (((HyTier *) tiers->pdata[i])->id == tier_id)
      return (int) i;

  return 0;
}

/* The member's latest change; FALSE when there is none. */
static gboolean
latest_change (HyDatabase *db,
               gint64      member_id,
               gint64     *tier_id,
               gint64     *valid_until)
{
  static const char select_latest[] =
    "SELECT to_tier_id, coalesce (valid_until, 0) FROM tier_history"
    " WHERE member_id = ?1 ORDER BY id DESC LIMIT 1";
  sqlite3_stmt *stmt = _hy_database_prepare (db, select_latest, NULL);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, member_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *tier_id = sqlite3_column_int64 (stmt, 0);
      *valid_until = sqlite3_column_int64 (stmt, 1);
      found = TRUE;
    }
  sqlite3_reset (stmt);

  return found;
}

static gint64
query_window (HyDatabase *db,
              const char *sql,
              gint64      member_id,
              gint64      from,
              gint64      to)
{
  sqlite3_stmt *stmt = _hy_database_prepare (db, sql, NULL);
  gint64 value = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, member_id);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, to);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return value;
}

/* The member's net spend, visits and points earned over the @window_days local days ending
 * with the day of @at: what the tier rules measure. */
void
_hy_tier_window_figures (HyDatabase *db,
                         gint64      member_id,
                         int         window_days,
                         gint64      at,
                         gint64     *spend,
                         gint64     *visits,
                         gint64     *points)
{
  static const char select_spend[] =
    "SELECT coalesce (sum (net), 0) FROM transactions"
    " WHERE member_id = ?1 AND occurred_at >= ?2 AND occurred_at <= ?3";
  static const char select_visits[] =
    "SELECT count(*) FROM transactions t"
    " WHERE t.member_id = ?1 AND t.kind = 0 AND t.occurred_at >= ?2 AND t.occurred_at <= ?3"
    "   AND NOT " HY_SALE_IS_VOID_SQL;
  static const char select_points[] =
    "SELECT coalesce (sum (points), 0) FROM points_ledger"
    " WHERE member_id = ?1 AND kind IN (1, 7) AND occurred_at >= ?2 AND occurred_at <= ?3";
  GTimeZone *tz = hy_database_get_time_zone (db);
  gint64 from = hy_time_day_start (tz, hy_time_local_day (tz, at) - window_days + 1);

  if (spend != NULL)
    *spend = query_window (db, select_spend, member_id, from, at);
  if (visits != NULL)
    *visits = query_window (db, select_visits, member_id, from, at);
  if (points != NULL)
    *points = query_window (db, select_points, member_id, from, at);
}

/* Does the member meet @tier's rule over the window_days local days ending with the day of @at? */
static gboolean
qualifies (HyDatabase   *db,
           gint64        member_id,
           const HyTier *tier,
           gint64        at)
{
  gint64 spend = 0, visits = 0, points = 0;
  guint asked = 0, met = 0;

  /* Only what the tier asks is read: most tiers ask one thing, and this runs at every sale. */
  _hy_tier_window_figures (db, member_id, tier->window_days, at,
                           tier->min_spend > 0 ? &spend : NULL,
                           tier->min_visits > 0 ? &visits : NULL,
                           tier->min_points > 0 ? &points : NULL);
  if (tier->min_spend > 0)
    {
      asked++;
      met += spend >= tier->min_spend;
    }
  if (tier->min_visits > 0)
    {
      asked++;
      met += visits >= tier->min_visits;
    }
  if (tier->min_points > 0)
    {
      asked++;
      met += points >= tier->min_points;
    }

  if (asked == 0)
    return TRUE;
  return tier->require_all ? met == asked : met > 0;
}

static int
qualified_index (HyDatabase *db,
                 gint64      member_id,
                 GPtrArray  *tiers,
                 gint64      at)
{
  for (int i = (int) tiers->len - 1; i > 0; i--)
    if (qualifies (db, member_id, tiers->pdata[i], at))
      return i;

  return 0;
}

static gint64
valid_until_for (HyDatabase   *db,
                 const HyTier *tier,
                 gint64        from)
{
  GTimeZone *tz = hy_database_get_time_zone (db);

  if (tier->validity_days <= 0)
    return 0;
  return hy_time_day_start (tz, hy_time_local_day (tz, from) + tier->validity_days);
}

static gboolean
insert_change (HyDatabase          *db,
               gint64               member_id,
               gint64               from_tier_id,
               gint64               to_tier_id,
               HyTierChangeReason   reason,
               gint64               changed_at,
               gint64               valid_until,
               gint64               transaction_id,
               GError             **error)
{
  static const char insert_history[] =
    "INSERT INTO tier_history (uid, member_id, from_tier_id, to_tier_id, reason, changed_at,"
    "                          valid_until, transaction_id, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
  sqlite3_stmt *stmt;
  guint8 uid[16];

  hy_uuid_generate (uid);
  if (!(stmt = _hy_database_prepare (db, insert_history, error)))
    return FALSE;
  sqlite3_bind_blob (stmt, 1, uid, sizeof uid, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, member_id);
  if (from_tier_id > 0)
    sqlite3_bind_int64 (stmt, 3, from_tier_id);
  sqlite3_bind_int64 (stmt, 4, to_tier_id);
  sqlite3_bind_int (stmt, 5, reason);
  sqlite3_bind_int64 (stmt, 6, changed_at);
  if (valid_until > 0)
    sqlite3_bind_int64 (stmt, 7, valid_until);
  if (transaction_id > 0)
    sqlite3_bind_int64 (stmt, 8, transaction_id);
  sqlite3_bind_int64 (stmt, 9, hy_time_now ());
  if (!_hy_database_step_done (db, stmt, error))
    return FALSE;

  return _hy_change_log_append (db, HY_ENTITY_TIER_CHANGE,
                                sqlite3_last_insert_rowid (_hy_database_get_handle (db)),
                                HY_CHANGE_INSERT, error);
}

gboolean
_hy_tier_review_member (HyDatabase  *db,
                        gint64       member_id,
                        gint64       now,
                        gboolean    *out_changed,
                        GError     **error)
{
  g_autoptr(GPtrArray) tiers = load_tiers (db, error);
  gint64 tier_id, valid_until;

  if (tiers == NULL)
    return FALSE;

  while (tiers->len > 0 && latest_change (db, member_id, &tier_id, &valid_until) &&
         valid_until != 0 && valid_until <= now)
    {
      int current = index_of (tiers, tier_id);
      /* The period's last second decides: its window ends with the period. */
      int qualified = qualified_index (db, member_id, tiers, valid_until - 1);
      int target = MAX (qualified, MAX (current - 1, 0));
      HyTierChangeReason reason = target > current ? HY_TIER_CHANGE_UPGRADE
                                  : target == current ? HY_TIER_CHANGE_RENEW
                                  : HY_TIER_CHANGE_DOWNGRADE;
      const HyTier *to = tiers->pdata[target];

      if (!insert_change (db, member_id, tier_id, to->id, reason, valid_until,
                          valid_until_for (db, to, valid_until), 0, error))
        return FALSE;
      *out_changed = TRUE;
    }

  return TRUE;
}

gboolean
_hy_tier_upgrade (HyDatabase  *db,
                  gint64       member_id,
                  gint64       at,
                  gint64       transaction_id,
                  gboolean    *out_changed,
                  GError     **error)
{
  g_autoptr(GPtrArray) tiers = NULL;
  gint64 tier_id = 0, valid_until = 0;
  int current = 0, qualified;
  const HyTier *to;

  if (!_hy_tier_review_member (db, member_id, at, out_changed, error) ||
      !(tiers = load_tiers (db, error)))
    return FALSE;
  if (tiers->len == 0)
    return TRUE;

  if (latest_change (db, member_id, &tier_id, &valid_until))
    current = index_of (tiers, tier_id);
  else
    tier_id = ((HyTier *) tiers->pdata[0])->id;

  qualified = qualified_index (db, member_id, tiers, at);
  if (qualified <= current)
    return TRUE;

  to = tiers->pdata[qualified];
  if (!insert_change (db, member_id, tier_id, to->id, HY_TIER_CHANGE_UPGRADE, at,
                      valid_until_for (db, to, at), transaction_id, error))
    return FALSE;
  *out_changed = TRUE;
  return TRUE;
}

/* A refund of the sale that lifted the member, with nothing changed since: if the member no
 * longer qualifies, they go back down, to no lower than where that sale found them. */
gboolean
_hy_tier_reevaluate_refund (HyDatabase  *db,
                            gint64       member_id,
                            gint64       sale_id,
                            gint64       refund_id,
                            gint64       at,
                            gboolean    *out_changed,
                            GError     **error)
{
  static const char select_upgrade[] =
    "SELECT h.to_tier_id, coalesce (h.from_tier_id, 0), h.transaction_id, h.reason,"
    "       (SELECT coalesce (p.valid_until, 0) FROM tier_history p"
    "         WHERE p.member_id = h.member_id AND p.id < h.id ORDER BY p.id DESC LIMIT 1)"
    "  FROM tier_history h WHERE h.member_id = ?1 ORDER BY h.id DESC LIMIT 1";
  g_autoptr(GPtrArray) tiers = NULL;
  sqlite3_stmt *stmt;
  gint64 to_id = 0, from_id = 0, previous_until = 0;
  gboolean by_sale = FALSE;
  int current, floor_index, target;

  if (!_hy_tier_review_member (db, member_id, at, out_changed, error) ||
      !(tiers = load_tiers (db, error)))
    return FALSE;
  if (tiers->len == 0 || !(stmt = _hy_database_prepare (db, select_upgrade, error)))
    return tiers->len == 0;

  sqlite3_bind_int64 (stmt, 1, member_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      to_id = sqlite3_column_int64 (stmt, 0);
      from_id = sqlite3_column_int64 (stmt, 1);
      by_sale = sqlite3_column_int64 (stmt, 2) == sale_id &&
                sqlite3_column_int (stmt, 3) == HY_TIER_CHANGE_UPGRADE;
      previous_until = sqlite3_column_int64 (stmt, 4);
    }
  sqlite3_reset (stmt);
  if (!by_sale)
    return TRUE;

  current = index_of (tiers, to_id);
  floor_index = from_id > 0 ? index_of (tiers, from_id) : 0;
  target = MAX (qualified_index (db, member_id, tiers, at), floor_index);
  if (target >= current)
    return TRUE;

  /* Back where the sale found them, the level keeps the validity it had then. */
  if (!insert_change (db, member_id, to_id, ((HyTier *) tiers->pdata[target])->id,
                      HY_TIER_CHANGE_DOWNGRADE, at,
                      target == floor_index && previous_until > 0 ? previous_until
                      : valid_until_for (db, tiers->pdata[target], at),
                      refund_id, error))
    return FALSE;
  *out_changed = TRUE;
  return TRUE;
}

/* A merge: the survivor keeps the higher of the two levels, then qualifies on the purchases of
 * both. */
gboolean
_hy_tier_merge (HyDatabase  *db,
                gint64       survivor_id,
                gint64       merged_id,
                gint64       at,
                GError     **error)
{
  g_autoptr(GPtrArray) tiers = NULL;
  gboolean changed = FALSE;
  gint64 survivor_tier = 0, survivor_until = 0, merged_tier = 0, merged_until = 0;
  int survivor_index = 0;

  if (!_hy_tier_review_member (db, survivor_id, at, &changed, error) ||
      !_hy_tier_review_member (db, merged_id, at, &changed, error) ||
      !(tiers = load_tiers (db, error)))
    return FALSE;
  if (tiers->len == 0)
    return TRUE;

  if (latest_change (db, survivor_id, &survivor_tier, &survivor_until))
    survivor_index = index_of (tiers, survivor_tier);
  if (latest_change (db, merged_id, &merged_tier, &merged_until) &&
      index_of (tiers, merged_tier) > survivor_index &&
      !insert_change (db, survivor_id, survivor_tier, merged_tier, HY_TIER_CHANGE_MANUAL, at,
                      merged_until, 0, error))
    return FALSE;

  return _hy_tier_upgrade (db, survivor_id, at, 0, &changed, error);
}

HyTier *
_hy_tier_current (HyDatabase  *db,
                  gint64       member_id,
                  gint64       at,
                  gint64      *out_valid_until,
                  GError     **error)
{
  g_autoptr(GPtrArray) tiers = NULL;
  gboolean changed = FALSE;
  gint64 tier_id = 0, valid_until = 0;
  int current = 0;

  if (out_valid_until != NULL)
    *out_valid_until = 0;
  if (!_hy_tier_review_member (db, member_id, at, &changed, error) ||
      !(tiers = load_tiers (db, error)) || tiers->len == 0)
    return NULL;

  if (latest_change (db, member_id, &tier_id, &valid_until))
    current = index_of (tiers, tier_id);
  if (out_valid_until != NULL)
    *out_valid_until = valid_until;

  return hy_tier_copy (tiers->pdata[current]);
}

/**
 * hy_tier_store_define:
 *
 * Adds a level, or changes the level with the same number.
 *
 * Returns: the tier's id, or -1 with @error
 */
gint64
hy_tier_store_define (HyTierStore   *self,
                      const HyTier  *tier,
                      GError       **error)
{
  static const char upsert_tier[] =
    "INSERT INTO tiers (uid, level, name, min_spend, min_visits, min_points, require_all,"
    "                   window_days, validity_days, price_percent, points_percent, benefits, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
    " ON CONFLICT (level) DO UPDATE SET name = excluded.name, min_spend = excluded.min_spend,"
    "   min_visits = excluded.min_visits, min_points = excluded.min_points,"
    "   require_all = excluded.require_all, window_days = excluded.window_days,"
    "   validity_days = excluded.validity_days, price_percent = excluded.price_percent,"
    "   points_percent = excluded.points_percent, benefits = excluded.benefits";
  static const char select_id[] = "SELECT id FROM tiers WHERE level = ?1";
  sqlite3_stmt *stmt;
  guint8 uid[16];
  gint64 id = -1;

  g_return_val_if_fail (HY_IS_TIER_STORE (self), -1);
  g_return_val_if_fail (tier != NULL, -1);

  if (tier->name == NULL || tier->name[0] == '\0' || tier->level < 0 || tier->window_days <= 0 ||
      tier->validity_days < 0 || tier->price_percent < 0 || tier->price_percent > 100 ||
      tier->points_percent < 0 || tier->min_spend < 0 || tier->min_visits < 0 || tier->min_points < 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("A tier needs a name, a level of 0 or more, a window of at least 1 day and a price between 0 and 100%%"));
      return -1;
    }

  if (!hy_database_begin (self->db, error))
    return -1;

  hy_uuid_generate (uid);
  if (!(stmt = _hy_database_prepare (self->db, upsert_tier, error)))
    goto failed;
  sqlite3_bind_blob (stmt, 1, uid, sizeof uid, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, tier->level);
  sqlite3_bind_text (stmt, 3, tier->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, tier->min_spend);
  sqlite3_bind_int64 (stmt, 5, tier->min_visits);
  sqlite3_bind_int64 (stmt, 6, tier->min_points);
  sqlite3_bind_int (stmt, 7, tier->require_all ? 1 : 0);
  sqlite3_bind_int (stmt, 8, tier->window_days);
  sqlite3_bind_int (stmt, 9, tier->validity_days);
  sqlite3_bind_int (stmt, 10, tier->price_percent);
  sqlite3_bind_int (stmt, 11, tier->points_percent);
  sqlite3_bind_text (stmt, 12, tier->benefits != NULL ? tier->benefits : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 13, hy_time_now ());
  if (!_hy_database_step_done (self->db, stmt, error))
    goto failed;

  if (!(stmt = _hy_database_prepare (self->db, select_id, error)))
    goto failed;
  sqlite3_bind_int (stmt, 1, tier->level);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (id <= 0 || !_hy_change_log_append (self->db, HY_ENTITY_TIER, id, HY_CHANGE_UPDATE, error))
    goto failed;
  if (!hy_database_commit (self->db, error))
    return -1;
  return id;

failed:
  hy_database_rollback (self->db);
  return -1;
}

/**
 * hy_tier_store_remove:
 *
 * Removes a level no member has ever held.  A level in anyone's tier history stays: the history
 * is append-only and names it; change the level instead.
 */
gboolean
hy_tier_store_remove (HyTierStore  *self,
                      gint64        tier_id,
                      GError      **error)
{
  static const char select_used[] =
    "SELECT EXISTS (SELECT 1 FROM tier_history WHERE to_tier_id = ?1 OR from_tier_id = ?1)"
    "    OR EXISTS (SELECT 1 FROM checkouts WHERE tier_id = ?1)";
  static const char delete_tier[] = "DELETE FROM tiers WHERE id = ?1";
  sqlite3_stmt *stmt;
  gboolean used = FALSE;
  int rc;

  g_return_val_if_fail (HY_IS_TIER_STORE (self), FALSE);

  if (!hy_database_begin (self->db, error))
    return FALSE;

  if (!(stmt = _hy_database_prepare (self->db, select_used, error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, tier_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    used = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      _hy_database_set_error (self->db, rc, error, _("Could not read the tiers"));
      goto failed;
    }
  if (used)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_CONFLICT,
                   _("Members have held this tier, and their history names it; change the tier instead of removing it"));
      goto failed;
    }

  if (!(stmt = _hy_database_prepare (self->db, delete_tier, error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, tier_id);
  if (!_hy_database_step_done (self->db, stmt, error) ||
      !_hy_change_log_append (self->db, HY_ENTITY_TIER, tier_id, HY_CHANGE_DELETE, error))
    goto failed;
  return hy_database_commit (self->db, error);

failed:
  hy_database_rollback (self->db);
  return FALSE;
}

/**
 * hy_tier_store_list:
 *
 * Returns: (transfer full) (element-type HyTier): the levels, lowest first
 */
GPtrArray *
hy_tier_store_list (HyTierStore  *self,
                    GError      **error)
{
  g_return_val_if_fail (HY_IS_TIER_STORE (self), NULL);

  return load_tiers (self->db, error);
}

/**
 * hy_tier_store_get_member_tier:
 * @out_valid_until: (out) (optional): when the level is next reviewed; 0 for good
 *
 * The member's tier now.  A review that has come due is written first.
 *
 * Returns: (transfer full) (nullable): the tier; %NULL without @error when there are no tiers
 */
HyTier *
hy_tier_store_get_member_tier (HyTierStore  *self,
                               gint64        member_id,
                               gint64       *out_valid_until,
                               GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  HyTier *tier;
  gint64 resolved;

  g_return_val_if_fail (HY_IS_TIER_STORE (self), NULL);

  if (!(resolved = _hy_loyalty_require_member (self->db, member_id, error)) ||
      !hy_database_begin (self->db, error))
    return NULL;

  tier = _hy_tier_current (self->db, resolved, hy_time_now (), out_valid_until, &local_error);
  if (local_error != NULL)
    {
      hy_database_rollback (self->db);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!hy_database_commit (self->db, error))
    g_clear_pointer (&tier, hy_tier_free);

  return tier;
}

/**
 * hy_tier_store_get_progress:
 * @out: (out caller-allocates): clear it with hy_tier_progress_clear ()
 *
 * What the member still needs for the next level up, as of now.  A review that has come due
 * is written first, as hy_tier_store_get_member_tier () does.
 */
gboolean
hy_tier_store_get_progress (HyTierStore     *self,
                            gint64           member_id,
                            HyTierProgress  *out,
                            GError         **error)
{
  gint64 resolved;

  g_return_val_if_fail (HY_IS_TIER_STORE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (!(resolved = _hy_loyalty_require_member (self->db, member_id, error)) ||
      !hy_database_begin (self->db, error))
    return FALSE;
  if (!_hy_tier_progress (self->db, resolved, hy_time_now (), out, error))
    {
      hy_database_rollback (self->db);
      return FALSE;
    }
  return hy_database_commit (self->db, error);
}

/**
 * hy_tier_store_evaluate_member:
 *
 * Writes any review that has come due, then upgrades the member if they qualify for a higher
 * level now (as a purchase does).
 */
gboolean
hy_tier_store_evaluate_member (HyTierStore  *self,
                               gint64        member_id,
                               gboolean     *out_changed,
                               GError      **error)
{
  gboolean changed = FALSE;
  gint64 resolved;

  g_return_val_if_fail (HY_IS_TIER_STORE (self), FALSE);

  if (!(resolved = _hy_loyalty_require_member (self->db, member_id, error)) ||
      !hy_database_begin (self->db, error))
    return FALSE;

  if (!_hy_tier_upgrade (self->db, resolved, hy_time_now (), 0, &changed, error))
    {
      hy_database_rollback (self->db);
      return FALSE;
    }
  if (!hy_database_commit (self->db, error))
    return FALSE;

  if (out_changed != NULL)
    *out_changed = changed;
  return TRUE;
}

/**
 * hy_tier_store_review_due:
 *
 * The downgrade check: reviews every member whose level's validity has run out by now.
 *
 * Returns: how many members were reviewed, or -1 with @error
 */
gint64
hy_tier_store_review_due (HyTierStore  *self,
                          GError      **error)
{
  static const char select_due[] =
    "SELECT member_id FROM tier_history"
    " WHERE id IN (SELECT max (id) FROM tier_history GROUP BY member_id)"
    "   AND valid_until IS NOT NULL AND valid_until <= ?1";
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 now = hy_time_now ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HY_IS_TIER_STORE (self), -1);

  if (!hy_database_begin (self->db, error))
    return -1;
  if (!(stmt = _hy_database_prepare (self->db, select_due, error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, now);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 member_id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (members, member_id);
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < members->len; i++)
    {
      gboolean changed = FALSE;

      if (!_hy_tier_review_member (self->db, g_array_index (members, gint64, i), now, &changed, error))
        goto failed;
    }

  if (!hy_database_commit (self->db, error))
    return -1;
  return members->len;

failed:
  hy_database_rollback (self->db);
  return -1;
}

/**
 * hy_tier_store_list_history:
 *
 * Returns: (transfer full) (element-type HyTierChange): the member's tier changes, oldest first
 */
GPtrArray *
hy_tier_store_list_history (HyTierStore  *self,
                            gint64        member_id,
                            GError      **error)
{
  static const char select_history[] =
    "SELECT id, coalesce (from_tier_id, 0), to_tier_id, reason, note, changed_at,"
    "       coalesce (valid_until, 0), coalesce (transaction_id, 0)"
    "  FROM tier_history WHERE member_id = ?1 ORDER BY id";
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_tier_change_free);
  sqlite3_stmt *stmt;
  gint64 resolved;
  int rc;

  g_return_val_if_fail (HY_IS_TIER_STORE (self), NULL);

  if (!(resolved = _hy_loyalty_require_member (self->db, member_id, error)) ||
      !(stmt = _hy_database_prepare (self->db, select_history, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, resolved);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HyTierChange *change = g_new0 (HyTierChange, 1);

      change->id = sqlite3_column_int64 (stmt, 0);
      change->from_tier_id = sqlite3_column_int64 (stmt, 1);
      change->to_tier_id = sqlite3_column_int64 (stmt, 2);
      change->reason = sqlite3_column_int (stmt, 3);
      change->note = g_strdup (_hy_column_text (stmt, 4));
      change->changed_at = sqlite3_column_int64 (stmt, 5);
      change->valid_until = sqlite3_column_int64 (stmt, 6);
      change->transaction_id = sqlite3_column_int64 (stmt, 7);
      g_ptr_array_add (changes, change);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (self->db, rc, error, _("Could not read the tier history"));
      return NULL;
    }

  return g_steal_pointer (&changes);
}

/**
 * hy_tier_store_set_sku_price:
 * @price: what members of the tier pay for one unit, minor units (more than 0); below 0 removes
 *   the price
 *
 * A member price for one SKU at one tier, used by the checkout instead of the tier's percent
 * (a price the till gives on the line still wins).
 */
gboolean
hy_tier_store_set_sku_price (HyTierStore  *self,
                             gint64        tier_id,
                             const char   *sku,
                             gint64        price,
                             GError      **error)
{
  static const char upsert[] =
    "INSERT INTO tier_sku_prices (tier_id, sku, price) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (tier_id, sku) DO UPDATE SET price = excluded.price";
  static const char remove[] = "DELETE FROM tier_sku_prices WHERE tier_id = ?1 AND sku = ?2";
  static const char tier_exists[] = "SELECT 1 FROM tiers WHERE id = ?1";
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HY_IS_TIER_STORE (self), FALSE);

  if (sku == NULL || *sku == '\0')
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("A member price needs the SKU it is for"));
      return FALSE;
    }
  if (price == 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("A member price must be more than 0 (to remove one, use a negative price)"));
      return FALSE;
    }
  if (!(stmt = _hy_database_prepare (self->db, tier_exists, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, tier_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND, _("There is no tier #%lld"), (long long) tier_id);
      else
        _hy_database_set_error (self->db, rc, error, _("Could not read the tiers"));
      return FALSE;
    }

  if (!(stmt = _hy_database_prepare (self->db, price >= 0 ? upsert : remove, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, tier_id);
  sqlite3_bind_text (stmt, 2, sku, -1, SQLITE_TRANSIENT);
  if (price >= 0)
    sqlite3_bind_int64 (stmt, 3, price);
  return _hy_database_step_done (self->db, stmt, error);
}

/* The tier's member price of one unit of @sku into @price, or 0 when it has none. */
gboolean
_hy_tier_sku_price (HyDatabase  *db,
                    gint64       tier_id,
                    const char  *sku,
                    gint64      *price,
                    GError     **error)
{
  static const char select_price[] = "SELECT price FROM tier_sku_prices WHERE tier_id = ?1 AND sku = ?2";
  sqlite3_stmt *stmt;
  int rc;

  *price = 0;
  if (tier_id <= 0 || sku == NULL || *sku == '\0')
    return TRUE;
  if (!(stmt = _hy_database_prepare (db, select_price, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, tier_id);
  sqlite3_bind_text (stmt, 2, sku, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *price = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return TRUE;
  _hy_database_set_error (db, rc, error, _("Could not read the tier’s member prices"));
  return FALSE;
}
