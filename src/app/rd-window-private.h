/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* RdWindow's parts: the window and what it shows (rd-window.c), its
 * actions (rd-window-actions.c), closing (rd-window-close.c) and the
 * viewer's layout (rd-window-layout.c). */

#include "rd-window.h"
#include "rd-mismatch-banner.h"
#include "rd-report-cover.h"
#include "rd-viewer-pane.h"

G_BEGIN_DECLS

struct _RdWindow
{
  GtkApplicationWindow  parent_instance;

  RdReportController   *controller;
  RdCommandRouter      *router;         /* where the command actions go */
  RdNativeViewer       *native_viewer;  /* a desktop PACS viewer that follows the study, or NULL */
  RdViewerWindow       *viewer_window;  /* the viewer in a window of its own, or NULL */
  gboolean              closing;        /* the viewer window closes with us, its layout kept */
  RdViewerView         *viewer;
  char                 *viewer_template;
  char                 *default_site_id;
  char                 *pending_viewer_url;
  char                 *pending_viewer_uid;
  GSettings            *settings;         /* configuration */
  GSettings            *state;            /* what the windows remember: rd-window-state.h */

  /* template widgets */
  RdStudyBanner        *banner;
  GtkPaned             *paned;
  RdViewerPane         *viewer_pane;
  GtkBox               *report_box;
  RdMismatchBanner     *mismatch_banner;
  RdReportCover        *report_cover;
  gboolean              awaiting_report;  /* a study is opening: the keyboard goes there once shown */
  RdStatusBar          *status_bar;
  GtkWidget            *recording_indicator;
  GtkLabel             *recording_time;
  gint64                recording_since;  /* monotonic µs; 0: not recording */
  guint                 recording_tick;
  guint                 close_timeout;    /* quitting: the page's beforeunload answers */
  gboolean              close_approved;
};

/* rd-window.c */
void     rd_window_update_input        (RdWindow       *self);
void     rd_window_update_banner       (RdWindow       *self);
void     rd_window_load_pending_viewer (RdWindow       *self);

/* rd-window-actions.c */
void     rd_window_class_add_actions   (GtkWidgetClass *widget_class);

/* rd-window-close.c */
void     rd_window_watch_close         (RdWindow       *self,
                                        GtkWidget      *report_view);
gboolean rd_window_close_request       (GtkWindow      *window);

/* rd-window-layout.c */
void     rd_window_apply_layout        (RdWindow       *self);

G_END_DECLS
