/* hy-import-lookup.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The members and stores an import finds (through its own maps first, then the database) or
 * creates.  A checking pass creates nothing: a negative id stands for what the writing pass
 * would create.
 */

#define G_LOG_DOMAIN "hy-import"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hy-database-private.h"
#include "hy-import-private.h"
#include "hy-member-store-private.h"
#include "hy-time.h"
#include "hy-uuid.h"

/* "phone\t+8613800138000": the key of the import's member map.  Called for every row. */
static void
identity_key (const HyIdentity *identity,
              char             *buf,
              gsize             size)
{
  const char *kind = hy_identity_kind_to_string (identity->kind);
  gsize kind_len = strlen (kind);
  gsize value_len = MIN (strlen (identity->value), size - kind_len - 2);

  memcpy (buf, kind, kind_len);
  buf[kind_len] = '\t';
  memcpy (buf + kind_len + 1, identity->value, value_len);
  buf[kind_len + 1 + value_len] = '\0';
}

/* Finds the member holding any of @identities, through the import's own map first.  Sets
 * @out_member (see Import.members) or, when the identities point at two different members,
 * reports the problem and sets 0.  FALSE only on a database error. */
gboolean
_hy_import_find_member (Import     *imp,
                        GPtrArray  *identities,
                        gint64     *out_member,
                        GError    **error)
{
  const HyIdentity *found_identity = NULL;
  gint64 found = 0;

  *out_member = 0;

  for (guint i = 0; i < identities->len; i++)
    {
      const HyIdentity *identity = g_ptr_array_index (identities, i);
      char key[512];
      gpointer value;
      gint64 owner;

      identity_key (identity, key, sizeof key);
      if (g_hash_table_lookup_extended (imp->members, key, NULL, &value))
        owner = *(gint64 *) value;
      else
        {
          gint64 *stored;

          owner = _hy_member_find_identity (imp->db, identity->kind, identity->value, error);
          if (owner < 0)
            return FALSE;
          stored = g_new (gint64, 1);
          *stored = owner;
          g_hash_table_insert (imp->members, g_strdup (key), stored);
        }

      if (owner == 0)
        continue;
      if (found != 0 && owner != found)
        {
          _hy_import_problem (imp, F_ROW, identity->value,
                              _("%s %s belongs to another member than %s %s; merge the two members first"),
                              hy_identity_kind_get_label (identity->kind), identity->value,
                              hy_identity_kind_get_label (found_identity->kind), found_identity->value);
          return TRUE;
        }
      found = owner;
      found_identity = identity;
    }

  *out_member = found;
  return TRUE;
}

void
_hy_import_remember (Import    *imp,
                     GPtrArray *identities,
                     gint64     member)
{
  for (guint i = 0; i < identities->len; i++)
    {
      char key[512];
      gint64 *stored = g_new (gint64, 1);

      identity_key (g_ptr_array_index (identities, i), key, sizeof key);
      *stored = member;
      g_hash_table_insert (imp->members, g_strdup (key), stored);
    }
}

/* Reads every identity column of the row (several values may share a cell, separated by ';').
 * Returns FALSE when one of them is not valid (problem reported). */
gboolean
_hy_import_identities (Import    *imp,
                       GPtrArray *identities)
{
  static const struct {
    ImportField    field;
    HyIdentityKind kind;
  } columns[] = {
    { F_PHONE, HY_IDENTITY_PHONE },
    { F_CARD, HY_IDENTITY_CARD },
    { F_WECHAT, HY_IDENTITY_WECHAT },
    { F_EMAIL, HY_IDENTITY_EMAIL },
    { F_EXTERNAL_ID, HY_IDENTITY_EXTERNAL },
  };
  gboolean ok = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      const char *text = _hy_import_field (imp, columns[i].field);
      g_auto(GStrv) values = NULL;

      if (text[0] == '\0')
        continue;

      values = g_strsplit_set (text, ";；", -1);
      for (guint j = 0; values[j] != NULL; j++)
        {
          GError *local_error = NULL;
          HyIdentity *identity;
          char *normalized;

          g_strstrip (values[j]);
          if (values[j][0] == '\0')
            continue;

          normalized = hy_identity_normalize (columns[i].kind, values[j], &local_error);
          if (normalized == NULL)
            {
              _hy_import_take_error (imp, columns[i].field, values[j], local_error);
              ok = FALSE;
              continue;
            }

          identity = g_new0 (HyIdentity, 1);
          identity->kind = columns[i].kind;
          identity->value = normalized;
          g_ptr_array_add (identities, identity);
        }
    }

  return ok;
}

