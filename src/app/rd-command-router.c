/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-application"

#include "config.h"

#include "rd-command-router.h"
#include "rd-settings-keys.h"
#include "rd-dictation-input.h"
#include "rd-mic-gate.h"
#include "rd-mic-probe.h"
#include "rd-web-session.h"

#include <glib/gi18n-lib.h>

/* Where every command meets — menu, shortcut, dictation button, D-Bus —
 * on its way to the reporting app: a page that cannot carry it says so
 * (NotSupported), a record command waits for the microphone check the
 * mic-check setting asks for, and the wrong-patient override is recorded
 * before the guard lifts. It keeps the dictation input — the one checked
 * and recorded — and stops dictation when that input is unplugged. The
 * window shows what it says through signals: "mic-level" (dBFS),
 * "mic-verdict" (text, problem, blocked), "problem" and "notice". */

struct _RdCommandRouter
{
  GObject             parent_instance;

  RdReportController *controller;
  RdEventPath        *events;
  RdDictationInput   *input;
  gboolean            recording;
  gint64              recording_ended;   /* monotonic µs */
  RdMicGate           gate;
  gboolean            mic_prepared;
  char               *pending;       /* a record command waiting for the check */
  char               *verdict;       /* last verdict, for GetStatus */
  char               *checked_at;
  gboolean            overriding;
};

G_DEFINE_FINAL_TYPE (RdCommandRouter, rd_command_router, G_TYPE_OBJECT)

enum { MIC_LEVEL, MIC_VERDICT, PROBLEM, NOTICE, N_SIGNALS };
static guint signals[N_SIGNALS];

static RdMicCheckMode
mic_check_mode (void)
{
  g_autoptr(GSettings) settings = rd_settings_new ();
  g_autofree char *text = g_settings_get_string (settings, RD_KEY_MIC_CHECK);
  RdMicCheckMode mode = RD_MIC_CHECK_WARN;

  rd_mic_check_mode_parse (text, &mode);
  return mode;
}

static void
on_mic_level (double   rms_dbfs,
              gpointer user_data)
{
  g_signal_emit (user_data, signals[MIC_LEVEL], 0, rms_dbfs);
}

static void
send_pending (RdCommandRouter *self)
{
  g_autofree char *command = g_steal_pointer (&self->pending);
  g_autoptr(GError) error = NULL;

  if (command != NULL && !rd_report_controller_send_command (self->controller, command, &error))
    g_signal_emit (self, signals[PROBLEM], 0, error->message);
}

static void
on_mic_checked (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RdCommandRouter) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdMicResult) mic = rd_mic_probe_run_finish (result, &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = NULL;
  g_autofree char *clock = g_date_time_format (now, "%H:%M");
  RdMicVerdict verdict = mic ? mic->verdict : RD_MIC_VERDICT_NO_DEVICE;
  gboolean gating = self->pending != NULL;
  RdMicGateDecision decision = RD_MIC_GATE_SEND;

  g_free (self->verdict);
  self->verdict = g_strdup (rd_mic_verdict_to_string (verdict));
  g_free (self->checked_at);
  self->checked_at = g_date_time_format_iso8601 (now);
  if (verdict == RD_MIC_VERDICT_OK)
    text = g_strdup_printf (_("Microphone OK at %s (%.0f dBFS)"), clock, mic->level.rms_dbfs);
  else
    text = g_strdup_printf (_("Microphone check at %s: %s"), clock, mic ? mic->advice : error->message);
  g_info ("microphone check: %s", rd_mic_verdict_to_string (verdict));

  if (gating)
    decision = rd_mic_gate_verdict (&self->gate, verdict);
  else
    self->gate.checking = FALSE;
  g_signal_emit (self, signals[MIC_VERDICT], 0, text, verdict != RD_MIC_VERDICT_OK, decision == RD_MIC_GATE_BLOCK);
  if (gating && decision == RD_MIC_GATE_SEND)
    send_pending (self);
}

static void
start_mic_check (RdCommandRouter *self)
{
  g_autoptr(GSettings) settings = rd_settings_new ();
  g_autofree char *device = g_settings_get_string (settings, RD_KEY_MIC_DEVICE);

  rd_dictation_input_start (self->input);
  g_signal_emit (self, signals[MIC_LEVEL], 0, -80.0);
  rd_mic_probe_run_async (device, 300, on_mic_level, self, NULL, on_mic_checked, g_object_ref (self));
}

