/* test-ui-members.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drives the Members page and a member's own page on the demo database: the list, sorting by
 * RFM class, stage and spend, a search by the middle of a phone number, opening a member and
 * checking their figures against the core, and adding points with a reason; the filters by
 * lifecycle stage and by saved segment.  Saves a PNG of each step.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hy-member-dialog.h"
#include "hy-member-item.h"
#include "hy-member-list-model.h"
#include "hy-member-page.h"
#include "hy-member-store.h"
#include "hy-members-page.h"
#include "hy-checkout-page.h"
#include "hy-coupon-store.h"
#include "hy-error.h"
#include "hy-lifecycle.h"
#include "hy-member-analysis.h"
#include "hy-money.h"
#include "hy-phone.h"
#include "hy-phone-display.h"
#include "hy-points-ledger.h"
#include "hy-purchase-store.h"
#include "hy-rfm.h"
#include "hy-segment.h"
#include "hy-stored-value-ledger.h"
#include "hy-test-util.h"
#include "hy-ui-test-util.h"

#define DEMO_MEMBERS 2000

/* The list shows its results with their first rows; the rest of the first page follows. */
static gboolean
list_idle (gpointer data)
{
  GListModel *results = hy_members_page_get_results (data);

  if (hy_member_list_model_get_loading (HY_MEMBER_LIST_MODEL (results)))
    return FALSE;
  for (guint i = 0; i < MIN (hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results)), 256); i++)
    {
      g_autoptr(HyMemberItem) item = g_list_model_get_item (results, i);

      if (hy_member_item_is_loading (item))
        return FALSE;
    }
  return TRUE;
}

static gboolean
member_idle (gpointer data)
{
  return !hy_member_page_get_loading (data);
}

static HyMemberItem *
loaded_item (GListModel *model,
             guint       position)
{
  HyMemberItem *item = g_list_model_get_item (model, position);

  g_assert_nonnull (item);
  g_assert_false (hy_member_item_is_loading (item));
  return item;
}

/* The mapped row titled @title (AdwPreferencesRow titles are not labels the util can find). */
static gboolean
row_has_value (HyWindow   *window,
               const char *title,
               const char *value)
{
  GtkWidget *row = hy_ui_test_find_row (GTK_WIDGET (window), title);

  return row != NULL && hy_ui_test_find_widget (row, GTK_TYPE_LABEL, value) != NULL;
}

/* The list sorted by @sort through its column header shows the core's order, with each row's
 * class or stage written out. */
static void
assert_sorted_as_core (HyWindow      *window,
                       HyMembersPage *page,
                       HyMemberSort   sort,
                       gboolean       descending)
{
  HyMemberListQuery query = { sort, descending, 0, NULL, NULL };
  GListModel *results = hy_members_page_get_results (page);
  GtkWidget *view = hy_ui_test_find_visible (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW, NULL);
  g_autoptr(HyMemberList) list = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  const HyMemberRow *first;

  hy_members_page_sort_by (page, sort, descending);
  hy_ui_test_wait_until (list_idle, page, "the list by class or stage");
  list = hy_member_list_new (hy_window_get_database (window), &query, NULL, &error);
  g_assert_no_error (error);
  rows = hy_member_list_fetch (list, 0, 100, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 100);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(HyMemberItem) item = loaded_item (results, i);

      g_assert_cmpint (hy_member_item_get_id (item), ==, ((HyMemberRow *) rows->pdata[i])->id);
    }

  /* The demo's analysis classes everyone, and the first rows are of the first class or stage. */
  first = rows->pdata[0];
  g_assert_cmpint (first->rfm_class, >=, 0);
  g_assert_cmpint (first->stage, >=, 0);
  hy_ui_test_settle (200);
  g_assert_nonnull (hy_ui_test_find_visible (view, GTK_TYPE_LABEL,
                                             sort == HY_MEMBER_SORT_STAGE ? hy_stage_get_label (first->stage)
                                                                          : hy_rfm_class_get_label (first->rfm_class)));
}

typedef struct
{
  GtkWidget  *view;
  const char *phone;
} PhoneShown;

static gboolean
phone_shown (gpointer data)
{
  const PhoneShown *shown = data;

  return hy_ui_test_find_visible (shown->view, GTK_TYPE_LABEL, shown->phone) != NULL;
}

static AdwMessageDialog *open_message_dialog (GtkWidget        *widget,
                                              const char       *action,
                                              GVariant         *target);
static void              answer              (AdwMessageDialog *dialog,
                                              const char       *response);

/* The rows of @list_view on screen. */
static guint
mapped_rows (GtkWidget *list_view)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list_view); row != NULL; row = gtk_widget_get_next_sibling (row))
    n += gtk_widget_get_mapped (row);
  return n;
}

