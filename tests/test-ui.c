/* test-ui.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drives the real window under Xvfb: the first-run choice, a new store database, the demo, every
 * page, the member search, a file that is not a database and a cancelled demo.  Saves a PNG of
 * every page to $HY_SCREENSHOT_DIR (default: screenshots/<language> in the build directory).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "hy-application.h"
#include "hy-analysis.h"
#include "hy-chart-view.h"
#include "hy-customer-model.h"
#include "hy-dashboard.h"
#include "hy-dashboard-page.h"
#include "hy-member-item.h"
#include "hy-member-list-model.h"
#include "hy-member-store.h"
#include "hy-lifecycle.h"
#include "hy-members-page.h"
#include "hy-reports-page.h"
#include "hy-money.h"
#include "hy-rfm.h"
#include "hy-store-list.h"
#include "hy-test-util.h"
#include "hy-time.h"
#include "hy-transitions-card.h"
#include "hy-ui-test-util.h"
#include "hy-window.h"

static const char *
card_value (HyWindow   *window,
            const char *title)
{
  GtkWidget *title_label = hy_ui_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, title);

  g_assert_nonnull (title_label);
  return gtk_label_get_label (GTK_LABEL (gtk_widget_get_next_sibling (title_label)));
}

static void
test_welcome_and_new_store (void)
{
  HyWindow *window = hy_ui_test_new_window ();
  GtkWidget *create;
  GtkWidget *entry;

  g_assert_null (hy_window_get_database (window));
  g_assert_nonnull (hy_ui_test_find_visible (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, _("Welcome to Huiyuan")));
  g_assert_nonnull (hy_ui_test_find_visible (GTK_WIDGET (window), GTK_TYPE_BUTTON, _("_New Store Database")));
  g_assert_nonnull (hy_ui_test_find_visible (GTK_WIDGET (window), GTK_TYPE_BUTTON, _("Open _Demo")));
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "welcome");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-database", NULL));
  hy_ui_test_settle (100);
  create = hy_ui_test_find_visible (GTK_WIDGET (window), GTK_TYPE_BUTTON, _("C_reate"));
  g_assert_nonnull (create);
  /* No name yet: nothing to create. */
  g_assert_false (gtk_widget_get_sensitive (create));

  entry = hy_ui_test_find_visible (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW, NULL);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "丽人美容 Beauty");
  g_assert_true (gtk_widget_get_sensitive (create));
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "new-store");

  g_signal_emit_by_name (create, "clicked");
  hy_ui_test_wait_until (hy_ui_test_window_idle, window, "the new database");
  g_assert_nonnull (hy_window_get_database (window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "丽人美容 Beauty");
  g_assert_true (g_str_has_suffix (hy_database_get_path (hy_window_get_database (window)), "丽人美容 Beauty.huiyuan"));
  g_assert_cmpstr (card_value (window, _("Members")), ==, "0");
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "empty-store");
  g_assert_nonnull (hy_ui_test_find_visible (GTK_WIDGET (window), GTK_TYPE_LABEL,
                                  _("No purchases yet. Import them with huiyuan-cli, or open the demo to look around.")));
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "empty-store");

  /* The next start opens this database. */
  {
    g_autofree char *last = g_settings_get_string (hy_application_get_settings (hy_ui_test_get_app ()), "last-database");

    g_assert_cmpstr (last, ==, hy_database_get_path (hy_window_get_database (window)));
  }
  hy_ui_test_close_window (window);
}

static gboolean
results_arrived (gpointer data)
{
  GListModel *results = hy_members_page_get_results (data);

  /* The list shows every member until the search has narrowed it. */
  return !hy_member_list_model_get_loading (HY_MEMBER_LIST_MODEL (results)) &&
         hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results)) > 0 && hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results)) < 2000;
}

/* The search entry waits a moment before searching, and a loaded machine takes longer. */
static gboolean
nothing_found (gpointer data)
{
  GListModel *results = hy_members_page_get_results (data);

  return !hy_member_list_model_get_loading (HY_MEMBER_LIST_MODEL (results)) &&
         hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results)) == 0;
}

static gboolean
list_loaded (gpointer data)
{
  return !hy_member_list_model_get_loading (HY_MEMBER_LIST_MODEL (hy_members_page_get_results (data)));
}

static guint
count_charts (GtkWidget *dashboard)
{
  GtkWidget *chart = hy_ui_test_find_widget (dashboard, HY_TYPE_CHART_VIEW, NULL);
  guint n_charts = 0;

  /* chart < its stack < its card < the charts box */
  for (GtkWidget *w = gtk_widget_get_first_child (gtk_widget_get_parent (gtk_widget_get_parent (gtk_widget_get_parent (chart))));
       w != NULL; w = gtk_widget_get_next_sibling (w))
    if (hy_ui_test_find_widget (w, HY_TYPE_CHART_VIEW, NULL) != NULL)
      n_charts++;
  return n_charts;
}

