/* test-report.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Charts and reports rendered to PNG and PDF from fixed data, checked by what they draw and by
 * the text poppler reads back out of the PDF.
 */

#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <string.h>

#include "hy-analysis.h"
#include "hy-chart.h"
#include "hy-document.h"
#include "hy-error.h"
#include "hy-kpi.h"
#include "hy-money.h"
#include "hy-reports.h"
#include "hy-test-util.h"
#include "hy-tier-store.h"
#include "hy-time.h"

/* The text of page @page of a PDF (from 1), or of every page with @page 0. */
static char *
pdf_text (const char *path,
          guint       page)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *number = g_strdup_printf ("%u", page);
  const char *one_page[] = { "pdftotext", "-layout", "-f", number, "-l", number, path, "-", NULL };
  const char *all_pages[] = { "pdftotext", "-layout", path, "-", NULL };
  const char **argv = page > 0 ? one_page : all_pages;
  char *out = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static guint
pdf_pages (const char *path)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *out = NULL;
  const char *pages;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                &out, NULL, NULL, &error);
  g_assert_no_error (error);
  pages = strstr (out, "Pages:");
  g_assert_nonnull (pages);
  return (guint) g_ascii_strtoull (pages + strlen ("Pages:") + strspn (pages + strlen ("Pages:"), " "), NULL, 10);
}

/* Pixels of one colour in a row of an image. */
static guint
count_colour (cairo_surface_t *surface,
              int              y,
              guint32          rgb)
{
  const guint32 *row = (const guint32 *) (cairo_image_surface_get_data (surface) +
                                          y * cairo_image_surface_get_stride (surface));
  guint n = 0;

  cairo_surface_flush (surface);
  for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
    if ((row[x] & 0xffffff) == rgb)
      n++;
  return n;
}

static guint32
palette_rgb (guint index)
{
  double r, g, b;

  hy_chart_palette_color (index, &r, &g, &b);
  return ((guint32) (r * 255 + 0.5) << 16) | ((guint32) (g * 255 + 0.5) << 8) | (guint32) (b * 255 + 0.5);
}

static void
test_chart_bars (void)
{
  const HyBar bars[] = {
    { "重要价值客户", 400, "400", "60.0%" },
    { "General to win back", 100, "100", NULL },
    { "None", 0, "0", NULL },
  };
  HyBarChart chart = { "Members per class", bars, G_N_ELEMENTS (bars) };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 600, 200);
  cairo_t *cr = cairo_create (surface);
  g_autofree char *summary = NULL;
  int first = -1, second = -1;
  guint long_bar, short_bar;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  hy_chart_draw_bars (cr, 600, 200, &chart);
  cairo_destroy (cr);

  /* Each bar's row is where a hit lands on it, and its length is in proportion to its value. */
  for (int y = 0; y < 200 && (first < 0 || second < 0); y++)
    {
      int hit = hy_chart_bars_hit (&chart, 600, 200, 300, y);

      if (hit == 0 && first < 0)
        first = y;
      if (hit == 1 && second < 0)
        second = y;
    }
  g_assert_cmpint (first, >=, 0);
  g_assert_cmpint (second, >, first);
  g_assert_cmpint (hy_chart_bars_hit (&chart, 600, 200, 300, 199), ==, -1);

  long_bar = count_colour (surface, first + (second - first) / 2, palette_rgb (0));
  short_bar = count_colour (surface, second + (second - first) / 2, palette_rgb (1));
  g_assert_cmpuint (long_bar, >, 100);
  g_assert_cmpfloat_with_epsilon ((double) long_bar / short_bar, 4.0, 0.1);
  cairo_surface_destroy (surface);

  summary = hy_chart_describe_bars (&chart);
  g_assert_cmpstr (summary, ==, "Members per class: 重要价值客户 400 (60.0%); General to win back 100; None 0.");
}

