/* hy-settings-page.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store's settings: its details, tiers, points rules, stored-value bonuses and churn
 * warning thresholds.  Every change is saved at once, in a thread on its own connection, and
 * "changed" tells the rest of the window to read the settings again: nothing needs a restart.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hy-coupon-templates-group.h"
#include "hy-industry.h"
#include "hy-money.h"
#include "hy-segments-group.h"
#include "hy-settings-page.h"
#include "hy-staff-group.h"
#include "hy-tier-store.h"
#include "hy-warnings.h"

typedef enum
{
  GROUP_POINTS,
  GROUP_WARNINGS,
} Group;

/* A whole-number setting shown as a spin button; money settings are stored in minor units. */
typedef struct
{
  Group       group;
  const char *key;
  const char *title;
  const char *subtitle;
  double      lower;
  double      upper;
  gint64      fallback;
  gboolean    money;
} NumberSetting;

static const NumberSetting number_settings[] = {
  { GROUP_POINTS, "points.earn_points", N_("Points earned"), N_("For every amount spent below"), 0, 10000, 10, FALSE },
  { GROUP_POINTS, "points.earn_unit", N_("Per amount spent"), NULL, 0.01, 100000, 10000, TRUE },
  { GROUP_POINTS, "points.available_after_days", N_("Usable after days"), N_("1 is T+1: from the next day"), 0, 90, 1, FALSE },
  { GROUP_POINTS, "points.expiry_months", N_("Expire after months"), N_("0: points never expire"), 0, 120, 12, FALSE },
  { GROUP_POINTS, "points.redeem_points", N_("Points to redeem"), N_("That pay the amount below"), 1, 100000, 100, FALSE },
  { GROUP_POINTS, "points.redeem_value", N_("Amount they pay"), NULL, 0.01, 10000, 100, TRUE },
  { GROUP_POINTS, "points.redeem_cap_percent", N_("Most of an order points can pay, %"), NULL, 0, 100, 50, FALSE },
  { GROUP_POINTS, "points.member_day_weekday", N_("Member day, day of the week"), N_("1 Monday to 7 Sunday; 0: none"), 0, 7, 0, FALSE },
  { GROUP_POINTS, "points.member_day_percent", N_("Member day points, %"), N_("200 earns double"), 100, 1000, 200, FALSE },
  { GROUP_POINTS, "points.birthday_month_percent", N_("Birthday month points, %"), N_("100: no bonus"), 100, 1000, 100, FALSE },
  { GROUP_WARNINGS, "warnings.idle_days", N_("Idle days"), N_("A member who has not bought for this long gets a warning"), 1, 730, 0, FALSE },
  { GROUP_WARNINGS, "warnings.drop_percent", N_("Frequency drop, %"), N_("Buying at under this share of the earlier rate"), 1, 100, 50, FALSE },
  { GROUP_WARNINGS, "warnings.cycle_percent", N_("Own cycle overdue, %"), N_("150: half again as long as the usual gap"), 100, 1000, 150, FALSE },
  { GROUP_WARNINGS, "warnings.p_alive_percent", N_("Low chance still active, %"), NULL, 0, 100, 30, FALSE },
  { GROUP_WARNINGS, "warnings.high_percent", N_("High priority: top members by value, %"), NULL, 1, 100, 20, FALSE },
  { GROUP_WARNINGS, "warnings.focus_days", N_("Focus on members who joined within days"), NULL, 1, 730, 90, FALSE },
};

typedef struct
{
  char   *path;
  GArray *keys;         /* of char *, with values */
  GArray *values;
  HyTier *define;       /* or NULL */
  gint64  remove_id;    /* or 0 */
} SaveJob;

struct _HySettingsPage
{
  AdwBin               parent_instance;

