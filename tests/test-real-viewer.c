/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ReportDock with a real web viewer on a real archive: OHIF (the npm
 * package's built app) behind nginx, Debian's Orthanc with its DICOMweb
 * plugin, the demo reporting app. tests/real-viewer/run.sh starts them on
 * loopback in a private network namespace and names them in the
 * environment. The viewer pane is captured after every painted frame: no
 * frame after a switch may show the previous patient's images. */
#include "config.h"

#include "log-capture.h"
#include "screenshot.h"
#include "rd-application.h"
#include "rd-iframe-controller.h"
#include "rd-window.h"

#include <glib/gstdio.h>
#include <string.h>

#include "wait-for.h"
#include "worklist.h"

static RdApplication *app;
static const char *origin;       /* where OHIF is served */
static const char *access_log;   /* nginx's: what the viewer asked the archive for */
static const char *study_a, *study_b, *study_c;
static const char *profile;      /* the viewer profile under test */

static RdViewerView *
viewer (void)
{
  return rd_window_get_viewer (rd_application_get_window (app));
}

static GtkWidget *
viewer_pane (void)
{
  /* the pane: the view and its cover */
  return gtk_widget_get_parent (GTK_WIDGET (viewer ()));
}

/* ---- frames of the pane, as painted ---- */

#define FRAME_W 64
#define FRAME_H 48

typedef struct {
  gint64  at;                     /* monotonic µs */
  guint8  grey[FRAME_W * FRAME_H];
} Frame;

static GArray *frames;            /* Frame, while recording */
static gulong  frame_handler;
static gint64  last_frame_at;

/* The pane rendered as the window just painted it, shrunk to a grey grid. */
static void
capture_pane (Frame *frame)
{
  GtkWidget *pane = viewer_pane ();
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (pane));
  int width = gtk_widget_get_width (pane), height = gtk_widget_get_height (pane);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (pane);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guint8 *pixels = NULL;
  gsize stride = width * 4;

  memset (frame, 0, sizeof *frame);
  frame->at = g_get_monotonic_time ();
  if (width < FRAME_W || height < FRAME_H)
    return;
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  stride = width * 4;
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);
  for (int gy = 0; gy < FRAME_H; gy++)
    for (int gx = 0; gx < FRAME_W; gx++)
      {
        guint sum = 0, n = 0;

        for (int y = gy * height / FRAME_H; y < (gy + 1) * height / FRAME_H; y++)
          for (int x = gx * width / FRAME_W; x < (gx + 1) * width / FRAME_W; x++)
            {
              const guint8 *p = pixels + y * stride + x * 4;   /* B G R A */

              sum += (p[0] + p[1] + p[2]) / 3;
              n++;
            }
        frame->grey[gy * FRAME_W + gx] = n ? sum / n : 0;
      }
}

static void
on_after_paint (GdkFrameClock *clock)
{
  Frame frame;

  /* about every 100 ms: as often as a person would notice */
  if (g_get_monotonic_time () - last_frame_at < 90 * 1000)
    return;
  last_frame_at = g_get_monotonic_time ();
  capture_pane (&frame);
  g_array_append_val (frames, frame);
}

static void
record_frames (void)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (viewer_pane ());

  g_array_set_size (frames, 0);
  last_frame_at = 0;
  frame_handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
}

static void
stop_recording (void)
{
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (viewer_pane ()), frame_handler);
}

/* Share of the grid where two frames agree: 1.0 is the same picture. */
static double
likeness (const Frame *a,
          const Frame *b)
{
  guint same = 0;

  for (guint i = 0; i < FRAME_W * FRAME_H; i++)
    if (ABS ((int) a->grey[i] - (int) b->grey[i]) <= 6)
      same++;
  return (double) same / (FRAME_W * FRAME_H);
}

static char *tail_of (const char *path, guint lines);
/* ---- the archive's side ---- */

static gboolean
archive_was_asked (const char *fragment)
{
  g_autofree char *text = NULL;

  return g_file_get_contents (access_log, &text, NULL, NULL) && strstr (text, fragment) != NULL;
}

/* How many answers of the archive name both fragments (nginx logs each
 * request when it has been answered). */
static guint
archive_answers (const char *first,
                 const char *second)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  if (!g_file_get_contents (access_log, &text, NULL, NULL))
    return 0;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    n += strstr (lines[i], first) != NULL && strstr (lines[i], second) != NULL;
  return n;
}

static const char *
viewer_state (void)
{
  return rd_viewer_state_to_string (rd_viewer_view_get_state (viewer ()));
}

