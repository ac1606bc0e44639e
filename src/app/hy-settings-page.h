/* hy-settings-page.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hy-database.h"

G_BEGIN_DECLS

#define HY_TYPE_SETTINGS_PAGE (hy_settings_page_get_type ())

G_DECLARE_FINAL_TYPE (HySettingsPage, hy_settings_page, HY, SETTINGS_PAGE, AdwBin)

void      hy_settings_page_set_database (HySettingsPage *self,
                                         HyDatabase     *database);
gboolean  hy_settings_page_get_busy     (HySettingsPage *self);
GtkWidget *hy_settings_page_edit_tier   (HySettingsPage *self,
                                         guint           index);

G_END_DECLS
