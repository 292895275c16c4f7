/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-relay"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-relay-server.h"
#include "rd-http-reply.h"
#include "rd-webhook-verify.h"

#include <json-glib/json-glib.h>
#include <string.h>

struct _RdRelayServer
{
  GObject         parent_instance;

  SoupServer     *server;
  char           *secret;      /* wiped when freed */
  char           *image_urls_command;
  RdRelayRecord   record;
  gpointer        record_data;
  RdReplayCache  *replays;
  char           *url;
  guint           n_rejected;
  guint           n_active;     /* requests being read or answered */
  GQueue          reading;      /* SoupServerMessage*, headers read, body not yet: oldest first */
  GQueue          pending;      /* Deadline*: every request still arriving, oldest first */
  guint           read_timeout_ms;
  guint           n_dropped;    /* clients dropped: too slow, or evicted for a newcomer */
};

/* The body as it arrives, never more than the limit: a chunked body has no
 * length to refuse up front, and whatever comes beyond the limit is not
 * kept. */
typedef struct {
  GByteArray *bytes;
  gboolean    too_large;
} Incoming;

static void
incoming_free (Incoming *in)
{
  g_byte_array_unref (in->bytes);
  g_free (in);
}

G_DEFINE_FINAL_TYPE (RdRelayServer, rd_relay_server, G_TYPE_OBJECT)

static void
reply_success (SoupServerMessage *msg,
               gboolean           duplicate)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "success");
  json_builder_add_boolean_value (b, TRUE);
  if (duplicate)
    {
      json_builder_set_member_name (b, "duplicate");
      json_builder_add_boolean_value (b, TRUE);
    }
  json_builder_end_object (b);
  rd_http_reply_json (msg, 200, b);
}

static void
reply_access (SoupServerMessage *msg,
              GStrv              urls,
              const char        *error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "authorized");
  json_builder_add_boolean_value (b, urls != NULL);
  if (urls != NULL)
    {
      json_builder_set_member_name (b, "urls");
      json_builder_begin_array (b);
      for (guint i = 0; urls[i] != NULL; i++)
        json_builder_add_string_value (b, urls[i]);
      json_builder_end_array (b);
    }
  else
    {
      json_builder_set_member_name (b, "error");
      json_builder_add_string_value (b, error);
    }
  json_builder_end_object (b);
  rd_http_reply_json (msg, 200, b);
}

/* {"type": T, "payload": data + webhook_id}: the outbox's message shape */
static char *
event_message (const char *type,
               JsonNode   *data,
               const char *webhook_id)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, type);
  json_builder_set_member_name (b, "payload");
  if (data != NULL && JSON_NODE_HOLDS_OBJECT (data))
    {
      g_autoptr(JsonNode) copy = json_node_copy (data);

      if (webhook_id != NULL)
        json_object_set_string_member (json_node_get_object (copy), "webhook_id", webhook_id);
      json_builder_add_value (b, g_steal_pointer (&copy));
    }
  else
    {
      json_builder_begin_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* A DICOM UID: digits and dots, at most 64. It becomes an argument of the
 * configured command, so nothing else gets through. */
static gboolean
is_dicom_uid (const char *uid)
{
  gsize n = uid ? strlen (uid) : 0;

  if (n == 0 || n > 64 || uid[0] == '.' || uid[n - 1] == '.')
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (uid[i]) && uid[i] != '.')
      return FALSE;
  return TRUE;
}

typedef struct {
  SoupServerMessage *msg;
  GSubprocess       *proc;
  GCancellable      *cancellable;
  guint              timeout;
} Access;

static void
access_free (Access *a)
{
  g_clear_handle_id (&a->timeout, g_source_remove);
  g_clear_object (&a->proc);
  g_clear_object (&a->cancellable);
  g_object_unref (a->msg);
  g_free (a);
}

static gboolean
on_access_timeout (gpointer user_data)
{
  Access *a = user_data;

  a->timeout = 0;
  g_cancellable_cancel (a->cancellable);
  g_subprocess_force_exit (a->proc);
  return G_SOURCE_REMOVE;
}

static void
on_access_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Access *a = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GStrvBuilder) urls = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) list = NULL;

  gboolean read = g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &out, NULL, &error);

  if (g_cancellable_is_cancelled (a->cancellable))
    {
      g_warning ("image-urls-command gave no answer within %d ms; killed", RD_RELAY_ANSWER_TIMEOUT_MS);
      reply_access (a->msg, NULL, "the image URL command did not answer in time");
    }
  else if (!read)
    {
      g_warning ("image-urls-command: %s", error->message);
      reply_access (a->msg, NULL, "the image URL command could not be run");
    }
  else if (!g_subprocess_get_if_exited (a->proc) || g_subprocess_get_exit_status (a->proc) != 0)
    {
      g_warning ("image-urls-command failed (exit %d)",
                 g_subprocess_get_if_exited (a->proc) ? g_subprocess_get_exit_status (a->proc) : -1);
      reply_access (a->msg, NULL, "the image URL command failed");
    }
  else
    {
      lines = g_strsplit (out, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_strstrip (lines[i]);
          if (lines[i][0] != '\0')
            g_strv_builder_add (urls, lines[i]);
        }
      list = g_strv_builder_end (urls);
      reply_access (a->msg, list, NULL);
    }
  soup_server_message_unpause (a->msg);
  access_free (a);
}

