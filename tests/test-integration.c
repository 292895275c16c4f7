/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real application under Xvfb against the demo service. This process is
 * the running instance; the worklist is played by real `reportdock`
 * processes that hand their command lines over the session bus. */
#include "config.h"

#include "hid-double.h"
#include "log-capture.h"
#include "screenshot.h"
#include "openssl-hmac.h"
#include "rd-webhook.h"
#include "rd-application.h"
#include "rd-iframe-controller.h"
#include "rd-loopback.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "demo-watch.h"
#include "wait-for.h"
#include "worklist.h"
#include "alsa-tone.h"

/* Injected by the test only, into every frame: lets the test click the demo
 * page's own buttons and plant frames that forge messages. */
static const char test_script[] =
  "(() => {\n"
  "  if (window.name === 'rdtest-forger' || window.name === 'rdtest-sandboxed') {\n"
  "    window.top.postMessage({type: 'report.signed', payload: {forged: window.name}}, '*');\n"
  "    return;\n"
  "  }\n"
  "  window.addEventListener('message', (e) => {\n"
  "    const m = e.data;\n"
  "    if (!m || typeof m !== 'object' || !m.__rdtest) return;\n"
  "    if (m.__rdtest === 'click') document.getElementById(m.id).click();\n"
  "    if (m.__rdtest === 'post') window.parent.postMessage(m.message, '*');\n"
  "    if (m.__rdtest === 'capture')\n"
  "      navigator.mediaDevices.getUserMedia(m.constraints)\n"
  "        .then((s) => { s.getTracks().forEach((t) => t.stop());\n"
  "                       window.parent.postMessage({type: 'test.capture', what: m.what, granted: true}, '*'); })\n"
  "        .catch((e) => window.parent.postMessage({type: 'test.capture', what: m.what, granted: false, error: e.name}, '*'));\n"
  "    if (m.__rdtest === 'nest') {\n"
  "      const f = document.createElement('iframe');\n"
  "      f.name = m.name; f.src = m.src;\n"
  "      if (m.sandbox) f.setAttribute('sandbox', 'allow-scripts');\n"
  "      document.body.append(f);\n"
  "    }\n"
  "  });\n"
  "})();\n";

typedef struct {
  char *type;
  char *json;
} Event;

static RdApplication *app;
static GPtrArray *events;       /* Event* */
static GPtrArray *host_requests;
static SoupServer *other_server;
static char *other_origin;
static guint other_requests;

static void
event_free (Event *e)
{
  g_free (e->type);
  g_free (e->json);
  g_free (e);
}

static void
on_event (RdReportController *controller,
          const char         *type,
          const char         *json)
{
  Event *e = g_new0 (Event, 1);

  e->type = g_strdup (type);
  e->json = g_strdup (json);
  g_ptr_array_add (events, e);
}

static void
on_host_request (RdHostServer *server,
                 const char   *method,
                 const char   *uri)
{
  g_ptr_array_add (host_requests, g_strdup_printf ("%s %s", method, uri));
}

/* The index of the first event of this type whose JSON holds fragment. */
static int
find_event (const char *type,
            const char *fragment,
            guint       from)
{
  for (guint i = from; i < events->len; i++)
    {
      Event *e = g_ptr_array_index (events, i);

      if (g_str_equal (e->type, type) && (fragment == NULL || strstr (e->json, fragment) != NULL))
        return i;
    }
  return -1;
}

static GPtrArray *bus_events;     /* "type envelope-json" from the ReportEvent signal */
static char *state_home;

static void
on_bus_report_event (GDBusConnection *connection,
                     const char      *sender,
                     const char      *path,
                     const char      *interface,
                     const char      *signal,
                     GVariant        *parameters,
                     gpointer         user_data)
{
  const char *type, *json;

  g_variant_get (parameters, "(&s&s)", &type, &json);
  g_ptr_array_add (bus_events, g_strdup_printf ("%s %s", type, json));
}

static int
find_bus_event (const char *type,
                const char *fragment)
{
  g_autofree char *prefix = g_strconcat (type, " ", NULL);

  for (guint i = 0; i < bus_events->len; i++)
    {
      const char *e = g_ptr_array_index (bus_events, i);

      if (g_str_has_prefix (e, prefix) && (fragment == NULL || strstr (e, fragment) != NULL))
        return i;
    }
  return -1;
}

static RdReportController *
controller (void)
{
  return rd_window_get_controller (rd_application_get_window (app));
}

static RdSession *
session (void)
{
  return rd_iframe_controller_get_session (RD_IFRAME_CONTROLLER (controller ()));
}

static RdViewerView *
viewer (void)
{
  return rd_window_get_viewer (rd_application_get_window (app));
}

static RdReportView *
report_view (void)
{
  return rd_iframe_controller_get_view (RD_IFRAME_CONTROLLER (controller ()));
}

/* `gdbus call` as a worklist script would, against our bus name. */
static void
gdbus_call (Run        *run,
            const char *method,
            const char *argument)
{
  g_autofree char *full = g_strconcat ("io.github.reportdock.ReportDock1.", method, NULL);
  const char *argv[] = { "gdbus", "call", "--session", "--dest", "io.github.reportdock.ReportDock",
                         "--object-path", "/io/github/reportdock/ReportDock", "--method", full,
                         argument, NULL };   /* argument may be NULL: no arguments */

  run_start (run, argv);
  WAIT_FOR (run->done, 60);
}

static gboolean js_done;

static void
on_js (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JSCValue) value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (source), result, &error);

  g_assert_no_error (error);
  js_done = TRUE;
}

/* Script in the host page's own world, as a page could run. */
static void
run_in_host_page (const char *script)
{
  js_done = FALSE;
  webkit_web_view_evaluate_javascript (WEBKIT_WEB_VIEW (report_view ()), script, -1, NULL, NULL,
                                       NULL, on_js, NULL);
  WAIT_FOR (js_done, 10);
}

static void
click_in_demo (const char *id)
{
  g_autofree char *script =
    g_strdup_printf ("document.getElementById('vendor').contentWindow"
                     ".postMessage({__rdtest: 'click', id: '%s'}, '*'); true", id);
  run_in_host_page (script);
}


/* Messages ReportDock posted into the reporting app's frame. */
static GPtrArray *posted;

static void
on_posted (RdSession  *s,
           const char *json)
{
  if (strstr (json, "\"command\"") != NULL)   /* never keep the authenticate message */
    g_ptr_array_add (posted, g_strdup (json));
}

static guint
host_messages_posted (void)
{
  return posted->len;
}

