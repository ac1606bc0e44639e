/* hy-analysis.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loads members and purchases into dense arrays in one ordered scan: the analytics then run
 * over plain memory instead of asking SQLite member by member.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "hy-analysis-private.h"
#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-parse.h"
#include "hy-time.h"

/* The UTC offset of every UTC day in a range, so that turning ten million times into local days
 * does not search the zone's transitions each time.  A day with a transition in it is marked
 * and takes the slow path. */
#define OFFSET_UNKNOWN G_MININT32

typedef struct
{
  GTimeZone *tz;
  gint64     first_day;
  gsize      n_days;
  gint32    *offset;
} DayOffsets;

static gint32
offset_at (GTimeZone *tz,
           gint64     utc)
{
  int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, utc);

  return interval >= 0 ? g_time_zone_get_offset (tz, interval) : 0;
}

static void
day_offsets_init (DayOffsets *offsets,
                  GTimeZone  *tz,
                  gint64      min_utc,
                  gint64      max_utc)
{
  offsets->tz = tz;
  offsets->first_day = min_utc / 86400 - 1;
  offsets->n_days = MAX (0, max_utc / 86400 + 2 - offsets->first_day);
  offsets->offset = g_new (gint32, offsets->n_days);
  for (gsize i = 0; i < offsets->n_days; i++)
    {
      gint64 start = (offsets->first_day + (gint64) i) * 86400;
      gint32 a = offset_at (tz, start);

      offsets->offset[i] = a == offset_at (tz, start + 86399) ? a : OFFSET_UNKNOWN;
    }
}

static inline gint32
day_offsets_local_day (const DayOffsets *offsets,
                       gint64            utc)
{
  gint64 i = (utc >= 0 ? utc / 86400 : (utc - 86399) / 86400) - offsets->first_day;
  gint32 offset;
  gint64 local;

  if (i < 0 || (gsize) i >= offsets->n_days || offsets->offset[i] == OFFSET_UNKNOWN)
    return hy_time_local_day (offsets->tz, utc);

  offset = offsets->offset[i];
  local = utc + offset;
  return local >= 0 ? local / 86400 : (local - 86399) / 86400;
}

void
hy_analysis_data_free (HyAnalysisData *data)
{
  if (data == NULL)
    return;

  g_free (data->member_id);
  g_free (data->joined_day);
  g_free (data->offsets);
  g_free (data->day);
  g_free (data->value);
  g_free (data->txn_id);
  g_free (data);
}

/* A member exists on a day when they had joined by then, or had bought by then (imported
 * histories can start before the joining date). */
#define MEMBER_EXISTS_SQL \
  "m.merged_into IS NULL AND (m.joined_at < ?1 OR EXISTS (SELECT 1 FROM transactions t" \
  " WHERE t.member_id = m.id AND t.occurred_at < ?1))"

