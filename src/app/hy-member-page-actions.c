/* hy-member-page-actions.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a clerk does from a member's page: edit, add an identity, merge with another record and
 * add points (the money side is in hy-member-page-money.c).  Every write goes through the core
 * on the window's connection, each with its own idempotency key, and the page is read again
 * afterwards.  Adjusting points and merging are for a manager: a clerk signed in is asked for a
 * manager's PIN first.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-checkout.h"
#include "hy-coupon-store.h"
#include "hy-error.h"
#include "hy-member-dialog.h"
#include "hy-member-page-private.h"
#include "hy-member-store.h"
#include "hy-money.h"
#include "hy-parse.h"
#include "hy-phone.h"
#include "hy-points-ledger.h"
#include "hy-purchase-store.h"
#include "hy-stored-value-ledger.h"
#include "hy-uuid.h"

/* Helpers of the page's dialogs, shared with hy-member-page-money.c. */

char *
_hy_member_page_new_key (void)
{
  char key[HY_UUID_STRING_LEN + 1];
  guint8 uid[16];

  hy_uuid_generate (uid);
  hy_uuid_to_string (uid, key);
  return g_strdup (key);
}

GtkWindow *
_hy_member_page_parent_window (HyMemberPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

void
_hy_member_page_show_error (HyMemberPage *self,
                            const char   *heading,
                            const GError *error)
{
  GtkWidget *alert = adw_message_dialog_new (_hy_member_page_parent_window (self), heading, NULL);

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (alert), "%s", error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (alert));
}

/* A dialog with Cancel and one suggested (or destructive) answer, Enter for it when allowed. */
AdwMessageDialog *
_hy_member_page_ask (HyMemberPage *self,
                     const char   *heading,
                     const char   *body,
                     const char   *response,
                     const char   *label,
                     gboolean      destructive)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (_hy_member_page_parent_window (self), heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), response, label, NULL);
  adw_message_dialog_set_response_appearance (dialog, response,
                                              destructive ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, destructive ? "cancel" : response);
  adw_message_dialog_set_close_response (dialog, "cancel");
  return dialog;
}

GtkWidget *
_hy_member_page_labelled_entry (GtkWidget  *box,
                                const char *label,
                                const char *placeholder)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_box_append (GTK_BOX (box), entry);
  return entry;
}

GtkWidget *
_hy_member_page_note_label (GtkWidget *box)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  return label;
}

const char *
_hy_member_page_text_of (GObject    *dialog,
                         const char *key)
{
  return gtk_editable_get_text (GTK_EDITABLE (g_object_get_data (dialog, key)));
}

/* Adds (or with a negative number takes away) points by hand, with the reason on the ledger. */
gboolean
hy_member_page_add_points (HyMemberPage  *self,
                           gint64         points,
                           const char    *reason,
                           GError       **error)
{
  g_autoptr(HyPointsLedger) ledger = NULL;
  char key[HY_UUID_STRING_LEN + 1];
  guint8 uid[16];

  g_return_val_if_fail (HY_IS_MEMBER_PAGE (self), FALSE);
  g_return_val_if_fail (self->database != NULL, FALSE);

  /* One key per click: a retry of this call is a new adjustment, as the clerk meant. */
  hy_uuid_generate (uid);
  hy_uuid_to_string (uid, key);
  ledger = hy_points_ledger_new (self->database);
  if (hy_points_ledger_adjust (ledger, self->member_id, points, reason, key, NULL, error) <= 0)
    return FALSE;

  _hy_member_page_changed (self);
  return TRUE;
}

static void
add_points_validate (AdwMessageDialog *dialog)
{
  GtkSpinButton *spin = g_object_get_data (G_OBJECT (dialog), "points");
  GtkEditable *reason = g_object_get_data (G_OBJECT (dialog), "reason");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (reason)));

  adw_message_dialog_set_response_enabled (dialog, "add",
                                           gtk_spin_button_get_value_as_int (spin) != 0 && *text != '\0');
}

