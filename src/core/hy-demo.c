/* hy-demo.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Demo data that behaves like a real store's, so that every chart and warning has something true
 * to show.  Members buy by the process the BG/NBD model assumes: each has a purchase rate drawn
 * from a gamma distribution and, after every purchase, a chance of leaving for good drawn from a
 * beta distribution; spend per visit follows the Gamma-Gamma model.  That gives many one-time
 * buyers, a loyal core and members who slip away.  The same seed gives the same store.
 */

#define G_LOG_DOMAIN "hy-demo"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "hy-change-log.h"
#include "hy-database-private.h"
#include "hy-demo.h"
#include "hy-error.h"
#include "hy-member-private.h"
#include "hy-member-stats-private.h"
#include "hy-member-store-private.h"
#include "hy-purchase-store.h"
#include "hy-purchase-store-private.h"
#include "hy-random-private.h"
#include "hy-time.h"
#include "hy-uuid.h"

/* Model parameters, per day.  r < 1 makes purchase rates very unequal; Beta(1, 6) makes most
 * members stay for several purchases while some leave after the first. */
#define RATE_SHAPE     0.9
#define DROPOUT_A      1.0
#define DROPOUT_B      6.0
#define SPEND_P        6.0
#define SPEND_Q        4.0
#define PURCHASER_SHARE 0.88
#define WALK_IN_SHARE  0.12
#define REFUND_SHARE   0.015

typedef struct
{
  gint64 joined_at;
  gint32 join_day;       /* local day of joining (and of the first purchase) */
  float  rate;           /* purchases per day while alive, before scaling */
  float  dropout;        /* chance of leaving after each purchase */
  float  spend_rate;     /* Gamma-Gamma nu */
  gint32 delta;          /* purchases added (> 0) or dropped (< 0) to hit the exact total */
  guint8 store;          /* index into the stores */
  guint8 favourite;      /* index into the catalog */
  guint8 purchaser;
} DemoMember;

typedef struct
{
  HyDatabase           *db;
  const HyDemoOptions  *options;
  const HyIndustryInfo *info;
  HyDemoResult         *result;
  DemoMember           *members;
  guint                *order;        /* member indices by join time */
  GArray               *stores;       /* gint64 store ids */
  gint32                start_day;
  gint32                end_day;
  double                scale;        /* multiplies every member's rate */
  guint64               sales_target;
  guint64               refunds_target;
  guint64               sale_counter;
} Demo;

static const char * const surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
  "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
  "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
  "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏",
};

static const char * const given_chars[] = {
  "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
  "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "萍", "红", "鹏", "辉", "婷", "雪", "琳",
  "晨", "欣", "宇", "浩", "然", "子", "涵", "思", "雨", "梓", "轩", "一", "诺", "嘉", "怡", "佳",
  "文", "博", "悦", "晓", "梅", "兰", "春", "燕", "海", "波", "宁", "颖", "慧", "倩", "蕾", "瑶",
};

static const char * const mobile_prefixes[] = {
  "138", "139", "137", "136", "135", "150", "151", "152", "158", "159", "186", "187",
  "188", "189", "177", "176", "199", "198", "131", "132", "133", "153", "180", "181",
};

typedef struct
{
  const char *code;
  double      weight;
} WeightedCode;

static const WeightedCode channels[] = {
  { "store", 0.55 }, { "miniapp", 0.20 }, { "meituan", 0.10 }, { "referral", 0.10 }, { "event", 0.05 },
};

static const WeightedCode payment_methods[] = {
  { "wechat", 0.55 }, { "alipay", 0.25 }, { "card", 0.10 }, { "cash", 0.10 },
};

static void
member_rng (HyRandom *rng,
            guint64   seed,
            guint64   index,
            guint64   stream)
{
  hy_random_init (rng, hy_random_mix (seed ^ hy_random_mix (index * 4 + stream)));
}

