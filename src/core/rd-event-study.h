/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rd-study.h"

G_BEGIN_DECLS

/* Which study a report event is about (docs/protocol.md §5): the identifiers its
 * payload names, else the study open when it arrived. Decided here once, for
 * the envelope, the wrong-patient guard and `--wait` alike. */

typedef enum {
  RD_EVENT_NAMES_NO_STUDY,     /* no mrn/accession in it: about the open study */
  RD_EVENT_NAMES_OPEN_STUDY,   /* the study the worklist has open */
  RD_EVENT_NAMES_LEFT_STUDY,   /* one opened earlier, since replaced or closed */
  RD_EVENT_NAMES_OTHER_STUDY,  /* one ReportDock never opened */
} RdEventNames;

#define RD_TYPE_EVENT_STUDY (rd_event_study_get_type ())

typedef struct {
  RdEventNames  names;
  gboolean      mismatch;          /* about another study than the open one */
  char         *mrn;               /* NULL: the event is about no study */
  char         *accession_number;
  char         *site_id;
} RdEventStudy;

GType         rd_event_study_get_type        (void) G_GNUC_CONST;
RdEventStudy *rd_event_study_new_for_message (const char    *type,
                                              JsonObject    *message,
                                              const RdStudy *open,
                                              GPtrArray     *left,
                                              const char    *default_site_id);
RdEventStudy *rd_event_study_new_for_study   (const RdStudy *study,
                                              const char    *default_site_id);
RdEventStudy *rd_event_study_copy            (const RdEventStudy *about);
void          rd_event_study_free            (RdEventStudy  *about);
gboolean      rd_event_study_is_study        (const RdEventStudy *about,
                                              const RdStudy      *study,
                                              const char         *default_site_id);

gboolean      rd_envelope_is_for_study       (JsonObject    *envelope,
                                              const RdStudy *study,
                                              const char    *default_site_id);

/* The object a message's identifiers are in: "payload", or the message. */
JsonObject   *rd_event_payload               (JsonObject    *message);
/* report.signed with sign_type sign or sign_addendum (or, without one, a
 * report_status of signed or addendum_signed): not a preliminary one. */
gboolean      rd_event_is_final_signature    (JsonObject    *message);
/* The type leaves a report (closed, discarded): it names the report left. */
gboolean      rd_event_is_leaving            (const char    *type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdEventStudy, rd_event_study_free)

G_END_DECLS
