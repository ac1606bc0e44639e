/* hy-import-transactions.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Transaction rows.  Consecutive rows with the same uid or order number are one transaction with
 * one item line per row (the usual "order lines" export of a POS); without either, every row is
 * a transaction of its own.  The member is found by any identity in the row and created when
 * unknown, so that a bare sales log (like CDNOW's) builds its members as it goes.
 *
 * Re-importing changes nothing: a transaction keeps the uid it was exported with, or is keyed
 * by its order number, or, for files that have neither, by its content and how many identical
 * rows came before it in the file.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-import-transactions-private.h"
#include "hy-member-private.h"
#include "hy-member-stats-private.h"
#include "hy-member-store-private.h"
#include "hy-money.h"
#include "hy-parse.h"
#include "hy-purchase-store-private.h"
#include "hy-uuid.h"

/* Per member, for the batch being written. */
typedef struct
{
  HyMemberStats stats;
  gint64        first_seen;     /* earliest purchase of a member this import created */
  gboolean      created;
  gboolean      recompute;      /* a refund: recompute from the rows at the end of the batch */
} MemberBatch;

typedef struct
{
  TransactionReader *reader;
  Chunk             *chunk;          /* the chunk being written */
  guint              next_group;     /* in it */
  Group             *group;          /* the transaction being written */
  GPtrArray         *identities;     /* HyIdentity: the transaction's, in the chunk */
  HyIdMap            occurrences;    /* content hash -> identical rows seen */
  HyIdMap            sales;          /* sale key -> what is left to refund, for refund checks */
  GHashTable        *batch;          /* member id -> MemberBatch */
  /* Identities of the members created in the batch, written with one statement at its end */
  GArray            *new_identities; /* HyIdentity, values in identity_strings */
  GArray            *new_owners;     /* gint64: the member of each */
  GStringChunk      *identity_strings;
  gint64             default_store;
} State;

static void
state_free (gpointer data)
{
  State *state = data;

  if (state->chunk != NULL)
    _hy_transaction_reader_recycle (state->reader, state->chunk);
  _hy_transaction_reader_stop (state->reader);
  g_ptr_array_unref (state->identities);
  _hy_id_map_clear (&state->occurrences);
  _hy_id_map_clear (&state->sales);
  g_hash_table_unref (state->batch);
  g_array_unref (state->new_identities);
  g_array_unref (state->new_owners);
  g_string_chunk_free (state->identity_strings);
  g_free (state);
}

/* Checks the columns and starts reading the file in a second thread. */
gboolean
_hy_import_transactions_prepare (Import  *imp,
                                 GError **error)
{
  TransactionReader *reader;
  State *state;

  if (!_hy_import_has_column (imp, F_OCCURRED_AT))
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("The file has no column with the date of the purchase (消费时间, date, …). Name it with --map, e.g. --map 2=occurred_at"));
      return FALSE;
    }
  if (!_hy_import_has_column (imp, F_AMOUNT) && !_hy_import_has_column (imp, F_GROSS) &&
      !_hy_import_has_column (imp, F_LINE_AMOUNT) && !_hy_import_has_column (imp, F_UNIT_PRICE))
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("The file has no column with an amount (消费金额, amount, …). Name it with --map, e.g. --map 4=amount"));
      return FALSE;
    }

  if (!(reader = _hy_transaction_reader_start (imp, error)))
    return FALSE;

  state = g_new0 (State, 1);
  state->reader = reader;
  state->identities = g_ptr_array_new ();
  state->batch = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  state->new_identities = g_array_new (FALSE, FALSE, sizeof (HyIdentity));
  state->new_owners = g_array_new (FALSE, FALSE, sizeof (gint64));
  state->identity_strings = g_string_chunk_new (4096);
  state->default_store = hy_database_get_default_store (imp->db);
  _hy_id_map_init (&state->occurrences);
  _hy_id_map_init (&state->sales);

  imp->state = state;
  imp->state_free = state_free;
  return TRUE;
}

static gint64
uid_key (const char *uid)
{
  return hy_idempotency_hash ("import-uid", uid, -1);
}

/* Looks up the sale a refund points at (by the uid it was exported with, or by its order
 * number): its id, member and what is left to refund.  FALSE on a database error; *id = 0 when
 * there is no such sale. */