typedef struct
{
  gint64  points;
  char   *reason;
} PointsRequest;

static void
points_request_free (gpointer data)
{
  PointsRequest *request = data;

  g_free (request->reason);
  g_free (request);
}

static void
add_points_approved_cb (GtkWidget *widget,
                        gpointer   data)
{
  HyMemberPage *self = HY_MEMBER_PAGE (widget);
  const PointsRequest *request = data;
  g_autoptr(GError) error = NULL;

  if (self->database != NULL && !hy_member_page_add_points (self, request->points, request->reason, &error))
    _hy_member_page_show_error (self, _("Could not Add the Points"), error);
}

static void
add_points_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        HyMemberPage     *self)
{
  GtkSpinButton *spin = g_object_get_data (G_OBJECT (dialog), "points");
  GtkEditable *reason = g_object_get_data (G_OBJECT (dialog), "reason");
  PointsRequest *request;

  if (!g_str_equal (response, "add"))
    return;
  request = g_new0 (PointsRequest, 1);
  request->points = gtk_spin_button_get_value_as_int (spin);
  request->reason = g_strstrip (g_strdup (gtk_editable_get_text (reason)));
  hy_widget_require_manager (GTK_WIDGET (self), HY_ACTION_ADJUST_POINTS, add_points_approved_cb, request,
                             points_request_free);
}

