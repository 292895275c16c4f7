/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <webkit/webkit.h>

G_BEGIN_DECLS

#define RD_TYPE_REPORT_VIEW (rd_report_view_get_type ())
G_DECLARE_FINAL_TYPE (RdReportView, rd_report_view, RD, REPORT_VIEW, WebKitWebView)

RdReportView *rd_report_view_new            (WebKitNetworkSession *session,
                                             const char           *host_page_url,
                                             const char           *vendor_origin,
                                             const char           *page_proof);
void          rd_report_view_load           (RdReportView         *self);
void          rd_report_view_post           (RdReportView         *self,
                                             const char           *message_json);
void          rd_report_view_focus_frame    (RdReportView         *self);
const char   *rd_report_view_get_vendor_origin (RdReportView      *self);
guint         rd_report_view_get_n_rejected (RdReportView         *self);
void          rd_report_view_set_fake_microphone (RdReportView    *self,
                                             gboolean              fake);

G_END_DECLS
