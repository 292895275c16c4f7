/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How ReportDock drives one kind of web image viewer, loaded from data
 * (data/viewers/NAME.json, or a site's own copy) like the vendor profiles:
 * how a study change reaches it, and how it tells that a study is shown
 * or that the archive has no such study. Immutable, reference counted. */
typedef struct _RdViewerProfile RdViewerProfile;

RdViewerProfile    *rd_viewer_profile_new_from_data   (const char          *data,
                                                       gssize               length,
                                                       GError             **error);
RdViewerProfile    *rd_viewer_profile_load            (const char          *name,
                                                       const char * const  *search_dirs,
                                                       GError             **error);
RdViewerProfile    *rd_viewer_profile_ref             (RdViewerProfile     *profile);
void                rd_viewer_profile_unref           (RdViewerProfile     *profile);

const char         *rd_viewer_profile_get_name        (const RdViewerProfile *profile);
/* The next study is opened inside the running viewer (its own router)
 * rather than by loading its page again. */
gboolean            rd_viewer_profile_switches_in_page (const RdViewerProfile *profile);
gboolean            rd_viewer_profile_has_shown_cue   (const RdViewerProfile *profile);
/* The page's cues, as JSON for the page's script: {"event", "detail",
 * "then", "missing"}, each a string or null — the event of a new image
 * whose detail member holds the study UID, then the event of its drawing;
 * the path (ends with) of the request listing the study's series — or
 * NULL: none (the page's first paint is the cue). */
char               *rd_viewer_profile_shown_cue_json  (const RdViewerProfile *profile);
typedef enum {
  RD_VIEWER_ANSWER_NONE,      /* not about the study, or nothing to say */
  RD_VIEWER_ANSWER_MISSING,   /* the archive has no such study */
  RD_VIEWER_ANSWER_FAILED,    /* the archive failed to answer */
} RdViewerAnswer;

/* What an answer to one of the viewer's requests says of the study: the
 * request that lists its series, answered 404 or 204 or with an empty
 * JSON array, says the archive lacks it. status 0: not known (the page
 * saw the answer); body_size -1: not known (WebKit keeps no body of a
 * script's request). */
RdViewerAnswer      rd_viewer_profile_judge_listing   (const RdViewerProfile *profile,
                                                       const char          *study_uid,
                                                       const char          *uri,
                                                       guint                status,
                                                       gint64               body_size);
/* Whether an answer is to the request that lists the study's series (its
 * body is worth reading). */
gboolean            rd_viewer_profile_is_study_listing (const RdViewerProfile *profile,
                                                       const char          *study_uid,
                                                       const char          *uri);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdViewerProfile, rd_viewer_profile_unref)

G_END_DECLS
