/* hy-checkout-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hy-checkout.h"

G_BEGIN_DECLS

HyDatabase      *_hy_checkout_get_database  (HyCheckout  *self);
HyPurchaseStore *_hy_checkout_get_purchases (HyCheckout  *self);
gboolean         _hy_checkout_step          (HyCheckout  *self,
                                             const char  *name,
                                             GError     **error);

G_END_DECLS
