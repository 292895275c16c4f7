/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-session"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-session.h"
#include "rd-text.h"
#include "rd-error.h"
#include "rd-trace.h"

/* The handshake of docs/protocol.md §1.2 as a pure state machine: inputs are
 * method calls, outputs are signals. It does no I/O and keeps no clock, so
 * every transition can be driven by a unit test with plain data. */

struct _RdSession
{
  GObject         parent_instance;

  RdProfile      *profile;
  char           *default_site_id;

  RdSessionState  state;
  char           *reason;
  char           *user_name;
  RdStudy        *study;           /* the latest study asked for, open or queued */
  gboolean        report_sent;     /* study was posted since the last sign-in */
  guint           vendor_status;   /* HTTP status of the vendor frame's page; 0: no answer yet */
  gboolean        recording;
  gboolean        insert_mode;   /* the app dictates in insert (not overwrite) mode */

  gboolean        awaiting_token;
  gboolean        awaiting_sign_in;
  gboolean        reauthenticating;  /* a fresh token for an app already signed in */
  guint           attempt;         /* 0, then 1 for the one retry with a fresh token */
  gboolean        timers[RD_SESSION_N_TIMERS];

  guint           n_dropped;
  guint           n_authentications;

  gboolean        context_mismatch; /* the app shows another study than asked */
  char           *mismatch_detail;
  RdEventStudy   *mismatch_shown;   /* what the app showed instead */
  gboolean        mismatch_overridden; /* the user chose to go on, until the next study */

  GPtrArray      *left;            /* RdStudy*: studies replaced or closed, newest last */
  GPtrArray      *unanswered;      /* RdStudy*: asked for, then left before the app showed them */
  RdReportPane    pane;
  char           *pane_reason;
};

