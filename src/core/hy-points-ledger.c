/* hy-points-ledger.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The points a member holds: earn rules, sign-up bonus, daily check-in, redemption, adjustments
 * by hand and expiry.  The ledger is append-only and every write carries an idempotency key.
 * Settings (with their defaults):
 *   points.earn_points = 10, points.earn_unit = 10000      10 points per 100.00 paid
 *   points.category_percent = ""                           "护肤=200;烟酒=0"
 *   points.member_day_weekday = 0 (1 Monday .. 7 Sunday; 0 none), points.member_day_monthday = 0,
 *   points.member_day_percent = 200, points.birthday_month_percent = 100
 *   points.available_after_days = 1                       T+1 in the store's time zone
 *   points.expiry_months = 12, points.expiring_soon_days = 30
 *   points.redeem_points = 100, points.redeem_value = 100  100 points pay 1.00
 *   points.redeem_cap_percent = 50                         of what an order costs
 *   points.signup_bonus = 100, points.checkin_points = 5
 */

#define G_LOG_DOMAIN "hy-points"

#include "config.h"

#include <glib/gi18n.h>

#include "hy-audit-log-private.h"
#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-loyalty-private.h"
#include "hy-money.h"
#include "hy-points-ledger.h"
#include "hy-purchase-store.h"
#include "hy-time.h"

struct _HyPointsLedger
{
  GObject     parent_instance;

  /* Owned references */
  HyDatabase *db;
};

G_DEFINE_FINAL_TYPE (HyPointsLedger, hy_points_ledger, G_TYPE_OBJECT)

static void
hy_points_ledger_finalize (GObject *object)
{
  HyPointsLedger *self = (HyPointsLedger *)object;

  g_clear_object (&self->db);

  G_OBJECT_CLASS (hy_points_ledger_parent_class)->finalize (object);
}

static void
hy_points_ledger_class_init (HyPointsLedgerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hy_points_ledger_finalize;
}

static void
hy_points_ledger_init (HyPointsLedger *self)
{
}

HyPointsLedger *
hy_points_ledger_new (HyDatabase *db)
{
  HyPointsLedger *self;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);

  self = g_object_new (HY_TYPE_POINTS_LEDGER, NULL);
  self->db = g_object_ref (db);
  return self;
}

void
hy_points_entry_free (HyPointsEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->reason);
  g_free (entry);
}

const char *
hy_points_kind_to_string (HyPointsKind kind)
{
  static const char * const names[] = {
    NULL, "earn", "redeem", "expire", "adjust", "signup", "checkin", "clawback", "return",
    "referral", "transfer",
  };

  if (kind < HY_POINTS_EARN || kind > HY_POINTS_TRANSFER)
    return "unknown";
  return names[kind];
}

/* 100 points pay 1.00 by default; value is rounded down, so points never buy more than they are
 * worth. */
gint64
hy_points_to_value (HyDatabase *db,
                    gint64      points)
{
  gint64 rate_points = _hy_loyalty_setting_int (db, "points.redeem_points", 100);
  gint64 rate_value = _hy_loyalty_setting_int (db, "points.redeem_value", 100);

  if (rate_points <= 0 || rate_value <= 0 || points <= 0)
    return 0;
  return (gint64) (((__int128) points * rate_value) / rate_points);
}

/* The fewest points that pay @value (rounded up). */
gint64
hy_points_for_value (HyDatabase *db,
                     gint64      value)
{
  gint64 rate_points = _hy_loyalty_setting_int (db, "points.redeem_points", 100);
  gint64 rate_value = _hy_loyalty_setting_int (db, "points.redeem_value", 100);

  if (rate_points <= 0 || rate_value <= 0 || value <= 0)
    return 0;
  return (gint64) (((__int128) value * rate_points + rate_value - 1) / rate_value);
}

