/* test-ui-loyalty.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drives the loyalty parts of the app on the demo store under Xvfb: staff accounts and coupon
 * templates in Settings, the Coupons page (issuing to a member and to a saved segment, voiding
 * by code) and the Tiers & points page with its review, each checked against the core.
 * Saves a PNG of each step.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-coupon-store.h"
#include "hy-coupon-templates-group.h"
#include "hy-coupons-page.h"
#include "hy-lifecycle.h"
#include "hy-member-store.h"
#include "hy-money.h"
#include "hy-parse.h"
#include "hy-reward-store.h"
#include "hy-segment.h"
#include "hy-segments-group.h"
#include "hy-settings-page.h"
#include "hy-staff-group.h"
#include "hy-staff.h"
#include "hy-test-util.h"
#include "hy-tier-store.h"
#include "hy-tiers-page.h"
#include "hy-ui-test-util.h"

#define DEMO_MEMBERS 2000

/* The @n-th (from 0) widget of @type named @name under @root, in the order they are drawn. */
static GtkWidget *
find_nth_named (GtkWidget  *root,
                GType       type,
                const char *name,
                guint      *n)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && g_strcmp0 (gtk_widget_get_name (root), name) == 0 && (*n)-- == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_nth_named (child, type, name, n);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A widget of @type that the page named @name (rows by title are named so too). */
static GtkWidget *
find_named (GtkWidget  *root,
            GType       type,
            const char *name)
{
  guint first = 0;

  return find_nth_named (root, type, name, &first);
}

static void
set_text (GtkWidget  *root,
          const char *name,
          const char *text)
{
  GtkWidget *editable = find_named (root, GTK_TYPE_EDITABLE, name);

  g_assert_nonnull (editable);
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
  hy_ui_test_settle (20);
}

/* Scrolls the page holding @widget so that @widget starts at its top. */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content;
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;

  g_assert_nonnull (scrolled);
  hy_ui_test_settle (100);
  content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_assert_true (gtk_widget_compute_bounds (widget, content, &bounds));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + bounds.origin.y - 12);
  hy_ui_test_settle (100);
}

static gboolean
busy_done (gpointer data)
{
  gboolean busy = TRUE;

  g_object_get (data, "busy", &busy, NULL);
  return !busy;
}

static GtkWidget *
open_page (HyWindow   *window,
           const char *name,
           GType       type)
{
  GtkWidget *page;

  hy_window_show_page (window, name);
  page = hy_ui_test_find_widget (GTK_WIDGET (window), type, NULL);
  g_assert_nonnull (page);
  hy_ui_test_settle (50);
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (page), "busy") != NULL)
    hy_ui_test_wait_until (busy_done, page, name);
  return page;
}

