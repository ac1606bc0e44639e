/* hy-fraud.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hy-database.h"

G_BEGIN_DECLS

typedef enum
{
  HY_FRAUD_RAPID_PURCHASES,   /* many purchases by one member within minutes */
  HY_FRAUD_EARN_THEN_REFUND,  /* a sale that earned points, refunded within days */
  HY_FRAUD_LARGE_ADJUSTMENT,  /* points given or taken by hand, a lot at once */
  HY_FRAUD_NEGATIVE_BALANCE,  /* a refund that would have taken points below 0 */
} HyFraudKind;

typedef struct
{
  int    rapid_count;        /* default 5 purchases ... */
  int    rapid_minutes;      /* ... within 10 minutes */
  int    refund_days;        /* default 7 */
  gint64 large_adjustment;   /* default 1000 points, either way */
} HyFraudRules;

typedef struct
{
  HyFraudKind  kind;
  gint64       member_id;
  gint64       occurred_at;
  gint64       value;        /* purchases, points earned, points adjusted, points short */
  gint64       ref_id;       /* the first sale, the refund, the ledger entry, the refund */
  char        *reason;       /* for a manager to review */
} HyFraudFlag;

void         hy_fraud_flag_free    (HyFraudFlag        *flag);
const char  *hy_fraud_kind_to_string (HyFraudKind      kind);
void         hy_fraud_rules_init   (HyFraudRules       *rules);
GPtrArray   *hy_fraud_scan         (HyDatabase         *db,
                                    const HyFraudRules *rules,
                                    gint64              since,
                                    GError            **error);

G_END_DECLS
