/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-session"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-session-private.h"
#include "rd-error.h"
#include "rd-text.h"
#include "rd-vendor-message.h"

/* The handshake with the app (docs/protocol.md §1.2): the page loads, the
 * app says app_ready, ReportDock sends a token, the app signs in; then the
 * messages the app sends are sorted — handshake, recording state, report
 * events — and the timers that bound each wait fire here. */

static void
request_token (RdSession *self,
               gboolean   fresh)
{
  self->awaiting_token = TRUE;
  self->awaiting_sign_in = FALSE;
  rd_session_set_state (self, RD_SESSION_STATE_SIGNING_IN, NULL);
  rd_session_emit_token_needed (self, fresh);
}

static void
send_token (RdSession  *self,
            const char *token)
{
  self->awaiting_sign_in = TRUE;
  self->n_authentications++;
  rd_session_post (self, rd_vendor_message_authenticate (self->profile, token));
  rd_session_start_timer (self, RD_SESSION_TIMER_SIGN_IN, rd_profile_get_sign_in_timeout_ms (self->profile));
}

static void
sign_in_failed (RdSession  *self,
                const char *reason)
{
  self->awaiting_sign_in = FALSE;
  rd_session_stop_timer (self, RD_SESSION_TIMER_SIGN_IN);
  if (self->reauthenticating)
    {
      /* the app keeps the sign-in it has; the next refresh tries again */
      self->reauthenticating = FALSE;
      g_info ("the reporting app did not take the refreshed token: %s", reason);
      return;
    }
  if (self->attempt == 0)
    {
      g_debug ("sign-in failed (%s); retrying once with a fresh token", reason);
      self->attempt = 1;
      request_token (self, TRUE);
      return;
    }
  rd_session_set_state (self, RD_SESSION_STATE_AUTH_FAILED, reason);
}

static void
on_app_ready (RdSession *self)
{
  /* First load or the iframe reloaded: authenticate again, then reopen. */
  rd_session_stop_all_timers (self);
  self->attempt = 0;
  self->reauthenticating = FALSE;
  self->report_sent = FALSE;
  rd_study_trail_forget_unanswered (self->trail);
  rd_session_set_user_name (self, NULL);
  rd_session_set_recording (self, FALSE);
  request_token (self, FALSE);
}

static void
on_sign_in_successful (RdSession  *self,
                       JsonObject *message)
{
  JsonNode *info = json_object_get_member (message, "user_info");
  const char *name = NULL;
  g_autofree char *shown = NULL;

  rd_session_stop_timer (self, RD_SESSION_TIMER_SIGN_IN);
  self->awaiting_sign_in = FALSE;
  if (self->reauthenticating)
    {
      /* still signed in, the report still open: nothing to do again */
      self->reauthenticating = FALSE;
      g_debug ("the reporting app took the refreshed token");
      return;
    }
  if (info != NULL && JSON_NODE_HOLDS_OBJECT (info))
    {
      JsonObject *o = json_node_get_object (info);

      name = json_object_get_string_member_with_default (o, "name", NULL);
      if (name == NULL)
        name = json_object_get_string_member_with_default (o, "email", NULL);
    }
  /* the vendor's words, shown in the status bar */
  shown = name ? rd_text_for_display (name, RD_TEXT_SHOWN_MAX) : NULL;
  rd_session_set_user_name (self, shown);
  rd_session_set_state (self, RD_SESSION_STATE_SIGNED_IN, NULL);

  if (self->study != NULL)
    rd_session_post_open (self);
}

static gboolean
on_sign_in_failed (RdSession  *self,
                   JsonObject *message)
{
  const char *error = json_object_get_string_member_with_default (message, "error", NULL);
  g_autofree char *reason = NULL;
  g_autofree char *shown = NULL;

  if (!self->awaiting_sign_in)
    return FALSE;
  /* the vendor's words, shown in the status bar and logged */
  shown = error ? rd_text_for_display (error, RD_TEXT_SHOWN_MAX) : NULL;
  reason = g_strdup_printf (_("The reporting app refused the sign-in: %s"),
                            shown ? shown : _("no reason given"));
  sign_in_failed (self, reason);
  return TRUE;
}

