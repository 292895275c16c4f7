/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-error.h"
#include "rd-study.h"

static RdStudy *
sample (void)
{
  RdStudy *study = rd_study_new ();

  g_assert_true (rd_study_set_mrn (study, "M1", NULL));
  g_assert_true (rd_study_add_accession (study, "A1", NULL));
  g_assert_true (rd_study_add_accession (study, "A2", NULL));
  g_assert_true (rd_study_set_site_id (study, "S", NULL));
  g_assert_true (rd_study_set_study_uid (study, "1.2.3", NULL));
  g_assert_true (rd_study_set_meta (study, "modality", "CT", NULL));
  return study;
}

static void
test_variant_round_trip (void)
{
  g_autoptr(RdStudy) study = sample ();
  g_autoptr(GVariant) variant = g_variant_ref_sink (rd_study_to_variant (study));
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStudy) back = rd_study_new_from_variant (variant, &error);
  g_autoptr(RdStudy) copy = rd_study_copy (study);

  g_assert_no_error (error);
  g_assert_true (rd_study_equal (study, back));
  g_assert_true (rd_study_equal (study, copy));
  g_assert_true (rd_study_set_meta (copy, "laterality", "L", NULL));
  g_assert_false (rd_study_equal (study, copy));
  g_assert_false (rd_study_equal (study, NULL));
}

static void
assert_variant_fails (const char *text,
                      const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) variant = g_variant_parse (NULL, text, NULL, NULL, &error);
  g_autoptr(RdStudy) study = NULL;

  g_assert_no_error (error);
  study = rd_study_new_from_variant (variant, &error);
  g_assert_null (study);
  g_assert_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT);
  if (g_strstr_len (error->message, -1, fragment) == NULL)
    g_error ("for %s expected \"%s\" in \"%s\"", text, fragment, error->message);
}

static void
test_variant_errors (void)
{
  g_autoptr(GString) many = g_string_new ("{'mrn': <'M'>, 'accessions': <[");

  assert_variant_fails ("('M', 'A')", "dictionary");
  assert_variant_fails ("{'mrn': <'M'>}", "no accession");
  assert_variant_fails ("{'accessions': <['A']>}", "no MRN");
  assert_variant_fails ("{'mrn': <42>, 'accessions': <['A']>}", "type s");
  assert_variant_fails ("{'mrn': <'M'>, 'accessions': <'A'>}", "type as");
  assert_variant_fails ("{'mrn': <'M'>, 'accessions': <['A']>, 'colour': <'red'>}", "unknown study key");
  assert_variant_fails ("{'mrn': <'M'>, 'accessions': <['A']>, 'metadata': <{'x': 'y'}>}", "unknown metadata key");
  assert_variant_fails ("{'mrn': <'M'>, 'accessions': <['A']>, 'metadata': <{'modality': <'CT'>}>}", "a{ss}");
  assert_variant_fails ("{'mrn': <'M/'>, 'accessions': <['A']>}", "not allowed");
  /* a dictionary that repeats a key: refused like the command line does */
  assert_variant_fails ("{'mrn': <'M1'>, 'mrn': <'M2'>, 'accessions': <['A']>}", "given twice");
  assert_variant_fails ("{'mrn': <'M'>, 'site': <'S1'>, 'accessions': <['A']>, 'site': <'S2'>}", "given twice");
  for (int i = 0; i < 21; i++)
    g_string_append_printf (many, "%s'A%d'", i ? ", " : "", i);
  g_string_append (many, "]>}");
  assert_variant_fails (many->str, "more than 20");
}

