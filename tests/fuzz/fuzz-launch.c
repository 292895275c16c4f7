/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the launch parsers: the input is tried as a
 * reportdock:// URI and, split at NUL bytes, as an argv. */
#include "config.h"

#include "rd-launch.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(RdLaunch) from_uri = NULL;
  g_autoptr(RdLaunch) from_argv = NULL;
  g_autoptr(GError) uri_error = NULL;
  g_autoptr(GError) argv_error = NULL;
  g_autofree char *copy = g_malloc (size + 1);
  size_t start = 0;

  from_uri = rd_launch_parse_uri (text, &uri_error);
  g_assert ((from_uri == NULL) != (uri_error == NULL));

  memcpy (copy, data, size);
  copy[size] = '\0';
  g_ptr_array_add (argv, (gpointer) "reportdock");
  for (size_t i = 0; i <= size; i++)
    if (copy[i] == '\0')
      {
        g_ptr_array_add (argv, copy + start);
        start = i + 1;
      }
  from_argv = rd_launch_parse_argv (argv->len, (const char * const *) argv->pdata, &argv_error);
  g_assert ((from_argv == NULL) != (argv_error == NULL));
  if (from_argv != NULL && from_argv->kind == RD_LAUNCH_OPEN)
    g_assert_true (rd_study_check_complete (from_argv->study, NULL));
  return 0;
}
