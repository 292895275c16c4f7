/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-error.h"
#include "rd-session.h"

#include <string.h>

/* Drives the state machine with plain data and records every output. */
typedef struct {
  RdSession *session;
  GPtrArray *posted;      /* JSON strings */
  GPtrArray *events;      /* "type json" */
  GArray    *tokens;      /* gboolean fresh, per request */
  gboolean   timers[RD_SESSION_N_TIMERS];
  guint      timer_ms[RD_SESSION_N_TIMERS];
} Fixture;

static void on_post (RdSession *s, const char *json, Fixture *f) { g_ptr_array_add (f->posted, g_strdup (json)); }
static void on_token (RdSession *s, gboolean fresh, Fixture *f) { g_array_append_val (f->tokens, fresh); }
static void on_start (RdSession *s, guint which, guint ms, Fixture *f) { f->timers[which] = TRUE; f->timer_ms[which] = ms; }
static void on_stop (RdSession *s, guint which, Fixture *f) { f->timers[which] = FALSE; }
static void on_event (RdSession *s, const char *type, const char *json, RdEventStudy *about, Fixture *f)
{
  g_ptr_array_add (f->events, g_strdup_printf ("%s %s", type, json));
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdProfile) profile = rd_profile_load ("radpair", NULL, &error);

  g_assert_no_error (error);
  memset (f, 0, sizeof *f);
  f->session = rd_session_new (profile);
  f->posted = g_ptr_array_new_with_free_func (g_free);
  f->events = g_ptr_array_new_with_free_func (g_free);
  f->tokens = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_signal_connect (f->session, "post-message", G_CALLBACK (on_post), f);
  g_signal_connect (f->session, "token-needed", G_CALLBACK (on_token), f);
  g_signal_connect (f->session, "timer-start", G_CALLBACK (on_start), f);
  g_signal_connect (f->session, "timer-stop", G_CALLBACK (on_stop), f);
  g_signal_connect (f->session, "event", G_CALLBACK (on_event), f);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_object_unref (f->session);
  g_ptr_array_unref (f->posted);
  g_ptr_array_unref (f->events);
  g_array_unref (f->tokens);
}

static const char *
last_posted (Fixture *f)
{
  g_assert_cmpuint (f->posted->len, >, 0);
  return g_ptr_array_index (f->posted, f->posted->len - 1);
}

static RdStudy *
study (const char *mrn,
       const char *accession,
       const char *site)
{
  RdStudy *s = rd_study_new ();

  g_assert_true (rd_study_set_mrn (s, mrn, NULL));
  g_assert_true (rd_study_add_accession (s, accession, NULL));
  if (site)
    g_assert_true (rd_study_set_site_id (s, site, NULL));
  return s;
}

static void
sign_in (Fixture *f)
{
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"app_ready\"}"));
  rd_session_token_ready (f->session, "tok-1");
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"sign_in_successful\",\"user_info\":{\"name\":\"Dr A\"}}"));
  g_assert_cmpint (rd_session_get_state (f->session), ==, RD_SESSION_STATE_SIGNED_IN);
}

static void
test_page_life_cycle (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (rd_session_get_state (f->session), ==, RD_SESSION_STATE_LOADING);
  rd_session_page_loaded (f->session);
  g_assert_cmpint (rd_session_get_state (f->session), ==, RD_SESSION_STATE_WAITING_FOR_APP);
  g_assert_true (f->timers[RD_SESSION_TIMER_APP_READY]);
  g_assert_cmpuint (f->timer_ms[RD_SESSION_TIMER_APP_READY], ==, RD_SESSION_APP_READY_TIMEOUT_MS);

  /* no app_ready in time: the vendor is unreachable, with a reason */
  rd_session_timer_fired (f->session, RD_SESSION_TIMER_APP_READY);
  g_assert_cmpint (rd_session_get_state (f->session), ==, RD_SESSION_STATE_VENDOR_UNREACHABLE);
  g_assert_nonnull (strstr (rd_session_get_reason (f->session), "vendor-url"));

  g_assert_nonnull (strstr (rd_session_get_reason (f->session), "network"));

  /* reload: back to loading, reason gone */
  rd_session_page_loading (f->session);
  g_assert_cmpint (rd_session_get_state (f->session), ==, RD_SESSION_STATE_LOADING);
  g_assert_null (rd_session_get_reason (f->session));
}

/* A vendor page that answered but never says app_ready is not "the
 * network": the reason names what the answer tells apart. */