G_DEFINE_FINAL_TYPE (RdSession, rd_session, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (RdSessionState, rd_session_state,
  G_DEFINE_ENUM_VALUE (RD_SESSION_STATE_LOADING, "loading"),
  G_DEFINE_ENUM_VALUE (RD_SESSION_STATE_WAITING_FOR_APP, "waiting-for-app"),
  G_DEFINE_ENUM_VALUE (RD_SESSION_STATE_SIGNING_IN, "signing-in"),
  G_DEFINE_ENUM_VALUE (RD_SESSION_STATE_SIGNED_IN, "signed-in"),
  G_DEFINE_ENUM_VALUE (RD_SESSION_STATE_AUTH_FAILED, "auth-failed"),
  G_DEFINE_ENUM_VALUE (RD_SESSION_STATE_VENDOR_UNREACHABLE, "vendor-unreachable"))

enum {
  PROP_0,
  PROP_PROFILE,
  PROP_STATE,
  PROP_REASON,
  PROP_USER_NAME,
  PROP_RECORDING,
  PROP_INSERT_MODE,
  PROP_CONTEXT_MISMATCH,
  PROP_PANE,
  N_PROPS
};

enum {
  POST_MESSAGE,
  TOKEN_NEEDED,
  TIMER_START,
  TIMER_STOP,
  EVENT,
  STUDY_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

const char *
rd_session_state_to_string (RdSessionState state)
{
  GEnumClass *klass = g_type_class_ref (RD_TYPE_SESSION_STATE);
  GEnumValue *value = g_enum_get_value (klass, state);

  g_type_class_unref (klass);
  return value ? value->value_nick : "unknown";
}

static const char *
msg (RdSession        *self,
     RdProfileMessage  which)
{
  return rd_profile_get_message (self->profile, which);
}

static void
set_pane (RdSession    *self,
          RdReportPane  pane,
          const char   *reason)
{
  if (self->pane == pane && g_strcmp0 (self->pane_reason, reason) == 0)
    return;
  g_debug ("pane %d → %d", self->pane, pane);
  self->pane = pane;
  g_free (self->pane_reason);
  self->pane_reason = g_strdup (reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PANE]);
}

static void
set_state (RdSession      *self,
           RdSessionState  state,
           const char     *reason)
{
  gboolean reason_changed = g_strcmp0 (self->reason, reason) != 0;

  if (reason_changed)
    {
      g_free (self->reason);
      self->reason = g_strdup (reason);
    }
  if (self->state != state)
    {
      g_debug ("state %s → %s", rd_session_state_to_string (self->state),
               rd_session_state_to_string (state));
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (reason_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASON]);
  /* a study waiting to be shown will not be: the pane says why */
  if ((state == RD_SESSION_STATE_AUTH_FAILED || state == RD_SESSION_STATE_VENDOR_UNREACHABLE) &&
      self->study != NULL && self->pane == RD_REPORT_PANE_OPENING)
    set_pane (self, RD_REPORT_PANE_FAILED, reason);
}

static void
set_recording (RdSession *self,
               gboolean   recording)
{
  if (self->recording == recording)
    return;
  self->recording = recording;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
}

static void
start_timer (RdSession      *self,
             RdSessionTimer  timer,
             guint           ms)
{
  self->timers[timer] = TRUE;
  g_signal_emit (self, signals[TIMER_START], 0, timer, ms);
}

static void
stop_timer (RdSession      *self,
            RdSessionTimer  timer)
{
  if (!self->timers[timer])
    return;
  self->timers[timer] = FALSE;
  g_signal_emit (self, signals[TIMER_STOP], 0, timer);
}

static void
stop_all_timers (RdSession *self)
{
  for (guint i = 0; i < RD_SESSION_N_TIMERS; i++)
    stop_timer (self, i);
}

static void
post_node (RdSession  *self,
           JsonNode   *node)
{
  g_autofree char *json = json_to_string (node, FALSE);

  g_signal_emit (self, signals[POST_MESSAGE], 0, json);
}

static void
request_token (RdSession *self,
               gboolean   fresh)
{
  self->awaiting_token = TRUE;
  self->awaiting_sign_in = FALSE;
  set_state (self, RD_SESSION_STATE_SIGNING_IN, NULL);
  g_signal_emit (self, signals[TOKEN_NEEDED], 0, fresh);
}

static JsonNode *
build_open_message (RdSession *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const RdStudy *study = self->study;
  const char *site = rd_study_get_site_id (study) ? rd_study_get_site_id (study)
                                                  : self->default_site_id;
  /* the launch keys this vendor takes, under its names (its profile) */
  g_autoptr(JsonObject) metadata = rd_profile_map_launch_keys (self->profile, study);
  guint n = rd_study_get_n_accessions (study);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, msg (self, RD_PROFILE_MSG_OPEN_REPORT));
  json_builder_set_member_name (b, "mrn");
  json_builder_add_string_value (b, rd_study_get_mrn (study));
  if (n == 1)
    {
      json_builder_set_member_name (b, "accession_number");
      json_builder_add_string_value (b, rd_study_get_accession (study, 0));
    }
  else
    {
      json_builder_set_member_name (b, "accession_numbers");
      json_builder_begin_array (b);
      for (guint i = 0; i < n; i++)
        json_builder_add_string_value (b, rd_study_get_accession (study, i));
      json_builder_end_array (b);
    }
  json_builder_set_member_name (b, "site_id");
  json_builder_add_string_value (b, site);
  if (n == 1)
    {
      json_builder_set_member_name (b, "metadata");
      json_builder_add_value (b, json_node_init_object (json_node_alloc (), metadata));
    }
  else
    {
      /* The worklist gives one set of metadata; each linked report gets it. */
      json_builder_set_member_name (b, "metadata_by_accession");
      json_builder_begin_object (b);
      for (guint i = 0; i < n; i++)
        {
          json_builder_set_member_name (b, rd_study_get_accession (study, i));
          json_builder_add_value (b, json_node_init_object (json_node_alloc (), metadata));
        }
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
post_open (RdSession *self)
{
  g_autoptr(JsonNode) node = build_open_message (self);

  post_node (self, node);
  self->report_sent = TRUE;
  rd_trace ("open_report-posted");
  if (self->pane != RD_REPORT_PANE_SHOWING)
    {
      set_pane (self, RD_REPORT_PANE_OPENING, NULL);
      start_timer (self, RD_SESSION_TIMER_OPEN, rd_profile_get_open_timeout_ms (self->profile));
    }
}

static void
post_simple (RdSession  *self,
             const char *type,
             const char *key,
             const char *value)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_string_member (object, "type", type);
  if (key != NULL)
    json_object_set_string_member (object, key, value);
  json_node_set_object (node, object);
  post_node (self, node);
}

static void
sign_in_failed (RdSession  *self,
                const char *reason)
{
  self->awaiting_sign_in = FALSE;
  stop_timer (self, RD_SESSION_TIMER_SIGN_IN);
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
  set_state (self, RD_SESSION_STATE_AUTH_FAILED, reason);
}

static void
on_app_ready (RdSession *self)
{
  /* First load or the iframe reloaded: authenticate again, then reopen. */
  stop_all_timers (self);
  self->attempt = 0;
  self->reauthenticating = FALSE;
  self->report_sent = FALSE;
  g_ptr_array_set_size (self->unanswered, 0);
  g_clear_pointer (&self->user_name, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_NAME]);
  set_recording (self, FALSE);
  request_token (self, FALSE);
}

