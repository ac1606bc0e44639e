/* hy-member.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hy-error.h"
#include "hy-member-private.h"
#include "hy-parse.h"
#include "hy-phone.h"
#include "hy-time.h"

struct _HyMember
{
  GObject        parent_instance;

  gint64         id;
  char          *uid;
  char          *name;
  HyGender       gender;
  int            birth_year;
  int            birth_month;
  int            birth_day;
  gint64         joined_at;
  gint64         home_store;
  char          *channel;
  char          *notes;
  gint64         merged_into;
  gint64         created_at;
  gint64         updated_at;
  GPtrArray     *identities;  /* HyIdentity */
  GPtrArray     *tags;        /* char * */
  HyMemberStats  stats;
};

G_DEFINE_FINAL_TYPE (HyMember, hy_member, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_PHONE,
  PROP_CHANNEL,
  PROP_NOTES,
  PROP_JOINED_AT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static const struct {
  const char *name;
  const char *label;
} identity_kinds[HY_N_IDENTITY_KINDS] = {
  [HY_IDENTITY_PHONE]    = { "phone",    N_("Phone") },
  [HY_IDENTITY_CARD]     = { "card",     N_("Membership card") },
  [HY_IDENTITY_WECHAT]   = { "wechat",   N_("WeChat OpenID") },
  [HY_IDENTITY_EMAIL]    = { "email",    N_("Email") },
  [HY_IDENTITY_EXTERNAL] = { "external", N_("External ID") },
};

const char *
hy_identity_kind_to_string (HyIdentityKind kind)
{
  g_return_val_if_fail (kind < HY_N_IDENTITY_KINDS, NULL);

  return identity_kinds[kind].name;
}

const char *
hy_identity_kind_get_label (HyIdentityKind kind)
{
  g_return_val_if_fail (kind < HY_N_IDENTITY_KINDS, NULL);

  return _(identity_kinds[kind].label);
}

gboolean
hy_identity_kind_from_string (const char     *text,
                              HyIdentityKind *out_kind)
{
  for (guint i = 0; i < HY_N_IDENTITY_KINDS; i++)
    if (g_strcmp0 (text, identity_kinds[i].name) == 0)
      {
        *out_kind = i;
        return TRUE;
      }

  return FALSE;
}

/* Card numbers and external ids are compared without surrounding or inner spaces; card numbers
 * also without case.  Emails are compared in lower case. */
char *
hy_identity_normalize (HyIdentityKind   kind,
                       const char      *value,
                       GError         **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (value != NULL, NULL);

  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("The text is not valid UTF-8"));
      return NULL;
    }

  /* Most values come clean: spare them the copy. */
  if (kind == HY_IDENTITY_PHONE && value[0] == '+' && hy_phone_is_normalized (value))
    return g_strdup (value);

  trimmed = g_strstrip (g_strdup (value));
  if (trimmed[0] == '\0')
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("The %s is empty"), hy_identity_kind_get_label (kind));
      return NULL;
    }

  switch (kind)
    {
    case HY_IDENTITY_PHONE:
      return hy_phone_normalize (trimmed, error);

    case HY_IDENTITY_CARD:
      {
        GString *card = g_string_new (NULL);

        for (const char *p = trimmed; *p != '\0'; p++)
          if (*p != ' ' && *p != '-')
            g_string_append_c (card, g_ascii_toupper (*p));
        return g_string_free (card, FALSE);
      }

    case HY_IDENTITY_EMAIL:
      {
        const char *at = strchr (trimmed, '@');

        if (at == NULL || at == trimmed || strchr (at, '.') == NULL || strchr (trimmed, ' ') != NULL)
          {
            g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                         _("“%s” is not an email address"), trimmed);
            return NULL;
          }
        return g_utf8_strdown (trimmed, -1);
      }

    case HY_IDENTITY_WECHAT:
    case HY_IDENTITY_EXTERNAL:
      return g_steal_pointer (&trimmed);

    case HY_N_IDENTITY_KINDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

void
hy_identity_free (HyIdentity *identity)
{
  if (identity == NULL)
    return;

  g_free (identity->value);
  g_free (identity);
}

static void
hy_member_finalize (GObject *object)
{
  HyMember *self = (HyMember *)object;

  g_clear_pointer (&self->uid, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->channel, g_free);
  g_clear_pointer (&self->notes, g_free);
  g_clear_pointer (&self->identities, g_ptr_array_unref);
  g_clear_pointer (&self->tags, g_ptr_array_unref);

  G_OBJECT_CLASS (hy_member_parent_class)->finalize (object);
}

