/* hy-tier-store.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hy-database.h"

G_BEGIN_DECLS

/* Stored in tier_history.reason: never renumber. */
typedef enum
{
  HY_TIER_CHANGE_UPGRADE   = 1,
  HY_TIER_CHANGE_RENEW     = 2,  /* validity ran out and the member still qualified */
  HY_TIER_CHANGE_DOWNGRADE = 3,  /* validity ran out: one level down at most */
  HY_TIER_CHANGE_MANUAL    = 4,
} HyTierChangeReason;

/* A level.  A member qualifies by net spend and/or visits in the trailing window_days, or by
 * points earned in it; a criterion of 0 is not asked.  With require_all the criteria asked must
 * all be met, otherwise any one of them.  A level with no criteria is where everyone starts. */
typedef struct
{
  gint64    id;
  int       level;
  char     *name;
  gint64    min_spend;       /* minor units */
  gint64    min_visits;
  gint64    min_points;
  gboolean  require_all;
  int       window_days;     /* default 365 */
  int       validity_days;   /* default 365; 0: kept for good */
  int       price_percent;   /* what members of this level pay: 95 is 5% off */
  int       points_percent;  /* earn multiplier: 150 is x1.5 */
  char     *benefits;
} HyTier;

typedef struct
{
  gint64              id;
  gint64              from_tier_id;    /* 0: none */
  gint64              to_tier_id;
  HyTierChangeReason  reason;
  char               *note;
  gint64              changed_at;
  gint64              valid_until;     /* 0: for good */
  gint64              transaction_id;  /* 0: none */
} HyTierChange;

/* Where a member stands against the next level up.  The figures are over that level's window;
 * a criterion the level does not ask has min 0 and needed 0. */
typedef struct
{
  HyTier   *current;        /* NULL when the store has no tiers */
  HyTier   *next;           /* NULL at the top level (or without tiers) */
  gint64    spend;          /* minor units, net of refunds */
  gint64    visits;
  gint64    points;         /* earned */
  gint64    spend_needed;   /* still missing; 0 when met or not asked */
  gint64    visits_needed;
  gint64    points_needed;
} HyTierProgress;

/* How many members hold a level. */
typedef struct
{
  gint64 tier_id;
  gint64 members;
} HyTierCount;

void        hy_tier_progress_clear          (HyTierProgress *progress);

HyTier     *hy_tier_new                     (void);
HyTier     *hy_tier_copy                    (const HyTier  *tier);
void        hy_tier_free                    (HyTier        *tier);
void        hy_tier_change_free             (HyTierChange  *change);
const char *hy_tier_change_reason_to_string (HyTierChangeReason reason);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyTier, hy_tier_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyTierChange, hy_tier_change_free)

#define HY_TYPE_TIER_STORE (hy_tier_store_get_type ())

G_DECLARE_FINAL_TYPE (HyTierStore, hy_tier_store, HY, TIER_STORE, GObject)

HyTierStore *hy_tier_store_new              (HyDatabase    *db);
gint64       hy_tier_store_define           (HyTierStore   *self,
                                             const HyTier  *tier,
                                             GError       **error);
gboolean     hy_tier_store_remove           (HyTierStore   *self,
                                             gint64         tier_id,
                                             GError       **error);
GPtrArray   *hy_tier_store_list             (HyTierStore   *self,
                                             GError       **error);
HyTier      *hy_tier_store_get_member_tier  (HyTierStore   *self,
                                             gint64         member_id,
                                             gint64        *out_valid_until,
                                             GError       **error);
gboolean     hy_tier_store_evaluate_member  (HyTierStore   *self,
                                             gint64         member_id,
                                             gboolean      *out_changed,
                                             GError       **error);
gint64       hy_tier_store_review_due       (HyTierStore   *self,
                                             GError       **error);
GArray      *hy_tier_store_count_members    (HyTierStore   *self,
                                             GError       **error);
gboolean     hy_tier_store_review_all       (HyTierStore    *self,
                                             HyProgressFunc  progress,
                                             gpointer        user_data,
                                             GCancellable   *cancellable,
                                             gint64         *out_changed,
                                             GError        **error);
gboolean     hy_tier_store_get_progress     (HyTierStore     *self,
                                             gint64           member_id,
                                             HyTierProgress  *out,
                                             GError         **error);
gboolean     hy_tier_store_set_sku_price    (HyTierStore   *self,
                                             gint64         tier_id,
                                             const char    *sku,
                                             gint64         price,
                                             GError       **error);
GPtrArray   *hy_tier_store_list_history     (HyTierStore   *self,
                                             gint64         member_id,
                                             GError       **error);

G_END_DECLS
