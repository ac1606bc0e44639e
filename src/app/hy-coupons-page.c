/* hy-coupons-page.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Coupons page: each template with how many were issued, redeemed and voided; issuing one
 * to a member or to a saved segment; voiding a coupon by its code.  Reading the counts and
 * issuing run in a thread on their own connection, signed in as whoever works in the window,
 * so that the core checks their role and the audit log names them.  A segment may hold many
 * members and need a fresh analysis: the page shows that it is working until it is done.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-coupon-store.h"
#include "hy-coupon-text.h"
#include "hy-coupons-page.h"
#include "hy-form-dialog.h"
#include "hy-member-store.h"
#include "hy-money.h"
#include "hy-segment.h"
#include "hy-staff.h"
#include "hy-window.h"

struct _HyCouponsPage
{
  AdwBin          parent_instance;

  /* Template widgets */
  GtkListBox     *templates_list;
  GtkWidget      *progress_box;
  GtkLabel       *progress_label;
  GtkProgressBar *progress_bar;
  AdwEntryRow    *code_row;
  AdwEntryRow    *reason_row;
  GtkLabel       *void_message;
  GtkButton      *void_button;

  /* Owned references */
  HyDatabase     *database;
  GCancellable   *cancellable;
  GPtrArray      *templates;    /* of HyCouponTemplate */
  GArray         *counts;       /* of HyCouponCounts, the same order */
  GStrv           segments;

  guint           pulse_source;
  guint           n_loading;
  gboolean        issuing;
};

G_DEFINE_FINAL_TYPE (HyCouponsPage, hy_coupons_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* ---- Reading ---- */

typedef struct
{
  GPtrArray *templates;
  GArray    *counts;
  GStrv      segments;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_pointer (&loaded->templates, g_ptr_array_unref);
  g_clear_pointer (&loaded->counts, g_array_unref);
  g_clear_pointer (&loaded->segments, g_strfreev);
  g_free (loaded);
}

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(HyDatabase) db = hy_database_open (task_data, HY_DATABASE_OPEN_DEFAULT, NULL);
  g_autoptr(HyCouponStore) store = NULL;
  g_autoptr(GError) error = NULL;
  Loaded *loaded = g_new0 (Loaded, 1);

  if (db == NULL ||
      !(store = hy_coupon_store_new (db)) ||
      !(loaded->templates = hy_coupon_store_list_templates (store, &error)) ||
      !(loaded->counts = hy_coupon_store_count_by_template (store, &error)) ||
      !(loaded->segments = hy_segment_list_names (db, &error)))
    {
      loaded_free (loaded);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                               error != NULL ? error->message : "could not open the database");
      return;
    }
  g_task_return_pointer (task, loaded, (GDestroyNotify) loaded_free);
}

static void
notify_busy (HyCouponsPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BUSY]);
}

static void hy_coupons_page_show (HyCouponsPage *self);

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HyCouponsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Loaded *loaded = g_task_propagate_pointer (G_TASK (result), &error);

  self->n_loading--;
  if (loaded != NULL && g_task_get_cancellable (G_TASK (result)) == self->cancellable)
    {
      g_clear_pointer (&self->templates, g_ptr_array_unref);
      g_clear_pointer (&self->counts, g_array_unref);
      g_clear_pointer (&self->segments, g_strfreev);
      self->templates = g_steal_pointer (&loaded->templates);
      self->counts = g_steal_pointer (&loaded->counts);
      self->segments = g_steal_pointer (&loaded->segments);
      hy_coupons_page_show (self);
    }
  else if (loaded == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Failed to read the coupons: %s", error->message);
  g_clear_pointer (&loaded, loaded_free);
  notify_busy (self);
}

