/* test-ui-warnings.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drives the Warnings page on the demo database: the work list sorted by priority and value
 * against the core's, the priority filter, recording a call so that the member leaves the
 * list, and the call list saved as a PDF; the dashboard's warnings and top-members bars clicked
 * through to the Warnings page and a member's page.  Saves a PNG of each step.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "hy-chart-view.h"
#include "hy-dashboard.h"
#include "hy-dashboard-page.h"
#include "hy-member-page.h"
#include "hy-member-store.h"
#include "hy-members-page.h"
#include "hy-phone.h"
#include "hy-points-ledger.h"
#include "hy-staff.h"
#include "hy-test-util.h"
#include "hy-time.h"
#include "hy-ui-test-util.h"
#include "hy-warning-item.h"
#include "hy-warnings-page.h"
#include "hy-work-list.h"

#define DEMO_MEMBERS 2000

static gboolean
page_idle (gpointer data)
{
  return !hy_warnings_page_get_loading (data);
}

static gboolean
task_done (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static int
compare_by_priority (gconstpointer a,
                     gconstpointer b)
{
  const HyWorkItem *x = *(HyWorkItem * const *) a, *y = *(HyWorkItem * const *) b;

  if (x->priority != y->priority)
    return x->priority < y->priority ? -1 : 1;
  if (x->value != y->value)
    return x->value > y->value ? -1 : 1;
  return (x->member_id > y->member_id) - (x->member_id < y->member_id);
}

/* The page's call list as text, through a PDF saved by the page. */
static char *
call_list_text (HyWarningsPage *page,
                const char     *name)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };
  int status;

  hy_warnings_page_save_call_list_async (page, path, FALSE, store_result_cb, &result);
  hy_ui_test_wait_until (task_done, &result, "the call list PDF");
  g_assert_true (hy_warnings_page_save_call_list_finish (page, result, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &text, NULL, &status, &error));
  g_assert_no_error (error);
  hy_test_remove_tree (dir);
  return g_steal_pointer (&text);
}

static HyWarningItem *
entry (HyWarningsPage *page,
       guint           position)
{
  HyWarningItem *item = g_list_model_get_item (hy_warnings_page_get_entries (page), position);

  g_assert_nonnull (item);
  return item;
}

static HyWarningsPage *
open_warnings (HyWindow *window)
{
  HyWarningsPage *page;

  hy_window_show_page (window, "warnings");
  page = HY_WARNINGS_PAGE (hy_ui_test_find_widget (GTK_WIDGET (window), HY_TYPE_WARNINGS_PAGE, NULL));
  hy_ui_test_settle (50);
  hy_ui_test_wait_until (page_idle, page, "the work list");
  return page;
}

static gboolean
dashboard_idle (gpointer data)
{
  return !hy_dashboard_page_get_loading (data);
}

static gboolean
member_page_idle (gpointer data)
{
  return !hy_member_page_get_loading (data);
}

/* The chart of the dashboard's card titled @title. */
static GtkWidget *
dashboard_chart (GtkWidget  *dashboard,
                 const char *title)
{
  GtkWidget *chart = hy_ui_test_find_widget (dashboard, HY_TYPE_CHART_VIEW, NULL);
  GtkWidget *card = gtk_widget_get_parent (gtk_widget_get_parent (chart));

  for (; card != NULL; card = gtk_widget_get_next_sibling (card))
    {
      GtkWidget *header = gtk_widget_get_first_child (card);
      GtkWidget *label = header != NULL ? gtk_widget_get_first_child (header) : NULL;

      if (GTK_IS_LABEL (label) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), title) == 0)
        return hy_ui_test_find_widget (card, HY_TYPE_CHART_VIEW, NULL);
    }
  return NULL;
}

/* The dashboard's bars of the warnings due today open the Warnings page on that priority, whose
 * dropdown shows it and shows every priority again; a top member's bar opens their page. */