static void
init_member (Demo       *demo,
             guint64     index,
             DemoMember *m)
{
  HyRandom rng;
  gint32 span = demo->end_day - demo->start_day;
  double nu_scale;

  member_rng (&rng, demo->options->seed, index, 0);

  /* More members joined recently than long ago: a store that grows. */
  m->join_day = demo->start_day + (gint32) (span * sqrt (hy_random_double (&rng)));
  m->rate = hy_random_gamma (&rng, RATE_SHAPE, 1.0 / RATE_SHAPE);
  m->dropout = hy_random_beta (&rng, DROPOUT_A, DROPOUT_B);
  /* nu ~ Gamma(q, gamma) with gamma chosen so that the mean ticket matches the industry. */
  nu_scale = 1.0 / (demo->info->mean_ticket * (SPEND_Q - 1.0) / SPEND_P);
  m->spend_rate = hy_random_gamma (&rng, SPEND_Q, nu_scale);
  m->store = hy_random_double (&rng) < 0.6 ? 0 : hy_random_below (&rng, demo->stores->len);
  m->favourite = hy_random_below (&rng, demo->info->n_catalog);
}

/* Walks the member's purchases: the first on the day of joining, then exponential gaps until
 * the member leaves or the history ends.  Fills @days (when given) and returns the count. */
static guint
simulate_member (Demo             *demo,
                 guint64           index,
                 const DemoMember *m,
                 double            scale,
                 guint             limit,
                 gint32           *days)
{
  double rate = m->rate * scale;
  double t = m->join_day;
  HyRandom rng;
  guint n = 0;

  member_rng (&rng, demo->options->seed, index, 1);

  for (;;)
    {
      if (days != NULL)
        days[n] = (gint32) t;
      n++;
      if (n >= limit || n >= 4 * (guint) (demo->end_day - m->join_day + 1) ||
          hy_random_double (&rng) < m->dropout)
        break;
      t += hy_random_exponential (&rng, rate);
      if (t >= demo->end_day + 1)
        break;
    }

  return n;
}

/* Finds the rate scale at which the members' purchases add up to the sales wanted.  Counting is
 * monotone in the scale (the same random numbers, shorter gaps), so bisection works; a sample of
 * the members is enough to get close, the exact total is fixed per member afterwards. */
static void
calibrate_scale (Demo    *demo,
                 guint64  n_purchasers)
{
  guint64 n = demo->options->n_members;
  guint64 step = MAX (1, n / 50000);
  guint64 sampled = 0;
  double wanted;
  double lo = 1e-7, hi = 10.0;

  for (guint64 i = 0; i < n; i += step)
    sampled += demo->members[i].purchaser;
  wanted = (double) demo->sales_target * sampled / n_purchasers;

  for (guint iteration = 0; iteration < 48; iteration++)
    {
      double mid = sqrt (lo * hi);
      guint64 total = 0;

      /* Stop counting as soon as the answer is clear: a far too high scale would otherwise
       * simulate thousands of purchases per member. */
      for (guint64 i = 0; i < n && total <= 2 * wanted; i += step)
        if (demo->members[i].purchaser)
          total += simulate_member (demo, i, &demo->members[i], mid, G_MAXUINT, NULL);

      if (total < wanted)
        lo = mid;
      else
        hi = mid;
    }

  demo->scale = sqrt (lo * hi);
}

/* Adds or drops single purchases across random members until the total is exact. */
static void
fix_total (Demo    *demo,
           guint64  n_purchasers)
{
  guint64 n = demo->options->n_members;
  gint64 total = 0;
  gint64 diff;
  HyRandom rng;
  guint *counts = g_new (guint, n);

  for (guint64 i = 0; i < n; i++)
    {
      counts[i] = demo->members[i].purchaser
                    ? simulate_member (demo, i, &demo->members[i], demo->scale, G_MAXUINT, NULL)
                    : 0;
      total += counts[i];
    }

  hy_random_init (&rng, demo->options->seed ^ 0x5eed);
  diff = (gint64) demo->sales_target - total;

  while (diff != 0 && n_purchasers > 0)
    {
      guint64 i = ((guint64) hy_random_below (&rng, (guint32) MIN (n, G_MAXUINT32)));
      DemoMember *m = &demo->members[i];

      if (!m->purchaser)
        continue;
      if (diff > 0)
        {
          m->delta++;
          diff--;
        }
      else if ((gint64) counts[i] + m->delta >= 2)
        {
          m->delta--;
          diff++;
        }
    }

  g_free (counts);
}

static const char *
pick_weighted (HyRandom           *rng,
               const WeightedCode *table,
               guint               n)
{
  double u = hy_random_double (rng);

  for (guint i = 0; i + 1 < n; i++)
    {
      if (u < table[i].weight)
        return table[i].code;
      u -= table[i].weight;
    }

  return table[n - 1].code;
}

