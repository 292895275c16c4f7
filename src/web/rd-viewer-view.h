/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <webkit/webkit.h>

G_BEGIN_DECLS

#define RD_TYPE_VIEWER_VIEW (rd_viewer_view_get_type ())
G_DECLARE_FINAL_TYPE (RdViewerView, rd_viewer_view, RD, VIEWER_VIEW, WebKitWebView)

RdViewerView *rd_viewer_view_new (WebKitNetworkSession *session);

G_END_DECLS