  /* Template widgets */
  AdwEntryRow         *store_name_row;
  AdwComboRow         *currency_row;
  AdwEntryRow         *time_zone_row;
  GtkLabel            *error_label;
  GtkListBox          *tiers_list;
  AdwPreferencesGroup *points_group;
  AdwPreferencesGroup *warnings_group;
  GtkListBox          *bonus_list;
  GtkSpinButton       *bonus_threshold_spin;
  GtkSpinButton       *bonus_amount_spin;
  AdwComboRow         *industry_row;
  HyCouponTemplatesGroup *coupon_templates_group;
  HySegmentsGroup     *segments_group;
  HyStaffGroup        *staff_group;

  /* Owned references */
  HyDatabase          *database;
  GCancellable        *cancellable;
  GPtrArray           *tiers;       /* of HyTier, lowest first */
  GArray              *bonuses;     /* pairs of gint64: threshold, bonus */
  GtkSpinButton       *spins[G_N_ELEMENTS (number_settings)];

  guint                n_saving;
  gboolean             loading;
};

G_DEFINE_FINAL_TYPE (HySettingsPage, hy_settings_page, ADW_TYPE_BIN)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
save_job_free (SaveJob *job)
{
  g_free (job->path);
  g_array_unref (job->keys);
  g_array_unref (job->values);
  hy_tier_free (job->define);
  g_free (job);
}

static void
free_string (gpointer data)
{
  g_free (*(char **) data);
}

static SaveJob *
save_job_new (HySettingsPage *self)
{
  SaveJob *job = g_new0 (SaveJob, 1);

  job->path = g_strdup (hy_database_get_path (self->database));
  job->keys = g_array_new (TRUE, TRUE, sizeof (char *));
  job->values = g_array_new (TRUE, TRUE, sizeof (char *));
  g_array_set_clear_func (job->keys, free_string);
  g_array_set_clear_func (job->values, free_string);
  return job;
}

static void
save_job_set (SaveJob    *job,
              const char *key,
              const char *value)
{
  char *k = g_strdup (key);
  char *v = g_strdup (value);

  g_array_append_val (job->keys, k);
  g_array_append_val (job->values, v);
}

static void
save_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveJob *job = task_data;
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(HyTierStore) tiers = NULL;
  g_autoptr(GError) error = NULL;

  if (!(db = hy_database_open (job->path, HY_DATABASE_OPEN_DEFAULT, &error)))
    goto failed;

  if (job->keys->len > 0)
    {
      if (!hy_database_begin (db, &error))
        goto failed;
      for (guint i = 0; i < job->keys->len; i++)
        if (!hy_database_set_setting (db, g_array_index (job->keys, char *, i),
                                      g_array_index (job->values, char *, i), &error))
          {
            hy_database_rollback (db);
            goto failed;
          }
      if (!hy_database_commit (db, &error))
        goto failed;
    }

  tiers = hy_tier_store_new (db);
  if ((job->define != NULL && hy_tier_store_define (tiers, job->define, &error) < 0) ||
      (job->remove_id > 0 && !hy_tier_store_remove (tiers, job->remove_id, &error)))
    goto failed;

  g_task_return_boolean (task, TRUE);
  return;

failed:
  g_task_return_error (task, g_steal_pointer (&error));
}

static void hy_settings_page_load (HySettingsPage *self);

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HySettingsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->n_saving--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);

  /* Show what the database holds now, and let the till read it. */
  hy_settings_page_load (self);
  g_signal_emit (self, signals [CHANGED], 0);
}

static void
hy_settings_page_save (HySettingsPage *self,
                       SaveJob        *job)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, save_done_cb, g_object_ref (self));

  self->n_saving++;
  g_task_set_source_tag (task, hy_settings_page_save);
  g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);
  g_task_run_in_thread (task, save_worker);
}

static void
hy_settings_page_save_one (HySettingsPage *self,
                           const char     *key,
                           const char     *value)
{
  SaveJob *job;

  if (self->database == NULL || self->loading)
    return;
  job = save_job_new (self);
  save_job_set (job, key, value);
  hy_settings_page_save (self, job);
}

