/* hy-member-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hy-member.h"

G_BEGIN_DECLS

/* For the store that loads and saves members. */
void _hy_member_set_row   (HyMember            *self,
                           gint64               id,
                           const char          *uid,
                           gint64               merged_into,
                           gint64               created_at,
                           gint64               updated_at);
void _hy_member_set_stats (HyMember            *self,
                           const HyMemberStats *stats);
void _hy_member_clear_collections (HyMember    *self);

G_END_DECLS
