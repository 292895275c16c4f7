/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-context.h"

/* Runs function in context's own thread, from any thread. Unlike
 * g_main_context_invoke(), never right away in the calling thread (which
 * that does whenever the calling thread can acquire the context, e.g. a
 * worker while the main loop is between iterations). */
void
rd_context_post (GMainContext   *context,
                 int             priority,
                 GSourceFunc     function,
                 gpointer        data,
                 GDestroyNotify  notify)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, priority);
  g_source_set_callback (source, function, data, notify);
  g_source_attach (source, context);
  g_source_unref (source);
}
