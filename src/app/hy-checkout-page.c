/* hy-checkout-page.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The till: find the member by phone or card (or sell to a walk-in), ring up items or an amount,
 * see the member price and what points and stored value can pay as the order changes, confirm,
 * and see and print the receipt.  A sale can be refunded in full or in part from the list of the
 * member's recent sales.
 *
 * Every database call goes through HyTill, in a thread, one at a time in the order asked; a newer
 * quote replaces one still waiting.  A sale's idempotency key is made when the sale starts and
 * kept until the next one, so a second click on Confirm (or a retry after an error) can never
 * post the sale twice.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hy-checkout-page.h"
#include "hy-money.h"
#include "hy-parse.h"
#include "hy-phone.h"
#include "hy-staff.h"
#include "hy-till.h"
#include "hy-time.h"
#include "hy-window.h"

typedef enum
{
  TOTAL_GROSS,
  TOTAL_SAVED,
  TOTAL_POINTS,
  TOTAL_STORED_VALUE,
  TOTAL_PAID,
  TOTAL_EARNED,
  N_TOTALS
} Total;

static const char *total_titles[N_TOTALS] = {
  N_("List price"),
  N_("Member price saves"),
  N_("Points pay"),
  N_("Stored value pays"),
  N_("To pay in cash or by card"),
  N_("Points earned"),
};

struct _HyCheckoutPage
{
  AdwBin           parent_instance;

  /* Template widgets */
  GtkStack        *stack;
  AdwEntryRow     *identity_row;
  AdwActionRow    *member_row;
  GtkButton       *walk_in_button;
  GtkListBox      *items_list;
  GtkEntry        *sku_entry;
  GtkEntry        *name_entry;
  GtkEntry        *category_entry;
  GtkSpinButton   *quantity_spin;
  GtkEntry        *price_entry;
  GtkLabel        *line_error_label;
  GtkListBox      *amount_list;
  AdwEntryRow     *amount_row;
  AdwPreferencesGroup *payment_group;
  AdwActionRow    *points_row;
  GtkSpinButton   *points_spin;
  AdwActionRow    *stored_value_row;
  GtkSpinButton   *stored_value_spin;
  GtkListBox      *totals_list;
  GtkLabel        *quote_error_label;
  GtkLabel        *due_label;
  GtkSpinner      *spinner;
  GtkDrawingArea  *receipt_area;
  AdwPreferencesGroup *sales_group;
  GtkListBox      *sales_list;
  AdwEntryRow     *refund_amount_row;
  AdwPreferencesGroup *refund_result_group;
  GtkListBox      *refund_result_list;
  GtkLabel        *total_labels[N_TOTALS];

  /* Owned references */
  HyDatabase      *database;
  HyTill          *till;
  GCancellable    *cancellable;
  GArray          *lines;          /* of HyTillLine */
  GQueue           queue;          /* of HyTillOp, waiting for the till */
  char            *key;            /* of the sale being rung up */
  char            *member_name;
  char            *member_phone;
  char            *tier_name;
  HyCheckoutQuote  quote;
  HyReceipt        receipt;
  GArray          *receipt_lines;  /* the lines the receipt was for */
  char            *receipt_member;
  HyReceiptDoc    *receipt_doc;
  HyRefundReceipt  refund;
  GPtrArray       *sales;
  GArray          *refundable;

  gint64           member_id;      /* 0: walk-in */
  gint64           points_available;
  gint64           stored_value_held;
  gint64           last_sale_id;   /* the till's last sale: a walk-in's is refunded from here */
  gint64           confirm_started;
  gint64           confirm_us;
  gboolean         running;
  gboolean         quote_ok;
  gboolean         points_most;    /* the next quote asks for as many points as allowed */
  gboolean         stored_value_most;
};

G_DEFINE_FINAL_TYPE (HyCheckoutPage, hy_checkout_page, ADW_TYPE_BIN)

enum {
  MEMBER_CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void hy_checkout_page_schedule_quote (HyCheckoutPage *self);
static void hy_checkout_page_enqueue        (HyCheckoutPage *self,
                                             HyTillOp       *op);

static void
till_line_clear (HyTillLine *line)
{
  g_free (line->sku);
  g_free (line->name);
  g_free (line->category);
}

static GArray *
lines_new (void)
{
  GArray *lines = g_array_new (FALSE, TRUE, sizeof (HyTillLine));

  g_array_set_clear_func (lines, (GDestroyNotify) till_line_clear);
  return lines;
}

static char *
money (gint64 minor)
{
  return hy_money_format (minor, TRUE);
}

static gint64
line_amount (const HyTillLine *line)
{
  return hy_money_mul_div (line->unit_price, (gint64) llround (line->quantity * 1000), 1000);
}

static char *
quantity_text (double quantity)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* 2, 1.5, 0.25: no trailing zeros */
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.3g", quantity));
}

gboolean
hy_checkout_page_get_busy (HyCheckoutPage *self)
{
  g_return_val_if_fail (HY_IS_CHECKOUT_PAGE (self), FALSE);

  return self->running || self->queue.length > 0;
}

gint64
hy_checkout_page_get_member_id (HyCheckoutPage *self)
{
  g_return_val_if_fail (HY_IS_CHECKOUT_PAGE (self), 0);

  return self->member_id;
}

const HyCheckoutQuote *
hy_checkout_page_get_quote (HyCheckoutPage *self)
{
  g_return_val_if_fail (HY_IS_CHECKOUT_PAGE (self), NULL);

  return self->quote_ok ? &self->quote : NULL;
}

const HyReceipt *
hy_checkout_page_get_receipt (HyCheckoutPage *self)
{
  g_return_val_if_fail (HY_IS_CHECKOUT_PAGE (self), NULL);

  return self->receipt.transaction_id > 0 ? &self->receipt : NULL;
}

const HyRefundReceipt *
hy_checkout_page_get_refund (HyCheckoutPage *self)
{
  g_return_val_if_fail (HY_IS_CHECKOUT_PAGE (self), NULL);

  return self->refund.refund_id > 0 ? &self->refund : NULL;
}

