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
  int status;

  rd_trace ("main");
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = rd_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  if (status == 0 && rd_application_get_start_failed (app))
    status = 1;
  return status;
}
