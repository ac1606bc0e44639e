/* test-csv-reader.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gstdio.h>

#ifdef G_OS_UNIX
# include <sys/stat.h>
#endif

#include "hy-csv-reader.h"
#include "hy-error.h"

/* Reads everything into one string, a record a line as "LINE:field|field|...", with CR and LF
 * inside fields written as \r and \n.  Stops at the first error. */
static char *
dump_reader (HyCsvReader  *reader,
             GError      **error)
{
  GString *out = g_string_new (NULL);

  while (hy_csv_reader_next (reader, error))
    {
      guint n = hy_csv_reader_get_n_fields (reader);

      g_string_append_printf (out, "%s%u:",
                              out->len > 0 ? "\n" : "", hy_csv_reader_get_line (reader));
      for (guint i = 0; i < n; i++)
        {
          gsize len;
          const char *field = hy_csv_reader_get_field (reader, i, &len);

          g_assert_nonnull (field);
          g_assert_cmpuint (strlen (field), ==, len);
          g_assert_true (g_utf8_validate (field, len, NULL));
          if (i > 0)
            g_string_append_c (out, '|');
          for (gsize k = 0; k < len; k++)
            {
              if (field[k] == '\n')
                g_string_append (out, "\\n");
              else if (field[k] == '\r')
                g_string_append (out, "\\r");
              else
                g_string_append_c (out, field[k]);
            }
        }
    }

  return g_string_free (out, FALSE);
}

static HyCsvReader *
reader_for (const char    *data,
            gssize         len,
            HyCsvEncoding  encoding,
            char           delimiter)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len < 0 ? strlen (data) : (gsize) len);
  g_autoptr(GError) error = NULL;
  HyCsvReader *reader = hy_csv_reader_new_for_bytes (bytes, encoding, delimiter, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reader);
  return reader;
}

