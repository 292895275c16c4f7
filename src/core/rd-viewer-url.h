/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-study.h"

G_BEGIN_DECLS

char *rd_viewer_url_expand (const char     *url_template,
                            const RdStudy  *study,
                            const char     *default_site_id,
                            GError        **error);

G_END_DECLS