static void
test_silent_app_reasons (Fixture *f, gconstpointer data)
{
  /* the page loaded: most often it will not be framed by localhost */
  rd_session_vendor_answered (f->session, 200);
  rd_session_page_loaded (f->session);
  rd_session_timer_fired (f->session, RD_SESSION_TIMER_APP_READY);
  g_assert_cmpint (rd_session_get_state (f->session), ==, RD_SESSION_STATE_VENDOR_UNREACHABLE);
  g_assert_nonnull (strstr (rd_session_get_reason (f->session), "allow the host localhost"));
  g_assert_null (strstr (rd_session_get_reason (f->session), "network"));

  /* an error page: its status */
  rd_session_page_loading (f->session);
  rd_session_vendor_answered (f->session, 404);
  rd_session_page_loaded (f->session);
  rd_session_timer_fired (f->session, RD_SESSION_TIMER_APP_READY);
  g_assert_nonnull (strstr (rd_session_get_reason (f->session), "answered HTTP 404"));

  /* a reload forgets the last answer: no answer is the network again */
  rd_session_page_loading (f->session);
  rd_session_page_loaded (f->session);
  rd_session_timer_fired (f->session, RD_SESSION_TIMER_APP_READY);
  g_assert_nonnull (strstr (rd_session_get_reason (f->session), "network"));
}

static void
test_handshake (Fixture *f, gconstpointer data)
{
  rd_session_page_loaded (f->session);
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"app_ready\"}"));
  g_assert_false (f->timers[RD_SESSION_TIMER_APP_READY]);
  g_assert_cmpint (rd_session_get_state (f->session), ==, RD_SESSION_STATE_SIGNING_IN);
  g_assert_cmpuint (f->tokens->len, ==, 1);
  g_assert_false (g_array_index (f->tokens, gboolean, 0));
  g_assert_cmpuint (f->posted->len, ==, 0);

  rd_session_token_ready (f->session, "tok-1");
  g_assert_cmpstr (last_posted (f), ==, "{\"type\":\"authenticate\",\"token\":\"tok-1\"}");
  g_assert_true (f->timers[RD_SESSION_TIMER_SIGN_IN]);
  g_assert_cmpuint (f->timer_ms[RD_SESSION_TIMER_SIGN_IN], ==, 15000);
  g_assert_cmpuint (rd_session_get_n_authentications (f->session), ==, 1);

  g_assert_true (rd_session_receive (f->session, "{\"type\":\"sign_in_successful\",\"user_info\":{\"name\":\"Dr A\",\"email\":\"a@b\"}}"));
  g_assert_cmpint (rd_session_get_state (f->session), ==, RD_SESSION_STATE_SIGNED_IN);
  g_assert_false (f->timers[RD_SESSION_TIMER_SIGN_IN]);
  g_assert_cmpstr (rd_session_get_user_name (f->session), ==, "Dr A");
  g_assert_cmpuint (f->posted->len, ==, 1);   /* nothing queued, nothing opened */
}

static void
test_open_queued_until_signed_in (Fixture *f, gconstpointer data)
{
  g_autoptr(RdStudy) first = study ("M1", "A1", "S");
  g_autoptr(RdStudy) second = study ("M2", "A2", "S");
  g_autoptr(GError) error = NULL;

  g_assert_true (rd_session_open (f->session, first, &error));
  g_assert_true (rd_session_open (f->session, second, &error));
  g_assert_cmpuint (f->posted->len, ==, 0);
  g_assert_true (rd_study_equal (rd_session_get_study (f->session), second));

  sign_in (f);
  /* only the latest request, right after sign-in */
  g_assert_cmpuint (f->posted->len, ==, 2);
  g_assert_cmpstr (last_posted (f), ==,
                   "{\"type\":\"open_report\",\"mrn\":\"M2\",\"accession_number\":\"A2\",\"site_id\":\"S\",\"metadata\":{}}");
}

static void
test_open_when_signed_in_and_linked (Fixture *f, gconstpointer data)
{
  g_autoptr(RdStudy) linked = study ("M", "A1", NULL);
  g_autoptr(GError) error = NULL;

  sign_in (f);
  rd_session_set_default_site_id (f->session, "HOME");
  g_assert_true (rd_study_add_accession (linked, "A2", NULL));
  g_assert_true (rd_study_set_meta (linked, "modality", "CT", NULL));
  g_assert_true (rd_session_open (f->session, linked, &error));
  g_assert_cmpstr (last_posted (f), ==,
                   "{\"type\":\"open_report\",\"mrn\":\"M\",\"accession_numbers\":[\"A1\",\"A2\"],"
                   "\"site_id\":\"HOME\",\"metadata_by_accession\":{\"A1\":{\"modality\":\"CT\"},"
                   "\"A2\":{\"modality\":\"CT\"}}}");
}

