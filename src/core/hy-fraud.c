/* hy-fraud.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Simple fraud signals for review (DESIGN section 3): queries over the sales and ledgers, so
 * they need no bookkeeping of their own and see every past action the same way.  A flag is a
 * question for a manager, not a verdict.
 */

#define G_LOG_DOMAIN "hy-fraud"

#include "config.h"

#include <glib/gi18n.h>

#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-fraud.h"

static const char * const kind_names[] = {
  "rapid-purchases", "earn-then-refund", "large-adjustment", "negative-balance",
};

void
hy_fraud_flag_free (HyFraudFlag *flag)
{
  if (flag == NULL)
    return;
  g_free (flag->reason);
  g_free (flag);
}

const char *
hy_fraud_kind_to_string (HyFraudKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

void
hy_fraud_rules_init (HyFraudRules *rules)
{
  rules->rapid_count = 5;
  rules->rapid_minutes = 10;
  rules->refund_days = 7;
  rules->large_adjustment = 1000;
}

static HyFraudFlag *
flag_new (HyFraudKind kind,
          gint64      member_id,
          gint64      occurred_at,
          gint64      value,
          gint64      ref_id)
{
  HyFraudFlag *flag = g_new0 (HyFraudFlag, 1);

  flag->kind = kind;
  flag->member_id = member_id;
  flag->occurred_at = occurred_at;
  flag->value = value;
  flag->ref_id = ref_id;
  return flag;
}

/* One flag per burst: a window that starts inside the last flagged one is the same burst. */
static gboolean
scan_rapid (HyDatabase          *db,
            const HyFraudRules  *rules,
            gint64               since,
            GPtrArray           *flags,
            GError             **error)
{
  static const char select_rapid[] =
    "SELECT t.member_id, t.occurred_at, t.id,"
    "       (SELECT count(*) FROM transactions u WHERE u.member_id = t.member_id AND u.kind = 0"
    "          AND u.occurred_at >= t.occurred_at AND u.occurred_at < t.occurred_at + ?2) AS n"
    "  FROM transactions t WHERE t.kind = 0 AND t.member_id IS NOT NULL AND t.occurred_at >= ?1"
    "   AND n >= ?3 ORDER BY t.member_id, t.occurred_at, t.id";
  gint64 window = (gint64) rules->rapid_minutes * 60, last_member = 0, last_end = 0;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hy_database_prepare (db, select_rapid, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, window);
  sqlite3_bind_int (stmt, 3, rules->rapid_count);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 member = sqlite3_column_int64 (stmt, 0), at = sqlite3_column_int64 (stmt, 1);
      g_autofree char *minutes = NULL;
      HyFraudFlag *flag;

      if (member == last_member && at < last_end)
        continue;
      flag = flag_new (HY_FRAUD_RAPID_PURCHASES, member, at, sqlite3_column_int64 (stmt, 3),
                       sqlite3_column_int64 (stmt, 2));
      minutes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", rules->rapid_minutes),
                                 rules->rapid_minutes);
      /* Translators: %2$s is a count of minutes, like “10 minutes”; the count of purchases is always 2 or more */
      flag->reason = g_strdup_printf (_("%1$lld purchases within %2$s"), (long long) flag->value, minutes);
      g_ptr_array_add (flags, flag);
      last_member = member;
      last_end = at + window;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    _hy_database_set_error (db, rc, error, _("Could not look for rapid purchases"));
  return rc == SQLITE_DONE;
}

/* "1 point", "30 points"; a negative count (points taken) is worded by its size. */
static char *
points_text (gint64 n)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld point", "%lld points", (gulong) ABS (n)), (long long) n);
}

static gboolean
scan_earn_then_refund (HyDatabase          *db,
                       const HyFraudRules  *rules,
                       gint64               since,
                       GPtrArray           *flags,
                       GError             **error)
{
  static const char select_refunds[] =
    "SELECT s.member_id, r.occurred_at, r.id, s.id, (r.occurred_at - s.occurred_at) / 86400,"
    "       (SELECT coalesce (sum (p.points), 0) FROM points_ledger p"
    "         WHERE p.transaction_id = s.id AND p.kind = 1) AS earned"
    "  FROM transactions r JOIN transactions s ON s.id = r.refund_of"
    " WHERE r.kind = 1 AND s.member_id IS NOT NULL AND r.occurred_at >= ?1"
    "   AND r.occurred_at - s.occurred_at <= ?2 AND earned > 0 ORDER BY r.id";
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hy_database_prepare (db, select_refunds, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, (gint64) rules->refund_days * 86400);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HyFraudFlag *flag = flag_new (HY_FRAUD_EARN_THEN_REFUND, sqlite3_column_int64 (stmt, 0),
                                    sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 5),
                                    sqlite3_column_int64 (stmt, 2));
      gint64 days = sqlite3_column_int64 (stmt, 4);
      g_autofree char *earned = points_text (flag->value);
      g_autofree char *later = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld day later", "%lld days later",
                                                             (gulong) days), (long long) days);

      /* Translators: %2$s is a count of points, like “30 points”; %3$s like “2 days later” */
      flag->reason = g_strdup_printf (_("Sale #%1$lld earned %2$s and was refunded %3$s"),
                                      (long long) sqlite3_column_int64 (stmt, 3), earned, later);
      g_ptr_array_add (flags, flag);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    _hy_database_set_error (db, rc, error, _("Could not look for refunds after earning"));
  return rc == SQLITE_DONE;
}

