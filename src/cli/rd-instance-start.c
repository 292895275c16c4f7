/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-launcher"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-instance-start.h"

#include <sys/wait.h>
#include <unistd.h>

/* Starting the running instance for a worklist's click, detached from the
 * caller: a worklist that waits for the command's exit status (or for the
 * end of its output) gets it as soon as the click is handled, and killing
 * the caller, or its whole process group, never touches the instance. The
 * desktop's own way first: D-Bus activation through the installed service
 * file (the instance is then the bus's child, in a Flatpak too); without
 * one (a build tree), a spawn in a session of its own, its output to
 * /dev/null, its standard streams none of the caller's. */

#define BUS_NAME        APP_ID
#define START_TIMEOUT_S 60

gboolean
rd_instance_is_running (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply =
    g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                 "org.freedesktop.DBus", "NameHasOwner", g_variant_new ("(s)", BUS_NAME),
                                 G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  gboolean owned = FALSE;

  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

typedef struct {
  GMainLoop *loop;
  gboolean   appeared;
  gboolean   exited;
  int        wait_status;
} Start;

static void
on_name_appeared (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  Start *s = user_data;

  s->appeared = TRUE;
  g_main_loop_quit (s->loop);
}

static void
on_child_exited (GPid     pid,
                 int      wait_status,
                 gpointer user_data)
{
  Start *s = user_data;

  s->exited = TRUE;
  s->wait_status = wait_status;
  g_spawn_close_pid (pid);
  g_main_loop_quit (s->loop);
}

static gboolean
on_start_timeout (gpointer user_data)
{
  Start *s = user_data;

  g_main_loop_quit (s->loop);
  return G_SOURCE_REMOVE;
}

/* in the child, before exec: a session of its own, no controlling terminal */
static void
detach (gpointer user_data)
{
  setsid ();
}

static gboolean
spawn_detached (GDBusConnection  *bus,
                const char       *app_path,
                GError          **error)
{
  const char *argv[] = { app_path, "--gapplication-service", NULL };
  g_autoptr(GMainContext) context = g_main_context_new ();
  Start s = { 0 };
  GSource *child, *timeout;
  GPid pid;
  guint watch;

  g_main_context_push_thread_default (context);
  s.loop = g_main_loop_new (context, FALSE);
  /* watched before the start: the name cannot appear unseen */
  watch = g_bus_watch_name_on_connection (bus, BUS_NAME, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                          on_name_appeared, NULL, &s, NULL);
  if (!g_spawn_async (NULL, (char **) argv, NULL,
                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL |
                      G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      detach, NULL, &pid, error))
    {
      g_bus_unwatch_name (watch);
      g_main_loop_unref (s.loop);
      g_main_context_pop_thread_default (context);
      return FALSE;
    }
  child = g_child_watch_source_new (pid);
  g_source_set_callback (child, (GSourceFunc) (void (*) (void)) on_child_exited, &s, NULL);
  g_source_attach (child, context);
  timeout = g_timeout_source_new_seconds (START_TIMEOUT_S);
  g_source_set_callback (timeout, on_start_timeout, &s, NULL);
  g_source_attach (timeout, context);
  if (!rd_instance_is_running (bus))
    g_main_loop_run (s.loop);
  s.appeared = s.appeared || rd_instance_is_running (bus);

  g_source_destroy (timeout);
  g_source_unref (timeout);
  /* it goes on without us: no longer watched (it becomes init's child
   * when we exit) */
  g_source_destroy (child);
  g_source_unref (child);
  g_bus_unwatch_name (watch);
  g_main_loop_unref (s.loop);
  g_main_context_pop_thread_default (context);

  if (s.appeared)
    return TRUE;
  if (s.exited)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("ReportDock could not start (exit status %d); run %s --gapplication-service in a "
                   "terminal to see why"),
                 WIFEXITED (s.wait_status) ? WEXITSTATUS (s.wait_status) : 128 + WTERMSIG (s.wait_status),
                 app_path);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                 _("ReportDock did not start within %d s; run %s --gapplication-service in a terminal "
                   "to see why"), START_TIMEOUT_S, app_path);
  return FALSE;
}

/* Returns once the instance owns its name on the bus (so it serves
 * CommandLine1.Run), or with error. */
gboolean
rd_instance_start (GDBusConnection  *bus,
                   const char       *app_path,
                   GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GVariant) reply = NULL;

  g_return_val_if_fail (G_IS_DBUS_CONNECTION (bus), FALSE);
  g_return_val_if_fail (app_path != NULL, FALSE);

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "StartServiceByName",
                                       g_variant_new ("(su)", BUS_NAME, 0), G_VARIANT_TYPE ("(u)"),
                                       G_DBUS_CALL_FLAGS_NONE, START_TIMEOUT_S * 1000, NULL, &local_error);
  if (reply != NULL)
    return TRUE;
  if (!g_error_matches (local_error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN))
    {
      g_dbus_error_strip_remote_error (local_error);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("ReportDock could not be started by the desktop (%s); run %s --gapplication-service "
                     "in a terminal to see why"), local_error->message, app_path);
      return FALSE;
    }
  /* no service file installed (a build tree): started here, detached */
  return spawn_detached (bus, app_path, error);
}
