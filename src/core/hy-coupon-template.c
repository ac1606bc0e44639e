/* hy-coupon-template.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Coupon templates: what a coupon takes off, where, and for how long.  Coupons keep the terms
 * of the template they were issued from, so once a template has issued coupons only its name,
 * its validity for later issues and its per-member limit may change; new terms are a new
 * template.
 */

#define G_LOG_DOMAIN "hy-coupon"

#include "config.h"

#include <glib/gi18n.h>

#include "hy-coupon-private.h"
#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-time.h"
#include "hy-uuid.h"

/* The checks every saved template passes; the UI shows the message as the user types. */
gboolean
hy_coupon_template_validate (const HyCouponTemplate  *tmpl,
                             GError                 **error)
{
  const char *problem = NULL;

  g_return_val_if_fail (tmpl != NULL, FALSE);

  if (tmpl->name == NULL || tmpl->name[0] == '\0')
    problem = _("A coupon template needs a name");
  else if (tmpl->kind < HY_COUPON_THRESHOLD_OFF || tmpl->kind > HY_COUPON_GIFT)
    problem = _("A coupon is threshold, percent, amount or gift");
  else if (tmpl->amount < 0 || tmpl->threshold < 0)
    problem = _("Coupon amounts and thresholds cannot be negative");
  else if (tmpl->kind == HY_COUPON_THRESHOLD_OFF && (tmpl->amount <= 0 || tmpl->threshold <= 0))
    problem = _("A threshold coupon (满减) needs an amount off and a threshold of more than 0");
  else if (tmpl->kind == HY_COUPON_THRESHOLD_OFF && tmpl->amount > tmpl->threshold)
    problem = _("A threshold coupon cannot take off more than its threshold");
  else if (tmpl->kind == HY_COUPON_PERCENT_OFF && (tmpl->percent <= 0 || tmpl->percent >= 100))
    problem = _("A percent coupon takes off between 1 and 99 percent");
  else if (tmpl->kind == HY_COUPON_AMOUNT_OFF && tmpl->amount <= 0)
    problem = _("An amount coupon needs an amount off of more than 0");
  else if (tmpl->valid_days < 0 || tmpl->per_member_limit < 0)
    problem = _("Validity days and the per-member limit cannot be negative");
  else if (tmpl->valid_days == 0 && tmpl->valid_until == 0)
    problem = _("A coupon needs an end of validity: a last day or a number of days from its issue");
  else if (tmpl->valid_until != 0 && tmpl->valid_from >= tmpl->valid_until)
    problem = _("A coupon’s validity must end after it begins");

  if (problem != NULL)
    g_set_error_literal (error, HY_ERROR, HY_ERROR_INVALID, problem);
  return problem == NULL;
}

static void
bind_terms (sqlite3_stmt           *stmt,
            const HyCouponTemplate *tmpl)
{
  sqlite3_bind_text (stmt, 2, tmpl->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, tmpl->kind);
  sqlite3_bind_int64 (stmt, 4, tmpl->amount);
  sqlite3_bind_int64 (stmt, 5, tmpl->kind == HY_COUPON_THRESHOLD_OFF ? tmpl->threshold : 0);
  sqlite3_bind_int (stmt, 6, tmpl->kind == HY_COUPON_PERCENT_OFF ? tmpl->percent : 0);
  sqlite3_bind_text (stmt, 7, tmpl->category != NULL ? tmpl->category : "", -1, SQLITE_TRANSIENT);
  if (tmpl->valid_from != 0)
    sqlite3_bind_int64 (stmt, 8, tmpl->valid_from);
  if (tmpl->valid_until != 0)
    sqlite3_bind_int64 (stmt, 9, tmpl->valid_until);
  sqlite3_bind_int (stmt, 10, tmpl->valid_days);
  sqlite3_bind_int (stmt, 11, tmpl->per_member_limit);
  sqlite3_bind_int (stmt, 12, tmpl->stackable ? 1 : 0);
}

/* Steps @stmt, an INSERT or UPDATE of one template, and resets it. */
static gboolean
write_template (HyDatabase              *db,
                sqlite3_stmt            *stmt,
                const HyCouponTemplate  *tmpl,
                GError                 **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_CONFLICT,
                   _("There is already a coupon template called “%s”"), tmpl->name);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not save the coupon template"));
      return FALSE;
    }
  return TRUE;
}

/**
 * hy_coupon_store_define:
 *
 * Returns: the new template's id, or -1 with @error
 */