/* The chart views of the dashboard in order: RFM, stages, ... */
static GtkWidget *
nth_chart (GtkWidget *dashboard,
           guint      n)
{
  GtkWidget *chart = hy_ui_test_find_widget (dashboard, HY_TYPE_CHART_VIEW, NULL);
  GtkWidget *card = gtk_widget_get_parent (gtk_widget_get_parent (chart));

  for (; card != NULL; card = gtk_widget_get_next_sibling (card))
    if ((chart = hy_ui_test_find_widget (card, HY_TYPE_CHART_VIEW, NULL)) != NULL && n-- == 0)
      return chart;
  return NULL;
}

static gboolean
selection_listed (gpointer data)
{
  return !hy_members_page_get_selecting (data) &&
         !hy_member_list_model_get_loading (HY_MEMBER_LIST_MODEL (hy_members_page_get_results (data)));
}

/* The pointer over the middle of bar @index of a chart is a hand: a click leads somewhere. */
static void
assert_clickable (GtkWidget *chart,
                  int        index)
{
  double x = gtk_widget_get_width (chart) / 2.0;

  for (double y = 0.5; y < gtk_widget_get_height (chart); y += 1)
    if (hy_chart_view_hit (HY_CHART_VIEW (chart), x, y) == index)
      {
        hy_ui_test_hover (chart, x, y);
        g_assert_nonnull (gtk_widget_get_cursor (chart));
        g_assert_cmpstr (gdk_cursor_get_name (gtk_widget_get_cursor (chart)), ==, "pointer");
        hy_ui_test_hover (chart, 0, 0.5);
        return;
      }
  g_assert_not_reached ();
}

/* With a fitted customer model the dashboard shows the distributions of P(alive) and CLV; a
 * click on an RFM bar, a stage band, a P(alive) bar or a cohort cell lists exactly the members
 * the chart counts. */
