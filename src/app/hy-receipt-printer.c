/* hy-receipt-printer.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws a receipt with cairo and pango on any cairo_t: the receipt view on screen, the printer
 * page through GtkPrintOperation, and a PNG or PDF file.  A till slip is narrow (80 mm paper
 * prints about 72 mm), so the layout is one column of label-value rows.
 */

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>

#include "hy-receipt-printer.h"

#define MARGIN    12.0
#define FONT_SIZE 10
#define FILE_WIDTH 300.0   /* points: about the width of 80 mm paper, with room */

typedef enum
{
  ROW_TEXT,
  ROW_PAIR,
  ROW_RULE,
} RowKind;

typedef struct
{
  RowKind   kind;
  char     *label;
  char     *value;
  gboolean  bold;
} Row;

struct _HyReceiptDoc
{
  char   *title;
  GArray *rows;
};

static void
row_clear (Row *row)
{
  g_free (row->label);
  g_free (row->value);
}

HyReceiptDoc *
hy_receipt_doc_new (const char *title)
{
  HyReceiptDoc *doc = g_new0 (HyReceiptDoc, 1);

  doc->title = g_strdup (title);
  doc->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (doc->rows, (GDestroyNotify) row_clear);
  return doc;
}

void
hy_receipt_doc_free (HyReceiptDoc *doc)
{
  if (doc == NULL)
    return;

  g_array_unref (doc->rows);
  g_free (doc->title);
  g_free (doc);
}

void
hy_receipt_doc_add_text (HyReceiptDoc *doc,
                         const char   *text)
{
  Row row = { ROW_TEXT, g_strdup (text), NULL, FALSE };

  g_array_append_val (doc->rows, row);
}

void
hy_receipt_doc_add_row (HyReceiptDoc *doc,
                        const char   *label,
                        const char   *value,
                        gboolean      bold)
{
  Row row = { ROW_PAIR, g_strdup (label), g_strdup (value), bold };

  g_array_append_val (doc->rows, row);
}

void
hy_receipt_doc_add_rule (HyReceiptDoc *doc)
{
  Row row = { ROW_RULE, NULL, NULL, FALSE };

  g_array_append_val (doc->rows, row);
}

/* The same rows as plain text: the accessible description of the view, and for tests. */
char *
hy_receipt_doc_to_text (HyReceiptDoc *doc)
{
  GString *out = g_string_new (doc->title);

  g_string_append_c (out, '\n');
  for (guint i = 0; i < doc->rows->len; i++)
    {
      const Row *row = &g_array_index (doc->rows, Row, i);

      if (row->kind == ROW_TEXT)
        g_string_append_printf (out, "%s\n", row->label);
      else if (row->kind == ROW_PAIR)
        g_string_append_printf (out, "%s: %s\n", row->label, row->value);
    }
  return g_string_free (out, FALSE);
}

