/* hy-dashboard.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include "hy-analysis.h"
#include "hy-customer-model.h"
#include "hy-dashboard.h"
#include "hy-dashboard-members.h"
#include "hy-error.h"
#include "hy-member-analysis.h"
#include "hy-member-store.h"
#include "hy-time.h"

#define CACHE_KEY     "dashboard.cache"
#define CACHE_VERSION 3

static const struct
{
  const char *id;
  const char *label;
  guint       days;     /* 0: a calendar month */
} periods[HY_DASHBOARD_N_PERIODS] = {
  [HY_DASHBOARD_LAST_7_DAYS] = { "last-7-days", N_("Last 7 Days"), 7 },
  [HY_DASHBOARD_LAST_30_DAYS] = { "last-30-days", N_("Last 30 Days"), 30 },
  [HY_DASHBOARD_LAST_90_DAYS] = { "last-90-days", N_("Last 90 Days"), 90 },
  [HY_DASHBOARD_LAST_365_DAYS] = { "last-365-days", N_("Last 365 Days"), 365 },
  [HY_DASHBOARD_THIS_MONTH] = { "this-month", N_("This Month"), 0 },
  [HY_DASHBOARD_LAST_MONTH] = { "last-month", N_("Last Month"), 0 },
};

/* The local days the period covers as seen on @as_of, start .. end inclusive. */
void
hy_dashboard_period_get_range (HyDashboardPeriod  period,
                               gint32             as_of,
                               gint32            *start,
                               gint32            *end)
{
  int year, month, day;
  gint32 first;

  g_return_if_fail ((guint) period < HY_DASHBOARD_N_PERIODS);
  g_return_if_fail (start != NULL && end != NULL);

  if (periods[period].days > 0)
    {
      *start = as_of - (gint32) periods[period].days + 1;
      *end = as_of;
      return;
    }
  hy_time_day_to_ymd (as_of, &year, &month, &day);
  first = hy_time_ymd_to_day (year, month, 1);
  if (period == HY_DASHBOARD_THIS_MONTH)
    {
      *start = first;
      *end = as_of;
      return;
    }
  hy_time_day_to_ymd (first - 1, &year, &month, &day);
  *start = hy_time_ymd_to_day (year, month, 1);
  *end = first - 1;
}

const char *
hy_dashboard_period_to_string (HyDashboardPeriod period)
{
  g_return_val_if_fail ((guint) period < HY_DASHBOARD_N_PERIODS, NULL);

  return periods[period].id;
}

gboolean
hy_dashboard_period_from_string (const char        *text,
                                 HyDashboardPeriod *period)
{
  for (guint i = 0; text != NULL && i < HY_DASHBOARD_N_PERIODS; i++)
    if (g_str_equal (text, periods[i].id))
      {
        *period = i;
        return TRUE;
      }
  return FALSE;
}

const char *
hy_dashboard_period_get_label (HyDashboardPeriod period)
{
  g_return_val_if_fail ((guint) period < HY_DASHBOARD_N_PERIODS, NULL);

  return _(periods[period].label);
}

#define PERIOD_KEY "dashboard.period"
#define STORE_KEY  "dashboard.store"

void
hy_dashboard_load_choice (HyDatabase        *db,
                          HyDashboardPeriod *period,
                          gint64            *store_id)
{
  g_autofree char *period_text = NULL;
  g_autofree char *store_text = NULL;

  g_return_if_fail (HY_IS_DATABASE (db));
  g_return_if_fail (period != NULL && store_id != NULL);

  period_text = hy_database_dup_setting (db, PERIOD_KEY);
  store_text = hy_database_dup_setting (db, STORE_KEY);
  if (!hy_dashboard_period_from_string (period_text, period))
    *period = HY_DASHBOARD_LAST_30_DAYS;
  *store_id = store_text != NULL ? g_ascii_strtoll (store_text, NULL, 10) : 0;
}

gboolean
hy_dashboard_save_choice (HyDatabase         *db,
                          HyDashboardPeriod   period,
                          gint64              store_id,
                          GError            **error)
{
  g_autofree char *store_text = g_strdup_printf ("%" G_GINT64_FORMAT, store_id);

  g_return_val_if_fail (HY_IS_DATABASE (db), FALSE);
  g_return_val_if_fail ((guint) period < HY_DASHBOARD_N_PERIODS, FALSE);

  return hy_database_set_setting (db, PERIOD_KEY, periods[period].id, error) &&
         hy_database_set_setting (db, STORE_KEY, store_text, error);
}

