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

#include "hy-application.h"
#include "hy-dashboard-page.h"
#include "hy-member-store.h"
#include "hy-members-page.h"
#include "hy-test-util.h"
#include "hy-window.h"

static HyApplication *app;
static char *screenshot_dir;
static char *home_dir;
static GTestDBus *bus;   /* never freed: its finalizer would wait for GTK's connection to go */

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until the condition holds; fails the test after a generous time. */
static void
wait_until (Condition   condition,
            gpointer    data,
            const char *what)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add_seconds (120, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("Timed out waiting for %s", what);
  g_source_remove (source);
}

/* Lets the window lay out and paint for a moment. */
static void
settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
window_idle (gpointer data)
{
  HyWindow *window = data;
  GtkWidget *dashboard;

  if (hy_window_get_busy (window))
    return FALSE;
  dashboard = g_object_get_data (G_OBJECT (window), "test-dashboard");
  return dashboard == NULL || !hy_dashboard_page_get_loading (HY_DASHBOARD_PAGE (dashboard));
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type,
             const char *label)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    {
      if (label == NULL)
        return root;
      if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), label) == 0)
        return root;
      if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
        return root;
      if (ADW_IS_STATUS_PAGE (root) && g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (root)), label) == 0)
        return root;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The widget of this type and label that the user can see now. */
static GtkWidget *
find_visible (GtkWidget  *root,
              GType       type,
              const char *label)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_get_mapped (root) &&
      find_widget (root, type, label) == root)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_visible (child, type, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_strdup_printf ("%s/%s.png", screenshot_dir, name);
  int width;
  int height;

  settle (300);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s", path);
}

static HyWindow *
new_window (void)
{
  HyWindow *window = hy_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  g_object_set_data (G_OBJECT (window), "test-dashboard",
                     find_widget (GTK_WIDGET (window), HY_TYPE_DASHBOARD_PAGE, NULL));
  settle (200);
  return window;
}

static void
close_window (HyWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  settle (50);
}

static const char *
card_value (HyWindow   *window,
            const char *title)
{
  GtkWidget *title_label = find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, title);

  g_assert_nonnull (title_label);
  return gtk_label_get_label (GTK_LABEL (gtk_widget_get_next_sibling (title_label)));
}

static void
test_welcome_and_new_store (void)
{
  HyWindow *window = new_window ();
  GtkWidget *create;
  GtkWidget *entry;

  g_assert_null (hy_window_get_database (window));
  g_assert_nonnull (find_visible (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, _("Welcome to Huiyuan")));
  g_assert_nonnull (find_visible (GTK_WIDGET (window), GTK_TYPE_BUTTON, _("_New Store Database")));
  g_assert_nonnull (find_visible (GTK_WIDGET (window), GTK_TYPE_BUTTON, _("Open _Demo")));
  save_screenshot (GTK_WIDGET (window), "welcome");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-database", NULL));
  settle (100);
  create = find_visible (GTK_WIDGET (window), GTK_TYPE_BUTTON, _("C_reate"));
  g_assert_nonnull (create);
  /* No name yet: nothing to create. */
  g_assert_false (gtk_widget_get_sensitive (create));

  entry = find_visible (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW, NULL);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "丽人美容 Beauty");
  g_assert_true (gtk_widget_get_sensitive (create));
  save_screenshot (GTK_WIDGET (window), "new-store");

  g_signal_emit_by_name (create, "clicked");
  wait_until (window_idle, window, "the new database");
  g_assert_nonnull (hy_window_get_database (window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "丽人美容 Beauty");
  g_assert_true (g_str_has_suffix (hy_database_get_path (hy_window_get_database (window)), "丽人美容 Beauty.huiyuan"));
  g_assert_cmpstr (card_value (window, _("Members")), ==, "0");
  save_screenshot (GTK_WIDGET (window), "empty-store");
  g_assert_nonnull (find_visible (GTK_WIDGET (window), GTK_TYPE_LABEL,
                                  _("No purchases yet. Import them with huiyuan-cli, or open the demo to look around.")));
  save_screenshot (GTK_WIDGET (window), "empty-store");

  /* The next start opens this database. */
  {
    g_autofree char *last = g_settings_get_string (hy_application_get_settings (app), "last-database");

    g_assert_cmpstr (last, ==, hy_database_get_path (hy_window_get_database (window)));
  }
  close_window (window);
}

