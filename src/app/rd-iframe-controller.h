/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-report-controller.h"
#include "rd-report-view.h"
#include "rd-token-source.h"

G_BEGIN_DECLS

#define RD_TYPE_IFRAME_CONTROLLER (rd_iframe_controller_get_type ())
G_DECLARE_FINAL_TYPE (RdIframeController, rd_iframe_controller, RD, IFRAME_CONTROLLER, RdReportController)

RdReportController *rd_iframe_controller_new        (RdSession          *session,
                                                     RdTokenSource      *tokens,
                                                     RdReportView       *view);
RdSession          *rd_iframe_controller_get_session (RdIframeController *self);
RdReportView       *rd_iframe_controller_get_view    (RdIframeController *self);
RdTokenSource      *rd_iframe_controller_get_tokens  (RdIframeController *self);

G_END_DECLS
