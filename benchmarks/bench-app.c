/* bench-app.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The running app on the shared benchmark database, under Xvfb: from start to the first frame
 * of the store's main page, the dashboard painted from the figures kept by its last run, the
 * member search per keystroke, and the memory the app holds.
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "hy-analysis.h"
#include "hy-application.h"
#include "hy-bench.h"
#include "hy-dashboard.h"
#include "hy-dashboard-page.h"
#include "hy-member-list-model.h"
#include "hy-member-store.h"
#include "hy-members-page.h"
#include "hy-window.h"

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (gpointer data);

static void
wait_until (Condition   condition,
            gpointer    data,
            const char *what)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add_seconds (600, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("Timed out waiting for %s", what);
  g_source_remove (source);
}

static gboolean
database_open (gpointer data)
{
  return !hy_window_get_busy (data) && hy_window_get_database (data) != NULL;
}

static gboolean painted;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  painted = TRUE;
}

static gboolean
was_painted (gpointer data)
{
  return painted;
}

static gboolean
dashboard_idle (gpointer data)
{
  return !hy_dashboard_page_get_loading (data);
}

static gboolean
search_done (gpointer data)
{
  return !hy_member_list_model_get_loading (data);
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A line of /proc/self/status in MB: VmRSS is all the app holds in memory, RssAnon the part
 * that is its own (RssFile is the database file mapped by SQLite, which the kernel can drop). */
static double
status_mb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, field)) == NULL)
    return -1;
  return g_ascii_strtod (line + strlen (field), NULL) / 1024.0;
}

/* Types @text into the members page's search: the milliseconds until the results are in the
 * list (appended to @answers) and until they are painted (to @painted_times). */
static void
time_search (HyMembersPage *members,
             const char    *text,
             GArray        *answers,
             GArray        *painted_times)
{
  GListModel *results = hy_members_page_get_results (members);
  double t0 = hy_bench_now (), ms;

  hy_members_page_search (members, text);
  wait_until (search_done, results, "a search");
  ms = hy_bench_now () - t0;
  g_array_append_val (answers, ms);
  if (g_getenv ("HY_BENCH_VERBOSE") != NULL)
    g_printerr ("%-12s %7.1f ms, %u found\n", text, ms,
                hy_member_list_model_get_count (HY_MEMBER_LIST_MODEL (results)));
  /* ... and painted: GTK draws the new rows (with cairo, in software, under Xvfb). */
  painted = FALSE;
  wait_until (was_painted, NULL, "the results painted");
  ms = hy_bench_now () - t0;
  g_array_append_val (painted_times, ms);
}

