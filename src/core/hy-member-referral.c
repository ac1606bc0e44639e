/* hy-member-referral.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Referrals (DESIGN section 3): a member may name the member who brought them in.  When the
 * referred member makes their first sale (a checkout or any sale recorded through the purchase
 * store, in the sale's own transaction) the referrer earns points.referral_bonus (default 500)
 * as a REFERRAL entry, once per referred member: its idempotency key is the referred member.
 * The reward is a lot like earned points: usable T+1 (points.available_after_days) and gone
 * after points.expiry_months.
 *
 * A refund of that first sale does not take the reward back: the referrer brought a customer,
 * whatever became of the purchase.  With points.referral_clawback = 1 a refund that completes
 * the refund of the whole first sale takes the reward back in full, as a negative REFERRAL
 * entry (partial refunds take nothing); like any clawback it takes what is left of the reward's
 * own lot first, then other lots, and never below 0: what the referrer had already spent is
 * audited as points.clawback_short.
 *
 * Sales imported from CSV are history and pay no reward.  The referrer can be set only before
 * the member's first sale, so that a reward is never paid or withheld after the fact.
 */

#define G_LOG_DOMAIN "hy-points"

#include "config.h"

#include <glib/gi18n.h>

#include "hy-audit-log-private.h"
#include "hy-change-log.h"
#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-loyalty-private.h"
#include "hy-member-store.h"
#include "hy-member-store-private.h"
#include "hy-purchase-store.h"

/* The referred_by column of @member_id as stored (not resolved); 0 when none. */
static gint64
load_referred_by (HyDatabase *db,
                  gint64      member_id)
{
  static const char select_referrer[] =
    "SELECT coalesce (referred_by, 0) FROM members WHERE id = ?1";
  sqlite3_stmt *stmt = _hy_database_prepare (db, select_referrer, NULL);
  gint64 referrer = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, member_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    referrer = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return referrer;
}

/* Whether @member_id has a sale other than @except (0: any sale). */
static gboolean
has_other_sale (HyDatabase *db,
                gint64      member_id,
                gint64      except)
{
  static const char select_sale[] =
    "SELECT 1 FROM transactions WHERE member_id = ?1 AND kind = 0 AND id <> ?2 LIMIT 1";
  sqlite3_stmt *stmt = _hy_database_prepare (db, select_sale, NULL);
  gboolean found;

  if (stmt == NULL)
    return TRUE;
  sqlite3_bind_int64 (stmt, 1, member_id);
  sqlite3_bind_int64 (stmt, 2, except);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  return found;
}

static gboolean
write_referred_by (HyDatabase  *db,
                   gint64       member_id,
                   gint64       referrer_id,
                   GError     **error)
{
  static const char update_referrer[] = "UPDATE members SET referred_by = ?2 WHERE id = ?1";
  sqlite3_stmt *stmt;

  if (!(stmt = _hy_database_prepare (db, update_referrer, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, member_id);
  if (referrer_id > 0)
    sqlite3_bind_int64 (stmt, 2, referrer_id);
  else
    sqlite3_bind_null (stmt, 2);
  return _hy_database_step_done (db, stmt, error);
}

/* A member that exists and was not merged into another record. */
static gboolean
require_active (HyDatabase  *db,
                gint64       member_id,
                GError     **error)
{
  gint64 resolved = member_id > 0 ? _hy_member_resolve (db, member_id) : 0;

  if (resolved == member_id)
    return TRUE;

  if (resolved == 0)
    g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND,
                 _("There is no member #%lld"), (long long) member_id);
  else
    g_set_error (error, HY_ERROR, HY_ERROR_CONFLICT,
                 _("Member #%lld was merged into #%lld; use that record instead"),
                 (long long) member_id, (long long) resolved);
  return FALSE;
}

static gboolean
check_referral (HyDatabase  *db,
                gint64       member_id,
                gint64       referrer_id,
                GError     **error)
{
  if (!require_active (db, member_id, error))
    return FALSE;
  if (referrer_id == member_id)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("Member #%lld cannot refer themselves"), (long long) member_id);
      return FALSE;
    }
  if (referrer_id != 0 && !require_active (db, referrer_id, error))
    return FALSE;
  if (has_other_sale (db, member_id, 0))
    {
      g_set_error (error, HY_ERROR, HY_ERROR_CONFLICT,
                   _("Member #%lld has already made a purchase; a referrer can only be set before the first one"),
                   (long long) member_id);
      return FALSE;
    }

  return TRUE;
}

/**
 * hy_member_store_set_referrer:
 * @member_id: the member who was referred
 * @referrer_id: the member who referred them; 0 to clear
 *
 * Records who referred a member.  Refused for a member referring themselves, for a record that
 * was merged into another (on either side), and once the member has made a purchase.
 */
gboolean
hy_member_store_set_referrer (HyMemberStore  *self,
                              gint64          member_id,
                              gint64          referrer_id,
                              GError        **error)
{
  HyDatabase *db;

  g_return_val_if_fail (HY_IS_MEMBER_STORE (self), FALSE);
  g_return_val_if_fail (referrer_id >= 0, FALSE);

  db = hy_member_store_get_database (self);
  if (!hy_database_begin (db, error))
    return FALSE;

  if (!check_referral (db, member_id, referrer_id, error) ||
      !write_referred_by (db, member_id, referrer_id, error) ||
      !_hy_change_log_append (db, HY_ENTITY_MEMBER, member_id, HY_CHANGE_UPDATE, error))
    {
      hy_database_rollback (db);
      return FALSE;
    }

  return hy_database_commit (db, error);
}

