/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a text setting may hold, as the assistant and Preferences check it
 * before saving. */
#include "config.h"

#include "rd-error.h"
#include "rd-setting-check.h"

#include <string.h>

typedef struct {
  const char *key;
  const char *value;
  const char *error;   /* NULL: accepted; else a part of the message */
} Case;

static void
test_values (void)
{
  static const Case cases[] = {
    { "vendor-url", "", NULL },                                /* required-ness is the profile's */
    { "vendor-url", "https://app.vendor.example/embed", NULL },
    { "vendor-url", "http://127.0.0.1:8080/app", NULL },      /* loopback may be http */
    { "vendor-url", "http://localhost/app", NULL },
    { "vendor-url", "http://vendor.example/app", "must be an https:// address" },
    { "vendor-url", "ftp://vendor.example/app", "is not an https:// address" },
    { "vendor-url", "vendor.example/app", "is not an https:// address" },
    { "token-url", "https:///token", "is not an https:// address" },
    { "api-base-url", "https://api.vendor.example/v1", NULL },
    { "events-url", "http://10.0.0.5/hook", "must be an https:// address" },
    { "user-email", "dr.lee@hospital.example", NULL },
    { "user-email", "dr.lee", "is not an e-mail address" },
    { "user-email", "@hospital.example", "is not an e-mail address" },
    { "user-email", "dr lee@hospital.example", "is not an e-mail address" },
    { "user-email", "a@b@hospital.example", "is not an e-mail address" },
    { "user-email", "dr.lee@localhost", "is not an e-mail address" },
    { "api-key-header", "X-API-Key", NULL },
    { "api-key-header", "X API Key", "is not an HTTP header name" },
    { "api-key-header", "X-Key:", "is not an HTTP header name" },
    { "default-site-id", "MAIN-1", NULL },
    { "default-site-id", "a;b", "site" },
    { "vendor-user-id", "usr_abc123", NULL },
    { "vendor-user-id", "abc123", "is not an Avara user id" },
    { "api-key-file", "/etc/reportdock/key", NULL },
    { "api-key-file", "~/.config/reportdock/key", NULL },
    { "api-key-file", "key.txt", "is not a full path" },
    { "events-secret-file", "secret", "is not a full path" },
    { "viewer-url-template", "https://pacs.example/viewer?StudyInstanceUIDs={study_uid}", NULL },
    { "viewer-url-template", "http://127.0.0.1:8042/viewer?uid={study_uid}&site={site}", NULL },
    { "viewer-url-template", "https://pacs.example/viewer?uid={study}", "unknown placeholder {study}" },
    { "viewer-url-template", "https://pacs.example/viewer?uid={study_uid", "without '}'" },
    { "viewer-url-template", "http://pacs.example/viewer?uid={study_uid}", "must be an https:// address" },
    { "user-first-name", "Jane", NULL },
    { "user-first-name", "Jane\nX-Injected: 1", "one line" },
    /* commands: words as in a terminal, run without a shell */
    { "viewer-command", "/opt/viewer/bin/open-study --study={study_uid}", NULL },
    { "viewer-command", "open-study 'Study {accession}' {mrn}", NULL },
    { "viewer-command", "open-study 'unclosed", "not a command" },
    { "viewer-command", "open-study --uid={study}", "unknown placeholder {study}" },
    { "viewer-close-command", "close-study {study_uid}", NULL },
    { "image-urls-command", "/usr/local/bin/study-urls --site=MAIN", NULL },
    { "image-urls-command", "study-urls \"MAIN", "not a command" },
    { "viewer-uri-template", "weasis://%24dicom%3Ars+-r+%22studyUID%3D{study_uid}%22", NULL },
    { "viewer-uri-template", "javascript:alert({mrn})", "must start with a viewer's scheme" },
    { "viewer-uri-template", "weasis://{nope}", "unknown placeholder {nope}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = rd_setting_check (cases[i].key, cases[i].value, &error);

      g_test_message ("%s = %s", cases[i].key, cases[i].value);
      if (cases[i].error == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_nonnull (error);
          g_assert_nonnull (strstr (error->message, cases[i].error));
        }
    }
}

/* Each profile asks for what it reads, and for everything it requires. */
static void
test_keys_per_profile (void)
{
  static const char *names[] = { "radpair", "mdai", "avara" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RdProfile) profile = rd_profile_load (names[i], NULL, &error);
      const char * const *keys;
      const char * const *required;

      g_assert_no_error (error);
      keys = rd_setting_keys_for (profile);
      required = rd_profile_get_required_settings (profile);
      for (guint k = 0; required[k] != NULL; k++)
        g_assert_true (g_strv_contains (keys, required[k]));
      g_assert_true (g_strv_contains (keys, "api-key-file"));
    }
  g_assert_true (rd_setting_is_secret_file ("api-key-file"));
  g_assert_false (rd_setting_is_secret_file ("user-email"));
  g_assert_true (rd_setting_is_command ("viewer-command"));
  g_assert_false (rd_setting_is_command ("viewer-url-template"));
}

/* Options beyond signing in: MD.ai's link parameters for MD.ai alone. */
static void
test_options_per_profile (void)
{
  g_autoptr(RdProfile) mdai = rd_profile_load ("mdai", NULL, NULL);
  g_autoptr(RdProfile) radpair = rd_profile_load ("radpair", NULL, NULL);

  g_assert_true (g_strv_contains (rd_setting_options_for (mdai), "app-language"));
  g_assert_true (g_strv_contains (rd_setting_options_for (mdai), "qr-code-size"));
  g_assert_false (g_strv_contains (rd_setting_options_for (radpair), "app-language"));
  g_assert_true (g_strv_contains (rd_setting_options_for (radpair), "ephemeral-session"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/setting-check/values", test_values);
  g_test_add_func ("/setting-check/keys-per-profile", test_keys_per_profile);
  g_test_add_func ("/setting-check/options-per-profile", test_options_per_profile);
  return g_test_run ();
}
