/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one rule that picks the dictation input (core/rd-mic-choice.c). */
#include "config.h"

#include "rd-mic-choice.h"

static const RdMicChoiceInput desk[] = {
  { "Built-in Audio Analog Stereo", "alsa_input.pci-0000_00_1f.3.analog-stereo", TRUE },
  { "Webcam C920 Analog Stereo", "alsa_input.usb-046d_C920-02.analog-stereo", FALSE },
  { "SpeechMike III Audio Mono", "alsa_input.usb-Philips_SpeechMike_III-00.mono-fallback", FALSE },
};

static void
test_preference (void)
{
  g_assert_cmpint (rd_mic_choose (desk, 3, "webcam"), ==, 1);
  g_assert_cmpint (rd_mic_choose (desk, 3, "SPEECHMIKE"), ==, 2);
  /* the sound server's name counts too */
  g_assert_cmpint (rd_mic_choose (desk, 3, "pci-0000"), ==, 0);
  /* named and absent: none, never another */
  g_assert_cmpint (rd_mic_choose (desk, 3, "PowerMic"), ==, -1);
  g_assert_cmpint (rd_mic_choose (NULL, 0, "PowerMic"), ==, -1);
  /* not UTF-8: matches nothing */
  g_assert_cmpint (rd_mic_choose (desk, 3, "\xff\xfe"), ==, -1);
}

static void
test_unset (void)
{
  const RdMicChoiceInput plain[] = {
    { "Webcam", NULL, FALSE },
    { "Built-in", NULL, TRUE },
  };
  const RdMicChoiceInput no_default[] = {
    { "Webcam", NULL, FALSE },
    { "Built-in", NULL, FALSE },
  };
  const RdMicChoiceInput two[] = {
    { "Philips Foot Control", NULL, FALSE },
    { "PowerMic 4 Audio", NULL, TRUE },
    { "SpeechMike Premium Air", NULL, FALSE },
  };

  /* a dictation microphone before the default */
  g_assert_cmpint (rd_mic_choose (desk, 3, NULL), ==, 2);
  g_assert_cmpint (rd_mic_choose (desk, 3, ""), ==, 2);
  g_assert_cmpint (rd_mic_choose (plain, 2, NULL), ==, 1);
  g_assert_cmpint (rd_mic_choose (no_default, 2, NULL), ==, 0);
  g_assert_cmpint (rd_mic_choose (NULL, 0, NULL), ==, -1);
  /* SpeechMike ranks before PowerMic, both before a generic Philips name */
  g_assert_cmpint (rd_mic_choose (two, 3, NULL), ==, 2);
  g_assert_true (rd_mic_is_dictation_name ("Nuance PowerMic III"));
  g_assert_false (rd_mic_is_dictation_name ("Built-in"));
  g_assert_false (rd_mic_is_dictation_name (NULL));
}

static void
test_server_name (void)
{
  g_assert_true (rd_mic_server_name_is_safe ("alsa_input.usb-Philips_SpeechMike_III-00.mono-fallback"));
  g_assert_true (rd_mic_server_name_is_safe ("bluez_input.00:11:22:33:44:55"));
  g_assert_false (rd_mic_server_name_is_safe (""));
  g_assert_false (rd_mic_server_name_is_safe (NULL));
  g_assert_false (rd_mic_server_name_is_safe ("a\" } pcm.x { type file"));
  g_assert_false (rd_mic_server_name_is_safe ("two words"));
  g_assert_false (rd_mic_server_name_is_safe ("semi;colon"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mic-choice/preference", test_preference);
  g_test_add_func ("/mic-choice/unset", test_unset);
  g_test_add_func ("/mic-choice/server-name", test_server_name);
  return g_test_run ();
}
