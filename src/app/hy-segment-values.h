/* hy-segment-values.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hy-database.h"

G_BEGIN_DECLS

/* The values of a segment's conditions in the store manager's words.  Tier, store, lifecycle
 * stage, RFM class, warning rule and birthday month are chosen from a list of labels, each
 * standing for the value the core reads (a tier's id, "active", ...); the other fields are
 * typed, amounts in the currency. */
typedef struct _HySegmentValues HySegmentValues;

/* Reads the tiers and the stores of @db, as they are now. */
HySegmentValues *hy_segment_values_new          (HyDatabase       *db);
void             hy_segment_values_free         (HySegmentValues  *self);

/* Whether @field's value is chosen from a list. */
gboolean         hy_segment_values_has_list     (const char       *field);
/* The labels of @field's values, for a dropdown, and the values in the same order.  When
 * @current is not among them, an item saying it is unknown ("Unknown tier 7") comes last,
 * after the @out_n_known others, and is the one @out_selected; otherwise @current's position,
 * or 0. */
GtkStringList   *hy_segment_values_list         (HySegmentValues  *self,
                                                 const char       *field,
                                                 const char       *current,
                                                 GStrv            *out_values,
                                                 guint            *out_n_known,
                                                 guint            *out_selected);
/* Why the segment cannot be saved with @field's unknown value, or, with @empty, when there is
 * nothing to choose from: translated. */
const char      *hy_segment_values_why_not      (const char       *field,
                                                 gboolean          empty);
/* @value (as the core has it) as shown: a label, an amount, or the value as it is. */
char            *hy_segment_values_describe     (HySegmentValues  *self,
                                                 const char       *field,
                                                 gboolean          money,
                                                 const char       *value);
/* What a typed value looks like, for the entry's placeholder and tooltip, or NULL. */
const char      *hy_segment_values_hint         (const char       *field,
                                                 gboolean          money);
/* 50050 minor units as "500.50", 50000 as "500": how an amount is typed. */
char            *hy_segment_values_money_text   (const char       *minor_text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HySegmentValues, hy_segment_values_free)

G_END_DECLS
