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
#include <string.h>

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

  _hy_analysis_data_clear_rows (data);
  g_free (data);
}

void
_hy_analysis_data_clear_rows (HyAnalysisData *data)
{
  g_clear_pointer (&data->member_id, g_free);
  g_clear_pointer (&data->joined_day, g_free);
  g_clear_pointer (&data->offsets, g_free);
  g_clear_pointer (&data->day, g_free);
  g_clear_pointer (&data->value, g_free);
  g_clear_pointer (&data->txn_id, g_free);
  g_clear_pointer (&data->walk_in_value, g_free);
  g_clear_pointer (&data->cat_start, g_free);
  g_clear_pointer (&data->cat, g_free);
  g_clear_pointer (&data->cat_names, g_ptr_array_unref);
  data->n_members = data->n_purchases = data->n_walk_in_days = 0;
}

/* One sale while loading from the tables: the member as an index, later grouped by member. */
typedef struct
{
  gint64  id;
  gint64  value;
  gint32  day;
  guint32 member;   /* HY_ANALYSIS_WALK_IN: a walk-in */
} Sale;

typedef HyAnalysisRefund Refund;

#define WALK_IN HY_ANALYSIS_WALK_IN

/* Below this many transactions the load uses one connection: a second costs more than it
 * saves.  Tests lower it to check both ways load the same data. */
gsize _hy_analysis_min_parallel = 200000;

typedef struct
{
  gint64 id;
  gint32 joined_day;
} JoinedMember;

static int
compare_joined_members (const void *a,
                        const void *b)
{
  const JoinedMember *x = a, *y = b;

  return (x->id > y->id) - (x->id < y->id);
}

/* Reads the members (id and local join day, in id order) into @data through @handle: the
 * database's own connection or a reader of it.  The partial index members_joined covers the
 * query and is a tenth of the table, so the rows come in join order and are put in id order
 * here: by a table of ids when they are dense (they are, unless rows were deleted by hand),
 * else by a sort.  Returns SQLITE_DONE or the error. */
static int
load_members_from (HyDatabase     *db,
                   sqlite3        *handle,
                   HyAnalysisData *data)
{
  /* max (id) is one step down the table; count (*) would read all of an index. */
  static const char select_max_id[] = "SELECT coalesce (max (id), 0) FROM members";
  static const char select_members[] =
    "SELECT id, joined_at FROM members WHERE merged_into IS NULL";
  GTimeZone *tz = hy_database_get_time_zone (db);
  sqlite3_stmt *stmt = NULL;
  g_autofree JoinedMember *rows = NULL;
  gsize capacity = 0, n = 0;
  gint64 max_id = 0;
  gint64 cached_day = G_MININT64;   /* the UTC day of the last member, when its offset is known */
  gint32 cached_offset = 0;
  int rc;

  if ((rc = sqlite3_prepare_v2 (handle, select_max_id, -1, &stmt, NULL)) != SQLITE_OK)
    return rc;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    max_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return rc;

  /* Ids are mostly dense: as many rows as the largest, more as they come. */
  capacity = CLAMP (max_id, 16, 1 << 24);
  rows = g_new (JoinedMember, capacity + 1);
  if ((rc = sqlite3_prepare_v2 (handle, select_members, -1, &stmt, NULL)) != SQLITE_OK)
    return rc;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 joined = sqlite3_column_int64 (stmt, 1);
      gint64 utc_day = joined >= 0 ? joined / 86400 : (joined - 86399) / 86400;

      /* Many members join on one day: look the zone up once per UTC day. */
      if (utc_day != cached_day)
        {
          gint32 a = offset_at (tz, utc_day * 86400);

          cached_day = a == offset_at (tz, utc_day * 86400 + 86399) ? utc_day : G_MININT64;
          cached_offset = a;
        }
      if (n == capacity)
        {
          capacity *= 2;
          rows = g_renew (JoinedMember, rows, capacity + 1);
        }
      rows[n].id = sqlite3_column_int64 (stmt, 0);
      if (utc_day == cached_day)
        {
          gint64 local = joined + cached_offset;

          rows[n].joined_day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
        }
      else
        rows[n].joined_day = hy_time_local_day (tz, joined);
      n++;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return rc;

  data->member_id = g_new (gint64, n + 1);
  data->joined_day = g_new (gint32, n + 1);
  if (max_id > 0 && (guint64) max_id <= 4 * (guint64) n + 65536)
    {
      g_autofree guint32 *at = g_new (guint32, max_id + 1);

      memset (at, 0xff, (max_id + 1) * sizeof (guint32));
      for (gsize i = 0; i < n; i++)
        if (rows[i].id > 0 && rows[i].id <= max_id)
          at[rows[i].id] = i;
      for (gint64 id = 1; id <= max_id; id++)
        if (at[id] != G_MAXUINT32)
          {
            data->member_id[data->n_members] = id;
            data->joined_day[data->n_members++] = rows[at[id]].joined_day;
          }
    }
  if (data->n_members != n)
    {
      /* Sparse ids, or ids the table could not hold: sort. */
      if (n > 1)
        qsort (rows, n, sizeof (JoinedMember), compare_joined_members);
      for (gsize i = 0; i < n; i++)
        {
          data->member_id[i] = rows[i].id;
          data->joined_day[i] = rows[i].joined_day;
        }
      data->n_members = n;
    }
  return SQLITE_DONE;
}

