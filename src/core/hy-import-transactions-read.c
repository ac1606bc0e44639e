/* hy-import-transactions-read.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reading thread of a transactions import (see hy-import-transactions-private.h): reads the
 * file, puts the lines of one order together, and parses and checks all that a transaction says
 * by itself.  Problems are reported with their line and column as they are found; they travel
 * with the transaction they belong to, so that the import reports them in the order of the file.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hy-error.h"
#include "hy-import-transactions-private.h"
#include "hy-member-private.h"
#include "hy-money.h"
#include "hy-parse.h"
#include "hy-uuid.h"

/* Rows per chunk, and chunks at most in flight: a few megabytes whatever the file's size. */
#define CHUNK_ROWS 4096
#define MAX_CHUNKS 16

struct _TransactionReader
{
  Import        imp;          /* the thread's own: reader, current line, problems */
  GThread      *thread;
  GAsyncQueue  *full;         /* chunks read, in the order of the file */
  GAsyncQueue  *empty;        /* chunks given back */
  guint         n_chunks;     /* made so far, at most MAX_CHUNKS */
  gint          stop;         /* atomic: the import wants no more */
  gboolean      finished;     /* the import took the last chunk */
  Chunk        *chunk;        /* being filled */
  GString      *group_key;    /* uid or order number of the pending transaction */
  gboolean      pending;
  GPtrArray    *identities;   /* HyIdentity, the row's, before they go into the chunk */
};

static Chunk *
chunk_new (void)
{
  Chunk *chunk = g_new0 (Chunk, 1);

  chunk->groups = g_array_sized_new (FALSE, FALSE, sizeof (Group), CHUNK_ROWS + 1);
  chunk->identities = g_array_new (FALSE, FALSE, sizeof (HyIdentity));
  chunk->items = g_array_new (FALSE, FALSE, sizeof (ItemRow));
  chunk->payments = g_array_new (FALSE, FALSE, sizeof (HyPayment));
  chunk->problems = g_ptr_array_new_with_free_func (_hy_import_problem_free);
  chunk->strings = g_string_chunk_new (64 * 1024);
  return chunk;
}

static void
chunk_free (Chunk *chunk)
{
  g_array_unref (chunk->groups);
  g_array_unref (chunk->identities);
  g_array_unref (chunk->items);
  g_array_unref (chunk->payments);
  g_ptr_array_unref (chunk->problems);
  g_string_chunk_free (chunk->strings);
  g_clear_error (&chunk->error);
  g_free (chunk);
}

static void
chunk_reset (Chunk *chunk)
{
  g_array_set_size (chunk->groups, 0);
  g_array_set_size (chunk->identities, 0);
  g_array_set_size (chunk->items, 0);
  g_array_set_size (chunk->payments, 0);
  g_ptr_array_set_size (chunk->problems, 0);
  g_string_chunk_clear (chunk->strings);
  g_clear_error (&chunk->error);
  chunk->n_rows = 0;
  chunk->last = FALSE;
}

/* An empty chunk to fill: a new one while fewer than MAX_CHUNKS exist, else one the import gave
 * back (waiting for it when the import is behind). */
static Chunk *
take_chunk (TransactionReader *reader)
{
  Chunk *chunk = g_async_queue_try_pop (reader->empty);

  if (chunk == NULL && reader->n_chunks < MAX_CHUNKS)
    {
      reader->n_chunks++;
      return chunk_new ();
    }
  if (chunk == NULL)
    chunk = g_async_queue_pop (reader->empty);

  chunk_reset (chunk);
  return chunk;
}

static void
push_chunk (TransactionReader *reader,
            gboolean           last,
            GError            *error)
{
  Chunk *chunk = reader->chunk;

  chunk->bytes_read = hy_csv_reader_get_bytes_read (reader->imp.reader);
  chunk->bytes_total = hy_csv_reader_get_bytes_total (reader->imp.reader);
  chunk->last = last;
  chunk->error = error;
  g_async_queue_push (reader->full, chunk);

  reader->chunk = last ? NULL : take_chunk (reader);
  reader->imp.problems = reader->chunk != NULL ? reader->chunk->problems : NULL;
}

