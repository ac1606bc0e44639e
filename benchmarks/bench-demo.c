/* bench-demo.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How long demo data of the benchmark scale takes to generate, and how large the database is.
 * The database it makes becomes the shared benchmark database.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "hy-bench.h"
#include "hy-demo.h"
#include "hy-summary.h"

int
main (int   argc,
      char *argv[])
{
  g_autofree char *path = hy_bench_db_path ();
  g_autofree char *fresh = g_strconcat (path, ".fresh", NULL);
  g_autoptr(GError) error = NULL;
  HyDemoOptions options = {
    .n_members = hy_bench_members (),
    .n_transactions = hy_bench_transactions (),
    .seed = 1,
    .industry = HY_INDUSTRY_SUPERMARKET,
    .end = 1793491200,
  };
  HyDatabase *db;
  HySummary summary;
  double started, seconds;

  g_unlink (fresh);
  db = hy_database_open (fresh, HY_DATABASE_OPEN_CREATE, &error);
  if (db == NULL || !hy_database_set_setting (db, "time_zone", "Asia/Shanghai", &error))
    g_error ("%s", error->message);

  started = hy_bench_now ();
  if (!hy_demo_generate (db, &options, NULL, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
  seconds = (hy_bench_now () - started) / 1000.0;

  hy_database_summarize (db, &summary, NULL);
  g_object_unref (db);

  hy_bench_report ("demo: members", options.n_members, "");
  hy_bench_report ("demo: transactions", options.n_transactions, "");
  hy_bench_report ("demo: generation time", seconds, "s");
  hy_bench_report ("demo: transactions per second", options.n_transactions / seconds, "/s");
  hy_bench_report ("demo: database size", summary.file_size / 1e6, "MB");

  /* Keep it as the shared benchmark database. */
  g_rename (fresh, path);
  return 0;
}
