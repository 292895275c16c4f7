/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-token"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-token.h"
#include "rd-error.h"

#include <string.h>

#define MAX_TOKEN_LENGTH 16384

void
rd_token_free (RdToken *token)
{
  if (token == NULL)
    return;
  if (token->value != NULL)
    {
      memset (token->value, 0, strlen (token->value));
      g_free (token->value);
    }
  g_free (token);
}

char *
rd_token_request_body (const RdProfile  *profile,
                       const char       *user_email,
                       const char       *first_name,
                       const char       *last_name,
                       GError          **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  if (user_email == NULL || strchr (user_email, '@') == NULL)
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                           _("user-email is not set to an e-mail address; the reporting app "
                           "signs you in by it (gsettings set io.github.reportdock.ReportDock "
                           "user-email you@hospital.org)"));
      return NULL;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, rd_profile_get_user_field (profile, "email"));
  json_builder_add_string_value (builder, user_email);
  if (first_name != NULL && first_name[0] != '\0')
    {
      json_builder_set_member_name (builder, rd_profile_get_user_field (profile, "first_name"));
      json_builder_add_string_value (builder, first_name);
    }
  if (last_name != NULL && last_name[0] != '\0')
    {
      json_builder_set_member_name (builder, rd_profile_get_user_field (profile, "last_name"));
      json_builder_add_string_value (builder, last_name);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
malformed (GError     **error,
           const char  *what)
{
  g_set_error (error, RD_ERROR, RD_ERROR_MALFORMED_RESPONSE,
               _("the vendor's token response %s; check token-url"), what);
  return FALSE;
}

static gboolean
read_expiry (JsonObject  *object,
             gint64       now,
             gint64       default_lifetime_s,
             gint64      *expires_at,
             GError     **error)
{
  JsonNode *node;

  if ((node = json_object_get_member (object, "expires_in")) != NULL &&
      !JSON_NODE_HOLDS_NULL (node))
    {
      GType type = json_node_get_value_type (node);
      double seconds;

      if (type == G_TYPE_INT64)
        seconds = json_node_get_int (node);
      else if (type == G_TYPE_DOUBLE)
        seconds = json_node_get_double (node);
      else
        return malformed (error, "has an expires_in that is not a number");
      if (seconds <= 0 || seconds > 365.0 * 24 * 3600)
        return malformed (error, "has an expires_in out of range");
      *expires_at = now + (gint64) (seconds * G_USEC_PER_SEC);
      return TRUE;
    }

  if ((node = json_object_get_member (object, "expires_at")) != NULL &&
      !JSON_NODE_HOLDS_NULL (node))
    {
      g_autoptr(GDateTime) when = NULL;

      if (json_node_get_value_type (node) == G_TYPE_STRING)
        when = g_date_time_new_from_iso8601 (json_node_get_string (node), NULL);
      if (when == NULL)
        return malformed (error, "has an expires_at that is not an RFC 3339 time");
      *expires_at = g_date_time_to_unix (when) * G_USEC_PER_SEC + g_date_time_get_microsecond (when);
      return TRUE;
    }

  *expires_at = now + default_lifetime_s * G_USEC_PER_SEC;
  return TRUE;
}

RdToken *
rd_token_parse (const RdProfile  *profile,
                const char       *body,
                gsize             length,
                gint64            now,
                GError          **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(RdToken) token = g_new0 (RdToken, 1);
  const char * const *fields = rd_profile_get_token_response_fields (profile);
  JsonNode *root;
  JsonObject *object;

  if (body == NULL || !json_parser_load_from_data (parser, body, length, NULL))
    {
      malformed (error, "is not JSON");
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      malformed (error, "is not a JSON object");
      return NULL;
    }
  object = json_node_get_object (root);

  for (guint i = 0; fields[i] != NULL && token->value == NULL; i++)
    {
      JsonNode *node = json_object_get_member (object, fields[i]);
      const char *value;

      if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
        continue;
      value = json_node_get_string (node);
      if (value[0] == '\0' || strlen (value) > MAX_TOKEN_LENGTH)
        continue;
      for (const char *p = value; *p; p++)
        if ((guchar) *p < 0x21 || (guchar) *p > 0x7e)
          {
            malformed (error, "holds a token with characters a token cannot have");
            return NULL;
          }
      token->value = g_strdup (value);
    }
  if (token->value == NULL)
    {
      g_autofree char *names = g_strjoinv (" or ", (char **) fields);
      g_autofree char *what = g_strdup_printf ("has no %s", names);

      malformed (error, what);
      return NULL;
    }

  if (!read_expiry (object, now, rd_profile_get_default_token_lifetime (profile),
                    &token->expires_at, error))
    return NULL;
  if (token->expires_at <= now)
    {
      malformed (error, "holds a token that has already expired");
      return NULL;
    }
  return g_steal_pointer (&token);
}

/* Refresh ahead of expiry: a tenth of the lifetime early, at most 5 minutes
 * early, so that the token is never sent in its last seconds. */
gint64
rd_token_refresh_at (const RdToken *token,
                     gint64         now)
{
  gint64 lifetime = token->expires_at - now;
  gint64 margin = MIN (lifetime / 10, 300 * G_USEC_PER_SEC);

  return token->expires_at - margin;
}
