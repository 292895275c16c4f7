/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-viewer-view"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-url.h"
#include "rd-viewer-view-private.h"
#include "rd-web-session.h"

/* The image viewer pane: any http(s) page the template points at, in its
 * own network session. It gets no device access and opens no windows.
 *
 * It keeps the URL of the study it was asked for. WebKit reverts a view to
 * the last committed page when a load fails, and leaves it empty when its
 * web process dies (a crash, or the memory pressure handler killing it on
 * a busy workstation): the study asked for is loaded again then, with a
 * growing delay, so the pane never stays on nothing, or on an older page,
 * without saying so.
 *
 * "Showing" means painted, not merely loaded: until a page has painted,
 * the view still holds the previous page's last frame (the previous
 * patient's images). A script in a private world (data/viewer/cue.js)
 * says when the page asked for has painted, or, with a viewer profile that
 * has a cue, when the study's first image is drawn; whoever shows the view
 * keeps it covered until then.
 *
 * A profile that switches in the page (OHIF) gets the next study through
 * its own router (history.pushState), keeping its code and caches loaded:
 * only its cue can say the new study is on screen, and if it never does,
 * the study's page is loaded afresh. The study list request's answer says
 * when the archive has no such study. Navigation away from the viewer's
 * own page (its study list: other patients) is refused. */

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
    case RD_VIEWER_STATE_NOT_FOUND:
      return "not-found";
    default:
      g_return_val_if_reached ("none");
    }
}

void
rd_viewer_view_set_state (RdViewerView  *self,
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

/* The running page can take the next study itself. */
static gboolean
can_switch_in_page (RdViewerView *self,
                    const char   *url,
                    const char   *study_uid)
{
  g_autofree char *origin = rd_url_get_origin (url, NULL);

  return origin != NULL && self->profile != NULL && rd_viewer_profile_switches_in_page (self->profile) &&
         study_uid != NULL && self->page_alive && self->retry_id == 0 &&
         (self->state == RD_VIEWER_STATE_SHOWING || self->state == RD_VIEWER_STATE_NOT_FOUND ||
          (self->state == RD_VIEWER_STATE_LOADING && self->in_page)) &&
         !webkit_web_view_is_loading (WEBKIT_WEB_VIEW (self)) &&
         /* its router takes any address of its site (after a study it
          * lacked, OHIF is on its own "not found" page) */
         rd_url_has_origin (webkit_web_view_get_uri (WEBKIT_WEB_VIEW (self)), origin);
}

/* Shows url, the page of the study study_uid (NULL: unknown): inside the
 * running page where the profile can, else by loading it; and follows it
 * until the study is on screen. */
void
rd_viewer_view_show (RdViewerView *self,
                     const char   *url,
                     const char   *study_uid)
{
  g_return_if_fail (RD_IS_VIEWER_VIEW (self));
  g_return_if_fail (url != NULL);

  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (study_uid != NULL && study_uid[0] == '\0')
    study_uid = NULL;
  if (can_switch_in_page (self, url, study_uid))
    {
      g_autofree char *script = rd_viewer_view_page_call ("switchTo", url, study_uid);

      g_free (self->wanted);
      self->wanted = g_strdup (url);
      g_free (self->wanted_uid);
      self->wanted_uid = g_strdup (study_uid);
      self->retries = 0;
      self->in_page = TRUE;
      g_clear_handle_id (&self->grace_id, g_source_remove);
      g_clear_handle_id (&self->in_page_id, g_source_remove);
      rd_viewer_view_set_state (self, RD_VIEWER_STATE_LOADING, NULL);
      rd_viewer_view_call_page (self, script);
      self->in_page_id = g_timeout_add (IN_PAGE_LIMIT_MS, rd_viewer_view_on_in_page_too_slow, self);
      return;
    }
  g_free (self->wanted);
  self->wanted = g_strdup (url);
  g_free (self->wanted_uid);
  self->wanted_uid = g_strdup (study_uid);
  self->retries = 0;
  rd_viewer_view_set_state (self, RD_VIEWER_STATE_LOADING, NULL);
  rd_viewer_view_load_wanted (self);
  /* a load may also end without a word (seen under load: no page, no
   * error, the view idle): looked at every little while until it shows */
  rd_viewer_view_watch_loading (self);
}

/* Leaves no page behind: what was shown goes, if anything ever was. */
void
rd_viewer_view_blank (RdViewerView *self)
{
  g_return_if_fail (RD_IS_VIEWER_VIEW (self));

  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->grace_id, g_source_remove);
  g_clear_handle_id (&self->in_page_id, g_source_remove);
  g_clear_pointer (&self->wanted, g_free);
  g_clear_pointer (&self->wanted_uid, g_free);
  self->in_page = FALSE;
  self->page_alive = FALSE;
  rd_viewer_view_set_state (self, RD_VIEWER_STATE_NONE, NULL);
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

/* The UID of the study asked for, or NULL. */
const char *
rd_viewer_view_get_wanted_study_uid (RdViewerView *self)
{
  g_return_val_if_fail (RD_IS_VIEWER_VIEW (self), NULL);

  return self->wanted_uid;
}

RdViewerView *
rd_viewer_view_new (WebKitNetworkSession *session,
                    RdViewerProfile      *profile)
{
  g_autoptr(WebKitSettings) settings = rd_web_settings_new ();
  g_autoptr(WebKitUserContentManager) content = webkit_user_content_manager_new ();
  /* a context of its own: its web processes are the viewer's alone, and
   * load the viewer's extension (SharedArrayBuffer for its workers) */
  g_autoptr(WebKitWebContext) context = webkit_web_context_new ();
  RdViewerView *self;

  webkit_web_context_set_cache_model (context, WEBKIT_CACHE_MODEL_DOCUMENT_BROWSER);
  rd_web_context_load_extension (context, "viewer");
  self = g_object_new (RD_TYPE_VIEWER_VIEW,
                       "web-context", context,
                       "network-session", session,
                       "settings", settings,
                       "user-content-manager", content,
                       NULL);

  self->profile = profile != NULL ? rd_viewer_profile_ref (profile) : NULL;
  self->has_cue = profile != NULL && rd_viewer_profile_has_shown_cue (profile);
  rd_viewer_view_init_cue (self);
  return self;
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
  g_clear_handle_id (&self->grace_id, g_source_remove);
  g_clear_handle_id (&self->in_page_id, g_source_remove);
  G_OBJECT_CLASS (rd_viewer_view_parent_class)->dispose (object);
}

static void
rd_viewer_view_finalize (GObject *object)
{
  RdViewerView *self = RD_VIEWER_VIEW (object);

  g_free (self->wanted);
  g_free (self->reason);
  g_free (self->world);
  g_free (self->wanted_uid);
  g_clear_pointer (&self->profile, rd_viewer_profile_unref);
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
    g_param_spec_int ("state", NULL, NULL, RD_VIEWER_STATE_NONE, RD_VIEWER_STATE_NOT_FOUND, RD_VIEWER_STATE_NONE,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_viewer_view_init (RdViewerView *self)
{
  g_signal_connect (self, "decide-policy", G_CALLBACK (on_decide_policy), NULL);
  g_signal_connect (self, "permission-request", G_CALLBACK (on_permission_request), NULL);
  rd_viewer_view_init_loading (self);
}
