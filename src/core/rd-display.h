/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean rd_display_wayland_name (const char  *wayland_display,
                                  const char  *runtime_dir,
                                  char       **name,
                                  GError     **error);

G_END_DECLS