static const char *
keep (Chunk      *chunk,
      const char *text)
{
  return text[0] != '\0' ? g_string_chunk_insert (chunk->strings, text) : NULL;
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
read_header (TransactionReader *reader,
             Group             *h)
{
  Import *imp = &reader->imp;
  Chunk *chunk = reader->chunk;
  const char *text;
  GError *local_error = NULL;
  guint8 bytes[16];
  guint64 hash = 0xcbf29ce484222325ULL;

  memset (h, 0, sizeof *h);
  h->line = imp->row_line;
  h->kind = -1;
  h->first_identity = chunk->identities->len;
  h->first_item = chunk->items->len;
  h->first_payment = chunk->payments->len;
  h->first_problem = chunk->problems->len;

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

  g_ptr_array_set_size (reader->identities, 0);
  _hy_import_identities (imp, reader->identities);
  for (guint i = 0; i < reader->identities->len; i++)
    {
      HyIdentity *identity = g_ptr_array_index (reader->identities, i);
      HyIdentity copy = {
        .kind = identity->kind,
        .value = g_string_chunk_insert (chunk->strings, identity->value),
      };

      g_array_append_val (chunk->identities, copy);
    }
  h->n_identities = reader->identities->len;

  h->time_text = keep (chunk, _hy_import_field (imp, F_OCCURRED_AT));
  if (h->time_text == NULL)
    _hy_import_problem (imp, F_OCCURRED_AT, "", _("The date of the purchase is missing"));
  else if (!hy_parse_date_time (h->time_text, imp->tz, &h->occurred_at, &local_error))
    _hy_import_take_error (imp, F_OCCURRED_AT, h->time_text, local_error);

  text = _hy_import_field (imp, F_KIND);
  if (text[0] != '\0' && (h->kind = parse_kind (text)) == -2)
    _hy_import_problem (imp, F_KIND, text, _("“%s” is neither a sale (消费, sale) nor a refund (退款, refund)"), text);

  h->amount_text = keep (chunk, _hy_import_field (imp, F_AMOUNT));
  read_money (imp, F_AMOUNT, &h->amount, &h->has_amount);
  read_money (imp, F_GROSS, &h->gross, &h->has_gross);
  read_money (imp, F_DISCOUNT, &h->discount, &h->has_discount);

  if (_hy_import_field (imp, F_QUANTITY)[0] != '\0')
    h->has_quantity = read_quantity (imp, F_QUANTITY, &h->quantity);

  h->order_no = keep (chunk, _hy_import_field (imp, F_ORDER_NO));
  h->name = keep (chunk, _hy_import_field (imp, F_NAME));
  h->store = keep (chunk, _hy_import_field (imp, F_STORE));
  h->channel = keep (chunk, _hy_import_field (imp, F_CHANNEL));
  h->notes = keep (chunk, _hy_import_field (imp, F_NOTES));
  h->payment = keep (chunk, _hy_import_field (imp, F_PAYMENT));
  h->refund_of = keep (chunk, _hy_import_field (imp, F_REFUND_OF));

  /* What identifies a row that has neither uid nor order number: all it says. */
  if (h->uid[0] != '\0' || h->order_no != NULL)
    return;
  for (guint i = 0; i < h->n_identities; i++)
    hash = mix_text (hash, g_array_index (chunk->identities, HyIdentity, h->first_identity + i).value);
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
           Chunk  *chunk,
           Group  *h)
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
  item.number = h->n_items + 1;
  item.sku = keep (chunk, _hy_import_field (imp, F_SKU));
  item.name = keep (chunk, _hy_import_field (imp, F_ITEM_NAME));
  item.category = keep (chunk, _hy_import_field (imp, F_CATEGORY));
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

  g_array_append_val (chunk->items, item);
  h->n_items++;
}

/* A later line of the same order must agree with the first about the order as a whole. */
static void
check_same_order (Import *imp,
                  Group  *h)
{
  const char *time_text = _hy_import_field (imp, F_OCCURRED_AT);
  const char *amount_text = _hy_import_field (imp, F_AMOUNT);

  if (time_text[0] != '\0' && g_strcmp0 (time_text, h->time_text) != 0)
    _hy_import_problem (imp, F_OCCURRED_AT, time_text,
                        _("Line %u of the same order says %s; one order has one time"),
                        h->line, h->time_text);
  if (amount_text[0] != '\0' && g_strcmp0 (amount_text, h->amount_text) != 0)
    _hy_import_problem (imp, F_AMOUNT, amount_text,
                        _("Line %u of the same order says %s; an order has one total (put line totals in a column such as 小计)"),
                        h->line, h->amount_text);
}

