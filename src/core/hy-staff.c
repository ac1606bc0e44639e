/* hy-staff.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Staff and roles (DESIGN section 3).  A PIN or password is kept only as a libsodium
 * crypto_pwhash_str string (argon2id with its own salt, at the interactive limits), so that a
 * copy of the database does not give the PINs away.  Adding, removing and re-keying staff is
 * audited in the same transaction.
 */

#define G_LOG_DOMAIN "hy-staff"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "hy-audit-log-private.h"
#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-phone.h"
#include "hy-staff.h"
#include "hy-time.h"
#include "hy-uuid.h"

#define CURRENT_STAFF_KEY "hy-staff-current"
#define APPROVAL_KEY      "hy-staff-approval"      /* Approval *, waiting for its action */
#define APPROVED_BY_KEY   "hy-staff-approved-by"   /* char *, for the action's audit entry */
#define MIN_SECRET_LEN 4

static const char * const role_names[] = { "manager", "clerk" };

static const char * const action_names[] = {
  "checkout", "coupon.issue", "points.adjust", "refund", "coupon.void", "member.merge",
  "export", "staff.manage", "phones.see", "audit.read",
};

HyStaff *
hy_staff_copy (const HyStaff *staff)
{
  HyStaff *copy;

  g_return_val_if_fail (staff != NULL, NULL);

  copy = g_memdup2 (staff, sizeof *staff);
  copy->name = g_strdup (staff->name);
  return copy;
}

void
hy_staff_free (HyStaff *staff)
{
  if (staff == NULL)
    return;
  g_free (staff->name);
  g_free (staff);
}

const char *
hy_staff_role_to_string (HyStaffRole role)
{
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (role_names), NULL);
  return role_names[role];
}

gboolean
hy_staff_role_from_string (const char  *text,
                           HyStaffRole *out)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (role_names); i++)
    if (g_str_equal (text, role_names[i]))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
hy_action_to_string (HyAction action)
{
  g_return_val_if_fail ((guint) action < G_N_ELEMENTS (action_names), NULL);
  return action_names[action];
}

/**
 * hy_staff_can:
 * @staff: (nullable): NULL is the store's owner
 *
 * A manager may do everything; a clerk may sell and issue coupons, and sees phones masked.
 */
gboolean
hy_staff_can (const HyStaff *staff,
              HyAction       action)
{
  if (staff == NULL || staff->role == HY_STAFF_MANAGER)
    return TRUE;

  return action == HY_ACTION_CHECKOUT || action == HY_ACTION_ISSUE_COUPON;
}

/* The phone as @staff may see it: whole for a manager, 138****8000 for a clerk. */
char *
hy_staff_show_phone (const HyStaff *staff,
                     const char    *normalized)
{
  g_return_val_if_fail (normalized != NULL, NULL);

  if (hy_staff_can (staff, HY_ACTION_SEE_PHONES))
    return hy_phone_format (normalized);
  return hy_phone_mask (normalized);
}

void
hy_staff_sign_in (HyDatabase    *db,
                  const HyStaff *staff)
{
  g_return_if_fail (HY_IS_DATABASE (db));

  g_object_set_data_full (G_OBJECT (db), CURRENT_STAFF_KEY,
                          staff != NULL ? hy_staff_copy (staff) : NULL,
                          (GDestroyNotify) hy_staff_free);
}

const HyStaff *
hy_staff_get_current (HyDatabase *db)
{
  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);

  return g_object_get_data (G_OBJECT (db), CURRENT_STAFF_KEY);
}

typedef struct
{
  HyAction  action;
  char     *manager;
} Approval;

static void
approval_free (Approval *approval)
{
  g_free (approval->manager);
  g_free (approval);
}

