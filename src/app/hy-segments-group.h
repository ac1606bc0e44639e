/* hy-segments-group.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hy-database.h"

G_BEGIN_DECLS

#define HY_TYPE_SEGMENTS_GROUP (hy_segments_group_get_type ())

G_DECLARE_FINAL_TYPE (HySegmentsGroup, hy_segments_group, HY, SEGMENTS_GROUP, AdwPreferencesGroup)

void       hy_segments_group_set_database   (HySegmentsGroup *self,
                                             HyDatabase      *database);
void       hy_segments_group_reload         (HySegmentsGroup *self);
GtkWidget *hy_segments_group_edit           (HySegmentsGroup *self,
                                             guint            index);
GtkWidget *hy_segments_group_confirm_delete (HySegmentsGroup *self,
                                             guint            index);
guint      hy_segments_group_field_position (const char      *field);

G_END_DECLS
