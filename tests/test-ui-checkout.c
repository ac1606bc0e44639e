/* test-ui-checkout.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drives the Checkout page on the demo store under Xvfb: a member found by phone buys two items
 * with points and stored value, a double Confirm posts once, the receipt agrees with the ledgers,
 * the sale is refunded and the balances come back, a walk-in buys by amount, and a tier's
 * discount changed while the page is open changes the quote.  Saves a PNG of every step and the
 * receipt drawn to PNG and PDF.
 *
 * HY_TEST_DEMO_MEMBERS (default 2000) sets the demo's size, to time a checkout on a large store.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "hy-checkout-page.h"
#include "hy-member-store.h"
#include "hy-points-ledger.h"
#include "hy-settings-page.h"
#include "hy-stored-value-ledger.h"
#include "hy-test-util.h"
#include "hy-tier-store.h"
#include "hy-ui-test-util.h"
#include "hy-window.h"

#define START_POINTS 2000
#define START_WALLET 50000

typedef struct
{
  HyWindow       *window;
  HyDatabase     *db;
  HyCheckoutPage *page;
  GtkStack       *stack;
} Till;

static gboolean
page_idle (gpointer data)
{
  return !hy_checkout_page_get_busy (data);
}

static void
wait_idle (Till *till)
{
  hy_ui_test_wait_until (page_idle, till->page, "the till");
  hy_ui_test_settle (50);
}

static const char *
visible_step (Till *till)
{
  return gtk_stack_get_visible_child_name (till->stack);
}

static GtkWidget *
find_named (Till       *till,
            GType       type,
            const char *accessible_label)
{
  /* The entries have no visible label: find them by their placeholder. */
  GtkWidget *root = GTK_WIDGET (till->page);
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, root);
  while (stack->len > 0)
    {
      GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && GTK_IS_ENTRY (w) &&
          g_strcmp0 (gtk_entry_get_placeholder_text (GTK_ENTRY (w)), accessible_label) == 0)
        return w;
      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && ADW_IS_PREFERENCES_ROW (w) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)), accessible_label) == 0)
        return w;
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (stack, c);
    }
  return NULL;
}

static void
type_into (Till       *till,
           GType       type,
           const char *label,
           const char *text)
{
  GtkWidget *w = find_named (till, type, label);

  g_assert_nonnull (w);
  gtk_editable_set_text (GTK_EDITABLE (w), text);
}

static void
add_item (Till       *till,
          const char *sku,
          const char *name,
          const char *category,
          double      quantity,
          const char *price)
{
  GtkWidget *quantity_spin = hy_ui_test_find_widget (GTK_WIDGET (till->page), GTK_TYPE_SPIN_BUTTON, NULL);

  type_into (till, GTK_TYPE_ENTRY, _("SKU"), sku);
  type_into (till, GTK_TYPE_ENTRY, _("Item name"), name);
  type_into (till, GTK_TYPE_ENTRY, _("Category"), category);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (quantity_spin), quantity);
  type_into (till, GTK_TYPE_ENTRY, _("Unit price"), price);
  /* Enter in the price field adds the item, as at the till */
  g_signal_emit_by_name (find_named (till, GTK_TYPE_ENTRY, _("Unit price")), "activate");
  wait_idle (till);
}

static GtkSpinButton *
payment_spin (Till       *till,
              const char *row_title)
{
  GtkWidget *row = find_named (till, ADW_TYPE_ACTION_ROW, row_title);

  g_assert_nonnull (row);
  return GTK_SPIN_BUTTON (hy_ui_test_find_widget (row, GTK_TYPE_SPIN_BUTTON, NULL));
}

/* A button follows its action: insensitive while the action is disabled. */
static gboolean
button_enabled (Till       *till,
                const char *label)
{
  GtkWidget *button = hy_ui_test_find_widget (GTK_WIDGET (till->page), GTK_TYPE_BUTTON, label);

  g_assert_nonnull (button);
  return gtk_widget_is_sensitive (button);
}

static gint64
count_sales (Till *till)
{
  return hy_test_query_int (till->db, "SELECT count(*) FROM transactions");
}

