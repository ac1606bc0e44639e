/* hy-member-item.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row of the members list as a GObject, for the list widgets; an item without a row stands
 * in for a row whose page is still being read.  The list fills an item in place when its page
 * arrives (and reuses items for the next search), so a cell shows the row and follows
 * notify::row instead of waiting for the list to be rebuilt.
 *
 * A spare item is no member at all: the list keeps it after a search that found fewer members
 * than the view has rows, so that GTK keeps the row widget for the next search, and the row
 * is hidden meanwhile.
 */

#include "config.h"

#include "hy-member-item.h"

struct _HyMemberItem
{
  GObject      parent_instance;

  /* Owned references */
  HyMemberRow *row;

  gboolean     spare;
};

G_DEFINE_FINAL_TYPE (HyMemberItem, hy_member_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROW,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
hy_member_item_finalize (GObject *object)
{
  HyMemberItem *self = HY_MEMBER_ITEM (object);

  g_clear_pointer (&self->row, hy_member_row_free);

  G_OBJECT_CLASS (hy_member_item_parent_class)->finalize (object);
}

static void
hy_member_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HyMemberItem *self = HY_MEMBER_ITEM (object);

  switch (prop_id)
    {
    case PROP_ROW:
      g_value_set_pointer (value, self->row);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hy_member_item_class_init (HyMemberItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hy_member_item_finalize;
  object_class->get_property = hy_member_item_get_property;

  /* The HyMemberRow shown, or NULL while it is being read. */
  properties [PROP_ROW] =
    g_param_spec_pointer ("row", NULL, NULL,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hy_member_item_init (HyMemberItem *self)
{
}

/* Takes @row; NULL makes a placeholder. */
HyMemberItem *
hy_member_item_new (HyMemberRow *row)
{
  HyMemberItem *self = g_object_new (HY_TYPE_MEMBER_ITEM, NULL);

  self->row = row;
  return self;
}

/* The row, or NULL while it is being read. */
const HyMemberRow *
hy_member_item_get_row (HyMemberItem *self)
{
  g_return_val_if_fail (HY_IS_MEMBER_ITEM (self), NULL);

  return self->row;
}

gint64
hy_member_item_get_id (HyMemberItem *self)
{
  g_return_val_if_fail (HY_IS_MEMBER_ITEM (self), 0);

  return self->row != NULL ? self->row->id : 0;
}

gboolean
hy_member_item_is_loading (HyMemberItem *self)
{
  g_return_val_if_fail (HY_IS_MEMBER_ITEM (self), FALSE);

  return self->row == NULL && !self->spare;
}

/* Takes @row without a notification: for the list, when the cells need not follow at once (a
 * placeholder out of sight, whose page arrives with a notification). */
void
hy_member_item_reset_row (HyMemberItem *self,
                          HyMemberRow  *row)
{
  g_return_if_fail (HY_IS_MEMBER_ITEM (self));

  self->spare = FALSE;
  if (self->row == row)
    return;
  g_clear_pointer (&self->row, hy_member_row_free);
  self->row = row;
}

/* Takes @row (NULL: a placeholder again). */
void
hy_member_item_set_row (HyMemberItem *self,
                        HyMemberRow  *row)
{
  g_return_if_fail (HY_IS_MEMBER_ITEM (self));

  if (self->row == row && !self->spare)
    return;
  hy_member_item_reset_row (self, row);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ROW]);
}

/* No member: a row the list keeps hidden (see the top of the file).  Notifies row. */
void
hy_member_item_set_spare (HyMemberItem *self)
{
  g_return_if_fail (HY_IS_MEMBER_ITEM (self));

  if (self->spare)
    return;
  g_clear_pointer (&self->row, hy_member_row_free);
  self->spare = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ROW]);
}

gboolean
hy_member_item_is_spare (HyMemberItem *self)
{
  g_return_val_if_fail (HY_IS_MEMBER_ITEM (self), FALSE);

  return self->spare;
}
