/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-viewer-view"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-viewer-view-private.h"

#include "rd-url.h"

/* Loading the study's page, and never staying on nothing or on an older
 * page without saying so: a failed load, a web process that died, a load
 * that ended without a word are loaded again, with a growing delay. */

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
          g_autofree char *script = rd_viewer_view_page_call ("expect", self->wanted_uid, NULL);

          rd_viewer_view_call_page (self, script);
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
          rd_viewer_view_set_state (self, RD_VIEWER_STATE_FAILED, reason);
        }
      else
        rd_viewer_view_start_grace (self, PAINT_GRACE_MS);
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
  rd_viewer_view_set_state (self, RD_VIEWER_STATE_FAILED, error->message);
  return FALSE;
}

/* A fresh load of the study's page (not a switch inside the page). */
void
rd_viewer_view_load_wanted (RdViewerView *self)
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
  rd_viewer_view_load_wanted (self);
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
      rd_viewer_view_set_state (self, RD_VIEWER_STATE_FAILED, _("The image viewer stopped working"));
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

void
rd_viewer_view_watch_loading (RdViewerView *self)
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
    rd_viewer_view_watch_loading (self);
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
  rd_viewer_view_set_state (self, RD_VIEWER_STATE_LOADING, _("The image viewer stopped; opening the images again"));
  retry (self, "web process stopped");
}

gboolean
rd_viewer_view_on_in_page_too_slow (gpointer user_data)
{
  RdViewerView *self = user_data;

  self->in_page_id = 0;
  g_info ("the image viewer did not say it shows the study after a switch in its page; loading its page");
  rd_viewer_view_load_wanted (self);
  rd_viewer_view_watch_loading (self);
  return G_SOURCE_REMOVE;
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
  rd_viewer_view_set_state (self, RD_VIEWER_STATE_LOADING, _("The viewer left the study; opening its images again"));
  rd_viewer_view_load_wanted (self);
  rd_viewer_view_watch_loading (self);
}

void
rd_viewer_view_init_loading (RdViewerView *self)
{
  g_signal_connect (self, "load-changed", G_CALLBACK (on_load_changed), NULL);
  g_signal_connect (self, "notify::uri", G_CALLBACK (on_uri_changed), NULL);
  g_signal_connect (self, "load-failed", G_CALLBACK (on_load_failed), NULL);
  g_signal_connect (self, "web-process-terminated", G_CALLBACK (on_web_process_terminated), NULL);
  g_signal_connect (self, "notify::is-loading", G_CALLBACK (on_is_loading), NULL);
}
