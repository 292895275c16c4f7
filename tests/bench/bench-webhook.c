/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Event from the reporting app → webhook request at a local receiver:
 * envelope, journal with fsync (on the disk under $TMPDIR), signed POST.
 * The receiver runs in its own thread, as a worklist server would.
 * Prints median and p99 over N events (default 200). */
#include "config.h"

#include <libsoup/soup.h>
#include <stdlib.h>

#include "rd-event-sink.h"
#include "rd-loopback.h"
#include "rd-outbox.h"

static gint64 received_at;   /* guarded by the lock */
static GMutex lock;
static GCond cond;
static int port;

static void
on_hook (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  g_mutex_lock (&lock);
  received_at = g_get_monotonic_time ();
  g_cond_signal (&cond);
  g_mutex_unlock (&lock);
  soup_server_message_set_status (msg, 204, NULL);
}

static gpointer
receiver_thread (gpointer data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupServer) server = NULL;

  g_main_context_push_thread_default (context);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, "/hook", on_hook, NULL, NULL);
  g_mutex_lock (&lock);
  port = rd_loopback_listen (server, NULL);
  g_cond_signal (&cond);
  g_mutex_unlock (&lock);
  while (TRUE)
    g_main_context_iteration (context, TRUE);
  return NULL;
}

static int
compare (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return (x > y) - (x < y);
}

int
main (int argc, char *argv[])
{
  int n = argc > 1 ? atoi (argv[1]) : 200;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rd-bench-XXXXXX", &error);
  g_autoptr(RdOutboxJournal) journal = rd_outbox_journal_open (dir, &error);
  g_autoptr(RdEventSink) sink = rd_event_sink_new (journal);
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(RdStudy) study = rd_study_new ();
  g_autofree char *url = NULL;

  rd_study_set_mrn (study, "MRN-1", NULL);
  rd_study_add_accession (study, "ACC-1", NULL);
  rd_study_set_site_id (study, "S", NULL);

  g_mutex_lock (&lock);
  g_thread_new ("receiver", receiver_thread, NULL);
  while (port == 0)
    g_cond_wait (&cond, &lock);
  g_mutex_unlock (&lock);
  url = g_strdup_printf ("http://127.0.0.1:%d/hook", port);
  rd_event_sink_set_webhook (sink, url, "whsec_YmVuY2htYXJr", &error);

  for (int i = 0; i < n; i++)
    {
      const char *message = "{\"type\":\"report.signed\",\"payload\":{\"mrn\":\"MRN-1\",\"accession_number\":\"ACC-1\","
                            "\"site_id\":\"S\",\"report_status\":\"signed\",\"data\":{\"sign_context\":{\"sign_type\":\"sign\"}}}}";
      g_autofree char *id = NULL;
      g_autoptr(GDateTime) now = NULL;
      g_autoptr(JsonNode) envelope = NULL;
      g_autoptr(RdEventStudy) about = rd_event_study_new_for_study (study, NULL);
      gint64 start, latency;

      g_mutex_lock (&lock);
      received_at = 0;
      g_mutex_unlock (&lock);

      /* the message has just arrived from the iframe */
      start = g_get_monotonic_time ();
      id = rd_outbox_new_event_id ();
      now = g_date_time_new_now_utc ();
      envelope = rd_outbox_envelope_for_message (id, now, "radpair", about, message);
      if (!rd_event_sink_submit (sink, envelope, &error))
        g_error ("%s", error->message);

      while (TRUE)
        {
          gint64 got;

          g_mutex_lock (&lock);
          got = received_at;
          g_mutex_unlock (&lock);
          if (got != 0)
            {
              latency = got - start;
              break;
            }
          g_main_context_iteration (NULL, FALSE);
        }
      g_array_append_val (latencies, latency);
      /* let the 2xx come back before the next event: steady state */
      while (rd_event_sink_get_n_pending (sink) > 0)
        g_main_context_iteration (NULL, TRUE);
    }

  g_array_sort (latencies, compare);
  g_print ("bench-webhook: events=%d journal=%s\n", n, rd_outbox_journal_get_path (journal));
  g_print ("iframe event -> webhook received median_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
           g_array_index (latencies, gint64, n / 2) / 1000.0,
           g_array_index (latencies, gint64, (n * 99) / 100 - (n >= 100 ? 1 : 0)) / 1000.0,
           g_array_index (latencies, gint64, n - 1) / 1000.0);
  return 0;
}
