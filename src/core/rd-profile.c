/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-profile"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-profile.h"
#include "rd-settings-keys.h"
#include "rd-error.h"

#include <gio/gio.h>
#include <string.h>

#define RESOURCE_DIR "/io/github/reportdock/ReportDock/profiles/"

struct _RdProfile
{
  gatomicrefcount  ref_count;
  char            *name;
  char            *title;
  char            *kind;
  char            *messages[RD_PROFILE_N_MESSAGES];
  char            *token_field;
  char            *api_key_header;
  GStrv            token_response_fields;
  char            *user_email_field;
  char            *user_first_name_field;
  char            *user_last_name_field;
  gint64           default_token_lifetime_s;
  guint            sign_in_timeout_ms;
  guint            open_timeout_ms;
  gboolean         reauthenticate;
  GStrv            commands;
  GArray          *launch_keys;    /* RdLaunchKey: what the vendor takes, under its names */
};

G_DEFINE_BOXED_TYPE (RdProfile, rd_profile, rd_profile_ref, rd_profile_unref)

/* JSON member names of "messages", in RdProfileMessage order. */
static const char * const message_keys[RD_PROFILE_N_MESSAGES] = {
  "app_ready", "authenticate", "sign_in_successful", "sign_in_failed",
  "open_report", "close_report", "command", "recording_state",
};

RdProfile *
rd_profile_ref (RdProfile *profile)
{
  g_atomic_ref_count_inc (&profile->ref_count);
  return profile;
}

void
rd_profile_unref (RdProfile *profile)
{
  if (!g_atomic_ref_count_dec (&profile->ref_count))
    return;
  g_free (profile->name);
  g_free (profile->title);
  g_free (profile->kind);
  for (guint i = 0; i < RD_PROFILE_N_MESSAGES; i++)
    g_free (profile->messages[i]);
  g_free (profile->token_field);
  g_free (profile->api_key_header);
  g_strfreev (profile->token_response_fields);
  g_free (profile->user_email_field);
  g_free (profile->user_first_name_field);
  g_free (profile->user_last_name_field);
  g_strfreev (profile->commands);
  if (profile->launch_keys != NULL)
    {
      for (guint i = 0; i < profile->launch_keys->len; i++)
        {
          RdLaunchKey *k = &g_array_index (profile->launch_keys, RdLaunchKey, i);

          g_free (k->key);
          g_free (k->name);
          g_free (k->format);
        }
      g_array_unref (profile->launch_keys);
    }
  g_free (profile);
}

static JsonObject *
get_object (JsonObject  *parent,
            const char  *path,
            const char  *name,
            GError     **error)
{
  JsonNode *node = json_object_get_member (parent, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE,
                   _("profile: \"%s%s\" must be an object"), path, name);
      return NULL;
    }
  return json_node_get_object (node);
}

static char *
get_string (JsonObject  *parent,
            const char  *path,
            const char  *name,
            GError     **error)
{
  JsonNode *node = json_object_get_member (parent, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING ||
      json_node_get_string (node)[0] == '\0')
    {
      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE,
                   _("profile: \"%s%s\" must be a non-empty string"), path, name);
      return NULL;
    }
  return g_strdup (json_node_get_string (node));
}

static gboolean
get_uint (JsonObject  *parent,
          const char  *name,
          guint        max,
          gint64      *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (parent, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) <= 0 || json_node_get_int (node) > max)
    {
      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE,
                   _("profile: \"%s\" must be a whole number from 1 to %u"), name, max);
      return FALSE;
    }
  *out = json_node_get_int (node);
  return TRUE;
}

static GStrv
get_strv (JsonObject  *parent,
          const char  *name,
          GError     **error)
{
  JsonNode *node = json_object_get_member (parent, name);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (array = json_node_get_array (node)) == 0)
    {
      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE,
                   _("profile: \"%s\" must be a non-empty array of strings"), name);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (json_node_get_value_type (item) != G_TYPE_STRING || json_node_get_string (item)[0] == '\0')
        {
          g_set_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE,
                       _("profile: \"%s\" item %u must be a non-empty string"), name, i + 1);
          return NULL;
        }
      g_strv_builder_add (builder, json_node_get_string (item));
    }
  return g_strv_builder_end (builder);
}

/* The documented metadata keys of docs/protocol.md §1.3, under their own names:
 * what an iframe profile without "launch_keys" forwards. */
