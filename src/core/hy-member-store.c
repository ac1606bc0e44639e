/* hy-member-store.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hy-member-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hy-change-log.h"
#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-member-private.h"
#include "hy-member-stats-private.h"
#include "hy-member-store.h"
#include "hy-member-store-private.h"
#include "hy-phone.h"
#include "hy-time.h"
#include "hy-uuid.h"

struct _HyMemberStore
{
  GObject     parent_instance;

  /* Owned references */
  HyDatabase *db;
};

G_DEFINE_FINAL_TYPE (HyMemberStore, hy_member_store, G_TYPE_OBJECT)

static void
hy_member_store_finalize (GObject *object)
{
  HyMemberStore *self = (HyMemberStore *)object;

  g_clear_object (&self->db);

  G_OBJECT_CLASS (hy_member_store_parent_class)->finalize (object);
}

static void
hy_member_store_class_init (HyMemberStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hy_member_store_finalize;
}

static void
hy_member_store_init (HyMemberStore *self)
{
}

HyMemberStore *
hy_member_store_new (HyDatabase *db)
{
  HyMemberStore *self;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);

  self = g_object_new (HY_TYPE_MEMBER_STORE, NULL);
  self->db = g_object_ref (db);
  return self;
}

HyDatabase *
hy_member_store_get_database (HyMemberStore *self)
{
  g_return_val_if_fail (HY_IS_MEMBER_STORE (self), NULL);

  return self->db;
}

/* Follows merged_into to the record that survived; 0 when @member_id does not exist. */
gint64
_hy_member_resolve (HyDatabase *db,
                    gint64      member_id)
{
  static const char select_merged[] = "SELECT merged_into FROM members WHERE id = ?1";

  /* Merges compress the chain, so this loops at most a couple of times; the bound guards
   * against a damaged database. */
  for (guint hops = 0; hops < 64 && member_id > 0; hops++)
    {
      sqlite3_stmt *stmt = _hy_database_prepare (db, select_merged, NULL);
      gint64 next;

      if (stmt == NULL)
        return 0;
      sqlite3_bind_int64 (stmt, 1, member_id);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          return 0;
        }
      next = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (next == 0)
        return member_id;
      member_id = next;
    }

  return 0;
}

gint64
hy_member_store_resolve (HyMemberStore *self,
                         gint64         member_id)
{
  g_return_val_if_fail (HY_IS_MEMBER_STORE (self), 0);

  return _hy_member_resolve (self->db, member_id);
}

/* The member holding an identity (already normalised), resolved through merges; 0 if none. */
gint64
_hy_member_find_identity (HyDatabase     *db,
                          HyIdentityKind  kind,
                          const char     *value,
                          GError        **error)
{
  static const char select_owner[] =
    "SELECT member_id FROM member_identities WHERE kind = ?1 AND value = ?2";
  sqlite3_stmt *stmt;
  gint64 owner = 0;
  int rc;

  if (!(stmt = _hy_database_prepare (db, select_owner, error)))
    return -1;
  sqlite3_bind_text (stmt, 1, hy_identity_kind_to_string (kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    owner = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not look up a member"));
      return -1;
    }

  return owner != 0 ? _hy_member_resolve (db, owner) : 0;
}

/**
 * hy_member_store_find:
 * @value: an identity as typed or imported; it is normalised first
 *
 * Returns: the member holding the identity, 0 when nobody does, -1 on error (a phone that is
 *   not a phone number, a database error)
 */
gint64
hy_member_store_find (HyMemberStore   *self,
                      HyIdentityKind   kind,
                      const char      *value,
                      GError         **error)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (HY_IS_MEMBER_STORE (self), -1);
  g_return_val_if_fail (value != NULL, -1);

  normalized = hy_identity_normalize (kind, value, error);
  if (normalized == NULL)
    return -1;

  return _hy_member_find_identity (self->db, kind, normalized, error);
}

