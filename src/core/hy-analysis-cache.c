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

#include "hy-analysis-private.h"
#include "hy-database-private.h"
#include "hy-time.h"

/* Bumped when the layout of a part changes; the byte order is part of it. */
#define CACHE_FORMAT (1 + (G_BYTE_ORDER == G_LITTLE_ENDIAN ? 0 : 0x100))
#define PART_ROWS    (1u << 20)

gsize    _hy_analysis_cache_min_tail = 10000;
gboolean _hy_analysis_use_cache = TRUE;

/* One part: its columns point into buf.  Sales: id - base_id, member id (0: none), local day,
 * net, store id (0: none), number of categories; then the categories of every sale, in line
 * order without repeats.  Refunds: the sale refunded, id - base_id, local day, amount. */
typedef struct
{
  guint32  n_sales;
  guint32  n_refunds;
  guint32  n_cats;
  guint32  pad;
  gint64   base_id;
  gint64  *refund_sale;
  guint32 *refund_id;
  gint32  *refund_day;
  gint32  *refund_net;
  guint32 *sale_id;
  guint32 *member;
  gint32  *day;
  gint32  *net;
  guint32 *store;
  guint16 *cats;
  guint8  *n_sale_cats;
  guint8  *buf;
  gsize    size;
} Part;

#define HEADER_SIZE 24

/* Points the columns into buf (widest first, so every column is aligned); the size needed. */
static gsize
part_layout (Part *p)
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
part_open (Part   *p,
           guint8 *buf,
           gsize   size)
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
part_clear (Part *p)
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
                     Part        *p)
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

static gboolean
read_state (HyDatabase *db,
            CacheState *state)
{
  static const char select_state[] =
    "SELECT format, time_zone, merges, last_id FROM analysis_cache_state WHERE id = 1";
  static const char count_merges[] = "SELECT coalesce (max (id), 0) + count (*) FROM member_merges";
  const char *tz = g_time_zone_get_identifier (hy_database_get_time_zone (db));
  gint64 merges = -1;
  sqlite3_stmt *stmt;
  int rc;

  memset (state, 0, sizeof *state);
  if ((stmt = _hy_database_prepare (db, count_merges, NULL)) == NULL)
    return FALSE;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    merges = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW || (stmt = _hy_database_prepare (db, select_state, NULL)) == NULL)
    return FALSE;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW &&
      sqlite3_column_int64 (stmt, 0) == CACHE_FORMAT &&
      g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), tz) == 0 &&
      sqlite3_column_int64 (stmt, 2) == merges)
    {
      state->valid = TRUE;
      state->last_id = sqlite3_column_int64 (stmt, 3);
    }
  sqlite3_reset (stmt);
  state->merges = merges;
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
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
static gboolean
read_parts (HyDatabase *db,
            GArray     *parts)
{
  static const char select_parts[] = "SELECT part, length (data) FROM analysis_cache ORDER BY part";
  sqlite3 *handle = _hy_database_get_handle (db);
  sqlite3_stmt *stmt = _hy_database_prepare (db, select_parts, NULL);
  gboolean ok = TRUE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      sqlite3_blob *blob = NULL;
      gsize size = sqlite3_column_int64 (stmt, 1);
      guint8 *buf = g_malloc (MAX (size, 1));
      Part part;

      ok = sqlite3_blob_open (handle, "main", "analysis_cache", "data", sqlite3_column_int64 (stmt, 0),
                              0, &blob) == SQLITE_OK &&
           sqlite3_blob_read (blob, buf, size, 0) == SQLITE_OK;
      sqlite3_blob_close (blob);
      if (!ok)
        g_free (buf);
      else if ((ok = part_open (&part, buf, size)))
        g_array_append_val (parts, part);
    }
  sqlite3_reset (stmt);
  return ok && rc == SQLITE_DONE;
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
          Part part;

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
      Part part;

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
            Part             *tail,
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

/* The member index of every member id up to the largest, when ids are dense enough. */
static guint32 *
member_table (HyAnalysisData *data,
              gsize          *n_ids)
{
  guint32 *table;
  gint64 max_id = data->n_members > 0 ? data->member_id[data->n_members - 1] : 0;

  if (max_id <= 0 || (guint64) max_id > 4 * (guint64) data->n_members + 65536)
    return NULL;
  *n_ids = max_id + 1;
  table = g_new (guint32, *n_ids);
  memset (table, 0xff, *n_ids * sizeof (guint32));
  for (gsize i = 0; i < data->n_members; i++)
    if (data->member_id[i] > 0)
      table[data->member_id[i]] = i;
  return table;
}

/* Walks the sales of the parts in id order with what the analysis keeps of each: the member
 * index (HY_ANALYSIS_WALK_IN for none or an unknown member), the value less the refunds made
 * against it by the as-of day; a sale after the as-of day, of another store or refunded in full
 * is skipped.  The two passes of parts_group () walk the same sales the same way. */
