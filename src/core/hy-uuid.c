/* hy-uuid.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hy-uuid.h"

/* UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits.  Ids made one after
 * another sort one after another, so the unique index on uid grows at its end instead of at random
 * places: this keeps inserting ten million rows fast.  Within one millisecond a 12-bit counter
 * keeps them ordered. */

G_LOCK_DEFINE_STATIC (uuid_state);
static gint64  last_ms;
static guint   counter;
static GRand  *rand_state;

void
hy_uuid_generate (guint8 uuid[16])
{
  gint64 ms;
  guint32 r1, r2;
  guint seq;

  G_LOCK (uuid_state);
  if (rand_state == NULL)
    rand_state = g_rand_new ();   /* seeded from /dev/urandom */

  ms = g_get_real_time () / 1000;
  if (ms <= last_ms)
    {
      ms = last_ms;
      counter++;
      if (counter > 0xfff)
        {
          /* Borrow the next millisecond rather than lose the ordering. */
          ms = ++last_ms;
          counter = 0;
        }
    }
  else
    {
      last_ms = ms;
      counter = 0;
    }
  seq = counter;
  r1 = g_rand_int (rand_state);
  r2 = g_rand_int (rand_state);
  G_UNLOCK (uuid_state);

  uuid[0] = (ms >> 40) & 0xff;
  uuid[1] = (ms >> 32) & 0xff;
  uuid[2] = (ms >> 24) & 0xff;
  uuid[3] = (ms >> 16) & 0xff;
  uuid[4] = (ms >> 8) & 0xff;
  uuid[5] = ms & 0xff;
  uuid[6] = 0x70 | ((seq >> 8) & 0x0f);
  uuid[7] = seq & 0xff;
  uuid[8] = 0x80 | ((r1 >> 24) & 0x3f);
  uuid[9] = (r1 >> 16) & 0xff;
  uuid[10] = (r1 >> 8) & 0xff;
  uuid[11] = r1 & 0xff;
  memcpy (&uuid[12], &r2, 4);
}

void
hy_uuid_to_string (const guint8 uuid[16],
                   char         out[HY_UUID_STRING_LEN + 1])
{
  static const char hex[] = "0123456789abcdef";
  char *p = out;

  for (guint i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        *p++ = '-';
      *p++ = hex[uuid[i] >> 4];
      *p++ = hex[uuid[i] & 0x0f];
    }
  *p = '\0';
}

static inline int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* "01a20813-692a-7000-9d42-dbd9f4d29d63", with or without the dashes. */
gboolean
hy_uuid_parse (const char *text,
               guint8      uuid[16])
{
  guint n = 0;

  g_return_val_if_fail (text != NULL, FALSE);

  for (const char *p = text; *p != '\0'; p++)
    {
      int hi, lo;

      if (*p == '-')
        continue;
      if (n == 16)
        return FALSE;
      hi = hex_value (p[0]);
      if (hi < 0 || (lo = hex_value (p[1])) < 0)
        return FALSE;
      uuid[n++] = (hi << 4) | lo;
      p++;
    }

  return n == 16;
}
