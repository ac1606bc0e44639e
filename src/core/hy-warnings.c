/* hy-warnings.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hy-analysis-private.h"
#include "hy-database-private.h"
#include "hy-money.h"
#include "hy-parallel-private.h"
#include "hy-time.h"
#include "hy-warnings-private.h"

typedef struct
{
  gint64 idle_days;
  gint64 max_idle_days;
  gint64 recent_days;
  gint64 drop_percent;
  gint64 cycle_min_days;
  gint64 cycle_percent;
  gint64 category_min_days;
  gint64 category_cycles;
  gint64 p_alive_percent;
  gint64 high_percent;
  gint64 focus_days;
  gint64 stored_value_days;
} Thresholds;

/* Per member index: the stored-value balance as of D and the day it was last topped up or
 * spent. */
typedef struct
{
  gint64 *balance;
  gint32 *last_use;
} StoredValue;

/* The categories bought in each purchase, for the category rule: purchase k's are
 * category[start[k] .. start[k + 1]), numbered in the order they first appear in
 * transaction_items.  names holds the category of each number. */
typedef struct
{
  guint32   *start;      /* n_purchases + 1 */
  guint32   *category;
  GPtrArray *names;
  const char **interned;  /* names[c] as g_intern_string (), for the warnings to keep */
  gboolean   borrowed;   /* start and category belong to the analysis data */
} PurchaseCategories;

/* Buffers reused from member to member, so that checking a member allocates nothing. */
typedef struct
{
  gint32  *days;        /* distinct purchase days, or a category's days */
  gint32  *gaps;
  guint32 *stamp;       /* per category: the member (+ 1) that last touched it */
  guint32 *count;       /* per category: its entries in this member */
  guint32 *touched;     /* the categories of this member */
  gint32  *last;        /* per category: the last day counted or bucketed */
  gint32  *cat_days;    /* this member's days grouped by category */
  gsize    capacity;    /* of days, gaps and cat_days */
} Scratch;

static const char * const rule_ids[HY_N_WARNING_RULES] = {
  "idle", "frequency_drop", "cycle_overdue", "category_lapse", "low_p_alive", "stored_value_idle",
};
static const char * const priority_ids[] = { "high", "focus", "normal" };
static const char * const priority_labels[] = { N_("High"), N_("Focus"), N_("Normal") };
/* What to offer on the call, by rule (seed 000: 回归福利 for the idle, 储值 reminders, the
 * category the member stopped buying). */
static const char * const rule_offers[HY_N_WARNING_RULES] = {
  [HY_WARNING_IDLE] = N_("A win-back coupon for their next visit"),
  [HY_WARNING_FREQUENCY_DROP] = N_("Double points on their next purchase"),
  [HY_WARNING_CYCLE_OVERDUE] = N_("A reminder that it is time again, with a small coupon"),
  [HY_WARNING_CATEGORY_LAPSE] = N_("A coupon for the category they stopped buying"),
  [HY_WARNING_LOW_P_ALIVE] = N_("A personal call from the manager and a welcome-back gift"),
  [HY_WARNING_STORED_VALUE_IDLE] = N_("A reminder of the balance on their card"),
};

const char *
hy_warning_rule_to_string (HyWarningRule rule)
{
  g_return_val_if_fail (rule < HY_N_WARNING_RULES, NULL);

  return rule_ids[rule];
}

const char *
hy_warning_priority_to_string (HyWarningPriority priority)
{
  g_return_val_if_fail (priority <= HY_WARNING_PRIORITY_NORMAL, NULL);

  return priority_ids[priority];
}

const char *
hy_warning_rule_get_offer (HyWarningRule rule)
{
  g_return_val_if_fail (rule < HY_N_WARNING_RULES, NULL);

  return _(rule_offers[rule]);
}

const char *
hy_warning_priority_get_label (HyWarningPriority priority)
{
  g_return_val_if_fail (priority <= HY_WARNING_PRIORITY_NORMAL, NULL);

  return _(priority_labels[priority]);
}

/* A full run's warnings come many to an allocation: a million and a half malloc () and free ()
 * calls cost a tenth of a second each way.  A block goes with the last of its warnings. */
typedef struct _HyWarningBlock
{
  gint      live;        /* atomic: its warnings not yet freed */
  guint     used;
  guint     capacity;
  HyWarning warnings[];
} HyWarningBlock;

#define WARNING_BLOCK_MAX 4096

void
hy_warning_free (HyWarning *warning)
{
  HyWarningBlock *block;

  if (warning == NULL)
    return;

  g_free (warning->reason);
  block = warning->block;
  if (block == NULL)
    g_free (warning);
  else if (g_atomic_int_dec_and_test (&block->live))
    g_free (block);
}

guint
hy_warnings_idle_days_preset (const char *industry)
{
  if (g_strcmp0 (industry, "gym") == 0)
    return 14;
  if (g_strcmp0 (industry, "beauty") == 0)
    return 45;
  if (g_strcmp0 (industry, "bakery") == 0)
    return 21;
  return 30;   /* supermarket and general */
}