static gboolean
posted_command (const char *command,
                guint       from)
{
  g_autofree char *needle = g_strdup_printf ("\"command\":\"%s\"", command);

  for (guint i = from; i < posted->len; i++)
    if (strstr (g_ptr_array_index (posted, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_start_demo (void)
{
  Run run;
  RdDemoService *demo;

  /* a worklist button with nothing running: this process is the instance */
  worklist (&run, "--demo", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  g_assert_nonnull (rd_application_get_window (app));
  g_signal_connect (controller (), "event", G_CALLBACK (on_event), NULL);
  g_signal_connect (rd_application_get_host_server (app), "request", G_CALLBACK (on_host_request), NULL);
  posted = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect_after (session (), "post-message", G_CALLBACK (on_posted), NULL);

  WAIT_FOR (rd_session_get_state (session ()) == RD_SESSION_STATE_SIGNED_IN, 60);
  /* the vendor frame's answer was seen (what tells a silent app from a dead network) */
  g_assert_cmpuint (rd_session_get_vendor_status (session ()), ==, 200);
  g_assert_cmpstr (rd_session_get_user_name (session ()), ==, "Dr. Demo Radiologist");
  WAIT_FOR (find_event ("report.opened", "\"DEMO-0001\"", 0) >= 0, 30);
  demo = rd_application_get_demo_service (app);
  g_assert_cmpuint (rd_demo_service_get_n_sign_ins (demo), ==, 1);
  g_assert_cmpuint (rd_session_get_n_authentications (session ()), ==, 1);
  /* the token fetched at start, while the page loaded, is the one app_ready
   * took: one request, one token */
  g_assert_cmpuint (rd_demo_service_get_n_tokens_issued (demo), ==, 1);
  g_assert_cmpuint (rd_token_source_get_n_requests (rd_iframe_controller_get_tokens (RD_IFRAME_CONTROLLER (controller ()))), ==, 1);
}

static void
test_reload_reauthenticates_and_reopens (void)
{
  WebKitUserContentManager *content = webkit_web_view_get_user_content_manager (WEBKIT_WEB_VIEW (report_view ()));
  g_autoptr(WebKitUserScript) script =
    webkit_user_script_new (test_script, WEBKIT_USER_CONTENT_INJECT_ALL_FRAMES,
                            WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_END, NULL, NULL);
  guint before = events->len;

  webkit_user_content_manager_add_script (content, script);
  /* the menu's Reload: the same action a shortcut triggers */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (rd_application_get_window (app)), "win.reload", NULL));
  WAIT_FOR (rd_session_get_state (session ()) != RD_SESSION_STATE_SIGNED_IN, 30);
  WAIT_FOR (rd_session_get_state (session ()) == RD_SESSION_STATE_SIGNED_IN, 60);
  WAIT_FOR (find_event ("report.opened", "\"DEMO-0001\"", before) >= 0, 30);
  g_assert_cmpuint (rd_session_get_n_authentications (session ()), ==, 2);
}

/* The platform data of the launcher's CommandLine1.Run calls, as they
 * reach the instance (seen on GDBus's worker thread). */
static GMutex launcher_call_lock;
static GVariant *launcher_platform_data;

static GDBusMessage *
watch_launcher_calls (GDBusConnection *connection,
                      GDBusMessage    *message,
                      gboolean         incoming,
                      gpointer         user_data)
{
  GVariant *body = g_dbus_message_get_body (message);

  if (incoming && g_strcmp0 (g_dbus_message_get_member (message), "Run") == 0 &&
      g_strcmp0 (g_dbus_message_get_interface (message), "io.github.reportdock.CommandLine1") == 0 &&
      body != NULL && g_variant_is_of_type (body, G_VARIANT_TYPE ("(aaya{sv})")))
    {
      g_mutex_lock (&launcher_call_lock);
      g_clear_pointer (&launcher_platform_data, g_variant_unref);
      launcher_platform_data = g_variant_get_child_value (body, 1);
      g_mutex_unlock (&launcher_call_lock);
    }
  return message;
}

static void
test_open_from_second_process (void)
{
  guint auths = rd_session_get_n_authentications (session ());
  guint tokens = rd_demo_service_get_n_tokens_issued (rd_application_get_demo_service (app));
  guint before = events->len;
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (app));
  const char *viewer_uri;
  const char *token = NULL;
  guint filter;
  Run run;

  /* a worklist on Wayland passes its activation token as the standard says */
  filter = g_dbus_connection_add_filter (bus, watch_launcher_calls, NULL, NULL);
  g_setenv ("XDG_ACTIVATION_TOKEN", "rd-test-activation-token", TRUE);
  g_unsetenv ("DESKTOP_STARTUP_ID");
  worklist (&run, "open", "--mrn", "MRN-42", "--accession", "ACC-7", "--accession", "ACC-8",
            "--site", "NORTH", "--study-uid", "1.2.3.4", "--meta", "modality=MR", NULL);
  g_unsetenv ("XDG_ACTIVATION_TOKEN");
  g_dbus_connection_remove_filter (bus, filter);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  run_clear (&run);
  /* under both names: Debian 12's GTK 4.8 reads only desktop-startup-id */
  g_mutex_lock (&launcher_call_lock);
  g_assert_nonnull (launcher_platform_data);
  g_assert_true (g_variant_lookup (launcher_platform_data, "activation-token", "&s", &token));
  g_assert_cmpstr (token, ==, "rd-test-activation-token");
  g_assert_true (g_variant_lookup (launcher_platform_data, "desktop-startup-id", "&s", &token));
  g_assert_cmpstr (token, ==, "rd-test-activation-token");
  g_clear_pointer (&launcher_platform_data, g_variant_unref);
  g_mutex_unlock (&launcher_call_lock);

  WAIT_FOR (find_event ("report.opened", "\"ACC-8\"", before) >= 0, 30);
  g_assert_cmpint (find_event ("report.opened", "\"ACC-7\"", before), >=, 0);
  g_assert_cmpint (find_event ("report.opened", "\"NORTH\"", before), >=, 0);
  /* no second authentication, no new token */
  g_assert_cmpuint (rd_session_get_n_authentications (session ()), ==, auths);
  g_assert_cmpuint (rd_demo_service_get_n_tokens_issued (rd_application_get_demo_service (app)), ==, tokens);

  /* the viewer pane switched with it: asked for the study at once, and
   * says when that page has loaded */
  viewer_uri = rd_viewer_view_get_wanted (viewer ());
  g_assert_nonnull (viewer_uri);
  g_assert_nonnull (strstr (viewer_uri, "study=1.2.3.4"));
  g_assert_nonnull (strstr (viewer_uri, "accession=ACC-7"));
  g_assert_nonnull (strstr (viewer_uri, "site=NORTH"));
  WAIT_FOR (rd_viewer_view_get_state (viewer ()) == RD_VIEWER_STATE_SHOWING, 30);
  g_assert_nonnull (strstr (webkit_web_view_get_uri (WEBKIT_WEB_VIEW (viewer ())), "study=1.2.3.4"));
}

/* The viewer's web process dies (a crash, or killed for memory on a busy
 * workstation): the pane says so and loads the same study again. */
static void
test_viewer_crash_recovers (void)
{
  RdWindow *window = rd_application_get_window (app);
  g_autofree char *wanted = g_strdup (rd_viewer_view_get_wanted (viewer ()));
  g_autoptr(GVariant) status = NULL;
  const char *state;

  WAIT_FOR (rd_viewer_view_get_state (viewer ()) == RD_VIEWER_STATE_SHOWING, 30);
  g_assert_nonnull (strstr (wanted, "study=1.2.3.4"));
  webkit_web_view_terminate_web_process (WEBKIT_WEB_VIEW (viewer ()));
  /* at once: covered, and why */
  g_assert_cmpint (rd_viewer_view_get_state (viewer ()), ==, RD_VIEWER_STATE_LOADING);
  g_assert_cmpstr (rd_window_get_viewer_message (window), ==, "The image viewer stopped; opening the images again");
  g_assert_false (rd_window_is_showing_viewer_page (window));
  status = rd_application_get_status (app);
  g_assert_true (g_variant_lookup (status, "viewer_state", "&s", &state));
  g_assert_cmpstr (state, ==, "loading");
  /* then the same study again, shown */
  WAIT_FOR (rd_viewer_view_get_state (viewer ()) == RD_VIEWER_STATE_SHOWING, 30);
  g_assert_cmpstr (webkit_web_view_get_uri (WEBKIT_WEB_VIEW (viewer ())), ==, wanted);
  g_assert_true (rd_window_is_showing_viewer_page (window));

  /* a load that ends with no page and no error (what a CI run under load
   * saw): looked at again, and loaded */
  rd_viewer_view_show (viewer (), wanted, "1.2.3.4");
  webkit_web_view_stop_loading (WEBKIT_WEB_VIEW (viewer ()));
  WAIT_FOR (rd_viewer_view_get_state (viewer ()) == RD_VIEWER_STATE_SHOWING, 30);
  g_assert_cmpstr (webkit_web_view_get_uri (WEBKIT_WEB_VIEW (viewer ())), ==, wanted);
  g_assert_nonnull (strstr (log_capture_text (), "ended without its page") ?
                    strstr (log_capture_text (), "ended without its page") :
                    strstr (log_capture_text (), "never started"));
}

static void
test_bad_launch_input (void)
{
  const RdStudy *open_study = rd_session_get_study (session ());
  guint before = events->len;
  Run run;

  worklist (&run, "open", "--mrn", "M/1", "--accession", "A", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_true (g_str_has_prefix (run.err, "reportdock: "));
  g_assert_nonnull (strstr (run.err, "MRN"));
  g_assert_cmpuint (strlen (run.err), ==, strchr (run.err, '\n') - run.err + 1);   /* one line */
  run_clear (&run);

  worklist (&run, "reportdock://open?mrn=M&accession=A&bogus=1", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "unknown key"));
  run_clear (&run);

  /* issue 25.7: a line break in a link's key forges no line, in the
   * caller's message or the instance's log (a link is checked before its
   * signature: its errors name no value) */
  {
    const char *argv[] = { "gdbus", "call", "--session", "--dest", "io.github.reportdock.ReportDock",
                           "--object-path", "/io/github/reportdock/ReportDock",
                           "--method", "io.github.reportdock.CommandLine1.Run",
                           "[b'reportdock', b'reportdock://open?mrn=M&accession=A&evil%0Areportdock%3A%20forged=1']",
                           "@a{sv} {}", NULL };

    worklist (&run, "reportdock://open?mrn=M&accession=A&evil%0Areportdock%3A%20forged=1", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_cmpuint (strlen (run.err), ==, strchr (run.err, '\n') - run.err + 1);   /* one line */
    g_assert_null (strstr (run.err, "forged"));
    run_clear (&run);
    run_start (&run, argv);
    WAIT_FOR (run.done, 60);
    g_assert_true (g_str_has_prefix (run.out, "(2, "));
    run_clear (&run);
    g_assert_null (strstr (log_capture_text (), "forged"));
  }

  /* valid input the instance cannot serve: no site anywhere in demo? (the
   * demo has a default site, so use an unknown command instead) */
  worklist (&run, "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  /* a caller that skips the launcher's check is checked by the instance:
   * the launcher's own route, called directly */
  {
    const char *argv[] = { "gdbus", "call", "--session", "--dest", "io.github.reportdock.ReportDock",
                           "--object-path", "/io/github/reportdock/ReportDock",
                           "--method", "io.github.reportdock.CommandLine1.Run",
                           "[b'reportdock', b'open', b'--mrn', b'M/1', b'--accession', b'A']",
                           /* platform data of the wrong types are dropped, not trusted */
                           "{'cwd': <'not bytes'>, 'environ': <42>, 'activation-token': <7>}", NULL };

    run_start (&run, argv);
    WAIT_FOR (run.done, 60);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_prefix (run.out, "(2, "));
    run_clear (&run);
  }

  g_assert_true (rd_session_get_study (session ()) == open_study);
  g_assert_cmpuint (events->len, ==, before);
}

/* `gdbus call` of any method at our object, with arguments as given. */
static void
gdbus_call_any (Run        *run,
                const char *method,
                const char *arg1,
                const char *arg2,
                const char *arg3)
{
  const char *argv[] = { "gdbus", "call", "--session", "--dest", "io.github.reportdock.ReportDock",
                         "--object-path", "/io/github/reportdock/ReportDock", "--method", method,
                         arg1, arg2, arg3, NULL };

  run_start (run, argv);
  WAIT_FOR (run->done, 60);
}

/* Issue 25.3 as an attack: argument lists that are empty or odd, sent
 * straight to every method that takes them. Each is refused (status 2 and
 * one line, or a D-Bus error), and the instance answers afterwards with
 * the same study open. */
static void
test_hostile_dbus_calls (void)
{
  const RdStudy *open_study = rd_session_get_study (session ());
  static const struct { const char *method, *arg1, *arg2, *arg3, *expect; } calls[] = {
    /* an empty argument list: no argv[0] */
    { "io.github.reportdock.CommandLine1.Run", "@aay []", "@a{sv} {}", NULL, "(2, " },
    /* GApplication's own route with the same */
    { "org.gtk.Application.CommandLine", "/io/github/reportdock/nothing", "@aay []", "@a{sv} {}", "(2,)" },
    /* bytes that are no string (no NUL), an argument list of empty strings */
    { "io.github.reportdock.CommandLine1.Run", "[[byte 0x6f, 0x70]]", "@a{sv} {}", NULL, "(2, " },
    { "io.github.reportdock.CommandLine1.Run", "[b'', b'', b'']", "@a{sv} {}", NULL, "(2, " },
    /* studies of the wrong shapes */
    { "io.github.reportdock.ReportDock1.OpenReport", "@a{sv} {}", NULL, NULL, "Error" },
    { "io.github.reportdock.ReportDock1.OpenReport", "{'mrn': <42>, 'accessions': <'A1'>}", NULL, NULL, "Error" },
    { "io.github.reportdock.ReportDock1.OpenReport", "{'mrn': <'M'>, 'accessions': <@as []>, 'site': <[1]>}",
      NULL, NULL, "Error" },
    { "io.github.reportdock.ReportDock1.OpenReport", "{'mrn': <'M\n2'>, 'accessions': <['A']>}", NULL, NULL, "Error" },
    { "io.github.reportdock.ReportDock1.SendCommand", "''", NULL, NULL, "Error" },
    { "io.github.reportdock.ReportDock1.SendCommand", "'toggle_recording\nforged'", NULL, NULL, "Error" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      Run run;
      const char *answer;

      gdbus_call_any (&run, calls[i].method, calls[i].arg1, calls[i].arg2, calls[i].arg3);
      answer = g_str_equal (calls[i].expect, "Error") ? run.err : run.out;
      g_test_message ("%s %s → %d %s%s", calls[i].method, calls[i].arg1, run.status, run.out, run.err);
      if (g_str_equal (calls[i].expect, "Error"))
        g_assert_cmpint (run.status, !=, 0);
      g_assert_nonnull (strstr (answer, calls[i].expect));
      run_clear (&run);
    }

  /* still there, still on the same study */
  {
    Run run;

    gdbus_call (&run, "GetStatus", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "'state': <'signed-in'>"));
    run_clear (&run);
  }
  g_assert_true (rd_session_get_study (session ()) == open_study);
}

/* reportdock:// links: any web page can open one. Unsigned, they switch
 * studies but fill no report text; with launch-secret-file set, only a
 * fresh link signed by the worklist (openssl here) works, and once. */
static void
test_signed_links (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *secret_path = g_build_filename (state_home, "launch-secret", NULL);
  g_autofree char *link = g_strdup_printf ("reportdock://open?mrn=MRN-42&accession=ACC-7&accession=ACC-8&site=NORTH"
                                           "&study_uid=1.2.3.4&modality=MR&ts=%" G_GINT64_FORMAT,
                                           g_get_real_time () / G_USEC_PER_SEC);
  g_autoptr(GBytes) key = g_bytes_new_static ("worklist-launch-secret", 22);
  g_autoptr(GBytes) mac = openssl_hmac_sha256 (key, link, strlen (link));
  g_autofree char *hex = NULL, *signed_link = NULL;
  const RdStudy *open_study = rd_session_get_study (session ());
  GLogLevelFlags fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  Run run;

  if (mac == NULL)
    return;
  hex = hex_of (mac);
  signed_link = g_strdup_printf ("%s&sig=%s", link, hex);

  worklist (&run, "reportdock://open?mrn=MRN-42&accession=ACC-7&findings=No%20acute%20findings", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "launch-secret-file"));
  run_clear (&run);

  g_assert_true (g_file_set_contents (secret_path, "worklist-launch-secret\n", -1, NULL));
  g_assert_cmpint (g_chmod (secret_path, 0600), ==, 0);
  g_settings_set_string (settings, "launch-secret-file", secret_path);
  worklist (&run, link, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "not signed"));
  run_clear (&run);
  worklist (&run, "reportdock://close", NULL);   /* closing is a switch too */
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
  g_assert_true (rd_session_get_study (session ()) == open_study);

  worklist (&run, signed_link, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  run_clear (&run);
  worklist (&run, signed_link, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "used already"));
  run_clear (&run);

  g_settings_reset (settings, "launch-secret-file");
  g_log_set_always_fatal (fatal);
  WAIT_FOR (rd_report_controller_get_pane (controller ()) == RD_REPORT_PANE_SHOWING, 30);
}

/* A refused link's problem is about that link: red for a while, and gone
 * at the next study opened, so it never reads as the new patient's. */
static void
test_problem_expires (void)
{
  RdWindow *window = rd_application_get_window (app);
  g_autoptr(GFile) link = g_file_new_for_uri ("reportdock://open?mrn=MRN%2F1&accession=A");
  GLogLevelFlags fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  Run run;

  g_application_open (G_APPLICATION (app), &link, 1, "");
  g_log_set_always_fatal (fatal);
  g_assert_true (rd_window_is_showing_problem (window));
  g_assert_nonnull (strstr (rd_status_bar_get_reason (rd_window_get_status_bar (window)), "MRN"));

  worklist (&run, "open", "--mrn", "MRN-55", "--accession", "ACC-55", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  WAIT_FOR (!rd_window_is_showing_problem (window), 10);
  g_assert_null (strstr (rd_status_bar_get_reason (rd_window_get_status_bar (window)), "MRN"));
  WAIT_FOR (rd_report_controller_get_pane (controller ()) == RD_REPORT_PANE_SHOWING, 30);
}

static void
test_dbus_api (void)
{
  Run run;
  int idx;
  const char *journal_text;
  g_autofree char *journal_path = g_build_filename (state_home, "reportdock", "demo", "outbox.jsonl", NULL);
  g_autofree char *contents = NULL;

  gdbus_call (&run, "OpenReport", "{'mrn': <'MRN-77'>, 'accessions': <['ACC-77']>, 'site': <'EAST'>, "
                                  "'metadata': <{'modality': 'CT'}>}");
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  WAIT_FOR ((idx = find_bus_event ("report.opened", "\"ACC-77\"")) >= 0, 30);
  g_assert_nonnull (strstr (g_ptr_array_index (bus_events, idx),
                            "\"study\":{\"mrn\":\"MRN-77\",\"accession_number\":\"ACC-77\",\"site_id\":\"EAST\"}"));
  g_assert_nonnull (strstr (g_ptr_array_index (bus_events, idx), "\"id\":\"evt_"));

  /* validated exactly like the command line */
  gdbus_call (&run, "OpenReport", "{'mrn': <'M/1'>, 'accessions': <['A']>}");
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "io.github.reportdock.ReportDock1.Error.InvalidArgument"));
  g_assert_nonnull (strstr (run.err, "MRN"));
  run_clear (&run);
  gdbus_call (&run, "OpenReport", "{'mrn': <'M'>, 'accessions': <['A']>, 'colour': <'red'>}");
  g_assert_nonnull (strstr (run.err, "unknown study key"));
  run_clear (&run);
  /* a repeated key is refused, as the command line refuses --mrn twice */
  gdbus_call (&run, "OpenReport", "{'mrn': <'M1'>, 'accessions': <['A']>, 'mrn': <'M2'>}");
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "given twice"));
  run_clear (&run);

  gdbus_call (&run, "GetStatus", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "'state': <'signed-in'>"));
  g_assert_nonnull (strstr (run.out, "'mrn': <'MRN-77'>"));
  run_clear (&run);

  gdbus_call (&run, "SendCommand", "save_report");
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  WAIT_FOR (find_bus_event ("report.saved", "\"ACC-77\"") >= 0, 30);
  gdbus_call (&run, "SendCommand", "format_disk");
  g_assert_nonnull (strstr (run.err, "InvalidArgument"));
  run_clear (&run);

  /* every event the bus saw was on disk first */
  g_assert_true (g_file_get_contents (journal_path, &contents, NULL, NULL));
  journal_text = contents;
  for (guint i = 0; i < bus_events->len; i++)
    {
      const char *e = g_ptr_array_index (bus_events, i);
      const char *id = strstr (e, "\"id\":\"evt_");
      g_autofree char *needle = g_strndup (id, strlen ("\"id\":\"evt_") + 32 + 1);

      g_assert_nonnull (strstr (journal_text, needle));
    }
  g_assert_cmpint (find_bus_event ("reportdock.signed_in", "Dr. Demo Radiologist"), >=, 0);

  /* back to the study the rest of the tests use */
  worklist (&run, "open", "--mrn", "MRN-42", "--accession", "ACC-7", "--accession", "ACC-8",
            "--site", "NORTH", "--study-uid", "1.2.3.4", "--meta", "modality=MR", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  WAIT_FOR (find_bus_event ("report.opened", "\"ACC-8\"") >= 0, 30);
}

