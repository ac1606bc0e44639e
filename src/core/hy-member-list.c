/* hy-member-list.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The members list, a page at a time: every member (or those of one tier, one tag, one RFM
 * class or lifecycle stage, or found by a search) in the order of one column.  Each sort key has
 * an index (migrations 6 and 13), so without a search or tag the page is read straight off that
 * index: no sort of a million rows, and the ids are read first and the columns of the page's
 * rows only after, by primary key.
 *
 * The RFM class and the stage are those the dashboard saved (member_analysis); members who joined
 * since have none and follow the others ascending.  Those two sorts read two runs, each off an
 * index: the members with an analysis by class or stage, and those without by id.
 *
 * With a search, the members found (at most HY_MEMBER_LIST_SEARCH_CAP) are passed to SQLite as
 * a JSON array, and sorting and filtering happen on those, once: the list keeps their ids in
 * order, and its pages are slices of them.  A set of ids given with the query (a segment, a bin
 * of a dashboard chart) is listed the same way, however many they are: SQLite reads the array
 * into a table of its own once, the members are looked up by primary key and sorted once, and
 * no page reads the array again.  With both, the list holds the members found that are in the
 * set.
 *
 * A search as you type is overtaken by the next keystroke: with a cancellable, SQLite asks it
 * every few thousand steps whether to go on, so a count nobody waits for any more stops at once.
 */

#define G_LOG_DOMAIN "hy-member-list"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-member-list.h"
#include "hy-member-store.h"
#include "hy-phone.h"

struct _HyMemberList
{
  GObject      parent_instance;

  /* Owned references */
  HyDatabase  *db;
  char        *tag;
  char        *subset_json;   /* JSON array of the members a search found or the query's ids, or NULL */
  GArray      *found;        /* with subset_json: those members in the list's order, read at once */
  const char  *select_ids;   /* interned, so the database caches its statement */
  const char  *select_rest;  /* by class or stage: the members without an analysis, or NULL */
  guint64      n_first;      /* with select_rest: how many rows the first run has */

  HyMemberSort   sort;
  gboolean       descending;
  gint64         tier_id;
  HyMemberFilter filter;
  int            filter_value;
  guint64        count;
  gboolean       capped;
};

G_DEFINE_FINAL_TYPE (HyMemberList, hy_member_list, G_TYPE_OBJECT)

/* The table whose index gives the order, and the sort columns.  The id column is last so that
 * ties keep one order between pages. */
static const struct
{
  const char *driver;
  const char *column;
  const char *id;
} sorts[HY_N_MEMBER_SORTS] = {
  [HY_MEMBER_SORT_NAME]          = { "members m", "m.name", "m.id" },
  [HY_MEMBER_SORT_JOINED]        = { "members m", "m.joined_at", "m.id" },
  [HY_MEMBER_SORT_LAST_PURCHASE] = { "member_stats s", "s.last_purchase_at", "s.member_id" },
  [HY_MEMBER_SORT_SPEND]         = { "member_stats s", "s.net_spend", "s.member_id" },
  [HY_MEMBER_SORT_PURCHASES]     = { "member_stats s", "s.purchase_count", "s.member_id" },
  [HY_MEMBER_SORT_POINTS]        = { "member_balances b", "b.points", "b.member_id" },
  [HY_MEMBER_SORT_TIER]          = { "member_tiers t", "t.level", "t.member_id" },
  [HY_MEMBER_SORT_RFM_CLASS]     = { "member_analysis a", "a.rfm_class", "a.member_id" },
  [HY_MEMBER_SORT_STAGE]         = { "member_analysis a", "a.stage", "a.member_id" },
};

static gboolean
sort_is_analysis (HyMemberSort sort)
{
  return sort == HY_MEMBER_SORT_RFM_CLASS || sort == HY_MEMBER_SORT_STAGE;
}

void
hy_member_row_free (HyMemberRow *row)
{
  if (row == NULL)
    return;
  g_free (row->name);
  g_free (row->phone);
  g_free (row->card);
  g_free (row->tier_name);
  g_free (row);
}

void
hy_tag_count_free (HyTagCount *count)
{
  if (count == NULL)
    return;
  g_free (count->tag);
  g_free (count);
}

static void
hy_member_list_finalize (GObject *object)
{
  HyMemberList *self = HY_MEMBER_LIST (object);

  g_clear_object (&self->db);
  g_clear_pointer (&self->tag, g_free);
  g_clear_pointer (&self->subset_json, g_free);
  g_clear_pointer (&self->found, g_array_unref);

  G_OBJECT_CLASS (hy_member_list_parent_class)->finalize (object);
}

