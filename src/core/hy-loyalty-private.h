/* hy-loyalty-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Row-level helpers of the points and stored-value ledgers and the tiers, shared with checkout.
 * They write inside the caller's transaction and never begin or commit one themselves.
 */

#pragma once

#include "hy-database.h"
#include "hy-points-ledger.h"
#include "hy-tier-store.h"

G_BEGIN_DECLS

gint64   _hy_loyalty_setting_int   (HyDatabase   *db,
                                    const char   *key,
                                    gint64        fallback);
gint64   _hy_loyalty_require_member (HyDatabase  *db,
                                    gint64        member_id,
                                    GError      **error);
gboolean _hy_balances_ensure       (HyDatabase   *db,
                                    gint64        member_id,
                                    GError      **error);
gboolean _hy_balances_load         (HyDatabase   *db,
                                    gint64        member_id,
                                    gint64       *points,
                                    gint64       *sv_principal,
                                    gint64       *sv_bonus,
                                    GError      **error);

typedef struct
{
  gint64        member_id;
  HyPointsKind  kind;
  gint64        points;          /* always positive here: the helper gives the sign */
  gint64        occurred_at;
  gint64        available_at;    /* credits only */
  gint64        expires_at;      /* credits only; 0: never */
  gint64        transaction_id;
  const char   *reason;
  gint64        idem;
} HyPointsPost;

typedef enum
{
  HY_POINTS_TAKE_AVAILABLE,      /* only points usable now; fails when there are not enough */
  HY_POINTS_TAKE_WHAT_THERE_IS,  /* a clawback: @prefer_lot first, then any lot; never below 0 */
} HyPointsTake;

/* Each returns the entry id, the first entry's id when post->idem was seen before (and sets
 * @out_replayed), or -1 with @error. */
gint64   _hy_points_credit         (HyDatabase          *db,
                                    const HyPointsPost  *post,
                                    gboolean            *out_replayed,
                                    GError             **error);
gint64   _hy_points_debit          (HyDatabase          *db,
                                    const HyPointsPost  *post,
                                    HyPointsTake         take,
                                    gint64               prefer_lot,
                                    gint64              *out_taken,
                                    gboolean            *out_replayed,
                                    GError             **error);
gboolean _hy_points_sweep_member   (HyDatabase          *db,
                                    gint64               member_id,
                                    gint64               now,
                                    GError             **error);
void     _hy_points_award_times    (HyDatabase          *db,
                                    gint64               occurred_at,
                                    gint64              *available_at,
                                    gint64              *expires_at);
gint64   _hy_points_compute_earn   (HyDatabase          *db,
                                    const HyEarnRequest *request,
                                    GError             **error);
gboolean _hy_points_summarize      (HyDatabase          *db,
                                    gint64               member_id,
                                    gint64               now,
                                    HyPointsSummary     *out,
                                    GError             **error);
gint64   _hy_points_latest_expiry_of (HyDatabase        *db,
                                    gint64               debit_id);

typedef struct
{
  gint64              member_id;
  int                 kind;            /* HyStoredValueKind */
  gint64              principal;       /* signed */
  gint64              bonus;           /* signed */
  gint64              occurred_at;
  const char         *method;
  gint64              transaction_id;
  const char         *reason;
  gint64              idem;
} HyStoredValuePost;

gint64   _hy_stored_value_post     (HyDatabase               *db,
                                    const HyStoredValuePost  *post,
                                    gboolean                 *out_replayed,
                                    GError                  **error);
gboolean _hy_stored_value_split    (HyDatabase               *db,
                                    gint64                    member_id,
                                    gint64                    amount,
                                    gint64                   *out_principal,
                                    gint64                   *out_bonus,
                                    GError                  **error);

gboolean _hy_tier_sku_price         (HyDatabase               *db,
                                    gint64                    tier_id,
                                    const char               *sku,
                                    gint64                   *price,
                                    GError                  **error);

/* The member's tier as of @at, after any review that was due: NULL (and no error) when the store
 * has no tiers. */
HyTier  *_hy_tier_current          (HyDatabase               *db,
                                    gint64                    member_id,
                                    gint64                    at,
                                    gint64                   *out_valid_until,
                                    GError                  **error);
gboolean _hy_tier_review_member    (HyDatabase               *db,
                                    gint64                    member_id,
                                    gint64                    now,
                                    gboolean                 *out_changed,
                                    GError                  **error);
gboolean _hy_tier_upgrade          (HyDatabase               *db,
                                    gint64                    member_id,
                                    gint64                    at,
                                    gint64                    transaction_id,
                                    gboolean                 *out_changed,
                                    GError                  **error);

HyDatabase *_hy_tier_store_get_database (HyTierStore *self);

GPtrArray *_hy_tier_load_all       (HyDatabase               *db,
                                    GError                  **error);
void     _hy_tier_window_figures   (HyDatabase               *db,
                                    gint64                    member_id,
                                    int                       window_days,
                                    gint64                    at,
                                    gint64                   *spend,
                                    gint64                   *visits,
                                    gint64                   *points);
gboolean _hy_tier_progress         (HyDatabase               *db,
                                    gint64                    member_id,
                                    gint64                    at,
                                    HyTierProgress           *out,
                                    GError                  **error);

gboolean _hy_tier_reevaluate_refund (HyDatabase             *db,
                                     gint64                  member_id,
                                     gint64                  sale_id,
                                     gint64                  refund_id,
                                     gint64                  at,
                                     gboolean               *out_changed,
                                     GError                **error);
gboolean _hy_tier_merge            (HyDatabase               *db,
                                    gint64                    survivor_id,
                                    gint64                    merged_id,
                                    gint64                    at,
                                    GError                  **error);

/* Moves every open points lot of @from to @to, keeping when each becomes usable and expires, as
 * a pair of entries per lot; the entries' ids go to @out_entries (of gint64) when given.
 * Returns the points moved, or -1 with @error. */
gint64   _hy_points_move_lots      (HyDatabase               *db,
                                    gint64                    from,
                                    gint64                    to,
                                    gint64                    at,
                                    const char               *key,
                                    GArray                   *out_entries,
                                    GError                  **error);

/* The entry written under @idem, or 0. */
gint64   _hy_points_find_idem      (HyDatabase               *db,
                                    gint64                    idem);

/* Referrals (hy-member-referral.c), inside the caller's transaction. */
gboolean _hy_points_pay_referral   (HyDatabase               *db,
                                    gint64                    member_id,
                                    gint64                    sale_id,
                                    gint64                    at,
                                    GError                  **error);
gboolean _hy_points_claw_back_referral (HyDatabase           *db,
                                    gint64                    sale_id,
                                    gint64                    refund_id,
                                    gint64                    at,
                                    GError                  **error);
gboolean _hy_member_merge_referrer (HyDatabase               *db,
                                    gint64                    survivor_id,
                                    gint64                    merged_id,
                                    GError                  **error);

G_END_DECLS