gint64
hy_member_store_find_by_uid (HyMemberStore *self,
                             const char    *uid)
{
  static const char select_uid[] = "SELECT id FROM members WHERE uid = ?1";
  guint8 bytes[16];
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (HY_IS_MEMBER_STORE (self), 0);

  if (uid == NULL || !hy_uuid_parse (uid, bytes))
    return 0;
  if (!(stmt = _hy_database_prepare (self->db, select_uid, NULL)))
    return 0;
  sqlite3_bind_blob (stmt, 1, bytes, sizeof bytes, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return _hy_member_resolve (self->db, id);
}

static char *
describe_member (HyDatabase *db,
                 gint64      member_id)
{
  static const char select_name[] = "SELECT name FROM members WHERE id = ?1";
  sqlite3_stmt *stmt = _hy_database_prepare (db, select_name, NULL);
  char *text;

  if (stmt == NULL)
    return g_strdup_printf ("#%" G_GINT64_FORMAT, member_id);

  sqlite3_bind_int64 (stmt, 1, member_id);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) > 0)
    text = g_strdup_printf ("%s (#%" G_GINT64_FORMAT ")", _hy_column_text (stmt, 0), member_id);
  else
    text = g_strdup_printf ("#%" G_GINT64_FORMAT, member_id);
  sqlite3_reset (stmt);

  return text;
}

/* Refuses an identity another member holds: OneID means one owner per identity. */
gboolean
_hy_member_check_identity_free (HyDatabase        *db,
                                const HyIdentity  *identity,
                                gint64             member_id,
                                GError           **error)
{
  gint64 owner = _hy_member_find_identity (db, identity->kind, identity->value, error);
  g_autofree char *who = NULL;
  g_autofree char *shown = NULL;

  if (owner < 0)
    return FALSE;
  if (owner == 0 || owner == member_id)
    return TRUE;

  who = describe_member (db, owner);
  shown = identity->kind == HY_IDENTITY_PHONE ? hy_phone_format (identity->value)
                                              : g_strdup (identity->value);
  g_set_error (error, HY_ERROR, HY_ERROR_CONFLICT,
               _("%s %s already belongs to member %s; open that member or merge the two records"),
               hy_identity_kind_get_label (identity->kind), shown, who);
  return FALSE;
}

