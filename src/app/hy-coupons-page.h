/* hy-coupons-page.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hy-database.h"

G_BEGIN_DECLS

#define HY_TYPE_COUPONS_PAGE (hy_coupons_page_get_type ())

G_DECLARE_FINAL_TYPE (HyCouponsPage, hy_coupons_page, HY, COUPONS_PAGE, AdwBin)

void       hy_coupons_page_set_database (HyCouponsPage *self,
                                         HyDatabase    *database);
gboolean   hy_coupons_page_get_busy     (HyCouponsPage *self);
void       hy_coupons_page_reload       (HyCouponsPage *self);
GtkWidget *hy_coupons_page_issue_dialog (HyCouponsPage *self,
                                         guint          index);

G_END_DECLS