static void
on_sign_in_successful (RdSession  *self,
                       JsonObject *message)
{
  JsonNode *info = json_object_get_member (message, "user_info");
  const char *name = NULL;

  stop_timer (self, RD_SESSION_TIMER_SIGN_IN);
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
  g_free (self->user_name);
  /* the vendor's words, shown in the status bar */
  self->user_name = name ? rd_text_for_display (name, RD_TEXT_SHOWN_MAX) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_NAME]);
  set_state (self, RD_SESSION_STATE_SIGNED_IN, NULL);

  if (self->study != NULL)
    post_open (self);
}

static void
set_mismatch (RdSession          *self,
              gboolean            mismatch,
              const char         *detail,
              const RdEventStudy *shown)
{
  g_free (self->mismatch_detail);
  self->mismatch_detail = g_strdup (detail);
  g_clear_pointer (&self->mismatch_shown, rd_event_study_free);
  if (shown != NULL)
    self->mismatch_shown = rd_event_study_copy (shown);
  if (self->context_mismatch == mismatch)
    return;
  self->context_mismatch = mismatch;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT_MISMATCH]);
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
  for (guint i = 0; i < self->unanswered->len; i++)
    if (rd_event_study_is_study (about, g_ptr_array_index (self->unanswered, i), self->default_site_id))
      {
        g_debug ("a late answer to an open request left before it was shown");
        g_ptr_array_remove_index (self->unanswered, i);
        return TRUE;
      }
  return FALSE;
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
      set_mismatch (self, FALSE, NULL, NULL);
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
  set_mismatch (self, TRUE, detail, about);
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
  stop_timer (self, RD_SESSION_TIMER_OPEN);
  set_pane (self, RD_REPORT_PANE_SHOWING, NULL);
  /* shown: any answer to an earlier request now would replace it */
  g_ptr_array_set_size (self->unanswered, 0);
}

/* A study left while the app was still opening it: the app may yet answer
 * that request, and its report.opened then is late, not a wrong patient.
 * The pane stays covered until the study asked for now is shown. */
