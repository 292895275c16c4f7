/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loaded into ReportDock's web processes, which say what they are for
 * (src/web/rd-web-session.c, rd_web_context_load_extension): "viewer" for
 * the image viewer's own web context, "report" for the reporting apps'. */
#include "rd-pulse-first.h"

#include <webkit/webkit-web-process-extension.h>

G_MODULE_EXPORT void webkit_web_process_extension_initialize_with_user_data (WebKitWebProcessExtension *extension,
                                                                             const GVariant            *user_data);

/* Image viewers decode and render large studies in workers that share
 * memory through SharedArrayBuffer. WebKitGTK 2.50 does not expose it to
 * pages, cross-origin isolated or not, and has no setting for it; its
 * JavaScript engine does when the option useSharedArrayBuffer is on before
 * the first page's script runs (WebKit bug 317847 proposes a per-process
 * switch upstream). This sets that option, for the viewer and nowhere else. */
static void
init_viewer (void)
{
  if (!jsc_options_set_boolean ("useSharedArrayBuffer", TRUE))
    g_warning ("the image viewer's web process could not turn on SharedArrayBuffer");
}

/* The reporting pages' capture goes through the same provider as
 * ReportDock's own view of the inputs (rd-pulse-first.h says why).
 *
 * And no OpenAL output: with no sound server and no sound card, GStreamer's
 * automatic audio sink falls through to OpenAL's (gstreamer1.0-plugins-bad,
 * which MediaRecorder's AAC encoder needs), which opens but cannot play;
 * WebKit then crashes the page's process as soon as Web Audio renders (an
 * AudioWorklet reading the microphone). Without it the sink is a silent
 * one and the page goes on. */
static void
init_report (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstPluginFeature) openal = NULL;

  if (!gst_init_check (NULL, NULL, &error))
    {
      g_warning ("GStreamer cannot start in the reporting page's process: %s", error->message);
      return;
    }
  rd_pulse_first ();
  openal = gst_registry_lookup_feature (gst_registry_get (), "openalsink");
  if (openal != NULL)
    gst_plugin_feature_set_rank (openal, GST_RANK_NONE);
}

G_MODULE_EXPORT void
webkit_web_process_extension_initialize_with_user_data (WebKitWebProcessExtension *extension,
                                                        const GVariant            *user_data)
{
  const char *role = user_data && g_variant_is_of_type ((GVariant *) user_data, G_VARIANT_TYPE_STRING)
                     ? g_variant_get_string ((GVariant *) user_data, NULL) : "";

  if (g_str_equal (role, "viewer"))
    init_viewer ();
  else if (g_str_equal (role, "report"))
    init_report ();
}
