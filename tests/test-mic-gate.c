/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-mic-gate.h"

static void
test_modes (void)
{
  RdMicCheckMode mode;

  g_assert_true (rd_mic_check_mode_parse ("block", &mode) && mode == RD_MIC_CHECK_BLOCK);
  g_assert_true (rd_mic_check_mode_parse ("warn", &mode) && mode == RD_MIC_CHECK_WARN);
  g_assert_true (rd_mic_check_mode_parse ("off", &mode) && mode == RD_MIC_CHECK_OFF);
  g_assert_false (rd_mic_check_mode_parse ("strict", &mode));
  g_assert_false (rd_mic_check_mode_parse (NULL, &mode));
}

static void
test_off (void)
{
  RdMicGate gate = { RD_MIC_CHECK_OFF };

  g_assert_cmpint (rd_mic_gate_record (&gate), ==, RD_MIC_GATE_SEND);
}

static void
test_block (void)
{
  RdMicGate gate = { RD_MIC_CHECK_BLOCK };

  g_assert_cmpint (rd_mic_gate_record (&gate), ==, RD_MIC_GATE_CHECK);
  g_assert_cmpint (rd_mic_gate_record (&gate), ==, RD_MIC_GATE_WAIT);   /* a second press while checking */
  g_assert_cmpint (rd_mic_gate_verdict (&gate, RD_MIC_VERDICT_SILENT), ==, RD_MIC_GATE_BLOCK);
  /* the next press checks again */
  g_assert_cmpint (rd_mic_gate_record (&gate), ==, RD_MIC_GATE_CHECK);
  g_assert_cmpint (rd_mic_gate_verdict (&gate, RD_MIC_VERDICT_OK), ==, RD_MIC_GATE_SEND);
  g_assert_cmpint (rd_mic_gate_record (&gate), ==, RD_MIC_GATE_SEND);
  /* a new report: checked again */
  rd_mic_gate_report_opened (&gate);
  g_assert_cmpint (rd_mic_gate_record (&gate), ==, RD_MIC_GATE_CHECK);
  g_assert_cmpint (rd_mic_gate_verdict (&gate, RD_MIC_VERDICT_NO_DEVICE), ==, RD_MIC_GATE_BLOCK);
  /* "Dictate anyway" */
  rd_mic_gate_override (&gate);
  g_assert_cmpint (rd_mic_gate_record (&gate), ==, RD_MIC_GATE_SEND);
}

static void
test_warn (void)
{
  RdMicGate gate = { RD_MIC_CHECK_WARN };

  g_assert_cmpint (rd_mic_gate_record (&gate), ==, RD_MIC_GATE_CHECK);
  g_assert_cmpint (rd_mic_gate_verdict (&gate, RD_MIC_VERDICT_TOO_QUIET), ==, RD_MIC_GATE_SEND);
  g_assert_cmpint (rd_mic_gate_record (&gate), ==, RD_MIC_GATE_SEND);
}

static void
test_record_commands (void)
{
  g_assert_true (rd_mic_is_record_command ("start_recording", FALSE));
  g_assert_true (rd_mic_is_record_command ("toggle_recording", FALSE));
  g_assert_false (rd_mic_is_record_command ("toggle_recording", TRUE));   /* that stops it */
  g_assert_false (rd_mic_is_record_command ("stop_recording", FALSE));
  g_assert_false (rd_mic_is_record_command ("sign_report", FALSE));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mic-gate/modes", test_modes);
  g_test_add_func ("/mic-gate/off", test_off);
  g_test_add_func ("/mic-gate/block", test_block);
  g_test_add_func ("/mic-gate/warn", test_warn);
  g_test_add_func ("/mic-gate/record-commands", test_record_commands);
  return g_test_run ();
}