void
hy_coupons_page_reload (HyCouponsPage *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HY_IS_COUPONS_PAGE (self));

  if (self->database == NULL)
    return;
  task = g_task_new (self, self->cancellable, load_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, hy_coupons_page_reload);
  g_task_set_task_data (task, g_strdup (hy_database_get_path (self->database)), g_free);
  g_task_set_return_on_cancel (task, TRUE);
  self->n_loading++;
  notify_busy (self);
  g_task_run_in_thread (task, load_worker);
}

/* ---- Issuing ---- */

typedef struct
{
  char    *path;
  HyStaff *staff;        /* who issues; NULL: the owner */
  gint64   template_id;
  gint64   member_id;    /* or */
  char    *segment;
  char    *key;
} IssueJob;

static void
issue_job_free (IssueJob *job)
{
  g_free (job->path);
  hy_staff_free (job->staff);
  g_free (job->segment);
  g_free (job->key);
  g_free (job);
}

static void
issue_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  IssueJob *job = task_data;
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(HyCouponStore) store = NULL;
  g_autoptr(GArray) members = NULL;
  g_autoptr(GPtrArray) issued = NULL;
  g_autoptr(GError) error = NULL;

  if (!(db = hy_database_open (job->path, HY_DATABASE_OPEN_DEFAULT, &error)))
    goto failed;
  hy_staff_sign_in (db, job->staff);
  if (job->segment != NULL)
    {
      if (!(members = hy_segment_select_saved (db, job->segment, &error)))
        goto failed;
      if (members->len == 0)
        {
          g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The segment “%s” has no members"), job->segment);
          goto failed;
        }
    }
  else
    {
      members = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_val (members, job->member_id);
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    goto failed;

  store = hy_coupon_store_new (db);
  if (!(issued = hy_coupon_store_issue (store, job->template_id, (const gint64 *) members->data, members->len, job->key, &error)))
    goto failed;
  g_task_return_int (task, issued->len);
  return;

failed:
  g_task_return_error (task, g_steal_pointer (&error));
}

static gboolean
pulse_cb (gpointer data)
{
  gtk_progress_bar_pulse (GTK_PROGRESS_BAR (data));
  return G_SOURCE_CONTINUE;
}

static void
hy_coupons_page_set_issuing (HyCouponsPage *self,
                             const char    *what)
{
  self->issuing = what != NULL;
  gtk_widget_set_visible (self->progress_box, what != NULL);
  gtk_label_set_label (self->progress_label, what != NULL ? what : "");
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  if (what != NULL)
    self->pulse_source = g_timeout_add (100, pulse_cb, self->progress_bar);
  gtk_widget_set_sensitive (GTK_WIDGET (self->templates_list), what == NULL);
  notify_busy (self);
}

static void
toast (HyCouponsPage *self,
       const char    *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

static void
issue_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HyCouponsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gssize n = g_task_propagate_int (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  hy_coupons_page_set_issuing (self, NULL);
  if (n < 0)
    hy_show_error (GTK_WIDGET (self), _("Coupons Not Issued"), error->message);
  else
    {
      g_autofree char *count = hy_count_format (n);
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Issued %s coupon", "Issued %s coupons", n), count);

      toast (self, text);
    }
  hy_coupons_page_reload (self);
}

static void
hy_coupons_page_issue (HyCouponsPage *self,
                       IssueJob      *job)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, issue_done_cb, g_object_ref (self));
  const HyStaff *staff = hy_staff_get_current (self->database);

  job->path = g_strdup (hy_database_get_path (self->database));
  job->staff = staff != NULL ? hy_staff_copy (staff) : NULL;
  hy_coupons_page_set_issuing (self, job->segment != NULL ? _("Finding the segment’s members and issuing…") : _("Issuing…"));
  g_task_set_source_tag (task, hy_coupons_page_issue);
  g_task_set_task_data (task, job, (GDestroyNotify) issue_job_free);
  g_task_run_in_thread (task, issue_worker);
}

/* The issue dialog's fields, kept on it. */
typedef struct
{
  HyCouponsPage *self;
  gint64         template_id;
  char          *key;          /* one per dialog: pressing Issue twice never issues twice */
  AdwComboRow   *target;
  GtkEditable   *member;
  AdwComboRow   *segment;
  gint64         member_id;
} IssueForm;

