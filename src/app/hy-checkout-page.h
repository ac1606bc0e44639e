/* hy-checkout-page.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hy-checkout.h"
#include "hy-database.h"
#include "hy-receipt-printer.h"

G_BEGIN_DECLS

#define HY_TYPE_CHECKOUT_PAGE (hy_checkout_page_get_type ())

G_DECLARE_FINAL_TYPE (HyCheckoutPage, hy_checkout_page, HY, CHECKOUT_PAGE, AdwBin)

void                   hy_checkout_page_set_database       (HyCheckoutPage *self,
                                                            HyDatabase     *database);
void                   hy_checkout_page_reload_settings    (HyCheckoutPage *self);
void                   hy_checkout_page_start_sale         (HyCheckoutPage *self,
                                                            gint64          member_id);
gboolean               hy_checkout_page_get_busy           (HyCheckoutPage *self);
gint64                 hy_checkout_page_get_member_id      (HyCheckoutPage *self);
const HyCheckoutQuote *hy_checkout_page_get_quote          (HyCheckoutPage *self);
const HyReceipt       *hy_checkout_page_get_receipt        (HyCheckoutPage *self);
const HyRefundReceipt *hy_checkout_page_get_refund         (HyCheckoutPage *self);
HyReceiptDoc          *hy_checkout_page_build_receipt_doc  (HyCheckoutPage *self);
gint64                 hy_checkout_page_get_confirm_time   (HyCheckoutPage *self);

G_END_DECLS
