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
#include "hy-import-private.h"
#include "hy-member-private.h"
#include "hy-member-stats-private.h"
#include "hy-member-store-private.h"
#include "hy-money.h"
#include "hy-parse.h"
#include "hy-purchase-store-private.h"
#include "hy-uuid.h"

typedef struct
{
  guint       line;
  guint       number;        /* the item's line number in the transaction */
  const char *sku;
  const char *name;
  const char *category;
  double      quantity;
  gint64      unit_price;
  gint64      amount;
  gboolean    has_unit_price;
  gboolean    has_amount;
} ItemRow;

/* What the first row of a transaction says about all of it. */
typedef struct
{
  guint       line;
  guint       n_rows;
  gboolean    bad;
  char        uid[HY_UUID_STRING_LEN + 1];
  char        member_uid[HY_UUID_STRING_LEN + 1];
  const char *order_no;
  const char *name;
  const char *store;
  const char *channel;
  const char *notes;
  const char *payment;
  const char *refund_of;
  const char *amount_text;   /* to check that every line of an order says the same */
  const char *time_text;
  int         kind;          /* -1: by the sign of the amount */
  gint64      occurred_at;
  gint64      amount;
  gint64      gross;
  gint64      discount;
  double      quantity;
  gboolean    has_amount;
  gboolean    has_gross;
  gboolean    has_discount;
  gboolean    has_quantity;
  GPtrArray  *identities;
  guint64     content_hash;
} Header;

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
  GStringChunk *strings;
  Header        header;
  GArray       *items;          /* ItemRow */
  char         *group_key;      /* uid or order number of the pending transaction */
  gboolean      pending;
  HyIdMap       occurrences;    /* content hash -> identical rows seen */
  HyIdMap       sales;          /* sale key -> what is left to refund, for refund checks */
  GHashTable   *batch;          /* member id -> MemberBatch */
  /* Identities of the members created in the batch, written with one statement at its end */
  GArray       *new_identities; /* HyIdentity, values in identity_strings */
  GArray       *new_owners;     /* gint64: the member of each */
  GStringChunk *identity_strings;
  gint64        default_store;
} State;

static void
state_free (gpointer data)
{
  State *state = data;

  g_string_chunk_free (state->strings);
  g_array_unref (state->items);
  g_clear_pointer (&state->header.identities, g_ptr_array_unref);
  g_free (state->group_key);
  _hy_id_map_clear (&state->occurrences);
  _hy_id_map_clear (&state->sales);
  g_hash_table_unref (state->batch);
  g_array_unref (state->new_identities);
  g_array_unref (state->new_owners);
  g_string_chunk_free (state->identity_strings);
  g_free (state);
}