static const char * const default_iframe_keys[] = {
  "studyDescription", "clinical_notes", "laterality", "views", "comparison",
  "symptom", "modality", "contrast", "patient_age", "patient_gender",
  "pre_findings", "findings", NULL,
};

static void
add_launch_key (GArray     *keys,
                const char *key,
                const char *name,
                const char *format)
{
  RdLaunchKey k = { g_strdup (key), g_strdup (name), format && format[0] ? g_strdup (format) : NULL };

  g_array_append_val (keys, k);
}

/* "launch_keys": {"<launch key>": "<vendor name>" | {"name": …, "format":
 * "MMDDYYYY"|"YYYY-MM-DD"}}, in the order given; several launch keys may
 * fill one vendor name (the first given wins). Required for the link
 * vendors, whose names are all their own. */
static gboolean
parse_launch_keys (RdProfile   *self,
                   JsonObject  *root,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (root, "launch_keys");
  g_autoptr(GList) members = NULL;

  self->launch_keys = g_array_new (FALSE, TRUE, sizeof (RdLaunchKey));
  if (node == NULL)
    {
      if (!g_str_equal (self->kind, "iframe"))
        {
          g_set_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE,
                       _("profile: a %s profile needs \"launch_keys\": which launch keys it forwards, "
                       "under which names"), self->kind);
          return FALSE;
        }
      for (guint i = 0; default_iframe_keys[i] != NULL; i++)
        add_launch_key (self->launch_keys, default_iframe_keys[i], default_iframe_keys[i], NULL);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_INVALID_PROFILE,
                           _("profile: \"launch_keys\" must be an object of launch key → vendor name"));
      return FALSE;
    }
  members = json_object_get_members (json_node_get_object (node));
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (json_node_get_object (node), l->data);
      const char *name = NULL, *format = NULL;

      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        name = json_node_get_string (value);
      else if (JSON_NODE_HOLDS_OBJECT (value))
        {
          name = json_object_get_string_member_with_default (json_node_get_object (value), "name", NULL);
          format = json_object_get_string_member_with_default (json_node_get_object (value), "format", NULL);
        }
      if (!rd_study_is_meta_key (l->data) || name == NULL || name[0] == '\0' ||
          (format != NULL && !g_str_equal (format, "MMDDYYYY") && !g_str_equal (format, "YYYY-MM-DD")))
        {
          g_set_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE,
                       _("profile: launch_keys \"%s\" must be a launch key with a vendor name (and a "
                       "format MMDDYYYY or YYYY-MM-DD, if any)"), (const char *) l->data);
          return FALSE;
        }
      add_launch_key (self->launch_keys, l->data, name, format);
    }
  return TRUE;
}

