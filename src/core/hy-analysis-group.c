/* hy-analysis-group.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Puts the analysis cache's sales (in id order) in the shape of HyAnalysisData: each member's
 * purchases together, in day order, with their categories.  A counting sort in two passes over
 * the sales, both split into ranges of sales that threads walk at the same time.  The first
 * counts each member's purchases and categories in every range; the second puts every sale in
 * its place, a member's purchases from one range after those from the ranges before it, so no
 * two threads write the same place.  Sales mostly arrive in day order; a member whose sales did
 * not is put back in day order within a range as they arrive, and across ranges at the end.
 */

#include "config.h"

#include <string.h>

#include "hy-analysis-cache-private.h"

guint _hy_analysis_group_ranges = 0;

#define MAX_RANGES 8

/* A place in the sales: a part and a sale in it; the end of all of them is (parts->len, 0). */
typedef struct
{
  guint   part;
  guint32 k;
} SalePos;

/* The member index of every member id up to the largest, when ids are dense enough. */
static guint32 *
member_table (HyAnalysisData *data,
              gsize          *n_ids)
{
  guint32 *table;
  gint64 max_id = data->n_members > 0 ? data->member_id[data->n_members - 1] : 0;

  if (max_id <= 0 || (guint64) max_id > 4 * (guint64) data->n_members + 65536)
    return NULL;
  *n_ids = max_id + 1;
  table = g_new (guint32, *n_ids);
  memset (table, 0xff, *n_ids * sizeof (guint32));
  for (gsize i = 0; i < data->n_members; i++)
    if (data->member_id[i] > 0)
      table[data->member_id[i]] = i;
  return table;
}

/* Walks the sales from one place to another in id order with what the analysis keeps of each:
 * the member index (HY_ANALYSIS_WALK_IN for none or an unknown member), the value less the
 * refunds made against it by the as-of day; a sale after the as-of day, of another store or
 * refunded in full is skipped.  Both passes walk the same sales the same way. */
typedef struct
{
  const HyAnalysisData   *data;
  const guint32          *table;
  gsize                   n_ids;
  const HyAnalysisRefund *refunds;   /* by sale id */
  guint                   n_refunds;
  GArray                 *parts;
  SalePos                 end;
  /* The cursor */
  guint                   part;
  guint32                 k;
  guint32                 at;        /* the sale's first category in the part */
  guint                   refund;
  guint32                 last_id;
  guint32                 last_member;
} SaleWalk;

typedef struct
{
  gint64         value;
  gint32         day;
  guint32        member;
  guint32        n_cats;
  const guint16 *cats;
} WalkedSale;

static void
sale_walk_init (SaleWalk             *walk,
                const HyAnalysisData *data,
                const guint32        *table,
                gsize                 n_ids,
                GArray               *refunds,
                GArray               *parts,
                SalePos               from,
                SalePos               to)
{
  memset (walk, 0, sizeof *walk);
  walk->data = data;
  walk->table = table;
  walk->n_ids = n_ids;
  walk->refunds = (const HyAnalysisRefund *) (void *) refunds->data;
  walk->n_refunds = refunds->len;
  walk->parts = parts;
  walk->end = to;
  walk->part = from.part;
  walk->k = from.k;
  walk->last_member = HY_ANALYSIS_WALK_IN;
  walk->refund = refunds->len;
  if (from.part < parts->len)
    {
      const HyCachePart *p = &g_array_index (parts, HyCachePart, from.part);
      gint64 first = p->base_id + (from.k < p->n_sales ? p->sale_id[from.k] : 0);
      guint lo = 0, hi = refunds->len;

      for (guint32 k = 0; k < from.k; k++)
        walk->at += p->n_sale_cats[k];
      /* The first refund of a sale from here on. */
      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (walk->refunds[mid].sale_id < first)
            lo = mid + 1;
          else
            hi = mid;
        }
      walk->refund = lo;
    }
}

