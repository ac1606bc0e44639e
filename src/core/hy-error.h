/* hy-error.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HY_ERROR (hy_error_quark ())

/* Every failure the core reports to a caller.  The message always says what went wrong in words a
 * store manager can act on; the code is for the caller to branch on. */
typedef enum
{
  HY_ERROR_FAILED,          /* anything not covered below */
  HY_ERROR_INVALID,         /* bad input: a field, a value, a row */
  HY_ERROR_NOT_FOUND,       /* no such member, transaction, file */
  HY_ERROR_CONFLICT,        /* would break a uniqueness rule (an identity held by someone else) */
  HY_ERROR_DATABASE,        /* SQLite said no */
  HY_ERROR_NOT_A_DATABASE,  /* the file is not a Huiyuan database */
  HY_ERROR_CORRUPT,         /* the database file is damaged */
  HY_ERROR_TOO_NEW,         /* written by a newer Huiyuan */
  HY_ERROR_BUSY,            /* another program holds the database */
  HY_ERROR_READ_ONLY,       /* the file or directory cannot be written */
  HY_ERROR_PARTIAL,         /* an import found bad rows and wrote nothing */
  HY_ERROR_INCONSISTENT,    /* a check found balances or aggregates that do not add up */
  HY_ERROR_NEEDS_UPGRADE,   /* written by an older Huiyuan; opening it read-only cannot upgrade it */
  HY_ERROR_NOT_ALLOWED,     /* the member of staff signed in may not do this, or gave a wrong PIN */
} HyError;

GQuark hy_error_quark (void);

G_END_DECLS
