/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The first-run assistant under Xvfb, in the real application on its own
 * session bus, with an empty configuration: shown when activated over
 * D-Bus and when a worklist runs `reportdock`, fields checked as typed,
 * Test Connection against the demo service (a real loopback vendor) and
 * against a page that never says app_ready, and Start saving the settings
 * and opening the study the worklist asked for meanwhile. */
#include "config.h"

#include "rd-application.h"
#include "rd-api-key-row.h"
#include "log-capture.h"
#include "screenshot.h"
#include "worklist.h"

#include <glib/gstdio.h>
#include <string.h>

static RdApplication *app;
static RdDemoService *demo;
static char *key_path;

static RdSetupWindow *
setup (void)
{
  return rd_application_get_setup_window (app);
}

static void
type_into (const char *key,
           const char *text)
{
  GtkWidget *entry = rd_settings_form_get_control (rd_setup_window_get_form (setup ()), key);

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
activate (const char *action,
          GVariant   *parameter)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (setup ()), action, parameter));
}

static void
test_shown_on_dbus_activation (void)
{
  Run run;
  const char *argv[] = { "gdbus", "call", "--session", "--dest", "io.github.reportdock.ReportDock",
                         "--object-path", "/io/github/reportdock/ReportDock",
                         "--method", "org.freedesktop.Application.Activate", "{}", NULL };

  /* the desktop launcher (DBusActivatable): no window before, the assistant after */
  g_assert_null (setup ());
  run_start (&run, argv);
  WAIT_FOR (run.done, 60);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  WAIT_FOR (setup () != NULL && gtk_widget_get_mapped (GTK_WIDGET (setup ())), 30);
  g_assert_null (rd_application_get_window (app));
  g_assert_cmpstr (rd_setup_window_get_page (setup ()), ==, "choose");
  save_screenshot (GTK_WIDGET (setup ()), "setup-choose");
}

static void
test_shown_on_worklist_start (void)
{
  Run run;

  /* a worklist click before anyone set ReportDock up: told why, on one line;
   * the assistant stays, and the study is remembered */
  worklist (&run, "open", "--mrn", "MRN-SETUP-1", "--accession", "ACC-SETUP-1", "--site", "SITE-A", NULL);
  /* the admin's log has it too: this start came from another process */
  g_assert_nonnull (strstr (log_capture_text (), "cannot start: these settings are not set"));
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "these settings are not set: vendor-url, token-url, user-email"));
  g_assert_nonnull (setup ());
  g_assert_null (rd_application_get_window (app));
  run_clear (&run);
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static int
natural_width (GtkWidget *widget)
{
  int minimum, natural;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  return natural;
}

/* The keyring refuses the key (the tests' bus has no Secret Service): its
 * long error wraps under the field; the window asks for no more width and
 * the key's field keeps its own. */
