/* hy-work-list.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "hy-analysis.h"
#include "hy-customer-model.h"
#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-work-list.h"

typedef struct
{
  gint64 raised_at;
  gint64 contacted_at;   /* 0: not contacted */
  gboolean seen;
} State;

/* Most urgent first: a member the model gives up on, then plain absence, money left idle on the
 * card, then the softer signs. */
static const HyWarningRule urgency[] = {
  HY_WARNING_LOW_P_ALIVE, HY_WARNING_IDLE, HY_WARNING_STORED_VALUE_IDLE, HY_WARNING_CYCLE_OVERDUE,
  HY_WARNING_FREQUENCY_DROP, HY_WARNING_CATEGORY_LAPSE,
};

static const char * const outcomes[] = {
  "reached", "no_answer", "will_return", "declined", "wrong_number", NULL,
};
static const char * const outcome_labels[] = {
  N_("Reached, followed up"), N_("No answer"), N_("Will come back"), N_("Do not contact again"),
  N_("Wrong number"),
};

void
hy_work_item_free (HyWorkItem *item)
{
  if (item == NULL)
    return;

  g_free (item->reason);
  g_strfreev (item->other_reasons);
  g_free (item);
}

static GHashTable *
load_states (HyDatabase *db,
             GError    **error)
{
  static const char select_states[] =
    "SELECT member_id, raised_at, coalesce (contacted_at, 0) FROM warning_states";
  g_autoptr(GHashTable) states = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hy_database_prepare (db, select_states, error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *key = g_new (gint64, 1);
      State *state = g_new0 (State, 1);

      *key = sqlite3_column_int64 (stmt, 0);
      state->raised_at = sqlite3_column_int64 (stmt, 1);
      state->contacted_at = sqlite3_column_int64 (stmt, 2);
      g_hash_table_insert (states, key, state);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not read the warning states"));
      return NULL;
    }

  return g_steal_pointer (&states);
}

/* One member's warnings (w[0 .. n)) as an entry, rules by urgency. */
static HyWorkItem *
make_item (HyWarning **w,
           guint       n)
{
  HyWorkItem *item = g_new0 (HyWorkItem, 1);
  GPtrArray *others = g_ptr_array_new ();

  item->member_id = w[0]->member_id;
  item->priority = w[0]->priority;
  item->value = w[0]->value;
  for (guint u = 0; u < G_N_ELEMENTS (urgency); u++)
    for (guint k = 0; k < n; k++)
      if (w[k]->rule == urgency[u])
        {
          item->rules |= 1u << w[k]->rule;
          if (item->reason == NULL)
            {
              item->rule = w[k]->rule;
              item->reason = g_strdup (hy_warning_get_reason (w[k]));
            }
          else
            g_ptr_array_add (others, g_strdup (hy_warning_get_reason (w[k])));
        }
  g_ptr_array_add (others, NULL);
  item->other_reasons = (char **) g_ptr_array_free (others, FALSE);
  return item;
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const HyWorkItem *x = *(HyWorkItem * const *) a, *y = *(HyWorkItem * const *) b;

  if (x->due_at != y->due_at)
    return x->due_at < y->due_at ? -1 : 1;
  if (x->priority != y->priority)
    return x->priority < y->priority ? -1 : 1;
  if (x->value != y->value)
    return x->value > y->value ? -1 : 1;
  return (x->member_id > y->member_id) - (x->member_id < y->member_id);
}

