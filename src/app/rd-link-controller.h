/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-report-controller.h"
#include "rd-link-view.h"
#include "rd-vendor-client.h"

G_BEGIN_DECLS

#define RD_TYPE_LINK_CONTROLLER (rd_link_controller_get_type ())
G_DECLARE_FINAL_TYPE (RdLinkController, rd_link_controller, RD, LINK_CONTROLLER, RdReportController)

RdReportController *rd_link_controller_new      (RdVendorClient   *client,
                                                 RdLinkView       *view,
                                                 const char       *user_name);
RdLinkView         *rd_link_controller_get_view (RdLinkController *self);

G_END_DECLS