static void
leave_study (RdSession *self)
{
  if (self->study == NULL)
    return;
  if (self->report_sent && self->pane != RD_REPORT_PANE_SHOWING)
    g_ptr_array_add (self->unanswered, rd_study_copy (self->study));
  if (self->unanswered->len > RD_SESSION_MAX_LEFT_STUDIES)
    g_ptr_array_remove_index (self->unanswered, 0);
  g_ptr_array_add (self->left, g_steal_pointer (&self->study));
  if (self->left->len > RD_SESSION_MAX_LEFT_STUDIES)
    g_ptr_array_remove_index (self->left, 0);
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
    {
      self->n_dropped++;
      g_debug ("dropped a malformed message (%u so far)", self->n_dropped);
      return FALSE;
    }

  if (g_str_equal (type, msg (self, RD_PROFILE_MSG_APP_READY)))
    on_app_ready (self);
  else if (g_str_equal (type, msg (self, RD_PROFILE_MSG_SIGN_IN_SUCCESSFUL)))
    {
      if (!self->awaiting_sign_in)
        {
          self->n_dropped++;
          g_debug ("dropped %s that answered no authenticate", type);
          return FALSE;
        }
      on_sign_in_successful (self, message);
    }
  else if (g_str_equal (type, msg (self, RD_PROFILE_MSG_SIGN_IN_FAILED)))
    {
      const char *error = json_object_get_string_member_with_default (message, "error", NULL);
      g_autofree char *reason = NULL;
      g_autofree char *shown = NULL;

      if (!self->awaiting_sign_in)
        {
          self->n_dropped++;
          return FALSE;
        }
      /* the vendor's words, shown in the status bar and logged */
      shown = error ? rd_text_for_display (error, RD_TEXT_SHOWN_MAX) : NULL;
      reason = g_strdup_printf (_("The reporting app refused the sign-in: %s"),
                                shown ? shown : _("no reason given"));
      sign_in_failed (self, reason);
    }
  else if (g_str_equal (type, msg (self, RD_PROFILE_MSG_RECORDING_STATE)))
    {
      JsonNode *node = json_object_get_member (message, "recording");

      if (node == NULL || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        {
          self->n_dropped++;
          return FALSE;
        }
      set_recording (self, json_node_get_boolean (node));
      /* optional: "mode": "insert" | "overwrite" (the LED's colour) */
      node = json_object_get_member (message, "mode");
      if (node != NULL && json_node_get_value_type (node) == G_TYPE_STRING)
        {
          const char *mode = json_node_get_string (node);
          gboolean insert = g_str_equal (mode, "insert");

          if ((insert || g_str_equal (mode, "overwrite")) && insert != self->insert_mode)
            {
              self->insert_mode = insert;
              g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INSERT_MODE]);
            }
        }
    }
  else
    {
      /* Report events and anything we do not know: forwarded, never dropped,
       * each labelled with the study it is about. */
      g_autofree char *json = json_to_string (root, FALSE);
      g_autoptr(RdEventStudy) about =
        rd_event_study_new_for_message (type, message, self->study, self->left, self->default_site_id);

      check_context (self, type, about);
      check_shown (self, type, about);
      g_signal_emit (self, signals[EVENT], 0, type, json, about);
    }
  return TRUE;
}

void
rd_session_page_loading (RdSession *self)
{
  g_return_if_fail (RD_IS_SESSION (self));

  stop_all_timers (self);
  self->awaiting_token = FALSE;
  self->awaiting_sign_in = FALSE;
  self->reauthenticating = FALSE;
  self->report_sent = FALSE;
  set_recording (self, FALSE);
  self->vendor_status = 0;
  set_state (self, RD_SESSION_STATE_LOADING, NULL);
  /* the page starts afresh: the study is shown again once the app says so */
  if (self->study != NULL)
    set_pane (self, RD_REPORT_PANE_OPENING, NULL);
}

void
rd_session_vendor_answered (RdSession *self,
                            guint      status)
{
  g_return_if_fail (RD_IS_SESSION (self));

  self->vendor_status = status;
}

guint
rd_session_get_vendor_status (RdSession *self)
{
  return self->vendor_status;
}

void
rd_session_page_loaded (RdSession *self)
{
  g_return_if_fail (RD_IS_SESSION (self));

  if (self->state != RD_SESSION_STATE_LOADING)
    return;
  set_state (self, RD_SESSION_STATE_WAITING_FOR_APP, NULL);
  start_timer (self, RD_SESSION_TIMER_APP_READY, RD_SESSION_APP_READY_TIMEOUT_MS);
}

