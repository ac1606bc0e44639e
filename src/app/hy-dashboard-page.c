/* hy-dashboard-page.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store at a glance: members, sales, takings and the members' share of them.  The figures
 * are summed in a thread on a read-only connection of their own, so a large database never
 * freezes the window.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-dashboard-page.h"
#include "hy-money.h"
#include "hy-summary.h"
#include "hy-time.h"

struct _HyDashboardPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkStack     *stack;
  GtkFlowBox   *cards;
  GtkLabel     *history_label;
  AdwStatusPage *error_status;

  /* Owned references */
  HyDatabase   *database;
  GCancellable *cancellable;
  char         *currency;
  GTimeZone    *tz;
};

G_DEFINE_FINAL_TYPE (HyDashboardPage, hy_dashboard_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
summarize_run (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree HySummary *summary = g_new0 (HySummary, 1);

  if (!(db = hy_database_open (path, HY_DATABASE_OPEN_READ_ONLY, &error)) ||
      !hy_database_summarize (db, summary, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&summary), g_free);
}

static void
add_card (HyDashboardPage *self,
          const char      *title,
          const char      *value,
          const char      *caption)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value_label = gtk_label_new (value);
  GtkWidget *caption_label = gtk_label_new (caption);
  g_autofree char *accessible = g_strdup_printf ("%s: %s. %s", title, value, caption);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "kpi-card");
  gtk_widget_add_css_class (title_label, "dim-label");
  gtk_widget_add_css_class (title_label, "heading");
  gtk_widget_add_css_class (value_label, "title-1");
  gtk_widget_add_css_class (caption_label, "caption");
  gtk_widget_add_css_class (caption_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_xalign (GTK_LABEL (caption_label), 0);
  gtk_label_set_wrap (GTK_LABEL (caption_label), TRUE);
  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), value_label);
  gtk_box_append (GTK_BOX (box), caption_label);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_flow_box_append (self->cards, box);
}

static void
hy_dashboard_page_show_summary (HyDashboardPage *self,
                                const HySummary *summary)
{
  gint64 net = summary->sales_total - summary->refunds_total;
  gint64 paid_sales = summary->sales;
  g_autofree char *members = hy_count_format (summary->members);
  g_autofree char *sales = hy_count_format (summary->sales);
  g_autofree char *walk_ins = hy_count_format (summary->walk_in_sales);
  g_autofree char *refunds = hy_count_format (summary->refunds);
  g_autofree char *net_text = hy_money_format (net, TRUE);
  g_autofree char *net_value = g_strdup_printf ("%s %s", net_text, self->currency);
  g_autofree char *refunded = hy_money_format (summary->refunds_total, TRUE);
  g_autofree char *ticket = hy_money_format (paid_sales > 0 ? summary->sales_total / paid_sales : 0, TRUE);
  g_autofree char *ticket_value = g_strdup_printf ("%s %s", ticket, self->currency);
  g_autofree char *merged = hy_count_format (summary->merged_members);
  g_autofree char *merged_caption = NULL;
  g_autofree char *sales_caption = NULL;
  g_autofree char *refund_caption = NULL;
  g_autofree char *share = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cards))) != NULL)
    gtk_flow_box_remove (self->cards, child);

  /* Translators: %s is a number of member records merged into others */
  merged_caption = g_strdup_printf (_("%s duplicate records merged"), merged);
  /* Translators: %s is a number of sales to customers who are not members */
  sales_caption = g_strdup_printf (_("of which %s walk-in"), walk_ins);
  /* Translators: %1$s is an amount, %2$s a currency code */
  refund_caption = g_strdup_printf (_("%1$s %2$s refunded"), refunded, self->currency);
  share = summary->sales_total > 0
    ? g_strdup_printf ("%.1f %%", 100.0 * summary->member_sales_total / summary->sales_total)
    : g_strdup ("—");

  add_card (self, _("Members"), members, merged_caption);
  add_card (self, _("Sales"), sales, sales_caption);
  add_card (self, _("Net Takings"), net_value, refund_caption);
  add_card (self, _("Average Ticket"), ticket_value, _("Sales before refunds, per sale"));
  add_card (self, _("Members’ Share of Sales"), share, _("Of all sales, walk-ins included"));
  add_card (self, _("Refunds"), refunds, _("Full and partial"));

  if (summary->first_at > 0)
    {
      g_autofree char *first = hy_time_format_local (self->tz, summary->first_at, FALSE);
      g_autofree char *last = hy_time_format_local (self->tz, summary->last_at, FALSE);
      /* Translators: %1$s and %2$s are dates */
      g_autofree char *history = g_strdup_printf (_("Purchases from %1$s to %2$s"), first, last);

      gtk_label_set_label (self->history_label, history);
    }
  else
    gtk_label_set_label (self->history_label, _("No purchases yet. Import them with huiyuan-cli, or open the demo to look around."));

  gtk_stack_set_visible_child_name (self->stack, "summary");
}

