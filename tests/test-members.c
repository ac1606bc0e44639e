/* test-members.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "hy-change-log.h"
#include "hy-error.h"
#include "hy-test-util.h"

static HyMember *
draft (const char *name,
       const char *phone,
       const char *card)
{
  g_autoptr(GError) error = NULL;
  HyMember *member = hy_member_new ();

  hy_member_set_name (member, name);
  if (phone != NULL)
    g_assert_true (hy_member_add_identity (member, HY_IDENTITY_PHONE, phone, &error));
  if (card != NULL)
    g_assert_true (hy_member_add_identity (member, HY_IDENTITY_CARD, card, &error));
  g_assert_no_error (error);

  return member;
}

static void
test_members_create_and_find (HyTestFixture *fixture,
                              gconstpointer  data)
{
  g_autoptr(HyMember) member = draft ("张三", "138 0013 8000", "vip-0001");
  g_autoptr(HyMember) loaded = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  hy_member_set_gender (member, HY_GENDER_MALE);
  g_assert_true (hy_member_set_birthday (member, 1990, 2, 28));
  hy_member_add_tag (member, "敏感肌");
  hy_member_add_tag (member, " 敏感肌 ");       /* same tag once */
  g_assert_true (hy_member_add_identity (member, HY_IDENTITY_WECHAT, "oAbC123xyz", &error));
  g_assert_true (hy_member_store_create (fixture->members, member, &error));
  g_assert_no_error (error);
  id = hy_member_get_id (member);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (strlen (hy_member_get_uid (member)), ==, 36);

  /* Every spelling of the phone finds the same member. */
  g_assert_cmpint (hy_member_store_find (fixture->members, HY_IDENTITY_PHONE, "+86 13800138000", &error), ==, id);
  g_assert_cmpint (hy_member_store_find (fixture->members, HY_IDENTITY_PHONE, "8613800138000", &error), ==, id);
  g_assert_cmpint (hy_member_store_find (fixture->members, HY_IDENTITY_PHONE, "138-0013-8000", &error), ==, id);
  g_assert_cmpint (hy_member_store_find (fixture->members, HY_IDENTITY_CARD, "VIP 0001", &error), ==, id);
  g_assert_cmpint (hy_member_store_find (fixture->members, HY_IDENTITY_WECHAT, "oAbC123xyz", &error), ==, id);
  g_assert_cmpint (hy_member_store_find (fixture->members, HY_IDENTITY_PHONE, "13900139000", &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (hy_member_store_find (fixture->members, HY_IDENTITY_PHONE, "12345", &error), ==, -1);
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (hy_member_store_find_by_uid (fixture->members, hy_member_get_uid (member)), ==, id);

  loaded = hy_member_store_load (fixture->members, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hy_member_get_name (loaded), ==, "张三");
  g_assert_cmpstr (hy_member_get_phone (loaded), ==, "+8613800138000");
  g_assert_cmpstr (hy_member_get_identity (loaded, HY_IDENTITY_CARD), ==, "VIP0001");
  g_assert_cmpint (hy_member_get_gender (loaded), ==, HY_GENDER_MALE);
  g_assert_cmpuint (hy_member_get_tags (loaded)->len, ==, 1);
  g_assert_cmpuint (hy_member_get_identities (loaded)->len, ==, 3);
  {
    g_autofree char *birthday = hy_member_dup_birthday_text (loaded);

    g_assert_cmpstr (birthday, ==, "1990-02-28");
  }
  g_assert_cmpint (hy_member_get_joined_at (loaded), ==, hy_test_local_time (fixture->db, "2024-06-01 12:00"));
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM change_log WHERE entity = 1 AND op = 1"), ==, 1);
}

static void
test_members_birthday_rules (void)
{
  g_autoptr(HyMember) member = hy_member_new ();
  g_autofree char *text = NULL;

  g_assert_false (hy_member_set_birthday (member, 2023, 2, 29));
  g_assert_false (hy_member_set_birthday (member, 1990, 13, 1));
  g_assert_true (hy_member_set_birthday (member, 0, 2, 29));       /* year unknown */
  text = hy_member_dup_birthday_text (member);
  g_assert_cmpstr (text, ==, "--02-29");
}

static void
test_members_oneid_conflict (HyTestFixture *fixture,
                             gconstpointer  data)
{
  g_autoptr(HyMember) second = draft ("李四", "+86 138 0013 8000", "C-77");
  g_autoptr(GError) error = NULL;
  gint64 first = hy_test_add_member (fixture, "张三", "13800138000");
  gint64 before = hy_test_query_int (fixture->db, "SELECT count(*) FROM members");
  gint64 log_before = hy_change_log_get_last_seq (fixture->db);
  gint64 other;

  /* Creating a second member with the same phone writes nothing at all. */
  g_assert_false (hy_member_store_create (fixture->members, second, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "张三"));
  g_assert_nonnull (strstr (error->message, "138 0013 8000"));
  g_clear_error (&error);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM members"), ==, before);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM member_identities WHERE kind = 'card'"), ==, 0);
  g_assert_cmpint (hy_change_log_get_last_seq (fixture->db), ==, log_before);

  /* Nor can an existing member take someone else's identity. */
  other = hy_test_add_member (fixture, "李四", "13900139000");
  g_assert_false (hy_member_store_add_identity (fixture->members, other, HY_IDENTITY_PHONE, "13800138000", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Adding one's own identity again is harmless. */
  g_assert_true (hy_member_store_add_identity (fixture->members, first, HY_IDENTITY_PHONE, "138 0013 8000", &error));
  g_assert_no_error (error);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM member_identities"), ==, 2);

  /* Owners of a draft's identities, for the "already a member" offer. */
  {
    g_autoptr(GArray) owners = hy_member_store_find_owners (fixture->members, second);

    g_assert_cmpuint (owners->len, ==, 1);
    g_assert_cmpint (g_array_index (owners, gint64, 0), ==, first);
  }
}

static void
test_members_update (HyTestFixture *fixture,
                     gconstpointer  data)
{
  g_autoptr(HyMember) member = NULL;
  g_autoptr(HyMember) again = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = hy_test_add_member (fixture, "王五", "13700137000");

  member = hy_member_store_load (fixture->members, id, &error);
  g_assert_no_error (error);
  hy_member_set_name (member, "王小五");
  hy_member_set_notes (member, "喜欢玫瑰味");
  hy_member_add_tag (member, "VIP");
  g_assert_true (hy_member_add_identity (member, HY_IDENTITY_EMAIL, " WangWu@Example.com ", &error));
  g_assert_true (hy_member_store_update (fixture->members, member, &error));
  g_assert_no_error (error);

  again = hy_member_store_load (fixture->members, id, &error);
  g_assert_cmpstr (hy_member_get_name (again), ==, "王小五");
  g_assert_cmpstr (hy_member_get_notes (again), ==, "喜欢玫瑰味");
  g_assert_true (hy_member_has_tag (again, "VIP"));
  g_assert_cmpstr (hy_member_get_identity (again, HY_IDENTITY_EMAIL), ==, "wangwu@example.com");

  g_assert_true (hy_member_store_remove_tag (fixture->members, id, "VIP", &error));
  g_assert_true (hy_member_store_remove_identity (fixture->members, id, HY_IDENTITY_EMAIL, "wangwu@example.com", &error));
  g_assert_no_error (error);
  g_assert_false (hy_member_store_remove_identity (fixture->members, id, HY_IDENTITY_EMAIL, "nobody@example.com", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM member_tags"), ==, 0);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM change_log WHERE entity = 1 AND op = 2"), ==, 3);
}

static void
test_members_merge (HyTestFixture *fixture,
                    gconstpointer  data)
{
  g_autoptr(HyMember) survivor = NULL;
  g_autoptr(HyMember) merged = NULL;
  g_autoptr(HyMember) b = draft ("", "13900139000", "CARD-9");
  g_autoptr(GError) error = NULL;
  g_autofree char *b_uid = NULL;
  gint64 a, b_id;
  const HyMemberStats *stats;

  a = hy_test_add_member (fixture, "赵六", "13800138000");
  hy_member_set_gender (b, HY_GENDER_FEMALE);
  g_assert_true (hy_member_set_birthday (b, 1985, 7, 9));
  hy_member_set_notes (b, "老顾客");
  hy_member_add_tag (b, "团购");
  g_assert_true (hy_member_store_create (fixture->members, b, &error));
  b_id = hy_member_get_id (b);
  b_uid = g_strdup (hy_member_get_uid (b));
  g_assert_true (hy_member_store_add_tag (fixture->members, a, "团购", &error));

  hy_test_sell (fixture, a, "2024-05-01 10:00", 10000);
  hy_test_sell (fixture, b_id, "2024-05-01 18:00", 5000);   /* same day as a's: one day after merge */
  hy_test_sell (fixture, b_id, "2024-04-01 09:00", 2000);

  g_assert_false (hy_member_store_merge (fixture->members, a, b_id, "店长", "  ", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hy_member_store_merge (fixture->members, a, a, "店长", "同一人", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (hy_member_store_merge (fixture->members, a, b_id, "店长", "同一人两张卡", &error));
  g_assert_no_error (error);

  survivor = hy_member_store_load (fixture->members, a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hy_member_get_identities (survivor)->len, ==, 3);
  g_assert_cmpstr (hy_member_get_identity (survivor, HY_IDENTITY_CARD), ==, "CARD9");   /* dashes are not part of a card number */
  g_assert_cmpint (hy_member_get_gender (survivor), ==, HY_GENDER_FEMALE);   /* blank filled */
  g_assert_cmpstr (hy_member_get_name (survivor), ==, "赵六");                /* kept */
  g_assert_cmpstr (hy_member_get_notes (survivor), ==, "老顾客");
  g_assert_cmpuint (hy_member_get_tags (survivor)->len, ==, 1);

  stats = hy_member_get_stats (survivor);
  g_assert_cmpint (stats->purchase_count, ==, 3);
  g_assert_cmpint (stats->purchase_days, ==, 2);
  g_assert_cmpint (stats->net_spend, ==, 17000);
  g_assert_cmpint (stats->first_purchase_at, ==, hy_test_local_time (fixture->db, "2024-04-01 09:00"));
  hy_test_assert_stats_consistent (fixture, a);
  hy_test_assert_stats_consistent (fixture, b_id);

  /* The old record stays, empty, and resolves to the survivor by id, uid and identity. */
  merged = hy_member_store_load (fixture->members, b_id, &error);
  g_assert_cmpint (hy_member_get_merged_into (merged), ==, a);
  g_assert_cmpint (hy_member_get_stats (merged)->purchase_count, ==, 0);
  g_assert_cmpint (hy_member_store_resolve (fixture->members, b_id), ==, a);
  g_assert_cmpint (hy_member_store_find_by_uid (fixture->members, b_uid), ==, a);
  g_assert_cmpint (hy_member_store_find (fixture->members, HY_IDENTITY_PHONE, "13900139000", &error), ==, a);
  g_assert_cmpint (hy_member_store_count (fixture->members), ==, 1);

  /* Recorded, once. */
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM member_merges WHERE reason = '同一人两张卡' AND actor = '店长'"), ==, 1);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM change_log WHERE entity = 3"), ==, 1);
  g_assert_false (hy_member_store_merge (fixture->members, a, b_id, "店长", "again", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_CONFLICT);
  g_clear_error (&error);

  /* A sale for the merged id goes to the survivor; editing the merged record is refused. */
  hy_test_sell (fixture, b_id, "2024-05-20 10:00", 1000);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT count(*) FROM transactions WHERE member_id = 2"), ==, 0);
  hy_member_set_name (merged, "x");
  g_assert_false (hy_member_store_update (fixture->members, merged, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_CONFLICT);
}

static void
test_members_merge_chain (HyTestFixture *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 a = hy_test_add_member (fixture, "A", "13800000001");
  gint64 b = hy_test_add_member (fixture, "B", "13800000002");
  gint64 c = hy_test_add_member (fixture, "C", "13800000003");

  g_assert_true (hy_member_store_merge (fixture->members, a, b, NULL, "dup", &error));
  g_assert_true (hy_member_store_merge (fixture->members, c, a, NULL, "dup", &error));
  g_assert_no_error (error);

  g_assert_cmpint (hy_member_store_resolve (fixture->members, b), ==, c);
  g_assert_cmpint (hy_test_query_int (fixture->db, "SELECT merged_into FROM members WHERE id = 2"), ==, c);
  g_assert_cmpint (hy_member_store_find (fixture->members, HY_IDENTITY_PHONE, "13800000002", &error), ==, c);
}

static gint64
first_result (HyTestFixture *fixture,
              const char    *query,
              guint         *n_results)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) results = hy_member_store_search (fixture->members, query, 20, &error);

  g_assert_no_error (error);
  *n_results = results->len;
  return results->len > 0 ? g_array_index (results, gint64, 0) : 0;
}

static void
test_members_search (HyTestFixture *fixture,
                     gconstpointer  data)
{
  g_autoptr(HyMember) carded = draft ("Lily Chen", "+852 9123 4567", "8800123");
  g_autoptr(GError) error = NULL;
  gint64 zhang = hy_test_add_member (fixture, "张三", "13800138000");
  gint64 zhang2 = hy_test_add_member (fixture, "张三丰", "13800139999");
  gint64 li = hy_test_add_member (fixture, "李四", "13912345678");
  guint n;

  g_assert_true (hy_member_store_create (fixture->members, carded, &error));
  g_assert_true (hy_member_store_add_tag (fixture->members, li, "瑜伽", &error));

  g_assert_cmpint (first_result (fixture, "138 0013 8000", &n), ==, zhang);
  g_assert_cmpint (first_result (fixture, "1380013", &n), ==, zhang);
  g_assert_cmpuint (n, ==, 2);                                   /* both 138001... */
  g_assert_cmpint (first_result (fixture, "139", &n), ==, li);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (first_result (fixture, "张三", &n), ==, zhang);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (first_result (fixture, "张三丰", &n), ==, zhang2);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (first_result (fixture, "880", &n), ==, hy_member_get_id (carded));
  g_assert_cmpint (first_result (fixture, "+852 9123", &n), ==, hy_member_get_id (carded));
  g_assert_cmpint (first_result (fixture, "Lily", &n), ==, hy_member_get_id (carded));
  g_assert_cmpint (first_result (fixture, "瑜伽", &n), ==, li);
  g_assert_cmpint (first_result (fixture, "王", &n), ==, 0);
  g_assert_cmpint (first_result (fixture, "   ", &n), ==, 0);
}

/* What the member form edits: one identity per kind replaced or removed, tags as text, and a
 * birthday typed with or without the year. */
static void
test_members_form_fields (HyTestFixture *fixture,
                          gconstpointer  data)
{
  g_autoptr(HyMember) member = draft ("李四", "13800138001", NULL);
  g_autoptr(HyMember) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tags = NULL;
  g_autofree char *birthday = NULL;
  gint64 id;

  g_assert_true (hy_member_add_identity (member, HY_IDENTITY_PHONE, "13800138002", &error));
  g_assert_true (hy_member_set_identity (member, HY_IDENTITY_EMAIL, " Li@Example.com ", &error));
  g_assert_no_error (error);
  g_assert_false (hy_member_set_identity (member, HY_IDENTITY_PHONE, "12345", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpstr (hy_member_get_phone (member), ==, "+8613800138001");   /* a refusal changes nothing */

  hy_member_set_tags_text (member, "敏感肌，VIP; 老客、 VIP ,,");
  tags = hy_member_dup_tags_text (member);
  g_assert_cmpstr (tags, ==, "敏感肌, VIP, 老客");

  g_assert_true (hy_member_set_birthday_text (member, "1990-02-28", &error));
  birthday = hy_member_dup_birthday_text (member);
  g_assert_cmpstr (birthday, ==, "1990-02-28");
  g_clear_pointer (&birthday, g_free);
  g_assert_true (hy_member_set_birthday_text (member, "02-29", &error));
  g_assert_no_error (error);
  birthday = hy_member_dup_birthday_text (member);
  g_assert_cmpstr (birthday, ==, "--02-29");
  g_clear_pointer (&birthday, g_free);
  g_assert_false (hy_member_set_birthday_text (member, "1990-02-30", &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hy_member_set_birthday_text (member, "13-01", &error));
  g_clear_error (&error);
  birthday = hy_member_dup_birthday_text (member);
  g_assert_cmpstr (birthday, ==, "--02-29");                /* kept */
  g_clear_pointer (&birthday, g_free);

  g_assert_true (hy_member_store_create (fixture->members, member, &error));
  g_assert_no_error (error);
  id = hy_member_get_id (member);

  /* Editing replaces the first phone, keeps the second, and removes the e-mail. */
  g_assert_true (hy_member_set_identity (member, HY_IDENTITY_PHONE, "139 0013 9001", &error));
  g_assert_true (hy_member_set_identity (member, HY_IDENTITY_EMAIL, "", &error));
  g_assert_true (hy_member_set_birthday_text (member, "", &error));
  g_assert_true (hy_member_store_update (fixture->members, member, &error));
  g_assert_no_error (error);
  loaded = hy_member_store_load (fixture->members, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hy_member_store_find (fixture->members, HY_IDENTITY_PHONE, "13900139001", &error), ==, id);
  g_assert_null (hy_member_get_identity (loaded, HY_IDENTITY_EMAIL));
  g_assert_cmpint (hy_member_store_find (fixture->members, HY_IDENTITY_PHONE, "13800138002", &error), ==, id);
  g_assert_cmpint (hy_member_store_find (fixture->members, HY_IDENTITY_PHONE, "13800138001", &error), ==, 0);
  birthday = hy_member_dup_birthday_text (loaded);
  g_assert_cmpstr (birthday, ==, "");
  g_assert_cmpuint (hy_member_get_tags (loaded)->len, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/members/birthday-rules", test_members_birthday_rules);
  HY_TEST_ADD ("/core/members/create-and-find", test_members_create_and_find);
  HY_TEST_ADD ("/core/members/oneid-conflict", test_members_oneid_conflict);
  HY_TEST_ADD ("/core/members/update", test_members_update);
  HY_TEST_ADD ("/core/members/form-fields", test_members_form_fields);
  HY_TEST_ADD ("/core/members/merge", test_members_merge);
  HY_TEST_ADD ("/core/members/merge-chain", test_members_merge_chain);
  HY_TEST_ADD ("/core/members/search", test_members_search);
  return g_test_run ();
}