/* Works out gross, discount and net (negative for a refund) from what the file gives. */
static gboolean
settle_amounts (Import           *imp,
                Chunk            *chunk,
                Group            *h,
                HyTransactionRow *row)
{
  gint64 items_total = 0;
  gboolean refund;
  gint64 net, gross, discount;

  for (guint i = 0; i < h->n_items; i++)
    {
      ItemRow *item = &g_array_index (chunk->items, ItemRow, h->first_item + i);
      HyLineItem line = { .quantity = item->quantity, .unit_price = item->unit_price, .amount = item->amount };

      items_total += item->has_amount ? item->amount : _hy_line_item_amount (&line);
    }

  refund = h->kind == 1 || (h->kind == -1 && ((h->has_amount && h->amount < 0) || (h->has_gross && h->gross < 0)));
  net = h->has_amount ? ABS (h->amount) : 0;
  discount = h->has_discount ? ABS (h->discount) : 0;
  if (h->has_gross)
    gross = ABS (h->gross);
  else if (h->n_items > 0 && !h->has_amount)
    gross = ABS (items_total);
  else
    gross = net + discount;
  if (!h->has_amount)
    net = gross - discount;
  else if (h->has_gross && !h->has_discount)
    discount = gross - net;

  if (!h->has_amount && !h->has_gross && h->n_items == 0)
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
               Chunk      *chunk,
               Group      *h,
               gint64      net)
{
  const char *text = h->payment;
  g_auto(GStrv) parts = NULL;
  gint64 total = 0;

  if (text == NULL)
    return;

  /* One method and no amount, the usual case: it paid for everything. */
  if (strpbrk (text, ";:") == NULL)
    {
      HyPayment payment = { .method = text, .amount = ABS (net) };

      g_array_append_val (chunk->payments, payment);
      h->n_payments++;
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
      payment.method = keep (chunk, g_strstrip (parts[i]));
      total += payment.amount;
      g_array_append_val (chunk->payments, payment);
      h->n_payments++;
    }

  if (h->n_payments > 0 && total != ABS (net))
    {
      g_autofree char *paid = hy_money_format (total, FALSE);
      g_autofree char *due = hy_money_format (ABS (net), FALSE);

      _hy_import_problem (imp, F_PAYMENT, text, _("The payments add up to %s but %s was paid"), paid, due);
    }
}

/* The idempotency key of a transaction known by its order number (a sale's and a refund's are
 * told apart: POS systems reuse the number for the return). */
gint64
_hy_import_order_idem (const char *store,
                       const char *order_no,
                       int         kind)
{
  g_autofree char *key = g_strdup_printf ("%s\t%s\t%d", store != NULL ? store : "", order_no, kind);

  return hy_idempotency_hash ("import-order", key, -1);
}

static Group *
pending_group (TransactionReader *reader)
{
  GArray *groups = reader->chunk->groups;

  return &g_array_index (groups, Group, groups->len - 1);
}

/* The pending transaction has all its lines: work out its amounts and payments, and hand the
 * chunk over once it is full. */
static void
finish_group (TransactionReader *reader)
{
  Import *imp = &reader->imp;
  Chunk *chunk = reader->chunk;
  Group *h = pending_group (reader);
  HyTransactionRow *row = &h->row;
  guint saved_line = imp->row_line;

  imp->row_line = h->line;
  imp->row_bad = h->bad;
  reader->pending = FALSE;

  row->occurred_at = h->occurred_at;
  row->channel = h->channel;
  row->order_no = h->order_no;
  row->note = h->notes;

  if (!imp->row_bad && settle_amounts (imp, chunk, h, row))
    {
      h->settled = TRUE;
      if (h->uid[0] != '\0')
        hy_uuid_parse (h->uid, h->uid_bytes);
      else if (h->order_no != NULL)
        row->idem = _hy_import_order_idem (h->store, h->order_no, row->kind);
      read_payments (imp, chunk, h, row->gross - row->discount);
    }

  h->bad = imp->row_bad;
  h->n_problems = chunk->problems->len - h->first_problem;
  imp->row_line = saved_line;
  imp->row_bad = FALSE;

  if (chunk->n_rows >= CHUNK_ROWS)
    push_chunk (reader, FALSE, NULL);
}