static gboolean
sale_walk_next (SaleWalk   *walk,
                WalkedSale *out)
{
  const HyAnalysisData *data = walk->data;
  GArray *parts = walk->parts;

  for (; walk->part < parts->len && walk->part <= walk->end.part; walk->part++, walk->k = 0, walk->at = 0)
    {
      const HyCachePart *p = &g_array_index (parts, HyCachePart, walk->part);
      guint32 stop = walk->part == walk->end.part ? walk->end.k : p->n_sales;

      while (walk->k < stop)
        {
          guint32 k = walk->k++;
          guint n = p->n_sale_cats[k];
          gint64 id = p->base_id + p->sale_id[k];
          gint64 value = p->net[k];
          gboolean refunded = FALSE;

          out->cats = p->cats + walk->at;
          walk->at += n;
          if (p->day[k] > data->as_of_day || (data->store_id != 0 && p->store[k] != data->store_id))
            continue;
          while (walk->refund < walk->n_refunds && walk->refunds[walk->refund].sale_id < id)
            walk->refund++;
          for (; walk->refund < walk->n_refunds && walk->refunds[walk->refund].sale_id == id; walk->refund++)
            {
              value += walk->refunds[walk->refund].amount;
              refunded = TRUE;
            }
          if (refunded && value <= 0)
            continue;

          if (p->member[k] != walk->last_id)
            {
              gssize i;

              walk->last_id = p->member[k];
              if (walk->last_id == 0)
                walk->last_member = HY_ANALYSIS_WALK_IN;
              else if (walk->table != NULL)
                walk->last_member = walk->last_id < walk->n_ids ? walk->table[walk->last_id] : HY_ANALYSIS_WALK_IN;
              else
                walk->last_member = (i = hy_analysis_data_find_member ((HyAnalysisData *) data, walk->last_id)) >= 0
                                    ? (guint32) i : HY_ANALYSIS_WALK_IN;
            }
          out->value = value;
          out->day = p->day[k];
          out->member = walk->last_member;
          out->n_cats = n;
          return TRUE;
        }
    }
  return FALSE;
}

/* Splits the sales into n ranges of about as many sales each: range r is at[r] .. at[r + 1]. */
static void
split_sales (GArray  *parts,
             guint    n,
             SalePos *at)
{
  guint64 total = 0, before = 0;
  guint p = 0;

  for (guint q = 0; q < parts->len; q++)
    total += g_array_index (parts, HyCachePart, q).n_sales;
  at[0] = (SalePos) { 0, 0 };
  for (guint r = 1; r < n; r++)
    {
      guint64 target = total * r / n;

      while (p < parts->len && before + g_array_index (parts, HyCachePart, p).n_sales <= target)
        before += g_array_index (parts, HyCachePart, p++).n_sales;
      at[r] = (SalePos) { p, p < parts->len ? (guint32) (target - before) : 0 };
    }
  at[n] = (SalePos) { parts->len, 0 };
}

/* One range of the sales and what its passes count and place. */
typedef struct _Range Range;
struct _Range
{
  void          (*work) (Range *range);
  /* What every range shares */
  HyAnalysisData *data;
  GArray         *parts;
  const guint32  *table;
  gsize           n_ids;
  GArray         *refunds;
  SalePos         from;
  SalePos         to;
  /* The first pass, per member index as loaded; then, per member kept, where the member's next
   * purchase and category go (next, cat_next: the same memory) */
  guint32        *count;
  guint32        *cat_count;
  guint8         *seen;          /* per category code */
  GArray         *first_codes;   /* the category codes in the order they first appear here */
  gint32          walk_lo;
  gint32          walk_hi;
  /* The second pass */
  const guint32  *remap;         /* member index as loaded -> as kept */
  const guint32  *number;        /* category code -> number */
  guint32        *start;         /* per member: where its purchases from this range begin */
  guint8         *n_cat;         /* per purchase (shared; each written by one range) */
  guint8         *moved;         /* per member: purchases moved for the day order */
  gint64         *walk_in;       /* per day from data->walk_in_first_day */
};