static HyWindow *
open_demo (void)
{
  HyWindow *window = hy_ui_test_new_window ();

  hy_window_set_demo_size (window, DEMO_MEMBERS, 20000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-demo", NULL));
  hy_ui_test_wait_until (hy_ui_test_window_idle, window, "the demo");
  g_assert_null (hy_window_get_staff (window));
  return window;
}

static void
test_loyalty_staff (HyWindow *window)
{
  HyDatabase *db = hy_window_get_database (window);
  HyStaffGroup *group;
  GtkWidget *label, *button, *row, *dialog = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(HyStaff) verified = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *taken = NULL;

  hy_window_show_page (window, "settings");
  hy_ui_test_settle (200);
  group = HY_STAFF_GROUP (hy_ui_test_find_widget (GTK_WIDGET (window), HY_TYPE_STAFF_GROUP, NULL));
  g_assert_nonnull (group);
  button = hy_ui_test_find_widget (GTK_WIDGET (group), GTK_TYPE_BUTTON, _("_Add"));
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_sensitive (button));

  /* Two PINs that differ: said at once, under the form, and nothing can be added. */
  set_text (GTK_WIDGET (group), "name", "王店长");
  set_text (GTK_WIDGET (group), "pin", "8642");
  set_text (GTK_WIDGET (group), "pin-again", "8643");
  label = hy_ui_test_find_visible (GTK_WIDGET (group), GTK_TYPE_LABEL, _("The two PINs do not match"));
  g_assert_nonnull (label);
  g_assert_cmpstr (hy_staff_group_get_problem (group), ==, _("The two PINs do not match"));
  g_assert_false (gtk_widget_get_sensitive (button));
  scroll_to (GTK_WIDGET (group));
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "settings-staff-pins-differ");

  /* A PIN too short is named too. */
  set_text (GTK_WIDGET (group), "pin", "86");
  g_assert_cmpstr (hy_staff_group_get_problem (group), ==, _("A PIN needs at least 4 characters"));

  /* The same PIN twice: added, listed, and in the core with its role and PIN. */
  set_text (GTK_WIDGET (group), "pin", "8642");
  set_text (GTK_WIDGET (group), "pin-again", "8642");
  g_assert_null (hy_staff_group_get_problem (group));
  g_assert_false (gtk_widget_get_visible (label));
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  hy_ui_test_settle (100);
  row = find_named (GTK_WIDGET (group), ADW_TYPE_ACTION_ROW, "王店长");
  g_assert_nonnull (row);
  subtitle = g_strdup_printf (_("%s · active"), _("Manager"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, subtitle);
  staff = hy_staff_list (db, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (staff->len, ==, 1);
  g_assert_cmpstr (((HyStaff *) staff->pdata[0])->name, ==, "王店长");
  g_assert_cmpint (((HyStaff *) staff->pdata[0])->role, ==, HY_STAFF_MANAGER);
  verified = hy_staff_verify (db, "王店长", "8642", &error);
  g_assert_no_error (error);
  g_assert_nonnull (verified);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (GTK_WIDGET (group), GTK_TYPE_EDITABLE, "pin"))), ==, "");

  /* The same name again is refused before anything is saved; a clerk is added. */
  set_text (GTK_WIDGET (group), "name", "王店长");
  taken = g_strdup_printf (_("There is already a member of staff called “%s”"), "王店长");
  g_assert_cmpstr (hy_staff_group_get_problem (group), ==, taken);
  set_text (GTK_WIDGET (group), "name", "小李");
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (GTK_WIDGET (group), ADW_TYPE_COMBO_ROW, "role")), HY_STAFF_CLERK);
  set_text (GTK_WIDGET (group), "pin", "1357");
  set_text (GTK_WIDGET (group), "pin-again", "1357");
  g_signal_emit_by_name (button, "clicked");
  hy_ui_test_settle (100);
  g_assert_nonnull (find_named (GTK_WIDGET (group), ADW_TYPE_ACTION_ROW, "小李"));
  g_assert_cmpint (hy_test_query_int (db, "SELECT count (*) FROM staff WHERE name = '小李' AND role = 'clerk'"), ==, 1);
  scroll_to (GTK_WIDGET (group));
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "settings-staff");

  /* A new PIN for the clerk, through its dialog: differing PINs are said there too. */
  button = hy_ui_test_find_widget (find_named (GTK_WIDGET (group), ADW_TYPE_ACTION_ROW, "小李"), GTK_TYPE_BUTTON, _("Change _PIN…"));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  hy_ui_test_wait_until (hy_ui_test_dialog_shown, &dialog, "the PIN dialog");
  set_text (dialog, "pin", "2468");
  set_text (dialog, "pin-again", "2469");
  g_assert_nonnull (hy_ui_test_find_visible (dialog, GTK_TYPE_LABEL, _("The two PINs do not match")));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "change"));
  hy_ui_test_save_screenshot (dialog, "settings-staff-new-pin");
  set_text (dialog, "pin-again", "2468");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "change"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "change");
  hy_ui_test_settle (100);
  g_clear_pointer (&verified, hy_staff_free);
  verified = hy_staff_verify (db, "小李", "2468", &error);
  g_assert_no_error (error);
  g_assert_nonnull (verified);
}

static HyCouponTemplate *
find_template (HyDatabase *db,
               const char *name)
{
  g_autoptr(HyCouponStore) store = hy_coupon_store_new (db);
  g_autoptr(GError) error = NULL;
  HyCouponTemplate *tmpl = hy_coupon_store_find_template (store, name, &error);

  g_assert_no_error (error);
  return tmpl;
}

