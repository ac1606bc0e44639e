/* hy-member-store-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Row-level helpers shared by the member store, merging, search, import and demo data.  They
 * expect the caller to hold a transaction where they write.
 */

#pragma once

#include "hy-database.h"
#include "hy-member.h"

G_BEGIN_DECLS

gint64    _hy_member_resolve             (HyDatabase        *db,
                                          gint64             member_id);
gint64    _hy_member_find_identity       (HyDatabase        *db,
                                          HyIdentityKind     kind,
                                          const char        *value,
                                          GError           **error);
gboolean  _hy_member_check_identity_free (HyDatabase        *db,
                                          const HyIdentity  *identity,
                                          gint64             member_id,
                                          GError           **error);
gboolean  _hy_member_insert_identity     (HyDatabase        *db,
                                          gint64             member_id,
                                          HyIdentityKind     kind,
                                          const char        *value,
                                          GError           **error);
gboolean  _hy_member_insert_identities   (HyDatabase        *db,
                                          const gint64      *member_ids,
                                          const HyIdentity  *identities,
                                          guint              n_identities,
                                          GError           **error);
gboolean  _hy_member_insert_tag          (HyDatabase        *db,
                                          gint64             member_id,
                                          const char        *tag,
                                          GError           **error);
gboolean  _hy_member_insert              (HyDatabase        *db,
                                          HyMember          *member,
                                          GError           **error);
gboolean  _hy_member_update_row          (HyDatabase        *db,
                                          HyMember          *member,
                                          GError           **error);
HyMember *_hy_member_load                (HyDatabase        *db,
                                          gint64             member_id,
                                          GError           **error);

G_END_DECLS
