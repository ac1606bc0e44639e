/* hy-member-merge.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Merging two records of one person (DESIGN section 2): nothing is deleted.  Identities, tags,
 * purchases and coupons move to the survivor, blank fields are filled from the merged record, the
 * merge is recorded and audited, and the merged record's id keeps resolving to the survivor.
 *
 * The ledgers are append-only, so balances move as entries: each open points lot leaves the
 * merged record and arrives at the survivor with its own availability and expiry (as a pair of
 * TRANSFER entries; before database version 7 they were ADJUST entries, which stay as written), and stored
 * value moves as principal and bonus apart.  The survivor keeps the higher tier and is then
 * re-evaluated on the purchases of both, and keeps its own referrer (or takes the merged
 * record's when it has none); a referral reward already paid for either record is not paid
 * again, since the survivor's purchases now include the merged record's.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-audit-log-private.h"
#include "hy-change-log.h"
#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-loyalty-private.h"
#include "hy-member-private.h"
#include "hy-member-stats-private.h"
#include "hy-member-store.h"
#include "hy-member-store-private.h"
#include "hy-purchase-store.h"
#include "hy-stored-value-ledger.h"
#include "hy-time.h"
#include "hy-uuid.h"

/* The survivor keeps what it has; what it lacks comes from the merged record. */
static void
fill_blanks (HyMember *survivor,
             HyMember *merged)
{
  int sy, sm, sd, my, mm, md;

  if (hy_member_get_name (survivor)[0] == '\0')
    hy_member_set_name (survivor, hy_member_get_name (merged));
  if (hy_member_get_gender (survivor) == HY_GENDER_UNKNOWN)
    hy_member_set_gender (survivor, hy_member_get_gender (merged));

  hy_member_get_birthday (survivor, &sy, &sm, &sd);
  hy_member_get_birthday (merged, &my, &mm, &md);
  if (sm == 0 || (sy == 0 && my != 0 && sm == mm && sd == md))
    hy_member_set_birthday (survivor, my, mm, md);

  if (hy_member_get_home_store (survivor) == 0)
    hy_member_set_home_store (survivor, hy_member_get_home_store (merged));
  if (hy_member_get_channel (survivor)[0] == '\0')
    hy_member_set_channel (survivor, hy_member_get_channel (merged));

  if (hy_member_get_notes (merged)[0] != '\0')
    {
      g_autofree char *notes = NULL;

      if (hy_member_get_notes (survivor)[0] == '\0')
        notes = g_strdup (hy_member_get_notes (merged));
      else
        notes = g_strconcat (hy_member_get_notes (survivor), "\n", hy_member_get_notes (merged), NULL);
      hy_member_set_notes (survivor, notes);
    }

  if (hy_member_get_joined_at (merged) > 0 &&
      hy_member_get_joined_at (merged) < hy_member_get_joined_at (survivor))
    hy_member_set_joined_at (survivor, hy_member_get_joined_at (merged));
}

