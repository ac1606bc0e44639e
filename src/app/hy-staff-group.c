/* hy-staff-group.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Settings → Staff accounts: who may sign in, with their role; adding one, a new PIN and
 * deactivating.  Every change goes through the window's own connection, where the core knows
 * who is signed in and checks their role; a clerk gets a manager's approval first
 * (hy_window_require_manager).  A PIN is hashed slowly on purpose, a fraction of a second, as
 * when signing in.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hy-form-dialog.h"
#include "hy-staff-group.h"
#include "hy-staff.h"
#include "hy-time.h"
#include "hy-window.h"

#define MIN_PIN_CHARS 4

struct _HyStaffGroup
{
  AdwPreferencesGroup  parent_instance;

  /* Template widgets */
  GtkListBox          *staff_list;
  AdwEntryRow         *name_row;
  AdwComboRow         *role_row;
  AdwPasswordEntryRow *pin_row;
  AdwPasswordEntryRow *pin_again_row;
  GtkLabel            *add_error;
  GtkButton           *add_button;

  /* Owned references */
  HyDatabase          *database;
  GPtrArray           *staff;     /* of HyStaff, by name, deactivated ones too */
  char                *problem;
};

G_DEFINE_FINAL_TYPE (HyStaffGroup, hy_staff_group, ADW_TYPE_PREFERENCES_GROUP)

/* A change waiting for a manager's approval. */
typedef struct
{
  HyStaffGroup *self;
  char         *name;
  char         *pin;
  HyStaffRole   role;
  enum { CHANGE_ADD, CHANGE_PIN, CHANGE_DEACTIVATE } kind;
} Change;

static void
change_free (Change *change)
{
  g_object_unref (change->self);
  g_free (change->name);
  if (change->pin != NULL)
    memset (change->pin, 0, strlen (change->pin));
  g_free (change->pin);
  g_free (change);
}

static guint
count_active (HyStaffGroup *self,
              gboolean      managers_only)
{
  guint n = 0;

  for (guint i = 0; self->staff != NULL && i < self->staff->len; i++)
    {
      const HyStaff *staff = self->staff->pdata[i];

      if (staff->removed_at == 0 && (!managers_only || staff->role == HY_STAFF_MANAGER))
        n++;
    }
  return n;
}

static const HyStaff *
find_active (HyStaffGroup *self,
             const char   *name)
{
  for (guint i = 0; self->staff != NULL && i < self->staff->len; i++)
    {
      const HyStaff *staff = self->staff->pdata[i];

      if (staff->removed_at == 0 && g_strcmp0 (staff->name, name) == 0)
        return staff;
    }
  return NULL;
}

/* What is wrong with two PINs typed; NULL when they will do.  Says nothing until the second
 * one has been typed, except that the first is too short. */
static const char *
pin_problem (const char *pin,
             const char *again)
{
  if (*pin != '\0' && g_utf8_strlen (pin, -1) < MIN_PIN_CHARS)
    return _("A PIN needs at least 4 characters");
  if (*again != '\0' && g_strcmp0 (pin, again) != 0)
    return _("The two PINs do not match");
  return NULL;
}

static void
hy_staff_group_validate (HyStaffGroup *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_row));
  const char *again = gtk_editable_get_text (GTK_EDITABLE (self->pin_again_row));
  const char *pins = pin_problem (pin, again);
  gboolean quiet = FALSE;

  g_clear_pointer (&self->problem, g_free);
  if (*name != '\0' && find_active (self, name) != NULL)
    self->problem = g_strdup_printf (_("There is already a member of staff called “%s”"), name);
  else if (count_active (self, FALSE) == 0 && adw_combo_row_get_selected (self->role_row) != HY_STAFF_MANAGER)
    self->problem = g_strdup (_("The first member of staff must be a manager, or nobody could change the staff later"));
  else if (pins != NULL)
    self->problem = g_strdup (pins);
  else if (*name == '\0' || *pin == '\0' || *again == '\0')
    {
      /* Not finished yet, which is not an error to show. */
      self->problem = g_strdup (_("Enter a name and the PIN twice"));
      quiet = TRUE;
    }

  gtk_label_set_label (self->add_error, self->problem != NULL && !quiet ? self->problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->add_error), self->problem != NULL && !quiet);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), self->database != NULL && self->problem == NULL);
}

static void
add_fields_changed_cb (HyStaffGroup *self)
{
  hy_staff_group_validate (self);
}

static void
hy_staff_group_apply (HyStaffGroup *self,
                      const Change *change)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  switch (change->kind)
    {
    case CHANGE_ADD:
      ok = hy_staff_add (self->database, change->name, change->role, change->pin, &error) > 0;
      if (ok)
        {
          gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
          gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
          gtk_editable_set_text (GTK_EDITABLE (self->pin_again_row), "");
        }
      break;
    case CHANGE_PIN:
      ok = hy_staff_set_secret (self->database, change->name, change->pin, &error);
      break;
    case CHANGE_DEACTIVATE:
      ok = hy_staff_remove (self->database, change->name, "", &error);
      break;
    default:
      g_assert_not_reached ();
    }

  hy_staff_group_reload (self);
  if (!ok)
    hy_show_error (GTK_WIDGET (self), _("Staff Not Changed"), error->message);
}

