/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The command line as an admin or a worklist meets it: the real binary, with
 * no instance running, on a private session bus. */
#include "config.h"

#include <gio/gio.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rd-outbox.h"
#include "rd-outbox-journal.h"
#include <glib/gstdio.h>
#include <string.h>

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static char *config_home;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

/* `reportdock ARGS…` with settings from a keyfile under a private config
 * home, as an admin's */
static GSubprocess *
spawn_va (GSubprocessFlags  flags,
          const char       *first,
          va_list           args)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  g_ptr_array_add (argv, (gpointer) g_getenv ("REPORTDOCK_BINARY"));
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", config_home, TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return proc;
}

static GSubprocess *
spawn (GSubprocessFlags  flags,
       const char       *first,
       ...)
{
  GSubprocess *proc;
  va_list args;

  va_start (args, first);
  proc = spawn_va (flags, first, args);
  va_end (args);
  return proc;
}

static gboolean
instance_running (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply =
    g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                 "NameHasOwner", g_variant_new ("(s)", APP_ID), G_VARIANT_TYPE ("(b)"),
                                 G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  gboolean owned = FALSE;

  g_variant_get (reply, "(b)", &owned);
  return owned;
}

/* The running instance is asked to quit over D-Bus once its name is on the
 * bus, as the menu's Quit would; returns when it has gone. */
static void
quit_instance (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  guint32 pid = 0;

  for (;;)
    {
      g_autoptr(GVariant) owner =
        g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                     "GetConnectionUnixProcessID", g_variant_new ("(s)", APP_ID),
                                     G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
      g_autoptr(GVariant) reply =
        g_dbus_connection_call_sync (bus, APP_ID, "/io/github/reportdock/ReportDock",
                                     "org.gtk.Actions", "Activate",
                                     g_variant_new ("(sava{sv})", "quit", NULL, NULL), NULL,
                                     G_DBUS_CALL_FLAGS_NO_AUTO_START, 5000, NULL, NULL);
      if (owner != NULL)
        g_variant_get (owner, "(u)", &pid);
      if (reply != NULL)
        break;
      if (g_get_monotonic_time () >= end)
        g_error ("the instance (pid %u) did not take the quit request within 60 s", pid);
      g_usleep (100 * 1000);
    }
  /* gone: its name, and the process too, so that the next start meets no
   * instance still finishing */
  while (instance_running (bus) || (pid != 0 && kill ((pid_t) pid, 0) == 0))
    {
      if (g_get_monotonic_time () >= end)
        g_error ("the instance (pid %u) did not quit within 60 s", pid);
      g_usleep (50 * 1000);
    }
}

/* Runs `reportdock ARGS…` to its end, as a worklist does (waiting for the
 * end of its output too); an instance it started stays up (the first-run
 * assistant, say) and is asked to quit after. */
