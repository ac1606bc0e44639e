/* hy-member-stats.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-member-stats-private.h"
#include "hy-time.h"

gboolean
_hy_member_stats_load (HyDatabase     *db,
                       gint64          member_id,
                       HyMemberStats  *stats,
                       GError        **error)
{
  static const char select_stats[] =
    "SELECT coalesce (first_purchase_at, 0), coalesce (last_purchase_at, 0), purchase_count,"
    "       purchase_days, refund_count, sales_total, refund_total, net_spend, quantity_total"
    "  FROM member_stats WHERE member_id = ?1";
  sqlite3_stmt *stmt;
  int rc;

  memset (stats, 0, sizeof *stats);

  if (!(stmt = _hy_database_prepare (db, select_stats, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, member_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      stats->first_purchase_at = sqlite3_column_int64 (stmt, 0);
      stats->last_purchase_at = sqlite3_column_int64 (stmt, 1);
      stats->purchase_count = sqlite3_column_int64 (stmt, 2);
      stats->purchase_days = sqlite3_column_int64 (stmt, 3);
      stats->refund_count = sqlite3_column_int64 (stmt, 4);
      stats->sales_total = sqlite3_column_int64 (stmt, 5);
      stats->refund_total = sqlite3_column_int64 (stmt, 6);
      stats->net_spend = sqlite3_column_int64 (stmt, 7);
      stats->quantity_total = sqlite3_column_double (stmt, 8);
    }
  sqlite3_reset (stmt);

  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return TRUE;

  _hy_database_set_error (db, rc, error, _("Could not read a member’s figures"));
  return FALSE;
}

static int
compare_days (gconstpointer a,
              gconstpointer b)
{
  gint32 x = *(const gint32 *) a;
  gint32 y = *(const gint32 *) b;

  return (x > y) - (x < y);
}

void
_hy_stats_accumulator_init (HyStatsAccumulator *acc,
                            GTimeZone          *tz)
{
  memset (&acc->stats, 0, sizeof acc->stats);
  acc->tz = tz;
  if (acc->days == NULL)
    acc->days = g_array_new (FALSE, FALSE, sizeof (gint32));
  g_array_set_size (acc->days, 0);
}

void
_hy_stats_accumulator_clear (HyStatsAccumulator *acc)
{
  g_clear_pointer (&acc->days, g_array_unref);
}

/* One transaction of the member, in any order.  @is_void: a sale refunded in full. */
void
_hy_stats_accumulator_add (HyStatsAccumulator *acc,
                           int                 kind,
                           gint64              at,
                           gint64              net,
                           double              quantity,
                           gboolean            is_void)
{
  HyMemberStats *stats = &acc->stats;
  gint32 day;

  stats->quantity_total += quantity;

  if (kind != 0)
    {
      stats->refund_count++;
      stats->refund_total -= net;
      return;
    }

  stats->sales_total += net;
  if (is_void)
    return;

  if (stats->purchase_count == 0 || at < stats->first_purchase_at)
    stats->first_purchase_at = at;
  if (stats->purchase_count == 0 || at > stats->last_purchase_at)
    stats->last_purchase_at = at;
  stats->purchase_count++;
  day = hy_time_local_day (acc->tz, at);
  g_array_append_val (acc->days, day);
}

void
_hy_stats_accumulator_finish (HyStatsAccumulator *acc)
{
  GArray *days = acc->days;

  g_array_sort (days, compare_days);
  for (guint i = 0; i < days->len; i++)
    if (i == 0 || g_array_index (days, gint32, i) != g_array_index (days, gint32, i - 1))
      acc->stats.purchase_days++;

  acc->stats.net_spend = acc->stats.sales_total - acc->stats.refund_total;
}

gboolean
_hy_member_stats_equal (const HyMemberStats *a,
                        const HyMemberStats *b)
{
  return a->first_purchase_at == b->first_purchase_at &&
         a->last_purchase_at == b->last_purchase_at &&
         a->purchase_count == b->purchase_count &&
         a->purchase_days == b->purchase_days &&
         a->refund_count == b->refund_count &&
         a->sales_total == b->sales_total &&
         a->refund_total == b->refund_total &&
         a->net_spend == b->net_spend &&
         fabs (a->quantity_total - b->quantity_total) < 1e-6;
}

/* Recomputes a member's figures from their transactions: the reference the incremental updates
 * must always agree with. */
gboolean
_hy_member_stats_compute (HyDatabase     *db,
                          gint64          member_id,
                          HyMemberStats  *stats,
                          GError        **error)
{
  static const char select_history[] =
    "SELECT t.kind, t.occurred_at, t.net, coalesce (t.quantity, 0), " HY_SALE_IS_VOID_SQL
    "  FROM transactions t WHERE t.member_id = ?1";
  HyStatsAccumulator acc = { 0 };
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hy_database_prepare (db, select_history, error)))
    return FALSE;

  _hy_stats_accumulator_init (&acc, hy_database_get_time_zone (db));
  sqlite3_bind_int64 (stmt, 1, member_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    _hy_stats_accumulator_add (&acc, sqlite3_column_int (stmt, 0), sqlite3_column_int64 (stmt, 1),
                               sqlite3_column_int64 (stmt, 2), sqlite3_column_double (stmt, 3),
                               sqlite3_column_int (stmt, 4));
  sqlite3_reset (stmt);
  _hy_stats_accumulator_finish (&acc);
  *stats = acc.stats;
  _hy_stats_accumulator_clear (&acc);

  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not read a member’s purchases"));
      return FALSE;
    }

  return TRUE;
}

