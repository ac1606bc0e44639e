/* test-error.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "hy-error.h"

static void
test_error_quark (void)
{
  g_autoptr(GError) error = g_error_new (HY_ERROR, HY_ERROR_NOT_FOUND, "gone");

  g_assert_true (g_error_matches (error, HY_ERROR, HY_ERROR_NOT_FOUND));
  g_assert_cmpstr (g_quark_to_string (HY_ERROR), ==, "hy-error-quark");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/error/quark", test_error_quark);
  return g_test_run ();
}
