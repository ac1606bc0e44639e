/* hy-dashboard-chooser.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hy-dashboard.h"

G_BEGIN_DECLS

#define HY_TYPE_DASHBOARD_CHOOSER (hy_dashboard_chooser_get_type ())

G_DECLARE_FINAL_TYPE (HyDashboardChooser, hy_dashboard_chooser, HY, DASHBOARD_CHOOSER, GtkBox)

GtkWidget         *hy_dashboard_chooser_new            (void);
void               hy_dashboard_chooser_set_database   (HyDashboardChooser *self,
                                                        HyDatabase         *database);
HyDashboardPeriod  hy_dashboard_chooser_get_period     (HyDashboardChooser *self);
void               hy_dashboard_chooser_set_period     (HyDashboardChooser *self,
                                                        HyDashboardPeriod   period);
gint64             hy_dashboard_chooser_get_store_id   (HyDashboardChooser *self);
void               hy_dashboard_chooser_set_store_id   (HyDashboardChooser *self,
                                                        gint64              store_id);
const char        *hy_dashboard_chooser_get_store_name (HyDashboardChooser *self,
                                                        gint64              store_id);

G_END_DECLS
