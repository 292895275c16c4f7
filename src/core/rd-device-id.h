/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-buttons.h"

G_BEGIN_DECLS

/* Which SpeechMike this is (docs/devices.md §2.8): a short question-and-answer
 * over the vendor collection. Best effort: a device that does not answer
 * keeps working, only without a model code. Pure. */

#define RD_DEVICE_ID_TIMEOUT_MS 5000

typedef struct {
  guint8  pending;    /* the command whose answer is awaited; 0 = finished */
  guint8  after_96;   /* how to read the 0x96 answer: 1 SpeechOne, 2 Ambient */
  guint16 code;       /* the model code; 0 = unknown */
} RdDeviceId;

guint8       rd_device_id_start          (RdDeviceId    *id);
guint8       rd_device_id_feed           (RdDeviceId    *id,
                                          const guint8  *data,
                                          gsize          len);
char        *rd_device_code_name         (guint16        code);
RdButtons    rd_device_code_slider_mask  (guint16        code);
gsize        rd_speechmike_command       (guint8         command,
                                          guint8         out[10]);

G_END_DECLS
