/* hy-ui-test-util.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every UI test needs: a private home and D-Bus, the application, waiting for the window,
 * finding the widgets a user can see, and saving a PNG of what is on screen.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "hy-chart-view.h"
#include "hy-dashboard-page.h"
#include "hy-test-util.h"
#include "hy-ui-test-util.h"

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

/* Runs the main loop until the condition holds; fails the test after a generous time. */
void
hy_ui_test_wait_until (HyUiCondition  condition,
                       gpointer       data,
                       const char    *what)
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
void
hy_ui_test_settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
hy_ui_test_window_idle (gpointer data)
{
  HyWindow *window = data;
  GtkWidget *dashboard;

  if (hy_window_get_busy (window))
    return FALSE;
  dashboard = g_object_get_data (G_OBJECT (window), "test-dashboard");
  return dashboard == NULL || !hy_dashboard_page_get_loading (HY_DASHBOARD_PAGE (dashboard));
}

GtkWidget *
hy_ui_test_find_widget (GtkWidget  *root,
                        GType       type,
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
      /* An icon button by what its tooltip says. */
      if (GTK_IS_BUTTON (root) && gtk_button_get_label (GTK_BUTTON (root)) == NULL &&
          g_strcmp0 (gtk_widget_get_tooltip_text (root), label) == 0)
        return root;
      if (ADW_IS_STATUS_PAGE (root) && g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (root)), label) == 0)
        return root;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = hy_ui_test_find_widget (child, type, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The widget of this type and label that the user can see now. */
GtkWidget *
hy_ui_test_find_visible (GtkWidget  *root,
                         GType       type,
                         const char *label)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_get_mapped (root) &&
      hy_ui_test_find_widget (root, type, label) == root)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = hy_ui_test_find_visible (child, type, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
hy_ui_test_save_screenshot (GtkWidget  *widget,
                            const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_strdup_printf ("%s/%s.png", screenshot_dir, name);
  int width;
  int height;

  hy_ui_test_settle (300);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  /* On a busy machine a page just shown may not have been drawn yet: give it a few frames. */
  for (guint attempt = 0; node == NULL && attempt < 50; attempt++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      if (attempt > 0)
        hy_ui_test_settle (100);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s", path);
}

/* The controller of @type of @widget, as a pointer event would reach it. */
static GObject *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;   /* the widget holds it */
    }
  return NULL;
}

static gboolean
click_at (GtkWidget *chart_view,
          double     x,
          double     y)
{
  GObject *click = find_controller (chart_view, GTK_TYPE_GESTURE_CLICK);

  if (click == NULL)
    return FALSE;
  g_signal_emit_by_name (click, "released", 1, x, y);
  return TRUE;
}

/* Clicks a chart view where its hit test finds bar (or band) @index, in the column at @x (-1:
 * the middle), through its click gesture as a pointer would.  FALSE when no point there hits. */
gboolean
hy_ui_test_click_chart (GtkWidget *chart_view,
                        int        index,
                        double     x)
{
  int height = gtk_widget_get_height (chart_view);

  if (x < 0)
    x = gtk_widget_get_width (chart_view) / 2.0;
  for (double y = 0.5; y < height; y += 1)
    if (hy_chart_view_hit (HY_CHART_VIEW (chart_view), x, y) == index)
      return click_at (chart_view, x, y);
  return FALSE;
}

/* Clicks cell (@row, @column) of a heatmap chart view, as hy_ui_test_click_chart() does.  The
 * cells are larger than 5 pixels each way: every fifth pixel is tried, each hit test laying the
 * chart out again. */
gboolean
hy_ui_test_click_chart_cell (GtkWidget *chart_view,
                             guint      row,
                             guint      column)
{
  int width = gtk_widget_get_width (chart_view), height = gtk_widget_get_height (chart_view);

  for (double y = 0.5; y < height; y += 5)
    for (double x = 0.5; x < width; x += 5)
      {
        guint r, c;

        if (hy_chart_view_hit_cell (HY_CHART_VIEW (chart_view), x, y, &r, &c) && r == row && c == column)
          return click_at (chart_view, x, y);
      }
  return FALSE;
}

/* Moves the pointer over (@x, @y) of @widget, through its motion controller. */
void
hy_ui_test_hover (GtkWidget *widget,
                  double     x,
                  double     y)
{
  GObject *motion = find_controller (widget, GTK_TYPE_EVENT_CONTROLLER_MOTION);

  g_assert_nonnull (motion);
  g_signal_emit_by_name (motion, "motion", x, y);
}

HyWindow *
hy_ui_test_new_window (void)
{
  HyWindow *window = hy_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  g_object_set_data (G_OBJECT (window), "test-dashboard",
                     hy_ui_test_find_widget (GTK_WIDGET (window), HY_TYPE_DASHBOARD_PAGE, NULL));
  hy_ui_test_settle (200);
  return window;
}

void
hy_ui_test_close_window (HyWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  hy_ui_test_settle (50);
}

gboolean
hy_ui_test_dialog_shown (gpointer data)
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

/* Call first: a private home, the test framework, a private session bus, GTK and the app. */
void
hy_ui_test_init (int    *argc,
                 char ***argv)
{
  const char *lang = g_getenv ("HY_TEST_LANGUAGE");
  g_autofree char *display = NULL;

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

  g_test_init (argc, argv, NULL);

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

}

HyApplication *
hy_ui_test_get_app (void)
{
  return app;
}

/* Call last, with g_test_run ()'s result. */
int
hy_ui_test_finish (int ret)
{
  g_clear_object (&app);
  g_test_dbus_stop (bus);
  hy_test_remove_tree (home_dir);
  g_free (home_dir);
  g_free (screenshot_dir);
  return ret;
}

/* The mapped AdwPreferencesRow titled @title under @root, or NULL. */
GtkWidget *
hy_ui_test_find_row (GtkWidget  *root,
                     const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = hy_ui_test_find_row (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}
