/* hy-parse.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Parsers for the values people type into spreadsheets: amounts, quantities, genders.  Each
 * accepts the forms Chinese and English exports really contain and refuses anything it would
 * have to guess at, with a message that quotes the text and says what is wrong with it. */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hy-error.h"
#include "hy-parse.h"
#include "hy-parse-private.h"

/* Copies text into buf with full-width ASCII (１２３，．) turned into ASCII, the many kinds of
 * space into ' ', U+2212 MINUS SIGN into '-' and byte order marks dropped, then trims spaces at
 * both ends.  Returns the start of the trimmed text in buf, or NULL when text is not UTF-8 or
 * is too long for buf. */
char *
_hy_parse_fold (const char *text,
                char       *buf,
                gsize       buf_size)
{
  const char *p = text;
  gsize n = 0;
  char *start;

  g_assert (text != NULL);
  g_assert (buf_size > 0);

  while (*p != '\0')
    {
      guchar c = (guchar) *p;
      gunichar u;
      const char *next;

      if (c < 0x80)
        {
          if (n + 1 >= buf_size)
            return NULL;
          buf[n++] = g_ascii_isspace (c) ? ' ' : (char) c;
          p++;
          continue;
        }

      u = g_utf8_get_char_validated (p, -1);
      if (u == (gunichar) -1 || u == (gunichar) -2)
        return NULL;
      next = g_utf8_next_char (p);

      if (u >= 0xFF01 && u <= 0xFF5E)
        c = (guchar) (u - 0xFEE0);
      else if (u == 0x3000 || u == 0x00A0 || u == 0x2007 || u == 0x2009 || u == 0x202F)
        c = ' ';
      else if (u == 0x2212)
        c = '-';
      else if (u == 0xFEFF)
        {
          p = next;
          continue;
        }
      else
        c = 0;

      if (c != 0)
        {
          if (n + 1 >= buf_size)
            return NULL;
          buf[n++] = (char) c;
        }
      else
        {
          if (n + (next - p) >= buf_size)
            return NULL;
          memcpy (buf + n, p, next - p);
          n += next - p;
        }
      p = next;
    }

  while (n > 0 && buf[n - 1] == ' ')
    n--;
  buf[n] = '\0';
  for (start = buf; *start == ' '; start++)
    ;
  return start;
}

/* The text for an error message: valid UTF-8 and at most 40 characters. */
char *
_hy_parse_quote (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  const char *cut;

  if (g_utf8_strlen (valid, -1) <= 40)
    return g_steal_pointer (&valid);
  cut = g_utf8_offset_to_pointer (valid, 40);
  return g_strdup_printf ("%.*s…", (int) (cut - valid), valid);
}

/* Skips word at *p, ignoring ASCII case. */
gboolean
_hy_parse_eat (const char **p,
               const char  *word)
{
  gsize n = strlen (word);

  if (g_ascii_strncasecmp (*p, word, n) != 0)
    return FALSE;
  *p += n;
  return TRUE;
}

static gboolean
ends_with (const char *start,
           const char **end,
           const char *word)
{
  gsize n = strlen (word);

  if ((gsize) (*end - start) < n || g_ascii_strncasecmp (*end - n, word, n) != 0)
    return FALSE;
  *end -= n;
  return TRUE;
}

typedef enum
{
  NUMBER_OK,
  NUMBER_BAD,
  NUMBER_TWO_POINTS,
  NUMBER_BAD_GROUPS,
} NumberStatus;

/* A decimal number with optional thousands separators, as digits without the separators. */
typedef struct
{
  char   digits[HY_PARSE_MAX_TEXT];  /* integer digits, leading zeros dropped */
  gsize  n_digits;
  char   decimals[HY_PARSE_MAX_TEXT];
  gsize  n_decimals;
} Number;

static gsize
copy_digits (const char **p,
             const char  *end,
             char        *out,
             gsize       *n_out,
             gboolean     drop_leading_zeros)
{
  gsize n = 0;

  while (*p < end && g_ascii_isdigit (**p))
    {
      if (!drop_leading_zeros || **p != '0' || *n_out > 0)
        out[(*n_out)++] = **p;
      (*p)++;
      n++;
    }
  return n;
}

