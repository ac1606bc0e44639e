/* hy-bench.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hy-database.h"

G_BEGIN_DECLS

/* The benchmarks share one demo database per scale, kept in $HY_BENCH_DIR (default: the build
 * directory's bench-data).  Scale: $HY_BENCH_MEMBERS and $HY_BENCH_TRANSACTIONS (defaults
 * 100k and 1M; BENCHMARKS.md has the figures at 1M and 10M).  $HY_BENCH_DB names a database
 * file to use instead (it must exist: it is never created there). */

guint64     hy_bench_members      (void);
guint64     hy_bench_transactions (void);
char       *hy_bench_dir          (void);
char       *hy_bench_db_path      (void);
HyDatabase *hy_bench_open_db      (gboolean     create_if_missing);
double      hy_bench_now          (void);
int         hy_bench_compare_doubles (gconstpointer a,
                                   gconstpointer b);
double      hy_bench_percentile   (GArray      *sorted_ms,
                                   double       p);
void        hy_bench_report       (const char  *name,
                                   double       value,
                                   const char  *unit);

G_END_DECLS
