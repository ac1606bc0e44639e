/* hy-check.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `huiyuan-cli check`: is the file sound, and does every figure we keep add up from the rows it
 * summarises?  The check only reads; it reports, it never repairs.
 */

#define G_LOG_DOMAIN "hy-check"

#include "config.h"

#include <glib/gi18n.h>
#include <stdarg.h>

#include "hy-check.h"
#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-member-stats-private.h"
#include "hy-time.h"

/* Beyond this, problems are counted but not listed one by one. */
#define MAX_DETAILS 200

typedef struct
{
  HyDatabase     *db;
  HyCheckFlags    flags;
  HyCheckReport  *report;
  HyProgressFunc  progress;
  gpointer        progress_data;
  GCancellable   *cancellable;
} Check;

static void
problem_free (gpointer data)
{
  HyCheckProblem *problem = data;

  g_free (problem->area);
  g_free (problem->message);
  g_free (problem);
}

void
hy_check_report_free (HyCheckReport *report)
{
  if (report == NULL)
    return;

  g_ptr_array_unref (report->problems);
  g_free (report);
}

G_GNUC_PRINTF (3, 4)
static void
add_problem (Check      *check,
             const char *area,
             const char *format,
             ...)
{
  HyCheckProblem *problem;
  va_list args;

  check->report->n_problems++;
  if (check->report->problems->len >= MAX_DETAILS)
    return;

  problem = g_new0 (HyCheckProblem, 1);
  problem->area = g_strdup (area);
  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (check->report->problems, problem);
}

/* Runs a query whose every row is one problem, described by its first column. */
static gboolean
report_rows (Check       *check,
             const char  *area,
             const char  *sql,
             GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (_hy_database_get_handle (check->db), sql, -1, &stmt, NULL);
  while (stmt != NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);

      if (text != NULL && g_str_equal (text, "ok"))
        continue;
      add_problem (check, area, "%s", text != NULL ? text : "?");
    }
  sqlite3_finalize (stmt);

  if (rc == SQLITE_DONE)
    return TRUE;

  _hy_database_set_error (check->db, rc, error, _("Could not check the database"));
  return FALSE;
}

static gboolean
check_integrity (Check   *check,
                 GError **error)
{
  const char *sql = (check->flags & HY_CHECK_FULL) != 0 ? "PRAGMA integrity_check (1000)"
                                                         : "PRAGMA quick_check (1000)";

  return report_rows (check, "integrity", sql, error);
}

static gboolean
check_foreign_keys (Check   *check,
                    GError **error)
{
  return report_rows (check, "foreign-keys",
                      "SELECT printf ('%s row %d points at a missing %s row', \"table\", rowid, parent)"
                      "  FROM pragma_foreign_key_check",
                      error);
}

static gboolean
check_merges (Check   *check,
              GError **error)
{
  return report_rows (check, "members",
                      "SELECT printf ('identity %s %s still belongs to merged member #%d', i.kind, i.value, m.id)"
                      "  FROM member_identities i JOIN members m ON m.id = i.member_id"
                      " WHERE m.merged_into IS NOT NULL",
                      error) &&
         report_rows (check, "members",
                      "SELECT printf ('transaction #%d still belongs to merged member #%d', t.id, t.member_id)"
                      "  FROM transactions t JOIN members m ON m.id = t.member_id"
                      " WHERE m.merged_into IS NOT NULL",
                      error) &&
         report_rows (check, "members",
                      "SELECT printf ('member #%d has no figures row', m.id)"
                      "  FROM members m LEFT JOIN member_stats s ON s.member_id = m.id"
                      " WHERE s.member_id IS NULL",
                      error);
}

static gboolean
check_refunds (Check   *check,
               GError **error)
{
  return report_rows (check, "transactions",
                      "SELECT printf ('sale #%d has %d.%02d more refunded than it was worth',"
                      "               s.id, (-s.net - r.total) / 100, (-s.net - r.total) % 100)"
                      "  FROM (SELECT refund_of, sum (net) AS total FROM transactions"
                      "         WHERE refund_of IS NOT NULL GROUP BY refund_of) r"
                      "  JOIN transactions s ON s.id = r.refund_of"
                      " WHERE s.net + r.total < 0",
                      error) &&
         report_rows (check, "transactions",
                      "SELECT printf ('refund #%d points at #%d, which is not a sale', r.id, s.id)"
                      "  FROM transactions r JOIN transactions s ON s.id = r.refund_of"
                      " WHERE s.kind <> 0",
                      error);
}

