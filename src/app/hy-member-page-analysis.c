/* hy-member-page-analysis.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the analysis says of the member: R, F and M scores and the RFM class, the lifecycle stage,
 * the customer model's P(alive), expected purchases and CLV, and the churn warnings with their
 * reasons.  The figures come from the window's analysis of the whole store (built in the
 * background when the database opens); until it is ready the group says so, and it is drawn
 * again when the analysis is rebuilt or this member's figures are brought up to date.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hy-member-page-private.h"
#include "hy-money.h"
#include "hy-time.h"
#include "hy-warnings.h"

#define FORECAST_DAYS 90

static GtkWidget *
new_group (const char *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  return group;
}

static GtkWidget *
add_row (GtkWidget  *group,
         const char *title,
         const char *value,
         const char *subtitle)
{
  GtkWidget *row = _hy_member_page_add_row (group, title, value);

  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
add_analysing_row (GtkWidget *group)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spinner = gtk_spinner_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Analysing…"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("RFM, stage and warnings appear here once the whole store has been analysed."));
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_accessible_update_property (GTK_ACCESSIBLE (spinner), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Analysing…"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), spinner);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

static char *
score_text (guint8 score)
{
  /* Translators: an R, F or M score out of 5 */
  return g_strdup_printf (_("%u of 5"), (guint) score);
}

static void
add_rfm_rows (GtkWidget         *group,
              const HyRfmMember *rfm,
              guint              window_days)
{
  g_autofree char *r = NULL, *f = NULL, *m = NULL;
  g_autofree char *r_text = NULL, *f_text = NULL, *m_text = NULL, *spend = NULL;

  add_row (group, _("RFM class"), hy_rfm_class_get_label (rfm->klass), NULL);
  if (rfm->klass == HY_RFM_CLASS_NO_PURCHASE || rfm->r_score == 0)
    return;

  r = score_text (rfm->r_score);
  f = score_text (rfm->f_score);
  m = score_text (rfm->m_score);
  if (rfm->recency == 0)
    r_text = g_strdup (_("Bought today"));
  else
    /* Translators: %d is a number of days */
    r_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Last purchase %d day ago", "Last purchase %d days ago",
                                           rfm->recency), rfm->recency);
  /* Translators: a number of purchases, then a number of days */
  f_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u purchase in the last %u days",
                                         "%u purchases in the last %u days", rfm->frequency),
                            rfm->frequency, window_days);
  spend = hy_money_format (rfm->monetary, TRUE);
  /* Translators: an amount of money, then a number of days */
  m_text = g_strdup_printf (_("%s spent in the last %u days"), spend, window_days);
  add_row (group, _("Recency score"), r, r_text);
  add_row (group, _("Frequency score"), f, f_text);
  add_row (group, _("Monetary score"), m, m_text);
}

/* "37%", without rounding a chance that is not nil to 0% or a doubt to 100% */
static char *
format_p_alive (double p)
{
  if (p > 0 && p < 0.005)
    /* Translators: a chance below 1 percent; %% is the percent sign */
    return g_strdup_printf (_("under %d%%"), 1);
  if (p < 1 && p >= 0.995)
    /* Translators: a chance above 99 percent, but not certain; %% is the percent sign */
    return g_strdup_printf (_("over %d%%"), 99);
  /* Translators: P(alive) as a percentage; %% is the percent sign */
  return g_strdup_printf (_("%.0f%%"), 100 * p);
}

/* P(alive), expected purchases and CLV, or honestly why not. */
static void
add_model_rows (GtkWidget          *group,
                HyAnalysisSnapshot *analysis,
                gint64              member_id)
{
  HySnapshotForecast forecast;
  g_autofree char *p_alive = NULL, *expected = NULL, *title = NULL, *clv = NULL;

  if (hy_analysis_snapshot_get_model (analysis) == NULL)
    {
      add_row (group, _("No customer model fitted yet"), "",
               _("P(alive), expected purchases and CLV are shown once a model has been fitted to the store’s purchases (huiyuan-cli fit)."));
      return;
    }
  if (!hy_analysis_snapshot_get_forecast (analysis, member_id, FORECAST_DAYS, &forecast) || isnan (forecast.p_alive))
    {
      add_row (group, _("Customer model"), _("Needs a first purchase"), NULL);
      return;
    }

  p_alive = format_p_alive (forecast.p_alive);
  add_row (group, _("P(alive)"), p_alive, _("The chance that the member still buys here"));
  expected = g_strdup_printf ("%.1f", forecast.expected_purchases);
  /* Translators: %d is a number of days */
  title = g_strdup_printf (_("Expected purchases, next %d days"), FORECAST_DAYS);
  add_row (group, title, expected, NULL);
  if (isnan (forecast.clv))
    add_row (group, _("Customer lifetime value (CLV)"), _("Not known"),
             _("Too few members bought more than once to model their spend"));
  else
    {
      clv = hy_money_format ((gint64) llround (forecast.clv), TRUE);
      add_row (group, _("Customer lifetime value (CLV)"), clv, _("Expected spend over the next year, discounted"));
    }
}

static const char *
priority_css (HyWarningPriority priority)
{
  switch (priority)
    {
    case HY_WARNING_PRIORITY_HIGH:
      return "warning-priority-high";
    case HY_WARNING_PRIORITY_FOCUS:
      return "warning-priority-focus";
    case HY_WARNING_PRIORITY_NORMAL:
    default:
      return "warning-priority-normal";
    }
}

