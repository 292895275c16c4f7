/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-mic-gate.h"

gboolean
rd_mic_check_mode_parse (const char     *text,
                         RdMicCheckMode *mode)
{
  if (g_strcmp0 (text, "off") == 0)
    *mode = RD_MIC_CHECK_OFF;
  else if (g_strcmp0 (text, "warn") == 0)
    *mode = RD_MIC_CHECK_WARN;
  else if (g_strcmp0 (text, "block") == 0)
    *mode = RD_MIC_CHECK_BLOCK;
  else
    return FALSE;
  return TRUE;
}

/* Each report gets its own check: a microphone that worked for the last
 * patient may have been muted since. */
void
rd_mic_gate_report_opened (RdMicGate *gate)
{
  gate->checked = FALSE;
}

/* Commands that start dictation; stopping is never held back. */
gboolean
rd_mic_is_record_command (const char *command,
                          gboolean    recording)
{
  return g_strcmp0 (command, "start_recording") == 0 ||
         (g_strcmp0 (command, "toggle_recording") == 0 && !recording);
}

RdMicGateDecision
rd_mic_gate_record (RdMicGate *gate)
{
  if (gate->mode == RD_MIC_CHECK_OFF || gate->checked)
    return RD_MIC_GATE_SEND;
  if (gate->checking)
    return RD_MIC_GATE_WAIT;
  gate->checking = TRUE;
  return RD_MIC_GATE_CHECK;
}

RdMicGateDecision
rd_mic_gate_verdict (RdMicGate    *gate,
                     RdMicVerdict  verdict)
{
  gate->checking = FALSE;
  if (verdict == RD_MIC_VERDICT_OK)
    {
      gate->checked = TRUE;
      return RD_MIC_GATE_SEND;
    }
  if (gate->mode == RD_MIC_CHECK_BLOCK)
    return RD_MIC_GATE_BLOCK;
  gate->checked = TRUE;   /* warned once for this report: do not nag */
  return RD_MIC_GATE_SEND;
}

void
rd_mic_gate_override (RdMicGate *gate)
{
  gate->checking = FALSE;
  gate->checked = TRUE;
}