static void
hy_member_list_class_init (HyMemberListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hy_member_list_finalize;
}

static void
hy_member_list_init (HyMemberList *self)
{
}

static int
progress_cb (void *data)
{
  return g_cancellable_is_cancelled (data);
}

static void
watch_cancellable (HyDatabase   *db,
                   GCancellable *cancellable)
{
  if (cancellable != NULL)
    sqlite3_progress_handler (_hy_database_get_handle (db), 1000, progress_cb, cancellable);
}

static void
unwatch_cancellable (HyDatabase   *db,
                     GCancellable *cancellable)
{
  if (cancellable != NULL)
    sqlite3_progress_handler (_hy_database_get_handle (db), 0, NULL, NULL);
}

/* A statement stopped by progress_cb() fails as interrupted: say that it was cancelled. */
static void
propagate_cancelled (GCancellable  *cancellable,
                     GError       **error)
{
  if (!g_cancellable_is_cancelled (cancellable))
    return;
  g_clear_error (error);
  g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* Members with a phone number containing @digits anywhere, from the trigram index. */
static gboolean
search_phone_part (HyDatabase  *db,
                   const char  *digits,
                   GHashTable  *seen,
                   GArray      *results,
                   guint        limit,
                   GError     **error)
{
  static const char select_part[] =
    "SELECT i.member_id FROM phone_trigrams f JOIN member_identities i ON i.id = f.rowid"
    " WHERE phone_trigrams MATCH ?1 LIMIT ?2";
  g_autofree char *phrase = g_strdup_printf ("\"%s\"", digits);
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  if (!(stmt = _hy_database_prepare (db, select_part, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, phrase, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, limit + 1);
  while (results->len <= limit && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (g_hash_table_add (seen, g_memdup2 (&id, sizeof id)))
        g_array_append_val (results, id);
    }
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;
  _hy_database_set_error (db, rc, error, _("Could not search the members"));
  return FALSE;
}

/* The members @text finds, at most limit + 1 of them (one more tells that there are more):
 * what hy_member_store_search() finds first, then phone numbers containing the digits. */
static GArray *
search_members (HyDatabase  *db,
                const char  *text,
                guint        limit,
                GError     **error)
{
  g_autoptr(HyMemberStore) store = hy_member_store_new (db);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) results = NULL;
  g_autofree char *digits = hy_phone_search_key (text);

  if (!(results = hy_member_store_search (store, text, limit + 1, error)))
    return NULL;
  for (guint i = 0; i < results->len; i++)
    g_hash_table_add (seen, g_memdup2 (&g_array_index (results, gint64, i), sizeof (gint64)));

  /* Only a number typed as digits (not a name with a digit in it) is looked for inside phones. */
  if (digits != NULL && strlen (digits) >= 3 && results->len <= limit &&
      strspn (text, "0123456789 -+()\xef\xbc\x8b") == strlen (text) &&
      !search_phone_part (db, digits, seen, results, limit, error))
    return NULL;

  return g_steal_pointer (&results);
}

static char *
ids_to_json (const GArray *ids,
             guint         limit)
{
  GString *json = g_string_new ("[");

  for (guint i = 0; i < MIN (ids->len, limit); i++)
    g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", g_array_index (ids, gint64, i));
  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

static gboolean
ids_contain (const GArray *ids,
             gint64        id)
{
  guint low = 0, high = ids->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      gint64 value = g_array_index (ids, gint64, middle);

      if (value == id)
        return TRUE;
      if (value < id)
        low = middle + 1;
      else
        high = middle;
    }
  return FALSE;
}

/* Keeps of @found only the members in @ids (ascending). */
static void
keep_only (GArray       *found,
           const GArray *ids)
{
  guint kept = 0;

  for (guint i = 0; i < found->len; i++)
    if (ids_contain (ids, g_array_index (found, gint64, i)))
      g_array_index (found, gint64, kept++) = g_array_index (found, gint64, i);
  g_array_set_size (found, kept);
}

/* The FROM and WHERE of the list.  Without a search or tag, the sort column's table drives
 * (CROSS JOIN keeps SQLite from reordering), so pages come off its index in order; with them,
 * the few members they select drive and are sorted. */
static char *
build_from_where (HyMemberList *self,
                  HyMemberSort  sort)
{
  GString *sql = g_string_new (NULL);
  const char *driver = sorts[sort].driver;
  gboolean subset = self->subset_json != NULL || self->tag != NULL;
  const char *join = subset ? "JOIN" : "CROSS JOIN";

  if (subset || g_str_equal (driver, "members m"))
    g_string_append (sql, " FROM members m");
  else
    g_string_append_printf (sql, " FROM %s %s members m ON m.id = %c.member_id",
                            driver, join, driver[strlen (driver) - 1]);

  if (sort == HY_MEMBER_SORT_LAST_PURCHASE || sort == HY_MEMBER_SORT_SPEND ||
      sort == HY_MEMBER_SORT_PURCHASES)
    {
      if (subset)
        g_string_append (sql, " JOIN member_stats s ON s.member_id = m.id");
    }
  if (sort == HY_MEMBER_SORT_POINTS && subset)
    g_string_append (sql, " JOIN member_balances b ON b.member_id = m.id");
  if (sort_is_analysis (sort) && subset)
    g_string_append (sql, " JOIN member_analysis a ON a.member_id = m.id");
  if (self->tier_id != 0 || sort == HY_MEMBER_SORT_TIER)
    {
      if (subset || sort != HY_MEMBER_SORT_TIER)
        g_string_append_printf (sql, " %s member_tiers t ON t.member_id = m.id", join);
    }

  g_string_append (sql, " WHERE m.merged_into IS NULL");
  if (self->tier_id == HY_MEMBER_LIST_NO_TIER)
    g_string_append (sql, " AND t.tier_id IS NULL");
  else if (self->tier_id != 0)
    g_string_append (sql, " AND t.tier_id = ?3");
  if (self->tag != NULL)
    g_string_append (sql, " AND m.id IN (SELECT member_id FROM member_tags WHERE tag = ?4)");
  if (self->subset_json != NULL)
    g_string_append (sql, " AND m.id IN (SELECT value FROM json_each (?5))");
  if (self->filter == HY_MEMBER_FILTER_RFM_CLASS)
    g_string_append (sql, " AND m.id IN (SELECT member_id FROM member_analysis WHERE rfm_class = ?6)");
  else if (self->filter == HY_MEMBER_FILTER_STAGE)
    g_string_append (sql, " AND m.id IN (SELECT member_id FROM member_analysis WHERE stage = ?6)");

  return g_string_free (sql, FALSE);
}

static void
bind_filters (HyMemberList *self,
              sqlite3_stmt *stmt)
{
  if (self->tier_id > 0)
    sqlite3_bind_int64 (stmt, 3, self->tier_id);
  if (self->tag != NULL)
    sqlite3_bind_text (stmt, 4, self->tag, -1, SQLITE_STATIC);
  if (self->subset_json != NULL)
    sqlite3_bind_text (stmt, 5, self->subset_json, -1, SQLITE_STATIC);
  if (self->filter != HY_MEMBER_FILTER_NONE)
    sqlite3_bind_int (stmt, 6, self->filter_value);
}

/* The count does not depend on the order: it is read from the smallest index that answers it,
 * the tier's members with a tier filter, the members otherwise. */
static gboolean
count_members (HyMemberList  *self,
               GError       **error)
{
  g_autofree char *from_where = build_from_where (self, self->tier_id != 0 ? HY_MEMBER_SORT_TIER : HY_MEMBER_SORT_NAME);
  g_autofree char *sql = g_strconcat ("SELECT count(*)", from_where, NULL);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hy_database_prepare (self->db, g_intern_string (sql), error)))
    return FALSE;
  bind_filters (self, stmt);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    self->count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;
  _hy_database_set_error (self->db, rc, error, _("Could not count the members"));
  return FALSE;
}

