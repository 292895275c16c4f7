/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-viewer-profile"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "rd-error.h"
#include "rd-profile.h"
#include "rd-viewer-profile.h"

#define RESOURCE_DIR "/io/github/reportdock/ReportDock/viewers/"
#define UID_PLACEHOLDER "{study_uid}"

struct _RdViewerProfile
{
  gatomicrefcount  ref_count;
  char            *name;
  gboolean         in_page;
  char            *shown_event;     /* DOM event of a new image on screen, or NULL: the first paint */
  char            *shown_detail;    /* its detail member that holds the image's study UID */
  char            *shown_then;      /* DOM event once that image is drawn, or NULL */
  char            *missing_path;    /* path (ends with) of the request listing the study's series, or NULL */
};

RdViewerProfile *
rd_viewer_profile_ref (RdViewerProfile *profile)
{
  g_atomic_ref_count_inc (&profile->ref_count);
  return profile;
}

void
rd_viewer_profile_unref (RdViewerProfile *profile)
{
  if (!g_atomic_ref_count_dec (&profile->ref_count))
    return;
  g_free (profile->name);
  g_free (profile->shown_event);
  g_free (profile->shown_detail);
  g_free (profile->shown_then);
  g_free (profile->missing_path);
  g_free (profile);
}

static gboolean
fail (GError    **error,
      const char *message)
{
  g_set_error_literal (error, RD_ERROR, RD_ERROR_INVALID_PROFILE, message);
  return FALSE;
}

/* An optional string member; FALSE (error set) when present but not a string. */
static gboolean
optional_string (JsonObject  *object,
                 const char  *member,
                 char       **out,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      json_node_get_string (node)[0] == '\0')
    {
      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE,
                   _("viewer profile: \"%s\" must be a non-empty string"), member);
      return FALSE;
    }
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

#define SHOWN_NEEDS _("viewer profile: \"shown\" must be an object with \"event\" (the page's event " \
                      "for a new image) and \"detail\" (the member of its detail that holds the study UID)")

static gboolean
parse_shown (RdViewerProfile *self,
             JsonNode        *node,
             GError         **error)
{
  JsonObject *shown;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, SHOWN_NEEDS);
  shown = json_node_get_object (node);
  if (!optional_string (shown, "event", &self->shown_event, error) ||
      !optional_string (shown, "detail", &self->shown_detail, error) ||
      !optional_string (shown, "then", &self->shown_then, error))
    return FALSE;
  /* the cue must say which study it saw */
  if (self->shown_event == NULL || self->shown_detail == NULL)
    return fail (error, SHOWN_NEEDS);
  return TRUE;
}

RdViewerProfile *
rd_viewer_profile_new_from_data (const char  *data,
                                 gssize       length,
                                 GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RdViewerProfile) self = g_new0 (RdViewerProfile, 1);
  JsonObject *root;
  g_autofree char *change = NULL;

  g_autoptr(GError) parse_error = NULL;

  g_atomic_ref_count_init (&self->ref_count);
  if (!json_parser_load_from_data (parser, data, length, &parse_error) || json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE, _("viewer profile is not JSON: %s"),
                   parse_error != NULL ? parse_error->message : "(empty)");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      fail (error, _("viewer profile: not a JSON object"));
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  if (!optional_string (root, "name", &self->name, error) ||
      !optional_string (root, "switch", &change, error) ||
      !optional_string (root, "missing_path", &self->missing_path, error) ||
      !parse_shown (self, json_object_get_member (root, "shown"), error))
    return NULL;
  if (self->name == NULL)
    {
      fail (error, _("viewer profile: \"name\" is missing"));
      return NULL;
    }
  if (change == NULL || g_str_equal (change, "reload"))
    self->in_page = FALSE;
  else if (g_str_equal (change, "in-page"))
    self->in_page = TRUE;
  else
    {
      fail (error, _("viewer profile: \"switch\" must be \"reload\" or \"in-page\""));
      return NULL;
    }
  /* a study changed inside the page has no first paint to wait for */
  if (self->in_page && self->shown_event == NULL)
    {
      fail (error, _("viewer profile: an \"in-page\" viewer needs \"shown\": how it tells a study is drawn"));
      return NULL;
    }
  if (self->missing_path != NULL && strstr (self->missing_path, UID_PLACEHOLDER) == NULL)
    {
      fail (error, _("viewer profile: \"missing_path\" must hold {study_uid}"));
      return NULL;
    }
  return g_steal_pointer (&self);
}

