/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *rd_url_get_origin        (const char  *url,
                                    GError     **error);
gboolean  rd_url_has_origin        (const char  *url,
                                    const char  *origin);
/* https://, or http:// to this computer only (loopback): a setting that
 * carries a key, a token or patient data never goes over the network in
 * clear. setting names the setting in the error. */
gboolean  rd_url_check_secure      (const char  *setting,
                                    const char  *url,
                                    GError     **error);
/* url on page's origin, at page's path or below it (a single-page app's
 * router may move below its path and change the query). */
gboolean  rd_url_is_within_page    (const char  *url,
                                    const char  *page);
char     *rd_url_add_query_param   (const char  *url,
                                    const char  *key,
                                    const char  *value);

G_END_DECLS
