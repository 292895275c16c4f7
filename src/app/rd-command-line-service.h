/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The launcher's route to the running instance: one method call,
 * io.github.reportdock.CommandLine1.Run (aay arguments, a{sv} platform_data)
 * → (i exit_status, ay stdout, ay stderr). The command line is handled by
 * the application's own "command-line" handler, as GApplication's protocol
 * would, but in one round trip: no action list to describe, no object for
 * the instance to call back to print. */
#define RD_COMMAND_LINE_INTERFACE "io.github.reportdock.CommandLine1"

/* Registers the interface on object_path; returns the registration id (0 and
 * error set on failure), to be given to g_dbus_connection_unregister_object. */
guint rd_command_line_service_register (GApplication     *app,
                                        GDBusConnection  *connection,
                                        const char       *object_path,
                                        GError          **error);

G_END_DECLS
