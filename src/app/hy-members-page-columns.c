/* hy-members-page-columns.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The members list's columns: what each cell shows of a HyMemberRow, and sorting by a click on
 * a column header, which the page reads back as the core's HyMemberSort.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-lifecycle.h"
#include "hy-member-item.h"
#include "hy-members-page.h"
#include "hy-members-page-private.h"
#include "hy-money.h"
#include "hy-phone-display.h"
#include "hy-rfm.h"
#include "hy-time.h"

typedef char *(*CellText) (HyMembersPage     *self,
                           const HyMemberRow *row);



static char *
cell_name (HyMembersPage     *self,
           const HyMemberRow *row)
{
  return g_strdup (row->name[0] != '\0' ? row->name : _("(no name)"));
}

static char *
cell_phone (HyMembersPage     *self,
            const HyMemberRow *row)
{
  return hy_phone_display (self->database, row->phone);
}

static char *
cell_card (HyMembersPage     *self,
           const HyMemberRow *row)
{
  return g_strdup (row->card != NULL ? row->card : "");
}

static char *
cell_tier (HyMembersPage     *self,
           const HyMemberRow *row)
{
  return g_strdup (row->tier_name != NULL ? row->tier_name : "");
}

static char *
cell_joined (HyMembersPage     *self,
             const HyMemberRow *row)
{
  return row->joined_at > 0 ? hy_time_format_local (self->tz, row->joined_at, FALSE) : g_strdup ("");
}

static char *
cell_last_purchase (HyMembersPage     *self,
                    const HyMemberRow *row)
{
  return row->last_purchase_at > 0 ? hy_time_format_local (self->tz, row->last_purchase_at, FALSE)
                                   : g_strdup (_("never"));
}

static char *
cell_purchases (HyMembersPage     *self,
                const HyMemberRow *row)
{
  return hy_count_format (row->purchase_count);
}

static char *
cell_spend (HyMembersPage     *self,
            const HyMemberRow *row)
{
  return hy_money_format (row->net_spend, TRUE);
}

static char *
cell_points (HyMembersPage     *self,
             const HyMemberRow *row)
{
  return hy_count_format (row->points);
}

/* The dashboard's last analysis; an em dash for a member who joined since (or before any). */
static char *
cell_rfm_class (HyMembersPage     *self,
                const HyMemberRow *row)
{
  return g_strdup (row->rfm_class >= 0 && row->rfm_class < HY_RFM_N_CLASSES
                   ? hy_rfm_class_get_label (row->rfm_class) : "—");
}

static char *
cell_stage (HyMembersPage     *self,
            const HyMemberRow *row)
{
  return g_strdup (row->stage >= 0 && row->stage < HY_N_STAGES ? hy_stage_get_label (row->stage) : "—");
}

static const struct
{
  const char *title;
  CellText    text;
  gboolean    numeric;
  gboolean    expand;
  int         sort;       /* HyMemberSort, or -1: not sortable */
  gboolean    shrinks;    /* may be cut short when the page is narrow, with a tooltip */
} columns[] = {
  { N_("Name"), cell_name, FALSE, TRUE, HY_MEMBER_SORT_NAME, TRUE },
  { N_("Phone"), cell_phone, FALSE, TRUE, -1, FALSE },
  { N_("Card"), cell_card, FALSE, FALSE, -1, FALSE },
  { N_("Tier"), cell_tier, FALSE, FALSE, HY_MEMBER_SORT_TIER, TRUE },
  { N_("Joined"), cell_joined, FALSE, FALSE, HY_MEMBER_SORT_JOINED, FALSE },
  { N_("Last Purchase"), cell_last_purchase, FALSE, FALSE, HY_MEMBER_SORT_LAST_PURCHASE, FALSE },
  { N_("Purchases"), cell_purchases, TRUE, FALSE, HY_MEMBER_SORT_PURCHASES, FALSE },
  { N_("Net Spend"), cell_spend, TRUE, FALSE, HY_MEMBER_SORT_SPEND, FALSE },
  { N_("Points"), cell_points, TRUE, FALSE, HY_MEMBER_SORT_POINTS, FALSE },
  { N_("Stage"), cell_stage, FALSE, FALSE, HY_MEMBER_SORT_STAGE, TRUE },
  { N_("RFM Class"), cell_rfm_class, FALSE, FALSE, HY_MEMBER_SORT_RFM_CLASS, TRUE },
};

/* A cell cut short shows its whole text as a tooltip.  Asked for when the pointer rests on the
 * cell: setting a tooltip on every cell a search fills would ask GTK to look for the widget
 * under the pointer each time, hundreds of times a keystroke. */
