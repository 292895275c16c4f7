/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int rd_layout_pick_monitor (const char         *wanted,
                            const char * const *connectors,
                            const char         *avoid);

G_END_DECLS
