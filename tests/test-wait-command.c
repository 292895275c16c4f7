/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

/* `reportdock open … --wait EVENT`, the launcher's own code (src/cli/
 * rd-wait-command.c), against an instance of the test's own on a private
 * bus: it opens the study through D-Bus, lets events of other patients,
 * other sites and unfinished signatures pass, prints the one it waits
 * for, and says when none came in time. */

static const char introspection[] =
  "<node><interface name='io.github.reportdock.ReportDock1'>"
  "  <method name='OpenReportWithPlatformData'>"
  "    <arg type='a{sv}' direction='in'/><arg type='a{sv}' direction='in'/></method>"
  "  <method name='GetStatus'><arg type='a{sv}' direction='out'/></method>"
  "  <signal name='ReportEvent'><arg type='s'/><arg type='s'/></signal>"
  "</interface></node>";

typedef struct {
  GDBusConnection *bus;
  const char     **events;     /* emitted once the study is opened: "type|mrn|accession|site|final" */
  GVariant        *opened;     /* the study the launcher asked for */
} Instance;

static char *
envelope (const char *spec)
{
  g_auto(GStrv) f = g_strsplit (spec, "|", -1);

  return g_strdup_printf ("{\"id\":\"e1\",\"type\":\"%s\",\"study\":{\"mrn\":\"%s\",\"accession_number\":\"%s\","
                          "\"site_id\":\"%s\"},\"final\":%s,\"payload\":{}}", f[0], f[1], f[2], f[3], f[4]);
}

static gboolean
emit_events (gpointer user_data)
{
  Instance *instance = user_data;

  for (guint i = 0; instance->events[i] != NULL; i++)
    {
      g_autofree char *json = envelope (instance->events[i]);
      g_auto(GStrv) f = g_strsplit (instance->events[i], "|", 2);

      g_dbus_connection_emit_signal (instance->bus, NULL, OBJECT_PATH, "io.github.reportdock.ReportDock1",
                                     "ReportEvent", g_variant_new ("(ss)", f[0], json), NULL);
    }
  return G_SOURCE_REMOVE;
}

static void
on_method (GDBusConnection       *connection,
           const char            *sender,
           const char            *path,
           const char            *interface,
           const char            *method,
           GVariant              *parameters,
           GDBusMethodInvocation *invocation,
           gpointer               user_data)
{
  Instance *instance = user_data;

  if (g_str_equal (method, "GetStatus"))
    {
      GVariantBuilder b;

      g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&b, "{sv}", "default_site_id", g_variant_new_string ("NORTH"));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(a{sv})", &b));
      return;
    }
  instance->opened = g_variant_get_child_value (parameters, 0);
  g_dbus_method_invocation_return_value (invocation, NULL);
  g_idle_add (emit_events, instance);
}

static const GDBusInterfaceVTable vtable = { on_method, NULL, NULL, { 0 } };

typedef struct {
  GTestDBus *dbus;
  Instance   instance;
  guint      registration;
  guint      owner;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (introspection, &error);

  g_assert_no_error (error);
  f->dbus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (f->dbus);
  f->instance.bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  f->registration = g_dbus_connection_register_object (f->instance.bus, OBJECT_PATH, info->interfaces[0], &vtable,
                                                       &f->instance, NULL, &error);
  g_assert_no_error (error);
  f->owner = g_bus_own_name_on_connection (f->instance.bus, APP_ID, G_BUS_NAME_OWNER_FLAGS_NONE,
                                           NULL, NULL, NULL, NULL);
  /* owned before the launcher looks */
  while (TRUE)
    {
      g_autoptr(GVariant) owned =
        g_dbus_connection_call_sync (f->instance.bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                     "org.freedesktop.DBus", "NameHasOwner", g_variant_new ("(s)", APP_ID),
                                     G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
      gboolean yes = FALSE;

      g_variant_get (owned, "(b)", &yes);
      if (yes)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_bus_unown_name (f->owner);
  g_dbus_connection_unregister_object (f->instance.bus, f->registration);
  g_clear_pointer (&f->instance.opened, g_variant_unref);
  g_object_unref (f->instance.bus);
  g_test_dbus_down (f->dbus);
  g_object_unref (f->dbus);
}

typedef struct {
  char *out, *err;
  int   status;
  gboolean done;
} Result;

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Result *r = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &r->out, &r->err, &error));
  g_assert_no_error (error);
  r->status = g_subprocess_get_exit_status (G_SUBPROCESS (source));
  r->done = TRUE;
}

