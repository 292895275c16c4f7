/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-vendor-link"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-text.h"
#include "rd-vendor-link.h"
#include "rd-error.h"

#include <string.h>

void
rd_vendor_link_free (RdVendorLink *link)
{
  if (link == NULL)
    return;
  if (link->url != NULL)
    memset (link->url, 0, strlen (link->url));   /* it opens the report without a sign-in */
  g_free (link->url);
  g_free (link->status);
  g_free (link->owner_name);
  g_free (link->owner_email);
  g_clear_pointer (&link->qr_png, g_bytes_unref);
  g_free (link);
}

/* https, or http on the loopback interface (the demo service). */
gboolean
rd_vendor_url_is_acceptable (const char *url)
{
  g_autoptr(GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *host;

  if (uri == NULL || (host = g_uri_get_host (uri)) == NULL || host[0] == '\0')
    return FALSE;
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0)
    return TRUE;
  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0 &&
         (g_str_equal (host, "127.0.0.1") || g_str_equal (host, "localhost") || g_str_equal (host, "::1"));
}

/* The vendors' languages (docs/protocol.md §2) for the desktop's, e.g. "de_DE"
 * → "de", "zh_TW" → "zh-Hant"; English when none fits. */
const char *
rd_vendor_language_for (const char * const *desktop_languages)
{
  static const char * const simple[] = { "en", "es", "fr", "ja", "de", "nl", "ko", "pl", "ro", "pt", NULL };

  for (guint i = 0; desktop_languages != NULL && desktop_languages[i] != NULL; i++)
    {
      const char *l = desktop_languages[i];

      if (g_str_has_prefix (l, "zh_TW") || g_str_has_prefix (l, "zh_HK") || g_str_has_prefix (l, "zh_Hant"))
        return "zh-Hant";
      if (g_str_has_prefix (l, "zh"))
        return "zh-CN";
      for (guint j = 0; simple[j] != NULL; j++)
        if (g_str_has_prefix (l, simple[j]) && (l[2] == '\0' || l[2] == '_' || l[2] == '.' || l[2] == '@'))
          return simple[j];
    }
  return "en";
}

