/* hy-warnings-page.h
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hy-database.h"
#include "hy-warnings.h"

G_BEGIN_DECLS

#define HY_TYPE_WARNINGS_PAGE (hy_warnings_page_get_type ())

G_DECLARE_FINAL_TYPE (HyWarningsPage, hy_warnings_page, HY, WARNINGS_PAGE, AdwBin)

/* At most this many entries are on screen; the printed and saved call lists hold them all. */
#define HY_WARNINGS_PAGE_LIMIT 500

void        hy_warnings_page_set_database    (HyWarningsPage  *self,
                                              HyDatabase      *database);
void        hy_warnings_page_refresh         (HyWarningsPage  *self);
gboolean    hy_warnings_page_get_loading     (HyWarningsPage  *self);
/* HyWarningItem, as shown: by priority, then value. */
GListModel *hy_warnings_page_get_entries     (HyWarningsPage  *self);
/* Every open entry of today's list (HyWorkItem, by priority then value), NULL before a build. */
GPtrArray  *hy_warnings_page_get_work_list   (HyWarningsPage  *self);
/* Shows the phones again, masked or not for whoever is signed in now. */
void        hy_warnings_page_update_phones   (HyWarningsPage  *self);
/* -1: every priority. */
void        hy_warnings_page_set_priority    (HyWarningsPage  *self,
                                              int              priority);
gboolean    hy_warnings_page_record_contact  (HyWarningsPage  *self,
                                              gint64           member_id,
                                              const char      *outcome,
                                              const char      *note,
                                              GError         **error);
void        hy_warnings_page_save_call_list_async  (HyWarningsPage      *self,
                                                    const char          *path,
                                                    gboolean             csv,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean    hy_warnings_page_save_call_list_finish (HyWarningsPage      *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
