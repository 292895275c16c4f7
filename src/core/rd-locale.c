/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The message catalogs both processes read: the installed ones, or the build
 * tree's when REPORTDOCK_LOCALEDIR says so (meson devenv sets it, so an
 * uninstalled build speaks the user's language too). */
#include "config.h"

#include "rd-locale.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

const char *
rd_locale_dir (void)
{
  const char *dir = g_getenv ("REPORTDOCK_LOCALEDIR");

  return dir != NULL && *dir != '\0' ? dir : LOCALEDIR;
}

void
rd_locale_init (void)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, rd_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