static gboolean
find_sale (Import     *imp,
           const char *store,
           const char *reference,
           gint64     *id,
           gint64     *member_id,
           gint64     *remaining,
           GError    **error)
{
  static const char by_uid[] =
    "SELECT t.id, coalesce (t.member_id, 0),"
    "       t.net + (SELECT coalesce (sum (r.net), 0) FROM transactions r WHERE r.refund_of = t.id)"
    "  FROM transactions t WHERE t.uid = ?1 AND t.kind = 0";
  static const char by_idem[] =
    "SELECT t.id, coalesce (t.member_id, 0),"
    "       t.net + (SELECT coalesce (sum (r.net), 0) FROM transactions r WHERE r.refund_of = t.id)"
    "  FROM transactions t WHERE t.idem = ?1 AND t.kind = 0";
  guint8 bytes[16];
  gboolean is_uid = hy_uuid_parse (reference, bytes);
  sqlite3_stmt *stmt = _hy_database_prepare (imp->db, is_uid ? by_uid : by_idem, error);
  int rc;

  *id = 0;
  if (stmt == NULL)
    return FALSE;
  if (is_uid)
    sqlite3_bind_blob (stmt, 1, bytes, sizeof bytes, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, 1, _hy_import_order_idem (store, reference, 0));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *id = sqlite3_column_int64 (stmt, 0);
      *member_id = sqlite3_column_int64 (stmt, 1);
      *remaining = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);

  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return TRUE;
  _hy_database_set_error (imp->db, rc, error, _("Could not look up the refunded sale"));
  return FALSE;
}

