/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <webkit/webkit.h>

#include "rd-session.h"

G_BEGIN_DECLS

/* The provider seam: what the window and the application use of a report
 * pane, whatever the vendor's integration style. RdIframeController speaks
 * the postMessage protocol; RdLinkController loads a per-study page from a
 * vendor's REST API (MD.ai, Avara).
 *
 * What it knows is held here as properties — state, reason, user-name,
 * recording, insert-mode, context-mismatch, mismatch-detail, pane,
 * pane-reason, report-status, report-owner, qr-png — set by the subclass
 * through the setters below and watched with notify::. Each setter
 * notifies only what changed, after it has set everything it was given;
 * a subclass that sets several at once freezes notifications around them,
 * so that a listener never sees half of a change. The study is asked for
 * (get_study) and its changes are the study-changed signal. */

#define RD_TYPE_REPORT_CONTROLLER (rd_report_controller_get_type ())
G_DECLARE_DERIVABLE_TYPE (RdReportController, rd_report_controller, RD, REPORT_CONTROLLER, GObject)

struct _RdReportControllerClass
{
  GObjectClass parent_class;

  void            (*start)                (RdReportController  *self);
  GtkWidget      *(*get_widget)           (RdReportController  *self);
  void            (*reload)               (RdReportController  *self);
  gboolean        (*open_study)           (RdReportController  *self,
                                           const RdStudy       *study,
                                           GError             **error);
  void            (*close_report)         (RdReportController  *self);
  gboolean        (*send_command)         (RdReportController  *self,
                                           const char          *command,
                                           GError             **error);
  /* Whether the vendor's page can carry this command at all (default: no). */
  gboolean        (*supports_command)     (RdReportController  *self,
                                           const char          *command);
  const RdStudy  *(*get_study)            (RdReportController  *self);
  const RdEventStudy *(*get_mismatch_shown) (RdReportController *self);
  void            (*override_mismatch)    (RdReportController  *self);
  /* Leave the open report the vendor's way before quitting; emit
   * "ready-to-close" when done (default: at once). */
  void            (*prepare_close)        (RdReportController  *self);
  /* Put the keyboard in the report (default: the pane's widget). */
  void            (*focus_report)         (RdReportController  *self);
};

void                rd_report_controller_start       (RdReportController *self);
GtkWidget          *rd_report_controller_get_widget  (RdReportController *self);
void                rd_report_controller_reload      (RdReportController *self);
gboolean            rd_report_controller_open_study  (RdReportController *self,
                                                      const RdStudy      *study,
                                                      GError            **error);
void                rd_report_controller_close_report (RdReportController *self);
gboolean            rd_report_controller_send_command (RdReportController *self,
                                                      const char         *command,
                                                      GError            **error);
gboolean            rd_report_controller_supports_command (RdReportController *self,
                                                      const char         *command);
RdSessionState      rd_report_controller_get_state   (RdReportController *self);
const char         *rd_report_controller_get_reason  (RdReportController *self);
const char         *rd_report_controller_get_user_name (RdReportController *self);
const RdStudy      *rd_report_controller_get_study   (RdReportController *self);
gboolean            rd_report_controller_get_context_mismatch (RdReportController *self);
gboolean            rd_report_controller_get_recording (RdReportController *self);
gboolean            rd_report_controller_get_insert_mode (RdReportController *self);
const char         *rd_report_controller_get_mismatch_detail  (RdReportController *self);
/* What the vendor says of the report (MD.ai: Final, Draft, PreLaunch), or NULL. */
const char         *rd_report_controller_get_report_status (RdReportController *self);
const char         *rd_report_controller_get_report_owner  (RdReportController *self);
/* The report as a QR code (PNG), to hand it to another device, or NULL. */
GBytes             *rd_report_controller_get_qr_png  (RdReportController *self);

/* What the pane may show now, and why not when it failed. */
RdReportPane        rd_report_controller_get_pane    (RdReportController *self);
const char         *rd_report_controller_get_pane_reason (RdReportController *self);
/* What the reporting app showed that raised the wrong-patient guard. */
const RdEventStudy *rd_report_controller_get_mismatch_shown (RdReportController *self);
void                rd_report_controller_override_mismatch  (RdReportController *self);
/* Quitting: the vendor leaves its report its own way first, then
 * "ready-to-close" is emitted; then the web view's own beforeunload. */
void                rd_report_controller_prepare_close (RdReportController *self);
void                rd_report_controller_focus_report  (RdReportController *self);
void                rd_report_controller_emit_ready_to_close (RdReportController *self);
/* The report's web view: for quitting through its own beforeunload. */
WebKitWebView      *rd_report_controller_get_web_view (RdReportController *self);

/* for subclasses */
void                rd_report_controller_emit_event  (RdReportController *self,
                                                      const char         *type,
                                                      const char         *json,
                                                      const RdEventStudy *about);
void                rd_report_controller_set_state   (RdReportController *self,
                                                      RdSessionState      state,
                                                      const char         *reason);
void                rd_report_controller_set_user_name (RdReportController *self,
                                                      const char         *user_name);
void                rd_report_controller_set_recording (RdReportController *self,
                                                      gboolean            recording,
                                                      gboolean            insert_mode);
void                rd_report_controller_set_mismatch (RdReportController *self,
                                                      gboolean            mismatch,
                                                      const char         *detail);
void                rd_report_controller_set_pane    (RdReportController *self,
                                                      RdReportPane        pane,
                                                      const char         *reason);
void                rd_report_controller_set_report_info (RdReportController *self,
                                                      const char         *status,
                                                      const char         *owner,
                                                      GBytes             *qr_png);
void                rd_report_controller_emit_study_changed  (RdReportController *self);

G_END_DECLS
