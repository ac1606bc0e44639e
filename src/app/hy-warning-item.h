/* hy-warning-item.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "hy-work-list.h"

G_BEGIN_DECLS

#define HY_TYPE_WARNING_ITEM (hy_warning_item_get_type ())

G_DECLARE_FINAL_TYPE (HyWarningItem, hy_warning_item, HY, WARNING_ITEM, GObject)

/* One row of the Warnings page: a work list entry with the member's name and phone as shown. */
HyWarningItem    *hy_warning_item_new        (const HyWorkItem *work,
                                              const char       *name,
                                              const char       *phone);
const HyWorkItem *hy_warning_item_get_work   (HyWarningItem    *self);
gint64            hy_warning_item_get_member_id (HyWarningItem *self);
const char       *hy_warning_item_get_name   (HyWarningItem    *self);
const char       *hy_warning_item_get_phone  (HyWarningItem    *self);
/* The reason and the other reasons, one a line. */
char             *hy_warning_item_dup_reasons (HyWarningItem   *self);

G_END_DECLS