gboolean
_hy_member_stats_store (HyDatabase          *db,
                        gint64               member_id,
                        const HyMemberStats *stats,
                        GError             **error)
{
  static const char upsert_stats[] =
    "INSERT INTO member_stats (member_id, first_purchase_at, last_purchase_at, purchase_count,"
    "                          purchase_days, refund_count, sales_total, refund_total, net_spend,"
    "                          quantity_total)"
    " VALUES (?1, nullif (?2, 0), nullif (?3, 0), ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
    " ON CONFLICT (member_id) DO UPDATE SET"
    "   first_purchase_at = excluded.first_purchase_at, last_purchase_at = excluded.last_purchase_at,"
    "   purchase_count = excluded.purchase_count, purchase_days = excluded.purchase_days,"
    "   refund_count = excluded.refund_count, sales_total = excluded.sales_total,"
    "   refund_total = excluded.refund_total, net_spend = excluded.net_spend,"
    "   quantity_total = excluded.quantity_total";
  sqlite3_stmt *stmt;

  if (!(stmt = _hy_database_prepare (db, upsert_stats, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, member_id);
  sqlite3_bind_int64 (stmt, 2, stats->first_purchase_at);
  sqlite3_bind_int64 (stmt, 3, stats->last_purchase_at);
  sqlite3_bind_int64 (stmt, 4, stats->purchase_count);
  sqlite3_bind_int64 (stmt, 5, stats->purchase_days);
  sqlite3_bind_int64 (stmt, 6, stats->refund_count);
  sqlite3_bind_int64 (stmt, 7, stats->sales_total);
  sqlite3_bind_int64 (stmt, 8, stats->refund_total);
  sqlite3_bind_int64 (stmt, 9, stats->net_spend);
  sqlite3_bind_double (stmt, 10, stats->quantity_total);
  return _hy_database_step_done (db, stmt, error);
}

gboolean
_hy_member_stats_recompute (HyDatabase  *db,
                            gint64       member_id,
                            GError     **error)
{
  HyMemberStats stats;

  return _hy_member_stats_compute (db, member_id, &stats, error) &&
         _hy_member_stats_store (db, member_id, &stats, error);
}

/* Whether the member already has a counted sale on the local day of @occurred_at.  Purchases
 * mostly arrive in time order, so the member's first and last purchase usually answer it without
 * a query. */
gboolean
_hy_member_stats_has_sale_on_day (HyDatabase          *db,
                                  gint64               member_id,
                                  const HyMemberStats *stats,
                                  gint64               occurred_at,
                                  gboolean            *out_has,
                                  GError             **error)
{
  static const char select_same_day[] =
    "SELECT 1 FROM transactions t"
    " WHERE t.member_id = ?1 AND t.occurred_at >= ?2 AND t.occurred_at < ?3 AND t.kind = 0"
    "   AND NOT " HY_SALE_IS_VOID_SQL " LIMIT 1";
  GTimeZone *tz = hy_database_get_time_zone (db);
  gint32 day = hy_time_local_day (tz, occurred_at);
  gint32 first_day, last_day;
  sqlite3_stmt *stmt;
  int rc;

  if (stats->purchase_count == 0)
    {
      *out_has = FALSE;
      return TRUE;
    }

  first_day = hy_time_local_day (tz, stats->first_purchase_at);
  last_day = hy_time_local_day (tz, stats->last_purchase_at);
  if (day == first_day || day == last_day || day < first_day || day > last_day)
    {
      *out_has = day == first_day || day == last_day;
      return TRUE;
    }

  if (!(stmt = _hy_database_prepare (db, select_same_day, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, member_id);
  sqlite3_bind_int64 (stmt, 2, hy_time_day_start (tz, day));
  sqlite3_bind_int64 (stmt, 3, hy_time_day_start (tz, day + 1));
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not read a member’s purchases"));
      return FALSE;
    }

  *out_has = rc == SQLITE_ROW;
  return TRUE;
}

/* The incremental update for one new sale.  @has_sale_same_day comes from
 * _hy_member_stats_has_sale_on_day(), asked before the sale was written. */
void
_hy_member_stats_add_sale (HyMemberStats *stats,
                           GTimeZone     *tz,
                           gint64         occurred_at,
                           gint64         net,
                           double         quantity,
                           gboolean       has_sale_same_day)
{
  if (stats->purchase_count == 0)
    {
      stats->first_purchase_at = occurred_at;
      stats->last_purchase_at = occurred_at;
    }
  else
    {
      stats->first_purchase_at = MIN (stats->first_purchase_at, occurred_at);
      stats->last_purchase_at = MAX (stats->last_purchase_at, occurred_at);
    }

  if (!has_sale_same_day)
    stats->purchase_days++;
  stats->purchase_count++;
  stats->sales_total += net;
  stats->net_spend += net;
  stats->quantity_total += quantity;
}
