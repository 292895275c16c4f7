/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-hid.h"

G_BEGIN_DECLS

/* What is known of one device, for the status area and `reportdock devices`. */
typedef struct {
  char        *path;
  char        *name;          /* model, refined by its device code when it answers */
  guint16      vendor_id;
  guint16      product_id;
  const char  *mode;          /* "HID", "Browser" */
  gboolean     open;
  char        *problem;       /* why it could not be opened, or NULL */
  guint        n_ignored;     /* reports that were short, long or unknown */
} RdDeviceStatus;

RdDeviceStatus *rd_device_status_copy     (const RdDeviceStatus *status);
void            rd_device_status_free     (RdDeviceStatus       *status);
char           *rd_device_status_describe (GPtrArray            *list,
                                           gboolean             *problem);
GPtrArray      *rd_device_probe           (const RdHidBackend   *backend);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdDeviceStatus, rd_device_status_free)

G_END_DECLS
