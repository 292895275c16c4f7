/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-study.h"

G_BEGIN_DECLS

char *rd_viewer_url_expand     (const char         *url_template,
                                const RdStudy      *study,
                                const char         *default_site_id,
                                GError            **error);
char *rd_viewer_uri_expand     (const char         *uri_template,
                                const RdStudy      *study,
                                const char         *default_site_id,
                                GError            **error);
GStrv rd_viewer_command_expand (const char * const *argv_template,
                                const RdStudy      *study,
                                const char         *default_site_id,
                                GError            **error);

G_END_DECLS
