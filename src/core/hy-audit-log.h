/* hy-audit-log.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hy-database.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  gint64  occurred_at;
  gint64  staff_id;      /* 0: the store's owner, no staff signed in */
  char   *staff_name;
  char   *action;        /* "points.adjust", "coupon.void", "refund", ... */
  char   *target;        /* "member:12", "coupon:3", "sale:40" */
  char   *reason;
  char   *details;       /* a JSON object */
} HyAuditEntry;

void       hy_audit_entry_free (HyAuditEntry  *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyAuditEntry, hy_audit_entry_free)

GPtrArray *hy_audit_log_list   (HyDatabase    *db,
                                gint64         since,
                                GError       **error);

G_END_DECLS