static void
count_range (Range *r)
{
  SaleWalk walk;
  WalkedSale sale;

  r->walk_lo = G_MAXINT32;
  r->walk_hi = G_MININT32;
  sale_walk_init (&walk, r->data, r->table, r->n_ids, r->refunds, r->parts, r->from, r->to);
  while (sale_walk_next (&walk, &sale))
    {
      if (sale.member == HY_ANALYSIS_WALK_IN)
        {
          r->walk_lo = MIN (r->walk_lo, sale.day);
          r->walk_hi = MAX (r->walk_hi, sale.day);
          continue;
        }
      r->count[sale.member]++;
      r->cat_count[sale.member] += sale.n_cats;
      for (guint j = 0; j < sale.n_cats; j++)
        if (!r->seen[sale.cats[j]])
          {
            r->seen[sale.cats[j]] = TRUE;
            g_array_append_val (r->first_codes, sale.cats[j]);
          }
    }
}

static void
place_range (Range *r)
{
  HyAnalysisData *data = r->data;
  guint32 *next = r->count, *cat_next = r->cat_count;
  SaleWalk walk;
  WalkedSale sale;

  sale_walk_init (&walk, data, r->table, r->n_ids, r->refunds, r->parts, r->from, r->to);
  while (sale_walk_next (&walk, &sale))
    {
      guint32 m, k, c;

      if (sale.member == HY_ANALYSIS_WALK_IN)
        {
          r->walk_in[sale.day - data->walk_in_first_day] += sale.value;
          continue;
        }
      m = r->remap[sale.member];
      k = next[m]++;
      c = cat_next[m];
      cat_next[m] += sale.n_cats;
      for (guint j = 0; j < sale.n_cats; j++)
        data->cat[c + j] = r->number[sale.cats[j]];
      /* Insert in day order; sales mostly arrive in time order, so this rarely moves. */
      while (k > r->start[m] && data->day[k - 1] > sale.day)
        {
          data->day[k] = data->day[k - 1];
          data->value[k] = data->value[k - 1];
          data->cat_start[k] = data->cat_start[k - 1];
          r->n_cat[k] = r->n_cat[k - 1];
          r->moved[m] = TRUE;
          k--;
        }
      data->day[k] = sale.day;
      data->value[k] = sale.value;
      data->cat_start[k] = c;
      r->n_cat[k] = sale.n_cats;
    }
}

static gpointer
range_thread (gpointer user_data)
{
  Range *range = user_data;

  range->work (range);
  return NULL;
}

/* Runs @work on every range, the first on this thread. */
static void
run_ranges (Range  *ranges,
            guint   n,
            void  (*work) (Range *range))
{
  GThread *threads[MAX_RANGES] = { NULL, };

  for (guint r = 0; r < n; r++)
    ranges[r].work = work;
  for (guint r = 1; r < n; r++)
    threads[r] = g_thread_new ("hy-analysis-group", range_thread, &ranges[r]);
  work (&ranges[0]);
  for (guint r = 1; r < n; r++)
    g_thread_join (threads[r]);
}

/* Member m's purchases in day order (stable) when ranges brought them out of it. */
static void
sort_member (HyAnalysisData *data,
             guint8         *n_cat,
             gsize           m)
{
  for (guint32 a = data->offsets[m] + 1; a < data->offsets[m + 1]; a++)
    {
      gint32 day = data->day[a];
      gint64 value = data->value[a];
      guint32 cat_start = data->cat_start[a];
      guint8 n = n_cat[a];
      guint32 b = a;

      for (; b > data->offsets[m] && data->day[b - 1] > day; b--)
        {
          data->day[b] = data->day[b - 1];
          data->value[b] = data->value[b - 1];
          data->cat_start[b] = data->cat_start[b - 1];
          n_cat[b] = n_cat[b - 1];
        }
      data->day[b] = day;
      data->value[b] = value;
      data->cat_start[b] = cat_start;
      n_cat[b] = n;
    }
}

/* Puts member m's categories back in the order of its purchases after the day order moved some
 * of them (cat_start[k] still points at purchase k's categories in arrival order). */
static void
reorder_member_categories (HyAnalysisData *data,
                           const guint8   *n_cat,
                           gsize           m,
                           guint32         cat_begin,
                           guint32         cat_end,
                           GArray         *scratch)
{
  guint32 at = cat_begin;

  g_array_set_size (scratch, 0);
  g_array_append_vals (scratch, data->cat + cat_begin, cat_end - cat_begin);
  for (guint32 k = data->offsets[m]; k < data->offsets[m + 1]; k++)
    {
      const guint32 *from = (const guint32 *) (void *) scratch->data + (data->cat_start[k] - cat_begin);

      if (n_cat[k] > 0)
        memcpy (data->cat + at, from, n_cat[k] * sizeof (guint32));
      data->cat_start[k] = at;
      at += n_cat[k];
    }
}

