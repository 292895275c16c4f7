/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-report-view"

#include "config.h"

#include "rd-report-view.h"
#include "rd-trace.h"
#include "rd-url.h"
#include "rd-web-session.h"
#include "rd-webhook-verify.h"

/* The report pane: our loopback host page with the vendor iframe in it.
 * This view enforces the embedding rules of docs/embedding.md — who may load,
 * who may talk, who gets the microphone — and nothing else. */

#define JS_TIMEOUT_MS        5000
#define CRASH_BACKOFF_MIN_MS 500
#define CRASH_BACKOFF_MAX_MS 30000
#define CRASH_RESET_US       (60 * G_USEC_PER_SEC)

struct _RdReportView
{
  WebKitWebView  parent_instance;

  char          *host_page_url;
  char          *host_origin;
  char          *vendor_origin;
  char          *world;          /* private script world of the bridge */
  char          *page_proof;     /* what our host page says to prove it is ours */
  gboolean       proven;         /* the page on screen proved it (this load) */
  guint          n_rejected;

  guint          reload_id;
  guint          crash_backoff_ms;
  gint64         last_crash;
};

G_DEFINE_FINAL_TYPE (RdReportView, rd_report_view, WEBKIT_TYPE_WEB_VIEW)

enum {
  PROP_0,
  PROP_HOST_PAGE_URL,
  PROP_VENDOR_ORIGIN,
  PROP_PAGE_PROOF,
  N_PROPS
};

enum {
  MESSAGE,
  PAGE_LOADING,
  PAGE_LOADED,
  VENDOR_ANSWERED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Posts into the vendor frame with the exact vendor origin as targetOrigin:
 * if the frame shows anything else, the browser does not deliver. */
static const char post_script[] =
  "const frame = document.getElementById('vendor');\n"
  "if (frame === null || frame.contentWindow === null)\n"
  "  return false;\n"
  "frame.contentWindow.postMessage(JSON.parse(message), origin);\n"
  "return true;\n";

typedef struct {
  GCancellable *cancellable;
  guint         timeout_id;
} JsCall;

static void
js_call_free (JsCall *call)
{
  g_clear_handle_id (&call->timeout_id, g_source_remove);
  g_clear_object (&call->cancellable);
  g_free (call);
}

static gboolean
on_js_timeout (gpointer user_data)
{
  JsCall *call = user_data;

  call->timeout_id = 0;
  g_cancellable_cancel (call->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_post_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  JsCall *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JSCValue) value = webkit_web_view_call_async_javascript_function_finish (WEBKIT_WEB_VIEW (source),
                                                                                      result, &error);

  /* The message may hold a token: log the failure, never the message. A
   * page being (re)loaded — after its web process died, say — loses what
   * was posted to the old one; the handshake that follows sends again. */
  if (value == NULL &&
      (RD_REPORT_VIEW (source)->reload_id != 0 || webkit_web_view_is_loading (WEBKIT_WEB_VIEW (source))))
    g_info ("not posted: the reporting page is loading (%s)", error->message);
  else if (value == NULL)
    g_warning ("posting a message to the reporting app failed: %s", error->message);
  else if (!jsc_value_to_boolean (value))
    g_info ("not posted: the reporting frame is not there");
  js_call_free (call);
}

/* A script of the bridge's world, with a deadline: a hung web process
 * never answers. */
static void
call_in_bridge_world (RdReportView        *self,
                      const char          *script,
                      GVariant            *args,
                      GAsyncReadyCallback  done)
{
  JsCall *call = g_new0 (JsCall, 1);

  call->cancellable = g_cancellable_new ();
  call->timeout_id = g_timeout_add (JS_TIMEOUT_MS, on_js_timeout, call);
  webkit_web_view_call_async_javascript_function (WEBKIT_WEB_VIEW (self), script, -1, args, self->world, NULL,
                                                  call->cancellable, done, call);
}

void
rd_report_view_post (RdReportView *self,
                     const char   *message_json)
{
  GVariantDict args;

  g_return_if_fail (RD_IS_REPORT_VIEW (self));

  /* a look-alike page on our URL gets nothing, a token least of all */
  if (!self->proven)
    {
      g_info ("not posted: the page has not proved it is ReportDock's host page");
      return;
    }
  g_variant_dict_init (&args, NULL);
  g_variant_dict_insert (&args, "message", "s", message_json);
  g_variant_dict_insert (&args, "origin", "s", self->vendor_origin);

  call_in_bridge_world (self, post_script, g_variant_dict_end (&args), on_post_done);
}

static void
on_focus_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JSCValue) value = webkit_web_view_call_async_javascript_function_finish (WEBKIT_WEB_VIEW (source),
                                                                                      result, &error);

  if (value == NULL)
    g_info ("the reporting frame could not be focused: %s", error->message);
  js_call_free (user_data);
}

