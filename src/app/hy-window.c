/* hy-window.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A window shows one database.  Opening, creating and filling a database runs in a thread with
 * its own connection; the window shows progress and can cancel, and takes the connection over
 * only when the work has succeeded, so a failed open leaves both the file and the window as
 * they were.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "hy-checkout-page.h"
#include "hy-coupons-page.h"
#include "hy-dashboard-page.h"
#include "hy-demo.h"
#include "hy-industry.h"
#include "hy-member-store.h"
#include "hy-members-page.h"
#include "hy-reports-page.h"
#include "hy-settings-page.h"
#include "hy-tier-store.h"
#include "hy-tiers-page.h"
#include "hy-warnings-page.h"
#include "hy-window-private.h"

#define DEMO_MEMBERS      10000
#define DEMO_TRANSACTIONS 100000
#define DEMO_SEED         2026

G_DEFINE_FINAL_TYPE (HyWindow, hy_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* The pages later issues fill in.  Until then each says plainly what it will hold. */
static const struct
{
  const char *name;
  const char *title;
  const char *icon;
  const char *description;
  GType     (*get_type) (void);   /* the page, once it is built; it has a "database" property */
} planned_pages[] = {
  { "warnings", N_("Warnings"), "dialog-warning-symbolic", NULL, hy_warnings_page_get_type },
  { "campaigns", N_("Campaigns"), "mail-send-symbolic",
    N_("Welcome, birthday and win-back campaigns with a control group are not built yet.") },
  { "coupons", N_("Coupons"), "starred-symbolic", NULL, hy_coupons_page_get_type },
  { "tiers", N_("Tiers & Points"), "emblem-favorite-symbolic", NULL, hy_tiers_page_get_type },
  { "reports", N_("Reports"), "x-office-document-symbolic", NULL, hy_reports_page_get_type },
};

static void
job_free (Job *job)
{
  g_free (job->path);
  g_free (job->store_name);
  g_free (job->currency);
  g_free (job->time_zone);
  g_free (job);
}

static void
job_progress (guint64  done,
              guint64  total,
              gpointer user_data)
{
  Job *job = user_data;

  if (total > 0)
    g_atomic_int_set (&job->permille, (int) MIN (1000, done * 1000 / total));
}

static gboolean
job_fill (Job         *job,
          HyDatabase  *db,
          GCancellable *cancellable,
          GError     **error)
{
  g_autoptr(HyMemberStore) store = NULL;

  if (job->kind == JOB_CREATE)
    return hy_database_set_setting (db, "store.name", job->store_name, error) &&
           hy_database_set_setting (db, "currency", job->currency, error) &&
           hy_database_set_setting (db, "time_zone", job->time_zone, error) &&
           hy_database_set_setting (db, "industry", hy_industry_to_string (job->industry), error);

  if (job->kind != JOB_DEMO)
    return TRUE;

  /* A demo cancelled half way rolled back, so an empty demo database is filled again. */
  store = hy_member_store_new (db);
  if (hy_member_store_count (store) > 0)
    return TRUE;
  return hy_demo_generate (db, &job->demo, NULL, job_progress, job, cancellable, error);
}

