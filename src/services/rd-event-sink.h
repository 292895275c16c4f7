/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-outbox-journal.h"

G_BEGIN_DECLS

#define RD_TYPE_EVENT_SINK (rd_event_sink_get_type ())
G_DECLARE_FINAL_TYPE (RdEventSink, rd_event_sink, RD, EVENT_SINK, GObject)

RdEventSink     *rd_event_sink_new            (RdOutboxJournal *journal);
gboolean         rd_event_sink_submit         (RdEventSink     *self,
                                               JsonNode        *envelope,
                                               GError         **error);
gboolean         rd_event_sink_submit_saved   (RdEventSink     *self,
                                               JsonNode        *envelope,
                                               GError         **error);
guint            rd_event_sink_get_n_unsaved  (RdEventSink     *self);
guint            rd_event_sink_get_n_failed   (RdEventSink     *self);
guint         rd_event_sink_get_n_damaged (RdEventSink *self);
gboolean         rd_event_sink_retry_failed   (RdEventSink     *self,
                                               guint           *n_retried,
                                               GError         **error);
/* A delivery failing for longer than this goes to the dead letters (0: never). */
void             rd_event_sink_set_give_up_after (RdEventSink  *self,
                                               guint            seconds);
RdOutboxJournal *rd_event_sink_get_journal    (RdEventSink     *self);
guint            rd_event_sink_get_n_pending  (RdEventSink     *self);
gboolean         rd_event_sink_set_webhook    (RdEventSink     *self,
                                               const char      *url,
                                               const char      *secret,
                                               GError         **error);
const char      *rd_event_sink_get_delivery_problem (RdEventSink *self);
void             rd_event_sink_set_webhook_problem  (RdEventSink *self,
                                               const char      *problem);

G_END_DECLS
