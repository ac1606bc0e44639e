/* hy-points-rows.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The points ledger row by row.  Every credit is a lot with the day it becomes usable and the
 * instant it expires; every debit names the lots it took from (points_allocations), soonest
 * expiry first, so that what is left of each lot, and so what expires when, follows from the
 * rows alone.  member_balances.points is the sum of the ledger, kept in the same transaction.
 */

#define G_LOG_DOMAIN "hy-points"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "hy-change-log.h"
#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-loyalty-private.h"
#include "hy-member-store-private.h"
#include "hy-money.h"
#include "hy-purchase-store.h"
#include "hy-time.h"
#include "hy-uuid.h"

typedef struct
{
  gint64 id;
  gint64 remaining;
  gint64 available_at;
  gint64 expires_at;   /* 0: never */
} Lot;

gint64
_hy_loyalty_setting_int (HyDatabase *db,
                         const char *key,
                         gint64      fallback)
{
  g_autofree char *text = hy_database_dup_setting (db, key);
  char *end = NULL;
  gint64 value;

  if (text == NULL || text[0] == '\0')
    return fallback;

  value = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0')
    {
      g_warning ("Setting %s is “%s”, not a whole number; using %" G_GINT64_FORMAT, key, text, fallback);
      return fallback;
    }

  return value;
}

gint64
_hy_loyalty_require_member (HyDatabase  *db,
                            gint64       member_id,
                            GError     **error)
{
  gint64 resolved = member_id > 0 ? _hy_member_resolve (db, member_id) : 0;

  if (resolved == 0)
    g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND,
                 _("There is no member #%lld"), (long long) member_id);
  return resolved;
}

gboolean
_hy_balances_load (HyDatabase  *db,
                   gint64       member_id,
                   gint64      *points,
                   gint64      *sv_principal,
                   gint64      *sv_bonus,
                   GError     **error)
{
  static const char select_balances[] =
    "SELECT points, sv_principal, sv_bonus FROM member_balances WHERE member_id = ?1";
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hy_database_prepare (db, select_balances, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, member_id);
  rc = sqlite3_step (stmt);
  if (points != NULL)
    *points = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  if (sv_principal != NULL)
    *sv_principal = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 1) : 0;
  if (sv_bonus != NULL)
    *sv_bonus = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 2) : 0;
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not read the balances"));
      return FALSE;
    }

  return TRUE;
}

/* The row must exist before a signed UPDATE: an upsert would check its own new row (a negative
 * balance) against the CHECK before it ever looked for the old one. */
