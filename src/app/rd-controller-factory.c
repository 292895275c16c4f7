/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-application"

#include "config.h"

#include "rd-controller-factory.h"
#include "rd-settings-keys.h"
#include "rd-error.h"
#include "rd-iframe-controller.h"
#include "rd-link-controller.h"
#include "rd-setting-check.h"
#include "rd-url.h"

#include <glib/gi18n-lib.h>

/* The one place that knows the vendors' integration styles: from a
 * profile and the settings (live ones, or the assistant's unsaved ones)
 * to a report controller. A demo service, when given, replaces the
 * vendor's addresses and credentials. */

/* Where a site's own profiles of a kind ("profiles", "viewers") live:
 * the user's, then the system's configuration directories. */
static GStrv
profile_search_dirs (const char *kind)
{
  g_autoptr(GStrvBuilder) dirs = g_strv_builder_new ();
  const char * const *system = g_get_system_config_dirs ();

  g_autofree char *user = g_build_filename (g_get_user_config_dir (), "reportdock", kind, NULL);

  g_strv_builder_add (dirs, user);
  for (guint i = 0; system[i] != NULL; i++)
    {
      g_autofree char *dir = g_build_filename (system[i], "reportdock", kind, NULL);
      g_strv_builder_add (dirs, dir);
    }
  return g_strv_builder_end (dirs);
}

/* Every setting a real start still needs, and every value saved by hand
 * (gsettings, dconf) that the assistant would refuse: all named on one
 * line, so that an admin fixes them in one go rather than one per attempt. */
static gboolean
check_required_settings (RdProfile  *profile,
                         GSettings  *settings,
                         GError    **error)
{
  const char * const *required = rd_profile_get_required_settings (profile);
  const char * const *keys = rd_setting_keys_for (profile);
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;

  for (guint i = 0; required[i] != NULL; i++)
    {
      g_autofree char *value = g_settings_get_string (settings, required[i]);

      if (g_strstrip (value)[0] == '\0')
        g_ptr_array_add (missing, g_strdup (required[i]));
    }
  if (missing->len > 0)
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (missing, NULL);
      list = g_strjoinv (", ", (char **) missing->pdata);
      if (missing->len == 2)
        g_ptr_array_add (problems, g_strdup_printf (_("%s is not set. Set it with: gsettings set "
                                                    "io.github.reportdock.ReportDock %s … (see the README), "
                                                    "or try: reportdock --demo"), list, list));
      else
        g_ptr_array_add (problems, g_strdup_printf (_("these settings are not set: %s. Set each with: gsettings "
                                                    "set io.github.reportdock.ReportDock KEY VALUE (see the "
                                                    "README), or try: reportdock --demo"), list));
    }
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *value = g_settings_get_string (settings, keys[i]);
      g_autoptr(GError) local_error = NULL;

      if (!rd_setting_check (keys[i], value, &local_error))
        g_ptr_array_add (problems, g_strdup (local_error->message));
    }
  if (problems->len == 0)
    return TRUE;
  g_ptr_array_add (problems, NULL);
  text = g_strjoinv ("; ", (char **) problems->pdata);
  g_set_error_literal (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED, text);
  return FALSE;
}

/* The vendor's name is resolved while WebKit starts, not when its frame
 * asks (a loopback or literal address needs no lookup). */
static void
prefetch_dns (WebKitNetworkSession *session,
              const char           *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri ? g_uri_get_host (uri) : NULL;

  if (host != NULL && !g_hostname_is_ip_address (host) && g_strcmp0 (host, "localhost") != 0)
    webkit_network_session_prefetch_dns (session, host);
}

/* The postMessage vendors: the host page, the handshake, the token. */
static RdReportController *
make_iframe_controller (RdDemoService         *demo,
                        RdHostServer         **host,
                        RdProfile             *profile,
                        GSettings             *settings,
                        WebKitNetworkSession  *report_session,
                        const char            *default_site,
                        GError               **error)
{
  g_autoptr(RdSession) session = NULL;
  g_autoptr(RdTokenSource) tokens = NULL;
  g_autofree char *vendor_url = NULL, *token_url = NULL;
  RdReportView *view;

  if (demo != NULL)
    {
      vendor_url = rd_demo_service_get_vendor_url (demo);
      token_url = rd_demo_service_get_token_url (demo);
    }
  else
    {
      vendor_url = g_settings_get_string (settings, RD_KEY_VENDOR_URL);
      token_url = g_settings_get_string (settings, RD_KEY_TOKEN_URL);
    }
  /* the demo is on this computer; a vendor is https:// */
  if (demo == NULL && !check_required_settings (profile, settings, error))
    return NULL;
  *host = rd_host_server_new (error);
  if (*host == NULL ||
      !rd_host_server_set_vendor (*host, vendor_url, rd_profile_get_title (profile), error))
    return NULL;

  prefetch_dns (report_session, vendor_url);
  session = rd_session_new (profile);
  rd_session_set_default_site_id (session, default_site);
  tokens = rd_token_source_new (profile, token_url);
  if (demo != NULL)
    {
      rd_token_source_set_api_key (tokens, rd_demo_service_get_api_key (demo));
      rd_token_source_set_user (tokens, "demo.radiologist@example.org", "Demo", "Radiologist");
    }
  else
    {
      g_autofree char *header = g_settings_get_string (settings, RD_KEY_API_KEY_HEADER);
      g_autofree char *key_file = g_settings_get_string (settings, RD_KEY_API_KEY_FILE);
      g_autofree char *email = g_settings_get_string (settings, RD_KEY_USER_EMAIL);
      g_autofree char *first = g_settings_get_string (settings, RD_KEY_USER_FIRST_NAME);
      g_autofree char *last = g_settings_get_string (settings, RD_KEY_USER_LAST_NAME);

      rd_token_source_set_api_key_header (tokens, header);
      rd_token_source_set_api_key_file (tokens, key_file);
      rd_token_source_set_user (tokens, email, first, last);
    }
  view = rd_report_view_new (report_session, rd_host_server_get_page_url (*host),
                             rd_host_server_get_vendor_origin (*host),
                             rd_host_server_get_page_proof (*host));
  if (g_strcmp0 (g_getenv ("REPORTDOCK_FAKE_MICROPHONE"), "1") == 0)
    rd_report_view_set_fake_microphone (view, TRUE);
  g_info ("profile %s, reporting app at %s", rd_profile_get_name (profile),
          rd_host_server_get_vendor_origin (*host));
  return rd_iframe_controller_new (session, tokens, view);
}

