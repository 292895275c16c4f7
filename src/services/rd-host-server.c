/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-host-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-host-server.h"
#include "rd-error.h"
#include "rd-loopback.h"
#include "rd-url.h"

#include <libsoup/soup.h>
#include <string.h>

/* Serves the host page that holds the vendor iframe, on loopback only. The
 * vendor accepts messages only from whitelisted parent hosts, so the parent
 * must be a real http origin: http://localhost is one, and a secure context
 * in WebKit, so the microphone works. */

#define PAGE_PATH "/report"

struct _RdHostServer
{
  GObject     parent_instance;

  SoupServer *server;
  char       *host;          /* "localhost:PORT", the only Host we answer */
  char       *origin;
  char       *page_url;
  char       *vendor_src;
  char       *vendor_origin;
  char       *title;
  char       *proof;         /* per start: the bridge sends it, the view checks it */
};

G_DEFINE_FINAL_TYPE (RdHostServer, rd_host_server, G_TYPE_OBJECT)

enum {
  REQUEST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
answer_text (SoupServerMessage *msg,
             guint              status,
             const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_COPY,
                                    text, strlen (text));
}

static char *
render_page (RdHostServer *self)
{
  g_autoptr(GBytes) template = g_resources_lookup_data ("/io/github/reportdock/ReportDock/host/report.html",
                                                        G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(GString) page = g_string_new_len (g_bytes_get_data (template, NULL),
                                              g_bytes_get_size (template));
  g_autofree char *src = g_markup_escape_text (self->vendor_src, -1);
  g_autofree char *title = g_markup_escape_text (self->title, -1);

  g_string_replace (page, "{{vendor_src}}", src, 1);
  g_string_replace (page, "{{title}}", title, 1);
  g_string_replace (page, "{{proof}}", self->proof, 1);
  return g_string_free (g_steal_pointer (&page), FALSE);
}

static void
on_request (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  RdHostServer *self = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  const char *host = soup_message_headers_get_one (request, "Host");
  g_autofree char *uri = g_uri_to_string (soup_server_message_get_uri (msg));
  g_autofree char *csp = NULL;
  char *page;

  g_signal_emit (self, signals[REQUEST], 0, method, uri);

  /* Another Host is a DNS-rebinding attempt or a stray client. */
  if (g_strcmp0 (host, self->host) != 0)
    {
      answer_text (msg, SOUP_STATUS_MISDIRECTED_REQUEST, "Not for this host\n");
      return;
    }
  if (!g_str_equal (path, PAGE_PATH))
    {
      answer_text (msg, SOUP_STATUS_NOT_FOUND, "Not found\n");
      return;
    }
  if (!g_str_equal (method, "GET") && !g_str_equal (method, "HEAD"))
    {
      answer_text (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Method not allowed\n");
      return;
    }
  if (self->vendor_src == NULL)
    {
      answer_text (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "No reporting app configured\n");
      return;
    }

  /* The page runs no script of its own (the bridge is a user script in a
   * private world); it may frame the vendor and nothing else. */
  csp = g_strdup_printf ("default-src 'none'; style-src 'unsafe-inline'; frame-src %s; "
                         "base-uri 'none'; form-action 'none'", self->vendor_origin);
  soup_message_headers_replace (response, "Content-Security-Policy", csp);
  soup_message_headers_replace (response, "Cache-Control", "no-store");
  soup_message_headers_replace (response, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (response, "Referrer-Policy", "origin");
  page = render_page (self);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    page, strlen (page));
}

gboolean
rd_host_server_set_vendor (RdHostServer  *self,
                           const char    *vendor_url,
                           const char    *title,
                           GError       **error)
{
  g_autofree char *origin = rd_url_get_origin (vendor_url, error);

  g_return_val_if_fail (RD_IS_HOST_SERVER (self), FALSE);

  if (origin == NULL)
    {
      g_prefix_error (error, "vendor-url: ");
      return FALSE;
    }
  if (g_str_equal (origin, self->origin))
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                           _("vendor-url must not point at ReportDock's own host page"));
      return FALSE;
    }
  g_free (self->vendor_src);
  self->vendor_src = rd_url_add_query_param (vendor_url, "headless", "true");
  g_free (self->vendor_origin);
  self->vendor_origin = g_steal_pointer (&origin);
  g_free (self->title);
  self->title = g_strdup (title);
  return TRUE;
}

const char *
rd_host_server_get_page_url (RdHostServer *self)
{
  g_return_val_if_fail (RD_IS_HOST_SERVER (self), NULL);

  return self->page_url;
}

const char *
rd_host_server_get_origin (RdHostServer *self)
{
  g_return_val_if_fail (RD_IS_HOST_SERVER (self), NULL);

  return self->origin;
}

/* What the page says to prove it is ours, not a look-alike on the same URL. */
const char *
rd_host_server_get_page_proof (RdHostServer *self)
{
  g_return_val_if_fail (RD_IS_HOST_SERVER (self), NULL);

  return self->proof;
}

const char *
rd_host_server_get_vendor_origin (RdHostServer *self)
{
  g_return_val_if_fail (RD_IS_HOST_SERVER (self), NULL);

  return self->vendor_origin;
}

RdHostServer *
rd_host_server_new (GError **error)
{
  g_autoptr(RdHostServer) self = g_object_new (RD_TYPE_HOST_SERVER, NULL);
  int port = rd_loopback_listen_both (self->server, 0, error);

  if (port < 0)
    {
      g_prefix_error (error, "Cannot open the local host-page server: ");
      return NULL;
    }
  self->host = g_strdup_printf ("localhost:%d", port);
  self->origin = g_strdup_printf ("http://%s", self->host);
  self->page_url = g_strconcat (self->origin, PAGE_PATH, NULL);
  g_debug ("host page at %s", self->page_url);
  return g_steal_pointer (&self);
}

static void
rd_host_server_finalize (GObject *object)
{
  RdHostServer *self = RD_HOST_SERVER (object);

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_free (self->host);
  g_free (self->origin);
  g_free (self->page_url);
  g_free (self->vendor_src);
  g_free (self->vendor_origin);
  g_free (self->title);
  g_free (self->proof);
  G_OBJECT_CLASS (rd_host_server_parent_class)->finalize (object);
}

static void
rd_host_server_class_init (RdHostServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_host_server_finalize;

  /* (method, URI) of every request: for diagnostics and tests. */
  signals[REQUEST] =
    g_signal_new ("request", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
rd_host_server_init (RdHostServer *self)
{
  g_autofree char *header = g_strdup_printf ("ReportDock/%s", PACKAGE_VERSION);

  g_autofree char *uuid = g_uuid_string_random ();

  self->server = soup_server_new ("server-header", header, NULL);
  self->proof = g_compute_checksum_for_string (G_CHECKSUM_SHA256, uuid, -1);
  soup_server_add_handler (self->server, NULL, on_request, self, NULL);
}
