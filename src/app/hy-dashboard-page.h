/* hy-dashboard-page.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hy-database.h"

G_BEGIN_DECLS

#define HY_TYPE_DASHBOARD_PAGE (hy_dashboard_page_get_type ())

G_DECLARE_FINAL_TYPE (HyDashboardPage, hy_dashboard_page, HY, DASHBOARD_PAGE, AdwBin)

void     hy_dashboard_page_set_database (HyDashboardPage *self,
                                         HyDatabase      *database);
gboolean hy_dashboard_page_get_loading  (HyDashboardPage *self);

G_END_DECLS