static void
test_dashboard_model_and_filters (HyWindow *window)
{
  HyDatabase *db = hy_window_get_database (window);
  GtkWidget *dashboard = hy_ui_test_find_widget (GTK_WIDGET (window), HY_TYPE_DASHBOARD_PAGE, NULL);
  HyMembersPage *members_page = HY_MEMBERS_PAGE (hy_ui_test_find_widget (GTK_WIDGET (window), HY_TYPE_MEMBERS_PAGE, NULL));
  GListModel *results = hy_members_page_get_results (members_page);
  g_autoptr(HyAnalysisData) data = NULL;
  g_autoptr(HyDashboard) kept = NULL;
  g_autoptr(GError) error = NULL;
  gint32 today = hy_analysis_parse_day (db, NULL, NULL);
  HyCustomerModel model;
  GtkWidget *refresh, *revealer, *clear;
  guint klass = 0;
  int value = -1;

  data = hy_analysis_data_load (db, today, 0, &error);
  g_assert_no_error (error);
  g_assert_true (hy_customer_model_fit (data, today, HY_TIME_UNIT_DAY, &model, &error));
  g_assert_true (hy_customer_model_save (db, &model, &error));
  g_assert_no_error (error);
  hy_window_show_page (window, "dashboard");
  refresh = hy_ui_test_find_widget (dashboard, GTK_TYPE_BUTTON, _("Compute the Figures Again"));
  g_assert_nonnull (refresh);
  g_signal_emit_by_name (refresh, "clicked");
  g_assert_true (hy_dashboard_page_get_loading (HY_DASHBOARD_PAGE (dashboard)));
  hy_ui_test_wait_until (hy_ui_test_window_idle, window, "the dashboard with the model");
  hy_ui_test_settle (200);

  kept = hy_dashboard_load (db, HY_DASHBOARD_LAST_30_DAYS, 0);
  g_assert_true (kept->has_model);
  g_assert_cmpuint (kept->predicted, >, 0);
  g_assert_cmpuint (count_charts (dashboard), ==, kept->has_clv ? 8 : 7);
  g_assert_nonnull (strstr (hy_chart_view_get_summary (HY_CHART_VIEW (nth_chart (dashboard, 3))), "90–100%"));
  hy_ui_test_save_screenshot (hy_ui_test_find_widget (dashboard, ADW_TYPE_CLAMP, NULL), "dashboard-model");

  /* The largest class of buyers, clicked. */
  for (guint c = 0; c < HY_RFM_CLASS_NO_PURCHASE; c++)
    if (kept->rfm[c].members > kept->rfm[klass].members)
      klass = c;
  g_assert_cmpuint (kept->rfm[klass].members, >, 0);
  g_assert_true (hy_ui_test_click_chart (nth_chart (dashboard, 0), klass, -1));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (members_page)));
  g_assert_cmpint (hy_members_page_get_filter (members_page, &value), ==, HY_MEMBER_FILTER_RFM_CLASS);
  g_assert_cmpint (value, ==, klass);
  hy_ui_test_wait_until (list_loaded, members_page, "the members of the class");
  g_assert_cmpuint (hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results)), ==, kept->rfm[klass].members);
  revealer = hy_ui_test_find_widget (GTK_WIDGET (members_page), GTK_TYPE_REVEALER, NULL);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  hy_ui_test_settle (300);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "members-rfm-filter");

  /* A band of the lifecycle chart, at today's end of it. */
  hy_window_show_page (window, "dashboard");
  hy_ui_test_settle (100);
  {
    GtkWidget *stages = nth_chart (dashboard, 1);
    double x = gtk_widget_get_width (stages) - 6;
    int band = -1;

    for (int b = 0; b < 5 && band < 0; b++)
      if (hy_ui_test_click_chart (stages, b, x))
        band = b;
    g_assert_cmpint (band, >=, 0);
  }
  g_assert_cmpint (hy_members_page_get_filter (members_page, &value), ==, HY_MEMBER_FILTER_STAGE);
  hy_ui_test_wait_until (list_loaded, members_page, "the members of the stage");
  g_assert_cmpuint (hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results)), ==, kept->stages[HY_DASHBOARD_MONTHS - 1][value]);
  hy_ui_test_settle (300);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "members-stage-filter");

  /* The largest bin of P(alive), worked out on a worker. */
  {
    GtkWidget *p_alive = nth_chart (dashboard, 3);
    g_autofree char *range = NULL;
    g_autofree char *expected = NULL;
    guint bin = 0;

    for (guint k = 0; k < HY_DASHBOARD_BINS; k++)
      if (kept->p_alive_bins[k] > kept->p_alive_bins[bin])
        bin = k;
    hy_window_show_page (window, "dashboard");
    hy_ui_test_settle (100);
    assert_clickable (p_alive, bin);
    assert_clickable (nth_chart (dashboard, 0), 0);
    g_assert_true (hy_ui_test_click_chart (p_alive, bin, -1));
    g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (members_page)));
    g_assert_cmpint (hy_members_page_get_filter (members_page, NULL), ==, HY_MEMBER_FILTER_NONE);
    hy_ui_test_wait_until (selection_listed, members_page, "the members of the P(alive) bin");
    g_assert_cmpuint (hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results)), ==, kept->p_alive_bins[bin]);
    range = g_strdup_printf ("%u–%u%%", bin * 10, bin * 10 + 10);
    expected = g_strdup_printf (_("P(alive) %s"), range);
    g_assert_cmpstr (hy_members_page_get_filter_text (members_page), ==, expected);
    hy_ui_test_settle (300);
    hy_ui_test_save_screenshot (GTK_WIDGET (window), "members-p-alive-bin");
  }

  /* The cell of the cohorts with the most members who bought again. */
  {
    const guint n = HY_DASHBOARD_COHORTS;
    GtkWidget *cohorts = nth_chart (dashboard, kept->has_clv ? 5 : 4);
    g_autofree char *expected = NULL;
    guint row = 0, column = 1;
    int month;

    for (guint i = 0; i < n; i++)
      for (guint k = 1; i + k < n; k++)
        if (kept->cohort_active[i * n + k] > kept->cohort_active[row * n + column])
          {
            row = i;
            column = k;
          }
    g_assert_cmpuint (kept->cohort_active[row * n + column], >, 0);
    month = kept->cohort_year[row] * 12 + kept->cohort_month[row] - 1 + (int) column;
    hy_window_show_page (window, "dashboard");
    hy_ui_test_settle (100);
    g_assert_true (hy_ui_test_click_chart_cell (cohorts, row, column));
    hy_ui_test_wait_until (selection_listed, members_page, "the members of the cohort cell");
    g_assert_cmpuint (hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results)), ==, kept->cohort_active[row * n + column]);
    expected = g_strdup_printf (_("First bought in %1$04d-%2$02d, bought again in %3$04d-%4$02d"),
                                kept->cohort_year[row], kept->cohort_month[row], month / 12, month % 12 + 1);
    g_assert_cmpstr (hy_members_page_get_filter_text (members_page), ==, expected);
    hy_ui_test_settle (300);
    hy_ui_test_save_screenshot (GTK_WIDGET (window), "members-cohort-cell");
  }

  /* The fullest cell of the lifecycle moves (the end of last month → today). */
  {
    GtkWidget *card = hy_ui_test_find_widget (dashboard, HY_TYPE_TRANSITIONS_CARD, NULL);
    GtkWidget *moves = hy_ui_test_find_widget (card, HY_TYPE_CHART_VIEW, NULL);
    g_autofree char *expected = NULL;
    char from[16], to[16];
    int y, m, d;
    guint a = 0, b = 0;

    for (guint i = 0; i < HY_N_STAGES; i++)
      for (guint k = 0; k < HY_N_STAGES; k++)
        if (kept->transitions[i][k] > kept->transitions[a][b])
          {
            a = i;
            b = k;
          }
    g_assert_cmpuint (kept->transitions[a][b], >, 0);
    hy_time_day_to_ymd (kept->transition_from, &y, &m, &d);
    g_snprintf (from, sizeof from, "%04d-%02d-%02d", y, m, d);
    hy_time_day_to_ymd (kept->transition_to, &y, &m, &d);
    g_snprintf (to, sizeof to, "%04d-%02d-%02d", y, m, d);
    hy_window_show_page (window, "dashboard");
    hy_ui_test_settle (100);
    g_assert_nonnull (hy_chart_view_get_activate_hint (HY_CHART_VIEW (moves)));
    g_assert_true (hy_ui_test_click_chart_cell (moves, a, b));
    hy_ui_test_wait_until (selection_listed, members_page, "the members of the moves' cell");
    g_assert_cmpuint (hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results)), ==, kept->transitions[a][b]);
    expected = g_strdup_printf (_("%1$s on %2$s, %3$s on %4$s"), hy_stage_get_label (a), from,
                                hy_stage_get_label (b), to);
    g_assert_cmpstr (hy_members_page_get_filter_text (members_page), ==, expected);
    hy_ui_test_settle (300);
    hy_ui_test_save_screenshot (GTK_WIDGET (window), "members-moves-cell");
  }

  /* Showing everyone again. */
  clear = hy_ui_test_find_visible (GTK_WIDGET (members_page), GTK_TYPE_BUTTON, _("_Show Everyone"));
  g_assert_nonnull (clear);
  g_signal_emit_by_name (clear, "clicked");
  g_assert_cmpint (hy_members_page_get_filter (members_page, NULL), ==, HY_MEMBER_FILTER_NONE);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  hy_ui_test_wait_until (list_loaded, members_page, "everyone");
  g_assert_cmpuint (hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results)), ==, 2000);
}

