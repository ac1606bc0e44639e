/* hy-members-page.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Finding a member as the clerk types: a phone number or part of one, a name, a card number or
 * a tag.  Every search is an index range scan in the core that answers in well under a
 * millisecond, so it runs as the text changes.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hy-member-store.h"
#include "hy-members-page.h"
#include "hy-money.h"
#include "hy-phone.h"
#include "hy-time.h"

#define SEARCH_LIMIT 200

typedef char *(*CellText) (HyMembersPage *self,
                           HyMember      *member);

struct _HyMembersPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkSearchEntry *search_entry;
  GtkStack       *stack;
  AdwStatusPage  *find_status;
  AdwStatusPage  *error_status;
  GtkColumnView  *column_view;
  GtkLabel       *count_label;

  /* Owned references */
  HyDatabase     *database;
  HyMemberStore  *store;
  GListStore     *results;
  GTimeZone      *tz;
};

G_DEFINE_FINAL_TYPE (HyMembersPage, hy_members_page, ADW_TYPE_BIN)

static char *
cell_name (HyMembersPage *self,
           HyMember      *member)
{
  const char *name = hy_member_get_name (member);

  return g_strdup (name != NULL && *name != '\0' ? name : _("(no name)"));
}

static char *
cell_phone (HyMembersPage *self,
            HyMember      *member)
{
  const char *phone = hy_member_get_phone (member);

  return phone != NULL ? hy_phone_format (phone) : g_strdup ("");
}

static char *
cell_card (HyMembersPage *self,
           HyMember      *member)
{
  return g_strdup (hy_member_get_identity (member, HY_IDENTITY_CARD));
}

static char *
cell_purchases (HyMembersPage *self,
                HyMember      *member)
{
  return hy_count_format (hy_member_get_stats (member)->purchase_count);
}

static char *
cell_spend (HyMembersPage *self,
            HyMember      *member)
{
  return hy_money_format (hy_member_get_stats (member)->net_spend, TRUE);
}

static char *
cell_last_purchase (HyMembersPage *self,
                    HyMember      *member)
{
  gint64 last = hy_member_get_stats (member)->last_purchase_at;

  return last > 0 ? hy_time_format_local (self->tz, last, FALSE) : g_strdup (_("never"));
}

static char *
cell_joined (HyMembersPage *self,
             HyMember      *member)
{
  gint64 joined = hy_member_get_joined_at (member);

  return joined > 0 ? hy_time_format_local (self->tz, joined, FALSE) : g_strdup ("");
}

static void
cell_setup (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  gboolean numeric = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "numeric"));

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1 : 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
cell_bind (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  HyMembersPage *self = HY_MEMBERS_PAGE (user_data);
  CellText text_func = g_object_get_data (G_OBJECT (factory), "text-func");
  g_autofree char *text = text_func (self, gtk_list_item_get_item (item));

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
hy_members_page_add_column (HyMembersPage *self,
                            const char    *title,
                            CellText       text_func,
                            gboolean       numeric,
                            gboolean       expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_object_set_data (G_OBJECT (factory), "text-func", text_func);
  g_object_set_data (G_OBJECT (factory), "numeric", GINT_TO_POINTER (numeric));
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind), self);

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->column_view, column);
}

static void
hy_members_page_show_count (HyMembersPage *self)
{
  gint64 count = self->store != NULL ? hy_member_store_count (self->store) : 0;
  g_autofree char *number = hy_count_format (count);
  /* Translators: %s is the number of members in the database */
  g_autofree char *description = g_strdup_printf (_("%s members. Type a phone number or part of one, a name, a card number or a tag."), number);

  adw_status_page_set_description (self->find_status, description);
}

void
hy_members_page_search (HyMembersPage *self,
                        const char    *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (query != NULL ? query : ""));
  g_autofree char *count = NULL;

  g_return_if_fail (HY_IS_MEMBERS_PAGE (self));

  if (self->store == NULL || *trimmed == '\0')
    {
      g_list_store_remove_all (self->results);
      gtk_stack_set_visible_child_name (self->stack, "find");
      return;
    }

  if (!(ids = hy_member_store_search (self->store, trimmed, SEARCH_LIMIT, &error)))
    {
      g_list_store_remove_all (self->results);
      adw_status_page_set_description (self->error_status, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  members = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < ids->len; i++)
    {
      HyMember *member = hy_member_store_load (self->store, g_array_index (ids, gint64, i), &error);

      if (member == NULL)
        {
          g_warning ("Could not load member %" G_GINT64_FORMAT ": %s", g_array_index (ids, gint64, i), error->message);
          g_clear_error (&error);
          continue;
        }
      g_ptr_array_add (members, member);
    }
  g_list_store_splice (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       members->pdata, members->len);

  if (members->len == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  count = members->len >= SEARCH_LIMIT
    /* Translators: %d is how many members are shown */
    ? g_strdup_printf (_("The first %d members found; type more to narrow the search"), (int) members->len)
    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d member found", "%d members found", members->len),
                       (int) members->len);
  gtk_label_set_label (self->count_label, count);
  gtk_stack_set_visible_child_name (self->stack, "results");
}

static void
search_changed_cb (HyMembersPage *self)
{
  hy_members_page_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

GListModel *
hy_members_page_get_results (HyMembersPage *self)
{
  g_return_val_if_fail (HY_IS_MEMBERS_PAGE (self), NULL);

  return G_LIST_MODEL (self->results);
}

void
hy_members_page_focus_search (HyMembersPage *self)
{
  g_return_if_fail (HY_IS_MEMBERS_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
hy_members_page_set_database (HyMembersPage *self,
                              HyDatabase    *database)
{
  g_return_if_fail (HY_IS_MEMBERS_PAGE (self));
  g_return_if_fail (database == NULL || HY_IS_DATABASE (database));

  if (!g_set_object (&self->database, database))
    return;

  g_clear_object (&self->store);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  if (database != NULL)
    {
      self->store = hy_member_store_new (database);
      self->tz = g_time_zone_ref (hy_database_get_time_zone (database));
    }
  hy_members_page_show_count (self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  search_changed_cb (self);
}

static void
hy_members_page_finalize (GObject *object)
{
  HyMembersPage *self = HY_MEMBERS_PAGE (object);

  g_clear_object (&self->results);
  g_clear_object (&self->store);
  g_clear_object (&self->database);
  g_clear_pointer (&self->tz, g_time_zone_unref);

  G_OBJECT_CLASS (hy_members_page_parent_class)->finalize (object);
}

static void
hy_members_page_class_init (HyMembersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = hy_members_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/huiyuan/Huiyuan/ui/hy-members-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, find_status);
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, error_status);
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, HyMembersPage, count_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
}

static void
hy_members_page_init (HyMembersPage *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->results = g_list_store_new (HY_TYPE_MEMBER);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->results)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  hy_members_page_add_column (self, _("Name"), cell_name, FALSE, TRUE);
  hy_members_page_add_column (self, _("Phone"), cell_phone, FALSE, TRUE);
  hy_members_page_add_column (self, _("Card"), cell_card, FALSE, FALSE);
  hy_members_page_add_column (self, _("Joined"), cell_joined, FALSE, FALSE);
  hy_members_page_add_column (self, _("Purchases"), cell_purchases, TRUE, FALSE);
  hy_members_page_add_column (self, _("Net Spend"), cell_spend, TRUE, FALSE);
  hy_members_page_add_column (self, _("Last Purchase"), cell_last_purchase, FALSE, FALSE);
}
