/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-error.h"
#include "rd-url.h"
#include "rd-viewer-url.h"

#include <string.h>

static void
test_origin (void)
{
  struct { const char *url, *origin; } ok[] = {
    { "https://app.example.org/embed?x=1", "https://app.example.org" },
    { "HTTPS://App.Example.ORG:443/", "https://app.example.org" },
    { "http://127.0.0.1:8080/app", "http://127.0.0.1:8080" },
    { "http://localhost:80", "http://localhost" },
    { "https://example.org:8443", "https://example.org:8443" },
    { "http://[::1]:9000/x", "http://[::1]:9000" },
  };
  const char *bad[] = { "", "ftp://example.org", "javascript:alert(1)", "file:///etc/passwd",
                        "not a url", "https://", "data:text/html,x" };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *origin = rd_url_get_origin (ok[i].url, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (origin, ==, ok[i].origin);
      g_assert_true (rd_url_has_origin (ok[i].url, ok[i].origin));
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *origin = rd_url_get_origin (bad[i], &error);

      g_assert_null (origin);
      g_assert_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED);
    }
  g_assert_false (rd_url_has_origin ("https://example.org.evil.com/", "https://example.org"));
  g_assert_false (rd_url_has_origin ("https://example.org:444/", "https://example.org"));
}

/* https://, or http:// to this computer only. */
static void
test_secure (void)
{
  const char *good[] = { "https://vendor.example/app", "HTTPS://vendor.example:8443/x", "http://localhost:8080/app",
                         "http://127.0.0.1/token", "http://127.8.9.1:9/x", "http://[::1]:8080/x" };
  const char *clear[] = { "http://vendor.example/app", "http://10.0.0.5/token", "http://[2001:db8::1]/x",
                          "http://localhost.evil.example/", "http://127.0.0.1.nip.example/" };
  const char *bad[] = { "", "ftp://vendor.example/", "vendor.example/app", "https://", "file:///etc/passwd" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (rd_url_check_secure ("token-url", good[i], NULL));
  for (guint i = 0; i < G_N_ELEMENTS (clear); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (rd_url_check_secure ("token-url", clear[i], &error));
      g_assert_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED);
      g_assert_nonnull (strstr (error->message, "token-url must be an https:// address"));
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (rd_url_check_secure ("vendor-url", bad[i], &error));
      g_assert_nonnull (strstr (error->message, "vendor-url"));
    }
}

static void
test_query_param (void)
{
  struct { const char *url, *expected; } cases[] = {
    { "https://a.org/app", "https://a.org/app?headless=true" },
    { "https://a.org/app?lang=en", "https://a.org/app?lang=en&headless=true" },
    { "https://a.org/app?", "https://a.org/app?headless=true" },
    { "https://a.org/app#frag", "https://a.org/app?headless=true#frag" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = rd_url_add_query_param (cases[i].url, "headless", "true");
      g_assert_cmpstr (url, ==, cases[i].expected);
    }
}

static RdStudy *
study (const char *site)
{
  RdStudy *s = rd_study_new ();

  rd_study_set_mrn (s, "M 1", NULL);
  rd_study_add_accession (s, "A.1", NULL);
  rd_study_add_accession (s, "A2", NULL);
  if (site)
    rd_study_set_site_id (s, site, NULL);
  rd_study_set_study_uid (s, "1.2.3", NULL);
  return s;
}

static void
test_viewer_template (void)
{
  g_autoptr(RdStudy) s = study (NULL);
  g_autoptr(RdStudy) with_site = study ("S-2");
  g_autoptr(RdStudy) no_uid = rd_study_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = rd_viewer_url_expand ("https://pacs/viewer?StudyInstanceUIDs={study_uid}&acc={accession}&p={mrn}&s={site}",
                                               s, "MAIN", &error);
  g_autofree char *url2 = rd_viewer_url_expand ("https://pacs/{site}/view", with_site, "MAIN", &error);
  g_autofree char *none = rd_viewer_url_expand ("", s, NULL, &error);
  g_autofree char *bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (url, ==, "https://pacs/viewer?StudyInstanceUIDs=1.2.3&acc=A.1&p=M%201&s=MAIN");
  g_assert_cmpstr (url2, ==, "https://pacs/S-2/view");
  g_assert_null (none);

  bad = rd_viewer_url_expand ("https://pacs/{patient}", s, NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED);
  g_clear_error (&error);

  bad = rd_viewer_url_expand ("https://pacs/{study_uid", s, NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED);
  g_clear_error (&error);

  bad = rd_viewer_url_expand ("{mrn}/x", s, NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED);
  g_clear_error (&error);

  rd_study_set_mrn (no_uid, "M", NULL);
  rd_study_add_accession (no_uid, "A", NULL);
  bad = rd_viewer_url_expand ("https://pacs/?uid={study_uid}", no_uid, NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT);
  /* in the radiologist's words, the placeholder after */
  g_assert_cmpstr (error->message, ==, "the worklist gave no Study Instance UID for this study, and the viewer "
                                       "needs it ({study_uid})");
}

/* viewer-uri-template: percent-encoded values, a viewer's scheme only. */
static void
test_viewer_uri (void)
{
  g_autoptr(RdStudy) s = study (NULL);
  g_autoptr(GError) error = NULL;
  /* Weasis's documented form: a $dicom:rs command with the DICOMweb URL of the PACS */
  g_autofree char *uri = rd_viewer_uri_expand ("weasis://%24dicom%3Ars%20--url%20%22https%3A%2F%2Fpacs%2Fdicom-web%22"
                                               "%20-r%20%22studyUID%3D{study_uid}%22%20-p%20{mrn}", s, NULL, &error);
  const char *refused[] = { "javascript:alert({mrn})", "file:///tmp/{mrn}", "data:text/html,{mrn}", "{mrn}",
                            "http://pacs.example/{study_uid}" };

  g_assert_no_error (error);
  g_assert_cmpstr (uri, ==, "weasis://%24dicom%3Ars%20--url%20%22https%3A%2F%2Fpacs%2Fdicom-web%22"
                            "%20-r%20%22studyUID%3D1.2.3%22%20-p%20M%201");
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *bad = rd_viewer_uri_expand (refused[i], s, NULL, &error);

      g_test_message ("%s", refused[i]);
      g_assert_null (bad);
      g_assert_nonnull (error);
      g_clear_error (&error);
    }
  g_assert_null (rd_viewer_uri_expand ("", s, NULL, &error));
  g_assert_no_error (error);
}