gboolean
_hy_staff_require (HyDatabase  *db,
                   HyAction     action,
                   GError     **error)
{
  const HyStaff *staff = hy_staff_get_current (db);
  Approval *approval = g_object_get_data (G_OBJECT (db), APPROVAL_KEY);

  g_object_set_data (G_OBJECT (db), APPROVED_BY_KEY, NULL);
  if (hy_staff_can (staff, action))
    return TRUE;

  /* A manager said yes to this one action: it passes once, and its audit entry names them. */
  if (approval != NULL && approval->action == action)
    {
      g_object_set_data_full (G_OBJECT (db), APPROVED_BY_KEY, g_steal_pointer (&approval->manager), g_free);
      g_object_set_data (G_OBJECT (db), APPROVAL_KEY, NULL);
      return TRUE;
    }

  g_set_error (error, HY_ERROR, HY_ERROR_NOT_ALLOWED,
               _("%s is a clerk: “%s” needs a manager"), staff->name, hy_action_to_string (action));
  return FALSE;
}

static char *
hash_secret (const char  *secret,
             GError     **error)
{
  char hashed[crypto_pwhash_STRBYTES];

  if (secret == NULL || g_utf8_strlen (secret, -1) < MIN_SECRET_LEN)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("A PIN or password needs at least %d characters"), MIN_SECRET_LEN);
      return NULL;
    }
  if (sodium_init () < 0 ||
      crypto_pwhash_str (hashed, secret, strlen (secret), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_FAILED,
                   _("Could not hash the PIN: the computer is out of memory"));
      return NULL;
    }

  return g_strdup (hashed);
}

static gboolean
check_name (const char  *name,
            GError     **error)
{
  if (name != NULL && name[0] != '\0' && !g_ascii_isspace (name[0]))
    return TRUE;

  g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("A member of staff needs a name"));
  return FALSE;
}

static HyStaff *
staff_from_row (sqlite3_stmt *stmt)
{
  HyStaff *staff = g_new0 (HyStaff, 1);

  staff->id = sqlite3_column_int64 (stmt, 0);
  staff->name = g_strdup (_hy_column_text (stmt, 1));
  hy_staff_role_from_string (_hy_column_text (stmt, 2), &staff->role);
  staff->created_at = sqlite3_column_int64 (stmt, 3);
  staff->removed_at = sqlite3_column_int64 (stmt, 4);
  return staff;
}

/* The staff row named @name still on the staff, and its hash in @out_secret. */
static HyStaff *
find_staff (HyDatabase  *db,
            const char  *name,
            char       **out_secret,
            GError     **error)
{
  static const char select_staff[] =
    "SELECT id, name, role, created_at, coalesce (removed_at, 0), secret"
    "  FROM staff WHERE name = ?1 AND removed_at IS NULL";
  sqlite3_stmt *stmt;
  HyStaff *staff = NULL;
  int rc;

  if (!(stmt = _hy_database_prepare (db, select_staff, error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      staff = staff_from_row (stmt);
      if (out_secret != NULL)
        *out_secret = g_strdup (_hy_column_text (stmt, 5));
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND, _("There is no member of staff called “%s”"), name);
  else
    _hy_database_set_error (db, rc, error, _("Could not read the staff"));
  sqlite3_reset (stmt);

  return staff;
}

static char *
staff_target (const char *name)
{
  return g_strconcat ("staff:", name, NULL);
}

/**
 * hy_staff_add:
 * @secret: the PIN or password, at least 4 characters
 *
 * Returns: the new staff id, or -1 with @error
 */
gint64
hy_staff_add (HyDatabase   *db,
              const char   *name,
              HyStaffRole   role,
              const char   *secret,
              GError      **error)
{
  static const char insert_staff[] =
    "INSERT INTO staff (uid, name, role, secret, created_at) VALUES (?1, ?2, ?3, ?4, ?5)";
  g_autofree char *hashed = NULL;
  g_autofree char *target = NULL;
  g_autofree char *details = NULL;
  sqlite3_stmt *stmt;
  guint8 uid[16];
  gint64 id;
  int rc;

  g_return_val_if_fail (HY_IS_DATABASE (db), -1);
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (role_names), -1);

  if (!check_name (name, error) || !_hy_staff_require (db, HY_ACTION_MANAGE_STAFF, error) ||
      !(hashed = hash_secret (secret, error)) || !hy_database_begin (db, error))
    return -1;

  hy_uuid_generate (uid);
  if (!(stmt = _hy_database_prepare (db, insert_staff, error)))
    goto failed;
  sqlite3_bind_blob (stmt, 1, uid, sizeof uid, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, role_names[role], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, hashed, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, hy_time_now ());
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_CONFLICT, _("There is already a member of staff called “%s”"), name);
      goto failed;
    }
  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not add the member of staff"));
      goto failed;
    }
  id = sqlite3_last_insert_rowid (_hy_database_get_handle (db));

  target = staff_target (name);
  details = g_strdup_printf ("{\"role\":\"%s\"}", role_names[role]);
  if (!_hy_audit_append (db, "staff.add", target, "", details, error) || !hy_database_commit (db, error))
    goto failed;

  return id;

