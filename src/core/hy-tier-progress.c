/* hy-tier-progress.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How far a member is from the next level up: the next level's criteria against what the
 * member did in that level's window, and what is still missing for each.
 */

#define G_LOG_DOMAIN "hy-tier"

#include "config.h"

#include "hy-loyalty-private.h"
#include "hy-tier-store.h"

void
hy_tier_progress_clear (HyTierProgress *progress)
{
  g_return_if_fail (progress != NULL);

  g_clear_pointer (&progress->current, hy_tier_free);
  g_clear_pointer (&progress->next, hy_tier_free);
}

static gint64
shortfall (gint64 asked,
           gint64 have)
{
  return asked > have ? asked - have : 0;
}

gboolean
_hy_tier_progress (HyDatabase      *db,
                   gint64           member_id,
                   gint64           at,
                   HyTierProgress  *out,
                   GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) tiers = NULL;
  const HyTier *next;

  out->current = _hy_tier_current (db, member_id, at, NULL, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (out->current == NULL)
    return TRUE;
  if (!(tiers = _hy_tier_load_all (db, error)))
    return FALSE;

  next = NULL;
  for (guint i = 0; i < tiers->len && next == NULL; i++)
    if (((HyTier *) tiers->pdata[i])->level > out->current->level)
      next = tiers->pdata[i];
  if (next == NULL)
    return TRUE;

  out->next = hy_tier_copy (next);
  _hy_tier_window_figures (db, member_id, next->window_days, at, &out->spend, &out->visits, &out->points);
  out->spend_needed = shortfall (next->min_spend, out->spend);
  out->visits_needed = shortfall (next->min_visits, out->visits);
  out->points_needed = shortfall (next->min_points, out->points);
  return TRUE;
}
