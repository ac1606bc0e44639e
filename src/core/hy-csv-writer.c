/* hy-csv-writer.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFC 4180 CSV out, written to a temporary file that takes the real name only when complete: an
 * export that fails half-way never leaves a truncated file that looks finished.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hy-csv-writer.h"
#include "hy-error.h"

struct _HyCsvWriter
{
  FILE    *fp;
  char    *path;
  char    *partial;     /* NULL when writing straight to a device, a pipe or stdout */
  GString *row;
  gboolean first_field;
};

/* "-", a pipe or a device (/dev/stdout) is written to directly; a regular file goes through a
 * temporary file renamed at the end. */
static gboolean
is_special (const char *path)
{
  GStatBuf buf;

  if (g_str_equal (path, "-"))
    return TRUE;
  if (g_stat (path, &buf) != 0)
    return FALSE;

  return !S_ISREG (buf.st_mode) && !S_ISDIR (buf.st_mode);
}

HyCsvWriter *
hy_csv_writer_new (const char  *path,
                   gboolean     bom,
                   GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *partial = NULL;
  HyCsvWriter *self;
  FILE *fp;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("“%s” is a folder; give a file name"), display);
      return NULL;
    }

  if (g_str_equal (path, "-"))
    fp = stdout;
  else if (is_special (path))
    fp = g_fopen (path, "wb");
  else
    {
      partial = g_strconcat (path, ".partial", NULL);
      fp = g_fopen (partial, "wb");
    }

  if (fp == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, HY_ERROR, HY_ERROR_READ_ONLY,
                   _("Could not write “%s”: %s"), display, g_strerror (saved_errno));
      return NULL;
    }
  setvbuf (fp, NULL, _IOFBF, 1 << 20);

  /* Excel needs the byte order mark to read UTF-8 (Chinese names) correctly. */
  if (bom)
    fputs ("\xef\xbb\xbf", fp);

  self = g_new0 (HyCsvWriter, 1);
  self->fp = fp;
  self->path = g_strdup (path);
  self->partial = g_steal_pointer (&partial);
  self->row = g_string_sized_new (512);
  self->first_field = TRUE;
  return self;
}

static void
separate (HyCsvWriter *self)
{
  if (!self->first_field)
    g_string_append_c (self->row, ',');
  self->first_field = FALSE;
}

/* A free-text field.  Text that a spreadsheet would run as a formula (=, +, -, @ at the start)
 * gets a leading apostrophe, the usual guard against CSV injection. */
void
hy_csv_writer_text (HyCsvWriter *self,
                    const char  *text)
{
  gboolean quote;

  separate (self);
  if (text == NULL || text[0] == '\0')
    return;

  quote = strpbrk (text, ",\"\r\n") != NULL || text[0] == ' ' || text[strlen (text) - 1] == ' ';
  if (quote)
    g_string_append_c (self->row, '"');
  if (strchr ("=+-@\t", text[0]) != NULL)
    g_string_append_c (self->row, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (self->row, '"');
      g_string_append_c (self->row, *p);
    }
  if (quote)
    g_string_append_c (self->row, '"');
}

/* A field we produced ourselves (a date, a code, a number): written as is. */
void
hy_csv_writer_number (HyCsvWriter *self,
                      const char  *text)
{
  separate (self);
  if (text != NULL)
    g_string_append (self->row, text);
}

void
hy_csv_writer_int (HyCsvWriter *self,
                   gint64       value)
{
  separate (self);
  g_string_append_printf (self->row, "%" G_GINT64_FORMAT, value);
}

void
hy_csv_writer_money (HyCsvWriter *self,
                     gint64       minor)
{
  guint64 magnitude = minor < 0 ? -(guint64) minor : (guint64) minor;

  separate (self);
  g_string_append_printf (self->row, "%s%" G_GUINT64_FORMAT ".%02u", minor < 0 ? "-" : "",
                          magnitude / 100, (guint) (magnitude % 100));
}

void
hy_csv_writer_end_row (HyCsvWriter *self)
{
  g_string_append (self->row, "\r\n");
  fwrite (self->row->str, 1, self->row->len, self->fp);
  g_string_truncate (self->row, 0);
  self->first_field = TRUE;
}

static void
writer_free (HyCsvWriter *self)
{
  g_string_free (self->row, TRUE);
  g_free (self->path);
  g_free (self->partial);
  g_free (self);
}

gboolean
hy_csv_writer_finish (HyCsvWriter  *self,
                      GError      **error)
{
  gboolean ok = fflush (self->fp) == 0 && ferror (self->fp) == 0;
  int saved_errno = errno;

  if (self->partial != NULL)
    {
      ok = fsync (fileno (self->fp)) == 0 && ok;
      ok = fclose (self->fp) == 0 && ok;
      if (ok && g_rename (self->partial, self->path) != 0)
        {
          saved_errno = errno;
          ok = FALSE;
        }
      if (!ok)
        g_unlink (self->partial);
    }
  else if (self->fp != stdout)
    ok = fclose (self->fp) == 0 && ok;

  if (!ok)
    {
      g_autofree char *display = g_filename_display_name (self->path);

      g_set_error (error, HY_ERROR, HY_ERROR_READ_ONLY,
                   _("Could not write “%s”: %s"), display, g_strerror (saved_errno));
    }

  writer_free (self);
  return ok;
}

void
hy_csv_writer_abandon (HyCsvWriter *self)
{
  if (self->fp != stdout)
    fclose (self->fp);
  if (self->partial != NULL)
    g_unlink (self->partial);
  writer_free (self);
}
