/* SPDX-License-Identifier: GPL-3.0-or-later */
/* MD.ai and Avara clients against a real SoupServer on loopback: exact
 * requests and headers, Avara's study created once and a fresh URL every
 * time, retries on transient failures, readable errors otherwise. */
#include "config.h"

#include "rd-error.h"
#include "rd-loopback.h"
#include "rd-vendor-client.h"
#include "wait-for.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#define KEY "vendor-api-key-0001"

typedef struct {
  SoupServer *server;
  char       *base;
  char       *key_file;
  GPtrArray  *requests;     /* "POST /path auth-header body" */
  GArray     *script;       /* statuses to answer, in order; then 200 */
  guint       n_reroutes;
} Fixture;

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const char *auth = soup_message_headers_get_one (h, "x-access-token");
  guint status = 200;
  g_autofree char *reply = NULL;

  if (auth == NULL)
    auth = soup_message_headers_get_one (h, "Authorization");
  g_ptr_array_add (f->requests, g_strdup_printf ("%s %s %s %.*s", soup_server_message_get_method (msg), path,
                                                 auth ? auth : "-", (int) body->length, body->data));
  if (f->script->len > 0)
    {
      status = g_array_index (f->script, guint, 0);
      g_array_remove_index (f->script, 0);
    }
  if (status == 303)
    {
      /* a followed redirect would show here as "GET /elsewhere <key>" */
      soup_server_message_set_redirect (msg, 303, "/elsewhere");
      return;
    }
  if (status == 422)
    reply = g_strdup ("{\"error\":{\"field\":\"severity\"}}");
  else if (status != 200)
    reply = g_strdup ("{\"error\":\"scripted\"}");
  else if (g_str_equal (path, "/api/report/launch/clinical"))
    reply = g_strdup ("{\"status\":\"Draft\",\"owner\":{\"name\":\"Dr. Kim\",\"email\":\"kim@h.example\"},"
                      "\"reportLink\":\"https://md.example/r/1?t=x\"}");
  else if (g_str_equal (path, "/v1/autoScribe/studies"))
    reply = g_strdup ("{\"studyId\":\"stu_0123456789abcdef0123456789abcdef\"}");
  else
    reply = g_strdup_printf ("{\"url\":\"https://avara.example/r/%u\"}", ++f->n_reroutes);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, reply, strlen (reply));
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  int port;

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handler, f, NULL);
  port = rd_loopback_listen (f->server, &error);
  g_assert_no_error (error);
  f->base = g_strdup_printf ("http://127.0.0.1:%d", port);
  f->key_file = g_build_filename (g_get_tmp_dir (), "rd-vendor-key-XXXXXX", NULL);
  g_close (g_mkstemp (f->key_file), NULL);
  g_assert_true (g_file_set_contents (f->key_file, KEY "\n", -1, NULL));
  g_chmod (f->key_file, 0600);
  f->requests = g_ptr_array_new_with_free_func (g_free);
  f->script = g_array_new (FALSE, FALSE, sizeof (guint));
}

static void
teardown (Fixture *f, gconstpointer data)
{
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_unlink (f->key_file);
  g_free (f->key_file);
  g_free (f->base);
  g_ptr_array_unref (f->requests);
  g_array_unref (f->script);
}

static void
script (Fixture *f,
        ...)
{
  va_list args;
  guint status;

  va_start (args, f);
  while ((status = va_arg (args, guint)) != 0)
    g_array_append_val (f->script, status);
  va_end (args);
}

static RdVendorClient *
client (Fixture    *f,
        const char *kind)
{
  g_autoptr(RdProfile) profile = rd_profile_load (g_str_equal (kind, "launch-link") ? "mdai" : "avara", NULL, NULL);
  RdVendorConfig config = {
    .api_base_url = f->base, .api_key_file = f->key_file, .profile_name = (char *) kind,
    .user_name = (char *) "Dr. Lee", .user_email = (char *) "lee@h.example", .language = (char *) "en",
    .default_site_id = (char *) "MAIN", .user_id = (char *) "usr_42ab", .profile = profile,
  };
  g_autoptr(GError) error = NULL;
  RdVendorClient *c = rd_vendor_client_new (kind, &config, &error);

  g_assert_no_error (error);
  rd_vendor_client_set_retry_delay (c, 10);
  return c;
}

