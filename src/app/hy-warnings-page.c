/* hy-warnings-page.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Today's churn work list: who to call, why, by when and what to offer.  The list is built in
 * a thread on a connection of its own (the analysis reads every member's purchases, about ten
 * seconds at a million members, and the core then updates warning_states), with a spinner and
 * a Cancel; the result is kept until the clerk asks for it again.  The screen holds the first
 * HY_WARNINGS_PAGE_LIMIT entries by priority; the printed and saved call lists hold them all
 * (hy-warnings-page-call-list.c).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hy-member-store.h"
#include "hy-money.h"
#include "hy-phone-display.h"
#include "hy-staff.h"
#include "hy-time.h"
#include "hy-warning-item.h"
#include "hy-warnings-page-private.h"

typedef struct
{
  char *name;
  char *phone;   /* normalised, as stored */
} Person;

G_DEFINE_FINAL_TYPE (HyWarningsPage, hy_warnings_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
person_free (Person *person)
{
  g_free (person->name);
  g_free (person->phone);
  g_free (person);
}

static GHashTable *
people_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) person_free);
}

static gboolean
people_load (GHashTable    *people,
             HyMemberStore *members,
             gint64         member_id,
             GError       **error)
{
  g_autoptr(HyMember) member = NULL;
  Person *person;
  gint64 *key;

  if (g_hash_table_contains (people, &member_id))
    return TRUE;
  if (!(member = hy_member_store_load (members, member_id, error)))
    return FALSE;
  person = g_new0 (Person, 1);
  person->name = g_strdup (hy_member_get_name (member));
  person->phone = g_strdup (hy_member_get_phone (member));
  key = g_new (gint64, 1);
  *key = member_id;
  g_hash_table_insert (people, key, person);
  return TRUE;
}

/* ---- Building the list, in a thread ---- */

typedef struct
{
  char       *path;
  gint64      now;
  GPtrArray  *items;
  GHashTable *people;
} Build;

static void
build_free (Build *build)
{
  g_free (build->path);
  g_clear_pointer (&build->items, g_ptr_array_unref);
  g_clear_pointer (&build->people, g_hash_table_unref);
  g_free (build);
}

static int
compare_by_priority (gconstpointer a,
                     gconstpointer b)
{
  const HyWorkItem *x = *(HyWorkItem * const *) a, *y = *(HyWorkItem * const *) b;

  if (x->priority != y->priority)
    return x->priority < y->priority ? -1 : 1;
  if (x->value != y->value)
    return x->value > y->value ? -1 : 1;
  return (x->member_id > y->member_id) - (x->member_id < y->member_id);
}

