/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test helper: the outbox and webhook delivery of ReportDock, alone.
 *   outbox-writer DIR URL SECRET N
 * appends N events (printing "appended K" after each is on disk), then
 * keeps delivering until killed. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "rd-event-sink.h"
#include "rd-outbox.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdOutboxJournal) journal = NULL;
  g_autoptr(RdEventSink) sink = NULL;
  int n;

  if (argc != 5)
    return 2;
  journal = rd_outbox_journal_open (argv[1], &error);
  if (journal == NULL)
    g_error ("%s", error->message);
  sink = rd_event_sink_new (journal);
  if (!rd_event_sink_set_webhook (sink, argv[2], argv[3], &error))
    g_error ("%s", error->message);

  n = atoi (argv[4]);
  for (int i = 1; i <= n; i++)
    {
      g_autofree char *id = rd_outbox_new_event_id ();
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(JsonNode) e = rd_outbox_envelope (id, "report.saved", now, "demo", "M", "A", "S", NULL);

      if (!rd_event_sink_submit (sink, e, &error))
        g_error ("%s", error->message);
      printf ("appended %d\n", i);
      fflush (stdout);
    }
  while (TRUE)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}
