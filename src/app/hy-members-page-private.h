/* hy-members-page-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hy-member-list-model.h"
#include "hy-members-page.h"

G_BEGIN_DECLS

struct _HyMembersPage
{
  AdwBin              parent_instance;

  /* Template widgets */
  GtkStack           *view_stack;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *tier_dropdown;
  GtkDropDown        *tag_dropdown;
  GtkStack           *stack;
  AdwStatusPage      *error_status;
  GtkColumnView      *column_view;
  GtkLabel           *count_label;
  GtkLabel           *note_label;
  GtkSpinner         *spinner;
  HyMemberPage       *member_page;
  GtkRevealer        *filter_revealer;
  GtkLabel           *filter_label;

  /* Owned references */
  HyDatabase         *database;
  HyMemberListModel  *model;
  GtkMultiSelection  *selection;
  GArray             *tier_ids;     /* gint64 per tier_dropdown position */
  GtkStringList      *tags;
  GTimeZone          *tz;
  GCancellable       *cancellable;

  HyMemberFilter      filter;       /* by RFM class or stage, from the dashboard */
  int                 filter_value;
  int                 probed_sort;  /* see sort_probe */
  gboolean            filling;      /* the filters are being filled: no query yet */
  gboolean            analysis_changed;  /* the dashboard saved one not shown yet */
};

/* Reads the tags in use into the tag filter, on a worker. */
void _hy_members_page_load_tags      (HyMembersPage *self);

/* hy-members-page-columns.c: the columns, and the sort their headers ask for. */
void _hy_members_page_add_columns    (HyMembersPage *self);
void _hy_members_page_read_sort      (HyMembersPage *self,
                                      HyMemberSort  *sort,
                                      gboolean      *descending);

/* hy-members-page-actions.c: tagging and exporting the selection. */
void _hy_members_page_add_tag_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter);
void _hy_members_page_export_action  (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter);

G_END_DECLS
