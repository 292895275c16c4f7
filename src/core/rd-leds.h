/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the record LED says. It follows the reporting app's real state
 * (recording_state events), never the button presses. */
typedef enum {
  RD_LED_OFF,                  /* signed out, or no report open */
  RD_LED_RECORD_INSERT,        /* recording, insert mode: green */
  RD_LED_RECORD_OVERWRITE,     /* recording, overwrite mode: red */
  RD_LED_STANDBY_INSERT,       /* report open, not recording: slow green blink */
  RD_LED_STANDBY_OVERWRITE,    /* report open, not recording: slow red blink */
} RdLedState;

/* How a device's LEDs are written. */
typedef enum {
  RD_LED_KIND_NONE,            /* foot controls, joystick collections */
  RD_LED_KIND_SPEECHMIKE,      /* SET_LED, 9-byte report (docs/devices.md §2.9) */
  RD_LED_KIND_POWERMIC3,       /* one byte: off, red, green (docs/devices.md §3.3) */
} RdLedKind;

#define RD_LED_REPORT_MAX 10

RdLedState   rd_led_state_for        (gboolean     signed_in,
                                      gboolean     report_open,
                                      gboolean     recording,
                                      gboolean     insert);
gsize        rd_led_report           (RdLedKind    kind,
                                      RdLedState   state,
                                      guint8       out[RD_LED_REPORT_MAX]);
const char  *rd_led_state_to_string  (RdLedState   state);

G_END_DECLS
