/* hy-receipt-printer.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A receipt as text rows, laid out the same on screen, on paper and in a PNG or PDF. */
typedef struct _HyReceiptDoc HyReceiptDoc;

HyReceiptDoc *hy_receipt_doc_new        (const char    *title);
void          hy_receipt_doc_free       (HyReceiptDoc  *doc);
void          hy_receipt_doc_add_text   (HyReceiptDoc  *doc,
                                         const char    *text);
void          hy_receipt_doc_add_row    (HyReceiptDoc  *doc,
                                         const char    *label,
                                         const char    *value,
                                         gboolean       bold);
void          hy_receipt_doc_add_rule   (HyReceiptDoc  *doc);
char         *hy_receipt_doc_to_text    (HyReceiptDoc  *doc);
double        hy_receipt_doc_measure    (HyReceiptDoc  *doc,
                                         double         width);
double        hy_receipt_doc_draw       (HyReceiptDoc  *doc,
                                         cairo_t       *cr,
                                         double         width);
gboolean      hy_receipt_doc_write_png  (HyReceiptDoc  *doc,
                                         const char    *path,
                                         GError       **error);
gboolean      hy_receipt_doc_write_pdf  (HyReceiptDoc  *doc,
                                         const char    *path,
                                         GError       **error);
void          hy_receipt_doc_print      (HyReceiptDoc  *doc,
                                         GtkWindow     *parent);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HyReceiptDoc, hy_receipt_doc_free)

G_END_DECLS
