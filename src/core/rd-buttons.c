/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-buttons"

#include "config.h"

#include "rd-buttons.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Wire bits → buttons, per family (docs/devices.md §2.5, §2.10, §3.2, §4).
 * Index i is bit i of the family's little-endian mask; 0 = no button. */

static const RdButton speechmike_bits[16] = {
  RD_BUTTON_SCAN_END, RD_BUTTON_F1_A, RD_BUTTON_F2_B, RD_BUTTON_F3_C,
  RD_BUTTON_F4_D, RD_BUTTON_COMMAND, 0, RD_BUTTON_SCAN_SUCCESS,
  RD_BUTTON_RECORD, RD_BUTTON_STOP, RD_BUTTON_PLAY, RD_BUTTON_FORWARD,
  RD_BUTTON_REWIND, RD_BUTTON_EOL_PRIO, RD_BUTTON_INS_OVR, RD_BUTTON_INSTR,
};

static const RdButton powermic4_bits[16] = {
  0, RD_BUTTON_F1_A, RD_BUTTON_F2_B, RD_BUTTON_F3_C,
  RD_BUTTON_F4_D, RD_BUTTON_COMMAND, 0, 0,
  RD_BUTTON_RECORD, 0, RD_BUTTON_PLAY, RD_BUTTON_TAB_FORWARD,
  RD_BUTTON_TAB_BACKWARD, RD_BUTTON_REWIND, RD_BUTTON_FORWARD, RD_BUTTON_ENTER_SELECT,
};

static const RdButton gamepad_bits[16] = {
  RD_BUTTON_REWIND, RD_BUTTON_PLAY, RD_BUTTON_FORWARD, 0,
  RD_BUTTON_INS_OVR, RD_BUTTON_RECORD, RD_BUTTON_COMMAND, 0,
  0, RD_BUTTON_INSTR, RD_BUTTON_F1_A, RD_BUTTON_F2_B,
  RD_BUTTON_F3_C, RD_BUTTON_F4_D, RD_BUTTON_EOL_PRIO, 0,
};

/* PowerMic 4 in Browser mode: the reference library's own table (docs/devices.md §2.10). */
static const RdButton gamepad_powermic4_bits[16] = {
  RD_BUTTON_TAB_BACKWARD, RD_BUTTON_PLAY, RD_BUTTON_TAB_FORWARD, 0,
  RD_BUTTON_FORWARD, RD_BUTTON_RECORD, RD_BUTTON_COMMAND, 0,
  0, RD_BUTTON_ENTER_SELECT, RD_BUTTON_F1_A, RD_BUTTON_F2_B,
  RD_BUTTON_F3_C, RD_BUTTON_F4_D, RD_BUTTON_REWIND, 0,
};

/* Bit 12 is the trigger by one capture's reading, byte 0 bit 0 by another's:
 * both count (docs/devices.md §3.2). Bits 10 and 11 are the mouse buttons. */
static const RdButton powermic3_bits[16] = {
  RD_BUTTON_TRANSCRIBE, RD_BUTTON_TAB_BACKWARD, RD_BUTTON_RECORD, RD_BUTTON_TAB_FORWARD,
  RD_BUTTON_REWIND, RD_BUTTON_FORWARD, RD_BUTTON_PLAY, RD_BUTTON_CUSTOM_LEFT,
  RD_BUTTON_ENTER_SELECT, RD_BUTTON_CUSTOM_RIGHT, 0, 0,
  RD_BUTTON_TRIGGER, 0, 0, 0,
};

static const RdButton foot_bits[8] = {
  RD_BUTTON_REWIND, RD_BUTTON_PLAY, RD_BUTTON_FORWARD, RD_BUTTON_EOL_PRIO,
  0, 0, 0, 0,
};

static RdButtons
map_bits (const RdButton *table,
          guint           n,
          guint32         wire)
{
  RdButtons buttons = 0;

  for (guint i = 0; i < n; i++)
    if (wire & (1u << i))
      buttons |= table[i];
  return buttons;
}

