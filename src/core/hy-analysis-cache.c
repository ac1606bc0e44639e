/* hy-analysis-cache.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a full analysis reads of the transactions, kept in the database as column blobs (table
 * analysis_cache, migration 10), so that an analysis reads ~25 bytes a purchase instead of
 * stepping every row through SQLite and rescanning the items for the category rule.
 *
 * Transactions and their items are append-only, except that a member merge moves the merged
 * member's transactions to the survivor.  So the cache holds the rows up to a transaction id
 * (analysis_cache_state.last_id); a load reads the parts and then the rows after that id from
 * the tables (the tail), and writes the tail in as a new part when it is long enough.  The state
 * also records the number of merges and the time zone the days were computed in: when either
 * changed, the cache is rebuilt from the tables.  Anything the compact columns cannot carry
 * (ids or amounts past 32 bits, more than 65535 categories) makes the cache step aside.
 */

#include "config.h"

#include <string.h>

#include "hy-analysis-cache-private.h"
#include "hy-database-private.h"
#include "hy-time.h"

/* Bumped when the layout of a part changes; the byte order is part of it. */
#define CACHE_FORMAT (1 + (G_BYTE_ORDER == G_LITTLE_ENDIAN ? 0 : 0x100))
#define PART_ROWS    (1u << 20)

gsize    _hy_analysis_cache_min_tail = 10000;
gboolean _hy_analysis_use_cache = TRUE;

#define HEADER_SIZE 24

/* Points the columns into buf (widest first, so every column is aligned); the size needed. */
static gsize
part_layout (HyCachePart *p)
{
  gsize at = HEADER_SIZE;

#define COLUMN(field, n) \
  p->field = (void *) (p->buf != NULL ? p->buf + at : NULL); at += (gsize) (n) * sizeof *p->field;
  COLUMN (refund_sale, p->n_refunds);
  COLUMN (refund_id, p->n_refunds);
  COLUMN (refund_day, p->n_refunds);
  COLUMN (refund_net, p->n_refunds);
  COLUMN (sale_id, p->n_sales);
  COLUMN (member, p->n_sales);
  COLUMN (day, p->n_sales);
  COLUMN (net, p->n_sales);
  COLUMN (store, p->n_sales);
  COLUMN (cats, p->n_cats);
  COLUMN (n_sale_cats, p->n_sales);
#undef COLUMN
  return at;
}

/* Takes over a blob read into an 8-aligned buffer; FALSE when it is not a well-formed part. */
static gboolean
part_open (HyCachePart *p,
           guint8      *buf,
           gsize        size)
{
  memset (p, 0, sizeof *p);
  if (size < HEADER_SIZE)
    {
      g_free (buf);
      return FALSE;
    }
  memcpy (&p->n_sales, buf, 4);
  memcpy (&p->n_refunds, buf + 4, 4);
  memcpy (&p->n_cats, buf + 8, 4);
  memcpy (&p->base_id, buf + 16, 8);
  p->buf = buf;
  p->size = size;
  if (p->n_sales > PART_ROWS || p->n_refunds > PART_ROWS || part_layout (p) != size)
    {
      g_clear_pointer (&p->buf, g_free);
      return FALSE;
    }
  return TRUE;
}

static void
part_clear (HyCachePart *p)
{
  g_clear_pointer (&p->buf, g_free);
}

/* A part being read from the tables. */
typedef struct
{
  gint64  base_id;
  GArray *refund_sale, *refund_id, *refund_day, *refund_net;
  GArray *sale_id, *member, *day, *net, *store, *cats, *n_sale_cats;
  guint   rows;
} PartBuilder;

static void
part_builder_init (PartBuilder *b,
                   gint64       base_id)
{
  b->base_id = base_id;
  b->rows = 0;
#define NEW(field, type) b->field = g_array_new (FALSE, FALSE, sizeof (type))
  NEW (refund_sale, gint64);
  NEW (refund_id, guint32);
  NEW (refund_day, gint32);
  NEW (refund_net, gint32);
  NEW (sale_id, guint32);
  NEW (member, guint32);
  NEW (day, gint32);
  NEW (net, gint32);
  NEW (store, guint32);
  NEW (cats, guint16);
  NEW (n_sale_cats, guint8);
#undef NEW
}

