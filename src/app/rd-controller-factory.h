/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <webkit/webkit.h>

#include "rd-demo-service.h"
#include "rd-host-server.h"
#include "rd-profile.h"
#include "rd-viewer-profile.h"
#include "rd-report-controller.h"

G_BEGIN_DECLS

RdViewerProfile    *rd_controller_factory_load_viewer_profile (const char     *name,
                                                       GError         **error);
RdProfile          *rd_controller_factory_load_profile (const char            *name,
                                                        GError               **error);
gboolean            rd_controller_factory_check       (RdProfile             *profile,
                                                        GSettings             *settings,
                                                        GError               **error);
RdReportController *rd_controller_factory_build       (RdProfile             *profile,
                                                        GSettings             *settings,
                                                        RdDemoService         *demo,
                                                        WebKitNetworkSession  *report_session,
                                                        const char            *default_site,
                                                        RdHostServer         **host,
                                                        GError               **error);

G_END_DECLS
