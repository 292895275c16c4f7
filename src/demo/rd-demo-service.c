/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-demo"

#include "config.h"

#include "rd-demo-service.h"
#include "rd-http-reply.h"
#include "rd-demo-link-vendors.h"
#include "rd-loopback.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

/* A reporting vendor on loopback that follows docs/protocol.md §1 faithfully:
 * token endpoint, embeddable reporting page, image viewer page. It lets a
 * new user see the whole flow without vendor credentials, and it is the
 * vendor every integration test talks to. */

#define RESOURCE_DIR "/io/github/reportdock/ReportDock/demo/"
#define DEMO_USER_NAME "Dr. Demo Radiologist"

struct _RdDemoService
{
  GObject     parent_instance;

  SoupServer *server;
  char       *base_url;
  char       *api_key;
  GHashTable *tokens;          /* token → e-mail */
  guint       token_lifetime;
  guint       n_tokens_issued;
  guint       n_sign_ins;
  RdDemoLinkVendors *link_vendors;
  GPtrArray  *showing;         /* what the demo pages said they show, as it arrived */
  char       *showing_now;     /* the one said last (by the pages' order) */
  double      showing_page;    /* when the page saying it started */
  guint64     showing_count;   /* its count within that page */
  char       *keyboard;        /* where the demo page's keyboard is: JSON, the latest by the page's order */
  double      keyboard_page;
  gint64      keyboard_count;
  guint       n_beforeunload;
  RdDemoRecording recording;   /* the last dictation uploaded */
  guint       n_recordings;
};

G_DEFINE_FINAL_TYPE (RdDemoService, rd_demo_service, G_TYPE_OBJECT)

static void
handle_token (RdDemoService     *self,
              SoupServerMessage *msg)
{
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                  "x-api-key");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GBytes) body = soup_message_body_flatten (request);
  JsonNode *root;
  const char *email = NULL;
  g_autofree char *hex = NULL;
  char *token;

  if (key == NULL || !g_str_equal (key, self->api_key))
    {
      rd_http_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "invalid API key");
      return;
    }
  if (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    email = json_object_get_string_member_with_default (json_node_get_object (root), "user_email", NULL);
  if (email == NULL || strchr (email, '@') == NULL)
    {
      rd_http_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "user_email is required");
      return;
    }

  hex = rd_demo_random_hex (16);
  token = g_strconcat ("demo-token-", hex, NULL);
  g_hash_table_insert (self->tokens, token, g_strdup (email));
  self->n_tokens_issued++;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "access_token");
  json_builder_add_string_value (b, token);
  json_builder_set_member_name (b, "expires_in");
  json_builder_add_int_value (b, self->token_lifetime);
  json_builder_end_object (b);
  rd_http_reply_json (msg, SOUP_STATUS_OK, b);
}

/* The iframe page checks the token it was given against this endpoint. */
static void
handle_session (RdDemoService     *self,
                SoupServerMessage *msg)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");
  const char *email;
  g_autoptr(JsonBuilder) b = json_builder_new ();

  if (auth == NULL || !g_str_has_prefix (auth, "Bearer ") ||
      (email = g_hash_table_lookup (self->tokens, auth + strlen ("Bearer "))) == NULL)
    {
      rd_http_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "The access token is not valid");
      return;
    }
  self->n_sign_ins++;
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "user_info");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, DEMO_USER_NAME);
  json_builder_set_member_name (b, "email");
  json_builder_add_string_value (b, email);
  json_builder_end_object (b);
  json_builder_end_object (b);
  rd_http_reply_json (msg, SOUP_STATUS_OK, b);
}