/* Packs the builder into a part and frees it. */
static void
part_builder_finish (PartBuilder *b,
                     HyCachePart *p)
{
  memset (p, 0, sizeof *p);
  p->n_sales = b->sale_id->len;
  p->n_refunds = b->refund_id->len;
  p->n_cats = b->cats->len;
  p->base_id = b->base_id;
  p->size = part_layout (p);
  p->buf = g_malloc0 (p->size);
  memcpy (p->buf, &p->n_sales, 4);
  memcpy (p->buf + 4, &p->n_refunds, 4);
  memcpy (p->buf + 8, &p->n_cats, 4);
  memcpy (p->buf + 16, &p->base_id, 8);
  part_layout (p);
/* An empty GArray's data may be NULL, which memcpy () must not see even for 0 bytes. */
#define PACK(field) \
  if (b->field->len > 0) \
    memcpy (p->field, b->field->data, (gsize) b->field->len * g_array_get_element_size (b->field)); \
  g_array_unref (b->field);
  PACK (refund_sale);
  PACK (refund_id);
  PACK (refund_day);
  PACK (refund_net);
  PACK (sale_id);
  PACK (member);
  PACK (day);
  PACK (net);
  PACK (store);
  PACK (cats);
  PACK (n_sale_cats);
#undef PACK
}

typedef struct
{
  gint64 merges;
  gint64 last_id;
  gboolean valid;     /* a state row of this format and time zone */
} CacheState;

/* The cache's state as @handle sees it, for a database in time zone @tz. */
static gboolean
read_state_on (sqlite3    *handle,
               const char *tz,
               CacheState *state)
{
  static const char select_state[] =
    "SELECT format, time_zone, merges, last_id FROM analysis_cache_state WHERE id = 1";
  static const char count_merges[] = "SELECT coalesce (max (id), 0) + count (*) FROM member_merges";
  gint64 merges = -1;
  sqlite3_stmt *stmt = NULL;
  int rc;

  memset (state, 0, sizeof *state);
  if (sqlite3_prepare_v2 (handle, count_merges, -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    merges = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc != SQLITE_ROW || sqlite3_prepare_v2 (handle, select_state, -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW &&
      sqlite3_column_int64 (stmt, 0) == CACHE_FORMAT &&
      g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), tz) == 0 &&
      sqlite3_column_int64 (stmt, 2) == merges)
    {
      state->valid = TRUE;
      state->last_id = sqlite3_column_int64 (stmt, 3);
    }
  sqlite3_finalize (stmt);
  state->merges = merges;
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

static gboolean
read_state (HyDatabase *db,
            CacheState *state)
{
  return read_state_on (_hy_database_get_handle (db),
                        g_time_zone_get_identifier (hy_database_get_time_zone (db)), state);
}

static gboolean
read_names (HyDatabase *db,
            GPtrArray  *names,
            GHashTable *numbers)
{
  static const char select_names[] = "SELECT number, name FROM analysis_cache_categories ORDER BY number";
  sqlite3_stmt *stmt = _hy_database_prepare (db, select_names, NULL);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char *name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));

      if (sqlite3_column_int64 (stmt, 0) != names->len)
        {
          g_free (name);
          rc = SQLITE_CORRUPT;
          break;
        }
      g_ptr_array_add (names, name);
      g_hash_table_insert (numbers, name, GUINT_TO_POINTER (names->len - 1));
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

/* Every cached part up to state->last_id, blob by blob into buffers of our own. */
/* Parts are read on a second connection while this one reads the others from this many bytes
 * of them on (tests lower it). */
gsize _hy_analysis_cache_parallel_bytes = 32 << 20;