static void
hy_member_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  HyMember *self = HY_MEMBER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_PHONE:
      g_value_set_string (value, hy_member_get_phone (self));
      break;

    case PROP_CHANNEL:
      g_value_set_string (value, self->channel);
      break;

    case PROP_NOTES:
      g_value_set_string (value, self->notes);
      break;

    case PROP_JOINED_AT:
      g_value_set_int64 (value, self->joined_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hy_member_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  HyMember *self = HY_MEMBER (object);

  switch (prop_id)
    {
    case PROP_NAME:
      hy_member_set_name (self, g_value_get_string (value));
      break;

    case PROP_CHANNEL:
      hy_member_set_channel (self, g_value_get_string (value));
      break;

    case PROP_NOTES:
      hy_member_set_notes (self, g_value_get_string (value));
      break;

    case PROP_JOINED_AT:
      hy_member_set_joined_at (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hy_member_class_init (HyMemberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hy_member_finalize;
  object_class->get_property = hy_member_get_property;
  object_class->set_property = hy_member_set_property;

  properties [PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_CHANNEL] =
    g_param_spec_string ("channel", NULL, NULL, "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_NOTES] =
    g_param_spec_string ("notes", NULL, NULL, "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_JOINED_AT] =
    g_param_spec_int64 ("joined-at", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hy_member_init (HyMember *self)
{
  self->name = g_strdup ("");
  self->channel = g_strdup ("");
  self->notes = g_strdup ("");
  self->identities = g_ptr_array_new_with_free_func ((GDestroyNotify) hy_identity_free);
  self->tags = g_ptr_array_new_with_free_func (g_free);
}

HyMember *
hy_member_new (void)
{
  return g_object_new (HY_TYPE_MEMBER, NULL);
}

void
_hy_member_set_row (HyMember   *self,
                    gint64      id,
                    const char *uid,
                    gint64      merged_into,
                    gint64      created_at,
                    gint64      updated_at)
{
  gboolean id_changed = self->id != id;

  self->id = id;
  if (uid != self->uid)
    {
      g_free (self->uid);
      self->uid = g_strdup (uid);
    }
  self->merged_into = merged_into;
  self->created_at = created_at;
  self->updated_at = updated_at;

  if (id_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ID]);
}

void
_hy_member_set_stats (HyMember            *self,
                      const HyMemberStats *stats)
{
  self->stats = *stats;
}

void
_hy_member_clear_collections (HyMember *self)
{
  g_ptr_array_set_size (self->identities, 0);
  g_ptr_array_set_size (self->tags, 0);
}

gint64
hy_member_get_id (HyMember *self)
{
  g_return_val_if_fail (HY_IS_MEMBER (self), 0);

  return self->id;
}

const char *
hy_member_get_uid (HyMember *self)
{
  g_return_val_if_fail (HY_IS_MEMBER (self), NULL);

  return self->uid;
}

const char *
hy_member_get_name (HyMember *self)
{
  g_return_val_if_fail (HY_IS_MEMBER (self), NULL);

  return self->name;
}

static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (value == NULL)
    value = "";
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

void
hy_member_set_name (HyMember   *self,
                    const char *name)
{
  g_return_if_fail (HY_IS_MEMBER (self));

  if (replace_string (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NAME]);
}

HyGender
hy_member_get_gender (HyMember *self)
{
  g_return_val_if_fail (HY_IS_MEMBER (self), HY_GENDER_UNKNOWN);

  return self->gender;
}

void
hy_member_set_gender (HyMember *self,
                      HyGender  gender)
{
  g_return_if_fail (HY_IS_MEMBER (self));
  g_return_if_fail (gender <= HY_GENDER_MALE);

  self->gender = gender;
}

void
hy_member_get_birthday (HyMember *self,
                        int      *year,
                        int      *month,
                        int      *day)
{
  g_return_if_fail (HY_IS_MEMBER (self));

  *year = self->birth_year;
  *month = self->birth_month;
  *day = self->birth_day;
}

/* @year may be 0 when only the day is known; all three 0 clears the birthday. */
gboolean
hy_member_set_birthday (HyMember *self,
                        int       year,
                        int       month,
                        int       day)
{
  g_return_val_if_fail (HY_IS_MEMBER (self), FALSE);

  if (year != 0 || month != 0 || day != 0)
    {
      /* Without a year, 29 February must stay possible. */
      if (!hy_time_valid_date (year != 0 ? year : 2000, month, day) ||
          (year != 0 && (year < 1900 || year > 2200)))
        return FALSE;
    }

  self->birth_year = year;
  self->birth_month = month;
  self->birth_day = day;
  return TRUE;
}

char *
hy_member_dup_birthday_text (HyMember *self)
{
  g_return_val_if_fail (HY_IS_MEMBER (self), NULL);

  if (self->birth_month == 0)
    return g_strdup ("");
  if (self->birth_year == 0)
    return g_strdup_printf ("--%02d-%02d", self->birth_month, self->birth_day);

  return g_strdup_printf ("%04d-%02d-%02d", self->birth_year, self->birth_month, self->birth_day);
}

/* Reads a birthday as a form holds it: "1990-02-28", "1990/2/28", or without the year
 * "02-28" or "--02-28"; empty text clears it. */
gboolean
hy_member_set_birthday_text (HyMember    *self,
                             const char  *text,
                             GError     **error)
{
  g_autofree char *trimmed = NULL;
  const char *p;
  int year = 0, month = 0, day = 0;

  g_return_val_if_fail (HY_IS_MEMBER (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    return hy_member_set_birthday (self, 0, 0, 0);

  p = g_str_has_prefix (trimmed, "--") ? trimmed + 2 : trimmed;
  if (strlen (p) <= 5 && (strchr (p, '-') != NULL || strchr (p, '/') != NULL))
    {
      char *end = NULL;

      month = (int) g_ascii_strtoll (p, &end, 10);
      if (end != p && (*end == '-' || *end == '/'))
        {
          const char *q = end + 1;

          day = (int) g_ascii_strtoll (q, &end, 10);
          if (end == q || *end != '\0')
            month = 0;
        }
      else
        month = 0;
    }
  else if (!hy_parse_date (trimmed, &year, &month, &day, NULL))
    month = 0;

  if (month == 0 || !hy_member_set_birthday (self, year, month, day))
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("“%s” is not a date: write it as 1990-02-28, or 02-28 without the year"), trimmed);
      return FALSE;
    }
  return TRUE;
}

gint64
hy_member_get_joined_at (HyMember *self)
{
  g_return_val_if_fail (HY_IS_MEMBER (self), 0);

  return self->joined_at;
}

void
hy_member_set_joined_at (HyMember *self,
                         gint64    joined_at)
{
  g_return_if_fail (HY_IS_MEMBER (self));

  if (self->joined_at == joined_at)
    return;

  self->joined_at = joined_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_JOINED_AT]);
}

gint64
hy_member_get_home_store (HyMember *self)
{
  g_return_val_if_fail (HY_IS_MEMBER (self), 0);

  return self->home_store;
}

void
hy_member_set_home_store (HyMember *self,
                          gint64    store_id)
{
  g_return_if_fail (HY_IS_MEMBER (self));

  self->home_store = store_id;
}

const char *
hy_member_get_channel (HyMember *self)
{
  g_return_val_if_fail (HY_IS_MEMBER (self), NULL);

  return self->channel;
}

void
hy_member_set_channel (HyMember   *self,
                       const char *channel)
{
  g_return_if_fail (HY_IS_MEMBER (self));

  if (replace_string (&self->channel, channel))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CHANNEL]);
}

const char *
hy_member_get_notes (HyMember *self)
{
  g_return_val_if_fail (HY_IS_MEMBER (self), NULL);

  return self->notes;
}

void
hy_member_set_notes (HyMember   *self,
                     const char *notes)
{
  g_return_if_fail (HY_IS_MEMBER (self));

  if (replace_string (&self->notes, notes))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NOTES]);
}

