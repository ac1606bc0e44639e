/* hy-member-dialog.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hy-database.h"

G_BEGIN_DECLS

#define HY_TYPE_MEMBER_DIALOG (hy_member_dialog_get_type ())

G_DECLARE_FINAL_TYPE (HyMemberDialog, hy_member_dialog, HY, MEMBER_DIALOG, AdwWindow)

HyMemberDialog *hy_member_dialog_new           (GtkWindow      *parent,
                                                HyDatabase     *database,
                                                gint64          member_id);
gint64          hy_member_dialog_get_member_id (HyMemberDialog *self);
gboolean        hy_member_dialog_get_valid     (HyMemberDialog *self);
gint64          hy_member_dialog_get_duplicate (HyMemberDialog *self);
gboolean        hy_member_dialog_save          (HyMemberDialog *self,
                                                GError        **error);

G_END_DECLS
