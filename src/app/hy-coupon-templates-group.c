/* hy-coupon-templates-group.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Settings → Coupon templates: the store's templates in words, and a form to add or change
 * one.  The form asks the core's own checks as the user types and says what is wrong before
 * anything is saved.  A template that has issued coupons keeps its terms (the core refuses
 * to change them), so the form locks those fields and says why.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hy-coupon-store.h"
#include "hy-coupon-templates-group.h"
#include "hy-coupon-text.h"
#include "hy-form-dialog.h"
#include "hy-parse.h"
#include "hy-time.h"

struct _HyCouponTemplatesGroup
{
  AdwPreferencesGroup  parent_instance;

  /* Template widgets */
  GtkListBox          *templates_list;

  /* Owned references */
  HyDatabase          *database;
  GPtrArray           *templates;   /* of HyCouponTemplate, oldest first */
  GArray              *counts;      /* of HyCouponCounts, the same order */
};

G_DEFINE_FINAL_TYPE (HyCouponTemplatesGroup, hy_coupon_templates_group, ADW_TYPE_PREFERENCES_GROUP)

/* The form's fields, kept on its dialog. */
typedef struct
{
  HyCouponTemplate *tmpl;        /* being edited (id > 0) or new */
  gint64            issued;
  GtkEditable      *name;
  AdwComboRow      *kind;
  GtkSpinButton    *amount;
  GtkSpinButton    *threshold;
  GtkSpinButton    *percent;
  GtkEditable      *category;
  GtkSpinButton    *days;
  GtkEditable      *last_day;
  GtkSpinButton    *limit;
  GtkSwitch        *stackable;
} TemplateForm;

static void
template_form_free (TemplateForm *form)
{
  hy_coupon_template_free (form->tmpl);
  g_free (form);
}

static GtkWidget *
form_row (GtkListBox *list,
          const char *name,
          const char *title,
          const char *subtitle,
          GtkWidget  *suffix)
{
  GtkWidget *row = adw_action_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (suffix, GTK_ALIGN_CENTER);
  gtk_widget_set_name (suffix, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (suffix), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), suffix);
  gtk_list_box_append (list, row);
  return row;
}

static GtkSpinButton *
form_spin (GtkListBox *list,
           const char *name,
           const char *title,
           const char *subtitle,
           double      upper,
           int         digits,
           double      value)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0, upper, digits > 0 ? 1 : 1);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  form_row (list, name, title, subtitle, spin);
  return GTK_SPIN_BUTTON (spin);
}

static GtkEditable *
form_entry (GtkListBox *list,
            const char *name,
            const char *title,
            const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  gtk_list_box_append (list, row);
  return GTK_EDITABLE (row);
}

/* The template as the form has it now; FALSE with @error when the last day cannot be read. */
static gboolean
template_form_read (HyCouponTemplatesGroup  *self,
                    TemplateForm            *form,
                    HyCouponTemplate        *out,
                    GError                 **error)
{
  GTimeZone *tz = hy_database_get_time_zone (self->database);
  const char *last = gtk_editable_get_text (form->last_day);
  int year, month, day;

  out->id = form->tmpl->id;
  g_free (out->name);
  out->name = g_strstrip (g_strdup (gtk_editable_get_text (form->name)));
  out->kind = adw_combo_row_get_selected (form->kind) + HY_COUPON_THRESHOLD_OFF;
  out->amount = out->kind == HY_COUPON_PERCENT_OFF ? 0 : llround (gtk_spin_button_get_value (form->amount) * 100);
  out->threshold = out->kind == HY_COUPON_THRESHOLD_OFF ? llround (gtk_spin_button_get_value (form->threshold) * 100) : 0;
  out->percent = out->kind == HY_COUPON_PERCENT_OFF ? gtk_spin_button_get_value_as_int (form->percent) : 0;
  g_free (out->category);
  out->category = g_strstrip (g_strdup (gtk_editable_get_text (form->category)));
  out->valid_days = gtk_spin_button_get_value_as_int (form->days);
  out->per_member_limit = gtk_spin_button_get_value_as_int (form->limit);
  out->stackable = gtk_switch_get_active (form->stackable);
  out->valid_from = 0;
  out->valid_until = 0;
  if (*last == '\0')
    return TRUE;
  if (!hy_parse_date (last, &year, &month, &day, error))
    return FALSE;
  /* The last day is whole: validity ends where the next day starts. */
  out->valid_from = form->tmpl->valid_from;
  out->valid_until = hy_time_day_start (tz, hy_time_ymd_to_day (year, month, day) + 1);
  return TRUE;
}