static void
hy_member_page_add_points_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  HyMemberPage *self = HY_MEMBER_PAGE (widget);
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *spin = gtk_spin_button_new_with_range (-1000000, 1000000, 10);
  GtkWidget *reason = gtk_entry_new ();

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Add Points"),
                                   _("Points added by hand are on the member’s statement with their reason. A negative number takes points away."));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 100);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Points"), -1);
  gtk_entry_set_placeholder_text (GTK_ENTRY (reason), _("Reason, for example a complaint made good"));
  gtk_entry_set_activates_default (GTK_ENTRY (reason), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (reason), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  gtk_box_append (GTK_BOX (box), spin);
  gtk_box_append (GTK_BOX (box), reason);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Add Points"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "points", spin);
  g_object_set_data (G_OBJECT (dialog), "reason", reason);
  add_points_validate (ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (add_points_validate), dialog);
  g_signal_connect_swapped (reason, "changed", G_CALLBACK (add_points_validate), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (add_points_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (reason);
}

/* Edit */

static void
edit_open_member_cb (HyMemberPage *self,
                     gint64        member_id)
{
  hy_member_page_set_member (self, self->database, member_id);
}

static void
edit_merge_into_cb (HyMemberPage *self,
                    gint64        survivor_id)
{
  hy_member_page_ask_merge (self, survivor_id, self->member_id);
}

static void
hy_member_page_edit_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  HyMemberPage *self = HY_MEMBER_PAGE (widget);
  HyMemberDialog *dialog;

  if (self->database == NULL || self->loading)
    return;
  dialog = hy_member_dialog_new (_hy_member_page_parent_window (self), self->database, self->member_id);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (_hy_member_page_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "open-member", G_CALLBACK (edit_open_member_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "merge-into", G_CALLBACK (edit_merge_into_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Add Identity */

static const HyIdentityKind identity_kinds[] = { HY_IDENTITY_PHONE, HY_IDENTITY_CARD, HY_IDENTITY_WECHAT, HY_IDENTITY_EMAIL };

static gboolean
identity_check (HyMemberPage *self,
                GObject      *dialog,
                GError      **error)
{
  g_autoptr(HyMemberStore) store = hy_member_store_new (self->database);
  guint kind = gtk_drop_down_get_selected (GTK_DROP_DOWN (g_object_get_data (dialog, "kind")));
  g_autofree char *value = hy_identity_normalize (identity_kinds[kind], _hy_member_page_text_of (dialog, "value"), error);
  gint64 owner;

  if (value == NULL)
    return FALSE;
  owner = hy_member_store_find (store, identity_kinds[kind], value, NULL);
  if (owner > 0 && owner != self->member_id)
    {
      g_autoptr(HyMember) other = hy_member_store_load (store, owner, NULL);

      /* Translators: %s is the name of the member who holds the identity */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, _("%s already holds this; merge the two records instead"),
                   other != NULL && *hy_member_get_name (other) != '\0' ? hy_member_get_name (other) : _("(no name)"));
      return FALSE;
    }
  return TRUE;
}

static void
identity_validate (GObject *dialog)
{
  HyMemberPage *self = g_object_get_data (dialog, "page");
  GtkLabel *note = g_object_get_data (dialog, "note");
  g_autoptr(GError) error = NULL;
  gboolean ok = *_hy_member_page_text_of (dialog, "value") != '\0' && identity_check (self, dialog, &error);

  gtk_label_set_label (note, error != NULL && *_hy_member_page_text_of (dialog, "value") != '\0' ? error->message : "");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add", ok);
}

static void
identity_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      HyMemberPage     *self)
{
  g_autoptr(HyMemberStore) store = hy_member_store_new (self->database);
  g_autoptr(GError) error = NULL;
  guint kind = gtk_drop_down_get_selected (GTK_DROP_DOWN (g_object_get_data (G_OBJECT (dialog), "kind")));

  if (!g_str_equal (response, "add") || !identity_check (self, G_OBJECT (dialog), NULL))
    return;
  if (!hy_member_store_add_identity (store, self->member_id, identity_kinds[kind],
                                     _hy_member_page_text_of (G_OBJECT (dialog), "value"), &error))
    _hy_member_page_show_error (self, _("Could not Add the Identity"), error);
  else
    _hy_member_page_changed (self);
}

static void
hy_member_page_add_identity_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  HyMemberPage *self = HY_MEMBER_PAGE (widget);
  AdwMessageDialog *dialog = _hy_member_page_ask (self, _("Add an Identity"),
                                  _("Another phone number, card, WeChat account or email that finds this member at the till."),
                                  "add", _("_Add"), FALSE);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  GtkWidget *kind;
  GtkWidget *value;
  GtkWidget *note;

  for (guint i = 0; i < G_N_ELEMENTS (identity_kinds); i++)
    gtk_string_list_append (kinds, hy_identity_kind_get_label (identity_kinds[i]));
  kind = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (kinds)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (kind), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Kind"), -1);
  gtk_box_append (GTK_BOX (box), kind);
  value = _hy_member_page_labelled_entry (box, C_("identity", "Value"), _("For example 139 1234 5678"));
  note = _hy_member_page_note_label (box);
  gtk_widget_add_css_class (note, "error");
  adw_message_dialog_set_extra_child (dialog, box);
  g_object_set_data (G_OBJECT (dialog), "page", self);
  g_object_set_data (G_OBJECT (dialog), "kind", kind);
  g_object_set_data (G_OBJECT (dialog), "value", value);
  g_object_set_data (G_OBJECT (dialog), "note", note);
  g_signal_connect_swapped (kind, "notify::selected", G_CALLBACK (identity_validate), dialog);
  g_signal_connect_swapped (value, "changed", G_CALLBACK (identity_validate), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (identity_response_cb), self, 0);
  identity_validate (G_OBJECT (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (value);
}

/* Merge */

/* "Name · phone · 12 purchases, ¥3,400.00 · 1,200 points · ¥500.00 stored value" */
static char *
describe_member (HyDatabase *db,
                 gint64      member_id)
{
  g_autoptr(HyMemberStore) store = hy_member_store_new (db);
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (db);
  g_autoptr(HyStoredValueLedger) wallet = hy_stored_value_ledger_new (db);
  g_autoptr(HyMember) member = hy_member_store_load (store, member_id, NULL);
  HyPointsSummary summary = { 0 };
  HyStoredValueBalance balance = { 0 };
  g_autofree char *phone = NULL;
  g_autofree char *count = NULL;
  g_autofree char *spend = NULL;
  g_autofree char *pts = NULL;
  g_autofree char *sv = NULL;

  if (member == NULL)
    return g_strdup ("");
  hy_points_ledger_get_summary (points, member_id, &summary, NULL);
  hy_stored_value_ledger_get_balance (wallet, member_id, &balance, NULL);
  phone = hy_member_get_phone (member) != NULL ? hy_phone_format (hy_member_get_phone (member)) : g_strdup ("—");
  count = hy_count_format (hy_member_get_stats (member)->purchase_count);
  spend = hy_money_format (hy_member_get_stats (member)->net_spend, TRUE);
  pts = hy_count_format (summary.balance);
  sv = hy_money_format (balance.total, TRUE);
  /* Translators: a member in a merge: name, phone, purchases, net spend, points, stored value */
  return g_strdup_printf (_("%s · %s · %s purchases, %s · %s points · %s stored value"),
                          *hy_member_get_name (member) != '\0' ? hy_member_get_name (member) : _("(no name)"),
                          phone, count, spend, pts, sv);
}

typedef struct
{
  gint64  survivor;
  gint64  merged;
  char   *reason;
} MergeRequest;

static void
merge_request_free (gpointer data)
{
  MergeRequest *request = data;

  g_free (request->reason);
  g_free (request);
}

static void
merge_approved_cb (GtkWidget *widget,
                   gpointer   data)
{
  HyMemberPage *self = HY_MEMBER_PAGE (widget);
  const MergeRequest *request = data;
  g_autoptr(HyMemberStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (self->database == NULL)
    return;
  store = hy_member_store_new (self->database);
  if (!hy_member_store_merge (store, request->survivor, request->merged, NULL, request->reason, &error))
    {
      _hy_member_page_show_error (self, _("Could not Merge the Records"), error);
      return;
    }
  /* The page goes on with the survivor: the merged record only points to it now. */
  self->member_id = request->survivor;
  _hy_member_page_changed (self);
}

static void
merge_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   HyMemberPage     *self)
{
  MergeRequest *request;

  if (!g_str_equal (response, "merge"))
    return;
  request = g_new0 (MergeRequest, 1);
  request->survivor = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "survivor"));
  request->merged = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "merged"));
  request->reason = g_strstrip (g_strdup (_hy_member_page_text_of (G_OBJECT (dialog), "reason")));
  hy_widget_require_manager (GTK_WIDGET (self), HY_ACTION_MERGE, merge_approved_cb, request, merge_request_free);
}

