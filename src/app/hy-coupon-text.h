/* hy-coupon-text.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hy-coupon-store.h"

G_BEGIN_DECLS

/* The kinds in HyCouponKind order, from HY_COUPON_THRESHOLD_OFF, as a combo row lists them. */
const char *hy_coupon_text_kind_label (HyCouponKind            kind);
/* "20.00 off from 100.00 · whole order · valid 30 days from issue · stackable" */
char       *hy_coupon_text_describe   (HyDatabase             *db,
                                       const HyCouponTemplate *tmpl);

G_END_DECLS