/* The reporting app itself (the demo iframe) reports a message. */
static void
post_from_demo (const char *message_js)
{
  g_autofree char *script =
    g_strdup_printf ("document.getElementById('vendor').contentWindow"
                     ".postMessage({__rdtest: 'post', message: %s}, '*'); true", message_js);
  run_in_host_page (script);
}

static const char *
showing (void)
{
  return demo_showing (rd_application_get_demo_service (app));
}

static gboolean
ever_showing (const char *study,
              guint       from)
{
  return demo_ever_showing (rd_application_get_demo_service (app), study, from);
}

/* The index of the first bus event of this type with fragment, from from. */
static int
find_bus_event_from (const char *type,
                     const char *fragment,
                     guint       from)
{
  g_autofree char *prefix = g_strconcat (type, " ", NULL);

  for (guint i = from; i < bus_events->len; i++)
    {
      const char *e = g_ptr_array_index (bus_events, i);

      if (g_str_has_prefix (e, prefix) && (fragment == NULL || strstr (e, fragment) != NULL))
        return i;
    }
  return -1;
}

/* A study that the app never shows: the previous patient is covered at
 * once and closed at the timeout, never seen again; the next good study
 * shows with its full context. */
static void
test_no_stale_report (void)
{
  RdWindow *window = rd_application_get_window (app);
  GPtrArray *history = rd_demo_service_get_showing_history (rd_application_get_demo_service (app));
  guint from;
  Run run;

  WAIT_FOR (g_str_equal (showing (), "MRN-42/ACC-7,ACC-8"), 30);
  WAIT_FOR (!rd_window_is_covering_report (window), 10);
  from = history->len;

  /* B: the vendor never answers */
  worklist (&run, "open", "--mrn", "MRN-B", "--accession", "ACC-B-HANG", "--site", "NORTH", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  /* covered by the time the click returned: the request itself covers */
  g_assert_true (rd_window_is_covering_report (window));
  g_assert_cmpint (rd_report_controller_get_pane (controller ()), ==, RD_REPORT_PANE_OPENING);
  g_assert_cmpstr (rd_window_get_cover_text (window), ==, "Opening the report…");
  g_assert_cmpstr (rd_study_banner_get_text (rd_window_get_banner (window), "mrn"), ==, "MRN MRN-B");
  save_screenshot (GTK_WIDGET (window), "placeholder");

  /* the timeout: the app is told to close what it shows, the pane says why */
  WAIT_FOR (rd_report_controller_get_pane (controller ()) == RD_REPORT_PANE_FAILED, 20);
  WAIT_FOR (g_str_equal (showing (), ""), 10);
  g_assert_true (rd_window_is_covering_report (window));
  g_assert_cmpstr (rd_window_get_cover_text (window), ==, "The report could not be opened");
  save_screenshot (GTK_WIDGET (window), "open-failed");
  settle (1000);
  g_assert_false (ever_showing ("MRN-42/ACC-7,ACC-8", from));

  /* C, with the whole patient context, at 1024 px */
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 700);
  worklist (&run, "open", "--mrn", "MRN-C", "--accession", "ACC-C1", "--accession", "ACC-C2",
            "--accession", "ACC-C3", "--accession", "ACC-C4", "--accession", "ACC-C5", "--site", "NORTH",
            "--meta", "patient_name=Doe^Jane^Q^Dr", "--meta", "patient_sex=F",
            "--meta", "patient_birth_date=19620314", "--meta", "study_date=20261201", "--meta", "modality=CT",
            "--meta", "body_part=CHEST", "--meta", "studyDescription=CT chest with contrast", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  WAIT_FOR (g_str_equal (showing (), "MRN-C/ACC-C1,ACC-C2,ACC-C3,ACC-C4,ACC-C5"), 30);
  WAIT_FOR (!rd_window_is_covering_report (window), 10);
  g_assert_true (rd_study_banner_is_marking_switch (rd_window_get_banner (window)));
  /* the prefix before the given name; no age sent: the age on the study's day */
  g_assert_cmpstr (rd_study_banner_get_text (rd_window_get_banner (window), "name"), ==, "Doe, Dr Jane Q");
  g_assert_cmpstr (rd_study_banner_get_text (rd_window_get_banner (window), "demographics"), ==, "F · 64 y · born 1962-03-14");
  g_assert_cmpstr (rd_study_banner_get_text (rd_window_get_banner (window), "accessions"), ==, "Accessions ACC-C1, ACC-C2, ACC-C3 +2 more");
  g_assert_cmpstr (rd_study_banner_get_text (rd_window_get_banner (window), "study"), ==, "CT · CHEST · CT chest with contrast · 2026-12-01");
  settle (300);
  save_screenshot (GTK_WIDGET (window), "banner-1024");
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
}

/* Dictation commands have shortcuts: defaults, changed by a setting, a bad
 * entry named and the rest kept. */
static void
test_shortcuts (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  RdWindow *window = rd_application_get_window (app);
  GLogLevelFlags fatal;
  char **accels;

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.toggle-recording");
  g_assert_cmpstr (accels[0], ==, "F4");
  g_strfreev (accels);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.previous-field");
  g_assert_cmpstr (accels[0], ==, "<Shift>F2");
  g_strfreev (accels);

  g_settings_set_value (settings, "shortcuts",
                        g_variant_new_parsed ("{'toggle-recording': '<Control>d', 'sign-report': "
                                              "'<Control><Shift>Return', 'next-field': ''}"));
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.toggle-recording");
  g_assert_cmpstr (accels[0], ==, "<Control>d");
  g_strfreev (accels);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.sign-report");
  g_assert_cmpstr (accels[0], ==, "<Shift><Control>Return");   /* GTK's own spelling */
  g_strfreev (accels);
  /* a shortcut taken away goes at the next start (GTK 4.8's menus) */
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.next-field");
  g_assert_cmpstr (accels[0], ==, "F2");
  g_strfreev (accels);

  fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_settings_set_value (settings, "shortcuts",
                        g_variant_new_parsed ("{'toggle-recording': 'Ctrl+D', 'save-report': '<Control>e'}"));
  g_log_set_always_fatal (fatal);
  g_assert_true (rd_window_is_showing_problem (window));
  g_assert_nonnull (strstr (rd_status_bar_get_reason (rd_window_get_status_bar (window)), "Ctrl+D"));
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.toggle-recording");
  g_assert_cmpstr (accels[0], ==, "F4");   /* the default stays */
  g_strfreev (accels);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.save-report");
  g_assert_cmpstr (accels[0], ==, "<Control>e");
  g_strfreev (accels);

  g_settings_reset (settings, "shortcuts");
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.save-report");
  g_assert_cmpstr (accels[0], ==, "<Control>s");
  g_strfreev (accels);
}

/* The Keyboard Shortcuts window is built when first asked for (menu or
 * Ctrl+?), not with every window. */
static void
test_help_overlay (void)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (rd_application_get_window (app));
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");
  GtkShortcutsWindow *overlay;

  g_assert_cmpstr (accels[0], ==, "<Control>question");
  g_assert_null (gtk_application_window_get_help_overlay (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  overlay = gtk_application_window_get_help_overlay (window);
  g_assert_nonnull (overlay);
  WAIT_FOR (gtk_widget_get_visible (GTK_WIDGET (overlay)), 10);
  /* asked again: the same window, shown by GTK's own action now */
  gtk_widget_set_visible (GTK_WIDGET (overlay), FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_true (gtk_application_window_get_help_overlay (window) == overlay);
  WAIT_FOR (gtk_widget_get_visible (GTK_WIDGET (overlay)), 10);
  gtk_widget_set_visible (GTK_WIDGET (overlay), FALSE);
}

/* The report pane keeps its width on a small screen (the viewer gives way),
 * and the viewer can be hidden and shown again, remembered. */
static void
assert_report_fits (RdWindow   *window,
                    int         width,
                    int         height,
                    const char *name)
{
  GtkWidget *report = rd_report_controller_get_widget (controller ());
  graphene_rect_t bounds;

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  WAIT_FOR (gtk_widget_get_width (GTK_WIDGET (window)) <= width + 20, 10);
  settle (500);
  g_assert_true (gtk_widget_compute_bounds (report, GTK_WIDGET (window), &bounds));
  g_test_message ("%s: window %d px, report pane %.0f px at %.0f", name,
                  gtk_widget_get_width (GTK_WIDGET (window)), bounds.size.width, bounds.origin.x);
  g_assert_cmpfloat (bounds.size.width, >=, RD_WINDOW_REPORT_MIN_WIDTH);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (GTK_WIDGET (window)));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (GTK_WIDGET (window)));
  save_screenshot (GTK_WIDGET (window), name);
}

static char *viewer_log;

static guint
viewer_runs (const char *accession)
{
  g_autofree char *text = NULL;
  g_autofree char *needle = g_strdup_printf ("[--acc=%s]", accession);
  guint n = 0;

  if (!g_file_get_contents (viewer_log, &text, NULL, NULL))
    return 0;
  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* viewer-command (set before start-up, a script that records its argv)
 * follows the worklist: once per study change, not for the same study
 * again, and again after the report was closed. */
static void
test_native_viewer_follows (void)
{
  Run run;

  worklist (&run, "open", "--mrn", "MRN-NV-1", "--accession", "ACC-NV-1", "--site", "NORTH",
            "--study-uid", "1.2.840.99.1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  WAIT_FOR (viewer_runs ("ACC-NV-1") == 1, 30);
  worklist (&run, "open", "--mrn", "MRN-NV-1", "--accession", "ACC-NV-1", "--site", "NORTH",
            "--study-uid", "1.2.840.99.1", NULL);
  run_clear (&run);
  settle (500);
  g_assert_cmpuint (viewer_runs ("ACC-NV-1"), ==, 1);
  worklist (&run, "close", NULL);
  run_clear (&run);
  worklist (&run, "open", "--mrn", "MRN-NV-1", "--accession", "ACC-NV-1", "--site", "NORTH",
            "--study-uid", "1.2.840.99.1", NULL);
  run_clear (&run);
  WAIT_FOR (viewer_runs ("ACC-NV-1") == 2, 30);
  /* settled before the next test switches away (a late report.opened of a
   * study left is a wrong-patient event, as it should be) */
  WAIT_FOR (g_str_equal (showing (), "MRN-NV-1/ACC-NV-1"), 30);
  WAIT_FOR (rd_report_controller_get_pane (controller ()) == RD_REPORT_PANE_SHOWING, 30);
  {
    g_autofree char *text = NULL;

    g_file_get_contents (viewer_log, &text, NULL, NULL);
    g_assert_nonnull (strstr (text, "[--acc=ACC-NV-1][MRN-NV-1][NORTH]\n"));
  }
}

static gboolean
viewer_shows (const char *text)
{
  const char *uri = webkit_web_view_get_uri (WEBKIT_WEB_VIEW (rd_window_get_viewer (rd_application_get_window (app))));

  return uri != NULL && strstr (uri, text) != NULL;
}

/* Report only: a hidden viewer loads nothing (no web process for images no
 * one sees) and loads the study when it is shown. */
static void
test_hidden_viewer_loads_when_shown (void)
{
  RdWindow *window = rd_application_get_window (app);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  Run run;

  g_settings_set_boolean (settings, "show-viewer", FALSE);
  worklist (&run, "open", "--mrn", "MRN-HV", "--accession", "ACC-HV", "--site", "NORTH",
            "--study-uid", "1.2.840.88.1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  WAIT_FOR (g_str_equal (showing (), "MRN-HV/ACC-HV"), 30);
  WAIT_FOR (rd_report_controller_get_pane (controller ()) == RD_REPORT_PANE_SHOWING, 30);
  settle (500);
  g_assert_false (viewer_shows ("1.2.840.88.1"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-viewer", NULL);
  g_assert_true (g_settings_get_boolean (settings, "show-viewer"));
  WAIT_FOR (viewer_shows ("1.2.840.88.1"), 30);
}

/* The viewer in a window of its own (for a diagnostic monitor) and back:
 * moved, not reloaded; it follows the worklist there, says whose images it
 * shows, takes the main window's shortcuts, and goes blank with the report. */
static void
test_viewer_window (void)
{
  RdWindow *window = rd_application_get_window (app);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *viewer = GTK_WIDGET (rd_window_get_viewer (window));
  RdViewerWindow *separate;
  Run run;

  g_assert_true (gtk_widget_get_root (viewer) == GTK_ROOT (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.viewer-window", NULL);
  g_assert_true (g_settings_get_boolean (settings, "viewer-window"));
  separate = rd_window_get_viewer_window (window);
  g_assert_nonnull (separate);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (separate)), 30);
  g_assert_true (gtk_widget_get_root (viewer) == GTK_ROOT (separate));
  /* the main window's kind of header bar, its menu showing the layout as
   * check marks */
  g_assert_true (GTK_IS_HEADER_BAR (gtk_window_get_titlebar (GTK_WINDOW (separate))));
  {
    g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (separate), "viewer-window");

    g_assert_nonnull (state);
    g_assert_true (g_variant_get_boolean (state));
  }

  /* it follows the worklist, under its own patient banner */
  worklist (&run, "open", "--mrn", "MRN-VW", "--accession", "ACC-VW", "--site", "NORTH",
            "--study-uid", "1.2.840.77.1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  WAIT_FOR (viewer_shows ("1.2.840.77.1"), 30);
  WAIT_FOR (strstr (rd_viewer_window_get_patient (separate), "MRN-VW") != NULL, 30);
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (separate)), "MRN-VW"));
  WAIT_FOR (g_str_equal (showing (), "MRN-VW/ACC-VW"), 30);
  settle (500);
  save_screenshot (GTK_WIDGET (separate), "layout-viewer-window");
  save_screenshot (GTK_WIDGET (window), "layout-report-only");

  /* the main window's shortcuts and commands work from here: closing the
   * report blanks the viewer in its own window too */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (separate), "win.close-report", NULL));
  WAIT_FOR (rd_session_get_study (session ()) == NULL, 30);
  WAIT_FOR (viewer_shows ("about:blank"), 30);
  WAIT_FOR (g_str_equal (rd_viewer_window_get_patient (separate), "No study open"), 30);

  /* Shift+F9 from the viewer window puts it back */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (separate), "win.viewer-window", NULL));
  g_assert_false (g_settings_get_boolean (settings, "viewer-window"));
  g_assert_null (rd_window_get_viewer_window (window));
  g_assert_true (gtk_widget_get_root (viewer) == GTK_ROOT (window));

  /* a setting changed from outside (as read at start) moves it too */
  g_settings_set_boolean (settings, "viewer-window", TRUE);
  g_assert_nonnull (rd_window_get_viewer_window (window));
  g_settings_set_boolean (settings, "viewer-window", FALSE);
  g_assert_null (rd_window_get_viewer_window (window));

  /* the chain goes on with a report open */
  worklist (&run, "open", "--mrn", "MRN-VW2", "--accession", "ACC-VW2", "--site", "NORTH",
            "--study-uid", "1.2.840.77.2", NULL);
  run_clear (&run);
  WAIT_FOR (g_str_equal (showing (), "MRN-VW2/ACC-VW2"), 30);
  WAIT_FOR (rd_report_controller_get_pane (controller ()) == RD_REPORT_PANE_SHOWING, 30);
}