gint64
hy_coupon_store_define (HyCouponStore           *self,
                        const HyCouponTemplate  *tmpl,
                        GError                 **error)
{
  static const char insert_template[] =
    "INSERT INTO coupon_templates (uid, name, kind, amount, threshold, percent, category,"
    "                              valid_from, valid_until, valid_days, per_member_limit,"
    "                              stackable, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
  HyDatabase *db;
  sqlite3_stmt *stmt;
  guint8 uid[16];

  g_return_val_if_fail (HY_IS_COUPON_STORE (self), -1);
  g_return_val_if_fail (tmpl != NULL, -1);

  db = _hy_coupon_store_get_database (self);
  if (!hy_coupon_template_validate (tmpl, error) || !(stmt = _hy_database_prepare (db, insert_template, error)))
    return -1;

  hy_uuid_generate (uid);
  sqlite3_bind_blob (stmt, 1, uid, sizeof uid, SQLITE_TRANSIENT);
  bind_terms (stmt, tmpl);
  sqlite3_bind_int64 (stmt, 13, hy_time_now ());
  if (!write_template (db, stmt, tmpl, error))
    return -1;

  return sqlite3_last_insert_rowid (_hy_database_get_handle (db));
}

static gboolean
same_terms (const HyCouponTemplate *a,
            const HyCouponTemplate *b)
{
  return a->kind == b->kind && a->amount == b->amount &&
         (a->kind == HY_COUPON_THRESHOLD_OFF ? a->threshold : 0) == (b->kind == HY_COUPON_THRESHOLD_OFF ? b->threshold : 0) &&
         (a->kind == HY_COUPON_PERCENT_OFF ? a->percent : 0) == (b->kind == HY_COUPON_PERCENT_OFF ? b->percent : 0) &&
         g_strcmp0 (a->category != NULL ? a->category : "", b->category != NULL ? b->category : "") == 0 &&
         !a->stackable == !b->stackable;
}

