/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-error.h"
#include "rd-vendor-link.h"

#include <string.h>

/* a 2×2 grey PNG */
#define PNG_B64 "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAAAAABX3VL4AAAADElEQVR4nGNg+A+EAAYAAf+T0eSJAAAAAElFTkSuQmCC"

static RdStudy *
ct_study (void)
{
  RdStudy *study = rd_study_new ();

  g_assert_true (rd_study_set_mrn (study, "MRN-42", NULL));
  g_assert_true (rd_study_add_accession (study, "ACC-7", NULL));
  g_assert_true (rd_study_add_accession (study, "ACC-8", NULL));
  g_assert_true (rd_study_set_study_uid (study, "1.2.840.113619.2.55", NULL));
  g_assert_true (rd_study_set_meta (study, "modality", "CT", NULL));
  g_assert_true (rd_study_set_meta (study, "studyDescription", "CT chest with contrast", NULL));
  g_assert_true (rd_study_set_meta (study, "patient_age", "64", NULL));
  g_assert_true (rd_study_set_meta (study, "patient_gender", "F", NULL));
  g_assert_true (rd_study_set_meta (study, "clinical_notes", "Rule out PE", NULL));
  return study;
}

/* The shipped profiles, which say which launch keys each vendor takes. */
static RdProfile *
load_profile (const char *name)
{
  static GHashTable *loaded;
  RdProfile *profile;

  if (loaded == NULL)
    loaded = g_hash_table_new (g_str_hash, g_str_equal);
  profile = g_hash_table_lookup (loaded, name);
  if (profile == NULL)
    {
      g_autoptr(GError) error = NULL;

      profile = rd_profile_load (name, NULL, &error);
      g_assert_no_error (error);
      g_hash_table_insert (loaded, (gpointer) name, profile);
    }
  return profile;
}

static RdProfile *mdai_profile (void) { return load_profile ("mdai"); }
static RdProfile *avara_profile (void) { return load_profile ("avara"); }

static char *
to_json (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

static void
test_mdai_request (void)
{
  g_autoptr(RdStudy) study = ct_study ();
  RdVendorUser user = { "Dr. Lee", "dr.lee@hospital.example", "de", "MAIN" };
  RdVendorUser nobody = { NULL, NULL, NULL, "MAIN" };
  g_autoptr(JsonNode) body = rd_mdai_launch_request (mdai_profile (), study, &user, "admin-token", NULL);
  g_autofree char *json = to_json (body);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (json, ==,
    "{\"tags\":{\"SiteID\":\"MAIN\",\"PatientMRN\":\"MRN-42\",\"Accession\":\"ACC-7\",\"PatientAge\":\"64\","
    "\"PatientSex\":\"F\",\"Modality\":\"CT\",\"StudyDescription\":\"CT chest with contrast\","
    "\"ReasonForExam\":\"Rule out PE\",\"StudyInstanceUID\":\"1.2.840.113619.2.55\",\"ReturnFormat\":\"HL7\","
    "\"SpeechLanguage\":\"de\",\"AppLanguage\":\"de\",\"Auth\":\"admin-token\",\"UserName\":\"Dr. Lee\","
    "\"UserEmail\":\"dr.lee@hospital.example\"},\"result\":\"all\",\"lazyLaunch\":false,"
    "\"qrCodeSize\":\"standard\",\"qrCodeMode\":\"light\"}");
  g_assert_null (rd_mdai_launch_request (mdai_profile (), study, &nobody, "admin-token", &error));
  g_assert_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED);
  g_clear_error (&error);
  g_assert_null (rd_mdai_launch_request (mdai_profile (), study, &user, "", &error));
  g_assert_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED);
}

/* Every tag of MD.ai's list (docs/protocol.md §2), from the launch keys: dates
 * in the examples' MMDDYYYY, ReturnFormat from the setting (HL7 by
 * default), the QR options as set. */