gboolean
hy_settings_page_get_busy (HySettingsPage *self)
{
  g_return_val_if_fail (HY_IS_SETTINGS_PAGE (self), FALSE);

  return self->n_saving > 0;
}

static gint64
setting_int (HyDatabase *db,
             const char *key,
             gint64      fallback)
{
  g_autofree char *text = hy_database_dup_setting (db, key);
  char *end = NULL;
  gint64 value;

  if (text == NULL || *text == '\0')
    return fallback;
  value = g_ascii_strtoll (text, &end, 10);
  return end != text && *end == '\0' ? value : fallback;
}

static void
number_changed_cb (GtkSpinButton  *spin,
                   HySettingsPage *self)
{
  const NumberSetting *setting = g_object_get_data (G_OBJECT (spin), "setting");
  double value = gtk_spin_button_get_value (spin);
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT,
                                           setting->money ? (gint64) llround (value * 100) : (gint64) llround (value));

  hy_settings_page_save_one (self, setting->key, text);
}

static void
hy_settings_page_add_number_rows (HySettingsPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (number_settings); i++)
    {
      const NumberSetting *setting = &number_settings[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *spin = gtk_spin_button_new_with_range (setting->lower, setting->upper, setting->money ? 1 : 1);

      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), setting->money ? 2 : 0);
      gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, _(setting->title), -1);
      g_object_set_data (G_OBJECT (spin), "setting", (gpointer) setting);
      g_signal_connect_object (spin, "value-changed", G_CALLBACK (number_changed_cb), self, 0);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(setting->title));
      if (setting->subtitle != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(setting->subtitle));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
      adw_preferences_group_add (setting->group == GROUP_POINTS ? self->points_group : self->warnings_group, row);
      self->spins[i] = GTK_SPIN_BUTTON (spin);
    }
}

static void
list_box_clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static char *
tier_summary (const HyTier *tier)
{
  g_autofree char *spend = hy_money_format (tier->min_spend, TRUE);
  g_autofree char *from = tier->min_spend > 0
    /* Translators: what a member must spend in the window to reach a tier */
    ? g_strdup_printf (_("from %s in %d days"), spend, tier->window_days)
    : g_strdup (_("where everyone starts"));
  g_autofree char *validity = tier->validity_days > 0
    /* Translators: how long a tier lasts before it is reviewed */
    ? g_strdup_printf (_("kept %d days"), tier->validity_days)
    : g_strdup (_("kept for good"));

  /* Translators: a tier: its level, price, points multiplier, how it is reached, how long it lasts */
  return g_strdup_printf (_("Level %d · pays %d%% · points ×%.2g · %s · %s"),
                          tier->level, tier->price_percent, tier->points_percent / 100.0, from, validity);
}

static void
hy_settings_page_show_tiers (HySettingsPage *self)
{
  list_box_clear (self->tiers_list);
  for (guint i = 0; self->tiers != NULL && i < self->tiers->len; i++)
    {
      const HyTier *tier = self->tiers->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *summary = tier_summary (tier);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tier->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), summary);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->tiers_list, row);
    }
  if (self->tiers == NULL || self->tiers->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No tiers: every member pays list price"));
      gtk_list_box_append (self->tiers_list, row);
    }
}

/* The tier dialog's fields, kept on the dialog. */
typedef struct
{
  GtkEditable   *name;
  GtkSpinButton *level;
  GtkSpinButton *min_spend;
  GtkSpinButton *price;
  GtkSpinButton *points;
  GtkSpinButton *validity;
  HyTier        *tier;       /* being edited, or a new one */
} TierForm;

static void
tier_form_free (TierForm *form)
{
  hy_tier_free (form->tier);
  g_free (form);
}

static GtkSpinButton *
form_spin (GtkWidget  *list,
           const char *title,
           const char *subtitle,
           double      lower,
           double      upper,
           int         digits,
           double      value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, 1);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return GTK_SPIN_BUTTON (spin);
}

