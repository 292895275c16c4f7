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

/* What a test file last saw (the app's state, what a page said), for the
 * message of a wait that timed out: a failure on a busy CI machine must
 * explain itself from its log alone. Each test file may set its own. */
typedef char *(*WaitForDescribe) (void);
static WaitForDescribe wait_for_describe G_GNUC_UNUSED;

static inline void G_GNUC_NORETURN G_GNUC_UNUSED
wait_for_timed_out (int         seconds,
                    const char *what)
{
  g_autofree char *seen = wait_for_describe ? wait_for_describe () : NULL;

  g_error ("timed out after %d s waiting for: %s%s%s", seconds, what,
           seen ? "\nlast seen:\n" : "", seen ? seen : "");
}

/* Runs the main context until cond holds; fails the test after seconds.
 * Waits are for an event (a signal, a page's beacon), never for time: the
 * limit only ends a test that would otherwise hang. */
#define WAIT_FOR(cond, seconds)                                                     \
  G_STMT_START {                                                                    \
    gint64 _end = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC;             \
    while (!(cond))                                                                 \
      {                                                                             \
        if (g_get_monotonic_time () > _end)                                         \
          wait_for_timed_out ((seconds), #cond);                                    \
        g_main_context_iteration (NULL, FALSE);                                     \
        g_usleep (1000);                                                            \
      }                                                                             \
  } G_STMT_END