static gboolean
cell_query_tooltip (GtkWidget  *label,
                    int         x,
                    int         y,
                    gboolean    keyboard_mode,
                    GtkTooltip *tooltip,
                    gpointer    user_data)
{
  const char *text = gtk_label_get_text (GTK_LABEL (label));

  if (text == NULL || text[0] == '\0' || !pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))))
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
cell_setup (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));

  gtk_label_set_xalign (GTK_LABEL (label), columns[column].numeric ? 1 : 0);
  /* A phone number, a date or an amount cut short is no use: those columns keep their width
   * and the others give way when the page is narrow. */
  if (columns[column].shrinks)
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_has_tooltip (label, TRUE);
      g_signal_connect (label, "query-tooltip", G_CALLBACK (cell_query_tooltip), NULL);
    }
  if (columns[column].numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
  g_object_set_data (G_OBJECT (item), "page", user_data);
  g_object_set_data (G_OBJECT (item), "column", GUINT_TO_POINTER (column));
}

/* The list keeps spare items after a search that found few members, so that GTK 4.8 keeps
 * their row widgets for the next search instead of destroying some 200 of them and building
 * them again (a tenth of a second each way): the view hides the rows of spares.  GTK 4.8 has
 * no API for a row, so this is the list view's child that holds the cell. */
static void
cell_show_row (GtkWidget *label,
               gboolean   visible)
{
  GtkWidget *cell = gtk_widget_get_parent (label);
  GtkWidget *row = cell != NULL ? gtk_widget_get_parent (cell) : NULL;

  if (row != NULL && GTK_IS_LIST_VIEW (gtk_widget_get_parent (row)))
    gtk_widget_set_visible (row, visible);
}

static void
cell_update (GtkListItem *item)
{
  HyMembersPage *self = g_object_get_data (G_OBJECT (item), "page");
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (item), "column"));
  HyMemberItem *member = gtk_list_item_get_item (item);
  const HyMemberRow *row = hy_member_item_get_row (member);
  g_autofree char *text = NULL;

  cell_show_row (gtk_list_item_get_child (item), !hy_member_item_is_spare (member));
  if (hy_member_item_is_spare (member))
    return;

  /* A row whose page is still being read stays blank for the moment it takes. */
  if (row != NULL)
    text = columns[column].text (self, row);
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text != NULL ? text : "");
}

/* The list fills its items in place (and reuses them for the next search): follow the row. */
static void
cell_bind (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  g_signal_connect_object (gtk_list_item_get_item (item), "notify::row",
                           G_CALLBACK (cell_update), item, G_CONNECT_SWAPPED);
  cell_update (item);
}

static void
cell_unbind (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), cell_update, item);
}

/* GTK 4.8 has no API to ask the column view which column it sorts by.  Each sortable column
 * gets a sorter that records its column and answers "smaller"; comparing two items with the
 * view's sorter then calls the primary column's sorter first, and the answer says which
 * column it is and, inverted or not, the direction. */
static int
sort_probe (gconstpointer a,
            gconstpointer b,
            gpointer      user_data)
{
  GtkColumnViewColumn *column = user_data;
  HyMembersPage *self = g_object_get_data (G_OBJECT (column), "page");

  self->probed_sort = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (column), "sort"));
  return GTK_ORDERING_SMALLER;
}

void
_hy_members_page_add_columns (HyMembersPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (i));
      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup), self);
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind), self);
      g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind), self);

      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (columns[i].sort >= 0)
        {
          g_autoptr(GtkCustomSorter) sorter = gtk_custom_sorter_new (sort_probe, column, NULL);

          g_object_set_data (G_OBJECT (column), "page", self);
          g_object_set_data (G_OBJECT (column), "sort", GINT_TO_POINTER (columns[i].sort));
          gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
        }
      gtk_column_view_append_column (self->column_view, column);
    }
}

void
_hy_members_page_read_sort (HyMembersPage *self,
                            HyMemberSort  *sort,
                            gboolean      *descending)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  g_autoptr(GObject) probe_a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) probe_b = g_object_new (G_TYPE_OBJECT, NULL);
  GtkOrdering order;

  /* Two objects: a sorter answers "equal" for an item compared with itself without asking. */
  self->probed_sort = -1;
  order = gtk_sorter_compare (sorter, probe_a, probe_b);
  *sort = self->probed_sort >= 0 ? (HyMemberSort) self->probed_sort : HY_MEMBER_SORT_NAME;
  *descending = self->probed_sort >= 0 && order == GTK_ORDERING_LARGER;
}

void
hy_members_page_sort_by (HyMembersPage *self,
                         HyMemberSort   sort,
                         gboolean       descending)
{
  g_autoptr(GListModel) view_columns = NULL;

  g_return_if_fail (HY_IS_MEMBERS_PAGE (self));

  view_columns = gtk_column_view_get_columns (self->column_view);
  g_object_ref (view_columns);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    if (columns[i].sort == (int) sort)
      {
        g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, i);

        gtk_column_view_sort_by_column (self->column_view, column,
                                        descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
      }
}