static gboolean
load_members (HyDatabase     *db,
              HyAnalysisData *data,
              gint64          end_utc,
              GError        **error)
{
  static const char select_members[] =
    "SELECT id, joined_at FROM members m WHERE " MEMBER_EXISTS_SQL " ORDER BY id";
  static const char count_members[] =
    "SELECT count(*) FROM members m WHERE " MEMBER_EXISTS_SQL;
  GTimeZone *tz = hy_database_get_time_zone (db);
  sqlite3_stmt *stmt;
  gsize capacity;
  int rc;

  if (!(stmt = _hy_database_prepare (db, count_members, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, end_utc);
  rc = sqlite3_step (stmt);
  capacity = rc == SQLITE_ROW ? (gsize) sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    goto failed;

  data->member_id = g_new (gint64, capacity + 1);
  data->joined_day = g_new (gint32, capacity + 1);

  if (!(stmt = _hy_database_prepare (db, select_members, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, end_utc);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && data->n_members < capacity)
    {
      data->member_id[data->n_members] = sqlite3_column_int64 (stmt, 0);
      data->joined_day[data->n_members] = hy_time_local_day (tz, sqlite3_column_int64 (stmt, 1));
      data->n_members++;
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;

failed:
  _hy_database_set_error (db, rc, error, _("Could not read the members"));
  return FALSE;
}

static gboolean
load_time_range (HyDatabase *db,
                 gint64     *min_utc,
                 gint64     *max_utc,
                 GError    **error)
{
  static const char select_range[] =
    "SELECT coalesce (min (occurred_at), 0), coalesce (max (occurred_at), 0) FROM transactions";
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hy_database_prepare (db, select_range, error)))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *min_utc = sqlite3_column_int64 (stmt, 0);
      *max_utc = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;

  _hy_database_set_error (db, rc, error, _("Could not read the purchases"));
  return FALSE;
}

static gboolean
load_purchases (HyDatabase     *db,
                HyAnalysisData *data,
                gint64          end_utc,
                GError        **error)
{
  /* A sale counts unless the refunds made up to the as-of day took all of it back (the rule of
   * HY_SALE_IS_VOID_SQL, as of a date). */
  static const char select_purchases[] =
    "SELECT t.member_id, t.occurred_at, t.net + coalesce (r.refunded, 0), t.id"
    "  FROM transactions t"
    "  LEFT JOIN (SELECT refund_of, sum (net) AS refunded FROM transactions"
    "              WHERE kind = 1 AND refund_of IS NOT NULL AND occurred_at < ?1"
    "              GROUP BY refund_of) r ON r.refund_of = t.id"
    " WHERE t.kind = 0 AND t.member_id IS NOT NULL AND t.occurred_at < ?1"
    "   AND (?2 = 0 OR t.store_id = ?2)"
    "   AND (r.refund_of IS NULL OR t.net + r.refunded > 0)"
    " ORDER BY t.member_id, t.occurred_at";
  g_autoptr(GArray) day = g_array_new (FALSE, FALSE, sizeof (gint32));
  g_autoptr(GArray) value = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) txn = g_array_new (FALSE, FALSE, sizeof (gint64));
  DayOffsets offsets;
  gint64 min_utc = 0, max_utc = 0;
  sqlite3_stmt *stmt;
  gsize member = 0;
  int rc;

  if (!load_time_range (db, &min_utc, &max_utc, error))
    return FALSE;
  if (!(stmt = _hy_database_prepare (db, select_purchases, error)))
    return FALSE;

  day_offsets_init (&offsets, hy_database_get_time_zone (db), min_utc, MIN (max_utc, end_utc));
  data->offsets = g_new0 (guint32, data->n_members + 1);

  sqlite3_bind_int64 (stmt, 1, end_utc);
  sqlite3_bind_int64 (stmt, 2, data->store_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gint32 d;
      gint64 v, t;

      /* Both sides are in id order: close the members before this one. */
      while (member < data->n_members && data->member_id[member] < id)
        data->offsets[++member] = day->len;
      if (member == data->n_members || data->member_id[member] != id)
        continue;

      d = day_offsets_local_day (&offsets, sqlite3_column_int64 (stmt, 1));
      v = sqlite3_column_int64 (stmt, 2);
      t = sqlite3_column_int64 (stmt, 3);
      g_array_append_val (day, d);
      g_array_append_val (value, v);
      g_array_append_val (txn, t);
    }
  sqlite3_reset (stmt);
  g_free (offsets.offset);

  while (member < data->n_members)
    data->offsets[++member] = day->len;

  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not read the purchases"));
      return FALSE;
    }

  data->n_purchases = day->len;
  data->day = (gint32 *) (void *) g_array_free (g_steal_pointer (&day), FALSE);
  data->value = (gint64 *) (void *) g_array_free (g_steal_pointer (&value), FALSE);
  data->txn_id = (gint64 *) (void *) g_array_free (g_steal_pointer (&txn), FALSE);
  return TRUE;
}