static void
test_mdai_request_every_tag (void)
{
  g_autoptr(RdStudy) study = ct_study ();
  RdVendorUser user = { .name = "Dr. Lee", .email = "dr.lee@hospital.example", .language = "en",
                        .default_site_id = "MAIN", .lazy_launch = TRUE, .qr_code_size = "small",
                        .qr_code_mode = "dark" };
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *json = NULL;
  JsonObject *tags;
  const char *every[] = { "SiteID", "PatientMRN", "Accession", "PatientName", "PatientBirthDate", "PatientAge",
                          "PatientSex", "Modality", "BodyPartExamined", "StudyDescription", "StudyDate",
                          "StudyTime", "StudyInstanceUID", "ReasonForExam", "ReturnFormat", "SpeechLanguage",
                          "AppLanguage", "KeyFindings", "Auth", "UserName", "UserEmail" };

  g_assert_true (rd_study_set_meta (study, "patient_name", "Doe^Jane", NULL));
  g_assert_true (rd_study_set_meta (study, "patient_birth_date", "19620314", NULL));
  g_assert_true (rd_study_set_meta (study, "patient_sex", "O", NULL));
  g_assert_true (rd_study_set_meta (study, "body_part", "CHEST", NULL));
  g_assert_true (rd_study_set_meta (study, "study_date", "20261201", NULL));
  g_assert_true (rd_study_set_meta (study, "study_time", "081500", NULL));
  g_assert_true (rd_study_set_meta (study, "reason_for_exam", "Shortness of breath", NULL));
  g_assert_true (rd_study_set_meta (study, "key_findings", "Pulmonary embolism", NULL));
  body = rd_mdai_launch_request (mdai_profile (), study, &user, "admin-token", NULL);
  tags = json_object_get_object_member (json_node_get_object (body), "tags");
  for (guint i = 0; i < G_N_ELEMENTS (every); i++)
    if (!json_object_has_member (tags, every[i]))
      g_error ("tag %s is not sent", every[i]);
  g_assert_cmpuint (json_object_get_size (tags), ==, G_N_ELEMENTS (every));
  g_assert_cmpstr (json_object_get_string_member (tags, "PatientBirthDate"), ==, "03141962");
  g_assert_cmpstr (json_object_get_string_member (tags, "StudyDate"), ==, "12012026");
  g_assert_cmpstr (json_object_get_string_member (tags, "StudyTime"), ==, "081500");
  g_assert_cmpstr (json_object_get_string_member (tags, "ReturnFormat"), ==, "HL7");
  /* the newer keys win over the older ones the worklist may also pass */
  g_assert_cmpstr (json_object_get_string_member (tags, "PatientSex"), ==, "O");
  g_assert_cmpstr (json_object_get_string_member (tags, "ReasonForExam"), ==, "Shortness of breath");
  json = to_json (body);
  g_assert_nonnull (strstr (json, "\"lazyLaunch\":true,\"qrCodeSize\":\"small\",\"qrCodeMode\":\"dark\""));
  g_clear_pointer (&body, json_node_unref);
  user.return_format = "PDF";
  body = rd_mdai_launch_request (mdai_profile (), study, &user, "admin-token", NULL);
  tags = json_object_get_object_member (json_node_get_object (body), "tags");
  g_assert_cmpstr (json_object_get_string_member (tags, "ReturnFormat"), ==, "PDF");
  g_assert_null (rd_mdai_date ("1962-03-14"));
  g_assert_null (rd_mdai_date (NULL));
}

/* The QR code under both spellings of the document (list and example). */
static void
test_mdai_qr_spellings (void)
{
  const char *fields[] = { "reportQrCode", "reportQRCode" };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"status\":\"Draft\",\"reportLink\":\"https://a.example/r\","
                                               "\"%s\":\"data:image/png;base64," PNG_B64 "\"}", fields[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(RdVendorLink) link = rd_mdai_parse_launch (body, strlen (body), &error);

      g_assert_no_error (error);
      g_assert_nonnull (link->qr_png);
    }
}

/* Avara: the facility's name from the setting, the patient's name and
 * birth date from the launch keys. */
