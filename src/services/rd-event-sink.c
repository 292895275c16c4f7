/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-event-sink"

#include "config.h"

#include "rd-event-sink.h"
#include "rd-outbox.h"

/* Where every event goes: first to disk, then out ("event" signal: the D-Bus
 * ReportEvent; webhook delivery reads the journal in order). */

struct _RdEventSink
{
  GObject          parent_instance;
  RdOutboxJournal *journal;
};

G_DEFINE_FINAL_TYPE (RdEventSink, rd_event_sink, G_TYPE_OBJECT)

enum {
  EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* An event that cannot be journalled (disk full) still goes out live, and
 * the caller learns why it is not durable. */
gboolean
rd_event_sink_submit (RdEventSink  *self,
                      JsonNode     *envelope,
                      GError      **error)
{
  g_autofree char *json = json_to_string (envelope, FALSE);
  const char *type = json_object_get_string_member (json_node_get_object (envelope), "type");
  gboolean durable = rd_outbox_journal_append (self->journal, envelope, error);

  if (!durable)
    g_warning ("event %s (%s) could not be journalled", rd_outbox_envelope_id (envelope), type);
  g_signal_emit (self, signals[EVENT], 0, type, json);
  return durable;
}

RdOutboxJournal *
rd_event_sink_get_journal (RdEventSink *self)
{
  return self->journal;
}

guint
rd_event_sink_get_n_pending (RdEventSink *self)
{
  GPtrArray *events = rd_outbox_journal_get_events (self->journal);
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    if (!rd_outbox_journal_is_delivered (self->journal, rd_outbox_envelope_id (g_ptr_array_index (events, i))))
      n++;
  return n;
}

RdEventSink *
rd_event_sink_new (RdOutboxJournal *journal)
{
  RdEventSink *self = g_object_new (RD_TYPE_EVENT_SINK, NULL);

  self->journal = g_object_ref (journal);
  return self;
}

static void
rd_event_sink_finalize (GObject *object)
{
  RdEventSink *self = RD_EVENT_SINK (object);

  g_clear_object (&self->journal);
  G_OBJECT_CLASS (rd_event_sink_parent_class)->finalize (object);
}

static void
rd_event_sink_class_init (RdEventSinkClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_event_sink_finalize;

  /* (type, envelope JSON), after the journal has it */
  signals[EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
rd_event_sink_init (RdEventSink *self)
{
}
