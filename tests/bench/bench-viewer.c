/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Worklist click → the new study's images on screen, with a real OHIF on a
 * real archive (run under tests/real-viewer/run.sh, which serves them on
 * loopback). One contestant per run:
 *   bench-viewer reportdock PROFILE N   ReportDock with the demo reporting
 *       app and viewer-profile PROFILE: `reportdock open …` from another
 *       process → viewer_state "showing"
 *   bench-viewer bare N                 a bare WebKitWebView in a window,
 *       loading the viewer's URL per study → the same cue (data/viewer:
 *       OHIF's new image for that study, drawn, two frames later)
 * First the first study, then N switches between the two patients. Prints
 * one line per figure: "first <ms>" and "switch <ms>". A measurement: it
 * asserts nothing but that each study comes. */
#include "config.h"

#include <gtk/gtk.h>
#include <stdlib.h>
#include <unistd.h>
#include <webkit/webkit.h>

#include "rd-application.h"
#include "rd-viewer-profile.h"
#include "rd-window.h"

static const char *origin, *study_a, *study_b;

static void
iterate_until (gboolean (*done) (gpointer), gpointer data, int seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > end)
        g_error ("the study was not shown within %d s", seconds);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
}

/* ---- ReportDock ---- */

static RdApplication *app;

static gboolean
run_done (gpointer data)
{
  return *(gboolean *) data;
}

static void
on_ran (GObject *source, GAsyncResult *result, gpointer data)
{
  g_subprocess_wait_check_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) data = TRUE;
}

/* `reportdock ARGS…` as a worklist runs it, the main loop going meanwhile */
static void
worklist (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  gboolean done = FALSE;

  g_ptr_array_add (argv, (gpointer) g_getenv ("REPORTDOCK_BINARY"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, NULL);
  g_subprocess_wait_check_async (proc, NULL, on_ran, &done);
  iterate_until (run_done, &done, 60);
}

static gboolean
viewer_showing (gpointer uid)
{
  RdWindow *window = rd_application_get_window (app);
  RdViewerView *viewer = window ? rd_window_get_viewer (window) : NULL;

  return viewer != NULL && rd_viewer_view_get_state (viewer) == RD_VIEWER_STATE_SHOWING &&
         g_strcmp0 (rd_viewer_view_get_wanted_study_uid (viewer), uid) == 0;
}

static double
reportdock_open (const char *mrn,
                 const char *uid)
{
  const char *args[] = { "open", "--mrn", mrn, "--accession", mrn, "--site", "BENCH", "--study-uid", uid, NULL };
  gint64 clicked = g_get_monotonic_time ();

  worklist (args);
  iterate_until (viewer_showing, (gpointer) uid, 60);
  return (g_get_monotonic_time () - clicked) / 1000.0;
}

static void
run_reportdock (const char *profile,
                guint       n)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *template = g_strconcat (origin, "/viewer?StudyInstanceUIDs={study_uid}", NULL);
  const char *demo[] = { "--demo", NULL };

  g_settings_set_string (settings, "viewer-url-template", template);
  g_settings_set_string (settings, "viewer-profile", profile);
  app = rd_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  worklist (demo);
  g_print ("first %.0f\n", reportdock_open ("BENCH-A", study_a));
  for (guint i = 0; i < n; i++)
    g_print ("switch %.0f\n", i % 2 == 0 ? reportdock_open ("BENCH-B", study_b) : reportdock_open ("BENCH-A", study_a));
}

/* ---- a bare WebKitWebView ---- */

static WebKitWebView *bare;
static char *shown_uid;

static void
on_cue (WebKitUserContentManager *content,
        JSCValue                 *value)
{
  g_autoptr(JSCValue) shown = jsc_value_object_get_property (value, "shown");

  if (jsc_value_is_string (shown))
    {
      g_free (shown_uid);
      shown_uid = jsc_value_to_string (shown);
    }
}

