/* hy-members-page.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hy-database.h"
#include "hy-member-list.h"
#include "hy-member-page.h"

G_BEGIN_DECLS

#define HY_TYPE_MEMBERS_PAGE (hy_members_page_get_type ())

/* Selects the members to list, on a worker thread with a connection of its own (@db): their
 * ids, ascending, or %NULL with @error set. */
typedef GArray *(*HyMembersSelectFunc) (HyDatabase    *db,
                                        gpointer       data,
                                        GCancellable  *cancellable,
                                        GError       **error);

G_DECLARE_FINAL_TYPE (HyMembersPage, hy_members_page, HY, MEMBERS_PAGE, AdwBin)

void               hy_members_page_set_database    (HyMembersPage *self,
                                                    HyDatabase    *database);
void               hy_members_page_focus_search    (HyMembersPage *self);
void               hy_members_page_search          (HyMembersPage *self,
                                                    const char    *query);
void               hy_members_page_sort_by         (HyMembersPage *self,
                                                    HyMemberSort   sort,
                                                    gboolean       descending);
void               hy_members_page_set_filter      (HyMembersPage *self,
                                                    HyMemberFilter filter,
                                                    int            value);
HyMemberFilter     hy_members_page_get_filter      (HyMembersPage *self,
                                                    int           *value);
void               hy_members_page_show_selection  (HyMembersPage       *self,
                                                    const char          *description,
                                                    HyMembersSelectFunc  func,
                                                    gpointer             data,
                                                    GDestroyNotify       data_free);
gboolean           hy_members_page_get_selecting   (HyMembersPage *self);
const char        *hy_members_page_get_filter_text (HyMembersPage *self);
void               hy_members_page_reload_analysis (HyMembersPage *self);
void               hy_members_page_open            (HyMembersPage *self,
                                                    gint64         member_id);
void               hy_members_page_export_to       (HyMembersPage *self,
                                                    const char    *path);
GListModel        *hy_members_page_get_results     (HyMembersPage *self);
GtkSelectionModel *hy_members_page_get_selection   (HyMembersPage *self);
HyMemberPage      *hy_members_page_get_member_page (HyMembersPage *self);

G_END_DECLS