static void
build_run (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  Build *build = task_data;
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(HyMemberStore) members = NULL;
  g_autoptr(GError) error = NULL;
  guint shown[HY_WARNING_PRIORITY_NORMAL + 1] = { 0 };

  /* Not read-only: the core keeps warning_states (first raised, cool-off) up to date. */
  if (!(db = hy_database_open (build->path, HY_DATABASE_OPEN_DEFAULT, &error)) ||
      !(build->items = hy_work_list_compute (db, build->now, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_ptr_array_sort (build->items, compare_by_priority);

  /* The names and phones of what the screen shows first, for each priority filter. */
  members = hy_member_store_new (db);
  build->people = people_new ();
  for (guint i = 0; i < build->items->len; i++)
    {
      HyWorkItem *item = g_ptr_array_index (build->items, i);

      if (g_task_return_error_if_cancelled (task))
        return;
      if (i >= HY_WARNINGS_PAGE_LIMIT && shown[item->priority] >= HY_WARNINGS_PAGE_LIMIT)
        continue;
      shown[item->priority]++;
      if (!people_load (build->people, members, item->member_id, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
}

static const char *
priority_css (HyWarningPriority priority)
{
  switch (priority)
    {
    case HY_WARNING_PRIORITY_HIGH:
      return "warning-priority-high";
    case HY_WARNING_PRIORITY_FOCUS:
      return "warning-priority-focus";
    case HY_WARNING_PRIORITY_NORMAL:
    default:
      return "warning-priority-normal";
    }
}

/* "11-24 12:00": the year and seconds say nothing on a list for today. */
static char *
format_time (HyWarningsPage *self,
             gint64          utc)
{
  g_autoptr(GDateTime) utc_time = g_date_time_new_from_unix_utc (utc);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc_time, hy_database_get_time_zone (self->database));

  return g_date_time_format (local, "%m-%d %H:%M");
}

static void
update_count (HyWarningsPage *self,
              guint           matching,
              guint           shown)
{
  g_autofree char *all = hy_count_format (matching);
  g_autofree char *text = NULL;

  if (shown < matching)
    {
      g_autofree char *rest = hy_count_format (matching - shown);

      /* The first %s: members to contact; %lld: how many are shown; the last %s: the rest */
      text = g_strdup_printf (_("%s members to contact. The first %lld by priority are shown; the other %s are in the printed and saved call list."),
                              all, (long long) shown, rest);
    }
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s member to contact", "%s members to contact", matching), all);
  gtk_label_set_label (self->count_label, text);
}

/* Fills the list from the build: open entries of the chosen priority, up to the limit. */
static void
show_entries (HyWarningsPage *self)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(HyMemberStore) members = NULL;
  guint matching = 0;

  if (self->items == NULL)
    return;

  members = hy_member_store_new (self->database);
  for (guint i = 0; i < self->items->len; i++)
    {
      HyWorkItem *item = g_ptr_array_index (self->items, i);
      g_autofree char *phone = NULL;
      Person *person;

      if ((self->priority >= 0 && (int) item->priority != self->priority) ||
          g_hash_table_contains (self->contacted, &item->member_id))
        continue;
      if (matching++ >= HY_WARNINGS_PAGE_LIMIT)
        continue;
      /* Entries moved up after a contact may not have been read in the build. */
      if (!people_load (self->people, members, item->member_id, NULL))
        continue;
      person = g_hash_table_lookup (self->people, &item->member_id);
      phone = hy_phone_display (self->database, person->phone);
      g_ptr_array_add (rows, hy_warning_item_new (item, person->name, phone));
    }

  g_list_store_splice (self->entries, 0, g_list_model_get_n_items (G_LIST_MODEL (self->entries)),
                       rows->pdata, rows->len);
  update_count (self, matching, rows->len);
  gtk_stack_set_visible_child_name (self->stack, rows->len > 0 ? "list" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "warnings.print", matching > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "warnings.save-pdf", matching > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "warnings.save-csv", matching > 0);
}

static void
set_loading (HyWarningsPage *self,
             gboolean        loading)
{
  if (loading)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "warnings.cancel", loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "warnings.refresh", !loading && self->database != NULL);
  if (loading)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "warnings.print", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "warnings.save-pdf", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "warnings.save-csv", FALSE);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
}

static void
build_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HyWarningsPage) self = user_data;
  Build *build = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;   /* the canceller has put the page right */
      g_clear_object (&self->cancellable);
      adw_status_page_set_description (self->error_status, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      set_loading (self, FALSE);
      return;
    }

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->people, g_hash_table_unref);
  self->items = g_steal_pointer (&build->items);
  self->people = g_steal_pointer (&build->people);
  g_hash_table_remove_all (self->contacted);
  {
    g_autofree char *when = format_time (self, build->now);
    g_autofree char *text = g_strdup_printf (_("Work list as of %s"), when);

    gtk_label_set_label (self->day_label, text);
  }
  show_entries (self);
  set_loading (self, FALSE);
}

