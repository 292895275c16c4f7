/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The floor for bench-startup.sh: a bare GTK window with one WebKitWebView
 * doing the same handshake with the same demo service and host page, and
 * nothing else (no GApplication, no viewer pane, no status area). It prints
 * the same trace lines as ReportDock and runs until killed. */
#include "config.h"

#include <gtk/gtk.h>
#include <webkit/webkit.h>

#include "rd-demo-service.h"
#include "rd-host-server.h"
#include "rd-token-source.h"
#include "rd-trace.h"

static RdTokenSource *tokens;

static void
post (WebKitWebView *view,
      const char    *json,
      const char    *origin)
{
  GVariantDict args;

  g_variant_dict_init (&args, NULL);
  g_variant_dict_insert (&args, "message", "s", json);
  g_variant_dict_insert (&args, "origin", "s", origin);
  webkit_web_view_call_async_javascript_function (view,
    "document.getElementById('vendor').contentWindow.postMessage(JSON.parse(message), origin)",
    -1, g_variant_dict_end (&args), "bench", NULL, NULL, NULL, NULL);
}

static void
on_token (GObject *source, GAsyncResult *result, gpointer view)
{
  g_autofree char *token = rd_token_source_get_finish (tokens, result, NULL);
  g_autofree char *json = g_strdup_printf ("{\"type\":\"authenticate\",\"token\":\"%s\"}", token);

  post (view, json, g_object_get_data (view, "origin"));
}

static void
on_message (WebKitUserContentManager *manager, JSCValue *value, gpointer view)
{
  g_autoptr(JSCValue) data = jsc_value_object_get_property (value, "data");
  g_autofree char *json = jsc_value_to_string (data);

  if (g_str_has_prefix (json, "{\"type\":\"app_ready\""))
    {
      rd_trace ("app-ready");
      rd_token_source_get_async (tokens, FALSE, NULL, on_token, view);
    }
  else if (g_str_has_prefix (json, "{\"type\":\"sign_in_successful\""))
    rd_trace ("signed-in");   /* the bench measures, then ends us */
}

int
main (void)
{
  g_autoptr(GBytes) bridge = NULL;
  g_autoptr(RdProfile) profile = NULL;
  RdDemoService *demo;
  RdHostServer *host;
  WebKitUserContentManager *content;
  WebKitNetworkSession *session;
  GtkWidget *window, *view;
  g_autofree char *vendor = NULL, *token_url = NULL;

  rd_trace ("main");
  gtk_init ();
  demo = rd_demo_service_new (NULL);
  host = rd_host_server_new (NULL);
  vendor = rd_demo_service_get_vendor_url (demo);
  rd_host_server_set_vendor (host, vendor, "bench", NULL);
  profile = rd_profile_load ("demo", NULL, NULL);
  token_url = rd_demo_service_get_token_url (demo);
  tokens = rd_token_source_new (profile, token_url);
  rd_token_source_set_api_key (tokens, rd_demo_service_get_api_key (demo));
  rd_token_source_set_user (tokens, "bench@example.org", NULL, NULL);

  session = webkit_network_session_new_ephemeral ();
  webkit_cookie_manager_set_accept_policy (webkit_network_session_get_cookie_manager (session),
                                           WEBKIT_COOKIE_POLICY_ACCEPT_ALWAYS);
  content = webkit_user_content_manager_new ();
  webkit_user_content_manager_register_script_message_handler (content, "rdbridge", "bench");
  bridge = g_resources_lookup_data ("/io/github/reportdock/ReportDock/host/bridge.js", 0, NULL);
  webkit_user_content_manager_add_script (content,
    webkit_user_script_new_for_world (g_bytes_get_data (bridge, NULL), WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                      WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_START, "bench", NULL, NULL));
  view = g_object_new (WEBKIT_TYPE_WEB_VIEW, "network-session", session, "user-content-manager", content, NULL);
  g_object_set_data (G_OBJECT (view), "origin", (gpointer) rd_host_server_get_vendor_origin (host));
  g_signal_connect (content, "script-message-received::rdbridge", G_CALLBACK (on_message), view);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), view);
  webkit_web_view_load_uri (WEBKIT_WEB_VIEW (view), rd_host_server_get_page_url (host));
  gtk_window_present (GTK_WINDOW (window));
  while (TRUE)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}