/* How many of the members listed have a saved analysis, to know where the run of those without
 * one starts.  member_analysis holds no merged member (migration 14), so without a tag the rows
 * are counted without a look at members, from the tier's index with a tier filter; a tag's
 * members are counted as listed (@from_where), as its pages are. */
static gboolean
count_analysed (HyMemberList  *self,
                const char    *from_where,
                guint64       *n_analysed,
                GError       **error)
{
  g_autofree char *by_tag = NULL;
  const char *sql = "SELECT count(*) FROM member_analysis";
  sqlite3_stmt *stmt;
  int rc;

  if (self->tag != NULL)
    sql = by_tag = g_strconcat ("SELECT count(*)", from_where, NULL);
  else if (self->tier_id == HY_MEMBER_LIST_NO_TIER)
    sql = "SELECT count(*) FROM member_tiers t CROSS JOIN member_analysis a ON a.member_id = t.member_id"
          " WHERE t.tier_id IS NULL";
  else if (self->tier_id != 0)
    sql = "SELECT count(*) FROM member_tiers t CROSS JOIN member_analysis a ON a.member_id = t.member_id"
          " WHERE t.tier_id = ?3";
  if (!(stmt = _hy_database_prepare (self->db, g_intern_string (sql), error)))
    return FALSE;
  bind_filters (self, stmt);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *n_analysed = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;
  _hy_database_set_error (self->db, rc, error, _("Could not count the members"));
  return FALSE;
}

