/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <webkit/webkit.h>

#include "rd-viewer-profile.h"

G_BEGIN_DECLS

/* What the viewer pane does with the study it was asked to show. */
typedef enum {
  RD_VIEWER_STATE_NONE,      /* nothing asked for (or blanked) */
  RD_VIEWER_STATE_LOADING,   /* the study's page is loading, or loads again after a crash */
  RD_VIEWER_STATE_SHOWING,   /* the study's page has painted: what is on screen is the study's */
  RD_VIEWER_STATE_FAILED,    /* it could not be loaded; the reason says why */
  RD_VIEWER_STATE_NOT_FOUND, /* the archive answered that it has no such study */
} RdViewerState;

#define RD_TYPE_VIEWER_VIEW (rd_viewer_view_get_type ())
G_DECLARE_FINAL_TYPE (RdViewerView, rd_viewer_view, RD, VIEWER_VIEW, WebKitWebView)

RdViewerView  *rd_viewer_view_new        (WebKitNetworkSession *session,
                                          RdViewerProfile      *profile);
void           rd_viewer_view_show       (RdViewerView         *self,
                                          const char           *url,
                                          const char           *study_uid);
void           rd_viewer_view_blank      (RdViewerView         *self);
RdViewerState  rd_viewer_view_get_state  (RdViewerView         *self);
const char    *rd_viewer_view_get_reason (RdViewerView         *self);
const char    *rd_viewer_view_get_wanted (RdViewerView         *self);
const char    *rd_viewer_view_get_wanted_study_uid (RdViewerView *self);
const char    *rd_viewer_state_to_string (RdViewerState         state);

G_END_DECLS
