/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-window"

#include "config.h"

#include "rd-window-private.h"
#include "rd-settings-keys.h"
#include "rd-placement.h"

#include <glib/gi18n-lib.h>

/* Quitting with a report open: the reporting page is asked first (its
 * unsaved-changes question), and the window goes only when it agrees or
 * does not answer in time. */

#define CLOSE_ANSWER_TIMEOUT_MS 5000

static gboolean
close_now (gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

/* From an idle: the page may agree at once, from inside our own
 * close-request (a page still loading), where a nested close is lost. */
static void
approve_close (RdWindow *self)
{
  g_clear_handle_id (&self->close_timeout, g_source_remove);
  if (self->close_approved)
    return;
  self->close_approved = TRUE;
  g_idle_add_full (G_PRIORITY_DEFAULT, close_now, g_object_ref (self), g_object_unref);
}

static gboolean
on_close_timeout (gpointer user_data)
{
  RdWindow *self = user_data;

  self->close_timeout = 0;
  g_warning ("the reporting page did not answer the request to close within %d s; closing anyway",
             CLOSE_ANSWER_TIMEOUT_MS / 1000);
  approve_close (self);
  return G_SOURCE_REMOVE;
}

/* The page asks the user ("unsaved changes?"): that takes as long as it takes. */
static gboolean
on_report_script_dialog (RdWindow           *self,
                         WebKitScriptDialog *dialog)
{
  if (webkit_script_dialog_get_dialog_type (dialog) == WEBKIT_SCRIPT_DIALOG_BEFORE_UNLOAD_CONFIRM)
    g_clear_handle_id (&self->close_timeout, g_source_remove);
  return FALSE;
}

/* The vendor has left its report: now the page's own beforeunload. */
static void
on_ready_to_close (RdWindow *self)
{
  if (self->close_timeout != 0)
    webkit_web_view_try_close (rd_report_controller_get_web_view (self->controller));
}

gboolean
rd_window_close_request (GtkWindow *window)
{
  RdWindow *self = RD_WINDOW (window);

  /* A report open: the vendor leaves it its own way first (an iframe app
   * by close_report), then the page runs its own beforeunload and may keep
   * it open (WebKit emits "close" when it agrees). A page that never
   * answers does not keep ReportDock from closing. */
  if (!self->close_approved && rd_report_controller_get_study (self->controller) != NULL)
    {
      if (self->close_timeout == 0)
        {
          self->close_timeout = g_timeout_add (CLOSE_ANSWER_TIMEOUT_MS, on_close_timeout, self);
          rd_report_controller_prepare_close (self->controller);
        }
      return TRUE;
    }

  rd_placement_save (window, self->state, "window");
  if (self->viewer_window != NULL)
    {
      /* it goes with us; the layout stays for the next start */
      self->closing = TRUE;
      rd_placement_save (GTK_WINDOW (self->viewer_window), self->state, "viewer-window");
      gtk_window_destroy (GTK_WINDOW (self->viewer_window));
      self->viewer_window = NULL;
    }
  if (self->viewer != NULL && gtk_paned_get_start_child (self->paned) != NULL &&
      gtk_widget_get_visible (GTK_WIDGET (self->viewer_pane)))
    g_settings_set_int (self->state, RD_KEY_PANE_POSITION, gtk_paned_get_position (self->paned));

  return GTK_WINDOW_CLASS (g_type_class_peek (GTK_TYPE_APPLICATION_WINDOW))->close_request (window);
}

/* The report page's side of closing: it agrees ("close"), it asks the
 * user, the vendor has left its report. */
void
rd_window_watch_close (RdWindow  *self,
                       GtkWidget *report_view)
{
  g_signal_connect_object (report_view, "close", G_CALLBACK (approve_close), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->controller, "ready-to-close", G_CALLBACK (on_ready_to_close), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (report_view, "script-dialog", G_CALLBACK (on_report_script_dialog), self,
                           G_CONNECT_SWAPPED);
}
