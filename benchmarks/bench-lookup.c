/* bench-lookup.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a clerk waits for at the till: finding a member by phone, and search as you type by the
 * start of a phone number or a name.  Target: p99 under 5 ms at a million members.
 */

#include "config.h"

#include <sqlite3.h>

#include "hy-bench.h"
#include "hy-database-private.h"
#include "hy-member-store.h"
#include "hy-random-private.h"

#define N_LOOKUPS 20000

static GPtrArray *
sample_texts (HyDatabase *db,
              const char *sql)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (_hy_database_get_handle (db), sql, -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (texts, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  return texts;
}

static void
measure (const char    *name,
         HyMemberStore *store,
         GPtrArray     *queries,
         gboolean       exact_phone)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  guint64 found = 0;

  for (guint i = 0; i < queries->len; i++)
    {
      const char *query = g_ptr_array_index (queries, i);
      double started = hy_bench_now ();
      double elapsed;

      if (exact_phone)
        found += hy_member_store_find (store, HY_IDENTITY_PHONE, query, NULL) > 0;
      else
        {
          g_autoptr(GArray) results = hy_member_store_search (store, query, 50, NULL);

          found += results->len > 0;
        }
      elapsed = hy_bench_now () - started;
      g_array_append_val (times, elapsed);
    }

  g_array_sort (times, hy_bench_compare_doubles);
  {
    g_autofree char *p50 = g_strdup_printf ("%s: p50", name);
    g_autofree char *p99 = g_strdup_printf ("%s: p99", name);
    g_autofree char *max = g_strdup_printf ("%s: max", name);
    g_autofree char *hits = g_strdup_printf ("%s: queries with a result", name);

    hy_bench_report (p50, hy_bench_percentile (times, 0.50), "ms");
    hy_bench_report (p99, hy_bench_percentile (times, 0.99), "ms");
    hy_bench_report (max, hy_bench_percentile (times, 1.0), "ms");
    hy_bench_report (hits, 100.0 * found / queries->len, "%");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HyDatabase) db = hy_bench_open_db (TRUE);
  g_autoptr(HyMemberStore) store = hy_member_store_new (db);
  g_autoptr(GPtrArray) phones = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) phone_prefixes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) name_prefixes = g_ptr_array_new_with_free_func (g_free);
  HyRandom rng;

  hy_random_init (&rng, 7);
  phones = sample_texts (db, "SELECT substr (value, 4) FROM member_identities WHERE kind = 'phone' ORDER BY random () LIMIT 20000");
  names = sample_texts (db, "SELECT name FROM members WHERE name <> '' ORDER BY random () LIMIT 20000");

  /* What people type: 3 to 8 leading digits, or the surname and maybe one more character. */
  for (guint i = 0; i < phones->len; i++)
    {
      const char *phone = g_ptr_array_index (phones, i);

      g_ptr_array_add (phone_prefixes, g_strndup (phone, 3 + hy_random_below (&rng, 6)));
    }
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      const char *second = g_utf8_next_char (name);

      g_ptr_array_add (name_prefixes, g_strndup (name, (hy_random_below (&rng, 2) ? g_utf8_next_char (second) : second) - name));
    }

  hy_bench_report ("lookup: members", hy_member_store_count (store), "");
  measure ("lookup: phone, exact", store, phones, TRUE);
  measure ("lookup: search, phone prefix", store, phone_prefixes, FALSE);
  measure ("lookup: search, name prefix", store, name_prefixes, FALSE);
  return 0;
}