gboolean
_hy_import_transactions_prepare (Import  *imp,
                                 GError **error)
{
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

  state = g_new0 (State, 1);
  state->strings = g_string_chunk_new (4096);
  state->items = g_array_new (FALSE, TRUE, sizeof (ItemRow));
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

static const char *
keep (State      *state,
      const char *text)
{
  return text[0] != '\0' ? g_string_chunk_insert (state->strings, text) : NULL;
}

static gboolean
read_money (Import      *imp,
            ImportField  field,
            gint64      *out,
            gboolean    *has)
{
  const char *text = _hy_import_field (imp, field);
  GError *local_error = NULL;

  *has = FALSE;
  if (text[0] == '\0')
    return TRUE;

  if (!hy_parse_money (text, out, &local_error))
    {
      _hy_import_take_error (imp, field, text, local_error);
      return FALSE;
    }

  *has = TRUE;
  return TRUE;
}

/* Quantities of a refund come negative in exports (ours among them). */
static gboolean
read_quantity (Import      *imp,
               ImportField  field,
               double      *out)
{
  const char *text = _hy_import_field (imp, field);
  gboolean negative = text[0] == '-';
  GError *local_error = NULL;

  if (!hy_parse_quantity (negative ? text + 1 : text, out, &local_error))
    {
      _hy_import_take_error (imp, field, text, local_error);
      return FALSE;
    }

  if (negative)
    *out = -*out;
  return TRUE;
}

static int
parse_kind (const char *text)
{
  static const char * const sales[] = { "sale", "sales", "消费", "销售", "购买", "收款", "正常" };
  static const char * const refunds[] = { "refund", "return", "退款", "退货", "退单", "冲红" };

  for (guint i = 0; i < G_N_ELEMENTS (sales); i++)
    if (g_ascii_strcasecmp (text, sales[i]) == 0)
      return 0;
  for (guint i = 0; i < G_N_ELEMENTS (refunds); i++)
    if (g_ascii_strcasecmp (text, refunds[i]) == 0)
      return 1;

  return -2;
}

static guint64
mix_text (guint64     h,
          const char *text)
{
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    h = (h ^ (guchar) *p) * 0x100000001b3ULL;
  return (h ^ 0x1f) * 0x100000001b3ULL;
}

/* Reads the fields of a transaction's first row. */
static void
read_header (Import *imp,
             State  *state)
{
  Header *h = &state->header;
  const char *text;
  GError *local_error = NULL;
  guint8 bytes[16];
  guint64 hash = 0xcbf29ce484222325ULL;

  g_clear_pointer (&h->identities, g_ptr_array_unref);
  memset (h, 0, sizeof *h);
  h->line = imp->row_line;
  h->kind = -1;
  h->identities = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_identity_free);

  text = _hy_import_field (imp, F_UID);
  if (text[0] != '\0')
    {
      if (hy_uuid_parse (text, bytes))
        hy_uuid_to_string (bytes, h->uid);
      else
        _hy_import_problem (imp, F_UID, text, _("“%s” is not a uid as Huiyuan exports them"), text);
    }
  text = _hy_import_field (imp, F_MEMBER_UID);
  if (text[0] != '\0')
    {
      if (hy_uuid_parse (text, bytes))
        hy_uuid_to_string (bytes, h->member_uid);
      else
        _hy_import_problem (imp, F_MEMBER_UID, text, _("“%s” is not a uid as Huiyuan exports them"), text);
    }

  _hy_import_identities (imp, h->identities);

  h->time_text = keep (state, _hy_import_field (imp, F_OCCURRED_AT));
  if (h->time_text == NULL)
    _hy_import_problem (imp, F_OCCURRED_AT, "", _("The date of the purchase is missing"));
  else if (!hy_parse_date_time (h->time_text, imp->tz, &h->occurred_at, &local_error))
    _hy_import_take_error (imp, F_OCCURRED_AT, h->time_text, local_error);

  text = _hy_import_field (imp, F_KIND);
  if (text[0] != '\0' && (h->kind = parse_kind (text)) == -2)
    _hy_import_problem (imp, F_KIND, text, _("“%s” is neither a sale (消费, sale) nor a refund (退款, refund)"), text);

  h->amount_text = keep (state, _hy_import_field (imp, F_AMOUNT));
  read_money (imp, F_AMOUNT, &h->amount, &h->has_amount);
  read_money (imp, F_GROSS, &h->gross, &h->has_gross);
  read_money (imp, F_DISCOUNT, &h->discount, &h->has_discount);

  if (_hy_import_field (imp, F_QUANTITY)[0] != '\0')
    h->has_quantity = read_quantity (imp, F_QUANTITY, &h->quantity);

  h->order_no = keep (state, _hy_import_field (imp, F_ORDER_NO));
  h->name = keep (state, _hy_import_field (imp, F_NAME));
  h->store = keep (state, _hy_import_field (imp, F_STORE));
  h->channel = keep (state, _hy_import_field (imp, F_CHANNEL));
  h->notes = keep (state, _hy_import_field (imp, F_NOTES));
  h->payment = keep (state, _hy_import_field (imp, F_PAYMENT));
  h->refund_of = keep (state, _hy_import_field (imp, F_REFUND_OF));

  /* What identifies a row that has neither uid nor order number: all it says. */
  if (h->uid[0] != '\0' || h->order_no != NULL)
    return;
  for (guint i = 0; i < h->identities->len; i++)
    hash = mix_text (hash, ((HyIdentity *) g_ptr_array_index (h->identities, i))->value);
  hash = mix_text (hash, h->member_uid);
  hash = mix_text (hash, h->time_text);
  hash = mix_text (hash, h->amount_text);
  hash = mix_text (hash, _hy_import_field (imp, F_GROSS));
  hash = mix_text (hash, _hy_import_field (imp, F_DISCOUNT));
  hash = mix_text (hash, _hy_import_field (imp, F_QUANTITY));
  hash = mix_text (hash, _hy_import_field (imp, F_KIND));
  hash = mix_text (hash, h->store);
  hash = mix_text (hash, _hy_import_field (imp, F_SKU));
  hash = mix_text (hash, _hy_import_field (imp, F_ITEM_NAME));
  hash = mix_text (hash, _hy_import_field (imp, F_LINE_AMOUNT));
  h->content_hash = hash != 0 ? hash : 1;
}

