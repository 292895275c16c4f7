/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-application"

#include "config.h"

#include "rd-application-private.h"
#include "rd-error.h"
#include "rd-trace.h"

#include <glib/gi18n-lib.h>

/* The running application's parts kept in step: the LEDs and the device
 * line follow the reporting app, events go out, start-up housekeeping waits
 * for the first report; and what the desk (D-Bus, worklist) asks of it. */

RdReportController *
rd_application_controller (RdApplication *self)
{
  return self->window ? rd_window_get_controller (self->window) : NULL;
}

/* The LEDs tell the reporting app's real state, never the button presses. */
void
rd_application_update_leds (RdApplication *self)
{
  RdReportController *c = rd_application_controller (self);

  if (self->dictation == NULL || c == NULL)
    return;
  rd_dictation_set_app_state (self->dictation,
                              rd_report_controller_get_state (c) == RD_SESSION_STATE_SIGNED_IN,
                              rd_report_controller_get_study (c) != NULL,
                              rd_report_controller_get_recording (c),
                              rd_report_controller_get_insert_mode (c));
}

void
rd_application_update_device_status (RdApplication *self)
{
  RdDeviceMonitor *monitor;
  g_autofree char *devices = NULL;
  gboolean problem;

  if (self->dictation == NULL || self->window == NULL || !self->devices_scanned)
    return;
  monitor = rd_dictation_get_monitor (self->dictation);
  devices = rd_device_monitor_describe (monitor, &problem);
  rd_window_set_devices (self->window, devices, problem, rd_device_monitor_get_led_state (monitor));
}

/* Ten seconds after the first report (or the start): no dictation starts
 * sooner, and the audio system (PortAudio, JACK's and ALSA's libraries:
 * several MB) is then not in memory while the first study is shown, nor
 * while a background start waits idle for it. */
#define MIC_WARM_DELAY_S 10

static gboolean
on_mic_warm_due (gpointer user_data)
{
  RdApplication *self = user_data;

  self->mic_warm_id = 0;
  rd_command_router_prepare_mic (self->commands);
  return G_SOURCE_REMOVE;
}

/* What the first report does not need waits until it is open (or a few
 * seconds, when no study comes): the outbox's housekeeping and the
 * dictation device scan; warming the audio system waits a little longer.
 * On two cores they would take turns with the web process that shows the
 * report. */
static void
settle (RdApplication *self)
{
  RdOutboxJournal *journal = rd_event_sink_get_journal (self->sink);
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->settle_id, g_source_remove);
  /* delivered events are kept a month for `reportdock events`, then
   * dropped; so are all events when no worklist takes them by webhook */
  if (!rd_outbox_journal_compact (journal, RD_OUTBOX_KEEP, self->compact_undelivered ? RD_OUTBOX_KEEP : 0, &error))
    g_warning ("%s", error->message);
  rd_device_monitor_start (rd_dictation_get_monitor (self->dictation));
  self->devices_scanned = TRUE;
  rd_application_update_device_status (self);
  if (self->mic_warm_id == 0)
    self->mic_warm_id = g_timeout_add_seconds (MIC_WARM_DELAY_S, on_mic_warm_due, self);
  rd_trace ("settled");
}

gboolean
rd_application_on_settle_due (gpointer user_data)
{
  RdApplication *self = user_data;

  self->settle_id = 0;
  settle (self);
  return G_SOURCE_REMOVE;
}

void
rd_application_on_sink_event (RdApplication *self,
               const char    *type,
               const char    *json)
{
  rd_desk_emit_report_event (RD_DESK (self), type, json);
  if (self->settle_id != 0 && g_str_equal (type, "report.opened"))
    settle (self);
}

/* The wrong-patient guard went up or down. */
void
rd_application_on_controller_mismatch (RdApplication *self)
{
  /* the reportdock.context_mismatch event goes with the event that raised it */
  if (rd_report_controller_get_context_mismatch (rd_application_controller (self)))
    g_warning ("wrong-patient guard: the reporting app shows another study than the worklist opened");
  else if (!rd_command_router_is_overriding (self->commands))
    rd_event_path_submit_own (self->events, "reportdock.context_matched", "detail", "");
}

