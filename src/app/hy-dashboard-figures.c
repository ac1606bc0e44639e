/* hy-dashboard-figures.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dashboard's figures, computed off the window's thread.
 */

#include "config.h"

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "hy-analysis.h"
#include "hy-dashboard-page-private.h"
#include "hy-window-private.h"

void
_hy_dashboard_choice_free (Choice *choice)
{
  g_free (choice->path);
  g_free (choice);
}

void
_hy_dashboard_figures_free (Figures *figures)
{
  g_clear_pointer (&figures->dashboard, hy_dashboard_free);
  g_clear_error (&figures->dashboard_error);
  g_free (figures);
}

void
_hy_dashboard_figures_run (GTask        *task,
                           gpointer      source_object,
                           gpointer      task_data,
                           GCancellable *cancellable)
{
  const Choice *choice = task_data;
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Figures) figures = g_new0 (Figures, 1);

  /* A writable connection of its own: the analysis keeps its column cache up to date and the
   * figures are kept for the next start.  It reads what the window's connection committed. */
  if (!(db = hy_database_open (choice->path, HY_DATABASE_OPEN_DEFAULT, &error)) ||
      !hy_database_summarize (db, &figures->summary, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The analytics: a failure here still leaves the totals to show. */
  g_mutex_lock (&_hy_window_analysis_lock);
  if (!g_cancellable_is_cancelled (cancellable))
    figures->dashboard = hy_dashboard_compute (db, hy_analysis_parse_day (db, NULL, NULL), choice->period,
                                               choice->store_id, &figures->dashboard_error);
  g_mutex_unlock (&_hy_window_analysis_lock);
  if (g_task_return_error_if_cancelled (task))
    return;

  /* The choice is remembered here, off the window's thread, by the one task not overtaken by
   * another choice; forgetting it is no failure. */
  if (!hy_dashboard_save_choice (db, choice->period, choice->store_id, &error))
    {
      g_debug ("Could not remember the dashboard's period and store: %s", error->message);
      g_clear_error (&error);
    }

  /* Not being able to keep the figures is no reason to hide them. */
  if (figures->dashboard != NULL && !hy_dashboard_save (db, figures->dashboard, &error))
    g_debug ("Could not keep the dashboard: %s", error->message);
  g_clear_object (&db);

#ifdef __GLIBC__
  /* The analysis freed hundreds of megabytes in this thread's malloc arena, which glibc keeps
   * for the process (resident, for nothing) unless asked to give it back. */
  malloc_trim (0);
#endif

  g_task_return_pointer (task, g_steal_pointer (&figures), (GDestroyNotify) _hy_dashboard_figures_free);
}
