/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-viewer-pane.h"

/* The image viewer's page under a cover that says what it waits for.
 *
 * A web view keeps showing the last frame its page painted until the next
 * page paints: right after a switch that frame is the previous patient's
 * images. So the cover goes up the moment another study is asked for and
 * comes down only when the viewer says the new study is shown (its page
 * painted, or the viewer profile's own cue). The page stays mapped under
 * the cover: a hidden web view would not paint, and so never be ready.
 * The cover takes the pointer; the page cannot be focused under it. */

struct _RdViewerPane
{
  GtkWidget     parent_instance;

  GtkOverlay   *overlay;
  GtkWidget    *cover;
  GtkLabel     *message;
  RdViewerView *view;     /* unowned: the overlay holds it */
};

G_DEFINE_FINAL_TYPE (RdViewerPane, rd_viewer_pane, GTK_TYPE_WIDGET)

static void
uncover (RdViewerPane *self)
{
  gtk_widget_set_visible (self->cover, FALSE);
  gtk_widget_set_focusable (GTK_WIDGET (self->view), TRUE);
}

/* Covers the page, saying message, until the viewer shows the study. */
void
rd_viewer_pane_cover (RdViewerPane *self,
                      const char   *message)
{
  g_return_if_fail (RD_IS_VIEWER_PANE (self));

  gtk_label_set_label (self->message, message);
  if (self->view != NULL)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

      gtk_widget_set_focusable (GTK_WIDGET (self->view), FALSE);
      /* typing must not reach the page behind the cover */
      if (focus != NULL && (focus == GTK_WIDGET (self->view) ||
                            gtk_widget_is_ancestor (focus, GTK_WIDGET (self->view))))
        gtk_root_set_focus (root, NULL);
    }
  gtk_widget_set_visible (self->cover, TRUE);
}

static void
on_view_state (RdViewerPane *self)
{
  RdViewerState state = rd_viewer_view_get_state (self->view);
  const char *reason = rd_viewer_view_get_reason (self->view);
  g_autofree char *text = NULL;

  switch (state)
    {
    case RD_VIEWER_STATE_SHOWING:
      uncover (self);
      break;
    case RD_VIEWER_STATE_FAILED:
      text = g_strdup_printf (_("The images could not be loaded: %s"), reason);
      rd_viewer_pane_cover (self, text);
      break;
    case RD_VIEWER_STATE_NOT_FOUND:
      rd_viewer_pane_cover (self, _("The image archive has no images for this study."));
      break;
    case RD_VIEWER_STATE_LOADING:
      /* the window said whose images are coming; a reload says why */
      if (reason != NULL)
        rd_viewer_pane_cover (self, reason);
      else
        rd_viewer_pane_cover (self, gtk_label_get_label (self->message));
      break;
    case RD_VIEWER_STATE_NONE:
    default:
      rd_viewer_pane_cover (self, gtk_label_get_label (self->message));
      break;
    }
}

void
rd_viewer_pane_set_view (RdViewerPane *self,
                         RdViewerView *view)
{
  g_return_if_fail (RD_IS_VIEWER_PANE (self));
  g_return_if_fail (self->view == NULL);

  self->view = view;
  gtk_overlay_set_child (self->overlay, GTK_WIDGET (view));
  g_signal_connect_object (view, "notify::state", G_CALLBACK (on_view_state), self, G_CONNECT_SWAPPED);
  on_view_state (self);
}

/* What the cover says (whether or not it is up). */
const char *
rd_viewer_pane_get_message (RdViewerPane *self)
{
  g_return_val_if_fail (RD_IS_VIEWER_PANE (self), NULL);

  return gtk_label_get_label (self->message);
}

/* Whether the page itself is what the pane shows now. */
gboolean
rd_viewer_pane_is_showing_page (RdViewerPane *self)
{
  g_return_val_if_fail (RD_IS_VIEWER_PANE (self), FALSE);

  return self->view != NULL && !gtk_widget_get_visible (self->cover);
}

static void
rd_viewer_pane_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RD_TYPE_VIEWER_PANE);
  G_OBJECT_CLASS (rd_viewer_pane_parent_class)->dispose (object);
}

static void
rd_viewer_pane_class_init (RdViewerPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_viewer_pane_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/reportdock/ReportDock/rd-viewer-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, RdViewerPane, overlay);
  gtk_widget_class_bind_template_child (widget_class, RdViewerPane, cover);
  gtk_widget_class_bind_template_child (widget_class, RdViewerPane, message);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rd_viewer_pane_init (RdViewerPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
