/* hy-member-page.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One member, all in one place: profile and identities, their analysis (RFM, stage, the
 * customer model's figures, warnings; hy-member-page-analysis.c), tier, points and stored
 * value, purchases, and a timeline of what happened, newest first.  Everything is read on a
 * worker thread through a read-only connection; actions write through the window's connection
 * and read the page again.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-member-page-private.h"
#include "hy-coupon-store.h"
#include "hy-member-store.h"
#include "hy-money.h"
#include "hy-phone.h"
#include "hy-phone-display.h"
#include "hy-points-ledger.h"
#include "hy-purchase-store.h"
#include "hy-stored-value-ledger.h"
#include "hy-tier-store.h"
#include "hy-time.h"
#include "hy-uuid.h"

#define N_PURCHASES 50

typedef struct
{
  char                 *path;
  gint64                member_id;
  HyMember             *member;
  HyTier               *tier;
  gint64                tier_valid_until;
  HyPointsSummary       points;
  HyStoredValueBalance  stored_value;
  GPtrArray            *purchases;   /* HyTransaction */
  GPtrArray            *points_entries;
  GPtrArray            *sv_entries;
  GPtrArray            *tier_changes;
  GPtrArray            *tiers;
  GPtrArray            *coupons;     /* HyCoupon */
  HyTierProgress        progress;
} Profile;

G_DEFINE_FINAL_TYPE (HyMemberPage, hy_member_page, ADW_TYPE_BIN)

enum {
  BACK,
  CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* After an action wrote: read the page again, bring the member's analysis up to date (a sale,
 * a refund, a merge or a top-up can change it) and tell the list. */
void
_hy_member_page_changed (HyMemberPage *self)
{
  _hy_member_page_reload (self);
  if (self->window != NULL)
    hy_window_refresh_member_analysis (self->window, self->member_id);
  g_signal_emit (self, signals [CHANGED], 0);
}

static void
profile_free (Profile *profile)
{
  g_free (profile->path);
  g_clear_object (&profile->member);
  g_clear_pointer (&profile->tier, hy_tier_free);
  g_clear_pointer (&profile->purchases, g_ptr_array_unref);
  g_clear_pointer (&profile->points_entries, g_ptr_array_unref);
  g_clear_pointer (&profile->sv_entries, g_ptr_array_unref);
  g_clear_pointer (&profile->tier_changes, g_ptr_array_unref);
  g_clear_pointer (&profile->tiers, g_ptr_array_unref);
  g_clear_pointer (&profile->coupons, g_ptr_array_unref);
  hy_tier_progress_clear (&profile->progress);
  g_free (profile);
}

static gboolean
profile_read (Profile  *profile,
              GError  **error)
{
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(HyMemberStore) members = NULL;
  g_autoptr(HyPurchaseStore) purchases = NULL;
  g_autoptr(HyPointsLedger) points = NULL;
  g_autoptr(HyStoredValueLedger) stored_value = NULL;
  g_autoptr(HyTierStore) tiers = NULL;
  g_autoptr(HyCouponStore) coupons = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!(db = hy_database_open (profile->path, HY_DATABASE_OPEN_READ_ONLY, error)))
    return FALSE;
  members = hy_member_store_new (db);
  purchases = hy_purchase_store_new (db);
  points = hy_points_ledger_new (db);
  stored_value = hy_stored_value_ledger_new (db);
  tiers = hy_tier_store_new (db);
  coupons = hy_coupon_store_new (db);

  profile->member_id = hy_member_store_resolve (members, profile->member_id);
  if (!(profile->member = hy_member_store_load (members, profile->member_id, error)) ||
      !hy_points_ledger_get_summary (points, profile->member_id, &profile->points, error) ||
      !hy_stored_value_ledger_get_balance (stored_value, profile->member_id, &profile->stored_value, error) ||
      !(profile->purchases = hy_purchase_store_list_for_member (purchases, profile->member_id, N_PURCHASES, error)) ||
      !(profile->points_entries = hy_points_ledger_list_entries (points, profile->member_id, error)) ||
      !(profile->sv_entries = hy_stored_value_ledger_list_entries (stored_value, profile->member_id, error)) ||
      !(profile->tier_changes = hy_tier_store_list_history (tiers, profile->member_id, error)) ||
      !(profile->tiers = hy_tier_store_list (tiers, error)) ||
      !(profile->coupons = hy_coupon_store_list (coupons, profile->member_id, error)) ||
      !hy_tier_store_get_progress (tiers, profile->member_id, &profile->progress, error))
    return FALSE;

  /* No tier is an answer, not an error. */
  profile->tier = hy_tier_store_get_member_tier (tiers, profile->member_id, &profile->tier_valid_until, &local_error);
  if (profile->tier == NULL && local_error != NULL)
    g_debug ("No tier for member %" G_GINT64_FORMAT ": %s", profile->member_id, local_error->message);
  return TRUE;
}

