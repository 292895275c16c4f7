/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The preferences window under Xvfb: fields write their setting at once
 * when the value passes its check and never when it does not, only the
 * chosen profile's fields are shown, secret files with loose modes and
 * unusable viewer templates are pointed out, the button map is edited as
 * a table, dictation buttons light up as they are pressed (a scripted
 * SpeechMike), and the microphone is chosen from the inputs PortAudio
 * sees and tested with a verdict. */
#include "config.h"

#include "alsa-tone.h"
#include "hid-double.h"
#include "rd-preferences-window.h"
#include "rd-settings-form.h"
#include "screenshot.h"
#include "wait-for.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

static GSettings *settings;

static RdPreferencesWindow *
open_window (void)
{
  g_autoptr(RdStudy) study = rd_study_new ();
  RdPreferencesWindow *window;

  rd_study_set_mrn (study, "MRN-42", NULL);
  rd_study_add_accession (study, "ACC-7", NULL);
  rd_study_set_study_uid (study, "1.2.3.4", NULL);
  window = rd_preferences_window_new (NULL, study, FALSE, NULL);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* The demo ignores the vendor settings, and says so. */
static void
test_demo_notice (void)
{
  RdPreferencesWindow *real = open_window ();
  RdPreferencesWindow *demo = rd_preferences_window_new (NULL, NULL, TRUE, NULL);

  g_assert_false (rd_preferences_window_is_showing_demo_notice (real));
  g_assert_true (rd_preferences_window_is_showing_demo_notice (demo));
  gtk_window_destroy (GTK_WINDOW (real));
  gtk_window_destroy (GTK_WINDOW (demo));
}

static void
type_into (RdPreferencesWindow *window,
           const char          *key,
           const char          *text)
{
  GtkWidget *entry = rd_preferences_window_get_widget (window, key);

  g_assert_true (GTK_IS_ENTRY (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
test_entries_write_settings (void)
{
  RdPreferencesWindow *window = open_window ();
  static const char *cases[][2] = {
    { "vendor-url", "https://app.vendor.example/embed" }, { "token-url", "https://app.vendor.example/token" },
    { "api-key-header", "X-Vendor-Key" }, { "api-key-file", "/etc/reportdock/api-key" },
    { "user-first-name", "Ada" }, { "user-last-name", "Lee" }, { "user-email", "ada.lee@hospital.example" },
    { "default-site-id", "MAIN" }, { "viewer-url-template", "https://pacs.example/v?uid={study_uid}" },
    { "events-url", "https://worklist.example/events" }, { "events-secret-file", "/etc/reportdock/events" },
    { "relay-secret-file", "/etc/reportdock/relay" }, { "image-urls-command", "/usr/bin/true" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *stored = NULL;
      GtkWidget *entry = rd_preferences_window_get_widget (window, cases[i][0]);

      g_test_message ("%s", cases[i][0]);
      type_into (window, cases[i][0], cases[i][1]);
      stored = g_settings_get_string (settings, cases[i][0]);
      g_assert_cmpstr (stored, ==, cases[i][1]);
      g_assert_true (gtk_widget_get_sensitive (entry));   /* not locked */
      g_settings_reset (settings, cases[i][0]);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
    }
  /* and the other way round: a setting shows in its field */
  g_settings_set_string (settings, "user-email", "dr.lee@hospital.example");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (rd_preferences_window_get_widget (window, "user-email"))), ==,
                   "dr.lee@hospital.example");
  g_settings_reset (settings, "user-email");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A value that fails its check is shown with the reason and not saved. */
static void
test_validation (void)
{
  RdPreferencesWindow *window = open_window ();
  g_autofree char *stored = NULL;

  type_into (window, "vendor-url", "https://app.vendor.example/embed");
  type_into (window, "vendor-url", "ftp://app.vendor.example/embed");
  g_assert_nonnull (strstr (rd_preferences_window_get_problem (window, "vendor-url"), "is not an https:// address"));
  type_into (window, "vendor-url", "http://app.vendor.example/embed");
  g_assert_nonnull (strstr (rd_preferences_window_get_problem (window, "vendor-url"), "must be an https:// address"));
  type_into (window, "vendor-url", "ht");
  stored = g_settings_get_string (settings, "vendor-url");
  g_assert_cmpstr (stored, ==, "https://app.vendor.example/embed");   /* the last good one */
  type_into (window, "events-url", "http://worklist.example/events");
  g_assert_nonnull (strstr (rd_preferences_window_get_problem (window, "events-url"), "must be an https://"));
  type_into (window, "events-url", "http://127.0.0.1:9000/events");   /* this computer: fine */
  g_assert_null (rd_preferences_window_get_problem (window, "events-url"));
  type_into (window, "user-email", "nobody");
  g_assert_nonnull (rd_preferences_window_get_problem (window, "user-email"));
  save_screenshot (GTK_WIDGET (window), "preferences-validation");
  g_settings_reset (settings, "vendor-url");
  g_settings_reset (settings, "events-url");
  g_settings_reset (settings, "user-email");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Only the chosen profile's fields. */
static void
test_fields_per_profile (void)
{
  RdPreferencesWindow *window = open_window ();

  g_assert_nonnull (rd_preferences_window_get_widget (window, "vendor-url"));
  g_assert_null (rd_preferences_window_get_widget (window, "api-base-url"));
  g_settings_set_string (settings, "profile", "avara");
  g_assert_null (rd_preferences_window_get_widget (window, "vendor-url"));
  g_assert_nonnull (rd_preferences_window_get_widget (window, "api-base-url"));
  g_assert_nonnull (rd_preferences_window_get_widget (window, "vendor-user-id"));
  type_into (window, "vendor-user-id", "jane");
  g_assert_nonnull (strstr (rd_preferences_window_get_problem (window, "vendor-user-id"), "usr_"));
  g_settings_set_string (settings, "profile", "demo");
  g_assert_null (rd_preferences_window_get_widget (window, "api-base-url"));
  g_settings_reset (settings, "profile");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_choices (void)
{
  RdPreferencesWindow *window = open_window ();
  GtkDropDown *profile = GTK_DROP_DOWN (rd_preferences_window_get_widget (window, "profile"));
  GtkDropDown *record = GTK_DROP_DOWN (rd_preferences_window_get_widget (window, "record-mode"));
  GtkDropDown *mic = GTK_DROP_DOWN (rd_preferences_window_get_widget (window, "mic-check"));
  GtkSpinButton *hold = GTK_SPIN_BUTTON (rd_preferences_window_get_widget (window, "hold-ms"));
  g_autofree char *p = NULL, *r = NULL, *m = NULL;

  g_assert_cmpuint (gtk_drop_down_get_selected (profile), ==, 0);   /* radpair, the default */
  gtk_drop_down_set_selected (profile, 1);
  gtk_drop_down_set_selected (record, 1);
  gtk_drop_down_set_selected (mic, 2);
  gtk_spin_button_set_value (hold, 1200);
  p = g_settings_get_string (settings, "profile");
  r = g_settings_get_string (settings, "record-mode");
  m = g_settings_get_string (settings, "mic-check");
  g_assert_cmpstr (p, ==, "mdai");
  g_assert_cmpstr (r, ==, "push-to-talk");
  g_assert_cmpstr (m, ==, "block");
  g_assert_cmpuint (g_settings_get_uint (settings, "hold-ms"), ==, 1200);
  {
    GtkDropDown *language = GTK_DROP_DOWN (rd_preferences_window_get_widget (window, "app-language"));
    g_autofree char *l = NULL;

    g_assert_cmpuint (gtk_drop_down_get_selected (language), ==, 0);   /* the desktop's */
    gtk_drop_down_set_selected (language, 5);
    l = g_settings_get_string (settings, "app-language");
    g_assert_cmpstr (l, ==, "de");
    save_screenshot (GTK_WIDGET (window), "preferences-vendor-mdai");
    g_settings_reset (settings, "app-language");
  }
  g_settings_set_string (settings, "profile", "avara");
  g_assert_cmpuint (gtk_drop_down_get_selected (profile), ==, 2);
  g_settings_reset (settings, "profile");
  g_settings_reset (settings, "record-mode");
  g_settings_reset (settings, "mic-check");
  g_settings_reset (settings, "hold-ms");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_secret_file_warning (void)
{
  RdPreferencesWindow *window = open_window ();
  g_autofree char *dir = g_dir_make_tmp ("rd-prefs-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "api-key", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-file", NULL);

  g_assert_true (g_file_set_contents (path, "secret\n", -1, NULL));
  g_chmod (path, 0644);
  g_assert_null (rd_preferences_window_get_problem (window, "api-key-file"));
  /* typed: saved (the path is right), and the mode named with its fix */
  type_into (window, "api-key-file", path);
  {
    g_autofree char *stored = g_settings_get_string (settings, "api-key-file");
    g_assert_cmpstr (stored, ==, path);
  }
  g_assert_nonnull (strstr (rd_preferences_window_get_problem (window, "api-key-file"), "chmod 600"));
  g_chmod (path, 0600);
  g_settings_set_string (settings, "api-key-file", "");
  g_settings_set_string (settings, "api-key-file", path);
  g_assert_null (rd_preferences_window_get_problem (window, "api-key-file"));
  g_settings_set_string (settings, "events-secret-file", missing);
  g_assert_nonnull (strstr (rd_preferences_window_get_problem (window, "events-secret-file"), "Cannot read"));
  g_settings_reset (settings, "api-key-file");
  g_settings_reset (settings, "events-secret-file");
  g_unlink (path);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_viewer_preview (void)
{
  RdPreferencesWindow *window = open_window ();

  g_assert_nonnull (strstr (rd_preferences_window_get_viewer_preview (window), "hidden"));
  g_settings_set_string (settings, "viewer-url-template", "https://pacs.example/viewer?StudyInstanceUIDs={study_uid}");
  g_assert_nonnull (strstr (rd_preferences_window_get_viewer_preview (window),
                            "https://pacs.example/viewer?StudyInstanceUIDs=1.2.3.4"));
  g_assert_nonnull (strstr (rd_preferences_window_get_viewer_preview (window), "MRN-42"));
  rd_preferences_window_show_page (window, "viewer");
  save_screenshot (GTK_WIDGET (window), "preferences-viewer");
  g_settings_set_string (settings, "viewer-url-template", "https://pacs.example/{nonsense}");
  g_assert_nonnull (strstr (rd_preferences_window_get_viewer_preview (window), "Not usable"));
  /* typed, an unusable template is named and not saved */
  type_into (window, "viewer-url-template", "https://pacs.example/viewer?uid={study}");
  g_assert_nonnull (strstr (rd_preferences_window_get_problem (window, "viewer-url-template"), "{study}"));
  {
    g_autofree char *stored = g_settings_get_string (settings, "viewer-url-template");
    g_assert_cmpstr (stored, ==, "https://pacs.example/{nonsense}");
  }
  g_settings_reset (settings, "viewer-url-template");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_button_map_editor (void)
{
  RdPreferencesWindow *window = open_window ();
  RdButtonMapEditor *editor = rd_preferences_window_get_button_map (window);
  g_autoptr(GVariant) map = NULL;
  const char *action;

  g_assert_true (rd_button_map_editor_select (editor, "F3_C", "save-report"));
  g_assert_true (rd_button_map_editor_select (editor, "EOL_PRIO:hold", "sign-report"));
  g_assert_true (rd_button_map_editor_select (editor, "INSTR", "none"));
  map = g_settings_get_value (settings, "button-map");
  g_assert_true (g_variant_lookup (map, "F3_C", "&s", &action));
  g_assert_cmpstr (action, ==, "save-report");
  g_assert_true (g_variant_lookup (map, "EOL_PRIO:hold", "&s", &action));
  g_assert_cmpstr (action, ==, "sign-report");
  g_assert_true (g_variant_lookup (map, "INSTR", "&s", &action));
  g_assert_cmpstr (action, ==, "none");
  g_clear_pointer (&map, g_variant_unref);
  /* a short press never signs */
  g_assert_false (rd_button_map_editor_select (editor, "RECORD", "sign-report"));
  /* back to the default: the entry goes */
  g_assert_true (rd_button_map_editor_select (editor, "F3_C", ""));
  map = g_settings_get_value (settings, "button-map");
  g_assert_false (g_variant_lookup (map, "F3_C", "&s", &action));
  /* a change made elsewhere shows */
  g_settings_set_value (settings, "button-map", g_variant_new_parsed ("{'STOP': 'next-field'}"));
  g_assert_cmpuint (gtk_drop_down_get_selected (rd_button_map_editor_get_choice (editor, "INSTR")), ==, 0);
  g_assert_cmpuint (gtk_drop_down_get_selected (rd_button_map_editor_get_choice (editor, "STOP")), >, 1);
  rd_preferences_window_show_page (window, "dictation");
  save_screenshot (GTK_WIDGET (window), "preferences-dictation");
  g_settings_reset (settings, "button-map");
  gtk_window_destroy (GTK_WINDOW (window));
}

#define SM "/dev/hidraw-test-speechmike"

static void
test_button_tester (void)
{
  HidDouble *hid = hid_double_new ();
  g_autoptr(RdDeviceMonitor) monitor = rd_device_monitor_new (hid_double_backend (hid));
  RdPreferencesWindow *window = rd_preferences_window_new (NULL, NULL, FALSE, monitor);
  RdDeviceTester *tester = rd_preferences_window_get_device_tester (window);
  guint8 record_down[9] = { 0x80, 0, 0, 0, 0, 0, 0, 0x00, 0x01 };
  guint8 all_up[9] = { 0x80, 0, 0, 0, 0, 0, 0, 0, 0 };

  gtk_window_present (GTK_WINDOW (window));
  g_assert_nonnull (strstr (rd_device_tester_get_devices (tester), "No dictation device"));
  rd_device_monitor_start (monitor);
  hid_double_plug (hid, SM, 0x0911, 0x0c1c, 0xffa0, 1);
  WAIT_FOR (strstr (rd_device_tester_get_devices (tester), "SpeechMike") != NULL, 10);
  hid_double_send (hid, SM, record_down, sizeof record_down);
  WAIT_FOR (rd_device_tester_is_lit (tester, "RECORD"), 10);
  g_assert_nonnull (strstr (rd_device_tester_get_last (tester), "Record on SpeechMike"));
  rd_preferences_window_show_page (window, "dictation");
  save_screenshot (GTK_WIDGET (window), "preferences-button-tester");
  hid_double_send (hid, SM, all_up, sizeof all_up);
  WAIT_FOR (!rd_device_tester_is_lit (tester, "RECORD"), 10);
  hid_double_unplug (hid, SM);
  WAIT_FOR (strstr (rd_device_tester_get_devices (tester), "No dictation device") != NULL, 10);
  rd_device_monitor_stop (monitor);
  gtk_window_destroy (GTK_WINDOW (window));
  hid_double_free (hid);
}

/* The inputs PortAudio sees, and a test with a verdict in words. */
static void
test_microphone (void)
{
  RdPreferencesWindow *window = open_window ();
  RdMicTester *mic = rd_preferences_window_get_mic_tester (window);
  GtkDropDown *inputs = rd_mic_tester_get_inputs (mic);
  g_autofree char *stored = NULL;

  WAIT_FOR (rd_mic_tester_is_listed (mic), 30);
  g_assert_cmpuint (gtk_drop_down_get_selected (inputs), ==, 0);   /* automatic */
  /* the default input is the tone: heard, and called good */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (inputs)), >, 1);
  rd_mic_tester_run (mic);
  WAIT_FOR (!g_str_has_prefix (rd_mic_tester_get_verdict (mic), "Listening"), 30);
  g_test_message ("verdict: %s (peak %.0f)", rd_mic_tester_get_verdict (mic), rd_mic_tester_get_peak (mic));
  g_assert_cmpfloat (rd_mic_tester_get_peak (mic), >, 40);   /* above −40 dBFS */
  g_assert_null (strstr (rd_mic_tester_get_verdict (mic), "No microphone"));
  rd_preferences_window_show_page (window, "microphone");
  save_screenshot (GTK_WIDGET (window), "preferences-microphone");
  /* a microphone named in the setting but not here stays chosen */
  g_settings_set_string (settings, "mic-device", "No Such Microphone");
  g_assert_cmpstr (gtk_string_object_get_string (GTK_STRING_OBJECT (gtk_drop_down_get_selected_item (inputs))), ==,
                   "No Such Microphone");
  rd_mic_tester_run (mic);
  WAIT_FOR (!g_str_has_prefix (rd_mic_tester_get_verdict (mic), "Listening"), 30);
  g_test_message ("verdict: %s", rd_mic_tester_get_verdict (mic));
  g_assert_cmpstr (rd_mic_tester_get_verdict (mic), !=, "");
  gtk_drop_down_set_selected (inputs, 0);
  stored = g_settings_get_string (settings, "mic-device");
  g_assert_cmpstr (stored, ==, "");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Commands are typed as in a terminal and saved as their words; numbers,
 * switches and choices write their setting at once. */
static void
test_commands_and_options (void)
{
  RdPreferencesWindow *window = open_window ();
  GtkWidget *command = rd_preferences_window_get_widget (window, "viewer-command");
  const char * const words[] = { "/opt/viewer/open-study", "Study A", "--uid={study_uid}", NULL };
  g_auto(GStrv) saved = NULL;
  g_autofree char *profile = NULL;

  g_assert_true (GTK_IS_ENTRY (command));
  type_into (window, "viewer-command", "/opt/viewer/open-study 'Study A' --uid={study_uid}");
  saved = g_settings_get_strv (settings, "viewer-command");
  g_assert_true (g_strv_equal ((const char * const *) saved, words));
  g_assert_null (rd_preferences_window_get_problem (window, "viewer-command"));
  /* half-typed: the message says why, the saved command stays */
  type_into (window, "viewer-command", "/opt/viewer/open-study 'Study");
  g_assert_nonnull (strstr (rd_preferences_window_get_problem (window, "viewer-command"), "not a command"));
  g_clear_pointer (&saved, g_strfreev);
  saved = g_settings_get_strv (settings, "viewer-command");
  g_assert_true (g_strv_equal ((const char * const *) saved, words));
  /* set elsewhere (dconf): shown as one would type it */
  g_settings_set_strv (settings, "viewer-close-command", (const char * const[]) { "close", "a b", "{mrn}", NULL });
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (rd_preferences_window_get_widget (window, "viewer-close-command"))),
                   ==, "close 'a b' {mrn}");

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (rd_preferences_window_get_widget (window, "events-give-up-hours")), 48);
  g_assert_cmpuint (g_settings_get_uint (settings, "events-give-up-hours"), ==, 48);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (rd_preferences_window_get_widget (window, "viewer-command-timeout")), 0);
  g_assert_cmpuint (g_settings_get_uint (settings, "viewer-command-timeout"), ==, 1);   /* the schema's least */
  gtk_switch_set_active (GTK_SWITCH (rd_preferences_window_get_widget (window, "start-at-login")), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "start-at-login"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (rd_preferences_window_get_widget (window, "viewer-profile")), 1);
  profile = g_settings_get_string (settings, "viewer-profile");
  g_assert_cmpstr (profile, ==, "ohif");
  rd_preferences_window_show_page (window, "viewer");
  save_screenshot (GTK_WIDGET (window), "preferences-viewer-commands");
  rd_preferences_window_show_page (window, "events");
  save_screenshot (GTK_WIDGET (window), "preferences-worklist");

  for (guint i = 0; i < 6; i++)
    g_settings_reset (settings, (const char *[]) { "viewer-command", "viewer-close-command", "events-give-up-hours",
                                                   "viewer-command-timeout", "start-at-login", "viewer-profile" }[i]);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Messages for the window name a setting by its label too. */
static void
test_messages_name_labels (void)
{
  static const char *cases[][2] = {
    { "check vendor-url, then reload", "check “Reporting app address” (vendor-url), then reload" },
    { "events-url is set but events-secret-file is not",
      "“Webhook address” (events-url) is set but “Webhook secret file” (events-secret-file) is not" },
    { "or set mic-device.", "or set “Microphone” (mic-device)." },
    { "my-vendor-url and vendor-urls stay", "my-vendor-url and vendor-urls stay" },
    { "no setting here", "no setting here" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *labelled = rd_settings_labelled (cases[i][0]);

      g_assert_cmpstr (labelled, ==, cases[i][1]);
    }
  g_assert_null (rd_settings_labelled (NULL));
}

/* Every setting can be made in Preferences (for the profile that reads
 * it), or its row in the admin guide's Configuration table says why it is
 * not there. */
static void
test_every_setting (void)
{
  static const char *profiles[] = { "radpair", "mdai", "avara" };
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;
  g_autoptr(GHashTable) shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *readme_path = g_test_build_filename (G_TEST_DIST, "..", "docs", "admin-guide.md", NULL);
  g_autofree char *readme = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) wrong = g_string_new (NULL);

  g_assert_true (g_file_get_contents (readme_path, &readme, NULL, NULL));
  lines = g_strsplit (readme, "\n", -1);
  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint p = 0; p < G_N_ELEMENTS (profiles); p++)
    {
      RdPreferencesWindow *window;

      g_settings_set_string (settings, "profile", profiles[p]);
      window = open_window ();
      for (guint i = 0; keys[i] != NULL; i++)
        {
          GtkWidget *widget = rd_preferences_window_get_widget (window, keys[i]);

          if (widget == NULL)
            continue;
          /* named and reachable: a label or an accessible name says what it is */
          g_assert_true (gtk_widget_get_focusable (widget) || gtk_widget_get_first_child (widget) != NULL);
          g_hash_table_add (shown, g_strdup (keys[i]));
        }
      gtk_window_destroy (GTK_WINDOW (window));
    }
  g_settings_reset (settings, "profile");

  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *quoted = g_strdup_printf ("`%s`", keys[i]);
      const char *row = NULL;

      for (guint l = 0; lines[l] != NULL && row == NULL; l++)
        if (g_str_has_prefix (lines[l], "| ") && strstr (lines[l], quoted) != NULL &&
            strstr (lines[l], quoted) < strstr (lines[l] + 1, " | "))
          row = lines[l];
      g_test_message ("%s: %s", keys[i], g_hash_table_contains (shown, keys[i]) ? "in Preferences" : "not");
      if (row == NULL)
        g_string_append_printf (wrong, " %s: no row in the admin guide's Configuration table;", keys[i]);
      else if (!g_hash_table_contains (shown, keys[i]) && strstr (row, "Not in Preferences:") == NULL)
        g_string_append_printf (wrong, " %s: not in Preferences, and its admin guide row does not say why;", keys[i]);
      else if (g_hash_table_contains (shown, keys[i]) && strstr (row, "Not in Preferences:") != NULL)
        g_string_append_printf (wrong, " %s: in Preferences, yet its admin guide row says it is not;", keys[i]);
    }
  if (wrong->len > 0)
    g_error ("%s", wrong->str);
}

int
main (int argc, char *argv[])
{
  /* PortAudio 19.6's ALSA set-up reads uninitialised memory, which meson's
   * MALLOC_PERTURB_ turns into a stalled capture: run without it */
  if (g_strcmp0 (g_getenv ("MALLOC_PERTURB_"), "0") != 0 && g_getenv ("MALLOC_PERTURB_") != NULL)
    {
      g_setenv ("MALLOC_PERTURB_", "0", TRUE);
      execv ("/proc/self/exe", argv);
    }
  g_test_init (&argc, &argv, NULL);
  setup_alsa_tone ();
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("no display: run under Xvfb (see README)");
      return g_test_run ();
    }
  gtk_init ();
  settings = g_settings_new (APP_ID);
  g_test_add_func ("/preferences/entries-write-settings", test_entries_write_settings);
  g_test_add_func ("/preferences/validation", test_validation);
  g_test_add_func ("/preferences/fields-per-profile", test_fields_per_profile);
  g_test_add_func ("/preferences/button-map-editor", test_button_map_editor);
  g_test_add_func ("/preferences/button-tester", test_button_tester);
  g_test_add_func ("/preferences/microphone", test_microphone);
  g_test_add_func ("/preferences/choices", test_choices);
  g_test_add_func ("/preferences/secret-file-warning", test_secret_file_warning);
  g_test_add_func ("/preferences/viewer-preview", test_viewer_preview);
  g_test_add_func ("/preferences/demo-notice", test_demo_notice);
  g_test_add_func ("/preferences/every-setting", test_every_setting);
  g_test_add_func ("/preferences/messages-name-labels", test_messages_name_labels);
  g_test_add_func ("/preferences/commands-and-options", test_commands_and_options);
  return g_test_run ();
}
