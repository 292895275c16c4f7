/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-event-study.h"

/* Which study an event is about, with plain data. */

static RdStudy *
study (const char *mrn,
       const char *accession,
       const char *accession2,
       const char *site)
{
  RdStudy *s = rd_study_new ();

  g_assert_true (rd_study_set_mrn (s, mrn, NULL));
  g_assert_true (rd_study_add_accession (s, accession, NULL));
  if (accession2)
    g_assert_true (rd_study_add_accession (s, accession2, NULL));
  if (site)
    g_assert_true (rd_study_set_site_id (s, site, NULL));
  return s;
}

static RdEventStudy *
classify (const char    *json,
          const RdStudy *open,
          GPtrArray     *left)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *message;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  message = json_node_get_object (json_parser_get_root (parser));
  return rd_event_study_new_for_message (json_object_get_string_member (message, "type"), message, open, left,
                                         "HOME");
}

static void
test_open_study (void)
{
  g_autoptr(RdStudy) open = study ("M1", "A1", "A2", NULL);
  g_autoptr(RdEventStudy) a = classify ("{\"type\":\"report.signed\",\"payload\":{\"mrn\":\"M1\",\"accession_number\":\"A2\",\"site_id\":\"HOME\"}}", open, NULL);
  g_autoptr(RdEventStudy) b = classify ("{\"type\":\"report.saved\",\"payload\":{\"mrn\":\"M1\"}}", open, NULL);
  g_autoptr(RdEventStudy) c = classify ("{\"type\":\"report.updated\",\"payload\":{\"x\":1}}", open, NULL);
  g_autoptr(RdEventStudy) d = classify ("{\"type\":\"report.opened\",\"mrn\":\"M1\",\"accession_number\":\"A1\"}", open, NULL);

  g_assert_cmpint (a->names, ==, RD_EVENT_NAMES_OPEN_STUDY);
  g_assert_false (a->mismatch);
  g_assert_cmpstr (a->accession_number, ==, "A2");
  g_assert_cmpstr (a->site_id, ==, "HOME");
  /* the MRN only: the open study's first accession */
  g_assert_cmpint (b->names, ==, RD_EVENT_NAMES_OPEN_STUDY);
  g_assert_cmpstr (b->accession_number, ==, "A1");
  g_assert_cmpint (c->names, ==, RD_EVENT_NAMES_NO_STUDY);
  g_assert_cmpstr (c->mrn, ==, "M1");
  g_assert_false (c->mismatch);
  /* identifiers at the top level of a message without a payload */
  g_assert_cmpint (d->names, ==, RD_EVENT_NAMES_OPEN_STUDY);
  g_assert_true (rd_event_study_is_study (d, open, "HOME"));
}

static void
test_left_and_other (void)
{
  g_autoptr(RdStudy) open = study ("M1", "A1", NULL, "S");
  g_autoptr(GPtrArray) left = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_study_free);
  g_autoptr(RdEventStudy) closed = NULL, signed_late = NULL, reopened = NULL, other = NULL, site = NULL;
  g_autoptr(RdEventStudy) nothing_open = NULL, string_ids = NULL;

  g_ptr_array_add (left, study ("M0", "A0", NULL, "S"));
  closed = classify ("{\"type\":\"report.closed\",\"payload\":{\"mrn\":\"M0\",\"accession_number\":\"A0\"}}", open, left);
  g_assert_cmpint (closed->names, ==, RD_EVENT_NAMES_LEFT_STUDY);
  g_assert_false (closed->mismatch);
  g_assert_cmpstr (closed->mrn, ==, "M0");
  g_assert_cmpstr (closed->site_id, ==, "S");
  g_assert_false (rd_event_study_is_study (closed, open, "HOME"));
  /* the end of a recall window, after the worklist moved on */
  signed_late = classify ("{\"type\":\"report.signed\",\"payload\":{\"mrn\":\"M0\",\"accession_number\":\"A0\"}}", open, left);
  g_assert_cmpint (signed_late->names, ==, RD_EVENT_NAMES_LEFT_STUDY);
  g_assert_false (signed_late->mismatch);
  /* but the app showing the left patient again is a mismatch */
  reopened = classify ("{\"type\":\"report.opened\",\"payload\":{\"mrn\":\"M0\",\"accession_number\":\"A0\"}}", open, left);
  g_assert_true (reopened->mismatch);
  other = classify ("{\"type\":\"report.signed\",\"payload\":{\"mrn\":\"OTHER\",\"accession_number\":\"A1\"}}", open, left);
  g_assert_cmpint (other->names, ==, RD_EVENT_NAMES_OTHER_STUDY);
  g_assert_true (other->mismatch);
  g_assert_cmpstr (other->mrn, ==, "OTHER");
  g_assert_null (other->site_id);
  /* same MRN and accession, another site: another study */
  site = classify ("{\"type\":\"report.saved\",\"payload\":{\"mrn\":\"M1\",\"accession_number\":\"A1\",\"site_id\":\"X\"}}", open, left);
  g_assert_true (site->mismatch);
  g_assert_cmpstr (site->site_id, ==, "X");
  nothing_open = classify ("{\"type\":\"report.opened\",\"payload\":{\"mrn\":\"M9\",\"accession_number\":\"A9\"}}", NULL, left);
  g_assert_true (nothing_open->mismatch);
  /* identifiers that are not strings still name a study: an unknown one */
  string_ids = classify ("{\"type\":\"report.saved\",\"payload\":{\"mrn\":42,\"accession_number\":[1]}}", open, left);
  g_assert_cmpint (string_ids->names, ==, RD_EVENT_NAMES_OTHER_STUDY);
  g_assert_true (string_ids->mismatch);
  g_assert_cmpstr (string_ids->mrn, ==, "42");
}