static GtkDropDown *
nth_dropdown (GtkWidget *root,
              guint      n)
{
  GtkWidget *found = hy_ui_test_find_widget (root, GTK_TYPE_DROP_DOWN, NULL);

  /* Depth first, so the next one is the first after this one's subtree. */
  for (GtkWidget *w = found; w != NULL && n > 0; )
    {
      GtkWidget *next = NULL;

      for (GtkWidget *up = w; up != root && next == NULL; up = gtk_widget_get_parent (up))
        for (GtkWidget *sibling = gtk_widget_get_next_sibling (up); sibling != NULL && next == NULL;
             sibling = gtk_widget_get_next_sibling (sibling))
          next = hy_ui_test_find_widget (sibling, GTK_TYPE_DROP_DOWN, NULL);
      w = found = next;
      n--;
    }
  return GTK_DROP_DOWN (found);
}

/* A branch and last month, chosen: the KPI cards show the core's figures for that choice, kept
 * for it alone; the lifecycle moves between two other months are the core's too. */
static void
test_dashboard_choices (HyWindow *window)
{
  HyDatabase *db = hy_window_get_database (window);
  GtkWidget *dashboard = hy_ui_test_find_widget (GTK_WIDGET (window), HY_TYPE_DASHBOARD_PAGE, NULL);
  GtkDropDown *period = nth_dropdown (dashboard, 0);
  GtkDropDown *store = nth_dropdown (dashboard, 1);
  GtkWidget *card = hy_ui_test_find_widget (dashboard, HY_TYPE_TRANSITIONS_CARD, NULL);
  g_autoptr(GPtrArray) stores = NULL;
  g_autoptr(HyDashboard) expected = NULL;
  g_autoptr(HyDashboard) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *all_purchasers = NULL;
  g_autofree char *purchasers = NULL;
  g_autofree char *new_members = NULL;
  g_autofree char *remembered = NULL;
  gint32 today = hy_analysis_parse_day (db, NULL, NULL);
  guint64 moves[HY_N_STAGES][HY_N_STAGES], total = 0;
  GtkWidget *kpi_cards;
  gint32 from, to;
  gint64 branch;

  hy_window_show_page (window, "dashboard");
  hy_ui_test_settle (100);
  stores = hy_database_list_stores (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stores->len, >, 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (store)));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (store)), ==, stores->len + 1);
  g_assert_cmpuint (gtk_drop_down_get_selected (period), ==, HY_DASHBOARD_LAST_30_DAYS);
  all_purchasers = g_strdup (card_value (window, _("Purchasers")));

  /* The second store, then last month: the figures on screen stay, faded, while they come. */
  branch = ((HyStoreInfo *) stores->pdata[1])->id;
  gtk_drop_down_set_selected (store, 2);
  g_assert_true (hy_dashboard_page_get_loading (HY_DASHBOARD_PAGE (dashboard)));
  gtk_drop_down_set_selected (period, HY_DASHBOARD_LAST_MONTH);
  g_assert_true (hy_dashboard_page_get_loading (HY_DASHBOARD_PAGE (dashboard)));
  g_assert_cmpstr (card_value (window, _("Purchasers")), ==, all_purchasers);
  kpi_cards = gtk_widget_get_ancestor (hy_ui_test_find_widget (dashboard, GTK_TYPE_LABEL, _("Purchasers")), GTK_TYPE_FLOW_BOX);
  g_assert_cmpfloat (gtk_widget_get_opacity (kpi_cards), <, 1.0);
  hy_ui_test_wait_until (hy_ui_test_window_idle, window, "the dashboard of a store and a month");
  g_assert_cmpfloat (gtk_widget_get_opacity (kpi_cards), ==, 1.0);
  hy_ui_test_settle (200);

  expected = hy_dashboard_compute (db, today, HY_DASHBOARD_LAST_MONTH, branch, &error);
  g_assert_no_error (error);
  purchasers = hy_count_format (expected->now.purchasers);
  new_members = hy_count_format (expected->now.new_members);
  g_assert_cmpuint (expected->now.purchasers, >, 0);
  g_assert_cmpstr (card_value (window, _("Purchasers")), ==, purchasers);
  g_assert_cmpstr (card_value (window, _("New Members")), ==, new_members);
  g_assert_cmpstr (card_value (window, _("Purchasers")), !=, all_purchasers);
  {
    g_autofree char *title = g_strdup_printf (_("%1$s · %2$s"), hy_dashboard_period_get_label (HY_DASHBOARD_LAST_MONTH),
                                              ((HyStoreInfo *) stores->pdata[1])->name);

    g_assert_nonnull (hy_ui_test_find_visible (dashboard, GTK_TYPE_LABEL, title));
  }

  /* Kept for this choice only, and remembered. */
  kept = hy_dashboard_load (db, HY_DASHBOARD_LAST_MONTH, branch);
  g_assert_nonnull (kept);
  g_assert_cmpuint (kept->now.purchasers, ==, expected->now.purchasers);
  g_assert_cmpint (kept->start, ==, expected->start);
  remembered = hy_database_dup_setting (db, "dashboard.period");
  g_assert_cmpstr (remembered, ==, "last-month");
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "dashboard-store-month");

  /* The moves from three month ends back to today, for this store. */
  gtk_drop_down_set_selected (nth_dropdown (card, 0), HY_DASHBOARD_MONTHS - 4);
  g_assert_true (hy_transitions_card_get_loading (HY_TRANSITIONS_CARD (card)));
  hy_ui_test_wait_until (hy_ui_test_window_idle, window, "the lifecycle moves");
  hy_transitions_card_get_months (HY_TRANSITIONS_CARD (card), &from, &to);
  g_assert_cmpint (from, ==, expected->month_end[HY_DASHBOARD_MONTHS - 4]);
  g_assert_cmpint (to, ==, today);
  g_assert_true (hy_dashboard_compute_transitions (db, today, branch, from, to, moves, &error));
  g_assert_no_error (error);
  for (guint s = 0; s < HY_N_STAGES; s++)
    total += moves[HY_STAGE_ACTIVE][s];
  {
    g_autofree char *count = hy_count_format (total);
    g_autofree char *row = g_strdup_printf ("%s (%s)", hy_stage_get_label (HY_STAGE_ACTIVE), count);

    g_assert_nonnull (hy_ui_test_find_widget (card, GTK_TYPE_LABEL, row));
  }
  hy_ui_test_settle (200);
  hy_ui_test_save_screenshot (card, "dashboard-moves");

  /* Back to every store's last 30 days, as the rest of the tests expect. */
  gtk_drop_down_set_selected (nth_dropdown (card, 0), HY_DASHBOARD_MONTHS - 2);
  gtk_drop_down_set_selected (period, HY_DASHBOARD_LAST_30_DAYS);
  gtk_drop_down_set_selected (store, 0);
  hy_ui_test_wait_until (hy_ui_test_window_idle, window, "the dashboard of every store");
  g_assert_cmpstr (card_value (window, _("Purchasers")), ==, all_purchasers);
}