/* Microseconds from the last Confirm to its receipt on screen; 0 until it was painted. */
gint64
hy_checkout_page_get_confirm_time (HyCheckoutPage *self)
{
  g_return_val_if_fail (HY_IS_CHECKOUT_PAGE (self), 0);

  return self->confirm_us;
}

static void
hy_checkout_page_update_actions (HyCheckoutPage *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  gboolean idle = !hy_checkout_page_get_busy (self);
  gboolean have_db = self->till != NULL;
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->sales_list);
  gboolean refundable = FALSE;

  if (selected != NULL && self->refundable != NULL)
    {
      guint index = gtk_list_box_row_get_index (selected);

      refundable = index < self->refundable->len && g_array_index (self->refundable, gint64, index) > 0 &&
                   !gtk_widget_has_css_class (GTK_WIDGET (self->refund_amount_row), "error");
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "checkout.confirm",
                                 have_db && idle && self->quote_ok && g_strcmp0 (page, "sale") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "checkout.new-sale", have_db && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "checkout.print",
                                 self->receipt_doc != NULL && g_strcmp0 (page, "receipt") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "checkout.refund",
                                 have_db && idle && (self->member_id > 0 || self->last_sale_id > 0));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "checkout.refund-receipt",
                                 have_db && idle && self->receipt.transaction_id > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "checkout.refund-selected",
                                 have_db && idle && refundable && g_strcmp0 (page, "refund") == 0);
  gtk_spinner_set_spinning (self->spinner, !idle);
}

/* What came back from a quote, or dashes while there is none. */
static void
hy_checkout_page_show_totals (HyCheckoutPage *self)
{
  const HyReceipt *r = &self->quote.receipt;
  gint64 values[N_TOTALS] = {
    r->gross, -r->saved, -r->points_value, -(r->stored_value_principal + r->stored_value_bonus),
    r->paid, r->points_earned,
  };
  g_autofree char *due = NULL;

  for (guint i = 0; i < N_TOTALS; i++)
    {
      g_autofree char *text = NULL;

      if (!self->quote_ok)
        text = g_strdup ("—");
      else if (i == TOTAL_EARNED)
        text = hy_count_format (values[i]);
      else
        text = money (values[i]);
      gtk_label_set_label (self->total_labels[i], text);
    }

  due = self->quote_ok ? money (r->paid) : g_strdup ("");
  gtk_label_set_label (self->due_label, due);
}

static void
hy_checkout_page_show_member (HyCheckoutPage *self)
{
  gboolean member = self->member_id > 0;

  if (member)
    {
      g_autofree char *phone = self->member_phone != NULL ? hy_phone_format (self->member_phone) : g_strdup ("");
      g_autofree char *points = hy_count_format (self->points_available);
      g_autofree char *wallet = money (self->stored_value_held);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      title = g_strdup_printf ("%s  %s", self->member_name != NULL && *self->member_name != '\0'
                                           ? self->member_name : _("(no name)"), phone);
      /* Translators: the member at the till: their tier, points usable now, stored value */
      subtitle = g_strdup_printf (_("%s · %s points available · %s stored value"),
                                  self->tier_name != NULL ? self->tier_name : _("No tier"), points, wallet);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->member_row), title);
      adw_action_row_set_subtitle (self->member_row, subtitle);
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->member_row), _("Walk-in Customer"));
      adw_action_row_set_subtitle (self->member_row, _("Pays list price and earns no points"));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->walk_in_button), member);
  gtk_widget_set_sensitive (GTK_WIDGET (self->payment_group), member);
  adw_preferences_group_set_description (self->payment_group,
                                         member ? NULL : _("Points and stored value are for members only."));
}

static void
hy_checkout_page_set_payment_limits (HyCheckoutPage *self)
{
  g_autofree char *points_sub = NULL;
  g_autofree char *sv_sub = NULL;
  g_autofree char *points_max = NULL;
  g_autofree char *points_available = NULL;
  g_autofree char *sv_max = NULL;
  g_autofree char *sv_held = NULL;
  GtkAdjustment *points = gtk_spin_button_get_adjustment (self->points_spin);
  GtkAdjustment *wallet = gtk_spin_button_get_adjustment (self->stored_value_spin);

  if (self->member_id == 0 || !self->quote_ok)
    {
      adw_action_row_set_subtitle (self->points_row, NULL);
      adw_action_row_set_subtitle (self->stored_value_row, NULL);
      return;
    }

  points_max = hy_count_format (self->quote.points_max);
  points_available = hy_count_format (self->quote.points_available);
  sv_max = money (self->quote.stored_value_max);
  sv_held = money (self->quote.stored_value_held);
  /* Translators: the most points this order can take, and how many the member can use now */
  points_sub = g_strdup_printf (_("Up to %s on this order; %s available"), points_max, points_available);
  /* Translators: the most stored value can pay, and what the member holds */
  sv_sub = g_strdup_printf (_("Up to %s on this order; %s held"), sv_max, sv_held);
  adw_action_row_set_subtitle (self->points_row, points_sub);
  adw_action_row_set_subtitle (self->stored_value_row, sv_sub);

  /* The core checks the caps; the spin buttons only keep the clerk near them. */
  gtk_adjustment_set_upper (points, MAX (self->quote.points_max, gtk_adjustment_get_value (points)));
  gtk_adjustment_set_upper (wallet, MAX (self->quote.stored_value_max / 100.0, gtk_adjustment_get_value (wallet)));
}