void
hy_warnings_page_refresh (HyWarningsPage *self)
{
  g_autoptr(GTask) task = NULL;
  Build *build;

  g_return_if_fail (HY_IS_WARNINGS_PAGE (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->database == NULL)
    return;

  build = g_new0 (Build, 1);
  build->path = g_strdup (hy_database_get_path (self->database));
  build->now = hy_time_now ();
  self->cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->stack, "loading");
  set_loading (self, TRUE);

  task = g_task_new (NULL, self->cancellable, build_done, g_object_ref (self));
  g_task_set_source_tag (task, hy_warnings_page_refresh);
  g_task_set_task_data (task, build, (GDestroyNotify) build_free);
  /* Cancel answers at once; the analysis finishes unseen and its result is dropped. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, build_run);
}

static void
hy_warnings_page_cancel (HyWarningsPage *self)
{
  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->items != NULL)
    show_entries (self);
  else
    gtk_stack_set_visible_child_name (self->stack, "idle");
  set_loading (self, FALSE);
}

/* ---- The columns ---- */

typedef void (*BindFunc) (HyWarningsPage *self,
                          HyWarningItem  *item,
                          GtkLabel       *label);

static void
bind_priority (HyWarningsPage *self,
               HyWarningItem  *item,
               GtkLabel       *label)
{
  HyWarningPriority priority = hy_warning_item_get_work (item)->priority;

  for (int p = HY_WARNING_PRIORITY_HIGH; p <= HY_WARNING_PRIORITY_NORMAL; p++)
    gtk_widget_remove_css_class (GTK_WIDGET (label), priority_css (p));
  gtk_widget_add_css_class (GTK_WIDGET (label), priority_css (priority));
  gtk_label_set_label (label, hy_warning_priority_get_label (priority));
}

static void
bind_name (HyWarningsPage *self,
           HyWarningItem  *item,
           GtkLabel       *label)
{
  gtk_label_set_label (label, hy_warning_item_get_name (item));
}

static void
bind_phone (HyWarningsPage *self,
            HyWarningItem  *item,
            GtkLabel       *label)
{
  gtk_label_set_label (label, hy_warning_item_get_phone (item));
}

static void
bind_reasons (HyWarningsPage *self,
              HyWarningItem  *item,
              GtkLabel       *label)
{
  g_autofree char *reasons = hy_warning_item_dup_reasons (item);

  gtk_label_set_label (label, reasons);
}

static void
bind_due (HyWarningsPage *self,
          HyWarningItem  *item,
          GtkLabel       *label)
{
  gint64 due = hy_warning_item_get_work (item)->due_at;
  g_autofree char *when = format_time (self, due);
  g_autofree char *text = NULL;
  gboolean overdue = due < hy_time_now ();

  /* %s: a date and time */
  text = overdue ? g_strdup_printf (_("Overdue since %s"), when) : g_strdup (when);
  gtk_label_set_label (label, text);
  if (overdue)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
}

static void
bind_value (HyWarningsPage *self,
            HyWarningItem  *item,
            GtkLabel       *label)
{
  g_autofree char *value = hy_money_format ((gint64) llround (hy_warning_item_get_work (item)->value), TRUE);

  gtk_label_set_label (label, value);
}

static const struct
{
  const char *title;
  BindFunc    bind;
  gboolean    expand;
  gboolean    numeric;
} columns[] = {
  { N_("Priority"), bind_priority, FALSE, FALSE },
  { N_("Member"), bind_name, FALSE, FALSE },
  { N_("Phone"), bind_phone, FALSE, FALSE },
  { N_("Reason"), bind_reasons, TRUE, FALSE },
  { N_("Call By"), bind_due, FALSE, FALSE },
  { N_("Value"), bind_value, FALSE, TRUE },
};

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  guint column = GPOINTER_TO_UINT (user_data);

  gtk_label_set_xalign (GTK_LABEL (label), columns[column].numeric ? 1 : 0);
  gtk_label_set_wrap (GTK_LABEL (label), columns[column].expand);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (columns[column].expand)
    gtk_label_set_width_chars (GTK_LABEL (label), 30);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  HyWarningsPage *self = g_object_get_data (G_OBJECT (factory), "page");
  guint column = GPOINTER_TO_UINT (user_data);

  columns[column].bind (self, gtk_list_item_get_item (list_item), GTK_LABEL (gtk_list_item_get_child (list_item)));
}

static void open_contact_dialog (HyWarningsPage *self,
                                 HyWarningItem  *item);

static void
contacted_clicked_cb (GtkButton   *button,
                      GtkListItem *list_item)
{
  HyWarningsPage *self = HY_WARNINGS_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (button), HY_TYPE_WARNINGS_PAGE));
  HyWarningItem *item = gtk_list_item_get_item (list_item);

  if (self != NULL && item != NULL)
    open_contact_dialog (self, item);
}

static void
setup_action_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Contacted…"));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Record how the call went"));
  g_signal_connect (button, "clicked", G_CALLBACK (contacted_clicked_cb), list_item);
  gtk_list_item_set_child (list_item, button);
}

static void
add_columns (HyWarningsPage *self)
{
  GtkListItemFactory *factory;
  GtkColumnViewColumn *column;

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      factory = gtk_signal_list_item_factory_new ();
      g_object_set_data (G_OBJECT (factory), "page", self);
      g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), GUINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), GUINT_TO_POINTER (i));
      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);
      g_object_unref (column);
    }

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_action_cb), NULL);
  column = gtk_column_view_column_new (NULL, factory);
  gtk_column_view_append_column (self->column_view, column);
  g_object_unref (column);
}

