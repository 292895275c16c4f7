/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The device table, decoders, identification and LED reports against the
 * public reference implementation's own test data: GoogleChromeLabs/
 * dictation_support (MIT), commit 077292a. Each table names the file its
 * vectors come from; the vectors are facts about the devices, copied as
 * data. Every device row the reference supports is covered. */
#include "config.h"

#include "rd-buttons.h"
#include "rd-button-tracker.h"
#include "rd-device-id.h"
#include "rd-device-model.h"
#include "rd-leds.h"

#include <string.h>

typedef struct {
  guint8    data[9];
  gsize     len;
  RdButtons expected;   /* 0: no button (the reference's `undefined`) */
} Vector;

/* Decodes each report of the model's row and compares the buttons. */
static void
check_row (guint16       vendor,
           guint16       product,
           guint16       usage_page,
           guint16       usage,
           const Vector *vectors,
           guint         n)
{
  const RdDeviceModel *model = rd_device_model_find (vendor, product, usage_page, usage);

  if (model == NULL)
    g_error ("%04x:%04x (%04x/%u) is not in the device table", vendor, product, usage_page, usage);
  for (guint i = 0; i < n; i++)
    {
      RdReport report;
      guint8 padded[9] = { 0 };
      gsize len = MAX (vectors[i].len, model->report_min);

      /* the reference's tests give the bytes it reads; the device sends
       * the report at its full length (docs/devices.md §1) */
      memcpy (padded, vectors[i].data, vectors[i].len);
      rd_buttons_decode (model->family, padded, len, &report);
      if (report.buttons != vectors[i].expected)
        g_error ("%s, vector %u: buttons 0x%x, the reference says 0x%x", model->name, i,
                 report.buttons, vectors[i].expected);
    }
}

#define G2(a, b, e)      { { a, b }, 2, e }
#define HID(lo, hi, e)   { { 128, 0, 0, 0, 0, 0, 0, lo, hi }, 9, e }

/* src/speechmike_gamepad_device_test.ts, "SpeechMikes" */
static const Vector gamepad_speechmike[] = {
  G2 (0, 0, 0), G2 (1, 0, RD_BUTTON_REWIND), G2 (2, 0, RD_BUTTON_PLAY),
  G2 (4, 0, RD_BUTTON_FORWARD), G2 (8, 0, 0), G2 (16, 0, RD_BUTTON_INS_OVR),
  G2 (32, 0, RD_BUTTON_RECORD), G2 (64, 0, RD_BUTTON_COMMAND), G2 (128, 0, 0),
  G2 (0, 1, 0), G2 (0, 2, RD_BUTTON_INSTR), G2 (0, 4, RD_BUTTON_F1_A),
  G2 (0, 8, RD_BUTTON_F2_B), G2 (0, 16, RD_BUTTON_F3_C), G2 (0, 32, RD_BUTTON_F4_D),
  G2 (0, 64, RD_BUTTON_EOL_PRIO), G2 (0, 128, 0),
};

/* src/speechmike_gamepad_device_test.ts, "PowerMic4" */
static const Vector gamepad_powermic4[] = {
  G2 (0, 0, 0), G2 (1, 0, RD_BUTTON_TAB_BACKWARD), G2 (2, 0, RD_BUTTON_PLAY),
  G2 (4, 0, RD_BUTTON_TAB_FORWARD), G2 (8, 0, 0), G2 (16, 0, RD_BUTTON_FORWARD),
  G2 (32, 0, RD_BUTTON_RECORD), G2 (64, 0, RD_BUTTON_COMMAND), G2 (128, 0, 0),
  G2 (0, 1, 0), G2 (0, 2, RD_BUTTON_ENTER_SELECT), G2 (0, 4, RD_BUTTON_F1_A),
  G2 (0, 8, RD_BUTTON_F2_B), G2 (0, 16, RD_BUTTON_F3_C), G2 (0, 32, RD_BUTTON_F4_D),
  G2 (0, 64, RD_BUTTON_REWIND), G2 (0, 128, 0),
};

/* src/speechmike_hid_device_test.ts, "SpeechMikes_Pro" (SMP 3700) */
static const Vector hid_speechmike[] = {
  HID (1, 0, RD_BUTTON_SCAN_END), HID (2, 0, RD_BUTTON_F1_A),
  HID (4, 0, RD_BUTTON_F2_B), HID (8, 0, RD_BUTTON_F3_C),
  HID (16, 0, RD_BUTTON_F4_D), HID (32, 0, RD_BUTTON_COMMAND),
  HID (64, 0, 0), HID (128, 0, RD_BUTTON_SCAN_SUCCESS),
  HID (0, 1, RD_BUTTON_RECORD), HID (0, 2, RD_BUTTON_STOP),
  HID (0, 4, RD_BUTTON_PLAY), HID (0, 8, RD_BUTTON_FORWARD),
  HID (0, 16, RD_BUTTON_REWIND), HID (0, 32, RD_BUTTON_EOL_PRIO),
  HID (0, 64, RD_BUTTON_INS_OVR), HID (0, 128, RD_BUTTON_INSTR),
  HID (0, 0, 0),
};

