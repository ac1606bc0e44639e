/* hy-import-map.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hy-import-private.h"

/* Keys are already well-mixed hashes, so their low bits index the table directly. */

void
_hy_id_map_init (HyIdMap *map)
{
  map->mask = 1023;
  map->len = 0;
  map->keys = g_new0 (guint64, map->mask + 1);
  map->values = g_new0 (gint64, map->mask + 1);
}

void
_hy_id_map_clear (HyIdMap *map)
{
  g_clear_pointer (&map->keys, g_free);
  g_clear_pointer (&map->values, g_free);
  map->mask = 0;
  map->len = 0;
}

gint64 *
_hy_id_map_lookup (HyIdMap *map,
                   guint64  key)
{
  g_assert (key != 0);

  for (gsize i = key & map->mask;; i = (i + 1) & map->mask)
    {
      if (map->keys[i] == key)
        return &map->values[i];
      if (map->keys[i] == 0)
        return NULL;
    }
}

static void
grow (HyIdMap *map)
{
  guint64 *old_keys = map->keys;
  gint64 *old_values = map->values;
  gsize old_size = map->mask + 1;

  map->mask = old_size * 2 - 1;
  map->keys = g_new0 (guint64, map->mask + 1);
  map->values = g_new0 (gint64, map->mask + 1);
  map->len = 0;

  for (gsize i = 0; i < old_size; i++)
    if (old_keys[i] != 0)
      _hy_id_map_insert (map, old_keys[i], old_values[i]);

  g_free (old_keys);
  g_free (old_values);
}

gint64 *
_hy_id_map_insert (HyIdMap *map,
                   guint64  key,
                   gint64   value)
{
  gsize i;

  g_assert (key != 0);

  if ((map->len + 1) * 10 > (map->mask + 1) * 7)
    grow (map);

  for (i = key & map->mask; map->keys[i] != 0 && map->keys[i] != key; i = (i + 1) & map->mask)
    ;
  if (map->keys[i] == 0)
    {
      map->keys[i] = key;
      map->len++;
    }
  map->values[i] = value;

  return &map->values[i];
}
