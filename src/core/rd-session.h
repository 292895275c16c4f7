/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-profile.h"
#include "rd-study.h"
#include "rd-event-study.h"

G_BEGIN_DECLS

typedef enum {
  RD_SESSION_STATE_LOADING,
  RD_SESSION_STATE_WAITING_FOR_APP,
  RD_SESSION_STATE_SIGNING_IN,
  RD_SESSION_STATE_SIGNED_IN,
  RD_SESSION_STATE_AUTH_FAILED,
  RD_SESSION_STATE_VENDOR_UNREACHABLE,
} RdSessionState;

/* What the report pane may show of a patient (every profile). Anything but
 * SHOWING or EMPTY: the pane is covered, nothing can be clicked or typed. */
typedef enum {
  RD_REPORT_PANE_EMPTY,     /* no study asked for */
  RD_REPORT_PANE_OPENING,   /* a study asked for; the vendor has not shown it yet */
  RD_REPORT_PANE_SHOWING,   /* the vendor shows the study asked for */
  RD_REPORT_PANE_FAILED,    /* it could not be opened; the reason says why */
} RdReportPane;

typedef enum {
  RD_SESSION_TIMER_APP_READY,  /* the app never said app_ready */
  RD_SESSION_TIMER_SIGN_IN,    /* no answer to authenticate */
  RD_SESSION_TIMER_RETRY,      /* try the token again after a network failure */
  RD_SESSION_TIMER_OPEN,       /* the app never showed the study asked for */
  RD_SESSION_N_TIMERS,
} RdSessionTimer;

#define RD_SESSION_APP_READY_TIMEOUT_MS  30000
#define RD_SESSION_RETRY_DELAY_MS        10000

#define RD_TYPE_SESSION_STATE (rd_session_state_get_type ())
GType rd_session_state_get_type (void) G_GNUC_CONST;
const char *rd_session_state_to_string (RdSessionState state);

#define RD_TYPE_SESSION (rd_session_get_type ())
G_DECLARE_FINAL_TYPE (RdSession, rd_session, RD, SESSION, GObject)

RdSession      *rd_session_new               (RdProfile      *profile);

/* inputs */
void            rd_session_page_loading      (RdSession      *self);
void            rd_session_page_loaded       (RdSession      *self);
/* The vendor frame's page answered with this HTTP status: what an app that
 * never says app_ready is told apart by. */
void            rd_session_vendor_answered   (RdSession      *self,
                                              guint           status);
guint           rd_session_get_vendor_status (RdSession      *self);
gboolean        rd_session_receive           (RdSession      *self,
                                              const char     *message_json);
gboolean        rd_session_open              (RdSession      *self,
                                              const RdStudy  *study,
                                              GError        **error);
void            rd_session_close             (RdSession      *self);
gboolean        rd_session_send_command      (RdSession      *self,
                                              const char     *command,
                                              GError        **error);
void            rd_session_token_ready       (RdSession      *self,
                                              const char     *token);
gboolean        rd_session_reauthenticate    (RdSession      *self,
                                              const char     *token);
void            rd_session_token_failed      (RdSession      *self,
                                              const GError   *error);
void            rd_session_timer_fired       (RdSession      *self,
                                              RdSessionTimer  timer);

/* state */
RdProfile      *rd_session_get_profile       (RdSession      *self);
RdSessionState  rd_session_get_state         (RdSession      *self);
const char     *rd_session_get_reason        (RdSession      *self);
const char     *rd_session_get_user_name     (RdSession      *self);
const RdStudy  *rd_session_get_study         (RdSession      *self);
gboolean        rd_session_get_recording     (RdSession      *self);
gboolean        rd_session_get_insert_mode   (RdSession      *self);
guint           rd_session_get_n_dropped     (RdSession      *self);
gboolean        rd_session_get_context_mismatch (RdSession   *self);
const char     *rd_session_get_mismatch_detail (RdSession    *self);
guint           rd_session_get_n_authentications (RdSession  *self);
void            rd_session_set_default_site_id (RdSession    *self,
                                              const char     *site_id);
RdReportPane    rd_session_get_pane          (RdSession      *self);
const char     *rd_session_get_pane_reason   (RdSession      *self);
/* What the app showed that raised the guard, or NULL. */
const RdEventStudy *rd_session_get_mismatch_shown (RdSession *self);
GPtrArray      *rd_session_get_left_studies  (RdSession      *self);
/* The user chose to go on with the report the app shows: the guard is
 * lifted until the next study change. */
void            rd_session_override_mismatch (RdSession      *self);

G_END_DECLS
