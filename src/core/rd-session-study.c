/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-session"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-session-private.h"
#include "rd-error.h"
#include "rd-text.h"
#include "rd-trace.h"
#include "rd-vendor-message.h"

/* The study the worklist asked for: opened in the app once signed in,
 * covered until the app shows it, closed or replaced when the worklist
 * says, and guarded — an event about another patient blocks the report
 * (docs/protocol.md §1.4). */

void
rd_session_post_open (RdSession *self)
{
  rd_session_post (self, rd_vendor_message_open (self->profile, self->study, self->default_site_id));
  self->report_sent = TRUE;
  rd_trace ("open_report-posted");
  if (self->pane != RD_REPORT_PANE_SHOWING)
    {
      rd_session_set_pane (self, RD_REPORT_PANE_OPENING, NULL);
      rd_session_start_timer (self, RD_SESSION_TIMER_OPEN, rd_profile_get_open_timeout_ms (self->profile));
    }
}

static void
post_close (RdSession *self)
{
  rd_session_post (self, rd_vendor_message_new (rd_session_msg (self, RD_PROFILE_MSG_CLOSE_REPORT),
                                                NULL, NULL));
}

static void
post_command (RdSession  *self,
              const char *command)
{
  rd_session_post (self, rd_vendor_message_new (rd_session_msg (self, RD_PROFILE_MSG_COMMAND),
                                                "command", command));
}

void
rd_session_open_timed_out (RdSession *self)
{
  g_autofree char *reason = NULL;

  if (self->pane != RD_REPORT_PANE_OPENING)
    return;
  reason = g_strdup_printf (_("The reporting app did not show the report within %u seconds, so "
                            "ReportDock closed whatever it showed. Open the study again from the "
                            "worklist, or reload the reporting app"),
                            rd_profile_get_open_timeout_ms (self->profile) / 1000);
  /* it may still show the previous patient: close it */
  if (self->state == RD_SESSION_STATE_SIGNED_IN)
    post_close (self);
  rd_session_set_pane (self, RD_REPORT_PANE_FAILED, reason);
}

/* The app's answer to an open request for a study left before the app
 * showed it: taken once, and only while nothing is shown yet. */
static gboolean
is_late_answer (RdSession          *self,
                const char         *type,
                const RdEventStudy *about)
{
  if (!g_str_equal (type, "report.opened") || about->names != RD_EVENT_NAMES_LEFT_STUDY ||
      self->pane == RD_REPORT_PANE_SHOWING)
    return FALSE;
  if (!rd_study_trail_take_answer (self->trail, about, self->default_site_id))
    return FALSE;
  g_debug ("a late answer to an open request left before it was shown");
  return TRUE;
}

/* The wrong-patient guard: the worklist's study is the truth. An event about
 * another study than the open one means the reporting app shows another
 * patient's report — unless it leaves a report (closed, discarded), or it is
 * about a study left earlier (a late save, the end of a recall window). It
 * runs before the event goes out, so that the worklist hears of the
 * mismatch first. */
static void
check_context (RdSession          *self,
               const char         *type,
               const RdEventStudy *about)
{
  g_autofree char *detail = NULL;
  g_autofree char *mrn = NULL, *accession = NULL, *site = NULL;

  if (rd_event_is_leaving (type))
    return;
  if (is_late_answer (self, type, about))
    return;
  if (about->names == RD_EVENT_NAMES_OPEN_STUDY)
    {
      rd_session_set_mismatch (self, FALSE, NULL, NULL);
      return;
    }
  if (!about->mismatch || self->mismatch_overridden)
    return;
  /* the vendor's identifiers, shown on screen: made safe to show */
  mrn = rd_text_for_display (about->mrn ? about->mrn : "?", RD_TEXT_SHOWN_MAX);
  accession = rd_text_for_display (about->accession_number ? about->accession_number : "?", RD_TEXT_SHOWN_MAX);
  site = rd_text_for_display (about->site_id ? about->site_id : "?", RD_TEXT_SHOWN_MAX);
  if (self->study == NULL)
    detail = g_strdup_printf ("The reporting app shows MRN %s, accession %s, but no study is open "
                              "in ReportDock", mrn, accession);
  else
    {
      const char *expected_site = rd_study_get_site_id (self->study) ? rd_study_get_site_id (self->study)
                                                                     : self->default_site_id;

      detail = g_strdup_printf ("The reporting app shows MRN %s, accession %s, site %s — the worklist "
                                "opened MRN %s, accession %s, site %s",
                                mrn, accession, site,
                                rd_study_get_mrn (self->study), rd_study_get_accession (self->study, 0),
                                expected_site ? expected_site : "?");
    }
  rd_session_set_mismatch (self, TRUE, detail, about);
}