static void
test_final_signature (void)
{
  static const struct { const char *json; gboolean final; } cases[] = {
    { "{\"type\":\"report.signed\",\"payload\":{\"data\":{\"sign_context\":{\"sign_type\":\"sign\"}}}}", TRUE },
    { "{\"type\":\"report.signed\",\"payload\":{\"data\":{\"sign_context\":{\"sign_type\":\"sign_addendum\"}}}}", TRUE },
    { "{\"type\":\"report.signed\",\"payload\":{\"data\":{\"sign_context\":{\"sign_type\":\"sign_prelim\"}}}}", FALSE },
    { "{\"type\":\"report.signed\",\"payload\":{\"data\":{\"sign_context\":{\"sign_type\":\"sign_addendum_prelim\"}}}}", FALSE },
    { "{\"type\":\"report.signed\",\"payload\":{\"report_status\":\"signed\"}}", TRUE },
    { "{\"type\":\"report.signed\",\"payload\":{\"report_status\":\"prelim_signed\"}}", FALSE },
    /* the sign type decides over the status */
    { "{\"type\":\"report.signed\",\"payload\":{\"report_status\":\"signed\",\"data\":{\"sign_context\":{\"sign_type\":\"sign_prelim\"}}}}", FALSE },
    { "{\"type\":\"report.signed\",\"payload\":{\"data\":{\"sign_context\":\"sign\"}}}", FALSE },
    { "{\"type\":\"report.signed\",\"payload\":{\"data\":{\"sign_context\":{\"sign_type\":7}}}}", FALSE },
    { "{\"type\":\"report.signed\"}", FALSE },
    { "{\"type\":\"report.saved\",\"payload\":{\"report_status\":\"signed\"}}", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      g_assert_true (json_parser_load_from_data (parser, cases[i].json, -1, NULL));
      g_assert_cmpint (rd_event_is_final_signature (json_node_get_object (json_parser_get_root (parser))), ==,
                       cases[i].final);
    }
}


/* Identifiers are compared as text whatever their JSON type (issue 25.1):
 * a number is its decimal form; anything else names no study of ours. */
static void
test_identifiers_of_any_type (void)
{
  g_autoptr(RdStudy) open = study ("2002", "7007", NULL, "SITE-ONE");
  g_autoptr(RdEventStudy) same = classify ("{\"type\":\"report.signed\",\"payload\":{\"mrn\":2002,\"accession_number\":7007.0,\"site_id\":\"SITE-ONE\"}}", open, NULL);
  g_autoptr(RdEventStudy) numbers = classify ("{\"type\":\"report.signed\",\"payload\":{\"mrn\":9999,\"accession_number\":8888}}", open, NULL);
  g_autoptr(RdEventStudy) object = classify ("{\"type\":\"report.signed\",\"payload\":{\"mrn\":{\"value\":\"2002\"},\"accession_number\":\"7007\"}}", open, NULL);
  g_autoptr(RdEventStudy) boolean = classify ("{\"type\":\"report.signed\",\"payload\":{\"accession_number\":true}}", open, NULL);
  g_autoptr(RdEventStudy) array = classify ("{\"type\":\"report.signed\",\"payload\":{\"mrn\":\"2002\",\"site_id\":[1]}}", open, NULL);
  g_autoptr(RdEventStudy) nulls = classify ("{\"type\":\"report.saved\",\"payload\":{\"mrn\":null,\"accession_number\":null}}", open, NULL);
  g_autoptr(RdEventStudy) letters = classify ("{\"type\":\"report.signed\",\"payload\":{\"mrn\":\"M1\",\"accession_number\":\"A1\"}}", open, NULL);

  g_assert_cmpint (same->names, ==, RD_EVENT_NAMES_OPEN_STUDY);
  g_assert_false (same->mismatch);
  g_assert_cmpstr (same->mrn, ==, "2002");
  g_assert_cmpstr (same->accession_number, ==, "7007");
  /* the attack: numbers naming another patient are another patient */
  g_assert_cmpint (numbers->names, ==, RD_EVENT_NAMES_OTHER_STUDY);
  g_assert_true (numbers->mismatch);
  g_assert_cmpstr (numbers->mrn, ==, "9999");
  g_assert_cmpstr (numbers->accession_number, ==, "8888");
  g_assert_false (rd_event_study_is_study (numbers, open, "SITE-ONE"));
  /* an object, a boolean, an array: named, unknown, never the open study */
  g_assert_cmpint (object->names, ==, RD_EVENT_NAMES_OTHER_STUDY);
  g_assert_true (object->mismatch);
  g_assert_cmpstr (object->mrn, ==, "{\"value\":\"2002\"}");
  g_assert_cmpint (boolean->names, ==, RD_EVENT_NAMES_OTHER_STUDY);
  g_assert_true (boolean->mismatch);
  g_assert_cmpint (array->names, ==, RD_EVENT_NAMES_OTHER_STUDY);
  g_assert_true (array->mismatch);
  /* null is no identifier at all */
  g_assert_cmpint (nulls->names, ==, RD_EVENT_NAMES_NO_STUDY);
  g_assert_false (nulls->mismatch);
  g_assert_cmpint (letters->names, ==, RD_EVENT_NAMES_OTHER_STUDY);
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *json)
{
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  return json_node_get_object (json_parser_get_root (parser));
}

/* --wait's match (issue 25.2): MRN, accession and site; never a mismatch. */
static void
test_envelope_for_study (void)
{
  g_autoptr(RdStudy) at_one = study ("12345", "777", "778", "SITE-ONE");
  g_autoptr(RdStudy) no_site = study ("12345", "777", "778", NULL);
  g_autoptr(JsonParser) p1 = json_parser_new (), p2 = json_parser_new (), p3 = json_parser_new ();
  g_autoptr(JsonParser) p4 = json_parser_new (), p5 = json_parser_new (), p6 = json_parser_new ();
  JsonObject *one = parse_object (p1, "{\"type\":\"report.signed\",\"study\":{\"mrn\":\"12345\",\"accession_number\":\"778\",\"site_id\":\"SITE-ONE\"}}");
  JsonObject *two = parse_object (p2, "{\"type\":\"report.signed\",\"study\":{\"mrn\":\"12345\",\"accession_number\":\"777\",\"site_id\":\"SITE-TWO\"}}");
  JsonObject *mismatch = parse_object (p3, "{\"type\":\"report.signed\",\"context\":\"mismatch\",\"study\":{\"mrn\":\"12345\",\"accession_number\":\"777\",\"site_id\":\"SITE-ONE\"}}");
  JsonObject *numbers = parse_object (p4, "{\"type\":\"report.signed\",\"study\":{\"mrn\":12345,\"accession_number\":777,\"site_id\":\"SITE-ONE\"}}");
  JsonObject *no_study = parse_object (p5, "{\"type\":\"report.signed\"}");
  JsonObject *other_acc = parse_object (p6, "{\"type\":\"report.signed\",\"study\":{\"mrn\":\"12345\",\"accession_number\":\"999\",\"site_id\":\"SITE-ONE\"}}");

  g_assert_true (rd_envelope_is_for_study (one, at_one, "HOME"));
  g_assert_false (rd_envelope_is_for_study (two, at_one, "HOME"));
  g_assert_false (rd_envelope_is_for_study (mismatch, at_one, "HOME"));
  g_assert_true (rd_envelope_is_for_study (numbers, at_one, "HOME"));
  g_assert_false (rd_envelope_is_for_study (no_study, at_one, "HOME"));
  g_assert_false (rd_envelope_is_for_study (other_acc, at_one, "HOME"));
  /* no --site: the instance's default site decides */
  g_assert_true (rd_envelope_is_for_study (one, no_site, "SITE-ONE"));
  g_assert_false (rd_envelope_is_for_study (two, no_site, "SITE-ONE"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/event-study/open-study", test_open_study);
  g_test_add_func ("/event-study/left-and-other", test_left_and_other);
  g_test_add_func ("/event-study/final-signature", test_final_signature);
  g_test_add_func ("/event-study/identifiers-of-any-type", test_identifiers_of_any_type);
  g_test_add_func ("/event-study/envelope-for-study", test_envelope_for_study);
  return g_test_run ();
}
