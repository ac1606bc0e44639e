/* test-ui-member-360.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The member page's analysis on the demo database: the RFM class, the stage and the warnings
 * the core gives, "Analysing…" while the store is analysed, the customer model's figures once
 * one is fitted and the member brought up to date after a refund and a sale.  Then staff: a
 * clerk who adds points, refunds (on the page and at the till), voids a coupon, merges or
 * exports is asked for a manager's PIN; a wrong PIN does nothing and the manager's does it.
 * Saves a PNG of each step.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "hy-analysis-snapshot.h"
#include "hy-checkout-page.h"
#include "hy-coupon-store.h"
#include "hy-member-page.h"
#include "hy-member-store.h"
#include "hy-members-page.h"
#include "hy-money.h"
#include "hy-points-ledger.h"
#include "hy-purchase-store.h"
#include "hy-settings-page.h"
#include "hy-staff.h"
#include "hy-test-util.h"
#include "hy-time.h"
#include "hy-ui-test-util.h"
#include "hy-warnings.h"

#define DEMO_MEMBERS      600
#define DEMO_TRANSACTIONS 9000

static gboolean
member_idle (gpointer data)
{
  return !hy_member_page_get_loading (data);
}

static gboolean
analysis_ready (gpointer data)
{
  return !hy_window_get_analysis_busy (data) && hy_window_get_analysis (data) != NULL;
}

/* The store's pages, not the busy page nor the sign-in. */
static gboolean
main_shown (gpointer data)
{
  return !hy_window_get_busy (data) && hy_ui_test_find_row (GTK_WIDGET (data), _("PIN")) == NULL;
}

/* The mapped row titled @title (AdwPreferencesRow titles are not labels the util can find). */
static gboolean
row_has_value (GtkWidget  *root,
               const char *title,
               const char *value)
{
  GtkWidget *row = hy_ui_test_find_row (root, title);

  return row != NULL && hy_ui_test_find_widget (row, GTK_TYPE_LABEL, value) != NULL;
}

static AdwPreferencesGroup *
find_group (GtkWidget  *root,
            const char *title)
{
  if (ADW_IS_PREFERENCES_GROUP (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (root)), title) == 0)
    return ADW_PREFERENCES_GROUP (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      AdwPreferencesGroup *found = find_group (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Scrolls the member page so that @group is at the top, for its picture. */
static void
scroll_to (AdwPreferencesGroup *group)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (group), GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *child = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  double x, y;

  g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (group), child, 0, 0, &x, &y));
  /* y is where the group is on screen now, below the part already scrolled by. */
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + y - 12);
  hy_ui_test_settle (200);
}

static AdwMessageDialog *
wait_dialog (const char *what)
{
  GtkWidget *dialog = NULL;

  hy_ui_test_wait_until (hy_ui_test_dialog_shown, &dialog, what);
  hy_ui_test_settle (100);
  return ADW_MESSAGE_DIALOG (dialog);
}

static gboolean
no_dialog (gpointer data)
{
  GtkWidget *dialog = NULL;

  return !hy_ui_test_dialog_shown (&dialog);
}

/* What a click on the button does: the answer, then the dialog goes. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  hy_ui_test_settle (50);
}

static AdwMessageDialog *
open_dialog (GtkWidget  *widget,
             const char *action,
             GVariant   *target)
{
  g_assert_true (gtk_widget_activate_action_variant (widget, action, target));
  return wait_dialog (action);
}

/* ---- The till, for a sale and a refund there ---- */

static gboolean
till_idle (gpointer data)
{
  return !hy_checkout_page_get_busy (data);
}

static gboolean
till_has_member (gpointer data)
{
  return !hy_checkout_page_get_busy (data) &&
         hy_checkout_page_get_member_id (data) == GPOINTER_TO_SIZE (g_object_get_data (data, "want"));
}

