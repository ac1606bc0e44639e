/* test-phone.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "hy-error.h"
#include "hy-phone.h"

static void
assert_normalizes (const char *input,
                   const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = hy_phone_normalize (input, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (normalized, ==, expected);
}

static void
assert_refused (const char *input,
                const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = hy_phone_normalize (input, &error);

  g_assert_null (normalized);
  g_assert_error (error, HY_ERROR, HY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, message_part));
}

static void
test_phone_cn_mobile_forms (void)
{
  /* The three spellings of one member. */
  assert_normalizes ("138 0013 8000", "+8613800138000");
  assert_normalizes ("+86 13800138000", "+8613800138000");
  assert_normalizes ("8613800138000", "+8613800138000");

  assert_normalizes ("13800138000", "+8613800138000");
  assert_normalizes ("138-0013-8000", "+8613800138000");
  assert_normalizes ("(+86) 138 0013 8000", "+8613800138000");
  assert_normalizes ("008613800138000", "+8613800138000");
  assert_normalizes ("+86-138-0013-8000", "+8613800138000");
  assert_normalizes ("１３８００１３８０００", "+8613800138000");   /* full-width digits */
  assert_normalizes ("＋86 13800138000", "+8613800138000");
  assert_normalizes (" 19912345678 ", "+8619912345678");
}

static void
test_phone_landline_and_international (void)
{
  assert_normalizes ("010-12345678", "+861012345678");
  assert_normalizes ("0755 8765 4321", "+8675587654321");
  assert_normalizes ("+86 10 1234 5678", "+861012345678");
  assert_normalizes ("+86 010 1234 5678", "+861012345678");
  assert_normalizes ("+852 9123 4567", "+85291234567");
  assert_normalizes ("+1 (415) 555-2671", "+14155552671");
  assert_normalizes ("0044 20 7946 0958", "+442079460958");
}

static void
test_phone_refusals (void)
{
  assert_refused ("", "empty");
  assert_refused ("138001380", "11 digits");          /* too short for a mobile */
  assert_refused ("1380013800012", "11 digits");
  assert_refused ("+86 12800138000", "13 to 19");      /* 12x is not a mobile range */
  assert_refused ("12345", "11 digits");
  assert_refused ("91234567", "area code");            /* HK number without +852 */
  assert_refused ("138abc", "not a phone number");
  assert_refused ("+0123456789", "country code");
  assert_refused ("+12", "7 to 15");
}

static void
test_phone_format_and_mask (void)
{
  g_autofree char *formatted = hy_phone_format ("+8613800138000");
  g_autofree char *masked = hy_phone_mask ("+8613800138000");
  g_autofree char *intl = hy_phone_format ("+85291234567");
  g_autofree char *intl_masked = hy_phone_mask ("+85291234567");
  g_autofree char *key = hy_phone_search_key ("138 001");
  g_autofree char *name_key = hy_phone_search_key ("王");

  g_assert_cmpstr (formatted, ==, "138 0013 8000");
  g_assert_cmpstr (masked, ==, "138****8000");
  g_assert_cmpstr (intl, ==, "+85291234567");
  g_assert_cmpstr (intl_masked, ==, "+852****4567");
  g_assert_cmpstr (key, ==, "138001");
  g_assert_null (name_key);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/phone/cn-mobile-forms", test_phone_cn_mobile_forms);
  g_test_add_func ("/core/phone/landline-international", test_phone_landline_and_international);
  g_test_add_func ("/core/phone/refusals", test_phone_refusals);
  g_test_add_func ("/core/phone/format-mask", test_phone_format_and_mask);
  return g_test_run ();
}
