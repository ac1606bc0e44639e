/* test-tiers.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <string.h>

#include "hy-error.h"
#include "hy-points-ledger.h"
#include "hy-test-util.h"
#include "hy-tier-store.h"
#include "hy-time.h"

static void
at (HyTestFixture *fixture,
    const char    *when)
{
  hy_time_set_now (hy_test_local_time (fixture->db, when));
}

static gint64
define (HyTierStore *tiers,
        int          level,
        const char  *name,
        gint64       min_spend,
        gint64       min_visits,
        gint64       min_points,
        gboolean     require_all,
        int          validity_days)
{
  g_autoptr(HyTier) tier = hy_tier_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  tier->level = level;
  g_free (tier->name);
  tier->name = g_strdup (name);
  tier->min_spend = min_spend;
  tier->min_visits = min_visits;
  tier->min_points = min_points;
  tier->require_all = require_all;
  tier->validity_days = validity_days;
  tier->price_percent = 100 - 5 * level;
  tier->points_percent = 100 + 25 * level;
  id = hy_tier_store_define (tiers, tier, &error);
  g_assert_no_error (error);
  return id;
}

static char *
tier_name (HyTierStore *tiers,
           gint64       member)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HyTier) tier = hy_tier_store_get_member_tier (tiers, member, NULL, &error);

  g_assert_no_error (error);
  return g_strdup (tier != NULL ? tier->name : "-");
}

static const char *
name_of (GPtrArray *list,
         gint64     id)
{
  for (guint i = 0; i < list->len; i++)
    if (((HyTier *) list->pdata[i])->id == id)
      return ((HyTier *) list->pdata[i])->name;
  return "-";
}

/* "reason:from>to@when until;" for every change. */
static char *
history (HyTestFixture *fixture,
         HyTierStore   *tiers,
         gint64         member)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = hy_tier_store_list_history (tiers, member, &error);
  g_autoptr(GPtrArray) list = hy_tier_store_list (tiers, &error);
  GTimeZone *tz = hy_database_get_time_zone (fixture->db);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < changes->len; i++)
    {
      HyTierChange *c = changes->pdata[i];
      g_autofree char *when = hy_time_format_local (tz, c->changed_at, TRUE);
      g_autofree char *until = c->valid_until != 0 ? hy_time_format_local (tz, c->valid_until, FALSE) : g_strdup ("-");

      g_string_append_printf (out, "%s:%s>%s@%s until %s;", hy_tier_change_reason_to_string (c->reason),
                              name_of (list, c->from_tier_id), name_of (list, c->to_tier_id), when, until);
    }
  return g_string_free (out, FALSE);
}

