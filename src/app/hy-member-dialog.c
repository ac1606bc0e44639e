/* hy-member-dialog.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Adds a member or edits one.  Every keystroke builds a draft through the core's own rules
 * (phone normalisation, identity formats, dates), shows what is wrong next to the field, and
 * looks for anyone else already holding an identity typed here, with the offer to open that
 * member or (editing) to merge this record into it.  Save is enabled only for a valid form
 * that clashes with nobody; Enter saves, Escape cancels.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-error.h"
#include "hy-member-dialog.h"
#include "hy-member-store.h"
#include "hy-phone.h"

struct _HyMemberDialog
{
  AdwWindow            parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *duplicate_group;
  AdwActionRow        *duplicate_row;
  GtkButton           *merge_button;
  AdwEntryRow         *name_row;
  AdwEntryRow         *phone_row;
  AdwEntryRow         *card_row;
  AdwEntryRow         *wechat_row;
  AdwEntryRow         *email_row;
  AdwComboRow         *gender_row;
  AdwEntryRow         *birthday_row;
  AdwEntryRow         *channel_row;
  AdwEntryRow         *tags_row;
  AdwEntryRow         *notes_row;
  GtkLabel            *member_message;
  GtkLabel            *identity_message;
  GtkLabel            *details_message;

  /* Owned references */
  HyDatabase          *database;
  HyMemberStore       *store;

  gint64               member_id;    /* 0: a new member */
  gint64               duplicate;    /* another member holding an identity typed here */
  gboolean             valid;
};

G_DEFINE_FINAL_TYPE (HyMemberDialog, hy_member_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  OPEN_MEMBER,
  MERGE_INTO,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
mark (AdwEntryRow *row,
      gboolean     bad)
{
  if (bad)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
show_message (GtkLabel *label,
              GString  *text)
{
  gtk_label_set_label (label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (label), text->len > 0);
}

static void
add_line (GString    *text,
          const char *line)
{
  g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", line);
}

/* One identity field through the core's rules; its error, if any, goes to @messages. */
static gboolean
apply_identity (HyMember       *draft,
                HyIdentityKind  kind,
                AdwEntryRow    *row,
                GString        *messages)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = hy_member_set_identity (draft, kind, row_text (row), &error);

  mark (row, !ok);
  if (!ok)
    add_line (messages, error->message);
  return ok;
}

/* The form as a member, or NULL when a field is wrong (each wrong field is marked). */
static HyMember *
hy_member_dialog_build (HyMemberDialog *self)
{
  g_autoptr(HyMember) draft = NULL;
  g_autoptr(GString) member_text = g_string_new (NULL);
  g_autoptr(GString) identity_text = g_string_new (NULL);
  g_autoptr(GString) details_text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strstrip (g_strdup (row_text (self->name_row)));
  gboolean ok = TRUE;

  draft = self->member_id > 0 ? hy_member_store_load (self->store, self->member_id, &error) : hy_member_new ();
  if (draft == NULL)
    {
      add_line (member_text, error->message);
      show_message (self->member_message, member_text);
      return NULL;
    }

  hy_member_set_name (draft, name);
  ok &= apply_identity (draft, HY_IDENTITY_PHONE, self->phone_row, member_text);
  ok &= apply_identity (draft, HY_IDENTITY_CARD, self->card_row, identity_text);
  ok &= apply_identity (draft, HY_IDENTITY_WECHAT, self->wechat_row, identity_text);
  ok &= apply_identity (draft, HY_IDENTITY_EMAIL, self->email_row, identity_text);
  if (ok && *name == '\0' && hy_member_get_identities (draft)->len == 0)
    {
      add_line (member_text, _("A member needs a name or a phone number."));
      ok = FALSE;
    }
  else if (hy_member_get_phone (draft) != NULL && ok)
    {
      g_autofree char *formatted = hy_phone_format (hy_member_get_phone (draft));
      /* Translators: %s is the phone number as it will be kept */
      g_autofree char *hint = g_strdup_printf (_("Kept as %s"), formatted);

      add_line (member_text, hint);
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->member_message), ok ? "error" : "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->member_message), ok ? "dim-label" : "error");

  if (!hy_member_set_birthday_text (draft, row_text (self->birthday_row), &error))
    {
      add_line (details_text, error->message);
      g_clear_error (&error);
      ok = FALSE;
    }
  mark (self->birthday_row, details_text->len > 0);

  hy_member_set_gender (draft, (HyGender) adw_combo_row_get_selected (self->gender_row));
  {
    g_autofree char *channel = g_strstrip (g_strdup (row_text (self->channel_row)));

    hy_member_set_channel (draft, channel);
  }
  hy_member_set_tags_text (draft, row_text (self->tags_row));
  hy_member_set_notes (draft, row_text (self->notes_row));

  show_message (self->member_message, member_text);
  show_message (self->identity_message, identity_text);
  show_message (self->details_message, details_text);

  return ok ? g_steal_pointer (&draft) : NULL;
}

static void
hy_member_dialog_show_duplicate (HyMemberDialog *self,
                                 gint64          owner_id)
{
  g_autoptr(HyMember) owner = NULL;
  g_autofree char *subtitle = NULL;
  const char *phone;

  self->duplicate = owner_id;
  gtk_widget_set_visible (GTK_WIDGET (self->duplicate_group), owner_id > 0);
  if (owner_id <= 0 || (owner = hy_member_store_load (self->store, owner_id, NULL)) == NULL)
    return;

  phone = hy_member_get_phone (owner);
  subtitle = phone != NULL ? hy_phone_format (phone) : g_strdup (hy_member_get_identity (owner, HY_IDENTITY_CARD));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->duplicate_row),
                                 *hy_member_get_name (owner) != '\0' ? hy_member_get_name (owner) : _("(no name)"));
  adw_action_row_set_subtitle (self->duplicate_row, subtitle != NULL ? subtitle : "");
}