gboolean
rd_command_router_send (RdCommandRouter  *self,
                        const char       *command,
                        GError          **error)
{
  g_return_val_if_fail (RD_IS_COMMAND_ROUTER (self), FALSE);

  /* a page that cannot carry it says why (NotSupported), before any microphone check */
  if (!rd_report_controller_supports_command (self->controller, command))
    return rd_report_controller_send_command (self->controller, command, error);
  if (rd_mic_is_record_command (command, rd_report_controller_get_recording (self->controller)))
    {
      rd_dictation_input_start (self->input);
      self->gate.mode = mic_check_mode ();
      switch (rd_mic_gate_record (&self->gate))
        {
        case RD_MIC_GATE_CHECK:
          g_free (self->pending);
          self->pending = g_strdup (command);
          start_mic_check (self);
          return TRUE;   /* sent once the microphone proves to work */
        case RD_MIC_GATE_WAIT:
          g_free (self->pending);
          self->pending = g_strdup (command);
          return TRUE;
        case RD_MIC_GATE_SEND:
        case RD_MIC_GATE_BLOCK:
        default:
          break;
        }
    }
  return rd_report_controller_send_command (self->controller, command, error);
}

/* app.check-mic: a check on demand, one at a time */
void
rd_command_router_check_mic (RdCommandRouter *self)
{
  g_return_if_fail (RD_IS_COMMAND_ROUTER (self));

  if (self->gate.checking)
    return;
  self->gate.checking = TRUE;
  start_mic_check (self);
}

void
rd_command_router_dictate_anyway (RdCommandRouter *self)
{
  g_return_if_fail (RD_IS_COMMAND_ROUTER (self));

  g_info ("microphone check overridden by the user");
  rd_mic_gate_override (&self->gate);
  g_signal_emit (self, signals[MIC_VERDICT], 0, _("Dictating without a working microphone check"), TRUE, FALSE);
  send_pending (self);
}

/* warm the audio system for the first check, once start-up is over */
void
rd_command_router_prepare_mic (RdCommandRouter *self)
{
  g_return_if_fail (RD_IS_COMMAND_ROUTER (self));

  rd_dictation_input_start (self->input);
  if (self->mic_prepared || mic_check_mode () == RD_MIC_CHECK_OFF)
    return;
  self->mic_prepared = TRUE;
  rd_mic_probe_prepare ();
}

/* a command held back for the microphone check was for the study left */
void
rd_command_router_study_opening (RdCommandRouter *self)
{
  g_return_if_fail (RD_IS_COMMAND_ROUTER (self));

  g_clear_pointer (&self->pending, g_free);
}

void
rd_command_router_study_opened (RdCommandRouter *self)
{
  g_return_if_fail (RD_IS_COMMAND_ROUTER (self));

  rd_mic_gate_report_opened (&self->gate);
}

void
rd_command_router_override_mismatch (RdCommandRouter *self)
{
  g_autoptr(RdEventStudy) shown = NULL;

  g_return_if_fail (RD_IS_COMMAND_ROUTER (self));

  if (!rd_report_controller_get_context_mismatch (self->controller))
    return;
  if (rd_report_controller_get_mismatch_shown (self->controller) != NULL)
    shown = rd_event_study_copy (rd_report_controller_get_mismatch_shown (self->controller));
  g_warning ("wrong-patient guard overridden by the user: continuing with the report the app shows");
  /* on the record before the guard goes */
  rd_event_path_submit_context (self->events, "reportdock.context_override", NULL, shown);
  self->overriding = TRUE;
  rd_report_controller_override_mismatch (self->controller);
  self->overriding = FALSE;
}

/* while the user lifts the guard: the guard going is not "matched" */
gboolean
rd_command_router_is_overriding (RdCommandRouter *self)
{
  g_return_val_if_fail (RD_IS_COMMAND_ROUTER (self), FALSE);

  return self->overriding;
}

const char *
rd_command_router_get_mic_verdict (RdCommandRouter *self)
{
  g_return_val_if_fail (RD_IS_COMMAND_ROUTER (self), NULL);

  return self->verdict;
}