/* The member an earlier export's uid points at, through the import's map first; G_MININT64 on
 * a database error. */
gint64
_hy_import_find_by_uid (Import     *imp,
                        const char *uid,
                        GError    **error)
{
  static const char select_uid[] = "SELECT id FROM members WHERE uid = ?1";
  char key[8 + HY_UUID_STRING_LEN + 1];
  gint64 *cached;
  sqlite3_stmt *stmt;
  guint8 bytes[16];
  gint64 id = 0;
  int rc;

  /* Called for every row: no allocation unless the uid is new. */
  g_snprintf (key, sizeof key, "uid\t%s", uid);
  cached = g_hash_table_lookup (imp->members, key);

  if (cached != NULL)
    return *cached;

  if (!(stmt = _hy_database_prepare (imp->db, select_uid, error)))
    return G_MININT64;
  hy_uuid_parse (uid, bytes);
  sqlite3_bind_blob (stmt, 1, bytes, sizeof bytes, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = _hy_member_resolve (imp->db, sqlite3_column_int64 (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _hy_database_set_error (imp->db, rc, error, _("Could not look up a member"));
      return G_MININT64;
    }

  cached = g_new (gint64, 1);
  *cached = id;
  g_hash_table_insert (imp->members, g_strdup (key), cached);
  return id;
}

void
_hy_import_remember_uid (Import     *imp,
                         const char *uid,
                         gint64      member)
{
  gint64 *stored;

  if (uid[0] == '\0')
    return;

  stored = g_new (gint64, 1);
  *stored = member;
  g_hash_table_insert (imp->members, g_strconcat ("uid\t", uid, NULL), stored);
}

static gboolean
find_store (Import     *imp,
            const char *text,
            gint64     *out_id,
            GError    **error)
{
  static const char select_store[] = "SELECT id FROM stores WHERE code = ?1 OR name = ?1 ORDER BY id LIMIT 1";
  sqlite3_stmt *stmt = _hy_database_prepare (imp->db, select_store, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  *out_id = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);

  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return TRUE;
  _hy_database_set_error (imp->db, rc, error, _("Could not look up a store"));
  return FALSE;
}

static gint64
create_store (Import     *imp,
              const char *text,
              GError    **error)
{
  static const char insert_store[] =
    "INSERT INTO stores (uid, code, name, created_at) VALUES (?1, ?2, ?2, ?3)";
  sqlite3_stmt *stmt = _hy_database_prepare (imp->db, insert_store, error);
  guint8 uid[16];

  if (stmt == NULL)
    return -1;
  hy_uuid_generate (uid);
  sqlite3_bind_blob (stmt, 1, uid, sizeof uid, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, hy_time_now ());
  if (!_hy_database_step_done (imp->db, stmt, error))
    return -1;

  return sqlite3_last_insert_rowid (_hy_database_get_handle (imp->db));
}

/* The store named by @text (its code or its name): created when new (in the checking pass, a
 * negative id stands for it).  Returns 0 for an empty text (the database's own store is meant),
 * G_MININT64 on error. */
gint64
_hy_import_store (Import      *imp,
                  const char  *text,
                  GError     **error)
{
  gint64 *cached;
  gint64 id;

  if (text[0] == '\0')
    return 0;

  cached = g_hash_table_lookup (imp->stores, text);
  if (cached != NULL)
    return *cached;

  if (!find_store (imp, text, &id, error))
    return G_MININT64;
  if (id == 0)
    {
      if (imp->writing)
        {
          if ((id = create_store (imp, text, error)) < 0)
            return G_MININT64;
        }
      else
        id = --imp->next_new_store;
      imp->report->stores_created += !imp->writing;
    }

  cached = g_new (gint64, 1);
  *cached = id;
  g_hash_table_insert (imp->stores, g_strdup (text), cached);
  return id;
}
