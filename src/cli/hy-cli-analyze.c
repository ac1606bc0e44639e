/* hy-cli-analyze.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * analyze rfm|stages|warnings|kpis|cohorts and fit: the analytics from a script.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hy-analysis.h"
#include "hy-cli.h"
#include "hy-csv-writer.h"
#include "hy-customer-model.h"
#include "hy-error.h"
#include "hy-kpi.h"
#include "hy-lifecycle.h"
#include "hy-rfm.h"
#include "hy-time.h"
#include "hy-warnings.h"

typedef struct
{
  HyCli          *cli;
  HyDatabase     *db;
  HyAnalysisData *data;
  gint32          as_of;
  gint32          from;            /* -1 when not given */
  int             months;
  const char     *csv;
  HyCustomerModel model;
  gboolean        has_model;
} Analysis;

typedef guint64 StageCounts[HY_N_STAGES];

/* "2024-06-01", in one of four rotating buffers: enough for one line of output. */
static const char *
format_day (gint32 day)
{
  static char buffers[4][16];
  static guint next;
  char *buf = buffers[next++ % G_N_ELEMENTS (buffers)];
  int y, m, d;

  hy_time_day_to_ymd (day, &y, &m, &d);
  g_snprintf (buf, sizeof buffers[0], "%04d-%02d-%02d", y, m, d);
  return buf;
}

static void
json_int (JsonBuilder *b,
          const char  *name,
          gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
json_double (JsonBuilder *b,
             const char  *name,
             double       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, isfinite (value) ? value : 0);
}

