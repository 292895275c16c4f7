/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-outbox.h"
#include "rd-outbox-journal.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

static char *dir;

static JsonNode *
envelope (const char *type,
          int         year)
{
  g_autofree char *id = rd_outbox_new_event_id ();
  /* year 0: now */
  g_autoptr(GDateTime) when = year ? g_date_time_new_utc (year, 1, 2, 3, 4, 5) : g_date_time_new_now_utc ();

  return rd_outbox_envelope (id, type, when, "demo", "M", "A", "S", NULL);
}

static RdOutboxJournal *
open_journal (void)
{
  g_autoptr(GError) error = NULL;
  RdOutboxJournal *journal = rd_outbox_journal_open (dir, &error);

  g_assert_no_error (error);
  return journal;
}

static void
setup (void)
{
  g_autoptr(GError) error = NULL;

  dir = g_dir_make_tmp ("rd-outbox-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
teardown (void)
{
  g_autofree char *path = g_build_filename (dir, "outbox.jsonl", NULL);
  g_autofree char *lock = g_build_filename (dir, "outbox.lock", NULL);
  g_autofree char *quarantine = g_build_filename (dir, "outbox.quarantine", NULL);

  g_unlink (path);
  g_unlink (lock);
  g_unlink (quarantine);
  g_rmdir (dir);
  g_clear_pointer (&dir, g_free);
}

static void
test_append_and_replay (void)
{
  g_autoptr(JsonNode) a = envelope ("report.opened", 2026);
  g_autoptr(JsonNode) b = envelope ("report.signed", 2026);
  g_autoptr(JsonNode) c = envelope ("report.closed", 2026);
  g_autoptr(GError) error = NULL;
  struct stat st;

  setup ();
  {
    g_autoptr(RdOutboxJournal) journal = open_journal ();

    g_assert_true (rd_outbox_journal_append (journal, a, &error));
    g_assert_true (rd_outbox_journal_append (journal, b, &error));
    g_assert_true (rd_outbox_journal_append (journal, c, &error));
    g_assert_true (rd_outbox_journal_mark_delivered (journal, rd_outbox_envelope_id (a), &error));
    g_assert_no_error (error);
    g_assert_true (json_node_equal (rd_outbox_journal_next_undelivered (journal), b));
    /* private to the user: it holds patient identifiers */
    g_assert_cmpint (g_stat (rd_outbox_journal_get_path (journal), &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }
  {
    /* a restart finds everything, in order, with its delivered marks */
    g_autoptr(RdOutboxJournal) journal = open_journal ();
    GPtrArray *events = rd_outbox_journal_get_events (journal);

    g_assert_cmpuint (events->len, ==, 3);
    g_assert_true (json_node_equal (g_ptr_array_index (events, 0), a));
    g_assert_true (json_node_equal (g_ptr_array_index (events, 2), c));
    g_assert_true (rd_outbox_journal_is_delivered (journal, rd_outbox_envelope_id (a)));
    g_assert_false (rd_outbox_journal_is_delivered (journal, rd_outbox_envelope_id (b)));
    g_assert_true (json_node_equal (rd_outbox_journal_next_undelivered (journal), b));
    g_assert_true (rd_outbox_journal_mark_delivered (journal, rd_outbox_envelope_id (b), &error));
    g_assert_true (json_node_equal (rd_outbox_journal_next_undelivered (journal), c));
    g_assert_true (rd_outbox_journal_mark_delivered (journal, rd_outbox_envelope_id (c), &error));
    g_assert_null (rd_outbox_journal_next_undelivered (journal));
  }
  teardown ();
}

static void
test_torn_tail_recovery (void)
{
  g_autoptr(JsonNode) a = envelope ("report.opened", 2026);
  g_autoptr(JsonNode) b = envelope ("report.signed", 2026);
  g_autoptr(JsonNode) c = envelope ("report.closed", 2026);
  g_autofree char *torn = rd_outbox_encode_event (b);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  FILE *f;

  setup ();
  {
    g_autoptr(RdOutboxJournal) journal = open_journal ();
    g_assert_true (rd_outbox_journal_append (journal, a, &error));
    path = g_strdup (rd_outbox_journal_get_path (journal));
  }
  /* the power went off in the middle of the next write */
  f = fopen (path, "a");
  fwrite (torn, 1, strlen (torn) / 2, f);
  fclose (f);
  {
    g_autoptr(RdOutboxJournal) journal = NULL;

    g_test_expect_message ("reportdock-outbox", G_LOG_LEVEL_WARNING, "*incomplete record*");
    journal = open_journal ();
    g_test_assert_expected_messages ();
    g_assert_cmpuint (rd_outbox_journal_get_events (journal)->len, ==, 1);
    /* the torn part is gone, so the next record starts on its own line */
    g_assert_true (rd_outbox_journal_append (journal, c, &error));
  }
  {
    g_autoptr(RdOutboxJournal) journal = open_journal ();
    GPtrArray *events = rd_outbox_journal_get_events (journal);

    g_assert_cmpuint (events->len, ==, 2);
    g_assert_true (json_node_equal (g_ptr_array_index (events, 1), c));
  }
  teardown ();
}

/* Issue 25.5 as the attack: one byte changed in an undelivered event's
 * record in the middle of the journal. After a restart every event is
 * either there intact, in order, or kept aside and counted; never gone
 * without a trace. */
static void
test_flipped_byte (void)
{
  g_autoptr(JsonNode) a = envelope ("report.opened", 0);
  g_autoptr(JsonNode) b = envelope ("report.signed", 0);
  g_autoptr(JsonNode) c = envelope ("report.closed", 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL, *contents = NULL, *again = NULL, *damaged_line = NULL;
  g_autofree char *quarantine = NULL;
  gsize length;
  char *second;

  setup ();
  {
    g_autoptr(RdOutboxJournal) journal = open_journal ();

    g_assert_true (rd_outbox_journal_append (journal, a, &error));
    g_assert_true (rd_outbox_journal_append (journal, b, &error));
    g_assert_true (rd_outbox_journal_append (journal, c, &error));
    g_assert_true (rd_outbox_journal_mark_delivered (journal, rd_outbox_envelope_id (a), &error));
    path = g_strdup (rd_outbox_journal_get_path (journal));
  }
  /* one byte of b's record, inside its JSON, changed: the JSON may still
   * parse, the checksum does not agree */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  second = strchr (contents, '\n') + 1;
  damaged_line = g_strndup (second, strchr (second, '\n') - second);
  second[40] = second[40] == 'a' ? 'b' : 'a';
  g_free (damaged_line);
  damaged_line = g_strndup (second, strchr (second, '\n') - second);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));

  {
    g_autoptr(RdOutboxJournal) journal = NULL;
    g_autoptr(GPtrArray) kept = NULL;
    GPtrArray *events;

    g_test_expect_message ("reportdock-outbox", G_LOG_LEVEL_WARNING, "*1 damaged records*kept aside*");
    journal = open_journal ();
    g_test_assert_expected_messages ();
    events = rd_outbox_journal_get_events (journal);
    g_assert_cmpuint (events->len, ==, 2);
    g_assert_true (json_node_equal (g_ptr_array_index (events, 0), a));
    g_assert_true (json_node_equal (g_ptr_array_index (events, 1), c));
    g_assert_true (rd_outbox_journal_is_delivered (journal, rd_outbox_envelope_id (a)));
    /* the next to send is c: every other event goes out, in order */
    g_assert_true (json_node_equal (rd_outbox_journal_next_undelivered (journal), c));
    g_assert_cmpuint (rd_outbox_journal_get_n_damaged (journal), ==, 1);
    kept = rd_outbox_journal_read_quarantine (dir, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (kept->len, ==, 1);
    g_assert_cmpmem (g_bytes_get_data (g_ptr_array_index (kept, 0), NULL),
                     g_bytes_get_size (g_ptr_array_index (kept, 0)), damaged_line, strlen (damaged_line));
  }
  /* the journal no longer holds it; a second start counts it once, quietly */
  g_assert_true (g_file_get_contents (path, &again, NULL, NULL));
  g_assert_null (strstr (again, damaged_line));
  {
    g_autoptr(RdOutboxJournal) journal = open_journal ();

    g_assert_cmpuint (rd_outbox_journal_get_n_damaged (journal), ==, 1);
    g_assert_cmpuint (rd_outbox_journal_get_events (journal)->len, ==, 2);
  }
  quarantine = g_build_filename (dir, "outbox.quarantine", NULL);
  {
    struct stat st;

    g_assert_cmpint (g_stat (quarantine, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }
  teardown ();
}

static void
test_compaction (void)
{
  g_autoptr(JsonNode) old_delivered = envelope ("report.opened", 2020);
  g_autoptr(JsonNode) old_pending = envelope ("report.signed", 2020);
  g_autoptr(JsonNode) new_delivered = envelope ("report.closed", 0);
  g_autoptr(JsonNode) later = envelope ("report.saved", 0);
  g_autoptr(GError) error = NULL;

  setup ();
  {
    g_autoptr(RdOutboxJournal) journal = open_journal ();

    rd_outbox_journal_append (journal, old_delivered, &error);
    rd_outbox_journal_append (journal, old_pending, &error);
    rd_outbox_journal_append (journal, new_delivered, &error);
    rd_outbox_journal_mark_delivered (journal, rd_outbox_envelope_id (old_delivered), &error);
    rd_outbox_journal_mark_delivered (journal, rd_outbox_envelope_id (new_delivered), &error);
    g_assert_no_error (error);
    g_assert_true (rd_outbox_journal_compact (journal, 30 * G_TIME_SPAN_DAY, 0, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (rd_outbox_journal_get_events (journal)->len, ==, 2);
    /* appending goes on after a compaction */
    g_assert_true (rd_outbox_journal_append (journal, later, &error));
  }
  {
    g_autoptr(RdOutboxJournal) journal = open_journal ();
    GPtrArray *events = rd_outbox_journal_get_events (journal);

    /* an undelivered event is never compacted away, however old */
    g_assert_cmpuint (events->len, ==, 3);
    g_assert_true (json_node_equal (g_ptr_array_index (events, 0), old_pending));
    g_assert_true (json_node_equal (g_ptr_array_index (events, 1), new_delivered));
    g_assert_true (json_node_equal (g_ptr_array_index (events, 2), later));
    g_assert_true (rd_outbox_journal_is_delivered (journal, rd_outbox_envelope_id (new_delivered)));
    g_assert_true (json_node_equal (rd_outbox_journal_next_undelivered (journal), old_pending));

    /* with no worklist to receive them (no events-url), undelivered events
     * age out as delivered ones do */
    g_assert_true (rd_outbox_journal_compact (journal, 30 * G_TIME_SPAN_DAY, 30 * G_TIME_SPAN_DAY, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (rd_outbox_journal_get_events (journal)->len, ==, 2);
    g_assert_true (json_node_equal (g_ptr_array_index (rd_outbox_journal_get_events (journal), 0), new_delivered));
  }
  {
    g_autoptr(RdOutboxJournal) journal = open_journal ();

    g_assert_cmpuint (rd_outbox_journal_get_events (journal)->len, ==, 2);
    g_assert_true (json_node_equal (rd_outbox_journal_next_undelivered (journal), later));
  }
  teardown ();
}

/* One writer: a second ReportDock on the same outbox is refused with a
 * message saying why, and may write once the first has gone. */
static void
test_one_writer (void)
{
  RdOutboxJournal *first;
  g_autoptr(RdOutboxJournal) second = NULL;
  g_autoptr(RdOutboxJournal) third = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) e = envelope ("report.signed", 0);

  setup ();
  first = open_journal ();
  second = rd_outbox_journal_open (dir, &error);
  g_assert_null (second);
  g_assert_nonnull (strstr (error->message, "Another ReportDock writes the event outbox"));
  g_assert_nonnull (strstr (error->message, dir));
  /* the first one writes on, to the file the next one reads */
  g_assert_true (rd_outbox_journal_append (first, e, NULL));
  g_object_unref (first);
  third = open_journal ();
  g_assert_cmpuint (rd_outbox_journal_get_events (third)->len, ==, 1);
  g_clear_object (&third);
  teardown ();
}

static void
test_unusable_directory (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdOutboxJournal) journal = rd_outbox_journal_open ("/proc/version/outbox", &error);

  g_assert_null (journal);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "outbox"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/outbox-journal/append-and-replay", test_append_and_replay);
  g_test_add_func ("/outbox-journal/torn-tail", test_torn_tail_recovery);
  g_test_add_func ("/outbox-journal/flipped-byte", test_flipped_byte);
  g_test_add_func ("/outbox-journal/compaction", test_compaction);
  g_test_add_func ("/outbox-journal/unusable-directory", test_unusable_directory);
  g_test_add_func ("/outbox-journal/one-writer", test_one_writer);
  return g_test_run ();
}
