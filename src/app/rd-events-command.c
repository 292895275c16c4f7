/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-events"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-events-command.h"
#include "rd-outbox.h"
#include "rd-outbox-journal.h"
#include "rd-text.h"

#include <glib-unix.h>
#include <stdio.h>

/* `reportdock events [--follow] [--since ID] [--failed]`: the outbox as JSON
 * lines, each envelope with "delivered" (and "failed": why, for a dead
 * letter); --failed adds each damaged record as {"damaged":true,…}. It reads the journal file and never writes it, so it works
 * whether or not ReportDock runs; --retry is the running instance's. */

typedef struct {
  char       *path;
  gboolean    failed_only;  /* --failed: the dead letters */
  char       *since;        /* still to be passed, or NULL */
  GHashTable *printed;      /* ids */
  GMainLoop  *loop;
} Printer;

/* One line for a damaged record: where it is and what it says (made safe
 * to show; it cannot be trusted to be JSON). */
static void
print_record (Printer    *p,
              GBytes     *record,
              const char *where)
{
  g_autofree char *raw = g_strndup (g_bytes_get_data (record, NULL), g_bytes_get_size (record));
  g_autofree char *hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, record);
  g_autofree char *text = rd_text_for_display (raw, 4096);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *line = NULL;

  if (!g_hash_table_add (p->printed, g_steal_pointer (&hash)))
    return;
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "damaged");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "kept_in");
  json_builder_add_string_value (b, where);
  json_builder_set_member_name (b, "record");
  json_builder_add_string_value (b, text);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  line = json_to_string (node, FALSE);
  g_print ("%s\n", line);
}

/* Damaged records, found in the journal (not opened by ReportDock since) or
 * kept aside in the quarantine file: never an event lost without a trace. */
static void
print_damaged (Printer   *p,
               GPtrArray *in_journal)
{
  g_autofree char *directory = g_path_get_dirname (p->path);
  g_autofree char *quarantine = g_build_filename (directory, rd_outbox_journal_quarantine_name (), NULL);
  g_autoptr(GPtrArray) kept = rd_outbox_journal_read_quarantine (directory, NULL);

  for (guint i = 0; i < in_journal->len; i++)
    print_record (p, g_ptr_array_index (in_journal, i), p->path);
  for (guint i = 0; kept != NULL && i < kept->len; i++)
    print_record (p, g_ptr_array_index (kept, i), quarantine);
}

static gboolean
print_new (Printer  *p,
           GError  **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RdOutboxReplay) replay = NULL;
  gsize length = 0;

  if (!g_file_get_contents (p->path, &contents, &length, &local_error) &&
      !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  replay = rd_outbox_replay (contents ? contents : "", length);
  for (guint i = 0; i < replay->events->len; i++)
    {
      JsonNode *envelope = g_ptr_array_index (replay->events, i);
      const char *id = rd_outbox_envelope_id (envelope);
      g_autoptr(JsonNode) copy = NULL;
      g_autofree char *line = NULL;

      if (p->since != NULL)
        {
          if (g_str_equal (id, p->since))
            g_clear_pointer (&p->since, g_free);
          g_hash_table_add (p->printed, g_strdup (id));
          continue;
        }
      if (g_hash_table_contains (p->printed, id))
        continue;
      if (p->failed_only && !g_hash_table_contains (replay->failed, id))
        continue;
      g_hash_table_add (p->printed, g_strdup (id));
      copy = json_node_copy (envelope);
      json_object_set_boolean_member (json_node_get_object (copy), "delivered",
                                      g_hash_table_contains (replay->delivered, id));
      if (g_hash_table_contains (replay->failed, id))
        json_object_set_string_member (json_node_get_object (copy), "failed",
                                       g_hash_table_lookup (replay->failed, id));
      line = json_to_string (copy, FALSE);
      g_print ("%s\n", line);
    }
  if (p->failed_only)
    print_damaged (p, replay->damaged);
  fflush (stdout);
  return TRUE;
}

static void
on_changed (GFileMonitor      *monitor,
            GFile             *file,
            GFile             *other,
            GFileMonitorEvent  event,
            Printer           *p)
{
  g_autoptr(GError) error = NULL;

  if (event != G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT && event != G_FILE_MONITOR_EVENT_CREATED &&
      event != G_FILE_MONITOR_EVENT_CHANGED && event != G_FILE_MONITOR_EVENT_RENAMED)
    return;
  if (!print_new (p, &error))
    g_printerr ("reportdock: %s\n", error->message);
}

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* Whether the running instance is the demo (started with --demo, or the
 * demo chosen in the assistant): its events are in the demo's outbox. */
static gboolean
instance_is_demo (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) status = NULL;
  gboolean demo = FALSE;

  if (bus == NULL)
    return FALSE;
  /* never starts it, and never waits long for a busy one */
  reply = g_dbus_connection_call_sync (bus, APP_ID, OBJECT_PATH, "io.github.reportdock.ReportDock1", "GetStatus",
                                       NULL, G_VARIANT_TYPE ("(a{sv})"), G_DBUS_CALL_FLAGS_NO_AUTO_START, 2000,
                                       NULL, NULL);
  if (reply == NULL)
    return FALSE;
  g_variant_get (reply, "(@a{sv})", &status);
  return g_variant_lookup (status, "demo", "b", &demo) && demo;
}

int
rd_events_command_run (const RdLaunch *launch)
{
  g_autofree char *base = rd_outbox_journal_default_directory ();
  gboolean demo = launch->demo || instance_is_demo ();
  g_autofree char *dir = demo ? g_build_filename (base, "demo", NULL) : g_strdup (base);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileMonitor) monitor = NULL;
  Printer p = { 0 };
  int status = 0;

  if (demo && !launch->demo)
    g_printerr (_("reportdock: the running ReportDock is the demo; these are its events\n"));
  p.path = g_build_filename (dir, "outbox.jsonl", NULL);
  p.since = g_strdup (launch->since);
  p.failed_only = launch->failed;
  p.printed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* watch first, then read: nothing appended in between is missed */
  if (launch->follow)
    {
      file = g_file_new_for_path (p.path);
      monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
      if (monitor == NULL)
        {
          g_printerr (_("reportdock: cannot watch the event outbox: %s\n"), error->message);
          status = 1;
        }
    }

  if (status != 0)
    ;
  else if (!print_new (&p, &error))
    {
      g_printerr (_("reportdock: cannot read the event outbox: %s\n"), error->message);
      status = 1;
    }
  else if (p.since != NULL && !launch->follow)
    {
      g_printerr (_("reportdock: there is no event %s in the outbox %s\n"), p.since, p.path);
      status = 2;
    }
  else if (launch->follow)
    {
      p.loop = g_main_loop_new (NULL, FALSE);
      g_file_monitor_set_rate_limit (monitor, 50);
      g_signal_connect (monitor, "changed", G_CALLBACK (on_changed), &p);
      g_unix_signal_add (SIGINT, on_signal, p.loop);
      g_unix_signal_add (SIGTERM, on_signal, p.loop);
      g_main_loop_run (p.loop);
      g_main_loop_unref (p.loop);
    }

  g_free (p.path);
  g_free (p.since);
  g_hash_table_unref (p.printed);
  return status;
}