static void
test_avara_patient_and_facility (void)
{
  g_autoptr(RdStudy) study = ct_study ();
  RdVendorUser user = { .default_site_id = "SITE-A", .facility_name = "South Tampa Imaging" };
  g_autoptr(JsonNode) body = NULL;
  JsonObject *meta;

  g_assert_true (rd_study_set_meta (study, "patient_name", "Doe^Jane", NULL));
  g_assert_true (rd_study_set_meta (study, "patient_birth_date", "19620314", NULL));
  body = rd_avara_study_request (avara_profile (), study, &user, NULL);
  meta = json_object_get_object_member (json_node_get_object (body), "reportMetadata");
  g_assert_cmpstr (json_object_get_string_member (meta, "facilityName"), ==, "South Tampa Imaging");
  g_assert_cmpstr (json_object_get_string_member (meta, "patientName"), ==, "Doe^Jane");
  g_assert_cmpstr (json_object_get_string_member (meta, "dateOfBirth"), ==, "1962-03-14");
}

static void
test_mdai_response (void)
{
  static const char *statuses[] = { "Final", "Draft", "PreLaunch" };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autofree char *body = g_strdup_printf (
        "{\"status\":\"%s\",\"owner\":{\"name\":\"Dr. Kim\",\"email\":\"kim@h.example\"},"
        "\"reportLink\":\"https://app.md.example/r/abc?t=secret\",\"reportQrCode\":\"data:image/png;base64," PNG_B64 "\"}",
        statuses[i]);
      g_autoptr(RdVendorLink) link = rd_mdai_parse_launch (body, strlen (body), &error);

      g_assert_no_error (error);
      g_assert_cmpstr (link->status, ==, statuses[i]);
      g_assert_cmpstr (link->url, ==, "https://app.md.example/r/abc?t=secret");
      g_assert_cmpstr (link->owner_name, ==, "Dr. Kim");
      g_assert_cmpstr (link->owner_email, ==, "kim@h.example");
      /* the QR code decoded: the PNG itself */
      g_assert_nonnull (link->qr_png);
      g_assert_cmpuint (g_bytes_get_size (link->qr_png), ==, 69);
      g_assert_cmpint (memcmp (g_bytes_get_data (link->qr_png, NULL), "\x89PNG\r\n\x1a\n", 8), ==, 0);
    }
}

static void
test_mdai_response_partial_and_bad (void)
{
  static const char *bad[] = {
    "", "null", "[]", "{\"status\":\"Draft\"}", "{\"reportLink\":\"https://a.example/\"}",
    "{\"status\":\"Signed\",\"reportLink\":\"https://a.example/\"}",
    "{\"status\":\"Draft\",\"reportLink\":\"javascript:alert(1)\"}",
    "{\"status\":\"Draft\",\"reportLink\":\"http://evil.example/\"}",
    "{\"status\":7,\"reportLink\":\"https://a.example/\"}", "{\"status\":\"Draft\",\"reportLink\":",
  };
  g_autoptr(GError) error = NULL;
  const char *minimal = "{\"status\":\"Draft\",\"reportLink\":\"https://a.example/r\"}";
  const char *bad_qr = "{\"status\":\"Final\",\"reportLink\":\"https://a.example/r\",\"owner\":\"nobody\","
                       "\"reportQrCode\":\"data:image/png;base64,bm90IGEgcG5n\"}";
  g_autoptr(RdVendorLink) link = rd_mdai_parse_launch (minimal, strlen (minimal), &error);
  g_autoptr(RdVendorLink) no_qr = NULL;

  g_assert_no_error (error);
  g_assert_null (link->owner_name);
  g_assert_null (link->qr_png);
  /* a bad QR code or owner does not stop the report from opening */
  no_qr = rd_mdai_parse_launch (bad_qr, strlen (bad_qr), &error);
  g_assert_no_error (error);
  g_assert_null (no_qr->qr_png);
  g_assert_null (no_qr->owner_name);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_null (rd_mdai_parse_launch (bad[i], strlen (bad[i]), &error));
      g_assert_error (error, RD_ERROR, RD_ERROR_MALFORMED_RESPONSE);
      g_clear_error (&error);
    }
  g_assert_null (rd_mdai_parse_launch (NULL, 0, &error));
}