static void
test_layout_fits (void)
{
  RdWindow *window = rd_application_get_window (app);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *report = rd_report_controller_get_widget (controller ());

  g_assert_cmpint (rd_window_default_viewer_width (1024), ==, 1024 - 640);
  g_assert_cmpint (rd_window_default_viewer_width (1920), ==, 1920 - 864);
  g_assert_cmpint (rd_window_default_viewer_width (600), ==, 0);

  assert_report_fits (window, 1024, 700, "layout-1024x700");
  assert_report_fits (window, 800, 600, "layout-800x600");

  /* F9 / the menu: the viewer goes, the report takes the window; remembered */
  g_assert_true (g_settings_get_boolean (settings, "show-viewer"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-viewer", NULL);
  g_assert_false (g_settings_get_boolean (settings, "show-viewer"));
  settle (500);
  g_assert_cmpint (gtk_widget_get_width (report), >=, gtk_widget_get_width (GTK_WIDGET (window)) - 20);
  save_screenshot (GTK_WIDGET (window), "layout-800x600-no-viewer");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-viewer", NULL);
  g_assert_true (g_settings_get_boolean (settings, "show-viewer"));
  settle (300);
  g_assert_cmpint (gtk_widget_get_width (report), <, gtk_widget_get_width (GTK_WIDGET (window)) - 100);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  settle (300);
}

/* Events name the study they are about; --wait never returns on another
 * patient's event; a final-only wait ignores a preliminary signature. */
static void
test_events_name_their_study (void)
{
  RdWindow *window = rd_application_get_window (app);
  guint from = bus_events->len;
  int closed, mismatch, other;
  Run any, final;
  GLogLevelFlags fatal;

  /* C → D: C's report.closed names C */
  worklist (&any, "open", "--mrn", "MRN-D", "--accession", "ACC-D", "--site", "NORTH", NULL);
  g_assert_cmpint (any.status, ==, 0);
  run_clear (&any);
  WAIT_FOR (g_str_equal (showing (), "MRN-D/ACC-D"), 30);
  WAIT_FOR ((closed = find_bus_event_from ("report.closed", NULL, from)) >= 0, 30);
  g_assert_nonnull (strstr (g_ptr_array_index (bus_events, closed), "\"study\":{\"mrn\":\"MRN-C\""));
  g_assert_null (strstr (g_ptr_array_index (bus_events, closed), "mismatch"));

  /* the worklist waits for D's signature, any and final */
  worklist_start (&any, "open", "--mrn", "MRN-D", "--accession", "ACC-D", "--site", "NORTH",
                  "--wait", "report.signed", "--timeout", "60", NULL);
  worklist_start (&final, "open", "--mrn", "MRN-D", "--accession", "ACC-D", "--site", "NORTH",
                  "--wait", "report.signed:final", "--timeout", "60", NULL);
  settle (1500);

  /* another patient's signature: marked, after the mismatch event, and
   * neither waiter takes it */
  fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  from = bus_events->len;
  post_from_demo ("{type: 'report.signed', payload: {mrn: 'OTHER-MRN', accession_number: 'ACC-X', site_id: 'NORTH', "
                  "data: {sign_context: {sign_type: 'sign'}}}}");
  WAIT_FOR ((other = find_bus_event_from ("report.signed", "OTHER-MRN", from)) >= 0, 30);
  mismatch = find_bus_event_from ("reportdock.context_mismatch", "OTHER-MRN", from);
  g_assert_cmpint (mismatch, >=, 0);
  g_assert_cmpint (mismatch, <, other);
  g_assert_nonnull (strstr (g_ptr_array_index (bus_events, other),
                            "\"study\":{\"mrn\":\"OTHER-MRN\",\"accession_number\":\"ACC-X\",\"site_id\":\"NORTH\"}"));
  g_assert_nonnull (strstr (g_ptr_array_index (bus_events, other), "\"context\":\"mismatch\""));
  WAIT_FOR (rd_window_is_warning_wrong_patient (window), 10);
  g_assert_false (gtk_widget_get_sensitive (rd_report_controller_get_widget (controller ())));
  save_screenshot (GTK_WIDGET (window), "mismatch-overlay");
  settle (1000);
  g_assert_false (any.done);
  g_assert_false (final.done);

  /* the radiologist is sure: continues with this report, on the record */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.continue-report", NULL));
  WAIT_FOR (find_bus_event_from ("reportdock.context_override", "OTHER-MRN", from) >= 0, 10);
  g_assert_false (rd_window_is_warning_wrong_patient (window));
  g_log_set_always_fatal (fatal);

  /* a preliminary signature of D: the any-waiter returns, the final one not */
  click_in_demo ("btn-prelim");
  WAIT_FOR (any.done, 30);
  g_assert_cmpint (any.status, ==, 0);
  g_assert_nonnull (strstr (any.out, "\"sign_type\":\"sign_prelim\""));
  g_assert_nonnull (strstr (any.out, "\"final\":false"));
  settle (1000);
  g_assert_false (final.done);
  click_in_demo ("btn-sign");
  WAIT_FOR (final.done, 30);
  g_assert_cmpint (final.status, ==, 0);
  g_assert_nonnull (strstr (final.out, "\"mrn\":\"MRN-D\""));
  g_assert_nonnull (strstr (final.out, "\"final\":true"));
  run_clear (&any);
  run_clear (&final);
}

/* Issue 25.1 and 25.2 as attacks: a vendor event naming the patient with
 * JSON numbers, and the same MRN and accession at another site. Neither is
 * labelled with the open study, neither ends a --wait. */
static void
test_hostile_event_identifiers (void)
{
  RdWindow *window = rd_application_get_window (app);
  guint from;
  int numbers, site;
  Run open, waiter;
  GLogLevelFlags fatal;

  worklist (&open, "open", "--mrn", "2002", "--accession", "7007", "--site", "SITE-ONE", NULL);
  g_assert_cmpint (open.status, ==, 0);
  run_clear (&open);
  WAIT_FOR (g_str_equal (showing (), "2002/7007"), 30);
  worklist_start (&waiter, "open", "--mrn", "2002", "--accession", "7007", "--site", "SITE-ONE",
                  "--wait", "report.signed:final", "--timeout", "60", NULL);
  settle (1500);

  fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  from = bus_events->len;
  post_from_demo ("{type: 'report.signed', payload: {mrn: 9999, accession_number: 8888, site_id: 'SITE-ONE', "
                  "data: {sign_context: {sign_type: 'sign'}}}}");
  WAIT_FOR ((numbers = find_bus_event_from ("report.signed", "9999", from)) >= 0, 30);
  g_assert_nonnull (strstr (g_ptr_array_index (bus_events, numbers),
                            "\"study\":{\"mrn\":\"9999\",\"accession_number\":\"8888\",\"site_id\":\"SITE-ONE\"}"));
  g_assert_nonnull (strstr (g_ptr_array_index (bus_events, numbers), "\"context\":\"mismatch\""));
  WAIT_FOR (rd_window_is_warning_wrong_patient (window), 10);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.continue-report", NULL));

  /* the same numbers at another site: another patient */
  from = bus_events->len;
  post_from_demo ("{type: 'report.signed', payload: {mrn: '2002', accession_number: '7007', site_id: 'SITE-TWO', "
                  "data: {sign_context: {sign_type: 'sign'}}}}");
  WAIT_FOR ((site = find_bus_event_from ("report.signed", "SITE-TWO", from)) >= 0, 30);
  /* marked (the guard was already overridden for this report) */
  g_assert_nonnull (strstr (g_ptr_array_index (bus_events, site), "\"context\":\"mismatch\""));
  g_log_set_always_fatal (fatal);
  settle (1000);
  g_assert_false (waiter.done);

  /* the open study's own signature ends the wait */
  click_in_demo ("btn-sign");
  WAIT_FOR (waiter.done, 30);
  g_assert_cmpint (waiter.status, ==, 0);
  g_assert_nonnull (strstr (waiter.out, "\"mrn\":\"2002\""));
  g_assert_nonnull (strstr (waiter.out, "\"site_id\":\"SITE-ONE\""));
  run_clear (&waiter);
}

/* A switch while dictating stops the dictation first, and says so. */
static void
test_switch_while_recording (void)
{
  RdWindow *window = rd_application_get_window (app);
  guint before = host_messages_posted ();
  Run run;

  g_assert_null (rd_window_get_recording_text (window));
  gdbus_call (&run, "SendCommand", "toggle_recording");
  run_clear (&run);
  WAIT_FOR (rd_session_get_recording (session ()), 30);
  /* the header bar says so, and counts */
  g_assert_cmpstr (rd_window_get_recording_text (window), ==, "0:00");
  /* (no screenshot here: a window redrawn every second under a sanitizer
   * may give no frame in time) */
  WAIT_FOR (g_strcmp0 (rd_window_get_recording_text (window), "0:01") == 0, 5);
  worklist (&run, "open", "--mrn", "MRN-42", "--accession", "ACC-7", "--accession", "ACC-8",
            "--site", "NORTH", "--study-uid", "1.2.3.4", "--meta", "modality=MR", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  g_assert_true (posted_command ("stop_recording", before));
  g_assert_false (rd_session_get_recording (session ()));
  g_assert_null (rd_window_get_recording_text (window));
  WAIT_FOR (strstr (rd_status_bar_get_reason (rd_window_get_status_bar (window)), "Dictation stopped") != NULL, 10);
  WAIT_FOR (g_str_equal (showing (), "MRN-42/ACC-7,ACC-8") &&
            rd_report_controller_get_pane (controller ()) == RD_REPORT_PANE_SHOWING, 30);
}

/* The demo's own way to show the guard: an accession ending in -WRONG
 * opens another patient's report (`reportdock --demo --help`). */
static void
test_demo_wrong_patient_trigger (void)
{
  /* the guard warns in the log, as it should */
  GLogLevelFlags fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  RdWindow *window = rd_application_get_window (app);
  Run run;

  worklist (&run, "open", "--mrn", "MRN-W", "--accession", "ACC-1-WRONG", "--site", "NORTH", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  WAIT_FOR (rd_window_is_warning_wrong_patient (window), 30);
  g_assert_true (g_str_equal (showing (), "OTHER-MRN-W/OTHER-ACC"));
  /* the right study again: the guard goes */
  worklist (&run, "open", "--mrn", "MRN-42", "--accession", "ACC-7", "--accession", "ACC-8",
            "--site", "NORTH", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  WAIT_FOR (!rd_window_is_warning_wrong_patient (window), 30);
  WAIT_FOR (g_str_equal (showing (), "MRN-42/ACC-7,ACC-8"), 30);
  g_log_set_always_fatal (fatal);
}

static void
test_wrong_patient_guard (void)
{
  GLogLevelFlags fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  RdWindow *window = rd_application_get_window (app);
  Run run;

  g_assert_false (rd_window_is_warning_wrong_patient (window));
  post_from_demo ("{type: 'report.opened', payload: {mrn: 'MRN-42', accession_number: 'ACC-999', site_id: 'NORTH'}}");
  WAIT_FOR (rd_window_is_warning_wrong_patient (window), 30);
  WAIT_FOR (find_bus_event ("reportdock.context_mismatch", "ACC-999") >= 0, 30);
  save_screenshot (GTK_WIDGET (rd_application_get_window (app)), "wrong-patient");

  /* commands are refused, from D-Bus as from a dictation button */
  gdbus_call (&run, "SendCommand", "sign_report");
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "Blocked"));
  run_clear (&run);

  /* the right report again: the warning goes, commands flow */
  post_from_demo ("{type: 'report.opened', payload: {mrn: 'MRN-42', accession_number: 'ACC-7', site_id: 'NORTH'}}");
  WAIT_FOR (!rd_window_is_warning_wrong_patient (window), 30);
  WAIT_FOR (find_bus_event ("reportdock.context_matched", NULL) >= 0, 30);
  gdbus_call (&run, "SendCommand", "save_report");
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  g_log_set_always_fatal (fatal);
  g_assert_nonnull (strstr (log_capture_text (), "wrong-patient guard"));
}

/* mic-check=block: a record command waits for the check, and is not sent
 * when the microphone does not work. PortAudio reads an ALSA file device
 * (set up in main) holding a −20 dBFS tone. */
static void
test_mic_check_blocks_dictation (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  RdWindow *window = rd_application_get_window (app);
  Run run;

  g_settings_set_string (settings, "mic-check", "block");
  g_assert_false (rd_session_get_recording (session ()));

  /* the configured microphone is not there: not sent, verdict and override shown */
  g_settings_set_string (settings, "mic-device", "NoSuchMicrophone");
  gdbus_call (&run, "SendCommand", "toggle_recording");
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  WAIT_FOR (rd_status_bar_is_offering_dictate_anyway (rd_window_get_status_bar (window)), 30);
  save_screenshot (GTK_WIDGET (rd_application_get_window (app)), "mic-blocked");
  {
    gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC;
    while (g_get_monotonic_time () < until)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (5000);
      }
  }
  g_assert_false (rd_session_get_recording (session ()));
  gdbus_call (&run, "GetStatus", NULL);
  g_assert_nonnull (strstr (run.out, "'microphone': <'no-device'>"));
  run_clear (&run);

  /* a working microphone: the check passes and the command goes through */
  g_settings_set_string (settings, "mic-device", "");
  gdbus_call (&run, "SendCommand", "toggle_recording");
  run_clear (&run);
  WAIT_FOR (rd_session_get_recording (session ()), 30);
  g_assert_false (rd_status_bar_is_offering_dictate_anyway (rd_window_get_status_bar (window)));
  gdbus_call (&run, "SendCommand", "toggle_recording");   /* stopping is never held back */
  run_clear (&run);
  WAIT_FOR (!rd_session_get_recording (session ()), 30);

  /* a new report is checked again; "Dictate Anyway" overrides a failed check */
  worklist (&run, "open", "--mrn", "MRN-42", "--accession", "ACC-7", "--accession", "ACC-8",
            "--site", "NORTH", "--study-uid", "1.2.3.4", "--meta", "modality=MR", NULL);
  run_clear (&run);
  WAIT_FOR (rd_session_get_state (session ()) == RD_SESSION_STATE_SIGNED_IN, 30);
  g_settings_set_string (settings, "mic-device", "NoSuchMicrophone");
  gdbus_call (&run, "SendCommand", "toggle_recording");
  run_clear (&run);
  WAIT_FOR (rd_status_bar_is_offering_dictate_anyway (rd_window_get_status_bar (window)), 30);
  g_action_group_activate_action (G_ACTION_GROUP (app), "dictate-anyway", NULL);
  WAIT_FOR (rd_session_get_recording (session ()), 30);
  gdbus_call (&run, "SendCommand", "toggle_recording");
  run_clear (&run);
  WAIT_FOR (!rd_session_get_recording (session ()), 30);

  g_settings_set_string (settings, "mic-device", "");
  g_settings_set_string (settings, "mic-check", "warn");
}

static void
test_wait_for_signed (void)
{
  Run waiting, timing_out;
  gint64 start;

  /* the worklist opens and waits; the radiologist signs */
  worklist_start (&waiting, "open", "--mrn", "MRN-42", "--accession", "ACC-7", "--accession", "ACC-8",
                  "--site", "NORTH", "--study-uid", "1.2.3.4", "--meta", "modality=MR",
                  "--wait", "report.signed", "--timeout", "60", NULL);
  WAIT_FOR (find_bus_event ("report.opened", NULL) >= 0 && rd_session_get_study (session ()) != NULL, 30);
  {
    gint64 settle = g_get_monotonic_time () + G_USEC_PER_SEC;
    while (g_get_monotonic_time () < settle)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (5000);
      }
  }
  g_assert_false (waiting.done);
  click_in_demo ("btn-sign");
  WAIT_FOR (waiting.done, 60);
  g_assert_cmpint (waiting.status, ==, 0);
  g_assert_true (g_str_has_prefix (waiting.out, "{\"id\":\"evt_"));
  g_assert_nonnull (strstr (waiting.out, "\"type\":\"report.signed\""));
  g_assert_nonnull (strstr (waiting.out, "\"mrn\":\"MRN-42\""));
  g_assert_cmpuint (strlen (waiting.out), ==, strchr (waiting.out, '\n') - waiting.out + 1);   /* one line */
  run_clear (&waiting);

  /* nothing comes: exit 3 after the timeout */
  start = g_get_monotonic_time ();
  worklist (&timing_out, "open", "--mrn", "MRN-42", "--accession", "ACC-7", "--accession", "ACC-8",
            "--site", "NORTH", "--study-uid", "1.2.3.4", "--meta", "modality=MR",
            "--wait", "report.discarded_completely", "--timeout", "2", NULL);
  g_assert_cmpint (timing_out.status, ==, 3);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * G_USEC_PER_SEC);
  g_assert_nonnull (strstr (timing_out.err, "no report.discarded_completely"));
  run_clear (&timing_out);
  g_assert_nonnull (rd_application_get_window (app));   /* the instance is untouched */
}

