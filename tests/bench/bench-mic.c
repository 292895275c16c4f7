/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A microphone check as the window runs it (asynchronously, 300 ms), N
 * times: check start → verdict, and the longest gap between 1 ms ticks of
 * the main loop while it runs (how long the UI could have stalled). */
#include "config.h"

#include <stdlib.h>

#include "rd-mic-probe.h"

static gint64 last_tick, max_gap;
static RdMicResult *result;

static gboolean
tick (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  if (last_tick != 0)
    max_gap = MAX (max_gap, now - last_tick);
  last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
on_level (double rms_dbfs, gpointer data)
{
}

static void
on_done (GObject *source, GAsyncResult *res, gpointer data)
{
  result = rd_mic_probe_run_finish (res, NULL);
}

static int
compare (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return (x > y) - (x < y);
}

int
main (int argc, char *argv[])
{
  int n = argc > 1 ? atoi (argv[1]) : 10;
  g_autoptr(GArray) durations = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *verdict = "?";

  for (int i = 0; i < n; i++)
    {
      guint id = g_timeout_add (1, tick, NULL);
      gint64 start = g_get_monotonic_time (), duration;

      last_tick = 0;
      max_gap = 0;
      result = NULL;
      rd_mic_probe_run_async (NULL, 300, on_level, NULL, NULL, on_done, NULL);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      duration = g_get_monotonic_time () - start;
      g_source_remove (id);
      verdict = rd_mic_verdict_to_string (result->verdict);
      g_array_append_val (durations, duration);
      g_array_append_val (gaps, max_gap);
      rd_mic_result_free (result);
    }
  g_array_sort (durations, compare);
  g_array_sort (gaps, compare);
  g_print ("bench-mic: checks=%d capture_ms=300 last_verdict=%s\n", n, verdict);
  g_print ("check start -> verdict median_ms=%.0f max_ms=%.0f\n",
           g_array_index (durations, gint64, n / 2) / 1000.0, g_array_index (durations, gint64, n - 1) / 1000.0);
  g_print ("longest main-loop stall max_ms=%.1f median_ms=%.1f\n",
           g_array_index (gaps, gint64, n - 1) / 1000.0, g_array_index (gaps, gint64, n / 2) / 1000.0);
  return 0;
}
