/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-autostart"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-autostart.h"

/* Start at login inside a Flatpak. Outside, the system autostart entry
 * (data/…-autostart.desktop) starts ReportDock when start-at-login is on;
 * a sandbox's own /etc is not the host's, so there the desktop is asked
 * through the Background portal (org.freedesktop.portal.Background,
 * RequestBackground: "autostart" and the "commandline" to run) to keep an
 * autostart entry for the app, or to drop it. The portal answers with a
 * Response signal on a request object whose path is known beforehand
 * (the handle_token), subscribed to before asking so none is missed. */

#define PORTAL_NAME "org.freedesktop.portal.Desktop"
#define PORTAL_PATH "/org/freedesktop/portal/desktop"

/* In a Flatpak; REPORTDOCK_SANDBOXED=1 says so for the tests. */
gboolean
rd_autostart_is_sandboxed (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ||
         g_strcmp0 (g_getenv ("REPORTDOCK_SANDBOXED"), "1") == 0;
}

typedef struct {
  GDBusConnection *bus;
  guint            subscription;
  gboolean         wanted;
} Request;

static void
request_free (Request *request)
{
  if (request->subscription != 0)
    g_dbus_connection_signal_unsubscribe (request->bus, request->subscription);
  g_object_unref (request->bus);
  g_free (request);
}

static void
on_response (GDBusConnection *bus,
             const char      *sender,
             const char      *path,
             const char      *interface,
             const char      *signal,
             GVariant        *parameters,
             gpointer         user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GVariant) results = NULL;
  guint32 response;
  gboolean autostart = FALSE;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ua{sv})")))
    return;
  g_variant_get (parameters, "(u@a{sv})", &response, &results);
  g_dbus_connection_signal_unsubscribe (request->bus, request->subscription);
  request->subscription = 0;
  g_variant_lookup (results, "autostart", "b", &autostart);
  if (response != 0)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                             _("the desktop refused to start ReportDock at login"));
  else if (request->wanted && !autostart)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                             _("the desktop did not allow ReportDock to start at login"));
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
on_requested (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);

  if (reply == NULL)
    {
      g_dbus_error_strip_remote_error (error);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);   /* and the one the subscription held */
      g_object_unref (task);
    }
  else
    g_object_unref (task);   /* the answer comes as Response */
}

/* Asks the desktop to start ReportDock at login (`reportdock --background
 * --at-login`), or no longer to; the result says whether it agreed. */
void
rd_autostart_request (GDBusConnection     *bus,
                      gboolean             start_at_login,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);
  g_autofree char *token = g_strdup_printf ("reportdock%u", g_random_int ());
  g_autofree char *sender = g_strdup (g_dbus_connection_get_unique_name (bus) + 1);
  g_autofree char *handle = NULL;
  const char * const commandline[] = { "reportdock", "--background", "--at-login", NULL };
  GVariantBuilder options;

  g_strdelimit (sender, ".", '_');
  handle = g_strdup_printf ("%s/request/%s/%s", PORTAL_PATH, sender, token);
  request->bus = g_object_ref (bus);
  request->wanted = start_at_login;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  request->subscription =
    g_dbus_connection_signal_subscribe (bus, PORTAL_NAME, "org.freedesktop.portal.Request", "Response", handle,
                                        NULL, G_DBUS_SIGNAL_FLAGS_NO_MATCH_RULE, on_response,
                                        g_object_ref (task), NULL);
  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Ready for the first study of the day: signed in at login")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (start_at_login));
  g_variant_builder_add (&options, "{sv}", "commandline", g_variant_new_strv (commandline, -1));
  g_variant_builder_add (&options, "{sv}", "dbus-activatable", g_variant_new_boolean (FALSE));
  g_dbus_connection_call (bus, PORTAL_NAME, PORTAL_PATH, "org.freedesktop.portal.Background", "RequestBackground",
                          g_variant_new ("(sa{sv})", "", &options), G_VARIANT_TYPE ("(o)"),
                          G_DBUS_CALL_FLAGS_NONE, 30000, cancellable, on_requested, task);
}

gboolean
rd_autostart_request_finish (GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
