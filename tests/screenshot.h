/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

void save_screenshot (GtkWidget  *window,
                      const char *name);
