/* bench-app-members.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the Members page waits for: a page of the list in every sort order (first page, a page
 * in the middle as after dragging the scrollbar, pages read in turn as when scrolling), and
 * search as you type, where every keystroke runs the search, counts what it found and reads the
 * first page.  Targets: a keystroke under 50 ms at a million members.  Then a list restricted to
 * a set of ids (a segment, a bin of a dashboard chart), of a tenth and of half the members.
 *
 * With the argument "ids", only the lists of a set of ids are measured.
 *
 * $HY_BENCH_DB names an existing database to use instead of the shared demo one.
 */

#include "config.h"

#include <sqlite3.h>

#include "hy-bench.h"
#include "hy-database-private.h"
#include "hy-member-list.h"
#include "hy-random-private.h"

#define PAGE_SIZE 200
#define N_TYPED   300

static const char *sort_names[HY_N_MEMBER_SORTS] = {
  "name", "joined", "last purchase", "spend", "purchases", "points", "tier", "RFM class", "stage",
};

static void
report_times (const char *name,
              GArray     *times)
{
  g_autofree char *p50 = g_strdup_printf ("%s: p50", name);
  g_autofree char *p99 = g_strdup_printf ("%s: p99", name);
  g_autofree char *max = g_strdup_printf ("%s: max", name);

  g_array_sort (times, hy_bench_compare_doubles);
  hy_bench_report (p50, hy_bench_percentile (times, 0.50), "ms");
  hy_bench_report (p99, hy_bench_percentile (times, 0.99), "ms");
  hy_bench_report (max, hy_bench_percentile (times, 1.0), "ms");
}

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

static double
fetch_page (HyMemberList *list,
            guint64       offset)
{
  double started = hy_bench_now ();
  g_autoptr(GPtrArray) rows = hy_member_list_fetch (list, offset, PAGE_SIZE, NULL, NULL);

  g_assert (rows != NULL);
  return hy_bench_now () - started;
}

static void
measure_sort (HyDatabase   *db,
              HyMemberSort  sort,
              gboolean      descending)
{
  HyMemberListQuery query = { sort, descending, 0, NULL, NULL };
  g_autoptr(GArray) scroll = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(HyMemberList) list = NULL;
  g_autofree char *prefix = g_strdup_printf ("members page: %s %s", sort_names[sort], descending ? "desc" : "asc");
  g_autofree char *count_name = g_strdup_printf ("%s: open and count", prefix);
  g_autofree char *first_name = g_strdup_printf ("%s: first page", prefix);
  g_autofree char *middle_name = g_strdup_printf ("%s: page in the middle", prefix);
  g_autofree char *scroll_name = g_strdup_printf ("%s: scrolling pages", prefix);
  double started = hy_bench_now ();
  guint64 count;

  list = hy_member_list_new (db, &query, NULL, NULL);
  g_assert (list != NULL);
  hy_bench_report (count_name, hy_bench_now () - started, "ms");
  count = hy_member_list_get_count (list);
  hy_bench_report (first_name, fetch_page (list, 0), "ms");
  hy_bench_report (middle_name, fetch_page (list, count / 2), "ms");
  for (guint i = 1; i <= 50; i++)
    {
      double elapsed = fetch_page (list, (guint64) i * PAGE_SIZE);

      g_array_append_val (scroll, elapsed);
    }
  report_times (scroll_name, scroll);
}

/* Every prefix of @typed as a keystroke: search, count, read the first page. */
static void
type_text (HyDatabase *db,
           const char *typed,
           guint       min_chars,
           GArray     *times,
           guint64    *found)
{
  const char *end = typed;
  guint n = 0;

  while (*end != '\0')
    {
      g_autofree char *text = NULL;
      g_autoptr(HyMemberList) list = NULL;
      g_autoptr(GPtrArray) rows = NULL;
      HyMemberListQuery query = { HY_MEMBER_SORT_NAME, FALSE, 0, NULL, NULL };
      double started, elapsed;

      end = g_utf8_next_char (end);
      if (++n < min_chars)
        continue;
      text = g_strndup (typed, end - typed);
      query.search = text;
      started = hy_bench_now ();
      list = hy_member_list_new (db, &query, NULL, NULL);
      g_assert (list != NULL);
      rows = hy_member_list_fetch (list, 0, 50, NULL, NULL);
      elapsed = hy_bench_now () - started;
      g_array_append_val (times, elapsed);
      *found += rows->len > 0;
    }
}