static void
key_row_error_keeps_layout (void)
{
  GtkWidget *row = find_widget (GTK_WIDGET (setup ()), RD_TYPE_API_KEY_ROW);
  GtkWidget *entry = find_widget (row, GTK_TYPE_PASSWORD_ENTRY);
  GtkWidget *button = find_widget (row, GTK_TYPE_BUTTON);
  int window_before = natural_width (GTK_WIDGET (setup ()));
  int entry_before = gtk_widget_get_width (entry);
  int window_width = gtk_widget_get_width (GTK_WIDGET (setup ()));

  g_assert_nonnull (entry);
  g_assert_nonnull (button);
  gtk_editable_set_text (GTK_EDITABLE (entry), "sk_test_not_stored");
  g_signal_emit_by_name (button, "clicked");
  WAIT_FOR (rd_api_key_row_get_result (RD_API_KEY_ROW (row)) != NULL, 30);
  g_test_message ("keyring: %s", rd_api_key_row_get_result (RD_API_KEY_ROW (row)));
  g_assert_nonnull (strstr (rd_api_key_row_get_result (RD_API_KEY_ROW (row)), "could not be stored"));
  /* a few frames for the new layout */
  for (int i = 0; i < 10; i++)
    {
      g_usleep (20 * 1000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  save_screenshot (GTK_WIDGET (setup ()), "setup-keyring-error");
  g_test_message ("window natural width %d → %d, allocated %d → %d; key field %d → %d",
                  window_before, natural_width (GTK_WIDGET (setup ())),
                  window_width, gtk_widget_get_width (GTK_WIDGET (setup ())),
                  entry_before, gtk_widget_get_width (entry));
  g_assert_cmpint (natural_width (GTK_WIDGET (setup ())), <=, window_before);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (setup ())), <=, window_width);
  g_assert_cmpint (gtk_widget_get_width (entry), >=, entry_before);
  /* the key typed is not shown back */
  g_assert_null (strstr (rd_api_key_row_get_result (RD_API_KEY_ROW (row)), "sk_test_not_stored"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
test_fields_checked_as_typed (void)
{
  RdSettingsForm *form;
  g_autoptr(GSettings) saved = g_settings_new (SCHEMA_ID);
  g_autoptr(GError) error = NULL;

  activate ("setup.choose", g_variant_new_string ("radpair"));
  g_assert_cmpstr (rd_setup_window_get_page (setup ()), ==, "connect");
  form = rd_setup_window_get_form (setup ());
  /* only this profile's fields */
  g_assert_nonnull (rd_settings_form_get_control (form, "vendor-url"));
  g_assert_null (rd_settings_form_get_control (form, "api-base-url"));
  g_assert_false (rd_settings_form_is_complete (form));
  /* the cursor in the first field, ready for typing */
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (setup ())) == rd_settings_form_get_control (form, "vendor-url") ||
                 gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (setup ())),
                                         rd_settings_form_get_control (form, "vendor-url")));

  type_into ("vendor-url", "ftp://vendor.example/app");
  g_assert_nonnull (strstr (rd_settings_form_get_problem (form, "vendor-url"), "is not an https:// address"));
  type_into ("vendor-url", "http://vendor.example/app");
  g_assert_nonnull (strstr (rd_settings_form_get_problem (form, "vendor-url"), "must be an https:// address"));
  type_into ("user-email", "dr.lee");
  g_assert_nonnull (strstr (rd_settings_form_get_problem (form, "user-email"), "not an e-mail address"));

  /* a key file others can read is named, with the fix */
  g_file_set_contents (key_path, rd_demo_service_get_api_key (demo), -1, &error);
  g_assert_no_error (error);
  g_chmod (key_path, 0644);
  type_into ("api-key-file", key_path);
  g_assert_nonnull (strstr (rd_settings_form_get_problem (form, "api-key-file"), "chmod 600"));
  g_chmod (key_path, 0600);
  type_into ("api-key-file", "");
  type_into ("api-key-file", key_path);
  g_assert_null (rd_settings_form_get_problem (form, "api-key-file"));
  g_assert_false (rd_settings_form_is_complete (form));
  save_screenshot (GTK_WIDGET (setup ()), "setup-problems");

  key_row_error_keeps_layout ();

  /* nothing is saved before Start */
  {
    g_autofree char *url = g_settings_get_string (saved, "vendor-url");
    g_assert_cmpstr (url, ==, "");
  }
}

static void
fill_in (const char *vendor_url)
{
  g_autofree char *token_url = rd_demo_service_get_token_url (demo);

  type_into ("vendor-url", vendor_url);
  type_into ("token-url", token_url);
  type_into ("api-key-file", key_path);
  type_into ("user-email", "dr.lee@hospital.example");
  type_into ("user-first-name", "Ada");
  type_into ("user-last-name", "Lee");
  g_assert_true (rd_settings_form_is_complete (rd_setup_window_get_form (setup ())));
  /* what was missing is filled in: the "not set up yet" box goes */
  g_assert_false (rd_setup_window_is_showing_why (setup ()));
}

static void
test_connection_to_a_silent_page (void)
{
  g_autofree char *vendor_url = rd_demo_service_get_vendor_url (demo);
  g_autoptr(GUri) uri = g_uri_parse (vendor_url, G_URI_FLAGS_NONE, NULL);
  /* a page that loads but is not the app: what a vendor that refuses to
   * be framed by localhost looks like from here */
  g_autofree char *silent = g_strdup_printf ("http://127.0.0.1:%d/viewer", g_uri_get_port (uri));

  fill_in (silent);
  activate ("setup.test", NULL);
  WAIT_FOR (rd_setup_window_get_test (setup ()) != NULL &&
            rd_connection_test_is_done (rd_setup_window_get_test (setup ())), 60);
  g_assert_false (rd_connection_test_succeeded (rd_setup_window_get_test (setup ())));
  g_assert_nonnull (strstr (rd_setup_window_get_test_result (setup ()), "allow the host localhost"));
}

/* Test Connection as the network answers: the step that failed, named,
 * seconds after asking — not after the 30 s a silent page is given. */
static void
connection_fails_at_once (const char *vendor_url,
                          const char *token_url,
                          const char *key,
                          const char *expected)
{
  g_autofree char *wrong_key_path = g_build_filename (g_get_tmp_dir (), "rd-setup-wrong-key", NULL);
  gint64 start;
  double seconds;

  fill_in (vendor_url);
  if (token_url != NULL)
    type_into ("token-url", token_url);
  if (key != NULL)
    {
      g_assert_true (g_file_set_contents (wrong_key_path, key, -1, NULL));
      g_chmod (wrong_key_path, 0600);
      type_into ("api-key-file", wrong_key_path);
    }
  start = g_get_monotonic_time ();
  activate ("setup.test", NULL);
  WAIT_FOR (rd_setup_window_get_test (setup ()) != NULL &&
            rd_connection_test_is_done (rd_setup_window_get_test (setup ())), 60);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_test_message ("Test Connection said in %.2f s: %s", seconds, rd_setup_window_get_test_result (setup ()));
  g_assert_false (rd_connection_test_succeeded (rd_setup_window_get_test (setup ())));
  g_assert_nonnull (strstr (rd_setup_window_get_test_result (setup ()), expected));
  /* never the silent page's verdict for a failure the network told */
  g_assert_null (strstr (rd_setup_window_get_test_result (setup ()), "allow the host localhost"));
  /* 3 s here (the figure above); the bound only catches waiting for the page */
  g_assert_cmpfloat (seconds, <, 15);
  g_unlink (wrong_key_path);
}

