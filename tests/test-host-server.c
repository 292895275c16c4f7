/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-error.h"
#include "rd-host-server.h"

#include <libsoup/soup.h>
#include <string.h>

typedef struct {
  guint  status;
  char  *body;
  char  *csp;
} Response;

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GBytes **body = user_data;
  g_autoptr(GError) error = NULL;

  *body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
}

/* The server runs in this thread: the request goes out asynchronously. */
static void
fetch (const char *method,
       const char *url,
       const char *host,
       Response   *out)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) body = NULL;

  if (host != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Host", host);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_sent, &body);
  while (body == NULL)
    g_main_context_iteration (NULL, TRUE);
  out->status = soup_message_get_status (msg);
  out->body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  out->csp = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                     "Content-Security-Policy"));
}

static void
response_clear (Response *r)
{
  g_free (r->body);
  g_free (r->csp);
}

static void
test_page (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdHostServer) server = rd_host_server_new (&error);
  g_autofree char *wrong_host = NULL;
  Response r;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (rd_host_server_get_page_url (server), "http://localhost:"));
  g_assert_true (g_str_has_suffix (rd_host_server_get_page_url (server), "/report"));

  /* nothing configured yet */
  fetch ("GET", rd_host_server_get_page_url (server), NULL, &r);
  g_assert_cmpuint (r.status, ==, 503);
  response_clear (&r);

  g_assert_true (rd_host_server_set_vendor (server, "https://Vendor.example:8443/embed?lang=en&x=\"><script>",
                                            "Dr <b>", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (rd_host_server_get_vendor_origin (server), ==, "https://vendor.example:8443");

  fetch ("GET", rd_host_server_get_page_url (server), NULL, &r);
  g_assert_cmpuint (r.status, ==, 200);
  /* exactly protocol.md §1.1, with the values escaped */
  g_assert_nonnull (strstr (r.body, "<iframe id=\"vendor\" src=\"https://Vendor.example:8443/embed?lang=en&amp;x=&quot;&gt;&lt;script&gt;&amp;headless=true\" "
                                    "allow=\"microphone; hid\" credentialless title=\"Reporting\"></iframe>"));
  g_assert_nonnull (strstr (r.body, "<title>Dr &lt;b&gt;</title>"));
  g_assert_null (strstr (r.body, "<script"));
  g_assert_nonnull (strstr (r.csp, "frame-src https://vendor.example:8443;"));
  g_assert_nonnull (strstr (r.csp, "default-src 'none'"));
  response_clear (&r);

  fetch ("GET", rd_host_server_get_page_url (server), "evil.example", &r);
  g_assert_cmpuint (r.status, ==, 421);
  response_clear (&r);

  wrong_host = g_strdup_printf ("%s/other", rd_host_server_get_origin (server));
  fetch ("GET", wrong_host, NULL, &r);
  g_assert_cmpuint (r.status, ==, 404);
  response_clear (&r);

  fetch ("POST", rd_host_server_get_page_url (server), NULL, &r);
  g_assert_cmpuint (r.status, ==, 405);
  response_clear (&r);
}

static void
test_bad_vendor (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdHostServer) server = rd_host_server_new (&error);
  const char *bad[] = { "", "file:///etc/passwd", "javascript:alert(1)", "ftp://x.org/" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (rd_host_server_set_vendor (server, bad[i], "T", &error));
      g_assert_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED);
      g_assert_true (g_str_has_prefix (error->message, "vendor-url: "));
      g_clear_error (&error);
    }
  g_assert_false (rd_host_server_set_vendor (server, rd_host_server_get_page_url (server), "T", &error));
  g_assert_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/host-server/page", test_page);
  g_test_add_func ("/host-server/bad-vendor", test_bad_vendor);
  return g_test_run ();
}