static void
test_avara_requests (void)
{
  g_autoptr(RdStudy) study = ct_study ();
  g_autoptr(RdStudy) no_uid = rd_study_new ();
  RdVendorUser site_only = { .default_site_id = "MAIN" };
  g_autoptr(JsonNode) create = rd_avara_study_request (avara_profile (), study, &site_only, NULL);
  g_autoptr(JsonNode) reroute = rd_avara_reroute_request ("usr_42ab", "stu_0123456789abcdef0123456789abcdef");
  g_autofree char *create_json = to_json (create);
  g_autofree char *reroute_json = to_json (reroute);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (create_json, ==,
    "{\"studyInstanceUid\":\"1.2.840.113619.2.55\",\"studyDescription\":\"CT chest with contrast\","
    "\"severity\":\"normal\",\"reportMetadata\":{\"facilityName\":\"MAIN\",\"mrn\":\"MRN-42\","
    "\"accessionNumber\":\"ACC-7\",\"modality\":\"CT\",\"patientAge\":\"64\",\"patientSex\":\"F\"}}");
  g_assert_cmpstr (reroute_json, ==,
    "{\"assignedToUserId\":\"usr_42ab\",\"studyId\":\"stu_0123456789abcdef0123456789abcdef\"}");
  rd_study_set_mrn (no_uid, "M", NULL);
  g_assert_null (rd_avara_study_request (avara_profile (), no_uid, &site_only, &error));
  g_assert_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT);
  g_assert_true (rd_avara_is_user_id ("usr_42ab"));
  g_assert_false (rd_avara_is_user_id ("usr_"));
  g_assert_false (rd_avara_is_user_id ("42ab"));
  g_assert_false (rd_avara_is_user_id ("usr_a b"));
}

static void
test_avara_responses (void)
{
  const char *study = "{\"studyId\":\"stu_0123456789abcdef0123456789abcdef\",\"status\":\"pending\"}";
  const char *url = "{\"url\":\"https://autoscribe.example/r/xyz?sig=abc\"}";
  static const char *bad_studies[] = {
    "{}", "{\"studyId\":\"0123\"}", "{\"studyId\":\"stu_0123\"}", "{\"studyId\":\"stu_0123456789ABCDEF0123456789abcdef\"}",
    "{\"studyId\":42}", "garbage", "",
  };
  static const char *bad_urls[] = { "{}", "{\"url\":\"\"}", "{\"url\":\"ftp://a.example/\"}", "{\"url\":null}", "<html>" };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = rd_avara_parse_study_id (study, strlen (study), &error);
  g_autoptr(RdVendorLink) link = rd_avara_parse_reroute (url, strlen (url), &error);

  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "stu_0123456789abcdef0123456789abcdef");
  g_assert_cmpstr (link->url, ==, "https://autoscribe.example/r/xyz?sig=abc");
  for (guint i = 0; i < G_N_ELEMENTS (bad_studies); i++)
    {
      g_assert_null (rd_avara_parse_study_id (bad_studies[i], strlen (bad_studies[i]), &error));
      g_assert_error (error, RD_ERROR, RD_ERROR_MALFORMED_RESPONSE);
      g_clear_error (&error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_urls); i++)
    {
      g_assert_null (rd_avara_parse_reroute (bad_urls[i], strlen (bad_urls[i]), &error));
      g_assert_error (error, RD_ERROR, RD_ERROR_MALFORMED_RESPONSE);
      g_clear_error (&error);
    }
}