static void
on_load_changed (WebKitWebView   *view,
                 WebKitLoadEvent  event,
                 const char      *uid)
{
  if (event == WEBKIT_LOAD_COMMITTED)
    {
      g_autofree char *script = g_strdup_printf ("rdViewer.expect('%s')", (const char *) g_object_get_data (G_OBJECT (view), "uid"));

      webkit_web_view_evaluate_javascript (view, script, -1, "bench", NULL, NULL, NULL, NULL);
    }
}

static gboolean
bare_showing (gpointer uid)
{
  return g_strcmp0 (shown_uid, uid) == 0;
}

static double
bare_open (const char *uid)
{
  g_autofree char *url = g_strdup_printf ("%s/viewer?StudyInstanceUIDs=%s", origin, uid);
  gint64 asked = g_get_monotonic_time ();

  g_object_set_data_full (G_OBJECT (bare), "uid", g_strdup (uid), g_free);
  webkit_web_view_load_uri (bare, url);
  iterate_until (bare_showing, (gpointer) uid, 60);
  return (g_get_monotonic_time () - asked) / 1000.0;
}

/* The same scripts ReportDock puts in its viewer (data/viewer), with the
 * ohif profile's cue: the bare view is timed by the same event. */
static void
add_cue (WebKitUserContentManager *content)
{
  g_autoptr(RdViewerProfile) ohif = rd_viewer_profile_load ("ohif", NULL, NULL);
  g_autofree char *cue = rd_viewer_profile_shown_cue_json (ohif);
  const char *files[] = { "cue.js", "relay.js" };

  webkit_user_content_manager_register_script_message_handler (content, "rdviewer", "bench");
  g_signal_connect (content, "script-message-received::rdviewer", G_CALLBACK (on_cue), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_strconcat ("/io/github/reportdock/ReportDock/viewer/", files[i], NULL);
      g_autoptr(GBytes) source = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      g_autofree char *text = g_strdup_printf ("const rdViewerCue = %s;\n%s", cue,
                                               (const char *) g_bytes_get_data (source, NULL));
      g_autoptr(WebKitUserScript) script =
        i == 0 ? webkit_user_script_new_for_world (text, WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                                   WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_START, "bench", NULL, NULL)
               : webkit_user_script_new (text, WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                         WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_START, NULL, NULL);

      webkit_user_content_manager_add_script (content, script);
    }
}

static void
run_bare (guint n)
{
  GtkWidget *window = gtk_window_new ();

  bare = WEBKIT_WEB_VIEW (webkit_web_view_new ());
  add_cue (webkit_web_view_get_user_content_manager (bare));
  g_signal_connect (bare, "load-changed", G_CALLBACK (on_load_changed), NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (bare));
  gtk_window_present (GTK_WINDOW (window));
  g_print ("first %.0f\n", bare_open (study_a));
  for (guint i = 0; i < n; i++)
    g_print ("switch %.0f\n", bare_open (i % 2 == 0 ? study_b : study_a));
}

int
main (int   argc,
      char *argv[])
{
  origin = g_getenv ("REAL_VIEWER_ORIGIN");
  study_a = g_getenv ("REAL_VIEWER_STUDY_A");
  study_b = g_getenv ("REAL_VIEWER_STUDY_B");
  if (origin == NULL || study_a == NULL || study_b == NULL || argc < 3)
    g_error ("usage (under tests/real-viewer/run.sh): bench-viewer reportdock PROFILE N | bare N");
  gtk_init ();
  g_setenv ("XDG_STATE_HOME", g_dir_make_tmp ("rd-bench-XXXXXX", NULL), TRUE);
  if (g_str_equal (argv[1], "reportdock") && argc > 3)
    run_reportdock (argv[2], atoi (argv[3]));
  else if (g_str_equal (argv[1], "bare"))
    run_bare (atoi (argv[2]));
  else
    g_error ("unknown contestant %s", argv[1]);
  /* figures printed; WebKit's processes go with the session */
  fflush (stdout);
  _exit (0);
}
