/* hy-member-list-model.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The members list as a GListModel that holds only the pages the view has asked for.  A query
 * (search, filters, order) and every page are read on a worker thread through a read-only
 * connection of its own, one reader at a time; until its page arrives a row is a placeholder,
 * and when it arrives the placeholders are filled in place (HyMemberItem notifies its row), so
 * the view keeps its widgets.  Scrolling through a million members keeps at most MAX_PAGES pages
 * in memory.
 *
 * Search as you type: a new query cancels the one before it (and the pages still being read for
 * it), which stops even in the middle of an SQLite statement, so a keystroke never waits for
 * the last one.  Its results reuse the items of the first page, in place: GTK 4.8 builds a row
 * widget (a dozen cells) for every item it has not seen and destroys those of items that go
 * away, and binds every cell again for an item reported changed, which costs more than the
 * query.  So the first page's items take the new rows and notify them (the cells follow
 * notify::row), and only the positions past them are reported removed or added.
 *
 * A query that finds fewer members than the first page keeps the page's items too: those past
 * its members are spares, whose rows the view hides (a few members found, or none, when the
 * page shows "no members found" instead of the list), and the next query that finds more fills
 * them rather than GTK building its ~200 row widgets again.  So the list's n_items is what the
 * view holds, and hy_member_list_model_get_count() is how many members the query found.  A
 * spare has no row: nothing can act on a member no longer listed.
 */

#define G_LOG_DOMAIN "hy-member-list-model"

#include "config.h"

#include "hy-member-item.h"
#include "hy-member-list-model.h"

/* More rows than GTK 4.8 keeps widgets for (200 and a few), so that a search's first page
 * holds every item the view shows: it fills them in place and builds no row again. */
#define PAGE_SIZE 256
/* What a query reads before it shows its results: more rows than a window shows at once.  The
 * rest of the first page follows straight after. */
#define FIRST_ROWS 50
#define MAX_PAGES 40

/* The reading side, shared with the worker threads: one connection, one list, one lock. */
typedef struct
{
  GMutex        lock;
  char         *path;
  HyDatabase   *db;     /* opened on first use, by a worker */
} Reader;

typedef struct
{
  Reader            *reader;
  HyMemberListQuery  query;
  char              *tag;
  char              *search;
  GArray            *ids;
  guint              generation;
  HyMemberList      *list;    /* result */
  GPtrArray         *rows;    /* result: the first page */
  guint64            offset;  /* for a page: its first row to read... */
  guint              limit;   /* ...and how many */
  GArray            *ranges;  /* for ids: pairs of (start, length) */
} Work;

struct _HyMemberListModel
{
  GObject            parent_instance;

  /* Owned references */
  Reader            *reader;
  HyMemberList      *list;
  GHashTable        *pages;     /* page number -> GPtrArray of HyMemberItem (placeholders
                                 * until the page is read) */
  GCancellable      *cancellable;   /* the query's: cancelled when it is replaced */
  GError            *error;
  HyMemberListQuery  query;
  char              *tag;
  char              *search;
  GArray            *ids;

  guint              n_items;   /* what the view holds */
  guint              count;     /* what the query found: n_items, or 0 with items kept */
  guint              generation;
  guint              last_page;
  gboolean           loading;
};

static void hy_member_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HyMemberListModel, hy_member_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, hy_member_list_model_iface_init))

