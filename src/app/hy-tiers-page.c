/* hy-tiers-page.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Tiers & points page: each level with what it takes and how many members hold it, the
 * points rules in words, and the rewards catalogue with its stock.  "Review Tiers Now" runs
 * the core's review of every member in a thread on its own connection, with progress, and
 * can be cancelled between batches.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-money.h"
#include "hy-points-ledger.h"
#include "hy-reward-store.h"
#include "hy-tier-store.h"
#include "hy-tiers-page.h"

struct _HyTiersPage
{
  AdwBin          parent_instance;

  /* Template widgets */
  GtkButton      *review_button;
  GtkListBox     *tiers_list;
  GtkWidget      *progress_box;
  GtkProgressBar *progress_bar;
  GtkListBox     *points_list;
  GtkListBox     *rewards_list;

  /* Owned references */
  HyDatabase     *database;
  GCancellable   *cancellable;
  GCancellable   *review_cancellable;

  guint           progress_source;
  guint           n_loading;
  int             review_permille;   /* written by the review's thread */
  gboolean        reviewing;
};

G_DEFINE_FINAL_TYPE (HyTiersPage, hy_tiers_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
notify_busy (HyTiersPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BUSY]);
}

static void
list_clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
add_row (GtkListBox *list,
         const char *title,
         const char *subtitle,
         const char *suffix)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (suffix != NULL)
    {
      GtkWidget *label = gtk_label_new (suffix);

      gtk_widget_set_name (label, "suffix");
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  gtk_list_box_append (list, row);
  return row;
}

/* ---- Reading ---- */

typedef struct
{
  GPtrArray     *tiers;     /* of HyTier, lowest first */
  GArray        *counts;    /* of HyTierCount, the same order */
  GPtrArray     *rewards;   /* of HyReward */
  HyPointsRules  rules;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_pointer (&loaded->tiers, g_ptr_array_unref);
  g_clear_pointer (&loaded->counts, g_array_unref);
  g_clear_pointer (&loaded->rewards, g_ptr_array_unref);
  g_free (loaded);
}

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(HyTierStore) tiers = NULL;
  g_autoptr(HyRewardStore) rewards = NULL;
  g_autoptr(GError) error = NULL;
  Loaded *loaded = g_new0 (Loaded, 1);

  if (!(db = hy_database_open (task_data, HY_DATABASE_OPEN_DEFAULT, &error)))
    goto failed;
  tiers = hy_tier_store_new (db);
  rewards = hy_reward_store_new (db);
  if (!(loaded->tiers = hy_tier_store_list (tiers, &error)) ||
      !(loaded->counts = hy_tier_store_count_members (tiers, &error)) ||
      !(loaded->rewards = hy_reward_store_list (rewards, FALSE, &error)))
    goto failed;
  hy_points_rules_load (db, &loaded->rules);
  g_task_return_pointer (task, loaded, (GDestroyNotify) loaded_free);
  return;

failed:
  loaded_free (loaded);
  g_task_return_error (task, g_steal_pointer (&error));
}

static char *
tier_summary (const HyTier *tier)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *criteria = NULL;

  if (tier->min_spend > 0)
    {
      g_autofree char *spend = hy_money_format (tier->min_spend, TRUE);

      /* Translators: a tier's criterion: net spend */
      g_ptr_array_add (parts, g_strdup_printf (_("spend %s"), spend));
    }
  if (tier->min_visits > 0)
    {
      g_autofree char *visits = hy_count_format (tier->min_visits);

      g_ptr_array_add (parts, g_strdup_printf (_("%s visits"), visits));
    }
  if (tier->min_points > 0)
    {
      g_autofree char *points = hy_count_format (tier->min_points);

      g_ptr_array_add (parts, g_strdup_printf (_("%s points earned"), points));
    }
  if (parts->len == 0)
    /* Translators: a tier's level number, for the level without criteria */
    return g_strdup_printf (_("Level %d · where everyone starts"), tier->level);

  g_ptr_array_add (parts, NULL);
  /* Translators: joins a tier's criteria when all are needed, or any one */
  criteria = g_strjoinv (tier->require_all ? _(" and ") : _(" or "), (char **) parts->pdata);
  /* Translators: a tier's level, its criteria, and the window they are counted over */
  return g_strdup_printf (_("Level %d · %s in %d days"), tier->level, criteria, tier->window_days);
}

