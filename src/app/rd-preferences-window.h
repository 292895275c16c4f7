/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-study.h"

G_BEGIN_DECLS

#define RD_TYPE_PREFERENCES_WINDOW (rd_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (RdPreferencesWindow, rd_preferences_window, RD, PREFERENCES_WINDOW, GtkWindow)

RdPreferencesWindow *rd_preferences_window_new        (GtkWindow           *parent,
                                                       const RdStudy       *study,
                                                       gboolean             demo);
gboolean             rd_preferences_window_is_showing_demo_notice (RdPreferencesWindow *self);
GtkWidget           *rd_preferences_window_get_widget (RdPreferencesWindow *self,
                                                       const char          *key);
const char          *rd_preferences_window_get_viewer_preview (RdPreferencesWindow *self);
const char          *rd_preferences_window_get_file_warning   (RdPreferencesWindow *self,
                                                       const char          *key);

G_END_DECLS