static void
hy_checkout_page_reset_payment (HyCheckoutPage *self)
{
  g_signal_handlers_block_matched (self->points_spin, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_signal_handlers_block_matched (self->stored_value_spin, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_spin_button_set_value (self->points_spin, 0);
  gtk_spin_button_set_value (self->stored_value_spin, 0);
  g_signal_handlers_unblock_matched (self->points_spin, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_signal_handlers_unblock_matched (self->stored_value_spin, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  self->points_most = FALSE;
  self->stored_value_most = FALSE;
}

static HyTillOp *
hy_checkout_page_order_op (HyCheckoutPage *self,
                           HyTillOpKind    kind)
{
  HyTillOp *op = hy_till_op_new (kind);
  g_autoptr(GError) error = NULL;

  op->member_id = self->member_id;
  for (guint i = 0; i < self->lines->len; i++)
    {
      const HyTillLine *line = &g_array_index (self->lines, HyTillLine, i);

      hy_till_op_add_line (op, line->sku, line->name, line->category, line->quantity, line->unit_price);
    }
  if (self->lines->len == 0 &&
      !hy_parse_money (gtk_editable_get_text (GTK_EDITABLE (self->amount_row)), &op->amount, &error))
    op->amount = 0;

  op->points = self->points_most ? -1 : (gint64) gtk_spin_button_get_value_as_int (self->points_spin);
  op->stored_value = self->stored_value_most ? -1
                     : (gint64) llround (gtk_spin_button_get_value (self->stored_value_spin) * 100);
  if (self->member_id == 0)
    op->points = op->stored_value = 0;
  op->key = g_strdup (self->key);
  return op;
}

static void
hy_checkout_page_schedule_quote (HyCheckoutPage *self)
{
  g_autoptr(HyTillOp) op = NULL;

  if (self->till == NULL)
    return;

  op = hy_checkout_page_order_op (self, HY_TILL_QUOTE);
  if (op->lines->len == 0 && op->amount <= 0)
    {
      /* Nothing rung up yet: nothing to quote, and nothing to confirm. */
      hy_checkout_quote_clear (&self->quote);
      memset (&self->quote, 0, sizeof self->quote);
      self->quote_ok = FALSE;
      gtk_widget_set_visible (GTK_WIDGET (self->quote_error_label), FALSE);
      hy_checkout_page_show_totals (self);
      hy_checkout_page_set_payment_limits (self);
      hy_checkout_page_update_actions (self);
      return;
    }

  self->quote_ok = FALSE;
  hy_checkout_page_enqueue (self, g_steal_pointer (&op));
}

static void
hy_checkout_page_apply_quote (HyCheckoutPage *self,
                              HyTillOp       *op)
{
  hy_checkout_quote_clear (&self->quote);
  self->quote = op->quote;
  memset (&op->quote, 0, sizeof op->quote);
  self->quote_ok = TRUE;

  /* "Most" asked the core for the largest amounts; show what it chose. */
  if (op->points < 0 || op->stored_value < 0)
    {
      g_signal_handlers_block_matched (self->points_spin, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
      g_signal_handlers_block_matched (self->stored_value_spin, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
      if (op->points < 0)
        {
          gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (self->points_spin), self->quote.receipt.points_used);
          gtk_spin_button_set_value (self->points_spin, self->quote.receipt.points_used);
        }
      if (op->stored_value < 0)
        {
          double sv = (self->quote.receipt.stored_value_principal + self->quote.receipt.stored_value_bonus) / 100.0;

          gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (self->stored_value_spin), sv);
          gtk_spin_button_set_value (self->stored_value_spin, sv);
        }
      g_signal_handlers_unblock_matched (self->points_spin, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
      g_signal_handlers_unblock_matched (self->stored_value_spin, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
      self->points_most = self->stored_value_most = FALSE;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->quote_error_label), FALSE);
  hy_checkout_page_show_totals (self);
  hy_checkout_page_set_payment_limits (self);
}

static void
hy_checkout_page_show_quote_error (HyCheckoutPage *self,
                                   const GError   *error)
{
  self->quote_ok = FALSE;
  self->points_most = self->stored_value_most = FALSE;
  gtk_label_set_label (self->quote_error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->quote_error_label), TRUE);
  hy_checkout_page_show_totals (self);
}

/* "+1,250" or "-80": points with their sign, grouped. */
static char *
signed_count (char   sign,
              gint64 points)
{
  g_autofree char *count = hy_count_format (points);

  return g_strdup_printf ("%c%s", sign, count);
}

/**
 * hy_checkout_page_build_receipt_doc:
 *
 * Returns: (transfer full) (nullable): the last receipt, as it is shown and printed
 */
HyReceiptDoc *
hy_checkout_page_build_receipt_doc (HyCheckoutPage *self)
{
  const HyReceipt *r = &self->receipt;
  g_autofree char *store = NULL;
  g_autofree char *when = NULL;
  g_autofree char *sale = NULL;
  HyReceiptDoc *doc;
  struct { const char *label; gint64 value; gboolean show; gboolean bold; } money_rows[] = {
    { _("List price"), r->gross, TRUE, FALSE },
    { _("Member price saves"), -r->saved, r->saved != 0, FALSE },
    { _("Due"), r->due, TRUE, TRUE },
    { NULL, -r->points_value, r->points_used > 0, FALSE },
    { _("Stored value"), -(r->stored_value_principal + r->stored_value_bonus),
      r->stored_value_principal + r->stored_value_bonus > 0, FALSE },
    { _("Paid in cash or by card"), r->paid, TRUE, TRUE },
  };
  g_autofree char *points_label = NULL;

  g_return_val_if_fail (HY_IS_CHECKOUT_PAGE (self), NULL);

  if (r->transaction_id <= 0 || self->database == NULL)
    return NULL;

  store = hy_database_dup_setting (self->database, "store.name");
  doc = hy_receipt_doc_new (store != NULL && *store != '\0' ? store : _("Receipt"));
  when = hy_time_format_local (hy_database_get_time_zone (self->database), hy_time_now (), TRUE);
  /* Translators: the sale's number on a receipt */
  sale = g_strdup_printf (_("Sale #%lld"), (long long) r->transaction_id);
  hy_receipt_doc_add_row (doc, sale, when, FALSE);
  hy_receipt_doc_add_text (doc, self->receipt_member);
  hy_receipt_doc_add_rule (doc);

  for (guint i = 0; i < self->receipt_lines->len; i++)
    {
      const HyTillLine *line = &g_array_index (self->receipt_lines, HyTillLine, i);
      g_autofree char *qty = quantity_text (line->quantity);
      g_autofree char *price = money (line->unit_price);
      g_autofree char *amount = money (line_amount (line));
      const char *name = line->name != NULL && *line->name != '\0' ? line->name : line->sku;
      /* Translators: an item on a receipt: its name, the quantity and the unit price */
      g_autofree char *label = g_strdup_printf (_("%s  %s × %s"), name != NULL ? name : "", qty, price);

      hy_receipt_doc_add_row (doc, label, amount, FALSE);
    }
  if (self->receipt_lines->len > 0)
    hy_receipt_doc_add_rule (doc);

  points_label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld point", "%lld points", r->points_used),
                                  (long long) r->points_used);
  money_rows[3].label = points_label;
  for (guint i = 0; i < G_N_ELEMENTS (money_rows); i++)
    if (money_rows[i].show)
      {
        g_autofree char *value = money (money_rows[i].value);

        hy_receipt_doc_add_row (doc, money_rows[i].label, value, money_rows[i].bold);
      }

  if (r->member_id > 0)
    {
      g_autofree char *earned = signed_count ('+', r->points_earned);
      g_autofree char *points = hy_count_format (r->points_balance);
      g_autofree char *wallet = money (r->stored_value_balance);

      hy_receipt_doc_add_rule (doc);
      hy_receipt_doc_add_row (doc, _("Points earned"), earned, FALSE);
      hy_receipt_doc_add_row (doc, _("Points balance"), points, FALSE);
      hy_receipt_doc_add_row (doc, _("Stored value balance"), wallet, FALSE);
      if (r->tier_name != NULL && *r->tier_name != '\0')
        hy_receipt_doc_add_row (doc, r->tier_changed ? _("New tier") : _("Tier"), r->tier_name, r->tier_changed);
    }
  hy_receipt_doc_add_rule (doc);
  hy_receipt_doc_add_text (doc, _("Thank you for your visit."));
  return doc;
}

static void
receipt_draw_cb (GtkDrawingArea *area,
                 cairo_t        *cr,
                 int             width,
                 int             height,
                 gpointer        user_data)
{
  HyCheckoutPage *self = HY_CHECKOUT_PAGE (user_data);

  /* Paper is white whatever the style. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  if (self->receipt_doc == NULL)
    return;
  cairo_set_source_rgb (cr, 0, 0, 0);
  hy_receipt_doc_draw (self->receipt_doc, cr, width);

  if (self->confirm_started != 0)
    {
      self->confirm_us = g_get_monotonic_time () - self->confirm_started;
      self->confirm_started = 0;
    }
}

static void
hy_checkout_page_show_receipt (HyCheckoutPage *self,
                               HyTillOp       *op)
{
  g_autofree char *text = NULL;

  hy_receipt_clear (&self->receipt);
  self->receipt = op->receipt;
  memset (&op->receipt, 0, sizeof op->receipt);
  self->last_sale_id = self->receipt.transaction_id;

  g_clear_pointer (&self->receipt_lines, g_array_unref);
  self->receipt_lines = g_steal_pointer (&self->lines);
  self->lines = lines_new ();
  g_free (self->receipt_member);
  if (self->member_id > 0)
    {
      g_autofree char *phone = self->member_phone != NULL ? hy_phone_mask (self->member_phone) : g_strdup ("");

      /* Translators: the member on a receipt: name and masked phone number */
      self->receipt_member = g_strdup_printf (_("Member: %s %s"),
                                              self->member_name != NULL ? self->member_name : "", phone);
    }
  else
    self->receipt_member = g_strdup (_("Walk-in customer"));

  g_clear_pointer (&self->receipt_doc, hy_receipt_doc_free);
  self->receipt_doc = hy_checkout_page_build_receipt_doc (self);
  gtk_drawing_area_set_content_height (self->receipt_area,
                                       (int) ceil (hy_receipt_doc_measure (self->receipt_doc, 340)));
  text = hy_receipt_doc_to_text (self->receipt_doc);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->receipt_area),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self->receipt_area));
  gtk_stack_set_visible_child_name (self->stack, "receipt");
}

