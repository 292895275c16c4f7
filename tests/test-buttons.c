/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-buttons.h"
#include "rd-device-model.h"

#include <string.h>

/* A SpeechMike button report with the wire mask at bytes 7-8 (LE). */
static RdButtons
speechmike (RdFamily family,
            guint16  wire)
{
  guint8 r[9] = { 0x80, 0, 0, 0, 0, 0, 0, wire & 0xff, wire >> 8 };
  RdReport report;

  g_assert_cmpint (rd_buttons_decode (family, r, sizeof r, &report), ==, RD_REPORT_BUTTONS);
  return report.buttons;
}

/* docs/devices.md §2.5, one bit at a time, both tables */
static void
test_speechmike_bits (void)
{
  static const RdButton sm[16] = {
    RD_BUTTON_SCAN_END, RD_BUTTON_F1_A, RD_BUTTON_F2_B, RD_BUTTON_F3_C, RD_BUTTON_F4_D,
    RD_BUTTON_COMMAND, 0, RD_BUTTON_SCAN_SUCCESS, RD_BUTTON_RECORD, RD_BUTTON_STOP,
    RD_BUTTON_PLAY, RD_BUTTON_FORWARD, RD_BUTTON_REWIND, RD_BUTTON_EOL_PRIO,
    RD_BUTTON_INS_OVR, RD_BUTTON_INSTR,
  };
  static const RdButton pm4[16] = {
    0, RD_BUTTON_F1_A, RD_BUTTON_F2_B, RD_BUTTON_F3_C, RD_BUTTON_F4_D, RD_BUTTON_COMMAND, 0, 0,
    RD_BUTTON_RECORD, 0, RD_BUTTON_PLAY, RD_BUTTON_TAB_FORWARD, RD_BUTTON_TAB_BACKWARD,
    RD_BUTTON_REWIND, RD_BUTTON_FORWARD, RD_BUTTON_ENTER_SELECT,
  };

  for (guint i = 0; i < 16; i++)
    {
      g_assert_cmpuint (speechmike (RD_FAMILY_SPEECHMIKE, 1u << i), ==, sm[i]);
      g_assert_cmpuint (speechmike (RD_FAMILY_POWERMIC4, 1u << i), ==, pm4[i]);
    }
  /* the BBC-35 reading: report[8] == 0x01 is Record */
  g_assert_cmpuint (speechmike (RD_FAMILY_SPEECHMIKE, 0x0100), ==, RD_BUTTON_RECORD);
  /* a chord: Record + Play + F1 */
  g_assert_cmpuint (speechmike (RD_FAMILY_SPEECHMIKE, 0x0502), ==,
                    RD_BUTTON_RECORD | RD_BUTTON_PLAY | RD_BUTTON_F1_A);
  g_assert_cmpuint (speechmike (RD_FAMILY_SPEECHMIKE, 0), ==, 0);
}

