/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-settings"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rd-error.h"
#include "rd-settings-keys.h"
#include "rd-setting-check.h"
#include "rd-study.h"
#include "rd-url.h"
#include "rd-vendor-link.h"
#include "rd-viewer-url.h"

/* What a text setting may hold, decided before it is saved: the assistant
 * and Preferences write a value only when it passes, and a start reads
 * nothing that did not. An empty value passes here; whether a profile
 * needs it is rd_profile_get_required_settings(). */

static const char * const url_keys[] = { RD_KEY_VENDOR_URL, RD_KEY_TOKEN_URL, RD_KEY_API_BASE_URL, RD_KEY_EVENTS_URL,
                                         NULL };
static const char * const secret_file_keys[] = { RD_KEY_API_KEY_FILE, RD_KEY_EVENTS_SECRET_FILE,
                                                 RD_KEY_RELAY_SECRET_FILE, RD_KEY_LAUNCH_SECRET_FILE, NULL };
/* commands as one line of words: an argv key's text, or image-urls-command */
static const char * const command_keys[] = { RD_KEY_VIEWER_COMMAND, RD_KEY_VIEWER_CLOSE_COMMAND,
                                             RD_KEY_IMAGE_URLS_COMMAND, NULL };

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
check_viewer_template (const char  *key,
                       const char  *value,
                       GError     **error)
{
  g_autoptr(RdStudy) sample = rd_study_new_example ();
  g_autofree char *url = NULL;

  if (g_str_equal (key, RD_KEY_VIEWER_URI_TEMPLATE))
    return (url = rd_viewer_uri_expand (value, sample, "SITE", error)) != NULL;
  url = rd_viewer_url_expand (value, sample, "SITE", error);
  return url != NULL && rd_url_check_secure (key, url, error);
}

gboolean
rd_setting_is_command (const char *key)
{
  return g_strv_contains (command_keys, key);
}

/* A command is typed as words the way a shell splits them (quotes for a
 * word with spaces) and is run without a shell. A viewer's command is
 * tried on the sample study, so that an unknown placeholder shows now. */
static gboolean
check_command (const char  *key,
               const char  *value,
               GError     **error)
{
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) expanded = NULL;
  g_autoptr(GError) why = NULL;
  g_autoptr(RdStudy) sample = NULL;

  if (!g_shell_parse_argv (value, NULL, &argv, &why))
    {
      g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                   _("not a command: %s (a program and its arguments, quoted as in a terminal)"), why->message);
      return FALSE;
    }
  if (g_str_equal (key, RD_KEY_IMAGE_URLS_COMMAND))
    return TRUE;
  sample = rd_study_new_example ();
  expanded = rd_viewer_command_expand ((const char * const *) argv, sample, "SITE", error);
  return expanded != NULL;
}

gboolean
rd_setting_check (const char  *key,
                  const char  *value,
                  GError     **error)
{
  if (value == NULL || value[0] == '\0')
    return TRUE;
  if (rd_setting_is_command (key) && !check_command (key, value, error))
    return FALSE;
  if (g_strv_contains (url_keys, key))
    return rd_url_check_secure (key, value, error);
  if (g_str_equal (key, RD_KEY_USER_EMAIL))
    return check_email (value, error);
  if (g_str_equal (key, RD_KEY_VIEWER_URL_TEMPLATE) || g_str_equal (key, RD_KEY_VIEWER_URI_TEMPLATE))
    return check_viewer_template (key, value, error);
  if (g_str_equal (key, RD_KEY_API_KEY_HEADER))
    return check_header_name (value, error);
  if (g_str_equal (key, RD_KEY_VENDOR_USER_ID) && !rd_avara_is_user_id (value))
    {
      g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                   _("\"%s\" is not an Avara user id (usr_…)"), value);
      return FALSE;
    }
  if (g_str_equal (key, RD_KEY_DEFAULT_SITE_ID))
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
  static const char * const iframe[] = { RD_KEY_VENDOR_URL, RD_KEY_TOKEN_URL, RD_KEY_API_KEY_HEADER,
                                         RD_KEY_API_KEY_FILE, RD_KEY_USER_EMAIL, RD_KEY_USER_FIRST_NAME,
                                         RD_KEY_USER_LAST_NAME, RD_KEY_DEFAULT_SITE_ID, NULL };
  static const char * const reroute[] = { RD_KEY_API_BASE_URL, RD_KEY_API_KEY_FILE, RD_KEY_VENDOR_USER_ID,
                                          RD_KEY_USER_EMAIL, RD_KEY_USER_FIRST_NAME, RD_KEY_USER_LAST_NAME,
                                          RD_KEY_FACILITY_NAME, RD_KEY_DEFAULT_SITE_ID, NULL };
  static const char * const link[] = { RD_KEY_API_BASE_URL, RD_KEY_API_KEY_FILE, RD_KEY_USER_EMAIL,
                                       RD_KEY_USER_FIRST_NAME, RD_KEY_USER_LAST_NAME, RD_KEY_DEFAULT_SITE_ID, NULL };
  const char *kind = rd_profile_get_kind (profile);

  if (g_str_equal (kind, "iframe"))
    return iframe;
  if (g_str_equal (kind, "reroute-url"))
    return reroute;
  return link;
}

/* The choices a profile offers beyond what it needs to sign in: shown in
 * Preferences under its fields, never asked for by the assistant. */
const char * const *
rd_setting_options_for (const RdProfile *profile)
{
  static const char * const link[] = { RD_KEY_APP_LANGUAGE, RD_KEY_RETURN_FORMAT, RD_KEY_LAZY_LAUNCH,
                                       RD_KEY_QR_CODE_SIZE, RD_KEY_QR_CODE_MODE, RD_KEY_FOCUS_REPORT,
                                       RD_KEY_EPHEMERAL_SESSION, NULL };
  static const char * const web[] = { RD_KEY_FOCUS_REPORT, RD_KEY_EPHEMERAL_SESSION, NULL };

  return g_str_equal (rd_profile_get_kind (profile), "launch-link") ? link : web;
}
