/* hy-member-page.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hy-checkout.h"
#include "hy-database.h"

G_BEGIN_DECLS

#define HY_TYPE_MEMBER_PAGE (hy_member_page_get_type ())

G_DECLARE_FINAL_TYPE (HyMemberPage, hy_member_page, HY, MEMBER_PAGE, AdwBin)

void     hy_member_page_set_member  (HyMemberPage *self,
                                     HyDatabase   *database,
                                     gint64        member_id);
gint64   hy_member_page_get_member  (HyMemberPage *self);
gboolean hy_member_page_get_loading (HyMemberPage *self);
gboolean hy_member_page_add_points  (HyMemberPage *self,
                                     gint64        points,
                                     const char   *reason,
                                     GError      **error);
void     hy_member_page_ask_merge   (HyMemberPage *self,
                                     gint64        survivor_id,
                                     gint64        merged_id);
gboolean hy_member_page_top_up      (HyMemberPage *self,
                                     gint64        amount,
                                     const char   *method,
                                     gint64       *out_bonus,
                                     GError      **error);
gboolean hy_member_page_issue_coupon (HyMemberPage *self,
                                      gint64        template_id,
                                      GError      **error);
gboolean hy_member_page_void_coupon (HyMemberPage  *self,
                                     const char    *code,
                                     const char    *reason,
                                     GError       **error);
gboolean hy_member_page_refund      (HyMemberPage    *self,
                                     gint64           sale_id,
                                     HyRefundReceipt *out,
                                     GError         **error);

G_END_DECLS
