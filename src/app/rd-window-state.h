/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What the windows remember of themselves (size, maximized, fullscreen,
 * monitor, divider), in the State schema, apart from the configuration an
 * admin sets and may lock. */

GSettings *rd_window_state_new     (void);
gboolean   rd_window_state_migrate (GSettings *configuration,
                                    GSettings *state);

G_END_DECLS