static void
test_sign_in_demo_page (void)
{
  guint before = events->len;
  int idx;
  Event *e;

  click_in_demo ("btn-sign");
  WAIT_FOR (find_event ("report.signed", "\"ACC-8\"", before) >= 0, 30);
  idx = find_event ("report.signed", "\"ACC-7\"", before);
  g_assert_cmpint (idx, >=, 0);
  e = g_ptr_array_index (events, idx);
  g_assert_nonnull (strstr (e->json, "\"sign_type\":\"sign\""));
  g_assert_nonnull (strstr (e->json, "\"report_status\":\"signed\""));
  /* and the worklist learns it on D-Bus, in the envelope */
  WAIT_FOR (find_bus_event ("report.signed", "\"sign_type\":\"sign\"") >= 0, 30);

  /* prelim sign of an addendum has its own sign type */
  before = events->len;
  click_in_demo ("btn-prelim");
  WAIT_FOR (find_event ("report.signed", "sign_addendum_prelim", before) >= 0, 30);
  idx = find_event ("report.signed", "sign_addendum_prelim", before);
  WAIT_FOR (find_event ("report.signed", "sign_addendum_prelim", idx + 1) >= 0, 30);
  save_screenshot (GTK_WIDGET (rd_application_get_window (app)), "signed-report");
}