static void
test_speechmike_other_reports (void)
{
  guint8 down[9] = { 0x9e, 0, 0, 0, 0, 0, 0, 0, 1 };
  guint8 up[9] = { 0x9e, 0, 0, 0, 0, 0, 0, 0, 0 };
  guint8 wireless[9] = { 0x94, 0, 0, 0, 0, 0x12, 0x34, 0, 0 };
  guint8 answer[9] = { 0x87, 0, 0, 0, 0, 0, 0, 12, 128 };
  guint8 unknown[9] = { 0x13, 1, 2, 3, 4, 5, 6, 7, 8 };
  guint8 button[9] = { 0x80, 0, 0, 0, 0, 0, 0, 0, 1 };
  RdReport r;

  g_assert_cmpint (rd_buttons_decode (RD_FAMILY_SPEECHMIKE, down, 9, &r), ==, RD_REPORT_MOTION);
  g_assert_cmpint (r.motion, ==, RD_MOTION_LAID_DOWN);
  g_assert_cmpint (rd_buttons_decode (RD_FAMILY_SPEECHMIKE, up, 9, &r), ==, RD_REPORT_MOTION);
  g_assert_cmpint (r.motion, ==, RD_MOTION_PICKED_UP);
  g_assert_cmpint (rd_buttons_decode (RD_FAMILY_SPEECHMIKE, wireless, 9, &r), ==, RD_REPORT_STATUS);
  g_assert_cmpint (rd_buttons_decode (RD_FAMILY_SPEECHMIKE, answer, 9, &r), ==, RD_REPORT_RESPONSE);
  g_assert_cmpuint (r.command, ==, 0x87);
  g_assert_cmpint (rd_buttons_decode (RD_FAMILY_SPEECHMIKE, unknown, 9, &r), ==, RD_REPORT_IGNORED);
  /* Browser mode's vendor collection: its button reports are not ours to act on */
  g_assert_cmpint (rd_buttons_decode (RD_FAMILY_SPEECHMIKE_CONTROL, button, 9, &r), ==, RD_REPORT_IGNORED);
  g_assert_cmpint (rd_buttons_decode (RD_FAMILY_SPEECHMIKE_CONTROL, down, 9, &r), ==, RD_REPORT_MOTION);
}

/* docs/devices.md §2.10 */
static void
test_gamepad (void)
{
  static const RdButton expected[16] = {
    RD_BUTTON_REWIND, RD_BUTTON_PLAY, RD_BUTTON_FORWARD, 0, RD_BUTTON_INS_OVR, RD_BUTTON_RECORD,
    RD_BUTTON_COMMAND, 0, 0, RD_BUTTON_INSTR, RD_BUTTON_F1_A, RD_BUTTON_F2_B, RD_BUTTON_F3_C,
    RD_BUTTON_F4_D, RD_BUTTON_EOL_PRIO, 0,
  };

  for (guint i = 0; i < 16; i++)
    {
      guint8 r[5] = { (1u << i) & 0xff, (1u << i) >> 8, 0, 0x7f, 0x80 };
      RdReport report;

      g_assert_cmpint (rd_buttons_decode (RD_FAMILY_GAMEPAD, r, 5, &report), ==, RD_REPORT_BUTTONS);
      g_assert_cmpuint (report.buttons, ==, expected[i]);
    }
}

/* docs/devices.md §3.2 */
static void
test_powermic3 (void)
{
  static const RdButton expected[13] = {
    RD_BUTTON_TRANSCRIBE, RD_BUTTON_TAB_BACKWARD, RD_BUTTON_RECORD, RD_BUTTON_TAB_FORWARD,
    RD_BUTTON_REWIND, RD_BUTTON_FORWARD, RD_BUTTON_PLAY, RD_BUTTON_CUSTOM_LEFT,
    RD_BUTTON_ENTER_SELECT, RD_BUTTON_CUSTOM_RIGHT, 0, 0, RD_BUTTON_TRIGGER,
  };
  guint8 trigger[3] = { 0x01, 0, 0 };
  RdReport report;

  for (guint i = 0; i < 13; i++)
    {
      guint8 r[3] = { 0, (1u << i) & 0xff, (1u << i) >> 8 };

      g_assert_cmpint (rd_buttons_decode (RD_FAMILY_POWERMIC3, r, 3, &report), ==, RD_REPORT_BUTTONS);
      g_assert_cmpuint (report.buttons, ==, expected[i]);
    }
  /* the trigger as one capture saw it: byte 0 bit 0 */
  rd_buttons_decode (RD_FAMILY_POWERMIC3, trigger, 3, &report);
  g_assert_cmpuint (report.buttons, ==, RD_BUTTON_TRIGGER);
}

