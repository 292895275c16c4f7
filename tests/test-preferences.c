/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The preferences window under Xvfb: each field writes its setting at
 * once, settings show in the fields, secret files with loose modes and
 * unusable viewer templates are pointed out. */
#include "config.h"

#include "rd-preferences-window.h"
#include "screenshot.h"

#include <glib/gstdio.h>
#include <string.h>

static GSettings *settings;

static RdPreferencesWindow *
open_window (void)
{
  g_autoptr(RdStudy) study = rd_study_new ();
  RdPreferencesWindow *window;

  rd_study_set_mrn (study, "MRN-42", NULL);
  rd_study_add_accession (study, "ACC-7", NULL);
  rd_study_set_study_uid (study, "1.2.3.4", NULL);
  window = rd_preferences_window_new (NULL, study, FALSE);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* The demo ignores the vendor settings, and says so. */
static void
test_demo_notice (void)
{
  RdPreferencesWindow *real = open_window ();
  RdPreferencesWindow *demo = rd_preferences_window_new (NULL, NULL, TRUE);

  g_assert_false (rd_preferences_window_is_showing_demo_notice (real));
  g_assert_true (rd_preferences_window_is_showing_demo_notice (demo));
  gtk_window_destroy (GTK_WINDOW (real));
  gtk_window_destroy (GTK_WINDOW (demo));
}

static void
test_entries_write_settings (void)
{
  RdPreferencesWindow *window = open_window ();
  static const char *keys[] = { "vendor-url", "token-url", "api-key-header", "api-base-url", "api-key-file",
                                "user-first-name", "user-last-name", "user-email", "vendor-user-id",
                                "app-language", "default-site-id", "viewer-url-template", "events-url",
                                "events-secret-file", "relay-secret-file", "image-urls-command", "mic-device" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkWidget *entry = rd_preferences_window_get_widget (window, keys[i]);
      g_autofree char *value = g_strdup_printf ("value-of-%s", keys[i]);
      g_autofree char *stored = NULL;

      g_assert_true (GTK_IS_ENTRY (entry));
      gtk_editable_set_text (GTK_EDITABLE (entry), value);
      stored = g_settings_get_string (settings, keys[i]);
      g_assert_cmpstr (stored, ==, value);
      g_assert_true (gtk_widget_get_sensitive (entry));   /* not locked */
      g_settings_reset (settings, keys[i]);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
    }
  /* and the other way round: a setting shows in its field */
  g_settings_set_string (settings, "user-email", "dr.lee@hospital.example");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (rd_preferences_window_get_widget (window, "user-email"))), ==,
                   "dr.lee@hospital.example");
  g_settings_reset (settings, "user-email");
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
  g_assert_null (rd_preferences_window_get_file_warning (window, "api-key-file"));
  g_settings_set_string (settings, "api-key-file", path);
  g_assert_nonnull (strstr (rd_preferences_window_get_file_warning (window, "api-key-file"), "chmod 600"));
  g_chmod (path, 0600);
  g_settings_set_string (settings, "api-key-file", "");
  g_settings_set_string (settings, "api-key-file", path);
  g_assert_null (rd_preferences_window_get_file_warning (window, "api-key-file"));
  g_settings_set_string (settings, "events-secret-file", missing);
  g_assert_nonnull (strstr (rd_preferences_window_get_file_warning (window, "events-secret-file"), "cannot be read"));
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
  gtk_stack_set_visible_child_name (GTK_STACK (gtk_widget_get_parent (gtk_widget_get_parent (
                                      rd_preferences_window_get_widget (window, "viewer-url-template")))), "viewer");
  save_screenshot (GTK_WIDGET (window), "preferences-viewer");
  g_settings_set_string (settings, "viewer-url-template", "https://pacs.example/{nonsense}");
  g_assert_nonnull (strstr (rd_preferences_window_get_viewer_preview (window), "Not usable"));
  g_settings_reset (settings, "viewer-url-template");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("no display: run under Xvfb (see README)");
      return g_test_run ();
    }
  gtk_init ();
  settings = g_settings_new (APP_ID);
  g_test_add_func ("/preferences/entries-write-settings", test_entries_write_settings);
  g_test_add_func ("/preferences/choices", test_choices);
  g_test_add_func ("/preferences/secret-file-warning", test_secret_file_warning);
  g_test_add_func ("/preferences/viewer-preview", test_viewer_preview);
  g_test_add_func ("/preferences/demo-notice", test_demo_notice);
  return g_test_run ();
}
