/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-error.h"
#include "rd-viewer-profile.h"

#include <glib/gstdio.h>
#include <string.h>

static const char ohif_uid[] = "2.25.31415926535897932384626433832791";

static void
test_builtin_profiles (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdViewerProfile) generic = rd_viewer_profile_load ("generic", NULL, &error);
  g_autoptr(RdViewerProfile) ohif = NULL;
  g_autofree char *cue = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (rd_viewer_profile_get_name (generic), ==, "generic");
  g_assert_false (rd_viewer_profile_switches_in_page (generic));
  g_assert_false (rd_viewer_profile_has_shown_cue (generic));
  g_assert_null (rd_viewer_profile_shown_cue_json (generic));

  ohif = rd_viewer_profile_load ("ohif", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (rd_viewer_profile_switches_in_page (ohif));
  g_assert_true (rd_viewer_profile_has_shown_cue (ohif));
  cue = rd_viewer_profile_shown_cue_json (ohif);
  g_assert_cmpstr (cue, ==, "{\"event\":\"CORNERSTONE_STACK_NEW_IMAGE\",\"detail\":\"imageId\","
                            "\"then\":\"CORNERSTONE_IMAGE_RENDERED\",\"missing\":\"/studies/{study_uid}/series\"}");
}

/* A site's own copy wins; bad names never reach the file system. */
static void
test_load (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rd-viewers-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ohif.json", NULL);
  const char *dirs[] = { dir, NULL };
  const char *bad[] = { "nosuch", "../etc/passwd", "", "OHIF", "a b", NULL };
  g_autoptr(RdViewerProfile) own = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "{\"name\": \"ohif\", \"switch\": \"reload\"}", -1, NULL));
  own = rd_viewer_profile_load ("ohif", dirs, &error);
  g_assert_no_error (error);
  g_assert_false (rd_viewer_profile_switches_in_page (own));

  g_assert_true (g_file_set_contents (path, "{\"name\": ", -1, NULL));
  g_assert_null (rd_viewer_profile_load ("ohif", dirs, &error));
  g_assert_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE);
  /* the admin learns which file */
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_assert_null (rd_viewer_profile_load (bad[i], dirs, &error));
      g_assert_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE);
      g_assert_nonnull (strstr (error->message, "generic or ohif"));
      g_clear_error (&error);
    }
  g_assert_null (rd_viewer_profile_load (NULL, NULL, &error));
  g_assert_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE);
  g_clear_error (&error);
  g_unlink (path);
  g_rmdir (dir);
}

/* Every malformed profile is refused, saying what is wrong. */
static void
test_malformed (void)
{
  static const struct { const char *json; const char *says; } cases[] = {
    { "", "not JSON" },
    { "{", "not JSON" },
    { "[]", "not a JSON object" },
    { "\"ohif\"", "not a JSON object" },
    { "{}", "\"name\" is missing" },
    { "{\"name\": 3}", "\"name\" must be a non-empty string" },
    { "{\"name\": \"\"}", "\"name\" must be a non-empty string" },
    { "{\"name\": \"x\", \"switch\": \"teleport\"}", "\"switch\" must be" },
    { "{\"name\": \"x\", \"switch\": true}", "\"switch\" must be a non-empty string" },
    { "{\"name\": \"x\", \"switch\": \"in-page\"}", "needs \"shown\"" },
    { "{\"name\": \"x\", \"shown\": []}", "\"shown\" must be an object" },
    { "{\"name\": \"x\", \"shown\": {\"event\": \"E\"}}", "\"detail\"" },
    { "{\"name\": \"x\", \"shown\": {\"detail\": \"imageId\"}}", "\"event\"" },
    { "{\"name\": \"x\", \"shown\": {\"event\": \"E\", \"detail\": 1}}", "\"detail\" must be" },
    { "{\"name\": \"x\", \"missing_path\": \"/studies/series\"}", "must hold {study_uid}" },
    { "{\"name\": \"x\", \"missing_path\": {}}", "\"missing_path\" must be" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      RdViewerProfile *profile = rd_viewer_profile_new_from_data (cases[i].json, -1, &error);

      g_assert_null (profile);
      g_assert_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE);
      if (strstr (error->message, cases[i].says) == NULL)
        g_error ("%s: said \"%s\", not \"%s\"", cases[i].json, error->message, cases[i].says);
    }
}

