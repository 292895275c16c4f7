/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-buttons.h"

G_BEGIN_DECLS

/* Turns "what is held now" reports of one device into presses, releases,
 * holds and slider moves. Pure: time comes in as an argument. */

typedef enum {
  RD_EDGE_PRESS,     /* pressed (or, for a button with a hold action, released before the hold) */
  RD_EDGE_RELEASE,
  RD_EDGE_HOLD,      /* held for hold_ms */
  RD_EDGE_SLIDE,     /* a slide switch moved to this position */
} RdEdge;

typedef struct {
  RdButton button;
  RdEdge   edge;
} RdButtonEvent;

#define RD_HOLD_MS_DEFAULT 800

typedef struct {
  gboolean  seen;          /* a first report arrived */
  RdButtons held;          /* buttons held, without the slider */
  RdButtons slider;        /* the slider's position bit(s) */
  RdButtons slider_mask;   /* which bits are slider positions on this model */
  RdButtons defer_mask;    /* buttons whose press waits to see whether it is a hold */
  RdButtons hold_done;     /* held buttons whose hold was reported */
  guint     hold_ms;
  gint64    pressed_at[32];
} RdButtonTracker;

void        rd_button_tracker_init          (RdButtonTracker *tracker,
                                             RdButtons        slider_mask,
                                             RdButtons        defer_mask,
                                             guint            hold_ms);
void        rd_button_tracker_feed          (RdButtonTracker *tracker,
                                             RdButtons        now_held,
                                             gint64           now_us,
                                             GArray          *events);
gint64      rd_button_tracker_next_deadline (RdButtonTracker *tracker);
void        rd_button_tracker_expire        (RdButtonTracker *tracker,
                                             gint64           now_us,
                                             GArray          *events);
void        rd_button_tracker_release_all   (RdButtonTracker *tracker,
                                             GArray          *events);
const char *rd_edge_to_string               (RdEdge           edge);

G_END_DECLS