gboolean
_hy_balances_ensure (HyDatabase  *db,
                     gint64       member_id,
                     GError     **error)
{
  static const char insert_balances[] =
    "INSERT INTO member_balances (member_id) VALUES (?1) ON CONFLICT (member_id) DO NOTHING";
  sqlite3_stmt *stmt;

  if (!(stmt = _hy_database_prepare (db, insert_balances, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, member_id);
  return _hy_database_step_done (db, stmt, error);
}

gint64
_hy_points_find_idem (HyDatabase *db,
                      gint64      idem)
{
  static const char select_idem[] = "SELECT id FROM points_ledger WHERE idem = ?1";
  sqlite3_stmt *stmt = _hy_database_prepare (db, select_idem, NULL);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, idem);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return id;
}

/* Inserts one signed entry, moves the balance by as much and logs the change. */
static gint64
insert_entry (HyDatabase          *db,
              const HyPointsPost  *post,
              gint64               signed_points,
              GError             **error)
{
  static const char insert_points[] =
    "INSERT INTO points_ledger (uid, member_id, kind, points, occurred_at, available_at, expires_at,"
    "                           transaction_id, reason, idem, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
  static const char add_balance[] =
    "UPDATE member_balances SET points = points + ?2 WHERE member_id = ?1";
  sqlite3_stmt *stmt;
  guint8 uid[16];
  gint64 id;

  g_assert (_hy_database_in_transaction (db));

  hy_uuid_generate (uid);
  if (!(stmt = _hy_database_prepare (db, insert_points, error)))
    return -1;
  sqlite3_bind_blob (stmt, 1, uid, sizeof uid, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, post->member_id);
  sqlite3_bind_int (stmt, 3, post->kind);
  sqlite3_bind_int64 (stmt, 4, signed_points);
  sqlite3_bind_int64 (stmt, 5, post->occurred_at);
  sqlite3_bind_int64 (stmt, 6, signed_points > 0 ? post->available_at : post->occurred_at);
  if (signed_points > 0 && post->expires_at != 0)
    sqlite3_bind_int64 (stmt, 7, post->expires_at);
  if (post->transaction_id > 0)
    sqlite3_bind_int64 (stmt, 8, post->transaction_id);
  sqlite3_bind_text (stmt, 9, post->reason != NULL ? post->reason : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 10, post->idem);
  sqlite3_bind_int64 (stmt, 11, hy_time_now ());
  if (!_hy_database_step_done (db, stmt, error))
    return -1;
  id = sqlite3_last_insert_rowid (_hy_database_get_handle (db));

  if (!_hy_balances_ensure (db, post->member_id, error) ||
      !(stmt = _hy_database_prepare (db, add_balance, error)))
    return -1;
  sqlite3_bind_int64 (stmt, 1, post->member_id);
  sqlite3_bind_int64 (stmt, 2, signed_points);
  if (!_hy_database_step_done (db, stmt, error))
    return -1;

  if (!_hy_change_log_append (db, HY_ENTITY_POINTS_ENTRY, id, HY_CHANGE_INSERT, error))
    return -1;

  return id;
}

static gboolean
insert_allocation (HyDatabase  *db,
                   gint64       debit_id,
                   gint64       lot_id,
                   gint64       points,
                   GError     **error)
{
  static const char insert_allocation_sql[] =
    "INSERT INTO points_allocations (debit_id, lot_id, points) VALUES (?1, ?2, ?3)";
  sqlite3_stmt *stmt;

  if (!(stmt = _hy_database_prepare (db, insert_allocation_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, debit_id);
  sqlite3_bind_int64 (stmt, 2, lot_id);
  sqlite3_bind_int64 (stmt, 3, points);
  return _hy_database_step_done (db, stmt, error);
}

/* The member's lots that still hold points, soonest expiry first (never-expiring last), then
 * oldest first. */
static GArray *
load_open_lots (HyDatabase  *db,
                gint64       member_id,
                GError     **error)
{
  static const char select_lots[] =
    "SELECT l.id, l.points - coalesce ((SELECT sum (a.points) FROM points_allocations a"
    "                                    WHERE a.lot_id = l.id), 0),"
    "       l.available_at, coalesce (l.expires_at, 0)"
    "  FROM points_ledger l WHERE l.member_id = ?1 AND l.points > 0"
    " ORDER BY coalesce (l.expires_at, 9223372036854775807), l.id";
  g_autoptr(GArray) lots = g_array_new (FALSE, FALSE, sizeof (Lot));
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hy_database_prepare (db, select_lots, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, member_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Lot lot = {
        .id = sqlite3_column_int64 (stmt, 0),
        .remaining = sqlite3_column_int64 (stmt, 1),
        .available_at = sqlite3_column_int64 (stmt, 2),
        .expires_at = sqlite3_column_int64 (stmt, 3),
      };

      if (lot.remaining > 0)
        g_array_append_val (lots, lot);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not read the points"));
      return NULL;
    }

  return g_steal_pointer (&lots);
}

static inline gboolean
lot_expired (const Lot *lot,
             gint64     now)
{
  return lot->expires_at != 0 && lot->expires_at <= now;
}

gint64
_hy_points_credit (HyDatabase          *db,
                   const HyPointsPost  *post,
                   gboolean            *out_replayed,
                   GError             **error)
{
  gint64 id;

  g_assert (post->points > 0);

  if ((id = _hy_points_find_idem (db, post->idem)) != 0)
    {
      *out_replayed = TRUE;
      return id;
    }

  if (!_hy_points_sweep_member (db, post->member_id, post->occurred_at, error))
    return -1;

  return insert_entry (db, post, post->points, error);
}

gint64
_hy_points_debit (HyDatabase          *db,
                  const HyPointsPost  *post,
                  HyPointsTake         take,
                  gint64               prefer_lot,
                  gint64              *out_taken,
                  gboolean            *out_replayed,
                  GError             **error)
{
  g_autoptr(GArray) lots = NULL;
  g_autoptr(GArray) plan = g_array_new (FALSE, FALSE, sizeof (Lot));
  gint64 wanted = post->points;
  gint64 usable = 0;
  gint64 taken = 0;
  gint64 id;

  g_assert (post->points >= 0);
  *out_taken = 0;

  if ((id = _hy_points_find_idem (db, post->idem)) != 0)
    {
      *out_replayed = TRUE;
      return id;
    }

  if (!_hy_points_sweep_member (db, post->member_id, post->occurred_at, error) ||
      !(lots = load_open_lots (db, post->member_id, error)))
    return -1;

  /* A clawback first takes back the very award of its sale, if any of it is left. */
  for (guint i = 0; take == HY_POINTS_TAKE_WHAT_THERE_IS && i < lots->len; i++)
    {
      Lot *lot = &g_array_index (lots, Lot, i);

      if (lot->id == prefer_lot && !lot_expired (lot, post->occurred_at))
        {
          Lot part = *lot;

          part.remaining = MIN (lot->remaining, wanted);
          lot->remaining -= part.remaining;
          taken += part.remaining;
          g_array_append_val (plan, part);
        }
    }

  for (guint i = 0; i < lots->len && taken < wanted; i++)
    {
      Lot *lot = &g_array_index (lots, Lot, i);
      Lot part = *lot;

      if (lot->remaining == 0 || lot_expired (lot, post->occurred_at))
        continue;
      if (take == HY_POINTS_TAKE_AVAILABLE && lot->available_at > post->occurred_at)
        continue;

      part.remaining = MIN (lot->remaining, wanted - taken);
      taken += part.remaining;
      g_array_append_val (plan, part);
    }

  if (take == HY_POINTS_TAKE_AVAILABLE && taken < wanted)
    {
      for (guint i = 0; i < plan->len; i++)
        usable += g_array_index (plan, Lot, i).remaining;
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("Only %lld points can be used now, not %lld"),
                   (long long) usable, (long long) wanted);
      return -1;
    }

  *out_taken = taken;
  if (taken == 0)
    return 0;

  {
    HyPointsPost actual = *post;

    actual.points = taken;
    if ((id = insert_entry (db, &actual, -taken, error)) < 0)
      return -1;
  }

  for (guint i = 0; i < plan->len; i++)
    {
      const Lot *part = &g_array_index (plan, Lot, i);

      if (part->remaining > 0 && !insert_allocation (db, id, part->id, part->remaining, error))
        return -1;
    }

  return id;
}

/* Writes the expiry of every lot of the member whose expiry has come by @now.  The entry is dated
 * at the expiry itself, not when it was noticed, and its key is the lot, so two tills sweeping
 * the same member can never expire a lot twice. */
gboolean
_hy_points_sweep_member (HyDatabase  *db,
                         gint64       member_id,
                         gint64       now,
                         GError     **error)
{
  g_autoptr(GArray) lots = load_open_lots (db, member_id, error);

  if (lots == NULL)
    return FALSE;

  for (guint i = 0; i < lots->len; i++)
    {
      const Lot *lot = &g_array_index (lots, Lot, i);
      char key[32];
      HyPointsPost post = {
        .member_id = member_id,
        .kind = HY_POINTS_EXPIRE,
        .points = lot->remaining,
        .occurred_at = lot->expires_at,
      };
      gint64 id;

      if (!lot_expired (lot, now))
        continue;

      g_snprintf (key, sizeof key, "%" G_GINT64_FORMAT, lot->id);
      post.idem = hy_idempotency_hash ("points-expire", key, -1);
      if (_hy_points_find_idem (db, post.idem) != 0)
        continue;
      if ((id = insert_entry (db, &post, -lot->remaining, error)) < 0 ||
          !insert_allocation (db, id, lot->id, lot->remaining, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
_hy_points_summarize (HyDatabase       *db,
                      gint64            member_id,
                      gint64            now,
                      HyPointsSummary  *out,
                      GError          **error)
{
  g_autoptr(GArray) lots = load_open_lots (db, member_id, error);
  GTimeZone *tz = hy_database_get_time_zone (db);
  gint64 soon_days = _hy_loyalty_setting_int (db, "points.expiring_soon_days", 30);
  gint64 soon;

  if (lots == NULL)
    return FALSE;

  /* "Within 30 days" counts whole days of the store's calendar, today included. */
  soon = hy_time_day_start (tz, hy_time_local_day (tz, now) + (gint32) soon_days + 1);

  memset (out, 0, sizeof *out);
  for (guint i = 0; i < lots->len; i++)
    {
      const Lot *lot = &g_array_index (lots, Lot, i);

      if (lot_expired (lot, now))
        continue;
      if (lot->available_at > now)
        out->pending += lot->remaining;
      else
        out->available += lot->remaining;
      if (lot->expires_at != 0 && lot->expires_at < soon)
        {
          out->expiring_soon += lot->remaining;
          if (out->next_expiry_at == 0 || lot->expires_at < out->next_expiry_at)
            out->next_expiry_at = lot->expires_at;
        }
    }
  out->balance = out->available + out->pending;

  return TRUE;
}

/* Points awarded at @occurred_at can be used from the start of the local day
 * points.available_after_days later (T+1 by default: from midnight after the purchase), and
 * expire at the end of the local day points.expiry_months later (2024-06-01 -> gone at
 * 2025-06-02 00:00; 2024-02-29 + 12 months -> the end of 2025-02-28).  0 months: never. */
void
_hy_points_award_times (HyDatabase *db,
                        gint64      occurred_at,
                        gint64     *available_at,
                        gint64     *expires_at)
{
  GTimeZone *tz = hy_database_get_time_zone (db);
  gint64 delay = _hy_loyalty_setting_int (db, "points.available_after_days", 1);
  gint64 months = _hy_loyalty_setting_int (db, "points.expiry_months", 12);
  gint32 day = hy_time_local_day (tz, occurred_at);
  int y, m, d, total;

  *available_at = delay > 0 ? hy_time_day_start (tz, day + (gint32) delay) : occurred_at;

  if (months <= 0)
    {
      *expires_at = 0;
      return;
    }

  hy_time_day_to_ymd (day, &y, &m, &d);
  total = y * 12 + (m - 1) + (int) months;
  y = total / 12;
  m = total % 12 + 1;
  d = MIN (d, g_date_get_days_in_month (m, y));
  *expires_at = hy_time_day_start (tz, hy_time_ymd_to_day (y, m, d) + 1);
}

/* "护肤=200;烟酒=0": the percent a category earns at; others earn at 100. */
static gint64
category_percent (const char *rules,
                  const char *category)
{
  g_auto(GStrv) parts = NULL;

  if (rules == NULL || rules[0] == '\0' || category == NULL)
    return 100;

  parts = g_strsplit_set (rules, ";,", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *eq = strchr (parts[i], '=');

      if (eq == NULL)
        continue;
      *eq = '\0';
      if (g_str_equal (g_strstrip (parts[i]), category))
        return MAX (0, g_ascii_strtoll (eq + 1, NULL, 10));
    }

  return 100;
}

static int
member_birth_month (HyDatabase *db,
                    gint64      member_id)
{
  static const char select_birth[] = "SELECT birth_month FROM members WHERE id = ?1";
  sqlite3_stmt *stmt = _hy_database_prepare (db, select_birth, NULL);
  int month = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, member_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    month = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  return month;
}

/* The member-day or birthday-month percent for a purchase at @at; they do not stack: the larger
 * applies. */
static gint64
day_percent (HyDatabase *db,
             gint64      member_id,
             gint64      at)
{
  GTimeZone *tz = hy_database_get_time_zone (db);
  gint32 day = hy_time_local_day (tz, at);
  gint64 weekday = ((day % 7 + 7 + 3) % 7) + 1;  /* 1970-01-01 was a Thursday; Monday is 1 */
  gint64 member_weekday = _hy_loyalty_setting_int (db, "points.member_day_weekday", 0);
  gint64 member_monthday = _hy_loyalty_setting_int (db, "points.member_day_monthday", 0);
  gint64 percent = 100;
  int y, m, d;

  hy_time_day_to_ymd (day, &y, &m, &d);
  if ((member_weekday != 0 && member_weekday == weekday) ||
      (member_monthday != 0 && member_monthday == d))
    percent = MAX (percent, _hy_loyalty_setting_int (db, "points.member_day_percent", 200));
  if (member_id > 0 && member_birth_month (db, member_id) == m)
    percent = MAX (percent, _hy_loyalty_setting_int (db, "points.birthday_month_percent", 100));

  return percent;
}

/* points = floor (sum (share_i x category%_i) x tier% x day% x earn_points
 *                 / (earn_unit x 100 x 100 x 100))
 * where share_i is @earnable split over the lines in proportion to their amounts (the last line
 * takes what rounding leaves).  One rounding, down, at the very end. */
gint64
_hy_points_compute_earn (HyDatabase           *db,
                         const HyEarnRequest  *request,
                         GError              **error)
{
  g_autofree char *rules = hy_database_dup_setting (db, "points.category_percent");
  gint64 earn_points = _hy_loyalty_setting_int (db, "points.earn_points", 10);
  gint64 earn_unit = _hy_loyalty_setting_int (db, "points.earn_unit", 10000);
  gint64 at = request->occurred_at != 0 ? request->occurred_at : hy_time_now ();
  gint64 tier_percent = request->tier_percent != 0 ? request->tier_percent : 100;
  gint64 lines_total = 0;
  gint64 given = 0;
  __int128 weighted = 0;
  __int128 points;

  if (request->earnable < 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("A purchase cannot earn on a negative amount"));
      return -1;
    }
  if (earn_unit <= 0 || earn_points < 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("The points settings are wrong: points.earn_unit must be more than 0"));
      return -1;
    }

  for (guint i = 0; i < request->n_lines; i++)
    lines_total += MAX (0, request->lines[i].amount);

  if (lines_total == 0)
    weighted = (__int128) request->earnable * 100;
  else
    for (guint i = 0; i < request->n_lines; i++)
      {
        gint64 share;

        if (i + 1 == request->n_lines)
          share = request->earnable - given;
        else
          share = hy_money_mul_div (request->earnable, MAX (0, request->lines[i].amount), lines_total);
        given += share;
        weighted += (__int128) share * category_percent (rules, request->lines[i].category);
      }

  points = weighted * tier_percent * day_percent (db, request->member_id, at) * earn_points;
  points /= (__int128) earn_unit * 100 * 100 * 100;

  return (gint64) points;
}

/* The newest expiry among the lots a debit took from: what points given back by a refund keep. */
gint64
_hy_points_latest_expiry_of (HyDatabase *db,
                             gint64      debit_id)
{
  static const char select_expiry[] =
    "SELECT max (coalesce (l.expires_at, 0)), min (coalesce (l.expires_at, 0))"
    "  FROM points_allocations a JOIN points_ledger l ON l.id = a.lot_id WHERE a.debit_id = ?1";
  sqlite3_stmt *stmt = _hy_database_prepare (db, select_expiry, NULL);
  gint64 expiry = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, debit_id);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 1) != 0)
    expiry = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return expiry;
}

gint64
_hy_points_move_lots (HyDatabase  *db,
                      gint64       from,
                      gint64       to,
                      gint64       at,
                      const char  *key,
                      GArray      *out_entries,
                      GError     **error)
{
  g_autoptr(GArray) lots = NULL;
  g_autofree char *reason_out = g_strdup_printf (_("Merged into member #%lld"), (long long) to);
  g_autofree char *reason_in = g_strdup_printf (_("Merged from member #%lld"), (long long) from);
  gint64 moved = 0;

  if (!_hy_points_sweep_member (db, from, at, error) ||
      !(lots = load_open_lots (db, from, error)))
    return -1;

  for (guint i = 0; i < lots->len; i++)
    {
      const Lot *lot = &g_array_index (lots, Lot, i);
      g_autofree char *key_out = g_strdup_printf ("%s/out/%lld", key, (long long) lot->id);
      g_autofree char *key_in = g_strdup_printf ("%s/in/%lld", key, (long long) lot->id);
      HyPointsPost out = {
        .member_id = from, .kind = HY_POINTS_TRANSFER, .points = lot->remaining, .occurred_at = at,
        .reason = reason_out, .idem = hy_idempotency_hash ("points", key_out, -1),
      };
      HyPointsPost in = {
        .member_id = to, .kind = HY_POINTS_TRANSFER, .points = lot->remaining, .occurred_at = at,
        .available_at = lot->available_at, .expires_at = lot->expires_at,
        .reason = reason_in, .idem = hy_idempotency_hash ("points", key_in, -1),
      };
      gboolean replayed = FALSE;
      gint64 taken = 0, out_id, in_id;

      if (lot->remaining == 0 || lot_expired (lot, at))
        continue;
      /* The lot itself first: the clawback mode takes @prefer_lot before any other. */
      if ((out_id = _hy_points_debit (db, &out, HY_POINTS_TAKE_WHAT_THERE_IS, lot->id, &taken,
                                      &replayed, error)) < 0 ||
          (in_id = _hy_points_credit (db, &in, &replayed, error)) < 0)
        return -1;
      g_assert (taken == lot->remaining);
      moved += taken;
      if (out_entries != NULL)
        {
          g_array_append_val (out_entries, out_id);
          g_array_append_val (out_entries, in_id);
        }
    }

  return moved;
}