static gboolean
load_members (HyDatabase     *db,
              HyAnalysisData *data,
              GError        **error)
{
  int rc = load_members_from (db, _hy_database_get_handle (db), data);

  if (rc == SQLITE_DONE)
    return TRUE;
  _hy_database_set_error (db, rc, error, _("Could not read the members"));
  return FALSE;
}

/* The members read on a reader connection of their own, on another thread. */
typedef struct
{
  HyDatabase     *db;
  sqlite3        *reader;
  HyAnalysisData *data;
  int             rc;
} MemberLoad;

static gpointer
member_load_thread (gpointer user_data)
{
  MemberLoad *load = user_data;

  load->rc = load_members_from (load->db, load->reader, load->data);
  return NULL;
}

/* Each min () or max () in its own subquery: SQLite answers a lone one from the index in a few
 * steps, but min () and max () side by side make it scan the whole index. */
static gboolean
load_time_range (HyDatabase *db,
                 gint64     *min_utc,
                 gint64     *max_utc,
                 gint64     *max_id,
                 GError    **error)
{
  static const char select_range[] =
    "SELECT coalesce ((SELECT min (occurred_at) FROM transactions), 0),"
    "       coalesce ((SELECT max (occurred_at) FROM transactions), 0),"
    "       coalesce ((SELECT max (id) FROM transactions), 0)";
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hy_database_prepare (db, select_range, error)))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *min_utc = sqlite3_column_int64 (stmt, 0);
      *max_utc = sqlite3_column_int64 (stmt, 1);
      *max_id = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;

  _hy_database_set_error (db, rc, error, _("Could not read the purchases"));
  return FALSE;
}

int
_hy_analysis_compare_refunds (const void *a,
                              const void *b)
{
  const Refund *x = a, *y = b;

  return (x->sale_id > y->sale_id) - (x->sale_id < y->sale_id);
}

/* The member index of a member id (ids are in order), or WALK_IN for none or an unknown one. */
static guint32
member_index (HyAnalysisData *data,
              gint64          member_id)
{
  gssize i = member_id > 0 ? hy_analysis_data_find_member (data, member_id) : -1;

  return i >= 0 ? (guint32) i : WALK_IN;
}

/* One read of the transactions table.  With raw_members the sales keep their member id in
 * .member (the members are being loaded at the same time) and map_members () turns it into an
 * index afterwards; an id that does not fit sets too_big and stops the scan. */
typedef struct
{
  sqlite3        *reader;        /* NULL: the database's own connection */
  HyDatabase     *db;
  HyAnalysisData *data;
  const DayOffsets *offsets;
  gint64          end_utc;
  gboolean        raw_members;
  gboolean        too_big;
  gint64          member_id;     /* not 0: only this member's sales and their refunds */
  GArray         *sales;
  GArray         *refunds;
  int             rc;
} TransactionScan;

static const char select_transactions[] =
  "SELECT id, kind, member_id, occurred_at, net, refund_of FROM transactions";
static const char select_store_transactions[] =
  "SELECT id, kind, member_id, occurred_at, net, refund_of, store_id FROM transactions";
/* One member's rows by the member index, and refunds of their sales recorded without them. */
static const char select_member_transactions[] =
  "SELECT id, kind, member_id, occurred_at, net, refund_of, store_id FROM transactions"
  " WHERE member_id = ?1"
  " UNION ALL "
  "SELECT id, kind, member_id, occurred_at, net, refund_of, store_id FROM transactions"
  " WHERE refund_of IN (SELECT id FROM transactions WHERE member_id = ?1)"
  "   AND member_id IS NOT ?1"
  " ORDER BY 1";

