/* hy-preferences-window.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application's own preferences, kept in GSettings and bound to their widgets, so a change
 * is saved as it is made.  The store's settings live in its database, on the Settings page.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-preferences-window.h"

struct _HyPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  /* Template widgets */
  GtkSwitch           *open_last_switch;
  GtkSpinButton       *demo_members_spin;
  GtkSpinButton       *demo_transactions_spin;
};

G_DEFINE_FINAL_TYPE (HyPreferencesWindow, hy_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
hy_preferences_window_class_init (HyPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/huiyuan/Huiyuan/ui/hy-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HyPreferencesWindow, open_last_switch);
  gtk_widget_class_bind_template_child (widget_class, HyPreferencesWindow, demo_members_spin);
  gtk_widget_class_bind_template_child (widget_class, HyPreferencesWindow, demo_transactions_spin);
}

static void
hy_preferences_window_init (HyPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

HyPreferencesWindow *
hy_preferences_window_new (GtkWindow *parent,
                           GSettings *settings)
{
  HyPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (HY_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  g_settings_bind (settings, "open-last-database", self->open_last_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "demo-members", gtk_spin_button_get_adjustment (self->demo_members_spin),
                   "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "demo-transactions", gtk_spin_button_get_adjustment (self->demo_transactions_spin),
                   "value", G_SETTINGS_BIND_DEFAULT);
  return self;
}