void
rd_session_token_ready (RdSession  *self,
                        const char *token)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) object = json_object_new ();

  g_return_if_fail (RD_IS_SESSION (self));

  if (!self->awaiting_token)
    return;   /* the page reloaded meanwhile; a new app_ready asks again */
  self->awaiting_token = FALSE;
  self->awaiting_sign_in = TRUE;
  self->n_authentications++;

  json_object_set_string_member (object, "type", msg (self, RD_PROFILE_MSG_AUTHENTICATE));
  json_object_set_string_member (object, rd_profile_get_token_field (self->profile), token);
  json_node_set_object (node, object);
  post_node (self, node);
  start_timer (self, RD_SESSION_TIMER_SIGN_IN, rd_profile_get_sign_in_timeout_ms (self->profile));
}

/* A token refreshed in the background, for an app that takes one while
 * signed in (the profile says so): sent as authenticate; the answer
 * changes nothing else. FALSE when not sent. */
gboolean
rd_session_reauthenticate (RdSession  *self,
                           const char *token)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) object = json_object_new ();

  g_return_val_if_fail (RD_IS_SESSION (self), FALSE);

  if (!rd_profile_get_reauthenticate (self->profile) || self->state != RD_SESSION_STATE_SIGNED_IN ||
      self->awaiting_sign_in || token == NULL)
    return FALSE;
  self->reauthenticating = TRUE;
  self->awaiting_sign_in = TRUE;
  self->n_authentications++;
  json_object_set_string_member (object, "type", msg (self, RD_PROFILE_MSG_AUTHENTICATE));
  json_object_set_string_member (object, rd_profile_get_token_field (self->profile), token);
  json_node_set_object (node, object);
  post_node (self, node);
  start_timer (self, RD_SESSION_TIMER_SIGN_IN, rd_profile_get_sign_in_timeout_ms (self->profile));
  return TRUE;
}

void
rd_session_token_failed (RdSession    *self,
                         const GError *error)
{
  g_return_if_fail (RD_IS_SESSION (self));

  if (!self->awaiting_token)
    return;
  self->awaiting_token = FALSE;
  if (g_error_matches (error, RD_ERROR, RD_ERROR_VENDOR_UNREACHABLE))
    {
      set_state (self, RD_SESSION_STATE_VENDOR_UNREACHABLE, error->message);
      start_timer (self, RD_SESSION_TIMER_RETRY, RD_SESSION_RETRY_DELAY_MS);
    }
  else
    set_state (self, RD_SESSION_STATE_AUTH_FAILED, error->message);
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
          g_autofree char *reason = NULL;

          if (self->vendor_status >= 400)
            reason = g_strdup_printf (_("The reporting app's address answered HTTP %u; check vendor-url, "
                                        "then reload"), self->vendor_status);
          else if (self->vendor_status != 0)
            /* on screen, yet silent: most often the page will not be framed by us */
            reason = g_strdup (_("The reporting app's page loaded but did not say it was ready within "
                                 "30 seconds. Ask the vendor to allow the host localhost (ReportDock's "
                                 "page) to embed the app, and check that vendor-url is its embed address"));
          else
            reason = g_strdup (_("The reporting app did not start within 30 seconds; check vendor-url "
                                 "and the network, then reload"));
          set_state (self, RD_SESSION_STATE_VENDOR_UNREACHABLE, reason);
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
      if (self->pane == RD_REPORT_PANE_OPENING)
        {
          g_autofree char *reason =
            g_strdup_printf (_("The reporting app did not show the report within %u seconds, so "
                             "ReportDock closed whatever it showed. Open the study again from the "
                             "worklist, or reload the reporting app"),
                             rd_profile_get_open_timeout_ms (self->profile) / 1000);

          /* it may still show the previous patient: close it */
          if (self->state == RD_SESSION_STATE_SIGNED_IN)
            post_simple (self, msg (self, RD_PROFILE_MSG_CLOSE_REPORT), NULL, NULL);
          set_pane (self, RD_REPORT_PANE_FAILED, reason);
        }
      break;
    case RD_SESSION_N_TIMERS:
    default:
      g_assert_not_reached ();
    }
}