/* D-Bus callers use the same keys and rules. */
static void
test_variant_patient_keys (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) variant = g_variant_parse (NULL,
    "{'mrn': <'M'>, 'accessions': <['A']>, 'metadata': <{'patient_name': 'Doe^Jane', "
    "'patient_sex': 'F', 'patient_birth_date': '19620314', 'study_time': '081500'}>}", NULL, NULL, &error);
  g_autoptr(RdStudy) study = rd_study_new_from_variant (variant, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (rd_study_get_meta (study, "patient_name"), ==, "Doe^Jane");
  assert_variant_fails ("{'mrn': <'M'>, 'accessions': <['A']>, 'metadata': <{'patient_sex': 'X'}>}", "M, F or O");
  assert_variant_fails ("{'mrn': <'M'>, 'accessions': <['A']>, 'metadata': <{'study_date': '2026'}>}", "YYYYMMDD");
}

static void
test_formatting (void)
{
  static const struct { char *(*format) (const char *); const char *in, *out; } cases[] = {
    /* the prefix before the given name (issue 29.9), the suffix last */
    { rd_study_format_person_name, "Doe^Jane^Q^Dr", "Doe, Dr Jane Q" },
    { rd_study_format_person_name, "Doe^Jane^^^Jr", "Doe, Jane, Jr" },
    { rd_study_format_person_name, "Doe^Jane^Q^Dr^PhD", "Doe, Dr Jane Q, PhD" },
    { rd_study_format_person_name, "Doe^^^Dr", "Doe, Dr" },
    { rd_study_format_person_name, "Doe^Jane", "Doe, Jane" },
    { rd_study_format_person_name, "^Jane", "Jane" },
    { rd_study_format_person_name, "Jane Doe", "Jane Doe" },
    { rd_study_format_age, "064Y", "64 y" },
    { rd_study_format_age, "3M", "3 mo" },
    { rd_study_format_age, "10D", "10 d" },
    { rd_study_format_age, "64", "64 y" },
    { rd_study_format_date, "19620314", "1962-03-14" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = cases[i].format (cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
  g_assert_null (rd_study_format_person_name (NULL));
}

/* The age on the study's day, when the worklist sends the birth date but no age. */
static void
test_age_at (void)
{
  static const struct { const char *birth, *study, *age; } cases[] = {
    { "19620314", "20261201", "64 y" },
    { "19620314", "20260313", "63 y" },   /* the day before the birthday */
    { "19620314", "20260314", "64 y" },
    { "20250101", "20261201", "23 mo" },  /* under 2: months */
    { "20261101", "20261201", "1 mo" },
    { "20261125", "20261201", "6 d" },
    { "20240229", "20260228", "23 mo" },  /* leap day */
    { "20261201", "20261201", "0 d" },
    { "20261202", "20261201", NULL },     /* seen before born */
    { "1962031", "20261201", NULL },
    { "19621314", "20261201", NULL },
    { NULL, "20261201", NULL },
    { "19620314", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *age = rd_study_age_at (cases[i].birth, cases[i].study);
      g_assert_cmpstr (age, ==, cases[i].age);
    }
}

/* One line for the covers: the MRN and every accession. */
static void
test_describe (void)
{
  g_autoptr(RdStudy) study = rd_study_new ();
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;

  g_assert_true (rd_study_set_mrn (study, "MRN-42", NULL));
  g_assert_true (rd_study_add_accession (study, "ACC-7", NULL));
  one = rd_study_describe (study);
  g_assert_cmpstr (one, ==, "MRN MRN-42 · accession ACC-7");
  g_assert_true (rd_study_add_accession (study, "ACC-8", NULL));
  two = rd_study_describe (study);
  g_assert_cmpstr (two, ==, "MRN MRN-42 · accession ACC-7, ACC-8");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/study/age-at", test_age_at);
  g_test_add_func ("/study/describe", test_describe);

  g_test_add_func ("/study/variant/round-trip", test_variant_round_trip);
  g_test_add_func ("/study/variant/errors", test_variant_errors);
  g_test_add_func ("/study/variant/patient-keys", test_variant_patient_keys);
  g_test_add_func ("/study/formatting", test_formatting);
  return g_test_run ();
}