static void
show_tiers (HyTiersPage *self,
            Loaded      *loaded)
{
  list_clear (self->tiers_list);
  for (guint i = 0; i < loaded->tiers->len && i < loaded->counts->len; i++)
    {
      const HyTier *tier = loaded->tiers->pdata[i];
      gint64 members = g_array_index (loaded->counts, HyTierCount, i).members;
      g_autofree char *count = hy_count_format (members);
      g_autofree char *suffix = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s member", "%s members", members), count);
      g_autofree char *summary = tier_summary (tier);
      /* Translators: what a tier's members pay and earn: 95% of the price, points ×1.5 */
      g_autofree char *terms = g_strdup_printf (_("pays %d%% · points ×%.2g"), tier->price_percent, tier->points_percent / 100.0);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", summary, terms);
      GtkWidget *row = add_row (self->tiers_list, tier->name, subtitle, suffix);

      gtk_widget_set_name (row, tier->name);
    }
  if (loaded->tiers->len == 0)
    add_row (self->tiers_list, _("No tiers yet"), _("Every member pays list price. Add levels in Settings."), NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->review_button), loaded->tiers->len > 0 && !self->reviewing);
}

static const char * const weekdays[] = {
  NULL, N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"), N_("Sunday"),
};

static void
show_points_rules (HyTiersPage         *self,
                   const HyPointsRules *r)
{
  g_autofree char *unit = hy_money_format (r->earn_unit, TRUE);
  g_autofree char *value = hy_money_format (r->redeem_value, TRUE);
  g_autofree char *earn = NULL;
  g_autofree char *usable = NULL;
  g_autofree char *expiry = NULL;
  g_autofree char *redeem = NULL;
  g_autofree char *member_day = NULL;
  g_autofree char *birthday = NULL;
  g_autofree char *bonuses = NULL;

  list_clear (self->points_list);
  /* Translators: 10 points for every 100.00 spent */
  earn = g_strdup_printf (_("%lld points for every %s spent"), (long long) r->earn_points, unit);
  usable = r->available_after_days <= 0
    ? g_strdup (_("At once"))
    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "After %d day (T+%d)", "After %d days (T+%d)", r->available_after_days),
                       (int) r->available_after_days, (int) r->available_after_days);
  expiry = r->expiry_months <= 0
    ? g_strdup (_("Never"))
    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d month after they are earned", "%d months after they are earned",
                                    r->expiry_months), (int) r->expiry_months);
  /* Translators: 100 points pay 1.00, up to 50% of an order */
  redeem = g_strdup_printf (_("%lld points pay %s, up to %d%% of an order"), (long long) r->redeem_points, value,
                            (int) r->redeem_cap_percent);
  if (r->member_day_weekday >= 1 && r->member_day_weekday <= 7)
    /* Translators: the member day, and its points multiplier */
    member_day = g_strdup_printf (_("Every %s, points ×%.2g"), _(weekdays[r->member_day_weekday]), r->member_day_percent / 100.0);
  else if (r->member_day_monthday >= 1 && r->member_day_monthday <= 31)
    member_day = g_strdup_printf (_("Day %d of every month, points ×%.2g"), (int) r->member_day_monthday, r->member_day_percent / 100.0);
  else
    member_day = g_strdup (_("None"));
  birthday = r->birthday_month_percent > 100
    ? g_strdup_printf (_("Points ×%.2g"), r->birthday_month_percent / 100.0)
    : g_strdup (_("No bonus"));
  /* Translators: points for signing up, the daily check-in and bringing a friend */
  bonuses = g_strdup_printf (_("Sign-up %lld · check-in %lld a day · referral %lld"),
                             (long long) r->signup_points, (long long) r->checkin_points, (long long) r->referral_points);

  add_row (self->points_list, _("Earning"), earn, NULL);
  add_row (self->points_list, _("Usable"), usable, NULL);
  add_row (self->points_list, _("Expire"), expiry, NULL);
  add_row (self->points_list, _("Paying with points"), redeem, NULL);
  add_row (self->points_list, _("Member day"), member_day, NULL);
  add_row (self->points_list, _("Birthday month"), birthday, NULL);
  add_row (self->points_list, _("Bonus points"), bonuses, NULL);
}

