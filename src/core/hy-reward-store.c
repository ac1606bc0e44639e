/* hy-reward-store.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rewards catalogue (DESIGN section 3): what points can buy outside a checkout.  A reward has
 * a name, a cost in points and an optional stock; it is retired, never deleted, so that its
 * redemptions keep naming it.  Redeeming one writes a REDEEM entry that takes usable points
 * (never pending ones) from the lots that expire soonest, with the reward's name as its reason,
 * takes one off the stock and records the redemption: all in one transaction, once per
 * idempotency key.
 */

#define G_LOG_DOMAIN "hy-rewards"

#include "config.h"

#include <glib/gi18n.h>

#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-loyalty-private.h"
#include "hy-purchase-store.h"
#include "hy-reward-store.h"
#include "hy-time.h"
#include "hy-uuid.h"

struct _HyRewardStore
{
  GObject     parent_instance;

  /* Owned references */
  HyDatabase *db;
};

G_DEFINE_FINAL_TYPE (HyRewardStore, hy_reward_store, G_TYPE_OBJECT)

#define SELECT_REWARD_COLUMNS \
  "SELECT r.id, r.name, r.points, coalesce (r.stock, -1), r.created_at, coalesce (r.retired_at, 0)," \
  "       (SELECT count(*) FROM reward_redemptions x WHERE x.reward_id = r.id)" \
  "  FROM rewards r "

static void
hy_reward_store_finalize (GObject *object)
{
  HyRewardStore *self = (HyRewardStore *)object;

  g_clear_object (&self->db);

  G_OBJECT_CLASS (hy_reward_store_parent_class)->finalize (object);
}

static void
hy_reward_store_class_init (HyRewardStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hy_reward_store_finalize;
}

static void
hy_reward_store_init (HyRewardStore *self)
{
}

HyRewardStore *
hy_reward_store_new (HyDatabase *db)
{
  HyRewardStore *self;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);

  self = g_object_new (HY_TYPE_REWARD_STORE, NULL);
  self->db = g_object_ref (db);
  return self;
}

void
hy_reward_free (HyReward *reward)
{
  if (reward == NULL)
    return;

  g_free (reward->name);
  g_free (reward);
}

static HyReward *
reward_from_row (sqlite3_stmt *stmt)
{
  HyReward *reward = g_new0 (HyReward, 1);

  reward->id = sqlite3_column_int64 (stmt, 0);
  reward->name = g_strdup (_hy_column_text (stmt, 1));
  reward->points = sqlite3_column_int64 (stmt, 2);
  reward->stock = sqlite3_column_int64 (stmt, 3);
  reward->created_at = sqlite3_column_int64 (stmt, 4);
  reward->retired_at = sqlite3_column_int64 (stmt, 5);
  reward->redeemed = sqlite3_column_int64 (stmt, 6);
  return reward;
}

static HyReward *
load_reward (HyDatabase  *db,
             gint64       reward_id,
             GError     **error)
{
  static const char select_one[] = SELECT_REWARD_COLUMNS "WHERE r.id = ?1";
  HyReward *reward = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hy_database_prepare (db, select_one, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, reward_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    reward = reward_from_row (stmt);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND, _("There is no reward #%lld"), (long long) reward_id);
  else if (rc != SQLITE_ROW)
    _hy_database_set_error (db, rc, error, _("Could not read the reward"));
  return reward;
}

/**
 * hy_reward_store_define:
 * @name: unique among the rewards on offer
 * @points: what it costs, more than 0
 * @stock: how many there are; -1 for no limit
 *
 * Returns: the new reward's id, or -1 with @error
 */
