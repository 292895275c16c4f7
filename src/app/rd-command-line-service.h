/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-command-line-protocol.h"

G_BEGIN_DECLS

/* The instance's end of the launcher's route (rd-command-line-protocol.h).
 * The command line is handled by the application's own "command-line"
 * handler, as GApplication's protocol would, but in one round trip: no
 * action list to describe, no object for the instance to call back to
 * print. */

/* Registers the interface on object_path; returns the registration id (0 and
 * error set on failure), to be given to g_dbus_connection_unregister_object. */
guint rd_command_line_service_register (GApplication     *app,
                                        GDBusConnection  *connection,
                                        const char       *object_path,
                                        GError          **error);

G_END_DECLS
