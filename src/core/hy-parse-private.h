/* hy-parse-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Values longer than this once folded are not amounts, dates or quantities. */
#define HY_PARSE_MAX_TEXT 128

char    *_hy_parse_fold  (const char *text,
                          char       *buf,
                          gsize       buf_size);
char    *_hy_parse_quote (const char *text);
gboolean _hy_parse_eat   (const char **p,
                          const char  *word);

G_END_DECLS