static void
test_members_list_and_member (void)
{
  HyWindow *window = hy_ui_test_new_window ();
  HyMembersPage *page;
  HyMemberPage *member_page;
  GListModel *results;
  g_autoptr(HyMemberStore) store = NULL;
  g_autoptr(HyPointsLedger) ledger = NULL;
  g_autoptr(HyMember) member = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *part = NULL;
  HyPointsSummary summary;
  gint64 top_spend, previous = G_MAXINT64;
  gint64 member_id, before_id;
  g_autofree char *before_phone = NULL;
  gboolean found = FALSE;

  hy_window_set_demo_size (window, DEMO_MEMBERS, 20000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-demo", NULL));
  hy_ui_test_wait_until (hy_ui_test_window_idle, window, "the demo");
  store = hy_member_store_new (hy_window_get_database (window));
  ledger = hy_points_ledger_new (hy_window_get_database (window));

  hy_window_show_page (window, "members");
  page = HY_MEMBERS_PAGE (hy_ui_test_find_widget (GTK_WIDGET (window), HY_TYPE_MEMBERS_PAGE, NULL));
  results = hy_members_page_get_results (page);
  hy_ui_test_wait_until (list_idle, page, "the members list");
  g_assert_cmpuint (hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results)), ==, DEMO_MEMBERS);
  hy_ui_test_settle (200);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "members-list");

  /* Rows far down arrive as their page is read. */
  {
    g_autoptr(HyMemberItem) placeholder = g_list_model_get_item (results, DEMO_MEMBERS - 1);
    g_autoptr(HyMemberItem) last = NULL;

    g_assert_true (hy_member_item_is_loading (placeholder));
    hy_ui_test_settle (500);
    last = loaded_item (results, DEMO_MEMBERS - 1);
    g_assert_cmpint (hy_member_item_get_id (last), >, 0);
  }

  /* Scrolled half way down, the rows on screen are filled in as their page arrives. */
  {
    GtkWidget *view = hy_ui_test_find_visible (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW, NULL);
    GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));

    gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_upper (vadjustment) / 2);
    hy_ui_test_settle (500);
    for (guint i = DEMO_MEMBERS / 2 + 1; i <= DEMO_MEMBERS / 2 + 3; i++)
      {
        g_autoptr(HyMemberItem) item = loaded_item (results, i);
        g_autofree char *phone = hy_phone_display (hy_window_get_database (window),
                                                   hy_member_item_get_row (item)->phone);

        PhoneShown shown = { view, phone };

        /* The cells follow their row as it arrives; a slow build (sanitizers) takes a while. */
        hy_ui_test_wait_until (phone_shown, &shown, "the row's phone in the list");
      }
    gtk_adjustment_set_value (vadjustment, 0);
  }

  /* By the dashboard's analysis, which it saved when the demo opened. */
  hy_ui_test_wait_until (hy_ui_test_window_idle, window, "the dashboard's analysis");
  g_assert_cmpint (hy_member_analysis_get_as_of (hy_window_get_database (window)), >=, 0);
  assert_sorted_as_core (window, page, HY_MEMBER_SORT_RFM_CLASS, FALSE);
  assert_sorted_as_core (window, page, HY_MEMBER_SORT_RFM_CLASS, TRUE);
  assert_sorted_as_core (window, page, HY_MEMBER_SORT_STAGE, TRUE);
  assert_sorted_as_core (window, page, HY_MEMBER_SORT_STAGE, FALSE);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "members-by-stage");

  /* Sorted by spend, highest first, through the column header's sorter. */
  hy_members_page_sort_by (page, HY_MEMBER_SORT_SPEND, TRUE);
  hy_ui_test_wait_until (list_idle, page, "the list by spend");
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(HyMemberItem) item = loaded_item (results, i);

      g_assert_cmpint (hy_member_item_get_row (item)->net_spend, <=, previous);
      previous = hy_member_item_get_row (item)->net_spend;
    }
  {
    g_autoptr(HyMemberItem) first = loaded_item (results, 0);

    g_autoptr(HyMemberItem) second = loaded_item (results, 1);

    top_spend = hy_member_item_get_row (first)->net_spend;
    member_id = hy_member_item_get_id (first);
    before_id = hy_member_item_get_id (second);
    before_phone = hy_phone_display (hy_window_get_database (window),
                                     hy_member_item_get_row (second)->phone);
  }
  g_assert_cmpint (top_spend, >, 0);
  hy_ui_test_settle (200);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "members-by-spend");

  /* The middle digits of a phone number find its member. */
  member = hy_member_store_load (store, member_id, &error);
  g_assert_no_error (error);
  part = g_strndup (hy_member_get_phone (member) + 6, 5);
  hy_members_page_search (page, part);
  hy_ui_test_wait_until (list_idle, page, "the search");
  g_assert_cmpuint (hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results)), <, DEMO_MEMBERS);
  for (guint i = 0; i < hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results)); i++)
    {
      g_autoptr(HyMemberItem) item = loaded_item (results, i);

      g_assert_nonnull (strstr (hy_member_item_get_row (item)->phone, part));
      found |= hy_member_item_get_id (item) == member_id;
    }
  g_assert_true (found);
  hy_ui_test_settle (200);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "members-search-middle");

  /* The search reuses the rows' items: the cells show the members found, not those before. */
  {
    GtkWidget *view = hy_ui_test_find_visible (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW, NULL);
    gboolean before_found = FALSE;

    g_assert_nonnull (view);
    for (guint i = 0; i < hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results)); i++)
      {
        g_autoptr(HyMemberItem) item = loaded_item (results, i);
        g_autofree char *phone = hy_phone_display (hy_window_get_database (window),
                                                   hy_member_item_get_row (item)->phone);

        before_found |= hy_member_item_get_id (item) == before_id;
        if (i < 5)
          g_assert_nonnull (hy_ui_test_find_widget (view, GTK_TYPE_LABEL, phone));
      }
    if (!before_found)
      g_assert_null (hy_ui_test_find_visible (view, GTK_TYPE_LABEL, before_phone));
  }

  /* No search keeps the last results' selection; a search that finds a few members, or
   * nobody, keeps the list's row widgets for the next one (GTK would take a long while to build
   * them again), showing only the members found. */
  {
    GtkWidget *view = hy_ui_test_find_visible (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW, NULL);
    GtkSelectionModel *selection = hy_members_page_get_selection (page);
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
    GtkWidget *list_view;
    guint destroyed = 0;

    gtk_selection_model_select_item (selection, 0, TRUE);
    hy_members_page_search (page, "1");
    hy_ui_test_wait_until (list_idle, page, "a search by one digit");
    g_assert_cmpuint (hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results)), >, 256);
    g_assert_true (gtk_bitset_is_empty (gtk_selection_model_get_selection (selection)));
    hy_ui_test_settle (200);

    list_view = hy_ui_test_find_widget (view, GTK_TYPE_LIST_VIEW, NULL);
    g_assert_nonnull (list_view);
    for (GtkWidget *row = gtk_widget_get_first_child (list_view); row != NULL; row = gtk_widget_get_next_sibling (row))
      {
        GtkWidget **kept = g_new (GtkWidget *, 1);

        *kept = row;
        g_object_add_weak_pointer (G_OBJECT (row), (gpointer *) kept);
        g_ptr_array_add (rows, kept);
      }
    g_assert_cmpuint (rows->len, >, 20);

    hy_members_page_search (page, part);
    hy_ui_test_wait_until (list_idle, page, "a search finding a few");
    hy_ui_test_settle (200);
    g_assert_cmpuint (hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results)), <, 20);
    g_assert_cmpuint (mapped_rows (list_view), ==, hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results)));
    hy_ui_test_save_screenshot (GTK_WIDGET (window), "members-search-few");

    /* "Select all" takes the members found, not the rows kept hidden. */
    gtk_selection_model_select_all (selection);
    {
      guint count = hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results));
      g_autofree char *number = hy_count_format (count);
      g_autofree char *body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The tag is added to the %s selected member.",
                                                            "The tag is added to the %s selected members.", count),
                                               number);
      AdwMessageDialog *dialog = open_message_dialog (GTK_WIDGET (page), "members.add-tag", NULL);

      g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, body);
      answer (dialog, "cancel");
    }

    hy_members_page_search (page, "no such member zzz");
    hy_ui_test_wait_until (list_idle, page, "nobody found");
    g_assert_cmpuint (hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results)), ==, 0);
    hy_ui_test_settle (100);
    g_assert_nonnull (hy_ui_test_find_visible (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, _("No Members Found")));
    g_assert_false (gtk_widget_get_sensitive (hy_ui_test_find_widget (GTK_WIDGET (page), GTK_TYPE_BUTTON, _("_Export…"))));

    hy_members_page_search (page, "1");
    hy_ui_test_wait_until (list_idle, page, "the search after nobody");
    hy_ui_test_settle (200);
    g_assert_true (gtk_widget_get_sensitive (hy_ui_test_find_widget (GTK_WIDGET (page), GTK_TYPE_BUTTON, _("_Export…"))));
    for (guint i = 0; i < rows->len; i++)
      {
        GtkWidget **kept = rows->pdata[i];

        if (*kept != NULL)
          g_object_remove_weak_pointer (G_OBJECT (*kept), (gpointer *) kept);
        else
          destroyed++;
      }
    g_assert_cmpuint (destroyed, ==, 0);
    {
      g_autoptr(HyMemberItem) item = loaded_item (results, 0);
      g_autofree char *phone = hy_phone_display (hy_window_get_database (window), hy_member_item_get_row (item)->phone);

      g_assert_nonnull (hy_ui_test_find_visible (view, GTK_TYPE_LABEL, phone));
    }
  }

  /* The member's own page shows the core's figures. */
  hy_members_page_open (page, member_id);
  member_page = hy_members_page_get_member_page (page);
  hy_ui_test_wait_until (member_idle, member_page, "the member page");
  hy_ui_test_settle (200);
  {
    g_autofree char *spend = hy_money_format (hy_member_get_stats (member)->net_spend, TRUE);
    g_autofree char *count = hy_count_format (hy_member_get_stats (member)->purchase_count);
    g_autofree char *balance = NULL;

    g_assert_true (hy_points_ledger_get_summary (ledger, member_id, &summary, &error));
    balance = hy_count_format (summary.balance);
    g_assert_true (row_has_value (window, _("Net spend"), spend));
    g_assert_true (row_has_value (window, _("Purchases"), count));
    g_assert_true (row_has_value (window, _("Points balance"), balance));
  }
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "member-360");

  /* Points added with a reason are on the ledger and on the page. */
  {
    HyPointsSummary after;
    g_autofree char *balance = NULL;

    g_assert_true (hy_member_page_add_points (member_page, 250, "生日礼 birthday gift", &error));
    g_assert_no_error (error);
    hy_ui_test_wait_until (member_idle, member_page, "the member page again");
    hy_ui_test_settle (200);
    g_assert_true (hy_points_ledger_get_summary (ledger, member_id, &after, &error));
    g_assert_cmpint (after.balance, ==, summary.balance + 250);
    balance = hy_count_format (after.balance);
    g_assert_true (row_has_value (window, _("Points balance"), balance));
    {
      /* Translators must keep the sign and number: the test looks for the English text. */
      g_autofree char *event = g_strdup_printf (_("%+lld points: %s"), 250LL, "生日礼 birthday gift");

      g_assert_nonnull (hy_ui_test_find_row (GTK_WIDGET (window), event));
    }
    hy_ui_test_save_screenshot (GTK_WIDGET (window), "member-360-points");
  }

  /* The dialog a clerk uses for the same. */
  {
    GtkWidget *dialog = NULL;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (member_page), "member.add-points", NULL));
    hy_ui_test_wait_until (hy_ui_test_dialog_shown, &dialog, "the add points dialog");
    hy_ui_test_settle (200);
    hy_ui_test_save_screenshot (dialog, "member-add-points");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (member_page), "member.back", NULL));
  hy_ui_test_close_window (window);
}