/* One line of the file: the first of a transaction, or a further line of the pending order. */
static void
read_row (TransactionReader *reader)
{
  Import *imp = &reader->imp;
  const char *uid = _hy_import_field (imp, F_UID);
  const char *key = uid[0] != '\0' ? uid : _hy_import_field (imp, F_ORDER_NO);
  Group *h;

  if (reader->pending && key[0] != '\0' && strcmp (key, reader->group_key->str) == 0)
    {
      h = pending_group (reader);
      check_same_order (imp, h);
      read_item (imp, reader->chunk, h);
      h->n_rows++;
      h->bad |= imp->row_bad;
      reader->chunk->n_rows++;
      return;
    }

  if (reader->pending)
    {
      /* finish_group() may hand the chunk over: the key is the reader's, not the chunk's. */
      finish_group (reader);
    }

  g_string_assign (reader->group_key, key);
  g_array_set_size (reader->chunk->groups, reader->chunk->groups->len + 1);
  h = pending_group (reader);
  read_header (reader, h);
  read_item (imp, reader->chunk, h);
  h->n_rows = 1;
  h->bad = imp->row_bad;
  reader->chunk->n_rows++;
  reader->pending = TRUE;
}

static gpointer
read_thread (gpointer data)
{
  TransactionReader *reader = data;
  Import *imp = &reader->imp;
  GError *error = NULL;

  while (!g_atomic_int_get (&reader->stop) && hy_csv_reader_next (imp->reader, &error))
    {
      imp->row_line = hy_csv_reader_get_line (imp->reader);
      imp->row_bad = FALSE;
      read_row (reader);
    }

  /* A line the reader could not read stops the import there, as it always did. */
  if (error == NULL && reader->pending)
    finish_group (reader);
  push_chunk (reader, TRUE, error);
  return NULL;
}

/* Starts reading @imp's file in a thread of its own. */
TransactionReader *
_hy_transaction_reader_start (Import  *imp,
                              GError **error)
{
  TransactionReader *reader = g_new0 (TransactionReader, 1);

  reader->imp.options = imp->options;
  reader->imp.report = imp->report;    /* its columns' titles only: it is not written to */
  reader->imp.path = imp->path;
  reader->imp.tz = imp->tz;
  memcpy (reader->imp.column_of, imp->column_of, sizeof imp->column_of);
  if (!_hy_import_open_reader (&reader->imp, error))
    {
      g_clear_pointer (&reader->imp.reader, hy_csv_reader_free);
      g_free (reader);
      return NULL;
    }

  reader->full = g_async_queue_new ();
  reader->empty = g_async_queue_new ();
  reader->group_key = g_string_new (NULL);
  reader->identities = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_identity_free);
  reader->chunk = take_chunk (reader);
  reader->imp.problems = reader->chunk->problems;
  reader->thread = g_thread_new ("hy-import-read", read_thread, reader);
  return reader;
}

/* The next chunk of the file, waiting for it; its `last` says the file ends with it. */
Chunk *
_hy_transaction_reader_pop (TransactionReader *reader)
{
  Chunk *chunk = g_async_queue_pop (reader->full);

  reader->finished |= chunk->last;
  return chunk;
}

void
_hy_transaction_reader_recycle (TransactionReader *reader,
                                Chunk             *chunk)
{
  g_async_queue_push (reader->empty, chunk);
}

/* Stops the thread (wherever it is in the file) and frees everything.  The import must have
 * given back every chunk but the last. */
void
_hy_transaction_reader_stop (TransactionReader *reader)
{
  Chunk *chunk;

  if (reader == NULL)
    return;

  g_atomic_int_set (&reader->stop, TRUE);
  /* Chunks given back let a thread waiting for one see that it must stop. */
  while (!reader->finished)
    _hy_transaction_reader_recycle (reader, _hy_transaction_reader_pop (reader));
  g_thread_join (reader->thread);

  while ((chunk = g_async_queue_try_pop (reader->full)) != NULL)
    chunk_free (chunk);
  while ((chunk = g_async_queue_try_pop (reader->empty)) != NULL)
    chunk_free (chunk);
  g_async_queue_unref (reader->full);
  g_async_queue_unref (reader->empty);
  g_string_free (reader->group_key, TRUE);
  g_ptr_array_unref (reader->identities);
  g_clear_pointer (&reader->imp.reader, hy_csv_reader_free);
  g_free (reader);
}