/* ---- Recording a contact ---- */

gboolean
hy_warnings_page_record_contact (HyWarningsPage  *self,
                                 gint64           member_id,
                                 const char      *outcome,
                                 const char      *note,
                                 GError         **error)
{
  const HyStaff *staff;
  gint64 *key;

  g_return_val_if_fail (HY_IS_WARNINGS_PAGE (self), FALSE);
  g_return_val_if_fail (self->database != NULL, FALSE);

  staff = hy_staff_get_current (self->database);
  if (!hy_work_list_record_contact_with_note (self->database, member_id, hy_time_now (), outcome, note,
                                              staff != NULL ? staff->name : "", error))
    return FALSE;

  /* The member leaves the list for the cool-off; the others move up. */
  key = g_new (gint64, 1);
  *key = member_id;
  g_hash_table_add (self->contacted, key);
  show_entries (self);
  return TRUE;
}

static void
contact_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     HyWarningsPage   *self)
{
  GtkWidget *note = g_object_get_data (G_OBJECT (dialog), "note");
  GtkCheckButton **checks = g_object_get_data (G_OBJECT (dialog), "checks");
  gint64 member_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "member-id"));
  const char * const *outcomes = hy_work_list_get_outcomes ();
  const char *outcome = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "record") != 0)
    return;
  for (guint i = 0; outcomes[i] != NULL; i++)
    if (gtk_check_button_get_active (checks[i]))
      outcome = outcomes[i];
  if (!hy_warnings_page_record_contact (self, member_id, outcome, gtk_editable_get_text (GTK_EDITABLE (note)), &error))
    {
      GtkWidget *alert = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                 _("Could not Record the Call"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (alert));
    }
}

static void
open_contact_dialog (HyWarningsPage *self,
                     HyWarningItem  *item)
{
  const char * const *outcomes = hy_work_list_get_outcomes ();
  const HyWorkItem *work = hy_warning_item_get_work (item);
  guint n = g_strv_length ((char **) outcomes);
  GtkCheckButton **checks = g_new0 (GtkCheckButton *, n);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *note = gtk_entry_new ();
  GtkWidget *dialog;
  g_autofree char *heading = g_strdup_printf (_("Call to %s"), hy_warning_item_get_name (item));
  g_autofree char *body = g_strdup_printf (_("%s\nSuggested offer: %s"), work->reason, hy_warning_rule_get_offer (work->rule));

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, body);
  for (guint i = 0; i < n; i++)
    {
      checks[i] = GTK_CHECK_BUTTON (gtk_check_button_new_with_label (hy_work_list_outcome_get_label (outcomes[i])));
      if (i > 0)
        gtk_check_button_set_group (checks[i], checks[0]);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (checks[i]));
    }
  gtk_check_button_set_active (checks[0], TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (note), _("What the member said (optional)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (note), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Note"), -1);
  gtk_entry_set_activates_default (GTK_ENTRY (note), TRUE);
  gtk_widget_set_margin_top (note, 6);
  gtk_box_append (GTK_BOX (box), note);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "record", _("_Record"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "record");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "note", note);
  g_object_set_data_full (G_OBJECT (dialog), "checks", checks, g_free);
  g_object_set_data (G_OBJECT (dialog), "member-id", GSIZE_TO_POINTER (work->member_id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (contact_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Actions ---- */

static void
hy_warnings_page_refresh_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  hy_warnings_page_refresh (HY_WARNINGS_PAGE (widget));
}

static void
hy_warnings_page_cancel_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  hy_warnings_page_cancel (HY_WARNINGS_PAGE (widget));
}

static void
priority_changed_cb (HyWarningsPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->priority_dropdown);

  self->priority = selected == 0 || selected == GTK_INVALID_LIST_POSITION ? -1 : (int) selected - 1;
  show_entries (self);
}

/* ---- Public ---- */

