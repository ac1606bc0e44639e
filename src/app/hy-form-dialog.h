/* hy-form-dialog.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

GtkWidget *hy_form_dialog_new         (GtkWidget   *parent,
                                       const char  *heading,
                                       const char  *body,
                                       const char  *response,
                                       const char  *response_label,
                                       GtkListBox **out_list);
void       hy_form_dialog_set_problem (GtkWidget   *dialog,
                                       const char  *problem,
                                       gboolean     ready);
void       hy_show_error              (GtkWidget   *parent,
                                       const char  *heading,
                                       const char  *message);

G_END_DECLS
