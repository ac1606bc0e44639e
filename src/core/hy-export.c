/* hy-export.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Members and transactions out to CSV, in the same columns the importer reads, so that an export
 * imported into an empty database gives back the same members, identities and transactions
 * (with their uids: it is the same data, not a copy of it).
 */

#define G_LOG_DOMAIN "hy-export"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "hy-csv-writer.h"
#include "hy-audit-log-private.h"
#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-export.h"
#include "hy-member.h"
#include "hy-time.h"
#include "hy-uuid.h"

typedef struct
{
  const char *name;      /* what the importer reads */
  const char *chinese;   /* what a Chinese spreadsheet user expects */
} Column;

static const Column member_columns[] = {
  { "uid", "会员UID" }, { "name", "姓名" }, { "phone", "手机号" }, { "card", "会员卡号" },
  { "wechat", "微信OpenID" }, { "email", "邮箱" }, { "external_id", "外部编号" },
  { "gender", "性别" }, { "birthday", "生日" }, { "joined_at", "注册时间" }, { "store", "所属门店" },
  { "channel", "渠道" }, { "tags", "标签" }, { "notes", "备注" },
  { "first_purchase_at", "首次消费时间" }, { "last_purchase_at", "最近消费时间" },
  { "purchase_count", "消费次数" }, { "net_spend", "累计消费金额" },
};

static const Column transaction_columns[] = {
  { "uid", "交易UID" }, { "order_no", "订单号" }, { "kind", "交易类型" }, { "occurred_at", "消费时间" },
  { "member_uid", "会员UID" }, { "phone", "手机号" }, { "store", "门店" }, { "gross", "应收金额" },
  { "discount", "优惠金额" }, { "amount", "实付金额" }, { "quantity", "数量" }, { "channel", "渠道" },
  { "payment", "支付方式" }, { "refund_of", "原交易UID" }, { "note", "备注" }, { "line", "行号" },
  { "sku", "商品编码" }, { "item_name", "商品名称" }, { "category", "品类" },
  { "item_quantity", "商品数量" }, { "unit_price", "单价" }, { "line_amount", "小计" },
};

static void
write_header (HyCsvWriter  *writer,
              const Column *columns,
              guint         n_columns,
              gboolean      chinese)
{
  for (guint i = 0; i < n_columns; i++)
    hy_csv_writer_number (writer, chinese ? columns[i].chinese : columns[i].name);
  hy_csv_writer_end_row (writer);
}

static void
write_uid (HyCsvWriter  *writer,
           sqlite3_stmt *stmt,
           int           column)
{
  char text[HY_UUID_STRING_LEN + 1];

  if (sqlite3_column_bytes (stmt, column) != 16)
    {
      hy_csv_writer_number (writer, NULL);
      return;
    }

  hy_uuid_to_string (sqlite3_column_blob (stmt, column), text);
  hy_csv_writer_number (writer, text);
}

static void
write_time (HyCsvWriter  *writer,
            GTimeZone    *tz,
            sqlite3_stmt *stmt,
            int           column)
{
  char text[HY_TIME_BUF_LEN];

  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    {
      hy_csv_writer_number (writer, NULL);
      return;
    }

  hy_time_format_buf (tz, sqlite3_column_int64 (stmt, column), text);
  hy_csv_writer_number (writer, text);
}

/* Quantities are written without a trailing ".000000". */
static void
write_quantity (HyCsvWriter  *writer,
                sqlite3_stmt *stmt,
                int           column)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    {
      hy_csv_writer_number (writer, NULL);
      return;
    }

  g_ascii_formatd (text, sizeof text, "%.10g", sqlite3_column_double (stmt, column));
  hy_csv_writer_number (writer, text);
}