static char *
make_name (HyRandom *rng)
{
  const char *surname = surnames[hy_random_below (rng, G_N_ELEMENTS (surnames))];
  const char *first = given_chars[hy_random_below (rng, G_N_ELEMENTS (given_chars))];

  if (hy_random_double (rng) < 0.35)
    return g_strconcat (surname, first, NULL);

  return g_strconcat (surname, first, given_chars[hy_random_below (rng, G_N_ELEMENTS (given_chars))], NULL);
}

/* Unique per index: 48271 is coprime with 10^8, so index -> suffix is one-to-one. */
static char *
make_phone (guint64 seed,
            guint64 index,
            const char *prefix)
{
  guint64 suffix = (index * 48271 + hy_random_mix (seed) % 100000000) % 100000000;

  if (prefix == NULL)
    prefix = mobile_prefixes[hy_random_mix (seed ^ index) % G_N_ELEMENTS (mobile_prefixes)];
  return g_strdup_printf ("%s%08" G_GUINT64_FORMAT, prefix, suffix);
}

static char *
make_openid (HyRandom *rng)
{
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
  char id[29];

  id[0] = 'o';
  for (guint i = 1; i < 28; i++)
    id[i] = alphabet[hy_random_below (rng, 64)];
  id[28] = '\0';

  return g_strdup (id);
}

static HyMember *
make_member (Demo       *demo,
             guint64     index,
             DemoMember *m)
{
  const HyIndustryInfo *info = demo->info;
  g_autoptr(HyMember) member = hy_member_new ();
  g_autofree char *phone = make_phone (demo->options->seed, index, NULL);
  g_autofree char *name = NULL;
  HyRandom rng;

  member_rng (&rng, demo->options->seed, index, 2);
  name = make_name (&rng);

  hy_member_set_name (member, name);
  hy_member_set_gender (member, hy_random_double (&rng) < info->female_share ? HY_GENDER_FEMALE : HY_GENDER_MALE);
  if (hy_random_double (&rng) < 0.85)
    {
      int year = 1960 + hy_random_below (&rng, 47);
      int month = 1 + hy_random_below (&rng, 12);
      int day = 1 + hy_random_below (&rng, g_date_get_days_in_month (month, year));

      hy_member_set_birthday (member, year, month, day);
    }
  hy_member_set_home_store (member, g_array_index (demo->stores, gint64, m->store));
  hy_member_set_channel (member, pick_weighted (&rng, channels, G_N_ELEMENTS (channels)));
  hy_member_add_identity (member, HY_IDENTITY_PHONE, phone, NULL);

  if (hy_random_double (&rng) < 0.7)
    {
      g_autofree char *card = g_strdup_printf ("8%09" G_GUINT64_FORMAT, index + 1);

      hy_member_add_identity (member, HY_IDENTITY_CARD, card, NULL);
    }
  if (hy_random_double (&rng) < 0.4)
    {
      g_autofree char *openid = make_openid (&rng);

      hy_member_add_identity (member, HY_IDENTITY_WECHAT, openid, NULL);
    }
  if (hy_random_double (&rng) < 0.3)
    {
      guint n_tags = g_strv_length ((char **) info->tags);

      hy_member_add_tag (member, info->tags[hy_random_below (&rng, n_tags)]);
      if (hy_random_double (&rng) < 0.3)
        hy_member_add_tag (member, info->tags[hy_random_below (&rng, n_tags)]);
    }

  if (demo->options->dirty && hy_random_double (&rng) < 0.03)
    {
      hy_member_set_name (member, "");
      demo->result->unnamed++;
    }

  return g_steal_pointer (&member);
}

static gint64
time_on_day (Demo     *demo,
             HyRandom *rng,
             gint32    day)
{
  GTimeZone *tz = hy_database_get_time_zone (demo->db);
  int y, mo, d;
  /* Opening hours 9:00-21:00 with the evening busier than the morning. */
  int minute = 9 * 60 + (int) (720 * sqrt (hy_random_double (rng)));

  hy_time_day_to_ymd (day, &y, &mo, &d);
  return hy_time_from_local (tz, y, mo, d, MIN (minute / 60, 20), minute % 60,
                             hy_random_below (rng, 60));
}

