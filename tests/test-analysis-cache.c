/* test-analysis-cache.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "hy-analysis-cache-private.h"
#include "hy-database-private.h"
#include "hy-demo.h"
#include "hy-member-store.h"
#include "hy-purchase-store.h"
#include "hy-test-util.h"
#include "hy-time.h"
#include "hy-warnings.h"

/* Purchase k's categories as text: from the loaded columns, or else from its items (@items:
 * their categories by transaction id). */
static void
append_categories (const HyAnalysisData *data,
                   gsize                 k,
                   sqlite3_stmt         *items,
                   GString              *out)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);

  if (data->cat_start != NULL)
    {
      for (guint32 c = data->cat_start[k]; c < data->cat_start[k + 1]; c++)
        g_string_append_printf (out, ",%s", (const char *) g_ptr_array_index (data->cat_names, data->cat[c]));
      return;
    }
  sqlite3_bind_int64 (items, 1, data->txn_id[k]);
  while (sqlite3_step (items) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (items, 0);

      if (!g_ptr_array_find_with_equal_func (seen, name, g_str_equal, NULL))
        {
          g_ptr_array_add (seen, g_strdup (name));
          g_string_append_printf (out, ",%s", name);
        }
    }
  sqlite3_reset (items);
}

/* Everything a load and the warnings give, as text. */
static char *
describe (HyTestFixture *fixture,
          gboolean       use_cache,
          gint64         store_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HyAnalysisData) data = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  GString *out = g_string_new (NULL);
  sqlite3_stmt *items = NULL;
  gint32 as_of = hy_time_ymd_to_day (2026, 10, 31);

  _hy_analysis_use_cache = use_cache;
  data = hy_analysis_data_load (fixture->db, as_of, store_id, &error);
  g_assert_no_error (error);
  warnings = hy_warnings_compute (fixture->db, data, NULL, &error);
  g_assert_no_error (error);
  _hy_analysis_use_cache = TRUE;

  g_assert_cmpint (sqlite3_prepare_v2 (_hy_database_get_handle (fixture->db),
                                       "SELECT category FROM transaction_items"
                                       " WHERE transaction_id = ?1 AND category <> '' ORDER BY line",
                                       -1, &items, NULL), ==, SQLITE_OK);
  g_string_append_printf (out, "%zu %zu %zu %d\n", data->n_members, data->n_purchases,
                          data->n_walk_in_days, data->walk_in_first_day);
  for (gsize d = 0; d < data->n_walk_in_days; d++)
    g_string_append_printf (out, "w %lld\n", (long long) data->walk_in_value[d]);
  for (gsize i = 0; i < data->n_members; i++)
    {
      if (i > 0)
        g_assert_cmpint (data->member_id[i - 1], <, data->member_id[i]);
      g_string_append_printf (out, "m %lld %d:", (long long) data->member_id[i], data->joined_day[i]);
      for (guint32 k = data->offsets[i]; k < data->offsets[i + 1]; k++)
        {
          g_string_append_printf (out, " %d/%lld", data->day[k], (long long) data->value[k]);
          append_categories (data, k, items, out);
        }
      g_string_append_c (out, '\n');
    }
  for (guint k = 0; k < warnings->len; k++)
    {
      HyWarning *w = g_ptr_array_index (warnings, k);

      g_string_append_printf (out, "%lld %d %d %.17g %s\n", (long long) w->member_id, w->rule,
                              w->priority, w->value, hy_warning_get_reason (w));
    }
  sqlite3_finalize (items);
  return g_string_free (out, FALSE);
}

static void
assert_cache_exact (HyTestFixture *fixture)
{
  g_autofree char *fresh = describe (fixture, FALSE, 0);
  g_autofree char *cached = describe (fixture, TRUE, 0);
  g_autofree char *fresh_store = describe (fixture, FALSE, 1);
  g_autofree char *cached_store = describe (fixture, TRUE, 1);
  g_autofree char *cached_threads = NULL;
  gsize saved = _hy_analysis_min_parallel;
  gsize saved_bytes = _hy_analysis_cache_parallel_bytes;

  g_assert_cmpstr (cached, ==, fresh);
  g_assert_cmpstr (cached_store, ==, fresh_store);

  /* The parts read on two connections (once there are two) and the sales grouped by ranges on
   * threads of their own, as many as the processors, and more (ranges that end inside a
   * member's history, a part, a refunded sale's run). */
  _hy_analysis_min_parallel = 1;
  _hy_analysis_cache_parallel_bytes = 0;
  cached_threads = describe (fixture, TRUE, 0);
  _hy_analysis_min_parallel = saved;
  _hy_analysis_cache_parallel_bytes = saved_bytes;
  g_assert_cmpstr (cached_threads, ==, fresh);
  for (guint ranges = 2; ranges <= 7; ranges += 5)
    {
      g_autofree char *by_ranges = NULL;

      _hy_analysis_group_ranges = ranges;
      by_ranges = describe (fixture, TRUE, 0);
      _hy_analysis_group_ranges = 0;
      g_assert_cmpstr (by_ranges, ==, fresh);
    }
}