static void
wait_till (HyCheckoutPage *till)
{
  hy_ui_test_wait_until (till_idle, till, "the till");
  hy_ui_test_settle (50);
}

/* The till's entry with this placeholder (its entries have no visible label). */
static GtkWidget *
till_entry (GtkWidget  *root,
            const char *placeholder)
{
  if (GTK_IS_ENTRY (root) && g_strcmp0 (gtk_entry_get_placeholder_text (GTK_ENTRY (root)), placeholder) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = till_entry (child, placeholder);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* From the member's page, Record a Sale: the till opens with the member, one item is rung up and
 * the sale confirmed.  Returns the sale's id. */
static gint64
sell_from_member_page (HyWindow     *window,
                       HyMemberPage *page,
                       gint64        member_id)
{
  HyCheckoutPage *till = HY_CHECKOUT_PAGE (hy_ui_test_find_widget (GTK_WIDGET (window), HY_TYPE_CHECKOUT_PAGE, NULL));
  const struct { const char *placeholder; const char *text; } fields[] = {
    { N_("SKU"), "C3" }, { N_("Item name"), "Mask 面膜" }, { N_("Category"), "护肤" }, { N_("Unit price"), "88.00" },
  };
  gint64 before = hy_checkout_page_get_receipt (till) != NULL ? hy_checkout_page_get_receipt (till)->transaction_id : 0;

  g_object_set_data (G_OBJECT (till), "want", GSIZE_TO_POINTER (member_id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "member.record-sale", NULL));
  hy_ui_test_wait_until (till_has_member, till, "the till with the member");
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GtkWidget *entry = till_entry (GTK_WIDGET (till), _(fields[i].placeholder));

      g_assert_nonnull (entry);
      gtk_editable_set_text (GTK_EDITABLE (entry), fields[i].text);
    }
  /* Enter in the price adds the item, as at the till. */
  g_signal_emit_by_name (till_entry (GTK_WIDGET (till), _("Unit price")), "activate");
  wait_till (till);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (till), "checkout.confirm", NULL));
  wait_till (till);
  g_assert_nonnull (hy_checkout_page_get_receipt (till));
  g_assert_cmpint (hy_checkout_page_get_receipt (till)->transaction_id, >, before);
  g_assert_cmpint (hy_checkout_page_get_receipt (till)->member_id, ==, member_id);
  return hy_checkout_page_get_receipt (till)->transaction_id;
}

/* The till's refund of the sale on its receipt, up to the confirmation. */
static void
ask_till_refund (HyWindow *window)
{
  HyCheckoutPage *till = HY_CHECKOUT_PAGE (hy_ui_test_find_widget (GTK_WIDGET (window), HY_TYPE_CHECKOUT_PAGE, NULL));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (till), "checkout.refund-receipt", NULL));
  wait_till (till);
  respond (open_dialog (GTK_WIDGET (till), "checkout.refund-selected", NULL), "refund");
}

static gint64
today (HyDatabase *db)
{
  return hy_time_local_day (hy_database_get_time_zone (db), hy_time_now ());
}

static HyMembersPage *
members_page (HyWindow *window)
{
  hy_window_show_page (window, "members");
  return HY_MEMBERS_PAGE (hy_ui_test_find_widget (GTK_WIDGET (window), HY_TYPE_MEMBERS_PAGE, NULL));
}

static HyMemberPage *
open_member (HyWindow *window,
             gint64    member_id)
{
  HyMembersPage *page = members_page (window);
  HyMemberPage *member_page = hy_members_page_get_member_page (page);

  hy_members_page_open (page, member_id);
  hy_ui_test_wait_until (member_idle, member_page, "the member page");
  hy_ui_test_settle (200);
  return member_page;
}