static void
json_string (JsonBuilder *b,
             const char  *name,
             const char  *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

static JsonBuilder *
json_begin (Analysis   *a,
            const char *report)
{
  JsonBuilder *b = json_builder_new ();
  const char *as_of = format_day (a->as_of);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ok");
  json_builder_add_boolean_value (b, TRUE);
  json_string (b, "report", report);
  json_string (b, "as_of", as_of);
  return b;
}

static void
json_finish (JsonBuilder *b)
{
  json_builder_end_object (b);
  hy_cli_print_json (b);
}

static HyCsvWriter *
csv_begin (Analysis  *a,
           GError   **error,
           ...)
{
  HyCsvWriter *w;
  const char *column;
  va_list ap;

  if (a->csv == NULL)
    return NULL;
  if (!(w = hy_csv_writer_new (a->csv, FALSE, error)))
    return NULL;

  va_start (ap, error);
  while ((column = va_arg (ap, const char *)) != NULL)
    hy_csv_writer_text (w, column);
  va_end (ap);
  hy_csv_writer_end_row (w);
  return w;
}

static void
csv_double (HyCsvWriter *w,
            double       value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  hy_csv_writer_number (w, g_ascii_formatd (buf, sizeof buf, "%.6g", isfinite (value) ? value : 0));
}

static int
report_rfm (Analysis *a)
{
  g_autoptr(HyRfmResult) rfm = hy_rfm_compute (a->data, hy_analysis_get_setting_int (a->db, "rfm.window_days", 0));
  g_autoptr(GError) error = NULL;
  HyCsvWriter *w = csv_begin (a, &error, "member_id", "recency_days", "frequency", "monetary",
                              "r_score", "f_score", "m_score", "class", NULL);

  if (a->csv != NULL && w == NULL)
    return hy_cli_fail (a->cli, error);
  for (gsize i = 0; w != NULL && i < rfm->n_members; i++)
    {
      const HyRfmMember *m = &rfm->members[i];

      hy_csv_writer_int (w, hy_analysis_data_get_member_id (a->data, i));
      hy_csv_writer_int (w, m->recency);
      hy_csv_writer_int (w, m->frequency);
      hy_csv_writer_money (w, m->monetary);
      hy_csv_writer_int (w, m->r_score);
      hy_csv_writer_int (w, m->f_score);
      hy_csv_writer_int (w, m->m_score);
      hy_csv_writer_text (w, hy_rfm_class_to_string (m->klass));
      hy_csv_writer_end_row (w);
    }
  if (w != NULL && !hy_csv_writer_finish (w, &error))
    return hy_cli_fail (a->cli, error);

  if (a->cli->json)
    {
      g_autoptr(JsonBuilder) b = json_begin (a, "rfm");

      json_int (b, "window_days", rfm->window_days);
      json_int (b, "members", rfm->n_members);
      json_int (b, "buyers", rfm->n_buyers);
      json_double (b, "avg_recency", rfm->avg_recency);
      json_double (b, "avg_frequency", rfm->avg_frequency);
      json_double (b, "avg_monetary", rfm->avg_monetary);
      json_int (b, "revenue", rfm->revenue);
      json_builder_set_member_name (b, "classes");
      json_builder_begin_array (b);
      for (guint c = 0; c < HY_RFM_N_CLASSES; c++)
        {
          const HyRfmClassSummary *s = &rfm->classes[c];

          json_builder_begin_object (b);
          json_string (b, "class", hy_rfm_class_to_string (c));
          json_string (b, "label", hy_rfm_class_get_label (c));
          json_int (b, "members", s->members);
          json_int (b, "revenue", s->revenue);
          json_double (b, "revenue_share", s->revenue_share);
          json_double (b, "avg_recency", s->avg_recency);
          json_double (b, "avg_frequency", s->avg_frequency);
          json_double (b, "avg_monetary", s->avg_monetary);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_finish (b);
      return 0;
    }

  g_print (_("RFM over the %lld days up to %s: %lld members, %lld bought in the window\n"),
           (long long) rfm->window_days, format_day (a->as_of), (long long) rfm->n_members,
           (long long) rfm->n_buyers);
  for (guint c = 0; c < HY_RFM_N_CLASSES; c++)
    {
      const HyRfmClassSummary *s = &rfm->classes[c];

      g_print (_("  %-24s %8lld members  %5.1f%% of revenue  R %.0f  F %.1f  M %.2f\n"),
               hy_rfm_class_get_label (c), (long long) s->members, 100 * s->revenue_share,
               s->avg_recency, s->avg_frequency, s->avg_monetary / 100);
    }
  return 0;
}

static int
report_stages (Analysis *a)
{
  gsize n = hy_analysis_data_get_n_members (a->data);
  g_autofree HyStage *stages = g_new (HyStage, n + 1);
  g_autofree double *clv = NULL;
  g_autofree gint32 *month_end = g_new (gint32, a->months);
  g_autofree StageCounts *history = g_new (StageCounts, a->months);
  guint64 matrix[HY_N_STAGES][HY_N_STAGES];
  guint64 counts[HY_N_STAGES];
  g_autoptr(GError) error = NULL;
  HyLifecycleOptions options;
  HyCsvWriter *w;

  hy_lifecycle_options_init (&options, a->db);
  if (a->has_model)
    {
      options.model = &a->model;
      clv = g_new (double, n + 1);
      if (!a->model.has_spend || !hy_customer_model_clv (&a->model, a->data, a->as_of, clv, NULL))
        g_clear_pointer (&clv, g_free);
    }
  hy_lifecycle_compute (a->data, a->as_of, &options, clv, stages, counts);
  hy_lifecycle_history (a->data, a->months, &options, month_end, history);
  if (a->from >= 0)
    hy_lifecycle_transitions (a->data, a->from, a->as_of, &options, matrix);

  w = csv_begin (a, &error, "member_id", "stage", NULL);
  if (a->csv != NULL && w == NULL)
    return hy_cli_fail (a->cli, error);
  for (gsize i = 0; w != NULL && i < n; i++)
    {
      hy_csv_writer_int (w, hy_analysis_data_get_member_id (a->data, i));
      hy_csv_writer_text (w, hy_stage_to_string (stages[i]));
      hy_csv_writer_end_row (w);
    }
  if (w != NULL && !hy_csv_writer_finish (w, &error))
    return hy_cli_fail (a->cli, error);

  if (a->cli->json)
    {
      g_autoptr(JsonBuilder) b = json_begin (a, "stages");

      json_builder_set_member_name (b, "counts");
      json_builder_begin_object (b);
      for (guint s = 0; s < HY_N_STAGES; s++)
        json_int (b, hy_stage_to_string (s), counts[s]);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "history");
      json_builder_begin_array (b);
      for (int k = 0; k < a->months; k++)
        {
          const char *day = format_day (month_end[k]);

          json_builder_begin_object (b);
          json_string (b, "month_end", day);
          for (guint s = 0; s < HY_N_STAGES; s++)
            json_int (b, hy_stage_to_string (s), history[k][s]);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      if (a->from >= 0)
        {
          const char *from = format_day (a->from);

          json_string (b, "transitions_from", from);
          json_builder_set_member_name (b, "transitions");
          json_builder_begin_object (b);
          for (guint s = 0; s < HY_N_STAGES; s++)
            {
              json_builder_set_member_name (b, hy_stage_to_string (s));
              json_builder_begin_object (b);
              for (guint t = 0; t < HY_N_STAGES; t++)
                json_int (b, hy_stage_to_string (t), matrix[s][t]);
              json_builder_end_object (b);
            }
          json_builder_end_object (b);
        }
      json_finish (b);
      return 0;
    }

  g_print (_("Lifecycle stages on %s:\n"), format_day (a->as_of));
  for (guint s = 0; s < HY_N_STAGES; s++)
    g_print ("  %-20s %10lld\n", hy_stage_get_label (s), (long long) counts[s]);
  if (a->from >= 0)
    {
      g_print (_("From %s (rows) to %s (columns):\n"), format_day (a->from), format_day (a->as_of));
      for (guint s = 0; s < HY_N_STAGES; s++)
        {
          g_print ("  %-20s", hy_stage_get_label (s));
          for (guint t = 0; t < HY_N_STAGES; t++)
            g_print (" %9lld", (long long) matrix[s][t]);
          g_print ("\n");
        }
    }
  return 0;
}

static int
report_warnings (Analysis *a)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = hy_warnings_compute (a->db, a->data, a->has_model ? &a->model : NULL, &error);
  HyCsvWriter *w;

  if (warnings == NULL)
    return hy_cli_fail (a->cli, error);

  w = csv_begin (a, &error, "member_id", "rule", "priority", "due_at", "value", "reason", NULL);
  if (a->csv != NULL && w == NULL)
    return hy_cli_fail (a->cli, error);
  for (guint i = 0; w != NULL && i < warnings->len; i++)
    {
      HyWarning *warning = g_ptr_array_index (warnings, i);
      g_autofree char *due = hy_cli_format_time (a->db, warning->due_at);

      hy_csv_writer_int (w, warning->member_id);
      hy_csv_writer_text (w, hy_warning_rule_to_string (warning->rule));
      hy_csv_writer_text (w, hy_warning_priority_to_string (warning->priority));
      hy_csv_writer_text (w, due);
      hy_csv_writer_money (w, (gint64) llround (warning->value));
      hy_csv_writer_text (w, hy_warning_get_reason (warning));
      hy_csv_writer_end_row (w);
    }
  if (w != NULL && !hy_csv_writer_finish (w, &error))
    return hy_cli_fail (a->cli, error);

  if (a->cli->json)
    {
      g_autoptr(JsonBuilder) b = json_begin (a, "warnings");

      json_int (b, "count", warnings->len);
      json_builder_set_member_name (b, "warnings");
      json_builder_begin_array (b);
      for (guint i = 0; i < warnings->len; i++)
        {
          HyWarning *warning = g_ptr_array_index (warnings, i);
          g_autofree char *due = hy_cli_format_time (a->db, warning->due_at);

          json_builder_begin_object (b);
          json_int (b, "member_id", warning->member_id);
          json_string (b, "rule", hy_warning_rule_to_string (warning->rule));
          json_string (b, "priority", hy_warning_priority_to_string (warning->priority));
          json_string (b, "due_at", due);
          json_double (b, "value", warning->value);
          json_string (b, "reason", hy_warning_get_reason (warning));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_finish (b);
      return 0;
    }

  g_print (g_dngettext (GETTEXT_PACKAGE, "%lld warning on %s\n", "%lld warnings on %s\n", warnings->len),
           (long long) warnings->len, format_day (a->as_of));
  for (guint i = 0; i < warnings->len; i++)
    {
      HyWarning *warning = g_ptr_array_index (warnings, i);

      g_print ("  %-8s #%-8lld %s\n", hy_warning_priority_get_label (warning->priority),
               (long long) warning->member_id, hy_warning_get_reason (warning));
    }
  return 0;
}

static int
report_kpis (Analysis *a)
{
  g_autoptr(GError) error = NULL;
  gint32 from = a->from >= 0 ? a->from : a->as_of - 29;
  HyKpis k;
  struct { const char *name; double value; } rows[] = {
    { "members", 0 }, { "new_members", 0 }, { "active_members", 0 }, { "purchasers", 0 },
    { "repurchase_rate", 0 }, { "retention", 0 }, { "churn_rate", 0 }, { "orders", 0 },
    { "member_sales", 0 }, { "all_sales", 0 }, { "aov", 0 }, { "purchase_frequency", 0 },
    { "member_revenue_share", 0 }, { "wake_up_rate", 0 }, { "average_clv", 0 },
  };
  HyCsvWriter *w;
  guint n_rows;

  if (from > a->as_of)
    return hy_cli_usage (a->cli, _("--from must not be after --as-of"));
  if (!hy_kpis_compute (a->db, a->data, from, a->as_of, a->has_model ? &a->model : NULL, &k, &error))
    return hy_cli_fail (a->cli, error);

  rows[0].value = k.members; rows[1].value = k.new_members; rows[2].value = k.active_members;
  rows[3].value = k.purchasers; rows[4].value = k.repurchase_rate; rows[5].value = k.retention;
  rows[6].value = k.churn_rate; rows[7].value = k.orders; rows[8].value = k.member_sales;
  rows[9].value = k.all_sales; rows[10].value = k.aov; rows[11].value = k.purchase_frequency;
  rows[12].value = k.member_revenue_share; rows[13].value = k.wake_up_rate;
  rows[14].value = k.average_clv;
  n_rows = k.has_clv ? G_N_ELEMENTS (rows) : G_N_ELEMENTS (rows) - 1;

  w = csv_begin (a, &error, "kpi", "value", NULL);
  if (a->csv != NULL && w == NULL)
    return hy_cli_fail (a->cli, error);
  for (guint i = 0; w != NULL && i < n_rows; i++)
    {
      hy_csv_writer_text (w, rows[i].name);
      csv_double (w, rows[i].value);
      hy_csv_writer_end_row (w);
    }
  if (w != NULL && !hy_csv_writer_finish (w, &error))
    return hy_cli_fail (a->cli, error);

  if (a->cli->json)
    {
      g_autoptr(JsonBuilder) b = json_begin (a, "kpis");
      const char *start = format_day (from);

      json_string (b, "from", start);
      for (guint i = 0; i < n_rows; i++)
        if (rows[i].value == floor (rows[i].value) && g_str_has_suffix (rows[i].name, "rate") == FALSE &&
            !g_str_equal (rows[i].name, "aov") && !g_str_equal (rows[i].name, "retention") &&
            !g_str_equal (rows[i].name, "purchase_frequency") && !g_str_equal (rows[i].name, "member_revenue_share") &&
            !g_str_equal (rows[i].name, "average_clv"))
          json_int (b, rows[i].name, (gint64) rows[i].value);
        else
          json_double (b, rows[i].name, rows[i].value);
      json_finish (b);
      return 0;
    }

  g_print (_("From %s to %s:\n"), format_day (from), format_day (a->as_of));
  g_print (_("  Members %lld, new %lld, active %lld, purchasers %lld\n"), (long long) k.members,
           (long long) k.new_members, (long long) k.active_members, (long long) k.purchasers);
  g_print (_("  Repurchase rate %.1f%%, retention %.1f%%, churn rate %.1f%%, wake-up rate %.1f%%\n"),
           100 * k.repurchase_rate, 100 * k.retention, 100 * k.churn_rate, 100 * k.wake_up_rate);
  g_print (_("  Average order %.2f, %.2f purchases per purchaser, members’ share of sales %.1f%%\n"),
           k.aov / 100, k.purchase_frequency, 100 * k.member_revenue_share);
  if (k.has_clv)
    g_print (_("  Average lifetime value %.2f\n"), k.average_clv / 100);
  return 0;
}

static int
report_cohorts (Analysis *a)
{
  g_autoptr(HyCohortTable) table = hy_cohorts_compute (a->data, a->months);
  g_autoptr(GError) error = NULL;
  guint n = table->n_months;
  HyCsvWriter *w = NULL;

  if (a->csv != NULL)
    {
      if (!(w = hy_csv_writer_new (a->csv, FALSE, &error)))
        return hy_cli_fail (a->cli, error);
      hy_csv_writer_text (w, "cohort");
      hy_csv_writer_text (w, "size");
      for (guint k = 0; k < n; k++)
        {
          g_autofree char *name = g_strdup_printf ("month_%u", k);

          hy_csv_writer_text (w, name);
        }
      hy_csv_writer_end_row (w);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *name = g_strdup_printf ("%04d-%02d", table->year[i], table->month[i]);

          hy_csv_writer_text (w, name);
          hy_csv_writer_int (w, table->size[i]);
          for (guint k = 0; k < n; k++)
            if (i + k < n)
              hy_csv_writer_int (w, table->active[i * n + k]);
            else
              hy_csv_writer_text (w, "");
          hy_csv_writer_end_row (w);
        }
      if (!hy_csv_writer_finish (w, &error))
        return hy_cli_fail (a->cli, error);
    }

  if (a->cli->json)
    {
      g_autoptr(JsonBuilder) b = json_begin (a, "cohorts");

      json_builder_set_member_name (b, "cohorts");
      json_builder_begin_array (b);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *name = g_strdup_printf ("%04d-%02d", table->year[i], table->month[i]);

          json_builder_begin_object (b);
          json_string (b, "cohort", name);
          json_int (b, "size", table->size[i]);
          json_builder_set_member_name (b, "active");
          json_builder_begin_array (b);
          for (guint k = 0; i + k < n; k++)
            json_builder_add_int_value (b, table->active[i * n + k]);
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_finish (b);
      return 0;
    }

  g_print (_("Share of each month’s new buyers who bought again k months later:\n"));
  for (guint i = 0; i < n; i++)
    {
      g_print ("  %04d-%02d %8lld ", table->year[i], table->month[i], (long long) table->size[i]);
      for (guint k = 0; i + k < n; k++)
        g_print (" %5.1f%%", table->size[i] > 0 ? 100.0 * table->active[i * n + k] / table->size[i] : 0.0);
      g_print ("\n");
    }
  return 0;
}

int
hy_cli_analyze (HyCli  *cli,
                int     argc,
                char  **argv)
{
  g_autofree char *as_of = NULL;
  g_autofree char *from = NULL;
  g_autofree char *csv = NULL;
  gint64 store = 0;
  int months = 0;
  GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of, N_("Analyse as of the end of DATE (default: today)"), N_("DATE") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("kpis: first day of the period (default: 30 days); stages: transitions since DATE"), N_("DATE") },
    { "store", 0, 0, G_OPTION_ARG_INT64, &store, N_("Only this store’s sales"), N_("ID") },
    { "months", 0, 0, G_OPTION_ARG_INT, &months, N_("Months of history for stages (24) and cohorts (12)"), N_("N") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, N_("Also write the per-member rows (or the table) to FILE"), N_("FILE") },
    { NULL }
  };
  static const struct
  {
    const char *name;
    int (*run) (Analysis *a);
    int months;
  } reports[] = {
    { "rfm", report_rfm, 0 },
    { "stages", report_stages, 24 },
    { "warnings", report_warnings, 0 },
    { "kpis", report_kpis, 0 },
    { "cohorts", report_cohorts, 12 },
  };
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(HyAnalysisData) data = NULL;
  g_autoptr(GError) error = NULL;
  Analysis a = { 0 };
  int report = -1;

  if (!hy_cli_parse_options (cli, "analyze", "rfm|stages|warnings|kpis|cohorts",
                             _("RFM classes, lifecycle stages, churn warnings, KPIs and cohorts."),
                             entries, &argc, &argv))
    return HY_CLI_EXIT_USAGE;
  for (guint i = 0; argc == 2 && i < G_N_ELEMENTS (reports); i++)
    if (g_str_equal (argv[1], reports[i].name))
      report = i;
  if (report < 0)
    return hy_cli_usage (cli, _("analyze wants one of rfm, stages, warnings, kpis or cohorts"));
  if (months < 0 || months > 240)
    return hy_cli_usage (cli, _("--months must be between 1 and 240"));

  if (!(db = hy_cli_open_database_for_reading (cli)))
    return HY_CLI_EXIT_FAILED;

  a.cli = cli;
  a.db = db;
  a.csv = csv;
  a.months = months > 0 ? months : MAX (reports[report].months, 1);
  a.from = -1;
  if ((a.as_of = hy_analysis_parse_day (db, as_of, &error)) == -1 && error != NULL)
    return hy_cli_usage (cli, "%s", error->message);
  if (from != NULL && (a.from = hy_analysis_parse_day (db, from, &error)) == -1 && error != NULL)
    return hy_cli_usage (cli, "%s", error->message);
  if (a.from > a.as_of)
    return hy_cli_usage (cli, _("--from must not be after --as-of"));

  if (!(data = hy_analysis_data_load (db, a.as_of, store, &error)))
    return hy_cli_fail (cli, error);
  a.data = data;
  a.has_model = hy_customer_model_load (db, &a.model);

  return reports[report].run (&a);
}

