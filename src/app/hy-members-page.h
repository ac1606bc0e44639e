/* hy-members-page.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hy-database.h"

G_BEGIN_DECLS

#define HY_TYPE_MEMBERS_PAGE (hy_members_page_get_type ())

G_DECLARE_FINAL_TYPE (HyMembersPage, hy_members_page, HY, MEMBERS_PAGE, AdwBin)

void        hy_members_page_set_database (HyMembersPage *self,
                                          HyDatabase    *database);
void        hy_members_page_focus_search (HyMembersPage *self);
void        hy_members_page_search       (HyMembersPage *self,
                                          const char    *query);
GListModel *hy_members_page_get_results  (HyMembersPage *self);

G_END_DECLS
