/* hy-tier-distribution.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "hy-database.h"

G_BEGIN_DECLS

/* The members of one tier (or of none) now, with what they spent and the points they hold. */
typedef struct
{
  gint64   tier_id;          /* 0: members without a tier */
  char    *name;             /* NULL without a tier */
  int      level;            /* -1 without a tier */
  guint64  members;
  gint64   lifetime_spend;   /* net, minor units */
  gint64   period_spend;     /* net spend between from and to, minor units */
  gint64   points;           /* balances held */
} HyTierShare;

void       hy_tier_share_free            (HyTierShare  *share);

/* Every tier, highest level first, then the members without a tier.  Members count in their
 * tier of today, also for what they spent in the period [@from, @to) (UTC seconds). */
GPtrArray *hy_tier_distribution_compute  (HyDatabase   *db,
                                          gint64        from,
                                          gint64        to,
                                          GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyTierShare, hy_tier_share_free)

G_END_DECLS
