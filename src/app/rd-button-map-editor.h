/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RD_TYPE_BUTTON_MAP_EDITOR (rd_button_map_editor_get_type ())
G_DECLARE_FINAL_TYPE (RdButtonMapEditor, rd_button_map_editor, RD, BUTTON_MAP_EDITOR, GtkGrid)

RdButtonMapEditor *rd_button_map_editor_new        (GSettings         *settings);
GtkDropDown       *rd_button_map_editor_get_choice (RdButtonMapEditor *self,
                                                    const char        *key);
gboolean           rd_button_map_editor_select     (RdButtonMapEditor *self,
                                                    const char        *key,
                                                    const char        *action);

G_END_DECLS
