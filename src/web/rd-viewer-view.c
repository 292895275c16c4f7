/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-viewer-view"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-viewer-view.h"
#include "rd-web-session.h"

/* The image viewer pane: any http(s) page the template points at, in its
 * own network session. It gets no device access and opens no windows.
 *
 * It keeps the URL of the study it was asked for. WebKit reverts a view to
 * the last committed page when a load fails, and leaves it empty when its
 * web process dies (a crash, or the memory pressure handler killing it on
 * a busy workstation): the study asked for is loaded again then, with a
 * growing delay, so the pane never stays on nothing, or on an older page,
 * without saying so. */

#define CRASH_RETRY_FIRST_MS 300
#define CRASH_RETRIES        5
#define CHECK_DELAY_MS       1000
#define NO_START_US          (10 * G_USEC_PER_SEC)   /* a load that never starts */

struct _RdViewerView
{
  WebKitWebView  parent_instance;

  char          *wanted;      /* the URL asked for, or NULL */
  RdViewerState  state;
  char          *reason;      /* why it failed, or NULL */
  gboolean       started;     /* the load of wanted has started (not an older one's events) */
  gint64         asked_at;    /* monotonic µs of its last load_uri */
  guint          retries;     /* reloads after crashes, for this URL */
  guint          retry_id;
  guint          check_id;    /* looks again once the view has stopped loading */
};

G_DEFINE_FINAL_TYPE (RdViewerView, rd_viewer_view, WEBKIT_TYPE_WEB_VIEW)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
rd_viewer_state_to_string (RdViewerState state)
{
  switch (state)
    {
    case RD_VIEWER_STATE_NONE:
      return "none";
    case RD_VIEWER_STATE_LOADING:
      return "loading";
    case RD_VIEWER_STATE_SHOWING:
      return "showing";
    case RD_VIEWER_STATE_FAILED:
      return "failed";
    default:
      g_return_val_if_reached ("none");
    }
}