/* study.access_requested: answered within 5 s, by the configured command
 * (no shell; the study UID is its last argument) or with a refusal. */
static void
answer_access (RdRelayServer     *self,
               SoupServerMessage *msg,
               JsonObject        *data)
{
  const char *uid = data ? json_object_get_string_member_with_default (data, "studyInstanceUid", NULL) : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parsed = NULL;
  int argc;
  Access *a;

  if (self->image_urls_command == NULL || self->image_urls_command[0] == '\0')
    {
      reply_access (msg, NULL, "this workstation shares no images (image-urls-command is not set)");
      return;
    }
  if (!is_dicom_uid (uid))
    {
      reply_access (msg, NULL, "studyInstanceUid is missing or not a DICOM UID");
      return;
    }
  if (!g_shell_parse_argv (self->image_urls_command, &argc, &parsed, &error))
    {
      g_warning ("image-urls-command cannot be parsed: %s", error->message);
      reply_access (msg, NULL, "the image URL command is misconfigured");
      return;
    }
  for (int i = 0; i < argc; i++)
    g_ptr_array_add (argv, g_strdup (parsed[i]));
  g_ptr_array_add (argv, g_strdup (uid));
  g_ptr_array_add (argv, NULL);

  a = g_new0 (Access, 1);
  a->msg = g_object_ref (msg);
  a->cancellable = g_cancellable_new ();
  a->proc = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  if (a->proc == NULL)
    {
      g_warning ("image-urls-command cannot start: %s", error->message);
      reply_access (msg, NULL, "the image URL command could not be run");
      access_free (a);
      return;
    }
  soup_server_message_pause (msg);
  a->timeout = g_timeout_add (RD_RELAY_ANSWER_TIMEOUT_MS, on_access_timeout, a);
  g_subprocess_communicate_utf8_async (a->proc, NULL, a->cancellable, on_access_done, a);
}

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  RdRelayServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  Incoming *in = g_object_get_data (G_OBJECT (msg), "rd-incoming");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *replay_key = NULL;
  g_autofree char *message = NULL;
  RdWebhookHeaders h = { 0 };
  JsonObject *root;
  JsonNode *data;
  const char *type;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "POST");
      rd_http_reply_error (msg, 405, "webhooks are POSTed");
      return;
    }
  if (in == NULL || in->too_large)
    {
      rd_http_reply_error (msg, 413, "the body is larger than 1 MiB");
      return;
    }
  bytes = g_byte_array_free_to_bytes (g_byte_array_ref (in->bytes));

  h.avara_timestamp = soup_message_headers_get_one (headers, "X-Avara-Timestamp");
  h.avara_signature = soup_message_headers_get_one (headers, "X-Avara-Signature");
  h.id = soup_message_headers_get_one (headers, "webhook-id");
  h.timestamp = soup_message_headers_get_one (headers, "webhook-timestamp");
  h.signature = soup_message_headers_get_one (headers, "webhook-signature");
  if (!rd_webhook_verify (self->secret, &h, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                          g_get_real_time () / G_USEC_PER_SEC, &replay_key, &error))
    {
      self->n_rejected++;
      g_warning ("webhook rejected: %s", error->message);
      rd_http_reply_error (msg, 401, error->message);
      return;
    }

  /* an empty body has no data pointer at all */
  if (g_bytes_get_size (bytes) == 0 ||
      !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL) ||
      json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
      (type = json_object_get_string_member_with_default (
         (root = json_node_get_object (json_parser_get_root (parser))), "type", NULL)) == NULL)
    {
      rd_http_reply_error (msg, 400, "the body is not a JSON object with a \"type\"");
      return;
    }
  /* a delivery seen before (the vendor's retry, or someone replaying it):
   * never recorded twice; a 2xx stops the vendor's retries */
  if (!rd_replay_cache_check_and_add (self->replays, replay_key, g_get_real_time () / G_USEC_PER_SEC))
    {
      g_info ("webhook %s received again; not recorded twice", h.id ? h.id : "(no id)");
      reply_success (msg, TRUE);
      return;
    }

  data = json_object_get_member (root, "data");
  message = event_message (type, data, json_object_get_string_member_with_default (root, "id", h.id));
  if (!self->record (message, self->record_data, &error))
    {
      g_warning ("webhook %s not recorded: %s", type, error->message);
      rd_replay_cache_forget (self->replays, replay_key);
      rd_http_reply_error (msg, 503, "not recorded; send it again");
      return;
    }
  g_info ("webhook %s recorded", type);
  if (g_str_equal (type, "study.access_requested"))
    answer_access (self, msg, data && JSON_NODE_HOLDS_OBJECT (data) ? json_node_get_object (data) : NULL);
  else
    reply_success (msg, FALSE);
}