typedef struct
{
  const HyAnalysisData *data;
  const guint32        *table;
  gsize                 n_ids;
  const HyAnalysisRefund *refunds;   /* by sale id */
  guint                 n_refunds;
  /* The cursor */
  guint                 part;
  guint32               k;
  guint32               at;        /* the sale's first category in the part */
  guint                 refund;
  guint32               last_id;
  guint32               last_member;
} SaleWalk;

typedef struct
{
  gint64   value;
  gint32   day;
  guint32  member;
  guint32  n_cats;
  const guint16 *cats;
} WalkedSale;

static void
sale_walk_init (SaleWalk             *walk,
                const HyAnalysisData *data,
                const guint32        *table,
                gsize                 n_ids,
                GArray               *refunds)
{
  memset (walk, 0, sizeof *walk);
  walk->data = data;
  walk->table = table;
  walk->n_ids = n_ids;
  walk->refunds = (const HyAnalysisRefund *) (void *) refunds->data;
  walk->n_refunds = refunds->len;
  walk->last_member = HY_ANALYSIS_WALK_IN;
}

static gboolean
sale_walk_next (SaleWalk   *walk,
                GArray     *parts,
                WalkedSale *out)
{
  const HyAnalysisData *data = walk->data;

  for (; walk->part < parts->len; walk->part++, walk->k = 0, walk->at = 0)
    {
      const Part *p = &g_array_index (parts, Part, walk->part);

      while (walk->k < p->n_sales)
        {
          guint32 k = walk->k++;
          guint n = p->n_sale_cats[k];
          gint64 id = p->base_id + p->sale_id[k];
          gint64 value = p->net[k];
          gboolean refunded = FALSE;

          out->cats = p->cats + walk->at;
          walk->at += n;
          if (p->day[k] > data->as_of_day || (data->store_id != 0 && p->store[k] != data->store_id))
            continue;
          while (walk->refund < walk->n_refunds && walk->refunds[walk->refund].sale_id < id)
            walk->refund++;
          for (; walk->refund < walk->n_refunds && walk->refunds[walk->refund].sale_id == id; walk->refund++)
            {
              value += walk->refunds[walk->refund].amount;
              refunded = TRUE;
            }
          if (refunded && value <= 0)
            continue;

          if (p->member[k] != walk->last_id)
            {
              gssize i;

              walk->last_id = p->member[k];
              if (walk->last_id == 0)
                walk->last_member = HY_ANALYSIS_WALK_IN;
              else if (walk->table != NULL)
                walk->last_member = walk->last_id < walk->n_ids ? walk->table[walk->last_id] : HY_ANALYSIS_WALK_IN;
              else
                walk->last_member = (i = hy_analysis_data_find_member ((HyAnalysisData *) data, walk->last_id)) >= 0
                                    ? (guint32) i : HY_ANALYSIS_WALK_IN;
            }
          out->value = value;
          out->day = p->day[k];
          out->member = walk->last_member;
          out->n_cats = n;
          return TRUE;
        }
    }
  return FALSE;
}

/* Puts member m's categories back in the order of its purchases after the day sort moved
 * some of them (cat_start[k] still points at purchase k's categories in arrival order). */
static void
reorder_member_categories (HyAnalysisData *data,
                           const guint8   *n_cat,
                           gsize           m,
                           guint32         cat_begin,
                           guint32         cat_end,
                           GArray         *scratch)
{
  guint32 at = cat_begin;

  g_array_set_size (scratch, 0);
  g_array_append_vals (scratch, data->cat + cat_begin, cat_end - cat_begin);
  for (guint32 k = data->offsets[m]; k < data->offsets[m + 1]; k++)
    {
      const guint32 *from = (const guint32 *) (void *) scratch->data + (data->cat_start[k] - cat_begin);

      if (n_cat[k] > 0)
        memcpy (data->cat + at, from, n_cat[k] * sizeof (guint32));
      data->cat_start[k] = at;
      at += n_cat[k];
    }
}

/* The second pass of parts_group () over the kept members lo .. hi (new indexes): every range
 * walks all the sales but places only its own members' purchases, so ranges can run on threads
 * of their own; the first one also adds up the walk-ins. */
typedef struct
{
  HyAnalysisData *data;
  GArray         *parts;
  const guint32  *table;
  gsize           n_ids;
  GArray         *refunds;
  const guint32  *remap;
  const guint32  *number;
  guint32        *next;
  guint32        *cat_next;
  guint8         *n_cat;
  guint8         *moved;
  gint32          walk_lo;
  guint32         lo;
  guint32         hi;
  gboolean        walk_ins;
} Placing;

