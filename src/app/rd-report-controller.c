/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-report-controller"

#include "config.h"

#include "rd-report-controller.h"
#include "rd-trace.h"

#include <string.h>

/* Wires the pure session to its edges: the report view (messages in and
 * out, page life cycle), the token source, and real timers. It decides
 * nothing itself. */

struct _RdReportController
{
  GObject        parent_instance;

  RdSession     *session;
  RdTokenSource *tokens;
  RdReportView  *view;
  GCancellable  *token_cancellable;
  guint          timers[RD_SESSION_N_TIMERS];
};

G_DEFINE_FINAL_TYPE (RdReportController, rd_report_controller, G_TYPE_OBJECT)

enum {
  EVENT,
  STATUS_CHANGED,
  STUDY_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_session_post_message (RdReportController *self,
                         const char         *json)
{
  rd_report_view_post (self->view, json);
}

static void
on_token_ready (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RdReportController *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = rd_token_source_get_finish (RD_TOKEN_SOURCE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (token != NULL)
    rd_session_token_ready (self->session, token);
  else
    rd_session_token_failed (self->session, error);
  if (token != NULL)
    memset (token, 0, strlen (token));
}

static void
on_session_token_needed (RdReportController *self,
                         gboolean            fresh)
{
  g_cancellable_cancel (self->token_cancellable);
  g_clear_object (&self->token_cancellable);
  self->token_cancellable = g_cancellable_new ();
  rd_token_source_get_async (self->tokens, fresh, self->token_cancellable, on_token_ready, self);
}

typedef struct {
  RdReportController *self;
  RdSessionTimer      which;
} TimerData;

static gboolean
on_timer (gpointer user_data)
{
  TimerData *data = user_data;

  data->self->timers[data->which] = 0;
  rd_session_timer_fired (data->self->session, data->which);
  return G_SOURCE_REMOVE;
}

static void
on_session_timer_start (RdReportController *self,
                        guint               which,
                        guint               ms)
{
  TimerData *data = g_new0 (TimerData, 1);

  data->self = self;
  data->which = which;
  g_clear_handle_id (&self->timers[which], g_source_remove);
  self->timers[which] = g_timeout_add_full (G_PRIORITY_DEFAULT, ms, on_timer, data, g_free);
}

static void
on_session_timer_stop (RdReportController *self,
                       guint               which)
{
  g_clear_handle_id (&self->timers[which], g_source_remove);
}

static void
on_session_event (RdReportController *self,
                  const char         *type,
                  const char         *json)
{
  /* The type only: payloads carry patient identifiers. */
  g_info ("event %s from the reporting app", type);
  if (g_str_equal (type, "report.opened"))
    rd_trace ("report.opened");
  g_signal_emit (self, signals[EVENT], 0, type, json);
}

static void
on_session_state (RdReportController *self)
{
  RdSessionState state = rd_session_get_state (self->session);
  const char *reason = rd_session_get_reason (self->session);

  if (state == RD_SESSION_STATE_SIGNED_IN)
    rd_trace ("signed-in");
  if (state == RD_SESSION_STATE_AUTH_FAILED || state == RD_SESSION_STATE_VENDOR_UNREACHABLE)
    g_warning ("%s: %s", rd_session_state_to_string (state), reason ? reason : "");
  else
    g_info ("session %s", rd_session_state_to_string (state));
}

static void
on_session_status (RdReportController *self)
{
  g_signal_emit (self, signals[STATUS_CHANGED], 0);
}

static void
on_session_study_changed (RdReportController *self)
{
  g_signal_emit (self, signals[STUDY_CHANGED], 0);
}

static void
on_view_message (RdReportController *self,
                 const char         *json)
{
  rd_session_receive (self->session, json);
}

static void
on_view_page_loading (RdReportController *self)
{
  g_cancellable_cancel (self->token_cancellable);
  rd_session_page_loading (self->session);
}

static void
on_view_page_loaded (RdReportController *self)
{
  rd_trace ("page-loaded");
  rd_session_page_loaded (self->session);
}

void
rd_report_controller_start (RdReportController *self)
{
  rd_report_view_load (self->view);
}

GtkWidget *
rd_report_controller_get_widget (RdReportController *self)
{
  return GTK_WIDGET (self->view);
}

void
rd_report_controller_reload (RdReportController *self)
{
  rd_report_view_load (self->view);
}

gboolean
rd_report_controller_open_study (RdReportController  *self,
                                 const RdStudy       *study,
                                 GError             **error)
{
  return rd_session_open (self->session, study, error);
}

void
rd_report_controller_close_report (RdReportController *self)
{
  rd_session_close (self->session);
}

gboolean
rd_report_controller_send_command (RdReportController  *self,
                                   const char          *command,
                                   GError             **error)
{
  return rd_session_send_command (self->session, command, error);
}

RdSessionState
rd_report_controller_get_state (RdReportController *self)
{
  return rd_session_get_state (self->session);
}

const char *
rd_report_controller_get_reason (RdReportController *self)
{
  return rd_session_get_reason (self->session);
}

const char *
rd_report_controller_get_user_name (RdReportController *self)
{
  return rd_session_get_user_name (self->session);
}

const RdStudy *
rd_report_controller_get_study (RdReportController *self)
{
  return rd_session_get_study (self->session);
}

gboolean
rd_report_controller_get_recording (RdReportController *self)
{
  return rd_session_get_recording (self->session);
}

gboolean
rd_report_controller_get_insert_mode (RdReportController *self)
{
  return rd_session_get_insert_mode (self->session);
}

gboolean
rd_report_controller_get_context_mismatch (RdReportController *self)
{
  return rd_session_get_context_mismatch (self->session);
}

const char *
rd_report_controller_get_mismatch_detail (RdReportController *self)
{
  return rd_session_get_mismatch_detail (self->session);
}

RdSession *
rd_report_controller_get_session (RdReportController *self)
{
  return self->session;
}

RdReportView *
rd_report_controller_get_view (RdReportController *self)
{
  return self->view;
}

RdTokenSource *
rd_report_controller_get_tokens (RdReportController *self)
{
  return self->tokens;
}

RdReportController *
rd_report_controller_new (RdSession     *session,
                          RdTokenSource *tokens,
                          RdReportView  *view)
{
  RdReportController *self = g_object_new (RD_TYPE_REPORT_CONTROLLER, NULL);

  self->session = g_object_ref (session);
  self->tokens = g_object_ref (tokens);
  self->view = g_object_ref_sink (view);

  g_signal_connect_object (session, "post-message", G_CALLBACK (on_session_post_message), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "token-needed", G_CALLBACK (on_session_token_needed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "timer-start", G_CALLBACK (on_session_timer_start), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "timer-stop", G_CALLBACK (on_session_timer_stop), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "event", G_CALLBACK (on_session_event), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::state", G_CALLBACK (on_session_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::state", G_CALLBACK (on_session_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::reason", G_CALLBACK (on_session_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::user-name", G_CALLBACK (on_session_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::context-mismatch", G_CALLBACK (on_session_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::recording", G_CALLBACK (on_session_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::insert-mode", G_CALLBACK (on_session_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "study-changed", G_CALLBACK (on_session_study_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "message", G_CALLBACK (on_view_message), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "page-loading", G_CALLBACK (on_view_page_loading), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "page-loaded", G_CALLBACK (on_view_page_loaded), self, G_CONNECT_SWAPPED);
  return self;
}

static void
rd_report_controller_dispose (GObject *object)
{
  RdReportController *self = RD_REPORT_CONTROLLER (object);

  g_cancellable_cancel (self->token_cancellable);
  g_clear_object (&self->token_cancellable);
  for (guint i = 0; i < RD_SESSION_N_TIMERS; i++)
    g_clear_handle_id (&self->timers[i], g_source_remove);
  g_clear_object (&self->session);
  g_clear_object (&self->tokens);
  g_clear_object (&self->view);
  G_OBJECT_CLASS (rd_report_controller_parent_class)->dispose (object);
}

static void
rd_report_controller_class_init (RdReportControllerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_report_controller_dispose;

  /* (type, message JSON) of every report event and unknown message. */
  signals[EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /* state, reason, user or the wrong-patient guard changed */
  signals[STATUS_CHANGED] =
    g_signal_new ("status-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* the study asked for changed (opened, replaced or closed) */
  signals[STUDY_CHANGED] =
    g_signal_new ("study-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rd_report_controller_init (RdReportController *self)
{
}