gint64
hy_member_get_merged_into (HyMember *self)
{
  g_return_val_if_fail (HY_IS_MEMBER (self), 0);

  return self->merged_into;
}

gint64
hy_member_get_created_at (HyMember *self)
{
  g_return_val_if_fail (HY_IS_MEMBER (self), 0);

  return self->created_at;
}

gint64
hy_member_get_updated_at (HyMember *self)
{
  g_return_val_if_fail (HY_IS_MEMBER (self), 0);

  return self->updated_at;
}

/**
 * hy_member_get_identities:
 *
 * Returns: (transfer none) (element-type HyIdentity): the member's identities
 */
GPtrArray *
hy_member_get_identities (HyMember *self)
{
  g_return_val_if_fail (HY_IS_MEMBER (self), NULL);

  return self->identities;
}

/* The first identity of @kind, or NULL. */
const char *
hy_member_get_identity (HyMember       *self,
                        HyIdentityKind  kind)
{
  g_return_val_if_fail (HY_IS_MEMBER (self), NULL);

  for (guint i = 0; i < self->identities->len; i++)
    {
      HyIdentity *identity = g_ptr_array_index (self->identities, i);

      if (identity->kind == kind)
        return identity->value;
    }

  return NULL;
}

const char *
hy_member_get_phone (HyMember *self)
{
  return hy_member_get_identity (self, HY_IDENTITY_PHONE);
}

/* Adds an identity to a member not saved yet (or to the in-memory copy of a loaded one); the
 * value is normalised here, so a bad phone is refused before anything reaches the database. */
