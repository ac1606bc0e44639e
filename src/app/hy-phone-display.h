/* hy-phone-display.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hy-database.h"

G_BEGIN_DECLS

/* A stored phone as the member of staff signed in on @db may see it: whole for a manager or
 * when nobody signs in, 138****8000 for a clerk.  NULL or "" gives "". */
char     *hy_phone_display        (HyDatabase *db,
                                   const char *normalized);
/* TRUE when whoever is signed in on @db sees phones masked. */
gboolean  hy_phone_display_masks  (HyDatabase *db);

G_END_DECLS
