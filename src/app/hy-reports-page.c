/* hy-reports-page.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The printed reports: pick one and a month, see its pages, print them or save them as PDF or
 * CSV.  A report is built in a thread on a read-only connection of its own; the pages on screen
 * are the same drawing the printer and the PDF get.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hy-analysis.h"
#include "hy-document-export.h"
#include "hy-error.h"
#include "hy-member-store.h"
#include "hy-reports-page.h"
#include "hy-time.h"

#define MIN_PREVIEW_WIDTH 300
#define N_MONTHS      13

struct _HyReportsPage
{
  AdwBin         parent_instance;

  /* Template widgets */
  GtkListBox    *report_list;
  AdwComboRow   *period_row;
  AdwEntryRow   *member_row;
  GtkWidget     *mask_row;
  GtkSwitch     *mask_switch;
  GtkWidget     *actions;
  GtkStack      *preview_stack;
  GtkSpinner    *spinner;
  AdwStatusPage *error_status;
  GtkBox        *pages_box;

  /* Owned references */
  HyDatabase    *database;
  GtkStringList *months;
  GCancellable  *cancellable;
  HyDocument    *document;
  HyReportKind   kind;
  char          *period;
};

G_DEFINE_FINAL_TYPE (HyReportsPage, hy_reports_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static const char *descriptions[HY_N_REPORTS] = {
  [HY_REPORT_MONTHLY] = N_("Key figures against the month before, RFM classes, lifecycle stages and cohorts"),
  [HY_REPORT_RFM] = N_("The eight classes with members, revenue and averages"),
  [HY_REPORT_LIFECYCLE] = N_("Stages over 24 months and where members moved"),
  [HY_REPORT_CALLS] = N_("Today’s churn warnings: who to call and why"),
  [HY_REPORT_STATEMENT] = N_("A member’s points and stored value, entry by entry"),
  [HY_REPORT_TIERS] = N_("Members per tier with their share, spend and average points"),
};

typedef struct
{
  char            *path;
  HyReportOptions  options;
  char            *period;
  char            *member;   /* statement: a member number or a phone */
} Job;

static void
job_free (Job *job)
{
  g_free (job->path);
  g_free (job->period);
  g_free (job->member);
  g_free (job);
}

/* Finds the statement's member: "#123" or "123" (up to 9 digits) is a member number, anything
 * else a phone. */
static gboolean
resolve_member (HyDatabase  *db,
                const char  *text,
                gint64      *member_id,
                GError     **error)
{
  g_autoptr(HyMemberStore) members = hy_member_store_new (db);
  const char *digits = text[0] == '#' ? text + 1 : text;
  gsize n = strspn (digits, "0123456789");

  if (*digits != '\0' && digits[n] == '\0' && n <= 9)
    {
      *member_id = hy_member_store_resolve (members, g_ascii_strtoll (digits, NULL, 10));
      if (*member_id > 0)
        return TRUE;
    }
  *member_id = hy_member_store_find (members, HY_IDENTITY_PHONE, text, NULL);
  if (*member_id > 0)
    return TRUE;

  g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND, _("No member has the number or phone “%s”"), text);
  return FALSE;
}