static void
balances (Till   *till,
          gint64  member,
          gint64 *points,
          gint64 *wallet)
{
  g_autoptr(HyPointsLedger) ledger = hy_points_ledger_new (till->db);
  g_autoptr(HyStoredValueLedger) sv = hy_stored_value_ledger_new (till->db);
  g_autoptr(GError) error = NULL;
  HyPointsSummary summary;
  HyStoredValueBalance balance;

  g_assert_true (hy_points_ledger_get_summary (ledger, member, &summary, &error));
  g_assert_true (hy_stored_value_ledger_get_balance (sv, member, &balance, &error));
  g_assert_no_error (error);
  *points = summary.balance;
  *wallet = balance.total;
}

static void
define_base_tier (HyDatabase *db,
                  int         price_percent)
{
  g_autoptr(HyTierStore) tiers = hy_tier_store_new (db);
  g_autoptr(HyTier) base = hy_tier_new ();
  g_autoptr(GError) error = NULL;

  g_free (base->name);
  base->name = g_strdup ("普通会员");
  base->validity_days = 0;
  base->price_percent = price_percent;
  g_assert_cmpint (hy_tier_store_define (tiers, base, &error), >, 0);
  g_assert_no_error (error);
}

static gboolean
settings_idle (gpointer data)
{
  return !hy_settings_page_get_busy (data);
}