failed:
  if (_hy_database_in_transaction (db))
    hy_database_rollback (db);
  return -1;
}

gboolean
hy_staff_set_secret (HyDatabase  *db,
                     const char  *name,
                     const char  *secret,
                     GError     **error)
{
  static const char update_secret[] = "UPDATE staff SET secret = ?2 WHERE id = ?1";
  const HyStaff *current;
  g_autoptr(HyStaff) staff = NULL;
  g_autofree char *hashed = NULL;
  g_autofree char *target = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HY_IS_DATABASE (db), FALSE);

  /* Everyone may change their own PIN; only a manager someone else's. */
  current = hy_staff_get_current (db);
  if ((current == NULL || g_strcmp0 (current->name, name) != 0) &&
      !_hy_staff_require (db, HY_ACTION_MANAGE_STAFF, error))
    return FALSE;
  if (!(hashed = hash_secret (secret, error)) || !hy_database_begin (db, error))
    return FALSE;

  target = staff_target (name);
  if (!(staff = find_staff (db, name, NULL, error)) ||
      !(stmt = _hy_database_prepare (db, update_secret, error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, staff->id);
  sqlite3_bind_text (stmt, 2, hashed, -1, SQLITE_TRANSIENT);
  if (!_hy_database_step_done (db, stmt, error) ||
      !_hy_audit_append (db, "staff.passwd", target, "", NULL, error))
    goto failed;

  return hy_database_commit (db, error);

failed:
  hy_database_rollback (db);
  return FALSE;
}

gboolean
hy_staff_remove (HyDatabase  *db,
                 const char  *name,
                 const char  *reason,
                 GError     **error)
{
  static const char update_removed[] = "UPDATE staff SET removed_at = ?2 WHERE id = ?1";
  g_autoptr(HyStaff) staff = NULL;
  g_autofree char *target = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HY_IS_DATABASE (db), FALSE);

  if (!_hy_staff_require (db, HY_ACTION_MANAGE_STAFF, error) || !hy_database_begin (db, error))
    return FALSE;

  target = staff_target (name);
  if (!(staff = find_staff (db, name, NULL, error)) ||
      !(stmt = _hy_database_prepare (db, update_removed, error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, staff->id);
  sqlite3_bind_int64 (stmt, 2, hy_time_now ());
  if (!_hy_database_step_done (db, stmt, error) ||
      !_hy_audit_append (db, "staff.remove", target, reason, NULL, error))
    goto failed;

  return hy_database_commit (db, error);

failed:
  hy_database_rollback (db);
  return FALSE;
}

/**
 * hy_staff_list:
 *
 * Returns: (transfer full) (element-type HyStaff): the staff by name
 */
GPtrArray *
hy_staff_list (HyDatabase  *db,
               gboolean     with_removed,
               GError     **error)
{
  static const char select_staff[] =
    "SELECT id, name, role, created_at, coalesce (removed_at, 0)"
    "  FROM staff WHERE ?1 OR removed_at IS NULL ORDER BY name, id";
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_staff_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);

  if (!(stmt = _hy_database_prepare (db, select_staff, error)))
    return NULL;
  sqlite3_bind_int (stmt, 1, with_removed ? 1 : 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, staff_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not read the staff"));
      return NULL;
    }

  return g_steal_pointer (&list);
}

/**
 * hy_staff_verify:
 *
 * Returns: (transfer full): the member of staff when @secret is theirs; otherwise NULL with
 *   HY_ERROR_NOT_ALLOWED (wrong PIN) or HY_ERROR_NOT_FOUND
 */
HyStaff *
hy_staff_verify (HyDatabase  *db,
                 const char  *name,
                 const char  *secret,
                 GError     **error)
{
  g_autoptr(HyStaff) staff = NULL;
  g_autofree char *hashed = NULL;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);

  if (!check_name (name, error) || !(staff = find_staff (db, name, &hashed, error)))
    return NULL;

  if (secret == NULL || sodium_init () < 0 ||
      crypto_pwhash_str_verify (hashed, secret, strlen (secret)) != 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_NOT_ALLOWED, _("Wrong PIN for %s"), name);
      return NULL;
    }

  return g_steal_pointer (&staff);
}