void
hy_warnings_page_set_database (HyWarningsPage *self,
                               HyDatabase     *database)
{
  g_return_if_fail (HY_IS_WARNINGS_PAGE (self));
  g_return_if_fail (database == NULL || HY_IS_DATABASE (database));

  if (!g_set_object (&self->database, database))
    return;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->people, g_hash_table_unref);
  g_hash_table_remove_all (self->contacted);
  g_list_store_remove_all (self->entries);
  gtk_label_set_label (self->day_label, "");
  gtk_label_set_label (self->count_label, "");
  gtk_stack_set_visible_child_name (self->stack, "idle");
  set_loading (self, FALSE);
  /* The list is built when the page is first shown: the analysis is not free. */
  if (database != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    hy_warnings_page_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DATABASE]);
}

gboolean
hy_warnings_page_get_loading (HyWarningsPage *self)
{
  g_return_val_if_fail (HY_IS_WARNINGS_PAGE (self), FALSE);

  return self->cancellable != NULL;
}

GListModel *
hy_warnings_page_get_entries (HyWarningsPage *self)
{
  g_return_val_if_fail (HY_IS_WARNINGS_PAGE (self), NULL);

  return G_LIST_MODEL (self->entries);
}

GPtrArray *
hy_warnings_page_get_work_list (HyWarningsPage *self)
{
  g_return_val_if_fail (HY_IS_WARNINGS_PAGE (self), NULL);

  return self->items;
}

void
hy_warnings_page_update_phones (HyWarningsPage *self)
{
  g_return_if_fail (HY_IS_WARNINGS_PAGE (self));

  show_entries (self);
}

void
hy_warnings_page_set_priority (HyWarningsPage *self,
                               int             priority)
{
  g_return_if_fail (HY_IS_WARNINGS_PAGE (self));
  g_return_if_fail (priority >= -1 && priority <= HY_WARNING_PRIORITY_NORMAL);

  gtk_drop_down_set_selected (self->priority_dropdown, priority + 1);
}

/* ---- GObject ---- */

static void
hy_warnings_page_map (GtkWidget *widget)
{
  HyWarningsPage *self = HY_WARNINGS_PAGE (widget);

  GTK_WIDGET_CLASS (hy_warnings_page_parent_class)->map (widget);

  if (self->database != NULL && self->items == NULL && self->cancellable == NULL &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "idle") == 0)
    hy_warnings_page_refresh (self);
}

static void
hy_warnings_page_dispose (GObject *object)
{
  HyWarningsPage *self = HY_WARNINGS_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), HY_TYPE_WARNINGS_PAGE);

  G_OBJECT_CLASS (hy_warnings_page_parent_class)->dispose (object);
}

static void
hy_warnings_page_finalize (GObject *object)
{
  HyWarningsPage *self = HY_WARNINGS_PAGE (object);

  g_clear_object (&self->database);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->entries);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->people, g_hash_table_unref);
  g_clear_pointer (&self->contacted, g_hash_table_unref);

  G_OBJECT_CLASS (hy_warnings_page_parent_class)->finalize (object);
}

static void
hy_warnings_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HyWarningsPage *self = HY_WARNINGS_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, hy_warnings_page_get_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hy_warnings_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  HyWarningsPage *self = HY_WARNINGS_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      hy_warnings_page_set_database (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hy_warnings_page_class_init (HyWarningsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hy_warnings_page_dispose;
  object_class->finalize = hy_warnings_page_finalize;
  object_class->get_property = hy_warnings_page_get_property;
  object_class->set_property = hy_warnings_page_set_property;
  widget_class->map = hy_warnings_page_map;

  properties [PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         HY_TYPE_DATABASE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/huiyuan/Huiyuan/ui/hy-warnings-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HyWarningsPage, day_label);
  gtk_widget_class_bind_template_child (widget_class, HyWarningsPage, priority_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HyWarningsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HyWarningsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, HyWarningsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, HyWarningsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, HyWarningsPage, error_status);
  gtk_widget_class_bind_template_callback (widget_class, priority_changed_cb);

  gtk_widget_class_install_action (widget_class, "warnings.refresh", NULL, hy_warnings_page_refresh_action);
  gtk_widget_class_install_action (widget_class, "warnings.cancel", NULL, hy_warnings_page_cancel_action);
  _hy_warnings_page_install_call_list_actions (widget_class);
}

static void
hy_warnings_page_init (HyWarningsPage *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->priority = -1;
  self->contacted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->entries = g_list_store_new (HY_TYPE_WARNING_ITEM);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->entries)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  add_columns (self);
  set_loading (self, FALSE);
}