static void
test_open_needs_a_site (Fixture *f, gconstpointer data)
{
  g_autoptr(RdStudy) no_site = study ("M", "A", NULL);
  g_autoptr(RdStudy) incomplete = rd_study_new ();
  g_autoptr(GError) error = NULL;

  sign_in (f);
  g_assert_false (rd_session_open (f->session, no_site, &error));
  g_assert_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "default-site-id"));
  g_clear_error (&error);
  g_assert_false (rd_session_open (f->session, incomplete, &error));
  g_assert_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT);
  g_assert_null (rd_session_get_study (f->session));
  g_assert_cmpuint (f->posted->len, ==, 1);   /* the authenticate only */
}

static void
test_new_app_ready_reauthenticates_and_reopens (Fixture *f, gconstpointer data)
{
  g_autoptr(RdStudy) s = study ("M1", "A1", "S");

  sign_in (f);
  g_assert_true (rd_session_open (f->session, s, NULL));
  g_assert_cmpuint (f->posted->len, ==, 2);

  /* the iframe reloaded */
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"app_ready\"}"));
  g_assert_cmpint (rd_session_get_state (f->session), ==, RD_SESSION_STATE_SIGNING_IN);
  g_assert_null (rd_session_get_user_name (f->session));
  g_assert_cmpuint (f->tokens->len, ==, 2);
  rd_session_token_ready (f->session, "tok-2");
  g_assert_cmpstr (last_posted (f), ==, "{\"type\":\"authenticate\",\"token\":\"tok-2\"}");
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"sign_in_successful\"}"));
  g_assert_cmpstr (last_posted (f), ==,
                   "{\"type\":\"open_report\",\"mrn\":\"M1\",\"accession_number\":\"A1\",\"site_id\":\"S\",\"metadata\":{}}");
}

static void
test_sign_in_failed_retries_once (Fixture *f, gconstpointer data)
{
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"app_ready\"}"));
  rd_session_token_ready (f->session, "tok-1");
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"sign_in_failed\",\"error\":\"expired\"}"));
  /* one fresh token, sent once */
  g_assert_cmpuint (f->tokens->len, ==, 2);
  g_assert_true (g_array_index (f->tokens, gboolean, 1));
  g_assert_cmpint (rd_session_get_state (f->session), ==, RD_SESSION_STATE_SIGNING_IN);
  rd_session_token_ready (f->session, "tok-2");
  g_assert_cmpstr (last_posted (f), ==, "{\"type\":\"authenticate\",\"token\":\"tok-2\"}");
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"sign_in_failed\",\"error\":\"user unknown\"}"));
  g_assert_cmpint (rd_session_get_state (f->session), ==, RD_SESSION_STATE_AUTH_FAILED);
  g_assert_nonnull (strstr (rd_session_get_reason (f->session), "user unknown"));
  g_assert_cmpuint (f->tokens->len, ==, 2);
  g_assert_cmpuint (rd_session_get_n_authentications (f->session), ==, 2);
}

static void
test_sign_in_timeout_retries_once (Fixture *f, gconstpointer data)
{
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"app_ready\"}"));
  rd_session_token_ready (f->session, "tok-1");
  rd_session_timer_fired (f->session, RD_SESSION_TIMER_SIGN_IN);
  g_assert_cmpuint (f->tokens->len, ==, 2);
  g_assert_true (g_array_index (f->tokens, gboolean, 1));
  rd_session_token_ready (f->session, "tok-2");
  rd_session_timer_fired (f->session, RD_SESSION_TIMER_SIGN_IN);
  g_assert_cmpint (rd_session_get_state (f->session), ==, RD_SESSION_STATE_AUTH_FAILED);
  g_assert_nonnull (strstr (rd_session_get_reason (f->session), "15 seconds"));

  /* a timer that was stopped meanwhile does nothing */
  rd_session_timer_fired (f->session, RD_SESSION_TIMER_SIGN_IN);
  g_assert_cmpuint (f->tokens->len, ==, 2);
}

static void
test_token_failures (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) rejected = g_error_new_literal (RD_ERROR, RD_ERROR_KEY_REJECTED, "The vendor rejected the API key");
  g_autoptr(GError) offline = g_error_new_literal (RD_ERROR, RD_ERROR_VENDOR_UNREACHABLE, "Cannot reach");

  g_assert_true (rd_session_receive (f->session, "{\"type\":\"app_ready\"}"));
  rd_session_token_failed (f->session, rejected);
  g_assert_cmpint (rd_session_get_state (f->session), ==, RD_SESSION_STATE_AUTH_FAILED);
  g_assert_cmpstr (rd_session_get_reason (f->session), ==, "The vendor rejected the API key");
  g_assert_cmpuint (f->posted->len, ==, 0);

  g_assert_true (rd_session_receive (f->session, "{\"type\":\"app_ready\"}"));
  rd_session_token_failed (f->session, offline);
  g_assert_cmpint (rd_session_get_state (f->session), ==, RD_SESSION_STATE_VENDOR_UNREACHABLE);
  g_assert_true (f->timers[RD_SESSION_TIMER_RETRY]);
  rd_session_timer_fired (f->session, RD_SESSION_TIMER_RETRY);
  g_assert_cmpint (rd_session_get_state (f->session), ==, RD_SESSION_STATE_SIGNING_IN);
  g_assert_cmpuint (f->tokens->len, ==, 3);

  /* a late token after the page reloaded is not sent */
  rd_session_page_loading (f->session);
  rd_session_token_ready (f->session, "late");
  g_assert_cmpuint (f->posted->len, ==, 0);
}