static void
add_result_row (GtkListBox *list,
                const char *title,
                const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  gtk_widget_add_css_class (label, "numeric");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_append (list, row);
}

static void
list_box_clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
hy_checkout_page_show_refund (HyCheckoutPage *self,
                              HyTillOp       *op)
{
  const HyRefundReceipt *f = &op->refund;
  g_autofree char *amount = money (f->amount);
  g_autofree char *clawed = signed_count ('-', f->points_clawed_back);
  g_autofree char *returned = signed_count ('+', f->points_returned);
  g_autofree char *wallet = money (f->stored_value_principal + f->stored_value_bonus);
  g_autofree char *paid = money (f->paid_back);
  g_autofree char *points = hy_count_format (f->points_balance);
  g_autofree char *sv = money (f->stored_value_balance);

  self->refund = *f;
  list_box_clear (self->refund_result_list);
  add_result_row (self->refund_result_list, _("Refunded"), amount);
  add_result_row (self->refund_result_list, _("Paid back in cash or to the card"), paid);
  if (self->refund.points_returned > 0)
    add_result_row (self->refund_result_list, _("Points given back"), returned);
  if (self->refund.stored_value_principal + self->refund.stored_value_bonus > 0)
    add_result_row (self->refund_result_list, _("Put back on the stored value"), wallet);
  if (self->refund.points_clawed_back > 0)
    add_result_row (self->refund_result_list, _("Points it earned, taken back"), clawed);
  if (self->refund.points_short > 0)
    {
      g_autofree char *short_text = hy_count_format (self->refund.points_short);

      add_result_row (self->refund_result_list, _("Points already spent, not taken back"), short_text);
    }
  if (self->member_id > 0 || self->refund.points_balance != 0 || self->refund.stored_value_balance != 0)
    {
      add_result_row (self->refund_result_list, _("Points balance"), points);
      add_result_row (self->refund_result_list, _("Stored value balance"), sv);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->refund_result_group), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->refund_amount_row), "");
}

