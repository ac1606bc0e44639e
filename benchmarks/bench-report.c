/* bench-report.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The monthly operations report of the last full month, from the shared benchmark database to
 * an A4 PDF: building it (the analysis), laying it out and writing the file.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "hy-bench.h"
#include "hy-reports.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HyDatabase) db = hy_bench_open_db (TRUE);
  g_autoptr(HyDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) last_month = g_date_time_add_months (now, -1);
  g_autofree char *period = g_date_time_format (last_month, "%Y-%m");
  g_autofree char *dir = hy_bench_dir ();
  g_autofree char *pdf = g_build_filename (dir, "monthly-report.pdf", NULL);
  HyReportOptions options = { HY_REPORT_MONTHLY, period };
  double started, built, laid_out, written;
  guint pages;

  started = hy_bench_now ();
  doc = hy_report_build (db, &options, &error);
  if (doc == NULL)
    g_error ("%s", error->message);
  built = hy_bench_now ();
  pages = hy_document_layout (doc, HY_DOCUMENT_A4_WIDTH, HY_DOCUMENT_A4_HEIGHT);
  laid_out = hy_bench_now ();
  if (!hy_document_write_pdf (doc, pdf, &error))
    g_error ("%s", error->message);
  written = hy_bench_now ();

  hy_bench_report ("report: members", hy_bench_members (), "");
  hy_bench_report ("report: monthly, build (analysis)", built - started, "ms");
  hy_bench_report ("report: monthly, layout", laid_out - built, "ms");
  hy_bench_report ("report: monthly, write PDF", written - laid_out, "ms");
  hy_bench_report ("report: monthly, total", written - started, "ms");
  hy_bench_report ("report: pages", pages, "");
  g_unlink (pdf);

  return 0;
}
