/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-leds.h"
#include "rd-device-id.h"

static void
assert_bytes (RdLedKind   kind,
              RdLedState  state,
              const char *expected_hex)
{
  guint8 out[RD_LED_REPORT_MAX];
  gsize n = rd_led_report (kind, state, out);
  g_autoptr(GString) hex = g_string_new (NULL);

  for (gsize i = 0; i < n; i++)
    g_string_append_printf (hex, "%s%02x", i ? " " : "", out[i]);
  g_assert_cmpstr (hex->str, ==, expected_hex);
}

/* docs/devices.md §2.9: the SDK's exact bytes, after hidapi's report id 0 */
static void
test_speechmike (void)
{
  assert_bytes (RD_LED_KIND_SPEECHMIKE, RD_LED_OFF, "00 02 00 00 00 00 00 00 00 00");
  assert_bytes (RD_LED_KIND_SPEECHMIKE, RD_LED_RECORD_INSERT, "00 02 00 00 00 00 00 03 30 00");
  assert_bytes (RD_LED_KIND_SPEECHMIKE, RD_LED_RECORD_OVERWRITE, "00 02 00 00 00 00 00 0c 00 00");
  assert_bytes (RD_LED_KIND_SPEECHMIKE, RD_LED_STANDBY_INSERT, "00 02 00 00 00 00 00 01 10 00");
  assert_bytes (RD_LED_KIND_SPEECHMIKE, RD_LED_STANDBY_OVERWRITE, "00 02 00 00 00 00 00 04 00 00");
}

/* docs/devices.md §3.3: OFF 0, RED 1, GREEN 2 */
static void
test_powermic3 (void)
{
  assert_bytes (RD_LED_KIND_POWERMIC3, RD_LED_OFF, "00 00");
  assert_bytes (RD_LED_KIND_POWERMIC3, RD_LED_RECORD_OVERWRITE, "00 01");
  assert_bytes (RD_LED_KIND_POWERMIC3, RD_LED_RECORD_INSERT, "00 01");
  assert_bytes (RD_LED_KIND_POWERMIC3, RD_LED_STANDBY_INSERT, "00 02");
  assert_bytes (RD_LED_KIND_NONE, RD_LED_RECORD_INSERT, "");
}

static void
test_state (void)
{
  g_assert_cmpint (rd_led_state_for (FALSE, TRUE, TRUE, FALSE), ==, RD_LED_OFF);
  g_assert_cmpint (rd_led_state_for (TRUE, FALSE, FALSE, FALSE), ==, RD_LED_OFF);
  g_assert_cmpint (rd_led_state_for (TRUE, TRUE, FALSE, FALSE), ==, RD_LED_STANDBY_OVERWRITE);
  g_assert_cmpint (rd_led_state_for (TRUE, TRUE, FALSE, TRUE), ==, RD_LED_STANDBY_INSERT);
  g_assert_cmpint (rd_led_state_for (TRUE, TRUE, TRUE, FALSE), ==, RD_LED_RECORD_OVERWRITE);
  g_assert_cmpint (rd_led_state_for (TRUE, TRUE, TRUE, TRUE), ==, RD_LED_RECORD_INSERT);
  g_assert_cmpstr (rd_led_state_to_string (RD_LED_RECORD_INSERT), ==, "recording-insert");
}

static guint16
identify (const guint8 answers[][9],
          guint        n_answers,
          const guint8 *expected_commands)
{
  RdDeviceId id;
  guint8 command = rd_device_id_start (&id);

  for (guint i = 0; i < n_answers; i++)
    {
      g_assert_cmpuint (command, ==, expected_commands[i]);
      g_assert_cmpuint (answers[i][0], ==, command);
      command = rd_device_id_feed (&id, answers[i], 9);
    }
  g_assert_cmpuint (command, ==, 0);
  g_assert_cmpuint (id.pending, ==, 0);
  return id.code;
}

/* docs/devices.md §2.8 test fixtures */
static void
test_device_code (void)
{
  const guint8 lfh3200[][9] = { { 131, 2, 0, 0, 0, 0, 50, 0, 85 }, { 135, 0, 0, 0, 0, 0, 0, 12, 128 } };
  const guint8 lfh3500[][9] = { { 131, 0, 0, 0, 1, 0, 50, 1, 149 }, { 139, 0, 0, 0, 0, 0, 13, 172, 0 } };
  const guint8 smp4000[][9] = { { 131, 0, 0, 0, 1, 0, 50, 1, 149 }, { 139, 0, 15, 160, 14, 116, 13, 172, 0 },
                                { 145, 0, 0, 65, 65, 4, 46, 0, 65 } };
  const guint8 psm6000[][9] = { { 131, 0, 0, 0, 1, 0, 50, 1, 149 }, { 139, 1, 0, 0, 0, 0, 0, 0, 0 },
                                { 150, 0, 0, 0, 0, 0, 0, 23, 113 } };
  const guint8 psm5000[][9] = { { 131, 0, 0, 0, 1, 0, 50, 1, 149 }, { 139, 0, 15, 160, 0, 0, 0, 0, 0 },
                                { 145, 0, 0, 5, 7, 6, 46, 0, 7 }, { 150, 0, 0, 0, 0, 19, 136, 0, 0 } };
  const guint8 c3200[] = { 0x83, 0x87 }, c3500[] = { 0x83, 0x8b };
  const guint8 c4000[] = { 0x83, 0x8b, 0x91 }, c6000[] = { 0x83, 0x8b, 0x96 };
  const guint8 c5000[] = { 0x83, 0x8b, 0x91, 0x96 };
  g_autofree char *name = rd_device_code_name (3500);
  RdDeviceId id;
  guint8 button[9] = { 0x80, 0, 0, 0, 0, 0, 0, 0, 1 };
  guint8 out[10];

  g_assert_cmpuint (identify (lfh3200, 2, c3200), ==, 3200);
  g_assert_cmpuint (identify (lfh3500, 2, c3500), ==, 3500);
  g_assert_cmpuint (identify (smp4000, 3, c4000), ==, 4000);
  g_assert_cmpuint (identify (psm6000, 3, c6000), ==, 6001);
  g_assert_cmpuint (identify (psm5000, 4, c5000), ==, 5000);
  g_assert_cmpstr (name, ==, "SpeechMike LFH3500");

  /* a button report, a short answer or another command's answer: ignored */
  rd_device_id_start (&id);
  g_assert_cmpuint (rd_device_id_feed (&id, button, 9), ==, 0);
  g_assert_cmpuint (rd_device_id_feed (&id, lfh3200[0], 5), ==, 0);
  g_assert_cmpuint (rd_device_id_feed (&id, lfh3500[1], 9), ==, 0);
  g_assert_cmpuint (id.pending, ==, 0x83);

  g_assert_cmpuint (rd_speechmike_command (0x83, out), ==, 10);
  g_assert_cmpuint (out[0], ==, 0);
  g_assert_cmpuint (out[1], ==, 0x83);
  g_assert_cmpuint (out[9], ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/leds/speechmike", test_speechmike);
  g_test_add_func ("/leds/powermic3", test_powermic3);
  g_test_add_func ("/leds/state", test_state);
  g_test_add_func ("/leds/device-code", test_device_code);
  return g_test_run ();
}
