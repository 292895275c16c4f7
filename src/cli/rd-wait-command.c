/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-wait"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-wait-command.h"
#include "rd-activation.h"
#include "rd-event-study.h"
#include "rd-instance-start.h"

#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

/* `reportdock open … --wait EVENT [--timeout S]`: opens the study through the
 * running instance's D-Bus API and stays until that event arrives for that
 * study; prints it as one JSON line (exit 0), or exits 3 on timeout. Ctrl-C
 * ends only this process. */

#define BUS_NAME    APP_ID  /* OBJECT_PATH follows it, from config.h */
#define INTERFACE   "io.github.reportdock.ReportDock1"

typedef struct {
  const RdLaunch *launch;
  GMainLoop      *loop;
  int             status;
  char           *type;        /* the event type, without ":final" */
  char           *default_site_id;  /* the instance's, for a study opened without --site */
  gboolean        final_only;
} Waiter;

static void
on_report_event (GDBusConnection *connection,
                 const char      *sender,
                 const char      *path,
                 const char      *interface,
                 const char      *signal,
                 GVariant        *parameters,
                 gpointer         user_data)
{
  Waiter *w = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *type, *json;

  /* one event, one line: signals already queued behind the first that
   * matched are dispatched before the loop ends */
  if (w->status == 0)
    return;
  g_variant_get (parameters, "(&s&s)", &type, &json);
  if (!g_str_equal (type, w->type) ||
      !json_parser_load_from_data (parser, json, -1, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
      !rd_envelope_is_for_study (json_node_get_object (json_parser_get_root (parser)), w->launch->study,
                                 w->default_site_id))
    return;
  /* the envelope says whether a signature is final (rd-outbox.c) */
  if (w->final_only &&
      !json_object_get_boolean_member_with_default (json_node_get_object (json_parser_get_root (parser)),
                                                    "final", FALSE))
    return;
  printf ("%s\n", json);
  fflush (stdout);
  w->status = 0;
  g_main_loop_quit (w->loop);
}

static gboolean
on_timeout (gpointer user_data)
{
  Waiter *w = user_data;

  g_printerr (_("reportdock: no %s for this study within %u s\n"), w->launch->wait, w->launch->timeout);
  w->status = 3;
  g_main_loop_quit (w->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
on_interrupt (gpointer user_data)
{
  Waiter *w = user_data;

  w->status = 130;
  g_main_loop_quit (w->loop);
  return G_SOURCE_REMOVE;
}

int
rd_wait_command_run (const RdLaunch *launch,
                     const char     *program)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) platform = NULL;
  Waiter w = { launch, NULL, 1, NULL, NULL, FALSE };
  g_autofree char *type = NULL;
  guint subscription;

  /* the envelope's study is the study the event is about, so an event of
   * another patient, or another site's, never matches */
  w.final_only = g_str_has_suffix (launch->wait, ":final");
  type = w.final_only ? g_strndup (launch->wait, strlen (launch->wait) - strlen (":final"))
                      : g_strdup (launch->wait);
  w.type = type;

  /* nothing running: started detached, as for a click (rd-instance-start.c) */
  if (bus == NULL || (!rd_instance_is_running (bus) && !rd_instance_start (bus, program, &error)))
    {
      g_printerr ("reportdock: %s\n", error->message);
      return 1;
    }

  /* listen first, then open: the event cannot slip past */
  subscription = g_dbus_connection_signal_subscribe (bus, BUS_NAME, INTERFACE, "ReportEvent", OBJECT_PATH,
                                                     NULL, G_DBUS_SIGNAL_FLAGS_NONE, on_report_event, &w, NULL);
  /* with the desktop's token, so the window comes forward as for a click
   * without --wait */
  platform = rd_activation_platform_data (NULL, g_getenv ("XDG_ACTIVATION_TOKEN"), g_getenv ("DESKTOP_STARTUP_ID"));
  reply = g_dbus_connection_call_sync (bus, BUS_NAME, OBJECT_PATH, INTERFACE, "OpenReportWithPlatformData",
                                       g_variant_new ("(@a{sv}@a{sv})", rd_study_to_variant (launch->study), platform),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 60 * 1000, NULL, &error);
  /* an instance started before an upgrade knows only OpenReport */
  if (reply == NULL && g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD))
    {
      g_clear_error (&error);
      reply = g_dbus_connection_call_sync (bus, BUS_NAME, OBJECT_PATH, INTERFACE, "OpenReport",
                                           g_variant_new ("(@a{sv})", rd_study_to_variant (launch->study)),
                                           NULL, G_DBUS_CALL_FLAGS_NONE, 60 * 1000, NULL, &error);
    }
  if (reply == NULL)
    {
      g_dbus_error_strip_remote_error (error);
      g_printerr ("reportdock: %s\n", error->message);
      g_dbus_connection_signal_unsubscribe (bus, subscription);
      return 2;
    }

  /* a study opened without --site is at the instance's default site */
  if (rd_study_get_site_id (launch->study) == NULL)
    {
      g_autoptr(GVariant) status =
        g_dbus_connection_call_sync (bus, BUS_NAME, OBJECT_PATH, INTERFACE, "GetStatus", NULL,
                                     G_VARIANT_TYPE ("(a{sv})"), G_DBUS_CALL_FLAGS_NONE, 60 * 1000, NULL, NULL);
      g_autoptr(GVariant) dict = status ? g_variant_get_child_value (status, 0) : NULL;
      const char *site = NULL;

      if (dict != NULL && g_variant_lookup (dict, "default_site_id", "&s", &site) && site[0] != '\0')
        w.default_site_id = g_strdup (site);
    }

  w.loop = g_main_loop_new (NULL, FALSE);
  if (launch->timeout > 0)
    g_timeout_add (launch->timeout * 1000, on_timeout, &w);   /* not _seconds: it may fire early */
  g_unix_signal_add (SIGINT, on_interrupt, &w);
  g_unix_signal_add (SIGTERM, on_interrupt, &w);
  g_main_loop_run (w.loop);
  g_main_loop_unref (w.loop);
  g_dbus_connection_signal_unsubscribe (bus, subscription);
  g_free (w.default_site_id);
  return w.status;
}