static void
build_run (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  HyDocument *doc;

  if (!(db = hy_database_open (job->path, HY_DATABASE_OPEN_READ_ONLY, &error)) ||
      (job->options.kind == HY_REPORT_STATEMENT &&
       !resolve_member (db, job->member, &job->options.member_id, &error)) ||
      !(doc = hy_report_build (db, &job->options, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  hy_document_layout (doc, HY_DOCUMENT_A4_WIDTH, HY_DOCUMENT_A4_HEIGHT);
  g_task_return_pointer (task, doc, (GDestroyNotify) hy_document_free);
}

static void
draw_page_cb (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  HyReportsPage *self = HY_REPORTS_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (area), HY_TYPE_REPORTS_PAGE));
  guint page = GPOINTER_TO_UINT (user_data);

  if (self == NULL || self->document == NULL)
    return;
  cairo_scale (cr, width / HY_DOCUMENT_A4_WIDTH, height / HY_DOCUMENT_A4_HEIGHT);
  hy_document_draw_page (self->document, cr, page);
}

static void
show_pages (HyReportsPage *self)
{
  GtkWidget *child;
  guint n_pages = hy_reports_page_get_n_pages (self);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->pages_box))) != NULL)
    gtk_box_remove (self->pages_box, child);

  for (guint i = 0; i < n_pages; i++)
    {
      GtkWidget *area = gtk_drawing_area_new ();
      /* As wide as the pane allows (up to the clamp), as tall as an A4 page of that width. */
      GtkWidget *frame = gtk_aspect_frame_new (0.5, 0, HY_DOCUMENT_A4_WIDTH / HY_DOCUMENT_A4_HEIGHT, FALSE);
      g_autofree char *label = g_strdup_printf (_("Page %u of %u"), i + 1, n_pages);

      gtk_widget_set_size_request (area, MIN_PREVIEW_WIDTH, (int) (MIN_PREVIEW_WIDTH * HY_DOCUMENT_A4_HEIGHT / HY_DOCUMENT_A4_WIDTH));
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_page_cb, GUINT_TO_POINTER (i), NULL);
      gtk_widget_add_css_class (area, "card");
      gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_aspect_frame_set_child (GTK_ASPECT_FRAME (frame), area);
      gtk_box_append (self->pages_box, frame);
    }
}

static void
build_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  HyReportsPage *self = HY_REPORTS_PAGE (object);
  g_autoptr(GError) error = NULL;
  HyDocument *doc = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_stop (self->spinner);
  g_clear_object (&self->cancellable);
  if (doc != NULL)
    {
      g_clear_pointer (&self->document, hy_document_free);
      self->document = doc;
      show_pages (self);
      gtk_stack_set_visible_child_name (self->preview_stack, "preview");
      gtk_widget_set_sensitive (self->actions, TRUE);
    }
  else
    {
      adw_status_page_set_description (self->error_status, error->message);
      gtk_stack_set_visible_child_name (self->preview_stack, "error");
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
}

static void
hy_reports_page_rebuild (HyReportsPage *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->report_list);
  GtkStringObject *month = adw_combo_row_get_selected_item (self->period_row);
  g_autoptr(GTask) task = NULL;
  g_autofree char *member = NULL;
  Job *job;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->document, hy_document_free);
  gtk_widget_set_sensitive (self->actions, FALSE);

  if (self->database == NULL || row == NULL)
    {
      gtk_stack_set_visible_child_name (self->preview_stack, "empty");
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
      return;
    }

  self->kind = gtk_list_box_row_get_index (row);
  gtk_widget_set_visible (GTK_WIDGET (self->member_row), self->kind == HY_REPORT_STATEMENT);
  gtk_widget_set_visible (self->mask_row, self->kind == HY_REPORT_CALLS);
  member = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->member_row))));
  if (self->kind == HY_REPORT_STATEMENT && *member == '\0')
    {
      adw_status_page_set_description (self->error_status, _("Enter the member’s number or phone."));
      gtk_stack_set_visible_child_name (self->preview_stack, "error");
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
      return;
    }

  job = g_new0 (Job, 1);
  job->path = g_strdup (hy_database_get_path (self->database));
  job->period = g_strdup (month != NULL ? gtk_string_object_get_string (month) : NULL);
  job->member = g_steal_pointer (&member);
  job->options.kind = self->kind;
  job->options.period = job->period;
  job->options.mask_phones = gtk_switch_get_active (self->mask_switch);
  g_free (self->period);
  self->period = g_strdup (job->period);

  self->cancellable = g_cancellable_new ();
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->preview_stack, "loading");
  task = g_task_new (self, self->cancellable, build_done, NULL);
  g_task_set_source_tag (task, hy_reports_page_rebuild);
  g_task_set_check_cancellable (task, TRUE);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, build_run);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
}

