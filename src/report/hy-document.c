/* hy-document.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "hy-chart-private.h"
#include "hy-csv-writer.h"
#include "hy-document.h"
#include "hy-error.h"

#define MARGIN        42.0
#define HEADER_HEIGHT 30.0
#define FOOTER_HEIGHT 24.0
#define GAP           10.0
#define FIGURE_HEIGHT 50.0
#define FIGURES_PER_ROW 3
#define TABLE_HEADER  20.0
#define TABLE_ROW     16.0

typedef enum
{
  BLOCK_HEADING,
  BLOCK_PARAGRAPH,
  BLOCK_FIGURES,
  BLOCK_CHART,
  BLOCK_TABLE,
} BlockKind;

typedef struct
{
  char *label;
  char *value;
  char *note;
} Figure;

typedef struct
{
  BlockKind           kind;
  char               *text;       /* heading, paragraph, a chart's summary */
  GArray             *figures;    /* Figure */
  double              height;     /* a chart's */
  HyDocumentDrawFunc  draw;
  gpointer            data;
  GDestroyNotify      destroy;
  guint               n_columns;
  char              **headers;
  double             *widths;     /* fractions of the text width */
  gboolean           *numeric;
  GPtrArray          *rows;       /* char ** */
} Block;

/* A block, or the rows of a table from first_row, placed on a page at y. */
typedef struct
{
  guint  block;
  double y;
  guint  first_row;
  guint  n_rows;
} Placed;

struct _HyDocument
{
  char      *title;
  char      *store_name;
  char      *period;
  GPtrArray *blocks;   /* Block */
  double     page_width;
  double     page_height;
  GPtrArray *pages;    /* GArray of Placed */
};

static void
figure_clear (gpointer data)
{
  Figure *figure = data;

  g_free (figure->label);
  g_free (figure->value);
  g_free (figure->note);
}

static void
block_free (gpointer data)
{
  Block *block = data;

  g_free (block->text);
  g_clear_pointer (&block->figures, g_array_unref);
  if (block->destroy != NULL)
    block->destroy (block->data);
  g_strfreev (block->headers);
  g_free (block->widths);
  g_free (block->numeric);
  g_clear_pointer (&block->rows, g_ptr_array_unref);
  g_free (block);
}

HyDocument *
hy_document_new (const char *title,
                 const char *store_name,
                 const char *period)
{
  HyDocument *doc = g_new0 (HyDocument, 1);

  doc->title = g_strdup (title);
  doc->store_name = g_strdup (store_name != NULL ? store_name : "");
  doc->period = g_strdup (period != NULL ? period : "");
  doc->blocks = g_ptr_array_new_with_free_func (block_free);
  doc->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  return doc;
}

void
hy_document_free (HyDocument *doc)
{
  g_free (doc->title);
  g_free (doc->store_name);
  g_free (doc->period);
  g_ptr_array_unref (doc->blocks);
  g_ptr_array_unref (doc->pages);
  g_free (doc);
}

const char *
hy_document_get_title (HyDocument *doc)
{
  return doc->title;
}

static Block *
add_block (HyDocument *doc,
           BlockKind   kind)
{
  Block *block = g_new0 (Block, 1);

  block->kind = kind;
  g_ptr_array_add (doc->blocks, block);
  return block;
}

void
hy_document_add_heading (HyDocument *doc,
                         const char *text)
{
  add_block (doc, BLOCK_HEADING)->text = g_strdup (text);
}

void
hy_document_add_paragraph (HyDocument *doc,
                           const char *text)
{
  add_block (doc, BLOCK_PARAGRAPH)->text = g_strdup (text);
}

/* Consecutive figures share a grid of cards. */
void
hy_document_add_figure (HyDocument *doc,
                        const char *label,
                        const char *value,
                        const char *note)
{
  Block *last = doc->blocks->len > 0 ? g_ptr_array_index (doc->blocks, doc->blocks->len - 1) : NULL;
  Figure figure = { g_strdup (label), g_strdup (value), g_strdup (note) };

  if (last == NULL || last->kind != BLOCK_FIGURES)
    {
      last = add_block (doc, BLOCK_FIGURES);
      last->figures = g_array_new (FALSE, FALSE, sizeof (Figure));
      g_array_set_clear_func (last->figures, figure_clear);
    }
  g_array_append_val (last->figures, figure);
}

