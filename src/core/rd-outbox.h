/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rd-event-study.h"


G_BEGIN_DECLS

/* The outbox journal's format (docs/protocol.md §5): one record per line,
 * "<8 hex checksum> <json>\n", so that a torn or damaged line is found and
 * skipped without losing the records around it. */

typedef enum {
  RD_OUTBOX_RECORD_EVENT,      /* {"event": envelope} */
  RD_OUTBOX_RECORD_DELIVERED,  /* {"delivered": "evt_…"} */
  RD_OUTBOX_RECORD_FAILED,     /* {"failed": "evt_…", "reason": "…"}: refused for good */
  RD_OUTBOX_RECORD_RETRY,      /* {"retry": "evt_…"}: a failed one, to be sent again */
} RdOutboxRecordKind;

typedef struct {
  GPtrArray  *events;          /* JsonNode* envelopes, in journal order */
  GHashTable *delivered;       /* ids */
  GHashTable *failed;          /* id → reason: the dead letters */
  guint       n_damaged;       /* complete lines that failed their checksum or made no sense */
  GPtrArray  *damaged;         /* GBytes*: each such line as it is, without its newline */
  GString    *good;            /* the lines that replayed, each with its newline */
  gsize       valid_length;    /* bytes up to the end of the last complete line */
  gboolean    torn_tail;       /* the last line has no newline: a write cut short */
} RdOutboxReplay;

char           *rd_outbox_new_event_id   (void);
gboolean        rd_outbox_is_event_id    (const char        *id);
JsonNode       *rd_outbox_envelope       (const char        *id,
                                          const char        *type,
                                          GDateTime         *occurred_at,
                                          const char        *profile,
                                          const char        *mrn,
                                          const char        *accession_number,
                                          const char        *site_id,
                                          JsonNode          *payload);
JsonNode       *rd_outbox_envelope_for_message (const char  *id,
                                          GDateTime         *occurred_at,
                                          const char        *profile,
                                          const RdEventStudy *about,
                                          const char        *message_json);
char           *rd_outbox_encode_event   (JsonNode          *envelope);
char           *rd_outbox_encode_delivered (const char      *id);
char           *rd_outbox_encode_failed  (const char        *id,
                                          const char        *reason);
char           *rd_outbox_encode_retry   (const char        *id);
RdOutboxReplay *rd_outbox_replay         (const char        *data,
                                          gsize              length);
void            rd_outbox_replay_free    (RdOutboxReplay    *replay);
const char     *rd_outbox_envelope_id    (JsonNode          *envelope);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdOutboxReplay, rd_outbox_replay_free)

G_END_DECLS
