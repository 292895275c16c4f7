/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-study.h"
#include "rd-event-study.h"

G_BEGIN_DECLS

/* The studies a session has left behind, which the reporting app may still
 * name: every study replaced or closed (a late save is about one of them,
 * not a wrong patient), and those left while the app was still opening
 * them (its late report.opened answers an old request). Each list keeps
 * the newest RD_STUDY_TRAIL_MAX. */

#define RD_STUDY_TRAIL_MAX 16

typedef struct _RdStudyTrail RdStudyTrail;

RdStudyTrail *rd_study_trail_new                (void);
void          rd_study_trail_free               (RdStudyTrail       *trail);
void          rd_study_trail_leave              (RdStudyTrail       *trail,
                                                 RdStudy            *study,
                                                 gboolean            unanswered);
gboolean      rd_study_trail_take_answer        (RdStudyTrail       *trail,
                                                 const RdEventStudy *about,
                                                 const char         *default_site_id);
void          rd_study_trail_forget_unanswered  (RdStudyTrail       *trail);
GPtrArray    *rd_study_trail_get_left           (RdStudyTrail       *trail);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdStudyTrail, rd_study_trail_free)

G_END_DECLS
