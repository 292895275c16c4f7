/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-button-tracker.h"
#include "rd-device-status.h"
#include "rd-hid.h"
#include "rd-leds.h"

G_BEGIN_DECLS

#define RD_DEVICE_SCAN_MS          500   /* re-enumeration: hotplug found within a second */
#define RD_DEVICE_READ_TIMEOUT_MS  250   /* how soon a reader notices it should stop */

#define RD_TYPE_DEVICE_MONITOR (rd_device_monitor_get_type ())
G_DECLARE_FINAL_TYPE (RdDeviceMonitor, rd_device_monitor, RD, DEVICE_MONITOR, GObject)

RdDeviceMonitor *rd_device_monitor_new            (const RdHidBackend *backend);
void             rd_device_monitor_start          (RdDeviceMonitor    *self);
void             rd_device_monitor_stop           (RdDeviceMonitor    *self);
void             rd_device_monitor_set_led_state  (RdDeviceMonitor    *self,
                                                   RdLedState          state);
RdLedState       rd_device_monitor_get_led_state  (RdDeviceMonitor    *self);
void             rd_device_monitor_set_hold       (RdDeviceMonitor    *self,
                                                   RdButtons           hold_buttons,
                                                   guint               hold_ms);
GPtrArray       *rd_device_monitor_list           (RdDeviceMonitor    *self);
char            *rd_device_monitor_describe       (RdDeviceMonitor    *self,
                                                   gboolean           *problem);

G_END_DECLS
