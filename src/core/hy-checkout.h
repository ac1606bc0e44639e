/* hy-checkout.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hy-coupon-store.h"
#include "hy-database.h"
#include "hy-purchase-store.h"
#include "hy-types.h"

G_BEGIN_DECLS

typedef struct
{
  const char *sku;
  const char *name;
  const char *category;
  double      quantity;
  gint64      unit_price;         /* list price, minor units */
  gint64      member_unit_price;  /* 0: the tier's price percent applies */
} HyCheckoutLine;

typedef struct
{
  gint64                member_id;        /* or identify by: */
  HyIdentityKind        identity_kind;
  const char           *identity;         /* phone, card number, OpenID; NULL with member_id 0: walk-in */
  gint64                occurred_at;      /* 0: now */
  gint64                amount;           /* without lines: the order at list price */
  const HyCheckoutLine *lines;
  guint                 n_lines;
  gint64                points;           /* points to pay with; -1: as many as the cap allows */
  gint64                stored_value;     /* to pay from stored value; -1: as much as is due and held */
  const char           *tender_method;    /* what pays the rest; NULL: "cash" */
  const char           *channel;
  const char           *idempotency_key;  /* required: a replay returns the first receipt */
  const char * const   *coupon_codes;     /* NULL-terminated: use exactly these coupons, or fail */
  gboolean              best_coupons;     /* without codes: use the member's best combination */
} HyCheckoutRequest;

typedef struct
{
  gint64    transaction_id;
  gint64    member_id;               /* 0: walk-in */
  gint64    gross;                   /* at list price */
  gint64    saved;                   /* the member price's saving */
  gint64    coupon_saved;            /* what coupons took off after the member price */
  gint64    due;                     /* gross - saved - coupon_saved */
  gint64    points_used;
  gint64    points_value;            /* what the points paid */
  gint64    stored_value_principal;  /* what stored value paid, principal part */
  gint64    stored_value_bonus;      /* and bonus part */
  gint64    paid;                    /* the rest, paid by tender_method */
  gint64    points_earned;
  gint64    points_balance;          /* after the checkout: the ledger's sum */
  gint64    stored_value_balance;    /* principal + bonus after the checkout */
  gint64    tier_id;                 /* 0: no tiers */
  char     *tier_name;
  gboolean  tier_changed;
  gboolean  replayed;                /* the key was seen: this is the first receipt again */
  GPtrArray *coupons;                /* (element-type HyCouponUse): used ones first, then the
                                      * member's others with why they do not apply (a replay
                                      * lists only the used ones) */
} HyReceipt;

typedef struct
{
  gint64              sale_id;
  gint64              occurred_at;      /* 0: now */
  gint64              amount;           /* positive; 0 without lines: all that is left */
  const HyRefundLine *lines;
  guint               n_lines;
  const char         *reason;
  const char         *idempotency_key;  /* required */
} HyCheckoutRefund;

typedef struct
{
  gint64    refund_id;
  gint64    sale_id;
  gint64    amount;                  /* the money value refunded, positive */
  gint64    points_clawed_back;      /* earned points taken back */
  gint64    points_short;            /* could not be taken back: the member had spent them */
  gint64    points_returned;         /* points that paid for the sale, given back */
  gint64    points_value;            /* their value */
  gint64    stored_value_principal;  /* put back on the card */
  gint64    stored_value_bonus;
  gint64    paid_back;               /* to the tender */
  gint64    points_balance;
  gint64    stored_value_balance;
  gint64    coupons_restored;        /* coupons usable again: the sale is refunded in full and
                                      * the setting coupons.restore_on_refund is not 0 */
  gboolean  tier_changed;            /* the sale had lifted the member, who no longer qualifies */
  gboolean  replayed;
} HyRefundReceipt;

/* What a checkout would come to now: the receipt without ids, and the limits to offer. */
typedef struct
{
  HyReceipt receipt;
  gint64    points_available;   /* usable now */
  gint64    points_max;         /* the most this order can take: the cap, and what is available */
  gint64    stored_value_held;  /* principal + bonus */
  gint64    stored_value_max;   /* the most stored value can pay after the points */
} HyCheckoutQuote;

void hy_receipt_clear (HyReceipt *receipt);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HyReceipt, hy_receipt_clear)
void hy_checkout_quote_clear (HyCheckoutQuote *quote);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HyCheckoutQuote, hy_checkout_quote_clear)

#define HY_TYPE_CHECKOUT (hy_checkout_get_type ())

G_DECLARE_FINAL_TYPE (HyCheckout, hy_checkout, HY, CHECKOUT, GObject)

HyCheckout *hy_checkout_new     (HyDatabase               *db);
gboolean    hy_checkout_run     (HyCheckout               *self,
                                 const HyCheckoutRequest  *request,
                                 HyReceipt                *out,
                                 GError                  **error);
gboolean    hy_checkout_preview (HyCheckout               *self,
                                 const HyCheckoutRequest  *request,
                                 HyReceipt                *out,
                                 GError                  **error);
gboolean    hy_checkout_quote   (HyCheckout               *self,
                                 const HyCheckoutRequest  *request,
                                 HyCheckoutQuote          *out,
                                 GError                  **error);
gboolean    hy_checkout_refund  (HyCheckout               *self,
                                 const HyCheckoutRefund   *refund,
                                 HyRefundReceipt          *out,
                                 GError                  **error);

/* For tests: called inside the checkout's transaction after each step; returning FALSE with
 * @error fails the checkout there. */
typedef gboolean (*HyCheckoutStepHook) (const char  *step,
                                        gpointer     user_data,
                                        GError     **error);
void        hy_checkout_set_step_hook (HyCheckout        *self,
                                       HyCheckoutStepHook hook,
                                       gpointer           user_data);

G_END_DECLS