gboolean
hy_points_ledger_get_summary (HyPointsLedger   *self,
                              gint64            member_id,
                              HyPointsSummary  *out,
                              GError          **error)
{
  gint64 resolved;

  g_return_val_if_fail (HY_IS_POINTS_LEDGER (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!(resolved = _hy_loyalty_require_member (self->db, member_id, error)))
    return FALSE;

  return _hy_points_summarize (self->db, resolved, hy_time_now (), out, error);
}

/**
 * hy_points_ledger_list_entries:
 *
 * Returns: (transfer full) (element-type HyPointsEntry): every entry of the member, oldest
 *   first, with the running balance
 */
GPtrArray *
hy_points_ledger_list_entries (HyPointsLedger  *self,
                               gint64           member_id,
                               GError         **error)
{
  static const char select_entries[] =
    "SELECT id, kind, points, occurred_at, available_at, coalesce (expires_at, 0),"
    "       coalesce (transaction_id, 0), reason"
    "  FROM points_ledger WHERE member_id = ?1 ORDER BY id";
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_points_entry_free);
  sqlite3_stmt *stmt;
  gint64 resolved, balance = 0;
  int rc;

  g_return_val_if_fail (HY_IS_POINTS_LEDGER (self), NULL);

  if (!(resolved = _hy_loyalty_require_member (self->db, member_id, error)) ||
      !(stmt = _hy_database_prepare (self->db, select_entries, error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, resolved);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HyPointsEntry *entry = g_new0 (HyPointsEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->kind = sqlite3_column_int (stmt, 1);
      entry->points = sqlite3_column_int64 (stmt, 2);
      entry->occurred_at = sqlite3_column_int64 (stmt, 3);
      entry->available_at = sqlite3_column_int64 (stmt, 4);
      entry->expires_at = sqlite3_column_int64 (stmt, 5);
      entry->transaction_id = sqlite3_column_int64 (stmt, 6);
      entry->reason = g_strdup (_hy_column_text (stmt, 7));
      balance += entry->points;
      entry->balance_after = balance;
      g_ptr_array_add (entries, entry);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (self->db, rc, error, _("Could not read the points"));
      return NULL;
    }

  return g_steal_pointer (&entries);
}

gint64
hy_points_ledger_compute_earn (HyPointsLedger       *self,
                               const HyEarnRequest  *request,
                               GError              **error)
{
  g_return_val_if_fail (HY_IS_POINTS_LEDGER (self), -1);
  g_return_val_if_fail (request != NULL, -1);

  return _hy_points_compute_earn (self->db, request, error);
}

static gboolean
require_key (const char  *key,
             GError     **error)
{
  if (key != NULL && key[0] != '\0')
    return TRUE;

  g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
               _("Every change to points needs an idempotency key, so that a retry never posts twice"));
  return FALSE;
}

/* Runs @post as one transaction: a credit, or a debit of available points. */
static gint64
post_in_transaction (HyPointsLedger  *self,
                     HyPointsPost    *post,
                     gboolean         debit,
                     gboolean        *out_replayed,
                     GError         **error)
{
  gboolean replayed = FALSE;
  gint64 taken = 0;
  gint64 id;
  gint64 asked = post->member_id;

  if (!hy_database_begin (self->db, error))
    return -1;

  if (!(post->member_id = _hy_loyalty_require_member (self->db, post->member_id, error)))
    id = -1;
  else if (debit)
    id = _hy_points_debit (self->db, post, HY_POINTS_TAKE_AVAILABLE, 0, &taken, &replayed, error);
  else
    id = _hy_points_credit (self->db, post, &replayed, error);

  /* A change by hand is audited with the entry, once. */
  if (id >= 0 && post->kind == HY_POINTS_ADJUST && !replayed)
    {
      g_autofree char *target = g_strdup_printf ("member:%lld", (long long) asked);
      g_autofree char *details = g_strdup_printf ("{\"points\":%lld,\"entry\":%lld}",
                                                  (long long) (debit ? -post->points : post->points),
                                                  (long long) id);

      if (!_hy_audit_append (self->db, "points.adjust", target, post->reason, details, error))
        id = -1;
    }

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

/**
 * hy_points_ledger_earn:
 * @out_points: (out) (optional): the points awarded (on a replay: 0)
 *
 * Awards the points a purchase earns under the earn rules.  They become usable T+1 and expire
 * after points.expiry_months.
 *
 * Returns: the entry id; 0 when the purchase earns nothing; -1 with @error
 */
gint64
hy_points_ledger_earn (HyPointsLedger       *self,
                       const HyEarnRequest  *request,
                       const char           *idempotency_key,
                       gint64               *out_points,
                       gboolean             *out_replayed,
                       GError              **error)
{
  HyPointsPost post = { 0 };
  gint64 points;

  g_return_val_if_fail (HY_IS_POINTS_LEDGER (self), -1);
  g_return_val_if_fail (request != NULL, -1);

  if (!require_key (idempotency_key, error))
    return -1;
  if ((points = _hy_points_compute_earn (self->db, request, error)) < 0)
    return -1;
  if (out_points != NULL)
    *out_points = points;
  if (points == 0)
    return 0;

  post.member_id = request->member_id;
  post.kind = HY_POINTS_EARN;
  post.points = points;
  post.occurred_at = request->occurred_at != 0 ? request->occurred_at : hy_time_now ();
  post.transaction_id = request->transaction_id;
  post.idem = hy_idempotency_hash ("points", idempotency_key, -1);
  _hy_points_award_times (self->db, post.occurred_at, &post.available_at, &post.expires_at);

  return post_in_transaction (self, &post, FALSE, out_replayed, error);
}

/**
 * hy_points_ledger_adjust:
 * @points: positive to give, negative to take (only from points usable now)
 * @reason: why, in words; required
 *
 * Returns: the entry id, or -1 with @error
 */
gint64
hy_points_ledger_adjust (HyPointsLedger  *self,
                         gint64           member_id,
                         gint64           points,
                         const char      *reason,
                         const char      *idempotency_key,
                         gboolean        *out_replayed,
                         GError         **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  HyPointsPost post = { 0 };

  g_return_val_if_fail (HY_IS_POINTS_LEDGER (self), -1);

  if (stripped[0] == '\0')
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("A points adjustment needs a reason"));
      return -1;
    }
  if (points == 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("An adjustment of 0 points changes nothing"));
      return -1;
    }
  if (!require_key (idempotency_key, error) ||
      !_hy_staff_require (self->db, HY_ACTION_ADJUST_POINTS, error))
    return -1;

  post.member_id = member_id;
  post.kind = HY_POINTS_ADJUST;
  post.points = ABS (points);
  post.occurred_at = hy_time_now ();
  post.reason = stripped;
  post.idem = hy_idempotency_hash ("points", idempotency_key, -1);
  /* Points given by hand can be used at once and expire like any award. */
  _hy_points_award_times (self->db, post.occurred_at, &post.available_at, &post.expires_at);
  post.available_at = post.occurred_at;

  return post_in_transaction (self, &post, points < 0, out_replayed, error);
}

