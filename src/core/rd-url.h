/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *rd_url_get_origin        (const char  *url,
                                    GError     **error);
gboolean  rd_url_has_origin        (const char  *url,
                                    const char  *origin);
char     *rd_url_add_query_param   (const char  *url,
                                    const char  *key,
                                    const char  *value);

G_END_DECLS
