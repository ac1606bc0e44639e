/* hy-window-staff.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Who is working.  A store with staff accounts asks for a name and PIN before it shows its
 * pages; the core then checks that person's role and names them in the audit log.  What a
 * clerk may not do alone is allowed once by a manager's PIN, at that moment
 * (hy_window_require_manager).  A store without staff accounts works as one user, the owner.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-staff.h"
#include "hy-warnings-page.h"
#include "hy-window-private.h"

const HyStaff *
hy_window_get_staff (HyWindow *self)
{
  g_return_val_if_fail (HY_IS_WINDOW (self), NULL);

  return self->database != NULL ? hy_staff_get_current (self->database) : NULL;
}

void
_hy_window_update_subtitle (HyWindow *self)
{
  const HyStaff *staff = hy_window_get_staff (self);
  g_autofree char *subtitle = NULL;

  if (staff == NULL)
    subtitle = g_strdup (self->store_name);
  else
    /* The store, who is signed in and their role: "丽人美容 — 小李 (Clerk)" */
    subtitle = g_strdup_printf (_("%s — %s (%s)"), self->store_name, staff->name,
                                staff->role == HY_STAFF_MANAGER ? _("Manager") : _("Clerk"));
  adw_window_title_set_subtitle (self->page_title, subtitle);
}

/* The pages that show phones show them again, masked or not for the new person. */
static void
staff_changed (HyWindow *self)
{
  GtkWidget *warnings = gtk_stack_get_child_by_name (self->pages, "warnings");

  hy_members_page_set_database (self->members_page, NULL);
  hy_members_page_set_database (self->members_page, self->database);
  if (HY_IS_WARNINGS_PAGE (warnings))
    hy_warnings_page_update_phones (HY_WARNINGS_PAGE (warnings));
  _hy_window_update_subtitle (self);
}

void
_hy_window_ask_staff (HyWindow *self)
{
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;

  hy_staff_sign_in (self->database, NULL);
  if (!(staff = hy_staff_list (self->database, FALSE, &error)))
    g_warning ("Failed to list the staff: %s", error->message);
  if (staff == NULL || staff->len == 0)
    {
      staff_changed (self);
      gtk_stack_set_visible_child_name (self->main_stack, "main");
      return;
    }

  for (guint i = 0; i < staff->len; i++)
    gtk_string_list_append (names, ((HyStaff *) staff->pdata[i])->name);
  adw_combo_row_set_model (self->sign_in_staff_row, G_LIST_MODEL (names));
  gtk_editable_set_text (GTK_EDITABLE (self->sign_in_pin_row), "");
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_error), FALSE);
  gtk_stack_set_visible_child_name (self->main_stack, "sign-in");
  gtk_widget_grab_focus (GTK_WIDGET (self->sign_in_pin_row));
}

static void
sign_in_cb (HyWindow *self)
{
  GtkStringObject *name = adw_combo_row_get_selected_item (self->sign_in_staff_row);
  g_autoptr(HyStaff) staff = NULL;
  g_autoptr(GError) error = NULL;

  if (self->database == NULL || name == NULL)
    return;
  staff = hy_staff_verify (self->database, gtk_string_object_get_string (name),
                           gtk_editable_get_text (GTK_EDITABLE (self->sign_in_pin_row)), &error);
  gtk_editable_set_text (GTK_EDITABLE (self->sign_in_pin_row), "");
  if (staff == NULL)
    {
      gtk_label_set_label (self->sign_in_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->sign_in_error), TRUE);
      return;
    }

  hy_staff_sign_in (self->database, staff);
  staff_changed (self);
  gtk_stack_set_visible_child_name (self->main_stack, "main");
}

static void
hy_window_switch_staff_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  HyWindow *self = HY_WINDOW (widget);

  if (self->database != NULL && self->job == NULL)
    _hy_window_ask_staff (self);
}

/* ---- A manager's approval ---- */

/* What the clerk asked to do, to start a sentence, by HyAction. */
static const char * const action_labels[] = {
  N_("Selling"),
  N_("Issuing a coupon"),
  N_("Adjusting points by hand"),
  N_("A refund"),
  N_("Voiding a coupon"),
  N_("Merging two member records"),
  N_("Exporting"),
  N_("Managing the staff"),
  N_("Seeing whole phone numbers"),
  N_("Reading the audit log"),
};
G_STATIC_ASSERT (G_N_ELEMENTS (action_labels) == HY_ACTION_READ_AUDIT + 1);

static const char *
action_label (HyAction action)
{
  g_return_val_if_fail ((guint) action < G_N_ELEMENTS (action_labels), "");

  return _(action_labels[action]);
}

typedef struct
{
  HyWindow             *window;
  HyAction              action;
  HyWindowApprovedFunc  callback;
  gpointer              user_data;
  gboolean              answered;
  AdwComboRow          *manager_row;
  AdwPasswordEntryRow  *pin_row;
} Approval;