static void
test_events_forwarded (Fixture *f, gconstpointer data)
{
  const char *signed_json = "{\"type\":\"report.signed\",\"payload\":{\"mrn\":\"M\",\"data\":{\"sign_context\":{\"sign_type\":\"sign\"}}}}";

  sign_in (f);
  g_assert_true (rd_session_receive (f->session, signed_json));
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"vendor.something_new\",\"x\":1}"));
  g_assert_cmpuint (f->events->len, ==, 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (f->events, 0), "report.signed {"));
  g_assert_nonnull (strstr (g_ptr_array_index (f->events, 0), "\"sign_type\":\"sign\""));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (f->events, 1), "vendor.something_new "));
}

static void
test_recording_state (Fixture *f, gconstpointer data)
{
  sign_in (f);
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"recording_state\",\"recording\":true}"));
  g_assert_true (rd_session_get_recording (f->session));
  g_assert_false (rd_session_receive (f->session, "{\"type\":\"recording_state\",\"recording\":\"yes\"}"));
  g_assert_true (rd_session_get_recording (f->session));
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"recording_state\",\"recording\":false}"));
  g_assert_false (rd_session_get_recording (f->session));
  /* the optional mode: the LED's colour; unknown values leave it as it was */
  g_assert_false (rd_session_get_insert_mode (f->session));
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"recording_state\",\"recording\":true,\"mode\":\"insert\"}"));
  g_assert_true (rd_session_get_insert_mode (f->session));
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"recording_state\",\"recording\":true,\"mode\":\"sideways\"}"));
  g_assert_true (rd_session_get_insert_mode (f->session));
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"recording_state\",\"recording\":true,\"mode\":3}"));
  g_assert_true (rd_session_get_insert_mode (f->session));
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"recording_state\",\"recording\":false,\"mode\":\"overwrite\"}"));
  g_assert_false (rd_session_get_insert_mode (f->session));
  g_assert_cmpuint (f->events->len, ==, 0);
}

static void
test_malformed_dropped_and_counted (Fixture *f, gconstpointer data)
{
  const char *bad[] = { "", "not json", "[1,2]", "\"app_ready\"", "{}", "{\"type\":5}",
                        "{\"type\":\"\"}", "{\"type\":null}", "{\"type\":\"app_ready\"", NULL };
  guint i;

  for (i = 0; bad[i] != NULL; i++)
    g_assert_false (rd_session_receive (f->session, bad[i]));
  g_assert_false (rd_session_receive (f->session, NULL));
  /* sign-in answers nobody asked for */
  g_assert_false (rd_session_receive (f->session, "{\"type\":\"sign_in_successful\"}"));
  g_assert_false (rd_session_receive (f->session, "{\"type\":\"sign_in_failed\"}"));
  g_assert_cmpuint (rd_session_get_n_dropped (f->session), ==, i + 3);
  g_assert_cmpint (rd_session_get_state (f->session), ==, RD_SESSION_STATE_LOADING);
  g_assert_cmpuint (f->events->len, ==, 0);
  g_assert_cmpuint (f->posted->len, ==, 0);
}

static void
test_close_and_commands (Fixture *f, gconstpointer data)
{
  g_autoptr(RdStudy) s = study ("M1", "A1", "S");
  g_autoptr(GError) error = NULL;

  g_assert_false (rd_session_send_command (f->session, "sign_report", &error));
  g_assert_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED);
  g_clear_error (&error);

  sign_in (f);
  g_assert_false (rd_session_send_command (f->session, "sign_report", &error));
  g_assert_nonnull (strstr (error->message, "No report"));
  g_clear_error (&error);

  g_assert_true (rd_session_open (f->session, s, NULL));
  g_assert_true (rd_session_send_command (f->session, "toggle_recording", &error));
  g_assert_cmpstr (last_posted (f), ==, "{\"type\":\"command\",\"command\":\"toggle_recording\"}");
  g_assert_false (rd_session_send_command (f->session, "rm -rf", &error));
  g_assert_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT);

  rd_session_close (f->session);
  g_assert_cmpstr (last_posted (f), ==, "{\"type\":\"close_report\"}");
  g_assert_null (rd_session_get_study (f->session));
  rd_session_close (f->session);   /* nothing open: nothing posted */
  g_assert_cmpstr (last_posted (f), ==, "{\"type\":\"close_report\"}");
  g_assert_cmpstr (rd_session_state_to_string (RD_SESSION_STATE_AUTH_FAILED), ==, "auth-failed");
}

