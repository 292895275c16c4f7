/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "rd-application.h"
#include "rd-trace.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RdApplication) app = NULL;

  rd_trace ("main");
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = rd_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
