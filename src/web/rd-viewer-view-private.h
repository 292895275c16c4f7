/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* RdViewerView's parts: the view, what it is asked to show and its state
 * (rd-viewer-view.c); loading the study's page and recovering when it
 * does not load (rd-viewer-view-load.c); what the page says of itself —
 * painted, the study shown, the archive's answer (rd-viewer-view-cue.c). */

#include "rd-viewer-view.h"

G_BEGIN_DECLS

#define CRASH_RETRY_FIRST_MS 300
#define CRASH_RETRIES        5
#define CHECK_DELAY_MS       1000
#define NO_START_US          (10 * G_USEC_PER_SEC)   /* a load that never starts */
#define PAINT_GRACE_MS       2000   /* loaded, yet no word of a paint (scripts blocked) */
#define CUE_GRACE_MS         3000   /* painted, yet the profile's cue has not come */
#define IN_PAGE_LIMIT_MS     8000   /* a switch in the page that never says it is shown */

struct _RdViewerView
{
  WebKitWebView  parent_instance;

  RdViewerProfile *profile;
  char          *wanted;      /* the URL asked for, or NULL */
  char          *wanted_uid;  /* its study's UID, or NULL */
  gboolean       in_page;     /* wanted was asked of the running page */
  gboolean       page_alive;  /* a page of the viewer's own has loaded, and its process lives */
  guint          in_page_id;  /* gives up on a switch in the page */
  RdViewerState  state;
  char          *reason;      /* why it failed, or NULL */
  gboolean       started;     /* the load of wanted has started (not an older one's events) */
  gboolean       committed;   /* ... and its document replaced the previous one */
  gboolean       finished;    /* ... and it has loaded: its cue is awaited */
  gboolean       has_cue;     /* the profile names the page's cue of a study shown */
  char          *world;       /* the private script world of the paint cue */
  guint          grace_id;    /* shows a loaded page whose cue never came */
  gint64         asked_at;    /* monotonic µs of its last load_uri */
  guint          retries;     /* reloads after crashes, for this URL */
  guint          retry_id;
  guint          check_id;    /* looks again once the view has stopped loading */
};

/* rd-viewer-view.c */
void     rd_viewer_view_set_state       (RdViewerView  *self,
                                         RdViewerState  state,
                                         const char    *reason);

/* rd-viewer-view-load.c */
void     rd_viewer_view_init_loading    (RdViewerView  *self);
void     rd_viewer_view_load_wanted     (RdViewerView  *self);
void     rd_viewer_view_watch_loading   (RdViewerView  *self);
gboolean rd_viewer_view_on_in_page_too_slow (gpointer   user_data);

/* rd-viewer-view-cue.c */
void     rd_viewer_view_init_cue        (RdViewerView  *self);
void     rd_viewer_view_shown           (RdViewerView  *self);
void     rd_viewer_view_start_grace     (RdViewerView  *self,
                                         guint          ms);
void     rd_viewer_view_call_page       (RdViewerView  *self,
                                         const char    *script);
char    *rd_viewer_view_page_call       (const char    *name,
                                         const char    *first,
                                         const char    *second);

G_END_DECLS