int
hy_cli_fit (HyCli  *cli,
            int     argc,
            char  **argv)
{
  g_autofree char *calibration_end = NULL;
  g_autofree char *unit = NULL;
  GOptionEntry entries[] = {
    { "calibration-end", 0, 0, G_OPTION_ARG_STRING, &calibration_end, N_("Fit on purchases up to DATE (default: today)"), N_("DATE") },
    { "unit", 0, 0, G_OPTION_ARG_STRING, &unit, N_("day or week (default day)"), N_("UNIT") },
    { NULL }
  };
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(HyAnalysisData) data = NULL;
  g_autoptr(GError) error = NULL;
  HyCustomerModel model;
  HyTimeUnit time_unit = HY_TIME_UNIT_DAY;
  gint32 end;

  if (!hy_cli_parse_options (cli, "fit", NULL,
                             _("Fits the BG/NBD and Gamma-Gamma models on the members’ purchases and saves them for the analytics."),
                             entries, &argc, &argv))
    return HY_CLI_EXIT_USAGE;
  if (argc > 1)
    return hy_cli_usage (cli, _("fit takes no arguments"));
  if (unit != NULL && g_str_equal (unit, "week"))
    time_unit = HY_TIME_UNIT_WEEK;
  else if (unit != NULL && !g_str_equal (unit, "day"))
    return hy_cli_usage (cli, _("--unit must be day or week, not “%s”"), unit);

  if (!(db = hy_cli_open_database (cli, HY_DATABASE_OPEN_DEFAULT)))
    return HY_CLI_EXIT_FAILED;
  if ((end = hy_analysis_parse_day (db, calibration_end, &error)) == -1 && error != NULL)
    return hy_cli_usage (cli, "%s", error->message);

  if (!(data = hy_analysis_data_load (db, end, 0, &error)) ||
      !hy_customer_model_fit (data, end, time_unit, &model, &error) ||
      !hy_customer_model_save (db, &model, &error))
    return hy_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      const char *day = format_day (end);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "ok");
      json_builder_add_boolean_value (b, TRUE);
      json_string (b, "calibration_end", day);
      json_string (b, "unit", time_unit == HY_TIME_UNIT_WEEK ? "week" : "day");
      json_int (b, "customers", model.n_customers);
      json_builder_set_member_name (b, "bgnbd");
      json_builder_begin_object (b);
      json_double (b, "r", model.bgnbd.r);
      json_double (b, "alpha", model.bgnbd.alpha);
      json_double (b, "a", model.bgnbd.a);
      json_double (b, "b", model.bgnbd.b);
      json_double (b, "log_likelihood", model.bgnbd_log_likelihood);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "gamma_gamma");
      if (model.has_spend)
        {
          json_builder_begin_object (b);
          json_double (b, "p", model.spend.p);
          json_double (b, "q", model.spend.q);
          json_double (b, "gamma", model.spend.gamma);
          json_builder_end_object (b);
        }
      else
        json_builder_add_null_value (b);
      json_finish (b);
      return 0;
    }

  g_print (_("Fitted on %lld members’ purchases up to %s.\n"), (long long) model.n_customers, format_day (end));
  g_print (_("BG/NBD: r %.4g, alpha %.4g, a %.4g, b %.4g\n"), model.bgnbd.r, model.bgnbd.alpha,
           model.bgnbd.a, model.bgnbd.b);
  if (model.has_spend)
    g_print (_("Gamma-Gamma: p %.4g, q %.4g, gamma %.4g\n"), model.spend.p, model.spend.q, model.spend.gamma);
  else
    g_print (_("Too few repeat buyers to fit the spend model; lifetime values are not available.\n"));
  return 0;
}
