/* hy-import-transactions-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Transaction rows travel in two stages.  A reading thread (hy-import-transactions-read.c)
 * reads the file, groups the lines of an order, and parses and checks everything a transaction
 * says by itself: dates, money, identities, whether the amounts add up, the payments.  It hands
 * the parsed transactions over in chunks of a few thousand rows through a bounded queue, so
 * memory stays the same at any size of file.  The import's own thread (hy-import-transactions.c)
 * then only does what needs the database: finds or creates the members, links refunds to their
 * sales, and writes.
 */

#pragma once

#include "hy-import-private.h"
#include "hy-purchase-store-private.h"
#include "hy-uuid.h"

G_BEGIN_DECLS

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

/* One transaction (one or more lines of the file) as the reading thread left it.  Its strings,
 * identities, items, payments and problems are in its chunk. */
typedef struct
{
  guint             line;            /* of its first row */
  guint             n_rows;
  gboolean          bad;             /* a problem was found (and is in the chunk) */
  gboolean          settled;         /* good until its amounts were worked out, and they add up */
  char              uid[HY_UUID_STRING_LEN + 1];
  char              member_uid[HY_UUID_STRING_LEN + 1];
  guint8            uid_bytes[16];
  const char       *order_no;
  const char       *name;
  const char       *store;
  const char       *channel;
  const char       *notes;
  const char       *payment;
  const char       *refund_of;
  const char       *amount_text;     /* to check that every line of an order says the same */
  const char       *time_text;
  int               kind;            /* -1: by the sign of the amount */
  gint64            occurred_at;
  gint64            amount;
  gint64            gross;
  gint64            discount;
  double            quantity;
  gboolean          has_amount;
  gboolean          has_gross;
  gboolean          has_discount;
  gboolean          has_quantity;
  guint64           content_hash;
  HyTransactionRow  row;             /* when settled: kind, amounts, time, idem (uid: uid_bytes) */
  guint             first_identity;
  guint             n_identities;
  guint             first_item;
  guint             n_items;
  guint             first_payment;
  guint             n_payments;
  guint             first_problem;
  guint             n_problems;
} Group;

typedef struct
{
  GArray       *groups;       /* Group */
  GArray       *identities;   /* HyIdentity, values in strings */
  GArray       *items;        /* ItemRow */
  GArray       *payments;     /* HyPayment */
  GPtrArray    *problems;     /* HyImportProblem, in the order of the file */
  GStringChunk *strings;
  guint         n_rows;
  guint64       bytes_read;
  guint64       bytes_total;
  gboolean      last;         /* the end of the file, or the reading failed (error) */
  GError       *error;
} Chunk;

typedef struct _TransactionReader TransactionReader;

TransactionReader *_hy_transaction_reader_start   (Import             *imp,
                                                   GError            **error);
Chunk             *_hy_transaction_reader_pop     (TransactionReader  *reader);
void               _hy_transaction_reader_recycle (TransactionReader  *reader,
                                                   Chunk              *chunk);
void               _hy_transaction_reader_stop    (TransactionReader  *reader);

gint64             _hy_import_order_idem          (const char         *store,
                                                   const char         *order_no,
                                                   int                 kind);

G_END_DECLS