static void
thresholds_init (Thresholds *t,
                 HyDatabase *db)
{
  g_autofree char *industry = hy_database_dup_setting (db, "industry");

  t->idle_days = hy_analysis_get_setting_int (db, "warnings.idle_days", hy_warnings_idle_days_preset (industry));
  t->max_idle_days = hy_analysis_get_setting_int (db, "warnings.max_idle_days", 365);
  t->recent_days = MAX (1, hy_analysis_get_setting_int (db, "warnings.recent_days", 90));
  t->drop_percent = hy_analysis_get_setting_int (db, "warnings.drop_percent", 50);
  t->cycle_min_days = hy_analysis_get_setting_int (db, "warnings.cycle_min_days", 3);
  t->cycle_percent = hy_analysis_get_setting_int (db, "warnings.cycle_percent", 150);
  t->category_min_days = hy_analysis_get_setting_int (db, "warnings.category_min_days", 3);
  t->category_cycles = hy_analysis_get_setting_int (db, "warnings.category_cycles", 3);
  t->p_alive_percent = hy_analysis_get_setting_int (db, "warnings.p_alive_percent", 30);
  t->high_percent = hy_analysis_get_setting_int (db, "warnings.high_percent", 20);
  t->focus_days = hy_analysis_get_setting_int (db, "warnings.focus_days", 90);
  t->stored_value_days = hy_analysis_get_setting_int (db, "warnings.stored_value_days", 60);
}

static void
stored_value_clear (StoredValue *sv)
{
  g_clear_pointer (&sv->balance, g_free);
  g_clear_pointer (&sv->last_use, g_free);
}

/* Balances and last use as of the end of D, from the ledger (a member's own rows by its index
 * when @data holds one member). */
static gboolean
load_stored_value (HyDatabase     *db,
                   HyAnalysisData *data,
                   StoredValue    *sv,
                   GError        **error)
{
  static const char select_all[] =
    "SELECT member_id, sum (principal + bonus), max (CASE WHEN kind IN (1, 2) THEN occurred_at END)"
    "  FROM stored_value_ledger WHERE occurred_at < ?1 GROUP BY member_id";
  static const char select_one[] =
    "SELECT member_id, sum (principal + bonus), max (CASE WHEN kind IN (1, 2) THEN occurred_at END)"
    "  FROM stored_value_ledger WHERE member_id = ?2 AND occurred_at < ?1";
  GTimeZone *tz = hy_database_get_time_zone (db);
  gboolean one = data->n_members == 1;
  sqlite3_stmt *stmt;
  int rc;

  sv->balance = g_new0 (gint64, data->n_members + 1);
  sv->last_use = g_new0 (gint32, data->n_members + 1);
  if (data->n_members == 0)
    return TRUE;
  if (!(stmt = _hy_database_prepare (db, one ? select_one : select_all, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, hy_time_day_start (tz, data->as_of_day + 1));
  if (one)
    sqlite3_bind_int64 (stmt, 2, data->member_id[0]);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gssize i;

      if (sqlite3_column_type (stmt, 0) == SQLITE_NULL ||
          (i = hy_analysis_data_find_member (data, sqlite3_column_int64 (stmt, 0))) < 0)
        continue;
      sv->balance[i] = sqlite3_column_int64 (stmt, 1);
      sv->last_use[i] = sqlite3_column_type (stmt, 2) == SQLITE_NULL
                        ? G_MININT32 : hy_time_local_day (tz, sqlite3_column_int64 (stmt, 2));
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;

  _hy_database_set_error (db, rc, error, _("Could not read the stored value"));
  return FALSE;
}


static void
purchase_categories_clear (PurchaseCategories *pc)
{
  if (pc->borrowed)
    pc->start = pc->category = NULL;
  g_clear_pointer (&pc->start, g_free);
  g_clear_pointer (&pc->category, g_free);
  g_clear_pointer (&pc->names, g_ptr_array_unref);
  g_clear_pointer (&pc->interned, g_free);
}

/* A store has a handful of categories: interned, a warning can point at its name for good. */
static void
purchase_categories_intern (PurchaseCategories *pc)
{
  pc->interned = g_new (const char *, pc->names->len + 1);
  for (guint c = 0; c < pc->names->len; c++)
    pc->interned[c] = g_intern_string (g_ptr_array_index (pc->names, c));
}

/* The number of a category name, adding it when new.  A store has a handful of categories:
 * comparing against each is cheaper than hashing, the table only helps past a few dozen. */
static guint32
intern_category (GPtrArray  *names,
                 GHashTable *ids,
                 const char *name)
{
  gpointer found;
  char *copy;

  if (names->len <= 32)
    {
      for (guint c = 0; c < names->len; c++)
        {
          const char *known = g_ptr_array_index (names, c);

          if (strcmp (known, name) == 0)
            return c;
        }
    }
  else if (g_hash_table_lookup_extended (ids, name, NULL, &found))
    return GPOINTER_TO_UINT (found);

  copy = g_strdup (name);
  g_ptr_array_add (names, copy);
  g_hash_table_insert (ids, copy, GUINT_TO_POINTER (names->len - 1));
  return names->len - 1;
}

/* Below this many loaded purchases the items are read and the members checked on the calling
 * thread alone: a second connection or thread costs more than it saves.  Tests lower it to
 * compare both ways. */
gsize _hy_warnings_min_parallel = 200000;

/* One part of the items, by transaction id range [lo, hi): its (purchase, category) pairs in
 * table order, with categories numbered in the part's own order of first appearance. */
typedef struct
{
  sqlite3        *reader;        /* NULL: the database's own connection */
  HyDatabase     *db;
  const guint32  *purchase_of;   /* transaction id - min_id -> purchase + 1 */
  gint64          min_id;
  gint64          lo;
  gint64          hi;
  GArray         *pairs;
  GPtrArray      *names;
  GHashTable     *ids;
  int             rc;
} ItemPart;

static const char select_items[] =
  "SELECT transaction_id, category FROM transaction_items"
  " WHERE transaction_id >= ?1 AND transaction_id < ?2";

static void
item_part_scan (ItemPart *part)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (part->reader == NULL)
    stmt = _hy_database_prepare (part->db, select_items, NULL);
  else if (sqlite3_prepare_v2 (part->reader, select_items, -1, &stmt, NULL) != SQLITE_OK)
    stmt = NULL;
  if (stmt == NULL)
    {
      part->rc = SQLITE_ERROR;
      return;
    }

  sqlite3_bind_int64 (stmt, 1, part->lo);
  sqlite3_bind_int64 (stmt, 2, part->hi);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *name;
      guint32 pair[2];

      if ((pair[0] = part->purchase_of[id - part->min_id]) == 0)
        continue;
      name = (const char *) sqlite3_column_text (stmt, 1);
      if (name == NULL || name[0] == '\0')
        continue;
      pair[0]--;
      pair[1] = intern_category (part->names, part->ids, name);
      g_array_append_val (part->pairs, pair);
    }
  part->rc = rc;
  if (part->reader == NULL)
    sqlite3_reset (stmt);
  else
    sqlite3_finalize (stmt);
}