/* Reads the item part of a row, if it has one. */
static void
read_item (Import *imp,
           State  *state)
{
  static const ImportField item_fields[] = { F_SKU, F_ITEM_NAME, F_CATEGORY, F_ITEM_QUANTITY, F_UNIT_PRICE, F_LINE_AMOUNT };
  ItemRow item = { 0 };
  const char *text;
  gboolean any = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (item_fields); i++)
    any |= _hy_import_field (imp, item_fields[i])[0] != '\0';
  if (!any)
    return;

  item.line = imp->row_line;
  item.number = state->items->len + 1;
  item.sku = keep (state, _hy_import_field (imp, F_SKU));
  item.name = keep (state, _hy_import_field (imp, F_ITEM_NAME));
  item.category = keep (state, _hy_import_field (imp, F_CATEGORY));
  item.quantity = 1;

  text = _hy_import_field (imp, F_LINE);
  if (text[0] != '\0')
    {
      guint64 number;

      if (!g_ascii_string_to_unsigned (text, 10, 1, 100000, &number, NULL))
        _hy_import_problem (imp, F_LINE, text, _("A line number is a whole number from 1"));
      else
        item.number = number;
    }

  if (_hy_import_field (imp, F_ITEM_QUANTITY)[0] != '\0')
    read_quantity (imp, F_ITEM_QUANTITY, &item.quantity);

  read_money (imp, F_UNIT_PRICE, &item.unit_price, &item.has_unit_price);
  read_money (imp, F_LINE_AMOUNT, &item.amount, &item.has_amount);
  if (!item.has_amount && !item.has_unit_price && !imp->row_bad)
    _hy_import_problem (imp, F_ROW, "", _("An item line needs its amount or its unit price"));

  g_array_append_val (state->items, item);
}

/* A later line of the same order must agree with the first about the order as a whole. */
static void
check_same_order (Import *imp,
                  State  *state)
{
  const char *time_text = _hy_import_field (imp, F_OCCURRED_AT);
  const char *amount_text = _hy_import_field (imp, F_AMOUNT);

  if (time_text[0] != '\0' && g_strcmp0 (time_text, state->header.time_text) != 0)
    _hy_import_problem (imp, F_OCCURRED_AT, time_text,
                        _("Line %u of the same order says %s; one order has one time"),
                        state->header.line, state->header.time_text);
  if (amount_text[0] != '\0' && g_strcmp0 (amount_text, state->header.amount_text) != 0)
    _hy_import_problem (imp, F_AMOUNT, amount_text,
                        _("Line %u of the same order says %s; an order has one total (put line totals in a column such as 小计)"),
                        state->header.line, state->header.amount_text);
}

/* Works out gross, discount and net (negative for a refund) from what the file gives. */
static gboolean
settle_amounts (Import           *imp,
                State            *state,
                HyTransactionRow *row)
{
  Header *h = &state->header;
  gint64 items_total = 0;
  gboolean refund;
  gint64 net, gross, discount;

  for (guint i = 0; i < state->items->len; i++)
    {
      ItemRow *item = &g_array_index (state->items, ItemRow, i);
      HyLineItem line = { .quantity = item->quantity, .unit_price = item->unit_price, .amount = item->amount };

      items_total += item->has_amount ? item->amount : _hy_line_item_amount (&line);
    }

  refund = h->kind == 1 || (h->kind == -1 && ((h->has_amount && h->amount < 0) || (h->has_gross && h->gross < 0)));
  net = h->has_amount ? ABS (h->amount) : 0;
  discount = h->has_discount ? ABS (h->discount) : 0;
  if (h->has_gross)
    gross = ABS (h->gross);
  else if (state->items->len > 0 && !h->has_amount)
    gross = ABS (items_total);
  else
    gross = net + discount;
  if (!h->has_amount)
    net = gross - discount;
  else if (h->has_gross && !h->has_discount)
    discount = gross - net;

  if (!h->has_amount && !h->has_gross && state->items->len == 0)
    {
      _hy_import_problem (imp, F_AMOUNT, "", _("The amount is missing"));
      return FALSE;
    }
  if (h->kind == 0 && ((h->has_amount && h->amount < 0) || (h->has_gross && h->gross < 0)))
    {
      _hy_import_problem (imp, F_AMOUNT, h->amount_text, _("A sale cannot have a negative amount"));
      return FALSE;
    }
  if (gross - discount != net || discount < 0 || discount > gross)
    {
      g_autofree char *g = hy_money_format (gross, FALSE);
      g_autofree char *d = hy_money_format (discount, FALSE);
      g_autofree char *n = hy_money_format (net, FALSE);

      _hy_import_problem (imp, F_AMOUNT, h->amount_text != NULL ? h->amount_text : "",
                          _("The amounts do not add up: %s before discount, %s discount, but %s paid"),
                          g, d, n);
      return FALSE;
    }

  row->kind = refund ? HY_TRANSACTION_REFUND : HY_TRANSACTION_SALE;
  row->gross = refund ? -gross : gross;
  row->discount = refund ? -discount : discount;
  row->quantity = h->has_quantity ? ABS (h->quantity) : 0;
  row->has_quantity = h->has_quantity;
  if (refund)
    row->quantity = -row->quantity;
  return TRUE;
}