/* Reads [p, end): digits in groups of three after a first group of one to three when ',' or ' '
 * separates them, then an optional '.' and decimals. */
static NumberStatus
scan_number (const char *p,
             const char *end,
             Number     *number)
{
  gsize first;
  char separator = 0;

  number->n_digits = 0;
  number->n_decimals = 0;

  first = copy_digits (&p, end, number->digits, &number->n_digits, TRUE);
  while (p + 1 < end && (*p == ',' || *p == ' ') && g_ascii_isdigit (p[1]) && first > 0)
    {
      if (separator != 0 && *p != separator)
        return NUMBER_BAD;
      separator = *p++;
      if (copy_digits (&p, end, number->digits, &number->n_digits, TRUE) != 3)
        return NUMBER_BAD_GROUPS;
    }
  if (separator != 0 && first > 3)
    return NUMBER_BAD_GROUPS;

  if (p < end && *p == '.')
    {
      p++;
      if (copy_digits (&p, end, number->decimals, &number->n_decimals, FALSE) == 0 && first == 0)
        return NUMBER_BAD;
      if (p < end && *p == '.')
        return NUMBER_TWO_POINTS;
      if (memchr (p, '.', end - p) != NULL)
        return NUMBER_TWO_POINTS;
    }
  else if (first == 0)
    return NUMBER_BAD;

  return p == end ? NUMBER_OK : NUMBER_BAD;
}

/**
 * hy_parse_money:
 * @text: an amount as typed or exported
 * @out_minor: (out): the amount in minor units (fen, cents)
 * @error: return location for an error
 *
 * Accepts "1234", "1234.5", "1,234.50", "1 234.50", "¥1,234.50", "￥ 12", "$3.00", "12.30元",
 * "RMB 12", "CNY12", "-12.50", "¥-12", "(12.50)" (negative) and full-width digits.  Refuses
 * empty text, letters, two decimal points, a comma not followed by three digits (so "12,5" is
 * never read as 125), more than two decimals unless the extra ones are zeros ("12.500" is
 * fine), and amounts beyond ±90 000 000 000 000.00.  No floating point is involved.
 *
 * Returns: %TRUE if @text is an amount
 */
/* The common case, a plain decimal as our exports and most systems write it ("123", "-12.5",
 * "1234.56"): read directly.  Anything else, or anything near the limits, takes the general
 * path, which decides. */
static gboolean
parse_plain_money (const char *text,
                   gint64     *out_minor)
{
  const char *p = text;
  gboolean negative = *p == '-';
  guint64 whole = 0;
  int digits = 0;
  int cents = 0;

  if (negative)
    p++;
  for (; g_ascii_isdigit (*p); p++)
    {
      if (++digits > 13)
        return FALSE;
      whole = whole * 10 + (*p - '0');
    }
  if (digits == 0)
    return FALSE;

  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      cents = (*p++ - '0') * 10;
      if (g_ascii_isdigit (*p))
        cents += *p++ - '0';
    }
  if (*p != '\0')
    return FALSE;

  *out_minor = (gint64) (whole * 100 + cents) * (negative ? -1 : 1);
  return TRUE;
}

