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
#include "hy-time.h"
#include "hy-warnings.h"

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
} Thresholds;

/* A member's purchase of a category on a day, for the category rule. */
typedef struct
{
  guint32 member;
  guint32 category;
  gint32  day;
} CategoryDay;

static const char * const rule_ids[HY_N_WARNING_RULES] = {
  "idle", "frequency_drop", "cycle_overdue", "category_lapse", "low_p_alive",
};
static const char * const priority_ids[] = { "high", "focus", "normal" };
static const char * const priority_labels[] = { N_("High"), N_("Focus"), N_("Normal") };

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
hy_warning_priority_get_label (HyWarningPriority priority)
{
  g_return_val_if_fail (priority <= HY_WARNING_PRIORITY_NORMAL, NULL);

  return _(priority_labels[priority]);
}

void
hy_warning_free (HyWarning *warning)
{
  if (warning == NULL)
    return;

  g_free (warning->reason);
  g_free (warning);
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
}

static int
compare_category_days (const void *a,
                       const void *b)
{
  const CategoryDay *x = a, *y = b;

  if (x->member != y->member)
    return x->member < y->member ? -1 : 1;
  if (x->category != y->category)
    return x->category < y->category ? -1 : 1;
  return (x->day > y->day) - (x->day < y->day);
}

/* Every (member, category, day) of the loaded purchases' items, sorted. */
static GArray *
load_category_days (HyDatabase     *db,
                    HyAnalysisData *data,
                    GPtrArray      *names,
                    GError        **error)
{
  static const char select_items[] =
    "SELECT transaction_id, category FROM transaction_items WHERE category <> ''";
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (CategoryDay));
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree guint32 *purchase_of = NULL;   /* transaction id - min_id -> purchase + 1 */
  g_autofree guint32 *member_of = g_new (guint32, data->n_purchases + 1);
  gint64 min_id = G_MAXINT64, max_id = 0;
  sqlite3_stmt *stmt;
  int rc;

  for (gsize i = 0; i < data->n_members; i++)
    for (guint32 k = data->offsets[i]; k < data->offsets[i + 1]; k++)
      member_of[k] = i;
  for (gsize k = 0; k < data->n_purchases; k++)
    {
      min_id = MIN (min_id, data->txn_id[k]);
      max_id = MAX (max_id, data->txn_id[k]);
    }
  if (data->n_purchases == 0)
    return g_steal_pointer (&out);

  purchase_of = g_new0 (guint32, max_id - min_id + 1);
  for (gsize k = 0; k < data->n_purchases; k++)
    purchase_of[data->txn_id[k] - min_id] = k + 1;

  if (!(stmt = _hy_database_prepare (db, select_items, error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *name = _hy_column_text (stmt, 1);
      gpointer found;
      CategoryDay entry;
      guint32 k;

      if (id < min_id || id > max_id || (k = purchase_of[id - min_id]) == 0)
        continue;
      if (!g_hash_table_lookup_extended (ids, name, NULL, &found))
        {
          g_ptr_array_add (names, g_strdup (name));
          found = GUINT_TO_POINTER (names->len - 1);
          g_hash_table_insert (ids, g_ptr_array_index (names, names->len - 1), found);
        }
      entry.member = member_of[k - 1];
      entry.category = GPOINTER_TO_UINT (found);
      entry.day = data->day[k - 1];
      g_array_append_val (out, entry);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not read the purchased items"));
      return NULL;
    }

  qsort (out->data, out->len, sizeof (CategoryDay), compare_category_days);
  return g_steal_pointer (&out);
}

static void
add_warning (GPtrArray     *warnings,
             HyAnalysisData *data,
             gsize          i,
             HyWarningRule  rule,
             char          *reason)
{
  HyWarning *warning = g_new0 (HyWarning, 1);

  warning->member_id = data->member_id[i];
  warning->rule = rule;
  warning->reason = reason;
  g_ptr_array_add (warnings, warning);
}

/* Warns about the most overdue regularly bought category among the member's entries
 * entries[from .. to). */
static void
check_categories (GPtrArray         *warnings,
                  HyAnalysisData    *data,
                  gsize              i,
                  const CategoryDay *entries,
                  guint              from,
                  guint              to,
                  GPtrArray         *names,
                  const Thresholds  *t)
{
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (gint32));
  double worst = 0, worst_cycle = 0;
  gint32 worst_idle = 0;
  gint64 worst_category = -1;

  for (guint a = from; a < to;)
    {
      guint b = a;
      double cycle;
      gint32 idle;

      g_array_set_size (days, 0);
      for (; b < to && entries[b].category == entries[a].category; b++)
        if (days->len == 0 || g_array_index (days, gint32, days->len - 1) != entries[b].day)
          g_array_append_val (days, entries[b].day);

      if (days->len >= (guint) t->category_min_days)
        {
          cycle = _hy_analysis_median_gap (days);
          idle = data->as_of_day - g_array_index (days, gint32, days->len - 1);
          if (cycle > 0 && idle > t->category_cycles * cycle && idle / cycle > worst)
            {
              worst = idle / cycle;
              worst_cycle = cycle;
              worst_idle = idle;
              worst_category = entries[a].category;
            }
        }
      a = b;
    }

  if (worst_category >= 0)
    add_warning (warnings, data, i, HY_WARNING_CATEGORY_LAPSE,
                 g_strdup_printf (_("Used to buy “%s” about every %lld days, but not for %lld days"),
                                  (const char *) g_ptr_array_index (names, worst_category),
                                  (long long) llround (worst_cycle), (long long) worst_idle));
}