static void
report_selected_cb (HyReportsPage *self)
{
  hy_reports_page_rebuild (self);
}

static void
options_changed_cb (HyReportsPage *self)
{
  if (gtk_list_box_get_selected_row (self->report_list) != NULL)
    hy_reports_page_rebuild (self);
}

/* The months to choose from: this one and the twelve before, newest first. */
static void
fill_months (HyReportsPage *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  int year, month, day;

  hy_time_day_to_ymd (hy_analysis_parse_day (self->database, NULL, NULL), &year, &month, &day);
  for (guint i = 0; i < N_MONTHS; i++)
    {
      g_ptr_array_add (names, g_strdup_printf ("%04d-%02d", year, month));
      if (--month == 0)
        {
          month = 12;
          year--;
        }
    }
  g_ptr_array_add (names, NULL);
  g_clear_object (&self->months);
  self->months = gtk_string_list_new ((const char * const *) names->pdata);
  adw_combo_row_set_model (self->period_row, G_LIST_MODEL (self->months));
  /* The last full month is what a report is usually for. */
  adw_combo_row_set_selected (self->period_row, 1);
}

void
hy_reports_page_set_database (HyReportsPage *self,
                              HyDatabase    *database)
{
  g_return_if_fail (HY_IS_REPORTS_PAGE (self));
  g_return_if_fail (database == NULL || HY_IS_DATABASE (database));

  if (!g_set_object (&self->database, database))
    return;
  if (database != NULL)
    fill_months (self);
  hy_reports_page_rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DATABASE]);
}

/* Shows @kind for @period ("2026-10", one of the last 13 months; NULL keeps the month). */
void
hy_reports_page_show_report (HyReportsPage *self,
                             HyReportKind   kind,
                             const char    *period)
{
  g_return_if_fail (HY_IS_REPORTS_PAGE (self));
  g_return_if_fail (kind < HY_N_REPORTS);

  if (period != NULL && self->months != NULL)
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->months)); i++)
      if (g_str_equal (gtk_string_list_get_string (self->months, i), period))
        adw_combo_row_set_selected (self->period_row, i);
  gtk_list_box_select_row (self->report_list, gtk_list_box_get_row_at_index (self->report_list, kind));
}

gboolean
hy_reports_page_get_loading (HyReportsPage *self)
{
  g_return_val_if_fail (HY_IS_REPORTS_PAGE (self), FALSE);

  return self->cancellable != NULL;
}

guint
hy_reports_page_get_n_pages (HyReportsPage *self)
{
  g_return_val_if_fail (HY_IS_REPORTS_PAGE (self), 0);

  return self->document != NULL ? hy_document_layout (self->document, HY_DOCUMENT_A4_WIDTH, HY_DOCUMENT_A4_HEIGHT) : 0;
}

gboolean
hy_reports_page_save_pdf (HyReportsPage  *self,
                          const char     *path,
                          GError        **error)
{
  g_return_val_if_fail (HY_IS_REPORTS_PAGE (self), FALSE);
  g_return_val_if_fail (self->document != NULL, FALSE);

  return hy_document_write_pdf (self->document, path, error);
}

gboolean
hy_reports_page_save_csv (HyReportsPage  *self,
                          const char     *path,
                          GError        **error)
{
  g_return_val_if_fail (HY_IS_REPORTS_PAGE (self), FALSE);
  g_return_val_if_fail (self->document != NULL, FALSE);

  /* With a byte order mark, so that Excel reads the Chinese right. */
  return hy_document_write_csv (self->document, path, TRUE, error);
}

/* ---- Printing and saving ---- */

