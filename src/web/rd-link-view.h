/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <webkit/webkit.h>

G_BEGIN_DECLS

/* The report pane for vendors that hand out a page per study (MD.ai,
 * Avara): that page, top level, and nothing else. */

#define RD_TYPE_LINK_VIEW (rd_link_view_get_type ())
G_DECLARE_FINAL_TYPE (RdLinkView, rd_link_view, RD, LINK_VIEW, WebKitWebView)

RdLinkView *rd_link_view_new            (WebKitNetworkSession *session);
gboolean    rd_link_view_load_link      (RdLinkView           *self,
                                         const char           *url);
void        rd_link_view_clear          (RdLinkView           *self);
const char *rd_link_view_get_origin     (RdLinkView           *self);

G_END_DECLS
