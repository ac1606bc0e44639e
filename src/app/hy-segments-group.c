/* hy-segments-group.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Settings → Segments: the saved segments in words, and an editor for one.  The editor has a
 * row per condition (field, comparison, value); each row asks the core whether it reads, and
 * says the core's reason under the row when it does not.  Shortly after each edit it counts the
 * members the segment selects, on a worker with its own read-only connection; a newer edit
 * makes an older count's answer moot.  Amounts (net spend, CLV) are typed in the currency and
 * saved in minor units, as the core has them; tiers, stores, stages and the like are chosen by
 * name (hy-segment-values.c).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-error.h"
#include "hy-form-dialog.h"
#include "hy-money.h"
#include "hy-parse.h"
#include "hy-segment-values.h"
#include "hy-segment.h"
#include "hy-segments-group.h"

#define COUNT_DELAY_MS 300

struct _HySegmentsGroup
{
  AdwPreferencesGroup  parent_instance;

  /* Template widgets */
  GtkListBox          *segments_list;

  /* Owned references */
  HyDatabase          *database;
  GStrv                names;
};

G_DEFINE_FINAL_TYPE (HySegmentsGroup, hy_segments_group, ADW_TYPE_PREFERENCES_GROUP)

/* Every field the core accepts, in the order the dropdown lists them. */
static const struct
{
  const char *name;
  const char *label;
  gboolean    money;
} fields[] = {
  { "spend", N_("Net spend"), TRUE },
  { "visits", N_("Purchase days"), FALSE },
  { "last_purchase", N_("Days since last purchase"), FALSE },
  { "tag", N_("Tag"), FALSE },
  { "tier", N_("Tier"), FALSE },
  { "birth_month", N_("Birthday month"), FALSE },
  { "store", N_("Home store"), FALSE },
  { "category", N_("Bought in category"), FALSE },
  { "stage", N_("Lifecycle stage"), FALSE },
  { "rfm_class", N_("RFM class"), FALSE },
  { "r_score", N_("RFM recency score"), FALSE },
  { "f_score", N_("RFM frequency score"), FALSE },
  { "m_score", N_("RFM monetary score"), FALSE },
  { "warning", N_("Has a warning for"), FALSE },
  { "p_alive", N_("P(alive)"), FALSE },
  { "clv", N_("CLV"), TRUE },
};

/* What the core reads, and what the dropdown shows. */
static const struct
{
  const char *text;
  const char *symbol;
} ops[] = {
  { ">=", "≥" }, { ">", ">" }, { "=", "=" }, { "!=", "≠" }, { "<", "<" }, { "<=", "≤" },
};

typedef struct _SegmentForm SegmentForm;

typedef struct
{
  SegmentForm *form;
  GtkWidget   *row;
  GtkDropDown *field;
  GtkDropDown *op;
  GtkDropDown *choice;    /* the value, for a field chosen from a list */
  GtkEditable *value;     /* the value, for the others */
  GtkLabel    *error;
  GStrv        choices;   /* the values the choice's items stand for */
  guint        n_known;   /* the items before an unknown value's, if any */
} ConditionRow;

/* The editor's state, kept on its dialog. */
struct _SegmentForm
{
  HySegmentsGroup *group;
  HySegmentValues *values;
  GtkWidget       *dialog;
  char            *original;       /* the name being edited, or NULL for a new segment */
  char            *path;           /* the database's, for the counting worker */
  GtkEditable     *name;
  GtkListBox      *list;
  GPtrArray       *rows;           /* of ConditionRow, in order */
  GtkSpinner      *spinner;
  GtkLabel        *count;
  GtkLabel        *slow_note;
  GCancellable    *cancellable;    /* of the count running, if any */
  guint            generation;     /* of the latest edit */
  guint            count_source;
  gboolean         closed;
};

typedef struct
{
  char  *path;
  GStrv  conditions;
  guint  generation;
} CountJob;

static void
count_job_free (CountJob *job)
{
  g_free (job->path);
  g_strfreev (job->conditions);
  g_free (job);
}

static void
condition_row_free (ConditionRow *row)
{
  g_strfreev (row->choices);
  g_free (row);
}