static void
add_tag (JsonBuilder *b,
         const char  *name,
         const char  *value)
{
  if (value == NULL || value[0] == '\0')
    return;   /* a tag the worklist did not give is left out, not sent empty */
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

static const char *
meta (const RdStudy *study,
      const char    *key)
{
  JsonObject *metadata = rd_study_get_metadata (study);

  return metadata ? json_object_get_string_member_with_default (metadata, key, NULL) : NULL;
}

char *
rd_mdai_date (const char *dicom_date)
{
  if (dicom_date == NULL || strlen (dicom_date) != 8 || strspn (dicom_date, "0123456789") != 8)
    return NULL;
  return g_strdup_printf ("%.2s%.2s%.4s", dicom_date + 4, dicom_date + 6, dicom_date);
}

/* The launch keys a profile maps, under the vendor's names, in its order. */
static void
add_mapped (JsonBuilder *b,
            JsonObject  *mapped)
{
  g_autoptr(GList) names = json_object_get_members (mapped);

  for (GList *l = names; l != NULL; l = l->next)
    add_tag (b, l->data, json_object_get_string_member (mapped, l->data));
}

/* POST {api-base-url}/api/report/launch/clinical (docs/protocol.md §2): every
 * tag of the document's list the worklist gave, none sent empty. */
JsonNode *
rd_mdai_launch_request (const RdProfile     *profile,
                        const RdStudy       *study,
                        const RdVendorUser  *user,
                        const char          *auth,
                        GError             **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const char *site = rd_study_get_site_id (study) ? rd_study_get_site_id (study) : user->default_site_id;
  g_autoptr(JsonObject) tags = rd_profile_map_launch_keys (profile, study);

  if (auth == NULL || auth[0] == '\0' || user->name == NULL || user->name[0] == '\0' ||
      user->email == NULL || user->email[0] == '\0')
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                           _("MD.ai needs an access token (api-key-file), user-first-name/user-last-name "
                           "and user-email"));
      return NULL;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "tags");
  json_builder_begin_object (b);
  add_tag (b, "SiteID", site);
  add_tag (b, "PatientMRN", rd_study_get_mrn (study));
  add_tag (b, "Accession", rd_study_get_accession (study, 0));
  add_mapped (b, tags);   /* the profile's launch_keys: names, dates as MMDDYYYY */
  add_tag (b, "StudyInstanceUID", rd_study_get_study_uid (study));
  /* how the finished report returns to the site's system */
  add_tag (b, "ReturnFormat", user->return_format && user->return_format[0] ? user->return_format : "HL7");
  add_tag (b, "SpeechLanguage", user->language ? user->language : "en");
  add_tag (b, "AppLanguage", user->language ? user->language : "en");
  add_tag (b, "Auth", auth);
  add_tag (b, "UserName", user->name);
  add_tag (b, "UserEmail", user->email);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "result");
  json_builder_add_string_value (b, "all");
  json_builder_set_member_name (b, "lazyLaunch");
  json_builder_add_boolean_value (b, user->lazy_launch);
  json_builder_set_member_name (b, "qrCodeSize");
  json_builder_add_string_value (b, g_strcmp0 (user->qr_code_size, "small") == 0 ? "small" : "standard");
  json_builder_set_member_name (b, "qrCodeMode");
  json_builder_add_string_value (b, g_strcmp0 (user->qr_code_mode, "dark") == 0 ? "dark" : "light");
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static JsonObject *
parse_object (const char  *vendor,
              const char  *body,
              gsize        length,
              JsonParser  *parser,
              GError     **error)
{
  if (body == NULL || !json_parser_load_from_data (parser, body, length, NULL) ||
      json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, RD_ERROR, RD_ERROR_MALFORMED_RESPONSE,
                   _("%s answered something that is not a JSON object"), vendor);
      return NULL;
    }
  return json_node_get_object (json_parser_get_root (parser));
}

static GBytes *
decode_png_data_url (const char *data_url)
{
  static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autofree guchar *png = NULL;
  gsize length = 0;

  if (data_url == NULL || !g_str_has_prefix (data_url, "data:image/png;base64,"))
    return NULL;
  png = g_base64_decode (data_url + strlen ("data:image/png;base64,"), &length);
  if (length < sizeof png_signature || memcmp (png, png_signature, sizeof png_signature) != 0)
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&png), length);
}

RdVendorLink *
rd_mdai_parse_launch (const char  *body,
                      gsize        length,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RdVendorLink) link = NULL;
  JsonObject *root = parse_object ("MD.ai", body, length, parser, error);
  JsonObject *owner;
  const char *status, *url;

  if (root == NULL)
    return NULL;
  status = json_object_get_string_member_with_default (root, "status", NULL);
  url = json_object_get_string_member_with_default (root, "reportLink", NULL);
  if (status == NULL || (!g_str_equal (status, "Final") && !g_str_equal (status, "Draft") &&
                         !g_str_equal (status, "PreLaunch")))
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_MALFORMED_RESPONSE,
                           _("MD.ai's answer has no status Final, Draft or PreLaunch"));
      return NULL;
    }
  if (!rd_vendor_url_is_acceptable (url))
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_MALFORMED_RESPONSE,
                           _("MD.ai's answer has no https reportLink"));
      return NULL;
    }
  link = g_new0 (RdVendorLink, 1);
  link->url = g_strdup (url);
  link->status = g_strdup (status);
  if (json_object_has_member (root, "owner") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "owner")) &&
      (owner = json_object_get_object_member (root, "owner")) != NULL)
    {
      link->owner_name = g_strdup (json_object_get_string_member_with_default (owner, "name", NULL));
      link->owner_email = g_strdup (json_object_get_string_member_with_default (owner, "email", NULL));
    }
  /* a QR code that is not a PNG is left out; the report still opens. The
   * document's field list says reportQrCode, its example reportQRCode. */
  link->qr_png = decode_png_data_url (json_object_get_string_member_with_default (root, "reportQrCode", NULL));
  if (link->qr_png == NULL)
    link->qr_png = decode_png_data_url (json_object_get_string_member_with_default (root, "reportQRCode", NULL));
  return g_steal_pointer (&link);
}