static void
job_run (GTask        *task,
         gpointer      source_object,
         gpointer      task_data,
         GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  HyDatabaseOpenFlags flags = HY_DATABASE_OPEN_DEFAULT;

  if (job->kind != JOB_OPEN)
    {
      g_autofree char *dir = g_path_get_dirname (job->path);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved_errno = errno;

          g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
          return;
        }
      flags = HY_DATABASE_OPEN_CREATE;
    }

  if (!(db = hy_database_open (job->path, flags, &error)) ||
      !job_fill (job, db, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Tiers whose validity ran out while the shop was closed are reviewed before anyone sees
   * them.  A failure here is no reason not to open the store. */
  {
    g_autoptr(HyTierStore) tiers = hy_tier_store_new (db);
    gint64 reviewed = hy_tier_store_review_due (tiers, &error);

    if (reviewed < 0)
      g_warning ("Could not review the tiers that are due: %s", error->message);
    else if (reviewed > 0)
      g_debug ("Reviewed %" G_GINT64_FORMAT " tiers at start-up", reviewed);
    g_clear_error (&error);
  }
  g_task_return_pointer (task, g_steal_pointer (&db), g_object_unref);
}

HyDatabase *
hy_window_get_database (HyWindow *self)
{
  g_return_val_if_fail (HY_IS_WINDOW (self), NULL);

  return self->database;
}

gboolean
hy_window_get_busy (HyWindow *self)
{
  g_return_val_if_fail (HY_IS_WINDOW (self), FALSE);

  return self->job != NULL;
}

void
hy_window_show_page (HyWindow   *self,
                     const char *name)
{
  g_return_if_fail (HY_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->pages, name);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
hy_window_set_database (HyWindow   *self,
                        HyDatabase *database)
{
  g_autofree char *store_name = NULL;
  HyApplication *app;

  if (!g_set_object (&self->database, database))
    return;

  store_name = hy_database_dup_setting (database, "store.name");
  g_free (self->store_name);
  self->store_name = (store_name != NULL && *store_name != '\0') ? g_steal_pointer (&store_name)
                                                                 : g_path_get_basename (hy_database_get_path (database));
  gtk_window_set_title (GTK_WINDOW (self), self->store_name);

  hy_dashboard_page_set_database (self->dashboard_page, database);
  hy_members_page_set_database (self->members_page, database);
  hy_checkout_page_set_database (self->checkout_page, database);
  hy_settings_page_set_database (self->settings_page, database);
  for (guint i = 0; i < G_N_ELEMENTS (planned_pages); i++)
    if (planned_pages[i].get_type != NULL)
      g_object_set (gtk_stack_get_child_by_name (self->pages, planned_pages[i].name), "database", database, NULL);

  app = HY_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  if (app != NULL)
    g_settings_set_string (hy_application_get_settings (app), "last-database", hy_database_get_path (database));

  if (hy_database_get_warning (database) != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (hy_database_get_warning (database)));

  _hy_window_ask_staff (self);
  _hy_window_build_analysis (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DATABASE]);
}

static void
hy_window_show_error (HyWindow   *self,
                      const char *heading,
                      const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
hy_window_update_progress (gpointer user_data)
{
  HyWindow *self = user_data;
  int permille;

  if (self->job == NULL)
    return G_SOURCE_CONTINUE;

  permille = g_atomic_int_get (&self->job->permille);
  if (permille < 0)
    gtk_progress_bar_pulse (self->busy_progress);
  else
    {
      g_autofree char *text = g_strdup_printf ("%d %%", permille / 10);

      gtk_progress_bar_set_fraction (self->busy_progress, permille / 1000.0);
      gtk_progress_bar_set_text (self->busy_progress, text);
    }
  return G_SOURCE_CONTINUE;
}

static void
hy_window_job_done (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  HyWindow *self = HY_WINDOW (object);
  g_autoptr(HyDatabase) database = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->progress_source, g_source_remove);
  g_clear_object (&self->job_cancellable);
  self->job = NULL;

  database = g_task_propagate_pointer (G_TASK (result), &error);
  if (database != NULL)
    hy_window_set_database (self, database);
  else
    {
      gtk_stack_set_visible_child_name (self->main_stack, self->database != NULL ? "main" : "welcome");
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        hy_window_show_error (self, _("Could not Open the Database"), error->message);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BUSY]);
}

static void
hy_window_start_job (HyWindow   *self,
                     Job        *job,
                     const char *title)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *description = NULL;

  if (self->job != NULL)
    {
      job_free (job);
      return;
    }

  job->permille = -1;
  self->job = job;
  self->job_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled",
                           G_CALLBACK (g_cancellable_cancel), self->job_cancellable, G_CONNECT_SWAPPED);

  description = g_filename_display_name (job->path);
  adw_status_page_set_title (self->busy_status, title);
  adw_status_page_set_description (self->busy_status, description);
  gtk_progress_bar_set_fraction (self->busy_progress, 0);
  gtk_progress_bar_set_text (self->busy_progress, NULL);
  gtk_stack_set_visible_child_name (self->main_stack, "busy");
  self->progress_source = g_timeout_add (100, hy_window_update_progress, self);

  task = g_task_new (self, self->job_cancellable, hy_window_job_done, NULL);
  g_task_set_source_tag (task, hy_window_start_job);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_run);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BUSY]);
}

