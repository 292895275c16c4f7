/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `reportdock --demo --profile mdai|avara` under Xvfb: the real application
 * asks the demo vendor's REST API for the study's page and shows it; MD.ai's
 * status, owner and QR code; a fresh link for every open; readable errors.
 * This process is the running instance; the worklist is played by real
 * `reportdock` processes. Argument: mdai or avara. */
#include "config.h"

#include "rd-application.h"
#include "rd-error.h"
#include "rd-link-controller.h"
#include "screenshot.h"
#include "demo-watch.h"
#include "wait-for.h"
#include "worklist.h"

#include <string.h>

static RdApplication *app;
static const char *vendor;
static GPtrArray *events;

static void
on_report_event (RdApplication *a,
                 const char    *type,
                 const char    *json)
{
  g_ptr_array_add (events, g_strdup_printf ("%s %s", type, json));
}

static guint
count_events (const char *type)
{
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    n += g_str_has_prefix (g_ptr_array_index (events, i), type);
  return n;
}

static RdReportController *
controller (void)
{
  return rd_window_get_controller (rd_application_get_window (app));
}

static WebKitWebView *
view (void)
{
  return WEBKIT_WEB_VIEW (rd_link_controller_get_view (RD_LINK_CONTROLLER (controller ())));
}

/* the demo vendor's page for this study is on screen */
static gboolean
showing (const char *study)
{
  const char *title = webkit_web_view_get_title (view ());
  const char *uri = webkit_web_view_get_uri (view ());

  return rd_report_controller_get_state (controller ()) == RD_SESSION_STATE_SIGNED_IN &&
         rd_report_controller_get_pane (controller ()) == RD_REPORT_PANE_SHOWING &&
         uri != NULL && strstr (uri, "/linked/") != NULL &&
         title != NULL && strstr (title, "demo report") != NULL &&
         g_strcmp0 (rd_study_get_study_uid (rd_report_controller_get_study (controller ())), study) == 0;
}


static void
test_opens_the_sample_study (void)
{
  Run run;
  RdDemoService *demo;

  worklist (&run, "--demo", "--profile", vendor, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  g_assert_nonnull (rd_application_get_window (app));
  g_signal_connect (app, "report-event", G_CALLBACK (on_report_event), NULL);
  WAIT_FOR (showing ("1.2.826.0.1.3680043.8.498.1001"), 60);
  demo = rd_application_get_demo_service (app);
  g_assert_cmpuint (rd_demo_service_get_n_links (demo), ==, 1);
  if (g_str_equal (vendor, "mdai"))
    {
      g_assert_cmpstr (rd_study_banner_get_report_status_text (rd_window_get_banner (rd_application_get_window (app))), ==,
                       "Draft · Dr. Demo Radiologist");
      g_assert_true (rd_study_banner_is_offering_qr_code (rd_window_get_banner (rd_application_get_window (app))));
      g_assert_nonnull (strstr (webkit_web_view_get_title (view ()), "MD.ai"));
    }
  else
    {
      g_assert_false (rd_study_banner_is_offering_qr_code (rd_window_get_banner (rd_application_get_window (app))));
      g_assert_nonnull (strstr (webkit_web_view_get_title (view ()), "Avara"));
    }
  WAIT_FOR (count_events ("reportdock.report_loaded") == 1, 10);
  save_screenshot (GTK_WIDGET (rd_application_get_window (app)), g_str_equal (vendor, "mdai") ? "mdai-report" : "avara-report");
}

/* Every open asks for a fresh page; the one before no longer opens. */
static void
test_next_study_and_fresh_links (void)
{
  RdDemoService *demo = rd_application_get_demo_service (app);
  Run run;

  worklist (&run, "open", "--mrn", "MRN-42", "--accession", "ACC-7-F", "--study-uid", "1.2.3.4", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  WAIT_FOR (showing ("1.2.3.4"), 60);
  g_assert_cmpuint (rd_demo_service_get_n_links (demo), ==, 2);
  if (g_str_equal (vendor, "mdai"))
    g_assert_cmpstr (rd_study_banner_get_report_status_text (rd_window_get_banner (rd_application_get_window (app))), ==,
                     "Signed report — read only · Dr. Demo Radiologist");

  /* reload: a fresh link for the same study */
  gtk_widget_activate_action (GTK_WIDGET (rd_application_get_window (app)), "win.reload", NULL);
  WAIT_FOR (rd_demo_service_get_n_links (demo) == 3, 30);
  WAIT_FOR (showing ("1.2.3.4"), 60);
  WAIT_FOR (count_events ("reportdock.report_loaded") >= 3, 10);
}

/* Whether a button bound to the window's action may be pressed: what a menu
 * item or a shortcut of that action sees. */
static gboolean
action_enabled (const char *name)
{
  GtkWidget *box = gtk_window_get_child (GTK_WINDOW (rd_application_get_window (app)));
  GtkWidget *button = gtk_button_new ();
  gboolean enabled;

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), name);
  gtk_box_append (GTK_BOX (box), button);
  enabled = gtk_widget_get_sensitive (button);
  gtk_box_remove (GTK_BOX (box), button);
  return enabled;
}

