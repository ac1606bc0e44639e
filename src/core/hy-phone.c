/* hy-phone.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hy-error.h"
#include "hy-phone.h"

/* Keeps the digits (full-width ones too) and a leading plus, drops the punctuation people type
 * between groups.  Returns NULL when something else than a phone number shows up. */
static char *
extract_digits (const char *text,
                gboolean   *out_plus)
{
  GString *digits = g_string_new (NULL);

  *out_plus = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        goto invalid;

      if (c >= 0xff10 && c <= 0xff19)  /* full-width ０-９ */
        c = '0' + (c - 0xff10);
      else if (c == 0xff0b)            /* full-width ＋ */
        c = '+';

      if (c >= '0' && c <= '9')
        g_string_append_c (digits, (char) c);
      else if (c == '+' && digits->len == 0 && !*out_plus)
        *out_plus = TRUE;
      else if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '.' || c == '/' ||
               c == 0x3000 || c == 0x2014 || c == 0xff0d || c == '\t' || c == 0xa0)
        continue;
      else
        goto invalid;
    }

  return g_string_free (digits, FALSE);

invalid:
  g_string_free (digits, TRUE);
  return NULL;
}

static gboolean
is_cn_mobile (const char *digits)
{
  return strlen (digits) == 11 && digits[0] == '1' && digits[1] >= '3' && digits[1] <= '9';
}

/**
 * hy_phone_normalize:
 * @text: a phone number as typed or imported
 *
 * Mainland China mobiles become "+86" and their 11 digits, whatever the spacing or prefix
 * ("138 0013 8000", "+86 138-0013-8000", "8613800138000", "008613800138000"); Chinese landlines
 * written with their area code ("010-12345678") become +86 without the trunk 0; numbers written
 * with a country code become E.164.  Anything else is refused with a reason, because a number we
 * cannot place would silently split one person into two members.
 *
 * Returns: (transfer full): the normalised number, or %NULL with @error set
 */
char *
hy_phone_normalize (const char  *text,
                    GError     **error)
{
  g_autofree char *digits = NULL;
  const char *number;
  gboolean plus;
  gsize len;

  g_return_val_if_fail (text != NULL, NULL);

  digits = extract_digits (text, &plus);
  if (digits == NULL)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("“%s” is not a phone number: only digits, spaces, dashes, brackets and a leading + are allowed"),
                   text);
      return NULL;
    }

  number = digits;
  len = strlen (number);
  if (len == 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("The phone number is empty"));
      return NULL;
    }

  /* 00 is the international call prefix in China and most of the world. */
  if (!plus && g_str_has_prefix (number, "00") && len > 9)
    {
      number += 2;
      len -= 2;
      plus = TRUE;
    }

  if (!plus && len == 13 && g_str_has_prefix (number, "86") && is_cn_mobile (number + 2))
    {
      number += 2;
      len -= 2;
    }
  else if (plus)
    {
      if (g_str_has_prefix (number, "86"))
        {
          const char *national = number + 2;

          /* Eleven digits from 1 are a mobile; "+86 10 ..." is a Beijing landline. */
          if (national[0] == '1' && strlen (national) == 11 && !is_cn_mobile (national))
            {
              g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                           _("“%s” is not a valid mainland China mobile number: it needs 11 digits starting with 13 to 19"),
                           text);
              return NULL;
            }
          if (national[0] == '0')  /* +86 0xx: drop the trunk prefix */
            return g_strconcat ("+86", national + 1, NULL);
        }
      if (len < 7 || len > 15 || number[0] == '0')
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("“%s” is not a valid international number: after the + it needs a country code and 7 to 15 digits in all"),
                       text);
          return NULL;
        }
      return g_strconcat ("+", number, NULL);
    }

  if (is_cn_mobile (number))
    return g_strconcat ("+86", number, NULL);

  /* A Chinese landline with its area code: 0 + 2-3 digit area + 7-8 digit number. */
  if (number[0] == '0' && number[1] != '0' && len >= 10 && len <= 12)
    return g_strconcat ("+86", number + 1, NULL);

  if (number[0] == '1')
    g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                 _("“%s” is not a valid mobile number: mainland China mobiles have 11 digits starting with 13 to 19"),
                 text);
  else
    g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                 _("“%s” is not a number we can place: write landlines with their area code (010-12345678) and other countries with + and the country code"),
                 text);
  return NULL;
}

/* Whether @text is already what hy_phone_normalize() makes of a mainland mobile: "+86" and 11
 * digits from 13 to 19.  Imports of our own exports are full of these. */
gboolean
hy_phone_is_normalized (const char *text)
{
  if (strncmp (text, "+86", 3) != 0 || strlen (text) != 14)
    return FALSE;
  for (guint i = 3; i < 14; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;

  return is_cn_mobile (text + 3);
}

/* "+8613800138000" -> "138 0013 8000"; other numbers keep their country code. */
char *
hy_phone_format (const char *normalized)
{
  g_return_val_if_fail (normalized != NULL, NULL);

  if (g_str_has_prefix (normalized, "+86") && is_cn_mobile (normalized + 3))
    {
      const char *n = normalized + 3;

      return g_strdup_printf ("%.3s %.4s %.4s", n, n + 3, n + 7);
    }

  return g_strdup (normalized);
}

/* What a clerk sees: "138****8000". */
char *
hy_phone_mask (const char *normalized)
{
  const char *n = normalized;
  gsize len;

  g_return_val_if_fail (normalized != NULL, NULL);

  if (g_str_has_prefix (n, "+86"))
    n += 3;
  len = strlen (n);
  if (len <= 4)
    return g_strnfill (len, '*');
  if (len < 8)
    return g_strdup_printf ("****%s", n + len - 2);

  /* Keep what tells the number apart at a glance: the network prefix (or the country code) and the
   * last four digits. */
  return g_strdup_printf ("%.*s****%s", n[0] == '+' ? 4 : 3, n, n + len - 4);
}

/* The digits of a partial number as typed into a search box, or NULL when the text is not a
 * number at all (then it is a name).  "138 001" -> "138001". */
char *
hy_phone_search_key (const char *text)
{
  gboolean plus;
  char *digits;

  g_return_val_if_fail (text != NULL, NULL);

  digits = extract_digits (text, &plus);
  if (digits != NULL && digits[0] == '\0')
    g_clear_pointer (&digits, g_free);

  return digits;
}
