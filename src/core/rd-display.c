/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-display"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-display.h"
#include "rd-error.h"

/* WAYLAND_DISPLAY as the reporting page's web process can use it. The
 * Wayland library takes a socket's name (looked up in XDG_RUNTIME_DIR) or,
 * since 1.15, its absolute path; WebKit's web processes are given the
 * display by name within XDG_RUNTIME_DIR, and with an absolute path they
 * cannot reach it, so the page never shows (WebKitGTK 2.50). A path in
 * XDG_RUNTIME_DIR becomes its name (*name, else NULL: nothing to change);
 * a path elsewhere is an error that says what to do. */
gboolean
rd_display_wayland_name (const char  *wayland_display,
                         const char  *runtime_dir,
                         char       **name,
                         GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *canonical_dir = NULL;
  g_autofree char *canonical_runtime = NULL;

  *name = NULL;
  if (wayland_display == NULL || wayland_display[0] == '\0' || !g_path_is_absolute (wayland_display))
    return TRUE;
  dir = g_path_get_dirname (wayland_display);
  canonical_dir = g_canonicalize_filename (dir, "/");
  canonical_runtime = runtime_dir ? g_canonicalize_filename (runtime_dir, "/") : NULL;
  if (canonical_runtime != NULL && g_str_equal (canonical_dir, canonical_runtime))
    {
      *name = g_path_get_basename (wayland_display);
      return TRUE;
    }
  g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
               _("WAYLAND_DISPLAY is the path %s, outside XDG_RUNTIME_DIR (%s): the reporting page cannot reach "
                 "that display. Start ReportDock from the desktop session, or set WAYLAND_DISPLAY to the name "
                 "of a socket in XDG_RUNTIME_DIR (e.g. wayland-0)"),
               wayland_display, runtime_dir ? runtime_dir : _("not set"));
  return FALSE;
}