static gpointer
item_part_thread (gpointer user_data)
{
  item_part_scan (user_data);
  return NULL;
}

static void
item_part_clear (ItemPart *part)
{
  g_clear_pointer (&part->reader, sqlite3_close);
  g_clear_pointer (&part->pairs, g_array_unref);
  g_clear_pointer (&part->names, g_ptr_array_unref);
  g_clear_pointer (&part->ids, g_hash_table_unref);
}

/* The items of the loaded purchases, read in key order (transaction id, line), then grouped by
 * purchase with a counting sort: linear, no comparison sort.  With many purchases the id range
 * is split in two, the upper half read on a second connection by a second thread.  That needs
 * no common snapshot: a transaction's items are written with it and never change, so every
 * loaded purchase's items are there for both connections, and items of transactions committed
 * since the load are skipped (they are not in purchase_of).  Categories keep the numbers they
 * would get from one scan: the upper half's new names follow the lower half's. */
static gboolean
load_purchase_categories (HyDatabase         *db,
                          HyAnalysisData     *data,
                          PurchaseCategories *pc,
                          GError            **error)
{
  g_autofree guint32 *purchase_of = NULL;
  g_autofree guint32 *remap = NULL;
  ItemPart parts[2];
  guint n_parts = 1;
  GThread *thread = NULL;
  gint64 min_id = G_MAXINT64, max_id = 0;
  guint n_pairs = 0;

  if (data->cat_start != NULL)
    {
      /* Gathered during a load from the cache: no items to read, nothing to copy. */
      pc->names = g_ptr_array_ref (data->cat_names);
      pc->start = data->cat_start;
      pc->category = data->cat;
      pc->borrowed = TRUE;
      return TRUE;
    }

  pc->names = g_ptr_array_new_with_free_func (g_free);
  pc->start = g_new0 (guint32, data->n_purchases + 2);
  pc->category = g_new (guint32, 1);
  if (data->n_purchases == 0)
    return TRUE;

  for (gsize k = 0; k < data->n_purchases; k++)
    {
      min_id = MIN (min_id, data->txn_id[k]);
      max_id = MAX (max_id, data->txn_id[k]);
    }
  purchase_of = g_new0 (guint32, max_id - min_id + 1);
  for (gsize k = 0; k < data->n_purchases; k++)
    purchase_of[data->txn_id[k] - min_id] = k + 1;

  for (guint p = 0; p < 2; p++)
    {
      parts[p] = (ItemPart) { NULL, db, purchase_of, min_id, min_id, max_id + 1, NULL, NULL, NULL, SQLITE_OK };
      parts[p].pairs = g_array_sized_new (FALSE, FALSE, 2 * sizeof (guint32), data->n_purchases * 3 / 2);
      parts[p].names = p == 0 ? g_ptr_array_ref (pc->names) : g_ptr_array_new_with_free_func (g_free);
      parts[p].ids = g_hash_table_new (g_str_hash, g_str_equal);
    }
  if (data->n_purchases >= _hy_warnings_min_parallel && g_get_num_processors () > 1 &&
      (parts[1].reader = _hy_database_open_reader (db)) != NULL)
    {
      n_parts = 2;
      parts[0].hi = parts[1].lo = min_id + (max_id + 1 - min_id) / 2;
      thread = g_thread_new ("hy-warnings-items", item_part_thread, &parts[1]);
    }
  item_part_scan (&parts[0]);
  if (thread != NULL)
    g_thread_join (thread);

  for (guint p = 0; p < n_parts; p++)
    if (parts[p].rc != SQLITE_DONE)
      {
        _hy_database_set_error (db, parts[p].rc, error, _("Could not read the purchased items"));
        for (guint q = 0; q < 2; q++)
          item_part_clear (&parts[q]);
        return FALSE;
      }

  remap = g_new (guint32, parts[1].names->len + 1);
  for (guint c = 0; c < parts[1].names->len; c++)
    remap[c] = intern_category (pc->names, parts[0].ids, g_ptr_array_index (parts[1].names, c));

  for (guint p = 0; p < n_parts; p++)
    {
      const guint32 *pair = (const guint32 *) (void *) parts[p].pairs->data;

      for (guint i = 0; i < parts[p].pairs->len; i++)
        pc->start[pair[2 * i] + 2]++;
      n_pairs += parts[p].pairs->len;
    }
  /* start[k + 2] counted purchase k's entries; shifted by one so that filling advances
   * start[k + 1], which ends up where purchase k + 1 begins. */
  for (gsize k = 2; k < data->n_purchases + 2; k++)
    pc->start[k] += pc->start[k - 1];
  g_free (pc->category);
  pc->category = g_new (guint32, n_pairs + 1);
  for (guint p = 0; p < n_parts; p++)
    {
      const guint32 *pair = (const guint32 *) (void *) parts[p].pairs->data;

      for (guint i = 0; i < parts[p].pairs->len; i++)
        pc->category[pc->start[pair[2 * i] + 1]++] = p == 0 ? pair[2 * i + 1] : remap[pair[2 * i + 1]];
    }

  for (guint p = 0; p < 2; p++)
    item_part_clear (&parts[p]);
  return TRUE;
}

