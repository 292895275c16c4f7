/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-study"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-study.h"
#include "rd-text.h"
#include "rd-error.h"

#include <string.h>

struct _RdStudy
{
  char       *mrn;
  GPtrArray  *accessions;
  char       *site_id;
  char       *study_uid;
  JsonObject *metadata;
};

G_DEFINE_BOXED_TYPE (RdStudy, rd_study, rd_study_copy, rd_study_free)

/* Every key a worklist may pass (docs/protocol.md §4): the vendors' own, then
 * the study and patient keys the banner shows and profiles may forward. */
static const char * const meta_keys[] = {
  "studyDescription", "clinical_notes", "laterality", "views", "comparison",
  "symptom", "modality", "contrast", "patient_age", "patient_gender",
  "pre_findings", "findings",
  "patient_name", "patient_birth_date", "patient_sex", "body_part",
  "study_date", "study_time", "reason_for_exam", "key_findings", NULL,
};

/* Every key `--meta` and a link take, NULL-terminated. */
const char * const *
rd_study_get_meta_keys (void)
{
  return meta_keys;
}

RdStudy *
rd_study_new (void)
{
  RdStudy *self = g_new0 (RdStudy, 1);

  self->accessions = g_ptr_array_new_with_free_func (g_free);
  self->metadata = json_object_new ();
  return self;
}

RdStudy *
rd_study_copy (const RdStudy *study)
{
  RdStudy *copy = rd_study_new ();
  g_autoptr(GList) members = NULL;

  copy->mrn = g_strdup (study->mrn);
  copy->site_id = g_strdup (study->site_id);
  copy->study_uid = g_strdup (study->study_uid);
  for (guint i = 0; i < study->accessions->len; i++)
    g_ptr_array_add (copy->accessions, g_strdup (g_ptr_array_index (study->accessions, i)));
  members = json_object_get_members (study->metadata);
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_string_member (copy->metadata, l->data,
                                   json_object_get_string_member (study->metadata, l->data));
  return copy;
}

void
rd_study_free (RdStudy *study)
{
  if (study == NULL)
    return;
  g_free (study->mrn);
  g_free (study->site_id);
  g_free (study->study_uid);
  g_ptr_array_unref (study->accessions);
  json_object_unref (study->metadata);
  g_free (study);
}

/* Error messages name the field and the rule, never the value: patient
 * identifiers must not end up in logs through an error message. */
gboolean
rd_study_validate_id (const char  *what,
                      const char  *value,
                      GError     **error)
{
  gsize len;

  if (value == NULL || value[0] == '\0')
    {
      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT, _("%s is empty"), what);
      return FALSE;
    }
  len = strlen (value);
  if (len > RD_STUDY_MAX_ID_LENGTH)
    {
      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT,
                   _("%s is %zu characters long; at most %d are allowed"),
                   what, len, RD_STUDY_MAX_ID_LENGTH);
      return FALSE;
    }
  if (value[0] == ' ' || value[len - 1] == ' ')
    {
      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT,
                   _("%s starts or ends with a space"), what);
      return FALSE;
    }
  for (gsize i = 0; i < len; i++)
    {
      char c = value[i];

      if (!g_ascii_isalnum (c) && c != '.' && c != '_' && c != '-' && c != ' ')
        {
          g_set_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT,
                       _("%s contains a character that is not allowed at position %zu; "
                       "use letters, digits, '.', '_', '-' and inner spaces"),
                       what, i + 1);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
rd_study_set_mrn (RdStudy     *study,
                  const char  *mrn,
                  GError     **error)
{
  if (!rd_study_validate_id ("MRN", mrn, error))
    return FALSE;
  g_free (study->mrn);
  study->mrn = g_strdup (mrn);
  return TRUE;
}

gboolean
rd_study_add_accession (RdStudy     *study,
                        const char  *accession,
                        GError     **error)
{
  if (!rd_study_validate_id ("accession", accession, error))
    return FALSE;
  if (study->accessions->len >= RD_STUDY_MAX_ACCESSIONS)
    {
      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT,
                   _("more than %d accessions; open at most %d linked reports at once"),
                   RD_STUDY_MAX_ACCESSIONS, RD_STUDY_MAX_ACCESSIONS);
      return FALSE;
    }
  for (guint i = 0; i < study->accessions->len; i++)
    if (g_str_equal (g_ptr_array_index (study->accessions, i), accession))
      {
        g_set_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT,
                     _("accession number %u is given twice"), study->accessions->len + 1);
        return FALSE;
      }
  g_ptr_array_add (study->accessions, g_strdup (accession));
  return TRUE;
}

