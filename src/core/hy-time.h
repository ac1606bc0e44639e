/* hy-time.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Times are UTC epoch seconds.  Days are counted from 1970-01-01 in the store's local time zone,
 * so that recency, birthdays and expiry follow the store's calendar. */

gint64 hy_time_now             (void);
void   hy_time_set_now         (gint64      now);

gint32 hy_time_ymd_to_day      (int         year,
                                int         month,
                                int         day);
void   hy_time_day_to_ymd      (gint32      day,
                                int        *year,
                                int        *month,
                                int        *mday);
gboolean hy_time_valid_date    (int         year,
                                int         month,
                                int         day);

gint32 hy_time_local_day       (GTimeZone  *tz,
                                gint64      utc);
gint64 hy_time_day_start       (GTimeZone  *tz,
                                gint32      day);
gint64 hy_time_from_local      (GTimeZone  *tz,
                                int         year,
                                int         month,
                                int         day,
                                int         hour,
                                int         minute,
                                int         second);
#define HY_TIME_BUF_LEN 20

void   hy_time_format_buf      (GTimeZone  *tz,
                                gint64      utc,
                                char        buf[HY_TIME_BUF_LEN]);
char  *hy_time_format_local    (GTimeZone  *tz,
                                gint64      utc,
                                gboolean    with_time);

G_END_DECLS