static gboolean
member_dialog_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (HY_IS_MEMBER_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        {
          *(HyMemberDialog **) data = HY_MEMBER_DIALOG (toplevel);
          return TRUE;
        }
    }
  return FALSE;
}

static HyMemberDialog *
open_member_dialog (GtkWidget  *widget,
                    const char *action)
{
  HyMemberDialog *dialog = NULL;

  g_assert_true (gtk_widget_activate_action (widget, action, NULL));
  hy_ui_test_wait_until (member_dialog_shown, &dialog, "the member dialog");
  hy_ui_test_settle (100);
  return dialog;
}

static void
type_into (GtkWidget  *root,
           const char *title,
           const char *text)
{
  GtkWidget *row = hy_ui_test_find_row (root, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static gboolean
dialog_gone (gpointer data)
{
  HyMemberDialog *dialog = NULL;

  return !member_dialog_shown (&dialog);
}

static AdwMessageDialog *
open_message_dialog (GtkWidget  *widget,
                     const char *action,
                     GVariant   *target)
{
  GtkWidget *dialog = NULL;

  g_assert_true (gtk_widget_activate_action_variant (widget, action, target));
  hy_ui_test_wait_until (hy_ui_test_dialog_shown, &dialog, action);
  hy_ui_test_settle (100);
  return ADW_MESSAGE_DIALOG (dialog);
}

static gboolean
message_dialog_gone (gpointer data)
{
  GtkWidget *dialog = NULL;

  if (hy_ui_test_dialog_shown (&dialog) && g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), "") != 0 &&
      adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "close"))
    g_error ("%s: %s", adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)),
             adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)));
  return dialog == NULL;
}