static void
place_range (Placing *p)
{
  HyAnalysisData *data = p->data;
  SaleWalk walk;
  WalkedSale sale;

  sale_walk_init (&walk, data, p->table, p->n_ids, p->refunds);
  while (sale_walk_next (&walk, p->parts, &sale))
    {
      guint32 m, k, c;

      if (sale.member == HY_ANALYSIS_WALK_IN)
        {
          if (p->walk_ins)
            data->walk_in_value[sale.day - p->walk_lo] += sale.value;
          continue;
        }
      m = p->remap[sale.member];
      if (m < p->lo || m >= p->hi)
        continue;
      k = p->next[m]++;
      c = p->cat_next[m];
      p->cat_next[m] += sale.n_cats;
      for (guint j = 0; j < sale.n_cats; j++)
        data->cat[c + j] = p->number[sale.cats[j]];
      /* Insert in day order; sales mostly arrive in time order, so this rarely moves. */
      while (k > data->offsets[m] && data->day[k - 1] > sale.day)
        {
          data->day[k] = data->day[k - 1];
          data->value[k] = data->value[k - 1];
          data->cat_start[k] = data->cat_start[k - 1];
          p->n_cat[k] = p->n_cat[k - 1];
          p->moved[m] = TRUE;
          k--;
        }
      data->day[k] = sale.day;
      data->value[k] = sale.value;
      data->cat_start[k] = c;
      p->n_cat[k] = sale.n_cats;
    }
}

static gpointer
place_thread (gpointer user_data)
{
  place_range (user_data);
  return NULL;
}

/* Fills data's purchases, walk-ins and categories straight from the parts in two passes (a
 * counting sort by member): the first counts each member's purchases and categories and numbers
 * the categories by first appearance in id order (as the item scan of hy-warnings.c numbers
 * them), the second puts every purchase in its place, in day order within a member. */
