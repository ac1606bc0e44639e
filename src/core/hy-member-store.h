/* hy-member-store.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hy-database.h"
#include "hy-member.h"

G_BEGIN_DECLS

#define HY_TYPE_MEMBER_STORE (hy_member_store_get_type ())

G_DECLARE_FINAL_TYPE (HyMemberStore, hy_member_store, HY, MEMBER_STORE, GObject)

HyMemberStore *hy_member_store_new             (HyDatabase      *db);
HyDatabase    *hy_member_store_get_database    (HyMemberStore   *self);

gboolean       hy_member_store_create          (HyMemberStore   *self,
                                                HyMember        *member,
                                                GError         **error);
gboolean       hy_member_store_update          (HyMemberStore   *self,
                                                HyMember        *member,
                                                GError         **error);
HyMember      *hy_member_store_load            (HyMemberStore   *self,
                                                gint64           member_id,
                                                GError         **error);
gint64         hy_member_store_resolve         (HyMemberStore   *self,
                                                gint64           member_id);
gint64         hy_member_store_find            (HyMemberStore   *self,
                                                HyIdentityKind   kind,
                                                const char      *value,
                                                GError         **error);
gint64         hy_member_store_find_by_uid     (HyMemberStore   *self,
                                                const char      *uid);
GArray        *hy_member_store_find_owners     (HyMemberStore   *self,
                                                HyMember        *draft);

gboolean       hy_member_store_add_identity    (HyMemberStore   *self,
                                                gint64           member_id,
                                                HyIdentityKind   kind,
                                                const char      *value,
                                                GError         **error);
gboolean       hy_member_store_remove_identity (HyMemberStore   *self,
                                                gint64           member_id,
                                                HyIdentityKind   kind,
                                                const char      *value,
                                                GError         **error);
gboolean       hy_member_store_add_tag         (HyMemberStore   *self,
                                                gint64           member_id,
                                                const char      *tag,
                                                GError         **error);
gboolean       hy_member_store_remove_tag      (HyMemberStore   *self,
                                                gint64           member_id,
                                                const char      *tag,
                                                GError         **error);

gboolean       hy_member_store_merge           (HyMemberStore   *self,
                                                gint64           survivor_id,
                                                gint64           merged_id,
                                                const char      *actor,
                                                const char      *reason,
                                                GError         **error);

gboolean       hy_member_store_set_referrer    (HyMemberStore   *self,
                                                gint64           member_id,
                                                gint64           referrer_id,
                                                GError         **error);
gint64         hy_member_store_get_referrer    (HyMemberStore   *self,
                                                gint64           member_id,
                                                GError         **error);

GArray        *hy_member_store_search          (HyMemberStore   *self,
                                                const char      *query,
                                                guint            limit,
                                                GError         **error);
gint64         hy_member_store_count           (HyMemberStore   *self);

G_END_DECLS
