/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-window"

#include "config.h"

#include "rd-keymap.h"
#include "rd-viewer-window.h"
#include "rd-help-overlay.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* The image viewer in a window of its own, for a diagnostic monitor: the
 * same viewer (moved, not reloaded) under a patient banner of its own, so
 * that no window shows images without saying whose. Its "win." actions
 * are the main window's — the dictation shortcuts work whichever
 * ReportDock window has the focus. Closing it puts the viewer back. */

struct _RdViewerWindow
{
  GtkApplicationWindow parent_instance;

  GtkWidget *main_window;   /* unowned: it owns us */
  GtkBox    *box;
  GtkLabel  *patient;
  GtkWidget *content;
};

G_DEFINE_FINAL_TYPE (RdViewerWindow, rd_viewer_window, GTK_TYPE_APPLICATION_WINDOW)

static void
forward_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  RdViewerWindow *self = user_data;
  g_autofree char *detailed = g_strconcat ("win.", g_action_get_name (G_ACTION (action)), NULL);

  if (self->main_window != NULL)
    gtk_widget_activate_action_variant (self->main_window, detailed, parameter);
}

static void
add_forward (RdViewerWindow *self,
             const char     *name)
{
  g_autoptr(GSimpleAction) action = g_simple_action_new (name, NULL);

  g_signal_connect_object (action, "activate", G_CALLBACK (forward_activated), self, 0);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
}

void
rd_viewer_window_set_content (RdViewerWindow *self,
                              GtkWidget      *content)
{
  g_return_if_fail (RD_IS_VIEWER_WINDOW (self));

  g_return_if_fail (self->content == NULL);
  self->content = content;
  gtk_widget_set_vexpand (content, TRUE);
  gtk_box_append (self->box, content);
}

/* the viewer, taken out to go back into the main window (a new reference) */
GtkWidget *
rd_viewer_window_take_content (RdViewerWindow *self)
{
  GtkWidget *content = NULL;

  g_return_val_if_fail (RD_IS_VIEWER_WINDOW (self), NULL);
  content = self->content;

  if (content == NULL)
    return NULL;
  g_object_ref (content);
  gtk_box_remove (self->box, content);
  self->content = NULL;
  return content;
}

void
rd_viewer_window_set_patient (RdViewerWindow *self,
                              const char     *text,
                              const char     *accessible)
{
  g_autofree char *title = g_strdup_printf (_("Images — %s"), text);

  g_return_if_fail (RD_IS_VIEWER_WINDOW (self));

  gtk_label_set_label (self->patient, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->patient), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible ? accessible : text, -1);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

const char *
rd_viewer_window_get_patient (RdViewerWindow *self)
{
  g_return_val_if_fail (RD_IS_VIEWER_WINDOW (self), NULL);

  return gtk_label_get_label (self->patient);
}

RdViewerWindow *
rd_viewer_window_new (GtkApplication *application,
                      GtkWidget      *main_window)
{
  RdViewerWindow *self = g_object_new (RD_TYPE_VIEWER_WINDOW, "application", application, NULL);

  GAction *viewer_window = g_action_map_lookup_action (G_ACTION_MAP (main_window), "viewer-window");

  self->main_window = main_window;
  /* every "win." action a button, key or menu may ask for */
  for (const char * const *name = rd_action_names (); *name != NULL; name++)
    {
      const char *detailed = rd_action_detailed_name (*name);

      if (g_str_has_prefix (detailed, "win."))
        add_forward (self, detailed + strlen ("win."));
    }
  /* Shift+F9 and the menu put it back: the main window's own action (the
   * setting), so that the menu shows its state with a check mark */
  if (viewer_window != NULL)
    g_action_map_add_action (G_ACTION_MAP (self), viewer_window);
  else
    add_forward (self, "viewer-window");
  return self;
}

static void
rd_viewer_window_dispose (GObject *object)
{
  /* the main window's action outlives this window: let go of it here, so
   * that it never reports a state change to a window that is gone */
  g_action_map_remove_action (G_ACTION_MAP (object), "viewer-window");
  G_OBJECT_CLASS (rd_viewer_window_parent_class)->dispose (object);
}

static void
rd_viewer_window_class_init (RdViewerWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rd_viewer_window_dispose;

  /* F11 and the menu: fullscreen on the monitor it is on, remembered with
   * the layout; the window's own property, so the menu shows its state */
  gtk_widget_class_install_property_action (widget_class, "viewer.fullscreen", "fullscreened");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "viewer.fullscreen", NULL);
}

/* The main window's kind of header bar: the title (whose images), and a
 * menu of what belongs to this window. */
static GtkWidget *
header_bar_new (void)
{
  GtkWidget *header = gtk_header_bar_new ();
  GtkWidget *menu_button = gtk_menu_button_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) layout = g_menu_new ();
  g_autoptr(GMenu) help = g_menu_new ();

  g_menu_append (layout, _("Image Viewer in Its Own _Window"), "win.viewer-window");
  g_menu_append (layout, _("_Fullscreen"), "viewer.fullscreen");
  g_menu_append (help, _("_Keyboard Shortcuts"), "win.show-help-overlay");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (layout));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (help));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "open-menu-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), G_MENU_MODEL (menu));
  gtk_menu_button_set_primary (GTK_MENU_BUTTON (menu_button), TRUE);
  gtk_widget_set_tooltip_text (menu_button, _("Main Menu"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Main Menu"), -1);
  gtk_header_bar_pack_end (GTK_HEADER_BAR (header), menu_button);
  return header;
}

static void
rd_viewer_window_init (RdViewerWindow *self)
{
  GtkWidget *banner = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_window_set_icon_name (GTK_WINDOW (self), APP_ID);
  gtk_window_set_titlebar (GTK_WINDOW (self), header_bar_new ());
  rd_help_overlay_install (GTK_APPLICATION_WINDOW (self));
  self->box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  self->patient = GTK_LABEL (gtk_label_new (_("No study open")));
  gtk_label_set_xalign (self->patient, 0);
  gtk_label_set_wrap (self->patient, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->patient), "banner-mrn");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->patient), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("No study open"), -1);
  gtk_widget_add_css_class (banner, "patient-banner");
  gtk_box_append (GTK_BOX (banner), GTK_WIDGET (self->patient));
  gtk_box_append (self->box, banner);
  gtk_window_set_child (GTK_WINDOW (self), GTK_WIDGET (self->box));
  gtk_window_set_title (GTK_WINDOW (self), _("Images — ReportDock"));
}
