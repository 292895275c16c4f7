/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-error.h"
#include "rd-host-server.h"
#include "rd-loopback.h"

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
  /* exactly docs/protocol.md §1.1, with the values escaped */
  g_assert_nonnull (strstr (r.body, "<iframe id=\"vendor\" src=\"https://Vendor.example:8443/embed?lang=en&amp;x=&quot;&gt;&lt;script&gt;&amp;headless=true\" "
                                    "allow=\"microphone; hid\" credentialless title=\"Reporting\"></iframe>"));
  g_assert_nonnull (strstr (r.body, "<title>Dr &lt;b&gt;</title>"));
  /* the per-start proof the bridge reports, 64 hex digits */
  {
    g_autofree char *meta = g_strdup_printf ("<meta name=\"reportdock-page\" content=\"%s\">",
                                             rd_host_server_get_page_proof (server));

    g_assert_cmpuint (strlen (rd_host_server_get_page_proof (server)), ==, 64);
    g_assert_nonnull (strstr (r.body, meta));
  }
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

/* A socket bound to the loopback of this family on port (0: any); NULL and
 * error when that cannot be. */
static GSocket *
bind_loopback (GSocketFamily   family,
               guint           port,
               GError        **error)
{
  g_autoptr(GSocket) socket = g_socket_new (family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (family);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  if (socket == NULL || !g_socket_bind (socket, address, FALSE, error) || !g_socket_listen (socket, error))
    return NULL;
  return g_steal_pointer (&socket);
}

static guint
port_of (GSocket *socket)
{
  g_autoptr(GSocketAddress) address = g_socket_get_local_address (socket, NULL);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
}

static void
assert_port_taken (GSocketFamily family,
                   guint         port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) other = bind_loopback (family, port, &error);

  g_assert_null (other);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
}

/* Another account that holds [::1]:PORT would answer for localhost:PORT
 * (WebKit tries [::1] first): the host page's port is ours on both
 * loopbacks, and a port squatted on [::1] is given up for another. */
static void
test_loopback_cannot_be_squatted (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) squatter = bind_loopback (G_SOCKET_FAMILY_IPV6, 0, &error);
  g_autoptr(SoupServer) soup = soup_server_new (NULL, NULL);
  g_autoptr(RdHostServer) server = NULL;
  g_autoptr(GUri) page = NULL;
  int port;

  if (squatter == NULL)
    {
      g_test_skip ("this machine has no IPv6 loopback, so nobody can hold [::1] either");
      return;
    }
  /* the squatter came first on the port we are told to try */
  port = rd_loopback_listen_both (soup, port_of (squatter), &error);
  g_assert_no_error (error);
  g_assert_cmpint (port, >, 0);
  g_assert_cmpint (port, !=, (int) port_of (squatter));
  assert_port_taken (G_SOCKET_FAMILY_IPV4, port);
  assert_port_taken (G_SOCKET_FAMILY_IPV6, port);

  /* the host server holds both */
  server = rd_host_server_new (&error);
  g_assert_no_error (error);
  page = g_uri_parse (rd_host_server_get_page_url (server), G_URI_FLAGS_NONE, NULL);
  assert_port_taken (G_SOCKET_FAMILY_IPV4, g_uri_get_port (page));
  assert_port_taken (G_SOCKET_FAMILY_IPV6, g_uri_get_port (page));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/host-server/page", test_page);
  g_test_add_func ("/host-server/bad-vendor", test_bad_vendor);
  g_test_add_func ("/host-server/loopback-cannot-be-squatted", test_loopback_cannot_be_squatted);
  return g_test_run ();
}
