/* hy-parallel-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*HyRangeFunc) (gsize    begin,
                             gsize    end,
                             gpointer user_data);

/* Calls func on consecutive ranges covering [0, n), one per processor, on that many threads
 * (the caller's among them), and returns when all are done.  Below min_parallel items it is
 * one call on the calling thread.  func must only write to its own range. */
void _hy_parallel_for (gsize       n,
                       gsize       min_parallel,
                       HyRangeFunc func,
                       gpointer    user_data);

G_END_DECLS
