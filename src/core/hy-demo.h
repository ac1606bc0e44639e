/* hy-demo.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hy-database.h"
#include "hy-industry.h"

G_BEGIN_DECLS

typedef struct
{
  guint64    n_members;
  guint64    n_transactions;  /* sales, walk-in sales and refunds together */
  guint64    seed;
  HyIndustry industry;
  guint      n_stores;        /* 0: the industry's usual number */
  guint      years;           /* length of the history; 0: 3 years */
  gint64     end;             /* the last moment of the history; 0: now */
  gboolean   dirty;           /* add the data-quality problems real stores have */
} HyDemoOptions;

typedef struct
{
  guint64 members;
  guint64 sales;
  guint64 walk_ins;
  guint64 refunds;
  guint64 duplicates;
  guint64 unnamed;
} HyDemoResult;

gboolean hy_demo_generate (HyDatabase           *db,
                           const HyDemoOptions  *options,
                           HyDemoResult         *result,
                           HyProgressFunc        progress,
                           gpointer              progress_data,
                           GCancellable         *cancellable,
                           GError              **error);

G_END_DECLS