static void
approved_cb (HyWindow *window,
             gboolean  approved,
             gpointer  user_data)
{
  Change *change = user_data;

  if (approved && change->self->database != NULL)
    hy_staff_group_apply (change->self, change);
  change_free (change);
}

/* Changes the staff now when whoever is signed in may, or after a manager's approval. */
static void
hy_staff_group_change (HyStaffGroup *self,
                       Change       *change)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const HyStaff *current = hy_staff_get_current (self->database);
  gboolean own_pin = change->kind == CHANGE_PIN && current != NULL && g_strcmp0 (current->name, change->name) == 0;

  if (HY_IS_WINDOW (root) && !own_pin)
    hy_window_require_manager (HY_WINDOW (root), HY_ACTION_MANAGE_STAFF, approved_cb, change);
  else
    approved_cb (NULL, TRUE, change);
}

static Change *
change_new (HyStaffGroup *self,
            int           kind,
            const char   *name)
{
  Change *change = g_new0 (Change, 1);

  change->self = g_object_ref (self);
  change->kind = kind;
  change->name = g_strdup (name);
  return change;
}

static void
add_clicked_cb (HyStaffGroup *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  Change *change;

  hy_staff_group_validate (self);
  if (self->database == NULL || self->problem != NULL)
    return;
  change = change_new (self, CHANGE_ADD, name);
  change->role = adw_combo_row_get_selected (self->role_row) == HY_STAFF_MANAGER ? HY_STAFF_MANAGER : HY_STAFF_CLERK;
  change->pin = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->pin_row)));
  hy_staff_group_change (self, change);
}

/* ---- A new PIN ---- */

static void
pin_dialog_changed_cb (GtkWidget *dialog)
{
  GtkEditable *pin = g_object_get_data (G_OBJECT (dialog), "pin");
  GtkEditable *again = g_object_get_data (G_OBJECT (dialog), "again");
  const char *problem = pin_problem (gtk_editable_get_text (pin), gtk_editable_get_text (again));

  hy_form_dialog_set_problem (dialog, problem, problem == NULL && *gtk_editable_get_text (again) != '\0');
}

static void
pin_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 HyStaffGroup     *self)
{
  Change *change;

  if (g_strcmp0 (response, "change") != 0 || self->database == NULL)
    return;
  change = change_new (self, CHANGE_PIN, g_object_get_data (G_OBJECT (dialog), "name"));
  change->pin = g_strdup (gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "pin")));
  hy_staff_group_change (self, change);
}

static GtkWidget *
password_row (GtkListBox *list,
              const char *name,
              const char *title,
              GtkWidget  *dialog)
{
  GtkWidget *row = adw_password_entry_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_signal_connect_object (row, "changed", G_CALLBACK (pin_dialog_changed_cb), dialog, G_CONNECT_SWAPPED);
  gtk_list_box_append (list, row);
  return row;
}

