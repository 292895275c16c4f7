/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-devices-command"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-devices-command.h"
#include "rd-device-monitor.h"

#include <glib-unix.h>
#include <json-glib/json-glib.h>

/* `reportdock devices`: what a PACS admin runs first at a workstation.
 * Exit 0 when a dictation device can be used, 1 when none can (the lines
 * say why). `--monitor` prints what the devices do, as JSON lines. */

static void
print_json (JsonBuilder *b)
{
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autofree char *line = json_to_string (root, FALSE);

  g_print ("%s\n", line);
}

static void
begin_event (JsonBuilder *b,
             const char  *event,
             const char  *name,
             const char  *path)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format_iso8601 (now);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "event");
  json_builder_add_string_value (b, event);
  json_builder_set_member_name (b, "time");
  json_builder_add_string_value (b, time);
  if (name != NULL)
    {
      json_builder_set_member_name (b, "device");
      json_builder_add_string_value (b, name);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, path);
    }
}

static void
on_button (const char *name,
           const char *path,
           guint       button,
           guint       edge)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  begin_event (b, "button", name, path);
  json_builder_set_member_name (b, "button");
  json_builder_add_string_value (b, rd_button_to_string (button));
  json_builder_set_member_name (b, "edge");
  json_builder_add_string_value (b, rd_edge_to_string (edge));
  json_builder_end_object (b);
  print_json (b);
}

static void
on_motion (const char *name,
           const char *path,
           guint       motion)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  begin_event (b, "motion", name, path);
  json_builder_set_member_name (b, "motion");
  json_builder_add_string_value (b, rd_motion_to_string (motion));
  json_builder_end_object (b);
  print_json (b);
}

static void
on_devices_changed (RdDeviceMonitor *monitor)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) list = rd_device_monitor_list (monitor);

  begin_event (b, "devices", NULL, NULL);
  json_builder_set_member_name (b, "devices");
  json_builder_begin_array (b);
  for (guint i = 0; i < list->len; i++)
    {
      RdDeviceStatus *s = g_ptr_array_index (list, i);
      g_autofree char *id = g_strdup_printf ("%04x:%04x", s->vendor_id, s->product_id);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "device");
      json_builder_add_string_value (b, s->name);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, id);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, s->path);
      json_builder_set_member_name (b, "open");
      json_builder_add_boolean_value (b, s->open);
      if (s->problem != NULL)
        {
          json_builder_set_member_name (b, "problem");
          json_builder_add_string_value (b, s->problem);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  print_json (b);
}

static gboolean
on_interrupt (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static int
monitor (const RdHidBackend *backend)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(RdDeviceMonitor) monitor = rd_device_monitor_new (backend);

  g_printerr (_("Watching dictation devices; press Ctrl-C to stop.\n"));
  g_signal_connect (monitor, "button", G_CALLBACK (on_button), NULL);
  g_signal_connect (monitor, "motion", G_CALLBACK (on_motion), NULL);
  g_signal_connect (monitor, "devices-changed", G_CALLBACK (on_devices_changed), NULL);
  g_unix_signal_add (SIGINT, on_interrupt, loop);
  g_unix_signal_add (SIGTERM, on_interrupt, loop);
  rd_device_monitor_start (monitor);
  on_devices_changed (monitor);
  g_main_loop_run (loop);
  rd_device_monitor_stop (monitor);
  return 0;
}

int
rd_devices_command_run (const RdLaunch     *launch,
                        const RdHidBackend *backend)
{
  g_autoptr(GPtrArray) list = NULL;
  gboolean usable = FALSE;

  if (launch->monitor)
    return monitor (backend);

  list = rd_device_probe (backend);
  for (guint i = 0; i < list->len; i++)
    {
      RdDeviceStatus *s = g_ptr_array_index (list, i);

      g_print ("%-38s %04x:%04x  %-8s %-16s %s\n", s->name, s->vendor_id, s->product_id,
               s->mode ? s->mode : "-", s->path,
               s->open ? "ok" : s->problem ? s->problem : "-");
      usable |= s->open;
    }
  if (list->len == 0)
    g_print (_("No dictation device found. Plug in a SpeechMike, PowerMic or Philips foot control; "
             "lsusb should list it (vendor 0911 Philips, 0554 Nuance). In Keyboard mode a SpeechMike "
             "types instead: set it to HID or Browser mode with Philips Device Control Center.\n"));
  return usable ? 0 : 1;
}