/* One member in @step, in the order of @sort: open (which sorts them all once), first page and a
 * page in the middle; the same within a tier. */
static void
measure_ids (HyDatabase   *db,
             guint         step,
             HyMemberSort  sort)
{
  g_autoptr(GPtrArray) sampled = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM members WHERE id %% %u = 0 ORDER BY id", step);

  sampled = sample_texts (db, sql);
  for (guint i = 0; i < sampled->len; i++)
    {
      gint64 id = g_ascii_strtoll (g_ptr_array_index (sampled, i), NULL, 10);

      g_array_append_val (ids, id);
    }
  for (guint tiered = 0; tiered < 2; tiered++)
    {
      HyMemberListQuery query = { sort, tiered, tiered ? HY_MEMBER_LIST_NO_TIER : 0, NULL, NULL };
      g_autoptr(HyMemberList) list = NULL;
      g_autofree char *prefix = g_strdup_printf ("members page: %u ids, %s%s", ids->len, sort_names[sort],
                                                 tiered ? " desc, no tier" : " asc");
      g_autofree char *open_name = g_strdup_printf ("%s: open and count", prefix);
      g_autofree char *first_name = g_strdup_printf ("%s: first page", prefix);
      g_autofree char *middle_name = g_strdup_printf ("%s: page in the middle", prefix);
      double started;

      query.ids = ids;
      started = hy_bench_now ();
      list = hy_member_list_new (db, &query, NULL, NULL);
      g_assert (list != NULL);
      hy_bench_report (open_name, hy_bench_now () - started, "ms");
      hy_bench_report (first_name, fetch_page (list, 0), "ms");
      hy_bench_report (middle_name, fetch_page (list, hy_member_list_get_count (list) / 2), "ms");
    }
}

static void
measure_all_ids (HyDatabase *db)
{
  static const HyMemberSort id_sorts[] = { HY_MEMBER_SORT_NAME, HY_MEMBER_SORT_SPEND, HY_MEMBER_SORT_STAGE };

  for (guint i = 0; i < G_N_ELEMENTS (id_sorts); i++)
    {
      measure_ids (db, 10, id_sorts[i]);
      measure_ids (db, 2, id_sorts[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(GPtrArray) phones = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GArray) phone_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) name_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  guint64 found = 0;
  HyRandom rng;

  if (g_getenv ("HY_BENCH_DB") != NULL)
    {
      if (!(db = hy_database_open (g_getenv ("HY_BENCH_DB"), HY_DATABASE_OPEN_DEFAULT, &error)))
        g_error ("Could not open %s: %s", g_getenv ("HY_BENCH_DB"), error->message);
    }
  else
    db = hy_bench_open_db (TRUE);

  hy_random_init (&rng, 11);
  if (argc > 1 && g_str_equal (argv[1], "ids"))
    {
      measure_all_ids (db);
      return 0;
    }
  hy_bench_report ("members page: members", hy_member_list_get_count (hy_member_list_new (db, &(HyMemberListQuery) { 0 }, NULL, NULL)), "");
  for (guint sort = 0; sort < HY_N_MEMBER_SORTS; sort++)
    {
      measure_sort (db, sort, FALSE);
      measure_sort (db, sort, TRUE);
    }

  /* A middle part of a phone number, typed one digit at a time from the third: the digits
   * after the network prefix, as a clerk reads them off a receipt. */
  phones = sample_texts (db, "SELECT substr (value, 7, 4 + abs (random ()) % 5) FROM member_identities"
                             " WHERE kind = 'phone' AND value LIKE '+86%' ORDER BY random () LIMIT " G_STRINGIFY (N_TYPED));
  for (guint i = 0; i < phones->len; i++)
    type_text (db, g_ptr_array_index (phones, i), 3, phone_times, &found);
  report_times ("members search: keystroke, middle of a phone", phone_times);
  hy_bench_report ("members search: keystrokes with a result (phone)", 100.0 * found / MAX (phone_times->len, 1), "%");

  found = 0;
  names = sample_texts (db, "SELECT name FROM members WHERE name <> '' ORDER BY random () LIMIT " G_STRINGIFY (N_TYPED));
  for (guint i = 0; i < names->len; i++)
    type_text (db, g_ptr_array_index (names, i), 1, name_times, &found);
  report_times ("members search: keystroke, name", name_times);
  hy_bench_report ("members search: keystrokes with a result (name)", 100.0 * found / MAX (name_times->len, 1), "%");

  measure_all_ids (db);
  return 0;
}