static void
on_chunk (SoupServerMessage *msg,
          GBytes            *chunk,
          Incoming          *in)
{
  gsize size = g_bytes_get_size (chunk);

  if (in->too_large || in->bytes->len + size > RD_RELAY_MAX_BODY)
    {
      in->too_large = TRUE;
      g_byte_array_set_size (in->bytes, 0);
      return;
    }
  g_byte_array_append (in->bytes, g_bytes_get_data (chunk, NULL), size);
}

/* Ends a client's connection at once: libsoup then aborts its request and
 * frees its slot. */
static void
drop_client (RdRelayServer     *self,
             SoupServerMessage *msg,
             const char        *why)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  self->n_dropped++;
  g_info ("relay: a client %s; dropped (%u so far)", why, self->n_dropped);
  g_queue_remove (&self->reading, msg);
  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);
}

typedef struct {
  RdRelayServer     *self;
  SoupServerMessage *msg;
  guint              id;
} Deadline;

static void
deadline_free (Deadline *d)
{
  g_clear_handle_id (&d->id, g_source_remove);
  if (d->self != NULL)
    g_queue_remove (&d->self->pending, d);
  g_free (d);
}

static gboolean
on_read_deadline (gpointer user_data)
{
  Deadline *d = user_data;

  d->id = 0;
  if (d->self == NULL)
    return G_SOURCE_REMOVE;
  drop_client (d->self, d->msg, "sent no complete request in time");
  return G_SOURCE_REMOVE;
}

/* Every request, and every wait for the next one on a kept-alive
 * connection, has a deadline: a client that stalls cannot hold a slot, or
 * a connection, for long. */
static void
on_request_started (SoupServer        *server,
                    SoupServerMessage *msg,
                    RdRelayServer     *self)
{
  Deadline *d = g_new0 (Deadline, 1);
  const char *peer = soup_server_message_get_remote_host (msg);
  Deadline *oldest = NULL;
  guint n = 0;

  /* Connections still sending their request are bounded per peer address
   * (each holds a descriptor until its deadline): over the bound, that
   * peer's oldest goes, so a peer cannot run the relay out of descriptors,
   * and a newcomer is always read. */
  for (GList *l = self->pending.head; l != NULL; l = l->next)
    {
      Deadline *other = l->data;

      if (g_strcmp0 (soup_server_message_get_remote_host (other->msg), peer) == 0 && n++ == 0)
        oldest = other;
    }
  if (n >= RD_RELAY_MAX_PENDING_PER_PEER && oldest != NULL)
    {
      g_queue_remove (&self->pending, oldest);
      oldest->self = NULL;
      drop_client (self, oldest->msg, "had too many connections sending at once");
    }

  d->self = self;
  d->msg = msg;
  d->id = g_timeout_add (self->read_timeout_ms, on_read_deadline, d);
  g_object_set_data_full (G_OBJECT (msg), "rd-deadline", d, (GDestroyNotify) deadline_free);
  g_queue_push_tail (&self->pending, d);
}

static void
on_request_read (SoupServer        *server,
                 SoupServerMessage *msg,
                 RdRelayServer     *self)
{
  Deadline *d = g_object_get_data (G_OBJECT (msg), "rd-deadline");

  if (d != NULL)
    {
      g_clear_handle_id (&d->id, g_source_remove);
      if (d->self != NULL)
        g_queue_remove (&self->pending, d);
      d->self = NULL;
    }
  g_queue_remove (&self->reading, msg);
}

static void
on_finished (SoupServerMessage *msg,
             RdRelayServer     *self)
{
  self->n_active--;
  g_queue_remove (&self->reading, msg);
}

/* Before the body is read: a declared length over the limit is refused at
 * once; any other body is counted as it arrives (on_chunk), chunked or
 * not, and not kept by libsoup; too many requests at once are refused. */