/* "wechat" (the whole amount) or "wechat:200.00;cash:57.00".  Problems are reported. */
static void
read_payments (Import     *imp,
               State      *state,
               gint64      net,
               GArray     *payments)
{
  const char *text = state->header.payment;
  g_auto(GStrv) parts = NULL;
  gint64 total = 0;

  if (text == NULL)
    return;

  /* One method and no amount, the usual case: it paid for everything. */
  if (strpbrk (text, ";:") == NULL)
    {
      HyPayment payment = { .method = text, .amount = ABS (net) };

      g_array_append_val (payments, payment);
      return;
    }

  parts = g_strsplit_set (text, ";", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *colon = strchr (g_strstrip (parts[i]), ':');
      HyPayment payment = { 0 };

      if (parts[i][0] == '\0')
        continue;
      if (colon == NULL)
        {
          if (g_strv_length (parts) > 1)
            {
              _hy_import_problem (imp, F_PAYMENT, text, _("With several payment methods, give each an amount: wechat:200.00;cash:57.00"));
              return;
            }
          payment.amount = ABS (net);
        }
      else
        {
          GError *local_error = NULL;

          *colon = '\0';
          if (!hy_parse_money (colon + 1, &payment.amount, &local_error))
            {
              _hy_import_take_error (imp, F_PAYMENT, text, local_error);
              return;
            }
        }
      payment.method = keep (state, g_strstrip (parts[i]));
      total += payment.amount;
      g_array_append_val (payments, payment);
    }

  if (payments->len > 0 && total != ABS (net))
    {
      g_autofree char *paid = hy_money_format (total, FALSE);
      g_autofree char *due = hy_money_format (ABS (net), FALSE);

      _hy_import_problem (imp, F_PAYMENT, text, _("The payments add up to %s but %s was paid"), paid, due);
    }
}

/* The idempotency key of a transaction known by its order number (a sale's and a refund's are
 * told apart: POS systems reuse the number for the return). */
