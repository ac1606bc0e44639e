/* hy-document-export.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Printing a document and asking where to save one, for every page that has documents: the
 * reports and the warnings' call list.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "hy-document-export.h"

/* An error the user should see, in a dialog on @widget's window. */
void
hy_document_export_show_error (GtkWidget    *widget,
                               const char   *heading,
                               const GError *error)
{
  GtkWidget *dialog;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (error != NULL);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Printing ---- */

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                HyDocument        *document)
{
  gtk_print_operation_set_n_pages (operation,
                                   hy_document_layout (document,
                                                       gtk_print_context_get_width (context),
                                                       gtk_print_context_get_height (context)));
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              HyDocument        *document)
{
  hy_document_draw_page (document, gtk_print_context_get_cairo_context (context), page);
}

static void
end_print_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              HyDocument        *document)
{
  /* Back to A4, for pages on screen. */
  hy_document_layout (document, HY_DOCUMENT_A4_WIDTH, HY_DOCUMENT_A4_HEIGHT);
}

/**
 * hy_document_export_print:
 * @widget: the page asking; errors are shown on its window
 * @document_free: (nullable): frees @document when the printing is over, or %NULL when the
 *   caller keeps it alive until then
 *
 * Prints @document on A4 through the print dialog.  The document has its own margins, header
 * and footer, so the page setup has none.
 */
void
hy_document_export_print (GtkWidget      *widget,
                          HyDocument     *document,
                          GDestroyNotify  document_free,
                          const char     *job_name)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (document != NULL);

  gtk_page_setup_set_paper_size (setup, a4);
  gtk_page_setup_set_top_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_bottom_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_left_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_right_margin (setup, 0, GTK_UNIT_POINTS);

  operation = gtk_print_operation_new ();
  if (document_free != NULL)
    g_object_set_data_full (G_OBJECT (operation), "hy-document", document, document_free);
  gtk_print_operation_set_job_name (operation, job_name);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), document);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), document);
  g_signal_connect (operation, "end-print", G_CALLBACK (end_print_cb), document);

  /* Not asynchronous: the run's result is the only report of an error. */
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (gtk_widget_get_root (widget)), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    hy_document_export_show_error (widget, _("Could not Print"), error);
}

/* ---- Saving ---- */

typedef struct
{
  GtkWidget          *widget;
  HyDocumentSaveFunc  save;
  gpointer            user_data;
} Choice;

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  Choice          *choice)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        choice->save (choice->widget, path, choice->user_data);
    }
  g_object_unref (choice->widget);
  g_free (choice);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

/**
 * hy_document_export_choose_file:
 * @save: called with the path chosen; not called when the user cancels
 *
 * Asks where to save a document, offering @suggested_name.
 */
void
hy_document_export_choose_file (GtkWidget          *widget,
                                const char         *title,
                                const char         *suggested_name,
                                HyDocumentSaveFunc  save,
                                gpointer            user_data)
{
  GtkFileChooserNative *dialog;
  Choice *choice;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (save != NULL);

  choice = g_new0 (Choice, 1);
  choice->widget = g_object_ref (widget);
  choice->save = save;
  choice->user_data = user_data;
  dialog = gtk_file_chooser_native_new (title, GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested_name);
  g_signal_connect (dialog, "response", G_CALLBACK (save_response_cb), choice);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