static gboolean
write_states (HyDatabase *db,
              GPtrArray  *items,
              GHashTable *states,
              gint64      cool_off_end,
              GError    **error)
{
  static const char upsert_state[] =
    "INSERT INTO warning_states (member_id, raised_at) VALUES (?1, ?2)"
    " ON CONFLICT (member_id) DO UPDATE SET raised_at = ?2, contacted_at = NULL, outcome = NULL,"
    " staff = ''";
  static const char delete_state[] = "DELETE FROM warning_states WHERE member_id = ?1";
  GHashTableIter iter;
  gpointer key, value;
  sqlite3_stmt *stmt;

  for (guint k = 0; k < items->len; k++)
    {
      HyWorkItem *item = g_ptr_array_index (items, k);
      State *state = g_hash_table_lookup (states, &item->member_id);

      if (state != NULL && state->contacted_at == 0 && state->raised_at == item->raised_at)
        continue;
      if (!(stmt = _hy_database_prepare (db, upsert_state, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, item->member_id);
      sqlite3_bind_int64 (stmt, 2, item->raised_at);
      if (!_hy_database_step_done (db, stmt, error))
        return FALSE;
    }

  /* Close the cases that resolved themselves; keep contacts in their cool-off. */
  g_hash_table_iter_init (&iter, states);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      State *state = value;

      if (state->seen || (state->contacted_at != 0 && state->contacted_at > cool_off_end))
        continue;
      if (!(stmt = _hy_database_prepare (db, delete_state, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, *(gint64 *) key);
      if (!_hy_database_step_done (db, stmt, error))
        return FALSE;
    }

  return TRUE;
}

GPtrArray *
hy_work_list_update (HyDatabase *db,
                     GPtrArray  *warnings,
                     gint64      now,
                     GError    **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_work_item_free);
  g_autoptr(GHashTable) states = NULL;
  gint64 cool_off_end;
  guint k = 0;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);
  g_return_val_if_fail (warnings != NULL, NULL);

  cool_off_end = now - hy_analysis_get_setting_int (db, "warnings.cool_off_days", 30) * 86400;
  if (!hy_database_begin (db, error))
    return NULL;
  if (!(states = load_states (db, error)))
    goto failed;

  /* A member's warnings are next to each other: they share its priority and value. */
  while (k < warnings->len)
    {
      HyWarning **w = (HyWarning **) &warnings->pdata[k];
      HyWorkItem *item;
      State *state;
      guint n = 1;

      while (k + n < warnings->len && w[n]->member_id == w[0]->member_id)
        n++;
      k += n;

      if ((state = g_hash_table_lookup (states, &w[0]->member_id)) != NULL)
        {
          state->seen = TRUE;
          if (state->contacted_at != 0 && state->contacted_at > cool_off_end)
            continue;
        }
      item = make_item (w, n);
      item->raised_at = state != NULL && state->contacted_at == 0 ? MIN (state->raised_at, w[0]->raised_at)
                                                                  : w[0]->raised_at;
      item->due_at = item->raised_at + (w[0]->due_at - w[0]->raised_at);
      g_ptr_array_add (items, item);
    }

  if (!write_states (db, items, states, cool_off_end, error) || !hy_database_commit (db, error))
    goto failed;

  g_ptr_array_sort (items, compare_items);
  return g_steal_pointer (&items);

failed:
  hy_database_rollback (db);
  return NULL;
}

gboolean
hy_work_list_record_contact (HyDatabase *db,
                             gint64      member_id,
                             gint64      at,
                             const char *outcome,
                             const char *staff,
                             GError    **error)
{
  return hy_work_list_record_contact_with_note (db, member_id, at, outcome, NULL, staff, error);
}

gboolean
hy_work_list_record_contact_with_note (HyDatabase *db,
                                       gint64      member_id,
                                       gint64      at,
                                       const char *outcome,
                                       const char *note,
                                       const char *staff,
                                       GError    **error)
{
  static const char record_contact[] =
    "INSERT INTO warning_states (member_id, raised_at, contacted_at, outcome, staff, note)"
    " VALUES (?1, ?2, ?2, ?3, ?4, ?5)"
    " ON CONFLICT (member_id) DO UPDATE SET contacted_at = ?2, outcome = ?3, staff = ?4, note = ?5";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HY_IS_DATABASE (db), FALSE);

  if (outcome == NULL || !g_strv_contains (outcomes, outcome))
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("“%s” is not a contact outcome; use reached, no_answer, will_return, declined or wrong_number"),
                   outcome != NULL ? outcome : "");
      return FALSE;
    }

  if (!(stmt = _hy_database_prepare (db, record_contact, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, member_id);
  sqlite3_bind_int64 (stmt, 2, at);
  sqlite3_bind_text (stmt, 3, outcome, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, staff != NULL ? staff : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, note != NULL ? note : "", -1, SQLITE_STATIC);
  return _hy_database_step_done (db, stmt, error);
}

const char * const *
hy_work_list_get_outcomes (void)
{
  return outcomes;
}

const char *
hy_work_list_outcome_get_label (const char *outcome)
{
  for (guint i = 0; i < G_N_ELEMENTS (outcome_labels); i++)
    if (g_strcmp0 (outcome, outcomes[i]) == 0)
      return _(outcome_labels[i]);
  return outcome;
}

GPtrArray *
hy_work_list_compute (HyDatabase  *db,
                      gint64       now,
                      GError     **error)
{
  g_autoptr(HyAnalysisData) data = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  HyCustomerModel model;
  gboolean has_model;
  gint32 today;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);

  if ((today = hy_analysis_parse_day (db, NULL, error)) < 0 ||
      !(data = hy_analysis_data_load (db, today, 0, error)))
    return NULL;
  has_model = hy_customer_model_load (db, &model);
  if (!(warnings = hy_warnings_compute (db, data, has_model ? &model : NULL, error)))
    return NULL;
  return hy_work_list_update (db, warnings, now, error);
}