/* The preferences row with this title, anywhere under @root. */
static GtkWidget *
find_row (GtkWidget  *root,
                     const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_row (c, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
receipt_painted (gpointer data)
{
  return hy_checkout_page_get_confirm_time (data) > 0;
}

static void
save_receipt_files (Till       *till,
                    const char *name)
{
  g_autoptr(HyReceiptDoc) doc = hy_checkout_page_build_receipt_doc (till->page);
  g_autoptr(GError) error = NULL;
  const char *lang = g_getenv ("HY_TEST_LANGUAGE");
  g_autofree char *dir = g_getenv ("HY_SCREENSHOT_DIR") != NULL
    ? g_strdup (g_getenv ("HY_SCREENSHOT_DIR"))
    : g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "screenshots", lang != NULL ? lang : "en", NULL);
  g_autofree char *png = g_strdup_printf ("%s/%s.png", dir, name);
  g_autofree char *pdf = g_strdup_printf ("%s/%s.pdf", dir, name);
  GStatBuf st;

  g_assert_nonnull (doc);
  g_assert_true (hy_receipt_doc_write_png (doc, png, &error));
  g_assert_true (hy_receipt_doc_write_pdf (doc, pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (pdf, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 1000);
}

static void
test_checkout (void)
{
  HyWindow *window = hy_ui_test_new_window ();
  const char *size = g_getenv ("HY_TEST_DEMO_MEMBERS");
  guint64 n_members = size != NULL ? g_ascii_strtoull (size, NULL, 10) : 2000;
  g_autoptr(HyMemberStore) members = NULL;
  g_autoptr(HyMember) member = NULL;
  g_autoptr(HyPointsLedger) points = NULL;
  g_autoptr(HyStoredValueLedger) wallet = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *receipt_text = NULL;
  g_autoptr(HyReceiptDoc) doc = NULL;
  g_autofree char *paid_text = NULL;
  const HyCheckoutQuote *quote;
  const HyReceipt *receipt;
  const HyRefundReceipt *refund;
  GtkWidget *dialog = NULL;
  GtkWidget *identity;
  Till till = { window };
  gint64 before, points_after, wallet_after, points_now, wallet_now, member_id;
  gint64 due_at_95, quoted_earn;
  HySettingsPage *settings;
  GtkWidget *tier_dialog;
  GtkWidget *price_row;

  hy_window_set_demo_size (window, n_members, n_members * 10);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-demo", NULL));
  hy_ui_test_wait_until (hy_ui_test_window_idle, window, "the demo");
  till.db = hy_window_get_database (window);
  till.page = HY_CHECKOUT_PAGE (hy_ui_test_find_widget (GTK_WIDGET (window), HY_TYPE_CHECKOUT_PAGE, NULL));
  till.stack = GTK_STACK (hy_ui_test_find_widget (GTK_WIDGET (till.page), GTK_TYPE_STACK, NULL));

  /* The store: everyone starts at a 5% off tier; member 1 has points and stored value. */
  define_base_tier (till.db, 95);
  members = hy_member_store_new (till.db);
  member = hy_member_store_load (members, 1, &error);
  g_assert_no_error (error);
  member_id = hy_member_get_id (member);
  points = hy_points_ledger_new (till.db);
  wallet = hy_stored_value_ledger_new (till.db);
  hy_points_ledger_adjust (points, member_id, START_POINTS, "test", "ui-adj-1", NULL, &error);
  g_assert_no_error (error);
  hy_stored_value_ledger_top_up (wallet, member_id, START_WALLET, "cash", "ui-top-1", NULL, NULL, &error);
  g_assert_no_error (error);
  hy_checkout_page_reload_settings (till.page);

  hy_window_show_page (window, "checkout");
  wait_idle (&till);
  g_assert_cmpstr (visible_step (&till), ==, "sale");
  /* Nothing rung up: nothing to confirm */
  g_assert_false (button_enabled (&till, _("_Confirm Sale")));

  /* Find the member by phone */
  identity = find_named (&till, ADW_TYPE_ENTRY_ROW, _("Member’s phone or card number"));
  g_assert_nonnull (identity);
  gtk_editable_set_text (GTK_EDITABLE (identity), hy_member_get_phone (member));
  g_signal_emit_by_name (identity, "apply");
  wait_idle (&till);
  g_assert_cmpint (hy_checkout_page_get_member_id (till.page), ==, member_id);

  /* Two items at 95%: 257.00 -> 244.15 and 33.00 -> 31.35 */
  add_item (&till, "A1", "Facial 面部护理", "护肤", 2, "128.50");
  add_item (&till, "B2", "Serum 精华", "护肤", 1, "33.00");
  quote = hy_checkout_page_get_quote (till.page);
  g_assert_nonnull (quote);
  g_assert_cmpint (quote->receipt.gross, ==, 29000);
  due_at_95 = 24415 + 3135;
  g_assert_cmpint (quote->receipt.due, ==, due_at_95);
  g_assert_cmpint (quote->points_available, ==, START_POINTS);

  /* 1000 points pay 10.00, stored value 50.00 */
  gtk_spin_button_set_value (payment_spin (&till, _("Points")), 1000);
  wait_idle (&till);
  gtk_spin_button_set_value (payment_spin (&till, _("Stored value")), 50);
  wait_idle (&till);
  quote = hy_checkout_page_get_quote (till.page);
  g_assert_nonnull (quote);
  g_assert_cmpint (quote->receipt.points_used, ==, 1000);
  g_assert_cmpint (quote->receipt.points_value, ==, 1000);
  g_assert_cmpint (quote->receipt.stored_value_principal + quote->receipt.stored_value_bonus, ==, 5000);
  g_assert_cmpint (quote->receipt.paid, ==, due_at_95 - 1000 - 5000);
  quoted_earn = quote->receipt.points_earned;
  g_assert_cmpint (quoted_earn, >, 0);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "checkout-sale");

  /* Confirm twice, as a double click would: one sale */
  before = count_sales (&till);
  g_assert_true (button_enabled (&till, _("_Confirm Sale")));
  g_signal_emit_by_name (hy_ui_test_find_widget (GTK_WIDGET (till.page), GTK_TYPE_BUTTON, _("_Confirm Sale")), "clicked");
  g_signal_emit_by_name (hy_ui_test_find_widget (GTK_WIDGET (till.page), GTK_TYPE_BUTTON, _("_Confirm Sale")), "clicked");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (till.page), "checkout.confirm", NULL));
  wait_idle (&till);
  hy_ui_test_wait_until (receipt_painted, till.page, "the receipt on screen");
  g_test_message ("Confirm to receipt on screen: %.1f ms on %" G_GUINT64_FORMAT " members",
                  hy_checkout_page_get_confirm_time (till.page) / 1000.0, n_members);
  g_assert_cmpstr (visible_step (&till), ==, "receipt");
  g_assert_cmpint (count_sales (&till), ==, before + 1);
  /* The receipt is on screen: Confirm is gone, and the same key would only replay anyway */
  g_assert_false (button_enabled (&till, _("_Confirm Sale")));
  gtk_widget_activate_action (GTK_WIDGET (till.page), "checkout.confirm", NULL);
  wait_idle (&till);
  g_assert_cmpint (count_sales (&till), ==, before + 1);

  /* The receipt says what the ledgers hold */
  receipt = hy_checkout_page_get_receipt (till.page);
  g_assert_nonnull (receipt);
  g_assert_cmpint (receipt->member_id, ==, member_id);
  g_assert_cmpint (receipt->paid, ==, due_at_95 - 6000);
  balances (&till, member_id, &points_after, &wallet_after);
  g_assert_cmpint (receipt->points_balance, ==, points_after);
  g_assert_cmpint (receipt->stored_value_balance, ==, wallet_after);
  g_assert_cmpint (wallet_after, ==, START_WALLET - 5000);
  /* earned on the 265.50 paid in money and stored value (not on the points), as quoted */
  g_assert_cmpint (receipt->points_earned, ==, quoted_earn);
  g_assert_cmpint (points_after, ==, START_POINTS - 1000 + quoted_earn);
  g_assert_cmpstr (receipt->tier_name, ==, "普通会员");
  g_assert_cmpint (hy_test_query_int (till.db, "SELECT net FROM transactions ORDER BY id DESC LIMIT 1"), ==, due_at_95);
  doc = hy_checkout_page_build_receipt_doc (till.page);
  receipt_text = hy_receipt_doc_to_text (doc);
  paid_text = g_strdup_printf ("%s: 215.50", _("Paid in cash or by card"));
  g_assert_nonnull (strstr (receipt_text, paid_text));
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "checkout-receipt");
  save_receipt_files (&till, "checkout-receipt-print");

  /* Refund the sale in full: the balances come back */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (till.page), "checkout.refund-receipt", NULL));
  wait_idle (&till);
  g_assert_cmpstr (visible_step (&till), ==, "refund");
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "checkout-refund-choose");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (till.page), "checkout.refund-selected", NULL));
  hy_ui_test_wait_until (hy_ui_test_dialog_shown, &dialog, "the refund question");
  hy_ui_test_save_screenshot (dialog, "checkout-refund-dialog");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "refund");
  hy_ui_test_settle (50);
  wait_idle (&till);
  refund = hy_checkout_page_get_refund (till.page);
  g_assert_nonnull (refund);
  g_assert_cmpint (refund->amount, ==, due_at_95);
  g_assert_cmpint (refund->points_returned, ==, 1000);
  g_assert_cmpint (refund->points_clawed_back, ==, quoted_earn);
  g_assert_cmpint (refund->stored_value_principal + refund->stored_value_bonus, ==, 5000);
  g_assert_cmpint (refund->paid_back, ==, due_at_95 - 6000);
  balances (&till, member_id, &points_now, &wallet_now);
  g_assert_cmpint (points_now, ==, START_POINTS);
  g_assert_cmpint (wallet_now, ==, START_WALLET);
  g_assert_cmpint (refund->points_balance, ==, points_now);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "checkout-refund-done");
  /* Refunded in full: nothing left to refund */
  g_assert_false (button_enabled (&till, _("_Refund…")));

  /* A walk-in buys by amount at list price */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (till.page), "checkout.new-sale", NULL));
  wait_idle (&till);
  g_assert_cmpint (hy_checkout_page_get_member_id (till.page), ==, 0);
  type_into (&till, ADW_TYPE_ENTRY_ROW, _("Amount at list price, without items"), "88.00");
  wait_idle (&till);
  quote = hy_checkout_page_get_quote (till.page);
  g_assert_nonnull (quote);
  g_assert_cmpint (quote->receipt.due, ==, 8800);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "checkout-walk-in");
  before = count_sales (&till);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (till.page), "checkout.confirm", NULL));
  wait_idle (&till);
  receipt = hy_checkout_page_get_receipt (till.page);
  g_assert_cmpint (receipt->member_id, ==, 0);
  g_assert_cmpint (receipt->paid, ==, 8800);
  g_assert_cmpint (receipt->points_earned, ==, 0);
  g_assert_cmpint (count_sales (&till), ==, before + 1);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "checkout-walk-in-receipt");

  /* A tier's discount changed while the till is open changes the quote */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (till.page), "checkout.new-sale", NULL));
  gtk_editable_set_text (GTK_EDITABLE (identity), hy_member_get_phone (member));
  g_signal_emit_by_name (identity, "apply");
  wait_idle (&till);
  type_into (&till, ADW_TYPE_ENTRY_ROW, _("Amount at list price, without items"), "100.00");
  wait_idle (&till);
  g_assert_cmpint (hy_checkout_page_get_quote (till.page)->receipt.due, ==, 9500);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "checkout-before-settings");

  /* In Settings, the base tier now pays 80% */
  hy_window_show_page (window, "settings");
  settings = HY_SETTINGS_PAGE (hy_ui_test_find_widget (GTK_WIDGET (window), HY_TYPE_SETTINGS_PAGE, NULL));
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "settings");
  tier_dialog = hy_settings_page_edit_tier (settings, 0);
  hy_ui_test_save_screenshot (tier_dialog, "settings-tier-dialog");
  price_row = find_row (tier_dialog, _("Price paid, %"));
  g_assert_nonnull (price_row);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (hy_ui_test_find_widget (price_row, GTK_TYPE_SPIN_BUTTON, NULL)), 80);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (tier_dialog), "save");
  hy_ui_test_wait_until (settings_idle, settings, "the settings saved");
  wait_idle (&till);
  g_assert_cmpint (hy_test_query_int (till.db, "SELECT price_percent FROM tiers WHERE level = 0"), ==, 80);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "settings-saved");

  /* The open sale's quote follows, without a restart */
  hy_window_show_page (window, "checkout");
  g_assert_cmpint (hy_checkout_page_get_quote (till.page)->receipt.due, ==, 8000);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "checkout-after-settings");

  hy_ui_test_close_window (window);
}

