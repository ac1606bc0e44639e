/* hy-stored-value-ledger.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hy-database.h"

G_BEGIN_DECLS

/* Stored in stored_value_ledger.kind: never renumber. */
typedef enum
{
  HY_STORED_VALUE_TOP_UP = 1,
  HY_STORED_VALUE_SPEND  = 2,
  HY_STORED_VALUE_RETURN = 3,  /* a refund puts back what its sale took */
  HY_STORED_VALUE_ADJUST = 4,
} HyStoredValueKind;

/* Which part a payment takes first (setting stored_value.spend_order). */
typedef enum
{
  HY_SPEND_PROPORTIONAL,     /* "proportional" (default): in proportion to the two balances */
  HY_SPEND_PRINCIPAL_FIRST,  /* "principal_first" */
  HY_SPEND_BONUS_FIRST,      /* "bonus_first" */
} HySpendOrder;

typedef struct
{
  gint64 principal;   /* minor units the member paid in */
  gint64 bonus;       /* minor units the store gave */
  gint64 total;
} HyStoredValueBalance;

typedef struct
{
  gint64             id;
  HyStoredValueKind  kind;
  gint64             principal;         /* signed */
  gint64             bonus;             /* signed */
  gint64             principal_after;
  gint64             bonus_after;
  gint64             occurred_at;
  gint64             transaction_id;
  char              *method;
  char              *reason;
} HyStoredValueEntry;

void hy_stored_value_entry_free (HyStoredValueEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyStoredValueEntry, hy_stored_value_entry_free)

const char *hy_stored_value_kind_to_string (HyStoredValueKind kind);

#define HY_TYPE_STORED_VALUE_LEDGER (hy_stored_value_ledger_get_type ())

G_DECLARE_FINAL_TYPE (HyStoredValueLedger, hy_stored_value_ledger, HY, STORED_VALUE_LEDGER, GObject)

HyStoredValueLedger *hy_stored_value_ledger_new           (HyDatabase            *db);
gint64               hy_stored_value_ledger_compute_bonus (HyStoredValueLedger   *self,
                                                           gint64                 amount);
gint64               hy_stored_value_ledger_top_up        (HyStoredValueLedger   *self,
                                                           gint64                 member_id,
                                                           gint64                 amount,
                                                           const char            *method,
                                                           const char            *idempotency_key,
                                                           gint64                *out_bonus,
                                                           gboolean              *out_replayed,
                                                           GError               **error);
gint64               hy_stored_value_ledger_spend         (HyStoredValueLedger   *self,
                                                           gint64                 member_id,
                                                           gint64                 amount,
                                                           const char            *reason,
                                                           const char            *idempotency_key,
                                                           gboolean              *out_replayed,
                                                           GError               **error);
gboolean             hy_stored_value_ledger_get_balance   (HyStoredValueLedger   *self,
                                                           gint64                 member_id,
                                                           HyStoredValueBalance  *out,
                                                           GError               **error);
GPtrArray           *hy_stored_value_ledger_list_entries  (HyStoredValueLedger   *self,
                                                           gint64                 member_id,
                                                           GError               **error);

G_END_DECLS