/* The LEDs, and the status bar's device part that names their state. */
void
rd_application_on_controller_dictation (RdApplication *self)
{
  rd_application_update_leds (self);
  rd_application_update_device_status (self);
}

/* Signed in, or not: D-Bus and the worklist hear of it. */
void
rd_application_on_controller_state (RdApplication *self)
{
  RdReportController *c = rd_application_controller (self);
  RdSessionState state = rd_report_controller_get_state (c);

  rd_desk_emit_state_changed (RD_DESK (self), rd_session_state_to_string (state));
  if (state == RD_SESSION_STATE_SIGNED_IN)
    rd_event_path_submit_own (self->events, "reportdock.signed_in", "user", rd_report_controller_get_user_name (c));
  if (state == RD_SESSION_STATE_AUTH_FAILED)
    rd_event_path_submit_own (self->events, "reportdock.auth_failed", "reason", rd_report_controller_get_reason (c));
  else if (state == RD_SESSION_STATE_VENDOR_UNREACHABLE)
    rd_event_path_submit_own (self->events, "reportdock.vendor_unreachable", "reason", rd_report_controller_get_reason (c));
}

void
rd_application_close_report (RdApplication *self)
{
  g_return_if_fail (RD_IS_APPLICATION (self));

  if (self->window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->window), "win.close-report", NULL);
}

gboolean
rd_application_send_command (RdApplication  *self,
                             const char     *command,
                             GError        **error)
{
  g_return_val_if_fail (RD_IS_APPLICATION (self), FALSE);

  if (self->commands == NULL)
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED, _("ReportDock is not running a report pane"));
      return FALSE;
    }
  return rd_command_router_send (self->commands, command, error);
}

