/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-event-study"

#include "config.h"

#include "rd-event-study.h"

#include <string.h>

G_DEFINE_BOXED_TYPE (RdEventStudy, rd_event_study, rd_event_study_copy, rd_event_study_free)

JsonObject *
rd_event_payload (JsonObject *message)
{
  JsonNode *payload = json_object_get_member (message, "payload");

  if (payload != NULL && JSON_NODE_HOLDS_OBJECT (payload))
    return json_node_get_object (payload);
  return message;
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* The longest identifier text kept from a message: an identifier is short;
 * anything longer is cut, which still names no study of ours. */
#define IDENTIFIER_MAX 256

/* An identifier member as text, whatever its JSON type: a string as it
 * is, a number in its decimal form (vendors send MRNs as numbers), null or
 * absent as NULL. Anything else (object, array, boolean) names no study
 * anyone could have opened: *unusable is set, and the text is its JSON, for
 * the record. */
static char *
identifier_member (JsonObject *object,
                   const char *name,
                   gboolean   *unusable)
{
  JsonNode *node = json_object_get_member (object, name);
  char *text;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node))
    switch (json_node_get_value_type (node))
      {
      case G_TYPE_STRING:
        return g_strndup (json_node_get_string (node), IDENTIFIER_MAX);
      case G_TYPE_INT64:
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      case G_TYPE_DOUBLE:
        {
          double value = json_node_get_double (node);
          char buffer[G_ASCII_DTOSTR_BUF_SIZE];

          /* 2002.0 is 2002; 1e400 and the like are no identifier */
          if (value == (double) (gint64) value && value > -1e15 && value < 1e15)
            return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);
          return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value));
        }
      default:
        break;
      }
  *unusable = TRUE;
  text = json_to_string (node, FALSE);
  if (strlen (text) > IDENTIFIER_MAX)
    text[IDENTIFIER_MAX] = '\0';
  return text;
}

gboolean
rd_event_is_leaving (const char *type)
{
  return g_strcmp0 (type, "report.closed") == 0 || g_strcmp0 (type, "report.discarded_completely") == 0;
}

gboolean
rd_event_is_final_signature (JsonObject *message)
{
  JsonObject *payload = rd_event_payload (message);
  JsonNode *data = json_object_get_member (payload, "data");
  const char *sign_type = NULL;
  const char *status;

  if (g_strcmp0 (string_member (message, "type"), "report.signed") != 0)
    return FALSE;
  if (data != NULL && JSON_NODE_HOLDS_OBJECT (data))
    {
      JsonNode *context = json_object_get_member (json_node_get_object (data), "sign_context");

      if (context != NULL && JSON_NODE_HOLDS_OBJECT (context))
        sign_type = string_member (json_node_get_object (context), "sign_type");
    }
  if (sign_type != NULL)
    return g_str_equal (sign_type, "sign") || g_str_equal (sign_type, "sign_addendum");
  status = string_member (payload, "report_status");
  return g_strcmp0 (status, "signed") == 0 || g_strcmp0 (status, "addendum_signed") == 0;
}

static const char *
site_of (const RdStudy *study,
         const char    *default_site_id)
{
  return rd_study_get_site_id (study) ? rd_study_get_site_id (study) : default_site_id;
}

static gboolean
has_accession (const RdStudy *study,
               const char    *accession)
{
  for (guint i = 0; i < rd_study_get_n_accessions (study); i++)
    if (g_str_equal (accession, rd_study_get_accession (study, i)))
      return TRUE;
  return FALSE;
}

/* Every identifier the event names agrees with the study. */
static gboolean
names_study (const char    *mrn,
             const char    *accession,
             const char    *site,
             const RdStudy *study,
             const char    *default_site_id)
{
  if (study == NULL)
    return FALSE;
  if (mrn != NULL && g_strcmp0 (mrn, rd_study_get_mrn (study)) != 0)
    return FALSE;
  if (accession != NULL && !has_accession (study, accession))
    return FALSE;
  if (site != NULL && g_strcmp0 (site, site_of (study, default_site_id)) != 0)
    return FALSE;
  return TRUE;
}

static RdEventStudy *
label (RdEventNames   names,
       const char    *mrn,
       const char    *accession,
       const char    *site,
       const RdStudy *study,
       const char    *default_site_id)
{
  RdEventStudy *about = g_new0 (RdEventStudy, 1);

  about->names = names;
  about->mrn = g_strdup (mrn ? mrn : study ? rd_study_get_mrn (study) : NULL);
  about->accession_number = g_strdup (accession ? accession : study ? rd_study_get_accession (study, 0) : NULL);
  about->site_id = g_strdup (site ? site : study ? site_of (study, default_site_id) : NULL);
  return about;
}

