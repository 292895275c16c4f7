/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "log-capture.h"
#include "rd-error.h"
#include "rd-loopback.h"
#include "rd-token-source.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

/* The token source against a real SoupServer on 127.0.0.1. */

#define API_KEY "key-7f3a9c-SECRET"

typedef enum { MODE_OK, MODE_401, MODE_500, MODE_HANG, MODE_GARBAGE, MODE_REDIRECT } Mode;

typedef struct {
  SoupServer *server;
  char       *url;
  Mode        mode;
  guint       expires_in;
  guint       n_requests;
  char       *last_key;
  char       *last_body;
  GPtrArray  *issued;
  GSList     *paused;
  guint       n_elsewhere;   /* requests that followed a redirect */
  guint       fail_next;     /* answer 500 to this many requests first */
  char       *elsewhere_key;
} Fixture;

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *f = user_data;
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "x-api-key");
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  char *token, *json;

  f->n_requests++;
  g_free (f->last_key);
  f->last_key = g_strdup (key);
  g_free (f->last_body);
  g_free (f->elsewhere_key);
  f->last_body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  if (f->fail_next > 0)
    {
      f->fail_next--;
      soup_server_message_set_status (msg, 500, NULL);
      return;
    }
  switch (f->mode)
    {
    case MODE_OK:
      token = g_strdup_printf ("tok-%u-SECRETTOKEN", f->n_requests);
      g_ptr_array_add (f->issued, token);
      json = g_strdup_printf ("{\"access_token\":\"%s\",\"expires_in\":%u}", token, f->expires_in);
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, json, strlen (json));
      break;
    case MODE_401:
      soup_server_message_set_status (msg, 401, NULL);
      break;
    case MODE_500:
      soup_server_message_set_status (msg, 500, NULL);
      break;
    case MODE_GARBAGE:
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "{\"acc", 5);
      break;
    case MODE_REDIRECT:
      soup_server_message_set_redirect (msg, 303, "/elsewhere");
      break;
    case MODE_HANG:
      soup_server_message_pause (msg);
      f->paused = g_slist_prepend (f->paused, g_object_ref (msg));
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Where a followed redirect would take the API key. */
static void
elsewhere (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *f = user_data;

  f->n_elsewhere++;
  g_free (f->elsewhere_key);
  f->elsewhere_key = g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                             "x-api-key"));
  soup_server_message_set_status (msg, 200, NULL);
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  int port;

  memset (f, 0, sizeof *f);
  f->expires_in = 3600;
  f->issued = g_ptr_array_new_with_free_func (g_free);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, "/token", handler, f, NULL);
  soup_server_add_handler (f->server, "/elsewhere", elsewhere, f, NULL);
  port = rd_loopback_listen (f->server, &error);
  g_assert_no_error (error);
  f->url = g_strdup_printf ("http://127.0.0.1:%d/token", port);
  log_capture_reset ();
}

static void
teardown (Fixture *f, gconstpointer data)
{
  /* the secret never reaches a log line */
  g_assert_null (strstr (log_capture_text (), API_KEY));
  g_assert_null (strstr (log_capture_text (), "SECRETTOKEN"));
  g_slist_free_full (f->paused, g_object_unref);
  soup_server_disconnect (f->server);
  g_object_unref (f->server);
  g_ptr_array_unref (f->issued);
  g_free (f->url);
  g_free (f->last_key);
  g_free (f->last_body);
  g_free (f->elsewhere_key);
}

static RdTokenSource *
make_source (Fixture *f)
{
  g_autoptr(RdProfile) profile = rd_profile_load ("radpair", NULL, NULL);
  RdTokenSource *source = rd_token_source_new (profile, f->url);

  rd_token_source_set_api_key (source, API_KEY);
  rd_token_source_set_user (source, "dr@example.org", "Ann", "Lee");
  return source;
}

typedef struct {
  char   *token;
  GError *error;
  gboolean done;
} Result;

