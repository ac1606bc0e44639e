/* hy-import-members.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Member rows: each row is one person, recognised by any of their identities (or the uid of an
 * earlier export).  A known person is updated with what the row says (fields it leaves empty
 * stay as they are; identities and tags are added, never removed); an unknown one is created.
 * A row whose identities belong to two different members is refused: that needs a merge, which
 * an import must not do behind the manager's back.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-import-private.h"
#include "hy-member-private.h"
#include "hy-member-store-private.h"
#include "hy-parse.h"
#include "hy-uuid.h"

typedef struct
{
  char       uid[HY_UUID_STRING_LEN + 1];
  GPtrArray *identities;
  GPtrArray *tags;
  int        gender;
  int        birth_year;
  int        birth_month;
  int        birth_day;
  gint64     joined_at;
  gint64     store;
  gboolean   has_gender;
  gboolean   has_birthday;
} MemberRow;

static void
member_row_clear (MemberRow *row)
{
  g_clear_pointer (&row->identities, g_ptr_array_unref);
  g_clear_pointer (&row->tags, g_ptr_array_unref);
}

gboolean
_hy_import_members_prepare (Import  *imp,
                            GError **error)
{
  static const ImportField keys[] = { F_UID, F_PHONE, F_CARD, F_WECHAT, F_EMAIL, F_EXTERNAL_ID };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (_hy_import_has_column (imp, keys[i]))
      return _hy_import_open_reader (imp, error);

  g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
               _("The file has no column that identifies a member (phone, card number, WeChat OpenID, email, member number or uid). Name one with --map, e.g. --map 手机=phone"));
  return FALSE;
}

/* Tags are separated by ; , | or their Chinese forms ；，、 (not by spaces: "高端 护理" is one). */
static void
split_tags (const char *text,
            GPtrArray  *tags)
{
  GString *unified = g_string_new (text);
  g_auto(GStrv) parts = NULL;

  g_string_replace (unified, "；", ";", 0);
  g_string_replace (unified, "，", ";", 0);
  g_string_replace (unified, "、", ";", 0);
  parts = g_strsplit_set (unified->str, ";,|", -1);
  g_string_free (unified, TRUE);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_ptr_array_add (tags, g_strdup (parts[i]));
    }
}

/* Reads and checks every field of the row; problems are reported field by field. */
static void
read_row (Import    *imp,
          MemberRow *row)
{
  const char *text;
  GError *local_error = NULL;

  row->identities = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_identity_free);
  row->tags = g_ptr_array_new_with_free_func (g_free);

  text = _hy_import_field (imp, F_UID);
  if (text[0] != '\0')
    {
      guint8 bytes[16];

      if (hy_uuid_parse (text, bytes))
        hy_uuid_to_string (bytes, row->uid);
      else
        _hy_import_problem (imp, F_UID, text, _("“%s” is not a uid as Huiyuan exports them"), text);
    }

  _hy_import_identities (imp, row->identities);

  text = _hy_import_field (imp, F_GENDER);
  if (text[0] != '\0')
    {
      if (hy_parse_gender (text, &row->gender, &local_error))
        row->has_gender = TRUE;
      else
        _hy_import_take_error (imp, F_GENDER, text, local_error);
    }

  text = _hy_import_field (imp, F_BIRTHDAY);
  if (text[0] != '\0')
    {
      local_error = NULL;
      if (hy_parse_date (text, &row->birth_year, &row->birth_month, &row->birth_day, &local_error))
        row->has_birthday = TRUE;
      else
        _hy_import_take_error (imp, F_BIRTHDAY, text, local_error);
    }

  text = _hy_import_field (imp, F_JOINED_AT);
  if (text[0] != '\0')
    {
      local_error = NULL;
      if (!hy_parse_date_time (text, imp->tz, &row->joined_at, &local_error))
        _hy_import_take_error (imp, F_JOINED_AT, text, local_error);
    }

  text = _hy_import_field (imp, F_NAME);
  if (g_utf8_strlen (text, -1) > 100)
    _hy_import_problem (imp, F_NAME, text, _("A name of more than 100 characters is surely not a name"));

  text = _hy_import_field (imp, F_TAGS);
  if (text[0] != '\0')
    split_tags (text, row->tags);

  if (row->uid[0] == '\0' && row->identities->len == 0 && !imp->row_bad)
    _hy_import_problem (imp, F_ROW, "",
                        _("The row has no phone, card number, WeChat OpenID, email, member number or uid to recognise the member by"));
}

