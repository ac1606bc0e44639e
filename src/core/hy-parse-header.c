/* hy-parse-header.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The dictionary that maps the column headers of member and sales exports (Excel templates,
 * 有赞, 微盟, 客如云, 美团, POS systems, English tools) to Huiyuan's import fields. */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hy-parse.h"
#include "hy-parse-private.h"

static const HyParseField fields[] = {
  { "phone", N_("Mobile phone number; identifies the member") },
  { "name", N_("Member or customer name") },
  { "card", N_("Membership card number; identifies the member") },
  { "wechat", N_("WeChat OpenID or WeChat ID; identifies the member") },
  { "email", N_("Email address; identifies the member") },
  { "external_id", N_("Member or customer number in the system the file comes from") },
  { "gender", N_("Gender: 男/女, M/F, male/female") },
  { "birthday", N_("Birthday, with or without the year") },
  { "joined_at", N_("When the member joined or the card was opened") },
  { "store", N_("Store the member belongs to, or where the sale was made") },
  { "channel", N_("Where the member or sale came from (channel, source)") },
  { "tags", N_("Tags, separated by commas, semicolons or spaces") },
  { "notes", N_("Free-text notes") },
  { "occurred_at", N_("Date and time of the purchase") },
  { "amount", N_("Amount paid, after discounts") },
  { "gross", N_("Amount before discounts") },
  { "discount", N_("Discount given") },
  { "quantity", N_("Number of items") },
  { "sku", N_("Product code or barcode") },
  { "item_name", N_("Product name") },
  { "category", N_("Product category") },
  { "unit_price", N_("Price of one item") },
  { "order_no", N_("Order, receipt or transaction number; makes re-imports idempotent") },
  { "payment", N_("Payment method") },
  { "refund_of", N_("For a refund, the number (or uid) of the original order") },
  { "uid", N_("Huiyuan’s own id of the row, as exported; keeps a re-import from duplicating it") },
  { "member_uid", N_("Huiyuan’s own id of the member, as exported") },
  { "kind", N_("Sale or refund: 消费/退款, sale/refund (a negative amount is a refund too)") },
  { "line", N_("Line number of the item within its order") },
  { "item_quantity", N_("Quantity of the item on this line") },
  { "line_amount", N_("Total of this item line") },
};

/* Header texts, compared after normalize(): case, spaces, underscores, hyphens, dots and
 * anything in brackets do not matter. */
static const struct
{
  const char *field;
  const char *aliases;
} aliases[] = {
  { "phone", "手机号|手机|电话|手机号码|联系电话|联系方式|电话号码|移动电话|会员手机|会员手机号|"
             "会员电话|客户手机|客户电话|顾客手机|绑定手机|mobile|phone|tel|telephone|"
             "phone_number|phone_no|mobile_phone|mobile_number|mobile_no|cellphone|cell|"
             "contact_phone" },
  { "name", "姓名|会员姓名|名字|客户名称|客户姓名|会员名称|会员名|顾客姓名|顾客名称|真实姓名|"
            "联系人|name|customer_name|member_name|full_name" },
  { "card", "会员卡号|卡号|会员卡|实体卡号|卡号码|储值卡号|card|card_no|card_number|"
            "membership_card|member_card|membership_no|card_id" },
  { "wechat", "微信openid|openid|微信号|微信|微信id|wechat|wechat_id|weixin|wx_openid|"
              "wechat_openid" },
  { "email", "邮箱|电子邮箱|电子邮件|邮件|邮箱地址|email|mail|email_address" },
  { "external_id", "会员编号|会员id|客户编号|客户id|会员号|顾客编号|顾客id|用户id|编号|外部编号|"
                   "customer_id|member_id|external_id|id|user_id|customer_no|member_no|"
                   "client_id|customer_number|member_number" },
  { "gender", "性别|gender|sex" },
  { "birthday", "生日|出生日期|出生年月|会员生日|生日日期|birthday|dob|date_of_birth|birth_date|"
                "birth" },
  { "joined_at", "注册时间|开卡时间|入会时间|加入日期|注册日期|开卡日期|入会日期|加入时间|"
                 "成为会员时间|办卡时间|办卡日期|joined|join_date|joined_at|joined_on|created_at|"
                 "registered_at|registration_date|signup_date|member_since|date_joined" },
  { "store", "门店|所属门店|开卡门店|门店名称|店铺|店铺名称|归属门店|消费门店|交易门店|下单门店|"
             "store|shop|store_name|shop_name|branch|outlet|location" },
  { "channel", "渠道|来源|注册渠道|会员来源|客户来源|来源渠道|注册来源|销售渠道|channel|source|"
               "referral_source" },
  { "tags", "标签|会员标签|客户标签|tags|tag|labels|label" },
  { "notes", "备注|说明|会员备注|客户备注|备注信息|订单备注|notes|note|remark|remarks|comment|"
             "comments|memo" },
  { "occurred_at", "消费时间|交易时间|下单时间|日期|时间|消费日期|交易日期|下单日期|支付时间|"
                   "付款时间|订单时间|结账时间|date|time|datetime|order_time|order_date|"
                   "transaction_date|transaction_time|purchase_date|purchase_time|paid_at|"
                   "occurred_at|timestamp" },
  { "amount", "消费金额|实付金额|金额|实收金额|支付金额|实付|实收|实付款|付款金额|交易金额|"
              "实际支付|实付款金额|amount|dollar_value|total|paid|amount_paid|paid_amount|"
              "net_amount|payment_amount|net|sales|revenue|spend" },
  { "gross", "应收金额|原价|订单金额|应付金额|商品总价|订单总额|原价金额|应收|gross|subtotal|"
             "gross_amount|original_price|order_amount|list_price" },
  { "discount", "优惠金额|折扣金额|优惠|折扣|减免金额|优惠总额|discount|discount_amount|"
                "discounts" },
  { "quantity", "数量|件数|购买数量|销售数量|quantity|qty|number_of_cds|count|num|"
                "units" },
  { "sku", "商品编码|商品条码|条码|条形码|商品编号|货号|商品货号|sku|item_code|barcode|"
           "product_code|product_id|item_id|sku_code|upc|ean" },
  { "item_name", "商品名称|商品|品名|商品名|菜品名称|菜品|项目|服务项目|item|product|item_name|"
                 "product_name|goods_name|goods" },
  { "category", "品类|类别|商品分类|分类|商品类别|类目|商品类目|category|product_category|"
                "item_category" },
  { "unit_price", "单价|销售单价|商品单价|零售价|售价|unit_price|price|item_price" },
  { "order_no", "订单号|单号|流水号|订单编号|交易单号|小票号|交易流水号|订单id|交易号|"
                "order_no|order_id|order_number|receipt_no|receipt_number|receipt|"
                "transaction_id|transaction_no|invoice_no|invoice_number" },
  { "payment", "支付方式|付款方式|结算方式|支付类型|支付渠道|payment|pay_method|payment_method|"
               "pay_type|payment_type|tender" },
  { "uid", "uid|交易uid|记录uid" },
  { "member_uid", "member_uid|会员uid" },
  { "kind", "kind|type|transaction_type|交易类型|类型|单据类型|订单类型" },
  { "line", "line|line_no|行号|明细行号" },
  { "item_quantity", "item_quantity|line_quantity|商品数量|明细数量" },
  { "line_amount", "line_amount|line_total|小计|商品小计|明细金额|商品金额" },
  { "refund_of", "原单号|退款原单|原订单号|退款原单号|原交易单号|原订单编号|原交易uid|refund_of|"
                 "original_order|original_order_no|original_order_id|refunded_order" },
};

