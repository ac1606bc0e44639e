/* hy-staff-group.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hy-database.h"

G_BEGIN_DECLS

#define HY_TYPE_STAFF_GROUP (hy_staff_group_get_type ())

G_DECLARE_FINAL_TYPE (HyStaffGroup, hy_staff_group, HY, STAFF_GROUP, AdwPreferencesGroup)

void        hy_staff_group_set_database (HyStaffGroup *self,
                                         HyDatabase   *database);
void        hy_staff_group_reload       (HyStaffGroup *self);
/* What stops the add form, or NULL when it may be added. */
const char *hy_staff_group_get_problem  (HyStaffGroup *self);

G_END_DECLS