static void
merge_validate (GObject *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (_hy_member_page_text_of (dialog, "reason")));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "merge", *reason != '\0');
}

/* Asks before merging @merged_id into @survivor_id, showing both and what moves. */
void
hy_member_page_ask_merge (HyMemberPage *self,
                          gint64        survivor_id,
                          gint64        merged_id)
{
  g_autofree char *survivor = NULL;
  g_autofree char *merged = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *reason;

  g_return_if_fail (HY_IS_MEMBER_PAGE (self));

  if (self->database == NULL || survivor_id <= 0 || merged_id <= 0 || survivor_id == merged_id)
    return;
  survivor = describe_member (self->database, survivor_id);
  merged = describe_member (self->database, merged_id);
  /* Translators: the two members of a merge, as described above */
  body = g_strdup_printf (_("Keep:\n%s\n\nMerge into it:\n%s\n\nPurchases, points, stored value, coupons, tags and every phone, card and account move to the record kept; its tier is the higher of the two. The merged record only points to the kept one. A merge cannot be undone."),
                          survivor, merged);
  dialog = _hy_member_page_ask (self, _("Merge the Two Records?"), body, "merge", _("_Merge"), TRUE);
  reason = _hy_member_page_labelled_entry (box, _("Reason"), _("Reason, for example the same person registered twice"));
  adw_message_dialog_set_extra_child (dialog, box);
  g_object_set_data (G_OBJECT (dialog), "survivor", GSIZE_TO_POINTER (survivor_id));
  g_object_set_data (G_OBJECT (dialog), "merged", GSIZE_TO_POINTER (merged_id));
  g_object_set_data (G_OBJECT (dialog), "reason", reason);
  g_signal_connect_swapped (reason, "changed", G_CALLBACK (merge_validate), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (merge_response_cb), self, 0);
  merge_validate (G_OBJECT (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (reason);
}

static void
merge_pick_cb (GtkListBox    *list,
               GtkListBoxRow *row,
               HyMemberPage  *self)
{
  GtkWidget *dialog = gtk_widget_get_ancestor (GTK_WIDGET (list), ADW_TYPE_MESSAGE_DIALOG);
  gint64 other = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "member"));

  gtk_window_destroy (GTK_WINDOW (dialog));
  hy_member_page_ask_merge (self, self->member_id, other);
}