gint64
hy_reward_store_define (HyRewardStore  *self,
                        const char     *name,
                        gint64          points,
                        gint64          stock,
                        GError        **error)
{
  static const char insert_reward[] =
    "INSERT INTO rewards (uid, name, points, stock, created_at) VALUES (?1, ?2, ?3, ?4, ?5)";
  static const char select_name[] = "SELECT id FROM rewards WHERE name = ?1 AND retired_at IS NULL";
  g_autofree char *clean = g_strstrip (g_strdup (name != NULL ? name : ""));
  sqlite3_stmt *stmt;
  guint8 uid[16];
  gint64 id;
  int rc;

  g_return_val_if_fail (HY_IS_REWARD_STORE (self), -1);

  if (clean[0] == '\0')
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("A reward needs a name"));
      return -1;
    }
  if (points <= 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("A reward must cost at least 1 point"));
      return -1;
    }
  if (stock < -1)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("The stock of a reward cannot be negative"));
      return -1;
    }

  if (!hy_database_begin (self->db, error))
    return -1;

  if (!(stmt = _hy_database_prepare (self->db, select_name, error)))
    goto failed;
  sqlite3_bind_text (stmt, 1, clean, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_CONFLICT,
                   _("A reward called “%s” is already on offer"), clean);
      goto failed;
    }

  hy_uuid_generate (uid);
  if (!(stmt = _hy_database_prepare (self->db, insert_reward, error)))
    goto failed;
  sqlite3_bind_blob (stmt, 1, uid, sizeof uid, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, clean, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, points);
  if (stock >= 0)
    sqlite3_bind_int64 (stmt, 4, stock);
  sqlite3_bind_int64 (stmt, 5, hy_time_now ());
  if (!_hy_database_step_done (self->db, stmt, error))
    goto failed;
  id = sqlite3_last_insert_rowid (_hy_database_get_handle (self->db));

  if (!hy_database_commit (self->db, error))
    return -1;
  return id;

failed:
  hy_database_rollback (self->db);
  return -1;
}

/**
 * hy_reward_store_list:
 *
 * Returns: (transfer full) (element-type HyReward): the rewards on offer (and the retired ones
 *   when asked), by name
 */
GPtrArray *
hy_reward_store_list (HyRewardStore  *self,
                      gboolean        include_retired,
                      GError        **error)
{
  static const char select_all[] =
    SELECT_REWARD_COLUMNS "WHERE ?1 OR r.retired_at IS NULL ORDER BY r.name, r.id";
  g_autoptr(GPtrArray) rewards = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_reward_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HY_IS_REWARD_STORE (self), NULL);

  if (!(stmt = _hy_database_prepare (self->db, select_all, error)))
    return NULL;
  sqlite3_bind_int (stmt, 1, include_retired ? 1 : 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rewards, reward_from_row (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (self->db, rc, error, _("Could not read the rewards"));
      return NULL;
    }

  return g_steal_pointer (&rewards);
}

HyReward *
hy_reward_store_load (HyRewardStore  *self,
                      gint64          reward_id,
                      GError        **error)
{
  g_return_val_if_fail (HY_IS_REWARD_STORE (self), NULL);

  return load_reward (self->db, reward_id, error);
}

/**
 * hy_reward_store_find:
 *
 * Returns: the id of the reward on offer called @name, or -1 with @error
 */
gint64
hy_reward_store_find (HyRewardStore  *self,
                      const char     *name,
                      GError        **error)
{
  static const char select_name[] = "SELECT id FROM rewards WHERE name = ?1 AND retired_at IS NULL";
  sqlite3_stmt *stmt;
  gint64 id = -1;

  g_return_val_if_fail (HY_IS_REWARD_STORE (self), -1);
  g_return_val_if_fail (name != NULL, -1);

  if (!(stmt = _hy_database_prepare (self->db, select_name, error)))
    return -1;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (id < 0)
    g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND, _("There is no reward “%s” on offer"), name);
  return id;
}

/**
 * hy_reward_store_retire:
 *
 * Takes a reward off offer; it can no longer be redeemed.  Retiring it again changes nothing.
 */