/* @limit -1: every row from @offset on. */
static GArray *
read_ids (HyMemberList  *self,
          const char    *select,
          guint64        offset,
          gint64         limit,
          GError       **error)
{
  g_autoptr(GArray) ids = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hy_database_prepare (self->db, select, error)))
    return NULL;
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), limit >= 0 ? limit : 64);
  sqlite3_bind_int64 (stmt, 1, limit);
  sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) offset);
  bind_filters (self, stmt);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    return g_steal_pointer (&ids);
  _hy_database_set_error (self->db, rc, error, _("Could not list the members"));
  return NULL;
}

/* Rows @offset .. @offset + @limit - 1 (@limit -1: all).  By class or stage, the members without
 * an analysis come last ascending and first descending: the page is read from one run, or
 * from the end of the first and the start of the second. */
static GArray *
read_page (HyMemberList  *self,
           guint64        offset,
           gint64         limit,
           GError       **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) more = NULL;
  const char *first, *second;

  if (self->select_rest == NULL)
    return read_ids (self, self->select_ids, offset, limit, error);

  first = self->descending ? self->select_rest : self->select_ids;
  second = self->descending ? self->select_ids : self->select_rest;
  if (limit < 0)
    {
      ids = read_ids (self, first, 0, -1, error);
      more = ids != NULL ? read_ids (self, second, 0, -1, error) : NULL;
    }
  else
    {
      if (offset < self->n_first)
        ids = read_ids (self, first, offset, limit, error);
      else
        ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), limit);
      if (ids != NULL && ids->len < (guint64) limit)
        more = read_ids (self, second, offset > self->n_first ? offset - self->n_first : 0,
                         limit - ids->len, error);
      else if (ids != NULL)
        return g_steal_pointer (&ids);
    }
  if (more == NULL)
    return NULL;
  g_array_append_vals (ids, more->data, more->len);
  return g_steal_pointer (&ids);
}

/* Runs the search (if any), prepares the page statement and counts. */
static gboolean
hy_member_list_run (HyMemberList  *self,
                    const char    *search,
                    const GArray  *ids,
                    GError       **error)
{
  g_autofree char *from_where = NULL;
  g_autofree char *select_ids = NULL;
  g_autofree char *order = NULL;
  const char *dir;

  if (search[0] != '\0')
    {
      g_autoptr(GArray) found = search_members (self->db, search, HY_MEMBER_LIST_SEARCH_CAP, error);

      if (found == NULL)
        return FALSE;
      self->capped = found->len > HY_MEMBER_LIST_SEARCH_CAP;
      if (ids != NULL)
        keep_only (found, ids);
      self->subset_json = ids_to_json (found, HY_MEMBER_LIST_SEARCH_CAP);
    }
  else if (ids != NULL)
    self->subset_json = ids_to_json (ids, G_MAXUINT);

  from_where = build_from_where (self, self->sort);
  dir = self->descending ? "DESC" : "ASC";
  order = g_strdup_printf ("%s %s, %s %s", sorts[self->sort].column, dir, sorts[self->sort].id, dir);
  select_ids = g_strdup_printf ("SELECT m.id%s ORDER BY %s LIMIT ?1 OFFSET ?2", from_where, order);
  self->select_ids = g_intern_string (select_ids);

  /* A class or stage filter lists only members with an analysis: one run is enough. */
  if (sort_is_analysis (self->sort) && self->filter == HY_MEMBER_FILTER_NONE)
    {
      g_autofree char *rest_where = build_from_where (self, HY_MEMBER_SORT_NAME);
      g_autofree char *select_rest = NULL;

      select_rest = g_strdup_printf ("SELECT m.id%s AND NOT EXISTS (SELECT 1 FROM member_analysis a"
                                     " WHERE a.member_id = m.id) ORDER BY m.id %s LIMIT ?1 OFFSET ?2",
                                     rest_where, dir);
      self->select_rest = g_intern_string (select_rest);
    }

  /* A search's few members (or the query's ids) are sorted once, which counts them too; pages
   * are slices. */
  if (self->subset_json != NULL)
    {
      if (!(self->found = read_page (self, 0, -1, error)))
        return FALSE;
      self->count = self->found->len;
      return TRUE;
    }
  if (!count_members (self, error))
    return FALSE;
  if (self->select_rest != NULL)
    {
      guint64 n_analysed;

      if (!count_analysed (self, from_where, &n_analysed, error))
        return FALSE;
      n_analysed = MIN (n_analysed, self->count);
      self->n_first = self->descending ? self->count - n_analysed : n_analysed;
    }
  return TRUE;
}