/* Reads every transaction once, in table order (a sequential scan is far faster than walking
 * an index), keeping the sales and the refunds up to the as-of day. */
static void
transaction_scan_run (TransactionScan *scan)
{
  const char *sql = scan->member_id != 0 ? select_member_transactions
                    : scan->data->store_id == 0 ? select_transactions : select_store_transactions;
  sqlite3_stmt *stmt = NULL;
  gint64 last_member_id = 0;
  guint32 last_member = WALK_IN;
  int rc;

  if (scan->reader == NULL)
    stmt = _hy_database_prepare (scan->db, sql, NULL);
  else if (sqlite3_prepare_v2 (scan->reader, sql, -1, &stmt, NULL) != SQLITE_OK)
    stmt = NULL;
  if (stmt == NULL)
    {
      scan->rc = SQLITE_ERROR;
      return;
    }
  if (scan->member_id != 0)
    sqlite3_bind_int64 (stmt, 1, scan->member_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 at = sqlite3_column_int64 (stmt, 3);

      if (at >= scan->end_utc)
        continue;
      if (sqlite3_column_int (stmt, 1) != 0)
        {
          Refund refund = { sqlite3_column_int64 (stmt, 5), sqlite3_column_int64 (stmt, 4) };

          if (refund.sale_id != 0)
            g_array_append_val (scan->refunds, refund);
        }
      else if (scan->data->store_id == 0 || sqlite3_column_int64 (stmt, 6) == scan->data->store_id)
        {
          gint64 member_id = sqlite3_column_int64 (stmt, 2);
          Sale sale;

          /* Members' purchases come in runs: remember the last look-up. */
          if (member_id != last_member_id)
            {
              last_member_id = member_id;
              if (!scan->raw_members)
                last_member = member_index (scan->data, member_id);
              else if (member_id > 0 && member_id < WALK_IN)
                last_member = (guint32) member_id;
              else if (member_id <= 0)
                last_member = WALK_IN;
              else
                {
                  scan->too_big = TRUE;
                  break;
                }
            }
          sale.id = sqlite3_column_int64 (stmt, 0);
          sale.value = sqlite3_column_int64 (stmt, 4);
          sale.day = day_offsets_local_day (scan->offsets, at);
          sale.member = last_member;
          g_array_append_val (scan->sales, sale);
        }
    }
  scan->rc = scan->too_big ? SQLITE_DONE : rc;
  if (scan->reader == NULL)
    sqlite3_reset (stmt);
  else
    sqlite3_finalize (stmt);
}

static gpointer
transaction_scan_thread (gpointer user_data)
{
  transaction_scan_run (user_data);
  return NULL;
}

/* Member ids to indexes, once the members are loaded. */
static void
map_members (HyAnalysisData *data,
             GArray         *sales)
{
  Sale *s = (Sale *) (void *) sales->data;
  guint32 last_id = WALK_IN, last_member = WALK_IN;

  for (guint i = 0; i < sales->len; i++)
    {
      if (s[i].member == WALK_IN)
        continue;
      if (s[i].member != last_id)
        {
          last_id = s[i].member;
          last_member = member_index (data, last_id);
        }
      s[i].member = last_member;
    }
}

/* Loads the members and reads the transactions.  On a file database the transactions are read
 * by a second connection on a second thread while the members load: besides the overlap, the
 * scan gets a file descriptor of its own, whose readahead is not confused by the members'
 * pages.  With a cold page cache that is what made the load of a 3 GB database slow: the
 * kernel saw the two interleaved reads as random access and read the table 4 KiB at a time. */
