/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-button-tracker.h"
#include "rd-device-id.h"

#define MS 1000

/* The events of one report, as "PRESS RECORD,RELEASE PLAY". */
static char *
feed (RdButtonTracker *t,
      RdButtons        held,
      gint64           now_us)
{
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (RdButtonEvent));
  GString *s = g_string_new (NULL);

  if (held == (RdButtons) -1)
    rd_button_tracker_expire (t, now_us, events);
  else
    rd_button_tracker_feed (t, held, now_us, events);
  for (guint i = 0; i < events->len; i++)
    {
      RdButtonEvent *e = &g_array_index (events, RdButtonEvent, i);

      g_string_append_printf (s, "%s%s %s", i ? "," : "", rd_edge_to_string (e->edge),
                              rd_button_to_string (e->button));
    }
  return g_string_free (s, FALSE);
}

#define ASSERT_FEED(t, held, now, expected) \
  G_STMT_START { g_autofree char *_got = feed ((t), (held), (now)); \
                 g_assert_cmpstr (_got, ==, (expected)); } G_STMT_END
#define EXPIRE ((RdButtons) -1)

static void
test_press_release (void)
{
  RdButtonTracker t;

  rd_button_tracker_init (&t, 0, 0, 800);
  ASSERT_FEED (&t, 0, 0, "");
  ASSERT_FEED (&t, RD_BUTTON_RECORD, 10 * MS, "press RECORD");
  ASSERT_FEED (&t, RD_BUTTON_RECORD, 20 * MS, "");          /* a repeated report: nothing */
  ASSERT_FEED (&t, 0, 30 * MS, "release RECORD");
  ASSERT_FEED (&t, 0, 40 * MS, "");
}

static void
test_chord (void)
{
  RdButtonTracker t;

  rd_button_tracker_init (&t, 0, 0, 800);
  ASSERT_FEED (&t, RD_BUTTON_PLAY | RD_BUTTON_FORWARD, 0, "press PLAY,press FORWARD");
  ASSERT_FEED (&t, RD_BUTTON_PLAY | RD_BUTTON_FORWARD | RD_BUTTON_F1_A, MS, "press F1_A");
  ASSERT_FEED (&t, RD_BUTTON_F1_A, 2 * MS, "release PLAY,release FORWARD");
  ASSERT_FEED (&t, 0, 3 * MS, "release F1_A");
}

static void
test_hold (void)
{
  RdButtonTracker t;

  rd_button_tracker_init (&t, 0, RD_BUTTON_EOL_PRIO, 800);
  g_assert_cmpint (rd_button_tracker_next_deadline (&t), ==, -1);
  /* a button with a hold action: the press waits */
  ASSERT_FEED (&t, RD_BUTTON_EOL_PRIO, 1000 * MS, "");
  g_assert_cmpint (rd_button_tracker_next_deadline (&t), ==, 1800 * MS);
  ASSERT_FEED (&t, EXPIRE, 1799 * MS, "");
  ASSERT_FEED (&t, EXPIRE, 1800 * MS, "hold EOL_PRIO");
  ASSERT_FEED (&t, EXPIRE, 2500 * MS, "");                  /* once */
  g_assert_cmpint (rd_button_tracker_next_deadline (&t), ==, -1);
  ASSERT_FEED (&t, 0, 3000 * MS, "release EOL_PRIO");       /* no short press after a hold */
  /* a short press: the press comes on release */
  ASSERT_FEED (&t, RD_BUTTON_EOL_PRIO, 4000 * MS, "");
  ASSERT_FEED (&t, 0, 4200 * MS, "press EOL_PRIO,release EOL_PRIO");
  /* a button without a hold action presses at once, and still reports its hold */
  ASSERT_FEED (&t, RD_BUTTON_RECORD, 5000 * MS, "press RECORD");
  ASSERT_FEED (&t, EXPIRE, 5800 * MS, "hold RECORD");
  ASSERT_FEED (&t, 0, 5900 * MS, "release RECORD");
}

/* docs/devices.md §2.6 with the SDK's own vectors: [128,0,0,0,0,0,0,1,4] →
 * SCAN_END; [..,0,4] → nothing new; [..,0,2] → STOP. */
static void
test_slider (void)
{
  RdButtonTracker t;
  RdButtons slider = rd_device_code_slider_mask (3510);   /* INT slider: RECORD/STOP/PLAY/REWIND */

  g_assert_cmpuint (slider, ==, RD_BUTTON_RECORD | RD_BUTTON_STOP | RD_BUTTON_PLAY | RD_BUTTON_REWIND);
  rd_button_tracker_init (&t, slider, 0, 800);
  ASSERT_FEED (&t, RD_BUTTON_SCAN_END | RD_BUTTON_PLAY, 0, "press SCAN_END");
  ASSERT_FEED (&t, RD_BUTTON_PLAY, MS, "release SCAN_END");
  ASSERT_FEED (&t, RD_BUTTON_STOP, 2 * MS, "slide STOP");
  ASSERT_FEED (&t, RD_BUTTON_RECORD, 3 * MS, "slide RECORD");
  ASSERT_FEED (&t, RD_BUTTON_RECORD, 4 * MS, "");
  /* a button pressed while the slider stays: only the button */
  ASSERT_FEED (&t, RD_BUTTON_RECORD | RD_BUTTON_FORWARD, 5 * MS, "press FORWARD");
  ASSERT_FEED (&t, RD_BUTTON_RECORD, 6 * MS, "release FORWARD");
  /* slider positions never hold */
  ASSERT_FEED (&t, EXPIRE, 60000 * MS, "");
  /* PHI sliders: FORWARD is a position, RECORD a button */
  rd_button_tracker_init (&t, rd_device_code_slider_mask (3720), 0, 800);
  /* the first report moves the slider from nowhere, as in the reference */
  ASSERT_FEED (&t, RD_BUTTON_STOP, 0, "slide STOP");
  ASSERT_FEED (&t, RD_BUTTON_FORWARD, MS, "slide FORWARD");
  ASSERT_FEED (&t, RD_BUTTON_FORWARD | RD_BUTTON_RECORD, 2 * MS, "press RECORD");
}

static void
test_release_all (void)
{
  RdButtonTracker t;
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (RdButtonEvent));

  rd_button_tracker_init (&t, 0, RD_BUTTON_EOL_PRIO, 800);
  ASSERT_FEED (&t, RD_BUTTON_RECORD | RD_BUTTON_EOL_PRIO, 0, "press RECORD");
  rd_button_tracker_release_all (&t, events);
  /* the pending short press is not invented on unplug */
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpint (g_array_index (events, RdButtonEvent, 0).edge, ==, RD_EDGE_RELEASE);
  g_assert_cmpint (g_array_index (events, RdButtonEvent, 1).edge, ==, RD_EDGE_RELEASE);
  /* a fresh device state afterwards */
  ASSERT_FEED (&t, RD_BUTTON_RECORD, MS, "press RECORD");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/button-tracker/press-release", test_press_release);
  g_test_add_func ("/button-tracker/chord", test_chord);
  g_test_add_func ("/button-tracker/hold", test_hold);
  g_test_add_func ("/button-tracker/slider", test_slider);
  g_test_add_func ("/button-tracker/release-all", test_release_all);
  return g_test_run ();
}