/* Removes what varies between exports of the same column: case, full-width letters, spaces,
 * punctuation used as separators, a leading * for required columns, and bracketed remarks such
 * as (元), （必填）or 【手机】.  With keep_bracketed, only the brackets themselves go. */
static char *
normalize (const char *header,
           gboolean    keep_bracketed)
{
  static const char *opening[] = { "(", "[", "{", "<", "【", "《", "「", "〔" };
  static const char *closing[] = { ")", "]", "}", ">", "】", "》", "」", "〕" };
  char buf[256];
  const char *p = _hy_parse_fold (header, buf, sizeof buf);
  GString *out;
  int depth = 0;

  if (p == NULL)
    return NULL;

  out = g_string_new (NULL);
  while (*p != '\0')
    {
      gboolean bracket = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (opening) && !bracket; i++)
        {
          if (_hy_parse_eat (&p, opening[i]))
            {
              depth++;
              bracket = TRUE;
            }
          else if (_hy_parse_eat (&p, closing[i]))
            {
              depth = MAX (depth - 1, 0);
              bracket = TRUE;
            }
        }
      if (bracket)
        continue;

      if (depth > 0 && !keep_bracketed)
        p = g_utf8_next_char (p);
      else if (strchr (" _-.*:#/'\"", *p) != NULL)
        p++;
      else if (_hy_parse_eat (&p, "·") || _hy_parse_eat (&p, "、"))
        ;
      else
        {
          const char *next = g_utf8_next_char (p);

          if (next - p == 1)
            g_string_append_c (out, g_ascii_tolower (*p));
          else
            g_string_append_len (out, p, next - p);
          p = next;
        }
    }

  return g_string_free (out, FALSE);
}

static GHashTable *
get_dictionary (void)
{
  static GHashTable *dictionary;

  if (g_once_init_enter (&dictionary))
    {
      GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
        {
          g_auto(GStrv) names = g_strsplit (aliases[i].aliases, "|", -1);

          for (guint j = 0; names[j] != NULL; j++)
            {
              char *key = normalize (names[j], FALSE);

              g_assert (key != NULL && *key != '\0');
              if (!g_hash_table_insert (table, key, (gpointer) aliases[i].field))
                g_error ("Header alias “%s” is listed twice", names[j]);
            }
        }
      g_once_init_leave (&dictionary, table);
    }

  return dictionary;
}

/**
 * hy_parse_header_field:
 * @header: a column header from an import file
 *
 * Maps a header in English or Chinese to a canonical import field, ignoring case, spaces,
 * underscores, a byte order mark, a leading * and remarks in brackets: "手机号（必填）",
 * "Phone Number", "*会员卡号" and "消费金额(元)" all resolve.  A bare "id" is external_id.
 *
 * Returns: (nullable): a field name from hy_parse_get_fields(), or %NULL for an unknown header
 */
const char *
hy_parse_header_field (const char *header)
{
  GHashTable *dictionary;
  const char *field = NULL;

  g_return_val_if_fail (header != NULL, NULL);

  dictionary = get_dictionary ();
  for (guint pass = 0; pass < 2 && field == NULL; pass++)
    {
      g_autofree char *key = normalize (header, pass == 1);

      if (key != NULL && *key != '\0')
        field = g_hash_table_lookup (dictionary, key);
    }
  return field;
}

/**
 * hy_parse_get_fields:
 * @n_fields: (out): the number of fields
 *
 * Returns: (array length=n_fields): every canonical import field with a one-line description,
 *   in the order a help text should list them; the descriptions are untranslated
 */
const HyParseField *
hy_parse_get_fields (guint *n_fields)
{
  g_return_val_if_fail (n_fields != NULL, NULL);

  *n_fields = G_N_ELEMENTS (fields);
  return fields;
}