/* POST {api-base-url}/v1/autoScribe/studies (docs/protocol.md §3) */
JsonNode *
rd_avara_study_request (const RdProfile     *profile,
                        const RdStudy       *study,
                        const RdVendorUser  *user,
                        GError             **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const char *site = rd_study_get_site_id (study) ? rd_study_get_site_id (study) : user->default_site_id;
  /* the document shows a facility's name ("South Tampa Imaging"): the
   * setting; the site id only when there is none */
  const char *facility = user->facility_name && user->facility_name[0] ? user->facility_name : site;
  g_autoptr(JsonObject) fields = rd_profile_map_launch_keys (profile, study);

  if (rd_study_get_study_uid (study) == NULL)
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT,
                           _("the avara profile needs the study instance UID (--study-uid or study_uid=)"));
      return NULL;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "studyInstanceUid");
  json_builder_add_string_value (b, rd_study_get_study_uid (study));
  json_builder_set_member_name (b, "studyDescription");
  json_builder_add_string_value (b, meta (study, "studyDescription") ? meta (study, "studyDescription") : "");
  json_builder_set_member_name (b, "severity");
  json_builder_add_string_value (b, "normal");
  json_builder_set_member_name (b, "reportMetadata");
  json_builder_begin_object (b);
  add_tag (b, "facilityName", facility);
  add_tag (b, "mrn", rd_study_get_mrn (study));
  add_tag (b, "accessionNumber", rd_study_get_accession (study, 0));
  add_mapped (b, fields);   /* the profile's launch_keys: patientName, dateOfBirth, … */
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
has_id_form (const char *text,
             const char *prefix)
{
  gsize n = strlen (prefix);

  if (text == NULL || !g_str_has_prefix (text, prefix) || strlen (text) != n + 32)
    return FALSE;
  for (const char *p = text + n; *p; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

gboolean
rd_avara_is_user_id (const char *text)
{
  return text != NULL && g_str_has_prefix (text, "usr_") && strlen (text) > 4 && strlen (text) <= 64 &&
         strspn (text + 4, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == strlen (text + 4);
}

char *
rd_avara_parse_study_id (const char  *body,
                         gsize        length,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = parse_object ("Avara", body, length, parser, error);
  const char *id;

  if (root == NULL)
    return NULL;
  id = json_object_get_string_member_with_default (root, "studyId", NULL);
  if (!has_id_form (id, "stu_"))
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_MALFORMED_RESPONSE,
                           _("Avara's study has no studyId of the form stu_ and 32 hex digits"));
      return NULL;
    }
  return g_strdup (id);
}

/* POST {api-base-url}/v1/autoScribe/studies/reroute-url */
JsonNode *
rd_avara_reroute_request (const char *user_id,
                          const char *study_id)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "assignedToUserId");
  json_builder_add_string_value (b, user_id);
  json_builder_set_member_name (b, "studyId");
  json_builder_add_string_value (b, study_id);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

RdVendorLink *
rd_avara_parse_reroute (const char  *body,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = parse_object ("Avara", body, length, parser, error);
  const char *url;
  RdVendorLink *link;

  if (root == NULL)
    return NULL;
  url = json_object_get_string_member_with_default (root, "url", NULL);
  if (!rd_vendor_url_is_acceptable (url))
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_MALFORMED_RESPONSE,
                           _("Avara's answer has no https url to load"));
      return NULL;
    }
  link = g_new0 (RdVendorLink, 1);
  link->url = g_strdup (url);
  return link;
}

/* Worth another try: no answer (0), timeouts, conflicts, rate limits and
 * server errors. Everything else will not get better by asking again. */
gboolean
rd_vendor_should_retry (guint status)
{
  return status == 0 || status == 408 || status == 409 || status == 429 || status >= 500;
}

