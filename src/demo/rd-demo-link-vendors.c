/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-demo"

#include "config.h"

#include "rd-demo-link-vendors.h"
#include "rd-http-reply.h"

#include <json-glib/json-glib.h>
#include <string.h>

#define DEMO_OWNER "Dr. Demo Radiologist"

struct _RdDemoLinkVendors
{
  char       *api_key;
  char       *base_url;
  GHashTable *studies;   /* stu_… → study instance UID */
  GHashTable *pages;     /* one-time page key → JSON of what the page shows */
  guint       n_links;
};

RdDemoLinkVendors *
rd_demo_link_vendors_new (const char *api_key)
{
  RdDemoLinkVendors *self = g_new0 (RdDemoLinkVendors, 1);

  self->api_key = g_strdup (api_key);
  self->studies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->pages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
rd_demo_link_vendors_free (RdDemoLinkVendors *self)
{
  if (self == NULL)
    return;
  g_free (self->api_key);
  g_free (self->base_url);
  g_hash_table_unref (self->studies);
  g_hash_table_unref (self->pages);
  g_free (self);
}

void
rd_demo_link_vendors_set_base_url (RdDemoLinkVendors *self,
                                   const char        *base_url)
{
  g_free (self->base_url);
  self->base_url = g_strdup (base_url);
}

guint
rd_demo_link_vendors_get_n_links (RdDemoLinkVendors *self)
{
  return self->n_links;
}

char *
rd_demo_random_hex (guint n_bytes)
{
  GString *s = g_string_sized_new (n_bytes * 2);

  for (guint i = 0; i < n_bytes; i++)
    g_string_append_printf (s, "%02x", g_random_int_range (0, 256));
  return g_string_free (s, FALSE);
}

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *field,
             const char        *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  if (field != NULL)
    {
      json_builder_set_member_name (b, "field");
      json_builder_add_string_value (b, field);
    }
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  json_builder_end_object (b);
  rd_http_reply_json (msg, status, b);
}

static JsonObject *
request_object (SoupServerMessage *msg,
                JsonParser        *parser)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  JsonNode *root;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_node_get_object (root);
}

/* A fresh, single-use page address, as the real vendors hand out. */
static char *
new_page (RdDemoLinkVendors *self,
          const char        *vendor,
          const char        *what)
{
  g_autofree char *key = rd_demo_random_hex (16);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "vendor");
  json_builder_add_string_value (b, vendor);
  json_builder_set_member_name (b, "study");
  json_builder_add_string_value (b, what);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  g_hash_table_insert (self->pages, g_strdup (key), json_to_string (root, FALSE));
  self->n_links++;
  return g_strdup_printf ("%s/linked/%s", self->base_url, key);
}

static char *
qr_data_url (void)
{
  g_autoptr(GBytes) png = g_resources_lookup_data ("/io/github/reportdock/ReportDock/demo/qr.png",
                                                   G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autofree char *b64 = g_base64_encode (g_bytes_get_data (png, NULL), g_bytes_get_size (png));

  return g_strconcat ("data:image/png;base64,", b64, NULL);
}

static void
handle_mdai_launch (RdDemoLinkVendors *self,
                    SoupServerMessage *msg)
{
  const char *token = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "x-access-token");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *link = NULL, *qr = NULL;
  JsonObject *request = request_object (msg, parser);
  JsonObject *tags;
  const char *accession;

  if (token == NULL || !g_str_equal (token, self->api_key))
    {
      reply_error (msg, 401, NULL, "invalid access token");
      return;
    }
  if (request == NULL || !json_object_has_member (request, "tags") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (request, "tags")))
    {
      reply_error (msg, 422, "tags", "tags are required");
      return;
    }
  tags = json_object_get_object_member (request, "tags");
  if (!json_object_has_member (tags, "UserEmail") || !json_object_has_member (tags, "Auth"))
    {
      reply_error (msg, 422, "UserEmail", "UserEmail and Auth are required for an embedded report");
      return;
    }
  accession = json_object_get_string_member_with_default (tags, "Accession", "");
  /* accessions ending in -ERR stand for a study the vendor refuses */
  if (g_str_has_suffix (accession, "-ERR"))
    {
      reply_error (msg, 422, "Accession", "this study is locked by another reader");
      return;
    }
  link = new_page (self, "MD.ai", accession);
  qr = qr_data_url ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "status");
  /* accessions ending in -F stand for reports that are already signed */
  json_builder_add_string_value (b, g_str_has_suffix (accession, "-F") ? "Final" : "Draft");
  json_builder_set_member_name (b, "owner");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, DEMO_OWNER);
  json_builder_set_member_name (b, "email");
  json_builder_add_string_value (b, "demo.radiologist@example.org");
  json_builder_end_object (b);
  json_builder_set_member_name (b, "reportLink");
  json_builder_add_string_value (b, link);
  json_builder_set_member_name (b, "reportQrCode");
  json_builder_add_string_value (b, qr);
  json_builder_end_object (b);
  rd_http_reply_json (msg, 200, b);
}

static gboolean
bearer_ok (RdDemoLinkVendors *self,
           SoupServerMessage *msg)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");

  return auth != NULL && g_str_has_prefix (auth, "Bearer ") && g_str_equal (auth + strlen ("Bearer "), self->api_key);
}