/* Each choice of period and store has its cache: one is never shown for another. */
static char *
cache_key (HyDashboardPeriod period,
           gint64            store_id)
{
  return g_strdup_printf ("%s.%s.%" G_GINT64_FORMAT, CACHE_KEY, periods[period].id, store_id);
}

void
hy_dashboard_free (HyDashboard *dashboard)
{
  for (guint i = 0; i < dashboard->n_top; i++)
    g_free (dashboard->top_name[i]);
  g_free (dashboard->member_id);
  g_free (dashboard->member_class);
  g_free (dashboard->member_stage);
  g_free (dashboard);
}

typedef struct
{
  gsize  rfm_index;
  gint64 spend;
} Ranked;

static int
compare_spend (gconstpointer a,
               gconstpointer b)
{
  const Ranked *x = a, *y = b;

  return x->spend < y->spend ? 1 : x->spend > y->spend ? -1 : 0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* The round figure (1, 2 or 5 times a power of ten minor units, at least 1.00, so whole units)
 * at or above @value. */
static gint64
round_width (double value)
{
  static const double steps[] = { 1, 2, 5, 10 };
  double magnitude;

  if (value <= 100)
    return 100;
  magnitude = pow (10, floor (log10 (value)));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (value <= steps[i] * magnitude)
      return (gint64) (steps[i] * magnitude);
  return (gint64) (10 * magnitude);
}

/* The histograms of P(alive) and CLV of the members with a purchase.  The CLV bins are as wide
 * as lets nine of them hold 95% of the members; the tenth holds the rest. */
static void
compute_predictions (HyDashboard           *d,
                     HyAnalysisData        *data,
                     const HyCustomerModel *model)
{
  gsize n = hy_analysis_data_get_n_members (data);
  g_autofree double *values = g_new (double, n + 1);
  g_autoptr(GArray) clv = NULL;
  double sum = 0;

  d->has_model = TRUE;
  hy_customer_model_p_alive (model, data, d->as_of, values);
  for (gsize i = 0; i < n; i++)
    if (isfinite (values[i]))
      {
        d->p_alive_bins[hy_dashboard_p_alive_bin (values[i])]++;
        d->predicted++;
        sum += values[i];
      }
  d->p_alive_mean = d->predicted > 0 ? sum / d->predicted : 0;

  if (!model->has_spend || !hy_customer_model_clv (model, data, d->as_of, values, NULL))
    return;
  clv = g_array_sized_new (FALSE, FALSE, sizeof (double), d->predicted);
  sum = 0;
  for (gsize i = 0; i < n; i++)
    if (isfinite (values[i]))
      {
        double value = MAX (values[i], 0);

        g_array_append_val (clv, value);
        sum += value;
      }
  if (clv->len == 0)
    return;
  g_array_sort (clv, compare_double);
  d->has_clv = TRUE;
  d->clv_mean = sum / clv->len;
  d->clv_median = g_array_index (clv, double, clv->len / 2);
  d->clv_bin_width = round_width (g_array_index (clv, double, (gsize) ceil (0.95 * (clv->len - 1))) / (HY_DASHBOARD_BINS - 1));
  for (guint i = 0; i < clv->len; i++)
    d->clv_bins[hy_dashboard_clv_bin (g_array_index (clv, double, i), d->clv_bin_width)]++;
}

/* Every member's class and stage as of the as-of day, for the members list; the stages are
 * those the lifecycle chart counts for its last month. */
static void
keep_member_analysis (HyDashboard              *d,
                      HyAnalysisData           *data,
                      const HyRfmResult        *rfm,
                      const HyLifecycleOptions *options)
{
  gsize n = hy_analysis_data_get_n_members (data);
  g_autofree HyStage *stages = g_new (HyStage, n + 1);

  hy_lifecycle_compute (data, d->as_of, options, NULL, stages, NULL);
  d->n_members = n;
  d->member_id = g_new (gint64, n + 1);
  d->member_class = g_new (guint8, n + 1);
  d->member_stage = g_new (guint8, n + 1);
  for (gsize i = 0; i < n; i++)
    {
      d->member_id[i] = hy_analysis_data_get_member_id (data, i);
      d->member_class[i] = (guint8) rfm->members[i].klass;
      d->member_stage[i] = (guint8) stages[i];
    }
}

/* Everything the dashboard shows for @period as seen on @as_of (and as many days before it, for
 * the changes), with the sales of @store_id or of every store (0).  Slow on a large store: call
 * it from a worker thread, on a connection of its own. */
HyDashboard *
hy_dashboard_compute (HyDatabase         *db,
                      gint32              as_of,
                      HyDashboardPeriod   period,
                      gint64              store_id,
                      GError            **error)
{
  g_autoptr(HyDashboard) dashboard = g_new0 (HyDashboard, 1);
  g_autoptr(HyAnalysisData) data = NULL;
  g_autoptr(HyRfmResult) rfm = NULL;
  g_autoptr(HyCohortTable) cohorts = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(HyMemberStore) members = NULL;
  g_autoptr(GArray) ranked = NULL;
  HyCustomerModel model;
  gboolean has_model;
  HyLifecycleOptions options;
  guint window;
  gint32 days;

  g_return_val_if_fail ((guint) period < HY_DASHBOARD_N_PERIODS, NULL);

  if (!(data = hy_analysis_data_load (db, as_of, store_id, error)))
    return NULL;
  has_model = hy_customer_model_load (db, &model);

  dashboard->computed_at = hy_time_now ();
  dashboard->as_of = as_of;
  dashboard->period = period;
  dashboard->store_id = store_id;
  hy_dashboard_period_get_range (period, as_of, &dashboard->start, &dashboard->end);
  days = dashboard->end - dashboard->start + 1;

  if (!hy_kpis_compute (db, data, dashboard->start, dashboard->end, has_model ? &model : NULL, &dashboard->now, error) ||
      !hy_kpis_compute (db, data, dashboard->start - days, dashboard->start - 1, has_model ? &model : NULL,
                        &dashboard->before, error))
    return NULL;

  window = (guint) hy_analysis_get_setting_int (db, "rfm.window_days", HY_RFM_DEFAULT_WINDOW_DAYS);
  rfm = hy_rfm_compute (data, window);
  memcpy (dashboard->rfm, rfm->classes, sizeof dashboard->rfm);

  hy_lifecycle_options_init (&options, db);
  options.model = has_model ? &model : NULL;
  hy_lifecycle_history (data, HY_DASHBOARD_MONTHS, &options, dashboard->month_end, dashboard->stages);
  dashboard->transition_from = dashboard->month_end[HY_DASHBOARD_MONTHS - 2];
  dashboard->transition_to = dashboard->month_end[HY_DASHBOARD_MONTHS - 1];
  hy_lifecycle_transitions (data, dashboard->transition_from, dashboard->transition_to, &options,
                            dashboard->transitions);
  keep_member_analysis (dashboard, data, rfm, &options);
  if (has_model)
    compute_predictions (dashboard, data, &model);

  cohorts = hy_cohorts_compute (data, HY_DASHBOARD_COHORTS);
  for (guint i = 0; i < HY_DASHBOARD_COHORTS; i++)
    {
      dashboard->cohort_year[i] = cohorts->year[i];
      dashboard->cohort_month[i] = cohorts->month[i];
      dashboard->cohort_size[i] = cohorts->size[i];
    }
  memcpy (dashboard->cohort_active, cohorts->active, sizeof dashboard->cohort_active);

  if (!(warnings = hy_warnings_compute (db, data, has_model ? &model : NULL, error)))
    return NULL;
  for (guint i = 0; i < warnings->len; i++)
    {
      HyWarning *warning = g_ptr_array_index (warnings, i);

      if ((guint) warning->priority < G_N_ELEMENTS (dashboard->warnings))
        dashboard->warnings[warning->priority]++;
    }

  /* The members who spent most in the RFM window. */
  ranked = g_array_sized_new (FALSE, FALSE, sizeof (Ranked), rfm->n_members);
  for (gsize i = 0; i < rfm->n_members; i++)
    if (rfm->members[i].monetary > 0)
      {
        Ranked r = { i, rfm->members[i].monetary };

        g_array_append_val (ranked, r);
      }
  g_array_sort (ranked, compare_spend);
  members = hy_member_store_new (db);
  for (guint i = 0; i < ranked->len && dashboard->n_top < HY_DASHBOARD_TOP; i++)
    {
      Ranked *r = &g_array_index (ranked, Ranked, i);
      gint64 id = hy_analysis_data_get_member_id (data, r->rfm_index);
      g_autoptr(HyMember) member = hy_member_store_load (members, id, error);

      if (member == NULL)
        return NULL;
      dashboard->top_id[dashboard->n_top] = id;
      dashboard->top_name[dashboard->n_top] = g_strdup (hy_member_get_name (member));
      dashboard->top_spend[dashboard->n_top] = r->spend;
      dashboard->n_top++;
    }

  return g_steal_pointer (&dashboard);
}

/* Where the members of @store_id's analysis (0: every store's) moved between the local days
 * @from and @to (at most @as_of), as the dashboard counts them. */
gboolean
hy_dashboard_compute_transitions (HyDatabase  *db,
                                  gint32       as_of,
                                  gint64       store_id,
                                  gint32       from,
                                  gint32       to,
                                  guint64      transitions[HY_N_STAGES][HY_N_STAGES],
                                  GError     **error)
{
  g_autoptr(HyAnalysisData) data = NULL;
  HyCustomerModel model;
  HyLifecycleOptions options;

  g_return_val_if_fail (HY_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (from <= to && to <= as_of, FALSE);

  if (!(data = hy_analysis_data_load (db, as_of, store_id, error)))
    return FALSE;
  hy_lifecycle_options_init (&options, db);
  options.model = hy_customer_model_load (db, &model) ? &model : NULL;
  hy_lifecycle_transitions (data, from, to, &options, transitions);
  return TRUE;
}

/* ---- The cache: JSON in the settings ---- */

typedef enum { FIELD_U64, FIELD_I64, FIELD_DOUBLE, FIELD_BOOL, FIELD_I32 } FieldType;

static const struct
{
  const char *name;
  gsize       offset;
  FieldType   type;
} kpi_fields[] = {
#define U64(f) { #f, G_STRUCT_OFFSET (HyKpis, f), FIELD_U64 }
#define I64(f) { #f, G_STRUCT_OFFSET (HyKpis, f), FIELD_I64 }
#define DBL(f) { #f, G_STRUCT_OFFSET (HyKpis, f), FIELD_DOUBLE }
  { "start", G_STRUCT_OFFSET (HyKpis, start), FIELD_I32 },
  { "end", G_STRUCT_OFFSET (HyKpis, end), FIELD_I32 },
  U64 (members), U64 (new_members), U64 (active_members), U64 (purchasers), U64 (repurchasers),
  DBL (repurchase_rate), U64 (previous_purchasers), U64 (retained), DBL (retention),
  U64 (churn_base), U64 (churned), DBL (churn_rate), U64 (orders), I64 (member_sales),
  I64 (all_sales), DBL (aov), DBL (purchase_frequency), DBL (member_revenue_share),
  { "has_clv", G_STRUCT_OFFSET (HyKpis, has_clv), FIELD_BOOL },
  DBL (average_clv), U64 (sleeping_at_start), U64 (woken), DBL (wake_up_rate),
#undef U64
#undef I64
#undef DBL
};

static void
add_kpis (JsonBuilder  *builder,
          const char   *name,
          const HyKpis *kpis)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (kpi_fields); i++)
    {
      const guint8 *p = (const guint8 *) kpis + kpi_fields[i].offset;

      json_builder_set_member_name (builder, kpi_fields[i].name);
      switch (kpi_fields[i].type)
        {
        case FIELD_U64: json_builder_add_int_value (builder, (gint64) *(const guint64 *) p); break;
        case FIELD_I64: json_builder_add_int_value (builder, *(const gint64 *) p); break;
        case FIELD_I32: json_builder_add_int_value (builder, *(const gint32 *) p); break;
        case FIELD_DOUBLE: json_builder_add_double_value (builder, *(const double *) p); break;
        case FIELD_BOOL: json_builder_add_boolean_value (builder, *(const gboolean *) p); break;
        default: g_assert_not_reached ();
        }
    }
  json_builder_end_object (builder);
}