/* The keyboard into the vendor's frame: the widget first, then the frame
 * within the host page; the vendor's page puts the cursor in its report
 * (where its own focus was). A frame focused again loses the field its
 * page had focused (WebKit 2.50), so a frame that has the focus is left
 * as it is. */
void
rd_report_view_focus_frame (RdReportView *self)
{
  g_return_if_fail (RD_IS_REPORT_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (!self->proven)
    return;
  call_in_bridge_world (self,
                        "const frame = document.getElementById('vendor');\n"
                        "if (frame !== null && document.activeElement !== frame) frame.focus();\n"
                        "return frame !== null;\n",
                        NULL, on_focus_done);
}

static char *
get_string_member (JSCValue   *object,
                   const char *name)
{
  g_autoptr(JSCValue) member = jsc_value_object_get_property (object, name);

  return jsc_value_is_string (member) ? jsc_value_to_string (member) : NULL;
}

static gboolean
showing_host_page (RdReportView *self)
{
  const char *uri = webkit_web_view_get_uri (WEBKIT_WEB_VIEW (self));

  return uri != NULL && g_str_has_prefix (uri, self->host_page_url);
}

static void
on_bridge_message (WebKitUserContentManager *manager,
                   JSCValue                 *value,
                   gpointer                  user_data)
{
  RdReportView *self = user_data;
  g_autofree char *origin = NULL;
  g_autofree char *data = NULL;
  g_autofree char *proof = NULL;
  g_autoptr(JSCValue) from_frame = NULL;
  g_autoptr(JSCValue) scripted = NULL;

  if (!jsc_value_is_object (value) || !showing_host_page (self))
    return;
  origin = get_string_member (value, "origin");
  data = get_string_member (value, "data");
  from_frame = jsc_value_object_get_property (value, "fromVendorFrame");
  proof = get_string_member (value, "proof");
  scripted = jsc_value_object_get_property (value, "scripted");

  /* Another program answering for localhost:PORT serves a page that
   * cannot say our per-start proof (or runs script, which ours never does):
   * nothing it relays is believed, and nothing is posted into it. */
  if (proof == NULL || self->page_proof == NULL || !rd_constant_time_equal (proof, self->page_proof) ||
      !jsc_value_is_boolean (scripted) || jsc_value_to_boolean (scripted))
    {
      self->n_rejected++;
      self->proven = FALSE;
      g_warning ("the page at the host page's address is not ReportDock's; ignoring it (%u so far)",
                 self->n_rejected);
      return;
    }
  self->proven = TRUE;

  /* Both checks: the right origin, and the vendor iframe itself (a nested
   * frame of the vendor's origin is not the vendor app). */
  if (g_strcmp0 (origin, self->vendor_origin) != 0 ||
      !jsc_value_is_boolean (from_frame) || !jsc_value_to_boolean (from_frame) ||
      data == NULL)
    {
      self->n_rejected++;
      g_info ("rejected a message from %s%s (%u so far)",
              origin ? origin : "an unknown origin",
              g_strcmp0 (origin, self->vendor_origin) == 0 ? " outside the vendor frame" : "",
              self->n_rejected);
      return;
    }
  g_signal_emit (self, signals[MESSAGE], 0, data);
}

static gboolean
is_allowed_navigation (RdReportView *self,
                       const char   *uri)
{
  if (g_str_equal (uri, "about:blank") || g_str_equal (uri, "about:srcdoc"))
    return TRUE;
  if (rd_url_has_origin (uri, self->host_origin))
    return g_str_has_prefix (uri, self->host_page_url);
  return rd_url_has_origin (uri, self->vendor_origin);
}

static gboolean
on_decide_policy (WebKitWebView            *view,
                  WebKitPolicyDecision     *decision,
                  WebKitPolicyDecisionType  type)
{
  RdReportView *self = RD_REPORT_VIEW (view);
  WebKitNavigationAction *action;
  const char *uri;

  if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE)
    {
      WebKitResponsePolicyDecision *response = WEBKIT_RESPONSE_POLICY_DECISION (decision);
      WebKitURIResponse *answer = webkit_response_policy_decision_get_response (response);

      /* the vendor frame's page answered: says why an app that never gets
       * ready did not (an error status, or a page that will not be framed) */
      if (!webkit_response_policy_decision_is_main_frame_main_resource (response) &&
          rd_url_has_origin (webkit_uri_response_get_uri (answer), self->vendor_origin))
        g_signal_emit (self, signals[VENDOR_ANSWERED], 0, webkit_uri_response_get_status_code (answer));
      return FALSE;
    }

  action = webkit_navigation_policy_decision_get_navigation_action (WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));

  if (type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION && is_allowed_navigation (self, uri))
    {
      webkit_policy_decision_use (decision);
      return TRUE;
    }

  rd_web_leave_pane (GTK_WIDGET (self), decision, action, uri);
  return TRUE;
}