gboolean
rd_study_set_site_id (RdStudy     *study,
                      const char  *site_id,
                      GError     **error)
{
  if (!rd_study_validate_id ("site", site_id, error))
    return FALSE;
  g_free (study->site_id);
  study->site_id = g_strdup (site_id);
  return TRUE;
}

gboolean
rd_study_set_study_uid (RdStudy     *study,
                        const char  *study_uid,
                        GError     **error)
{
  gsize len = study_uid ? strlen (study_uid) : 0;

  /* A DICOM UID: digits and dots, at most 64 characters. */
  if (len == 0 || len > 64 || study_uid[0] == '.' || study_uid[len - 1] == '.' ||
      strspn (study_uid, "0123456789.") != len)
    {
      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT,
                   _("study UID is not a DICOM UID (1 to 64 digits and dots)"));
      return FALSE;
    }
  g_free (study->study_uid);
  study->study_uid = g_strdup (study_uid);
  return TRUE;
}

gboolean
rd_study_is_meta_key (const char *key)
{
  return key != NULL && g_strv_contains (meta_keys, key);
}

static gboolean
all_digits (const char *text,
            gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return text[n] == '\0';
}

static int
number (const char *text,
        gsize       n)
{
  int value = 0;

  for (gsize i = 0; i < n; i++)
    value = value * 10 + (text[i] - '0');
  return value;
}

/* DICOM DA: YYYYMMDD, a real calendar date. */
static gboolean
is_dicom_date (const char *v)
{
  return strlen (v) == 8 && all_digits (v, 8) && number (v, 4) >= 1800 &&
         g_date_valid_dmy (number (v + 6, 2), number (v + 4, 2), number (v, 4));
}

/* HHMMSS. */
static gboolean
is_dicom_time (const char *v)
{
  return strlen (v) == 6 && all_digits (v, 6) && number (v, 2) < 24 && number (v + 2, 2) < 60 &&
         number (v + 4, 2) < 60;
}

/* 1 to 3 digits, optionally a DICOM AS unit (D, W, M, Y): "64", "064Y", "3M". */
static gboolean
is_age (const char *v)
{
  gsize digits = strspn (v, "0123456789");

  return digits >= 1 && digits <= 3 &&
         (v[digits] == '\0' || (strchr ("DWMY", v[digits]) != NULL && v[digits + 1] == '\0'));
}

/* A name as text or as DICOM PN (Family^Given^Middle^Prefix^Suffix):
 * printable, one line. */
