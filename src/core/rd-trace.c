/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-trace.h"

/* REPORTDOCK_TRACE=1: start-up milestones with wall-clock times on stderr,
 * for timing start-up and clicks by hand (tests/bench/bench-events.sh reads
 * them). Names only, never data. */
void
rd_trace (const char *milestone)
{
  static int enabled = -1;

  if (enabled < 0)
    enabled = g_strcmp0 (g_getenv ("REPORTDOCK_TRACE"), "1") == 0;
  if (enabled)
    g_printerr ("reportdock-trace: %s %" G_GINT64_FORMAT "\n", milestone, g_get_real_time ());
}