/* The items of each loaded purchase by its key (a few look-ups for one member's purchases),
 * categories numbered as in @names (a full run's), new ones after them. */
static gboolean
load_member_categories (HyDatabase         *db,
                        HyAnalysisData     *data,
                        GPtrArray          *names,
                        PurchaseCategories *pc,
                        GError            **error)
{
  static const char select_purchase_items[] =
    "SELECT category FROM transaction_items WHERE transaction_id = ?1 ORDER BY line";
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) category = g_array_new (FALSE, FALSE, sizeof (guint32));
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  pc->names = g_ptr_array_new_with_free_func (g_free);
  for (guint c = 0; names != NULL && c < names->len; c++)
    intern_category (pc->names, ids, g_ptr_array_index (names, c));
  pc->start = g_new0 (guint32, data->n_purchases + 2);
  if (!(stmt = _hy_database_prepare (db, select_purchase_items, error)))
    return FALSE;
  for (gsize k = 0; k < data->n_purchases && rc == SQLITE_DONE; k++)
    {
      pc->start[k] = category->len;
      sqlite3_bind_int64 (stmt, 1, data->txn_id[k]);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *name = (const char *) sqlite3_column_text (stmt, 0);
          guint32 c;

          if (name == NULL || name[0] == '\0')
            continue;
          c = intern_category (pc->names, ids, name);
          g_array_append_val (category, c);
        }
      sqlite3_reset (stmt);
    }
  pc->start[data->n_purchases] = category->len;
  pc->category = (guint32 *) (void *) g_array_free (g_steal_pointer (&category), FALSE);
  if (rc == SQLITE_DONE)
    return TRUE;

  _hy_database_set_error (db, rc, error, _("Could not read the purchased items"));
  return FALSE;
}

/* The most entries one member needs in a scratch buffer: purchases or (purchase, category)
 * pairs. */
static gsize
scratch_capacity (HyAnalysisData           *data,
                  const PurchaseCategories *pc)
{
  guint32 most = 0, most_entries = 0;

  for (gsize i = 0; i < data->n_members; i++)
    {
      guint32 first = data->offsets[i], end = data->offsets[i + 1];

      most = MAX (most, end - first);
      most_entries = MAX (most_entries, pc->start[end] - pc->start[first]);
    }
  return MAX (most, most_entries) + 1;
}

static void
scratch_init (Scratch                  *scratch,
              gsize                     capacity,
              const PurchaseCategories *pc)
{
  guint n_names = pc->names->len;

  scratch->capacity = capacity;
  scratch->days = g_new (gint32, scratch->capacity);
  scratch->gaps = g_new (gint32, scratch->capacity);
  scratch->cat_days = g_new (gint32, scratch->capacity);
  scratch->stamp = g_new0 (guint32, n_names + 1);
  scratch->count = g_new0 (guint32, n_names + 1);
  scratch->touched = g_new (guint32, n_names + 1);
  scratch->last = g_new (gint32, n_names + 1);
}

static void
scratch_clear (Scratch *scratch)
{
  g_free (scratch->days);
  g_free (scratch->gaps);
  g_free (scratch->cat_days);
  g_free (scratch->stamp);
  g_free (scratch->count);
  g_free (scratch->touched);
  g_free (scratch->last);
}

/* Where one thread's warnings go: the array and the block they are carved from, whose size
 * doubles up to WARNING_BLOCK_MAX (one member's refresh needs only a few). */
typedef struct
{
  GPtrArray      *warnings;
  HyWarningBlock *block;
} Sink;

/* A warning with the numbers of its reason; the text is formatted when it is read. */
static HyWarning *
add_warning (Sink           *sink,
             HyAnalysisData *data,
             gsize           i,
             HyWarningRule   rule,
             gint64          a,
             gint64          b,
             gint64          c)
{
  HyWarningBlock *block = sink->block;
  HyWarning *warning;

  if (block == NULL || block->used == block->capacity)
    {
      guint capacity = block == NULL ? 8 : MIN (2 * block->capacity, WARNING_BLOCK_MAX);

      block = sink->block = g_malloc0 (sizeof (HyWarningBlock) + capacity * sizeof (HyWarning));
      block->capacity = capacity;
    }
  warning = &block->warnings[block->used++];
  block->live++;
  warning->block = block;

  warning->member_id = data->member_id[i];
  warning->rule = rule;
  warning->args[0] = a;
  warning->args[1] = b;
  warning->args[2] = c;
  g_ptr_array_add (sink->warnings, warning);
  return warning;
}

/* "1 day", "40 days": a count in a reason, worded for its number. */
static char *
days_text (gint64 n)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld day", "%lld days", (gulong) n), (long long) n);
}

/* "1 time", "3 times": how often a member came. */
static char *
times_text (gint64 n)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld time", "%lld times", (gulong) n), (long long) n);
}

