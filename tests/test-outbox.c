/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-outbox.h"

#include <string.h>

static JsonNode *
envelope (const char *type)
{
  g_autofree char *id = rd_outbox_new_event_id ();
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 22, 10, 0, 0);
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, "{\"report_status\":\"signed\"}", -1, NULL));
  return rd_outbox_envelope (id, type, when, "radpair", "M1", "A1", "S", json_parser_get_root (parser));
}

static void
test_ids (void)
{
  g_autofree char *a = rd_outbox_new_event_id ();
  g_autofree char *b = rd_outbox_new_event_id ();

  g_assert_true (rd_outbox_is_event_id (a));
  g_assert_cmpuint (strlen (a), ==, 36);
  g_assert_cmpstr (a, !=, b);
  g_assert_false (rd_outbox_is_event_id ("evt_123"));
  g_assert_false (rd_outbox_is_event_id ("evt_0123456789ABCDEF0123456789abcdef"));
  g_assert_false (rd_outbox_is_event_id ("xyz_0123456789abcdef0123456789abcdef"));
  g_assert_false (rd_outbox_is_event_id (NULL));
}

static void
test_envelope (void)
{
  g_autoptr(JsonNode) e = envelope ("report.signed");
  g_autofree char *json = json_to_string (e, FALSE);
  g_autofree char *expected = g_strdup_printf (
    "{\"id\":\"%s\",\"type\":\"report.signed\",\"occurred_at\":\"2026-11-22T10:00:00Z\","
    "\"profile\":\"radpair\",\"study\":{\"mrn\":\"M1\",\"accession_number\":\"A1\",\"site_id\":\"S\"},"
    "\"payload\":{\"report_status\":\"signed\"}}", rd_outbox_envelope_id (e));

  g_assert_cmpstr (json, ==, expected);
}

static void
test_encode_replay (void)
{
  g_autoptr(JsonNode) a = envelope ("report.opened");
  g_autoptr(JsonNode) b = envelope ("report.signed");
  g_autofree char *la = rd_outbox_encode_event (a);
  g_autofree char *lb = rd_outbox_encode_event (b);
  g_autofree char *ld = rd_outbox_encode_delivered (rd_outbox_envelope_id (a));
  g_autofree char *all = g_strconcat (la, ld, lb, NULL);
  g_autoptr(RdOutboxReplay) replay = rd_outbox_replay (all, strlen (all));

  g_assert_true (g_str_has_suffix (la, "\n"));
  g_assert_true (strchr (la, '\n') == la + strlen (la) - 1);   /* one line */
  g_assert_cmpuint (replay->events->len, ==, 2);
  g_assert_true (json_node_equal (g_ptr_array_index (replay->events, 0), a));
  g_assert_true (json_node_equal (g_ptr_array_index (replay->events, 1), b));
  g_assert_true (g_hash_table_contains (replay->delivered, rd_outbox_envelope_id (a)));
  g_assert_false (g_hash_table_contains (replay->delivered, rd_outbox_envelope_id (b)));
  g_assert_false (replay->torn_tail);
  g_assert_cmpuint (replay->n_damaged, ==, 0);
  g_assert_cmpuint (replay->valid_length, ==, strlen (all));
}

static void
test_torn_tail (void)
{
  g_autoptr(JsonNode) a = envelope ("report.opened");
  g_autoptr(JsonNode) b = envelope ("report.signed");
  g_autofree char *la = rd_outbox_encode_event (a);
  g_autofree char *lb = rd_outbox_encode_event (b);

  /* every possible cut inside the second record keeps the first */
  for (gsize cut = 1; cut < strlen (lb); cut++)
    {
      g_autofree char *torn = g_strconcat (la, NULL);
      g_autofree char *data = g_strdup_printf ("%s%.*s", torn, (int) cut, lb);
      g_autoptr(RdOutboxReplay) replay = rd_outbox_replay (data, strlen (data));

      g_assert_cmpuint (replay->events->len, ==, 1);
      g_assert_true (replay->torn_tail);
      g_assert_cmpuint (replay->valid_length, ==, strlen (la));
    }
}