/* What the archive's answers to the viewer say of the study. */
static void
test_judge_listing (void)
{
  g_autoptr(RdViewerProfile) ohif = rd_viewer_profile_load ("ohif", NULL, NULL);
  g_autoptr(RdViewerProfile) generic = rd_viewer_profile_load ("generic", NULL, NULL);
  g_autofree char *listing = g_strdup_printf ("http://pacs/dicom-web/studies/%s/series?includefield=0008103E",
                                              ohif_uid);
  g_autofree char *metadata = g_strdup_printf ("http://pacs/dicom-web/studies/%s/series/1.2/metadata", ohif_uid);
  g_autofree char *longer = g_strdup_printf ("http://pacs/dicom-web/studies/%s9/series", ohif_uid);

  g_assert_true (rd_viewer_profile_is_study_listing (ohif, ohif_uid, listing));
  g_assert_false (rd_viewer_profile_is_study_listing (ohif, ohif_uid, metadata));
  g_assert_false (rd_viewer_profile_is_study_listing (ohif, ohif_uid, longer));
  g_assert_false (rd_viewer_profile_is_study_listing (ohif, ohif_uid, "not a uri"));
  g_assert_false (rd_viewer_profile_is_study_listing (ohif, "", listing));
  g_assert_false (rd_viewer_profile_is_study_listing (ohif, NULL, listing));
  g_assert_false (rd_viewer_profile_is_study_listing (generic, ohif_uid, listing));

  /* QIDO's "no match": 204, or an empty array; some archives say 404 */
  g_assert_cmpint (rd_viewer_profile_judge_listing (ohif, ohif_uid, listing, 204, -1), ==, RD_VIEWER_ANSWER_MISSING);
  g_assert_cmpint (rd_viewer_profile_judge_listing (ohif, ohif_uid, listing, 404, -1), ==, RD_VIEWER_ANSWER_MISSING);
  g_assert_cmpint (rd_viewer_profile_judge_listing (ohif, ohif_uid, listing, 200, 2), ==, RD_VIEWER_ANSWER_MISSING);
  g_assert_cmpint (rd_viewer_profile_judge_listing (ohif, ohif_uid, listing, 0, 2), ==, RD_VIEWER_ANSWER_MISSING);
  g_assert_cmpint (rd_viewer_profile_judge_listing (ohif, ohif_uid, listing, 0, 0), ==, RD_VIEWER_ANSWER_MISSING);
  /* the archive failing is not the study missing */
  g_assert_cmpint (rd_viewer_profile_judge_listing (ohif, ohif_uid, listing, 500, 0), ==, RD_VIEWER_ANSWER_FAILED);
  g_assert_cmpint (rd_viewer_profile_judge_listing (ohif, ohif_uid, listing, 401, -1), ==, RD_VIEWER_ANSWER_FAILED);
  /* a list of series, or an answer not yet read: nothing to say */
  g_assert_cmpint (rd_viewer_profile_judge_listing (ohif, ohif_uid, listing, 200, 1327), ==, RD_VIEWER_ANSWER_NONE);
  g_assert_cmpint (rd_viewer_profile_judge_listing (ohif, ohif_uid, listing, 200, -1), ==, RD_VIEWER_ANSWER_NONE);
  g_assert_cmpint (rd_viewer_profile_judge_listing (ohif, ohif_uid, listing, 304, 0), ==, RD_VIEWER_ANSWER_NONE);
  /* not the study's listing */
  g_assert_cmpint (rd_viewer_profile_judge_listing (ohif, ohif_uid, metadata, 404, 0), ==, RD_VIEWER_ANSWER_NONE);
  g_assert_cmpint (rd_viewer_profile_judge_listing (ohif, "1.2.3", listing, 204, 0), ==, RD_VIEWER_ANSWER_NONE);
  g_assert_cmpint (rd_viewer_profile_judge_listing (generic, ohif_uid, listing, 204, 0), ==, RD_VIEWER_ANSWER_NONE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/viewer-profile/builtin", test_builtin_profiles);
  g_test_add_func ("/viewer-profile/load", test_load);
  g_test_add_func ("/viewer-profile/malformed", test_malformed);
  g_test_add_func ("/viewer-profile/judge-listing", test_judge_listing);
  return g_test_run ();
}