static void
hy_checkout_page_show_sales (HyCheckoutPage *self,
                             HyTillOp       *op)
{
  GTimeZone *tz = hy_database_get_time_zone (self->database);
  GtkListBoxRow *select = NULL;

  g_clear_pointer (&self->sales, g_ptr_array_unref);
  g_clear_pointer (&self->refundable, g_array_unref);
  self->sales = g_steal_pointer (&op->sales);
  self->refundable = g_steal_pointer (&op->refundable);

  list_box_clear (self->sales_list);
  for (guint i = 0; i < self->sales->len; i++)
    {
      HyTransaction *t = self->sales->pdata[i];
      gint64 left = g_array_index (self->refundable, gint64, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *when = hy_time_format_local (tz, t->occurred_at, TRUE);
      g_autofree char *net = money (t->net);
      g_autofree char *left_text = money (left);
      g_autofree char *title = g_strdup_printf (_("Sale #%lld"), (long long) t->id);
      g_autofree char *subtitle = NULL;
      GtkWidget *amount = gtk_label_new (net);

      if (left == 0)
        /* Translators: when the sale was, and that it was refunded */
        subtitle = g_strdup_printf (_("%s · refunded in full"), when);
      else if (left < t->net)
        /* Translators: when the sale was, and how much of it can still be refunded */
        subtitle = g_strdup_printf (_("%s · %s left to refund"), when, left_text);
      else
        subtitle = g_strdup (when);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_add_css_class (amount, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), amount);
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), left > 0);
      gtk_widget_set_sensitive (row, left > 0);
      gtk_list_box_append (self->sales_list, row);
      if (select == NULL && left > 0 && (op->sale_id == 0 || t->id == op->sale_id))
        select = GTK_LIST_BOX_ROW (row);
    }
  if (self->sales->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No sales to refund"));
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->sales_list, row);
    }
  gtk_list_box_select_row (self->sales_list, select);
}

static void
hy_checkout_page_set_member (HyCheckoutPage *self,
                             HyTillOp       *op)
{
  self->member_id = op != NULL ? op->member_id : 0;
  g_free (self->member_name);
  g_free (self->member_phone);
  g_free (self->tier_name);
  self->member_name = op != NULL ? g_strdup (op->member_name) : NULL;
  self->member_phone = op != NULL ? g_strdup (op->member_phone) : NULL;
  self->tier_name = op != NULL ? g_strdup (op->tier_name) : NULL;
  self->points_available = op != NULL ? op->points_available : 0;
  self->stored_value_held = op != NULL ? op->stored_value_held : 0;
  hy_checkout_page_show_member (self);
}

static void
hy_checkout_page_show_error (HyCheckoutPage *self,
                             const char     *heading,
                             const GError   *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, NULL);

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s", error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void run_next (HyCheckoutPage *self);

static gint
is_kind (gconstpointer a,
         gconstpointer b)
{
  return ((const HyTillOp *) a)->kind == (HyTillOpKind) GPOINTER_TO_INT (b) ? 0 : 1;
}


static void
op_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HyCheckoutPage) self = user_data;
  g_autoptr(GError) error = NULL;
  HyTillOp *op = hy_till_run_finish (HY_TILL (object), result, &error);
  HyTillOpKind kind = ((HyTillOp *) g_task_get_task_data (G_TASK (result)))->kind;

  self->running = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || HY_TILL (object) != self->till)
    return;

  switch (kind)
    {
    case HY_TILL_LOOKUP:
      if (op != NULL)
        {
          hy_checkout_page_set_member (self, op);
          gtk_widget_remove_css_class (GTK_WIDGET (self->identity_row), "error");
          gtk_editable_set_text (GTK_EDITABLE (self->identity_row), "");
        }
      else
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->identity_row), "error");
          adw_action_row_set_subtitle (self->member_row, error->message);
        }
      hy_checkout_page_schedule_quote (self);
      break;

    case HY_TILL_QUOTE:
      /* A newer quote waiting makes this one old news. */
      if (g_queue_find_custom (&self->queue, GINT_TO_POINTER (HY_TILL_QUOTE), is_kind) != NULL)
        break;
      if (op != NULL)
        hy_checkout_page_apply_quote (self, op);
      else
        hy_checkout_page_show_quote_error (self, error);
      break;

    case HY_TILL_CHECKOUT:
      if (op != NULL)
        {
          gint64 member_id = op->receipt.member_id;

          hy_checkout_page_show_receipt (self, op);
          if (member_id > 0)
            g_signal_emit (self, signals [MEMBER_CHANGED], 0, member_id);
        }
      else
        {
          self->confirm_started = 0;
          hy_checkout_page_show_error (self, _("Could not Record the Sale"), error);
        }
      break;

    case HY_TILL_SALES:
      if (op != NULL)
        hy_checkout_page_show_sales (self, op);
      else
        hy_checkout_page_show_error (self, _("Could not Read the Sales"), error);
      break;

    case HY_TILL_REFUND:
      if (op != NULL)
        {
          HyTillOp *again = hy_till_op_new (HY_TILL_SALES);

          hy_checkout_page_show_refund (self, op);
          if (op->member_id > 0)
            g_signal_emit (self, signals [MEMBER_CHANGED], 0, op->member_id);
          again->member_id = op->member_id;
          again->sale_id = op->member_id > 0 ? 0 : op->sale_id;
          hy_checkout_page_enqueue (self, again);
          if (self->member_id > 0)
            {
              HyTillOp *lookup = hy_till_op_new (HY_TILL_LOOKUP);

              lookup->member_id = self->member_id;
              hy_checkout_page_enqueue (self, lookup);
            }
        }
      else
        hy_checkout_page_show_error (self, _("Could not Refund the Sale"), error);
      break;

    default:
      g_assert_not_reached ();
    }

  run_next (self);
  hy_checkout_page_update_actions (self);
}

static void
run_next (HyCheckoutPage *self)
{
  HyTillOp *op;

  if (self->running || self->till == NULL || (op = g_queue_pop_head (&self->queue)) == NULL)
    return;

  self->running = TRUE;
  hy_till_run_async (self->till, op, self->cancellable, op_done_cb, g_object_ref (self));
}

/* Takes @op.  A quote replaces one still waiting: only the newest order matters. */
static void
hy_checkout_page_enqueue (HyCheckoutPage *self,
                          HyTillOp       *op)
{
  if (op->kind == HY_TILL_QUOTE)
    {
      GList *old;

      while ((old = g_queue_find_custom (&self->queue, GINT_TO_POINTER (HY_TILL_QUOTE), is_kind)) != NULL)
        {
          hy_till_op_free (old->data);
          g_queue_delete_link (&self->queue, old);
        }
    }
  g_queue_push_tail (&self->queue, op);
  run_next (self);
  hy_checkout_page_update_actions (self);
}

