/* hy-members-page-selection.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The members page's filters by lifecycle stage and by saved segment, and lists of members
 * selected on a worker: a segment's (whose conditions may need a whole analysis, seconds at a
 * million members) or those of a bin of a dashboard chart.  While the members are being
 * selected the list stays as it was, with a spinner in the bar above it saying what is coming;
 * a newer choice, or clearing the filters, drops the older one.  A selection that fails says
 * why in that bar.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-lifecycle.h"
#include "hy-members-page-private.h"
#include "hy-segment.h"

/* The stages stage_dropdown offers after "Any Stage": those a member with a purchase can be in. */
static const HyStage listed_stages[] = { HY_STAGE_NEW, HY_STAGE_ACTIVE, HY_STAGE_HIGH_POTENTIAL,
                                         HY_STAGE_SLEEPING, HY_STAGE_CHURNED };

typedef struct
{
  char                *path;
  char                *description;
  HyMembersSelectFunc  func;
  gpointer             data;
  GDestroyNotify       data_free;
} Selection;

static void
selection_free (Selection *selection)
{
  g_free (selection->path);
  g_free (selection->description);
  if (selection->data_free != NULL)
    selection->data_free (selection->data);
  g_free (selection);
}

static void
select_run (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Selection *selection = task_data;
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  GArray *ids;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!(db = hy_database_open (selection->path, HY_DATABASE_OPEN_READ_ONLY, &error)) ||
      !(ids = selection->func (db, selection->data, cancellable, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, ids, (GDestroyNotify) g_array_unref);
}

/* The segment dropdown back to "Any Segment", without listing anyone again. */
static void
reset_segment (HyMembersPage *self)
{
  self->filling = TRUE;
  gtk_drop_down_set_selected (self->segment_dropdown, 0);
  self->filling = FALSE;
}

static void
select_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(HyMembersPage) self = user_data;
  Selection *selection = g_task_get_task_data (G_TASK (result));
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  /* A newer choice, or none any more: this one is forgotten. */
  if (!(ids = g_task_propagate_pointer (G_TASK (result), &error)) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->select_cancellable);
  g_free (self->select_text);
  self->select_text = NULL;
  if (ids == NULL)
    {
      /* Translators: %1$s says what was being listed (e.g. Segment “VIP”), %2$s why it failed */
      self->select_text = g_strdup_printf (_("%1$s: could not list the members. %2$s"), selection->description,
                                           error->message);
      /* The list then shows what the filters left say: no segment. */
      g_clear_pointer (&self->ids, g_array_unref);
      g_clear_pointer (&self->ids_text, g_free);
      reset_segment (self);
      _hy_members_page_show_filter (self);
      _hy_members_page_query (self);
      return;
    }

  g_clear_pointer (&self->ids, g_array_unref);
  g_free (self->ids_text);
  self->ids = g_steal_pointer (&ids);
  self->ids_text = g_strdup (selection->description);
  _hy_members_page_show_filter (self);
  _hy_members_page_query (self);
}

/* Stops computing a selection, if one is. */
static void
stop_selecting (HyMembersPage *self)
{
  if (self->select_cancellable != NULL)
    g_cancellable_cancel (self->select_cancellable);
  g_clear_object (&self->select_cancellable);
  g_clear_pointer (&self->select_text, g_free);
}

static void
start_selection (HyMembersPage       *self,
                 const char          *description,
                 HyMembersSelectFunc  func,
                 gpointer             data,
                 GDestroyNotify       data_free)
{
  Selection *selection = g_new0 (Selection, 1);
  g_autoptr(GTask) task = NULL;

  selection->path = g_strdup (hy_database_get_path (self->database));
  selection->description = g_strdup (description);
  selection->func = func;
  selection->data = data;
  selection->data_free = data_free;

  stop_selecting (self);
  self->select_cancellable = g_cancellable_new ();
  /* Translators: %s says what is being listed, e.g. Segment “VIP” */
  self->select_text = g_strdup_printf (_("%s: finding the members…"), description);
  _hy_members_page_show_filter (self);

  task = g_task_new (NULL, self->select_cancellable, select_done, g_object_ref (self));
  g_task_set_source_tag (task, start_selection);
  g_task_set_task_data (task, selection, (GDestroyNotify) selection_free);
  g_task_run_in_thread (task, select_run);
}

void
_hy_members_page_clear_selection (HyMembersPage *self,
                                  gboolean       reset_dropdowns)
{
  stop_selecting (self);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->ids_text, g_free);
  if (!reset_dropdowns)
    return;
  self->filling = TRUE;
  gtk_drop_down_set_selected (self->stage_dropdown, 0);
  gtk_drop_down_set_selected (self->segment_dropdown, 0);
  self->filling = FALSE;
}

/**
 * hy_members_page_show_selection:
 * @description: what the members are, in words, as the bar above the list says it
 * @func: selects them, on a worker
 * @data: (transfer full): for @func, freed with @data_free
 *
 * Lists the members @func selects, with the search and the other filters cleared.  @func runs
 * on a worker thread with a connection of its own; until it is done the list stays as it was.
 */