static gboolean
is_person_name (const char *v)
{
  gsize len = strlen (v);

  if (len == 0 || len > 256 || v[0] == ' ' || v[len - 1] == ' ')
    return FALSE;
  for (const char *p = v; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isprint (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* DICOM CS-like: letters, digits, space, '_' and '-'; at most 64. */
static gboolean
is_code (const char *v)
{
  gsize len = strlen (v);

  return len > 0 && len <= 64 && strspn (v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 _-") == len;
}

/* The rule of a key that has one, as a message naming the key, never the
 * value (it may be a patient's name). */
static gboolean
check_meta_value (const char  *key,
                  const char  *value,
                  GError     **error)
{
  const char *rule = NULL;

  if (g_str_equal (key, "patient_birth_date") || g_str_equal (key, "study_date"))
    rule = is_dicom_date (value) ? NULL : _("a date YYYYMMDD, e.g. 19620314");
  else if (g_str_equal (key, "study_time"))
    rule = is_dicom_time (value) ? NULL : _("a time HHMMSS, e.g. 142500");
  else if (g_str_equal (key, "patient_sex"))
    rule = (g_str_equal (value, "M") || g_str_equal (value, "F") || g_str_equal (value, "O"))
             ? NULL : _("M, F or O");
  else if (g_str_equal (key, "patient_age"))
    rule = is_age (value) ? NULL : _("1 to 3 digits, optionally followed by D, W, M or Y, e.g. 64 or 064Y");
  else if (g_str_equal (key, "patient_name"))
    rule = is_person_name (value) ? NULL : _("a name of 1 to 256 printable characters on one line, "
                                             "e.g. Doe^Jane");
  else if (g_str_equal (key, "body_part"))
    rule = is_code (value) ? NULL : _("up to 64 letters, digits, spaces, '_' or '-', e.g. CHEST");
  if (rule == NULL)
    return TRUE;
  g_set_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT, _("metadata \"%s\" must be %s"), key, rule);
  return FALSE;
}

/* DICOM PN "Family^Given^Middle^Prefix^Suffix" as "Family, Prefix Given
 * Middle, Suffix" (PS3.5 6.2.1: the prefix, such as "Dr", goes before the
 * given name); a name without '^' as it is. */
char *
rd_study_format_person_name (const char *name)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GString) out = NULL;
  g_autoptr(GString) given = NULL;
  const char *order[] = { NULL, NULL, NULL };

  if (name == NULL || strchr (name, '^') == NULL)
    return g_strdup (name);
  parts = g_strsplit (name, "^", 5);
  /* prefix, given, middle: whichever are there */
  order[0] = g_strv_length (parts) > 3 ? parts[3] : NULL;
  order[1] = g_strv_length (parts) > 1 ? parts[1] : NULL;
  order[2] = g_strv_length (parts) > 2 ? parts[2] : NULL;
  given = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (order[i] != NULL && order[i][0] != '\0')
      g_string_append_printf (given, "%s%s", given->len > 0 ? " " : "", order[i]);
  out = g_string_new (parts[0]);
  if (given->len > 0)
    g_string_append_printf (out, "%s%s", out->len > 0 ? ", " : "", given->str);
  if (g_strv_length (parts) > 4 && parts[4][0] != '\0')
    g_string_append_printf (out, "%s%s", out->len > 0 ? ", " : "", parts[4]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The age on the study's day from two DICOM dates, as the banner shows
 * ages: years from 2, else months, else days; NULL when either date is
 * missing or not a date, or the study is before the birth. */
char *
rd_study_age_at (const char *birth_date,
                 const char *study_date)
{
  g_autoptr(GDateTime) born = NULL;
  g_autoptr(GDateTime) seen = NULL;
  int years, months;

  if (birth_date == NULL || study_date == NULL || !is_dicom_date (birth_date) || !is_dicom_date (study_date))
    return NULL;
  born = g_date_time_new_utc (number (birth_date, 4), number (birth_date + 4, 2), number (birth_date + 6, 2), 0, 0, 0);
  seen = g_date_time_new_utc (number (study_date, 4), number (study_date + 4, 2), number (study_date + 6, 2), 0, 0, 0);
  if (born == NULL || seen == NULL || g_date_time_compare (seen, born) < 0)
    return NULL;
  months = (g_date_time_get_year (seen) - g_date_time_get_year (born)) * 12 +
           g_date_time_get_month (seen) - g_date_time_get_month (born) -
           (g_date_time_get_day_of_month (seen) < g_date_time_get_day_of_month (born) ? 1 : 0);
  years = months / 12;
  if (years >= 2)
    return g_strdup_printf ("%d y", years);
  if (months >= 1)
    return g_strdup_printf ("%d mo", months);
  return g_strdup_printf ("%d d", (int) (g_date_time_difference (seen, born) / G_TIME_SPAN_DAY));
}

/* "064Y" → "64 y", "3M" → "3 mo", "64" → "64 y". */
char *
rd_study_format_age (const char *age)
{
  gsize digits;
  int value;
  const char *unit;

  if (age == NULL || !is_age (age))
    return g_strdup (age);
  digits = strspn (age, "0123456789");
  value = number (age, digits);
  switch (age[digits])
    {
    case 'D': unit = "d"; break;
    case 'W': unit = "w"; break;
    case 'M': unit = "mo"; break;
    default: unit = "y"; break;
    }
  return g_strdup_printf ("%d %s", value, unit);
}

/* DICOM DA "19620314" → "1962-03-14": one form, read alike everywhere. */
char *
rd_study_format_date (const char *date)
{
  if (date == NULL || !is_dicom_date (date))
    return g_strdup (date);
  return g_strdup_printf ("%.4s-%.2s-%.2s", date, date + 4, date + 6);
}

const char *
rd_study_get_meta (const RdStudy *study,
                   const char    *key)
{
  return json_object_get_string_member_with_default (study->metadata, key, NULL);
}

gboolean
rd_study_set_meta (RdStudy     *study,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  if (!rd_study_is_meta_key (key))
    {
      g_autofree char *known = g_strjoinv (", ", (char **) meta_keys);
      g_autofree char *shown = rd_text_for_display (key, RD_TEXT_SHOWN_MAX);

      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT,
                   _("unknown metadata key \"%s\"; known keys: %s"), shown, known);
      return FALSE;
    }
  if (value == NULL || strlen (value) > RD_STUDY_MAX_META_BYTES)
    {
      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT,
                   _("metadata \"%s\" is longer than %d bytes"), key, RD_STUDY_MAX_META_BYTES);
      return FALSE;
    }
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT,
                   _("metadata \"%s\" is not valid UTF-8"), key);
      return FALSE;
    }
  if (!check_meta_value (key, value, error))
    return FALSE;
  if (json_object_has_member (study->metadata, key))
    {
      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT,
                   _("metadata \"%s\" is given twice"), key);
      return FALSE;
    }
  json_object_set_string_member (study->metadata, key, value);
  return TRUE;
}