/* "phone\t+8613800138000\ncard\t8000001" -> one ';'-separated cell per kind. */
static void
write_identities (HyCsvWriter *writer,
                  const char  *packed)
{
  GString *cells[HY_N_IDENTITY_KINDS] = { NULL };
  g_auto(GStrv) lines = g_strsplit (packed != NULL ? packed : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *tab = strchr (lines[i], '\t');
      HyIdentityKind kind;

      if (tab == NULL)
        continue;
      *tab = '\0';
      if (!hy_identity_kind_from_string (lines[i], &kind))
        continue;
      if (cells[kind] == NULL)
        cells[kind] = g_string_new (tab + 1);
      else
        g_string_append_printf (cells[kind], ";%s", tab + 1);
    }

  for (guint kind = 0; kind < HY_N_IDENTITY_KINDS; kind++)
    {
      /* Phones are stored normalised (+8613800138000): no formula guard needed. */
      if (kind == HY_IDENTITY_PHONE)
        hy_csv_writer_number (writer, cells[kind] != NULL ? cells[kind]->str : NULL);
      else
        hy_csv_writer_text (writer, cells[kind] != NULL ? cells[kind]->str : NULL);
      if (cells[kind] != NULL)
        g_string_free (cells[kind], TRUE);
    }
}

static void
write_member_row (HyCsvWriter  *writer,
                  GTimeZone    *tz,
                  sqlite3_stmt *stmt,
                  gboolean      chinese)
{
  static const char * const genders[2][3] = { { "", "female", "male" }, { "", "女", "男" } };
  int gender = CLAMP (sqlite3_column_int (stmt, 3), 0, 2);
  int year = sqlite3_column_int (stmt, 4);
  int month = sqlite3_column_int (stmt, 5);
  int day = sqlite3_column_int (stmt, 6);
  char birthday[16] = "";

  if (month != 0 && year != 0)
    g_snprintf (birthday, sizeof birthday, "%04d-%02d-%02d", year, month, day);
  else if (month != 0)
    g_snprintf (birthday, sizeof birthday, "--%02d-%02d", month, day);

  write_uid (writer, stmt, 1);
  hy_csv_writer_text (writer, _hy_column_text (stmt, 2));
  write_identities (writer, (const char *) sqlite3_column_text (stmt, 11));
  hy_csv_writer_number (writer, genders[chinese ? 1 : 0][gender]);
  hy_csv_writer_number (writer, birthday);
  write_time (writer, tz, stmt, 7);
  hy_csv_writer_text (writer, _hy_column_text (stmt, 8));
  hy_csv_writer_text (writer, _hy_column_text (stmt, 9));
  hy_csv_writer_text (writer, _hy_column_text (stmt, 12));
  hy_csv_writer_text (writer, _hy_column_text (stmt, 10));
  write_time (writer, tz, stmt, 13);
  write_time (writer, tz, stmt, 14);
  hy_csv_writer_int (writer, sqlite3_column_int64 (stmt, 15));
  hy_csv_writer_money (writer, sqlite3_column_int64 (stmt, 16));
  hy_csv_writer_end_row (writer);
}

