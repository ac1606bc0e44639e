/* hy-refund.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Refunds, full or partial, by amount or by line.  A refund is its own transaction row with
 * negative amounts linked to its sale; the order discount is given back in proportion, and the
 * last refund of a sale takes exactly what is left, so that a sale refunded in several steps adds
 * up to the cent.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-loyalty-private.h"
#include "hy-member-stats-private.h"
#include "hy-purchase-store-private.h"
#include "hy-time.h"

typedef struct
{
  guint  line;
  double quantity;
  gint64 amount;
  double refunded_quantity;
  gint64 refunded_amount;
  char  *sku;
  char  *name;
  char  *category;
  gint64 unit_price;
} SaleLine;

static void
sale_line_clear (gpointer data)
{
  SaleLine *line = data;

  g_free (line->sku);
  g_free (line->name);
  g_free (line->category);
}

static GArray *
load_sale_lines (HyDatabase  *db,
                 gint64       sale_id,
                 GError     **error)
{
  static const char select_lines[] =
    "SELECT i.line, i.quantity, i.amount, i.sku, i.name, i.category, i.unit_price,"
    "       (SELECT -total (ri.quantity) FROM transaction_items ri JOIN transactions r"
    "          ON r.id = ri.transaction_id WHERE r.refund_of = i.transaction_id AND ri.line = i.line),"
    "       (SELECT -total (ri.amount) FROM transaction_items ri JOIN transactions r"
    "          ON r.id = ri.transaction_id WHERE r.refund_of = i.transaction_id AND ri.line = i.line)"
    "  FROM transaction_items i WHERE i.transaction_id = ?1 ORDER BY i.line";
  g_autoptr(GArray) lines = g_array_new (FALSE, TRUE, sizeof (SaleLine));
  sqlite3_stmt *stmt;
  int rc;

  g_array_set_clear_func (lines, sale_line_clear);

  if (!(stmt = _hy_database_prepare (db, select_lines, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, sale_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SaleLine line = {
        .line = sqlite3_column_int (stmt, 0),
        .quantity = sqlite3_column_double (stmt, 1),
        .amount = sqlite3_column_int64 (stmt, 2),
        .sku = g_strdup (_hy_column_text (stmt, 3)),
        .name = g_strdup (_hy_column_text (stmt, 4)),
        .category = g_strdup (_hy_column_text (stmt, 5)),
        .unit_price = sqlite3_column_int64 (stmt, 6),
        .refunded_quantity = sqlite3_column_double (stmt, 7),
        .refunded_amount = (gint64) llround (sqlite3_column_double (stmt, 8)),
      };

      g_array_append_val (lines, line);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not read the sale’s items"));
      return NULL;
    }

  return g_steal_pointer (&lines);
}

static SaleLine *
find_line (GArray *lines,
           guint   number)
{
  for (guint i = 0; i < lines->len; i++)
    if (g_array_index (lines, SaleLine, i).line == number)
      return &g_array_index (lines, SaleLine, i);

  return NULL;
}

/* Works out the gross of a refund by lines, and the refund's own item rows. */
static gboolean
price_refund_lines (const HyRefund  *refund,
                    GArray          *lines,
                    GArray          *out_items,
                    GArray          *out_numbers,
                    gint64          *out_gross,
                    double          *out_quantity,
                    GError         **error)
{
  *out_gross = 0;
  *out_quantity = 0;

  for (guint i = 0; i < refund->n_lines; i++)
    {
      const HyRefundLine *wanted = &refund->lines[i];
      SaleLine *line = find_line (lines, wanted->line);
      double left;
      HyLineItem item;
      gint64 amount;

      if (line == NULL)
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("The sale has no line %u"), wanted->line);
          return FALSE;
        }

      left = line->quantity - line->refunded_quantity;
      if (!(wanted->quantity > 0) || wanted->quantity > left + 1e-9)
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("Line %u: %g can come back at most, not %g"),
                       wanted->line, left, wanted->quantity);
          return FALSE;
        }

      /* The last units of a line take exactly what is left of its amount. */
      if (fabs (wanted->quantity - left) < 1e-9)
        amount = line->amount - line->refunded_amount;
      else
        amount = hy_money_mul_div (line->amount, llround (wanted->quantity * 1000),
                                   llround (line->quantity * 1000));

      line->refunded_quantity += wanted->quantity;
      line->refunded_amount += amount;

      item = (HyLineItem) {
        .sku = line->sku, .name = line->name, .category = line->category,
        .quantity = -wanted->quantity, .unit_price = line->unit_price, .amount = -amount,
      };
      g_array_append_val (out_items, item);
      g_array_append_val (out_numbers, line->line);
      *out_gross += amount;
      *out_quantity += wanted->quantity;
    }

  return TRUE;
}