static gboolean
on_recording_state (RdSession  *self,
                    JsonObject *message)
{
  JsonNode *node = json_object_get_member (message, "recording");

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  rd_session_set_recording (self, json_node_get_boolean (node));
  /* optional: "mode": "insert" | "overwrite" (the LED's colour) */
  node = json_object_get_member (message, "mode");
  if (node != NULL && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *mode = json_node_get_string (node);

      if (g_str_equal (mode, "insert") || g_str_equal (mode, "overwrite"))
        rd_session_set_insert_mode (self, g_str_equal (mode, "insert"));
    }
  return TRUE;
}

/* Report events and anything we do not know: forwarded, never dropped,
 * each labelled with the study it is about. */
static void
on_event (RdSession  *self,
          const char *type,
          JsonNode   *root)
{
  g_autofree char *json = json_to_string (root, FALSE);
  g_autoptr(RdEventStudy) about =
    rd_event_study_new_for_message (type, json_node_get_object (root), self->study,
                                    rd_study_trail_get_left (self->trail), self->default_site_id);

  rd_session_check_event (self, type, about);
  rd_session_emit_event (self, type, json, about);
}

static gboolean
dropped (RdSession  *self,
         const char *what)
{
  self->n_dropped++;
  g_debug ("dropped %s (%u so far)", what, self->n_dropped);
  return FALSE;
}

gboolean
rd_session_receive (RdSession  *self,
                    const char *message_json)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonObject *message;
  const char *type;

  g_return_val_if_fail (RD_IS_SESSION (self), FALSE);

  if (message_json == NULL ||
      !json_parser_load_from_data (parser, message_json, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root) ||
      (type = json_object_get_string_member_with_default (
                 message = json_node_get_object (root), "type", NULL)) == NULL ||
      type[0] == '\0')
    return dropped (self, "a malformed message");

  if (g_str_equal (type, rd_session_msg (self, RD_PROFILE_MSG_APP_READY)))
    on_app_ready (self);
  else if (g_str_equal (type, rd_session_msg (self, RD_PROFILE_MSG_SIGN_IN_SUCCESSFUL)))
    {
      if (!self->awaiting_sign_in)
        return dropped (self, "a sign-in that answered no authenticate");
      on_sign_in_successful (self, message);
    }
  else if (g_str_equal (type, rd_session_msg (self, RD_PROFILE_MSG_SIGN_IN_FAILED)))
    {
      if (!on_sign_in_failed (self, message))
        return dropped (self, "a sign-in failure that answered no authenticate");
    }
  else if (g_str_equal (type, rd_session_msg (self, RD_PROFILE_MSG_RECORDING_STATE)))
    {
      if (!on_recording_state (self, message))
        return dropped (self, "a recording state without a boolean recording");
    }
  else
    on_event (self, type, root);
  return TRUE;
}

void
rd_session_page_loading (RdSession *self)
{
  g_return_if_fail (RD_IS_SESSION (self));

  rd_session_stop_all_timers (self);
  self->awaiting_token = FALSE;
  self->awaiting_sign_in = FALSE;
  self->reauthenticating = FALSE;
  self->report_sent = FALSE;
  rd_session_set_recording (self, FALSE);
  self->vendor_status = 0;
  rd_session_set_state (self, RD_SESSION_STATE_LOADING, NULL);
  /* the page starts afresh: the study is shown again once the app says so */
  if (self->study != NULL)
    rd_session_set_pane (self, RD_REPORT_PANE_OPENING, NULL);
}

void
rd_session_page_loaded (RdSession *self)
{
  g_return_if_fail (RD_IS_SESSION (self));

  if (self->state != RD_SESSION_STATE_LOADING)
    return;
  rd_session_set_state (self, RD_SESSION_STATE_WAITING_FOR_APP, NULL);
  rd_session_start_timer (self, RD_SESSION_TIMER_APP_READY, RD_SESSION_APP_READY_TIMEOUT_MS);
}