static RdReportKind
ignored (RdReport *out)
{
  out->kind = RD_REPORT_IGNORED;
  return out->kind;
}

/* Reports of the vendor collection: byte 0 says what the rest is. */
static RdReportKind
decode_vendor (RdFamily      family,
               const guint8 *data,
               gsize         len,
               RdReport     *out)
{
  if (len != RD_SPEECHMIKE_REPORT_LEN)
    return ignored (out);

  switch (data[0])
    {
    case RD_SPEECHMIKE_BUTTON_EVENT:
      if (family == RD_FAMILY_SPEECHMIKE_CONTROL)
        return ignored (out);   /* Browser mode: the joystick collection carries the buttons */
      out->kind = RD_REPORT_BUTTONS;
      out->buttons = map_bits (family == RD_FAMILY_POWERMIC4 ? powermic4_bits : speechmike_bits,
                               16, data[7] | (guint32) data[8] << 8);
      return out->kind;
    case RD_SPEECHMIKE_MOTION_EVENT:
      out->kind = RD_REPORT_MOTION;
      out->motion = data[8] == 1 ? RD_MOTION_LAID_DOWN : RD_MOTION_PICKED_UP;
      return out->kind;
    case RD_SPEECHMIKE_WIRELESS_STATUS:
      out->kind = RD_REPORT_STATUS;
      return out->kind;
    default:
      /* Commands echo their code in byte 0; all of them have bit 7 set
       * except SET_LED and SET_EVENT_MODE, which are never answered. */
      if (data[0] & 0x80)
        {
          out->kind = RD_REPORT_RESPONSE;
          out->command = data[0];
          return out->kind;
        }
      return ignored (out);
    }
}

RdReportKind
rd_buttons_decode (RdFamily      family,
                   const guint8 *data,
                   gsize         len,
                   RdReport     *out)
{
  g_return_val_if_fail (out != NULL, RD_REPORT_IGNORED);

  memset (out, 0, sizeof *out);
  if (data == NULL || len == 0)
    return ignored (out);

  switch (family)
    {
    case RD_FAMILY_SPEECHMIKE:
    case RD_FAMILY_POWERMIC4:
    case RD_FAMILY_SPEECHMIKE_CONTROL:
      return decode_vendor (family, data, len, out);
    case RD_FAMILY_GAMEPAD:
    case RD_FAMILY_GAMEPAD_POWERMIC4:
      if (len != 5)
        return ignored (out);
      out->kind = RD_REPORT_BUTTONS;
      out->buttons = map_bits (family == RD_FAMILY_GAMEPAD ? gamepad_bits : gamepad_powermic4_bits, 16,
                               data[0] | (guint32) data[1] << 8);
      return out->kind;
    case RD_FAMILY_POWERMIC3:
      if (len != 3)
        return ignored (out);
      out->kind = RD_REPORT_BUTTONS;
      out->buttons = map_bits (powermic3_bits, 16, data[1] | (guint32) data[2] << 8);
      if (data[0] & 0x01)
        out->buttons |= RD_BUTTON_TRIGGER;
      return out->kind;
    case RD_FAMILY_FOOT_CONTROL:
      /* the pedals' report length is not documented: byte 0 is the mask,
       * anything longer than a full-speed interrupt packet is not a pedal */
      if (len > 8)
        return ignored (out);
      out->kind = RD_REPORT_BUTTONS;
      out->buttons = map_bits (foot_bits, 8, data[0]);
      return out->kind;
    default:
      return ignored (out);
    }
}

/* name: what button-map and the logs say; label: what a person reads, as
 * the devices' own keys are printed */
