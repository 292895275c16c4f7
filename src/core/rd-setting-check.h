/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rd-profile.h"

G_BEGIN_DECLS

gboolean            rd_setting_check        (const char       *key,
                                             const char       *value,
                                             GError          **error);
gboolean            rd_setting_is_secret_file (const char     *key);
gboolean            rd_setting_is_command   (const char       *key);
const char * const *rd_setting_keys_for     (const RdProfile  *profile);
const char * const *rd_setting_options_for  (const RdProfile  *profile);

G_END_DECLS