static void
on_dbus_reply (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, error);

  if (reply != NULL)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "SendCommand succeeded");
}

/* SendCommand over the session bus, as a worklist would call it. */
static void
dbus_send_command_fails_not_supported (void)
{
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (app));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  g_dbus_connection_call (bus, g_application_get_application_id (G_APPLICATION (app)), OBJECT_PATH,
                          "io.github.reportdock.ReportDock1", "SendCommand",
                          g_variant_new ("(s)", "toggle_recording"), NULL, G_DBUS_CALL_FLAGS_NONE, 10000,
                          NULL, on_dbus_reply, &error);
  WAIT_FOR (error != NULL, 20);
  name = g_dbus_error_get_remote_error (error);
  g_assert_cmpstr (name, ==, "io.github.reportdock.ReportDock1.Error.NotSupported");
}

/* No command channel: a button or SendCommand says so, nothing breaks. */
static void
test_commands_are_refused_clearly (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (rd_application_send_command (app, "sign_report", &error));
  g_assert_error (error, RD_ERROR, RD_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "takes no commands"));
  g_clear_error (&error);
  /* not even a record command, which would otherwise check the microphone first */
  g_assert_false (rd_application_send_command (app, "toggle_recording", &error));
  g_assert_error (error, RD_ERROR, RD_ERROR_NOT_SUPPORTED);
  /* the window offers none of them: menu items and shortcuts greyed out */
  g_assert_false (action_enabled ("win.next-field"));
  g_assert_false (action_enabled ("win.toggle-recording"));
  g_assert_true (action_enabled ("win.close-report"));
  /* a dictation button says why it did nothing */
  g_signal_emit_by_name (rd_application_get_dictation (app), "action", "next-field", (gint64) 0);
  WAIT_FOR (strstr (rd_status_bar_get_reason (rd_window_get_status_bar (rd_application_get_window (app))), "takes no commands") != NULL, 20);
  /* D-Bus callers get a documented error, never a silent success */
  dbus_send_command_fails_not_supported ();
}

static const char *
page_showing (void)
{
  return demo_showing (rd_application_get_demo_service (app));
}

static gboolean
ever_showing (const char *study,
              guint       from)
{
  return demo_ever_showing (rd_application_get_demo_service (app), study, from);
}