static gboolean
check_change_log (Check   *check,
                  GError **error)
{
  /* Every transaction is inserted together with its change-log row (entity 2, op 1). */
  return report_rows (check, "change-log",
                      "SELECT printf ('%d transactions but %d change-log entries for them', t.n, c.n)"
                      "  FROM (SELECT count(*) AS n FROM transactions) t,"
                      "       (SELECT count(*) AS n FROM change_log WHERE entity = 2 AND op = 1) c"
                      " WHERE t.n <> c.n",
                      error);
}

static void
describe_difference (Check               *check,
                     gint64               member_id,
                     const HyMemberStats *kept,
                     const HyMemberStats *computed)
{
  add_problem (check, "aggregates",
               "member #%" G_GINT64_FORMAT ": kept %" G_GINT64_FORMAT " purchases on %" G_GINT64_FORMAT
               " days, net %" G_GINT64_FORMAT "; the transactions say %" G_GINT64_FORMAT
               " purchases on %" G_GINT64_FORMAT " days, net %" G_GINT64_FORMAT,
               member_id, kept->purchase_count, kept->purchase_days, kept->net_spend,
               computed->purchase_count, computed->purchase_days, computed->net_spend);
}

/* Walks member_stats and the transactions, both in member order, and recomputes every member's
 * figures on the way: one pass over each table, no query per member. */
static gboolean
check_aggregates (Check   *check,
                  GError **error)
{
  static const char select_stats[] =
    "SELECT m.id, coalesce (s.first_purchase_at, 0), coalesce (s.last_purchase_at, 0),"
    "       coalesce (s.purchase_count, 0), coalesce (s.purchase_days, 0),"
    "       coalesce (s.refund_count, 0), coalesce (s.sales_total, 0),"
    "       coalesce (s.refund_total, 0), coalesce (s.net_spend, 0),"
    "       coalesce (s.quantity_total, 0), (SELECT count(*) FROM members)"
    "  FROM members m LEFT JOIN member_stats s ON s.member_id = m.id ORDER BY m.id";
  static const char select_transactions[] =
    "SELECT t.member_id, t.kind, t.occurred_at, t.net, coalesce (t.quantity, 0), "
    HY_SALE_IS_VOID_SQL
    "  FROM transactions t WHERE t.member_id IS NOT NULL ORDER BY t.member_id";
  sqlite3 *handle = _hy_database_get_handle (check->db);
  sqlite3_stmt *members = NULL;
  sqlite3_stmt *transactions = NULL;
  HyStatsAccumulator acc = { 0 };
  GTimeZone *tz = hy_database_get_time_zone (check->db);
  int rc_m, rc_t;
  gboolean ok = FALSE;

  if (sqlite3_prepare_v2 (handle, select_stats, -1, &members, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (handle, select_transactions, -1, &transactions, NULL) != SQLITE_OK)
    {
      _hy_database_set_error (check->db, sqlite3_errcode (handle), error, _("Could not check the figures"));
      goto out;
    }

  rc_t = sqlite3_step (transactions);
  while ((rc_m = sqlite3_step (members)) == SQLITE_ROW)
    {
      gint64 member_id = sqlite3_column_int64 (members, 0);
      HyMemberStats kept = {
        .first_purchase_at = sqlite3_column_int64 (members, 1),
        .last_purchase_at = sqlite3_column_int64 (members, 2),
        .purchase_count = sqlite3_column_int64 (members, 3),
        .purchase_days = sqlite3_column_int64 (members, 4),
        .refund_count = sqlite3_column_int64 (members, 5),
        .sales_total = sqlite3_column_int64 (members, 6),
        .refund_total = sqlite3_column_int64 (members, 7),
        .net_spend = sqlite3_column_int64 (members, 8),
        .quantity_total = sqlite3_column_double (members, 9),
      };

      _hy_stats_accumulator_init (&acc, tz);
      while (rc_t == SQLITE_ROW && sqlite3_column_int64 (transactions, 0) <= member_id)
        {
          if (sqlite3_column_int64 (transactions, 0) == member_id)
            _hy_stats_accumulator_add (&acc, sqlite3_column_int (transactions, 1),
                                       sqlite3_column_int64 (transactions, 2),
                                       sqlite3_column_int64 (transactions, 3),
                                       sqlite3_column_double (transactions, 4),
                                       sqlite3_column_int (transactions, 5));
          check->report->transactions_checked++;
          rc_t = sqlite3_step (transactions);
        }
      _hy_stats_accumulator_finish (&acc);

      if (!_hy_member_stats_equal (&kept, &acc.stats))
        describe_difference (check, member_id, &kept, &acc.stats);

      if (++check->report->members_checked % 8192 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (check->cancellable, error))
            goto out;
          if (check->progress != NULL)
            check->progress (check->report->members_checked, sqlite3_column_int64 (members, 10),
                             check->progress_data);
        }
    }

  if (rc_m != SQLITE_DONE || (rc_t != SQLITE_DONE && rc_t != SQLITE_ROW))
    {
      _hy_database_set_error (check->db, rc_m != SQLITE_DONE ? rc_m : rc_t, error,
                              _("Could not check the figures"));
      goto out;
    }
  if (rc_t == SQLITE_ROW)
    add_problem (check, "transactions", "transactions belong to member #%" G_GINT64_FORMAT ", who does not exist",
                 (gint64) sqlite3_column_int64 (transactions, 0));

  ok = TRUE;

out:
  _hy_stats_accumulator_clear (&acc);
  sqlite3_finalize (members);
  sqlite3_finalize (transactions);
  return ok;
}