static void
issue_form_free (IssueForm *form)
{
  g_free (form->key);
  g_free (form);
}

static void
issue_form_changed_cb (GtkWidget *dialog)
{
  IssueForm *form = g_object_get_data (G_OBJECT (dialog), "form");
  HyCouponsPage *self = form->self;
  gboolean to_segment = adw_combo_row_get_selected (form->target) == 1;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (form->member)));
  const char *problem = NULL;
  gboolean ready;

  gtk_widget_set_visible (GTK_WIDGET (form->member), !to_segment);
  gtk_widget_set_visible (GTK_WIDGET (form->segment), to_segment);
  form->member_id = 0;
  if (to_segment)
    {
      ready = self->segments != NULL && self->segments[0] != NULL;
      if (!ready)
        problem = _("There are no saved segments yet: save one with “huiyuan-cli segment save”");
    }
  else if (*text != '\0' && self->database != NULL)
    {
      g_autoptr(HyMemberStore) members = hy_member_store_new (self->database);

      if ((form->member_id = hy_member_store_find (members, HY_IDENTITY_PHONE, text, NULL)) <= 0)
        form->member_id = hy_member_store_find (members, HY_IDENTITY_CARD, text, NULL);
      if (form->member_id <= 0)
        problem = _("No member has this phone or card number");
      ready = form->member_id > 0;
    }
  else
    ready = FALSE;

  hy_form_dialog_set_problem (dialog, problem, ready);
}

static void
issue_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   HyCouponsPage    *self)
{
  IssueForm *form = g_object_get_data (G_OBJECT (dialog), "form");
  IssueJob *job;

  if (g_strcmp0 (response, "issue") != 0 || self->database == NULL || self->issuing)
    return;
  job = g_new0 (IssueJob, 1);
  job->template_id = form->template_id;
  job->key = g_strdup (form->key);
  if (adw_combo_row_get_selected (form->target) == 1)
    job->segment = g_strdup (gtk_string_object_get_string (adw_combo_row_get_selected_item (form->segment)));
  else
    job->member_id = form->member_id;
  hy_coupons_page_issue (self, job);
}

/**
 * hy_coupons_page_issue_dialog:
 * @index: the template's place in the list
 *
 * Returns: (transfer none): the dialog that issues it, presented
 */
GtkWidget *
hy_coupons_page_issue_dialog (HyCouponsPage *self,
                              guint          index)
{
  const HyCouponTemplate *tmpl;
  IssueForm *form;
  g_autoptr(GtkStringList) targets = NULL;
  g_autoptr(GtkStringList) segments = gtk_string_list_new (NULL);
  g_autofree char *heading = NULL;
  GtkListBox *list;
  GtkWidget *dialog, *row;

  g_return_val_if_fail (HY_IS_COUPONS_PAGE (self), NULL);
  g_return_val_if_fail (self->templates != NULL && index < self->templates->len, NULL);

  tmpl = self->templates->pdata[index];
  form = g_new0 (IssueForm, 1);
  form->self = self;
  form->template_id = tmpl->id;
  form->key = g_uuid_string_random ();

  /* Translators: %s is a coupon template's name */
  heading = g_strdup_printf (_("Issue “%s”"), tmpl->name);
  dialog = hy_form_dialog_new (GTK_WIDGET (self), heading, NULL, "issue", _("_Issue"), &list);

  targets = gtk_string_list_new ((const char * const []) { _("One member"), _("A saved segment"), NULL });
  row = adw_combo_row_new ();
  gtk_widget_set_name (row, "target");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("To"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (targets));
  gtk_list_box_append (list, row);
  form->target = ADW_COMBO_ROW (row);

  row = adw_entry_row_new ();
  gtk_widget_set_name (row, "member");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Member’s phone or card number"));
  gtk_list_box_append (list, row);
  form->member = GTK_EDITABLE (row);

  for (guint i = 0; self->segments != NULL && self->segments[i] != NULL; i++)
    gtk_string_list_append (segments, self->segments[i]);
  row = adw_combo_row_new ();
  gtk_widget_set_name (row, "segment");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Segment"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (segments));
  gtk_list_box_append (list, row);
  form->segment = ADW_COMBO_ROW (row);

  g_object_set_data_full (G_OBJECT (dialog), "form", form, (GDestroyNotify) issue_form_free);
  g_signal_connect_object (form->member, "changed", G_CALLBACK (issue_form_changed_cb), dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (form->target, "notify::selected", G_CALLBACK (issue_form_changed_cb), dialog, G_CONNECT_SWAPPED);
  issue_form_changed_cb (dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (issue_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
issue_clicked_cb (GtkButton     *button,
                  HyCouponsPage *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);
  int index = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));

  if (self->templates != NULL && index >= 0 && (guint) index < self->templates->len && !self->issuing)
    hy_coupons_page_issue_dialog (self, index);
}

/* ---- Voiding ---- */

static void
void_message_set (HyCouponsPage *self,
                  const char    *text,
                  gboolean       is_error)
{
  gtk_label_set_label (self->void_message, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->void_message), text != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->void_message), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->void_message), "error");
}