gboolean
hy_member_add_identity (HyMember        *self,
                        HyIdentityKind   kind,
                        const char      *value,
                        GError         **error)
{
  HyIdentity *identity;
  char *normalized;

  g_return_val_if_fail (HY_IS_MEMBER (self), FALSE);
  g_return_val_if_fail (kind < HY_N_IDENTITY_KINDS, FALSE);

  normalized = hy_identity_normalize (kind, value, error);
  if (normalized == NULL)
    return FALSE;

  for (guint i = 0; i < self->identities->len; i++)
    {
      HyIdentity *existing = g_ptr_array_index (self->identities, i);

      if (existing->kind == kind && g_str_equal (existing->value, normalized))
        {
          g_free (normalized);
          return TRUE;
        }
    }

  identity = g_new0 (HyIdentity, 1);
  identity->kind = kind;
  identity->value = normalized;
  g_ptr_array_add (self->identities, identity);

  if (kind == HY_IDENTITY_PHONE)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PHONE]);

  return TRUE;
}

/* What a form edits: the member's first identity of @kind becomes @value (normalised), and
 * empty or NULL @value removes it.  Further identities of the kind stay as they are. */
gboolean
hy_member_set_identity (HyMember        *self,
                        HyIdentityKind   kind,
                        const char      *value,
                        GError         **error)
{
  g_autofree char *trimmed = NULL;
  char *normalized;

  g_return_val_if_fail (HY_IS_MEMBER (self), FALSE);
  g_return_val_if_fail (kind < HY_N_IDENTITY_KINDS, FALSE);

  trimmed = g_strstrip (g_strdup (value != NULL ? value : ""));
  normalized = *trimmed != '\0' ? hy_identity_normalize (kind, trimmed, error) : NULL;
  if (*trimmed != '\0' && normalized == NULL)
    return FALSE;

  for (guint i = 0; i < self->identities->len; i++)
    {
      HyIdentity *existing = g_ptr_array_index (self->identities, i);

      if (existing->kind != kind)
        continue;
      if (normalized == NULL)
        g_ptr_array_remove_index (self->identities, i);
      else
        {
          g_free (existing->value);
          existing->value = normalized;
        }
      if (kind == HY_IDENTITY_PHONE)
        g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PHONE]);
      return TRUE;
    }

  if (normalized == NULL)
    return TRUE;
  g_free (normalized);
  return hy_member_add_identity (self, kind, trimmed, error);
}

/**
 * hy_member_get_tags:
 *
 * Returns: (transfer none) (element-type utf8): the member's tags
 */
GPtrArray *
hy_member_get_tags (HyMember *self)
{
  g_return_val_if_fail (HY_IS_MEMBER (self), NULL);

  return self->tags;
}

gboolean
hy_member_has_tag (HyMember   *self,
                   const char *tag)
{
  g_return_val_if_fail (HY_IS_MEMBER (self), FALSE);

  for (guint i = 0; i < self->tags->len; i++)
    if (g_str_equal (g_ptr_array_index (self->tags, i), tag))
      return TRUE;

  return FALSE;
}

void
hy_member_add_tag (HyMember   *self,
                   const char *tag)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (HY_IS_MEMBER (self));
  g_return_if_fail (tag != NULL);

  trimmed = g_strstrip (g_strdup (tag));
  if (trimmed[0] == '\0' || hy_member_has_tag (self, trimmed))
    return;

  g_ptr_array_add (self->tags, g_steal_pointer (&trimmed));
}

static char *
hy_member_tags_separators_to_ascii (const char *text)
{
  static const char *wide[] = { "，", "；", "、" };
  g_autoptr(GString) ascii = g_string_new (text);

  for (guint i = 0; i < G_N_ELEMENTS (wide); i++)
    g_string_replace (ascii, wide[i], ",", 0);
  return g_string_free (g_steal_pointer (&ascii), FALSE);
}

/* Tags as a form shows them: separated by commas (either width), 、 or semicolons. */
void
hy_member_set_tags_text (HyMember   *self,
                         const char *text)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *ascii = NULL;

  g_return_if_fail (HY_IS_MEMBER (self));
  g_return_if_fail (text != NULL);

  ascii = hy_member_tags_separators_to_ascii (text);
  parts = g_strsplit_set (ascii, ",;", -1);
  g_ptr_array_set_size (self->tags, 0);
  for (guint i = 0; parts[i] != NULL; i++)
    hy_member_add_tag (self, parts[i]);
}

char *
hy_member_dup_tags_text (HyMember *self)
{
  GString *text;

  g_return_val_if_fail (HY_IS_MEMBER (self), NULL);

  text = g_string_new (NULL);
  for (guint i = 0; i < self->tags->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", (const char *) self->tags->pdata[i]);
  return g_string_free (text, FALSE);
}

const HyMemberStats *
hy_member_get_stats (HyMember *self)
{
  g_return_val_if_fail (HY_IS_MEMBER (self), NULL);

  return &self->stats;
}
