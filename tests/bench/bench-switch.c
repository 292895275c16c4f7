/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A worklist switching studies through D-Bus: N OpenReport calls to the
 * running ReportDock, one every 300 ms, each line "switch I <real time µs>"
 * taken just before the call. bench-events.sh pairs them with ReportDock's
 * "open_report-posted" trace. */
#include "config.h"

#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>

int
main (int argc, char *argv[])
{
  int n = argc > 1 ? atoi (argv[1]) : 50;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);

  if (bus == NULL)
    g_error ("%s", error->message);
  for (int i = 0; i < n; i++)
    {
      g_autofree char *accession = g_strdup_printf ("ACC-%d", 5000 + i);
      g_autoptr(GVariant) reply = NULL;
      GVariantBuilder study;
      gint64 start;

      g_variant_builder_init (&study, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&study, "{sv}", "mrn", g_variant_new_string ("MRN-BENCH"));
      g_variant_builder_add (&study, "{sv}", "accessions", g_variant_new_strv ((const char *[]) { accession }, 1));
      g_variant_builder_add (&study, "{sv}", "study_uid", g_variant_new_string ("1.2.3"));
      start = g_get_real_time ();
      reply = g_dbus_connection_call_sync (bus, APP_ID, "/io/github/reportdock/ReportDock",
                                           "io.github.reportdock.ReportDock1", "OpenReport",
                                           g_variant_new ("(@a{sv})", g_variant_builder_end (&study)),
                                           NULL, G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
      if (reply == NULL)
        g_error ("%s", error->message);
      printf ("switch %d %" G_GINT64_FORMAT "\n", i, start);
      fflush (stdout);
      g_usleep (300 * 1000);
    }
  return 0;
}
