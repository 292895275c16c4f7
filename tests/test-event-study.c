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
  /* identifiers that are not strings name nothing */
  string_ids = classify ("{\"type\":\"report.saved\",\"payload\":{\"mrn\":42,\"accession_number\":[1]}}", open, left);
  g_assert_cmpint (string_ids->names, ==, RD_EVENT_NAMES_NO_STUDY);
  g_assert_cmpstr (string_ids->mrn, ==, "M1");
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/event-study/open-study", test_open_study);
  g_test_add_func ("/event-study/left-and-other", test_left_and_other);
  g_test_add_func ("/event-study/final-signature", test_final_signature);
  return g_test_run ();
}