static void
change_pin_clicked_cb (GtkButton    *button,
                       HyStaffGroup *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "name");
  g_autofree char *heading = g_strdup_printf (_("New PIN for %s"), name);
  GtkListBox *list;
  GtkWidget *dialog = hy_form_dialog_new (GTK_WIDGET (self), heading, NULL, "change", _("C_hange PIN"), &list);

  g_object_set_data_full (G_OBJECT (dialog), "name", g_strdup (name), g_free);
  g_object_set_data (G_OBJECT (dialog), "pin", password_row (list, "pin", _("New PIN, at least 4 characters"), dialog));
  g_object_set_data (G_OBJECT (dialog), "again", password_row (list, "pin-again", _("The same PIN again"), dialog));
  pin_dialog_changed_cb (dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (pin_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Deactivating ---- */

static void
deactivate_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        HyStaffGroup     *self)
{
  if (g_strcmp0 (response, "deactivate") == 0 && self->database != NULL)
    hy_staff_group_change (self, change_new (self, CHANGE_DEACTIVATE, g_object_get_data (G_OBJECT (dialog), "name")));
}

static void
deactivate_clicked_cb (GtkButton    *button,
                       HyStaffGroup *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "name");
  const HyStaff *staff = find_active (self, name);
  const HyStaff *current = self->database != NULL ? hy_staff_get_current (self->database) : NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (staff == NULL)
    return;
  if (current != NULL && g_strcmp0 (current->name, name) == 0)
    {
      hy_show_error (GTK_WIDGET (self), _("Staff Not Changed"), _("You are signed in: another manager deactivates your account."));
      return;
    }
  if (staff->role == HY_STAFF_MANAGER && count_active (self, TRUE) == 1 && count_active (self, FALSE) > 1)
    {
      g_autofree char *message = g_strdup_printf (_("%s is the only manager: make another manager first, or nobody could change the staff."), name);

      hy_show_error (GTK_WIDGET (self), _("Staff Not Changed"), message);
      return;
    }

  heading = g_strdup_printf (_("Deactivate %s?"), name);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("They can no longer sign in. What they did stays in the audit log under their name."));
  g_object_set_data_full (G_OBJECT (dialog), "name", g_strdup (name), g_free);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "deactivate", _("_Deactivate"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "deactivate", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (deactivate_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- The list ---- */

static GtkWidget *
row_button (HyStaffGroup *self,
            const char   *label,
            const char   *accessible,
            const char   *name,
            GCallback     callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data_full (G_OBJECT (button), "name", g_strdup (name), g_free);
  g_signal_connect_object (button, "clicked", callback, self, 0);
  return button;
}

static GtkWidget *
staff_row (HyStaffGroup  *self,
           const HyStaff *staff)
{
  GtkWidget *row = adw_action_row_new ();
  const char *role = staff->role == HY_STAFF_MANAGER ? _("Manager") : _("Clerk");
  g_autofree char *subtitle = NULL;

  if (staff->removed_at != 0)
    {
      g_autofree char *day = hy_time_format_local (hy_database_get_time_zone (self->database), staff->removed_at, FALSE);

      /* Translators: a member of staff's role, then the day they were deactivated */
      subtitle = g_strdup_printf (_("%s · deactivated on %s"), role, day);
      gtk_widget_add_css_class (row, "dim-label");
    }
  else
    /* Translators: a member of staff's role, and that they may sign in */
    subtitle = g_strdup_printf (_("%s · active"), role);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), staff->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, staff->name);
  if (staff->removed_at == 0)
    {
      g_autofree char *pin_label = g_strdup_printf (_("Change the PIN of %s"), staff->name);
      g_autofree char *off_label = g_strdup_printf (_("Deactivate %s"), staff->name);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button (self, _("Change _PIN…"), pin_label, staff->name, G_CALLBACK (change_pin_clicked_cb)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button (self, _("De_activate…"), off_label, staff->name, G_CALLBACK (deactivate_clicked_cb)));
    }
  return row;
}

void
hy_staff_group_reload (HyStaffGroup *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  g_return_if_fail (HY_IS_STAFF_GROUP (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->staff_list))) != NULL)
    gtk_list_box_remove (self->staff_list, child);
  g_clear_pointer (&self->staff, g_ptr_array_unref);
  if (self->database == NULL)
    return;

  if (!(self->staff = hy_staff_list (self->database, TRUE, &error)))
    g_warning ("Failed to list the staff: %s", error->message);
  for (guint i = 0; self->staff != NULL && i < self->staff->len; i++)
    gtk_list_box_append (self->staff_list, staff_row (self, self->staff->pdata[i]));
  if (count_active (self, FALSE) == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No staff accounts"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Whoever opens this database may do everything. Add a manager first."));
      gtk_list_box_prepend (self->staff_list, row);
    }
  hy_staff_group_validate (self);
}

void
hy_staff_group_set_database (HyStaffGroup *self,
                             HyDatabase   *database)
{
  g_return_if_fail (HY_IS_STAFF_GROUP (self));
  g_return_if_fail (database == NULL || HY_IS_DATABASE (database));

  if (!g_set_object (&self->database, database))
    return;
  /* Out of sight it waits: the Settings page reloads it when it is shown. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    hy_staff_group_reload (self);
}

const char *
hy_staff_group_get_problem (HyStaffGroup *self)
{
  g_return_val_if_fail (HY_IS_STAFF_GROUP (self), NULL);

  return self->problem;
}

static void
hy_staff_group_finalize (GObject *object)
{
  HyStaffGroup *self = HY_STAFF_GROUP (object);

  g_clear_object (&self->database);
  g_clear_pointer (&self->staff, g_ptr_array_unref);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (hy_staff_group_parent_class)->finalize (object);
}

static void
hy_staff_group_class_init (HyStaffGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = hy_staff_group_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/huiyuan/Huiyuan/ui/hy-staff-group.ui");
  gtk_widget_class_bind_template_child (widget_class, HyStaffGroup, staff_list);
  gtk_widget_class_bind_template_child (widget_class, HyStaffGroup, name_row);
  gtk_widget_class_bind_template_child (widget_class, HyStaffGroup, role_row);
  gtk_widget_class_bind_template_child (widget_class, HyStaffGroup, pin_row);
  gtk_widget_class_bind_template_child (widget_class, HyStaffGroup, pin_again_row);
  gtk_widget_class_bind_template_child (widget_class, HyStaffGroup, add_error);
  gtk_widget_class_bind_template_child (widget_class, HyStaffGroup, add_button);
  gtk_widget_class_bind_template_callback (widget_class, add_fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
}

static void
hy_staff_group_init (HyStaffGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  hy_staff_group_validate (self);
}