static char *
format_reason (const HyWarning *w)
{
  const gint64 *a = w->args;
  g_autofree char *first = NULL, *second = NULL, *third = NULL;

  switch (w->rule)
    {
    case HY_WARNING_IDLE:
      first = days_text (a[0]);
      second = days_text (a[1]);
      /* Translators: %1$s and %2$s are counts of days, like “40 days” */
      return g_strdup_printf (_("No purchase for %1$s (the store’s limit is %2$s)"), first, second);
    case HY_WARNING_FREQUENCY_DROP:
      first = times_text (a[0]);
      second = days_text (a[1]);
      third = times_text (a[2]);
      /* Translators: %1$s and %3$s are counts of visits, like “3 times”; %2$s a count of days */
      return g_strdup_printf (_("Came %1$s in the last %2$s, down from about %3$s in the same time before"),
                              first, second, third);
    case HY_WARNING_CYCLE_OVERDUE:
      first = days_text (a[0]);
      second = days_text (a[1]);
      /* Translators: %1$s and %2$s are counts of days, like “10 days” */
      return g_strdup_printf (_("Usually comes back every %1$s; it has been %2$s"), first, second);
    case HY_WARNING_CATEGORY_LAPSE:
      first = days_text (a[0]);
      second = days_text (a[1]);
      /* Translators: %1$s is a product category; %2$s and %3$s are counts of days, like “10 days” */
      return g_strdup_printf (_("Used to buy “%1$s” about every %2$s, but not for %3$s"), w->category, first, second);
    case HY_WARNING_LOW_P_ALIVE:
      return g_strdup_printf (_("Only a %lld%% chance this member still shops here, going by their visits"),
                              (long long) a[0]);
    case HY_WARNING_STORED_VALUE_IDLE:
      first = hy_money_format (a[0], TRUE);
      second = days_text (a[1]);
      /* Translators: %1$s is an amount of money in the store’s currency, without a sign, like
       * “700.00”; %2$s a count of days, like “60 days” */
      return g_strdup_printf (_("Has %1$s of stored value left, unused for %2$s"), first, second);
    case HY_N_WARNING_RULES:
    default:
      break;
    }
  g_assert_not_reached ();
}

const char *
hy_warning_get_reason (HyWarning *warning)
{
  g_return_val_if_fail (warning != NULL, NULL);

  if (warning->reason == NULL)
    warning->reason = format_reason (warning);
  return warning->reason;
}

/* Warns about the most overdue regularly bought category of member i.  A first pass counts each
 * category's distinct purchase days; only the categories bought on enough days are then bucketed
 * (a counting sort by category number, one entry per distinct day).  The purchases are in day
 * order, so each bucket holds its category's days in order, as sorting by (category, day)
 * would. */
static void
check_categories (Sink                     *sink,
                  HyAnalysisData           *data,
                  gsize                     i,
                  const PurchaseCategories *pc,
                  Scratch                  *s,
                  const Thresholds         *t)
{
  guint32 first = data->offsets[i], end = data->offsets[i + 1];
  guint32 stamp = (guint32) i + 1;
  guint n_touched = 0, n_kept = 0, pos = 0;
  double worst = 0, worst_cycle = 0;
  gint32 worst_idle = 0;
  gint64 worst_category = -1;

  for (guint32 k = first; k < end; k++)
    for (guint32 j = pc->start[k]; j < pc->start[k + 1]; j++)
      {
        guint32 c = pc->category[j];

        if (s->stamp[c] != stamp)
          {
            s->stamp[c] = stamp;
            s->count[c] = 0;
            s->last[c] = G_MININT32;
            s->touched[n_touched++] = c;
          }
        if (s->last[c] != data->day[k])
          {
            s->last[c] = data->day[k];
            s->count[c]++;
          }
      }

  /* The categories bought on enough days, in number order, as the rule breaks ties by the
   * first; count[c] becomes where category c's days go, G_MAXUINT32 for the others. */
  for (guint a = 0; a < n_touched; a++)
    {
      guint32 c = s->touched[a];

      if (s->count[c] >= (guint32) t->category_min_days)
        s->touched[n_kept++] = c;
      else
        s->count[c] = G_MAXUINT32;
    }
  if (n_kept == 0)
    return;
  for (guint a = 1; a < n_kept; a++)
    {
      guint32 c = s->touched[a];
      guint b = a;

      for (; b > 0 && s->touched[b - 1] > c; b--)
        s->touched[b] = s->touched[b - 1];
      s->touched[b] = c;
    }
  for (guint a = 0; a < n_kept; a++)
    {
      guint32 c = s->touched[a], n = s->count[c];

      s->count[c] = pos;
      s->last[c] = G_MININT32;
      pos += n;
    }
  for (guint32 k = first; k < end; k++)
    for (guint32 j = pc->start[k]; j < pc->start[k + 1]; j++)
      {
        guint32 c = pc->category[j];

        if (s->count[c] != G_MAXUINT32 && s->last[c] != data->day[k])
          {
            s->last[c] = data->day[k];
            s->cat_days[s->count[c]++] = data->day[k];
          }
      }

  pos = 0;
  for (guint a = 0; a < n_kept; a++)
    {
      guint32 c = s->touched[a], stop = s->count[c];
      const gint32 *days = s->cat_days + pos;
      guint n = stop - pos;
      double cycle = _hy_analysis_median_gap_of (days, n, s->gaps);
      gint32 idle = data->as_of_day - days[n - 1];

      if (cycle > 0 && idle > t->category_cycles * cycle && idle / cycle > worst)
        {
          worst = idle / cycle;
          worst_cycle = cycle;
          worst_idle = idle;
          worst_category = c;
        }
      pos = stop;
    }

  if (worst_category >= 0)
    add_warning (sink, data, i, HY_WARNING_CATEGORY_LAPSE, llround (worst_cycle), worst_idle, 0)
      ->category = pc->interned[worst_category];
}

static void
check_stored_value (Sink              *sink,
                    HyAnalysisData    *data,
                    gsize              i,
                    const StoredValue *sv,
                    const Thresholds  *t)
{
  gint64 idle;

  if (sv->balance[i] <= 0)
    return;
  /* Only returns or adjustments: as idle as can be, counted from joining. */
  idle = (gint64) data->as_of_day - (sv->last_use[i] == G_MININT32 ? data->joined_day[i] : sv->last_use[i]);
  if (idle < t->stored_value_days)
    return;

  add_warning (sink, data, i, HY_WARNING_STORED_VALUE_IDLE, sv->balance[i], idle, 0);
}

