/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void  rd_placement_restore   (GtkWindow  *window,
                              GSettings  *settings,
                              const char *prefix,
                              GtkWindow  *other);
void  rd_placement_save      (GtkWindow  *window,
                              GSettings  *settings,
                              const char *prefix);
char *rd_placement_connector (GtkWindow  *window);

G_END_DECLS
