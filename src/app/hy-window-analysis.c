/* hy-window-analysis.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One analysis per open database for the member pages: RFM, stages and warnings of everyone,
 * with the saved customer model, built in a thread on a connection of its own after the database
 * opens (a second or two at a million members, so never on the main thread), then compacted to
 * what ranks one member against the others.  A member's figures are read from their own rows
 * when a page asks, and again after their sale, refund or merge, on the window's connection:
 * well under a millisecond.
 */

#define G_LOG_DOMAIN "hy-window"

#include "config.h"

#include <glib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "hy-analysis.h"
#include "hy-window-private.h"

GMutex _hy_window_analysis_lock;

enum {
  ANALYSIS_CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

typedef struct
{
  char               *path;
  HyCustomerModel    *model;      /* NULL: none saved */
  HyAnalysisSnapshot *snapshot;
} Build;

static void
build_free (Build *build)
{
  g_free (build->path);
  /* The snapshot borrows the model: it goes first. */
  g_clear_pointer (&build->snapshot, hy_analysis_snapshot_free);
  g_free (build->model);
  g_free (build);
}

static void
build_run (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  Build *build = task_data;
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  HyCustomerModel model;

  /* Writable, as the dashboard's: the load keeps the analysis column cache up to date. */
  if (!(db = hy_database_open (build->path, HY_DATABASE_OPEN_DEFAULT, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (hy_customer_model_load (db, &model))
    build->model = g_memdup2 (&model, sizeof model);
  if (g_task_return_error_if_cancelled (task))
    return;
  g_mutex_lock (&_hy_window_analysis_lock);
  if (!g_cancellable_is_cancelled (cancellable))
    build->snapshot = hy_analysis_snapshot_new (db, hy_analysis_parse_day (db, NULL, NULL), build->model, &error);
  g_mutex_unlock (&_hy_window_analysis_lock);
  if (g_task_return_error_if_cancelled (task))
    return;
  if (build->snapshot == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* A member's figures are read when their page asks (a tenth of a millisecond): what is
   * kept is what ranks them against the others, not a million members' purchases. */
  hy_analysis_snapshot_compact (build->snapshot);
  g_clear_object (&db);
#ifdef __GLIBC__
  /* The analysis freed hundreds of megabytes in this thread's malloc arena, which glibc keeps
   * resident for the process unless asked to give it back. */
  malloc_trim (0);
#endif
  g_task_return_boolean (task, TRUE);
}

static void
refresh (HyWindow *self,
         gint64    member_id)
{
  g_autoptr(GError) error = NULL;

  if (!hy_analysis_snapshot_refresh_member (self->analysis, self->database, member_id, &error))
    g_warning ("Failed to bring member %" G_GINT64_FORMAT "'s analysis up to date: %s",
               member_id, error->message);
}

static void
build_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  HyWindow *self = HY_WINDOW (object);
  Build *build = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (g_task_get_cancellable (G_TASK (result)) != self->analysis_cancellable)
    return;
  g_clear_object (&self->analysis_cancellable);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Failed to analyse the members: %s", error->message);
      g_array_set_size (self->analysis_pending, 0);
      g_signal_emit (self, signals [ANALYSIS_CHANGED], 0, (gint64) 0);
      return;
    }

  self->analysis = g_steal_pointer (&build->snapshot);
  self->analysis_model = g_steal_pointer (&build->model);
  /* What was sold or refunded while the build ran may be in it or not: read those again. */
  for (guint i = 0; i < self->analysis_pending->len; i++)
    refresh (self, g_array_index (self->analysis_pending, gint64, i));
  g_array_set_size (self->analysis_pending, 0);
  g_signal_emit (self, signals [ANALYSIS_CHANGED], 0, (gint64) 0);
}

void
_hy_window_clear_analysis (HyWindow *self)
{
  g_cancellable_cancel (self->analysis_cancellable);
  g_clear_object (&self->analysis_cancellable);
  g_clear_pointer (&self->analysis, hy_analysis_snapshot_free);
  g_clear_pointer (&self->analysis_model, g_free);
  if (self->analysis_pending != NULL)
    g_array_set_size (self->analysis_pending, 0);
}

static gboolean
run_build (gpointer data)
{
  g_task_run_in_thread (G_TASK (data), build_run);
  return G_SOURCE_REMOVE;
}

/* (Re)builds the analysis of the open database: after it opens and when settings change. */
void
_hy_window_build_analysis (HyWindow *self)
{
  g_autoptr(GTask) task = NULL;
  Build *build;

  _hy_window_clear_analysis (self);
  if (self->database == NULL)
    return;
  if (self->analysis_pending == NULL)
    self->analysis_pending = g_array_new (FALSE, FALSE, sizeof (gint64));

  self->analysis_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled",
                           G_CALLBACK (g_cancellable_cancel), self->analysis_cancellable, G_CONNECT_SWAPPED);
  build = g_new0 (Build, 1);
  build->path = g_strdup (hy_database_get_path (self->database));
  task = g_task_new (self, self->analysis_cancellable, build_done, NULL);
  g_task_set_source_tag (task, _hy_window_build_analysis);
  g_task_set_task_data (task, build, (GDestroyNotify) build_free);
  /* Once the window has painted what it has: the build would take the processors from the first
   * frame.  Busy from now on all the same. */
  g_idle_add_full (G_PRIORITY_LOW, run_build, g_steal_pointer (&task), g_object_unref);
  g_signal_emit (self, signals [ANALYSIS_CHANGED], 0, (gint64) 0);
}

HyAnalysisSnapshot *
hy_window_get_analysis (HyWindow *self)
{
  g_return_val_if_fail (HY_IS_WINDOW (self), NULL);

  return self->analysis;
}

gboolean
hy_window_get_analysis_busy (HyWindow *self)
{
  g_return_val_if_fail (HY_IS_WINDOW (self), FALSE);

  return self->analysis_cancellable != NULL;
}

void
hy_window_refresh_member_analysis (HyWindow *self,
                                   gint64    member_id)
{
  g_return_if_fail (HY_IS_WINDOW (self));

  if (member_id <= 0 || self->database == NULL)
    return;
  if (self->analysis == NULL)
    {
      if (hy_window_get_analysis_busy (self))
        g_array_append_val (self->analysis_pending, member_id);
      return;
    }
  refresh (self, member_id);
  g_signal_emit (self, signals [ANALYSIS_CHANGED], 0, member_id);
}

void
_hy_window_class_init_analysis (GObjectClass *object_class)
{
  signals [ANALYSIS_CHANGED] = g_signal_new ("analysis-changed", G_TYPE_FROM_CLASS (object_class), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}
