/* hy-member.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "hy-types.h"

G_BEGIN_DECLS

#define HY_TYPE_MEMBER (hy_member_get_type ())

G_DECLARE_FINAL_TYPE (HyMember, hy_member, HY, MEMBER, GObject)

const char          *hy_identity_kind_to_string   (HyIdentityKind   kind);
gboolean             hy_identity_kind_from_string (const char      *text,
                                                   HyIdentityKind  *out_kind);
const char          *hy_identity_kind_get_label   (HyIdentityKind   kind);
char                *hy_identity_normalize        (HyIdentityKind   kind,
                                                   const char      *value,
                                                   GError         **error);
void                 hy_identity_free             (HyIdentity      *identity);

HyMember            *hy_member_new                (void);
gint64               hy_member_get_id             (HyMember        *self);
const char          *hy_member_get_uid            (HyMember        *self);
const char          *hy_member_get_name           (HyMember        *self);
void                 hy_member_set_name           (HyMember        *self,
                                                   const char      *name);
HyGender             hy_member_get_gender         (HyMember        *self);
void                 hy_member_set_gender         (HyMember        *self,
                                                   HyGender         gender);
void                 hy_member_get_birthday       (HyMember        *self,
                                                   int             *year,
                                                   int             *month,
                                                   int             *day);
gboolean             hy_member_set_birthday       (HyMember        *self,
                                                   int              year,
                                                   int              month,
                                                   int              day);
char                *hy_member_dup_birthday_text  (HyMember        *self);
gboolean             hy_member_set_birthday_text  (HyMember        *self,
                                                   const char      *text,
                                                   GError         **error);
gint64               hy_member_get_joined_at      (HyMember        *self);
void                 hy_member_set_joined_at      (HyMember        *self,
                                                   gint64           joined_at);
gint64               hy_member_get_home_store     (HyMember        *self);
void                 hy_member_set_home_store     (HyMember        *self,
                                                   gint64           store_id);
const char          *hy_member_get_channel        (HyMember        *self);
void                 hy_member_set_channel        (HyMember        *self,
                                                   const char      *channel);
const char          *hy_member_get_notes          (HyMember        *self);
void                 hy_member_set_notes          (HyMember        *self,
                                                   const char      *notes);
gint64               hy_member_get_merged_into    (HyMember        *self);
gint64               hy_member_get_created_at     (HyMember        *self);
gint64               hy_member_get_updated_at     (HyMember        *self);

GPtrArray           *hy_member_get_identities     (HyMember        *self);
const char          *hy_member_get_identity       (HyMember        *self,
                                                   HyIdentityKind   kind);
const char          *hy_member_get_phone          (HyMember        *self);
gboolean             hy_member_add_identity       (HyMember        *self,
                                                   HyIdentityKind   kind,
                                                   const char      *value,
                                                   GError         **error);
gboolean             hy_member_set_identity       (HyMember        *self,
                                                   HyIdentityKind   kind,
                                                   const char      *value,
                                                   GError         **error);
GPtrArray           *hy_member_get_tags           (HyMember        *self);
void                 hy_member_set_tags_text      (HyMember        *self,
                                                   const char      *text);
char                *hy_member_dup_tags_text      (HyMember        *self);
void                 hy_member_add_tag            (HyMember        *self,
                                                   const char      *tag);
gboolean             hy_member_has_tag            (HyMember        *self,
                                                   const char      *tag);
const HyMemberStats *hy_member_get_stats          (HyMember        *self);

G_END_DECLS