static void
answer (AdwMessageDialog *dialog,
        const char       *response)
{
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  /* What a click on the button does: the answer, then the dialog goes. */
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  hy_ui_test_wait_until (message_dialog_gone, NULL, "the dialog to close");
}

static gboolean
checkout_has_member (gpointer data)
{
  HyCheckoutPage *checkout = data;

  return hy_checkout_page_get_member_id (checkout) == GPOINTER_TO_SIZE (g_object_get_data (data, "want"));
}

/* From the member's page: top up, issue a coupon, merge another record in (the figures add up),
 * record a sale (the checkout opens with the member), and refund a purchase. */
static void
test_members_actions (HyWindow     *window,
                      HyMemberPage *member_page,
                      gint64        member_id)
{
  HyDatabase *db = hy_window_get_database (window);
  g_autoptr(HyMemberStore) store = hy_member_store_new (db);
  g_autoptr(HyStoredValueLedger) wallet = hy_stored_value_ledger_new (db);
  g_autoptr(HyCouponStore) coupons = hy_coupon_store_new (db);
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (db);
  g_autoptr(HyPurchaseStore) purchases = hy_purchase_store_new (db);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  HyStoredValueBalance balance;
  gint64 bonus;
  gint64 other = 2;

  /* Top up: the bonus the rules give is shown before confirming, and the balance follows. */
  bonus = hy_stored_value_ledger_compute_bonus (wallet, 100000);
  dialog = open_message_dialog (GTK_WIDGET (member_page), "member.top-up", NULL);
  gtk_editable_set_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (dialog), "amount")), "1000");
  {
    g_autofree char *bonus_text = hy_money_format (bonus, TRUE);
    GtkLabel *note = g_object_get_data (G_OBJECT (dialog), "note");

    g_assert_nonnull (strstr (gtk_label_get_label (note), bonus_text));
  }
  hy_ui_test_save_screenshot (GTK_WIDGET (dialog), "member-top-up");
  answer (dialog, "top-up");
  hy_ui_test_wait_until (member_idle, member_page, "the page after the top-up");
  g_assert_true (hy_stored_value_ledger_get_balance (wallet, member_id, &balance, &error));
  g_assert_cmpint (balance.principal, ==, 100000);
  g_assert_cmpint (balance.bonus, ==, bonus);
  {
    g_autofree char *total = hy_money_format (balance.total, TRUE);
    g_autofree char *principal = hy_money_format (balance.principal, TRUE);
    g_autofree char *bonus_text = hy_money_format (balance.bonus, TRUE);
    g_autofree char *text = g_strdup_printf (_("%s (paid in %s, bonus %s)"), total, principal, bonus_text);

    g_assert_true (row_has_value (window, _("Stored value"), text));
  }

  /* Issue a coupon: it is on the member's account and on the page. */
  {
    g_autoptr(HyCouponTemplate) tmpl = hy_coupon_template_new ();
    g_autoptr(GPtrArray) held = NULL;
    g_autofree char *title = NULL;

    g_free (tmpl->name);
    tmpl->name = g_strdup ("满100减20");
    tmpl->kind = HY_COUPON_THRESHOLD_OFF;
    tmpl->amount = 2000;
    tmpl->threshold = 10000;
    tmpl->valid_days = 30;
    g_assert_cmpint (hy_coupon_store_define (coupons, tmpl, &error), >, 0);
    g_assert_no_error (error);
    dialog = open_message_dialog (GTK_WIDGET (member_page), "member.issue-coupon", NULL);
    hy_ui_test_save_screenshot (GTK_WIDGET (dialog), "member-issue-coupon");
    answer (dialog, "issue");
    hy_ui_test_wait_until (member_idle, member_page, "the page after the coupon");
    held = hy_coupon_store_list (coupons, member_id, &error);
    g_assert_cmpuint (held->len, ==, 1);
    title = g_strdup_printf (_("%s · %s"), "满100减20", ((HyCoupon *) held->pdata[0])->code);
    g_assert_nonnull (hy_ui_test_find_row (GTK_WIDGET (window), title));
  }

  /* Merge: search the other record, see both, confirm; the page shows the survivor and the
   * figures add up. */
  {
    g_autoptr(HyMember) before_other = hy_member_store_load (store, other, &error);
    g_autoptr(HyMember) before_self = hy_member_store_load (store, member_id, &error);
    g_autoptr(HyMember) after = NULL;
    HyPointsSummary p_other, p_self, p_after;
    GtkWidget *results;

    g_assert_true (hy_points_ledger_get_summary (points, other, &p_other, &error));
    g_assert_true (hy_points_ledger_get_summary (points, member_id, &p_self, &error));
    dialog = open_message_dialog (GTK_WIDGET (member_page), "member.merge", NULL);
    gtk_editable_set_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (dialog), "search")),
                           hy_member_get_phone (before_other) + 3);
    results = g_object_get_data (G_OBJECT (dialog), "results");
    hy_ui_test_settle (400);   /* the search entry waits a moment before searching */
    g_assert_nonnull (gtk_widget_get_first_child (results));
    hy_ui_test_save_screenshot (GTK_WIDGET (dialog), "member-merge-search");
    g_signal_emit_by_name (results, "row-activated", gtk_list_box_get_row_at_index (GTK_LIST_BOX (results), 0));
    {
      GtkWidget *confirm = NULL;

      hy_ui_test_wait_until (hy_ui_test_dialog_shown, &confirm, "the merge confirmation");
      dialog = ADW_MESSAGE_DIALOG (confirm);
    }
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), hy_member_get_name (before_other)));
    g_assert_false (adw_message_dialog_get_response_enabled (dialog, "merge"));   /* no reason yet */
    gtk_editable_set_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (dialog), "reason")), "同一人登记两次");
    hy_ui_test_save_screenshot (GTK_WIDGET (dialog), "member-merge-confirm");
    answer (dialog, "merge");
    hy_ui_test_wait_until (member_idle, member_page, "the survivor");
    g_assert_cmpint (hy_member_page_get_member (member_page), ==, member_id);
    g_assert_cmpint (hy_member_store_resolve (store, other), ==, member_id);
    after = hy_member_store_load (store, member_id, &error);
    g_assert_cmpint (hy_member_get_stats (after)->purchase_count, ==,
                     hy_member_get_stats (before_other)->purchase_count + hy_member_get_stats (before_self)->purchase_count);
    g_assert_cmpint (hy_member_get_stats (after)->net_spend, ==,
                     hy_member_get_stats (before_other)->net_spend + hy_member_get_stats (before_self)->net_spend);
    g_assert_true (hy_points_ledger_get_summary (points, member_id, &p_after, &error));
    g_assert_cmpint (p_after.balance, ==, p_other.balance + p_self.balance);
    {
      g_autofree char *spend = hy_money_format (hy_member_get_stats (after)->net_spend, TRUE);
      g_autofree char *pts = hy_count_format (p_after.balance);

      g_assert_true (row_has_value (window, _("Net spend"), spend));
      g_assert_true (row_has_value (window, _("Points balance"), pts));
    }
    hy_ui_test_save_screenshot (GTK_WIDGET (window), "member-360-merged");
  }

  /* Refund a purchase from the list: confirmed, then refunded in full. */
  {
    g_autoptr(GPtrArray) sales = hy_purchase_store_list_for_member (purchases, member_id, 50, &error);
    HyTransaction *sale = NULL;

    for (guint i = 0; i < sales->len && sale == NULL; i++)
      if (((HyTransaction *) sales->pdata[i])->kind == HY_TRANSACTION_SALE &&
          ((HyTransaction *) sales->pdata[i])->refunded == 0)
        sale = sales->pdata[i];
    g_assert_nonnull (sale);
    dialog = open_message_dialog (GTK_WIDGET (member_page), "member.refund", g_variant_new_int64 (sale->id));
    hy_ui_test_save_screenshot (GTK_WIDGET (dialog), "member-refund");
    answer (dialog, "refund");
    hy_ui_test_wait_until (member_idle, member_page, "the page after the refund");
    g_assert_cmpint (hy_purchase_store_get_refundable (purchases, sale->id, &error), ==, 0);
    g_assert_no_error (error);
    hy_ui_test_save_screenshot (GTK_WIDGET (window), "member-360-refunded");
  }

  /* Record a sale: the checkout opens with this member identified. */
  {
    HyCheckoutPage *checkout = HY_CHECKOUT_PAGE (hy_ui_test_find_widget (GTK_WIDGET (window), HY_TYPE_CHECKOUT_PAGE, NULL));

    g_object_set_data (G_OBJECT (checkout), "want", GSIZE_TO_POINTER (member_id));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (member_page), "member.record-sale", NULL));
    hy_ui_test_wait_until (checkout_has_member, checkout, "the checkout with the member");
    g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (checkout)));
    hy_ui_test_settle (200);
    hy_ui_test_save_screenshot (GTK_WIDGET (window), "member-record-sale");
  }
}

