/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RD_TYPE_VIEWER_WINDOW (rd_viewer_window_get_type ())
G_DECLARE_FINAL_TYPE (RdViewerWindow, rd_viewer_window, RD, VIEWER_WINDOW, GtkApplicationWindow)

RdViewerWindow *rd_viewer_window_new          (GtkApplication *application,
                                               GtkWidget      *main_window);
void            rd_viewer_window_set_content  (RdViewerWindow *self,
                                               GtkWidget      *content);
GtkWidget      *rd_viewer_window_take_content (RdViewerWindow *self);
void            rd_viewer_window_set_patient  (RdViewerWindow *self,
                                               const char     *text,
                                               const char     *accessible);
const char     *rd_viewer_window_get_patient  (RdViewerWindow *self);

G_END_DECLS
