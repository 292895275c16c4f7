/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-leds"

#include "config.h"

#include "rd-leds.h"

#include <string.h>

RdLedState
rd_led_state_for (gboolean signed_in,
                  gboolean report_open,
                  gboolean recording,
                  gboolean insert)
{
  if (!signed_in || !report_open)
    return RD_LED_OFF;
  if (recording)
    return insert ? RD_LED_RECORD_INSERT : RD_LED_RECORD_OVERWRITE;
  return insert ? RD_LED_STANDBY_INSERT : RD_LED_STANDBY_OVERWRITE;
}

/* The bytes handed to hid_write: report id 0, then the report. Returns the
 * length, 0 for a device without LEDs. Each write sets every LED, as the
 * SpeechMike keeps no state of its own that we could read back. */
gsize
rd_led_report (RdLedKind  kind,
               RdLedState state,
               guint8     out[RD_LED_REPORT_MAX])
{
  memset (out, 0, RD_LED_REPORT_MAX);
  switch (kind)
    {
    case RD_LED_KIND_SPEECHMIKE:
      /* byte 6: record green bits 0-1, record red bits 2-3;
       * byte 7: ins/ovr green bits 4-5; mode 3 = on, 1 = slow blink */
      out[1] = 0x02;
      switch (state)
        {
        case RD_LED_RECORD_INSERT:     out[7] = 0x03; out[8] = 0x30; break;
        case RD_LED_RECORD_OVERWRITE:  out[7] = 0x0c; break;
        case RD_LED_STANDBY_INSERT:    out[7] = 0x01; out[8] = 0x10; break;
        case RD_LED_STANDBY_OVERWRITE: out[7] = 0x04; break;
        case RD_LED_OFF:
        default:                       break;
        }
      return 10;
    case RD_LED_KIND_POWERMIC3:
      /* one LED, no blinking: red while recording, green when ready */
      switch (state)
        {
        case RD_LED_RECORD_INSERT:
        case RD_LED_RECORD_OVERWRITE:  out[1] = 1; break;
        case RD_LED_STANDBY_INSERT:
        case RD_LED_STANDBY_OVERWRITE: out[1] = 2; break;
        case RD_LED_OFF:
        default:                       out[1] = 0; break;
        }
      return 2;
    case RD_LED_KIND_NONE:
    default:
      return 0;
    }
}

const char *
rd_led_state_to_string (RdLedState state)
{
  switch (state)
    {
    case RD_LED_RECORD_INSERT:     return "recording-insert";
    case RD_LED_RECORD_OVERWRITE:  return "recording-overwrite";
    case RD_LED_STANDBY_INSERT:    return "standby-insert";
    case RD_LED_STANDBY_OVERWRITE: return "standby-overwrite";
    case RD_LED_OFF:
    default:                       return "off";
    }
}
