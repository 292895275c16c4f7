/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The floor of bench-compare.py: a bare GTK window with one WebKitWebView
 * (WebKit's default, persistent network session) doing the same handshake
 * with the same vendor through the same host page, and nothing else (no
 * GApplication, no viewer, no status area): app_ready → token →
 * authenticate → sign_in_successful → open_report. BENCH_SWITCHES=N then
 * opens N more studies, each when the last said report.opened (the first
 * after 2 s, so that memory is read before). Runs until killed.
 * Environment: BENCH_VENDOR_URL, BENCH_TOKEN_URL, BENCH_API_KEY_FILE,
 * BENCH_MRN, BENCH_ACCESSION, BENCH_SITE. */
#include "config.h"

#include <gtk/gtk.h>
#include <webkit/webkit.h>

#include "rd-host-server.h"
#include "rd-token-source.h"

static RdTokenSource *tokens;
static guint n_switches, n_switched;

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
open_study (WebKitWebView *view,
            const char    *accession)
{
  g_autofree char *json =
    g_strdup_printf ("{\"type\":\"open_report\",\"mrn\":\"%s\",\"accession_number\":\"%s\","
                     "\"site_id\":\"%s\"}", g_getenv ("BENCH_MRN"), accession, g_getenv ("BENCH_SITE"));

  post (view, json, g_object_get_data (G_OBJECT (view), "origin"));
}

static gboolean
switch_study (gpointer view)
{
  g_autofree char *accession = g_strdup_printf ("ACC-SWITCH-%u", n_switched++);

  open_study (view, accession);
  return G_SOURCE_REMOVE;
}

static void
on_message (WebKitUserContentManager *manager, JSCValue *value, gpointer view)
{
  g_autoptr(JSCValue) data = jsc_value_object_get_property (value, "data");
  g_autofree char *json = jsc_value_to_string (data);

  if (g_str_has_prefix (json, "{\"type\":\"app_ready\""))
    {
      rd_token_source_get_async (tokens, FALSE, NULL, on_token, view);
    }
  else if (g_str_has_prefix (json, "{\"type\":\"sign_in_successful\""))
    open_study (view, g_getenv ("BENCH_ACCESSION"));
  else if (g_str_has_prefix (json, "{\"type\":\"report.opened\"") && n_switched < n_switches)
    g_timeout_add (n_switched == 0 ? 2000 : 0, switch_study, view);
}

int
main (void)
{
  g_autoptr(GBytes) bridge = NULL;
  g_autoptr(RdProfile) profile = NULL;
  RdHostServer *host;
  WebKitUserContentManager *content;
  GtkWidget *window, *view;
  g_autofree char *key = NULL;

  gtk_init ();
  n_switches = (guint) g_ascii_strtoull (g_getenv ("BENCH_SWITCHES") ? g_getenv ("BENCH_SWITCHES") : "0", NULL, 10);
  host = rd_host_server_new (NULL);
  if (host == NULL || !rd_host_server_set_vendor (host, g_getenv ("BENCH_VENDOR_URL"), "bench", NULL) ||
      !g_file_get_contents (g_getenv ("BENCH_API_KEY_FILE"), &key, NULL, NULL))
    g_error ("set BENCH_VENDOR_URL, BENCH_TOKEN_URL and BENCH_API_KEY_FILE");
  profile = rd_profile_load ("radpair", NULL, NULL);
  tokens = rd_token_source_new (profile, g_getenv ("BENCH_TOKEN_URL"));
  rd_token_source_set_api_key (tokens, g_strstrip (key));
  rd_token_source_set_user (tokens, "bench@example.org", NULL, NULL);

  webkit_cookie_manager_set_accept_policy (
    webkit_network_session_get_cookie_manager (webkit_network_session_get_default ()),
    WEBKIT_COOKIE_POLICY_ACCEPT_ALWAYS);
  content = webkit_user_content_manager_new ();
  webkit_user_content_manager_register_script_message_handler (content, "rdbridge", "bench");
  bridge = g_resources_lookup_data ("/io/github/reportdock/ReportDock/host/bridge.js", 0, NULL);
  if (bridge == NULL)
    g_error ("no host/bridge.js among the resources: link the web layer");
  webkit_user_content_manager_add_script (content,
    webkit_user_script_new_for_world (g_bytes_get_data (bridge, NULL), WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                      WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_START, "bench", NULL, NULL));
  view = g_object_new (WEBKIT_TYPE_WEB_VIEW, "user-content-manager", content, NULL);
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
