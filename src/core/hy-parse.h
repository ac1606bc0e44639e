/* hy-parse.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "hy-types.h"

G_BEGIN_DECLS

/* Limits on what hy_parse_money() accepts, in minor units: small enough to stay exact in a
 * double and in JSON. */
#define HY_MONEY_MAX G_GINT64_CONSTANT (9000000000000000)

/* Years hy_parse_date() and hy_parse_date_time() accept. */
#define HY_PARSE_YEAR_MIN 1900
#define HY_PARSE_YEAR_MAX 2200

/* A canonical import field, for help texts: description is untranslated, pass it through _(). */
typedef struct
{
  const char *name;
  const char *description;
} HyParseField;

gboolean            hy_parse_money        (const char   *text,
                                           gint64       *out_minor,
                                           GError      **error);
gboolean            hy_parse_date_time    (const char   *text,
                                           GTimeZone    *tz,
                                           gint64       *out_utc_seconds,
                                           GError      **error);
gboolean            hy_parse_date         (const char   *text,
                                           int          *year,
                                           int          *month,
                                           int          *day,
                                           GError      **error);
gboolean            hy_parse_quantity     (const char   *text,
                                           double       *out,
                                           GError      **error);
gboolean            hy_parse_gender       (const char   *text,
                                           int          *out,
                                           GError      **error);

const char         *hy_parse_header_field (const char   *header);
const HyParseField *hy_parse_get_fields   (guint        *n_fields);

G_END_DECLS
