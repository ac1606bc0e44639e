/* hy-members-page.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every member, in pages read on a worker thread: sorted by a click on a column header,
 * filtered by tier and tag, narrowed by a search as the clerk types (a phone number or any part
 * of one, a name, a card number or a tag).  Several rows can be selected to tag or export them.
 * Activating a row opens the member's own page.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-export.h"
#include "hy-member-dialog.h"
#include "hy-member-item.h"
#include "hy-member-list-model.h"
#include "hy-member-page.h"
#include "hy-member-store.h"
#include "hy-members-page.h"
#include "hy-money.h"
#include "hy-phone.h"
#include "hy-phone-display.h"
#include "hy-staff.h"
#include "hy-tier-store.h"
#include "hy-time.h"
#include "hy-window.h"

typedef char *(*CellText) (HyMembersPage     *self,
                           const HyMemberRow *row);

struct _HyMembersPage
{
  AdwBin              parent_instance;

  /* Template widgets */
  GtkStack           *view_stack;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *tier_dropdown;
  GtkDropDown        *tag_dropdown;
  GtkStack           *stack;
  AdwStatusPage      *error_status;
  GtkColumnView      *column_view;
  GtkLabel           *count_label;
  GtkSpinner         *spinner;
  HyMemberPage       *member_page;

  /* Owned references */
  HyDatabase         *database;
  HyMemberListModel  *model;
  GtkMultiSelection  *selection;
  GArray             *tier_ids;     /* gint64 per tier_dropdown position */
  GtkStringList      *tags;
  GTimeZone          *tz;
  GCancellable       *cancellable;

  int                 probed_sort;  /* see sort_probe */
  gboolean            filling;      /* the filters are being filled: no query yet */
};

G_DEFINE_FINAL_TYPE (HyMembersPage, hy_members_page, ADW_TYPE_BIN)

static char *
cell_name (HyMembersPage     *self,
           const HyMemberRow *row)
{
  return g_strdup (row->name[0] != '\0' ? row->name : _("(no name)"));
}

static char *
cell_phone (HyMembersPage     *self,
            const HyMemberRow *row)
{
  return hy_phone_display (self->database, row->phone);
}

static char *
cell_card (HyMembersPage     *self,
           const HyMemberRow *row)
{
  return g_strdup (row->card != NULL ? row->card : "");
}

static char *
cell_tier (HyMembersPage     *self,
           const HyMemberRow *row)
{
  return g_strdup (row->tier_name != NULL ? row->tier_name : "");
}

static char *
cell_joined (HyMembersPage     *self,
             const HyMemberRow *row)
{
  return row->joined_at > 0 ? hy_time_format_local (self->tz, row->joined_at, FALSE) : g_strdup ("");
}

static char *
cell_last_purchase (HyMembersPage     *self,
                    const HyMemberRow *row)
{
  return row->last_purchase_at > 0 ? hy_time_format_local (self->tz, row->last_purchase_at, FALSE)
                                   : g_strdup (_("never"));
}

static char *
cell_purchases (HyMembersPage     *self,
                const HyMemberRow *row)
{
  return hy_count_format (row->purchase_count);
}

static char *
cell_spend (HyMembersPage     *self,
            const HyMemberRow *row)
{
  return hy_money_format (row->net_spend, TRUE);
}

static char *
cell_points (HyMembersPage     *self,
             const HyMemberRow *row)
{
  return hy_count_format (row->points);
}

static const struct
{
  const char *title;
  CellText    text;
  gboolean    numeric;
  gboolean    expand;
  int         sort;       /* HyMemberSort, or -1: not sortable */
} columns[] = {
  { N_("Name"), cell_name, FALSE, TRUE, HY_MEMBER_SORT_NAME },
  { N_("Phone"), cell_phone, FALSE, TRUE, -1 },
  { N_("Card"), cell_card, FALSE, FALSE, -1 },
  { N_("Tier"), cell_tier, FALSE, FALSE, HY_MEMBER_SORT_TIER },
  { N_("Joined"), cell_joined, FALSE, FALSE, HY_MEMBER_SORT_JOINED },
  { N_("Last Purchase"), cell_last_purchase, FALSE, FALSE, HY_MEMBER_SORT_LAST_PURCHASE },
  { N_("Purchases"), cell_purchases, TRUE, FALSE, HY_MEMBER_SORT_PURCHASES },
  { N_("Net Spend"), cell_spend, TRUE, FALSE, HY_MEMBER_SORT_SPEND },
  { N_("Points"), cell_points, TRUE, FALSE, HY_MEMBER_SORT_POINTS },
};

