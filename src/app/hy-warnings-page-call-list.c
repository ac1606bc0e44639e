/* hy-warnings-page-call-list.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Warnings page's call list: every open entry of the last build (not only the ones the
 * screen holds), built in a thread on a connection of its own, then printed or saved as a PDF
 * or a CSV.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-document-export.h"
#include "hy-phone-display.h"
#include "hy-reports.h"
#include "hy-warnings-page-private.h"
#include "hy-work-list.h"

typedef struct
{
  char      *db_path;
  char      *out_path;   /* NULL: only build (for printing) */
  gboolean   csv;
  gboolean   mask;
  GPtrArray *all;        /* keeps the items alive */
  GPtrArray *items;      /* the open ones, borrowed from all */
} CallList;

static void
call_list_free (CallList *list)
{
  g_free (list->db_path);
  g_free (list->out_path);
  g_clear_pointer (&list->items, g_ptr_array_unref);
  g_clear_pointer (&list->all, g_ptr_array_unref);
  g_free (list);
}

static void
call_list_run (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CallList *list = task_data;
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(HyDocument) doc = NULL;
  g_autoptr(GError) error = NULL;

  if (!(db = hy_database_open (list->db_path, HY_DATABASE_OPEN_READ_ONLY, &error)) ||
      !(doc = hy_report_build_call_list (db, list->items, list->mask, &error)) ||
      (list->out_path != NULL && !list->csv && !hy_document_write_pdf (doc, list->out_path, &error)) ||
      /* With a byte order mark, so that Excel reads the Chinese right. */
      (list->out_path != NULL && list->csv && !hy_document_write_csv (doc, list->out_path, TRUE, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&doc), (GDestroyNotify) hy_document_free);
}

static GTask *
call_list_task (HyWarningsPage      *self,
                const char          *out_path,
                gboolean             csv,
                gpointer             source_tag,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, NULL, callback, user_data);
  CallList *list = g_new0 (CallList, 1);

  list->db_path = g_strdup (hy_database_get_path (self->database));
  list->out_path = g_strdup (out_path);
  list->csv = csv;
  list->mask = hy_phone_display_masks (self->database);
  list->all = g_ptr_array_ref (self->items);
  list->items = g_ptr_array_new ();
  for (guint i = 0; i < self->items->len; i++)
    {
      HyWorkItem *item = g_ptr_array_index (self->items, i);

      if (!g_hash_table_contains (self->contacted, &item->member_id))
        g_ptr_array_add (list->items, item);
    }
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, list, (GDestroyNotify) call_list_free);
  return task;
}

void
hy_warnings_page_save_call_list_async (HyWarningsPage      *self,
                                       const char          *path,
                                       gboolean             csv,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HY_IS_WARNINGS_PAGE (self));
  g_return_if_fail (self->items != NULL);
  g_return_if_fail (path != NULL);

  task = call_list_task (self, path, csv, hy_warnings_page_save_call_list_async, callback, user_data);
  g_task_run_in_thread (task, call_list_run);
}

gboolean
hy_warnings_page_save_call_list_finish (HyWarningsPage  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  g_autoptr(HyDocument) doc = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  doc = g_task_propagate_pointer (G_TASK (result), error);
  return doc != NULL;
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  HyWarningsPage *self = HY_WARNINGS_PAGE (object);
  g_autoptr(GError) error = NULL;

  if (!hy_warnings_page_save_call_list_finish (self, result, &error))
    hy_document_export_show_error (GTK_WIDGET (self), _("Could not Save the Call List"), error);
}

static void
save_to (GtkWidget  *widget,
         const char *path,
         gpointer    user_data)
{
  HyWarningsPage *self = HY_WARNINGS_PAGE (widget);

  if (self->items != NULL)
    hy_warnings_page_save_call_list_async (self, path, GPOINTER_TO_INT (user_data), save_done_cb, NULL);
}

static void
choose_file (HyWarningsPage *self,
             gboolean        csv)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (hy_database_get_time_zone (self->database));
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = g_strdup_printf ("calls-%s.%s", day, csv ? "csv" : "pdf");

  if (self->items != NULL)
    hy_document_export_choose_file (GTK_WIDGET (self), _("Save the Call List"), name, save_to, GINT_TO_POINTER (csv));
}

static void
print_built_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  HyWarningsPage *self = HY_WARNINGS_PAGE (object);
  g_autoptr(GError) error = NULL;
  HyDocument *doc = g_task_propagate_pointer (G_TASK (result), &error);

  if (doc == NULL)
    hy_document_export_show_error (GTK_WIDGET (self), _("Could not Print"), error);
  else
    hy_document_export_print (GTK_WIDGET (self), doc, (GDestroyNotify) hy_document_free, hy_document_get_title (doc));
}

static void
hy_warnings_page_print_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  HyWarningsPage *self = HY_WARNINGS_PAGE (widget);
  g_autoptr(GTask) task = NULL;

  if (self->items == NULL)
    return;
  task = call_list_task (self, NULL, FALSE, hy_warnings_page_print_action, print_built_cb, NULL);
  g_task_run_in_thread (task, call_list_run);
}

static void
hy_warnings_page_save_pdf_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  choose_file (HY_WARNINGS_PAGE (widget), FALSE);
}

static void
hy_warnings_page_save_csv_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  choose_file (HY_WARNINGS_PAGE (widget), TRUE);
}

void
_hy_warnings_page_install_call_list_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "warnings.print", NULL, hy_warnings_page_print_action);
  gtk_widget_class_install_action (widget_class, "warnings.save-pdf", NULL, hy_warnings_page_save_pdf_action);
  gtk_widget_class_install_action (widget_class, "warnings.save-csv", NULL, hy_warnings_page_save_csv_action);
}
