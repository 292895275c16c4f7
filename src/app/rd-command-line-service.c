/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-dbus"

#include "config.h"

#include "rd-command-line-service.h"

/* Any process of this user on the session bus may call Run, as it may call
 * GApplication's own CommandLine method or OpenReport: the command line is
 * validated by the instance exactly as if typed (rd-application-launch.c). */

static const char introspection_xml[] =
  "<node>"
  "  <interface name='" RD_COMMAND_LINE_INTERFACE "'>"
  "    <method name='Run'>"
  "      <arg type='aay' name='arguments' direction='in'/>"
  "      <arg type='a{sv}' name='platform_data' direction='in'/>"
  "      <arg type='i' name='exit_status' direction='out'/>"
  "      <arg type='ay' name='stdout' direction='out'/>"
  "      <arg type='ay' name='stderr' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

/* A command line whose printing is kept for the reply. The reply goes when
 * the last reference is dropped, with the exit status set by then: as with
 * GApplication's own remote command lines, a handler that must wait for
 * something (the keyring, rd-application-launch.c) keeps a reference and the
 * caller waits with it. */
#define RD_TYPE_CAPTURED_COMMAND_LINE (rd_captured_command_line_get_type ())
G_DECLARE_FINAL_TYPE (RdCapturedCommandLine, rd_captured_command_line, RD, CAPTURED_COMMAND_LINE,
                      GApplicationCommandLine)

struct _RdCapturedCommandLine
{
  GApplicationCommandLine parent_instance;
  GString                *out;
  GString                *err;
  GDBusMethodInvocation  *invocation;
};

G_DEFINE_FINAL_TYPE (RdCapturedCommandLine, rd_captured_command_line, G_TYPE_APPLICATION_COMMAND_LINE)

static void
captured_print (GApplicationCommandLine *cmdline,
                const char              *message)
{
  g_string_append (RD_CAPTURED_COMMAND_LINE (cmdline)->out, message);
}

static void
captured_printerr (GApplicationCommandLine *cmdline,
                   const char              *message)
{
  g_string_append (RD_CAPTURED_COMMAND_LINE (cmdline)->err, message);
}

static GVariant *
bytes_of (GString *text)
{
  return g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, text->str, text->len, 1);
}

static void
rd_captured_command_line_dispose (GObject *object)
{
  RdCapturedCommandLine *self = RD_CAPTURED_COMMAND_LINE (object);
  GApplicationCommandLine *cmdline = G_APPLICATION_COMMAND_LINE (object);

  if (self->invocation != NULL)
    g_dbus_method_invocation_return_value (g_steal_pointer (&self->invocation),
                                           g_variant_new ("(i@ay@ay)",
                                                          g_application_command_line_get_exit_status (cmdline),
                                                          bytes_of (self->out), bytes_of (self->err)));
  G_OBJECT_CLASS (rd_captured_command_line_parent_class)->dispose (object);
}

static void
rd_captured_command_line_finalize (GObject *object)
{
  RdCapturedCommandLine *self = RD_CAPTURED_COMMAND_LINE (object);

  g_string_free (self->out, TRUE);
  g_string_free (self->err, TRUE);
  G_OBJECT_CLASS (rd_captured_command_line_parent_class)->finalize (object);
}

static void
rd_captured_command_line_class_init (RdCapturedCommandLineClass *klass)
{
  GApplicationCommandLineClass *cmdline_class = G_APPLICATION_COMMAND_LINE_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rd_captured_command_line_dispose;
  G_OBJECT_CLASS (klass)->finalize = rd_captured_command_line_finalize;
  cmdline_class->print_literal = captured_print;
  cmdline_class->printerr_literal = captured_printerr;
}

static void
rd_captured_command_line_init (RdCapturedCommandLine *self)
{
  self->out = g_string_new (NULL);
  self->err = g_string_new (NULL);
}

static void
on_method_call (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  GApplication *app = user_data;
  GApplicationClass *app_class = G_APPLICATION_GET_CLASS (app);
  g_autoptr(GVariant) arguments = NULL;
  g_autoptr(GVariant) platform_data = NULL;
  g_autoptr(RdCapturedCommandLine) cmdline = NULL;
  int status = 0;

  /* the only method; GDBus has checked the argument types */
  g_variant_get (parameters, "(@aay@a{sv})", &arguments, &platform_data);
  /* platform data makes it a remote command line, with the caller's cwd */
  cmdline = g_object_new (RD_TYPE_CAPTURED_COMMAND_LINE,
                          "arguments", arguments,
                          "platform-data", platform_data,
                          NULL);
  cmdline->invocation = invocation;
  /* startup notification and activation token, as for GApplication's call */
  app_class->before_emit (app, platform_data);
  g_signal_emit_by_name (app, "command-line", cmdline, &status);
  g_application_command_line_set_exit_status (G_APPLICATION_COMMAND_LINE (cmdline), status);
  app_class->after_emit (app, platform_data);
  /* answered now, unless the handler still holds the command line */
}

guint
rd_command_line_service_register (GApplication     *app,
                                  GDBusConnection  *connection,
                                  const char       *object_path,
                                  GError          **error)
{
  static const GDBusInterfaceVTable vtable = { on_method_call, NULL, NULL, { 0 } };
  static GDBusNodeInfo *node;

  if (g_once_init_enter (&node))
    g_once_init_leave (&node, g_dbus_node_info_new_for_xml (introspection_xml, NULL));
  return g_dbus_connection_register_object (connection, object_path, node->interfaces[0],
                                            &vtable, app, NULL, error);
}
