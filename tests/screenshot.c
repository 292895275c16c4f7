/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "screenshot.h"

typedef struct {
  GtkWidget     *window;
  GdkPaintable  *paintable;
  int            width, height;
  GskRenderNode *node;
} Shot;

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  Shot *shot = user_data;
  g_autoptr(GtkSnapshot) snapshot = NULL;

  if (shot->node != NULL)
    return;
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (shot->paintable, snapshot, shot->width, shot->height);
  shot->node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (shot->node == NULL)
    gtk_widget_queue_draw (shot->window);   /* not laid out yet: the next frame */
}

/* A picture of the window for a person to look at: tests/artifacts/. */
void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "artifacts", NULL);
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC;

  /* let the web views paint what they last received */
  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  /* A paintable is empty between a queued redraw and the next frame, and a
   * window that changes every second (the recording clock, a level meter)
   * is rarely between frames when we look: take the picture right after a
   * frame is painted, when the window is laid out. */
  paintable = gtk_widget_paintable_new (window);
  {
    Shot shot = { window, paintable, gtk_widget_get_width (window), gtk_widget_get_height (window), NULL };
    GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
    gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &shot);
    gint64 give_up = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    gtk_widget_queue_draw (window);
    while (shot.node == NULL && g_get_monotonic_time () < give_up)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (2000);
      }
    g_signal_handler_disconnect (clock, handler);
    node = shot.node;
  }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node, NULL);
  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}