RdProfile *
rd_profile_new_from_data (const char  *data,
                          gssize       length,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(RdProfile) self = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *root, *messages, *token;
  JsonNode *node;
  gint64 value;

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE,
                   _("profile is not valid JSON: %s"), local_error->message);
      return NULL;
    }
  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_INVALID_PROFILE,
                           _("profile must be a JSON object"));
      return NULL;
    }
  root = json_node_get_object (node);

  self = g_new0 (RdProfile, 1);
  g_atomic_ref_count_init (&self->ref_count);

  if (!(self->name = get_string (root, "", "name", error)) ||
      !(self->title = get_string (root, "", "title", error)) ||
      !(self->kind = get_string (root, "", "kind", error)))
    return NULL;

  /* iframe: the postMessage handshake of docs/protocol.md §1; launch-link (MD.ai)
   * and reroute-url (Avara) load a per-study URL from the vendor's REST API
   * (§2, §3) and plug in as their own report controller. */
  if (!g_str_equal (self->kind, "iframe") && !g_str_equal (self->kind, "launch-link") &&
      !g_str_equal (self->kind, "reroute-url"))
    {
      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE,
                   _("profile: \"kind\" must be iframe, launch-link or reroute-url, not \"%s\""),
                   self->kind);
      return NULL;
    }

  if (!parse_launch_keys (self, root, error))
    return NULL;

  /* the rest is the postMessage protocol: only iframe vendors speak it */
  if (!g_str_equal (self->kind, "iframe"))
    return g_steal_pointer (&self);
  if (!(messages = get_object (root, "", "messages", error)) ||
      !(token = get_object (root, "", "token", error)))
    return NULL;
  for (guint i = 0; i < RD_PROFILE_N_MESSAGES; i++)
    if (!(self->messages[i] = get_string (messages, "messages.", message_keys[i], error)))
      return NULL;

  if (!(self->token_field = get_string (root, "", "authenticate_token_field", error)) ||
      !(self->api_key_header = get_string (token, "token.", "api_key_header", error)) ||
      !(self->user_email_field = get_string (token, "token.", "user_email_field", error)) ||
      !(self->user_first_name_field = get_string (token, "token.", "user_first_name_field", error)) ||
      !(self->user_last_name_field = get_string (token, "token.", "user_last_name_field", error)) ||
      !(self->token_response_fields = get_strv (token, "response_token_fields", error)) ||
      !(self->commands = get_strv (root, "commands", error)))
    return NULL;

  if (!get_uint (token, "default_lifetime_s", 7 * 24 * 3600, &value, error))
    return NULL;
  self->default_token_lifetime_s = value;
  if (!get_uint (root, "sign_in_timeout_ms", 600000, &value, error))
    return NULL;
  self->sign_in_timeout_ms = value;
  /* how long the app may take to show a study asked for (optional) */
  value = RD_PROFILE_DEFAULT_OPEN_TIMEOUT_MS;
  if (json_object_has_member (root, "open_timeout_ms") &&
      !get_uint (root, "open_timeout_ms", 600000, &value, error))
    return NULL;
  self->open_timeout_ms = value;
  /* the app takes a fresh token while signed in (optional, default no) */
  if (json_object_has_member (root, "reauthenticate"))
    {
      JsonNode *flag = json_object_get_member (root, "reauthenticate");

      if (json_node_get_value_type (flag) != G_TYPE_BOOLEAN)
        {
          g_set_error_literal (error, RD_ERROR, RD_ERROR_INVALID_PROFILE,
                               _("profile: \"reauthenticate\" must be true or false"));
          return NULL;
        }
      self->reauthenticate = json_node_get_boolean (flag);
    }

  return g_steal_pointer (&self);
}

/* Profile names: lower-case letters, digits and '-', at most 32. */
gboolean
rd_profile_name_is_valid (const char *name)
{
  if (name == NULL || name[0] == '\0' || strlen (name) > 32)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

/* The data of profile NAME (a valid name): a site's own NAME.json in one
 * of search_dirs wins over the built-in one under resource_dir. *path is
 * the site's file, or NULL for the built-in one. NULL without an error:
 * there is none; NULL with one: a site's file could not be read. */
GBytes *
rd_profile_find_data (const char          *resource_dir,
                      const char          *name,
                      const char * const  *search_dirs,
                      char               **path,
                      GError             **error)
{
  g_autofree char *file_name = g_strconcat (name, ".json", NULL);
  g_autofree char *resource = NULL;

  *path = NULL;
  for (guint i = 0; search_dirs != NULL && search_dirs[i] != NULL; i++)
    {
      g_autofree char *candidate = g_build_filename (search_dirs[i], file_name, NULL);
      g_autofree char *contents = NULL;
      gsize length;
      g_autoptr(GError) local_error = NULL;

      if (g_file_get_contents (candidate, &contents, &length, &local_error))
        {
          *path = g_steal_pointer (&candidate);
          return g_bytes_new_take (g_steal_pointer (&contents), length);
        }
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          *path = g_steal_pointer (&candidate);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  resource = g_strconcat (resource_dir, file_name, NULL);
  return g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
}

/* A site's own copy in one of search_dirs wins over the built-in one. */
RdProfile *
rd_profile_load (const char          *name,
                 const char * const  *search_dirs,
                 GError             **error)
{
  g_autoptr(GError) read_error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  RdProfile *profile;

  if (!rd_profile_name_is_valid (name))
    {
      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE,
                   _("profile name \"%s\" is not valid; use demo, radpair, mdai or avara"),
                   name ? name : "");
      return NULL;
    }
  bytes = rd_profile_find_data (RESOURCE_DIR, name, search_dirs, &path, &read_error);
  if (read_error != NULL)
    {
      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE,
                   _("cannot read profile %s: %s"), path, read_error->message);
      return NULL;
    }
  if (bytes == NULL)
    {
      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE,
                   _("there is no vendor profile \"%s\"; set profile to demo, radpair, mdai or avara"),
                   name);
      return NULL;
    }
  profile = rd_profile_new_from_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
  if (profile == NULL && path != NULL)
    g_prefix_error (error, "%s: ", path);
  else if (profile == NULL)
    g_prefix_error (error, "built-in %s.json: ", name);
  return profile;
}