static void
tier_name_changed_cb (GtkEditable      *name,
                      AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (name)));

  adw_message_dialog_set_response_enabled (dialog, "save", *text != '\0');
}

static void
tier_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  HySettingsPage   *self)
{
  TierForm *form = g_object_get_data (G_OBJECT (dialog), "form");
  SaveJob *job;

  if (self->database == NULL)
    return;

  if (g_strcmp0 (response, "remove") == 0)
    {
      job = save_job_new (self);
      job->remove_id = form->tier->id;
      hy_settings_page_save (self, job);
      return;
    }
  if (g_strcmp0 (response, "save") != 0)
    return;

  job = save_job_new (self);
  job->define = hy_tier_copy (form->tier);
  g_free (job->define->name);
  job->define->name = g_strstrip (g_strdup (gtk_editable_get_text (form->name)));
  job->define->level = gtk_spin_button_get_value_as_int (form->level);
  job->define->min_spend = llround (gtk_spin_button_get_value (form->min_spend) * 100);
  job->define->price_percent = gtk_spin_button_get_value_as_int (form->price);
  job->define->points_percent = gtk_spin_button_get_value_as_int (form->points);
  job->define->validity_days = gtk_spin_button_get_value_as_int (form->validity);
  hy_settings_page_save (self, job);
}

/* A new level when @tier is NULL. */
static GtkWidget *
hy_settings_page_tier_dialog (HySettingsPage *self,
                              const HyTier   *tier)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  TierForm *form = g_new0 (TierForm, 1);
  GtkWidget *dialog;
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *name = adw_entry_row_new ();
  int next_level = 0;

  for (guint i = 0; self->tiers != NULL && i < self->tiers->len; i++)
    next_level = MAX (next_level, ((HyTier *) self->tiers->pdata[i])->level + 1);
  form->tier = tier != NULL ? hy_tier_copy (tier) : hy_tier_new ();
  if (tier == NULL)
    form->tier->level = next_level;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   tier != NULL ? _("Edit Tier") : _("New Tier"), NULL);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name), C_("name of a thing", "Name"));
  gtk_editable_set_text (GTK_EDITABLE (name), form->tier->name);
  gtk_list_box_append (GTK_LIST_BOX (list), name);
  form->name = GTK_EDITABLE (name);
  form->level = form_spin (list, _("Level"), _("0 is where everyone starts"), 0, 99, 0, form->tier->level);
  /* The level is the tier's identity: a changed level would be another tier. */
  gtk_widget_set_sensitive (GTK_WIDGET (form->level), tier == NULL);
  form->min_spend = form_spin (list, _("Spend to reach it"), _("In the last 365 days; 0: no spend needed"),
                               0, 10000000, 2, form->tier->min_spend / 100.0);
  /* xgettext:no-c-format */
  form->price = form_spin (list, _("Price paid, %"), _("95 is 5% off"), 1, 100, 0, form->tier->price_percent);
  form->points = form_spin (list, _("Points earned, %"), _("150 earns one and a half times"), 0, 1000, 0, form->tier->points_percent);
  form->validity = form_spin (list, _("Kept for days"), _("Then reviewed; 0: kept for good"), 0, 3650, 0, form->tier->validity_days);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  if (tier != NULL)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "remove", _("_Remove"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "save", _("_Save"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "form", form, (GDestroyNotify) tier_form_free);
  g_signal_connect_object (name, "changed", G_CALLBACK (tier_name_changed_cb), dialog, 0);
  tier_name_changed_cb (GTK_EDITABLE (name), ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (tier_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/**
 * hy_settings_page_edit_tier:
 * @index: the tier's place in the list, or the number of tiers for a new one
 *
 * Returns: (transfer none): the dialog, presented
 */
GtkWidget *
hy_settings_page_edit_tier (HySettingsPage *self,
                            guint           index)
{
  g_return_val_if_fail (HY_IS_SETTINGS_PAGE (self), NULL);

  return hy_settings_page_tier_dialog (self, self->tiers != NULL && index < self->tiers->len
                                               ? self->tiers->pdata[index] : NULL);
}

static void
tier_activated_cb (HySettingsPage *self,
                   GtkListBoxRow  *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->tiers != NULL && index >= 0 && (guint) index < self->tiers->len)
    hy_settings_page_tier_dialog (self, self->tiers->pdata[index]);
}

static void
add_tier_cb (HySettingsPage *self)
{
  if (self->database != NULL)
    hy_settings_page_tier_dialog (self, NULL);
}

static void
hy_settings_page_save_bonuses (HySettingsPage *self)
{
  g_autoptr(GString) rules = g_string_new (NULL);

  for (guint i = 0; i + 1 < self->bonuses->len; i += 2)
    g_string_append_printf (rules, "%s%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, rules->len > 0 ? ";" : "",
                            g_array_index (self->bonuses, gint64, i), g_array_index (self->bonuses, gint64, i + 1));
  hy_settings_page_save_one (self, "stored_value.bonus_rules", rules->str);
}

static void
remove_bonus_cb (GtkButton      *button,
                 HySettingsPage *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);
  int index = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));

  g_array_remove_range (self->bonuses, index * 2, 2);
  hy_settings_page_save_bonuses (self);
}