/* The rules on member i's purchase days: idle, frequency drop and cycle overdue. */
static void
check_member (Sink             *sink,
              HyAnalysisData   *data,
              gsize             i,
              const Thresholds *t,
              Scratch          *s)
{
  gint32 d = data->as_of_day;
  guint32 first = data->offsets[i], end = data->offsets[i + 1];
  gint32 idle, recent_start, earlier_start;
  guint recent = 0, earlier = 0, n = 0;

  if (first == end)
    return;

  idle = d - data->day[end - 1];
  if (idle >= t->idle_days && idle < t->max_idle_days)
    add_warning (sink, data, i, HY_WARNING_IDLE, idle, t->idle_days, 0);

  /* The distinct purchase days up to d. */
  for (guint32 k = first, stop = _hy_analysis_data_upper (data, i, d); k < stop; k++)
    if (n == 0 || s->days[n - 1] != data->day[k])
      s->days[n++] = data->day[k];

  /* Frequency: the recent window against the up to 365 days before it. */
  recent_start = d - (gint32) t->recent_days + 1;
  earlier_start = MAX (s->days[0], recent_start - 365);
  for (guint k = 0; k < n; k++)
    {
      gint32 day = s->days[k];

      if (day >= recent_start)
        recent++;
      else if (day >= earlier_start)
        earlier++;
    }
  if (earlier >= 2 && recent_start - earlier_start >= t->recent_days)
    {
      double earlier_rate = (double) earlier / (recent_start - earlier_start);
      double recent_rate = (double) recent / t->recent_days;

      if (recent_rate * 100 < earlier_rate * t->drop_percent)
        add_warning (sink, data, i, HY_WARNING_FREQUENCY_DROP, recent, t->recent_days,
                     llround (earlier_rate * t->recent_days));
    }

  if (n >= (guint) t->cycle_min_days)
    {
      double gap = _hy_analysis_median_gap_of (s->days, n, s->gaps);

      if (gap > 0 && idle * 100 > t->cycle_percent * gap)
        add_warning (sink, data, i, HY_WARNING_CYCLE_OVERDUE, llround (gap), idle, 0);
    }
}

/* The model's rule, for a member with a purchase. */
static void
check_p_alive (Sink                  *sink,
               HyAnalysisData        *data,
               gsize                  i,
               const Thresholds      *t,
               const HyCustomerModel *model)
{
  guint32 x;
  double t_x, T, p;

  if (model != NULL && data->offsets[i] < data->offsets[i + 1] &&
      hy_customer_model_history (model, data, i, data->as_of_day, &x, &t_x, &T, NULL) &&
      (p = hy_bgnbd_p_alive (&model->bgnbd, x, t_x, T)) * 100 < t->p_alive_percent)
    add_warning (sink, data, i, HY_WARNING_LOW_P_ALIVE, llround (p * 100), 0, 0);
}

/* The members with warnings, to sort: a member's warnings share its priority and value. */
typedef struct
{
  double      value;
  union
    {
      guint32   first;  /* while its range is checked: its warnings are the range's [first, + n) */
      gpointer *at;     /* then: where they are */
    };
  guint32     member;
  guint8      n;
  guint8      priority;
} Ranked;

/* A key whose ascending order is the value's descending order, for doubles of either sign
 * (-0 counts as 0). */
static inline guint64
descending_key (double value)
{
  guint64 bits;

  if (value == 0)
    value = 0;
  memcpy (&bits, &value, sizeof bits);
  bits = (bits >> 63) != 0 ? ~bits : bits | G_GUINT64_CONSTANT (0x8000000000000000);
  return ~bits;
}

/* Sorts the members by priority, then value (highest first), then member: a stable radix sort
 * by value, a byte at a time, then a stable one by priority, over members that come in
 * ascending order.  Linear, where qsort () of 650k members took a quarter of a second. */
static void
sort_ranked (Ranked *ranked,
             guint   n)
{
  g_autofree Ranked *buffer = g_new (Ranked, n + 1);
  g_autofree guint64 *key = g_new (guint64, n + 1);
  g_autofree guint64 *key_buffer = g_new (guint64, n + 1);
  Ranked *from = ranked, *to = buffer;
  guint64 *kfrom = key, *kto = key_buffer;
  guint count[256];

  for (guint i = 0; i < n; i++)
    key[i] = descending_key (ranked[i].value);

  for (guint shift = 0; shift < 64; shift += 8)
    {
      guint at = 0;

      memset (count, 0, sizeof count);
      for (guint i = 0; i < n; i++)
        count[(kfrom[i] >> shift) & 0xff]++;
      if (count[(kfrom[0] >> shift) & 0xff] == n)
        continue;   /* everyone shares this byte */
      for (guint d = 0; d < 256; d++)
        {
          guint c = count[d];

          count[d] = at;
          at += c;
        }
      for (guint i = 0; i < n; i++)
        {
          guint j = count[(kfrom[i] >> shift) & 0xff]++;

          to[j] = from[i];
          kto[j] = kfrom[i];
        }
      { Ranked *t = from; from = to; to = t; }
      { guint64 *t = kfrom; kfrom = kto; kto = t; }
    }

  /* Then by priority, keeping the value order within each. */
  memset (count, 0, sizeof count);
  for (guint i = 0; i < n; i++)
    count[from[i].priority + 1]++;
  for (guint p = 1; p < 256; p++)
    count[p] += count[p - 1];
  for (guint i = 0; i < n; i++)
    to[count[from[i].priority]++] = from[i];
  if (to != ranked)
    memcpy (ranked, to, n * sizeof (Ranked));
}

