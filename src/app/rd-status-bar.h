/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-leds.h"
#include "rd-session.h"

G_BEGIN_DECLS

/* How long a request's problem and a notice stay in the status bar. */
#define RD_STATUS_BAR_PROBLEM_SECONDS 10
#define RD_STATUS_BAR_NOTICE_SECONDS  4

#define RD_TYPE_STATUS_BAR (rd_status_bar_get_type ())
G_DECLARE_FINAL_TYPE (RdStatusBar, rd_status_bar, RD, STATUS_BAR, GtkBox)

void        rd_status_bar_show_session            (RdStatusBar    *self,
                                                   RdSessionState  state,
                                                   const char     *reason,
                                                   const char     *user);
void        rd_status_bar_show_problem            (RdStatusBar    *self,
                                                   const char     *message);
void        rd_status_bar_show_notice             (RdStatusBar    *self,
                                                   const char     *message);
void        rd_status_bar_clear_notice            (RdStatusBar    *self);
gboolean    rd_status_bar_is_showing_problem      (RdStatusBar    *self);
void        rd_status_bar_set_devices             (RdStatusBar    *self,
                                                   const char     *devices,
                                                   gboolean        problem,
                                                   RdLedState      led);
void        rd_status_bar_set_delivery_problem    (RdStatusBar    *self,
                                                   const char     *problem);
void        rd_status_bar_show_mic_level          (RdStatusBar    *self,
                                                   double          rms_dbfs);
void        rd_status_bar_show_mic_verdict        (RdStatusBar    *self,
                                                   const char     *text,
                                                   gboolean        problem,
                                                   gboolean        blocked);
void        rd_status_bar_set_input               (RdStatusBar    *self,
                                                   const char     *name,
                                                   const char     *missing);

/* what it shows, for tests */
const char *rd_status_bar_get_reason              (RdStatusBar    *self);
const char *rd_status_bar_get_devices_text        (RdStatusBar    *self);
const char *rd_status_bar_get_input_text          (RdStatusBar    *self);
gboolean    rd_status_bar_is_offering_dictate_anyway (RdStatusBar *self);

G_END_DECLS
