/* hy-members-page.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every member, in pages read on a worker thread: sorted by a click on a column header,
 * filtered by tier, tag, lifecycle stage and saved segment (or, from the dashboard, by RFM class
 * or the bin of a chart), narrowed by a search as the clerk types (a phone number or any part
 * of one, a name, a card number or a tag).  Several rows can be selected to tag or export them.
 * Activating a row opens the member's own page.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-export.h"
#include "hy-member-dialog.h"
#include "hy-member-item.h"
#include "hy-lifecycle.h"
#include "hy-member-analysis.h"
#include "hy-member-list-model.h"
#include "hy-member-page.h"
#include "hy-member-store.h"
#include "hy-members-page.h"
#include "hy-members-page-private.h"
#include "hy-money.h"
#include "hy-phone.h"
#include "hy-rfm.h"
#include "hy-tier-store.h"
#include "hy-time.h"

G_DEFINE_FINAL_TYPE (HyMembersPage, hy_members_page, ADW_TYPE_BIN)

/* What the RFM class or stage filter lists, in words, or NULL. */
static char *
describe_filter (HyMembersPage *self)
{
  gint32 as_of = self->database != NULL ? hy_member_analysis_get_as_of (self->database) : -1;
  g_autofree char *day = NULL;
  int y, m, d;

  if (self->filter == HY_MEMBER_FILTER_NONE)
    return NULL;
  hy_time_day_to_ymd (MAX (as_of, 0), &y, &m, &d);
  day = g_strdup_printf ("%04d-%02d-%02d", y, m, d);
  if (self->filter == HY_MEMBER_FILTER_RFM_CLASS)
    /* Translators: %1$s is an RFM class, %2$s the day of the dashboard's analysis */
    return g_strdup_printf (_("RFM class “%1$s”, as the dashboard analysed it on %2$s"),
                            hy_rfm_class_get_label (self->filter_value), day);
  /* Translators: %1$s is a lifecycle stage, %2$s the day of the dashboard's analysis */
  return g_strdup_printf (_("Lifecycle stage “%1$s”, as the dashboard analysed it on %2$s"),
                          hy_stage_get_label (self->filter_value), day);
}

/* The bar above the list: what it is filtered to (the class or stage, and the segment or bin of
 * a chart whose members it lists), or the members being found for it, or why they could not be. */
void
_hy_members_page_show_filter (HyMembersPage *self)
{
  g_autofree char *filter = describe_filter (self);
  gboolean selecting = self->select_cancellable != NULL;
  gboolean failed = !selecting && self->select_text != NULL;
  GString *text = g_string_new (NULL);

  if (filter != NULL)
    g_string_append (text, filter);
  if (self->select_text != NULL || self->ids_text != NULL)
    /* Translators: between two filters of the members list, e.g. a stage and a segment */
    g_string_append (text, text->len > 0 ? _(" · ") : "");
  g_string_append (text, self->select_text != NULL ? self->select_text
                         : self->ids_text != NULL ? self->ids_text : "");

  gtk_revealer_set_reveal_child (self->filter_revealer, text->len > 0);
  gtk_label_set_label (self->filter_label, text->str);
  gtk_widget_set_visible (self->filter_icon, !selecting);
  gtk_widget_set_visible (GTK_WIDGET (self->filter_spinner), selecting);
  gtk_spinner_set_spinning (self->filter_spinner, selecting);
  if (failed)
    gtk_widget_add_css_class (GTK_WIDGET (self->filter_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->filter_label), "error");
  g_string_free (text, TRUE);
}

/**
 * hy_members_page_get_filter_text:
 *
 * Returns: what the list is filtered to in words, as the bar above it says, or "" with no filter
 */
const char *
hy_members_page_get_filter_text (HyMembersPage *self)
{
  g_return_val_if_fail (HY_IS_MEMBERS_PAGE (self), NULL);

  return gtk_revealer_get_reveal_child (self->filter_revealer) ? gtk_label_get_label (self->filter_label) : "";
}

/* The Stage and RFM Class columns show the dashboard's last analysis: say of which day. */
static void
show_note (HyMembersPage *self)
{
  gint32 as_of = self->database != NULL ? hy_member_analysis_get_as_of (self->database) : -1;
  g_autofree char *text = NULL;
  int y, m, d;

  if (as_of < 0)
    {
      gtk_label_set_label (self->note_label, _("Stage and RFM class appear once the dashboard has analysed the members."));
      return;
    }
  hy_time_day_to_ymd (as_of, &y, &m, &d);
  /* Translators: %04d-%02d-%02d is the day of the dashboard's last analysis, as 2026-11-23 */
  text = g_strdup_printf (_("Stage and RFM class: the dashboard’s last analysis, of %04d-%02d-%02d "
                            "(“—”: joined since). Click a part of a chart there to list its members."),
                          y, m, d);
  gtk_label_set_label (self->note_label, text);
}

