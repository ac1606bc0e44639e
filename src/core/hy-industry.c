/* hy-industry.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What differs between a beauty salon, a supermarket, a gym and a bakery: what they sell, how
 * often members come and what they spend.  The demo data draws from these; the warning presets
 * of the analytics build on the same industries.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-industry.h"

static const HyCatalogItem general_catalog[] = {
  { "G001", "商品A", "日用", 2990 },
  { "G002", "商品B", "日用", 5990 },
  { "G003", "商品C", "食品", 1590 },
  { "G004", "商品D", "食品", 890 },
  { "G005", "服务A", "服务", 9900 },
  { "G006", "礼品卡", "礼品", 20000 },
};

static const HyCatalogItem beauty_catalog[] = {
  { "B101", "深层清洁面部护理", "面部护理", 28800 },
  { "B102", "补水保湿护理", "面部护理", 19800 },
  { "B103", "光子嫩肤", "面部护理", 68000 },
  { "B201", "肩颈舒缓按摩", "身体护理", 16800 },
  { "B202", "精油全身SPA", "身体护理", 39800 },
  { "B301", "基础美甲", "美甲", 8800 },
  { "B302", "法式美甲", "美甲", 15800 },
  { "B401", "洗剪吹", "美发", 6800 },
  { "B402", "烫染套餐", "美发", 38800 },
  { "B501", "玫瑰精油 30ml", "护肤品", 25800 },
  { "B502", "修护面膜 5片", "护肤品", 12800 },
  { "B503", "防晒乳 50ml", "护肤品", 16800 },
};

static const HyCatalogItem supermarket_catalog[] = {
  { "S1001", "有机蔬菜组合", "生鲜", 1880 },
  { "S1002", "精品苹果 1kg", "生鲜", 1590 },
  { "S1003", "鲜猪肉 500g", "生鲜", 2290 },
  { "S2001", "东北大米 5kg", "粮油", 4990 },
  { "S2002", "花生油 5L", "粮油", 8990 },
  { "S3001", "纯牛奶 250ml×12", "乳品", 5490 },
  { "S3002", "酸奶 4连包", "乳品", 1290 },
  { "S4001", "洗衣液 2kg", "日用品", 3990 },
  { "S4002", "抽纸 10包", "日用品", 2590 },
  { "S5001", "薯片", "零食", 790 },
  { "S5002", "坚果礼盒", "零食", 8800 },
  { "S6001", "矿泉水 24瓶", "饮料", 2990 },
  { "S7001", "婴儿奶粉 800g", "母婴", 26800 },
  { "S7002", "纸尿裤 L码", "母婴", 12900 },
};

static const HyCatalogItem gym_catalog[] = {
  { "F101", "月卡", "会籍", 39900 },
  { "F102", "季卡", "会籍", 99900 },
  { "F103", "年卡", "会籍", 299900 },
  { "F201", "私教课 1节", "私教", 30000 },
  { "F202", "私教课 10节", "私教", 268000 },
  { "F301", "瑜伽团课", "团课", 8800 },
  { "F302", "单车团课", "团课", 6800 },
  { "F401", "蛋白粉", "补剂", 32800 },
  { "F402", "运动饮料", "补剂", 800 },
  { "F501", "运动毛巾", "装备", 4900 },
};

static const HyCatalogItem bakery_catalog[] = {
  { "K101", "法式可颂", "面包", 1200 },
  { "K102", "全麦吐司", "面包", 1800 },
  { "K103", "肉松面包", "面包", 900 },
  { "K201", "6寸生日蛋糕", "蛋糕", 16800 },
  { "K202", "8寸水果蛋糕", "蛋糕", 26800 },
  { "K301", "提拉米苏", "甜点", 2800 },
  { "K302", "蛋挞 4只", "甜点", 1600 },
  { "K401", "美式咖啡", "饮品", 1500 },
  { "K402", "鲜榨橙汁", "饮品", 1800 },
  { "K501", "中秋月饼礼盒", "节日礼盒", 19800 },
};

static const char * const general_tags[] = { "老客户", "团购", "线上", NULL };
static const char * const beauty_tags[] = { "敏感肌", "油性皮肤", "干性皮肤", "团购客", "老带新", "高端护理", NULL };
static const char * const supermarket_tags[] = { "母婴家庭", "银发", "宠物主", "健康饮食", "促销敏感", NULL };
static const char * const gym_tags[] = { "增肌", "减脂", "瑜伽", "康复", "夜跑", NULL };
static const char * const bakery_tags[] = { "下午茶", "生日蛋糕客", "早餐", "无糖偏好", NULL };

static const char * const general_branches[] = { "二店", "三店", NULL };
static const char * const beauty_branches[] = { "万象城店", "滨江店", "高新店", NULL };
static const char * const supermarket_branches[] = { "城东店", "城西店", "南湖店", "北站店", NULL };
static const char * const gym_branches[] = { "科技园店", "体育中心店", NULL };
static const char * const bakery_branches[] = { "地铁站店", "大学城店", "老街店", NULL };

static const HyIndustryInfo industries[HY_N_INDUSTRIES] = {
  [HY_INDUSTRY_GENERAL] = {
    "general", N_("General retail"), "示例门店",
    12, 120, 0.5,
    general_catalog, G_N_ELEMENTS (general_catalog), general_tags, general_branches,
  },
  [HY_INDUSTRY_BEAUTY] = {
    "beauty", N_("Beauty salon"), "丽人美容",
    10, 320, 0.88,
    beauty_catalog, G_N_ELEMENTS (beauty_catalog), beauty_tags, beauty_branches,
  },
  [HY_INDUSTRY_SUPERMARKET] = {
    "supermarket", N_("Supermarket"), "惠民超市",
    40, 95, 0.62,
    supermarket_catalog, G_N_ELEMENTS (supermarket_catalog), supermarket_tags, supermarket_branches,
  },
  [HY_INDUSTRY_GYM] = {
    "gym", N_("Gym"), "动力健身",
    14, 450, 0.45,
    gym_catalog, G_N_ELEMENTS (gym_catalog), gym_tags, gym_branches,
  },
  [HY_INDUSTRY_BAKERY] = {
    "bakery", N_("Bakery"), "麦香烘焙",
    30, 45, 0.7,
    bakery_catalog, G_N_ELEMENTS (bakery_catalog), bakery_tags, bakery_branches,
  },
};

const HyIndustryInfo *
hy_industry_get_info (HyIndustry industry)
{
  g_return_val_if_fail (industry < HY_N_INDUSTRIES, &industries[HY_INDUSTRY_GENERAL]);

  return &industries[industry];
}

const char *
hy_industry_to_string (HyIndustry industry)
{
  return hy_industry_get_info (industry)->id;
}

gboolean
hy_industry_from_string (const char *text,
                         HyIndustry *out_industry)
{
  for (guint i = 0; i < HY_N_INDUSTRIES; i++)
    if (g_strcmp0 (text, industries[i].id) == 0)
      {
        *out_industry = i;
        return TRUE;
      }

  return FALSE;
}