static void
identity_apply_cb (HyCheckoutPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->identity_row))));
  HyTillOp *op;

  if (*text == '\0' || self->till == NULL)
    return;

  op = hy_till_op_new (HY_TILL_LOOKUP);
  op->identity = g_steal_pointer (&text);
  hy_checkout_page_reset_payment (self);
  hy_checkout_page_enqueue (self, op);
}

static void
walk_in_clicked_cb (HyCheckoutPage *self)
{
  hy_checkout_page_set_member (self, NULL);
  hy_checkout_page_reset_payment (self);
  hy_checkout_page_schedule_quote (self);
  hy_checkout_page_update_actions (self);
}

static void
remove_line_cb (GtkButton      *button,
                HyCheckoutPage *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);
  int index = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));

  g_array_remove_index (self->lines, index);
  gtk_list_box_remove (self->items_list, row);
  gtk_widget_set_visible (GTK_WIDGET (self->items_list), self->lines->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->amount_list), self->lines->len == 0);
  hy_checkout_page_schedule_quote (self);
}

static void
hy_checkout_page_append_line_row (HyCheckoutPage   *self,
                                  const HyTillLine *line)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *amount;
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *qty = quantity_text (line->quantity);
  g_autofree char *price = money (line->unit_price);
  g_autofree char *total = money (line_amount (line));
  g_autofree char *subtitle = NULL;
  const char *title = line->name != NULL && *line->name != '\0' ? line->name : line->sku;

  /* Translators: an item's SKU, category, quantity and unit price at list price */
  subtitle = g_strdup_printf (_("%s · %s · %s × %s"), line->sku != NULL && *line->sku != '\0' ? line->sku : "—",
                              line->category != NULL && *line->category != '\0' ? line->category : _("no category"),
                              qty, price);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL && *title != '\0' ? title : _("Item"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  amount = gtk_label_new (total);
  gtk_widget_add_css_class (amount, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), amount);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove Item"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove Item"), -1);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_line_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  gtk_list_box_append (self->items_list, row);
}

static void
line_changed_cb (HyCheckoutPage *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->price_entry), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->line_error_label), FALSE);
}

static void
add_line_cb (HyCheckoutPage *self)
{
  g_autofree char *sku = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->sku_entry))));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  g_autofree char *category = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->category_entry))));
  g_autoptr(GError) error = NULL;
  HyTillLine line = { 0 };
  gint64 price = 0;

  gtk_spin_button_update (self->quantity_spin);
  if (*sku == '\0' && *name == '\0')
    {
      gtk_label_set_label (self->line_error_label, _("An item needs a SKU or a name."));
      gtk_widget_set_visible (GTK_WIDGET (self->line_error_label), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->sku_entry));
      return;
    }
  if (!hy_parse_money (gtk_editable_get_text (GTK_EDITABLE (self->price_entry)), &price, &error) || price < 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->price_entry), "error");
      gtk_label_set_label (self->line_error_label, _("The unit price is a positive amount such as 128.50."));
      gtk_widget_set_visible (GTK_WIDGET (self->line_error_label), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->price_entry));
      return;
    }

  line.sku = g_steal_pointer (&sku);
  line.name = g_steal_pointer (&name);
  line.category = g_steal_pointer (&category);
  line.quantity = gtk_spin_button_get_value (self->quantity_spin);
  line.unit_price = price;
  g_array_append_val (self->lines, line);
  hy_checkout_page_append_line_row (self, &line);

  gtk_editable_set_text (GTK_EDITABLE (self->sku_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->price_entry), "");
  gtk_spin_button_set_value (self->quantity_spin, 1);
  gtk_widget_set_visible (GTK_WIDGET (self->items_list), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->amount_list), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->sku_entry));
  hy_checkout_page_schedule_quote (self);
}

static void
amount_changed_cb (HyCheckoutPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->amount_row));
  gint64 amount = 0;

  if (*text == '\0' || (hy_parse_money (text, &amount, NULL) && amount > 0))
    gtk_widget_remove_css_class (GTK_WIDGET (self->amount_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->amount_row), "error");
  hy_checkout_page_schedule_quote (self);
}

static void
payment_changed_cb (HyCheckoutPage *self)
{
  hy_checkout_page_schedule_quote (self);
}

static void
points_max_clicked_cb (HyCheckoutPage *self)
{
  self->points_most = TRUE;
  hy_checkout_page_schedule_quote (self);
}

static void
stored_value_max_clicked_cb (HyCheckoutPage *self)
{
  self->stored_value_most = TRUE;
  hy_checkout_page_schedule_quote (self);
}

static void
hy_checkout_page_new_sale (HyCheckoutPage *self)
{
  g_free (self->key);
  self->key = g_uuid_string_random ();
  g_array_set_size (self->lines, 0);
  list_box_clear (self->items_list);
  gtk_widget_set_visible (GTK_WIDGET (self->items_list), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->amount_list), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->line_error_label), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->amount_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->identity_row), "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->identity_row), "error");
  hy_checkout_page_set_member (self, NULL);
  hy_checkout_page_reset_payment (self);
  gtk_stack_set_visible_child_name (self->stack, "sale");
  hy_checkout_page_schedule_quote (self);
  hy_checkout_page_update_actions (self);
}

/* A new sale with @member_id identified, as when a clerk starts it from the member's page. */
void
hy_checkout_page_start_sale (HyCheckoutPage *self,
                             gint64          member_id)
{
  HyTillOp *op;

  g_return_if_fail (HY_IS_CHECKOUT_PAGE (self));

  hy_checkout_page_new_sale (self);
  if (member_id <= 0 || self->till == NULL)
    return;
  op = hy_till_op_new (HY_TILL_LOOKUP);
  op->member_id = member_id;
  hy_checkout_page_enqueue (self, op);
}

static void
hy_checkout_page_confirm_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  HyCheckoutPage *self = HY_CHECKOUT_PAGE (widget);

  if (!self->quote_ok || hy_checkout_page_get_busy (self) || self->till == NULL)
    return;

  self->confirm_started = g_get_monotonic_time ();
  self->confirm_us = 0;
  hy_checkout_page_enqueue (self, hy_checkout_page_order_op (self, HY_TILL_CHECKOUT));
}