static void
parts_group (HyAnalysisData *data,
             GArray         *parts,
             GPtrArray      *names)
{
  g_autoptr(GArray) refunds = g_array_new (FALSE, FALSE, sizeof (HyAnalysisRefund));
  g_autoptr(GArray) scratch = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autofree guint32 *table = NULL;
  g_autofree guint32 *count = g_new0 (guint32, data->n_members + 1);
  g_autofree guint32 *cat_count = g_new0 (guint32, data->n_members + 1);
  g_autofree guint32 *remap = g_new (guint32, data->n_members + 1);
  g_autofree guint32 *next = NULL;
  g_autofree guint32 *cat_next = NULL;
  g_autofree guint32 *number = g_new (guint32, names->len + 1);
  g_autofree guint8 *n_cat = NULL;
  g_autofree guint8 *moved = NULL;
  gint32 walk_lo = G_MAXINT32, walk_hi = G_MININT32;
  guint32 n_numbers = 0;
  gsize n_ids = 0, n = 0, n_purchases = 0, n_cats = 0;
  SaleWalk walk;
  WalkedSale sale;

  for (guint p = 0; p < parts->len; p++)
    {
      const Part *part = &g_array_index (parts, Part, p);

      for (guint32 r = 0; r < part->n_refunds; r++)
        if (part->refund_day[r] <= data->as_of_day && part->refund_sale[r] != 0)
          {
            HyAnalysisRefund refund = { part->refund_sale[r], part->refund_net[r] };

            g_array_append_val (refunds, refund);
          }
    }
  if (refunds->len > 1)
    qsort (refunds->data, refunds->len, sizeof (HyAnalysisRefund), _hy_analysis_compare_refunds);
  table = member_table (data, &n_ids);
  memset (number, 0xff, (names->len + 1) * sizeof (guint32));
  data->cat_names = g_ptr_array_new_with_free_func (g_free);

  /* First pass: counts, walk-in days and category numbers. */
  sale_walk_init (&walk, data, table, n_ids, refunds);
  while (sale_walk_next (&walk, parts, &sale))
    {
      if (sale.member == HY_ANALYSIS_WALK_IN)
        {
          walk_lo = MIN (walk_lo, sale.day);
          walk_hi = MAX (walk_hi, sale.day);
          continue;
        }
      count[sale.member]++;
      cat_count[sale.member] += sale.n_cats;
      for (guint j = 0; j < sale.n_cats; j++)
        if (number[sale.cats[j]] == G_MAXUINT32)
          {
            number[sale.cats[j]] = n_numbers++;
            g_ptr_array_add (data->cat_names, g_strdup (g_ptr_array_index (names, sale.cats[j])));
          }
    }

  /* Members who did not exist on the as-of day (joined later, no purchase by then) go; the
   * counts move down with the members kept. */
  for (gsize i = 0; i < data->n_members; i++)
    {
      if (data->joined_day[i] > data->as_of_day && count[i] == 0)
        {
          remap[i] = HY_ANALYSIS_WALK_IN;
          continue;
        }
      remap[i] = n;
      data->member_id[n] = data->member_id[i];
      data->joined_day[n] = data->joined_day[i];
      count[n] = count[i];
      cat_count[n] = cat_count[i];
      n_purchases += count[n];
      n_cats += cat_count[n];
      n++;
    }
  data->n_members = n;
  data->n_purchases = n_purchases;
  data->offsets = g_new (guint32, n + 1);
  next = g_new (guint32, n + 1);
  cat_next = g_new (guint32, n + 1);
  data->offsets[0] = 0;
  cat_next[0] = 0;
  for (gsize i = 0; i < n; i++)
    {
      data->offsets[i + 1] = data->offsets[i] + count[i];
      cat_next[i + 1] = cat_next[i] + cat_count[i];
    }
  memcpy (next, data->offsets, (n + 1) * sizeof (guint32));

  data->day = g_new (gint32, n_purchases + 1);
  data->value = g_new (gint64, n_purchases + 1);
  data->cat_start = g_new (guint32, n_purchases + 2);
  data->cat = g_new (guint32, n_cats + 1);
  n_cat = g_new (guint8, n_purchases + 1);
  moved = g_new0 (guint8, n + 1);
  if (walk_lo <= walk_hi)
    {
      data->walk_in_first_day = walk_lo;
      data->n_walk_in_days = walk_hi - walk_lo + 1;
      data->walk_in_value = g_new0 (gint64, data->n_walk_in_days);
    }

  /* Second pass: every purchase in its place, by ranges of members on every processor. */
  {
    Placing placing = {
      .data = data, .parts = parts, .table = table, .n_ids = n_ids, .refunds = refunds,
      .remap = remap, .number = number, .next = next, .cat_next = cat_next, .n_cat = n_cat,
      .moved = moved, .walk_lo = walk_lo,
    };
    guint n_threads = n_purchases >= _hy_analysis_min_parallel ? CLAMP (g_get_num_processors (), 1, 4) : 1;
    Placing ranges[4];
    GThread *threads[4] = { NULL, };
    guint32 lo = 0;

    for (guint t = 0; t < n_threads; t++)
      {
        guint32 hi = n;

        /* Ranges of about as many purchases each. */
        if (t + 1 < n_threads)
          {
            guint64 target = (guint64) n_purchases * (t + 1) / n_threads;
            guint32 l = lo, h = n;

            while (l < h)
              {
                guint32 mid = l + (h - l) / 2;

                if (data->offsets[mid] < target)
                  l = mid + 1;
                else
                  h = mid;
              }
            hi = l;
          }
        ranges[t] = placing;
        ranges[t].lo = lo;
        ranges[t].hi = hi;
        ranges[t].walk_ins = t == 0;
        lo = hi;
      }
    for (guint t = 1; t < n_threads; t++)
      threads[t] = g_thread_new ("hy-analysis-place", place_thread, &ranges[t]);
    place_range (&ranges[0]);
    for (guint t = 1; t < n_threads; t++)
      g_thread_join (threads[t]);
  }
  for (gsize m = 0; m < n; m++)
    if (moved[m])
      reorder_member_categories (data, n_cat, m, cat_next[m] - cat_count[m], cat_next[m], scratch);
  data->cat_start[n_purchases] = data->cat_start[n_purchases + 1] = n_cats;
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
    part_clear (&g_array_index (rows->parts, Part, p));
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
  GArray *parts;

  rows->parts = parts = g_array_new (FALSE, FALSE, sizeof (Part));
  rows->names = g_ptr_array_new_with_free_func (g_free);
  if (hy_database_is_remote (db))
    return NULL;
  /* One read transaction: the parts, the names and the tail from one snapshot. */
  if (own_read && !_hy_database_exec (db, "BEGIN", NULL))
    return NULL;
  ok = read_state (db, &state);
  if (ok && state.valid)
    ok = read_names (db, rows->names, numbers) && read_parts (db, parts);
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
      const Part *part = &g_array_index (parts, Part, p);

      tail_rows += part->n_sales + part->n_refunds;
      for (guint32 k = 0; k < part->n_sales; k++)
        last_id = MAX (last_id, part->base_id + part->sale_id[k]);
      for (guint32 r = 0; r < part->n_refunds; r++)
        last_id = MAX (last_id, part->base_id + part->refund_id[r]);
    }
  if (own_read && tail_rows > 0 && tail_rows >= _hy_analysis_cache_min_tail)
    write_tail (db, &state, rows->names, n_old_names, &g_array_index (parts, Part, n_cached),
                parts->len - n_cached, last_id);
  return g_steal_pointer (&rows);
}

void
_hy_analysis_cache_group (HyAnalysisCacheRows *rows,
                          HyAnalysisData      *data)
{
  parts_group (data, rows->parts, rows->names);
  _hy_analysis_cache_rows_free (rows);
}
