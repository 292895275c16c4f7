/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-viewer-url"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-viewer-url.h"
#include "rd-error.h"
#include "rd-url.h"

#include <string.h>

/* The viewer templates: viewer-url-template (the pane), viewer-uri-template
 * (a URI handed to the desktop, e.g. weasis://…) and viewer-command (an
 * argv run without a shell), each with {study_uid}, {accession}, {mrn} and
 * {site}. In a URL or URI every value is percent-encoded, so that an
 * identifier can never change its structure; in a command each argument
 * is substituted after the argv is split, so a value stays inside the
 * argument it was written in. */

typedef enum {
  AS_IS,
  URI_ESCAPED,
} Escape;

static gboolean
substitute (GString        *out,
            const char     *setting,
            const char     *text,
            const RdStudy  *study,
            const char     *default_site_id,
            Escape          escape,
            GError        **error)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      const char *end;
      g_autofree char *name = NULL;
      const char *value;

      if (*p != '{')
        {
          g_string_append_c (out, *p);
          continue;
        }
      end = strchr (p, '}');
      if (end == NULL)
        {
          g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED, _("%s has a '{' without '}'"), setting);
          return FALSE;
        }
      name = g_strndup (p + 1, end - p - 1);
      if (g_str_equal (name, "study_uid"))
        value = rd_study_get_study_uid (study);
      else if (g_str_equal (name, "accession"))
        value = rd_study_get_accession (study, 0);
      else if (g_str_equal (name, "mrn"))
        value = rd_study_get_mrn (study);
      else if (g_str_equal (name, "site"))
        value = rd_study_get_site_id (study) ? rd_study_get_site_id (study) : default_site_id;
      else
        {
          g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                       _("%s has an unknown placeholder {%s}; use {study_uid}, {accession}, {mrn} or {site}"),
                       setting, name);
          return FALSE;
        }
      if (value == NULL || value[0] == '\0')
        {
          /* said in a radiologist's words; the placeholder for the admin */
          const char *what = g_str_equal (name, "study_uid") ? _("Study Instance UID")
                           : g_str_equal (name, "accession") ? _("accession number")
                           : g_str_equal (name, "mrn") ? _("MRN") : _("site");

          g_set_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT,
                       _("the worklist gave no %s for this study, and the viewer needs it ({%s})"), what, name);
          return FALSE;
        }
      if (escape == URI_ESCAPED)
        g_string_append_uri_escaped (out, value, NULL, FALSE);
      else
        g_string_append (out, value);
      p = end;
    }
  return TRUE;
}

/* The pane's address. Returns NULL without error for an empty template (no viewer). */
char *
rd_viewer_url_expand (const char     *url_template,
                      const RdStudy  *study,
                      const char     *default_site_id,
                      GError        **error)
{
  g_autoptr(GString) out = NULL;
  g_autofree char *origin = NULL;

  if (url_template == NULL || url_template[0] == '\0')
    return NULL;
  out = g_string_new (NULL);
  if (!substitute (out, "viewer-url-template", url_template, study, default_site_id, URI_ESCAPED, error))
    return NULL;
  origin = rd_url_get_origin (out->str, error);
  if (origin == NULL)
    {
      g_prefix_error (error, "viewer-url-template: ");
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A URI for a native viewer (weasis://…): any scheme a viewer registers,
 * but none that runs or reads something by itself, and a web address only
 * over https (or on this computer). NULL without error for an empty template. */
char *
rd_viewer_uri_expand (const char     *uri_template,
                      const RdStudy  *study,
                      const char     *default_site_id,
                      GError        **error)
{
  static const char * const refused[] = { "javascript", "data", "file", "vbscript", "about", "blob", NULL };
  g_autoptr(GString) out = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *lower = NULL;

  if (uri_template == NULL || uri_template[0] == '\0')
    return NULL;
  out = g_string_new (NULL);
  if (!substitute (out, "viewer-uri-template", uri_template, study, default_site_id, URI_ESCAPED, error))
    return NULL;
  scheme = g_uri_parse_scheme (out->str);
  lower = scheme ? g_ascii_strdown (scheme, -1) : NULL;
  if (lower == NULL || g_strv_contains (refused, lower))
    {
      g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                   _("viewer-uri-template must start with a viewer's scheme, e.g. weasis://"));
      return NULL;
    }
  if ((g_str_equal (lower, "http") || g_str_equal (lower, "https")) &&
      !rd_url_check_secure ("viewer-uri-template", out->str, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* viewer-command: the argv as the setting lists it, each argument's
 * placeholders filled in. A value may hold a space and stays one
 * argument; a whole argument must not start with '-' (a value cannot
 * become an option). NULL without error for an empty template. */
GStrv
rd_viewer_command_expand (const char * const *argv_template,
                          const RdStudy      *study,
                          const char         *default_site_id,
                          GError            **error)
{
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();

  if (argv_template == NULL || argv_template[0] == NULL || argv_template[0][0] == '\0')
    return NULL;
  if (strchr (argv_template[0], '{') != NULL)
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                           _("viewer-command must start with the program, not a placeholder"));
      return NULL;
    }
  for (guint i = 0; argv_template[i] != NULL; i++)
    {
      g_autoptr(GString) arg = g_string_new (NULL);

      if (!substitute (arg, "viewer-command", argv_template[i], study, default_site_id, AS_IS, error))
        return NULL;
      if (i > 0 && arg->str[0] == '-' && argv_template[i][0] == '{')
        {
          g_set_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT,
                       _("a study identifier that starts with '-' cannot be given to viewer-command "
                         "as an argument of its own (write it as --option={…})"));
          return NULL;
        }
      g_strv_builder_add (argv, arg->str);
    }
  return g_strv_builder_end (argv);
}
