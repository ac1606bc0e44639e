/* hy-document-export.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hy-document.h"

G_BEGIN_DECLS

/* Called with the path the user chose to save to. */
typedef void (*HyDocumentSaveFunc) (GtkWidget  *widget,
                                    const char *path,
                                    gpointer    user_data);

void hy_document_export_print       (GtkWidget          *widget,
                                     HyDocument         *document,
                                     GDestroyNotify      document_free,
                                     const char         *job_name);
void hy_document_export_choose_file (GtkWidget          *widget,
                                     const char         *title,
                                     const char         *suggested_name,
                                     HyDocumentSaveFunc  save,
                                     gpointer            user_data);
void hy_document_export_show_error  (GtkWidget          *widget,
                                     const char         *heading,
                                     const GError       *error);

G_END_DECLS
