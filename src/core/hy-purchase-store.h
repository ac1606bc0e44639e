/* hy-purchase-store.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hy-database.h"
#include "hy-money.h"
#include "hy-types.h"

G_BEGIN_DECLS

typedef enum
{
  HY_TRANSACTION_SALE   = 0,
  HY_TRANSACTION_REFUND = 1,
} HyTransactionKind;

typedef struct
{
  const char *sku;
  const char *name;
  const char *category;
  double      quantity;
  gint64      unit_price;   /* minor units */
  gint64      amount;       /* line total; 0 means unit_price x quantity, rounded to the cent */
} HyLineItem;

typedef struct
{
  const char *method;       /* cash, card, wechat, alipay, stored_value, points, ... */
  gint64      amount;
} HyPayment;

typedef struct
{
  gint64            member_id;        /* 0: walk-in */
  gint64            store_id;         /* 0: this database's own store */
  gint64            occurred_at;      /* 0: now */
  gint64            gross;            /* 0 with items: the items' total */
  gint64            discount;
  double            quantity;         /* 0 with items: the items' quantities */
  const char       *channel;
  const char       *order_no;
  const char       *note;
  const char       *idempotency_key;  /* a retried sale with the same key posts nothing new */
  const HyLineItem *items;
  guint             n_items;
  const HyPayment  *payments;
  guint             n_payments;
} HySale;

typedef struct
{
  guint  line;        /* the sale's line number, from 1 */
  double quantity;    /* how many of that line come back */
} HyRefundLine;

typedef struct
{
  gint64              sale_id;
  gint64              occurred_at;      /* 0: now */
  gint64              amount;           /* positive; 0 without lines: all that is still refundable */
  const HyRefundLine *lines;
  guint               n_lines;
  const char         *reason;
  const char         *idempotency_key;
} HyRefund;

/* One row of the transactions table, for histories and statements. */
typedef struct
{
  gint64             id;
  char              *uid;
  HyTransactionKind  kind;
  gint64             member_id;
  gint64             store_id;
  gint64             occurred_at;
  gint64             gross;
  gint64             discount;
  gint64             net;
  double             quantity;
  char              *channel;
  char              *order_no;
  char              *note;
  gint64             refund_of;
  gint64             refunded;        /* for a sale: how much has been refunded (positive) */
} HyTransaction;

void              hy_transaction_free               (HyTransaction    *transaction);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyTransaction, hy_transaction_free)

#define HY_TYPE_PURCHASE_STORE (hy_purchase_store_get_type ())

G_DECLARE_FINAL_TYPE (HyPurchaseStore, hy_purchase_store, HY, PURCHASE_STORE, GObject)

HyPurchaseStore  *hy_purchase_store_new              (HyDatabase       *db);
gint64            hy_purchase_store_record_sale      (HyPurchaseStore  *self,
                                                      const HySale     *sale,
                                                      gboolean         *out_replayed,
                                                      GError          **error);
gint64            hy_purchase_store_refund           (HyPurchaseStore  *self,
                                                      const HyRefund   *refund,
                                                      gboolean         *out_replayed,
                                                      GError          **error);
HyTransaction    *hy_purchase_store_load             (HyPurchaseStore  *self,
                                                      gint64            transaction_id,
                                                      GError          **error);
GPtrArray        *hy_purchase_store_list_for_member  (HyPurchaseStore  *self,
                                                      gint64            member_id,
                                                      guint             limit,
                                                      GError          **error);
gint64            hy_purchase_store_get_refundable   (HyPurchaseStore  *self,
                                                      gint64            sale_id,
                                                      GError          **error);

gint64            hy_idempotency_hash                (const char       *scope,
                                                      const char       *key,
                                                      gssize            key_len);

G_END_DECLS
