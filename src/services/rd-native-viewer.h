/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-study.h"

G_BEGIN_DECLS

#define RD_TYPE_NATIVE_VIEWER (rd_native_viewer_get_type ())
G_DECLARE_FINAL_TYPE (RdNativeViewer, rd_native_viewer, RD, NATIVE_VIEWER, GObject)

RdNativeViewer *rd_native_viewer_new         (const char * const *command,
                                              const char         *uri_template,
                                              const char         *default_site_id,
                                              guint               timeout_seconds);
gboolean        rd_native_viewer_is_configured (RdNativeViewer   *self);
void            rd_native_viewer_show        (RdNativeViewer     *self,
                                              const RdStudy      *study);
void            rd_native_viewer_forget      (RdNativeViewer     *self);

G_END_DECLS
