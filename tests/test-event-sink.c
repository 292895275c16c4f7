/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Webhook delivery against a real receiver on 127.0.0.1. */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "rd-event-sink.h"
#include "rd-loopback.h"
#include "rd-outbox.h"
#include "rd-webhook.h"

#define SECRET "whsec_c2VjcmV0LWZvci10ZXN0cw=="

#include "wait-for.h"

typedef struct {
  SoupServer *server;
  int         port;
  char       *url;
  GPtrArray  *received;     /* ids, in arrival order, of 2xx answers */
  guint       fail_next;    /* answer 500 to this many requests first */
  guint       n_requests;
  guint       bad_signatures;
  gboolean    redirect;     /* answer 303 to /elsewhere */
  gboolean    refuse_gone;  /* answer 410 to events of type report.gone */
  guint       n_elsewhere;  /* requests that followed it */
} Receiver;

static void
on_hook (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  Receiver *r = data;
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  const char *id = soup_message_headers_get_one (h, "webhook-id");
  const char *ts = soup_message_headers_get_one (h, "webhook-timestamp");
  const char *sig = soup_message_headers_get_one (h, "webhook-signature");
  g_autoptr(GBytes) key = rd_webhook_secret_key (SECRET, NULL);
  g_autofree char *expected = NULL;
  g_autofree char *id_member = NULL;

  r->n_requests++;
  if (r->refuse_gone && strstr (text, "\"type\":\"report.gone\"") != NULL)
    {
      soup_server_message_set_status (msg, 410, NULL);
      return;
    }
  if (r->redirect)
    {
      soup_server_message_set_redirect (msg, 303, "/elsewhere");
      return;
    }
  if (r->fail_next > 0)
    {
      r->fail_next--;
      soup_server_message_set_status (msg, 500, NULL);
      return;
    }
  /* a receiver checks: the signature over id.timestamp.body, the id in the body, a fresh timestamp */
  expected = id && ts ? rd_webhook_signature (key, id, g_ascii_strtoll (ts, NULL, 10), text) : NULL;
  id_member = g_strdup_printf ("\"id\":\"%s\"", id ? id : "");
  if (expected == NULL || g_strcmp0 (sig, expected) != 0 || strstr (text, id_member) == NULL ||
      ABS (g_ascii_strtoll (ts, NULL, 10) - g_get_real_time () / G_USEC_PER_SEC) > 300)
    {
      r->bad_signatures++;
      soup_server_message_set_status (msg, 401, NULL);
      return;
    }
  g_ptr_array_add (r->received, g_strdup (id));
  soup_server_message_set_status (msg, 204, NULL);
}

/* Where a followed redirect would end: a GET without the event, answered 200. */
static void
on_elsewhere (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  Receiver *r = data;

  r->n_elsewhere++;
  soup_server_message_set_status (msg, 200, NULL);
}

static void
receiver_start (Receiver *r,
                int       port)
{
  g_autoptr(GError) error = NULL;

  r->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (r->server, "/hook", on_hook, r, NULL);
  soup_server_add_handler (r->server, "/elsewhere", on_elsewhere, r, NULL);
  if (port == 0)
    r->port = rd_loopback_listen (r->server, &error);
  else
    {
      g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      g_autoptr(GSocketAddress) address = g_inet_socket_address_new (lo, port);

      soup_server_listen (r->server, address, 0, &error);
      r->port = port;
    }
  g_assert_no_error (error);
  if (r->url == NULL)
    r->url = g_strdup_printf ("http://127.0.0.1:%d/hook", r->port);
  if (r->received == NULL)
    r->received = g_ptr_array_new_with_free_func (g_free);
}

static void
receiver_stop (Receiver *r)
{
  soup_server_disconnect (r->server);
  g_clear_object (&r->server);
}

static void
receiver_free (Receiver *r)
{
  if (r->server)
    receiver_stop (r);
  g_ptr_array_unref (r->received);
  g_free (r->url);
}

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("rd-sink-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* A sink over a fresh outbox, delivering to a receiver that answers 500 to
 * its first `fail` requests. */
static RdEventSink *
sink_for (Receiver *r,
          guint     fail)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RdOutboxJournal) journal = rd_outbox_journal_open (dir, &error);
  RdEventSink *sink;

  g_assert_no_error (error);
  sink = rd_event_sink_new (journal);
  receiver_start (r, 0);
  r->fail_next = fail;
  g_assert_true (rd_event_sink_set_webhook (sink, r->url, SECRET, &error));
  return sink;
}

static GPtrArray *
submit_events (RdEventSink *sink,
               guint        n)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = rd_outbox_new_event_id ();
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(JsonNode) e = rd_outbox_envelope (id, "report.signed", now, "demo", "M", "A", "S", NULL);
      g_autoptr(GError) error = NULL;

      g_assert_true (rd_event_sink_submit (sink, e, &error));
      g_ptr_array_add (ids, g_strdup (id));
    }
  return ids;
}

