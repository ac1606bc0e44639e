/* hy-schema-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "HYDB" in the SQLite header's application_id, so that we never mistake another program's
 * database for ours. */
#define HY_SCHEMA_APPLICATION_ID 0x48594442

typedef struct
{
  int         version;
  const char *sql;
  gboolean    rebuilds_tables;  /* runs with foreign keys off, checked before it commits */
} HyMigration;

const HyMigration *_hy_schema_get_migrations (guint *n_migrations);

G_END_DECLS