static gboolean
read_kpis (JsonObject *object,
           const char *name,
           HyKpis     *kpis)
{
  JsonObject *o = json_object_has_member (object, name) ? json_object_get_object_member (object, name) : NULL;

  if (o == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (kpi_fields); i++)
    {
      guint8 *p = (guint8 *) kpis + kpi_fields[i].offset;

      if (!json_object_has_member (o, kpi_fields[i].name))
        return FALSE;
      switch (kpi_fields[i].type)
        {
        case FIELD_U64: *(guint64 *) p = json_object_get_int_member (o, kpi_fields[i].name); break;
        case FIELD_I64: *(gint64 *) p = json_object_get_int_member (o, kpi_fields[i].name); break;
        case FIELD_I32: *(gint32 *) p = (gint32) json_object_get_int_member (o, kpi_fields[i].name); break;
        case FIELD_DOUBLE: *(double *) p = json_object_get_double_member (o, kpi_fields[i].name); break;
        case FIELD_BOOL: *(gboolean *) p = json_object_get_boolean_member (o, kpi_fields[i].name); break;
        default: g_assert_not_reached ();
        }
    }
  return TRUE;
}

static void
add_ints (JsonBuilder   *builder,
          const char    *name,
          const guint64 *values,
          guint          n)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    json_builder_add_int_value (builder, (gint64) values[i]);
  json_builder_end_array (builder);
}

