/* hy-tiers-page.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hy-database.h"

G_BEGIN_DECLS

#define HY_TYPE_TIERS_PAGE (hy_tiers_page_get_type ())

G_DECLARE_FINAL_TYPE (HyTiersPage, hy_tiers_page, HY, TIERS_PAGE, AdwBin)

void      hy_tiers_page_set_database (HyTiersPage *self,
                                      HyDatabase  *database);
gboolean  hy_tiers_page_get_busy     (HyTiersPage *self);
void      hy_tiers_page_reload       (HyTiersPage *self);
void      hy_tiers_page_review       (HyTiersPage *self);

G_END_DECLS