/* Adds a member through the dialog: a bad phone is refused, a phone someone holds is found with
 * the offer to open them, and a good form saves and opens the new member; then edits it. */
static void
test_members_dialog (void)
{
  HyWindow *window = hy_ui_test_new_window ();
  HyMembersPage *page;
  HyMemberPage *member_page;
  HyMemberDialog *dialog;
  g_autoptr(HyMemberStore) store = NULL;
  g_autoptr(HyMember) existing = NULL;
  g_autoptr(HyMember) added = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *existing_phone = NULL;
  const char *new_phone = "13912345670";
  gint64 new_id;

  hy_window_set_demo_size (window, 300, 3000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-demo", NULL));
  hy_ui_test_wait_until (hy_ui_test_window_idle, window, "the demo");
  store = hy_member_store_new (hy_window_get_database (window));
  hy_window_show_page (window, "members");
  page = HY_MEMBERS_PAGE (hy_ui_test_find_widget (GTK_WIDGET (window), HY_TYPE_MEMBERS_PAGE, NULL));
  member_page = hy_members_page_get_member_page (page);
  hy_ui_test_wait_until (list_idle, page, "the members list");
  existing = hy_member_store_load (store, 1, &error);
  g_assert_no_error (error);
  existing_phone = hy_phone_format (hy_member_get_phone (existing));
  g_assert_cmpint (hy_member_store_find (store, HY_IDENTITY_PHONE, new_phone, &error), ==, 0);

  /* A phone number that is not one: refused, and Save stays off. */
  dialog = open_member_dialog (GTK_WIDGET (page), "members.add-member");
  g_assert_false (hy_member_dialog_get_valid (dialog));   /* empty */
  type_into (GTK_WIDGET (dialog), _("Name"), "王小明");
  type_into (GTK_WIDGET (dialog), _("Phone"), "12345");
  g_assert_false (hy_member_dialog_get_valid (dialog));
  g_assert_true (gtk_widget_has_css_class (hy_ui_test_find_row (GTK_WIDGET (dialog), _("Phone")), "error"));
  g_assert_false (hy_member_dialog_save (dialog, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);
  hy_ui_test_save_screenshot (GTK_WIDGET (dialog), "member-dialog-bad-phone");

  /* Someone's phone, typed another way: found, with the offer to open them. */
  type_into (GTK_WIDGET (dialog), _("Phone"), existing_phone);
  g_assert_cmpint (hy_member_dialog_get_duplicate (dialog), ==, 1);
  g_assert_false (hy_member_dialog_get_valid (dialog));
  g_assert_nonnull (hy_ui_test_find_visible (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, _("_Open")));
  hy_ui_test_save_screenshot (GTK_WIDGET (dialog), "member-dialog-duplicate");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "member-dialog.open-duplicate", NULL));
  hy_ui_test_wait_until (dialog_gone, NULL, "the dialog to close");
  hy_ui_test_wait_until (member_idle, member_page, "the member found");
  g_assert_cmpint (hy_member_page_get_member (member_page), ==, 1);

  /* A good form saves, and the new member's page opens. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (member_page), "member.back", NULL));
  dialog = open_member_dialog (GTK_WIDGET (page), "members.add-member");
  type_into (GTK_WIDGET (dialog), _("Name"), "王小明");
  type_into (GTK_WIDGET (dialog), _("Phone"), "139-1234-5670");
  type_into (GTK_WIDGET (dialog), _("Card number"), "hy 7788");
  type_into (GTK_WIDGET (dialog), _("Birthday, as 1990-02-28 or 02-28"), "1990-02-30");
  g_assert_false (hy_member_dialog_get_valid (dialog));
  type_into (GTK_WIDGET (dialog), _("Birthday, as 1990-02-28 or 02-28"), "1990-02-28");
  type_into (GTK_WIDGET (dialog), _("Tags, separated by commas"), "新客，敏感肌");
  g_assert_true (hy_member_dialog_get_valid (dialog));
  hy_ui_test_save_screenshot (GTK_WIDGET (dialog), "member-dialog-new");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "member-dialog.save", NULL));
  hy_ui_test_wait_until (dialog_gone, NULL, "the dialog to close");
  new_id = hy_member_store_find (store, HY_IDENTITY_PHONE, new_phone, &error);
  g_assert_cmpint (new_id, >, 0);
  g_assert_cmpint (hy_member_store_find (store, HY_IDENTITY_CARD, "HY7788", &error), ==, new_id);
  hy_ui_test_wait_until (member_idle, member_page, "the new member");
  g_assert_cmpint (hy_member_page_get_member (member_page), ==, new_id);
  added = hy_member_store_load (store, new_id, &error);
  g_assert_cmpstr (hy_member_get_name (added), ==, "王小明");
  g_assert_cmpuint (hy_member_get_tags (added)->len, ==, 2);
  hy_ui_test_settle (200);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "member-360-new");

  /* Edit: the form comes filled in, and the change is saved. */
  dialog = open_member_dialog (GTK_WIDGET (member_page), "member.edit");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (hy_ui_test_find_row (GTK_WIDGET (dialog), _("Name")))), ==, "王小明");
  g_assert_true (hy_member_dialog_get_valid (dialog));
  type_into (GTK_WIDGET (dialog), _("Name"), "王晓明");
  type_into (GTK_WIDGET (dialog), _("Email"), "wang@example.com");
  hy_ui_test_save_screenshot (GTK_WIDGET (dialog), "member-dialog-edit");
  g_assert_true (hy_member_dialog_save (dialog, &error));
  g_assert_no_error (error);
  hy_ui_test_wait_until (member_idle, member_page, "the edited member");
  g_clear_object (&added);
  added = hy_member_store_load (store, new_id, &error);
  g_assert_cmpstr (hy_member_get_name (added), ==, "王晓明");
  g_assert_cmpstr (hy_member_get_identity (added, HY_IDENTITY_EMAIL), ==, "wang@example.com");
  g_assert_nonnull (hy_ui_test_find_visible (GTK_WIDGET (member_page), GTK_TYPE_LABEL, "王晓明"));

  test_members_actions (window, member_page, new_id);
  hy_ui_test_close_window (window);
}