static void
request_capture (const char *what,
                 const char *constraints)
{
  g_autofree char *script =
    g_strdup_printf ("document.getElementById('vendor').contentWindow.postMessage("
                     "{__rdtest: 'capture', what: '%s', constraints: %s}, '*'); true", what, constraints);
  run_in_host_page (script);
}

static void
test_microphone_only (void)
{
  guint before = events->len;
  int idx;

  /* the demo's Record button: getUserMedia, level meter, recording_state */
  click_in_demo ("btn-record");
  WAIT_FOR (rd_session_get_recording (session ()), 30);
  click_in_demo ("btn-record");
  WAIT_FOR (!rd_session_get_recording (session ()), 30);

  /* the microphone is granted; the camera and camera+microphone are not */
  request_capture ("audio", "{audio: true}");
  WAIT_FOR ((idx = find_event ("test.capture", "\"what\":\"audio\"", before)) >= 0, 30);
  g_assert_nonnull (strstr (((Event *) g_ptr_array_index (events, idx))->json, "\"granted\":true"));
  request_capture ("video", "{video: true}");
  WAIT_FOR ((idx = find_event ("test.capture", "\"what\":\"video\"", before)) >= 0, 30);
  g_assert_nonnull (strstr (((Event *) g_ptr_array_index (events, idx))->json, "\"granted\":false"));
  request_capture ("both", "{audio: true, video: true}");
  WAIT_FOR ((idx = find_event ("test.capture", "\"what\":\"both\"", before)) >= 0, 30);
  g_assert_nonnull (strstr (((Event *) g_ptr_array_index (events, idx))->json, "\"granted\":false"));
}

static void
test_forged_messages_are_ignored (void)
{
  guint rejected = rd_report_view_get_n_rejected (report_view ());
  guint before = events->len;
  g_autofree char *nest_vendor = NULL;
  g_autofree char *nest_sandboxed = NULL;
  g_autofree char *nest_other = NULL;
  g_autofree char *vendor = g_strdup (rd_report_view_get_vendor_origin (report_view ()));

  /* a frame of the vendor's own origin, nested in the vendor app */
  nest_vendor = g_strdup_printf ("document.getElementById('vendor').contentWindow.postMessage("
                                 "{__rdtest: 'nest', name: 'rdtest-forger', src: '%s/viewer'}, '*'); true", vendor);
  run_in_host_page (nest_vendor);
  WAIT_FOR (rd_report_view_get_n_rejected (report_view ()) >= rejected + 1, 30);

  /* an opaque-origin frame */
  nest_sandboxed = g_strdup_printf ("document.getElementById('vendor').contentWindow.postMessage("
                                    "{__rdtest: 'nest', name: 'rdtest-sandboxed', sandbox: true, src: '%s/viewer'}, '*'); true",
                                    vendor);
  run_in_host_page (nest_sandboxed);
  WAIT_FOR (rd_report_view_get_n_rejected (report_view ()) >= rejected + 2, 30);

  /* the host page itself posting to itself */
  run_in_host_page ("window.postMessage({type: 'report.discarded_completely'}, '*'); true");
  WAIT_FOR (rd_report_view_get_n_rejected (report_view ()) >= rejected + 3, 30);

  /* a frame on another port never loads at all */
  nest_other = g_strdup_printf ("document.getElementById('vendor').contentWindow.postMessage("
                                "{__rdtest: 'nest', name: 'rdtest-forger', src: '%s/evil'}, '*'); true", other_origin);
  run_in_host_page (nest_other);
  {
    gint64 until = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
    while (g_get_monotonic_time () < until)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (5000);
      }
  }
  g_assert_cmpuint (other_requests, ==, 0);
  g_assert_cmpint (find_event ("report.signed", "forged", before), ==, -1);
  g_assert_cmpint (find_event ("report.discarded_completely", NULL, before), ==, -1);
  g_assert_cmpuint (events->len, ==, before);
}

/* A page on the host page's address that cannot say the per-start proof
 * (another program answering for localhost:PORT) is believed in nothing and
 * gets nothing posted; our page again, and all flows. */
static void
test_look_alike_page (void)
{
  guint rejected = rd_report_view_get_n_rejected (report_view ());
  guint before = events->len;
  GLogLevelFlags fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  Run run;

  run_in_host_page ("document.querySelector('meta[name=\"reportdock-page\"]').dataset.real ="
                    "  document.querySelector('meta[name=\"reportdock-page\"]').content;"
                    "document.querySelector('meta[name=\"reportdock-page\"]').content = 'guessed'; true");
  post_from_demo ("{type: 'report.saved', payload: {mrn: 'MRN-42', accession_number: 'ACC-7', site_id: 'NORTH'}}");
  WAIT_FOR (rd_report_view_get_n_rejected (report_view ()) > rejected, 30);
  g_assert_cmpuint (events->len, ==, before);
  g_assert_nonnull (strstr (log_capture_text (), "is not ReportDock's"));
  /* nothing is posted into it: a save never reaches the app */
  gdbus_call (&run, "SendCommand", "save_report");
  run_clear (&run);
  settle (1500);
  g_assert_cmpint (find_event ("report.saved", NULL, before), ==, -1);

  /* a page that runs script of its own is not ours either */
  run_in_host_page ("const m = document.querySelector('meta[name=\"reportdock-page\"]'); m.content = m.dataset.real;"
                    "document.head.append(Object.assign(document.createElement('script'), {type: 'text/plain'})); true");
  post_from_demo ("{type: 'report.saved', payload: {mrn: 'MRN-42', accession_number: 'ACC-7', site_id: 'NORTH'}}");
  WAIT_FOR (rd_report_view_get_n_rejected (report_view ()) > rejected + 1, 30);
  g_assert_cmpuint (events->len, ==, before);

  /* ours again: believed, and commands reach the app */
  run_in_host_page ("document.querySelectorAll('script').forEach((e) => e.remove()); true");
  post_from_demo ("{type: 'report.updated', payload: {mrn: 'MRN-42', accession_number: 'ACC-7', site_id: 'NORTH'}}");
  WAIT_FOR (find_event ("report.updated", NULL, before) >= 0, 30);
  gdbus_call (&run, "SendCommand", "save_report");
  run_clear (&run);
  WAIT_FOR (find_event ("report.saved", NULL, before) >= 0, 30);
  g_log_set_always_fatal (fatal);
}

static void
on_token (GObject *source, GAsyncResult *result, gpointer user_data)
{
  char **token = user_data;

  *token = rd_token_source_get_finish (RD_TOKEN_SOURCE (source), result, NULL);
}

