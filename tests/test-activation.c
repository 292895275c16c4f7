/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The activation token's way from a worklist click to the instance: what
 * the launcher sends, and what the D-Bus API keeps of a caller's dictionary. */
#include "config.h"

#include "rd-activation.h"

static const char *
lookup (GVariant   *data,
        const char *key)
{
  const char *value = NULL;

  return g_variant_lookup (data, key, "&s", &value) ? value : NULL;
}

static void
test_token_validity (void)
{
  g_autofree char *long_token = g_strnfill (513, 'a');
  g_autofree char *longest = g_strnfill (512, 'a');

  g_assert_true (rd_activation_token_is_valid ("69bb99e78c32d200e08c4115f7288f8d"));
  g_assert_true (rd_activation_token_is_valid ("gnome-shell/Worklist/4242-0-host_TIME12345"));
  g_assert_true (rd_activation_token_is_valid (longest));
  g_assert_false (rd_activation_token_is_valid (NULL));
  g_assert_false (rd_activation_token_is_valid (""));
  g_assert_false (rd_activation_token_is_valid (long_token));
  g_assert_false (rd_activation_token_is_valid ("abc\ndef"));
  g_assert_false (rd_activation_token_is_valid ("abc\x1b[31m"));
  g_assert_false (rd_activation_token_is_valid ("\xff\xfe"));
}

/* A Wayland token goes under both names: GTK 4.8 reads only
 * desktop-startup-id, 4.10 and later activation-token. */
static void
test_wayland_token_under_both_names (void)
{
  g_autoptr(GVariant) data = rd_activation_platform_data ("/home/dr", "wl-token", NULL);
  g_autofree char *cwd = NULL;

  g_assert_true (g_variant_is_of_type (data, G_VARIANT_TYPE_VARDICT));
  g_assert_false (g_variant_is_floating (data));
  g_assert_cmpstr (lookup (data, "activation-token"), ==, "wl-token");
  g_assert_cmpstr (lookup (data, "desktop-startup-id"), ==, "wl-token");
  g_assert_true (g_variant_lookup (data, "cwd", "^ay", &cwd));
  g_assert_cmpstr (cwd, ==, "/home/dr");
}

static void
test_x11_startup_id (void)
{
  g_autoptr(GVariant) x11 = rd_activation_platform_data (NULL, NULL, "x11-id_TIME1");
  g_autoptr(GVariant) both = rd_activation_platform_data (NULL, "wl-token", "x11-id_TIME1");
  g_autoptr(GVariant) none = rd_activation_platform_data (NULL, NULL, NULL);
  g_autoptr(GVariant) bad = rd_activation_platform_data (NULL, "bad\ttoken", "");

  g_assert_null (lookup (x11, "activation-token"));
  g_assert_cmpstr (lookup (x11, "desktop-startup-id"), ==, "x11-id_TIME1");
  g_assert_false (g_variant_lookup (x11, "cwd", "^&ay", NULL));
  /* each under its own name when both are set */
  g_assert_cmpstr (lookup (both, "activation-token"), ==, "wl-token");
  g_assert_cmpstr (lookup (both, "desktop-startup-id"), ==, "x11-id_TIME1");
  g_assert_cmpuint (g_variant_n_children (none), ==, 0);
  g_assert_cmpuint (g_variant_n_children (bad), ==, 0);
}

/* From any caller on the bus: the tokens only, checked; a cwd, unknown keys
 * and values of another type are dropped. */
static void
test_clean_untrusted (void)
{
  g_autoptr(GVariant) untrusted = NULL;
  g_autoptr(GVariant) clean = NULL;
  g_autoptr(GVariant) wrong_types = NULL;
  g_autoptr(GVariant) clean_wrong = NULL;
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "activation-token", g_variant_new_string ("wl-token"));
  g_variant_builder_add (&builder, "{sv}", "cwd", g_variant_new_bytestring ("/etc"));
  g_variant_builder_add (&builder, "{sv}", "options", g_variant_new_string ("--gapplication-replace"));
  untrusted = g_variant_ref_sink (g_variant_builder_end (&builder));
  clean = rd_activation_platform_data_clean (untrusted);
  g_assert_cmpuint (g_variant_n_children (clean), ==, 2);
  g_assert_cmpstr (lookup (clean, "activation-token"), ==, "wl-token");
  g_assert_cmpstr (lookup (clean, "desktop-startup-id"), ==, "wl-token");

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "activation-token", g_variant_new_int32 (7));
  g_variant_builder_add (&builder, "{sv}", "desktop-startup-id", g_variant_new_bytestring ("x"));
  wrong_types = g_variant_ref_sink (g_variant_builder_end (&builder));
  clean_wrong = rd_activation_platform_data_clean (wrong_types);
  g_assert_cmpuint (g_variant_n_children (clean_wrong), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/activation/token-validity", test_token_validity);
  g_test_add_func ("/activation/wayland-token-under-both-names", test_wayland_token_under_both_names);
  g_test_add_func ("/activation/x11-startup-id", test_x11_startup_id);
  g_test_add_func ("/activation/clean-untrusted", test_clean_untrusted);
  return g_test_run ();
}
