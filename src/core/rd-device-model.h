/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-buttons.h"
#include "rd-leds.h"

G_BEGIN_DECLS

/* One row per model and HID collection: adding a model is one row. */
typedef struct {
  const char *name;
  guint16     vendor_id;
  guint16     product_id;
  guint16     usage_page;   /* the collection to open */
  guint16     usage;
  guint8      report_min;   /* input report length, without report id */
  guint8      report_max;
  RdFamily    family;       /* decoder */
  RdLedKind   led;          /* LED writer */
  gboolean    identify;     /* ask the device for its model code */
  const char *mode;         /* the device's event mode this row stands for */
} RdDeviceModel;

const RdDeviceModel *rd_device_model_find     (guint16  vendor_id,
                                               guint16  product_id,
                                               guint16  usage_page,
                                               guint16  usage);
gboolean             rd_device_model_is_known_vendor_product (guint16 vendor_id,
                                                              guint16 product_id);
const RdDeviceModel *rd_device_models         (guint   *n_models);

G_END_DECLS