static void
show_rewards (HyTiersPage *self,
              GPtrArray   *rewards)
{
  list_clear (self->rewards_list);
  for (guint i = 0; i < rewards->len; i++)
    {
      const HyReward *reward = rewards->pdata[i];
      g_autofree char *points = hy_count_format (reward->points);
      g_autofree char *left = hy_count_format (reward->stock);
      g_autofree char *redeemed = hy_count_format (reward->redeemed);
      /* Translators: what a reward costs, and how many were taken */
      g_autofree char *subtitle = g_strdup_printf (_("%s points · %s redeemed"), points, redeemed);
      g_autofree char *stock = reward->stock < 0
        ? g_strdup (_("Unlimited"))
        : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s left", "%s left", reward->stock), left);
      GtkWidget *row = add_row (self->rewards_list, reward->name, subtitle, stock);

      gtk_widget_set_name (row, reward->name);
    }
  if (rewards->len == 0)
    add_row (self->rewards_list, _("No rewards in the catalogue"), _("Define them with “huiyuan-cli reward define”."), NULL);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HyTiersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Loaded *loaded = g_task_propagate_pointer (G_TASK (result), &error);

  self->n_loading--;
  if (loaded != NULL && g_task_get_cancellable (G_TASK (result)) == self->cancellable)
    {
      show_tiers (self, loaded);
      show_points_rules (self, &loaded->rules);
      show_rewards (self, loaded->rewards);
    }
  else if (loaded == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Failed to read the tiers and points: %s", error->message);
  g_clear_pointer (&loaded, loaded_free);
  notify_busy (self);
}

void
hy_tiers_page_reload (HyTiersPage *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HY_IS_TIERS_PAGE (self));

  if (self->database == NULL)
    return;
  task = g_task_new (self, self->cancellable, load_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, hy_tiers_page_reload);
  g_task_set_task_data (task, g_strdup (hy_database_get_path (self->database)), g_free);
  g_task_set_return_on_cancel (task, TRUE);
  self->n_loading++;
  notify_busy (self);
  g_task_run_in_thread (task, load_worker);
}

/* ---- The review ---- */

static void
review_progress (guint64  done,
                 guint64  total,
                 gpointer user_data)
{
  HyTiersPage *self = user_data;

  if (total > 0)
    g_atomic_int_set (&self->review_permille, (int) MIN (1000, done * 1000 / total));
}

static void
review_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(HyTierStore) tiers = NULL;
  g_autoptr(GError) error = NULL;
  gint64 changed = 0;

  if (!(db = hy_database_open (task_data, HY_DATABASE_OPEN_DEFAULT, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  tiers = hy_tier_store_new (db);
  /* The page outlives the task: the task holds a reference to it. */
  if (!hy_tier_store_review_all (tiers, review_progress, source_object, cancellable, &changed, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, changed);
}

static gboolean
progress_cb (gpointer data)
{
  HyTiersPage *self = data;
  int permille = g_atomic_int_get (&self->review_permille);
  g_autofree char *text = g_strdup_printf (_("Reviewing members… %d%%"), permille / 10);

  gtk_progress_bar_set_fraction (self->progress_bar, permille / 1000.0);
  gtk_progress_bar_set_text (self->progress_bar, text);
  return G_SOURCE_CONTINUE;
}

static void
hy_tiers_page_set_reviewing (HyTiersPage *self,
                             gboolean     reviewing)
{
  self->reviewing = reviewing;
  gtk_widget_set_visible (self->progress_box, reviewing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->review_button), !reviewing);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  if (reviewing)
    {
      g_atomic_int_set (&self->review_permille, 0);
      progress_cb (self);
      self->progress_source = g_timeout_add (100, progress_cb, self);
    }
  notify_busy (self);
}

static void
review_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HyTiersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gssize changed = g_task_propagate_int (G_TASK (result), &error);
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *text = NULL;

  g_clear_object (&self->review_cancellable);
  hy_tiers_page_set_reviewing (self, FALSE);
  if (changed < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    text = g_strdup (_("Review stopped; the members reviewed so far keep their new levels"));
  else if (changed < 0)
    text = g_strdup_printf (_("Could not review the tiers: %s"), error->message);
  else
    {
      g_autofree char *count = hy_count_format (changed);

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Tiers reviewed: %s member changed level",
                                           "Tiers reviewed: %s members changed level", changed), count);
    }
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
  if (changed < 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Failed to review the tiers: %s", error->message);
  hy_tiers_page_reload (self);
}

void
hy_tiers_page_review (HyTiersPage *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HY_IS_TIERS_PAGE (self));

  if (self->database == NULL || self->reviewing)
    return;
  self->review_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           self->review_cancellable, G_CONNECT_SWAPPED);
  task = g_task_new (self, self->review_cancellable, review_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, hy_tiers_page_review);
  g_task_set_task_data (task, g_strdup (hy_database_get_path (self->database)), g_free);
  hy_tiers_page_set_reviewing (self, TRUE);
  g_task_run_in_thread (task, review_worker);
}