static gint64
count_issued (HyDatabase *db,
              gint64      template_id)
{
  static const char count_coupons[] = "SELECT count(*) FROM coupons WHERE template_id = ?1";
  sqlite3_stmt *stmt = _hy_database_prepare (db, count_coupons, NULL);
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, template_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/**
 * hy_coupon_store_update_template:
 * @tmpl: the template's new fields; tmpl->id says which
 *
 * Saves a changed template.  Once it has issued coupons, its terms (kind, amounts, percent,
 * category, stacking) are what those coupons promise and cannot change: HY_ERROR_CONFLICT.
 * Coupons already issued keep their validity.
 */
gboolean
hy_coupon_store_update_template (HyCouponStore           *self,
                                 const HyCouponTemplate  *tmpl,
                                 GError                 **error)
{
  static const char update_template[] =
    "UPDATE coupon_templates SET name = ?2, kind = ?3, amount = ?4, threshold = ?5, percent = ?6,"
    "       category = ?7, valid_from = ?8, valid_until = ?9, valid_days = ?10,"
    "       per_member_limit = ?11, stackable = ?12"
    " WHERE id = ?1";
  g_autoptr(HyCouponTemplate) old = NULL;
  HyDatabase *db;
  sqlite3_stmt *stmt;
  gint64 issued;

  g_return_val_if_fail (HY_IS_COUPON_STORE (self), FALSE);
  g_return_val_if_fail (tmpl != NULL, FALSE);

  db = _hy_coupon_store_get_database (self);
  if (!hy_coupon_template_validate (tmpl, error) || !hy_database_begin (db, error))
    return FALSE;
  if (!(old = _hy_coupon_template_load (db, tmpl->id, NULL, error)))
    goto failed;
  if (!same_terms (old, tmpl) && (issued = count_issued (db, tmpl->id)) != 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_CONFLICT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "“%s” has issued %lld coupon with its terms: to change them, make a new template",
                                "“%s” has issued %lld coupons with its terms: to change them, make a new template",
                                issued),
                   old->name, (long long) issued);
      goto failed;
    }
  if (!(stmt = _hy_database_prepare (db, update_template, error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, tmpl->id);
  bind_terms (stmt, tmpl);
  if (!write_template (db, stmt, tmpl, error))
    goto failed;
  return hy_database_commit (db, error);

failed:
  hy_database_rollback (db);
  return FALSE;
}

/**
 * hy_coupon_store_count_by_template:
 *
 * Returns: (transfer full) (element-type HyCouponCounts): one entry per template, in the order
 *   of hy_coupon_store_list_templates(), or NULL with @error
 */
GArray *
hy_coupon_store_count_by_template (HyCouponStore  *self,
                                   GError        **error)
{
  static const char count_by_template[] =
    "SELECT t.id, count (c.id), coalesce (sum (c.state = 1), 0), coalesce (sum (c.state = 2), 0)"
    "  FROM coupon_templates t LEFT JOIN coupons c ON c.template_id = t.id"
    " GROUP BY t.id ORDER BY t.id";
  g_autoptr(GArray) counts = g_array_new (FALSE, TRUE, sizeof (HyCouponCounts));
  HyDatabase *db;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HY_IS_COUPON_STORE (self), NULL);

  db = _hy_coupon_store_get_database (self);
  if (!(stmt = _hy_database_prepare (db, count_by_template, error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HyCouponCounts c;

      c.template_id = sqlite3_column_int64 (stmt, 0);
      c.issued = sqlite3_column_int64 (stmt, 1);
      c.redeemed = sqlite3_column_int64 (stmt, 2);
      c.voided = sqlite3_column_int64 (stmt, 3);
      g_array_append_val (counts, c);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not count the coupons"));
      return NULL;
    }
  return g_steal_pointer (&counts);
}

#define TEMPLATE_COLUMNS \
  "id, name, kind, amount, threshold, percent, category, coalesce (valid_from, 0)," \
  " coalesce (valid_until, 0), valid_days, per_member_limit, stackable"

HyCouponTemplate *
_hy_coupon_template_from_row (sqlite3_stmt *stmt,
                              int           first)
{
  HyCouponTemplate *tmpl = g_new0 (HyCouponTemplate, 1);

  tmpl->id = sqlite3_column_int64 (stmt, first + 0);
  tmpl->name = g_strdup (_hy_column_text (stmt, first + 1));
  tmpl->kind = sqlite3_column_int (stmt, first + 2);
  tmpl->amount = sqlite3_column_int64 (stmt, first + 3);
  tmpl->threshold = sqlite3_column_int64 (stmt, first + 4);
  tmpl->percent = sqlite3_column_int (stmt, first + 5);
  tmpl->category = g_strdup (_hy_column_text (stmt, first + 6));
  tmpl->valid_from = sqlite3_column_int64 (stmt, first + 7);
  tmpl->valid_until = sqlite3_column_int64 (stmt, first + 8);
  tmpl->valid_days = sqlite3_column_int (stmt, first + 9);
  tmpl->per_member_limit = sqlite3_column_int (stmt, first + 10);
  tmpl->stackable = sqlite3_column_int (stmt, first + 11) != 0;
  return tmpl;
}

/**
 * hy_coupon_store_list_templates:
 *
 * Returns: (transfer full) (element-type HyCouponTemplate): every template, oldest first
 */
GPtrArray *
hy_coupon_store_list_templates (HyCouponStore  *self,
                                GError        **error)
{
  static const char select_templates[] =
    "SELECT " TEMPLATE_COLUMNS " FROM coupon_templates ORDER BY id";
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_coupon_template_free);
  HyDatabase *db;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HY_IS_COUPON_STORE (self), NULL);

  db = _hy_coupon_store_get_database (self);
  if (!(stmt = _hy_database_prepare (db, select_templates, error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, _hy_coupon_template_from_row (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not read the coupon templates"));
      return NULL;
    }

  return g_steal_pointer (&list);
}

HyCouponTemplate *
_hy_coupon_template_load (HyDatabase  *db,
               gint64       id,
               const char  *name,
               GError     **error)
{
  static const char select_template[] =
    "SELECT " TEMPLATE_COLUMNS " FROM coupon_templates WHERE id = ?1 OR name = ?2";
  HyCouponTemplate *tmpl = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hy_database_prepare (db, select_template, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (name != NULL)
    sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    tmpl = _hy_coupon_template_from_row (stmt, 0);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE && name != NULL)
    g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND, _("There is no coupon template called “%s”"), name);
  else if (rc == SQLITE_DONE)
    g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND, _("There is no coupon template #%lld"), (long long) id);
  else if (rc != SQLITE_ROW)
    _hy_database_set_error (db, rc, error, _("Could not read the coupon template"));

  return tmpl;
}

HyCouponTemplate *
hy_coupon_store_find_template (HyCouponStore  *self,
                               const char     *name,
                               GError        **error)
{
  g_return_val_if_fail (HY_IS_COUPON_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return _hy_coupon_template_load (_hy_coupon_store_get_database (self), 0, name, error);
}