gboolean
rd_session_open (RdSession      *self,
                 const RdStudy  *study,
                 GError        **error)
{
  g_return_val_if_fail (RD_IS_SESSION (self), FALSE);
  g_return_val_if_fail (study != NULL, FALSE);

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
      const char *stop = rd_profile_has_command (self->profile, "stop_recording") ? "stop_recording"
                                                                                  : "toggle_recording";

      post_simple (self, msg (self, RD_PROFILE_MSG_COMMAND), "command", stop);
      set_recording (self, FALSE);
    }

  /* Only the latest request is kept; it is sent once signed in. The same
   * study again leaves the pane as it is; another covers it until shown. */
  if (self->study == NULL || !rd_study_equal (self->study, study))
    {
      leave_study (self);
      self->study = rd_study_copy (study);
      self->mismatch_overridden = FALSE;
      stop_timer (self, RD_SESSION_TIMER_OPEN);
      set_pane (self, RD_REPORT_PANE_OPENING, NULL);
    }
  else
    {
      g_clear_pointer (&self->study, rd_study_free);
      self->study = rd_study_copy (study);
    }
  self->report_sent = FALSE;
  g_signal_emit (self, signals[STUDY_CHANGED], 0);

  if (self->state == RD_SESSION_STATE_SIGNED_IN)
    post_open (self);
  return TRUE;
}

void
rd_session_close (RdSession *self)
{
  g_return_if_fail (RD_IS_SESSION (self));

  if (self->study == NULL)
    return;
  if (self->state == RD_SESSION_STATE_SIGNED_IN && self->report_sent)
    post_simple (self, msg (self, RD_PROFILE_MSG_CLOSE_REPORT), NULL, NULL);
  leave_study (self);
  self->report_sent = FALSE;
  self->mismatch_overridden = FALSE;
  stop_timer (self, RD_SESSION_TIMER_OPEN);
  set_recording (self, FALSE);
  set_pane (self, RD_REPORT_PANE_EMPTY, NULL);
  g_signal_emit (self, signals[STUDY_CHANGED], 0);
}

gboolean
rd_session_send_command (RdSession   *self,
                         const char  *command,
                         GError     **error)
{
  g_return_val_if_fail (RD_IS_SESSION (self), FALSE);

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
  post_simple (self, msg (self, RD_PROFILE_MSG_COMMAND), "command", command);
  return TRUE;
}

void
rd_session_set_default_site_id (RdSession  *self,
                                const char *site_id)
{
  g_return_if_fail (RD_IS_SESSION (self));

  g_free (self->default_site_id);
  self->default_site_id = (site_id && site_id[0]) ? g_strdup (site_id) : NULL;
}

RdReportPane
rd_session_get_pane (RdSession *self)
{
  return self->pane;
}

const char *
rd_session_get_pane_reason (RdSession *self)
{
  return self->pane_reason;
}

const RdEventStudy *
rd_session_get_mismatch_shown (RdSession *self)
{
  return self->context_mismatch ? self->mismatch_shown : NULL;
}

GPtrArray *
rd_session_get_left_studies (RdSession *self)
{
  return self->left;
}

void
rd_session_override_mismatch (RdSession *self)
{
  g_return_if_fail (RD_IS_SESSION (self));

  if (!self->context_mismatch)
    return;
  self->mismatch_overridden = TRUE;
  set_mismatch (self, FALSE, NULL, NULL);
}

RdProfile *
rd_session_get_profile (RdSession *self)
{
  return self->profile;
}

RdSessionState
rd_session_get_state (RdSession *self)
{
  return self->state;
}

const char *
rd_session_get_reason (RdSession *self)
{
  return self->reason;
}