/* Every rule but the category one, for member i. */
static void
check_member (GPtrArray             *warnings,
              HyAnalysisData        *data,
              gsize                  i,
              const Thresholds      *t,
              const HyCustomerModel *model,
              GArray                *days)
{
  gint32 d = data->as_of_day;
  guint32 first = data->offsets[i], end = data->offsets[i + 1];
  gint32 idle, recent_start, earlier_start;
  guint recent = 0, earlier = 0;

  if (first == end)
    return;

  idle = d - data->day[end - 1];
  if (idle >= t->idle_days && idle < t->max_idle_days)
    add_warning (warnings, data, i, HY_WARNING_IDLE,
                 g_strdup_printf (_("No purchase for %lld days (the store’s limit is %lld days)"),
                                  (long long) idle, (long long) t->idle_days));

  g_array_set_size (days, 0);
  _hy_analysis_data_purchase_days (data, i, d, days);

  /* Frequency: the recent window against the up to 365 days before it. */
  recent_start = d - (gint32) t->recent_days + 1;
  earlier_start = MAX (g_array_index (days, gint32, 0), recent_start - 365);
  for (guint k = 0; k < days->len; k++)
    {
      gint32 day = g_array_index (days, gint32, k);

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
        add_warning (warnings, data, i, HY_WARNING_FREQUENCY_DROP,
                     g_strdup_printf (_("Came %lld times in the last %lld days, down from about %lld times in the same time before"),
                                      (long long) recent, (long long) t->recent_days,
                                      (long long) llround (earlier_rate * t->recent_days)));
    }

  if (days->len >= (guint) t->cycle_min_days)
    {
      double gap = _hy_analysis_median_gap (days);

      if (gap > 0 && idle * 100 > t->cycle_percent * gap)
        add_warning (warnings, data, i, HY_WARNING_CYCLE_OVERDUE,
                     g_strdup_printf (_("Usually comes back every %lld days; it has been %lld days"),
                                      (long long) llround (gap), (long long) idle));
    }

  if (model != NULL)
    {
      guint32 x;
      double t_x, T, p;

      if (hy_customer_model_history (model, data, i, d, &x, &t_x, &T, NULL) &&
          (p = hy_bgnbd_p_alive (&model->bgnbd, x, t_x, T)) * 100 < t->p_alive_percent)
        add_warning (warnings, data, i, HY_WARNING_LOW_P_ALIVE,
                     g_strdup_printf (_("Only a %lld%% chance this member still shops here, going by their visits"),
                                      (long long) llround (p * 100)));
    }
}

