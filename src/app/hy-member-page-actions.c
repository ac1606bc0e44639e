/* hy-member-page-actions.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a clerk does from a member's page: edit, add an identity, merge with another record,
 * top up, issue a coupon, add points, record a sale and refund one.  Every write goes through
 * the core on the window's connection, each with its own idempotency key, and the page is read
 * again afterwards.
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

static char *
new_key (void)
{
  char key[HY_UUID_STRING_LEN + 1];
  guint8 uid[16];

  hy_uuid_generate (uid);
  hy_uuid_to_string (uid, key);
  return g_strdup (key);
}

static GtkWindow *
parent_window (HyMemberPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_error (HyMemberPage *self,
            const char   *heading,
            const GError *error)
{
  GtkWidget *alert = adw_message_dialog_new (parent_window (self), heading, NULL);

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (alert), "%s", error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (alert));
}

/* A dialog with Cancel and one suggested (or destructive) answer, Enter for it when allowed. */
static AdwMessageDialog *
ask (HyMemberPage *self,
     const char   *heading,
     const char   *body,
     const char   *response,
     const char   *label,
     gboolean      destructive)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), heading, body));

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), response, label, NULL);
  adw_message_dialog_set_response_appearance (dialog, response,
                                              destructive ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, destructive ? "cancel" : response);
  adw_message_dialog_set_close_response (dialog, "cancel");
  return dialog;
}

static GtkWidget *
labelled_entry (GtkWidget  *box,
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

static GtkWidget *
note_label (GtkWidget *box)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  return label;
}

static const char *
text_of (GObject    *dialog,
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

static void
add_points_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        HyMemberPage     *self)
{
  GtkSpinButton *spin = g_object_get_data (G_OBJECT (dialog), "points");
  GtkEditable *reason = g_object_get_data (G_OBJECT (dialog), "reason");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (reason)));
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "add"))
    return;
  if (!hy_member_page_add_points (self, gtk_spin_button_get_value_as_int (spin), text, &error))
    {
      GtkWidget *alert = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                 _("Could not Add the Points"), NULL);

      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (alert), "%s", error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (alert));
    }
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
  dialog = hy_member_dialog_new (parent_window (self), self->database, self->member_id);
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
  g_autofree char *value = hy_identity_normalize (identity_kinds[kind], text_of (dialog, "value"), error);
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
  gboolean ok = *text_of (dialog, "value") != '\0' && identity_check (self, dialog, &error);

  gtk_label_set_label (note, error != NULL && *text_of (dialog, "value") != '\0' ? error->message : "");
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
                                     text_of (G_OBJECT (dialog), "value"), &error))
    show_error (self, _("Could not Add the Identity"), error);
  else
    _hy_member_page_changed (self);
}

static void
hy_member_page_add_identity_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  HyMemberPage *self = HY_MEMBER_PAGE (widget);
  AdwMessageDialog *dialog = ask (self, _("Add an Identity"),
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
  value = labelled_entry (box, C_("identity", "Value"), _("For example 139 1234 5678"));
  note = note_label (box);
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

static void
merge_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   HyMemberPage     *self)
{
  g_autoptr(HyMemberStore) store = hy_member_store_new (self->database);
  g_autoptr(GError) error = NULL;
  gint64 survivor = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "survivor"));
  gint64 merged = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "merged"));
  g_autofree char *reason = g_strstrip (g_strdup (text_of (G_OBJECT (dialog), "reason")));

  if (!g_str_equal (response, "merge"))
    return;
  if (!hy_member_store_merge (store, survivor, merged, NULL, reason, &error))
    {
      show_error (self, _("Could not Merge the Records"), error);
      return;
    }
  /* The page goes on with the survivor: the merged record only points to it now. */
  self->member_id = survivor;
  _hy_member_page_changed (self);
}

static void
merge_validate (GObject *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (text_of (dialog, "reason")));

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
  dialog = ask (self, _("Merge the Two Records?"), body, "merge", _("_Merge"), TRUE);
  reason = labelled_entry (box, _("Reason"), _("Reason, for example the same person registered twice"));
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

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), _("Merge With Another Record"),
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

/* Top up */

static gint64
top_up_amount (GObject *dialog)
{
  gint64 amount = 0;

  if (!hy_parse_money (text_of (dialog, "amount"), &amount, NULL) || amount <= 0)
    return -1;
  return amount;
}

static void
top_up_validate (GObject *dialog)
{
  HyMemberPage *self = g_object_get_data (dialog, "page");
  g_autoptr(HyStoredValueLedger) wallet = hy_stored_value_ledger_new (self->database);
  GtkLabel *note = g_object_get_data (dialog, "note");
  gint64 amount = top_up_amount (dialog);

  if (amount > 0)
    {
      gint64 bonus = hy_stored_value_ledger_compute_bonus (wallet, amount);
      g_autofree char *bonus_text = hy_money_format (bonus, TRUE);
      g_autofree char *total_text = hy_money_format (amount + bonus, TRUE);
      /* Translators: the bonus the top-up rules give, and what goes on the card in all */
      g_autofree char *text = g_strdup_printf (_("Bonus %s: %s goes on the card."), bonus_text, total_text);

      gtk_label_set_label (note, text);
    }
  else
    gtk_label_set_label (note, *text_of (dialog, "amount") != '\0' ? _("Type an amount such as 1000 or 199.50.") : "");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "top-up", amount > 0);
}

