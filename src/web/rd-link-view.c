/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-link-view"

#include "config.h"

#include "rd-link-view.h"
#include "rd-url.h"
#include "rd-web-session.h"

/* The same rules as the host-page pane (docs/embedding.md), for a vendor page
 * loaded top level: only its origin may load, only it gets the microphone,
 * never the camera or the screen. The link itself is a credential: it is
 * never logged. */

struct _RdLinkView
{
  WebKitWebView  parent_instance;

  char          *origin;   /* of the link being shown; NULL: none */
};

G_DEFINE_FINAL_TYPE (RdLinkView, rd_link_view, WEBKIT_TYPE_WEB_VIEW)

enum {
  CRASHED,
  LOAD_FAILED,
  SHOWN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
on_decide_policy (WebKitWebView            *view,
                  WebKitPolicyDecision     *decision,
                  WebKitPolicyDecisionType  type)
{
  RdLinkView *self = RD_LINK_VIEW (view);
  WebKitNavigationAction *action;
  const char *uri;

  if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE)
    return FALSE;
  action = webkit_navigation_policy_decision_get_navigation_action (WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));
  if (type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION &&
      (g_str_equal (uri, "about:blank") || (self->origin != NULL && rd_url_has_origin (uri, self->origin))))
    {
      webkit_policy_decision_use (decision);
      return TRUE;
    }
  rd_web_leave_pane (GTK_WIDGET (self), decision, action, uri);
  return TRUE;
}

static gboolean
showing_vendor (RdLinkView *self)
{
  const char *uri = webkit_web_view_get_uri (WEBKIT_WEB_VIEW (self));

  return self->origin != NULL && uri != NULL && rd_url_has_origin (uri, self->origin);
}

static gboolean
on_permission_request (WebKitWebView           *view,
                       WebKitPermissionRequest *request)
{
  rd_web_answer_permission_request (request, showing_vendor (RD_LINK_VIEW (view)));
  return TRUE;
}

static gboolean
on_query_permission_state (WebKitWebView              *view,
                           WebKitPermissionStateQuery *query)
{
  rd_web_answer_permission_query (query, RD_LINK_VIEW (view)->origin);
  return TRUE;
}

static void
on_web_process_terminated (WebKitWebView                     *view,
                           WebKitWebProcessTerminationReason  reason)
{
  if (reason != WEBKIT_WEB_PROCESS_TERMINATED_BY_API)
    g_warning ("the reporting page's web process %s",
               reason == WEBKIT_WEB_PROCESS_EXCEEDED_MEMORY_LIMIT ? "ran out of memory" : "crashed");
  /* the link may not work twice: the controller asks for a fresh one */
  g_signal_emit (view, signals[CRASHED], 0);
}

static gboolean
on_load_failed (WebKitWebView   *view,
                WebKitLoadEvent  event,
                const char      *uri,
                GError          *error)
{
  if (g_error_matches (error, WEBKIT_NETWORK_ERROR, WEBKIT_NETWORK_ERROR_CANCELLED) ||
      g_error_matches (error, WEBKIT_POLICY_ERROR, WEBKIT_POLICY_ERROR_FRAME_LOAD_INTERRUPTED_BY_POLICY_CHANGE))
    return FALSE;
  g_signal_emit (view, signals[LOAD_FAILED], 0, error->message);
  return FALSE;
}

static void
on_load_changed (WebKitWebView   *view,
                 WebKitLoadEvent  event)
{
  if (event == WEBKIT_LOAD_FINISHED && showing_vendor (RD_LINK_VIEW (view)))
    g_signal_emit (view, signals[SHOWN], 0);
}

gboolean
rd_link_view_load_link (RdLinkView *self,
                        const char *url)
{
  g_autofree char *origin = rd_url_get_origin (url, NULL);

  g_return_val_if_fail (RD_IS_LINK_VIEW (self), FALSE);

  if (origin == NULL)
    return FALSE;
  g_free (self->origin);
  self->origin = g_steal_pointer (&origin);
  webkit_web_view_load_uri (WEBKIT_WEB_VIEW (self), url);
  return TRUE;
}

void
rd_link_view_clear (RdLinkView *self)
{
  g_return_if_fail (RD_IS_LINK_VIEW (self));

  g_clear_pointer (&self->origin, g_free);
  webkit_web_view_load_uri (WEBKIT_WEB_VIEW (self), "about:blank");
}

const char *
rd_link_view_get_origin (RdLinkView *self)
{
  g_return_val_if_fail (RD_IS_LINK_VIEW (self), NULL);

  return self->origin;
}

RdLinkView *
rd_link_view_new (WebKitNetworkSession *session)
{
  g_autoptr(WebKitSettings) settings = rd_web_settings_new ();
  g_autoptr(WebKitUserContentManager) content = webkit_user_content_manager_new ();

  webkit_settings_set_enable_media_stream (settings, TRUE);
  rd_web_point_microphone (content, settings);
  return g_object_new (RD_TYPE_LINK_VIEW, "network-session", session, "settings", settings,
                       "user-content-manager", content, NULL);
}

static void
rd_link_view_finalize (GObject *object)
{
  g_free (RD_LINK_VIEW (object)->origin);
  G_OBJECT_CLASS (rd_link_view_parent_class)->finalize (object);
}

static void
rd_link_view_class_init (RdLinkViewClass *klass)
{
  WebKitWebViewClass *view_class = WEBKIT_WEB_VIEW_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = rd_link_view_finalize;
  view_class->decide_policy = on_decide_policy;
  view_class->permission_request = on_permission_request;
  view_class->query_permission_state = on_query_permission_state;
  view_class->web_process_terminated = on_web_process_terminated;
  view_class->load_failed = on_load_failed;
  view_class->load_changed = on_load_changed;

  signals[CRASHED] =
    g_signal_new ("crashed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* the vendor's page has loaded */
  signals[SHOWN] =
    g_signal_new ("shown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* (message) — never the URL */
  signals[LOAD_FAILED] =
    g_signal_new ("load-failed-message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
rd_link_view_init (RdLinkView *self)
{
}
