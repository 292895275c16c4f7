/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-iframe-controller"

#include "config.h"

#include "rd-iframe-controller.h"
#include "rd-trace.h"

#include <string.h>

/* The postMessage vendors (docs/protocol.md §1): wires the pure session to its
 * edges — the report view (messages in and out, page life cycle), the
 * token source, and real timers. It decides nothing itself. */

struct _RdIframeController
{
  RdReportController parent_instance;

  RdSession     *session;
  RdTokenSource *tokens;
  RdReportView  *view;
  GCancellable  *token_cancellable;
  guint          timers[RD_SESSION_N_TIMERS];
  gboolean       closing;   /* quitting: waiting for the app to leave its report */
};

G_DEFINE_FINAL_TYPE (RdIframeController, rd_iframe_controller, RD_TYPE_REPORT_CONTROLLER)

static void
on_session_post_message (RdIframeController *self,
                         const char         *json)
{
  rd_report_view_post (self->view, json);
}

static void
on_token_ready (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RdIframeController *self = user_data;
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

/* A token refreshed on its own goes to the app, if it takes one while
 * signed in. */
static void
on_tokens_refreshed (RdIframeController *self)
{
  g_autofree char *token = rd_token_source_dup_current (self->tokens);

  if (token != NULL && rd_session_reauthenticate (self->session, token))
    g_info ("the refreshed token was handed to the reporting app");
  if (token != NULL)
    memset (token, 0, strlen (token));
}

static void
on_session_token_needed (RdIframeController *self,
                         gboolean            fresh)
{
  g_cancellable_cancel (self->token_cancellable);
  g_clear_object (&self->token_cancellable);
  self->token_cancellable = g_cancellable_new ();
  rd_token_source_get_async (self->tokens, fresh, self->token_cancellable, on_token_ready, self);
}

typedef struct {
  RdIframeController *self;
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
on_session_timer_start (RdIframeController *self,
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
on_session_timer_stop (RdIframeController *self,
                       guint               which)
{
  g_clear_handle_id (&self->timers[which], g_source_remove);
}

static void
on_session_event (RdIframeController *self,
                  const char         *type,
                  const char         *json,
                  const RdEventStudy *about)
{
  /* The type only: payloads carry patient identifiers. */
  g_info ("event %s from the reporting app", type);
  if (g_str_equal (type, "report.opened"))
    rd_trace ("report.opened");
  rd_report_controller_emit_event (RD_REPORT_CONTROLLER (self), type, json, about);
  if (self->closing && rd_event_is_leaving (type))
    {
      self->closing = FALSE;
      rd_report_controller_emit_ready_to_close (RD_REPORT_CONTROLLER (self));
    }
}

static void
on_session_state (RdIframeController *self)
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

/* The session decides; the controller shows what it decided, all of it
 * at once so that no listener sees half of a change. */
static void
on_session_status (RdIframeController *self)
{
  RdReportController *controller = RD_REPORT_CONTROLLER (self);
  RdSession *session = self->session;

  g_object_freeze_notify (G_OBJECT (self));
  rd_report_controller_set_user_name (controller, rd_session_get_user_name (session));
  rd_report_controller_set_recording (controller, rd_session_get_recording (session),
                                      rd_session_get_insert_mode (session));
  rd_report_controller_set_mismatch (controller, rd_session_get_context_mismatch (session),
                                     rd_session_get_mismatch_detail (session));
  rd_report_controller_set_pane (controller, rd_session_get_pane (session), rd_session_get_pane_reason (session));
  rd_report_controller_set_state (controller, rd_session_get_state (session), rd_session_get_reason (session));
  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_session_study_changed (RdIframeController *self)
{
  rd_report_controller_emit_study_changed (RD_REPORT_CONTROLLER (self));
}

static void
on_view_message (RdIframeController *self,
                 const char         *json)
{
  rd_session_receive (self->session, json);
}

static void
on_view_page_loading (RdIframeController *self)
{
  g_cancellable_cancel (self->token_cancellable);
  rd_session_page_loading (self->session);
}

static void
on_view_vendor_answered (RdIframeController *self,
                         guint               status)
{
  rd_session_vendor_answered (self->session, status);
}

static void
on_view_page_loaded (RdIframeController *self)
{
  rd_trace ("page-loaded");
  rd_session_page_loaded (self->session);
}

/* The prefetched token waits in the token source for the app's app_ready;
 * a failure is met again, and reported, when the app asks. */
static void
on_token_prefetched (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autofree char *token = rd_token_source_get_finish (RD_TOKEN_SOURCE (source), result, NULL);

  if (token != NULL)
    memset (token, 0, strlen (token));
}

static void
start (RdReportController *controller)
{
  RdIframeController *self = RD_IFRAME_CONTROLLER (controller);

  rd_report_view_load (self->view);
  /* the token endpoint and the vendor page at once, not one after the
   * other: the app's app_ready then finds the token waiting */
  rd_token_source_get_async (self->tokens, FALSE, NULL, on_token_prefetched, NULL);
}

static GtkWidget *
get_widget (RdReportController *controller)
{
  RdIframeController *self = RD_IFRAME_CONTROLLER (controller);

  return GTK_WIDGET (self->view);
}

static void
focus_report (RdReportController *controller)
{
  rd_report_view_focus_frame (RD_IFRAME_CONTROLLER (controller)->view);
}

static void
reload (RdReportController *controller)
{
  RdIframeController *self = RD_IFRAME_CONTROLLER (controller);

  rd_report_view_load (self->view);
}

static gboolean
open_study (RdReportController  *controller,
                                 const RdStudy       *study,
                                 GError             **error)
{
  RdIframeController *self = RD_IFRAME_CONTROLLER (controller);

  return rd_session_open (self->session, study, error);
}

static void
close_report (RdReportController *controller)
{
  RdIframeController *self = RD_IFRAME_CONTROLLER (controller);

  rd_session_close (self->session);
}

static gboolean
send_command (RdReportController  *controller,
                                   const char          *command,
                                   GError             **error)
{
  RdIframeController *self = RD_IFRAME_CONTROLLER (controller);

  return rd_session_send_command (self->session, command, error);
}

static gboolean
supports_command (RdReportController *controller,
                  const char         *command)
{
  return rd_profile_has_command (rd_session_get_profile (RD_IFRAME_CONTROLLER (controller)->session), command);
}

static const RdStudy *
get_study (RdReportController *controller)
{
  RdIframeController *self = RD_IFRAME_CONTROLLER (controller);

  return rd_session_get_study (self->session);
}

static const RdEventStudy *
get_mismatch_shown (RdReportController *controller)
{
  return rd_session_get_mismatch_shown (RD_IFRAME_CONTROLLER (controller)->session);
}

static void
override_mismatch (RdReportController *controller)
{
  rd_session_override_mismatch (RD_IFRAME_CONTROLLER (controller)->session);
}

/* WebKit runs no beforeunload in a cross-origin frame when the view
 * closes, so the app is asked to leave its report by the protocol
 * (close_report): it saves or asks in its own way, and says report.closed. */
static void
prepare_close (RdReportController *controller)
{
  RdIframeController *self = RD_IFRAME_CONTROLLER (controller);

  if (rd_session_get_study (self->session) == NULL ||
      rd_session_get_state (self->session) != RD_SESSION_STATE_SIGNED_IN)
    {
      rd_report_controller_emit_ready_to_close (controller);
      return;
    }
  self->closing = TRUE;
  rd_session_close (self->session);
}

RdSession *
rd_iframe_controller_get_session (RdIframeController *self)
{
  g_return_val_if_fail (RD_IS_IFRAME_CONTROLLER (self), NULL);

  return self->session;
}

RdReportView *
rd_iframe_controller_get_view (RdIframeController *self)
{
  g_return_val_if_fail (RD_IS_IFRAME_CONTROLLER (self), NULL);

  return self->view;
}

RdTokenSource *
rd_iframe_controller_get_tokens (RdIframeController *self)
{
  g_return_val_if_fail (RD_IS_IFRAME_CONTROLLER (self), NULL);

  return self->tokens;
}

RdReportController *
rd_iframe_controller_new (RdSession     *session,
                          RdTokenSource *tokens,
                          RdReportView  *view)
{
  RdIframeController *self = g_object_new (RD_TYPE_IFRAME_CONTROLLER, NULL);

  self->session = g_object_ref (session);
  self->tokens = g_object_ref (tokens);
  self->view = g_object_ref_sink (view);

  g_signal_connect_object (session, "post-message", G_CALLBACK (on_session_post_message), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "token-needed", G_CALLBACK (on_session_token_needed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "timer-start", G_CALLBACK (on_session_timer_start), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "timer-stop", G_CALLBACK (on_session_timer_stop), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "event", G_CALLBACK (on_session_event), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::state", G_CALLBACK (on_session_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify", G_CALLBACK (on_session_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "study-changed", G_CALLBACK (on_session_study_changed), self, G_CONNECT_SWAPPED);
  on_session_status (self);
  g_signal_connect_object (tokens, "refreshed", G_CALLBACK (on_tokens_refreshed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "message", G_CALLBACK (on_view_message), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "page-loading", G_CALLBACK (on_view_page_loading), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "page-loaded", G_CALLBACK (on_view_page_loaded), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "vendor-answered", G_CALLBACK (on_view_vendor_answered), self, G_CONNECT_SWAPPED);
  return RD_REPORT_CONTROLLER (self);
}

static void
rd_iframe_controller_dispose (GObject *object)
{
  RdIframeController *self = RD_IFRAME_CONTROLLER (object);

  g_cancellable_cancel (self->token_cancellable);
  g_clear_object (&self->token_cancellable);
  for (guint i = 0; i < RD_SESSION_N_TIMERS; i++)
    g_clear_handle_id (&self->timers[i], g_source_remove);
  g_clear_object (&self->session);
  g_clear_object (&self->tokens);
  g_clear_object (&self->view);
  G_OBJECT_CLASS (rd_iframe_controller_parent_class)->dispose (object);
}

static void
rd_iframe_controller_class_init (RdIframeControllerClass *klass)
{
  RdReportControllerClass *controller_class = RD_REPORT_CONTROLLER_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rd_iframe_controller_dispose;
  controller_class->start = start;
  controller_class->get_widget = get_widget;
  controller_class->reload = reload;
  controller_class->open_study = open_study;
  controller_class->close_report = close_report;
  controller_class->send_command = send_command;
  controller_class->supports_command = supports_command;
  controller_class->get_study = get_study;
  controller_class->get_mismatch_shown = get_mismatch_shown;
  controller_class->override_mismatch = override_mismatch;
  controller_class->prepare_close = prepare_close;
  controller_class->focus_report = focus_report;
}

static void
rd_iframe_controller_init (RdIframeController *self)
{
}