enum {
  PROP_0,
  PROP_LOADING,
  PROP_COUNT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
reader_free (Reader *reader)
{
  g_mutex_clear (&reader->lock);
  g_free (reader->path);
  g_clear_object (&reader->db);
}

static Reader *
reader_new (const char *path)
{
  Reader *reader = g_atomic_rc_box_new0 (Reader);

  g_mutex_init (&reader->lock);
  reader->path = g_strdup (path);
  return reader;
}

static void
reader_unref (Reader *reader)
{
  g_atomic_rc_box_release_full (reader, (GDestroyNotify) reader_free);
}

/* Called with the lock held. */
static HyDatabase *
reader_get_db (Reader  *reader,
               GError **error)
{
  if (reader->db == NULL)
    reader->db = hy_database_open (reader->path, HY_DATABASE_OPEN_READ_ONLY | HY_DATABASE_OPEN_SMALL_CACHE,
                                   error);
  return reader->db;
}

static void
work_free (Work *work)
{
  g_clear_pointer (&work->reader, reader_unref);
  g_free (work->tag);
  g_free (work->search);
  g_clear_pointer (&work->ids, g_array_unref);
  g_clear_object (&work->list);
  g_clear_pointer (&work->rows, g_ptr_array_unref);
  g_clear_pointer (&work->ranges, g_array_unref);
  g_free (work);
}

static Work *
work_new (HyMemberListModel *self)
{
  Work *work = g_new0 (Work, 1);

  work->reader = g_atomic_rc_box_acquire (self->reader);
  work->generation = self->generation;
  if (self->list != NULL)
    work->list = g_object_ref (self->list);
  return work;
}

static GType
hy_member_list_model_get_item_type (GListModel *model)
{
  return HY_TYPE_MEMBER_ITEM;
}

static guint
hy_member_list_model_get_n_items (GListModel *model)
{
  return HY_MEMBER_LIST_MODEL (model)->n_items;
}

static void
page_run (GTask        *task,
          gpointer      source_object,
          gpointer      task_data,
          GCancellable *cancellable)
{
  Work *work = task_data;
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  g_mutex_lock (&work->reader->lock);
  work->rows = hy_member_list_fetch (work->list, work->offset, work->limit, cancellable, &error);
  g_mutex_unlock (&work->reader->lock);
  if (work->rows == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Drops the pages farthest from where the view is now. */
static void
hy_member_list_model_trim (HyMemberListModel *self)
{
  while (g_hash_table_size (self->pages) > MAX_PAGES)
    {
      GHashTableIter iter;
      gpointer key;
      guint farthest = self->last_page;

      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          guint page = GPOINTER_TO_UINT (key);

          if (ABS ((int) page - (int) self->last_page) > ABS ((int) farthest - (int) self->last_page))
            farthest = page;
        }
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (farthest));
    }
}

static void
page_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  HyMemberListModel *self = HY_MEMBER_LIST_MODEL (object);
  Work *work = g_task_get_task_data (G_TASK (result));
  guint page = work->offset / PAGE_SIZE;
  guint start = work->offset % PAGE_SIZE;
  g_autoptr(GError) error = NULL;
  GPtrArray *items;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Failed to read members %" G_GUINT64_FORMAT ": %s", work->offset, error->message);
      /* Asked for again when the view next needs it. */
      if (work->generation == self->generation)
        g_hash_table_remove (self->pages, GUINT_TO_POINTER (page));
      return;
    }
  if (work->generation != self->generation ||
      !(items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page))))
    return;

  for (guint i = 0; i < work->rows->len && start + i < items->len; i++)
    hy_member_item_set_row (g_ptr_array_index (items, start + i),
                            g_steal_pointer (&work->rows->pdata[i]));
}

/* Reads rows @offset .. @offset + @limit - 1, all on one page, into its items. */
static void
hy_member_list_model_read (HyMemberListModel *self,
                           guint              offset,
                           guint              limit)
{
  g_autoptr(GTask) task = NULL;
  Work *work = work_new (self);

  work->offset = offset;
  work->limit = limit;
  task = g_task_new (self, self->cancellable, page_done, NULL);
  g_task_set_source_tag (task, hy_member_list_model_read);
  g_task_set_task_data (task, work, (GDestroyNotify) work_free);
  g_task_run_in_thread (task, page_run);
}

/* The items of @page, placeholders that its page, read now, fills in. */
static GPtrArray *
hy_member_list_model_request_page (HyMemberListModel *self,
                                   guint              page)
{
  guint first = page * PAGE_SIZE;
  GPtrArray *items = g_ptr_array_new_full (PAGE_SIZE, g_object_unref);

  for (guint i = 0; i < MIN (PAGE_SIZE, self->n_items - first); i++)
    g_ptr_array_add (items, hy_member_item_new (NULL));
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
  hy_member_list_model_trim (self);
  hy_member_list_model_read (self, first, items->len);
  return items;
}