static void
void_fields_changed_cb (HyCouponsPage *self)
{
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->code_row));
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));
  g_autofree char *normalized = NULL;
  g_autoptr(GError) error = NULL;

  if (*code != '\0' && !(normalized = hy_coupon_code_normalize (code, &error)))
    void_message_set (self, error->message, TRUE);
  else
    void_message_set (self, NULL, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->void_button), normalized != NULL && *reason != '\0' && self->database != NULL);
}

typedef struct
{
  HyCouponsPage *self;
  char          *code;
  char          *reason;
} VoidRequest;

static void
void_approved_cb (HyWindow *window,
                  gboolean  approved,
                  gpointer  user_data)
{
  VoidRequest *request = user_data;
  HyCouponsPage *self = request->self;
  g_autoptr(HyCouponStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (approved && self->database != NULL)
    {
      store = hy_coupon_store_new (self->database);
      if (hy_coupon_store_void (store, request->code, request->reason, &error))
        {
          g_autofree char *done = g_strdup_printf (_("Coupon %s is void"), request->code);

          gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
          gtk_editable_set_text (GTK_EDITABLE (self->reason_row), "");
          void_message_set (self, done, FALSE);
          hy_coupons_page_reload (self);
        }
      else
        void_message_set (self, error->message, TRUE);
    }
  g_object_unref (request->self);
  g_free (request->code);
  g_free (request->reason);
  g_free (request);
}

static void
void_clicked_cb (HyCouponsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  VoidRequest *request;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->void_button)))
    return;
  request = g_new0 (VoidRequest, 1);
  request->self = g_object_ref (self);
  request->code = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->code_row)));
  request->reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));
  if (HY_IS_WINDOW (root))
    hy_window_require_manager (HY_WINDOW (root), HY_ACTION_VOID_COUPON, void_approved_cb, request);
  else
    void_approved_cb (NULL, TRUE, request);
}

/* ---- The list ---- */