static void
segment_form_free (SegmentForm *form)
{
  g_clear_handle_id (&form->count_source, g_source_remove);
  g_clear_object (&form->cancellable);
  g_ptr_array_unref (form->rows);
  g_object_unref (form->group);
  hy_segment_values_free (form->values);
  g_free (form->original);
  g_free (form->path);
  g_free (form);
}

guint
hy_segments_group_field_position (const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (fields[i].name, field) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

/* Condition @index in words: "Net spend ≥ 500". */
static char *
describe_condition (HySegmentValues *values,
                    HySegment       *segment,
                    guint            index)
{
  const char *field = NULL, *op = NULL, *value = NULL;
  const char *label, *symbol;
  g_autofree char *shown = NULL;
  guint position;

  hy_segment_get_condition (segment, index, &field, &op, &value);
  symbol = op;
  position = hy_segments_group_field_position (field);
  label = position != GTK_INVALID_LIST_POSITION ? _(fields[position].label) : field;
  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    if (g_str_equal (ops[i].text, op))
      symbol = ops[i].symbol;
  shown = hy_segment_values_describe (values, field, position != GTK_INVALID_LIST_POSITION && fields[position].money, value);
  /* Translators: a segment's condition: a field, a comparison such as ≥, a value */
  return g_strdup_printf (_("%s %s %s"), label, symbol, shown);
}

/* ---- Counting, on a worker ---- */

static void
count_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CountJob *job = task_data;
  g_autoptr(HyDatabase) db = NULL;
  g_autoptr(HySegment) segment = hy_segment_new ();
  g_autoptr(HyAnalysisSnapshot) snapshot = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  HyCustomerModel model;

  for (guint i = 0; job->conditions[i] != NULL; i++)
    if (!hy_segment_add_condition (segment, job->conditions[i], &error))
      goto failed;
  if (!(db = hy_database_open (job->path, HY_DATABASE_OPEN_READ_ONLY, &error)) ||
      !hy_segment_open_snapshot (segment, db, &model, &snapshot, &error) ||
      !(ids = hy_segment_select (segment, db, snapshot, &error)))
    goto failed;
  g_task_return_int (task, ids->len);
  return;

failed:
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
count_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  SegmentForm *form = g_object_get_data (object, "form");
  CountJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *text = NULL;
  gssize count;

  /* A newer edit has its own count coming; a closed editor shows nothing. */
  if (form == NULL || form->closed || job->generation != form->generation)
    return;

  gtk_spinner_set_spinning (form->spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (form->spinner), FALSE);
  count = g_task_propagate_int (G_TASK (result), &error);
  if (count < 0)
    {
      gtk_label_set_label (form->count, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (form->count), "error");
      return;
    }
  number = hy_count_format (count);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s member", "%s members", count), number);
  gtk_label_set_label (form->count, text);
  gtk_widget_remove_css_class (GTK_WIDGET (form->count), "error");
}

static gboolean
count_start_cb (gpointer data)
{
  SegmentForm *form = data;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  CountJob *job = g_new0 (CountJob, 1);

  form->count_source = 0;
  for (guint i = 0; i < form->rows->len; i++)
    {
      ConditionRow *row = form->rows->pdata[i];

      if (gtk_widget_get_visible (GTK_WIDGET (row->error)))
        {
          count_job_free (job);
          return G_SOURCE_REMOVE;
        }
      g_strv_builder_add (builder, g_object_get_data (G_OBJECT (row->row), "condition"));
    }
  job->path = g_strdup (form->path);
  job->conditions = g_strv_builder_end (builder);
  job->generation = form->generation;

  task = g_task_new (form->dialog, form->cancellable, count_done_cb, NULL);
  g_task_set_source_tag (task, count_start_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) count_job_free);
  g_task_run_in_thread (task, count_worker);
  return G_SOURCE_REMOVE;
}

/* ---- The editor ---- */

/* The value of @row, for @field, as the core has it, or NULL with @error; an empty value is NULL
 * without an error: the row is not filled in yet. */
