/* hy-member-page-money.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The member page's actions on money and its like: top up stored value, issue and void coupons,
 * record a sale and refund one.  Voiding and refunding are for a manager: a clerk signed in is
 * asked for a manager's PIN first (hy_widget_require_manager).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-checkout.h"
#include "hy-coupon-store.h"
#include "hy-error.h"
#include "hy-member-page-private.h"
#include "hy-money.h"
#include "hy-parse.h"
#include "hy-purchase-store.h"
#include "hy-stored-value-ledger.h"

/* Top up */

static gint64
top_up_amount (GObject *dialog)
{
  gint64 amount = 0;

  if (!hy_parse_money (_hy_member_page_text_of (dialog, "amount"), &amount, NULL) || amount <= 0)
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
    gtk_label_set_label (note, *_hy_member_page_text_of (dialog, "amount") != '\0' ? _("Type an amount such as 1000 or 199.50.") : "");
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
  g_autofree char *key = _hy_member_page_new_key ();

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
    _hy_member_page_show_error (self, _("Could not Top Up"), error);
}

static void
hy_member_page_top_up_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  HyMemberPage *self = HY_MEMBER_PAGE (widget);
  AdwMessageDialog *dialog = _hy_member_page_ask (self, _("Top Up Stored Value"),
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
  amount = _hy_member_page_labelled_entry (box, _("Amount"), _("Amount paid in, for example 1000"));
  gtk_entry_set_input_purpose (GTK_ENTRY (amount), GTK_INPUT_PURPOSE_NUMBER);
  method = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (labels)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (method), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Paid by"), -1);
  gtk_box_append (GTK_BOX (box), method);
  note = _hy_member_page_note_label (box);
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
  g_autofree char *key = _hy_member_page_new_key ();

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
    _hy_member_page_show_error (self, _("Could not Issue the Coupon"), error);
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
      _hy_member_page_show_error (self, _("Could not Read the Coupons"), error);
      return;
    }
  if (templates->len == 0)
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (_hy_member_page_parent_window (self), _("No Coupons Defined"),
                                                           _("Define a coupon template first, with huiyuan-cli coupon template.")));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  for (guint i = 0; i < templates->len; i++)
    gtk_string_list_append (names, ((HyCouponTemplate *) templates->pdata[i])->name);
  dialog = _hy_member_page_ask (self, _("Issue a Coupon"), _("The coupon is in the member’s account at once and is offered at their next checkout."),
                "issue", _("_Issue"), FALSE);
  chooser = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (chooser), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Coupon"), -1);
  adw_message_dialog_set_extra_child (dialog, chooser);
  g_object_set_data (G_OBJECT (dialog), "template", chooser);
  g_object_set_data_full (G_OBJECT (dialog), "templates", g_steal_pointer (&templates), (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (coupon_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Void a coupon */

/* Voids the member's coupon @code, with @reason in the audit log. */
gboolean
hy_member_page_void_coupon (HyMemberPage  *self,
                            const char    *code,
                            const char    *reason,
                            GError       **error)
{
  g_autoptr(HyCouponStore) coupons = NULL;

  g_return_val_if_fail (HY_IS_MEMBER_PAGE (self), FALSE);
  g_return_val_if_fail (self->database != NULL, FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  coupons = hy_coupon_store_new (self->database);
  if (!hy_coupon_store_void (coupons, code, reason, error))
    return FALSE;
  _hy_member_page_changed (self);
  return TRUE;
}

typedef struct
{
  char *code;
  char *reason;
} VoidRequest;

static void
void_request_free (gpointer data)
{
  VoidRequest *request = data;

  g_free (request->code);
  g_free (request->reason);
  g_free (request);
}

static void
void_approved_cb (GtkWidget *widget,
                  gpointer   data)
{
  HyMemberPage *self = HY_MEMBER_PAGE (widget);
  const VoidRequest *request = data;
  g_autoptr(GError) error = NULL;

  if (self->database != NULL && !hy_member_page_void_coupon (self, request->code, request->reason, &error))
    _hy_member_page_show_error (self, _("Could not Void the Coupon"), error);
}

static void
void_validate (GObject *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (_hy_member_page_text_of (dialog, "reason")));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "void", *reason != '\0');
}

static void
void_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  HyMemberPage     *self)
{
  VoidRequest *request;

  if (!g_str_equal (response, "void"))
    return;
  request = g_new0 (VoidRequest, 1);
  request->code = g_strdup (g_object_get_data (G_OBJECT (dialog), "code"));
  request->reason = g_strstrip (g_strdup (_hy_member_page_text_of (G_OBJECT (dialog), "reason")));
  hy_widget_require_manager (GTK_WIDGET (self), HY_ACTION_VOID_COUPON, void_approved_cb, request, void_request_free);
}

static void
hy_member_page_void_coupon_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  HyMemberPage *self = HY_MEMBER_PAGE (widget);
  const char *code = g_variant_get_string (parameter, NULL);
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *reason;

  /* Translators: %s is a coupon's code */
  heading = g_strdup_printf (_("Void Coupon %s?"), code);
  dialog = _hy_member_page_ask (self, heading,
                                _("The coupon can no longer be used. The reason is kept in the audit log. Voiding cannot be undone."),
                                "void", _("_Void"), TRUE);
  reason = _hy_member_page_labelled_entry (box, _("Reason"), _("Reason, for example issued by mistake"));
  adw_message_dialog_set_extra_child (dialog, box);
  g_object_set_data_full (G_OBJECT (dialog), "code", g_strdup (code), g_free);
  g_object_set_data (G_OBJECT (dialog), "reason", reason);
  g_signal_connect_swapped (reason, "changed", G_CALLBACK (void_validate), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (void_response_cb), self, 0);
  void_validate (G_OBJECT (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (reason);
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
  g_autofree char *key = _hy_member_page_new_key ();
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

/* Confirmed, and for a clerk approved by a manager. */
static void
refund_approved_cb (GtkWidget *widget,
                    gpointer   data)
{
  HyMemberPage *self = HY_MEMBER_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->database != NULL && !hy_member_page_refund (self, GPOINTER_TO_SIZE (data), NULL, &error))
    _hy_member_page_show_error (self, _("Could not Refund the Sale"), error);
}

static void
refund_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    HyMemberPage     *self)
{
  gint64 sale_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "sale"));

  if (g_str_equal (response, "refund"))
    hy_widget_require_manager (GTK_WIDGET (self), HY_ACTION_REFUND, refund_approved_cb, GSIZE_TO_POINTER (sale_id), NULL);
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
  dialog = _hy_member_page_ask (self, heading,
                _("What is left of the sale is refunded. Points the sale earned are taken back, and points and stored value that paid for it are given back. A refund cannot be undone."),
                "refund", _("_Refund"), TRUE);
  g_object_set_data (G_OBJECT (dialog), "sale", GSIZE_TO_POINTER (sale_id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (refund_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_hy_member_page_install_money_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "member.top-up", NULL, hy_member_page_top_up_action);
  gtk_widget_class_install_action (widget_class, "member.issue-coupon", NULL, hy_member_page_issue_coupon_action);
  gtk_widget_class_install_action (widget_class, "member.void-coupon", "s", hy_member_page_void_coupon_action);
  gtk_widget_class_install_action (widget_class, "member.record-sale", NULL, hy_member_page_record_sale_action);
  gtk_widget_class_install_action (widget_class, "member.refund", "x", hy_member_page_refund_action);
}
