/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The relay over real HTTP on loopback: signed, unsigned, replayed,
 * oversized and malformed deliveries; study.access_requested answered by a
 * command, by a refusal, and within the vendor's 5 s. */
#include "config.h"

#include "rd-relay-server.h"
#include "rd-webhook.h"
#include "wait-for.h"

#include <string.h>

#define SECRET "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
#define DELIVERED "{\"id\":\"whe_1\",\"type\":\"report.delivered\",\"data\":{\"reportId\":\"rep_1\",\"studyId\":\"stu_0123456789abcdef0123456789abcdef\",\"presignedUrl\":\"https://files.example/r.pdf\"}}"

typedef struct {
  RdRelayServer *relay;
  SoupSession   *session;
  GPtrArray     *recorded;
  gboolean       fail_record;
} Fixture;

typedef struct {
  gboolean done;
  guint    status;
  char    *body;
} Reply;

static gboolean
record (const char  *message,
        gpointer     user_data,
        GError     **error)
{
  Fixture *f = user_data;

  if (f->fail_record)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "disk full");
      return FALSE;
    }
  g_ptr_array_add (f->recorded, g_strdup (message));
  return TRUE;
}

static void
setup_with (Fixture    *f,
            const char *command)
{
  g_autoptr(GError) error = NULL;

  f->recorded = g_ptr_array_new_with_free_func (g_free);
  f->relay = rd_relay_server_new (SECRET, command, record, f);
  g_assert_true (rd_relay_server_listen (f->relay, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (rd_relay_server_get_url (f->relay), "http://127.0.0.1:"));
  f->session = soup_session_new ();
}

static void
setup (Fixture *f, gconstpointer data)
{
  setup_with (f, data);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->relay);
  g_clear_object (&f->session);
  g_ptr_array_unref (f->recorded);
}

static void
on_reply (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Reply *r = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  g_assert_no_error (error);
  r->status = soup_message_get_status (soup_session_get_async_result_message (SOUP_SESSION (source), result));
  r->body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  r->done = TRUE;
}

/* POSTs body; signed with Standard Webhooks headers when id is given. */
static void
post (Fixture    *f,
      Reply      *r,
      const char *method,
      const char *id,
      const char *secret,
      const char *body)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, rd_relay_server_get_url (f->relay));
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  memset (r, 0, sizeof *r);
  if (id != NULL)
    {
      g_autoptr(GBytes) key = rd_webhook_secret_key (secret, NULL);
      g_autofree char *ts = g_strdup_printf ("%" G_GINT64_FORMAT, now);
      g_autofree char *signature = rd_webhook_signature (key, id, now, body);
      SoupMessageHeaders *h = soup_message_get_request_headers (msg);

      soup_message_headers_replace (h, "webhook-id", id);
      soup_message_headers_replace (h, "webhook-timestamp", ts);
      soup_message_headers_replace (h, "webhook-signature", signature);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json",
                                              g_bytes_new (body, strlen (body)));
  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, on_reply, r);
  WAIT_FOR (r->done, 20);
}

static void
reply_clear (Reply *r)
{
  g_free (r->body);
}

static void
test_delivered (Fixture *f, gconstpointer data)
{
  Reply r;

  post (f, &r, "POST", "msg_1", SECRET, DELIVERED);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (r.body, ==, "{\"success\":true}");
  reply_clear (&r);
  g_assert_cmpuint (f->recorded->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->recorded, 0), ==,
                   "{\"type\":\"report.delivered\",\"payload\":{\"reportId\":\"rep_1\","
                   "\"studyId\":\"stu_0123456789abcdef0123456789abcdef\","
                   "\"presignedUrl\":\"https://files.example/r.pdf\",\"webhook_id\":\"whe_1\"}}");

  /* the same delivery again: answered, not recorded twice */
  post (f, &r, "POST", "msg_1", SECRET, DELIVERED);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_nonnull (strstr (r.body, "\"duplicate\":true"));
  reply_clear (&r);
  g_assert_cmpuint (f->recorded->len, ==, 1);
}

