/* hy-ui-test-util.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hy-application.h"
#include "hy-window.h"

G_BEGIN_DECLS

typedef gboolean (*HyUiCondition) (gpointer data);

void           hy_ui_test_init            (int           *argc,
                                           char        ***argv);
int            hy_ui_test_finish          (int            ret);
HyApplication *hy_ui_test_get_app         (void);

void           hy_ui_test_wait_until      (HyUiCondition  condition,
                                           gpointer       data,
                                           const char    *what);
void           hy_ui_test_settle          (guint          ms);
gboolean       hy_ui_test_window_idle     (gpointer       window);
gboolean       hy_ui_test_dialog_shown    (gpointer       out_dialog);
GtkWidget     *hy_ui_test_find_widget     (GtkWidget     *root,
                                           GType          type,
                                           const char    *label);
GtkWidget     *hy_ui_test_find_visible    (GtkWidget     *root,
                                           GType          type,
                                           const char    *label);
GtkWidget     *hy_ui_test_find_row        (GtkWidget     *root,
                                           const char    *title);
gboolean       hy_ui_test_click_chart     (GtkWidget     *chart_view,
                                           int            index,
                                           double         x);
gboolean       hy_ui_test_click_chart_cell (GtkWidget    *chart_view,
                                           guint          row,
                                           guint          column);
void           hy_ui_test_hover           (GtkWidget     *widget,
                                           double         x,
                                           double         y);
void           hy_ui_test_save_screenshot (GtkWidget     *widget,
                                           const char    *name);
HyWindow      *hy_ui_test_new_window      (void);
void           hy_ui_test_close_window    (HyWindow      *window);

G_END_DECLS
