/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-study.h"

G_BEGIN_DECLS

#define RD_TYPE_NATIVE_VIEWER (rd_native_viewer_get_type ())
G_DECLARE_FINAL_TYPE (RdNativeViewer, rd_native_viewer, RD, NATIVE_VIEWER, GObject)

/* What came of the last study handed over. */
typedef enum {
  RD_NATIVE_VIEWER_NONE,      /* nothing handed over yet */
  RD_NATIVE_VIEWER_SHOWING,   /* its command runs, or waits its turn */
  RD_NATIVE_VIEWER_SHOWN,     /* its command succeeded (or its link was handed over) */
  RD_NATIVE_VIEWER_FAILED,    /* its command failed, or was stopped at its timeout */
  RD_NATIVE_VIEWER_CLOSED,    /* the report was closed: so was the study */
} RdNativeViewerState;

RdNativeViewer *rd_native_viewer_new         (const char * const *command,
                                              const char * const *close_command,
                                              const char         *uri_template,
                                              const char         *default_site_id,
                                              guint               timeout_seconds);
gboolean        rd_native_viewer_is_configured (RdNativeViewer   *self);
void            rd_native_viewer_show        (RdNativeViewer     *self,
                                              const RdStudy      *study);
void            rd_native_viewer_forget      (RdNativeViewer     *self);
const RdStudy  *rd_native_viewer_get_study   (RdNativeViewer     *self);
RdNativeViewerState rd_native_viewer_get_state (RdNativeViewer   *self);
const char     *rd_native_viewer_state_to_string (RdNativeViewerState state);

G_END_DECLS