static void
test_token_stays_with_the_vendor (void)
{
  g_autofree char *token = NULL;
  const char *api_key = rd_demo_service_get_api_key (rd_application_get_demo_service (app));

  rd_token_source_get_async (rd_iframe_controller_get_tokens (RD_IFRAME_CONTROLLER (controller ())), FALSE, NULL, on_token, &token);
  WAIT_FOR (token != NULL, 10);
  g_assert_true (g_str_has_prefix (token, "demo-token-"));

  g_assert_null (strstr (log_capture_text (), token));
  g_assert_null (strstr (log_capture_text (), api_key));
  g_assert_cmpuint (host_requests->len, >, 0);
  for (guint i = 0; i < host_requests->len; i++)
    g_assert_null (strstr (g_ptr_array_index (host_requests, i), token));
  g_assert_null (strstr (webkit_web_view_get_uri (WEBKIT_WEB_VIEW (rd_window_get_viewer (rd_application_get_window (app)))), token));
  for (guint i = 0; i < events->len; i++)
    g_assert_null (strstr (((Event *) g_ptr_array_index (events, i))->json, token));
  g_assert_cmpuint (other_requests, ==, 0);
}

static void
test_top_level_takeover (void)
{
  guint before = events->len;
  g_autofree char *script =
    g_strdup_printf ("location.href = '%s/app'; true", rd_report_view_get_vendor_origin (report_view ()));

  GLogLevelFlags fatal;

  /* the pane is made to show the vendor's page instead of the host page;
   * ReportDock warns (not fatal here) and puts the host page back */
  fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  run_in_host_page (script);
  WAIT_FOR (rd_session_get_state (session ()) != RD_SESSION_STATE_SIGNED_IN, 30);
  WAIT_FOR (rd_session_get_state (session ()) == RD_SESSION_STATE_SIGNED_IN, 60);
  WAIT_FOR (find_event ("report.opened", "\"ACC-7\"", before) >= 0, 30);
  g_log_set_always_fatal (fatal);
  g_assert_nonnull (strstr (log_capture_text (), "navigated the whole pane away"));
  g_assert_true (g_str_has_prefix (webkit_web_view_get_uri (WEBKIT_WEB_VIEW (report_view ())),
                                   rd_host_server_get_page_url (rd_application_get_host_server (app))));
}

static void
test_crash_recovery (void)
{
  guint before = events->len;
  guint auths = rd_session_get_n_authentications (session ());

  webkit_web_view_terminate_web_process (WEBKIT_WEB_VIEW (report_view ()));
  WAIT_FOR (rd_session_get_state (session ()) != RD_SESSION_STATE_SIGNED_IN, 30);
  /* a message posted before the page is back is lost with the old page
   * (the handshake sends again), which is no failure to warn about */
  rd_report_view_post (report_view (), "{\"type\":\"get_status\"}");
  settle (300);
  WAIT_FOR (rd_session_get_state (session ()) == RD_SESSION_STATE_SIGNED_IN, 60);
  /* the open study comes back */
  WAIT_FOR (find_event ("report.opened", "\"ACC-7\"", before) >= 0, 30);
  g_assert_cmpuint (rd_session_get_n_authentications (session ()), ==, auths + 1);
}

/* A scripted SpeechMike on the real app: Record → the demo app gets
 * toggle_recording and answers recording_state → the record LED lights;
 * push-to-talk; the LED goes dark when the report closes. */
static HidDouble *hid;
#define SM "/dev/hidraw-test-speechmike"
#define LED_STANDBY_INS "00 02 00 00 00 00 00 01 10 00"
#define LED_REC_INS     "00 02 00 00 00 00 00 03 30 00"
#define LED_OFF         "00 02 00 00 00 00 00 00 00 00"

static GString *led_writes;

static gboolean
led_written (const char *bytes)
{
  g_autofree char *writes = hid_double_take_writes (hid, SM);

  g_string_append_printf (led_writes, "%s|", writes);
  return strstr (led_writes->str, bytes) != NULL;
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
test_dictation_buttons (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  RdWindow *window = rd_application_get_window (app);
  guint before = host_messages_posted ();

  led_writes = g_string_new (NULL);
  hid_double_plug (hid, SM, 0x0911, 0x0c1c, 0xffa0, 1);
  WAIT_FOR (device_open (), 10);
  WAIT_FOR (rd_session_get_state (session ()) == RD_SESSION_STATE_SIGNED_IN, 30);
  g_assert_nonnull (rd_session_get_study (session ()));
  /* connected with a report open, not recording: slow green blink (demo dictates in insert mode) */
  WAIT_FOR (led_written (LED_STANDBY_INS), 10);
  g_assert_nonnull (strstr (rd_status_bar_get_devices_text (rd_window_get_status_bar (window)), "SpeechMike"));

  speechmike (0x0100);   /* RECORD down, up */
  speechmike (0x0000);
  WAIT_FOR (rd_session_get_recording (session ()), 30);
  g_assert_true (posted_command ("toggle_recording", before));
  g_string_truncate (led_writes, 0);
  WAIT_FOR (led_written (LED_REC_INS), 10);
  g_assert_nonnull (strstr (rd_status_bar_get_devices_text (rd_window_get_status_bar (window)), "recording"));
  save_screenshot (GTK_WIDGET (rd_application_get_window (app)), "dictation-recording");
  speechmike (0x0100);
  speechmike (0x0000);
  WAIT_FOR (!rd_session_get_recording (session ()), 30);
  WAIT_FOR (led_written (LED_STANDBY_INS), 10);

  /* push-to-talk: recording while the button is held */
  g_settings_set_string (settings, "record-mode", "push-to-talk");
  before = host_messages_posted ();
  speechmike (0x0100);
  WAIT_FOR (rd_session_get_recording (session ()), 30);
  g_assert_true (posted_command ("start_recording", before));
  speechmike (0x0000);
  WAIT_FOR (!rd_session_get_recording (session ()), 30);
  g_assert_true (posted_command ("stop_recording", before));
  g_settings_set_string (settings, "record-mode", "toggle");
}

/* After the last report closes: the LED is dark, and a press says why
 * nothing happened instead of failing silently. */
static void
test_dictation_without_report (void)
{
  RdWindow *window = rd_application_get_window (app);

  g_string_truncate (led_writes, 0);
  WAIT_FOR (led_written (LED_OFF), 10);
  speechmike (0x0100);
  speechmike (0x0000);
  WAIT_FOR (strstr (rd_status_bar_get_reason (rd_window_get_status_bar (window)), "No report is open") != NULL, 10);
  g_assert_false (rd_session_get_recording (session ()));
  hid_double_unplug (hid, SM);
  WAIT_FOR (!device_open (), 10);
  WAIT_FOR (strstr (rd_status_bar_get_devices_text (rd_window_get_status_bar (window)), "No dictation device") != NULL, 10);
}

typedef struct {
  gboolean done;
  guint    status;
  char    *body;
} HttpReply;

static void
on_http_reply (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  HttpReply *r = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  g_assert_no_error (error);
  r->status = soup_message_get_status (soup_session_get_async_result_message (SOUP_SESSION (source), result));
  r->body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  r->done = TRUE;
}

/* A vendor's webhook through `reportdock relay`: signed (by openssl, not by
 * our code) → in the outbox and on D-Bus; unsigned → 401, nothing recorded. */
static void
test_relay (void)
{
  static const char body[] = "{\"id\":\"whe_relay0001\",\"type\":\"report.delivered\",\"data\":"
                             "{\"reportId\":\"rep_9\",\"studyId\":\"stu_0123456789abcdef0123456789abcdef\","
                             "\"presignedUrl\":\"https://files.example/r.pdf\"}}";
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *secret_path = g_build_filename (state_home, "relay-secret", NULL);
  g_autofree char *journal_path = g_build_filename (state_home, "reportdock", "demo", "outbox.jsonl", NULL);
  g_autofree char *url = NULL, *journal = NULL, *ts = NULL, *text = NULL, *b64 = NULL, *signature = NULL;
  g_autoptr(GBytes) key = rd_webhook_secret_key ("whsec_c2VjcmV0LWZvci10aGUtcmVsYXk=", NULL);
  g_autoptr(GBytes) mac = NULL;
  g_autoptr(SoupSession) http = soup_session_new ();
  g_autoptr(SoupMessage) signed_msg = NULL, unsigned_msg = NULL;
  guint events_before;
  HttpReply reply = { 0 }, refused = { 0 };
  const char *start, *forged;
  GLogLevelFlags fatal;
  Run run;

  g_assert_true (g_file_set_contents (secret_path, "whsec_c2VjcmV0LWZvci10aGUtcmVsYXk=\n", -1, NULL));
  g_assert_cmpint (g_chmod (secret_path, 0600), ==, 0);
  g_settings_set_string (settings, "relay-secret-file", secret_path);

  worklist (&run, "relay", "--listen", "127.0.0.1:0", NULL);
  g_assert_cmpint (run.status, ==, 0);
  start = strstr (run.out, "http://127.0.0.1:");
  g_assert_nonnull (start);
  url = g_strstrip (g_strdup (start));
  run_clear (&run);

  ts = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
  text = g_strdup_printf ("msg_relay_1.%s.%s", ts, body);
  mac = openssl_hmac_sha256 (key, text, strlen (text));
  if (mac == NULL)
    return;
  b64 = g_base64_encode (g_bytes_get_data (mac, NULL), 32);
  signature = g_strconcat ("v1,", b64, NULL);

  events_before = bus_events->len;
  signed_msg = soup_message_new ("POST", url);
  soup_message_headers_replace (soup_message_get_request_headers (signed_msg), "webhook-id", "msg_relay_1");
  soup_message_headers_replace (soup_message_get_request_headers (signed_msg), "webhook-timestamp", ts);
  soup_message_headers_replace (soup_message_get_request_headers (signed_msg), "webhook-signature", signature);
  soup_message_set_request_body_from_bytes (signed_msg, "application/json", g_bytes_new_static (body, strlen (body)));
  soup_session_send_and_read_async (http, signed_msg, G_PRIORITY_DEFAULT, NULL, on_http_reply, &reply);
  WAIT_FOR (reply.done, 30);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpstr (reply.body, ==, "{\"success\":true}");
  WAIT_FOR (find_bus_event ("report.delivered", "rep_9") >= 0, 30);
  g_assert_true (g_file_get_contents (journal_path, &journal, NULL, NULL));
  g_assert_nonnull (strstr (journal, "whe_relay0001"));
  g_assert_nonnull (strstr (journal, "report.delivered"));

  /* unsigned: refused (with a warning, not fatal here), nothing recorded */
  fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  forged = "{\"type\":\"report.delivered\",\"data\":{\"reportId\":\"rep_forged\"}}";
  unsigned_msg = soup_message_new ("POST", url);
  soup_message_set_request_body_from_bytes (unsigned_msg, "application/json",
                                            g_bytes_new_static (forged, strlen (forged)));
  soup_session_send_and_read_async (http, unsigned_msg, G_PRIORITY_DEFAULT, NULL, on_http_reply, &refused);
  WAIT_FOR (refused.done, 30);
  g_log_set_always_fatal (fatal);
  g_assert_nonnull (strstr (log_capture_text (), "webhook rejected"));
  g_assert_cmpuint (refused.status, ==, 401);
  g_assert_cmpint (find_bus_event ("report.delivered", "rep_forged"), <, 0);
  g_assert_cmpuint (bus_events->len, ==, events_before + 1);   /* the signed one only */
  g_free (journal);
  g_assert_true (g_file_get_contents (journal_path, &journal, NULL, NULL));
  g_assert_null (strstr (journal, "rep_forged"));

  /* Avara's documented scheme as Avara's document has it: X-Avara-Timestamp in
   * milliseconds, hex HMAC-SHA256 (by openssl) of timestamp + body */
  {
    static const char seed_body[] = "{\"id\":\"whe_relay0002\",\"type\":\"report.delivered\",\"data\":"
                                    "{\"reportId\":\"rep_ms\",\"studyId\":\"stu_0123456789abcdef0123456789abcdef\"}}";
    g_autofree char *ms = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / 1000);
    g_autofree char *seed_text = g_strconcat (ms, seed_body, NULL);
    g_autoptr(GBytes) seed_mac = openssl_hmac_sha256 (key, seed_text, strlen (seed_text));
    g_autofree char *hex = hex_of (seed_mac);
    g_autoptr(SoupMessage) seed_msg = soup_message_new ("POST", url);
    HttpReply seed_reply = { 0 };

    soup_message_headers_replace (soup_message_get_request_headers (seed_msg), "X-Avara-Timestamp", ms);
    soup_message_headers_replace (soup_message_get_request_headers (seed_msg), "X-Avara-Signature", hex);
    soup_message_set_request_body_from_bytes (seed_msg, "application/json",
                                              g_bytes_new_static (seed_body, strlen (seed_body)));
    soup_session_send_and_read_async (http, seed_msg, G_PRIORITY_DEFAULT, NULL, on_http_reply, &seed_reply);
    WAIT_FOR (seed_reply.done, 30);
    g_assert_cmpuint (seed_reply.status, ==, 200);
    WAIT_FOR (find_bus_event ("report.delivered", "rep_ms") >= 0, 30);
    g_free (journal);
    g_assert_true (g_file_get_contents (journal_path, &journal, NULL, NULL));
    g_assert_nonnull (strstr (journal, "rep_ms"));
    g_free (seed_reply.body);
  }

  /* asked again: the running relay answers with its address */
  worklist (&run, "relay", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "already relaying"));
  run_clear (&run);
  g_free (reply.body);
  g_free (refused.body);
}

