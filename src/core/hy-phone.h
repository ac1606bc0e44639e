/* hy-phone.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *hy_phone_normalize (const char  *text,
                          GError     **error);
gboolean hy_phone_is_normalized (const char *text);
char *hy_phone_format    (const char  *normalized);
char *hy_phone_mask      (const char  *normalized);
char *hy_phone_search_key (const char *text);

G_END_DECLS
