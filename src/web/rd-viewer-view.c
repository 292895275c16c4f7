/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-viewer-view"

#include "config.h"

#include "rd-viewer-view.h"
#include "rd-web-session.h"

/* The image viewer pane: any http(s) page the template points at, in its
 * own network session. It gets no device access and opens no windows. */

struct _RdViewerView
{
  WebKitWebView parent_instance;
};

G_DEFINE_FINAL_TYPE (RdViewerView, rd_viewer_view, WEBKIT_TYPE_WEB_VIEW)

static gboolean
on_decide_policy (WebKitWebView            *view,
                  WebKitPolicyDecision     *decision,
                  WebKitPolicyDecisionType  type)
{
  WebKitNavigationAction *action;
  const char *uri;

  if (type != WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION)
    return FALSE;
  action = webkit_navigation_policy_decision_get_navigation_action (WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));
  if (webkit_navigation_action_is_user_gesture (action))
    rd_web_open_externally (GTK_WIDGET (view), uri);
  webkit_policy_decision_ignore (decision);
  return TRUE;
}

static gboolean
on_permission_request (WebKitWebView           *view,
                       WebKitPermissionRequest *request)
{
  webkit_permission_request_deny (request);
  return TRUE;
}

RdViewerView *
rd_viewer_view_new (WebKitNetworkSession *session)
{
  g_autoptr(WebKitSettings) settings = rd_web_settings_new ();

  return g_object_new (RD_TYPE_VIEWER_VIEW,
                       "network-session", session,
                       "settings", settings,
                       NULL);
}

static void
rd_viewer_view_class_init (RdViewerViewClass *klass)
{
}

static void
rd_viewer_view_init (RdViewerView *self)
{
  g_signal_connect (self, "decide-policy", G_CALLBACK (on_decide_policy), NULL);
  g_signal_connect (self, "permission-request", G_CALLBACK (on_permission_request), NULL);
}
