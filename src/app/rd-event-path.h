/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-event-sink.h"
#include "rd-event-study.h"
#include "rd-report-controller.h"

G_BEGIN_DECLS

#define RD_TYPE_EVENT_PATH (rd_event_path_get_type ())
G_DECLARE_FINAL_TYPE (RdEventPath, rd_event_path, RD, EVENT_PATH, GObject)

RdEventPath *rd_event_path_new            (RdEventSink        *sink,
                                           const char         *profile_name,
                                           const char         *default_site_id);
void         rd_event_path_set_controller (RdEventPath        *self,
                                           RdReportController *controller);
RdEventSink *rd_event_path_get_sink       (RdEventPath        *self);
void         rd_event_path_submit         (RdEventPath        *self,
                                           const char         *message_json,
                                           const RdEventStudy *about);
void         rd_event_path_submit_own     (RdEventPath        *self,
                                           const char         *type,
                                           const char         *key,
                                           const char         *value);
void         rd_event_path_submit_context (RdEventPath        *self,
                                           const char         *type,
                                           const char         *event_type,
                                           const RdEventStudy *shown);
gboolean     rd_event_path_record_relayed (const char         *message_json,
                                           gpointer            user_data,
                                           GError            **error);

G_END_DECLS