/* The app confirms it shows the study asked for: the pane uncovers. */
static void
check_shown (RdSession          *self,
             const char         *type,
             const RdEventStudy *about)
{
  if (self->study == NULL || !g_str_equal (type, "report.opened"))
    return;
  if (about->names != RD_EVENT_NAMES_OPEN_STUDY && about->names != RD_EVENT_NAMES_NO_STUDY)
    return;
  rd_session_stop_timer (self, RD_SESSION_TIMER_OPEN);
  rd_session_set_pane (self, RD_REPORT_PANE_SHOWING, NULL);
  /* shown: any answer to an earlier request now would replace it */
  rd_study_trail_forget_unanswered (self->trail);
}

void
rd_session_check_event (RdSession          *self,
                        const char         *type,
                        const RdEventStudy *about)
{
  check_context (self, type, about);
  check_shown (self, type, about);
}

/* A study left while the app was still opening it: the app may yet answer
 * that request, and its report.opened then is late, not a wrong patient.
 * The pane stays covered until the study asked for now is shown. */
static void
leave_study (RdSession *self)
{
  if (self->study == NULL)
    return;
  rd_study_trail_leave (self->trail, g_steal_pointer (&self->study),
                        self->report_sent && self->pane != RD_REPORT_PANE_SHOWING);
}

gboolean
rd_session_open (RdSession      *self,
                 const RdStudy  *study,
                 GError        **error)
{
  g_return_val_if_fail (RD_IS_SESSION (self), FALSE);
  g_return_val_if_fail (study != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!rd_study_check_complete (study, error))
    return FALSE;
  if (rd_study_get_site_id (study) == NULL && self->default_site_id == NULL)
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT,
                           _("no site given: pass --site, or set default-site-id"));
      return FALSE;
    }

  /* Dictation never runs on into another patient's report. */
  if (self->recording && self->report_sent && self->state == RD_SESSION_STATE_SIGNED_IN)
    {
      post_command (self, rd_profile_has_command (self->profile, "stop_recording") ? "stop_recording"
                                                                                   : "toggle_recording");
      rd_session_set_recording (self, FALSE);
    }

  /* Only the latest request is kept; it is sent once signed in. The same
   * study again leaves the pane as it is; another covers it until shown. */
  if (self->study == NULL || !rd_study_equal (self->study, study))
    {
      leave_study (self);
      self->study = rd_study_copy (study);
      self->mismatch_overridden = FALSE;
      rd_session_stop_timer (self, RD_SESSION_TIMER_OPEN);
      rd_session_set_pane (self, RD_REPORT_PANE_OPENING, NULL);
    }
  else
    {
      g_clear_pointer (&self->study, rd_study_free);
      self->study = rd_study_copy (study);
    }
  self->report_sent = FALSE;
  rd_session_emit_study_changed (self);

  if (self->state == RD_SESSION_STATE_SIGNED_IN)
    rd_session_post_open (self);
  return TRUE;
}

void
rd_session_close (RdSession *self)
{
  g_return_if_fail (RD_IS_SESSION (self));

  if (self->study == NULL)
    return;
  if (self->state == RD_SESSION_STATE_SIGNED_IN && self->report_sent)
    post_close (self);
  leave_study (self);
  self->report_sent = FALSE;
  self->mismatch_overridden = FALSE;
  rd_session_stop_timer (self, RD_SESSION_TIMER_OPEN);
  rd_session_set_recording (self, FALSE);
  rd_session_set_pane (self, RD_REPORT_PANE_EMPTY, NULL);
  rd_session_emit_study_changed (self);
}

gboolean
rd_session_send_command (RdSession   *self,
                         const char  *command,
                         GError     **error)
{
  g_return_val_if_fail (RD_IS_SESSION (self), FALSE);
  g_return_val_if_fail (command != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!rd_profile_has_command (self->profile, command))
    {
      g_autofree char *shown = rd_text_for_display (command, RD_TEXT_SHOWN_MAX);

      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT,
                   _("\"%s\" is not a command the %s profile knows"),
                   shown, rd_profile_get_name (self->profile));
      return FALSE;
    }
  if (self->state != RD_SESSION_STATE_SIGNED_IN)
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                           _("Not signed in to the reporting app yet"));
      return FALSE;
    }
  if (!self->report_sent)
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED, _("No report is open"));
      return FALSE;
    }
  if (self->context_mismatch)
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                           _("Blocked: the reporting app shows another study than the worklist "
                           "opened. Reopen the study from the worklist"));
      return FALSE;
    }
  post_command (self, command);
  return TRUE;
}

void
rd_session_override_mismatch (RdSession *self)
{
  g_return_if_fail (RD_IS_SESSION (self));

  if (!self->context_mismatch)
    return;
  self->mismatch_overridden = TRUE;
  rd_session_set_mismatch (self, FALSE, NULL, NULL);
}