static gboolean
results_arrived (gpointer data)
{
  return g_list_model_get_n_items (hy_members_page_get_results (data)) > 0;
}

static void
test_demo_pages_and_search (void)
{
  HyWindow *window = new_window ();
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
  save_screenshot (GTK_WIDGET (window), "demo-progress");
  wait_until (window_idle, window, "the demo");
  g_assert_nonnull (hy_window_get_database (window));

  /* The dashboard shows what the database holds. */
  g_assert_cmpstr (card_value (window, _("Members")), ==, "2,000");
  save_screenshot (GTK_WIDGET (window), "dashboard");
  g_assert_nonnull (find_visible (GTK_WIDGET (window), GTK_TYPE_LABEL, _("At a Glance")));

  /* Every page, through the sidebar. */
  pages = G_LIST_MODEL (gtk_stack_get_pages (GTK_STACK (gtk_widget_get_parent (
            find_widget (GTK_WIDGET (window), HY_TYPE_MEMBERS_PAGE, NULL)))));
  g_assert_cmpuint (g_list_model_get_n_items (pages), ==, 9);
  for (guint i = 0; i < g_list_model_get_n_items (pages); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (pages, i);
      const char *name = gtk_stack_page_get_name (GTK_STACK_PAGE (item));
      g_autofree char *shot = g_strdup_printf ("page-%s", name);

      hy_window_show_page (window, name);
      settle (100);
      g_assert_true (gtk_widget_get_mapped (gtk_stack_page_get_child (GTK_STACK_PAGE (item))));
      if (i >= 2)
        g_assert_nonnull (find_visible (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, _("Not Built Yet")));
      save_screenshot (GTK_WIDGET (window), shot);
    }

  /* Search by the first digits of a member's phone, typed into the search entry. */
  store = hy_member_store_new (hy_window_get_database (window));
  member = hy_member_store_load (store, 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (hy_member_get_phone (member));
  prefix = g_strndup (hy_member_get_phone (member), 7);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find-member", NULL));
  members_page = HY_MEMBERS_PAGE (find_widget (GTK_WIDGET (window), HY_TYPE_MEMBERS_PAGE, NULL));
  g_assert_nonnull (find_visible (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, _("Find a Member")));
  search = find_visible (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY, NULL);
  g_assert_nonnull (search);
  g_assert_true (gtk_widget_has_focus (search) || gtk_widget_has_focus (gtk_widget_get_first_child (search)) ||
                 gtk_widget_is_focus (gtk_root_get_focus (GTK_ROOT (window))));
  gtk_editable_set_text (GTK_EDITABLE (search), prefix);
  wait_until (results_arrived, members_page, "search results");
  results = hy_members_page_get_results (members_page);
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(HyMember) result = g_list_model_get_item (results, i);

      g_assert_true (g_str_has_prefix (hy_member_get_phone (result), prefix));
      found |= hy_member_get_id (result) == 1;
    }
  g_assert_true (found);
  g_assert_nonnull (find_visible (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW, NULL));
  save_screenshot (GTK_WIDGET (window), "members-search");

  /* Nothing found says so. */
  gtk_editable_set_text (GTK_EDITABLE (search), "no such member zzz");
  settle (400);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);
  g_assert_nonnull (find_visible (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, _("No Members Found")));
  save_screenshot (GTK_WIDGET (window), "members-none");

  close_window (window);
}

static gboolean
dialog_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        {
          *(GtkWidget **) data = GTK_WIDGET (toplevel);
          return TRUE;
        }
    }
  return FALSE;
}