static void
evaluate (HyTierStore *tiers,
          gint64       member,
          gboolean     expect_change)
{
  g_autoptr(GError) error = NULL;
  gboolean changed = FALSE;

  g_assert_true (hy_tier_store_evaluate_member (tiers, member, &changed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (changed, ==, expect_change);
}

static void
test_tiers_upgrade_and_reviews (HyTestFixture *fixture,
                                gconstpointer  data)
{
  g_autoptr(HyTierStore) tiers = hy_tier_store_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  g_autofree char *name = NULL;
  gint64 member = hy_test_add_member (fixture, "林", "13700000001");

  name = tier_name (tiers, member);
  g_assert_cmpstr (name, ==, "-");   /* no tiers yet */
  g_clear_pointer (&name, g_free);

  define (tiers, 0, "普通", 0, 0, 0, FALSE, 0);
  define (tiers, 1, "银卡", 100000, 0, 0, FALSE, 365);
  define (tiers, 2, "金卡", 500000, 20, 0, FALSE, 180);

  name = tier_name (tiers, member);
  g_assert_cmpstr (name, ==, "普通");
  g_clear_pointer (&name, g_free);

  hy_test_sell (fixture, member, "2024-05-01 10:00", 99999);
  evaluate (tiers, member, FALSE);
  hy_test_sell (fixture, member, "2024-06-01 10:00", 400001);   /* 5000.00 in the window */
  evaluate (tiers, member, TRUE);                               /* straight to gold */
  evaluate (tiers, member, FALSE);

  /* no purchase since: renewed twice while the purchases are inside the 365-day window, then
   * one level down per period */
  at (fixture, "2027-01-01 09:00");
  g_assert_cmpint (hy_tier_store_review_due (tiers, &error), ==, 1);
  g_assert_cmpint (hy_tier_store_review_due (tiers, &error), ==, 0);
  g_assert_no_error (error);

  log = history (fixture, tiers, member);
  g_assert_cmpstr (log, ==,
                   "upgrade:普通>金卡@2024-06-01 12:00:00 until 2024-11-28;"
                   "renew:金卡>金卡@2024-11-28 00:00:00 until 2025-05-27;"
                   "downgrade:金卡>银卡@2025-05-27 00:00:00 until 2026-05-27;"
                   "downgrade:银卡>普通@2026-05-27 00:00:00 until -;");
  name = tier_name (tiers, member);
  g_assert_cmpstr (name, ==, "普通");
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM change_log WHERE entity = 13"), ==, 4);
}

static void
test_tiers_review_when_read (HyTestFixture *fixture,
                             gconstpointer  data)
{
  g_autoptr(HyTierStore) tiers = hy_tier_store_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autoptr(HyTier) tier = NULL;
  gint64 member = hy_test_add_member (fixture, "何", "13700000002");
  gint64 valid_until = 0;

  define (tiers, 0, "普通", 0, 0, 0, FALSE, 0);
  define (tiers, 1, "银卡", 100000, 0, 0, FALSE, 30);
  hy_test_sell (fixture, member, "2024-06-01 10:00", 100000);
  evaluate (tiers, member, TRUE);

  /* the last second of validity still has it; the first second after, the review runs: the
   * sale is still in the window, so silver is renewed */
  at (fixture, "2024-06-30 23:59");
  tier = hy_tier_store_get_member_tier (tiers, member, &valid_until, &error);
  g_assert_cmpstr (tier->name, ==, "银卡");
  g_assert_cmpint (valid_until, ==, hy_test_local_time (fixture->db, "2024-07-01 00:00"));
  g_clear_pointer (&tier, hy_tier_free);
  at (fixture, "2024-07-01 00:00");
  tier = hy_tier_store_get_member_tier (tiers, member, &valid_until, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tier->name, ==, "银卡");
  g_assert_cmpint (valid_until, ==, hy_test_local_time (fixture->db, "2024-07-31 00:00"));
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT reason FROM tier_history ORDER BY id DESC"), ==,
                   HY_TIER_CHANGE_RENEW);
}

static void
test_tiers_rules (HyTestFixture *fixture,
                  gconstpointer  data)
{
  g_autoptr(HyTierStore) tiers = hy_tier_store_new (fixture->db);
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_autoptr(HyTier) bad = hy_tier_new ();
  gint64 both = hy_test_add_member (fixture, "甲", "13700000003");
  gint64 pts = hy_test_add_member (fixture, "乙", "13700000004");
  HyEarnRequest earn = { .member_id = pts, .earnable = 100000 };
  char *name;

  define (tiers, 0, "普通", 0, 0, 0, FALSE, 0);
  define (tiers, 1, "常客", 50000, 3, 0, TRUE, 365);    /* 500.00 and 3 visits */
  define (tiers, 5, "积分", 0, 0, 100, FALSE, 365);     /* levels need not be contiguous */

  hy_test_sell (fixture, both, "2024-05-01 10:00", 60000);
  hy_test_sell (fixture, both, "2024-05-02 10:00", 100);
  evaluate (tiers, both, FALSE);                         /* the spend, but 2 visits */
  hy_test_sell (fixture, both, "2024-05-03 10:00", 100);
  evaluate (tiers, both, TRUE);
  name = tier_name (tiers, both);
  g_assert_cmpstr (name, ==, "常客");
  g_free (name);

  hy_points_ledger_earn (points, &earn, "e1", NULL, NULL, &error);   /* 100 points earned */
  g_assert_no_error (error);
  evaluate (tiers, pts, TRUE);
  name = tier_name (tiers, pts);
  g_assert_cmpstr (name, ==, "积分");
  g_free (name);

  g_assert_cmpint (hy_tier_store_define (tiers, bad, &error), ==, -1);   /* no name */
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
}

/* What is still missing for the next level, over that level's window, and nothing at the top. */
static void
test_tiers_progress (HyTestFixture *fixture,
                     gconstpointer  data)
{
  g_autoptr(HyTierStore) tiers = hy_tier_store_new (fixture->db);
  g_autoptr(GError) error = NULL;
  gint64 member = hy_test_add_member (fixture, "丙", "13700000005");
  gint64 top = hy_test_add_member (fixture, "丁", "13700000006");
  HyTierProgress progress;

  /* No tiers: nothing to show, and no error. */
  g_assert_true (hy_tier_store_get_progress (tiers, member, &progress, &error));
  g_assert_no_error (error);
  g_assert_null (progress.current);
  g_assert_null (progress.next);

  define (tiers, 0, "普通", 0, 0, 0, FALSE, 0);
  define (tiers, 1, "常客", 50000, 3, 0, TRUE, 365);    /* 500.00 and 3 visits */
  define (tiers, 2, "金卡", 200000, 0, 0, FALSE, 365);  /* 2000.00 */

  hy_test_sell (fixture, member, "2023-01-10 10:00", 900000);   /* outside the window */
  hy_test_sell (fixture, member, "2024-05-01 10:00", 30000);
  at (fixture, "2024-05-10 12:00");
  g_assert_true (hy_tier_store_get_progress (tiers, member, &progress, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (progress.current->name, ==, "普通");
  g_assert_cmpstr (progress.next->name, ==, "常客");
  g_assert_cmpint (progress.spend, ==, 30000);
  g_assert_cmpint (progress.visits, ==, 1);
  g_assert_cmpint (progress.spend_needed, ==, 20000);
  g_assert_cmpint (progress.visits_needed, ==, 2);
  g_assert_cmpint (progress.points_needed, ==, 0);        /* not asked */
  hy_tier_progress_clear (&progress);
  g_assert_null (progress.next);

  hy_test_sell (fixture, member, "2024-05-11 10:00", 25000);
  hy_test_sell (fixture, member, "2024-05-12 10:00", 100);
  at (fixture, "2024-05-12 12:00");
  evaluate (tiers, member, TRUE);
  g_assert_true (hy_tier_store_get_progress (tiers, member, &progress, &error));
  g_assert_cmpstr (progress.current->name, ==, "常客");
  g_assert_cmpstr (progress.next->name, ==, "金卡");
  g_assert_cmpint (progress.spend, ==, 55100);
  g_assert_cmpint (progress.spend_needed, ==, 200000 - 55100);
  g_assert_cmpint (progress.visits_needed, ==, 0);
  hy_tier_progress_clear (&progress);

  hy_test_sell (fixture, top, "2024-05-12 11:00", 250000);
  evaluate (tiers, top, TRUE);
  g_assert_true (hy_tier_store_get_progress (tiers, top, &progress, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (progress.current->name, ==, "金卡");
  g_assert_null (progress.next);
  g_assert_cmpint (progress.spend_needed, ==, 0);
  hy_tier_progress_clear (&progress);

  g_assert_false (hy_tier_store_get_progress (tiers, 999999, &progress, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_FOUND);
}

/* A level nobody held can go; one in a member's history stays. */
static void
test_tiers_remove (HyTestFixture *fixture,
                   gconstpointer  data)
{
  g_autoptr(HyTierStore) tiers = hy_tier_store_new (fixture->db);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) left = NULL;
  gint64 member = hy_test_add_member (fixture, "何", "13700000009");
  gint64 base = define (tiers, 0, "普通", 0, 0, 0, FALSE, 0);
  gint64 silver = define (tiers, 1, "银卡", 100000, 0, 0, FALSE, 365);
  gint64 gold = define (tiers, 2, "金卡", 500000, 0, 0, FALSE, 365);

  hy_test_sell (fixture, member, "2024-05-01 10:00", 100000);
  evaluate (tiers, member, TRUE);

  g_assert_false (hy_tier_store_remove (tiers, silver, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_CONFLICT);
  g_clear_error (&error);

  g_assert_true (hy_tier_store_remove (tiers, gold, &error));
  g_assert_no_error (error);
  left = hy_tier_store_list (tiers, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (left->len, ==, 2);
  g_assert_cmpint (((HyTier *) left->pdata[0])->id, ==, base);
  g_assert_cmpint (((HyTier *) left->pdata[1])->id, ==, silver);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM change_log WHERE op = 3"), ==, 1);
}

static void
record_progress (guint64  done,
                 guint64  total,
                 gpointer user_data)
{
  g_string_append_printf (user_data, "%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT ";", done, total);
}

/* "name=members;" per level, lowest first. */
static char *
counts_text (HyTierStore *tiers)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) counts = hy_tier_store_count_members (tiers, &error);
  g_autoptr(GPtrArray) list = hy_tier_store_list (tiers, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_cmpuint (counts->len, ==, list->len);
  for (guint i = 0; i < counts->len; i++)
    {
      const HyTierCount *c = &g_array_index (counts, HyTierCount, i);

      g_assert_cmpint (c->tier_id, ==, ((HyTier *) list->pdata[i])->id);
      g_string_append_printf (out, "%s=%" G_GINT64_FORMAT ";", name_of (list, c->tier_id), c->members);
    }
  return g_string_free (out, FALSE);
}

static void
test_tiers_count_and_review_all (HyTestFixture *fixture,
                                 gconstpointer  data)
{
  g_autoptr(HyTierStore) tiers = hy_tier_store_new (fixture->db);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GString) progress = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) none = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 silver = hy_test_add_member (fixture, "银", "13700000011");
  gint64 gold = hy_test_add_member (fixture, "金", "13700000012");
  gint64 changed = -1;

  hy_test_add_member (fixture, "普", "13700000013");

  /* No tiers: nothing to count, nothing to review. */
  none = hy_tier_store_count_members (tiers, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_true (hy_tier_store_review_all (tiers, record_progress, progress, NULL, &changed, &error));
  g_assert_cmpint (changed, ==, 0);
  g_assert_cmpstr (progress->str, ==, "");

  define (tiers, 0, "普通", 0, 0, 0, FALSE, 0);
  define (tiers, 1, "银卡", 100000, 0, 0, FALSE, 365);
  define (tiers, 2, "金卡", 500000, 0, 0, FALSE, 180);
  hy_test_sell (fixture, silver, "2024-06-01 10:00", 150000);
  hy_test_sell (fixture, gold, "2024-06-02 10:00", 600000);
  at (fixture, "2024-07-01 09:00");

  /* Everyone starts at the lowest level until a review or a purchase lifts them. */
  before = counts_text (tiers);
  g_assert_cmpstr (before, ==, "普通=3;银卡=0;金卡=0;");

  g_cancellable_cancel (cancellable);
  g_assert_false (hy_tier_store_review_all (tiers, NULL, NULL, cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  g_assert_true (hy_tier_store_review_all (tiers, record_progress, progress, NULL, &changed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (changed, ==, 2);
  g_assert_cmpstr (progress->str, ==, "3/3;");
  after = counts_text (tiers);
  g_assert_cmpstr (after, ==, "普通=1;银卡=1;金卡=1;");

  /* A second review finds nothing to change. */
  g_assert_true (hy_tier_store_review_all (tiers, NULL, NULL, NULL, &changed, &error));
  g_assert_cmpint (changed, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  HY_TEST_ADD ("/core/tiers/upgrade-and-reviews", test_tiers_upgrade_and_reviews);
  HY_TEST_ADD ("/core/tiers/review-when-read", test_tiers_review_when_read);
  HY_TEST_ADD ("/core/tiers/rules", test_tiers_rules);
  HY_TEST_ADD ("/core/tiers/remove", test_tiers_remove);
  HY_TEST_ADD ("/core/tiers/progress", test_tiers_progress);
  HY_TEST_ADD ("/core/tiers/count-and-review-all", test_tiers_count_and_review_all);
  return g_test_run ();
}