static void
review_clicked_cb (HyTiersPage *self)
{
  hy_tiers_page_review (self);
}

static void
cancel_review_cb (HyTiersPage *self)
{
  if (self->review_cancellable != NULL)
    g_cancellable_cancel (self->review_cancellable);
}

/* ---- The page ---- */

void
hy_tiers_page_set_database (HyTiersPage *self,
                            HyDatabase  *database)
{
  g_return_if_fail (HY_IS_TIERS_PAGE (self));
  g_return_if_fail (database == NULL || HY_IS_DATABASE (database));

  if (!g_set_object (&self->database, database))
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  list_clear (self->tiers_list);
  list_clear (self->points_list);
  list_clear (self->rewards_list);
  hy_tiers_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DATABASE]);
}

gboolean
hy_tiers_page_get_busy (HyTiersPage *self)
{
  g_return_val_if_fail (HY_IS_TIERS_PAGE (self), FALSE);

  return self->n_loading > 0 || self->reviewing;
}

/* Shown again: settings, sales or the CLI may have changed the levels and counts. */
static void
hy_tiers_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (hy_tiers_page_parent_class)->map (widget);

  hy_tiers_page_reload (HY_TIERS_PAGE (widget));
}

static void
hy_tiers_page_dispose (GObject *object)
{
  HyTiersPage *self = HY_TIERS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);

  G_OBJECT_CLASS (hy_tiers_page_parent_class)->dispose (object);
}

static void
hy_tiers_page_finalize (GObject *object)
{
  HyTiersPage *self = HY_TIERS_PAGE (object);

  g_clear_object (&self->database);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->review_cancellable);

  G_OBJECT_CLASS (hy_tiers_page_parent_class)->finalize (object);
}

static void
hy_tiers_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HyTiersPage *self = HY_TIERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, hy_tiers_page_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hy_tiers_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  HyTiersPage *self = HY_TIERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      hy_tiers_page_set_database (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hy_tiers_page_class_init (HyTiersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hy_tiers_page_dispose;
  object_class->finalize = hy_tiers_page_finalize;
  object_class->get_property = hy_tiers_page_get_property;
  object_class->set_property = hy_tiers_page_set_property;
  widget_class->map = hy_tiers_page_map;

  properties [PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         HY_TYPE_DATABASE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/huiyuan/Huiyuan/ui/hy-tiers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HyTiersPage, review_button);
  gtk_widget_class_bind_template_child (widget_class, HyTiersPage, tiers_list);
  gtk_widget_class_bind_template_child (widget_class, HyTiersPage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, HyTiersPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, HyTiersPage, points_list);
  gtk_widget_class_bind_template_child (widget_class, HyTiersPage, rewards_list);
  gtk_widget_class_bind_template_callback (widget_class, review_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_review_cb);
}

static void
hy_tiers_page_init (HyTiersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}