/* Reads part @number (@size bytes) on @handle. */
static gboolean
read_part (sqlite3     *handle,
           gint64       number,
           gsize        size,
           HyCachePart *part)
{
  sqlite3_blob *blob = NULL;
  guint8 *buf = g_malloc (MAX (size, 1));
  gboolean ok;

  ok = sqlite3_blob_open (handle, "main", "analysis_cache", "data", number, 0, &blob) == SQLITE_OK &&
       sqlite3_blob_read (blob, buf, size, 0) == SQLITE_OK;
  sqlite3_blob_close (blob);
  if (!ok)
    {
      g_free (buf);
      return FALSE;
    }
  return part_open (part, buf, size);
}

/* Parts from .. to, read on a connection of their own, which must see the cache as @expected. */
typedef struct
{
  sqlite3      *reader;
  const char   *tz;
  CacheState    expected;
  const gint64 *number;
  const gsize  *size;
  HyCachePart  *parts;
  guint         from;
  guint         to;
  gboolean      ok;
} PartRead;

static gpointer
part_read_thread (gpointer user_data)
{
  PartRead *r = user_data;
  CacheState seen;

  r->ok = sqlite3_exec (r->reader, "BEGIN", NULL, NULL, NULL) == SQLITE_OK &&
          read_state_on (r->reader, r->tz, &seen) && seen.valid && r->expected.valid &&
          seen.last_id == r->expected.last_id && seen.merges == r->expected.merges;
  for (guint p = r->from; r->ok && p < r->to; p++)
    r->ok = read_part (r->reader, r->number[p], r->size[p], &r->parts[p]);
  sqlite3_exec (r->reader, "COMMIT", NULL, NULL, NULL);
  return NULL;
}

/* Reads every part, the later ones on @reader (when not NULL and they are big enough) while
 * this connection reads the first ones; @state is what this connection's read saw. */
static gboolean
read_parts (HyDatabase       *db,
            sqlite3          *reader,
            const CacheState *state,
            GArray           *parts)
{
  static const char select_parts[] = "SELECT part, length (data) FROM analysis_cache ORDER BY part";
  sqlite3 *handle = _hy_database_get_handle (db);
  sqlite3_stmt *stmt = _hy_database_prepare (db, select_parts, NULL);
  g_autoptr(GArray) number = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) size = g_array_new (FALSE, FALSE, sizeof (gsize));
  HyCachePart *p;
  PartRead r = { 0 };
  GThread *thread = NULL;
  gsize total = 0, half = 0;
  guint n, split;
  gboolean ok = TRUE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gsize bytes = sqlite3_column_int64 (stmt, 1);

      g_array_append_val (number, id);
      g_array_append_val (size, bytes);
      total += bytes;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return FALSE;

  n = number->len;
  g_array_set_size (parts, n);
  p = (HyCachePart *) (void *) parts->data;
  memset (p, 0, n * sizeof (HyCachePart));
  /* The first parts up to half the bytes here, the others on the reader. */
  for (split = 0; split < n && half + g_array_index (size, gsize, split) / 2 < total / 2; split++)
    half += g_array_index (size, gsize, split);
  if (reader != NULL && n >= 2 && total >= _hy_analysis_cache_parallel_bytes && split > 0 && split < n)
    {
      r = (PartRead) {
        reader, g_time_zone_get_identifier (hy_database_get_time_zone (db)), *state,
        (const gint64 *) (void *) number->data, (const gsize *) (void *) size->data, p, split, n, FALSE,
      };
      thread = g_thread_new ("hy-analysis-cache", part_read_thread, &r);
    }
  else
    split = n;

  for (guint k = 0; ok && k < split; k++)
    ok = read_part (handle, g_array_index (number, gint64, k), g_array_index (size, gsize, k), &p[k]);
  if (thread != NULL)
    {
      g_thread_join (thread);
      /* The reader saw another cache, or failed: its parts are read here. */
      for (guint k = split; ok && !r.ok && k < n; k++)
        {
          part_clear (&p[k]);
          ok = read_part (handle, g_array_index (number, gint64, k), g_array_index (size, gsize, k), &p[k]);
        }
    }
  if (!ok)
    {
      for (guint k = 0; k < n; k++)
        part_clear (&p[k]);
      g_array_set_size (parts, 0);
    }
  return ok;
}

