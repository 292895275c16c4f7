/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Dictation button latency: a scripted SpeechMike's report read by its
 * reader thread → the `command` message posted into the reporting app's
 * frame, N presses (default 1000) of F2 (next field), one every 20 ms,
 * against `--demo`.
 * Prints "button -> command posted median_ms=… p99_ms=… max_ms=…".
 * Run by bench-dictation.sh (needs a display and a session bus). */
#include "config.h"

#include "hid-double.h"
#include "rd-application.h"
#include "rd-iframe-controller.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SM "/dev/hidraw-bench"
/* faster than any thumb: each press finds the app idle, as a real one does */
#define PACE_MS 20

static RdApplication *app;
static HidDouble *hid;
static int n_presses;
static GArray *latencies;   /* double, ms */
static gint64 last_read_us = -1;
static gboolean started;

static void
press (guint16 wire)
{
  guint8 r[9] = { 0x80, 0, 0, 0, 0, 0, 0, wire & 0xff, wire >> 8 };

  hid_double_send (hid, SM, r, sizeof r);
}

static int
compare (gconstpointer a,
         gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
finish (void)
{
  guint n = latencies->len;

  g_array_sort (latencies, compare);
  printf ("bench-dictation: presses=%u\n", n);
  printf ("button -> command posted median_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
          g_array_index (latencies, double, n / 2),
          g_array_index (latencies, double, (guint) (n * 0.99) - 1),
          g_array_index (latencies, double, n - 1));
  fflush (stdout);
  g_application_quit (G_APPLICATION (app));
}

/* An emission hook runs before every handler, so before ReportDock's own
 * handler turns the press into a posted command. */
static gboolean
on_button (GSignalInvocationHint *hint,
           guint                  n_params,
           const GValue          *params,
           gpointer               user_data)
{
  if (g_value_get_uint (&params[4]) == RD_EDGE_PRESS)
    last_read_us = g_value_get_int64 (&params[5]);
  return TRUE;
}

static gboolean
press_again (gpointer user_data)
{
  press (0x0004);   /* F2_B */
  return G_SOURCE_REMOVE;
}

/* After the controller's own handler: the message is in the web view. */
static void
on_posted (RdSession  *session,
           const char *json)
{
  double ms;

  if (strstr (json, "\"next_field\"") == NULL || last_read_us < 0)
    return;
  ms = (g_get_monotonic_time () - last_read_us) / 1000.0;
  last_read_us = -1;
  g_array_append_val (latencies, ms);
  press (0x0000);   /* release */
  if ((int) latencies->len >= n_presses)
    finish ();
  else
    g_timeout_add (PACE_MS, press_again, NULL);
}

static gboolean
wait_until_ready (gpointer user_data)
{
  RdWindow *window = rd_application_get_window (app);
  RdReportController *controller = window ? rd_window_get_controller (window) : NULL;
  g_autoptr(GPtrArray) devices = NULL;

  if (controller == NULL || rd_report_controller_get_state (controller) != RD_SESSION_STATE_SIGNED_IN ||
      rd_report_controller_get_study (controller) == NULL)
    return G_SOURCE_CONTINUE;
  devices = rd_device_monitor_list (rd_dictation_get_monitor (rd_application_get_dictation (app)));
  if (devices->len == 0)
    return G_SOURCE_CONTINUE;
  if (!started)
    {
      started = TRUE;
      g_signal_add_emission_hook (g_signal_lookup ("button", RD_TYPE_DEVICE_MONITOR), 0,
                                  on_button, NULL, NULL);
      g_signal_connect_after (rd_iframe_controller_get_session (RD_IFRAME_CONTROLLER (controller)), "post-message",
                              G_CALLBACK (on_posted), NULL);
      press (0x0004);
    }
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  char *app_argv[] = { argv[0], (char *) "--demo", NULL };
  int status;

  n_presses = argc > 1 ? atoi (argv[1]) : 1000;
  latencies = g_array_new (FALSE, FALSE, sizeof (double));
  hid = hid_double_new ();
  hid_double_plug (hid, SM, 0x0911, 0x0c1c, 0xffa0, 1);
  app = rd_application_new ();
  rd_application_set_hid_backend (app, hid_double_backend (hid));
  g_timeout_add (50, wait_until_ready, NULL);
  status = g_application_run (G_APPLICATION (app), 2, app_argv);
  g_object_unref (app);
  return status;
}
