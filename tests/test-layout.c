/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Which monitor a window is restored to (pure: the monitors by connector). */
#include "config.h"

#include "rd-layout.h"

static void
test_pick_monitor (void)
{
  const char *three[] = { "eDP-1", "DP-1", "DP-2", NULL };
  const char *one[] = { "eDP-1", NULL };
  const char *none[] = { NULL };

  /* where it was */
  g_assert_cmpint (rd_layout_pick_monitor ("DP-2", three, "eDP-1"), ==, 2);
  /* that monitor is gone: not on top of the other window */
  g_assert_cmpint (rd_layout_pick_monitor ("HDMI-1", three, "eDP-1"), ==, 1);
  g_assert_cmpint (rd_layout_pick_monitor ("HDMI-1", three, "DP-1"), ==, 0);
  /* never placed before */
  g_assert_cmpint (rd_layout_pick_monitor ("", three, "eDP-1"), ==, 1);
  g_assert_cmpint (rd_layout_pick_monitor (NULL, three, NULL), ==, 0);
  /* one monitor: both windows share it */
  g_assert_cmpint (rd_layout_pick_monitor ("DP-2", one, "eDP-1"), ==, 0);
  g_assert_cmpint (rd_layout_pick_monitor ("DP-2", none, NULL), ==, -1);
  g_assert_cmpint (rd_layout_pick_monitor ("DP-2", NULL, NULL), ==, -1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layout/pick-monitor", test_pick_monitor);
  return g_test_run ();
}