/* The category numbers of one sale's items (cursor on transaction_items), appended to b. */
static gboolean
read_tail (HyDatabase *db,
           gint64      after_id,
           GPtrArray  *names,
           GHashTable *numbers,
           GArray     *parts)
{
  static const char select_rows[] =
    "SELECT id, kind, member_id, occurred_at, net, refund_of, store_id FROM transactions WHERE id > ?1";
  static const char select_items[] =
    "SELECT transaction_id, category FROM transaction_items WHERE transaction_id > ?1";
  GTimeZone *tz = hy_database_get_time_zone (db);
  sqlite3_stmt *rows = _hy_database_prepare (db, select_rows, NULL);
  sqlite3_stmt *items = NULL;
  gint64 item_id = G_MAXINT64, cached_utc_day = G_MININT64;
  gint32 cached_offset = 0;
  gboolean ok = TRUE, building = FALSE;
  PartBuilder b;
  int rc, item_rc = SQLITE_DONE;

  if (rows == NULL)
    return FALSE;
  /* A second statement on the same connection: prepared here, not from the cache. */
  if (sqlite3_prepare_v2 (_hy_database_get_handle (db), select_items, -1, &items, NULL) != SQLITE_OK)
    {
      sqlite3_reset (rows);
      return FALSE;
    }
  sqlite3_bind_int64 (rows, 1, after_id);
  sqlite3_bind_int64 (items, 1, after_id);
  if ((item_rc = sqlite3_step (items)) == SQLITE_ROW)
    item_id = sqlite3_column_int64 (items, 0);

  while (ok && (rc = sqlite3_step (rows)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (rows, 0);
      gint64 at = sqlite3_column_int64 (rows, 3);
      gint64 net = sqlite3_column_int64 (rows, 4);
      gint64 utc_day = at >= 0 ? at / 86400 : (at - 86399) / 86400;
      gint32 day;

      if (building && (b.rows >= PART_ROWS || id - b.base_id > G_MAXUINT32))
        {
          HyCachePart part;

          part_builder_finish (&b, &part);
          g_array_append_val (parts, part);
          building = FALSE;
        }
      if (!building)
        {
          part_builder_init (&b, id);
          building = TRUE;
        }
      b.rows++;

      /* Rows come in id order, mostly in time order too: the zone is looked up per UTC day. */
      if (utc_day != cached_utc_day)
        {
          gint64 start = utc_day * 86400;
          gint32 a = g_time_zone_get_offset (tz, g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, start));
          gint32 z = g_time_zone_get_offset (tz, g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, start + 86399));

          cached_utc_day = a == z ? utc_day : G_MININT64;
          cached_offset = a;
        }
      if (utc_day == cached_utc_day)
        {
          gint64 local = at + cached_offset;

          day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
        }
      else
        day = hy_time_local_day (tz, at);

      if (net < G_MININT32 || net > G_MAXINT32)
        ok = FALSE;
      else if (sqlite3_column_int (rows, 1) != 0)
        {
          gint64 sale = sqlite3_column_int64 (rows, 5);
          guint32 delta = id - b.base_id;
          gint32 amount = net;

          g_array_append_val (b.refund_sale, sale);
          g_array_append_val (b.refund_id, delta);
          g_array_append_val (b.refund_day, day);
          g_array_append_val (b.refund_net, amount);
        }
      else
        {
          gint64 member_id = sqlite3_column_int64 (rows, 2);
          gint64 store_id = sqlite3_column_int64 (rows, 6);
          guint32 delta = id - b.base_id, member = MAX (member_id, 0), store = MAX (store_id, 0);
          gint32 amount = net;
          guint first = b.cats->len;
          guint8 n;

          ok = member_id < G_MAXUINT32 && store_id < G_MAXUINT32;
          g_array_append_val (b.sale_id, delta);
          g_array_append_val (b.member, member);
          g_array_append_val (b.day, day);
          g_array_append_val (b.net, amount);
          g_array_append_val (b.store, store);

          /* Items are in (transaction id, line) order: the ones of this sale come next. */
          while (item_rc == SQLITE_ROW && item_id < id)
            if ((item_rc = sqlite3_step (items)) == SQLITE_ROW)
              item_id = sqlite3_column_int64 (items, 0);
          while (ok && item_rc == SQLITE_ROW && item_id == id)
            {
              const char *name = (const char *) sqlite3_column_text (items, 1);
              gpointer found;
              guint16 c;

              if (name != NULL && name[0] != '\0')
                {
                  if (g_hash_table_lookup_extended (numbers, name, NULL, &found))
                    c = GPOINTER_TO_UINT (found);
                  else if (names->len >= G_MAXUINT16)
                    ok = FALSE;
                  else
                    {
                      char *copy = g_strdup (name);

                      g_ptr_array_add (names, copy);
                      g_hash_table_insert (numbers, copy, GUINT_TO_POINTER (names->len - 1));
                      c = names->len - 1;
                    }
                  for (guint j = first; ok && j < b.cats->len; j++)
                    if (g_array_index (b.cats, guint16, j) == c)
                      c = G_MAXUINT16;
                  if (ok && c != G_MAXUINT16)
                    g_array_append_val (b.cats, c);
                }
              if ((item_rc = sqlite3_step (items)) == SQLITE_ROW)
                item_id = sqlite3_column_int64 (items, 0);
            }
          if (b.cats->len - first > G_MAXUINT8)
            ok = FALSE;
          n = b.cats->len - first;
          g_array_append_val (b.n_sale_cats, n);
        }
    }
  if (building)
    {
      HyCachePart part;

      part_builder_finish (&b, &part);
      g_array_append_val (parts, part);
    }
  sqlite3_reset (rows);
  sqlite3_finalize (items);
  return ok && rc == SQLITE_DONE && (item_rc == SQLITE_DONE || item_rc == SQLITE_ROW);
}

