/* hy-test-util.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hy-database.h"
#include "hy-import.h"
#include "hy-member-store.h"
#include "hy-purchase-store.h"

G_BEGIN_DECLS

/* Each test gets a fresh database file in its own temporary folder (time zone Asia/Shanghai,
 * "now" fixed at 2024-06-01 12:00 local), removed again afterwards. */
typedef struct
{
  char            *dir;
  char            *path;
  HyDatabase      *db;
  HyMemberStore   *members;
  HyPurchaseStore *purchases;
} HyTestFixture;

void    hy_test_fixture_setup    (HyTestFixture *fixture,
                                  gconstpointer  data);
void    hy_test_fixture_teardown (HyTestFixture *fixture,
                                  gconstpointer  data);

char   *hy_test_make_tmpdir      (void);
void    hy_test_remove_tree      (const char    *path);
gint64  hy_test_local_time       (HyDatabase    *db,
                                  const char    *text);
gint64  hy_test_add_member       (HyTestFixture *fixture,
                                  const char    *name,
                                  const char    *phone);
gint64  hy_test_sell             (HyTestFixture *fixture,
                                  gint64         member_id,
                                  const char    *when,
                                  gint64         amount);
gint64  hy_test_query_int        (HyDatabase    *db,
                                  const char    *sql);
char   *hy_test_query_text       (HyDatabase    *db,
                                  const char    *sql);
char   *hy_test_file_checksum    (const char    *path);
gint64  hy_test_define_tier      (HyDatabase    *db,
                                  int            level,
                                  const char    *name,
                                  gint64         min_spend);
void    hy_test_assert_stats_consistent (HyTestFixture *fixture,
                                  gint64         member_id);
HyImportProblem *hy_test_problem_at (HyImportReport *report,
                                     guint           line);

#define HY_TEST_ADD(path, func) \
  g_test_add (path, HyTestFixture, NULL, hy_test_fixture_setup, func, hy_test_fixture_teardown)

G_END_DECLS