static void
write_transaction_row (HyCsvWriter  *writer,
                       GTimeZone    *tz,
                       sqlite3_stmt *stmt,
                       gboolean      chinese)
{
  static const char * const kinds[2][2] = { { "sale", "refund" }, { "消费", "退款" } };
  gboolean has_item = sqlite3_column_type (stmt, 16) != SQLITE_NULL;

  write_uid (writer, stmt, 1);
  hy_csv_writer_text (writer, _hy_column_text (stmt, 2));
  hy_csv_writer_number (writer, kinds[chinese ? 1 : 0][sqlite3_column_int (stmt, 3) != 0]);
  write_time (writer, tz, stmt, 4);
  write_uid (writer, stmt, 5);
  hy_csv_writer_number (writer, (const char *) sqlite3_column_text (stmt, 6));
  hy_csv_writer_text (writer, _hy_column_text (stmt, 7));
  hy_csv_writer_money (writer, sqlite3_column_int64 (stmt, 8));
  hy_csv_writer_money (writer, sqlite3_column_int64 (stmt, 9));
  hy_csv_writer_money (writer, sqlite3_column_int64 (stmt, 10));
  write_quantity (writer, stmt, 11);
  hy_csv_writer_text (writer, _hy_column_text (stmt, 12));
  hy_csv_writer_text (writer, _hy_column_text (stmt, 13));
  write_uid (writer, stmt, 14);
  hy_csv_writer_text (writer, _hy_column_text (stmt, 15));
  if (has_item)
    {
      hy_csv_writer_int (writer, sqlite3_column_int64 (stmt, 16));
      hy_csv_writer_text (writer, _hy_column_text (stmt, 17));
      hy_csv_writer_text (writer, _hy_column_text (stmt, 18));
      hy_csv_writer_text (writer, _hy_column_text (stmt, 19));
      write_quantity (writer, stmt, 20);
      hy_csv_writer_money (writer, sqlite3_column_int64 (stmt, 21));
      hy_csv_writer_money (writer, sqlite3_column_int64 (stmt, 22));
    }
  else
    for (guint i = 0; i < 7; i++)
      hy_csv_writer_number (writer, NULL);
  hy_csv_writer_end_row (writer);
}

static const char select_members[] =
  "SELECT m.id, m.uid, m.name, m.gender, m.birth_year, m.birth_month, m.birth_day, m.joined_at,"
  "       s.code, m.channel, m.notes,"
  "       (SELECT group_concat (kind || char (9) || value, char (10))"
  "          FROM (SELECT kind, value FROM member_identities WHERE member_id = m.id ORDER BY id)),"
  "       (SELECT group_concat (tag, ';') FROM member_tags WHERE member_id = m.id),"
  "       st.first_purchase_at, st.last_purchase_at, coalesce (st.purchase_count, 0),"
  "       coalesce (st.net_spend, 0)"
  "  FROM members m"
  "  LEFT JOIN stores s ON s.id = m.home_store_id"
  "  LEFT JOIN member_stats st ON st.member_id = m.id"
  " WHERE m.merged_into IS NULL AND (?1 = 0 OR m.id IN (SELECT id FROM temp.export_members))"
  " ORDER BY m.id";

static const char select_transactions[] =
  "SELECT t.id, t.uid, t.order_no, t.kind, t.occurred_at, m.uid,"
  "       (SELECT value FROM member_identities"
  "         WHERE member_id = t.member_id AND kind = 'phone' ORDER BY id LIMIT 1),"
  "       s.code, t.gross, t.discount, t.net, t.quantity, t.channel,"
  "       (SELECT group_concat (printf ('%s:%d.%02d', method, amount / 100, amount % 100), ';')"
  "          FROM transaction_payments WHERE transaction_id = t.id),"
  "       (SELECT o.uid FROM transactions o WHERE o.id = t.refund_of), t.note,"
  "       i.line, i.sku, i.name, i.category, i.quantity, i.unit_price, i.amount"
  "  FROM transactions t"
  "  LEFT JOIN members m ON m.id = t.member_id"
  "  LEFT JOIN stores s ON s.id = t.store_id"
  "  LEFT JOIN transaction_items i ON i.transaction_id = t.id"
  " WHERE ?1 = 0 OR t.member_id IN (SELECT id FROM temp.export_members)"
  " ORDER BY t.id, i.line";