static void
test_connection_failures_at_once (void)
{
  g_autofree char *vendor_url = rd_demo_service_get_vendor_url (demo);
  g_autofree char *token_url = rd_demo_service_get_token_url (demo);
  g_autofree char *missing_page = g_strdup_printf ("%s/no-such-page", rd_demo_service_get_base_url (demo));

  /* the vendor page answers 404 */
  connection_fails_at_once (missing_page, NULL, NULL, "answered HTTP 404");
  /* the token service refuses the connection (port 1: nothing listens) */
  connection_fails_at_once (vendor_url, "http://127.0.0.1:1/api/token", NULL, "Cannot reach the vendor's token service");
  /* the vendor rejects the key */
  connection_fails_at_once (vendor_url, token_url, "not-the-demo-key", "rejected the API key");
  /* the vendor page's address does not answer */
  connection_fails_at_once ("http://127.0.0.1:1/app", NULL, NULL, "cannot be reached");
}

static void
test_connection_to_the_demo (void)
{
  g_autofree char *vendor_url = rd_demo_service_get_vendor_url (demo);
  guint sign_ins = rd_demo_service_get_n_sign_ins (demo);

  fill_in (vendor_url);
  activate ("setup.test", NULL);
  WAIT_FOR (rd_connection_test_is_done (rd_setup_window_get_test (setup ())), 60);
  g_test_message ("%s", rd_setup_window_get_test_result (setup ()));
  g_assert_true (rd_connection_test_succeeded (rd_setup_window_get_test (setup ())));
  g_assert_nonnull (strstr (rd_setup_window_get_test_result (setup ()), "Connected"));
  g_assert_cmpuint (rd_demo_service_get_n_sign_ins (demo), ==, sign_ins + 1);
  save_screenshot (GTK_WIDGET (setup ()), "setup-connected");
}

static void
test_start_saves_and_opens (void)
{
  g_autoptr(GSettings) saved = g_settings_new (SCHEMA_ID);
  g_autofree char *vendor_url = rd_demo_service_get_vendor_url (demo);
  g_autofree char *stored = NULL;
  RdReportController *controller;

  activate ("setup.start", NULL);
  WAIT_FOR (rd_application_get_window (app) != NULL, 30);
  WAIT_FOR (setup () == NULL, 30);
  stored = g_settings_get_string (saved, "vendor-url");
  g_assert_cmpstr (stored, ==, vendor_url);
  g_free (stored);
  stored = g_settings_get_string (saved, "profile");
  g_assert_cmpstr (stored, ==, "radpair");
  /* the study the worklist asked for before set-up is the one opened */
  controller = rd_window_get_controller (rd_application_get_window (app));
  WAIT_FOR (rd_report_controller_get_study (controller) != NULL, 30);
  g_assert_cmpstr (rd_study_get_mrn (rd_report_controller_get_study (controller)), ==, "MRN-SETUP-1");
  WAIT_FOR (rd_report_controller_get_state (controller) == RD_SESSION_STATE_SIGNED_IN, 60);
  /* the key typed, tested and used never reached a log line */
  g_assert_null (strstr (log_capture_text (), rd_demo_service_get_api_key (demo)));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("no display: run under Xvfb (see README)");
      return g_test_run ();
    }
  dir = g_dir_make_tmp ("rd-setup-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_STATE_HOME", dir, TRUE);
  key_path = g_build_filename (dir, "api-key", NULL);
  /* failures the admin must read are warnings here (criticals stay fatal) */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  log_capture_install ();
  gtk_init ();

  demo = rd_demo_service_new (&error);
  g_assert_no_error (error);
  app = rd_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/setup/shown-on-dbus-activation", test_shown_on_dbus_activation);
  g_test_add_func ("/setup/shown-on-worklist-start", test_shown_on_worklist_start);
  g_test_add_func ("/setup/fields-checked-as-typed", test_fields_checked_as_typed);
  g_test_add_func ("/setup/connection-to-a-silent-page", test_connection_to_a_silent_page);
  g_test_add_func ("/setup/connection-failures-at-once", test_connection_failures_at_once);
  g_test_add_func ("/setup/connection-to-the-demo", test_connection_to_the_demo);
  g_test_add_func ("/setup/start-saves-and-opens", test_start_saves_and_opens);
  status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_object_unref (app);
  g_object_unref (demo);
  g_unlink (key_path);
  return status;
}