static void
run_va (Run        *result,
        gboolean    stays_up,
        const char *first,
        va_list     args)
{
  g_autoptr(GSubprocess) proc = spawn_va (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                          first, args);
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8 (proc, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  result->status = g_subprocess_get_exit_status (proc);
  if (stays_up)
    quit_instance ();
}

static void
run (Run        *result,
     const char *first,
     ...)
{
  va_list args;

  va_start (args, first);
  run_va (result, FALSE, first, args);
  va_end (args);
}

static void
run_until_quit (Run        *result,
                const char *first,
                ...)
{
  va_list args;

  va_start (args, first);
  run_va (result, TRUE, first, args);
  va_end (args);
}

/* Start-up reaches GTK, which needs a display: say so rather than fail. */
static gboolean
need_display (void)
{
  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    return TRUE;
  g_test_skip ("no display: run under Xvfb, as .ci/run does");
  return FALSE;
}

static void
write_settings (const char *contents)
{
  g_autofree char *dir = g_build_filename (config_home, "glib-2.0", "settings", NULL);
  g_autofree char *path = g_build_filename (dir, "keyfile", NULL);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
assert_one_line (const char *text)
{
  g_assert_true (g_str_has_prefix (text, "reportdock: "));
  g_assert_true (g_str_has_suffix (text, "\n"));
  g_assert_true (strchr (text, '\n') == text + strlen (text) - 1);
}

static void
test_version_and_help (void)
{
  Run r;

  run (&r, "--version", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "reportdock " PACKAGE_VERSION "\n");
  run_clear (&r);

  run (&r, "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "reportdock open --mrn MRN --accession ACC"));
  run_clear (&r);

  /* one subcommand's usage, however it is asked for */
  {
    const char *asks[][3] = { { "help", "open", NULL }, { "open", "--help", NULL }, { "open", "--mrn", "-h" } };

    for (guint i = 0; i < G_N_ELEMENTS (asks); i++)
      {
        run (&r, asks[i][0], asks[i][1], asks[i][2], NULL);
        g_assert_cmpint (r.status, ==, 0);
        g_assert_nonnull (strstr (r.out, "reportdock open --mrn MRN --accession ACC"));
        g_assert_null (strstr (r.out, "reportdock relay"));
        g_assert_cmpstr (r.err, ==, "");
        run_clear (&r);
      }
  }
  run (&r, "help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "reportdock relay"));
  run_clear (&r);

  /* a typo gets a suggestion, on one line */
  run (&r, "opne", "--mrn", "M", NULL);
  g_assert_cmpint (r.status, ==, 2);
  assert_one_line (r.err);
  g_assert_nonnull (strstr (r.err, "did you mean \"open\""));
  run_clear (&r);
  run (&r, "open", "--mrnn", "M", "--accession", "A", NULL);
  g_assert_cmpint (r.status, ==, 2);
  assert_one_line (r.err);
  g_assert_nonnull (strstr (r.err, "did you mean \"--mrn\"? See reportdock open --help"));
  run_clear (&r);
}

/* Issue 25.3: the launcher exec'd with no arguments at all (argc 0, as
 * execve allows) refuses with one line and status 2, and starts nothing. */
static void
test_empty_argv (void)
{
  int err_pipe[2];
  int status;
  pid_t pid;
  char buffer[512];
  gssize n;

  g_assert_cmpint (pipe (err_pipe), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      char *none[] = { NULL };

      dup2 (err_pipe[1], STDERR_FILENO);
      execve (g_getenv ("REPORTDOCK_BINARY"), none, (char **) g_get_environ ());
      _exit (127);
    }
  close (err_pipe[1]);
  n = read (err_pipe[0], buffer, sizeof buffer - 1);
  close (err_pipe[0]);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  g_assert_cmpint (n, >, 0);
  buffer[n] = '\0';
  assert_one_line (buffer);
  g_assert_nonnull (strstr (buffer, "empty"));
}

static GVariant *status_of_instance (GDBusConnection *bus);

/* A value of GetStatus once it is what is waited for; fails after 60 s. */
static void
wait_status (GDBusConnection *bus,
             const char      *key,
             GVariant        *wanted)
{
  g_autoptr(GVariant) want = g_variant_ref_sink (wanted);
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GVariant) status = status_of_instance (bus);
      g_autoptr(GVariant) value = status ? g_variant_lookup_value (status, key, NULL) : NULL;

      if (value != NULL && g_variant_equal (value, want))
        return;
      if (g_get_monotonic_time () > end)
        {
          g_autofree char *seen = value ? g_variant_print (value, FALSE) : g_strdup ("nothing");
          g_error ("GetStatus %s stayed %s", key, seen);
        }
      g_usleep (50 * 1000);
    }
}

/* Issue 26.3: `reportdock --background` (what the autostart entry runs)
 * starts the instance with no window, signed in; the first study maps the
 * window. `--at-login` starts nothing while start-at-login is off. */
static void
test_background_start (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  Run r;

  if (!need_display ())
    return;
  g_assert_false (instance_running (bus));

  /* the autostart entry with start-at-login off: nothing */
  write_settings ("[io/github/reportdock/ReportDock]\nprofile='radpair'\nstart-at-login=false\n");
  run (&r, "--background", "--at-login", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  run_clear (&r);
  g_assert_false (instance_running (bus));

  /* on: the instance starts, signs in, shows nothing */
  write_settings ("[io/github/reportdock/ReportDock]\nprofile='radpair'\nstart-at-login=true\n");
  run (&r, "--demo", "--background", "--at-login", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  g_assert_true (instance_running (bus));
  wait_status (bus, "state", g_variant_new_string ("signed-in"));
  wait_status (bus, "window_shown", g_variant_new_boolean (FALSE));
  /* again: already running, still nothing shown */
  run (&r, "--background", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  wait_status (bus, "window_shown", g_variant_new_boolean (FALSE));

  /* the first click of the day: the study, in a window on screen */
  run (&r, "open", "--mrn", "BG-1", "--accession", "ACC-B1", "--site", "NORTH", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  wait_status (bus, "window_shown", g_variant_new_boolean (TRUE));
  quit_instance ();

  /* --background is a start, not a command */
  run (&r, "--background", "open", "--mrn", "M", "--accession", "A", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--background only starts ReportDock"));
  run_clear (&r);
  run (&r, "--at-login", NULL);
  g_assert_cmpint (r.status, ==, 2);
  run_clear (&r);
  g_assert_false (instance_running (bus));
  write_settings ("[io/github/reportdock/ReportDock]\nprofile='radpair'\n");
}

/* A stand-in for the desktop's Background portal on the test's bus: it
 * answers RequestBackground as xdg-desktop-portal does (a request handle,
 * then Response on it) and keeps what it was asked. */
static GVariant *portal_asked;   /* the options of the last request */

static void
on_portal_call (GDBusConnection       *bus,
                const char            *sender,
                const char            *path,
                const char            *interface,
                const char            *method,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  g_autoptr(GVariant) options = g_variant_get_child_value (parameters, 1);
  g_autofree char *who = g_strdup (sender + 1);
  g_autofree char *handle = NULL;
  const char *token = "none";
  gboolean autostart = FALSE;

  g_variant_lookup (options, "handle_token", "&s", &token);
  g_variant_lookup (options, "autostart", "b", &autostart);
  g_strdelimit (who, ".", '_');
  handle = g_strdup_printf ("/org/freedesktop/portal/desktop/request/%s/%s", who, token);
  g_clear_pointer (&portal_asked, g_variant_unref);
  portal_asked = g_variant_ref (options);
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", handle));
  g_dbus_connection_emit_signal (bus, sender, handle, "org.freedesktop.portal.Request", "Response",
                                 g_variant_new_parsed ("(uint32 0, {'background': <true>, 'autostart': <%b>})",
                                                       autostart),
                                 NULL);
}

static const char portal_xml[] =
  "<node><interface name='org.freedesktop.portal.Background'>"
  "<method name='RequestBackground'><arg type='s' direction='in'/><arg type='a{sv}' direction='in'/>"
  "<arg type='o' direction='out'/></method></interface></node>";

/* Issue 26.3 in a Flatpak: the desktop is asked, through the Background
 * portal, to start `reportdock --background --at-login` at login — and no
 * longer to once the setting is off. */
static void
test_background_portal (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GDBusNodeInfo) node = g_dbus_node_info_new_for_xml (portal_xml, NULL);
  GDBusInterfaceVTable vtable = { on_portal_call, NULL, NULL, { 0 } };
  g_auto(GStrv) commandline = NULL;
  gboolean autostart = FALSE;
  guint object, name;
  gint64 end;
  Run r;

  if (!need_display ())
    return;
  object = g_dbus_connection_register_object (bus, "/org/freedesktop/portal/desktop", node->interfaces[0],
                                              &vtable, NULL, NULL, NULL);
  name = g_bus_own_name_on_connection (bus, "org.freedesktop.portal.Desktop", G_BUS_NAME_OWNER_FLAGS_NONE,
                                       NULL, NULL, NULL, NULL);
  g_setenv ("REPORTDOCK_SANDBOXED", "1", TRUE);
  write_settings ("[io/github/reportdock/ReportDock]\nprofile='radpair'\nstart-at-login=true\n");
  run (&r, "--demo", "--background", NULL);
  if (r.status != 0)
    g_error ("the start at login failed (%d): %s", r.status, r.err);
  run_clear (&r);
  end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (portal_asked == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
  g_assert_true (g_variant_lookup (portal_asked, "autostart", "b", &autostart));
  g_assert_true (autostart);
  g_assert_true (g_variant_lookup (portal_asked, "commandline", "^as", &commandline));
  g_assert_cmpstr (g_strjoinv (" ", commandline), ==, "reportdock --background --at-login");
  quit_instance ();
  g_clear_pointer (&portal_asked, g_variant_unref);

  /* off: the desktop is told to drop the entry */
  write_settings ("[io/github/reportdock/ReportDock]\nprofile='radpair'\nstart-at-login=false\n");
  run (&r, "--demo", "--background", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  while (portal_asked == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
  g_assert_true (g_variant_lookup (portal_asked, "autostart", "b", &autostart));
  g_assert_false (autostart);
  quit_instance ();

  g_unsetenv ("REPORTDOCK_SANDBOXED");
  g_clear_pointer (&portal_asked, g_variant_unref);
  g_bus_unown_name (name);
  g_dbus_connection_unregister_object (bus, object);
  write_settings ("[io/github/reportdock/ReportDock]\nprofile='radpair'\n");
}

static void
in_own_group (gpointer user_data)
{
  setpgid (0, 0);
}

static GVariant *
status_of_instance (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply =
    g_dbus_connection_call_sync (bus, APP_ID, "/io/github/reportdock/ReportDock",
                                 "io.github.reportdock.ReportDock1", "GetStatus", NULL,
                                 G_VARIANT_TYPE ("(a{sv})"), G_DBUS_CALL_FLAGS_NO_AUTO_START, 5000, NULL, NULL);

  return reply ? g_variant_get_child_value (reply, 0) : NULL;
}

/* Issue 26: a worklist's click with nothing running returns as soon as
 * the instance has taken it, the instance starting detached; killing the
 * worklist's whole process group leaves it running. Bad input starts
 * nothing; a link cold is a click like any other. */
static void
test_cold_click (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) click = NULL;
  g_autoptr(GVariant) status = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  const char *mrn = NULL;
  gint64 start, end;
  int group;
  Run r;

  if (!need_display ())
    return;
  g_assert_false (instance_running (bus));

  /* bad input: status 2, nothing started */
  run (&r, "open", "--mrn", "M/1", "--accession", "A", NULL);
  g_assert_cmpint (r.status, ==, 2);
  run_clear (&r);
  run (&r, "reportdock://open?mrn=M&accession=A&bogus=1", NULL);
  g_assert_cmpint (r.status, ==, 2);
  run_clear (&r);
  g_assert_false (instance_running (bus));

  /* the click, in a process group of its own as a worklist's child may be;
   * waited for to the end of its output */
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", config_home, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, in_own_group, NULL, NULL);
  start = g_get_monotonic_time ();
  click = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("REPORTDOCK_BINARY"), "--demo", "open",
                                       "--mrn", "COLD-1", "--accession", "ACC-C1", "--site", "NORTH", NULL);
  g_assert_no_error (error);
  group = atoi (g_subprocess_get_identifier (click));
  g_assert_true (g_subprocess_communicate_utf8 (click, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (click), ==, 0);
  g_test_message ("cold click returned after %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - start) / 1000);
  /* the worklist ends its whole process group: the instance stays */
  kill (-group, SIGKILL);
  g_assert_true (instance_running (bus));
  end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (mrn == NULL || !g_str_equal (mrn, "COLD-1"))
    {
      g_autoptr(GVariant) study = NULL;

      g_clear_pointer (&status, g_variant_unref);
      status = status_of_instance (bus);
      g_assert_nonnull (status);
      study = g_variant_lookup_value (status, "study", G_VARIANT_TYPE_VARDICT);
      mrn = NULL;
      if (study != NULL)
        g_variant_lookup (study, "mrn", "&s", &mrn);
      mrn = mrn ? g_intern_string (mrn) : NULL;
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      if (mrn == NULL || !g_str_equal (mrn, "COLD-1"))
        g_usleep (100 * 1000);
    }

  /* warm: a link, then the same study again, both at once */
  run (&r, "reportdock://open?mrn=COLD-2&accession=ACC-C2&site=NORTH", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  quit_instance ();

  /* a link cold, not configured: 1 and why, the assistant stays up */
  write_settings ("[io/github/reportdock/ReportDock]\nprofile='radpair'\n");
  run (&r, "reportdock://open?mrn=COLD-3&accession=ACC-C3&site=NORTH", NULL);
  g_assert_cmpint (r.status, ==, 1);
  assert_one_line (r.err);
  g_assert_nonnull (strstr (r.err, "these settings are not set"));
  run_clear (&r);
  g_assert_true (instance_running (bus));
  quit_instance ();

  /* plain `reportdock --demo`, cold: started, and back at once */
  run (&r, "--demo", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  g_assert_true (instance_running (bus));
  quit_instance ();
}

/* Issue 24.5: the demo honours an admin's viewer-url-template (to try a
 * real viewer with the demo reporting app); here one on a port nothing
 * listens on, so the viewer says it failed where the demo's would show. */
static void
test_demo_with_own_viewer (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GSocket) closed = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *settings = NULL;
  const char *state = NULL;
  gint64 end;
  guint16 port;
  Run r;

  if (!need_display ())
    return;
  /* a loopback port that refuses: bound, never listened on */
  closed = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_assert_true (g_socket_bind (closed, address, FALSE, NULL));
  g_clear_object (&address);
  address = g_socket_get_local_address (closed, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
  settings = g_strdup_printf ("[io/github/reportdock/ReportDock]\n"
                              "viewer-url-template='http://127.0.0.1:%u/viewer?StudyInstanceUIDs={study_uid}'\n",
                              port);
  write_settings (settings);
  run (&r, "--demo", "open", "--mrn", "OWN-1", "--accession", "ACC-O1", "--study-uid", "1.2.3.4", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (state == NULL || !g_str_equal (state, "failed"))
    {
      g_autoptr(GVariant) status = status_of_instance (bus);

      state = NULL;
      if (status != NULL && g_variant_lookup (status, "viewer_state", "&s", &state))
        state = g_intern_string (state);
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      if (state == NULL || !g_str_equal (state, "failed"))
        g_usleep (100 * 1000);
    }
  quit_instance ();
  write_settings ("[io/github/reportdock/ReportDock]\nprofile='radpair'\n");
}

static void
test_close_without_instance (void)
{
  Run r;

  /* nothing runs, nothing is configured: closing is not an error, and
   * does not start ReportDock */
  if (!need_display ())
    return;
  write_settings ("[io/github/reportdock/ReportDock]\nprofile='radpair'\n");
  run (&r, "close", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  run_clear (&r);
}

/* DBusActivatable: the desktop's D-Bus activation starts
 * `reportdock --gapplication-service`, which must own the name and answer. */
static void
test_dbus_activation (void)
{
  const char *argv[] = { g_getenv ("REPORTDOCK_BINARY"), "--gapplication-service", NULL };
  g_autoptr(GSubprocess) service = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) status = NULL;
  g_autoptr(GError) error = NULL;
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  if (!need_display ())
    return;
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  service = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  while (status == NULL && g_get_monotonic_time () < end)
    {
      g_clear_error (&error);
      status = g_dbus_connection_call_sync (bus, APP_ID, "/io/github/reportdock/ReportDock",
                                            "io.github.reportdock.ReportDock1", "GetStatus", NULL,
                                            G_VARIANT_TYPE ("(a{sv})"), G_DBUS_CALL_FLAGS_NO_AUTO_START,
                                            2000, NULL, &error);
      if (status == NULL)
        g_usleep (100 * 1000);
    }
  g_assert_no_error (error);
  g_assert_nonnull (status);
  g_subprocess_send_signal (service, SIGTERM);
  g_subprocess_wait (service, NULL, NULL);
}

static int
older_command_line (GApplication            *app,
                    GApplicationCommandLine *cmdline)
{
  g_auto(GStrv) argv = g_application_command_line_get_arguments (cmdline, NULL);
  g_autofree char *joined = g_strjoinv (" ", argv + 1);

  g_application_command_line_print (cmdline, "older instance: %s\n", joined);
  g_application_command_line_printerr (cmdline, "from the older instance\n");
  return 7;
}

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Run *r = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &r->out, &r->err, &error);
  g_assert_no_error (error);
  r->status = g_subprocess_get_exit_status (G_SUBPROCESS (source));
}

/* An instance started before an upgrade (it knows only GApplication's own
 * command-line protocol) still gets the click, its output and exit status
 * passed through. This process plays it: it owns the name. */
static void
test_older_instance (void)
{
  g_autoptr(GApplication) older = g_application_new (APP_ID, G_APPLICATION_HANDLES_COMMAND_LINE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  Run r = { -1, NULL, NULL };

  g_signal_connect (older, "command-line", G_CALLBACK (older_command_line), NULL);
  g_assert_true (g_application_register (older, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_application_get_is_remote (older));

  proc = spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                "open", "--mrn", "M1", "--accession", "A1", NULL);
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, on_communicated, &r);
  while (r.out == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (r.status, ==, 7);
  g_assert_cmpstr (r.out, ==, "older instance: open --mrn M1 --accession A1\n");
  g_assert_cmpstr (r.err, ==, "from the older instance\n");
  run_clear (&r);
}

/* The layout comes back at the next start: the viewer in its own window,
 * as a real start reads it, and still so after a quit. */
static void
test_layout_restored (void)
{
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (config_home, "glib-2.0", "settings", "keyfile", NULL);
  g_autofree char *saved = NULL;
  const char *layout = NULL;
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  if (!need_display ())
    return;
  write_settings ("[io/github/reportdock/ReportDock]\nviewer-window=true\n");
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  app = spawn (G_SUBPROCESS_FLAGS_NONE, "--demo", NULL);
  while (layout == NULL)
    {
      g_autoptr(GVariant) reply =
        g_dbus_connection_call_sync (bus, APP_ID, "/io/github/reportdock/ReportDock",
                                     "io.github.reportdock.ReportDock1", "GetStatus", NULL,
                                     G_VARIANT_TYPE ("(a{sv})"), G_DBUS_CALL_FLAGS_NO_AUTO_START, 5000, NULL, NULL);
      g_autoptr(GVariant) status = reply ? g_variant_get_child_value (reply, 0) : NULL;

      if (status != NULL && g_variant_lookup (status, "viewer_layout", "&s", &layout))
        layout = g_intern_string (layout);
      if (layout != NULL)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_usleep (200 * 1000);
    }
  g_assert_cmpstr (layout, ==, "window");
  quit_instance ();
  g_subprocess_wait (app, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "viewer-window=true"));
}

static void
test_bad_input_exits_2 (void)
{
  const char *cases[][4] = {
    { "open", "--mrn", "M", NULL },
    { "open", "--mrn", "M;", "--accession" },
    { "reportdock://open?mrn=M&accession=A%G1", NULL, NULL, NULL },
    { "reportdock://erase?mrn=M", NULL, NULL, NULL },
    { "--frobnicate", NULL, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Run r;

      run (&r, cases[i][0], cases[i][1], cases[i][2], cases[i][3], NULL);
      g_assert_cmpint (r.status, ==, 2);
      assert_one_line (r.err);
      g_assert_cmpstr (r.out, ==, "");
      run_clear (&r);
    }
}

static void
test_not_configured_shows_assistant (void)
{
  Run r;

  if (!need_display ())
    return;
  write_settings ("[io/github/reportdock/ReportDock]\nprofile='radpair'\n");
  run_until_quit (&r, NULL);
  g_assert_cmpint (r.status, ==, 1);
  /* every missing setting at once, on one line */
  assert_one_line (r.err);
  g_assert_nonnull (strstr (r.err, "reportdock: these settings are not set: vendor-url, token-url, user-email."));
  g_assert_nonnull (strstr (r.err, "reportdock --demo"));
  /* and the API key: no api-key-file, and no keyring on the tests' bus */
  g_assert_nonnull (strstr (r.err, "No API key is configured: set api-key-file"));
  run_clear (&r);

  write_settings ("[io/github/reportdock/ReportDock]\nvendor-url='https://vendor.example/app'\n"
                  "token-url='https://vendor.example/token'\n");
  run_until_quit (&r, NULL);
  g_assert_cmpint (r.status, ==, 1);
  assert_one_line (r.err);
  g_assert_nonnull (strstr (r.err, "reportdock: user-email is not set. Set it with: gsettings set "
                                   "io.github.reportdock.ReportDock user-email"));
  run_clear (&r);

  write_settings ("[io/github/reportdock/ReportDock]\nprofile='avara'\n");
  run_until_quit (&r, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "these settings are not set: api-base-url, vendor-user-id."));
  run_clear (&r);

  write_settings ("[io/github/reportdock/ReportDock]\nvendor-url='ftp://vendor.example/app'\n");
  run_until_quit (&r, "open", "--mrn", "M", "--accession", "A", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "vendor-url"));
  run_clear (&r);

  /* the key, the token and patient data never cross the network in clear */
  write_settings ("[io/github/reportdock/ReportDock]\nvendor-url='https://vendor.example/app'\n"
                  "token-url='http://vendor.example/token'\n");
  run_until_quit (&r, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "token-url must be an https:// address"));
  run_clear (&r);
  write_settings ("[io/github/reportdock/ReportDock]\nprofile='mdai'\napi-base-url='http://md.example'\n");
  run_until_quit (&r, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "api-base-url must be an https:// address"));
  run_clear (&r);
}

/* Every setting there but the key: named at the start, not at the first
 * token request; a key file others can read is refused there too. */
static void
test_missing_key_named_at_start (void)
{
  g_autofree char *key_path = g_build_filename (config_home, "api-key", NULL);
  g_autofree char *settings = NULL;
  const char *complete = "[io/github/reportdock/ReportDock]\nvendor-url='https://vendor.example/app'\n"
                         "token-url='https://vendor.example/token'\nuser-email='dr.lee@hospital.example'\n";
  Run r;

  if (!need_display ())
    return;
  write_settings (complete);
  run_until_quit (&r, "open", "--mrn", "M", "--accession", "A", NULL);
  g_assert_cmpint (r.status, ==, 1);
  assert_one_line (r.err);
  g_assert_nonnull (strstr (r.err, "reportdock: No API key is configured: set api-key-file"));
  g_assert_nonnull (strstr (r.err, "secret-tool store --label=ReportDock application reportdock profile radpair"));
  g_assert_null (strstr (r.err, "settings are not set"));
  run_clear (&r);

  g_assert_true (g_file_set_contents (key_path, "sk_test_0123456789", -1, NULL));
  g_assert_cmpint (g_chmod (key_path, 0644), ==, 0);
  settings = g_strdup_printf ("%sapi-key-file='%s'\n", complete, key_path);
  write_settings (settings);
  run_until_quit (&r, "open", "--mrn", "M", "--accession", "A", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, key_path));
  g_assert_nonnull (strstr (r.err, "chmod 600"));
  /* the key itself is never said */
  g_assert_null (strstr (r.err, "sk_test_0123456789"));
  run_clear (&r);
  g_unlink (key_path);
}

static void
test_broken_site_profile_exits_1 (void)
{
  g_autofree char *dir = g_build_filename (config_home, "reportdock", "profiles", NULL);
  g_autofree char *path = g_build_filename (dir, "radpair.json", NULL);
  Run r;

  if (!need_display ())
    return;
  write_settings ("[io/github/reportdock/ReportDock]\nvendor-url='https://vendor.example/app'\n");
  g_mkdir_with_parents (dir, 0700);
  g_assert_true (g_file_set_contents (path, "{\"name\": ", -1, NULL));
  run (&r, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, path));
  g_assert_nonnull (strstr (r.err, "not valid JSON"));
  run_clear (&r);
  g_unlink (path);
  /* the instance it started has nothing to show: it does not stay */
  {
    g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
    gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    while (instance_running (bus))
      {
        g_assert_cmpint (g_get_monotonic_time (), <, end);
        g_usleep (50 * 1000);
      }
  }
}

static JsonNode *
add_event (RdOutboxJournal *journal,
           const char      *type)
{
  g_autofree char *id = rd_outbox_new_event_id ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  JsonNode *e = rd_outbox_envelope (id, type, now, "radpair", "M", "A", "S", NULL);

  g_assert_true (rd_outbox_journal_append (journal, e, &error));
  return e;
}

static void
test_events (void)
{
  g_autofree char *dir = g_build_filename (config_home, "reportdock", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdOutboxJournal) journal = rd_outbox_journal_open (dir, &error);
  g_autoptr(JsonNode) a = add_event (journal, "report.opened");
  g_autoptr(JsonNode) b = add_event (journal, "report.signed");
  g_autoptr(JsonNode) c = add_event (journal, "report.closed");
  g_auto(GStrv) lines = NULL;
  g_autofree char *expected_b = NULL;
  Run r;

  g_assert_true (rd_outbox_journal_mark_delivered (journal, rd_outbox_envelope_id (a), &error));

  run (&r, "events", NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);   /* three lines and the empty tail */
  g_assert_nonnull (strstr (lines[0], rd_outbox_envelope_id (a)));
  g_assert_nonnull (strstr (lines[0], "\"delivered\":true"));
  g_assert_nonnull (strstr (lines[1], rd_outbox_envelope_id (b)));
  g_assert_nonnull (strstr (lines[1], "\"type\":\"report.signed\""));
  g_assert_nonnull (strstr (lines[1], "\"delivered\":false"));
  g_assert_nonnull (strstr (lines[2], rd_outbox_envelope_id (c)));
  run_clear (&r);

  run (&r, "events", "--since", rd_outbox_envelope_id (a), NULL);
  g_assert_cmpint (r.status, ==, 0);
  expected_b = g_strdup_printf ("\"id\":\"%s\"", rd_outbox_envelope_id (b));
  g_assert_true (strstr (r.out, expected_b) != NULL);
  g_assert_null (strstr (r.out, rd_outbox_envelope_id (a)));
  run_clear (&r);

  run (&r, "events", "--since", "evt_ffffffffffffffffffffffffffffffff", NULL);
  g_assert_cmpint (r.status, ==, 2);
  assert_one_line (r.err);
  run_clear (&r);

  run (&r, "events", "--since", "yesterday", NULL);
  g_assert_cmpint (r.status, ==, 2);
  run_clear (&r);
}

/* The demo chosen in the assistant (or started with --demo) keeps its
 * events apart; `reportdock events` reads the running demo's, and says so. */
static void
test_events_of_the_running_demo (void)
{
  Run r;

  if (!need_display ())
    return;
  run (&r, "--demo", "open", "--mrn", "EV-DEMO", "--accession", "ACC-EVD", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  run (&r, "open", "--mrn", "EV-DEMO", "--accession", "ACC-EVD", "--wait", "report.opened", "--timeout", "60", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);

  run (&r, "events", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "\"mrn\":\"EV-DEMO\""));
  g_assert_nonnull (strstr (r.out, "\"profile\":\"demo\""));
  g_assert_nonnull (strstr (r.err, "the running ReportDock is the demo"));
  run_clear (&r);
  quit_instance ();

  /* nothing running: the configured vendor's outbox, as before */
  run (&r, "events", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_null (strstr (r.out, "EV-DEMO"));
  g_assert_null (strstr (r.err, "demo"));
  run_clear (&r);
}

/* Dead letters: listed with their reason, and sent again by --retry; with
 * nothing running, the journal is written here and nothing starts. */
static void
test_events_failed_and_retry (void)
{
  g_autofree char *dir = g_build_filename (config_home, "reportdock", NULL);
  g_autoptr(GError) error = NULL;
  RdOutboxJournal *journal;
  g_autoptr(RdOutboxJournal) after = NULL;
  g_autoptr(JsonNode) refused = NULL;
  Run r;

  if (!need_display ())
    return;
  journal = rd_outbox_journal_open (dir, &error);
  g_assert_no_error (error);
  refused = add_event (journal, "report.signed");
  g_assert_true (rd_outbox_journal_mark_failed (journal, rd_outbox_envelope_id (refused),
                                                "events-url answered HTTP 410", &error));
  g_object_unref (journal);   /* ReportDock does not run */

  run (&r, "events", "--failed", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, rd_outbox_envelope_id (refused)));
  g_assert_nonnull (strstr (r.out, "\"failed\":\"events-url answered HTTP 410\""));
  g_assert_cmpuint (strlen (r.out), ==, strchr (r.out, '\n') - r.out + 1);   /* that one only */
  run_clear (&r);

  run (&r, "events", "--retry", "--failed", NULL);
  g_assert_cmpint (r.status, ==, 2);
  run_clear (&r);
  run (&r, "events", "--retry", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "1 event is sent again"));
  run_clear (&r);

  run (&r, "events", "--failed", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  run_clear (&r);
  after = rd_outbox_journal_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rd_outbox_journal_get_n_failed (after), ==, 0);
}

/* Issue 25.5 through the real binary: one byte changed in the middle of a
 * journal of undelivered events. `events --failed` shows the damaged record
 * before ReportDock opens the journal, and after (kept aside); every other
 * event stays, in order. */
static void
test_events_damaged_record (void)
{
  g_autofree char *dir = g_build_filename (config_home, "reportdock", NULL);
  g_autofree char *path = NULL, *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) a = NULL, b = NULL, c = NULL;
  RdOutboxJournal *journal;
  gsize length;
  char *line;
  Run r;

  journal = rd_outbox_journal_open (dir, &error);
  g_assert_no_error (error);
  a = add_event (journal, "report.opened");
  b = add_event (journal, "report.signed");
  c = add_event (journal, "report.closed");
  path = g_strdup (rd_outbox_journal_get_path (journal));
  g_object_unref (journal);   /* ReportDock does not run */

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  line = strstr (contents, rd_outbox_envelope_id (b));
  g_assert_nonnull (line);
  line[8] = line[8] == 'a' ? 'b' : 'a';   /* in b's id: still JSON, no longer b */
  g_assert_true (g_file_set_contents (path, contents, length, NULL));

  run (&r, "events", "--failed", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "{\"damaged\":true,\"kept_in\":\""));
  g_assert_nonnull (strstr (r.out, "outbox.jsonl\""));
  run_clear (&r);

  /* the journal opened (here by --retry, as by a restart): kept aside */
  run (&r, "events", "--retry", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.err, "kept aside"));
  run_clear (&r);
  run (&r, "events", "--failed", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "outbox.quarantine\""));
  g_assert_null (strstr (r.out, "outbox.jsonl\""));
  run_clear (&r);
  run (&r, "events", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, rd_outbox_envelope_id (a)));
  g_assert_nonnull (strstr (r.out, rd_outbox_envelope_id (c)));
  g_assert_true (strstr (r.out, rd_outbox_envelope_id (a)) < strstr (r.out, rd_outbox_envelope_id (c)));
  g_assert_null (strstr (r.out, "damaged"));
  run_clear (&r);
}

