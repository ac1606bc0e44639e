/* hy-coupon-store.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hy-database.h"

G_BEGIN_DECLS

/* Stored in coupon_templates.kind: never renumber. */
typedef enum
{
  HY_COUPON_THRESHOLD_OFF = 1,  /* 满减: amount off once the order in scope reaches threshold */
  HY_COUPON_PERCENT_OFF   = 2,  /* percent off what is in scope, rounded down to the minor unit */
  HY_COUPON_AMOUNT_OFF    = 3,  /* amount off, no threshold */
  HY_COUPON_GIFT          = 4,  /* one unit of the cheapest line in scope free, up to amount (0: any) */
} HyCouponKind;

/* Stored in coupons.state: never renumber. */
typedef enum
{
  HY_COUPON_ISSUED   = 0,
  HY_COUPON_REDEEMED = 1,
  HY_COUPON_VOID     = 2,
} HyCouponState;

typedef struct
{
  gint64        id;
  char         *name;
  HyCouponKind  kind;
  gint64        amount;            /* minor units off (THRESHOLD_OFF, AMOUNT_OFF), or a gift's cap */
  gint64        threshold;         /* minor units in scope, at member price, the order must reach */
  int           percent;           /* PERCENT_OFF: 20 takes 20% off (8折) */
  char         *category;          /* "" or NULL: the whole order */
  gint64        valid_from;        /* fixed validity: 0 from the issue */
  gint64        valid_until;       /* fixed validity: exclusive end; 0 none */
  int           valid_days;        /* N days from the issue day, to the end of its Nth day; 0 none */
  int           per_member_limit;  /* how many a member may hold, voided ones aside; 0: no limit */
  gboolean      stackable;         /* may be combined with other stackable coupons */
} HyCouponTemplate;

typedef struct
{
  gint64         id;
  gint64         template_id;
  char          *template_name;
  gint64         member_id;
  char          *code;             /* 11 digits, the last a Luhn check digit */
  gint64         issued_at;
  gint64         valid_from;
  gint64         valid_until;      /* exclusive */
  HyCouponState  state;
  gint64         transaction_id;   /* the sale that redeemed it */
  gint64         saving;
  gint64         voided_at;
  char          *void_reason;
} HyCoupon;

/* How many coupons a template issued, and what became of them. */
typedef struct
{
  gint64  template_id;
  gint64  issued;     /* all ever issued, redeemed and voided ones included */
  gint64  redeemed;
  gint64  voided;
} HyCouponCounts;

/* One coupon considered at a checkout: used with its saving, or not, and why not. */
typedef struct
{
  gint64    coupon_id;
  char     *code;
  char     *name;       /* the template's */
  gint64    saving;
  gboolean  applied;
  char     *reason;     /* why it does not apply; NULL when applied */
} HyCouponUse;

void              hy_coupon_use_free            (HyCouponUse      *use);

HyCouponTemplate *hy_coupon_template_new        (void);
void              hy_coupon_template_free       (HyCouponTemplate *tmpl);
void              hy_coupon_free                (HyCoupon         *coupon);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyCouponTemplate, hy_coupon_template_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyCoupon, hy_coupon_free)

gboolean          hy_coupon_template_validate   (const HyCouponTemplate *tmpl,
                                                 GError          **error);

const char       *hy_coupon_kind_to_string      (HyCouponKind      kind);
gboolean          hy_coupon_kind_from_string    (const char       *text,
                                                 HyCouponKind     *out);
const char       *hy_coupon_state_to_string     (HyCouponState     state);

/* Codes: digits only once spaces and dashes are taken out. */
char             *hy_coupon_code_normalize      (const char       *text,
                                                 GError          **error);
char              hy_coupon_code_check_digit    (const char       *digits);

#define HY_TYPE_COUPON_STORE (hy_coupon_store_get_type ())

G_DECLARE_FINAL_TYPE (HyCouponStore, hy_coupon_store, HY, COUPON_STORE, GObject)

HyCouponStore    *hy_coupon_store_new             (HyDatabase          *db);
gint64            hy_coupon_store_define          (HyCouponStore       *self,
                                                   const HyCouponTemplate *tmpl,
                                                   GError             **error);
gboolean          hy_coupon_store_update_template (HyCouponStore       *self,
                                                   const HyCouponTemplate *tmpl,
                                                   GError             **error);
GPtrArray        *hy_coupon_store_list_templates  (HyCouponStore       *self,
                                                   GError             **error);
GArray           *hy_coupon_store_count_by_template (HyCouponStore     *self,
                                                   GError             **error);
HyCouponTemplate *hy_coupon_store_find_template   (HyCouponStore       *self,
                                                   const char          *name,
                                                   GError             **error);
GPtrArray        *hy_coupon_store_issue           (HyCouponStore       *self,
                                                   gint64               template_id,
                                                   const gint64        *member_ids,
                                                   guint                n_members,
                                                   const char          *idempotency_key,
                                                   GError             **error);
GPtrArray        *hy_coupon_store_list            (HyCouponStore       *self,
                                                   gint64               member_id,
                                                   GError             **error);
HyCoupon         *hy_coupon_store_find_code       (HyCouponStore       *self,
                                                   const char          *code,
                                                   GError             **error);
gboolean          hy_coupon_store_void            (HyCouponStore       *self,
                                                   const char          *code,
                                                   const char          *reason,
                                                   GError             **error);

G_END_DECLS