static void
serve_resource (SoupServerMessage *msg,
                const char        *name,
                const char        *content_type)
{
  g_autofree char *path = g_strconcat (RESOURCE_DIR, name, NULL);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  g_assert (bytes != NULL);
  /* Like a real vendor: framable only by whitelisted parent hosts. */
  soup_message_headers_replace (headers, "Content-Security-Policy",
                                "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                                "img-src 'self' data:; frame-ancestors http://localhost:*");
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* Shows which study it was opened for, as a real viewer would. */
static void
handle_viewer (SoupServerMessage *msg,
               GHashTable        *query)
{
  static const char * const keys[] = { "study", "accession", "mrn", "site", NULL };
  g_autoptr(GBytes) bytes = g_resources_lookup_data (RESOURCE_DIR "viewer.html",
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(GString) page = g_string_new_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  char *html;

  for (guint i = 0; keys[i] != NULL; i++)
    {
      const char *value = query ? g_hash_table_lookup (query, keys[i]) : NULL;
      g_autofree char *escaped = g_markup_escape_text (value ? value : "—", -1);
      g_autofree char *placeholder = g_strdup_printf ("{{%s}}", keys[i]);

      g_string_replace (page, placeholder, escaped, 0);
    }
  html = g_string_free (g_steal_pointer (&page), FALSE);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE, html, strlen (html));
}

/* The demo pages say which study they show ("" for none) whenever that
 * changes, so that tests can see what is on screen from the page itself.
 * Body: "<page start, ms> <count within the page> <study>"; requests may
 * overtake each other, so the latest by that order is what is on screen. */
static void
handle_showing (RdDemoService     *self,
                SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  gsize size = g_bytes_get_size (body);
  g_autofree char *text = NULL;
  char *end = NULL, *study = NULL;
  guint64 count = 0;
  double page;

  if (size > 1024 || !g_utf8_validate (g_bytes_get_data (body, NULL), size, NULL))
    {
      rd_http_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "not a study");
      return;
    }
  text = g_strndup (g_bytes_get_data (body, NULL), size);
  page = g_ascii_strtod (text, &end);
  if (end != text && *end == ' ')
    count = g_ascii_strtoull (end + 1, &study, 10);
  if (end == text || *end != ' ' || study == NULL || study == end + 1 || *study != ' ')
    {
      rd_http_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "body is \"<page start> <count> <study>\"");
      return;
    }
  g_ptr_array_add (self->showing, g_strdup (study + 1));
  if (page > self->showing_page || (page == self->showing_page && count > self->showing_count))
    {
      self->showing_page = page;
      self->showing_count = count;
      g_free (self->showing_now);
      self->showing_now = g_strdup (study + 1);
    }
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

/* The demo page says where its keyboard is and what was typed there
 * whenever that changes: {"page": start, "n": count, "field": "findings"
 * or null, "accession": …, "text": …}. Tests see a keystroke land. */
static void
handle_keyboard (RdDemoService     *self,
                 SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *o;
  double page;
  gint64 count;

  if (g_bytes_get_size (body) > 4096 ||
      !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (o = json_node_get_object (root), "page") || !json_object_has_member (o, "n"))
    {
      rd_http_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "body is {\"page\": …, \"n\": …, \"field\": …}");
      return;
    }
  page = json_object_get_double_member (o, "page");
  count = json_object_get_int_member (o, "n");
  if (page > self->keyboard_page || (page == self->keyboard_page && count > self->keyboard_count))
    {
      self->keyboard_page = page;
      self->keyboard_count = count;
      g_free (self->keyboard);
      self->keyboard = json_to_string (root, FALSE);
    }
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

#define RECORDING_MAX_BYTES (16 * 1024 * 1024)

static void
recording_clear (RdDemoRecording *r)
{
  g_clear_pointer (&r->audio, g_bytes_unref);
  g_clear_pointer (&r->type, g_free);
  g_clear_pointer (&r->input, g_free);
  g_clear_pointer (&r->formats, g_free);
}

/* A dictation uploaded by the demo page, as a vendor's page uploads its
 * audio: the recording as the body, its format as Content-Type, and what
 * the page itself heard (the input's name, the pitch) in the query. */
static void
handle_recording (RdDemoService     *self,
                  SoupServerMessage *msg,
                  GHashTable        *query)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  const char *type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);
  const char *input = query ? g_hash_table_lookup (query, "input") : NULL;
  const char *heard = query ? g_hash_table_lookup (query, "heard_hz") : NULL;
  const char *formats = query ? g_hash_table_lookup (query, "formats") : NULL;
  char *end = NULL;
  double hz = heard ? g_ascii_strtod (heard, &end) : -1;

  if (g_bytes_get_size (body) == 0 || g_bytes_get_size (body) > RECORDING_MAX_BYTES)
    {
      rd_http_reply_error (msg, g_bytes_get_size (body) == 0 ? SOUP_STATUS_BAD_REQUEST
                                                             : SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                           "a recording is 1 byte to 16 MB of audio");
      return;
    }
  if (type == NULL || !g_str_has_prefix (type, "audio/") || input == NULL || !g_utf8_validate (input, -1, NULL) ||
      end == heard || *end != '\0' || hz < 0)
    {
      rd_http_reply_error (msg, SOUP_STATUS_BAD_REQUEST,
                           "send the audio with an audio/* Content-Type, ?input=NAME&heard_hz=N");
      return;
    }
  recording_clear (&self->recording);
  self->recording.audio = g_bytes_ref (body);
  self->recording.type = g_strdup (type);
  self->recording.input = g_strdup (input);
  self->recording.heard_hz = hz;
  self->recording.formats = g_strdup (formats && g_utf8_validate (formats, -1, NULL) ? formats : "");
  self->n_recordings++;
  g_info ("demo: a recording of %zu bytes (%s) from \"%s\"; the page's listener: %s", g_bytes_get_size (body),
          type, input, query && g_hash_table_lookup (query, "listening") ? (char *) g_hash_table_lookup (query, "listening") : "?");
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

