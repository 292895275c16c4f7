/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  rd_activation_token_is_valid      (const char *token);
GVariant *rd_activation_platform_data       (const char *cwd,
                                             const char *activation_token,
                                             const char *startup_id);
GVariant *rd_activation_platform_data_clean (GVariant   *untrusted);

G_END_DECLS
