/* hy-member-list.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hy-database.h"

G_BEGIN_DECLS

/* The columns the members list sorts by.  Ties are broken by member id, in the same direction. */
typedef enum
{
  HY_MEMBER_SORT_NAME,
  HY_MEMBER_SORT_JOINED,
  HY_MEMBER_SORT_LAST_PURCHASE,   /* never bought sorts before everyone ascending */
  HY_MEMBER_SORT_SPEND,
  HY_MEMBER_SORT_PURCHASES,
  HY_MEMBER_SORT_POINTS,
  HY_MEMBER_SORT_TIER,            /* by level; no tier sorts before the lowest level ascending */
  HY_MEMBER_SORT_RFM_CLASS,       /* HyRfmClass order; no saved analysis sorts last ascending */
  HY_MEMBER_SORT_STAGE,           /* HyStage order; no saved analysis sorts last ascending */
  HY_N_MEMBER_SORTS
} HyMemberSort;

/* Members matching a search are gathered first, at most this many; the list then sorts and
 * filters those. */
#define HY_MEMBER_LIST_SEARCH_CAP 2000

/* HY_MEMBER_LIST_NO_TIER as tier_id: only members without a tier. */
#define HY_MEMBER_LIST_NO_TIER (-1)

/* A filter by the analysis kept for the list (hy-member-analysis.h). */
typedef enum
{
  HY_MEMBER_FILTER_NONE,
  HY_MEMBER_FILTER_RFM_CLASS,   /* filter_value: a HyRfmClass */
  HY_MEMBER_FILTER_STAGE,       /* filter_value: a HyStage */
  HY_N_MEMBER_FILTERS
} HyMemberFilter;

typedef struct
{
  HyMemberSort  sort;
  gboolean      descending;
  gint64        tier_id;   /* 0: any */
  const char   *tag;       /* NULL or "": any */
  const char   *search;    /* NULL or "": everyone; else as hy_member_store_search, and any
                            * part (3 digits or more) of a phone number */
  HyMemberFilter filter;         /* with filter_value: members of one RFM class or stage */
  int           filter_value;
  const GArray *ids;       /* NULL: everyone; else only these members (gint64, ascending), as a
                            * segment or a dashboard chart's bin selects them */
} HyMemberListQuery;

/* One row of the list: what its columns show. */
typedef struct
{
  gint64  id;
  char   *name;
  char   *phone;              /* the first phone, normalised, or NULL */
  char   *card;               /* the first card number, or NULL */
  gint64  joined_at;
  gint64  last_purchase_at;   /* 0: never */
  gint64  purchase_count;
  gint64  net_spend;          /* minor units */
  gint64  points;             /* balance */
  gint64  tier_id;            /* 0: none */
  int     tier_level;         /* -1: none */
  char   *tier_name;          /* NULL: none */
  int     rfm_class;          /* HyRfmClass as of the dashboard's last run, -1: no analysis */
  int     stage;              /* HyStage likewise, -1: no analysis */
} HyMemberRow;

void hy_member_row_free (HyMemberRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyMemberRow, hy_member_row_free)

#define HY_TYPE_MEMBER_LIST (hy_member_list_get_type ())

G_DECLARE_FINAL_TYPE (HyMemberList, hy_member_list, HY, MEMBER_LIST, GObject)

HyMemberList *hy_member_list_new        (HyDatabase               *db,
                                         const HyMemberListQuery  *query,
                                         GCancellable             *cancellable,
                                         GError                  **error);
guint64       hy_member_list_get_count  (HyMemberList             *self);
gboolean      hy_member_list_get_capped (HyMemberList             *self);
GArray       *hy_member_list_fetch_ids  (HyMemberList             *self,
                                         guint64                   offset,
                                         guint                     limit,
                                         GError                  **error);
GPtrArray    *hy_member_list_fetch      (HyMemberList             *self,
                                         guint64                   offset,
                                         guint                     limit,
                                         GCancellable             *cancellable,
                                         GError                  **error);
HyMemberRow  *hy_member_list_load_row   (HyDatabase               *db,
                                         gint64                    member_id,
                                         GError                  **error);

/* Every tag in use with how many members carry it, most used first. */
typedef struct
{
  char   *tag;
  gint64  members;
} HyTagCount;

void          hy_tag_count_free         (HyTagCount               *count);
GPtrArray    *hy_member_list_tags       (HyDatabase               *db,
                                         guint                     limit,
                                         GError                  **error);

G_END_DECLS
