/* hy-transitions-card.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hy-dashboard.h"

G_BEGIN_DECLS

#define HY_TYPE_TRANSITIONS_CARD (hy_transitions_card_get_type ())

G_DECLARE_FINAL_TYPE (HyTransitionsCard, hy_transitions_card, HY, TRANSITIONS_CARD, GtkBox)

GtkWidget *hy_transitions_card_new         (void);
void       hy_transitions_card_show        (HyTransitionsCard *self,
                                            const HyDashboard *dashboard,
                                            const char        *database_path);
void       hy_transitions_card_select      (HyTransitionsCard *self,
                                            guint              from,
                                            guint              to);
void       hy_transitions_card_get_months  (HyTransitionsCard *self,
                                            gint32            *from,
                                            gint32            *to);
gboolean   hy_transitions_card_get_loading (HyTransitionsCard *self);
void       hy_transitions_card_cancel      (HyTransitionsCard *self);

G_END_DECLS