static void
hy_checkout_page_new_sale_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  HyCheckoutPage *self = HY_CHECKOUT_PAGE (widget);

  hy_checkout_page_new_sale (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->identity_row));
}

static void
hy_checkout_page_print_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  HyCheckoutPage *self = HY_CHECKOUT_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  HyReceiptDoc *doc = hy_checkout_page_build_receipt_doc (self);

  if (doc != NULL)
    hy_receipt_doc_print (doc, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
}

static void
hy_checkout_page_open_refund (HyCheckoutPage *self,
                              gint64          member_id,
                              gint64          sale_id)
{
  HyTillOp *op = hy_till_op_new (HY_TILL_SALES);
  g_autofree char *description = NULL;

  if (member_id > 0)
    /* Translators: whose sales the refund list shows */
    description = g_strdup_printf (_("The latest sales of %s."), self->member_name != NULL ? self->member_name : "");
  else
    description = g_strdup (_("The sale just made at this till."));
  adw_preferences_group_set_description (self->sales_group, description);

  op->member_id = member_id;
  op->sale_id = sale_id;
  list_box_clear (self->sales_list);
  list_box_clear (self->refund_result_list);
  gtk_widget_set_visible (GTK_WIDGET (self->refund_result_group), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->refund_amount_row), "");
  gtk_stack_set_visible_child_name (self->stack, "refund");
  hy_checkout_page_enqueue (self, op);
}

static void
hy_checkout_page_refund_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  HyCheckoutPage *self = HY_CHECKOUT_PAGE (widget);

  if (self->member_id > 0)
    hy_checkout_page_open_refund (self, self->member_id, 0);
  else if (self->last_sale_id > 0)
    hy_checkout_page_open_refund (self, 0, self->last_sale_id);
}

static void
hy_checkout_page_refund_receipt_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  HyCheckoutPage *self = HY_CHECKOUT_PAGE (widget);

  if (self->receipt.transaction_id > 0)
    hy_checkout_page_open_refund (self, self->receipt.member_id, self->receipt.member_id > 0 ? 0 : self->receipt.transaction_id);
}

static HyTransaction *
hy_checkout_page_selected_sale (HyCheckoutPage *self,
                                gint64         *out_left)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->sales_list);
  int index;

  if (row == NULL || self->sales == NULL)
    return NULL;
  index = gtk_list_box_row_get_index (row);
  if (index < 0 || (guint) index >= self->sales->len)
    return NULL;
  *out_left = g_array_index (self->refundable, gint64, index);
  return self->sales->pdata[index];
}

/* The amount typed, or 0 for all that is left; -1 when it is not an amount that can be refunded. */
static gint64
hy_checkout_page_refund_amount (HyCheckoutPage *self,
                                gint64          left)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->refund_amount_row));
  gint64 amount = 0;

  if (*text == '\0')
    return 0;
  if (!hy_parse_money (text, &amount, NULL) || amount <= 0 || amount > left)
    return -1;
  return amount;
}

static void
refund_amount_changed_cb (HyCheckoutPage *self)
{
  gint64 left = 0;

  if (hy_checkout_page_selected_sale (self, &left) == NULL || hy_checkout_page_refund_amount (self, left) >= 0)
    gtk_widget_remove_css_class (GTK_WIDGET (self->refund_amount_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->refund_amount_row), "error");
  hy_checkout_page_update_actions (self);
}

static void
sale_selected_cb (HyCheckoutPage *self)
{
  refund_amount_changed_cb (self);
}

typedef struct
{
  gint64 member_id;
  gint64 sale_id;
  gint64 amount;
} RefundRequest;

/* The refund confirmed and, for a clerk, approved by a manager: the till does it as whoever is
 * signed in, with that approval. */
static void
refund_approved_cb (GtkWidget *widget,
                    gpointer   data)
{
  HyCheckoutPage *self = HY_CHECKOUT_PAGE (widget);
  const RefundRequest *request = data;
  HyTillOp *op;

  if (self->database == NULL)
    return;
  op = hy_till_op_new (HY_TILL_REFUND);
  op->member_id = request->member_id;
  op->sale_id = request->sale_id;
  op->refund_amount = request->amount;
  op->key = g_uuid_string_random ();
  op->session = hy_staff_session_take (self->database);
  hy_checkout_page_enqueue (self, op);
}

static void
refund_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    HyCheckoutPage   *self)
{
  HyTransaction *sale;
  RefundRequest *request;
  gint64 left = 0, amount;

  if (g_strcmp0 (response, "refund") != 0 || hy_checkout_page_get_busy (self) || self->database == NULL ||
      (sale = hy_checkout_page_selected_sale (self, &left)) == NULL ||
      (amount = hy_checkout_page_refund_amount (self, left)) < 0)
    return;

  request = g_new0 (RefundRequest, 1);
  request->member_id = sale->member_id;
  request->sale_id = sale->id;
  request->amount = amount;
  hy_widget_require_manager (GTK_WIDGET (self), HY_ACTION_REFUND, refund_approved_cb, request, g_free);
}