static void
test_not_a_database (void)
{
  HyWindow *window = new_window ();
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "notes.huiyuan", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GtkWidget *dialog = NULL;

  g_assert_true (g_file_set_contents (path, "name,phone\nWang,13800138000\n", -1, NULL));
  before = hy_test_file_checksum (path);

  hy_window_open_database (window, path);
  wait_until (window_idle, window, "the open to fail");
  wait_until (dialog_shown, &dialog, "the error dialog");
  g_assert_null (hy_window_get_database (window));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, _("Could not Open the Database"));
  g_assert_nonnull (find_visible (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, _("Welcome to Huiyuan")));
  save_screenshot (dialog, "error-not-a-database");

  after = hy_test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  gtk_window_destroy (GTK_WINDOW (dialog));
  close_window (window);
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
  HyWindow *window = new_window ();
  g_autofree char *demo = g_build_filename (g_get_user_data_dir (), "huiyuan", "demo.huiyuan", NULL);
  GtkWidget *cancel;
  GtkWidget *bar;

  /* The demo of an earlier test would simply be opened: start without one. */
  g_remove (demo);
  g_assert_false (g_file_test (demo, G_FILE_TEST_EXISTS));
  hy_window_set_demo_size (window, 200000, 4000000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-demo", NULL));
  bar = find_visible (GTK_WIDGET (window), GTK_TYPE_PROGRESS_BAR, NULL);
  g_assert_nonnull (bar);
  wait_until (progress_started, bar, "progress");
  cancel = find_visible (GTK_WIDGET (window), GTK_TYPE_BUTTON, _("_Cancel"));
  g_assert_nonnull (cancel);
  g_signal_emit_by_name (cancel, "clicked");
  wait_until (window_idle, window, "the cancelled demo");

  g_assert_null (hy_window_get_database (window));
  g_assert_nonnull (find_visible (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, _("Welcome to Huiyuan")));
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  const char *lang = g_getenv ("HY_TEST_LANGUAGE");
  g_autofree char *display = NULL;
  int ret;

  if (lang == NULL)
    lang = "en";
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("HUIYUAN_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* A private home for settings and databases.  G_TEST_OPTION_ISOLATE_DIRS would also hide the
   * system's data folders, and with them the MIME database and icon themes GTK needs. */
  home_dir = hy_test_make_tmpdir ();
  g_setenv ("HOME", home_dir, TRUE);
  for (guint i = 0; i < 4; i++)
    {
      const char *var[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };
      g_autofree char *dir = g_build_filename (home_dir, var[i], NULL);

      g_setenv (var[i], dir, TRUE);
    }

  g_test_init (&argc, &argv, NULL);

  /* GtkApplication exports itself on the session bus: give it a private one.  Starting it
   * unsets DISPLAY (against D-Bus autolaunch), so put Xvfb's display back. */
  display = g_strdup (g_getenv ("DISPLAY"));
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  gtk_init ();
  adw_init ();

  if (g_str_equal (lang, "zh_CN") && g_str_equal (_("Welcome to Huiyuan"), "Welcome to Huiyuan"))
    g_error ("No zh_CN translation: is the zh_CN.UTF-8 locale installed (localedef -i zh_CN -f UTF-8 zh_CN.UTF-8)?");

  screenshot_dir = g_strdup (g_getenv ("HY_SCREENSHOT_DIR"));
  if (screenshot_dir == NULL)
    screenshot_dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "screenshots", lang, NULL);
  g_mkdir_with_parents (screenshot_dir, 0755);

  app = hy_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/ui/welcome-and-new-store", test_welcome_and_new_store);
  g_test_add_func ("/ui/demo-pages-and-search", test_demo_pages_and_search);
  g_test_add_func ("/ui/not-a-database", test_not_a_database);
  g_test_add_func ("/ui/cancel-demo", test_cancel_demo);
  ret = g_test_run ();

  g_clear_object (&app);
  g_test_dbus_stop (bus);
  hy_test_remove_tree (home_dir);
  g_free (home_dir);
  g_free (screenshot_dir);
  return ret;
}