/* Writes the tail's parts in (after the parts already there, or instead of them when the cache
 * was stale), unless another connection changed the cache or merged members meanwhile. */
static void
write_tail (HyDatabase       *db,
            const CacheState *read,
            GPtrArray        *names,
            guint             n_old_names,
            HyCachePart      *tail,
            guint             n_tail,
            gint64            last_id)
{
  static const char delete_all[] =
    "DELETE FROM analysis_cache; DELETE FROM analysis_cache_categories; DELETE FROM analysis_cache_state";
  static const char insert_part[] =
    "INSERT INTO analysis_cache (part, last_id, data)"
    " VALUES ((SELECT coalesce (max (part), 0) + 1 FROM analysis_cache), ?1, ?2)";
  static const char insert_name[] = "INSERT INTO analysis_cache_categories (number, name) VALUES (?1, ?2)";
  static const char upsert_state[] =
    "INSERT OR REPLACE INTO analysis_cache_state (id, format, time_zone, merges, last_id)"
    " VALUES (1, ?1, ?2, ?3, ?4)";
  g_autoptr(GError) error = NULL;
  CacheState now;
  sqlite3_stmt *stmt;
  gboolean ok;

  if (!hy_database_begin (db, &error))
    {
      g_debug ("Analysis cache not written: %s", error->message);
      return;
    }
  ok = read_state (db, &now) && now.merges == read->merges && now.valid == read->valid &&
       (!now.valid || now.last_id == read->last_id);
  if (ok && !read->valid)
    ok = _hy_database_exec (db, delete_all, NULL);
  for (guint p = 0; ok && p < n_tail; p++)
    {
      gint64 part_last = p + 1 < n_tail ? tail[p + 1].base_id - 1 : last_id;

      ok = (stmt = _hy_database_prepare (db, insert_part, NULL)) != NULL;
      if (!ok)
        break;
      sqlite3_bind_int64 (stmt, 1, part_last);
      sqlite3_bind_blob64 (stmt, 2, tail[p].buf, tail[p].size, SQLITE_STATIC);
      ok = _hy_database_step_done (db, stmt, NULL);
    }
  for (guint c = read->valid ? n_old_names : 0; ok && c < names->len; c++)
    {
      ok = (stmt = _hy_database_prepare (db, insert_name, NULL)) != NULL;
      if (!ok)
        break;
      sqlite3_bind_int64 (stmt, 1, c);
      sqlite3_bind_text (stmt, 2, g_ptr_array_index (names, c), -1, SQLITE_TRANSIENT);
      ok = _hy_database_step_done (db, stmt, NULL);
    }
  if (ok && (ok = (stmt = _hy_database_prepare (db, upsert_state, NULL)) != NULL))
    {
      sqlite3_bind_int64 (stmt, 1, CACHE_FORMAT);
      sqlite3_bind_text (stmt, 2, g_time_zone_get_identifier (hy_database_get_time_zone (db)), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, read->merges);
      sqlite3_bind_int64 (stmt, 4, last_id);
      ok = _hy_database_step_done (db, stmt, NULL);
    }
  if (!ok || !hy_database_commit (db, NULL))
    {
      if (_hy_database_in_transaction (db))
        hy_database_rollback (db);
      g_debug ("Analysis cache not written");
    }
}

