/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-dictation-input.h"
#include "rd-event-path.h"
#include "rd-report-controller.h"

G_BEGIN_DECLS

#define RD_TYPE_COMMAND_ROUTER (rd_command_router_get_type ())
G_DECLARE_FINAL_TYPE (RdCommandRouter, rd_command_router, RD, COMMAND_ROUTER, GObject)

RdCommandRouter *rd_command_router_new              (RdReportController *controller,
                                                     RdEventPath        *events);
gboolean         rd_command_router_send             (RdCommandRouter    *self,
                                                     const char         *command,
                                                     GError            **error);
void             rd_command_router_check_mic        (RdCommandRouter    *self);
void             rd_command_router_dictate_anyway   (RdCommandRouter    *self);
void             rd_command_router_prepare_mic      (RdCommandRouter    *self);
void             rd_command_router_study_opening    (RdCommandRouter    *self);
void             rd_command_router_study_opened     (RdCommandRouter    *self);
void             rd_command_router_override_mismatch (RdCommandRouter   *self);
gboolean         rd_command_router_is_overriding    (RdCommandRouter    *self);
const char      *rd_command_router_get_mic_verdict  (RdCommandRouter    *self);
const char      *rd_command_router_get_mic_checked_at (RdCommandRouter  *self);
RdDictationInput *rd_command_router_get_input       (RdCommandRouter    *self);

G_END_DECLS
