/* hy-store-list.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hy-database.h"

G_BEGIN_DECLS

/* A store of the chain as the database knows it, for choosers. */
typedef struct
{
  gint64  id;
  char   *code;
  char   *name;     /* never empty: the code when the store has no name */
} HyStoreInfo;

void       hy_store_info_free      (HyStoreInfo  *info);
GPtrArray *hy_database_list_stores (HyDatabase   *db,
                                    GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyStoreInfo, hy_store_info_free)

G_END_DECLS
