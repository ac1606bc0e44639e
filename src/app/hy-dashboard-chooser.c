/* hy-dashboard-chooser.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the dashboard's figures cover: a period (the last 30 days, this month, ...) and every
 * store or one of them.  The store chooser shows only when the database knows several stores.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-dashboard-chooser.h"
#include "hy-store-list.h"

struct _HyDashboardChooser
{
  GtkBox parent_instance;

  /* Borrowed references (children) */
  GtkDropDown       *period_dropdown;
  GtkDropDown       *store_dropdown;

  /* Owned references */
  GPtrArray         *stores;      /* HyStoreInfo, the store chooser's after "All Stores" */

  HyDashboardPeriod  period;
  gint64             store_id;    /* 0: every store */
};

G_DEFINE_FINAL_TYPE (HyDashboardChooser, hy_dashboard_chooser, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_PERIOD,
  PROP_STORE_ID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static guint
store_position (HyDashboardChooser *self,
                gint64              store_id)
{
  for (guint i = 0; store_id != 0 && self->stores != NULL && i < self->stores->len; i++)
    if (((HyStoreInfo *) g_ptr_array_index (self->stores, i))->id == store_id)
      return i + 1;
  return 0;
}

void
hy_dashboard_chooser_set_period (HyDashboardChooser *self,
                                 HyDashboardPeriod   period)
{
  g_return_if_fail (HY_IS_DASHBOARD_CHOOSER (self));
  g_return_if_fail ((guint) period < HY_DASHBOARD_N_PERIODS);

  if (period == self->period)
    return;
  self->period = period;
  gtk_drop_down_set_selected (self->period_dropdown, period);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PERIOD]);
}

/* A store the database does not know is every store. */
void
hy_dashboard_chooser_set_store_id (HyDashboardChooser *self,
                                   gint64              store_id)
{
  guint position;

  g_return_if_fail (HY_IS_DASHBOARD_CHOOSER (self));

  position = store_position (self, store_id);
  store_id = position == 0 ? 0 : store_id;
  if (store_id == self->store_id)
    return;
  self->store_id = store_id;
  gtk_drop_down_set_selected (self->store_dropdown, position);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STORE_ID]);
}

HyDashboardPeriod
hy_dashboard_chooser_get_period (HyDashboardChooser *self)
{
  g_return_val_if_fail (HY_IS_DASHBOARD_CHOOSER (self), HY_DASHBOARD_LAST_30_DAYS);

  return self->period;
}

gint64
hy_dashboard_chooser_get_store_id (HyDashboardChooser *self)
{
  g_return_val_if_fail (HY_IS_DASHBOARD_CHOOSER (self), 0);

  return self->store_id;
}

/* The name of a store of the database, or "" when it knows no such store. */
const char *
hy_dashboard_chooser_get_store_name (HyDashboardChooser *self,
                                     gint64              store_id)
{
  guint position;

  g_return_val_if_fail (HY_IS_DASHBOARD_CHOOSER (self), NULL);

  position = store_position (self, store_id);
  return position > 0 ? ((HyStoreInfo *) g_ptr_array_index (self->stores, position - 1))->name : "";
}

static void
period_selected_cb (HyDashboardChooser *self)
{
  guint selected = gtk_drop_down_get_selected (self->period_dropdown);

  if (selected < HY_DASHBOARD_N_PERIODS)
    hy_dashboard_chooser_set_period (self, selected);
}

static void
store_selected_cb (HyDashboardChooser *self)
{
  guint selected = gtk_drop_down_get_selected (self->store_dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || self->stores == NULL || selected > self->stores->len)
    return;
  hy_dashboard_chooser_set_store_id (self, selected == 0 ? 0
                                     : ((HyStoreInfo *) g_ptr_array_index (self->stores, selected - 1))->id);
}

