/* hy-segment-values.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tiers and stores are read once, when the editor opens or the list of segments is drawn, and
 * named as the rest of the app names them; a segment saved with a tier removed since reads back
 * as "Unknown tier 7", for the store manager to replace.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-lifecycle.h"
#include "hy-rfm.h"
#include "hy-segment-values.h"
#include "hy-store-list.h"
#include "hy-tier-store.h"
#include "hy-warnings.h"

typedef enum
{
  LIST_TIER,
  LIST_STORE,
  LIST_STAGE,
  LIST_CLASS,
  LIST_RULE,
  LIST_MONTH,
  N_LISTS
} List;

static const struct
{
  const char *field;
  const char *why_not;   /* why it cannot be saved */
  const char *empty;     /* why nothing can be chosen; NULL: there is always something */
} lists[N_LISTS] = {
  [LIST_TIER] = { "tier",
                  N_("This tier no longer exists: choose another one to save the segment"),
                  N_("There are no tiers yet: set them up on the Tiers page to filter on them") },
  [LIST_STORE] = { "store",
                   N_("This store no longer exists: choose another one to save the segment"),
                   N_("There are no stores yet, so there is no home store to choose") },
  [LIST_STAGE] = { "stage",
                   N_("There is no such lifecycle stage: choose another one to save the segment"), NULL },
  [LIST_CLASS] = { "rfm_class",
                   N_("There is no such RFM class: choose another one to save the segment"), NULL },
  [LIST_RULE] = { "warning",
                  N_("There is no such warning: choose another one to save the segment"), NULL },
  [LIST_MONTH] = { "birth_month",
                   N_("There is no such month: choose another one to save the segment"), NULL },
};

/* The warnings name each rule only in their reasons; these say what the member has a warning
 * for. */
static const char * const rule_labels[HY_N_WARNING_RULES] = {
  [HY_WARNING_IDLE] = N_("Not back for a while"),
  [HY_WARNING_FREQUENCY_DROP] = N_("Coming less often"),
  [HY_WARNING_CYCLE_OVERDUE] = N_("Overdue on their usual cycle"),
  [HY_WARNING_CATEGORY_LAPSE] = N_("Stopped buying a category"),
  [HY_WARNING_LOW_P_ALIVE] = N_("Likely lost (low P(alive))"),
  [HY_WARNING_STORED_VALUE_IDLE] = N_("Card balance unused"),
};

struct _HySegmentValues
{
  GPtrArray *values[N_LISTS];   /* of char *, as the core reads them */
  GPtrArray *labels[N_LISTS];   /* of char *, translated */
};

static void
add (HySegmentValues *self,
     List             list,
     char            *value,
     const char      *label)
{
  g_ptr_array_add (self->values[list], value);
  g_ptr_array_add (self->labels[list], g_strdup (label));
}

static void
read_tiers_and_stores (HySegmentValues *self,
                       HyDatabase      *db)
{
  g_autoptr(HyTierStore) tier_store = hy_tier_store_new (db);
  g_autoptr(GPtrArray) tiers = NULL;
  g_autoptr(GPtrArray) stores = NULL;
  g_autoptr(GError) error = NULL;

  if (!(tiers = hy_tier_store_list (tier_store, &error)))
    g_warning ("Failed to read the tiers: %s", error->message);
  for (guint i = 0; tiers != NULL && i < tiers->len; i++)
    {
      const HyTier *tier = tiers->pdata[i];

      add (self, LIST_TIER, g_strdup_printf ("%" G_GINT64_FORMAT, tier->id), tier->name);
    }
  g_clear_error (&error);
  if (!(stores = hy_database_list_stores (db, &error)))
    g_warning ("Failed to read the stores: %s", error->message);
  for (guint i = 0; stores != NULL && i < stores->len; i++)
    {
      const HyStoreInfo *store = stores->pdata[i];

      add (self, LIST_STORE, g_strdup_printf ("%" G_GINT64_FORMAT, store->id), store->name);
    }
}

HySegmentValues *
hy_segment_values_new (HyDatabase *db)
{
  HySegmentValues *self = g_new0 (HySegmentValues, 1);

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);

  for (guint l = 0; l < N_LISTS; l++)
    {
      self->values[l] = g_ptr_array_new_with_free_func (g_free);
      self->labels[l] = g_ptr_array_new_with_free_func (g_free);
    }
  read_tiers_and_stores (self, db);
  for (HyStage i = 0; i < HY_N_STAGES; i++)
    add (self, LIST_STAGE, g_strdup (hy_stage_to_string (i)), hy_stage_get_label (i));
  for (HyRfmClass i = 0; i < HY_RFM_N_CLASSES; i++)
    add (self, LIST_CLASS, g_strdup (hy_rfm_class_to_string (i)), hy_rfm_class_get_label (i));
  for (HyWarningRule i = 0; i < HY_N_WARNING_RULES; i++)
    add (self, LIST_RULE, g_strdup (hy_warning_rule_to_string (i)), _(rule_labels[i]));
  for (int month = 1; month <= 12; month++)
    {
      g_autoptr(GDateTime) date = g_date_time_new_utc (2000, month, 1, 0, 0, 0);
      /* The month's name standing alone, in the user's language: 一月, January. */
      g_autofree char *name = g_date_time_format (date, "%OB");

      add (self, LIST_MONTH, g_strdup_printf ("%d", month), name);
    }
  return self;
}