static void
test_loyalty_coupon_template (HyWindow *window)
{
  HyDatabase *db = hy_window_get_database (window);
  HyCouponTemplatesGroup *group = HY_COUPON_TEMPLATES_GROUP (hy_ui_test_find_widget (GTK_WIDGET (window), HY_TYPE_COUPON_TEMPLATES_GROUP, NULL));
  g_autoptr(HyCouponTemplate) tmpl = NULL;
  g_autofree char *summary = NULL;
  GtkWidget *dialog, *problem;

  g_assert_nonnull (group);
  dialog = hy_coupon_templates_group_edit (group, G_MAXUINT);
  hy_ui_test_settle (100);
  problem = find_named (dialog, GTK_TYPE_LABEL, "problem");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  set_text (dialog, "name", "满100减20");

  /* More off than the minimum spend: the core's own check, said as it is typed. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_named (dialog, GTK_TYPE_SPIN_BUTTON, "threshold")), 10);
  hy_ui_test_settle (50);
  g_assert_true (gtk_widget_get_visible (problem));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (problem)), ==, _("A threshold coupon cannot take off more than its threshold"));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  hy_ui_test_save_screenshot (dialog, "settings-coupon-template-invalid");

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_named (dialog, GTK_TYPE_SPIN_BUTTON, "threshold")), 100);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_named (dialog, GTK_TYPE_SPIN_BUTTON, "limit")), 2);
  hy_ui_test_settle (50);
  g_assert_false (gtk_widget_get_visible (problem));
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  hy_ui_test_save_screenshot (dialog, "settings-coupon-template");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
  hy_ui_test_settle (100);

  tmpl = find_template (db, "满100减20");
  g_assert_cmpint (tmpl->kind, ==, HY_COUPON_THRESHOLD_OFF);
  g_assert_cmpint (tmpl->amount, ==, 2000);
  g_assert_cmpint (tmpl->threshold, ==, 10000);
  g_assert_cmpint (tmpl->valid_days, ==, 30);
  g_assert_cmpint (tmpl->per_member_limit, ==, 2);
  g_assert_false (tmpl->stackable);
  g_assert_nonnull (hy_ui_test_find_widget (GTK_WIDGET (group), ADW_TYPE_ACTION_ROW, NULL));

  /* A percent coupon, for the Coupons page to list too. */
  dialog = hy_coupon_templates_group_edit (group, G_MAXUINT);
  set_text (dialog, "name", "会员九折");
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (dialog, ADW_TYPE_COMBO_ROW, "kind")), HY_COUPON_PERCENT_OFF - 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_named (dialog, GTK_TYPE_SPIN_BUTTON, "percent")), 10);
  set_text (dialog, "last-day", "2099-12-31");
  hy_ui_test_settle (50);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
  hy_ui_test_settle (100);
  g_clear_pointer (&tmpl, hy_coupon_template_free);
  tmpl = find_template (db, "会员九折");
  g_assert_cmpint (tmpl->percent, ==, 10);
  g_assert_cmpint (tmpl->valid_until, >, 0);
  scroll_to (GTK_WIDGET (group));
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "settings-coupon-templates");
}

static const HyCouponCounts *
counts_of (GArray *counts,
           gint64  template_id)
{
  for (guint i = 0; i < counts->len; i++)
    if (g_array_index (counts, HyCouponCounts, i).template_id == template_id)
      return &g_array_index (counts, HyCouponCounts, i);
  g_assert_not_reached ();
}

static char *
counts_text (gint64 issued,
             gint64 redeemed,
             gint64 voided)
{
  g_autofree char *a = hy_count_format (issued);
  g_autofree char *b = hy_count_format (redeemed);
  g_autofree char *c = hy_count_format (voided);

  return g_strdup_printf (_("%s issued · %s redeemed · %s void"), a, b, c);
}

static void
assert_row_counts (GtkWidget  *page,
                   const char *template_name,
                   gint64      issued,
                   gint64      redeemed,
                   gint64      voided)
{
  GtkWidget *row = find_named (page, ADW_TYPE_ACTION_ROW, template_name);
  g_autofree char *expected = counts_text (issued, redeemed, voided);

  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find_named (row, GTK_TYPE_LABEL, "counts"))), ==, expected);
}