static void
profile_run (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (!profile_read (task_data, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

GtkWidget *
_hy_member_page_add_group (HyMemberPage *self,
                           const char   *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_box_append (self->content, group);
  return group;
}

GtkWidget *
_hy_member_page_add_row (GtkWidget  *group,
                         const char *title,
                         const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  /* Only long text (notes) wraps: a phone number broken over two lines is hard to read. */
  gtk_label_set_wrap (GTK_LABEL (label), g_utf8_strlen (value, -1) > 40);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static const char *
tier_name (const Profile *profile,
           gint64         tier_id)
{
  for (guint i = 0; i < profile->tiers->len; i++)
    if (((HyTier *) profile->tiers->pdata[i])->id == tier_id)
      return ((HyTier *) profile->tiers->pdata[i])->name;
  return "";
}

static char *
money (gint64 minor)
{
  return hy_money_format (minor, TRUE);
}

typedef struct
{
  gint64  at;
  char   *text;
} Event;

static void
event_clear (gpointer data)
{
  g_free (((Event *) data)->text);
}

static int
event_compare (gconstpointer a,
               gconstpointer b)
{
  const Event *x = a, *y = b;

  return (x->at < y->at) - (x->at > y->at);
}

static void
add_event (GArray *events,
           gint64  at,
           char   *text)
{
  Event event = { at, text };

  g_array_append_val (events, event);
}

static void
hy_member_page_show_timeline (HyMemberPage  *self,
                              const Profile *profile)
{
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (Event));
  GtkWidget *group = _hy_member_page_add_group (self, _("Timeline"));

  g_array_set_clear_func (events, event_clear);
  add_event (events, hy_member_get_joined_at (profile->member), g_strdup (_("Joined")));
  for (guint i = 0; i < profile->purchases->len; i++)
    {
      const HyTransaction *t = g_ptr_array_index (profile->purchases, i);
      g_autofree char *amount = money (ABS (t->net));

      add_event (events, t->occurred_at,
                 t->kind == HY_TRANSACTION_SALE
                 /* Translators: %s is an amount of money */
                 ? g_strdup_printf (_("Bought for %s"), amount)
                 /* Translators: %s is an amount of money */
                 : g_strdup_printf (_("Refund of %s"), amount));
    }
  for (guint i = 0; i < profile->points_entries->len; i++)
    {
      const HyPointsEntry *e = g_ptr_array_index (profile->points_entries, i);

      add_event (events, e->occurred_at,
                 e->reason != NULL && *e->reason != '\0'
                 /* Translators: %+lld is a signed number of points, %s why */
                 ? g_strdup_printf (_("%+lld points: %s"), (long long) e->points, e->reason)
                 /* Translators: %+lld is a signed number of points */
                 : g_strdup_printf (_("%+lld points"), (long long) e->points));
    }
  for (guint i = 0; i < profile->sv_entries->len; i++)
    {
      const HyStoredValueEntry *e = g_ptr_array_index (profile->sv_entries, i);
      g_autofree char *amount = money (e->principal + e->bonus);

      /* Translators: %s is a signed amount of money */
      add_event (events, e->occurred_at, g_strdup_printf (_("Stored value %s"), amount));
    }
  for (guint i = 0; i < profile->tier_changes->len; i++)
    {
      const HyTierChange *c = g_ptr_array_index (profile->tier_changes, i);

      /* Translators: %s is the name of a tier */
      add_event (events, c->changed_at, g_strdup_printf (_("Tier: %s"), tier_name (profile, c->to_tier_id)));
    }

  g_array_sort (events, event_compare);
  for (guint i = 0; i < MIN (events->len, 100); i++)
    {
      const Event *e = &g_array_index (events, Event, i);
      g_autofree char *when = hy_time_format_local (self->tz, e->at, TRUE);

      _hy_member_page_add_row (group, e->text, when);
    }
}

static void
hy_member_page_show_sales (HyMemberPage  *self,
                           GtkWidget     *group,
                           const Profile *profile)
{
  for (guint i = 0; i < profile->purchases->len; i++)
    {
      const HyTransaction *t = g_ptr_array_index (profile->purchases, i);
      g_autofree char *when = NULL;
      g_autofree char *amount = NULL;
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row;
      GtkWidget *label;
      gint64 left;

      if (t->kind != HY_TRANSACTION_SALE)
        continue;
      when = hy_time_format_local (self->tz, t->occurred_at, TRUE);
      amount = money (t->net);
      left = t->net - t->refunded;
      /* Translators: %lld is the sale's number, %s when it was */
      title = g_strdup_printf (_("Sale #%lld · %s"), (long long) t->id, when);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      if (t->refunded > 0)
        {
          g_autofree char *refunded = money (t->refunded);

          /* Translators: %s is the amount refunded so far */
          subtitle = g_strdup_printf (_("%s refunded"), refunded);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        }
      label = gtk_label_new (amount);
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      if (left > 0)
        {
          GtkWidget *button = gtk_button_new_with_mnemonic (_("_Refund…"));

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "member.refund");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", t->id);
          /* Translators: %lld is the sale's number */
          {
            g_autofree char *name = g_strdup_printf (_("Refund sale #%lld"), (long long) t->id);

            gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
          }
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
}

static void
hy_member_page_show_coupons (HyMemberPage  *self,
                             const Profile *profile)
{
  GtkWidget *group = _hy_member_page_add_group (self, _("Coupons"));

  if (profile->coupons->len == 0)
    _hy_member_page_add_row (group, _("No coupons yet"), "");
  for (guint i = 0; i < profile->coupons->len; i++)
    {
      const HyCoupon *c = g_ptr_array_index (profile->coupons, i);
      g_autofree char *until = c->valid_until > 0 ? hy_time_format_local (self->tz, c->valid_until - 1, FALSE) : NULL;
      g_autofree char *state = NULL;
      g_autofree char *title = NULL;
      GtkWidget *row;

      if (c->state == HY_COUPON_REDEEMED)
        state = g_strdup (_("used"));
      else if (c->state == HY_COUPON_VOID)
        state = g_strdup (_("void"));
      else if (until != NULL)
        /* Translators: %s is the last day a coupon can be used */
        state = g_strdup_printf (_("valid until %s"), until);
      else
        state = g_strdup (_("valid"));
      /* Translators: a coupon's name and its code */
      title = g_strdup_printf (_("%s · %s"), c->template_name, c->code);
      row = _hy_member_page_add_row (group, title, state);
      if (c->state == HY_COUPON_ISSUED)
        {
          GtkWidget *button = gtk_button_new_with_mnemonic (_("_Void…"));
          /* Translators: %s is a coupon's code */
          g_autofree char *name = g_strdup_printf (_("Void coupon %s"), c->code);

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "member.void-coupon");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", c->code);
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
    }
}

/* "still ¥500.00 of spend and 2 visits" for the next tier, or that the top is reached. */
static void
hy_member_page_show_progress (HyMemberPage  *self,
                              const Profile *profile)
{
  const HyTierProgress *p = &profile->progress;
  GtkWidget *group;
  g_autoptr(GString) needed = NULL;
  const char *joiner;

  if (p->current == NULL)
    return;
  group = _hy_member_page_add_group (self, _("Next Tier"));
  if (p->next == NULL)
    {
      _hy_member_page_add_row (group, _("Top tier reached"), p->current->name);
      return;
    }

  needed = g_string_new (NULL);
  /* Translators: joins what a member still needs: "A and B" when all are needed, "A or B" when one is */
  joiner = p->next->require_all ? _(" and ") : _(" or ");
  if (p->spend_needed > 0)
    {
      g_autofree char *amount = money (p->spend_needed);

      /* Translators: %s is an amount of money still to spend */
      g_string_append_printf (needed, _("%s more spend"), amount);
    }
  if (p->visits_needed > 0)
    {
      g_autofree char *visits = NULL;

      /* Translators: %lld is a number of visits still needed */
      visits = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld more visit", "%lld more visits", p->visits_needed),
                                (long long) p->visits_needed);
      g_string_append_printf (needed, "%s%s", needed->len > 0 ? joiner : "", visits);
    }
  if (p->points_needed > 0)
    {
      g_autofree char *points = hy_count_format (p->points_needed);

      g_string_append_printf (needed, "%s", needed->len > 0 ? joiner : "");
      /* Translators: %s is a number of points still to earn */
      g_string_append_printf (needed, _("%s more points earned"), points);
    }
  if (needed->len == 0)
    g_string_assign (needed, _("Qualifies now; the tier changes at the next purchase"));

  _hy_member_page_add_row (group, _("Next tier"), p->next->name);
  _hy_member_page_add_row (group, _("Still needed"), needed->str);
  {
    g_autofree char *spend = money (p->spend);
    g_autofree char *visits = hy_count_format (p->visits);
    g_autofree char *points = hy_count_format (p->points);
    g_autofree char *title = NULL;

    /* Translators: %d is the number of days the tier rules look back */
    title = g_strdup_printf (_("Spend, visits and points in the last %d days"), p->next->window_days);
    {
      /* Translators: spend, visits and points earned, already formatted */
      g_autofree char *value = g_strdup_printf (_("%s · %s visits · %s points"), spend, visits, points);

      _hy_member_page_add_row (group, title, value);
    }
  }
}

static void
hy_member_page_show (HyMemberPage  *self,
                     const Profile *profile)
{
  HyMember *member = profile->member;
  const HyMemberStats *stats = hy_member_get_stats (member);
  GPtrArray *identities = hy_member_get_identities (member);
  GPtrArray *tags = hy_member_get_tags (member);
  const char *name = hy_member_get_name (member);
  GtkWidget *child;
  GtkWidget *group;

  self->analysis_group = self->warnings_group = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content))) != NULL)
    gtk_box_remove (self->content, child);

  gtk_label_set_label (self->title_label, *name != '\0' ? name : _("(no name)"));

  group = _hy_member_page_add_group (self, _("Profile"));
  {
    g_autofree char *joined = hy_time_format_local (self->tz, hy_member_get_joined_at (member), FALSE);
    g_autofree char *birthday = hy_member_dup_birthday_text (member);
    g_autoptr(GString) tag_text = g_string_new (NULL);

    _hy_member_page_add_row (group, _("Joined"), joined);
    if (birthday != NULL && *birthday != '\0')
      _hy_member_page_add_row (group, _("Birthday"), birthday);
    for (guint i = 0; i < tags->len; i++)
      g_string_append_printf (tag_text, "%s%s", i > 0 ? ", " : "", (const char *) tags->pdata[i]);
    if (tags->len > 0)
      _hy_member_page_add_row (group, _("Tags"), tag_text->str);
    if (*hy_member_get_notes (member) != '\0')
      _hy_member_page_add_row (group, _("Notes"), hy_member_get_notes (member));
  }

  group = _hy_member_page_add_group (self, _("Identities"));
  for (guint i = 0; i < identities->len; i++)
    {
      const HyIdentity *identity = g_ptr_array_index (identities, i);
      g_autofree char *value = identity->kind == HY_IDENTITY_PHONE ? hy_phone_display (self->database, identity->value)
                                                                   : g_strdup (identity->value);

      _hy_member_page_add_row (group, hy_identity_kind_get_label (identity->kind), value);
    }

  _hy_member_page_show_analysis (self);

  group = _hy_member_page_add_group (self, _("Tier, Points and Stored Value"));
  {
    g_autofree char *balance = hy_count_format (profile->points.balance);
    g_autofree char *available = hy_count_format (profile->points.available);
    g_autofree char *pending = hy_count_format (profile->points.pending);
    g_autofree char *expiring = hy_count_format (profile->points.expiring_soon);
    g_autofree char *total = money (profile->stored_value.total);
    g_autofree char *principal = money (profile->stored_value.principal);
    g_autofree char *bonus = money (profile->stored_value.bonus);
    g_autofree char *sv_text = NULL;

    _hy_member_page_add_row (group, _("Tier"), profile->tier != NULL ? profile->tier->name : _("None"));
    if (profile->tier != NULL && profile->tier_valid_until > 0)
      {
        g_autofree char *until = hy_time_format_local (self->tz, profile->tier_valid_until, FALSE);

        _hy_member_page_add_row (group, _("Tier valid until"), until);
      }
    _hy_member_page_add_row (group, _("Points balance"), balance);
    _hy_member_page_add_row (group, _("Points available now"), available);
    _hy_member_page_add_row (group, _("Points pending"), pending);
    _hy_member_page_add_row (group, _("Points expiring soon"), expiring);
    /* Translators: stored value: the total, then what the member paid in and the bonus */
    sv_text = g_strdup_printf (_("%s (paid in %s, bonus %s)"), total, principal, bonus);
    _hy_member_page_add_row (group, _("Stored value"), sv_text);
  }

  hy_member_page_show_progress (self, profile);

  group = _hy_member_page_add_group (self, _("Purchases"));
  {
    g_autofree char *count = hy_count_format (stats->purchase_count);
    g_autofree char *spend = money (stats->net_spend);
    g_autofree char *last = stats->last_purchase_at > 0 ? hy_time_format_local (self->tz, stats->last_purchase_at, FALSE)
                                                        : g_strdup (_("never"));

    _hy_member_page_add_row (group, _("Purchases"), count);
    _hy_member_page_add_row (group, _("Net spend"), spend);
    _hy_member_page_add_row (group, _("Last purchase"), last);
    hy_member_page_show_sales (self, group, profile);
  }

  hy_member_page_show_coupons (self, profile);

  hy_member_page_show_timeline (self, profile);
  gtk_stack_set_visible_child_name (self->stack, "member");
}