static void
test_wrong_patient_guard (Fixture *f, gconstpointer data)
{
  g_autoptr(RdStudy) s = study ("M1", "A1", "S");
  g_autoptr(RdStudy) other = study ("M2", "A9", "S");
  g_autoptr(GError) error = NULL;

  sign_in (f);
  g_assert_true (rd_session_open (f->session, s, NULL));
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"report.opened\",\"payload\":{\"mrn\":\"M1\",\"accession_number\":\"A1\",\"site_id\":\"S\"}}"));
  g_assert_false (rd_session_get_context_mismatch (f->session));

  /* the app opened another patient's report */
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"report.opened\",\"payload\":{\"mrn\":\"M2\",\"accession_number\":\"A9\",\"site_id\":\"S\"}}"));
  g_assert_true (rd_session_get_context_mismatch (f->session));
  g_assert_nonnull (strstr (rd_session_get_mismatch_detail (f->session), "MRN M2"));
  g_assert_nonnull (strstr (rd_session_get_mismatch_detail (f->session), "opened MRN M1"));
  /* still forwarded: nothing is dropped */
  g_assert_cmpuint (f->events->len, ==, 2);
  /* dictation and signing refused */
  g_assert_false (rd_session_send_command (f->session, "sign_report", &error));
  g_assert_nonnull (strstr (error->message, "Blocked"));
  g_clear_error (&error);

  /* leaving a report names that report: not a mismatch by itself */
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"report.closed\",\"payload\":{\"mrn\":\"M2\",\"accession_number\":\"A9\"}}"));
  g_assert_true (rd_session_get_context_mismatch (f->session));
  /* the right report again clears it */
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"report.opened\",\"payload\":{\"mrn\":\"M1\",\"accession_number\":\"A1\",\"site_id\":\"S\"}}"));
  g_assert_false (rd_session_get_context_mismatch (f->session));
  g_assert_true (rd_session_send_command (f->session, "sign_report", &error));

  /* same MRN, another accession; same study, another site */
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"report.saved\",\"payload\":{\"mrn\":\"M1\",\"accession_number\":\"A2\",\"site_id\":\"S\"}}"));
  g_assert_true (rd_session_get_context_mismatch (f->session));
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"report.opened\",\"payload\":{\"mrn\":\"M1\",\"accession_number\":\"A1\",\"site_id\":\"S\"}}"));
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"report.signed\",\"payload\":{\"mrn\":\"M1\",\"accession_number\":\"A1\",\"site_id\":\"OTHER\"}}"));
  g_assert_true (rd_session_get_context_mismatch (f->session));

  /* the worklist switches to the study the app shows: cleared once it says so */
  g_assert_true (rd_session_open (f->session, other, NULL));
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"report.opened\",\"payload\":{\"mrn\":\"M2\",\"accession_number\":\"A9\",\"site_id\":\"S\"}}"));
  g_assert_false (rd_session_get_context_mismatch (f->session));

  /* an event with no study in it cannot be checked and changes nothing */
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"report.updated\",\"payload\":{}}"));
  g_assert_false (rd_session_get_context_mismatch (f->session));
}

/* The worklist moves on while the app is still opening a study: the app's
 * late answer for that study is no wrong patient, once, while the pane is
 * still covered; after the new study is shown it is one again. */
