/* test-member-list.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hy-database-private.h"
#include "hy-lifecycle.h"
#include "hy-member-analysis.h"
#include "hy-member-list.h"
#include "hy-rfm.h"
#include "hy-points-ledger.h"
#include "hy-test-util.h"
#include "hy-tier-store.h"
#include "hy-time.h"

/* Five members:
 *
 *   id  name   phone           spend  sales  points  tier     tags
 *   a   Anna   13800138000     300    2      50      Gold     vip
 *   b   Bo     13912345678     100    1      0       Silver
 *   c   Chen   18600001380     0      0      20      -        vip
 *   d   Dai    13800999999     500    1      0       Gold
 *   e   Eve    (merged into d) */
typedef struct
{
  gint64 a, b, c, d, e;
  gint64 silver, gold;
} People;

static void
evaluate (HyTierStore *tiers,
          gint64       member_id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hy_tier_store_evaluate_member (tiers, member_id, NULL, &error));
  g_assert_no_error (error);
}

static void
people_add (HyTestFixture *fixture,
            People        *p)
{
  g_autoptr(HyTierStore) tiers = hy_tier_store_new (fixture->db);
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(GError) error = NULL;

  hy_time_set_now (hy_test_local_time (fixture->db, "2024-06-01 12:00"));
  hy_test_define_tier (fixture->db, 0, "Member", 0);
  p->silver = hy_test_define_tier (fixture->db, 1, "Silver", 10000);
  p->gold = hy_test_define_tier (fixture->db, 2, "Gold", 30000);

  p->a = hy_test_add_member (fixture, "Anna", "13800138000");
  p->b = hy_test_add_member (fixture, "Bo", "13912345678");
  p->c = hy_test_add_member (fixture, "Chen", "18600001380");
  p->d = hy_test_add_member (fixture, "Dai", "13800999999");
  p->e = hy_test_add_member (fixture, "Eve", "13700000000");

  hy_test_sell (fixture, p->a, "2024-05-01 10:00", 10000);
  hy_test_sell (fixture, p->a, "2024-05-20 10:00", 20000);
  hy_test_sell (fixture, p->b, "2024-05-10 10:00", 10000);
  hy_test_sell (fixture, p->d, "2024-04-01 10:00", 50000);
  evaluate (tiers, p->a);
  evaluate (tiers, p->b);
  evaluate (tiers, p->c);
  evaluate (tiers, p->d);

  g_assert_cmpint (hy_points_ledger_adjust (points, p->a, 50, "welcome", "t-a", NULL, &error), >, 0);
  g_assert_cmpint (hy_points_ledger_adjust (points, p->c, 20, "welcome", "t-c", NULL, &error), >, 0);
  g_assert_true (hy_member_store_add_tag (fixture->members, p->a, "vip", &error));
  g_assert_true (hy_member_store_add_tag (fixture->members, p->c, "vip", &error));
  g_assert_true (hy_member_store_merge (fixture->members, p->d, p->e, NULL, "duplicate", &error));
  g_assert_no_error (error);
}

/* The ids @query lists as "a b c", by the letters of People. */
static char *
list_query (HyTestFixture           *fixture,
            const People            *p,
            const HyMemberListQuery *query,
            guint64                 *out_count)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HyMemberList) list = hy_member_list_new (fixture->db, query, NULL, &error);
  g_autoptr(GArray) ids = NULL;
  GString *letters = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (list);
  *out_count = hy_member_list_get_count (list);
  ids = hy_member_list_fetch_ids (list, 0, 100, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      char letter = id == p->a ? 'a' : id == p->b ? 'b' : id == p->c ? 'c' : id == p->d ? 'd' :
                    id == p->e ? 'e' : '?';

      g_string_append_printf (letters, "%s%c", i > 0 ? " " : "", letter);
    }
  g_assert_cmpuint (ids->len, ==, *out_count);
  return g_string_free (letters, FALSE);
}

#define ASSERT_LIST(sort, desc, tier, tag, search, expected) \
  G_STMT_START { \
    HyMemberListQuery query_ = { sort, desc, tier, tag, search }; \
    guint64 count_; \
    g_autofree char *got_ = list_query (fixture, &p, &query_, &count_); \
    g_assert_cmpstr (got_, ==, expected); \
  } G_STMT_END