/* The page shows what a full run of the core says of the member. */
static void
assert_analysis_shown (HyWindow              *window,
                       gint64                 member_id,
                       const HyCustomerModel *model)
{
  HyDatabase *db = hy_window_get_database (window);
  g_autoptr(GError) error = NULL;
  g_autoptr(HyAnalysisSnapshot) expected = hy_analysis_snapshot_new (db, today (db), model, &error);
  HySnapshotMember member;

  g_assert_no_error (error);
  g_assert_true (hy_analysis_snapshot_get_member (expected, member_id, &member));
  g_assert_nonnull (find_group (GTK_WIDGET (window), _("Analysis")));
  g_assert_true (row_has_value (GTK_WIDGET (window), _("RFM class"), hy_rfm_class_get_label (member.rfm.klass)));
  g_assert_true (row_has_value (GTK_WIDGET (window), _("Lifecycle stage"), hy_stage_get_label (member.stage)));
  g_assert_nonnull (find_group (GTK_WIDGET (window), _("Churn Warnings")));
  for (guint i = 0; i < member.warnings->len; i++)
    {
      HyWarning *warning = g_ptr_array_index (member.warnings, i);
      GtkWidget *row = hy_ui_test_find_row (GTK_WIDGET (window), hy_warning_get_reason (warning));

      g_assert_nonnull (row);
      g_assert_nonnull (hy_ui_test_find_widget (row, GTK_TYPE_LABEL, hy_warning_priority_get_label (warning->priority)));
    }
  if (member.warnings->len == 0)
    g_assert_nonnull (hy_ui_test_find_row (GTK_WIDGET (window), _("No warnings")));

  if (model == NULL)
    g_assert_nonnull (hy_ui_test_find_row (GTK_WIDGET (window), _("No customer model fitted yet")));
  else
    {
      HySnapshotForecast forecast;
      g_autofree char *p_alive = NULL;
      g_autofree char *clv = NULL;

      g_assert_null (hy_ui_test_find_row (GTK_WIDGET (window), _("No customer model fitted yet")));
      g_assert_true (hy_analysis_snapshot_get_forecast (expected, member_id, 90, &forecast));
      g_assert_cmpfloat (forecast.p_alive, >=, 0.005);
      g_assert_cmpfloat (forecast.p_alive, <, 0.995);
      p_alive = g_strdup_printf (_("%.0f%%"), 100 * forecast.p_alive);
      g_assert_true (row_has_value (GTK_WIDGET (window), _("P(alive)"), p_alive));
      clv = hy_money_format ((gint64) llround (forecast.clv), TRUE);
      g_assert_true (row_has_value (GTK_WIDGET (window), _("Customer lifetime value (CLV)"), clv));
    }
}

/* A member with warnings, several purchases and not yet lost: one a clerk would call, whose
 * P(alive) the model puts neither at nil nor at certainty. */
/* A full run of the core with the saved model, if any: the window keeps only a compact one. */
static HyAnalysisSnapshot *
full_analysis (HyWindow        *window,
               HyCustomerModel *model)
{
  HyDatabase *db = hy_window_get_database (window);
  g_autoptr(GError) error = NULL;
  HyAnalysisSnapshot *analysis;

  analysis = hy_analysis_snapshot_new (db, today (db), hy_customer_model_load (db, model) ? model : NULL, &error);
  g_assert_no_error (error);
  return analysis;
}

static gint64
member_with_warnings (HyWindow *window)
{
  HyCustomerModel model;
  g_autoptr(HyAnalysisSnapshot) analysis = full_analysis (window, &model);
  GPtrArray *warnings = hy_analysis_snapshot_get_warnings (analysis);

  g_assert_cmpuint (warnings->len, >, 0);
  for (guint i = 0; i < warnings->len; i++)
    {
      gint64 id = ((HyWarning *) g_ptr_array_index (warnings, i))->member_id;
      HySnapshotMember member;

      g_assert_true (hy_analysis_snapshot_get_member (analysis, id, &member));
      if (member.stage == HY_STAGE_SLEEPING && member.rfm.frequency >= 3 && member.warnings->len >= 2)
        return id;
    }
  /* Some other day's demo may have no such member: the most urgent one will do. */
  return ((HyWarning *) g_ptr_array_index (warnings, 0))->member_id;
}