static void
test_late_answer_not_a_mismatch (Fixture *f, gconstpointer data)
{
  g_autoptr(RdStudy) a = study ("MA", "AA", "S");
  g_autoptr(RdStudy) b = study ("MB", "AB", "S");
  g_autoptr(RdStudy) c = study ("MC", "AC", "S");
  const char *opened_a = "{\"type\":\"report.opened\",\"payload\":{\"mrn\":\"MA\",\"accession_number\":\"AA\"}}";
  const char *opened_b = "{\"type\":\"report.opened\",\"payload\":{\"mrn\":\"MB\",\"accession_number\":\"AB\"}}";

  sign_in (f);
  g_assert_true (rd_session_open (f->session, a, NULL));
  g_assert_true (rd_session_open (f->session, b, NULL));
  /* A's answer, after B was asked for: late, covered, no guard */
  g_assert_true (rd_session_receive (f->session, opened_a));
  g_assert_false (rd_session_get_context_mismatch (f->session));
  g_assert_cmpint (rd_session_get_pane (f->session), ==, RD_REPORT_PANE_OPENING);
  /* the same answer twice is not an answer: the app reopened A */
  g_assert_true (rd_session_receive (f->session, opened_a));
  g_assert_true (rd_session_get_context_mismatch (f->session));
  g_assert_true (rd_session_receive (f->session, opened_b));
  g_assert_false (rd_session_get_context_mismatch (f->session));
  g_assert_cmpint (rd_session_get_pane (f->session), ==, RD_REPORT_PANE_SHOWING);

  /* C asked for while B is shown: B was answered, so B again is wrong */
  g_assert_true (rd_session_open (f->session, c, NULL));
  g_assert_true (rd_session_receive (f->session, opened_b));
  g_assert_true (rd_session_get_context_mismatch (f->session));

  /* A → B → C quickly; then both late answers, then C */
  g_assert_true (rd_session_open (f->session, a, NULL));
  g_assert_true (rd_session_receive (f->session, opened_a));
  g_assert_false (rd_session_get_context_mismatch (f->session));
  g_assert_true (rd_session_open (f->session, b, NULL));
  g_assert_true (rd_session_open (f->session, c, NULL));
  g_assert_true (rd_session_receive (f->session, opened_b));
  g_assert_false (rd_session_get_context_mismatch (f->session));
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"report.opened\",\"payload\":{\"mrn\":\"MC\",\"accession_number\":\"AC\"}}"));
  g_assert_cmpint (rd_session_get_pane (f->session), ==, RD_REPORT_PANE_SHOWING);
  g_assert_true (rd_session_receive (f->session, opened_b));
  g_assert_true (rd_session_get_context_mismatch (f->session));

  /* a reload forgets the requests that died with the page */
  g_assert_true (rd_session_open (f->session, a, NULL));
  g_assert_true (rd_session_open (f->session, b, NULL));
  rd_session_page_loading (f->session);
  rd_session_page_loaded (f->session);
  sign_in (f);
  g_assert_true (rd_session_receive (f->session, opened_a));
  g_assert_true (rd_session_get_context_mismatch (f->session));
}

/* The pane never shows a study other than the one asked for. */
static void
test_pane_covers_until_shown (Fixture *f, gconstpointer data)
{
  g_autoptr(RdStudy) a = study ("MA", "AA", "S");
  g_autoptr(RdStudy) b = study ("MB", "AB", "S");

  g_assert_cmpint (rd_session_get_pane (f->session), ==, RD_REPORT_PANE_EMPTY);
  /* asked for before sign-in: covered from the first moment */
  g_assert_true (rd_session_open (f->session, a, NULL));
  g_assert_cmpint (rd_session_get_pane (f->session), ==, RD_REPORT_PANE_OPENING);
  g_assert_false (f->timers[RD_SESSION_TIMER_OPEN]);
  sign_in (f);
  g_assert_true (f->timers[RD_SESSION_TIMER_OPEN]);
  g_assert_cmpuint (f->timer_ms[RD_SESSION_TIMER_OPEN], ==, 20000);
  /* another patient's report.opened does not uncover */
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"report.opened\",\"payload\":{\"mrn\":\"MX\",\"accession_number\":\"AX\"}}"));
  g_assert_cmpint (rd_session_get_pane (f->session), ==, RD_REPORT_PANE_OPENING);
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"report.opened\",\"payload\":{\"mrn\":\"MA\",\"accession_number\":\"AA\",\"site_id\":\"S\"}}"));
  g_assert_cmpint (rd_session_get_pane (f->session), ==, RD_REPORT_PANE_SHOWING);
  g_assert_false (f->timers[RD_SESSION_TIMER_OPEN]);

  /* the same study again: the pane stays as it is */
  g_assert_true (rd_session_open (f->session, a, NULL));
  g_assert_cmpint (rd_session_get_pane (f->session), ==, RD_REPORT_PANE_SHOWING);

  /* B asked for: covered at once; the app never shows it */
  g_assert_true (rd_session_open (f->session, b, NULL));
  g_assert_cmpint (rd_session_get_pane (f->session), ==, RD_REPORT_PANE_OPENING);
  g_assert_true (f->timers[RD_SESSION_TIMER_OPEN]);
  rd_session_timer_fired (f->session, RD_SESSION_TIMER_OPEN);
  f->timers[RD_SESSION_TIMER_OPEN] = FALSE;   /* a fired timer is gone */
  g_assert_cmpint (rd_session_get_pane (f->session), ==, RD_REPORT_PANE_FAILED);
  g_assert_nonnull (strstr (rd_session_get_pane_reason (f->session), "did not show the report within 20 seconds"));
  /* whatever the app still shows (A) is closed */
  g_assert_cmpstr (last_posted (f), ==, "{\"type\":\"close_report\"}");
  /* a late report.opened for B is still the right patient */
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"report.opened\",\"payload\":{\"mrn\":\"MB\",\"accession_number\":\"AB\"}}"));
  g_assert_cmpint (rd_session_get_pane (f->session), ==, RD_REPORT_PANE_SHOWING);

  /* a reload covers until the app shows it again */
  rd_session_page_loading (f->session);
  g_assert_cmpint (rd_session_get_pane (f->session), ==, RD_REPORT_PANE_OPENING);
  rd_session_close (f->session);
  g_assert_cmpint (rd_session_get_pane (f->session), ==, RD_REPORT_PANE_EMPTY);
  g_assert_false (f->timers[RD_SESSION_TIMER_OPEN]);
}