const char *
rd_command_router_get_mic_checked_at (RdCommandRouter *self)
{
  g_return_val_if_fail (RD_IS_COMMAND_ROUTER (self), NULL);

  return self->checked_at;
}

RdDictationInput *
rd_command_router_get_input (RdCommandRouter *self)
{
  g_return_val_if_fail (RD_IS_COMMAND_ROUTER (self), NULL);

  return self->input;
}

/* A reporting page asks which input to record: the watch starts now if
 * nothing started it yet (the first dictation of a fresh start). */
static void
answer_page (char   **name,
             char   **missing,
             gpointer user_data)
{
  RdCommandRouter *self = user_data;

  rd_dictation_input_start (self->input);
  *name = g_strdup (rd_dictation_input_get_name (self->input));
  *missing = g_strdup (rd_dictation_input_get_missing (self->input));
}

static void
on_controller_recording (RdCommandRouter *self)
{
  gboolean recording = rd_report_controller_get_recording (self->controller);

  if (self->recording && !recording)
    self->recording_ended = g_get_monotonic_time ();
  self->recording = recording;
}

/* How long before the sound server tells of an unplugged input the page
 * may have stopped by itself (its track ended): still that input's doing. */
#define LOST_WHILE_RECORDING_US (3 * G_USEC_PER_SEC)

/* The input being recorded went away: dictation into nothing would lose
 * the radiologist's words, so it stops, and the window says why. */
static void
on_input_lost (RdCommandRouter *self,
               const char      *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean just_stopped = !self->recording && self->recording_ended != 0 &&
                          g_get_monotonic_time () - self->recording_ended < LOST_WHILE_RECORDING_US;

  if (!self->recording && !just_stopped)
    return;
  if (self->recording)
    {
      const char *stop = rd_report_controller_supports_command (self->controller, "stop_recording")
                         ? "stop_recording" : "toggle_recording";

      g_message ("the dictation microphone %s was unplugged while recording; stopping dictation", name);
      if (!rd_report_controller_send_command (self->controller, stop, &error))
        g_warning ("cannot stop dictation: %s", error->message);
    }
  text = g_strdup_printf (_("Dictation stopped: the microphone “%s” was unplugged"), name);
  g_signal_emit (self, signals[NOTICE], 0, text);
}

RdCommandRouter *
rd_command_router_new (RdReportController *controller,
                       RdEventPath        *events)
{
  RdCommandRouter *self = g_object_new (RD_TYPE_COMMAND_ROUTER, NULL);

  self->controller = g_object_ref (controller);
  self->events = g_object_ref (events);
  self->input = rd_dictation_input_new ();
  g_signal_connect_object (controller, "notify::recording", G_CALLBACK (on_controller_recording), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->input, "lost", G_CALLBACK (on_input_lost), self, G_CONNECT_SWAPPED);
  rd_web_set_dictation_input_func (answer_page, self);
  return self;
}

static void
rd_command_router_dispose (GObject *object)
{
  RdCommandRouter *self = RD_COMMAND_ROUTER (object);

  rd_web_set_dictation_input_func (NULL, NULL);
  g_clear_object (&self->input);
  g_clear_object (&self->controller);
  g_clear_object (&self->events);
  G_OBJECT_CLASS (rd_command_router_parent_class)->dispose (object);
}

static void
rd_command_router_finalize (GObject *object)
{
  RdCommandRouter *self = RD_COMMAND_ROUTER (object);

  g_free (self->pending);
  g_free (self->verdict);
  g_free (self->checked_at);
  G_OBJECT_CLASS (rd_command_router_parent_class)->finalize (object);
}

static void
rd_command_router_class_init (RdCommandRouterClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_command_router_dispose;
  G_OBJECT_CLASS (klass)->finalize = rd_command_router_finalize;
  signals[MIC_LEVEL] = g_signal_new ("mic-level", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                     NULL, G_TYPE_NONE, 1, G_TYPE_DOUBLE);
  signals[MIC_VERDICT] = g_signal_new ("mic-verdict", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                       NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_BOOLEAN, G_TYPE_BOOLEAN);
  signals[PROBLEM] = g_signal_new ("problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[NOTICE] = g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
rd_command_router_init (RdCommandRouter *self)
{
  self->gate.mode = RD_MIC_CHECK_WARN;
}