/* docs/devices.md §4; releasing all pedals sends [0] */
static void
test_foot_control (void)
{
  guint8 r[1];
  RdReport report;

  r[0] = 0x01; rd_buttons_decode (RD_FAMILY_FOOT_CONTROL, r, 1, &report);
  g_assert_cmpuint (report.buttons, ==, RD_BUTTON_REWIND);
  r[0] = 0x02; rd_buttons_decode (RD_FAMILY_FOOT_CONTROL, r, 1, &report);
  g_assert_cmpuint (report.buttons, ==, RD_BUTTON_PLAY);
  r[0] = 0x04; rd_buttons_decode (RD_FAMILY_FOOT_CONTROL, r, 1, &report);
  g_assert_cmpuint (report.buttons, ==, RD_BUTTON_FORWARD);
  r[0] = 0x08; rd_buttons_decode (RD_FAMILY_FOOT_CONTROL, r, 1, &report);
  g_assert_cmpuint (report.buttons, ==, RD_BUTTON_EOL_PRIO);
  r[0] = 0x10; rd_buttons_decode (RD_FAMILY_FOOT_CONTROL, r, 1, &report);
  g_assert_cmpuint (report.buttons, ==, 0);
  r[0] = 0x06; rd_buttons_decode (RD_FAMILY_FOOT_CONTROL, r, 1, &report);
  g_assert_cmpuint (report.buttons, ==, RD_BUTTON_PLAY | RD_BUTTON_FORWARD);
  r[0] = 0x00;
  g_assert_cmpint (rd_buttons_decode (RD_FAMILY_FOOT_CONTROL, r, 1, &report), ==, RD_REPORT_BUTTONS);
  g_assert_cmpuint (report.buttons, ==, 0);
}

/* Garbage, truncated and oversized reports of every family: ignored, no crash. */
static void
test_malformed (void)
{
  static const RdFamily families[] = {
    RD_FAMILY_SPEECHMIKE, RD_FAMILY_POWERMIC4, RD_FAMILY_SPEECHMIKE_CONTROL,
    RD_FAMILY_GAMEPAD, RD_FAMILY_POWERMIC3, RD_FAMILY_FOOT_CONTROL,
  };
  static const gsize good_len[] = { 9, 9, 9, 5, 3, 1 };
  guint8 big[64];
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  RdReport report;

  memset (big, 0x80, sizeof big);
  for (guint f = 0; f < G_N_ELEMENTS (families); f++)
    {
      g_assert_cmpint (rd_buttons_decode (families[f], NULL, 0, &report), ==, RD_REPORT_IGNORED);
      g_assert_cmpint (rd_buttons_decode (families[f], big, 0, &report), ==, RD_REPORT_IGNORED);
      /* one byte short and one too long */
      if (good_len[f] > 1)
        g_assert_cmpint (rd_buttons_decode (families[f], big, good_len[f] - 1, &report), ==, RD_REPORT_IGNORED);
      g_assert_cmpint (rd_buttons_decode (families[f], big, sizeof big, &report), ==, RD_REPORT_IGNORED);
      /* random bytes of every length: anything but a crash; unknown bits never become buttons */
      for (guint n = 0; n < 2000; n++)
        {
          guint8 data[16];
          gsize len = g_rand_int_range (rand, 0, sizeof data + 1);

          for (gsize i = 0; i < len; i++)
            data[i] = g_rand_int_range (rand, 0, 256);
          if (rd_buttons_decode (families[f], data, len, &report) == RD_REPORT_BUTTONS)
            g_assert_cmpuint (report.buttons & ~((1u << 24) - 1), ==, 0);
        }
    }
}

static void
test_names (void)
{
  RdButton b;
  g_autofree char *chord = rd_buttons_to_string (RD_BUTTON_RECORD | RD_BUTTON_PLAY);
  g_autofree char *none = rd_buttons_to_string (0);

  g_assert_true (rd_button_from_string ("eol_prio", &b) && b == RD_BUTTON_EOL_PRIO);
  g_assert_false (rd_button_from_string ("BUZZER", &b));
  g_assert_false (rd_button_from_string (NULL, &b));
  g_assert_cmpstr (rd_button_to_string (RD_BUTTON_TAB_FORWARD), ==, "TAB_FORWARD");
  g_assert_cmpstr (chord, ==, "PLAY+RECORD");
  g_assert_cmpstr (none, ==, "NONE");
  /* what a person reads: as the keys are printed, not the setting's names */
  g_assert_cmpstr (rd_button_get_label (RD_BUTTON_F1_A), ==, "F1 / A");
  g_assert_cmpstr (rd_button_get_label (RD_BUTTON_EOL_PRIO), ==, "End of letter / Priority");
  g_assert_null (rd_button_get_label (0));
  for (guint bit = 0; bit < 32; bit++)
    g_assert_true ((rd_button_to_string (1u << bit) == NULL) == (rd_button_get_label (1u << bit) == NULL));
}

