/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-viewer-view"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-url.h"
#include "rd-viewer-view.h"
#include "rd-web-session.h"

#include <json-glib/json-glib.h>
#include <string.h>

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

#define CRASH_RETRY_FIRST_MS 300
#define CRASH_RETRIES        5
#define CHECK_DELAY_MS       1000
#define NO_START_US          (10 * G_USEC_PER_SEC)   /* a load that never starts */
#define PAINT_GRACE_MS       2000   /* loaded, yet no word of a paint (scripts blocked) */
#define CUE_GRACE_MS         3000   /* painted, yet the profile's cue has not come */
#define IN_PAGE_LIMIT_MS     8000   /* a switch in the page that never says it is shown */

struct _RdViewerView
{
  WebKitWebView  parent_instance;

  RdViewerProfile *profile;
  char          *wanted;      /* the URL asked for, or NULL */
  char          *wanted_uid;  /* its study's UID, or NULL */
  gboolean       in_page;     /* wanted was asked of the running page */
  gboolean       page_alive;  /* a page of the viewer's own has loaded, and its process lives */
  guint          in_page_id;  /* gives up on a switch in the page */
  RdViewerState  state;
  char          *reason;      /* why it failed, or NULL */
  gboolean       started;     /* the load of wanted has started (not an older one's events) */
  gboolean       committed;   /* ... and its document replaced the previous one */
  gboolean       finished;    /* ... and it has loaded: its cue is awaited */
  gboolean       has_cue;     /* the profile names the page's cue of a study shown */
  char          *world;       /* the private script world of the paint cue */
  guint          grace_id;    /* shows a loaded page whose cue never came */
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
    case RD_VIEWER_STATE_NOT_FOUND:
      return "not-found";
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

/* The study asked for is on screen. */
static void
shown (RdViewerView *self)
{
  g_clear_handle_id (&self->grace_id, g_source_remove);
  g_clear_handle_id (&self->in_page_id, g_source_remove);
  if ((self->committed || self->in_page) && self->state == RD_VIEWER_STATE_LOADING)
    set_state (self, RD_VIEWER_STATE_SHOWING, NULL);
}

static gboolean
on_grace_over (gpointer user_data)
{
  RdViewerView *self = user_data;

  self->grace_id = 0;
  /* a page of its own, loaded or painted a while ago: the previous page's
   * frame is long gone, whatever the cue */
  g_info ("the image viewer's page gave no cue that the study is shown; showing the page");
  shown (self);
  return G_SOURCE_REMOVE;
}

static void
start_grace (RdViewerView *self,
             guint         ms)
{
  if (self->grace_id == 0 && !self->in_page)
    self->grace_id = g_timeout_add (ms, on_grace_over, self);
}

/* The archive has no such study: the pane says so rather than wait. */
static void
not_found (RdViewerView *self)
{
  g_clear_handle_id (&self->grace_id, g_source_remove);
  g_clear_handle_id (&self->in_page_id, g_source_remove);
  if (self->state == RD_VIEWER_STATE_LOADING || self->state == RD_VIEWER_STATE_SHOWING)
    {
      g_info ("the image archive has no images for the study asked for");
      set_state (self, RD_VIEWER_STATE_NOT_FOUND, NULL);
    }
}

/* What the archive's answer to the viewer says of the study (status 0:
 * seen by the page; body_size -1: unknown). */
static void
judge_listing (RdViewerView *self,
               const char   *uid,
               const char   *uri,
               guint         status,
               gint64        body_size)
{
  g_autofree char *reason = NULL;

  if (g_strcmp0 (uid, self->wanted_uid) != 0 || self->profile == NULL)
    return;
  switch (rd_viewer_profile_judge_listing (self->profile, uid, uri, status, body_size))
    {
    case RD_VIEWER_ANSWER_MISSING:
      not_found (self);
      break;
    case RD_VIEWER_ANSWER_FAILED:
      g_warning ("the image archive answered the viewer's request for the study's series with HTTP %u", status);
      reason = g_strdup_printf (_("the image archive answered HTTP %u"), status);
      g_clear_handle_id (&self->grace_id, g_source_remove);
      g_clear_handle_id (&self->in_page_id, g_source_remove);
      set_state (self, RD_VIEWER_STATE_FAILED, reason);
      break;
    case RD_VIEWER_ANSWER_NONE:
    default:
      break;
    }
}

/* What the page's script says: {painted: true}, {shown: UID} or
 * {listed: UID, url, size}. */
static void
on_cue (WebKitUserContentManager *content,
        JSCValue                 *value,
        RdViewerView             *self)
{
  g_autoptr(JSCValue) painted = NULL;
  g_autoptr(JSCValue) study = NULL;
  g_autoptr(JSCValue) listed = NULL;

  if (!jsc_value_is_object (value) || self->wanted == NULL)
    return;
  painted = jsc_value_object_get_property (value, "painted");
  study = jsc_value_object_get_property (value, "shown");
  listed = jsc_value_object_get_property (value, "listed");
  if (jsc_value_to_boolean (painted) && !self->in_page)
    {
      g_debug ("viewer page painted");
      /* with a cue of its own, the first paint is the viewer's frame
       * without the images yet: the cue (or a while) tells */
      if (!self->has_cue || self->wanted_uid == NULL)
        shown (self);
      else
        start_grace (self, CUE_GRACE_MS);
    }
  else if (jsc_value_is_string (study))
    {
      g_autofree char *uid = jsc_value_to_string (study);

      g_debug ("viewer shows the study asked for: %s", g_strcmp0 (uid, self->wanted_uid) == 0 ? "yes" : "no");
      if (g_strcmp0 (uid, self->wanted_uid) == 0)
        shown (self);
    }
  /* {listed: UID, url, size}: the page got the study's series list */
  else if (jsc_value_is_string (listed) && self->state == RD_VIEWER_STATE_LOADING)
    {
      g_autofree char *uid = jsc_value_to_string (listed);
      g_autoptr(JSCValue) url = jsc_value_object_get_property (value, "url");
      g_autoptr(JSCValue) size = jsc_value_object_get_property (value, "size");
      g_autofree char *url_text = jsc_value_is_string (url) ? jsc_value_to_string (url) : NULL;

      if (url_text != NULL && jsc_value_is_number (size))
        judge_listing (self, uid, url_text, 0, (gint64) jsc_value_to_double (size));
    }
}

/* The viewer's request for the study's series has its answer. */
static void
on_listing_finished (WebKitWebResource *resource,
                     RdViewerView      *self)
{
  WebKitURIResponse *response = webkit_web_resource_get_response (resource);

  if (response != NULL && (self->state == RD_VIEWER_STATE_LOADING || self->state == RD_VIEWER_STATE_SHOWING))
    judge_listing (self, self->wanted_uid, webkit_web_resource_get_uri (resource),
                   webkit_uri_response_get_status_code (response), -1);
}

static void
on_resource_load_started (WebKitWebView     *view,
                          WebKitWebResource *resource,
                          WebKitURIRequest  *request)
{
  RdViewerView *self = RD_VIEWER_VIEW (view);

  if (self->profile != NULL && self->wanted_uid != NULL &&
      rd_viewer_profile_is_study_listing (self->profile, self->wanted_uid, webkit_uri_request_get_uri (request)))
    g_signal_connect_object (resource, "finished", G_CALLBACK (on_listing_finished), self, 0);
}

/* Runs script in the cue's world of the page. */
static void
call_page (RdViewerView *self,
           const char   *script)
{
  webkit_web_view_evaluate_javascript (WEBKIT_WEB_VIEW (self), script, -1, self->world, NULL, NULL, NULL, NULL);
}

/* rdViewer.NAME("arg", "arg") with the arguments as JSON strings. */
static char *
page_call (const char *name,
           const char *first,
           const char *second)
{
  g_autoptr(GString) script = g_string_new ("rdViewer.");
  g_autoptr(JsonNode) a = json_node_init_string (json_node_alloc (), first);
  g_autofree char *first_json = json_to_string (a, FALSE);

  g_string_append_printf (script, "%s(%s", name, first_json);
  if (second != NULL)
    {
      g_autoptr(JsonNode) b = json_node_init_string (json_node_alloc (), second);
      g_autofree char *text = json_to_string (b, FALSE);

      g_string_append_printf (script, ", %s", text);
    }
  g_string_append (script, ")");
  return g_string_free (g_steal_pointer (&script), FALSE);
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
  else if (event == WEBKIT_LOAD_COMMITTED && self->started)
    {
      self->committed = TRUE;
      self->page_alive = TRUE;
      /* the page's script waits for the study's own cue */
      if (self->wanted_uid != NULL)
        {
          g_autofree char *script = page_call ("expect", self->wanted_uid, NULL);

          call_page (self, script);
        }
    }
  /* the page asked for has loaded (it may have moved within itself since,
   * a viewer's router: what counts is that this load was ours) */
  else if (event == WEBKIT_LOAD_FINISHED && self->committed && self->state == RD_VIEWER_STATE_LOADING)
    {
      WebKitWebResource *main = webkit_web_view_get_main_resource (view);
      WebKitURIResponse *response = main != NULL ? webkit_web_resource_get_response (main) : NULL;
      guint status = response != NULL ? webkit_uri_response_get_status_code (response) : 0;

      self->finished = TRUE;
      /* an error page is not the study's images, whatever it paints */
      if (status >= 400)
        {
          g_autofree char *reason = g_strdup_printf (_("the viewer answered HTTP %u"), status);

          g_warning ("the image viewer's page answered HTTP %u", status);
          set_state (self, RD_VIEWER_STATE_FAILED, reason);
        }
      else
        start_grace (self, PAINT_GRACE_MS);
    }
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

/* A fresh load of the study's page (not a switch inside the page). */
static void
load_wanted (RdViewerView *self)
{
  self->started = FALSE;
  self->committed = FALSE;
  self->finished = FALSE;
  self->in_page = FALSE;
  g_clear_handle_id (&self->grace_id, g_source_remove);
  g_clear_handle_id (&self->in_page_id, g_source_remove);
  self->asked_at = g_get_monotonic_time ();
  if (self->wanted != NULL)
    webkit_web_view_load_uri (WEBKIT_WEB_VIEW (self), self->wanted);
}

static gboolean
on_retry_due (gpointer user_data)
{
  RdViewerView *self = user_data;

  self->retry_id = 0;
  load_wanted (self);
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
  /* loaded, or switched inside the page: its cue is awaited, with a limit */
  if (self->finished || self->in_page)
    return G_SOURCE_CONTINUE;
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

  self->page_alive = FALSE;
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

static gboolean
on_in_page_too_slow (gpointer user_data)
{
  RdViewerView *self = user_data;

  self->in_page_id = 0;
  g_info ("the image viewer did not say it shows the study after a switch in its page; loading its page");
  load_wanted (self);
  watch_loading (self);
  return G_SOURCE_REMOVE;
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

/* The page moved off the study's page after showing it: its study list
 * (every patient of the archive), a link elsewhere. The pane is for one
 * study: it goes back to it. While loading, redirects (a sign-in page)
 * are the viewer's own business. */
static void
on_uri_changed (RdViewerView *self)
{
  const char *uri = webkit_web_view_get_uri (WEBKIT_WEB_VIEW (self));

  if (self->wanted == NULL || uri == NULL || g_str_equal (uri, "about:blank") || rd_url_is_within_page (uri, self->wanted) ||
      (self->state != RD_VIEWER_STATE_SHOWING && self->state != RD_VIEWER_STATE_NOT_FOUND))
    return;
  g_info ("the image viewer left the study's page; opening the study again");
  set_state (self, RD_VIEWER_STATE_LOADING, _("The viewer left the study; opening its images again"));
  load_wanted (self);
  watch_loading (self);
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
      g_autofree char *script = page_call ("switchTo", url, study_uid);

      g_free (self->wanted);
      self->wanted = g_strdup (url);
      g_free (self->wanted_uid);
      self->wanted_uid = g_strdup (study_uid);
      self->retries = 0;
      self->in_page = TRUE;
      g_clear_handle_id (&self->grace_id, g_source_remove);
      g_clear_handle_id (&self->in_page_id, g_source_remove);
      set_state (self, RD_VIEWER_STATE_LOADING, NULL);
      call_page (self, script);
      self->in_page_id = g_timeout_add (IN_PAGE_LIMIT_MS, on_in_page_too_slow, self);
      return;
    }
  g_free (self->wanted);
  self->wanted = g_strdup (url);
  g_free (self->wanted_uid);
  self->wanted_uid = g_strdup (study_uid);
  self->retries = 0;
  set_state (self, RD_VIEWER_STATE_LOADING, NULL);
  load_wanted (self);
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
  g_clear_handle_id (&self->grace_id, g_source_remove);
  g_clear_handle_id (&self->in_page_id, g_source_remove);
  g_clear_pointer (&self->wanted, g_free);
  g_clear_pointer (&self->wanted_uid, g_free);
  self->in_page = FALSE;
  self->page_alive = FALSE;
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

/* The cue's script, in a world of our own: the page can neither forge nor
 * silence it. The profile's cue goes in front of it as rdViewerCue. */
static void
add_cue_script (RdViewerView *self)
{
  WebKitUserContentManager *content = webkit_web_view_get_user_content_manager (WEBKIT_WEB_VIEW (self));
  g_autoptr(GBytes) source = g_resources_lookup_data ("/io/github/reportdock/ReportDock/viewer/cue.js",
                                                      G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autofree char *cue = self->profile != NULL ? rd_viewer_profile_shown_cue_json (self->profile) : NULL;
  g_autofree char *text = NULL;
  g_autoptr(WebKitUserScript) script = NULL;

  g_assert (source != NULL);
  self->world = g_strdup_printf ("reportdock-viewer-%08x%08x", g_random_int (), g_random_int ());
  g_signal_connect_object (content, "script-message-received::rdviewer", G_CALLBACK (on_cue), self, 0);
  if (!webkit_user_content_manager_register_script_message_handler (content, "rdviewer", self->world))
    g_critical ("cannot register the viewer's cue");
  text = g_strdup_printf ("const rdViewerCue = %s;\n%s", cue != NULL ? cue : "null",
                          (const char *) g_bytes_get_data (source, NULL));
  script = webkit_user_script_new_for_world (text, WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                             WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_START,
                                             self->world, NULL, NULL);
  webkit_user_content_manager_add_script (content, script);
  if (cue != NULL)
    {
      g_autoptr(GBytes) relay = g_resources_lookup_data ("/io/github/reportdock/ReportDock/viewer/relay.js",
                                                         G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      g_autofree char *relay_text = g_strdup_printf ("const rdViewerCue = %s;\n%s", cue,
                                                     (const char *) g_bytes_get_data (relay, NULL));
      g_autoptr(WebKitUserScript) relay_script =
        webkit_user_script_new (relay_text, WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_START, NULL, NULL);

      webkit_user_content_manager_add_script (content, relay_script);
    }
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
  add_cue_script (self);
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
  g_signal_connect (self, "load-changed", G_CALLBACK (on_load_changed), NULL);
  g_signal_connect (self, "resource-load-started", G_CALLBACK (on_resource_load_started), NULL);
  g_signal_connect (self, "notify::uri", G_CALLBACK (on_uri_changed), NULL);
  g_signal_connect (self, "load-failed", G_CALLBACK (on_load_failed), NULL);
  g_signal_connect (self, "web-process-terminated", G_CALLBACK (on_web_process_terminated), NULL);
  g_signal_connect (self, "notify::is-loading", G_CALLBACK (on_is_loading), NULL);
}
