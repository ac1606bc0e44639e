/* hy-points-ledger.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hy-database.h"

G_BEGIN_DECLS

/* Stored in points_ledger.kind: never renumber. */
typedef enum
{
  HY_POINTS_EARN     = 1,  /* a purchase */
  HY_POINTS_REDEEM   = 2,  /* spent as payment or on a reward */
  HY_POINTS_EXPIRE   = 3,  /* what was left of an award on its expiry day */
  HY_POINTS_ADJUST   = 4,  /* by hand, with a reason */
  HY_POINTS_SIGNUP   = 5,
  HY_POINTS_CHECKIN  = 6,
  HY_POINTS_CLAWBACK = 7,  /* a refund takes back what its sale earned */
  HY_POINTS_RETURN   = 8,  /* a refund gives back points spent on its sale */
  HY_POINTS_REFERRAL = 9,  /* a referrer's reward for a referred member's first sale; negative
                            * when a refund of that sale takes it back */
  HY_POINTS_TRANSFER = 10, /* a lot moved by a merge: out of the merged record, into the survivor */
} HyPointsKind;

/* A member's points as of now.  balance = available + pending; points of an award whose expiry
 * has passed count nowhere, even before the expiry entry is written. */
typedef struct
{
  gint64 balance;
  gint64 available;       /* usable now */
  gint64 pending;         /* earned, usable from a later day (T+1) */
  gint64 expiring_soon;   /* part of balance that expires within points.expiring_soon_days */
  gint64 next_expiry_at;  /* when the soonest of those expire; 0 when none */
} HyPointsSummary;

/* One line of a statement. */
typedef struct
{
  gint64        id;
  HyPointsKind  kind;
  gint64        points;          /* signed */
  gint64        balance_after;   /* the sum of the entries up to and including this one */
  gint64        occurred_at;
  gint64        available_at;
  gint64        expires_at;      /* 0: never, or not a credit */
  gint64        transaction_id;  /* 0: none */
  char         *reason;
} HyPointsEntry;

void hy_points_entry_free (HyPointsEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyPointsEntry, hy_points_entry_free)

/* What a purchase earns on: the amount paid in money (not in points), split by category. */
typedef struct
{
  const char *category;
  gint64      amount;
} HyEarnLine;

typedef struct
{
  gint64            member_id;
  gint64            occurred_at;     /* 0: now */
  gint64            earnable;        /* minor units that earn points */
  const HyEarnLine *lines;           /* optional: weights the categories; earnable is split over them */
  guint             n_lines;
  guint             tier_percent;    /* the member's tier multiplier; 0 means 100 */
  gint64            transaction_id;  /* 0: none */
} HyEarnRequest;

/* The store's points rules (settings points.*), with the defaults the ledger uses. */
typedef struct
{
  gint64 earn_points;             /* earned for every earn_unit (minor units) spent */
  gint64 earn_unit;
  gint64 available_after_days;    /* 1: T+1 */
  gint64 expiry_months;           /* 0: never */
  gint64 redeem_points;           /* that pay redeem_value (minor units) */
  gint64 redeem_value;
  gint64 redeem_cap_percent;      /* most of an order points may pay */
  gint64 member_day_weekday;      /* 1 Monday .. 7 Sunday; 0: none */
  gint64 member_day_monthday;     /* 1 .. 31; 0: none */
  gint64 member_day_percent;
  gint64 birthday_month_percent;
  gint64 signup_points;
  gint64 checkin_points;
  gint64 referral_points;
} HyPointsRules;

void            hy_points_rules_load            (HyDatabase           *db,
                                                 HyPointsRules        *out);

const char     *hy_points_kind_to_string        (HyPointsKind          kind);

#define HY_TYPE_POINTS_LEDGER (hy_points_ledger_get_type ())

G_DECLARE_FINAL_TYPE (HyPointsLedger, hy_points_ledger, HY, POINTS_LEDGER, GObject)

HyPointsLedger *hy_points_ledger_new            (HyDatabase           *db);
gboolean        hy_points_ledger_get_summary    (HyPointsLedger       *self,
                                                 gint64                member_id,
                                                 HyPointsSummary      *out,
                                                 GError              **error);
GPtrArray      *hy_points_ledger_list_entries   (HyPointsLedger       *self,
                                                 gint64                member_id,
                                                 GError              **error);
gint64          hy_points_ledger_compute_earn   (HyPointsLedger       *self,
                                                 const HyEarnRequest  *request,
                                                 GError              **error);
gint64          hy_points_ledger_earn           (HyPointsLedger       *self,
                                                 const HyEarnRequest  *request,
                                                 const char           *idempotency_key,
                                                 gint64               *out_points,
                                                 gboolean             *out_replayed,
                                                 GError              **error);
gint64          hy_points_ledger_adjust         (HyPointsLedger       *self,
                                                 gint64                member_id,
                                                 gint64                points,
                                                 const char           *reason,
                                                 const char           *idempotency_key,
                                                 gboolean             *out_replayed,
                                                 GError              **error);
gint64          hy_points_ledger_redeem         (HyPointsLedger       *self,
                                                 gint64                member_id,
                                                 gint64                points,
                                                 const char           *reason,
                                                 const char           *idempotency_key,
                                                 gboolean             *out_replayed,
                                                 GError              **error);
gint64          hy_points_ledger_award_signup   (HyPointsLedger       *self,
                                                 gint64                member_id,
                                                 gboolean             *out_replayed,
                                                 GError              **error);
gint64          hy_points_ledger_check_in       (HyPointsLedger       *self,
                                                 gint64                member_id,
                                                 gboolean             *out_replayed,
                                                 GError              **error);
gint64          hy_points_ledger_expire_due     (HyPointsLedger       *self,
                                                 GError              **error);

gint64          hy_points_to_value              (HyDatabase           *db,
                                                 gint64                points);
gint64          hy_points_for_value             (HyDatabase           *db,
                                                 gint64                value);

G_END_DECLS