/**
 * hy_member_list_new:
 * @query: what to list, in what order
 * @cancellable: (nullable): stops the search and the count part way
 *
 * Runs the search (if any) and counts the members listed; pages are read with
 * hy_member_list_fetch().  The list is a snapshot of the ids only in the sense that a search
 * is run once: rows added later appear in later pages.
 *
 * Returns: (transfer full): the list, or %NULL with @error set (%G_IO_ERROR_CANCELLED when
 *   @cancellable was cancelled)
 */
HyMemberList *
hy_member_list_new (HyDatabase               *db,
                    const HyMemberListQuery  *query,
                    GCancellable             *cancellable,
                    GError                  **error)
{
  g_autoptr(HyMemberList) self = NULL;
  g_autofree char *search = NULL;
  gboolean ok;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (query->sort < HY_N_MEMBER_SORTS, NULL);
  g_return_val_if_fail (query->filter < HY_N_MEMBER_FILTERS, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  self = g_object_new (HY_TYPE_MEMBER_LIST, NULL);
  self->db = g_object_ref (db);
  self->sort = query->sort;
  self->descending = query->descending;
  self->tier_id = query->tier_id;
  self->filter = query->filter;
  self->filter_value = query->filter_value;
  if (query->tag != NULL && query->tag[0] != '\0')
    self->tag = g_strdup (query->tag);
  search = g_strstrip (g_strdup (query->search != NULL ? query->search : ""));

  watch_cancellable (db, cancellable);
  ok = hy_member_list_run (self, search, query->ids, error);
  unwatch_cancellable (db, cancellable);
  if (!ok)
    {
      propagate_cancelled (cancellable, error);
      return NULL;
    }

  return g_steal_pointer (&self);
}

guint64
hy_member_list_get_count (HyMemberList *self)
{
  g_return_val_if_fail (HY_IS_MEMBER_LIST (self), 0);

  return self->count;
}

/* Whether the search found more members than the list holds (HY_MEMBER_LIST_SEARCH_CAP). */
gboolean
hy_member_list_get_capped (HyMemberList *self)
{
  g_return_val_if_fail (HY_IS_MEMBER_LIST (self), FALSE);

  return self->capped;
}

/**
 * hy_member_list_fetch_ids:
 *
 * Returns: (transfer full) (element-type gint64): the ids of rows @offset .. @offset + @limit - 1
 */
GArray *
hy_member_list_fetch_ids (HyMemberList  *self,
                          guint64        offset,
                          guint          limit,
                          GError       **error)
{
  GArray *ids;

  g_return_val_if_fail (HY_IS_MEMBER_LIST (self), NULL);

  if (self->found == NULL)
    return read_page (self, offset, limit, error);

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), limit);
  if (offset < self->found->len)
    g_array_append_vals (ids, &g_array_index (self->found, gint64, offset),
                         MIN (limit, self->found->len - offset));
  return ids;
}

/**
 * hy_member_list_load_row:
 *
 * Returns: (transfer full): what the list shows of one member
 */
