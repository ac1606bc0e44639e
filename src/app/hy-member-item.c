/* hy-member-item.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row of the members list as a GObject, for the list widgets; an item without a row stands
 * in for a row whose page is still being read.
 */

#include "config.h"

#include "hy-member-item.h"

struct _HyMemberItem
{
  GObject      parent_instance;

  /* Owned references */
  HyMemberRow *row;
};

G_DEFINE_FINAL_TYPE (HyMemberItem, hy_member_item, G_TYPE_OBJECT)

static void
hy_member_item_finalize (GObject *object)
{
  HyMemberItem *self = HY_MEMBER_ITEM (object);

  g_clear_pointer (&self->row, hy_member_row_free);

  G_OBJECT_CLASS (hy_member_item_parent_class)->finalize (object);
}

static void
hy_member_item_class_init (HyMemberItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hy_member_item_finalize;
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

  return self->row == NULL;
}