static char *
condition_row_value (ConditionRow  *row,
                     guint          field,
                     GError       **error)
{
  g_autofree char *value = NULL;
  guint chosen;
  gint64 minor;

  if (hy_segment_values_has_list (fields[field].name))
    {
      chosen = gtk_drop_down_get_selected (row->choice);
      if (row->choices == NULL || chosen >= g_strv_length (row->choices))
        g_set_error_literal (error, HY_ERROR, HY_ERROR_INVALID, hy_segment_values_why_not (fields[field].name, TRUE));
      else if (chosen >= row->n_known)
        g_set_error_literal (error, HY_ERROR, HY_ERROR_INVALID, hy_segment_values_why_not (fields[field].name, FALSE));
      else
        return g_strdup (row->choices[chosen]);
      return NULL;
    }
  value = g_strstrip (g_strdup (gtk_editable_get_text (row->value)));
  if (*value == '\0')
    return NULL;
  if (!fields[field].money)
    return g_steal_pointer (&value);
  if (!hy_parse_money (value, &minor, error))
    return NULL;
  return g_strdup_printf ("%" G_GINT64_FORMAT, minor);
}

/* The condition @row's widgets say, as the core reads it, or NULL with @error; an empty value
 * is NULL without an error: the row is not filled in yet. */
static char *
condition_row_text (ConditionRow  *row,
                    GError       **error)
{
  guint field = gtk_drop_down_get_selected (row->field);
  guint op = gtk_drop_down_get_selected (row->op);
  g_autofree char *value = NULL;
  g_autofree char *text = NULL;
  g_autoptr(HySegment) check = hy_segment_new ();

  if (field >= G_N_ELEMENTS (fields) || op >= G_N_ELEMENTS (ops) ||
      !(value = condition_row_value (row, field, error)))
    return NULL;
  text = g_strconcat (fields[field].name, ops[op].text, value, NULL);
  if (!hy_segment_add_condition (check, text, error))
    return NULL;
  return g_steal_pointer (&text);
}

static void
set_error_class (GtkWidget *widget,
                 gboolean   error)
{
  if (error)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
}

/* After every edit: each row's error, the form's problem, and a new count shortly. */
static void
segment_form_changed (SegmentForm *form)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (form->name)));
  g_autoptr(HySegment) segment = hy_segment_new ();
  const char *problem = NULL;
  g_autofree char *taken = NULL;
  gboolean complete = TRUE, valid = TRUE;

  if (form->closed)
    return;
  for (guint i = 0; i < form->rows->len; i++)
    {
      ConditionRow *row = form->rows->pdata[i];
      g_autoptr(GError) error = NULL;
      char *text = condition_row_text (row, &error);
      gboolean chosen = gtk_widget_get_visible (GTK_WIDGET (row->choice));

      gtk_label_set_label (row->error, error != NULL ? error->message : "");
      gtk_widget_set_visible (GTK_WIDGET (row->error), error != NULL);
      set_error_class (GTK_WIDGET (row->choice), chosen && error != NULL);
      set_error_class (GTK_WIDGET (row->value), !chosen && error != NULL);
      g_object_set_data_full (G_OBJECT (row->row), "condition", text, g_free);
      valid &= error == NULL;
      complete &= text != NULL;
      if (text != NULL)
        hy_segment_add_condition (segment, text, NULL);
    }

  for (guint i = 0; form->group->names != NULL && form->group->names[i] != NULL; i++)
    if (g_str_equal (form->group->names[i], name) && g_strcmp0 (form->original, name) != 0)
      taken = g_strdup_printf (_("There is already a segment called “%s”"), name);
  if (taken != NULL)
    problem = taken;
  else if (valid && !complete)
    problem = _("Give every condition a value, or remove it");
  hy_form_dialog_set_problem (form->dialog, problem, *name != '\0' && valid && complete && taken == NULL);
  gtk_widget_set_visible (GTK_WIDGET (form->slow_note), hy_segment_needs_snapshot (segment));

  /* The count, for a segment that reads, a moment after the last edit. */
  form->generation++;
  g_clear_handle_id (&form->count_source, g_source_remove);
  g_cancellable_cancel (form->cancellable);
  g_clear_object (&form->cancellable);
  gtk_widget_set_visible (GTK_WIDGET (form->spinner), valid && complete);
  gtk_spinner_set_spinning (form->spinner, valid && complete);
  if (!valid || !complete)
    {
      gtk_label_set_label (form->count, "");
      return;
    }
  /* The last count stays until the new one is in, unless there is none. */
  if (*gtk_label_get_label (form->count) == '\0' || gtk_widget_has_css_class (GTK_WIDGET (form->count), "error"))
    gtk_label_set_label (form->count, _("Counting…"));
  gtk_widget_remove_css_class (GTK_WIDGET (form->count), "error");
  form->cancellable = g_cancellable_new ();
  form->count_source = g_timeout_add (COUNT_DELAY_MS, count_start_cb, form);
}

