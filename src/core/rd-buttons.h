/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One vocabulary for every dictation device (dictation_support's
 * ButtonEvent values): each family's decoder maps its wire bits to these. */
typedef enum {
  RD_BUTTON_REWIND       = 1u << 0,
  RD_BUTTON_PLAY         = 1u << 1,
  RD_BUTTON_FORWARD      = 1u << 2,
  RD_BUTTON_INS_OVR      = 1u << 4,
  RD_BUTTON_RECORD       = 1u << 5,
  RD_BUTTON_COMMAND      = 1u << 6,
  RD_BUTTON_STOP         = 1u << 8,
  RD_BUTTON_INSTR        = 1u << 9,
  RD_BUTTON_F1_A         = 1u << 10,
  RD_BUTTON_F2_B         = 1u << 11,
  RD_BUTTON_F3_C         = 1u << 12,
  RD_BUTTON_F4_D         = 1u << 13,
  RD_BUTTON_EOL_PRIO     = 1u << 14,
  RD_BUTTON_TRANSCRIBE   = 1u << 15,
  RD_BUTTON_TAB_BACKWARD = 1u << 16,
  RD_BUTTON_TAB_FORWARD  = 1u << 17,
  RD_BUTTON_CUSTOM_LEFT  = 1u << 18,
  RD_BUTTON_CUSTOM_RIGHT = 1u << 19,
  RD_BUTTON_ENTER_SELECT = 1u << 20,
  RD_BUTTON_SCAN_END     = 1u << 21,
  RD_BUTTON_SCAN_SUCCESS = 1u << 22,
  RD_BUTTON_TRIGGER      = 1u << 23,   /* PowerMic II/III trigger */
} RdButton;

typedef guint32 RdButtons;   /* a set of RdButton */

/* How a device speaks: which decoder reads its reports. */
typedef enum {
  RD_FAMILY_SPEECHMIKE,          /* vendor collection 0xFFA0, 9-byte reports */
  RD_FAMILY_POWERMIC4,           /* the same protocol, PowerMic 4's button table */
  RD_FAMILY_SPEECHMIKE_CONTROL,  /* Browser mode 0xFFA0: motion, answers, LEDs; buttons come on the joystick */
  RD_FAMILY_GAMEPAD,             /* Browser mode joystick collection, 5-byte reports */
  RD_FAMILY_GAMEPAD_POWERMIC4,   /* the same, PowerMic 4's own table */
  RD_FAMILY_POWERMIC3,           /* PowerMic II/III, 3-byte reports */
  RD_FAMILY_FOOT_CONTROL,        /* Philips ACC23xx, bit mask in byte 0 */
} RdFamily;

typedef enum {
  RD_MOTION_PICKED_UP,
  RD_MOTION_LAID_DOWN,
} RdMotion;

typedef enum {
  RD_REPORT_BUTTONS,    /* .buttons holds every button held now */
  RD_REPORT_MOTION,     /* .motion */
  RD_REPORT_RESPONSE,   /* an answer to a command; .command is its code */
  RD_REPORT_STATUS,     /* known, nothing to act on (wireless/battery) */
  RD_REPORT_IGNORED,    /* too short, too long or unknown: counted, never acted on */
} RdReportKind;

typedef struct {
  RdReportKind kind;
  RdButtons    buttons;
  RdMotion     motion;
  guint8       command;
} RdReport;

/* SpeechMike vendor protocol: byte 0 of a 9-byte report. */
#define RD_SPEECHMIKE_REPORT_LEN      9
#define RD_SPEECHMIKE_BUTTON_EVENT    0x80
#define RD_SPEECHMIKE_MOTION_EVENT    0x9e
#define RD_SPEECHMIKE_WIRELESS_STATUS 0x94
#define RD_SPEECHMIKE_SET_LED         0x02

RdReportKind  rd_buttons_decode        (RdFamily       family,
                                        const guint8  *data,
                                        gsize          len,
                                        RdReport      *out);
const char   *rd_button_to_string      (RdButton       button);
const char   *rd_button_get_label      (RdButton       button);
gboolean      rd_button_from_string    (const char    *name,
                                        RdButton      *button);
char         *rd_buttons_to_string     (RdButtons      buttons);
const char   *rd_motion_to_string      (RdMotion       motion);
const char   *rd_family_to_string      (RdFamily       family);

#define RD_BUTTONS_FOREACH(set, b) \
  for (RdButtons _rest = (set), b = 0; \
       _rest != 0 && ((b = _rest & (~_rest + 1)), TRUE); \
       _rest &= _rest - 1)

G_END_DECLS