/* With a model: a member with warnings whose P(alive) is neither nil nor certain. */
static gint64
member_in_doubt (HyWindow *window)
{
  HyCustomerModel model;
  g_autoptr(HyAnalysisSnapshot) analysis = full_analysis (window, &model);
  GPtrArray *warnings = hy_analysis_snapshot_get_warnings (analysis);

  for (guint i = 0; i < warnings->len; i++)
    {
      gint64 id = ((HyWarning *) g_ptr_array_index (warnings, i))->member_id;
      HySnapshotForecast forecast;

      g_assert_true (hy_analysis_snapshot_get_forecast (analysis, id, 90, &forecast));
      if (forecast.p_alive > 0.2 && forecast.p_alive < 0.8 && !isnan (forecast.clv))
        return id;
    }
  for (guint i = 0; i < warnings->len; i++)
    {
      gint64 id = ((HyWarning *) g_ptr_array_index (warnings, i))->member_id;
      HySnapshotForecast forecast;

      g_assert_true (hy_analysis_snapshot_get_forecast (analysis, id, 90, &forecast));
      if (forecast.p_alive >= 0.005 && forecast.p_alive < 0.995 && !isnan (forecast.clv))
        return id;
    }
  g_assert_not_reached ();
}

static void
test_member_analysis (void)
{
  HyWindow *window = hy_ui_test_new_window ();
  HyDatabase *db;
  HyMemberPage *page;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  HyCustomerModel model;
  gint64 member_id;

  hy_window_set_demo_size (window, DEMO_MEMBERS, DEMO_TRANSACTIONS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-demo", NULL));
  hy_ui_test_wait_until (hy_ui_test_window_idle, window, "the demo");
  hy_ui_test_wait_until (analysis_ready, window, "the analysis");
  db = hy_window_get_database (window);
  path = g_strdup (hy_database_get_path (db));

  /* The class, the stage and every warning with its reason and priority, as the core says. */
  member_id = member_with_warnings (window);
  page = open_member (window, member_id);
  assert_analysis_shown (window, member_id, NULL);
  scroll_to (find_group (GTK_WIDGET (window), _("Analysis")));
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "member-360-analysis");
  scroll_to (find_group (GTK_WIDGET (window), _("Churn Warnings")));
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "member-360-warnings");

  /* Saved settings (warning thresholds, the RFM window) analyse the store again: meanwhile the
   * group says so, and then shows the new figures. */
  g_signal_emit_by_name (hy_ui_test_find_widget (GTK_WIDGET (window), HY_TYPE_SETTINGS_PAGE, NULL), "changed");
  g_assert_true (hy_window_get_analysis_busy (window));
  g_assert_nonnull (hy_ui_test_find_row (GTK_WIDGET (window), _("Analysing…")));
  g_assert_null (find_group (GTK_WIDGET (window), _("Churn Warnings")));
  hy_ui_test_wait_until (analysis_ready, window, "the analysis again");
  hy_ui_test_settle (100);
  g_assert_null (hy_ui_test_find_row (GTK_WIDGET (window), _("Analysing…")));
  assert_analysis_shown (window, member_id, NULL);

  /* A fitted model: the database opened again analyses with it. */
  {
    g_autoptr(HyAnalysisData) data = hy_analysis_data_load (db, today (db), 0, &error);

    g_assert_no_error (error);
    g_assert_true (hy_customer_model_fit (data, today (db), HY_TIME_UNIT_WEEK, &model, &error));
    g_assert_no_error (error);
    g_assert_true (hy_customer_model_save (db, &model, &error));
    g_assert_no_error (error);
  }
  hy_window_open_database (window, path);
  hy_ui_test_wait_until (main_shown, window, "the database again");
  db = hy_window_get_database (window);
  page = open_member (window, member_id);
  hy_ui_test_wait_until (analysis_ready, window, "the analysis with the model");
  hy_ui_test_settle (100);
  g_assert_null (hy_ui_test_find_row (GTK_WIDGET (window), _("Analysing…")));
  g_assert_null (hy_ui_test_find_row (GTK_WIDGET (window), _("No customer model fitted yet")));
  member_id = member_in_doubt (window);
  page = open_member (window, member_id);
  assert_analysis_shown (window, member_id, &model);
  scroll_to (find_group (GTK_WIDGET (window), _("Analysis")));
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "member-360-model");

  /* A refund from the page brings this member's figures up to date at once. */
  {
    g_autoptr(HyPurchaseStore) purchases = hy_purchase_store_new (db);
    g_autoptr(GPtrArray) sales = hy_purchase_store_list_for_member (purchases, member_id, 50, &error);
    HySnapshotMember now;
    HyTransaction *sale = NULL;
    const char *description;

    for (guint i = 0; i < sales->len && sale == NULL; i++)
      if (((HyTransaction *) sales->pdata[i])->kind == HY_TRANSACTION_SALE &&
          ((HyTransaction *) sales->pdata[i])->refunded == 0)
        sale = sales->pdata[i];
    g_assert_nonnull (sale);
    respond (open_dialog (GTK_WIDGET (page), "member.refund", g_variant_new_int64 (sale->id)), "refund");
    hy_ui_test_wait_until (member_idle, page, "the page after the refund");
    hy_ui_test_wait_until (no_dialog, NULL, "no dialog");
    g_assert_cmpint (hy_purchase_store_get_refundable (purchases, sale->id, &error), ==, 0);
    g_assert_true (hy_analysis_snapshot_get_member (hy_window_get_analysis (window), member_id, &now));
    g_assert_true (now.refreshed);
    description = adw_preferences_group_get_description (find_group (GTK_WIDGET (window), _("Analysis")));
    {
      GTimeZone *tz = hy_database_get_time_zone (db);
      gint32 day = hy_analysis_data_get_as_of (hy_analysis_snapshot_get_data (hy_window_get_analysis (window)));
      g_autofree char *date = hy_time_format_local (tz, hy_time_day_start (tz, day), FALSE);
      g_autofree char *expected = g_strdup_printf (_("As of %s, with this member’s latest sales and refunds"), date);

      g_assert_cmpstr (description, ==, expected);
    }
    assert_analysis_shown (window, member_id, &model);
  }

  /* So does a sale recorded from the page, at the till. */
  {
    HySnapshotMember now;

    sell_from_member_page (window, page, member_id);
    g_assert_true (hy_analysis_snapshot_get_member (hy_window_get_analysis (window), member_id, &now));
    g_assert_cmpint (now.rfm.recency, ==, 0);
    g_assert_cmpuint (now.rfm.r_score, ==, 5);
    members_page (window);
    hy_ui_test_settle (200);
    g_assert_true (row_has_value (GTK_WIDGET (window), _("Recency score"), _("Bought today")));
    assert_analysis_shown (window, member_id, &model);
  }

  hy_ui_test_close_window (window);
}