static GtkWidget *
template_row (HyCouponsPage          *self,
              const HyCouponTemplate *tmpl,
              const HyCouponCounts   *counts)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *summary = hy_coupon_text_describe (self->database, tmpl);
  g_autofree char *issued = hy_count_format (counts->issued);
  g_autofree char *redeemed = hy_count_format (counts->redeemed);
  g_autofree char *voided = hy_count_format (counts->voided);
  /* Translators: how many coupons of a template were issued, redeemed and voided */
  g_autofree char *figures = g_strdup_printf (_("%s issued · %s redeemed · %s void"), issued, redeemed, voided);
  g_autofree char *accessible = g_strdup_printf (_("Issue “%s”"), tmpl->name);
  GtkWidget *label = gtk_label_new (figures);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Issue…"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tmpl->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), summary);
  gtk_widget_set_name (row, tmpl->name);
  gtk_widget_set_name (label, "counts");
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_signal_connect_object (button, "clicked", G_CALLBACK (issue_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
hy_coupons_page_show (HyCouponsPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->templates_list))) != NULL)
    gtk_list_box_remove (self->templates_list, child);
  for (guint i = 0; self->templates != NULL && i < self->templates->len && i < self->counts->len; i++)
    gtk_list_box_append (self->templates_list,
                         template_row (self, self->templates->pdata[i], &g_array_index (self->counts, HyCouponCounts, i)));
  if (self->templates == NULL || self->templates->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No coupon templates yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Add one in Settings, then issue it here."));
      gtk_list_box_append (self->templates_list, row);
    }
}

/* ---- The page ---- */

void
hy_coupons_page_set_database (HyCouponsPage *self,
                              HyDatabase    *database)
{
  g_return_if_fail (HY_IS_COUPONS_PAGE (self));
  g_return_if_fail (database == NULL || HY_IS_DATABASE (database));

  if (!g_set_object (&self->database, database))
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  hy_coupons_page_set_issuing (self, NULL);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->counts, g_array_unref);
  g_clear_pointer (&self->segments, g_strfreev);
  hy_coupons_page_show (self);
  void_fields_changed_cb (self);
  hy_coupons_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DATABASE]);
}

gboolean
hy_coupons_page_get_busy (HyCouponsPage *self)
{
  g_return_val_if_fail (HY_IS_COUPONS_PAGE (self), FALSE);

  return self->n_loading > 0 || self->issuing;
}

/* Shown again: the CLI, Settings or a sale may have changed the coupons. */
static void
hy_coupons_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (hy_coupons_page_parent_class)->map (widget);

  hy_coupons_page_reload (HY_COUPONS_PAGE (widget));
}

static void
hy_coupons_page_dispose (GObject *object)
{
  HyCouponsPage *self = HY_COUPONS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->pulse_source, g_source_remove);

  G_OBJECT_CLASS (hy_coupons_page_parent_class)->dispose (object);
}

static void
hy_coupons_page_finalize (GObject *object)
{
  HyCouponsPage *self = HY_COUPONS_PAGE (object);

  g_clear_object (&self->database);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->counts, g_array_unref);
  g_clear_pointer (&self->segments, g_strfreev);

  G_OBJECT_CLASS (hy_coupons_page_parent_class)->finalize (object);
}

static void
hy_coupons_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HyCouponsPage *self = HY_COUPONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, hy_coupons_page_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hy_coupons_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  HyCouponsPage *self = HY_COUPONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      hy_coupons_page_set_database (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hy_coupons_page_class_init (HyCouponsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hy_coupons_page_dispose;
  object_class->finalize = hy_coupons_page_finalize;
  object_class->get_property = hy_coupons_page_get_property;
  object_class->set_property = hy_coupons_page_set_property;
  widget_class->map = hy_coupons_page_map;

  properties [PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         HY_TYPE_DATABASE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/huiyuan/Huiyuan/ui/hy-coupons-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HyCouponsPage, templates_list);
  gtk_widget_class_bind_template_child (widget_class, HyCouponsPage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, HyCouponsPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, HyCouponsPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, HyCouponsPage, code_row);
  gtk_widget_class_bind_template_child (widget_class, HyCouponsPage, reason_row);
  gtk_widget_class_bind_template_child (widget_class, HyCouponsPage, void_message);
  gtk_widget_class_bind_template_child (widget_class, HyCouponsPage, void_button);
  gtk_widget_class_bind_template_callback (widget_class, void_fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, void_clicked_cb);
}

static void
hy_coupons_page_init (HyCouponsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  hy_coupons_page_show (self);
}
