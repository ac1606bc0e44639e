/* hy-member-item.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "hy-member-list.h"

G_BEGIN_DECLS

#define HY_TYPE_MEMBER_ITEM (hy_member_item_get_type ())

G_DECLARE_FINAL_TYPE (HyMemberItem, hy_member_item, HY, MEMBER_ITEM, GObject)

HyMemberItem      *hy_member_item_new         (HyMemberRow  *row);
const HyMemberRow *hy_member_item_get_row     (HyMemberItem *self);
gint64             hy_member_item_get_id      (HyMemberItem *self);
gboolean           hy_member_item_is_loading  (HyMemberItem *self);
gboolean           hy_member_item_is_spare    (HyMemberItem *self);
void               hy_member_item_set_spare   (HyMemberItem *self);
void               hy_member_item_set_row     (HyMemberItem *self,
                                               HyMemberRow  *row);
void               hy_member_item_reset_row   (HyMemberItem *self,
                                               HyMemberRow  *row);

G_END_DECLS