static void
approval_answer (Approval *approval,
                 gboolean  approved)
{
  if (approval->answered)
    return;
  approval->answered = TRUE;
  approval->callback (approval->window, approved, approval->user_data);
}

/* A dialog that goes without an answer (its window closed) refused: the callback runs once. */
static void
approval_free (gpointer  data,
               GClosure *closure)
{
  Approval *approval = data;

  approval_answer (approval, FALSE);
  g_free (approval);
}

static void
approval_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      Approval         *approval)
{
  HyWindow *self = approval->window;
  GtkStringObject *name = adw_combo_row_get_selected_item (approval->manager_row);
  g_autoptr(HyStaff) manager = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "approve") != 0 || name == NULL || self->database == NULL)
    {
      approval_answer (approval, FALSE);
      return;
    }

  manager = hy_staff_approve (self->database, gtk_string_object_get_string (name),
                              gtk_editable_get_text (GTK_EDITABLE (approval->pin_row)), approval->action, &error);
  if (manager == NULL)
    {
      GtkWidget *alert = adw_message_dialog_new (GTK_WINDOW (self), _("Not Approved"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (alert));
      approval_answer (approval, FALSE);
      return;
    }
  approval_answer (approval, TRUE);
}

/* Runs @callback with approved TRUE at once when whoever is signed in may do @action; otherwise
 * asks for a manager's name and PIN first, and the audit log names that manager as approved_by.
 * approved FALSE: cancelled or refused; the action must not be done. */
void
hy_window_require_manager (HyWindow             *self,
                           HyAction              action,
                           HyWindowApprovedFunc  callback,
                           gpointer              user_data)
{
  const HyStaff *staff;
  g_autoptr(GPtrArray) everyone = NULL;
  g_autoptr(GtkStringList) managers = gtk_string_list_new (NULL);
  g_autofree char *body = NULL;
  Approval *approval;
  GtkWidget *dialog, *list;

  g_return_if_fail (HY_IS_WINDOW (self));
  g_return_if_fail (callback != NULL);

  staff = hy_window_get_staff (self);
  if (hy_staff_can (staff, action))
    {
      callback (self, TRUE, user_data);
      return;
    }

  everyone = hy_staff_list (self->database, FALSE, NULL);
  for (guint i = 0; everyone != NULL && i < everyone->len; i++)
    if (((HyStaff *) everyone->pdata[i])->role == HY_STAFF_MANAGER)
      gtk_string_list_append (managers, ((HyStaff *) everyone->pdata[i])->name);

  approval = g_new0 (Approval, 1);
  approval->window = self;
  approval->action = action;
  approval->callback = callback;
  approval->user_data = user_data;
  approval->manager_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (approval->manager_row), _("Manager"));
  adw_combo_row_set_model (approval->manager_row, G_LIST_MODEL (managers));
  approval->pin_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (approval->pin_row), _("Manager’s PIN"));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (approval->manager_row));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (approval->pin_row));

  /* Translators: who is signed in, then what they asked to do (“Adjusting points by hand”) */
  body = g_strdup_printf (_("%s is signed in as a clerk. %s needs a manager, who enters their PIN to allow it once; the audit log records who approved it."),
                          staff->name, action_label (action));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Manager Approval Needed"), body);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "approve", _("_Approve"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "approve", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "approve");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (approval_response_cb), approval, approval_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (approval->pin_row));
}

typedef struct
{
  GtkWidget      *widget;
  HyApprovedFunc  callback;
  gpointer        data;
  GDestroyNotify  destroy;
} WidgetApproval;

static void
widget_approval_cb (HyWindow *window,
                    gboolean  approved,
                    gpointer  user_data)
{
  WidgetApproval *request = user_data;

  if (approved)
    request->callback (request->widget, request->data);
  if (request->destroy != NULL)
    request->destroy (request->data);
  g_object_unref (request->widget);
  g_free (request);
}

void
hy_widget_require_manager (GtkWidget      *widget,
                           HyAction        action,
                           HyApprovedFunc  callback,
                           gpointer        data,
                           GDestroyNotify  destroy)
{
  GtkRoot *root;
  WidgetApproval *request;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (callback != NULL);

  request = g_new0 (WidgetApproval, 1);
  request->widget = g_object_ref (widget);
  request->callback = callback;
  request->data = data;
  request->destroy = destroy;
  root = gtk_widget_get_root (widget);
  if (HY_IS_WINDOW (root))
    hy_window_require_manager (HY_WINDOW (root), action, widget_approval_cb, request);
  else
    widget_approval_cb (NULL, TRUE, request);
}

void
_hy_window_class_init_staff (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, HyWindow, sign_in_staff_row);
  gtk_widget_class_bind_template_child (widget_class, HyWindow, sign_in_pin_row);
  gtk_widget_class_bind_template_child (widget_class, HyWindow, sign_in_error);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_cb);
  gtk_widget_class_install_action (widget_class, "win.switch-staff", NULL, hy_window_switch_staff_action);
}