static gint64
count_rows (HyTestFixture *fixture,
            const char    *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (_hy_database_get_handle (fixture->db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* The cached analysis equals one from the tables: written, then after a sale, a refund and a
 * merge (which rebuilds it). */
static void
test_cache_exact (HyTestFixture *fixture,
                  gconstpointer  user_data)
{
  HyDemoOptions options = {
    .n_members = 400,
    .n_transactions = 8000,
    .seed = 3,
    .industry = HY_INDUSTRY_SUPERMARKET,
    .end = 1793491200,
  };
  g_autoptr(GError) error = NULL;
  HyRefund refund = { 0 };
  gint64 member, other, sale;

  _hy_analysis_cache_min_tail = 0;
  hy_demo_generate (fixture->db, &options, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_cache_exact (fixture);
  g_assert_cmpint (count_rows (fixture, "SELECT count (*) FROM analysis_cache"), >, 0);
  g_assert_cmpint (count_rows (fixture, "SELECT last_id FROM analysis_cache_state"), ==,
                   count_rows (fixture, "SELECT max (id) FROM transactions"));

  member = count_rows (fixture, "SELECT member_id FROM transactions WHERE member_id IS NOT NULL"
                                " ORDER BY id DESC LIMIT 1");
  sale = hy_test_sell (fixture, member, "2024-06-01 10:00", 4321);
  assert_cache_exact (fixture);
  g_assert_cmpint (count_rows (fixture, "SELECT last_id FROM analysis_cache_state"), ==, sale);

  refund.sale_id = sale;
  hy_purchase_store_refund (fixture->purchases, &refund, NULL, &error);
  g_assert_no_error (error);
  assert_cache_exact (fixture);

  other = count_rows (fixture, "SELECT member_id FROM transactions WHERE member_id IS NOT NULL"
                               " AND member_id <> (SELECT max (member_id) FROM transactions)"
                               " ORDER BY id LIMIT 1");
  g_assert_true (hy_member_store_merge (fixture->members, member, other, "test", "duplicate", &error));
  g_assert_no_error (error);
  assert_cache_exact (fixture);

  /* A sale with categories far back in a long history: its categories move with it. */
  {
    static const HyLineItem items[] = {
      { "T-1", "Tea", "测试类", 1, 1200, 0 },
      { "T-2", "Cake", "Bakery", 2, 800, 0 },
      { "T-3", "Tea", "测试类", 1, 1200, 0 },
    };
    HySale early = {
      .member_id = other,
      .occurred_at = hy_test_local_time (fixture->db, "2019-01-02 09:00"),
      .items = items,
      .n_items = G_N_ELEMENTS (items),
    };

    g_assert_cmpint (hy_purchase_store_record_sale (fixture->purchases, &early, NULL, &error), >, 0);
    g_assert_no_error (error);
    assert_cache_exact (fixture);
  }

  /* Ids far apart (rows imported with their own ids) load in id order all the same. */
  {
    g_autoptr(HyAnalysisData) data = NULL;

    g_assert_cmpint (sqlite3_exec (_hy_database_get_handle (fixture->db),
                                   "INSERT INTO members (id, uid, name, joined_at, created_at, updated_at)"
                                   " VALUES (50000000, randomblob (16), 'Far', 1700000000, 1700000000, 1700000000)",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    assert_cache_exact (fixture);
    data = hy_analysis_data_load (fixture->db, hy_time_ymd_to_day (2026, 10, 31), 0, &error);
    g_assert_no_error (error);
    g_assert_cmpint (data->member_id[data->n_members - 1], ==, 50000000);
    g_assert_cmpint (data->n_members, ==,
                     count_rows (fixture, "SELECT count (*) FROM members WHERE merged_into IS NULL"));
  }

  /* A tail too short to write is read from the tables and still counts. */
  _hy_analysis_cache_min_tail = 1000;
  hy_test_sell (fixture, member, "2024-06-01 11:00", 999);
  assert_cache_exact (fixture);
  _hy_analysis_cache_min_tail = 10000;
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  HY_TEST_ADD ("/core/analysis-cache/exact", test_cache_exact);

  return g_test_run ();
}