static int
compare_double_desc (const void *a,
                     const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x < y) - (x > y);
}

static int
compare_warnings (gconstpointer a,
                  gconstpointer b)
{
  const HyWarning *x = *(HyWarning * const *) a;
  const HyWarning *y = *(HyWarning * const *) b;

  if (x->priority != y->priority)
    return x->priority < y->priority ? -1 : 1;
  if (x->value != y->value)
    return x->value > y->value ? -1 : 1;
  if (x->member_id != y->member_id)
    return x->member_id < y->member_id ? -1 : 1;
  return (x->rule > y->rule) - (x->rule < y->rule);
}

/* Value per member (CLV or the last 365 days' spend) and the cut of the top share. */
static double *
member_values (HyAnalysisData        *data,
               const HyCustomerModel *model,
               const Thresholds      *t,
               double                *out_cut)
{
  double *value = g_new (double, data->n_members + 1);
  g_autoptr(GArray) sorted = g_array_new (FALSE, FALSE, sizeof (double));
  gboolean have_clv = model != NULL && model->has_spend &&
                      hy_customer_model_clv (model, data, data->as_of_day, value, NULL);

  for (gsize i = 0; i < data->n_members; i++)
    {
      guint32 first = data->offsets[i], end = data->offsets[i + 1];

      if (!have_clv)
        {
          value[i] = 0;
          for (guint32 k = end; k > first && data->day[k - 1] > data->as_of_day - 365; k--)
            value[i] += data->value[k - 1];
        }
      if (first < end && isfinite (value[i]))
        g_array_append_val (sorted, value[i]);
      else if (!isfinite (value[i]))
        value[i] = 0;
    }

  *out_cut = INFINITY;
  if (sorted->len > 0 && t->high_percent > 0)
    {
      guint keep = (guint) ceil (sorted->len * t->high_percent / 100.0);

      g_array_sort (sorted, (GCompareFunc) compare_double_desc);
      *out_cut = g_array_index (sorted, double, MAX (keep, 1) - 1);
    }

  return value;
}

GPtrArray *
hy_warnings_compute (HyDatabase            *db,
                     HyAnalysisData        *data,
                     const HyCustomerModel *model,
                     GError               **error)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_warning_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) entries = NULL;
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (gint32));
  g_autofree double *value = NULL;
  gint64 raised_at;
  Thresholds t;
  double cut;
  guint e = 0;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  thresholds_init (&t, db);
  if (!(entries = load_category_days (db, data, names, error)))
    return NULL;

  for (gsize i = 0; i < data->n_members; i++)
    {
      guint from = e;

      check_member (warnings, data, i, &t, model, days);
      while (e < entries->len && g_array_index (entries, CategoryDay, e).member == i)
        e++;
      if (e > from)
        check_categories (warnings, data, i, &g_array_index (entries, CategoryDay, from), 0, e - from,
                          names, &t);
    }

  value = member_values (data, model, &t, &cut);
  raised_at = hy_time_day_start (hy_database_get_time_zone (db), data->as_of_day);
  for (guint k = 0; k < warnings->len; k++)
    {
      HyWarning *warning = g_ptr_array_index (warnings, k);
      gsize i = hy_analysis_data_find_member (data, warning->member_id);

      warning->value = value[i];
      if (value[i] >= cut && value[i] > 0)
        warning->priority = HY_WARNING_PRIORITY_HIGH;
      else if (data->as_of_day - data->joined_day[i] < t.focus_days)
        warning->priority = HY_WARNING_PRIORITY_FOCUS;
      else
        warning->priority = HY_WARNING_PRIORITY_NORMAL;
      warning->raised_at = raised_at;
      warning->due_at = raised_at + (warning->priority == HY_WARNING_PRIORITY_HIGH ? 12 : 24) * 3600;
    }

  g_ptr_array_sort (warnings, compare_warnings);
  return g_steal_pointer (&warnings);
}
