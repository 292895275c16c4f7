/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-study"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-study.h"
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

/* The metadata keys the reporting apps document (protocol.md §1.3). */
static const char * const meta_keys[] = {
  "studyDescription", "clinical_notes", "laterality", "views", "comparison",
  "symptom", "modality", "contrast", "patient_age", "patient_gender",
  "pre_findings", "findings", NULL,
};

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

gboolean
rd_study_set_meta (RdStudy     *study,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  if (!rd_study_is_meta_key (key))
    {
      g_autofree char *known = g_strjoinv (", ", (char **) meta_keys);

      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT,
                   _("unknown metadata key \"%s\"; known keys: %s"),
                   key ? key : "", known);
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

RdStudy *
rd_study_new_from_variant (GVariant  *variant,
                           GError   **error)
{
  g_autoptr(RdStudy) study = rd_study_new ();
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

  g_variant_iter_init (&iter, variant);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      g_autoptr(GVariant) owned = value;
      gboolean ok;

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
          g_set_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT,
                       _("unknown study key \"%s\"; known keys: mrn, accessions, site, study_uid, metadata"),
                       key);
          ok = FALSE;
        }
      if (!ok)
        return NULL;
    }

  if (!rd_study_check_complete (study, error))
    return NULL;
  return g_steal_pointer (&study);
}