struct _HyAnalysisCacheRows
{
  GArray    *parts;
  GPtrArray *names;
};

void
_hy_analysis_cache_rows_free (HyAnalysisCacheRows *rows)
{
  if (rows == NULL)
    return;

  for (guint p = 0; p < rows->parts->len; p++)
    part_clear (&g_array_index (rows->parts, HyCachePart, p));
  g_array_unref (rows->parts);
  g_ptr_array_unref (rows->names);
  g_free (rows);
}

HyAnalysisCacheRows *
_hy_analysis_cache_fetch (HyDatabase *db)
{
  g_autoptr(HyAnalysisCacheRows) rows = g_new0 (HyAnalysisCacheRows, 1);
  g_autoptr(GHashTable) numbers = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean own_read = !_hy_database_in_transaction (db) && sqlite3_get_autocommit (_hy_database_get_handle (db));
  gboolean ok;
  CacheState state;
  guint n_cached = 0, n_old_names = 0;
  gsize tail_rows = 0;
  gint64 last_id = 0;
  sqlite3 *reader = NULL;
  GArray *parts;

  rows->parts = parts = g_array_new (FALSE, FALSE, sizeof (HyCachePart));
  rows->names = g_ptr_array_new_with_free_func (g_free);
  if (hy_database_is_remote (db))
    return NULL;
  /* A second connection for reading parts, opened before this one's read begins. */
  if (own_read && g_get_num_processors () > 1)
    reader = _hy_database_open_reader (db);
  /* One read transaction: the parts, the names and the tail from one snapshot. */
  if (own_read && !_hy_database_exec (db, "BEGIN", NULL))
    {
      g_clear_pointer (&reader, sqlite3_close);
      return NULL;
    }
  ok = read_state (db, &state);
  if (ok && state.valid)
    ok = read_names (db, rows->names, numbers) && read_parts (db, reader, &state, parts);
  g_clear_pointer (&reader, sqlite3_close);
  n_cached = parts->len;
  n_old_names = rows->names->len;
  ok = ok && read_tail (db, state.valid ? state.last_id : 0, rows->names, numbers, parts);
  if (own_read)
    _hy_database_exec (db, "COMMIT", NULL);
  if (!ok)
    return NULL;

  last_id = state.valid ? state.last_id : 0;
  for (guint p = n_cached; p < parts->len; p++)
    {
      const HyCachePart *part = &g_array_index (parts, HyCachePart, p);

      tail_rows += part->n_sales + part->n_refunds;
      for (guint32 k = 0; k < part->n_sales; k++)
        last_id = MAX (last_id, part->base_id + part->sale_id[k]);
      for (guint32 r = 0; r < part->n_refunds; r++)
        last_id = MAX (last_id, part->base_id + part->refund_id[r]);
    }
  if (own_read && tail_rows > 0 && tail_rows >= _hy_analysis_cache_min_tail)
    write_tail (db, &state, rows->names, n_old_names, &g_array_index (parts, HyCachePart, n_cached),
                parts->len - n_cached, last_id);
  return g_steal_pointer (&rows);
}

void
_hy_analysis_cache_group (HyAnalysisCacheRows *rows,
                          HyAnalysisData      *data)
{
  _hy_analysis_group_parts (data, rows->parts, rows->names);
  _hy_analysis_cache_rows_free (rows);
}
