/* hy-member-page-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hy-member-page.h"
#include "hy-window.h"

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

  /* Borrowed references */
  GtkWidget     *analysis_group;   /* in content, or NULL */
  GtkWidget     *warnings_group;
  HyWindow      *window;           /* the window the page is in, for its analysis */
  gulong         analysis_handler;
};

void _hy_member_page_reload             (HyMemberPage   *self);
void _hy_member_page_changed           (HyMemberPage   *self);
void _hy_member_page_install_actions   (GtkWidgetClass *widget_class);
void _hy_member_page_update_actions    (HyMemberPage   *self);

/* hy-member-page.c: rows like the page's own. */
GtkWidget *_hy_member_page_add_group   (HyMemberPage   *self,
                                        const char     *title);
GtkWidget *_hy_member_page_add_row     (GtkWidget      *group,
                                        const char     *title,
                                        const char     *value);

/* hy-member-page-actions.c: what the dialogs share. */
char             *_hy_member_page_new_key        (void);
GtkWindow        *_hy_member_page_parent_window  (HyMemberPage *self);
void              _hy_member_page_show_error     (HyMemberPage *self,
                                                  const char   *heading,
                                                  const GError *error);
AdwMessageDialog *_hy_member_page_ask            (HyMemberPage *self,
                                                  const char   *heading,
                                                  const char   *body,
                                                  const char   *response,
                                                  const char   *label,
                                                  gboolean      destructive);
GtkWidget        *_hy_member_page_labelled_entry (GtkWidget    *box,
                                                  const char   *label,
                                                  const char   *placeholder);
GtkWidget        *_hy_member_page_note_label     (GtkWidget    *box);
const char       *_hy_member_page_text_of        (GObject      *dialog,
                                                  const char   *key);

/* hy-member-page-money.c: top up, coupons and refunds. */
void _hy_member_page_install_money_actions (GtkWidgetClass *widget_class);

/* hy-member-page-analysis.c: RFM, stage, the customer model's figures and the warnings, from
 * the window's analysis; kept current as it changes. */
void _hy_member_page_show_analysis     (HyMemberPage   *self);
void _hy_member_page_root_analysis     (HyMemberPage   *self);
void _hy_member_page_unroot_analysis   (HyMemberPage   *self);

G_END_DECLS