static void
field_changed_cb (HyMemberDialog *self)
{
  g_autoptr(HyMember) draft = hy_member_dialog_build (self);
  g_autoptr(GArray) owners = NULL;

  owners = draft != NULL ? hy_member_store_find_owners (self->store, draft) : NULL;
  hy_member_dialog_show_duplicate (self, owners != NULL && owners->len > 0 ? g_array_index (owners, gint64, 0) : 0);
  self->valid = draft != NULL && self->duplicate == 0;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "member-dialog.save", self->valid);
}

gboolean
hy_member_dialog_save (HyMemberDialog  *self,
                       GError         **error)
{
  g_autoptr(HyMember) draft = NULL;
  gboolean ok;

  g_return_val_if_fail (HY_IS_MEMBER_DIALOG (self), FALSE);

  field_changed_cb (self);
  if (!self->valid || (draft = hy_member_dialog_build (self)) == NULL)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   self->duplicate > 0 ? _("Someone else already holds an identity typed here")
                                       : _("Some fields are not filled in correctly"));
      return FALSE;
    }

  ok = self->member_id > 0 ? hy_member_store_update (self->store, draft, error)
                           : hy_member_store_create (self->store, draft, error);
  if (!ok)
    return FALSE;

  self->member_id = hy_member_get_id (draft);
  g_signal_emit (self, signals [SAVED], 0, self->member_id);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

static void
hy_member_dialog_save_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  HyMemberDialog *self = HY_MEMBER_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  GtkWidget *alert;

  if (!self->valid || hy_member_dialog_save (self, &error))
    return;

  alert = adw_message_dialog_new (GTK_WINDOW (self), _("Could not Save the Member"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (alert), "%s", error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (alert));
}

static void
hy_member_dialog_open_duplicate_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  HyMemberDialog *self = HY_MEMBER_DIALOG (widget);
  g_autoptr(HyMemberDialog) hold = g_object_ref (self);

  if (self->duplicate <= 0)
    return;
  g_signal_emit (self, signals [OPEN_MEMBER], 0, self->duplicate);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* A new member: what was typed (and nobody holds) is added to the member found instead of
 * making a second record.  An existing member: whoever opened the dialog asks before merging. */
static void
hy_member_dialog_merge_duplicate_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  HyMemberDialog *self = HY_MEMBER_DIALOG (widget);
  g_autoptr(HyMemberDialog) hold = g_object_ref (self);
  AdwEntryRow *rows[] = { self->phone_row, self->card_row, self->wechat_row, self->email_row };
  HyIdentityKind kinds[] = { HY_IDENTITY_PHONE, HY_IDENTITY_CARD, HY_IDENTITY_WECHAT, HY_IDENTITY_EMAIL };

  if (self->duplicate <= 0)
    return;
  if (self->member_id > 0)
    {
      g_signal_emit (self, signals [MERGE_INTO], 0, self->duplicate);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GError) error = NULL;
      const char *text = row_text (rows[i]);

      if (*text != '\0' && hy_member_store_find (self->store, kinds[i], text, NULL) == 0 &&
          !hy_member_store_add_identity (self->store, self->duplicate, kinds[i], text, &error))
        g_warning ("Failed to add an identity: %s", error->message);
    }
  g_signal_emit (self, signals [OPEN_MEMBER], 0, self->duplicate);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