static gboolean
load_members_and_transactions (HyDatabase     *db,
                               HyAnalysisData *data,
                               gint64          end_utc,
                               GArray         *sales,
                               GArray         *refunds,
                               GError        **error)
{
  DayOffsets offsets;
  gint64 min_utc = 0, max_utc = 0, max_id = 0;
  TransactionScan scan = { NULL, db, data, &offsets, end_utc, FALSE, FALSE, 0, sales, refunds, SQLITE_OK };
  GThread *thread = NULL;
  gboolean members_ok;

  if (!load_time_range (db, &min_utc, &max_utc, &max_id, error))
    return FALSE;
  /* Ids are dense in practice: room for every row up front instead of doubling and copying. */
  if (max_id > 0 && max_id < G_MAXINT32)
    {
      g_array_set_size (sales, max_id);
      g_array_set_size (sales, 0);
    }
  day_offsets_init (&offsets, hy_database_get_time_zone (db), min_utc, MIN (max_utc, end_utc));

  if (max_id >= _hy_analysis_min_parallel && g_get_num_processors () > 1 &&
      (scan.reader = _hy_database_open_reader (db)) != NULL)
    {
      /* Page faults on a mapping read around the page; read () of a page the kernel thinks is
       * random reads just that page.  SQLite caps the mapping at its own limit. */
      sqlite3_exec (scan.reader, "PRAGMA mmap_size = 17179869184", NULL, NULL, NULL);
      scan.raw_members = TRUE;
      thread = g_thread_new ("hy-analysis-load", transaction_scan_thread, &scan);
    }
  members_ok = load_members (db, data, error);
  if (thread != NULL)
    g_thread_join (thread);
  g_clear_pointer (&scan.reader, sqlite3_close);

  if (members_ok && scan.raw_members && !scan.too_big)
    map_members (data, sales);
  else if (members_ok)
    {
      /* No second connection, or a member id too large to carry: one scan, members known. */
      g_array_set_size (sales, 0);
      g_array_set_size (refunds, 0);
      scan.raw_members = FALSE;
      scan.too_big = FALSE;
      transaction_scan_run (&scan);
    }
  g_free (offsets.offset);

  if (!members_ok)
    return FALSE;
  if (scan.rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, scan.rc, error, _("Could not read the purchases"));
      return FALSE;
    }

  return TRUE;
}

/* Takes the refunds off their sales (both in id order: one merge) and drops the sales refunded
 * in full, the rule of HY_SALE_IS_VOID_SQL as of the as-of day. */
static void
apply_refunds (GArray *sales,
               GArray *refunds)
{
  Refund *r = (Refund *) (void *) refunds->data;
  Sale *s = (Sale *) (void *) sales->data;
  guint j = 0, kept = 0;

  if (refunds->len > 1)   /* qsort () must not see the NULL of an empty array */
    qsort (r, refunds->len, sizeof (Refund), _hy_analysis_compare_refunds);
  for (guint i = 0; i < sales->len; i++)
    {
      Sale sale = s[i];
      gboolean refunded = FALSE;

      while (j < refunds->len && r[j].sale_id < sale.id)
        j++;
      for (; j < refunds->len && r[j].sale_id == sale.id; j++)
        {
          sale.value += r[j].amount;
          refunded = TRUE;
        }
      if (!refunded || sale.value > 0)
        s[kept++] = sale;
    }
  g_array_set_size (sales, kept);
}

/* Walk-in takings per day, for the members' share of sales. */
static void
collect_walk_ins (HyAnalysisData *data,
                  GArray         *sales)
{
  const Sale *s = (const Sale *) (void *) sales->data;
  gint32 lo = G_MAXINT32, hi = G_MININT32;

  for (guint i = 0; i < sales->len; i++)
    if (s[i].member == WALK_IN)
      {
        lo = MIN (lo, s[i].day);
        hi = MAX (hi, s[i].day);
      }
  if (lo > hi)
    return;

  data->walk_in_first_day = lo;
  data->n_walk_in_days = hi - lo + 1;
  data->walk_in_value = g_new0 (gint64, data->n_walk_in_days);
  for (guint i = 0; i < sales->len; i++)
    if (s[i].member == WALK_IN)
      data->walk_in_value[s[i].day - lo] += s[i].value;
}

/* Drops the members who did not exist on the as-of day (joined later, no purchase by then),
 * then groups the purchases by member with a counting sort, in day order within a member. */