static void
open_study (const char *mrn,
            const char *accession,
            const char *uid)
{
  Run run;

  worklist (&run, "open", "--mrn", mrn, "--accession", accession, "--site", "RV", "--study-uid", uid, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
}

/* The pane as it shows the current study, once its images have settled. */
static void
capture_settled (Frame      *frame,
                 const char *name)
{
  /* settled: two captures a second apart agree */
  Frame before;

  capture_pane (&before);
  for (guint tries = 0; tries < 20; tries++)
    {
      settle (1000);
      capture_pane (frame);
      if (likeness (frame, &before) > 0.995)
        break;
      before = *frame;
    }
  save_screenshot (GTK_WIDGET (rd_application_get_window (app)), name);
}

/* When the app had taken the last click: it covers the pane in the same
 * main-loop turn, so every frame painted after shows the switch. */
static gint64 accepted_at;

/* Fails if any frame painted after the app took the click looked like
 * `previous` (times said from `since`, the click). */
static void
assert_never_like (const Frame *previous,
                   const char  *whose,
                   gint64       since)
{
  g_assert_cmpuint (frames->len, >, 3);
  for (guint i = 0; i < frames->len; i++)
    {
      Frame *f = &g_array_index (frames, Frame, i);
      double l = likeness (f, previous);

      if (f->at < accepted_at)
        continue;   /* before the switch: the previous study, rightly */
      if (l > 0.97)
        g_error ("%.2f s after the switch the pane showed %s (a frame %.1f %% like it)",
                 (f->at - since) / 1e6, whose, l * 100);
    }
}

/* A worklist click: the pane records what it paints from here on. */
static gint64
click (const char *mrn,
       const char *accession,
       const char *uid)
{
  gint64 clicked;

  record_frames ();
  clicked = g_get_monotonic_time ();
  open_study (mrn, accession, uid);
  /* the worklist's command returns once the app has taken it */
  accepted_at = g_get_monotonic_time ();
  return clicked;
}

/* Until the viewer says so: the time from the click, in s. */
static double
until_state (const char *state,
             gint64      clicked)
{
  WAIT_FOR (g_str_equal (viewer_state (), state), 60);
  return (g_get_monotonic_time () - clicked) / 1e6;
}

static gboolean js_done;
static char *js_result;

static void
on_js (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JSCValue) value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (source), result, &error);

  g_assert_no_error (error);
  g_free (js_result);
  js_result = jsc_value_to_string (value);
  js_done = TRUE;
}

/* script's value in a page's own world, as text */
static const char *
run_js (WebKitWebView *view,
        const char    *script)
{
  js_done = FALSE;
  webkit_web_view_evaluate_javascript (view, script, -1, NULL, NULL, NULL, on_js, NULL);
  WAIT_FOR (js_done, 10);
  return js_result;
}

static Frame shown_a, shown_b, shown_c;
static guint page_loads;   /* full loads of the viewer's page (not switches inside it) */

static void
on_viewer_load (WebKitWebView   *view,
                WebKitLoadEvent  event)
{
  if (event == WEBKIT_LOAD_STARTED)
    page_loads++;
}

