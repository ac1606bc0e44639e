/* hy-reports.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The printed reports, built from a store database as HyDocuments: the monthly operations
 * report, the RFM report, the lifecycle report, the churn warning call list, a member's
 * statement of points and stored value, and the members per tier.
 */

#pragma once

#include "hy-database.h"
#include "hy-document.h"

G_BEGIN_DECLS

typedef enum
{
  HY_REPORT_MONTHLY,
  HY_REPORT_RFM,
  HY_REPORT_LIFECYCLE,
  HY_REPORT_CALLS,
  HY_REPORT_STATEMENT,
  HY_REPORT_TIERS,
  HY_N_REPORTS
} HyReportKind;

typedef struct
{
  HyReportKind kind;
  const char  *period;        /* "2026-10": that month; NULL or "": the month of today */
  gint64       store_id;      /* 0: every store */
  gint64       member_id;     /* the statement's member */
  gboolean     mask_phones;   /* 138****8000, for clerks */
} HyReportOptions;

HyDocument *hy_report_build             (HyDatabase             *db,
                                         const HyReportOptions  *options,
                                         GError                **error);
/* The call list of a work list (HyWorkItem, in the order given): priority, name, phone (masked
 * as 138****8000 with @mask_phones), every reason, the suggested offer and the due time. */
HyDocument *hy_report_build_call_list   (HyDatabase             *db,
                                         GPtrArray              *items,
                                         gboolean                mask_phones,
                                         GError                **error);
gboolean    hy_report_kind_from_string  (const char             *text,
                                         HyReportKind           *kind);
const char *hy_report_kind_to_string    (HyReportKind            kind);   /* "monthly" */
const char *hy_report_kind_get_title    (HyReportKind            kind);   /* translated */

G_END_DECLS