/**
 * hy_member_store_get_referrer:
 *
 * Returns: the member who referred @member_id, through any merge since; 0 when none; -1 with
 *   @error when there is no such member
 */
gint64
hy_member_store_get_referrer (HyMemberStore  *self,
                              gint64          member_id,
                              GError        **error)
{
  HyDatabase *db;
  gint64 resolved;

  g_return_val_if_fail (HY_IS_MEMBER_STORE (self), -1);

  db = hy_member_store_get_database (self);
  if (!(resolved = _hy_loyalty_require_member (db, member_id, error)))
    return -1;

  return _hy_member_resolve (db, load_referred_by (db, resolved));
}

/* After a merge (merged_into already set): the survivor's referrer wins; without one it takes
 * the merged record's.  A referrer that is now the survivor itself is dropped. */
gboolean
_hy_member_merge_referrer (HyDatabase  *db,
                           gint64       survivor_id,
                           gint64       merged_id,
                           GError     **error)
{
  gint64 candidates[2] = { load_referred_by (db, survivor_id), load_referred_by (db, merged_id) };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      gint64 referrer = _hy_member_resolve (db, candidates[i]);

      if (referrer != 0 && referrer != survivor_id)
        return write_referred_by (db, survivor_id, referrer, error);
    }

  return write_referred_by (db, survivor_id, 0, error);
}

/* Pays the referrer of @member_id for @sale_id when it is the member's first sale. */
gboolean
_hy_points_pay_referral (HyDatabase  *db,
                         gint64       member_id,
                         gint64       sale_id,
                         gint64       at,
                         GError     **error)
{
  g_autofree char *key = NULL;
  g_autofree char *reason = NULL;
  HyPointsPost post = { 0 };
  gboolean replayed = FALSE;
  gint64 referrer = _hy_member_resolve (db, load_referred_by (db, member_id));

  if (referrer == 0 || referrer == member_id || has_other_sale (db, member_id, sale_id))
    return TRUE;

  post.points = _hy_loyalty_setting_int (db, "points.referral_bonus", 500);
  if (post.points <= 0)
    return TRUE;

  key = g_strdup_printf ("%lld", (long long) member_id);
  reason = g_strdup_printf (_("First purchase of referred member #%lld"), (long long) member_id);
  post.member_id = referrer;
  post.kind = HY_POINTS_REFERRAL;
  post.occurred_at = at;
  post.transaction_id = sale_id;
  post.reason = reason;
  post.idem = hy_idempotency_hash ("points-referral", key, -1);
  _hy_points_award_times (db, at, &post.available_at, &post.expires_at);

  return _hy_points_credit (db, &post, &replayed, error) >= 0;
}

/* With points.referral_clawback = 1, takes back the reward @sale_id paid, once the sale has been
 * refunded in full by @refund_id. */
gboolean
_hy_points_claw_back_referral (HyDatabase  *db,
                               gint64       sale_id,
                               gint64       refund_id,
                               gint64       at,
                               GError     **error)
{
  static const char select_reward[] =
    "SELECT id, member_id, points FROM points_ledger"
    " WHERE transaction_id = ?1 AND kind = 9 AND points > 0";
  g_autofree char *key = NULL;
  g_autofree char *reason = NULL;
  HyPointsPost post = { 0 };
  sqlite3_stmt *stmt;
  gboolean replayed = FALSE;
  gint64 lot = 0, taken = 0;

  if (_hy_loyalty_setting_int (db, "points.referral_clawback", 0) != 1)
    return TRUE;

  if (!(stmt = _hy_database_prepare (db, select_reward, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, sale_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      lot = sqlite3_column_int64 (stmt, 0);
      post.member_id = sqlite3_column_int64 (stmt, 1);
      post.points = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (lot == 0)
    return TRUE;

  /* The reward's lot may have moved with a merge of the referrer since. */
  post.member_id = _hy_member_resolve (db, post.member_id);
  key = g_strdup_printf ("%lld", (long long) sale_id);
  reason = g_strdup_printf (_("Sale #%lld of a referred member was refunded"), (long long) sale_id);
  post.kind = HY_POINTS_REFERRAL;
  post.occurred_at = at;
  post.transaction_id = refund_id;
  post.reason = reason;
  post.idem = hy_idempotency_hash ("points-referral-clawback", key, -1);

  if (_hy_points_debit (db, &post, HY_POINTS_TAKE_WHAT_THERE_IS, lot, &taken, &replayed, error) < 0)
    return FALSE;

  if (taken < post.points && !replayed)
    {
      g_autofree char *target = g_strdup_printf ("member:%lld", (long long) post.member_id);
      g_autofree char *details = g_strdup_printf ("{\"sale\":%lld,\"refund\":%lld,\"points_short\":%lld}",
                                                  (long long) sale_id, (long long) refund_id,
                                                  (long long) (post.points - taken));

      if (!_hy_audit_append (db, "points.clawback_short", target,
                             "the refund could not take back a referral reward already spent", details, error))
        return FALSE;
    }

  return TRUE;
}