/* Fills the basket until it is worth about @target yuan, favouring the member's usual line. */
static guint
make_basket (Demo          *demo,
             HyRandom      *rng,
             double         target,
             guint          favourite,
             HyLineItem    *items)
{
  const HyIndustryInfo *info = demo->info;
  const HyCatalogItem *usual = &info->catalog[favourite];
  double total = 0;
  guint n = 0;

  while (n < 6 && (n == 0 || total < target * 0.85))
    {
      const HyCatalogItem *item;

      if (hy_random_double (rng) < 0.6)
        {
          /* Something from the usual category. */
          guint start = hy_random_below (rng, info->n_catalog);

          item = usual;
          for (guint k = 0; k < info->n_catalog; k++)
            {
              const HyCatalogItem *candidate = &info->catalog[(start + k) % info->n_catalog];

              if (g_str_equal (candidate->category, usual->category))
                {
                  item = candidate;
                  break;
                }
            }
        }
      else
        item = &info->catalog[hy_random_below (rng, info->n_catalog)];

      items[n] = (HyLineItem) {
        .sku = item->sku, .name = item->name, .category = item->category,
        .quantity = 1, .unit_price = item->price,
      };
      if (item->price / 100.0 < target / 4 && hy_random_double (rng) < 0.4)
        items[n].quantity = 2;
      total += item->price * items[n].quantity / 100.0;
      n++;
    }

  return n;
}

/* Writes one sale with its basket and payment; @row comes back with the amounts. */
static gint64
write_sale (Demo              *demo,
            HyRandom          *rng,
            HyTransactionRow  *row,
            double             spend_rate,
            guint              favourite,
            GError           **error)
{
  HyLineItem items[6];
  HyPayment payment;
  double target = hy_random_gamma (rng, SPEND_P, 1.0 / spend_rate);
  guint n_items = make_basket (demo, rng, target, favourite, items);
  gint64 id;

  row->kind = HY_TRANSACTION_SALE;
  row->channel = "store";
  row->gross = 0;
  row->discount = 0;
  row->quantity = 0;
  for (guint i = 0; i < n_items; i++)
    {
      row->gross += _hy_line_item_amount (&items[i]);
      row->quantity += items[i].quantity;
    }
  row->has_quantity = TRUE;
  if (hy_random_double (rng) < 0.15)
    row->discount = (gint64) (row->gross * (0.05 + 0.1 * hy_random_double (rng)) / 100) * 100;

  if ((id = _hy_transaction_insert (demo->db, row, error)) <= 0)
    return -1;
  for (guint i = 0; i < n_items; i++)
    if (!_hy_transaction_insert_item (demo->db, id, i + 1, &items[i], error))
      return -1;

  payment.method = pick_weighted (rng, payment_methods, G_N_ELEMENTS (payment_methods));
  payment.amount = row->gross - row->discount;
  if (!_hy_transaction_insert_payments (demo->db, id, &payment, 1, error))
    return -1;

  return id;
}

static int
compare_days (gconstpointer a,
              gconstpointer b)
{
  gint32 x = *(const gint32 *) a;
  gint32 y = *(const gint32 *) b;

  return (x > y) - (x < y);
}

/* The days on which the member buys, in order, after the exact-total correction. */
static gint32 *
purchase_days (Demo       *demo,
               guint64     index,
               DemoMember *m,
               HyRandom   *rng,
               guint      *out_n)
{
  guint n = simulate_member (demo, index, m, demo->scale, G_MAXUINT, NULL);
  guint kept = m->delta < 0 ? n + m->delta : n;
  guint extra = m->delta > 0 ? m->delta : 0;
  gint32 *days = g_new (gint32, n + extra);

  simulate_member (demo, index, m, demo->scale, kept, days);
  for (guint i = 0; i < extra; i++)
    days[kept + i] = m->join_day + hy_random_below (rng, demo->end_day - m->join_day + 1);
  qsort (days + 1, kept + extra - 1, sizeof (gint32), compare_days);

  *out_n = kept + extra;
  return days;
}

static gboolean
refund_some (Demo             *demo,
             HyPurchaseStore  *purchases,
             HyRandom         *rng,
             gint64            sale_id,
             gint64            sale_at,
             gint64            net,
             GError          **error)
{
  gint64 end = hy_time_day_start (hy_database_get_time_zone (demo->db), demo->end_day + 1) - 1;
  gint64 later = sale_at + 3600 * (gint64) (2 + hy_random_below (rng, 24 * 7));
  HyRefund refund = {
    .sale_id = sale_id,
    .occurred_at = MIN (later, end),
    .reason = "demo",
  };

  /* Half of the refunds give back everything, half a part. */
  if (hy_random_double (rng) < 0.5 && net >= 200)
    {
      double share = 0.3 + 0.4 * hy_random_double (rng);

      refund.amount = MAX (100, (gint64) (net * share / 100) * 100);
    }

  demo->result->refunds++;
  return hy_purchase_store_refund (purchases, &refund, NULL, error) > 0;
}

