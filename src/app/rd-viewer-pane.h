/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-viewer-view.h"

G_BEGIN_DECLS

#define RD_TYPE_VIEWER_PANE (rd_viewer_pane_get_type ())
G_DECLARE_FINAL_TYPE (RdViewerPane, rd_viewer_pane, RD, VIEWER_PANE, GtkWidget)

void        rd_viewer_pane_set_view        (RdViewerPane *self,
                                            RdViewerView *view);
void        rd_viewer_pane_cover           (RdViewerPane *self,
                                            const char   *message);
const char *rd_viewer_pane_get_message     (RdViewerPane *self);
gboolean    rd_viewer_pane_is_showing_page (RdViewerPane *self);

G_END_DECLS