static void
test_loyalty_coupons (HyWindow *window)
{
  HyDatabase *db = hy_window_get_database (window);
  g_autoptr(HyCouponStore) store = hy_coupon_store_new (db);
  g_autoptr(HyMemberStore) members = hy_member_store_new (db);
  g_autoptr(HyCouponTemplate) tmpl = find_template (db, "满100减20");
  g_autoptr(HyCouponTemplate) percent = find_template (db, "会员九折");
  g_autoptr(HyMember) member = NULL;
  g_autoptr(HySegment) segment = hy_segment_new ();
  g_autoptr(GArray) selected = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GPtrArray) coupons = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *condition = NULL;
  GtkWidget *page, *dialog;
  gint64 member_id, threshold;

  page = open_page (window, "coupons", HY_TYPE_COUPONS_PAGE);
  assert_row_counts (page, "满100减20", 0, 0, 0);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "coupons");

  /* To one member, found by phone as the clerk types it. */
  member_id = hy_test_query_int (db, "SELECT member_id FROM member_stats ORDER BY net_spend DESC, member_id LIMIT 1");
  member = hy_member_store_load (members, member_id, &error);
  g_assert_no_error (error);
  dialog = hy_coupons_page_issue_dialog (HY_COUPONS_PAGE (page), 0);
  hy_ui_test_settle (50);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "issue"));
  set_text (dialog, "member", "13900000000");
  g_assert_nonnull (hy_ui_test_find_visible (dialog, GTK_TYPE_LABEL, _("No member has this phone or card number")));
  set_text (dialog, "member", hy_member_get_phone (member));
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "issue"));
  hy_ui_test_save_screenshot (dialog, "coupons-issue-member");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "issue");
  hy_ui_test_settle (50);
  hy_ui_test_wait_until (busy_done, page, "issuing to a member");

  coupons = hy_coupon_store_list (store, member_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (coupons->len, ==, 1);
  g_assert_cmpint (((HyCoupon *) coupons->pdata[0])->template_id, ==, tmpl->id);
  counts = hy_coupon_store_count_by_template (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (counts_of (counts, tmpl->id)->issued, ==, 1);
  assert_row_counts (page, "满100减20", 1, 0, 0);

  /* To a saved segment: its top spenders, in one go. */
  threshold = hy_test_query_int (db, "SELECT net_spend FROM member_stats ORDER BY net_spend DESC LIMIT 1 OFFSET 39");
  condition = g_strdup_printf ("spend>=%" G_GINT64_FORMAT, threshold);
  g_assert_true (hy_segment_add_condition (segment, condition, &error));
  g_assert_true (hy_segment_save (segment, db, "高消费", &error));
  g_assert_no_error (error);
  selected = hy_segment_select_saved (db, "高消费", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (selected->len, >=, 40);
  hy_coupons_page_reload (HY_COUPONS_PAGE (page));
  hy_ui_test_wait_until (busy_done, page, "the segments");
  dialog = hy_coupons_page_issue_dialog (HY_COUPONS_PAGE (page), 1);
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (dialog, ADW_TYPE_COMBO_ROW, "target")), 1);
  hy_ui_test_settle (50);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "issue"));
  hy_ui_test_save_screenshot (dialog, "coupons-issue-segment");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "issue");
  hy_ui_test_settle (50);
  hy_ui_test_wait_until (busy_done, page, "issuing to a segment");
  g_clear_pointer (&counts, g_array_unref);
  counts = hy_coupon_store_count_by_template (store, &error);
  g_assert_cmpint (counts_of (counts, percent->id)->issued, ==, selected->len);
  assert_row_counts (page, "会员九折", selected->len, 0, 0);

  /* Void the member's coupon by its code; the owner needs nobody's approval. */
  set_text (page, "code", "12345678901");
  g_assert_false (gtk_widget_get_sensitive (hy_ui_test_find_widget (page, GTK_TYPE_BUTTON, _("_Void Coupon"))));
  set_text (page, "code", ((HyCoupon *) coupons->pdata[0])->code);
  set_text (page, "reason", "顾客退卡");
  g_assert_true (gtk_widget_get_sensitive (hy_ui_test_find_widget (page, GTK_TYPE_BUTTON, _("_Void Coupon"))));
  g_signal_emit_by_name (hy_ui_test_find_widget (page, GTK_TYPE_BUTTON, _("_Void Coupon")), "clicked");
  hy_ui_test_settle (50);
  hy_ui_test_wait_until (busy_done, page, "the counts after the void");
  g_assert_cmpint (hy_test_query_int (db, "SELECT count (*) FROM coupons WHERE state = 2 AND void_reason = '顾客退卡'"), ==, 1);
  assert_row_counts (page, "满100减20", 1, 0, 1);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "coupons-issued");

  /* Issued, the template keeps its terms: only its name, validity and limit can change. */
  hy_window_show_page (window, "settings");
  hy_ui_test_settle (200);
  dialog = hy_coupon_templates_group_edit (HY_COUPON_TEMPLATES_GROUP (hy_ui_test_find_widget (GTK_WIDGET (window), HY_TYPE_COUPON_TEMPLATES_GROUP, NULL)), 0);
  hy_ui_test_settle (100);
  g_assert_false (gtk_widget_get_sensitive (find_named (dialog, GTK_TYPE_SPIN_BUTTON, "amount")));
  g_assert_false (gtk_widget_get_sensitive (find_named (dialog, ADW_TYPE_COMBO_ROW, "kind")));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_named (dialog, GTK_TYPE_SPIN_BUTTON, "limit")), 3);
  hy_ui_test_settle (50);
  hy_ui_test_save_screenshot (dialog, "settings-coupon-template-issued");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
  hy_ui_test_settle (100);
  g_clear_pointer (&tmpl, hy_coupon_template_free);
  tmpl = find_template (db, "满100减20");
  g_assert_cmpint (tmpl->per_member_limit, ==, 3);
  g_assert_cmpint (tmpl->amount, ==, 2000);
}

static gint64
define_tier (HyTierStore *tiers,
             int          level,
             const char  *name,
             gint64       min_spend)
{
  g_autoptr(HyTier) tier = hy_tier_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  tier->level = level;
  g_free (tier->name);
  tier->name = g_strdup (name);
  tier->min_spend = min_spend;
  tier->price_percent = 100 - 5 * level;
  tier->points_percent = 100 + 50 * level;
  id = hy_tier_store_define (tiers, tier, &error);
  g_assert_no_error (error);
  return id;
}

/* Each tier's row shows the core's count. */
static void
assert_tier_rows (GtkWidget   *page,
                  HyTierStore *tiers)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = hy_tier_store_list (tiers, &error);
  g_autoptr(GArray) counts = hy_tier_store_count_members (tiers, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  for (guint i = 0; i < list->len; i++)
    {
      const HyTier *tier = list->pdata[i];
      gint64 n = g_array_index (counts, HyTierCount, i).members;
      g_autofree char *count = hy_count_format (n);
      g_autofree char *expected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s member", "%s members", n), count);
      GtkWidget *row = find_named (page, ADW_TYPE_ACTION_ROW, tier->name);

      g_assert_nonnull (row);
      g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find_named (row, GTK_TYPE_LABEL, "suffix"))), ==, expected);
    }
}