static void
assert_same_order (GPtrArray *expected,
                   GPtrArray *received)
{
  g_assert_cmpuint (received->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpstr (g_ptr_array_index (received, i), ==, g_ptr_array_index (expected, i));
}

static void
test_in_order_signed (void)
{
  Receiver r = { 0 };
  g_autoptr(RdEventSink) sink = sink_for (&r, 0);
  g_autoptr(GPtrArray) ids = NULL;

  ids = submit_events (sink, 20);
  WAIT_FOR (r.received->len == 20, 30);
  assert_same_order (ids, r.received);
  g_assert_cmpuint (r.bad_signatures, ==, 0);
  g_assert_cmpuint (r.n_requests, ==, 20);   /* once each */
  WAIT_FOR (rd_event_sink_get_n_pending (sink) == 0, 30);
  receiver_free (&r);
}

/* A 303 is not followed (the POST would become a bodiless GET whose 200
 * marks the event delivered): the event stays pending, and the problem says
 * why. */
static void
test_redirect_is_not_delivery (void)
{
  Receiver r = { .redirect = TRUE };
  g_autoptr(RdEventSink) sink = sink_for (&r, 0);
  g_autoptr(GPtrArray) ids = NULL;
  GLogLevelFlags fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  ids = submit_events (sink, 1);
  WAIT_FOR (r.n_requests >= 3, 30);
  WAIT_FOR (rd_event_sink_get_delivery_problem (sink) != NULL, 30);
  g_assert_nonnull (strstr (rd_event_sink_get_delivery_problem (sink), "redirect"));
  g_assert_cmpuint (r.n_elsewhere, ==, 0);
  g_assert_cmpuint (rd_event_sink_get_n_pending (sink), ==, 1);
  /* fixed at the receiver: delivered, once */
  r.redirect = FALSE;
  WAIT_FOR (r.received->len == 1, 30);
  assert_same_order (ids, r.received);
  g_log_set_always_fatal (fatal);
  receiver_free (&r);
}

/* A receiver that refuses one event for good (410): it becomes a dead
 * letter, the events after it flow, the problem says so; once the receiver
 * is fixed, --retry sends it again. */
static void
test_refused_for_good (void)
{
  Receiver r = { .refuse_gone = TRUE };
  g_autoptr(RdEventSink) sink = sink_for (&r, 0);
  GLogLevelFlags fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  const char *types[] = { "report.opened", "report.gone", "report.signed" };
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autofree char *id = rd_outbox_new_event_id ();
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(JsonNode) e = rd_outbox_envelope (id, types[i], now, "demo", "M", "A", "S", NULL);

      g_assert_true (rd_event_sink_submit (sink, e, &error));
      g_ptr_array_add (ids, g_strdup (id));
    }
  WAIT_FOR (r.received->len == 2, 30);
  g_assert_cmpstr (g_ptr_array_index (r.received, 0), ==, g_ptr_array_index (ids, 0));
  g_assert_cmpstr (g_ptr_array_index (r.received, 1), ==, g_ptr_array_index (ids, 2));
  g_assert_cmpuint (rd_event_sink_get_n_failed (sink), ==, 1);
  g_assert_nonnull (strstr (rd_event_sink_get_delivery_problem (sink), "refused for good"));
  g_assert_cmpstr (rd_outbox_journal_get_failure (rd_event_sink_get_journal (sink), g_ptr_array_index (ids, 1)),
                   ==, "events-url answered HTTP 410");

  /* fixed: sent again */
  r.refuse_gone = FALSE;
  g_assert_true (rd_event_sink_retry_failed (sink, &n, &error));
  g_assert_cmpuint (n, ==, 1);
  WAIT_FOR (r.received->len == 3, 30);
  g_assert_cmpstr (g_ptr_array_index (r.received, 2), ==, g_ptr_array_index (ids, 1));
  g_assert_cmpuint (rd_event_sink_get_n_failed (sink), ==, 0);
  WAIT_FOR (rd_event_sink_get_delivery_problem (sink) == NULL, 10);
  g_log_set_always_fatal (fatal);
  receiver_free (&r);
}

static void
test_retry_after_500 (void)
{
  Receiver r = { 0 };
  g_autoptr(RdEventSink) sink = sink_for (&r, 2);   /* retried after 1 s, then 2 s */
  g_autoptr(GPtrArray) ids = NULL;

  ids = submit_events (sink, 3);
  WAIT_FOR (r.received->len == 3, 30);
  assert_same_order (ids, r.received);
  g_assert_cmpuint (r.n_requests, ==, 5);
  g_assert_null (rd_event_sink_get_delivery_problem (sink));
  receiver_free (&r);
}

