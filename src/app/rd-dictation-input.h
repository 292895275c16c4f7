/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RD_TYPE_DICTATION_INPUT (rd_dictation_input_get_type ())
G_DECLARE_FINAL_TYPE (RdDictationInput, rd_dictation_input, RD, DICTATION_INPUT, GObject)

RdDictationInput *rd_dictation_input_new         (void);
void              rd_dictation_input_start       (RdDictationInput *self);
const char       *rd_dictation_input_get_name    (RdDictationInput *self);
const char       *rd_dictation_input_get_missing (RdDictationInput *self);

G_END_DECLS