static void
profile_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HyMemberPage) self = user_data;
  Profile *profile = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;
  self->loading = FALSE;
  _hy_member_page_update_actions (self);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->error_status, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  self->member_id = profile->member_id;
  hy_member_page_show (self, profile);
}

void
_hy_member_page_reload (HyMemberPage *self)
{
  g_autoptr(GTask) task = NULL;
  Profile *profile;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->database == NULL)
    return;

  self->loading = TRUE;
  _hy_member_page_update_actions (self);
  profile = g_new0 (Profile, 1);
  profile->path = g_strdup (hy_database_get_path (self->database));
  profile->member_id = self->member_id;
  task = g_task_new (NULL, self->cancellable, profile_done, g_object_ref (self));
  g_task_set_source_tag (task, _hy_member_page_reload);
  g_task_set_task_data (task, profile, (GDestroyNotify) profile_free);
  g_task_run_in_thread (task, profile_run);
}

void
hy_member_page_set_member (HyMemberPage *self,
                           HyDatabase   *database,
                           gint64        member_id)
{
  g_return_if_fail (HY_IS_MEMBER_PAGE (self));
  g_return_if_fail (HY_IS_DATABASE (database));

  g_set_object (&self->database, database);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  self->tz = g_time_zone_ref (hy_database_get_time_zone (database));
  self->member_id = member_id;
  gtk_label_set_label (self->title_label, "");
  gtk_stack_set_visible_child_name (self->stack, "loading");
  _hy_member_page_reload (self);
}