/* Signs in through the window's sign-in page. */
static void
sign_in (HyWindow   *window,
         const char *name,
         const char *pin)
{
  AdwComboRow *who;
  GListModel *names;
  GtkWidget *button;
  guint i;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.switch-staff", NULL));
  hy_ui_test_settle (100);
  who = ADW_COMBO_ROW (hy_ui_test_find_row (GTK_WIDGET (window), _("Name")));
  g_assert_nonnull (who);
  names = adw_combo_row_get_model (who);
  for (i = 0; i < g_list_model_get_n_items (names); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (names, i);

      if (g_str_equal (gtk_string_object_get_string (item), name))
        break;
    }
  g_assert_cmpuint (i, <, g_list_model_get_n_items (names));
  adw_combo_row_set_selected (who, i);
  gtk_editable_set_text (GTK_EDITABLE (hy_ui_test_find_row (GTK_WIDGET (window), _("PIN"))), pin);
  button = hy_ui_test_find_visible (GTK_WIDGET (window), GTK_TYPE_BUTTON, _("_Sign In"));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  hy_ui_test_wait_until (main_shown, window, "the main pages");
}

/* The manager's approval, asked for a clerk: heading, what is asked, a manager to choose, a
 * PIN. */
static AdwMessageDialog *
wait_approval (const char *what)
{
  AdwMessageDialog *dialog = wait_dialog ("the manager's approval");

  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("Manager Approval Needed"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), what));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "小李"));
  g_assert_nonnull (hy_ui_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW, NULL));
  return dialog;
}