/* Avara's documented scheme (X-Avara-Signature, hex): a replay with the signature
 * spelled in capitals is the same delivery, not a new one. */
static void
post_avara (Fixture    *f,
            Reply      *r,
            const char *ts,
            gboolean    capitals)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", rd_relay_server_get_url (f->relay));
  g_autoptr(GBytes) key = rd_webhook_secret_key (SECRET, NULL);
  g_autofree char *text = g_strconcat (ts, DELIVERED, NULL);
  g_autofree char *hex = g_compute_hmac_for_string (G_CHECKSUM_SHA256, g_bytes_get_data (key, NULL),
                                                    g_bytes_get_size (key), text, -1);
  g_autofree char *spelled = capitals ? g_ascii_strup (hex, -1) : g_strdup (hex);
  SoupMessageHeaders *h = soup_message_get_request_headers (msg);

  memset (r, 0, sizeof *r);
  soup_message_headers_replace (h, "X-Avara-Timestamp", ts);
  soup_message_headers_replace (h, "X-Avara-Signature", spelled);
  soup_message_set_request_body_from_bytes (msg, "application/json", g_bytes_new_static (DELIVERED, strlen (DELIVERED)));
  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, on_reply, r);
  WAIT_FOR (r->done, 20);
}

static void
test_seed_replay_in_capitals (Fixture *f, gconstpointer data)
{
  /* X-Avara-Timestamp is in milliseconds (the vendor's document) */
  g_autofree char *ts = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / 1000);
  Reply r;

  post_avara (f, &r, ts, FALSE);
  g_assert_cmpuint (r.status, ==, 200);
  reply_clear (&r);
  post_avara (f, &r, ts, TRUE);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_nonnull (strstr (r.body, "\"duplicate\":true"));
  reply_clear (&r);
  g_assert_cmpuint (f->recorded->len, ==, 1);
}

/* A body of spaces made as it is read: nothing held in memory. */
#define RD_TYPE_SPACE_STREAM (rd_space_stream_get_type ())
G_DECLARE_FINAL_TYPE (RdSpaceStream, rd_space_stream, RD, SPACE_STREAM, GInputStream)

struct _RdSpaceStream
{
  GInputStream parent_instance;
  gsize        left;
};

G_DEFINE_FINAL_TYPE (RdSpaceStream, rd_space_stream, G_TYPE_INPUT_STREAM)

static gssize
space_read (GInputStream  *stream,
            void          *buffer,
            gsize          count,
            GCancellable  *cancellable,
            GError       **error)
{
  RdSpaceStream *self = RD_SPACE_STREAM (stream);
  gsize n = MIN (count, self->left);

  memset (buffer, ' ', n);
  self->left -= n;
  return n;
}

static void
rd_space_stream_class_init (RdSpaceStreamClass *klass)
{
  G_INPUT_STREAM_CLASS (klass)->read_fn = space_read;
}

static void
rd_space_stream_init (RdSpaceStream *self)
{
}

static gsize
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmHWM:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10);
}

/* A chunked body has no length to refuse up front: it is counted as it
 * arrives, 413 past 1 MiB, and none of the rest is kept (the peak memory of
 * this process, which is both ends, stays far below the body's size). */
static void
test_chunked_body_is_not_buffered (Fixture *f, gconstpointer data)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", rd_relay_server_get_url (f->relay));
  RdSpaceStream *body = g_object_new (RD_TYPE_SPACE_STREAM, NULL);
  gsize before = peak_rss_kib ();
  Reply r = { 0 };

  body->left = 24 * 1024 * 1024;
  soup_message_set_request_body (msg, "application/json", G_INPUT_STREAM (body), -1);
  g_object_unref (body);
  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, on_reply, &r);
  WAIT_FOR (r.done, 60);
  g_assert_cmpuint (r.status, ==, 413);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_request_headers (msg), "Transfer-Encoding"),
                   ==, "chunked");
  g_test_message ("peak RSS grew by %" G_GSIZE_FORMAT " KiB for a 24 MiB body", peak_rss_kib () - before);
