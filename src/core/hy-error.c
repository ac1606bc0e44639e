/* hy-error.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hy-error.h"

G_DEFINE_QUARK (hy-error-quark, hy_error)
