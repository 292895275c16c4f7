/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-settings-fields.h"

G_BEGIN_DECLS

#define RD_TYPE_SETTINGS_FORM (rd_settings_form_get_type ())
G_DECLARE_FINAL_TYPE (RdSettingsForm, rd_settings_form, RD, SETTINGS_FORM, GtkGrid)

RdSettingsForm *rd_settings_form_new         (GSettings          *settings,
                                              const char * const *keys,
                                              const char * const *required);
/* the control bound to the key: an entry, switch, spin button or drop-down */
GtkWidget      *rd_settings_form_get_control (RdSettingsForm *self,
                                              const char     *key);
const char     *rd_settings_form_get_problem (RdSettingsForm *self,
                                              const char     *key);
void            rd_settings_form_align_labels (RdSettingsForm *self,
                                               GtkSizeGroup   *group);
void            rd_settings_bind_number      (GSettings      *settings,
                                              const char     *key,
                                              GtkSpinButton  *spin);
void            rd_settings_bind_choice      (GSettings          *settings,
                                              const char         *key,
                                              GtkDropDown        *drop_down,
                                              const char * const *values);
void            rd_settings_form_focus_first (RdSettingsForm *self);
gboolean        rd_settings_form_is_complete (RdSettingsForm *self);
char           *rd_settings_form_describe_incomplete (RdSettingsForm *self);

G_END_DECLS