static void
remove_clicked_cb (GtkWidget   *button,
                   SegmentForm *form)
{
  GtkWidget *widget = gtk_widget_get_ancestor (button, GTK_TYPE_LIST_BOX_ROW);

  for (guint i = 0; i < form->rows->len; i++)
    if (((ConditionRow *) form->rows->pdata[i])->row == widget)
      g_ptr_array_remove_index (form->rows, i);
  gtk_list_box_remove (form->list, widget);
  segment_form_changed (form);
}

static GtkWidget *
named (GtkWidget  *widget,
       const char *name,
       const char *accessible_label)
{
  gtk_widget_set_name (widget, name);
  if (accessible_label != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
  return widget;
}

/* Shows the value of @row as its field has it: a dropdown of the field's values, on @current (or
 * the first), when there is a list of them, else the entry, with a hint of what to type. */
static void
condition_row_show_field (ConditionRow *row,
                          const char   *current)
{
  guint field = MIN (gtk_drop_down_get_selected (row->field), G_N_ELEMENTS (fields) - 1);
  gboolean listed = hy_segment_values_has_list (fields[field].name);
  const char *hint = hy_segment_values_hint (fields[field].name, fields[field].money);

  g_clear_pointer (&row->choices, g_strfreev);
  if (listed)
    {
      g_autoptr(GtkStringList) labels = NULL;
      guint selected;

      labels = hy_segment_values_list (row->form->values, fields[field].name, current, &row->choices, &row->n_known,
                                       &selected);
      gtk_drop_down_set_model (row->choice, G_LIST_MODEL (labels));
      gtk_drop_down_set_selected (row->choice, selected);
    }
  gtk_widget_set_visible (GTK_WIDGET (row->choice), listed);
  gtk_widget_set_visible (GTK_WIDGET (row->value), !listed);
  gtk_entry_set_placeholder_text (GTK_ENTRY (row->value), hint);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row->value), hint);
}

/* A field newly chosen: its values, and "=" rather than an order most lists do not have. */
static void
field_selected_cb (GtkDropDown *field,
                   GParamSpec  *pspec,
                   SegmentForm *form)
{
  for (guint i = 0; !form->closed && i < form->rows->len; i++)
    {
      ConditionRow *row = form->rows->pdata[i];
      guint op = gtk_drop_down_get_selected (row->op);

      if (row->field != field)
        continue;
      condition_row_show_field (row, NULL);
      if (gtk_widget_get_visible (GTK_WIDGET (row->choice)) && op < G_N_ELEMENTS (ops) &&
          !g_str_equal (ops[op].text, "=") && !g_str_equal (ops[op].text, "!="))
        for (guint k = 0; k < G_N_ELEMENTS (ops); k++)
          if (g_str_equal (ops[k].text, "="))
            gtk_drop_down_set_selected (row->op, k);
    }
  segment_form_changed (form);
}

/* A row for "FIELD OP VALUE" (@field is a field's name, @value as the core has it) after the
 * other conditions. */