const char *
rd_profile_get_name (const RdProfile *profile)
{
  return profile->name;
}

const char *
rd_profile_get_title (const RdProfile *profile)
{
  return profile->title;
}

const char *
rd_profile_get_kind (const RdProfile *profile)
{
  return profile->kind;
}

const char *
rd_profile_get_message (const RdProfile  *profile,
                        RdProfileMessage  message)
{
  g_return_val_if_fail (message < RD_PROFILE_N_MESSAGES, NULL);
  return profile->messages[message];
}

const char *
rd_profile_get_token_field (const RdProfile *profile)
{
  return profile->token_field;
}

const char *
rd_profile_get_api_key_header (const RdProfile *profile)
{
  return profile->api_key_header;
}

const char * const *
rd_profile_get_token_response_fields (const RdProfile *profile)
{
  return (const char * const *) profile->token_response_fields;
}

const char *
rd_profile_get_user_field (const RdProfile *profile,
                           const char      *which)
{
  if (g_str_equal (which, "email"))
    return profile->user_email_field;
  if (g_str_equal (which, "first_name"))
    return profile->user_first_name_field;
  if (g_str_equal (which, "last_name"))
    return profile->user_last_name_field;
  g_return_val_if_reached (NULL);
}

gint64
rd_profile_get_default_token_lifetime (const RdProfile *profile)
{
  return profile->default_token_lifetime_s;
}

const char * const *
rd_profile_get_required_settings (const RdProfile *profile)
{
  static const char * const iframe[] = { RD_KEY_VENDOR_URL, RD_KEY_TOKEN_URL, RD_KEY_USER_EMAIL, NULL };
  static const char * const reroute[] = { RD_KEY_API_BASE_URL, RD_KEY_VENDOR_USER_ID, NULL };
  static const char * const link[] = { RD_KEY_API_BASE_URL, NULL };

  if (g_str_equal (profile->kind, "iframe"))
    return iframe;
  /* Avara's reroute URL is asked for one user, by its id */
  if (g_str_equal (profile->kind, "reroute-url"))
    return reroute;
  return link;
}

/* The study's launch keys this vendor takes, under its names, formatted as
 * it wants them; a new object. A key it does not take is not in it. */
JsonObject *
rd_profile_map_launch_keys (const RdProfile *profile,
                            const RdStudy   *study)
{
  JsonObject *mapped = json_object_new ();

  for (guint i = 0; profile->launch_keys != NULL && i < profile->launch_keys->len; i++)
    {
      const RdLaunchKey *k = &g_array_index (profile->launch_keys, RdLaunchKey, i);
      const char *value = rd_study_get_meta (study, k->key);
      g_autofree char *formatted = NULL;

      if (value == NULL || json_object_has_member (mapped, k->name))
        continue;
      if (g_strcmp0 (k->format, "MMDDYYYY") == 0 && strlen (value) == 8)
        value = formatted = g_strdup_printf ("%.2s%.2s%.4s", value + 4, value + 6, value);
      else if (g_strcmp0 (k->format, "YYYY-MM-DD") == 0)
        value = formatted = rd_study_format_date (value);
      json_object_set_string_member (mapped, k->name, value);
    }
  return mapped;
}

gboolean
rd_profile_get_reauthenticate (const RdProfile *profile)
{
  return profile->reauthenticate;
}

guint
rd_profile_get_open_timeout_ms (const RdProfile *profile)
{
  return profile->open_timeout_ms ? profile->open_timeout_ms : RD_PROFILE_DEFAULT_OPEN_TIMEOUT_MS;
}

guint
rd_profile_get_sign_in_timeout_ms (const RdProfile *profile)
{
  return profile->sign_in_timeout_ms;
}

gboolean
rd_profile_has_command (const RdProfile *profile,
                        const char      *command)
{
  return command != NULL && g_strv_contains ((const char * const *) profile->commands, command);
}

const char * const *
rd_profile_get_commands (const RdProfile *profile)
{
  return (const char * const *) profile->commands;
}
