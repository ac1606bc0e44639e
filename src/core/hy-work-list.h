/* hy-work-list.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "hy-database.h"
#include "hy-warnings.h"

G_BEGIN_DECLS

/* The clerk's churn work list made from a run's warnings: one entry per member, its most
 * urgent rule first (low P(alive), idle, idle stored value, cycle overdue, frequency drop,
 * category lapse) and the other reasons listed with it.  The table warning_states remembers, per member, when the
 * member was first raised and whether and how a clerk contacted them:
 *
 *   - a member newly matching is raised now (at the run's raised_at) and due 12 h (high) or
 *     24 h later;
 *   - a member still matching and not contacted keeps its first raised_at, so its due time
 *     stays put and an unhandled case grows overdue rather than looking new each morning;
 *   - a member contacted less than warnings.cool_off_days (30) days ago is left off the list;
 *     after that, if still matching, they are raised again;
 *   - a member no longer matching and not in a cool-off is closed (its row removed).
 *
 * Entries are sorted by due time (oldest first), priority, value (highest first), member id. */
typedef struct
{
  gint64             member_id;
  HyWarningPriority  priority;
  HyWarningRule      rule;           /* the most urgent */
  guint              rules;          /* 1 << rule for every rule that holds */
  gint64             raised_at;      /* UTC, first raised */
  gint64             due_at;         /* UTC */
  double             value;
  char              *reason;         /* of rule */
  char             **other_reasons;  /* NULL-terminated, most urgent first */
} HyWorkItem;

void       hy_work_item_free          (HyWorkItem  *item);

/* Updates warning_states from @warnings (hy_warnings_compute () output, one run) in one
 * transaction and returns the open entries (HyWorkItem).  @now: UTC, for the cool-off. */
GPtrArray *hy_work_list_update        (HyDatabase  *db,
                                       GPtrArray   *warnings,
                                       gint64       now,
                                       GError     **error);

/* Records that a clerk contacted member_id at @at with @outcome, one of "reached",
 * "no_answer", "will_return", "declined", "wrong_number". */
gboolean   hy_work_list_record_contact (HyDatabase *db,
                                        gint64      member_id,
                                        gint64      at,
                                        const char *outcome,
                                        const char *staff,
                                        GError    **error);

/* hy_work_list_record_contact () with the clerk's own words about the call (may be NULL). */
gboolean   hy_work_list_record_contact_with_note (HyDatabase *db,
                                                  gint64      member_id,
                                                  gint64      at,
                                                  const char *outcome,
                                                  const char *note,
                                                  const char *staff,
                                                  GError    **error);

/* The contact outcomes, as stored ("reached", ...), NULL-terminated, and their labels. */
const char * const *hy_work_list_get_outcomes      (void);
const char         *hy_work_list_outcome_get_label (const char *outcome);   /* translated */

/* Today's work list in one call, for a worker thread: loads the analysis as of today in @db's
 * time zone and the saved customer model, computes the warnings and hy_work_list_update ()s
 * with @now.  @db must be writable (warning_states is updated). */
GPtrArray *hy_work_list_compute       (HyDatabase  *db,
                                       gint64       now,
                                       GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyWorkItem, hy_work_item_free)

G_END_DECLS