static void
segment_form_add_row (SegmentForm *form,
                      const char  *field,
                      const char  *op,
                      const char  *value)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) symbols = gtk_string_list_new (NULL);
  ConditionRow *row = g_new0 (ConditionRow, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  guint position = hy_segments_group_field_position (field);
  gboolean money = position != GTK_INVALID_LIST_POSITION && fields[position].money;
  g_autofree char *shown = NULL;

  row->form = form;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    gtk_string_list_append (labels, _(fields[i].label));
  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    gtk_string_list_append (symbols, ops[i].symbol);

  row->field = GTK_DROP_DOWN (named (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (labels)), NULL), "field", _("Field")));
  row->op = GTK_DROP_DOWN (named (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (symbols)), NULL), "op", _("Comparison")));
  row->choice = GTK_DROP_DOWN (named (gtk_drop_down_new (NULL, NULL), "choice", _("Value")));
  row->value = GTK_EDITABLE (named (gtk_entry_new (), "value", _("Value")));
  row->error = GTK_LABEL (named (gtk_label_new (NULL), "error", NULL));
  gtk_drop_down_set_selected (row->field, position != GTK_INVALID_LIST_POSITION ? position : 0);
  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    if (g_strcmp0 (ops[i].text, op) == 0)
      gtk_drop_down_set_selected (row->op, i);
  condition_row_show_field (row, value);
  if (value != NULL && !hy_segment_values_has_list (field))
    shown = money ? hy_segment_values_money_text (value) : g_strdup (value);
  gtk_editable_set_text (row->value, shown != NULL ? shown : "");
  gtk_widget_set_hexpand (GTK_WIDGET (row->choice), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (row->value), TRUE);
  gtk_editable_set_width_chars (row->value, 8);
  gtk_widget_set_tooltip_text (remove, _("Remove Condition"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove Condition"), -1);
  gtk_widget_add_css_class (remove, "flat");
  gtk_label_set_wrap (row->error, TRUE);
  gtk_label_set_xalign (row->error, 0);
  gtk_widget_add_css_class (GTK_WIDGET (row->error), "error");
  gtk_widget_set_visible (GTK_WIDGET (row->error), FALSE);

  gtk_box_append (GTK_BOX (line), GTK_WIDGET (row->field));
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (row->op));
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (row->choice));
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (row->value));
  gtk_box_append (GTK_BOX (line), remove);
  gtk_box_append (GTK_BOX (box), line);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->error));
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  row->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row->row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row->row), box);
  /* After the name and the rows before it, above the Add row. */
  gtk_list_box_insert (form->list, row->row, 1 + form->rows->len);
  g_ptr_array_add (form->rows, row);

  g_signal_connect (row->field, "notify::selected", G_CALLBACK (field_selected_cb), form);
  g_signal_connect_swapped (row->op, "notify::selected", G_CALLBACK (segment_form_changed), form);
  g_signal_connect_swapped (row->choice, "notify::selected", G_CALLBACK (segment_form_changed), form);
  g_signal_connect_swapped (row->value, "changed", G_CALLBACK (segment_form_changed), form);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), form);
}

static void
add_condition_cb (SegmentForm *form)
{
  segment_form_add_row (form, fields[0].name, ops[0].text, NULL);
  segment_form_changed (form);
}

static void
segment_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     SegmentForm      *form)
{
  HySegmentsGroup *self = form->group;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (form->name)));
  g_autoptr(HySegment) segment = hy_segment_new ();
  g_autoptr(GError) error = NULL;
  gboolean saved = TRUE;

  if (g_strcmp0 (response, "save") != 0 || self->database == NULL)
    return;

  for (guint i = 0; saved && i < form->rows->len; i++)
    saved = hy_segment_add_condition (segment, g_object_get_data (G_OBJECT (((ConditionRow *) form->rows->pdata[i])->row), "condition"),
                                      &error);
  if (saved && form->original != NULL)
    saved = hy_segment_rename (segment, self->database, form->original, name, &error);
  else if (saved)
    saved = hy_segment_save (segment, self->database, name, &error);
  hy_segments_group_reload (self);
  if (!saved)
    hy_show_error (GTK_WIDGET (self), _("Segment Not Saved"), error->message);
}

static void
segment_form_destroy_cb (SegmentForm *form)
{
  form->closed = TRUE;
  g_clear_handle_id (&form->count_source, g_source_remove);
  g_cancellable_cancel (form->cancellable);
}

static GtkWidget *
segment_form_count_box (SegmentForm *form)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  form->spinner = GTK_SPINNER (named (gtk_spinner_new (), "counting", _("Counting")));
  form->count = GTK_LABEL (named (gtk_label_new (NULL), "count", NULL));
  form->slow_note = GTK_LABEL (gtk_label_new (_("Stage, RFM, warnings, P(alive) and CLV come from the analysis: counting may take a few seconds.")));
  gtk_label_set_wrap (form->count, TRUE);
  gtk_label_set_xalign (form->count, 0);
  gtk_widget_add_css_class (GTK_WIDGET (form->count), "heading");
  gtk_label_set_wrap (form->slow_note, TRUE);
  gtk_label_set_xalign (form->slow_note, 0);
  gtk_widget_add_css_class (GTK_WIDGET (form->slow_note), "dim-label");
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (form->spinner));
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (form->count));
  gtk_box_append (GTK_BOX (box), line);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (form->slow_note));
  return box;
}

