/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-device-id"

#include "config.h"

#include "rd-device-id.h"

#include <string.h>

#define IS_PREMIUM       0x83
#define DEVICE_CODE_SM3  0x87
#define DEVICE_CODE_SMP  0x8b
#define FIRMWARE_VERSION 0x91
#define DEVICE_CODE_SO   0x96

static guint16
be16 (const guint8 *data,
      guint         at)
{
  return (guint16) (data[at] << 8 | data[at + 1]);
}

guint8
rd_device_id_start (RdDeviceId *id)
{
  memset (id, 0, sizeof *id);
  id->pending = IS_PREMIUM;
  return id->pending;
}

static guint8
finish (RdDeviceId *id,
        guint16     code)
{
  if (code != 0)
    id->code = code;
  id->pending = 0;
  return 0;
}

static guint8
ask (RdDeviceId *id,
     guint8      command)
{
  id->pending = command;
  return command;
}

/* Feeds an input report; returns the next command to send, or 0 when done
 * (or when the report is not the awaited answer: then nothing changes). */
guint8
rd_device_id_feed (RdDeviceId   *id,
                   const guint8 *data,
                   gsize         len)
{
  if (id->pending == 0 || data == NULL || len != RD_SPEECHMIKE_REPORT_LEN || data[0] != id->pending)
    return 0;

  switch (id->pending)
    {
    case IS_PREMIUM:
      return ask (id, (data[8] & 0x80) ? DEVICE_CODE_SMP : DEVICE_CODE_SM3);
    case DEVICE_CODE_SM3:
      return finish (id, be16 (data, 7));
    case DEVICE_CODE_SMP:
      if (data[1] != 0)
        {
          id->after_96 = 1;   /* SpeechOne or later */
          return ask (id, DEVICE_CODE_SO);
        }
      id->code = MAX (be16 (data, 2), MAX (be16 (data, 4), be16 (data, 6)));
      if (id->code == 4000 || id->code == 4010)
        return ask (id, FIRMWARE_VERSION);
      return finish (id, id->code);
    case FIRMWARE_VERSION:
      if (data[5] == 6)
        {
          id->after_96 = 2;   /* Ambient firmware */
          return ask (id, DEVICE_CODE_SO);
        }
      return finish (id, id->code);
    case DEVICE_CODE_SO:
      return finish (id, be16 (data, id->after_96 == 2 ? 5 : 7));
    default:
      return finish (id, 0);
    }
}

char *
rd_device_code_name (guint16 code)
{
  switch (code)
    {
    case 0:    return NULL;
    case 100:  return g_strdup ("PowerMic 4");
    case 5000: return g_strdup ("SpeechMike Ambient PSM5000");
    case 6001: return g_strdup ("SpeechOne PSM6000");
    default:
      if (code >= 3700 && code < 5000)
        return g_strdup_printf ("SpeechMike SMP%u", code);
      return g_strdup_printf ("SpeechMike LFH%u", code);
    }
}

/* Slide-switch models report the slider's position in every report
 * (docs/devices.md §2.6). */
RdButtons
rd_device_code_slider_mask (guint16 code)
{
  switch (code)
    {
    case 3220: case 3520: case 3720:
      return RD_BUTTON_FORWARD | RD_BUTTON_STOP | RD_BUTTON_PLAY | RD_BUTTON_REWIND;
    case 3210: case 3310: case 3510: case 3610: case 3710: case 3810: case 4010:
      return RD_BUTTON_RECORD | RD_BUTTON_STOP | RD_BUTTON_PLAY | RD_BUTTON_REWIND;
    default:
      return 0;
    }
}

/* A command as hid_write takes it: report id 0, the code, zero padding to
 * the 9-byte report (hidraw may refuse shorter writes). */
gsize
rd_speechmike_command (guint8 command,
                       guint8 out[10])
{
  memset (out, 0, 10);
  out[1] = command;
  return 10;
}