static void
test_loyalty_tiers (HyWindow *window)
{
  HyDatabase *db = hy_window_get_database (window);
  g_autoptr(HyTierStore) tiers = hy_tier_store_new (db);
  g_autoptr(HyRewardStore) rewards = hy_reward_store_new (db);
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *page, *button;
  gint64 silver, gold;

  /* Levels as a manager sets them in Settings, and two rewards. */
  /* Spend over the last 330 days, well inside the levels' 365-day window. */
#define WINDOW_SPEND "SELECT sum (net) AS s FROM transactions WHERE member_id IS NOT NULL" \
                     " AND occurred_at >= CAST (strftime ('%s', 'now') AS INTEGER) - 330 * 86400 GROUP BY member_id"
  silver = hy_test_query_int (db, "SELECT s FROM (" WINDOW_SPEND ") ORDER BY s DESC LIMIT 1 OFFSET 400");
  gold = hy_test_query_int (db, "SELECT s FROM (" WINDOW_SPEND ") ORDER BY s DESC LIMIT 1 OFFSET 60");
  define_tier (tiers, 0, "普通", 0);
  define_tier (tiers, 1, "银卡", MAX (silver, 1));
  define_tier (tiers, 2, "金卡", MAX (gold, silver + 1));
  g_assert_cmpint (hy_reward_store_define (rewards, "保温杯", 500, 20, &error), >, 0);
  g_assert_cmpint (hy_reward_store_define (rewards, "洗护套装", 1200, -1, &error), >, 0);
  g_assert_no_error (error);

  page = open_page (window, "tiers", HY_TYPE_TIERS_PAGE);
  assert_tier_rows (page, tiers);
  g_assert_nonnull (find_named (page, ADW_TYPE_ACTION_ROW, "保温杯"));
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "tiers-before-review");

  /* The review lifts who qualifies: the rows follow the core. */
  button = hy_ui_test_find_widget (page, GTK_TYPE_BUTTON, _("_Review Tiers Now"));
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (hy_tiers_page_get_busy (HY_TIERS_PAGE (page)));
  hy_ui_test_wait_until (busy_done, page, "the tier review");
  counts = hy_tier_store_count_members (tiers, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_array_index (counts, HyTierCount, 1).members, >, 0);
  g_assert_cmpint (g_array_index (counts, HyTierCount, 2).members, >, 0);
  assert_tier_rows (page, tiers);
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "tiers");
  scroll_to (gtk_widget_get_ancestor (find_named (page, ADW_TYPE_ACTION_ROW, "保温杯"), ADW_TYPE_PREFERENCES_GROUP));
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "tiers-rewards");
}

/* Sets condition @index of the segment editor @dialog. */
static void
set_condition (GtkWidget  *dialog,
               guint       index,
               const char *field,
               guint       op,
               const char *value)
{
  guint n = index;

  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_nth_named (dialog, GTK_TYPE_DROP_DOWN, "field", &n)),
                              hy_segments_group_field_position (field));
  n = index;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_nth_named (dialog, GTK_TYPE_DROP_DOWN, "op", &n)), op);
  n = index;
  gtk_editable_set_text (GTK_EDITABLE (find_nth_named (dialog, GTK_TYPE_EDITABLE, "value", &n)), value);
  hy_ui_test_settle (20);
}

/* Sets condition @index of the segment editor @dialog to @field, @op and the value @label stands
 * for in the value dropdown. */
static void
pick_condition (GtkWidget  *dialog,
                guint       index,
                const char *field,
                guint       op,
                const char *label)
{
  GtkDropDown *choice;
  GListModel *labels;
  guint n = index;

  set_condition (dialog, index, field, op, "");
  choice = GTK_DROP_DOWN (find_nth_named (dialog, GTK_TYPE_DROP_DOWN, "choice", &n));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (choice)));
  g_assert_false (gtk_widget_get_visible (find_nth_named (dialog, GTK_TYPE_EDITABLE, "value", &index)));
  labels = gtk_drop_down_get_model (choice);
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (labels), i), label))
      {
        gtk_drop_down_set_selected (choice, i);
        hy_ui_test_settle (20);
        return;
      }
  g_error ("No “%s” to pick for %s", label, field);
}

/* The label of the value chosen in condition @index of @dialog. */
static const char *
chosen_label (GtkWidget *dialog,
              guint      index)
{
  GtkWidget *choice = find_nth_named (dialog, GTK_TYPE_DROP_DOWN, "choice", &index);

  return gtk_string_object_get_string (gtk_drop_down_get_selected_item (GTK_DROP_DOWN (choice)));
}

static gboolean
counted (gpointer dialog)
{
  GtkWidget *spinner = find_named (dialog, GTK_TYPE_SPINNER, "counting");

  return !gtk_spinner_get_spinning (GTK_SPINNER (spinner)) && !gtk_widget_get_visible (spinner);
}

