/* hy-export.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hy-database.h"

G_BEGIN_DECLS

typedef enum
{
  HY_EXPORT_MEMBERS,
  HY_EXPORT_TRANSACTIONS,
} HyExportKind;

typedef struct
{
  HyExportKind  kind;
  gboolean      bom;              /* for Excel */
  gboolean      chinese_headers;  /* 手机号, 姓名, ... instead of phone, name, ... */
  GArray       *member_ids;       /* gint64; NULL: everyone */
} HyExportOptions;

gboolean hy_export_run (HyDatabase             *db,
                        const char             *path,
                        const HyExportOptions  *options,
                        guint64                *out_rows,
                        HyProgressFunc          progress,
                        gpointer                progress_data,
                        GCancellable           *cancellable,
                        GError                **error);

G_END_DECLS
