/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-study-trail.h"

/* The studies a session left behind: which stay named, which answers are
 * late, and how many are kept. */

static RdStudy *
study (const char *mrn,
       const char *accession)
{
  RdStudy *s = rd_study_new ();

  g_assert_true (rd_study_set_mrn (s, mrn, NULL));
  g_assert_true (rd_study_add_accession (s, accession, NULL));
  return s;
}

static RdEventStudy
about (const char *mrn,
       const char *accession)
{
  RdEventStudy a = { RD_EVENT_NAMES_LEFT_STUDY, FALSE, (char *) mrn, (char *) accession, NULL };

  return a;
}

static void
test_late_answer_taken_once (void)
{
  g_autoptr(RdStudyTrail) trail = rd_study_trail_new ();
  RdEventStudy first = about ("M1", "A1");
  RdEventStudy second = about ("M2", "A2");

  rd_study_trail_leave (trail, study ("M1", "A1"), TRUE);
  rd_study_trail_leave (trail, study ("M2", "A2"), FALSE);
  g_assert_cmpuint (rd_study_trail_get_left (trail)->len, ==, 2);

  /* only a study left unanswered has a late answer, and only one */
  g_assert_false (rd_study_trail_take_answer (trail, &second, "S"));
  g_assert_true (rd_study_trail_take_answer (trail, &first, "S"));
  g_assert_false (rd_study_trail_take_answer (trail, &first, "S"));
  /* both stay left: events may still name them */
  g_assert_cmpuint (rd_study_trail_get_left (trail)->len, ==, 2);
}

static void
test_forget_unanswered (void)
{
  g_autoptr(RdStudyTrail) trail = rd_study_trail_new ();
  RdEventStudy first = about ("M1", "A1");

  rd_study_trail_leave (trail, study ("M1", "A1"), TRUE);
  rd_study_trail_forget_unanswered (trail);
  g_assert_false (rd_study_trail_take_answer (trail, &first, "S"));
  g_assert_cmpuint (rd_study_trail_get_left (trail)->len, ==, 1);
}

/* The oldest go first, in both lists. */
static void
test_keeps_the_newest (void)
{
  g_autoptr(RdStudyTrail) trail = rd_study_trail_new ();
  GPtrArray *left;
  RdEventStudy oldest = about ("M0", "A0");
  RdEventStudy kept = about ("M1", "A1");

  for (guint i = 0; i <= RD_STUDY_TRAIL_MAX; i++)
    {
      g_autofree char *mrn = g_strdup_printf ("M%u", i);
      g_autofree char *accession = g_strdup_printf ("A%u", i);

      rd_study_trail_leave (trail, study (mrn, accession), TRUE);
    }
  left = rd_study_trail_get_left (trail);
  g_assert_cmpuint (left->len, ==, RD_STUDY_TRAIL_MAX);
  g_assert_cmpstr (rd_study_get_mrn (g_ptr_array_index (left, 0)), ==, "M1");
  g_assert_false (rd_study_trail_take_answer (trail, &oldest, "S"));
  g_assert_true (rd_study_trail_take_answer (trail, &kept, "S"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/study-trail/late-answer-taken-once", test_late_answer_taken_once);
  g_test_add_func ("/study-trail/forget-unanswered", test_forget_unanswered);
  g_test_add_func ("/study-trail/keeps-the-newest", test_keeps_the_newest);
  return g_test_run ();
}