/* What stops the form from being saved, or NULL. */
static char *
template_form_problem (HyCouponTemplatesGroup *self,
                       TemplateForm           *form)
{
  g_autoptr(HyCouponTemplate) tmpl = hy_coupon_template_new ();
  g_autoptr(GError) error = NULL;

  if (!template_form_read (self, form, tmpl, &error) || !hy_coupon_template_validate (tmpl, &error))
    return g_strdup (error->message);
  for (guint i = 0; self->templates != NULL && i < self->templates->len; i++)
    {
      const HyCouponTemplate *other = self->templates->pdata[i];

      if (other->id != tmpl->id && g_strcmp0 (other->name, tmpl->name) == 0)
        return g_strdup_printf (_("There is already a coupon template called “%s”"), tmpl->name);
    }
  return NULL;
}

static void
template_form_changed_cb (GtkWidget *dialog)
{
  HyCouponTemplatesGroup *self = g_object_get_data (G_OBJECT (dialog), "group");
  TemplateForm *form = g_object_get_data (G_OBJECT (dialog), "form");
  HyCouponKind kind = adw_combo_row_get_selected (form->kind) + HY_COUPON_THRESHOLD_OFF;
  g_autofree char *problem = NULL;
  gboolean named;

  if (self->database == NULL)
    return;
  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (form->amount), GTK_TYPE_LIST_BOX_ROW), kind != HY_COUPON_PERCENT_OFF);
  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (form->threshold), GTK_TYPE_LIST_BOX_ROW), kind == HY_COUPON_THRESHOLD_OFF);
  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (form->percent), GTK_TYPE_LIST_BOX_ROW), kind == HY_COUPON_PERCENT_OFF);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (gtk_widget_get_ancestor (GTK_WIDGET (form->amount), GTK_TYPE_LIST_BOX_ROW)),
                                 kind == HY_COUPON_GIFT ? _("Gift worth at most, 0: any") : _("Amount off"));

  /* A form just opened has no name yet: that is not an error to show. */
  problem = template_form_problem (self, form);
  named = *gtk_editable_get_text (form->name) != '\0';
  hy_form_dialog_set_problem (dialog, named ? problem : NULL, problem == NULL);
}

