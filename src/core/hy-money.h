/* hy-money.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Money is always integer minor units (fen, cents).  These are the only ways it turns into text or
 * is split in proportion. */

gint64  hy_money_mul_div (gint64   value,
                          gint64   mul,
                          gint64   div);
char   *hy_money_format  (gint64   minor,
                          gboolean grouping);
char   *hy_count_format  (gint64   count);

G_END_DECLS