gboolean
hy_parse_money (const char  *text,
                gint64      *out_minor,
                GError     **error)
{
  static const char *prefixes[] = { "US$", "$", "¥", "￥", "RMB", "CNY", "人民币" };
  static const char *suffixes[] = { "元", "块", "RMB", "CNY" };
  char buf[HY_PARSE_MAX_TEXT];
  g_autofree char *quoted = NULL;
  Number number;
  const char *p;
  const char *end;
  gboolean negative = FALSE;
  gboolean signed_ = FALSE;
  gboolean currency = FALSE;
  guint64 value = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_minor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (parse_plain_money (text, out_minor))
    return TRUE;

  p = _hy_parse_fold (text, buf, sizeof buf);
  if (p != NULL && *p == '\0')
    {
      g_set_error_literal (error, HY_ERROR, HY_ERROR_INVALID, _("The amount is empty"));
      return FALSE;
    }
  if (p == NULL)
    goto not_an_amount;
  end = p + strlen (p);

  /* Accountants write negative amounts in parentheses. */
  if (*p == '(' && end[-1] == ')' && end - p >= 2)
    {
      negative = signed_ = TRUE;
      p++;
      end--;
    }

  for (guint pass = 0; pass < 2; pass++)
    {
      while (p < end && *p == ' ')
        p++;
      if (p < end && (*p == '-' || *p == '+') && !signed_)
        {
          negative = *p == '-';
          signed_ = TRUE;
          p++;
          continue;
        }
      for (guint i = 0; i < G_N_ELEMENTS (prefixes) && !currency; i++)
        currency = _hy_parse_eat (&p, prefixes[i]);
    }
  while (p < end && *p == ' ')
    p++;
  for (guint i = 0; i < G_N_ELEMENTS (suffixes) && !currency; i++)
    currency = ends_with (p, &end, suffixes[i]);
  while (end > p && end[-1] == ' ')
    end--;

  switch (scan_number (p, end, &number))
    {
    case NUMBER_OK:
      break;

    case NUMBER_TWO_POINTS:
      quoted = _hy_parse_quote (text);
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("“%s” is not an amount: it has two decimal points"), quoted);
      return FALSE;

    case NUMBER_BAD_GROUPS:
      quoted = _hy_parse_quote (text);
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("“%s” is not an amount: a thousands separator must be followed by three "
                     "digits (write decimals with a point, as in 12.50)"), quoted);
      return FALSE;

    case NUMBER_BAD:
    default:
      goto not_an_amount;
    }

  for (gsize i = 2; i < number.n_decimals; i++)
    {
      if (number.decimals[i] != '0')
        {
          quoted = _hy_parse_quote (text);
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("“%s” is not an amount: it has more than two decimal places"), quoted);
          return FALSE;
        }
    }

  if (number.n_digits > 14)
    goto too_large;
  for (gsize i = 0; i < number.n_digits; i++)
    value = value * 10 + (number.digits[i] - '0');
  value *= 100;
  if (number.n_decimals >= 1)
    value += (number.decimals[0] - '0') * 10;
  if (number.n_decimals >= 2)
    value += number.decimals[1] - '0';
  if (value > (guint64) HY_MONEY_MAX)
    goto too_large;

  *out_minor = negative ? -(gint64) value : (gint64) value;
  return TRUE;

not_an_amount:
  quoted = _hy_parse_quote (text);
  g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("“%s” is not an amount"), quoted);
  return FALSE;

too_large:
  quoted = _hy_parse_quote (text);
  g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
               _("“%s” is too large for an amount"), quoted);
  return FALSE;
}

/**
 * hy_parse_quantity:
 * @text: a count of items, such as "3", "1.5", "1,000" or "2件"
 * @out: (out): the quantity
 * @error: return location for an error
 *
 * Quantities may have decimals (weighed goods) but are never negative; refunds are separate
 * transactions.  A trailing Chinese measure word (件, 个, 份 …) is allowed.  No exponents.
 *
 * Returns: %TRUE if @text is a quantity
 */
gboolean
hy_parse_quantity (const char  *text,
                   double      *out,
                   GError     **error)
{
  static const char *units[] = {
    "件", "个", "份", "张", "瓶", "盒", "杯", "支", "袋", "包", "本", "双", "套", "次", "只",
    "pcs", "pc",
  };
  char buf[HY_PARSE_MAX_TEXT];
  char digits[2 * HY_PARSE_MAX_TEXT + 2];
  g_autofree char *quoted = NULL;
  Number number;
  const char *p;
  const char *end;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A plain whole number, the usual case. */
  if (g_ascii_isdigit (text[0]) && strlen (text) <= 9 && strspn (text, "0123456789") == strlen (text))
    {
      *out = (double) g_ascii_strtoull (text, NULL, 10);
      return TRUE;
    }

  p = _hy_parse_fold (text, buf, sizeof buf);
  if (p != NULL && *p == '\0')
    {
      g_set_error_literal (error, HY_ERROR, HY_ERROR_INVALID, _("The quantity is empty"));
      return FALSE;
    }
  if (p == NULL)
    goto not_a_quantity;
  end = p + strlen (p);

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      if (ends_with (p, &end, units[i]))
        break;
    }
  while (end > p && end[-1] == ' ')
    end--;

  if (*p == '-' && scan_number (p + 1, end, &number) == NUMBER_OK)
    {
      quoted = _hy_parse_quote (text);
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("“%s” is not a quantity: it must not be negative"), quoted);
      return FALSE;
    }
  if (*p == '+')
    p++;
  if (scan_number (p, end, &number) != NUMBER_OK)
    goto not_a_quantity;

  if (number.n_digits > 9)
    {
      quoted = _hy_parse_quote (text);
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("“%s” is too large for a quantity"), quoted);
      return FALSE;
    }

  g_snprintf (digits, sizeof digits, "%.*s.%.*s0",
              (int) number.n_digits, number.digits,
              (int) number.n_decimals, number.decimals);
  *out = g_ascii_strtod (digits, NULL);
  return TRUE;

