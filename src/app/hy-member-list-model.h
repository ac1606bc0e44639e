/* hy-member-list-model.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hy-database.h"
#include "hy-member-list.h"

G_BEGIN_DECLS

#define HY_TYPE_MEMBER_LIST_MODEL (hy_member_list_model_get_type ())

G_DECLARE_FINAL_TYPE (HyMemberListModel, hy_member_list_model, HY, MEMBER_LIST_MODEL, GObject)

HyMemberListModel *hy_member_list_model_new             (void);
void               hy_member_list_model_set_database    (HyMemberListModel        *self,
                                                         HyDatabase               *database);
void               hy_member_list_model_set_query       (HyMemberListModel        *self,
                                                         const HyMemberListQuery  *query);
void               hy_member_list_model_reload          (HyMemberListModel        *self);
guint              hy_member_list_model_get_count       (HyMemberListModel        *self);
gboolean           hy_member_list_model_get_loading     (HyMemberListModel        *self);
gboolean           hy_member_list_model_get_capped      (HyMemberListModel        *self);
const GError      *hy_member_list_model_get_error       (HyMemberListModel        *self);
void               hy_member_list_model_fetch_ids_async (HyMemberListModel        *self,
                                                         GtkBitset                *positions,
                                                         GCancellable             *cancellable,
                                                         GAsyncReadyCallback       callback,
                                                         gpointer                  user_data);
GArray            *hy_member_list_model_fetch_ids_finish (HyMemberListModel       *self,
                                                          GAsyncResult            *result,
                                                          GError                 **error);

G_END_DECLS
