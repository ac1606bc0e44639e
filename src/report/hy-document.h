/* hy-document.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A printable document: headings, paragraphs, key figures, charts and tables, laid out on pages
 * with a header (store, title, period) and a footer (page x of y).  Tables break across pages
 * between rows and repeat their header.  The same page drawing serves the printer
 * (GtkPrintOperation gives a cairo_t), PDF files and PNG images.
 */

#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct _HyDocument HyDocument;

typedef void (*HyDocumentDrawFunc) (cairo_t *cr,
                                    double   width,
                                    double   height,
                                    gpointer data);

/* A4 in PostScript points. */
#define HY_DOCUMENT_A4_WIDTH  595.28
#define HY_DOCUMENT_A4_HEIGHT 841.89

HyDocument *hy_document_new             (const char          *title,
                                         const char          *store_name,
                                         const char          *period);
void        hy_document_free            (HyDocument          *doc);
const char *hy_document_get_title       (HyDocument          *doc);

void        hy_document_add_heading     (HyDocument          *doc,
                                         const char          *text);
void        hy_document_add_paragraph   (HyDocument          *doc,
                                         const char          *text);
void        hy_document_add_figure      (HyDocument          *doc,
                                         const char          *label,
                                         const char          *value,
                                         const char          *note);
void        hy_document_add_chart       (HyDocument          *doc,
                                         double               height,
                                         HyDocumentDrawFunc   draw,
                                         gpointer             data,
                                         GDestroyNotify       destroy,
                                         const char          *summary);
void        hy_document_begin_table     (HyDocument          *doc,
                                         guint                n_columns,
                                         const char * const  *headers,
                                         const double        *widths,
                                         const gboolean      *numeric);
void        hy_document_add_row         (HyDocument          *doc,
                                         const char * const  *cells);

guint       hy_document_layout          (HyDocument          *doc,
                                         double               page_width,
                                         double               page_height);
void        hy_document_draw_page       (HyDocument          *doc,
                                         cairo_t             *cr,
                                         guint                page);
char       *hy_document_get_text        (HyDocument          *doc);

gboolean    hy_document_write_pdf       (HyDocument          *doc,
                                         const char          *path,
                                         GError             **error);
gboolean    hy_document_write_csv       (HyDocument          *doc,
                                         const char          *path,
                                         gboolean             bom,
                                         GError             **error);
gboolean    hy_document_write_png       (HyDocument          *doc,
                                         const char          *directory,
                                         const char          *basename,
                                         double               dpi,
                                         GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyDocument, hy_document_free)

G_END_DECLS