void
hy_document_add_chart (HyDocument         *doc,
                       double              height,
                       HyDocumentDrawFunc  draw,
                       gpointer            data,
                       GDestroyNotify      destroy,
                       const char         *summary)
{
  Block *block = add_block (doc, BLOCK_CHART);

  block->height = height;
  block->draw = draw;
  block->data = data;
  block->destroy = destroy;
  block->text = g_strdup (summary);
}

void
hy_document_begin_table (HyDocument         *doc,
                         guint               n_columns,
                         const char * const *headers,
                         const double       *widths,
                         const gboolean     *numeric)
{
  Block *block = add_block (doc, BLOCK_TABLE);
  double total = 0;

  block->n_columns = n_columns;
  block->headers = g_new0 (char *, n_columns + 1);
  block->widths = g_new (double, n_columns);
  block->numeric = g_new0 (gboolean, n_columns);
  block->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 0; i < n_columns; i++)
    {
      block->headers[i] = g_strdup (headers[i]);
      block->widths[i] = widths != NULL ? widths[i] : 1;
      block->numeric[i] = numeric != NULL && numeric[i];
      total += block->widths[i];
    }
  for (guint i = 0; i < n_columns; i++)
    block->widths[i] /= total;
}

void
hy_document_add_row (HyDocument         *doc,
                     const char * const *cells)
{
  Block *table = doc->blocks->len > 0 ? g_ptr_array_index (doc->blocks, doc->blocks->len - 1) : NULL;
  char **row;

  g_return_if_fail (table != NULL && table->kind == BLOCK_TABLE);

  row = g_new0 (char *, table->n_columns + 1);
  for (guint i = 0; i < table->n_columns; i++)
    row[i] = g_strdup (cells[i] != NULL ? cells[i] : "");
  g_ptr_array_add (table->rows, row);
}

/* ---- Layout ---- */

static double
text_width (HyDocument *doc)
{
  return doc->page_width - 2 * MARGIN;
}

