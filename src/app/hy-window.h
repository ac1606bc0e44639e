/* hy-window.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hy-application.h"
#include "hy-database.h"
#include "hy-staff.h"

G_BEGIN_DECLS

#define HY_TYPE_WINDOW (hy_window_get_type ())

G_DECLARE_FINAL_TYPE (HyWindow, hy_window, HY, WINDOW, AdwApplicationWindow)

HyWindow   *hy_window_new               (HyApplication *application);
HyDatabase *hy_window_get_database      (HyWindow      *self);
gboolean    hy_window_get_busy          (HyWindow      *self);
void        hy_window_open_database     (HyWindow      *self,
                                         const char    *path);
void        hy_window_open_demo         (HyWindow      *self);
void        hy_window_set_demo_size     (HyWindow      *self,
                                         guint64        members,
                                         guint64        transactions);
void        hy_window_show_page         (HyWindow      *self,
                                         const char    *name);
void        hy_window_start_sale        (HyWindow      *self,
                                         gint64         member_id);

/* Who is signed in; NULL when the store has no staff accounts (the owner may do everything). */
const HyStaff *hy_window_get_staff      (HyWindow      *self);

typedef void (*HyWindowApprovedFunc) (HyWindow *window,
                                      gboolean  approved,
                                      gpointer  user_data);

void        hy_window_require_manager   (HyWindow             *self,
                                         HyAction              action,
                                         HyWindowApprovedFunc  callback,
                                         gpointer              user_data);

G_END_DECLS