static void
early_handle (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  RdRelayServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  Incoming *in;

  self->n_active++;
  g_signal_connect_object (msg, "finished", G_CALLBACK (on_finished), self, 0);
  /* Full: the client slowest to send its body makes room. A real delivery
   * sends its body at once; only a stalled client is still reading when
   * others arrive, so stalled clients can never keep a delivery out (on
   * loopback every local account has the same address: counting per
   * address would not tell them from the vendor). */
  if (self->n_active > RD_RELAY_MAX_ACTIVE && !g_queue_is_empty (&self->reading))
    drop_client (self, g_queue_peek_head (&self->reading), "was slowest to send its request while the relay was full");
  else if (self->n_active > RD_RELAY_MAX_ACTIVE)
    {
      rd_http_reply_error (msg, 503, "too many requests at once; send it again");
      return;
    }
  if (soup_message_headers_get_content_length (headers) > RD_RELAY_MAX_BODY)
    {
      rd_http_reply_error (msg, 413, "the body is larger than 1 MiB");
      return;
    }
  in = g_new0 (Incoming, 1);
  in->bytes = g_byte_array_new ();
  g_object_set_data_full (G_OBJECT (msg), "rd-incoming", in, (GDestroyNotify) incoming_free);
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_chunk), in);
  g_queue_push_tail (&self->reading, msg);
}

gboolean
rd_relay_server_listen (RdRelayServer  *self,
                        const char     *host,
                        guint           port,
                        GError        **error)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host ? host : "127.0.0.1");
  g_autoptr(GSocketAddress) socket_address = NULL;
  GSList *uris;

  g_return_val_if_fail (RD_IS_RELAY_SERVER (self), FALSE);

  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an IP address to listen on"), host);
      return FALSE;
    }
  socket_address = g_inet_socket_address_new (address, port);
  if (!soup_server_listen (self->server, socket_address, 0, error))
    return FALSE;
  uris = soup_server_get_uris (self->server);
  g_free (self->url);
  self->url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (!g_inet_address_get_is_loopback (address))
    g_warning ("the relay listens on %s, which other machines can reach: put TLS in front of it", self->url);
  return TRUE;
}

const char *
rd_relay_server_get_url (RdRelayServer *self)
{
  g_return_val_if_fail (RD_IS_RELAY_SERVER (self), NULL);

  return self->url;
}

guint
rd_relay_server_get_n_rejected (RdRelayServer *self)
{
  g_return_val_if_fail (RD_IS_RELAY_SERVER (self), 0);

  return self->n_rejected;
}

guint
rd_relay_server_get_n_dropped (RdRelayServer *self)
{
  g_return_val_if_fail (RD_IS_RELAY_SERVER (self), 0);

  return self->n_dropped;
}

void
rd_relay_server_set_read_timeout (RdRelayServer *self,
                                  guint          ms)
{
  g_return_if_fail (RD_IS_RELAY_SERVER (self));
  g_return_if_fail (ms > 0);

  self->read_timeout_ms = ms;
}

static void
rd_relay_server_dispose (GObject *object)
{
  RdRelayServer *self = RD_RELAY_SERVER (object);

  /* requests still arriving may outlive us: they forget us */
  for (GList *l = self->pending.head; l != NULL; l = l->next)
    ((Deadline *) l->data)->self = NULL;
  g_queue_clear (&self->pending);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  G_OBJECT_CLASS (rd_relay_server_parent_class)->dispose (object);
}

static void
rd_relay_server_finalize (GObject *object)
{
  RdRelayServer *self = RD_RELAY_SERVER (object);

  memset (self->secret, 0, strlen (self->secret));
  g_free (self->secret);
  g_free (self->image_urls_command);
  g_free (self->url);
  rd_replay_cache_free (self->replays);
  g_queue_clear (&self->reading);
  G_OBJECT_CLASS (rd_relay_server_parent_class)->finalize (object);
}

static void
rd_relay_server_class_init (RdRelayServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_relay_server_dispose;
  G_OBJECT_CLASS (klass)->finalize = rd_relay_server_finalize;
}

static void
rd_relay_server_init (RdRelayServer *self)
{
  self->replays = rd_replay_cache_new ();
  self->read_timeout_ms = RD_RELAY_READ_TIMEOUT_MS;
  g_queue_init (&self->reading);
}

RdRelayServer *
rd_relay_server_new (const char    *secret,
                     const char    *image_urls_command,
                     RdRelayRecord  record,
                     gpointer       user_data)
{
  RdRelayServer *self = g_object_new (RD_TYPE_RELAY_SERVER, NULL);

  self->secret = g_strdup (secret);
  self->image_urls_command = g_strdup (image_urls_command);
  self->record = record;
  self->record_data = user_data;
  self->server = soup_server_new ("server-header", "ReportDock-relay", NULL);
  soup_server_add_early_handler (self->server, NULL, early_handle, self, NULL);
  g_signal_connect (self->server, "request-started", G_CALLBACK (on_request_started), self);
  g_signal_connect (self->server, "request-read", G_CALLBACK (on_request_read), self);
  soup_server_add_handler (self->server, NULL, handle, self, NULL);
  return self;
}