static double
paragraph_height (HyDocument *doc,
                  cairo_t    *cr,
                  const char *text,
                  double      size,
                  gboolean    bold)
{
  g_autoptr(PangoLayout) layout = _hy_chart_layout (cr, text, size, bold);
  int w, h;

  pango_layout_set_width (layout, (int) (text_width (doc) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_get_pixel_size (layout, &w, &h);
  return h;
}

static double
block_height (HyDocument *doc,
              cairo_t    *cr,
              Block      *block)
{
  switch (block->kind)
    {
    case BLOCK_HEADING:
      return paragraph_height (doc, cr, block->text, 14, TRUE) + 4;
    case BLOCK_PARAGRAPH:
      return paragraph_height (doc, cr, block->text, 10, FALSE);
    case BLOCK_FIGURES:
      return ((block->figures->len + FIGURES_PER_ROW - 1) / FIGURES_PER_ROW) * (FIGURE_HEIGHT + 6);
    case BLOCK_CHART:
      return block->height;
    case BLOCK_TABLE:
      return TABLE_HEADER + block->rows->len * TABLE_ROW;
    default:
      g_assert_not_reached ();
    }
}

static GArray *
new_page (HyDocument *doc)
{
  GArray *page = g_array_new (FALSE, FALSE, sizeof (Placed));

  g_ptr_array_add (doc->pages, page);
  return page;
}

/* Lays the blocks out on pages of the given size (points); returns the number of pages. */
guint
hy_document_layout (HyDocument *doc,
                    double      page_width,
                    double      page_height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cairo_t *cr = cairo_create (surface);
  double top = MARGIN + HEADER_HEIGHT;
  double bottom = page_height - MARGIN - FOOTER_HEIGHT;
  GArray *page;
  double y = top;

  doc->page_width = page_width;
  doc->page_height = page_height;
  g_ptr_array_set_size (doc->pages, 0);
  page = new_page (doc);

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (doc->blocks, i);
      double height = block_height (doc, cr, block);
      Placed placed = { i, y, 0, 0 };

      if (block->kind == BLOCK_TABLE)
        {
          guint row = 0;

          /* At least the header and two rows together; then as many rows as fit, header
           * repeated on every page. */
          if (y + TABLE_HEADER + MIN (2, block->rows->len) * TABLE_ROW > bottom && y > top)
            {
              page = new_page (doc);
              y = top;
            }
          do
            {
              guint fit = (guint) MAX (1, (bottom - y - TABLE_HEADER) / TABLE_ROW);
              Placed part = { i, y, row, MIN (fit, block->rows->len - row) };

              g_array_append_val (page, part);
              row += part.n_rows;
              y += TABLE_HEADER + part.n_rows * TABLE_ROW + GAP;
              if (row < block->rows->len)
                {
                  page = new_page (doc);
                  y = top;
                }
            }
          while (row < block->rows->len);
          continue;
        }

      /* Keep a heading with the start of what follows it. */
      if (block->kind == BLOCK_HEADING && i + 1 < doc->blocks->len)
        {
          Block *next = g_ptr_array_index (doc->blocks, i + 1);
          double next_height = next->kind == BLOCK_TABLE ? TABLE_HEADER + 2 * TABLE_ROW : block_height (doc, cr, next);

          height += GAP + MIN (next_height, bottom - top - height - GAP);
        }

      if (y + height > bottom && y > top)
        {
          page = new_page (doc);
          y = top;
        }
      placed.y = y;
      g_array_append_val (page, placed);
      y += block_height (doc, cr, block) + GAP;
    }

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return doc->pages->len;
}

/* ---- Drawing ---- */

static void
draw_table (HyDocument *doc,
            cairo_t    *cr,
            Block      *table,
            double      y,
            guint       first_row,
            guint       n_rows)
{
  double width = text_width (doc);
  double x;

  cairo_set_source_rgb (cr, 0.93, 0.93, 0.93);
  cairo_rectangle (cr, MARGIN, y, width, TABLE_HEADER);
  cairo_fill (cr);

  x = MARGIN;
  cairo_set_source_rgb (cr, 0.15, 0.15, 0.15);
  for (guint c = 0; c < table->n_columns; c++)
    {
      double w = table->widths[c] * width;

      _hy_chart_text (cr, table->headers[c], table->numeric[c] ? x + w - 4 : x + 4, y + 4, 9, TRUE,
                      table->numeric[c] ? 1 : 0, w - 8);
      x += w;
    }
  y += TABLE_HEADER;

  for (guint r = first_row; r < first_row + n_rows; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);

      if ((r - first_row) % 2 == 1)
        {
          cairo_set_source_rgb (cr, 0.975, 0.975, 0.975);
          cairo_rectangle (cr, MARGIN, y, width, TABLE_ROW);
          cairo_fill (cr);
        }
      x = MARGIN;
      cairo_set_source_rgb (cr, 0.15, 0.15, 0.15);
      for (guint c = 0; c < table->n_columns; c++)
        {
          double w = table->widths[c] * width;

          _hy_chart_text (cr, row[c], table->numeric[c] ? x + w - 4 : x + 4, y + 2, 9, FALSE,
                          table->numeric[c] ? 1 : 0, w - 8);
          x += w;
        }
      y += TABLE_ROW;
    }

  cairo_set_source_rgb (cr, 0.7, 0.7, 0.7);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, MARGIN, y);
  cairo_line_to (cr, MARGIN + width, y);
  cairo_stroke (cr);
}