/* Every balance must be the sum of its ledger, and every debit of points must name the lots it
 * took from, none of them giving more than it held. */
static gboolean
check_ledgers (Check   *check,
               GError **error)
{
  return report_rows (check, "ledgers",
                      "SELECT printf ('member #%d has %d points kept but the points ledger adds up to %d',"
                      "               b.member_id, b.points, coalesce (l.total, 0))"
                      "  FROM member_balances b LEFT JOIN (SELECT member_id, sum (points) AS total"
                      "                                     FROM points_ledger GROUP BY member_id) l"
                      "    ON l.member_id = b.member_id"
                      " WHERE b.points <> coalesce (l.total, 0)",
                      error) &&
         report_rows (check, "ledgers",
                      "SELECT printf ('member #%d has points entries but no kept balance', l.member_id)"
                      "  FROM (SELECT DISTINCT member_id FROM points_ledger) l"
                      " WHERE NOT EXISTS (SELECT 1 FROM member_balances b WHERE b.member_id = l.member_id)",
                      error) &&
         report_rows (check, "ledgers",
                      "SELECT printf ('member #%d has stored value %d + bonus %d kept but the ledger adds up to %d + %d',"
                      "               b.member_id, b.sv_principal, b.sv_bonus,"
                      "               coalesce (l.principal, 0), coalesce (l.bonus, 0))"
                      "  FROM member_balances b LEFT JOIN (SELECT member_id, sum (principal) AS principal,"
                      "                                           sum (bonus) AS bonus"
                      "                                     FROM stored_value_ledger GROUP BY member_id) l"
                      "    ON l.member_id = b.member_id"
                      " WHERE b.sv_principal <> coalesce (l.principal, 0) OR b.sv_bonus <> coalesce (l.bonus, 0)",
                      error) &&
         report_rows (check, "ledgers",
                      "SELECT printf ('member #%d has stored-value entries but no kept balance', l.member_id)"
                      "  FROM (SELECT DISTINCT member_id FROM stored_value_ledger) l"
                      " WHERE NOT EXISTS (SELECT 1 FROM member_balances b WHERE b.member_id = l.member_id)",
                      error) &&
         report_rows (check, "ledgers",
                      "SELECT printf ('points entry #%d takes %d points but its lots give %d',"
                      "               d.id, -d.points, coalesce ((SELECT sum (a.points) FROM points_allocations a"
                      "                                           WHERE a.debit_id = d.id), 0))"
                      "  FROM points_ledger d"
                      " WHERE d.points < 0"
                      "   AND -d.points <> coalesce ((SELECT sum (a.points) FROM points_allocations a"
                      "                               WHERE a.debit_id = d.id), 0)",
                      error) &&
         report_rows (check, "ledgers",
                      "SELECT printf ('points entry #%d gave %d points but only held %d', l.id, a.total, l.points)"
                      "  FROM (SELECT lot_id, sum (points) AS total FROM points_allocations GROUP BY lot_id) a"
                      "  JOIN points_ledger l ON l.id = a.lot_id"
                      " WHERE l.points < a.total OR l.points <= 0",
                      error) &&
         report_rows (check, "ledgers",
                      "SELECT printf ('reward redemption of entry #%d does not match a redemption of member #%d',"
                      "               x.entry_id, x.member_id)"
                      "  FROM reward_redemptions x LEFT JOIN points_ledger l ON l.id = x.entry_id"
                      " WHERE l.id IS NULL OR l.kind <> 2 OR l.member_id <> x.member_id"
                      "    OR -l.points <> (SELECT r.points FROM rewards r WHERE r.id = x.reward_id)",
                      error);
}