static void
on_request (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  RdDemoService *self = user_data;
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (path, "/api/token") && g_str_equal (method, "POST"))
    handle_token (self, msg);
  else if (g_str_equal (path, "/api/session") && g_str_equal (method, "POST"))
    handle_session (self, msg);
  else if (g_str_equal (path, "/app") && g_str_equal (method, "GET"))
    serve_resource (msg, "app.html", "text/html; charset=utf-8");
  else if (g_str_equal (path, "/app.js") && g_str_equal (method, "GET"))
    serve_resource (msg, "app.js", "text/javascript; charset=utf-8");
  else if (g_str_equal (path, "/listener.js") && g_str_equal (method, "GET"))
    serve_resource (msg, "listener.js", "text/javascript; charset=utf-8");
  else if (g_str_equal (path, "/app.css") && g_str_equal (method, "GET"))
    serve_resource (msg, "app.css", "text/css; charset=utf-8");
  else if (g_str_equal (path, "/api/showing") && g_str_equal (method, "POST"))
    handle_showing (self, msg);
  else if (g_str_equal (path, "/api/keyboard") && g_str_equal (method, "POST"))
    handle_keyboard (self, msg);
  else if (g_str_equal (path, "/api/recording") && g_str_equal (method, "POST"))
    handle_recording (self, msg, query);
  else if (g_str_equal (path, "/api/beforeunload") && g_str_equal (method, "POST"))
    {
      self->n_beforeunload++;
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
    }
  else if (g_str_equal (path, "/viewer") && g_str_equal (method, "GET"))
    handle_viewer (msg, query);
  else if (rd_demo_link_vendors_handle (self->link_vendors, msg, path))
    ;
  else
    rd_http_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not found");
}

RdDemoService *
rd_demo_service_new (GError **error)
{
  g_autoptr(RdDemoService) self = g_object_new (RD_TYPE_DEMO_SERVICE, NULL);
  int port = rd_loopback_listen (self->server, error);

  if (port < 0)
    {
      g_prefix_error (error, "Cannot start the demo reporting service: ");
      return NULL;
    }
  /* 127.0.0.1, not localhost: the vendor must be another origin than the
   * host page, as a real one is. */
  self->base_url = g_strdup_printf ("http://127.0.0.1:%d", port);
  rd_demo_link_vendors_set_base_url (self->link_vendors, self->base_url);
  return g_steal_pointer (&self);
}

const char *
rd_demo_service_get_base_url (RdDemoService *self)
{
  g_return_val_if_fail (RD_IS_DEMO_SERVICE (self), NULL);

  return self->base_url;
}

const char *
rd_demo_service_get_api_key (RdDemoService *self)
{
  g_return_val_if_fail (RD_IS_DEMO_SERVICE (self), NULL);

  return self->api_key;
}

char *
rd_demo_service_get_vendor_url (RdDemoService *self)
{
  g_return_val_if_fail (RD_IS_DEMO_SERVICE (self), NULL);

  return g_strconcat (self->base_url, "/app", NULL);
}