void
hy_segment_values_free (HySegmentValues *self)
{
  if (self == NULL)
    return;

  for (guint l = 0; l < N_LISTS; l++)
    {
      g_ptr_array_unref (self->values[l]);
      g_ptr_array_unref (self->labels[l]);
    }
  g_free (self);
}

/* The label of @value, which is not among @list's. */
static char *
unknown_label (List        list,
               const char *value)
{
  switch (list)
    {
    case LIST_TIER: return g_strdup_printf (_("Unknown tier %s"), value);
    case LIST_STORE: return g_strdup_printf (_("Unknown store %s"), value);
    case LIST_STAGE: return g_strdup_printf (_("Unknown stage %s"), value);
    case LIST_CLASS: return g_strdup_printf (_("Unknown RFM class %s"), value);
    case LIST_RULE: return g_strdup_printf (_("Unknown warning %s"), value);
    case LIST_MONTH: return g_strdup_printf (_("Unknown month %s"), value);
    case N_LISTS:
    default: g_assert_not_reached ();
    }
}

static int
find_list (const char *field)
{
  for (guint l = 0; l < N_LISTS; l++)
    if (g_strcmp0 (lists[l].field, field) == 0)
      return l;
  return -1;
}

/* Where @value is among @values, reading "07" as "7"; GTK_INVALID_LIST_POSITION if nowhere. */
static guint
position_of (GPtrArray  *values,
             const char *value)
{
  gint64 number;
  g_autofree char *canonical = NULL;

  if (g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, &number, NULL))
    canonical = g_strdup_printf ("%" G_GINT64_FORMAT, number);
  else
    canonical = g_strdup (value);
  for (guint i = 0; i < values->len; i++)
    if (g_str_equal (values->pdata[i], canonical))
      return i;
  return GTK_INVALID_LIST_POSITION;
}

gboolean
hy_segment_values_has_list (const char *field)
{
  return find_list (field) >= 0;
}

GtkStringList *
hy_segment_values_list (HySegmentValues  *self,
                        const char       *field,
                        const char       *current,
                        GStrv            *out_values,
                        guint            *out_n_known,
                        guint            *out_selected)
{
  int list = find_list (field);
  GtkStringList *labels;
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  guint position = 0;

  g_return_val_if_fail (self != NULL && list >= 0, NULL);
  g_return_val_if_fail (out_values != NULL && out_n_known != NULL && out_selected != NULL, NULL);

  labels = gtk_string_list_new (NULL);
  for (guint i = 0; i < self->values[list]->len; i++)
    {
      gtk_string_list_append (labels, self->labels[list]->pdata[i]);
      g_strv_builder_add (values, self->values[list]->pdata[i]);
    }
  *out_n_known = self->values[list]->len;
  if (current != NULL && (position = position_of (self->values[list], current)) == GTK_INVALID_LIST_POSITION)
    {
      g_autofree char *unknown = unknown_label (list, current);

      gtk_string_list_append (labels, unknown);
      g_strv_builder_add (values, current);
      position = *out_n_known;
    }
  *out_values = g_strv_builder_end (values);
  *out_selected = position;
  return labels;
}

const char *
hy_segment_values_why_not (const char *field,
                           gboolean    empty)
{
  int list = find_list (field);
  const char *text;

  g_return_val_if_fail (list >= 0, NULL);

  text = empty ? lists[list].empty : lists[list].why_not;
  return text != NULL ? _(text) : NULL;
}

char *
hy_segment_values_describe (HySegmentValues *self,
                            const char      *field,
                            gboolean         money,
                            const char      *value)
{
  int list = find_list (field);
  guint position;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  if (money)
    return hy_segment_values_money_text (value);
  if (list < 0)
    return g_strdup (value);
  position = position_of (self->values[list], value);
  if (position == GTK_INVALID_LIST_POSITION)
    return unknown_label (list, value);
  return g_strdup (self->labels[list]->pdata[position]);
}

const char *
hy_segment_values_hint (const char *field,
                        gboolean    money)
{
  if (money)
    return _("An amount, like 500");
  if (g_strcmp0 (field, "p_alive") == 0)
    /* xgettext:no-c-format */
    return _("A share, like 0.3 or 30%");
  return NULL;
}

char *
hy_segment_values_money_text (const char *minor_text)
{
  gint64 minor;
  guint64 units;

  g_return_val_if_fail (minor_text != NULL, NULL);

  if (!g_ascii_string_to_signed (minor_text, 10, G_MININT64, G_MAXINT64, &minor, NULL))
    return g_strdup (minor_text);
  units = minor < 0 ? -(guint64) minor : (guint64) minor;
  if (units % 100 == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT, minor < 0 ? "-" : "", units / 100);
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%02u", minor < 0 ? "-" : "", units / 100, (guint) (units % 100));
}