static void
group_by_member (HyAnalysisData *data,
                 GArray         *sales)
{
  const Sale *s = (const Sale *) (void *) sales->data;
  g_autofree guint32 *count = g_new0 (guint32, data->n_members + 1);
  g_autofree guint32 *remap = g_new (guint32, data->n_members + 1);
  g_autofree guint32 *next = NULL;
  gsize n = 0, n_purchases = 0;

  for (guint i = 0; i < sales->len; i++)
    if (s[i].member != WALK_IN)
      count[s[i].member]++;

  for (gsize i = 0; i < data->n_members; i++)
    {
      if (data->joined_day[i] > data->as_of_day && count[i] == 0)
        {
          remap[i] = WALK_IN;
          continue;
        }
      remap[i] = n;
      data->member_id[n] = data->member_id[i];
      data->joined_day[n] = data->joined_day[i];
      count[n] = count[i];
      n_purchases += count[i];
      n++;
    }
  data->n_members = n;

  data->offsets = g_new (guint32, n + 1);
  next = g_new (guint32, n + 1);
  data->offsets[0] = 0;
  for (gsize i = 0; i < n; i++)
    data->offsets[i + 1] = data->offsets[i] + count[i];
  memcpy (next, data->offsets, (n + 1) * sizeof (guint32));

  data->n_purchases = n_purchases;
  data->day = g_new (gint32, n_purchases + 1);
  data->value = g_new (gint64, n_purchases + 1);
  data->txn_id = g_new (gint64, n_purchases + 1);
  for (guint i = 0; i < sales->len; i++)
    {
      guint32 m, k;

      if (s[i].member == WALK_IN || (m = remap[s[i].member]) == WALK_IN)
        continue;
      k = next[m]++;
      /* Insert in day order; sales mostly arrive in time order, so this rarely moves. */
      while (k > data->offsets[m] && data->day[k - 1] > s[i].day)
        {
          data->day[k] = data->day[k - 1];
          data->value[k] = data->value[k - 1];
          data->txn_id[k] = data->txn_id[k - 1];
          k--;
        }
      data->day[k] = s[i].day;
      data->value[k] = s[i].value;
      data->txn_id[k] = s[i].id;
    }
}

HyAnalysisData *
hy_analysis_data_load (HyDatabase  *db,
                       gint32       as_of_day,
                       gint64       store_id,
                       GError     **error)
{
  g_autoptr(HyAnalysisData) data = g_new0 (HyAnalysisData, 1);
  g_autoptr(GArray) sales = g_array_new (FALSE, FALSE, sizeof (Sale));
  g_autoptr(GArray) refunds = g_array_new (FALSE, FALSE, sizeof (Refund));
  gint64 end_utc;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);

  data->as_of_day = as_of_day;
  data->store_id = store_id;
  end_utc = hy_time_day_start (hy_database_get_time_zone (db), as_of_day + 1);

  if (_hy_analysis_use_cache)
    {
      g_autoptr(HyAnalysisCacheRows) rows = NULL;
      MemberLoad load = { db, _hy_database_open_reader (db), data, SQLITE_OK };
      GThread *thread = NULL;

      /* The members load on a second connection while the cache is read on this one. */
      if (load.reader != NULL)
        thread = g_thread_new ("hy-analysis-members", member_load_thread, &load);
      rows = _hy_analysis_cache_fetch (db);
      if (thread != NULL)
        {
          g_thread_join (thread);
          g_clear_pointer (&load.reader, sqlite3_close);
          if (load.rc != SQLITE_DONE)
            {
              _hy_database_set_error (db, load.rc, error, _("Could not read the members"));
              return NULL;
            }
        }
      else if (!load_members (db, data, error))
        return NULL;
      if (rows != NULL)
        {
          _hy_analysis_cache_group (g_steal_pointer (&rows), data);
          return g_steal_pointer (&data);
        }
      /* No cache to serve: the members load again with the transactions. */
      g_clear_pointer (&data->member_id, g_free);
      g_clear_pointer (&data->joined_day, g_free);
      data->n_members = 0;
    }
  if (!load_members_and_transactions (db, data, end_utc, sales, refunds, error))
    return NULL;

  apply_refunds (sales, refunds);
  collect_walk_ins (data, sales);
  group_by_member (data, sales);
  return g_steal_pointer (&data);
}

