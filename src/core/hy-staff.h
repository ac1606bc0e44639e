/* hy-staff.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hy-database.h"

G_BEGIN_DECLS

/* Stored by name in staff.role. */
typedef enum
{
  HY_STAFF_MANAGER,
  HY_STAFF_CLERK,
} HyStaffRole;

/* What a member of staff may be asked to do.  A clerk needs a manager for every action from
 * HY_ACTION_ADJUST_POINTS on. */
typedef enum
{
  HY_ACTION_CHECKOUT,
  HY_ACTION_ISSUE_COUPON,
  HY_ACTION_ADJUST_POINTS,
  HY_ACTION_REFUND,
  HY_ACTION_VOID_COUPON,
  HY_ACTION_MERGE,
  HY_ACTION_EXPORT,
  HY_ACTION_MANAGE_STAFF,
  HY_ACTION_SEE_PHONES,
  HY_ACTION_READ_AUDIT,
} HyAction;

typedef struct
{
  gint64       id;
  char        *name;
  HyStaffRole  role;
  gint64       created_at;
  gint64       removed_at;   /* 0: still on the staff */
} HyStaff;

HyStaff     *hy_staff_copy              (const HyStaff  *staff);
void         hy_staff_free              (HyStaff        *staff);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyStaff, hy_staff_free)

const char  *hy_staff_role_to_string    (HyStaffRole     role);
gboolean     hy_staff_role_from_string  (const char     *text,
                                         HyStaffRole    *out);
const char  *hy_action_to_string        (HyAction        action);

gboolean     hy_staff_can               (const HyStaff  *staff,
                                         HyAction        action);
char        *hy_staff_show_phone        (const HyStaff  *staff,
                                         const char     *normalized);

gint64       hy_staff_add               (HyDatabase     *db,
                                         const char     *name,
                                         HyStaffRole     role,
                                         const char     *secret,
                                         GError        **error);
gboolean     hy_staff_set_secret        (HyDatabase     *db,
                                         const char     *name,
                                         const char     *secret,
                                         GError        **error);
gboolean     hy_staff_remove            (HyDatabase     *db,
                                         const char     *name,
                                         const char     *reason,
                                         GError        **error);
GPtrArray   *hy_staff_list              (HyDatabase     *db,
                                         gboolean        with_removed,
                                         GError        **error);
HyStaff     *hy_staff_verify            (HyDatabase     *db,
                                         const char     *name,
                                         const char     *secret,
                                         GError        **error);

/* Who works on @db from now on: the core checks their role before every action that needs a
 * manager and names them in the audit log.  NULL (the default) is the store's owner, who may do
 * everything. */
void           hy_staff_sign_in         (HyDatabase     *db,
                                         const HyStaff  *staff);
const HyStaff *hy_staff_get_current     (HyDatabase     *db);

/* A manager's approval, at that moment, of one @action the clerk signed in on @db may not do
 * alone.  Checks @manager_name's PIN and role, writes "staff.approve" to the audit log (the
 * clerk as staff, the action as target, details.approved_by the manager) and lets the next
 * check of @action on @db pass once; the audit entry that action writes carries approved_by
 * too.  Returns the manager, or NULL with HY_ERROR_NOT_ALLOWED (wrong PIN, not a manager) or
 * HY_ERROR_NOT_FOUND. */
HyStaff       *hy_staff_approve         (HyDatabase     *db,
                                         const char     *manager_name,
                                         const char     *secret,
                                         HyAction        action,
                                         GError        **error);

/* Who works on one connection, carried to another: a worker thread's own connection then acts
 * for the person signed in on the window's, and checks and audits as it would.  A manager's
 * approval waiting on @db goes with the session (it is taken from @db, so it still lets one
 * action pass, on whichever connection applies the session first). */
typedef struct _HyStaffSession HyStaffSession;

HyStaffSession *hy_staff_session_take  (HyDatabase     *db);
/* Signs in on @db whoever the session names (NULL: the owner) and hands it the approval the
 * session carries, if any; a session applied again carries none.  @session may be NULL: the
 * owner, no approval. */
void            hy_staff_session_apply (HyStaffSession *session,
                                        HyDatabase     *db);
void            hy_staff_session_free  (HyStaffSession *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyStaffSession, hy_staff_session_free)

G_END_DECLS