/* Where the segment @name is in the Segments group, or G_MAXUINT when it is not saved. */
static guint
segment_index (HyDatabase *db,
               const char *name)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = hy_segment_list_names (db, &error);

  g_assert_no_error (error);
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], name))
      return i;
  return G_MAXUINT;
}

static gboolean
has_segment (HyDatabase *db,
             const char *name)
{
  return segment_index (db, name) != G_MAXUINT;
}

/* "%s members", as the editor counts. */
static char *
members_text (gint64 count)
{
  g_autofree char *number = hy_count_format (count);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s member", "%s members", count), number);
}

/* The members of a tier and stage, as the core selects them with today's analysis. */
static gint64
count_selected (HyDatabase         *db,
                const char * const *conditions)
{
  g_autoptr(HySegment) segment = hy_segment_new ();
  g_autoptr(HyAnalysisSnapshot) snapshot = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  HyCustomerModel model;

  for (guint i = 0; conditions[i] != NULL; i++)
    g_assert_true (hy_segment_add_condition (segment, conditions[i], &error));
  g_assert_true (hy_segment_open_snapshot (segment, db, &model, &snapshot, &error));
  ids = hy_segment_select (segment, db, snapshot, &error);
  g_assert_no_error (error);
  return ids->len;
}

/* Tier and stage are chosen by name; a saved segment reads back onto them, and one whose tier is
 * gone says so and is not saved until another is chosen. */
static void
test_loyalty_segment_choices (HySegmentsGroup *group,
                              HyDatabase      *db)
{
  g_autoptr(HySegment) saved = NULL;
  g_autoptr(HySegment) stale = hy_segment_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *tier_id = hy_test_query_text (db, "SELECT id FROM tiers WHERE name = '银卡'");
  g_autofree char *tier_sql = NULL;
  g_autofree char *tier_condition = g_strdup_printf ("tier=%s", tier_id);
  g_autofree char *expected = NULL;
  g_autofree char *store_id = NULL;
  g_autofree char *store_name = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *store_condition = NULL;
  g_autofree char *unknown = g_strdup_printf (_("Unknown tier %s"), "99999");
  const char *conditions[] = { tier_condition, "stage=active", NULL };
  const char *active = hy_stage_get_label (HY_STAGE_ACTIVE);
  GtkWidget *dialog, *count, *error_label;
  GtkDropDown *field, *op;
  gint64 in_tier, active_in_tier;
  guint n;

  /* The tier alone, counted as SQL has the members' current tier. */
  tier_sql = g_strdup_printf ("SELECT count (*) FROM members m WHERE m.merged_into IS NULL AND"
                              " (SELECT h.to_tier_id FROM tier_history h WHERE h.member_id = m.id"
                              "  ORDER BY h.id DESC LIMIT 1) = %s", tier_id);
  in_tier = hy_test_query_int (db, tier_sql);
  g_assert_cmpint (in_tier, >, 0);
  dialog = hy_segments_group_edit (group, G_MAXUINT);
  count = find_named (dialog, GTK_TYPE_LABEL, "count");
  set_text (dialog, "name", "银卡活跃");
  pick_condition (dialog, 0, "tier", 2, "银卡");
  hy_ui_test_wait_until (counted, dialog, "the tier's count");
  expected = members_text (in_tier);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (count)), ==, expected);

  /* And active: what the core selects with today's analysis. */
  g_signal_emit_by_name (hy_ui_test_find_widget (dialog, GTK_TYPE_BUTTON, _("_Add Condition")), "clicked");
  n = 1;
  field = GTK_DROP_DOWN (find_nth_named (dialog, GTK_TYPE_DROP_DOWN, "field", &n));
  gtk_drop_down_set_selected (field, hy_segments_group_field_position ("stage"));
  n = 1;
  op = GTK_DROP_DOWN (find_nth_named (dialog, GTK_TYPE_DROP_DOWN, "op", &n));
  /* A new row compares with ≥; a stage has no order, so it turns to =. */
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (op)), ==, "=");
  g_assert_cmpstr (chosen_label (dialog, 1), ==, hy_stage_get_label (0));
  pick_condition (dialog, 1, "stage", 2, active);
  active_in_tier = count_selected (db, conditions);
  g_assert_cmpint (active_in_tier, >, 0);
  g_assert_cmpint (active_in_tier, <, in_tier);
  hy_ui_test_wait_until (counted, dialog, "the tier and stage's count");
  g_free (expected);
  expected = members_text (active_in_tier);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (count)), ==, expected);
  hy_ui_test_save_screenshot (dialog, "settings-segment-editor-choices");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
  gtk_window_destroy (GTK_WINDOW (dialog));
  hy_ui_test_settle (50);

  /* Saved as the core's values, shown and read back by name. */
  saved = hy_segment_load (db, "银卡活跃", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hy_segment_get_n_conditions (saved), ==, 2);
  g_assert_cmpstr (hy_segment_get_condition (saved, 0, NULL, NULL, NULL), ==, tier_condition);
  g_assert_cmpstr (hy_segment_get_condition (saved, 1, NULL, NULL, NULL), ==, "stage=active");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_named (GTK_WIDGET (group), ADW_TYPE_ACTION_ROW, "银卡活跃"))), "银卡"));
  scroll_to (GTK_WIDGET (group));
  hy_ui_test_save_screenshot (gtk_widget_get_ancestor (GTK_WIDGET (group), GTK_TYPE_WINDOW), "settings-segments-choices");
  dialog = hy_segments_group_edit (group, segment_index (db, "银卡活跃"));
  g_assert_cmpstr (chosen_label (dialog, 0), ==, "银卡");
  g_assert_cmpstr (chosen_label (dialog, 1), ==, active);

  /* A home store instead of the tier, by name; saved under a new name, in place of the old. */
  store_id = hy_test_query_text (db, "SELECT home_store_id FROM members WHERE home_store_id IS NOT NULL"
                                 " GROUP BY home_store_id ORDER BY count (*) DESC LIMIT 1");
  sql = g_strdup_printf ("SELECT name FROM stores WHERE id = %s", store_id);
  store_name = hy_test_query_text (db, sql);
  store_condition = g_strdup_printf ("store=%s", store_id);
  pick_condition (dialog, 0, "store", 2, store_name);
  set_text (dialog, "name", "本店活跃");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
  gtk_window_destroy (GTK_WINDOW (dialog));
  hy_ui_test_settle (50);
  g_assert_false (has_segment (db, "银卡活跃"));
  g_clear_pointer (&saved, hy_segment_free);
  saved = hy_segment_load (db, "本店活跃", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hy_segment_get_condition (saved, 0, NULL, NULL, NULL), ==, store_condition);
  g_assert_cmpstr (hy_segment_get_condition (saved, 1, NULL, NULL, NULL), ==, "stage=active");

  /* A tier that is no more: named as unknown, the reason under the row, no saving. */
  g_assert_true (hy_segment_add_condition (stale, "tier=99999", &error));
  g_assert_true (hy_segment_save (stale, db, "旧等级", &error));
  hy_segments_group_reload (group);
  dialog = hy_segments_group_edit (group, segment_index (db, "旧等级"));
  g_assert_cmpstr (chosen_label (dialog, 0), ==, unknown);
  hy_ui_test_settle (20);
  n = 0;
  error_label = find_nth_named (dialog, GTK_TYPE_LABEL, "error", &n);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==,
                   _("This tier no longer exists: choose another one to save the segment"));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  hy_ui_test_save_screenshot (dialog, "settings-segment-editor-unknown-tier");
  pick_condition (dialog, 0, "tier", 2, "银卡");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  hy_ui_test_wait_until (counted, dialog, "the replaced tier's count");
  g_free (expected);
  expected = members_text (in_tier);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (count = find_named (dialog, GTK_TYPE_LABEL, "count"))), ==, expected);
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_true (hy_segment_delete (db, "本店活跃", &error));
  g_assert_true (hy_segment_delete (db, "旧等级", &error));
  hy_segments_group_reload (group);
}

