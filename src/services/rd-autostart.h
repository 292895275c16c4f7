/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean rd_autostart_is_sandboxed (void);
void     rd_autostart_request      (GDBusConnection     *bus,
                                    gboolean             start_at_login,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean rd_autostart_request_finish (GAsyncResult      *result,
                                      GError           **error);

G_END_DECLS