HyAnalysisData *
_hy_analysis_data_load_member (HyDatabase  *db,
                               gint32       as_of_day,
                               gint64       store_id,
                               gint64       member_id,
                               GError     **error)
{
  static const char select_member[] =
    "SELECT joined_at FROM members WHERE id = ?1 AND merged_into IS NULL";
  g_autoptr(HyAnalysisData) data = g_new0 (HyAnalysisData, 1);
  g_autoptr(GArray) sales = g_array_new (FALSE, FALSE, sizeof (Sale));
  g_autoptr(GArray) refunds = g_array_new (FALSE, FALSE, sizeof (Refund));
  GTimeZone *tz = hy_database_get_time_zone (db);
  DayOffsets offsets = { tz, 0, 0, NULL };   /* no table: every time takes the exact path */
  TransactionScan scan = { NULL, db, data, &offsets, 0, FALSE, FALSE, member_id, sales, refunds, SQLITE_OK };
  sqlite3_stmt *stmt;
  int rc;

  g_assert (member_id > 0);

  data->as_of_day = as_of_day;
  data->store_id = store_id;
  data->member_id = g_new (gint64, 2);
  data->joined_day = g_new (gint32, 2);
  scan.end_utc = hy_time_day_start (tz, as_of_day + 1);

  if (!(stmt = _hy_database_prepare (db, select_member, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, member_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      data->member_id[0] = member_id;
      data->joined_day[0] = hy_time_local_day (tz, sqlite3_column_int64 (stmt, 0));
      data->n_members = 1;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not read the members"));
      return NULL;
    }

  transaction_scan_run (&scan);
  if (scan.rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, scan.rc, error, _("Could not read the purchases"));
      return NULL;
    }
  apply_refunds (sales, refunds);
  group_by_member (data, sales);
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

double
_hy_analysis_median_gap_of (const gint32 *days,
                            guint         n,
                            gint32       *gaps)
{
  guint n_gaps;

  if (n < 2)
    return 0;

  n_gaps = n - 1;
  for (guint i = 1; i < n; i++)
    gaps[i - 1] = days[i] - days[i - 1];
  /* Members have few purchase days: an insertion sort beats the selection's overhead below a
   * few dozen. */
  if (n_gaps <= 32)
    {
      for (guint i = 1; i < n_gaps; i++)
        {
          gint32 gap = gaps[i];
          guint j = i;

          for (; j > 0 && gaps[j - 1] > gap; j--)
            gaps[j] = gaps[j - 1];
          gaps[j] = gap;
        }
      if (n_gaps % 2 == 1)
        return gaps[n_gaps / 2];
      return (gaps[n_gaps / 2 - 1] + gaps[n_gaps / 2]) / 2.0;
    }
  else
    {
      /* The upper middle by selection; with an even count the lower middle is the largest
       * of the gaps before it, none of which is larger. */
      gint32 upper = _hy_analysis_select_int32 (gaps, n_gaps, n_gaps / 2);
      gint32 lower = gaps[0];

      if (n_gaps % 2 == 1)
        return upper;
      for (guint i = 1; i < n_gaps / 2; i++)
        lower = MAX (lower, gaps[i]);
      return (lower + upper) / 2.0;
    }
}

/* Hoare's selection with a median-of-three pivot: reorders v[0..n) so that v[k] holds what a
 * sort would put there, nothing larger before it, nothing smaller after it.  Linear on average
 * where a sort takes n log n.  Both scans stop at the pivot's value, so that a long run of one
 * value (a million members who came once) splits evenly instead of degrading. */
#define DEFINE_SELECT(name, type)                                              \
type                                                                           \
name (type  *v,                                                                \
      gsize  n,                                                                \
      gsize  k)                                                                \
{                                                                              \
  gssize lo = 0, hi = (gssize) n - 1, want = (gssize) k;                       \
                                                                               \
  g_assert (k < n);                                                            \
  while (lo < hi)                                                              \
    {                                                                          \
      type a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi];                   \
      type pivot = MAX (MIN (a, b), MIN (MAX (a, b), c));                      \
      gssize i = lo, j = hi;                                                   \
                                                                               \
      while (i <= j)                                                           \
        {                                                                      \
          while (v[i] < pivot)                                                 \
            i++;                                                               \
          while (v[j] > pivot)                                                 \
            j--;                                                               \
          if (i <= j)                                                          \
            {                                                                  \
              type t = v[i];                                                   \
                                                                               \
              v[i++] = v[j];                                                   \
              v[j--] = t;                                                      \
            }                                                                  \
        }                                                                      \
      /* v[lo..j] <= pivot <= v[i..hi]; what lies between equals the pivot. */ \
      if (want <= j)                                                           \
        hi = j;                                                                \
      else if (want >= i)                                                      \
        lo = i;                                                                \
      else                                                                     \
        break;                                                                 \
    }                                                                          \
  return v[k];                                                                 \
}

DEFINE_SELECT (_hy_analysis_select_int32, gint32)
DEFINE_SELECT (_hy_analysis_select_int64, gint64)
DEFINE_SELECT (_hy_analysis_select_double, double)

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

gint64
_hy_analysis_data_walk_ins (const HyAnalysisData *data,
                            gint32                start,
                            gint32                end)
{
  gint64 total = 0;

  for (gint32 day = MAX (start, data->walk_in_first_day);
       day <= end && day - data->walk_in_first_day < (gint64) data->n_walk_in_days; day++)
    total += data->walk_in_value[day - data->walk_in_first_day];

  return total;
}