static void
on_opened (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static RdVendorLink *
open_study (RdVendorClient *c,
            const char     *uid,
            GError        **error)
{
  g_autoptr(RdStudy) study = rd_study_new ();
  g_autoptr(GAsyncResult) result = NULL;

  rd_study_set_mrn (study, "MRN-42", NULL);
  rd_study_add_accession (study, "ACC-7", NULL);
  if (uid != NULL)
    rd_study_set_study_uid (study, uid, NULL);
  rd_vendor_client_open_async (c, study, NULL, on_opened, &result);
  WAIT_FOR (result != NULL, 30);
  return rd_vendor_client_open_finish (c, result, error);
}

static void
test_mdai (Fixture *f, gconstpointer data)
{
  g_autoptr(RdVendorClient) c = client (f, "launch-link");
  g_autoptr(GError) error = NULL;
  g_autoptr(RdVendorLink) link = open_study (c, "1.2.3", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (link->url, ==, "https://md.example/r/1?t=x");
  g_assert_cmpstr (link->status, ==, "Draft");
  g_assert_cmpstr (link->owner_name, ==, "Dr. Kim");
  g_assert_cmpuint (f->requests->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->requests, 0), ==,
    "POST /api/report/launch/clinical " KEY " {\"tags\":{\"SiteID\":\"MAIN\",\"PatientMRN\":\"MRN-42\","
    "\"Accession\":\"ACC-7\",\"StudyInstanceUID\":\"1.2.3\",\"ReturnFormat\":\"HL7\",\"SpeechLanguage\":\"en\","
    "\"AppLanguage\":\"en\",\"Auth\":\"" KEY "\",\"UserName\":\"Dr. Lee\",\"UserEmail\":\"lee@h.example\"},"
    "\"result\":\"all\",\"lazyLaunch\":false,\"qrCodeSize\":\"standard\",\"qrCodeMode\":\"light\"}");
}

static void
test_avara (Fixture *f, gconstpointer data)
{
  g_autoptr(RdVendorClient) c = client (f, "reroute-url");
  g_autoptr(GError) error = NULL;
  g_autoptr(RdVendorLink) first = open_study (c, "1.2.3", &error);
  g_autoptr(RdVendorLink) second = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (first->url, ==, "https://avara.example/r/1");
  g_assert_cmpuint (f->requests->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (f->requests, 0), ==,
    "POST /v1/autoScribe/studies Bearer " KEY " {\"studyInstanceUid\":\"1.2.3\",\"studyDescription\":\"\","
    "\"severity\":\"normal\",\"reportMetadata\":{\"facilityName\":\"MAIN\",\"mrn\":\"MRN-42\","
    "\"accessionNumber\":\"ACC-7\"}}");
  g_assert_cmpstr (g_ptr_array_index (f->requests, 1), ==,
    "POST /v1/autoScribe/studies/reroute-url Bearer " KEY " {\"assignedToUserId\":\"usr_42ab\","
    "\"studyId\":\"stu_0123456789abcdef0123456789abcdef\"}");
  /* the same study again: not created twice, and a fresh URL */
  second = open_study (c, "1.2.3", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second->url, ==, "https://avara.example/r/2");
  g_assert_cmpuint (f->requests->len, ==, 3);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (f->requests, 2), "POST /v1/autoScribe/studies/reroute-url "));
  /* no study UID: said before anything is sent */
  g_assert_null (open_study (c, NULL, &error));
  g_assert_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (f->requests->len, ==, 3);
}

static void
test_retries (Fixture *f, gconstpointer data)
{
  g_autoptr(RdVendorClient) c = client (f, "reroute-url");
  g_autoptr(GError) error = NULL;
  g_autoptr(RdVendorLink) link = NULL;

  /* 503, 429 on creating, 408 … then fine: 2 retries each request */
  script (f, 503, 429, 200, 408, 200, 0);
  link = open_study (c, "1.2.3", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->requests->len, ==, 5);
  g_clear_pointer (&link, rd_vendor_link_free);

  /* three 502s: given up, and said so */
  script (f, 502, 502, 502, 0);
  g_assert_null (open_study (c, "1.2.4", &error));
  g_assert_error (error, RD_ERROR, RD_ERROR_VENDOR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "server error (502)"));
  g_assert_cmpuint (f->requests->len, ==, 8);
  g_clear_error (&error);

  /* 409 is retried too */
  script (f, 409, 0);
  link = open_study (c, "1.2.5", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->requests->len, ==, 11);
}

