/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-viewer-url"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-viewer-url.h"
#include "rd-error.h"
#include "rd-url.h"

#include <string.h>

/* viewer-url-template with {study_uid}, {accession}, {mrn} and {site}; every
 * value is percent-encoded so that an identifier can never change the URL's
 * structure. Returns NULL without error for an empty template (no viewer). */
char *
rd_viewer_url_expand (const char     *url_template,
                      const RdStudy  *study,
                      const char     *default_site_id,
                      GError        **error)
{
  g_autoptr(GString) out = NULL;
  g_autofree char *origin = NULL;
  const char *p;

  if (url_template == NULL || url_template[0] == '\0')
    return NULL;

  out = g_string_new (NULL);
  for (p = url_template; *p != '\0'; p++)
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
          g_set_error_literal (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                               _("viewer-url-template has a '{' without '}'"));
          return NULL;
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
                       _("viewer-url-template has an unknown placeholder {%s}; "
                       "use {study_uid}, {accession}, {mrn} or {site}"), name);
          return NULL;
        }
      if (value == NULL || value[0] == '\0')
        {
          g_set_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT,
                       _("the viewer needs {%s}, which this study does not have"), name);
          return NULL;
        }
      g_string_append_uri_escaped (out, value, NULL, FALSE);
      p = end;
    }

  origin = rd_url_get_origin (out->str, error);
  if (origin == NULL)
    {
      g_prefix_error (error, "viewer-url-template: ");
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