HyMemberRow *
hy_member_list_load_row (HyDatabase  *db,
                         gint64       member_id,
                         GError     **error)
{
  static const char select_row[] =
    "SELECT m.name, m.joined_at,"
    "       (SELECT value FROM member_identities WHERE member_id = m.id AND kind = 'phone' ORDER BY id LIMIT 1),"
    "       (SELECT value FROM member_identities WHERE member_id = m.id AND kind = 'card' ORDER BY id LIMIT 1),"
    "       coalesce (s.last_purchase_at, 0), coalesce (s.purchase_count, 0), coalesce (s.net_spend, 0),"
    "       coalesce (b.points, 0), coalesce (t.tier_id, 0), coalesce (tr.level, -1), tr.name,"
    "       coalesce (a.rfm_class, -1), coalesce (a.stage, -1)"
    "  FROM members m"
    "  LEFT JOIN member_stats s ON s.member_id = m.id"
    "  LEFT JOIN member_balances b ON b.member_id = m.id"
    "  LEFT JOIN member_tiers t ON t.member_id = m.id"
    "  LEFT JOIN tiers tr ON tr.id = t.tier_id"
    "  LEFT JOIN member_analysis a ON a.member_id = m.id"
    " WHERE m.id = ?1";
  g_autoptr(HyMemberRow) row = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);

  if (!(stmt = _hy_database_prepare (db, select_row, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, member_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      row = g_new0 (HyMemberRow, 1);
      row->id = member_id;
      row->name = g_strdup (_hy_column_text (stmt, 0));
      row->joined_at = sqlite3_column_int64 (stmt, 1);
      row->phone = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      row->card = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      row->last_purchase_at = sqlite3_column_int64 (stmt, 4);
      row->purchase_count = sqlite3_column_int64 (stmt, 5);
      row->net_spend = sqlite3_column_int64 (stmt, 6);
      row->points = sqlite3_column_int64 (stmt, 7);
      row->tier_id = sqlite3_column_int64 (stmt, 8);
      row->tier_level = sqlite3_column_int (stmt, 9);
      row->tier_name = g_strdup ((const char *) sqlite3_column_text (stmt, 10));
      row->rfm_class = sqlite3_column_int (stmt, 11);
      row->stage = sqlite3_column_int (stmt, 12);
    }
  sqlite3_reset (stmt);

  if (rc == SQLITE_ROW)
    return g_steal_pointer (&row);
  if (rc == SQLITE_DONE)
    g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND, _("There is no member #%lld"), (long long) member_id);
  else
    _hy_database_set_error (db, rc, error, _("Could not read a member"));
  return NULL;
}

/**
 * hy_member_list_fetch:
 * @cancellable: (nullable): stops the reading part way
 *
 * Returns: (transfer full) (element-type HyMemberRow): rows @offset .. @offset + @limit - 1
 */
GPtrArray *
hy_member_list_fetch (HyMemberList  *self,
                      guint64        offset,
                      guint          limit,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (HY_IS_MEMBER_LIST (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  watch_cancellable (self->db, cancellable);
  ids = hy_member_list_fetch_ids (self, offset, limit, error);
  unwatch_cancellable (self->db, cancellable);
  if (ids == NULL)
    {
      propagate_cancelled (cancellable, error);
      return NULL;
    }

  rows = g_ptr_array_new_full (ids->len, (GDestroyNotify) hy_member_row_free);
  for (guint i = 0; i < ids->len; i++)
    {
      HyMemberRow *row;

      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !(row = hy_member_list_load_row (self->db, g_array_index (ids, gint64, i), error)))
        return NULL;
      g_ptr_array_add (rows, row);
    }
  return g_steal_pointer (&rows);
}

/**
 * hy_member_list_tags:
 * @limit: the most tags wanted
 *
 * Returns: (transfer full) (element-type HyTagCount): tags in use, most members first
 */
GPtrArray *
hy_member_list_tags (HyDatabase  *db,
                     guint        limit,
                     GError     **error)
{
  /* A merged record holds no tags (the merge moves them to the survivor, and a tag is only
   * ever added to an active member): the tags' own index answers, without looking up each
   * member (40 ms instead of 300 at a million members). */
  static const char select_tags[] =
    "SELECT tag, count(*) AS n FROM member_tags GROUP BY tag ORDER BY n DESC, tag LIMIT ?1";
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_tag_count_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);

  if (!(stmt = _hy_database_prepare (db, select_tags, error)))
    return NULL;
  sqlite3_bind_int (stmt, 1, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HyTagCount *count = g_new0 (HyTagCount, 1);

      count->tag = g_strdup (_hy_column_text (stmt, 0));
      count->members = sqlite3_column_int64 (stmt, 1);
      g_ptr_array_add (tags, count);
    }
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    return g_steal_pointer (&tags);
  _hy_database_set_error (db, rc, error, _("Could not list the tags"));
  return NULL;
}