static PangoLayout *
new_layout (cairo_t    *cr,
            const char *text,
            int         size,
            gboolean    bold,
            double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans");

  pango_font_description_set_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* Draws the receipt at the top left of @cr, @width wide, in the current source colour.
 * Returns the height it took. */
double
hy_receipt_doc_draw (HyReceiptDoc *doc,
                     cairo_t      *cr,
                     double        width)
{
  double inner = MAX (1, width - 2 * MARGIN);
  double y = MARGIN;
  g_autoptr(PangoLayout) title = new_layout (cr, doc->title, FONT_SIZE + 3, TRUE, inner);
  int w, h;

  pango_layout_set_alignment (title, PANGO_ALIGN_CENTER);
  cairo_move_to (cr, MARGIN, y);
  pango_cairo_show_layout (cr, title);
  pango_layout_get_pixel_size (title, &w, &h);
  y += h + 6;

  for (guint i = 0; i < doc->rows->len; i++)
    {
      const Row *row = &g_array_index (doc->rows, Row, i);

      if (row->kind == ROW_RULE)
        {
          double dashes[] = { 3, 2 };

          cairo_save (cr);
          cairo_set_line_width (cr, 0.8);
          cairo_set_dash (cr, dashes, 2, 0);
          cairo_move_to (cr, MARGIN, y + 4.5);
          cairo_line_to (cr, width - MARGIN, y + 4.5);
          cairo_stroke (cr);
          cairo_restore (cr);
          y += 9;
        }
      else if (row->kind == ROW_TEXT)
        {
          g_autoptr(PangoLayout) text = new_layout (cr, row->label, FONT_SIZE, FALSE, inner);

          cairo_move_to (cr, MARGIN, y);
          pango_cairo_show_layout (cr, text);
          pango_layout_get_pixel_size (text, &w, &h);
          y += h + 2;
        }
      else
        {
          /* The value keeps its width at the right; the label wraps in what is left. */
          g_autoptr(PangoLayout) value = new_layout (cr, row->value, FONT_SIZE, row->bold, inner);
          g_autoptr(PangoLayout) label = NULL;
          int vw, vh;

          pango_layout_set_width (value, -1);
          pango_layout_get_pixel_size (value, &vw, &vh);
          label = new_layout (cr, row->label, FONT_SIZE, row->bold, MAX (1, inner - vw - 8));
          pango_layout_get_pixel_size (label, &w, &h);
          cairo_move_to (cr, MARGIN, y);
          pango_cairo_show_layout (cr, label);
          cairo_move_to (cr, width - MARGIN - vw, y);
          pango_cairo_show_layout (cr, value);
          y += MAX (h, vh) + 2;
        }
    }

  return y + MARGIN;
}

/* The height the receipt takes at @width, measured on a scratch surface. */
double
hy_receipt_doc_measure (HyReceiptDoc *doc,
                        double        width)
{
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (surface);
  double height = hy_receipt_doc_draw (doc, cr, width);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return height;
}

static gboolean
check_status (cairo_status_t   status,
              const char      *path,
              GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               _("Could not write the receipt to “%s”: %s"), path, cairo_status_to_string (status));
  return FALSE;
}

gboolean
hy_receipt_doc_write_png (HyReceiptDoc  *doc,
                          const char    *path,
                          GError       **error)
{
  double height = hy_receipt_doc_measure (doc, FILE_WIDTH);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) FILE_WIDTH, (int) height + 1);
  cairo_t *cr = cairo_create (surface);
  cairo_status_t status;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  hy_receipt_doc_draw (doc, cr, FILE_WIDTH);
  cairo_destroy (cr);
  status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
  return check_status (status, path, error);
}

gboolean
hy_receipt_doc_write_pdf (HyReceiptDoc  *doc,
                          const char    *path,
                          GError       **error)
{
  double height = hy_receipt_doc_measure (doc, FILE_WIDTH);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, FILE_WIDTH, height);
  cairo_t *cr = cairo_create (surface);
  cairo_status_t status;

  cairo_set_source_rgb (cr, 0, 0, 0);
  hy_receipt_doc_draw (doc, cr, FILE_WIDTH);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return check_status (status, path, error);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              HyReceiptDoc      *doc)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);

  cairo_set_source_rgb (cr, 0, 0, 0);
  hy_receipt_doc_draw (doc, cr, gtk_print_context_get_width (context));
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               gpointer                 user_data)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      g_warning ("Failed to print the receipt: %s", error != NULL ? error->message : "");
    }
  /* Run in the background: its end is here.  Otherwise the caller still holds it. */
  if (g_object_get_data (G_OBJECT (operation), "in-progress") != NULL)
    g_object_unref (operation);
}

/**
 * hy_receipt_doc_print:
 * @doc: (transfer full): the receipt; the print operation keeps it until it is done
 *
 * Opens the print dialog and prints the receipt on one page, without blocking the window.
 */
void
hy_receipt_doc_print (HyReceiptDoc *doc,
                      GtkWindow    *parent)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  GtkPrintOperationResult result;
  g_autoptr(GError) error = NULL;

  g_object_set_data_full (G_OBJECT (operation), "doc", doc, (GDestroyNotify) hy_receipt_doc_free);
  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_job_name (operation, doc->title);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), doc);
  g_signal_connect (operation, "done", G_CALLBACK (print_done_cb), NULL);

  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    g_warning ("Failed to print the receipt: %s", error != NULL ? error->message : "");
  if (result == GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    g_object_set_data (G_OBJECT (operation), "in-progress", GINT_TO_POINTER (TRUE));
  else
    g_object_unref (operation);
}