void
hy_window_open_database (HyWindow   *self,
                         const char *path)
{
  Job *job;

  g_return_if_fail (HY_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  job = g_new0 (Job, 1);
  job->kind = JOB_OPEN;
  job->path = g_strdup (path);
  hy_window_start_job (self, job, _("Opening the Database"));
}

static char *
hy_window_data_path (const char *basename)
{
  return g_build_filename (g_get_user_data_dir (), "huiyuan", basename, NULL);
}

void
hy_window_set_demo_size (HyWindow *self,
                         guint64   members,
                         guint64   transactions)
{
  g_return_if_fail (HY_IS_WINDOW (self));

  self->demo_members = members;
  self->demo_transactions = transactions;
}

void
hy_window_open_demo (HyWindow *self)
{
  Job *job;

  g_return_if_fail (HY_IS_WINDOW (self));

  job = g_new0 (Job, 1);
  job->kind = JOB_DEMO;
  job->path = hy_window_data_path ("demo.huiyuan");
  job->demo.n_members = self->demo_members;
  job->demo.n_transactions = self->demo_transactions;
  job->demo.seed = DEMO_SEED;
  job->demo.industry = HY_INDUSTRY_BEAUTY;
  hy_window_start_job (self, job, _("Preparing the Demo Store"));
}

/* A file name for a new store database that does not exist yet. */
static char *
hy_window_new_store_path (const char *store_name)
{
  g_autofree char *safe = g_strdup (store_name);

  g_strdelimit (safe, "/\\:*?\"<>|", '-');
  for (guint i = 1; ; i++)
    {
      g_autofree char *basename = i == 1 ? g_strdup_printf ("%s.huiyuan", safe)
                                         : g_strdup_printf ("%s-%u.huiyuan", safe, i);
      g_autofree char *path = hy_window_data_path (basename);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }
}

static gboolean
hy_window_time_zone_is_valid (const char *identifier)
{
  g_autoptr(GTimeZone) tz = NULL;

  if (identifier == NULL || *identifier == '\0')
    return FALSE;
  tz = g_time_zone_new_identifier (identifier);
  return tz != NULL;
}

static void
new_store_validate_cb (HyWindow *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->store_name_row))));
  const char *zone = gtk_editable_get_text (GTK_EDITABLE (self->time_zone_row));
  gboolean name_ok = *name != '\0';
  gboolean zone_ok = hy_window_time_zone_is_valid (zone);

  if (zone_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->time_zone_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->time_zone_row), "error");
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), name_ok && zone_ok);
}

static void
new_store_create_cb (HyWindow *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->store_name_row))));
  const char *zone = gtk_editable_get_text (GTK_EDITABLE (self->time_zone_row));
  GtkStringObject *currency = adw_combo_row_get_selected_item (self->currency_row);
  Job *job;

  if (*name == '\0' || !hy_window_time_zone_is_valid (zone))
    return;

  job = g_new0 (Job, 1);
  job->kind = JOB_CREATE;
  job->path = hy_window_new_store_path (name);
  job->store_name = g_steal_pointer (&name);
  job->currency = g_strdup (gtk_string_object_get_string (currency));
  job->time_zone = g_strdup (zone);
  job->industry = adw_combo_row_get_selected (self->industry_row);
  hy_window_start_job (self, job, _("Creating the Database"));
}

static void
new_store_cancel_cb (HyWindow *self)
{
  gtk_stack_set_visible_child_name (self->main_stack, self->database != NULL ? "main" : "welcome");
}

static void
busy_cancel_cb (HyWindow *self)
{
  if (self->job_cancellable != NULL)
    g_cancellable_cancel (self->job_cancellable);
}

static void
back_clicked_cb (HyWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
sidebar_row_activated_cb (HyWindow      *self,
                          GtkListBoxRow *row)
{
  hy_window_show_page (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
visible_page_changed_cb (HyWindow *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->pages);
  GtkStackPage *page;
  const char *name;

  if (child == NULL)
    return;

  page = gtk_stack_get_page (self->pages, child);
  name = gtk_stack_page_get_name (page);
  adw_window_title_set_title (self->page_title, gtk_stack_page_get_title (page));

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (gtk_widget_get_name (row), name) == 0)
      gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (row));
}

/* Saved settings take effect at once: the till reads them again, and so does the title. */
static void
settings_changed_cb (HyWindow *self)
{
  g_autofree char *store_name = NULL;

  hy_checkout_page_reload_settings (self->checkout_page);
  if (self->database == NULL)
    return;
  /* Warning thresholds and the RFM window are settings: the member pages' figures follow. */
  _hy_window_build_analysis (self);
  store_name = hy_database_dup_setting (self->database, "store.name");
  if (store_name != NULL && *store_name != '\0' && g_strcmp0 (store_name, self->store_name) != 0)
    {
      g_free (self->store_name);
      self->store_name = g_steal_pointer (&store_name);
      gtk_window_set_title (GTK_WINDOW (self), self->store_name);
      _hy_window_update_subtitle (self);
    }
}

