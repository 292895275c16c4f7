/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-device-monitor.h"
#include "rd-keymap.h"

G_BEGIN_DECLS

/* Dictation devices → actions, and the reporting app's state → LEDs. */

#define RD_TYPE_DICTATION (rd_dictation_get_type ())
G_DECLARE_FINAL_TYPE (RdDictation, rd_dictation, RD, DICTATION, GObject)

RdDictation     *rd_dictation_new           (const RdHidBackend *backend);
RdDeviceMonitor *rd_dictation_get_monitor   (RdDictation        *self);
void             rd_dictation_set_keymap    (RdDictation        *self,
                                             RdKeymap           *keymap,
                                             guint               hold_ms);
void             rd_dictation_set_app_state (RdDictation        *self,
                                             gboolean            signed_in,
                                             gboolean            report_open,
                                             gboolean            recording,
                                             gboolean            insert);

G_END_DECLS