static void
merge_search_cb (GtkEditable *entry,
                 GtkListBox  *list)
{
  HyMemberPage *self = g_object_get_data (G_OBJECT (list), "page");
  g_autoptr(HyMemberStore) store = hy_member_store_new (self->database);
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr(GArray) found = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
  if (g_utf8_strlen (query, -1) < 2 || (found = hy_member_store_search (store, query, 6, NULL)) == NULL)
    return;
  for (guint i = 0; i < found->len; i++)
    {
      gint64 id = g_array_index (found, gint64, i);
      g_autofree char *text = NULL;
      GtkWidget *row;

      if (id == self->member_id)
        continue;
      text = describe_member (self->database, id);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "member", GSIZE_TO_POINTER (id));
      gtk_list_box_append (list, row);
    }
}

static void
hy_member_page_merge_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  HyMemberPage *self = HY_MEMBER_PAGE (widget);
  AdwMessageDialog *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry;
  GtkWidget *list = gtk_list_box_new ();

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (_hy_member_page_parent_window (self), _("Merge With Another Record"),
                                                       _("Find the other record by phone number or name, then choose it. This record is kept; the other is merged into it.")));
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (dialog, "cancel");
  entry = gtk_search_entry_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Find a member"), -1);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Members found"), -1);
  gtk_box_append (GTK_BOX (box), list);
  g_object_set_data (G_OBJECT (list), "page", self);
  g_object_set_data (G_OBJECT (dialog), "search", entry);
  g_object_set_data (G_OBJECT (dialog), "results", list);
  g_signal_connect (entry, "search-changed", G_CALLBACK (merge_search_cb), list);
  g_signal_connect_object (list, "row-activated", G_CALLBACK (merge_pick_cb), self, 0);
  adw_message_dialog_set_extra_child (dialog, box);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static const char *member_actions[] = {
  "member.add-points", "member.edit", "member.add-identity", "member.merge", "member.top-up",
  "member.issue-coupon", "member.void-coupon", "member.record-sale", "member.refund",
};

void
_hy_member_page_update_actions (HyMemberPage *self)
{
  gboolean ready = self->database != NULL && !self->loading;

  for (guint i = 0; i < G_N_ELEMENTS (member_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), member_actions[i], ready);
}

void
_hy_member_page_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "member.add-points", NULL, hy_member_page_add_points_action);
  gtk_widget_class_install_action (widget_class, "member.edit", NULL, hy_member_page_edit_action);
  gtk_widget_class_install_action (widget_class, "member.add-identity", NULL, hy_member_page_add_identity_action);
  gtk_widget_class_install_action (widget_class, "member.merge", NULL, hy_member_page_merge_action);
  _hy_member_page_install_money_actions (widget_class);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "member.edit", NULL);
}