static void
test_demo_pages_and_search (void)
{
  HyWindow *window = hy_ui_test_new_window ();
  g_autoptr(HyMemberStore) store = NULL;
  g_autoptr(HyMember) member = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(GListModel) pages = NULL;
  HyMembersPage *members_page;
  GtkWidget *search;
  GListModel *results;
  gboolean found = FALSE;

  hy_window_set_demo_size (window, 2000, 20000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-demo", NULL));
  g_assert_true (hy_window_get_busy (window));
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "demo-progress");
  hy_ui_test_wait_until (hy_ui_test_window_idle, window, "the demo");
  g_assert_nonnull (hy_window_get_database (window));

  /* The dashboard shows what the database holds. */
  g_assert_cmpstr (card_value (window, _("Members")), ==, "2,000");
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "dashboard");
  g_assert_nonnull (hy_ui_test_find_visible (GTK_WIDGET (window), GTK_TYPE_LABEL, _("At a Glance")));

  /* The analytics: KPI cards as the core computed them (and kept them), five charts. */
  {
    g_autoptr(HyDashboard) kept = hy_dashboard_load (hy_window_get_database (window), HY_DASHBOARD_LAST_30_DAYS, 0);
    g_autofree char *new_members = NULL;
    g_autofree char *purchasers = NULL;
    GtkWidget *dashboard = hy_ui_test_find_widget (GTK_WIDGET (window), HY_TYPE_DASHBOARD_PAGE, NULL);
    GtkWidget *chart = hy_ui_test_find_widget (dashboard, HY_TYPE_CHART_VIEW, NULL);
    guint n_charts = 0;

    g_assert_nonnull (kept);
    new_members = hy_count_format (kept->now.new_members);
    purchasers = hy_count_format (kept->now.purchasers);
    g_assert_cmpstr (card_value (window, _("New Members")), ==, new_members);
    g_assert_cmpstr (card_value (window, _("Purchasers")), ==, purchasers);
    g_assert_cmpuint (kept->now.purchasers, >, 0);

    g_assert_nonnull (chart);
    g_assert_nonnull (strstr (hy_chart_view_get_summary (HY_CHART_VIEW (chart)),
                              hy_rfm_class_get_label (HY_RFM_CLASS_IMPORTANT_VALUE)));
    /* chart < its stack < its card < the charts box */
    for (GtkWidget *w = gtk_widget_get_first_child (gtk_widget_get_parent (gtk_widget_get_parent (gtk_widget_get_parent (chart))));
         w != NULL; w = gtk_widget_get_next_sibling (w))
      if (hy_ui_test_find_widget (w, HY_TYPE_CHART_VIEW, NULL) != NULL)
        n_charts++;
    /* RFM, stages, their moves, cohorts, warnings, top members; no model, so no predictions
     * but a card saying how to get them. */
    g_assert_cmpuint (n_charts, ==, 6);
    g_assert_nonnull (hy_ui_test_find_visible (dashboard, GTK_TYPE_LABEL, _("Chance Still a Customer (P(alive))")));

    /* The whole page, not just what fits in the window. */
    hy_ui_test_save_screenshot (hy_ui_test_find_widget (dashboard, ADW_TYPE_CLAMP, NULL), "dashboard-full");
  }

  test_dashboard_model_and_filters (window);
  test_dashboard_choices (window);

  /* Every page, through the sidebar. */
  pages = G_LIST_MODEL (gtk_stack_get_pages (GTK_STACK (gtk_widget_get_parent (
            hy_ui_test_find_widget (GTK_WIDGET (window), HY_TYPE_MEMBERS_PAGE, NULL)))));
  g_assert_cmpuint (g_list_model_get_n_items (pages), ==, 9);
  for (guint i = 0; i < g_list_model_get_n_items (pages); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (pages, i);
      const char *name = gtk_stack_page_get_name (GTK_STACK_PAGE (item));
      g_autofree char *shot = g_strdup_printf ("page-%s", name);

      hy_window_show_page (window, name);
      hy_ui_test_settle (100);
      g_assert_true (gtk_widget_get_mapped (gtk_stack_page_get_child (GTK_STACK_PAGE (item))));
      /* A page still to come is a status page saying so. */
      if (ADW_IS_STATUS_PAGE (gtk_stack_page_get_child (GTK_STACK_PAGE (item))))
        g_assert_nonnull (hy_ui_test_find_visible (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, _("Not Built Yet")));
      hy_ui_test_save_screenshot (GTK_WIDGET (window), shot);
    }

  /* Search by the first digits of a member's phone, typed into the search entry. */
  store = hy_member_store_new (hy_window_get_database (window));
  member = hy_member_store_load (store, 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (hy_member_get_phone (member));
  prefix = g_strndup (hy_member_get_phone (member), 7);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find-member", NULL));
  members_page = HY_MEMBERS_PAGE (hy_ui_test_find_widget (GTK_WIDGET (window), HY_TYPE_MEMBERS_PAGE, NULL));
  search = hy_ui_test_find_visible (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY, NULL);
  g_assert_nonnull (search);
  g_assert_true (gtk_widget_has_focus (search) || gtk_widget_has_focus (gtk_widget_get_first_child (search)) ||
                 gtk_widget_is_focus (gtk_root_get_focus (GTK_ROOT (window))));
  gtk_editable_set_text (GTK_EDITABLE (search), prefix);
  hy_ui_test_wait_until (results_arrived, members_page, "search results");
  results = hy_members_page_get_results (members_page);
  for (guint i = 0; i < hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results)); i++)
    {
      g_autoptr(HyMemberItem) result = g_list_model_get_item (results, i);

      /* Phones starting with the digits come first, then those holding them elsewhere. */
      if (hy_member_item_is_loading (result))
        continue;
      g_assert_nonnull (strstr (hy_member_item_get_row (result)->phone, prefix + 3));
      found |= hy_member_item_get_id (result) == 1;
    }
  g_assert_true (found);
  g_assert_nonnull (hy_ui_test_find_visible (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW, NULL));
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "members-search");

  /* Nothing found says so. */
  gtk_editable_set_text (GTK_EDITABLE (search), "no such member zzz");
  hy_ui_test_wait_until (nothing_found, members_page, "an empty search");
  g_assert_cmpuint (hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results)), ==, 0);
  g_assert_nonnull (hy_ui_test_find_visible (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, _("No Members Found")));
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "members-none");

  hy_ui_test_close_window (window);
}