const char *
rd_session_get_user_name (RdSession *self)
{
  return self->user_name;
}

const RdStudy *
rd_session_get_study (RdSession *self)
{
  return self->study;
}

gboolean
rd_session_get_recording (RdSession *self)
{
  return self->recording;
}

gboolean
rd_session_get_insert_mode (RdSession *self)
{
  return self->insert_mode;
}

guint
rd_session_get_n_dropped (RdSession *self)
{
  return self->n_dropped;
}

gboolean
rd_session_get_context_mismatch (RdSession *self)
{
  return self->context_mismatch;
}

const char *
rd_session_get_mismatch_detail (RdSession *self)
{
  return self->mismatch_detail;
}

guint
rd_session_get_n_authentications (RdSession *self)
{
  return self->n_authentications;
}

RdSession *
rd_session_new (RdProfile *profile)
{
  return g_object_new (RD_TYPE_SESSION, "profile", profile, NULL);
}

static void
rd_session_finalize (GObject *object)
{
  RdSession *self = RD_SESSION (object);

  g_clear_pointer (&self->profile, rd_profile_unref);
  g_clear_pointer (&self->study, rd_study_free);
  g_free (self->default_site_id);
  g_free (self->reason);
  g_free (self->user_name);
  g_free (self->mismatch_detail);
  g_clear_pointer (&self->mismatch_shown, rd_event_study_free);
  g_ptr_array_unref (self->left);
  g_ptr_array_unref (self->unanswered);
  g_free (self->pane_reason);
  G_OBJECT_CLASS (rd_session_parent_class)->finalize (object);
}

static void
rd_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  RdSession *self = RD_SESSION (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_boxed (value, self->profile);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    case PROP_USER_NAME:
      g_value_set_string (value, self->user_name);
      break;
    case PROP_RECORDING:
      g_value_set_boolean (value, self->recording);
      break;
    case PROP_INSERT_MODE:
      g_value_set_boolean (value, self->insert_mode);
      break;
    case PROP_CONTEXT_MISMATCH:
      g_value_set_boolean (value, self->context_mismatch);
      break;
    case PROP_PANE:
      g_value_set_int (value, self->pane);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  RdSession *self = RD_SESSION (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      self->profile = g_value_dup_boxed (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_session_class_init (RdSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rd_session_finalize;
  object_class->get_property = rd_session_get_property;
  object_class->set_property = rd_session_set_property;

  properties[PROP_PROFILE] =
    g_param_spec_boxed ("profile", NULL, NULL, RD_TYPE_PROFILE,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, RD_TYPE_SESSION_STATE, RD_SESSION_STATE_LOADING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER_NAME] =
    g_param_spec_string ("user-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECORDING] =
    g_param_spec_boolean ("recording", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INSERT_MODE] =
    g_param_spec_boolean ("insert-mode", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTEXT_MISMATCH] =
    g_param_spec_boolean ("context-mismatch", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* RdReportPane; changes with its reason */
  properties[PROP_PANE] =
    g_param_spec_int ("pane", NULL, NULL, RD_REPORT_PANE_EMPTY, RD_REPORT_PANE_FAILED, RD_REPORT_PANE_EMPTY,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The JSON of a message to post into the vendor iframe. */
  signals[POST_MESSAGE] =
    g_signal_new ("post-message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* A token is needed; TRUE: discard any cached one first. */
  signals[TOKEN_NEEDED] =
    g_signal_new ("token-needed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[TIMER_START] =
    g_signal_new ("timer-start", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  signals[TIMER_STOP] =
    g_signal_new ("timer-stop", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /* (type, whole message as JSON, the study it is about): report events
   * and unknown messages. */
  signals[EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, RD_TYPE_EVENT_STUDY);
  signals[STUDY_CHANGED] =
    g_signal_new ("study-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rd_session_init (RdSession *self)
{
  self->state = RD_SESSION_STATE_LOADING;
  self->left = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_study_free);
  self->unanswered = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_study_free);
}
