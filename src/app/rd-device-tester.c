/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-preferences"

#include "config.h"

#include "rd-buttons.h"
#include "rd-device-tester.h"

#include <glib/gi18n-lib.h>

/* The dictation devices as they come and go, and a button tester: each
 * button's name lights while it is held, and the last press is named with
 * its device — "is this button read at all?" answered without a report. */

struct _RdDeviceTester
{
  GtkBox           parent_instance;

  RdDeviceMonitor *monitor;
  GtkLabel        *devices;
  GtkLabel        *last;
  GHashTable      *lamps;     /* button name → GtkLabel */
};

G_DEFINE_FINAL_TYPE (RdDeviceTester, rd_device_tester, GTK_TYPE_BOX)

static void
on_devices_changed (RdDeviceTester *self)
{
  gboolean problem = FALSE;
  g_autofree char *text = self->monitor ? rd_device_monitor_describe (self->monitor, &problem) : NULL;

  gtk_label_set_label (self->devices, text && text[0] ? text : _("No dictation device is connected."));
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->devices), "preferences-warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->devices), "preferences-warning");
}

static void
on_button (RdDeviceTester *self,
           const char     *device,
           const char     *path,
           guint           button,
           guint           edge,
           gint64          read_us)
{
  const char *name = rd_button_to_string (button);
  GtkWidget *lamp = name ? g_hash_table_lookup (self->lamps, name) : NULL;
  g_autofree char *text = NULL;

  if (lamp == NULL)
    return;
  if (edge == RD_EDGE_RELEASE)
    {
      gtk_widget_remove_css_class (lamp, "pressed");
      return;
    }
  gtk_widget_add_css_class (lamp, "pressed");
  text = g_strdup_printf (_("Last button: %s on %s"), rd_button_get_label (button), device);
  gtk_label_set_label (self->last, text);
}

const char *
rd_device_tester_get_devices (RdDeviceTester *self)
{
  g_return_val_if_fail (RD_IS_DEVICE_TESTER (self), NULL);

  return gtk_label_get_label (self->devices);
}

const char *
rd_device_tester_get_last (RdDeviceTester *self)
{
  g_return_val_if_fail (RD_IS_DEVICE_TESTER (self), NULL);

  return gtk_label_get_label (self->last);
}

gboolean
rd_device_tester_is_lit (RdDeviceTester *self,
                         const char     *button)
{
  GtkWidget *lamp = NULL;

  g_return_val_if_fail (RD_IS_DEVICE_TESTER (self), FALSE);
  lamp = g_hash_table_lookup (self->lamps, button);

  return lamp != NULL && gtk_widget_has_css_class (lamp, "pressed");
}

RdDeviceTester *
rd_device_tester_new (RdDeviceMonitor *monitor)
{
  RdDeviceTester *self = g_object_new (RD_TYPE_DEVICE_TESTER, "orientation", GTK_ORIENTATION_VERTICAL,
                                       "spacing", 6, NULL);

  if (monitor != NULL)
    {
      self->monitor = g_object_ref (monitor);
      g_signal_connect_object (monitor, "devices-changed", G_CALLBACK (on_devices_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (monitor, "button", G_CALLBACK (on_button), self, G_CONNECT_SWAPPED);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->last), FALSE);
  on_devices_changed (self);
  return self;
}

static void
rd_device_tester_finalize (GObject *object)
{
  RdDeviceTester *self = RD_DEVICE_TESTER (object);

  g_clear_object (&self->monitor);
  g_hash_table_unref (self->lamps);
  G_OBJECT_CLASS (rd_device_tester_parent_class)->finalize (object);
}

static void
rd_device_tester_class_init (RdDeviceTesterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_device_tester_finalize;
}

static void
rd_device_tester_init (RdDeviceTester *self)
{
  GtkWidget *flow = gtk_flow_box_new ();

  self->lamps = g_hash_table_new (g_str_hash, g_str_equal);
  self->devices = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->devices, 0);
  gtk_label_set_wrap (self->devices, TRUE);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->devices));

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 8);
  for (guint bit = 0; bit < 32; bit++)
    {
      const char *name = rd_button_to_string (1u << bit);
      GtkWidget *lamp;

      if (name == NULL || g_str_has_prefix (name, "SCAN_"))
        continue;
      lamp = gtk_label_new (rd_button_get_label (1u << bit));
      gtk_widget_set_tooltip_text (lamp, name);
      gtk_widget_add_css_class (lamp, "button-lamp");
      g_hash_table_insert (self->lamps, (gpointer) name, lamp);
      gtk_flow_box_append (GTK_FLOW_BOX (flow), lamp);
    }
  gtk_box_append (GTK_BOX (self), flow);
  self->last = GTK_LABEL (gtk_label_new (_("Press a button on the microphone or foot pedal: its name lights up.")));
  gtk_label_set_xalign (self->last, 0);
  gtk_label_set_wrap (self->last, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->last), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Button tester"), -1);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->last));
}
