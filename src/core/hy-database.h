/* hy-database.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  HY_DATABASE_OPEN_DEFAULT   = 0,
  HY_DATABASE_OPEN_CREATE    = 1 << 0, /* create the file if it does not exist */
  HY_DATABASE_OPEN_READ_ONLY = 1 << 1, /* never write: no migrations, no WAL switch */
  HY_DATABASE_OPEN_SMALL_CACHE = 1 << 2, /* short look-ups that live long: an 8 MB page cache */
} HyDatabaseOpenFlags;

#define HY_TYPE_DATABASE (hy_database_get_type ())

G_DECLARE_FINAL_TYPE (HyDatabase, hy_database, HY, DATABASE, GObject)

HyDatabase *hy_database_open                (const char           *path,
                                             HyDatabaseOpenFlags   flags,
                                             GError              **error);
const char *hy_database_get_path            (HyDatabase           *self);
int         hy_database_get_schema_version  (HyDatabase           *self);
int         hy_database_get_latest_version  (void);
gboolean    hy_database_is_remote           (HyDatabase           *self);
const char *hy_database_get_warning         (HyDatabase           *self);
const char *hy_database_get_store_uid       (HyDatabase           *self);
GTimeZone  *hy_database_get_time_zone       (HyDatabase           *self);
gint64      hy_database_get_default_store   (HyDatabase           *self);

char       *hy_database_dup_setting         (HyDatabase           *self,
                                             const char           *key);
gboolean    hy_database_set_setting         (HyDatabase           *self,
                                             const char           *key,
                                             const char           *value,
                                             GError              **error);

gboolean    hy_database_begin               (HyDatabase           *self,
                                             GError              **error);
gboolean    hy_database_commit              (HyDatabase           *self,
                                             GError              **error);
void        hy_database_rollback            (HyDatabase           *self);

typedef void (*HyProgressFunc) (guint64  done,
                                guint64  total,
                                gpointer user_data);

gboolean    hy_database_backup              (HyDatabase           *self,
                                             const char           *dest_path,
                                             HyProgressFunc        progress,
                                             gpointer              progress_data,
                                             GCancellable         *cancellable,
                                             GError              **error);

gboolean    hy_path_is_on_remote_filesystem (const char           *path);
gboolean    hy_filesystem_type_is_remote    (const char           *fs_type);

G_END_DECLS
