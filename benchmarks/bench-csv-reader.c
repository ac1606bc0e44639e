/* bench-csv-reader.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Measures how fast HyCsvReader parses a transactions export.
 *
 *   bench-csv-reader [--rows N] [--gb18030] [--keep PATH] [FILE]
 *
 * Without FILE it writes N rows (default 1,000,000, about 60 MB) of generated data to a temporary
 * file, parses it with delimiter detection and automatic encoding, and prints the throughput. */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "hy-csv-reader.h"

static const char *stores[] = { "徐汇店", "静安店", "Pudong", "\"Mall, L2\"" };

static void
write_rows (const char *path,
            guint64     rows,
            gboolean    gb18030)
{
  GString *block = g_string_sized_new (1 << 20);
  g_autoptr(GError) error = NULL;
  FILE *file = g_fopen (path, "wb");

  if (file == NULL)
    g_error ("Failed to create %s", path);

  g_string_append (block, "order_no,phone,occurred_at,amount,quantity,store,notes\r\n");
  for (guint64 i = 0; i < rows; i++)
    {
      g_string_append_printf (block,
                              "%" G_GUINT64_FORMAT ",1%010" G_GUINT64_FORMAT ","
                              "2024-%02u-%02u %02u:%02u:%02u,%u.%02u,%u,%s,%s\r\n",
                              1000000 + i,
                              (guint64) ((i * 7919) % G_GUINT64_CONSTANT (10000000000)),
                              (guint) (i % 12) + 1, (guint) (i % 28) + 1, (guint) (i % 24),
                              (guint) (i % 60), (guint) ((i * 7) % 60),
                              (guint) (i % 997), (guint) (i % 100), (guint) (i % 5) + 1,
                              stores[i % G_N_ELEMENTS (stores)],
                              i % 10 == 0 ? "\"said \"\"hi\"\"\"" : "");
      if (block->len > (1 << 20) - 256 || i + 1 == rows)
        {
          if (gb18030)
            {
              gsize written;
              g_autofree char *converted = g_convert (block->str, block->len, "GB18030", "UTF-8",
                                                      NULL, &written, &error);

              g_assert_no_error (error);
              fwrite (converted, 1, written, file);
            }
          else
            fwrite (block->str, 1, block->len, file);
          g_string_truncate (block, 0);
        }
    }

  fclose (file);
  g_string_free (block, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  gint64 rows = 1000000;
  gboolean gb18030 = FALSE;
  g_autofree char *keep = NULL;
  g_autofree char *generated = NULL;
  GOptionEntry entries[] = {
    { "rows", 'n', 0, G_OPTION_ARG_INT64, &rows, "Rows to generate", "N" },
    { "gb18030", 0, 0, G_OPTION_ARG_NONE, &gb18030, "Write the generated file in GB18030", NULL },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep,
      "Write the generated file here and keep it", "PATH" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[FILE]");
  g_autoptr(HyCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  const char *path;
  guint64 records = 0;
  guint64 fields = 0;
  guint64 field_bytes = 0;
  gint64 begin;
  double seconds;
  char delimiter;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  if (argc > 1)
    path = argv[1];
  else
    {
      if (keep != NULL)
        generated = g_strdup (keep);
      else
        {
          int fd = g_file_open_tmp ("bench-csv-XXXXXX.csv", &generated, &error);

          g_assert_no_error (error);
          g_close (fd, NULL);
        }
      begin = g_get_monotonic_time ();
      write_rows (generated, rows, gb18030);
      g_print ("generated %" G_GINT64_FORMAT " rows in %.2f s\n",
               rows, (g_get_monotonic_time () - begin) / 1e6);
      path = generated;
    }

  begin = g_get_monotonic_time ();
  reader = hy_csv_reader_new_for_path (path, HY_CSV_ENCODING_AUTO, 0, &error);
  if (reader == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  while (hy_csv_reader_next (reader, &error))
    {
      guint n = hy_csv_reader_get_n_fields (reader);

      records++;
      fields += n;
      for (guint i = 0; i < n; i++)
        {
          gsize len;

          hy_csv_reader_get_field (reader, i, &len);
          field_bytes += len;
        }
    }
  seconds = (g_get_monotonic_time () - begin) / 1e6;
  delimiter = hy_csv_reader_get_delimiter (reader);
  if (error != NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  g_print ("%s: %s, delimiter '%c', %" G_GUINT64_FORMAT " records, %" G_GUINT64_FORMAT
           " fields (%.1f MB of text), %.1f MB in %.3f s: %.0f MB/s, %.2f M records/s\n",
           path, hy_csv_reader_get_encoding_name (reader),
           delimiter == '\t' ? 'T' : delimiter,
           records, fields, field_bytes / 1e6,
           hy_csv_reader_get_bytes_total (reader) / 1e6, seconds,
           hy_csv_reader_get_bytes_total (reader) / 1e6 / seconds, records / 1e6 / seconds);

  if (generated != NULL && keep == NULL)
    g_unlink (generated);

  return EXIT_SUCCESS;
}