static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return GTK_WIDGET (toplevel);
    }
  return NULL;
}

static gboolean
accel_is (const char *action,
          const char *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (hy_ui_test_get_app ()), action);

  return accels != NULL && g_strv_contains ((const char * const *) accels, accel);
}

/* Preferences, keyboard shortcuts and about: each from the primary menu's action, each with
 * its accelerator. */
static void
test_app_windows (void)
{
  HyWindow *window = hy_ui_test_new_window ();
  HyApplication *app = hy_ui_test_get_app ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *preferences, *shortcuts, *about, *open_last;

  g_assert_true (accel_is ("app.preferences", "<Control>comma"));
  g_assert_true (accel_is ("win.show-help-overlay", "<Control>question"));
  g_assert_true (accel_is ("app.quit", "<Control>q"));

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  hy_ui_test_settle (200);
  preferences = find_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  hy_ui_test_save_screenshot (preferences, "preferences");
  open_last = hy_ui_test_find_widget (preferences, GTK_TYPE_SWITCH, NULL);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (open_last)));
  gtk_switch_set_active (GTK_SWITCH (open_last), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "open-last-database"));
  g_settings_reset (settings, "open-last-database");
  gtk_window_destroy (GTK_WINDOW (preferences));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  hy_ui_test_settle (200);
  shortcuts = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (shortcuts);
  hy_ui_test_save_screenshot (shortcuts, "shortcuts");
  gtk_window_close (GTK_WINDOW (shortcuts));

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  hy_ui_test_settle (200);
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  hy_ui_test_save_screenshot (about, "about");
  gtk_window_destroy (GTK_WINDOW (about));

  hy_ui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  hy_ui_test_init (&argc, &argv);
  g_test_add_func ("/ui/checkout/sale-receipt-refund", test_checkout);
  g_test_add_func ("/ui/checkout/app-windows", test_app_windows);
  ret = g_test_run ();
  return hy_ui_test_finish (ret);
}
