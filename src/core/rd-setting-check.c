/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-settings"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rd-error.h"
#include "rd-setting-check.h"
#include "rd-study.h"
#include "rd-url.h"
#include "rd-vendor-link.h"
#include "rd-viewer-url.h"

/* What a text setting may hold, decided before it is saved: the assistant
 * and Preferences write a value only when it passes, and a start reads
 * nothing that did not. An empty value passes here; whether a profile
 * needs it is rd_profile_get_required_settings(). */

static const char * const url_keys[] = { "vendor-url", "token-url", "api-base-url", "events-url", NULL };
static const char * const secret_file_keys[] = { "api-key-file", "events-secret-file", "relay-secret-file",
                                                 "launch-secret-file", NULL };

gboolean
rd_setting_is_secret_file (const char *key)
{
  return g_strv_contains (secret_file_keys, key);
}

static gboolean
check_email (const char  *value,
             GError     **error)
{
  const char *at = strchr (value, '@');

  if (at == NULL || at == value || strchr (at + 1, '@') != NULL || strchr (at + 1, '.') == NULL ||
      g_str_has_suffix (value, ".") || strpbrk (value, " \t<>,;\"") != NULL)
    {
      g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                   _("\"%s\" is not an e-mail address (name@hospital.example)"), value);
      return FALSE;
    }
  return TRUE;
}

/* an HTTP header name: RFC 9110 token characters */
static gboolean
check_header_name (const char  *value,
                   GError     **error)
{
  for (const char *p = value; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-.^_`|~", *p) == NULL)
      {
        g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                     _("\"%s\" is not an HTTP header name (letters, digits and - only, e.g. X-API-Key)"), value);
        return FALSE;
      }
  return TRUE;
}

/* A viewer template is tried on a study that has every identifier: its
 * placeholders must be known, and the address it makes https:// (or this
 * computer), as every URL setting. */
static gboolean
check_viewer_template (const char  *value,
                       GError     **error)
{
  g_autoptr(RdStudy) sample = rd_study_new ();
  g_autofree char *url = NULL;

  rd_study_set_mrn (sample, "MRN", NULL);
  rd_study_add_accession (sample, "ACC", NULL);
  rd_study_set_study_uid (sample, "1.2.3", NULL);
  rd_study_set_site_id (sample, "SITE", NULL);
  url = rd_viewer_url_expand (value, sample, "SITE", error);
  return url != NULL && rd_url_check_secure ("viewer-url-template", url, error);
}

gboolean
rd_setting_check (const char  *key,
                  const char  *value,
                  GError     **error)
{
  if (value == NULL || value[0] == '\0')
    return TRUE;
  if (g_strv_contains (url_keys, key))
    return rd_url_check_secure (key, value, error);
  if (g_str_equal (key, "user-email"))
    return check_email (value, error);
  if (g_str_equal (key, "viewer-url-template"))
    return check_viewer_template (value, error);
  if (g_str_equal (key, "api-key-header"))
    return check_header_name (value, error);
  if (g_str_equal (key, "vendor-user-id") && !rd_avara_is_user_id (value))
    {
      g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                   _("\"%s\" is not an Avara user id (usr_…)"), value);
      return FALSE;
    }
  if (g_str_equal (key, "default-site-id"))
    {
      g_autoptr(RdStudy) study = rd_study_new ();

      return rd_study_set_site_id (study, value, error);
    }
  if (rd_setting_is_secret_file (key) && !g_path_is_absolute (value) && !g_str_has_prefix (value, "~/"))
    {
      g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                   _("\"%s\" is not a full path: start it with / or ~/"), value);
      return FALSE;
    }
  if (strchr (value, '\n') != NULL || strchr (value, '\r') != NULL)
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED, _("a setting is one line"));
      return FALSE;
    }
  return TRUE;
}

/* The text settings a profile reads, in the order a person fills them in:
 * what the assistant asks for and what Preferences shows. */
const char * const *
rd_setting_keys_for (const RdProfile *profile)
{
  static const char * const iframe[] = { "vendor-url", "token-url", "api-key-header", "api-key-file", "user-email",
                                         "user-first-name", "user-last-name", "default-site-id", NULL };
  static const char * const reroute[] = { "api-base-url", "api-key-file", "vendor-user-id", "user-email",
                                          "user-first-name", "user-last-name", "facility-name", "default-site-id",
                                          NULL };
  static const char * const link[] = { "api-base-url", "api-key-file", "user-email", "user-first-name",
                                       "user-last-name", "default-site-id", NULL };
  const char *kind = rd_profile_get_kind (profile);

  if (g_str_equal (kind, "iframe"))
    return iframe;
  if (g_str_equal (kind, "reroute-url"))
    return reroute;
  return link;
}