/* A new analysis is shown with the next query, or now: the rows read again, the notes saying
 * its day. */
static void
show_new_analysis (HyMembersPage *self,
                   gboolean       reload)
{
  if (!self->analysis_changed)
    return;
  self->analysis_changed = FALSE;
  show_note (self);
  _hy_members_page_show_filter (self);
  if (reload && self->database != NULL)
    hy_member_list_model_reload (self->model);
}

static void query_changed_cb (HyMembersPage *self);

/* Reads the list, the tags and the segments of the database: when the page is first shown,
 * not at start-up, where the reading would take the processor from the page that is shown. */
static void
start (HyMembersPage *self)
{
  self->started = TRUE;
  hy_member_list_model_set_database (self->model, self->database);
  if (self->database != NULL)
    {
      query_changed_cb (self);
      _hy_members_page_load_tags (self);
      _hy_members_page_load_segments (self);
    }
}

/* The page is shown: a new analysis, and the segments saved since, appear. */
static void
map_cb (HyMembersPage *self)
{
  if (!self->started)
    {
      start (self);
      return;
    }
  show_new_analysis (self, TRUE);
  _hy_members_page_load_segments (self);
}

static void
query_changed_cb (HyMembersPage *self)
{
  g_autofree char *search = NULL;
  HyMemberListQuery query = { 0 };
  guint tier, tag;

  if (self->filling || self->database == NULL)
    return;

  show_new_analysis (self, FALSE);
  tier = gtk_drop_down_get_selected (self->tier_dropdown);
  tag = gtk_drop_down_get_selected (self->tag_dropdown);

  search = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  _hy_members_page_read_sort (self, &query.sort, &query.descending);
  query.search = search;
  if (tier != GTK_INVALID_LIST_POSITION && tier < self->tier_ids->len)
    query.tier_id = g_array_index (self->tier_ids, gint64, tier);
  if (tag != GTK_INVALID_LIST_POSITION && tag > 0)
    query.tag = gtk_string_list_get_string (self->tags, tag);
  query.filter = self->filter;
  query.filter_value = self->filter_value;
  query.ids = self->ids;
  hy_member_list_model_set_query (self->model, &query);
}

void
_hy_members_page_query (HyMembersPage *self)
{
  query_changed_cb (self);
}

/* The search, tier and tag back to everyone, without listing anyone yet. */
void
_hy_members_page_clear_search (HyMembersPage *self)
{
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->tier_dropdown, 0);
  gtk_drop_down_set_selected (self->tag_dropdown, 0);
  self->filling = FALSE;
}

/**
 * hy_members_page_reload_analysis:
 *
 * The dashboard saved a new analysis: the rows are read again with its classes and stages.
 * Not while the page is on screen, where the rows would jump under the clerk's eyes: then
 * when it is shown again, or with the next search or sort.
 */
void
hy_members_page_reload_analysis (HyMembersPage *self)
{
  g_return_if_fail (HY_IS_MEMBERS_PAGE (self));

  self->analysis_changed = TRUE;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    show_new_analysis (self, TRUE);
}

/**
 * hy_members_page_set_filter:
 * @filter: by RFM class or lifecycle stage, or %HY_MEMBER_FILTER_NONE
 * @value: the HyRfmClass or HyStage
 *
 * Lists the members of one RFM class or lifecycle stage, as the dashboard's last analysis
 * classed them, with the search, tier, tag and segment cleared: the list then counts what the
 * chart counts.  A bar above the list says so and clears it.  %HY_MEMBER_FILTER_NONE clears
 * every filter but the search.
 */
