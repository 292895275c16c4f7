/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-error.h"
#include "rd-profile.h"

#include <glib/gstdio.h>
#include <string.h>

static void
test_builtin_profiles (void)
{
  const char *names[] = { "radpair", "demo" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RdProfile) profile = rd_profile_load (names[i], NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (rd_profile_get_name (profile), ==, names[i]);
      g_assert_cmpstr (rd_profile_get_kind (profile), ==, "iframe");
      g_assert_cmpstr (rd_profile_get_message (profile, RD_PROFILE_MSG_APP_READY), ==, "app_ready");
      g_assert_cmpstr (rd_profile_get_message (profile, RD_PROFILE_MSG_OPEN_REPORT), ==, "open_report");
      g_assert_cmpstr (rd_profile_get_token_field (profile), ==, "token");
      g_assert_cmpstr (rd_profile_get_api_key_header (profile), ==, "x-api-key");
      g_assert_cmpstr (rd_profile_get_user_field (profile, "email"), ==, "user_email");
      g_assert_cmpuint (rd_profile_get_sign_in_timeout_ms (profile), ==, 15000);
      g_assert_cmpint (rd_profile_get_default_token_lifetime (profile), ==, 86400);
      g_assert_true (rd_profile_has_command (profile, "toggle_recording"));
      g_assert_true (rd_profile_has_command (profile, "toggle_insert_overwrite"));
      g_assert_false (rd_profile_has_command (profile, "format_disk"));
      g_assert_cmpuint (g_strv_length ((char **) rd_profile_get_commands (profile)), ==, 12);
    }
}

static void
test_unknown_and_bad_names (void)
{
  const char *bad[] = { "nosuch", "../etc/passwd", "", "RADPAIR", "a b" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RdProfile) profile = rd_profile_load (bad[i], NULL, &error);

      g_assert_null (profile);
      g_assert_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE);
    }
}

static void
test_site_override (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rd-profile-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "radpair.json", NULL);
  g_autoptr(GBytes) builtin = g_resources_lookup_data ("/io/github/reportdock/ReportDock/profiles/radpair.json", 0, NULL);
  g_autoptr(GString) text = g_string_new_len (g_bytes_get_data (builtin, NULL), g_bytes_get_size (builtin));
  const char *dirs[] = { "/nonexistent-dir", dir, NULL };
  g_autoptr(RdProfile) profile = NULL;
  g_autoptr(RdProfile) broken = NULL;

  g_string_replace (text, "\"x-api-key\"", "\"X-Site-Key\"", 1);
  g_assert_true (g_file_set_contents (path, text->str, -1, &error));
  profile = rd_profile_load ("radpair", dirs, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rd_profile_get_api_key_header (profile), ==, "X-Site-Key");

  /* a broken site copy is an error naming the file, not a silent fallback */
  g_assert_true (g_file_set_contents (path, "{ nope", -1, &error));
  broken = rd_profile_load ("radpair", dirs, &error);
  g_assert_null (broken);
  g_assert_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE);
  g_assert_nonnull (strstr (error->message, path));
  g_unlink (path);
  g_rmdir (dir);
}

static void
assert_invalid (const char *json,
                const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdProfile) profile = rd_profile_new_from_data (json, -1, &error);

  g_assert_null (profile);
  g_assert_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE);
  if (strstr (error->message, fragment) == NULL)
    g_error ("expected \"%s\" in \"%s\"", fragment, error->message);
}

static void
test_invalid_profiles (void)
{
  g_autoptr(GBytes) builtin = g_resources_lookup_data ("/io/github/reportdock/ReportDock/profiles/radpair.json", 0, NULL);
  const char *good = g_bytes_get_data (builtin, NULL);
  struct { const char *from, *to, *fragment; } edits[] = {
    { "\"app_ready\": \"app_ready\",", "", "messages.app_ready" },
    { "\"authenticate\": \"authenticate\"", "\"authenticate\": 7", "messages.authenticate" },
    { "\"api_key_header\": \"x-api-key\"", "\"api_key_header\": \"\"", "token.api_key_header" },
    { "\"sign_in_timeout_ms\": 15000", "\"sign_in_timeout_ms\": -1", "sign_in_timeout_ms" },
    { "\"default_lifetime_s\": 86400", "\"default_lifetime_s\": \"long\"", "default_lifetime_s" },
    { "\"response_token_fields\": [\"access_token\", \"token\"]", "\"response_token_fields\": []", "response_token_fields" },
    { "\"toggle_recording\",", "17,", "commands" },
    { "\"name\": \"radpair\",", "", "\"name\"" },
    { "\"kind\": \"iframe\"", "\"kind\": \"telepathy\"", "kind" },
    { "\"kind\": \"iframe\",", "", "\"kind\"" },
  };

  assert_invalid ("", "JSON object");
  assert_invalid ("{ \"name\": ", "not valid JSON");
  assert_invalid ("[1, 2]", "JSON object");
  assert_invalid ("{}", "\"name\"");
  assert_invalid ("{\"name\":\"x\",\"title\":\"X\",\"kind\":\"iframe\",\"messages\":[]}", "\"messages\" must be an object");

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autoptr(GString) text = g_string_new (good);

      g_assert_cmpuint (g_string_replace (text, edits[i].from, edits[i].to, 1), ==, 1);
      assert_invalid (text->str, edits[i].fragment);
    }
}

