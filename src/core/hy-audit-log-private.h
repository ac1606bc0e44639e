/* hy-audit-log-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hy-audit-log.h"
#include "hy-staff.h"

G_BEGIN_DECLS

/* Appends to audit_log inside the caller's transaction, naming the member of staff signed in.
 * @details_json: NULL or a JSON object as text. */
gboolean _hy_audit_append   (HyDatabase   *db,
                             const char   *action,
                             const char   *target,
                             const char   *reason,
                             const char   *details_json,
                             GError      **error);

/* TRUE when whoever is signed in may do @action; otherwise FALSE with HY_ERROR_NOT_ALLOWED. */
gboolean _hy_staff_require  (HyDatabase   *db,
                             HyAction      action,
                             GError      **error);

/* The manager who approved the action that just passed _hy_staff_require (), or NULL. */
const char *_hy_staff_take_approved_by  (HyDatabase *db);
void        _hy_staff_clear_approved_by (HyDatabase *db);

G_END_DECLS