static void
on_done (GObject *source, GAsyncResult *res, gpointer data)
{
  Result *r = data;

  r->token = rd_token_source_get_finish (RD_TOKEN_SOURCE (source), res, &r->error);
  r->done = TRUE;
}

static void
get (RdTokenSource *source,
     gboolean       fresh,
     Result        *r)
{
  memset (r, 0, sizeof *r);
  rd_token_source_get_async (source, fresh, NULL, on_done, r);
  while (!r->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
result_clear (Result *r)
{
  g_free (r->token);
  g_clear_error (&r->error);
}

static void
test_success_and_cache (Fixture *f, gconstpointer data)
{
  g_autoptr(RdTokenSource) source = make_source (f);
  Result r;

  get (source, FALSE, &r);
  g_assert_no_error (r.error);
  g_assert_cmpstr (r.token, ==, "tok-1-SECRETTOKEN");
  /* the key goes in the configured header, the user in the body */
  g_assert_cmpstr (f->last_key, ==, API_KEY);
  g_assert_cmpstr (f->last_body, ==, "{\"user_email\":\"dr@example.org\",\"first_name\":\"Ann\",\"last_name\":\"Lee\"}");
  result_clear (&r);

  get (source, FALSE, &r);
  g_assert_cmpstr (r.token, ==, "tok-1-SECRETTOKEN");
  g_assert_cmpuint (f->n_requests, ==, 1);
  result_clear (&r);

  get (source, TRUE, &r);
  g_assert_cmpstr (r.token, ==, "tok-2-SECRETTOKEN");
  g_assert_cmpuint (f->n_requests, ==, 2);
  result_clear (&r);
}

static void
test_custom_header (Fixture *f, gconstpointer data)
{
  g_autoptr(RdTokenSource) source = make_source (f);
  Result r;

  rd_token_source_set_api_key_header (source, "X-Other");
  get (source, FALSE, &r);
  g_assert_null (f->last_key);   /* not in x-api-key any more */
  result_clear (&r);
}

static void
assert_fails (Fixture *f,
              Mode     mode,
              int      code)
{
  g_autoptr(RdTokenSource) source = make_source (f);
  Result r;

  f->mode = mode;
  rd_token_source_set_timeout (source, 1);
  get (source, FALSE, &r);
  g_assert_null (r.token);
  g_assert_error (r.error, RD_ERROR, code);
  g_assert_cmpuint (strlen (r.error->message), >, 20);
  result_clear (&r);
}

static void test_401 (Fixture *f, gconstpointer d) { assert_fails (f, MODE_401, RD_ERROR_KEY_REJECTED); }
static void test_500 (Fixture *f, gconstpointer d) { assert_fails (f, MODE_500, RD_ERROR_VENDOR_UNREACHABLE); }
static void test_timeout (Fixture *f, gconstpointer d) { assert_fails (f, MODE_HANG, RD_ERROR_VENDOR_UNREACHABLE); }
static void test_garbage (Fixture *f, gconstpointer d) { assert_fails (f, MODE_GARBAGE, RD_ERROR_MALFORMED_RESPONSE); }

/* A 303 from token-url is an error naming the setting; the key goes nowhere else. */
static void
test_redirect_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(RdTokenSource) source = make_source (f);
  Result r;

  f->mode = MODE_REDIRECT;
  get (source, FALSE, &r);
  g_assert_null (r.token);
  g_assert_error (r.error, RD_ERROR, RD_ERROR_NOT_CONFIGURED);
  g_assert_nonnull (strstr (r.error->message, "redirect"));
  g_assert_nonnull (strstr (r.error->message, "token-url"));
  g_assert_cmpuint (f->n_elsewhere, ==, 0);
  g_assert_null (f->elsewhere_key);
  result_clear (&r);
}

static void
test_unreachable (Fixture *f, gconstpointer data)
{
  g_autoptr(RdTokenSource) source = NULL;
  Result r;

  soup_server_disconnect (f->server);
  source = make_source (f);
  get (source, FALSE, &r);
  g_assert_error (r.error, RD_ERROR, RD_ERROR_VENDOR_UNREACHABLE);
  result_clear (&r);
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
test_refresh_before_expiry (Fixture *f, gconstpointer data)
{
  g_autoptr(RdTokenSource) source = make_source (f);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Result r;

  f->expires_in = 2;   /* refreshed a tenth of its life early: at 1.8 s */
  get (source, FALSE, &r);
  g_assert_cmpstr (r.token, ==, "tok-1-SECRETTOKEN");
  result_clear (&r);

  g_timeout_add (1950, quit_loop, loop);
  g_main_loop_run (loop);
  /* refreshed on its own, before it expired */
  g_assert_cmpuint (f->n_requests, ==, 2);
  get (source, FALSE, &r);
  g_assert_cmpstr (r.token, ==, "tok-2-SECRETTOKEN");
  g_assert_cmpuint (f->n_requests, ==, 2);
  result_clear (&r);
}

/* A machine that sleeps: no timer runs, and the token near its end is not
 * handed out on waking (the wall clock decides at the moment of use). */
static void
test_no_stale_token_after_suspend (Fixture *f, gconstpointer data)
{
  g_autoptr(RdTokenSource) source = make_source (f);
  Result r;

  f->expires_in = 3;   /* handed out until 2.7 s, then a fresh one */
  get (source, FALSE, &r);
  g_assert_cmpstr (r.token, ==, "tok-1-SECRETTOKEN");
  result_clear (&r);
  g_usleep (2800 * 1000);   /* "suspended": the main loop and its timers did not run */
  get (source, FALSE, &r);
  g_assert_cmpstr (r.token, ==, "tok-2-SECRETTOKEN");
  g_assert_cmpuint (f->n_requests, ==, 2);
  result_clear (&r);
}

/* A background refresh that fails is tried again, later each time, until
 * it works. */
static void
test_failed_refresh_is_retried (Fixture *f, gconstpointer data)
{
  g_autoptr(RdTokenSource) source = make_source (f);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  GLogLevelFlags fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  Result r;

  rd_token_source_set_retry_delay (source, 300);
  g_signal_connect_swapped (source, "refreshed", G_CALLBACK (g_main_loop_quit), loop);
  f->expires_in = 2;    /* the background refresh is due at 1.8 s */
  get (source, FALSE, &r);
  result_clear (&r);
  f->fail_next = 2;     /* it fails twice: retried after 0.3 s, then 0.6 s */
  g_main_loop_run (loop);
  g_assert_cmpuint (f->n_requests, ==, 4);
  get (source, FALSE, &r);
  g_assert_cmpstr (r.token, ==, "tok-4-SECRETTOKEN");
  g_assert_cmpuint (f->n_requests, ==, 4);
  result_clear (&r);
  g_log_set_always_fatal (fatal);
}

static void
test_concurrent_requests_share_one_fetch (Fixture *f, gconstpointer data)
{
  g_autoptr(RdTokenSource) source = make_source (f);
  Result a = { 0 }, b = { 0 };

  rd_token_source_get_async (source, FALSE, NULL, on_done, &a);
  rd_token_source_get_async (source, FALSE, NULL, on_done, &b);
  while (!a.done || !b.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (a.token, ==, b.token);
  g_assert_cmpuint (f->n_requests, ==, 1);
  result_clear (&a);
  result_clear (&b);
}

static void
test_key_file (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdProfile) profile = rd_profile_load ("radpair", NULL, NULL);
  g_autoptr(RdTokenSource) source = rd_token_source_new (profile, f->url);
  g_autofree char *dir = g_dir_make_tmp ("rd-key-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "api-key", NULL);
  g_autofree char *missing = g_build_filename (dir, "nope", NULL);
  Result r;

  rd_token_source_set_user (source, "dr@example.org", NULL, NULL);
  g_assert_true (g_file_set_contents (path, API_KEY "\n", -1, &error));

  g_chmod (path, 0644);
  rd_token_source_set_api_key_file (source, path);
  get (source, FALSE, &r);
  g_assert_error (r.error, RD_ERROR, RD_ERROR_INSECURE_FILE);
  g_assert_nonnull (strstr (r.error->message, "chmod 600"));
  g_assert_cmpuint (f->n_requests, ==, 0);
  result_clear (&r);

  g_chmod (path, 0600);
  get (source, FALSE, &r);
  g_assert_no_error (r.error);
  g_assert_cmpstr (f->last_key, ==, API_KEY);   /* stripped of its newline */
  result_clear (&r);

  rd_token_source_set_api_key_file (source, missing);
  get (source, TRUE, &r);
  g_assert_error (r.error, RD_ERROR, RD_ERROR_NO_API_KEY);
  result_clear (&r);

  g_assert_true (g_file_set_contents (path, "", -1, &error));
  g_chmod (path, 0600);
  rd_token_source_set_api_key_file (source, path);
  get (source, TRUE, &r);
  g_assert_error (r.error, RD_ERROR, RD_ERROR_NO_API_KEY);
  g_assert_nonnull (strstr (r.error->message, "empty"));
  result_clear (&r);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_not_configured (Fixture *f, gconstpointer data)
{
  g_autoptr(RdProfile) profile = rd_profile_load ("radpair", NULL, NULL);
  g_autoptr(RdTokenSource) no_url = rd_token_source_new (profile, "");
  g_autoptr(RdTokenSource) no_email = make_source (f);
  Result r;

  rd_token_source_set_api_key (no_url, API_KEY);
  get (no_url, FALSE, &r);
  g_assert_error (r.error, RD_ERROR, RD_ERROR_NOT_CONFIGURED);
  g_assert_nonnull (strstr (r.error->message, "token-url"));
  result_clear (&r);

  rd_token_source_set_user (no_email, NULL, NULL, NULL);
  get (no_email, FALSE, &r);
  g_assert_error (r.error, RD_ERROR, RD_ERROR_NOT_CONFIGURED);
  g_assert_nonnull (strstr (r.error->message, "user-email"));
  g_assert_cmpuint (f->n_requests, ==, 0);
  result_clear (&r);
}

static void
test_no_key_anywhere (Fixture *f, gconstpointer data)
{
  g_autoptr(RdProfile) profile = rd_profile_load ("radpair", NULL, NULL);
  g_autoptr(RdTokenSource) source = rd_token_source_new (profile, f->url);
  Result r;

  /* no key file: the Secret Service is asked; none runs here */
  rd_token_source_set_user (source, "dr@example.org", NULL, NULL);
  get (source, FALSE, &r);
  g_assert_error (r.error, RD_ERROR, RD_ERROR_NO_API_KEY);
  g_assert_nonnull (strstr (r.error->message, "secret-tool store"));
  g_assert_cmpuint (f->n_requests, ==, 0);
  result_clear (&r);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  log_capture_install ();

#define ADD(path, fn) g_test_add ("/token-source/" path, Fixture, NULL, setup, fn, teardown)
  ADD ("success-and-cache", test_success_and_cache);
  ADD ("custom-header", test_custom_header);
  ADD ("401", test_401);
  ADD ("500", test_500);
  ADD ("timeout", test_timeout);
  ADD ("malformed", test_garbage);
  ADD ("redirect-refused", test_redirect_refused);
  ADD ("unreachable", test_unreachable);
  ADD ("refresh-before-expiry", test_refresh_before_expiry);
  ADD ("no-stale-token-after-suspend", test_no_stale_token_after_suspend);
  ADD ("failed-refresh-is-retried", test_failed_refresh_is_retried);
  ADD ("concurrent", test_concurrent_requests_share_one_fetch);
  ADD ("key-file", test_key_file);
  ADD ("not-configured", test_not_configured);
  ADD ("no-key-anywhere", test_no_key_anywhere);
  return g_test_run ();
}
