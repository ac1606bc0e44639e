/* hy-phone-display.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hy-phone-display.h"
#include "hy-staff.h"

char *
hy_phone_display (HyDatabase *db,
                  const char *normalized)
{
  g_return_val_if_fail (db == NULL || HY_IS_DATABASE (db), NULL);

  if (normalized == NULL || *normalized == '\0')
    return g_strdup ("");
  return hy_staff_show_phone (db != NULL ? hy_staff_get_current (db) : NULL, normalized);
}

gboolean
hy_phone_display_masks (HyDatabase *db)
{
  g_return_val_if_fail (db == NULL || HY_IS_DATABASE (db), FALSE);

  return db != NULL && !hy_staff_can (hy_staff_get_current (db), HY_ACTION_SEE_PHONES);
}