static void
test_pane_fails_with_sign_in (Fixture *f, gconstpointer data)
{
  g_autoptr(RdStudy) a = study ("MA", "AA", "S");
  g_autoptr(GError) error = g_error_new_literal (RD_ERROR, RD_ERROR_KEY_REJECTED, "key refused");

  g_assert_true (rd_session_open (f->session, a, NULL));
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"app_ready\"}"));
  rd_session_token_failed (f->session, error);
  g_assert_cmpint (rd_session_get_pane (f->session), ==, RD_REPORT_PANE_FAILED);
  g_assert_cmpstr (rd_session_get_pane_reason (f->session), ==, "key refused");
}

/* Events are labelled with their own study; the guard is raised before an
 * event about another patient goes out. */
static gboolean overridden;

static void
on_event_check_guard (RdSession *s, const char *type, const char *json, RdEventStudy *about, Fixture *f)
{
  if (about->mismatch && !rd_event_is_leaving (type) && !overridden)
    g_assert_true (rd_session_get_context_mismatch (s));
  g_ptr_array_add (f->posted, g_strdup_printf ("%s %s %s", type, about->mrn ? about->mrn : "-",
                                               about->mismatch ? "mismatch" : "ok"));
}

static void
test_events_labelled (Fixture *f, gconstpointer data)
{
  g_autoptr(RdStudy) a = study ("MA", "AA", "S");
  g_autoptr(RdStudy) b = study ("MB", "AB", "S");
  guint from;

  sign_in (f);
  g_signal_connect (f->session, "event", G_CALLBACK (on_event_check_guard), f);
  g_assert_true (rd_session_open (f->session, a, NULL));
  g_assert_true (rd_session_open (f->session, b, NULL));
  g_assert_cmpuint (rd_session_get_left_studies (f->session)->len, ==, 1);
  from = f->posted->len;
  /* A's report.closed arrives after B was asked for: labelled A */
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"report.closed\",\"payload\":{\"mrn\":\"MA\",\"accession_number\":\"AA\"}}"));
  g_assert_cmpstr (g_ptr_array_index (f->posted, from), ==, "report.closed MA ok");
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"report.opened\",\"payload\":{\"mrn\":\"MB\",\"accession_number\":\"AB\"}}"));
  g_assert_cmpstr (g_ptr_array_index (f->posted, from + 1), ==, "report.opened MB ok");
  /* another patient's signature */
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"report.signed\",\"payload\":{\"mrn\":\"OTHER-MRN\",\"accession_number\":\"Z\"}}"));
  g_assert_cmpstr (g_ptr_array_index (f->posted, from + 2), ==, "report.signed OTHER-MRN mismatch");
  g_assert_true (rd_session_get_context_mismatch (f->session));
  g_assert_cmpstr (rd_session_get_mismatch_shown (f->session)->mrn, ==, "OTHER-MRN");

  /* the user goes on with it: lifted until the next study */
  rd_session_override_mismatch (f->session);
  overridden = TRUE;
  g_assert_false (rd_session_get_context_mismatch (f->session));
  g_assert_true (rd_session_send_command (f->session, "save_report", NULL));
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"report.saved\",\"payload\":{\"mrn\":\"OTHER-MRN\",\"accession_number\":\"Z\"}}"));
  g_assert_false (rd_session_get_context_mismatch (f->session));
  g_assert_true (rd_session_open (f->session, a, NULL));
  overridden = FALSE;
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"report.opened\",\"payload\":{\"mrn\":\"OTHER-MRN\",\"accession_number\":\"Z\"}}"));
  g_assert_true (rd_session_get_context_mismatch (f->session));
}

/* Switching while dictating stops the dictation first. */
static void
test_switch_stops_dictation (Fixture *f, gconstpointer data)
{
  g_autoptr(RdStudy) a = study ("MA", "AA", "S");
  g_autoptr(RdStudy) b = study ("MB", "AB", "S");
  guint from;

  sign_in (f);
  g_assert_true (rd_session_open (f->session, a, NULL));
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"recording_state\",\"recording\":true}"));
  g_assert_true (rd_session_get_recording (f->session));
  from = f->posted->len;
  g_assert_true (rd_session_open (f->session, b, NULL));
  g_assert_cmpstr (g_ptr_array_index (f->posted, from), ==, "{\"type\":\"command\",\"command\":\"stop_recording\"}");
  g_assert_nonnull (strstr (g_ptr_array_index (f->posted, from + 1), "\"open_report\""));
  g_assert_false (rd_session_get_recording (f->session));
}

