/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

int rd_loopback_listen (SoupServer  *server,
                        GError     **error);
/* For a server named by "localhost": the same port on 127.0.0.1 and [::1],
 * so that nobody else can answer for localhost:PORT. first_port: try this
 * one first (0: any). */
int rd_loopback_listen_both (SoupServer  *server,
                             guint        first_port,
                             GError     **error);

G_END_DECLS
