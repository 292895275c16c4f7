/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

int rd_loopback_listen (SoupServer  *server,
                        GError     **error);

G_END_DECLS
