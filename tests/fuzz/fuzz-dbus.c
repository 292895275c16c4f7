/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for what the running instance decodes from D-Bus callers
 * (issue 25.3): the input is read as serialized GVariant data, as GDBus
 * hands it over, of CommandLine1.Run's (aay a{sv}) — its argument list
 * goes to the launch parser with every argc from 0 to its length — and of
 * ReportDock1.OpenReport's (a{sv}), which becomes a study. Nothing may crash
 * or be accepted half-checked. */
#include "config.h"

#include "rd-launch.h"
#include "rd-study.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
try_arguments (GVariant *arguments)
{
  gsize n = 0;
  g_autofree const char **argv = g_variant_get_bytestring_array (arguments, &n);

  for (gsize argc = 0; argc <= n && argc <= 64; argc++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RdLaunch) launch = rd_launch_parse_argv ((int) argc, argv, &error);

      g_assert ((launch == NULL) != (error == NULL));
      if (argc == 0)
        g_assert_null (launch);
      if (launch != NULL && launch->kind == RD_LAUNCH_OPEN)
        g_assert_true (rd_study_check_complete (launch->study, NULL));
    }
}

static void
try_study (GVariant *dict)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStudy) study = rd_study_new_from_variant (dict, &error);

  g_assert ((study == NULL) != (error == NULL));
  if (study != NULL)
    {
      g_autoptr(GVariant) again = rd_study_to_variant (study);
      g_autoptr(RdStudy) copy = rd_study_new_from_variant (again, NULL);

      /* what was accepted goes round unchanged */
      g_assert_nonnull (copy);
      g_assert_true (rd_study_equal (study, copy));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GVariant) run = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE ("(aaya{sv})"), bytes, FALSE));
  g_autoptr(GVariant) open = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE ("a{sv}"), bytes, FALSE));
  g_autoptr(GVariant) run_normal = g_variant_get_normal_form (run);
  g_autoptr(GVariant) open_normal = g_variant_get_normal_form (open);
  g_autoptr(GVariant) arguments = g_variant_get_child_value (run_normal, 0);

  try_arguments (arguments);
  try_study (open_normal);
  return 0;
}
