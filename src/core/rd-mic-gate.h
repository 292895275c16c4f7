/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-level.h"

G_BEGIN_DECLS

/* When the microphone is checked before dictation (setting mic-check), and
 * what a verdict means for the record command waiting on it. Pure. */

typedef enum {
  RD_MIC_CHECK_OFF,
  RD_MIC_CHECK_WARN,
  RD_MIC_CHECK_BLOCK,
} RdMicCheckMode;

typedef enum {
  RD_MIC_GATE_SEND,       /* send the record command now */
  RD_MIC_GATE_CHECK,      /* check first; the command waits */
  RD_MIC_GATE_WAIT,       /* a check is running; the command waits */
  RD_MIC_GATE_BLOCK,      /* not sent: the verdict is shown, "Dictate anyway" offered */
} RdMicGateDecision;

typedef struct {
  RdMicCheckMode mode;
  gboolean       checked;    /* a check passed (or was overridden) since the report opened */
  gboolean       checking;
} RdMicGate;

gboolean          rd_mic_check_mode_parse (const char        *text,
                                           RdMicCheckMode    *mode);
void              rd_mic_gate_report_opened (RdMicGate       *gate);
RdMicGateDecision rd_mic_gate_record      (RdMicGate         *gate);
RdMicGateDecision rd_mic_gate_verdict     (RdMicGate         *gate,
                                           RdMicVerdict       verdict);
void              rd_mic_gate_override    (RdMicGate         *gate);
gboolean          rd_mic_is_record_command (const char       *command,
                                           gboolean           recording);

G_END_DECLS