static void
summarize_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  HyDashboardPage *self = HY_DASHBOARD_PAGE (object);
  g_autofree HySummary *summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (summary != NULL)
    hy_dashboard_page_show_summary (self, summary);
  else
    {
      adw_status_page_set_description (self->error_status, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  g_clear_object (&self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
}

static void
hy_dashboard_page_reload (HyDashboardPage *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->database == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->stack, "loading");

  task = g_task_new (self, self->cancellable, summarize_done, NULL);
  g_task_set_source_tag (task, hy_dashboard_page_reload);
  g_task_set_check_cancellable (task, TRUE);
  g_task_set_task_data (task, g_strdup (hy_database_get_path (self->database)), g_free);
  g_task_run_in_thread (task, summarize_run);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
}

void
hy_dashboard_page_set_database (HyDashboardPage *self,
                                HyDatabase      *database)
{
  g_return_if_fail (HY_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (database == NULL || HY_IS_DATABASE (database));

  if (!g_set_object (&self->database, database))
    return;

  g_clear_pointer (&self->currency, g_free);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  if (database != NULL)
    {
      self->currency = hy_database_dup_setting (database, "currency");
      self->tz = g_time_zone_ref (hy_database_get_time_zone (database));
    }
  hy_dashboard_page_reload (self);
}

gboolean
hy_dashboard_page_get_loading (HyDashboardPage *self)
{
  g_return_val_if_fail (HY_IS_DASHBOARD_PAGE (self), FALSE);

  return self->cancellable != NULL;
}

static void
hy_dashboard_page_dispose (GObject *object)
{
  HyDashboardPage *self = HY_DASHBOARD_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  /* No gtk_widget_dispose_template (): AdwBin unparents its child itself, and would unparent
   * the child the template disposal already freed. */

  G_OBJECT_CLASS (hy_dashboard_page_parent_class)->dispose (object);
}

static void
hy_dashboard_page_finalize (GObject *object)
{
  HyDashboardPage *self = HY_DASHBOARD_PAGE (object);

  g_clear_object (&self->database);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->currency, g_free);
  g_clear_pointer (&self->tz, g_time_zone_unref);

  G_OBJECT_CLASS (hy_dashboard_page_parent_class)->finalize (object);
}

static void
hy_dashboard_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HyDashboardPage *self = HY_DASHBOARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, hy_dashboard_page_get_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hy_dashboard_page_class_init (HyDashboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hy_dashboard_page_dispose;
  object_class->finalize = hy_dashboard_page_finalize;
  object_class->get_property = hy_dashboard_page_get_property;

  properties [PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/huiyuan/Huiyuan/ui/hy-dashboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HyDashboardPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HyDashboardPage, cards);
  gtk_widget_class_bind_template_child (widget_class, HyDashboardPage, history_label);
  gtk_widget_class_bind_template_child (widget_class, HyDashboardPage, error_status);
}

static void
hy_dashboard_page_init (HyDashboardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