#if defined(__SANITIZE_ADDRESS__)
  /* AddressSanitizer keeps freed memory in quarantine: the peak says nothing here */
  (void) before;
#else
  g_assert_cmpuint (peak_rss_kib () - before, <, 12 * 1024);
#endif
  g_assert_cmpuint (f->recorded->len, ==, 0);
  reply_clear (&r);
}

static void
on_any_reply (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Reply *r = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  r->status = error ? 0 : soup_message_get_status (soup_session_get_async_result_message (SOUP_SESSION (source), result));
  r->done = TRUE;
}

/* Headers are bounded too: libsoup's server stops reading a request whose
 * headers pass its limit (64 KiB) and answers 400 or drops the connection;
 * nothing reaches the relay's handler. */
static void
test_oversized_headers (Fixture *f, gconstpointer data)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", rd_relay_server_get_url (f->relay));
  g_autofree char *pad = g_strnfill (512 * 1024, 'a');
  Reply r = { 0 };

  soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Padding", pad);
  soup_message_set_request_body_from_bytes (msg, "application/json",
                                            g_bytes_new_static (DELIVERED, strlen (DELIVERED)));
  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, on_any_reply, &r);
  WAIT_FOR (r.done, 20);
  g_test_message ("a request with 512 KiB of headers: status %u", r.status);
  g_assert_true (r.status == 0 || r.status == 400 || r.status == 431);
  g_assert_cmpuint (f->recorded->len, ==, 0);
}

static void
test_rejected (Fixture *f, gconstpointer data)
{
  g_autofree char *big = g_malloc (RD_RELAY_MAX_BODY + 2);
  Reply r;

  g_test_expect_message ("reportdock-relay", G_LOG_LEVEL_WARNING, "webhook rejected: *not signed*");
  post (f, &r, "POST", NULL, NULL, DELIVERED);
  g_assert_cmpuint (r.status, ==, 401);
  reply_clear (&r);
  g_test_expect_message ("reportdock-relay", G_LOG_LEVEL_WARNING, "webhook rejected: *does not match*");
  post (f, &r, "POST", "msg_2", "whsec_c2VjcmV0", DELIVERED);
  g_assert_cmpuint (r.status, ==, 401);
  g_assert_nonnull (strstr (r.body, "does not match"));
  reply_clear (&r);
  g_test_assert_expected_messages ();

  memset (big, ' ', RD_RELAY_MAX_BODY + 1);
  big[RD_RELAY_MAX_BODY + 1] = '\0';
  post (f, &r, "POST", "msg_3", SECRET, big);
  g_assert_cmpuint (r.status, ==, 413);
  reply_clear (&r);

  post (f, &r, "GET", NULL, NULL, NULL);
  g_assert_cmpuint (r.status, ==, 405);
  reply_clear (&r);

  post (f, &r, "POST", "msg_4", SECRET, "[\"not an object\"]");
  g_assert_cmpuint (r.status, ==, 400);
  reply_clear (&r);
  post (f, &r, "POST", "msg_5", SECRET, "{\"type\":");
  g_assert_cmpuint (r.status, ==, 400);
  reply_clear (&r);
  post (f, &r, "POST", "msg_5b", SECRET, "");
  g_assert_cmpuint (r.status, ==, 400);
  reply_clear (&r);
  post (f, &r, "POST", "msg_5c", SECRET, "{\"type\":42}");
  g_assert_cmpuint (r.status, ==, 400);
  reply_clear (&r);
  g_assert_cmpuint (f->recorded->len, ==, 0);
  g_assert_cmpuint (rd_relay_server_get_n_rejected (f->relay), ==, 2);
}