static void
hy_window_add_planned_pages (HyWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (planned_pages); i++)
    {
      GtkWidget *child;
      GtkStackPage *page;

      if (planned_pages[i].get_type != NULL)
        {
          child = g_object_new (planned_pages[i].get_type (), NULL);
        }
      else
        {
          child = adw_status_page_new ();
          adw_status_page_set_icon_name (ADW_STATUS_PAGE (child), planned_pages[i].icon);
          adw_status_page_set_title (ADW_STATUS_PAGE (child), _("Not Built Yet"));
          adw_status_page_set_description (ADW_STATUS_PAGE (child), _(planned_pages[i].description));
        }
      page = gtk_stack_add_titled (self->pages, child, planned_pages[i].name, _(planned_pages[i].title));
      gtk_stack_page_set_icon_name (page, planned_pages[i].icon);
    }

  /* Settings stays last in the sidebar, after the pages still to come. */
  {
    g_autoptr(GtkWidget) settings = g_object_ref (GTK_WIDGET (self->settings_page));
    GtkStackPage *page;

    gtk_stack_remove (self->pages, settings);
    page = gtk_stack_add_titled (self->pages, settings, "settings", _("Settings"));
    gtk_stack_page_set_icon_name (page, "emblem-system-symbolic");
  }
}

static void
hy_window_build_sidebar (HyWindow *self)
{
  g_autoptr(GListModel) pages = G_LIST_MODEL (gtk_stack_get_pages (self->pages));

  for (guint i = 0; i < g_list_model_get_n_items (pages); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (pages, i);
      GtkStackPage *page = GTK_STACK_PAGE (item);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *label = gtk_label_new (gtk_stack_page_get_title (page));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (gtk_stack_page_get_icon_name (page)));
      gtk_box_append (GTK_BOX (box), label);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_widget_set_name (row, gtk_stack_page_get_name (page));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      gtk_stack_page_get_title (page), -1);
      gtk_list_box_append (self->sidebar_list, row);
    }
}

static void
hy_window_new_database_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  HyWindow *self = HY_WINDOW (widget);

  if (self->job != NULL)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->store_name_row), "");
  new_store_validate_cb (self);
  gtk_stack_set_visible_child_name (self->main_stack, "new-store");
  gtk_widget_grab_focus (GTK_WIDGET (self->store_name_row));
}

static void
hy_window_open_demo_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  hy_window_open_demo (HY_WINDOW (widget));
}

static void
hy_window_open_response_cb (HyWindow             *self,
                            int                   response,
                            GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        hy_window_open_database (self, path);
    }
  g_object_unref (chooser);
}

static void
hy_window_open_database_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  HyWindow *self = HY_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) databases = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (databases, _("Huiyuan Databases"));
  gtk_file_filter_add_pattern (databases, "*.huiyuan");
  gtk_file_filter_add_pattern (databases, "*.db");
  gtk_file_filter_add_mime_type (databases, "application/vnd.sqlite3");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");

  chooser = gtk_file_chooser_native_new (_("Open Database"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), databases);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (hy_window_open_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* A sale or a refund at the till: the member's analysis follows. */
static void
till_member_changed_cb (HyWindow *self,
                        gint64    member_id)
{
  hy_window_refresh_member_analysis (self, member_id);
}

static gboolean
hy_window_close_request (GtkWindow *window)
{
  HyWindow *self = HY_WINDOW (window);
  HyApplication *app = HY_APPLICATION (gtk_window_get_application (window));
  int width, height;

  g_cancellable_cancel (self->cancellable);
  if (app != NULL)
    {
      GSettings *settings = hy_application_get_settings (app);

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
    }

  return GTK_WINDOW_CLASS (hy_window_parent_class)->close_request (window);
}

static void
hy_window_constructed (GObject *object)
{
  HyWindow *self = HY_WINDOW (object);
  HyApplication *app = HY_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  G_OBJECT_CLASS (hy_window_parent_class)->constructed (object);

  if (app != NULL)
    {
      GSettings *settings = hy_application_get_settings (app);

      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (settings, "window-width"),
                                   g_settings_get_int (settings, "window-height"));
      self->demo_members = g_settings_get_int (settings, "demo-members");
      self->demo_transactions = g_settings_get_int (settings, "demo-transactions");
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
}

static void
hy_window_dispose (GObject *object)
{
  HyWindow *self = HY_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), HY_TYPE_WINDOW);

  G_OBJECT_CLASS (hy_window_parent_class)->dispose (object);
}