static void
test_dashboard_clicks (HyWindow *window)
{
  HyDatabase *db = hy_window_get_database (window);
  GtkWidget *dashboard = hy_ui_test_find_widget (GTK_WIDGET (window), HY_TYPE_DASHBOARD_PAGE, NULL);
  HyMembersPage *members_page = HY_MEMBERS_PAGE (hy_ui_test_find_widget (GTK_WIDGET (window), HY_TYPE_MEMBERS_PAGE, NULL));
  HyMemberPage *member_page = hy_members_page_get_member_page (members_page);
  HyWarningsPage *page = HY_WARNINGS_PAGE (hy_ui_test_find_widget (GTK_WIDGET (window), HY_TYPE_WARNINGS_PAGE, NULL));
  GtkDropDown *dropdown = GTK_DROP_DOWN (hy_ui_test_find_widget (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN, NULL));
  GListModel *entries = hy_warnings_page_get_entries (page);
  g_autoptr(HyDashboard) shown = NULL;
  GtkWidget *warnings_chart, *top_chart;
  gboolean other_priority = FALSE;

  hy_window_show_page (window, "dashboard");
  hy_ui_test_settle (100);
  hy_ui_test_wait_until (dashboard_idle, dashboard, "the dashboard");
  shown = hy_dashboard_load (db, HY_DASHBOARD_LAST_30_DAYS, 0);
  g_assert_nonnull (shown);
  g_assert_cmpuint (shown->warnings[HY_WARNING_PRIORITY_FOCUS], >, 0);
  g_assert_cmpuint (shown->n_top, >, 0);
  warnings_chart = dashboard_chart (dashboard, _("Churn Warnings Due Today"));
  top_chart = dashboard_chart (dashboard, _("Top Members by Spend, Last 365 Days"));
  g_assert_nonnull (warnings_chart);
  g_assert_nonnull (top_chart);
  g_assert_nonnull (hy_chart_view_get_activate_hint (HY_CHART_VIEW (warnings_chart)));
  g_assert_nonnull (hy_chart_view_get_activate_hint (HY_CHART_VIEW (top_chart)));

  /* The Focus bar: the Warnings page, its dropdown on Focus, only Focus entries. */
  g_assert_true (hy_ui_test_click_chart (warnings_chart, HY_WARNING_PRIORITY_FOCUS, -1));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  hy_ui_test_wait_until (page_idle, page, "the work list of one priority");
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 1 + HY_WARNING_PRIORITY_FOCUS);
  g_assert_cmpuint (g_list_model_get_n_items (entries), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(HyWarningItem) item = entry (page, i);

      g_assert_cmpint (hy_warning_item_get_work (item)->priority, ==, HY_WARNING_PRIORITY_FOCUS);
    }
  hy_ui_test_settle (200);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "warnings-from-dashboard");

  /* Every priority again, from the dropdown. */
  gtk_drop_down_set_selected (dropdown, 0);
  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(HyWarningItem) item = entry (page, i);

      other_priority |= hy_warning_item_get_work (item)->priority != HY_WARNING_PRIORITY_FOCUS;
    }
  g_assert_true (other_priority);

  /* The first top member's bar: their page. */
  hy_window_show_page (window, "dashboard");
  hy_ui_test_settle (100);
  g_assert_true (hy_ui_test_click_chart (top_chart, 0, -1));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (member_page)));
  g_assert_cmpint (hy_member_page_get_member (member_page), ==, shown->top_id[0]);
  hy_ui_test_wait_until (member_page_idle, member_page, "the top member's page");
  g_assert_nonnull (hy_ui_test_find_visible (GTK_WIDGET (member_page), GTK_TYPE_LABEL, shown->top_name[0]));
  hy_ui_test_settle (200);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "member-from-dashboard");
}