static const char *top_up_methods[] = { "cash", "card", "wechat", "alipay" };

/* Tops up the member's stored value: @amount paid in by @method, with the bonus the rules give. */
gboolean
hy_member_page_top_up (HyMemberPage  *self,
                       gint64         amount,
                       const char    *method,
                       gint64        *out_bonus,
                       GError       **error)
{
  g_autoptr(HyStoredValueLedger) wallet = NULL;
  g_autofree char *key = new_key ();

  g_return_val_if_fail (HY_IS_MEMBER_PAGE (self), FALSE);
  g_return_val_if_fail (self->database != NULL, FALSE);

  wallet = hy_stored_value_ledger_new (self->database);
  if (hy_stored_value_ledger_top_up (wallet, self->member_id, amount, method, key, out_bonus, NULL, error) <= 0)
    return FALSE;
  _hy_member_page_changed (self);
  return TRUE;
}

static void
top_up_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    HyMemberPage     *self)
{
  g_autoptr(GError) error = NULL;
  guint method = gtk_drop_down_get_selected (GTK_DROP_DOWN (g_object_get_data (G_OBJECT (dialog), "method")));
  gint64 amount = top_up_amount (G_OBJECT (dialog));

  if (!g_str_equal (response, "top-up") || amount <= 0)
    return;
  if (!hy_member_page_top_up (self, amount, top_up_methods[MIN (method, G_N_ELEMENTS (top_up_methods) - 1)], NULL, &error))
    show_error (self, _("Could not Top Up"), error);
}

static void
hy_member_page_top_up_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  HyMemberPage *self = HY_MEMBER_PAGE (widget);
  AdwMessageDialog *dialog = ask (self, _("Top Up Stored Value"),
                                  _("What the member pays in is kept apart from the bonus the store gives."),
                                  "top-up", _("_Top Up"), FALSE);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  const char *methods[] = { N_("Cash"), N_("Bank card"), N_("WeChat Pay"), N_("Alipay"), NULL };
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *amount;
  GtkWidget *method;
  GtkWidget *note;

  for (guint i = 0; methods[i] != NULL; i++)
    gtk_string_list_append (labels, _(methods[i]));
  amount = labelled_entry (box, _("Amount"), _("Amount paid in, for example 1000"));
  gtk_entry_set_input_purpose (GTK_ENTRY (amount), GTK_INPUT_PURPOSE_NUMBER);
  method = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (labels)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (method), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Paid by"), -1);
  gtk_box_append (GTK_BOX (box), method);
  note = note_label (box);
  adw_message_dialog_set_extra_child (dialog, box);
  g_object_set_data (G_OBJECT (dialog), "page", self);
  g_object_set_data (G_OBJECT (dialog), "amount", amount);
  g_object_set_data (G_OBJECT (dialog), "method", method);
  g_object_set_data (G_OBJECT (dialog), "note", note);
  g_signal_connect_swapped (amount, "changed", G_CALLBACK (top_up_validate), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (top_up_response_cb), self, 0);
  top_up_validate (G_OBJECT (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (amount);
}

/* Issue a coupon */

/* Issues one coupon of @template_id to the member. */
gboolean
hy_member_page_issue_coupon (HyMemberPage  *self,
                             gint64         template_id,
                             GError       **error)
{
  g_autoptr(HyCouponStore) coupons = NULL;
  g_autoptr(GPtrArray) issued = NULL;
  g_autofree char *key = new_key ();

  g_return_val_if_fail (HY_IS_MEMBER_PAGE (self), FALSE);
  g_return_val_if_fail (self->database != NULL, FALSE);

  coupons = hy_coupon_store_new (self->database);
  if (!(issued = hy_coupon_store_issue (coupons, template_id, &self->member_id, 1, key, error)))
    return FALSE;
  if (issued->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, _("The member already holds as many of these as they may"));
      return FALSE;
    }
  _hy_member_page_changed (self);
  return TRUE;
}

static void
coupon_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    HyMemberPage     *self)
{
  GPtrArray *templates = g_object_get_data (G_OBJECT (dialog), "templates");
  guint chosen = gtk_drop_down_get_selected (GTK_DROP_DOWN (g_object_get_data (G_OBJECT (dialog), "template")));
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "issue") || chosen >= templates->len)
    return;
  if (!hy_member_page_issue_coupon (self, ((HyCouponTemplate *) templates->pdata[chosen])->id, &error))
    show_error (self, _("Could not Issue the Coupon"), error);
}

