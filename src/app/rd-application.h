/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-demo-service.h"
#include "rd-dictation.h"
#include "rd-event-sink.h"
#include "rd-host-server.h"
#include "rd-window.h"
#include "rd-setup-window.h"

G_BEGIN_DECLS

#define RD_TYPE_APPLICATION (rd_application_get_type ())
G_DECLARE_FINAL_TYPE (RdApplication, rd_application, RD, APPLICATION, GtkApplication)

RdApplication *rd_application_new              (void);
RdWindow      *rd_application_get_window       (RdApplication *self);
RdSetupWindow *rd_application_get_setup_window (RdApplication *self);
gboolean       rd_application_get_start_failed (RdApplication *self);
RdHostServer  *rd_application_get_host_server  (RdApplication *self);
RdDemoService *rd_application_get_demo_service (RdApplication *self);
RdEventSink   *rd_application_get_event_sink   (RdApplication *self);
gboolean       rd_application_ensure_started   (RdApplication *self,
                                                GError       **error);
gboolean       rd_application_open_study       (RdApplication *self,
                                                const RdStudy *study,
                                                GError       **error);
void           rd_application_close_report     (RdApplication *self);
gboolean       rd_application_send_command     (RdApplication *self,
                                                const char    *command,
                                                GError       **error);
GVariant      *rd_application_get_status       (RdApplication *self);
/* "Continue with this report": lifts the wrong-patient guard, on the record. */
/* Before start-up only: where dictation devices are read (hidapi by default). */
void           rd_application_set_hid_backend  (RdApplication      *self,
                                                const RdHidBackend *backend);
RdDictation   *rd_application_get_dictation    (RdApplication *self);

G_END_DECLS