static void
test_first_open (void)
{
  g_autofree char *series = g_strdup_printf ("/dicom-web/studies/%s/series", study_a);
  Run run;
  gint64 clicked;

  worklist (&run, "--demo", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  g_assert_nonnull (rd_application_get_window (app));
  g_signal_connect (viewer (), "load-changed", G_CALLBACK (on_viewer_load), NULL);

  clicked = click ("RV-MRN-A", "RV-ACC-A", study_a);
  g_test_message ("first open (%s): shown %.2f s after the click", profile, until_state ("showing", clicked));
  /* the demo ran with the admin's viewer, and it asked the archive for the study */
  g_assert_true (g_str_has_prefix (rd_viewer_view_get_wanted (viewer ()), origin));
  g_assert_true (archive_was_asked (series));
  g_assert_true (rd_window_is_showing_viewer_page (rd_application_get_window (app)));
  stop_recording ();
  capture_settled (&shown_a, "real-viewer-a");
}

static void
test_switch_never_shows_previous (void)
{
  g_autofree char *series = g_strdup_printf ("/dicom-web/studies/%s/series", study_b);
  guint loads = page_loads;
  gint64 clicked;

  clicked = click ("RV-MRN-B", "RV-ACC-B", study_b);
  g_test_message ("switch A → B (%s): shown %.2f s after the click", profile, until_state ("showing", clicked));
  g_assert_true (archive_was_asked (series));
  capture_settled (&shown_b, "real-viewer-b");
  stop_recording ();
  assert_never_like (&shown_a, "patient A's images", clicked);
  /* in OHIF the study changed inside the running app: no page load */
  if (g_str_equal (profile, "ohif"))
    g_assert_cmpuint (page_loads, ==, loads);
  else
    g_assert_cmpuint (page_loads, >, loads);

  /* and back to A: a study the viewer has seen (OHIF's caches are warm) */
  clicked = click ("RV-MRN-A", "RV-ACC-A", study_a);
  g_test_message ("switch B → A (%s): shown %.2f s after the click", profile, until_state ("showing", clicked));
  settle (1500);
  stop_recording ();
  assert_never_like (&shown_b, "patient B's images", clicked);
}

/* Patient C's study comes from a slow archive (nginx.conf trickles its
 * answers): seconds go by, and no frame shows the previous patient (A). */
static void
test_slow_archive (void)
{
  gint64 clicked = click ("RV-MRN-C", "RV-ACC-C", study_c);

  g_test_message ("switch A → C, a slow archive (%s): shown %.2f s after the click", profile,
                  until_state ("showing", clicked));
  /* C's picture for the next test: once its images have all come */
  WAIT_FOR (archive_answers (study_c, "/frames/") >= 6, 60);
  capture_settled (&shown_c, "real-viewer-c");
  stop_recording ();
  assert_never_like (&shown_a, "patient A's images", clicked);
}

/* The viewer's web process dies in the middle of a switch (a crash, the
 * memory pressure handler on a busy workstation): the pane stays covered
 * and loads the new study; no frame shows the previous patient (C). */
static void
test_crash_during_switch (void)
{
  gint64 clicked = click ("RV-MRN-B", "RV-ACC-B", study_b);

  webkit_web_view_terminate_web_process (WEBKIT_WEB_VIEW (viewer ()));
  g_test_message ("switch C → B, the viewer's process killed (%s): shown %.2f s after the click", profile,
                  until_state ("showing", clicked));
  g_assert_nonnull (strstr (webkit_web_view_get_uri (WEBKIT_WEB_VIEW (viewer ())), study_b));
  settle (1500);
  stop_recording ();
  assert_never_like (&shown_c, "patient C's images", clicked);
}

/* A study the archive does not have: the pane says so, and never shows
 * the previous patient meanwhile. */
static void
test_study_not_found (void)
{
  g_autoptr(GVariant) status = NULL;
  const char *state, *uid;
  gint64 clicked;

  clicked = click ("RV-MRN-C", "RV-ACC-C", "2.25.99999");
  if (g_str_equal (profile, "ohif"))
    {
      g_test_message ("missing study (%s): said %.2f s after the click", profile, until_state ("not-found", clicked));
      g_assert_cmpstr (rd_window_get_viewer_message (rd_application_get_window (app)), ==,
                       "The image archive has no images for this study.");
      g_assert_false (rd_window_is_showing_viewer_page (rd_application_get_window (app)));
      /* the status bar says it too */
      g_assert_true (rd_window_is_showing_problem (rd_application_get_window (app)));
      status = rd_application_get_status (app);
      g_assert_true (g_variant_lookup (status, "viewer_state", "&s", &state));
      g_assert_cmpstr (state, ==, "not-found");
      g_assert_true (g_variant_lookup (status, "viewer_study_uid", "&s", &uid));
      g_assert_cmpstr (uid, ==, "2.25.99999");
    }
  else
    /* a generic viewer's page cannot say: its own message shows */
    until_state ("showing", clicked);
  settle (1500);
  stop_recording ();
  assert_never_like (&shown_b, "patient B's images", clicked);

  /* the next study shows as usual */
  clicked = click ("RV-MRN-B", "RV-ACC-B", study_b);
  g_test_message ("missing → B (%s): shown %.2f s after the click", profile, until_state ("showing", clicked));
  stop_recording ();
}


/* The viewer's page goes to its own study list (OHIF's logo link does,
 * through its router): every patient of the archive. The pane goes back
 * to the study. */
static void
test_leaving_the_study_is_refused (void)
{
  const char *script = "history.pushState(null, '', '/'); dispatchEvent(new PopStateEvent('popstate')); true";

  WAIT_FOR (g_str_equal (viewer_state (), "showing"), 30);
  run_js (WEBKIT_WEB_VIEW (viewer ()), script);
  WAIT_FOR (!g_str_equal (viewer_state (), "showing"), 10);
  WAIT_FOR (g_str_equal (viewer_state (), "showing"), 60);
  g_assert_nonnull (strstr (webkit_web_view_get_uri (WEBKIT_WEB_VIEW (viewer ())), study_b));
  g_assert_nonnull (strstr (log_capture_text (), "left the study's page"));
}

/* The viewer serves COOP and COEP (nginx.conf): its page is cross-origin
 * isolated and has SharedArrayBuffer; the reporting app's page does not. */
static void
test_shared_array_buffer_only_in_viewer (void)
{
  RdReportController *controller = rd_window_get_controller (rd_application_get_window (app));
  WebKitWebView *report = WEBKIT_WEB_VIEW (rd_iframe_controller_get_view (RD_IFRAME_CONTROLLER (controller)));

  g_assert_cmpstr (run_js (WEBKIT_WEB_VIEW (viewer ()), "crossOriginIsolated + ' ' + typeof SharedArrayBuffer"),
                   ==, "true function");
  g_assert_cmpstr (run_js (report, "typeof SharedArrayBuffer"), ==, "undefined");
}

/* Close: the pane goes blank, with no frame of the last patient after it. */
static void
test_close_blanks (void)
{
  Run run;
  gint64 closed;

  record_frames ();
  closed = g_get_monotonic_time ();
  worklist (&run, "close", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  accepted_at = g_get_monotonic_time ();
  WAIT_FOR (g_str_equal (viewer_state (), "none"), 30);
  g_assert_false (rd_window_is_showing_viewer_page (rd_application_get_window (app)));
  settle (1000);
  stop_recording ();
  assert_never_like (&shown_b, "patient B's images", closed);
}

/* The last lines of a file, indented. */
static char *
tail_of (const char *path,
         guint       lines)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) all = NULL;
  guint n;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("    (none)\n");
  all = g_strsplit (text, "\n", -1);
  n = g_strv_length (all);
  {
    GString *out = g_string_new (NULL);

    for (guint i = n > lines ? n - lines : 0; i < n; i++)
      if (all[i][0] != '\0')
        g_string_append_printf (out, "    %s\n", all[i]);
    return g_string_free (out, FALSE);
  }
}