static void
handle_avara_study (RdDemoLinkVendors *self,
                    SoupServerMessage *msg)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *id = NULL, *hex = rd_demo_random_hex (16);
  JsonObject *request = request_object (msg, parser);
  const char *uid = request ? json_object_get_string_member_with_default (request, "studyInstanceUid", NULL) : NULL;

  if (!bearer_ok (self, msg))
    {
      reply_error (msg, 401, NULL, "invalid API key");
      return;
    }
  if (uid == NULL || uid[0] == '\0')
    {
      reply_error (msg, 422, "studyInstanceUid", "studyInstanceUid is required");
      return;
    }
  /* study UIDs ending in .999 stand for a study the vendor refuses */
  if (g_str_has_suffix (uid, ".999"))
    {
      reply_error (msg, 422, "studyInstanceUid", "this study is locked by another reader");
      return;
    }
  id = g_strconcat ("stu_", hex, NULL);
  g_hash_table_insert (self->studies, g_strdup (id), g_strdup (uid));
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "studyId");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "studyInstanceUid");
  json_builder_add_string_value (b, uid);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, "pending");
  json_builder_end_object (b);
  rd_http_reply_json (msg, 200, b);
}

static void
handle_avara_reroute (RdDemoLinkVendors *self,
                      SoupServerMessage *msg)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *url = NULL;
  JsonObject *request = request_object (msg, parser);
  const char *study = request ? json_object_get_string_member_with_default (request, "studyId", NULL) : NULL;
  const char *user = request ? json_object_get_string_member_with_default (request, "assignedToUserId", NULL) : NULL;
  const char *uid;

  if (!bearer_ok (self, msg))
    {
      reply_error (msg, 401, NULL, "invalid API key");
      return;
    }
  if (user == NULL || !g_str_has_prefix (user, "usr_"))
    {
      reply_error (msg, 422, "assignedToUserId", "assignedToUserId must be a usr_ id");
      return;
    }
  if (study == NULL || (uid = g_hash_table_lookup (self->studies, study)) == NULL)
    {
      reply_error (msg, 404, "studyId", "no such study");
      return;
    }
  url = new_page (self, "Avara AutoScribe", uid);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "url");
  json_builder_add_string_value (b, url);
  json_builder_end_object (b);
  rd_http_reply_json (msg, 200, b);
}

/* The page a link opens: used once, then gone. */
static void
handle_page (RdDemoLinkVendors *self,
             SoupServerMessage *msg,
             const char        *key)
{
  g_autofree char *json = NULL;
  g_autoptr(GBytes) template = NULL;
  g_autofree char *html = NULL;
  gpointer stolen_key;

  if (!g_hash_table_steal_extended (self->pages, key, &stolen_key, (gpointer *) &json))
    {
      static const char gone[] = "<!doctype html><title>Expired</title><p>This report link was used already.";

      soup_server_message_set_status (msg, 410, NULL);
      soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_STATIC, gone, strlen (gone));
      return;
    }
  g_free (stolen_key);
  template = g_resources_lookup_data ("/io/github/reportdock/ReportDock/demo/linked.html",
                                      G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  /* the page reads what it shows from a JSON island; "<" cannot end it */
  {
    g_auto(GStrv) parts = g_strsplit (g_bytes_get_data (template, NULL), "@DATA@", 2);
    g_auto(GStrv) pieces = g_strsplit (json, "<", -1);
    g_autofree char *safe = g_strjoinv ("\\u003c", pieces);
    gsize length;

    html = g_strconcat (parts[0], safe, parts[1] ? parts[1] : "", NULL);
    length = strlen (html);
    soup_server_message_set_status (msg, 200, NULL);
    soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                      g_steal_pointer (&html), length);
  }
}

static gboolean
on_slow_answer_due (gpointer user_data)
{
  soup_server_message_unpause (user_data);
  return G_SOURCE_REMOVE;
}

/* A request whose body names "-SLOW" is answered 3 s late: a slow vendor. */
static void
maybe_slow (SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  if (g_strstr_len (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "-SLOW") == NULL)
    return;
  soup_server_message_pause (msg);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 3000, on_slow_answer_due, g_object_ref (msg), g_object_unref);
}

gboolean
rd_demo_link_vendors_handle (RdDemoLinkVendors *self,
                             SoupServerMessage *msg,
                             const char        *path)
{
  const char *method = soup_server_message_get_method (msg);
  gboolean handled = TRUE;

  if (g_str_equal (path, "/api/report/launch/clinical") && g_str_equal (method, "POST"))
    handle_mdai_launch (self, msg);
  else if (g_str_equal (path, "/v1/autoScribe/studies") && g_str_equal (method, "POST"))
    handle_avara_study (self, msg);
  else if (g_str_equal (path, "/v1/autoScribe/studies/reroute-url") && g_str_equal (method, "POST"))
    handle_avara_reroute (self, msg);
  else if (g_str_has_prefix (path, "/linked/") && g_str_equal (method, "GET"))
    handle_page (self, msg, path + strlen ("/linked/"));
  else
    handled = FALSE;
  if (handled && g_str_equal (method, "POST"))
    maybe_slow (msg);
  return handled;
}
