/* hy-reports-page.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hy-database.h"
#include "hy-reports.h"

G_BEGIN_DECLS

#define HY_TYPE_REPORTS_PAGE (hy_reports_page_get_type ())

G_DECLARE_FINAL_TYPE (HyReportsPage, hy_reports_page, HY, REPORTS_PAGE, AdwBin)

void        hy_reports_page_set_database (HyReportsPage  *self,
                                          HyDatabase     *database);
void        hy_reports_page_show_report  (HyReportsPage  *self,
                                          HyReportKind    kind,
                                          const char     *period);
gboolean    hy_reports_page_get_loading  (HyReportsPage  *self);
guint       hy_reports_page_get_n_pages  (HyReportsPage  *self);
gboolean    hy_reports_page_save_pdf     (HyReportsPage  *self,
                                          const char     *path,
                                          GError        **error);
gboolean    hy_reports_page_save_csv     (HyReportsPage  *self,
                                          const char     *path,
                                          GError        **error);

G_END_DECLS