HyAnalysisData *
hy_analysis_data_load (HyDatabase  *db,
                       gint32       as_of_day,
                       gint64       store_id,
                       GError     **error)
{
  g_autoptr(HyAnalysisData) data = g_new0 (HyAnalysisData, 1);
  gint64 end_utc;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);

  data->as_of_day = as_of_day;
  data->store_id = store_id;
  end_utc = hy_time_day_start (hy_database_get_time_zone (db), as_of_day + 1);

  if (!load_members (db, data, end_utc, error) || !load_purchases (db, data, end_utc, error))
    return NULL;

  return g_steal_pointer (&data);
}

gint32
hy_analysis_data_get_as_of (HyAnalysisData *data)
{
  g_return_val_if_fail (data != NULL, 0);

  return data->as_of_day;
}

gsize
hy_analysis_data_get_n_members (HyAnalysisData *data)
{
  g_return_val_if_fail (data != NULL, 0);

  return data->n_members;
}

gint64
hy_analysis_data_get_member_id (HyAnalysisData *data,
                                gsize           index)
{
  g_return_val_if_fail (data != NULL, 0);
  g_return_val_if_fail (index < data->n_members, 0);

  return data->member_id[index];
}

gssize
hy_analysis_data_find_member (HyAnalysisData *data,
                              gint64          member_id)
{
  gsize lo = 0, hi;

  g_return_val_if_fail (data != NULL, -1);

  hi = data->n_members;
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (data->member_id[mid] < member_id)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo < data->n_members && data->member_id[lo] == member_id ? (gssize) lo : -1;
}

guint32
_hy_analysis_data_upper (const HyAnalysisData *data,
                         gsize                 member,
                         gint32                day)
{
  guint32 lo = data->offsets[member];
  guint32 hi = data->offsets[member + 1];

  while (lo < hi)
    {
      guint32 mid = lo + (hi - lo) / 2;

      if (data->day[mid] <= day)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

guint
_hy_analysis_data_purchase_days (const HyAnalysisData *data,
                                 gsize                 member,
                                 gint32                until,
                                 GArray               *days)
{
  guint32 end = _hy_analysis_data_upper (data, member, until);
  guint n = 0;

  for (guint32 k = data->offsets[member]; k < end; k++)
    if (k == data->offsets[member] || data->day[k] != data->day[k - 1])
      {
        g_array_append_val (days, data->day[k]);
        n++;
      }

  return n;
}

static int
compare_int32 (gconstpointer a,
               gconstpointer b)
{
  gint32 x = *(const gint32 *) a;
  gint32 y = *(const gint32 *) b;

  return (x > y) - (x < y);
}

double
_hy_analysis_median_gap (GArray *days)
{
  g_autoptr(GArray) gaps = NULL;
  guint n;

  if (days->len < 2)
    return 0;

  gaps = g_array_sized_new (FALSE, FALSE, sizeof (gint32), days->len - 1);
  for (guint i = 1; i < days->len; i++)
    {
      gint32 gap = g_array_index (days, gint32, i) - g_array_index (days, gint32, i - 1);

      g_array_append_val (gaps, gap);
    }
  g_array_sort (gaps, compare_int32);
  n = gaps->len;

  if (n % 2 == 1)
    return g_array_index (gaps, gint32, n / 2);
  return (g_array_index (gaps, gint32, n / 2 - 1) + g_array_index (gaps, gint32, n / 2)) / 2.0;
}

gint32
hy_analysis_parse_day (HyDatabase  *db,
                       const char  *text,
                       GError     **error)
{
  int year, month, day;

  g_return_val_if_fail (HY_IS_DATABASE (db), -1);

  if (text == NULL || text[0] == '\0')
    return hy_time_local_day (hy_database_get_time_zone (db), hy_time_now ());

  if (!hy_parse_date (text, &year, &month, &day, NULL))
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("“%s” is not a date; write it like 2024-06-01"), text);
      return -1;
    }

  return hy_time_ymd_to_day (year, month, day);
}

gint64
hy_analysis_get_setting_int (HyDatabase *db,
                             const char *key,
                             gint64      fallback)
{
  g_autofree char *text = hy_database_dup_setting (db, key);
  gint64 value;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, 0, G_MAXINT32, &value, NULL))
    return fallback;

  return value;
}