/* The page itself says it is gone within 1 s of the request. */
static void
assert_previous_gone_at_once (void)
{
  gint64 asked = g_get_monotonic_time ();

  /* covered by the time the click returned; the page's own word that it
   * is gone follows (its latency is printed, not asserted: a busy machine
   * is no stopwatch) */
  g_assert_true (rd_window_is_covering_report (rd_application_get_window (app)));
  WAIT_FOR (g_str_equal (page_showing (), ""), 30);
  g_test_message ("the previous page said it was gone after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - asked) / 1000);
}

/* A vendor error, then a slow vendor: the previous patient's page goes at
 * once and never comes back; the slow study shows when it comes. */
static void
test_no_stale_report (void)
{
  RdWindow *window = rd_application_get_window (app);
  GPtrArray *history = rd_demo_service_get_showing_history (rd_application_get_demo_service (app));
  /* what the demo page of the current study says it shows */
  const char *previous = g_str_equal (vendor, "mdai") ? "ACC-7-F" : "1.2.3.4";
  const char *slow = g_str_equal (vendor, "mdai") ? "ACC-11" : "1.2.3.11";
  guint from;
  Run run;

  WAIT_FOR (g_str_equal (page_showing (), previous), 30);
  from = history->len;

  /* the vendor refuses the study */
  worklist (&run, "open", "--mrn", "MRN-44", "--accession", "ACC-9-ERR", "--study-uid", "1.2.3.999", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  assert_previous_gone_at_once ();
  WAIT_FOR (rd_report_controller_get_pane (controller ()) == RD_REPORT_PANE_FAILED, 30);
  g_assert_cmpstr (rd_window_get_cover_text (window), ==, "The report could not be opened");
  g_assert_nonnull (strstr (rd_report_controller_get_pane_reason (controller ()), "(422)"));
  /* the vendor's own reason, not "a field was refused" (shown under the cover) */
  g_assert_nonnull (strstr (rd_report_controller_get_pane_reason (controller ()),
                            "says “this study is locked by another reader”"));
  g_assert_cmpstr (g_strcmp0 (webkit_web_view_get_uri (view ()), "about:blank") == 0 ? "blank" : webkit_web_view_get_uri (view ()),
                   ==, "blank");
  save_screenshot (GTK_WIDGET (window), g_str_equal (vendor, "mdai") ? "mdai-open-failed" : "avara-open-failed");

  /* a slow vendor: covered while it thinks */
  g_assert_true (rd_window_is_covering_report (window));
  worklist (&run, "open", "--mrn", "MRN-SLOW", "--accession", "ACC-11", "--study-uid", "1.2.3.11", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  settle (1000);
  g_assert_true (rd_window_is_covering_report (window));
  g_assert_cmpint (rd_report_controller_get_pane (controller ()), ==, RD_REPORT_PANE_OPENING);
  WAIT_FOR (g_str_equal (page_showing (), slow), 30);
  WAIT_FOR (!rd_window_is_covering_report (window), 10);
  g_assert_false (ever_showing (previous, from));
}

static void
test_errors_are_readable (void)
{
  Run run;

  if (g_str_equal (vendor, "avara"))
    {
      /* Avara cannot open a study without its UID: said in the status bar */
      worklist (&run, "open", "--mrn", "MRN-43", "--accession", "ACC-9", NULL);
      g_assert_cmpint (run.status, ==, 0);
      run_clear (&run);
      assert_previous_gone_at_once ();
      WAIT_FOR (rd_report_controller_get_reason (controller ()) != NULL &&
                strstr (rd_report_controller_get_reason (controller ()), "study instance UID") != NULL, 30);
    }
  worklist (&run, "close", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  WAIT_FOR (rd_report_controller_get_study (controller ()) == NULL, 30);
  WAIT_FOR (g_strcmp0 (webkit_web_view_get_uri (view ()), "about:blank") == 0, 30);
}

/* Quitting with a report open runs the vendor page's own beforeunload
 * (it could ask "unsaved changes?"); it agrees here, so the window goes at
 * once, not by the 5 s fallback. */
static void
test_quit_asks_the_page (void)
{
  RdDemoService *demo = rd_application_get_demo_service (app);
  guint asked = rd_demo_service_get_n_beforeunload (demo);
  Run run;

  worklist (&run, "open", "--mrn", "MRN-Q", "--accession", "ACC-Q", "--study-uid", "1.2.3.77", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  WAIT_FOR (showing ("1.2.3.77"), 60);
  /* the page's answer closes the window, not ReportDock's deadline (whose
   * "did not answer" warning is fatal here) */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  WAIT_FOR (rd_demo_service_get_n_beforeunload (demo) > asked, 30);
  WAIT_FOR (rd_application_get_window (app) == NULL, 30);
}

/* For a wait that timed out: what the app and the vendor's page last said. */
static char *
describe_app_state (void)
{
  GString *seen = g_string_new (NULL);

  if (app != NULL && rd_application_get_window (app) != NULL)
    {
      const RdStudy *study = rd_report_controller_get_study (controller ());

      g_string_append_printf (seen, "  session: %s, pane %d (%s), study %s\n",
                              rd_session_state_to_string (rd_report_controller_get_state (controller ())),
                              rd_report_controller_get_pane (controller ()),
                              rd_report_controller_get_pane_reason (controller ())
                                ? rd_report_controller_get_pane_reason (controller ()) : "",
                              study ? rd_study_get_mrn (study) : "(none)");
      g_string_append_printf (seen, "  vendor page shows: %s; view at %s\n", page_showing (),
                              webkit_web_view_get_uri (view ()));
    }
  if (worklist_last_run != NULL)
    g_string_append_printf (seen, "  last command: %s", worklist_last_run);
  return g_string_free (seen, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;

  g_test_init (&argc, &argv, NULL);
  wait_for_describe = describe_app_state;
  vendor = argc > 1 ? argv[1] : "mdai";
  events = g_ptr_array_new_with_free_func (g_free);
  state = g_dir_make_tmp ("rd-state-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("no display: run under Xvfb (see README)");
      return g_test_run ();
    }
  gtk_init ();
  app = rd_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/integration-link/opens-the-sample-study", test_opens_the_sample_study);
  g_test_add_func ("/integration-link/next-study-and-fresh-links", test_next_study_and_fresh_links);
  g_test_add_func ("/integration-link/commands-are-refused-clearly", test_commands_are_refused_clearly);
  g_test_add_func ("/integration-link/no-stale-report", test_no_stale_report);
  g_test_add_func ("/integration-link/errors-are-readable", test_errors_are_readable);
  g_test_add_func ("/integration-link/quit-asks-the-page", test_quit_asks_the_page);
  return g_test_run ();
}