static void
hy_settings_page_show_bonuses (HySettingsPage *self)
{
  list_box_clear (self->bonus_list);
  for (guint i = 0; i + 1 < self->bonuses->len; i += 2)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *threshold = hy_money_format (g_array_index (self->bonuses, gint64, i), TRUE);
      g_autofree char *bonus = hy_money_format (g_array_index (self->bonuses, gint64, i + 1), TRUE);
      /* Translators: a stored-value bonus rule, 充1000送100 */
      g_autofree char *title = g_strdup_printf (_("Top up %s, get %s"), threshold, bonus);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove Bonus"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove Bonus"), -1);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_bonus_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->bonus_list, row);
    }
  if (self->bonuses->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No bonus on top-ups"));
      gtk_list_box_append (self->bonus_list, row);
    }
}

static void
add_bonus_cb (HySettingsPage *self)
{
  gint64 threshold = llround (gtk_spin_button_get_value (self->bonus_threshold_spin) * 100);
  gint64 bonus = llround (gtk_spin_button_get_value (self->bonus_amount_spin) * 100);

  /* One bonus per amount: a new one for the same amount replaces it. */
  for (guint i = 0; i + 1 < self->bonuses->len; i += 2)
    if (g_array_index (self->bonuses, gint64, i) == threshold)
      {
        g_array_remove_range (self->bonuses, i, 2);
        break;
      }
  g_array_append_val (self->bonuses, threshold);
  g_array_append_val (self->bonuses, bonus);
  hy_settings_page_save_bonuses (self);
}

static void
hy_settings_page_load_bonuses (HySettingsPage *self)
{
  g_autofree char *rules = hy_database_dup_setting (self->database, "stored_value.bonus_rules");
  g_auto(GStrv) parts = NULL;

  g_array_set_size (self->bonuses, 0);
  if (rules == NULL)
    rules = g_strdup ("100000:10000");   /* the ledger's default */
  parts = g_strsplit_set (rules, ";,", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *colon = strchr (parts[i], ':');
      gint64 threshold, bonus;

      if (colon == NULL)
        continue;
      threshold = g_ascii_strtoll (parts[i], NULL, 10);
      bonus = g_ascii_strtoll (colon + 1, NULL, 10);
      if (threshold <= 0 || bonus < 0)
        continue;
      g_array_append_val (self->bonuses, threshold);
      g_array_append_val (self->bonuses, bonus);
    }
}

static void
store_name_apply_cb (HySettingsPage *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->store_name_row))));

  if (*name == '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->store_name_row), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->store_name_row), "error");
  hy_settings_page_save_one (self, "store.name", name);
}