static gpointer
hy_member_list_model_get_item (GListModel *model,
                               guint       position)
{
  HyMemberListModel *self = HY_MEMBER_LIST_MODEL (model);
  guint page = position / PAGE_SIZE;
  GPtrArray *items;

  if (position >= self->n_items)
    return NULL;

  self->last_page = page;
  items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (items == NULL && self->list != NULL && position < self->count)
    items = hy_member_list_model_request_page (self, page);
  if (items != NULL && position % PAGE_SIZE < items->len)
    return g_object_ref (g_ptr_array_index (items, position % PAGE_SIZE));

  /* Only when the members changed between the count and the page. */
  return hy_member_item_new (NULL);
}

static void
hy_member_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = hy_member_list_model_get_item_type;
  iface->get_n_items = hy_member_list_model_get_n_items;
  iface->get_item = hy_member_list_model_get_item;
}

static void
query_run (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  Work *work = task_data;
  g_autoptr(GError) error = NULL;
  HyDatabase *db;

  if (g_task_return_error_if_cancelled (task))
    return;
  g_mutex_lock (&work->reader->lock);
  if ((db = reader_get_db (work->reader, &error)) != NULL &&
      (work->list = hy_member_list_new (db, &work->query, cancellable, &error)) != NULL)
    work->rows = hy_member_list_fetch (work->list, 0, FIRST_ROWS, cancellable, &error);
  g_mutex_unlock (&work->reader->lock);

  if (work->rows == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
hy_member_list_model_set_loading (HyMemberListModel *self,
                                  gboolean           loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
}

/* Replaces every row with @list's (none: nothing found), @rows being its first.  The old first
 * page's items take the new rows in place, and those left over are kept as spares (see the top
 * of the file); only the positions past them are reported to the view. */
static void
hy_member_list_model_replace (HyMemberListModel *self,
                              HyMemberList      *list,
                              GPtrArray         *rows)
{
  g_autoptr(GPtrArray) slots = NULL;
  guint old_n = self->n_items;
  guint old_count = self->count;
  guint new_n = list != NULL ? (guint) MIN (hy_member_list_get_count (list), G_MAXUINT) : 0;
  guint n_first = MIN (new_n, PAGE_SIZE);
  guint n_rows = rows != NULL ? MIN (rows->len, n_first) : 0;
  guint n_slots, n_page;
  GPtrArray *items;

  g_set_object (&self->list, list);
  g_hash_table_steal_extended (self->pages, GUINT_TO_POINTER (0), NULL, (gpointer *) &slots);
  g_hash_table_remove_all (self->pages);
  self->last_page = 0;
  n_slots = slots != NULL ? slots->len : 0;
  n_page = MAX (n_first, n_slots);

  items = g_ptr_array_new_full (n_page, g_object_unref);
  for (guint i = 0; i < n_page; i++)
    {
      HyMemberRow *row = i < n_rows ? g_steal_pointer (&rows->pdata[i]) : NULL;
      HyMemberItem *item;

      if (i >= n_slots)
        {
          g_ptr_array_add (items, hy_member_item_new (row));
          continue;
        }
      item = g_object_ref (g_ptr_array_index (slots, i));
      if (row != NULL)
        hy_member_item_set_row (item, row);
      else if (i < n_first)
        /* Past the first rows (more than a window shows) an item waits for the page read
         * below without a notification: its cells, out of sight, change once, not twice. */
        hy_member_item_reset_row (item, NULL);
      else
        hy_member_item_set_spare (item);
      g_ptr_array_add (items, item);
    }
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (0), items);
  if (n_rows < n_first)
    hy_member_list_model_read (self, n_rows, n_first - n_rows);

  self->count = new_n;
  self->n_items = MAX (new_n, n_slots);
  if (old_n != n_slots || self->n_items != n_slots)
    g_list_model_items_changed (G_LIST_MODEL (self), n_slots, old_n - n_slots, self->n_items - n_slots);
  if (old_count != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_COUNT]);
}