static gboolean
on_permission_request (WebKitWebView           *view,
                       WebKitPermissionRequest *request)
{
  /* the microphone, for dictation, in our proven page only; never the
   * camera or the screen */
  rd_web_answer_permission_request (request, showing_host_page (RD_REPORT_VIEW (view)) &&
                                             RD_REPORT_VIEW (view)->proven);
  return TRUE;
}

static gboolean
on_query_permission_state (WebKitWebView              *view,
                           WebKitPermissionStateQuery *query)
{
  rd_web_answer_permission_query (query, RD_REPORT_VIEW (view)->vendor_origin);
  return TRUE;
}

static void schedule_reload (RdReportView *self);

static void
on_load_changed (WebKitWebView   *view,
                 WebKitLoadEvent  event)
{
  RdReportView *self = RD_REPORT_VIEW (view);

  if (event == WEBKIT_LOAD_STARTED)
    {
      self->proven = FALSE;   /* a new page proves itself anew */
      g_signal_emit (self, signals[PAGE_LOADING], 0);
    }
  else if (event == WEBKIT_LOAD_COMMITTED && !showing_host_page (self))
    {
      /* The vendor page took over the whole pane: the policy cannot tell a
       * top-level navigation from a frame's, so put the host page back. */
      g_warning ("the reporting app navigated the whole pane away; reloading");
      schedule_reload (self);
    }
  else if (event == WEBKIT_LOAD_FINISHED && showing_host_page (self))
    g_signal_emit (self, signals[PAGE_LOADED], 0);
}