/* viewer-command: each placeholder filled in inside its own argument. */
static void
test_viewer_command (void)
{
  g_autoptr(RdStudy) s = study ("NORTH");
  g_autoptr(RdStudy) dash = rd_study_new ();
  g_autoptr(GError) error = NULL;
  const char *template[] = { "/opt/viewer/bin/open", "--study={study_uid}", "{mrn}", "--site", "{site}",
                             "acc {accession};x", NULL };
  g_auto(GStrv) argv = rd_viewer_command_expand (template, s, "MAIN", &error);
  const char *first_is_placeholder[] = { "{mrn}", NULL };
  const char *empty[] = { NULL };
  g_auto(GStrv) bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (argv), ==, 6);
  g_assert_cmpstr (argv[0], ==, "/opt/viewer/bin/open");
  g_assert_cmpstr (argv[1], ==, "--study=1.2.3");
  g_assert_cmpstr (argv[2], ==, "M 1");            /* a space stays inside its argument */
  g_assert_cmpstr (argv[4], ==, "NORTH");
  g_assert_cmpstr (argv[5], ==, "acc A.1;x");      /* text around it as written, no shell */

  /* an identifier that would read as an option is not passed on its own */
  g_assert_true (rd_study_set_mrn (dash, "-rf", NULL));
  rd_study_add_accession (dash, "A", NULL);
  rd_study_set_study_uid (dash, "1.2.3", NULL);
  bad = rd_viewer_command_expand (template, dash, "MAIN", &error);
  g_assert_null (bad);
  g_assert_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "starts with '-'"));
  g_clear_error (&error);
  bad = rd_viewer_command_expand (first_is_placeholder, s, NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED);
  g_clear_error (&error);
  g_assert_null (rd_viewer_command_expand (empty, s, NULL, &error));
  g_assert_no_error (error);
}

/* The viewer pane's one page: its router may move below the template's
 * path and change the query; another path (its study list), another
 * origin or a look-alike is leaving it. */
static void
test_within_page (void)
{
  const char *page = "https://pacs.example/ohif/viewer?StudyInstanceUIDs=1.2.3";

  g_assert_true (rd_url_is_within_page (page, page));
  g_assert_true (rd_url_is_within_page ("https://pacs.example/ohif/viewer?StudyInstanceUIDs=1.2.4&x=1", page));
  g_assert_true (rd_url_is_within_page ("https://PACS.example:443/ohif/viewer/dicomweb?StudyInstanceUIDs=1", page));
  g_assert_false (rd_url_is_within_page ("https://pacs.example/ohif/", page));
  g_assert_false (rd_url_is_within_page ("https://pacs.example/ohif/viewerx", page));
  g_assert_false (rd_url_is_within_page ("https://pacs.example:8443/ohif/viewer", page));
  g_assert_false (rd_url_is_within_page ("http://pacs.example/ohif/viewer", page));
  g_assert_false (rd_url_is_within_page ("https://pacs.example.evil/ohif/viewer", page));
  g_assert_false (rd_url_is_within_page ("about:blank", page));
  g_assert_false (rd_url_is_within_page (NULL, page));
  g_assert_false (rd_url_is_within_page (page, "not a url"));
  g_assert_true (rd_url_is_within_page ("http://127.0.0.1:18080/a/b", "http://127.0.0.1:18080/"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/url/origin", test_origin);
  g_test_add_func ("/url/within-page", test_within_page);
  g_test_add_func ("/url/secure", test_secure);
  g_test_add_func ("/url/query-param", test_query_param);
  g_test_add_func ("/url/viewer-template", test_viewer_template);
  g_test_add_func ("/url/viewer-uri", test_viewer_uri);
  g_test_add_func ("/url/viewer-command", test_viewer_command);
  return g_test_run ();
}
