/* hy-industry.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Stored by name in settings ("industry"). */
typedef enum
{
  HY_INDUSTRY_GENERAL,
  HY_INDUSTRY_BEAUTY,
  HY_INDUSTRY_SUPERMARKET,
  HY_INDUSTRY_GYM,
  HY_INDUSTRY_BAKERY,
  HY_N_INDUSTRIES
} HyIndustry;

typedef struct
{
  const char *sku;
  const char *name;
  const char *category;
  gint64      price;       /* minor units */
} HyCatalogItem;

typedef struct
{
  const char          *id;               /* "beauty" */
  const char          *label;            /* translatable, N_() */
  const char          *demo_store_name;  /* what a demo database calls its store */
  double               purchases_per_year;  /* of an active, average member */
  double               mean_ticket;      /* average sale, in yuan */
  double               female_share;
  const HyCatalogItem *catalog;
  guint                n_catalog;
  const char * const  *tags;
  const char * const  *branches;         /* names of the demo's other stores */
} HyIndustryInfo;

const HyIndustryInfo *hy_industry_get_info    (HyIndustry   industry);
gboolean              hy_industry_from_string (const char  *text,
                                               HyIndustry  *out_industry);
const char           *hy_industry_to_string   (HyIndustry   industry);

G_END_DECLS