static void
cell_setup (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));

  gtk_label_set_xalign (GTK_LABEL (label), columns[column].numeric ? 1 : 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (columns[column].numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
cell_bind (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  HyMembersPage *self = HY_MEMBERS_PAGE (user_data);
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  const HyMemberRow *row = hy_member_item_get_row (gtk_list_item_get_item (item));
  g_autofree char *text = NULL;

  /* A row whose page is still being read stays blank for the moment it takes. */
  if (row != NULL)
    text = columns[column].text (self, row);
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text != NULL ? text : "");
}

/* GTK 4.8 has no API to ask the column view which column it sorts by.  Each sortable column
 * gets a sorter that records its column and answers "smaller"; comparing two items with the
 * view's sorter then calls the primary column's sorter first, and the answer says which
 * column it is and, inverted or not, the direction. */
static int
sort_probe (gconstpointer a,
            gconstpointer b,
            gpointer      user_data)
{
  GtkColumnViewColumn *column = user_data;
  HyMembersPage *self = g_object_get_data (G_OBJECT (column), "page");

  self->probed_sort = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (column), "sort"));
  return GTK_ORDERING_SMALLER;
}

static void
hy_members_page_add_columns (HyMembersPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (i));
      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup), self);
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind), self);

      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (columns[i].sort >= 0)
        {
          g_autoptr(GtkCustomSorter) sorter = gtk_custom_sorter_new (sort_probe, column, NULL);

          g_object_set_data (G_OBJECT (column), "page", self);
          g_object_set_data (G_OBJECT (column), "sort", GINT_TO_POINTER (columns[i].sort));
          gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
        }
      gtk_column_view_append_column (self->column_view, column);
    }
}

static void
hy_members_page_read_sort (HyMembersPage *self,
                           HyMemberSort  *sort,
                           gboolean      *descending)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  g_autoptr(GObject) probe_a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) probe_b = g_object_new (G_TYPE_OBJECT, NULL);
  GtkOrdering order;

  /* Two objects: a sorter answers "equal" for an item compared with itself without asking. */
  self->probed_sort = -1;
  order = gtk_sorter_compare (sorter, probe_a, probe_b);
  *sort = self->probed_sort >= 0 ? (HyMemberSort) self->probed_sort : HY_MEMBER_SORT_NAME;
  *descending = self->probed_sort >= 0 && order == GTK_ORDERING_LARGER;
}

static void
query_changed_cb (HyMembersPage *self)
{
  g_autofree char *search = NULL;
  HyMemberListQuery query = { 0 };
  guint tier, tag;

  if (self->filling || self->database == NULL)
    return;

  tier = gtk_drop_down_get_selected (self->tier_dropdown);
  tag = gtk_drop_down_get_selected (self->tag_dropdown);

  search = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  hy_members_page_read_sort (self, &query.sort, &query.descending);
  query.search = search;
  if (tier != GTK_INVALID_LIST_POSITION && tier < self->tier_ids->len)
    query.tier_id = g_array_index (self->tier_ids, gint64, tier);
  if (tag != GTK_INVALID_LIST_POSITION && tag > 0)
    query.tag = gtk_string_list_get_string (self->tags, tag);
  hy_member_list_model_set_query (self->model, &query);
}

static void
model_changed_cb (HyMembersPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  gboolean loading = hy_member_list_model_get_loading (self->model);
  const GError *error = hy_member_list_model_get_error (self->model);
  g_autofree char *number = hy_count_format (n);
  g_autofree char *count = NULL;

  gtk_spinner_set_spinning (self->spinner, loading);
  if (loading)
    return;

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
}

static void
selection_changed_cb (HyMembersPage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  gboolean any = !gtk_bitset_is_empty (selected);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "members.add-tag", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "members.export", self->database != NULL);
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

  if (!(db = hy_database_open (task_data, HY_DATABASE_OPEN_READ_ONLY, &error)) ||
      !(tags = hy_member_list_tags (db, 200, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, tags, (GDestroyNotify) g_ptr_array_unref);
}

static void
tags_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HyMembersPage) self = user_data;
  g_autoptr(GPtrArray) tags = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *selected = NULL;
  guint position = 0;

  if (!(tags = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Failed to list the tags: %s", error->message);
      return;
    }

  if (gtk_drop_down_get_selected (self->tag_dropdown) > 0)
    selected = g_strdup (gtk_string_list_get_string (self->tags, gtk_drop_down_get_selected (self->tag_dropdown)));
  self->filling = TRUE;
  gtk_string_list_splice (self->tags, 1, g_list_model_get_n_items (G_LIST_MODEL (self->tags)) - 1, NULL);
  for (guint i = 0; i < tags->len; i++)
    {
      const HyTagCount *count = g_ptr_array_index (tags, i);

      gtk_string_list_append (self->tags, count->tag);
      if (g_strcmp0 (selected, count->tag) == 0)
        position = i + 1;
    }
  gtk_drop_down_set_selected (self->tag_dropdown, position);
  self->filling = FALSE;
}