static void
template_response_cb (AdwMessageDialog       *dialog,
                      const char             *response,
                      HyCouponTemplatesGroup *self)
{
  TemplateForm *form = g_object_get_data (G_OBJECT (dialog), "form");
  g_autoptr(HyCouponTemplate) tmpl = hy_coupon_template_new ();
  g_autoptr(HyCouponStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean saved;

  if (g_strcmp0 (response, "save") != 0 || self->database == NULL)
    return;

  store = hy_coupon_store_new (self->database);
  saved = template_form_read (self, form, tmpl, &error) &&
          (tmpl->id > 0 ? hy_coupon_store_update_template (store, tmpl, &error)
                        : hy_coupon_store_define (store, tmpl, &error) > 0);
  hy_coupon_templates_group_reload (self);
  if (!saved)
    hy_show_error (GTK_WIDGET (self), _("Coupon Template Not Saved"), error->message);
}

static void
template_form_build (TemplateForm *form,
                     GtkListBox   *list,
                     HyDatabase   *db)
{
  const HyCouponTemplate *t = form->tmpl;
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autofree char *last = t->valid_until != 0 ? hy_time_format_local (hy_database_get_time_zone (db), t->valid_until - 1, FALSE) : NULL;
  GtkWidget *kind = adw_combo_row_new ();
  GtkWidget *stackable = gtk_switch_new ();

  for (HyCouponKind k = HY_COUPON_THRESHOLD_OFF; k <= HY_COUPON_GIFT; k++)
    gtk_string_list_append (kinds, hy_coupon_text_kind_label (k));

  form->name = form_entry (list, "name", C_("name of a thing", "Name"), t->name);
  gtk_widget_set_name (kind, "kind");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (kind), _("Kind"));
  adw_combo_row_set_model (ADW_COMBO_ROW (kind), G_LIST_MODEL (kinds));
  adw_combo_row_set_selected (ADW_COMBO_ROW (kind), t->kind - HY_COUPON_THRESHOLD_OFF);
  gtk_list_box_append (list, kind);
  form->kind = ADW_COMBO_ROW (kind);
  form->amount = form_spin (list, "amount", _("Amount off"), NULL, 1000000, 2, t->amount / 100.0);
  form->threshold = form_spin (list, "threshold", _("Minimum spend"), _("What the items in scope must reach"),
                               10000000, 2, t->threshold / 100.0);
  /* xgettext:no-c-format */
  form->percent = form_spin (list, "percent", _("Percent off"), _("20 takes 20% off (8折)"), 99, 0, t->percent);
  form->category = form_entry (list, "category", _("Only this category; empty: the whole order"), t->category);
  form->days = form_spin (list, "days", _("Valid for days from issue"), _("0: until the last day below"), 3650, 0, t->valid_days);
  form->last_day = form_entry (list, "last-day", _("Last day, such as 2026-12-31; may be empty"), last);
  form->limit = form_spin (list, "limit", _("Most one member may hold"), _("0: no limit"), 1000, 0, t->per_member_limit);
  gtk_switch_set_active (GTK_SWITCH (stackable), t->stackable);
  form_row (list, "stackable", _("Stackable"), _("May be used together with other stackable coupons"), stackable);
  form->stackable = GTK_SWITCH (stackable);

  /* What issued coupons promise stays as it is. */
  if (form->issued > 0)
    {
      GtkWidget *locked[] = { kind, GTK_WIDGET (form->amount), GTK_WIDGET (form->threshold), GTK_WIDGET (form->percent),
                              GTK_WIDGET (form->category), stackable };

      for (guint i = 0; i < G_N_ELEMENTS (locked); i++)
        gtk_widget_set_sensitive (locked[i], FALSE);
    }
}

