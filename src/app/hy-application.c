/* hy-application.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application: one window per database, opened on the last database or, on the first run,
 * on the welcome page that offers a new store database or the demo.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-application.h"
#include "hy-preferences-window.h"
#include "hy-window.h"

struct _HyApplication
{
  AdwApplication parent_instance;

  /* Owned references */
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (HyApplication, hy_application, ADW_TYPE_APPLICATION)

HyApplication *
hy_application_new (void)
{
  return g_object_new (HY_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/huiyuan/Huiyuan",
                       NULL);
}

GSettings *
hy_application_get_settings (HyApplication *self)
{
  g_return_val_if_fail (HY_IS_APPLICATION (self), NULL);

  return self->settings;
}

static HyWindow *
hy_application_new_window (HyApplication *self)
{
  HyWindow *window = hy_window_new (self);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
hy_application_activate (GApplication *app)
{
  HyApplication *self = HY_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autofree char *last = NULL;

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  window = GTK_WINDOW (hy_application_new_window (self));
  last = g_settings_get_string (self->settings, "last-database");
  if (g_settings_get_boolean (self->settings, "open-last-database") &&
      *last != '\0' && g_file_test (last, G_FILE_TEST_EXISTS))
    hy_window_open_database (HY_WINDOW (window), last);
}

static void
hy_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  HyApplication *self = HY_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      if (path != NULL)
        hy_window_open_database (hy_application_new_window (self), path);
    }
}

static void
hy_application_about (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Huiyuan authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Huiyuan"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Huiyuan authors"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "website", "https://huiyuan.org",
                        "copyright", "© 2026 The Huiyuan authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
hy_application_preferences (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  HyApplication *self = HY_APPLICATION (user_data);
  HyPreferencesWindow *window;

  window = hy_preferences_window_new (gtk_application_get_active_window (GTK_APPLICATION (self)), self->settings);
  gtk_window_present (GTK_WINDOW (window));
}

static void
hy_application_quit (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (app);

  /* Closing each window saves its size and cancels its background work. */
  while (windows != NULL)
    {
      GList *next = windows->next;

      gtk_window_close (GTK_WINDOW (windows->data));
      windows = next;
    }
}

static void
hy_application_new_window_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  hy_application_new_window (HY_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", hy_application_about },
  { "preferences", hy_application_preferences },
  { "quit", hy_application_quit },
  { "new-window", hy_application_new_window_action },
};

static void
hy_application_startup (GApplication *app)
{
  HyApplication *self = HY_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *new_window_accels[] = { "<Control>n", NULL };
  static const char *open_accels[] = { "<Control>o", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (hy_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new-window", new_window_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.open-database", open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.find-member", search_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
}

static void
hy_application_finalize (GObject *object)
{
  HyApplication *self = HY_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (hy_application_parent_class)->finalize (object);
}

static void
hy_application_class_init (HyApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = hy_application_finalize;

  app_class->activate = hy_application_activate;
  app_class->open = hy_application_open;
  app_class->startup = hy_application_startup;
}

static void
hy_application_init (HyApplication *self)
{
  self->settings = g_settings_new (APP_ID);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Open Huiyuan on its last database, or on the databases given."));
}