/* Whether the transaction is in the database already (a re-import). */
static gboolean
already_imported (Import                 *imp,
                  const HyTransactionRow *row,
                  gboolean               *out_found,
                  GError                **error)
{
  static const char by_uid[] = "SELECT 1 FROM transactions WHERE uid = ?1";
  static const char by_idem[] = "SELECT 1 FROM transactions WHERE idem = ?1";
  sqlite3_stmt *stmt = _hy_database_prepare (imp->db, row->uid != NULL ? by_uid : by_idem, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (row->uid != NULL)
    sqlite3_bind_blob (stmt, 1, row->uid, 16, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, 1, row->idem);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  *out_found = rc == SQLITE_ROW;
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return TRUE;
  _hy_database_set_error (imp->db, rc, error, _("Could not look up a transaction"));
  return FALSE;
}

/* Links a refund to its sale and checks it does not give back more than is left.  In the
 * checking pass, sales earlier in the file count as if they were written. */
static gboolean
link_refund (Import            *imp,
             State             *state,
             HyTransactionRow  *row,
             GError           **error)
{
  Group *h = state->group;
  gint64 sale_id = 0, sale_member = 0, remaining = 0;
  gint64 *left = NULL;
  guint8 bytes[16];
  guint64 key;

  if (h->refund_of == NULL)
    return TRUE;

  if (hy_uuid_parse (h->refund_of, bytes))
    {
      char text[HY_UUID_STRING_LEN + 1];

      hy_uuid_to_string (bytes, text);
      key = uid_key (text);
    }
  else
    key = _hy_import_order_idem (h->store, h->refund_of, 0);

  if (!find_sale (imp, h->store, h->refund_of, &sale_id, &sale_member, &remaining, error))
    return FALSE;

  /* While checking, a sale earlier in the file is not in the database yet. */
  if (!imp->writing)
    {
      left = _hy_id_map_lookup (&state->sales, key);
      if (left == NULL && sale_id != 0)
        left = _hy_id_map_insert (&state->sales, key, remaining);
    }
  else if (sale_id != 0)
    left = &remaining;

  if (left == NULL)
    {
      _hy_import_problem (imp, F_REFUND_OF, h->refund_of,
                          _("The refunded sale “%s” is neither earlier in the file nor in the database"),
                          h->refund_of);
      return TRUE;
    }

  if (-(row->gross - row->discount) > *left)
    {
      g_autofree char *text = hy_money_format (*left, FALSE);

      _hy_import_problem (imp, F_AMOUNT, h->amount_text != NULL ? h->amount_text : "",
                          _("Only %s of sale “%s” is left to refund"), text, h->refund_of);
      return TRUE;
    }
  *left += row->gross - row->discount;

  row->refund_of = sale_id;
  if (row->member_id == 0)
    row->member_id = sale_member;
  return TRUE;
}

static gboolean
create_member (Import            *imp,
               State             *state,
               gint64            *out_member,
               GError           **error)
{
  Group *h = state->group;
  g_autoptr(HyMember) created = hy_member_new ();
  MemberBatch *batch;
  gint64 member;

  if (h->member_uid[0] != '\0')
    _hy_member_set_row (created, 0, h->member_uid, 0, 0, 0);
  hy_member_set_name (created, h->name);
  hy_member_set_joined_at (created, h->occurred_at);
  if (!_hy_member_insert (imp->db, created, error))
    return FALSE;

  /* Its identities are written at the end of the batch (see flush_batch()); until then the
   * import's own member map finds the member by them. */
  member = hy_member_get_id (created);
  for (guint i = 0; i < state->identities->len; i++)
    {
      HyIdentity *identity = g_ptr_array_index (state->identities, i);
      HyIdentity copy = {
        .kind = identity->kind,
        .value = g_string_chunk_insert (state->identity_strings, identity->value),
      };

      g_array_append_val (state->new_identities, copy);
      g_array_append_val (state->new_owners, member);
    }
  batch = g_new0 (MemberBatch, 1);
  batch->created = TRUE;
  batch->first_seen = h->occurred_at;
  g_hash_table_insert (state->batch, g_memdup2 (&member, sizeof member), batch);

  *out_member = member;
  return TRUE;
}

/* The member of the transaction: found by its identities or uid, created when unknown (for real
 * in the writing pass).  Sets row->member_id, 0 for a walk-in sale. */
static gboolean
resolve_member (Import            *imp,
                State             *state,
                HyTransactionRow  *row,
                GError           **error)
{
  Group *h = state->group;
  gint64 by_uid = 0, by_identity = 0, member;

  if (h->member_uid[0] != '\0' && (by_uid = _hy_import_find_by_uid (imp, h->member_uid, error)) == G_MININT64)
    return FALSE;
  if (!_hy_import_find_member (imp, state->identities, &by_identity, error))
    return FALSE;
  if (imp->row_bad)
    return TRUE;
  if (by_uid != 0 && by_identity != 0 && by_uid != by_identity)
    {
      _hy_import_problem (imp, F_MEMBER_UID, h->member_uid,
                          _("The member uid is another member’s than the one holding this row’s phone or card"));
      return TRUE;
    }

  member = by_uid != 0 ? by_uid : by_identity;
  if (member == 0 && (state->identities->len > 0 || h->member_uid[0] != '\0'))
    {
      if (!imp->writing)
        member = --imp->next_new_member;
      else if (!create_member (imp, state, &member, error))
        return FALSE;

      imp->report->members_created++;
      _hy_import_remember (imp, state->identities, member);
      if (h->member_uid[0] != '\0')
        _hy_import_remember_uid (imp, h->member_uid, member);
    }

  row->member_id = member;
  return TRUE;
}

static MemberBatch *
member_batch (Import  *imp,
              State   *state,
              gint64   member_id,
              GError **error)
{
  MemberBatch *batch = g_hash_table_lookup (state->batch, &member_id);

  if (batch != NULL)
    return batch;

  batch = g_new0 (MemberBatch, 1);
  if (!_hy_member_stats_load (imp->db, member_id, &batch->stats, error))
    {
      g_free (batch);
      return NULL;
    }
  g_hash_table_insert (state->batch, g_memdup2 (&member_id, sizeof member_id), batch);
  return batch;
}

static gboolean
write_items (Import                 *imp,
             State                  *state,
             const HyTransactionRow *row,
             gint64                  id,
             GError                **error)
{
  gboolean refund = row->kind == HY_TRANSACTION_REFUND;

  for (guint i = 0; i < state->group->n_items; i++)
    {
      ItemRow *item = &g_array_index (state->chunk->items, ItemRow, state->group->first_item + i);
      HyLineItem line = {
        .sku = item->sku, .name = item->name, .category = item->category,
        .quantity = refund ? -fabs (item->quantity) : item->quantity,
        .unit_price = item->unit_price,
      };
      HyLineItem priced = { .quantity = fabs (item->quantity), .unit_price = item->unit_price };

      line.amount = item->has_amount ? ABS (item->amount) : _hy_line_item_amount (&priced);
      if (refund)
        line.amount = -line.amount;
      if (!_hy_transaction_insert_item (imp->db, id, item->number, &line, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_transaction (Import            *imp,
                   State             *state,
                   HyTransactionRow  *row,
                   const HyPayment   *payments,
                   guint              n_payments,
                   GError           **error)
{
  MemberBatch *batch = NULL;
  gboolean same_day = FALSE;
  gint64 id;

  if (row->member_id > 0)
    {
      if (!(batch = member_batch (imp, state, row->member_id, error)))
        return FALSE;
      if (batch->created)
        batch->first_seen = MIN (batch->first_seen, row->occurred_at);
      /* Asked before the sale is written, or it would find itself. */
      if (row->kind == HY_TRANSACTION_SALE &&
          !_hy_member_stats_has_sale_on_day (imp->db, row->member_id, &batch->stats,
                                             row->occurred_at, &same_day, error))
        return FALSE;
    }

  id = _hy_transaction_insert (imp->db, row, error);
  if (id < 0)
    return FALSE;
  if (id == 0)
    {
      imp->report->rows_unchanged += state->group->n_rows;
      return TRUE;
    }

  if (!write_items (imp, state, row, id, error) ||
      !_hy_transaction_insert_payments (imp->db, id, payments, n_payments, error))
    return FALSE;

  if (batch != NULL)
    {
      if (row->kind == HY_TRANSACTION_SALE)
        _hy_member_stats_add_sale (&batch->stats, imp->tz, row->occurred_at,
                                   row->gross - row->discount, row->quantity, same_day);
      else
        batch->recompute = TRUE;
    }

  imp->report->transactions_created++;
  imp->report->rows_imported += state->group->n_rows;
  return TRUE;
}

/* What the checking pass records instead of writing. */
static gboolean
count_transaction (Import                 *imp,
                   State                  *state,
                   const HyTransactionRow *row,
                   GError                **error)
{
  Group *h = state->group;
  gboolean found = FALSE;

  /* Sales a later refund may point at, with what is left of them. */
  if (row->kind == HY_TRANSACTION_SALE && _hy_import_has_column (imp, F_REFUND_OF))
    {
      if (h->uid[0] != '\0')
        _hy_id_map_insert (&state->sales, uid_key (h->uid), row->gross - row->discount);
      if (h->order_no != NULL)
        _hy_id_map_insert (&state->sales, _hy_import_order_idem (h->store, h->order_no, 0), row->gross - row->discount);
    }

  /* Only a dry run says what is there already: nothing else depends on it. */
  if (imp->options->dry_run && !already_imported (imp, row, &found, error))
    return FALSE;

  if (found)
    imp->report->rows_unchanged += h->n_rows;
  else
    {
      imp->report->transactions_created++;
      imp->report->rows_imported += h->n_rows;
    }

  return TRUE;
}

/* A transaction the reading thread parsed: find its store and member, link a refund to its
 * sale, and write it (or, in a checking pass, count it). */
static gboolean
process_group (Import  *imp,
               State   *state,
               GError **error)
{
  Group *h = state->group;
  Chunk *chunk = state->chunk;
  HyTransactionRow row = h->row;
  const HyPayment *payments = (const HyPayment *) (gpointer) chunk->payments->data + h->first_payment;
  gboolean ok = TRUE;

  imp->row_line = h->line;
  imp->row_bad = h->bad;
  _hy_import_add_problems (imp, chunk->problems, h->first_problem, h->n_problems);

  g_ptr_array_set_size (state->identities, 0);
  for (guint i = 0; i < h->n_identities; i++)
    g_ptr_array_add (state->identities, &g_array_index (chunk->identities, HyIdentity, h->first_identity + i));

  if (h->settled)
    {
      if (h->uid[0] != '\0')
        row.uid = h->uid_bytes;
      row.store_id = _hy_import_store (imp, h->store != NULL ? h->store : "", error);
      ok = row.store_id != G_MININT64 && resolve_member (imp, state, &row, error);
      if (row.store_id == 0)
        row.store_id = state->default_store;
    }

  if (ok && !imp->row_bad && row.kind == HY_TRANSACTION_REFUND && h->refund_of != NULL)
    {
      gboolean found = FALSE;

      /* A refund imported before has already taken its part of the sale. */
      if ((row.uid != NULL || row.idem != 0) && !already_imported (imp, &row, &found, error))
        ok = FALSE;
      else if (!found)
        ok = link_refund (imp, state, &row, error);
    }

  if (ok && _hy_import_accept (imp, h->n_rows))
    {
      /* Rows with neither uid nor order number: the n-th identical row is the n-th purchase. */
      if (row.uid == NULL && row.idem == 0)
        {
          gint64 *seen = _hy_id_map_lookup (&state->occurrences, h->content_hash);
          char key[64];

          if (seen == NULL)
            seen = _hy_id_map_insert (&state->occurrences, h->content_hash, 0);
          g_snprintf (key, sizeof key, "%" G_GINT64_MODIFIER "x:%" G_GINT64_FORMAT,
                      h->content_hash, (*seen)++);
          row.idem = hy_idempotency_hash ("import-row", key, -1);
        }

      if (imp->writing)
        ok = write_transaction (imp, state, &row, payments, h->n_payments, error);
      else
        ok = count_transaction (imp, state, &row, error);
    }

  imp->row_bad = FALSE;
  return ok;
}

/* Writes (or counts) the next transaction of the file.  Returns how many rows of the file it
 * had, 0 at the end of the file, -1 on error. */
int
_hy_import_transactions_next (Import  *imp,
                              GError **error)
{
  State *state = imp->state;

  while (state->chunk == NULL || state->next_group >= state->chunk->groups->len)
    {
      if (state->chunk != NULL && state->chunk->last)
        {
          if (state->chunk->error == NULL)
            return 0;
          g_propagate_error (error, g_steal_pointer (&state->chunk->error));
          return -1;
        }
      if (state->chunk != NULL)
        _hy_transaction_reader_recycle (state->reader, state->chunk);
      state->chunk = _hy_transaction_reader_pop (state->reader);
      state->next_group = 0;
      imp->bytes_read = state->chunk->bytes_read;
      imp->bytes_total = state->chunk->bytes_total;
    }

  state->group = &g_array_index (state->chunk->groups, Group, state->next_group++);
  if (!process_group (imp, state, error))
    return -1;

  return state->group->n_rows;
}

static gboolean
flush_batch (Import  *imp,
             State   *state,
             GError **error)
{
  static const char update_joined[] =
    "UPDATE members SET joined_at = min (joined_at, ?2) WHERE id = ?1";
  GHashTableIter iter;
  gpointer key, value;

  if (!_hy_member_insert_identities (imp->db, (const gint64 *) (gpointer) state->new_owners->data,
                                     (const HyIdentity *) (gpointer) state->new_identities->data,
                                     state->new_identities->len, error))
    return FALSE;
  g_array_set_size (state->new_identities, 0);
  g_array_set_size (state->new_owners, 0);
  g_string_chunk_clear (state->identity_strings);

  g_hash_table_iter_init (&iter, state->batch);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 member_id = *(gint64 *) key;
      MemberBatch *batch = value;

      if (batch->recompute)
        {
          if (!_hy_member_stats_recompute (imp->db, member_id, error))
            return FALSE;
        }
      else if (!_hy_member_stats_store (imp->db, member_id, &batch->stats, error))
        return FALSE;

      /* A member made from a sales log joined with their first purchase in the file. */
      if (batch->created)
        {
          sqlite3_stmt *stmt = _hy_database_prepare (imp->db, update_joined, error);

          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, member_id);
          sqlite3_bind_int64 (stmt, 2, batch->first_seen);
          if (!_hy_database_step_done (imp->db, stmt, error))
            return FALSE;
        }
    }

  g_hash_table_remove_all (state->batch);
  return TRUE;
}

/* Called before every commit (@at_end FALSE) and once at the end of the file. */
gboolean
_hy_import_transactions_flush (Import   *imp,
                               gboolean  at_end,
                               GError  **error)
{
  if (!imp->writing)
    return TRUE;

  return flush_batch (imp, imp->state, error);
}