static void
draw_figures (HyDocument *doc,
              cairo_t    *cr,
              Block      *block,
              double      y)
{
  double card = (text_width (doc) - (FIGURES_PER_ROW - 1) * 8) / FIGURES_PER_ROW;

  for (guint i = 0; i < block->figures->len; i++)
    {
      Figure *figure = &g_array_index (block->figures, Figure, i);
      double x = MARGIN + (i % FIGURES_PER_ROW) * (card + 8);
      double top = y + (i / FIGURES_PER_ROW) * (FIGURE_HEIGHT + 6);

      cairo_set_source_rgb (cr, 0.8, 0.8, 0.8);
      cairo_set_line_width (cr, 0.75);
      cairo_rectangle (cr, x, top, card, FIGURE_HEIGHT);
      cairo_stroke (cr);

      cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
      _hy_chart_text (cr, figure->label, x + 8, top + 5, 8.5, FALSE, 0, card - 16);
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      _hy_chart_text (cr, figure->value, x + 8, top + 17, 14, TRUE, 0, card - 16);
      if (figure->note != NULL)
        {
          cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
          _hy_chart_text (cr, figure->note, x + 8, top + 36, 7.5, FALSE, 0, card - 16);
        }
    }
}

static void
draw_paragraph (HyDocument *doc,
                cairo_t    *cr,
                const char *text,
                double      y,
                double      size,
                gboolean    bold)
{
  g_autoptr(PangoLayout) layout = _hy_chart_layout (cr, text, size, bold);

  pango_layout_set_width (layout, (int) (text_width (doc) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  cairo_move_to (cr, MARGIN, y);
  pango_cairo_show_layout (cr, layout);
}

/* Draws page @page (from 0) of the last layout, in points. */
void
hy_document_draw_page (HyDocument *doc,
                       cairo_t    *cr,
                       guint       page)
{
  GArray *placed;
  g_autofree char *footer = NULL;
  double width = text_width (doc);

  g_return_if_fail (page < doc->pages->len);
  placed = g_ptr_array_index (doc->pages, page);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  /* Header: the store, the title and the period; footer: the page. */
  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  _hy_chart_text (cr, doc->store_name, MARGIN, MARGIN, 8.5, TRUE, 0, width / 3);
  _hy_chart_text (cr, doc->title, MARGIN + width / 2, MARGIN, 8.5, FALSE, 0.5, width / 3);
  _hy_chart_text (cr, doc->period, MARGIN + width, MARGIN, 8.5, FALSE, 1, width / 3);
  cairo_set_source_rgb (cr, 0.75, 0.75, 0.75);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, MARGIN, MARGIN + 16);
  cairo_line_to (cr, MARGIN + width, MARGIN + 16);
  cairo_stroke (cr);

  footer = g_strdup_printf (_("Page %u of %u"), page + 1, doc->pages->len);
  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  _hy_chart_text (cr, footer, MARGIN + width / 2, doc->page_height - MARGIN - 10, 8.5, FALSE, 0.5, 0);

  for (guint i = 0; i < placed->len; i++)
    {
      Placed *p = &g_array_index (placed, Placed, i);
      Block *block = g_ptr_array_index (doc->blocks, p->block);

      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      switch (block->kind)
        {
        case BLOCK_HEADING:
          draw_paragraph (doc, cr, block->text, p->y, 14, TRUE);
          break;
        case BLOCK_PARAGRAPH:
          draw_paragraph (doc, cr, block->text, p->y, 10, FALSE);
          break;
        case BLOCK_FIGURES:
          draw_figures (doc, cr, block, p->y);
          break;
        case BLOCK_CHART:
          cairo_save (cr);
          cairo_translate (cr, MARGIN, p->y);
          block->draw (cr, width, block->height, block->data);
          cairo_restore (cr);
          break;
        case BLOCK_TABLE:
          draw_table (doc, cr, block, p->y, p->first_row, p->n_rows);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  cairo_restore (cr);
}

/* Everything the document says, in reading order: for tests and for screen readers. */
char *
hy_document_get_text (HyDocument *doc)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "%s\n%s\n%s\n", doc->title, doc->store_name, doc->period);
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (doc->blocks, i);

      switch (block->kind)
        {
        case BLOCK_HEADING:
        case BLOCK_PARAGRAPH:
        case BLOCK_CHART:
          if (block->text != NULL)
            g_string_append_printf (text, "%s\n", block->text);
          break;
        case BLOCK_FIGURES:
          for (guint f = 0; f < block->figures->len; f++)
            {
              Figure *figure = &g_array_index (block->figures, Figure, f);

              g_string_append_printf (text, "%s: %s%s%s\n", figure->label, figure->value,
                                      figure->note != NULL ? " " : "", figure->note != NULL ? figure->note : "");
            }
          break;
        case BLOCK_TABLE:
          {
            g_autofree char *header = g_strjoinv ("\t", block->headers);

            g_string_append_printf (text, "%s\n", header);
            for (guint r = 0; r < block->rows->len; r++)
              {
                g_autofree char *row = g_strjoinv ("\t", g_ptr_array_index (block->rows, r));

                g_string_append_printf (text, "%s\n", row);
              }
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return g_string_free (text, FALSE);
}

static gboolean
cairo_ok (cairo_status_t  status,
          const char     *path,
          GError        **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, HY_ERROR, status == CAIRO_STATUS_WRITE_ERROR ? HY_ERROR_READ_ONLY : HY_ERROR_FAILED,
               _("Could not write “%s”: %s"), path, cairo_status_to_string (status));
  return FALSE;
}

/* A4 PDF, one page per laid-out page, text kept as text (searchable, copyable). */
gboolean
hy_document_write_pdf (HyDocument  *doc,
                       const char  *path,
                       GError     **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  guint n_pages = hy_document_layout (doc, HY_DOCUMENT_A4_WIDTH, HY_DOCUMENT_A4_HEIGHT);

  surface = cairo_pdf_surface_create (path, HY_DOCUMENT_A4_WIDTH, HY_DOCUMENT_A4_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, doc->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Huiyuan");
  cr = cairo_create (surface);
  for (guint page = 0; page < n_pages; page++)
    {
      hy_document_draw_page (doc, cr, page);
      cairo_show_page (cr);
    }
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  return cairo_ok (status, path, error);
}

/* The document's tables as CSV, one after another with a blank line between them; numbers as
 * printed.  Charts have their tables in the document too, so nothing is lost. */
gboolean
hy_document_write_csv (HyDocument  *doc,
                       const char  *path,
                       gboolean     bom,
                       GError     **error)
{
  HyCsvWriter *writer = hy_csv_writer_new (path, bom, error);
  gboolean first = TRUE;

  if (writer == NULL)
    return FALSE;

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (doc->blocks, i);

      if (block->kind != BLOCK_TABLE)
        continue;
      if (!first)
        hy_csv_writer_end_row (writer);
      first = FALSE;
      for (guint c = 0; c < block->n_columns; c++)
        hy_csv_writer_text (writer, block->headers[c]);
      hy_csv_writer_end_row (writer);
      for (guint r = 0; r < block->rows->len; r++)
        {
          char **row = g_ptr_array_index (block->rows, r);

          for (guint c = 0; c < block->n_columns; c++)
            hy_csv_writer_text (writer, row[c]);
          hy_csv_writer_end_row (writer);
        }
    }

  return hy_csv_writer_finish (writer, error);
}

/* One PNG per page: DIRECTORY/BASENAME-1.png, ... */
gboolean
hy_document_write_png (HyDocument  *doc,
                       const char  *directory,
                       const char  *basename,
                       double       dpi,
                       GError     **error)
{
  guint n_pages = hy_document_layout (doc, HY_DOCUMENT_A4_WIDTH, HY_DOCUMENT_A4_HEIGHT);
  double scale = dpi / 72.0;

  if (g_mkdir_with_parents (directory, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, HY_ERROR, HY_ERROR_READ_ONLY, _("Could not create the folder “%s”: %s"),
                   directory, g_strerror (saved));
      return FALSE;
    }

  for (guint page = 0; page < n_pages; page++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%u.png", basename, page + 1);
      g_autofree char *path = g_build_filename (directory, name, NULL);
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                                             (int) (HY_DOCUMENT_A4_WIDTH * scale),
                                                             (int) (HY_DOCUMENT_A4_HEIGHT * scale));
      cairo_t *cr = cairo_create (surface);
      cairo_status_t status;

      cairo_scale (cr, scale, scale);
      hy_document_draw_page (doc, cr, page);
      cairo_destroy (cr);
      status = cairo_surface_write_to_png (surface, path);
      cairo_surface_destroy (surface);
      if (!cairo_ok (status, path, error))
        return FALSE;
    }
  return TRUE;
}