static void
test_close (void)
{
  guint before = events->len;
  Run run;

  worklist (&run, "close", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  WAIT_FOR (find_event ("report.closed", NULL, before) >= 0, 30);
  g_assert_null (rd_session_get_study (session ()));
}

/* Quitting with a report open: the app is asked to leave its report (it
 * could save or ask "unsaved changes?") and says report.closed, then the
 * page agrees to close, so the window goes at once, not by the 5 s fallback. */
static void
test_quit_asks_the_page (void)
{
  guint from = bus_events->len;
  int closed;
  Run run;

  worklist (&run, "open", "--mrn", "MRN-Q", "--accession", "ACC-Q", "--site", "NORTH", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  /* the page's beacon may come before its report.opened: wait for both */
  WAIT_FOR (g_str_equal (showing (), "MRN-Q/ACC-Q") &&
            rd_report_controller_get_pane (controller ()) == RD_REPORT_PANE_SHOWING, 30);
  /* the page's own answer closes the window, not ReportDock's deadline
   * (which would log "did not answer", a fatal warning here) */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  WAIT_FOR ((closed = find_bus_event_from ("report.closed", "\"mrn\":\"MRN-Q\"", from)) >= 0, 30);
  WAIT_FOR (rd_application_get_window (app) == NULL, 30);
  g_assert_null (strstr (log_capture_text (), "did not answer"));
}

static void
other_handler (SoupServer *server, SoupServerMessage *msg, const char *path,
               GHashTable *query, gpointer user_data)
{
  other_requests++;
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                    "<script>top.postMessage({type:'report.signed'},'*')</script>", 59);
}

/* For a wait that timed out: what the app and the demo page last said. */
static char *
describe_app_state (void)
{
  GString *seen = g_string_new (NULL);
  RdWindow *window = app ? rd_application_get_window (app) : NULL;

  if (window != NULL)
    {
      const RdStudy *study = rd_report_controller_get_study (controller ());
      RdViewerView *pane = rd_window_get_viewer (window);
      g_autoptr(GEnumClass) states = g_type_class_ref (RD_TYPE_SESSION_STATE);
      GEnumValue *state = g_enum_get_value (states, rd_report_controller_get_state (controller ()));
      GPtrArray *history = rd_demo_service_get_showing_history (rd_application_get_demo_service (app));
      const char *log = log_capture_text ();
      const char *tail = log + strlen (log);

      g_string_append_printf (seen, "  session: %s, pane %d, study %s\n", state ? state->value_nick : "?",
                              rd_report_controller_get_pane (controller ()),
                              study ? rd_study_get_mrn (study) : "(none)");
      g_string_append_printf (seen, "  demo page shows: %s; said:", showing ());
      for (guint i = history->len > 6 ? history->len - 6 : 0; i < history->len; i++)
        g_string_append_printf (seen, " '%s'", (char *) g_ptr_array_index (history, i));
      if (pane != NULL)
        g_string_append_printf (seen, "\n  viewer: %s, asked for %s, at %s (%s)\n",
                                rd_viewer_state_to_string (rd_viewer_view_get_state (pane)),
                                rd_viewer_view_get_wanted (pane), webkit_web_view_get_uri (WEBKIT_WEB_VIEW (pane)),
                                webkit_web_view_is_loading (WEBKIT_WEB_VIEW (pane)) ? "loading" : "idle");
      for (guint i = events->len > 4 ? events->len - 4 : 0; i < events->len; i++)
        g_string_append_printf (seen, "  event: %s\n", ((Event *) g_ptr_array_index (events, i))->json);
      /* the last lines of the log */
      for (int lines = 0; tail > log && lines <= 12; tail--)
        if (tail[-1] == '\n')
          lines++;
      if (worklist_last_run != NULL)
        g_string_append_printf (seen, "  last command: %s", worklist_last_run);
      g_string_append_printf (seen, "  log:\n%s", tail);
    }
  return g_string_free (seen, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status, port;

  /* PortAudio 19.6's ALSA set-up reads uninitialised memory, which meson's
   * MALLOC_PERTURB_ turns into a stalled capture: run without it */
  if (g_strcmp0 (g_getenv ("MALLOC_PERTURB_"), "0") != 0 && g_getenv ("MALLOC_PERTURB_") != NULL)
    {
      g_setenv ("MALLOC_PERTURB_", "0", TRUE);
      execv ("/proc/self/exe", argv);
    }

  g_test_init (&argc, &argv, NULL);
  wait_for_describe = describe_app_state;
  setup_alsa_tone ();
  /* no sound card here: WebKit's synthetic microphone */
  g_setenv ("REPORTDOCK_FAKE_MICROPHONE", "1", TRUE);
  /* a fresh outbox for this run */
  state_home = g_dir_make_tmp ("rd-state-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_STATE_HOME", state_home, TRUE);
  bus_events = g_ptr_array_new_with_free_func (g_free);
  log_capture_install ();
  events = g_ptr_array_new_with_free_func ((GDestroyNotify) event_free);
  host_requests = g_ptr_array_new_with_free_func (g_free);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("no display: run under Xvfb (see README)");
      return g_test_run ();
    }
  gtk_init ();

  other_server = soup_server_new (NULL, NULL);
  soup_server_add_handler (other_server, NULL, other_handler, NULL, NULL);
  port = rd_loopback_listen (other_server, &error);
  g_assert_no_error (error);
  other_origin = g_strdup_printf ("http://127.0.0.1:%d", port);

  /* a native viewer that records what it is given */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_autofree char *script = g_build_filename (state_home, "viewer", NULL);
    g_autofree char *text = NULL;
    /* identifiers every study has: a study without a UID is not this test's matter */
    const char *command[] = { script, "--acc={accession}", "{mrn}", "{site}", NULL };

    viewer_log = g_build_filename (state_home, "viewer.log", NULL);
    text = g_strdup_printf ("#!/bin/sh\nfor a in \"$@\"; do printf '[%%s]' \"$a\"; done >> '%s'\necho >> '%s'\n",
                            viewer_log, viewer_log);
    g_assert_true (g_file_set_contents (script, text, -1, NULL));
    g_chmod (script, 0700);
    g_settings_set_strv (settings, "viewer-command", command);
  }
  app = rd_application_new ();
  hid = hid_double_new ();
  rd_application_set_hid_backend (app, hid_double_backend (hid));
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_dbus_connection_signal_subscribe (g_application_get_dbus_connection (G_APPLICATION (app)),
                                      NULL, "io.github.reportdock.ReportDock1", "ReportEvent",
                                      "/io/github/reportdock/ReportDock", NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                      on_bus_report_event, NULL, NULL);
  g_assert_no_error (error);
  g_assert_false (g_application_get_is_remote (G_APPLICATION (app)));

  g_test_add_func ("/integration/start-demo", test_start_demo);
  g_test_add_func ("/integration/reload", test_reload_reauthenticates_and_reopens);
  g_test_add_func ("/integration/open-from-second-process", test_open_from_second_process);
  g_test_add_func ("/integration/viewer-crash-recovers", test_viewer_crash_recovers);
  g_test_add_func ("/integration/bad-launch-input", test_bad_launch_input);
  g_test_add_func ("/integration/hostile-dbus-calls", test_hostile_dbus_calls);
  g_test_add_func ("/integration/signed-links", test_signed_links);
  g_test_add_func ("/integration/problem-expires", test_problem_expires);
  g_test_add_func ("/integration/dbus-api", test_dbus_api);
  g_test_add_func ("/integration/wrong-patient-guard", test_wrong_patient_guard);
  g_test_add_func ("/integration/no-stale-report", test_no_stale_report);
  g_test_add_func ("/integration/layout-fits", test_layout_fits);
  g_test_add_func ("/integration/shortcuts", test_shortcuts);
  g_test_add_func ("/integration/help-overlay", test_help_overlay);
  g_test_add_func ("/integration/events-name-their-study", test_events_name_their_study);
  g_test_add_func ("/integration/hostile-event-identifiers", test_hostile_event_identifiers);
  g_test_add_func ("/integration/switch-while-recording", test_switch_while_recording);
  g_test_add_func ("/integration/mic-check-blocks-dictation", test_mic_check_blocks_dictation);
  g_test_add_func ("/integration/wait-for-signed", test_wait_for_signed);
  g_test_add_func ("/integration/sign-in-demo-page", test_sign_in_demo_page);
  g_test_add_func ("/integration/microphone-only", test_microphone_only);
  g_test_add_func ("/integration/forged-messages", test_forged_messages_are_ignored);
  g_test_add_func ("/integration/look-alike-page", test_look_alike_page);
  g_test_add_func ("/integration/token-stays-with-vendor", test_token_stays_with_the_vendor);
  g_test_add_func ("/integration/crash-recovery", test_crash_recovery);
  g_test_add_func ("/integration/top-level-takeover", test_top_level_takeover);
  g_test_add_func ("/integration/relay", test_relay);
  g_test_add_func ("/integration/dictation-buttons", test_dictation_buttons);
  /* before close: they leave a report open for close to close */
  g_test_add_func ("/integration/hidden-viewer-loads-when-shown", test_hidden_viewer_loads_when_shown);
  g_test_add_func ("/integration/native-viewer-follows", test_native_viewer_follows);
  g_test_add_func ("/integration/viewer-window", test_viewer_window);
  g_test_add_func ("/integration/close", test_close);
  g_test_add_func ("/integration/dictation-without-report", test_dictation_without_report);
  g_test_add_func ("/integration/demo-wrong-patient-trigger", test_demo_wrong_patient_trigger);
  g_test_add_func ("/integration/quit-asks-the-page", test_quit_asks_the_page);
  status = g_test_run ();

  if (rd_application_get_window (app) != NULL)
    gtk_window_destroy (GTK_WINDOW (rd_application_get_window (app)));
  g_clear_object (&app);
  soup_server_disconnect (other_server);
  g_clear_object (&other_server);
  return status;
}