static void
test_chart_area_and_heatmap (void)
{
  const char *months[] = { "2026-01", "2026-02", "2026-03" };
  const char *series[] = { "Active", "Sleeping" };
  const double values[] = { 10, 20, 30, 5, 5, 5 };
  HyAreaChart area = { "Stages", 3, months, 2, series, values };
  const char *rows[] = { "2026-01 (10)", "2026-02 (4)" };
  const char *columns[] = { "+0", "+1" };
  const double shares[] = { 1, 0.5, 1, -1 };
  HyHeatmap heatmap = { "Cohorts", 2, rows, 2, columns, shares };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 500, 300);
  cairo_t *cr = cairo_create (surface);
  g_autofree char *area_text = hy_chart_describe_area (&area);
  g_autofree char *heatmap_text = hy_chart_describe_heatmap (&heatmap);
  guint blue = 0, orange = 0;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  hy_chart_draw_area (cr, 500, 300, &area);
  cairo_destroy (cr);
  /* Both bands are painted, the bottom one (blue) three times as tall at the end. */
  cairo_surface_flush (surface);
  for (int y = 0; y < 300; y++)
    {
      const guint8 *row = cairo_image_surface_get_data (surface) + y * cairo_image_surface_get_stride (surface);

      for (int x = 0; x < 500; x++)
        {
          int b = row[4 * x], r = row[4 * x + 2];

          blue += b - r > 100;
          orange += r - b > 100;
        }
    }
  cairo_surface_destroy (surface);
  g_assert_cmpuint (blue, >, 1000);
  g_assert_cmpuint (orange, >, 1000);
  g_assert_cmpuint (blue, >, orange);

  g_assert_cmpstr (area_text, ==, "Stages, 2026-01 → 2026-03: Active 10 → 30; Sleeping 5 → 5.");
  g_assert_cmpstr (heatmap_text, ==, "Cohorts: 2026-01 (10) +0 100% +1 50%; 2026-02 (4) +0 100%.");

  /* Every filled cell can be clicked, in its place (rows down, columns across); the empty one,
   * the labels and the title cannot. */
  {
    guint hits[4] = { 0 };
    double first_y[4] = { -1, -1, -1, -1 }, first_x[4] = { -1, -1, -1, -1 };

    for (int y = 0; y < 300; y++)
      for (int x = 0; x < 500; x++)
        {
          guint r, c;

          if (!hy_chart_heatmap_hit (&heatmap, 500, 300, x, y, &r, &c))
            continue;
          g_assert_cmpuint (r, <, 2);
          g_assert_cmpuint (c, <, 2);
          if (hits[r * 2 + c]++ == 0)
            {
              first_y[r * 2 + c] = y;
              first_x[r * 2 + c] = x;
            }
        }
    g_assert_cmpuint (hits[0], >, 100);
    /* The same size, to a column of pixels. */
    g_assert_cmpuint (hits[1], >, hits[0] * 9 / 10);
    g_assert_cmpuint (hits[2], >, hits[0] * 9 / 10);
    g_assert_cmpuint (hits[3], ==, 0);
    g_assert_cmpfloat (first_y[0], >, 16);   /* under the title and the column labels */
    g_assert_cmpfloat (first_x[0], >, 40);   /* after the row labels */
    g_assert_cmpfloat (first_y[2], >, first_y[0]);
    g_assert_cmpfloat (first_x[1], >, first_x[0]);
  }
}