gint64
hy_member_page_get_member (HyMemberPage *self)
{
  g_return_val_if_fail (HY_IS_MEMBER_PAGE (self), 0);

  return self->member_id;
}

gboolean
hy_member_page_get_loading (HyMemberPage *self)
{
  g_return_val_if_fail (HY_IS_MEMBER_PAGE (self), FALSE);

  return self->loading;
}

static void
hy_member_page_back_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  g_signal_emit (widget, signals [BACK], 0);
}

static void
hy_member_page_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (hy_member_page_parent_class)->root (widget);
  _hy_member_page_root_analysis (HY_MEMBER_PAGE (widget));
}

static void
hy_member_page_unroot (GtkWidget *widget)
{
  _hy_member_page_unroot_analysis (HY_MEMBER_PAGE (widget));
  GTK_WIDGET_CLASS (hy_member_page_parent_class)->unroot (widget);
}

static void
hy_member_page_dispose (GObject *object)
{
  HyMemberPage *self = HY_MEMBER_PAGE (object);

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (hy_member_page_parent_class)->dispose (object);
}

static void
hy_member_page_finalize (GObject *object)
{
  HyMemberPage *self = HY_MEMBER_PAGE (object);

  g_clear_object (&self->database);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->tz, g_time_zone_unref);

  G_OBJECT_CLASS (hy_member_page_parent_class)->finalize (object);
}

static void
hy_member_page_class_init (HyMemberPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hy_member_page_dispose;
  object_class->finalize = hy_member_page_finalize;
  widget_class->root = hy_member_page_root;
  widget_class->unroot = hy_member_page_unroot;

  signals [BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals [CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/huiyuan/Huiyuan/ui/hy-member-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HyMemberPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, HyMemberPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HyMemberPage, error_status);
  gtk_widget_class_bind_template_child (widget_class, HyMemberPage, content);

  gtk_widget_class_install_action (widget_class, "member.back", NULL, hy_member_page_back_action);
  _hy_member_page_install_actions (widget_class);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "member.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "member.back", NULL);
}

static void
hy_member_page_init (HyMemberPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}