static GtkWidget *
hy_coupon_templates_group_dialog (HyCouponTemplatesGroup *self,
                                  const HyCouponTemplate *tmpl,
                                  gint64                  issued)
{
  TemplateForm *form = g_new0 (TemplateForm, 1);
  GtkListBox *list;
  GtkWidget *dialog;
  g_autofree char *body = NULL;
  GtkEditable *editables[3];
  GtkSpinButton *spins[5];

  if (tmpl != NULL)
    {
      form->tmpl = g_memdup2 (tmpl, sizeof *tmpl);
      form->tmpl->name = g_strdup (tmpl->name);
      form->tmpl->category = g_strdup (tmpl->category);
    }
  else
    {
      /* 满100减20 for 30 days: the most common coupon, to change from. */
      form->tmpl = hy_coupon_template_new ();
      form->tmpl->amount = 2000;
      form->tmpl->threshold = 10000;
      form->tmpl->valid_days = 30;
    }
  form->issued = issued;
  if (issued > 0)
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%lld coupon was issued with these terms; they stay as they are. Make a new template for other terms.",
                                         "%lld coupons were issued with these terms; they stay as they are. Make a new template for other terms.",
                                         issued), (long long) issued);

  dialog = hy_form_dialog_new (GTK_WIDGET (self), tmpl != NULL ? _("Edit Coupon Template") : _("New Coupon Template"),
                               body, "save", _("_Save"), &list);
  template_form_build (form, list, self->database);
  g_object_set_data (G_OBJECT (dialog), "group", self);
  g_object_set_data_full (G_OBJECT (dialog), "form", form, (GDestroyNotify) template_form_free);

  editables[0] = form->name;
  editables[1] = form->category;
  editables[2] = form->last_day;
  for (guint i = 0; i < G_N_ELEMENTS (editables); i++)
    g_signal_connect_object (editables[i], "changed", G_CALLBACK (template_form_changed_cb), dialog, G_CONNECT_SWAPPED);
  spins[0] = form->amount;
  spins[1] = form->threshold;
  spins[2] = form->percent;
  spins[3] = form->days;
  spins[4] = form->limit;
  for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
    g_signal_connect_object (spins[i], "value-changed", G_CALLBACK (template_form_changed_cb), dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (form->kind, "notify::selected", G_CALLBACK (template_form_changed_cb), dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (form->stackable, "notify::active", G_CALLBACK (template_form_changed_cb), dialog, G_CONNECT_SWAPPED);
  template_form_changed_cb (dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (template_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/**
 * hy_coupon_templates_group_edit:
 * @index: the template's place in the list, or the number of templates for a new one
 *
 * Returns: (transfer none): the form's dialog, presented
 */
GtkWidget *
hy_coupon_templates_group_edit (HyCouponTemplatesGroup *self,
                                guint                   index)
{
  g_return_val_if_fail (HY_IS_COUPON_TEMPLATES_GROUP (self), NULL);
  g_return_val_if_fail (self->database != NULL, NULL);

  if (self->templates != NULL && index < self->templates->len)
    return hy_coupon_templates_group_dialog (self, self->templates->pdata[index],
                                             g_array_index (self->counts, HyCouponCounts, index).issued);
  return hy_coupon_templates_group_dialog (self, NULL, 0);
}

static void
add_clicked_cb (HyCouponTemplatesGroup *self)
{
  if (self->database != NULL)
    hy_coupon_templates_group_edit (self, G_MAXUINT);
}

static void
row_activated_cb (HyCouponTemplatesGroup *self,
                  GtkListBoxRow          *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->database != NULL && self->templates != NULL && index >= 0 && (guint) index < self->templates->len)
    hy_coupon_templates_group_edit (self, index);
}

void
hy_coupon_templates_group_reload (HyCouponTemplatesGroup *self)
{
  g_autoptr(HyCouponStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  g_return_if_fail (HY_IS_COUPON_TEMPLATES_GROUP (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->templates_list))) != NULL)
    gtk_list_box_remove (self->templates_list, child);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->counts, g_array_unref);
  if (self->database == NULL)
    return;

  store = hy_coupon_store_new (self->database);
  if (!(self->templates = hy_coupon_store_list_templates (store, &error)) ||
      !(self->counts = hy_coupon_store_count_by_template (store, &error)) ||
      self->counts->len != self->templates->len)
    {
      g_warning ("Failed to read the coupon templates: %s", error != NULL ? error->message : "changed while read");
      g_clear_pointer (&self->templates, g_ptr_array_unref);
      g_clear_pointer (&self->counts, g_array_unref);
    }

  for (guint i = 0; self->templates != NULL && i < self->templates->len; i++)
    {
      const HyCouponTemplate *tmpl = self->templates->pdata[i];
      g_autofree char *summary = hy_coupon_text_describe (self->database, tmpl);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tmpl->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), summary);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->templates_list, row);
    }
  if (self->templates == NULL || self->templates->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No coupon templates yet"));
      gtk_list_box_append (self->templates_list, row);
    }
}

void
hy_coupon_templates_group_set_database (HyCouponTemplatesGroup *self,
                                        HyDatabase             *database)
{
  g_return_if_fail (HY_IS_COUPON_TEMPLATES_GROUP (self));
  g_return_if_fail (database == NULL || HY_IS_DATABASE (database));

  if (!g_set_object (&self->database, database))
    return;
  /* Out of sight it waits: the Settings page reloads it when it is shown. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    hy_coupon_templates_group_reload (self);
}

static void
hy_coupon_templates_group_finalize (GObject *object)
{
  HyCouponTemplatesGroup *self = HY_COUPON_TEMPLATES_GROUP (object);

  g_clear_object (&self->database);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->counts, g_array_unref);

  G_OBJECT_CLASS (hy_coupon_templates_group_parent_class)->finalize (object);
}

static void
hy_coupon_templates_group_class_init (HyCouponTemplatesGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = hy_coupon_templates_group_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/huiyuan/Huiyuan/ui/hy-coupon-templates-group.ui");
  gtk_widget_class_bind_template_child (widget_class, HyCouponTemplatesGroup, templates_list);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
hy_coupon_templates_group_init (HyCouponTemplatesGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