/* A site's own copy in one of search_dirs wins over the built-in one. */
RdViewerProfile *
rd_viewer_profile_load (const char          *name,
                        const char * const  *search_dirs,
                        GError             **error)
{
  g_autoptr(GError) read_error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  RdViewerProfile *profile;

  if (!rd_profile_name_is_valid (name))
    {
      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE,
                   _("viewer profile name \"%s\" is not valid; use generic or ohif"), name ? name : "");
      return NULL;
    }
  bytes = rd_profile_find_data (RESOURCE_DIR, name, search_dirs, &path, &read_error);
  if (read_error != NULL)
    {
      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE,
                   _("cannot read viewer profile %s: %s"), path, read_error->message);
      return NULL;
    }
  if (bytes == NULL)
    {
      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE,
                   _("there is no viewer profile \"%s\"; set viewer-profile to generic or ohif"), name);
      return NULL;
    }
  profile = rd_viewer_profile_new_from_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
  if (profile == NULL && path != NULL)
    g_prefix_error (error, "%s: ", path);
  else if (profile == NULL)
    g_prefix_error (error, "built-in %s.json: ", name);
  return profile;
}

const char *
rd_viewer_profile_get_name (const RdViewerProfile *profile)
{
  return profile->name;
}

gboolean
rd_viewer_profile_switches_in_page (const RdViewerProfile *profile)
{
  return profile->in_page;
}

/* "member": value, or null */
static void
add_member (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

gboolean
rd_viewer_profile_has_shown_cue (const RdViewerProfile *profile)
{
  return profile->shown_event != NULL;
}

char *
rd_viewer_profile_shown_cue_json (const RdViewerProfile *profile)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  if (profile->shown_event == NULL && profile->missing_path == NULL)
    return NULL;
  json_builder_begin_object (builder);
  add_member (builder, "event", profile->shown_event);
  add_member (builder, "detail", profile->shown_detail);
  add_member (builder, "then", profile->shown_then);
  add_member (builder, "missing", profile->missing_path);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* The path of uri, without query or fragment, or NULL. */
static char *
path_of (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED, NULL);

  return parsed != NULL ? g_strdup (g_uri_get_path (parsed)) : NULL;
}

gboolean
rd_viewer_profile_is_study_listing (const RdViewerProfile *profile,
                                    const char            *study_uid,
                                    const char            *uri)
{
  g_autofree char *path = NULL;
  g_autoptr(GString) wanted = NULL;

  if (profile->missing_path == NULL || study_uid == NULL || study_uid[0] == '\0' || uri == NULL)
    return FALSE;
  path = path_of (uri);
  if (path == NULL)
    return FALSE;
  wanted = g_string_new (profile->missing_path);
  g_string_replace (wanted, UID_PLACEHOLDER, study_uid, 0);
  return g_str_has_suffix (path, wanted->str);
}

RdViewerAnswer
rd_viewer_profile_judge_listing (const RdViewerProfile *profile,
                                 const char            *study_uid,
                                 const char            *uri,
                                 guint                  status,
                                 gint64                 body_size)
{
  if (!rd_viewer_profile_is_study_listing (profile, study_uid, uri))
    return RD_VIEWER_ANSWER_NONE;
  /* QIDO-RS: no match is 204 No Content or an empty array; 404 from
   * archives that treat the study's path as a resource */
  if (status == 204 || status == 404)
    return RD_VIEWER_ANSWER_MISSING;
  if (status >= 400)
    return RD_VIEWER_ANSWER_FAILED;
  /* a series in DICOM JSON names at least its UID: far more than "[ ]" */
  if ((status == 0 || status == 200) && body_size >= 0 && body_size <= 4)
    return RD_VIEWER_ANSWER_MISSING;
  return RD_VIEWER_ANSWER_NONE;
}