static void
test_warnings_work_list (void)
{
  HyWindow *window = hy_ui_test_new_window ();
  HyDatabase *db;
  HyWarningsPage *page;
  GListModel *entries;
  g_autoptr(GPtrArray) core = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HyWarningItem) first = NULL;
  g_autoptr(HyWarningItem) second = NULL;
  g_autofree char *text = NULL;
  g_autofree char *sql = NULL;
  GtkWidget *button, *dialog = NULL;
  GtkCheckButton *no_answer = NULL;
  guint n;

  hy_window_set_demo_size (window, DEMO_MEMBERS, 20000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-demo", NULL));
  hy_ui_test_wait_until (hy_ui_test_window_idle, window, "the demo");
  db = hy_window_get_database (window);

  page = open_warnings (window);
  entries = hy_warnings_page_get_entries (page);
  n = g_list_model_get_n_items (entries);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <=, HY_WARNINGS_PAGE_LIMIT);
  hy_ui_test_settle (200);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "warnings-list");

  /* By priority, then value, as the core's own list sorted so. */
  core = hy_work_list_compute (db, hy_time_now (), &error);
  g_assert_no_error (error);
  g_ptr_array_sort (core, compare_by_priority);
  g_assert_cmpuint (hy_warnings_page_get_work_list (page)->len, ==, core->len);
  g_assert_cmpuint (n, ==, MIN (core->len, HY_WARNINGS_PAGE_LIMIT));
  for (guint i = 0; i < MIN (n, 50); i++)
    {
      g_autoptr(HyWarningItem) item = entry (page, i);
      const HyWorkItem *work = g_ptr_array_index (core, i);

      g_assert_cmpint (hy_warning_item_get_member_id (item), ==, work->member_id);
      g_assert_cmpint (hy_warning_item_get_work (item)->priority, ==, work->priority);
      g_assert_cmpstr (hy_warning_item_get_work (item)->reason, ==, work->reason);
    }
  first = entry (page, 0);
  second = entry (page, 1);
  g_assert_cmpint (hy_warning_item_get_work (first)->priority, ==, HY_WARNING_PRIORITY_HIGH);

  /* Only the high ones when filtered. */
  hy_warnings_page_set_priority (page, HY_WARNING_PRIORITY_FOCUS);
  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(HyWarningItem) item = entry (page, i);

      g_assert_cmpint (hy_warning_item_get_work (item)->priority, ==, HY_WARNING_PRIORITY_FOCUS);
    }
  hy_ui_test_settle (200);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "warnings-focus");
  hy_warnings_page_set_priority (page, -1);
  hy_ui_test_settle (200);

  /* The call list holds the names and the whole phones of the store's owner. */
  text = call_list_text (page, "calls.pdf");
  g_assert_nonnull (strstr (text, hy_warning_item_get_name (first)));
  g_assert_nonnull (strstr (text, hy_warning_item_get_phone (first)));
  g_assert_null (strstr (hy_warning_item_get_phone (first), "****"));

  /* Contacted… on the first row: no answer, with a note; the member leaves the list. */
  button = hy_ui_test_find_visible (GTK_WIDGET (page), GTK_TYPE_BUTTON, _("_Contacted…"));
  g_assert_nonnull (button);
  gtk_widget_activate (button);
  hy_ui_test_wait_until (hy_ui_test_dialog_shown, &dialog, "the contact dialog");
  for (GtkWidget *w = hy_ui_test_find_widget (dialog, GTK_TYPE_CHECK_BUTTON, NULL); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_CHECK_BUTTON (w) && g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (w)), hy_work_list_outcome_get_label ("no_answer")) == 0)
      no_answer = GTK_CHECK_BUTTON (w);
  g_assert_nonnull (no_answer);
  gtk_check_button_set_active (no_answer, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (hy_ui_test_find_widget (dialog, GTK_TYPE_ENTRY, NULL)), "晚上再打");
  hy_ui_test_settle (200);
  hy_ui_test_save_screenshot (dialog, "warnings-contact-dialog");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "record");
  hy_ui_test_settle (200);
  {
    g_autoptr(HyWarningItem) now_first = entry (page, 0);

    g_assert_cmpint (hy_warning_item_get_member_id (now_first), ==, hy_warning_item_get_member_id (second));
  }
  sql = g_strdup_printf ("SELECT count (*) FROM warning_states WHERE member_id = %lld AND outcome = 'no_answer'"
                         " AND note = '晚上再打' AND contacted_at IS NOT NULL",
                         (long long) hy_warning_item_get_member_id (first));
  g_assert_cmpint (hy_test_query_int (db, sql), ==, 1);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "warnings-after-contact");

  /* A new build keeps them off: they are in the cool-off. */
  hy_warnings_page_refresh (page);
  hy_ui_test_wait_until (page_idle, page, "the work list again");
  for (guint i = 0; i < hy_warnings_page_get_work_list (page)->len; i++)
    g_assert_cmpint (((HyWorkItem *) hy_warnings_page_get_work_list (page)->pdata[i])->member_id, !=,
                     hy_warning_item_get_member_id (first));

  test_dashboard_clicks (window);
  hy_ui_test_close_window (window);
}

