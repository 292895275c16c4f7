/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-web"

#include "config.h"

#include "rd-web-session.h"

/* One network session per pane: the report and the viewer share no cookies. */
WebKitNetworkSession *
rd_web_session_new (const char *name,
                    gboolean    ephemeral,
                    gboolean    third_party_cookies)
{
  WebKitNetworkSession *session;
  WebKitCookieManager *cookies;

  if (ephemeral)
    session = webkit_network_session_new_ephemeral ();
  else
    {
      g_autofree char *data = g_build_filename (g_get_user_data_dir (), "reportdock", name, NULL);
      g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "reportdock", name, NULL);
      g_autofree char *jar = g_build_filename (data, "cookies.sqlite", NULL);

      session = webkit_network_session_new (data, cache);
      cookies = webkit_network_session_get_cookie_manager (session);
      webkit_cookie_manager_set_persistent_storage (cookies, jar, WEBKIT_COOKIE_PERSISTENT_STORAGE_SQLITE);
    }

  cookies = webkit_network_session_get_cookie_manager (session);
  if (third_party_cookies)
    {
      /* The vendor iframe is third-party under the localhost host page and
       * must keep its own session cookies. */
      webkit_cookie_manager_set_accept_policy (cookies, WEBKIT_COOKIE_POLICY_ACCEPT_ALWAYS);
      webkit_network_session_set_itp_enabled (session, FALSE);
    }
  return session;
}

static void
on_initialize_extensions (WebKitWebContext *context,
                          const char       *role)
{
  /* REPORTDOCK_WEB_EXTENSIONS_DIR: the build tree's (tests, meson devenv) */
  const char *dir = g_getenv ("REPORTDOCK_WEB_EXTENSIONS_DIR");

  webkit_web_context_set_web_process_extensions_directory (context, dir != NULL ? dir : WEB_EXTENSIONS_DIR);
  webkit_web_context_set_web_process_extensions_initialization_user_data (context, g_variant_new_string (role));
}

/* Its web processes load ReportDock's extension (src/web-extension/), in
 * the role given: "viewer" or "report". Before the context's first page. */
void
rd_web_context_load_extension (WebKitWebContext *context,
                               const char       *role)
{
  g_return_if_fail (WEBKIT_IS_WEB_CONTEXT (context));

  g_signal_connect_data (context, "initialize-web-process-extensions", G_CALLBACK (on_initialize_extensions),
                         g_strdup (role), (GClosureNotify) (void (*) (void)) g_free, 0);
}

WebKitSettings *
rd_web_settings_new (void)
{
  static gboolean report_extension;
  WebKitSettings *settings = webkit_settings_new ();

  /* the reporting apps' pages live in the default context */
  if (!report_extension)
    {
      rd_web_context_load_extension (webkit_web_context_get_default (), "report");
      report_extension = TRUE;
    }

  /* The disk cache stays (the document-viewer model turns it off): a
   * vendor app of megabytes loads from it on the next start. No
   * back-forward page cache: these panes never go back, and it costs
   * memory on every workstation. */
  webkit_web_context_set_cache_model (webkit_web_context_get_default (),
                                      WEBKIT_CACHE_MODEL_DOCUMENT_BROWSER);
  webkit_settings_set_enable_page_cache (settings, FALSE);

  webkit_settings_set_user_agent_with_application_details (settings, "ReportDock", PACKAGE_VERSION);
  webkit_settings_set_enable_developer_extras (settings, DEVELOPMENT);
  webkit_settings_set_javascript_can_open_windows_automatically (settings, FALSE);
  /* REPORTDOCK_WEB_CONSOLE=1: page console messages on stdout, for support. */
  webkit_settings_set_enable_write_console_messages_to_stdout (settings,
      g_strcmp0 (g_getenv ("REPORTDOCK_WEB_CONSOLE"), "1") == 0);
  return settings;
}

void
rd_web_open_externally (GtkWidget  *widget,
                        const char *uri)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (!g_str_has_prefix (uri, "https://") && !g_str_has_prefix (uri, "http://"))
    {
      g_info ("refused to open a %s link", g_uri_peek_scheme (uri) ? g_uri_peek_scheme (uri) : "schemeless");
      return;
    }
  g_info ("opening a link in the default browser");
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

/* What dictation needs and nothing more: the microphone (audio only, never
 * the camera or the screen) and the list of input devices. */
static gboolean
is_dictation_permission (WebKitPermissionRequest *request)
{
  if (WEBKIT_IS_USER_MEDIA_PERMISSION_REQUEST (request))
    {
      WebKitUserMediaPermissionRequest *media = WEBKIT_USER_MEDIA_PERMISSION_REQUEST (request);

      return webkit_user_media_permission_is_for_audio_device (media) &&
             !webkit_user_media_permission_is_for_video_device (media) &&
             !webkit_user_media_permission_is_for_display_device (media);
    }
  return WEBKIT_IS_DEVICE_INFO_PERMISSION_REQUEST (request);
}

