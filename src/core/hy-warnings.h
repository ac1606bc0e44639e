/* hy-warnings.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "hy-analysis.h"
#include "hy-customer-model.h"
#include "hy-database.h"

G_BEGIN_DECLS

/* Churn warnings (DESIGN §3, seeds 000 and 001): the clerk's work list as of the analysis day D.
 * Counts are of distinct purchase days; "idle" is D minus the last purchase day.  Only members
 * with a purchase are warned about.  Every threshold is a setting (in brackets, with its
 * default):
 *
 *   idle          idle >= N days and < warnings.max_idle_days (365: older cases are lost, not
 *                 warnings).  N is warnings.idle_days, or else the industry preset: gym 14,
 *                 beauty 45, supermarket 30, bakery 21, general 30.
 *   frequency     purchase days in the last 90 days (warnings.recent_days) per day fall below
 *                 half (warnings.drop_percent 50) of the rate over the up to 365 days before
 *                 them, counted from the first purchase; needs at least 2 purchase days and 90
 *                 days of history in that earlier span.
 *   cycle         at least 3 purchase days (warnings.cycle_min_days) and idle > 1.5 times
 *                 (warnings.cycle_percent 150) the member's median gap.
 *   category      a category bought on at least 3 days (warnings.category_min_days) not bought
 *                 for more than 3 of its cycles (warnings.category_cycles), a cycle being the
 *                 median gap between those days; one warning names the most overdue category.
 *   p-alive       a fitted model says P(alive) < 0.3 (warnings.p_alive_percent 30).
 *
 *   stored value  a stored-value balance > 0 as of D (the ledger's entries up to the end of D)
 *                 and no top-up or spend of it for at least 60 days (warnings.stored_value_days):
 *                 idle = D minus the day of the last top-up or spend.  Returns and adjustments
 *                 are the store's doing and do not count as use.  Checked for every member,
 *                 with or without a purchase.
 *
 * Priority: high for the top 20% (warnings.high_percent) of members with a purchase by value
 * (CLV when the model has spend, else net spend in the last 365 days), to be acted on within 12
 * hours; focus for members who joined in the last 90 days (warnings.focus_days); normal
 * otherwise, within 24 hours.  A warning is raised at the start of D (local midnight); due_at
 * is that plus 12 or 24 hours.  The list is sorted by priority, then value (highest first), then
 * member id and rule. */
typedef enum
{
  HY_WARNING_IDLE,
  HY_WARNING_FREQUENCY_DROP,
  HY_WARNING_CYCLE_OVERDUE,
  HY_WARNING_CATEGORY_LAPSE,
  HY_WARNING_LOW_P_ALIVE,
  HY_WARNING_STORED_VALUE_IDLE,
  HY_N_WARNING_RULES
} HyWarningRule;

typedef enum
{
  HY_WARNING_PRIORITY_HIGH,
  HY_WARNING_PRIORITY_FOCUS,
  HY_WARNING_PRIORITY_NORMAL,
} HyWarningPriority;

typedef struct
{
  gint64            member_id;
  HyWarningRule     rule;
  HyWarningPriority priority;
  gint64            raised_at;   /* UTC */
  gint64            due_at;      /* UTC */
  double            value;       /* what the priority ranked by, minor units */
  /* Translated, for the clerk.  Read it with hy_warning_get_reason (): a full run formats it
   * only for the first HY_WARNINGS_EAGER_REASONS warnings (a million strings nobody reads cost
   * seconds); the others are formatted on first access. */
  char             *reason;
  /*< private >*/
  gint64            args[3];     /* the numbers of the reason */
  const char       *category;    /* interned (g_intern_string), category lapse */
  struct _HyWarningBlock *block; /* the allocation it shares with others, or NULL */
} HyWarning;

#define HY_WARNINGS_EAGER_REASONS 1000

void        hy_warning_free              (HyWarning         *warning);
/* The reason, formatted on first access and kept in warning->reason.  Not thread-safe for one
 * warning. */
const char *hy_warning_get_reason        (HyWarning         *warning);

/* A GPtrArray of HyWarning, sorted as above.  model may be NULL. */
GPtrArray  *hy_warnings_compute          (HyDatabase            *db,
                                          HyAnalysisData        *data,
                                          const HyCustomerModel *model,
                                          GError               **error);

const char *hy_warning_rule_to_string    (HyWarningRule      rule);       /* "idle" */
const char *hy_warning_priority_to_string (HyWarningPriority priority);   /* "high" */
/* The offer to make when calling about @rule, translated: a simple rule per warning. */
const char *hy_warning_rule_get_offer    (HyWarningRule      rule);
const char *hy_warning_priority_get_label (HyWarningPriority priority);   /* translated */

/* The idle-days preset of an industry. */
guint       hy_warnings_idle_days_preset (const char        *industry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyWarning, hy_warning_free)

G_END_DECLS