static gboolean
read_ints (JsonObject *object,
           const char *name,
           guint64    *values,
           guint       n)
{
  JsonArray *array = json_object_has_member (object, name) ? json_object_get_array_member (object, name) : NULL;

  if (array == NULL || json_array_get_length (array) != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    values[i] = json_array_get_int_element (array, i);
  return TRUE;
}

static void
add_predictions (JsonBuilder       *builder,
                 const HyDashboard *d)
{
  json_builder_set_member_name (builder, "predictions");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "has_model");
  json_builder_add_boolean_value (builder, d->has_model);
  json_builder_set_member_name (builder, "predicted");
  json_builder_add_int_value (builder, (gint64) d->predicted);
  json_builder_set_member_name (builder, "p_alive_mean");
  json_builder_add_double_value (builder, d->p_alive_mean);
  add_ints (builder, "p_alive_bins", d->p_alive_bins, HY_DASHBOARD_BINS);
  json_builder_set_member_name (builder, "has_clv");
  json_builder_add_boolean_value (builder, d->has_clv);
  json_builder_set_member_name (builder, "clv_mean");
  json_builder_add_double_value (builder, d->clv_mean);
  json_builder_set_member_name (builder, "clv_median");
  json_builder_add_double_value (builder, d->clv_median);
  json_builder_set_member_name (builder, "clv_bin_width");
  json_builder_add_int_value (builder, d->clv_bin_width);
  add_ints (builder, "clv_bins", d->clv_bins, HY_DASHBOARD_BINS);
  json_builder_end_object (builder);
}