void
rd_session_token_ready (RdSession  *self,
                        const char *token)
{
  g_return_if_fail (RD_IS_SESSION (self));
  g_return_if_fail (token != NULL);

  if (!self->awaiting_token)
    return;   /* the page reloaded meanwhile; a new app_ready asks again */
  self->awaiting_token = FALSE;
  send_token (self, token);
}

/* A token refreshed in the background, for an app that takes one while
 * signed in (the profile says so): sent as authenticate; the answer
 * changes nothing else. FALSE when not sent. */
gboolean
rd_session_reauthenticate (RdSession  *self,
                           const char *token)
{
  g_return_val_if_fail (RD_IS_SESSION (self), FALSE);

  if (!rd_profile_get_reauthenticate (self->profile) || self->state != RD_SESSION_STATE_SIGNED_IN ||
      self->awaiting_sign_in || token == NULL)
    return FALSE;
  self->reauthenticating = TRUE;
  send_token (self, token);
  return TRUE;
}

void
rd_session_token_failed (RdSession    *self,
                         const GError *error)
{
  g_return_if_fail (RD_IS_SESSION (self));
  g_return_if_fail (error != NULL);

  if (!self->awaiting_token)
    return;
  self->awaiting_token = FALSE;
  if (g_error_matches (error, RD_ERROR, RD_ERROR_VENDOR_UNREACHABLE))
    {
      rd_session_set_state (self, RD_SESSION_STATE_VENDOR_UNREACHABLE, error->message);
      rd_session_start_timer (self, RD_SESSION_TIMER_RETRY, RD_SESSION_RETRY_DELAY_MS);
    }
  else
    rd_session_set_state (self, RD_SESSION_STATE_AUTH_FAILED, error->message);
}

static char *
app_ready_reason (RdSession *self)
{
  if (self->vendor_status >= 400)
    return g_strdup_printf (_("The reporting app's address answered HTTP %u; check vendor-url, "
                              "then reload"), self->vendor_status);
  if (self->vendor_status != 0)
    /* on screen, yet silent: most often the page will not be framed by us */
    return g_strdup (_("The reporting app's page loaded but did not say it was ready within "
                       "30 seconds. Ask the vendor to allow the host localhost (ReportDock's "
                       "page) to embed the app, and check that vendor-url is its embed address"));
  return g_strdup (_("The reporting app did not start within 30 seconds; check vendor-url "
                     "and the network, then reload"));
}

void
rd_session_timer_fired (RdSession      *self,
                        RdSessionTimer  timer)
{
  g_return_if_fail (RD_IS_SESSION (self));
  g_return_if_fail (timer < RD_SESSION_N_TIMERS);

  if (!self->timers[timer])
    return;   /* stopped meanwhile */
  self->timers[timer] = FALSE;

  switch (timer)
    {
    case RD_SESSION_TIMER_APP_READY:
      if (self->state == RD_SESSION_STATE_WAITING_FOR_APP)
        {
          g_autofree char *reason = app_ready_reason (self);

          rd_session_set_state (self, RD_SESSION_STATE_VENDOR_UNREACHABLE, reason);
        }
      break;
    case RD_SESSION_TIMER_SIGN_IN:
      if (self->awaiting_sign_in)
        {
          g_autofree char *reason =
            g_strdup_printf (_("The reporting app did not confirm the sign-in within %u seconds"),
                             rd_profile_get_sign_in_timeout_ms (self->profile) / 1000);
          sign_in_failed (self, reason);
        }
      break;
    case RD_SESSION_TIMER_RETRY:
      if (self->state == RD_SESSION_STATE_VENDOR_UNREACHABLE)
        request_token (self, FALSE);
      break;
    case RD_SESSION_TIMER_OPEN:
      rd_session_open_timed_out (self);
      break;
    case RD_SESSION_N_TIMERS:
    default:
      g_assert_not_reached ();
    }
}
