/* hy-member-search.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Finding members from what a clerk types: a whole or partial phone number, a card number, a
 * name, a tag.  Every query is an index range scan, so a lookup stays in the low milliseconds at
 * a million members.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-member-store.h"
#include "hy-member-store-private.h"
#include "hy-phone.h"

/* No UTF-8 string contains the byte 0xff, so [prefix, prefix + "\xff") holds exactly the strings
 * that start with prefix under SQLite's binary collation. */
static char *
prefix_upper_bound (const char *prefix)
{
  return g_strconcat (prefix, "\xff", NULL);
}

static void
add_result (GArray *results,
            gint64  member_id,
            guint   limit)
{
  if (member_id <= 0 || results->len >= limit)
    return;

  for (guint i = 0; i < results->len; i++)
    if (g_array_index (results, gint64, i) == member_id)
      return;

  g_array_append_val (results, member_id);
}

static gboolean
collect (HyDatabase    *db,
         sqlite3_stmt  *stmt,
         GArray        *results,
         guint          limit,
         GError       **error)
{
  int rc;

  while (results->len < limit && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    add_result (results, sqlite3_column_int64 (stmt, 0), limit);
  if (results->len >= limit)
    rc = SQLITE_DONE;
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    return TRUE;
  _hy_database_set_error (db, rc, error, _("Could not search the members"));
  return FALSE;
}

static gboolean
search_identity_prefix (HyDatabase      *db,
                        HyIdentityKind   kind,
                        const char      *prefix,
                        GArray          *results,
                        guint            limit,
                        GError         **error)
{
  static const char select_prefix[] =
    "SELECT member_id FROM member_identities"
    " WHERE kind = ?1 AND value >= ?2 AND value < ?3 ORDER BY value LIMIT ?4";
  g_autofree char *upper = prefix_upper_bound (prefix);
  sqlite3_stmt *stmt;

  if (results->len >= limit)
    return TRUE;
  if (!(stmt = _hy_database_prepare (db, select_prefix, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, hy_identity_kind_to_string (kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, prefix, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, upper, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, limit - results->len);
  return collect (db, stmt, results, limit, error);
}

static gboolean
search_name_prefix (HyDatabase  *db,
                    const char  *prefix,
                    GArray      *results,
                    guint        limit,
                    GError     **error)
{
  static const char select_name[] =
    "SELECT id FROM members"
    " WHERE merged_into IS NULL AND name >= ?1 AND name < ?2 ORDER BY name LIMIT ?3";
  g_autofree char *upper = prefix_upper_bound (prefix);
  sqlite3_stmt *stmt;

  if (results->len >= limit)
    return TRUE;
  if (!(stmt = _hy_database_prepare (db, select_name, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, prefix, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, upper, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, limit - results->len);
  return collect (db, stmt, results, limit, error);
}

static gboolean
search_tag (HyDatabase  *db,
            const char  *tag,
            GArray      *results,
            guint        limit,
            GError     **error)
{
  static const char select_tag[] = "SELECT member_id FROM member_tags WHERE tag = ?1 LIMIT ?2";
  sqlite3_stmt *stmt;

  if (results->len >= limit)
    return TRUE;
  if (!(stmt = _hy_database_prepare (db, select_tag, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, tag, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, limit - results->len);
  return collect (db, stmt, results, limit, error);
}

static gboolean
search_number (HyDatabase  *db,
               const char  *query,
               const char  *digits,
               GArray      *results,
               guint        limit,
               GError     **error)
{
  g_autofree char *phone = hy_phone_normalize (query, NULL);
  g_autofree char *phone_prefix = NULL;

  /* A complete number first: that is the member at the till. */
  if (phone != NULL)
    add_result (results, _hy_member_find_identity (db, HY_IDENTITY_PHONE, phone, NULL), limit);

  /* "138 0013" is the start of a mainland mobile; "+44 20" the start of an international one. */
  if (query[0] == '+' || g_str_has_prefix (query, "\xef\xbc\x8b"))
    phone_prefix = g_strconcat ("+", digits, NULL);
  else if (digits[0] == '1')
    phone_prefix = g_strconcat ("+86", digits, NULL);
  else if (digits[0] == '0' && digits[1] != '0' && digits[1] != '\0')
    phone_prefix = g_strconcat ("+86", digits + 1, NULL);

  if (phone_prefix != NULL &&
      !search_identity_prefix (db, HY_IDENTITY_PHONE, phone_prefix, results, limit, error))
    return FALSE;

  return search_identity_prefix (db, HY_IDENTITY_CARD, digits, results, limit, error) &&
         search_identity_prefix (db, HY_IDENTITY_EXTERNAL, digits, results, limit, error);
}

/**
 * hy_member_store_search:
 * @query: what the clerk typed
 * @limit: the most results wanted
 *
 * Members matching @query, best first: an exact phone, phone numbers starting with the digits
 * typed, card numbers and external ids starting with them; for text, names starting with it,
 * card numbers, WeChat OpenIDs and emails starting with it, and members carrying it as a tag.
 *
 * Returns: (transfer full) (element-type gint64): member ids, at most @limit
 */
GArray *
hy_member_store_search (HyMemberStore  *self,
                        const char     *query,
                        guint           limit,
                        GError        **error)
{
  g_autoptr(GArray) results = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *text = NULL;
  g_autofree char *digits = NULL;
  g_autofree char *card = NULL;
  g_autofree char *email = NULL;
  HyDatabase *db;

  g_return_val_if_fail (HY_IS_MEMBER_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  db = hy_member_store_get_database (self);
  text = g_strstrip (g_strdup (query));
  if (text[0] == '\0' || limit == 0 || !g_utf8_validate (text, -1, NULL))
    return g_steal_pointer (&results);

  digits = hy_phone_search_key (text);
  if (digits != NULL)
    {
      if (!search_number (db, text, digits, results, limit, error))
        return NULL;
      return g_steal_pointer (&results);
    }

  card = hy_identity_normalize (HY_IDENTITY_CARD, text, NULL);
  email = g_utf8_strdown (text, -1);

  if (!search_name_prefix (db, text, results, limit, error) ||
      (card != NULL && !search_identity_prefix (db, HY_IDENTITY_CARD, card, results, limit, error)) ||
      !search_identity_prefix (db, HY_IDENTITY_WECHAT, text, results, limit, error) ||
      !search_identity_prefix (db, HY_IDENTITY_EMAIL, email, results, limit, error) ||
      !search_identity_prefix (db, HY_IDENTITY_EXTERNAL, text, results, limit, error) ||
      !search_tag (db, text, results, limit, error))
    return NULL;

  return g_steal_pointer (&results);
}