not_a_quantity:
  quoted = _hy_parse_quote (text);
  g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("“%s” is not a quantity"), quoted);
  return FALSE;
}

/**
 * hy_parse_gender:
 * @text: 男, 女, 先生, 女士, M, F, male, female … or nothing
 * @out: (out): a #HyGender
 * @error: return location for an error
 *
 * Empty text and words for "unknown" (未知, 保密, 空, unknown …) give %HY_GENDER_UNKNOWN.
 * Number codes are refused: systems disagree on whether 1 is male or female.
 *
 * Returns: %TRUE if @text names a gender or says it is unknown
 */
gboolean
hy_parse_gender (const char  *text,
                 int         *out,
                 GError     **error)
{
  static const struct
  {
    const char *word;
    HyGender    gender;
  } words[] = {
    { "", HY_GENDER_UNKNOWN }, { "空", HY_GENDER_UNKNOWN }, { "未知", HY_GENDER_UNKNOWN },
    { "保密", HY_GENDER_UNKNOWN }, { "不详", HY_GENDER_UNKNOWN }, { "未填", HY_GENDER_UNKNOWN },
    { "未填写", HY_GENDER_UNKNOWN }, { "其他", HY_GENDER_UNKNOWN }, { "-", HY_GENDER_UNKNOWN },
    { "unknown", HY_GENDER_UNKNOWN }, { "u", HY_GENDER_UNKNOWN }, { "n/a", HY_GENDER_UNKNOWN },
    { "女", HY_GENDER_FEMALE }, { "女性", HY_GENDER_FEMALE }, { "女士", HY_GENDER_FEMALE },
    { "小姐", HY_GENDER_FEMALE }, { "女生", HY_GENDER_FEMALE }, { "f", HY_GENDER_FEMALE },
    { "female", HY_GENDER_FEMALE }, { "woman", HY_GENDER_FEMALE }, { "w", HY_GENDER_FEMALE },
    { "mrs", HY_GENDER_FEMALE }, { "mrs.", HY_GENDER_FEMALE }, { "ms", HY_GENDER_FEMALE },
    { "ms.", HY_GENDER_FEMALE }, { "miss", HY_GENDER_FEMALE },
    { "男", HY_GENDER_MALE }, { "男性", HY_GENDER_MALE }, { "先生", HY_GENDER_MALE },
    { "男生", HY_GENDER_MALE }, { "m", HY_GENDER_MALE }, { "male", HY_GENDER_MALE },
    { "man", HY_GENDER_MALE }, { "mr", HY_GENDER_MALE }, { "mr.", HY_GENDER_MALE },
  };
  char buf[HY_PARSE_MAX_TEXT];
  g_autofree char *quoted = NULL;
  const char *p;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  p = _hy_parse_fold (text, buf, sizeof buf);
  if (p != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (words); i++)
        {
          if (g_ascii_strcasecmp (p, words[i].word) == 0)
            {
              *out = words[i].gender;
              return TRUE;
            }
        }
    }

  quoted = _hy_parse_quote (text);
  if (p != NULL && *p != '\0' && strspn (p, "0123456789") == strlen (p))
    g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                 _("“%s” is not a gender: number codes mean different things in different "
                   "systems; use 男 or 女, M or F"), quoted);
  else
    g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                 _("“%s” is not a gender (expected 男, 女, M, F, male or female)"), quoted);
  return FALSE;
}