/* The stores of @database and the choice last made there (nothing without a database). */
void
hy_dashboard_chooser_set_database (HyDashboardChooser *self,
                                   HyDatabase         *database)
{
  g_autoptr(GtkStringList) stores = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  HyDashboardPeriod period = HY_DASHBOARD_LAST_30_DAYS;
  gint64 store_id = 0;

  g_return_if_fail (HY_IS_DASHBOARD_CHOOSER (self));
  g_return_if_fail (database == NULL || HY_IS_DATABASE (database));

  g_clear_pointer (&self->stores, g_ptr_array_unref);
  if (database != NULL)
    {
      hy_dashboard_load_choice (database, &period, &store_id);
      if (!(self->stores = hy_database_list_stores (database, &error)))
        g_warning ("Failed to list the stores: %s", error->message);
    }
  gtk_string_list_append (stores, _("All Stores"));
  for (guint i = 0; self->stores != NULL && i < self->stores->len; i++)
    gtk_string_list_append (stores, ((HyStoreInfo *) g_ptr_array_index (self->stores, i))->name);
  g_signal_handlers_block_by_func (self->store_dropdown, store_selected_cb, self);
  gtk_drop_down_set_model (self->store_dropdown, G_LIST_MODEL (stores));
  g_signal_handlers_unblock_by_func (self->store_dropdown, store_selected_cb, self);
  /* The model put the chooser at its first item: say which it is. */
  self->store_id = -1;
  hy_dashboard_chooser_set_store_id (self, store_id);
  hy_dashboard_chooser_set_period (self, period);
  /* A single store is all stores. */
  gtk_widget_set_visible (GTK_WIDGET (self->store_dropdown), self->stores != NULL && self->stores->len > 1);
}

static GtkDropDown *
add_dropdown (HyDashboardChooser *self,
              const char         *name,
              const char         *tooltip)
{
  GtkWidget *dropdown = gtk_drop_down_new (NULL, NULL);

  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (dropdown, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_box_append (GTK_BOX (self), dropdown);
  return GTK_DROP_DOWN (dropdown);
}

static void
hy_dashboard_chooser_init (HyDashboardChooser *self)
{
  g_autoptr(GtkStringList) periods = gtk_string_list_new (NULL);

  gtk_box_set_spacing (GTK_BOX (self), 6);
  self->period = HY_DASHBOARD_LAST_30_DAYS;
  for (guint i = 0; i < HY_DASHBOARD_N_PERIODS; i++)
    gtk_string_list_append (periods, hy_dashboard_period_get_label (i));
  self->period_dropdown = add_dropdown (self, _("Period"), _("The Period the Figures Cover"));
  gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (periods));
  gtk_drop_down_set_selected (self->period_dropdown, self->period);
  self->store_dropdown = add_dropdown (self, _("Store"), _("The Store Whose Sales Are Counted"));
  gtk_widget_set_visible (GTK_WIDGET (self->store_dropdown), FALSE);
  g_signal_connect_object (self->period_dropdown, "notify::selected", G_CALLBACK (period_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store_dropdown, "notify::selected", G_CALLBACK (store_selected_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
hy_dashboard_chooser_finalize (GObject *object)
{
  HyDashboardChooser *self = HY_DASHBOARD_CHOOSER (object);

  g_clear_pointer (&self->stores, g_ptr_array_unref);

  G_OBJECT_CLASS (hy_dashboard_chooser_parent_class)->finalize (object);
}

static void
hy_dashboard_chooser_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  HyDashboardChooser *self = HY_DASHBOARD_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_PERIOD:
      g_value_set_uint (value, self->period);
      break;

    case PROP_STORE_ID:
      g_value_set_int64 (value, self->store_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hy_dashboard_chooser_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  HyDashboardChooser *self = HY_DASHBOARD_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_PERIOD:
      hy_dashboard_chooser_set_period (self, g_value_get_uint (value));
      break;

    case PROP_STORE_ID:
      hy_dashboard_chooser_set_store_id (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hy_dashboard_chooser_class_init (HyDashboardChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hy_dashboard_chooser_finalize;
  object_class->get_property = hy_dashboard_chooser_get_property;
  object_class->set_property = hy_dashboard_chooser_set_property;

  /* A HyDashboardPeriod */
  properties [PROP_PERIOD] =
    g_param_spec_uint ("period", NULL, NULL,
                       0, HY_DASHBOARD_N_PERIODS - 1, HY_DASHBOARD_LAST_30_DAYS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* The store whose sales count, 0 for every store */
  properties [PROP_STORE_ID] =
    g_param_spec_int64 ("store-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

GtkWidget *
hy_dashboard_chooser_new (void)
{
  return g_object_new (HY_TYPE_DASHBOARD_CHOOSER, NULL);
}