static gboolean
scan_adjustments (HyDatabase          *db,
                  const HyFraudRules  *rules,
                  gint64               since,
                  GPtrArray           *flags,
                  GError             **error)
{
  static const char select_adjustments[] =
    "SELECT member_id, occurred_at, id, points, reason FROM points_ledger"
    " WHERE kind = 4 AND abs (points) >= ?2 AND occurred_at >= ?1"
    "   AND id NOT IN (SELECT entry_id FROM merge_transfers WHERE ledger = 'points') ORDER BY id";
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hy_database_prepare (db, select_adjustments, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, MAX (rules->large_adjustment, 1));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HyFraudFlag *flag = flag_new (HY_FRAUD_LARGE_ADJUSTMENT, sqlite3_column_int64 (stmt, 0),
                                    sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 3),
                                    sqlite3_column_int64 (stmt, 2));
      g_autofree char *adjusted = points_text (flag->value);

      /* Translators: %1$s is a count of points, like “1000 points”; %2$s the reason given */
      flag->reason = g_strdup_printf (_("%1$s adjusted by hand: %2$s"), adjusted, _hy_column_text (stmt, 4));
      g_ptr_array_add (flags, flag);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    _hy_database_set_error (db, rc, error, _("Could not look for large adjustments"));
  return rc == SQLITE_DONE;
}

/* Balances cannot go below 0 (a CHECK on member_balances): what would have is the points a
 * refund could not take back. */
static gboolean
scan_shortfalls (HyDatabase  *db,
                 gint64       since,
                 GPtrArray   *flags,
                 GError     **error)
{
  static const char select_short[] =
    "SELECT s.member_id, t.occurred_at, c.refund_id, c.points_short, c.sale_id"
    "  FROM checkout_refunds c JOIN transactions t ON t.id = c.refund_id"
    "  JOIN transactions s ON s.id = c.sale_id"
    " WHERE c.points_short > 0 AND t.occurred_at >= ?1 ORDER BY c.refund_id";
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hy_database_prepare (db, select_short, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, since);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HyFraudFlag *flag = flag_new (HY_FRAUD_NEGATIVE_BALANCE, sqlite3_column_int64 (stmt, 0),
                                    sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 3),
                                    sqlite3_column_int64 (stmt, 2));

      flag->reason = g_strdup_printf (_("The refund of sale #%lld would have taken the points balance %lld below 0"),
                                      (long long) sqlite3_column_int64 (stmt, 4), (long long) flag->value);
      g_ptr_array_add (flags, flag);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    _hy_database_set_error (db, rc, error, _("Could not look for negative balances"));
  return rc == SQLITE_DONE;
}

/**
 * hy_fraud_scan:
 * @rules: (nullable): NULL for the defaults
 * @since: UTC seconds; 0 for all time
 *
 * Returns: (transfer full) (element-type HyFraudFlag): the flags, by kind, then in time order
 */
GPtrArray *
hy_fraud_scan (HyDatabase          *db,
               const HyFraudRules  *rules,
               gint64               since,
               GError             **error)
{
  g_autoptr(GPtrArray) flags = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_fraud_flag_free);
  HyFraudRules defaults;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);

  if (rules == NULL)
    {
      hy_fraud_rules_init (&defaults);
      rules = &defaults;
    }
  if (rules->rapid_count < 2 || rules->rapid_minutes < 1 || rules->refund_days < 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("Rapid purchases need at least 2 purchases within at least 1 minute"));
      return NULL;
    }

  if (!scan_rapid (db, rules, since, flags, error) ||
      !scan_earn_then_refund (db, rules, since, flags, error) ||
      !scan_adjustments (db, rules, since, flags, error) ||
      !scan_shortfalls (db, since, flags, error))
    return NULL;

  return g_steal_pointer (&flags);
}
