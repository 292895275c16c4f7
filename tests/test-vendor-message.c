/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-vendor-message.h"

/* What ReportDock posts into the vendor frame, checked as parsed JSON:
 * the profile's names, one or several accessions, text that needs
 * escaping. */

static JsonObject *
parse (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* radpair's profile with a vendor's own names for open_report and the token */
static RdProfile *
renamed_profile (void)
{
  g_autoptr(GBytes) builtin =
    g_resources_lookup_data ("/io/github/reportdock/ReportDock/profiles/radpair.json", 0, NULL);
  g_autoptr(GString) data = g_string_new (g_bytes_get_data (builtin, NULL));
  g_autoptr(GError) error = NULL;
  RdProfile *profile;

  g_assert_cmpuint (g_string_replace (data, "\"open_report\": \"open_report\"",
                                      "\"open_report\": \"openReport\"", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (data, "\"authenticate_token_field\": \"token\"",
                                      "\"authenticate_token_field\": \"jwt\"", 1), ==, 1);
  profile = rd_profile_new_from_data (data->str, data->len, &error);
  g_assert_no_error (error);
  return profile;
}

static RdStudy *
study_with (const char * const *accessions,
            const char         *site)
{
  RdStudy *study = rd_study_new ();

  g_assert_true (rd_study_set_mrn (study, "MRN-7", NULL));
  for (guint i = 0; accessions[i] != NULL; i++)
    g_assert_true (rd_study_add_accession (study, accessions[i], NULL));
  if (site != NULL)
    g_assert_true (rd_study_set_site_id (study, site, NULL));
  g_assert_true (rd_study_set_meta (study, "modality", "CT", NULL));
  return study;
}

static void
test_open_one_accession (void)
{
  g_autoptr(RdProfile) profile = renamed_profile ();
  const char *one[] = { "ACC1", NULL };
  g_autoptr(RdStudy) study = study_with (one, NULL);
  g_autofree char *json = rd_vendor_message_open (profile, study, "DEFAULT-SITE");
  g_autoptr(JsonObject) message = parse (json);
  JsonObject *metadata;

  g_assert_cmpstr (json_object_get_string_member (message, "type"), ==, "openReport");
  g_assert_cmpstr (json_object_get_string_member (message, "mrn"), ==, "MRN-7");
  g_assert_cmpstr (json_object_get_string_member (message, "accession_number"), ==, "ACC1");
  g_assert_false (json_object_has_member (message, "accession_numbers"));
  /* no site in the study: the default */
  g_assert_cmpstr (json_object_get_string_member (message, "site_id"), ==, "DEFAULT-SITE");
  metadata = json_object_get_object_member (message, "metadata");
  g_assert_nonnull (metadata);
  g_assert_cmpstr (json_object_get_string_member (metadata, "modality"), ==, "CT");
  g_assert_false (json_object_has_member (message, "metadata_by_accession"));
}

static void
test_open_linked_accessions (void)
{
  g_autoptr(RdProfile) profile = renamed_profile ();
  const char *two[] = { "ACC1", "ACC2", NULL };
  g_autoptr(RdStudy) study = study_with (two, "SITE-A");
  g_autofree char *json = rd_vendor_message_open (profile, study, "DEFAULT-SITE");
  g_autoptr(JsonObject) message = parse (json);
  JsonArray *accessions = json_object_get_array_member (message, "accession_numbers");
  JsonObject *by_accession = json_object_get_object_member (message, "metadata_by_accession");

  /* the study's own site wins over the default */
  g_assert_cmpstr (json_object_get_string_member (message, "site_id"), ==, "SITE-A");
  g_assert_false (json_object_has_member (message, "accession_number"));
  g_assert_cmpuint (json_array_get_length (accessions), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (accessions, 0), ==, "ACC1");
  g_assert_cmpstr (json_array_get_string_element (accessions, 1), ==, "ACC2");
  /* each linked report gets the worklist's one set of metadata */
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *metadata = json_object_get_object_member (by_accession, i == 0 ? "ACC1" : "ACC2");

      g_assert_nonnull (metadata);
      g_assert_cmpstr (json_object_get_string_member (metadata, "modality"), ==, "CT");
    }
  g_assert_false (json_object_has_member (message, "metadata"));
}

static void
test_authenticate (void)
{
  g_autoptr(RdProfile) profile = renamed_profile ();
  /* a token that would break hand-made JSON */
  g_autofree char *json = rd_vendor_message_authenticate (profile, "a\"b\\c\n");
  g_autoptr(JsonObject) message = parse (json);

  g_assert_cmpstr (json_object_get_string_member (message, "type"), ==, "authenticate");
  g_assert_cmpstr (json_object_get_string_member (message, "jwt"), ==, "a\"b\\c\n");
  g_assert_false (json_object_has_member (message, "token"));
  g_assert_cmpuint (json_object_get_size (message), ==, 2);
}

static void
test_simple (void)
{
  g_autofree char *close = rd_vendor_message_new ("close_report", NULL, NULL);
  g_autofree char *command = rd_vendor_message_new ("command", "command", "sign_report");
  g_autoptr(JsonObject) c = parse (close);
  g_autoptr(JsonObject) m = parse (command);

  g_assert_cmpuint (json_object_get_size (c), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (c, "type"), ==, "close_report");
  g_assert_cmpuint (json_object_get_size (m), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (m, "command"), ==, "sign_report");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vendor-message/open-one-accession", test_open_one_accession);
  g_test_add_func ("/vendor-message/open-linked-accessions", test_open_linked_accessions);
  g_test_add_func ("/vendor-message/authenticate", test_authenticate);
  g_test_add_func ("/vendor-message/simple", test_simple);
  return g_test_run ();
}
