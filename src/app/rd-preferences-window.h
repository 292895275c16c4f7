/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-button-map-editor.h"
#include "rd-device-monitor.h"
#include "rd-device-tester.h"
#include "rd-mic-tester.h"
#include "rd-study.h"

G_BEGIN_DECLS

#define RD_TYPE_PREFERENCES_WINDOW (rd_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (RdPreferencesWindow, rd_preferences_window, RD, PREFERENCES_WINDOW, GtkWindow)

RdPreferencesWindow *rd_preferences_window_new        (GtkWindow           *parent,
                                                       const RdStudy       *study,
                                                       gboolean             demo,
                                                       RdDeviceMonitor     *devices);
gboolean             rd_preferences_window_is_showing_demo_notice (RdPreferencesWindow *self);
GtkWidget           *rd_preferences_window_get_widget (RdPreferencesWindow *self,
                                                       const char          *key);
const char          *rd_preferences_window_get_viewer_preview (RdPreferencesWindow *self);
const char          *rd_preferences_window_get_problem (RdPreferencesWindow *self,
                                                       const char          *key);
RdDeviceTester      *rd_preferences_window_get_device_tester (RdPreferencesWindow *self);
RdButtonMapEditor   *rd_preferences_window_get_button_map (RdPreferencesWindow *self);
RdMicTester         *rd_preferences_window_get_mic_tester (RdPreferencesWindow *self);
void                 rd_preferences_window_show_page   (RdPreferencesWindow *self,
                                                       const char          *page);

G_END_DECLS