static GtkWidget *
build_warnings (HyMemberPage *self,
                GPtrArray    *warnings)
{
  GtkWidget *group = new_group (_("Churn Warnings"));
  gint64 now = hy_time_now ();

  if (warnings->len == 0)
    add_row (group, _("No warnings"), "", _("Nothing suggests that this member is slipping away."));
  for (guint i = 0; i < warnings->len; i++)
    {
      HyWarning *warning = g_ptr_array_index (warnings, i);
      g_autofree char *when = hy_time_format_local (self->tz, warning->due_at, TRUE);
      g_autofree char *due = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label = gtk_label_new (hy_warning_priority_get_label (warning->priority));

      /* Translators: %s is a date and time */
      due = warning->due_at < now ? g_strdup_printf (_("Overdue since %s"), when)
                                  : g_strdup_printf (_("Call by %s"), when);
      /* Translators: when to call, then what to offer on the call */
      subtitle = g_strdup_printf (_("%s · Offer: %s"), due, hy_warning_rule_get_offer (warning->rule));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), hy_warning_get_reason (warning));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_add_css_class (label, priority_css (warning->priority));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  return group;
}

/* The groups for the member as the window's analysis has them now; *warnings NULL when there is
 * no analysis to take them from. */
static void
build_groups (HyMemberPage  *self,
              GtkWidget    **out_analysis,
              GtkWidget    **out_warnings)
{
  HyAnalysisSnapshot *analysis = self->window != NULL ? hy_window_get_analysis (self->window) : NULL;
  GtkWidget *group = new_group (_("Analysis"));
  HySnapshotMember member;
  gboolean known;

  *out_analysis = group;
  *out_warnings = NULL;
  if (analysis == NULL)
    {
      if (self->window != NULL && hy_window_get_analysis_busy (self->window))
        add_analysing_row (group);
      else
        add_row (group, _("No analysis"), "", _("The store’s members could not be analysed."));
      return;
    }

  /* A member who joined since the analysis was built is read now, on their own. */
  known = hy_analysis_snapshot_get_member (analysis, self->member_id, &member);
  if (!known && self->database != NULL &&
      hy_analysis_snapshot_refresh_member (analysis, self->database, self->member_id, NULL))
    known = hy_analysis_snapshot_get_member (analysis, self->member_id, &member);
  if (!known)
    {
      add_row (group, _("No analysis"), "", _("This member is not in the analysis."));
      return;
    }

  {
    GTimeZone *tz = self->tz;
    gint32 day = hy_analysis_data_get_as_of (hy_analysis_snapshot_get_data (analysis));
    g_autofree char *date = hy_time_format_local (tz, hy_time_day_start (tz, day), FALSE);
    g_autofree char *description = NULL;

    if (member.refreshed)
      /* Translators: %s is the day the figures are as of */
      description = g_strdup_printf (_("As of %s, with this member’s latest sales and refunds"), date);
    else
      /* Translators: %s is the day the figures are as of */
      description = g_strdup_printf (_("As of %s"), date);
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  }
  add_rfm_rows (group, &member.rfm, hy_analysis_snapshot_get_rfm (analysis)->window_days);
  add_row (group, _("Lifecycle stage"), hy_stage_get_label (member.stage), NULL);
  add_model_rows (group, analysis, self->member_id);
  *out_warnings = build_warnings (self, member.warnings);
}

/* Appends the groups to the page's content, which is being built. */
void
_hy_member_page_show_analysis (HyMemberPage *self)
{
  build_groups (self, &self->analysis_group, &self->warnings_group);
  gtk_box_append (self->content, self->analysis_group);
  if (self->warnings_group != NULL)
    gtk_box_append (self->content, self->warnings_group);
}

/* Replaces the groups in place, where the page shows them. */
static void
update_analysis (HyMemberPage *self)
{
  GtkWidget *analysis, *warnings;

  if (self->analysis_group == NULL)
    return;
  build_groups (self, &analysis, &warnings);
  gtk_box_insert_child_after (self->content, analysis, self->analysis_group);
  gtk_box_remove (self->content, self->analysis_group);
  if (warnings != NULL)
    gtk_box_insert_child_after (self->content, warnings, analysis);
  if (self->warnings_group != NULL)
    gtk_box_remove (self->content, self->warnings_group);
  self->analysis_group = analysis;
  self->warnings_group = warnings;
}

static void
analysis_changed_cb (HyMemberPage *self,
                     gint64        member_id)
{
  if (member_id == 0 || member_id == self->member_id)
    update_analysis (self);
}

void
_hy_member_page_root_analysis (HyMemberPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (!HY_IS_WINDOW (root))
    return;
  self->window = HY_WINDOW (root);
  self->analysis_handler = g_signal_connect_object (root, "analysis-changed", G_CALLBACK (analysis_changed_cb),
                                                    self, G_CONNECT_SWAPPED);
  update_analysis (self);
}

void
_hy_member_page_unroot_analysis (HyMemberPage *self)
{
  if (self->window != NULL)
    g_clear_signal_handler (&self->analysis_handler, self->window);
  self->window = NULL;
}