static void
currency_changed_cb (HySettingsPage *self)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (self->currency_row);

  if (item != NULL)
    hy_settings_page_save_one (self, "currency", gtk_string_object_get_string (item));
}

static gboolean
time_zone_is_valid (const char *identifier)
{
  g_autoptr(GTimeZone) tz = NULL;

  if (identifier == NULL || *identifier == '\0')
    return FALSE;
  tz = g_time_zone_new_identifier (identifier);
  return tz != NULL;
}

static void
time_zone_changed_cb (HySettingsPage *self)
{
  if (time_zone_is_valid (gtk_editable_get_text (GTK_EDITABLE (self->time_zone_row))))
    gtk_widget_remove_css_class (GTK_WIDGET (self->time_zone_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->time_zone_row), "error");
}

static void
time_zone_apply_cb (HySettingsPage *self)
{
  const char *zone = gtk_editable_get_text (GTK_EDITABLE (self->time_zone_row));

  if (time_zone_is_valid (zone))
    hy_settings_page_save_one (self, "time_zone", zone);
}

static void
apply_preset_cb (HySettingsPage *self)
{
  HyIndustry industry = adw_combo_row_get_selected (self->industry_row);
  const char *id = hy_industry_to_string (industry);
  g_autofree char *days = g_strdup_printf ("%u", hy_warnings_idle_days_preset (id));
  SaveJob *job;

  if (self->database == NULL)
    return;
  job = save_job_new (self);
  save_job_set (job, "industry", id);
  save_job_set (job, "warnings.idle_days", days);
  hy_settings_page_save (self, job);
}

static void
hy_settings_page_load (HySettingsPage *self)
{
  g_autofree char *name = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *zone = NULL;
  g_autofree char *industry_id = NULL;
  g_autoptr(HyTierStore) tiers = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *currencies;
  HyIndustry industry = HY_INDUSTRY_GENERAL;

  if (self->database == NULL)
    return;

  self->loading = TRUE;
  name = hy_database_dup_setting (self->database, "store.name");
  currency = hy_database_dup_setting (self->database, "currency");
  zone = hy_database_dup_setting (self->database, "time_zone");
  industry_id = hy_database_dup_setting (self->database, "industry");
  gtk_editable_set_text (GTK_EDITABLE (self->store_name_row), name != NULL ? name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->time_zone_row), zone != NULL ? zone : "");
  currencies = adw_combo_row_get_model (self->currency_row);
  for (guint i = 0; i < g_list_model_get_n_items (currencies); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (currencies), i), currency) == 0)
      adw_combo_row_set_selected (self->currency_row, i);
  if (industry_id != NULL)
    hy_industry_from_string (industry_id, &industry);
  adw_combo_row_set_selected (self->industry_row, industry);

  for (guint i = 0; i < G_N_ELEMENTS (number_settings); i++)
    {
      const NumberSetting *setting = &number_settings[i];
      gint64 fallback = setting->fallback;
      gint64 value;

      if (g_str_equal (setting->key, "warnings.idle_days"))
        fallback = hy_warnings_idle_days_preset (industry_id);
      value = setting_int (self->database, setting->key, fallback);
      gtk_spin_button_set_value (self->spins[i], setting->money ? value / 100.0 : (double) value);
    }

  tiers = hy_tier_store_new (self->database);
  g_clear_pointer (&self->tiers, g_ptr_array_unref);
  if (!(self->tiers = hy_tier_store_list (tiers, &error)))
    g_warning ("Failed to read the tiers: %s", error->message);
  hy_settings_page_show_tiers (self);

  hy_settings_page_load_bonuses (self);
  hy_settings_page_show_bonuses (self);
  hy_coupon_templates_group_reload (self->coupon_templates_group);
  hy_segments_group_reload (self->segments_group);
  hy_staff_group_reload (self->staff_group);
  self->loading = FALSE;
}

