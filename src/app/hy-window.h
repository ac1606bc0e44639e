/* hy-window.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hy-analysis-snapshot.h"
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

/* hy_window_require_manager () for a widget of a window: @callback runs with @widget and @data
 * only when the action may go ahead (at once when whoever is signed in may do it, or when
 * @widget is in no HyWindow: the core still checks), then @destroy frees @data either way. */
typedef void (*HyApprovedFunc) (GtkWidget *widget,
                                gpointer   data);

void        hy_widget_require_manager   (GtkWidget            *widget,
                                         HyAction              action,
                                         HyApprovedFunc        callback,
                                         gpointer              data,
                                         GDestroyNotify        destroy);

/* The analysis of the open database (RFM, stages, warnings and the saved customer model) kept
 * for the member pages: built in the background after the database opens, NULL until then.
 * "analysis-changed" (gint64 member_id) says it was built again (member_id 0) or that one
 * member's figures were brought up to date. */
HyAnalysisSnapshot *hy_window_get_analysis       (HyWindow *self);
gboolean            hy_window_get_analysis_busy  (HyWindow *self);
/* Brings member_id's figures up to date after a sale, a refund or a merge (well under a
 * millisecond); while the analysis is still being built, as soon as it is. */
void                hy_window_refresh_member_analysis (HyWindow *self,
                                                       gint64    member_id);

G_END_DECLS
