/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

/* Runs the main context for ms, whatever happens: lets a window settle. */
static inline void
settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
}

/* Runs the main context until cond holds; fails the test after seconds. */
#define WAIT_FOR(cond, seconds)                                                     \
  G_STMT_START {                                                                    \
    gint64 _end = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC;             \
    while (!(cond))                                                                 \
      {                                                                             \
        if (g_get_monotonic_time () > _end)                                         \
          g_error ("timed out after %d s waiting for: %s", (seconds), #cond);       \
        g_main_context_iteration (NULL, FALSE);                                     \
        g_usleep (1000);                                                            \
      }                                                                             \
  } G_STMT_END
