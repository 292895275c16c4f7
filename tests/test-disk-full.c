/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A full disk under the event outbox (the enospc-preload seam: write()
 * fails with ENOSPC while a flag file exists): nothing is lost, nothing is
 * reported delivered that was not, and it all goes out once there is room. */
#include "config.h"

#include "rd-event-sink.h"
#include "rd-loopback.h"
#include "rd-outbox.h"
#include "rd-webhook.h"
#include "wait-for.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#define SECRET "whsec_c2VjcmV0LWZvci10ZXN0cw=="

static char *flag;        /* exists: the disk is full */
static GPtrArray *received;

static void
disk_full (gboolean full)
{
  if (full)
    g_assert_true (g_file_set_contents (flag, "", 0, NULL));
  else
    g_unlink (flag);
}

static void
on_hook (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  const char *id = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "webhook-id");

  g_ptr_array_add (received, g_strdup (id));
  soup_server_message_set_status (msg, 204, NULL);
}

static JsonNode *
event (void)
{
  g_autofree char *id = rd_outbox_new_event_id ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return rd_outbox_envelope (id, "report.signed", now, "demo", "M", "A", "S", NULL);
}

static guint n_live;

static void
on_live (RdEventSink *sink, const char *type, const char *json, gpointer data)
{
  n_live++;
}

static char *
journal_text (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "outbox.jsonl", NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
test_events_wait_for_room (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rd-full-XXXXXX", &error);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(RdOutboxJournal) journal = NULL;
  g_autoptr(RdEventSink) sink = NULL;
  g_autoptr(JsonNode) first = event ();
  g_autofree char *url = NULL, *text = NULL;
  JsonNode *later[3];
  GLogLevelFlags fatal;
  int port;

  g_setenv ("RD_TEST_DISK_FULL_DIR", dir, TRUE);
  soup_server_add_handler (server, "/hook", on_hook, NULL, NULL);
  port = rd_loopback_listen (server, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%d/hook", port);
  journal = rd_outbox_journal_open (dir, &error);
  g_assert_no_error (error);
  sink = rd_event_sink_new (journal);
  g_signal_connect (sink, "event", G_CALLBACK (on_live), NULL);
  g_assert_true (rd_event_sink_set_webhook (sink, url, SECRET, &error));

  g_assert_true (rd_event_sink_submit (sink, first, &error));
  WAIT_FOR (received->len == 1, 30);

  /* the disk fills up: three events are not saved, but not lost either */
  fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  disk_full (TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (later); i++)
    {
      later[i] = event ();
      g_assert_false (rd_event_sink_submit (sink, later[i], &error));
      g_assert_nonnull (strstr (error->message, "No space left on device"));
      g_clear_error (&error);
    }
  g_assert_cmpuint (n_live, ==, 4);                       /* D-Bus heard them at once */
  g_assert_cmpuint (rd_event_sink_get_n_unsaved (sink), ==, 3);
  g_assert_nonnull (strstr (rd_event_sink_get_delivery_problem (sink), "Events not saved"));
  g_assert_nonnull (strstr (rd_event_sink_get_delivery_problem (sink), "3 wait in memory"));
  {
    gint64 until = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_cmpuint (received->len, ==, 1);                /* nothing sent that is not saved */
  text = journal_text (dir);
  g_assert_null (strstr (text, rd_outbox_envelope_id (later[0])));
  g_clear_pointer (&text, g_free);

  /* room again: saved in order, then sent in order */
  disk_full (FALSE);
  WAIT_FOR (received->len == 4, 30);
  for (guint i = 0; i < G_N_ELEMENTS (later); i++)
    g_assert_cmpstr (g_ptr_array_index (received, i + 1), ==, rd_outbox_envelope_id (later[i]));
  g_assert_cmpuint (rd_event_sink_get_n_unsaved (sink), ==, 0);
  WAIT_FOR (rd_event_sink_get_delivery_problem (sink) == NULL, 10);
  text = journal_text (dir);
  g_assert_true (strstr (text, rd_outbox_envelope_id (later[0])) < strstr (text, rd_outbox_envelope_id (later[2])));
  g_log_set_always_fatal (fatal);
  for (guint i = 0; i < G_N_ELEMENTS (later); i++)
    json_node_unref (later[i]);
}

/* A delivered mark the full disk refused counts in memory (nothing is sent
 * twice) and is written with the next record. */
static void
test_delivered_mark_waits (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rd-full-XXXXXX", &error);
  g_autoptr(RdOutboxJournal) journal = NULL;
  g_autoptr(RdOutboxJournal) again = NULL;
  g_autoptr(JsonNode) a = event ();
  g_autoptr(JsonNode) b = event ();

  g_setenv ("RD_TEST_DISK_FULL_DIR", dir, TRUE);
  journal = rd_outbox_journal_open (dir, &error);
  g_assert_no_error (error);
  g_assert_true (rd_outbox_journal_append (journal, a, &error));
  disk_full (TRUE);
  g_assert_false (rd_outbox_journal_mark_delivered (journal, rd_outbox_envelope_id (a), &error));
  g_clear_error (&error);
  g_assert_true (rd_outbox_journal_is_delivered (journal, rd_outbox_envelope_id (a)));
  g_assert_null (rd_outbox_journal_next_undelivered (journal));
  disk_full (FALSE);
  g_assert_true (rd_outbox_journal_append (journal, b, &error));
  g_clear_object (&journal);

  /* what a restart reads: a delivered, b pending */
  again = rd_outbox_journal_open (dir, &error);
  g_assert_no_error (error);
  g_assert_true (rd_outbox_journal_is_delivered (again, rd_outbox_envelope_id (a)));
  g_assert_true (json_node_equal (rd_outbox_journal_next_undelivered (again), b));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *flag_dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("LD_PRELOAD") == NULL || strstr (g_getenv ("LD_PRELOAD"), "enospc-preload") == NULL)
    {
      g_printerr ("run with LD_PRELOAD=…/libenospc-preload.so (tests/meson.build does)\n");
      return 1;
    }
  flag_dir = g_dir_make_tmp ("rd-flag-XXXXXX", &error);
  g_assert_no_error (error);
  flag = g_build_filename (flag_dir, "disk-full", NULL);
  g_setenv ("RD_TEST_DISK_FULL_FLAG", flag, TRUE);
  received = g_ptr_array_new_with_free_func (g_free);
  g_test_add_func ("/disk-full/events-wait-for-room", test_events_wait_for_room);
  g_test_add_func ("/disk-full/delivered-mark-waits", test_delivered_mark_waits);
  status = g_test_run ();
  g_unlink (flag);
  g_rmdir (flag_dir);
  return status;
}