static gboolean
read_predictions (JsonObject  *object,
                  HyDashboard *d)
{
  static const char * const scalars[] = { "has_model", "predicted", "p_alive_mean", "has_clv",
                                          "clv_mean", "clv_median", "clv_bin_width" };
  JsonObject *o = json_object_has_member (object, "predictions")
    ? json_object_get_object_member (object, "predictions") : NULL;

  if (o == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (scalars); i++)
    if (!json_object_has_member (o, scalars[i]))
      return FALSE;
  d->has_model = json_object_get_boolean_member (o, "has_model");
  d->predicted = json_object_get_int_member (o, "predicted");
  d->p_alive_mean = json_object_get_double_member (o, "p_alive_mean");
  d->has_clv = json_object_get_boolean_member (o, "has_clv");
  d->clv_mean = json_object_get_double_member (o, "clv_mean");
  d->clv_median = json_object_get_double_member (o, "clv_median");
  d->clv_bin_width = json_object_get_int_member (o, "clv_bin_width");
  return read_ints (o, "p_alive_bins", d->p_alive_bins, HY_DASHBOARD_BINS) &&
         read_ints (o, "clv_bins", d->clv_bins, HY_DASHBOARD_BINS);
}

gboolean
hy_dashboard_save (HyDatabase   *db,
                   HyDashboard  *d,
                   GError      **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *key = NULL;
  guint64 scratch[HY_DASHBOARD_MONTHS * HY_N_STAGES];

  g_return_val_if_fail (HY_IS_DATABASE (db), FALSE);
  g_return_val_if_fail ((guint) d->period < HY_DASHBOARD_N_PERIODS, FALSE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, CACHE_VERSION);
  json_builder_set_member_name (builder, "computed_at");
  json_builder_add_int_value (builder, d->computed_at);
  json_builder_set_member_name (builder, "as_of");
  json_builder_add_int_value (builder, d->as_of);
  json_builder_set_member_name (builder, "period");
  json_builder_add_string_value (builder, periods[d->period].id);
  json_builder_set_member_name (builder, "start");
  json_builder_add_int_value (builder, d->start);
  json_builder_set_member_name (builder, "end");
  json_builder_add_int_value (builder, d->end);
  json_builder_set_member_name (builder, "store_id");
  json_builder_add_int_value (builder, d->store_id);
  add_kpis (builder, "now", &d->now);
  add_kpis (builder, "before", &d->before);

  json_builder_set_member_name (builder, "rfm");
  json_builder_begin_array (builder);
  for (guint c = 0; c < HY_RFM_N_CLASSES; c++)
    {
      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, (gint64) d->rfm[c].members);
      json_builder_add_int_value (builder, d->rfm[c].revenue);
      json_builder_add_double_value (builder, d->rfm[c].revenue_share);
      json_builder_add_double_value (builder, d->rfm[c].member_share);
      json_builder_add_double_value (builder, d->rfm[c].avg_recency);
      json_builder_add_double_value (builder, d->rfm[c].avg_frequency);
      json_builder_add_double_value (builder, d->rfm[c].avg_monetary);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);

  for (guint m = 0; m < HY_DASHBOARD_MONTHS; m++)
    scratch[m] = (guint64) d->month_end[m];
  add_ints (builder, "month_end", scratch, HY_DASHBOARD_MONTHS);
  add_ints (builder, "stages", &d->stages[0][0], HY_DASHBOARD_MONTHS * HY_N_STAGES);
  for (guint i = 0; i < HY_DASHBOARD_COHORTS; i++)
    scratch[i] = (guint64) (d->cohort_year[i] * 100 + d->cohort_month[i]);
  add_ints (builder, "cohort_month", scratch, HY_DASHBOARD_COHORTS);
  add_ints (builder, "cohort_size", d->cohort_size, HY_DASHBOARD_COHORTS);
  add_ints (builder, "cohort_active", d->cohort_active, HY_DASHBOARD_COHORTS * HY_DASHBOARD_COHORTS);
  add_ints (builder, "warnings", d->warnings, G_N_ELEMENTS (d->warnings));

  json_builder_set_member_name (builder, "top");
  json_builder_begin_array (builder);
  for (guint i = 0; i < d->n_top; i++)
    {
      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, d->top_id[i]);
      json_builder_add_string_value (builder, d->top_name[i]);
      json_builder_add_int_value (builder, d->top_spend[i]);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "transition_from");
  json_builder_add_int_value (builder, d->transition_from);
  json_builder_set_member_name (builder, "transition_to");
  json_builder_add_int_value (builder, d->transition_to);
  add_ints (builder, "transitions", &d->transitions[0][0], HY_N_STAGES * HY_N_STAGES);
  add_predictions (builder, d);
  json_builder_end_object (builder);

  /* The members list filters by what the dashboard shows; a failure only leaves them stale. */
  if (d->member_id != NULL &&
      !hy_member_analysis_save (db, d->as_of, d->n_members, d->member_id, d->member_class, d->member_stage, error))
    return FALSE;

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  key = cache_key (d->period, d->store_id);

  return hy_database_set_setting (db, key, text, error);
}

