/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-layout.h"

/* Which monitor a window goes back to, by connector name ("DP-2"): the one
 * it was on; when that one is gone (a workstation rewired, a laptop
 * undocked), one that is not the other window's, so that images and the
 * report do not land on top of each other; else the first. -1: none. */
int
rd_layout_pick_monitor (const char         *wanted,
                        const char * const *connectors,
                        const char         *avoid)
{
  guint n = connectors ? g_strv_length ((char **) connectors) : 0;

  if (n == 0)
    return -1;
  for (guint i = 0; wanted != NULL && wanted[0] != '\0' && i < n; i++)
    if (g_strcmp0 (connectors[i], wanted) == 0)
      return (int) i;
  for (guint i = 0; avoid != NULL && i < n; i++)
    if (g_strcmp0 (connectors[i], avoid) != 0)
      return (int) i;
  return 0;
}
