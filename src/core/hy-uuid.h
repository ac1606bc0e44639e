/* hy-uuid.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HY_UUID_STRING_LEN 36

void     hy_uuid_generate  (guint8       uuid[16]);
void     hy_uuid_to_string (const guint8 uuid[16],
                            char         out[HY_UUID_STRING_LEN + 1]);
gboolean hy_uuid_parse     (const char  *text,
                            guint8       uuid[16]);

G_END_DECLS
