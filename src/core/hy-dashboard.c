/* hy-dashboard.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stddef.h>

#include "hy-analysis.h"
#include "hy-customer-model.h"
#include "hy-dashboard.h"
#include "hy-error.h"
#include "hy-member-store.h"
#include "hy-time.h"

#define CACHE_KEY     "dashboard.cache"
#define CACHE_VERSION 1

void
hy_dashboard_free (HyDashboard *dashboard)
{
  for (guint i = 0; i < dashboard->n_top; i++)
    g_free (dashboard->top_name[i]);
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

/* Everything the dashboard shows for the @days up to @as_of (and the @days before, for the
 * changes).  Slow on a large store: call it from a worker thread, on a connection of its own. */
HyDashboard *
hy_dashboard_compute (HyDatabase  *db,
                      gint32       as_of,
                      guint        days,
                      gint64       store_id,
                      GError     **error)
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

  g_return_val_if_fail (days > 0, NULL);

  if (!(data = hy_analysis_data_load (db, as_of, store_id, error)))
    return NULL;
  has_model = hy_customer_model_load (db, &model);

  dashboard->computed_at = hy_time_now ();
  dashboard->as_of = as_of;
  dashboard->days = days;
  dashboard->store_id = store_id;

  if (!hy_kpis_compute (db, data, as_of - days + 1, as_of, has_model ? &model : NULL, &dashboard->now, error) ||
      !hy_kpis_compute (db, data, as_of - 2 * days + 1, as_of - days, has_model ? &model : NULL, &dashboard->before, error))
    return NULL;

  window = (guint) hy_analysis_get_setting_int (db, "rfm.window_days", HY_RFM_DEFAULT_WINDOW_DAYS);
  rfm = hy_rfm_compute (data, window);
  memcpy (dashboard->rfm, rfm->classes, sizeof dashboard->rfm);

  hy_lifecycle_options_init (&options, db);
  options.model = has_model ? &model : NULL;
  hy_lifecycle_history (data, HY_DASHBOARD_MONTHS, &options, dashboard->month_end, dashboard->stages);

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

gboolean
hy_dashboard_save (HyDatabase   *db,
                   HyDashboard  *d,
                   GError      **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  guint64 scratch[HY_DASHBOARD_MONTHS * HY_N_STAGES];

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, CACHE_VERSION);
  json_builder_set_member_name (builder, "computed_at");
  json_builder_add_int_value (builder, d->computed_at);
  json_builder_set_member_name (builder, "as_of");
  json_builder_add_int_value (builder, d->as_of);
  json_builder_set_member_name (builder, "days");
  json_builder_add_int_value (builder, d->days);
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
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  return hy_database_set_setting (db, CACHE_KEY, text, error);
}

/* The last saved dashboard, or NULL when there is none or it cannot be read (an older format,
 * a damaged value): the caller then computes a fresh one. */
HyDashboard *
hy_dashboard_load (HyDatabase *db)
{
  g_autofree char *text = hy_database_dup_setting (db, CACHE_KEY);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(HyDashboard) d = g_new0 (HyDashboard, 1);
  static const char * const scalars[] = { "computed_at", "as_of", "days", "store_id" };
  guint64 scratch[HY_DASHBOARD_MONTHS * HY_N_STAGES];
  JsonObject *o;
  JsonArray *array;

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
  d->days = (guint) json_object_get_int_member (o, "days");
  d->store_id = json_object_get_int_member (o, "store_id");
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
