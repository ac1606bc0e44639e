/* hy-warnings-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hy-analysis-private.h"
#include "hy-warnings.h"

G_BEGIN_DECLS

/* What a member's warnings depend on besides the member: the value cut of the high priority
 * and the numbers of the categories, as of a full run. */
typedef struct
{
  double     cut;
  GPtrArray *names;
} HyWarningsBasis;

/* hy_warnings_compute (); with use_basis the cut and category numbers come from @basis and
 * each purchase's items are looked up by key (for the few purchases of one member), else they
 * are computed and, when @basis is not NULL, stored there. */
GPtrArray *_hy_warnings_run (HyDatabase                    *db,
                             HyAnalysisData                *data,
                             const HyCustomerModel         *model,
                             HyWarningsBasis               *basis,
                             gboolean                       use_basis,
                             GError                       **error);
void       _hy_warnings_basis_clear (HyWarningsBasis *basis);

G_END_DECLS
