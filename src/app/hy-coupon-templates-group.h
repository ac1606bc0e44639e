/* hy-coupon-templates-group.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hy-database.h"

G_BEGIN_DECLS

#define HY_TYPE_COUPON_TEMPLATES_GROUP (hy_coupon_templates_group_get_type ())

G_DECLARE_FINAL_TYPE (HyCouponTemplatesGroup, hy_coupon_templates_group, HY, COUPON_TEMPLATES_GROUP, AdwPreferencesGroup)

void       hy_coupon_templates_group_set_database (HyCouponTemplatesGroup *self,
                                                   HyDatabase             *database);
void       hy_coupon_templates_group_reload       (HyCouponTemplatesGroup *self);
GtkWidget *hy_coupon_templates_group_edit         (HyCouponTemplatesGroup *self,
                                                   guint                   index);

G_END_DECLS