/* Not recorded (disk full): 503, and the vendor's retry is recorded. */
static void
test_not_recorded (Fixture *f, gconstpointer data)
{
  Reply r;

  f->fail_record = TRUE;
  g_test_expect_message ("reportdock-relay", G_LOG_LEVEL_WARNING, "*not recorded: disk full*");
  post (f, &r, "POST", "msg_6", SECRET, DELIVERED);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (r.status, ==, 503);
  reply_clear (&r);
  f->fail_record = FALSE;
  post (f, &r, "POST", "msg_6", SECRET, DELIVERED);   /* the vendor tries again */
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (r.body, ==, "{\"success\":true}");
  reply_clear (&r);
  g_assert_cmpuint (f->recorded->len, ==, 1);
}

static void
test_access_without_command (Fixture *f, gconstpointer data)
{
  Reply r;

  post (f, &r, "POST", "msg_7", SECRET,
        "{\"type\":\"study.access_requested\",\"data\":{\"studyId\":\"stu_1\",\"studyInstanceUid\":\"1.2.3\"}}");
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_nonnull (strstr (r.body, "\"authorized\":false"));
  g_assert_nonnull (strstr (r.body, "image-urls-command is not set"));
  reply_clear (&r);
  g_assert_cmpuint (f->recorded->len, ==, 1);   /* the request itself is an event */
}

static void
test_access_with_command (Fixture *f, gconstpointer data)
{
  Reply r;

  post (f, &r, "POST", "msg_8", SECRET,
        "{\"type\":\"study.access_requested\",\"data\":{\"studyId\":\"stu_1\",\"studyInstanceUid\":\"1.2.840.10008\"}}");
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (r.body, ==, "{\"authorized\":true,\"urls\":[\"https://pacs.example/wado/1.2.840.10008\","
                               "\"https://pacs.example/index\"]}");
  reply_clear (&r);
  /* not a UID: never handed to the command */
  post (f, &r, "POST", "msg_9", SECRET,
        "{\"type\":\"study.access_requested\",\"data\":{\"studyInstanceUid\":\"1.2; rm -rf ~\"}}");
  g_assert_nonnull (strstr (r.body, "\"authorized\":false"));
  reply_clear (&r);
}

static void
test_access_slow_command (Fixture *f, gconstpointer data)
{
  gint64 start = g_get_monotonic_time ();
  Reply r;

  g_test_expect_message ("reportdock-relay", G_LOG_LEVEL_INFO, "webhook study.access_requested recorded");
  g_test_expect_message ("reportdock-relay", G_LOG_LEVEL_WARNING, "image-urls-command*");
  post (f, &r, "POST", "msg_10", SECRET,
        "{\"type\":\"study.access_requested\",\"data\":{\"studyInstanceUid\":\"1.2.3\"}}");
  g_test_assert_expected_messages ();
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_nonnull (strstr (r.body, "\"authorized\":false"));
  g_assert_nonnull (strstr (r.body, "in time"));
  reply_clear (&r);
}

/* Issue 25.4 as the attack: 32 clients that send their headers and a few
 * bytes of body, then nothing, and one that stops inside its headers. A
 * signed delivery is answered at once all the same, and every stalled
 * client is dropped at the read deadline. */