/* Puts what the row says into @member; returns whether anything changed. */
static gboolean
apply_row (Import    *imp,
           MemberRow *row,
           HyMember  *member)
{
  const char *name = _hy_import_field (imp, F_NAME);
  const char *channel = _hy_import_field (imp, F_CHANNEL);
  const char *notes = _hy_import_field (imp, F_NOTES);
  gboolean changed = FALSE;
  int y, m, d;

  if (name[0] != '\0' && g_strcmp0 (name, hy_member_get_name (member)) != 0)
    {
      hy_member_set_name (member, name);
      changed = TRUE;
    }
  if (channel[0] != '\0' && g_strcmp0 (channel, hy_member_get_channel (member)) != 0)
    {
      hy_member_set_channel (member, channel);
      changed = TRUE;
    }
  if (notes[0] != '\0' && g_strcmp0 (notes, hy_member_get_notes (member)) != 0)
    {
      hy_member_set_notes (member, notes);
      changed = TRUE;
    }
  if (row->has_gender && (HyGender) row->gender != hy_member_get_gender (member))
    {
      hy_member_set_gender (member, row->gender);
      changed = TRUE;
    }
  hy_member_get_birthday (member, &y, &m, &d);
  if (row->has_birthday && (y != row->birth_year || m != row->birth_month || d != row->birth_day))
    {
      hy_member_set_birthday (member, row->birth_year, row->birth_month, row->birth_day);
      changed = TRUE;
    }
  if (row->joined_at != 0 && row->joined_at != hy_member_get_joined_at (member))
    {
      hy_member_set_joined_at (member, row->joined_at);
      changed = TRUE;
    }
  if (row->store > 0 && row->store != hy_member_get_home_store (member))
    {
      hy_member_set_home_store (member, row->store);
      changed = TRUE;
    }

  for (guint i = 0; i < row->identities->len; i++)
    {
      HyIdentity *identity = g_ptr_array_index (row->identities, i);
      const char *held = NULL;
      GPtrArray *have = hy_member_get_identities (member);

      for (guint j = 0; j < have->len && held == NULL; j++)
        {
          HyIdentity *other = g_ptr_array_index (have, j);

          if (other->kind == identity->kind && g_str_equal (other->value, identity->value))
            held = other->value;
        }
      if (held == NULL)
        {
          hy_member_add_identity (member, identity->kind, identity->value, NULL);
          changed = TRUE;
        }
    }

  for (guint i = 0; i < row->tags->len; i++)
    if (!hy_member_has_tag (member, g_ptr_array_index (row->tags, i)))
      {
        hy_member_add_tag (member, g_ptr_array_index (row->tags, i));
        changed = TRUE;
      }

  return changed;
}

static gboolean
create_member (Import     *imp,
               MemberRow  *row,
               GError    **error)
{
  g_autoptr(HyMember) member = hy_member_new ();
  gint64 id;

  if (row->uid[0] != '\0')
    _hy_member_set_row (member, 0, row->uid, 0, 0, 0);
  apply_row (imp, row, member);

  if (!imp->writing)
    id = --imp->next_new_member;
  else if (_hy_member_insert (imp->db, member, error))
    id = hy_member_get_id (member);
  else
    return FALSE;

  _hy_import_remember (imp, row->identities, id);
  _hy_import_remember_uid (imp, row->uid, id);
  imp->report->members_created++;
  imp->report->rows_imported++;
  return TRUE;
}

/* Saves identities and tags the row added, and the fields, of a member that exists. */
static gboolean
save_member (Import     *imp,
             HyMember   *member,
             MemberRow  *row,
             GError    **error)
{
  gint64 id = hy_member_get_id (member);

  for (guint i = 0; i < row->identities->len; i++)
    {
      HyIdentity *identity = g_ptr_array_index (row->identities, i);

      if (!_hy_member_insert_identity (imp->db, id, identity->kind, identity->value, error))
        return FALSE;
    }
  for (guint i = 0; i < row->tags->len; i++)
    if (!_hy_member_insert_tag (imp->db, id, g_ptr_array_index (row->tags, i), error))
      return FALSE;

  return _hy_member_update_row (imp->db, member, error);
}

static gboolean
update_member (Import     *imp,
               MemberRow  *row,
               gint64      owner,
               GError    **error)
{
  g_autoptr(HyMember) member = NULL;
  gboolean changed;

  /* A member created earlier in this file, during the checking pass: it does not exist yet. */
  if (owner < 0)
    {
      imp->report->members_updated++;
      imp->report->rows_imported++;
      _hy_import_remember (imp, row->identities, owner);
      return TRUE;
    }

  if (!(member = _hy_member_load (imp->db, owner, error)))
    return FALSE;

  changed = apply_row (imp, row, member);
  if (changed && imp->writing && !save_member (imp, member, row, error))
    return FALSE;

  if (changed)
    {
      imp->report->members_updated++;
      imp->report->rows_imported++;
    }
  else
    imp->report->rows_unchanged++;

  _hy_import_remember (imp, row->identities, owner);
  return TRUE;
}

static gboolean
members_row (Import  *imp,
             GError **error)
{
  MemberRow row = { 0 };
  gint64 owner = 0;
  gboolean ok = FALSE;

  read_row (imp, &row);

  if (!imp->row_bad)
    {
      gint64 by_uid = row.uid[0] != '\0' ? _hy_import_find_by_uid (imp, row.uid, error) : 0;
      gint64 by_identity = 0;

      if (by_uid == G_MININT64 || !_hy_import_find_member (imp, row.identities, &by_identity, error))
        goto out;
      if (by_uid != 0 && by_identity != 0 && by_uid != by_identity)
        _hy_import_problem (imp, F_UID, row.uid,
                            _("The uid is another member’s than the one holding this row’s phone or card"));
      owner = by_uid != 0 ? by_uid : by_identity;
    }

  if (!imp->row_bad && _hy_import_has_column (imp, F_STORE))
    {
      row.store = _hy_import_store (imp, _hy_import_field (imp, F_STORE), error);
      if (row.store == G_MININT64)
        goto out;
    }

  if (!_hy_import_accept (imp, 1))
    {
      ok = TRUE;
      goto out;
    }

  ok = owner == 0 ? create_member (imp, &row, error) : update_member (imp, &row, owner, error);

out:
  member_row_clear (&row);
  return ok;
}

int
_hy_import_members_next (Import  *imp,
                         GError **error)
{
  GError *local_error = NULL;

  if (!hy_csv_reader_next (imp->reader, &local_error))
    {
      if (local_error == NULL)
        return 0;
      g_propagate_error (error, local_error);
      return -1;
    }

  imp->row_line = hy_csv_reader_get_line (imp->reader);
  imp->row_bad = FALSE;
  imp->bytes_read = hy_csv_reader_get_bytes_read (imp->reader);
  return members_row (imp, error) ? 1 : -1;
}

gboolean
_hy_import_members_flush (Import   *imp,
                          gboolean  at_end,
                          GError  **error)
{
  return TRUE;
}