void
hy_members_page_show_selection (HyMembersPage       *self,
                                const char          *description,
                                HyMembersSelectFunc  func,
                                gpointer             data,
                                GDestroyNotify       data_free)
{
  g_return_if_fail (HY_IS_MEMBERS_PAGE (self));
  g_return_if_fail (description != NULL);
  g_return_if_fail (func != NULL);

  if (self->database == NULL)
    {
      if (data_free != NULL)
        data_free (data);
      return;
    }
  self->filter = HY_MEMBER_FILTER_NONE;
  _hy_members_page_clear_selection (self, TRUE);
  _hy_members_page_clear_search (self);
  gtk_stack_set_visible_child_name (self->view_stack, "list");
  start_selection (self, description, func, data, data_free);
}

/**
 * hy_members_page_get_selecting:
 *
 * Returns: whether the members of a segment or of a chart's bin are being selected
 */
gboolean
hy_members_page_get_selecting (HyMembersPage *self)
{
  g_return_val_if_fail (HY_IS_MEMBERS_PAGE (self), FALSE);

  return self->select_cancellable != NULL;
}

void
_hy_members_page_stage_selected_cb (HyMembersPage *self)
{
  guint position = gtk_drop_down_get_selected (self->stage_dropdown);

  if (self->filling)
    return;
  if (position > 0 && position <= G_N_ELEMENTS (listed_stages))
    {
      self->filter = HY_MEMBER_FILTER_STAGE;
      self->filter_value = listed_stages[position - 1];
    }
  else if (self->filter == HY_MEMBER_FILTER_STAGE)
    self->filter = HY_MEMBER_FILTER_NONE;
  _hy_members_page_show_filter (self);
  _hy_members_page_query (self);
}

/* The stage dropdown showing the stage filter, if the list has one (from the dashboard). */
void
_hy_members_page_show_stage (HyMembersPage *self)
{
  guint position = 0;

  for (guint i = 0; i < G_N_ELEMENTS (listed_stages); i++)
    if (self->filter == HY_MEMBER_FILTER_STAGE && (int) listed_stages[i] == self->filter_value)
      position = i + 1;
  self->filling = TRUE;
  gtk_drop_down_set_selected (self->stage_dropdown, position);
  self->filling = FALSE;
}

static GArray *
select_segment (HyDatabase    *db,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  return hy_segment_select_saved (db, data, error);
}

void
_hy_members_page_segment_selected_cb (HyMembersPage *self)
{
  guint position = gtk_drop_down_get_selected (self->segment_dropdown);
  const char *name;
  g_autofree char *description = NULL;

  if (self->filling || self->database == NULL)
    return;
  if (position == 0 || position == GTK_INVALID_LIST_POSITION)
    {
      _hy_members_page_clear_selection (self, FALSE);
      _hy_members_page_show_filter (self);
      _hy_members_page_query (self);
      return;
    }
  name = gtk_string_list_get_string (self->segments, position);
  /* Translators: %s is the name of a saved segment */
  description = g_strdup_printf (_("Segment “%s”"), name);
  start_selection (self, description, select_segment, g_strdup (name), g_free);
}

static void
segments_run (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  GStrv names;

  if (!(db = hy_database_open (task_data, HY_DATABASE_OPEN_READ_ONLY, &error)) ||
      !(names = hy_segment_list_names (db, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, names, (GDestroyNotify) g_strfreev);
}

static void
segments_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HyMembersPage) self = user_data;
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;

  if (!(names = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_free (self->select_text);
          self->select_text = g_strdup (error->message);
          _hy_members_page_show_filter (self);
        }
      return;
    }

  /* The segment listed was deleted: everyone again. */
  if (!_hy_members_page_refill (self, self->segment_dropdown, self->segments, (const char * const *) names))
    _hy_members_page_segment_selected_cb (self);
}

/* Reads the names of the saved segments into the segment filter, on a worker. */
void
_hy_members_page_load_segments (HyMembersPage *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->database == NULL)
    return;
  task = g_task_new (NULL, self->cancellable, segments_done, g_object_ref (self));
  g_task_set_source_tag (task, _hy_members_page_load_segments);
  g_task_set_task_data (task, g_strdup (hy_database_get_path (self->database)), g_free);
  g_task_run_in_thread (task, segments_run);
}

void
_hy_members_page_init_selection (HyMembersPage *self)
{
  g_autoptr(GtkStringList) stages = gtk_string_list_new (NULL);

  gtk_string_list_append (stages, _("Any Stage"));
  for (guint i = 0; i < G_N_ELEMENTS (listed_stages); i++)
    gtk_string_list_append (stages, hy_stage_get_label (listed_stages[i]));
  gtk_drop_down_set_model (self->stage_dropdown, G_LIST_MODEL (stages));

  self->segments = gtk_string_list_new (NULL);
  gtk_string_list_append (self->segments, _("Any Segment"));
  gtk_drop_down_set_model (self->segment_dropdown, G_LIST_MODEL (self->segments));
}