/* The vendors that hand out a page per study (MD.ai, Avara). */
static RdReportController *
make_link_controller (RdDemoService         *demo,
                      RdProfile             *profile,
                      GSettings             *settings,
                      WebKitNetworkSession  *report_session,
                      const char            *default_site,
                      GError               **error)
{
  g_auto(RdVendorConfig) config = { 0 };
  g_autoptr(RdVendorClient) client = NULL;
  g_autofree char *language = g_settings_get_string (settings, RD_KEY_APP_LANGUAGE);

  config.profile_name = g_strdup (rd_profile_get_name (profile));
  config.profile = rd_profile_ref (profile);
  config.return_format = g_settings_get_string (settings, RD_KEY_RETURN_FORMAT);
  config.lazy_launch = g_settings_get_boolean (settings, RD_KEY_LAZY_LAUNCH);
  config.qr_code_size = g_settings_get_string (settings, RD_KEY_QR_CODE_SIZE);
  config.qr_code_mode = g_settings_get_string (settings, RD_KEY_QR_CODE_MODE);
  config.default_site_id = g_strdup (default_site);
  config.language = g_strdup (language[0] ? language
                                          : rd_vendor_language_for (g_get_language_names ()));
  if (demo != NULL)
    {
      config.api_base_url = g_strdup (rd_demo_service_get_api_base_url (demo));
      config.api_key = g_strdup (rd_demo_service_get_api_key (demo));
      config.user_name = g_strdup ("Dr. Demo Radiologist");
      config.user_email = g_strdup ("demo.radiologist@example.org");
      config.user_id = g_strdup ("usr_demo0001");
    }
  else
    {
      g_autofree char *first = g_settings_get_string (settings, RD_KEY_USER_FIRST_NAME);
      g_autofree char *last = g_settings_get_string (settings, RD_KEY_USER_LAST_NAME);

      config.api_base_url = g_settings_get_string (settings, RD_KEY_API_BASE_URL);
      config.api_key_file = g_settings_get_string (settings, RD_KEY_API_KEY_FILE);
      config.user_name = g_strstrip (g_strdup_printf ("%s %s", first, last));
      config.user_email = g_settings_get_string (settings, RD_KEY_USER_EMAIL);
      config.user_id = g_settings_get_string (settings, RD_KEY_VENDOR_USER_ID);
      config.facility_name = g_settings_get_string (settings, RD_KEY_FACILITY_NAME);
    }
  if (demo == NULL && !check_required_settings (profile, settings, error))
    return NULL;
  client = rd_vendor_client_new (rd_profile_get_kind (profile), &config, error);
  if (client == NULL)
    return NULL;
  g_info ("profile %s, reporting API at %s", rd_profile_get_name (profile), config.api_base_url);
  return rd_link_controller_new (client, rd_link_view_new (report_session), config.user_name);
}


RdProfile *
rd_controller_factory_load_profile (const char  *name,
                                    GError     **error)
{
  g_auto(GStrv) dirs = profile_search_dirs ("profiles");

  return rd_profile_load (name, (const char * const *) dirs, error);
}

RdViewerProfile *
rd_controller_factory_load_viewer_profile (const char  *name,
                                           GError     **error)
{
  g_auto(GStrv) dirs = profile_search_dirs ("viewers");

  return rd_viewer_profile_load (name, (const char * const *) dirs, error);
}

gboolean
rd_controller_factory_check (RdProfile  *profile,
                             GSettings  *settings,
                             GError    **error)
{
  return check_required_settings (profile, settings, error);
}

RdReportController *
rd_controller_factory_build (RdProfile             *profile,
                             GSettings             *settings,
                             RdDemoService         *demo,
                             WebKitNetworkSession  *report_session,
                             const char            *default_site,
                             RdHostServer         **host,
                             GError               **error)
{
  g_return_val_if_fail (host != NULL && *host == NULL, NULL);

  if (g_str_equal (rd_profile_get_kind (profile), "iframe"))
    return make_iframe_controller (demo, host, profile, settings, report_session, default_site, error);
  return make_link_controller (demo, profile, settings, report_session, default_site, error);
}