static void
print_cb (HyReportsPage *self)
{
  g_autofree char *job_name = NULL;

  if (self->document == NULL)
    return;
  job_name = g_strdup_printf ("%s %s", hy_document_get_title (self->document), self->period != NULL ? self->period : "");
  hy_document_export_print (GTK_WIDGET (self), self->document, NULL, job_name);
  /* The printer's pages may not be A4: the pages on screen are laid out again. */
  gtk_widget_queue_draw (GTK_WIDGET (self->pages_box));
}

typedef gboolean (*SaveFunc) (HyReportsPage *self, const char *path, GError **error);

static void
save_to (GtkWidget  *widget,
         const char *path,
         gpointer    user_data)
{
  HyReportsPage *self = HY_REPORTS_PAGE (widget);
  SaveFunc save = user_data;
  g_autoptr(GError) error = NULL;

  if (self->document != NULL && !save (self, path, &error))
    hy_document_export_show_error (widget, _("Could not Save the Report"), error);
}

static void
choose_file (HyReportsPage *self,
             const char    *extension,
             SaveFunc       save)
{
  g_autofree char *name = g_strdup_printf ("%s-%s.%s", hy_report_kind_to_string (self->kind),
                                           self->period != NULL ? self->period : "", extension);

  if (self->document != NULL)
    hy_document_export_choose_file (GTK_WIDGET (self), _("Save the Report"), name, save_to, save);
}

static void
save_pdf_cb (HyReportsPage *self)
{
  choose_file (self, "pdf", hy_reports_page_save_pdf);
}

static void
save_csv_cb (HyReportsPage *self)
{
  choose_file (self, "csv", hy_reports_page_save_csv);
}

/* ---- GObject ---- */

static void
hy_reports_page_dispose (GObject *object)
{
  HyReportsPage *self = HY_REPORTS_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  /* The list says "nothing selected" while it is torn down, after the other rows are gone. */
  if (self->report_list != NULL)
    g_signal_handlers_disconnect_by_data (self->report_list, self);

  G_OBJECT_CLASS (hy_reports_page_parent_class)->dispose (object);
}

static void
hy_reports_page_finalize (GObject *object)
{
  HyReportsPage *self = HY_REPORTS_PAGE (object);

  g_clear_object (&self->database);
  g_clear_object (&self->months);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->document, hy_document_free);
  g_free (self->period);

  G_OBJECT_CLASS (hy_reports_page_parent_class)->finalize (object);
}

static void
hy_reports_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HyReportsPage *self = HY_REPORTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, hy_reports_page_get_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hy_reports_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  HyReportsPage *self = HY_REPORTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      hy_reports_page_set_database (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hy_reports_page_class_init (HyReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hy_reports_page_dispose;
  object_class->finalize = hy_reports_page_finalize;
  object_class->get_property = hy_reports_page_get_property;
  object_class->set_property = hy_reports_page_set_property;

  properties [PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         HY_TYPE_DATABASE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/huiyuan/Huiyuan/ui/hy-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HyReportsPage, report_list);
  gtk_widget_class_bind_template_child (widget_class, HyReportsPage, period_row);
  gtk_widget_class_bind_template_child (widget_class, HyReportsPage, member_row);
  gtk_widget_class_bind_template_child (widget_class, HyReportsPage, mask_row);
  gtk_widget_class_bind_template_child (widget_class, HyReportsPage, mask_switch);
  gtk_widget_class_bind_template_child (widget_class, HyReportsPage, actions);
  gtk_widget_class_bind_template_child (widget_class, HyReportsPage, preview_stack);
  gtk_widget_class_bind_template_child (widget_class, HyReportsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, HyReportsPage, error_status);
  gtk_widget_class_bind_template_child (widget_class, HyReportsPage, pages_box);
  gtk_widget_class_bind_template_callback (widget_class, report_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, options_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, print_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_pdf_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_csv_cb);
}

static void
hy_reports_page_init (HyReportsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < HY_N_REPORTS; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), hy_report_kind_get_title (i));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(descriptions[i]));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->report_list, row);
    }
}