/* Each profile says which launch keys its vendor takes, under which name
 * and in which date form; a key it does not take is not sent. */
static void
test_launch_keys (void)
{
  g_autoptr(RdProfile) mdai = rd_profile_load ("mdai", NULL, NULL);
  g_autoptr(RdProfile) avara = rd_profile_load ("avara", NULL, NULL);
  g_autoptr(RdProfile) radpair = rd_profile_load ("radpair", NULL, NULL);
  g_autoptr(RdStudy) study = rd_study_new ();
  g_autoptr(JsonObject) tags = NULL, fields = NULL, metadata = NULL;
  g_autoptr(GError) error = NULL;
  const char *bad[] = {
    "{\"name\":\"x\",\"title\":\"X\",\"kind\":\"launch-link\"}",
    "{\"name\":\"x\",\"title\":\"X\",\"kind\":\"launch-link\",\"launch_keys\":[]}",
    "{\"name\":\"x\",\"title\":\"X\",\"kind\":\"launch-link\",\"launch_keys\":{\"colour\":\"Colour\"}}",
    "{\"name\":\"x\",\"title\":\"X\",\"kind\":\"launch-link\",\"launch_keys\":{\"modality\":\"\"}}",
    "{\"name\":\"x\",\"title\":\"X\",\"kind\":\"reroute-url\",\"launch_keys\":"
      "{\"study_date\":{\"name\":\"d\",\"format\":\"DD.MM.YYYY\"}}}",
  };

  g_assert_true (rd_study_set_mrn (study, "M", NULL));
  g_assert_true (rd_study_add_accession (study, "A", NULL));
  g_assert_true (rd_study_set_meta (study, "patient_name", "Doe^Jane", NULL));
  g_assert_true (rd_study_set_meta (study, "patient_birth_date", "19620314", NULL));
  g_assert_true (rd_study_set_meta (study, "patient_gender", "F", NULL));
  g_assert_true (rd_study_set_meta (study, "patient_sex", "O", NULL));
  g_assert_true (rd_study_set_meta (study, "clinical_notes", "Rule out PE", NULL));
  g_assert_true (rd_study_set_meta (study, "laterality", "L", NULL));

  tags = rd_profile_map_launch_keys (mdai, study);
  g_assert_cmpstr (json_object_get_string_member (tags, "PatientName"), ==, "Doe^Jane");
  g_assert_cmpstr (json_object_get_string_member (tags, "PatientBirthDate"), ==, "03141962");
  g_assert_cmpstr (json_object_get_string_member (tags, "PatientSex"), ==, "O");   /* the first given wins */
  g_assert_cmpstr (json_object_get_string_member (tags, "ReasonForExam"), ==, "Rule out PE");
  g_assert_false (json_object_has_member (tags, "laterality"));   /* not MD.ai's */
  fields = rd_profile_map_launch_keys (avara, study);
  g_assert_cmpstr (json_object_get_string_member (fields, "dateOfBirth"), ==, "1962-03-14");
  g_assert_cmpstr (json_object_get_string_member (fields, "patientName"), ==, "Doe^Jane");
  metadata = rd_profile_map_launch_keys (radpair, study);
  g_assert_cmpstr (json_object_get_string_member (metadata, "laterality"), ==, "L");
  g_assert_false (json_object_has_member (metadata, "patient_name"));   /* not RADPAIR's */

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(RdProfile) p = rd_profile_new_from_data (bad[i], -1, &error);

      g_assert_null (p);
      g_assert_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE);
      g_assert_nonnull (strstr (error->message, "launch_keys"));
      g_clear_error (&error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/profile/builtin", test_builtin_profiles);
  g_test_add_func ("/profile/unknown", test_unknown_and_bad_names);
  g_test_add_func ("/profile/site-override", test_site_override);
  g_test_add_func ("/profile/invalid", test_invalid_profiles);
  g_test_add_func ("/profile/launch-keys", test_launch_keys);
  return g_test_run ();
}