/* src/speechmike_hid_device_test.ts, "PowerMic4" */
static const Vector hid_powermic4[] = {
  HID (1, 0, 0), HID (2, 0, RD_BUTTON_F1_A), HID (4, 0, RD_BUTTON_F2_B),
  HID (8, 0, RD_BUTTON_F3_C), HID (16, 0, RD_BUTTON_F4_D),
  HID (32, 0, RD_BUTTON_COMMAND), HID (64, 0, 0), HID (128, 0, 0),
  HID (0, 1, RD_BUTTON_RECORD), HID (0, 2, 0), HID (0, 4, RD_BUTTON_PLAY),
  HID (0, 8, RD_BUTTON_TAB_FORWARD), HID (0, 16, RD_BUTTON_TAB_BACKWARD),
  HID (0, 32, RD_BUTTON_REWIND), HID (0, 64, RD_BUTTON_FORWARD),
  HID (0, 128, RD_BUTTON_ENTER_SELECT),
};

/* src/powermic_3_device_test.ts, "handles input reports" */
static const Vector powermic3[] = {
  { { 0, 0, 0 }, 3, 0 }, { { 0, 1, 0 }, 3, RD_BUTTON_TRANSCRIBE }, { { 0, 2, 0 }, 3, RD_BUTTON_TAB_BACKWARD },
  { { 0, 4, 0 }, 3, RD_BUTTON_RECORD }, { { 0, 8, 0 }, 3, RD_BUTTON_TAB_FORWARD }, { { 0, 16, 0 }, 3, RD_BUTTON_REWIND },
  { { 0, 32, 0 }, 3, RD_BUTTON_FORWARD }, { { 0, 64, 0 }, 3, RD_BUTTON_PLAY },
  { { 0, 128, 0 }, 3, RD_BUTTON_CUSTOM_LEFT }, { { 0, 0, 1 }, 3, RD_BUTTON_ENTER_SELECT },
  { { 0, 0, 2 }, 3, RD_BUTTON_CUSTOM_RIGHT }, { { 0, 0, 4 }, 3, 0 },
};

/* src/foot_control_device_test.ts, "handles input reports" */
static const Vector foot[] = {
  { { 0 }, 1, 0 }, { { 1 }, 1, RD_BUTTON_REWIND }, { { 2 }, 1, RD_BUTTON_PLAY }, { { 4 }, 1, RD_BUTTON_FORWARD },
  { { 8 }, 1, RD_BUTTON_EOL_PRIO }, { { 16 }, 1, 0 },
};

static void
test_buttons (void)
{
  /* every row of the reference's device filters (src/dictation_device_manager.ts) */
  check_row (0x0911, 0x0fa0, 1, 4, gamepad_speechmike, G_N_ELEMENTS (gamepad_speechmike));
  check_row (0x0911, 0x0c1e, 1, 4, gamepad_speechmike, G_N_ELEMENTS (gamepad_speechmike));
  check_row (0x0554, 0x0064, 1, 4, gamepad_powermic4, G_N_ELEMENTS (gamepad_powermic4));
  check_row (0x0911, 0x0c1c, 0xffa0, 1, hid_speechmike, G_N_ELEMENTS (hid_speechmike));
  check_row (0x0911, 0x0c1d, 0xffa0, 1, hid_speechmike, G_N_ELEMENTS (hid_speechmike));
  check_row (0x0911, 0x0c1e, 0xffa0, 1, hid_speechmike, G_N_ELEMENTS (hid_speechmike));
  check_row (0x0554, 0x0064, 0xffa0, 1, hid_powermic4, G_N_ELEMENTS (hid_powermic4));
  check_row (0x0554, 0x1001, 1, 0, powermic3, G_N_ELEMENTS (powermic3));
  check_row (0x0911, 0x1844, 1, 4, foot, G_N_ELEMENTS (foot));
  check_row (0x0911, 0x091a, 1, 4, foot, G_N_ELEMENTS (foot));
  /* the Browser-mode vendor collection (0fa0) answers, but its buttons come
   * on the joystick: the reference opens it as the host device */
  g_assert_nonnull (rd_device_model_find (0x0911, 0x0fa0, 0xffa0, 1));
}