static void
approve_with (AdwMessageDialog *dialog,
              const char       *pin)
{
  GtkWidget *row = hy_ui_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW, NULL);

  gtk_editable_set_text (GTK_EDITABLE (row), pin);
  respond (dialog, "approve");
}

/* Adds points through the page's dialog, up to the manager's approval. */
static AdwMessageDialog *
ask_add_points (HyMemberPage *page,
                gint64        points)
{
  AdwMessageDialog *dialog = open_dialog (GTK_WIDGET (page), "member.add-points", NULL);

  gtk_spin_button_set_value (g_object_get_data (G_OBJECT (dialog), "points"), points);
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "reason"), "投诉补偿");
  respond (dialog, "add");
  return wait_approval (_("Adjusting points by hand"));
}

static void
test_clerk_needs_manager (void)
{
  HyWindow *window = hy_ui_test_new_window ();
  HyDatabase *db;
  HyMemberPage *page;
  g_autoptr(HyPointsLedger) points = NULL;
  g_autoptr(HyCouponStore) coupons = NULL;
  g_autoptr(HyPurchaseStore) purchases = NULL;
  g_autoptr(HyMemberStore) members = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) held = NULL;
  g_autofree char *export_path = NULL;
  AdwMessageDialog *dialog;
  HyPointsSummary before, after;
  gint64 member_id = 1, other = 2;
  gint64 sale_id = 0;

  hy_window_set_demo_size (window, 300, 3000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-demo", NULL));
  hy_ui_test_wait_until (hy_ui_test_window_idle, window, "the demo");
  db = hy_window_get_database (window);
  points = hy_points_ledger_new (db);
  coupons = hy_coupon_store_new (db);
  purchases = hy_purchase_store_new (db);
  members = hy_member_store_new (db);

  /* A coupon to void and a sale to refund, set up by the owner. */
  {
    g_autoptr(HyCouponTemplate) tmpl = hy_coupon_template_new ();
    g_autoptr(GPtrArray) sales = hy_purchase_store_list_for_member (purchases, member_id, 50, &error);

    g_free (tmpl->name);
    tmpl->name = g_strdup ("立减10");
    tmpl->kind = HY_COUPON_AMOUNT_OFF;
    tmpl->amount = 1000;
    tmpl->valid_days = 30;
    tmpl->id = hy_coupon_store_define (coupons, tmpl, &error);
    g_assert_no_error (error);
    g_clear_pointer (&held, g_ptr_array_unref);
    held = hy_coupon_store_issue (coupons, tmpl->id, &member_id, 1, "ui-coupon", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (held->len, ==, 1);
    for (guint i = 0; i < sales->len && sale_id == 0; i++)
      if (((HyTransaction *) sales->pdata[i])->kind == HY_TRANSACTION_SALE &&
          ((HyTransaction *) sales->pdata[i])->refunded == 0)
        sale_id = ((HyTransaction *) sales->pdata[i])->id;
    g_assert_cmpint (sale_id, >, 0);
  }

  g_assert_cmpint (hy_staff_add (db, "王店长", HY_STAFF_MANAGER, "8642", &error), >, 0);
  g_assert_cmpint (hy_staff_add (db, "小李", HY_STAFF_CLERK, "1357", &error), >, 0);
  g_assert_no_error (error);
  sign_in (window, "小李", "1357");
  g_assert_cmpint (hy_window_get_staff (window)->role, ==, HY_STAFF_CLERK);
  page = open_member (window, member_id);
  g_assert_true (hy_points_ledger_get_summary (points, member_id, &before, &error));

  /* Adding points asks for a manager; a wrong PIN adds nothing. */
  dialog = ask_add_points (page, 100);
  hy_ui_test_save_screenshot (GTK_WIDGET (dialog), "member-manager-approval");
  approve_with (dialog, "0000");
  dialog = wait_dialog ("the refusal");
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("Not Approved"));
  hy_ui_test_save_screenshot (GTK_WIDGET (dialog), "member-manager-not-approved");
  respond (dialog, "close");
  hy_ui_test_wait_until (member_idle, page, "the page");
  g_assert_true (hy_points_ledger_get_summary (points, member_id, &after, &error));
  g_assert_cmpint (after.balance, ==, before.balance);

  /* Cancelled: nothing either. */
  respond (ask_add_points (page, 100), "cancel");
  hy_ui_test_wait_until (no_dialog, NULL, "no dialog");
  g_assert_true (hy_points_ledger_get_summary (points, member_id, &after, &error));
  g_assert_cmpint (after.balance, ==, before.balance);

  /* The manager's PIN: the points are added, once. */
  approve_with (ask_add_points (page, 100), "8642");
  hy_ui_test_wait_until (no_dialog, NULL, "no dialog");
  hy_ui_test_wait_until (member_idle, page, "the page after the points");
  g_assert_true (hy_points_ledger_get_summary (points, member_id, &after, &error));
  g_assert_cmpint (after.balance, ==, before.balance + 100);
  {
    g_autofree char *balance = hy_count_format (after.balance);

    g_assert_true (row_has_value (GTK_WIDGET (window), _("Points balance"), balance));
  }

  /* A refund, a void and a merge ask too; refused, each leaves everything as it was. */
  respond (open_dialog (GTK_WIDGET (page), "member.refund", g_variant_new_int64 (sale_id)), "refund");
  respond (wait_approval (_("A refund")), "cancel");
  hy_ui_test_wait_until (no_dialog, NULL, "no dialog");
  g_assert_cmpint (hy_purchase_store_get_refundable (purchases, sale_id, &error), >, 0);

  dialog = open_dialog (GTK_WIDGET (page), "member.void-coupon",
                        g_variant_new_string (((HyCoupon *) held->pdata[0])->code));
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "reason"), "发错了");
  hy_ui_test_save_screenshot (GTK_WIDGET (dialog), "member-void-coupon");
  respond (dialog, "void");
  approve_with (wait_approval (_("Voiding a coupon")), "0000");
  respond (wait_dialog ("the refusal"), "close");
  hy_ui_test_wait_until (no_dialog, NULL, "no dialog");
  {
    g_autoptr(GPtrArray) now = hy_coupon_store_list (coupons, member_id, &error);

    g_assert_cmpint (((HyCoupon *) now->pdata[0])->state, ==, HY_COUPON_ISSUED);
  }

  hy_member_page_ask_merge (page, member_id, other);
  dialog = wait_dialog ("the merge");
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "reason"), "同一人");
  respond (dialog, "merge");
  respond (wait_approval (_("Merging two member records")), "cancel");
  hy_ui_test_wait_until (no_dialog, NULL, "no dialog");
  g_assert_cmpint (hy_member_store_resolve (members, other), ==, other);

  /* With the manager's PIN the void and the refund are done. */
  dialog = open_dialog (GTK_WIDGET (page), "member.void-coupon",
                        g_variant_new_string (((HyCoupon *) held->pdata[0])->code));
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "reason"), "发错了");
  respond (dialog, "void");
  approve_with (wait_approval (_("Voiding a coupon")), "8642");
  hy_ui_test_wait_until (no_dialog, NULL, "no dialog");
  hy_ui_test_wait_until (member_idle, page, "the page after the void");
  {
    g_autoptr(GPtrArray) now = hy_coupon_store_list (coupons, member_id, &error);

    g_assert_cmpint (((HyCoupon *) now->pdata[0])->state, ==, HY_COUPON_VOID);
  }
  respond (open_dialog (GTK_WIDGET (page), "member.refund", g_variant_new_int64 (sale_id)), "refund");
  approve_with (wait_approval (_("A refund")), "8642");
  hy_ui_test_wait_until (no_dialog, NULL, "no dialog");
  hy_ui_test_wait_until (member_idle, page, "the page after the refund");
  g_assert_cmpint (hy_purchase_store_get_refundable (purchases, sale_id, &error), ==, 0);

  /* At the till too: the clerk sells alone, but the refund asks, and the till does it only with
   * the manager's PIN. */
  {
    gint64 till_sale = sell_from_member_page (window, page, member_id);
    HyCheckoutPage *till = HY_CHECKOUT_PAGE (hy_ui_test_find_widget (GTK_WIDGET (window), HY_TYPE_CHECKOUT_PAGE, NULL));

    ask_till_refund (window);
    dialog = wait_approval (_("A refund"));
    hy_ui_test_save_screenshot (GTK_WIDGET (dialog), "checkout-manager-approval");
    approve_with (dialog, "0000");
    respond (wait_dialog ("the refusal"), "close");
    hy_ui_test_wait_until (no_dialog, NULL, "no dialog");
    wait_till (till);
    g_assert_cmpint (hy_purchase_store_get_refundable (purchases, till_sale, &error), >, 0);
    g_assert_null (hy_checkout_page_get_refund (till));

    ask_till_refund (window);
    approve_with (wait_approval (_("A refund")), "8642");
    hy_ui_test_wait_until (no_dialog, NULL, "no dialog");
    wait_till (till);
    g_assert_cmpint (hy_purchase_store_get_refundable (purchases, till_sale, &error), ==, 0);
    g_assert_nonnull (hy_checkout_page_get_refund (till));
  }

  /* Exporting the members asks before the file is even chosen. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "member.back", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (members_page (window)), "members.export", NULL));
  respond (wait_approval (_("Exporting")), "cancel");
  hy_ui_test_wait_until (no_dialog, NULL, "no dialog");
  /* ... and the clerk's export without an approval writes nothing: the core says no. */
  export_path = g_build_filename (g_get_user_data_dir (), "clerk-export.csv", NULL);
  hy_members_page_export_to (members_page (window), export_path);
  hy_ui_test_settle (1000);
  g_assert_false (g_file_test (export_path, G_FILE_TEST_EXISTS));

  /* A manager signed in is not asked. */
  sign_in (window, "王店长", "8642");
  page = open_member (window, member_id);
  g_assert_true (hy_points_ledger_get_summary (points, member_id, &before, &error));
  dialog = open_dialog (GTK_WIDGET (page), "member.add-points", NULL);
  gtk_spin_button_set_value (g_object_get_data (G_OBJECT (dialog), "points"), 50);
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "reason"), "店长补偿");
  respond (dialog, "add");
  hy_ui_test_wait_until (no_dialog, NULL, "no dialog");
  hy_ui_test_wait_until (member_idle, page, "the page after the manager's points");
  g_assert_true (hy_points_ledger_get_summary (points, member_id, &after, &error));
  g_assert_cmpint (after.balance, ==, before.balance + 50);

  hy_ui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  hy_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/member-360/analysis", test_member_analysis);
  g_test_add_func ("/ui/member-360/clerk-needs-manager", test_clerk_needs_manager);

  return hy_ui_test_finish (g_test_run ());
}
