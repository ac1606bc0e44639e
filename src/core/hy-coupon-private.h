/* hy-coupon-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Coupons at checkout and refund.  Everything here works inside the caller's transaction.
 */

#pragma once

#include <sqlite3.h>

#include "hy-coupon-store.h"

G_BEGIN_DECLS

/* A line of the order as coupons see it: at member price. */
typedef struct
{
  const char *category;
  gint64      amount;
  double      quantity;
} HyCouponLine;

typedef struct
{
  gint64              member_id;
  gint64              at;
  const HyCouponLine *lines;
  guint               n_lines;
  gint64              due;         /* what the coupons together may take off at most */
  const char * const *codes;       /* NULL-terminated; the coupons asked for, all must apply */
  gboolean            best;        /* without codes: the best allowed combination of the member's */
} HyCouponOrder;

HyDatabase       *_hy_coupon_store_get_database (HyCouponStore        *self);
HyCouponTemplate *_hy_coupon_template_from_row (sqlite3_stmt         *stmt,
                                                int                   first);
HyCouponTemplate *_hy_coupon_template_load     (HyDatabase           *db,
                                                gint64                id,
                                                const char           *name,
                                                GError              **error);
HyCoupon         *_hy_coupon_from_row          (sqlite3_stmt         *stmt);
HyCoupon         *_hy_coupon_find_code         (HyDatabase           *db,
                                                const char           *text,
                                                GError              **error);

/* Fills @uses (of HyCouponUse) with every coupon considered, applied ones first, and returns
 * the total saving, or -1 with @error when a coupon asked for by code cannot be used. */
gint64            _hy_coupons_plan             (HyDatabase           *db,
                                                const HyCouponOrder  *order,
                                                GPtrArray            *uses,
                                                GError              **error);
gboolean          _hy_coupons_redeem           (HyDatabase           *db,
                                                GPtrArray            *uses,
                                                gint64                member_id,
                                                gint64                transaction_id,
                                                gint64                at,
                                                GError              **error);
GPtrArray        *_hy_coupons_of_sale          (HyDatabase           *db,
                                                gint64                transaction_id,
                                                GError              **error);
gint64            _hy_coupons_restore          (HyDatabase           *db,
                                                gint64                sale_id,
                                                gint64                refund_id,
                                                GError              **error);

G_END_DECLS