GVariant *
rd_application_get_status (RdApplication *self)
{
  GVariantBuilder b;
  RdReportController *c = NULL;

  g_return_val_if_fail (RD_IS_APPLICATION (self), NULL);
  c = rd_application_controller (self);

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  if (c == NULL)
    {
      g_variant_builder_add (&b, "{sv}", "state", g_variant_new_string ("not-started"));
      return g_variant_builder_end (&b);
    }
  g_variant_builder_add (&b, "{sv}", "state",
                         g_variant_new_string (rd_session_state_to_string (rd_report_controller_get_state (c))));
  g_variant_builder_add (&b, "{sv}", "reason",
                         g_variant_new_string (rd_report_controller_get_reason (c) ? rd_report_controller_get_reason (c) : ""));
  g_variant_builder_add (&b, "{sv}", "user",
                         g_variant_new_string (rd_report_controller_get_user_name (c) ? rd_report_controller_get_user_name (c) : ""));
  g_variant_builder_add (&b, "{sv}", "profile", g_variant_new_string (self->profile_name));
  /* the demo keeps its events apart (reportdock events reads them then) */
  g_variant_builder_add (&b, "{sv}", "demo", g_variant_new_boolean (self->demo));
  g_variant_builder_add (&b, "{sv}", "default_site_id",
                         g_variant_new_string (self->default_site_id ? self->default_site_id : ""));
  if (self->window != NULL)
    {
      RdViewerView *viewer = rd_window_get_viewer (self->window);

      /* false after a --background start, until a study or the desktop shows it */
      g_variant_builder_add (&b, "{sv}", "window_shown",
                             g_variant_new_boolean (gtk_widget_get_mapped (GTK_WIDGET (self->window))));
      g_variant_builder_add (&b, "{sv}", "viewer_layout",
                             g_variant_new_string (rd_window_get_viewer_layout (self->window)));
      g_variant_builder_add (&b, "{sv}", "viewer_state",
                             g_variant_new_string (viewer ? rd_viewer_state_to_string (rd_viewer_view_get_state (viewer))
                                                          : "none"));
      /* which study that state is about */
      if (viewer != NULL && rd_viewer_view_get_wanted_study_uid (viewer) != NULL)
        g_variant_builder_add (&b, "{sv}", "viewer_study_uid",
                               g_variant_new_string (rd_viewer_view_get_wanted_study_uid (viewer)));
      /* a desktop viewer: the study it was last told to show, and how that went */
      if (rd_window_get_native_viewer (self->window) != NULL)
        {
          RdNativeViewer *native = rd_window_get_native_viewer (self->window);

          g_variant_builder_add (&b, "{sv}", "native_viewer_state",
                                 g_variant_new_string (rd_native_viewer_state_to_string (rd_native_viewer_get_state (native))));
          if (rd_native_viewer_get_study (native) != NULL)
            g_variant_builder_add (&b, "{sv}", "native_viewer_study",
                                   rd_study_to_variant (rd_native_viewer_get_study (native)));
        }
    }
  if (rd_report_controller_get_study (c) != NULL)
    g_variant_builder_add (&b, "{sv}", "study", rd_study_to_variant (rd_report_controller_get_study (c)));
  g_variant_builder_add (&b, "{sv}", "outbox_pending", g_variant_new_uint32 (rd_event_sink_get_n_pending (self->sink)));
  g_variant_builder_add (&b, "{sv}", "events_damaged", g_variant_new_uint32 (rd_event_sink_get_n_damaged (self->sink)));
  g_variant_builder_add (&b, "{sv}", "events_unsaved", g_variant_new_uint32 (rd_event_sink_get_n_unsaved (self->sink)));
  g_variant_builder_add (&b, "{sv}", "events_failed", g_variant_new_uint32 (rd_event_sink_get_n_failed (self->sink)));
  /* the input dictation records (and the check judges), by the desktop's name */
  if (rd_dictation_input_get_name (rd_command_router_get_input (self->commands)) != NULL)
    g_variant_builder_add (&b, "{sv}", "microphone_device",
                           g_variant_new_string (rd_dictation_input_get_name (rd_command_router_get_input (self->commands))));
  if (rd_command_router_get_mic_verdict (self->commands) != NULL)
    {
      g_variant_builder_add (&b, "{sv}", "microphone",
                             g_variant_new_string (rd_command_router_get_mic_verdict (self->commands)));
      g_variant_builder_add (&b, "{sv}", "microphone_checked_at",
                             g_variant_new_string (rd_command_router_get_mic_checked_at (self->commands)));
    }
  if (self->dictation != NULL)
    {
      RdDeviceMonitor *monitor = rd_dictation_get_monitor (self->dictation);
      gboolean problem;
      g_autofree char *devices = rd_device_monitor_describe (monitor, &problem);

      g_variant_builder_add (&b, "{sv}", "devices", g_variant_new_string (devices ? devices : ""));
      g_variant_builder_add (&b, "{sv}", "devices_problem", g_variant_new_boolean (problem));
      g_variant_builder_add (&b, "{sv}", "led",
                             g_variant_new_string (rd_led_state_to_string (rd_device_monitor_get_led_state (monitor))));
    }
  g_variant_builder_add (&b, "{sv}", "delivery_problem",
                         g_variant_new_string (rd_event_sink_get_delivery_problem (self->sink)
                                                 ? rd_event_sink_get_delivery_problem (self->sink) : ""));
  return g_variant_builder_end (&b);
}

RdEventSink *
rd_application_get_event_sink (RdApplication *self)
{
  g_return_val_if_fail (RD_IS_APPLICATION (self), NULL);

  return self->sink;
}

gboolean
rd_application_open_study (RdApplication  *self,
                           const RdStudy  *study,
                           GError        **error)
{
  RdReportController *c = NULL;
  gboolean was_recording;

  g_return_val_if_fail (RD_IS_APPLICATION (self), FALSE);
  c = rd_application_controller (self);

  if (self->window == NULL)
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                           _("ReportDock has no window open"));
      return FALSE;
    }
  was_recording = rd_report_controller_get_recording (c) &&
                  !rd_study_equal (rd_report_controller_get_study (c), study);
  rd_command_router_study_opening (self->commands);
  if (!rd_window_open_study (self->window, study, error))
    return FALSE;
  rd_command_router_study_opened (self->commands);
  /* the controller stopped dictation before switching: say so */
  if (was_recording)
    {
      g_info ("dictation stopped for a study change");
      rd_window_show_notice (self->window, _("Dictation stopped: the worklist switched to another study"));
    }
  return TRUE;
}
