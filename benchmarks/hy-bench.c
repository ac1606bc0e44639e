/* hy-bench.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "hy-bench.h"
#include "hy-demo.h"
#include "hy-time.h"

static guint64
env_count (const char *name,
           guint64     fallback)
{
  const char *text = g_getenv (name);

  return text != NULL ? g_ascii_strtoull (text, NULL, 10) : fallback;
}

guint64
hy_bench_members (void)
{
  return env_count ("HY_BENCH_MEMBERS", 100000);
}

guint64
hy_bench_transactions (void)
{
  return env_count ("HY_BENCH_TRANSACTIONS", 1000000);
}

char *
hy_bench_dir (void)
{
  const char *dir = g_getenv ("HY_BENCH_DIR");
  char *path = dir != NULL ? g_strdup (dir) : g_build_filename (BENCH_BUILD_DIR, "bench-data", NULL);

  g_mkdir_with_parents (path, 0700);
  return path;
}

char *
hy_bench_db_path (void)
{
  const char *file = g_getenv ("HY_BENCH_DB");
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;

  if (file != NULL && file[0] != '\0')
    return g_strdup (file);

  dir = hy_bench_dir ();
  name = g_strdup_printf ("demo-%" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT ".huiyuan",
                          hy_bench_members (), hy_bench_transactions ());

  return g_build_filename (dir, name, NULL);
}

/* The shared database: a supermarket with the scale's members and transactions, seed 1, history
 * ending 2026-11-01 so that every run measures the same data. */
HyDatabase *
hy_bench_open_db (gboolean create_if_missing)
{
  g_autofree char *path = hy_bench_db_path ();
  g_autoptr(GError) error = NULL;
  HyDatabase *db;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *partial = g_strconcat (path, ".creating", NULL);
      HyDemoOptions options = {
        .n_members = hy_bench_members (),
        .n_transactions = hy_bench_transactions (),
        .seed = 1,
        .industry = HY_INDUSTRY_SUPERMARKET,
        .end = 1793491200,   /* 2026-11-01 00:00 UTC */
      };

      if (!create_if_missing)
        return NULL;
      if (g_getenv ("HY_BENCH_DB") != NULL && g_getenv ("HY_BENCH_DB")[0] != '\0')
        g_error ("The benchmark database %s does not exist", path);

      g_printerr ("Creating the benchmark database %s…\n", path);
      g_unlink (partial);
      db = hy_database_open (partial, HY_DATABASE_OPEN_CREATE, &error);
      if (db == NULL || !hy_database_set_setting (db, "time_zone", "Asia/Shanghai", &error) ||
          !hy_demo_generate (db, &options, NULL, NULL, NULL, NULL, &error))
        g_error ("Could not create the benchmark database: %s", error->message);
      g_object_unref (db);
      g_rename (partial, path);
    }

  db = hy_database_open (path, HY_DATABASE_OPEN_DEFAULT, &error);
  if (db == NULL)
    g_error ("Could not open %s: %s", path, error->message);

  return db;
}

double
hy_bench_now (void)
{
  return g_get_monotonic_time () / 1000.0;
}

int
hy_bench_compare_doubles (gconstpointer a,
                          gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

double
hy_bench_percentile (GArray *sorted_ms,
                     double  p)
{
  guint index;

  if (sorted_ms->len == 0)
    return 0;

  index = (guint) (p * (sorted_ms->len - 1) + 0.5);
  return g_array_index (sorted_ms, double, index);
}

/* One line per figure: easy to read, easy to grep into BENCHMARKS.md. */
void
hy_bench_report (const char *name,
                 double      value,
                 const char *unit)
{
  printf ("%-44s %12.3f %s\n", name, value, unit);
  fflush (stdout);
}
