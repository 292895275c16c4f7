/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The demo's MD.ai and Avara: their REST calls (docs/protocol.md §2, §3) and
 * the report page they hand out, so that `--demo --profile mdai|avara`
 * shows each flow end to end. */

typedef struct _RdDemoLinkVendors RdDemoLinkVendors;

RdDemoLinkVendors *rd_demo_link_vendors_new     (const char        *api_key);
void               rd_demo_link_vendors_free    (RdDemoLinkVendors *self);
void               rd_demo_link_vendors_set_base_url (RdDemoLinkVendors *self,
                                                 const char        *base_url);
gboolean           rd_demo_link_vendors_handle  (RdDemoLinkVendors *self,
                                                 SoupServerMessage *msg,
                                                 const char        *path);
guint              rd_demo_link_vendors_get_n_links (RdDemoLinkVendors *self);
char              *rd_demo_random_hex           (guint              n_bytes);

G_END_DECLS
