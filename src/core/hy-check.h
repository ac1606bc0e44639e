/* hy-check.h
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
  HY_CHECK_DEFAULT = 0,
  HY_CHECK_FULL    = 1 << 0,  /* PRAGMA integrity_check instead of quick_check */
} HyCheckFlags;

typedef struct
{
  char *area;      /* "integrity", "foreign-keys", "aggregates", "members", "transactions", ... */
  char *message;
} HyCheckProblem;

typedef struct
{
  GPtrArray *problems;          /* HyCheckProblem */
  guint64    n_problems;        /* can be more than problems->len: details stop at a limit */
  guint64    members_checked;
  guint64    transactions_checked;
} HyCheckReport;

gboolean hy_database_check         (HyDatabase      *db,
                                    HyCheckFlags     flags,
                                    HyCheckReport  **report,
                                    HyProgressFunc   progress,
                                    gpointer         progress_data,
                                    GCancellable    *cancellable,
                                    GError         **error);
void     hy_check_report_free      (HyCheckReport   *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyCheckReport, hy_check_report_free)

G_END_DECLS
