/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean rd_instance_is_running (GDBusConnection  *bus);
gboolean rd_instance_start      (GDBusConnection  *bus,
                                 const char       *app_path,
                                 GError          **error);

G_END_DECLS
