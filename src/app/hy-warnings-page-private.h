/* hy-warnings-page-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hy-warnings-page.h"

G_BEGIN_DECLS

struct _HyWarningsPage
{
  AdwBin          parent_instance;

  /* Template widgets */
  GtkLabel       *day_label;
  GtkDropDown    *priority_dropdown;
  GtkStack       *stack;
  GtkSpinner     *spinner;
  GtkColumnView  *column_view;
  GtkLabel       *count_label;
  AdwStatusPage  *error_status;

  /* Owned references */
  HyDatabase     *database;
  GCancellable   *cancellable;   /* of the build running, NULL when none */
  GPtrArray      *items;         /* HyWorkItem by priority and value; NULL before a build */
  GHashTable     *people;        /* member id -> Person */
  GHashTable     *contacted;     /* member ids called since the build */
  GListStore     *entries;       /* HyWarningItem */
  int             priority;      /* -1: all */
};

/* hy-warnings-page-call-list.c: warnings.print, warnings.save-pdf and warnings.save-csv. */
void _hy_warnings_page_install_call_list_actions (GtkWidgetClass *widget_class);

G_END_DECLS
