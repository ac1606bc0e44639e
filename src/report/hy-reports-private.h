/* hy-reports-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the report builders of hy-reports.c and hy-report-*.c share.
 */

#pragma once

#include "hy-analysis.h"
#include "hy-chart.h"
#include "hy-customer-model.h"
#include "hy-reports.h"

G_BEGIN_DECLS

/* What every report needs: the period, the store's name and currency, the analysis data. */
typedef struct
{
  HyDatabase     *db;
  HyDocument     *doc;
  gint32          start;      /* first day of the month */
  gint32          end;        /* its last day, or today when the month is not over */
  gint32          prev_start;
  gint32          prev_end;
  char           *currency;
  HyAnalysisData *data;
  HyCustomerModel model;
  gboolean        has_model;
} Report;

typedef struct
{
  HyBarChart  chart;
  HyBar      *bars;
  GPtrArray  *strings;
} BarsData;

char        *_hy_report_money     (Report     *report,
                                   gint64      minor);
char        *_hy_report_percent   (double      share);
/* Adds @text to @strings, which frees it, and returns it. */
const char  *_hy_report_keep      (GPtrArray  *strings,
                                   char       *text);
BarsData    *_hy_report_bars_new  (const char *title,
                                   guint       n);
/* Adds the chart to the report's document, which owns @bars from then on. */
void         _hy_report_add_bars  (Report     *report,
                                   BarsData   *bars);

/* hy-report-tiers.c */
gboolean     _hy_report_add_tiers (Report     *report,
                                   GError    **error);

G_END_DECLS
