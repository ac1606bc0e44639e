/* hy-change-log.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hy-database.h"

G_BEGIN_DECLS

/* What a change_log row is about.  The values are stored in databases: never renumber. */
typedef enum
{
  HY_ENTITY_MEMBER      = 1,
  HY_ENTITY_TRANSACTION = 2,
  HY_ENTITY_MERGE       = 3,
  HY_ENTITY_STORE       = 4,
  /* The loyalty engine starts at 10, leaving room for other branches' entities. */
  HY_ENTITY_POINTS_ENTRY       = 10,
  HY_ENTITY_STORED_VALUE_ENTRY = 11,
  HY_ENTITY_TIER               = 12,
  HY_ENTITY_TIER_CHANGE        = 13,
} HyEntity;

typedef enum
{
  HY_CHANGE_INSERT = 1,
  HY_CHANGE_UPDATE = 2,
  HY_CHANGE_DELETE = 3,
} HyChangeOp;

gboolean _hy_change_log_append (HyDatabase  *db,
                                HyEntity     entity,
                                gint64       row_id,
                                HyChangeOp   op,
                                GError     **error);
gint64   hy_change_log_get_last_seq (HyDatabase *db);

G_END_DECLS
