/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-command-router.h"
#include "rd-native-viewer.h"
#include "rd-status-bar.h"
#include "rd-study-banner.h"
#include "rd-viewer-window.h"
#include "rd-report-controller.h"
#include "rd-viewer-view.h"
#include "rd-leds.h"

G_BEGIN_DECLS

#define RD_TYPE_WINDOW (rd_window_get_type ())
G_DECLARE_FINAL_TYPE (RdWindow, rd_window, RD, WINDOW, GtkApplicationWindow)

/* The report pane's least width (ui/rd-window.ui says the same). */
#define RD_WINDOW_REPORT_MIN_WIDTH 640

int                 rd_window_default_viewer_width (int window_width);
char               *rd_window_format_elapsed (gint64              seconds);
/* The header bar's recording time ("0:42"), or NULL when not recording. */
const char         *rd_window_get_recording_text (RdWindow         *self);

/* How long a request's problem and a notice stay in the status bar. */
#define RD_WINDOW_PROBLEM_SECONDS RD_STATUS_BAR_PROBLEM_SECONDS
#define RD_WINDOW_NOTICE_SECONDS  RD_STATUS_BAR_NOTICE_SECONDS

RdWindow           *rd_window_new            (GtkApplication       *app,
                                              RdReportController   *controller,
                                              WebKitNetworkSession *viewer_session,
                                              RdViewerProfile      *viewer_profile,
                                              const char           *viewer_template,
                                              const char           *default_site_id);
void                rd_window_set_command_router (RdWindow         *self,
                                              RdCommandRouter      *router);
void                rd_window_set_native_viewer (RdWindow          *self,
                                              RdNativeViewer       *viewer);
RdViewerWindow     *rd_window_get_viewer_window (RdWindow         *self);
const char         *rd_window_get_viewer_layout (RdWindow         *self);
gboolean            rd_window_open_study     (RdWindow             *self,
                                              const RdStudy        *study,
                                              GError              **error);
void                rd_window_close_report   (RdWindow             *self);
void                rd_window_show_problem   (RdWindow             *self,
                                              const char           *message);
void                rd_window_set_delivery_problem (RdWindow       *self,
                                              const char           *problem);
RdReportController *rd_window_get_controller (RdWindow             *self);
RdViewerView       *rd_window_get_viewer     (RdWindow             *self);
RdNativeViewer     *rd_window_get_native_viewer (RdWindow          *self);
const char         *rd_window_get_viewer_message (RdWindow         *self);
gboolean            rd_window_is_showing_viewer_page (RdWindow     *self);
gboolean            rd_window_is_warning_wrong_patient (RdWindow     *self);
void                rd_window_show_mic_level (RdWindow             *self,
                                              double                rms_dbfs);
void                rd_window_show_mic_verdict (RdWindow           *self,
                                              const char           *text,
                                              gboolean              problem,
                                              gboolean              blocked);
gboolean            rd_window_is_showing_problem (RdWindow         *self);
void                rd_window_show_notice    (RdWindow             *self,
                                              const char           *message);
void                rd_window_set_devices    (RdWindow             *self,
                                              const char           *devices,
                                              gboolean              problem,
                                              RdLedState            led);
/* The report pane is covered (opening, failed): nothing to click or type. */
gboolean            rd_window_is_covering_report (RdWindow         *self);
const char         *rd_window_get_cover_text (RdWindow             *self);
/* which: "name", "demographics", "mrn", "accessions", "study" */
RdStudyBanner      *rd_window_get_banner (RdWindow              *self);
RdStatusBar        *rd_window_get_status_bar (RdWindow          *self);


G_END_DECLS