static char *
describe_state (void)
{
  RdWindow *window = rd_application_get_window (app);
  g_autofree char *asked = tail_of (access_log, 8);

  if (window == NULL)
    return g_strdup ("  no window\n");
  save_screenshot (GTK_WIDGET (window), "real-viewer-timed-out");
  return g_strdup_printf ("  viewer %s (%s), wants %s, at %s\n  pane says: %s\n  archive and viewer were asked:\n%s",
                          viewer_state (), rd_viewer_view_get_reason (viewer ()) ?: "-",
                          rd_viewer_view_get_wanted (viewer ()) ?: "-",
                          webkit_web_view_get_uri (WEBKIT_WEB_VIEW (viewer ())) ?: "-",
                          rd_window_get_viewer_message (window), asked);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = NULL;

  g_test_init (&argc, &argv, NULL);
  wait_for_describe = describe_state;
  origin = g_getenv ("REAL_VIEWER_ORIGIN");
  access_log = g_getenv ("REAL_VIEWER_ACCESS_LOG");
  study_a = g_getenv ("REAL_VIEWER_STUDY_A");
  study_b = g_getenv ("REAL_VIEWER_STUDY_B");
  study_c = g_getenv ("REAL_VIEWER_STUDY_C");
  profile = argc > 1 ? argv[1] : "generic";
  if (origin == NULL || access_log == NULL || study_a == NULL || study_b == NULL || study_c == NULL)
    g_error ("run through tests/real-viewer/run.sh, which starts the archive and the viewer");
  g_setenv ("XDG_STATE_HOME", g_dir_make_tmp ("rd-state-XXXXXX", NULL), TRUE);
  log_capture_install ();
  gtk_init ();
  frames = g_array_new (FALSE, FALSE, sizeof (Frame));

  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    template = g_strconcat (origin, "/viewer?StudyInstanceUIDs={study_uid}", NULL);
    g_settings_set_string (settings, "viewer-url-template", template);
    g_settings_set_string (settings, "viewer-profile", profile);
  }
  app = rd_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/real-viewer/first-open", test_first_open);
  g_test_add_func ("/real-viewer/switch-never-shows-previous", test_switch_never_shows_previous);
  g_test_add_func ("/real-viewer/slow-archive", test_slow_archive);
  g_test_add_func ("/real-viewer/crash-during-switch", test_crash_during_switch);
  g_test_add_func ("/real-viewer/study-not-found", test_study_not_found);
  g_test_add_func ("/real-viewer/leaving-the-study-is-refused", test_leaving_the_study_is_refused);
  g_test_add_func ("/real-viewer/shared-array-buffer-only-in-viewer", test_shared_array_buffer_only_in_viewer);
  g_test_add_func ("/real-viewer/close-blanks", test_close_blanks);
  return g_test_run ();
}