static void
hy_members_page_load_tags (HyMembersPage *self)
{
  g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, tags_done, g_object_ref (self));

  g_task_set_source_tag (task, hy_members_page_load_tags);
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

/* Tagging and exporting the selection: the ids are read on a worker, the work runs on another
 * with its own connection, and a toast says what was done. */
typedef struct
{
  char           *path;
  char           *tag;
  char           *export_path;
  GArray         *ids;
  HyStaffSession *session;   /* who exports, with a manager's approval for a clerk */
} Batch;

static void
batch_free (Batch *batch)
{
  g_clear_pointer (&batch->session, hy_staff_session_free);
  g_free (batch->path);
  g_free (batch->tag);
  g_free (batch->export_path);
  g_clear_pointer (&batch->ids, g_array_unref);
  g_free (batch);
}

static void
hy_members_page_toast (HyMembersPage *self,
                       const char    *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

static void
batch_run (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  Batch *batch = task_data;
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(HyMemberStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint64 rows = 0;

  if (!(db = hy_database_open (batch->path, HY_DATABASE_OPEN_DEFAULT, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (batch->export_path != NULL)
    {
      HyExportOptions options = { HY_EXPORT_MEMBERS, TRUE, FALSE, batch->ids };

      /* The core checks and audits the export as the window's person on this connection. */
      hy_staff_session_apply (batch->session, db);
      if (!hy_export_run (db, batch->export_path, &options, &rows, NULL, NULL, cancellable, &error))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_int (task, rows);
      return;
    }

  store = hy_member_store_new (db);
  for (guint i = 0; i < batch->ids->len; i++)
    {
      if (g_task_return_error_if_cancelled (task))
        return;
      if (!hy_member_store_add_tag (store, g_array_index (batch->ids, gint64, i), batch->tag, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  g_task_return_int (task, batch->ids->len);
}

static void
batch_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HyMembersPage) self = user_data;
  Batch *batch = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *text = NULL;
  gssize n = g_task_propagate_int (G_TASK (result), &error);

  if (n < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        hy_members_page_toast (self, error->message);
      return;
    }
  number = hy_count_format (n);
  if (batch->export_path != NULL)
    /* Translators: %s is a number of members, already formatted */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %s member", "Exported %s members", n), number);
  else
    {
      /* Translators: %s is a number of members, already formatted; %s a tag */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Tagged %s member “%s”", "Tagged %s members “%s”", n),
                              number, batch->tag);
      hy_member_list_model_reload (self->model);
      hy_members_page_load_tags (self);
    }
  hy_members_page_toast (self, text);
}

static void
selected_ids_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HyMembersPage *self = g_task_get_source_object (task);
  Batch *batch = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!(batch->ids = hy_member_list_model_fetch_ids_finish (self->model, result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_run_in_thread (task, batch_run);
}

/* Runs @batch on the selected members, or on every listed one when @all. */
static void
hy_members_page_run_batch (HyMembersPage *self,
                           Batch         *batch,
                           gboolean       all)
{
  g_autoptr(GtkBitset) positions = NULL;
  GTask *task;

  batch->path = g_strdup (hy_database_get_path (self->database));
  task = g_task_new (self, self->cancellable, batch_done, g_object_ref (self));
  g_task_set_source_tag (task, hy_members_page_run_batch);
  g_task_set_task_data (task, batch, (GDestroyNotify) batch_free);

  positions = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (all || gtk_bitset_is_empty (positions))
    {
      g_clear_pointer (&positions, gtk_bitset_unref);
      positions = gtk_bitset_new_range (0, g_list_model_get_n_items (G_LIST_MODEL (self->model)));
    }
  hy_member_list_model_fetch_ids_async (self->model, positions, self->cancellable, selected_ids_done, task);
}

static void
add_tag_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     HyMembersPage    *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autofree char *tag = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  Batch *batch;

  if (!g_str_equal (response, "add") || *tag == '\0')
    return;
  batch = g_new0 (Batch, 1);
  batch->tag = g_steal_pointer (&tag);
  hy_members_page_run_batch (self, batch, FALSE);
}

static void
add_tag_entry_changed_cb (GtkEditable      *entry,
                          AdwMessageDialog *dialog)
{
  g_autofree char *tag = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "add", *tag != '\0');
}

static void
hy_members_page_add_tag_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  HyMembersPage *self = HY_MEMBERS_PAGE (widget);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  guint64 n = gtk_bitset_get_size (selected);
  g_autofree char *number = hy_count_format (n);
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  GtkWidget *entry;

  if (n == 0)
    return;
  /* Translators: %s is a number of members, already formatted */
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The tag is added to the %s selected member.",
                                       "The tag is added to the %s selected members.", n), number);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Add a Tag"), body);
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Tag"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Add Tag"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add", FALSE);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect (entry, "changed", G_CALLBACK (add_tag_entry_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (add_tag_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
export_response_cb (HyMembersPage        *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      Batch *batch = g_new0 (Batch, 1);

      batch->export_path = g_file_get_path (file);
      batch->session = hy_staff_session_take (self->database);
      hy_members_page_run_batch (self, batch, FALSE);
    }
  else if (self->database != NULL)
    /* No export after all: a manager's approval of it does not wait for the next one. */
    hy_staff_session_free (hy_staff_session_take (self->database));
  g_object_unref (chooser);
}

/* Whoever is signed in may export (a clerk with a manager's PIN): where to? */
static void
export_approved_cb (GtkWidget *widget,
                    gpointer   data)
{
  HyMembersPage *self = HY_MEMBERS_PAGE (widget);
  GtkFileChooserNative *chooser;

  if (self->database == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Export Members"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("members.csv"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
hy_members_page_export_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  HyMembersPage *self = HY_MEMBERS_PAGE (widget);

  if (self->database == NULL)
    return;
  hy_widget_require_manager (widget, HY_ACTION_EXPORT, export_approved_cb, NULL, NULL);
}

/* Exports the selection (or everyone listed) to @path without asking; for tests and scripts. */
void
hy_members_page_export_to (HyMembersPage *self,
                           const char    *path)
{
  Batch *batch;

  g_return_if_fail (HY_IS_MEMBERS_PAGE (self));
  g_return_if_fail (path != NULL);

  batch = g_new0 (Batch, 1);
  batch->export_path = g_strdup (path);
  batch->session = hy_staff_session_take (self->database);
  hy_members_page_run_batch (self, batch, FALSE);
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

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), query != NULL ? query : "");
  query_changed_cb (self);
}