static gboolean
move_rows (HyDatabase  *db,
           gint64       survivor_id,
           gint64       merged_id,
           GError     **error)
{
  static const char * const statements[] = {
    "UPDATE member_identities SET member_id = ?1 WHERE member_id = ?2",
    "INSERT INTO member_tags (member_id, tag, created_at)"
    "  SELECT ?1, tag, created_at FROM member_tags WHERE member_id = ?2 AND true"
    "  ON CONFLICT DO NOTHING",
    "DELETE FROM member_tags WHERE member_id = ?2",
    "UPDATE transactions SET member_id = ?1 WHERE member_id = ?2",
    "UPDATE checkouts SET member_id = ?1 WHERE member_id = ?2",
    "UPDATE coupons SET member_id = ?1 WHERE member_id = ?2",
    /* Records merged into the merged one earlier now point straight at the survivor. */
    "UPDATE members SET merged_into = ?1 WHERE id = ?2 OR merged_into = ?2",
  };

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      sqlite3_stmt *stmt = _hy_database_prepare (db, statements[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, survivor_id);
      sqlite3_bind_int64 (stmt, 2, merged_id);
      if (!_hy_database_step_done (db, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
record_merge (HyDatabase  *db,
              gint64       survivor_id,
              gint64       merged_id,
              const char  *actor,
              const char  *reason,
              gint64      *out_merge_id,
              GError     **error)
{
  static const char insert_merge[] =
    "INSERT INTO member_merges (uid, survivor_id, merged_id, actor, reason, merged_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
  sqlite3_stmt *stmt;
  guint8 uid[16];

  hy_uuid_generate (uid);
  if (!(stmt = _hy_database_prepare (db, insert_merge, error)))
    return FALSE;
  sqlite3_bind_blob (stmt, 1, uid, sizeof uid, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, survivor_id);
  sqlite3_bind_int64 (stmt, 3, merged_id);
  sqlite3_bind_text (stmt, 4, actor != NULL ? actor : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, reason, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, hy_time_now ());
  if (!_hy_database_step_done (db, stmt, error))
    return FALSE;

  *out_merge_id = sqlite3_last_insert_rowid (_hy_database_get_handle (db));
  return _hy_change_log_append (db, HY_ENTITY_MERGE, *out_merge_id, HY_CHANGE_INSERT, error);
}

static gboolean
mark_transfers (HyDatabase  *db,
                gint64       merge_id,
                const char  *ledger,
                GArray      *entries,
                GError     **error)
{
  static const char insert_transfer[] =
    "INSERT INTO merge_transfers (merge_id, ledger, entry_id) VALUES (?1, ?2, ?3)";

  for (guint i = 0; i < entries->len; i++)
    {
      sqlite3_stmt *stmt = _hy_database_prepare (db, insert_transfer, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, merge_id);
      sqlite3_bind_text (stmt, 2, ledger, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, g_array_index (entries, gint64, i));
      if (!_hy_database_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Points lots, stored value and the tier go over to the survivor, inside the merge's transaction. */
static gboolean
move_loyalty (HyDatabase  *db,
              gint64       survivor_id,
              gint64       merged_id,
              gint64       merge_id,
              GError     **error)
{
  g_autoptr(GArray) points_entries = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) sv_entries = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *key = g_strdup_printf ("merge/%lld", (long long) merge_id);
  gint64 at = hy_time_now (), principal = 0, bonus = 0;

  if (_hy_points_move_lots (db, merged_id, survivor_id, at, key, points_entries, error) < 0 ||
      !_hy_balances_load (db, merged_id, NULL, &principal, &bonus, error))
    return FALSE;

  if (principal != 0 || bonus != 0)
    {
      g_autofree char *key_out = g_strconcat (key, "/stored-value/out", NULL);
      g_autofree char *key_in = g_strconcat (key, "/stored-value/in", NULL);
      g_autofree char *reason_out = g_strdup_printf (_("Merged into member #%lld"), (long long) survivor_id);
      g_autofree char *reason_in = g_strdup_printf (_("Merged from member #%lld"), (long long) merged_id);
      HyStoredValuePost out = {
        .member_id = merged_id, .kind = HY_STORED_VALUE_ADJUST, .principal = -principal,
        .bonus = -bonus, .occurred_at = at, .reason = reason_out,
        .idem = hy_idempotency_hash ("stored-value", key_out, -1),
      };
      HyStoredValuePost in = {
        .member_id = survivor_id, .kind = HY_STORED_VALUE_ADJUST, .principal = principal,
        .bonus = bonus, .occurred_at = at, .reason = reason_in,
        .idem = hy_idempotency_hash ("stored-value", key_in, -1),
      };
      gboolean replayed = FALSE;
      gint64 out_id, in_id;

      if ((out_id = _hy_stored_value_post (db, &out, &replayed, error)) < 0 ||
          (in_id = _hy_stored_value_post (db, &in, &replayed, error)) < 0)
        return FALSE;
      g_array_append_val (sv_entries, out_id);
      g_array_append_val (sv_entries, in_id);
    }

  return mark_transfers (db, merge_id, "points", points_entries, error) &&
         mark_transfers (db, merge_id, "stored_value", sv_entries, error) &&
         _hy_tier_merge (db, survivor_id, merged_id, at, error);
}

static gboolean
audit_merge (HyDatabase  *db,
             gint64       survivor_id,
             gint64       merged_id,
             const char  *reason,
             GError     **error)
{
  g_autofree char *target = g_strdup_printf ("member:%lld", (long long) survivor_id);
  g_autofree char *details = g_strdup_printf ("{\"merged\":%lld}", (long long) merged_id);

  return _hy_audit_append (db, "member.merge", target, reason, details, error);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;

  return TRUE;
}

static HyMember *
load_active (HyDatabase  *db,
             gint64       member_id,
             GError     **error)
{
  g_autoptr(HyMember) member = _hy_member_load (db, member_id, error);

  if (member == NULL)
    return NULL;

  if (hy_member_get_merged_into (member) != 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_CONFLICT,
                   _("Member #%lld was already merged into #%lld"),
                   (long long) member_id, (long long) hy_member_get_merged_into (member));
      return NULL;
    }

  return g_steal_pointer (&member);
}

/**
 * hy_member_store_merge:
 * @survivor_id: the record that stays
 * @merged_id: the record that is merged into it
 * @actor: (nullable): who asked for the merge
 * @reason: why; required, it goes into the merge record
 *
 * Merges two records of the same person in one transaction.  Nothing is written if either record
 * is missing or already merged.
 */
gboolean
hy_member_store_merge (HyMemberStore  *self,
                       gint64          survivor_id,
                       gint64          merged_id,
                       const char     *actor,
                       const char     *reason,
                       GError        **error)
{
  HyDatabase *db;
  g_autoptr(HyMember) survivor = NULL;
  g_autoptr(HyMember) merged = NULL;
  gint64 merge_id = 0;

  g_return_val_if_fail (HY_IS_MEMBER_STORE (self), FALSE);

  db = hy_member_store_get_database (self);

  if (is_blank (reason))
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("Say why the two records are merged"));
      return FALSE;
    }
  if (survivor_id == merged_id)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("A member cannot be merged into itself"));
      return FALSE;
    }

  if (!_hy_staff_require (db, HY_ACTION_MERGE, error) || !hy_database_begin (db, error))
    return FALSE;

  if (!(survivor = load_active (db, survivor_id, error)) ||
      !(merged = load_active (db, merged_id, error)))
    goto failed;

  fill_blanks (survivor, merged);

  if (!move_rows (db, survivor_id, merged_id, error) ||
      !_hy_member_update_row (db, survivor, error) ||
      !_hy_member_stats_recompute (db, survivor_id, error) ||
      !_hy_member_stats_recompute (db, merged_id, error) ||
      !_hy_member_merge_referrer (db, survivor_id, merged_id, error) ||
      !record_merge (db, survivor_id, merged_id, actor, reason, &merge_id, error) ||
      !move_loyalty (db, survivor_id, merged_id, merge_id, error) ||
      !audit_merge (db, survivor_id, merged_id, reason, error))
    goto failed;

  return hy_database_commit (db, error);

failed:
  hy_database_rollback (db);
  return FALSE;
}