static void
test_errors_and_retries (void)
{
  struct { guint status; const char *body; const char *expected; } cases[] = {
    { 401, NULL, "Avara rejected the API key (401): check api-key-file" },
    { 404, "{}", "Avara does not know this study (404)" },
    { 422, "{\"error\":{\"field\":\"severity\",\"message\":\"must be normal, high or stat\"}}",
      "Avara refused the request (422); Avara says “must be normal, high or stat” (about “severity”)" },
    /* the vendor's own reason, not a malformed field */
    { 422, "{\"error\":{\"field\":\"Accession\",\"message\":\"this study is locked by another reader\"}}",
      "Avara refused the request (422); Avara says “this study is locked by another reader” (about “Accession”)" },
    { 409, "{\"detail\":\"report already signed\"}", "Avara answered 409; Avara says “report already signed”" },
    { 400, "{\"error\":\"invalid_request\",\"error_description\":\"bad date\"}",
      "Avara answered 400; Avara says “bad date”" },
    { 403, "{\"errors\":[{\"message\":\"user not in this site\"}]}",
      "Avara rejected the API key (403): check api-key-file; Avara says “user not in this site”" },
    /* hostile: bounded, no line breaks or direction changes on screen */
    { 500, "{\"message\":\"line one\\nline two \\u202e evil\"}",
      "Avara has a server error (500); ReportDock tried three times; Avara says “line one\\u{a}line two \\u{202e} evil”" },
    { 422, "{\"message\":\"\"}", "Avara refused the request (422)" },
    { 422, "{\"message\":42}", "Avara refused the request (422)" },
    { 422, "{\"errors\":[{\"field\":\"studyInstanceUid\"}]}", "Avara refused the field “studyInstanceUid” (422)" },
    { 422, "not json", "Avara refused the request (422)" },
    { 0, NULL, "Avara did not answer: check the network and api-base-url" },
    { 503, NULL, "Avara has a server error (503); ReportDock tried three times" },
    { 418, NULL, "Avara answered 418" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = rd_vendor_error_message ("Avara", cases[i].status, cases[i].body,
                                                          cases[i].body ? strlen (cases[i].body) : 0);
      g_assert_cmpstr (message, ==, cases[i].expected);
    }
  g_assert_true (rd_vendor_should_retry (0));
  g_assert_true (rd_vendor_should_retry (408));
  g_assert_true (rd_vendor_should_retry (409));
  g_assert_true (rd_vendor_should_retry (429));
  g_assert_true (rd_vendor_should_retry (500));
  g_assert_true (rd_vendor_should_retry (504));
  g_assert_false (rd_vendor_should_retry (400));
  g_assert_false (rd_vendor_should_retry (401));
  g_assert_false (rd_vendor_should_retry (404));
  g_assert_false (rd_vendor_should_retry (422));
}

static void
test_language (void)
{
  const char *de[] = { "de_DE.UTF-8", "de", "C", NULL };
  const char *tw[] = { "zh_TW", NULL };
  const char *cn[] = { "zh_CN.UTF-8", NULL };
  const char *pt[] = { "pt_BR", NULL };
  const char *none[] = { "C", "sv_SE", NULL };
  const char *trap[] = { "dev", "ennui", NULL };

  g_assert_cmpstr (rd_vendor_language_for (de), ==, "de");
  g_assert_cmpstr (rd_vendor_language_for (tw), ==, "zh-Hant");
  g_assert_cmpstr (rd_vendor_language_for (cn), ==, "zh-CN");
  g_assert_cmpstr (rd_vendor_language_for (pt), ==, "pt");
  g_assert_cmpstr (rd_vendor_language_for (none), ==, "en");
  g_assert_cmpstr (rd_vendor_language_for (trap), ==, "en");
  g_assert_cmpstr (rd_vendor_language_for (NULL), ==, "en");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vendor-link/mdai-request", test_mdai_request);
  g_test_add_func ("/vendor-link/mdai-request-every-tag", test_mdai_request_every_tag);
  g_test_add_func ("/vendor-link/mdai-qr-spellings", test_mdai_qr_spellings);
  g_test_add_func ("/vendor-link/avara-patient-and-facility", test_avara_patient_and_facility);
  g_test_add_func ("/vendor-link/mdai-response", test_mdai_response);
  g_test_add_func ("/vendor-link/mdai-response-partial-and-bad", test_mdai_response_partial_and_bad);
  g_test_add_func ("/vendor-link/avara-requests", test_avara_requests);
  g_test_add_func ("/vendor-link/avara-responses", test_avara_responses);
  g_test_add_func ("/vendor-link/errors-and-retries", test_errors_and_retries);
  g_test_add_func ("/vendor-link/language", test_language);
  return g_test_run ();
}
