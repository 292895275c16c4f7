/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-report-controller"

#include "config.h"

#include "rd-report-controller.h"

G_DEFINE_ABSTRACT_TYPE (RdReportController, rd_report_controller, G_TYPE_OBJECT)

enum {
  EVENT,
  STATUS_CHANGED,
  STUDY_CHANGED,
  READY_TO_CLOSE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define KLASS(self) RD_REPORT_CONTROLLER_GET_CLASS (self)

void
rd_report_controller_start (RdReportController *self)
{
  KLASS (self)->start (self);
}

GtkWidget *
rd_report_controller_get_widget (RdReportController *self)
{
  return KLASS (self)->get_widget (self);
}

void
rd_report_controller_reload (RdReportController *self)
{
  KLASS (self)->reload (self);
}

gboolean
rd_report_controller_open_study (RdReportController  *self,
                                 const RdStudy       *study,
                                 GError             **error)
{
  return KLASS (self)->open_study (self, study, error);
}

void
rd_report_controller_close_report (RdReportController *self)
{
  KLASS (self)->close_report (self);
}

gboolean
rd_report_controller_send_command (RdReportController  *self,
                                   const char          *command,
                                   GError             **error)
{
  return KLASS (self)->send_command (self, command, error);
}

gboolean
rd_report_controller_supports_command (RdReportController *self,
                                       const char         *command)
{
  return KLASS (self)->supports_command != NULL && KLASS (self)->supports_command (self, command);
}

RdSessionState
rd_report_controller_get_state (RdReportController *self)
{
  return KLASS (self)->get_state (self);
}

const char *
rd_report_controller_get_reason (RdReportController *self)
{
  return KLASS (self)->get_reason (self);
}

const char *
rd_report_controller_get_user_name (RdReportController *self)
{
  return KLASS (self)->get_user_name (self);
}

const RdStudy *
rd_report_controller_get_study (RdReportController *self)
{
  return KLASS (self)->get_study (self);
}

gboolean
rd_report_controller_get_recording (RdReportController *self)
{
  return KLASS (self)->get_recording ? KLASS (self)->get_recording (self) : FALSE;
}

gboolean
rd_report_controller_get_insert_mode (RdReportController *self)
{
  return KLASS (self)->get_insert_mode ? KLASS (self)->get_insert_mode (self) : FALSE;
}

gboolean
rd_report_controller_get_context_mismatch (RdReportController *self)
{
  return KLASS (self)->get_context_mismatch ? KLASS (self)->get_context_mismatch (self) : FALSE;
}

const char *
rd_report_controller_get_mismatch_detail (RdReportController *self)
{
  return KLASS (self)->get_mismatch_detail ? KLASS (self)->get_mismatch_detail (self) : NULL;
}

const char *
rd_report_controller_get_report_status (RdReportController *self)
{
  return KLASS (self)->get_report_status ? KLASS (self)->get_report_status (self) : NULL;
}

const char *
rd_report_controller_get_report_owner (RdReportController *self)
{
  return KLASS (self)->get_report_owner ? KLASS (self)->get_report_owner (self) : NULL;
}

GBytes *
rd_report_controller_get_qr_png (RdReportController *self)
{
  return KLASS (self)->get_qr_png ? KLASS (self)->get_qr_png (self) : NULL;
}

RdReportPane
rd_report_controller_get_pane (RdReportController *self)
{
  return KLASS (self)->get_pane (self);
}

const char *
rd_report_controller_get_pane_reason (RdReportController *self)
{
  return KLASS (self)->get_pane_reason (self);
}

const RdEventStudy *
rd_report_controller_get_mismatch_shown (RdReportController *self)
{
  return KLASS (self)->get_mismatch_shown ? KLASS (self)->get_mismatch_shown (self) : NULL;
}

void
rd_report_controller_override_mismatch (RdReportController *self)
{
  if (KLASS (self)->override_mismatch != NULL)
    KLASS (self)->override_mismatch (self);
}

void
rd_report_controller_prepare_close (RdReportController *self)
{
  if (KLASS (self)->prepare_close != NULL)
    KLASS (self)->prepare_close (self);
  else
    rd_report_controller_emit_ready_to_close (self);
}

void
rd_report_controller_focus_report (RdReportController *self)
{
  if (KLASS (self)->focus_report != NULL)
    KLASS (self)->focus_report (self);
  else
    gtk_widget_grab_focus (rd_report_controller_get_widget (self));
}

void
rd_report_controller_emit_ready_to_close (RdReportController *self)
{
  g_signal_emit (self, signals[READY_TO_CLOSE], 0);
}

WebKitWebView *
rd_report_controller_get_web_view (RdReportController *self)
{
  return WEBKIT_WEB_VIEW (rd_report_controller_get_widget (self));
}

void
rd_report_controller_emit_event (RdReportController *self,
                                 const char         *type,
                                 const char         *json,
                                 const RdEventStudy *about)
{
  g_signal_emit (self, signals[EVENT], 0, type, json, about);
}

void
rd_report_controller_emit_status_changed (RdReportController *self)
{
  g_signal_emit (self, signals[STATUS_CHANGED], 0);
}

void
rd_report_controller_emit_study_changed (RdReportController *self)
{
  g_signal_emit (self, signals[STUDY_CHANGED], 0);
}

static void
rd_report_controller_class_init (RdReportControllerClass *klass)
{
  /* (type, message JSON, the study it is about) of every report event and
   * unknown message */
  signals[EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, RD_TYPE_EVENT_STUDY);
  /* state, reason, user, recording, the pane or the wrong-patient guard changed */
  signals[STATUS_CHANGED] =
    g_signal_new ("status-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* the study asked for changed (opened, replaced or closed) */
  /* the vendor has left its report: quitting may go on */
  signals[READY_TO_CLOSE] =
    g_signal_new ("ready-to-close", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[STUDY_CHANGED] =
    g_signal_new ("study-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rd_report_controller_init (RdReportController *self)
{
}