static gint64
order_idem (const char *store,
            const char *order_no,
            int         kind)
{
  g_autofree char *key = g_strdup_printf ("%s\t%s\t%d", store != NULL ? store : "", order_no, kind);

  return hy_idempotency_hash ("import-order", key, -1);
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
    sqlite3_bind_int64 (stmt, 1, order_idem (store, reference, 0));
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
  Header *h = &state->header;
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
    key = order_idem (h->store, h->refund_of, 0);

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
  Header *h = &state->header;
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
  for (guint i = 0; i < h->identities->len; i++)
    {
      HyIdentity *identity = g_ptr_array_index (h->identities, i);
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
  Header *h = &state->header;
  gint64 by_uid = 0, by_identity = 0, member;

  if (h->member_uid[0] != '\0' && (by_uid = _hy_import_find_by_uid (imp, h->member_uid, error)) == G_MININT64)
    return FALSE;
  if (!_hy_import_find_member (imp, h->identities, &by_identity, error))
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
  if (member == 0 && (h->identities->len > 0 || h->member_uid[0] != '\0'))
    {
      if (!imp->writing)
        member = --imp->next_new_member;
      else if (!create_member (imp, state, &member, error))
        return FALSE;

      imp->report->members_created++;
      _hy_import_remember (imp, h->identities, member);
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

  for (guint i = 0; i < state->items->len; i++)
    {
      ItemRow *item = &g_array_index (state->items, ItemRow, i);
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
                   GArray            *payments,
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
      imp->report->rows_unchanged += state->header.n_rows;
      return TRUE;
    }

  if (!write_items (imp, state, row, id, error) ||
      !_hy_transaction_insert_payments (imp->db, id, (HyPayment *) (gpointer) payments->data, payments->len, error))
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
  imp->report->rows_imported += state->header.n_rows;
  return TRUE;
}

/* What the checking pass records instead of writing. */
static gboolean
count_transaction (Import                 *imp,
                   State                  *state,
                   const HyTransactionRow *row,
                   GError                **error)
{
  Header *h = &state->header;
  gboolean found = FALSE;

  /* Sales a later refund may point at, with what is left of them. */
  if (row->kind == HY_TRANSACTION_SALE && _hy_import_has_column (imp, F_REFUND_OF))
    {
      if (h->uid[0] != '\0')
        _hy_id_map_insert (&state->sales, uid_key (h->uid), row->gross - row->discount);
      if (h->order_no != NULL)
        _hy_id_map_insert (&state->sales, order_idem (h->store, h->order_no, 0), row->gross - row->discount);
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

/* Everything about the pending transaction has been read: decide, and write it in the second
 * pass. */
static gboolean
process_group (Import  *imp,
               State   *state,
               GError **error)
{
  Header *h = &state->header;
  g_autoptr(GArray) payments = g_array_new (FALSE, TRUE, sizeof (HyPayment));
  HyTransactionRow row = { 0 };
  guint saved_line = imp->row_line;
  gboolean ok = TRUE;
  guint8 uid[16];

  imp->row_line = h->line;
  imp->row_bad = h->bad;
  state->pending = FALSE;

  row.occurred_at = h->occurred_at;
  row.channel = h->channel;
  row.order_no = h->order_no;
  row.note = h->notes;

  if (!imp->row_bad && settle_amounts (imp, state, &row))
    {
      if (h->uid[0] != '\0' && hy_uuid_parse (h->uid, uid))
        row.uid = uid;
      else if (h->order_no != NULL)
        row.idem = order_idem (h->store, h->order_no, row.kind);

      read_payments (imp, state, row.gross - row.discount, payments);
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

  if (ok && _hy_import_accept (imp, h->line, h->n_rows, error))
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
        ok = write_transaction (imp, state, &row, payments, error);
      else
        ok = count_transaction (imp, state, &row, error);
    }
  else if (error != NULL && *error != NULL)
    ok = FALSE;

  g_string_chunk_clear (state->strings);
  g_array_set_size (state->items, 0);
  imp->row_line = saved_line;
  imp->row_bad = FALSE;
  return ok;
}

gboolean
_hy_import_transactions_row (Import  *imp,
                             GError **error)
{
  State *state = imp->state;
  const char *uid = _hy_import_field (imp, F_UID);
  const char *key = uid[0] != '\0' ? uid : _hy_import_field (imp, F_ORDER_NO);

  /* A further line of the pending order. */
  if (state->pending && key[0] != '\0' && g_strcmp0 (key, state->group_key) == 0)
    {
      imp->row_bad = FALSE;
      check_same_order (imp, state);
      read_item (imp, state);
      state->header.n_rows++;
      state->header.bad |= imp->row_bad;
      return TRUE;
    }

  if (state->pending && !process_group (imp, state, error))
    return FALSE;

  g_free (state->group_key);
  state->group_key = key[0] != '\0' ? g_strdup (key) : NULL;
  imp->row_bad = FALSE;
  read_header (imp, state);
  read_item (imp, state);
  state->header.n_rows = 1;
  state->header.bad = imp->row_bad;
  state->pending = TRUE;
  return TRUE;
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

/* Called before every commit (@at_end FALSE) and once at the end of the file.  The pending
 * transaction waits for the end: until then its next line may still come. */
gboolean
_hy_import_transactions_flush (Import   *imp,
                               gboolean  at_end,
                               GError  **error)
{
  State *state = imp->state;

  if (at_end && state->pending && !process_group (imp, state, error))
    return FALSE;

  if (!imp->writing)
    return TRUE;

  return flush_batch (imp, state, error);
}
