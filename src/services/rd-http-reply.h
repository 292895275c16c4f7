/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

void rd_http_reply_json  (SoupServerMessage *msg,
                          guint              status,
                          JsonBuilder       *builder);
void rd_http_reply_error (SoupServerMessage *msg,
                          guint              status,
                          const char        *error);

G_END_DECLS