static void
test_damaged_middle_and_garbage (void)
{
  g_autoptr(JsonNode) a = envelope ("report.opened");
  g_autoptr(JsonNode) b = envelope ("report.signed");
  g_autofree char *la = rd_outbox_encode_event (a);
  g_autofree char *lb = rd_outbox_encode_event (b);
  g_autofree char *flipped = g_strdup (la);
  g_autofree char *data = NULL;
  g_autoptr(RdOutboxReplay) replay = NULL;
  const char *garbage[] = { "", "\n", "garbage\n", "00000000 {}\n", "zzzzzzzz\n", "\xff\xfe\n" };

  flipped[20] ^= 0x01;   /* a bit flipped inside the JSON */
  data = g_strconcat (flipped, "not a record\n", lb, NULL);
  replay = rd_outbox_replay (data, strlen (data));
  g_assert_cmpuint (replay->events->len, ==, 1);
  g_assert_true (json_node_equal (g_ptr_array_index (replay->events, 0), b));
  g_assert_cmpuint (replay->n_damaged, ==, 2);
  g_assert_false (replay->torn_tail);

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autoptr(RdOutboxReplay) r = rd_outbox_replay (garbage[i], strlen (garbage[i]));
      g_assert_cmpuint (r->events->len, ==, 0);
    }
}

static JsonNode *
envelope_for (const RdStudy *open,
              GPtrArray     *left,
              const char    *message_json)
{
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 22, 10, 0, 0);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RdEventStudy) about = NULL;
  JsonObject *message;

  g_assert_true (json_parser_load_from_data (parser, message_json, -1, NULL));
  message = json_node_get_object (json_parser_get_root (parser));
  about = rd_event_study_new_for_message (json_object_get_string_member (message, "type"), message,
                                          open, left, "HOME");
  return rd_outbox_envelope_for_message ("evt_00000000000000000000000000000001", when, "radpair", about,
                                         message_json);
}

