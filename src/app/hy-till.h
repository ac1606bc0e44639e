/* hy-till.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hy-checkout.h"
#include "hy-purchase-store.h"
#include "hy-staff.h"

G_BEGIN_DECLS

typedef enum
{
  HY_TILL_LOOKUP,    /* identity -> the member and their balances */
  HY_TILL_QUOTE,     /* the order -> what it comes to now */
  HY_TILL_CHECKOUT,  /* the order -> the receipt */
  HY_TILL_SALES,     /* member_id -> their recent sales */
  HY_TILL_REFUND,    /* sale_id and amount -> the refund receipt */
} HyTillOpKind;

typedef struct
{
  char   *sku;
  char   *name;
  char   *category;
  double  quantity;
  gint64  unit_price;
} HyTillLine;

/* One piece of work for the till's thread: what goes in, and what comes back. */
typedef struct
{
  HyTillOpKind     kind;

  /* In */
  char            *identity;       /* LOOKUP: a phone number or a card number */
  gint64           member_id;      /* 0: walk-in */
  GArray          *lines;          /* of HyTillLine */
  gint64           amount;         /* without lines */
  gint64           points;
  gint64           stored_value;
  char            *key;            /* CHECKOUT and REFUND */
  gint64           sale_id;        /* REFUND */
  gint64           refund_amount;  /* REFUND: 0 for all that is left */
  HyStaffSession  *session;        /* who does it, with a manager's approval; NULL: the owner */

  /* Out */
  char            *member_name;
  char            *member_phone;
  char            *tier_name;
  gint64           points_available;
  gint64           points_balance;
  gint64           stored_value_held;
  HyCheckoutQuote  quote;
  HyReceipt        receipt;
  HyRefundReceipt  refund;
  GPtrArray       *sales;          /* of HyTransaction, newest first */
  GArray          *refundable;     /* gint64 per sale */
  gint64           elapsed_us;     /* the core call alone */
} HyTillOp;

HyTillOp *hy_till_op_new   (HyTillOpKind kind);
void      hy_till_op_free  (HyTillOp    *op);
void      hy_till_op_add_line (HyTillOp   *op,
                               const char *sku,
                               const char *name,
                               const char *category,
                               double      quantity,
                               gint64      unit_price);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyTillOp, hy_till_op_free)

#define HY_TYPE_TILL (hy_till_get_type ())

G_DECLARE_FINAL_TYPE (HyTill, hy_till, HY, TILL, GObject)

HyTill   *hy_till_new        (const char          *path);
void      hy_till_run_async  (HyTill              *self,
                              HyTillOp            *op,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
HyTillOp *hy_till_run_finish (HyTill              *self,
                              GAsyncResult        *result,
                              GError             **error);
void      hy_till_reload     (HyTill              *self);

G_END_DECLS
