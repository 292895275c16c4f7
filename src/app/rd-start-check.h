/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void  rd_start_check_key_async  (const char           *profile_override,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data);
char *rd_start_check_key_finish (GAsyncResult         *result);

G_END_DECLS