/* The refunds made by the as-of day, by the sale refunded. */
static GArray *
gather_refunds (HyAnalysisData *data,
                GArray         *parts)
{
  GArray *refunds = g_array_new (FALSE, FALSE, sizeof (HyAnalysisRefund));

  for (guint p = 0; p < parts->len; p++)
    {
      const HyCachePart *part = &g_array_index (parts, HyCachePart, p);

      for (guint32 r = 0; r < part->n_refunds; r++)
        if (part->refund_day[r] <= data->as_of_day && part->refund_sale[r] != 0)
          {
            HyAnalysisRefund refund = { part->refund_sale[r], part->refund_net[r] };

            g_array_append_val (refunds, refund);
          }
    }
  if (refunds->len > 1)
    qsort (refunds->data, refunds->len, sizeof (HyAnalysisRefund), _hy_analysis_compare_refunds);
  return refunds;
}

/* After the first pass: numbers the categories by first appearance in id order, drops the
 * members who did not exist on the as-of day (joined later, no purchase by then), lays out
 * the purchases and turns every range's counts into where its purchases go.  Returns where
 * each member's categories begin (n + 1 entries). */
static guint32 *
lay_out (HyAnalysisData *data,
         Range          *ranges,
         guint           n_ranges,
         GPtrArray      *names,
         guint32        *remap,
         guint32        *number)
{
  guint32 *cat_offsets;
  guint32 n_numbers = 0;
  gsize n = 0, n_purchases = 0, n_cats = 0;
  gint32 walk_lo = G_MAXINT32, walk_hi = G_MININT32;

  data->cat_names = g_ptr_array_new_with_free_func (g_free);
  memset (number, 0xff, (names->len + 1) * sizeof (guint32));
  for (guint r = 0; r < n_ranges; r++)
    {
      const guint16 *codes = (const guint16 *) (void *) ranges[r].first_codes->data;

      for (guint j = 0; j < ranges[r].first_codes->len; j++)
        if (number[codes[j]] == G_MAXUINT32)
          {
            number[codes[j]] = n_numbers++;
            g_ptr_array_add (data->cat_names, g_strdup (g_ptr_array_index (names, codes[j])));
          }
      walk_lo = MIN (walk_lo, ranges[r].walk_lo);
      walk_hi = MAX (walk_hi, ranges[r].walk_hi);
    }

  /* The members kept, with their counts moved down with them. */
  data->offsets = g_new (guint32, data->n_members + 1);
  cat_offsets = g_new (guint32, data->n_members + 1);
  data->offsets[0] = cat_offsets[0] = 0;
  for (gsize i = 0; i < data->n_members; i++)
    {
      guint32 count = 0;

      for (guint r = 0; r < n_ranges; r++)
        count += ranges[r].count[i];
      if (data->joined_day[i] > data->as_of_day && count == 0)
        {
          remap[i] = HY_ANALYSIS_WALK_IN;
          continue;
        }
      remap[i] = n;
      data->member_id[n] = data->member_id[i];
      data->joined_day[n] = data->joined_day[i];
      /* Where each range's purchases of the member go, one range after the other. */
      for (guint r = 0; r < n_ranges; r++)
        {
          guint32 c = ranges[r].count[i], cc = ranges[r].cat_count[i];

          ranges[r].count[n] = ranges[r].start[n] = (guint32) n_purchases;
          ranges[r].cat_count[n] = (guint32) n_cats;
          n_purchases += c;
          n_cats += cc;
        }
      data->offsets[n + 1] = (guint32) n_purchases;
      cat_offsets[n + 1] = (guint32) n_cats;
      n++;
    }
  data->n_members = n;
  data->n_purchases = n_purchases;

  data->day = g_new (gint32, n_purchases + 1);
  data->value = g_new (gint64, n_purchases + 1);
  data->cat_start = g_new (guint32, n_purchases + 2);
  data->cat = g_new (guint32, n_cats + 1);
  if (walk_lo <= walk_hi)
    {
      data->walk_in_first_day = walk_lo;
      data->n_walk_in_days = walk_hi - walk_lo + 1;
      data->walk_in_value = g_new0 (gint64, data->n_walk_in_days);
    }
  return cat_offsets;
}