/* Parses data and returns its dump; the whole file must parse without error. */
static char *
parse (const char    *data,
       gssize         len,
       HyCsvEncoding  encoding,
       char           delimiter)
{
  g_autoptr(HyCsvReader) reader = reader_for (data, len, encoding, delimiter);
  g_autoptr(GError) error = NULL;
  char *dump = dump_reader (reader, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (hy_csv_reader_get_bytes_read (reader), ==,
                    hy_csv_reader_get_bytes_total (reader));
  return dump;
}

static void
assert_parse (const char *data,
              char        delimiter,
              const char *expected)
{
  g_autofree char *dump = parse (data, -1, HY_CSV_ENCODING_AUTO, delimiter);

  g_assert_cmpstr (dump, ==, expected);
}

static char
detect (const char *data)
{
  g_autoptr(HyCsvReader) reader = reader_for (data, -1, HY_CSV_ENCODING_AUTO, 0);

  return hy_csv_reader_get_delimiter (reader);
}

static void
test_delimiter_explicit (void)
{
  assert_parse ("a,b,c\n1,2,3\n", ',', "1:a|b|c\n2:1|2|3");
  assert_parse ("a;b;c\n1;2,5;3\n", ';', "1:a|b|c\n2:1|2,5|3");
  assert_parse ("a\tb\tc\n1\t2 x\t3\n", '\t', "1:a|b|c\n2:1|2 x|3");
  assert_parse ("a|b|c\n1|2|3\n", '|', "1:a|b|c\n2:1|2|3");
  assert_parse ("a  b\tc\n 1 2   3 \n", ' ', "1:a|b|c\n2:1|2|3");
  assert_parse ("a:b\n", ':', "1:a|b");
}

static void
test_delimiter_detect (void)
{
  g_assert_cmpint (detect ("phone,name,amount\n138,Li,12.5\n139,Wang,3\n"), ==, ',');
  g_assert_cmpint (detect ("phone;name;amount\n138;Li;12,5\n139;Wang;3,0\n"), ==, ';');
  g_assert_cmpint (detect ("phone\tname\tamount\n138\tLi Lei\t12.5\n"), ==, '\t');
  g_assert_cmpint (detect ("phone|name|amount\n138|Li, Lei|12.5\n"), ==, '|');
  g_assert_cmpint (detect ("id date qty\n 001  19970101  1\n 002  19970102  3\n"), ==, ' ');
  /* Delimiters inside quotes do not count. */
  g_assert_cmpint (detect ("name;note\n\"a,b,c\";x\n\"d,e\";y\n"), ==, ';');
  g_assert_cmpint (detect ("name,note\n\"a;b;c\",x\n\"d;e\",y\n\"f\",z\n"), ==, ',');
  /* A quoted field with newlines in the sample. */
  g_assert_cmpint (detect ("a|b\n\"1\n2,3,4\"|x\n5|6\n"), ==, '|');
  /* One column, or nothing at all: comma. */
  g_assert_cmpint (detect ("phone\n13800138000\n13900139000\n"), ==, ',');
  g_assert_cmpint (detect (""), ==, ',');
  /* Detection after a byte order mark. */
  g_assert_cmpint (detect ("\xEF\xBB\xBF" "a;b\n1;2\n"), ==, ';');
}

static void
test_bom (void)
{
  g_autoptr(HyCsvReader) reader = reader_for ("\xEF\xBB\xBF" "手机号,姓名\r\n138,张三\r\n", -1,
                                              HY_CSV_ENCODING_AUTO, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *dump = dump_reader (reader, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (dump, ==, "1:手机号|姓名\n2:138|张三");
  g_assert_cmpstr (hy_csv_reader_get_encoding_name (reader), ==, "UTF-8 (BOM)");

  g_clear_pointer (&reader, hy_csv_reader_free);
  g_clear_pointer (&dump, g_free);
  reader = reader_for ("\xEF\xBB\xBF" "a,b\n", -1, HY_CSV_ENCODING_UTF8, ',');
  dump = dump_reader (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dump, ==, "1:a|b");
  g_assert_cmpstr (hy_csv_reader_get_encoding_name (reader), ==, "UTF-8 (BOM)");

  g_clear_pointer (&reader, hy_csv_reader_free);
  reader = reader_for ("a,b\n", -1, HY_CSV_ENCODING_AUTO, ',');
  g_assert_cmpstr (hy_csv_reader_get_encoding_name (reader), ==, "UTF-8");
}

/* 手机号,姓名 / 13800138000,张三 / 李四 with a quoted comma, in GB18030 */
static const char gb_sample[] =
  "\xca\xd6\xbb\xfa\xba\xc5,\xd0\xd5\xc3\xfb\r\n"
  "13800138000,\xd5\xc5\xc8\xfd\r\n"
  "13900139000,\"\xc0\xee\xcb\xc4,\xcd\xf5\xce\xe5\"\r\n";

static void
test_gb18030 (void)
{
  g_autoptr(HyCsvReader) reader = reader_for (gb_sample, -1, HY_CSV_ENCODING_AUTO, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *dump = dump_reader (reader, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (dump, ==, "1:手机号|姓名\n2:13800138000|张三\n3:13900139000|李四,王五");
  g_assert_cmpstr (hy_csv_reader_get_encoding_name (reader), ==, "GB18030");
  g_assert_cmpint (hy_csv_reader_get_delimiter (reader), ==, ',');
  g_assert_cmpuint (hy_csv_reader_get_bytes_read (reader), ==, sizeof gb_sample - 1);

  g_clear_pointer (&reader, hy_csv_reader_free);
  g_clear_pointer (&dump, g_free);
  reader = reader_for (gb_sample, -1, HY_CSV_ENCODING_GB18030, ',');
  dump = dump_reader (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dump, ==, "1:手机号|姓名\n2:13800138000|张三\n3:13900139000|李四,王五");
}

/* The first 64 KiB are ASCII; the GB18030 appears later and the reader switches over. */
static void
test_gb18030_late (void)
{
  GString *data = g_string_new ("phone,name\n");
  g_autoptr(HyCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (data, "1380013%04u,Li Lei\n", i);
  g_string_append (data, "13900139000,\xd5\xc5\xc8\xfd\n13900139001,\xc0\xee\xcb\xc4\n");

  reader = reader_for (data->str, data->len, HY_CSV_ENCODING_AUTO, 0);
  g_assert_cmpstr (hy_csv_reader_get_encoding_name (reader), ==, "UTF-8");
  while (hy_csv_reader_next (reader, &error))
    n++;
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 5003);
  g_assert_cmpstr (hy_csv_reader_get_encoding_name (reader), ==, "GB18030");

  g_clear_pointer (&reader, hy_csv_reader_free);
  reader = reader_for (data->str, data->len, HY_CSV_ENCODING_AUTO, 0);
  for (guint i = 0; i < 5002; i++)
    g_assert_true (hy_csv_reader_next (reader, &error));
  g_assert_cmpuint (hy_csv_reader_get_line (reader), ==, 5002);
  g_assert_cmpstr (hy_csv_reader_get_field (reader, 1, NULL), ==, "张三");
  g_assert_true (hy_csv_reader_next (reader, &error));
  g_assert_cmpuint (hy_csv_reader_get_line (reader), ==, 5003);
  g_assert_cmpstr (hy_csv_reader_get_field (reader, 1, NULL), ==, "李四");
  g_assert_false (hy_csv_reader_next (reader, &error));
  g_assert_no_error (error);

  g_string_free (data, TRUE);
}

static void
test_gb18030_invalid (void)
{
  /* 0xFF is never valid in GB18030; it sits on line 3. */
  static const char data[] = "a,b\r\n1,\xd5\xc5\xc8\xfd\r\n2,x\xff" "y\r\n3,z\r\n";
  g_autoptr(HyCsvReader) reader = reader_for (data, -1, HY_CSV_ENCODING_GB18030, 0);
  g_autoptr(GError) error = NULL;

  g_assert_true (hy_csv_reader_next (reader, &error));
  g_assert_true (hy_csv_reader_next (reader, &error));
  g_assert_cmpstr (hy_csv_reader_get_field (reader, 1, NULL), ==, "张三");
  g_assert_false (hy_csv_reader_next (reader, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "line 3: the bytes FF 79 0D 0A are not valid GB18030 text; "
                   "the file may be damaged or in another encoding");
  g_clear_error (&error);
  g_assert_false (hy_csv_reader_next (reader, &error));
  g_assert_no_error (error);

  /* Cut off in the middle of a two-byte character. */
  g_clear_pointer (&reader, hy_csv_reader_free);
  reader = reader_for ("a,b\n1,\xd5", -1, HY_CSV_ENCODING_GB18030, ',');
  g_assert_true (hy_csv_reader_next (reader, &error));
  g_assert_false (hy_csv_reader_next (reader, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "line 2: the file ends in the middle of a GB18030 character (bytes D5); "
                   "it may be cut short");
}

static void
test_utf16 (void)
{
  g_autofree char *dump = NULL;
  gsize len;
  g_autofree char *le = g_convert ("手机号\t姓名\r\n138\t张三\r\n", -1, "UTF-16LE", "UTF-8",
                                   NULL, &len, NULL);
  g_autofree char *le_bom = g_malloc (len + 2);
  g_autofree char *be = NULL;
  g_autofree char *be_bom = NULL;
  g_autoptr(HyCsvReader) reader = NULL;

  memcpy (le_bom, "\xFF\xFE", 2);
  memcpy (le_bom + 2, le, len);
  reader = reader_for (le_bom, len + 2, HY_CSV_ENCODING_AUTO, 0);
  g_assert_cmpstr (hy_csv_reader_get_encoding_name (reader), ==, "UTF-16LE (BOM)");
  g_assert_cmpint (hy_csv_reader_get_delimiter (reader), ==, '\t');
  g_clear_pointer (&reader, hy_csv_reader_free);
  dump = parse (le_bom, len + 2, HY_CSV_ENCODING_AUTO, 0);
  g_assert_cmpstr (dump, ==, "1:手机号|姓名\n2:138|张三");
  g_clear_pointer (&dump, g_free);

  /* Without the mark, the zero bytes give it away. */
  reader = reader_for (le, len, HY_CSV_ENCODING_AUTO, 0);
  g_assert_cmpstr (hy_csv_reader_get_encoding_name (reader), ==, "UTF-16LE");
  g_clear_pointer (&reader, hy_csv_reader_free);

  be = g_convert ("phone\tname\r\n138\t张三\r\n", -1, "UTF-16BE", "UTF-8", NULL, &len, NULL);
  be_bom = g_malloc (len + 2);
  memcpy (be_bom, "\xFE\xFF", 2);
  memcpy (be_bom + 2, be, len);
  reader = reader_for (be_bom, len + 2, HY_CSV_ENCODING_AUTO, 0);
  g_assert_cmpstr (hy_csv_reader_get_encoding_name (reader), ==, "UTF-16BE (BOM)");
  g_clear_pointer (&reader, hy_csv_reader_free);
  dump = parse (be_bom, len + 2, HY_CSV_ENCODING_AUTO, 0);
  g_assert_cmpstr (dump, ==, "1:phone|name\n2:138|张三");
}

static void
test_invalid_utf8 (void)
{
  /* Plenty of real UTF-8, so the stray byte is damage, not another encoding. */
  static const char data[] =
    "手机号,姓名,备注\n138,张三,老顾客喜欢买面包和牛奶每周都来两次\n139,李\xff四,\n140,王五,\n"
    "141,\xe5\xbc,\n142,\xc0\xaf,\n";
  g_autoptr(HyCsvReader) reader = reader_for (data, -1, HY_CSV_ENCODING_AUTO, 0);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (hy_csv_reader_get_encoding_name (reader), ==, "UTF-8");
  g_assert_true (hy_csv_reader_next (reader, &error));
  g_assert_true (hy_csv_reader_next (reader, &error));
  g_assert_false (hy_csv_reader_next (reader, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "line 3, field 2: the byte 0xFF after “李” is not valid UTF-8 text; "
                   "the file may be in another encoding");
  g_clear_error (&error);

  /* The bad record is skipped and reading goes on. */
  g_assert_true (hy_csv_reader_next (reader, &error));
  g_assert_cmpuint (hy_csv_reader_get_line (reader), ==, 4);
  g_assert_cmpstr (hy_csv_reader_get_field (reader, 1, NULL), ==, "王五");

  /* A truncated sequence at the end of a field. */
  g_assert_false (hy_csv_reader_next (reader, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "line 5, field 2: the byte 0xE5 at the start of the field is not valid UTF-8 "
                   "text; the file may be in another encoding");
  g_clear_error (&error);

  /* An overlong encoding of '/'. */
  g_assert_false (hy_csv_reader_next (reader, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "line 6, field 2: the byte 0xC0"));
  g_clear_error (&error);

  g_assert_false (hy_csv_reader_next (reader, &error));
  g_assert_no_error (error);
}

static void
test_nul_byte (void)
{
  static const char data[] = "a,b\n1,x\0y\n2,z\n";
  g_autoptr(HyCsvReader) reader = reader_for (data, sizeof data - 1, HY_CSV_ENCODING_AUTO, ',');
  g_autoptr(GError) error = NULL;

  g_assert_true (hy_csv_reader_next (reader, &error));
  g_assert_false (hy_csv_reader_next (reader, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "line 2, field 2: the text contains a NUL byte; is this a spreadsheet "
                   "workbook, or UTF-16 text, rather than a CSV file?");
  g_clear_error (&error);
  g_assert_true (hy_csv_reader_next (reader, &error));
  g_assert_cmpstr (hy_csv_reader_get_field (reader, 1, NULL), ==, "z");
}

static void
test_quoted (void)
{
  assert_parse ("name,note\n\"Li, Lei\",\"a, b\"\n", 0, "1:name|note\n2:Li, Lei|a, b");
  assert_parse ("a,b\n\"say \"\"hi\"\"\",\"\"\"\"\n", ',', "1:a|b\n2:say \"hi\"|\"");
  assert_parse ("\"\",x,\"\"\n", ',', "1:|x|");
  /* Spaces inside quotes are kept; outside they go. */
  assert_parse ("  \" a \" , b ,\"c\"  \n", ',', "1: a |b|c");
  /* Text after the closing quote is kept as it comes. */
  assert_parse ("\"ab\"cd,e\n", ',', "1:abcd|e");
  assert_parse ("a;\"x;y\";\"z\"\"\"\n", ';', "1:a|x;y|z\"");
  assert_parse ("\"a b\"  c\n", ' ', "1:a b|c");
}

static void
test_quoted_newline (void)
{
  assert_parse ("id,note,x\n"
                "1,\"line one\nline two\",y\n"
                "2,\"cr\r\nlf\",z\n"
                "3,\"lone\rcr\",w\n"
                "4,end,v\n",
                ',',
                "1:id|note|x\n"
                "2:1|line one\\nline two|y\n"
                "4:2|cr\\r\\nlf|z\n"
                "6:3|lone\\rcr|w\n"
                "8:4|end|v");
  assert_parse ("a,\"\n\n\n\",b\r\nc,d\r\n", ',', "1:a|\\n\\n\\n|b\n5:c|d");
}

static void
test_line_ends (void)
{
  assert_parse ("a,b\r\nc,d\r\n", ',', "1:a|b\n2:c|d");
  assert_parse ("a,b\nc,d\n", ',', "1:a|b\n2:c|d");
  assert_parse ("a,b\rc,d\r", ',', "1:a|b\n2:c|d");
  assert_parse ("a,b\rc,d\r\ne,f\ng,h", ',', "1:a|b\n2:c|d\n3:e|f\n4:g|h");
  assert_parse ("a,b\n\r\n\r\rc,d", ',', "1:a|b\n5:c|d");
}

static void
test_blank_lines (void)
{
  assert_parse ("\n\na,b\n\n   \n\t\nc,d\n\n", ',', "3:a|b\n7:c|d");
  assert_parse ("\r\n \r\n", ',', "");
  assert_parse ("", ',', "");
  assert_parse ("x", ',', "1:x");
  /* A row of empty fields is not a blank line. */
  assert_parse ("a,b\n,\n", ',', "1:a|b\n2:|");
}

static void
test_empty_fields (void)
{
  assert_parse ("a,,c,\n,\n", ',', "1:a||c|\n2:|");
  assert_parse ("a\t\tc\n", '\t', "1:a||c");
}

static void
test_stray_quote (void)
{
  assert_parse ("name,size\nab\"c,12\"\nO\"Brien,\"x\"y\"\n", ',',
                "1:name|size\n2:ab\"c|12\"\n3:O\"Brien|xy\"");
}

static void
test_unterminated (void)
{
  static const char data[] = "a,b\n1,2\n\n3,\"never\nclosed,4\n5,6\n";
  g_autoptr(HyCsvReader) reader = reader_for (data, -1, HY_CSV_ENCODING_AUTO, ',');
  g_autoptr(GError) error = NULL;

  g_assert_true (hy_csv_reader_next (reader, &error));
  g_assert_true (hy_csv_reader_next (reader, &error));
  g_assert_false (hy_csv_reader_next (reader, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "line 4: a quoted field is never closed");
  g_clear_error (&error);
  g_assert_false (hy_csv_reader_next (reader, &error));
  g_assert_no_error (error);

  /* The same in GB18030, where the text arrives in blocks. */
  g_clear_pointer (&reader, hy_csv_reader_free);
  reader = reader_for ("\xd5\xc5\xc8\xfd,\"\n\n", -1, HY_CSV_ENCODING_GB18030, ',');
  g_assert_false (hy_csv_reader_next (reader, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "line 1: a quoted field is never closed");
}

static void
test_trim (void)
{
  g_autoptr(HyCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dump = NULL;

  assert_parse (" a , b\t,\t\" c \"\n", ',', "1:a|b| c ");
  /* With tabs as delimiter only spaces are trimmed. */
  assert_parse (" a \t b \n", '\t', "1:a|b");

  reader = reader_for (" a , b\t,\" c \"\n", -1, HY_CSV_ENCODING_AUTO, ',');
  g_assert_true (hy_csv_reader_get_trim (reader));
  hy_csv_reader_set_trim (reader, FALSE);
  g_assert_false (hy_csv_reader_get_trim (reader));
  dump = dump_reader (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dump, ==, "1: a | b\t| c ");

  /* Untrimmed, a quote after a space is an ordinary character. */
  g_clear_pointer (&reader, hy_csv_reader_free);
  g_clear_pointer (&dump, g_free);
  reader = reader_for ("a, \"b,c\"\n", -1, HY_CSV_ENCODING_AUTO, ',');
  hy_csv_reader_set_trim (reader, FALSE);
  dump = dump_reader (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dump, ==, "1:a| \"b|c\"");
}

static void
test_whitespace_mode (void)
{
  assert_parse ("  a   b \t c  \r\n\r\n\t1 2 3\t\r\n", ' ', "1:a|b|c\n3:1|2|3");
  assert_parse ("x \"two words\" y\n", ' ', "1:x|two words|y");
  assert_parse ("single\n", ' ', "1:single");
}

static char *
cdnow_path (const char *name)
{
  const char *dir = g_getenv ("HY_CDNOW_DIR");

  if (dir == NULL)
    return NULL;
  return g_build_filename (dir, name, NULL);
}

static void
test_cdnow_master (void)
{
  g_autofree char *path = cdnow_path ("CDNOW_master.txt");
  g_autoptr(HyCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  guint records = 0;
  gint64 cds = 0;

  if (path == NULL)
    {
      g_test_skip ("HY_CDNOW_DIR is not set");
      return;
    }

  reader = hy_csv_reader_new_for_path (path, HY_CSV_ENCODING_AUTO, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hy_csv_reader_get_delimiter (reader), ==, ' ');
  g_assert_cmpstr (hy_csv_reader_get_encoding_name (reader), ==, "UTF-8");

  g_assert_true (hy_csv_reader_next (reader, &error));
  g_assert_cmpuint (hy_csv_reader_get_n_fields (reader), ==, 4);
  g_assert_cmpstr (hy_csv_reader_get_field (reader, 0, NULL), ==, "customer_id");
  g_assert_cmpstr (hy_csv_reader_get_field (reader, 3, NULL), ==, "dollar_value");

  g_assert_true (hy_csv_reader_next (reader, &error));
  g_assert_cmpuint (hy_csv_reader_get_line (reader), ==, 2);
  g_assert_cmpstr (hy_csv_reader_get_field (reader, 0, NULL), ==, "00001");
  g_assert_cmpstr (hy_csv_reader_get_field (reader, 1, NULL), ==, "19970101");
  g_assert_cmpstr (hy_csv_reader_get_field (reader, 2, NULL), ==, "1");
  g_assert_cmpstr (hy_csv_reader_get_field (reader, 3, NULL), ==, "11.77");
  records = 1;
  cds = 1;

  while (hy_csv_reader_next (reader, &error))
    {
      g_assert_cmpuint (hy_csv_reader_get_n_fields (reader), ==, 4);
      cds += g_ascii_strtoll (hy_csv_reader_get_field (reader, 2, NULL), NULL, 10);
      records++;
      g_assert_cmpuint (hy_csv_reader_get_line (reader), ==, records + 1);
    }
  g_assert_no_error (error);
  g_assert_cmpuint (records, ==, 69659);
  g_assert_cmpint (cds, >, records);
  g_assert_cmpuint (hy_csv_reader_get_bytes_read (reader), ==, 1950500);
  g_assert_cmpuint (hy_csv_reader_get_bytes_total (reader), ==, 1950500);
}

static void
test_cdnow_sample (void)
{
  g_autofree char *path = cdnow_path ("CDNOW_sample.txt");
  g_autoptr(HyCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  guint records = 0;

  if (path == NULL)
    {
      g_test_skip ("HY_CDNOW_DIR is not set");
      return;
    }

  reader = hy_csv_reader_new_for_path (path, HY_CSV_ENCODING_AUTO, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hy_csv_reader_get_delimiter (reader), ==, ' ');
  while (hy_csv_reader_next (reader, &error))
    {
      g_assert_cmpuint (hy_csv_reader_get_n_fields (reader), ==, 5);
      records++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (records, ==, 6919);
}

static void
test_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hy-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "members.csv", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.csv", NULL);
  g_autoptr(HyCsvReader) reader = NULL;

  g_assert_no_error (error);
  reader = hy_csv_reader_new_for_path (path, HY_CSV_ENCODING_AUTO, 0, &error);
  g_assert_null (reader);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  g_file_set_contents (path, gb_sample, -1, &error);
  g_assert_no_error (error);
  reader = hy_csv_reader_new_for_path (path, HY_CSV_ENCODING_AUTO, 0, &error);
  g_assert_no_error (error);
  g_assert_true (hy_csv_reader_next (reader, &error));
  g_assert_cmpstr (hy_csv_reader_get_field (reader, 0, NULL), ==, "手机号");
  g_clear_pointer (&reader, hy_csv_reader_free);

  g_file_set_contents (empty, "", 0, &error);
  g_assert_no_error (error);
  reader = hy_csv_reader_new_for_path (empty, HY_CSV_ENCODING_AUTO, 0, &error);
  g_assert_no_error (error);
  g_assert_false (hy_csv_reader_next (reader, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hy_csv_reader_get_bytes_total (reader), ==, 0);
  g_clear_pointer (&reader, hy_csv_reader_free);

  g_unlink (path);
  g_unlink (empty);
  g_rmdir (dir);
}

static void
test_refused (void)
{
  g_autoptr(GBytes) zip = g_bytes_new_static ("PK\x03\x04\x14\x00", 6);
  g_autoptr(GBytes) xls = g_bytes_new_static ("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 10);
  g_autoptr(GBytes) text = g_bytes_new_static ("a,b\n", 4);
  g_autoptr(GError) error = NULL;

  g_assert_null (hy_csv_reader_new_for_bytes (zip, HY_CSV_ENCODING_AUTO, 0, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "This is a spreadsheet workbook (xlsx), not a CSV file; in Excel or "
                   "LibreOffice choose “Save As” and the “CSV UTF-8” format first");
  g_clear_error (&error);

  g_assert_null (hy_csv_reader_new_for_bytes (xls, HY_CSV_ENCODING_UTF8, ',', &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (hy_csv_reader_new_for_bytes (text, HY_CSV_ENCODING_AUTO, '"', &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "“\"” cannot be used as a field delimiter");
  g_clear_error (&error);

  g_assert_null (hy_csv_reader_new_for_bytes (text, HY_CSV_ENCODING_AUTO, 'x', &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
}

static void
test_field_access (void)
{
  g_autoptr(HyCsvReader) reader = reader_for ("a,b\nc\n", -1, HY_CSV_ENCODING_AUTO, ',');
  g_autoptr(GError) error = NULL;
  gsize len = 99;

  g_assert_cmpuint (hy_csv_reader_get_n_fields (reader), ==, 0);
  g_assert_true (hy_csv_reader_next (reader, &error));
  g_assert_cmpuint (hy_csv_reader_get_n_fields (reader), ==, 2);
  g_assert_cmpstr (hy_csv_reader_get_field (reader, 1, &len), ==, "b");
  g_assert_cmpuint (len, ==, 1);
  g_assert_true (hy_csv_reader_next (reader, &error));
  g_assert_cmpuint (hy_csv_reader_get_n_fields (reader), ==, 1);
  g_assert_null (hy_csv_reader_get_field (reader, 1, &len));
  g_assert_cmpuint (len, ==, 0);
  g_assert_false (hy_csv_reader_next (reader, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hy_csv_reader_get_n_fields (reader), ==, 0);
  g_assert_false (hy_csv_reader_next (reader, &error));
}

/* A random field: plain, or full of the characters that need quoting. */
static char *
random_field (GRand *rand)
{
  static const char *pieces[] = {
    "a", "Li Lei", "张三", "12.50", ",", ";", "\"", "\"\"", "\n", "\r\n", "\r", " ", "\t", "|",
    "会员", "x\"y", "¥", "😀",
  };
  GString *field = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 0, 6);

  for (guint i = 0; i < n; i++)
    g_string_append (field, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
  return g_string_free (field, FALSE);
}

/* Writes random records with the quoting a careful writer would use, and checks that both the
 * in-place UTF-8 reader and the block-converting GB18030 reader give back exactly those fields
 * and lines.  A few megabytes make the converted blocks end at every kind of place. */
static void
test_random_round_trip (void)
{
  for (guint seed = 1; seed <= 3; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      GString *data = g_string_new (NULL);
      GString *expected = g_string_new (NULL);
      guint line = 1;
      g_autofree char *gb = NULL;
      g_autofree char *dump = NULL;
      gsize gb_len;
      const char *eol[] = { "\n", "\r\n", "\r" };

      while (data->len < (seed == 1 ? 3 : 1) * 1024 * 1024)
        {
          guint n = g_rand_int_range (rand, 1, 8);
          guint record_line = line;

          g_string_append_printf (expected, "%s%u:", expected->len > 0 ? "\n" : "", record_line);
          for (guint i = 0; i < n; i++)
            {
              g_autofree char *field = random_field (rand);
              gboolean quote = field[0] == '\0' || strpbrk (field, ",\"\r\n \t") != NULL;

              if (i > 0)
                {
                  g_string_append_c (data, ',');
                  g_string_append_c (expected, '|');
                }
              if (quote)
                {
                  g_autoptr(GString) escaped = g_string_new (field);

                  g_string_replace (escaped, "\"", "\"\"", 0);
                  g_string_append_printf (data, "\"%s\"", escaped->str);
                }
              else
                g_string_append (data, field);

              for (const char *p = field; *p != '\0'; p++)
                {
                  if (*p == '\n')
                    {
                      g_string_append (expected, "\\n");
                      line++;
                    }
                  else if (*p == '\r')
                    {
                      g_string_append (expected, "\\r");
                      if (p[1] != '\n')
                        line++;
                    }
                  else
                    g_string_append_c (expected, *p);
                }
            }
          g_string_append (data, eol[g_rand_int_range (rand, 0, 3)]);
          line++;
          /* A blank line; a lone LF after a lone CR would make one CRLF. */
          if (g_rand_int_range (rand, 0, 20) == 0)
            {
              g_string_append (data, "\r\n");
              line++;
            }
        }

      /* The emoji has no GB2312 form but GB18030 covers all of Unicode. */
      gb = g_convert (data->str, data->len, "GB18030", "UTF-8", NULL, &gb_len, NULL);
      g_assert_nonnull (gb);

      dump = parse (data->str, data->len, HY_CSV_ENCODING_UTF8, ',');
      g_assert_true (g_str_equal (dump, expected->str));
      g_clear_pointer (&dump, g_free);

      dump = parse (gb, gb_len, HY_CSV_ENCODING_GB18030, ',');
      g_assert_true (g_str_equal (dump, expected->str));
      g_clear_pointer (&dump, g_free);

      dump = parse (gb, gb_len, HY_CSV_ENCODING_AUTO, ',');
      g_assert_true (g_str_equal (dump, expected->str));

      g_string_free (data, TRUE);
      g_string_free (expected, TRUE);
    }
}

/* A field longer than a conversion block makes the reader grow its buffer while it restarts. */
static void
test_long_field (void)
{
  GString *data = g_string_new ("a,\"");
  g_autofree char *gb = NULL;
  gsize gb_len;

  for (guint i = 0; i < 300000; i++)
    g_string_append (data, "会员,\n");
  g_string_append (data, "\",b\nc,d\n");
  gb = g_convert (data->str, data->len, "GB18030", "UTF-8", NULL, &gb_len, NULL);

  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(HyCsvReader) reader = pass == 0
        ? reader_for (data->str, data->len, HY_CSV_ENCODING_UTF8, ',')
        : reader_for (gb, gb_len, HY_CSV_ENCODING_GB18030, ',');
      g_autoptr(GError) error = NULL;
      gsize len;

      g_assert_true (hy_csv_reader_next (reader, &error));
      g_assert_cmpuint (hy_csv_reader_get_n_fields (reader), ==, 3);
      hy_csv_reader_get_field (reader, 1, &len);
      g_assert_cmpuint (len, ==, 300000 * strlen ("会员,\n"));
      g_assert_cmpstr (hy_csv_reader_get_field (reader, 2, NULL), ==, "b");
      g_assert_true (hy_csv_reader_next (reader, &error));
      g_assert_cmpuint (hy_csv_reader_get_line (reader), ==, 300002);
      g_assert_cmpstr (hy_csv_reader_get_field (reader, 1, NULL), ==, "d");
      g_assert_false (hy_csv_reader_next (reader, &error));
      g_assert_no_error (error);
    }

  g_string_free (data, TRUE);
}

static void
test_progress (void)
{
  GString *data = g_string_new (NULL);
  g_autoptr(HyCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  guint64 last = 0;

  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (data, "%u,name %u\n", i, i);
  reader = reader_for (data->str, data->len, HY_CSV_ENCODING_AUTO, 0);
  g_assert_cmpuint (hy_csv_reader_get_bytes_total (reader), ==, data->len);
  g_assert_cmpuint (hy_csv_reader_get_bytes_read (reader), ==, 0);
  while (hy_csv_reader_next (reader, &error))
    {
      guint64 now = hy_csv_reader_get_bytes_read (reader);

      g_assert_cmpuint (now, >, last);
      g_assert_cmpuint (now, <=, data->len);
      last = now;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (hy_csv_reader_get_bytes_read (reader), ==, data->len);
  g_string_free (data, TRUE);
}

/* Not a timing test: 200,000 rows must parse and add up; the speed goes to the log. */
static void
test_many_rows (void)
{
  GString *data = g_string_sized_new (16 << 20);
  g_autoptr(HyCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  guint64 sum = 0;
  guint records = 0;
  gint64 begin;
  double seconds;

  g_string_append (data, "order_no,phone,occurred_at,amount,store,note\r\n");
  for (guint i = 0; i < 200000; i++)
    g_string_append_printf (data, "%u,1380013%04u,2024-05-%02u 14:30:00,%u.%02u,%s,%s\r\n",
                            i, i % 10000, i % 28 + 1, i % 1000, i % 100,
                            i % 2 ? "徐汇店" : "\"Mall, L2\"", i % 7 ? "" : "\"a \"\"b\"\"\"");

  begin = g_get_monotonic_time ();
  reader = reader_for (data->str, data->len, HY_CSV_ENCODING_AUTO, 0);
  g_assert_true (hy_csv_reader_next (reader, &error));
  while (hy_csv_reader_next (reader, &error))
    {
      g_assert_cmpuint (hy_csv_reader_get_n_fields (reader), ==, 6);
      sum += g_ascii_strtoull (hy_csv_reader_get_field (reader, 0, NULL), NULL, 10);
      records++;
    }
  seconds = (g_get_monotonic_time () - begin) / 1e6;
  g_assert_no_error (error);
  g_assert_cmpuint (records, ==, 200000);
  g_assert_cmpuint (sum, ==, (guint64) 199999 * 200000 / 2);
  g_test_message ("%.1f MB in %.3f s: %.0f MB/s",
                  data->len / 1e6, seconds, data->len / 1e6 / seconds);

  g_string_free (data, TRUE);
}

/* Limits that keep a runaway quote or a binary file from eating memory. */
static void
test_limits (void)
{
  gsize size = ((gsize) 64 << 20) + 16;
  char *data = g_malloc (size);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(HyCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  GString *wide = g_string_new ("a,b\n");

  memcpy (data, "a,b\nc,\"", 7);
  memset (data + 7, 'x', size - 7);
  bytes = g_bytes_new_take (data, size);
  reader = hy_csv_reader_new_for_bytes (bytes, HY_CSV_ENCODING_UTF8, ',', &error);
  g_assert_no_error (error);
  g_assert_true (hy_csv_reader_next (reader, &error));
  g_assert_false (hy_csv_reader_next (reader, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "line 2: a quoted field runs on for more than 64 MiB; its closing quote is "
                   "probably missing");
  g_clear_error (&error);
  g_clear_pointer (&reader, hy_csv_reader_free);

  for (guint i = 0; i < 70000; i++)
    g_string_append_c (wide, ',');
  reader = reader_for (wide->str, wide->len, HY_CSV_ENCODING_AUTO, 0);
  g_assert_cmpint (hy_csv_reader_get_delimiter (reader), ==, ',');
  g_assert_true (hy_csv_reader_next (reader, &error));
  g_assert_false (hy_csv_reader_next (reader, &error));
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "line 2: the record has more than 65536 fields");
  g_string_free (wide, TRUE);
}

#ifdef G_OS_UNIX
static gpointer
write_fifo (gpointer data)
{
  const char *path = data;
  g_autoptr(GError) error = NULL;

  /* Opening a FIFO for writing waits for the reader. */
  g_file_set_contents_full (path, "a;b\n1;2\n", -1, G_FILE_SET_CONTENTS_NONE, 0666, &error);
  g_assert_no_error (error);
  return NULL;
}

/* Pipes cannot be mapped; the reader reads them whole instead. */
static void
test_fifo (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hy-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "pipe.csv", NULL);
  g_autoptr(HyCsvReader) reader = NULL;
  g_autofree char *dump = NULL;
  GThread *writer;

  g_assert_no_error (error);
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  writer = g_thread_new ("fifo-writer", write_fifo, path);
  reader = hy_csv_reader_new_for_path (path, HY_CSV_ENCODING_AUTO, 0, &error);
  g_assert_no_error (error);
  g_thread_join (writer);
  dump = dump_reader (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dump, ==, "1:a|b\n2:1|2");

  g_unlink (path);
  g_rmdir (dir);
}
#endif

/* What of the mapping of @path is resident, in KiB (from /proc/self/smaps), or -1. */
static gint64
mapped_rss_kib (const char *path)
{
  g_autofree char *smaps = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean in_mapping = FALSE;

  if (!g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL))
    return -1;
  lines = g_strsplit (smaps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_suffix (lines[i], path))
        in_mapping = TRUE;
      else if (in_mapping && g_str_has_prefix (lines[i], "Rss:"))
        return g_ascii_strtoll (lines[i] + 4, NULL, 10);
    }
  return -1;
}

/* A big file is mapped: the pages already parsed go back to the kernel as the reader moves
 * on, instead of all of the file staying resident until the end. */
static void
test_releases_parsed_pages (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hy-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "big.csv", NULL);
  g_autoptr(GString) text = g_string_new ("phone,amount,note\n");
  g_autoptr(HyCsvReader) reader = NULL;
  guint rows = 0;
  gint64 rss;

  g_assert_no_error (error);
  for (; text->len < 64 * 1024 * 1024; rows++)
    g_string_append_printf (text, "+86138%08u,%u.50,a note long enough to fill the line %u\n",
                            rows, rows % 1000, rows);
  g_assert_true (g_file_set_contents (path, text->str, text->len, &error));
  g_assert_no_error (error);

  reader = hy_csv_reader_new_for_path (path, HY_CSV_ENCODING_AUTO, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i <= rows; i++)
    {
      g_assert_true (hy_csv_reader_next (reader, &error));
      g_assert_no_error (error);
    }
  {
    g_autofree char *last = g_strdup_printf ("+86138%08u", rows - 1);

    g_assert_cmpstr (hy_csv_reader_get_field (reader, 0, NULL), ==, last);
  }
  g_assert_false (hy_csv_reader_next (reader, &error));
  g_assert_no_error (error);

  /* 64 MiB read: at most the last step and its margin are still resident. */
  rss = mapped_rss_kib (path);
  g_assert_cmpint (rss, >=, 0);
  g_assert_cmpint (rss, <, 24 * 1024);

  g_clear_pointer (&reader, hy_csv_reader_free);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/csv/delimiter/explicit", test_delimiter_explicit);
  g_test_add_func ("/core/csv/delimiter/detect", test_delimiter_detect);
  g_test_add_func ("/core/csv/encoding/bom", test_bom);
  g_test_add_func ("/core/csv/encoding/gb18030", test_gb18030);
  g_test_add_func ("/core/csv/encoding/gb18030-late", test_gb18030_late);
  g_test_add_func ("/core/csv/encoding/gb18030-invalid", test_gb18030_invalid);
  g_test_add_func ("/core/csv/encoding/utf16", test_utf16);
  g_test_add_func ("/core/csv/encoding/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/core/csv/encoding/nul-byte", test_nul_byte);
  g_test_add_func ("/core/csv/quoted", test_quoted);
  g_test_add_func ("/core/csv/quoted-newline", test_quoted_newline);
  g_test_add_func ("/core/csv/line-ends", test_line_ends);
  g_test_add_func ("/core/csv/blank-lines", test_blank_lines);
  g_test_add_func ("/core/csv/empty-fields", test_empty_fields);
  g_test_add_func ("/core/csv/stray-quote", test_stray_quote);
  g_test_add_func ("/core/csv/unterminated-quote", test_unterminated);
  g_test_add_func ("/core/csv/trim", test_trim);
  g_test_add_func ("/core/csv/whitespace", test_whitespace_mode);
  g_test_add_func ("/core/csv/cdnow/master", test_cdnow_master);
  g_test_add_func ("/core/csv/cdnow/sample", test_cdnow_sample);
  g_test_add_func ("/core/csv/path", test_path);
  g_test_add_func ("/core/csv/refused", test_refused);
  g_test_add_func ("/core/csv/field-access", test_field_access);
  g_test_add_func ("/core/csv/random-round-trip", test_random_round_trip);
  g_test_add_func ("/core/csv/long-field", test_long_field);
  g_test_add_func ("/core/csv/progress", test_progress);
  g_test_add_func ("/core/csv/many-rows", test_many_rows);
  g_test_add_func ("/core/csv/releases-parsed-pages", test_releases_parsed_pages);
  g_test_add_func ("/core/csv/limits", test_limits);
#ifdef G_OS_UNIX
  g_test_add_func ("/core/csv/fifo", test_fifo);
#endif

  return g_test_run ();
}