void
hy_members_page_set_filter (HyMembersPage  *self,
                            HyMemberFilter  filter,
                            int             value)
{
  g_return_if_fail (HY_IS_MEMBERS_PAGE (self));
  g_return_if_fail (filter < HY_N_MEMBER_FILTERS);
  g_return_if_fail (filter != HY_MEMBER_FILTER_RFM_CLASS || (value >= 0 && value < HY_RFM_N_CLASSES));
  g_return_if_fail (filter != HY_MEMBER_FILTER_STAGE || (value >= 0 && value < HY_N_STAGES));

  self->filter = filter;
  self->filter_value = filter != HY_MEMBER_FILTER_NONE ? value : 0;
  _hy_members_page_clear_selection (self, TRUE);
  _hy_members_page_show_stage (self);
  if (filter != HY_MEMBER_FILTER_NONE)
    _hy_members_page_clear_search (self);
  gtk_stack_set_visible_child_name (self->view_stack, "list");
  _hy_members_page_show_filter (self);
  query_changed_cb (self);
}

HyMemberFilter
hy_members_page_get_filter (HyMembersPage *self,
                            int           *value)
{
  g_return_val_if_fail (HY_IS_MEMBERS_PAGE (self), HY_MEMBER_FILTER_NONE);

  if (value != NULL)
    *value = self->filter_value;
  return self->filter;
}

static void
clear_filter_cb (HyMembersPage *self)
{
  hy_members_page_set_filter (self, HY_MEMBER_FILTER_NONE, 0);
}

static void selection_changed_cb (HyMembersPage *self);

static void
model_changed_cb (HyMembersPage *self)
{
  guint n = hy_member_list_model_get_count (self->model);
  gboolean loading = hy_member_list_model_get_loading (self->model);
  const GError *error = hy_member_list_model_get_error (self->model);
  g_autofree char *number = hy_count_format (n);
  g_autofree char *count = NULL;

  gtk_spinner_set_spinning (self->spinner, loading);
  if (loading)
    return;

  /* The list fills the rows it had in place (the view is not told they changed): what was
   * selected was a member of the last results, not of these. */
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));

  if (error != NULL)
    {
      adw_status_page_set_description (self->error_status, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      gtk_label_set_label (self->count_label, "");
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "results" : "none");

  if (hy_member_list_model_get_capped (self->model))
    /* Translators: %s is how many members are shown */
    count = g_strdup_printf (_("The first %s members found; type more to narrow the search"), number);
  else
    /* Translators: %s is a number of members, already formatted */
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s member", "%s members", n), number);
  gtk_label_set_label (self->count_label, count);
  selection_changed_cb (self);   /* nothing to export when nobody is listed */
}

/* The positions of the members selected: not the list's spare rows, which "select all" takes
 * too (see hy-member-list-model.c). */
GtkBitset *
_hy_members_page_get_selected (HyMembersPage *self)
{
  g_autoptr(GtkBitset) shared = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GtkBitset *selected = gtk_bitset_copy (shared);   /* the model may hand out its own */
  guint count = hy_member_list_model_get_count (self->model);

  gtk_bitset_remove_range (selected, count, G_MAXUINT - count);
  return selected;
}

static void
selection_changed_cb (HyMembersPage *self)
{
  g_autoptr(GtkBitset) selected = _hy_members_page_get_selected (self);
  gboolean any = !gtk_bitset_is_empty (selected);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "members.add-tag", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "members.export",
                                 self->database != NULL && hy_member_list_model_get_count (self->model) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "members.add-member", self->database != NULL);
}

static void
hy_members_page_open_member (HyMembersPage *self,
                             gint64         member_id)
{
  hy_member_page_set_member (self->member_page, self->database, member_id);
  gtk_stack_set_visible_child_name (self->view_stack, "member");
}