/**
 * hy_points_ledger_redeem:
 *
 * Spends available points on a reward outside a checkout (at a checkout, points pay through
 * hy_checkout_run()).
 *
 * Returns: the entry id, or -1 with @error (and nothing written) when fewer are usable now
 */
gint64
hy_points_ledger_redeem (HyPointsLedger  *self,
                         gint64           member_id,
                         gint64           points,
                         const char      *reason,
                         const char      *idempotency_key,
                         gboolean        *out_replayed,
                         GError         **error)
{
  HyPointsPost post = { 0 };

  g_return_val_if_fail (HY_IS_POINTS_LEDGER (self), -1);

  if (points <= 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("Redeem at least 1 point"));
      return -1;
    }
  if (!require_key (idempotency_key, error))
    return -1;

  post.member_id = member_id;
  post.kind = HY_POINTS_REDEEM;
  post.points = points;
  post.occurred_at = hy_time_now ();
  post.reason = reason;
  post.idem = hy_idempotency_hash ("points", idempotency_key, -1);

  return post_in_transaction (self, &post, TRUE, out_replayed, error);
}

static gint64
award_bonus (HyPointsLedger  *self,
             gint64           member_id,
             HyPointsKind     kind,
             const char      *setting,
             gint64           fallback,
             const char      *scope,
             const char      *key,
             gboolean        *out_replayed,
             GError         **error)
{
  HyPointsPost post = { 0 };

  post.points = _hy_loyalty_setting_int (self->db, setting, fallback);
  if (post.points <= 0)
    return 0;

  post.member_id = member_id;
  post.kind = kind;
  post.occurred_at = hy_time_now ();
  post.idem = hy_idempotency_hash (scope, key, -1);
  _hy_points_award_times (self->db, post.occurred_at, &post.available_at, &post.expires_at);
  post.available_at = post.occurred_at;

  return post_in_transaction (self, &post, FALSE, out_replayed, error);
}

/**
 * hy_points_ledger_award_signup:
 *
 * Gives the sign-up bonus (points.signup_bonus) once per member, whoever calls it how often.
 *
 * Returns: the entry id; 0 when the bonus is off; -1 with @error
 */
gint64
hy_points_ledger_award_signup (HyPointsLedger  *self,
                               gint64           member_id,
                               gboolean        *out_replayed,
                               GError         **error)
{
  g_autofree char *key = NULL;
  gint64 resolved;

  g_return_val_if_fail (HY_IS_POINTS_LEDGER (self), -1);

  if (!(resolved = _hy_loyalty_require_member (self->db, member_id, error)))
    return -1;
  key = g_strdup_printf ("%" G_GINT64_FORMAT, resolved);
  return award_bonus (self, resolved, HY_POINTS_SIGNUP, "points.signup_bonus", 100,
                      "points-signup", key, out_replayed, error);
}