/* The last 365 days' spend of the members begin .. end. */
typedef struct
{
  HyAnalysisData *data;
  double         *value;
} Spend;

static void
spend_range (gsize    begin,
             gsize    end,
             gpointer user_data)
{
  Spend *spend = user_data;
  HyAnalysisData *data = spend->data;

  for (gsize i = begin; i < end; i++)
    {
      guint32 first = data->offsets[i];
      double v = 0;

      for (guint32 k = data->offsets[i + 1]; k > first && data->day[k - 1] > data->as_of_day - 365; k--)
        v += data->value[k - 1];
      spend->value[i] = v;
    }
}

/* Value per member (CLV or the last 365 days' spend) and the cut of the top share. */
static double *
member_values (HyAnalysisData        *data,
               const HyCustomerModel *model,
               const Thresholds      *t,
               double                *out_cut)
{
  double *value = g_new (double, data->n_members + 1);
  g_autofree double *ranked = g_new (double, data->n_members + 1);
  gsize n_ranked = 0;
  gboolean have_clv = model != NULL && model->has_spend &&
                      hy_customer_model_clv (model, data, data->as_of_day, value, NULL);

  if (!have_clv)
    {
      Spend spend = { data, value };

      _hy_parallel_for (data->n_members, data->n_purchases >= _hy_warnings_min_parallel ? 2 : G_MAXSIZE,
                        spend_range, &spend);
    }
  for (gsize i = 0; i < data->n_members; i++)
    {
      if (!isfinite (value[i]))
        value[i] = 0;
      else if (data->offsets[i] < data->offsets[i + 1])
        ranked[n_ranked++] = value[i];
    }

  *out_cut = INFINITY;
  if (n_ranked > 0 && t->high_percent > 0)
    {
      gsize keep = (gsize) ceil (n_ranked * t->high_percent / 100.0);

      /* The keep-th largest, without sorting the rest. */
      *out_cut = _hy_analysis_select_double (ranked, n_ranked, n_ranked - MIN (MAX (keep, 1), n_ranked));
    }

  return value;
}

/* Half of the members sorted on a thread of its own. */
typedef struct
{
  Ranked *ranked;
  guint   n;
} SortHalf;

static gpointer
sort_half_thread (gpointer user_data)
{
  SortHalf *half = user_data;

  sort_ranked (half->ranked, half->n);
  return NULL;
}

/* Whether @a goes after @b in the work list's order (@a's member comes after @b's when the
 * halves merged are the second and first). */
static inline gboolean
ranked_after (const Ranked *a,
              const Ranked *b)
{
  if (a->priority != b->priority)
    return a->priority > b->priority;
  return descending_key (a->value) > descending_key (b->value);
}

/* sort_ranked () on two processors when there are many: each half sorted on its own, then
 * merged, the first half's member first on a tie as the sort by member wants. */
static void
sort_ranked_parallel (Ranked *ranked,
                      guint   n)
{
  SortHalf half = { ranked + n / 2, n - n / 2 };
  g_autofree Ranked *merged = NULL;
  GThread *thread;
  guint a = 0, b = n / 2, out = 0;

  if (n < _hy_warnings_min_parallel || g_get_num_processors () < 2)
    {
      sort_ranked (ranked, n);
      return;
    }
  thread = g_thread_new ("hy-warnings-sort", sort_half_thread, &half);
  sort_ranked (ranked, n / 2);
  g_thread_join (thread);

  merged = g_new (Ranked, n);
  while (a < n / 2 && b < n)
    merged[out++] = ranked_after (&ranked[a], &ranked[b]) ? ranked[b++] : ranked[a++];
  while (a < n / 2)
    merged[out++] = ranked[a++];
  while (b < n)
    merged[out++] = ranked[b++];
  memcpy (ranked, merged, n * sizeof (Ranked));
}

/* The warnings sorted by priority, then value (highest first), then member id and rule: the
 * members are sorted (ids rise with the index), each one's warnings come in rule order. */
static GPtrArray *
sort_warnings (Ranked *ranked,
               guint   n_ranked,
               guint   n_warnings)
{
  GPtrArray *warnings = g_ptr_array_new_full (n_warnings + 1, (GDestroyNotify) hy_warning_free);
  guint out = 0;

  if (n_ranked > 1)
    sort_ranked_parallel (ranked, n_ranked);
  g_ptr_array_set_size (warnings, n_warnings);
  for (guint r = 0; r < n_ranked; r++)
    {
      memcpy (&warnings->pdata[out], ranked[r].at, ranked[r].n * sizeof (gpointer));
      out += ranked[r].n;
    }
  g_assert (out == n_warnings);
  return warnings;
}

/* What every range of members is checked against, and the pieces of the result. */
typedef struct
{
  HyAnalysisData           *data;
  const HyCustomerModel    *model;
  const Thresholds         *t;
  const PurchaseCategories *pc;
  const StoredValue        *sv;
  const double             *value;
  double                    cut;
  gint64                    raised_at;
  gsize                     capacity;   /* of a scratch */
  GMutex                    lock;
  GPtrArray                *pieces;     /* of Piece, under lock */
} Check;

/* The warnings of the members begin .. end, and those members ranked (first: in warnings). */
typedef struct
{
  gsize      begin;
  GPtrArray *warnings;
  GArray    *ranked;
} Piece;

static void
piece_free (Piece *piece)
{
  if (piece->warnings != NULL)
    g_ptr_array_free (piece->warnings, TRUE);
  g_array_unref (piece->ranked);
  g_free (piece);
}