static void
test_member_list_sorts (HyTestFixture *fixture,
                        gconstpointer  data)
{
  People p;

  people_add (fixture, &p);

  ASSERT_LIST (HY_MEMBER_SORT_NAME, FALSE, 0, NULL, NULL, "a b c d");
  ASSERT_LIST (HY_MEMBER_SORT_NAME, TRUE, 0, NULL, NULL, "d c b a");
  ASSERT_LIST (HY_MEMBER_SORT_SPEND, TRUE, 0, NULL, NULL, "d a b c");
  ASSERT_LIST (HY_MEMBER_SORT_SPEND, FALSE, 0, NULL, NULL, "c b a d");
  ASSERT_LIST (HY_MEMBER_SORT_PURCHASES, TRUE, 0, NULL, NULL, "a d b c");
  ASSERT_LIST (HY_MEMBER_SORT_LAST_PURCHASE, TRUE, 0, NULL, NULL, "a b d c");
  ASSERT_LIST (HY_MEMBER_SORT_POINTS, TRUE, 0, NULL, NULL, "a c d b");
  ASSERT_LIST (HY_MEMBER_SORT_TIER, TRUE, 0, NULL, NULL, "d a b c");
  ASSERT_LIST (HY_MEMBER_SORT_TIER, FALSE, 0, NULL, NULL, "c b a d");
  ASSERT_LIST (HY_MEMBER_SORT_JOINED, FALSE, 0, NULL, NULL, "a b c d");
}

static void
test_member_list_filters (HyTestFixture *fixture,
                          gconstpointer  data)
{
  People p;

  people_add (fixture, &p);

  ASSERT_LIST (HY_MEMBER_SORT_NAME, FALSE, p.gold, NULL, NULL, "a d");
  ASSERT_LIST (HY_MEMBER_SORT_SPEND, FALSE, p.gold, NULL, NULL, "a d");
  ASSERT_LIST (HY_MEMBER_SORT_NAME, FALSE, p.silver, NULL, NULL, "b");
  ASSERT_LIST (HY_MEMBER_SORT_NAME, FALSE, HY_MEMBER_LIST_NO_TIER, NULL, NULL, "c");
  ASSERT_LIST (HY_MEMBER_SORT_POINTS, TRUE, 0, "vip", NULL, "a c");
  ASSERT_LIST (HY_MEMBER_SORT_NAME, FALSE, p.gold, "vip", NULL, "a");
  ASSERT_LIST (HY_MEMBER_SORT_NAME, FALSE, 0, "nobody", NULL, "");
}

#define ASSERT_FILTERED(sort, tier, search, filter, value, expected) \
  G_STMT_START { \
    HyMemberListQuery query_ = { sort, FALSE, tier, NULL, search, filter, value }; \
    guint64 count_; \
    g_autofree char *got_ = list_query (fixture, &p, &query_, &count_); \
    g_assert_cmpstr (got_, ==, expected); \
  } G_STMT_END

