/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-window"

#include "config.h"

#include "rd-window-private.h"
#include "rd-settings-keys.h"
#include "rd-placement.h"

#include <glib/gi18n-lib.h>

/* Where the image viewer is: beside the report, in a window of its own,
 * or hidden (report only); moved, never reloaded. */

static gboolean
on_viewer_window_close (RdWindow *self)
{
  /* closing the viewer's window puts the viewer back beside the report */
  if (!self->closing)
    g_settings_set_boolean (self->settings, RD_KEY_VIEWER_WINDOW, FALSE);
  return TRUE;   /* apply_layout destroys it */
}

/* Where the viewer lives: beside the report, or in its own window (the
 * viewer-window setting, remembered, restored at start). The viewer is
 * moved, not reloaded: the images on screen stay. */
void
rd_window_apply_layout (RdWindow *self)
{
  gboolean separate = g_settings_get_boolean (self->settings, RD_KEY_VIEWER_WINDOW);

  if (self->viewer == NULL)
    return;
  if (separate && self->viewer_window == NULL)
    {
      GtkWidget *viewer = GTK_WIDGET (self->viewer_pane);

      g_object_ref (viewer);
      gtk_paned_set_start_child (self->paned, NULL);
      self->viewer_window = rd_viewer_window_new (gtk_window_get_application (GTK_WINDOW (self)), GTK_WIDGET (self));
      rd_viewer_window_set_content (self->viewer_window, viewer);
      g_object_unref (viewer);
      g_signal_connect_object (self->viewer_window, "close-request", G_CALLBACK (on_viewer_window_close), self,
                               G_CONNECT_SWAPPED);
      rd_placement_restore (GTK_WINDOW (self->viewer_window), self->state, "viewer-window", GTK_WINDOW (self));
      rd_window_update_banner (self);   /* fills in the new window's banner too */
      gtk_window_present (GTK_WINDOW (self->viewer_window));
      rd_window_load_pending_viewer (self);
    }
  else if (!separate && self->viewer_window != NULL)
    {
      g_autoptr(GtkWidget) viewer = NULL;

      rd_placement_save (GTK_WINDOW (self->viewer_window), self->state, "viewer-window");
      viewer = rd_viewer_window_take_content (self->viewer_window);
      gtk_window_destroy (GTK_WINDOW (self->viewer_window));
      self->viewer_window = NULL;
      gtk_paned_set_start_child (self->paned, viewer);
    }
}

RdViewerWindow *
rd_window_get_viewer_window (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);

  return self->viewer_window;
}

/* For GetStatus: "window", "pane", "hidden" (report only) or "none" (no viewer set up). */
const char *
rd_window_get_viewer_layout (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);

  if (self->viewer == NULL)
    return "none";
  if (self->viewer_window != NULL)
    return "window";
  return gtk_widget_get_visible (GTK_WIDGET (self->viewer_pane)) ? "pane" : "hidden";
}

/* The viewer's share of a window this wide: the report pane gets 45 % of
 * it, and never less than its minimum. */
int
rd_window_default_viewer_width (int window_width)
{
  return MAX (0, window_width - MAX (RD_WINDOW_REPORT_MIN_WIDTH, window_width * 45 / 100));
}