static void
test_not_a_database (void)
{
  HyWindow *window = hy_ui_test_new_window ();
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "notes.huiyuan", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GtkWidget *dialog = NULL;

  g_assert_true (g_file_set_contents (path, "name,phone\nWang,13800138000\n", -1, NULL));
  before = hy_test_file_checksum (path);

  hy_window_open_database (window, path);
  hy_ui_test_wait_until (hy_ui_test_window_idle, window, "the open to fail");
  hy_ui_test_wait_until (hy_ui_test_dialog_shown, &dialog, "the error dialog");
  g_assert_null (hy_window_get_database (window));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, _("Could not Open the Database"));
  g_assert_nonnull (hy_ui_test_find_visible (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, _("Welcome to Huiyuan")));
  hy_ui_test_save_screenshot (dialog, "error-not-a-database");

  after = hy_test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  gtk_window_destroy (GTK_WINDOW (dialog));
  hy_ui_test_close_window (window);
  hy_test_remove_tree (dir);
}

static gboolean
report_ready (gpointer data)
{
  return !hy_reports_page_get_loading (data);
}

static void
test_reports (void)
{
  HyWindow *window = hy_ui_test_new_window ();
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *pdf = g_build_filename (dir, "monthly.pdf", NULL);
  g_autofree char *csv = g_build_filename (dir, "rfm.csv", NULL);
  g_autofree char *csv_text = NULL;
  g_autoptr(GError) error = NULL;
  HyReportsPage *reports;
  GStatBuf st;

  /* The demo of the earlier test, or a new one. */
  hy_window_set_demo_size (window, 2000, 20000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-demo", NULL));
  hy_ui_test_wait_until (hy_ui_test_window_idle, window, "the demo");
  hy_window_show_page (window, "reports");
  reports = HY_REPORTS_PAGE (hy_ui_test_find_widget (GTK_WIDGET (window), HY_TYPE_REPORTS_PAGE, NULL));
  g_assert_nonnull (reports);
  g_assert_nonnull (hy_ui_test_find_visible (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, _("Choose a Report")));

  /* The monthly report of the last full month: pages on screen, a PDF. */
  hy_reports_page_show_report (reports, HY_REPORT_MONTHLY, NULL);
  g_assert_true (hy_reports_page_get_loading (reports));
  hy_ui_test_wait_until (report_ready, reports, "the monthly report");
  g_assert_cmpuint (hy_reports_page_get_n_pages (reports), >=, 2);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "reports");
  g_assert_true (hy_reports_page_save_pdf (reports, pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (pdf, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 10000);

  /* The RFM report as CSV, with a BOM for Excel. */
  hy_reports_page_show_report (reports, HY_REPORT_RFM, NULL);
  hy_ui_test_wait_until (report_ready, reports, "the RFM report");
  g_assert_true (hy_reports_page_save_csv (reports, csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &csv_text, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv_text, "\xef\xbb\xbf"));
  g_assert_nonnull (strstr (csv_text, hy_rfm_class_get_label (HY_RFM_CLASS_IMPORTANT_VALUE)));

  /* The members per tier: every member of the demo is in one row or another. */
  hy_reports_page_show_report (reports, HY_REPORT_TIERS, NULL);
  hy_ui_test_wait_until (report_ready, reports, "the tier report");
  g_assert_cmpuint (hy_reports_page_get_n_pages (reports), ==, 1);
  g_assert_nonnull (hy_ui_test_find_visible (GTK_WIDGET (window), GTK_TYPE_LABEL,
                                             hy_report_kind_get_title (HY_REPORT_TIERS)));
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "reports-tiers");

  /* A statement needs a member that exists. */
  hy_reports_page_show_report (reports, HY_REPORT_STATEMENT, NULL);
  hy_ui_test_wait_until (report_ready, reports, "the statement");
  {
    GtkWidget *entry = hy_ui_test_find_visible (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW, NULL);

    g_assert_nonnull (entry);
    gtk_editable_set_text (GTK_EDITABLE (entry), "13900000000");
    g_signal_emit_by_name (entry, "entry-activated");
    hy_ui_test_wait_until (report_ready, reports, "the statement of nobody");
    g_assert_cmpuint (hy_reports_page_get_n_pages (reports), ==, 0);
    g_assert_nonnull (hy_ui_test_find_visible (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE,
                                               _("The Report Could not Be Made")));
    gtk_editable_set_text (GTK_EDITABLE (entry), "1");
    g_signal_emit_by_name (entry, "entry-activated");
    hy_ui_test_wait_until (report_ready, reports, "the statement of member 1");
    g_assert_cmpuint (hy_reports_page_get_n_pages (reports), >=, 1);
    hy_ui_test_save_screenshot (GTK_WIDGET (window), "reports-statement");
  }

  hy_ui_test_close_window (window);
  hy_test_remove_tree (dir);
}

static gboolean
progress_started (gpointer data)
{
  GtkProgressBar *bar = data;

  return gtk_progress_bar_get_fraction (bar) > 0;
}

static void
test_cancel_demo (void)
{
  HyWindow *window = hy_ui_test_new_window ();
  g_autofree char *demo = g_build_filename (g_get_user_data_dir (), "huiyuan", "demo.huiyuan", NULL);
  GtkWidget *cancel;
  GtkWidget *bar;

  /* The demo of an earlier test would simply be opened: start without one. */
  g_remove (demo);
  g_assert_false (g_file_test (demo, G_FILE_TEST_EXISTS));
  hy_window_set_demo_size (window, 200000, 4000000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-demo", NULL));
  bar = hy_ui_test_find_visible (GTK_WIDGET (window), GTK_TYPE_PROGRESS_BAR, NULL);
  g_assert_nonnull (bar);
  hy_ui_test_wait_until (progress_started, bar, "progress");
  cancel = hy_ui_test_find_visible (GTK_WIDGET (window), GTK_TYPE_BUTTON, _("_Cancel"));
  g_assert_nonnull (cancel);
  g_signal_emit_by_name (cancel, "clicked");
  hy_ui_test_wait_until (hy_ui_test_window_idle, window, "the cancelled demo");

  g_assert_null (hy_window_get_database (window));
  g_assert_nonnull (hy_ui_test_find_visible (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, _("Welcome to Huiyuan")));
  hy_ui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  hy_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/welcome-and-new-store", test_welcome_and_new_store);
  g_test_add_func ("/ui/demo-pages-and-search", test_demo_pages_and_search);
  g_test_add_func ("/ui/reports", test_reports);
  g_test_add_func ("/ui/not-a-database", test_not_a_database);
  g_test_add_func ("/ui/cancel-demo", test_cancel_demo);

  return hy_ui_test_finish (g_test_run ());
}