gboolean
rd_study_check_complete (const RdStudy  *study,
                         GError        **error)
{
  if (study->mrn == NULL)
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT,
                           _("no MRN given (--mrn, or mrn= in the URI)"));
      return FALSE;
    }
  if (study->accessions->len == 0)
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT,
                           _("no accession given (--accession, or accession= in the URI)"));
      return FALSE;
    }
  return TRUE;
}

const char *
rd_study_get_mrn (const RdStudy *study)
{
  return study->mrn;
}

const char *
rd_study_get_site_id (const RdStudy *study)
{
  return study->site_id;
}

const char *
rd_study_get_study_uid (const RdStudy *study)
{
  return study->study_uid;
}

guint
rd_study_get_n_accessions (const RdStudy *study)
{
  return study->accessions->len;
}

const char *
rd_study_get_accession (const RdStudy *study,
                        guint          index)
{
  g_return_val_if_fail (index < study->accessions->len, NULL);
  return g_ptr_array_index (study->accessions, index);
}

JsonObject *
rd_study_get_metadata (const RdStudy *study)
{
  return study->metadata;
}

gboolean
rd_study_equal (const RdStudy *a,
                const RdStudy *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (g_strcmp0 (a->mrn, b->mrn) != 0 ||
      g_strcmp0 (a->site_id, b->site_id) != 0 ||
      g_strcmp0 (a->study_uid, b->study_uid) != 0 ||
      a->accessions->len != b->accessions->len)
    return FALSE;
  for (guint i = 0; i < a->accessions->len; i++)
    if (!g_str_equal (g_ptr_array_index (a->accessions, i), g_ptr_array_index (b->accessions, i)))
      return FALSE;
  return json_object_equal (a->metadata, b->metadata);
}

GVariant *
rd_study_to_variant (const RdStudy *study)
{
  GVariantBuilder dict;
  GVariantBuilder meta;
  g_autoptr(GList) members = json_object_get_members (study->metadata);

  g_variant_builder_init (&dict, G_VARIANT_TYPE_VARDICT);
  if (study->mrn != NULL)
    g_variant_builder_add (&dict, "{sv}", "mrn", g_variant_new_string (study->mrn));
  g_variant_builder_add (&dict, "{sv}", "accessions",
                         g_variant_new_strv ((const char * const *) study->accessions->pdata,
                                             study->accessions->len));
  if (study->site_id != NULL)
    g_variant_builder_add (&dict, "{sv}", "site", g_variant_new_string (study->site_id));
  if (study->study_uid != NULL)
    g_variant_builder_add (&dict, "{sv}", "study_uid", g_variant_new_string (study->study_uid));
  g_variant_builder_init (&meta, G_VARIANT_TYPE ("a{ss}"));
  for (GList *l = members; l != NULL; l = l->next)
    g_variant_builder_add (&meta, "{ss}", (const char *) l->data,
                           json_object_get_string_member (study->metadata, l->data));
  g_variant_builder_add (&dict, "{sv}", "metadata", g_variant_builder_end (&meta));
  return g_variant_builder_end (&dict);
}