/* A coupon is redeemed exactly while an unrestored redemption names it; a checkout's coupon
 * saving is the sum of its redemptions; a merged member holds nothing. */
static gboolean
check_coupons (Check   *check,
               GError **error)
{
  return report_rows (check, "coupons",
                      "SELECT printf ('sale #%d took %d off with coupons but its redemptions add up to %d',"
                      "               c.transaction_id, c.coupon_saved, coalesce (r.total, 0))"
                      "  FROM checkouts c LEFT JOIN (SELECT transaction_id, sum (saving) AS total"
                      "                               FROM coupon_redemptions GROUP BY transaction_id) r"
                      "    ON r.transaction_id = c.transaction_id"
                      " WHERE c.coupon_saved <> coalesce (r.total, 0)",
                      error) &&
         report_rows (check, "coupons",
                      "SELECT printf ('coupon %s is %s but its redemptions say otherwise', c.code,"
                      "               CASE c.state WHEN 1 THEN 'redeemed' ELSE 'not redeemed' END)"
                      "  FROM coupons c"
                      " WHERE (c.state = 1 AND NOT EXISTS (SELECT 1 FROM coupon_redemptions r WHERE r.coupon_id = c.id"
                      "                                      AND r.restored_by IS NULL AND r.transaction_id = c.transaction_id))"
                      "    OR EXISTS (SELECT 1 FROM coupon_redemptions r WHERE r.coupon_id = c.id AND r.restored_by IS NULL"
                      "                  AND (c.state <> 1 OR r.transaction_id IS NOT c.transaction_id))",
                      error) &&
         report_rows (check, "coupons",
                      "SELECT printf ('coupon %s still belongs to merged member #%d', c.code, c.member_id)"
                      "  FROM coupons c JOIN members m ON m.id = c.member_id WHERE m.merged_into IS NOT NULL",
                      error) &&
         report_rows (check, "ledgers",
                      "SELECT printf ('merged member #%d still holds %d points and %d of stored value',"
                      "               b.member_id, b.points, b.sv_principal + b.sv_bonus)"
                      "  FROM member_balances b JOIN members m ON m.id = b.member_id"
                      " WHERE m.merged_into IS NOT NULL AND b.points + b.sv_principal + b.sv_bonus > 0",
                      error);
}

static gboolean (* const checks[]) (Check *, GError **) = {
  check_integrity,
  check_foreign_keys,
  check_merges,
  check_refunds,
  check_change_log,
  check_aggregates,
  check_ledgers,
  check_coupons,
};

/**
 * hy_database_check:
 * @report: (out): what was found; an empty problem list means all is well
 *
 * Returns: %TRUE when the check could run to the end (whatever it found); %FALSE with @error
 *   when it could not (damaged beyond reading, cancelled)
 */
gboolean
hy_database_check (HyDatabase      *db,
                   HyCheckFlags     flags,
                   HyCheckReport  **report,
                   HyProgressFunc   progress,
                   gpointer         progress_data,
                   GCancellable    *cancellable,
                   GError         **error)
{
  g_autoptr(HyCheckReport) result = g_new0 (HyCheckReport, 1);
  Check check = { db, flags, NULL, progress, progress_data, cancellable };

  g_return_val_if_fail (HY_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  result->problems = g_ptr_array_new_with_free_func (problem_free);
  check.report = result;

  /* One read transaction: every step sees the same state, even with a till writing. */
  if (!_hy_database_exec (db, "BEGIN", error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      if (!checks[i] (&check, error))
        {
          _hy_database_exec (db, "ROLLBACK", NULL);
          return FALSE;
        }

      /* A damaged file would only produce read errors in the steps after. */
      if (checks[i] == check_integrity && result->n_problems > 0)
        break;
    }

  _hy_database_exec (db, "ROLLBACK", NULL);
  *report = g_steal_pointer (&result);
  return TRUE;
}
