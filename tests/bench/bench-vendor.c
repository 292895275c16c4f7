/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The vendor of bench-compare.py: the demo reporting service behind a
 * proxy that can make it heavy, the way a cloud vendor is — `--heavy`
 * adds 30 cacheable scripts (~3 MB) to the app page, 50 ms to every
 * request and 150 ms to the token endpoint. Every contestant (ReportDock,
 * the bare floor, headless Chromium) talks to this same process, and it
 * says on stdout when the reporting page shows a study:
 *
 *   ready <vendor url> <token url> <API key file> <Chromium host page url>
 *   open_report <real time, µs> <mrn/accessions>   the page received it
 *   showing <real time, µs> <mrn/accessions>       the page shows it
 *   fetched <real time, µs> <path>                 a bundle script was fetched
 *
 * The first comes from a probe added to the app page (the first listener
 * of its messages); neither beacon is ever delayed: they are the
 * measurement. */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rd-demo-service.h"
#include "rd-loopback.h"

#define N_SCRIPTS 30
#define SCRIPT_BYTES (100 * 1024)

static SoupSession *upstream;
static char *backend;
static gboolean heavy;

typedef struct {
  SoupServerMessage *msg;
  SoupMessage       *forward;
  char              *path;
} Pending;

/* ~100 kB of real script per file, as a bundler emits it: many small
 * functions the engine must parse. */
static char *
make_script (guint n)
{
  GString *js = g_string_new ("'use strict';\n");

  for (guint i = 0; js->len < SCRIPT_BYTES; i++)
    g_string_append_printf (js, "function b%u_%u(a,b){const c=[a,b,%u].map((x)=>x*%u+%u);"
                                "return c.reduce((s,x)=>s+x,0)/(b||1);}\n", n, i, i, n + 1, i);
  g_string_append_printf (js, "self.__bench=(self.__bench||0)+b%u_0(1,2);\n", n);
  return g_string_free (js, FALSE);
}

static void
serve_script (SoupServerMessage *msg,
              const char        *path)
{
  guint n = (guint) g_ascii_strtoull (path + strlen ("/bundle/"), NULL, 10);
  char *js = make_script (n);

  /* content-hashed bundle names in real apps: cached for a year */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "public, max-age=31536000, immutable");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/javascript; charset=utf-8", SOUP_MEMORY_TAKE, js, strlen (js));
}

static const char probe[] =
  "addEventListener('message', (e) => {\n"
  "  const m = e.data;\n"
  "  if (m && m.type === 'open_report')\n"
  "    navigator.sendBeacon('/bench/open-report', m.mrn + '/' +\n"
  "      (Array.isArray(m.accession_numbers) ? m.accession_numbers : [m.accession_number]).join(','));\n"
  "});\n";

/* The app page with the probe, and (heavy) the bundle, before the app's
 * own script. */
static GBytes *
add_scripts (GBytes *page)
{
  g_autoptr(GString) html = g_string_new_len (g_bytes_get_data (page, NULL), g_bytes_get_size (page));
  g_autoptr(GString) tags = g_string_new ("<script src=\"/bench/probe.js\"></script>\n");

  for (guint i = 0; heavy && i < N_SCRIPTS; i++)
    g_string_append_printf (tags, "<script src=\"/bundle/%u.js?v=1\" defer></script>\n", i);
  g_string_append (tags, "<script src=\"/app.js\"");
  g_string_replace (html, "<script src=\"/app.js\"", tags->str, 1);
  return g_string_free_to_bytes (g_steal_pointer (&html));
}

static void
copy_header (const char *name,
             const char *value,
             gpointer    headers)
{
  if (g_ascii_strcasecmp (name, "Content-Length") != 0 && g_ascii_strcasecmp (name, "Transfer-Encoding") != 0 &&
      g_ascii_strcasecmp (name, "Connection") != 0 && g_ascii_strcasecmp (name, "Host") != 0 &&
      g_ascii_strcasecmp (name, "Content-Type") != 0)
    soup_message_headers_append (headers, name, value);
}

static void
on_forwarded (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pending *p = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (upstream, result, &error);
  SoupMessageHeaders *from = soup_message_get_response_headers (p->forward);
  const char *type = soup_message_headers_get_content_type (from, NULL);

  if (body == NULL)
    soup_server_message_set_status (p->msg, SOUP_STATUS_BAD_GATEWAY, NULL);
  else
    {
      if (g_str_equal (p->path, "/app") && soup_message_get_status (p->forward) == SOUP_STATUS_OK)
        {
          GBytes *page = add_scripts (body);

          g_bytes_unref (body);
          body = page;
        }
      soup_message_headers_foreach (from, copy_header, soup_server_message_get_response_headers (p->msg));
      soup_server_message_set_status (p->msg, soup_message_get_status (p->forward), NULL);
      soup_server_message_set_response (p->msg, type ? type : "application/octet-stream", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (body, NULL), g_bytes_get_size (body));
    }
  soup_server_message_unpause (p->msg);
  g_object_unref (p->msg);
  g_object_unref (p->forward);
  g_free (p->path);
  g_free (p);
}