static void
test_envelope_for_message (void)
{
  g_autoptr(RdStudy) study = rd_study_new ();
  g_autoptr(RdStudy) previous = rd_study_new ();
  g_autoptr(GPtrArray) left = g_ptr_array_new ();
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 22, 10, 0, 0);
  g_autoptr(JsonNode) linked = NULL, other = NULL, own = NULL, bad = NULL, closed = NULL, bare = NULL;
  g_autoptr(JsonNode) prelim = NULL, final = NULL;
  g_autoptr(RdEventStudy) own_about = NULL;
  g_autofree char *linked_json = NULL, *other_json = NULL, *own_json = NULL, *closed_json = NULL;
  g_autofree char *bare_json = NULL, *prelim_json = NULL, *final_json = NULL;

  rd_study_set_mrn (study, "M1", NULL);
  rd_study_add_accession (study, "A1", NULL);
  rd_study_add_accession (study, "A2", NULL);
  rd_study_set_mrn (previous, "M0", NULL);
  rd_study_add_accession (previous, "A0", NULL);
  rd_study_set_site_id (previous, "WEST", NULL);
  g_ptr_array_add (left, previous);

  /* a linked accession of the open study: that accession, no mark */
  linked = envelope_for (study, left, "{\"type\":\"report.saved\",\"payload\":{\"accession_number\":\"A2\",\"x\":1}}");
  linked_json = json_to_string (linked, FALSE);
  g_assert_nonnull (strstr (linked_json, "\"study\":{\"mrn\":\"M1\",\"accession_number\":\"A2\",\"site_id\":\"HOME\"}"));
  g_assert_nonnull (strstr (linked_json, "\"payload\":{\"accession_number\":\"A2\",\"x\":1}"));
  g_assert_null (strstr (linked_json, "context"));

  /* the study replaced: its report.closed names it, not the open one */
  closed = envelope_for (study, left, "{\"type\":\"report.closed\",\"payload\":{\"mrn\":\"M0\",\"accession_number\":\"A0\"}}");
  closed_json = json_to_string (closed, FALSE);
  g_assert_nonnull (strstr (closed_json, "\"study\":{\"mrn\":\"M0\",\"accession_number\":\"A0\",\"site_id\":\"WEST\"}"));
  g_assert_null (strstr (closed_json, "context"));

  /* another patient: labelled with its own study, and marked */
  other = envelope_for (study, left, "{\"type\":\"report.signed\",\"payload\":{\"mrn\":\"OTHER-MRN\",\"accession_number\":\"ZZ\",\"site_id\":\"S\"}}");
  other_json = json_to_string (other, FALSE);
  g_assert_nonnull (strstr (other_json, "\"study\":{\"mrn\":\"OTHER-MRN\",\"accession_number\":\"ZZ\",\"site_id\":\"S\"}"));
  g_assert_nonnull (strstr (other_json, "\"context\":\"mismatch\""));

  /* an accession only, not the worklist's: nothing made up for the rest */
  g_clear_pointer (&other, json_node_unref);
  g_clear_pointer (&other_json, g_free);
  other = envelope_for (study, left, "{\"type\":\"report.opened\",\"payload\":{\"accession_number\":\"ZZ\"}}");
  other_json = json_to_string (other, FALSE);
  g_assert_nonnull (strstr (other_json, "\"study\":{\"mrn\":null,\"accession_number\":\"ZZ\",\"site_id\":null}"));
  g_assert_nonnull (strstr (other_json, "\"context\":\"mismatch\""));

  /* no identifiers: the study open when it arrived */
  bare = envelope_for (study, left, "{\"type\":\"report.updated\",\"payload\":{}}");
  bare_json = json_to_string (bare, FALSE);
  g_assert_nonnull (strstr (bare_json, "\"study\":{\"mrn\":\"M1\",\"accession_number\":\"A1\",\"site_id\":\"HOME\"}"));

  /* a signature says whether it is final */
  prelim = envelope_for (study, left, "{\"type\":\"report.signed\",\"payload\":{\"mrn\":\"M1\",\"accession_number\":\"A1\","
                                      "\"data\":{\"sign_context\":{\"sign_type\":\"sign_prelim\"}}}}");
  prelim_json = json_to_string (prelim, FALSE);
  g_assert_nonnull (strstr (prelim_json, "\"final\":false"));
  final = envelope_for (study, left, "{\"type\":\"report.signed\",\"payload\":{\"mrn\":\"M1\",\"accession_number\":\"A1\","
                                     "\"data\":{\"sign_context\":{\"sign_type\":\"sign_addendum\"}}}}");
  final_json = json_to_string (final, FALSE);
  g_assert_nonnull (strstr (final_json, "\"final\":true"));
  g_assert_null (strstr (bare_json, "\"final\""));

  own_about = rd_event_study_new_for_study (NULL, NULL);
  own = rd_outbox_envelope_for_message ("evt_00000000000000000000000000000003", when, "demo", own_about,
                                        "{\"type\":\"reportdock.signed_in\",\"user\":\"Dr A\"}");
  own_json = json_to_string (own, FALSE);
  g_assert_nonnull (strstr (own_json, "\"study\":null,\"payload\":{\"user\":\"Dr A\"}"));

  bad = rd_outbox_envelope_for_message ("evt_00000000000000000000000000000004", when, "demo", NULL, "{\"x\":1}");
  g_assert_null (bad);
  /* an empty or non-object message is no event (and no critical) */
  g_assert_null (rd_outbox_envelope_for_message ("evt_00000000000000000000000000000005", when, "demo", NULL, ""));
  g_assert_null (rd_outbox_envelope_for_message ("evt_00000000000000000000000000000006", when, "demo", NULL, "[1]"));
}

/* Dead letters: "failed" with its reason, taken back by "retry". */
static void
test_failed_and_retry_records (void)
{
  const char *id = "evt_0123456789abcdef0123456789abcdef";
  g_autofree char *failed = rd_outbox_encode_failed (id, "events-url answered HTTP 410");
  g_autofree char *retry = rd_outbox_encode_retry (id);
  g_autofree char *both = g_strconcat (failed, retry, NULL);
  g_autoptr(RdOutboxReplay) one = rd_outbox_replay (failed, strlen (failed));
  g_autoptr(RdOutboxReplay) two = rd_outbox_replay (both, strlen (both));

  g_assert_cmpstr (g_hash_table_lookup (one->failed, id), ==, "events-url answered HTTP 410");
  g_assert_cmpuint (one->n_damaged, ==, 0);
  g_assert_cmpuint (g_hash_table_size (two->failed), ==, 0);
  g_assert_false (two->torn_tail);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/outbox/ids", test_ids);
  g_test_add_func ("/outbox/envelope", test_envelope);
  g_test_add_func ("/outbox/envelope-for-message", test_envelope_for_message);
  g_test_add_func ("/outbox/failed-and-retry-records", test_failed_and_retry_records);
  g_test_add_func ("/outbox/encode-replay", test_encode_replay);
  g_test_add_func ("/outbox/torn-tail", test_torn_tail);
  g_test_add_func ("/outbox/damaged", test_damaged_middle_and_garbage);
  return g_test_run ();
}