static int
compare_pieces (gconstpointer a,
                gconstpointer b)
{
  const Piece *x = *(Piece * const *) a, *y = *(Piece * const *) b;

  return (x->begin > y->begin) - (x->begin < y->begin);
}

static void
check_range (gsize    begin,
             gsize    end,
             gpointer user_data)
{
  Check *check = user_data;
  HyAnalysisData *data = check->data;
  Piece *piece = g_new0 (Piece, 1);
  Scratch scratch;
  Sink sink;

  piece->begin = begin;
  piece->warnings = g_ptr_array_new ();
  sink = (Sink) { piece->warnings, NULL };
  piece->ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));
  scratch_init (&scratch, check->capacity, check->pc);
  for (gsize i = begin; i < end; i++)
    {
      GPtrArray *warnings = piece->warnings;
      guint from = warnings->len;
      double value = check->value[i];
      Ranked r;

      /* In rule order, as the list wants a member's warnings. */
      check_member (&sink, data, i, check->t, &scratch);
      check_categories (&sink, data, i, check->pc, &scratch, check->t);
      check_p_alive (&sink, data, i, check->t, check->model);
      check_stored_value (&sink, data, i, check->sv, check->t);
      if (warnings->len == from)
        continue;

      r.value = value;
      r.member = i;
      r.first = from;
      r.n = warnings->len - from;
      if (value >= check->cut && value > 0)
        r.priority = HY_WARNING_PRIORITY_HIGH;
      else if (data->as_of_day - data->joined_day[i] < check->t->focus_days)
        r.priority = HY_WARNING_PRIORITY_FOCUS;
      else
        r.priority = HY_WARNING_PRIORITY_NORMAL;
      for (guint k = from; k < warnings->len; k++)
        {
          HyWarning *warning = g_ptr_array_index (warnings, k);

          warning->value = r.value;
          warning->priority = r.priority;
          warning->raised_at = check->raised_at;
          warning->due_at = check->raised_at + (r.priority == HY_WARNING_PRIORITY_HIGH ? 12 : 24) * 3600;
        }
      g_array_append_val (piece->ranked, r);
    }
  scratch_clear (&scratch);
  /* The range's warnings stay where they are: its members point at them. */
  for (guint k = 0; k < piece->ranked->len; k++)
    {
      Ranked *r = &g_array_index (piece->ranked, Ranked, k);

      r->at = &piece->warnings->pdata[r->first];
    }

  g_mutex_lock (&check->lock);
  g_ptr_array_add (check->pieces, piece);
  g_mutex_unlock (&check->lock);
}

GPtrArray *
hy_warnings_compute (HyDatabase            *db,
                     HyAnalysisData        *data,
                     const HyCustomerModel *model,
                     GError               **error)
{
  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  return _hy_warnings_run (db, data, model, NULL, FALSE, error);
}

void
_hy_warnings_basis_clear (HyWarningsBasis *basis)
{
  g_clear_pointer (&basis->names, g_ptr_array_unref);
}

GPtrArray *
_hy_warnings_run (HyDatabase            *db,
                  HyAnalysisData        *data,
                  const HyCustomerModel *model,
                  HyWarningsBasis       *basis,
                  gboolean               use_basis,
                  GError               **error)
{
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GArray) ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));
  g_autofree double *value = NULL;
  guint n_warnings = 0;
  PurchaseCategories pc = { NULL, NULL, NULL, NULL, FALSE };
  StoredValue sv = { NULL, NULL };
  Thresholds t;
  Check check;
  double cut;

  thresholds_init (&t, db);
  if (use_basis ? !load_member_categories (db, data, basis->names, &pc, error)
                : !load_purchase_categories (db, data, &pc, error))
    {
      purchase_categories_clear (&pc);
      return NULL;
    }
  purchase_categories_intern (&pc);
  if (!load_stored_value (db, data, &sv, error))
    {
      purchase_categories_clear (&pc);
      stored_value_clear (&sv);
      return NULL;
    }

  value = member_values (data, model, &t, &cut);
  if (use_basis)
    cut = basis->cut;
  else if (basis != NULL)
    {
      basis->cut = cut;
      basis->names = g_ptr_array_ref (pc.names);
    }
  check = (Check) {
    .data = data,
    .model = model,
    .t = &t,
    .pc = &pc,
    .sv = &sv,
    .value = value,
    .cut = cut,
    .raised_at = hy_time_day_start (hy_database_get_time_zone (db), data->as_of_day),
    .capacity = scratch_capacity (data, &pc),
    .pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) piece_free),
  };
  g_mutex_init (&check.lock);
  _hy_parallel_for (data->n_members, data->n_purchases >= _hy_warnings_min_parallel ? 2 : G_MAXSIZE,
                    check_range, &check);
  g_mutex_clear (&check.lock);
  purchase_categories_clear (&pc);
  stored_value_clear (&sv);

  /* The ranges' members in member order, one range after the other. */
  g_ptr_array_sort (check.pieces, compare_pieces);
  for (guint p = 0; p < check.pieces->len; p++)
    {
      Piece *piece = g_ptr_array_index (check.pieces, p);

      g_array_append_vals (ranked, piece->ranked->data, piece->ranked->len);
      n_warnings += piece->warnings->len;
    }
  warnings = sort_warnings ((Ranked *) (void *) ranked->data, ranked->len, n_warnings);
  g_ptr_array_free (check.pieces, TRUE);

  for (guint k = 0; k < MIN (warnings->len, HY_WARNINGS_EAGER_REASONS); k++)
    hy_warning_get_reason (g_ptr_array_index (warnings, k));
  return g_steal_pointer (&warnings);
}