int
main (int   argc,
      char *argv[])
{
  double started = hy_bench_now ();
  g_autofree char *path = NULL;
  g_autoptr(HyApplication) app = NULL;
  g_autoptr(GArray) keystrokes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) answers = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) to_one = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) back_to_many = g_array_new (FALSE, FALSE, sizeof (double));
  HyWindow *window;
  HyMembersPage *members;
  GListModel *results;
  double opened, first_frame, dashboard_start, dashboard_painted, settled, members_start, members_listed;
  const char *fragments[] = { "1", "13", "138", "1380", "13800", "0013", "8000", "5", "58", "587", "5872", "9587" };

  setlocale (LC_ALL, "");
  if (g_getenv ("DISPLAY") == NULL)
    {
      g_printerr ("bench-app needs a display: run it under xvfb-run\n");
      return 77;
    }

  /* The database, and the dashboard figures its last run kept (not timed). */
  {
    g_autoptr(HyDatabase) db = hy_bench_open_db (TRUE);
    g_autoptr(GError) error = NULL;

    path = g_strdup (hy_database_get_path (db));
    if (hy_dashboard_load (db, HY_DASHBOARD_LAST_30_DAYS, 0) == NULL)
      {
        g_autoptr(HyDashboard) dashboard = hy_dashboard_compute (db, hy_analysis_parse_day (db, NULL, NULL), HY_DASHBOARD_LAST_30_DAYS, 0, &error);

        if (dashboard == NULL || !hy_dashboard_save (db, dashboard, &error))
          g_error ("%s", error->message);
      }
  }

  started = hy_bench_now ();
  gtk_init ();
  adw_init ();
  app = hy_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  window = hy_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  hy_window_open_database (window, path);
  wait_until (database_open, window, "the database");
  opened = hy_bench_now ();

  /* The first frame of the main page, the dashboard showing the kept figures. */
  dashboard_start = opened;
  painted = FALSE;
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint", G_CALLBACK (after_paint_cb), NULL);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  wait_until (was_painted, NULL, "the first frame");
  first_frame = dashboard_painted = hy_bench_now ();

  /* The dashboard's fresh figures are computed in the background after the kept ones are
   * painted; let that finish before timing keystrokes against it. */
  wait_until (dashboard_idle, find_widget (GTK_WIDGET (window), HY_TYPE_DASHBOARD_PAGE), "the dashboard");
  settled = hy_bench_now ();

  /* Search as you type, on the members page. */
  members_start = hy_bench_now ();
  hy_window_show_page (window, "members");
  members = HY_MEMBERS_PAGE (find_widget (GTK_WIDGET (window), HY_TYPE_MEMBERS_PAGE));
  results = hy_members_page_get_results (members);
  wait_until (search_done, results, "the member list");
  members_listed = hy_bench_now ();
  for (guint round = 0; round < 5; round++)
    for (guint i = 0; i < G_N_ELEMENTS (fragments); i++)
      time_search (members, fragments[i], answers, keystrokes);

  /* A whole phone number typed: from the members of its first digits to the one member, and
   * back (GTK 4.8 then destroys or builds the ~200 rows it keeps: not counted above). */
  {
    g_autoptr(HyMemberStore) store = hy_member_store_new (hy_window_get_database (window));
    g_autoptr(GArray) painted_times = g_array_new (FALSE, FALSE, sizeof (double));

    for (gint64 id = 1; id <= 5; id++)
      {
        g_autoptr(HyMember) member = hy_member_store_load (store, id * 1000, NULL);

        if (member == NULL || hy_member_get_phone (member) == NULL)
          continue;
        time_search (members, "13", painted_times, painted_times);
        time_search (members, hy_member_get_phone (member), to_one, painted_times);
        time_search (members, "13", back_to_many, painted_times);
      }
    g_array_sort (to_one, hy_bench_compare_doubles);
    g_array_sort (back_to_many, hy_bench_compare_doubles);
  }
  g_array_sort (keystrokes, hy_bench_compare_doubles);
  g_array_sort (answers, hy_bench_compare_doubles);

  hy_bench_report ("app: members", hy_bench_members (), "");
  hy_bench_report ("app: start to database open", opened - started, "ms");
  hy_bench_report ("app: start to first frame of the main page", first_frame - started, "ms");
  hy_bench_report ("app: dashboard from database to first painted frame", dashboard_painted - dashboard_start, "ms");
  hy_bench_report ("app: dashboard's fresh figures computed in the background", settled - opened, "ms");
  hy_bench_report ("app: members page, first shown to its first rows (everyone, counted)", members_listed - members_start, "ms");
  hy_bench_report ("app: search per keystroke, results in the list: p50", hy_bench_percentile (answers, 0.50), "ms");
  hy_bench_report ("app: search per keystroke, results in the list: p99", hy_bench_percentile (answers, 0.99), "ms");
  hy_bench_report ("app: search per keystroke, results painted: p50", hy_bench_percentile (keystrokes, 0.50), "ms");
  hy_bench_report ("app: search per keystroke, results painted: p99", hy_bench_percentile (keystrokes, 0.99), "ms");
  if (to_one->len > 0)
    {
      hy_bench_report ("app: search, a whole phone number after its first digits (median)", hy_bench_percentile (to_one, 0.50), "ms");
      hy_bench_report ("app: search, back to the first digits (median)", hy_bench_percentile (back_to_many, 0.50), "ms");
    }
  hy_bench_report ("app: memory, resident (VmRSS)", status_mb ("VmRSS:"), "MB");
  hy_bench_report ("app: memory, its own (RssAnon)", status_mb ("RssAnon:"), "MB");
  hy_bench_report ("app: memory, database file mapped (RssFile)", status_mb ("RssFile:"), "MB");

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