/* The RFM class and stage filters read what the dashboard's run kept in member_analysis. */
static void
test_member_list_analysis_filters (HyTestFixture *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  People p;

  people_add (fixture, &p);
  g_assert_cmpint (hy_member_analysis_get_as_of (fixture->db), ==, -1);
  {
    const gint64 ids[] = { p.a, p.b, p.c, p.d };
    const guint8 classes[] = { HY_RFM_CLASS_IMPORTANT_VALUE, HY_RFM_CLASS_GENERAL_RETAIN,
                               HY_RFM_CLASS_NO_PURCHASE, HY_RFM_CLASS_IMPORTANT_VALUE };
    const guint8 stages[] = { HY_STAGE_ACTIVE, HY_STAGE_SLEEPING, HY_STAGE_NEW, HY_STAGE_ACTIVE };

    g_assert_true (hy_member_analysis_save (fixture->db, 19870, G_N_ELEMENTS (ids), ids, classes, stages, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (hy_member_analysis_get_as_of (fixture->db), ==, 19870);

  ASSERT_FILTERED (HY_MEMBER_SORT_NAME, 0, NULL, HY_MEMBER_FILTER_RFM_CLASS, HY_RFM_CLASS_IMPORTANT_VALUE, "a d");
  ASSERT_FILTERED (HY_MEMBER_SORT_SPEND, 0, NULL, HY_MEMBER_FILTER_RFM_CLASS, HY_RFM_CLASS_GENERAL_RETAIN, "b");
  ASSERT_FILTERED (HY_MEMBER_SORT_TIER, 0, NULL, HY_MEMBER_FILTER_RFM_CLASS, HY_RFM_CLASS_GENERAL_VALUE, "");
  ASSERT_FILTERED (HY_MEMBER_SORT_NAME, 0, NULL, HY_MEMBER_FILTER_STAGE, HY_STAGE_NEW, "c");
  ASSERT_FILTERED (HY_MEMBER_SORT_POINTS, 0, NULL, HY_MEMBER_FILTER_STAGE, HY_STAGE_ACTIVE, "d a");
  /* With the other filters and a search. */
  ASSERT_FILTERED (HY_MEMBER_SORT_NAME, p.gold, NULL, HY_MEMBER_FILTER_RFM_CLASS, HY_RFM_CLASS_IMPORTANT_VALUE, "a d");
  ASSERT_FILTERED (HY_MEMBER_SORT_NAME, p.silver, NULL, HY_MEMBER_FILTER_RFM_CLASS, HY_RFM_CLASS_IMPORTANT_VALUE, "");
  ASSERT_FILTERED (HY_MEMBER_SORT_NAME, 0, "1380", HY_MEMBER_FILTER_STAGE, HY_STAGE_ACTIVE, "a d");

  /* A new run replaces the last one entirely. */
  {
    const gint64 ids[] = { p.b };
    const guint8 classes[] = { HY_RFM_CLASS_IMPORTANT_VALUE };
    const guint8 stages[] = { HY_STAGE_CHURNED };

    g_assert_true (hy_member_analysis_save (fixture->db, 19871, 1, ids, classes, stages, &error));
    g_assert_no_error (error);
  }
  ASSERT_FILTERED (HY_MEMBER_SORT_NAME, 0, NULL, HY_MEMBER_FILTER_RFM_CLASS, HY_RFM_CLASS_IMPORTANT_VALUE, "b");
  ASSERT_FILTERED (HY_MEMBER_SORT_NAME, 0, NULL, HY_MEMBER_FILTER_STAGE, HY_STAGE_ACTIVE, "");

  /* Only the changes are written; the rows are then exactly the new run's: a comes back, b
   * stays as it was, d comes in with a stage changed. */
  {
    const gint64 ids[] = { p.a, p.b, p.d };
    const guint8 classes[] = { HY_RFM_CLASS_GENERAL_VALUE, HY_RFM_CLASS_IMPORTANT_VALUE, HY_RFM_CLASS_GENERAL_KEEP };
    const guint8 stages[] = { HY_STAGE_NEW, HY_STAGE_CHURNED, HY_STAGE_SLEEPING };
    g_autofree char *sql = NULL;

    g_assert_true (hy_member_analysis_save (fixture->db, 19872, G_N_ELEMENTS (ids), ids, classes, stages, &error));
    g_assert_no_error (error);
    g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count (*) FROM member_analysis"), ==, 3);
    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
      {
        g_free (sql);
        sql = g_strdup_printf ("SELECT count (*) FROM member_analysis"
                               " WHERE member_id = %" G_GINT64_FORMAT " AND rfm_class = %d AND stage = %d",
                               ids[i], classes[i], stages[i]);
        g_assert_cmpint (hy_test_query_int (fixture->db, sql), ==, 1);
      }
  }
  ASSERT_FILTERED (HY_MEMBER_SORT_NAME, 0, NULL, HY_MEMBER_FILTER_STAGE, HY_STAGE_SLEEPING, "d");
}

/* Every page of one row and of two rows, put together, is the list read at once. */
static void
assert_pages_agree (HyTestFixture *fixture,
                    HyMemberSort   sort,
                    gboolean       descending,
                    gint64         tier_id)
{
  HyMemberListQuery query = { sort, descending, tier_id, NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(HyMemberList) list = hy_member_list_new (fixture->db, &query, NULL, &error);
  g_autoptr(GArray) all = NULL;
  guint64 count;

  g_assert_no_error (error);
  count = hy_member_list_get_count (list);
  all = hy_member_list_fetch_ids (list, 0, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, count);
  for (guint size = 1; size <= 2; size++)
    for (guint64 offset = 0; offset <= count; offset++)
      {
        g_autoptr(GArray) page = hy_member_list_fetch_ids (list, offset, size, &error);

        g_assert_no_error (error);
        g_assert_cmpuint (page->len, ==, MIN (size, count - offset));
        for (guint i = 0; i < page->len; i++)
          g_assert_cmpint (g_array_index (page, gint64, i), ==, g_array_index (all, gint64, offset + i));
      }
}

static void
save_analysis (HyTestFixture *fixture,
               gsize          n,
               const gint64  *ids,
               const guint8  *classes,
               const guint8  *stages)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hy_member_analysis_save (fixture->db, 19870, n, ids, classes, stages, &error));
  g_assert_no_error (error);
}

/* The ids of the letters in @letters ("bd"), ascending as the letters are: People are added in
 * their order. */
static GArray *
ids_of (const People *p,
        const char   *letters)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (const char *l = letters; *l != '\0'; l++)
    {
      gint64 id = *l == 'a' ? p->a : *l == 'b' ? p->b : *l == 'c' ? p->c : *l == 'd' ? p->d : *l == 'e' ? p->e : 0;

      if (id != 0)
        g_array_append_val (ids, id);
    }
  return ids;
}

#define ASSERT_IDS(letters, sort, desc, tier, tag, search, filter, value, expected) \
  G_STMT_START { \
    g_autoptr(GArray) set_ = ids_of (&p, letters); \
    HyMemberListQuery query_ = { sort, desc, tier, tag, search, filter, value, set_ }; \
    guint64 count_; \
    g_autofree char *got_ = list_query (fixture, &p, &query_, &count_); \
    g_assert_cmpstr (got_, ==, expected); \
  } G_STMT_END

/* A set of ids (a segment's, a chart bin's) restricts the list, in every order and with every
 * other filter and the search; a merged member in the set is not listed. */
static void
test_member_list_ids (HyTestFixture *fixture,
                      gconstpointer  data)
{
  People p;

  people_add (fixture, &p);
  save_analysis (fixture, 2, (const gint64[]) { p.a, p.d },
                 (const guint8[]) { HY_RFM_CLASS_IMPORTANT_VALUE, HY_RFM_CLASS_GENERAL_KEEP },
                 (const guint8[]) { HY_STAGE_ACTIVE, HY_STAGE_ACTIVE });

  ASSERT_IDS ("bcde", HY_MEMBER_SORT_NAME, FALSE, 0, NULL, NULL, HY_MEMBER_FILTER_NONE, 0, "b c d");
  ASSERT_IDS ("bcde", HY_MEMBER_SORT_NAME, TRUE, 0, NULL, NULL, HY_MEMBER_FILTER_NONE, 0, "d c b");
  ASSERT_IDS ("abd", HY_MEMBER_SORT_SPEND, TRUE, 0, NULL, NULL, HY_MEMBER_FILTER_NONE, 0, "d a b");
  ASSERT_IDS ("abcd", HY_MEMBER_SORT_POINTS, TRUE, 0, NULL, NULL, HY_MEMBER_FILTER_NONE, 0, "a c d b");
  ASSERT_IDS ("acd", HY_MEMBER_SORT_TIER, FALSE, 0, NULL, NULL, HY_MEMBER_FILTER_NONE, 0, "c a d");
  ASSERT_IDS ("bc", HY_MEMBER_SORT_LAST_PURCHASE, TRUE, 0, NULL, NULL, HY_MEMBER_FILTER_NONE, 0, "b c");
  /* By class: those without an analysis last ascending, first descending. */
  ASSERT_IDS ("acd", HY_MEMBER_SORT_RFM_CLASS, FALSE, 0, NULL, NULL, HY_MEMBER_FILTER_NONE, 0, "a d c");
  ASSERT_IDS ("acd", HY_MEMBER_SORT_STAGE, TRUE, 0, NULL, NULL, HY_MEMBER_FILTER_NONE, 0, "c d a");
  /* With the tier, tag, stage filters and the search. */
  ASSERT_IDS ("abc", HY_MEMBER_SORT_NAME, FALSE, p.gold, NULL, NULL, HY_MEMBER_FILTER_NONE, 0, "a");
  ASSERT_IDS ("abcd", HY_MEMBER_SORT_NAME, FALSE, HY_MEMBER_LIST_NO_TIER, NULL, NULL, HY_MEMBER_FILTER_NONE, 0, "c");
  ASSERT_IDS ("bcd", HY_MEMBER_SORT_NAME, FALSE, 0, "vip", NULL, HY_MEMBER_FILTER_NONE, 0, "c");
  ASSERT_IDS ("abc", HY_MEMBER_SORT_NAME, FALSE, 0, NULL, NULL, HY_MEMBER_FILTER_STAGE, HY_STAGE_ACTIVE, "a");
  ASSERT_IDS ("bcd", HY_MEMBER_SORT_NAME, FALSE, 0, NULL, "1380", HY_MEMBER_FILTER_NONE, 0, "c d");
  ASSERT_IDS ("ab", HY_MEMBER_SORT_NAME, TRUE, p.gold, "vip", "1380", HY_MEMBER_FILTER_NONE, 0, "a");
  /* An empty set lists nobody, however the rest would. */
  ASSERT_IDS ("", HY_MEMBER_SORT_NAME, FALSE, 0, NULL, NULL, HY_MEMBER_FILTER_NONE, 0, "");
  ASSERT_IDS ("", HY_MEMBER_SORT_NAME, FALSE, 0, NULL, "Anna", HY_MEMBER_FILTER_NONE, 0, "");
  ASSERT_IDS ("", HY_MEMBER_SORT_STAGE, FALSE, 0, NULL, NULL, HY_MEMBER_FILTER_NONE, 0, "");
}

/* By class and by stage in their enum order, ties by id; members without an analysis (c, who
 * joined after the run) last ascending and first descending. */
static void
test_member_list_analysis_sorts (HyTestFixture *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  HyMemberListQuery query = { HY_MEMBER_SORT_RFM_CLASS, FALSE, 0, NULL, NULL };
  g_autoptr(HyMemberList) list = NULL;
  People p;

  people_add (fixture, &p);
  /* No run yet: everyone by id. */
  ASSERT_LIST (HY_MEMBER_SORT_RFM_CLASS, FALSE, 0, NULL, NULL, "a b c d");
  ASSERT_LIST (HY_MEMBER_SORT_STAGE, TRUE, 0, NULL, NULL, "d c b a");
  {
    /* e was merged into d since the analysis read it: it gets no row. */
    const gint64 ids[] = { p.a, p.b, p.d, p.e };
    const guint8 classes[] = { HY_RFM_CLASS_GENERAL_RETAIN, HY_RFM_CLASS_IMPORTANT_VALUE,
                               HY_RFM_CLASS_IMPORTANT_VALUE, HY_RFM_CLASS_GENERAL_VALUE };
    const guint8 stages[] = { HY_STAGE_SLEEPING, HY_STAGE_ACTIVE, HY_STAGE_NEW, HY_STAGE_CHURNED };

    save_analysis (fixture, G_N_ELEMENTS (ids), ids, classes, stages);
  }
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM member_analysis"), ==, 3);

  ASSERT_LIST (HY_MEMBER_SORT_RFM_CLASS, FALSE, 0, NULL, NULL, "b d a c");
  ASSERT_LIST (HY_MEMBER_SORT_RFM_CLASS, TRUE, 0, NULL, NULL, "c a d b");
  ASSERT_LIST (HY_MEMBER_SORT_STAGE, FALSE, 0, NULL, NULL, "d b a c");
  ASSERT_LIST (HY_MEMBER_SORT_STAGE, TRUE, 0, NULL, NULL, "c a b d");
  /* With a tier, a tag or a search. */
  ASSERT_LIST (HY_MEMBER_SORT_RFM_CLASS, FALSE, p.gold, NULL, NULL, "d a");
  ASSERT_LIST (HY_MEMBER_SORT_RFM_CLASS, TRUE, HY_MEMBER_LIST_NO_TIER, NULL, NULL, "c");
  ASSERT_LIST (HY_MEMBER_SORT_STAGE, FALSE, 0, "vip", NULL, "a c");
  ASSERT_LIST (HY_MEMBER_SORT_STAGE, TRUE, 0, "vip", NULL, "c a");
  ASSERT_LIST (HY_MEMBER_SORT_STAGE, FALSE, 0, NULL, "1380", "d a c");
  ASSERT_LIST (HY_MEMBER_SORT_RFM_CLASS, TRUE, 0, NULL, "1380", "c a d");
  /* Filtered by one class, sorted by stage. */
  ASSERT_FILTERED (HY_MEMBER_SORT_STAGE, 0, NULL, HY_MEMBER_FILTER_RFM_CLASS, HY_RFM_CLASS_IMPORTANT_VALUE, "d b");
  for (int desc = 0; desc < 2; desc++)
    {
      assert_pages_agree (fixture, HY_MEMBER_SORT_RFM_CLASS, desc, 0);
      assert_pages_agree (fixture, HY_MEMBER_SORT_STAGE, desc, 0);
      assert_pages_agree (fixture, HY_MEMBER_SORT_STAGE, desc, HY_MEMBER_LIST_NO_TIER);
    }

  /* The rows carry them, -1 without an analysis. */
  list = hy_member_list_new (fixture->db, &query, NULL, &error);
  g_assert_no_error (error);
  rows = hy_member_list_fetch (list, 2, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpint (((HyMemberRow *) rows->pdata[0])->id, ==, p.a);
  g_assert_cmpint (((HyMemberRow *) rows->pdata[0])->rfm_class, ==, HY_RFM_CLASS_GENERAL_RETAIN);
  g_assert_cmpint (((HyMemberRow *) rows->pdata[0])->stage, ==, HY_STAGE_SLEEPING);
  g_assert_cmpint (((HyMemberRow *) rows->pdata[1])->id, ==, p.c);
  g_assert_cmpint (((HyMemberRow *) rows->pdata[1])->rfm_class, ==, -1);
  g_assert_cmpint (((HyMemberRow *) rows->pdata[1])->stage, ==, -1);
  g_assert_finalize_object (g_steal_pointer (&list));

  /* A merge drops the merged member's analysis: b is listed no more. */
  g_assert_true (hy_member_store_merge (fixture->members, p.d, p.b, NULL, "duplicate", &error));
  g_assert_no_error (error);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM member_analysis"), ==, 2);
  ASSERT_LIST (HY_MEMBER_SORT_RFM_CLASS, FALSE, 0, NULL, NULL, "d a c");
  ASSERT_LIST (HY_MEMBER_SORT_STAGE, TRUE, 0, NULL, NULL, "c a d");
  assert_pages_agree (fixture, HY_MEMBER_SORT_RFM_CLASS, TRUE, 0);
}

static int
record_select (unsigned  kind,
               void     *data,
               void     *stmt,
               void     *sql)
{
  const char *text = sqlite3_sql (stmt);

  if (g_str_has_prefix (text, "SELECT m.id"))
    g_ptr_array_add (data, g_strdup (text));
  return 0;
}

/* The pages by class or stage come off indexes, as the other sorts do: at a million members a
 * sort of them all would take a second a page. */
static void
test_member_list_analysis_plan (HyTestFixture *fixture,
                                gconstpointer  data)
{
  sqlite3 *handle = _hy_database_get_handle (fixture->db);
  g_autoptr(GPtrArray) selects = g_ptr_array_new_with_free_func (g_free);
  People p;

  people_add (fixture, &p);
  sqlite3_trace_v2 (handle, SQLITE_TRACE_STMT, record_select, selects);
  for (HyMemberSort sort = HY_MEMBER_SORT_RFM_CLASS; sort <= HY_MEMBER_SORT_STAGE; sort++)
    for (int desc = 0; desc < 2; desc++)
      {
        assert_pages_agree (fixture, sort, desc, 0);
        assert_pages_agree (fixture, sort, desc, p.gold);
      }
  sqlite3_trace_v2 (handle, 0, NULL, NULL);

  /* Both runs of each: by class or stage, and the members without an analysis. */
  g_assert_cmpuint (selects->len, >=, 16);
  for (guint i = 0; i < selects->len; i++)
    {
      g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", selects->pdata[i], NULL);
      sqlite3_stmt *stmt = NULL;
      gboolean by_index = FALSE;

      g_assert_cmpint (sqlite3_prepare_v2 (handle, explain, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *detail = (const char *) sqlite3_column_text (stmt, 3);

          if (strstr (detail, "TEMP B-TREE") != NULL)
            g_error ("%s sorts: %s", (char *) selects->pdata[i], detail);
          by_index |= strstr (detail, "member_analysis_") != NULL || g_str_has_prefix (detail, "SCAN m");
        }
      sqlite3_finalize (stmt);
      g_assert_true (by_index);
    }
}

static void
test_member_list_search (HyTestFixture *fixture,
                         gconstpointer  data)
{
  People p;

  people_add (fixture, &p);

  /* Any part of a phone number: 1380 starts a and d, and is inside c's 18600001380. */
  ASSERT_LIST (HY_MEMBER_SORT_NAME, FALSE, 0, NULL, "1380", "a c d");
  ASSERT_LIST (HY_MEMBER_SORT_SPEND, TRUE, 0, NULL, "1380", "d a c");
  ASSERT_LIST (HY_MEMBER_SORT_NAME, FALSE, 0, NULL, "2345", "b");
  ASSERT_LIST (HY_MEMBER_SORT_NAME, FALSE, 0, NULL, "999 99", "d");
  /* The merged record's number now belongs to the survivor. */
  ASSERT_LIST (HY_MEMBER_SORT_NAME, FALSE, 0, NULL, "7000000", "d");
  /* Two digits are too few for a part: only starts. */
  ASSERT_LIST (HY_MEMBER_SORT_NAME, FALSE, 0, NULL, "18", "c");
  ASSERT_LIST (HY_MEMBER_SORT_NAME, FALSE, 0, NULL, "00", "");
  ASSERT_LIST (HY_MEMBER_SORT_NAME, FALSE, 0, NULL, "Ch", "c");
  ASSERT_LIST (HY_MEMBER_SORT_NAME, FALSE, 0, NULL, "vip", "a c");
  ASSERT_LIST (HY_MEMBER_SORT_NAME, FALSE, p.gold, NULL, "1380", "a d");
  ASSERT_LIST (HY_MEMBER_SORT_NAME, FALSE, 0, "vip", "1380", "a c");
  ASSERT_LIST (HY_MEMBER_SORT_NAME, FALSE, 0, NULL, "4242", "");
}

static void
test_member_list_pages (HyTestFixture *fixture,
                        gconstpointer  data)
{
  HyMemberListQuery query = { HY_MEMBER_SORT_NAME, FALSE, 0, NULL, NULL };
  g_autoptr(HyMemberList) list = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) rest = NULL;
  g_autoptr(GError) error = NULL;
  HyMemberRow *row;
  People p;

  people_add (fixture, &p);
  list = hy_member_list_new (fixture->db, &query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hy_member_list_get_count (list), ==, 4);
  g_assert_false (hy_member_list_get_capped (list));

  page = hy_member_list_fetch (list, 0, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 3);
  row = page->pdata[0];
  g_assert_cmpint (row->id, ==, p.a);
  g_assert_cmpstr (row->name, ==, "Anna");
  g_assert_cmpstr (row->phone, ==, "+8613800138000");
  g_assert_null (row->card);
  g_assert_cmpint (row->net_spend, ==, 30000);
  g_assert_cmpint (row->purchase_count, ==, 2);
  g_assert_cmpint (row->points, ==, 50);
  g_assert_cmpint (row->last_purchase_at, ==, hy_test_local_time (fixture->db, "2024-05-20 10:00"));
  g_assert_cmpint (row->tier_id, ==, p.gold);
  g_assert_cmpint (row->tier_level, ==, 2);
  g_assert_cmpstr (row->tier_name, ==, "Gold");
  row = page->pdata[2];
  g_assert_cmpint (row->id, ==, p.c);
  g_assert_cmpint (row->tier_id, ==, 0);
  g_assert_cmpint (row->tier_level, ==, -1);
  g_assert_null (row->tier_name);
  g_assert_cmpint (row->last_purchase_at, ==, 0);

  rest = hy_member_list_fetch (list, 3, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rest->len, ==, 1);
  g_assert_cmpint (((HyMemberRow *) rest->pdata[0])->id, ==, p.d);
  g_assert_finalize_object (g_steal_pointer (&list));
}

static void
test_member_list_tags (HyTestFixture *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) tags = NULL;
  g_autoptr(GError) error = NULL;
  People p;

  people_add (fixture, &p);
  g_assert_true (hy_member_store_add_tag (fixture->members, p.b, "yoga", &error));
  tags = hy_member_list_tags (fixture->db, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tags->len, ==, 2);
  g_assert_cmpstr (((HyTagCount *) tags->pdata[0])->tag, ==, "vip");
  g_assert_cmpint (((HyTagCount *) tags->pdata[0])->members, ==, 2);
  g_assert_cmpstr (((HyTagCount *) tags->pdata[1])->tag, ==, "yoga");
  g_assert_cmpint (((HyTagCount *) tags->pdata[1])->members, ==, 1);
  g_clear_pointer (&tags, g_ptr_array_unref);

  /* Merged, C's tag goes to A, who has it already: one member is a VIP now, and a merged
   * record's tag is never counted (nor can one be added to it). */
  g_assert_true (hy_member_store_merge (fixture->members, p.a, p.c, "manager", "the same person", &error));
  g_assert_no_error (error);
  g_assert_false (hy_member_store_add_tag (fixture->members, p.c, "yoga", &error));
  g_clear_error (&error);
  tags = hy_member_list_tags (fixture->db, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tags->len, ==, 2);
  g_assert_cmpint (((HyTagCount *) tags->pdata[0])->members, ==, 1);
  g_assert_cmpint (((HyTagCount *) tags->pdata[1])->members, ==, 1);
}

/* A tier change is current at once, and new members have the rows every sort needs. */
static void
test_member_list_kept_current (HyTestFixture *fixture,
                               gconstpointer  data)
{
  g_autoptr(HyTierStore) tiers = hy_tier_store_new (fixture->db);
  People p;

  people_add (fixture, &p);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM member_balances"), ==, 5);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM member_tiers"), ==, 5);
  hy_test_sell (fixture, p.b, "2024-05-30 10:00", 25000);
  evaluate (tiers, p.b);
  ASSERT_LIST (HY_MEMBER_SORT_NAME, FALSE, p.gold, NULL, NULL, "a b d");
  ASSERT_LIST (HY_MEMBER_SORT_NAME, FALSE, p.silver, NULL, NULL, "");
}

