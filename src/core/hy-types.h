/* hy-types.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Stored as integers: never renumber. */
typedef enum
{
  HY_GENDER_UNKNOWN = 0,
  HY_GENDER_FEMALE  = 1,
  HY_GENDER_MALE    = 2,
} HyGender;

/* The ways a member can be recognised (OneID).  Stored by name. */
typedef enum
{
  HY_IDENTITY_PHONE,
  HY_IDENTITY_CARD,
  HY_IDENTITY_WECHAT,
  HY_IDENTITY_EMAIL,
  HY_IDENTITY_EXTERNAL,
  HY_N_IDENTITY_KINDS
} HyIdentityKind;

typedef struct
{
  HyIdentityKind  kind;
  char           *value;   /* normalised */
} HyIdentity;

/* Per-member aggregates kept current with every sale and refund (table member_stats). */
typedef struct
{
  gint64 first_purchase_at;  /* 0 when no purchase yet */
  gint64 last_purchase_at;
  gint64 purchase_count;     /* sales not refunded in full */
  gint64 purchase_days;      /* distinct local days with such a sale */
  gint64 refund_count;
  gint64 sales_total;        /* minor units */
  gint64 refund_total;       /* minor units, positive */
  gint64 net_spend;          /* sales_total - refund_total */
  double quantity_total;
} HyMemberStats;

G_END_DECLS