static gboolean
forward (gpointer user_data)
{
  Pending *p = user_data;
  GUri *uri = soup_server_message_get_uri (p->msg);
  const char *query = g_uri_get_query (uri);
  g_autofree char *target = g_strconcat (backend, p->path, query ? "?" : "", query ? query : "", NULL);
  SoupMessageBody *request = soup_server_message_get_request_body (p->msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (request);
  const char *type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (p->msg), NULL);

  p->forward = soup_message_new (soup_server_message_get_method (p->msg), target);
  soup_message_headers_foreach (soup_server_message_get_request_headers (p->msg), copy_header,
                                soup_message_get_request_headers (p->forward));
  if (g_bytes_get_size (body) > 0)
    soup_message_set_request_body_from_bytes (p->forward, type, body);
  soup_session_send_and_read_async (upstream, p->forward, G_PRIORITY_DEFAULT, NULL, on_forwarded, p);
  return G_SOURCE_REMOVE;
}

/* The host page of the Chromium contestant: the same handshake as
 * ReportDock's, in the page's own script. */
static void
serve_browser_host (SoupServerMessage *msg)
{
  g_autofree char *path = g_build_filename (BENCH_SRCDIR, "bench-host.html", NULL);
  g_autofree char *html = NULL;
  gsize size;

  if (!g_file_get_contents (path, &html, &size, NULL))
    g_error ("cannot read %s", path);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY, html, size);
}

static void
on_request (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Pending *p;
  guint delay = 0;

  if (g_getenv ("BENCH_VENDOR_VERBOSE") != NULL)
    g_printerr ("%" G_GINT64_FORMAT " %s %s\n", g_get_real_time (),
                soup_server_message_get_method (msg), path);

  if (g_str_equal (path, "/bench-host"))
    {
      serve_browser_host (msg);
      return;
    }
  if (g_str_equal (path, "/bench/probe.js"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/javascript", SOUP_MEMORY_STATIC, probe, strlen (probe));
      return;
    }
  if (g_str_equal (path, "/bench/open-report"))
    {
      g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
      g_autofree char *study = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

      printf ("open_report %" G_GINT64_FORMAT " %s\n", g_get_real_time (), study);
      fflush (stdout);
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
      return;
    }
  if (g_str_equal (path, "/api/showing"))
    {
      g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
      g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      const char *study = strrchr (text, ' ');

      if (study != NULL && study[1] != '\0')
        {
          printf ("showing %" G_GINT64_FORMAT " %s\n", g_get_real_time (), study + 1);
          fflush (stdout);
        }
    }
  else if (heavy)
    delay = g_str_equal (path, "/api/token") ? 150 : 50;

  if (g_str_has_prefix (path, "/bundle/"))
    {
      printf ("fetched %" G_GINT64_FORMAT " %s\n", g_get_real_time (), path);
      fflush (stdout);
      serve_script (msg, path);
      if (delay == 0)
        return;
      soup_server_message_pause (msg);
      g_timeout_add_once (delay, (GSourceOnceFunc) soup_server_message_unpause, msg);
      return;
    }
  p = g_new0 (Pending, 1);
  p->msg = g_object_ref (msg);
  p->path = g_strdup (path);
  soup_server_message_pause (msg);
  if (delay == 0)
    forward (p);
  else
    g_timeout_add (delay, forward, p);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdDemoService) demo = NULL;
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autofree char *key_file = NULL, *vendor_origin = NULL;
  int port;

  heavy = argc > 1 && g_str_equal (argv[1], "--heavy");
  demo = rd_demo_service_new (&error);
  if (demo == NULL || (port = rd_loopback_listen_both (server, 0, &error)) < 0)
    g_error ("%s", error->message);
  backend = g_strdup (rd_demo_service_get_base_url (demo));
  upstream = soup_session_new_with_options ("max-conns", 64, "max-conns-per-host", 64, NULL);
  vendor_origin = g_strdup_printf ("http://127.0.0.1:%d", port);
  soup_server_add_handler (server, NULL, on_request, NULL, NULL);

  key_file = g_build_filename (g_get_tmp_dir (), "bench-vendor-key-XXXXXX", NULL);
  {
    int fd = g_mkstemp_full (key_file, O_WRONLY, 0600);

    if (fd < 0 || write (fd, rd_demo_service_get_api_key (demo), strlen (rd_demo_service_get_api_key (demo))) < 0)
      g_error ("cannot write the API key file");
    close (fd);
  }
  printf ("ready %s/app %s/api/token %s http://localhost:%d/bench-host#key=%s&vendor=%s\n",
          vendor_origin, vendor_origin, key_file, port, rd_demo_service_get_api_key (demo), vendor_origin);
  fflush (stdout);
  while (TRUE)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}
