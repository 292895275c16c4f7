/* SPDX-License-Identifier: GPL-3.0-or-later */
/* WAYLAND_DISPLAY as the reporting page's web process can use it. */
#include "config.h"

#include "rd-display.h"

#include <string.h>

static void
test_wayland_name (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  /* a name, or nothing: left as it is */
  g_assert_true (rd_display_wayland_name ("wayland-0", "/run/user/1000", &name, &error));
  g_assert_null (name);
  g_assert_true (rd_display_wayland_name (NULL, "/run/user/1000", &name, &error));
  g_assert_null (name);
  /* a path in the runtime directory: its name */
  g_assert_true (rd_display_wayland_name ("/run/user/1000/wayland-1", "/run/user/1000/", &name, &error));
  g_assert_cmpstr (name, ==, "wayland-1");
  g_clear_pointer (&name, g_free);
  g_assert_true (rd_display_wayland_name ("/run/user/1000/./wayland-1", "/run/user/1000", &name, &error));
  g_assert_cmpstr (name, ==, "wayland-1");
  g_clear_pointer (&name, g_free);
  /* elsewhere: what to do */
  g_assert_false (rd_display_wayland_name ("/tmp/weston/wayland-9", "/run/user/1000", &name, &error));
  g_assert_null (name);
  g_assert_nonnull (strstr (error->message, "/tmp/weston/wayland-9"));
  g_assert_nonnull (strstr (error->message, "set WAYLAND_DISPLAY to the name"));
  g_clear_error (&error);
  g_assert_false (rd_display_wayland_name ("/run/user/1000/wayland-1", NULL, &name, &error));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/display/wayland-name", test_wayland_name);
  return g_test_run ();
}
