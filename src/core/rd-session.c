/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-session"

#include "config.h"

#include "rd-session-private.h"

/* The handshake of docs/protocol.md §1.2 as a pure state machine: inputs are
 * method calls, outputs are signals. It does no I/O and keeps no clock, so
 * every transition can be driven by a unit test with plain data. This file
 * holds the object and its state; rd-session-private.h names the others. */

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

const char *
rd_session_msg (RdSession        *self,
                RdProfileMessage  which)
{
  return rd_profile_get_message (self->profile, which);
}

void
rd_session_set_pane (RdSession    *self,
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

void
rd_session_set_state (RdSession      *self,
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
    rd_session_set_pane (self, RD_REPORT_PANE_FAILED, reason);
}

void
rd_session_set_recording (RdSession *self,
                          gboolean   recording)
{
  if (self->recording == recording)
    return;
  self->recording = recording;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
}

void
rd_session_set_insert_mode (RdSession *self,
                            gboolean   insert_mode)
{
  if (self->insert_mode == insert_mode)
    return;
  self->insert_mode = insert_mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INSERT_MODE]);
}

/* notifies even when unchanged: a new sign-in is news to the status bar */
void
rd_session_set_user_name (RdSession  *self,
                          const char *user_name)
{
  g_free (self->user_name);
  self->user_name = g_strdup (user_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_NAME]);
}

void
rd_session_set_mismatch (RdSession          *self,
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

void
rd_session_start_timer (RdSession      *self,
                        RdSessionTimer  timer,
                        guint           ms)
{
  self->timers[timer] = TRUE;
  g_signal_emit (self, signals[TIMER_START], 0, timer, ms);
}

void
rd_session_stop_timer (RdSession      *self,
                       RdSessionTimer  timer)
{
  if (!self->timers[timer])
    return;
  self->timers[timer] = FALSE;
  g_signal_emit (self, signals[TIMER_STOP], 0, timer);
}

void
rd_session_stop_all_timers (RdSession *self)
{
  for (guint i = 0; i < RD_SESSION_N_TIMERS; i++)
    rd_session_stop_timer (self, i);
}

/* takes @json, one of rd-vendor-message.h's */
void
rd_session_post (RdSession *self,
                 char      *json)
{
  g_signal_emit (self, signals[POST_MESSAGE], 0, json);
  g_free (json);
}

void
rd_session_emit_event (RdSession          *self,
                       const char         *type,
                       const char         *json,
                       const RdEventStudy *about)
{
  g_signal_emit (self, signals[EVENT], 0, type, json, about);
}

void
rd_session_emit_token_needed (RdSession *self,
                              gboolean   fresh)
{
  g_signal_emit (self, signals[TOKEN_NEEDED], 0, fresh);
}

void
rd_session_emit_study_changed (RdSession *self)
{
  g_signal_emit (self, signals[STUDY_CHANGED], 0);
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
  g_return_val_if_fail (RD_IS_SESSION (self), 0);

  return self->vendor_status;
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
  g_return_val_if_fail (RD_IS_SESSION (self), RD_REPORT_PANE_EMPTY);

  return self->pane;
}

const char *
rd_session_get_pane_reason (RdSession *self)
{
  g_return_val_if_fail (RD_IS_SESSION (self), NULL);

  return self->pane_reason;
}

const RdEventStudy *
rd_session_get_mismatch_shown (RdSession *self)
{
  g_return_val_if_fail (RD_IS_SESSION (self), NULL);

  return self->context_mismatch ? self->mismatch_shown : NULL;
}

GPtrArray *
rd_session_get_left_studies (RdSession *self)
{
  g_return_val_if_fail (RD_IS_SESSION (self), NULL);

  return rd_study_trail_get_left (self->trail);
}

RdProfile *
rd_session_get_profile (RdSession *self)
{
  g_return_val_if_fail (RD_IS_SESSION (self), NULL);

  return self->profile;
}

RdSessionState
rd_session_get_state (RdSession *self)
{
  g_return_val_if_fail (RD_IS_SESSION (self), RD_SESSION_STATE_LOADING);

  return self->state;
}

const char *
rd_session_get_reason (RdSession *self)
{
  g_return_val_if_fail (RD_IS_SESSION (self), NULL);

  return self->reason;
}

const char *
rd_session_get_user_name (RdSession *self)
{
  g_return_val_if_fail (RD_IS_SESSION (self), NULL);

  return self->user_name;
}

const RdStudy *
rd_session_get_study (RdSession *self)
{
  g_return_val_if_fail (RD_IS_SESSION (self), NULL);

  return self->study;
}

gboolean
rd_session_get_recording (RdSession *self)
{
  g_return_val_if_fail (RD_IS_SESSION (self), FALSE);

  return self->recording;
}

gboolean
rd_session_get_insert_mode (RdSession *self)
{
  g_return_val_if_fail (RD_IS_SESSION (self), FALSE);

  return self->insert_mode;
}

guint
rd_session_get_n_dropped (RdSession *self)
{
  g_return_val_if_fail (RD_IS_SESSION (self), 0);

  return self->n_dropped;
}

gboolean
rd_session_get_context_mismatch (RdSession *self)
{
  g_return_val_if_fail (RD_IS_SESSION (self), FALSE);

  return self->context_mismatch;
}

const char *
rd_session_get_mismatch_detail (RdSession *self)
{
  g_return_val_if_fail (RD_IS_SESSION (self), NULL);

  return self->mismatch_detail;
}

guint
rd_session_get_n_authentications (RdSession *self)
{
  g_return_val_if_fail (RD_IS_SESSION (self), 0);

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
  rd_study_trail_free (self->trail);
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
  self->trail = rd_study_trail_new ();
}