/* A search overtaken by the next keystroke stops; the connection is left as it was. */
static void
test_member_list_cancel (HyTestFixture *fixture,
                         gconstpointer  data)
{
  HyMemberListQuery query = { HY_MEMBER_SORT_NAME, FALSE, 0, NULL, "138" };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(HyMemberList) list = NULL;
  g_autoptr(HyMemberList) none = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) more = NULL;
  g_autoptr(GError) error = NULL;
  People p;

  people_add (fixture, &p);
  list = hy_member_list_new (fixture->db, &query, cancellable, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hy_member_list_get_count (list), ==, 3);
  rows = hy_member_list_fetch (list, 0, 10, cancellable, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);

  g_cancellable_cancel (cancellable);
  none = hy_member_list_new (fixture->db, &query, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (none);
  g_clear_error (&error);
  g_assert_null (hy_member_list_fetch (list, 0, 10, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* The cancelled cancellable no longer stops anything on this connection. */
  more = hy_member_list_fetch (list, 1, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (more->len, ==, 2);
  g_assert_cmpint (hy_member_list_get_count (list), ==, 3);
  g_assert_finalize_object (g_steal_pointer (&list));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  HY_TEST_ADD ("/core/member-list/sorts", test_member_list_sorts);
  HY_TEST_ADD ("/core/member-list/filters", test_member_list_filters);
  HY_TEST_ADD ("/core/member-list/analysis-filters", test_member_list_analysis_filters);
  HY_TEST_ADD ("/core/member-list/analysis-sorts", test_member_list_analysis_sorts);
  HY_TEST_ADD ("/core/member-list/analysis-plan", test_member_list_analysis_plan);
  HY_TEST_ADD ("/core/member-list/search", test_member_list_search);
  HY_TEST_ADD ("/core/member-list/ids", test_member_list_ids);
  HY_TEST_ADD ("/core/member-list/pages", test_member_list_pages);
  HY_TEST_ADD ("/core/member-list/tags", test_member_list_tags);
  HY_TEST_ADD ("/core/member-list/kept-current", test_member_list_kept_current);
  HY_TEST_ADD ("/core/member-list/cancel", test_member_list_cancel);
  return g_test_run ();
}