static gboolean
generate_member (Demo             *demo,
                 HyPurchaseStore  *purchases,
                 guint64           index,
                 GError          **error)
{
  DemoMember *m = &demo->members[index];
  g_autoptr(HyMember) member = make_member (demo, index, m);
  g_autofree gint32 *days = NULL;
  GTimeZone *tz = hy_database_get_time_zone (demo->db);
  HyMemberStats stats = { 0 };
  gboolean refunded = FALSE;
  gint32 previous_day = G_MININT32;
  HyRandom rng;
  guint n = 0;

  member_rng (&rng, demo->options->seed, index, 3);

  if (m->purchaser)
    days = purchase_days (demo, index, m, &rng, &n);
  hy_member_set_joined_at (member, time_on_day (demo, &rng, m->join_day));
  if (!_hy_member_insert (demo->db, member, error))
    return FALSE;
  demo->result->members++;

  for (guint i = 0; i < n; i++)
    {
      HyTransactionRow row = { 0 };
      guint64 k = demo->sale_counter++;
      gint64 id;

      row.member_id = hy_member_get_id (member);
      row.occurred_at = i == 0 ? hy_member_get_joined_at (member) : time_on_day (demo, &rng, days[i]);
      /* A second visit on the day of joining comes after it. */
      if (row.occurred_at < hy_member_get_joined_at (member))
        row.occurred_at = hy_member_get_joined_at (member) + 60 * (1 + hy_random_below (&rng, 90));
      row.store_id = g_array_index (demo->stores, gint64,
                                    hy_random_double (&rng) < 0.85 ? m->store
                                                                    : hy_random_below (&rng, demo->stores->len));
      if ((id = write_sale (demo, &rng, &row, m->spend_rate, m->favourite, error)) < 0)
        return FALSE;
      demo->result->sales++;

      _hy_member_stats_add_sale (&stats, tz, row.occurred_at, row.gross - row.discount, row.quantity,
                                 days[i] == previous_day);
      previous_day = days[i];

      /* Exactly refunds_target of all member sales get a refund, spread evenly. */
      if ((k + 1) * demo->refunds_target / demo->sales_target > k * demo->refunds_target / demo->sales_target)
        {
          if (!refund_some (demo, purchases, &rng, id, row.occurred_at, row.gross - row.discount, error))
            return FALSE;
          refunded = TRUE;
        }
    }

  if (refunded)
    return _hy_member_stats_recompute (demo->db, hy_member_get_id (member), error);

  return _hy_member_stats_store (demo->db, hy_member_get_id (member), &stats, error);
}

static gboolean
generate_walk_in (Demo     *demo,
                  guint64   index,
                  GError  **error)
{
  HyTransactionRow row = { 0 };
  HyRandom rng;
  gint32 day;
  double nu_scale = 1.0 / (demo->info->mean_ticket * (SPEND_Q - 1.0) / SPEND_P);

  member_rng (&rng, demo->options->seed ^ 0x3a1c, index, 0);
  day = demo->start_day + hy_random_below (&rng, demo->end_day - demo->start_day + 1);
  row.occurred_at = time_on_day (demo, &rng, day);
  row.store_id = g_array_index (demo->stores, gint64, hy_random_below (&rng, demo->stores->len));

  demo->result->walk_ins++;
  return write_sale (demo, &rng, &row, hy_random_gamma (&rng, SPEND_Q, nu_scale),
                     hy_random_below (&rng, demo->info->n_catalog), error) > 0;
}