static GtkWidget *
hy_segments_group_dialog (HySegmentsGroup *self,
                          const char      *name,
                          HySegment       *segment)
{
  SegmentForm *form = g_new0 (SegmentForm, 1);
  GtkWidget *name_row = adw_entry_row_new ();
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Condition"));
  GtkWidget *add_row = gtk_list_box_row_new ();

  form->group = g_object_ref (self);
  form->original = g_strdup (name);
  form->path = g_strdup (hy_database_get_path (self->database));
  form->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) condition_row_free);
  form->values = hy_segment_values_new (self->database);
  form->dialog = hy_form_dialog_new (GTK_WIDGET (self), name != NULL ? _("Edit Segment") : _("New Segment"),
                                     _("Members who meet every condition."), "save", _("_Save"), &form->list);
  g_object_set_data_full (G_OBJECT (form->dialog), "form", form, (GDestroyNotify) segment_form_free);

  gtk_widget_set_name (name_row, "name");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name_row), C_("name of a thing", "Name"));
  gtk_editable_set_text (GTK_EDITABLE (name_row), name != NULL ? name : "");
  form->name = GTK_EDITABLE (name_row);
  gtk_list_box_append (form->list, name_row);
  gtk_widget_add_css_class (add, "flat");
  gtk_widget_set_halign (add, GTK_ALIGN_CENTER);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (add_row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (add_row), add);
  gtk_list_box_append (form->list, add_row);
  gtk_box_append (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (form->list))), segment_form_count_box (form));

  for (guint i = 0; segment != NULL && i < hy_segment_get_n_conditions (segment); i++)
    {
      const char *field = NULL, *op = NULL, *value = NULL;

      hy_segment_get_condition (segment, i, &field, &op, &value);
      segment_form_add_row (form, field, op, value);
    }
  if (form->rows->len == 0)
    segment_form_add_row (form, fields[0].name, ops[0].text, NULL);

  g_signal_connect_swapped (name_row, "changed", G_CALLBACK (segment_form_changed), form);
  g_signal_connect_swapped (add, "clicked", G_CALLBACK (add_condition_cb), form);
  g_signal_connect_swapped (form->dialog, "destroy", G_CALLBACK (segment_form_destroy_cb), form);
  g_signal_connect (form->dialog, "response", G_CALLBACK (segment_response_cb), form);
  segment_form_changed (form);
  gtk_window_present (GTK_WINDOW (form->dialog));
  return form->dialog;
}

/**
 * hy_segments_group_edit:
 * @index: the segment's place in the list, or G_MAXUINT for a new one
 *
 * Returns: (transfer none) (nullable): the editor, presented; NULL when the segment cannot be
 *   read (which is shown)
 */
GtkWidget *
hy_segments_group_edit (HySegmentsGroup *self,
                        guint            index)
{
  g_autoptr(HySegment) segment = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  g_return_val_if_fail (HY_IS_SEGMENTS_GROUP (self), NULL);
  g_return_val_if_fail (self->database != NULL, NULL);

  if (self->names == NULL || index >= g_strv_length (self->names))
    return hy_segments_group_dialog (self, NULL, NULL);
  name = self->names[index];
  if (!(segment = hy_segment_load (self->database, name, &error)))
    {
      hy_show_error (GTK_WIDGET (self), _("Segment Not Opened"), error->message);
      return NULL;
    }
  return hy_segments_group_dialog (self, name, segment);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    HySegmentsGroup  *self)
{
  const char *name = g_object_get_data (G_OBJECT (dialog), "name");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0 || self->database == NULL)
    return;
  if (!hy_segment_delete (self->database, name, &error))
    hy_show_error (GTK_WIDGET (self), _("Segment Not Deleted"), error->message);
  hy_segments_group_reload (self);
}

/**
 * hy_segments_group_confirm_delete:
 * @index: the segment's place in the list
 *
 * Returns: (transfer none): the dialog that asks, presented
 */