/* No database any more: every item goes. */
static void
hy_member_list_model_release (HyMemberListModel *self)
{
  guint old_n = self->n_items;
  guint old_count = self->count;

  g_clear_object (&self->list);
  g_hash_table_remove_all (self->pages);
  self->last_page = 0;
  self->n_items = self->count = 0;
  if (old_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
  if (old_count > 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_COUNT]);
}

static void
query_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  HyMemberListModel *self = HY_MEMBER_LIST_MODEL (object);
  Work *work = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || work->generation != self->generation)
        return;
      g_warning ("Failed to list the members: %s", error->message);
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
      hy_member_list_model_replace (self, NULL, NULL);
      hy_member_list_model_set_loading (self, FALSE);
      return;
    }
  if (work->generation != self->generation)
    return;

  g_clear_error (&self->error);
  hy_member_list_model_replace (self, work->list, work->rows);
  hy_member_list_model_set_loading (self, FALSE);
}

/* Runs the query again, as after a change to the members. */
void
hy_member_list_model_reload (HyMemberListModel *self)
{
  g_autoptr(GTask) task = NULL;
  Work *work;

  g_return_if_fail (HY_IS_MEMBER_LIST_MODEL (self));

  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_object_unref (self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->reader == NULL)
    {
      hy_member_list_model_release (self);
      hy_member_list_model_set_loading (self, FALSE);
      return;
    }

  work = work_new (self);
  work->query = self->query;
  work->tag = g_strdup (self->tag);
  work->search = g_strdup (self->search);
  work->ids = self->ids != NULL ? g_array_ref (self->ids) : NULL;
  work->query.tag = work->tag;
  work->query.search = work->search;
  work->query.ids = work->ids;
  hy_member_list_model_set_loading (self, TRUE);

  task = g_task_new (self, self->cancellable, query_done, NULL);
  g_task_set_source_tag (task, hy_member_list_model_reload);
  g_task_set_task_data (task, work, (GDestroyNotify) work_free);
  g_task_run_in_thread (task, query_run);
}

static gboolean
query_equal (const HyMemberListQuery *a,
             const HyMemberListQuery *b)
{
  return a->sort == b->sort && a->descending == b->descending && a->tier_id == b->tier_id &&
         g_strcmp0 (a->tag, b->tag) == 0 && g_strcmp0 (a->search, b->search) == 0 &&
         a->filter == b->filter && a->filter_value == b->filter_value && a->ids == b->ids;
}

void
hy_member_list_model_set_query (HyMemberListModel       *self,
                                const HyMemberListQuery *query)
{
  g_return_if_fail (HY_IS_MEMBER_LIST_MODEL (self));
  g_return_if_fail (query != NULL);

  /* The same query again (the entry and the page both asking) is already on its way. */
  if (self->loading && query_equal (&self->query, query))
    return;

  self->query = *query;
  g_free (self->tag);
  g_free (self->search);
  self->tag = g_strdup (query->tag);
  self->search = g_strdup (query->search);
  /* The ids are only read, by the page and the workers alike: shared, not copied. */
  if (query->ids != self->ids)
    {
      g_clear_pointer (&self->ids, g_array_unref);
      self->ids = query->ids != NULL ? g_array_ref ((GArray *) query->ids) : NULL;
    }
  self->query.tag = self->tag;
  self->query.search = self->search;
  self->query.ids = self->ids;
  hy_member_list_model_reload (self);
}

void
hy_member_list_model_set_database (HyMemberListModel *self,
                                   HyDatabase        *database)
{
  g_return_if_fail (HY_IS_MEMBER_LIST_MODEL (self));
  g_return_if_fail (database == NULL || HY_IS_DATABASE (database));

  g_clear_pointer (&self->reader, reader_unref);
  if (database != NULL)
    self->reader = reader_new (hy_database_get_path (database));
  hy_member_list_model_reload (self);
}

/* How many members the query found (the list may hold more items while it found none). */
guint
hy_member_list_model_get_count (HyMemberListModel *self)
{
  g_return_val_if_fail (HY_IS_MEMBER_LIST_MODEL (self), 0);

  return self->count;
}

gboolean
hy_member_list_model_get_loading (HyMemberListModel *self)
{
  g_return_val_if_fail (HY_IS_MEMBER_LIST_MODEL (self), FALSE);

  return self->loading;
}