static const struct {
  RdButton    button;
  const char *name;
  const char *label;
} button_names[] = {
  { RD_BUTTON_REWIND, "REWIND", N_("Rewind") },
  { RD_BUTTON_PLAY, "PLAY", N_("Play") },
  { RD_BUTTON_FORWARD, "FORWARD", N_("Forward") },
  { RD_BUTTON_INS_OVR, "INS_OVR", N_("Insert / Overwrite") },
  { RD_BUTTON_RECORD, "RECORD", N_("Record") },
  { RD_BUTTON_COMMAND, "COMMAND", N_("Command") },
  { RD_BUTTON_STOP, "STOP", N_("Stop") },
  { RD_BUTTON_INSTR, "INSTR", N_("Instruction") },
  { RD_BUTTON_F1_A, "F1_A", N_("F1 / A") },
  { RD_BUTTON_F2_B, "F2_B", N_("F2 / B") },
  { RD_BUTTON_F3_C, "F3_C", N_("F3 / C") },
  { RD_BUTTON_F4_D, "F4_D", N_("F4 / D") },
  { RD_BUTTON_EOL_PRIO, "EOL_PRIO", N_("End of letter / Priority") },
  { RD_BUTTON_TRANSCRIBE, "TRANSCRIBE", N_("Transcribe") },
  { RD_BUTTON_TAB_BACKWARD, "TAB_BACKWARD", N_("Tab back") },
  { RD_BUTTON_TAB_FORWARD, "TAB_FORWARD", N_("Tab forward") },
  { RD_BUTTON_CUSTOM_LEFT, "CUSTOM_LEFT", N_("Left custom button") },
  { RD_BUTTON_CUSTOM_RIGHT, "CUSTOM_RIGHT", N_("Right custom button") },
  { RD_BUTTON_ENTER_SELECT, "ENTER_SELECT", N_("Enter / Select") },
  { RD_BUTTON_SCAN_END, "SCAN_END", N_("Scan end") },
  { RD_BUTTON_SCAN_SUCCESS, "SCAN_SUCCESS", N_("Scan success") },
  { RD_BUTTON_TRIGGER, "TRIGGER", N_("Trigger") },
};

/* The button as a person reads it ("F1 / A"), translated; NULL if unknown. */
const char *
rd_button_get_label (RdButton button)
{
  for (guint i = 0; i < G_N_ELEMENTS (button_names); i++)
    if (button_names[i].button == button)
      return _(button_names[i].label);
  return NULL;
}

const char *
rd_button_to_string (RdButton button)
{
  for (guint i = 0; i < G_N_ELEMENTS (button_names); i++)
    if (button_names[i].button == button)
      return button_names[i].name;
  return NULL;
}

gboolean
rd_button_from_string (const char *name,
                       RdButton   *button)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (button_names); i++)
    if (g_ascii_strcasecmp (button_names[i].name, name) == 0)
      {
        *button = button_names[i].button;
        return TRUE;
      }
  return FALSE;
}

/* "RECORD+PLAY", or "NONE" */
char *
rd_buttons_to_string (RdButtons buttons)
{
  GString *s = g_string_new (NULL);

  RD_BUTTONS_FOREACH (buttons, b)
    g_string_append_printf (s, "%s%s", s->len ? "+" : "", rd_button_to_string (b));
  if (s->len == 0)
    g_string_append (s, "NONE");
  return g_string_free (s, FALSE);
}

const char *
rd_motion_to_string (RdMotion motion)
{
  return motion == RD_MOTION_LAID_DOWN ? "laid-down" : "picked-up";
}

const char *
rd_family_to_string (RdFamily family)
{
  switch (family)
    {
    case RD_FAMILY_SPEECHMIKE:         return "speechmike";
    case RD_FAMILY_POWERMIC4:          return "powermic4";
    case RD_FAMILY_SPEECHMIKE_CONTROL: return "speechmike-control";
    case RD_FAMILY_GAMEPAD:            return "gamepad";
    case RD_FAMILY_GAMEPAD_POWERMIC4:  return "gamepad-powermic4";
    case RD_FAMILY_POWERMIC3:          return "powermic3";
    case RD_FAMILY_FOOT_CONTROL:       return "foot-control";
    default:                           return "unknown";
    }
}