/* The refused field of a 422, wherever the vendor put it. */
static const char *
refused_field (JsonObject *root)
{
  JsonNode *node;

  if (json_object_has_member (root, "field"))
    return json_object_get_string_member_with_default (root, "field", NULL);
  node = json_object_get_member (root, "error");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    return refused_field (json_node_get_object (node));
  node = json_object_get_member (root, "errors");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) > 0 &&
      JSON_NODE_HOLDS_OBJECT (json_array_get_element (json_node_get_array (node), 0)))
    return refused_field (json_array_get_object_element (json_node_get_array (node), 0));
  return NULL;
}

/* The vendor's own words for a refusal, wherever it put them: a
 * "message" (or "detail", "error_description", "title", or an "error"
 * that is text) at the top, in "error", or in the first of "errors". */
static const char *
vendor_reason (JsonObject *root)
{
  static const char * const keys[] = { "message", "detail", "error_description", "title", "error", NULL };
  JsonNode *node;

  for (guint i = 0; keys[i] != NULL; i++)
    {
      node = json_object_get_member (root, keys[i]);
      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
          json_node_get_string (node)[0] != '\0')
        return json_node_get_string (node);
    }
  node = json_object_get_member (root, "error");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    return vendor_reason (json_node_get_object (node));
  node = json_object_get_member (root, "errors");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) > 0 &&
      JSON_NODE_HOLDS_OBJECT (json_array_get_element (json_node_get_array (node), 0)))
    return vendor_reason (json_array_get_object_element (json_node_get_array (node), 0));
  return NULL;
}

static char *
status_message (const char *vendor,
                guint       status,
                const char *field)
{
  switch (status)
    {
    case 0:
      return g_strdup_printf ("%s did not answer: check the network and api-base-url", vendor);
    case 401:
    case 403:
      return g_strdup_printf ("%s rejected the API key (%u): check api-key-file", vendor, status);
    case 404:
      return g_strdup_printf ("%s does not know this study (404)", vendor);
    case 422:
      return field ? g_strdup_printf ("%s refused the field “%s” (422)", vendor, field)
                   : g_strdup_printf ("%s refused the request (422)", vendor);
    case 429:
      return g_strdup_printf ("%s is rate limiting (429); try again in a minute", vendor);
    default:
      if (status >= 500)
        return g_strdup_printf ("%s has a server error (%u); ReportDock tried three times", vendor, status);
      if (status >= 300 && status < 400)
        return g_strdup_printf ("%s answered with a redirect (%u); ReportDock follows no redirect, so "
                                "that the API key goes nowhere else: set api-base-url to the final "
                                "address", vendor, status);
      return g_strdup_printf ("%s answered %u", vendor, status);
    }
}

/* What a person can act on, for an answer that is not a success: what the
 * status means, and the vendor's own reason when it gave one ("this study
 * is locked by another reader" is not a malformed accession), made safe to
 * show and bounded. */
char *
rd_vendor_error_message (const char *vendor,
                         guint       status,
                         const char *body,
                         gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *meaning = NULL;
  g_autofree char *said = NULL;
  const char *field = NULL;
  const char *reason = NULL;

  if (body != NULL && json_parser_load_from_data (parser, body, length, NULL) &&
      json_parser_get_root (parser) != NULL && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      field = refused_field (json_node_get_object (json_parser_get_root (parser)));
      reason = vendor_reason (json_node_get_object (json_parser_get_root (parser)));
    }
  if (reason == NULL || status == 0)
    return status_message (vendor, status, field);
  /* with its reason, a 422 is about the request, not (only) a field */
  meaning = status_message (vendor, status, NULL);
  said = rd_text_for_display (reason, RD_TEXT_SHOWN_MAX);
  if (status == 422 && field != NULL)
    {
      g_autofree char *shown_field = rd_text_for_display (field, 40);

      return g_strdup_printf ("%s; %s says “%s” (about “%s”)", meaning, vendor, said, shown_field);
    }
  return g_strdup_printf ("%s; %s says “%s”", meaning, vendor, said);
}
