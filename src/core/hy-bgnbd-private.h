/* hy-bgnbd-private.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hy-bgnbd.h"

G_BEGIN_DECLS

/* More repeat purchases than this on one row is taken for bad data, not a customer. */
#define HY_BGNBD_MAX_X 1000000

gboolean _hy_bgnbd_params_check      (const HyBgnbdParams *params,
                                      GError             **error);
gboolean _hy_bgnbd_rows_check        (const guint32       *x,
                                      const double        *t_x,
                                      const double        *T,
                                      gsize                n,
                                      GError             **error);

/* Unchecked: P(alive), and E[Y(t)] of a customer known to be alive at T for each of the n_t
 * horizons t[], into out[]. */
double   _hy_bgnbd_p_alive                 (const HyBgnbdParams *params,
                                            double               x,
                                            double               t_x,
                                            double               T);
void     _hy_bgnbd_expected_if_alive_curve (const HyBgnbdParams *params,
                                            double               x,
                                            double               T,
                                            const double        *t,
                                            guint                n_t,
                                            double              *out);

G_END_DECLS
