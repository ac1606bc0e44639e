/* hy-reward-store.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hy-database.h"

G_BEGIN_DECLS

/* One reward of the catalogue. */
typedef struct
{
  gint64  id;
  char   *name;
  gint64  points;      /* what it costs */
  gint64  stock;       /* how many are left; -1: unlimited */
  gint64  created_at;
  gint64  retired_at;  /* 0: on offer */
  gint64  redeemed;    /* how many were redeemed */
} HyReward;

void hy_reward_free (HyReward *reward);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyReward, hy_reward_free)

#define HY_TYPE_REWARD_STORE (hy_reward_store_get_type ())

G_DECLARE_FINAL_TYPE (HyRewardStore, hy_reward_store, HY, REWARD_STORE, GObject)

HyRewardStore *hy_reward_store_new    (HyDatabase     *db);
gint64         hy_reward_store_define (HyRewardStore  *self,
                                       const char     *name,
                                       gint64          points,
                                       gint64          stock,
                                       GError        **error);
GPtrArray     *hy_reward_store_list   (HyRewardStore  *self,
                                       gboolean        include_retired,
                                       GError        **error);
HyReward      *hy_reward_store_load   (HyRewardStore  *self,
                                       gint64          reward_id,
                                       GError        **error);
gint64         hy_reward_store_find   (HyRewardStore  *self,
                                       const char     *name,
                                       GError        **error);
gboolean       hy_reward_store_retire (HyRewardStore  *self,
                                       gint64          reward_id,
                                       GError        **error);
gint64         hy_reward_store_redeem (HyRewardStore  *self,
                                       gint64          member_id,
                                       gint64          reward_id,
                                       const char     *idempotency_key,
                                       gboolean       *out_replayed,
                                       GError        **error);

G_END_DECLS