gboolean
hy_reward_store_retire (HyRewardStore  *self,
                        gint64          reward_id,
                        GError        **error)
{
  static const char retire_reward[] =
    "UPDATE rewards SET retired_at = ?2 WHERE id = ?1 AND retired_at IS NULL";
  g_autoptr(HyReward) reward = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HY_IS_REWARD_STORE (self), FALSE);

  if (!hy_database_begin (self->db, error))
    return FALSE;

  if (!(reward = load_reward (self->db, reward_id, error)) ||
      !(stmt = _hy_database_prepare (self->db, retire_reward, error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, reward_id);
  sqlite3_bind_int64 (stmt, 2, hy_time_now ());
  if (!_hy_database_step_done (self->db, stmt, error))
    goto failed;

  return hy_database_commit (self->db, error);

failed:
  hy_database_rollback (self->db);
  return FALSE;
}

/* Takes one off the stock (a limited one) and records which entry paid for the reward. */
static gboolean
record_redemption (HyDatabase      *db,
                   const HyReward  *reward,
                   gint64           member_id,
                   gint64           entry_id,
                   gint64           at,
                   GError         **error)
{
  static const char take_stock[] =
    "UPDATE rewards SET stock = stock - 1 WHERE id = ?1 AND stock IS NOT NULL";
  static const char insert_redemption[] =
    "INSERT INTO reward_redemptions (entry_id, reward_id, member_id, redeemed_at) VALUES (?1, ?2, ?3, ?4)";
  sqlite3_stmt *stmt;

  if (!(stmt = _hy_database_prepare (db, take_stock, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, reward->id);
  if (!_hy_database_step_done (db, stmt, error) ||
      !(stmt = _hy_database_prepare (db, insert_redemption, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry_id);
  sqlite3_bind_int64 (stmt, 2, reward->id);
  sqlite3_bind_int64 (stmt, 3, member_id);
  sqlite3_bind_int64 (stmt, 4, at);
  return _hy_database_step_done (db, stmt, error);
}

static gint64
redeem_in_transaction (HyDatabase  *db,
                       gint64       member_id,
                       gint64       reward_id,
                       gint64       idem,
                       gboolean    *out_replayed,
                       GError     **error)
{
  g_autoptr(HyReward) reward = NULL;
  HyPointsPost post = { 0 };
  gboolean replayed = FALSE;
  gint64 taken = 0, id;

  if ((id = _hy_points_find_idem (db, idem)) != 0)
    {
      *out_replayed = TRUE;
      return id;
    }

  if (!(post.member_id = _hy_loyalty_require_member (db, member_id, error)) ||
      !(reward = load_reward (db, reward_id, error)))
    return -1;
  if (reward->retired_at != 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_CONFLICT,
                   _("The reward “%s” has been retired and can no longer be redeemed"), reward->name);
      return -1;
    }
  if (reward->stock == 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_CONFLICT, _("The reward “%s” is out of stock"), reward->name);
      return -1;
    }

  post.kind = HY_POINTS_REDEEM;
  post.points = reward->points;
  post.occurred_at = hy_time_now ();
  post.reason = reward->name;
  post.idem = idem;
  if ((id = _hy_points_debit (db, &post, HY_POINTS_TAKE_AVAILABLE, 0, &taken, &replayed, error)) < 0)
    {
      g_prefix_error (error, _("Not enough points for “%s”: "), reward->name);
      return -1;
    }

  if (!record_redemption (db, reward, post.member_id, id, post.occurred_at, error))
    return -1;
  return id;
}

/**
 * hy_reward_store_redeem:
 * @out_replayed: (out) (optional): %TRUE when @idempotency_key was seen before and the first
 *   redemption's entry is returned without writing anything
 *
 * Redeems a reward for a member: the points it costs come off the points usable now, and one
 * comes off its stock, in one transaction.  Refused (and nothing written) when fewer points are
 * usable now, the reward is retired, or none are left.
 *
 * Returns: the REDEEM entry's id, or -1 with @error
 */
gint64
hy_reward_store_redeem (HyRewardStore  *self,
                        gint64          member_id,
                        gint64          reward_id,
                        const char     *idempotency_key,
                        gboolean       *out_replayed,
                        GError        **error)
{
  gboolean replayed = FALSE;
  gint64 id;

  g_return_val_if_fail (HY_IS_REWARD_STORE (self), -1);

  if (idempotency_key == NULL || idempotency_key[0] == '\0')
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("Every change to points needs an idempotency key, so that a retry never posts twice"));
      return -1;
    }

  if (!hy_database_begin (self->db, error))
    return -1;

  id = redeem_in_transaction (self->db, member_id, reward_id,
                              hy_idempotency_hash ("reward", idempotency_key, -1), &replayed, error);
  if (id < 0)
    {
      hy_database_rollback (self->db);
      return -1;
    }
  if (!hy_database_commit (self->db, error))
    return -1;

  if (out_replayed != NULL)
    *out_replayed = replayed;
  return id;
}