typedef struct
{
  gboolean  answered;
  gboolean  approved;
  gint64    entry;
  gint64    member_id;
} Approval;

static gboolean
approval_answered (gpointer data)
{
  return ((Approval *) data)->answered;
}

/* What a page does once a manager has approved: the points adjustment itself. */
static void
approved_cb (HyWindow *window,
             gboolean  approved,
             gpointer  user_data)
{
  Approval *approval = user_data;

  approval->answered = TRUE;
  approval->approved = approved;
  if (approved)
    {
      g_autoptr(HyPointsLedger) ledger = hy_points_ledger_new (hy_window_get_database (window));
      g_autoptr(GError) error = NULL;

      approval->entry = hy_points_ledger_adjust (ledger, approval->member_id, 200, "回访补偿", "ui-approve-1", NULL, &error);
      g_assert_no_error (error);
    }
}

static void
approval_answered_cb (HyWindow *window,
                      gboolean  approved,
                      gpointer  user_data)
{
  ((Approval *) user_data)->answered = TRUE;
  ((Approval *) user_data)->approved = approved;
}

static guint
staff_index (HyWindow   *window,
             const char *name)
{
  g_autoptr(GPtrArray) staff = hy_staff_list (hy_window_get_database (window), FALSE, NULL);

  for (guint i = 0; i < staff->len; i++)
    if (g_str_equal (((HyStaff *) staff->pdata[i])->name, name))
      return i;
  g_assert_not_reached ();
}

static void
sign_in (HyWindow   *window,
         const char *name,
         const char *pin)
{
  AdwComboRow *row = ADW_COMBO_ROW (hy_ui_test_find_visible (GTK_WIDGET (window), ADW_TYPE_COMBO_ROW, NULL));
  GtkWidget *pin_row = hy_ui_test_find_visible (GTK_WIDGET (window), ADW_TYPE_PASSWORD_ENTRY_ROW, NULL);
  GtkWidget *button = hy_ui_test_find_visible (GTK_WIDGET (window), GTK_TYPE_BUTTON, _("_Sign In"));

  g_assert_nonnull (row);
  g_assert_nonnull (pin_row);
  g_assert_nonnull (button);
  adw_combo_row_set_selected (row, staff_index (window, name));
  gtk_editable_set_text (GTK_EDITABLE (pin_row), pin);
  g_signal_emit_by_name (button, "clicked");
  hy_ui_test_settle (100);
}

