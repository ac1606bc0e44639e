/* hy-till.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The till: every checkout call runs in a thread on the till's own database connection, so a
 * busy database (an import, another process holding the write lock) never freezes the window.
 * The connection is opened on first use and used by one thread at a time; hy_till_reload()
 * makes the next piece of work open a fresh one, which reads settings such as the time zone
 * again.
 */

#define G_LOG_DOMAIN "hy-till"

#include "config.h"

#include <glib/gi18n.h>

#include "hy-member-store.h"
#include "hy-points-ledger.h"
#include "hy-stored-value-ledger.h"
#include "hy-tier-store.h"
#include "hy-till.h"

#define SALES_LIMIT 30

struct _HyTill
{
  GObject     parent_instance;

  GMutex      lock;        /* held while a thread uses the connection */
  char       *path;
  HyDatabase *db;          /* only touched with @lock held */
  gboolean    reload;
};

G_DEFINE_FINAL_TYPE (HyTill, hy_till, G_TYPE_OBJECT)

HyTillOp *
hy_till_op_new (HyTillOpKind kind)
{
  HyTillOp *op = g_new0 (HyTillOp, 1);

  op->kind = kind;
  op->lines = g_array_new (FALSE, TRUE, sizeof (HyTillLine));
  return op;
}

void
hy_till_op_add_line (HyTillOp   *op,
                     const char *sku,
                     const char *name,
                     const char *category,
                     double      quantity,
                     gint64      unit_price)
{
  HyTillLine line = {
    g_strdup (sku), g_strdup (name), g_strdup (category), quantity, unit_price,
  };

  g_array_append_val (op->lines, line);
}

void
hy_till_op_free (HyTillOp *op)
{
  if (op == NULL)
    return;

  for (guint i = 0; i < op->lines->len; i++)
    {
      HyTillLine *line = &g_array_index (op->lines, HyTillLine, i);

      g_free (line->sku);
      g_free (line->name);
      g_free (line->category);
    }
  g_array_unref (op->lines);
  g_free (op->identity);
  g_clear_pointer (&op->session, hy_staff_session_free);
  g_free (op->key);
  g_free (op->member_name);
  g_free (op->member_phone);
  g_free (op->tier_name);
  hy_checkout_quote_clear (&op->quote);
  hy_receipt_clear (&op->receipt);
  g_clear_pointer (&op->sales, g_ptr_array_unref);
  g_clear_pointer (&op->refundable, g_array_unref);
  g_free (op);
}

static void
hy_till_finalize (GObject *object)
{
  HyTill *self = HY_TILL (object);

  g_clear_object (&self->db);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (hy_till_parent_class)->finalize (object);
}

static void
hy_till_class_init (HyTillClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hy_till_finalize;
}

static void
hy_till_init (HyTill *self)
{
  g_mutex_init (&self->lock);
}

HyTill *
hy_till_new (const char *path)
{
  HyTill *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (HY_TYPE_TILL, NULL);
  self->path = g_strdup (path);
  return self;
}

void
hy_till_reload (HyTill *self)
{
  g_return_if_fail (HY_IS_TILL (self));

  g_mutex_lock (&self->lock);
  self->reload = TRUE;
  g_mutex_unlock (&self->lock);
}

/* A phone number first, then a card number; without either, the member by id. */
static gboolean
till_lookup (HyDatabase  *db,
             HyTillOp    *op,
             GError     **error)
{
  g_autoptr(HyMemberStore) members = hy_member_store_new (db);
  g_autoptr(HyPointsLedger) points = hy_points_ledger_new (db);
  g_autoptr(HyStoredValueLedger) wallet = hy_stored_value_ledger_new (db);
  g_autoptr(HyTierStore) tiers = hy_tier_store_new (db);
  g_autoptr(HyMember) member = NULL;
  g_autoptr(HyTier) tier = NULL;
  g_autoptr(GError) tier_error = NULL;
  HyPointsSummary summary;
  HyStoredValueBalance balance;
  gint64 id;

  if (op->identity == NULL)
    id = hy_member_store_resolve (members, op->member_id);
  else if ((id = hy_member_store_find (members, HY_IDENTITY_PHONE, op->identity, NULL)) <= 0)
    id = hy_member_store_find (members, HY_IDENTITY_CARD, op->identity, NULL);
  if (id <= 0 && op->identity == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no member #%lld"), (long long) op->member_id);
      return FALSE;
    }
  if (id <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("No member has the phone or card number “%s”"), op->identity);
      return FALSE;
    }

  if (!(member = hy_member_store_load (members, id, error)) ||
      !hy_points_ledger_get_summary (points, id, &summary, error) ||
      !hy_stored_value_ledger_get_balance (wallet, id, &balance, error))
    return FALSE;

  tier = hy_tier_store_get_member_tier (tiers, id, NULL, &tier_error);
  if (tier_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&tier_error));
      return FALSE;
    }

  op->member_id = hy_member_get_id (member);
  op->member_name = g_strdup (hy_member_get_name (member));
  op->member_phone = g_strdup (hy_member_get_phone (member));
  op->tier_name = tier != NULL ? g_strdup (tier->name) : NULL;
  op->points_available = summary.available;
  op->points_balance = summary.balance;
  op->stored_value_held = balance.total;
  return TRUE;
}