static void
hy_window_finalize (GObject *object)
{
  HyWindow *self = HY_WINDOW (object);

  _hy_window_clear_analysis (self);
  g_clear_pointer (&self->analysis_pending, g_array_unref);
  g_clear_object (&self->database);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->job_cancellable);
  g_clear_pointer (&self->store_name, g_free);

  G_OBJECT_CLASS (hy_window_parent_class)->finalize (object);
}

static void
hy_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  HyWindow *self = HY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, hy_window_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hy_window_class_init (HyWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = hy_window_constructed;
  object_class->dispose = hy_window_dispose;
  object_class->finalize = hy_window_finalize;
  object_class->get_property = hy_window_get_property;
  window_class->close_request = hy_window_close_request;

  properties [PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         HY_TYPE_DATABASE,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/huiyuan/Huiyuan/ui/hy-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HyWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HyWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, HyWindow, industry_row);
  gtk_widget_class_bind_template_child (widget_class, HyWindow, currency_row);
  gtk_widget_class_bind_template_child (widget_class, HyWindow, store_name_row);
  gtk_widget_class_bind_template_child (widget_class, HyWindow, time_zone_row);
  gtk_widget_class_bind_template_child (widget_class, HyWindow, create_button);
  gtk_widget_class_bind_template_child (widget_class, HyWindow, busy_status);
  gtk_widget_class_bind_template_child (widget_class, HyWindow, busy_progress);
  gtk_widget_class_bind_template_child (widget_class, HyWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, HyWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, HyWindow, page_title);
  gtk_widget_class_bind_template_child (widget_class, HyWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, HyWindow, dashboard_page);
  gtk_widget_class_bind_template_child (widget_class, HyWindow, members_page);
  gtk_widget_class_bind_template_child (widget_class, HyWindow, checkout_page);
  gtk_widget_class_bind_template_child (widget_class, HyWindow, settings_page);
  gtk_widget_class_bind_template_callback (widget_class, new_store_validate_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_store_create_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_store_cancel_cb);
  gtk_widget_class_bind_template_callback (widget_class, busy_cancel_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, visible_page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, settings_changed_cb);
  _hy_window_class_init_staff (widget_class);
  _hy_window_class_init_analysis (object_class);

  gtk_widget_class_install_action (widget_class, "win.new-database", NULL, hy_window_new_database_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, hy_window_open_demo_action);
  gtk_widget_class_install_action (widget_class, "win.open-database", NULL, hy_window_open_database_action);
  gtk_widget_class_install_action (widget_class, "win.find-member", NULL, _hy_window_find_member_action);
  gtk_widget_class_install_action (widget_class, "win.start-sale", "x", _hy_window_start_sale_action);

  g_type_ensure (HY_TYPE_DASHBOARD_PAGE);
  g_type_ensure (HY_TYPE_MEMBERS_PAGE);
  g_type_ensure (HY_TYPE_CHECKOUT_PAGE);
  g_type_ensure (HY_TYPE_SETTINGS_PAGE);
}

static void
hy_window_init (HyWindow *self)
{
  g_autoptr(GtkStringList) industries = gtk_string_list_new (NULL);
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  const char *zone = g_time_zone_get_identifier (local);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  _hy_window_connect_navigation (self);
  self->demo_members = DEMO_MEMBERS;
  self->demo_transactions = DEMO_TRANSACTIONS;

  for (guint i = 0; i < HY_N_INDUSTRIES; i++)
    gtk_string_list_append (industries, _(hy_industry_get_info (i)->label));
  adw_combo_row_set_model (self->industry_row, G_LIST_MODEL (industries));

  /* The local zone is a file path or "Local" when TZ is unset; offer a name the store can keep. */
  if (!hy_window_time_zone_is_valid (zone) || g_str_has_prefix (zone, "/") || g_str_equal (zone, "Local"))
    zone = "Asia/Shanghai";
  gtk_editable_set_text (GTK_EDITABLE (self->time_zone_row), zone);

  g_signal_connect_object (self->checkout_page, "member-changed", G_CALLBACK (till_member_changed_cb), self,
                           G_CONNECT_SWAPPED);
  hy_window_add_planned_pages (self);
  hy_window_build_sidebar (self);
  visible_page_changed_cb (self);
}

HyWindow *
hy_window_new (HyApplication *application)
{
  return g_object_new (HY_TYPE_WINDOW, "application", application, NULL);
}
