/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RD_TYPE_OUTBOX_JOURNAL (rd_outbox_journal_get_type ())

/* How long events stay in the outbox once nobody is waiting for them. */
#define RD_OUTBOX_KEEP (30 * G_TIME_SPAN_DAY)
G_DECLARE_FINAL_TYPE (RdOutboxJournal, rd_outbox_journal, RD, OUTBOX_JOURNAL, GObject)

RdOutboxJournal *rd_outbox_journal_open          (const char       *directory,
                                                  GError          **error);
gboolean         rd_outbox_journal_append        (RdOutboxJournal  *self,
                                                  JsonNode         *envelope,
                                                  GError          **error);
gboolean         rd_outbox_journal_mark_delivered (RdOutboxJournal *self,
                                                  const char       *id,
                                                  GError          **error);
gboolean         rd_outbox_journal_is_delivered  (RdOutboxJournal  *self,
                                                  const char       *id);
GPtrArray       *rd_outbox_journal_get_events    (RdOutboxJournal  *self);
JsonNode        *rd_outbox_journal_next_undelivered (RdOutboxJournal *self);
gboolean         rd_outbox_journal_mark_failed   (RdOutboxJournal  *self,
                                                  const char       *id,
                                                  const char       *reason,
                                                  GError          **error);
const char      *rd_outbox_journal_get_failure   (RdOutboxJournal  *self,
                                                  const char       *id);
guint            rd_outbox_journal_get_n_failed  (RdOutboxJournal  *self);
gboolean         rd_outbox_journal_retry_failed  (RdOutboxJournal  *self,
                                                  guint            *n_retried,
                                                  GError          **error);
gboolean         rd_outbox_journal_compact       (RdOutboxJournal  *self,
                                                  GTimeSpan         keep_delivered,
                                                  GTimeSpan         keep_undelivered,
                                                  GError          **error);
const char      *rd_outbox_journal_get_path      (RdOutboxJournal  *self);
guint            rd_outbox_journal_get_n_damaged (RdOutboxJournal  *self);
GPtrArray       *rd_outbox_journal_read_quarantine (const char     *directory,
                                                  GError        **error);
const char      *rd_outbox_journal_quarantine_name (void);
char            *rd_outbox_journal_default_directory (void);

G_END_DECLS