static gboolean
load_member_filter (HyDatabase  *db,
                    GArray      *member_ids,
                    GError     **error)
{
  sqlite3 *handle = _hy_database_get_handle (db);
  sqlite3_stmt *stmt = NULL;

  if (!_hy_database_exec (db,
                          "CREATE TEMP TABLE IF NOT EXISTS export_members (id INTEGER PRIMARY KEY);"
                          "DELETE FROM temp.export_members;",
                          error))
    return FALSE;
  if (member_ids == NULL)
    return TRUE;

  if (sqlite3_prepare_v2 (handle, "INSERT OR IGNORE INTO temp.export_members VALUES (?1)", -1, &stmt, NULL) != SQLITE_OK)
    {
      _hy_database_set_error (db, sqlite3_errcode (handle), error, _("Could not prepare the export"));
      return FALSE;
    }
  for (guint i = 0; i < member_ids->len; i++)
    {
      sqlite3_bind_int64 (stmt, 1, g_array_index (member_ids, gint64, i));
      sqlite3_step (stmt);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);

  return TRUE;
}

/* Member data leaving the store is a sensitive action: who exported what, and where to. */
static gboolean
audit_export (HyDatabase             *db,
              const char             *path,
              const HyExportOptions  *options,
              guint64                 rows,
              GError                **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *details = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, path);
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, (gint64) rows);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  details = json_to_string (root, FALSE);

  if (!hy_database_begin (db, error))
    return FALSE;
  if (!_hy_audit_append (db, "export", options->kind == HY_EXPORT_MEMBERS ? "members" : "transactions",
                         "", details, error))
    {
      hy_database_rollback (db);
      return FALSE;
    }
  return hy_database_commit (db, error);
}

/**
 * hy_export_run:
 * @out_rows: (out) (optional): how many data rows were written
 *
 * Writes members or transactions to @path as CSV.  The file appears under its name only once it
 * is complete.  Reads one consistent snapshot even while the app keeps selling.
 */
gboolean
hy_export_run (HyDatabase             *db,
               const char             *path,
               const HyExportOptions  *options,
               guint64                *out_rows,
               HyProgressFunc          progress,
               gpointer                progress_data,
               GCancellable           *cancellable,
               GError                **error)
{
  gboolean members = options->kind == HY_EXPORT_MEMBERS;
  GTimeZone *tz;
  HyCsvWriter *writer = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *handle;
  guint64 rows = 0;
  int rc;

  g_return_val_if_fail (HY_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  handle = _hy_database_get_handle (db);
  tz = hy_database_get_time_zone (db);

  if (!_hy_staff_require (db, HY_ACTION_EXPORT, error))
    return FALSE;
  if (!load_member_filter (db, options->member_ids, error) ||
      !_hy_database_exec (db, "BEGIN", error))
    return FALSE;

  if (sqlite3_prepare_v2 (handle, members ? select_members : select_transactions, -1, &stmt, NULL) != SQLITE_OK)
    {
      _hy_database_set_error (db, sqlite3_errcode (handle), error, _("Could not prepare the export"));
      goto failed;
    }
  sqlite3_bind_int (stmt, 1, options->member_ids != NULL);

  if (!(writer = hy_csv_writer_new (path, options->bom, error)))
    goto failed;

  if (members)
    write_header (writer, member_columns, G_N_ELEMENTS (member_columns), options->chinese_headers);
  else
    write_header (writer, transaction_columns, G_N_ELEMENTS (transaction_columns), options->chinese_headers);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (members)
        write_member_row (writer, tz, stmt, options->chinese_headers);
      else
        write_transaction_row (writer, tz, stmt, options->chinese_headers);

      if (++rows % 16384 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto failed;
          if (progress != NULL)
            progress (rows, 0, progress_data);
        }
    }

  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not read the data to export"));
      goto failed;
    }

  sqlite3_finalize (stmt);
  _hy_database_exec (db, "ROLLBACK", NULL);
  if (!hy_csv_writer_finish (writer, error) || !audit_export (db, path, options, rows, error))
    return FALSE;

  if (out_rows != NULL)
    *out_rows = rows;
  return TRUE;

failed:
  if (writer != NULL)
    hy_csv_writer_abandon (writer);
  sqlite3_finalize (stmt);
  _hy_database_exec (db, "ROLLBACK", NULL);
  return FALSE;
}
