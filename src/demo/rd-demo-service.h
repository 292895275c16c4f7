/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RD_TYPE_DEMO_SERVICE (rd_demo_service_get_type ())
G_DECLARE_FINAL_TYPE (RdDemoService, rd_demo_service, RD, DEMO_SERVICE, GObject)

RdDemoService *rd_demo_service_new               (GError        **error);
const char    *rd_demo_service_get_base_url      (RdDemoService  *self);
const char    *rd_demo_service_get_api_key       (RdDemoService  *self);
char          *rd_demo_service_get_vendor_url    (RdDemoService  *self);
char          *rd_demo_service_get_token_url     (RdDemoService  *self);
char          *rd_demo_service_get_viewer_template (RdDemoService *self);
guint          rd_demo_service_get_n_tokens_issued (RdDemoService *self);
guint          rd_demo_service_get_n_sign_ins    (RdDemoService  *self);
const char    *rd_demo_service_get_api_base_url (RdDemoService  *self);
guint          rd_demo_service_get_n_links       (RdDemoService  *self);
/* What the demo page on screen says it shows ("MRN/ACC,ACC", the linked
 * page's study, or "" for none), the latest and every one in order. */
const char    *rd_demo_service_get_showing       (RdDemoService  *self);
GPtrArray     *rd_demo_service_get_showing_history (RdDemoService *self);
const char    *rd_demo_service_get_keyboard      (RdDemoService  *self);
guint          rd_demo_service_get_n_beforeunload (RdDemoService *self);

typedef struct {
  GBytes *audio;
  char   *type;       /* as uploaded: "audio/mp4; codecs=mp4a" */
  char   *input;      /* the input the page recorded, by its name */
  double  heard_hz;   /* the pitch the page heard while recording */
  char   *formats;    /* what its MediaRecorder could record, space-separated */
} RdDemoRecording;

const RdDemoRecording *rd_demo_service_get_recording (RdDemoService *self,
                                                      guint         *n);
void           rd_demo_service_set_token_lifetime (RdDemoService *self,
                                                  guint           seconds);

G_END_DECLS