static void
test_events_follow (void)
{
  g_autofree char *dir = g_build_filename (config_home, "reportdock", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdOutboxJournal) journal = rd_outbox_journal_open (dir, &error);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(JsonNode) later = NULL;
  guint n = rd_outbox_journal_get_events (journal)->len;
  char *line;

  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", config_home, TRUE);
  proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("REPORTDOCK_BINARY"), "events", "--follow", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  for (guint i = 0; i < n; i++)
    {
      line = g_data_input_stream_read_line (out, NULL, NULL, &error);
      g_assert_nonnull (line);
      g_free (line);
    }

  /* a new event shows up while it follows */
  later = add_event (journal, "report.saved");
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (line, rd_outbox_envelope_id (later)));
  g_free (line);

  /* Ctrl-C ends it cleanly */
  g_subprocess_send_signal (proc, SIGINT);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
}

/* `reportdock devices` with no device, and with a SpeechMike that udev
 * lists but that does not answer (umockdev-run: no ioctl emulation). */
static void
test_devices (void)
{
  g_autofree char *umockdev_run = g_find_program_in_path ("umockdev-run");
  g_autofree char *description = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "data",
                                                   "speechmike-hid.umockdev", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  Run r;

  run (&r, "devices", "--colour", NULL);
  g_assert_cmpint (r.status, ==, 2);
  assert_one_line (r.err);
  run_clear (&r);

  if (umockdev_run == NULL)
    {
      g_test_skip ("umockdev-run is not installed (package umockdev)");
      return;
    }
  /* umockdev-run itself is not under test: its GLib warnings are not made
   * fatal, and it crashes under meson's MALLOC_PERTURB_ */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_unsetenv (launcher, "MALLOC_PERTURB_");
  /* an empty test bed: no hidraw device at all */
  {
    const char *argv[] = { umockdev_run, "--", g_getenv ("REPORTDOCK_BINARY"), "devices", NULL };
    g_autoptr(GSubprocess) proc = g_subprocess_launcher_spawnv (launcher, argv, NULL);
    g_autofree char *out = NULL;

    g_assert_nonnull (proc);
    g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, NULL));
    g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 1);
    g_assert_nonnull (strstr (out, "No dictation device found"));
  }
  {
    const char *argv[] = { umockdev_run, "-d", description, "--", g_getenv ("REPORTDOCK_BINARY"), "devices", NULL };
    g_autoptr(GSubprocess) proc = g_subprocess_launcher_spawnv (launcher, argv, NULL);
    g_autofree char *out = NULL;

    g_assert_nonnull (proc);
    g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, NULL));
    g_test_message ("%s", out);
    g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 1);
    g_assert_nonnull (strstr (out, "SpeechMike"));
    g_assert_nonnull (strstr (out, "0911:0c1c"));
    g_assert_nonnull (strstr (out, "/dev/hidraw0"));
    g_assert_nonnull (strstr (out, "does not answer as a HID device"));
    g_assert_nonnull (strstr (out, "collection ffa0/0002, not used"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  config_home = g_dir_make_tmp ("rd-cli-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/cli/version-and-help", test_version_and_help);
  g_test_add_func ("/cli/bad-input", test_bad_input_exits_2);
  g_test_add_func ("/cli/empty-argv", test_empty_argv);
  g_test_add_func ("/cli/close-without-instance", test_close_without_instance);
  g_test_add_func ("/cli/cold-click", test_cold_click);
  g_test_add_func ("/cli/demo-with-own-viewer", test_demo_with_own_viewer);
  g_test_add_func ("/cli/background-start", test_background_start);
  g_test_add_func ("/cli/background-portal", test_background_portal);
  g_test_add_func ("/cli/events", test_events);
  g_test_add_func ("/cli/events-of-the-running-demo", test_events_of_the_running_demo);
  g_test_add_func ("/cli/devices", test_devices);
  g_test_add_func ("/cli/dbus-activation", test_dbus_activation);
  g_test_add_func ("/cli/layout-restored", test_layout_restored);
  g_test_add_func ("/cli/events-follow", test_events_follow);
  g_test_add_func ("/cli/events-failed-and-retry", test_events_failed_and_retry);
  g_test_add_func ("/cli/events-damaged-record", test_events_damaged_record);
  g_test_add_func ("/cli/not-configured-shows-assistant", test_not_configured_shows_assistant);
  g_test_add_func ("/cli/missing-key-named-at-start", test_missing_key_named_at_start);
  g_test_add_func ("/cli/broken-site-profile", test_broken_site_profile_exits_1);
  /* last: this process owns the name from then on */
  g_test_add_func ("/cli/older-instance", test_older_instance);
  return g_test_run ();
}