static void
test_failing_endpoint_shows (void)
{
  Receiver r = { 0 };
  g_autoptr(RdEventSink) sink = sink_for (&r, 3);   /* 1 s + 2 s of failures: the problem shows, then clears */
  g_autoptr(GPtrArray) ids = NULL;
  GLogLevelFlags fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  ids = submit_events (sink, 1);
  WAIT_FOR (rd_event_sink_get_delivery_problem (sink) != NULL, 30);
  g_assert_nonnull (strstr (rd_event_sink_get_delivery_problem (sink), "HTTP 500"));
  WAIT_FOR (r.received->len == 1, 30);
  WAIT_FOR (rd_event_sink_get_delivery_problem (sink) == NULL, 30);
  g_log_set_always_fatal (fatal);
  receiver_free (&r);
}

static void
test_survives_sigkill (void)
{
  Receiver r = { 0 };
  g_autofree char *dir = make_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) first = NULL;
  g_autoptr(GSubprocess) second = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(RdOutboxJournal) journal = NULL;
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "outbox-writer", NULL);
  GPtrArray *events;
  char *line = NULL;

  /* the receiver is down while 50 events happen */
  receiver_start (&r, 0);
  receiver_stop (&r);
  first = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, helper, dir, r.url, SECRET, "50", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (first));
  for (int i = 0; i < 50; i++)
    {
      g_free (line);
      line = g_data_input_stream_read_line (out, NULL, NULL, &error);
      g_assert_nonnull (line);
    }
  g_assert_cmpstr (line, ==, "appended 50");
  g_free (line);
  /* pulled plug */
  g_subprocess_send_signal (first, SIGKILL);
  g_subprocess_wait (first, NULL, NULL);

  /* receiver back, ReportDock restarted: every event, in order */
  receiver_start (&r, r.port);
  second = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, helper, dir, r.url, SECRET, "0", NULL);
  g_assert_no_error (error);
  WAIT_FOR (r.received->len >= 50, 60);
  g_subprocess_force_exit (second);
  g_subprocess_wait (second, NULL, NULL);

  journal = rd_outbox_journal_open (dir, &error);
  events = rd_outbox_journal_get_events (journal);
  g_assert_cmpuint (events->len, ==, 50);
  g_assert_cmpuint (r.received->len, ==, 50);
  for (guint i = 0; i < 50; i++)
    g_assert_cmpstr (g_ptr_array_index (r.received, i), ==,
                     rd_outbox_envelope_id (g_ptr_array_index (events, i)));
  g_assert_cmpuint (r.bad_signatures, ==, 0);
  receiver_free (&r);
}

static void
test_bad_configuration (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RdOutboxJournal) journal = rd_outbox_journal_open (dir, &error);
  g_autoptr(RdEventSink) sink = rd_event_sink_new (journal);

  g_assert_false (rd_event_sink_set_webhook (sink, "ftp://ris.example/", SECRET, &error));
  g_assert_nonnull (strstr (error->message, "events-url"));
  g_clear_error (&error);
  g_assert_false (rd_event_sink_set_webhook (sink, "https://ris.example/hook", "", &error));
  g_assert_nonnull (strstr (error->message, "events-secret-file"));
}

/* Without events-url nobody waits for the events: none is pending (the
 * outbox keeps them a while for `reportdock events`). With events-url set,
 * even one that cannot be used yet, every undelivered event is. */
static void
test_pending_needs_a_worklist (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RdOutboxJournal) journal = rd_outbox_journal_open (dir, &error);
  g_autoptr(RdEventSink) sink = NULL;
  g_autoptr(GPtrArray) ids = NULL;

  g_assert_no_error (error);
  sink = rd_event_sink_new (journal);
  ids = submit_events (sink, 3);
  g_assert_cmpuint (rd_outbox_journal_get_events (journal)->len, ==, 3);
  g_assert_cmpuint (rd_event_sink_get_n_pending (sink), ==, 0);
  g_test_expect_message ("reportdock-event-sink", G_LOG_LEVEL_WARNING, "*events-secret-file is not set*");
  rd_event_sink_set_webhook_problem (sink, "Webhook not sent: events-secret-file is not set");
  g_test_assert_expected_messages ();
  g_assert_cmpuint (rd_event_sink_get_n_pending (sink), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/event-sink/in-order-signed", test_in_order_signed);
  g_test_add_func ("/event-sink/pending-needs-a-worklist", test_pending_needs_a_worklist);
  g_test_add_func ("/event-sink/retry-after-500", test_retry_after_500);
  g_test_add_func ("/event-sink/redirect-is-not-delivery", test_redirect_is_not_delivery);
  g_test_add_func ("/event-sink/refused-for-good", test_refused_for_good);
  g_test_add_func ("/event-sink/failing-endpoint-shows", test_failing_endpoint_shows);
  g_test_add_func ("/event-sink/survives-sigkill", test_survives_sigkill);
  g_test_add_func ("/event-sink/bad-configuration", test_bad_configuration);
  return g_test_run ();
}
