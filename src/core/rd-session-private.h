/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* RdSession's parts: the object, its state and what it tells (rd-session.c),
 * the handshake with the app — messages in, tokens, timers
 * (rd-session-handshake.c) — and the study: open, close, commands and the
 * wrong-patient guard (rd-session-study.c). */

#include "rd-session.h"
#include "rd-study-trail.h"

G_BEGIN_DECLS

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
  gboolean        insert_mode;     /* the app dictates in insert (not overwrite) mode */

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

  RdStudyTrail   *trail;           /* studies left that the app may still name */
  RdReportPane    pane;
  char           *pane_reason;
};

/* rd-session.c: every change goes through these, which notify */
const char *rd_session_msg             (RdSession        *self,
                                        RdProfileMessage  which);
void        rd_session_set_pane        (RdSession        *self,
                                        RdReportPane      pane,
                                        const char       *reason);
void        rd_session_set_state       (RdSession        *self,
                                        RdSessionState    state,
                                        const char       *reason);
void        rd_session_set_recording   (RdSession        *self,
                                        gboolean          recording);
void        rd_session_set_insert_mode (RdSession        *self,
                                        gboolean          insert_mode);
void        rd_session_set_user_name   (RdSession        *self,
                                        const char       *user_name);
void        rd_session_set_mismatch    (RdSession        *self,
                                        gboolean          mismatch,
                                        const char       *detail,
                                        const RdEventStudy *shown);
void        rd_session_start_timer     (RdSession        *self,
                                        RdSessionTimer    timer,
                                        guint             ms);
void        rd_session_stop_timer      (RdSession        *self,
                                        RdSessionTimer    timer);
void        rd_session_stop_all_timers (RdSession        *self);
void        rd_session_post            (RdSession        *self,
                                        char             *json);
void        rd_session_emit_event      (RdSession        *self,
                                        const char       *type,
                                        const char       *json,
                                        const RdEventStudy *about);
void        rd_session_emit_token_needed (RdSession      *self,
                                        gboolean          fresh);
void        rd_session_emit_study_changed (RdSession     *self);

/* rd-session-study.c */
void        rd_session_post_open       (RdSession        *self);
void        rd_session_check_event     (RdSession        *self,
                                        const char       *type,
                                        const RdEventStudy *about);
void        rd_session_open_timed_out  (RdSession        *self);

G_END_DECLS