hy_member_dialog_fill (HyMemberDialog *self)
{
  g_autoptr(HyMember) member = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *birthday = NULL;
  g_autofree char *tags = NULL;
  const char *phone;

  if (self->member_id <= 0)
    return;
  if ((member = hy_member_store_load (self->store, self->member_id, &error)) == NULL)
    {
      g_warning ("Failed to read member %" G_GINT64_FORMAT ": %s", self->member_id, error->message);
      return;
    }

  phone = hy_member_get_phone (member);
  birthday = hy_member_dup_birthday_text (member);
  tags = hy_member_dup_tags_text (member);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), hy_member_get_name (member));
  if (phone != NULL)
    {
      g_autofree char *formatted = hy_phone_format (phone);

      gtk_editable_set_text (GTK_EDITABLE (self->phone_row), formatted);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->card_row), hy_member_get_identity (member, HY_IDENTITY_CARD) ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->wechat_row), hy_member_get_identity (member, HY_IDENTITY_WECHAT) ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->email_row), hy_member_get_identity (member, HY_IDENTITY_EMAIL) ?: "");
  adw_combo_row_set_selected (self->gender_row, hy_member_get_gender (member));
  gtk_editable_set_text (GTK_EDITABLE (self->birthday_row), g_str_has_prefix (birthday, "--") ? birthday + 2 : birthday);
  gtk_editable_set_text (GTK_EDITABLE (self->channel_row), hy_member_get_channel (member));
  gtk_editable_set_text (GTK_EDITABLE (self->tags_row), tags);
  gtk_editable_set_text (GTK_EDITABLE (self->notes_row), hy_member_get_notes (member));
  gtk_window_set_title (GTK_WINDOW (self), _("Edit Member"));
  gtk_button_set_label (self->merge_button, _("_Merge Into It…"));
}

HyMemberDialog *
hy_member_dialog_new (GtkWindow  *parent,
                      HyDatabase *database,
                      gint64      member_id)
{
  HyMemberDialog *self;

  g_return_val_if_fail (HY_IS_DATABASE (database), NULL);

  self = g_object_new (HY_TYPE_MEMBER_DIALOG, "transient-for", parent, NULL);
  self->database = g_object_ref (database);
  self->store = hy_member_store_new (database);
  self->member_id = member_id;
  hy_member_dialog_fill (self);
  field_changed_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return self;
}

gint64
hy_member_dialog_get_member_id (HyMemberDialog *self)
{
  g_return_val_if_fail (HY_IS_MEMBER_DIALOG (self), 0);

  return self->member_id;
}

gboolean
hy_member_dialog_get_valid (HyMemberDialog *self)
{
  g_return_val_if_fail (HY_IS_MEMBER_DIALOG (self), FALSE);

  return self->valid;
}

gint64
hy_member_dialog_get_duplicate (HyMemberDialog *self)
{
  g_return_val_if_fail (HY_IS_MEMBER_DIALOG (self), 0);

  return self->duplicate;
}

static void
hy_member_dialog_finalize (GObject *object)
{
  HyMemberDialog *self = HY_MEMBER_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (hy_member_dialog_parent_class)->finalize (object);
}

static void
hy_member_dialog_class_init (HyMemberDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = hy_member_dialog_finalize;

  signals [SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals [OPEN_MEMBER] = g_signal_new ("open-member", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals [MERGE_INTO] = g_signal_new ("merge-into", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/huiyuan/Huiyuan/ui/hy-member-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HyMemberDialog, duplicate_group);
  gtk_widget_class_bind_template_child (widget_class, HyMemberDialog, duplicate_row);
  gtk_widget_class_bind_template_child (widget_class, HyMemberDialog, merge_button);
  gtk_widget_class_bind_template_child (widget_class, HyMemberDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, HyMemberDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, HyMemberDialog, card_row);
  gtk_widget_class_bind_template_child (widget_class, HyMemberDialog, wechat_row);
  gtk_widget_class_bind_template_child (widget_class, HyMemberDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, HyMemberDialog, gender_row);
  gtk_widget_class_bind_template_child (widget_class, HyMemberDialog, birthday_row);
  gtk_widget_class_bind_template_child (widget_class, HyMemberDialog, channel_row);
  gtk_widget_class_bind_template_child (widget_class, HyMemberDialog, tags_row);
  gtk_widget_class_bind_template_child (widget_class, HyMemberDialog, notes_row);
  gtk_widget_class_bind_template_child (widget_class, HyMemberDialog, member_message);
  gtk_widget_class_bind_template_child (widget_class, HyMemberDialog, identity_message);
  gtk_widget_class_bind_template_child (widget_class, HyMemberDialog, details_message);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);

  gtk_widget_class_install_action (widget_class, "member-dialog.save", NULL, hy_member_dialog_save_action);
  gtk_widget_class_install_action (widget_class, "member-dialog.open-duplicate", NULL,
                                   hy_member_dialog_open_duplicate_action);
  gtk_widget_class_install_action (widget_class, "member-dialog.merge-duplicate", NULL,
                                   hy_member_dialog_merge_duplicate_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
hy_member_dialog_init (HyMemberDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_window_set_title (GTK_WINDOW (self), _("New Member"));
  gtk_button_set_label (self->merge_button, _("_Add These to It"));
  g_signal_connect_object (self->gender_row, "notify::selected", G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->channel_row, "changed", G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tags_row, "changed", G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->notes_row, "changed", G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
}
