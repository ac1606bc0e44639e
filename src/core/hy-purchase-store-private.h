/* hy-purchase-store-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hy-purchase-store.h"

G_BEGIN_DECLS

/* A transaction row ready to insert: validated, amounts final, member resolved. */
typedef struct
{
  HyTransactionKind  kind;
  gint64             member_id;
  gint64             store_id;
  gint64             occurred_at;
  gint64             gross;
  gint64             discount;
  double             quantity;
  gboolean           has_quantity;
  const char        *channel;
  const char        *order_no;
  const char        *note;
  gint64             refund_of;
  gint64             idem;           /* 0: none */
  const guint8      *uid;            /* NULL: a new one; an import of an export keeps its own */
} HyTransactionRow;

/* Inserts the row and its change-log entry.  Returns the new id, 0 when @row->idem or
 * @row->uid is already taken (a replay: nothing was written), -1 on error. */
gint64   _hy_transaction_insert       (HyDatabase              *db,
                                       const HyTransactionRow  *row,
                                       GError                 **error);
gboolean _hy_transaction_insert_item  (HyDatabase              *db,
                                       gint64                   transaction_id,
                                       guint                    line,
                                       const HyLineItem        *item,
                                       GError                 **error);
gboolean _hy_transaction_insert_payments (HyDatabase         *db,
                                       gint64                   transaction_id,
                                       const HyPayment         *payments,
                                       guint                    n_payments,
                                       GError                 **error);
gint64   _hy_transaction_find_idem    (HyDatabase              *db,
                                       gint64                   idem);
gboolean _hy_sale_validate            (const HySale            *sale,
                                       gint64                  *out_gross,
                                       double                  *out_quantity,
                                       GError                 **error);
HyDatabase *_hy_purchase_store_get_database (HyPurchaseStore *self);
gint64   _hy_line_item_amount         (const HyLineItem        *item);

G_END_DECLS
