/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-report-view.h"
#include "rd-session.h"
#include "rd-token-source.h"

G_BEGIN_DECLS

#define RD_TYPE_REPORT_CONTROLLER (rd_report_controller_get_type ())
G_DECLARE_FINAL_TYPE (RdReportController, rd_report_controller, RD, REPORT_CONTROLLER, GObject)

RdReportController *rd_report_controller_new         (RdSession          *session,
                                                      RdTokenSource      *tokens,
                                                      RdReportView       *view);
RdSession          *rd_report_controller_get_session (RdReportController *self);
RdReportView       *rd_report_controller_get_view    (RdReportController *self);
RdTokenSource      *rd_report_controller_get_tokens  (RdReportController *self);
void                rd_report_controller_start       (RdReportController *self);

/* What the window uses: the seam where a vendor without the iframe
 * handshake (mdai, avara) brings its own controller. */
GtkWidget          *rd_report_controller_get_widget  (RdReportController *self);
void                rd_report_controller_reload      (RdReportController *self);
gboolean            rd_report_controller_open_study  (RdReportController *self,
                                                      const RdStudy      *study,
                                                      GError            **error);
void                rd_report_controller_close_report (RdReportController *self);
gboolean            rd_report_controller_send_command (RdReportController *self,
                                                      const char         *command,
                                                      GError            **error);
RdSessionState      rd_report_controller_get_state   (RdReportController *self);
const char         *rd_report_controller_get_reason  (RdReportController *self);
const char         *rd_report_controller_get_user_name (RdReportController *self);
const RdStudy      *rd_report_controller_get_study   (RdReportController *self);
gboolean            rd_report_controller_get_context_mismatch (RdReportController *self);
gboolean            rd_report_controller_get_recording (RdReportController *self);
gboolean            rd_report_controller_get_insert_mode (RdReportController *self);
const char         *rd_report_controller_get_mismatch_detail  (RdReportController *self);

G_END_DECLS
