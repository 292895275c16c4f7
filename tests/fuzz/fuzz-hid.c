/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for dictation-device reports: byte 0 picks the family
 * (and a slider model), then each chunk is a length byte and a report. Every
 * report goes through the decoder, the press/hold tracker, the keymap and
 * the SpeechMike identification, as a device's reports do. */
#include "config.h"

#include "rd-buttons.h"
#include "rd-button-tracker.h"
#include "rd-device-id.h"
#include "rd-keymap.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const guint16 codes[] = { 0, 3210, 3220, 3500, 4010 };
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (RdButtonEvent));
  g_autoptr(RdKeymap) keymap = NULL;
  RdButtonTracker tracker;
  RdDeviceId id;
  RdFamily family;
  size_t at = 1;
  gint64 now = 0;

  if (size == 0)
    return 0;
  family = data[0] % (RD_FAMILY_FOOT_CONTROL + 1);
  keymap = rd_keymap_new (data[0] & 0x80 ? RD_RECORD_MODE_PUSH_TO_TALK : RD_RECORD_MODE_TOGGLE);
  rd_button_tracker_init (&tracker, rd_device_code_slider_mask (codes[(data[0] >> 3) % G_N_ELEMENTS (codes)]),
                          rd_keymap_hold_buttons (keymap), 800);
  rd_device_id_start (&id);

  while (at < size)
    {
      size_t len = MIN ((size_t) data[at], size - at - 1);
      const guint8 *report = data + at + 1;
      RdReport decoded;

      at += 1 + len;
      now += 100 * 1000;
      switch (rd_buttons_decode (family, report, len, &decoded))
        {
        case RD_REPORT_BUTTONS:
          g_assert_cmpuint (decoded.buttons & ~((1u << 24) - 1), ==, 0);
          rd_button_tracker_feed (&tracker, decoded.buttons, now, events);
          break;
        case RD_REPORT_RESPONSE:
          rd_device_id_feed (&id, report, len);
          break;
        default:
          break;
        }
      rd_button_tracker_expire (&tracker, now, events);
    }
  rd_button_tracker_release_all (&tracker, events);
  for (guint i = 0; i < events->len; i++)
    {
      RdButtonEvent *e = &g_array_index (events, RdButtonEvent, i);

      g_assert_nonnull (rd_button_to_string (e->button));
      rd_keymap_lookup (keymap, e->button, e->edge);
    }
  g_free (rd_device_code_name (id.code));
  return 0;
}
