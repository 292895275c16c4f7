/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-command-router.h"
#include "rd-error.h"
#include "test-controller.h"

/* Where menu, shortcut, button and D-Bus commands meet, with a controller
 * of the test's own: what the page cannot carry says so, what it can goes
 * through, and lifting the wrong-patient guard is on the record first. */

typedef struct {
  char            *dir;
  RdOutboxJournal *journal;
  RdEventSink     *sink;
  RdEventPath     *events;
  TestController  *controller;
  RdCommandRouter *router;
  GSettings       *settings;
  guint            events_when_lifted;
  gboolean         overriding_when_lifted;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *supported[] = { "sign_report", "toggle_recording", NULL };

  f->dir = test_outbox_dir_new ();
  f->journal = rd_outbox_journal_open (f->dir, &error);
  g_assert_no_error (error);
  f->sink = rd_event_sink_new (f->journal);
  f->events = rd_event_path_new (f->sink, "demo", "NORTH");
  f->controller = test_controller_new ("M1", "A1");
  f->controller->supported = g_strdupv ((char **) supported);
  rd_event_path_set_controller (f->events, RD_REPORT_CONTROLLER (f->controller));
  f->router = rd_command_router_new (RD_REPORT_CONTROLLER (f->controller), f->events);
  f->settings = g_settings_new (SCHEMA_ID);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_settings_reset (f->settings, "mic-check");
  g_object_unref (f->settings);
  g_object_unref (f->router);
  g_object_unref (f->controller);
  g_object_unref (f->events);
  g_object_unref (f->sink);
  g_object_unref (f->journal);
  test_outbox_dir_remove (f->dir);
  g_free (f->dir);
}

/* A page that cannot carry a command says why, and nothing is sent. */
static void
test_unsupported_says_why (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (rd_command_router_send (f->router, "discard_report", &error));
  g_assert_error (error, RD_ERROR, RD_ERROR_NOT_SUPPORTED);
  g_assert_cmpuint (f->controller->sent->len, ==, 0);
}

static void
test_command_goes_through (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rd_command_router_send (f->router, "sign_report", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->controller->sent->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->controller->sent, 0), ==, "sign_report");
}

/* mic-check off: dictation starts at once, no check held in between. */
static void
test_record_without_check (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_settings_set_string (f->settings, "mic-check", "off");
  g_assert_true (rd_command_router_send (f->router, "toggle_recording", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->controller->sent->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->controller->sent, 0), ==, "toggle_recording");
  g_assert_null (rd_command_router_get_mic_verdict (f->router));
}

static void
on_guard (Fixture *f)
{
  if (rd_report_controller_get_context_mismatch (RD_REPORT_CONTROLLER (f->controller)))
    return;
  f->events_when_lifted = rd_outbox_journal_get_events (f->journal)->len;
  f->overriding_when_lifted = rd_command_router_is_overriding (f->router);
}

/* The override is journalled before the guard goes, and the guard going
 * then is the user's doing (not "matched"). */
static void
test_override_on_record_first (Fixture       *f,
                               gconstpointer  data)
{
  JsonObject *e;

  rd_command_router_override_mismatch (f->router);   /* no guard up: nothing */
  g_assert_cmpuint (f->controller->n_overrides, ==, 0);
  g_assert_cmpuint (rd_outbox_journal_get_events (f->journal)->len, ==, 0);

  rd_report_controller_set_mismatch (RD_REPORT_CONTROLLER (f->controller), TRUE, "shows MRN OTHER");
  g_signal_connect_swapped (f->controller, "notify::context-mismatch", G_CALLBACK (on_guard), f);
  /* the log says so too, for an admin reading it later */
  g_test_expect_message ("reportdock-application", G_LOG_LEVEL_WARNING, "wrong-patient guard overridden*");
  rd_command_router_override_mismatch (f->router);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (f->controller->n_overrides, ==, 1);
  g_assert_cmpuint (f->events_when_lifted, ==, 1);
  g_assert_true (f->overriding_when_lifted);
  g_assert_false (rd_command_router_is_overriding (f->router));
  e = json_node_get_object (g_ptr_array_index (rd_outbox_journal_get_events (f->journal), 0));
  g_assert_cmpstr (json_object_get_string_member (e, "type"), ==, "reportdock.context_override");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (e, "payload"), "detail"), ==,
                   "shows MRN OTHER");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/command-router/unsupported-says-why", Fixture, NULL, setup, test_unsupported_says_why, teardown);
  g_test_add ("/command-router/command-goes-through", Fixture, NULL, setup, test_command_goes_through, teardown);
  g_test_add ("/command-router/record-without-check", Fixture, NULL, setup, test_record_without_check, teardown);
  g_test_add ("/command-router/override-on-record-first", Fixture, NULL, setup, test_override_on_record_first,
              teardown);
  return g_test_run ();
}
