/* hy-customer-model.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "hy-analysis.h"
#include "hy-bgnbd.h"
#include "hy-customer-summary.h"
#include "hy-database.h"
#include "hy-gamma-gamma.h"

G_BEGIN_DECLS

/* The store's fitted customer-base models: BG/NBD (P(alive), expected purchases) and, when it
 * could be fitted, Gamma-Gamma (spend per purchase, hence CLV).  Fitted on the members'
 * purchase days up to a calibration end day (HyCustomerSummary conventions) and saved in the
 * settings ("model.*"), so that the analytics use P(alive) and CLV "where a fit is available". */
typedef struct
{
  HyTimeUnit         unit;
  gint32             calibration_end;   /* local day */
  guint64            n_customers;
  HyBgnbdParams      bgnbd;
  double             bgnbd_log_likelihood;
  gboolean           has_spend;
  HyGammaGammaParams spend;
} HyCustomerModel;

/* Fits on every member with a purchase in @data up to @calibration_end (at most the data's
 * as-of day).  Fails with HY_ERROR_INVALID, saying why, when BG/NBD cannot be fitted; a
 * Gamma-Gamma failure only leaves has_spend FALSE. */
gboolean hy_customer_model_fit    (HyAnalysisData  *data,
                                   gint32           calibration_end,
                                   HyTimeUnit       unit,
                                   HyCustomerModel *model,
                                   GError         **error);
gboolean hy_customer_model_save   (HyDatabase            *db,
                                   const HyCustomerModel *model,
                                   GError               **error);
/* FALSE (without an error) when no model was saved or the saved one is unreadable. */
gboolean hy_customer_model_load   (HyDatabase      *db,
                                   HyCustomerModel *model);

/* The BG/NBD history of member @index of @data as of @day (purchase days up to it), in the
 * model's unit.  FALSE when the member has no purchase by then. */
gboolean hy_customer_model_history (const HyCustomerModel *model,
                                    HyAnalysisData        *data,
                                    gsize                  index,
                                    gint32                 day,
                                    guint32               *x,
                                    double                *t_x,
                                    double                *T,
                                    double                *zbar);

/* P(alive) of every member as of @day into p_alive (NaN without a purchase). */
void     hy_customer_model_p_alive (const HyCustomerModel *model,
                                    HyAnalysisData        *data,
                                    gint32                 day,
                                    double                *p_alive);

/* CLV (hy-clv.h defaults, margin 1) of every member as of @day into clv, minor units; NaN
 * without a purchase.  Fails when the model has no spend part. */
gboolean hy_customer_model_clv     (const HyCustomerModel *model,
                                    HyAnalysisData        *data,
                                    gint32                 day,
                                    double                *clv,
                                    GError               **error);

G_END_DECLS