void
hy_settings_page_set_database (HySettingsPage *self,
                               HyDatabase     *database)
{
  g_return_if_fail (HY_IS_SETTINGS_PAGE (self));
  g_return_if_fail (database == NULL || HY_IS_DATABASE (database));

  if (!g_set_object (&self->database, database))
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  hy_coupon_templates_group_set_database (self->coupon_templates_group, database);
  hy_segments_group_set_database (self->segments_group, database);
  hy_staff_group_set_database (self->staff_group, database);
  /* Not at start-up, for a page not shown: when it is (see map). */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    hy_settings_page_load (self);
}

/* Shown again: show what the database holds now, which the CLI or another window may have
 * changed. */
static void
hy_settings_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (hy_settings_page_parent_class)->map (widget);

  hy_settings_page_load (HY_SETTINGS_PAGE (widget));
}

static void
hy_settings_page_dispose (GObject *object)
{
  HySettingsPage *self = HY_SETTINGS_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (hy_settings_page_parent_class)->dispose (object);
}

static void
hy_settings_page_finalize (GObject *object)
{
  HySettingsPage *self = HY_SETTINGS_PAGE (object);

  g_clear_object (&self->database);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->tiers, g_ptr_array_unref);
  g_clear_pointer (&self->bonuses, g_array_unref);

  G_OBJECT_CLASS (hy_settings_page_parent_class)->finalize (object);
}

static void
hy_settings_page_class_init (HySettingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hy_settings_page_dispose;
  object_class->finalize = hy_settings_page_finalize;
  widget_class->map = hy_settings_page_map;

  /**
   * HySettingsPage::changed:
   *
   * A change was saved (or failed, and the page shows the database again).
   */
  signals [CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/huiyuan/Huiyuan/ui/hy-settings-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HySettingsPage, store_name_row);
  gtk_widget_class_bind_template_child (widget_class, HySettingsPage, currency_row);
  gtk_widget_class_bind_template_child (widget_class, HySettingsPage, time_zone_row);
  gtk_widget_class_bind_template_child (widget_class, HySettingsPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, HySettingsPage, tiers_list);
  gtk_widget_class_bind_template_child (widget_class, HySettingsPage, points_group);
  gtk_widget_class_bind_template_child (widget_class, HySettingsPage, warnings_group);
  gtk_widget_class_bind_template_child (widget_class, HySettingsPage, bonus_list);
  gtk_widget_class_bind_template_child (widget_class, HySettingsPage, bonus_threshold_spin);
  gtk_widget_class_bind_template_child (widget_class, HySettingsPage, bonus_amount_spin);
  gtk_widget_class_bind_template_child (widget_class, HySettingsPage, industry_row);
  gtk_widget_class_bind_template_child (widget_class, HySettingsPage, coupon_templates_group);
  gtk_widget_class_bind_template_child (widget_class, HySettingsPage, segments_group);
  gtk_widget_class_bind_template_child (widget_class, HySettingsPage, staff_group);
  gtk_widget_class_bind_template_callback (widget_class, store_name_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, currency_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, time_zone_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, time_zone_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_tier_cb);
  gtk_widget_class_bind_template_callback (widget_class, tier_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_bonus_cb);
  gtk_widget_class_bind_template_callback (widget_class, apply_preset_cb);

  g_type_ensure (HY_TYPE_COUPON_TEMPLATES_GROUP);
  g_type_ensure (HY_TYPE_SEGMENTS_GROUP);
  g_type_ensure (HY_TYPE_STAFF_GROUP);
}

static void
hy_settings_page_init (HySettingsPage *self)
{
  g_autoptr(GtkStringList) industries = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->bonuses = g_array_new (FALSE, TRUE, sizeof (gint64));
  for (guint i = 0; i < HY_N_INDUSTRIES; i++)
    gtk_string_list_append (industries, _(hy_industry_get_info (i)->label));
  self->loading = TRUE;
  adw_combo_row_set_model (self->industry_row, G_LIST_MODEL (industries));
  hy_settings_page_add_number_rows (self);
  self->loading = FALSE;
}