void
hy_members_page_sort_by (HyMembersPage *self,
                         HyMemberSort   sort,
                         gboolean       descending)
{
  g_autoptr(GListModel) view_columns = NULL;

  g_return_if_fail (HY_IS_MEMBERS_PAGE (self));

  view_columns = gtk_column_view_get_columns (self->column_view);
  g_object_ref (view_columns);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    if (columns[i].sort == (int) sort)
      {
        g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, i);

        gtk_column_view_sort_by_column (self->column_view, column,
                                        descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
      }
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
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  hy_members_page_fill_tiers (self);
  gtk_string_list_splice (self->tags, 1, g_list_model_get_n_items (G_LIST_MODEL (self->tags)) - 1, NULL);
  gtk_drop_down_set_selected (self->tag_dropdown, 0);
  self->filling = FALSE;
  gtk_stack_set_visible_child_name (self->view_stack, "list");

  hy_member_list_model_set_database (self->model, database);
  if (database != NULL)
    {
      query_changed_cb (self);
      hy_members_page_load_tags (self);
    }
  selection_changed_cb (self);
}

static void
hy_members_page_dispose (GObject *object)
{
  HyMembersPage *self = HY_MEMBERS_PAGE (object);

  /* The column view drops its columns (and its sorter changes) as it goes: no more queries. */
  self->filling = TRUE;
  g_cancellable_cancel (self->cancellable);
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
  g_clear_object (&self->cancellable);
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
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, error_status);
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, member_page);
  gtk_widget_class_bind_template_callback (widget_class, query_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, member_back_cb);
  gtk_widget_class_bind_template_callback (widget_class, member_changed_cb);

  gtk_widget_class_install_action (widget_class, "members.add-tag", NULL, hy_members_page_add_tag_action);
  gtk_widget_class_install_action (widget_class, "members.export", NULL, hy_members_page_export_action);
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

  self->model = hy_member_list_model_new ();
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  hy_members_page_add_columns (self);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (query_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  selection_changed_cb (self);
}
