/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-error.h"
#include "rd-event-path.h"
#include "test-controller.h"

#include <string.h>

/* The one path every event takes, on a real journal, with a controller of
 * the test's own: our events are about the open study, an event about
 * another patient is preceded by the mismatch, a vendor's webhook goes in
 * as it came, and what is not an event is refused. */

typedef struct {
  char            *dir;
  RdOutboxJournal *journal;
  RdEventSink     *sink;
  TestController  *controller;
  RdEventPath     *path;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = test_outbox_dir_new ();
  f->journal = rd_outbox_journal_open (f->dir, &error);
  g_assert_no_error (error);
  f->sink = rd_event_sink_new (f->journal);
  f->controller = test_controller_new ("M1", "A1");
  f->path = rd_event_path_new (f->sink, "demo", "NORTH");
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_object_unref (f->path);
  g_object_unref (f->controller);
  g_object_unref (f->sink);
  g_object_unref (f->journal);
  test_outbox_dir_remove (f->dir);
  g_free (f->dir);
}

static JsonObject *
event (Fixture *f,
       guint    i)
{
  GPtrArray *events = rd_outbox_journal_get_events (f->journal);

  g_assert_cmpuint (i, <, events->len);
  return json_node_get_object (g_ptr_array_index (events, i));
}

static guint
n_events (Fixture *f)
{
  return rd_outbox_journal_get_events (f->journal)->len;
}

static void
assert_study (JsonObject *envelope,
              const char *mrn,
              const char *accession,
              const char *site)
{
  JsonObject *study = json_object_get_object_member (envelope, "study");

  g_assert_nonnull (study);
  g_assert_cmpstr (json_object_get_string_member (study, "mrn"), ==, mrn);
  g_assert_cmpstr (json_object_get_string_member (study, "accession_number"), ==, accession);
  g_assert_cmpstr (json_object_get_string_member (study, "site_id"), ==, site);
}

/* Our own events are about the study open now, with the default site. */
static void
test_own_event_about_open_study (Fixture       *f,
                                 gconstpointer  data)
{
  JsonObject *e;

  rd_event_path_set_controller (f->path, RD_REPORT_CONTROLLER (f->controller));
  rd_event_path_submit_own (f->path, "reportdock.signed_in", "user", "Dr A");
  g_assert_cmpuint (n_events (f), ==, 1);
  e = event (f, 0);
  g_assert_cmpstr (json_object_get_string_member (e, "type"), ==, "reportdock.signed_in");
  g_assert_cmpstr (json_object_get_string_member (e, "profile"), ==, "demo");
  assert_study (e, "M1", "A1", "NORTH");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (e, "payload"), "user"), ==,
                   "Dr A");
  g_assert_false (json_object_has_member (e, "context"));
}

/* Before any controller (the first start): about no study, not lost. */
static void
test_own_event_without_controller (Fixture       *f,
                                   gconstpointer  data)
{
  rd_event_path_submit_own (f->path, "reportdock.auth_failed", "reason", NULL);
  g_assert_cmpuint (n_events (f), ==, 1);
  g_assert_true (json_object_get_null_member (event (f, 0), "study"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (event (f, 0), "payload"),
                                                  "reason"), ==, "");
}

/* An event about another patient: the worklist hears of the mismatch
 * first, then gets the event, labelled with the study it names. */
static void
test_mismatch_goes_first (Fixture       *f,
                          gconstpointer  data)
{
  RdEventStudy other = { RD_EVENT_NAMES_OTHER_STUDY, TRUE, "OTHER", "ACC-X", "SOUTH" };
  JsonObject *mismatch, *shown, *saved;

  rd_event_path_set_controller (f->path, RD_REPORT_CONTROLLER (f->controller));
  rd_report_controller_emit_event (RD_REPORT_CONTROLLER (f->controller), "report.saved",
                                   "{\"type\":\"report.saved\",\"mrn\":\"OTHER\"}", &other);
  g_assert_cmpuint (n_events (f), ==, 2);
  mismatch = event (f, 0);
  g_assert_cmpstr (json_object_get_string_member (mismatch, "type"), ==, "reportdock.context_mismatch");
  assert_study (mismatch, "M1", "A1", "NORTH");
  shown = json_object_get_object_member (json_object_get_object_member (mismatch, "payload"), "shown");
  g_assert_cmpstr (json_object_get_string_member (shown, "mrn"), ==, "OTHER");
  g_assert_cmpstr (json_object_get_string_member (shown, "site_id"), ==, "SOUTH");
  /* no word from the guard yet: the detail says what was sent */
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (mismatch, "payload"),
                                                           "detail"), "report.saved for MRN OTHER"));
  saved = event (f, 1);
  g_assert_cmpstr (json_object_get_string_member (saved, "type"), ==, "report.saved");
  assert_study (saved, "OTHER", "ACC-X", "SOUTH");
  g_assert_cmpstr (json_object_get_string_member (saved, "context"), ==, "mismatch");
}

/* The guard's own words, when it has raised: the detail of the event. */
static void
test_mismatch_detail_from_guard (Fixture       *f,
                                 gconstpointer  data)
{
  RdEventStudy other = { RD_EVENT_NAMES_OTHER_STUDY, TRUE, "OTHER", "ACC-X", NULL };

  rd_event_path_set_controller (f->path, RD_REPORT_CONTROLLER (f->controller));
  rd_report_controller_set_mismatch (RD_REPORT_CONTROLLER (f->controller), TRUE, "shows MRN OTHER");
  rd_report_controller_emit_event (RD_REPORT_CONTROLLER (f->controller), "report.opened",
                                   "{\"type\":\"report.opened\"}", &other);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (event (f, 0), "payload"),
                                                  "detail"), ==, "shows MRN OTHER");
}

/* A vendor's webhook, verified by the relay: kept as it came, about no
 * study; what is not an event is refused, and nothing is journalled. */
static void
test_relayed (Fixture       *f,
              gconstpointer  data)
{
  const char *bad[] = { "", "not json", "[1,2]", "{\"payload\":{}}", "{\"type\":7}" };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (rd_event_path_record_relayed (bad[i], f->path, &error));
      g_assert_error (error, RD_ERROR, RD_ERROR_MALFORMED_MESSAGE);
      g_clear_error (&error);
    }
  g_assert_cmpuint (n_events (f), ==, 0);
  g_assert_true (rd_event_path_record_relayed ("{\"type\":\"report.signed\",\"payload\":{\"id\":\"r1\"}}",
                                               f->path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_events (f), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (event (f, 0), "type"), ==, "report.signed");
  g_assert_true (json_object_get_null_member (event (f, 0), "study"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/event-path/own-event-about-open-study", Fixture, NULL, setup, test_own_event_about_open_study,
              teardown);
  g_test_add ("/event-path/own-event-without-controller", Fixture, NULL, setup,
              test_own_event_without_controller, teardown);
  g_test_add ("/event-path/mismatch-goes-first", Fixture, NULL, setup, test_mismatch_goes_first, teardown);
  g_test_add ("/event-path/mismatch-detail-from-guard", Fixture, NULL, setup, test_mismatch_detail_from_guard,
              teardown);
  g_test_add ("/event-path/relayed", Fixture, NULL, setup, test_relayed, teardown);
  return g_test_run ();
}
