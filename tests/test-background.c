/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The start at login (`reportdock --background`), in the real application
 * under Xvfb with the demo service and a scripted SpeechMike: no window,
 * signed in, the dictation devices read before any study; the first study
 * maps the window, and the device drives its report at once. */
#include "config.h"

#include "hid-double.h"
#include "log-capture.h"
#include "rd-application.h"
#include "rd-iframe-controller.h"

#include <string.h>

#include "wait-for.h"
#include "worklist.h"

#define SM "/dev/hidraw-test-speechmike"

static RdApplication *app;
static HidDouble *hid;

static RdSession *
session (void)
{
  RdReportController *controller = rd_window_get_controller (rd_application_get_window (app));

  return rd_iframe_controller_get_session (RD_IFRAME_CONTROLLER (controller));
}

static void
speechmike (guint16 wire)
{
  guint8 r[9] = { 0x80, 0, 0, 0, 0, 0, 0, wire & 0xff, wire >> 8 };

  hid_double_send (hid, SM, r, sizeof r);
}

static gboolean
device_open (void)
{
  g_autoptr(GPtrArray) list = rd_device_monitor_list (rd_dictation_get_monitor (rd_application_get_dictation (app)));

  return list->len == 1 && ((RdDeviceStatus *) g_ptr_array_index (list, 0))->open;
}

static void
test_background_start (void)
{
  RdWindow *window;
  Run run;

  worklist (&run, "--demo", "--background", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  window = rd_application_get_window (app);
  g_assert_nonnull (window);
  /* signed in ahead, with no window on screen */
  WAIT_FOR (rd_session_get_state (session ()) == RD_SESSION_STATE_SIGNED_IN, 60);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_null (rd_session_get_study (session ()));

  /* the dictation microphone plugged in before any study: it is read,
   * and a press says what it could not do */
  hid_double_plug (hid, SM, 0x0911, 0x0c1c, 0xffa0, 1);
  WAIT_FOR (device_open (), 30);
  speechmike (0x0100);   /* RECORD down, up */
  speechmike (0x0000);
  WAIT_FOR (strstr (rd_status_bar_get_reason (rd_window_get_status_bar (window)), "No report is open") != NULL, 10);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (window)));

  /* the first study of the day: the window, the report, and the same
   * microphone records into it */
  worklist (&run, "open", "--mrn", "BG-1", "--accession", "ACC-BG1", "--site", "NORTH", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)), 10);
  WAIT_FOR (rd_session_get_pane (session ()) == RD_REPORT_PANE_SHOWING, 30);
  speechmike (0x0100);
  speechmike (0x0000);
  WAIT_FOR (rd_session_get_recording (session ()), 30);
  speechmike (0x0100);
  speechmike (0x0000);
  WAIT_FOR (!rd_session_get_recording (session ()), 30);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("XDG_STATE_HOME", g_dir_make_tmp ("rd-state-XXXXXX", NULL), TRUE);
  g_setenv ("REPORTDOCK_FAKE_MICROPHONE", "1", TRUE);
  log_capture_install ();
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("no display: run under Xvfb (see README)");
      return g_test_run ();
    }
  gtk_init ();
  app = rd_application_new ();
  hid = hid_double_new ();
  rd_application_set_hid_backend (app, hid_double_backend (hid));
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_test_add_func ("/background/start", test_background_start);
  return g_test_run ();
}