static void
hy_checkout_page_refund_selected_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  HyCheckoutPage *self = HY_CHECKOUT_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  HyTransaction *sale;
  GtkWidget *dialog;
  g_autofree char *amount_text = NULL;
  gint64 left = 0, amount;

  if ((sale = hy_checkout_page_selected_sale (self, &left)) == NULL ||
      (amount = hy_checkout_page_refund_amount (self, left)) < 0)
    return;

  amount_text = money (amount > 0 ? amount : left);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, NULL);
  /* Translators: the amount and the sale's number */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Refund %s of Sale #%lld?"),
                                     amount_text, (long long) sale->id);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("Points the sale earned are taken back, and points and stored value that paid for it are given back. A refund cannot be undone."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "refund", _("_Refund"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "refund", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (refund_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
refund_back_cb (HyCheckoutPage *self)
{
  gtk_stack_set_visible_child_name (self->stack, self->lines->len > 0 || self->receipt.transaction_id == 0 ||
                                                 self->quote_ok ? "sale" : "receipt");
  hy_checkout_page_update_actions (self);
}

static void
stack_changed_cb (HyCheckoutPage *self)
{
  hy_checkout_page_update_actions (self);
}

void
hy_checkout_page_set_database (HyCheckoutPage *self,
                               HyDatabase     *database)
{
  g_return_if_fail (HY_IS_CHECKOUT_PAGE (self));
  g_return_if_fail (database == NULL || HY_IS_DATABASE (database));

  if (!g_set_object (&self->database, database))
    return;

  /* Work for the old database is dropped; its answers are ignored. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_queue_clear_full (&self->queue, (GDestroyNotify) hy_till_op_free);
  self->running = FALSE;
  g_clear_object (&self->till);
  if (database != NULL)
    self->till = hy_till_new (hy_database_get_path (database));

  hy_receipt_clear (&self->receipt);
  memset (&self->receipt, 0, sizeof self->receipt);
  g_clear_pointer (&self->receipt_doc, hy_receipt_doc_free);
  self->last_sale_id = 0;
  hy_checkout_page_new_sale (self);
}

/**
 * hy_checkout_page_reload_settings:
 *
 * Settings changed: the till reads them again (a fresh connection also reads the time zone),
 * the member's tier is looked up again, and the order is quoted again.
 */
void
hy_checkout_page_reload_settings (HyCheckoutPage *self)
{
  g_return_if_fail (HY_IS_CHECKOUT_PAGE (self));

  if (self->till == NULL)
    return;

  hy_till_reload (self->till);
  if (self->member_id > 0)
    {
      HyTillOp *op = hy_till_op_new (HY_TILL_LOOKUP);

      op->member_id = self->member_id;
      hy_checkout_page_enqueue (self, op);
    }
  hy_checkout_page_schedule_quote (self);
}

static void
hy_checkout_page_dispose (GObject *object)
{
  HyCheckoutPage *self = HY_CHECKOUT_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_queue_clear_full (&self->queue, (GDestroyNotify) hy_till_op_free);
  /* The sales list unselects its rows as it goes, after the spinner the handler updates. */
  if (self->sales_list != NULL)
    g_signal_handlers_disconnect_by_func (self->sales_list, sale_selected_cb, self);

  G_OBJECT_CLASS (hy_checkout_page_parent_class)->dispose (object);
}

static void
hy_checkout_page_finalize (GObject *object)
{
  HyCheckoutPage *self = HY_CHECKOUT_PAGE (object);

  g_clear_object (&self->database);
  g_clear_object (&self->till);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->lines, g_array_unref);
  g_clear_pointer (&self->receipt_lines, g_array_unref);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->member_name, g_free);
  g_clear_pointer (&self->member_phone, g_free);
  g_clear_pointer (&self->tier_name, g_free);
  g_clear_pointer (&self->receipt_member, g_free);
  g_clear_pointer (&self->receipt_doc, hy_receipt_doc_free);
  g_clear_pointer (&self->sales, g_ptr_array_unref);
  g_clear_pointer (&self->refundable, g_array_unref);
  hy_checkout_quote_clear (&self->quote);
  hy_receipt_clear (&self->receipt);

  G_OBJECT_CLASS (hy_checkout_page_parent_class)->finalize (object);
}

static void
hy_checkout_page_class_init (HyCheckoutPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hy_checkout_page_dispose;
  object_class->finalize = hy_checkout_page_finalize;

  /* A sale or a refund of a member was recorded. */
  signals [MEMBER_CHANGED] = g_signal_new ("member-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/huiyuan/Huiyuan/ui/hy-checkout-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, identity_row);
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, member_row);
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, walk_in_button);
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, items_list);
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, sku_entry);
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, name_entry);
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, category_entry);
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, quantity_spin);
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, price_entry);
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, line_error_label);
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, amount_list);
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, amount_row);
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, payment_group);
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, points_row);
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, points_spin);
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, stored_value_row);
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, stored_value_spin);
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, totals_list);
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, quote_error_label);
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, due_label);
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, receipt_area);
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, sales_group);
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, sales_list);
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, refund_amount_row);
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, refund_result_group);
  gtk_widget_class_bind_template_child (widget_class, HyCheckoutPage, refund_result_list);
  gtk_widget_class_bind_template_callback (widget_class, identity_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, walk_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_line_cb);
  gtk_widget_class_bind_template_callback (widget_class, line_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, amount_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, payment_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, points_max_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, stored_value_max_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, sale_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, refund_amount_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, refund_back_cb);

  gtk_widget_class_install_action (widget_class, "checkout.confirm", NULL, hy_checkout_page_confirm_action);
  gtk_widget_class_install_action (widget_class, "checkout.new-sale", NULL, hy_checkout_page_new_sale_action);
  gtk_widget_class_install_action (widget_class, "checkout.print", NULL, hy_checkout_page_print_action);
  gtk_widget_class_install_action (widget_class, "checkout.refund", NULL, hy_checkout_page_refund_action);
  gtk_widget_class_install_action (widget_class, "checkout.refund-receipt", NULL, hy_checkout_page_refund_receipt_action);
  gtk_widget_class_install_action (widget_class, "checkout.refund-selected", NULL, hy_checkout_page_refund_selected_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "checkout.confirm", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "checkout.confirm", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "checkout.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "checkout.refund", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "checkout.new-sale", NULL);
}

static void
hy_checkout_page_init (HyCheckoutPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->lines = lines_new ();
  self->receipt_lines = lines_new ();
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->queue);

  for (guint i = 0; i < N_TOTALS; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label = gtk_label_new ("—");

      gtk_widget_add_css_class (label, "numeric");
      if (i == TOTAL_PAID)
        {
          gtk_widget_add_css_class (label, "heading");
          gtk_widget_add_css_class (row, "heading");
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(total_titles[i]));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      gtk_list_box_append (self->totals_list, row);
      self->total_labels[i] = GTK_LABEL (label);
    }

  gtk_drawing_area_set_draw_func (self->receipt_area, receipt_draw_cb, self, NULL);
  g_signal_connect_object (self->stack, "notify::visible-child", G_CALLBACK (stack_changed_cb), self, G_CONNECT_SWAPPED);
  hy_checkout_page_new_sale (self);
}
