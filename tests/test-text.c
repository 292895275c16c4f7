/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-text.h"

#include <string.h>

/* Outside text made safe to show (issue 25.7): nothing that breaks a log
 * line, hides or reorders text; bounded; always valid UTF-8. */
static void
test_for_display (void)
{
  static const struct { const char *in; gsize max; const char *out; } cases[] = {
    { "MRN-42", 40, "MRN-42" },
    { NULL, 40, "" },
    { "a\nreportdock: forged", 40, "a\\u{a}reportdock: forged" },
    { "a\r\tb\x1b[31m", 40, "a\\u{d}\\u{9}b\\u{1b}[31m" },
    { "line\xe2\x80\xa8sep", 40, "line\\u{2028}sep" },            /* U+2028 LINE SEPARATOR */
    { "abc\xe2\x80\xae" "fdp.exe", 40, "abc\\u{202e}fdp.exe" },     /* U+202E RIGHT-TO-LEFT OVERRIDE */
    { "Müller 山田", 40, "Müller 山田" },
    { "bad \xff utf", 40, "bad \xef\xbf\xbd utf" },                 /* U+FFFD for a broken byte */
    { "0123456789", 4, "0123…" },
    { "0123", 4, "0123" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = rd_text_for_display (cases[i].in, cases[i].max);

      g_assert_cmpstr (shown, ==, cases[i].out);
      g_assert_true (g_utf8_validate (shown, -1, NULL));
      g_assert_null (strchr (shown, '\n'));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/text/for-display", test_for_display);
  return g_test_run ();
}