void
_hy_analysis_group_parts (HyAnalysisData *data,
                          GArray         *parts,
                          GPtrArray      *names)
{
  g_autoptr(GArray) refunds = gather_refunds (data, parts);
  g_autoptr(GArray) scratch = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autofree guint32 *table = NULL;
  g_autofree guint32 *remap = g_new (guint32, data->n_members + 1);
  g_autofree guint32 *number = g_new (guint32, names->len + 1);
  g_autofree guint32 *cat_offsets = NULL;
  g_autofree guint8 *n_cat = NULL;
  Range ranges[MAX_RANGES];
  SalePos at[MAX_RANGES + 1];
  guint n_ranges = _hy_analysis_group_ranges;
  guint64 n_sales = 0;
  gsize n_ids = 0;

  for (guint p = 0; p < parts->len; p++)
    n_sales += g_array_index (parts, HyCachePart, p).n_sales;
  if (n_ranges == 0)
    n_ranges = n_sales >= _hy_analysis_min_parallel ? CLAMP (g_get_num_processors (), 1, 4) : 1;
  n_ranges = CLAMP (n_ranges, 1, MAX_RANGES);
  table = member_table (data, &n_ids);
  split_sales (parts, n_ranges, at);

  for (guint r = 0; r < n_ranges; r++)
    ranges[r] = (Range) {
      .data = data, .parts = parts, .table = table, .n_ids = n_ids, .refunds = refunds,
      .from = at[r], .to = at[r + 1],
      .count = g_new0 (guint32, data->n_members + 1),
      .cat_count = g_new0 (guint32, data->n_members + 1),
      .start = g_new (guint32, data->n_members + 1),
      .seen = g_new0 (guint8, names->len + 1),
      .first_codes = g_array_new (FALSE, FALSE, sizeof (guint16)),
      .remap = remap, .number = number,
    };
  run_ranges (ranges, n_ranges, count_range);

  cat_offsets = lay_out (data, ranges, n_ranges, names, remap, number);
  n_cat = g_new (guint8, data->n_purchases + 1);
  for (guint r = 0; r < n_ranges; r++)
    {
      ranges[r].n_cat = n_cat;
      ranges[r].moved = g_new0 (guint8, data->n_members + 1);
      ranges[r].walk_in = g_new0 (gint64, data->n_walk_in_days + 1);
    }
  run_ranges (ranges, n_ranges, place_range);

  for (gsize d = 0; d < data->n_walk_in_days; d++)
    for (guint r = 0; r < n_ranges; r++)
      data->walk_in_value[d] += ranges[r].walk_in[d];
  for (gsize m = 0; m < data->n_members; m++)
    {
      gboolean moved = FALSE, sorted = TRUE;

      for (guint r = 0; r < n_ranges; r++)
        {
          guint32 b = ranges[r].start[m];

          moved |= ranges[r].moved[m];
          /* Range r's first purchase against the last before it. */
          if (r > 0 && b > data->offsets[m] && b < ranges[r].count[m] && data->day[b - 1] > data->day[b])
            sorted = FALSE;
        }
      if (!sorted)
        sort_member (data, n_cat, m);
      if (moved || !sorted)
        reorder_member_categories (data, n_cat, m, cat_offsets[m], cat_offsets[m + 1], scratch);
    }
  data->cat_start[data->n_purchases] = data->cat_start[data->n_purchases + 1] = cat_offsets[data->n_members];

  for (guint r = 0; r < n_ranges; r++)
    {
      g_free (ranges[r].count);
      g_free (ranges[r].cat_count);
      g_free (ranges[r].start);
      g_free (ranges[r].seen);
      g_array_unref (ranges[r].first_codes);
      g_free (ranges[r].moved);
      g_free (ranges[r].walk_in);
    }
}