const char *
_hy_staff_take_approved_by (HyDatabase *db)
{
  return g_object_get_data (G_OBJECT (db), APPROVED_BY_KEY);
}

void
_hy_staff_clear_approved_by (HyDatabase *db)
{
  g_object_set_data (G_OBJECT (db), APPROVED_BY_KEY, NULL);
}

HyStaff *
hy_staff_approve (HyDatabase  *db,
                  const char  *manager_name,
                  const char  *secret,
                  HyAction     action,
                  GError     **error)
{
  g_autoptr(HyStaff) manager = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *details = NULL;
  Approval *approval;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);

  if (!(manager = hy_staff_verify (db, manager_name, secret, error)))
    return NULL;
  if (manager->role != HY_STAFF_MANAGER)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_NOT_ALLOWED, _("%s is not a manager"), manager->name);
      return NULL;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "approved_by");
  json_builder_add_string_value (builder, manager->name);
  json_builder_set_member_name (builder, "approved_by_id");
  json_builder_add_int_value (builder, manager->id);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  details = json_generator_to_data (generator, NULL);

  if (!hy_database_begin (db, error))
    return NULL;
  if (!_hy_audit_append (db, "staff.approve", hy_action_to_string (action), "", details, error) ||
      !hy_database_commit (db, error))
    {
      if (_hy_database_in_transaction (db))
        hy_database_rollback (db);
      return NULL;
    }

  approval = g_new0 (Approval, 1);
  approval->action = action;
  approval->manager = g_strdup (manager->name);
  g_object_set_data_full (G_OBJECT (db), APPROVAL_KEY, approval, (GDestroyNotify) approval_free);
  return g_steal_pointer (&manager);
}

struct _HyStaffSession
{
  HyStaff  *staff;      /* NULL: the owner */
  Approval *approval;   /* or NULL */
};

HyStaffSession *
hy_staff_session_take (HyDatabase *db)
{
  HyStaffSession *session;
  const HyStaff *staff;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);

  session = g_new0 (HyStaffSession, 1);
  if ((staff = hy_staff_get_current (db)) != NULL)
    session->staff = hy_staff_copy (staff);
  session->approval = g_object_steal_data (G_OBJECT (db), APPROVAL_KEY);
  return session;
}

void
hy_staff_session_apply (HyStaffSession *session,
                        HyDatabase     *db)
{
  g_return_if_fail (HY_IS_DATABASE (db));

  hy_staff_sign_in (db, session != NULL ? session->staff : NULL);
  g_object_set_data (G_OBJECT (db), APPROVED_BY_KEY, NULL);
  g_object_set_data_full (G_OBJECT (db), APPROVAL_KEY,
                          session != NULL ? g_steal_pointer (&session->approval) : NULL,
                          (GDestroyNotify) approval_free);
}

void
hy_staff_session_free (HyStaffSession *session)
{
  if (session == NULL)
    return;
  g_clear_pointer (&session->staff, hy_staff_free);
  g_clear_pointer (&session->approval, approval_free);
  g_free (session);
}