/* Runs the launcher while this process answers as the instance. */
static Result
wait_for (const char *site,
          const char *event,
          const char *timeout)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) launcher = NULL;
  const char *binary = g_getenv ("REPORTDOCK_BINARY");
  Result r = { NULL, NULL, -1, FALSE };

  g_assert_nonnull (binary);
  if (site != NULL)
    launcher = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, binary,
                                 "open", "--mrn", "M1", "--accession", "A1", "--site", site, "--wait", event,
                                 "--timeout", timeout, NULL);
  else
    launcher = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, binary,
                                 "open", "--mrn", "M1", "--accession", "A1", "--wait", event,
                                 "--timeout", timeout, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (launcher, NULL, NULL, on_exited, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("status %d; out: %s; err: %s", r.status, r.out, r.err);
  return r;
}

/* Other patients, other sites and a signature not yet final pass by; the
 * final signature of the study asked for is printed, as one line. */
static void
test_prints_the_one_awaited (Fixture       *f,
                             gconstpointer  data)
{
  const char *events[] = {
    "report.signed|OTHER|A1|SOUTH|true",
    "report.signed|M1|A1|NORTH|true",
    "report.signed|M1|A1|SOUTH|false",
    "report.saved|M1|A1|SOUTH|false",
    "report.signed|M1|A1|SOUTH|true",
    NULL
  };
  Result r;
  const char *mrn = NULL;

  f->instance.events = events;
  r = wait_for ("SOUTH", "report.signed:final", "20");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "\"mrn\":\"M1\""));
  g_assert_nonnull (strstr (r.out, "\"site_id\":\"SOUTH\""));
  g_assert_nonnull (strstr (r.out, "\"final\":true"));
  g_assert_cmpuint (strlen (r.out), ==, strcspn (r.out, "\n") + 1);   /* one line */
  g_assert_true (g_variant_lookup (f->instance.opened, "mrn", "&s", &mrn));
  g_assert_cmpstr (mrn, ==, "M1");
  g_free (r.out);
  g_free (r.err);
}

/* Opened without --site: the instance's default site is the study's. */
static void
test_default_site (Fixture       *f,
                   gconstpointer  data)
{
  const char *events[] = { "report.opened|M1|A1|SOUTH|false", "report.opened|M1|A1|NORTH|false", NULL };
  Result r;

  f->instance.events = events;
  r = wait_for (NULL, "report.opened", "20");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "\"site_id\":\"NORTH\""));
  g_free (r.out);
  g_free (r.err);
}

/* Nothing for this study in time: exit 3, and it says so. */
static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  const char *events[] = { "report.signed|OTHER|A9|NORTH|true", NULL };
  Result r;

  f->instance.events = events;
  r = wait_for ("NORTH", "report.signed", "1");
  g_assert_cmpint (r.status, ==, 3);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_nonnull (strstr (r.err, "no report.signed for this study within 1 s"));
  g_free (r.out);
  g_free (r.err);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/wait-command/prints-the-one-awaited", Fixture, NULL, setup, test_prints_the_one_awaited, teardown);
  g_test_add ("/wait-command/default-site", Fixture, NULL, setup, test_default_site, teardown);
  g_test_add ("/wait-command/timeout", Fixture, NULL, setup, test_timeout, teardown);
  return g_test_run ();
}