/* src/speechmike_hid_device_test.ts, createDictationDeviceForType: the
 * identification dialogues, command → answer, and the model they mean. */
typedef struct {
  guint16      expected;
  guint8       answers[4][9];
} Dialogue;

#define PREMIUM_SM3 { 131, 2, 0, 0, 0, 0, 50, 0, 85 }
#define PREMIUM_SMP { 131, 0, 0, 0, 1, 0, 50, 1, 149 }

static const Dialogue dialogues[] = {
  { 3200, { PREMIUM_SM3, { 135, 0, 0, 0, 0, 0, 0, 12, 128 } } },
  { 3210, { PREMIUM_SM3, { 135, 0, 0, 0, 0, 0, 0, 12, 138 } } },
  { 3220, { PREMIUM_SM3, { 135, 0, 0, 0, 0, 0, 0, 12, 148 } } },
  { 3300, { PREMIUM_SM3, { 135, 0, 0, 0, 0, 0, 0, 12, 228 } } },
  { 3310, { PREMIUM_SM3, { 135, 0, 0, 0, 0, 0, 0, 12, 238 } } },
  { 3500, { PREMIUM_SMP, { 139, 0, 0, 0, 0, 0, 13, 172, 0 } } },
  { 3510, { PREMIUM_SMP, { 139, 0, 0, 0, 0, 0, 13, 182, 0 } } },
  { 3520, { PREMIUM_SMP, { 139, 0, 0, 0, 0, 0, 13, 192, 0 } } },
  { 3600, { PREMIUM_SMP, { 139, 0, 0, 0, 0, 0, 14, 16, 0 } } },
  { 3610, { PREMIUM_SMP, { 139, 0, 0, 0, 0, 0, 14, 26, 0 } } },
  { 3700, { PREMIUM_SMP, { 139, 0, 0, 0, 0, 0, 14, 116, 0 } } },
  { 3710, { PREMIUM_SMP, { 139, 0, 0, 0, 0, 0, 14, 126, 0 } } },
  { 3720, { PREMIUM_SMP, { 139, 0, 0, 0, 0, 0, 14, 136, 0 } } },
  { 3800, { PREMIUM_SMP, { 139, 0, 0, 0, 14, 216, 14, 16, 0 } } },
  { 3810, { PREMIUM_SMP, { 139, 0, 0, 0, 14, 226, 14, 26, 0 } } },
  { 4000, { PREMIUM_SMP, { 139, 0, 15, 160, 14, 116, 13, 172, 0 }, { 145, 0, 0, 65, 65, 4, 46, 0, 65 } } },
  { 4010, { PREMIUM_SMP, { 139, 0, 15, 170, 14, 126, 13, 182, 0 }, { 145, 0, 0, 65, 65, 4, 46, 0, 65 } } },
  { 6001, { PREMIUM_SMP, { 139, 1, 15, 160, 14, 116, 13, 172, 0 }, { 150, 0, 0, 0, 0, 0, 0, 23, 113 } } },
  { 5000, { PREMIUM_SMP, { 139, 0, 15, 160, 14, 116, 13, 172, 0 }, { 145, 0, 0, 5, 7, 6, 46, 0, 7 },
            { 150, 0, 0, 0, 0, 19, 136, 0, 0 } } },
};

static void
test_identification (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (dialogues); i++)
    {
      RdDeviceId id;
      guint8 command = rd_device_id_start (&id);
      guint steps = 0;

      while (command != 0)
        {
          const guint8 *answer = NULL;

          for (guint a = 0; a < G_N_ELEMENTS (dialogues[i].answers); a++)
            if (dialogues[i].answers[a][0] == command)
              answer = dialogues[i].answers[a];
          if (answer == NULL)
            g_error ("model %u: asked 0x%02x, which the reference's dialogue does not answer",
                     dialogues[i].expected, command);
          command = rd_device_id_feed (&id, answer, 9);
          g_assert_cmpuint (++steps, <, 8);
        }
      g_assert_cmpuint (id.code, ==, dialogues[i].expected);
    }
}

/* src/speechmike_hid_device_test.ts "setSimpleLedState()" and
 * src/powermic_3_device_test.ts "sends commands to set LEDs": the bytes
 * after the report id. */