/* The table: every model the issue names, found by its collection. */
static void
test_models (void)
{
  const RdDeviceModel *m;

  g_assert_nonnull (m = rd_device_model_find (0x0911, 0x0c1c, 0xffa0, 1));
  g_assert_cmpint (m->family, ==, RD_FAMILY_SPEECHMIKE);
  g_assert_cmpint (m->led, ==, RD_LED_KIND_SPEECHMIKE);
  g_assert_nonnull (rd_device_model_find (0x0911, 0x0c1d, 0xffa0, 1));
  g_assert_nonnull (rd_device_model_find (0x0911, 0x0c1e, 0xffa0, 1));
  g_assert_nonnull (m = rd_device_model_find (0x0911, 0x0fa0, 1, 4));
  g_assert_cmpint (m->family, ==, RD_FAMILY_GAMEPAD);
  g_assert_nonnull (m = rd_device_model_find (0x0554, 0x0064, 0xffa0, 1));
  g_assert_cmpint (m->family, ==, RD_FAMILY_POWERMIC4);
  g_assert_nonnull (m = rd_device_model_find (0x0554, 0x1001, 1, 0));
  g_assert_cmpint (m->led, ==, RD_LED_KIND_POWERMIC3);
  g_assert_nonnull (m = rd_device_model_find (0x0911, 0x1844, 1, 4));
  g_assert_cmpint (m->family, ==, RD_FAMILY_FOOT_CONTROL);
  g_assert_nonnull (rd_device_model_find (0x0911, 0x091a, 1, 4));
  /* the SpeechMike's mouse collection is not ours to open */
  g_assert_null (rd_device_model_find (0x0911, 0x0c1c, 1, 2));
  g_assert_true (rd_device_model_is_known_vendor_product (0x0911, 0x0c1c));
  g_assert_false (rd_device_model_is_known_vendor_product (0x046d, 0xc52b));
}

/* The shipped udev rule opens hidraw for every vendor in the table. */
static void
test_udev_rule (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "data",
                                            "70-reportdock-dictation.rules", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_models;
  const RdDeviceModel *models = rd_device_models (&n_models);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint m = 0; m < n_models; m++)
    {
      g_autofree char *vendor = g_strdup_printf ("ATTRS{idVendor}==\"%04x\"", models[m].vendor_id);
      gboolean covered = FALSE;

      for (guint i = 0; lines[i] != NULL; i++)
        if (lines[i][0] != '#' && strstr (lines[i], vendor) && strstr (lines[i], "KERNEL==\"hidraw*\"") &&
            strstr (lines[i], "TAG+=\"uaccess\""))
          covered = TRUE;
      if (!covered)
        g_error ("%s (%04x) has no line in %s", models[m].name, models[m].vendor_id, path);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/buttons/speechmike-bits", test_speechmike_bits);
  g_test_add_func ("/buttons/speechmike-other-reports", test_speechmike_other_reports);
  g_test_add_func ("/buttons/gamepad", test_gamepad);
  g_test_add_func ("/buttons/powermic3", test_powermic3);
  g_test_add_func ("/buttons/foot-control", test_foot_control);
  g_test_add_func ("/buttons/malformed", test_malformed);
  g_test_add_func ("/buttons/names", test_names);
  g_test_add_func ("/buttons/models", test_models);
  g_test_add_func ("/buttons/udev-rule", test_udev_rule);
  return g_test_run ();
}
