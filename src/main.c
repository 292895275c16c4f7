/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-application.h"
#include "rd-display.h"
#include "rd-locale.h"
#include "rd-trace.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RdApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wayland = NULL;
  int status;

  rd_trace ("main");
  rd_locale_init ();

  /* before GTK and WebKit read it: a display the page can reach, or why not */
  if (!rd_display_wayland_name (g_getenv ("WAYLAND_DISPLAY"), g_getenv ("XDG_RUNTIME_DIR"), &wayland, &error))
    {
      if (g_getenv ("DISPLAY") == NULL)
        {
          g_printerr ("reportdock: %s\n", error->message);
          return 1;
        }
      g_printerr (_("reportdock: %s; using the X11 display %s instead\n"), error->message, g_getenv ("DISPLAY"));
      g_unsetenv ("WAYLAND_DISPLAY");
    }
  else if (wayland != NULL)
    g_setenv ("WAYLAND_DISPLAY", wayland, TRUE);

  app = rd_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  if (status == 0 && rd_application_get_start_failed (app))
    status = 1;
  return status;
}
