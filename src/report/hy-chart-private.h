/* hy-chart-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Text drawing shared by the charts and the documents.
 */

#pragma once

#include <pango/pangocairo.h>

G_BEGIN_DECLS

PangoLayout *_hy_chart_layout     (cairo_t    *cr,
                                   const char *text,
                                   double      size,
                                   gboolean    bold);
double       _hy_chart_text       (cairo_t    *cr,
                                   const char *text,
                                   double      x,
                                   double      y,
                                   double      size,
                                   gboolean    bold,
                                   double      align,
                                   double      max_width);
double       _hy_chart_text_width (cairo_t    *cr,
                                   const char *text,
                                   double      size,
                                   gboolean    bold);

G_END_DECLS
