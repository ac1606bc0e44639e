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
  GtkDropDown        *stage_dropdown;
  GtkDropDown        *segment_dropdown;
  GtkStack           *stack;
  AdwStatusPage      *error_status;
  GtkColumnView      *column_view;
  GtkLabel           *count_label;
  GtkLabel           *note_label;
  GtkSpinner         *spinner;
  HyMemberPage       *member_page;
  GtkRevealer        *filter_revealer;
  GtkWidget          *filter_icon;
  GtkSpinner         *filter_spinner;
  GtkLabel           *filter_label;

  /* Owned references */
  HyDatabase         *database;
  HyMemberListModel  *model;
  GtkMultiSelection  *selection;
  GArray             *tier_ids;     /* gint64 per tier_dropdown position */
  GtkStringList      *tags;
  GtkStringList      *segments;     /* "Any Segment", then the saved segments' names */
  GTimeZone          *tz;
  GCancellable       *cancellable;
  GCancellable       *select_cancellable;   /* the selection being computed, or NULL */
  GArray             *ids;          /* the members a segment or a chart's bin selected, or NULL */
  char               *ids_text;     /* what they are, in words */
  char               *select_text;  /* the selection being computed, or why it failed, in words */

  HyMemberFilter      filter;       /* by RFM class (the dashboard) or stage (it or stage_dropdown) */
  int                 filter_value;
  int                 probed_sort;  /* see sort_probe */
  gboolean            filling;      /* the filters are being filled: no query yet */
  gboolean            analysis_changed;  /* the dashboard saved one not shown yet */
  gboolean            started;      /* the list, tags and segments read for the database */
};

/* Reads the tags in use into the tag filter, on a worker. */
void _hy_members_page_load_tags      (HyMembersPage *self);
/* Lists the members again, with the filters as they are now. */
void _hy_members_page_query          (HyMembersPage *self);
GtkBitset *_hy_members_page_get_selected (HyMembersPage *self);
void _hy_members_page_clear_search   (HyMembersPage *self);
gboolean _hy_members_page_refill     (HyMembersPage      *self,
                                      GtkDropDown        *dropdown,
                                      GtkStringList      *list,
                                      const char * const *names);
/* Says in the bar above the list what it is filtered to. */
void _hy_members_page_show_filter    (HyMembersPage *self);

/* hy-members-page-selection.c: the stage and segment filters, and lists of members selected on
 * a worker (a segment's, a dashboard chart's bin's). */
void _hy_members_page_init_selection (HyMembersPage *self);
void _hy_members_page_load_segments  (HyMembersPage *self);
/* Forgets the selection (and stops computing one); with @reset_dropdowns, the stage and
 * segment filters back to Any too. */
void _hy_members_page_clear_selection (HyMembersPage *self,
                                       gboolean       reset_dropdowns);
void _hy_members_page_show_stage         (HyMembersPage *self);
void _hy_members_page_stage_selected_cb   (HyMembersPage *self);
void _hy_members_page_segment_selected_cb (HyMembersPage *self);

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
