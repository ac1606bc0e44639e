/* hy-members-page-actions.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tagging and exporting the members selected in the list.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-export.h"
#include "hy-member-store.h"
#include "hy-members-page-private.h"
#include "hy-money.h"
#include "hy-staff.h"
#include "hy-window.h"

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
      _hy_members_page_load_tags (self);
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

  positions = _hy_members_page_get_selected (self);
  if (all || gtk_bitset_is_empty (positions))
    {
      g_clear_pointer (&positions, gtk_bitset_unref);
      positions = gtk_bitset_new_range (0, hy_member_list_model_get_count (self->model));
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

void
_hy_members_page_add_tag_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  HyMembersPage *self = HY_MEMBERS_PAGE (widget);
  g_autoptr(GtkBitset) selected = _hy_members_page_get_selected (self);
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

  chooser = gtk_file_chooser_native_new (_("Export Members"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("members.csv"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
_hy_members_page_export_action (GtkWidget  *widget,
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