/* A token refreshed in the background goes to an app that takes one while
 * signed in (demo profile); its answer changes nothing else: no reopen. */
static void
test_reauthenticate (Fixture *f, gconstpointer data)
{
  g_autoptr(RdProfile) demo = rd_profile_load ("demo", NULL, NULL);
  g_autoptr(RdStudy) a = study ("MA", "AA", "S");
  guint posted;

  /* radpair does not say it takes one: nothing is sent */
  sign_in (f);
  g_assert_false (rd_session_reauthenticate (f->session, "tok-2"));

  g_object_unref (f->session);
  f->session = rd_session_new (demo);
  g_signal_connect (f->session, "post-message", G_CALLBACK (on_post), f);
  g_signal_connect (f->session, "token-needed", G_CALLBACK (on_token), f);
  g_signal_connect (f->session, "timer-start", G_CALLBACK (on_start), f);
  g_signal_connect (f->session, "timer-stop", G_CALLBACK (on_stop), f);
  g_assert_false (rd_session_reauthenticate (f->session, "tok-2"));   /* not signed in */
  g_assert_true (rd_session_open (f->session, a, NULL));
  sign_in (f);
  posted = f->posted->len;
  g_assert_true (rd_session_reauthenticate (f->session, "tok-2"));
  g_assert_cmpstr (last_posted (f), ==, "{\"type\":\"authenticate\",\"token\":\"tok-2\"}");
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"sign_in_successful\",\"user_info\":{\"name\":\"Dr A\"}}"));
  g_assert_cmpuint (f->posted->len, ==, posted + 1);   /* no open_report again */
  g_assert_cmpint (rd_session_get_state (f->session), ==, RD_SESSION_STATE_SIGNED_IN);
  /* refused: still signed in with the token it had */
  g_assert_true (rd_session_reauthenticate (f->session, "tok-3"));
  g_assert_true (rd_session_receive (f->session, "{\"type\":\"sign_in_failed\",\"error\":\"no\"}"));
  g_assert_cmpint (rd_session_get_state (f->session), ==, RD_SESSION_STATE_SIGNED_IN);
  g_assert_true (rd_session_send_command (f->session, "save_report", NULL));
}

/* Only the vendor's documented metadata keys go into open_report. */
static void
test_open_sends_vendor_metadata_only (Fixture *f, gconstpointer data)
{
  g_autoptr(RdStudy) a = study ("MA", "AA", "S");

  g_assert_true (rd_study_set_meta (a, "modality", "CT", NULL));
  g_assert_true (rd_study_set_meta (a, "patient_name", "Doe^Jane", NULL));
  sign_in (f);
  g_assert_true (rd_session_open (f->session, a, NULL));
  g_assert_nonnull (strstr (last_posted (f), "\"metadata\":{\"modality\":\"CT\"}"));
  g_assert_null (strstr (last_posted (f), "Doe"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/session/" path, Fixture, NULL, setup, fn, teardown)
  ADD ("silent-app-reasons", test_silent_app_reasons);
  ADD ("page-life-cycle", test_page_life_cycle);
  ADD ("handshake", test_handshake);
  ADD ("open-queued", test_open_queued_until_signed_in);
  ADD ("open-linked", test_open_when_signed_in_and_linked);
  ADD ("open-needs-site", test_open_needs_a_site);
  ADD ("app-ready-again", test_new_app_ready_reauthenticates_and_reopens);
  ADD ("sign-in-failed-retry", test_sign_in_failed_retries_once);
  ADD ("sign-in-timeout-retry", test_sign_in_timeout_retries_once);
  ADD ("token-failures", test_token_failures);
  ADD ("events", test_events_forwarded);
  ADD ("recording-state", test_recording_state);
  ADD ("malformed", test_malformed_dropped_and_counted);
  ADD ("close-and-commands", test_close_and_commands);
  ADD ("wrong-patient-guard", test_wrong_patient_guard);
  ADD ("pane-covers-until-shown", test_pane_covers_until_shown);
  ADD ("late-answer-not-a-mismatch", test_late_answer_not_a_mismatch);
  ADD ("pane-fails-with-sign-in", test_pane_fails_with_sign_in);
  ADD ("events-labelled", test_events_labelled);
  ADD ("switch-stops-dictation", test_switch_stops_dictation);
  ADD ("reauthenticate", test_reauthenticate);
  ADD ("open-sends-vendor-metadata-only", test_open_sends_vendor_metadata_only);
  return g_test_run ();
}
