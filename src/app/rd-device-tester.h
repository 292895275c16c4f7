/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-device-monitor.h"

G_BEGIN_DECLS

#define RD_TYPE_DEVICE_TESTER (rd_device_tester_get_type ())
G_DECLARE_FINAL_TYPE (RdDeviceTester, rd_device_tester, RD, DEVICE_TESTER, GtkBox)

RdDeviceTester *rd_device_tester_new         (RdDeviceMonitor *monitor);
const char     *rd_device_tester_get_devices (RdDeviceTester  *self);
const char     *rd_device_tester_get_last    (RdDeviceTester  *self);
gboolean        rd_device_tester_is_lit      (RdDeviceTester  *self,
                                              const char      *button);

G_END_DECLS
