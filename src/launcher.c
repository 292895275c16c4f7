/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `reportdock`: the thin launcher a worklist runs on every click. It links
 * GLib, GIO and the core only — no GTK, no WebKit — so a click costs a
 * process start and one D-Bus round trip, not loading 170 libraries. It
 * checks the command line itself (bad input ends here, status 2, nothing
 * sent), hands it to the running instance over GApplication's own
 * command-line protocol (the instance validates again and answers with its
 * exit status and messages), and otherwise becomes the full application
 * (`reportdock-app`, exec'd with the same arguments): a first start, and
 * what is done in this process anyway (events, check-mic, devices);
 * --version, help and --wait are handled here. Same command line, exit codes and messages. */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <unistd.h>

#include "rd-launch.h"
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

/* what the running instance does, as opposed to this process */
static gboolean
for_the_instance (const RdLaunch *launch)
{
  switch (launch->kind)
    {
    case RD_LAUNCH_OPEN:
      return launch->wait == NULL;
    case RD_LAUNCH_CLOSE:
    case RD_LAUNCH_RAISE:
    case RD_LAUNCH_RELAY:
      return TRUE;
    case RD_LAUNCH_EVENTS:
      return launch->retry;
    case RD_LAUNCH_VERSION:
    case RD_LAUNCH_HELP:
    case RD_LAUNCH_CHECK_MIC:
    case RD_LAUNCH_DEVICES:
    default:
      return FALSE;
    }
}

/* The bus connection is kept (*bus) for GApplication to use, not made a
 * second time: one authentication handshake less per click. */
static gboolean
instance_running (GDBusConnection **bus)
{
  *bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  return *bus != NULL && rd_instance_is_running (*bus);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdLaunch) launch = NULL;
  g_autoptr(GApplication) app = NULL;
  g_autoptr(GDBusConnection) bus = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* D-Bus activation and anything we do not know: the app's own business */
  if (argc > 1 && g_str_equal (argv[1], "--gapplication-service"))
    return become_app (argv);
  launch = rd_launch_parse_argv (argc, (const char * const *) argv, &error);
  if (launch == NULL)
    {
      g_printerr ("reportdock: %s\n", error->message);
      return 2;
    }
  /* answered here: nothing to load for them */
  if (launch->kind == RD_LAUNCH_VERSION)
    {
      g_print (_("reportdock %s\n"), PACKAGE_VERSION);
      return 0;
    }
  if (launch->kind == RD_LAUNCH_HELP)
    {
      g_autofree char *text = rd_launch_usage_for (launch->help_topic);

      g_print ("%s", text);
      return 0;
    }
  /* --wait: the outcome is read from the bus, no window needed here */
  if (launch->kind == RD_LAUNCH_OPEN && launch->wait != NULL)
    {
      g_autofree char *path = app_path ();

      return rd_wait_command_run (launch, path);
    }
  if (!for_the_instance (launch) || !instance_running (&bus))
    return become_app (argv);

  /* never the primary: the command line goes to the running instance,
   * which prints through us and gives us its exit status */
  app = g_application_new (APP_ID, G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_IS_LAUNCHER);
  return g_application_run (app, argc, argv);
}
