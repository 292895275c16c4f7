/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RD_TYPE_MIC_TESTER (rd_mic_tester_get_type ())
G_DECLARE_FINAL_TYPE (RdMicTester, rd_mic_tester, RD, MIC_TESTER, GtkGrid)

RdMicTester *rd_mic_tester_new          (GSettings   *settings);
GtkDropDown *rd_mic_tester_get_inputs   (RdMicTester *self);
gboolean     rd_mic_tester_is_listed    (RdMicTester *self);
void         rd_mic_tester_run          (RdMicTester *self);
const char  *rd_mic_tester_get_verdict  (RdMicTester *self);
double       rd_mic_tester_get_peak     (RdMicTester *self);

G_END_DECLS