/* The same person signed up twice: same name and birthday, another phone, a card. */
static gboolean
generate_duplicate (Demo     *demo,
                    guint64   index,
                    GError  **error)
{
  DemoMember *m = &demo->members[index];
  g_autoptr(HyMember) original = make_member (demo, index, m);
  g_autoptr(HyMember) copy = hy_member_new ();
  g_autofree char *phone = make_phone (demo->options->seed ^ 0xd0, index, "166");
  g_autofree char *card = g_strdup_printf ("9%09" G_GUINT64_FORMAT, index + 1);
  int y, mo, d;

  hy_member_set_name (copy, hy_member_get_name (original));
  hy_member_set_gender (copy, hy_member_get_gender (original));
  hy_member_get_birthday (original, &y, &mo, &d);
  hy_member_set_birthday (copy, y, mo, d);
  hy_member_set_home_store (copy, hy_member_get_home_store (original));
  hy_member_set_channel (copy, "event");
  hy_member_set_joined_at (copy, hy_time_day_start (hy_database_get_time_zone (demo->db),
                                                    MIN (m->join_day + 30, demo->end_day)) + 11 * 3600);
  hy_member_add_identity (copy, HY_IDENTITY_PHONE, phone, NULL);
  hy_member_add_identity (copy, HY_IDENTITY_CARD, card, NULL);
  if (!_hy_member_insert (demo->db, copy, error))
    return FALSE;

  demo->result->duplicates++;
  return TRUE;
}