static gboolean
selection_listed (gpointer data)
{
  return !hy_members_page_get_selecting (data) && list_idle (data);
}

/* The lines of the file at @path, 0 while it is not there. */
static guint
count_lines (const char *path)
{
  g_autofree char *text = NULL;
  guint n = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  for (const char *c = text; *c != '\0'; c++)
    n += *c == '\n';
  return n;
}

typedef struct
{
  const char *path;
  guint       lines;
} Exported;

static gboolean
exported (gpointer data)
{
  const Exported *e = data;

  return count_lines (e->path) == e->lines;
}

static gboolean
segments_listed (gpointer data)
{
  return g_list_model_get_n_items (gtk_drop_down_get_model (data)) == 3;
}

/* The page's dropdown whose tooltip is @label. */
static GtkDropDown *
page_dropdown (HyMembersPage *page,
               const char    *label)
{
  for (GtkWidget *w = hy_ui_test_find_widget (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN, NULL); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_DROP_DOWN (w) && g_strcmp0 (gtk_widget_get_tooltip_text (w), label) == 0)
      return GTK_DROP_DOWN (w);
  g_assert_not_reached ();
}

static guint64
count_where (HyDatabase *db,
             const char *condition)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM members m LEFT JOIN member_analysis a"
                                          " ON a.member_id = m.id LEFT JOIN member_stats s ON s.member_id = m.id"
                                          " WHERE m.merged_into IS NULL AND %s", condition);

  return hy_test_query_int (db, sql);
}