static gint64
refunded_discount (HyDatabase *db,
                   gint64      sale_id)
{
  static const char select_discount[] =
    "SELECT -coalesce (sum (discount), 0) FROM transactions WHERE refund_of = ?1";
  sqlite3_stmt *stmt = _hy_database_prepare (db, select_discount, NULL);
  gint64 discount = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, sale_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    discount = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return discount;
}

static gint64
write_refund (HyDatabase      *db,
              const HyRefund  *refund,
              gboolean        *out_replayed,
              GError         **error)
{
  static const char select_sale[] =
    "SELECT t.kind, coalesce (t.member_id, 0), coalesce (t.store_id, 0), t.occurred_at, t.gross,"
    "       t.discount, t.net, coalesce (t.quantity, 0), t.channel,"
    "       (SELECT coalesce (sum (r.net), 0) FROM transactions r WHERE r.refund_of = t.id),"
    "       (SELECT coalesce (sum (r.quantity), 0) FROM transactions r WHERE r.refund_of = t.id)"
    "  FROM transactions t WHERE t.id = ?1";
  g_autoptr(GArray) items = g_array_new (FALSE, TRUE, sizeof (HyLineItem));
  g_autoptr(GArray) numbers = g_array_new (FALSE, TRUE, sizeof (guint));
  g_autoptr(GArray) lines = NULL;
  g_autofree char *channel = NULL;
  HyTransactionRow row = { 0 };
  gint64 sale_at, sale_gross, sale_discount, sale_net, remaining, net, discount, id;
  double sale_quantity, refunded_quantity;
  sqlite3_stmt *stmt;
  int rc;

  row.kind = HY_TRANSACTION_REFUND;
  row.refund_of = refund->sale_id;
  row.note = refund->reason;
  row.occurred_at = refund->occurred_at != 0 ? refund->occurred_at : hy_time_now ();
  if (refund->idempotency_key != NULL)
    row.idem = hy_idempotency_hash ("refund", refund->idempotency_key, -1);

  if (row.idem != 0 && (id = _hy_transaction_find_idem (db, row.idem)) != 0)
    {
      *out_replayed = TRUE;
      return id;
    }

  if (!(stmt = _hy_database_prepare (db, select_sale, error)))
    return -1;
  sqlite3_bind_int64 (stmt, 1, refund->sale_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW || sqlite3_column_int (stmt, 0) != HY_TRANSACTION_SALE)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_ROW)
        g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                     _("Transaction #%lld is a refund; refund its sale instead"),
                     (long long) refund->sale_id);
      else if (rc == SQLITE_DONE)
        g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND,
                     _("There is no sale #%lld"), (long long) refund->sale_id);
      else
        _hy_database_set_error (db, rc, error, _("Could not read the sale"));
      return -1;
    }
  row.member_id = sqlite3_column_int64 (stmt, 1);
  row.store_id = sqlite3_column_int64 (stmt, 2);
  sale_at = sqlite3_column_int64 (stmt, 3);
  sale_gross = sqlite3_column_int64 (stmt, 4);
  sale_discount = sqlite3_column_int64 (stmt, 5);
  sale_net = sqlite3_column_int64 (stmt, 6);
  sale_quantity = sqlite3_column_double (stmt, 7);
  channel = g_strdup (_hy_column_text (stmt, 8));
  remaining = sale_net + sqlite3_column_int64 (stmt, 9);
  refunded_quantity = -sqlite3_column_double (stmt, 10);
  sqlite3_reset (stmt);
  row.channel = channel;

  if (remaining <= 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_CONFLICT,
                   _("Sale #%lld has already been refunded in full"), (long long) refund->sale_id);
      return -1;
    }
  if (row.occurred_at < sale_at)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("A refund cannot happen before its sale"));
      return -1;
    }

  if (refund->n_lines > 0)
    {
      gint64 gross;

      if (!(lines = load_sale_lines (db, refund->sale_id, error)) ||
          !price_refund_lines (refund, lines, items, numbers, &gross, &row.quantity, error))
        return -1;

      /* The order discount comes back in proportion to the gross returned. */
      discount = sale_gross > 0 ? hy_money_mul_div (sale_discount, gross, sale_gross) : 0;
      net = gross - discount;
      if (refund->amount != 0 && refund->amount != net)
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("The lines come to %lld but the refund says %lld (in cents)"),
                       (long long) net, (long long) refund->amount);
          return -1;
        }
      row.has_quantity = TRUE;
    }
  else
    {
      net = refund->amount != 0 ? refund->amount : remaining;
      if (net < 0)
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("Give the refund as a positive amount"));
          return -1;
        }
      discount = sale_net > 0 ? hy_money_mul_div (sale_discount, net, sale_net) : 0;
      if (net == remaining)
        {
          /* All that is left comes back: exactly what is left of the discount and units too. */
          discount = sale_discount - refunded_discount (db, refund->sale_id);
          row.quantity = sale_quantity - refunded_quantity;
          row.has_quantity = row.quantity != 0;
        }
    }

  if (net > remaining)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("Only %lld.%02lld of sale #%lld can still be refunded"),
                   (long long) (remaining / 100), (long long) (remaining % 100), (long long) refund->sale_id);
      return -1;
    }

  row.gross = -(net + discount);
  row.discount = -discount;
  row.quantity = -row.quantity;

  id = _hy_transaction_insert (db, &row, error);
  if (id <= 0)
    return -1;

  for (guint i = 0; i < items->len; i++)
    if (!_hy_transaction_insert_item (db, id, g_array_index (numbers, guint, i),
                                      &g_array_index (items, HyLineItem, i), error))
      return -1;

  if (row.member_id != 0 && !_hy_member_stats_recompute (db, row.member_id, error))
    return -1;

  /* The refund of all that was left of a first sale may take back its referral reward. */
  if (net == remaining && !_hy_points_claw_back_referral (db, refund->sale_id, id, row.occurred_at, error))
    return -1;

  return id;
}

/**
 * hy_purchase_store_refund:
 * @refund: what comes back; see #HyRefund
 * @out_replayed: (out) (optional): %TRUE when the idempotency key was seen before
 *
 * Records a refund against a sale and updates the member's figures in one transaction.  A
 * refund can never exceed what is left of its sale.
 *
 * Returns: the refund's transaction id, or -1 with @error set (and nothing written)
 */
gint64
hy_purchase_store_refund (HyPurchaseStore  *self,
                          const HyRefund   *refund,
                          gboolean         *out_replayed,
                          GError          **error)
{
  HyDatabase *db;
  gboolean replayed = FALSE;
  gint64 id;

  g_return_val_if_fail (HY_IS_PURCHASE_STORE (self), -1);
  g_return_val_if_fail (refund != NULL, -1);

  db = _hy_purchase_store_get_database (self);
  if (!hy_database_begin (db, error))
    return -1;

  id = write_refund (db, refund, &replayed, error);
  if (id < 0)
    {
      hy_database_rollback (db);
      return -1;
    }

  if (!hy_database_commit (db, error))
    return -1;

  if (out_replayed != NULL)
    *out_replayed = replayed;
  return id;
}