static void
test_leds (void)
{
  static const struct { RdLedState state; guint8 bytes[9]; } speechmike_leds[] = {
    { RD_LED_OFF,               { 2, 0, 0, 0, 0, 0, 0, 0, 0 } },
    { RD_LED_RECORD_INSERT,     { 2, 0, 0, 0, 0, 0, 3, 48, 0 } },
    { RD_LED_RECORD_OVERWRITE,  { 2, 0, 0, 0, 0, 0, 12, 0, 0 } },
    { RD_LED_STANDBY_INSERT,    { 2, 0, 0, 0, 0, 0, 1, 16, 0 } },
    { RD_LED_STANDBY_OVERWRITE, { 2, 0, 0, 0, 0, 0, 4, 0, 0 } },
  };
  /* PowerMic III: OFF [0], RED [1], GREEN [2]; recording shows red */
  static const struct { RdLedState state; guint8 byte; } powermic3_leds[] = {
    { RD_LED_OFF, 0 }, { RD_LED_RECORD_INSERT, 1 }, { RD_LED_STANDBY_INSERT, 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (speechmike_leds); i++)
    {
      guint8 out[RD_LED_REPORT_MAX];
      gsize n = rd_led_report (RD_LED_KIND_SPEECHMIKE, speechmike_leds[i].state, out);

      g_assert_cmpuint (n, ==, 10);
      g_assert_cmpuint (out[0], ==, 0);   /* report id */
      g_assert_cmpmem (out + 1, 9, speechmike_leds[i].bytes, 9);
    }
  for (guint i = 0; i < G_N_ELEMENTS (powermic3_leds); i++)
    {
      guint8 out[RD_LED_REPORT_MAX];
      gsize n = rd_led_report (RD_LED_KIND_POWERMIC3, powermic3_leds[i].state, out);

      g_assert_cmpuint (n, ==, 2);
      g_assert_cmpuint (out[1], ==, powermic3_leds[i].byte);
    }
}

/* src/speechmike_hid_device_test.ts, "SpeechMikes_INTSlider" "Slider" and
 * "Slider + Button": the first report moves the slider, a button change
 * hides a slider change, only the changed side is reported. */
static void
test_slider (void)
{
  static const struct { guint8 lo, hi; const char *expected; } slider_only[] = {
    { 0, 1, "RECORD" }, { 0, 2, "STOP" }, { 0, 4, "PLAY" }, { 0, 16, "REWIND" },
  };
  static const struct { guint8 lo, hi; const char *expected; } with_buttons[] = {
    { 1, 4, "press SCAN_END" }, { 0, 4, "release SCAN_END" }, { 0, 2, "slide STOP" }, { 2, 2, "press F1_A" },
  };
  RdButtonTracker t;
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (RdButtonEvent));

  rd_button_tracker_init (&t, rd_device_code_slider_mask (3710), 0, 800);
  for (guint i = 0; i < G_N_ELEMENTS (slider_only); i++)
    {
      guint8 report[9] = { 128, 0, 0, 0, 0, 0, 0, slider_only[i].lo, slider_only[i].hi };
      RdReport decoded;

      g_array_set_size (events, 0);
      rd_buttons_decode (RD_FAMILY_SPEECHMIKE, report, 9, &decoded);
      rd_button_tracker_feed (&t, decoded.buttons, i * 1000, events);
      g_assert_cmpuint (events->len, ==, 1);
      g_assert_cmpint (g_array_index (events, RdButtonEvent, 0).edge, ==, RD_EDGE_SLIDE);
      g_assert_cmpstr (rd_button_to_string (g_array_index (events, RdButtonEvent, 0).button), ==,
                       slider_only[i].expected);
    }

  rd_button_tracker_init (&t, rd_device_code_slider_mask (3710), 0, 800);
  for (guint i = 0; i < G_N_ELEMENTS (with_buttons); i++)
    {
      guint8 report[9] = { 128, 0, 0, 0, 0, 0, 0, with_buttons[i].lo, with_buttons[i].hi };
      RdReport decoded;
      g_autofree char *text = NULL;

      g_array_set_size (events, 0);
      rd_buttons_decode (RD_FAMILY_SPEECHMIKE, report, 9, &decoded);
      rd_button_tracker_feed (&t, decoded.buttons, i * 1000, events);
      g_assert_cmpuint (events->len, ==, 1);
      text = g_strdup_printf ("%s %s", rd_edge_to_string (g_array_index (events, RdButtonEvent, 0).edge),
                              rd_button_to_string (g_array_index (events, RdButtonEvent, 0).button));
      g_assert_cmpstr (text, ==, with_buttons[i].expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/reference-devices/buttons", test_buttons);
  g_test_add_func ("/reference-devices/identification", test_identification);
  g_test_add_func ("/reference-devices/leds", test_leds);
  g_test_add_func ("/reference-devices/slider", test_slider);
  return g_test_run ();
}
