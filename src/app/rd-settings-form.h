/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>


G_BEGIN_DECLS

#define RD_TYPE_SETTINGS_FORM (rd_settings_form_get_type ())
G_DECLARE_FINAL_TYPE (RdSettingsForm, rd_settings_form, RD, SETTINGS_FORM, GtkGrid)

RdSettingsForm *rd_settings_form_new         (GSettings          *settings,
                                              const char * const *keys,
                                              const char * const *required);
GtkWidget      *rd_settings_form_get_entry   (RdSettingsForm *self,
                                              const char     *key);
const char     *rd_settings_form_get_problem (RdSettingsForm *self,
                                              const char     *key);
gboolean        rd_settings_form_is_complete (RdSettingsForm *self);
char           *rd_settings_form_describe_incomplete (RdSettingsForm *self);

G_END_DECLS