static gboolean
on_reload_due (gpointer user_data)
{
  RdReportView *self = user_data;

  self->reload_id = 0;
  rd_report_view_load (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reload (RdReportView *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->last_crash == 0 || now - self->last_crash > CRASH_RESET_US)
    self->crash_backoff_ms = CRASH_BACKOFF_MIN_MS;
  else
    self->crash_backoff_ms = MIN (self->crash_backoff_ms * 2, CRASH_BACKOFF_MAX_MS);
  self->last_crash = now;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->reload_id = g_timeout_add (self->crash_backoff_ms, on_reload_due, self);
}

static void
on_web_process_terminated (WebKitWebView                     *view,
                           WebKitWebProcessTerminationReason  reason)
{
  RdReportView *self = RD_REPORT_VIEW (view);

  if (reason == WEBKIT_WEB_PROCESS_TERMINATED_BY_API)
    g_info ("the reporting page's web process was stopped; reloading");
  else
    g_warning ("the reporting page's web process %s; reloading",
               reason == WEBKIT_WEB_PROCESS_EXCEEDED_MEMORY_LIMIT ? "ran out of memory" : "crashed");
  g_signal_emit (self, signals[PAGE_LOADING], 0);
  schedule_reload (self);
}

static gboolean
on_load_failed (WebKitWebView   *view,
                WebKitLoadEvent  event,
                const char      *uri,
                GError          *error)
{
  RdReportView *self = RD_REPORT_VIEW (view);

  if (g_error_matches (error, WEBKIT_NETWORK_ERROR, WEBKIT_NETWORK_ERROR_CANCELLED) ||
      g_error_matches (error, WEBKIT_POLICY_ERROR, WEBKIT_POLICY_ERROR_FRAME_LOAD_INTERRUPTED_BY_POLICY_CHANGE))
    return FALSE;
  g_warning ("the host page failed to load: %s; retrying", error->message);
  schedule_reload (self);
  return FALSE;
}

void
rd_report_view_load (RdReportView *self)
{
  g_return_if_fail (RD_IS_REPORT_VIEW (self));

  g_clear_handle_id (&self->reload_id, g_source_remove);
  rd_trace ("host-page-load");
  webkit_web_view_load_uri (WEBKIT_WEB_VIEW (self), self->host_page_url);
}

const char *
rd_report_view_get_vendor_origin (RdReportView *self)
{
  g_return_val_if_fail (RD_IS_REPORT_VIEW (self), NULL);

  return self->vendor_origin;
}

guint
rd_report_view_get_n_rejected (RdReportView *self)
{
  g_return_val_if_fail (RD_IS_REPORT_VIEW (self), 0);

  return self->n_rejected;
}

void
rd_report_view_set_fake_microphone (RdReportView *self,
                                    gboolean      fake)
{
  g_return_if_fail (RD_IS_REPORT_VIEW (self));

  webkit_settings_set_enable_mock_capture_devices (webkit_web_view_get_settings (WEBKIT_WEB_VIEW (self)), fake);
}

RdReportView *
rd_report_view_new (WebKitNetworkSession *session,
                    const char           *host_page_url,
                    const char           *vendor_origin,
                    const char           *page_proof)
{
  g_autoptr(WebKitSettings) settings = rd_web_settings_new ();
  g_autoptr(WebKitUserContentManager) content = webkit_user_content_manager_new ();

  webkit_settings_set_enable_media_stream (settings, TRUE);
  return g_object_new (RD_TYPE_REPORT_VIEW,
                       "network-session", session,
                       "settings", settings,
                       "user-content-manager", content,
                       "host-page-url", host_page_url,
                       "vendor-origin", vendor_origin,
                       "page-proof", page_proof,
                       NULL);
}

static void
rd_report_view_constructed (GObject *object)
{
  RdReportView *self = RD_REPORT_VIEW (object);
  WebKitUserContentManager *content = webkit_web_view_get_user_content_manager (WEBKIT_WEB_VIEW (self));
  g_autoptr(GBytes) source = NULL;
  g_autoptr(WebKitUserScript) script = NULL;
  g_autofree char *pattern = NULL;
  const char *allow_list[2] = { NULL, NULL };

  G_OBJECT_CLASS (rd_report_view_parent_class)->constructed (object);

  self->host_origin = rd_url_get_origin (self->host_page_url, NULL);
  g_assert (self->host_origin != NULL);

  self->world = g_strdup_printf ("reportdock-%08x%08x", g_random_int (), g_random_int ());
  g_signal_connect_object (content, "script-message-received::rdbridge",
                           G_CALLBACK (on_bridge_message), self, 0);
  if (!webkit_user_content_manager_register_script_message_handler (content, "rdbridge", self->world))
    g_error ("cannot register the bridge message handler");

  source = g_resources_lookup_data ("/io/github/reportdock/ReportDock/host/bridge.js",
                                    G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  /* WebKit's URL patterns cannot name a port: any localhost page, and the
   * navigation policy keeps the top frame on our host page. */
  pattern = g_strdup ("http://localhost/*");
  allow_list[0] = pattern;
  script = webkit_user_script_new_for_world (g_bytes_get_data (source, NULL),
                                             WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                             WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_START,
                                             self->world, allow_list, NULL);
  webkit_user_content_manager_add_script (content, script);
  rd_web_point_microphone (content, webkit_web_view_get_settings (WEBKIT_WEB_VIEW (self)));

  g_signal_connect (self, "decide-policy", G_CALLBACK (on_decide_policy), NULL);
  g_signal_connect (self, "permission-request", G_CALLBACK (on_permission_request), NULL);
  g_signal_connect (self, "query-permission-state", G_CALLBACK (on_query_permission_state), NULL);
  g_signal_connect (self, "load-changed", G_CALLBACK (on_load_changed), NULL);
  g_signal_connect (self, "load-failed", G_CALLBACK (on_load_failed), NULL);
  g_signal_connect (self, "web-process-terminated", G_CALLBACK (on_web_process_terminated), NULL);
}

static void
rd_report_view_dispose (GObject *object)
{
  RdReportView *self = RD_REPORT_VIEW (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  G_OBJECT_CLASS (rd_report_view_parent_class)->dispose (object);
}

static void
rd_report_view_finalize (GObject *object)
{
  RdReportView *self = RD_REPORT_VIEW (object);

  g_free (self->host_page_url);
  g_free (self->host_origin);
  g_free (self->vendor_origin);
  g_free (self->world);
  g_free (self->page_proof);
  G_OBJECT_CLASS (rd_report_view_parent_class)->finalize (object);
}

static void
rd_report_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RdReportView *self = RD_REPORT_VIEW (object);

  switch (prop_id)
    {
    case PROP_HOST_PAGE_URL:
      self->host_page_url = g_value_dup_string (value);
      break;
    case PROP_VENDOR_ORIGIN:
      self->vendor_origin = g_value_dup_string (value);
      break;
    case PROP_PAGE_PROOF:
      self->page_proof = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_report_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RdReportView *self = RD_REPORT_VIEW (object);

  switch (prop_id)
    {
    case PROP_HOST_PAGE_URL:
      g_value_set_string (value, self->host_page_url);
      break;
    case PROP_VENDOR_ORIGIN:
      g_value_set_string (value, self->vendor_origin);
      break;
    case PROP_PAGE_PROOF:
      g_value_set_string (value, self->page_proof);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_report_view_class_init (RdReportViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = rd_report_view_constructed;
  object_class->dispose = rd_report_view_dispose;
  object_class->finalize = rd_report_view_finalize;
  object_class->set_property = rd_report_view_set_property;
  object_class->get_property = rd_report_view_get_property;

  properties[PROP_HOST_PAGE_URL] =
    g_param_spec_string ("host-page-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VENDOR_ORIGIN] =
    g_param_spec_string ("vendor-origin", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE_PROOF] =
    g_param_spec_string ("page-proof", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* An accepted message from the vendor iframe, as JSON. */
  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* The host page (re)loads, or its web process died: the handshake restarts. */
  signals[PAGE_LOADING] =
    g_signal_new ("page-loading", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[PAGE_LOADED] =
    g_signal_new ("page-loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The vendor iframe's page answered, with this HTTP status. */
  signals[VENDOR_ANSWERED] =
    g_signal_new ("vendor-answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
rd_report_view_init (RdReportView *self)
{
}