static void
test_document_pages (void)
{
  g_autoptr(HyDocument) doc = hy_document_new ("Call List", "丽人美容", "2026-02-01 – 2026-02-28");
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *pdf = g_build_filename (dir, "doc.pdf", NULL);
  g_autofree char *csv = g_build_filename (dir, "doc.csv", NULL);
  g_autofree char *csv_text = NULL;
  g_autoptr(GError) error = NULL;
  const char *headers[] = { "Member", "Phone", "Spend" };
  const gboolean numeric[] = { FALSE, FALSE, TRUE };
  guint n_pages;

  hy_document_add_heading (doc, "会员名单");
  hy_document_add_paragraph (doc, "Every member, one per row.");
  hy_document_add_figure (doc, "Members", "120", NULL);
  hy_document_begin_table (doc, 3, headers, NULL, numeric);
  for (guint i = 1; i <= 120; i++)
    {
      g_autofree char *name = g_strdup_printf ("会员%03u", i);
      g_autofree char *phone = g_strdup_printf ("138 0000 %04u", i);
      g_autofree char *spend = hy_money_format (i * 1234, TRUE);
      const char *row[] = { name, phone, spend };

      hy_document_add_row (doc, row);
    }

  n_pages = hy_document_layout (doc, HY_DOCUMENT_A4_WIDTH, HY_DOCUMENT_A4_HEIGHT);
  g_assert_cmpuint (n_pages, >=, 3);   /* 120 rows of 16 points do not fit on two A4 pages */
  g_assert_true (hy_document_write_pdf (doc, pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (pdf), ==, n_pages);

  /* Every row once, in order; every page has the header, the table header and a footer. */
  for (guint page = 1, next = 1; page <= n_pages; page++)
    {
      g_autofree char *text = pdf_text (pdf, page);
      g_autofree char *footer = g_strdup_printf ("Page %u of %u", page, n_pages);
      guint on_page = 0;

      g_assert_nonnull (strstr (text, "丽人美容"));
      g_assert_nonnull (strstr (text, footer));
      g_assert_nonnull (strstr (text, "Member"));
      for (;; next++, on_page++)
        {
          g_autofree char *name = g_strdup_printf ("会员%03u", next);

          if (next > 120 || strstr (text, name) == NULL)
            break;
        }
      g_assert_cmpuint (on_page, >, 0);   /* no page without rows */
      if (page == n_pages)
        g_assert_cmpuint (next, ==, 121);
    }
  {
    g_autofree char *all = pdf_text (pdf, 0);

    g_assert_nonnull (strstr (all, "1,480.80"));   /* row 120's spend */
  }

  g_assert_true (hy_document_write_csv (doc, csv, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &csv_text, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv_text, "Member,Phone,Spend\r\n会员001,138 0000 0001,12.34\r\n"));

  g_assert_true (hy_document_write_png (doc, dir, "doc", 72, &error));
  g_assert_no_error (error);
  for (guint page = 1; page <= n_pages; page++)
    {
      g_autofree char *name = g_strdup_printf ("doc-%u.png", page);
      g_autofree char *png = g_build_filename (dir, name, NULL);

      g_assert_true (g_file_test (png, G_FILE_TEST_EXISTS));
    }

  hy_test_remove_tree (dir);
}

/* Four members, sales in January and February 2026; "today" is 15 March. */
static void
make_store (HyTestFixture *fixture)
{
  gint64 wang, li, zhao;

  hy_time_set_now (hy_test_local_time (fixture->db, "2025-12-01 10:00"));
  wang = hy_test_add_member (fixture, "王芳", "13800138001");
  li = hy_test_add_member (fixture, "李强", "13800138002");
  zhao = hy_test_add_member (fixture, "赵敏", "13800138003");
  hy_test_add_member (fixture, "孙丽", "13800138004");

  hy_test_sell (fixture, wang, "2026-01-05 10:00", 30000);
  hy_test_sell (fixture, li, "2026-01-20 10:00", 12000);
  hy_test_sell (fixture, wang, "2026-02-03 15:00", 45000);
  hy_test_sell (fixture, zhao, "2026-02-14 11:00", 8800);
  hy_test_sell (fixture, wang, "2026-02-25 16:30", 21000);
  hy_time_set_now (hy_test_local_time (fixture->db, "2026-03-15 12:00"));
}

static void
test_report_monthly (HyTestFixture *fixture,
                     gconstpointer  unused)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *pdf = g_build_filename (dir, "monthly.pdf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(HyDocument) doc = NULL;
  g_autoptr(HyAnalysisData) data = NULL;
  g_autoptr(GError) error = NULL;
  HyReportOptions options = { HY_REPORT_MONTHLY, "2026-02" };
  HyKpis kpis;
  guint n_pages;

  make_store (fixture);
  g_assert_true (hy_database_set_setting (fixture->db, "store.name", "丽人美容", &error));

  doc = hy_report_build (fixture->db, &options, &error);
  g_assert_no_error (error);
  g_assert_true (hy_document_write_pdf (doc, pdf, &error));
  g_assert_no_error (error);
  n_pages = pdf_pages (pdf);
  g_assert_cmpuint (n_pages, >=, 2);
  text = pdf_text (pdf, 0);

  /* February: three sales, 748.00 in all, by two of the four members. */
  g_assert_nonnull (strstr (text, "2026-02-01 – 2026-02-28"));
  g_assert_nonnull (strstr (text, "丽人美容"));
  g_assert_nonnull (strstr (text, "748.00 CNY"));
  g_assert_nonnull (strstr (text, "249.33 CNY"));      /* the average ticket */
  g_assert_nonnull (strstr (text, "Sales: 748.00 CNY (+78.1% against the month before)"));

  /* The same KPIs the analytics give. */
  data = hy_analysis_data_load (fixture->db, hy_time_ymd_to_day (2026, 2, 28), 0, &error);
  g_assert_no_error (error);
  g_assert_true (hy_kpis_compute (fixture->db, data, hy_time_ymd_to_day (2026, 2, 1),
                                  hy_time_ymd_to_day (2026, 2, 28), NULL, &kpis, &error));
  g_assert_cmpint (kpis.all_sales, ==, 74800);
  g_assert_cmpuint (kpis.purchasers, ==, 2);
  {
    g_autofree char *repurchase = g_strdup_printf ("%.1f%%", kpis.repurchase_rate * 100);

    g_assert_nonnull (strstr (text, repurchase));
  }

  /* No page is only a header and a footer. */
  for (guint page = 1; page <= n_pages; page++)
    {
      g_autofree char *page_text = pdf_text (pdf, page);
      g_auto(GStrv) lines = g_strsplit (page_text, "\n", -1);
      guint content = 0;

      for (guint i = 0; lines[i] != NULL; i++)
        if (*g_strstrip (lines[i]) != '\0')
          content++;
      g_assert_cmpuint (content, >, 4);
    }

  hy_test_remove_tree (dir);
}

static void
test_report_rfm_csv (HyTestFixture *fixture,
                     gconstpointer  unused)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *csv = g_build_filename (dir, "rfm.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(HyDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  HyReportOptions options = { HY_REPORT_RFM, "2026-02" };
  g_auto(GStrv) lines = NULL;
  guint64 members = 0;

  make_store (fixture);
  doc = hy_report_build (fixture->db, &options, &error);
  g_assert_no_error (error);
  g_assert_true (hy_document_write_csv (doc, csv, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));

  /* Nine classes whose members add up to the four members. */
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 11);
  for (guint i = 1; i <= 9; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], ",", -1);

      members += g_ascii_strtoull (cells[1], NULL, 10);
    }
  g_assert_cmpuint (members, ==, 4);
  g_assert_nonnull (strstr (text, "No purchase yet,1,"));

  hy_test_remove_tree (dir);
}

