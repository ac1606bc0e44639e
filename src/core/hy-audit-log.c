/* hy-audit-log.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The audit log (DESIGN section 3): who did what, to what, when and why.  Every entry is written
 * in the same transaction as the action it records, so an action is never without its entry;
 * triggers keep the table append-only.
 */

#define G_LOG_DOMAIN "hy-audit"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "hy-audit-log-private.h"
#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-time.h"

void
hy_audit_entry_free (HyAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->staff_name);
  g_free (entry->action);
  g_free (entry->target);
  g_free (entry->reason);
  g_free (entry->details);
  g_free (entry);
}

/* @details with "approved_by" added: the manager who let a clerk do the action. */
static char *
with_approved_by (const char *details,
                  const char *manager)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  if (details != NULL && json_parser_load_from_data (parser, details, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    root = json_node_copy (json_parser_get_root (parser));
  else
    {
      root = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (root, json_object_new ());
    }
  object = json_node_get_object (root);
  json_object_set_string_member (object, "approved_by", manager);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

gboolean
_hy_audit_append (HyDatabase  *db,
                  const char  *action,
                  const char  *target,
                  const char  *reason,
                  const char  *details_json,
                  GError     **error)
{
  static const char insert_entry[] =
    "INSERT INTO audit_log (occurred_at, staff_id, staff_name, action, target, reason, details)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
  const HyStaff *staff = hy_staff_get_current (db);
  const char *approved_by = _hy_staff_take_approved_by (db);
  g_autofree char *approved_details = NULL;
  sqlite3_stmt *stmt;

  g_assert (action != NULL);
  g_assert (_hy_database_in_transaction (db));

  if (approved_by != NULL)
    {
      approved_details = with_approved_by (details_json, approved_by);
      details_json = approved_details;
      _hy_staff_clear_approved_by (db);
    }
  if (!(stmt = _hy_database_prepare (db, insert_entry, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, hy_time_now ());
  if (staff != NULL)
    {
      sqlite3_bind_int64 (stmt, 2, staff->id);
      sqlite3_bind_text (stmt, 3, staff->name, -1, SQLITE_TRANSIENT);
    }
  else
    sqlite3_bind_text (stmt, 3, "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, action, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, target != NULL ? target : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, reason != NULL ? reason : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, details_json != NULL ? details_json : "{}", -1, SQLITE_TRANSIENT);
  return _hy_database_step_done (db, stmt, error);
}

/**
 * hy_audit_log_list:
 * @since: UTC seconds; 0 for all
 *
 * Returns: (transfer full) (element-type HyAuditEntry): the entries from @since, oldest first
 */
GPtrArray *
hy_audit_log_list (HyDatabase  *db,
                   gint64       since,
                   GError     **error)
{
  static const char select_entries[] =
    "SELECT id, occurred_at, coalesce (staff_id, 0), staff_name, action, target, reason, details"
    "  FROM audit_log WHERE occurred_at >= ?1 ORDER BY id";
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_audit_entry_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);

  if (!_hy_staff_require (db, HY_ACTION_READ_AUDIT, error) ||
      !(stmt = _hy_database_prepare (db, select_entries, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HyAuditEntry *entry = g_new0 (HyAuditEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->occurred_at = sqlite3_column_int64 (stmt, 1);
      entry->staff_id = sqlite3_column_int64 (stmt, 2);
      entry->staff_name = g_strdup (_hy_column_text (stmt, 3));
      entry->action = g_strdup (_hy_column_text (stmt, 4));
      entry->target = g_strdup (_hy_column_text (stmt, 5));
      entry->reason = g_strdup (_hy_column_text (stmt, 6));
      entry->details = g_strdup (_hy_column_text (stmt, 7));
      g_ptr_array_add (list, entry);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not read the audit log"));
      return NULL;
    }

  return g_steal_pointer (&list);
}
