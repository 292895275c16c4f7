/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-viewer-view"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-viewer-view-private.h"

#include <json-glib/json-glib.h>

/* What the viewer's page says of itself, through a script in a private
 * world (data/viewer/cue.js): painted, the study shown (the profile's
 * cue), and the archive's answer to the study's series list. */

/* The study asked for is on screen. */
void
rd_viewer_view_shown (RdViewerView *self)
{
  g_clear_handle_id (&self->grace_id, g_source_remove);
  g_clear_handle_id (&self->in_page_id, g_source_remove);
  if ((self->committed || self->in_page) && self->state == RD_VIEWER_STATE_LOADING)
    rd_viewer_view_set_state (self, RD_VIEWER_STATE_SHOWING, NULL);
}

static gboolean
on_grace_over (gpointer user_data)
{
  RdViewerView *self = user_data;

  self->grace_id = 0;
  /* a page of its own, loaded or painted a while ago: the previous page's
   * frame is long gone, whatever the cue */
  g_info ("the image viewer's page gave no cue that the study is shown; showing the page");
  rd_viewer_view_shown (self);
  return G_SOURCE_REMOVE;
}

void
rd_viewer_view_start_grace (RdViewerView *self,
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
      rd_viewer_view_set_state (self, RD_VIEWER_STATE_NOT_FOUND, NULL);
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
      rd_viewer_view_set_state (self, RD_VIEWER_STATE_FAILED, reason);
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
        rd_viewer_view_shown (self);
      else
        rd_viewer_view_start_grace (self, CUE_GRACE_MS);
    }
  else if (jsc_value_is_string (study))
    {
      g_autofree char *uid = jsc_value_to_string (study);

      g_debug ("viewer shows the study asked for: %s", g_strcmp0 (uid, self->wanted_uid) == 0 ? "yes" : "no");
      if (g_strcmp0 (uid, self->wanted_uid) == 0)
        rd_viewer_view_shown (self);
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
void
rd_viewer_view_call_page (RdViewerView *self,
           const char   *script)
{
  webkit_web_view_evaluate_javascript (WEBKIT_WEB_VIEW (self), script, -1, self->world, NULL, NULL, NULL, NULL);
}

/* rdViewer.NAME("arg", "arg") with the arguments as JSON strings. */
char *
rd_viewer_view_page_call (const char *name,
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

/* The cue's script, in a world of our own: the page can neither forge nor
 * silence it. The profile's cue goes in front of it as rdViewerCue. */
void
rd_viewer_view_init_cue (RdViewerView *self)
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
  g_signal_connect (self, "resource-load-started", G_CALLBACK (on_resource_load_started), NULL);
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
