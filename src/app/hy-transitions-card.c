/* hy-transitions-card.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dashboard's card of the moves between lifecycle stages: where the members in each stage
 * at the end of one month were at the end of another.  The two months are chosen over the
 * lifecycle chart's 24; the dashboard brings the moves from last month to this one, and other
 * months are computed in a thread while the last figures stay on screen.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hy-chart-view.h"
#include "hy-dashboard-members.h"
#include "hy-dashboard-page-private.h"
#include "hy-money.h"
#include "hy-time.h"
#include "hy-transitions-card.h"

struct _HyTransitionsCard
{
  GtkBox parent_instance;

  /* Borrowed references (children) */
  GtkLabel          *title;
  GtkSpinner        *spinner;
  GtkLabel          *caption;
  GtkDropDown       *from_dropdown;
  GtkDropDown       *to_dropdown;
  GtkWidget         *view;
  GtkScrolledWindow *scroller;

  /* Owned references */
  GCancellable *cancellable;
  char         *path;

  gint32        as_of;
  gint64        store_id;
  gint32        month_end[HY_DASHBOARD_MONTHS];
  guint         from;       /* indices into month_end, from < to */
  guint         to;
};

G_DEFINE_FINAL_TYPE (HyTransitionsCard, hy_transitions_card, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static char *
day_text (gint32 day)
{
  int y, m, d;

  hy_time_day_to_ymd (day, &y, &m, &d);
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

/* Each row a stage on @from, each cell the share of those members in a stage on @to. */
static void
show_matrix (HyTransitionsCard *self,
             gint32             from,
             gint32             to,
             guint64            matrix[HY_N_STAGES][HY_N_STAGES])
{
  const guint n = HY_N_STAGES;
  HyChartData *data = _hy_chart_data_new ();
  const char **row_labels = _hy_chart_data_own (data, g_new0 (const char *, n));
  const char **column_labels = _hy_chart_data_own (data, g_new0 (const char *, n));
  double *values = _hy_chart_data_own (data, g_new0 (double, n * n));
  const char **headers = _hy_chart_data_own (data, g_new0 (const char *, n + 1));
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) links = _hy_chart_links_new ();
  g_autofree char *first = day_text (from);
  g_autofree char *last = day_text (to);
  g_autofree char *title = NULL;

  /* Translators: lifecycle stages moved between two days, e.g. 2026-10-31 → 2026-11-23 */
  title = g_strdup_printf (_("Lifecycle Moves, %s → %s"), first, last);
  headers[0] = _("From \\ To");
  for (guint a = 0; a < n; a++)
    {
      guint64 total = 0;
      char **row = g_new0 (char *, n + 2);
      g_autofree char *size = NULL;

      for (guint b = 0; b < n; b++)
        total += matrix[a][b];
      size = hy_count_format (total);
      row_labels[a] = _hy_chart_data_own (data, g_strdup_printf ("%s (%s)", hy_stage_get_label (a), size));
      column_labels[a] = hy_stage_get_label (a);
      headers[a + 1] = column_labels[a];
      row[0] = g_strdup (row_labels[a]);
      for (guint b = 0; b < n; b++)
        {
          values[a * n + b] = total > 0 ? (double) matrix[a][b] / total : -1;
          row[b + 1] = hy_count_format (matrix[a][b]);
        }
      g_ptr_array_add (rows, row);
    }
  data->chart.heatmap.n_rows = n;
  data->chart.heatmap.row_labels = row_labels;
  data->chart.heatmap.n_columns = n;
  data->chart.heatmap.column_labels = column_labels;
  data->chart.heatmap.values = values;

  /* A click on a cell lists the members who made that move. */
  for (guint a = 0; a < n; a++)
    for (guint b = 0; b < n; b++)
      {
        HyDashboardPart part = hy_dashboard_part_transition (self->as_of, self->store_id, from, to, a, b);
        /* Translators: what the members list shows: the members in a lifecycle stage (%1$s) at
         * the end of a day (%2$s) and in another (%3$s) at the end of a later one (%4$s) */
        char *what = g_strdup_printf (_("%1$s on %2$s, %3$s on %4$s"), hy_stage_get_label (a), first,
                                      hy_stage_get_label (b), last);

        _hy_chart_links_add (links, part, what);
      }
  _hy_dashboard_set_chart_links (self->view, g_steal_pointer (&links));

  gtk_label_set_label (self->title, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  hy_chart_view_set_chart (HY_CHART_VIEW (self->view), HY_CHART_HEATMAP, &data->chart, data, _hy_chart_data_free);
  gtk_scrolled_window_set_child (self->scroller, _hy_dashboard_build_table (n + 1, headers, rows));
}

/* ---- The moves between other months, in a thread ---- */

typedef struct
{
  char    *path;
  gint32   as_of;
  gint64   store_id;
  gint32   from;
  gint32   to;
  guint64  matrix[HY_N_STAGES][HY_N_STAGES];
} Moves;

static void
moves_free (Moves *moves)
{
  g_free (moves->path);
  g_free (moves);
}

static void
compute_run (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Moves *moves = task_data;
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(GError) error = NULL;

  /* A connection of its own, writable like the dashboard's: the analysis keeps its cache. */
  if (!(db = hy_database_open (moves->path, HY_DATABASE_OPEN_DEFAULT, &error)) ||
      !hy_dashboard_compute_transitions (db, moves->as_of, moves->store_id, moves->from, moves->to,
                                         moves->matrix, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
compute_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  HyTransitionsCard *self = HY_TRANSITIONS_CARD (object);
  Moves *moves = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *why = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s says why the moves between two months could not be computed */
      why = g_strdup_printf (_("The moves could not be computed: %s"), error->message);
      gtk_label_set_label (self->caption, why);
    }
  else
    show_matrix (self, moves->from, moves->to, moves->matrix);

  gtk_spinner_stop (self->spinner);
  g_clear_object (&self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
}

static void
compute_moves (HyTransitionsCard *self)
{
  g_autoptr(GTask) task = NULL;
  Moves *moves;

  hy_transitions_card_cancel (self);
  if (self->path == NULL)
    return;

  moves = g_new0 (Moves, 1);
  moves->path = g_strdup (self->path);
  moves->as_of = self->as_of;
  moves->store_id = self->store_id;
  moves->from = self->month_end[self->from];
  moves->to = self->month_end[self->to];

  self->cancellable = g_cancellable_new ();
  gtk_spinner_start (self->spinner);
  task = g_task_new (self, self->cancellable, compute_done, NULL);
  g_task_set_source_tag (task, compute_moves);
  g_task_set_check_cancellable (task, TRUE);
  g_task_set_task_data (task, moves, (GDestroyNotify) moves_free);
  g_task_run_in_thread (task, compute_run);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
}

/* ---- The month choosers ---- */

static void
sync_dropdowns (HyTransitionsCard *self)
{
  g_signal_handlers_block_matched (self->from_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_signal_handlers_block_matched (self->to_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_drop_down_set_selected (self->from_dropdown, self->from);
  gtk_drop_down_set_selected (self->to_dropdown, self->to - 1);
  g_signal_handlers_unblock_matched (self->from_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_signal_handlers_unblock_matched (self->to_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

/* From lists every month but the last, to every month but the first. */
static void
fill_dropdowns (HyTransitionsCard *self)
{
  g_autoptr(GtkStringList) from = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) to = gtk_string_list_new (NULL);

  for (guint m = 0; m < HY_DASHBOARD_MONTHS; m++)
    {
      int y, mo, d;
      char label[16];

      hy_time_day_to_ymd (self->month_end[m], &y, &mo, &d);
      g_snprintf (label, sizeof label, "%04d-%02d", y, mo);
      if (m + 1 < HY_DASHBOARD_MONTHS)
        gtk_string_list_append (from, label);
      if (m > 0)
        gtk_string_list_append (to, label);
    }
  g_signal_handlers_block_matched (self->from_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_signal_handlers_block_matched (self->to_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_drop_down_set_model (self->from_dropdown, G_LIST_MODEL (from));
  gtk_drop_down_set_model (self->to_dropdown, G_LIST_MODEL (to));
  g_signal_handlers_unblock_matched (self->from_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_signal_handlers_unblock_matched (self->to_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  sync_dropdowns (self);
}

static void
from_selected_cb (HyTransitionsCard *self)
{
  guint from = gtk_drop_down_get_selected (self->from_dropdown);

  if (from == GTK_INVALID_LIST_POSITION)
    return;
  hy_transitions_card_select (self, from, MAX (self->to, from + 1));
}

static void
to_selected_cb (HyTransitionsCard *self)
{
  guint to = gtk_drop_down_get_selected (self->to_dropdown);

  if (to == GTK_INVALID_LIST_POSITION)
    return;
  to++;
  hy_transitions_card_select (self, MIN (self->from, to - 1), to);
}

/* Choose the moves from the end of month @from to the end of month @to, as indices into the
 * dashboard's month_end. */
void
hy_transitions_card_select (HyTransitionsCard *self,
                            guint              from,
                            guint              to)
{
  g_return_if_fail (HY_IS_TRANSITIONS_CARD (self));
  g_return_if_fail (from < to && to < HY_DASHBOARD_MONTHS);

  if (from == self->from && to == self->to)
    return;
  self->from = from;
  self->to = to;
  sync_dropdowns (self);
  compute_moves (self);
}

/* The figures of a fresh or kept dashboard: its own moves when the months chosen are its
 * (last month to this one), else those of the months chosen, computed for its store. */
void
hy_transitions_card_show (HyTransitionsCard *self,
                          const HyDashboard *dashboard,
                          const char        *database_path)
{
  g_return_if_fail (HY_IS_TRANSITIONS_CARD (self));
  g_return_if_fail (dashboard != NULL);

  g_free (self->path);
  self->path = g_strdup (database_path);
  self->as_of = dashboard->as_of;
  self->store_id = dashboard->store_id;
  memcpy (self->month_end, dashboard->month_end, sizeof self->month_end);
  fill_dropdowns (self);

  if (self->month_end[self->from] == dashboard->transition_from &&
      self->month_end[self->to] == dashboard->transition_to)
    {
      guint64 matrix[HY_N_STAGES][HY_N_STAGES];

      hy_transitions_card_cancel (self);
      memcpy (matrix, dashboard->transitions, sizeof matrix);
      show_matrix (self, dashboard->transition_from, dashboard->transition_to, matrix);
    }
  else
    compute_moves (self);
}

/* The days of the two month ends chosen. */
void
hy_transitions_card_get_months (HyTransitionsCard *self,
                                gint32            *from,
                                gint32            *to)
{
  g_return_if_fail (HY_IS_TRANSITIONS_CARD (self));

  if (from != NULL)
    *from = self->month_end[self->from];
  if (to != NULL)
    *to = self->month_end[self->to];
}

gboolean
hy_transitions_card_get_loading (HyTransitionsCard *self)
{
  g_return_val_if_fail (HY_IS_TRANSITIONS_CARD (self), FALSE);

  return self->cancellable != NULL;
}

/* Stop computing: the figures on screen stay. */
void
hy_transitions_card_cancel (HyTransitionsCard *self)
{
  g_return_if_fail (HY_IS_TRANSITIONS_CARD (self));

  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_spinner_stop (self->spinner);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
}

static void
toggle_table_cb (GtkToggleButton *button,
                 GtkStack        *stack)
{
  gtk_stack_set_visible_child_name (stack, gtk_toggle_button_get_active (button) ? "table" : "chart");
}

static GtkDropDown *
add_chooser (GtkWidget  *row,
             const char *mnemonic)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);
  GtkWidget *dropdown = gtk_drop_down_new (NULL, NULL);

  gtk_label_set_mnemonic_widget (GTK_LABEL (label), dropdown);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (row), dropdown);
  return GTK_DROP_DOWN (dropdown);
}

static void
hy_transitions_card_init (HyTransitionsCard *self)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *choosers = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *toggle = gtk_toggle_button_new_with_label (_("Table"));
  GtkWidget *stack = gtk_stack_new ();

  self->from = HY_DASHBOARD_MONTHS - 2;
  self->to = HY_DASHBOARD_MONTHS - 1;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
  gtk_widget_add_css_class (GTK_WIDGET (self), "chart-card");

  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
  gtk_label_set_xalign (self->title, 0);
  gtk_label_set_wrap (self->title, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->title), TRUE);
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_add_css_class (toggle, "flat");
  gtk_widget_set_tooltip_text (toggle, _("Show the figures as a table"));
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->spinner));
  gtk_box_append (GTK_BOX (header), toggle);
  gtk_box_append (GTK_BOX (self), header);

  self->caption = GTK_LABEL (gtk_label_new (_("Each row is the members in a stage at the end of the first month "
                                              "chosen; the cells say where they are at the end of the second (today, "
                                              "for this month), as a share of the row. The table has the counts.")));
  gtk_label_set_xalign (self->caption, 0);
  gtk_label_set_wrap (self->caption, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->caption), "dim-label");
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->caption));

  /* Translators: the first of the two months whose lifecycle stages are compared */
  self->from_dropdown = add_chooser (choosers, _("_From month end"));
  /* Translators: the second of the two months whose lifecycle stages are compared */
  self->to_dropdown = add_chooser (choosers, _("_To month end"));
  g_signal_connect_object (self->from_dropdown, "notify::selected", G_CALLBACK (from_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->to_dropdown, "notify::selected", G_CALLBACK (to_selected_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (self), choosers);

  self->view = hy_chart_view_new ();
  gtk_widget_set_size_request (self->view, -1, 16 + 20 * HY_N_STAGES + 8);
  _hy_dashboard_link_chart (self->view, _hy_chart_links_new (), HY_N_STAGES);
  self->scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (self->scroller, TRUE);
  gtk_stack_set_hhomogeneous (GTK_STACK (stack), FALSE);
  gtk_stack_set_vhomogeneous (GTK_STACK (stack), FALSE);
  gtk_stack_add_named (GTK_STACK (stack), self->view, "chart");
  gtk_stack_add_named (GTK_STACK (stack), GTK_WIDGET (self->scroller), "table");
  g_signal_connect (toggle, "toggled", G_CALLBACK (toggle_table_cb), stack);
  gtk_box_append (GTK_BOX (self), stack);
}

static void
hy_transitions_card_dispose (GObject *object)
{
  HyTransitionsCard *self = HY_TRANSITIONS_CARD (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (hy_transitions_card_parent_class)->dispose (object);
}

static void
hy_transitions_card_finalize (GObject *object)
{
  HyTransitionsCard *self = HY_TRANSITIONS_CARD (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (hy_transitions_card_parent_class)->finalize (object);
}

static void
hy_transitions_card_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HyTransitionsCard *self = HY_TRANSITIONS_CARD (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, hy_transitions_card_get_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hy_transitions_card_class_init (HyTransitionsCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hy_transitions_card_dispose;
  object_class->finalize = hy_transitions_card_finalize;
  object_class->get_property = hy_transitions_card_get_property;

  properties [PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

GtkWidget *
hy_transitions_card_new (void)
{
  return g_object_new (HY_TYPE_TRANSITIONS_CARD, NULL);
}
