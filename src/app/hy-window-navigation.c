/* hy-window-navigation.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Going from one page to another with something in hand: a member to find, a sale to start,
 * a chart's bar to list the members or the warnings of, a member to open.
 */

#include "config.h"

#include "hy-dashboard-members.h"
#include "hy-warnings-page.h"
#include "hy-window-private.h"

void
_hy_window_find_member_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  HyWindow *self = HY_WINDOW (widget);

  if (self->database == NULL)
    return;
  hy_window_show_page (self, "members");
  hy_members_page_focus_search (self->members_page);
}

/* Opens the checkout with @member_id already identified. */
void
hy_window_start_sale (HyWindow *self,
                      gint64    member_id)
{
  g_return_if_fail (HY_IS_WINDOW (self));

  if (self->database == NULL)
    return;
  hy_window_show_page (self, "checkout");
  hy_checkout_page_start_sale (self->checkout_page, member_id);
}

void
_hy_window_start_sale_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  hy_window_start_sale (HY_WINDOW (widget), g_variant_get_int64 (parameter));
}

/* A click on a bar of the dashboard's RFM chart: the members of that class. */
static void
rfm_class_activated_cb (HyWindow *self,
                        int       klass)
{
  hy_members_page_set_filter (self->members_page, HY_MEMBER_FILTER_RFM_CLASS, klass);
  hy_window_show_page (self, "members");
}

/* A click on a band of the lifecycle chart: the members in that stage today. */
static void
stage_activated_cb (HyWindow *self,
                    int       stage)
{
  hy_members_page_set_filter (self->members_page, HY_MEMBER_FILTER_STAGE, stage);
  hy_window_show_page (self, "members");
}

/* A click on a bar of the warnings due today: the work list of that priority. */
static void
warning_priority_activated_cb (HyWindow *self,
                               int       priority)
{
  GtkWidget *warnings = gtk_stack_get_child_by_name (self->pages, "warnings");

  hy_warnings_page_set_priority (HY_WARNINGS_PAGE (warnings), priority);
  hy_window_show_page (self, "warnings");
}

/* A click on a bar of the top members: that member's page. */
static void
member_activated_cb (HyWindow *self,
                     gint64    member_id)
{
  hy_members_page_open (self->members_page, member_id);
  hy_window_show_page (self, "members");
}

static GArray *
select_part (HyDatabase    *db,
             gpointer       part,
             GCancellable  *cancellable,
             GError       **error)
{
  return hy_dashboard_select_members (db, part, cancellable, error);
}

/* A click on a bar of the P(alive) or CLV histogram, or on a cell of the cohorts: the members
 * it counts, selected on a worker. */
static void
members_activated_cb (HyWindow              *self,
                      const HyDashboardPart *part,
                      const char            *description)
{
  hy_members_page_show_selection (self->members_page, description, select_part,
                                  hy_dashboard_part_copy (part), (GDestroyNotify) hy_dashboard_part_free);
  hy_window_show_page (self, "members");
}

/* The members list shows the classes and stages the dashboard saved. */
static void
analysed_cb (HyWindow *self)
{
  hy_members_page_reload_analysis (self->members_page);
}

void
_hy_window_connect_navigation (HyWindow *self)
{
  g_signal_connect_object (self->dashboard_page, "analysed", G_CALLBACK (analysed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dashboard_page, "rfm-class-activated", G_CALLBACK (rfm_class_activated_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dashboard_page, "stage-activated", G_CALLBACK (stage_activated_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dashboard_page, "warning-priority-activated",
                           G_CALLBACK (warning_priority_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dashboard_page, "member-activated", G_CALLBACK (member_activated_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dashboard_page, "members-activated", G_CALLBACK (members_activated_cb),
                           self, G_CONNECT_SWAPPED);
}
