/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-help-overlay.h"

/* The Keyboard Shortcuts window (win.show-help-overlay, Ctrl+?) is built
 * the first time it is asked for. GTK would build one for every window as
 * the window is made, from gtk/help-overlay.ui, which costs ~8 ms of the
 * main thread while the report's web process starts; so the file lives
 * outside gtk/ and is built here on demand. */

#define HELP_OVERLAY "/io/github/reportdock/ReportDock/help-overlay.ui"

static void
show_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkApplicationWindow *window = user_data;
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (HELP_OVERLAY);

  /* GTK adds its own action only where the name is free: it shows the
   * window from now on (this action is kept alive by its activation) */
  g_action_map_remove_action (G_ACTION_MAP (window), "show-help-overlay");
  gtk_application_window_set_help_overlay (window, GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder,
                                                                                                  "help_overlay")));
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
}

void
rd_help_overlay_install (GtkApplicationWindow *window)
{
  g_autoptr(GSimpleAction) action = g_simple_action_new ("show-help-overlay", NULL);

  g_signal_connect_object (action, "activate", G_CALLBACK (show_activated), window, 0);
  g_action_map_add_action (G_ACTION_MAP (window), G_ACTION (action));
}
