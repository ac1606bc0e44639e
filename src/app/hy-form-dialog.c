/* hy-form-dialog.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The small forms of the Settings, Coupons and staff pages: an AdwMessageDialog with a boxed
 * list of rows, a line under it that says what is wrong as the user types, and one action
 * that stays off until the form may be sent.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-form-dialog.h"

#define PROBLEM_KEY  "hy-form-problem"
#define RESPONSE_KEY "hy-form-response"

static GtkWindow *
parent_window (GtkWidget *parent)
{
  GtkRoot *root = parent != NULL ? gtk_widget_get_root (parent) : NULL;

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/**
 * hy_form_dialog_new:
 * @parent: (nullable): a widget in the window the dialog belongs to
 * @response: the id of the action, which a Cancel response accompanies
 * @out_list: (out): the boxed list the caller fills with rows
 *
 * Returns: (transfer none): the dialog, not presented yet
 */
GtkWidget *
hy_form_dialog_new (GtkWidget   *parent,
                    const char  *heading,
                    const char  *body,
                    const char  *response,
                    const char  *response_label,
                    GtkListBox **out_list)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (parent), heading, body);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *problem = gtk_label_new (NULL);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_box_append (GTK_BOX (box), list);
  gtk_widget_set_name (problem, "problem");
  gtk_widget_set_visible (problem, FALSE);
  gtk_label_set_wrap (GTK_LABEL (problem), TRUE);
  gtk_label_set_xalign (GTK_LABEL (problem), 0);
  gtk_widget_add_css_class (problem, "error");
  gtk_box_append (GTK_BOX (box), problem);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), response, response_label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response, ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), response);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), PROBLEM_KEY, problem);
  g_object_set_data_full (G_OBJECT (dialog), RESPONSE_KEY, g_strdup (response), g_free);

  *out_list = GTK_LIST_BOX (list);
  return dialog;
}

/* Shows @problem under the rows (NULL: none) and enables the action when @ready. */
void
hy_form_dialog_set_problem (GtkWidget  *dialog,
                            const char *problem,
                            gboolean    ready)
{
  GtkLabel *label = g_object_get_data (G_OBJECT (dialog), PROBLEM_KEY);

  g_return_if_fail (ADW_IS_MESSAGE_DIALOG (dialog) && label != NULL);

  gtk_label_set_label (label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (label), problem != NULL);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                           g_object_get_data (G_OBJECT (dialog), RESPONSE_KEY), ready);
}

/* What went wrong, on top of @parent's window. */
void
hy_show_error (GtkWidget  *parent,
               const char *heading,
               const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (parent), heading, NULL);

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s", message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}