char *
rd_demo_service_get_token_url (RdDemoService *self)
{
  g_return_val_if_fail (RD_IS_DEMO_SERVICE (self), NULL);

  return g_strconcat (self->base_url, "/api/token", NULL);
}

char *
rd_demo_service_get_viewer_template (RdDemoService *self)
{
  g_return_val_if_fail (RD_IS_DEMO_SERVICE (self), NULL);

  return g_strconcat (self->base_url,
                      "/viewer?study={study_uid}&accession={accession}&mrn={mrn}&site={site}",
                      NULL);
}

guint
rd_demo_service_get_n_tokens_issued (RdDemoService *self)
{
  g_return_val_if_fail (RD_IS_DEMO_SERVICE (self), 0);

  return self->n_tokens_issued;
}

guint
rd_demo_service_get_n_sign_ins (RdDemoService *self)
{
  g_return_val_if_fail (RD_IS_DEMO_SERVICE (self), 0);

  return self->n_sign_ins;
}

void
rd_demo_service_set_token_lifetime (RdDemoService *self,
                                    guint          seconds)
{
  g_return_if_fail (RD_IS_DEMO_SERVICE (self));

  self->token_lifetime = seconds;
}

static void
rd_demo_service_finalize (GObject *object)
{
  RdDemoService *self = RD_DEMO_SERVICE (object);

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_pointer (&self->tokens, g_hash_table_unref);
  g_clear_pointer (&self->link_vendors, rd_demo_link_vendors_free);
  g_clear_pointer (&self->showing, g_ptr_array_unref);
  g_free (self->showing_now);
  g_free (self->keyboard);
  recording_clear (&self->recording);
  g_free (self->base_url);
  g_free (self->api_key);
  G_OBJECT_CLASS (rd_demo_service_parent_class)->finalize (object);
}

/* MD.ai's and Avara's API base: the same demo server. */
const char *
rd_demo_service_get_api_base_url (RdDemoService *self)
{
  g_return_val_if_fail (RD_IS_DEMO_SERVICE (self), NULL);

  return self->base_url;
}

guint
rd_demo_service_get_n_links (RdDemoService *self)
{
  g_return_val_if_fail (RD_IS_DEMO_SERVICE (self), 0);

  return rd_demo_link_vendors_get_n_links (self->link_vendors);
}

const char *
rd_demo_service_get_showing (RdDemoService *self)
{
  g_return_val_if_fail (RD_IS_DEMO_SERVICE (self), NULL);

  return self->showing_now;
}

GPtrArray *
rd_demo_service_get_showing_history (RdDemoService *self)
{
  g_return_val_if_fail (RD_IS_DEMO_SERVICE (self), NULL);

  return self->showing;
}

/* Where the demo page's keyboard is, as it last said (JSON), or NULL. */
const char *
rd_demo_service_get_keyboard (RdDemoService *self)
{
  g_return_val_if_fail (RD_IS_DEMO_SERVICE (self), NULL);

  return self->keyboard;
}

/* The last recording uploaded, or NULL; n: how many so far. */
const RdDemoRecording *
rd_demo_service_get_recording (RdDemoService *self,
                               guint         *n)
{
  g_return_val_if_fail (RD_IS_DEMO_SERVICE (self), NULL);

  if (n != NULL)
    *n = self->n_recordings;
  return self->recording.audio != NULL ? &self->recording : NULL;
}

guint
rd_demo_service_get_n_beforeunload (RdDemoService *self)
{
  g_return_val_if_fail (RD_IS_DEMO_SERVICE (self), 0);

  return self->n_beforeunload;
}

static void
rd_demo_service_class_init (RdDemoServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_demo_service_finalize;
}

static void
rd_demo_service_init (RdDemoService *self)
{
  g_autofree char *hex = rd_demo_random_hex (16);

  self->server = soup_server_new ("server-header", "ReportDock-demo", NULL);
  soup_server_add_handler (self->server, NULL, on_request, self, NULL);
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->api_key = g_strconcat ("demo-key-", hex, NULL);
  self->link_vendors = rd_demo_link_vendors_new (self->api_key);
  self->token_lifetime = 3600;
  self->showing = g_ptr_array_new_with_free_func (g_free);
}
