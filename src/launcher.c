/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `reportdock`: the thin launcher a worklist runs on every click. It links
 * GLib, GIO and the core only — no GTK, no WebKit — so a click costs a
 * process start and one D-Bus round trip, not loading 170 libraries. It
 * checks the command line itself (bad input ends here, status 2, nothing
 * sent), hands it to the running instance in one D-Bus call (the instance
 * validates again and answers with its exit status and messages;
 * rd-command-line-protocol.h). With nothing running, a click (open, a link,
 * plain `reportdock`) starts the instance detached and hands it over the
 * same way, returning at once (rd-instance-start.c); what is done in this
 * process anyway (events, check-mic, devices, relay) becomes the full
 * application (`reportdock-app`, exec'd with the same arguments);
 * --version, help and --wait are handled here. Same command line, exit codes and messages. */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <unistd.h>

#include "rd-activation.h"
#include "rd-answer-command.h"
#include "rd-command-line-protocol.h"
#include "rd-instance-start.h"
#include "rd-launch.h"
#include "rd-locale.h"
#include "rd-settings-keys.h"
#include "rd-wait-command.h"

/* the full app: beside us in a build tree, else where it is installed */
static char *
app_path (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self ? g_path_get_dirname (self) : NULL;
  g_autofree char *sibling = dir ? g_build_filename (dir, "reportdock-app", NULL) : NULL;

  if (sibling != NULL && g_file_test (sibling, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&sibling);
  return g_strdup (REPORTDOCK_APP_PATH);
}

static int
become_app (char **argv)
{
  g_autofree char *path = app_path ();

  argv[0] = path;
  execv (path, argv);
  g_printerr ("reportdock: cannot start %s: %s\n", path, g_strerror (errno));
  return 1;
}

/* The start-at-login setting; off when the schema is not installed. */
static gboolean
start_at_login (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE) : NULL;
  g_autoptr(GSettings) settings = NULL;

  if (schema == NULL || !g_settings_schema_has_key (schema, RD_KEY_START_AT_LOGIN))
    return FALSE;
  settings = rd_settings_new ();
  return g_settings_get_boolean (settings, RD_KEY_START_AT_LOGIN);
}

/* What GApplication's launcher would send: the directory, and the token that
 * lets the instance's window take the focus (rd-activation.c). */
static GVariant *
platform_data (void)
{
  g_autofree char *cwd = g_get_current_dir ();

  return rd_activation_platform_data (cwd, g_getenv ("XDG_ACTIVATION_TOKEN"), g_getenv ("DESKTOP_STARTUP_ID"));
}

/* the instance's words, as it wrote them */
static void
put (GVariant *bytes,
     FILE     *stream)
{
  gsize len = 0;
  const char *data = g_variant_get_fixed_array (bytes, &len, 1);

  if (len > 0)   /* an empty array has no data pointer */
    fwrite (data, 1, len, stream);
}

typedef enum {
  ANSWERED,       /* the instance ran it: *status is its exit status */
  NOT_RUNNING,    /* nobody owns the name: start the app */
  OLDER_INSTANCE, /* an instance from before this route: GApplication's protocol */
} Outcome;

/* The whole click: one call, which is also the instance check (no
 * auto-start: a name nobody owns is answered by the bus at once). */
static Outcome
run_in_instance (GDBusConnection *bus,
                 char           **argv,
                 int             *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) out = NULL;
  g_autoptr(GVariant) err = NULL;
  g_autoptr(GVariant) platform = platform_data ();

  reply = g_dbus_connection_call_sync (bus, APP_ID, OBJECT_PATH, RD_COMMAND_LINE_INTERFACE, "Run",
                                       g_variant_new ("(^aay@a{sv})", argv, platform),
                                       G_VARIANT_TYPE ("(iayay)"), G_DBUS_CALL_FLAGS_NO_AUTO_START,
                                       -1, NULL, &error);
  if (reply == NULL)
    {
      if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
          g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER))
        return NOT_RUNNING;
      if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
          g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_INTERFACE) ||
          g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT))
        return OLDER_INSTANCE;
      g_dbus_error_strip_remote_error (error);
      g_printerr (_("reportdock: the running ReportDock did not answer (%s); "
                    "try again, or quit it and start it again\n"), error->message);
      *status = 1;
      return ANSWERED;
    }
  g_variant_get (reply, "(i@ay@ay)", status, &out, &err);
  put (out, stdout);
  put (err, stderr);
  return ANSWERED;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdLaunch) launch = NULL;
  g_autoptr(GApplication) app = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  RdLaunchRoute route;
  int status = 0;

  rd_locale_init ();

  /* D-Bus activation and anything we do not know: the app's own business */
  if (argc > 1 && g_str_equal (argv[1], "--gapplication-service"))
    return become_app (argv);
  launch = rd_launch_parse_argv (argc, (const char * const *) argv, &error);
  if (launch == NULL)
    {
      g_printerr ("reportdock: %s\n", error->message);
      return 2;
    }
  route = rd_launch_route (launch);
  /* answered here: nothing to load for them */
  if (route == RD_LAUNCH_ROUTE_HERE)
    return rd_answer_command_run (launch);
  /* the desktop's autostart (data/…-autostart.desktop): nothing to start
   * unless the administrator or the user turned start-at-login on */
  if (launch->at_login && !start_at_login ())
    return 0;
  switch (route)
    {
    case RD_LAUNCH_ROUTE_WAIT:
      {
        /* the outcome is read from the bus, no window needed here */
        g_autofree char *path = app_path ();

        return rd_wait_command_run (launch, path);
      }
    case RD_LAUNCH_ROUTE_ALONE:
      return become_app (argv);
    case RD_LAUNCH_ROUTE_HERE:
    case RD_LAUNCH_ROUTE_INSTANCE:
    default:
      break;
    }
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (bus == NULL)
    return become_app (argv);   /* no session bus: the app says what is wrong */
  switch (run_in_instance (bus, argv, &status))
    {
    case ANSWERED:
      return status;
    case NOT_RUNNING:
      if (!rd_launch_starts_instance (launch))
        return become_app (argv);
      {
        g_autofree char *path = app_path ();

        if (!rd_instance_start (bus, path, &error))
          {
            g_printerr ("reportdock: %s\n", error->message);
            return 1;
          }
      }
      if (run_in_instance (bus, argv, &status) == ANSWERED)
        return status;
      g_printerr (_("reportdock: ReportDock started but did not take the command; try again\n"));
      return 1;
    case OLDER_INSTANCE:
    default:
      break;
    }

  /* an instance started before an upgrade: the command line goes to it
   * over GApplication's protocol, which prints through us and gives us its
   * exit status */
  app = g_application_new (APP_ID, G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_IS_LAUNCHER);
  return g_application_run (app, argc, argv);
}