RdEventStudy *
rd_event_study_new_for_study (const RdStudy *study,
                              const char    *default_site_id)
{
  return label (RD_EVENT_NAMES_NO_STUDY, NULL, NULL, NULL, study, default_site_id);
}

/* left: RdStudy*, the studies opened before, newest last. A study the
 * vendor reopens after it was left (report.opened) is a mismatch too: the
 * app shows a patient the worklist has moved away from. */
RdEventStudy *
rd_event_study_new_for_message (const char    *type,
                                JsonObject    *message,
                                const RdStudy *open,
                                GPtrArray     *left,
                                const char    *default_site_id)
{
  JsonObject *payload = rd_event_payload (message);
  gboolean unusable = FALSE;
  g_autofree char *mrn = identifier_member (payload, "mrn", &unusable);
  g_autofree char *accession = identifier_member (payload, "accession_number", &unusable);
  g_autofree char *site = identifier_member (payload, "site_id", &unusable);
  RdEventStudy *about;

  if (mrn == NULL && accession == NULL && !unusable)
    return label (RD_EVENT_NAMES_NO_STUDY, NULL, NULL, NULL, open, default_site_id);
  if (unusable)
    {
      /* it names something, and nothing we opened: never the open study */
      about = label (RD_EVENT_NAMES_OTHER_STUDY, mrn ? mrn : "", accession, site, NULL, NULL);
      about->mismatch = TRUE;
      return about;
    }
  if (names_study (mrn, accession, site, open, default_site_id))
    return label (RD_EVENT_NAMES_OPEN_STUDY, mrn, accession, site, open, default_site_id);
  for (guint i = left ? left->len : 0; i > 0; i--)
    {
      const RdStudy *earlier = g_ptr_array_index (left, i - 1);

      if (names_study (mrn, accession, site, earlier, default_site_id))
        {
          about = label (RD_EVENT_NAMES_LEFT_STUDY, mrn, accession, site, earlier, default_site_id);
          about->mismatch = g_strcmp0 (type, "report.opened") == 0;
          return about;
        }
    }
  /* never opened here: only what the vendor named, nothing made up */
  about = label (RD_EVENT_NAMES_OTHER_STUDY, mrn, accession, site, NULL, NULL);
  about->mismatch = TRUE;
  return about;
}

gboolean
rd_event_study_is_study (const RdEventStudy *about,
                         const RdStudy      *study,
                         const char         *default_site_id)
{
  return about != NULL && about->mrn != NULL &&
         names_study (about->mrn, about->accession_number, about->site_id, study, default_site_id);
}

RdEventStudy *
rd_event_study_copy (const RdEventStudy *about)
{
  RdEventStudy *copy = g_new0 (RdEventStudy, 1);

  copy->names = about->names;
  copy->mismatch = about->mismatch;
  copy->mrn = g_strdup (about->mrn);
  copy->accession_number = g_strdup (about->accession_number);
  copy->site_id = g_strdup (about->site_id);
  return copy;
}

void
rd_event_study_free (RdEventStudy *about)
{
  if (about == NULL)
    return;
  g_free (about->mrn);
  g_free (about->accession_number);
  g_free (about->site_id);
  g_free (about);
}

/* An envelope (rd-outbox.c) is about study: not marked as a mismatch, and
 * its study names the same MRN, one of the study's accessions and the same
 * site (the study's, else default_site_id). MRNs and accessions are only
 * unique within a site. */
gboolean
rd_envelope_is_for_study (JsonObject    *envelope,
                          const RdStudy *study,
                          const char    *default_site_id)
{
  JsonNode *node;
  JsonObject *named;
  gboolean unusable = FALSE;
  g_autofree char *mrn = NULL, *accession = NULL, *site = NULL;
  const char *expected_site;

  g_return_val_if_fail (envelope != NULL, FALSE);
  g_return_val_if_fail (study != NULL, FALSE);

  if (g_strcmp0 (string_member (envelope, "context"), "mismatch") == 0)
    return FALSE;
  node = json_object_get_member (envelope, "study");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  named = json_node_get_object (node);
  mrn = identifier_member (named, "mrn", &unusable);
  accession = identifier_member (named, "accession_number", &unusable);
  site = identifier_member (named, "site_id", &unusable);
  if (unusable || mrn == NULL || accession == NULL || !g_str_equal (mrn, rd_study_get_mrn (study)) ||
      !has_accession (study, accession))
    return FALSE;
  expected_site = site_of (study, default_site_id);
  return expected_site == NULL || g_strcmp0 (site, expected_site) == 0;
}
