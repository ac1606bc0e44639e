/* hy-window-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hy-checkout-page.h"
#include "hy-dashboard-page.h"
#include "hy-demo.h"
#include "hy-industry.h"
#include "hy-members-page.h"
#include "hy-settings-page.h"
#include "hy-window.h"

G_BEGIN_DECLS

typedef enum
{
  JOB_OPEN,    /* a database that exists */
  JOB_CREATE,  /* a new store database */
  JOB_DEMO,    /* the demo database, filled on first use */
} JobKind;

typedef struct
{
  JobKind        kind;
  char          *path;
  char          *store_name;
  char          *currency;
  char          *time_zone;
  HyIndustry     industry;
  HyDemoOptions  demo;
  int            permille;  /* progress, written by the worker, -1 while unknown */
} Job;

struct _HyWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkStack        *main_stack;
  AdwComboRow     *industry_row;
  AdwComboRow     *currency_row;
  AdwEntryRow     *store_name_row;
  AdwEntryRow     *time_zone_row;
  GtkButton       *create_button;
  AdwStatusPage   *busy_status;
  GtkProgressBar  *busy_progress;
  AdwLeaflet      *leaflet;
  GtkListBox      *sidebar_list;
  AdwWindowTitle  *page_title;
  GtkStack        *pages;
  HyDashboardPage *dashboard_page;
  HyMembersPage   *members_page;
  HyCheckoutPage  *checkout_page;
  HySettingsPage  *settings_page;
  AdwComboRow     *sign_in_staff_row;
  AdwPasswordEntryRow *sign_in_pin_row;
  GtkLabel        *sign_in_error;

  /* Owned references */
  HyDatabase      *database;
  GCancellable    *cancellable;   /* cancelled when the window closes */
  GCancellable    *job_cancellable;
  char            *store_name;

  /* The analysis kept for the member pages (hy-window-analysis.c) */
  HyAnalysisSnapshot *analysis;
  HyCustomerModel *analysis_model;   /* borrowed by the snapshot; NULL without a fitted one */
  GCancellable    *analysis_cancellable;
  GArray          *analysis_pending;  /* member ids to refresh once the build is done */

  guint64          demo_members;
  guint64          demo_transactions;
  guint            progress_source;
  Job             *job;           /* borrowed from the running task */
};

/* hy-window-staff.c: who is working.  After a database is opened: the sign-in page when the
 * store has staff accounts, else the main pages. */
void _hy_window_ask_staff        (HyWindow *self);
void _hy_window_update_subtitle  (HyWindow *self);

/* hy-window-navigation.c: from one page to another. */
void _hy_window_connect_navigation (HyWindow   *self);
void _hy_window_find_member_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter);
void _hy_window_start_sale_action  (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter);
void _hy_window_class_init_staff (GtkWidgetClass *widget_class);

/* hy-window-analysis.c: the analysis of the open database for the member pages. */
void _hy_window_build_analysis      (HyWindow *self);
void _hy_window_clear_analysis      (HyWindow *self);

/* Held by whoever runs a full analysis of the store in the background (the dashboard's
 * figures, the member pages' analysis): two at once would only halve each other's speed and
 * take the processors from the window. */
extern GMutex _hy_window_analysis_lock;
void _hy_window_class_init_analysis (GObjectClass *object_class);

G_END_DECLS