GtkWidget *
hy_segments_group_confirm_delete (HySegmentsGroup *self,
                                  guint            index)
{
  GtkWidget *dialog;
  GtkRoot *root;

  g_return_val_if_fail (HY_IS_SEGMENTS_GROUP (self), NULL);
  g_return_val_if_fail (self->names != NULL && index < g_strv_length (self->names), NULL);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL,
                                   _("Coupons already issued to its members stay theirs."));
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Delete Segment “%s”?"), self->names[index]);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "name", g_strdup (self->names[index]), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
add_clicked_cb (HySegmentsGroup *self)
{
  if (self->database != NULL)
    hy_segments_group_edit (self, G_MAXUINT);
}

static void
row_activated_cb (HySegmentsGroup *self,
                  GtkListBoxRow   *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->database != NULL && self->names != NULL && index >= 0 && (guint) index < g_strv_length (self->names))
    hy_segments_group_edit (self, index);
}

static void
delete_clicked_cb (GtkWidget       *button,
                   HySegmentsGroup *self)
{
  int index = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (gtk_widget_get_ancestor (button, GTK_TYPE_LIST_BOX_ROW)));

  if (self->names != NULL && index >= 0 && (guint) index < g_strv_length (self->names))
    hy_segments_group_confirm_delete (self, index);
}

/* The segment @name's conditions in words, one after the other. */
static char *
describe_segment (HyDatabase      *db,
                  HySegmentValues *values,
                  const char      *name)
{
  g_autoptr(HySegment) segment = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  if (!(segment = hy_segment_load (db, name, &error)))
    return g_strdup (error->message);
  if (hy_segment_get_n_conditions (segment) == 0)
    return g_strdup (_("Every member"));
  for (guint i = 0; i < hy_segment_get_n_conditions (segment); i++)
    {
      g_autofree char *condition = describe_condition (values, segment, i);

      if (i > 0)
        g_string_append (text, " · ");
      g_string_append (text, condition);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
hy_segments_group_reload (HySegmentsGroup *self)
{
  g_autoptr(HySegmentValues) values = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  g_return_if_fail (HY_IS_SEGMENTS_GROUP (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->segments_list))) != NULL)
    gtk_list_box_remove (self->segments_list, child);
  g_clear_pointer (&self->names, g_strfreev);
  if (self->database == NULL)
    return;

  if (!(self->names = hy_segment_list_names (self->database, &error)))
    g_warning ("Failed to read the segments: %s", error->message);
  values = hy_segment_values_new (self->database);
  for (guint i = 0; self->names != NULL && self->names[i] != NULL; i++)
    {
      g_autofree char *summary = describe_segment (self->database, values, self->names[i]);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *delete = gtk_button_new_from_icon_name ("user-trash-symbolic");

      gtk_widget_set_name (row, self->names[i]);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), self->names[i]);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), summary);
      gtk_widget_set_valign (delete, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (delete, _("Delete Segment"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (delete), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Delete Segment"), -1);
      gtk_widget_add_css_class (delete, "flat");
      g_signal_connect_object (delete, "clicked", G_CALLBACK (delete_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), delete);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->segments_list, row);
    }
  if (self->names == NULL || self->names[0] == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No segments yet"));
      gtk_list_box_append (self->segments_list, row);
    }
}

void
hy_segments_group_set_database (HySegmentsGroup *self,
                                HyDatabase      *database)
{
  g_return_if_fail (HY_IS_SEGMENTS_GROUP (self));
  g_return_if_fail (database == NULL || HY_IS_DATABASE (database));

  if (!g_set_object (&self->database, database))
    return;
  /* Out of sight it waits: the Settings page reloads it when it is shown. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    hy_segments_group_reload (self);
}

static void
hy_segments_group_finalize (GObject *object)
{
  HySegmentsGroup *self = HY_SEGMENTS_GROUP (object);

  g_clear_object (&self->database);
  g_clear_pointer (&self->names, g_strfreev);

  G_OBJECT_CLASS (hy_segments_group_parent_class)->finalize (object);
}

static void
hy_segments_group_class_init (HySegmentsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = hy_segments_group_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/huiyuan/Huiyuan/ui/hy-segments-group.ui");
  gtk_widget_class_bind_template_child (widget_class, HySegmentsGroup, segments_list);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
hy_segments_group_init (HySegmentsGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