/* Settings → Segments: a segment made in the editor, counted as it is edited, saved, deleted. */
static void
test_loyalty_segments (HyWindow *window)
{
  HyDatabase *db = hy_window_get_database (window);
  HySegmentsGroup *group;
  g_autoptr(HySegment) saved = NULL;
  g_autoptr(GError) money_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tag = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *tag_condition = NULL;
  const char *slow_note = _("Stage, RFM, warnings, P(alive) and CLV come from the analysis: counting may take a few seconds.");
  GtkWidget *dialog, *count, *error_label;
  gint64 members;
  guint n = 0;
  gint64 minor;

  open_page (window, "settings", HY_TYPE_SETTINGS_PAGE);
  group = HY_SEGMENTS_GROUP (hy_ui_test_find_widget (GTK_WIDGET (window), HY_TYPE_SEGMENTS_GROUP, NULL));
  g_assert_nonnull (group);
  dialog = hy_segments_group_edit (group, G_MAXUINT);
  hy_ui_test_settle (100);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));

  /* Spent 500 or more and has the demo's commonest tag: the count as the core's SQL has it. */
  tag = hy_test_query_text (db, "SELECT tag FROM member_tags GROUP BY tag ORDER BY count (*) DESC, tag LIMIT 1");
  sql = g_strdup_printf ("SELECT count (*) FROM members m LEFT JOIN member_stats s ON s.member_id = m.id"
                         " WHERE m.merged_into IS NULL AND coalesce (s.net_spend, 0) >= 50000"
                         " AND m.id IN (SELECT member_id FROM member_tags WHERE tag = '%s')", tag);
  members = hy_test_query_int (db, sql);
  g_assert_cmpint (members, >, 0);
  g_assert_cmpint (members, <, DEMO_MEMBERS);
  set_text (dialog, "name", "常客大单");
  set_condition (dialog, 0, "spend", 0, "500");
  g_signal_emit_by_name (hy_ui_test_find_widget (dialog, GTK_TYPE_BUTTON, _("_Add Condition")), "clicked");
  set_condition (dialog, 1, "tag", 2, tag);
  count = find_named (dialog, GTK_TYPE_LABEL, "count");
  g_assert_false (counted (dialog));
  hy_ui_test_wait_until (counted, dialog, "the segment's count");
  expected = members_text (members);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (count)), ==, expected);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  hy_ui_test_save_screenshot (dialog, "settings-segment-editor");

  /* A bad amount: the reason under its row, no count and no saving. */
  set_condition (dialog, 0, "spend", 0, "五百");
  error_label = find_nth_named (dialog, GTK_TYPE_LABEL, "error", &n);
  g_assert_false (hy_parse_money ("五百", &minor, &money_error));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==, money_error->message);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (count)), ==, "");
  hy_ui_test_save_screenshot (dialog, "settings-segment-editor-invalid");
  set_condition (dialog, 0, "spend", 0, "500");
  g_assert_false (gtk_widget_get_visible (error_label));
  hy_ui_test_wait_until (counted, dialog, "the segment's count again");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (count)), ==, expected);

  /* A condition on the analysis says counting takes longer; removed, the count is as before. */
  g_signal_emit_by_name (hy_ui_test_find_widget (dialog, GTK_TYPE_BUTTON, _("_Add Condition")), "clicked");
  pick_condition (dialog, 2, "stage", 2, hy_stage_get_label (HY_STAGE_ACTIVE));
  g_assert_true (gtk_widget_get_visible (hy_ui_test_find_widget (dialog, GTK_TYPE_LABEL, slow_note)));
  hy_ui_test_save_screenshot (dialog, "settings-segment-editor-analysis");
  n = 2;
  g_signal_emit_by_name (gtk_widget_get_next_sibling (find_nth_named (dialog, GTK_TYPE_EDITABLE, "value", &n)), "clicked");
  hy_ui_test_settle (20);
  g_assert_false (gtk_widget_get_visible (hy_ui_test_find_widget (dialog, GTK_TYPE_LABEL, slow_note)));
  hy_ui_test_wait_until (counted, dialog, "the count without it");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (count)), ==, expected);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
  gtk_window_destroy (GTK_WINDOW (dialog));
  hy_ui_test_settle (100);

  /* Saved as typed, in minor units, listed, and read back into the editor. */
  g_assert_true (has_segment (db, "常客大单"));
  saved = hy_segment_load (db, "常客大单", &error);
  g_assert_no_error (error);
  tag_condition = g_strdup_printf ("tag=%s", tag);
  g_assert_cmpuint (hy_segment_get_n_conditions (saved), ==, 2);
  g_assert_cmpstr (hy_segment_get_condition (saved, 0, NULL, NULL, NULL), ==, "spend>=50000");
  g_assert_cmpstr (hy_segment_get_condition (saved, 1, NULL, NULL, NULL), ==, tag_condition);
  g_assert_nonnull (find_named (GTK_WIDGET (group), ADW_TYPE_ACTION_ROW, "常客大单"));
  n = segment_index (db, "常客大单");
  dialog = hy_segments_group_edit (group, n);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (dialog, GTK_TYPE_EDITABLE, "value"))), ==, "500");
  gtk_window_destroy (GTK_WINDOW (dialog));
  scroll_to (GTK_WIDGET (group));
  hy_ui_test_save_screenshot (GTK_WIDGET (window), "settings-segments");

  /* Deleted, once confirmed. */
  dialog = hy_segments_group_confirm_delete (group, n);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));
  hy_ui_test_settle (50);
  g_assert_false (has_segment (db, "常客大单"));
  g_assert_null (find_named (GTK_WIDGET (group), ADW_TYPE_ACTION_ROW, "常客大单"));

  test_loyalty_segment_choices (group, db);

  /* Closed while it counts: the count's answer finds no editor to show it in. */
  dialog = hy_segments_group_edit (group, G_MAXUINT);
  pick_condition (dialog, 0, "stage", 2, hy_stage_get_label (HY_STAGE_ACTIVE));
  hy_ui_test_settle (350);
  gtk_window_destroy (GTK_WINDOW (dialog));
  hy_ui_test_settle (500);
}

static void
test_loyalty (void)
{
  HyWindow *window = open_demo ();

  test_loyalty_staff (window);
  test_loyalty_coupon_template (window);
  test_loyalty_coupons (window);
  test_loyalty_tiers (window);
  test_loyalty_segments (window);
  hy_ui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  hy_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/loyalty/staff-coupons-tiers", test_loyalty);

  return hy_ui_test_finish (g_test_run ());
}