gboolean
_hy_member_insert_identity (HyDatabase        *db,
                            gint64             member_id,
                            HyIdentityKind     kind,
                            const char        *value,
                            GError           **error)
{
  static const char insert_identity[] =
    "INSERT INTO member_identities (member_id, kind, value, created_at) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (kind, value) DO NOTHING";
  sqlite3_stmt *stmt;

  if (!(stmt = _hy_database_prepare (db, insert_identity, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, member_id);
  sqlite3_bind_text (stmt, 2, hy_identity_kind_to_string (kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, value, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, hy_time_now ());
  return _hy_database_step_done (db, stmt, error);
}

static void
append_json_string (GString    *json,
                    const char *text)
{
  g_string_append_c (json, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (json, '\\');
      if ((guchar) *p < 0x20)
        g_string_append_printf (json, "\\u%04x", (guchar) *p);
      else
        g_string_append_c (json, *p);
    }
  g_string_append_c (json, '"');
}

/* Inserts many identities (identity i belongs to member_ids[i]) in one statement, in order, as
 * _hy_member_insert_identity() would one by one.  One statement matters: the phone trigram
 * index (FTS5) writes its pending terms out at the end of every statement that writes to it,
 * and a segment per phone made member creation in an import a fifth of its time. */
gboolean
_hy_member_insert_identities (HyDatabase        *db,
                              const gint64      *member_ids,
                              const HyIdentity  *identities,
                              guint              n_identities,
                              GError           **error)
{
  static const char insert_identities[] =
    "INSERT INTO member_identities (member_id, kind, value, created_at)"
    " SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, ?2 FROM json_each (?1) j"
    " WHERE true ORDER BY j.key"
    " ON CONFLICT (kind, value) DO NOTHING";
  g_autoptr(GString) json = NULL;
  sqlite3_stmt *stmt;

  if (n_identities == 0)
    return TRUE;

  json = g_string_sized_new (64 * n_identities);
  g_string_append_c (json, '[');
  for (guint i = 0; i < n_identities; i++)
    {
      g_string_append_printf (json, "%s[%" G_GINT64_FORMAT ",", i > 0 ? "," : "", member_ids[i]);
      append_json_string (json, hy_identity_kind_to_string (identities[i].kind));
      g_string_append_c (json, ',');
      append_json_string (json, identities[i].value);
      g_string_append_c (json, ']');
    }
  g_string_append_c (json, ']');

  if (!(stmt = _hy_database_prepare (db, insert_identities, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, json->str, json->len, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, hy_time_now ());
  return _hy_database_step_done (db, stmt, error);
}

gboolean
_hy_member_insert_tag (HyDatabase  *db,
                       gint64       member_id,
                       const char  *tag,
                       GError     **error)
{
  static const char insert_tag[] =
    "INSERT INTO member_tags (member_id, tag, created_at) VALUES (?1, ?2, ?3)"
    " ON CONFLICT DO NOTHING";
  sqlite3_stmt *stmt;

  if (!(stmt = _hy_database_prepare (db, insert_tag, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, member_id);
  sqlite3_bind_text (stmt, 2, tag, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, hy_time_now ());
  return _hy_database_step_done (db, stmt, error);
}

static void
bind_member_fields (sqlite3_stmt *stmt,
                    HyMember     *member)
{
  int year, month, day;

  hy_member_get_birthday (member, &year, &month, &day);
  sqlite3_bind_text (stmt, 2, hy_member_get_name (member), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, hy_member_get_gender (member));
  sqlite3_bind_int (stmt, 4, year);
  sqlite3_bind_int (stmt, 5, month);
  sqlite3_bind_int (stmt, 6, day);
  sqlite3_bind_int64 (stmt, 7, hy_member_get_joined_at (member));
  if (hy_member_get_home_store (member) > 0)
    sqlite3_bind_int64 (stmt, 8, hy_member_get_home_store (member));
  sqlite3_bind_text (stmt, 9, hy_member_get_channel (member), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, hy_member_get_notes (member), -1, SQLITE_TRANSIENT);
}

/* Inserts the member row, its stats row, identities and tags, and logs the change.  The caller
 * holds a transaction and has checked the identities are free. */
gboolean
_hy_member_insert (HyDatabase  *db,
                   HyMember    *member,
                   GError     **error)
{
  static const char insert_member[] =
    "INSERT INTO members (uid, name, gender, birth_year, birth_month, birth_day, joined_at,"
    "                     home_store_id, channel, notes, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)";
  static const char insert_stats[] = "INSERT INTO member_stats (member_id) VALUES (?1)";
  GPtrArray *identities = hy_member_get_identities (member);
  GPtrArray *tags = hy_member_get_tags (member);
  char uid_text[HY_UUID_STRING_LEN + 1];
  gint64 now = hy_time_now ();
  guint8 uid[16];
  sqlite3_stmt *stmt;
  gint64 id;

  if (hy_member_get_joined_at (member) == 0)
    hy_member_set_joined_at (member, now);

  /* A member imported from an export keeps the uid it had: it is the same member. */
  if (hy_member_get_uid (member) == NULL || !hy_uuid_parse (hy_member_get_uid (member), uid))
    hy_uuid_generate (uid);
  if (!(stmt = _hy_database_prepare (db, insert_member, error)))
    return FALSE;
  sqlite3_bind_blob (stmt, 1, uid, sizeof uid, SQLITE_TRANSIENT);
  bind_member_fields (stmt, member);
  sqlite3_bind_int64 (stmt, 11, now);
  if (!_hy_database_step_done (db, stmt, error))
    return FALSE;
  id = sqlite3_last_insert_rowid (_hy_database_get_handle (db));

  if (!(stmt = _hy_database_prepare (db, insert_stats, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_hy_database_step_done (db, stmt, error))
    return FALSE;

  for (guint i = 0; i < identities->len; i++)
    {
      HyIdentity *identity = g_ptr_array_index (identities, i);

      if (!_hy_member_insert_identity (db, id, identity->kind, identity->value, error))
        return FALSE;
    }

  for (guint i = 0; i < tags->len; i++)
    if (!_hy_member_insert_tag (db, id, g_ptr_array_index (tags, i), error))
      return FALSE;

  if (!_hy_change_log_append (db, HY_ENTITY_MEMBER, id, HY_CHANGE_INSERT, error))
    return FALSE;

  hy_uuid_to_string (uid, uid_text);
  _hy_member_set_row (member, id, uid_text, 0, now, now);
  return TRUE;
}

/**
 * hy_member_store_create:
 * @member: a new member, with its identities and tags
 *
 * Saves a new member.  Refused, with nothing written, when one of its identities already belongs
 * to somebody else.  On success @member has its id and uid.
 */
gboolean
hy_member_store_create (HyMemberStore  *self,
                        HyMember       *member,
                        GError        **error)
{
  GPtrArray *identities;

  g_return_val_if_fail (HY_IS_MEMBER_STORE (self), FALSE);
  g_return_val_if_fail (HY_IS_MEMBER (member), FALSE);
  g_return_val_if_fail (hy_member_get_id (member) == 0, FALSE);

  if (!hy_database_begin (self->db, error))
    return FALSE;

  identities = hy_member_get_identities (member);
  for (guint i = 0; i < identities->len; i++)
    if (!_hy_member_check_identity_free (self->db, g_ptr_array_index (identities, i), 0, error))
      goto failed;

  if (!_hy_member_insert (self->db, member, error))
    goto failed;

  return hy_database_commit (self->db, error);

failed:
  hy_database_rollback (self->db);
  return FALSE;
}

static gboolean
load_identities (HyDatabase  *db,
                 HyMember    *member,
                 GError     **error)
{
  static const char select_identities[] =
    "SELECT kind, value FROM member_identities WHERE member_id = ?1 ORDER BY id";
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hy_database_prepare (db, select_identities, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, hy_member_get_id (member));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HyIdentity *identity = g_new0 (HyIdentity, 1);

      if (!hy_identity_kind_from_string (_hy_column_text (stmt, 0), &identity->kind))
        {
          g_free (identity);
          continue;
        }
      identity->value = g_strdup (_hy_column_text (stmt, 1));
      g_ptr_array_add (hy_member_get_identities (member), identity);
    }
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    return TRUE;
  _hy_database_set_error (db, rc, error, _("Could not read a member’s identities"));
  return FALSE;
}

static gboolean
load_tags (HyDatabase  *db,
           HyMember    *member,
           GError     **error)
{
  static const char select_tags[] =
    "SELECT tag FROM member_tags WHERE member_id = ?1 ORDER BY created_at, tag";
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hy_database_prepare (db, select_tags, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, hy_member_get_id (member));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (hy_member_get_tags (member), g_strdup (_hy_column_text (stmt, 0)));
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    return TRUE;
  _hy_database_set_error (db, rc, error, _("Could not read a member’s tags"));
  return FALSE;
}

HyMember *
_hy_member_load (HyDatabase  *db,
                 gint64       member_id,
                 GError     **error)
{
  static const char select_member[] =
    "SELECT uid, name, gender, birth_year, birth_month, birth_day, joined_at,"
    "       coalesce (home_store_id, 0), channel, notes, coalesce (merged_into, 0),"
    "       created_at, updated_at"
    "  FROM members WHERE id = ?1";
  g_autoptr(HyMember) member = NULL;
  char uid_text[HY_UUID_STRING_LEN + 1] = "";
  HyMemberStats stats;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hy_database_prepare (db, select_member, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, member_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND,
                     _("There is no member #%lld"), (long long) member_id);
      else
        _hy_database_set_error (db, rc, error, _("Could not read a member"));
      return NULL;
    }

  member = hy_member_new ();
  if (sqlite3_column_bytes (stmt, 0) == 16)
    hy_uuid_to_string (sqlite3_column_blob (stmt, 0), uid_text);
  hy_member_set_name (member, _hy_column_text (stmt, 1));
  hy_member_set_gender (member, CLAMP (sqlite3_column_int (stmt, 2), 0, 2));
  hy_member_set_birthday (member, sqlite3_column_int (stmt, 3), sqlite3_column_int (stmt, 4),
                          sqlite3_column_int (stmt, 5));
  hy_member_set_joined_at (member, sqlite3_column_int64 (stmt, 6));
  hy_member_set_home_store (member, sqlite3_column_int64 (stmt, 7));
  hy_member_set_channel (member, _hy_column_text (stmt, 8));
  hy_member_set_notes (member, _hy_column_text (stmt, 9));
  _hy_member_set_row (member, member_id, uid_text, sqlite3_column_int64 (stmt, 10),
                      sqlite3_column_int64 (stmt, 11), sqlite3_column_int64 (stmt, 12));
  sqlite3_reset (stmt);

  if (!load_identities (db, member, error) ||
      !load_tags (db, member, error) ||
      !_hy_member_stats_load (db, member_id, &stats, error))
    return NULL;
  _hy_member_set_stats (member, &stats);

  return g_steal_pointer (&member);
}

/**
 * hy_member_store_load:
 *
 * Loads a member with identities, tags and figures.  A merged record loads as it is (its
 * merged-into says where it went); use hy_member_store_resolve() first to get the survivor.
 */
HyMember *
hy_member_store_load (HyMemberStore  *self,
                      gint64          member_id,
                      GError        **error)
{
  g_return_val_if_fail (HY_IS_MEMBER_STORE (self), NULL);

  return _hy_member_load (self->db, member_id, error);
}

static gboolean
identity_in (GPtrArray      *identities,
             HyIdentityKind  kind,
             const char     *value)
{
  for (guint i = 0; i < identities->len; i++)
    {
      HyIdentity *identity = g_ptr_array_index (identities, i);

      if (identity->kind == kind && g_str_equal (identity->value, value))
        return TRUE;
    }

  return FALSE;
}

static gboolean
remove_identity_row (HyDatabase      *db,
                     gint64           member_id,
                     HyIdentityKind   kind,
                     const char      *value,
                     GError         **error)
{
  static const char delete_identity[] =
    "DELETE FROM member_identities WHERE member_id = ?1 AND kind = ?2 AND value = ?3";
  sqlite3_stmt *stmt;

  if (!(stmt = _hy_database_prepare (db, delete_identity, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, member_id);
  sqlite3_bind_text (stmt, 2, hy_identity_kind_to_string (kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, value, -1, SQLITE_TRANSIENT);
  return _hy_database_step_done (db, stmt, error);
}

static gboolean
remove_tag_row (HyDatabase  *db,
                gint64       member_id,
                const char  *tag,
                GError     **error)
{
  static const char delete_tag[] = "DELETE FROM member_tags WHERE member_id = ?1 AND tag = ?2";
  sqlite3_stmt *stmt;

  if (!(stmt = _hy_database_prepare (db, delete_tag, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, member_id);
  sqlite3_bind_text (stmt, 2, tag, -1, SQLITE_TRANSIENT);
  return _hy_database_step_done (db, stmt, error);
}

static gboolean
str_in (GPtrArray  *strings,
        const char *s)
{
  for (guint i = 0; i < strings->len; i++)
    if (g_str_equal (g_ptr_array_index (strings, i), s))
      return TRUE;

  return FALSE;
}

/* Makes the stored identities and tags exactly those of @member. */
static gboolean
sync_collections (HyDatabase  *db,
                  HyMember    *member,
                  HyMember    *stored,
                  GError     **error)
{
  GPtrArray *wanted = hy_member_get_identities (member);
  GPtrArray *have = hy_member_get_identities (stored);
  GPtrArray *wanted_tags = hy_member_get_tags (member);
  GPtrArray *have_tags = hy_member_get_tags (stored);
  gint64 id = hy_member_get_id (member);

  for (guint i = 0; i < wanted->len; i++)
    {
      HyIdentity *identity = g_ptr_array_index (wanted, i);

      if (identity_in (have, identity->kind, identity->value))
        continue;
      if (!_hy_member_check_identity_free (db, identity, id, error) ||
          !_hy_member_insert_identity (db, id, identity->kind, identity->value, error))
        return FALSE;
    }

  for (guint i = 0; i < have->len; i++)
    {
      HyIdentity *identity = g_ptr_array_index (have, i);

      if (!identity_in (wanted, identity->kind, identity->value) &&
          !remove_identity_row (db, id, identity->kind, identity->value, error))
        return FALSE;
    }

  for (guint i = 0; i < wanted_tags->len; i++)
    if (!str_in (have_tags, g_ptr_array_index (wanted_tags, i)) &&
        !_hy_member_insert_tag (db, id, g_ptr_array_index (wanted_tags, i), error))
      return FALSE;

  for (guint i = 0; i < have_tags->len; i++)
    if (!str_in (wanted_tags, g_ptr_array_index (have_tags, i)) &&
        !remove_tag_row (db, id, g_ptr_array_index (have_tags, i), error))
      return FALSE;

  return TRUE;
}

gboolean
_hy_member_update_row (HyDatabase  *db,
                       HyMember    *member,
                       GError     **error)
{
  static const char update_member[] =
    "UPDATE members SET name = ?2, gender = ?3, birth_year = ?4, birth_month = ?5,"
    "                   birth_day = ?6, joined_at = ?7, home_store_id = ?8, channel = ?9,"
    "                   notes = ?10, updated_at = ?11"
    " WHERE id = ?1";
  gint64 now = hy_time_now ();
  sqlite3_stmt *stmt;

  if (!(stmt = _hy_database_prepare (db, update_member, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, hy_member_get_id (member));
  bind_member_fields (stmt, member);
  sqlite3_bind_int64 (stmt, 11, now);
  if (!_hy_database_step_done (db, stmt, error) ||
      !_hy_change_log_append (db, HY_ENTITY_MEMBER, hy_member_get_id (member), HY_CHANGE_UPDATE, error))
    return FALSE;

  _hy_member_set_row (member, hy_member_get_id (member), hy_member_get_uid (member),
                      hy_member_get_merged_into (member), hy_member_get_created_at (member), now);
  return TRUE;
}

/**
 * hy_member_store_update:
 * @member: a member loaded from this store and edited
 *
 * Saves the fields, identities and tags of @member as they are now.  Nothing is written when an
 * identity belongs to someone else or the member was merged away in the meantime.
 */
gboolean
hy_member_store_update (HyMemberStore  *self,
                        HyMember       *member,
                        GError        **error)
{
  g_autoptr(HyMember) stored = NULL;

  g_return_val_if_fail (HY_IS_MEMBER_STORE (self), FALSE);
  g_return_val_if_fail (HY_IS_MEMBER (member), FALSE);
  g_return_val_if_fail (hy_member_get_id (member) > 0, FALSE);

  if (!hy_database_begin (self->db, error))
    return FALSE;

  stored = _hy_member_load (self->db, hy_member_get_id (member), error);
  if (stored == NULL)
    goto failed;
  if (hy_member_get_merged_into (stored) != 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_CONFLICT,
                   _("Member #%lld was merged into #%lld; edit that record instead"),
                   (long long) hy_member_get_id (member), (long long) hy_member_get_merged_into (stored));
      goto failed;
    }

  if (!sync_collections (self->db, member, stored, error) ||
      !_hy_member_update_row (self->db, member, error))
    goto failed;

  return hy_database_commit (self->db, error);

failed:
  hy_database_rollback (self->db);
  return FALSE;
}

static gboolean
check_active_member (HyDatabase  *db,
                     gint64       member_id,
                     GError     **error)
{
  gint64 resolved = _hy_member_resolve (db, member_id);

  if (resolved == member_id)
    return TRUE;

  if (resolved == 0)
    g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND,
                 _("There is no member #%lld"), (long long) member_id);
  else
    g_set_error (error, HY_ERROR, HY_ERROR_CONFLICT,
                 _("Member #%lld was merged into #%lld; use that record instead"),
                 (long long) member_id, (long long) resolved);
  return FALSE;
}

/* Runs @change on @member_id inside one transaction, logging a member update. */
static gboolean
with_member_change (HyMemberStore  *self,
                    gint64          member_id,
                    gboolean      (*change) (HyDatabase *, gint64, gconstpointer, gconstpointer, GError **),
                    gconstpointer   a,
                    gconstpointer   b,
                    GError        **error)
{
  if (!hy_database_begin (self->db, error))
    return FALSE;

  if (!check_active_member (self->db, member_id, error) ||
      !change (self->db, member_id, a, b, error) ||
      !_hy_change_log_append (self->db, HY_ENTITY_MEMBER, member_id, HY_CHANGE_UPDATE, error))
    {
      hy_database_rollback (self->db);
      return FALSE;
    }

  return hy_database_commit (self->db, error);
}

static gboolean
add_identity_change (HyDatabase     *db,
                     gint64          member_id,
                     gconstpointer   a,
                     gconstpointer   b,
                     GError        **error)
{
  const HyIdentity *identity = a;

  return _hy_member_check_identity_free (db, identity, member_id, error) &&
         _hy_member_insert_identity (db, member_id, identity->kind, identity->value, error);
}

gboolean
hy_member_store_add_identity (HyMemberStore   *self,
                              gint64           member_id,
                              HyIdentityKind   kind,
                              const char      *value,
                              GError         **error)
{
  HyIdentity identity = { kind, NULL };
  gboolean ok;

  g_return_val_if_fail (HY_IS_MEMBER_STORE (self), FALSE);
  g_return_val_if_fail (kind < HY_N_IDENTITY_KINDS, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  identity.value = hy_identity_normalize (kind, value, error);
  if (identity.value == NULL)
    return FALSE;

  ok = with_member_change (self, member_id, add_identity_change, &identity, NULL, error);
  g_free (identity.value);
  return ok;
}

static gboolean
remove_identity_change (HyDatabase     *db,
                        gint64          member_id,
                        gconstpointer   a,
                        gconstpointer   b,
                        GError        **error)
{
  const HyIdentity *identity = a;

  if (_hy_member_find_identity (db, identity->kind, identity->value, NULL) != member_id)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND,
                   _("Member #%lld has no %s “%s”"),
                   (long long) member_id, hy_identity_kind_get_label (identity->kind), identity->value);
      return FALSE;
    }

  return remove_identity_row (db, member_id, identity->kind, identity->value, error);
}

gboolean
hy_member_store_remove_identity (HyMemberStore   *self,
                                 gint64           member_id,
                                 HyIdentityKind   kind,
                                 const char      *value,
                                 GError         **error)
{
  HyIdentity identity = { kind, NULL };
  gboolean ok;

  g_return_val_if_fail (HY_IS_MEMBER_STORE (self), FALSE);
  g_return_val_if_fail (kind < HY_N_IDENTITY_KINDS, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  identity.value = hy_identity_normalize (kind, value, error);
  if (identity.value == NULL)
    return FALSE;

  ok = with_member_change (self, member_id, remove_identity_change, &identity, NULL, error);
  g_free (identity.value);
  return ok;
}

static gboolean
add_tag_change (HyDatabase     *db,
                gint64          member_id,
                gconstpointer   a,
                gconstpointer   b,
                GError        **error)
{
  return _hy_member_insert_tag (db, member_id, a, error);
}

static gboolean
remove_tag_change (HyDatabase     *db,
                   gint64          member_id,
                   gconstpointer   a,
                   gconstpointer   b,
                   GError        **error)
{
  return remove_tag_row (db, member_id, a, error);
}

static char *
clean_tag (const char  *tag,
           GError     **error)
{
  char *trimmed = g_strstrip (g_strdup (tag));

  if (trimmed[0] == '\0' || !g_utf8_validate (trimmed, -1, NULL))
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("A tag cannot be empty"));
      g_free (trimmed);
      return NULL;
    }

  return trimmed;
}

gboolean
hy_member_store_add_tag (HyMemberStore  *self,
                         gint64          member_id,
                         const char     *tag,
                         GError        **error)
{
  g_autofree char *clean = NULL;

  g_return_val_if_fail (HY_IS_MEMBER_STORE (self), FALSE);
  g_return_val_if_fail (tag != NULL, FALSE);

  if (!(clean = clean_tag (tag, error)))
    return FALSE;

  return with_member_change (self, member_id, add_tag_change, clean, NULL, error);
}

gboolean
hy_member_store_remove_tag (HyMemberStore  *self,
                            gint64          member_id,
                            const char     *tag,
                            GError        **error)
{
  g_autofree char *clean = NULL;

  g_return_val_if_fail (HY_IS_MEMBER_STORE (self), FALSE);
  g_return_val_if_fail (tag != NULL, FALSE);

  if (!(clean = clean_tag (tag, error)))
    return FALSE;

  return with_member_change (self, member_id, remove_tag_change, clean, NULL, error);
}

/**
 * hy_member_store_find_owners:
 * @draft: a member being entered, not saved yet
 *
 * The distinct members who already hold one of @draft's identities: what a form shows as
 * "this looks like an existing member" with an offer to open or merge.
 *
 * Returns: (transfer full) (element-type gint64): member ids
 */
GArray *
hy_member_store_find_owners (HyMemberStore *self,
                             HyMember      *draft)
{
  GArray *owners = g_array_new (FALSE, FALSE, sizeof (gint64));
  GPtrArray *identities;

  g_return_val_if_fail (HY_IS_MEMBER_STORE (self), owners);
  g_return_val_if_fail (HY_IS_MEMBER (draft), owners);

  identities = hy_member_get_identities (draft);
  for (guint i = 0; i < identities->len; i++)
    {
      HyIdentity *identity = g_ptr_array_index (identities, i);
      gint64 owner = _hy_member_find_identity (self->db, identity->kind, identity->value, NULL);
      gboolean seen = owner <= 0 || owner == hy_member_get_id (draft);

      for (guint j = 0; !seen && j < owners->len; j++)
        seen = g_array_index (owners, gint64, j) == owner;
      if (!seen)
        g_array_append_val (owners, owner);
    }

  return owners;
}

gint64
hy_member_store_count (HyMemberStore *self)
{
  static const char count_members[] = "SELECT count(*) FROM members WHERE merged_into IS NULL";
  sqlite3_stmt *stmt;
  gint64 n = 0;

  g_return_val_if_fail (HY_IS_MEMBER_STORE (self), 0);

  if ((stmt = _hy_database_prepare (self->db, count_members, NULL)) != NULL)
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }

  return n;
}
