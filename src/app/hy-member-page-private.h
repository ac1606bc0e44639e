/* hy-member-page-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hy-member-page.h"

G_BEGIN_DECLS

struct _HyMemberPage
{
  AdwBin         parent_instance;

  /* Template widgets */
  GtkLabel      *title_label;
  GtkStack      *stack;
  AdwStatusPage *error_status;
  GtkBox        *content;

  /* Owned references */
  HyDatabase    *database;
  GCancellable  *cancellable;
  GTimeZone     *tz;

  gint64         member_id;
  gboolean       loading;
};

void _hy_member_page_reload             (HyMemberPage   *self);
void _hy_member_page_changed           (HyMemberPage   *self);
void _hy_member_page_install_actions   (GtkWidgetClass *widget_class);
void _hy_member_page_update_actions    (HyMemberPage   *self);

G_END_DECLS
