/* hy-warning-item.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hy-warning-item.h"

struct _HyWarningItem
{
  GObject     parent_instance;

  /* Owned references */
  HyWorkItem  work;       /* a copy: reason and other_reasons are owned */
  char       *name;
  char       *phone;
};

G_DEFINE_FINAL_TYPE (HyWarningItem, hy_warning_item, G_TYPE_OBJECT)

static void
hy_warning_item_finalize (GObject *object)
{
  HyWarningItem *self = HY_WARNING_ITEM (object);

  g_free (self->work.reason);
  g_strfreev (self->work.other_reasons);
  g_free (self->name);
  g_free (self->phone);

  G_OBJECT_CLASS (hy_warning_item_parent_class)->finalize (object);
}

static void
hy_warning_item_class_init (HyWarningItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hy_warning_item_finalize;
}

static void
hy_warning_item_init (HyWarningItem *self)
{
}

HyWarningItem *
hy_warning_item_new (const HyWorkItem *work,
                     const char       *name,
                     const char       *phone)
{
  HyWarningItem *self;

  g_return_val_if_fail (work != NULL, NULL);

  self = g_object_new (HY_TYPE_WARNING_ITEM, NULL);
  self->work = *work;
  self->work.reason = g_strdup (work->reason);
  self->work.other_reasons = g_strdupv (work->other_reasons);
  self->name = g_strdup (name != NULL ? name : "");
  self->phone = g_strdup (phone != NULL ? phone : "");
  return self;
}

const HyWorkItem *
hy_warning_item_get_work (HyWarningItem *self)
{
  g_return_val_if_fail (HY_IS_WARNING_ITEM (self), NULL);

  return &self->work;
}

gint64
hy_warning_item_get_member_id (HyWarningItem *self)
{
  g_return_val_if_fail (HY_IS_WARNING_ITEM (self), 0);

  return self->work.member_id;
}

const char *
hy_warning_item_get_name (HyWarningItem *self)
{
  g_return_val_if_fail (HY_IS_WARNING_ITEM (self), NULL);

  return self->name;
}

const char *
hy_warning_item_get_phone (HyWarningItem *self)
{
  g_return_val_if_fail (HY_IS_WARNING_ITEM (self), NULL);

  return self->phone;
}

char *
hy_warning_item_dup_reasons (HyWarningItem *self)
{
  g_autoptr(GString) text = NULL;

  g_return_val_if_fail (HY_IS_WARNING_ITEM (self), NULL);

  text = g_string_new (self->work.reason != NULL ? self->work.reason : "");
  for (guint i = 0; self->work.other_reasons != NULL && self->work.other_reasons[i] != NULL; i++)
    g_string_append_printf (text, "\n%s", self->work.other_reasons[i]);
  return g_string_free (g_steal_pointer (&text), FALSE);
}
