/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-button-tracker"

#include "config.h"

#include "rd-button-tracker.h"

#include <string.h>

void
rd_button_tracker_init (RdButtonTracker *tracker,
                        RdButtons        slider_mask,
                        RdButtons        defer_mask,
                        guint            hold_ms)
{
  memset (tracker, 0, sizeof *tracker);
  tracker->slider_mask = slider_mask;
  tracker->defer_mask = defer_mask & ~slider_mask;
  tracker->hold_ms = hold_ms ? hold_ms : RD_HOLD_MS_DEFAULT;
}

static void
emit (GArray   *events,
      RdButton  button,
      RdEdge    edge)
{
  RdButtonEvent event = { button, edge };

  g_array_append_val (events, event);
}

static guint
bit_index (RdButton button)
{
  return (guint) g_bit_nth_lsf (button, -1);
}

/* The SDK's slider rule (docs/devices.md §2.6): a report that changes only the
 * slider moves it; one that changes buttons too is about the buttons, and
 * the slider's position is just noted. As in the reference, the slider
 * starts at no position: the first report that shows one moves it. */
void
rd_button_tracker_feed (RdButtonTracker *tracker,
                        RdButtons        now_held,
                        gint64           now_us,
                        GArray          *events)
{
  RdButtons buttons = now_held & ~tracker->slider_mask;
  RdButtons slider = now_held & tracker->slider_mask;
  RdButtons pressed = buttons & ~tracker->held;
  RdButtons released = tracker->held & ~buttons;
  tracker->seen = TRUE;
  if (slider != tracker->slider && pressed == 0 && released == 0)
    {
      RD_BUTTONS_FOREACH (slider & ~tracker->slider, b)
        emit (events, b, RD_EDGE_SLIDE);
    }
  tracker->slider = slider;

  RD_BUTTONS_FOREACH (released, b)
    {
      /* a short press of a button that also has a hold action */
      if ((b & tracker->defer_mask) && !(b & tracker->hold_done))
        emit (events, b, RD_EDGE_PRESS);
      emit (events, b, RD_EDGE_RELEASE);
    }
  tracker->hold_done &= ~released;
  RD_BUTTONS_FOREACH (pressed, b)
    {
      tracker->pressed_at[bit_index (b)] = now_us;
      if (!(b & tracker->defer_mask))
        emit (events, b, RD_EDGE_PRESS);
    }
  tracker->held = buttons;
}

/* When the next hold falls due, or -1. */
gint64
rd_button_tracker_next_deadline (RdButtonTracker *tracker)
{
  gint64 next = -1;

  RD_BUTTONS_FOREACH (tracker->held & ~tracker->hold_done, b)
    {
      gint64 due = tracker->pressed_at[bit_index (b)] + (gint64) tracker->hold_ms * 1000;

      if (next < 0 || due < next)
        next = due;
    }
  return next;
}

void
rd_button_tracker_expire (RdButtonTracker *tracker,
                          gint64           now_us,
                          GArray          *events)
{
  RD_BUTTONS_FOREACH (tracker->held & ~tracker->hold_done, b)
    if (now_us >= tracker->pressed_at[bit_index (b)] + (gint64) tracker->hold_ms * 1000)
      {
        tracker->hold_done |= b;
        emit (events, b, RD_EDGE_HOLD);
      }
}

/* The device went away: whatever was held is let go (a push-to-talk
 * button held while the cable is pulled must stop the recording). */
void
rd_button_tracker_release_all (RdButtonTracker *tracker,
                               GArray          *events)
{
  RD_BUTTONS_FOREACH (tracker->held, b)
    emit (events, b, RD_EDGE_RELEASE);
  tracker->held = 0;
  tracker->hold_done = 0;
  tracker->slider = 0;
  tracker->seen = FALSE;
}

const char *
rd_edge_to_string (RdEdge edge)
{
  switch (edge)
    {
    case RD_EDGE_PRESS:   return "press";
    case RD_EDGE_RELEASE: return "release";
    case RD_EDGE_HOLD:    return "hold";
    case RD_EDGE_SLIDE:   return "slide";
    default:              return "unknown";
    }
}