static void
row_activated_cb (HyMembersPage *self,
                  guint          position)
{
  g_autoptr(HyMemberItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (item != NULL && hy_member_item_get_id (item) > 0)
    hy_members_page_open_member (self, hy_member_item_get_id (item));
}

static void
member_back_cb (HyMembersPage *self)
{
  gtk_stack_set_visible_child_name (self->view_stack, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
member_changed_cb (HyMembersPage *self)
{
  hy_member_list_model_reload (self->model);
}

static void
member_saved_cb (HyMembersPage  *self,
                 gint64          member_id,
                 HyMemberDialog *dialog)
{
  hy_member_list_model_reload (self->model);
  hy_members_page_open_member (self, member_id);
}

static void
hy_members_page_add_member_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  HyMembersPage *self = HY_MEMBERS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  HyMemberDialog *dialog;

  if (self->database == NULL)
    return;
  dialog = hy_member_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->database, 0);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (member_saved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "open-member", G_CALLBACK (member_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
tags_run (GTask        *task,
          gpointer      source_object,
          gpointer      task_data,
          GCancellable *cancellable)
{
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tags;

  /* Counting the tags reads the tags table once: a small page cache does as well, and does
   * not stay resident in this thread's malloc arena after (trimming it stalls the others). */
  if (!(db = hy_database_open (task_data, HY_DATABASE_OPEN_READ_ONLY | HY_DATABASE_OPEN_SMALL_CACHE, &error)) ||
      !(tags = hy_member_list_tags (db, 200, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, tags, (GDestroyNotify) g_ptr_array_unref);
}

/* The items of @dropdown after its first ("All Tags", "Any Segment") become @names, the one
 * selected staying so if it is still there.  Returns FALSE when it is gone, and the first is
 * selected. */
gboolean
_hy_members_page_refill (HyMembersPage      *self,
                         GtkDropDown        *dropdown,
                         GtkStringList      *list,
                         const char * const *names)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  g_autofree char *name = selected > 0 && selected != GTK_INVALID_LIST_POSITION
                          ? g_strdup (gtk_string_list_get_string (list, selected)) : NULL;
  guint position = 0;

  self->filling = TRUE;
  gtk_string_list_splice (list, 1, g_list_model_get_n_items (G_LIST_MODEL (list)) - 1, names);
  for (guint i = 0; names[i] != NULL; i++)
    if (g_strcmp0 (name, names[i]) == 0)
      position = i + 1;
  gtk_drop_down_set_selected (dropdown, position);
  self->filling = FALSE;
  return name == NULL || position > 0;
}

static void
tags_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HyMembersPage) self = user_data;
  g_autoptr(GPtrArray) tags = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GError) error = NULL;

  if (!(tags = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Failed to list the tags: %s", error->message);
      return;
    }

  names = g_ptr_array_new_full (tags->len + 1, NULL);
  for (guint i = 0; i < tags->len; i++)
    g_ptr_array_add (names, ((HyTagCount *) g_ptr_array_index (tags, i))->tag);
  g_ptr_array_add (names, NULL);
  _hy_members_page_refill (self, self->tag_dropdown, self->tags, (const char * const *) names->pdata);
}

void
_hy_members_page_load_tags (HyMembersPage *self)
{
  g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, tags_done, g_object_ref (self));

  g_task_set_source_tag (task, _hy_members_page_load_tags);
  g_task_set_task_data (task, g_strdup (hy_database_get_path (self->database)), g_free);
  g_task_run_in_thread (task, tags_run);
}

static void
hy_members_page_fill_tiers (HyMembersPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(HyTierStore) store = NULL;
  g_autoptr(GPtrArray) tiers = NULL;
  g_autoptr(GError) error = NULL;
  gint64 any = 0, none = HY_MEMBER_LIST_NO_TIER;

  g_array_set_size (self->tier_ids, 0);
  gtk_string_list_append (names, _("All Tiers"));
  g_array_append_val (self->tier_ids, any);
  if (self->database != NULL)
    {
      store = hy_tier_store_new (self->database);
      if (!(tiers = hy_tier_store_list (store, &error)))
        g_warning ("Failed to list the tiers: %s", error->message);
      for (guint i = 0; tiers != NULL && i < tiers->len; i++)
        {
          const HyTier *tier = g_ptr_array_index (tiers, i);

          gtk_string_list_append (names, tier->name);
          g_array_append_val (self->tier_ids, tier->id);
        }
    }
  gtk_string_list_append (names, _("No Tier"));
  g_array_append_val (self->tier_ids, none);
  gtk_drop_down_set_model (self->tier_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->tier_dropdown, 0);
}

GListModel *
hy_members_page_get_results (HyMembersPage *self)
{
  g_return_val_if_fail (HY_IS_MEMBERS_PAGE (self), NULL);

  return G_LIST_MODEL (self->model);
}

GtkSelectionModel *
hy_members_page_get_selection (HyMembersPage *self)
{
  g_return_val_if_fail (HY_IS_MEMBERS_PAGE (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
}

HyMemberPage *
hy_members_page_get_member_page (HyMembersPage *self)
{
  g_return_val_if_fail (HY_IS_MEMBERS_PAGE (self), NULL);

  return self->member_page;
}

void
hy_members_page_search (HyMembersPage *self,
                        const char    *query)
{
  g_return_if_fail (HY_IS_MEMBERS_PAGE (self));

  /* Setting the text empties the entry first, which would search for everyone on the way. */
  g_signal_handlers_block_by_func (self->search_entry, query_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), query != NULL ? query : "");
  g_signal_handlers_unblock_by_func (self->search_entry, query_changed_cb, self);
  query_changed_cb (self);
}

void
hy_members_page_open (HyMembersPage *self,
                      gint64         member_id)
{
  g_return_if_fail (HY_IS_MEMBERS_PAGE (self));

  hy_members_page_open_member (self, member_id);
}

void
hy_members_page_focus_search (HyMembersPage *self)
{
  g_return_if_fail (HY_IS_MEMBERS_PAGE (self));

  gtk_stack_set_visible_child_name (self->view_stack, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
hy_members_page_set_database (HyMembersPage *self,
                              HyDatabase    *database)
{
  g_return_if_fail (HY_IS_MEMBERS_PAGE (self));
  g_return_if_fail (database == NULL || HY_IS_DATABASE (database));

  if (!g_set_object (&self->database, database))
    return;

  g_clear_pointer (&self->tz, g_time_zone_unref);
  if (database != NULL)
    self->tz = g_time_zone_ref (hy_database_get_time_zone (database));

  self->filling = TRUE;
  self->filter = HY_MEMBER_FILTER_NONE;
  _hy_members_page_clear_selection (self, TRUE);
  gtk_string_list_splice (self->segments, 1, g_list_model_get_n_items (G_LIST_MODEL (self->segments)) - 1, NULL);
  _hy_members_page_show_filter (self);
  show_note (self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  hy_members_page_fill_tiers (self);
  gtk_string_list_splice (self->tags, 1, g_list_model_get_n_items (G_LIST_MODEL (self->tags)) - 1, NULL);
  gtk_drop_down_set_selected (self->tag_dropdown, 0);
  self->filling = FALSE;
  gtk_stack_set_visible_child_name (self->view_stack, "list");

  self->started = FALSE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start (self);
  else
    hy_member_list_model_set_database (self->model, NULL);
  selection_changed_cb (self);
}

static void
hy_members_page_dispose (GObject *object)
{
  HyMembersPage *self = HY_MEMBERS_PAGE (object);

  /* The column view drops its columns (and its sorter changes) as it goes: no more queries. */
  self->filling = TRUE;
  g_cancellable_cancel (self->cancellable);
  _hy_members_page_clear_selection (self, FALSE);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);

  G_OBJECT_CLASS (hy_members_page_parent_class)->dispose (object);
}

static void
hy_members_page_finalize (GObject *object)
{
  HyMembersPage *self = HY_MEMBERS_PAGE (object);

  g_clear_object (&self->model);
  g_clear_object (&self->selection);
  g_clear_object (&self->database);
  g_clear_object (&self->tags);
  g_clear_object (&self->segments);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->ids_text, g_free);
  g_clear_pointer (&self->select_text, g_free);
  g_clear_pointer (&self->tier_ids, g_array_unref);
  g_clear_pointer (&self->tz, g_time_zone_unref);

  G_OBJECT_CLASS (hy_members_page_parent_class)->finalize (object);
}

static void
hy_members_page_class_init (HyMembersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hy_members_page_dispose;
  object_class->finalize = hy_members_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/huiyuan/Huiyuan/ui/hy-members-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, tier_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, tag_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, stage_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, segment_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, error_status);
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, note_label);
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, member_page);
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, filter_icon);
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, filter_spinner);
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, filter_label);
  gtk_widget_class_bind_template_callback (widget_class, query_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, member_back_cb);
  gtk_widget_class_bind_template_callback (widget_class, member_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_filter_cb);
  gtk_widget_class_bind_template_callback (widget_class, _hy_members_page_stage_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, _hy_members_page_segment_selected_cb);

  gtk_widget_class_install_action (widget_class, "members.add-tag", NULL, _hy_members_page_add_tag_action);
  gtk_widget_class_install_action (widget_class, "members.export", NULL, _hy_members_page_export_action);
  gtk_widget_class_install_action (widget_class, "members.add-member", NULL, hy_members_page_add_member_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "members.add-member", NULL);

  g_type_ensure (HY_TYPE_MEMBER_PAGE);
}

static void
hy_members_page_init (HyMembersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->tier_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->tags = gtk_string_list_new (NULL);
  gtk_string_list_append (self->tags, _("All Tags"));
  gtk_drop_down_set_model (self->tag_dropdown, G_LIST_MODEL (self->tags));
  hy_members_page_fill_tiers (self);
  _hy_members_page_init_selection (self);

  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);

  self->model = hy_member_list_model_new ();
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  _hy_members_page_add_columns (self);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (query_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  selection_changed_cb (self);
}