static gboolean
create_stores (Demo     *demo,
               GError  **error)
{
  static const char update_main[] = "UPDATE stores SET name = ?2 WHERE id = ?1";
  static const char insert_store[] =
    "INSERT INTO stores (uid, code, name, created_at) VALUES (?1, ?2, ?3, ?4)";
  const char * const *branches = demo->info->branches;
  gint64 main_store = hy_database_get_default_store (demo->db);
  guint n_stores = demo->options->n_stores != 0 ? demo->options->n_stores
                                                 : 1 + g_strv_length ((char **) branches);
  g_autofree char *main_name = g_strconcat (demo->info->demo_store_name, "总店", NULL);
  sqlite3 *handle = _hy_database_get_handle (demo->db);
  sqlite3_stmt *stmt;

  g_array_append_val (demo->stores, main_store);
  if (!(stmt = _hy_database_prepare (demo->db, update_main, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, main_store);
  sqlite3_bind_text (stmt, 2, main_name, -1, SQLITE_TRANSIENT);
  if (!_hy_database_step_done (demo->db, stmt, error))
    return FALSE;

  for (guint i = 1; i < MIN (n_stores, 9) && branches[i - 1] != NULL; i++)
    {
      g_autofree char *code = g_strdup_printf ("S%02u", i + 1);
      g_autofree char *name = g_strconcat (demo->info->demo_store_name, branches[i - 1], NULL);
      guint8 uid[16];
      gint64 id;

      hy_uuid_generate (uid);
      if (!(stmt = _hy_database_prepare (demo->db, insert_store, error)))
        return FALSE;
      sqlite3_bind_blob (stmt, 1, uid, sizeof uid, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, hy_time_now ());
      if (!_hy_database_step_done (demo->db, stmt, error))
        return FALSE;
      id = sqlite3_last_insert_rowid (handle);
      g_array_append_val (demo->stores, id);
      if (!_hy_change_log_append (demo->db, HY_ENTITY_STORE, id, HY_CHANGE_INSERT, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
database_is_empty (HyDatabase  *db,
                   GError     **error)
{
  static const char count_rows[] =
    "SELECT (SELECT count(*) FROM members) + (SELECT count(*) FROM transactions)";
  sqlite3_stmt *stmt = _hy_database_prepare (db, count_rows, error);
  gint64 n = -1;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (n != 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_CONFLICT,
                   _("Demo data only goes into an empty database, and this one already has members or sales"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_settings (Demo     *demo,
                GError  **error)
{
  g_autofree char *name = hy_database_dup_setting (demo->db, "store.name");
  g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, demo->options->seed);

  if (name[0] == '\0' &&
      !hy_database_set_setting (demo->db, "store.name", demo->info->demo_store_name, error))
    return FALSE;

  return hy_database_set_setting (demo->db, "industry", demo->info->id, error) &&
         hy_database_set_setting (demo->db, "demo.seed", seed, error);
}

static int
compare_join (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const DemoMember *members = user_data;
  const DemoMember *x = &members[*(const guint *) a];
  const DemoMember *y = &members[*(const guint *) b];

  if (x->join_day != y->join_day)
    return x->join_day < y->join_day ? -1 : 1;
  return *(const guint *) a < *(const guint *) b ? -1 : 1;
}

static void
plan (Demo *demo)
{
  const HyDemoOptions *options = demo->options;
  guint64 n = options->n_members;
  guint64 walk_ins, purchasers;

  walk_ins = n == 0 ? options->n_transactions : (guint64) llround (options->n_transactions * WALK_IN_SHARE);
  demo->refunds_target = n == 0 ? 0 : (guint64) llround (options->n_transactions * REFUND_SHARE);
  demo->sales_target = options->n_transactions - walk_ins - demo->refunds_target;
  if (demo->sales_target == 0)
    demo->refunds_target = 0;
  demo->result->walk_ins = 0;

  purchasers = MIN ((guint64) llround (n * PURCHASER_SHARE), demo->sales_target);
  for (guint64 i = 0; i < n; i++)
    {
      init_member (demo, i, &demo->members[i]);
      /* Exactly `purchasers` of the members buy, spread evenly over the indices. */
      demo->members[i].purchaser = n > 0 && (i + 1) * purchasers / n > i * purchasers / n;
      demo->order[i] = i;
    }

  if (purchasers > 0)
    {
      calibrate_scale (demo, purchasers);
      fix_total (demo, purchasers);
    }
  g_qsort_with_data (demo->order, n, sizeof (guint), compare_join, demo->members);
}

static gboolean
generate (Demo            *demo,
          HyProgressFunc   progress,
          gpointer         progress_data,
          GCancellable    *cancellable,
          GError         **error)
{
  g_autoptr(HyPurchaseStore) purchases = hy_purchase_store_new (demo->db);
  const HyDemoOptions *options = demo->options;
  guint64 n = options->n_members;
  guint64 walk_ins = options->n_transactions - demo->sales_target - demo->refunds_target;
  guint64 total = n + walk_ins;
  guint64 done = 0;
  HyRandom rng;

  for (guint64 i = 0; i < n; i++, done++)
    {
      if (done % 4096 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (progress != NULL)
            progress (done, total, progress_data);
        }
      if (!generate_member (demo, purchases, demo->order[i], error))
        return FALSE;
    }

  for (guint64 i = 0; i < walk_ins; i++, done++)
    {
      if (done % 4096 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (progress != NULL)
            progress (done, total, progress_data);
        }
      if (!generate_walk_in (demo, i, error))
        return FALSE;
    }

  if (options->dirty)
    {
      hy_random_init (&rng, options->seed ^ 0xd1127);
      for (guint64 i = 0; i < n; i++)
        if (hy_random_double (&rng) < 0.015 && !generate_duplicate (demo, i, error))
          return FALSE;
    }

  if (progress != NULL)
    progress (total, total, progress_data);
  return TRUE;
}

/**
 * hy_demo_generate:
 * @options: how many members and transactions, the seed, the industry
 * @result: (out) (optional): what was written
 *
 * Fills an empty database with a store's worth of members and purchases, in one transaction: a
 * cancelled or failed run leaves the database as it was.
 */
gboolean
hy_demo_generate (HyDatabase           *db,
                  const HyDemoOptions  *options,
                  HyDemoResult         *result,
                  HyProgressFunc        progress,
                  gpointer              progress_data,
                  GCancellable         *cancellable,
                  GError              **error)
{
  HyDemoResult local_result = { 0 };
  Demo demo = { 0 };
  gint64 end;
  gboolean ok;

  g_return_val_if_fail (HY_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  if (options->n_members > 50000000 || options->n_transactions > 1000000000)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("Demo data is limited to 50 million members and a billion transactions"));
      return FALSE;
    }

  end = options->end != 0 ? options->end : hy_time_now ();
  demo.db = db;
  demo.options = options;
  demo.info = hy_industry_get_info (options->industry);
  demo.result = result != NULL ? result : &local_result;
  memset (demo.result, 0, sizeof *demo.result);
  demo.end_day = hy_time_local_day (hy_database_get_time_zone (db), end);
  demo.start_day = demo.end_day - 365 * (options->years != 0 ? options->years : 3);
  demo.stores = g_array_new (FALSE, FALSE, sizeof (gint64));
  demo.members = g_new0 (DemoMember, MAX (options->n_members, 1));
  demo.order = g_new (guint, MAX (options->n_members, 1));

  ok = hy_database_begin (db, error);
  if (ok)
    {
      ok = database_is_empty (db, error) &&
           write_settings (&demo, error) &&
           create_stores (&demo, error);
      if (ok)
        {
          plan (&demo);
          ok = generate (&demo, progress, progress_data, cancellable, error);
        }
      if (ok)
        ok = hy_database_commit (db, error);
      else
        hy_database_rollback (db);
    }

  g_array_unref (demo.stores);
  g_free (demo.members);
  g_free (demo.order);
  return ok;
}