static void
set_state (RdViewerView  *self,
           RdViewerState  state,
           const char    *reason)
{
  gboolean changed = self->state != state || g_strcmp0 (self->reason, reason) != 0;

  self->state = state;
  g_free (self->reason);
  self->reason = g_strdup (reason);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

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

static void
on_load_changed (WebKitWebView   *view,
                 WebKitLoadEvent  event)
{
  RdViewerView *self = RD_VIEWER_VIEW (view);

  g_debug ("viewer load event %d", event);
  if (self->wanted == NULL || self->retry_id != 0)
    return;
  /* events of an older load may still arrive after ours was asked for;
   * ours starts after it was asked for (its URI is not known yet then: the
   * first load of a view says "") */
  if (event == WEBKIT_LOAD_STARTED)
    self->started = TRUE;
  /* the page asked for has loaded (it may have moved within itself since,
   * a viewer's router: what counts is that this load was ours) */
  else if (event == WEBKIT_LOAD_FINISHED && self->started && self->state == RD_VIEWER_STATE_LOADING)
    set_state (self, RD_VIEWER_STATE_SHOWING, NULL);
}

static gboolean
on_load_failed (WebKitWebView   *view,
                WebKitLoadEvent  event,
                const char      *uri,
                GError          *error)
{
  RdViewerView *self = RD_VIEWER_VIEW (view);

  g_debug ("viewer load failed: %s", error->message);
  /* another load took over (the next study, a blank): not a failure */
  if (g_error_matches (error, WEBKIT_NETWORK_ERROR, WEBKIT_NETWORK_ERROR_CANCELLED) ||
      g_error_matches (error, WEBKIT_POLICY_ERROR, WEBKIT_POLICY_ERROR_FRAME_LOAD_INTERRUPTED_BY_POLICY_CHANGE) ||
      self->wanted == NULL || self->retry_id != 0 ||
      (!self->started && g_strcmp0 (uri, self->wanted) != 0))
    return FALSE;
  /* the URL names the patient: it stays out of the log */
  g_warning ("the image viewer's page failed to load: %s", error->message);
  set_state (self, RD_VIEWER_STATE_FAILED, error->message);
  return FALSE;
}

static gboolean
on_retry_due (gpointer user_data)
{
  RdViewerView *self = user_data;

  self->retry_id = 0;
  self->started = FALSE;
  self->asked_at = g_get_monotonic_time ();
  if (self->wanted != NULL)
    webkit_web_view_load_uri (WEBKIT_WEB_VIEW (self), self->wanted);
  return G_SOURCE_REMOVE;
}

/* Loads wanted again after a growing delay, or gives up after a few. */
static void
retry (RdViewerView *self,
       const char   *why)
{
  if (self->retries >= CRASH_RETRIES)
    {
      g_warning ("the image viewer %s again; giving up after %u reloads", why, self->retries);
      set_state (self, RD_VIEWER_STATE_FAILED, _("The image viewer stopped working"));
      return;
    }
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add (CRASH_RETRY_FIRST_MS << self->retries, on_retry_due, self);
  self->retries++;
}

/* The view stopped loading, yet the study's page neither loaded nor failed:
 * its load was cancelled by something other than us (seen on a loaded CI
 * machine: the first load of a view ended with no page and no error). */
static gboolean
on_check_due (gpointer user_data)
{
  RdViewerView *self = user_data;

  if (self->wanted == NULL || self->state != RD_VIEWER_STATE_LOADING)
    {
      self->check_id = 0;
      return G_SOURCE_REMOVE;
    }
  if (self->retry_id == 0 && !webkit_web_view_is_loading (WEBKIT_WEB_VIEW (self)))
    {
      g_info ("the image viewer's load of the study ended without its page; loading it again");
      retry (self, "did not load the study's page");
    }
  /* WebKit can also stay "loading" and never start (stopped before its
   * web process took the request) */
  else if (self->retry_id == 0 && !self->started && g_get_monotonic_time () - self->asked_at > NO_START_US)
    {
      g_info ("the image viewer's load of the study never started; loading it again");
      retry (self, "did not start loading the study's page");
    }
  /* looked at again while the study's page is still awaited */
  return G_SOURCE_CONTINUE;
}

static void
watch_loading (RdViewerView *self)
{
  if (self->check_id == 0)
    self->check_id = g_timeout_add (CHECK_DELAY_MS, on_check_due, self);
}

static void
on_is_loading (RdViewerView *self)
{
  g_debug ("viewer %s", webkit_web_view_is_loading (WEBKIT_WEB_VIEW (self)) ? "loading" : "idle");
  /* load-changed and load-failed may come after is-loading: look later */
  if (!webkit_web_view_is_loading (WEBKIT_WEB_VIEW (self)))
    watch_loading (self);
}

static void
on_web_process_terminated (WebKitWebView                     *view,
                           WebKitWebProcessTerminationReason  reason)
{
  RdViewerView *self = RD_VIEWER_VIEW (view);
  const char *what = reason == WEBKIT_WEB_PROCESS_EXCEEDED_MEMORY_LIMIT ? "ran out of memory"
                     : reason == WEBKIT_WEB_PROCESS_TERMINATED_BY_API ? "was stopped" : "crashed";

  if (self->wanted == NULL)
    {
      g_info ("the image viewer's web process %s; nothing to show again", what);
      return;
    }
  if (reason == WEBKIT_WEB_PROCESS_TERMINATED_BY_API)
    g_info ("the image viewer's web process %s; loading the study's images again", what);
  else
    g_warning ("the image viewer's web process %s; loading the study's images again", what);
  set_state (self, RD_VIEWER_STATE_LOADING, _("The image viewer stopped; opening the images again"));
  retry (self, "web process stopped");
}

/* Loads url (a study's page) and follows it until it has loaded. */
void
rd_viewer_view_show (RdViewerView *self,
                     const char   *url)
{
  g_return_if_fail (RD_IS_VIEWER_VIEW (self));
  g_return_if_fail (url != NULL);

  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_free (self->wanted);
  self->wanted = g_strdup (url);
  self->retries = 0;
  self->started = FALSE;
  self->asked_at = g_get_monotonic_time ();
  set_state (self, RD_VIEWER_STATE_LOADING, NULL);
  webkit_web_view_load_uri (WEBKIT_WEB_VIEW (self), url);
  /* a load may also end without a word (seen under load: no page, no
   * error, the view idle): looked at every little while until it shows */
  watch_loading (self);
}

/* Leaves no page behind: what was shown goes, if anything ever was. */
void
rd_viewer_view_blank (RdViewerView *self)
{
  g_return_if_fail (RD_IS_VIEWER_VIEW (self));

  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_pointer (&self->wanted, g_free);
  set_state (self, RD_VIEWER_STATE_NONE, NULL);
  if (webkit_web_view_get_uri (WEBKIT_WEB_VIEW (self)) != NULL)
    webkit_web_view_load_uri (WEBKIT_WEB_VIEW (self), "about:blank");
}

RdViewerState
rd_viewer_view_get_state (RdViewerView *self)
{
  g_return_val_if_fail (RD_IS_VIEWER_VIEW (self), RD_VIEWER_STATE_NONE);

  return self->state;
}

const char *
rd_viewer_view_get_reason (RdViewerView *self)
{
  g_return_val_if_fail (RD_IS_VIEWER_VIEW (self), NULL);

  return self->reason;
}

/* The URL of the study asked for, or NULL. */
const char *
rd_viewer_view_get_wanted (RdViewerView *self)
{
  g_return_val_if_fail (RD_IS_VIEWER_VIEW (self), NULL);

  return self->wanted;
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
rd_viewer_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RdViewerView *self = RD_VIEWER_VIEW (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_viewer_view_dispose (GObject *object)
{
  RdViewerView *self = RD_VIEWER_VIEW (object);

  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->check_id, g_source_remove);
  G_OBJECT_CLASS (rd_viewer_view_parent_class)->dispose (object);
}

static void
rd_viewer_view_finalize (GObject *object)
{
  RdViewerView *self = RD_VIEWER_VIEW (object);

  g_free (self->wanted);
  g_free (self->reason);
  G_OBJECT_CLASS (rd_viewer_view_parent_class)->finalize (object);
}

static void
rd_viewer_view_class_init (RdViewerViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = rd_viewer_view_get_property;
  object_class->dispose = rd_viewer_view_dispose;
  object_class->finalize = rd_viewer_view_finalize;

  /* an RdViewerState (an int: the web layer registers no enum types) */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, RD_VIEWER_STATE_NONE, RD_VIEWER_STATE_FAILED, RD_VIEWER_STATE_NONE,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_viewer_view_init (RdViewerView *self)
{
  g_signal_connect (self, "decide-policy", G_CALLBACK (on_decide_policy), NULL);
  g_signal_connect (self, "permission-request", G_CALLBACK (on_permission_request), NULL);
  g_signal_connect (self, "load-changed", G_CALLBACK (on_load_changed), NULL);
  g_signal_connect (self, "load-failed", G_CALLBACK (on_load_failed), NULL);
  g_signal_connect (self, "web-process-terminated", G_CALLBACK (on_web_process_terminated), NULL);
  g_signal_connect (self, "notify::is-loading", G_CALLBACK (on_is_loading), NULL);
}