/* The last dashboard saved for @period and @store_id, or NULL when there is none or it cannot
 * be read (an older format, a damaged value, another choice's): the caller then computes a
 * fresh one. */
HyDashboard *
hy_dashboard_load (HyDatabase        *db,
                   HyDashboardPeriod  period,
                   gint64             store_id)
{
  g_autofree char *key = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(HyDashboard) d = g_new0 (HyDashboard, 1);
  static const char * const scalars[] = { "computed_at", "as_of", "period", "start", "end", "store_id" };
  guint64 scratch[HY_DASHBOARD_MONTHS * HY_N_STAGES];
  JsonObject *o;
  JsonArray *array;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);
  g_return_val_if_fail ((guint) period < HY_DASHBOARD_N_PERIODS, NULL);

  key = cache_key (period, store_id);
  text = hy_database_dup_setting (db, key);
  if (text == NULL || *text == '\0' || !json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  o = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (o, "version") || json_object_get_int_member (o, "version") != CACHE_VERSION)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (scalars); i++)
    if (!json_object_has_member (o, scalars[i]))
      return NULL;
  d->computed_at = json_object_get_int_member (o, "computed_at");
  d->as_of = (gint32) json_object_get_int_member (o, "as_of");
  d->start = (gint32) json_object_get_int_member (o, "start");
  d->end = (gint32) json_object_get_int_member (o, "end");
  d->store_id = json_object_get_int_member (o, "store_id");
  if (!hy_dashboard_period_from_string (json_object_get_string_member (o, "period"), &d->period) ||
      d->period != period || d->store_id != store_id || d->start > d->end)
    return NULL;
  if (!read_kpis (o, "now", &d->now) || !read_kpis (o, "before", &d->before))
    return NULL;

  array = json_object_has_member (o, "rfm") ? json_object_get_array_member (o, "rfm") : NULL;
  if (array == NULL || json_array_get_length (array) != HY_RFM_N_CLASSES)
    return NULL;
  for (guint c = 0; c < HY_RFM_N_CLASSES; c++)
    {
      JsonArray *row = json_array_get_array_element (array, c);

      if (row == NULL || json_array_get_length (row) != 7)
        return NULL;
      d->rfm[c].members = json_array_get_int_element (row, 0);
      d->rfm[c].revenue = json_array_get_int_element (row, 1);
      d->rfm[c].revenue_share = json_array_get_double_element (row, 2);
      d->rfm[c].member_share = json_array_get_double_element (row, 3);
      d->rfm[c].avg_recency = json_array_get_double_element (row, 4);
      d->rfm[c].avg_frequency = json_array_get_double_element (row, 5);
      d->rfm[c].avg_monetary = json_array_get_double_element (row, 6);
    }

  if (!read_ints (o, "month_end", scratch, HY_DASHBOARD_MONTHS))
    return NULL;
  for (guint m = 0; m < HY_DASHBOARD_MONTHS; m++)
    d->month_end[m] = (gint32) scratch[m];
  if (!read_ints (o, "stages", &d->stages[0][0], HY_DASHBOARD_MONTHS * HY_N_STAGES) ||
      !read_ints (o, "cohort_month", scratch, HY_DASHBOARD_COHORTS) ||
      !read_ints (o, "cohort_size", d->cohort_size, HY_DASHBOARD_COHORTS) ||
      !read_ints (o, "cohort_active", d->cohort_active, HY_DASHBOARD_COHORTS * HY_DASHBOARD_COHORTS) ||
      !read_ints (o, "warnings", d->warnings, G_N_ELEMENTS (d->warnings)))
    return NULL;
  if (!json_object_has_member (o, "transition_from") || !json_object_has_member (o, "transition_to") ||
      !read_ints (o, "transitions", &d->transitions[0][0], HY_N_STAGES * HY_N_STAGES) ||
      !read_predictions (o, d))
    return NULL;
  d->transition_from = (gint32) json_object_get_int_member (o, "transition_from");
  d->transition_to = (gint32) json_object_get_int_member (o, "transition_to");
  for (guint i = 0; i < HY_DASHBOARD_COHORTS; i++)
    {
      d->cohort_year[i] = (int) (scratch[i] / 100);
      d->cohort_month[i] = (int) (scratch[i] % 100);
    }

  array = json_object_has_member (o, "top") ? json_object_get_array_member (o, "top") : NULL;
  if (array == NULL || json_array_get_length (array) > HY_DASHBOARD_TOP)
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonArray *row = json_array_get_array_element (array, i);

      if (row == NULL || json_array_get_length (row) != 3)
        return NULL;
      d->top_id[i] = json_array_get_int_element (row, 0);
      d->top_name[i] = g_strdup (json_array_get_string_element (row, 1));
      d->top_spend[i] = json_array_get_int_element (row, 2);
      d->n_top++;
    }

  return g_steal_pointer (&d);
}