static void
hy_member_page_issue_coupon_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  HyMemberPage *self = HY_MEMBER_PAGE (widget);
  g_autoptr(HyCouponStore) coupons = hy_coupon_store_new (self->database);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) templates = hy_coupon_store_list_templates (coupons, &error);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  AdwMessageDialog *dialog;
  GtkWidget *chooser;

  if (templates == NULL)
    {
      show_error (self, _("Could not Read the Coupons"), error);
      return;
    }
  if (templates->len == 0)
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), _("No Coupons Defined"),
                                                           _("Define a coupon template first, with huiyuan-cli coupon template.")));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  for (guint i = 0; i < templates->len; i++)
    gtk_string_list_append (names, ((HyCouponTemplate *) templates->pdata[i])->name);
  dialog = ask (self, _("Issue a Coupon"), _("The coupon is in the member’s account at once and is offered at their next checkout."),
                "issue", _("_Issue"), FALSE);
  chooser = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (chooser), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Coupon"), -1);
  adw_message_dialog_set_extra_child (dialog, chooser);
  g_object_set_data (G_OBJECT (dialog), "template", chooser);
  g_object_set_data_full (G_OBJECT (dialog), "templates", g_steal_pointer (&templates), (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (coupon_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Record a sale */

static void
hy_member_page_record_sale_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  HyMemberPage *self = HY_MEMBER_PAGE (widget);

  /* The window owns the checkout: it takes the member from here. */
  gtk_widget_activate_action (widget, "win.start-sale", "x", self->member_id);
}

/* Refund */

/* Refunds what is left of @sale_id, through the checkout's refund (it reverses each part), or
 * as a plain sale when it was not a checkout. */
gboolean
hy_member_page_refund (HyMemberPage     *self,
                       gint64            sale_id,
                       HyRefundReceipt  *out,
                       GError          **error)
{
  g_autoptr(HyCheckout) checkout = NULL;
  g_autofree char *key = new_key ();
  g_autoptr(GError) local_error = NULL;
  HyRefundReceipt receipt = { 0 };
  HyCheckoutRefund refund = {
    .sale_id = sale_id,
    .reason = _("Refunded from the member’s page"),
    .idempotency_key = key,
  };

  g_return_val_if_fail (HY_IS_MEMBER_PAGE (self), FALSE);
  g_return_val_if_fail (self->database != NULL, FALSE);

  checkout = hy_checkout_new (self->database);
  if (!hy_checkout_refund (checkout, &refund, out != NULL ? out : &receipt, &local_error))
    {
      /* A sale imported or recorded without the checkout has no tender or ledger parts to
       * reverse: it is refunded as a plain sale. */
      g_autoptr(HyPurchaseStore) purchases = hy_purchase_store_new (self->database);
      HyRefund plain = { .sale_id = sale_id, .reason = refund.reason, .idempotency_key = key };

      if (!g_error_matches (local_error, HY_ERROR, HY_ERROR_NOT_FOUND) ||
          hy_purchase_store_refund (purchases, &plain, NULL, error) <= 0)
        {
          if (local_error != NULL && error != NULL && *error == NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  _hy_member_page_changed (self);
  return TRUE;
}

static void
refund_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    HyMemberPage     *self)
{
  g_autoptr(GError) error = NULL;
  gint64 sale_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "sale"));

  if (g_str_equal (response, "refund") && !hy_member_page_refund (self, sale_id, NULL, &error))
    show_error (self, _("Could not Refund the Sale"), error);
}

static void
hy_member_page_refund_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  HyMemberPage *self = HY_MEMBER_PAGE (widget);
  gint64 sale_id = g_variant_get_int64 (parameter);
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  /* Translators: %lld is the sale's number */
  heading = g_strdup_printf (_("Refund Sale #%lld?"), (long long) sale_id);
  dialog = ask (self, heading,
                _("What is left of the sale is refunded. Points the sale earned are taken back, and points and stored value that paid for it are given back. A refund cannot be undone."),
                "refund", _("_Refund"), TRUE);
  g_object_set_data (G_OBJECT (dialog), "sale", GSIZE_TO_POINTER (sale_id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (refund_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static const char *member_actions[] = {
  "member.add-points", "member.edit", "member.add-identity", "member.merge", "member.top-up",
  "member.issue-coupon", "member.record-sale", "member.refund",
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
  gtk_widget_class_install_action (widget_class, "member.top-up", NULL, hy_member_page_top_up_action);
  gtk_widget_class_install_action (widget_class, "member.issue-coupon", NULL, hy_member_page_issue_coupon_action);
  gtk_widget_class_install_action (widget_class, "member.record-sale", NULL, hy_member_page_record_sale_action);
  gtk_widget_class_install_action (widget_class, "member.refund", "x", hy_member_page_refund_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "member.edit", NULL);
}
