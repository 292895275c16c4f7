/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-window"

#include "config.h"

#include "rd-layout.h"
#include "rd-placement.h"

/* A window's size, maximized and fullscreen state and monitor, kept in
 * PREFIX-width, -height, -maximized, -fullscreen and -monitor. GTK 4 does
 * not place windows (X11 and Wayland alike: the window manager decides
 * where a normal window opens); a fullscreen window is put on its monitor
 * (gtk_window_fullscreen_on_monitor), which is how a viewer goes to a
 * diagnostic monitor and stays there. */

static char *
key (const char *prefix,
     const char *name)
{
  return g_strdup_printf ("%s-%s", prefix, name);
}

/* the connector of the monitor the window is on, or NULL */
char *
rd_placement_connector (GtkWindow *window)
{
  GdkSurface *surface = gtk_widget_get_realized (GTK_WIDGET (window))
    ? gtk_native_get_surface (GTK_NATIVE (window)) : NULL;
  GdkMonitor *monitor = surface ? gdk_display_get_monitor_at_surface (gtk_widget_get_display (GTK_WIDGET (window)),
                                                                      surface) : NULL;

  return monitor && gdk_monitor_get_connector (monitor) ? g_strdup (gdk_monitor_get_connector (monitor)) : NULL;
}

static GdkMonitor *
pick_monitor (GtkWindow  *window,
              const char *wanted,
              GtkWindow  *other)
{
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (window)));
  guint n = g_list_model_get_n_items (monitors);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) connectors = NULL;
  g_autofree char *avoid = other ? rd_placement_connector (other) : NULL;
  int index;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);
      const char *connector = gdk_monitor_get_connector (monitor);

      g_strv_builder_add (builder, connector ? connector : "");
    }
  connectors = g_strv_builder_end (builder);
  index = rd_layout_pick_monitor (wanted, (const char * const *) connectors, avoid);
  return index >= 0 ? g_list_model_get_item (monitors, index) : NULL;
}

void
rd_placement_restore (GtkWindow  *window,
                      GSettings  *settings,
                      const char *prefix,
                      GtkWindow  *other)
{
  g_autofree char *width = key (prefix, "width"), *height = key (prefix, "height");
  g_autofree char *maximized = key (prefix, "maximized"), *fullscreen = key (prefix, "fullscreen");
  g_autofree char *monitor_key = key (prefix, "monitor");
  g_autofree char *wanted = g_settings_get_string (settings, monitor_key);

  gtk_window_set_default_size (window, g_settings_get_int (settings, width), g_settings_get_int (settings, height));
  if (g_settings_get_boolean (settings, maximized))
    gtk_window_maximize (window);
  if (g_settings_get_boolean (settings, fullscreen))
    {
      g_autoptr(GdkMonitor) monitor = pick_monitor (window, wanted, other);

      if (monitor != NULL)
        gtk_window_fullscreen_on_monitor (window, monitor);
      else
        gtk_window_fullscreen (window);
    }
}

void
rd_placement_save (GtkWindow  *window,
                   GSettings  *settings,
                   const char *prefix)
{
  g_autofree char *width_key = key (prefix, "width"), *height_key = key (prefix, "height");
  g_autofree char *maximized = key (prefix, "maximized"), *fullscreen = key (prefix, "fullscreen");
  g_autofree char *monitor_key = key (prefix, "monitor");
  g_autofree char *connector = rd_placement_connector (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_boolean (settings, maximized, gtk_window_is_maximized (window));
  g_settings_set_boolean (settings, fullscreen, gtk_window_is_fullscreen (window));
  if (!gtk_window_is_maximized (window) && !gtk_window_is_fullscreen (window) && width > 0 && height > 0)
    {
      g_settings_set_int (settings, width_key, width);
      g_settings_set_int (settings, height_key, height);
    }
  if (connector != NULL)
    g_settings_set_string (settings, monitor_key, connector);
}