static void
answer_approval (const char *pin,
                 Approval   *approval)
{
  GtkWidget *dialog = NULL;

  hy_ui_test_wait_until (hy_ui_test_dialog_shown, &dialog, "the manager approval dialog");
  gtk_editable_set_text (GTK_EDITABLE (hy_ui_test_find_widget (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, NULL)), pin);
  hy_ui_test_settle (100);
  hy_ui_test_save_screenshot (dialog, "manager-approval");
  /* What a click does: the answer, then the dialog closes. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "approve");
  gtk_window_destroy (GTK_WINDOW (dialog));
  hy_ui_test_wait_until (approval_answered, approval, "the approval");
}

static void
test_warnings_clerk (void)
{
  HyWindow *window = hy_ui_test_new_window ();
  HyDatabase *db;
  HyWarningsPage *page;
  g_autoptr(GError) error = NULL;
  g_autoptr(HyWarningItem) first = NULL;
  g_autofree char *text = NULL;
  g_autofree char *wrong = NULL;
  GtkWidget *label, *dialog = NULL;
  Approval approval = { 0 };

  hy_window_set_demo_size (window, DEMO_MEMBERS, 20000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-demo", NULL));
  hy_ui_test_wait_until (hy_ui_test_window_idle, window, "the demo");
  db = hy_window_get_database (window);
  g_assert_null (hy_window_get_staff (window));

  /* The owner adds a manager and a clerk; from now on the window asks who is working. */
  g_assert_cmpint (hy_staff_add (db, "王店长", HY_STAFF_MANAGER, "8642", &error), >, 0);
  g_assert_cmpint (hy_staff_add (db, "小李", HY_STAFF_CLERK, "1357", &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.switch-staff", NULL));
  hy_ui_test_settle (200);
  g_assert_nonnull (hy_ui_test_find_visible (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, _("Who Is Working?")));
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "sign-in");

  /* A wrong PIN keeps the pages shut. */
  sign_in (window, "小李", "0000");
  g_assert_null (hy_window_get_staff (window));
  wrong = g_strdup_printf (_("Wrong PIN for %s"), "小李");
  label = hy_ui_test_find_visible (GTK_WIDGET (window), GTK_TYPE_LABEL, wrong);
  g_assert_nonnull (label);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "sign-in-wrong-pin");

  sign_in (window, "小李", "1357");
  g_assert_nonnull (hy_window_get_staff (window));
  g_assert_cmpstr (hy_window_get_staff (window)->name, ==, "小李");
  g_assert_cmpint (hy_window_get_staff (window)->role, ==, HY_STAFF_CLERK);

  /* A clerk sees masked phones, on the page and in the call list. */
  page = open_warnings (window);
  g_assert_cmpuint (g_list_model_get_n_items (hy_warnings_page_get_entries (page)), >, 0);
  first = entry (page, 0);
  g_assert_nonnull (strstr (hy_warning_item_get_phone (first), "****"));
  hy_ui_test_settle (200);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "warnings-clerk");
  text = call_list_text (page, "calls-clerk.pdf");
  g_assert_nonnull (strstr (text, hy_warning_item_get_name (first)));
  g_assert_nonnull (strstr (text, hy_warning_item_get_phone (first)));
  hy_window_show_page (window, "members");
  hy_ui_test_settle (500);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "members-clerk");

  /* Adjusting points needs a manager: a wrong PIN is refused, the right one lets it through. */
  approval.member_id = hy_warning_item_get_member_id (first);
  hy_window_require_manager (window, HY_ACTION_ADJUST_POINTS, approved_cb, &approval);
  answer_approval ("9999", &approval);
  g_assert_false (approval.approved);
  hy_ui_test_wait_until (hy_ui_test_dialog_shown, &dialog, "the refusal");
  hy_ui_test_settle (100);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, _("Not Approved"));
  hy_ui_test_save_screenshot (dialog, "manager-approval-refused");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_destroy (GTK_WINDOW (dialog));
  hy_ui_test_settle (100);
  g_assert_cmpint (hy_test_query_int (db, "SELECT count (*) FROM audit_log WHERE action = 'staff.approve'"), ==, 0);

  approval.answered = FALSE;
  hy_window_require_manager (window, HY_ACTION_ADJUST_POINTS, approved_cb, &approval);
  answer_approval ("8642", &approval);
  g_assert_true (approval.approved);
  g_assert_cmpint (approval.entry, >, 0);
  g_assert_cmpint (hy_test_query_int (db, "SELECT count (*) FROM audit_log WHERE action = 'staff.approve'"
                                          " AND staff_name = '小李' AND target = 'points.adjust'"
                                          " AND details LIKE '%\"approved_by\":\"王店长\"%'"), ==, 1);
  g_assert_cmpint (hy_test_query_int (db, "SELECT count (*) FROM audit_log WHERE action = 'points.adjust'"
                                          " AND staff_name = '小李' AND reason = '回访补偿'"
                                          " AND details LIKE '%\"approved_by\":\"王店长\"%'"), ==, 1);

  /* A manager needs nobody's approval. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.switch-staff", NULL));
  hy_ui_test_settle (100);
  sign_in (window, "王店长", "8642");
  g_assert_cmpint (hy_window_get_staff (window)->role, ==, HY_STAFF_MANAGER);
  approval.answered = FALSE;
  approval.approved = FALSE;
  hy_window_require_manager (window, HY_ACTION_EXPORT, approval_answered_cb, &approval);
  g_assert_true (approval.answered && approval.approved);

  hy_ui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  hy_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/warnings/work-list", test_warnings_work_list);
  g_test_add_func ("/ui/warnings/clerk", test_warnings_clerk);

  return hy_ui_test_finish (g_test_run ());
}
