/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-dictation"

#include "config.h"

#include "rd-dictation.h"

struct _RdDictation
{
  GObject          parent_instance;

  RdDeviceMonitor *monitor;
  RdKeymap        *keymap;
};

G_DEFINE_FINAL_TYPE (RdDictation, rd_dictation, G_TYPE_OBJECT)

enum {
  ACTION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_button (RdDictation *self,
           const char  *device,
           const char  *path,
           guint        button,
           guint        edge,
           gint64       read_us)
{
  const char *action = rd_keymap_lookup (self->keymap, button, edge);

  g_debug ("%s: %s %s → %s", device, rd_button_to_string (button), rd_edge_to_string (edge),
           action ? action : "nothing");
  if (action != NULL)
    g_signal_emit (self, signals[ACTION], 0, action, read_us);
}

static void
on_motion (RdDictation *self,
           const char  *device,
           const char  *path,
           guint        motion)
{
  const char *action = rd_keymap_lookup_motion (self->keymap, motion);

  if (action != NULL)
    g_signal_emit (self, signals[ACTION], 0, action, g_get_monotonic_time ());
}

void
rd_dictation_set_keymap (RdDictation *self,
                         RdKeymap    *keymap,
                         guint        hold_ms)
{
  g_return_if_fail (RD_IS_DICTATION (self));

  rd_keymap_free (self->keymap);
  self->keymap = keymap;
  rd_device_monitor_set_hold (self->monitor, rd_keymap_hold_buttons (keymap), hold_ms);
}

void
rd_dictation_set_app_state (RdDictation *self,
                            gboolean     signed_in,
                            gboolean     report_open,
                            gboolean     recording,
                            gboolean     insert)
{
  g_return_if_fail (RD_IS_DICTATION (self));

  rd_device_monitor_set_led_state (self->monitor,
                                   rd_led_state_for (signed_in, report_open, recording, insert));
}

RdDeviceMonitor *
rd_dictation_get_monitor (RdDictation *self)
{
  g_return_val_if_fail (RD_IS_DICTATION (self), NULL);

  return self->monitor;
}

static void
rd_dictation_dispose (GObject *object)
{
  RdDictation *self = RD_DICTATION (object);

  /* a scan under way holds the monitor: stop it now, not when that ends */
  if (self->monitor != NULL)
    rd_device_monitor_stop (self->monitor);
  g_clear_object (&self->monitor);
  g_clear_pointer (&self->keymap, rd_keymap_free);
  G_OBJECT_CLASS (rd_dictation_parent_class)->dispose (object);
}

static void
rd_dictation_class_init (RdDictationClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_dictation_dispose;

  /* (action name as in button-map, monotonic µs when the device's report was read) */
  signals[ACTION] =
    g_signal_new ("action", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);
}

static void
rd_dictation_init (RdDictation *self)
{
}

RdDictation *
rd_dictation_new (const RdHidBackend *backend)
{
  RdDictation *self = g_object_new (RD_TYPE_DICTATION, NULL);

  self->monitor = rd_device_monitor_new (backend);
  self->keymap = rd_keymap_new (RD_RECORD_MODE_TOGGLE);
  rd_device_monitor_set_hold (self->monitor, rd_keymap_hold_buttons (self->keymap), 0);
  g_signal_connect_object (self->monitor, "button", G_CALLBACK (on_button), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->monitor, "motion", G_CALLBACK (on_motion), self, G_CONNECT_SWAPPED);
  return self;
}
