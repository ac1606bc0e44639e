/* hy-kpi.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "hy-analysis-private.h"
#include "hy-kpi.h"
#include "hy-time.h"

static double
ratio (double num,
       double den)
{
  return den != 0 ? num / den : 0;
}

/* The member's last purchase day on or before @day, or G_MININT32 / 2 without one. */
static gint32
last_purchase_by (HyAnalysisData *data,
                  gsize           i,
                  gint32          day)
{
  guint32 end = _hy_analysis_data_upper (data, i, day);

  return end > data->offsets[i] ? data->day[end - 1] : G_MININT32 / 2;
}

gboolean
hy_kpis_compute (HyDatabase            *db,
                 HyAnalysisData        *data,
                 gint32                 start,
                 gint32                 end,
                 const HyCustomerModel *model,
                 HyKpis                *kpis,
                 GError               **error)
{
  gint32 length = end - start + 1;
  gint32 active_days = hy_analysis_get_setting_int (db, "kpi.active_days", 90);
  gint32 sleeping_days = hy_analysis_get_setting_int (db, "lifecycle.sleeping_days", 90);
  gint32 churned_days = hy_analysis_get_setting_int (db, "lifecycle.churned_days", 180);

  g_return_val_if_fail (HY_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (start <= end && end <= data->as_of_day, FALSE);

  memset (kpis, 0, sizeof *kpis);
  kpis->start = start;
  kpis->end = end;

  for (gsize i = 0; i < data->n_members; i++)
    {
      gint32 before = last_purchase_by (data, i, start - 1);
      gint32 last = last_purchase_by (data, i, end);
      guint32 from = _hy_analysis_data_upper (data, i, start - 1);
      guint32 to = _hy_analysis_data_upper (data, i, end);
      gboolean bought = to > from;
      gboolean bought_before = _hy_analysis_data_upper (data, i, start - length - 1) < from;

      if (data->joined_day[i] <= end || last != G_MININT32 / 2)
        kpis->members++;
      if (data->joined_day[i] >= start && data->joined_day[i] <= end)
        kpis->new_members++;
      if (end - last < active_days)
        kpis->active_members++;

      if (bought)
        {
          kpis->purchasers++;
          kpis->orders += to - from;
          for (guint32 p = from; p < to; p++)
            kpis->member_sales += data->value[p];
          if (data->day[to - 1] != data->day[from])
            kpis->repurchasers++;
        }
      if (bought_before)
        {
          kpis->previous_purchasers++;
          kpis->retained += bought;
        }
      if (start - 1 - before < churned_days)
        {
          kpis->churn_base++;
          kpis->churned += end - last >= churned_days;
        }
      if (start - 1 - before >= sleeping_days && start - 1 - before < churned_days)
        {
          kpis->sleeping_at_start++;
          kpis->woken += bought;
        }
    }

  kpis->all_sales = kpis->member_sales + _hy_analysis_data_walk_ins (data, start, end);
  kpis->repurchase_rate = ratio (kpis->repurchasers, kpis->purchasers);
  kpis->retention = ratio (kpis->retained, kpis->previous_purchasers);
  kpis->churn_rate = ratio (kpis->churned, kpis->churn_base);
  kpis->aov = ratio (kpis->member_sales, kpis->orders);
  kpis->purchase_frequency = ratio (kpis->orders, kpis->purchasers);
  kpis->member_revenue_share = ratio (kpis->member_sales, kpis->all_sales);
  kpis->wake_up_rate = ratio (kpis->woken, kpis->sleeping_at_start);

  if (model != NULL && model->has_spend)
    {
      g_autofree double *clv = g_new (double, data->n_members + 1);
      double sum = 0;
      guint64 n = 0;

      if (!hy_customer_model_clv (model, data, end, clv, error))
        return FALSE;
      for (gsize i = 0; i < data->n_members; i++)
        if (isfinite (clv[i]))
          sum += clv[i], n++;
      kpis->has_clv = TRUE;
      kpis->average_clv = ratio (sum, n);
    }

  return TRUE;
}

void
hy_cohort_table_free (HyCohortTable *table)
{
  if (table == NULL)
    return;

  g_free (table->year);
  g_free (table->month);
  g_free (table->size);
  g_free (table->active);
  g_free (table);
}

static int
month_index (gint32 day)
{
  int y, m, d;

  hy_time_day_to_ymd (day, &y, &m, &d);
  return y * 12 + (m - 1);
}

HyCohortTable *
hy_cohorts_compute (HyAnalysisData *data,
                    guint           n_months)
{
  HyCohortTable *table;
  g_autofree guint8 *seen = NULL;
  int last, first;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (n_months > 0, NULL);

  table = g_new0 (HyCohortTable, 1);
  table->n_months = n_months;
  table->year = g_new (int, n_months);
  table->month = g_new (int, n_months);
  table->size = g_new0 (guint64, n_months);
  table->active = g_new0 (guint64, (gsize) n_months * n_months);
  seen = g_new (guint8, n_months);

  last = month_index (data->as_of_day);
  first = last - (int) n_months + 1;
  for (guint i = 0; i < n_months; i++)
    {
      table->year[i] = (first + (int) i) / 12;
      table->month[i] = (first + (int) i) % 12 + 1;
    }

  for (gsize i = 0; i < data->n_members; i++)
    {
      guint32 a = data->offsets[i], b = data->offsets[i + 1];
      int cohort;

      if (a == b)
        continue;
      cohort = month_index (data->day[a]) - first;
      if (cohort < 0)
        continue;

      table->size[cohort]++;
      memset (seen, 0, n_months);
      for (guint32 k = a; k < b; k++)
        {
          int offset = month_index (data->day[k]) - first - cohort;

          if (offset >= 0 && cohort + offset < (int) n_months && !seen[offset])
            {
              seen[offset] = 1;
              table->active[(gsize) cohort * n_months + offset]++;
            }
        }
    }

  return table;
}

/**
 * hy_cohort_members:
 *
 * Returns: (transfer full) (element-type gint64): the ids, ascending
 */
GArray *
hy_cohort_members (HyAnalysisData *data,
                   int             year,
                   int             month,
                   guint           offset)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int cohort = year * 12 + (month - 1);

  g_return_val_if_fail (data != NULL, ids);

  for (gsize i = 0; i < data->n_members; i++)
    {
      guint32 a = data->offsets[i], b = data->offsets[i + 1];

      if (a == b || month_index (data->day[a]) != cohort)
        continue;
      for (guint32 k = a; k < b; k++)
        if (month_index (data->day[k]) - cohort == (int) offset)
          {
            gint64 id = hy_analysis_data_get_member_id (data, i);

            g_array_append_val (ids, id);
            break;
          }
    }
  /* The data's members are in ascending order of id, and so are these. */
  return ids;
}
