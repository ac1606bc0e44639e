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