static void
test_stalled_clients (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GPtrArray) stalled = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GUri) uri = g_uri_parse (rd_relay_server_get_url (f->relay), G_URI_FLAGS_NONE, NULL);
  static const char partial[] = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                "Content-Length: 100\r\n\r\n{\"type";
  gint64 start;
  Reply r;

  /* the flood comes from another address than the worklist's delivery
   * below (127.0.0.2: loopback too), as it would from another host */
  {
    g_autoptr(GSocketAddress) flooder = g_inet_socket_address_new_from_string ("127.0.0.2", 0);

    g_socket_client_set_local_address (client, flooder);
  }
  rd_relay_server_set_read_timeout (f->relay, 3000);
  for (guint i = 0; i <= 32; i++)
    {
      g_autoptr(GError) error = NULL;
      GSocketConnection *c = g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (uri), NULL, &error);
      GOutputStream *out;

      g_assert_no_error (error);
      out = g_io_stream_get_output_stream (G_IO_STREAM (c));
      /* the last one stops inside its headers */
      g_assert_true (g_output_stream_write_all (out, partial, i < 32 ? strlen (partial) : 20, NULL, NULL, &error));
      g_assert_no_error (error);
      g_ptr_array_add (stalled, c);
      /* the relay accepts it (the listen backlog is short) */
      settle (20);
    }
  settle (500);
  /* 64 more that send nothing at all: at most 32 connections of one peer
   * still sending are kept (descriptors are bounded), its oldest go */
  for (guint i = 0; i < 64; i++)
    {
      g_autoptr(GError) error = NULL;
      GSocketConnection *c = g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (uri), NULL, &error);

      g_assert_no_error (error);
      g_ptr_array_add (stalled, c);
      settle (20);
    }
  /* waited for, not timed: on a busy machine the relay accepts them late */
  WAIT_FOR (rd_relay_server_get_n_dropped (f->relay) >= stalled->len - RD_RELAY_MAX_PENDING_PER_PEER, 20);
  g_test_message ("%u dropped before the deadline", rd_relay_server_get_n_dropped (f->relay));

  /* a real delivery is never kept out by them */
  start = g_get_monotonic_time ();
  post (f, &r, "POST", "msg_stalled", SECRET, DELIVERED);
  g_assert_cmpuint (r.status, ==, 200);
  reply_clear (&r);
  g_assert_cmpuint (f->recorded->len, ==, 1);
  g_test_message ("answered after %" G_GINT64_FORMAT " ms beside 97 stalled clients",
                  (g_get_monotonic_time () - start) / 1000);

  /* the read deadline ends every one of them */
  WAIT_FOR (rd_relay_server_get_n_dropped (f->relay) >= stalled->len, 20);
  for (guint i = 0; i < stalled->len; i++)
    {
      GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (g_ptr_array_index (stalled, i)));
      char buffer[256];
      gssize n;

      /* closed by the relay: end of stream (or a reset) */
      do
        n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL);
      while (n > 0);
      g_assert_cmpint (n, <=, 0);
    }

  /* and the relay goes on serving */
  post (f, &r, "POST", "msg_after", SECRET, DELIVERED);
  g_assert_cmpuint (r.status, ==, 200);
  reply_clear (&r);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/relay/delivered", Fixture, NULL, setup, test_delivered, teardown);
  g_test_add ("/relay/stalled-clients", Fixture, NULL, setup, test_stalled_clients, teardown);
  g_test_add ("/relay/rejected", Fixture, NULL, setup, test_rejected, teardown);
  g_test_add ("/relay/chunked-body-is-not-buffered", Fixture, NULL, setup, test_chunked_body_is_not_buffered, teardown);
  g_test_add ("/relay/oversized-headers", Fixture, NULL, setup, test_oversized_headers, teardown);
  g_test_add ("/relay/seed-replay-in-capitals", Fixture, NULL, setup, test_seed_replay_in_capitals, teardown);
  g_test_add ("/relay/not-recorded", Fixture, NULL, setup, test_not_recorded, teardown);
  g_test_add ("/relay/access-without-command", Fixture, NULL, setup, test_access_without_command, teardown);
  g_test_add ("/relay/access-with-command", Fixture,
              "printf 'https://pacs.example/wado/%s\\n\\n  https://pacs.example/index  \\n'", setup,
              test_access_with_command, teardown);
  g_test_add ("/relay/access-slow-command", Fixture, "sh -c 'sleep 30' never-answers", setup, test_access_slow_command, teardown);
  return g_test_run ();
}