/* Gold: 王芳 (960.00 in all, 660.00 of it in February); Silver: 李强 (120.00, none in
 * February); no tier: 赵敏 (88.00 in February) and 孙丽 (nothing).  The bronze tier is empty. */
static void
test_report_tiers (HyTestFixture *fixture,
                   gconstpointer  unused)
{
  g_autofree char *dir = hy_test_make_tmpdir ();
  g_autofree char *pdf = g_build_filename (dir, "tiers.pdf", NULL);
  g_autofree char *csv = g_build_filename (dir, "tiers.csv", NULL);
  g_autofree char *text = NULL;
  g_autofree char *csv_text = NULL;
  g_autoptr(HyTierStore) tiers = hy_tier_store_new (fixture->db);
  g_autoptr(HyDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  HyReportOptions options = { HY_REPORT_TIERS, "2026-02" };
  g_auto(GStrv) lines = NULL;

  make_store (fixture);
  hy_test_define_tier (fixture->db, 3, "Gold", 50000);
  hy_test_define_tier (fixture->db, 2, "Silver", 10000);
  hy_test_define_tier (fixture->db, 1, "Bronze", 100000000);
  for (gint64 id = 1; id <= 4; id++)
    g_assert_true (hy_tier_store_evaluate_member (tiers, id, NULL, &error));
  g_assert_no_error (error);

  doc = hy_report_build (fixture->db, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hy_document_get_title (doc), ==, "Tier Distribution Report");
  g_assert_true (hy_document_write_pdf (doc, pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (pdf), ==, 1);
  text = pdf_text (pdf, 0);
  g_assert_nonnull (strstr (text, "2026-02-01 – 2026-02-28"));
  g_assert_nonnull (strstr (text, "The 4 members"));
  g_assert_nonnull (strstr (text, "960.00"));     /* Gold, in all */
  g_assert_nonnull (strstr (text, "660.00"));     /* Gold, in February */
  g_assert_nonnull (strstr (text, "88.2%"));      /* of February's 748.00 */
  g_assert_nonnull (strstr (text, "11.8%"));      /* no tier's share of it */
  g_assert_nonnull (strstr (text, "50.0%"));      /* no tier's share of the members */
  g_assert_nonnull (strstr (text, "44.00"));      /* their average spend */
  g_assert_nonnull (strstr (text, "Bronze"));

  /* The table, highest tier first, as CSV. */
  g_assert_true (hy_document_write_csv (doc, csv, FALSE, &error));
  g_assert_true (g_file_get_contents (csv, &csv_text, NULL, NULL));
  lines = g_strsplit (csv_text, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[1], "Gold,1,25.0%,660.00,88.2%,960.00,960.00,"));
  g_assert_true (g_str_has_prefix (lines[2], "Silver,1,25.0%,0.00,0.0%,120.00,120.00,"));
  g_assert_true (g_str_has_prefix (lines[3], "Bronze,0,0.0%,0.00,0.0%,0.00,,"));
  g_assert_true (g_str_has_prefix (lines[4], "No tier,2,50.0%,88.00,11.8%,88.00,44.00,"));

  hy_test_remove_tree (dir);
}

static void
test_report_refusals (HyTestFixture *fixture,
                      gconstpointer  unused)
{
  const char *bad[] = { "2026-13", "2026", "26-02", "2026-02-01", "next month" };
  g_autoptr(GError) error = NULL;

  make_store (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      HyReportOptions options = { HY_REPORT_RFM, bad[i] };
      g_autoptr(HyDocument) doc = hy_report_build (fixture->db, &options, &error);

      g_assert_null (doc);
      g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, bad[i]));
      g_clear_error (&error);
    }

  {
    HyReportOptions options = { HY_REPORT_RFM, "2026-04" };
    g_autoptr(HyDocument) doc = hy_report_build (fixture->db, &options, &error);

    g_assert_null (doc);
    g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");

  g_test_init (&argc, &argv, NULL);

  if (pdftotext == NULL)
    g_error ("The report tests need pdftotext and pdfinfo (Debian: poppler-utils)");

  g_test_add_func ("/report/chart/bars", test_chart_bars);
  g_test_add_func ("/report/chart/area-and-heatmap", test_chart_area_and_heatmap);
  g_test_add_func ("/report/document/pages", test_document_pages);
  HY_TEST_ADD ("/report/monthly", test_report_monthly);
  HY_TEST_ADD ("/report/rfm-csv", test_report_rfm_csv);
  HY_TEST_ADD ("/report/tiers", test_report_tiers);
  HY_TEST_ADD ("/report/refusals", test_report_refusals);

  return g_test_run ();
}
