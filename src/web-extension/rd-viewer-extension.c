/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loaded into the image viewer's web processes only (the viewer has a web
 * context of its own; the reporting app's processes never load it).
 *
 * Image viewers decode and render large studies in workers that share
 * memory through SharedArrayBuffer. WebKitGTK 2.50 does not expose it to
 * pages, cross-origin isolated or not, and has no setting for it; its
 * JavaScript engine does when the option useSharedArrayBuffer is on before
 * the first page's script runs (WebKit bug 317847 proposes a per-process
 * switch upstream). This sets that option, here and nowhere else. */
#include <webkit/webkit-web-process-extension.h>

G_MODULE_EXPORT void webkit_web_process_extension_initialize (WebKitWebProcessExtension *extension);

G_MODULE_EXPORT void
webkit_web_process_extension_initialize (WebKitWebProcessExtension *extension)
{
  if (!jsc_options_set_boolean ("useSharedArrayBuffer", TRUE))
    g_warning ("the image viewer's web process could not turn on SharedArrayBuffer");
}