/* The stage dropdown lists the members of a stage as the dashboard saved it; the segment
 * dropdown those of a segment saved after the page was first shown, alone and with the stage;
 * a segment that cannot be read says so above the list; Show Everyone clears both. */
static void
test_members_stage_and_segment (void)
{
  HyWindow *window = hy_ui_test_new_window ();
  HyDatabase *db;
  HyMembersPage *page;
  GListModel *results;
  GtkDropDown *stages, *segments;
  g_autoptr(HySegment) segment = hy_segment_new ();
  g_autoptr(HySegment) doomed = hy_segment_new ();
  g_autoptr(GError) error = NULL;
  GtkWidget *clear;
  guint64 active, big, both;

  hy_window_set_demo_size (window, 300, 3000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-demo", NULL));
  hy_ui_test_wait_until (hy_ui_test_window_idle, window, "the demo and its analysis");
  db = hy_window_get_database (window);
  g_assert_cmpint (hy_member_analysis_get_as_of (db), >=, 0);
  hy_window_show_page (window, "members");
  page = HY_MEMBERS_PAGE (hy_ui_test_find_widget (GTK_WIDGET (window), HY_TYPE_MEMBERS_PAGE, NULL));
  results = hy_members_page_get_results (page);
  stages = page_dropdown (page, _("Show one lifecycle stage, as the dashboard last analysed the members"));
  segments = page_dropdown (page, _("Show the members of a saved segment"));
  hy_ui_test_wait_until (list_idle, page, "the members list");
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (segments)), ==, 1);

  /* Active, the second stage after Any. */
  active = count_where (db, "a.stage = 2");
  g_assert_cmpint (HY_STAGE_ACTIVE, ==, 2);
  g_assert_cmpuint (active, >, 0);
  gtk_drop_down_set_selected (stages, 2);
  hy_ui_test_wait_until (list_idle, page, "the active members");
  g_assert_cmpuint (hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results)), ==, active);
  g_assert_nonnull (strstr (hy_members_page_get_filter_text (page), hy_stage_get_label (HY_STAGE_ACTIVE)));

  /* Segments saved meanwhile appear when the page is shown again. */
  g_assert_true (hy_segment_add_condition (segment, "spend>=50000", &error));
  g_assert_true (hy_segment_save (segment, db, "大客户 Big", &error));
  g_assert_true (hy_segment_add_condition (doomed, "visits>=2", &error));
  g_assert_true (hy_segment_save (doomed, db, "Doomed", &error));
  g_assert_no_error (error);
  big = count_where (db, "s.net_spend >= 50000");
  both = count_where (db, "s.net_spend >= 50000 AND a.stage = 2");
  g_assert_cmpuint (big, >, both);
  g_assert_cmpuint (both, >, 0);
  hy_window_show_page (window, "dashboard");
  hy_window_show_page (window, "members");
  hy_ui_test_wait_until (segments_listed, segments, "the saved segments");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (segments)), 1), ==, "Doomed");

  gtk_drop_down_set_selected (segments, 2);
  g_assert_true (hy_members_page_get_selecting (page));
  hy_ui_test_wait_until (selection_listed, page, "the segment's members");
  g_assert_cmpuint (hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results)), ==, both);
  g_assert_nonnull (strstr (hy_members_page_get_filter_text (page), "“大客户 Big”"));
  g_assert_nonnull (strstr (hy_members_page_get_filter_text (page), hy_stage_get_label (HY_STAGE_ACTIVE)));
  hy_ui_test_settle (300);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "members-segment-and-stage");

  /* The export writes the members listed: a header and a line each. */
  {
    g_autofree char *path = g_build_filename (g_get_user_data_dir (), "segment-and-stage.csv", NULL);
    Exported e = { path, (guint) both + 1 };

    hy_members_page_export_to (page, path);
    hy_ui_test_wait_until (exported, &e, "the export of the members listed");
  }

  /* A newer choice overtakes one still being worked out. */
  g_assert_cmpuint (count_where (db, "s.purchase_days >= 2 AND a.stage = 2"), !=, both);
  gtk_drop_down_set_selected (segments, 1);
  g_assert_true (hy_members_page_get_selecting (page));
  gtk_drop_down_set_selected (segments, 2);
  hy_ui_test_wait_until (selection_listed, page, "the newer choice");
  hy_ui_test_settle (300);
  g_assert_cmpuint (hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results)), ==, both);
  g_assert_null (strstr (hy_members_page_get_filter_text (page), "Doomed"));

  gtk_drop_down_set_selected (stages, 0);
  hy_ui_test_wait_until (list_idle, page, "the segment's members in every stage");
  g_assert_cmpuint (hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results)), ==, big);

  /* A segment gone since the list was read: why, above the list of everyone, as the segment
   * filter says. */
  hy_test_query_int (db, "DELETE FROM segments WHERE name = 'Doomed' RETURNING 0");
  gtk_drop_down_set_selected (segments, 1);
  hy_ui_test_wait_until (selection_listed, page, "the missing segment");
  {
    /* The whole message as the page words it, in either language. */
    g_autofree char *what = g_strdup_printf (_("Segment “%s”"), "Doomed");
    g_autofree char *failed = g_strdup_printf (_("%1$s: could not list the members. %2$s"), what, "");

    g_assert_true (g_str_has_prefix (hy_members_page_get_filter_text (page), failed));
  }
  g_assert_cmpuint (gtk_drop_down_get_selected (segments), ==, 0);
  hy_ui_test_wait_until (list_idle, page, "everyone after the error");
  g_assert_cmpuint (hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results)), ==, count_where (db, "1"));
  hy_ui_test_settle (300);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "members-segment-error");

  /* Back to everyone. */
  clear = hy_ui_test_find_visible (GTK_WIDGET (page), GTK_TYPE_BUTTON, _("_Show Everyone"));
  g_assert_nonnull (clear);
  g_signal_emit_by_name (clear, "clicked");
  hy_ui_test_wait_until (list_idle, page, "everyone");
  g_assert_cmpuint (hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results)), ==, count_where (db, "1"));
  g_assert_cmpstr (hy_members_page_get_filter_text (page), ==, "");
  g_assert_cmpuint (gtk_drop_down_get_selected (stages), ==, 0);
  hy_ui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  hy_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/members/list-and-member", test_members_list_and_member);
  g_test_add_func ("/ui/members/dialog", test_members_dialog);
  g_test_add_func ("/ui/members/stage-and-segment", test_members_stage_and_segment);

  return hy_ui_test_finish (g_test_run ());
}