static void
till_request (HyTillOp          *op,
              HyCheckoutLine    *lines,
              HyCheckoutRequest *request)
{
  for (guint i = 0; i < op->lines->len; i++)
    {
      const HyTillLine *line = &g_array_index (op->lines, HyTillLine, i);

      lines[i] = (HyCheckoutLine) {
        .sku = line->sku, .name = line->name, .category = line->category,
        .quantity = line->quantity, .unit_price = line->unit_price,
      };
    }

  *request = (HyCheckoutRequest) {
    .member_id = op->member_id,
    .amount = op->lines->len == 0 ? op->amount : 0,
    .lines = lines,
    .n_lines = op->lines->len,
    .points = op->points,
    .stored_value = op->stored_value,
    .channel = "store",
    .idempotency_key = op->key,
  };
}

static gboolean
till_sales (HyDatabase  *db,
            HyTillOp    *op,
            GError     **error)
{
  g_autoptr(HyPurchaseStore) purchases = hy_purchase_store_new (db);
  g_autoptr(GPtrArray) rows = NULL;

  if (op->sale_id > 0)
    {
      HyTransaction *sale = hy_purchase_store_load (purchases, op->sale_id, error);

      if (sale == NULL)
        return FALSE;
      rows = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_transaction_free);
      g_ptr_array_add (rows, sale);
    }
  else if (!(rows = hy_purchase_store_list_for_member (purchases, op->member_id, SALES_LIMIT, error)))
    return FALSE;

  op->sales = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_transaction_free);
  op->refundable = g_array_new (FALSE, TRUE, sizeof (gint64));
  for (guint i = 0; i < rows->len; i++)
    {
      HyTransaction *t = rows->pdata[i];
      gint64 left;

      if (t->kind != HY_TRANSACTION_SALE)
        continue;
      if ((left = hy_purchase_store_get_refundable (purchases, t->id, error)) < 0)
        return FALSE;
      g_array_append_val (op->refundable, left);
      g_ptr_array_add (op->sales, g_ptr_array_steal_index (rows, i));
      i--;
    }
  return TRUE;
}

static gboolean
till_run_op (HyDatabase  *db,
             HyTillOp    *op,
             GError     **error)
{
  g_autoptr(HyCheckout) checkout = hy_checkout_new (db);
  g_autofree HyCheckoutLine *lines = g_new0 (HyCheckoutLine, op->lines->len + 1);
  HyCheckoutRequest request;
  HyCheckoutRefund refund;

  switch (op->kind)
    {
    case HY_TILL_LOOKUP:
      return till_lookup (db, op, error);

    case HY_TILL_QUOTE:
      till_request (op, lines, &request);
      return hy_checkout_quote (checkout, &request, &op->quote, error);

    case HY_TILL_CHECKOUT:
      till_request (op, lines, &request);
      return hy_checkout_run (checkout, &request, &op->receipt, error);

    case HY_TILL_SALES:
      return till_sales (db, op, error);

    case HY_TILL_REFUND:
      refund = (HyCheckoutRefund) {
        .sale_id = op->sale_id, .amount = op->refund_amount,
        .reason = _("Refunded at the till"), .idempotency_key = op->key,
      };
      return hy_checkout_refund (checkout, &refund, &op->refund, error);

    default:
      g_assert_not_reached ();
    }
}

static void
hy_till_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  HyTill *self = source_object;
  HyTillOp *op = task_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;
  gint64 start;

  g_mutex_lock (&self->lock);
  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    goto out;
  if (self->reload)
    g_clear_object (&self->db);
  self->reload = FALSE;
  if (self->db == NULL && !(self->db = hy_database_open (self->path, HY_DATABASE_OPEN_DEFAULT, &error)))
    goto out;

  /* The connection acts for whoever the window says works now (a clerk's refund needs a
   * manager's approval, which the session carries). */
  hy_staff_session_apply (op->session, self->db);
  start = g_get_monotonic_time ();
  ok = till_run_op (self->db, op, &error);
  op->elapsed_us = g_get_monotonic_time () - start;

out:
  g_mutex_unlock (&self->lock);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * hy_till_run_async:
 * @op: (transfer full): the work
 */
void
hy_till_run_async (HyTill              *self,
                   HyTillOp            *op,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HY_IS_TILL (self));
  g_return_if_fail (op != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hy_till_run_async);
  g_task_set_task_data (task, op, (GDestroyNotify) hy_till_op_free);
  g_task_run_in_thread (task, hy_till_worker);
}

/**
 * hy_till_run_finish:
 *
 * Returns: (transfer none): the work with its results, valid while @result is, or %NULL
 */
HyTillOp *
hy_till_run_finish (HyTill        *self,
                    GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  return g_task_get_task_data (G_TASK (result));
}