/* A navigation the pane does not allow: a link the user clicked opens in
 * the default browser, anything else is refused. */
void
rd_web_leave_pane (GtkWidget              *widget,
                   WebKitPolicyDecision   *decision,
                   WebKitNavigationAction *action,
                   const char             *uri)
{
  if (webkit_navigation_action_is_user_gesture (action))
    rd_web_open_externally (widget, uri);
  else
    g_info ("refused a navigation away from the reporting app");
  webkit_policy_decision_ignore (decision);
}

/* navigator.permissions: the microphone for that origin only. */
void
rd_web_answer_permission_query (WebKitPermissionStateQuery *query,
                                const char                 *microphone_origin)
{
  WebKitSecurityOrigin *origin = webkit_permission_state_query_get_security_origin (query);
  g_autofree char *origin_str = origin ? webkit_security_origin_to_string (origin) : NULL;
  gboolean microphone = g_strcmp0 (webkit_permission_state_query_get_name (query), "microphone") == 0;

  webkit_permission_state_query_finish (query, microphone && microphone_origin != NULL &&
                                                 g_strcmp0 (origin_str, microphone_origin) == 0
                                                 ? WEBKIT_PERMISSION_STATE_GRANTED
                                                 : WEBKIT_PERMISSION_STATE_DENIED);
}

/* Grants what dictation needs when the pane shows the page it may go to,
 * and nothing else. */
void
rd_web_answer_permission_request (WebKitPermissionRequest *request,
                                  gboolean                 showing_allowed_page)
{
  gboolean allow = showing_allowed_page && is_dictation_permission (request);

  g_info ("%s a %s", allow ? "granted" : "denied", G_OBJECT_TYPE_NAME (request));
  if (allow)
    webkit_permission_request_allow (request);
  else
    webkit_permission_request_deny (request);
}

/* Who says which input the reporting pages record: the application, as
 * inputs come and go. */
static RdWebInputFunc input_func;
static gpointer       input_data;

void
rd_web_set_dictation_input_func (RdWebInputFunc func,
                                 gpointer       user_data)
{
  input_func = func;
  input_data = user_data;
}

static char *
json_string (JSCContext *context,
             const char *text)
{
  g_autoptr(JSCValue) value = jsc_value_new_string (context, text);

  return jsc_value_to_json (value, 0);
}

static gboolean
on_microphone_asked (WebKitUserContentManager *content,
                     JSCValue                 *value,
                     WebKitScriptMessageReply *reply,
                     gpointer                  user_data)
{
  JSCContext *context = jsc_value_get_context (value);
  g_autofree char *name = NULL;
  g_autofree char *missing = NULL;
  g_autoptr(GString) json = g_string_new ("{");
  g_autoptr(JSCValue) text = NULL;

  /* WebKit's mock capture (tests) offers its own inputs: the page's choice */
  if (input_func != NULL && !webkit_settings_get_enable_mock_capture_devices (WEBKIT_SETTINGS (user_data)))
    input_func (&name, &missing, input_data);
  if (name != NULL)
    {
      g_autofree char *quoted = json_string (context, name);

      g_string_append_printf (json, "\"name\":%s", quoted);
    }
  if (missing != NULL)
    {
      g_autofree char *quoted = json_string (context, missing);

      g_string_append_printf (json, "%s\"missing\":%s", name != NULL ? "," : "", quoted);
    }
  g_string_append_c (json, '}');
  text = jsc_value_new_string (context, json->str);
  webkit_script_message_reply_return_value (reply, text);
  return TRUE;
}

/* Points the pages' getUserMedia at the dictation input (data/host/
 * microphone.js): the input the check judged is the input recorded. */
void
rd_web_point_microphone (WebKitUserContentManager *content,
                         WebKitSettings           *settings)
{
  g_autoptr(GBytes) source = g_resources_lookup_data ("/io/github/reportdock/ReportDock/host/microphone.js",
                                                      G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(WebKitUserScript) script = NULL;

  g_return_if_fail (WEBKIT_IS_USER_CONTENT_MANAGER (content));
  g_return_if_fail (WEBKIT_IS_SETTINGS (settings));
  g_return_if_fail (source != NULL);

  g_signal_connect_object (content, "script-message-with-reply-received::reportdockMicrophone",
                           G_CALLBACK (on_microphone_asked), settings, 0);
  if (!webkit_user_content_manager_register_script_message_handler_with_reply (content, "reportdockMicrophone",
                                                                              NULL))
    g_error ("cannot register the microphone message handler");
  script = webkit_user_script_new (g_bytes_get_data (source, NULL), WEBKIT_USER_CONTENT_INJECT_ALL_FRAMES,
                                   WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_START, NULL, NULL);
  webkit_user_content_manager_add_script (content, script);
}