static gboolean
expect_type (const char          *key,
             GVariant            *value,
             const GVariantType  *type,
             GError             **error)
{
  if (g_variant_is_of_type (value, type))
    return TRUE;
  g_set_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT,
               _("study key \"%s\" must be of type %s, not %s"),
               key, (const char *) type, g_variant_get_type_string (value));
  return FALSE;
}

/* A study with every identifier but the site (the default site is used),
 * for previews and for trying a template before it is saved. */
RdStudy *
rd_study_new_example (void)
{
  RdStudy *study = rd_study_new ();

  rd_study_set_mrn (study, "MRN-0001", NULL);
  rd_study_add_accession (study, "ACC-0001", NULL);
  rd_study_set_study_uid (study, "1.2.840.113619.2.55.3.1", NULL);
  return study;
}

RdStudy *
rd_study_new_from_variant (GVariant  *variant,
                           GError   **error)
{
  g_autoptr(RdStudy) study = rd_study_new ();
  g_autoptr(GHashTable) seen = NULL;
  GVariantIter iter;
  const char *key;
  GVariant *value;

  if (!g_variant_is_of_type (variant, G_VARIANT_TYPE_VARDICT))
    {
      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT,
                   _("a study must be a dictionary a{sv}, not %s"),
                   g_variant_get_type_string (variant));
      return NULL;
    }

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_variant_iter_init (&iter, variant);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      g_autoptr(GVariant) owned = value;
      gboolean ok;

      /* a dictionary may repeat a key; the command line refuses that too */
      if (!g_hash_table_add (seen, (gpointer) key))
        {
          g_autofree char *shown = rd_text_for_display (key, RD_TEXT_SHOWN_MAX);

          g_set_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT, _("study key \"%s\" is given twice"), shown);
          return NULL;
        }
      if (g_str_equal (key, "mrn"))
        ok = expect_type (key, value, G_VARIANT_TYPE_STRING, error) &&
             rd_study_set_mrn (study, g_variant_get_string (value, NULL), error);
      else if (g_str_equal (key, "site"))
        ok = expect_type (key, value, G_VARIANT_TYPE_STRING, error) &&
             rd_study_set_site_id (study, g_variant_get_string (value, NULL), error);
      else if (g_str_equal (key, "study_uid"))
        ok = expect_type (key, value, G_VARIANT_TYPE_STRING, error) &&
             rd_study_set_study_uid (study, g_variant_get_string (value, NULL), error);
      else if (g_str_equal (key, "accessions"))
        {
          ok = expect_type (key, value, G_VARIANT_TYPE_STRING_ARRAY, error);
          for (gsize i = 0; ok && i < g_variant_n_children (value); i++)
            {
              g_autoptr(GVariant) child = g_variant_get_child_value (value, i);
              ok = rd_study_add_accession (study, g_variant_get_string (child, NULL), error);
            }
        }
      else if (g_str_equal (key, "metadata"))
        {
          GVariantIter meta;
          const char *mkey, *mvalue;

          ok = expect_type (key, value, G_VARIANT_TYPE ("a{ss}"), error);
          if (ok)
            {
              g_variant_iter_init (&meta, value);
              while (ok && g_variant_iter_next (&meta, "{&s&s}", &mkey, &mvalue))
                ok = rd_study_set_meta (study, mkey, mvalue, error);
            }
        }
      else
        {
          g_autofree char *shown = rd_text_for_display (key, RD_TEXT_SHOWN_MAX);

          g_set_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT,
                       _("unknown study key \"%s\"; known keys: mrn, accessions, site, study_uid, metadata"),
                       shown);
          ok = FALSE;
        }
      if (!ok)
        return NULL;
    }

  if (!rd_study_check_complete (study, error))
    return NULL;
  return g_steal_pointer (&study);
}

/* "MRN M · accession A, B": which study, in a line, for the covers. */
char *
rd_study_describe (const RdStudy *study)
{
  g_autoptr(GString) accessions = g_string_new (NULL);

  g_return_val_if_fail (study != NULL, NULL);

  for (guint i = 0; i < rd_study_get_n_accessions (study); i++)
    g_string_append_printf (accessions, "%s%s", i ? ", " : "", rd_study_get_accession (study, i));
  /* Translators: MRN and accession number(s) of the study being opened */
  return g_strdup_printf (_("MRN %s · accession %s"), rd_study_get_mrn (study), accessions->str);
}
