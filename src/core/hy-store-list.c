/* hy-store-list.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-database-private.h"
#include "hy-store-list.h"

void
hy_store_info_free (HyStoreInfo *info)
{
  g_free (info->code);
  g_free (info->name);
  g_free (info);
}

/* Every store, by code, as HyStoreInfo. */
GPtrArray *
hy_database_list_stores (HyDatabase  *db,
                         GError     **error)
{
  static const char select_stores[] = "SELECT id, code, name FROM stores ORDER BY code, id";
  g_autoptr(GPtrArray) stores = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_store_info_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);

  if (!(stmt = _hy_database_prepare (db, select_stores, error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HyStoreInfo *info = g_new0 (HyStoreInfo, 1);
      const char *name = _hy_column_text (stmt, 2);

      info->id = sqlite3_column_int64 (stmt, 0);
      info->code = g_strdup (_hy_column_text (stmt, 1));
      info->name = g_strdup (name != NULL && *name != '\0' ? name : info->code);
      g_ptr_array_add (stores, info);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not list the stores"));
      return NULL;
    }

  return g_steal_pointer (&stores);
}