static void
test_errors (Fixture *f, gconstpointer data)
{
  g_autoptr(RdVendorClient) c = client (f, "reroute-url");
  g_autoptr(RdVendorClient) mdai = client (f, "launch-link");
  g_autoptr(GError) error = NULL;

  script (f, 401, 0);
  g_assert_null (open_study (c, "1.2.3", &error));
  g_assert_error (error, RD_ERROR, RD_ERROR_KEY_REJECTED);
  g_assert_nonnull (strstr (error->message, "rejected the API key (401)"));
  g_assert_cmpuint (f->requests->len, ==, 1);   /* not retried */
  g_clear_error (&error);

  script (f, 422, 0);
  g_assert_null (open_study (c, "1.2.3", &error));
  g_assert_cmpstr (error->message, ==, "Avara refused the field “severity” (422)");
  g_clear_error (&error);

  script (f, 200, 404, 0);   /* created, then the reroute says unknown */
  g_assert_null (open_study (c, "1.2.3", &error));
  /* with the vendor's own word for it */
  g_assert_cmpstr (error->message, ==, "Avara does not know this study (404); Avara says “scripted”");
  g_clear_error (&error);

  script (f, 403, 0);
  g_assert_null (open_study (mdai, "1.2.3", &error));
  g_assert_nonnull (strstr (error->message, "MD.ai rejected the API key"));
  g_clear_error (&error);

  /* a redirect is not followed: the key goes nowhere else */
  g_ptr_array_set_size (f->requests, 0);
  script (f, 303, 0);
  g_assert_null (open_study (mdai, "1.2.3", &error));
  g_assert_nonnull (strstr (error->message, "redirect"));
  g_assert_nonnull (strstr (error->message, "api-base-url"));
  g_assert_cmpuint (f->requests->len, ==, 1);
  g_clear_error (&error);

  /* the key file went missing */
  g_unlink (f->key_file);
  g_assert_null (open_study (mdai, "1.2.3", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
}

static void
test_unreachable (Fixture *f, gconstpointer data)
{
  g_autoptr(RdVendorClient) c = NULL;
  g_autoptr(GError) error = NULL;

  /* nothing listens there any more */
  soup_server_disconnect (f->server);
  c = client (f, "launch-link");
  g_assert_null (open_study (c, "1.2.3", &error));
  g_assert_error (error, RD_ERROR, RD_ERROR_VENDOR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "did not answer"));
}

static void
test_bad_config (Fixture *f, gconstpointer data)
{
  RdVendorConfig config = { .api_base_url = (char *) "ftp://vendor.example", .user_id = (char *) "usr_1" };
  g_autoptr(GError) error = NULL;

  g_assert_null (rd_vendor_client_new ("launch-link", &config, &error));
  g_assert_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED);
  g_assert_nonnull (strstr (error->message, "api-base-url"));
  g_clear_error (&error);
  config.api_base_url = (char *) "https://vendor.example/";
  config.user_id = (char *) "42";
  g_assert_null (rd_vendor_client_new ("reroute-url", &config, &error));
  g_assert_nonnull (strstr (error->message, "vendor-user-id"));
  g_clear_error (&error);
  g_assert_null (rd_vendor_client_new ("iframe", &config, &error));
  g_assert_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/vendor-client/mdai", Fixture, NULL, setup, test_mdai, teardown);
  g_test_add ("/vendor-client/avara", Fixture, NULL, setup, test_avara, teardown);
  g_test_add ("/vendor-client/retries", Fixture, NULL, setup, test_retries, teardown);
  g_test_add ("/vendor-client/errors", Fixture, NULL, setup, test_errors, teardown);
  g_test_add ("/vendor-client/unreachable", Fixture, NULL, setup, test_unreachable, teardown);
  g_test_add ("/vendor-client/bad-config", Fixture, NULL, setup, test_bad_config, teardown);
  return g_test_run ();
}