/**
 * hy_points_ledger_check_in:
 * @out_replayed: (out) (optional): %TRUE when the member had already checked in today
 *
 * The daily check-in: points.checkin_points, once per local day of the store.
 *
 * Returns: the entry id (today's first on a repeat), 0 when check-in earns nothing, -1 with @error
 */
gint64
hy_points_ledger_check_in (HyPointsLedger  *self,
                           gint64           member_id,
                           gboolean        *out_replayed,
                           GError         **error)
{
  g_autofree char *key = NULL;
  gint64 resolved;
  gint32 day;

  g_return_val_if_fail (HY_IS_POINTS_LEDGER (self), -1);

  if (!(resolved = _hy_loyalty_require_member (self->db, member_id, error)))
    return -1;
  day = hy_time_local_day (hy_database_get_time_zone (self->db), hy_time_now ());
  key = g_strdup_printf ("%" G_GINT64_FORMAT "/%d", resolved, day);
  return award_bonus (self, resolved, HY_POINTS_CHECKIN, "points.checkin_points", 5,
                      "points-checkin", key, out_replayed, error);
}

/**
 * hy_points_ledger_expire_due:
 *
 * Writes the expiry entries of every member whose points have expired by now: the nightly job.
 * Expiry is also written for a member before any other change to their points.
 *
 * Returns: the points expired, or -1 with @error
 */
gint64
hy_points_ledger_expire_due (HyPointsLedger  *self,
                             GError         **error)
{
  static const char select_due[] =
    "SELECT DISTINCT l.member_id FROM points_ledger l"
    " WHERE l.points > 0 AND l.expires_at <= ?1"
    "   AND l.points > coalesce ((SELECT sum (a.points) FROM points_allocations a WHERE a.lot_id = l.id), 0)";
  static const char select_total[] =
    "SELECT coalesce (sum (points), 0) FROM points_ledger WHERE kind = 3";
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  gint64 before = 0, after = 0, now = hy_time_now ();

  g_return_val_if_fail (HY_IS_POINTS_LEDGER (self), -1);

  if (!hy_database_begin (self->db, error))
    return -1;

  if (!(stmt = _hy_database_prepare (self->db, select_total, error)))
    goto failed;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    before = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

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
    if (!_hy_points_sweep_member (self->db, g_array_index (members, gint64, i), now, error))
      goto failed;

  if (!(stmt = _hy_database_prepare (self->db, select_total, error)))
    goto failed;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    after = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (!hy_database_commit (self->db, error))
    return -1;
  return before - after;

failed:
  hy_database_rollback (self->db);
  return -1;
}

void
hy_points_rules_load (HyDatabase    *db,
                      HyPointsRules *out)
{
  g_return_if_fail (HY_IS_DATABASE (db));
  g_return_if_fail (out != NULL);

  out->earn_points = _hy_loyalty_setting_int (db, "points.earn_points", 10);
  out->earn_unit = _hy_loyalty_setting_int (db, "points.earn_unit", 10000);
  out->available_after_days = _hy_loyalty_setting_int (db, "points.available_after_days", 1);
  out->expiry_months = _hy_loyalty_setting_int (db, "points.expiry_months", 12);
  out->redeem_points = _hy_loyalty_setting_int (db, "points.redeem_points", 100);
  out->redeem_value = _hy_loyalty_setting_int (db, "points.redeem_value", 100);
  out->redeem_cap_percent = _hy_loyalty_setting_int (db, "points.redeem_cap_percent", 50);
  out->member_day_weekday = _hy_loyalty_setting_int (db, "points.member_day_weekday", 0);
  out->member_day_monthday = _hy_loyalty_setting_int (db, "points.member_day_monthday", 0);
  out->member_day_percent = _hy_loyalty_setting_int (db, "points.member_day_percent", 200);
  out->birthday_month_percent = _hy_loyalty_setting_int (db, "points.birthday_month_percent", 100);
  out->signup_points = _hy_loyalty_setting_int (db, "points.signup_bonus", 100);
  out->checkin_points = _hy_loyalty_setting_int (db, "points.checkin_points", 5);
  out->referral_points = _hy_loyalty_setting_int (db, "points.referral_bonus", 500);
}