/* Whether a search found more members than the list shows. */
gboolean
hy_member_list_model_get_capped (HyMemberListModel *self)
{
  g_return_val_if_fail (HY_IS_MEMBER_LIST_MODEL (self), FALSE);

  return self->list != NULL && hy_member_list_get_capped (self->list);
}

const GError *
hy_member_list_model_get_error (HyMemberListModel *self)
{
  g_return_val_if_fail (HY_IS_MEMBER_LIST_MODEL (self), NULL);

  return self->error;
}

static void
ids_run (GTask        *task,
         gpointer      source_object,
         gpointer      task_data,
         GCancellable *cancellable)
{
  Work *work = task_data;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i + 1 < work->ranges->len; i += 2)
    {
      g_autoptr(GArray) part = NULL;

      if (g_task_return_error_if_cancelled (task))
        return;
      g_mutex_lock (&work->reader->lock);
      part = hy_member_list_fetch_ids (work->list, g_array_index (work->ranges, guint, i),
                                       g_array_index (work->ranges, guint, i + 1), &error);
      g_mutex_unlock (&work->reader->lock);
      if (part == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_array_append_vals (ids, part->data, part->len);
    }
  g_task_return_pointer (task, g_steal_pointer (&ids), (GDestroyNotify) g_array_unref);
}

/* The member ids at @positions, read in runs of consecutive positions. */
void
hy_member_list_model_fetch_ids_async (HyMemberListModel   *self,
                                      GtkBitset           *positions,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GtkBitsetIter iter;
  guint position;
  Work *work;

  g_return_if_fail (HY_IS_MEMBER_LIST_MODEL (self));
  g_return_if_fail (positions != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hy_member_list_model_fetch_ids_async);
  if (self->list == NULL)
    {
      g_task_return_pointer (task, g_array_new (FALSE, FALSE, sizeof (gint64)), (GDestroyNotify) g_array_unref);
      return;
    }

  work = work_new (self);
  work->ranges = g_array_new (FALSE, FALSE, sizeof (guint));
  if (gtk_bitset_iter_init_first (&iter, positions, &position))
    {
      guint start = position, length = 1;

      while (gtk_bitset_iter_next (&iter, &position))
        {
          if (position == start + length)
            {
              length++;
              continue;
            }
          g_array_append_val (work->ranges, start);
          g_array_append_val (work->ranges, length);
          start = position;
          length = 1;
        }
      g_array_append_val (work->ranges, start);
      g_array_append_val (work->ranges, length);
    }
  g_task_set_task_data (task, work, (GDestroyNotify) work_free);
  g_task_run_in_thread (task, ids_run);
}

GArray *
hy_member_list_model_fetch_ids_finish (HyMemberListModel  *self,
                                       GAsyncResult       *result,
                                       GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
hy_member_list_model_dispose (GObject *object)
{
  HyMemberListModel *self = HY_MEMBER_LIST_MODEL (object);

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (hy_member_list_model_parent_class)->dispose (object);
}

static void
hy_member_list_model_finalize (GObject *object)
{
  HyMemberListModel *self = HY_MEMBER_LIST_MODEL (object);

  g_clear_pointer (&self->reader, reader_unref);
  g_clear_object (&self->list);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);
  g_free (self->tag);
  g_free (self->search);
  g_clear_pointer (&self->ids, g_array_unref);

  G_OBJECT_CLASS (hy_member_list_model_parent_class)->finalize (object);
}

static void
hy_member_list_model_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  HyMemberListModel *self = HY_MEMBER_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hy_member_list_model_class_init (HyMemberListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hy_member_list_model_dispose;
  object_class->finalize = hy_member_list_model_finalize;
  object_class->get_property = hy_member_list_model_get_property;

  properties [PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_COUNT] =
    g_param_spec_uint ("count", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hy_member_list_model_init (HyMemberListModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->cancellable = g_cancellable_new ();
  self->query.sort = HY_MEMBER_SORT_NAME;
}

HyMemberListModel *
hy_member_list_model_new (void)
{
  return g_object_new (HY_TYPE_MEMBER_LIST_MODEL, NULL);
}
